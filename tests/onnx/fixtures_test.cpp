// The committed torchvision/transformer exports are the real test of data propagation: their
// Reshape targets are rebuilt at run time through Shape -> Gather -> Div -> Cast -> Mul ->
// Concat. ONNX's own inference leaves 614 of ViT's 1,619 values without a shape even with data
// propagation on (scripts/fixtures/README.md); infergy must resolve every one.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "infergy/onnx.hpp"
#include "infergy/shapes.hpp"

namespace infergy {
namespace {

const std::string kFixtures = std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models/";

std::size_t unknown_tensors(const Graph& g, std::vector<std::string>& names) {
  std::size_t n = 0;
  for (const auto& t : g.tensors) {
    if (!t.shape_known()) {
      ++n;
      if (names.size() < 5) names.push_back(t.name);
    }
  }
  return n;
}

class FixtureShapes : public ::testing::TestWithParam<const char*> {};

TEST_P(FixtureShapes, EveryTensorGetsAConcreteShape) {
  Model m = load_onnx(kFixtures + GetParam() + ".onnx");
  bind_inputs(m, {.dims = std::string(GetParam()) == "transformer_encoder"
                              ? std::map<std::string, std::int64_t>{{"sequence", 128}}
                              : std::map<std::string, std::int64_t>{},
                  .batch = 2});
  infer_shapes(m);  // no ONNX fallback: native rules must cover torchvision exports
  std::vector<std::string> names;
  EXPECT_EQ(unknown_tensors(m.graph, names), 0u) << fmt::format("{}", fmt::join(names, ", "));
  EXPECT_TRUE(m.warnings.empty()) << m.warnings.front();
  // Every output starts with the bound batch.
  for (TensorId id : m.graph.outputs) EXPECT_EQ(m.graph.tensor(id).dims->front(), 2);
}

INSTANTIATE_TEST_SUITE_P(Torchvision, FixtureShapes,
                         ::testing::Values("alexnet", "resnet18", "resnet18_unfolded", "resnet50",
                                           "vgg16", "efficientnet_b0", "convnext_tiny", "vit_b_16",
                                           "transformer_encoder"));

TEST(FixtureShapes, EncoderOutputFollowsTheBoundSequence) {
  Model m = load_onnx(kFixtures + "transformer_encoder.onnx");
  bind_inputs(m, {.dims = {{"sequence", 77}}, .batch = 3});
  infer_shapes(m);
  const Tensor& out = m.graph.tensor(m.graph.outputs.front());
  EXPECT_EQ(*out.dims, (std::vector<std::int64_t>{3, 77, 768}));
}

}  // namespace
}  // namespace infergy
