// Calendar dates as the datasets write them (YYYY-MM-DD, or YYYY-MM / YYYY when only that much is
// known) and their decimal-year form, the x axis of every trend.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace infergy {

struct Date {
  int year = 0;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  auto operator<=>(const Date&) const = default;

  /// year + (day of year - 1) / days in year; 2020-01-01 -> 2020.0, 2021-07-02 -> 2021.4986.
  double decimal_year() const;
  /// "YYYY-MM-DD".
  std::string to_string() const;
};

/// Parses YYYY-MM-DD, YYYY-MM (day 1) or YYYY (1 January); checks month and day ranges
/// (leap years included). nullopt when malformed.
std::optional<Date> parse_date(std::string_view text);

/// The same forms read as the last day they cover: "2021" is 2021-12-31, "2024-02" 2024-02-29,
/// for "until" bounds that include the period named.
std::optional<Date> parse_date_end(std::string_view text);

/// Today in UTC (for "released since" defaults and range checks).
Date today();

}  // namespace infergy
