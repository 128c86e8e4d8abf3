#include "datasets/validate.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

#include "infergy/text.hpp"

namespace infergy::datasets {

namespace {

// Shortest form that round-trips the printed data: 25.6, 0.05, 100000.
std::string number_text(double value) {
  return fmt::format("{:g}", value);
}

}  // namespace

Problem check_date_in_window(const Date& date, const Date& latest) {
  if (date < kEarliestDate || date > latest) {
    return fmt::format("{} is outside {}..{}", date.to_string(), kEarliestDate.to_string(),
                       latest.to_string());
  }
  return std::nullopt;
}

Problem check_positive_in_range(double value, double low, double high, std::string_view unit) {
  if (!(value > 0) || value < low || value > high) {
    return fmt::format("{} {} is outside {}..{} {}", number_text(value), unit, number_text(low),
                       number_text(high), unit);
  }
  return std::nullopt;
}

Problem check_gflops_twice_gmacs(double gmacs, double gflops) {
  // The files print 2-4 significant digits; 0.5% (or 0.01 G for tiny models) absorbs that
  // rounding and nothing else.
  const double expected = 2 * gmacs;
  const double tolerance = std::max(0.005 * expected, 0.01);
  if (std::abs(gflops - expected) > tolerance) {
    return fmt::format("gflops {} is not 2 x gmacs ({} x 2 = {})", number_text(gflops),
                       number_text(gmacs), number_text(expected));
  }
  return std::nullopt;
}

Problem check_accuracy_percent(double percent) {
  if (!(percent > 0) || percent > 100) {
    return fmt::format("{} % is outside (0, 100]", number_text(percent));
  }
  return std::nullopt;
}

Problem check_top5_not_below_top1(double top1, double top5) {
  if (top5 < top1) {
    return fmt::format("top5 {} % is below top1 {} %", number_text(top5), number_text(top1));
  }
  return std::nullopt;
}

Problem check_resolution(std::int64_t pixels) {
  // 32 px (downsampled ImageNet) to 1024 px (the largest fine-tuning sizes in use).
  if (pixels < 32 || pixels > 1024) {
    return fmt::format("{} px is outside 32..1024 px", pixels);
  }
  return std::nullopt;
}

Problem check_input_tokens(std::int64_t tokens) {
  if (tokens < 1 || tokens > 1'048'576) {
    return fmt::format("{} tokens is outside 1..1048576", tokens);
  }
  return std::nullopt;
}

Problem check_in_vocabulary(std::string_view value, const std::vector<std::string>& allowed) {
  for (const auto& a : allowed) {
    if (a == value) return std::nullopt;
  }
  std::string message = fmt::format("'{}' is not one of {}", value, fmt::join(allowed, ", "));
  const auto close = closest_matches(value, allowed, 1);
  if (!close.empty()) message += fmt::format("; did you mean '{}'?", close.front());
  return message;
}

Problem check_glue_compute_plausible(double gflops, double params_m, std::int64_t tokens) {
  const double dense_estimate = 2 * params_m * 1e6 * static_cast<double>(tokens) / 1e9;
  const double ratio = gflops / dense_estimate;
  if (ratio < 0.02 || ratio > 20) {
    return fmt::format(
        "gflops {} is {}x the 2 x params x tokens estimate ({} GFLOPs); expected 0.02x..20x",
        number_text(gflops), fmt::format("{:.3g}", ratio), number_text(dense_estimate));
  }
  return std::nullopt;
}

Problem check_reference_year(std::int64_t year, int latest_year) {
  if (year < 1900 || year > latest_year) {
    return fmt::format("{} is outside 1900..{}", year, latest_year);
  }
  return std::nullopt;
}

}  // namespace infergy::datasets
