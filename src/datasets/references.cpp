// data/references.csv: the constants of the human comparison and other analyses, each sourced.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "datasets/rows.hpp"
#include "infergy/datasets.hpp"
#include "infergy/error.hpp"
#include "infergy/files.hpp"
#include "infergy/text.hpp"

namespace infergy {

namespace {

struct ReferenceColumns {
  std::size_t id, quantity, value, unit, year, source;
  std::optional<std::size_t> notes;
};

ReferenceColumns find_columns(const datasets::Sheet& sheet) {
  using datasets::required_column;
  return {required_column(sheet, "id"),
          required_column(sheet, "quantity"),
          required_column(sheet, "value"),
          required_column(sheet, "unit"),
          required_column(sheet, "year"),
          required_column(sheet, "source"),
          datasets::optional_column(sheet, "notes")};
}

Reference read_reference(datasets::RowReader& r, const ReferenceColumns& c, int latest_year) {
  Reference ref;
  ref.id = r.required_text(c.id);
  ref.quantity = r.required_text(c.quantity);
  if (const auto value = r.required_number(c.value)) {
    ref.value = *value;
    // Every constant here is a physical magnitude (power, energy, time, ratio): never <= 0.
    if (!(*value > 0)) r.fail(c.value, fmt::format("{} must be > 0", *value));
  }
  ref.unit = r.required_text(c.unit);
  if (const auto year = r.required_integer(c.year)) {
    r.expect(c.year, datasets::check_reference_year(*year, latest_year));
    ref.year = static_cast<int>(std::clamp<std::int64_t>(*year, 0, 9999));
  }
  ref.source = r.required_text(c.source);
  ref.notes = r.text(c.notes);
  ref.origin = r.origin();
  return ref;
}

}  // namespace

std::vector<Reference> parse_references(std::string_view text, const std::string& source,
                                        RowPolicy policy, LoadReport* report) {
  const auto sheet = datasets::parse_sheet(text, source);
  const auto columns = find_columns(sheet);
  const int latest_year = today().year;
  std::vector<Reference> references;
  datasets::DuplicateNames ids;
  for (const auto& row : sheet.table.rows) {
    datasets::RowReader reader(sheet.table, row);
    auto ref = read_reference(reader, columns, latest_year);
    if (!ref.id.empty()) reader.expect(columns.id, ids.check(ref.id));
    if (!datasets::accept_row(reader, policy, report)) continue;
    ids.remember(ref.id, ref.origin);
    references.push_back(std::move(ref));
  }
  return references;
}

std::vector<Reference> load_references(const std::filesystem::path& path, RowPolicy policy,
                                       LoadReport* report) {
  return parse_references(read_text_file(path), path.string(), policy, report);
}

const Reference& find_reference(const std::vector<Reference>& references, std::string_view id) {
  for (const auto& ref : references) {
    if (ref.id == id) return ref;
  }
  std::vector<std::string> ids;
  ids.reserve(references.size());
  for (const auto& ref : references) ids.push_back(ref.id);
  const std::string where = references.empty() ? std::string("references")
                                               : references.front().origin.substr(
                                                     0, references.front().origin.rfind(':'));
  std::string message = fmt::format("{}: no reference with id '{}'", where, id);
  const auto close = closest_matches(id, ids, 3);
  if (!close.empty()) message += fmt::format("; did you mean {}?", fmt::join(close, ", "));
  throw input_error(message);
}

}  // namespace infergy
