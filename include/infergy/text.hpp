// Small string helpers used across concerns: case-insensitive matching and "did you mean".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace infergy {

std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b) noexcept;
std::string_view trim(std::string_view s) noexcept;
std::vector<std::string> split(std::string_view s, char sep);

/// Levenshtein distance (insert, delete, substitute all cost 1), case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Up to `limit` candidates closest to `query` (substring matches first, then by edit distance),
/// for "unknown X; did you mean ...?" messages.
std::vector<std::string> closest_matches(std::string_view query,
                                         const std::vector<std::string>& candidates,
                                         std::size_t limit = 5);

/// Formats a number with a fixed count of significant digits, no exponent below 1e15
/// (tables read better with 4.089 G than 4.089e9; see format_si).
std::string format_significant(double value, int digits);

/// 4.09 G, 123 M, 12.3 k ... for large counts (decimal prefixes).
std::string format_si(double value, int digits = 4);

}  // namespace infergy
