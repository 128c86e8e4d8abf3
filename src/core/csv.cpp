#include "infergy/csv.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <unordered_set>

#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/files.hpp"
#include "infergy/text.hpp"

namespace infergy {

namespace {

// Splits text into records. Tracks the physical line where each record starts so that errors
// point at the line a user sees in an editor.
std::vector<CsvRow> split_records(std::string_view text, const std::string& source) {
  std::vector<CsvRow> records;
  CsvRow current;
  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;
  std::size_t line = 1;
  current.line = 1;
  bool record_has_content = false;

  const auto end_field = [&] {
    current.fields.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
  };
  const auto end_record = [&](std::size_t next_line) {
    end_field();
    const bool blank =
        current.fields.size() == 1 && current.fields[0].empty() && !record_has_content;
    if (!blank) records.push_back(std::move(current));
    current = CsvRow{};
    current.line = next_line;
    record_has_content = false;
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!field.empty() || field_was_quoted) {
          throw input_error(fmt::format("{}:{}:{}: stray quote inside an unquoted field", source,
                                        line, current.fields.size() + 1));
        }
        in_quotes = true;
        field_was_quoted = true;
        record_has_content = true;
        break;
      case ',':
        end_field();
        record_has_content = true;
        break;
      case '\r':
        break;  // tolerate CRLF files
      case '\n':
        ++line;
        end_record(line);
        break;
      default:
        if (field_was_quoted) {
          throw input_error(fmt::format("{}:{}:{}: text after a closing quote", source, line,
                                        current.fields.size() + 1));
        }
        field.push_back(c);
        record_has_content = true;
    }
  }
  if (in_quotes) {
    throw input_error(fmt::format("{}:{}: quoted field is never closed", source, current.line));
  }
  if (record_has_content || !field.empty() || !current.fields.empty()) end_record(line);
  return records;
}

}  // namespace

CsvTable parse_csv(std::string_view text, std::string source) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  CsvTable table;
  table.source = std::move(source);
  check_line_lengths(text, table.source);
  auto records = split_records(text, table.source);
  std::size_t first = 0;
  while (first < records.size() && !records[first].fields.empty() &&
         !records[first].fields[0].empty() && records[first].fields[0][0] == '#') {
    ++first;
  }
  if (first >= records.size()) {
    throw input_error(fmt::format("{}: empty CSV (no header row)", table.source));
  }
  for (auto& name : records[first].fields) table.header.emplace_back(trim(name));
  // A set, not a pairwise scan: a hostile header can hold hundreds of thousands of names.
  std::unordered_set<std::string_view> seen;
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    if (!seen.insert(table.header[i]).second) {
      throw input_error(fmt::format("{}:{}:{}: duplicate column '{}'", table.source,
                                    records[first].line, i + 1, table.header[i]));
    }
  }
  for (std::size_t r = first + 1; r < records.size(); ++r) {
    auto& rec = records[r];
    if (rec.fields.size() > table.header.size()) {
      throw input_error(fmt::format("{}:{}:{}: {} fields, but the header has {} columns",
                                    table.source, rec.line, table.header.size() + 1,
                                    rec.fields.size(), table.header.size()));
    }
    table.rows.push_back(std::move(rec));
  }
  return table;
}

CsvTable read_csv(const std::filesystem::path& path) {
  return parse_csv(read_text_file(path), path.string());
}

std::optional<std::size_t> CsvTable::find_column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::nullopt;
}

std::size_t CsvTable::column(std::string_view name) const {
  if (auto c = find_column(name)) return *c;
  throw input_error(fmt::format("{}: missing column '{}'", source, name));
}

std::string_view CsvTable::field(const CsvRow& row, std::size_t col) const {
  return col < row.fields.size() ? std::string_view(row.fields[col]) : std::string_view();
}

std::string CsvTable::where(const CsvRow& row, std::size_t col) const {
  return fmt::format("{}:{}:{} ({})", source, row.line, col + 1,
                     col < header.size() ? header[col] : std::string("?"));
}

std::optional<double> CsvTable::number(const CsvRow& row, std::size_t col) const {
  const std::string_view text = trim(field(row, col));
  if (text.empty()) return std::nullopt;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) {
    throw input_error(fmt::format("{}: '{}' is not a number", where(row, col), text));
  }
  return value;
}

std::optional<std::int64_t> CsvTable::integer(const CsvRow& row, std::size_t col) const {
  const std::string_view text = trim(field(row, col));
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    throw input_error(fmt::format("{}: '{}' is not an integer", where(row, col), text));
  }
  return value;
}

std::string CsvTable::required(const CsvRow& row, std::size_t col) const {
  const std::string_view text = trim(field(row, col));
  if (text.empty()) throw input_error(fmt::format("{}: value required", where(row, col)));
  return std::string(text);
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(',');
    out += csv_field(fields[i]);
  }
  return out;
}

}  // namespace infergy
