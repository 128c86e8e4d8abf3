// `infergy hw list`, `show`, `compare` and `detect`: the hardware catalogue, filtered, sorted,
// side by side, and matched to this machine. The library does the filtering (hw::filter_rows)
// and the detection (hw::detect); this file parses flags and renders.
//
// Both read the shipped data/hardware.csv and merge a user's --hardware-file (same columns; its
// rows replace shipped rows with the same id). An unknown name in `hw show` is invalid input:
// one line naming the closest ids, exit code 65. A malformed flag value (--kind gpu, --since
// 2020-13) is a usage error, exit code 64.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "infergy/date.hpp"
#include "infergy/error.hpp"
#include "infergy/hw.hpp"
#include "infergy/hw_detect.hpp"
#include "infergy/hw_filter.hpp"
#include "infergy/json_text.hpp"
#include "infergy/precision.hpp"
#include "infergy/table.hpp"
#include "infergy/text.hpp"

namespace infergy::cli {
namespace {

using hw::ComputeUnit;
using hw::HardwareSpec;

struct ListOptions {
  std::string kind;
  std::string vendor;
  std::string since;
  std::string until;
  std::string year;
  std::optional<double> min_memory;
  std::optional<double> min_bandwidth;
  std::vector<std::string> min_tflops;  // PRECISION=TFLOPS
  PrecisionArg precision{"", ""};       // none: fp32 shown, nothing required
  std::string unit = "best";
  std::string sort = "date";
  HardwareArgs hardware;
  OutputOptions out;
};

struct CompareOptions {
  std::vector<std::string> names;
  HardwareArgs hardware;
  OutputOptions out;
};

struct DetectOptions {
  bool no_gpu = false;
  HardwareArgs hardware;
  OutputOptions out;
};

struct ShowOptions {
  std::string name;
  HardwareArgs hardware;
  OutputOptions out;
};

// 4 significant digits without trailing zeros ("300", "7.8", "125").
std::string number(std::optional<double> value) {
  if (!value) return "";
  std::string text = format_significant(*value, 4);
  if (text.find('.') != std::string::npos && text.find('e') == std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

// GFLOPS/W with the study's two decimals; a lower bound where the row's TDP is an upper one.
std::string efficiency_text(const HardwareSpec& s, std::optional<double> value) {
  if (!value) return {};
  return fmt::format("{:.2f}{}", *value, s.tdp_is_upper_bound() ? " (lower bound)" : "");
}

std::string tdp_text(const HardwareSpec& s) {
  return number(s.tdp_w) + (s.tdp_is_upper_bound() ? " (upper bound)" : "");
}

nlohmann::json json_number(std::optional<double> value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// The fields every JSON rendering of a row starts with (list, show, compare).
nlohmann::json row_json(const HardwareSpec& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"vendor", s.vendor},
          {"kind", to_string(s.kind)},
          {"release_date", s.release_text},
          {"tdp_w", s.tdp_w},
          {"tdp_is_upper_bound", s.tdp_is_upper_bound()},
          {"memory_gb", json_number(s.memory_gb)},
          {"memory_bw_gbs", json_number(s.memory_bw_gbs)}};
}

// "best" is the higher of the two units; a peak query is then (precision, optional unit).
struct PeakQuery {
  Precision precision = Precision::fp32;
  std::optional<ComputeUnit> unit;  // nullopt: best of both

  std::optional<double> peak(const HardwareSpec& s) const {
    return unit ? s.peak_tflops(precision, *unit) : s.best_peak_tflops(precision);
  }
  std::optional<double> efficiency(const HardwareSpec& s) const {
    return unit ? s.gflops_per_watt(precision, *unit) : s.best_gflops_per_watt(precision);
  }
  std::string label() const {
    return fmt::format("{} {}", to_string(precision), unit ? to_string(*unit) : "best");
  }
};

PeakQuery parse_query(const ListOptions& o) {
  PeakQuery q;
  if (const auto p = o.precision.get()) q.precision = *p;
  if (o.unit != "best") q.unit = hw::parse_compute_unit(o.unit);
  return q;
}

hw::CatalogueFilter parse_filter(const ListOptions& o) {
  hw::CatalogueFilter f;
  if (!o.kind.empty()) {
    f.kind = hw::parse_hardware_kind(o.kind);
    if (!f.kind) {
      std::vector<std::string> kinds;
      for (auto k : hw::all_hardware_kinds()) kinds.emplace_back(to_string(k));
      throw usage_error(
          fmt::format("--kind: unknown kind '{}' (one of {})", o.kind, fmt::join(kinds, ", ")));
    }
  }
  f.vendor = o.vendor;
  if (!o.year.empty() && (!o.since.empty() || !o.until.empty()))
    throw usage_error("--year is --since YEAR --until YEAR: give one or the other");
  const auto date = [](const std::string& text, const char* flag, bool end) {
    const auto d = end ? parse_date_end(text) : parse_date(text);
    if (!d) throw usage_error(fmt::format("{}: '{}' is not a date (YYYY[-MM[-DD]])", flag, text));
    return *d;
  };
  if (!o.year.empty()) {
    if (o.year.size() != 4 || !std::all_of(o.year.begin(), o.year.end(), ::isdigit))
      throw usage_error(fmt::format("--year: '{}' is not a year (YYYY)", o.year));
    f.since = date(o.year, "--year", false);
    f.until = date(o.year, "--year", true);
  }
  if (!o.since.empty()) f.since = date(o.since, "--since", false);
  if (!o.until.empty()) f.until = date(o.until, "--until", true);
  if (f.since && f.until && *f.until < *f.since)
    throw usage_error(
        fmt::format("--until {} is before --since {}", f.until->to_string(), f.since->to_string()));
  f.min_memory_gb = o.min_memory;
  f.min_bandwidth_gbs = o.min_bandwidth;
  for (const auto& item : o.min_tflops) {
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw usage_error(fmt::format("--min-tflops: '{}' is not PRECISION=TFLOPS", item));
    const auto p = parse_precision(item.substr(0, eq));
    if (!p)
      throw usage_error(fmt::format("--min-tflops: unknown precision '{}'", item.substr(0, eq)));
    for (const auto& floor : f.min_peaks) {
      if (floor.precision == *p)
        throw usage_error(fmt::format("--min-tflops: {} given twice", to_string(*p)));
    }
    f.min_peaks.push_back({*p, parse_finite(item.substr(eq + 1), "--min-tflops", item)});
  }
  return f;
}

std::vector<const HardwareSpec*> select_rows(const hw::Catalogue& catalogue, const ListOptions& o,
                                             const PeakQuery& q) {
  std::vector<const HardwareSpec*> rows;
  for (const auto* spec : hw::filter_rows(catalogue, parse_filter(o))) {
    if (!o.precision.text.empty() && !q.peak(*spec)) continue;
    rows.push_back(spec);
  }
  return rows;
}

void sort_rows(std::vector<const HardwareSpec*>& rows, const std::string& by, const PeakQuery& q) {
  // Rows without the figure sort last; ties keep catalogue (date) order.
  const auto descending = [&](auto value_of) {
    std::stable_sort(rows.begin(), rows.end(), [&](const HardwareSpec* a, const HardwareSpec* b) {
      return value_of(*a).value_or(-1) > value_of(*b).value_or(-1);
    });
  };
  if (by == "date") {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto* a, const auto* b) { return a->release < b->release; });
  } else if (by == "name") {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto* a, const auto* b) { return a->id < b->id; });
  } else if (by == "efficiency") {
    descending([&](const HardwareSpec& s) { return q.efficiency(s); });
  } else {
    descending([&](const HardwareSpec& s) { return q.peak(s); });
  }
}

