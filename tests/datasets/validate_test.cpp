// The row rules one by one: each accepts the edge of its range and rejects just past it.
#include "datasets/validate.hpp"

#include <gtest/gtest.h>

namespace infergy::datasets {
namespace {

TEST(Validate, DateWindowIsInclusive) {
  const Date latest{2025, 6, 30};
  EXPECT_FALSE(check_date_in_window({2010, 1, 1}, latest));
  EXPECT_FALSE(check_date_in_window(latest, latest));
  EXPECT_EQ(*check_date_in_window({2009, 12, 31}, latest),
            "2009-12-31 is outside 2010-01-01..2025-06-30");
  EXPECT_TRUE(check_date_in_window({2025, 7, 1}, latest));
}

TEST(Validate, PositiveInRangeRejectsZeroNegativeAndOutliers) {
  EXPECT_FALSE(check_positive_in_range(0.05, 0.05, 1e5, "M params"));
  EXPECT_FALSE(check_positive_in_range(1e5, 0.05, 1e5, "M params"));
  EXPECT_EQ(*check_positive_in_range(-25.6, 0.05, 1e5, "M params"),
            "-25.6 M params is outside 0.05..100000 M params");
  EXPECT_TRUE(check_positive_in_range(0, 0, 1, "GMACs"));  // zero is never a size
  EXPECT_TRUE(check_positive_in_range(1e5 + 1, 0.05, 1e5, "M params"));
}

TEST(Validate, GflopsMustBeTwiceGmacsUpToRounding) {
  // ResNet-50 (timm): 4.11 GMACs -> 8.22 GFLOPs; the printed 8.2 is within 0.5 %.
  EXPECT_FALSE(check_gflops_twice_gmacs(4.11, 8.22));
  EXPECT_FALSE(check_gflops_twice_gmacs(4.11, 8.2));
  // The classic slip: a paper's "FLOPs" (really MACs) copied into gflops.
  EXPECT_EQ(*check_gflops_twice_gmacs(4.11, 4.11),
            "gflops 4.11 is not 2 x gmacs (4.11 x 2 = 8.22)");
  // Tiny models get an absolute 0.01 G of slack for their 2-3 printed digits.
  EXPECT_FALSE(check_gflops_twice_gmacs(0.056, 0.12));
  EXPECT_TRUE(check_gflops_twice_gmacs(0.056, 0.13));
}

TEST(Validate, AccuracyAndTopFive) {
  EXPECT_FALSE(check_accuracy_percent(100));
  EXPECT_FALSE(check_accuracy_percent(0.1));
  EXPECT_TRUE(check_accuracy_percent(0));
  EXPECT_TRUE(check_accuracy_percent(100.01));
  EXPECT_FALSE(check_top5_not_below_top1(76.13, 92.86));
  EXPECT_FALSE(check_top5_not_below_top1(80, 80));
  EXPECT_EQ(*check_top5_not_below_top1(92.86, 76.13), "top5 76.13 % is below top1 92.86 %");
}

TEST(Validate, ResolutionAndTokens) {
  EXPECT_FALSE(check_resolution(32));
  EXPECT_FALSE(check_resolution(1024));
  EXPECT_EQ(*check_resolution(0), "0 px is outside 32..1024 px");
  EXPECT_TRUE(check_resolution(2240));
  EXPECT_FALSE(check_input_tokens(1));
  EXPECT_FALSE(check_input_tokens(1'048'576));
  EXPECT_TRUE(check_input_tokens(0));
}

TEST(Validate, VocabularySuggestsTheClosestTag) {
  const std::vector<std::string> tags = {"none", "imagenet-21k", "jft-300m"};
  EXPECT_FALSE(check_in_vocabulary("jft-300m", tags));
  EXPECT_EQ(*check_in_vocabulary("jft300m", tags),
            "'jft300m' is not one of none, imagenet-21k, jft-300m; did you mean 'jft-300m'?");
  EXPECT_TRUE(check_in_vocabulary("JFT-300M", tags));  // tags are exact, lower case
}

TEST(Validate, GlueComputeMustBeNearTwoParamsPerToken) {
  // BERT-Base: 2 x 110e6 x 128 = 28.2 GFLOPs, and ELECTRA prints 29: ratio 1.03.
  EXPECT_FALSE(check_glue_compute_plausible(29, 110, 128));
  // ALBERT-xxlarge: 2 x 235e6 x 512 = 240.6, study 2500: ratio 10.4 (one block reused 12x).
  EXPECT_FALSE(check_glue_compute_plausible(2500, 235, 512));
  // The same BERT-Base figure per token (0.227 GFLOPs) or in MFLOPs (29000) is a slip.
  EXPECT_TRUE(check_glue_compute_plausible(0.227, 110, 128));
  EXPECT_TRUE(check_glue_compute_plausible(29000, 110, 128));
}

TEST(Validate, ReferenceYear) {
  EXPECT_FALSE(check_reference_year(1900, 2026));
  EXPECT_FALSE(check_reference_year(2026, 2026));
  EXPECT_TRUE(check_reference_year(2027, 2026));
  EXPECT_TRUE(check_reference_year(19, 2026));
}

}  // namespace
}  // namespace infergy::datasets
