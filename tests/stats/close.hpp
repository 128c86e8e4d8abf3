// Comparison of computed statistics with independently derived values.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace infergy::stats::testing {

/// The agreement asked of every number: 1e-9 relative, or 1e-13 absolute where the expected
/// value is itself ~0 and relative error means nothing.
inline constexpr double kRelative = 1e-9;
inline constexpr double kAbsolute = 1e-13;

/// Largest relative difference seen so far, reported at the end of the reference test.
inline double& worst_relative_difference() {
  static double worst = 0;
  return worst;
}

inline void expect_close(double actual, double expected, const std::string& what) {
  if (std::isinf(expected)) {
    EXPECT_EQ(actual, expected) << what;
    return;
  }
  const double difference = std::abs(actual - expected);
  if (std::abs(expected) > kAbsolute) {
    worst_relative_difference() =
        std::max(worst_relative_difference(), difference / std::abs(expected));
  }
  EXPECT_LE(difference, std::max(kRelative * std::abs(expected), kAbsolute))
      << fmt::format("{}: got {}, expected {}", what, actual, expected);
}

}  // namespace infergy::stats::testing
