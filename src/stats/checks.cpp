#include "stats/checks.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "infergy/error.hpp"

namespace infergy::stats::detail {

void require_same_length(std::span<const double> a, std::span<const double> b,
                         std::string_view what) {
  if (a.size() != b.size()) {
    throw internal_error(
        fmt::format("{}: the two columns differ in length ({} and {})", what, a.size(), b.size()));
  }
}

void require_finite(std::span<const double> v, std::string_view name) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      throw input_error(
          fmt::format("{}[{}] is {}: every value must be a finite number", name, i, v[i]));
    }
  }
}

void require_positive(std::span<const double> v, std::string_view name) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!(v[i] > 0)) {
      throw input_error(
          fmt::format("{}[{}] = {} is not positive: log10 needs every value > 0", name, i, v[i]));
    }
  }
}

void require_not_empty(std::span<const double> v, std::string_view what) {
  if (v.empty()) throw input_error(fmt::format("{} of no values is undefined", what));
}

int year_of(double decimal_year, std::size_t index) {
  const double year = std::floor(decimal_year);
  // Far wider than any date a dataset holds, and safely inside int.
  constexpr double kLimit = 1e6;
  if (!(std::abs(year) <= kLimit)) {
    throw input_error(
        fmt::format("x[{}] = {} is not a plausible decimal year", index, decimal_year));
  }
  return static_cast<int>(year);
}

}  // namespace infergy::stats::detail
