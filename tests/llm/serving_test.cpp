// The serving model's mechanics, checked by hand with its constants set to round values on a
// made-up device (100 TFLOPS bf16, 1,000 GB/s, 500 W TDP, 50 W idle, 80 GB).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "infergy/error.hpp"
#include "infergy/llm.hpp"

namespace infergy::llm {
namespace {

const PresetCatalogue& presets() {
  static const PresetCatalogue c = PresetCatalogue::builtin(INFERGY_DATA_DIR);
  return c;
}

hw::HardwareSpec device() {
  hw::HardwareSpec h;
  h.id = "test-gpu";
  h.name = "Test GPU";
  h.tdp_w = 500;
  h.idle_w = 50;
  h.memory_gb = 80;
  h.memory_bw_gbs = 1000;
  h.interconnect = "test link";
  h.interconnect_gbs = 900;
  h.set_peak(Precision::bf16, hw::ComputeUnit::matrix, 100);
  return h;
}

// Every efficiency 1, no collective latency, power = idle + (TDP − idle) × bandwidth use.
ServingConstants unit_constants() {
  ServingConstants k = default_serving_constants();
  k.eta_memory = k.eta_compute = k.eta_attention = 1;
  k.collective_latency_s = 0;
  k.power_busy = 0;
  k.power_memory = 1;
  k.power_compute = 0;
  k.time_ratio = k.energy_ratio = {1, 1, 1};
  return k;
}

Deployment one_token(double batch = 1) {
  Deployment d;
  d.batch = batch;
  d.prompt = 0;
  d.output = 1;
  return d;
}

TEST(LlmServing, OneDecodeStepOfLlama8bByHand) {
  const auto m = resolve_model("meta-llama/Llama-3.1-8B", presets());
  const auto e = estimate_serving(m, device(), one_token(), unit_constants());
  // Weights read: all 16,060,522,496 bytes but the embedding table, of which one row is
  // gathered: 16,060,522,496 − 1,050,673,152 + 8,192 = 15,009,857,536 bytes at 1e12 B/s. The
  // projections' 2 × 7.5e9 FLOPs take 0.15 ms at 1e14 FLOP/s, inside that.
  EXPECT_DOUBLE_EQ(e.step.weights_s, 15009857536.0 / 1e12);
  // One key of 131,072 bytes (32 layers × 2 × 8 × 128 × 2) at 1e12 B/s.
  EXPECT_DOUBLE_EQ(e.step.attention_s, 131072.0 / 1e12);
  EXPECT_EQ(e.step.collectives_s, 0);
  const double step = (15009857536.0 + 131072.0) / 1e12;
  EXPECT_DOUBLE_EQ(e.step_seconds.typical, step);
  // Memory-bound throughout: bandwidth use 1, so the device draws its TDP.
  EXPECT_NEAR(e.memory_utilization, 1.0, 1e-12);
  EXPECT_NEAR(e.power_w.typical, 500, 1e-9);
  EXPECT_NEAR(e.joules_per_token.typical, 500 * step, 1e-12);
  EXPECT_NEAR(e.joules_per_request.typical, 500 * step, 1e-12);
  // The study's estimator: FLOPs per token / (100 TFLOPS / 500 W = 200 GFLOPS/W).
  EXPECT_DOUBLE_EQ(e.study_joules_per_token, e.flops_per_output_token / 200e9);
  EXPECT_TRUE(e.assumptions.empty());
}

TEST(LlmServing, TensorParallelHalvesWeightsAndAddsAllReduces) {
  const auto m = resolve_model("meta-llama/Llama-3.1-8B", presets());
  ServingConstants k = unit_constants();
  k.collective_latency_s = 10e-6;
  Deployment d = one_token();
  d.devices = 2;
  const auto e = estimate_serving(m, device(), d, k);
  EXPECT_EQ(e.deployment.tensor_parallel, 2);
  EXPECT_DOUBLE_EQ(e.step.weights_s, 15009857536.0 / 2 / 1e12);
  // KV heads split 4 per device: half the cache read.
  EXPECT_DOUBLE_EQ(e.step.attention_s, 131072.0 / 2 / 1e12);
  // 32 layers × 2 all-reduces of one token's 4096 bf16 activations: 10 µs + 2 × (1/2) × 8,192
  // bytes at 450 GB/s (one direction of 900).
  EXPECT_NEAR(e.step.collectives_s, 64 * (10e-6 + 8192.0 / 450e9), 1e-15);
  EXPECT_DOUBLE_EQ(e.memory.weights_bytes, 16060522496.0 / 2);
  EXPECT_NEAR(e.power_w.typical, 2 * (50 + 450 * e.memory_utilization), 1e-9);
}

TEST(LlmServing, MoeReadsTheExpertsABatchTouches) {
  const auto m = resolve_model("mistralai/Mixtral-8x7B-v0.1", presets());
  // One token picks 2 of 8 experts in each of the 32 layers; 64 tokens nearly all 8.
  EXPECT_DOUBLE_EQ(estimate_serving(m, device(), one_token(1), unit_constants()).experts_touched,
                   2);
  const double many =
      estimate_serving(m, device(), one_token(64), unit_constants()).experts_touched;
  EXPECT_NEAR(many, 8 * (1 - std::pow(0.75, 64)), 1e-9);
}

TEST(LlmServing, PromptsAreFoldedIntoTheSteps) {
  // B sequences of O output tokens finish B/O times per step; each replacement brings P prompt
  // tokens: 64 × 512 / 256 = 128 prompt tokens per step, at the average decode context
  // P + (O + 1)/2.
  const auto m = resolve_model("meta-llama/Llama-3.1-8B", presets());
  Deployment d;
  d.batch = 64;
  d.prompt = 512;
  d.output = 256;
  const auto e = estimate_serving(m, device(), d, unit_constants());
  EXPECT_DOUBLE_EQ(e.prefill_tokens_per_step, 128);
  EXPECT_DOUBLE_EQ(e.mean_context, 512 + 257.0 / 2);
  EXPECT_GT(e.ttft_seconds.typical, e.prefill_seconds.typical);
  EXPECT_NEAR(e.tokens_per_second.typical, 64 / e.step_seconds.typical, 1e-9);
}

TEST(LlmServing, ConfigurationsThatDoNotFitAreAClearError) {
  const auto m = resolve_model("meta-llama/Llama-3.1-405B", presets());
  const auto e = estimate_serving(m, device(), one_token(), unit_constants());
  EXPECT_FALSE(e.memory.fits);
  try {
    require_fit(e);
    FAIL();
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), ErrorKind::input);
    EXPECT_EQ(std::string(err.what())
                  .rfind("meta-llama/Llama-3.1-405B does not fit on 1× test-gpu: needs 811.", 0),
              0u)
        << err.what();
  }
  // On 16 devices (50.7 GB each) it fits.
  Deployment d = one_token();
  d.devices = 16;
  EXPECT_TRUE(estimate_serving(m, device(), d, unit_constants()).memory.fits);
}

