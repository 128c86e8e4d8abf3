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

#include "args.hpp"
#include "command.hpp"
#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/json_text.hpp"
#include "infergy/measure.hpp"
#include "infergy/text.hpp"

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
  HardwareArgs hardware;
  PrecisionArg precision;
};

// The estimate of the measured workload, computed before the command runs so that a mistake in
// the model or hardware costs no measurement. The study method must run; the roofline may not
// (no bandwidth), and says why.
energy::Estimate prepare_comparison(const MeasureArgs& a) {
  if (a.hardware.hw.empty()) throw usage_error("--compare needs --hw (see `infergy hw list`)");
  if (a.inferences == 0) {
    throw usage_error("--compare needs --inferences N: the estimate is per inference");
  }
  const hw::Catalogue catalogue = a.hardware.catalogue();
  const hw::HardwareSpec device = a.hardware.device(catalogue);
  energy::EstimateOptions o;
  o.precision = a.precision.value();
  const LoadedWorkload w = load_workload(a.compare, o.precision);
  energy::Estimate e = energy::estimate(w.work, device, o);
  if (!e.study) throw input_error(e.study_unavailable);
  return e;
}

// Measured joules per inference of the domains that the hardware is: GPUs for a GPU or
// accelerator, CPU packages and DRAM for a CPU.
energy::MeasuredEnergy measured_for(const measure::Measurement& m, const hw::HardwareSpec& spec) {
  energy::MeasuredEnergy out;
  const bool cpu = spec.kind == hw::HardwareKind::cpu;
  const double n = static_cast<double>(m.inferences.value_or(1));
  for (const auto& t : m.totals()) {
    if (!t.kind) continue;
    const bool match =
        cpu ? (*t.kind == measure::SensorKind::cpu || *t.kind == measure::SensorKind::dram)
            : *t.kind == measure::SensorKind::gpu;
    if (!match || t.domains == t.unavailable_domains) continue;
    out.joules_per_inference = out.joules_per_inference.value_or(0) + t.joules / n;
    if (t.net_joules) {
      out.net_joules_per_inference = out.net_joules_per_inference.value_or(0) + *t.net_joules / n;
    }
    out.domains += out.domains.empty() ? "" : "+";
    out.domains += cpu ? (*t.kind == measure::SensorKind::cpu ? "cpu" : "dram") : "gpu";
  }
  out.inferences_per_second = n / m.duration_s;
  return out;
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

  std::optional<energy::Estimate> comparison;
  if (args.compare.given()) {
    comparison = prepare_comparison(args);
  } else if (!args.hardware.hw.empty() || args.compare.shape.given() ||
             !args.precision.text.empty()) {
    throw usage_error(
        "--hw, --precision, --batch, --dim and --input are for --compare MODEL.onnx (or "
        "--compare-gflops X)");
  }

  const measure::Measurement m = measure::measure_command(args.command, options);
  if (!m.outcome.launch_error.empty()) {
    fmt::print(stderr, "infergy: error: {}\n", visible(m.outcome.launch_error));
    set_exit_status(m.outcome.exit_status);
    return;
  }
  std::string report = measure::render_measurement(m, format);
  if (comparison && m.measured()) {
    const auto got = measured_for(m, comparison->hardware);
    if (format == OutputFormat::json) {
      auto j = nlohmann::json::parse(report);
      j["compare"] = nlohmann::json::parse(energy::render_comparison(*comparison, got, format));
      report = to_json_text(j);
    } else if (format != OutputFormat::csv) {
      report += energy::render_comparison(*comparison, got, format);
    }
  } else if (comparison && format != OutputFormat::json && format != OutputFormat::csv) {
    report += fmt::format(
        "\nnothing measured to compare with the estimate: study {} J/inference{}\n",
        format_significant(comparison->study->joules_per_inference, 4),
        comparison->roofline
            ? fmt::format(", roofline {} J/inference (typical)",
                          format_significant(comparison->roofline->joules_per_inference.typical, 4))
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
      ->check(finite_number())
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
                  "Or compare with a model known by its GFLOPs per inference")
      ->check(finite_number());
  add_hardware_options(*cmd, args->hardware, HardwareChoice::one, " (the estimate's device)");
  add_precision_option(*cmd, args->precision, "Precision of the estimate");
  add_shape_options(*cmd, args->compare.shape);
  cmd->add_option("command", args->command, "The command to run and its arguments (after --)")
      ->required();
  cmd->callback([args] { run(*args); });
}

const CommandRegistration registration(70, setup);

}  // namespace
}  // namespace infergy::cli
