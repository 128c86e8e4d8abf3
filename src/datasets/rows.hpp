// Shared machinery of the three loaders: finding columns, reading one row's cells without
// throwing, and applying the RowPolicy to what went wrong.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/validate.hpp"
#include "infergy/csv.hpp"
#include "infergy/datasets.hpp"
#include "infergy/date.hpp"

namespace infergy::datasets {

/// The parsed table plus the physical line of its header, for "missing column" messages.
struct Sheet {
  CsvTable table;
  std::size_t header_line = 1;
};

Sheet parse_sheet(std::string_view text, const std::string& source);

/// Index of a required column; a missing one throws "file:line:col: missing column 'x'", the
/// column being the one just past the header's last (where it would have to be added).
std::size_t required_column(const Sheet& sheet, std::string_view name);
/// Index of an optional column, or nullopt.
std::optional<std::size_t> optional_column(const Sheet& sheet, std::string_view name);

/// Reads the cells of one row; a malformed or rule-breaking cell becomes a problem
/// ("file:line:col (column): ...") instead of an exception, so a row reports all it gets wrong.
class RowReader {
 public:
  RowReader(const CsvTable& table, const CsvRow& row) : table_(table), row_(row) {}

  /// Trimmed cell text; "" for an absent column or an empty cell.
  std::string text(std::optional<std::size_t> col) const;
  /// Non-empty text, or a "value required" problem.
  std::string required_text(std::size_t col);
  std::optional<double> number(std::optional<std::size_t> col);
  std::optional<double> required_number(std::size_t col);
  std::optional<std::int64_t> integer(std::optional<std::size_t> col);
  std::optional<std::int64_t> required_integer(std::size_t col);
  /// A date in YYYY-MM-DD / YYYY-MM / YYYY, also checked against the study window.
  std::optional<Date> required_date(std::size_t col, const Date& latest);

  /// Records `problem` against cell `col` when there is one.
  void expect(std::size_t col, const Problem& problem);
  void fail(std::size_t col, const std::string& what);

  /// "file:line" of the row.
  std::string origin() const;
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  const CsvTable& table_;
  const CsvRow& row_;
  std::vector<std::string> problems_;
};

/// Sources listed in one cell, separated by ';'.
std::vector<std::string> split_sources(std::string_view cell);

/// Keeps a finished row or applies `policy` to its problems: fatal throws the first as an
/// input_error; skip appends them all to `report` (when given). Returns whether to keep it.
bool accept_row(const RowReader& reader, RowPolicy policy, LoadReport* report);

/// Tracks names already seen so a repeated one is reported with the line of the first.
class DuplicateNames {
 public:
  /// A problem when `name` (compared case-insensitively) was already accepted.
  Problem check(std::string_view name) const;
  void remember(std::string_view name, const std::string& origin);

 private:
  std::map<std::string, std::string> seen_;  // lower-case name -> origin of its row
};

/// The loop both model files share: reads every row with `read_model(reader)`, rejects a name
/// seen before, and keeps or reports the row by `policy`. `name_column` is the column that
/// duplicate-name problems point at.
template <typename Model, typename ReadModel>
std::vector<Model> read_named_rows(const Sheet& sheet, std::size_t name_column,
                                   ReadModel&& read_model, RowPolicy policy, LoadReport* report) {
  std::vector<Model> models;
  DuplicateNames names;
  for (const auto& row : sheet.table.rows) {
    RowReader reader(sheet.table, row);
    Model model = read_model(reader);
    if (!model.name.empty()) reader.expect(name_column, names.check(model.name));
    if (!accept_row(reader, policy, report)) continue;
    names.remember(model.name, model.origin);
    models.push_back(std::move(model));
  }
  return models;
}

}  // namespace infergy::datasets
