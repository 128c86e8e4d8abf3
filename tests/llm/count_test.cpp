// Counting checked against published parameter counts and hand derivations of the KV cache per
// attention type (each derivation in the test's comment).
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

Architecture preset(const std::string& id) {
  return resolve_model(id, presets()).arch;
}

// A one-layer Llama-style decoder small enough to count by hand: hidden 8, 2 query heads and 1
// KV head of 4, SwiGLU width 16, vocabulary 10, untied.
constexpr const char* kTiny = R"({
  "model_type": "llama", "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1,
  "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4, "vocab_size": 10,
  "torch_dtype": "bfloat16"
})";

TEST(LlmParams, Llama31_8bMatchesThePublishedCount) {
  // 8,030,261,248: embeddings 2 × 128256 × 4096 = 1,050,673,152; per layer q 4096², k and v
  // 2 × 4096 × 1024, o 4096², SwiGLU 3 × 4096 × 14336, two norms 8192: 218,112,000 × 32; final
  // norm 4096.
  EXPECT_EQ(count_params(preset("meta-llama/Llama-3.1-8B")).total, 8030261248);
  EXPECT_EQ(count_params(preset("meta-llama/Llama-3.1-8B")).active, 8030261248);
}

TEST(LlmParams, Llama2_7bIsTheKnown6_738_415_616) {
  // MHA: per layer 4 × 4096² + 3 × 4096 × 11008 + 2 × 4096 = 202,383,360; × 32, + 2 × 32000 ×
  // 4096 embeddings, + 4096 final norm.
  EXPECT_EQ(count_params(preset("meta-llama/Llama-2-7b-hf")).total, 6738415616);
}

TEST(LlmParams, DeepSeekV3TotalAndActive) {
  // Published: 671B total, 37B activated (technical report). MLA per layer: q_a 7168 × 1536,
  // q_b 1536 × 128 × 192, kv_a 7168 × 576, kv_b 512 × 128 × 256, o 128 × 128 × 7168, norms
  // 1536 + 512: 187,107,328; 3 dense layers of 3 × 7168 × 18432; 58 MoE layers of 256 + 1
  // experts of 3 × 7168 × 2048 and a 7168 × 256 router with its 256 biases. Total
  // 671,026,419,200; active (8 routed + 1 shared) 37,552,297,472: the published 37B, within the
  // report's rounding and its unitemized 36.7B of README_WEIGHTS.
  const auto c = count_params(preset("deepseek-ai/DeepSeek-V3"));
  EXPECT_EQ(c.total, 671026419200);
  EXPECT_EQ(c.active, 37552297472);
  EXPECT_NEAR(static_cast<double>(c.total), 671e9, 0.5e9);
  EXPECT_NEAR(static_cast<double>(c.active), 37e9, 0.6e9);
}

TEST(LlmParams, PresetsAgreeWithTheirPublishedCounts) {
  // Each published figure is rounded to the digits it is given with; a count within 3% of it
  // (Mixtral's "13B active" is 12.9B; vision encoders are outside the count, so multimodal
  // totals are checked against the language model alone below) is consistent.
  for (const auto& p : presets().all()) {
    if (p.published.total <= 0) continue;
    const auto c = count_params(p.architecture);
    const bool multimodal =
        !p.architecture.notes.empty() &&
        p.architecture.notes.front().find("vision encoder") != std::string::npos;
    if (multimodal) continue;
    EXPECT_NEAR(static_cast<double>(c.total) / p.published.total, 1.0, 0.04) << p.id;
    if (p.published.active > 0) {
      const double embedding =
          p.published.active_without_embedding
              ? static_cast<double>(p.architecture.vocab * p.architecture.hidden)
              : 0.0;
      EXPECT_NEAR((static_cast<double>(c.active) - embedding) / p.published.active, 1.0, 0.04)
          << p.id;
    }
  }
}

