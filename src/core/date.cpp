#include "infergy/date.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>

#include "infergy/text.hpp"

namespace infergy {

namespace {

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

std::optional<int> parse_fixed(std::string_view s, std::size_t digits) {
  if (s.size() != digits) return std::nullopt;
  int v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

double Date::decimal_year() const {
  int day_of_year = day - 1;
  for (int m = 1; m < month; ++m) day_of_year += days_in_month(year, m);
  return year + static_cast<double>(day_of_year) / (is_leap(year) ? 366.0 : 365.0);
}

std::string Date::to_string() const {
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::optional<Date> parse_date(std::string_view text) {
  text = trim(text);
  const auto parts = split(text, '-');
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  Date d;
  auto y = parse_fixed(parts[0], 4);
  if (!y) return std::nullopt;
  d.year = *y;
  if (parts.size() >= 2) {
    auto m = parse_fixed(parts[1], 2);
    if (!m || *m < 1 || *m > 12) return std::nullopt;
    d.month = *m;
  }
  if (parts.size() == 3) {
    auto dd = parse_fixed(parts[2], 2);
    if (!dd || *dd < 1 || *dd > days_in_month(d.year, d.month)) return std::nullopt;
    d.day = *dd;
  }
  return d;
}

std::optional<Date> parse_date_end(std::string_view text) {
  auto d = parse_date(text);
  if (!d) return d;
  const auto parts = split(trim(text), '-').size();
  if (parts == 1) d->month = 12;
  if (parts <= 2) d->day = days_in_month(d->year, d->month);
  return d;
}

Date today() {
  const auto now = std::chrono::system_clock::now();
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace infergy
