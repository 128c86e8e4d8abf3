// Bad input never crashes: each case is one line naming the file and the problem, with the
// error kind that maps to a documented exit code.
#include <gtest/gtest.h>

#include <random>

#include "builder.hpp"
#include "infergy/error.hpp"
#include "infergy/onnx.hpp"
#include "infergy/onnx_fallback.hpp"
#include "infergy/shapes.hpp"

namespace infergy {
namespace {

using namespace infergy::testing;

// A valid two-node model: x[batch,4] -> MatMul(w[4,8]) -> Relu -> y.
onnx::GraphProto small_graph() {
  onnx::GraphProto g;
  g.set_name("small");
  *g.add_input() = value_info("x", onnx::TensorProto::FLOAT, {0, 4}, {"batch", ""});
  *g.add_initializer() = weight("w", {4, 8});
  *g.add_node() = node("MatMul", {"x", "w"}, {"h"}, "mm");
  *g.add_node() = node("Relu", {"h"}, {"y"}, "relu");
  *g.add_output() = value_info("y", onnx::TensorProto::FLOAT, {0, 8}, {"batch", ""});
  return g;
}

struct Outcome {
  ErrorKind kind;
  std::string message;
};

Outcome load_and_infer(const std::filesystem::path& path, const DimBindings& b = {}) {
  try {
    Model m = load_onnx(path);
    bind_inputs(m, b);
    infer_shapes(m, {.fallback = make_onnx_shape_fallback()});
  } catch (const Error& e) {
    return {e.kind(), e.what()};
  }
  return {ErrorKind::internal, "no error"};
}

void expect_one_line(const Outcome& o, ErrorKind kind, const std::string& path,
                     const std::string& fragment) {
  EXPECT_EQ(o.kind, kind) << o.message;
  EXPECT_EQ(o.message.find('\n'), std::string::npos) << o.message;
  EXPECT_NE(o.message.find(path), std::string::npos) << o.message;
  EXPECT_NE(o.message.find(fragment), std::string::npos) << o.message;
}

TEST(BadInput, ValidModelLoads) {
  const auto path = write_model(model(small_graph()), "infergy_ok.onnx");
  Model m = load_onnx(path);
  bind_inputs(m, {.dims = {}, .batch = 3});
  infer_shapes(m);
  const Tensor& y = m.graph.tensor(m.graph.find("y"));
  EXPECT_EQ(*y.dims, (std::vector<std::int64_t>{3, 8}));
}

TEST(BadInput, MissingFile) {
  expect_one_line(load_and_infer("/nonexistent/model.onnx"), ErrorKind::no_input,
                  "/nonexistent/model.onnx", "no such file");
}

TEST(BadInput, Directory) {
  const auto dir = std::filesystem::temp_directory_path();
  expect_one_line(load_and_infer(dir), ErrorKind::no_input, dir.string(), "is a directory");
}

TEST(BadInput, EmptyFile) {
  const auto path = write_bytes("", "infergy_empty.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(), "empty file");
}

TEST(BadInput, RandomBytes) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 50; ++trial) {
    std::string bytes(static_cast<std::size_t>(1 + rng() % 4096), '\0');
    for (auto& c : bytes) c = static_cast<char>(rng());
    const auto path = write_bytes(bytes, "infergy_random.onnx");
    const Outcome o = load_and_infer(path);
    EXPECT_EQ(o.kind, ErrorKind::input) << o.message;
    EXPECT_NE(o.message.find("ONNX model"), std::string::npos) << o.message;
  }
}

TEST(BadInput, TruncatedModel) {
  std::string bytes = model(small_graph()).SerializeAsString();
  for (std::size_t cut : {bytes.size() / 2, bytes.size() - 1, std::size_t{3}}) {
    const auto path = write_bytes(bytes.substr(0, cut), "infergy_truncated.onnx");
    const Outcome o = load_and_infer(path);
    EXPECT_EQ(o.kind, ErrorKind::input) << cut << ": " << o.message;
    EXPECT_EQ(o.message.find('\n'), std::string::npos);
  }
}

TEST(BadInput, ProtobufThatIsNotAModel) {
  // A serialized TensorProto is valid protobuf but no ModelProto.
  const auto path =
      write_bytes(int64_values("t", {1, 2, 3}).SerializeAsString(), "infergy_tensor.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(), "not an ONNX model");
}

TEST(BadInput, CyclicGraph) {
  onnx::GraphProto g;
  *g.add_input() = value_info("x", onnx::TensorProto::FLOAT, {1, 4});
  *g.add_node() = node("Add", {"x", "b"}, {"a"}, "first");
  *g.add_node() = node("Relu", {"a"}, {"b"}, "second");
  *g.add_output() = value_info("b", onnx::TensorProto::FLOAT, {1, 4});
  const auto path = write_model(model(g), "infergy_cycle.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(), "cyclic graph");
}

TEST(BadInput, NegativeDeclaredDim) {
  onnx::GraphProto g = small_graph();
  g.mutable_input(0)
      ->mutable_type()
      ->mutable_tensor_type()
      ->mutable_shape()
      ->mutable_dim(1)
      ->set_dim_value(-4);
  const auto path = write_model(model(g), "infergy_negative.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(), "negative dim");
}

TEST(BadInput, NegativeInitializerDim) {
  onnx::GraphProto g = small_graph();
  g.mutable_initializer(0)->set_dims(0, -4);
  const auto path = write_model(model(g), "infergy_negative_init.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(), "negative dim");
}

TEST(BadInput, ZeroOrNegativeBinding) {
  const auto path = write_model(model(small_graph()), "infergy_bind.onnx");
  expect_one_line(load_and_infer(path, {.dims = {{"batch", 0}}, .batch = std::nullopt}),
                  ErrorKind::usage, "batch", "at least 1");
  expect_one_line(load_and_infer(path, {.dims = {}, .batch = -2}), ErrorKind::usage, "--batch",
                  "at least 1");
  expect_one_line(load_and_infer(path, {.dims = {{"sequence", 8}}, .batch = std::nullopt}),
                  ErrorKind::usage, path.string(), "no symbolic dim of that name");
}

TEST(BadInput, UnboundDimsAreListedWithTheirFlags) {
  onnx::GraphProto g = small_graph();
  *g.mutable_input(0) = value_info("x", onnx::TensorProto::FLOAT, {0, 0}, {"batch", "features"});
  const auto path = write_model(model(g), "infergy_unbound.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::usage, path.string(),
                  "'features' (input 'x' axis 1); bind them with --dim features=N");
}

TEST(BadInput, DimProductOverflowsSixtyFourBits) {
  onnx::GraphProto g = small_graph();
  // 2^40 x 2^40 x 4 elements: each dim is fine, their product is not.
  *g.mutable_input(0) = value_info("x", onnx::TensorProto::FLOAT, {1LL << 40, 1LL << 40, 4});
  const auto path = write_model(model(g), "infergy_overflow.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(), "2^63");
}

TEST(BadInput, InitializerElementCountOverflows) {
  onnx::GraphProto g = small_graph();
  *g.add_initializer() = weight("huge", {1LL << 40, 1LL << 40});
  const auto path = write_model(model(g), "infergy_overflow_init.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(), "overflows 64 bits");
}

TEST(BadInput, UnknownDomainIsAnErrorUnlessImported) {
  onnx::GraphProto g = small_graph();
  *g.add_node() = node("Frobnicate", {"y"}, {"z"}, "custom", "com.example");
  const auto path = write_model(model(g), "infergy_domain.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(), "domain 'com.example'");

  onnx::ModelProto m = model(g);
  auto* o = m.add_opset_import();
  o->set_domain("com.example");
  o->set_version(1);
  const auto imported = write_model(m, "infergy_domain_imported.onnx");
  Model loaded = load_onnx(imported);
  ASSERT_FALSE(loaded.warnings.empty());
  EXPECT_NE(loaded.warnings.front().find("com.example"), std::string::npos);
}

TEST(BadInput, UndefinedTensorAndDoubleProducer) {
  onnx::GraphProto g = small_graph();
  *g.add_node() = node("Relu", {"nowhere"}, {"z"}, "dangling");
  auto path = write_model(model(g), "infergy_undefined.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(), "'nowhere'");

  g = small_graph();
  *g.add_node() = node("Relu", {"x"}, {"h"}, "again");
  path = write_model(model(g), "infergy_twice.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(), "one producer");
}

TEST(BadInput, InconsistentShapesNameTheNode) {
  onnx::GraphProto g = small_graph();
  *g.mutable_initializer(0) = weight("w", {5, 8});  // x is [batch, 4]
  const auto path = write_model(model(g), "infergy_inconsistent.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(),
                  "node 'mm' (MatMul): MatMul inner dims differ");
}

TEST(BadInput, SubgraphsNestedTooDeep) {
  onnx::GraphProto leaf;
  *leaf.add_output() = value_info("x", onnx::TensorProto::FLOAT, {1});
  onnx::GraphProto inner = leaf;
  for (int depth = 0; depth < 40; ++depth) {
    onnx::GraphProto outer;
    onnx::NodeProto n = node("If", {"c"}, {"x"}, "if" + std::to_string(depth));
    // Only the then-branch nests, so the file grows linearly with depth.
    for (const char* branch : {"then_branch", "else_branch"}) {
      auto* a = n.add_attribute();
      a->set_name(branch);
      a->set_type(onnx::AttributeProto::GRAPH);
      *a->mutable_g() = std::string_view(branch) == "then_branch" ? inner : leaf;
    }
    *outer.add_node() = n;
    *outer.add_output() = value_info("x", onnx::TensorProto::FLOAT, {1});
    inner = outer;
  }
  *inner.add_input() = value_info("c", onnx::TensorProto::BOOL, {});
  const auto path = write_model(model(inner), "infergy_deep.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(), "nested more than");
}

TEST(BadInput, RawDataSizeMismatch) {
  onnx::GraphProto g = small_graph();
  g.mutable_initializer(0)->set_raw_data(std::string(7, '\0'));  // 4x8 floats need 128 bytes
  const auto path = write_model(model(g), "infergy_rawdata.onnx");
  expect_one_line(load_and_infer(path), ErrorKind::input, path.string(), "raw_data holds 7 bytes");
}

}  // namespace
}  // namespace infergy