TEST(LlmParams, Llama4ScoutLanguageModelAndExperts) {
  // Meta's 109B includes the vision encoder; the language model alone: embeddings and head 2 ×
  // 202048 × 5120; 48 layers of attention 2 × 5120² + 2 × 5120 × 1024 = 62,914,560, 16 routed
  // experts and one shared of 3 × 5120 × 8192, router 5120 × 16, two norms of 5120 (the q/k
  // L2 norms have no weights); final norm 5120: 107,769,861,120. Active: one routed expert and
  // the shared one, 17,172,894,720 (Meta: 17B).
  const auto c = count_params(preset("meta-llama/Llama-4-Scout-17B-16E-Instruct"));
  const std::int64_t layer = 62914560 + 17 * 3 * 5120 * 8192LL + 5120 * 16 + 2 * 5120;
  EXPECT_EQ(c.total, 2 * 202048LL * 5120 + 48 * layer + 5120);
  EXPECT_EQ(c.total, 107769861120);
  EXPECT_EQ(c.active, 17172894720);
}

TEST(LlmParams, GptOss120bMatchesTheReadme) {
  // 117B total with 5.1B active (openai/gpt-oss README). Per layer: attention 2880 × 4096 × 2
  // + 2880 × 512 × 2 with 8,000 biases and 64 sinks = 26,550,144; router 2880 × 128 + 128; 128
  // experts of 3 × 2880² + 2 × 2880 + 2880 biases = 24,891,840 each; norms 5,760. × 36, plus
  // embeddings and head 2 × 201088 × 2880 and the final norm: 116,829,156,672. Active: 4 experts
  // per layer, 5,711,982,912, of which OpenAI leaves out the 579,133,440 embedding rows.
  const auto c = count_params(preset("openai/gpt-oss-120b"));
  EXPECT_EQ(c.total, 116829156672);
  EXPECT_EQ(c.active, 5711982912);
  EXPECT_NEAR(static_cast<double>(c.active - 201088LL * 2880), 5.13e9, 0.01e9);
}

TEST(LlmKv, BytesPerTokenByAttentionType) {
  // MHA, Llama 2 7B: 32 layers × 2 (K, V) × 32 heads × 128 × 2 bytes = 524,288.
  EXPECT_EQ(kv_bytes_per_token(preset("meta-llama/Llama-2-7b-hf"), NumberFormat::bf16), 524288);
  // GQA, Llama 3.1 8B: 32 × 2 × 8 × 128 × 2 = 131,072; fp8 halves it.
  EXPECT_EQ(kv_bytes_per_token(preset("meta-llama/Llama-3.1-8B"), NumberFormat::bf16), 131072);
  EXPECT_EQ(kv_bytes_per_token(preset("meta-llama/Llama-3.1-8B"), NumberFormat::fp8), 65536);
  // MQA: one KV head of 4 in the tiny decoder: 1 layer × 2 × 1 × 4 × 2 = 16.
  EXPECT_EQ(kv_bytes_per_token(parse_config(kTiny, "tiny"), NumberFormat::bf16), 16);
  // MLA, DeepSeek-V3: 61 layers × (512 latent + 64 rotary key) × 2 = 70,272.
  EXPECT_EQ(kv_bytes_per_token(preset("deepseek-ai/DeepSeek-V3"), NumberFormat::bf16), 70272);
}

