// `infergy measure -- CMD [ARGS...]`: the real energy of a command from NVML and RAPL.
//
// The command's stdin, stdout and stderr are its own; the report goes to stderr (or --output,
// where "-" is stdout) so it never mixes with what the command prints. infergy exits with the
// command's status, so it can stand in front of a command in a script.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/json_text.hpp"
#include "infergy/measure.hpp"
#include "infergy/text.hpp"
#include "workload_args.hpp"

namespace infergy::cli {
namespace {

struct MeasureArgs {
  int interval_ms = 50;
  std::uint64_t inferences = 0;
  double idle_s = 0;
  bool allow_no_sensors = false;
  std::string sysfs_root;
  std::vector<std::string> command;
  OutputOptions output;
  // --compare: the estimate to put beside the measurement
  WorkloadArgs compare;
  bool compare_numbers = false;  // --compare-gflops given
  std::string hw;
  std::string precision = "fp32";
  std::string hardware_file;
};

// The estimate of the measured workload, computed before the command runs so that a mistake in
// the model or hardware costs no measurement.
struct Comparison {
  std::string model;
  const hw::HardwareSpec* spec = nullptr;
  Precision precision = Precision::fp32;
  std::int64_t batch = 1;
  std::optional<energy::StudyEstimate> study;
  std::optional<energy::RooflineEstimate> roof;
  std::string roofline_error;  // why there is no roofline (no bandwidth, ...)
};

bool comparing(const MeasureArgs& a) {
  return !a.compare.model.empty() || a.compare.gflops.has_value() || a.compare.gmacs.has_value();
}

Comparison prepare_comparison(const MeasureArgs& a, const hw::Catalogue& cat) {
  if (a.hw.empty()) throw usage_error("--compare needs --hw (see `infergy hw list`)");
  if (a.inferences == 0) {
    throw usage_error("--compare needs --inferences N: the estimate is per inference");
  }
  Comparison c;
  c.precision = precision_arg(a.precision);
  c.spec = &cat.get(a.hw);
  c.batch = a.compare.batch;
  const LoadedWorkload w = load_workload(a.compare, c.precision);
  c.model = w.work.name;
  c.study = energy::estimate_study(w.work.flops_per_inference(), *c.spec, c.precision);
  try {
    c.roof = energy::estimate_roofline(w.work, *c.spec, c.precision);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::input) throw;
    c.roofline_error = e.what();
  }
  return c;
}

// Measured joules per inference of the domains that the hardware is: GPUs for a GPU or
// accelerator, CPU packages and DRAM for a CPU.
struct Measured {
  std::optional<double> joules, net_joules;
  std::string domains;
};

Measured measured_for(const measure::Measurement& m, const hw::HardwareSpec& spec) {
  Measured out;
  const bool cpu = spec.kind == hw::HardwareKind::cpu;
  for (const auto& t : m.totals()) {
    if (!t.kind) continue;
    const bool match =
        cpu ? (*t.kind == measure::SensorKind::cpu || *t.kind == measure::SensorKind::dram)
            : *t.kind == measure::SensorKind::gpu;
    if (!match || t.domains == t.unavailable_domains) continue;
    out.joules = out.joules.value_or(0) + t.joules;
    if (t.net_joules) out.net_joules = out.net_joules.value_or(0) + *t.net_joules;
    out.domains += out.domains.empty() ? "" : "+";
    out.domains += cpu ? (*t.kind == measure::SensorKind::cpu ? "cpu" : "dram") : "gpu";
  }
  return out;
}

std::string compare_text(const Comparison& c, const measure::Measurement& m, OutputFormat format) {
  const Measured got = measured_for(m, *c.spec);
  const double n = static_cast<double>(*m.inferences);
  Table t(
      {{"", Align::left}, {"J/inference", Align::right}, {"measured / estimate", Align::right}});
  const std::optional<double> per =
      got.joules ? std::optional<double>(*got.joules / n) : std::nullopt;
  const std::optional<double> net =
      got.net_joules ? std::optional<double>(*got.net_joules / n) : std::nullopt;
  const auto j = [](double v) { return format_significant(v, 4); };
  const auto ratio = [&](double estimate) {
    std::string r = per ? format_significant(*per / estimate, 3) : "-";
    if (net) r += fmt::format(" (net {})", format_significant(*net / estimate, 3));
    return r;
  };
  t.add_row({fmt::format("measured ({})", got.domains.empty() ? "no matching sensor" : got.domains),
             per ? j(*per) + (net ? fmt::format(" (net {})", j(*net)) : "") : "unavailable", ""});
  t.add_row(
      {"estimate: study", j(c.study->joules_per_inference), ratio(c.study->joules_per_inference)});
  if (c.roof) {
    for (const auto& [label, v] :
         {std::pair{"estimate: roofline best", c.roof->joules_per_inference.low},
          std::pair{"estimate: roofline typical", c.roof->joules_per_inference.typical},
          std::pair{"estimate: roofline worst", c.roof->joules_per_inference.high}}) {
      t.add_row({label, j(v), ratio(v)});
    }
  }
  const double throughput = n / m.duration_s;
  const bool md = format == OutputFormat::markdown;
  const auto shown = [md](std::string_view text) {
    return md ? markdown_escape(text) : visible(text);
  };
  std::string out = fmt::format("\ncompared with infergy estimate: {} on {} at {}, batch {}\n",
                                shown(c.model), shown(c.spec->id), to_string(c.precision), c.batch);
  out += format == OutputFormat::markdown ? t.to_markdown() : t.to_text();
  out +=
      fmt::format("measured throughput {} inferences/s over the whole command{}\n",
                  format_significant(throughput, 4),
                  c.roof ? fmt::format("; roofline bound {} (typical)",
                                       format_significant(c.roof->inferences_per_second.typical, 4))
                         : "");
  if (!c.roofline_error.empty()) {
    out += "no roofline estimate: " + shown(c.roofline_error) + "\n";
  }
  return out;
}

nlohmann::json compare_json(const Comparison& c, const measure::Measurement& m) {
  const Measured got = measured_for(m, *c.spec);
  const double n = static_cast<double>(*m.inferences);
  nlohmann::json j = {{"model", c.model},
                      {"hardware", c.spec->id},
                      {"precision", std::string(to_string(c.precision))},
                      {"batch", c.batch},
                      {"domains", got.domains}};
  j["measured_joules_per_inference"] =
      got.joules ? nlohmann::json(*got.joules / n) : nlohmann::json();
  j["measured_net_joules_per_inference"] =
      got.net_joules ? nlohmann::json(*got.net_joules / n) : nlohmann::json();
  j["study_joules_per_inference"] = c.study->joules_per_inference;
  if (c.roof) {
    j["roofline_joules_per_inference"] = {{"low", c.roof->joules_per_inference.low},
                                          {"typical", c.roof->joules_per_inference.typical},
                                          {"high", c.roof->joules_per_inference.high}};
    j["roofline_inferences_per_second_typical"] = c.roof->inferences_per_second.typical;
  }
  j["measured_inferences_per_second"] = n / m.duration_s;
  return j;
}

void run(const MeasureArgs& args) {
  args.output.check();  // a refused --output is found before the command runs
  measure::MeasureOptions options;
  if (!args.sysfs_root.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(args.sysfs_root, ec)) {
      throw no_input_error(fmt::format("--sysfs-root {}: no such directory", args.sysfs_root));
    }
    options.sensors.sysfs_root = args.sysfs_root;
  }
  options.interval = std::chrono::milliseconds(args.interval_ms);
  options.idle = std::chrono::milliseconds(static_cast<std::int64_t>(args.idle_s * 1000.0 + 0.5));
  if (args.inferences > 0) options.inferences = args.inferences;
  options.allow_no_sensors = args.allow_no_sensors;
  const OutputFormat format = args.output.format();

