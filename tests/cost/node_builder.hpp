// Builds a one-node Graph for cost-rule tests: inputs and outputs with given dims and types,
// attributes, and constant inputs with known values; then runs the built-in rule for the op.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "infergy/cost.hpp"
#include "infergy/graph.hpp"

namespace infergy::testing {

class NodeBuilder {
 public:
  explicit NodeBuilder(std::string op_type, std::string domain = "ai.onnx",
                       std::int64_t opset = 17) {
    node_.op_type = std::move(op_type);
    node_.domain = std::move(domain);
    node_.opset = opset;
  }

  /// An activation input (produced at run time) with the given dims; kUnknownDim allowed.
  NodeBuilder& in(std::vector<std::int64_t> dims, DataType type = DataType::float32) {
    node_.inputs.push_back(tensor(TensorKind::graph_input, type, std::move(dims)));
    return *this;
  }
  /// A weight (initializer) with the given dims and no values kept.
  NodeBuilder& weight(std::vector<std::int64_t> dims, DataType type = DataType::float32) {
    node_.inputs.push_back(tensor(TensorKind::initializer, type, std::move(dims)));
    return *this;
  }
  /// A constant int64 input with known values, 1-D unless dims are given ({} for a scalar).
  NodeBuilder& ints(std::vector<std::int64_t> values) {
    const auto n = static_cast<std::int64_t>(values.size());
    return ints_shaped(std::move(values), {n});
  }
  NodeBuilder& scalar(std::int64_t value) { return ints_shaped({value}, {}); }
  NodeBuilder& ints_shaped(std::vector<std::int64_t> values, std::vector<std::int64_t> dims) {
    const TensorId id = tensor(TensorKind::initializer, DataType::int64, std::move(dims));
    auto v = std::make_shared<TensorValues>();
    v->ints = std::move(values);
    graph_.tensor(id).values = std::move(v);
    node_.inputs.push_back(id);
    return *this;
  }
  /// An input whose rank is not known.
  NodeBuilder& in_unknown_rank() {
    const TensorId id = tensor(TensorKind::graph_input, DataType::float32, {});
    graph_.tensor(id).dims.reset();
    node_.inputs.push_back(id);
    return *this;
  }
  /// An omitted optional input.
  NodeBuilder& absent() {
    node_.inputs.push_back(kNoTensor);
    return *this;
  }

  NodeBuilder& out(std::vector<std::int64_t> dims, DataType type = DataType::float32) {
    node_.outputs.push_back(tensor(TensorKind::intermediate, type, std::move(dims)));
    return *this;
  }
  /// An output whose shape inference gave nothing.
  NodeBuilder& out_unknown() {
    const TensorId id = tensor(TensorKind::intermediate, DataType::float32, {});
    graph_.tensor(id).dims.reset();
    node_.outputs.push_back(id);
    return *this;
  }

  NodeBuilder& attr_i(std::string name, std::int64_t v) {
    Attribute a = named(std::move(name), Attribute::Type::i);
    a.i = v;
    return push(std::move(a));
  }
  NodeBuilder& attr_f(std::string name, double v) {
    Attribute a = named(std::move(name), Attribute::Type::f);
    a.f = v;
    return push(std::move(a));
  }
  NodeBuilder& attr_s(std::string name, std::string v) {
    Attribute a = named(std::move(name), Attribute::Type::s);
    a.s = std::move(v);
    return push(std::move(a));
  }
  NodeBuilder& attr_ints(std::string name, std::vector<std::int64_t> v) {
    Attribute a = named(std::move(name), Attribute::Type::ints);
    a.ints = std::move(v);
    return push(std::move(a));
  }
  NodeBuilder& attr_strings(std::string name, std::vector<std::string> v) {
    Attribute a = named(std::move(name), Attribute::Type::strings);
    a.strings = std::move(v);
    return push(std::move(a));
  }

  const CostRule& rule() const {
    const CostRule* r = CostRegistry::builtin().find(node_.domain, node_.op_type);
    if (r == nullptr) throw std::logic_error("no cost rule for " + node_.op_type);
    return *r;
  }

  OpCost run() const { return rule().fn(NodeContext(node_, graph_)); }

 private:
  TensorId tensor(TensorKind kind, DataType type, std::vector<std::int64_t> dims) {
    const TensorId id = graph_.add_tensor("t" + std::to_string(graph_.tensors.size()), kind);
    Tensor& t = graph_.tensor(id);
    t.dtype = type;
    t.dims = std::move(dims);
    return id;
  }
  static Attribute named(std::string name, Attribute::Type type) {
    Attribute a;
    a.name = std::move(name);
    a.type = type;
    return a;
  }
  NodeBuilder& push(Attribute a) {
    node_.attributes.push_back(std::move(a));
    return *this;
  }

  Graph graph_;
  Node node_;
};

}  // namespace infergy::testing