TEST(LlmKv, SlidingChunkedAndMambaCaches) {
  // Mistral 7B v0.1 slides every layer over 4096 tokens: at 8192 tokens the cache holds 4096 ×
  // 131,072 bytes.
  EXPECT_EQ(cache_bytes(preset("mistralai/Mistral-7B-v0.1"), 8192, NumberFormat::bf16),
            4096.0 * 131072);
  // Gemma 3 27B: layers 5, 11, ..., 59 global (10), 52 sliding over 1024; 16 KV heads × 128 ×
  // 2 × 2 = 8,192 bytes per layer and token. At 32,768 tokens: 10 × 32768 × 8192 + 52 × 1024 ×
  // 8192.
  EXPECT_EQ(cache_bytes(preset("google/gemma-3-27b-it"), 32768, NumberFormat::bf16),
            10.0 * 32768 * 8192 + 52.0 * 1024 * 8192);
  // gpt-oss-120b: 18 sliding (128) and 18 full layers of 8 × 64 × 2 × 2 = 2,048 bytes.
  EXPECT_EQ(cache_bytes(preset("openai/gpt-oss-120b"), 1000, NumberFormat::bf16),
            18.0 * 128 * 2048 + 18.0 * 1000 * 2048);
  // Llama 4 Scout: 12 global NoPE layers, 36 chunked over 8192 tokens; 8 × 128 × 2 × 2 = 4,096.
  EXPECT_EQ(cache_bytes(preset("meta-llama/Llama-4-Scout-17B-16E"), 20000, NumberFormat::bf16),
            12.0 * 20000 * 4096 + 36.0 * 8192 * 4096);
  // Nemotron Nano 9B v2: 27 Mamba-2 layers, each a conv state of (10240 + 2 × 8 × 128) × 3 =
  // 36,864 and an SSM state of 128 heads × 80 × 128 = 1,310,720 elements; at 2 bytes 2,695,168
  // per layer, with the SSM state at fp32 (the default) 36,864 × 2 + 1,310,720 × 4 = 5,316,608;
  // plus 4 attention layers of 8 × 128 × 2 × 2 = 4,096 bytes per token.
  const auto nemo = preset("nvidia/NVIDIA-Nemotron-Nano-9B-v2");
  EXPECT_EQ(state_bytes(nemo, NumberFormat::bf16, NumberFormat::bf16), 27.0 * 2695168);
  EXPECT_EQ(state_bytes(nemo, NumberFormat::bf16), 27.0 * 5316608);
  EXPECT_EQ(kv_bytes_per_token(nemo, NumberFormat::bf16), 4.0 * 4096);
  EXPECT_EQ(cache_bytes(nemo, 100, NumberFormat::bf16, NumberFormat::bf16),
            27.0 * 2695168 + 100.0 * 4 * 4096);
}

TEST(LlmForward, TinyDecoderByHand) {
  const Architecture a = parse_config(kTiny, "tiny");
  // Decode at 3 past tokens (4 keys). MACs: q 8 × 8, k and v 8 × 4 each, o 8 × 8 = 192; scores
  // and values 2 heads × 4 keys × (4 + 4) = 64; SwiGLU 3 × 8 × 16 = 384; logits 8 × 10 = 80.
  const ForwardCount d = count_forward(a, 1, 3);
  EXPECT_EQ(d.macs, 720);
  EXPECT_EQ(d.attention_macs, 64);
  // Elementwise: two RMS norms 2 × (4 × 8 + 3) = 70; rotary 3 × (2 + 1) heads × 4 = 36; 8 scores
  // × (scale 1 + softmax 5) = 48; residuals 16; SiLU and gate 16 × 6 = 96; final norm 35.
  EXPECT_EQ(d.elementwise_flops, 301);
  EXPECT_EQ(d.flops, 2 * 720 + 301);
  // Prefill of 4 tokens: causal keys 1 + 2 + 3 + 4 = 10 per head, the graph's 4 × 4 = 16 plus a
  // mask add per score.
  const ForwardCount causal = count_forward(a, 4, 0, AttentionConvention::causal);
  const ForwardCount graph = count_forward(a, 4, 0, AttentionConvention::graph);
  EXPECT_EQ(causal.attention_macs, 2 * 10 * 8);
  EXPECT_EQ(graph.attention_macs, 2 * 16 * 8);
  EXPECT_EQ(graph.elementwise_flops - causal.elementwise_flops, 2 * (16 - 10) * 6 + 2 * 16);
}

