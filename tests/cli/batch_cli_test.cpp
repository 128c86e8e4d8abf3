// The batch end to end: a model whose batch the file fixes at 1 (torch.onnx.export without
// dynamic_axes, resnet18_fixed_batch.onnx) run at --batch 64 or --input, against the same
// architecture exported with a dynamic batch (resnet18.onnx, the same weights) and against the
// MACs PyTorch's forward hooks count (references.json); and the shape options' usage errors,
// alike in every subcommand that takes them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run.hpp"

namespace infergy {
namespace {

using testing::run_cli;

const std::string kModels = std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models/";
const std::string kFixed = kModels + "resnet18_fixed_batch.onnx";
const std::string kDynamic = kModels + "resnet18.onnx";
const std::string kEncoder = kModels + "transformer_encoder.onnx";

nlohmann::json run_json(const std::string& args) {
  const auto r = run_cli(args + " --format json");
  EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
  return r.code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

const nlohmann::json& references() {
  static const nlohmann::json j = [] {
    std::ifstream in(kModels + "references.json");
    return nlohmann::json::parse(in);
  }();
  return j;
}

// ResNet-18's convolutions and classifier at one image, from forward hooks on the torch model.
std::int64_t hook_macs_one_image() {
  return references()["models"]["resnet18"]["conv_linear_macs"]["total"].get<std::int64_t>();
}

TEST(FixedBatch, TheFileFixesTheInputAtOne) {
  const auto j = run_json("analyze " + kFixed);
  EXPECT_EQ(j["inputs"][0]["declared"], "1x3x224x224");
  EXPECT_EQ(j["batch"], 1);
  EXPECT_EQ(j["totals"]["macs"].get<std::int64_t>(), hook_macs_one_image());
}

// --batch 64 re-shapes the fixed leading dim and re-infers: 64 × one image's MACs and FLOPs, the
// same per-inference FLOPs as batch 1, and every count equal to the dynamic export's at 64.
TEST(FixedBatch, AnalyzeAtBatch64IsSixtyFourImages) {
  const auto one = run_json("analyze " + kFixed);
  const auto fixed = run_json("analyze " + kFixed + " --batch 64");
  const auto dynamic = run_json("analyze " + kDynamic + " --batch 64");
  EXPECT_EQ(fixed["batch"], 64);
  EXPECT_EQ(fixed["batch_from"], "--batch");
  EXPECT_EQ(fixed["inputs"][0]["shape"], "64x3x224x224");
  EXPECT_EQ(fixed["inputs"][0]["dim_sources"][0], "batch");
  EXPECT_EQ(fixed["totals"]["macs"].get<std::int64_t>(), 64 * hook_macs_one_image());
  EXPECT_EQ(fixed["totals"]["flops"].get<std::int64_t>(),
            64 * one["totals"]["flops"].get<std::int64_t>());
  EXPECT_DOUBLE_EQ(fixed["per_inference"]["flops"].get<double>(),
                   one["totals"]["flops"].get<double>());
  EXPECT_EQ(fixed["totals"], dynamic["totals"]);
  EXPECT_TRUE(fixed["uncounted"].empty());
}

TEST(FixedBatch, EstimateAtBatch64KeepsThePerInferenceFlops) {
  const std::string common = " --hw rtx-4090 --precision fp16";
  const auto one = run_json("estimate " + kFixed + common);
  const auto fixed = run_json("estimate " + kFixed + common + " --batch 64");
  const auto dynamic = run_json("estimate " + kDynamic + common + " --batch 64");
  EXPECT_EQ(fixed["batch"], 64);
  EXPECT_DOUBLE_EQ(fixed["flops_per_inference"].get<double>(),
                   one["flops_per_inference"].get<double>());
  EXPECT_DOUBLE_EQ(fixed["flops_per_inference"].get<double>(),
                   dynamic["flops_per_inference"].get<double>());
  EXPECT_DOUBLE_EQ(fixed["bytes_per_batch"].get<double>(),
                   dynamic["bytes_per_batch"].get<double>());
  // Weights are read once per batch: a batch of 64 costs less per image than 64 batches of 1.
  EXPECT_LT(fixed["roofline"]["joules_per_inference"]["typical"].get<double>(),
            one["roofline"]["joules_per_inference"]["typical"].get<double>());
}

// --input sets a shape outright; on a batch dim it sets the batch as well.
TEST(InputShape, SetsTheShapeAndTheBatch) {
  const auto by_input = run_json("analyze " + kFixed + " --input images=64x3x224x224");
  const auto by_batch = run_json("analyze " + kFixed + " --batch 64");
  EXPECT_EQ(by_input["batch"], 64);
  EXPECT_EQ(by_input["batch_from"], "--input images");
  EXPECT_EQ(by_input["inputs"][0]["dim_sources"][1], "--input");
  EXPECT_EQ(by_input["totals"], by_batch["totals"]);
  // Agreeing with --batch is fine.
  EXPECT_EQ(run_json("analyze " + kFixed + " --input images=64x3x224x224 --batch 64")["totals"],
            by_batch["totals"]);

  // The encoder at batch 2, sequence 64 by its shape: 11,022,630,912 MACs by the hand formula
  // 12 × (4·S·d² + 2·S²·d + 2·S·d·d_ff) × batch (references.json, which checks it on hooks).
  const auto encoder = run_json("analyze " + kEncoder + " --input embeddings=2x64x768");
  EXPECT_EQ(encoder["batch"], 2);
  EXPECT_EQ(
      encoder["totals"]["macs"].get<std::int64_t>(),
      references()["models"]["transformer_encoder"]["formula"]["at_batch_2_sequence_64"]["macs"]
          .get<std::int64_t>());
}

// A graph that fixes the batch inside (a Reshape to the constant [1, 32]) cannot run at batch 8:
// the error names the node and what was re-shaped.
TEST(FixedBatch, AGraphThatFixesTheBatchInsideIsRefusedNamingTheNode) {
  const auto r = run_cli("analyze " + kModels + "fixed_reshape.onnx --batch 8");
  EXPECT_EQ(r.code, 64) << r.err;
  EXPECT_NE(r.err.find("(Reshape)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("input 'x' 1x4x8 -> 8x4x8 (--batch)"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  const auto e = run_cli("estimate " + kModels + "fixed_reshape.onnx --batch 8 --hw rtx-4090");
  EXPECT_EQ(e.code, 64);
  EXPECT_EQ(run_cli("analyze " + kModels + "fixed_reshape.onnx").code, 0);
}

// The same bad shape options, the same usage error (64) in analyze, estimate and measure
// --compare. measure would run `true` only after its estimate, which fails first.
TEST(ShapeOptions, EverySubcommandRefusesTheSameMistakes) {
  const std::vector<std::string> prefixes = {
      "analyze " + kEncoder,
      "estimate " + kEncoder + " --hw rtx-4090",
      "measure --inferences 1 --hw rtx-4090 --compare " + kEncoder,
  };
  const std::vector<std::pair<std::string, std::string>> mistakes = {
      {" --dim sequence=128 --dim batch=2 --batch 8", "give the batch two values"},
      {" --dim sequence=128 --dim sequence=64", "--dim sequence is given twice"},
      {" --dim sequence=128 --batch 0", "--batch"},
      {" --dim sequence=12.9", "'12.9' is not a whole number"},
      {" --dim sequence=128 --batch 2.5", "--batch"},
      {" --dim sequence=0x10", "'0x10' is not a whole number"},
      {" --dim sequence", "expected NAME=VALUE"},
      {" --input embeddings=2x64", "not 2"},
      {" --input embeddings=2x64x768 --input embeddings=1x8x768", "given twice"},
      {" --input tokens=2x64x768", "no input of that name"},
  };
  for (const auto& prefix : prefixes) {
    for (const auto& [flags, message] : mistakes) {
      const auto r = run_cli(prefix + flags + (prefix.starts_with("measure") ? " -- true" : ""));
      EXPECT_EQ(r.code, 64) << prefix << flags << "\n" << r.err;
      EXPECT_NE(r.err.find(message), std::string::npos) << prefix << flags << "\n" << r.err;
      EXPECT_EQ(r.out, "") << prefix << flags;
    }
  }
}

// --batch on a model with no batch dim to set (ONNX's Relu test: one input fixed at 3x4x5) is
// refused, saying to use --input; with --input on its leading dim the batch is stated.
TEST(ShapeOptions, BatchWithoutABatchDimIsRefused) {
  const std::string relu = "/usr/share/libonnx-testdata/data/node/test_relu/model.onnx";
  if (!std::filesystem::exists(relu)) GTEST_SKIP() << "libonnx-testdata not installed";
  auto r = run_cli("analyze " + relu + " --batch 4");
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.err.find("the model has no batch dim to set"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--input NAME=D0xD1x"), std::string::npos) << r.err;
  EXPECT_EQ(run_cli("analyze " + relu + " --batch 1").code, 0);
  const auto j = run_json("analyze " + relu + " --input x=4x4x5 --batch 4");
  EXPECT_EQ(j["batch"], 4);
  // Relu: one FLOP per element, 4·4·5 = 80.
  EXPECT_EQ(j["totals"]["flops"], 80);
}

TEST(NumberOptions, NaNAndInfinityAreRefusedEverywhere) {
  for (const std::string& args :
       {std::string("estimate --gflops nan --hw rtx-4090"),
        std::string("estimate --gflops 3 --hw rtx-4090 --pue nan"),
        std::string("estimate --gflops 3 --hw rtx-4090 --per-day inf"),
        std::string("estimate --gflops 3 --hw rtx-4090 --eta-compute nan"),
        std::string("estimate --gflops 3 --hw rtx-4090 --grid 1e400"),
        std::string("trends --confidence nan"), std::string("measure --idle nan -- true")}) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.code, 64) << args << "\n" << r.err;
  }
}

// Options that would change nothing where they are given are usage errors, not ignored.
TEST(ConflictingOptions, AreUsageErrors) {
  for (const std::string& args :
       {std::string("estimate --gflops 3 --hw rtx-4090 --method study --eta-compute 0.3"),
        std::string("estimate --gflops 3 --hw rtx-4090 --method roofline --unit vector"),
        std::string("estimate --gflops 3 --hw rtx-4090 --method study --per-node"),
        std::string("estimate --gflops 3 --hw all --per-node"),
        std::string("estimate --gflops 3 --gmacs 2 --hw rtx-4090"),
        std::string("estimate --gflops 3 --hw rtx-4090 --hw a100"),
        std::string("estimate --gflops 3 --hw rtx-4090 --dim sequence=8"),
        std::string("measure --batch 8 -- true"), std::string("trends --replace-models")}) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.code, 64) << args << "\n" << r.err;
    EXPECT_EQ(r.out, "") << args;
  }
}

// `all` ranks the catalogue; it is no device, and no row of a user's file may be named so.
TEST(HardwareOptions, TheReservedIdIsAUsageError) {
  auto r = run_cli("measure --inferences 1 --hw all --compare-gflops 3 -- true");
  EXPECT_EQ(r.code, 64) << r.err;
  EXPECT_NE(r.err.find("--hw all ranks the whole catalogue"), std::string::npos) << r.err;

  const auto file = std::filesystem::temp_directory_path() / "infergy_reserved_hw.csv";
  std::ofstream(file)
      << "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,checked,"
         "sources\n"
         "all,My Card,Me,desktop-gpu,2020-01-01,100,10,vendor,https://example.org\n";
  r = run_cli("estimate --gflops 3 --hw rtx-4090 --hardware-file " + file.string());
  EXPECT_EQ(r.code, 64) << r.err;
  EXPECT_NE(r.err.find(file.string() + ":2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'all' is reserved"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace infergy
