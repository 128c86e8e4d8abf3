#include "infergy/hw_detect.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "infergy/csv.hpp"
#include "infergy/error.hpp"
#include "infergy/text.hpp"

namespace infergy::hw {

std::string_view to_string(SimdIsa isa) {
  switch (isa) {
    case SimdIsa::scalar:
      return "scalar";
    case SimdIsa::sse:
      return "sse";
    case SimdIsa::avx:
      return "avx";
    case SimdIsa::avx2:
      return "avx2";
    case SimdIsa::avx512:
      return "avx-512";
    case SimdIsa::neon:
      return "neon";
    case SimdIsa::sve:
      return "sve";
    case SimdIsa::amx:
      return "amx";
  }
  return "scalar";
}

bool CpuInfo::has_flag(std::string_view flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

namespace {

std::optional<double> to_double(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    const double v = std::stod(std::string(text), &used);
    if (used != text.size() || !(v > 0)) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<unsigned> to_unsigned(std::string_view text) {
  text = trim(text);
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  unsigned v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// Arm MIDR implementer and part numbers (Arm's Technical Reference Manuals, "Main ID Register";
// Ampere's implementer 0xc0 from the Ampere Altra/AmpereOne datasheets): the cores of the Arm
// servers, edge modules and single-board computers people run inference on.
struct ArmCore {
  unsigned implementer;
  unsigned part;
  std::string_view name;
  std::string_view vendor;
};
constexpr ArmCore kArmCores[] = {
    {0x41, 0xd03, "Cortex-A53", "Arm"},   {0x41, 0xd08, "Cortex-A72", "Arm"},
    {0x41, 0xd0b, "Cortex-A76", "Arm"},   {0x41, 0xd0c, "Neoverse-N1", "Arm"},
    {0x41, 0xd40, "Neoverse-V1", "Arm"},  {0x41, 0xd41, "Cortex-A78", "Arm"},
    {0x41, 0xd42, "Cortex-A78AE", "Arm"}, {0x41, 0xd49, "Neoverse-N2", "Arm"},
    {0x41, 0xd4f, "Neoverse-V2", "Arm"},  {0x41, 0xd84, "Neoverse-V3", "Arm"},
    {0xc0, 0xac3, "Ampere-1", "Ampere"},  {0xc0, 0xac4, "Ampere-1a", "Ampere"},
};

std::string vendor_of(std::string_view vendor_id) {
  if (vendor_id == "GenuineIntel") return "Intel";
  if (vendor_id == "AuthenticAMD") return "AMD";
  return std::string(vendor_id);
}

}  // namespace

std::string arm_core_name(unsigned implementer, unsigned part) {
  for (const auto& c : kArmCores) {
    if (c.implementer == implementer && c.part == part) return std::string(c.name);
  }
  return "";
}

CpuInfo parse_cpuinfo(std::string_view text) {
  CpuInfo cpu;
  std::set<std::pair<std::string, std::string>> cores;  // (physical id, core id)
  std::string physical_id;
  std::optional<unsigned> implementer, part;
  std::optional<double> mhz;
  for (const auto& raw : split(text, '\n')) {
    const auto colon = raw.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = to_lower(trim(std::string_view(raw).substr(0, colon)));
    const std::string_view value = trim(std::string_view(raw).substr(colon + 1));
    if (key == "processor") {
      // x86 numbers each logical CPU; some Arm kernels also print "Processor : <name>".
      if (to_unsigned(value))
        ++cpu.logical_cpus;
      else if (cpu.model_name.empty())
        cpu.model_name = std::string(value);
    } else if (key == "model name" && cpu.model_name.empty()) {
      cpu.model_name = std::string(value);
    } else if (key == "vendor_id" && cpu.vendor.empty()) {
      cpu.vendor = vendor_of(value);
      cpu.architecture = "x86_64";
    } else if (key == "cpu family" && !cpu.family) {
      if (const auto f = to_unsigned(value)) cpu.family = static_cast<int>(*f);
    } else if ((key == "flags" || key == "features") && cpu.flags.empty()) {
      cpu.flags = words(value);
      if (key == "features") cpu.architecture = "aarch64";
    } else if (key == "cpu mhz" && !mhz) {
      mhz = to_double(value);
    } else if (key == "physical id") {
      physical_id = std::string(value);
    } else if (key == "core id") {
      cores.insert({physical_id, std::string(value)});
    } else if (key == "cpu implementer" && !implementer) {
      implementer = to_unsigned(value);
    } else if (key == "cpu part" && !part) {
      part = to_unsigned(value);
    }
  }
  if (implementer && part) {
    cpu.architecture = "aarch64";
    for (const auto& c : kArmCores) {
      if (c.implementer == *implementer && c.part == *part) {
        if (cpu.model_name.empty()) cpu.model_name = std::string(c.name);
        if (cpu.vendor.empty()) cpu.vendor = std::string(c.vendor);
      }
    }
    if (cpu.model_name.empty())
      cpu.model_name = fmt::format("Arm implementer {:#x} part {:#x}", *implementer, *part);
  }
  cpu.physical_cores = cores.empty() ? cpu.logical_cpus : cores.size();
  if (mhz) {
    cpu.max_mhz = mhz;
    cpu.clock_source = "/proc/cpuinfo cpu MHz (the current clock; no cpufreq maximum)";
  }
  return cpu;
}

std::optional<double> parse_meminfo_gb(std::string_view text) {
  for (const auto& line : split(text, '\n')) {
    if (line.rfind("MemTotal:", 0) != 0) continue;
    const auto w = words(std::string_view(line).substr(9));
    if (w.size() != 2 || w[1] != "kB") return std::nullopt;
    const auto kb = to_double(w[0]);
    return kb ? std::optional<double>(*kb * 1024 / 1e9) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> parse_cpufreq_mhz(std::string_view text) {
  const auto khz = to_double(text);
  return khz ? std::optional<double>(*khz / 1000) : std::nullopt;
}

SimdIsa widest_isa(const CpuInfo& cpu) {
  if (cpu.architecture == "aarch64") {
    if (cpu.has_flag("sve")) return SimdIsa::sve;
    if (cpu.has_flag("asimd")) return SimdIsa::neon;
    return SimdIsa::scalar;
  }
  if (cpu.has_flag("amx_bf16") || cpu.has_flag("amx_tile")) return SimdIsa::amx;
  if (cpu.has_flag("avx512f")) return SimdIsa::avx512;
  if (cpu.has_flag("avx2") && cpu.has_flag("fma")) return SimdIsa::avx2;
  if (cpu.has_flag("avx")) return SimdIsa::avx;
  if (cpu.has_flag("sse2")) return SimdIsa::sse;
  return SimdIsa::scalar;
}

FlopsPerCycle fp32_flops_per_cycle(const CpuInfo& cpu) {
  // Two FMA pipes per core is what every x86 core since Haswell and Zen 2, and every Neoverse
  // core, has for its widest vectors; one-pipe parts (some Xeon Silver/Bronze, Ice Lake client)
  // reach half, so the derived peak is an upper bound and says so.
  switch (widest_isa(cpu)) {
    case SimdIsa::amx:
    case SimdIsa::avx512:
      // Zen 4 (family 25) executes 512-bit FMAs on 256-bit pipes: AVX2's rate.
      if (cpu.vendor == "AMD" && cpu.family && *cpu.family <= 25)
        return {32, "AVX-512 on two 256-bit FMA pipes (AMD Zen 4): 2 x 8 lanes x 2"};
      return {64, "AVX-512, two 512-bit FMA pipes: 2 x 16 lanes x 2"};
    case SimdIsa::avx2:
      return {32, "AVX2, two 256-bit FMA pipes: 2 x 8 lanes x 2"};
    case SimdIsa::avx:
      return {16, "AVX without FMA, one 256-bit add and one multiply: 8 + 8"};
    case SimdIsa::sse:
      return {8, "SSE, one 128-bit add and one multiply: 4 + 4"};
    case SimdIsa::sve:
      // Neoverse V1: two 256-bit SVE pipes; V2 and later: four 128-bit ones. Both give 32.
      return {32,
              "SVE, 256 bits of FMA pipes twice (Neoverse V1: 2 x 256, V2: 4 x 128): 2 x 8 x 2"};
    case SimdIsa::neon:
      return {16, "NEON, two 128-bit FMA pipes: 2 x 4 lanes x 2"};
    case SimdIsa::scalar:
      break;
  }
  return {2, "scalar FMA: 1 x 2"};
}

std::vector<std::string> name_candidates(std::string_view reported) {
  std::vector<std::string> out;
  const auto add = [&out](std::string name) {
    std::string collapsed;
    for (const auto& w : words(name)) collapsed += (collapsed.empty() ? "" : " ") + w;
    if (!collapsed.empty() && std::find(out.begin(), out.end(), collapsed) == out.end())
      out.push_back(std::move(collapsed));
  };
  add(std::string(reported));

  std::string name(reported);
  const auto erase_all = [&name](std::string_view what) {
    for (auto at = to_lower(name).find(to_lower(what)); at != std::string::npos;
         at = to_lower(name).find(to_lower(what))) {
      name.erase(at, what.size());
    }
  };
  for (std::string_view noise : {"(R)", "(TM)", "(tm)", "with Radeon Graphics",
                                 "with Radeon Vega Graphics", "Processor", " CPU"}) {
    erase_all(noise);
  }
  // "@ 2.30GHz" and everything after it.
  if (const auto at = name.find('@'); at != std::string::npos) name.erase(at);
  // "64-Core", "8-Core" and "Gen" prefixes like "12th Gen".
  std::vector<std::string> kept;
  for (const auto& w : words(name)) {
    const std::string lw = to_lower(w);
    if (lw.size() > 5 && lw.ends_with("-core")) continue;
    kept.push_back(w);
  }
  if (kept.size() > 2 && to_lower(kept[1]) == "gen" && std::isdigit(kept[0][0]))
    kept.erase(kept.begin(), kept.begin() + 2);
  std::string cleaned;
  for (const auto& w : kept) cleaned += (cleaned.empty() ? "" : " ") + w;
  add(cleaned);
  // Without the vendor word: "EPYC 7763", "GeForce RTX 4090", "Xeon Platinum 8380".
  for (std::string_view vendor : {"AMD ", "Intel ", "NVIDIA ", "Apple ", "Ampere "}) {
    if (cleaned.size() > vendor.size() && iequals(cleaned.substr(0, vendor.size()), vendor))
      add(cleaned.substr(vendor.size()));
  }
  return out;
}

const HardwareSpec* match_reported_name(const Catalogue& catalogue, std::string_view reported) {
  for (const auto& name : name_candidates(reported)) {
    if (const auto* row = catalogue.find(name)) return row;
  }
  return nullptr;
}

HardwareSpec derive_cpu_row(const CpuInfo& cpu) {
  HardwareSpec row;
  const auto candidates = name_candidates(cpu.model_name);
  row.name = candidates.size() > 1 ? candidates[1] : cpu.model_name;
  std::string id;
  for (char c : to_lower(row.name)) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      id += c;
    else if (!id.empty() && id.back() != '-')
      id += '-';
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  row.id = id;
  if (!cpu.model_name.empty() && cpu.model_name != row.name) row.aliases = {cpu.model_name};
  row.vendor = cpu.vendor;
  row.kind = HardwareKind::cpu;
  row.checked = "derived";
  const FlopsPerCycle fpc = fp32_flops_per_cycle(cpu);
  const auto cores = static_cast<double>(cpu.physical_cores);
  std::string derivation = "derived by infergy hw detect, unverified";
  if (cpu.max_mhz && cores > 0) {
    const double fp32 = cores * *cpu.max_mhz * 1e6 * fpc.fp32 / 1e12;
    row.set_peak(Precision::fp32, ComputeUnit::vector, fp32);
    row.set_peak(Precision::fp64, ComputeUnit::vector, fp32 / 2);
    derivation += fmt::format(
        ": FP32 = {} cores x {:g} MHz ({}) x {:g} FLOPs/cycle ({}); an upper bound where a core "
        "has one FMA pipe; FP64 = FP32 / 2",
        cpu.physical_cores, *cpu.max_mhz, cpu.clock_source, fpc.fp32, fpc.why);
    if (cpu.has_flag("avx512_bf16") || cpu.has_flag("bf16")) {
      row.set_peak(Precision::bf16, ComputeUnit::vector, fp32 * 2);
      derivation += "; BF16 = 2 x FP32 (bf16 dot-product instructions)";
    }
    if (cpu.has_flag("avx512_vnni") || cpu.has_flag("avx_vnni") || cpu.has_flag("asimddp")) {
      row.set_peak(Precision::int8, ComputeUnit::vector, fp32 * 4);
      derivation += "; INT8 = 4 x FP32 (int8 dot-product instructions: 4 MACs per 32-bit lane)";
    }
    if (cpu.has_flag("amx_bf16")) {
      // Intel AMX: 1024 BF16 and 2048 INT8 operations per cycle per core (Intel's Sapphire Rapids
      // architecture day figures; one TMUL unit per core).
      const double per_cycle = cores * *cpu.max_mhz * 1e6 / 1e12;
      row.set_peak(Precision::bf16, ComputeUnit::matrix, per_cycle * 1024);
      row.set_peak(Precision::int8, ComputeUnit::matrix, per_cycle * 2048);
      derivation += "; AMX BF16 = cores x clock x 1024, INT8 = x 2048";
    }
  } else {
    derivation += ": no clock or core count was readable, so no peak";
  }
  if (cpu.memory_gb) derivation += fmt::format("; {:.1f} GB of system memory", *cpu.memory_gb);
  derivation +=
      ". Fill release_date, tdp_w and memory_bw_gbs (channels x MT/s x 8 bytes) from "
      "the datasheet, and cite it in sources.";
  row.notes = derivation;
  return row;
}

namespace {

const std::vector<std::string>& fixed_columns_before_peaks() {
  static const std::vector<std::string> c = {"id",   "name",         "aliases", "vendor",
                                             "kind", "release_date", "tdp_w"};
  return c;
}

const std::vector<std::string>& fixed_columns_after_peaks() {
  static const std::vector<std::string> c = {
      "memory_gb",        "memory_bw_gbs", "idle_w",  "interconnect",
      "interconnect_gbs", "checked",       "sources", "notes"};
  return c;
}

std::string cell(std::optional<double> v) {
  return v ? fmt::format("{:.6g}", *v) : "";
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ";") + p;
  return out;
}

}  // namespace

std::string csv_header() {
  std::vector<std::string> c = fixed_columns_before_peaks();
  for (const auto& p : peak_columns()) c.emplace_back(p.name);
  for (const auto& n : fixed_columns_after_peaks()) c.push_back(n);
  return infergy::csv_line(c);
}

std::string csv_line(const HardwareSpec& row) {
  std::vector<std::string> c = {row.id,
                                row.name,
                                joined(row.aliases),
                                row.vendor,
                                std::string(to_string(row.kind)),
                                row.release_text,
                                row.tdp_w > 0 ? fmt::format("{:g}", row.tdp_w) : ""};
  for (const auto& p : peak_columns()) c.push_back(cell(row.peak_tflops(p.precision, p.unit)));
  c.push_back(cell(row.memory_gb));
  c.push_back(cell(row.memory_bw_gbs));
  c.push_back(cell(row.idle_w));
  c.push_back(row.interconnect);
  c.push_back(cell(row.interconnect_gbs));
  c.push_back(row.checked);
  c.push_back(joined(row.sources));
  c.push_back(row.notes);
  return infergy::csv_line(c);
}

namespace {

std::optional<std::string> read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

LocalSystem read_local_system(const std::filesystem::path& root) {
  LocalSystem sys;
  const auto cpuinfo_path = root / "proc" / "cpuinfo";
  const auto cpuinfo = read_text(cpuinfo_path);
  if (!cpuinfo) {
    throw no_input_error(
        fmt::format("{}: cannot read the CPU description (not Linux?)", cpuinfo_path.string()));
  }
  sys.cpu = parse_cpuinfo(*cpuinfo);
  const auto cpu_dir = root / "sys" / "devices" / "system" / "cpu";
  if (const auto f = read_text(cpu_dir / "cpu0" / "cpufreq" / "cpuinfo_max_freq")) {
    if (const auto mhz = parse_cpufreq_mhz(*f)) {
      sys.cpu.max_mhz = mhz;
      sys.cpu.clock_source = "cpufreq cpuinfo_max_freq";
    }
  } else {
    sys.notes.push_back(fmt::format("{}: not readable (a virtual machine?); clock from {}",
                                    (cpu_dir / "cpu0" / "cpufreq").string(),
                                    sys.cpu.max_mhz ? "/proc/cpuinfo" : "nowhere"));
  }
  // Arm cpuinfo has no core ids: count distinct (package, core) pairs from sysfs topology.
  std::set<std::pair<std::string, std::string>> cores;
  for (std::size_t i = 0; i < 4096; ++i) {
    const auto topo = cpu_dir / ("cpu" + std::to_string(i)) / "topology";
    const auto core = read_text(topo / "core_id");
    if (!core) break;
    const auto package = read_text(topo / "physical_package_id");
    cores.insert({std::string(trim(package.value_or(""))), std::string(trim(*core))});
  }
  if (!cores.empty() && sys.cpu.architecture == "aarch64") sys.cpu.physical_cores = cores.size();
  if (sys.cpu.physical_cores == 0) sys.cpu.physical_cores = std::max<std::size_t>(cores.size(), 1);
  if (sys.cpu.logical_cpus == 0) sys.cpu.logical_cpus = sys.cpu.physical_cores;
  if (const auto mem = read_text(root / "proc" / "meminfo"))
    sys.cpu.memory_gb = parse_meminfo_gb(*mem);
  return sys;
}

Detection detect(const LocalSystem& system, const Catalogue& catalogue) {
  Detection d;
  d.cpu = {"cpu", system.cpu.model_name, match_reported_name(catalogue, system.cpu.model_name)};
  if (!d.cpu.row) d.derived_cpu = derive_cpu_row(system.cpu);
  for (std::size_t i = 0; i < system.gpu_names.size(); ++i) {
    d.gpus.push_back({fmt::format("gpu{}", i), system.gpu_names[i],
                      match_reported_name(catalogue, system.gpu_names[i])});
  }
  return d;
}

}  // namespace infergy::hw
