// The analysis tells an op excluded by design (with the registry's reason) from one that has no
// cost rule yet, in its node reports and in the list of what it did not count.
#include <gtest/gtest.h>

#include "infergy/analysis.hpp"

namespace infergy {
namespace {

// x -> StringNormalizer (excluded) and x -> com.microsoft.BeamSearch (no rule yet).
Model two_uncounted_nodes() {
  Model m;
  m.path = "uncounted.onnx";
  Graph& g = m.graph;
  const TensorId x = g.add_tensor("x", TensorKind::graph_input);
  g.tensor(x).dtype = DataType::string;
  g.tensor(x).dims = std::vector<std::int64_t>{4};
  g.inputs.push_back(x);
  const auto add_node = [&](std::string op, std::string domain, std::string out) {
    Node n;
    n.name = op;
    n.op_type = std::move(op);
    n.domain = std::move(domain);
    n.opset = 17;
    n.inputs = {x};
    const TensorId y = g.add_tensor(out, TensorKind::intermediate);
    n.outputs = {y};
    g.outputs.push_back(y);
    g.nodes.push_back(std::move(n));
  };
  add_node("StringNormalizer", "ai.onnx", "y");
  add_node("BeamSearch", "com.microsoft", "z");
  return m;
}

TEST(ExcludedOps, ReportedApartFromOpsWithoutARule) {
  const Analysis a = analyze(two_uncounted_nodes());
  ASSERT_EQ(a.nodes.size(), 2u);
  EXPECT_EQ(a.nodes[0].status, CostStatus::excluded);
  EXPECT_EQ(a.nodes[0].note,
            "not counted by design: " +
                std::string(CostRegistry::builtin().excluded("ai.onnx", "StringNormalizer")->why));
  EXPECT_EQ(a.nodes[1].status, CostStatus::no_rule);
  EXPECT_EQ(a.nodes[1].note, "no cost rule");
  ASSERT_EQ(a.uncounted.size(), 2u);
  for (const UncountedOp& u : a.uncounted) {
    EXPECT_EQ(u.nodes, 1u);
    EXPECT_EQ(u.reason, u.op_type == "StringNormalizer" ? a.nodes[0].note : "no cost rule");
  }
  EXPECT_EQ(a.counted_nodes, 0u);
  // Neither has a rule in the by-op summary.
  for (const OpSummary& s : a.by_op) EXPECT_FALSE(s.has_rule) << s.op_type;
}

}  // namespace
}  // namespace infergy
