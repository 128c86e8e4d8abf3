// A plain table of text cells and its renderings: aligned text, Markdown, CSV.
//
// Every command that prints rows builds one Table and lets the user pick the rendering with
// --format, so outputs look alike across commands. JSON is produced by each command from its own
// data (it has types), not from a Table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace infergy {

enum class Align { left, right };
enum class OutputFormat { table, markdown, csv, json };

struct Column {
  std::string title;
  Align align = Align::right;
};

class Table {
 public:
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
  void add_row(std::vector<std::string> cells);
  /// A horizontal rule before the next row (text and Markdown renderings only).
  void add_separator();

  const std::vector<Column>& columns() const { return columns_; }
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }

  std::string to_text() const;
  std::string to_markdown() const;
  std::string to_csv() const;
  /// The rendering for --format: markdown, csv, or aligned text (for table, and for json, which
  /// a command writes from its own data).
  std::string render(OutputFormat format) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> separators_;  // row indices that get a rule before them
};

/// Parses "table|markdown|csv|json" (usage_error otherwise).
OutputFormat parse_output_format(std::string_view name);

}  // namespace infergy
