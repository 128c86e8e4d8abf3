// Measured energy of a command: NVIDIA GPUs through NVML, CPU packages and DRAM through RAPL
// (Linux powercap) and AMD's amd_energy hwmon driver.
//
// The estimate side of infergy predicts joules from FLOPs and hardware figures; this side reads
// the real counters while a workload runs, so the two can be compared (docs/measure.md). A domain
// that could not be read, or whose counter did not move, is reported as unavailable with its
// reason: a 0 J "measurement" would be a lie that a comparison could not detect.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/table.hpp"

namespace infergy::measure {

enum class SensorKind {
  gpu,       // a whole board (NVML)
  cpu,       // a CPU package or socket
  dram,      // memory attached to a package
  cpu_part,  // a sub-domain of a package (RAPL core, uncore): already inside the package figure
  platform,  // RAPL psys: the whole SoC platform, overlapping the packages
};
std::string_view to_string(SensorKind kind);

/// What a sensor is, fixed at discovery.
struct SensorInfo {
  std::string name;  // "gpu0 (NVIDIA H100 80GB HBM3)", "package-0", "package-0/dram"
  SensorKind kind = SensorKind::cpu;
  std::string method;  // "nvml energy counter", "nvml power integration", "rapl powercap", ...
  std::string source;  // the file or device it reads: "/sys/class/powercap/intel-rapl:0"
  /// False for domains contained in, or overlapping, others (core, uncore, psys), so a total over
  /// the counted domains never adds the same joules twice.
  bool counted_in_total = true;
  /// The device's own power limit where its driver reports one (NVML's maximum power limit, the
  /// largest RAPL constraint), in watts: a reading beyond what it could draw is rejected.
  std::optional<double> power_limit_w;
};

/// What one sensor saw between start() and stop().
struct SensorReading {
  SensorInfo info;
  /// Energy over the reading; nullopt when unavailable (see `unavailable_reason`).
  std::optional<double> joules;
  std::string unavailable_reason;
  double duration_s = 0;  // from the first to the last successful read
  std::optional<double> mean_power_w;
  /// The highest power seen: the sensor's own power readings where it has them (NVML), else the
  /// highest energy difference over one sampling interval divided by that interval.
  std::optional<double> peak_power_w;
  std::size_t reads = 0;         // successful reads, start and stop included
  std::size_t failed_reads = 0;  // reads that failed in between (their energy is still counted
                                 // by the next read of a cumulative counter)
  std::size_t wraps = 0;         // counter wrap-arounds corrected with max_energy_range_uj
  std::vector<std::string> notes;

