// The dims other exporters write for a batch they could not name, and what --batch binds: a
// leading dim of an input of rank >= 2 that is unnamed (no dim_param, dim_value -1, tf2onnx's
// unk__N, Keras's ? or None) or named like a batch; any other symbolic dim stays for --dim.
// Also: a domain the model imports but no node uses draws no warning.
#include <gtest/gtest.h>

#include "builder.hpp"
#include "infergy/error.hpp"
#include "infergy/onnx.hpp"
#include "infergy/shapes.hpp"

namespace infergy {
namespace {

// One input x of the given dims -> Relu -> y. A dim is "" (neither value nor name), a number
// (dim_value, -1 included) or a name (dim_param).
onnx::ModelProto relu_model(const std::vector<std::string>& dims) {
  onnx::GraphProto g;
  g.set_name("relu");
  onnx::ValueInfoProto x;
  x.set_name("x");
  auto* tt = x.mutable_type()->mutable_tensor_type();
  tt->set_elem_type(onnx::TensorProto::FLOAT);
  auto* shape = tt->mutable_shape();
  for (const auto& d : dims) {
    auto* dim = shape->add_dim();
    if (d.empty()) continue;
    if (d[0] == '-' || std::isdigit(static_cast<unsigned char>(d[0]))) {
      dim->set_dim_value(std::stoll(d));
    } else {
      dim->set_dim_param(d);
    }
  }
  *g.add_input() = x;
  *g.add_node() = testing::node("Relu", {"x"}, {"y"}, "relu");
  onnx::ValueInfoProto y;
  y.set_name("y");
  y.mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  *g.add_output() = y;
  return testing::model(g);
}

Model load(const onnx::ModelProto& m) {
  std::string bytes;
  m.SerializeToString(&bytes);
  return parse_onnx(bytes, "exported.onnx");
}

TEST(ExporterDims, PlaceholderLeadingDimsAreTheBatch) {
  for (const char* leading : {"unk__7", "?", "None", "N", "batch_size", "batch", "", "-1"}) {
    Model m = load(relu_model({leading, "224", "224", "3"}));
    const BoundShapes bound = bind_inputs(m, {.dims = {}, .batch = 8, .inputs = {}});
    ASSERT_EQ(bound.inputs.size(), 1u);
    EXPECT_EQ(bound.inputs[0].dims, (std::vector<std::int64_t>{8, 224, 224, 3})) << leading;
    EXPECT_EQ(bound.inputs[0].sources[0], DimSource::batch) << leading;
    EXPECT_EQ(bound.batch, 8);

    Model by_default = load(relu_model({leading, "224", "224", "3"}));
    EXPECT_EQ(bind_inputs(by_default, {}).inputs[0].dims[0], 1) << leading;
  }
}

TEST(ExporterDims, MinusOneIsAnUnnamedDim) {
  const Model m = load(relu_model({"-1", "16"}));
  const Tensor& x = m.graph.tensor(m.graph.inputs[0]);
  ASSERT_TRUE(x.dims.has_value());
  EXPECT_EQ((*x.dims)[0], kUnknownDim);
  EXPECT_EQ(x.dim_symbols[0], "");
  // Other negative values are still malformed.
  try {
    load(relu_model({"-4", "16"}));
    ADD_FAILURE() << "a dim of -4 loaded";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("negative dim (-4)"), std::string::npos) << e.what();
  }
}

std::string unbound_error(const std::vector<std::string>& dims) {
  Model m = load(relu_model(dims));
  try {
    bind_inputs(m, {});
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    return e.what();
  }
  return "";
}

TEST(ExporterDims, PlaceholdersPastTheLeadingDimStayUnbound) {
  const std::string e = unbound_error({"unk__1", "unk__2", "3"});
  EXPECT_NE(e.find("unbound symbolic dims: 'unk__2' (input 'x' axis 1)"), std::string::npos) << e;
  EXPECT_EQ(e.find("unk__1"), std::string::npos) << e;
  EXPECT_NE(unbound_error({"?", "", "3"}).find("'x:1' (unnamed dim 1 of input 'x')"),
            std::string::npos);
  // A rank-1 input has no batch dim: its placeholder is a length, not a batch.
  EXPECT_NE(unbound_error({"unk__9"}).find("'unk__9'"), std::string::npos);
  // A real name is never taken for the batch.
  EXPECT_NE(unbound_error({"sequence", "16"}).find("'sequence'"), std::string::npos);
}

TEST(ExporterDims, PlaceholderHelperKnowsTheExporters) {
  for (const char* s : {"", "?", "None", "none", "-1", "unk__0", "unk__123"}) {
    EXPECT_TRUE(is_placeholder_symbol(s)) << s;
  }
  for (const char* s : {"unk__", "unk__x", "unknown", "batch", "seq", "N", "height"}) {
    EXPECT_FALSE(is_placeholder_symbol(s)) << s;
  }
}

TEST(ExporterDims, ImportedDomainsNoNodeUsesDrawNoWarning) {
  onnx::ModelProto m = relu_model({"1", "4"});
  for (const char* domain : {"ai.onnx.converters.tensorflow", "ai.onnx.ml", "org.pytorch.aten"}) {
    auto* o = m.add_opset_import();
    o->set_domain(domain);
    o->set_version(1);
  }
  EXPECT_TRUE(load(m).warnings.empty());

  // A node in an unknown domain still gets its warning.
  *m.mutable_graph()->add_node() =
      testing::node("Custom", {"y"}, {"z"}, "custom", "org.pytorch.aten");
  const Model used = load(m);
  ASSERT_EQ(used.warnings.size(), 1u);
  EXPECT_NE(used.warnings[0].find("domain 'org.pytorch.aten'"), std::string::npos);
}

}  // namespace
}  // namespace infergy
