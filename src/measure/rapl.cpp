// CPU package and DRAM energy from sysfs: RAPL zones of the powercap framework
// (https://docs.kernel.org/power/powercap/powercap.html: each zone has `name`, `energy_uj` and
// `max_energy_range_uj`; sub-zones are named intel-rapl:P:S), and the socket counters of AMD's
// amd_energy hwmon driver (https://www.kernel.org/doc/html/v5.8/hwmon/amd_energy.html:
// energyN_input in microjoules, energyN_label "Esocket0" or "Ecore000").
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <map>
#include <system_error>

#include "infergy/text.hpp"
#include "measure/discovery.hpp"
#include "measure/energy_track.hpp"

namespace infergy::measure {

namespace fs = std::filesystem;

FileRead read_small_file(const fs::path& path) {
  FileRead out;
  // sysfs attributes are regular files; under --sysfs-root a FIFO or a device in their place must
  // neither block the open nor be read without end.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    out.error = errno;
    return out;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    out.error = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    ::close(fd);
    return out;
  }
  constexpr std::size_t kMaxBytes = 1 << 16;  // a number, a name: far less
  char buffer[4096];
  for (;;) {
    if (out.content.size() > kMaxBytes) {
      out.error = EFBIG;
      break;
    }
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      out.error = errno;
      break;
    }
    if (n == 0) break;
    out.content.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

namespace {

constexpr double kMicrojoulesPerJoule = 1e6;

std::string errno_text(int error) {
  return std::error_code(error, std::generic_category()).message();
}

std::string read_failure_text(const fs::path& file, int error) {
  std::string text = fmt::format("{}: {}", file.string(), errno_text(error));
  if ((error == EACCES || error == EPERM) && file.filename() == "energy_uj") {
    text +=
        " (energy_uj is readable by root only since Linux 5.10, the PLATYPUS fix for "
        "CVE-2020-8694; run as root or grant read access with a udev rule)";
  }
  return text;
}

struct TextValue {
  std::optional<std::string> text;
  std::string error;
};

TextValue read_trimmed(const FileReader& read, const fs::path& file) {
  const FileRead r = read(file);
  if (r.error != 0) return {std::nullopt, read_failure_text(file, r.error)};
  return {std::string(trim(r.content)), {}};
}

CounterValue read_counter_file(const FileReader& read, const fs::path& file) {
  const TextValue t = read_trimmed(read, file);
  if (!t.text) return {std::nullopt, t.error};
  std::uint64_t value = 0;
  const char* begin = t.text->data();
  const char* end = begin + t.text->size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (t.text->empty() || ec != std::errc() || ptr != end) {
    return {std::nullopt,
            fmt::format("{}: not a whole number of microjoules: '{}'", file.string(), *t.text)};
  }
  return {value, {}};
}

class SysfsCounterSensor final : public CounterSensor {
 public:
  SysfsCounterSensor(SensorInfo info, std::optional<std::uint64_t> max_range, FileReader read,
                     fs::path counter_file)
      : CounterSensor(std::move(info), kMicrojoulesPerJoule, max_range),
        read_(std::move(read)),
        counter_file_(std::move(counter_file)) {}

 protected:
  CounterValue read_counter() override { return read_counter_file(read_, counter_file_); }

