// Input checks shared by the stats functions, so every one rejects bad data with the same words.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace infergy::stats::detail {

/// Internal error: two spans meant to be columns of the same rows differ in length.
void require_same_length(std::span<const double> a, std::span<const double> b,
                         std::string_view what);
/// Input error naming the first non-finite value, e.g. "x[3] is nan".
void require_finite(std::span<const double> v, std::string_view name);
/// Input error naming the first value ≤ 0 (for logs).
void require_positive(std::span<const double> v, std::string_view name);
/// Input error unless `v` has at least one value.
void require_not_empty(std::span<const double> v, std::string_view what);
/// The calendar year containing a decimal year, floor(x); input error when it does not fit an int.
int year_of(double decimal_year, std::size_t index);

}  // namespace infergy::stats::detail