std::string render_list(const std::vector<const HardwareSpec*>& rows, const PeakQuery& q,
                        OutputFormat format) {
  if (format == OutputFormat::json) {
    auto array = nlohmann::json::array();
    for (const auto* s : rows) {
      auto j = row_json(*s);
      j["precision"] = to_string(q.precision);
      j["unit"] = q.unit ? std::string(to_string(*q.unit)) : "best";
      j["peak_tflops"] = json_number(q.peak(*s));
      j["gflops_per_watt"] = json_number(q.efficiency(*s));
      array.push_back(std::move(j));
    }
    return to_json_text(array);
  }
  Table table({{"id", Align::left},
               {"name", Align::left},
               {"kind", Align::left},
               {"released", Align::left},
               {"TDP W"},
               {fmt::format("{} TFLOPS", q.label())},
               {"GFLOPS/W"},
               {"memory GB"},
               {"GB/s"}});
  for (const auto* s : rows) {
    table.add_row({s->id, s->name, std::string(to_string(s->kind)), s->release_text, tdp_text(*s),
                   number(q.peak(*s)), efficiency_text(*s, q.efficiency(*s)), number(s->memory_gb),
                   number(s->memory_bw_gbs)});
  }
  switch (format) {
    case OutputFormat::markdown:
      return table.to_markdown();
    case OutputFormat::csv:
      return table.to_csv();
    default:
      return table.to_text();
  }
}

