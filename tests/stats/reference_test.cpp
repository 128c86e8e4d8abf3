// Checks every statistic against tests/stats/reference.json, written by reference.py: fits in
// exact rational arithmetic (cross-checked there against statsmodels OLS), t and F at 40 digits
// with mpmath, numpy/scipy summaries, and brute-force subsets (see the script's docstring).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "infergy/stats.hpp"
#include "stats/close.hpp"

namespace infergy::stats {
namespace {

using nlohmann::json;
using testing::expect_close;

const json& reference() {
  static const json loaded = [] {
    std::ifstream in(INFERGY_SOURCE_DIR "/tests/stats/reference.json");
    if (!in) throw std::runtime_error("cannot open tests/stats/reference.json");
    return json::parse(in);
  }();
  return loaded;
}

std::vector<double> column(const std::string& dataset, const std::string& name) {
  return reference().at("datasets").at(dataset).at(name).get<std::vector<double>>();
}

/// JSON has no infinity; the script writes an unbounded end as null.
double number_or_inf(const json& j) {
  return j.is_null() ? std::numeric_limits<double>::infinity() : j.get<double>();
}

void expect_interval(Interval actual, const json& expected, const std::string& what) {
  expect_close(actual.low, number_or_inf(expected.at(0)), what + ".low");
  expect_close(actual.high, number_or_inf(expected.at(1)), what + ".high");
}

struct FitCase {
  const char* name;     // key under "fits"
  const char* dataset;  // key under "datasets"
  const char* column;   // the response column
};

// Which data each reference fit was computed from (reference.py, build()).
constexpr FitCase kFits[] = {
    {"gflops_log10", "gflops", "y"},
    {"gflops_log10_90", "gflops", "y"},
    {"gflops_score_linear", "gflops", "score"},
    {"falling_log10", "falling", "y"},
    {"flat_log10", "flat", "y"},
    {"tiny_log10", "tiny", "y"},
};

void expect_growth(const Growth& g, const json& e, const std::string& what) {
  expect_close(g.factor_per_year, e.at("factor_per_year"), what + ".factor_per_year");
  expect_interval(g.factor_ci, e.at("factor_ci"), what + ".factor_ci");
  EXPECT_EQ(g.halving, e.at("halving").get<bool>()) << what;
  expect_close(g.months, number_or_inf(e.at("months")), what + ".months");
  expect_interval(g.months_ci, e.at("months_ci"), what + ".months_ci");
  ASSERT_EQ(g.opposite_months.has_value(), !e.at("opposite_months").is_null()) << what;
  if (g.opposite_months) {
    expect_close(*g.opposite_months, e.at("opposite_months"), what + ".opposite_months");
  }
}

void expect_band(const LinearFit& fit, const json& e, const std::string& what) {
  const auto band = confidence_band(fit, e.at("from"), e.at("to"), e.at("points"));
  ASSERT_EQ(band.size(), e.at("x").size()) << what;
  const bool log10 = fit.response == Response::log10_y;
  const auto to_y = [&](double v) { return log10 ? std::pow(10.0, v) : v; };
  for (std::size_t i = 0; i < band.size(); ++i) {
    const std::string at = fmt::format("{}.band[{}]", what, i);
    const double x = e.at("x").at(i);
    const double fitted = e.at("fitted").at(i);
    const json& mean_ci = e.at("mean_ci").at(i);
    const json& prediction_ci = e.at("prediction_ci").at(i);
    // In response units, straight from the fit.
    expect_close(band[i].x, x, at + ".x");
    expect_close(fit.predict(x), fitted, at + ".predict");
    expect_interval(fit.mean_ci(x), mean_ci, at + ".mean_ci");
    expect_interval(fit.prediction_ci(x), prediction_ci, at + ".prediction_ci");
    // In y units, as figures draw it.
    expect_close(band[i].fitted, to_y(fitted), at + ".fitted");
    expect_close(band[i].mean.low, to_y(mean_ci.at(0)), at + ".mean.low");
    expect_close(band[i].mean.high, to_y(mean_ci.at(1)), at + ".mean.high");
    expect_close(band[i].prediction.low, to_y(prediction_ci.at(0)), at + ".prediction.low");
    expect_close(band[i].prediction.high, to_y(prediction_ci.at(1)), at + ".prediction.high");
  }
}

// Prints the largest relative difference each test saw, for the record of achieved agreement.
class StatsReference : public ::testing::Test {
 protected:
  void SetUp() override { testing::worst_relative_difference() = 0; }
  void TearDown() override {
    std::cout << "worst relative difference from the reference: "
              << fmt::format("{:.3g}", testing::worst_relative_difference()) << "\n";
  }
};

TEST_F(StatsReference, FitsMatchExactReference) {
  for (const FitCase& c : kFits) {
    SCOPED_TRACE(c.name);
    const json& e = reference().at("fits").at(c.name);
    const auto x = column(c.dataset, "x");
    const auto y = column(c.dataset, c.column);
    const double confidence = e.at("confidence");
    const bool log10 = e.at("log10");
    const LinearFit fit = log10 ? fit_log10(x, y, confidence) : fit_line(x, y, confidence);

    EXPECT_EQ(fit.response, log10 ? Response::log10_y : Response::y);
    EXPECT_EQ(fit.n, e.at("n").get<std::size_t>());
    EXPECT_EQ(fit.confidence, confidence);
    expect_close(fit.slope, e.at("slope"), "slope");
    expect_close(fit.intercept, e.at("intercept"), "intercept");
    expect_close(fit.slope_se, e.at("slope_se"), "slope_se");
    expect_close(fit.intercept_se, e.at("intercept_se"), "intercept_se");
    expect_interval(fit.slope_ci, e.at("slope_ci"), "slope_ci");
    expect_interval(fit.intercept_ci, e.at("intercept_ci"), "intercept_ci");
    expect_close(fit.r2, e.at("r2"), "r2");
    expect_close(fit.residual_se, e.at("residual_se"), "residual_se");
    expect_close(fit.rss, e.at("rss"), "rss");
    expect_close(fit.t_slope, e.at("t_slope"), "t_slope");
    expect_close(fit.p_slope, e.at("p_slope"), "p_slope");
    expect_close(fit.f_statistic, e.at("f_statistic"), "f_statistic");
    // The F test of a one-regressor model is the slope's t test: same p-value.
    expect_close(fit.p_slope, e.at("f_pvalue"), "f_pvalue");
    expect_close(fisher_f_upper_p(fit.f_statistic, 1, static_cast<double>(fit.df())),
                 e.at("f_pvalue"), "fisher_f_upper_p");
    expect_close(fit.t_critical, e.at("t_critical"), "t_critical");
    expect_band(fit, e.at("band"), c.name);
    if (log10) expect_growth(growth_from_log10_fit(fit), e.at("growth"), "growth");
  }
}

TEST_F(StatsReference, DistributionsMatchMpmath) {
  const json& d = reference().at("distributions");
  for (const json& row : d.at("t_quantile")) {
    expect_close(student_t_quantile(row[0], row[1]), row[2],
                 fmt::format("t quantile {}", row.dump()));
  }
  for (const json& row : d.at("t_two_sided_p")) {
    expect_close(student_t_two_sided_p(row[0], row[1]), row[2], fmt::format("t p {}", row.dump()));
  }
  for (const json& row : d.at("f_upper_p")) {
    expect_close(fisher_f_upper_p(row[0], row[1], row[2]), row[3],
                 fmt::format("F p {}", row.dump()));
  }
}

TEST_F(StatsReference, YearlyMeansAndCounts) {
  const auto x = column("gflops", "x");
  const auto y = column("gflops", "y");
  const auto means = yearly_means(x, y);
  const json& e = reference().at("yearly_means");
  ASSERT_EQ(means.size(), e.size());
  for (std::size_t i = 0; i < means.size(); ++i) {
    const std::string at = fmt::format("year {}", e[i].at("year").get<int>());
    EXPECT_EQ(means[i].year, e[i].at("year").get<int>());
    EXPECT_EQ(means[i].n, e[i].at("n").get<std::size_t>()) << at;
    expect_close(means[i].mean_x, e[i].at("mean_x"), at + " mean_x");
    expect_close(means[i].mean, e[i].at("mean"), at + " mean");
    expect_close(means[i].mean_log10, e[i].at("mean_log10"), at + " mean_log10");
    expect_close(means[i].geometric_mean, e[i].at("geometric_mean"), at + " geometric_mean");
  }
  const auto counts = counts_per_year(x);
  const json& ec = reference().at("counts_per_year");
  ASSERT_EQ(counts.size(), ec.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    EXPECT_EQ(counts[i].year, ec[i].at("year").get<int>());
    EXPECT_EQ(counts[i].n, ec[i].at("n").get<std::size_t>()) << counts[i].year;
  }
}

TEST_F(StatsReference, RecordSettersMatchBruteForce) {
  EXPECT_EQ(record_setters(column("gflops", "x"), column("gflops", "score")),
            reference().at("record_setters").get<std::vector<std::size_t>>());
}

TEST_F(StatsReference, ParetoFrontsMatchBruteForce) {
  const auto x = column("gflops", "x");
  const auto score = column("gflops", "score");
  const auto cost = column("gflops", "y");
  const auto front = pareto_front(score, cost);
  EXPECT_EQ(front, reference().at("pareto_front").get<std::vector<std::size_t>>());
  for (std::size_t i = 0; i < score.size(); ++i) {
    const bool on_front = std::find(front.begin(), front.end(), i) != front.end();
    EXPECT_EQ(is_dominated(score[i], cost[i], score, cost), !on_front) << "point " << i;
  }
  const auto fronts = pareto_fronts_by_year(x, score, cost);
  const json& e = reference().at("pareto_fronts_by_year");
  ASSERT_EQ(fronts.size(), e.size());
  for (std::size_t i = 0; i < fronts.size(); ++i) {
    EXPECT_EQ(fronts[i].year, e[i].at("year").get<int>());
    EXPECT_EQ(fronts[i].front, e[i].at("front").get<std::vector<std::size_t>>()) << fronts[i].year;
  }
}

TEST_F(StatsReference, SummariesMatchNumpy) {
  const json& e = reference().at("summaries");
  const auto v = e.at("values").get<std::vector<double>>();
  expect_close(mean(v), e.at("mean"), "mean");
  expect_close(median(v), e.at("median"), "median");
  expect_close(geometric_mean(v), e.at("geometric_mean"), "geometric_mean");
  for (const json& row : e.at("quantiles")) {
    expect_close(quantile(v, row[0]), row[1], fmt::format("quantile {}", row[0].get<double>()));
  }
}

}  // namespace
}  // namespace infergy::stats
