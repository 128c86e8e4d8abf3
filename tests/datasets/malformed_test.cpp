// A user's own --models file: each kind of mistake is reported at its file:line:column, the
// strict policy stops at the first, the lenient one reports every bad row and keeps the rest.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "infergy/datasets.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

const std::string kHeader =
    "name,family,date,params_m,gmacs,gflops,resolution,top1,top5,extra_data,source_date,"
    "source_metrics\n";
// Line 2: a valid row (ResNet-50 as in timm). Lines 3+ are the test's own.
const std::string kGood =
    "ResNet-50,ResNet,2015-12-10,25.56,4.11,8.22,224,76.13,92.86,none,"
    "https://arxiv.org/abs/1512.03385,timm\n";

std::string error_of(const std::string& text, const std::string& source = "user.csv") {
  try {
    (void)parse_imagenet_models(text, source, RowPolicy::fatal);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  return "no error";
}

std::vector<std::string> problems_of(const std::string& text, std::size_t expected_rows) {
  LoadReport report;
  const auto models = parse_imagenet_models(text, "user.csv", RowPolicy::skip, &report);
  EXPECT_EQ(models.size(), expected_rows);
  return report.problems;
}

TEST(Malformed, BadDateUnderBothPolicies) {
  const std::string text = kHeader + kGood + "Bad,X,2019-13-01,10,1,2,224,70,90,none,src,src\n" +
                           "AlsoGood,X,2019-12-01,10,1,2,224,70,90,none,src,src\n";
  const std::string expected =
      "user.csv:3:3 (date): '2019-13-01' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)";
  EXPECT_EQ(error_of(text), expected);
  const auto problems = problems_of(text, 2);  // the bad row skipped, the rows around it kept
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], expected);
}

TEST(Malformed, DateOutsideTheStudyWindow) {
  const std::string text = kHeader + "Future,X,2099-01-01,10,1,2,224,70,90,none,src,src\n";
  EXPECT_NE(error_of(text).find("user.csv:2:3 (date): 2099-01-01 is outside 2010-01-01.."),
            std::string::npos);
}

TEST(Malformed, NegativeParamsUnderBothPolicies) {
  const std::string text = kHeader + kGood + "Neg,X,2019-01-01,-5,1,2,224,70,90,none,src,src\n";
  const std::string expected =
      "user.csv:3:4 (params_m): -5 M params is outside 0.05..100000 M params";
  EXPECT_EQ(error_of(text), expected);
  const auto problems = problems_of(text, 1);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], expected);
}

TEST(Malformed, MissingColumnIsFatalUnderBothPolicies) {
  // Nothing can be read without a date: the whole file is refused, and the message points at
  // the header line, one column past its end (where the column would go).
  const std::string text =
      "# my models\nname,params_m,gmacs,resolution,extra_data,source_metrics\n"
      "A,10,1,224,none,src\n";
  const std::string expected = "user.csv:2:7: missing column 'date'";
  EXPECT_EQ(error_of(text), expected);
  LoadReport report;
  try {
    (void)parse_imagenet_models(text, "user.csv", RowPolicy::skip, &report);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), expected);
  }
}

TEST(Malformed, DuplicateNameNamesTheFirstOccurrence) {
  const std::string text =
      kHeader + kGood + "resnet-50,ResNet,2016-01-01,25.56,4.11,8.22,224,76,93,none,src,src\n";
  const std::string expected =
      "user.csv:3:1 (name): duplicate name 'resnet-50' (first at user.csv:2)";
  EXPECT_EQ(error_of(text), expected);
  const auto problems = problems_of(text, 1);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], expected);
}

TEST(Malformed, SkipReportsEveryProblemOfARow) {
  // One row, four mistakes: all reported, so the user fixes them in one go.
  const std::string text = kHeader + "Many,X,2019-01-01,10,1,5,224,101,90,jft300m,src,src\n";
  const auto problems = problems_of(text, 0);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0], "user.csv:2:6 (gflops): gflops 5 is not 2 x gmacs (1 x 2 = 2)");
  EXPECT_EQ(problems[1], "user.csv:2:8 (top1): 101 % is outside (0, 100]");
  EXPECT_EQ(problems[2], "user.csv:2:9 (top5): top5 90 % is below top1 101 %");
  EXPECT_NE(problems[3].find("user.csv:2:10 (extra_data): 'jft300m' is not one of"),
            std::string::npos);
  EXPECT_NE(problems[3].find("did you mean 'jft-300m'?"), std::string::npos);
}

TEST(Malformed, TopFiveBelowTopOneAndBadNumbers) {
  EXPECT_EQ(error_of(kHeader + "A,X,2019-01-01,10,1,2,224,80,70,none,src,src\n"),
            "user.csv:2:9 (top5): top5 70 % is below top1 80 %");
  EXPECT_EQ(error_of(kHeader + "A,X,2019-01-01,ten,1,2,224,80,90,none,src,src\n"),
            "user.csv:2:4 (params_m): 'ten' is not a number");
  EXPECT_EQ(error_of(kHeader + "A,X,2019-01-01,10,1,2,22.4,80,90,none,src,src\n"),
            "user.csv:2:7 (resolution): '22.4' is not an integer");
}

