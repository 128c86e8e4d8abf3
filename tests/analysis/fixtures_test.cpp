// infergy analyze on real architectures against independent references.
//
// tests/fixtures/models/references.json holds, per model, MACs counted from the PyTorch model by
// forward hooks on every Conv2d/Linear (N·Cout·Hout·Wout·Cin/g·kh·kw and out·in_features) and by
// torch.profiler (FLOPs/2), which agree exactly, plus torchvision's parameter counts
// (scripts/fixtures/README.md). The published torchvision figures ("GFLOPS", which are GMACs:
// resnet50 4.089, vit_b_16 17.564 — torchvision >= 0.15 weights meta `_ops`) agree as well.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "infergy/analysis.hpp"

namespace infergy {
namespace {

const std::string kDir = std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models/";

// The encoder's sequence dim is symbolic; the references are at sequence 128.
Analysis analyze_fixture(const std::string& name) {
  DimBindings b;
  if (name == "transformer_encoder") b.dims["sequence"] = 128;
  return analyze_file(kDir + name + ".onnx", b);
}

const nlohmann::json& references() {
  static const nlohmann::json j = [] {
    std::ifstream in(kDir + "references.json");
    return nlohmann::json::parse(in);
  }();
  return j;
}

// MACs of the ops that the references count: convolutions and matrix products.
std::int64_t matrix_macs(const Analysis& a) {
  std::int64_t macs = 0;
  for (const auto& s : a.by_op) {
    if (s.op_type == "Conv" || s.op_type == "Gemm" || s.op_type == "MatMul") macs += s.counts.macs;
  }
  return macs;
}

class Architecture : public ::testing::TestWithParam<const char*> {};

TEST_P(Architecture, ConvGemmMatMulMacsWithinHalfAPercentOfHooksAndProfiler) {
  const std::string name = GetParam();
  const auto& ref = references()["models"][name];
  const Analysis a = analyze_fixture(name);
  const auto hooks = ref["conv_linear_macs"]["total"].get<std::int64_t>();
  const auto profiler = ref["profiler_flops"]["macs"].get<std::int64_t>();
  ASSERT_EQ(hooks, profiler);  // the two independent counts agree
  const std::int64_t ours = matrix_macs(a);
  fmt::print("{}: infergy {} MACs, hooks {}, ratio {:.6f}\n", name, ours, hooks,
             static_cast<double>(ours) / static_cast<double>(hooks));
  EXPECT_NEAR(static_cast<double>(ours) / static_cast<double>(hooks), 1.0, 0.005);
  // No other op has MACs in these models: totals are the same number.
  EXPECT_EQ(a.totals.macs, ours);
  EXPECT_TRUE(a.uncounted.empty());
  EXPECT_EQ(a.counted_nodes, ref["onnx"]["node_count"].get<std::size_t>());
}

// Parameters: the exporter folds each BatchNorm into the preceding Conv, which gains a bias of
// Cout elements while BN's scale and shift (2·C in torchvision's count) disappear; BN's running
// statistics are buffers, not parameters, in either count. So ONNX = torchvision − C per folded
// BN. Models without BN keep every parameter as one initializer of the same size.
TEST_P(Architecture, ParametersEqualTorchvisionLessFoldedBatchNormChannels) {
  const std::string name = GetParam();
  const auto& p = references()["models"][name]["params"];
  const Analysis a = analyze_fixture(name);
  const auto torchvision = p["torchvision_params"].get<std::int64_t>();
  const auto bn_channels = p.value("batchnorm_channels", std::int64_t{0});
  EXPECT_EQ(a.totals.params, torchvision - bn_channels) << name;
  EXPECT_EQ(a.totals.params, p["expected_onnx_params"].get<std::int64_t>()) << name;
}

INSTANTIATE_TEST_SUITE_P(Torchvision, Architecture,
                         ::testing::Values("alexnet", "resnet18", "resnet50", "vgg16",
                                           "efficientnet_b0", "convnext_tiny", "vit_b_16",
                                           "transformer_encoder"));

// resnet18 exported without constant folding keeps its 20 BatchNormalization nodes. ONNX's BN
// takes scale, bias, mean and var: infergy counts scale and bias (data) but not the running
// statistics (cost rule marks inputs 3-4 as non-data), so the count equals torchvision's.
TEST(Architecture, UnfoldedBatchNormKeepsTorchvisionsCount) {
  const auto& p = references()["models"]["resnet18_unfolded"]["params"];
  const Analysis a = analyze_file(kDir + "resnet18_unfolded.onnx");
  EXPECT_EQ(a.totals.params, p["torchvision_params"].get<std::int64_t>());
}

// A BERT-base-sized encoder: 12 layers, d = 768, d_ff = 3072, 12 heads, sequence S.
// Per layer, written out:
//   Q, K, V, O projections   4·S·d²       = 4·128·768²        = 301,989,888
//   Q·Kᵀ and A·V             2·S²·d       = 2·128²·768        =  25,165,824
//   FFN (two linears)        2·S·d·d_ff   = 2·128·768·3072    = 603,979,776
//   layer total                                               = 931,135,488
//   12 layers                                                 = 11,173,625,856 MACs
// Parameters per layer: 4d² + 4d (projections with bias) + 2·d·d_ff + d_ff + d (FFN with bias)
//   + 4d (two LayerNorms) = 2,362,368 + 4,722,432 + 3,072 = 7,087,872; × 12 = 85,054,464.
TEST(Transformer, MatchesTheHandDerivedPerLayerFormula) {
  const std::int64_t S = 128, d = 768, ff = 3072, layers = 12;
  const std::int64_t per_layer = 4 * S * d * d + 2 * S * S * d + 2 * S * d * ff;
  ASSERT_EQ(per_layer, 931'135'488);
  const std::int64_t params = layers * (4 * d * d + 4 * d + 2 * d * ff + ff + d + 4 * d);
  ASSERT_EQ(params, 85'054'464);
  const Analysis a = analyze_file(kDir + "transformer_encoder.onnx", {.dims = {{"sequence", S}}});
  EXPECT_EQ(a.totals.macs, layers * per_layer);
  EXPECT_EQ(a.totals.params, params);
}

// Binding: batch 2, sequence 64. Linear work scales with tokens (2·64 = 128, as before), the
// attention matmuls with batch·S²: 2·2·64²·768·12 = 150,994,944 (half of S=128's 301,989,888).
TEST(Transformer, BindingBatchAndSequenceScalesEachTermAsTheFormulaSays) {
  const Analysis a =
      analyze_file(kDir + "transformer_encoder.onnx", {.dims = {{"sequence", 64}}, .batch = 2});
  const std::int64_t tokens = 2 * 64, d = 768, ff = 3072;
  const std::int64_t linear = 12 * (4 * tokens * d * d + 2 * tokens * d * ff);
  const std::int64_t attention = 12 * 2 * 2 * 64 * 64 * d;
  EXPECT_EQ(attention, 150'994'944);
  EXPECT_EQ(a.totals.macs, linear + attention);
  EXPECT_EQ(
      a.totals.macs,
      references()["models"]["transformer_encoder"]["formula"]["at_batch_2_sequence_64"]["macs"]
          .get<std::int64_t>());
}

// Batch scales MACs exactly and bytes sublinearly: weights are read once per batch.
TEST(Batch, MacsScaleLinearlyAndWeightsAreReadOncePerBatch) {
  const Analysis one = analyze_file(kDir + "resnet50.onnx", {.dims = {}, .batch = 1});
  const Analysis eight = analyze_file(kDir + "resnet50.onnx", {.dims = {}, .batch = 8});
  EXPECT_EQ(eight.totals.macs, 8 * one.totals.macs);
  EXPECT_EQ(eight.totals.params, one.totals.params);
  // bytes(b) = weights + b·activations: bytes(8) − 8·bytes(1) = weights·(1 − 8).
  const std::int64_t weight_bytes = one.totals.params * 4;  // float32
  EXPECT_EQ(eight.totals.bytes_read - 8 * one.totals.bytes_read, -7 * weight_bytes);
  EXPECT_EQ(eight.totals.bytes_written, 8 * one.totals.bytes_written);
}

// Precision changes only the element size of floating-point tensors.
TEST(Precision, Fp16HalvesTheBytesOfAFloatModel) {
  const Analysis fp32 = analyze_file(kDir + "resnet18.onnx", {}, {.precision = Precision::fp32});
  const Analysis fp16 = analyze_file(kDir + "resnet18.onnx", {}, {.precision = Precision::fp16});
  const Analysis stored = analyze_file(kDir + "resnet18.onnx");
  EXPECT_EQ(stored.totals.bytes_read, fp32.totals.bytes_read);
  EXPECT_EQ(fp16.totals.bytes_read * 2, fp32.totals.bytes_read);
  EXPECT_EQ(fp16.totals.bytes_written * 2, fp32.totals.bytes_written);
  EXPECT_EQ(fp16.totals.flops, fp32.totals.flops);
}

}  // namespace
}  // namespace infergy
