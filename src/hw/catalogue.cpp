#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "hw/validate.hpp"
#include "infergy/csv.hpp"
#include "infergy/error.hpp"
#include "infergy/files.hpp"
#include "infergy/hw.hpp"
#include "infergy/text.hpp"

namespace infergy::hw {

namespace {

const std::vector<std::string>& required_columns() {
  static const std::vector<std::string> columns = {"id",           "name",  "vendor", "kind",
                                                   "release_date", "tdp_w", "sources"};
  return columns;
}

const std::vector<std::string>& optional_text_columns() {
  static const std::vector<std::string> columns = {
      "aliases",          "memory_gb", "memory_bw_gbs", "idle_w", "interconnect",
      "interconnect_gbs", "checked",   "notes",         "units",  "unit_name",
      "clock_ghz",        "boost_ghz", "ops_per_cycle"};
  return columns;
}

std::vector<std::string> known_columns() {
  auto all = required_columns();
  const auto& optional = optional_text_columns();
  all.insert(all.end(), optional.begin(), optional.end());
  for (const auto& c : peak_columns()) all.emplace_back(c.name);
  return all;
}

// A column a user misspelt would otherwise be ignored and its numbers silently lost.
void check_header(const CsvTable& table) {
  const auto known = known_columns();
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    const auto& name = table.header[i];
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    const auto close = closest_matches(name, known, 1);
    throw input_error(
        fmt::format("{}: column {} '{}' is not a hardware column{}", table.source, i + 1, name,
                    close.empty() ? "" : fmt::format("; did you mean '{}'?", close.front())));
  }
  for (const auto& name : required_columns()) (void)table.column(name);
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  if (trim(text).empty()) return out;
  for (const auto& entry : split(text, ';')) out.emplace_back(trim(entry));
  return out;
}

class RowReader {
 public:
  RowReader(const CsvTable& table, const CsvRow& row) : table_(table), row_(row) {}

  std::string text(std::string_view column) const {
    const auto col = table_.find_column(column);
    return col ? std::string(trim(table_.field(row_, *col))) : std::string();
  }
  std::string required(std::string_view column) const {
    return std::string(trim(table_.required(row_, table_.column(column))));
  }
  std::optional<double> number(std::string_view column) const {
    const auto col = table_.find_column(column);
    return col ? table_.number(row_, *col) : std::nullopt;
  }
  /// Throws the problem, if any, against the cell of `column`.
  void require(std::string_view column, const Problem& problem) const {
    if (problem) fail(column, *problem);
  }
  [[noreturn]] void fail(std::string_view column, const std::string& message) const {
    const auto col = table_.find_column(column);
    if (!col) {
      throw input_error(fmt::format("{}:{}: {}", table_.source, row_.line, message));
    }
    throw input_error(fmt::format("{}: {}", table_.where(row_, *col), message));
  }
  std::size_t column_number(std::string_view column) const {
    const auto col = table_.find_column(column);
    return col ? *col + 1 : 0;
  }

 private:
  const CsvTable& table_;
  const CsvRow& row_;
};

HardwareSpec read_row(const CsvTable& table, const CsvRow& row, const Date& latest) {
  const RowReader r(table, row);
  HardwareSpec spec;
  spec.origin = RowOrigin{table.source, row.line, r.column_number("id"), r.column_number("name"),
                          r.column_number("aliases")};

  spec.id = r.required("id");
  r.require("id", check_id(spec.id));
  spec.name = r.required("name");
  const auto aliases = r.text("aliases");
  r.require("aliases", check_list_entries(aliases));
  spec.aliases = split_list(aliases);
  spec.vendor = r.required("vendor");

  const auto kind = r.required("kind");
  r.require("kind", check_kind(kind));
  spec.kind = *parse_hardware_kind(kind);

  spec.release_text = r.required("release_date");
  r.require("release_date", check_release_date(spec.release_text, latest));
  spec.release = *parse_date(spec.release_text);

  const auto tdp = r.number("tdp_w");
  if (!tdp) r.fail("tdp_w", "TDP is required (GFLOPS/W divides by it)");
  r.require("tdp_w", check_tdp(*tdp));
  spec.tdp_w = *tdp;

  for (const auto& c : peak_columns()) {
    const auto value = r.number(c.name);
    if (!value) continue;
    r.require(c.name, check_peak(*value));
    spec.set_peak(c.precision, c.unit, value);
  }
  spec.memory_gb = r.number("memory_gb");
  if (spec.memory_gb) r.require("memory_gb", check_memory_gb(*spec.memory_gb));
  spec.memory_bw_gbs = r.number("memory_bw_gbs");
  if (spec.memory_bw_gbs) {
    r.require("memory_bw_gbs", check_memory_bandwidth(*spec.memory_bw_gbs));
  }
  spec.idle_w = r.number("idle_w");
  if (spec.idle_w) r.require("idle_w", check_idle_power(*spec.idle_w, spec.tdp_w));
  spec.interconnect = r.text("interconnect");
  spec.interconnect_gbs = r.number("interconnect_gbs");
  if (spec.interconnect_gbs) {
    r.require("interconnect_gbs", check_interconnect(spec.interconnect, *spec.interconnect_gbs));
  }

  spec.units = r.number("units");
  if (spec.units) r.require("units", check_units(*spec.units));
  spec.unit_name = r.text("unit_name");
  spec.clock_ghz = r.number("clock_ghz");
  if (spec.clock_ghz) r.require("clock_ghz", check_clock_ghz(*spec.clock_ghz));
  spec.boost_clock_ghz = r.number("boost_ghz");
  if (spec.boost_clock_ghz) r.require("boost_ghz", check_clock_ghz(*spec.boost_clock_ghz));
  r.require("ops_per_cycle", parse_ops_per_cycle(r.text("ops_per_cycle"), spec.ops_per_cycle));

  const auto sources = r.required("sources");
  r.require("sources", check_list_entries(sources));
  spec.sources = split_list(sources);
  r.require("sources", check_sources(spec.sources));
  spec.checked = r.text("checked");
  r.require("checked", check_checked(spec.checked));
  spec.notes = r.text("notes");

  if (auto problem = check_row(spec)) r.fail(problem->column, problem->message);
  return spec;
}

// Every name of every row, by name_key, so that no lookup is ambiguous.
class NameIndex {
 public:
  /// Adds the row's names; throws naming the row's cell when one is already another row's.
  void add(const HardwareSpec& spec) {
    add_one(spec, spec.id, spec.origin.id_column, "id");
    add_one(spec, spec.name, spec.origin.name_column, "name");
    for (const auto& alias : spec.aliases) {
      add_one(spec, alias, spec.origin.aliases_column, "aliases");
    }
  }

