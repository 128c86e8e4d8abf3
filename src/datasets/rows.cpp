#include "datasets/rows.hpp"

#include <fmt/format.h>

#include "infergy/error.hpp"
#include "infergy/text.hpp"

namespace infergy::datasets {

namespace {

// The line parse_csv takes the header from: the first that is neither blank nor a '#' comment.
std::size_t find_header_line(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t line = 1;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view current = trim(text.substr(0, end));
    if (!current.empty() && current.front() != '#') return line;
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
    ++line;
  }
  return line;
}

}  // namespace

Sheet parse_sheet(std::string_view text, const std::string& source) {
  Sheet sheet{parse_csv(text, source), find_header_line(text)};
  return sheet;
}

std::size_t required_column(const Sheet& sheet, std::string_view name) {
  if (auto col = sheet.table.find_column(name)) return *col;
  throw input_error(fmt::format("{}:{}:{}: missing column '{}'", sheet.table.source,
                                sheet.header_line, sheet.table.header.size() + 1, name));
}

std::optional<std::size_t> optional_column(const Sheet& sheet, std::string_view name) {
  return sheet.table.find_column(name);
}

std::string RowReader::text(std::optional<std::size_t> col) const {
  if (!col) return {};
  return std::string(trim(table_.field(row_, *col)));
}

std::string RowReader::required_text(std::size_t col) {
  std::string value = text(col);
  if (value.empty()) fail(col, "value required");
  return value;
}

std::optional<double> RowReader::number(std::optional<std::size_t> col) {
  if (!col) return std::nullopt;
  try {
    return table_.number(row_, *col);
  } catch (const Error& e) {
    problems_.emplace_back(e.what());
    return std::nullopt;
  }
}

std::optional<double> RowReader::required_number(std::size_t col) {
  if (text(col).empty()) {
    fail(col, "value required");
    return std::nullopt;
  }
  return number(col);
}

std::optional<std::int64_t> RowReader::integer(std::optional<std::size_t> col) {
  if (!col) return std::nullopt;
  try {
    return table_.integer(row_, *col);
  } catch (const Error& e) {
    problems_.emplace_back(e.what());
    return std::nullopt;
  }
}

std::optional<std::int64_t> RowReader::required_integer(std::size_t col) {
  if (text(col).empty()) {
    fail(col, "value required");
    return std::nullopt;
  }
  return integer(col);
}

std::optional<Date> RowReader::required_date(std::size_t col, const Date& latest) {
  const std::string value = required_text(col);
  if (value.empty()) return std::nullopt;
  const auto date = parse_date(value);
  if (!date) {
    fail(col, fmt::format("'{}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", value));
    return std::nullopt;
  }
  expect(col, check_date_in_window(*date, latest));
  return date;
}

void RowReader::expect(std::size_t col, const Problem& problem) {
  if (problem) fail(col, *problem);
}

void RowReader::fail(std::size_t col, const std::string& what) {
  problems_.push_back(fmt::format("{}: {}", table_.where(row_, col), what));
}

std::string RowReader::origin() const {
  return fmt::format("{}:{}", table_.source, row_.line);
}

std::vector<std::string> split_sources(std::string_view cell) {
  std::vector<std::string> sources;
  for (const auto& part : split(cell, ';')) {
    const auto source = trim(part);
    if (!source.empty()) sources.emplace_back(source);
  }
  return sources;
}

bool accept_row(const RowReader& reader, RowPolicy policy, LoadReport* report) {
  const auto& problems = reader.problems();
  if (problems.empty()) return true;
  if (policy == RowPolicy::fatal) throw input_error(problems.front());
  if (report) report->problems.insert(report->problems.end(), problems.begin(), problems.end());
  return false;
}

Problem DuplicateNames::check(std::string_view name) const {
  const auto it = seen_.find(to_lower(name));
  if (it == seen_.end()) return std::nullopt;
  return fmt::format("duplicate name '{}' (first at {})", name, it->second);
}

void DuplicateNames::remember(std::string_view name, const std::string& origin) {
  seen_.emplace(to_lower(name), origin);
}

}  // namespace infergy::datasets
