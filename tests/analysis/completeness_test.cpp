// An analysis says whether its totals are the whole inference: a node without a cost rule, with
// a shape its rule needs unknown, or a loop of unknown trip count makes it incomplete, and every
// rendering says so; an op excluded by design does not.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "infergy/analysis.hpp"

namespace infergy {
namespace {

// x[2,8] -> op_a -> y -> op_b -> z, with the ops and whether x's shape is known chosen per test.
Model chain(std::string op_a, std::string domain_a, std::string op_b, bool x_known = true) {
  Model m;
  m.path = "chain.onnx";
  Graph& g = m.graph;
  const TensorId x = g.add_tensor("x", TensorKind::graph_input);
  g.tensor(x).dtype = DataType::float32;
  if (x_known) g.tensor(x).dims = std::vector<std::int64_t>{2, 8};
  g.inputs.push_back(x);
  const auto add = [&](std::string op, std::string domain, TensorId in, const char* out) {
    Node n;
    n.name = op + "_node";
    n.op_type = std::move(op);
    n.domain = std::move(domain);
    n.opset = 17;
    n.inputs = {in};
    const TensorId y = g.add_tensor(out, TensorKind::intermediate);
    g.tensor(y).dtype = DataType::float32;
    if (x_known) g.tensor(y).dims = std::vector<std::int64_t>{2, 8};
    n.outputs = {y};
    g.nodes.push_back(std::move(n));
    return y;
  };
  const TensorId y = add(std::move(op_a), std::move(domain_a), x, "y");
  g.outputs.push_back(add(std::move(op_b), "ai.onnx", y, "z"));
  return m;
}

TEST(Completeness, EveryNodeCountedIsComplete) {
  const Analysis a = analyze(chain("Relu", "ai.onnx", "Relu"));
  const Completeness c = completeness(a);
  EXPECT_TRUE(c.complete);
  EXPECT_TRUE(c.nodes.empty());
  EXPECT_EQ(c.summary, "");
  EXPECT_EQ(a.totals.flops, 32);  // two Relus over 16 elements, 1 FLOP each
}

TEST(Completeness, ANodeWithoutARuleMakesItIncomplete) {
  const Analysis a = analyze(chain("NoSuchOp", "com.microsoft", "Relu"));
  const Completeness c = completeness(a);
  EXPECT_FALSE(c.complete);
  EXPECT_FALSE(is_complete(a));
  ASSERT_EQ(c.nodes.size(), 1u);
  EXPECT_EQ(c.nodes[0].name, "NoSuchOp_node");
  EXPECT_EQ(c.nodes[0].op_type, "com.microsoft.NoSuchOp");
  EXPECT_EQ(c.nodes[0].reason, "no cost rule");
  EXPECT_EQ(c.summary, "1 of 2 nodes not counted (no cost rule: 1); the totals are a lower bound");
}

TEST(Completeness, AnUnknownShapeMakesItIncomplete) {
  const Analysis a = analyze(chain("Relu", "ai.onnx", "Relu", false));
  const Completeness c = completeness(a);
  EXPECT_FALSE(c.complete);
  ASSERT_EQ(c.nodes.size(), 2u);
  EXPECT_EQ(c.nodes[0].reason, "shape of x, y unknown");
  EXPECT_EQ(c.summary, "2 of 2 nodes not counted (shape unknown: 2); the totals are a lower bound");
}

TEST(Completeness, AnOpExcludedByDesignIsCompleteByConvention) {
  // Listed under "not counted", but outside what infergy counts: the totals are still whole.
  const Analysis a = analyze(chain("StringNormalizer", "ai.onnx", "Relu"));
  ASSERT_EQ(a.uncounted.size(), 1u);
  EXPECT_TRUE(is_complete(a));
}

TEST(Completeness, EveryFormatSaysIncomplete) {
  const Analysis a = analyze(chain("NoSuchOp", "com.microsoft", "Relu"));
  const std::string text = render(a, {.format = OutputFormat::table});
  const auto second_line = text.substr(text.find('\n') + 1, text.find('\n', text.find('\n') + 1));
  EXPECT_EQ(second_line.rfind("INCOMPLETE: 1 of 2 nodes not counted", 0), 0u) << text;
  const std::string md = render(a, {.format = OutputFormat::markdown});
  EXPECT_NE(md.find("> **INCOMPLETE:** 1 of 2 nodes"), std::string::npos) << md;

  const auto j = nlohmann::json::parse(render(a, {.format = OutputFormat::json}));
  EXPECT_FALSE(j["complete"].get<bool>());
  ASSERT_EQ(j["uncounted_nodes"].size(), 1u);
  EXPECT_EQ(j["uncounted_nodes"][0]["name"], "NoSuchOp_node");
  EXPECT_EQ(j["uncounted_nodes"][0]["op"], "com.microsoft.NoSuchOp");
  EXPECT_EQ(j["uncounted_nodes"][0]["reason"], "no cost rule");

  const std::string csv = render(a, {.format = OutputFormat::csv});
  EXPECT_NE(csv.find("\nmodel,complete,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nchain.onnx,false,"), std::string::npos) << csv;
  const std::string per_node = render(a, {.format = OutputFormat::csv, .per_node = true});
  EXPECT_NE(per_node.find("\n# incomplete: 1 of 2 nodes not counted"), std::string::npos);

  const std::vector<ModelOutcome> many{{"chain.onnx", a, "", ErrorKind::no_input}};
  const auto rows = nlohmann::json::parse(render_summary(many, OutputFormat::json));
  EXPECT_FALSE(rows[0]["complete"].get<bool>());
  EXPECT_EQ(rows[0]["uncounted_nodes"].size(), 1u);
  EXPECT_NE(render_summary(many, OutputFormat::csv).find("\nchain.onnx,false,"), std::string::npos);
}

TEST(Completeness, ACompleteAnalysisSaysNothingExtra) {
  const Analysis a = analyze(chain("Relu", "ai.onnx", "Relu"));
  EXPECT_EQ(render(a, {.format = OutputFormat::table}).find("INCOMPLETE"), std::string::npos);
  const auto j = nlohmann::json::parse(render(a, {.format = OutputFormat::json}));
  EXPECT_TRUE(j["complete"].get<bool>());
  EXPECT_TRUE(j["uncounted_nodes"].empty());
  EXPECT_NE(render(a, {.format = OutputFormat::csv}).find("\nchain.onnx,true,"), std::string::npos);
}

}  // namespace
}  // namespace infergy