TEST(LlmServing, MissingCatalogueFiguresAreStatedAssumptions) {
  auto h = device();
  h.idle_w.reset();
  h.interconnect_gbs.reset();
  Deployment d = one_token();
  d.devices = 2;
  const auto e = estimate_serving(resolve_model("Qwen/Qwen3-8B", presets()), h, d);
  ASSERT_EQ(e.assumptions.size(), 2u);
  EXPECT_EQ(e.assumptions[0],
            "test-gpu has no idle power in the catalogue: 50 W assumed (10% of TDP)");
  EXPECT_NE(e.assumptions[1].find("no interconnect bandwidth in the catalogue: 64 GB/s"),
            std::string::npos);
  EXPECT_EQ(e.idle_w, 50);
}

TEST(LlmServing, BadDeploymentsAreUsageErrors) {
  const auto m = resolve_model("Qwen/Qwen3-8B", presets());
  const auto code = [&](Deployment d) {
    try {
      estimate_serving(m, device(), d);
    } catch (const Error& e) {
      return e.kind();
    }
    return ErrorKind::internal;
  };
  Deployment d = one_token();
  d.devices = 4;
  d.tensor_parallel = 3;
  EXPECT_EQ(code(d), ErrorKind::usage);
  d = one_token();
  d.batch = 0;
  EXPECT_EQ(code(d), ErrorKind::usage);
  d = one_token();
  d.output = std::nan("");
  EXPECT_EQ(code(d), ErrorKind::usage);
  d = one_token();
  d.prompt = 40000;  // past Qwen3-8B's 40,960 positions with the output
  d.output = 2000;
  EXPECT_EQ(code(d), ErrorKind::input);
}

TEST(LlmServing, TableRowsReadAsVllmRanThem) {
  // ML.ENERGY lists tp 1, ep 8 on 8 GPUs for runs with --tensor-parallel-size 8
  // --enable-expert-parallel: attention over 8 ranks.
  TableRow row;
  row.model_id = "Qwen/Qwen3-235B-A22B-Instruct-2507-FP8";
  row.num_gpus = 8;
  row.tensor_parallel = 1;
  row.expert_parallel = 8;
  row.weight_precision = "fp8";
  row.avg_batch_size = 32;
  row.avg_output_len = 800;
  const auto m = resolve_model(row.model_id, presets());
  const Deployment d = deployment_for(row, m, kChatPromptTokens);
  EXPECT_EQ(d.tensor_parallel, 8);
  EXPECT_EQ(d.expert_parallel, 8);
  EXPECT_EQ(d.prompt, kChatPromptTokens);
  EXPECT_FALSE(d.weights);  // the checkpoint's own fp8 scheme
  // A bf16 checkpoint listed at fp8 is quantized online.
  row.model_id = "Qwen/Qwen3-8B";
  row.num_gpus = 1;
  row.expert_parallel = 1;
  const auto q = deployment_for(row, resolve_model(row.model_id, presets()), 300);
  ASSERT_TRUE(q.weights);
  EXPECT_EQ(q.weights->of(TensorGroup::mlp, 0), NumberFormat::fp8);
  EXPECT_EQ(q.weights->of(TensorGroup::embedding, -1), NumberFormat::bf16);
}

TEST(LlmServing, ConstantsOverrides) {
  const auto k = with_overrides(default_serving_constants(), "eta_memory=0.5, time_ratio=0.5/1/2");
  EXPECT_EQ(k.eta_memory, 0.5);
  EXPECT_EQ(k.time_ratio.high, 2);
  EXPECT_THROW(with_overrides(default_serving_constants(), "eta=1"), Error);
  EXPECT_THROW(with_overrides(default_serving_constants(), "eta_memory=-1"), Error);
}

}  // namespace
}  // namespace infergy::llm