TEST(LlmForward, BytesOfAForwardPass) {
  const Architecture a = parse_config(kTiny, "tiny");
  // Weights at 2 bytes: q 64 + k, v 32 each + o 64 + SwiGLU 384 + lm_head 80 matrix elements,
  // norms 8 + 8 + 8 vectors = 680 elements; the embedding table's one gathered row of 8. KV per
  // token 16 bytes: a decode step at 3 past tokens reads 3 and writes 1.
  EXPECT_EQ(forward_bytes(a, uniform_weights(NumberFormat::bf16), NumberFormat::bf16, 1, 3),
            (680 + 8) * 2.0 + 16 * 4);
  // Mixtral's experts: one token touches 2 of 8 per layer.
  const auto mix = preset("mistralai/Mixtral-8x7B-v0.1");
  const auto w = uniform_weights(NumberFormat::bf16);
  const double one = forward_bytes(mix, w, NumberFormat::bf16, 1, 0);
  const double expert = 3.0 * 4096 * 14336 * 2;  // bytes of one expert
  EXPECT_NEAR(weight_bytes(mix, w) - one, 32 * 6 * expert + (32000 - 1) * 4096 * 2.0 - 131072,
              1e-3);
}

TEST(LlmForward, WindowsBoundTheKeys) {
  // Sliding window 4: queries at positions 0..9 see 1, 2, 3, 4, 4, 4, 4, 4, 4, 4 keys.
  EXPECT_EQ(count_forward(preset("mistralai/Mistral-7B-v0.1"), 1, 0).attention_macs,
            32.0 * 32 * 1 * 256);
  // Chunked by 8192: the query at position 8192 starts a new chunk and sees 1 key.
  const auto scout = preset("meta-llama/Llama-4-Scout-17B-16E");
  const double global = count_forward(scout, 1, 8192).attention_macs;
  // 12 NoPE layers see 8193 keys, 36 chunked layers 1 key; 40 heads × (128 + 128) per key.
  EXPECT_EQ(global, 40.0 * 256 * (12 * 8193 + 36 * 1));
}

TEST(LlmMoe, ExpectedExpertsTouched) {
  // E = 8, k = 2: one token touches 2; two tokens 8 × (1 − (6/8)²) = 3.5; many all 8.
  EXPECT_DOUBLE_EQ(expected_experts_touched(8, 2, 1), 2);
  EXPECT_DOUBLE_EQ(expected_experts_touched(8, 2, 2), 3.5);
  EXPECT_NEAR(expected_experts_touched(8, 2, 1000), 8, 1e-9);
  EXPECT_EQ(expected_experts_touched(0, 2, 10), 0);
}

TEST(LlmFormats, StorageAndSchemes) {
  EXPECT_EQ(storage_bytes(NumberFormat::bf16), 2);
  EXPECT_EQ(storage_bytes(NumberFormat::fp8), 1);
  EXPECT_EQ(storage_bytes(NumberFormat::mxfp4), 0.53125);  // 4 bits + 8-bit scale per 32
  EXPECT_EQ(storage_bytes(NumberFormat::int4), 0.515625);  // 4 bits + fp16 scale per 128
  EXPECT_EQ(parse_number_format("bfloat16"), NumberFormat::bf16);
  EXPECT_EQ(parse_number_format("E4M3"), NumberFormat::fp8);
  EXPECT_FALSE(parse_number_format("fp7"));
  // Llama 3.1 405B FP8: feed-forward matrices at 1 byte except layers 0 and 125.
  const auto m = resolve_model("meta-llama/Llama-3.1-405B-Instruct-FP8", presets());
  EXPECT_EQ(m.weights.of(TensorGroup::mlp, 1), NumberFormat::fp8);
  EXPECT_EQ(m.weights.of(TensorGroup::mlp, 0), NumberFormat::bf16);
  EXPECT_EQ(m.weights.of(TensorGroup::mlp, 125), NumberFormat::bf16);
  EXPECT_EQ(m.weights.of(TensorGroup::attention, 1), NumberFormat::bf16);
  const auto c = count_params(m.arch);
  const double mlp_layer = 3.0 * 16384 * 53248;
  const double expected = 2.0 * static_cast<double>(c.total) - 124 * mlp_layer;
  EXPECT_DOUBLE_EQ(weight_bytes(m.arch, m.weights), expected);
}