  std::optional<hw::Catalogue> cat;
  std::optional<Comparison> comparison;
  if (comparing(args)) {
    cat = load_catalogue(args.hardware_file);
    comparison = prepare_comparison(args, *cat);
  } else if (!args.hw.empty()) {
    throw usage_error("--hw is for --compare MODEL.onnx (or --compare-gflops X)");
  }

  const measure::Measurement m = measure::measure_command(args.command, options);
  if (!m.outcome.launch_error.empty()) {
    fmt::print(stderr, "infergy: error: {}\n", visible(m.outcome.launch_error));
    set_exit_status(m.outcome.exit_status);
    return;
  }
  std::string report = measure::render_measurement(m, format);
  if (comparison && m.measured()) {
    if (format == OutputFormat::json) {
      auto j = nlohmann::json::parse(report);
      j["compare"] = compare_json(*comparison, m);
      report = to_json_text(j);
    } else if (format != OutputFormat::csv) {
      report += compare_text(*comparison, m, format);
    }
  } else if (comparison && format != OutputFormat::json && format != OutputFormat::csv) {
    report += fmt::format(
        "\nnothing measured to compare with the estimate: study {} J/inference{}\n",
        format_significant(comparison->study->joules_per_inference, 4),
        comparison->roof
            ? fmt::format(", roofline {} J/inference (typical)",
                          format_significant(comparison->roof->joules_per_inference.typical, 4))
            : "");
  }
  if (args.output.path.empty()) {
    std::fflush(stdout);
    std::fwrite(report.data(), 1, report.size(), stderr);
  } else {
    args.output.write(report);
  }
  set_exit_status(m.outcome.exit_status);
}

