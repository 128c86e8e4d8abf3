// Renderings of estimates: one device (every figure, text/Markdown/CSV/JSON), a ranking, and a
// table of workloads. Rendering only: every number here was computed by estimate().
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "infergy/energy.hpp"
#include "infergy/escape.hpp"
#include "infergy/json_text.hpp"
#include "infergy/text.hpp"

namespace infergy::energy {

namespace {

std::string scaled(double v, const char* one, const char* milli, const char* micro) {
  if (v >= 1) return format_significant(v, 4) + " " + one;
  if (v >= 1e-3) return format_significant(v * 1e3, 4) + " " + milli;
  return format_significant(v * 1e6, 4) + " " + micro;
}

}  // namespace

std::string format_joules(double j) {
  return scaled(j, "J", "mJ", "µJ");
}
std::string format_grams(double g) {
  return scaled(g, "g", "mg", "µg");
}
std::string format_seconds(double s) {
  return scaled(s, "s", "ms", "µs");
}

std::string format_range(const Range& r, std::string (*unit)(double)) {
  return fmt::format("{} ({} – {})", unit(r.typical), unit(r.low), unit(r.high));
}

void add_footprint_rows(Table& t, const std::vector<FootprintColumn>& columns,
                        double inferences_per_day, const std::string& currency,
                        const std::string& per) {
  const auto row = [&](const std::string& label, auto get, auto show) {
    std::vector<std::string> cells{label};
    for (const auto& c : columns) {
      if (c.single) {
        cells.push_back(show(get(*c.single)));
      } else if (c.range) {
        cells.push_back(fmt::format("{} ({} – {})", show(get(c.range->typical)),
                                    show(get(c.range->low)), show(get(c.range->high))));
      } else {
        cells.emplace_back();
      }
    }
    t.add_row(std::move(cells));
  };
  const auto num = [](double v) { return format_si(v); };
  row(
      "energy at the wall (× PUE)", [](const Footprint& f) { return f.joules_per_inference; },
      format_joules);
  row(
      per + "s per kWh", [](const Footprint& f) { return f.inferences_per_kwh; }, num);
  row(
      "CO2e per " + per, [](const Footprint& f) { return f.g_co2e_per_inference; }, format_grams);
  if (inferences_per_day > 0) {
    row(
        "kWh per day", [](const Footprint& f) { return f.kwh_per_day; }, num);
    row(
        "MWh per year", [](const Footprint& f) { return f.mwh_per_year; }, num);
    row(
        "t CO2e per year", [](const Footprint& f) { return f.t_co2e_per_year; }, num);
    row(
        fmt::format("cost per year ({})", currency),
        [](const Footprint& f) { return f.cost_per_year; }, num);
  }
}

namespace {

nlohmann::json range_json(const Range& r) {
  return {{"low", r.low}, {"typical", r.typical}, {"high", r.high}};
}

nlohmann::json footprint_json(const Footprint& f) {
  return {{"wall_joules_per_inference", f.joules_per_inference},
          {"inferences_per_kwh", f.inferences_per_kwh},
          {"g_co2e_per_inference", f.g_co2e_per_inference},
          {"kwh_per_day", f.kwh_per_day},
          {"mwh_per_year", f.mwh_per_year},
          {"t_co2e_per_year", f.t_co2e_per_year},
          {"cost_per_year", f.cost_per_year}};
}

std::string precision_text(const Estimate& e) {
  return std::string(to_string(e.precision));
}

std::string single_json(const Estimate& e, const EstimateRenderOptions& o) {
  const FootprintParams& fp = e.footprint_params;
  nlohmann::json j;
  j["model"] = e.workload;
  j["hardware"] = {{"id", e.hardware.id},
                   {"name", e.hardware.name},
                   {"tdp_w", e.hardware.tdp_w},
                   {"tdp_is_upper_bound", e.hardware.tdp_is_upper_bound()}};
  j["energy_is_upper_bound"] = e.hardware.tdp_is_upper_bound();
  j["precision"] = precision_text(e);
  j["batch"] = e.batch;
  j["flops_per_inference"] = e.flops_per_inference;
  j["bytes_per_batch"] = e.bytes_per_batch;
  if (o.params) j["params"] = *o.params;
  j["inferences_per_day"] = e.inferences_per_day;
  j["footprint_parameters"] = {{"grid_g_co2e_per_kwh", fp.grid_g_co2e_per_kwh},
                               {"price_per_kwh", fp.price_per_kwh},
                               {"currency", fp.currency},
                               {"pue", fp.pue}};
  if (e.study) {
    j["study"] = {{"gflops_per_watt", e.study->gflops_per_watt},
                  {"unit", std::string(hw::to_string(e.study->unit))},
                  {"joules_per_inference", e.study->joules_per_inference},
                  {"footprint", footprint_json(*e.study_footprint)}};
  }
  if (const auto& roof = e.roofline) {
    nlohmann::json r = {{"peak_matrix_tflops", roof->peak_matrix_tflops},
                        {"peak_vector_tflops", roof->peak_vector_tflops},
                        {"bandwidth_gbs", roof->bandwidth_gbs},
                        {"ridge_flops_per_byte", roof->ridge_flops_per_byte},
                        {"clock_factor", roof->clock_factor},
                        {"efficiency_class", std::string(to_string(roof->calibration))},
                        {"eta_compute", range_json(roof->params.eta_compute)},
                        {"eta_memory", range_json(roof->params.eta_memory)},
                        {"power_fraction", range_json(roof->params.power_fraction)},
                        {"batch_seconds", range_json(roof->batch_seconds)},
                        {"inferences_per_second", range_json(roof->inferences_per_second)},
                        {"joules_per_inference", range_json(roof->joules_per_inference)},
                        {"memory_bound_time_share", roof->memory_bound_time_share}};
    r["footprint_typical"] = footprint_json(e.roofline_footprint->typical);
    if (o.per_node) {
      r["items"] = nlohmann::json::array();
      for (const auto& i : roof->items) {
        r["items"].push_back({{"name", i.name},
                              {"memory_bound", i.memory_bound},
                              {"seconds", i.seconds},
                              {"intensity", i.intensity}});
      }
    }
    j["roofline"] = std::move(r);
  }
  return to_json_text(j);
}

// The table without column `drop`, and without rows left empty by it (a method not asked for).
Table without_column(const Table& t, std::size_t drop) {
  std::vector<Column> cols;
  for (std::size_t c = 0; c < t.columns().size(); ++c) {
    if (c != drop) cols.push_back(t.columns()[c]);
  }
  Table kept(cols);
  for (const auto& row : t.rows()) {
    std::vector<std::string> cells;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c != drop) cells.push_back(row[c]);
    }
    const bool empty =
        std::all_of(cells.begin() + 1, cells.end(), [](const std::string& x) { return x.empty(); });
    if (!empty) kept.add_row(std::move(cells));
  }
  return kept;
}

