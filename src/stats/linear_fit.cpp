// Ordinary least squares of one response on one regressor, computed on centred data.
//
// Decimal years sit near 2020 while their spread is a few years; forming Σx² directly would
// cancel about six of double's sixteen digits when Sxx = Σx² − n·x̄² is taken. Every sum here
// is of deviations from the means instead, and the means themselves come from stats::mean, which
// adds one correction pass so they are accurate to the last bits whatever the offset.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "infergy/error.hpp"
#include "infergy/stats.hpp"
#include "stats/checks.hpp"

namespace infergy::stats {

namespace {

bool all_equal(std::span<const double> v) {
  return std::all_of(v.begin(), v.end(), [&](double a) { return a == v.front(); });
}

void check_fit_inputs(std::span<const double> x, std::span<const double> y, double confidence) {
  detail::require_same_length(x, y, "trend fit");
  detail::require_finite(x, "x");
  detail::require_finite(y, "y");
  if (!(confidence > 0 && confidence < 1)) {
    throw input_error(fmt::format(
        "confidence level {} is not between 0 and 1 (0.95 means a 95% interval)", confidence));
  }
  if (x.size() < 3) {
    throw input_error(fmt::format(
        "a trend line needs at least 3 points (two fix the line, a third estimates its scatter); "
        "got {}",
        x.size()));
  }
  if (all_equal(x)) {
    throw input_error(
        fmt::format("every x equals {}: a line needs at least two distinct x values", x.front()));
  }
}

double t_statistic(double slope, double slope_se) {
  if (slope_se > 0) return slope / slope_se;
  // An exact fit: infinitely strong evidence for a non-zero slope, none for a flat one.
  if (slope == 0) return 0.0;
  return std::copysign(std::numeric_limits<double>::infinity(), slope);
}

Interval around(double centre, double half_width) {
  return {centre - half_width, centre + half_width};
}

LinearFit fit_response(std::span<const double> x, std::span<const double> r, double confidence,
                       Response response) {
  const std::size_t n = x.size();
  const auto nd = static_cast<double>(n);
  LinearFit fit;
  fit.response = response;
  fit.n = n;
  fit.confidence = confidence;
  fit.x_mean = mean(x);
  fit.response_mean = mean(r);

  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = x[i] - fit.x_mean;
    const double dy = r[i] - fit.response_mean;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  fit.sxx = sxx;
  // A constant response would otherwise leave rounding noise of its mean in the slope.
  const bool flat = all_equal(r);
  if (flat) {
    fit.response_mean = r.front();
    syy = 0;
  }
  fit.slope = flat ? 0.0 : sxy / sxx;
  fit.intercept = fit.response_mean - fit.slope * fit.x_mean;

  double rss = 0;
  if (!flat) {
    for (std::size_t i = 0; i < n; ++i) {
      const double e = (r[i] - fit.response_mean) - fit.slope * (x[i] - fit.x_mean);
      rss += e * e;
    }
  }
  fit.rss = rss;
  const double df = nd - 2;
  const double s2 = rss / df;
  fit.residual_se = std::sqrt(s2);
  fit.slope_se = std::sqrt(s2 / sxx);
  fit.intercept_se = std::sqrt(s2 * (1.0 / nd + fit.x_mean * fit.x_mean / sxx));
  fit.r2 = syy > 0 ? 1.0 - rss / syy : 1.0;

  fit.t_critical = student_t_quantile((1.0 + confidence) / 2.0, df);
  fit.slope_ci = around(fit.slope, fit.t_critical * fit.slope_se);
  fit.intercept_ci = around(fit.intercept, fit.t_critical * fit.intercept_se);
  fit.t_slope = t_statistic(fit.slope, fit.slope_se);
  fit.p_slope = student_t_two_sided_p(fit.t_slope, df);
  fit.f_statistic = fit.t_slope * fit.t_slope;
  return fit;
}

double from_response(Response response, double v) {
  return response == Response::log10_y ? std::pow(10.0, v) : v;
}

Interval from_response(Response response, Interval v) {
  return response == Response::log10_y ? pow10(v) : v;
}

}  // namespace

bool Interval::bounded() const noexcept {
  return std::isfinite(low) && std::isfinite(high);
}

Interval pow10(Interval v) noexcept {
  return {std::pow(10.0, v.low), std::pow(10.0, v.high)};
}

double LinearFit::predict(double x) const noexcept {
  return response_mean + slope * (x - x_mean);
}

Interval LinearFit::mean_ci(double x) const noexcept {
  const double d = x - x_mean;
  const double se = residual_se * std::sqrt(1.0 / static_cast<double>(n) + d * d / sxx);
  return around(predict(x), t_critical * se);
}

Interval LinearFit::prediction_ci(double x) const noexcept {
  const double d = x - x_mean;
  const double se = residual_se * std::sqrt(1.0 + 1.0 / static_cast<double>(n) + d * d / sxx);
  return around(predict(x), t_critical * se);
}

LinearFit fit_line(std::span<const double> x, std::span<const double> y, double confidence) {
  check_fit_inputs(x, y, confidence);
  return fit_response(x, y, confidence, Response::y);
}

LinearFit fit_log10(std::span<const double> x, std::span<const double> y, double confidence) {
  check_fit_inputs(x, y, confidence);
  detail::require_positive(y, "y");
  std::vector<double> log_y(y.size());
  std::transform(y.begin(), y.end(), log_y.begin(), [](double v) { return std::log10(v); });
  return fit_response(x, log_y, confidence, Response::log10_y);
}

std::vector<BandPoint> confidence_band(const LinearFit& fit, double x_from, double x_to,
                                       std::size_t n_points) {
  if (!std::isfinite(x_from) || !std::isfinite(x_to) || x_from > x_to) {
    throw input_error(
        fmt::format("band from x = {} to x = {}: need finite ends, from ≤ to", x_from, x_to));
  }
  if (n_points < 2) {
    throw input_error(fmt::format("a band needs at least 2 points, asked for {}", n_points));
  }
  std::vector<BandPoint> band(n_points);
  const double step = (x_to - x_from) / static_cast<double>(n_points - 1);
  for (std::size_t i = 0; i < n_points; ++i) {
    // The last x is set exactly so the band ends where it was asked to.
    const double x = i + 1 == n_points ? x_to : x_from + step * static_cast<double>(i);
    band[i] = {x, from_response(fit.response, fit.predict(x)),
               from_response(fit.response, fit.mean_ci(x)),
               from_response(fit.response, fit.prediction_ci(x))};
  }
  return band;
}

}  // namespace infergy::stats
