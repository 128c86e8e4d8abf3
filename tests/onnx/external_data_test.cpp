// Models whose weights live in external data files (the ONNX format for models over 2 GB): the
// loader records where the bytes are and never opens the file; a missing file is only a warning,
// since counting needs shapes, not values.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "builder.hpp"
#include "infergy/analysis.hpp"
#include "infergy/onnx.hpp"

namespace infergy {
namespace {

using namespace infergy::testing;

onnx::ModelProto external_model() {
  onnx::GraphProto g;
  *g.add_input() = value_info("x", onnx::TensorProto::FLOAT, {1, 1024});
  onnx::TensorProto w = weight("w", {1024, 4096});
  w.set_data_location(onnx::TensorProto::EXTERNAL);
  for (const auto& [k, v] : {std::pair{"location", "weights.bin"}, std::pair{"offset", "0"},
                             std::pair{"length", "16777216"}}) {
    auto* e = w.add_external_data();
    e->set_key(k);
    e->set_value(v);
  }
  *g.add_initializer() = w;
  *g.add_node() = node("MatMul", {"x", "w"}, {"y"}, "mm");
  *g.add_output() = value_info("y", onnx::TensorProto::FLOAT, {1, 4096});
  return model(g);
}

TEST(ExternalData, CountedFromShapesWithoutOpeningTheWeights) {
  const auto dir = std::filesystem::temp_directory_path() / "infergy_external";
  std::filesystem::create_directories(dir);
  const auto path = dir / "model.onnx";
  std::ofstream out(path, std::ios::binary);
  external_model().SerializeToOstream(&out);
  out.close();
  // The weight file is a FIFO: opening it for reading would block forever, so a passing test
  // also shows the loader never opens it.
  const auto weights = dir / "weights.bin";
  std::filesystem::remove(weights);
  ASSERT_EQ(::mkfifo(weights.c_str(), 0600), 0);

  Model m = load_onnx(path);
  const Tensor& w = m.graph.tensor(m.graph.find("w"));
  EXPECT_EQ(w.external_location, "weights.bin");
  EXPECT_FALSE(w.values);
  EXPECT_TRUE(m.warnings.empty());
  bind_inputs(m, {});
  infer_shapes(m);
  const Analysis a = analyze(m);
  EXPECT_EQ(a.totals.macs, 1024 * 4096);
  EXPECT_EQ(a.totals.params, 1024 * 4096);
  std::filesystem::remove(weights);
}

TEST(ExternalData, AMissingWeightFileIsAWarningNotAnError) {
  const auto dir = std::filesystem::temp_directory_path() / "infergy_external_missing";
  std::filesystem::create_directories(dir);
  const auto path = dir / "model.onnx";
  std::ofstream out(path, std::ios::binary);
  external_model().SerializeToOstream(&out);
  out.close();
  std::filesystem::remove(dir / "weights.bin");
  const Model m = load_onnx(path);
  ASSERT_EQ(m.warnings.size(), 1u);
  EXPECT_NE(m.warnings[0].find("'weights.bin' is missing"), std::string::npos) << m.warnings[0];
}

}  // namespace
}  // namespace infergy