// "η_compute 0.35, η_memory 0.20 (gpu class); compute at boost, 1.35x the base-clock peaks":
// in the table, so every format says which calibration and clock the times rest on.
std::string efficiencies_text(const RooflineEstimate& roof) {
  std::string text = fmt::format("η_compute {}, η_memory {} ({} class)",
                                 format_significant(roof.params.eta_compute.typical, 3),
                                 format_significant(roof.params.eta_memory.typical, 3),
                                 to_string(roof.calibration));
  if (roof.clock_factor != 1) {
    text += fmt::format("; compute at boost clock, {}x the base-clock peaks",
                        format_significant(roof.clock_factor, 3));
  }
  return text;
}

Table single_table(const Estimate& e) {
  const auto& study = e.study;
  const auto& roof = e.roofline;
  Table t({{"quantity", Align::left},
           {"study", Align::right},
           {"roofline: typical (best – worst)", Align::right}});
  const double flops = e.flops_per_inference;
  t.add_row({"FLOPs per inference", format_si(flops), format_si(flops)});
  t.add_row(
      {"hardware efficiency",
       study ? fmt::format("{} GFLOPS/W ({})", format_significant(study->gflops_per_watt, 4),
                           hw::to_string(study->unit))
             : "",
       roof ? fmt::format("ridge {} FLOP/byte", format_significant(roof->ridge_flops_per_byte, 3))
            : ""});
  if (roof) t.add_row({"roofline efficiencies", "", efficiencies_text(*roof)});
  if (e.hardware.tdp_is_upper_bound()) {
    const std::string bound = "upper bound: the TDP is above the unit's own draw (hw show notes)";
    t.add_row({"energy figures", study ? bound : "", roof ? bound : ""});
  }
  t.add_row({"energy per inference (device)",
             study ? format_joules(study->joules_per_inference) : "",
             roof ? format_range(roof->joules_per_inference, format_joules) : ""});
  if (roof) {
    t.add_row({fmt::format("latency bound (batch {})", e.batch), "",
               format_range(roof->batch_seconds, format_seconds)});
    t.add_row(
        {"throughput bound (inferences/s)", "",
         fmt::format("{} ({} – {})", format_significant(roof->inferences_per_second.typical, 4),
                     format_significant(roof->inferences_per_second.high, 4),
                     format_significant(roof->inferences_per_second.low, 4))});
    t.add_row({"time in memory-bound nodes", "",
               fmt::format("{:.1f}%", 100 * roof->memory_bound_time_share)});
  }
  t.add_separator();
  add_footprint_rows(t, {{e.study_footprint, std::nullopt}, {std::nullopt, e.roofline_footprint}},
                     e.inferences_per_day, e.footprint_params.currency);
  if (!study || !roof) t = without_column(t, study ? 2 : 1);
  return t;
}

