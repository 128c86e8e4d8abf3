// One node, its inputs and attributes, run through infer_shapes (native rules only, no ONNX
// fallback); then what it inferred for each output: dtype, dims and folded values.
//
//   const auto r = ShapeCase("Conv").in({1, 3, 224, 224}).weight({64, 3, 7, 7})
//                      .attr_ints("strides", {2, 2}).attr_ints("pads", {3, 3, 3, 3}).run();
//   EXPECT_EQ(r.dims(0), (Dims{1, 64, 112, 112}));
//
// Inputs with known values (ints, floats) are what value propagation works from; r.ints(0) and
// r.floats(0) read an output's folded values, nullopt when the rule left them unknown. A node
// that is inconsistent makes infer_shapes raise an input error; error() returns its message.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "infergy/error.hpp"
#include "infergy/graph.hpp"
#include "infergy/shapes.hpp"

namespace infergy::testing {

using Dims = std::vector<std::int64_t>;
using MaybeDims = std::optional<Dims>;

class ShapeResult {
 public:
  explicit ShapeResult(Model model) : model_(std::move(model)) {}

  const Tensor& output(std::size_t i) const {
    const Graph& g = model_.graph;
    return g.tensor(g.nodes.front().outputs.at(i));
  }
  MaybeDims dims(std::size_t i) const { return output(i).dims; }
  DataType dtype(std::size_t i) const { return output(i).dtype; }
  std::optional<std::vector<std::int64_t>> ints(std::size_t i) const {
    const auto& v = output(i).values;
    if (!v || v->is_float) return std::nullopt;
    return v->ints;
  }
  std::optional<std::vector<double>> floats(std::size_t i) const {
    const auto& v = output(i).values;
    if (!v || !v->is_float) return std::nullopt;
    return v->floats;
  }
  const std::vector<std::string>& warnings() const { return model_.warnings; }

 private:
  Model model_;
};

class ShapeCase {
 public:
  explicit ShapeCase(std::string op_type, std::string domain = "ai.onnx", std::int64_t opset = 17)
      : op_type_(std::move(op_type)), domain_(std::move(domain)), opset_(opset) {}

  /// An input fed at run time, dims as given (kUnknownDim allowed).
  ShapeCase& in(Dims dims, DataType type = DataType::float32) {
    return add_input(TensorKind::graph_input, type, std::move(dims), nullptr);
  }
  /// An input whose rank is unknown.
  ShapeCase& in_unknown_rank(DataType type = DataType::float32) {
    return add_input(TensorKind::graph_input, type, std::nullopt, nullptr);
  }
  /// A weight without values.
  ShapeCase& weight(Dims dims, DataType type = DataType::float32) {
    return add_input(TensorKind::initializer, type, std::move(dims), nullptr);
  }
  /// A constant integer input with known values: 1-D unless dims are given ({} for a scalar).
  ShapeCase& ints(std::vector<std::int64_t> values, std::optional<Dims> dims = std::nullopt,
                  DataType type = DataType::int64) {
    auto v = std::make_shared<TensorValues>();
    const Dims d = dims.value_or(Dims{static_cast<std::int64_t>(values.size())});
    v->ints = std::move(values);
    return add_input(TensorKind::initializer, type, d, std::move(v));
  }
  ShapeCase& scalar(std::int64_t value) { return ints({value}, Dims{}); }
  /// A constant floating-point input with known values.
  ShapeCase& floats(std::vector<double> values, std::optional<Dims> dims = std::nullopt,
                    DataType type = DataType::float32) {
    auto v = std::make_shared<TensorValues>();
    const Dims d = dims.value_or(Dims{static_cast<std::int64_t>(values.size())});
    v->floats = std::move(values);
    v->is_float = true;
    return add_input(TensorKind::initializer, type, d, std::move(v));
  }
  /// An omitted optional input.
  ShapeCase& absent() {
    inputs_.push_back(std::nullopt);
    return *this;
  }
  /// The node has this many outputs (default 1).
  ShapeCase& outputs(std::size_t n) {
    outputs_ = n;
    return *this;
  }

