#include "report/format.hpp"

#include <fmt/format.h>

#include <cmath>

#include "infergy/text.hpp"

namespace infergy::report::detail {

std::string number(double value, int digits) {
  if (!std::isfinite(value)) return value > 0 ? "inf" : (value < 0 ? "-inf" : "nan");
  // Outside 1e-4..1e9 a fixed layout would print long runs of zeros.
  if (value != 0 && (std::fabs(value) < 1e-4 || std::fabs(value) >= 1e9)) {
    return fmt::format("{:.{}e}", value, digits - 1);
  }
  std::string text = format_significant(value, digits);
  if (text.find('.') != std::string::npos && text.find('e') == std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

std::string number(std::optional<double> value, int digits) {
  return value ? number(*value, digits) : std::string();
}

std::string interval(stats::Interval v, int digits) {
  return fmt::format("[{}, {}]", number(v.low, digits), number(v.high, digits));
}

std::string p_value(double p) {
  if (p == 0) return "0";
  if (p < 1e-3) return fmt::format("{:.2g}", p);
  return fmt::format("{:.3f}", p);
}

std::string first_source(const std::vector<std::string>& sources) {
  return sources.empty() ? std::string() : sources.front();
}

}  // namespace infergy::report::detail