void run_list(const ListOptions& o) {
  const auto catalogue = o.hardware.catalogue();
  const auto q = parse_query(o);
  auto rows = select_rows(catalogue, o, q);
  sort_rows(rows, o.sort, q);
  o.out.write(render_list(rows, q, o.out.format()));
}

nlohmann::json peaks_json(const HardwareSpec& s) {
  auto array = nlohmann::json::array();
  for (const auto& c : hw::peak_columns()) {
    const auto peak = s.peak_tflops(c.precision, c.unit);
    if (!peak) continue;
    array.push_back({{"precision", to_string(c.precision)},
                     {"unit", to_string(c.unit)},
                     {"tflops", *peak},
                     {"gflops_per_watt", json_number(s.gflops_per_watt(c.precision, c.unit))}});
  }
  return array;
}

nlohmann::json ops_json(const HardwareSpec& s) {
  auto array = nlohmann::json::array();
  for (const auto& t : s.ops_per_cycle) {
    array.push_back(
        {{"precision", to_string(t.precision)}, {"unit", to_string(t.unit)}, {"ops", t.ops}});
  }
  return array;
}

std::string render_show(const HardwareSpec& s, OutputFormat format) {
  if (format == OutputFormat::json) {
    auto j = row_json(s);
    j["aliases"] = s.aliases;
    j["idle_w"] = json_number(s.idle_w);
    j["interconnect"] = s.interconnect;
    j["interconnect_gbs"] = json_number(s.interconnect_gbs);
    j["units"] = json_number(s.units);
    j["unit_name"] = s.unit_name;
    j["clock_ghz"] = json_number(s.clock_ghz);
    j["boost_ghz"] = json_number(s.boost_clock_ghz);
    j["ops_per_cycle"] = ops_json(s);
    j["peaks"] = peaks_json(s);
    j["checked"] = s.checked;
    j["sources"] = s.sources;
    j["notes"] = s.notes;
    j["origin"] = s.origin.to_string();
    return to_json_text(j);
  }
  Table fields({{"field", Align::left}, {"value", Align::left}});
  fields.add_row({"id", s.id});
  fields.add_row({"name", s.name});
  std::string aliases;
  for (const auto& a : s.aliases) aliases += (aliases.empty() ? "" : "; ") + a;
  fields.add_row({"aliases", aliases});
  fields.add_row({"vendor", s.vendor});
  fields.add_row({"kind", std::string(to_string(s.kind))});
  fields.add_row({"release date", s.release_text});
  fields.add_row({"TDP", tdp_text(s) + " W"});
  fields.add_row({"memory", s.memory_gb ? number(s.memory_gb) + " GB" : ""});
  fields.add_row({"memory bandwidth", s.memory_bw_gbs ? number(s.memory_bw_gbs) + " GB/s" : ""});
  fields.add_row({"idle power", s.idle_w ? number(s.idle_w) + " W" : ""});
  fields.add_row({"interconnect", s.interconnect_gbs ? fmt::format("{}, {} GB/s", s.interconnect,
                                                                   number(s.interconnect_gbs))
                                                     : s.interconnect});
  fields.add_row({"peaks derived as", hw::derivation_text(s)});
  fields.add_row({"checked against", s.checked});
  fields.add_row({"notes", s.notes});
  fields.add_row({"row", s.origin.to_string()});

  Table peaks({{"precision", Align::left},
               {"unit", Align::left},
               {"dense peak TFLOPS (TOPS)"},
               {"GFLOPS/W"}});
  for (const auto& c : hw::peak_columns()) {
    const auto peak = s.peak_tflops(c.precision, c.unit);
    if (!peak) continue;
    peaks.add_row({std::string(to_string(c.precision)), std::string(to_string(c.unit)),
                   number(peak), efficiency_text(s, s.gflops_per_watt(c.precision, c.unit))});
  }
  Table sources({{"sources", Align::left}});
  for (const auto& src : s.sources) sources.add_row({src});

  const auto render = [format](const Table& t) {
    return format == OutputFormat::markdown ? t.to_markdown() : t.to_text();
  };
  if (format == OutputFormat::csv) {
    // One RFC 4180 table (every record with the same fields), not three stacked ones.
    Table all({{"field", Align::left}, {"value", Align::left}});
    for (const auto& row : fields.rows()) all.add_row(row);
    for (const auto& row : peaks.rows()) {
      all.add_row({fmt::format("peak {} {} TFLOPS (TOPS)", row[0], row[1]), row[2]});
      all.add_row({fmt::format("GFLOPS/W {} {}", row[0], row[1]), row[3]});
    }
    for (const auto& row : sources.rows()) all.add_row({"source", row[0]});
    return all.to_csv();
  }
  return render(fields) + "\n" + render(peaks) + "\n" + render(sources);
}