  ShapeCase& attr_i(std::string name, std::int64_t v) {
    Attribute a = named(std::move(name), Attribute::Type::i);
    a.i = v;
    return push(std::move(a));
  }
  ShapeCase& attr_f(std::string name, double v) {
    Attribute a = named(std::move(name), Attribute::Type::f);
    a.f = v;
    return push(std::move(a));
  }
  ShapeCase& attr_s(std::string name, std::string v) {
    Attribute a = named(std::move(name), Attribute::Type::s);
    a.s = std::move(v);
    return push(std::move(a));
  }
  ShapeCase& attr_ints(std::string name, std::vector<std::int64_t> v) {
    Attribute a = named(std::move(name), Attribute::Type::ints);
    a.ints = std::move(v);
    return push(std::move(a));
  }
  ShapeCase& attr_floats(std::string name, std::vector<double> v) {
    Attribute a = named(std::move(name), Attribute::Type::floats);
    a.floats = std::move(v);
    return push(std::move(a));
  }
  /// A tensor attribute (Constant's and ConstantOfShape's `value`), with values when given.
  ShapeCase& attr_tensor(std::string name, DataType type, Dims dims,
                         std::optional<std::vector<std::int64_t>> int_values = std::nullopt,
                         std::optional<std::vector<double>> float_values = std::nullopt) {
    Attribute a = named(std::move(name), Attribute::Type::t);
    AttributeTensor t;
    t.dtype = type;
    t.dims = std::move(dims);
    if (int_values || float_values) {
      auto v = std::make_shared<TensorValues>();
      if (int_values) v->ints = *int_values;
      if (float_values) {
        v->floats = *float_values;
        v->is_float = true;
      }
      t.values = std::move(v);
    }
    a.tensors.push_back(std::move(t));
    return push(std::move(a));
  }

  /// infer_shapes on the one-node model; throws infergy::Error for an inconsistent node.
  ShapeResult run() const {
    Model m = build();
    infer_shapes(m);
    return ShapeResult(std::move(m));
  }

  /// The message of the input error infer_shapes raises for this node, "" when it raises none.
  std::string error() const {
    try {
      Model m = build();
      infer_shapes(m);
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::input) return e.what();
      throw;
    }
    return {};
  }

 private:
  struct Input {
    TensorKind kind;
    DataType type;
    std::optional<Dims> dims;
    std::shared_ptr<const TensorValues> values;
  };

  ShapeCase& add_input(TensorKind kind, DataType type, std::optional<Dims> dims,
                       std::shared_ptr<const TensorValues> values) {
    inputs_.push_back(Input{kind, type, std::move(dims), std::move(values)});
    return *this;
  }
  static Attribute named(std::string name, Attribute::Type type) {
    Attribute a;
    a.name = std::move(name);
    a.type = type;
    return a;
  }
  ShapeCase& push(Attribute a) {
    attributes_.push_back(std::move(a));
    return *this;
  }

  Model build() const {
    Model m;
    m.path = "case.onnx";
    Graph& g = m.graph;
    Node n;
    n.name = "node";
    n.op_type = op_type_;
    n.domain = domain_;
    n.opset = opset_;
    n.attributes = attributes_;
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      if (!inputs_[i]) {
        n.inputs.push_back(kNoTensor);
        continue;
      }
      const Input& in = *inputs_[i];
      const TensorId id = g.add_tensor("in" + std::to_string(i), in.kind);
      Tensor& t = g.tensor(id);
      t.dtype = in.type;
      t.dims = in.dims;
      t.values = in.values;
      if (in.kind == TensorKind::graph_input) g.inputs.push_back(id);
      n.inputs.push_back(id);
    }
    for (std::size_t i = 0; i < outputs_; ++i) {
      const TensorId id = g.add_tensor("out" + std::to_string(i), TensorKind::intermediate);
      g.tensor(id).producer = 0;
      n.outputs.push_back(id);
      g.outputs.push_back(id);
    }
    g.nodes.push_back(std::move(n));
    return m;
  }

  std::string op_type_, domain_;
  std::int64_t opset_;
  std::vector<std::optional<Input>> inputs_;
  std::vector<Attribute> attributes_;
  std::size_t outputs_ = 1;
};

}  // namespace infergy::testing