 private:
  void add_one(const HardwareSpec& spec, const std::string& name, std::size_t column,
               std::string_view column_name) {
    const auto key = name_key(name);
    if (key.empty()) {
      throw input_error(fmt::format("{}: '{}' has no letter or digit to look it up by",
                                    spec.origin.where(column, column_name), name));
    }
    const auto [it, inserted] = owners_.emplace(key, &spec);
    if (inserted || it->second->id == spec.id) return;
    throw input_error(fmt::format("{}: '{}' is already a name of '{}' ({})",
                                  spec.origin.where(column, column_name), name, it->second->id,
                                  it->second->origin.to_string()));
  }

  std::map<std::string, const HardwareSpec*> owners_;
};

}  // namespace

Catalogue Catalogue::parse(std::string_view text, const std::string& source) {
  const auto table = parse_csv(text, source);
  check_header(table);
  const Date latest = today();
  Catalogue catalogue;
  catalogue.rows_.reserve(table.rows.size());
  std::set<std::string> ids;
  for (const auto& row : table.rows) {
    auto spec = read_row(table, row, latest);
    if (!ids.insert(spec.id).second) {
      throw input_error(fmt::format("{}: duplicate id '{}'",
                                    spec.origin.where(spec.origin.id_column, "id"), spec.id));
    }
    catalogue.rows_.push_back(std::move(spec));
  }
  NameIndex index;
  for (const auto& spec : catalogue.rows_) index.add(spec);
  return catalogue;
}

Catalogue Catalogue::load(const std::filesystem::path& csv) {
  return parse(read_text_file(csv), csv.string());
}

Catalogue Catalogue::builtin(const std::filesystem::path& data_dir) {
  return load(data_dir / "hardware.csv");
}

void Catalogue::merge(const Catalogue& user) {
  std::vector<HardwareSpec> merged = rows_;
  std::vector<bool> from_user(merged.size(), false);
  for (const auto& spec : user.rows_) {
    const auto same_id = std::find_if(merged.begin(), merged.end(),
                                      [&](const HardwareSpec& s) { return s.id == spec.id; });
    if (same_id != merged.end()) {
      *same_id = spec;
      from_user[static_cast<std::size_t>(same_id - merged.begin())] = true;
    } else {
      merged.push_back(spec);
      from_user.push_back(true);
    }
  }
  // Shipped rows first: a clash is then always reported at the user's row, which is the one to fix.
  NameIndex index;
  for (std::size_t i = 0; i < merged.size(); ++i) {
    if (!from_user[i]) index.add(merged[i]);
  }
  for (std::size_t i = 0; i < merged.size(); ++i) {
    if (from_user[i]) index.add(merged[i]);
  }
  rows_ = std::move(merged);
}

const HardwareSpec* Catalogue::find(std::string_view name) const {
  for (const auto& spec : rows_) {
    for (const auto& n : spec.names()) {
      if (iequals(n, name)) return &spec;
    }
  }
  const auto key = name_key(name);
  if (key.empty()) return nullptr;
  for (const auto& spec : rows_) {
    for (const auto& n : spec.names()) {
      if (name_key(n) == key) return &spec;
    }
  }
  return nullptr;
}

const HardwareSpec& Catalogue::get(std::string_view name) const {
  if (const auto* spec = find(name)) return *spec;
  const auto close = suggestions(name);
  if (close.empty()) {
    throw input_error(
        fmt::format("unknown hardware '{}'; `infergy hw list` shows the catalogue", name));
  }
  std::string list;
  for (const auto& id : close) list += (list.empty() ? "" : ", ") + id;
  throw input_error(fmt::format("unknown hardware '{}'; closest ids: {}", name, list));
}

std::vector<std::string> Catalogue::suggestions(std::string_view name, std::size_t n) const {
  std::vector<std::string> candidates;
  std::map<std::string, std::string> id_of;
  for (const auto& spec : rows_) {
    for (const auto& each : spec.names()) {
      candidates.push_back(each);
      id_of.emplace(each, spec.id);
    }
  }
  std::vector<std::string> out;
  for (const auto& match : closest_matches(name, candidates, candidates.size())) {
    const auto& id = id_of.at(match);
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    if (out.size() >= n) break;
  }
  return out;
}

std::vector<const HardwareSpec*> Catalogue::released_by(const Date& date) const {
  std::vector<const HardwareSpec*> out;
  for (const auto& spec : rows_) {
    if (spec.release <= date) out.push_back(&spec);
  }
  return out;
}

}  // namespace infergy::hw
