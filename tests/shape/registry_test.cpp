// The native shape rules as a whole: one rule per op, and every rule copes with inputs whose
// rank is unknown (it leaves what it cannot know unknown, or rejects the node as malformed),
// never crashing and never raising anything but an input error.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "shape/context.hpp"
#include "shape/shape_case.hpp"

namespace infergy {
namespace {

using testing::ShapeCase;

TEST(ShapeRules, OneRulePerOpAndEachIsNative) {
  std::set<std::string> keys;
  for (const auto& e : shape::all_shape_rules()) {
    const std::string key = std::string(e.domain) + "/" + std::string(e.op_type);
    EXPECT_TRUE(keys.insert(key).second) << "two rules for " << key;
    EXPECT_NE(e.rule, nullptr) << key;
    EXPECT_TRUE(has_native_shape_rule(e.domain, e.op_type)) << key;
  }
  // If, Loop and Scan are the driver's (they recurse into subgraphs), not table rules.
  for (const char* op : {"If", "Loop", "Scan"}) {
    EXPECT_FALSE(keys.contains(std::string("ai.onnx/") + op));
    EXPECT_TRUE(has_native_shape_rule("ai.onnx", op));
  }
  EXPECT_FALSE(has_native_shape_rule("ai.onnx", "NoSuchOp"));
}

TEST(ShapeRules, EveryRuleAcceptsUnknownRanks) {
  for (const auto& e : shape::all_shape_rules()) {
    ShapeCase c{std::string(e.op_type), std::string(e.domain), 18};
    for (int i = 0; i < 4; ++i) c.in_unknown_rank();
    c.outputs(4);
    const std::string key = std::string(e.domain) + "/" + std::string(e.op_type);
    try {
      c.run();
    } catch (const Error& err) {
      EXPECT_EQ(err.kind(), ErrorKind::input) << key << ": " << err.what();
    }
  }
}

}  // namespace
}  // namespace infergy
