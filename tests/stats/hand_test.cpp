// Cases worked by hand; each derivation is in the comment above its checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "infergy/error.hpp"
#include "infergy/stats.hpp"
#include "stats/close.hpp"

namespace infergy::stats {
namespace {

using testing::expect_close;
using ::testing::HasSubstr;

constexpr double kInf = std::numeric_limits<double>::infinity();
const double kLog2 = std::log10(2.0);

template <class F>
Error error_from(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no infergy::Error was thrown";
  return Error(ErrorKind::internal, "");
}

// y doubles every 2 years: y = 2^((x − 2012)/2), so log10 y = (x − 2012)·log10(2)/2 exactly
// (up to the rounding of log10). Slope log10(2)/2 per year, growth √2 per year, doubling time
// 12·log10(2)/(log10(2)/2) = 24 months; every point on the line: R² = 1, residuals and standard
// errors 0 (here ~1e-17, the rounding of log10).
TEST(StatsHand, PerfectDoublingEveryTwoYears) {
  const std::vector<double> x = {2012, 2014, 2016, 2018, 2020};
  const std::vector<double> y = {1, 2, 4, 8, 16};
  const LinearFit fit = fit_log10(x, y);
  expect_close(fit.slope, kLog2 / 2, "slope");
  expect_close(fit.intercept, -2012 * kLog2 / 2, "intercept");
  EXPECT_NEAR(fit.r2, 1.0, 1e-14);
  EXPECT_LT(fit.slope_se, 1e-14);
  EXPECT_LT(fit.residual_se, 1e-14);
  const Growth g = growth_from_log10_fit(fit);
  expect_close(g.factor_per_year, std::sqrt(2.0), "factor per year");
  expect_close(g.months, 24.0, "doubling months");
  EXPECT_FALSE(g.halving);
  EXPECT_NEAR(g.months_ci.low, 24.0, 1e-9);
  EXPECT_NEAR(g.months_ci.high, 24.0, 1e-9);
  EXPECT_FALSE(g.opposite_months);
  // The mean response at 2016 is log10(4); the band around it has zero width.
  expect_close(fit.predict(2016), 2 * kLog2, "predict(2016)");
}

// y = 1 + 2x through x = 0..3: means 1.5 and 4, deviations ±0.5, ±1.5 and ±1, ±3, so
// Sxx = 5, Sxy = 10, slope 2, intercept 1, every residual exactly 0 in binary. An exact fit
// gives zero standard errors and zero-width intervals, t = +inf, p = 0, F = +inf.
TEST(StatsHand, ExactLineHasZeroErrorsAndInfiniteT) {
  const LinearFit fit = fit_line(std::vector<double>{0, 1, 2, 3}, std::vector<double>{1, 3, 5, 7});
  EXPECT_EQ(fit.response, Response::y);
  EXPECT_EQ(fit.slope, 2.0);
  EXPECT_EQ(fit.intercept, 1.0);
  EXPECT_EQ(fit.sxx, 5.0);
  EXPECT_EQ(fit.rss, 0.0);
  EXPECT_EQ(fit.slope_se, 0.0);
  EXPECT_EQ(fit.slope_ci.low, 2.0);
  EXPECT_EQ(fit.slope_ci.high, 2.0);
  EXPECT_EQ(fit.r2, 1.0);
  EXPECT_EQ(fit.t_slope, kInf);
  EXPECT_EQ(fit.p_slope, 0.0);
  EXPECT_EQ(fit.f_statistic, kInf);
}

// A constant response: slope 0 with nothing left over. By the documented convention R² = 1,
// t = 0 and p = 1 (no evidence of a slope), and a flat log10 trend never doubles: +inf months
// with a [+inf, +inf] interval (the slope interval is [0, 0], not crossing 0).
TEST(StatsHand, ConstantResponseIsFlat) {
  const std::vector<double> x = {2019.5, 2020.25, 2021};
  const LinearFit line = fit_line(x, std::vector<double>{0.1, 0.1, 0.1});
  EXPECT_EQ(line.slope, 0.0);
  EXPECT_EQ(line.response_mean, 0.1);
  EXPECT_EQ(line.r2, 1.0);
  EXPECT_EQ(line.t_slope, 0.0);
  EXPECT_EQ(line.p_slope, 1.0);
  EXPECT_EQ(line.predict(2030), 0.1);

  const Growth g = growth_from_log10_fit(fit_log10(x, std::vector<double>{7, 7, 7}));
  EXPECT_EQ(g.factor_per_year, 1.0);
  EXPECT_FALSE(g.halving);
  EXPECT_EQ(g.months, kInf);
  EXPECT_EQ(g.months_ci.low, kInf);
  EXPECT_EQ(g.months_ci.high, kInf);
  EXPECT_FALSE(g.months_ci.bounded());
  EXPECT_FALSE(g.opposite_months);
}

// Three points (2000, 1), (2001, 10), (2002, 1000): log10 y = 0, 1, 3.
//   x̄ = 2001, ȳ = 4/3; deviations dx = −1, 0, 1 and dy = −4/3, −1/3, 5/3.
//   Sxx = 2, Sxy = 4/3 + 5/3 = 3  →  slope = 3/2, intercept = 4/3 − 3/2·2001 = −18001/6.
//   Fitted 4/3 − 3/2 = −1/6, 4/3, 17/6; residuals 1/6, −1/3, 1/6; RSS = 1/36 + 4/36 + 1/36 = 1/6.
//   s² = RSS/(n − 2) = 1/6; se(slope) = √(s²/Sxx) = √(1/12); se(intercept) = √(s²(1/3 + 2001²/2)).
//   TSS = 16/9 + 1/9 + 25/9 = 14/3, R² = 1 − (1/6)/(14/3) = 27/28.
//   t = (3/2)/√(1/12) = 3√3, F = t² = 27.
// With 1 degree of freedom Student's t is the Cauchy law, CDF 1/2 + atan(t)/π, so
//   the 97.5% quantile is tan(0.475π) = 12.7062…, and the two-sided p = 2·atan(1/t)/π.
//   slope CI = 3/2 ± tan(0.475π)/√12 = [−2.168, 5.168]: it straddles 0.
// Growth: ×10^1.5 per year, doubling every 12·log10(2)/1.5 = 8·log10(2) = 2.408 months; the
// interval runs from 12·log10(2)/5.168 to +inf, and halving no faster than
// 12·log10(2)/2.168 months is also plausible.
TEST(StatsHand, ThreePointsWorkedByHand) {
  const std::vector<double> x = {2000, 2001, 2002};
  const std::vector<double> y = {1, 10, 1000};
  const LinearFit fit = fit_log10(x, y);
  const double pi = std::numbers::pi;
  const double t_crit = std::tan(0.475 * pi);
  const double half = t_crit / std::sqrt(12.0);

  EXPECT_EQ(fit.n, 3u);
  EXPECT_EQ(fit.df(), 1u);
  expect_close(fit.x_mean, 2001, "x_mean");
  expect_close(fit.response_mean, 4.0 / 3.0, "response_mean");
  expect_close(fit.sxx, 2, "sxx");
  expect_close(fit.slope, 1.5, "slope");
  expect_close(fit.intercept, -18001.0 / 6.0, "intercept");
  expect_close(fit.rss, 1.0 / 6.0, "rss");
  expect_close(fit.residual_se, std::sqrt(1.0 / 6.0), "residual_se");
  expect_close(fit.slope_se, std::sqrt(1.0 / 12.0), "slope_se");
  expect_close(fit.intercept_se, std::sqrt((1.0 / 6.0) * (1.0 / 3.0 + 2001.0 * 2001.0 / 2.0)),
               "intercept_se");
  expect_close(fit.r2, 27.0 / 28.0, "r2");
  expect_close(fit.t_slope, 3 * std::sqrt(3.0), "t");
  expect_close(fit.f_statistic, 27, "F");
  expect_close(fit.t_critical, t_crit, "t critical");
  expect_close(fit.p_slope, 2 * std::atan(1 / (3 * std::sqrt(3.0))) / pi, "p");
  expect_close(fit.slope_ci.low, 1.5 - half, "slope ci low");
  expect_close(fit.slope_ci.high, 1.5 + half, "slope ci high");
  EXPECT_TRUE(fit.slope_ci.contains(0.0));
  EXPECT_FALSE(fit.slope_ci.contains(5.2));

  // At x̄ the mean response's standard error is s/√n = √(1/18); a new point's is s·√(1 + 1/n).
  expect_close(fit.predict(2001), 4.0 / 3.0, "predict");
  expect_close(fit.mean_ci(2001).high, 4.0 / 3.0 + t_crit * std::sqrt(1.0 / 18.0), "mean ci");
  expect_close(fit.prediction_ci(2001).low, 4.0 / 3.0 - t_crit * std::sqrt(2.0 / 9.0),
               "prediction ci");
  const auto band = confidence_band(fit, 2000, 2002, 3);
  ASSERT_EQ(band.size(), 3u);
  EXPECT_EQ(band[2].x, 2002.0);
  expect_close(band[1].fitted, std::pow(10.0, 4.0 / 3.0), "band fitted in y units");
  expect_close(band[0].fitted, std::pow(10.0, -1.0 / 6.0), "band at 2000");

  const Growth g = growth_from_log10_fit(fit);
  expect_close(g.factor_per_year, std::pow(10.0, 1.5), "factor");
  expect_close(g.months, 8 * kLog2, "doubling months");
  EXPECT_FALSE(g.halving);
  expect_close(g.months_ci.low, 12 * kLog2 / (1.5 + half), "months ci low");
  EXPECT_EQ(g.months_ci.high, kInf);
  ASSERT_TRUE(g.opposite_months);
  expect_close(*g.opposite_months, 12 * kLog2 / (half - 1.5), "fastest halving");
}

// Slope −0.1 log10/year: ×0.794 per year, halving every 12·log10(2)/0.1 = 36.12 months.
// Interval [−0.3, 0.05] crosses 0: halving time from 12·log10(2)/0.3 up to +inf, and doubling
// no faster than 12·log10(2)/0.05 is plausible. Interval [0, 0.2] around 0.1 touches 0 only:
// unbounded above, but no opposite trend (a zero slope is flat, not halving).
TEST(StatsHand, GrowthIntervalsAcrossAndAtZero) {
  const Growth down = growth_from_log10_slope(-0.1, {-0.3, 0.05});
  EXPECT_TRUE(down.halving);
  expect_close(down.factor_per_year, std::pow(10.0, -0.1), "factor");
  expect_close(down.factor_ci.low, std::pow(10.0, -0.3), "factor low");
  expect_close(down.months, 12 * kLog2 / 0.1, "halving months");
  expect_close(down.months_ci.low, 12 * kLog2 / 0.3, "halving low");
  EXPECT_EQ(down.months_ci.high, kInf);
  ASSERT_TRUE(down.opposite_months);
  expect_close(*down.opposite_months, 12 * kLog2 / 0.05, "fastest doubling");

  const Growth touching = growth_from_log10_slope(0.1, {0.0, 0.2});
  EXPECT_FALSE(touching.halving);
  expect_close(touching.months_ci.low, 12 * kLog2 / 0.2, "doubling low");
  EXPECT_EQ(touching.months_ci.high, kInf);
  EXPECT_FALSE(touching.opposite_months);

  const Growth firm = growth_from_log10_slope(0.1, {0.05, 0.2});
  EXPECT_TRUE(firm.months_ci.bounded());
  expect_close(firm.months_ci.high, 12 * kLog2 / 0.05, "doubling high");

  EXPECT_EQ(error_from([] { growth_from_log10_slope(0.3, {0.0, 0.2}); }).kind(), ErrorKind::input);
  EXPECT_EQ(
      error_from([] {
        growth_from_log10_fit(fit_line(std::vector<double>{1, 2, 3}, std::vector<double>{1, 2, 4}));
      }).kind(),
      ErrorKind::internal);
}

// Decimal years near 2020 a day apart: the same geometry shifted to start at 0 (x − 2020 is
// exact in binary for x in [2020, 4040], Sterbenz) must give the same slope and standard error.
// Summing raw x² here would leave ~10 significant digits of Sxx (Σx² ≈ 4·10⁷, Sxx ≈ 7·10⁻⁴).
TEST(StatsHand, CentringKeepsPrecisionAtLargeX) {
  std::vector<double> x, shifted, y;
  for (int k = 0; k < 10; ++k) {
    x.push_back(2020.0 + k / 365.0);
    shifted.push_back(x.back() - 2020.0);
    y.push_back(3.0 + 0.5 * shifted.back() + (k % 3 == 0 ? 1e-4 : -5e-5));
  }
  const LinearFit near_2020 = fit_line(x, y);
  const LinearFit near_0 = fit_line(shifted, y);
  EXPECT_NEAR(near_2020.slope, near_0.slope, 1e-12 * std::abs(near_0.slope));
  EXPECT_NEAR(near_2020.slope_se, near_0.slope_se, 1e-9 * near_0.slope_se);
  EXPECT_NEAR(near_2020.r2, near_0.r2, 1e-12);
  EXPECT_NEAR(near_2020.predict(2020.01), near_0.predict(0.01), 1e-12);
}

TEST(StatsHand, BadInputsAreClearErrors) {
  const std::vector<double> two = {2019, 2020};
  Error e = error_from([&] { fit_line(two, two); });
  EXPECT_EQ(e.kind(), ErrorKind::input);
  EXPECT_THAT(e.what(), HasSubstr("at least 3 points"));
  EXPECT_THAT(e.what(), HasSubstr("got 2"));

  const std::vector<double> same_x = {2020, 2020, 2020};
  e = error_from([&] { fit_log10(same_x, std::vector<double>{1, 2, 3}); });
  EXPECT_EQ(e.kind(), ErrorKind::input);
  EXPECT_THAT(e.what(), HasSubstr("every x equals 2020"));

  const std::vector<double> x = {2018, 2019, 2020};
  e = error_from([&] { fit_log10(x, std::vector<double>{1, 0, 3}); });
  EXPECT_EQ(e.kind(), ErrorKind::input);
  EXPECT_THAT(e.what(), HasSubstr("y[1] = 0 is not positive"));
  e = error_from([&] { fit_log10(x, std::vector<double>{1, 2, -3}); });
  EXPECT_THAT(e.what(), HasSubstr("y[2] = -3 is not positive"));

  e = error_from([&] { fit_line(x, std::vector<double>{1, std::nan(""), 3}); });
  EXPECT_EQ(e.kind(), ErrorKind::input);
  EXPECT_THAT(e.what(), HasSubstr("y[1] is nan"));
  e = error_from([&] { fit_line(x, std::vector<double>{1, 2, 3}, 1.0); });
  EXPECT_THAT(e.what(), HasSubstr("confidence level 1"));
  e = error_from([&] { fit_line(x, two); });
  EXPECT_EQ(e.kind(), ErrorKind::internal);

  const LinearFit fit = fit_line(x, std::vector<double>{1, 2, 4});
  EXPECT_EQ(error_from([&] { confidence_band(fit, 2020, 2019, 5); }).kind(), ErrorKind::input);
  EXPECT_EQ(error_from([&] { confidence_band(fit, 2019, 2020, 1); }).kind(), ErrorKind::input);
  EXPECT_EQ(error_from([] { student_t_quantile(1.0, 3); }).kind(), ErrorKind::input);
  EXPECT_EQ(error_from([] { student_t_quantile(0.5, 0); }).kind(), ErrorKind::input);
}

// Sorted by date: 2012 (60) is the first record; in 2013 the best score 65 is held by points 0
// and 5 (both records: the data cannot order them) and 58 is not; 65 again in 2014 only equals
// the record; 70 in 2015 is a new one.
TEST(StatsHand, RecordSettersWithTies) {
  const std::vector<double> x = {2013, 2012, 2013, 2015, 2014, 2013};
  const std::vector<double> score = {65, 60, 58, 70, 65, 65};
  EXPECT_EQ(record_setters(x, score), (std::vector<std::size_t>{1, 0, 5, 3}));
  EXPECT_TRUE(record_setters(std::vector<double>{}, std::vector<double>{}).empty());
}

// (score, cost): 0 A(70, 1), 1 B(75, 4), 2 C(72, 4) is beaten by B at equal cost, 3 D(75, 5) by
// B at lower cost, 4 E(80, 10) and 5 F(80, 10) are duplicates (both stay), 6 G(60, 0.5) is the
// cheapest. Front by cost: G, A, B, E, F. Dated, the front grows: 2015 {A}; 2016 adds B and D
// (D dominated); 2017 adds C (dominated); 2018 adds E and F; 2019 adds G at the cheap end.
TEST(StatsHand, ParetoFrontWithDominanceAndDuplicates) {
  const std::vector<double> score = {70, 75, 72, 75, 80, 80, 60};
  const std::vector<double> cost = {1, 4, 4, 5, 10, 10, 0.5};
  EXPECT_EQ(pareto_front(score, cost), (std::vector<std::size_t>{6, 0, 1, 4, 5}));
  EXPECT_TRUE(is_dominated(74, 4.5, score, cost));  // B: 75 ≥ 74 at 4 ≤ 4.5
  EXPECT_FALSE(is_dominated(75, 4, score, cost));   // equal to B is not dominated
  EXPECT_TRUE(is_dominated(75, 4.0001, score, cost));
  EXPECT_FALSE(is_dominated(90, 100, score, cost));  // best score of all

  const std::vector<double> x = {2015.5, 2016.2, 2017.9, 2016.0, 2018.3, 2018.3, 2019.0};
  const auto fronts = pareto_fronts_by_year(x, score, cost);
  ASSERT_EQ(fronts.size(), 5u);
  const std::vector<std::vector<std::size_t>> expected = {
      {0}, {0, 1}, {0, 1}, {0, 1, 4, 5}, {6, 0, 1, 4, 5}};
  for (std::size_t i = 0; i < fronts.size(); ++i) {
    EXPECT_EQ(fronts[i].year, 2015 + static_cast<int>(i));
    EXPECT_EQ(fronts[i].front, expected[i]) << fronts[i].year;
  }
}

// 2019: y = 1 and 100, arithmetic mean 50.5, log10 mean (0 + 2)/2 = 1, geometric mean 10,
// mean date 2019.5. 2020: one point, 7. Counts run over every year in range, gaps included.
TEST(StatsHand, YearlyMeansAndCounts) {
  const std::vector<double> x = {2019.1, 2019.9, 2020.5};
  const auto means = yearly_means(x, std::vector<double>{1, 100, 7});
  ASSERT_EQ(means.size(), 2u);
  EXPECT_EQ(means[0].year, 2019);
  EXPECT_EQ(means[0].n, 2u);
  expect_close(means[0].mean_x, 2019.5, "mean x");
  expect_close(means[0].mean, 50.5, "mean");
  expect_close(means[0].mean_log10, 1.0, "mean log10");
  expect_close(means[0].geometric_mean, 10.0, "geometric mean");
  EXPECT_EQ(means[1].year, 2020);
  expect_close(means[1].geometric_mean, 7.0, "single point");

  const auto counts = counts_per_year(std::vector<double>{2015.3, 2012.5, 2015.2});
  ASSERT_EQ(counts.size(), 4u);
  EXPECT_EQ(counts[0].year, 2012);
  EXPECT_EQ(counts[0].n, 1u);
  EXPECT_EQ(counts[1].n, 0u);
  EXPECT_EQ(counts[2].n, 0u);
  EXPECT_EQ(counts[3].year, 2015);
  EXPECT_EQ(counts[3].n, 2u);
  EXPECT_EQ(error_from([&] {
              yearly_means(x, std::vector<double>{1, -1, 7});
            }).kind(),
            ErrorKind::input);
}

// {4, 1, 3, 2} sorted is 1, 2, 3, 4; type 7 puts q at h = 3q: q = 0.25 → 1.75 (between 1 and 2),
// q = 0.9 → h = 2.7 → 3.7; the median is 2.5, q = 0 and 1 the extremes.
// Geometric means: √(1·100) = 10, √(2·8) = 4.
TEST(StatsHand, Summaries) {
  const std::vector<double> v = {4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(quantile(v, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(quantile(v, 0.9), 3.7);
  EXPECT_EQ(quantile(v, 0.0), 1.0);
  EXPECT_EQ(quantile(v, 1.0), 4.0);
  EXPECT_EQ(median(v), 2.5);
  EXPECT_EQ(mean(v), 2.5);
  expect_close(geometric_mean(std::vector<double>{1, 100}), 10.0, "gmean 1, 100");
  expect_close(geometric_mean(std::vector<double>{2, 8}), 4.0, "gmean 2, 8");
  EXPECT_EQ(error_from([&] { quantile(v, 1.5); }).kind(), ErrorKind::input);
  EXPECT_EQ(error_from([] { median(std::vector<double>{}); }).kind(), ErrorKind::input);
  EXPECT_EQ(error_from([] { geometric_mean(std::vector<double>{1, 0}); }).kind(), ErrorKind::input);
}

}  // namespace
}  // namespace infergy::stats