void run_show(const ShowOptions& o) {
  const auto catalogue = o.hardware.catalogue();
  o.out.write(render_show(hardware_row(catalogue, o.name), o.out.format()));
}

// Side by side: one column per device, one row per field; every peak column that any of them has.
struct CompareField {
  std::string label;
  std::vector<std::string> values;
};

std::vector<CompareField> compare_fields(const std::vector<HardwareSpec>& rows) {
  std::vector<CompareField> fields;
  const auto add = [&](std::string label, auto value_of) {
    CompareField f{std::move(label), {}};
    for (const auto& r : rows) f.values.push_back(value_of(r));
    fields.push_back(std::move(f));
  };
  add("name", [](const HardwareSpec& r) { return r.name; });
  add("vendor", [](const HardwareSpec& r) { return r.vendor; });
  add("kind", [](const HardwareSpec& r) { return std::string(to_string(r.kind)); });
  add("released", [](const HardwareSpec& r) { return r.release_text; });
  add("TDP W", [](const HardwareSpec& r) { return tdp_text(r); });
  add("memory GB", [](const HardwareSpec& r) { return number(r.memory_gb); });
  add("memory GB/s", [](const HardwareSpec& r) { return number(r.memory_bw_gbs); });
  for (const auto& c : hw::peak_columns()) {
    const bool any = std::any_of(rows.begin(), rows.end(), [&c](const HardwareSpec& r) {
      return r.peak_tflops(c.precision, c.unit).has_value();
    });
    if (!any) continue;
    add(fmt::format("{} {} {}", to_string(c.precision), to_string(c.unit),
                    std::string_view(c.name).ends_with("_tops") ? "TOPS" : "TFLOPS"),
        [&c](const HardwareSpec& r) { return number(r.peak_tflops(c.precision, c.unit)); });
    add(fmt::format("{} {} GFLOPS/W", to_string(c.precision), to_string(c.unit)),
        [&c](const HardwareSpec& r) {
          return efficiency_text(r, r.gflops_per_watt(c.precision, c.unit));
        });
  }
  add("peaks derived as", [](const HardwareSpec& r) { return hw::derivation_text(r); });
  add("checked against", [](const HardwareSpec& r) { return r.checked; });
  return fields;
}

std::string render_compare(const std::vector<HardwareSpec>& rows, OutputFormat format) {
  if (format == OutputFormat::json) {
    auto array = nlohmann::json::array();
    for (const auto& s : rows) {
      nlohmann::json peaks = nlohmann::json::object();
      for (const auto& c : hw::peak_columns()) {
        if (const auto v = s.peak_tflops(c.precision, c.unit)) peaks[std::string(c.name)] = *v;
      }
      auto j = row_json(s);
      j["peaks"] = peaks;
      j["peaks_derived_as"] = hw::derivation_text(s);
      j["checked"] = s.checked;
      array.push_back(std::move(j));
    }
    return to_json_text(array);
  }
  std::vector<Column> columns = {{"field", Align::left}};
  for (const auto& r : rows) columns.push_back({r.id});
  Table table(columns);
  for (const auto& f : compare_fields(rows)) {
    std::vector<std::string> cells = {f.label};
    cells.insert(cells.end(), f.values.begin(), f.values.end());
    table.add_row(cells);
  }
  switch (format) {
    case OutputFormat::markdown:
      return table.to_markdown();
    case OutputFormat::csv:
      return table.to_csv();
    default:
      return table.to_text();
  }
}