std::string single_text(const Estimate& e, const EstimateRenderOptions& o) {
  const Table t = single_table(e);
  if (o.format == OutputFormat::csv) return t.to_csv();
  const bool md = o.format == OutputFormat::markdown;
  const auto shown = [md](std::string_view text) {
    return md ? markdown_escape(text) : visible(text);
  };
  const FootprintParams& fp = e.footprint_params;
  std::string out = fmt::format("{}infergy estimate: {} on {} ({}), {}, batch {}\n", md ? "# " : "",
                                shown(e.workload), shown(e.hardware.id), shown(e.hardware.name),
                                precision_text(e), e.batch);
  if (const auto& roof = e.roofline) {
    out +=
        fmt::format("{}peaks used: matrix {} TFLOPS, vector {} TFLOPS, memory {} GB/s; TDP {} W\n",
                    md ? "- " : "", format_significant(roof->peak_matrix_tflops, 4),
                    format_significant(roof->peak_vector_tflops, 4),
                    format_significant(roof->bandwidth_gbs, 4), e.hardware.tdp_w);
  }
  out += fmt::format("{}grid {} g CO2e/kWh, price {} {}/kWh, PUE {}{}\n\n", md ? "- " : "",
                     fp.grid_g_co2e_per_kwh, fp.price_per_kwh, fp.currency, fp.pue,
                     e.inferences_per_day > 0
                         ? fmt::format(", {} inferences per day", format_si(e.inferences_per_day))
                         : "");
  out += t.render(o.format);
  if (e.roofline && o.per_node) {
    Table nodes({{"node", Align::left},
                 {"bound", Align::left},
                 {"time", Align::right},
                 {"FLOP/byte", Align::right}});
    for (const auto& i : e.roofline->items) {
      nodes.add_row({i.name, i.memory_bound ? "memory" : "compute", format_seconds(i.seconds),
                     format_significant(i.intensity, 3)});
    }
    out += "\n" + nodes.render(o.format);
  }
  out +=
      "\nstudy: E = FLOPs / (peak FLOP/s at the precision / TDP), Desislavov et al. 2023.\n"
      "roofline: per node max(FLOPs / (peak × η_compute), bytes / (bandwidth × η_memory)), "
      "energy = time × TDP × power fraction; ranges from the η and power-fraction bounds "
      "(docs/estimators.md).\n";
  return out;
}

}  // namespace

std::string render(const Estimate& e, const EstimateRenderOptions& o) {
  return o.format == OutputFormat::json ? single_json(e, o) : single_text(e, o);
}

namespace {

// The device's id, marked where its energies are upper bounds (kTdpUpperBound), so that a
// ranking or a table never shows such a figure unqualified.
std::string upper_bound_marked(const hw::HardwareSpec& hw) {
  return hw.tdp_is_upper_bound() ? hw.id + " (energy: upper bound)" : hw.id;
}

}  // namespace

