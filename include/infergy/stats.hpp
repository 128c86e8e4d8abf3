// Trend statistics with no knowledge of models: straight-line fits (on log10 of y for exponential
// trends), their confidence intervals, growth rates and doubling times, and the subsets a trend
// study fits to (record setters, yearly means, Pareto fronts).
//
// Conventions for the whole header
// - x is any real axis; the study uses decimal years (infergy::Date::decimal_year), and the few
//   functions that speak of years or months say so. Fits centre x on its mean before summing, so
//   x ≈ 2020 loses no precision (Σx² − n·x̄² over a few years' spread would cancel ~6 digits).
// - Every input must be finite; lengths must match. Invalid data (too few points, all x equal,
//   y ≤ 0 under a log, NaN or ±inf) throws infergy::Error of kind input, one line that says what is
//   wrong and, for a single bad value, its index (the caller knows which row that is). Two spans of
//   different lengths are a caller bug: kind internal.
// - Indices returned refer to the positions in the caller's spans.
//
// Example (the study's "all models" GFLOPs trend):
//   auto fit = stats::fit_log10(years, gflops);          // log10(GFLOPs) = a + b·year
//   auto g = stats::growth_from_log10_fit(fit);          // ×g.factor_per_year per year
//   fmt::print("doubles every {:.1f} months [{:.1f}, {:.1f}]\n", g.months, g.months_ci.low,
//              g.months_ci.high);                         // high may be +inf: see Growth
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace infergy::stats {

/// A closed interval [low, high]. An end may be ±infinity where documented (an unbounded side).
struct Interval {
  double low = 0;
  double high = 0;

  bool contains(double v) const noexcept { return low <= v && v <= high; }
  bool bounded() const noexcept;  // both ends finite
};

/// 10^v for both ends (log10 units back to y units); order is kept since 10^v is increasing.
Interval pow10(Interval v) noexcept;

// ---------------------------------------------------------------------------------------------
// Distributions (Boost.Math), exposed so reports can quote the quantile they used.

/// The p-quantile of Student's t with `df` degrees of freedom (df > 0, 0 < p < 1).
double student_t_quantile(double p, double df);
/// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom; 0 for t = ±inf.
double student_t_two_sided_p(double t, double df);
/// P(F ≥ f) for Fisher's F(d1, d2); 0 for f = +inf.
double fisher_f_upper_p(double f, double d1, double d2);

// ---------------------------------------------------------------------------------------------
// Ordinary least squares of one response on one regressor: response = intercept + slope·x + e,
// e ~ N(0, σ²) independent. Inference uses Student's t with n − 2 degrees of freedom, the same as
// R's lm and statsmodels' OLS (tests/stats/reference.py checks against the latter).

/// What the fitted response is: y itself, or log10(y) (an exponential trend in y).
enum class Response { y, log10_y };

struct LinearFit {
  Response response = Response::y;
  std::size_t n = 0;         // points fitted
  double confidence = 0.95;  // level of every interval below
  double slope = 0;          // response units per x unit (log10 units per year for fit_log10)
  double intercept = 0;      // response at x = 0 (far outside the data for decimal years)
  double slope_se = 0;       // standard errors
  double intercept_se = 0;
  Interval slope_ci;  // estimate ± t_critical · se
  Interval intercept_ci;
  double r2 = 0;             // 1 − RSS/TSS; 1 when every y is equal (nothing left to explain)
  double residual_se = 0;    // sqrt(RSS / (n − 2)), σ's estimate
  double rss = 0;            // residual sum of squares
  double t_slope = 0;        // slope / slope_se; ±inf for an exact non-flat fit; 0 when flat
  double p_slope = 1;        // two-sided p-value of slope ≠ 0 (also the F test's, F = t²)
  double f_statistic = 0;    // t_slope², reported as R and statsmodels do
  double t_critical = 0;     // Student t quantile (1 + confidence)/2 at n − 2 df
  double x_mean = 0;         // centre of the data; the fit is most precise there
  double response_mean = 0;  // mean response = fitted response at x_mean
  double sxx = 0;            // Σ (x − x_mean)²

  std::size_t df() const noexcept { return n - 2; }

  /// Fitted response at x (log10(y) for fit_log10; use pow10 / 10^ for y itself).
  double predict(double x) const noexcept;
  /// Confidence interval of the mean response at x: predict(x) ± t·s·sqrt(1/n + (x − x̄)²/Sxx).
  /// Narrowest at x_mean; this is the band drawn around a trend line.
  Interval mean_ci(double x) const noexcept;
  /// Prediction interval for one new observation at x: adds σ² (the "1 +" under the root).
  Interval prediction_ci(double x) const noexcept;
};

/// Least-squares line through (x[i], y[i]).
/// Throws input errors for n < 3 (no degrees of freedom left for σ), all x equal (no slope),
/// non-finite values, or confidence outside (0, 1).
/// Exact fits are allowed: RSS = 0 gives zero standard errors, zero-width intervals, t = ±inf and
/// p = 0 (or t = 0 and p = 1 when every y is equal, a flat line with nothing to test).
LinearFit fit_line(std::span<const double> x, std::span<const double> y, double confidence = 0.95);

/// fit_line on log10(y): an exponential trend y = 10^(intercept + slope·x). Every y must be > 0.
/// The result's response is Response::log10_y, so predictions and intervals are in log10 units.
LinearFit fit_log10(std::span<const double> x, std::span<const double> y, double confidence = 0.95);

/// A curve for figures: n_points x values evenly spaced over [x_from, x_to] (n_points ≥ 2), with
/// the fitted value, the mean-response band and the prediction band — in y units, i.e. already
/// raised to 10^ for a log10 fit, ready for a log-scaled axis.
struct BandPoint {
  double x = 0;
  double fitted = 0;
  Interval mean;
  Interval prediction;
};
std::vector<BandPoint> confidence_band(const LinearFit& fit, double x_from, double x_to,
                                       std::size_t n_points);

// ---------------------------------------------------------------------------------------------
// Growth rates of an exponential trend (a log10 fit against x in years).

/// Growth of y along a log10 trend, with the fit's confidence level.
///
/// The doubling time T(b) = 12·log10(2)/b months falls as the slope b rises, so the slope's
/// interval [b_lo, b_hi] maps to [T(b_hi), T(b_lo)]. When the slope is negative the same holds
/// for the halving time H(b) = 12·log10(2)/(−b), mapped to [H(b_lo), H(b_hi)].
///
/// When the slope interval reaches or crosses 0 the data cannot rule out "no change", so the far
/// end of `months_ci` is +infinity (check Interval::bounded before printing), and if it crosses 0
/// strictly, the opposite trend is plausible too: `opposite_months` then holds the fastest
/// opposite rate the interval allows (for a growing estimate, the shortest plausible halving
/// time, H(b_lo); for a shrinking one, the shortest plausible doubling time, T(b_hi)).
struct Growth {
  double factor_per_year = 1;  // 10^slope: ×1.41 per year doubles every 2 years
  Interval factor_ci;          // 10^slope_ci; always finite and ordered
  bool halving = false;        // slope < 0: `months` is a halving time
  double months = 0;           // doubling (or halving) time; +inf for slope 0
  Interval months_ci;          // low ≤ months ≤ high; high is +inf when the CI reaches 0
  std::optional<double> opposite_months;  // set only when the slope CI strictly crosses 0
};

/// From a fit_log10 result with x in years. Internal error for a fit of y itself.
Growth growth_from_log10_fit(const LinearFit& fit);
/// The same from a slope in log10 units per year and its interval (low ≤ slope ≤ high).
Growth growth_from_log10_slope(double slope, Interval slope_ci);

// ---------------------------------------------------------------------------------------------
// Subsets of a dataset a trend study fits to.

/// Indices of the points that set a new record of `score` when they appeared, in order of x
/// (then index): the state of the art at its date, which is how we read the study's "best
/// models".
/// A point is a record setter when its score is strictly above every score at a strictly smaller
/// x and not below any score at the same x. So the first point (smallest x) is always one; of
/// several points sharing an x, only those with the highest score can be, and if they also tie
/// in score they all are (the data cannot order them). Equalling an earlier record is not a new
/// record.
std::vector<std::size_t> record_setters(std::span<const double> x, std::span<const double> score);

/// Points grouped by calendar year, floor(x) for a decimal year; only years with points.
/// Both averages are given because a trend of yearly averages depends on which one is fitted.
/// The study fits a log-scale line to the average of each year (its "Average per year" line
/// beside "All DNNs" and "Best DNNs") but the parts of arXiv 2109.05472 we could consult do not
/// name the mean. The arithmetic mean is the literal reading of "average" and is pulled up by a
/// year's largest models; the geometric mean is the average the log-scale fit itself works in
/// (log10 of it is mean_log10). The trends code chooses and must say which.
/// For the x of each average, `year` or `year + 0.5` give the same slope (a constant shift);
/// `mean_x` (the average date) generally does not.
struct YearlyMean {
  int year = 0;
  std::size_t n = 0;
  double mean_x = 0;          // average x of the year's points
  double mean = 0;            // arithmetic mean of y
  double mean_log10 = 0;      // mean of log10(y)
  double geometric_mean = 0;  // 10^mean_log10
};
/// Every y must be > 0 (the geometric mean needs logs).
std::vector<YearlyMean> yearly_means(std::span<const double> decimal_years,
                                     std::span<const double> y);

struct YearCount {
  int year = 0;
  std::size_t n = 0;
};
/// How many points fall in each calendar year, for every year from the first to the last point's
/// (years without points have n = 0, so a bar chart shows the gaps). Empty input → empty result.
std::vector<YearCount> counts_per_year(std::span<const double> decimal_years);

// ---------------------------------------------------------------------------------------------
// Pareto fronts for (score to maximise, cost to minimise), e.g. Top-1 accuracy vs GFLOPs.
// Point i dominates j when score[i] ≥ score[j] and cost[i] ≤ cost[j], one of them strictly.
// Exact duplicates do not dominate each other, so both stay on a front.

/// Indices of the non-dominated points sorted by cost (then index): along the front, cost and
/// score both rise strictly, except between exact duplicates.
std::vector<std::size_t> pareto_front(std::span<const double> score_max,
                                      std::span<const double> cost_min);

/// Whether (score, cost) is dominated by any point of the set.
bool is_dominated(double score, double cost, std::span<const double> score_max,
                  std::span<const double> cost_min);

/// The front as of the end of each year: for every calendar year from the first point's to the
/// last point's, the pareto_front of the points with x < year + 1 (decimal years). Years that add
/// no point repeat the previous front, so a figure can show the front moving year by year.
struct YearFront {
  int year = 0;
  std::vector<std::size_t> front;
};
std::vector<YearFront> pareto_fronts_by_year(std::span<const double> decimal_years,
                                             std::span<const double> score_max,
                                             std::span<const double> cost_min);

// ---------------------------------------------------------------------------------------------
// Summaries. Empty input or non-finite values are input errors.

double mean(std::span<const double> v);
/// Quantile of type 7 (R's default, numpy's "linear"): with the values sorted, position
/// h = (n − 1)·q, interpolated linearly between the neighbours of h. 0 ≤ q ≤ 1.
double quantile(std::span<const double> v, double q);
double median(std::span<const double> v);  // quantile 0.5
/// 10^(mean of log10 v); every value must be > 0.
double geometric_mean(std::span<const double> v);

}  // namespace infergy::stats