void run_compare(const CompareOptions& o) {
  if (o.names.size() < 2) throw usage_error("hw compare: name at least two devices");
  const auto catalogue = o.hardware.catalogue();
  std::vector<HardwareSpec> rows;
  for (const auto& name : o.names) {
    HardwareSpec row = hardware_row(catalogue, name);
    for (const auto& seen : rows) {
      if (seen.id == row.id)
        throw usage_error(fmt::format("hw compare: '{}' names {} twice", name, row.id));
    }
    rows.push_back(std::move(row));
  }
  o.out.write(render_compare(rows, o.out.format()));
}

std::string row_status(const hw::DetectedDevice& d) {
  return d.row ? d.row->id : "none (no catalogue row)";
}

std::string render_detect(const hw::LocalSystem& sys, const hw::Detection& d, OutputFormat format) {
  const auto& cpu = sys.cpu;
  const std::string isa(to_string(hw::widest_isa(cpu)));
  const std::string needed = d.derived_cpu ? hw::csv_line(*d.derived_cpu) : "";
  if (format == OutputFormat::json) {
    nlohmann::json gpus = nlohmann::json::array();
    for (const auto& g : d.gpus) {
      gpus.push_back({{"device", g.what},
                      {"reported_name", g.reported},
                      {"row", g.row ? nlohmann::json(g.row->id) : nlohmann::json(nullptr)}});
    }
    nlohmann::json j = {
        {"cpu",
         {{"reported_name", cpu.model_name},
          {"vendor", cpu.vendor},
          {"architecture", cpu.architecture},
          {"physical_cores", cpu.physical_cores},
          {"logical_cpus", cpu.logical_cpus},
          {"isa", isa},
          {"max_mhz", json_number(cpu.max_mhz)},
          {"clock_source", cpu.clock_source},
          {"memory_gb", json_number(cpu.memory_gb)},
          {"row", d.cpu.row ? nlohmann::json(d.cpu.row->id) : nlohmann::json(nullptr)}}},
        {"gpus", gpus},
        {"notes", sys.notes}};
    if (d.derived_cpu) {
      j["needed_row"] = {{"status", "derived, unverified"},
                         {"csv_header", hw::csv_header()},
                         {"csv_line", needed}};
    }
    return to_json_text(j);
  }
  Table table({{"device", Align::left},
               {"reported name", Align::left},
               {"cores", Align::right},
               {"threads", Align::right},
               {"ISA", Align::left},
               {"clock MHz"},
               {"memory GB"},
               {"catalogue row", Align::left}});
  table.add_row({"cpu", cpu.model_name, std::to_string(cpu.physical_cores),
                 std::to_string(cpu.logical_cpus), isa, number(cpu.max_mhz), number(cpu.memory_gb),
                 row_status(d.cpu)});
  for (const auto& g : d.gpus)
    table.add_row({g.what, g.reported, "", "", "", "", "", row_status(g)});
  if (format == OutputFormat::csv) {
    // One table: the needed row (derived, unverified) rides in its own column.
    Table all({{"device", Align::left},
               {"reported name", Align::left},
               {"cores"},
               {"threads"},
               {"ISA", Align::left},
               {"clock MHz"},
               {"memory GB"},
               {"catalogue row", Align::left},
               {"needed row (derived, unverified)", Align::left}});
    for (std::size_t i = 0; i < table.rows().size(); ++i) {
      auto r = table.rows()[i];
      r.push_back(i == 0 ? needed : "");
      all.add_row(r);
    }
    return all.to_csv();
  }
  std::string text = format == OutputFormat::markdown ? table.to_markdown() : table.to_text();
  for (const auto& n : sys.notes) text += "note: " + n + "\n";
  if (d.derived_cpu) {
    const std::string block = hw::csv_header() + "\n" + needed + "\n";
    text +=
        "\nThe CPU has no catalogue row. The row it would need (derived, unverified; complete "
        "it and pass it with --hardware-file):\n" +
        (format == OutputFormat::markdown ? "\n```csv\n" + block + "```\n" : block);
  }
  return text;
}

