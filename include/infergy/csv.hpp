// A strict RFC 4180 CSV reader shared by every dataset in data/ and every user-supplied table.
//
// Errors name file, line and column ("hardware.csv:12:7 (tdp_w): 'abc' is not a number") so a
// user can fix the row. Quoted fields may hold commas, quotes ("") and newlines; line numbers
// refer to the physical line where a record starts.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infergy {

struct CsvRow {
  std::vector<std::string> fields;
  std::size_t line = 0;  // 1-based physical line where the record starts
};

class CsvTable {
 public:
  std::string source;               // file name used in error messages
  std::vector<std::string> header;  // column names from the first record
  std::vector<CsvRow> rows;

  /// Index of a column by name, or nullopt.
  std::optional<std::size_t> find_column(std::string_view name) const;
  /// Index of a column by name; throws input_error naming the file when absent.
  std::size_t column(std::string_view name) const;

  /// The raw field text ("" for a short row).
  std::string_view field(const CsvRow& row, std::size_t col) const;
  /// "file:line:col (name)" for messages about one cell.
  std::string where(const CsvRow& row, std::size_t col) const;

  /// Typed access. Empty fields give nullopt; malformed ones throw input_error with where().
  std::optional<double> number(const CsvRow& row, std::size_t col) const;
  std::optional<std::int64_t> integer(const CsvRow& row, std::size_t col) const;
  /// Non-empty text, or an input_error saying the column is required.
  std::string required(const CsvRow& row, std::size_t col) const;
};

/// Parses CSV text. Skips blank lines; lines starting with '#' before the header are comments.
/// A physical line longer than kMaxTextLineBytes (files.hpp) is an input_error naming it.
CsvTable parse_csv(std::string_view text, std::string source);
/// Reads and parses a file; a missing or unreadable file is a no_input error.
CsvTable read_csv(const std::filesystem::path& path);

/// Joins fields into one CSV line (no trailing newline), each written by csv_field() (escape.hpp):
/// RFC 4180 quoting, control bytes made visible, formula-like fields neutralised.
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace infergy