void setup(CLI::App& root) {
  auto args = std::make_shared<MeasureArgs>();
  CLI::App* cmd = root.add_subcommand(
      "measure",
      "Run a command and measure the energy it draws: NVIDIA GPUs through NVML, CPU packages "
      "and DRAM through RAPL. Exits with the command's status; the report goes to stderr.");
  cmd->footer(
      "Put the command after --, e.g. infergy measure --inferences 1000 -- python3 bench.py. "
      "INFERGY_SYSFS_ROOT and INFERGY_NVML_LIBRARY override where sensors are looked for; "
      "INFERGY_NVML_METHOD=power integrates GPU power instead of reading the energy counter. "
      "See docs/measure.md for the sensors and their caveats.");
  cmd->add_option("--interval-ms", args->interval_ms, "Sampling interval in milliseconds")
      ->capture_default_str()
      ->check(CLI::Range(1, 60000));
  cmd->add_option("--inferences", args->inferences,
                  "Inferences the command performs, for joules per inference")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--idle", args->idle_s,
                  "Measure an idle baseline for S seconds before the command and subtract it")
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_flag("--allow-no-sensors", args->allow_no_sensors,
                "Run the command even when no sensor can be read (and say so)");
  cmd->add_option("--sysfs-root", args->sysfs_root,
                  "Directory standing for / when reading sys/class/powercap and sys/class/hwmon "
                  "(default: $INFERGY_SYSFS_ROOT or /)");
  add_output_options(*cmd, args->output);
  cmd->get_option("--output")
      ->description("Write the report to FILE (- for stdout) instead of stderr");
  cmd->add_option("--compare", args->compare.model,
                  "Put infergy's estimate for this ONNX model beside the measurement");
  cmd->add_option("--compare-gflops", args->compare.gflops,
                  "Or compare with a model known by its GFLOPs per inference");
  cmd->add_option("--hw", args->hw, "Hardware id of the estimate (see `infergy hw list`)");
  cmd->add_option("--precision", args->precision, "Precision of the estimate")
      ->capture_default_str();
  cmd->add_option("--batch", args->compare.batch, "Batch size the command runs (for the estimate)")
      ->capture_default_str();
  cmd->add_option("--dim", args->compare.dims,
                  "Bind a symbolic dim of the compared model: NAME=VALUE");
  cmd->add_option("--hardware-file", args->hardware_file, "Your own hardware rows");
  cmd->add_option("command", args->command, "The command to run and its arguments (after --)")
      ->required();
  cmd->callback([args] { run(*args); });
}

const CommandRegistration registration(70, setup);

}  // namespace
}  // namespace infergy::cli
