// `infergy measure -- CMD [ARGS...]`: the real energy of a command from NVML and RAPL.
//
// The command's stdin, stdout and stderr are its own; the report goes to stderr (or --output,
// where "-" is stdout) so it never mixes with what the command prints. infergy exits with the
// command's status, so it can stand in front of a command in a script.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "command.hpp"
#include "infergy/error.hpp"
#include "infergy/measure.hpp"

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
};

void run(const MeasureArgs& args) {
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

  const measure::Measurement m = measure::measure_command(args.command, options);
  if (!m.outcome.launch_error.empty()) {
    fmt::print(stderr, "infergy: error: {}\n", m.outcome.launch_error);
    set_exit_status(m.outcome.exit_status);
    return;
  }
  const std::string report = measure::render_measurement(m, format);
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
  cmd->add_option("command", args->command, "The command to run and its arguments (after --)")
      ->required();
  cmd->callback([args] { run(*args); });
}

const CommandRegistration registration(70, setup);

}  // namespace
}  // namespace infergy::cli
