#include <limits>

#include "infergy/checked.hpp"
#include "infergy/cost.hpp"

namespace infergy {

std::int64_t mul(std::initializer_list<std::int64_t> factors) {
  std::int64_t r = 1;
  for (auto f : factors) {
    auto p = checked_mul(r, f);
    if (!p) throw CountOverflow();
    r = *p;
  }
  return r;
}

std::int64_t add(std::initializer_list<std::int64_t> terms) {
  std::int64_t r = 0;
  for (auto t : terms) {
    auto s = checked_add(r, t);
    if (!s) throw CountOverflow();
    r = *s;
  }
  return r;
}

std::int64_t product(std::span<const std::int64_t> dims) {
  auto p = checked_product(dims);
  if (!p) throw CountOverflow();
  return *p;
}

NodeContext::NodeContext(const Node& node, const Graph& graph) : node_(node), graph_(graph) {}

const Tensor* NodeContext::resolve(TensorId id) const {
  if (id == kNoTensor) return nullptr;
  const Tensor* t = &graph_.tensor(id);
  // A subgraph sees an enclosing graph's tensor through an outer_scope entry of the same name.
  const Graph* g = graph_.parent;
  while (t->kind == TensorKind::outer_scope && g != nullptr) {
    const TensorId outer = g->find(t->name);
    if (outer == kNoTensor) break;
    t = &g->tensor(outer);
    g = g->parent;
  }
  return t;
}

bool NodeContext::has_input(std::size_t i) const {
  return i < node_.inputs.size() && node_.inputs[i] != kNoTensor;
}

bool NodeContext::has_output(std::size_t i) const {
  return i < node_.outputs.size() && node_.outputs[i] != kNoTensor;
}

const Tensor* NodeContext::input(std::size_t i) const {
  return has_input(i) ? resolve(node_.inputs[i]) : nullptr;
}

const Tensor* NodeContext::output(std::size_t i) const {
  return has_output(i) ? resolve(node_.outputs[i]) : nullptr;
}

namespace {
std::span<const std::int64_t> known_dims(const Tensor* t) {
  if (t == nullptr || !t->shape_known()) throw UnknownShape();
  return *t->dims;
}
}  // namespace

std::span<const std::int64_t> NodeContext::in_dims(std::size_t i) const {
  return known_dims(input(i));
}

std::span<const std::int64_t> NodeContext::out_dims(std::size_t i) const {
  return known_dims(output(i));
}

std::int64_t NodeContext::in_elements(std::size_t i) const {
  return product(in_dims(i));
}

std::int64_t NodeContext::out_elements(std::size_t i) const {
  return product(out_dims(i));
}

std::int64_t NodeContext::all_out_elements() const {
  std::int64_t total = 0;
  for (std::size_t i = 0; i < num_outputs(); ++i) {
    if (has_output(i)) total = add({total, out_elements(i)});
  }
  return total;
}

}  // namespace infergy