std::string render(const Ranking& ranking, OutputFormat format) {
  const auto& rows = ranking.ranked;
  if (rows.empty()) return {};
  const Estimate& first = rows.front();
  const Methods m = first.methods;
  if (format == OutputFormat::json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : rows) {
      nlohmann::json e = {{"hardware", r.hardware.id},
                          {"energy_is_upper_bound", r.hardware.tdp_is_upper_bound()},
                          {"name", r.hardware.name},
                          {"released", r.hardware.release.to_string()},
                          {"kind", std::string(hw::to_string(r.hardware.kind))}};
      if (r.study) e["study_joules"] = r.study->joules_per_inference;
      if (r.roofline) {
        e["roofline_joules"] = range_json(r.roofline->joules_per_inference);
        e["batch_seconds"] = range_json(r.roofline->batch_seconds);
        e["inferences_per_second"] = range_json(r.roofline->inferences_per_second);
      }
      e["inferences_per_kwh"] = r.ranking_footprint().inferences_per_kwh;
      if (r.inferences_per_day > 0) e["mwh_per_year"] = r.ranking_footprint().mwh_per_year;
      j.push_back(std::move(e));
    }
    return to_json_text(j);
  }
  std::vector<Column> cols = {
      {"#", Align::right}, {"hardware", Align::left}, {"released", Align::left}};
  if (m.study) cols.push_back({"J/inference (study)", Align::right});
  if (m.roofline) {
    cols.push_back({"J/inference (roofline)", Align::right});
    cols.push_back({fmt::format("latency (batch {})", first.batch), Align::right});
    cols.push_back({"inferences/s", Align::right});
  }
  cols.push_back({"inferences/kWh", Align::right});
  if (first.inferences_per_day > 0) cols.push_back({"MWh/year", Align::right});
  Table t(cols);
  const bool exact = format == OutputFormat::csv;
  const auto num = [&](double v) { return exact ? fmt::format("{:.6g}", v) : format_si(v); };
  std::size_t rank = 0;
  for (const auto& r : rows) {
    std::vector<std::string> cells = {std::to_string(++rank), upper_bound_marked(r.hardware),
                                      r.hardware.release_text};
    if (m.study) {
      const double j = r.study->joules_per_inference;
      cells.push_back(exact ? fmt::format("{:.6g}", j) : format_joules(j));
    }
    if (const auto& roof = r.roofline) {
      cells.push_back(exact ? fmt::format("{:.6g}", roof->joules_per_inference.typical)
                            : format_range(roof->joules_per_inference, format_joules));
      cells.push_back(exact ? fmt::format("{:.6g}", roof->batch_seconds.typical)
                            : format_seconds(roof->batch_seconds.typical));
      cells.push_back(num(roof->inferences_per_second.typical));
    }
    cells.push_back(num(r.ranking_footprint().inferences_per_kwh));
    if (r.inferences_per_day > 0) cells.push_back(num(r.ranking_footprint().mwh_per_year));
    t.add_row(std::move(cells));
  }
  if (format == OutputFormat::csv) return t.to_csv();
  const bool md = format == OutputFormat::markdown;
  const std::string precision = precision_text(first);
  return fmt::format(
             "{}infergy estimate: {} at {}, batch {}, on {} catalogued devices ({} without a "
             "{} peak{} skipped), ranked by joules per inference\n\n",
             md ? "# " : "", first.workload, precision, first.batch, rows.size(),
             ranking.skipped.size(), precision, m.roofline ? " or a bandwidth" : "") +
         t.render(format);
}

