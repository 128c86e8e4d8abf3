// Whether an analysis's totals are the whole inference, and which nodes keep them from it.
#include <fmt/format.h>

#include <map>

#include "infergy/analysis.hpp"

namespace infergy {

namespace {

bool leaves_totals_short(const NodeReport& n) {
  return n.in_totals && (n.status == CostStatus::no_rule || n.status == CostStatus::unknown_shape ||
                         n.status == CostStatus::uncounted_loop);
}

}  // namespace

Completeness completeness(const Analysis& a) {
  Completeness c;
  std::map<std::string, std::size_t> by_status;
  for (const auto& n : a.nodes) {
    if (!leaves_totals_short(n)) continue;
    const std::string op = n.domain == "ai.onnx" ? n.op_type : n.domain + "." + n.op_type;
    const std::string reason = n.status == CostStatus::no_rule ? "no cost rule" : n.note;
    c.nodes.push_back(
        {n.graph, n.name, op, reason.empty() ? std::string(to_string(n.status)) : reason});
    ++by_status[n.status == CostStatus::no_rule ? "no cost rule"
                                                : std::string(to_string(n.status))];
  }
  // A dim that depends on the data leaves the totals the exact part of a range, even where
  // every node still got a count (its shape was known at the dim's bound).
  std::vector<std::string> unpinned;
  for (const auto& d : a.data_dims) {
    if (!d.pinned) unpinned.push_back(d.name);
  }
  c.complete = c.nodes.empty() && unpinned.empty();
  if (c.complete) return c;
  std::vector<std::string> sentences;
  if (!c.nodes.empty()) {
    std::vector<std::string> parts;
    for (const auto& [status, count] : by_status)
      parts.push_back(fmt::format("{}: {}", status, count));
    sentences.push_back(fmt::format("{} of {} nodes not counted ({}); the totals are a lower bound",
                                    c.nodes.size(), a.node_count - a.not_run_nodes,
                                    fmt::join(parts, ", ")));
  }
  if (!unpinned.empty()) {
    sentences.push_back(fmt::format(
        "{} data-dependent dim{} unpinned ({}): the totals are the exact part, lower and upper "
        "the range; --pin NAME=N makes them exact",
        unpinned.size(), unpinned.size() == 1 ? "" : "s", fmt::join(unpinned, ", ")));
  }
  c.summary = fmt::format("{}", fmt::join(sentences, "; "));
  return c;
}

}  // namespace infergy
