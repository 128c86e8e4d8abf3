// Growth factor and doubling/halving time of a log10 trend, with the slope's interval mapped
// through them (see Growth in infergy/stats.hpp for the unbounded cases).
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "infergy/error.hpp"
#include "infergy/stats.hpp"

namespace infergy::stats {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Months for y to change by ×2 at `rate` log10 units per year (rate > 0); +inf at rate 0.
double months_per_factor_two(double rate) {
  return rate > 0 ? 12.0 * std::log10(2.0) / rate : kInf;
}

}  // namespace

Growth growth_from_log10_slope(double slope, Interval slope_ci) {
  if (!std::isfinite(slope) || !std::isfinite(slope_ci.low) || !std::isfinite(slope_ci.high) ||
      !(slope_ci.low <= slope && slope <= slope_ci.high)) {
    throw input_error(fmt::format("slope {} with interval [{}, {}]: need finite low ≤ slope ≤ high",
                                  slope, slope_ci.low, slope_ci.high));
  }
  Growth g;
  g.factor_per_year = std::pow(10.0, slope);
  g.factor_ci = pow10(slope_ci);
  g.halving = slope < 0;
  // Work with the rate in the estimate's own direction, so one mapping serves both: a faster
  // rate (the far end of the slope CI) gives the shorter time.
  const double rate = std::abs(slope);
  const double fast = g.halving ? -slope_ci.low : slope_ci.high;
  const double slow = g.halving ? -slope_ci.high : slope_ci.low;
  g.months = months_per_factor_two(rate);
  g.months_ci = {months_per_factor_two(fast), months_per_factor_two(slow)};
  if (slow < 0) g.opposite_months = months_per_factor_two(-slow);
  return g;
}

Growth growth_from_log10_fit(const LinearFit& fit) {
  if (fit.response != Response::log10_y) {
    throw internal_error("growth_from_log10_fit: the fit is of y, not log10(y); use fit_log10");
  }
  return growth_from_log10_slope(fit.slope, fit.slope_ci);
}

}  // namespace infergy::stats
