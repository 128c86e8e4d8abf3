// Means and quantiles for the analyses' summary tables.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "infergy/error.hpp"
#include "infergy/stats.hpp"
#include "stats/checks.hpp"

namespace infergy::stats {

namespace {

void check_values(std::span<const double> v, const char* what) {
  detail::require_not_empty(v, what);
  detail::require_finite(v, "value");
}

}  // namespace

double mean(std::span<const double> v) {
  check_values(v, "the mean");
  const auto n = static_cast<double>(v.size());
  double sum = 0;
  for (double a : v) sum += a;
  const double first = sum / n;
  // One correction pass: the mean of the deviations recovers what the first sum rounded away.
  double residual = 0;
  for (double a : v) residual += a - first;
  return first + residual / n;
}

double quantile(std::span<const double> v, double q) {
  check_values(v, "a quantile");
  if (!(q >= 0 && q <= 1)) {
    throw input_error(fmt::format("quantile {} is outside [0, 1]", q));
  }
  std::vector<double> sorted(v.begin(), v.end());
  std::sort(sorted.begin(), sorted.end());
  const double h = static_cast<double>(sorted.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

double median(std::span<const double> v) {
  return quantile(v, 0.5);
}

double geometric_mean(std::span<const double> v) {
  check_values(v, "the geometric mean");
  detail::require_positive(v, "value");
  std::vector<double> logs(v.size());
  std::transform(v.begin(), v.end(), logs.begin(), [](double a) { return std::log10(a); });
  return std::pow(10.0, mean(logs));
}

}  // namespace infergy::stats
