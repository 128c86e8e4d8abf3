// Discovery, the sampling thread, and measure_command, which ties them to the child process.
#include <fmt/format.h>
#include <signal.h>

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "infergy/error.hpp"
#include "infergy/measure.hpp"
#include "measure/discovery.hpp"

namespace infergy::measure {

std::string_view to_string(SensorKind kind) {
  switch (kind) {
    case SensorKind::gpu:
      return "gpu";
    case SensorKind::cpu:
      return "cpu";
    case SensorKind::dram:
      return "dram";
    case SensorKind::cpu_part:
      return "cpu part";
    case SensorKind::platform:
      return "platform";
  }
  return "unknown";
}

SensorOptions sensor_options_from_environment() {
  SensorOptions options;
  if (const char* root = std::getenv("INFERGY_SYSFS_ROOT"); root && *root) {
    options.sysfs_root = root;
  }
  if (const char* lib = std::getenv("INFERGY_NVML_LIBRARY"); lib && *lib) {
    options.nvml_library = lib;
  }
  if (const char* method = std::getenv("INFERGY_NVML_METHOD"); method && *method) {
    if (std::string_view(method) == "power") {
      options.nvml_force_power_integration = true;
    } else if (std::string_view(method) != "counter") {
      throw usage_error(fmt::format(
          "INFERGY_NVML_METHOD={}: expected 'counter' (the default) or 'power'", method));
    }
  }
  return options;
}

SensorDiscovery discover_sensors(const SensorOptions& options) {
  SensorDiscovery out;
  if (options.use_nvml) discover_nvml(options, out);
  bool packages_covered = false;
  if (options.use_rapl) packages_covered = discover_rapl(options, out);
  if (options.use_amd_energy) discover_amd_energy(options, packages_covered, out);
  return out;
}

std::vector<SensorReading> sample_while(const std::vector<std::unique_ptr<EnergySensor>>& sensors,
                                        std::chrono::milliseconds interval,
                                        const std::function<void()>& body) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point origin = Clock::now();
  const auto seconds_since_origin = [origin] {
    return std::chrono::duration<double>(Clock::now() - origin).count();
  };
  for (const auto& s : sensors) s->start(seconds_since_origin());

  std::mutex mutex;
  std::condition_variable wake;
  bool done = false;
  const auto sample_loop = [&] {
    Clock::time_point next = origin + interval;
    std::unique_lock lock(mutex);
    while (!wake.wait_until(lock, next, [&] { return done; })) {
      for (const auto& s : sensors) s->sample(seconds_since_origin());
      next += interval;
      // After a stall (a suspended process, a slow read) resume the rhythm from now rather than
      // firing a burst of late samples.
      if (const auto now = Clock::now(); next < now) next = now + interval;
    }
  };

  // The sampler must never run infergy's handlers for the signals forwarded to the child (they
  // belong to the thread that waits for it), so it starts with them blocked.
  sigset_t forwarded, previous;
  sigemptyset(&forwarded);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&forwarded, s);
  pthread_sigmask(SIG_BLOCK, &forwarded, &previous);
  std::thread sampler(sample_loop);
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);

  const auto finish = [&] {
    {
      std::lock_guard lock(mutex);
      done = true;
    }
    wake.notify_all();
    sampler.join();
  };
  try {
    body();
  } catch (...) {
    finish();
    throw;
  }
  finish();

  std::vector<SensorReading> readings;
  readings.reserve(sensors.size());
  for (const auto& s : sensors) readings.push_back(s->stop(seconds_since_origin()));
  return readings;
}

std::optional<double> DomainMeasurement::idle_power_w() const {
  if (!idle) return std::nullopt;
  return idle->mean_power_w;
}

std::optional<double> DomainMeasurement::net_joules() const {
  const auto idle_w = idle_power_w();
  if (!run.joules || !idle_w) return std::nullopt;
  return *run.joules - *idle_w * run.duration_s;
}