void run_detect(const DetectOptions& o) {
  const auto catalogue = o.hardware.catalogue();
  const hw::LocalSystem sys = local_system(!o.no_gpu);
  o.out.write(render_detect(sys, hw::detect(sys, catalogue), o.out.format()));
}

void setup(CLI::App& root) {
  auto* hw = root.add_subcommand(
      "hw", "The hardware catalogue: peak throughput per precision, TDP, GFLOPS/W, sources");
  hw->require_subcommand(1);
  hw->footer(
      "Peaks are dense (never \"with sparsity\"); the fp16 matrix figure is FP16 inputs with FP32 "
      "accumulate. GFLOPS/W = TFLOPS x 1000 / TDP. An unknown hardware name exits with 65.");

  auto list_options = std::make_shared<ListOptions>();
  auto* list = hw->add_subcommand("list", "List hardware, filtered and sorted");
  list->add_option("--kind", list_options->kind,
                   "server-gpu, desktop-gpu, workstation-gpu, edge, accelerator or cpu");
  list->add_option("--vendor", list_options->vendor, "Only this vendor (NVIDIA, AMD, Intel, ...)");
  list->add_option("--since", list_options->since, "Only hardware released on or after DATE");
  list->add_option("--until", list_options->until,
                   "Only hardware released on or before DATE (a year or month includes all of it)");
  list->add_option("--year", list_options->year, "Only hardware released in YEAR");
  list->add_option("--min-memory", list_options->min_memory, "Only devices with >= GB of memory")
      ->check(finite_number());
  list->add_option("--min-bandwidth", list_options->min_bandwidth,
                   "Only devices with >= GB/s of memory bandwidth")
      ->check(finite_number());
  list->add_option("--min-tflops", list_options->min_tflops,
                   "PRECISION=TFLOPS: only devices whose best dense peak at PRECISION reaches it "
                   "(repeatable, e.g. fp16=100)");
  add_precision_option(*list, list_options->precision,
                       "Show (and require) the peak at this precision (default: show fp32)");
  list->add_option("--unit", list_options->unit, "vector, matrix or best (the higher)")
      ->capture_default_str()
      ->check(CLI::IsMember({"vector", "matrix", "best"}));
  list->add_option("--sort", list_options->sort, "date, efficiency, peak or name")
      ->capture_default_str()
      ->check(CLI::IsMember({"date", "efficiency", "peak", "name"}));
  add_hardware_options(*list, list_options->hardware, HardwareChoice::none);
  add_output_options(*list, list_options->out);
  list->callback([list_options] { run_list(*list_options); });

  auto compare_options = std::make_shared<CompareOptions>();
  auto* compare = hw->add_subcommand("compare", "Two or more devices side by side");
  compare->add_option("names", compare_options->names, "ids, names or aliases (or local)")
      ->required();
  add_hardware_options(*compare, compare_options->hardware, HardwareChoice::none);
  add_output_options(*compare, compare_options->out);
  compare->callback([compare_options] { run_compare(*compare_options); });

  auto detect_options = std::make_shared<DetectOptions>();
  auto* detect = hw->add_subcommand(
      "detect", "This machine's CPU and GPUs and their catalogue rows, or the row the CPU needs");
  detect->add_flag("--no-gpu", detect_options->no_gpu, "Do not ask NVML for GPUs");
  add_hardware_options(*detect, detect_options->hardware, HardwareChoice::none);
  add_output_options(*detect, detect_options->out);
  detect->callback([detect_options] { run_detect(*detect_options); });

  auto show_options = std::make_shared<ShowOptions>();
  auto* show = hw->add_subcommand("show", "Every field of one product, its GFLOPS/W and sources");
  show->add_option("name", show_options->name, "id, name or alias (case-insensitive)")->required();
  add_hardware_options(*show, show_options->hardware, HardwareChoice::none);
  add_output_options(*show, show_options->out);
  show->callback([show_options] { run_show(*show_options); });
}

const CommandRegistration kRegistration(40, setup);

}  // namespace
}  // namespace infergy::cli
