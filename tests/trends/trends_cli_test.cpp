// `infergy trends` end to end: the fitted numbers in every format, a user's model file with
// malformed rows (skipped with a warning naming file:line:column, or fatal with --strict), and
// the usage errors of the analysis flags.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "trends/run_cli.hpp"

namespace infergy {
namespace {

using test::run_infergy;

TEST(TrendsCli, TablePrintsEveryTrendWithItsNumbers) {
  const auto r = run_infergy("trends");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* what : {"fp32-vector", "fp16-matrix", "tf32-matrix", "imagenet", "glue",
                           "yearly-mean", "yearly-geomean", "best", "doubles", "halves",
                           "Hardware rule: best", "2017-06-21:fp16-matrix"}) {
    EXPECT_NE(r.out.find(what), std::string::npos) << what;
  }
}

TEST(TrendsCli, JsonOfOneDomain) {
  const auto r = run_infergy("trends --domain hardware --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j.contains("hardware"));
  EXPECT_FALSE(j.contains("imagenet"));
  EXPECT_EQ(j["options"]["hw_rule"], "best");
  const auto& fp32 = j["hardware"]["series"][0];
  EXPECT_EQ(fp32["id"], "fp32-vector");
  EXPECT_TRUE(fp32["trend"]["fitted"].get<bool>());
  // months = 12 log10(2) / slope, both as printed.
  EXPECT_NEAR(fp32["trend"]["months"].get<double>(),
              12 * std::log10(2.0) / fp32["trend"]["slope_log10_per_year"].get<double>(), 1e-9);
}

TEST(TrendsCli, CsvHasOneRowPerTrend) {
  const auto r = run_infergy("trends --domain imagenet --format csv");
  ASSERT_EQ(r.code, 0) << r.err;
  // Header + 3 quantities × 4 subsets.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 13);
}

std::string user_file() {
  const auto dir = test::fresh_dir("trends_cli");
  const auto path = (dir / "mine.csv").string();
  std::ofstream(path)
      << "# my models\n"
         "name,family,date,params_m,gmacs,gflops,resolution,top1,top5,extra_data,source_date,"
         "source_metrics\n"
         "My Net,Mine,2023-03-01,12,1.5,3,224,81.5,95.5,none,https://example.com/m,"
         "https://example.com/m\n"
         "Broken,Mine,2023-04-01,12,1.5,3,224,81.5,95.5,lots,https://example.com/b,"
         "https://example.com/b\n";
  return path;
}

TEST(TrendsCli, MalformedRowsAreSkippedWithTheirPlaceOrFatalUnderStrict) {
  const auto path = user_file();
  // Line 4 (after a comment and the header), column 10: extra_data 'lots'.
  const auto lenient =
      run_infergy("trends --domain imagenet --format json --models '" + path + "'");
  ASSERT_EQ(lenient.code, 0) << lenient.err;
  EXPECT_NE(lenient.err.find("warning: " + path + ":4:10 (extra_data)"), std::string::npos)
      << lenient.err;
  EXPECT_NE(lenient.err.find("row skipped"), std::string::npos);
  const auto j = nlohmann::json::parse(lenient.out);
  bool found = false;
  for (const auto& m : j["imagenet"]["models"]) found = found || m["name"] == "My Net";
  EXPECT_TRUE(found);

  const auto strict = run_infergy("trends --strict --models '" + path + "'");
  EXPECT_EQ(strict.code, 65);
  EXPECT_NE(strict.err.find(path + ":4:10 (extra_data)"), std::string::npos) << strict.err;
  EXPECT_TRUE(strict.out.empty());
}

TEST(TrendsCli, ReplaceModelsKeepsOnlyTheUsersRows) {
  const auto r = run_infergy("trends --domain imagenet --format json --replace-models --models '" +
                             user_file() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["imagenet"]["models"].size(), 1u);
  // One model cannot be fitted: every ImageNet trend says why instead of failing.
  for (const auto& t : j["imagenet"]["trends"]) EXPECT_FALSE(t["fitted"].get<bool>());
}

TEST(TrendsCli, FlagErrors) {
  EXPECT_EQ(run_infergy("trends --hw-rule fastest").code, 64);
  EXPECT_EQ(run_infergy("trends --eras fp32-vector,fp16-matrix").code, 64);
  EXPECT_EQ(run_infergy("trends --gpu-kinds gpus").code, 64);
  EXPECT_EQ(run_infergy("trends --since 2020-13").code, 64);
  EXPECT_EQ(run_infergy("trends --domain cifar").code, 64);
  const auto unknown = run_infergy("trends --hw-rule fixed:a100-sxm4-40g");
  EXPECT_EQ(unknown.code, 65);
  EXPECT_NE(unknown.err.find("a100-sxm4-40gb"), std::string::npos) << unknown.err;
  EXPECT_EQ(run_infergy("trends --models /nonexistent.csv").code, 66);
}

TEST(TrendsCli, RulesChangeTheJoules) {
  // fixed:t4 gives every model the T4's mixed precision (65 TFLOPS / 70 W = 928.57 GFLOPS/W):
  // AlexNet's 1.448 GFLOPs → 1.448 / 928.57 J.
  const auto r = run_infergy("trends --domain imagenet --format json --hw-rule fixed:t4");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const auto& m : j["imagenet"]["models"]) {
    if (m["name"] == "AlexNet") {
      EXPECT_NEAR(m["joules"].get<double>(), 1.448 / (65.0 * 1000 / 70), 1e-12);
    }
  }
  const auto trend = run_infergy("trends --domain imagenet --format json --hw-rule trend");
  ASSERT_EQ(trend.code, 0) << trend.err;
  EXPECT_EQ(nlohmann::json::parse(trend.out)["options"]["hw_rule"], "trend");
}

}  // namespace
}  // namespace infergy

namespace infergy {
namespace {

std::string models_line(const std::string& flags) {
  const auto r = test::run_infergy("trends --domain imagenet " + flags);
  EXPECT_EQ(r.code, 0) << flags << "\n" << r.err;
  const auto at = r.out.find("Models: ");
  return at == std::string::npos ? "" : r.out.substr(at, r.out.find(" ImageNet", at) - at);
}

// `--until 2021` includes the whole of 2021 (the models of 2021-03 as much as 2021-01-01's), and
// `--since 2021` starts on its first day: the year given is inside the window.
TEST(TrendsCli, AYearBoundIncludesTheWholeYear) {
  EXPECT_EQ(models_line("--until 2021"), models_line("--until 2021-12-31"));
  EXPECT_NE(models_line("--until 2021"), models_line("--until 2021-01-01"));
  EXPECT_EQ(models_line("--until 2021-06"), models_line("--until 2021-06-30"));
  EXPECT_EQ(models_line("--since 2021 --until 2021"),
            models_line("--since 2021-01-01 --until 2021-12-31"));
}

}  // namespace
}  // namespace infergy
