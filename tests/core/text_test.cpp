#include "infergy/text.hpp"

#include <gtest/gtest.h>

#include "infergy/checked.hpp"
#include "infergy/table.hpp"

namespace infergy {
namespace {

TEST(Text, EditDistanceMatchesHandCounts) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);  // k->s, e->i, +g
  EXPECT_EQ(edit_distance("A100", "a100"), 0u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(Text, ClosestMatchesPrefersSubstrings) {
  const std::vector<std::string> ids = {"a100-sxm4-40gb", "a30", "h100-sxm5", "v100-sxm2-16gb"};
  const auto m = closest_matches("a100", ids, 2);
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0], "a100-sxm4-40gb");
  EXPECT_TRUE(closest_matches("zzzzzzzzzz", ids).empty());
}

TEST(Text, SignificantDigits) {
  EXPECT_EQ(format_significant(4.0893, 4), "4.089");
  EXPECT_EQ(format_significant(123.456, 4), "123.5");
  EXPECT_EQ(format_si(4.089e9), "4.089 G");
  EXPECT_EQ(format_si(950), "950.0");
}

TEST(Checked, DetectsOverflow) {
  EXPECT_EQ(checked_mul(1 << 20, 1 << 20), std::int64_t{1} << 40);
  EXPECT_FALSE(checked_mul(std::int64_t{1} << 32, std::int64_t{1} << 31).has_value());
  const std::int64_t dims[] = {1LL << 21, 1LL << 21, 1LL << 21};
  EXPECT_FALSE(checked_product(dims).has_value());
}

TEST(Table, RendersAlignedTextMarkdownAndCsv) {
  Table t({{"op", Align::left}, {"MACs", Align::right}});
  t.add_row({"Conv", "118"});
  t.add_row({"MatMul|x", "7"});
  EXPECT_EQ(t.to_text(), "op        MACs\n--------------\nConv       118\nMatMul|x     7\n");
  EXPECT_EQ(t.to_markdown(),
            "| op | MACs |\n| :--- | ---: |\n| Conv | 118 |\n| MatMul\\|x | 7 |\n");
  EXPECT_EQ(t.to_csv(), "op,MACs\nConv,118\nMatMul|x,7\n");
}

}  // namespace
}  // namespace infergy
