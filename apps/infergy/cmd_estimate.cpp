// infergy estimate: energy, time, carbon and cost of one inference on given hardware, by the
// study's method and by a roofline model, with the multiplicative factor (inferences per day).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "infergy/analysis.hpp"
#include "infergy/csv.hpp"
#include "infergy/datasets.hpp"
#include "infergy/energy.hpp"
#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/files.hpp"
#include "infergy/hw.hpp"
#include "infergy/json_text.hpp"
#include "infergy/text.hpp"
#include "workload_args.hpp"

namespace infergy::cli {

namespace {

using energy::Range;

struct EstimateArgs {
  WorkloadArgs workload;
  std::string hw;
  std::string precision = "fp32";
  std::string unit = "best";
  std::string method = "both";
  std::string table;
  double per_day = 0;
  std::optional<double> grid, price, pue;
  std::string currency = "USD";
  std::string eta_compute, eta_memory, power_fraction;
  std::string hardware_file;
  bool per_node = false;
  OutputOptions output;
};

enum class Method { study, roofline, both };

Method parse_method(const std::string& m) {
  if (m == "study") return Method::study;
  if (m == "roofline") return Method::roofline;
  if (m == "both") return Method::both;
  throw usage_error(fmt::format("--method '{}': use study, roofline or both", m));
}

energy::PeakUnit parse_unit(const std::string& u) {
  if (u == "best") return energy::PeakUnit::best;
  if (u == "vector") return energy::PeakUnit::vector;
  if (u == "matrix") return energy::PeakUnit::matrix;
  throw usage_error(fmt::format("--unit '{}': use best, vector or matrix", u));
}

// "0.3,0.5,0.8" -> {low, typical, high}; a single value sets all three.
std::optional<Range> parse_range(const std::string& flag, const std::string& text) {
  if (text.empty()) return std::nullopt;
  const auto parts = split(text, ',');
  std::vector<double> v;
  for (const auto& p : parts) {
    const std::string_view s = trim(p);
    double x = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (ec != std::errc() || ptr != s.data() + s.size()) {
      throw usage_error(fmt::format("{} '{}': expected LOW,TYPICAL,HIGH numbers", flag, text));
    }
    v.push_back(x);
  }
  if (v.size() == 1) return Range{v[0], v[0], v[0]};
  if (v.size() != 3) throw usage_error(fmt::format("{} '{}': give one value or three", flag, text));
  return Range{v[0], v[1], v[2]};
}

energy::RooflineParams roofline_params(const EstimateArgs& a) {
  auto p = energy::default_roofline_params();
  if (auto r = parse_range("--eta-compute", a.eta_compute)) p.eta_compute = *r;
  if (auto r = parse_range("--eta-memory", a.eta_memory)) p.eta_memory = *r;
  if (auto r = parse_range("--power-fraction", a.power_fraction)) p.power_fraction = *r;
  return p;
}

// Defaults of grid intensity, price and PUE come from data/references.csv, so they carry their
// sources; flags override them.
energy::FootprintParams footprint_params(const EstimateArgs& a) {
  const auto refs = load_references(std::filesystem::path(data_dir()) / "references.csv");
  energy::FootprintParams p;
  p.grid_g_co2e_per_kwh = a.grid.value_or(find_reference(refs, "grid_intensity_world_2023").value);
  p.price_per_kwh =
      a.price.value_or(find_reference(refs, "electricity_price_us_commercial_2023").value);
  p.pue = a.pue.value_or(find_reference(refs, "pue_industry_average_2024").value);
  p.currency = a.currency;
  return p;
}

std::string joules(double j) {
  if (j >= 1) return format_significant(j, 4) + " J";
  if (j >= 1e-3) return format_significant(j * 1e3, 4) + " mJ";
  return format_significant(j * 1e6, 4) + " µJ";
}

std::string grams(double g) {
  if (g >= 1) return format_significant(g, 4) + " g";
  if (g >= 1e-3) return format_significant(g * 1e3, 4) + " mg";
  return format_significant(g * 1e6, 4) + " µg";
}

std::string seconds(double s) {
  if (s >= 1) return format_significant(s, 4) + " s";
  if (s >= 1e-3) return format_significant(s * 1e3, 4) + " ms";
  return format_significant(s * 1e6, 4) + " µs";
}

std::string range_text(const Range& r, std::string (*unit)(double)) {
  return fmt::format("{} ({} – {})", unit(r.typical), unit(r.low), unit(r.high));
}

nlohmann::json range_json(const Range& r) {
  return {{"low", r.low}, {"typical", r.typical}, {"high", r.high}};
}

nlohmann::json footprint_json(const energy::Footprint& f) {
  return {{"wall_joules_per_inference", f.joules_per_inference},
          {"inferences_per_kwh", f.inferences_per_kwh},
          {"g_co2e_per_inference", f.g_co2e_per_inference},
          {"kwh_per_day", f.kwh_per_day},
          {"mwh_per_year", f.mwh_per_year},
          {"t_co2e_per_year", f.t_co2e_per_year},
          {"cost_per_year", f.cost_per_year}};
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

// ---------------------------------------------------------------------------------------------
// One model on one piece of hardware

void run_single(const EstimateArgs& a, const hw::HardwareSpec& spec, const LoadedWorkload& s,
                Precision precision, Method method) {
  const auto fp = footprint_params(a);
  const double flops = s.work.flops_per_inference();
  std::optional<energy::StudyEstimate> study;
  std::optional<energy::RooflineEstimate> roof;
  if (method != Method::roofline)
    study = energy::estimate_study(flops, spec, precision, parse_unit(a.unit));
  if (method != Method::study)
    roof = energy::estimate_roofline(s.work, spec, precision, roofline_params(a));

  const OutputFormat format = a.output.format();
  if (format == OutputFormat::json) {
    nlohmann::json j;
    j["model"] = s.work.name;
    j["hardware"] = {{"id", spec.id}, {"name", spec.name}, {"tdp_w", spec.tdp_w}};
    j["precision"] = std::string(to_string(precision));
    j["batch"] = s.work.batch;
    j["flops_per_inference"] = flops;
    j["bytes_per_batch"] = s.work.bytes();
    if (s.params) j["params"] = *s.params;
    j["inferences_per_day"] = a.per_day;
    j["footprint_parameters"] = {{"grid_g_co2e_per_kwh", fp.grid_g_co2e_per_kwh},
                                 {"price_per_kwh", fp.price_per_kwh},
                                 {"currency", fp.currency},
                                 {"pue", fp.pue}};
    if (study) {
      j["study"] = {{"gflops_per_watt", study->gflops_per_watt},
                    {"unit", std::string(hw::to_string(study->unit))},
                    {"joules_per_inference", study->joules_per_inference},
                    {"footprint", footprint_json(energy::footprint(study->joules_per_inference,
                                                                   a.per_day, fp))}};
    }
    if (roof) {
      nlohmann::json r = {{"peak_matrix_tflops", roof->peak_matrix_tflops},
                          {"peak_vector_tflops", roof->peak_vector_tflops},
                          {"bandwidth_gbs", roof->bandwidth_gbs},
                          {"ridge_flops_per_byte", roof->ridge_flops_per_byte},
                          {"batch_seconds", range_json(roof->batch_seconds)},
                          {"inferences_per_second", range_json(roof->inferences_per_second)},
                          {"joules_per_inference", range_json(roof->joules_per_inference)},
                          {"memory_bound_time_share", roof->memory_bound_time_share}};
      r["footprint_typical"] =
          footprint_json(energy::footprint(roof->joules_per_inference.typical, a.per_day, fp));
      if (a.per_node) {
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
    a.output.write(to_json_text(j));
    return;
  }

  Table t({{"quantity", Align::left},
           {"study", Align::right},
           {"roofline: typical (best – worst)", Align::right}});
  t.add_row({"FLOPs per inference", format_si(flops), format_si(flops)});
  t.add_row(
      {"hardware efficiency",
       study ? fmt::format("{} GFLOPS/W ({})", format_significant(study->gflops_per_watt, 4),
                           hw::to_string(study->unit))
             : "",
       roof ? fmt::format("ridge {} FLOP/byte", format_significant(roof->ridge_flops_per_byte, 3))
            : ""});
  t.add_row({"energy per inference (device)", study ? joules(study->joules_per_inference) : "",
             roof ? range_text(roof->joules_per_inference, joules) : ""});
  if (roof) {
    t.add_row({fmt::format("latency bound (batch {})", s.work.batch), "",
               range_text(roof->batch_seconds, seconds)});
    t.add_row(
        {"throughput bound (inferences/s)", "",
         fmt::format("{} ({} – {})", format_significant(roof->inferences_per_second.typical, 4),
                     format_significant(roof->inferences_per_second.high, 4),
                     format_significant(roof->inferences_per_second.low, 4))});
    t.add_row({"time in memory-bound nodes", "",
               fmt::format("{:.1f}%", 100 * roof->memory_bound_time_share)});
  }
  t.add_separator();
  const auto foot_row = [&](const std::string& label, auto get, auto show) {
    std::string study_cell, roof_cell;
    if (study)
      study_cell = show(get(energy::footprint(study->joules_per_inference, a.per_day, fp)));
    if (roof) {
      roof_cell = fmt::format(
          "{} ({} – {})",
          show(get(energy::footprint(roof->joules_per_inference.typical, a.per_day, fp))),
          show(get(energy::footprint(roof->joules_per_inference.low, a.per_day, fp))),
          show(get(energy::footprint(roof->joules_per_inference.high, a.per_day, fp))));
    }
    t.add_row({label, study_cell, roof_cell});
  };
  const auto num = [](double v) { return format_si(v); };
  foot_row(
      "energy at the wall (× PUE)",
      [](const energy::Footprint& f) { return f.joules_per_inference; }, joules);
  foot_row(
      "inferences per kWh", [](const energy::Footprint& f) { return f.inferences_per_kwh; }, num);
  foot_row(
      "CO2e per inference", [](const energy::Footprint& f) { return f.g_co2e_per_inference; },
      grams);
  if (a.per_day > 0) {
    foot_row(
        "kWh per day", [](const energy::Footprint& f) { return f.kwh_per_day; }, num);
    foot_row(
        "MWh per year", [](const energy::Footprint& f) { return f.mwh_per_year; }, num);
    foot_row(
        "t CO2e per year", [](const energy::Footprint& f) { return f.t_co2e_per_year; }, num);
    foot_row(
        fmt::format("cost per year ({})", fp.currency),
        [](const energy::Footprint& f) { return f.cost_per_year; }, num);
  }
  if (!study || !roof) t = without_column(t, study ? 2 : 1);

  std::string out;
  const bool md = format == OutputFormat::markdown;
  if (format == OutputFormat::csv) {
    out = t.to_csv();
  } else {
    const auto shown = [md](std::string_view text) {
      return md ? markdown_escape(text) : visible(text);
    };
    out = fmt::format("{}infergy estimate: {} on {} ({}), {}, batch {}\n", md ? "# " : "",
                      shown(s.work.name), shown(spec.id), shown(spec.name), to_string(precision),
                      s.work.batch);
    if (roof) {
      out += fmt::format(
          "{}peaks used: matrix {} TFLOPS, vector {} TFLOPS, memory {} GB/s; TDP {} W\n",
          md ? "- " : "", format_significant(roof->peak_matrix_tflops, 4),
          format_significant(roof->peak_vector_tflops, 4),
          format_significant(roof->bandwidth_gbs, 4), spec.tdp_w);
    }
    out += fmt::format(
        "{}grid {} g CO2e/kWh, price {} {}/kWh, PUE {}{}\n\n", md ? "- " : "",
        fp.grid_g_co2e_per_kwh, fp.price_per_kwh, fp.currency, fp.pue,
        a.per_day > 0 ? fmt::format(", {} inferences per day", format_si(a.per_day)) : "");
    out += md ? t.to_markdown() : t.to_text();
    if (roof && a.per_node) {
      Table nodes({{"node", Align::left},
                   {"bound", Align::left},
                   {"time", Align::right},
                   {"FLOP/byte", Align::right}});
      for (const auto& i : roof->items) {
        nodes.add_row({i.name, i.memory_bound ? "memory" : "compute", seconds(i.seconds),
                       format_significant(i.intensity, 3)});
      }
      out += "\n" + (md ? nodes.to_markdown() : nodes.to_text());
    }
    out +=
        "\nstudy: E = FLOPs / (peak FLOP/s at the precision / TDP), Desislavov et al. 2023.\n"
        "roofline: per node max(FLOPs / (peak × η_compute), bytes / (bandwidth × η_memory)), "
        "energy = time × TDP × power fraction; ranges from the η and power-fraction bounds "
        "(docs/estimators.md).\n";
  }
  a.output.write(out);
}

// ---------------------------------------------------------------------------------------------
// One model on every piece of hardware that can run it at the precision, ranked by joules

void run_all(const EstimateArgs& a, const hw::Catalogue& cat, const LoadedWorkload& s,
             Precision precision, Method method) {
  struct Row {
    const hw::HardwareSpec* spec;
    std::optional<energy::StudyEstimate> study;
    std::optional<energy::RooflineEstimate> roof;
    double rank_joules;
  };
  std::vector<Row> rows;
  std::size_t skipped = 0;
  const auto params = roofline_params(a);
  const double flops = s.work.flops_per_inference();
  for (const auto& spec : cat.all()) {
    Row r{&spec, std::nullopt, std::nullopt, 0};
    try {
      if (method != Method::roofline)
        r.study = energy::estimate_study(flops, spec, precision, parse_unit(a.unit));
      if (method != Method::study)
        r.roof = energy::estimate_roofline(s.work, spec, precision, params);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::input) throw;
      ++skipped;  // no peak at this precision, or no bandwidth for the roofline
      continue;
    }
    r.rank_joules = r.roof ? r.roof->joules_per_inference.typical : r.study->joules_per_inference;
    rows.push_back(r);
  }
  if (rows.empty()) {
    throw input_error(fmt::format("no catalogued hardware has a {} peak{}", to_string(precision),
                                  method != Method::study ? " and a memory bandwidth" : ""));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& x, const Row& y) { return x.rank_joules < y.rank_joules; });
  const auto fp = footprint_params(a);
  const OutputFormat format = a.output.format();
  if (format == OutputFormat::json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : rows) {
      nlohmann::json e = {{"hardware", r.spec->id},
                          {"name", r.spec->name},
                          {"released", r.spec->release.to_string()},
                          {"kind", std::string(hw::to_string(r.spec->kind))}};
      if (r.study) e["study_joules"] = r.study->joules_per_inference;
      if (r.roof) {
        e["roofline_joules"] = range_json(r.roof->joules_per_inference);
        e["batch_seconds"] = range_json(r.roof->batch_seconds);
        e["inferences_per_second"] = range_json(r.roof->inferences_per_second);
      }
      e["inferences_per_kwh"] = energy::footprint(r.rank_joules, a.per_day, fp).inferences_per_kwh;
      if (a.per_day > 0)
        e["mwh_per_year"] = energy::footprint(r.rank_joules, a.per_day, fp).mwh_per_year;
      j.push_back(std::move(e));
    }
    a.output.write(to_json_text(j));
    return;
  }
  std::vector<Column> cols = {
      {"#", Align::right}, {"hardware", Align::left}, {"released", Align::left}};
  if (method != Method::roofline) cols.push_back({"J/inference (study)", Align::right});
  if (method != Method::study) {
    cols.push_back({"J/inference (roofline)", Align::right});
    cols.push_back({fmt::format("latency (batch {})", s.work.batch), Align::right});
    cols.push_back({"inferences/s", Align::right});
  }
  cols.push_back({"inferences/kWh", Align::right});
  if (a.per_day > 0) cols.push_back({"MWh/year", Align::right});
  Table t(cols);
  const bool exact = format == OutputFormat::csv;
  std::size_t rank = 0;
  for (const auto& r : rows) {
    std::vector<std::string> cells = {std::to_string(++rank), r.spec->id, r.spec->release_text};
    const auto num = [&](double v) { return exact ? fmt::format("{:.6g}", v) : format_si(v); };
    if (r.study || method != Method::roofline) {
      cells.push_back(r.study ? (exact ? fmt::format("{:.6g}", r.study->joules_per_inference)
                                       : joules(r.study->joules_per_inference))
                              : "");
    }
    if (method != Method::study) {
      cells.push_back(exact ? fmt::format("{:.6g}", r.roof->joules_per_inference.typical)
                            : range_text(r.roof->joules_per_inference, joules));
      cells.push_back(exact ? fmt::format("{:.6g}", r.roof->batch_seconds.typical)
                            : seconds(r.roof->batch_seconds.typical));
      cells.push_back(num(r.roof->inferences_per_second.typical));
    }
    const auto f = energy::footprint(r.rank_joules, a.per_day, fp);
    cells.push_back(num(f.inferences_per_kwh));
    if (a.per_day > 0) cells.push_back(num(f.mwh_per_year));
    t.add_row(std::move(cells));
  }
  std::string out;
  if (format == OutputFormat::csv) {
    out = t.to_csv();
  } else {
    const bool md = format == OutputFormat::markdown;
    out = fmt::format(
        "{}infergy estimate: {} at {}, batch {}, on {} catalogued devices ({} without a "
        "{} peak{} skipped), ranked by joules per inference\n\n",
        md ? "# " : "", md ? markdown_escape(s.work.name) : visible(s.work.name),
        to_string(precision), s.work.batch, rows.size(), skipped, to_string(precision),
        method != Method::study ? " or a bandwidth" : "");
    out += md ? t.to_markdown() : t.to_text();
  }
  a.output.write(out);
}

// ---------------------------------------------------------------------------------------------
// A table of models (the study's way: numbers, no model files), one result row each

void run_table(const EstimateArgs& a, const hw::HardwareSpec& spec, Precision precision,
               Method method) {
  const auto models =
      energy::parse_model_table(read_text_file(a.table), a.table, a.workload.batch, precision);
  const auto params = roofline_params(a);
  const auto fp = footprint_params(a);
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
  const bool progress = stderr_is_terminal() && models.size() > 20;
  for (std::size_t i = 0; i < models.size(); ++i) {
    if (progress && i % 50 == 0) fmt::print(stderr, "\r{}/{} models\x1b[K", i, models.size());
    const std::string& name = models[i].name;
    const energy::Workload& work = models[i].work;
    const double gflops = models[i].gflops;
    const std::int64_t batch = work.batch;
    std::optional<energy::StudyEstimate> study;
    std::optional<energy::RooflineEstimate> roof;
    if (method != Method::roofline)
      study =
          energy::estimate_study(work.flops_per_inference(), spec, precision, parse_unit(a.unit));
    if (method != Method::study) roof = energy::estimate_roofline(work, spec, precision, params);
    const double rank_j = roof ? roof->joules_per_inference.typical : study->joules_per_inference;
    const auto g = [](double v) { return fmt::format("{:.6g}", v); };
    t.add_row(
        {name, spec.id, std::string(to_string(precision)), std::to_string(batch), g(gflops),
         study ? g(study->joules_per_inference) : "", roof ? g(roof->joules_per_inference.low) : "",
         roof ? g(roof->joules_per_inference.typical) : "",
         roof ? g(roof->joules_per_inference.high) : "", roof ? g(roof->batch_seconds.typical) : "",
         roof ? g(roof->inferences_per_second.typical) : "",
         g(energy::footprint(rank_j, 0, fp).inferences_per_kwh)});
    nlohmann::json e = {{"name", name},
                        {"hardware", spec.id},
                        {"precision", std::string(to_string(precision))},
                        {"batch", batch},
                        {"gflops", gflops}};
    if (study) e["study_joules"] = study->joules_per_inference;
    if (roof) {
      e["roofline_joules"] = range_json(roof->joules_per_inference);
      e["batch_seconds"] = range_json(roof->batch_seconds);
      e["inferences_per_second"] = range_json(roof->inferences_per_second);
    }
    j.push_back(std::move(e));
  }
  if (progress) fmt::print(stderr, "\r\x1b[K");
  switch (a.output.format()) {
    case OutputFormat::json:
      a.output.write(to_json_text(j));
      break;
    case OutputFormat::markdown:
      a.output.write(t.to_markdown());
      break;
    case OutputFormat::table:
      a.output.write(t.to_text());
      break;
    case OutputFormat::csv:
      a.output.write(t.to_csv());
      break;
  }
}

void run(EstimateArgs& a) {
  const Precision precision = precision_arg(a.precision);
  const Method method = parse_method(a.method);
  (void)parse_unit(a.unit);
  if (!(a.per_day >= 0) || !std::isfinite(a.per_day)) {
    throw usage_error(fmt::format("--per-day must be >= 0 (got {})", a.per_day));
  }
  if (a.hw.empty())
    throw usage_error("--hw is required (a catalogue id, alias or 'all'; see `infergy hw list`)");
  const hw::Catalogue cat = load_catalogue(a.hardware_file);
  if (!a.table.empty()) {
    if (a.hw == "all") throw usage_error("--table needs one --hw, not 'all'");
    if (!a.workload.model.empty() || a.workload.gflops || a.workload.gmacs) {
      throw usage_error("--table replaces the model file and --gflops");
    }
    run_table(a, cat.get(a.hw), precision, method);
    return;
  }
  const LoadedWorkload s = load_workload(a.workload, precision);
  if (a.hw == "all") {
    run_all(a, cat, s, precision, method);
  } else {
    run_single(a, cat.get(a.hw), s, precision, method);
  }
}

void setup(CLI::App& root) {
  auto a = std::make_shared<EstimateArgs>();
  CLI::App* cmd = root.add_subcommand(
      "estimate", "Energy, latency bound, carbon and cost of one inference on given hardware");
  cmd->add_option("model", a->workload.model, "ONNX model file (or use --gflops / --table)");
  cmd->add_option("--hw", a->hw,
                  "Hardware id or alias from `infergy hw list`, or 'all' for a ranking");
  cmd->add_option("--precision", a->precision, "fp64, fp32, tf32, fp16, bf16, fp8, int8, int4")
      ->capture_default_str();
  cmd->add_option("--batch", a->workload.batch,
                  "Inferences per pass (weights are read once per batch)")
      ->capture_default_str();
  cmd->add_option("--dim", a->workload.dims,
                  "Bind a symbolic dim of the model: NAME=VALUE (repeatable)");
  cmd->add_option("--method", a->method, "study, roofline or both")->capture_default_str();
  cmd->add_option("--unit", a->unit, "Peak the study method divides by: best, vector or matrix")
      ->capture_default_str();
  cmd->add_option("--gflops", a->workload.gflops,
                  "GFLOPs per inference, when there is no model file");
  cmd->add_option("--gmacs", a->workload.gmacs, "GMACs per inference (FLOPs = 2 x MACs)");
  cmd->add_option("--params-m", a->workload.params_m,
                  "Parameters in millions (roofline weight bytes)");
  cmd->add_option("--activations-m", a->workload.activations_m,
                  "Activations per inference in millions");
  cmd->add_option("--name", a->workload.name, "Name of a model given by numbers");
  cmd->add_option(
      "--table", a->table,
      "CSV of models: name, gflops or gmacs, params_m, activations_m (millions), batch");
  cmd->add_option("--per-day", a->per_day, "Inferences per day: yearly energy, carbon and cost");
  cmd->add_option("--grid", a->grid,
                  "Grid carbon intensity, g CO2e/kWh (default: world 2023, Ember)");
  cmd->add_option("--price", a->price,
                  "Electricity price per kWh (default: US commercial 2023, EIA)");
  cmd->add_option("--currency", a->currency, "Currency of --price")->capture_default_str();
  cmd->add_option("--pue", a->pue,
                  "Power usage effectiveness (default: 2024 industry average, Uptime)");
  cmd->add_option("--eta-compute", a->eta_compute, "Roofline compute efficiency LOW,TYPICAL,HIGH");
  cmd->add_option("--eta-memory", a->eta_memory, "Roofline memory efficiency LOW,TYPICAL,HIGH");
  cmd->add_option("--power-fraction", a->power_fraction, "Fraction of TDP drawn LOW,TYPICAL,HIGH");
  cmd->add_option("--hardware-file", a->hardware_file,
                  "Your own hardware rows (hardware.csv columns)");
  cmd->add_flag("--per-node", a->per_node, "Roofline bound of every node");
  add_output_options(*cmd, a->output);
  cmd->callback([a] { run(*a); });
}

const CommandRegistration registration(20, setup);

}  // namespace

}  // namespace infergy::cli
