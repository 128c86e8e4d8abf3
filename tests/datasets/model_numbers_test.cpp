// A table of models known by their numbers (estimate --table): columns and their aliases, GMACs
// to GFLOPs, and each mistake at its file:line:column.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "infergy/datasets.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

std::string error_of(const std::string& text) {
  try {
    (void)parse_model_numbers(text, "models.csv");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  return "no error";
}

// timm's benchmark columns for ResNet-50 and ViT-B/16 (infer_gmacs 4.11 and 17.58, params 25.56
// and 86.57 M, activations 11.11 and 23.9 M): GFLOPs = 2 × GMACs.
TEST(ModelNumbers, GmacsBecomeGflopsAndAliasesAreRead) {
  const auto rows = parse_model_numbers(
      "name,gmacs,params,activations,batch\n"
      "resnet50,4.11,25.56,11.11,256\n"
      "vit_b_16,17.58,86.57,23.9,\n",
      "models.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_DOUBLE_EQ(rows[0].gflops, 8.22);
  EXPECT_DOUBLE_EQ(*rows[0].params_m, 25.56);
  EXPECT_DOUBLE_EQ(*rows[0].activations_m, 11.11);
  EXPECT_EQ(rows[0].batch, 256);
  EXPECT_EQ(rows[0].origin, "models.csv:2");
  EXPECT_FALSE(rows[1].batch);  // the command's --batch then
}

TEST(ModelNumbers, GflopsWinOverGmacsAndEmptyCellsFallBack) {
  const auto rows = parse_model_numbers(
      "name,gflops,gmacs\n"
      "a,10,4\n"
      "b,,4\n",
      "models.csv");
  EXPECT_DOUBLE_EQ(rows[0].gflops, 10);
  EXPECT_DOUBLE_EQ(rows[1].gflops, 8);
}

TEST(ModelNumbers, EachMistakeNamesItsCell) {
  EXPECT_EQ(error_of("name,gmacs\nok,1\nbroken,abc\n"),
            "models.csv:3:2 (gmacs): 'abc' is not a number");
  EXPECT_EQ(error_of("name,gmacs\nneg,-4\n"),
            "models.csv:2:2 (gmacs): GFLOPs (2 x gmacs) must be a positive number (got -8)");
  EXPECT_EQ(error_of("name,gflops\nhuge,2e9\n"),
            "models.csv:2:2 (gflops): GFLOPs = 2000000000 is beyond any model (max 1000000000)");
  EXPECT_EQ(error_of("name,gflops,params_m\nm,1,0\n"),
            "models.csv:2:3 (params_m): parameters (M) must be a positive number (got 0)");
  EXPECT_EQ(error_of("name,gflops,batch\nm,1,0\n"),
            "models.csv:2:3 (batch): batch 0 must be at least 1");
  EXPECT_EQ(error_of("name,gflops\nm,\n"), "models.csv:2:2 (gflops): no gflops or gmacs value");
  EXPECT_EQ(error_of("name,params_m\nm,1\n"), "models.csv: needs a 'gflops' or a 'gmacs' column");
  EXPECT_NE(error_of("gflops\n1\n").find("missing column 'name'"), std::string::npos);
}

TEST(ModelNumbers, TheLenientPolicyKeepsTheGoodRows) {
  LoadReport report;
  const auto rows =
      parse_model_numbers("name,gflops\na,1\nb,x\nc,3\n", "models.csv", RowPolicy::skip, &report);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].name, "c");
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0], "models.csv:3:2 (gflops): 'x' is not a number");
}

TEST(ModelNumbers, TheRuleOfEachNumber) {
  EXPECT_FALSE(check_model_number(29, "GFLOPs"));
  EXPECT_TRUE(check_model_number(0, "GFLOPs"));
  EXPECT_TRUE(check_model_number(std::numeric_limits<double>::quiet_NaN(), "GFLOPs"));
  EXPECT_TRUE(check_model_number(std::numeric_limits<double>::infinity(), "GFLOPs"));
  EXPECT_FALSE(check_model_number(1e9, "GFLOPs"));
  EXPECT_TRUE(check_model_number(1.5e9, "GFLOPs"));
}

}  // namespace
}  // namespace infergy
