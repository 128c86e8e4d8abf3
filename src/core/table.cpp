#include "infergy/table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "infergy/csv.hpp"
#include "infergy/error.hpp"
#include "infergy/escape.hpp"

namespace infergy {

namespace {

// Display width in terminal columns: counts UTF-8 code points, not bytes, so that "µs" and "×"
// align.
std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string pad(std::string_view s, std::size_t width, Align align) {
  const std::size_t w = display_width(s);
  const std::string fill(width > w ? width - w : 0, ' ');
  return align == Align::left ? std::string(s) + fill : fill + std::string(s);
}

}  // namespace

void Table::add_row(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

void Table::add_separator() {
  separators_.push_back(rows_.size());
}

std::string Table::to_text() const {
  // Every cell made visible first, so that widths are those of what is printed.
  std::vector<std::string> titles;
  for (const auto& c : columns_) titles.push_back(visible(c.title));
  std::vector<std::vector<std::string>> rows;
  rows.reserve(rows_.size());
  for (const auto& r : rows_) {
    auto& shown = rows.emplace_back();
    for (const auto& cell : r) shown.push_back(visible(cell));
  }
  std::vector<std::size_t> width(columns_.size());
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    width[c] = display_width(titles[c]);
    for (const auto& r : rows) width[c] = std::max(width[c], display_width(r[c]));
  }
  std::size_t total = 0;
  for (auto w : width) total += w + 2;
  const std::string rule(total > 2 ? total - 2 : 0, '-');
  const auto line = [&](const std::vector<std::string>& cells, bool header) {
    std::string out;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) out += "  ";
      out += pad(cells[c], width[c], header ? columns_[c].align : columns_[c].align);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(titles, true) + rule + "\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (std::find(separators_.begin(), separators_.end(), i) != separators_.end()) {
      out += rule + "\n";
    }
    out += line(rows[i], false);
  }
  return out;
}

std::string Table::to_markdown() const {
  std::string out = "|";
  for (const auto& c : columns_) out += " " + markdown_cell(c.title) + " |";
  out += "\n|";
  for (const auto& c : columns_) out += c.align == Align::right ? " ---: |" : " :--- |";
  out += "\n";
  for (const auto& r : rows_) {
    out += "|";
    for (const auto& cell : r) out += " " + markdown_cell(cell) + " |";
    out += "\n";
  }
  return out;
}

std::string Table::to_csv() const {
  std::vector<std::string> titles;
  for (const auto& c : columns_) titles.push_back(c.title);
  std::string out = csv_line(titles) + "\n";
  for (const auto& r : rows_) out += csv_line(r) + "\n";
  return out;
}

std::string Table::render(OutputFormat format) const {
  switch (format) {
    case OutputFormat::markdown:
      return to_markdown();
    case OutputFormat::csv:
      return to_csv();
    case OutputFormat::table:
    case OutputFormat::json:
      break;
  }
  return to_text();
}

OutputFormat parse_output_format(std::string_view name) {
  if (name == "table" || name == "text") return OutputFormat::table;
  if (name == "markdown" || name == "md") return OutputFormat::markdown;
  if (name == "csv") return OutputFormat::csv;
  if (name == "json") return OutputFormat::json;
  throw usage_error(fmt::format("unknown format '{}' (use table, markdown, csv or json)", name));
}

}  // namespace infergy
