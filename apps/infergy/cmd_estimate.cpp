// infergy estimate: energy, time, carbon and cost of one inference on given hardware, by the
// study's method and by a roofline model, with the multiplicative factor (inferences per day).
#include <fmt/format.h>

#include "args.hpp"
#include "command.hpp"
#include "infergy/datasets.hpp"
#include "infergy/energy.hpp"
#include "infergy/error.hpp"
#include "infergy/text.hpp"

namespace infergy::cli {

namespace {

struct EstimateArgs {
  WorkloadArgs workload;
  PrecisionArg precision;
  HardwareArgs hardware;
  FootprintArgs footprint;
  std::string unit;  // empty: best
  std::string method = "both";
  std::string table;
  std::string eta_compute, eta_memory, power_fraction;
  bool per_node = false;
  OutputOptions output;
};

// "0.3,0.5,0.8" -> {low, typical, high}; a single value sets all three.
std::optional<energy::Range> parse_range(const std::string& flag, const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::vector<double> v;
  for (const auto& part : split(text, ',')) v.push_back(parse_finite(part, flag, text));
  if (v.size() == 1) return energy::Range{v[0], v[0], v[0]};
  if (v.size() != 3) throw usage_error(fmt::format("{} '{}': give one value or three", flag, text));
  return energy::Range{v[0], v[1], v[2]};
}

energy::EstimateOptions estimate_options(const EstimateArgs& a) {
  energy::EstimateOptions o;
  o.precision = a.precision.value();
  const auto methods = energy::parse_methods(a.method);
  if (!methods)
    throw usage_error(fmt::format("--method '{}': use study, roofline or both", a.method));
  o.methods = *methods;
  const auto unit = energy::parse_peak_unit(a.unit.empty() ? "best" : a.unit);
  if (!unit) throw usage_error(fmt::format("--unit '{}': use best, vector or matrix", a.unit));
  o.study_unit = *unit;
  if (auto r = parse_range("--eta-compute", a.eta_compute)) o.roofline.eta_compute = *r;
  if (auto r = parse_range("--eta-memory", a.eta_memory)) o.roofline.eta_memory = *r;
  if (auto r = parse_range("--power-fraction", a.power_fraction)) o.roofline.power_fraction = *r;
  o.footprint = a.footprint.params();
  o.inferences_per_day = a.footprint.per_day;
  // Options that would change nothing are mistakes to say, not to ignore.
  if (!o.methods.roofline && !(a.eta_compute + a.eta_memory + a.power_fraction).empty()) {
    throw usage_error(
        "--eta-compute, --eta-memory and --power-fraction tune the roofline, which "
        "--method study leaves out");
  }
  if (!o.methods.roofline && a.per_node) throw usage_error("--per-node needs the roofline");
  if (!o.methods.study && !a.unit.empty()) {
    throw usage_error("--unit chooses the study method's peak, which --method roofline leaves out");
  }
  return o;
}

energy::Estimate complete(energy::Estimate e) {
  if (!e.complete()) throw input_error(e.unavailable());
  return e;
}

// A table of models (the study's way: numbers, no model files), one result row each.
void run_table(const EstimateArgs& a, const hw::HardwareSpec& device,
               const energy::EstimateOptions& o) {
  if (a.workload.given()) throw usage_error("--table replaces the model file and --gflops");
  if (a.per_node) throw usage_error("--per-node shows one model's nodes, not a --table");
  if (!a.workload.shape.dims.empty() || !a.workload.shape.inputs.empty()) {
    throw usage_error("--dim and --input shape a model file, not a --table of numbers");
  }
  std::vector<energy::Estimate> rows;
  for (const auto& m : load_model_numbers(a.table)) {
    const auto work =
        energy::workload_from_numbers(m, a.workload.shape.batch.value_or(1), o.precision);
    rows.push_back(complete(energy::estimate(work, device, o)));
  }
  a.output.write(energy::render_rows(rows, a.output.format()));
}

void run(const EstimateArgs& a) {
  const energy::EstimateOptions o = estimate_options(a);
  const hw::Catalogue catalogue = a.hardware.catalogue();
  if (!a.table.empty()) {
    if (a.hardware.ranks_all()) throw usage_error("--table needs one --hw, not 'all'");
    run_table(a, a.hardware.device(catalogue), o);
    return;
  }
  if (a.hardware.ranks_all()) {
    if (a.per_node) throw usage_error("--per-node shows one device's bounds, not a ranking");
    const LoadedWorkload w = load_workload(a.workload, o.precision);
    const energy::Ranking ranking = energy::rank(w.work, catalogue.all(), o);
    if (ranking.ranked.empty()) {
      throw input_error(fmt::format("no catalogued hardware has a {} peak{}",
                                    to_string(o.precision),
                                    o.methods.roofline ? " and a memory bandwidth" : ""));
    }
    a.output.write(energy::render(ranking, a.output.format()));
    return;
  }
  const hw::HardwareSpec device = a.hardware.device(catalogue);
  const LoadedWorkload w = load_workload(a.workload, o.precision);
  const energy::Estimate e = complete(energy::estimate(w.work, device, o));
  a.output.write(energy::render(e, {a.output.format(), a.per_node, w.params}));
}

void setup(CLI::App& root) {
  auto a = std::make_shared<EstimateArgs>();
  CLI::App* cmd = root.add_subcommand(
      "estimate", "Energy, latency bound, carbon and cost of one inference on given hardware");
  cmd->add_option("model", a->workload.model, "ONNX model file (or use --gflops / --table)");
  add_hardware_options(*cmd, a->hardware, HardwareChoice::one_or_all);
  add_precision_option(*cmd, a->precision, "Precision of the arithmetic and the bytes");
  add_shape_options(*cmd, a->workload.shape);
  cmd->add_option("--method", a->method, "study, roofline or both")->capture_default_str();
  cmd->add_option("--unit", a->unit,
                  "Peak the study method divides by: best (default), vector or matrix");
  add_workload_number_options(*cmd, a->workload);
  cmd->add_option(
      "--table", a->table,
      "CSV of models: name, gflops or gmacs, params_m, activations_m (millions), batch");
  add_footprint_options(*cmd, a->footprint, "inference");
  cmd->add_option("--eta-compute", a->eta_compute, "Roofline compute efficiency LOW,TYPICAL,HIGH");
  cmd->add_option("--eta-memory", a->eta_memory, "Roofline memory efficiency LOW,TYPICAL,HIGH");
  cmd->add_option("--power-fraction", a->power_fraction, "Fraction of TDP drawn LOW,TYPICAL,HIGH");
  cmd->add_flag("--per-node", a->per_node, "Roofline bound of every node");
  add_output_options(*cmd, a->output);
  cmd->callback([a] { run(*a); });
}

const CommandRegistration registration(20, setup);

}  // namespace

}  // namespace infergy::cli