TEST(Malformed, RowWithoutAnySourceIsRefused) {
  EXPECT_EQ(error_of(kHeader + "A,X,2019-01-01,10,1,2,224,80,90,none,,\n"),
            "user.csv:2:12 (source_metrics): a source is required");
}

TEST(Malformed, OnlyGflopsIsEnoughAndGmacsFollows) {
  // A user file may give GFLOPs alone (no gmacs column); GMACs are half of them.
  const auto models = parse_imagenet_models(
      "name,date,params_m,gflops,resolution,extra_data,source_metrics\n"
      "Mine,2024-05,12,3.2,256,none,my paper\n",
      "mine.csv");
  ASSERT_EQ(models.size(), 1u);
  EXPECT_DOUBLE_EQ(models[0].gmacs, 1.6);
  EXPECT_EQ(models[0].date, (Date{2024, 5, 1}));
  EXPECT_FALSE(models[0].top1.has_value());
  EXPECT_EQ(models[0].origin, "mine.csv:2");
}

TEST(Malformed, MissingFileIsNoInput) {
  try {
    (void)load_imagenet_models("/nonexistent/models.csv");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::no_input);
  }
}

TEST(MalformedGlue, EachRuleNamesItsCell) {
  const std::string header =
      "name,date,params_m,gflops,input_tokens,gflops_method,glue_test,source_compute\n";
  LoadReport report;
  const auto models = parse_glue_models(
      header + "BERT-Base,2018-10-11,110,29,128,paper,79.6,ELECTRA Table 1\n" +
          "PerToken,2018-10-11,110,0.227,128,paper,,x\n" +  // 2 x 110e6 x 128 = 28 GFLOPs
          "NoTokens,2018-10-11,110,29,0,paper,,x\n" + "Guess,2018-10-11,110,29,128,guess,,x\n" +
          "BERT-Base,2019-01-01,110,29,128,paper,,x\n" + "Over,2019-01-01,110,29,128,paper,101,x\n",
      "glue.csv", RowPolicy::skip, &report);
  ASSERT_EQ(models.size(), 1u);
  ASSERT_EQ(report.problems.size(), 5u);
  EXPECT_NE(report.problems[0].find("glue.csv:3:4 (gflops): gflops 0.227 is 0.00806x"),
            std::string::npos)
      << report.problems[0];
  EXPECT_EQ(report.problems[1], "glue.csv:4:5 (input_tokens): 0 tokens is outside 1..1048576");
  EXPECT_EQ(report.problems[2],
            "glue.csv:5:6 (gflops_method): 'guess' is not one of paper, derived, study");
  EXPECT_EQ(report.problems[3],
            "glue.csv:6:1 (name): duplicate name 'BERT-Base' (first at glue.csv:2)");
  EXPECT_EQ(report.problems[4], "glue.csv:7:7 (glue_test): 101 % is outside (0, 100]");
}

TEST(MalformedGlue, ScoresCarryTheirConvention) {
  const std::string header =
      "name,date,params_m,gflops,input_tokens,gflops_method,glue_test,glue_convention,"
      "source_compute\n";
  LoadReport report;
  const auto models =
      parse_glue_models(header + "BERT-Base,2018-10-11,110,29,128,paper,79.6,no-wnli,x\n" +
                            "RoBERTa,2019-07-26,355,78.9,128,derived,88.5,,x\n" +
                            "Mixed,2019-07-26,355,78.9,128,derived,88.5,bert,x\n" +
                            "NoScore,2019-07-26,355,78.9,128,derived,,leaderboard,x\n",
                        "glue.csv", RowPolicy::skip, &report);
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0].glue_convention, "no-wnli");
  ASSERT_EQ(report.problems.size(), 3u);
  EXPECT_EQ(report.problems[0],
            "glue.csv:3:8 (glue_convention): a glue_test score needs its glue_convention "
            "(leaderboard, no-wnli or unstated)");
  EXPECT_EQ(report.problems[1],
            "glue.csv:4:8 (glue_convention): 'bert' is not one of leaderboard, no-wnli, unstated");
  EXPECT_EQ(report.problems[2],
            "glue.csv:5:8 (glue_convention): a glue_convention needs a glue_test score");
}

TEST(MalformedReferences, DuplicateIdAndNonPositiveValue) {
  const std::string text =
      "id,quantity,value,unit,year,source\n"
      "brain,brain power,20,W,2002,Raichle 2002\n"
      "brain,again,21,W,2002,x\n"
      "zero,nothing,0,W,2002,x\n"
      "old,ancient,1,W,1800,x\n";
  LoadReport report;
  const auto refs = parse_references(text, "refs.csv", RowPolicy::skip, &report);
  ASSERT_EQ(refs.size(), 1u);
  ASSERT_EQ(report.problems.size(), 3u);
  EXPECT_EQ(report.problems[0], "refs.csv:3:1 (id): duplicate name 'brain' (first at refs.csv:2)");
  EXPECT_EQ(report.problems[1], "refs.csv:4:3 (value): 0 must be > 0");
  EXPECT_NE(report.problems[2].find("refs.csv:5:5 (year): 1800 is outside 1900.."),
            std::string::npos);
  EXPECT_THROW((void)parse_references(text, "refs.csv", RowPolicy::fatal), Error);
}

}  // namespace
}  // namespace infergy