bool Measurement::measured() const {
  for (const auto& d : domains) {
    if (d.run.available()) return true;
  }
  return false;
}

std::vector<EnergyTotal> Measurement::totals() const {
  std::vector<EnergyTotal> out;
  const auto total_of = [this](std::optional<SensorKind> kind) {
    EnergyTotal t;
    t.kind = kind;
    double net = 0;
    bool all_net = true;
    for (const auto& d : domains) {
      if (!d.run.info.counted_in_total || (kind && d.run.info.kind != *kind)) continue;
      if (!d.run.joules) {
        ++t.unavailable_domains;
        continue;
      }
      ++t.domains;
      t.joules += *d.run.joules;
      if (const auto n = d.net_joules()) {
        net += *n;
      } else {
        all_net = false;
      }
    }
    if (t.domains > 0 && all_net) t.net_joules = net;
    return t;
  };
  for (SensorKind kind : {SensorKind::gpu, SensorKind::cpu, SensorKind::dram}) {
    EnergyTotal t = total_of(kind);
    if (t.domains + t.unavailable_domains > 0) out.push_back(t);
  }
  EnergyTotal all = total_of(std::nullopt);
  if (all.domains + all.unavailable_domains > 0) out.push_back(all);
  return out;
}

std::optional<double> Measurement::per_inference(std::optional<double> joules) const {
  if (!joules || !inferences || *inferences == 0) return std::nullopt;
  return *joules / static_cast<double>(*inferences);
}

std::string no_sensor_message(const std::vector<SensorFailure>& failures) {
  std::string tried;
  for (const auto& f : failures) {
    tried += fmt::format("{}{}: {}", tried.empty() ? "" : "; ", f.sensor, f.reason);
  }
  return fmt::format(
      "measure: no energy sensor could be read ({}); pass --allow-no-sensors to run the command "
      "without measuring",
      tried.empty() ? "no sensor family enabled" : tried);
}

Measurement measure_command(const std::vector<std::string>& argv, const MeasureOptions& options) {
  if (argv.empty()) throw usage_error("measure: no command given (put it after --)");
  if (options.interval.count() <= 0) {
    throw usage_error("measure: the sampling interval must be at least 1 ms");
  }
  Measurement m;
  m.command = argv;
  m.interval = options.interval;
  m.inferences = options.inferences;

  // A command that cannot start is reported before any sensor is touched or any idle time spent.
  if (const ResolvedCommand resolved = resolve_command(argv.front()); !resolved.error.empty()) {
    m.outcome.exit_status = 127;
    m.outcome.launch_error = resolved.error;
    return m;
  }

  SensorDiscovery discovery = discover_sensors(options.sensors);
  m.failures = std::move(discovery.failures);
  if (discovery.sensors.empty() && !options.allow_no_sensors) {
    throw Error(ErrorKind::sensor, no_sensor_message(m.failures));
  }

  std::vector<SensorReading> idle;
  if (options.idle.count() > 0 && !discovery.sensors.empty()) {
    const auto idle_start = std::chrono::steady_clock::now();
    idle = sample_while(discovery.sensors, options.interval,
                        [&] { std::this_thread::sleep_for(options.idle); });
    m.idle_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - idle_start).count();
  }

  using Clock = std::chrono::steady_clock;
  Clock::time_point started, ended;
  const std::vector<SensorReading> run = sample_while(discovery.sensors, options.interval, [&] {
    started = Clock::now();
    m.outcome = run_child(argv);
    ended = Clock::now();
  });
  m.duration_s = std::chrono::duration<double>(ended - started).count();

  for (std::size_t i = 0; i < run.size(); ++i) {
    DomainMeasurement d;
    d.run = run[i];
    if (i < idle.size()) d.idle = idle[i];
    m.domains.push_back(std::move(d));
  }
  return m;
}

}  // namespace infergy::measure