std::string render_rows(const std::vector<Estimate>& estimates, OutputFormat format) {
  Table t({{"name"},
           {"hardware"},
           {"precision"},
           {"batch"},
           {"gflops"},
           {"study_j"},
           {"roofline_j_low"},
           {"roofline_j_typical"},
           {"roofline_j_high"},
           {"batch_seconds_typical"},
           {"inferences_per_second_typical"},
           {"inferences_per_kwh"}});
  nlohmann::json j = nlohmann::json::array();
  const auto g = [](double v) { return fmt::format("{:.6g}", v); };
  for (const auto& e : estimates) {
    const auto& study = e.study;
    const auto& roof = e.roofline;
    const double gflops = e.flops_per_inference / 1e9;
    t.add_row({e.workload, upper_bound_marked(e.hardware), precision_text(e),
               std::to_string(e.batch), g(gflops), study ? g(study->joules_per_inference) : "",
               roof ? g(roof->joules_per_inference.low) : "",
               roof ? g(roof->joules_per_inference.typical) : "",
               roof ? g(roof->joules_per_inference.high) : "",
               roof ? g(roof->batch_seconds.typical) : "",
               roof ? g(roof->inferences_per_second.typical) : "",
               g(e.ranking_footprint().inferences_per_kwh)});
    nlohmann::json row = {{"name", e.workload},
                          {"hardware", e.hardware.id},
                          {"energy_is_upper_bound", e.hardware.tdp_is_upper_bound()},
                          {"precision", precision_text(e)},
                          {"batch", e.batch},
                          {"gflops", gflops}};
    if (study) row["study_joules"] = study->joules_per_inference;
    if (roof) {
      row["roofline_joules"] = range_json(roof->joules_per_inference);
      row["batch_seconds"] = range_json(roof->batch_seconds);
      row["inferences_per_second"] = range_json(roof->inferences_per_second);
    }
    j.push_back(std::move(row));
  }
  return format == OutputFormat::json ? to_json_text(j) : t.render(format);
}

std::string render_comparison(const Estimate& c, const MeasuredEnergy& got, OutputFormat format) {
  const auto& per = got.joules_per_inference;
  const auto& net = got.net_joules_per_inference;
  if (format == OutputFormat::json) {
    const auto or_null = [](std::optional<double> v) {
      return v ? nlohmann::json(v.value()) : nlohmann::json();
    };
    nlohmann::json j = {{"model", c.workload},
                        {"hardware", c.hardware.id},
                        {"energy_is_upper_bound", c.hardware.tdp_is_upper_bound()},
                        {"precision", precision_text(c)},
                        {"batch", c.batch},
                        {"domains", got.domains},
                        {"measured_joules_per_inference", or_null(per)},
                        {"measured_net_joules_per_inference", or_null(net)}};
    if (c.study) j["study_joules_per_inference"] = c.study->joules_per_inference;
    if (c.roofline) {
      j["roofline_joules_per_inference"] = range_json(c.roofline->joules_per_inference);
      j["roofline_inferences_per_second_typical"] = c.roofline->inferences_per_second.typical;
    }
    j["measured_inferences_per_second"] = got.inferences_per_second;
    return to_json_text(j);
  }
  Table t(
      {{"", Align::left}, {"J/inference", Align::right}, {"measured / estimate", Align::right}});
  const auto j = [](double v) { return format_significant(v, 4); };
  const auto ratio = [&](double estimate) {
    std::string r = per ? format_significant(per.value() / estimate, 3) : "-";
    if (net) r += fmt::format(" (net {})", format_significant(net.value() / estimate, 3));
    return r;
  };
  std::string measured = "unavailable";
  if (per) measured = j(per.value()) + (net ? fmt::format(" (net {})", j(net.value())) : "");
  t.add_row({fmt::format("measured ({})", got.domains.empty() ? "no matching sensor" : got.domains),
             measured, ""});
  if (c.study) {
    t.add_row({"estimate: study", j(c.study->joules_per_inference),
               ratio(c.study->joules_per_inference)});
  }
  if (c.roofline) {
    const Range& r = c.roofline->joules_per_inference;
    for (const auto& [label, v] : {std::pair{"estimate: roofline best", r.low},
                                   std::pair{"estimate: roofline typical", r.typical},
                                   std::pair{"estimate: roofline worst", r.high}}) {
      t.add_row({label, j(v), ratio(v)});
    }
  }
  const auto shown = [&](std::string_view text) {
    return format == OutputFormat::markdown ? markdown_escape(text) : visible(text);
  };
  std::string out =
      fmt::format("\ncompared with infergy estimate: {} on {} at {}, batch {}\n", shown(c.workload),
                  shown(upper_bound_marked(c.hardware)), precision_text(c), c.batch);
  out += t.render(format);
  out += fmt::format(
      "measured throughput {} inferences/s over the whole command{}\n",
      format_significant(got.inferences_per_second, 4),
      c.roofline ? fmt::format("; roofline bound {} (typical)",
                               format_significant(c.roofline->inferences_per_second.typical, 4))
                 : "");
  if (!c.roofline) out += "no roofline estimate: " + shown(c.roofline_unavailable) + "\n";
  return out;
}

}  // namespace infergy::energy