// Invalid ONNX models, generated here, given to the CLI: each is an input error (exit 65) of one
// line naming the file, the node (or tensor, or opset) and the rule it breaks, and nothing in
// the sandbox changes. One case per class of rule; the rules themselves are tested one by one
// in tests/shape/validity_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "hostile/sandbox.hpp"
#include "onnx/builder.hpp"

namespace infergy::hostile {
namespace {

namespace b = infergy::testing;

void add_string_attr(onnx::NodeProto& n, const std::string& name, const std::string& v) {
  auto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::STRING);
  a->set_s(v);
}

onnx::TensorProto floats(const std::string& name, const std::vector<float>& v) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(onnx::TensorProto::FLOAT);
  t.add_dims(static_cast<std::int64_t>(v.size()));
  for (float x : v) t.add_float_data(x);
  return t;
}

// X [1, 4, 8, 8] through one node `op` named "bad" with inputs X and `more` (initializers).
onnx::ModelProto one_node(onnx::NodeProto n, const std::vector<onnx::TensorProto>& more,
                          std::vector<std::int64_t> x = {1, 4, 8, 8}) {
  onnx::GraphProto g;
  g.set_name("g");
  *g.add_input() = b::value_info("X", onnx::TensorProto::FLOAT, x);
  for (const auto& t : more) *g.add_initializer() = t;
  *g.add_output() = b::value_info("Y", onnx::TensorProto::FLOAT, {});
  g.mutable_output(0)->mutable_type()->mutable_tensor_type()->clear_shape();
  *g.add_node() = std::move(n);
  return b::model(g, 17);
}

struct Case {
  std::string file;
  onnx::ModelProto model;
  std::string message;  // after "FILE: "
};

std::vector<Case> cases() {
  std::vector<Case> out;
  {  // a stride of 0
    auto n = b::node("ConvTranspose", {"X", "W"}, {"Y"}, "bad");
    b::add_ints_attr(n, "strides", {0, 0});
    out.push_back({"strides.onnx", one_node(n, {b::weight("W", {4, 2, 3, 3})}),
                   "node 'bad' (ConvTranspose): attribute strides must be >= 1 (got [0,0])"});
  }
  {  // kernel_shape that disagrees with W
    auto n = b::node("Conv", {"X", "W"}, {"Y"}, "bad");
    b::add_ints_attr(n, "kernel_shape", {5, 5});
    out.push_back({"kernel.onnx", one_node(n, {b::weight("W", {8, 4, 3, 3})}),
                   "node 'bad' (Conv): kernel_shape [5,5] differs from the weights' spatial "
                   "dims [3,3]"});
  }
  {  // group that does not divide the output channels
    auto n = b::node("Conv", {"X", "W"}, {"Y"}, "bad");
    b::add_int_attr(n, "group", 4);
    out.push_back({"group.onnx", one_node(n, {b::weight("W", {6, 1, 3, 3})}),
                   "node 'bad' (Conv): group 4 does not divide the weights' 6 output channels"});
  }
  {  // an enumerated attribute out of its set; an unnamed node is named by op and index
    auto n = b::node("Conv", {"X", "W"}, {"Y"});
    add_string_attr(n, "auto_pad", "BOGUS");
    out.push_back({"auto_pad.onnx", one_node(n, {b::weight("W", {8, 4, 3, 3})}),
                   "node 'Conv #0' (Conv): attribute auto_pad must be one of NOTSET, "
                   "SAME_UPPER, SAME_LOWER, VALID (got 'BOGUS')"});
  }
  {  // an axis outside the rank
    auto n = b::node("Softmax", {"X"}, {"Y"}, "bad");
    b::add_int_attr(n, "axis", 100);
    out.push_back({"axis.onnx", one_node(n, {}),
                   "node 'bad' (Softmax): attribute axis must lie in [-4, 3] for an input of "
                   "rank 4 (got 100)"});
  }
  {  // Einsum's output letters
    auto n = b::node("Einsum", {"X", "W"}, {"Y"}, "bad");
    add_string_attr(n, "equation", "ij,jk->ikk");
    out.push_back({"einsum.onnx", one_node(n, {b::weight("W", {3, 4})}, {2, 3}),
                   "node 'bad' (Einsum): Einsum equation 'ij,jk->ikk': output letter 'k' "
                   "appears twice"});
  }
  {  // a recurrent direction
    auto n = b::node("GRU", {"X", "W", "R"}, {"Y"}, "bad");
    b::add_int_attr(n, "hidden_size", 4);
    add_string_attr(n, "direction", "sideways");
    out.push_back({"gru.onnx",
                   one_node(n, {b::weight("W", {1, 12, 5}), b::weight("R", {1, 12, 4})}, {7, 3, 5}),
                   "node 'bad' (GRU): attribute direction must be one of forward, reverse, "
                   "bidirectional (got 'sideways')"});
  }
  {  // Resize scales that are not a number
    const float nan = std::numeric_limits<float>::quiet_NaN();
    auto n = b::node("Resize", {"X", "", "S"}, {"Y"}, "bad");
    out.push_back({"resize.onnx", one_node(n, {floats("S", {1, 1, nan, nan})}),
                   "node 'bad' (Resize): scales [1,1,nan,nan] must be finite and > 0"});
  }
  {  // a shape tensor of another type than int64
    auto n = b::node("Reshape", {"X", "S"}, {"Y"}, "bad");
    out.push_back({"shape_type.onnx", one_node(n, {floats("S", {1, 256})}),
                   "node 'bad' (Reshape): input 1 (shape) must be of type int64 (got float32)"});
  }
  {  // tensor data whose length is not its dims' product
    auto n = b::node("Reshape", {"X", "S"}, {"Y"}, "bad");
    onnx::TensorProto s = b::int64_values("S", {1, 256});
    s.set_dims(0, 3);
    out.push_back(
        {"data_length.onnx", one_node(n, {s}), "tensor 'S': holds 2 values but dims [3] need 3"});
  }
  {  // two opset imports for one domain
    auto n = b::node("Relu", {"X"}, {"Y"}, "bad");
    onnx::ModelProto m = one_node(n, {});
    auto* o = m.add_opset_import();
    o->set_domain("ai.onnx");
    o->set_version(13);
    out.push_back({"opsets.onnx", m, "opset_import names domain 'ai.onnx' more than once"});
  }
  return out;
}

