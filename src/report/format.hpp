// Number formatting shared by the report's tables, HTML and figure captions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "infergy/stats.hpp"

namespace infergy::report::detail {

/// `digits` significant digits, trailing zeros dropped ("300", "7.8", "0.0185"); "" for nullopt.
std::string number(double value, int digits = 4);
std::string number(std::optional<double> value, int digits = 4);
/// "[a, b]" with number(); an infinite end is written "inf".
std::string interval(stats::Interval v, int digits = 4);
/// A p-value: "1.7e-32", "0.0114".
std::string p_value(double p);
/// The first source of a list ("" when none).
std::string first_source(const std::vector<std::string>& sources);

}  // namespace infergy::report::detail