  bool available() const { return joules.has_value(); }
};

/// One energy domain. start(), sample() and stop() take the time in seconds since a common
/// origin, so the sampler decides the clock and tests can drive a sensor with exact times.
/// A sensor can be started again after stop() (the idle baseline, then the command).
/// None of them throws: a failed read is recorded and shows in the reading.
class EnergySensor {
 public:
  virtual ~EnergySensor() = default;
  virtual const SensorInfo& info() const = 0;
  virtual void start(double t_s) = 0;
  virtual void sample(double t_s) = 0;
  virtual SensorReading stop(double t_s) = 0;
};

/// A sensor, or a whole family of them, that was tried and could not be used.
struct SensorFailure {
  std::string sensor;  // "nvml", "gpu1", "rapl", "package-0/dram", "amd_energy"
  std::string reason;
};

/// The result of reading a small sysfs file: its content, or the errno of the failure.
struct FileRead {
  std::string content;
  int error = 0;
};
using FileReader = std::function<FileRead(const std::filesystem::path&)>;
/// Reads a whole (small) file with open/read, keeping errno (EACCES, EISDIR, ENOENT...).
FileRead read_small_file(const std::filesystem::path& path);

struct SensorOptions {
  /// The directory that stands for "/" when looking for sys/class/powercap and sys/class/hwmon.
  std::filesystem::path sysfs_root = "/";
  /// What dlopen() loads for NVML.
  std::string nvml_library = "libnvidia-ml.so.1";
  /// Integrate NVML power readings even where the energy counter works, to compare the two
  /// methods on one device (INFERGY_NVML_METHOD=power).
  bool nvml_force_power_integration = false;
  bool use_nvml = true;
  bool use_rapl = true;
  bool use_amd_energy = true;
  /// Reads sysfs files; tests inject failures (EACCES as root) through it.
  FileReader read_file = read_small_file;
};

/// Defaults with the environment applied: INFERGY_SYSFS_ROOT, INFERGY_NVML_LIBRARY,
/// INFERGY_NVML_METHOD ("power" forces power integration; "counter" or unset: the default).
SensorOptions sensor_options_from_environment();

struct SensorDiscovery {
  std::vector<std::unique_ptr<EnergySensor>> sensors;
  std::vector<SensorFailure> failures;
};

/// The names NVML reports for the GPUs, in device order ("NVIDIA GeForce RTX 4090"); empty with
/// `why_none` set when NVML cannot be loaded or reports none. `infergy hw detect` passes them to
/// hw::detect, so the hw module needs no driver code.
std::vector<std::string> nvml_gpu_names(const std::string& library, std::string& why_none);

/// Every sensor that answered a first read, and why each other one could not be used.
SensorDiscovery discover_sensors(const SensorOptions& options);

/// Starts every sensor, samples them every `interval` on a separate thread while `body` runs on
/// the calling thread, then stops them: one reading per sensor, in the sensors' order.
std::vector<SensorReading> sample_while(const std::vector<std::unique_ptr<EnergySensor>>& sensors,
                                        std::chrono::milliseconds interval,
                                        const std::function<void()>& body);

/// How a child process ended, as a shell reports it.
struct ChildOutcome {
  /// The status infergy exits with: the child's exit code, 128+N after signal N, 127 when the
  /// command could not be started.
  int exit_status = 0;
  std::optional<int> signal;  // the signal that killed it
  std::string launch_error;   // non-empty: it never ran ("cannot execute 'x': ...")
  std::string description;    // "exited with status 3", "killed by signal 9 (Killed)"
};

/// The executable that execvp() would run for `name` (searched in $PATH unless it has a '/'), or
/// the reason there is none.
struct ResolvedCommand {
  std::string path;
  std::string error;
};
ResolvedCommand resolve_command(const std::string& name);

/// Runs argv as a child sharing infergy's stdin, stdout and stderr, and waits for it. SIGINT,
/// SIGTERM, SIGHUP and SIGQUIT sent to infergy by another process are forwarded to the child;
/// the ones a terminal sends already reach the child, which shares the foreground process group,
/// and are not sent twice. Each is followed by SIGCONT, so a stopped child acts on it; a second
/// signal kills the child (SIGKILL), so the wait always ends.
ChildOutcome run_child(const std::vector<std::string>& argv);

struct MeasureOptions {
  SensorOptions sensors = sensor_options_from_environment();
  std::chrono::milliseconds interval{50};
  /// Idle baseline measured before the command (0: none).
  std::chrono::milliseconds idle{0};
  std::optional<std::uint64_t> inferences;
  /// Run the command even when no sensor can be read (else: Error of kind sensor).
  bool allow_no_sensors = false;
};

/// One domain's energy over the command, with its idle baseline when one was measured.
struct DomainMeasurement {
  SensorReading run;
  std::optional<SensorReading> idle;

  /// The idle baseline's mean power, when the baseline was read.
  std::optional<double> idle_power_w() const;
  /// Raw joules minus idle power × the command's duration (may be negative: noise, or a workload
  /// that let the device sleep deeper than the baseline).
  std::optional<double> net_joules() const;
};

/// Sums over counted domains of one kind (or all), for comparisons with an estimate.
struct EnergyTotal {
  std::optional<SensorKind> kind;  // nullopt: every counted domain
  double joules = 0;
  std::optional<double> net_joules;  // when every summed domain has a baseline
  std::size_t domains = 0;
  std::size_t unavailable_domains = 0;  // counted domains left out because they were unavailable
};

struct Measurement {
  std::vector<std::string> command;
  ChildOutcome outcome;
  double duration_s = 0;  // the command's run, as the sampler timed it
  double idle_s = 0;      // the idle baseline's length (0: none)
  std::chrono::milliseconds interval{50};
  std::optional<std::uint64_t> inferences;
  std::vector<DomainMeasurement> domains;
  std::vector<SensorFailure> failures;

  /// True when at least one domain has joules.
  bool measured() const;
  /// Totals for gpu, cpu, dram (kinds with at least one counted domain) then for all of them.
  std::vector<EnergyTotal> totals() const;
  /// joules / inferences, when --inferences was given.
  std::optional<double> per_inference(std::optional<double> joules) const;
};

/// Discovers the sensors, measures the idle baseline if asked, runs the command while sampling,
/// and returns everything. Throws Error(sensor) when no sensor is readable and
/// allow_no_sensors is false (the command is then not run). A command that cannot be started
/// comes back with outcome.launch_error set and exit status 127, before any sensor is touched.
Measurement measure_command(const std::vector<std::string>& argv, const MeasureOptions& options);

/// The one-line message for "no sensor could be read", naming each sensor tried and why.
std::string no_sensor_message(const std::vector<SensorFailure>& failures);

/// The report as a text table, Markdown, CSV (one row per domain) or JSON.
std::string render_measurement(const Measurement& m, OutputFormat format);

}  // namespace infergy::measure