TEST(HostileModel, InvalidModelsAreOneInputErrorNamingFileNodeAndRule) {
  Sandbox box;
  const std::vector<Case> all = cases();
  for (const Case& c : all) box.file(c.file, c.model.SerializeAsString());
  const auto before = box.snapshot();
  for (const Case& c : all) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"analyze", c.file}, {"estimate", c.file, "--hw", "v100-sxm2-16gb"}}) {
      const Result r = run(box, {args, Stdout::capture, false, std::chrono::seconds(30)});
      EXPECT_EQ(r.code, 65) << c.file << ": " << r.err;
      EXPECT_TRUE(one_error_line(r, c.file + ": " + c.message)) << args[0];
      EXPECT_TRUE(r.out.empty()) << c.file << " printed a result";
    }
  }
  EXPECT_TRUE(changed(before, box.snapshot()).empty());
}

// The edge of each rule, and a weight-stripped tensor (dims, no data), still analyse.
TEST(HostileModel, ValuesAtTheEdgeOfTheRulesStillAnalyse) {
  Sandbox box;
  auto conv = b::node("ConvTranspose", {"X", "W"}, {"Y"}, "ok");
  b::add_ints_attr(conv, "strides", {2, 2});
  b::add_ints_attr(conv, "output_padding", {1, 1});
  add_string_attr(conv, "auto_pad", "NOTSET");
  box.file("edge.onnx", one_node(conv, {b::weight("W", {4, 2, 3, 3})}).SerializeAsString());
  auto soft = b::node("Softmax", {"X"}, {"Y"}, "ok");
  b::add_int_attr(soft, "axis", -4);
  box.file("axis.onnx", one_node(soft, {}).SerializeAsString());
  for (const char* file : {"edge.onnx", "axis.onnx"}) {
    const Result r =
        run(box, {{"analyze", file}, Stdout::capture, false, std::chrono::seconds(30)});
    EXPECT_EQ(r.code, 0) << file << ": " << r.err;
  }
}

}  // namespace
}  // namespace infergy::hostile