 private:
  FileReader read_;
  fs::path counter_file_;
};

/// "intel-rapl:0:1" -> {0, 1}; nullopt for anything else (the control-type directory
/// "intel-rapl", the MMIO duplicate "intel-rapl-mmio:0" of the package counter, other types).
std::optional<std::vector<unsigned>> parse_zone_id(std::string_view dir_name) {
  constexpr std::string_view prefix = "intel-rapl:";
  if (dir_name.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::vector<unsigned> id;
  for (const std::string& part : split(dir_name.substr(prefix.size()), ':')) {
    unsigned n = 0;
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
    if (part.empty() || ec != std::errc() || ptr != part.data() + part.size()) return std::nullopt;
    id.push_back(n);
  }
  return id;
}

/// Which domains add up without overlap: packages and DRAM do; core and uncore are inside their
/// package, psys covers the whole platform.
void classify_zone(std::string_view zone_name, SensorInfo& info) {
  if (zone_name.substr(0, 7) == "package") {
    info.kind = SensorKind::cpu;
  } else if (zone_name == "dram") {
    info.kind = SensorKind::dram;
  } else if (zone_name == "psys") {
    info.kind = SensorKind::platform;
    info.counted_in_total = false;
  } else {
    info.kind = SensorKind::cpu_part;
    info.counted_in_total = false;
  }
}

// The zone's largest power limit (constraint_N_max_power_uw, else constraint_N_power_limit_uw,
// N = 0..2: long term, short term, peak), in watts; nullopt when the zone states none.
std::optional<double> zone_power_limit_w(const FileReader& read, const fs::path& dir) {
  for (const char* suffix : {"_max_power_uw", "_power_limit_uw"}) {
    std::optional<std::uint64_t> largest;
    for (int n = 0; n <= 2; ++n) {
      const CounterValue v =
          read_counter_file(read, dir / fmt::format("constraint_{}{}", n, suffix));
      if (v.value && *v.value > 0) largest = std::max(largest.value_or(0), *v.value);
    }
    if (largest) return static_cast<double>(*largest) / 1e6;
  }
  return std::nullopt;
}

struct Zone {
  std::vector<unsigned> id;
  fs::path dir;
  std::optional<std::string> name;
  std::string name_error;
};

}  // namespace

bool discover_rapl(const SensorOptions& options, SensorDiscovery& out) {
  const fs::path powercap = options.sysfs_root / "sys/class/powercap";
  std::error_code ec;
  if (!fs::is_directory(powercap, ec)) {
    out.failures.push_back(
        {"rapl", fmt::format("{} does not exist (no powercap RAPL here: not Linux, the intel_rapl "
                             "driver not loaded, or a virtual machine that hides RAPL)",
                             powercap.string())});
    return false;
  }
  std::vector<Zone> zones;
  for (fs::directory_iterator it(powercap, ec), end; !ec && it != end; it.increment(ec)) {
    if (auto id = parse_zone_id(it->path().filename().string())) {
      zones.push_back({std::move(*id), it->path(), std::nullopt, {}});
    }
  }
  if (ec) {
    out.failures.push_back({"rapl", fmt::format("{}: {}", powercap.string(), ec.message())});
    return false;
  }
  if (zones.empty()) {
    out.failures.push_back(
        {"rapl", fmt::format("{} has no intel-rapl zones (the intel_rapl_msr driver is not "
                             "loaded, or this CPU has no RAPL)",
                             powercap.string())});
    return false;
  }
  std::sort(zones.begin(), zones.end(), [](const Zone& a, const Zone& b) { return a.id < b.id; });

  std::map<std::vector<unsigned>, std::string> names;
  for (Zone& z : zones) {
    const TextValue name = read_trimmed(options.read_file, z.dir / "name");
    if (name.text && !name.text->empty()) {
      z.name = *name.text;
      names[z.id] = *name.text;
    } else {
      z.name_error = name.text ? fmt::format("{}: empty", (z.dir / "name").string()) : name.error;
    }
  }

  bool found_package = false;
  for (const Zone& z : zones) {
    std::string label = z.name.value_or(z.dir.filename().string());
    if (z.id.size() > 1) {
      const std::vector<unsigned> parent(z.id.begin(), z.id.end() - 1);
      const auto p = names.find(parent);
      label =
          (p != names.end() ? p->second : fmt::format("intel-rapl:{}", fmt::join(parent, ":"))) +
          "/" + label;
    }
    if (!z.name) {
      out.failures.push_back({label, z.name_error});
      continue;
    }
    const CounterValue range = read_counter_file(options.read_file, z.dir / "max_energy_range_uj");
    if (!range.value) {
      out.failures.push_back({label, range.error + " (needed to correct wrap-around)"});
      continue;
    }
    const CounterValue first = read_counter_file(options.read_file, z.dir / "energy_uj");
    if (!first.value) {
      out.failures.push_back({label, first.error});
      continue;
    }
    SensorInfo info;
    info.name = label;
    info.method = "rapl powercap";
    info.source = z.dir.string();
    info.power_limit_w = zone_power_limit_w(options.read_file, z.dir);
    classify_zone(*z.name, info);
    if (info.kind == SensorKind::cpu) found_package = true;
    out.sensors.push_back(std::make_unique<SysfsCounterSensor>(
        std::move(info), *range.value, options.read_file, z.dir / "energy_uj"));
  }
  return found_package;
}

void discover_amd_energy(const SensorOptions& options, bool packages_covered,
                         SensorDiscovery& out) {
  const fs::path hwmon = options.sysfs_root / "sys/class/hwmon";
  std::error_code ec;
  std::vector<fs::path> devices;
  if (fs::is_directory(hwmon, ec)) {
    for (fs::directory_iterator it(hwmon, ec), end; !ec && it != end; it.increment(ec)) {
      const TextValue name = read_trimmed(options.read_file, it->path() / "name");
      if (name.text && *name.text == "amd_energy") devices.push_back(it->path());
    }
  }
  std::sort(devices.begin(), devices.end());
  if (devices.empty()) {
    // Only worth a line when it was the last hope for CPU energy.
    if (!packages_covered) {
      out.failures.push_back(
          {"amd_energy", fmt::format("no hwmon device named amd_energy under {} (the driver left "
                                     "mainline Linux in 5.13; AMD CPUs report through powercap "
                                     "RAPL on recent kernels)",
                                     hwmon.string())});
    }
    return;
  }
  if (packages_covered) {
    out.failures.push_back(
        {"amd_energy", "not used: RAPL package zones already measure the same sockets"});
    return;
  }
  for (const fs::path& device : devices) {
    std::vector<std::pair<std::string, fs::path>> sockets;  // label, input file
    for (fs::directory_iterator it(device, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string file = it->path().filename().string();
      constexpr std::string_view suffix = "_label";
      if (file.rfind("energy", 0) != 0 || file.size() <= suffix.size() ||
          file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0) {
        continue;
      }
      const TextValue label = read_trimmed(options.read_file, it->path());
      // Core counters are parts of their socket's; the sockets alone add up without overlap.
      if (!label.text || label.text->rfind("Esocket", 0) != 0) continue;
      const std::string input = file.substr(0, file.size() - suffix.size()) + "_input";
      sockets.emplace_back(label.text->substr(1), device / input);
    }
    std::sort(sockets.begin(), sockets.end());
    for (const auto& [label, input] : sockets) {
      const CounterValue first = read_counter_file(options.read_file, input);
      if (!first.value) {
        out.failures.push_back({label + " (amd_energy)", first.error});
        continue;
      }
      SensorInfo info;
      info.name = label + " (amd_energy)";
      info.kind = SensorKind::cpu;
      info.method = "amd_energy hwmon";
      info.source = input.string();
      // The driver accumulates the 32-bit hardware counter into 64 bits itself.
      out.sensors.push_back(std::make_unique<SysfsCounterSensor>(std::move(info), std::nullopt,
                                                                 options.read_file, input));
    }
  }
}

}  // namespace infergy::measure
