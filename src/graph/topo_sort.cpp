// Topological order of a graph's nodes (Kahn's algorithm). ONNX files should be sorted, but not
// all writers sort them; every later stage visits nodes in this order.
#include <functional>
#include <queue>

#include "infergy/graph.hpp"

namespace infergy {

void collect_captures(const Graph& g, std::unordered_set<std::string>& out) {
  for (const auto& t : g.tensors) {
    if (t.kind == TensorKind::outer_scope) out.insert(t.name);
  }
  for (const auto& n : g.nodes) {
    for (const auto& a : n.attributes) {
      for (const auto& sub : a.graphs) {
        std::unordered_set<std::string> inner;
        collect_captures(*sub, inner);
        for (const auto& name : inner) {
          if (g.find(name) == kNoTensor || g.tensor(g.find(name)).kind == TensorKind::outer_scope) {
            out.insert(name);
          }
        }
      }
    }
  }
}

std::optional<GraphCycle> sort_topologically(Graph& g) {
  const std::size_t count = g.nodes.size();
  for (auto& t : g.tensors) t.producer = -1;
  for (std::size_t i = 0; i < count; ++i) {
    for (TensorId out : g.nodes[i].outputs) {
      if (out != kNoTensor) g.tensor(out).producer = static_cast<std::int32_t>(i);
    }
  }
  std::vector<std::vector<std::int32_t>> consumers(count);
  std::vector<std::int32_t> pending(count, 0);
  for (std::size_t i = 0; i < count; ++i) {
    std::unordered_set<std::int32_t> producers;
    for (TensorId in : g.nodes[i].inputs) {
      if (in != kNoTensor && g.tensor(in).producer >= 0) producers.insert(g.tensor(in).producer);
    }
    for (const auto& a : g.nodes[i].attributes) {
      for (const auto& sub : a.graphs) {
        std::unordered_set<std::string> captures;
        collect_captures(*sub, captures);
        for (const auto& name : captures) {
          const TensorId id = g.find(name);
          if (id != kNoTensor && g.tensor(id).producer >= 0) {
            producers.insert(g.tensor(id).producer);
          }
        }
      }
    }
    for (auto p : producers) {
      if (static_cast<std::size_t>(p) == i) return GraphCycle{i, true};
      consumers[static_cast<std::size_t>(p)].push_back(static_cast<std::int32_t>(i));
      ++pending[i];
    }
  }
  // A min-heap of ready nodes: among nodes that may run, the earliest goes first.
  std::vector<std::int32_t> order;
  order.reserve(count);
  std::priority_queue<std::int32_t, std::vector<std::int32_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < count; ++i) {
    if (pending[i] == 0) ready.push(static_cast<std::int32_t>(i));
  }
  bool in_order = true;
  while (!ready.empty()) {
    const std::int32_t n = ready.top();
    ready.pop();
    if (n != static_cast<std::int32_t>(order.size())) in_order = false;
    order.push_back(n);
    for (auto c : consumers[static_cast<std::size_t>(n)]) {
      if (--pending[static_cast<std::size_t>(c)] == 0) ready.push(c);
    }
  }
  if (order.size() != count) {
    for (std::size_t i = 0; i < count; ++i) {
      if (pending[i] > 0) return GraphCycle{i, false};
    }
  }
  if (in_order) return std::nullopt;
  std::vector<Node> sorted;
  sorted.reserve(count);
  for (auto i : order) sorted.push_back(std::move(g.nodes[static_cast<std::size_t>(i)]));
  g.nodes = std::move(sorted);
  for (std::size_t i = 0; i < count; ++i) {
    for (TensorId out : g.nodes[i].outputs) {
      if (out != kNoTensor) g.tensor(out).producer = static_cast<std::int32_t>(i);
    }
  }
  return std::nullopt;
}

}  // namespace infergy