TEST(LlmFormats, CheckpointQuantizationFromTheConfig) {
  // gpt-oss: MXFP4 experts, everything else bf16.
  const auto oss = resolve_model("openai/gpt-oss-20b", presets());
  EXPECT_EQ(oss.weights.of(TensorGroup::experts, 3), NumberFormat::mxfp4);
  EXPECT_EQ(oss.weights.of(TensorGroup::attention, 3), NumberFormat::bf16);
  EXPECT_EQ(oss.weights.of(TensorGroup::router, 3), NumberFormat::bf16);
  // DeepSeek-V3 ships fp8 block matrices; its embeddings and head stay bf16.
  const auto ds = resolve_model("deepseek-ai/DeepSeek-V3", presets());
  EXPECT_EQ(ds.weights.of(TensorGroup::experts, 10), NumberFormat::fp8);
  EXPECT_EQ(ds.weights.of(TensorGroup::attention, 10), NumberFormat::fp8);
  EXPECT_EQ(ds.weights.of(TensorGroup::embedding, -1), NumberFormat::bf16);
}

TEST(LlmConfig, ClearErrorsNameTheFieldAndFile) {
  const auto message = [](const std::string& json) {
    try {
      parse_config(json, "my/config.json");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::input);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("{"), "my/config.json: not valid JSON (byte 2)");
  EXPECT_EQ(message(R"({"hidden_size": 8})"),
            "my/config.json: field 'model_type': is required (it names the architecture family)");
  EXPECT_NE(message(R"({"model_type": "bert"})").find("'bert' has no reader; known: llama"),
            std::string::npos);
  EXPECT_EQ(
      message(R"({"model_type": "llama", "hidden_size": "big"})"),
      "my/config.json: field 'hidden_size': expected a whole number from 0 to 2^40, got \"big\"");
  EXPECT_EQ(message(R"({"model_type": "llama", "hidden_size": 8, "vocab_size": 10})"),
            "my/config.json: field 'num_hidden_layers': is required");
  EXPECT_EQ(message(R"({"model_type": "llama", "hidden_size": 8, "vocab_size": 10,
                        "num_hidden_layers": 1, "num_attention_heads": 3, "num_key_value_heads": 2})"),
            "my/config.json: field 'num_key_value_heads': 3 query heads are not a multiple of 2 KV "
            "heads");
}

TEST(LlmConfig, AliasesAndDefaultsOfTheFamilies) {
  // GPT-2 spells hidden_size n_embd and defaults n_inner to 4 × n_embd; LayerNorm has a bias.
  const auto gpt2 = preset("gpt2");
  ASSERT_EQ(gpt2.layers.size(), 12u);
  EXPECT_EQ(gpt2.layers[0].ffn.intermediate, 3072);
  // 124,439,808: the parameters of GPT-2 small (tied head, learned positions).
  EXPECT_EQ(count_params(gpt2).total, 124439808);
  // Qwen2 puts biases on q, k, v only.
  EXPECT_TRUE(preset("Qwen/Qwen2.5-7B").layers[0].attention.qkv_bias);
  EXPECT_FALSE(preset("Qwen/Qwen2.5-7B").layers[0].attention.out_bias);
}

TEST(LlmPresets, LookupByAliasVariantAndPath) {
  EXPECT_EQ(resolve_model("meta-llama/Llama-3.1-8B-Instruct", presets()).name,
            "meta-llama/Llama-3.1-8B");
  EXPECT_EQ(resolve_model("LLAMA-3.1-8B", presets()).name, "meta-llama/Llama-3.1-8B");
  EXPECT_EQ(resolve_model("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8", presets()).name,
            "Qwen/Qwen3-235B-A22B-Instruct-2507-FP8");
  try {
    resolve_model("lama-3.1-8b-instruc", presets());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("closest presets: meta-llama/Llama-3.1-8B"),
              std::string::npos)
        << e.what();
  }
}

TEST(LlmPresets, EveryPresetHasSourcesAndCounts) {
  ASSERT_GE(presets().all().size(), 40u);
  for (const auto& p : presets().all()) {
    EXPECT_FALSE(p.config_source.empty()) << p.id;
    EXPECT_FALSE(p.family.empty()) << p.id;
    const auto c = count_params(p.architecture);
    EXPECT_GT(c.total, 0) << p.id;
    EXPECT_LE(c.active, c.total) << p.id;
  }
}

}  // namespace
}  // namespace infergy::llm
