// docs/counting.md's per-family tables and its "Not counted" table are generated from the
// registry (rules_markdown, exclusions_markdown): this test fails when the committed document
// differs from what the registry gives, and writes the regenerated document next to the build
// so that it can be copied over (the message says how).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "infergy/cost.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CountingDoc, TablesMatchTheRegistry) {
  const std::string path = std::string(INFERGY_SOURCE_DIR) + "/docs/counting.md";
  const std::string doc = read(path);
  ASSERT_FALSE(doc.empty()) << path;
  const std::string regenerated = regenerate_rule_tables(doc, CostRegistry::builtin());
  if (regenerated != doc) {
    const std::string out = std::string(INFERGY_BINARY_DIR) + "/counting.md";
    std::ofstream(out) << regenerated;
    FAIL() << "docs/counting.md differs from the cost rules' descriptions; the regenerated "
              "document is "
           << out << " (cp " << out << " docs/counting.md)";
  }
}

TEST(CountingDoc, EveryFamilyHasItsTable) {
  const std::string doc = read(std::string(INFERGY_SOURCE_DIR) + "/docs/counting.md");
  std::set<std::string_view> families;
  for (const CostRule& r : CostRegistry::builtin().rules()) families.insert(r.family);
  for (std::string_view f : families) {
    EXPECT_NE(doc.find("<!-- generated: rules " + std::string(f) + " -->"), std::string::npos) << f;
  }
  EXPECT_NE(doc.find("<!-- generated: exclusions -->"), std::string::npos);
}

// Worked by hand: a registry of two rules of one family with the same formula and one other
// gives two rows; slots 1, 2, 3 and 5 print as "1-3, 5"; '*' is escaped for Markdown.
TEST(CountingDoc, RenderingGroupsRowsAndEscapes) {
  CostRegistry r;
  const CostFn fn = CostRegistry::builtin().find("ai.onnx", "Relu")->fn;
  r.add({"ai.onnx", "A", "fam", "FLOPs = 2*n", fn, 0});
  r.add({"ai.onnx", "B", "fam", "FLOPs = 2*n", fn, 0});
  r.add({"ai.onnx", "C", "fam", "FLOPs = |x|", fn, 0b101110});
  r.exclude({"ai.onnx", "D", "why not"});
  r.exclude({"ai.onnx.ml", "", "a whole domain"});
  EXPECT_EQ(rules_markdown(r, "fam"),
            "| Op | Domain | Count | Argument inputs |\n"
            "| :--- | :--- | :--- | :--- |\n"
            "| A, B | ai.onnx | FLOPs = 2\\*n | - |\n"
            "| C | ai.onnx | FLOPs = \\|x\\| | 1-3, 5 |\n");
  EXPECT_EQ(exclusions_markdown(r),
            "| Ops | Domain | Why |\n"
            "| :--- | :--- | :--- |\n"
            "| D | ai.onnx | why not |\n"
            "| every op | ai.onnx.ml | a whole domain |\n");
  const std::string doc =
      "text\n<!-- generated: rules fam -->\nstale\n<!-- end generated -->\nmore\n";
  EXPECT_EQ(regenerate_rule_tables(doc, r), "text\n<!-- generated: rules fam -->\n\n" +
                                                rules_markdown(r, "fam") +
                                                "\n<!-- end generated -->\nmore\n");
  EXPECT_THROW(
      regenerate_rule_tables("<!-- generated: rules nope -->\n<!-- end generated -->\n", r), Error);
  EXPECT_THROW(regenerate_rule_tables("<!-- generated: exclusions -->\n", r), Error);
}

}  // namespace
}  // namespace infergy
