// `infergy hw list` and `infergy hw show`: the hardware catalogue, filtered, sorted and rendered.
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
  std::string since;
  PrecisionArg precision{"", ""};  // none: fp32 shown, nothing required
  std::string unit = "best";
  std::string sort = "date";
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

// GFLOPS/W with the study's two decimals.
std::string efficiency_text(std::optional<double> value) {
  return value ? fmt::format("{:.2f}", *value) : std::string();
}

nlohmann::json json_number(std::optional<double> value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
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

std::vector<const HardwareSpec*> select_rows(const hw::Catalogue& catalogue, const ListOptions& o,
                                             const PeakQuery& q) {
  std::optional<hw::HardwareKind> kind;
  if (!o.kind.empty()) {
    kind = hw::parse_hardware_kind(o.kind);
    if (!kind) {
      std::vector<std::string> kinds;
      for (auto k : hw::all_hardware_kinds()) kinds.emplace_back(to_string(k));
      throw usage_error(
          fmt::format("--kind: unknown kind '{}' (one of {})", o.kind, fmt::join(kinds, ", ")));
    }
  }
  std::optional<Date> since;
  if (!o.since.empty()) {
    since = parse_date(o.since);
    if (!since)
      throw usage_error(fmt::format("--since: '{}' is not a date (YYYY[-MM[-DD]])", o.since));
  }
  std::vector<const HardwareSpec*> rows;
  for (const auto& spec : catalogue.all()) {
    if (kind && spec.kind != *kind) continue;
    if (since && spec.release < *since) continue;
    if (!o.precision.text.empty() && !q.peak(spec)) continue;
    rows.push_back(&spec);
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
      array.push_back({{"id", s->id},
                       {"name", s->name},
                       {"vendor", s->vendor},
                       {"kind", to_string(s->kind)},
                       {"release_date", s->release_text},
                       {"tdp_w", s->tdp_w},
                       {"precision", to_string(q.precision)},
                       {"unit", q.unit ? std::string(to_string(*q.unit)) : "best"},
                       {"peak_tflops", json_number(q.peak(*s))},
                       {"gflops_per_watt", json_number(q.efficiency(*s))},
                       {"memory_gb", json_number(s->memory_gb)},
                       {"memory_bw_gbs", json_number(s->memory_bw_gbs)}});
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
    table.add_row({s->id, s->name, std::string(to_string(s->kind)), s->release_text,
                   number(s->tdp_w), number(q.peak(*s)), efficiency_text(q.efficiency(*s)),
                   number(s->memory_gb), number(s->memory_bw_gbs)});
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

std::string render_show(const HardwareSpec& s, OutputFormat format) {
  if (format == OutputFormat::json) {
    const nlohmann::json j = {{"id", s.id},
                              {"name", s.name},
                              {"aliases", s.aliases},
                              {"vendor", s.vendor},
                              {"kind", to_string(s.kind)},
                              {"release_date", s.release_text},
                              {"tdp_w", s.tdp_w},
                              {"memory_gb", json_number(s.memory_gb)},
                              {"memory_bw_gbs", json_number(s.memory_bw_gbs)},
                              {"idle_w", json_number(s.idle_w)},
                              {"interconnect", s.interconnect},
                              {"interconnect_gbs", json_number(s.interconnect_gbs)},
                              {"peaks", peaks_json(s)},
                              {"checked", s.checked},
                              {"sources", s.sources},
                              {"notes", s.notes},
                              {"origin", s.origin.to_string()}};
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
  fields.add_row({"TDP", number(s.tdp_w) + " W"});
  fields.add_row({"memory", s.memory_gb ? number(s.memory_gb) + " GB" : ""});
  fields.add_row({"memory bandwidth", s.memory_bw_gbs ? number(s.memory_bw_gbs) + " GB/s" : ""});
  fields.add_row({"idle power", s.idle_w ? number(s.idle_w) + " W" : ""});
  fields.add_row({"interconnect", s.interconnect_gbs ? fmt::format("{}, {} GB/s", s.interconnect,
                                                                   number(s.interconnect_gbs))
                                                     : s.interconnect});
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
                   number(peak), efficiency_text(s.gflops_per_watt(c.precision, c.unit))});
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
  list->add_option("--since", list_options->since, "Only hardware released on or after DATE");
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
