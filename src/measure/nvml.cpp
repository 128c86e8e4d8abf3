// NVIDIA GPU energy through NVML, loaded at run time so infergy builds and runs without the
// driver. Each device uses its total-energy counter where the driver supports it, and otherwise
// integrates its power readings.
#include <dlfcn.h>
#include <fmt/format.h>

#include <memory>

#include "measure/discovery.hpp"
#include "measure/energy_track.hpp"
#include "measure/nvml_api.hpp"

namespace infergy::measure {

namespace {

constexpr double kMillijoulesPerJoule = 1e3;
constexpr double kMilliwattsPerWatt = 1e3;

/// The loaded library and its entry points; shut down and closed when the last sensor goes.
class NvmlLibrary {
 public:
  NvmlLibrary(const NvmlLibrary&) = delete;
  NvmlLibrary& operator=(const NvmlLibrary&) = delete;
  ~NvmlLibrary() {
    if (initialized_) shutdown();
    if (handle_) ::dlclose(handle_);
  }

  /// Loads and initialises NVML, or says why it could not.
  static std::shared_ptr<NvmlLibrary> open(const std::string& path, std::string& error) {
    std::shared_ptr<NvmlLibrary> lib(new NvmlLibrary());
    lib->handle_ = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!lib->handle_) {
      const char* why = ::dlerror();
      error = fmt::format("cannot load {}: {} (no NVIDIA driver on this machine?)", path,
                          why ? why : "unknown dlopen error");
      return nullptr;
    }
    bool complete = true;
    std::string missing;
    const auto need = [&](auto& fn, const char* symbol) {
      if (!lib->bind(fn, symbol)) {
        complete = false;
        missing += missing.empty() ? symbol : std::string(", ") + symbol;
      }
    };
    need(lib->init, "nvmlInit_v2");
    need(lib->shutdown, "nvmlShutdown");
    need(lib->get_count, "nvmlDeviceGetCount_v2");
    need(lib->get_handle, "nvmlDeviceGetHandleByIndex_v2");
    need(lib->get_name, "nvmlDeviceGetName");
    need(lib->error_string, "nvmlErrorString");
    // Older drivers lack these two; a device without them is reported per device.
    lib->bind(lib->total_energy, "nvmlDeviceGetTotalEnergyConsumption");
    lib->bind(lib->power_usage, "nvmlDeviceGetPowerUsage");
    lib->bind(lib->power_limits, "nvmlDeviceGetPowerManagementLimitConstraints");
    if (!complete) {
      error = fmt::format("{} lacks {}", path, missing);
      return nullptr;
    }
    const nvml::Return r = lib->init();
    if (r != nvml::kSuccess) {
      error = "nvmlInit_v2 failed: " + lib->describe(r);
      return nullptr;
    }
    lib->initialized_ = true;
    return lib;
  }

  std::string describe(nvml::Return r) const {
    const char* text = error_string ? error_string(r) : nullptr;
    return fmt::format("{} (NVML error {})", text ? text : "unknown error", r);
  }

  nvml::InitFn init = nullptr;
  nvml::ShutdownFn shutdown = nullptr;
  nvml::GetCountFn get_count = nullptr;
  nvml::GetHandleByIndexFn get_handle = nullptr;
  nvml::GetNameFn get_name = nullptr;
  nvml::ErrorStringFn error_string = nullptr;
  nvml::GetTotalEnergyFn total_energy = nullptr;
  nvml::GetPowerUsageFn power_usage = nullptr;
  nvml::GetPowerLimitConstraintsFn power_limits = nullptr;

 private:
  NvmlLibrary() = default;

  template <typename Fn>
  bool bind(Fn& fn, const char* symbol) {
    // POSIX guarantees that dlsym's object pointer converts to the function's pointer.
    fn = reinterpret_cast<Fn>(::dlsym(handle_, symbol));
    return fn != nullptr;
  }

  void* handle_ = nullptr;
  bool initialized_ = false;
};

struct Gpu {
  std::shared_ptr<NvmlLibrary> lib;
  nvml::Device device = nullptr;
};

CounterValue read_energy(const Gpu& gpu) {
  if (!gpu.lib->total_energy) return {std::nullopt, "nvmlDeviceGetTotalEnergyConsumption missing"};
  unsigned long long mj = 0;
  const nvml::Return r = gpu.lib->total_energy(gpu.device, &mj);
  if (r != nvml::kSuccess) {
    return {std::nullopt, "nvmlDeviceGetTotalEnergyConsumption: " + gpu.lib->describe(r)};
  }
  return {static_cast<std::uint64_t>(mj), {}};
}

PowerValue read_power(const Gpu& gpu) {
  if (!gpu.lib->power_usage) return {std::nullopt, "nvmlDeviceGetPowerUsage missing"};
  unsigned int mw = 0;
  const nvml::Return r = gpu.lib->power_usage(gpu.device, &mw);
  if (r != nvml::kSuccess)
    return {std::nullopt, "nvmlDeviceGetPowerUsage: " + gpu.lib->describe(r)};
  return {static_cast<double>(mw) / kMilliwattsPerWatt, {}};
}

class NvmlEnergySensor final : public CounterSensor {
 public:
  NvmlEnergySensor(SensorInfo info, Gpu gpu, bool has_power)
      : CounterSensor(std::move(info), kMillijoulesPerJoule, std::nullopt),
        gpu_(std::move(gpu)),
        has_power_(has_power) {}

 protected:
  CounterValue read_counter() override { return read_energy(gpu_); }
  std::optional<double> read_side_power_w() override {
    if (!has_power_) return std::nullopt;
    return read_power(gpu_).watts;
  }

 private:
  Gpu gpu_;
  bool has_power_;
};

class NvmlPowerSensor final : public PowerIntegratingSensor {
 public:
  NvmlPowerSensor(SensorInfo info, Gpu gpu, std::string why_not_counter)
      : PowerIntegratingSensor(std::move(info)),
        gpu_(std::move(gpu)),
        why_not_counter_(std::move(why_not_counter)) {}

  SensorReading stop(double t_s) override {
    SensorReading r = PowerIntegratingSensor::stop(t_s);
    r.notes.push_back("power integrated over time because the energy counter is unusable: " +
                      why_not_counter_);
    return r;
  }

 protected:
  PowerValue read_power() override { return measure::read_power(gpu_); }

 private:
  Gpu gpu_;
  std::string why_not_counter_;
};

}  // namespace

void discover_nvml(const SensorOptions& options, SensorDiscovery& out) {
  std::string error;
  const std::shared_ptr<NvmlLibrary> lib = NvmlLibrary::open(options.nvml_library, error);
  if (!lib) {
    out.failures.push_back({"nvml", error});
    return;
  }
  unsigned int count = 0;
  if (const nvml::Return r = lib->get_count(&count); r != nvml::kSuccess) {
    out.failures.push_back({"nvml", "nvmlDeviceGetCount_v2 failed: " + lib->describe(r)});
    return;
  }
  if (count == 0) {
    out.failures.push_back({"nvml", "NVML reports no GPU"});
    return;
  }
  for (unsigned int i = 0; i < count; ++i) {
    const std::string id = fmt::format("gpu{}", i);
    Gpu gpu{lib, nullptr};
    if (const nvml::Return r = lib->get_handle(i, &gpu.device); r != nvml::kSuccess) {
      out.failures.push_back({id, "nvmlDeviceGetHandleByIndex_v2: " + lib->describe(r)});
      continue;
    }
    char name[nvml::kDeviceNameBufferSize] = {};
    const nvml::Return name_result = lib->get_name(gpu.device, name, sizeof name);
    name[sizeof name - 1] = '\0';
    SensorInfo info;
    info.name = name_result == nvml::kSuccess ? fmt::format("{} ({})", id, name) : id;
    info.kind = SensorKind::gpu;
    info.source = fmt::format("nvml device {}", i);
    if (lib->power_limits) {
      unsigned int min_mw = 0, max_mw = 0;
      if (lib->power_limits(gpu.device, &min_mw, &max_mw) == nvml::kSuccess && max_mw > 0) {
        info.power_limit_w = static_cast<double>(max_mw) / kMilliwattsPerWatt;
      }
    }

    const CounterValue energy =
        options.nvml_force_power_integration
            ? CounterValue{std::nullopt, "not used (INFERGY_NVML_METHOD=power)"}
            : read_energy(gpu);
    const PowerValue power = read_power(gpu);
    if (energy.value) {
      info.method = "nvml energy counter";
      out.sensors.push_back(std::make_unique<NvmlEnergySensor>(std::move(info), std::move(gpu),
                                                               power.watts.has_value()));
    } else if (power.watts) {
      info.method = "nvml power integration";
      out.sensors.push_back(
          std::make_unique<NvmlPowerSensor>(std::move(info), std::move(gpu), energy.error));
    } else {
      out.failures.push_back({info.name, energy.error + "; " + power.error});
    }
  }
}

std::vector<std::string> nvml_gpu_names(const std::string& library, std::string& why_none) {
  const std::shared_ptr<NvmlLibrary> lib = NvmlLibrary::open(library, why_none);
  if (!lib) return {};
  unsigned int count = 0;
  if (const nvml::Return r = lib->get_count(&count); r != nvml::kSuccess) {
    why_none = "nvmlDeviceGetCount_v2 failed: " + lib->describe(r);
    return {};
  }
  std::vector<std::string> names;
  for (unsigned int i = 0; i < count; ++i) {
    nvml::Device device = nullptr;
    char name[nvml::kDeviceNameBufferSize] = {};
    if (lib->get_handle(i, &device) != nvml::kSuccess ||
        lib->get_name(device, name, sizeof name) != nvml::kSuccess) {
      names.push_back(fmt::format("gpu{} (name not readable)", i));
      continue;
    }
    name[sizeof name - 1] = '\0';
    names.emplace_back(name);
  }
  if (names.empty()) why_none = "NVML reports no GPU";
  return names;
}

}  // namespace infergy::measure
