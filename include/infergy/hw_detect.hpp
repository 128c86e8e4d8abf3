// The machine infergy runs on: its CPU (from /proc/cpuinfo, sysfs and /proc/meminfo) and its
// GPUs (names the caller gathers, e.g. through NVML), matched to catalogue rows.
//
// Layering: this module (hw) reads text files only and stays free of the driver. GPU names come
// in as data; `infergy hw detect` gets them from measure::nvml_gpu_names (the module that owns
// the dlopen of NVML) and passes them here, so hw does not depend on measure.
//
// Parsing is pure (text in, struct out) so it is tested on canned files of Intel, AMD and Arm
// machines; read_local_system() is the only part that touches the file system, under a root
// directory that tests point at a fake tree (INFERGY_SYSTEM_ROOT in the CLI).
//
// When no row matches, derive_cpu_row() builds the row the machine would need: peaks as
// cores x clock x FLOPs per cycle of the widest SIMD instruction set the flags report (the
// derivation in the notes, marked derived and unverified). Release date, TDP and memory
// bandwidth cannot be read from the machine; they stay empty, and the caller says so.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/hw.hpp"

namespace infergy::hw {

/// The instruction sets that set a CPU's FLOPs per cycle, widest last.
enum class SimdIsa { scalar, sse, avx, avx2, avx512, neon, sve, amx };
/// "scalar", "sse", "avx", "avx2", "avx-512", "neon", "sve", "amx".
std::string_view to_string(SimdIsa isa);

/// What /proc/cpuinfo (and sysfs) say about the CPU.
struct CpuInfo {
  std::string model_name;     // "AMD EPYC 7763 64-Core Processor", or the Arm core's name
  std::string vendor;         // "AMD", "Intel", "Arm", "Ampere", ...
  std::string architecture;   // "x86_64" or "aarch64"
  std::optional<int> family;  // x86 "cpu family"
  std::size_t logical_cpus = 0;
  std::size_t physical_cores = 0;   // distinct (physical id, core id) pairs; logical when unknown
  std::vector<std::string> flags;   // x86 "flags" or Arm "Features"
  std::optional<double> max_mhz;    // cpufreq cpuinfo_max_freq, else cpuinfo "cpu MHz"
  std::string clock_source;         // where max_mhz came from
  std::optional<double> memory_gb;  // MemTotal

  bool has_flag(std::string_view flag) const;
};

/// Parses /proc/cpuinfo (x86 or Arm). Missing fields stay empty; never throws.
CpuInfo parse_cpuinfo(std::string_view text);
/// MemTotal of /proc/meminfo in GB (1e9 bytes); nullopt when absent.
std::optional<double> parse_meminfo_gb(std::string_view text);
/// A cpufreq "cpuinfo_max_freq" file (kHz) in MHz; nullopt when not a positive number.
std::optional<double> parse_cpufreq_mhz(std::string_view text);
/// The Arm core a "CPU implementer"/"CPU part" pair names ("Neoverse-N1"); empty if unknown.
std::string arm_core_name(unsigned implementer, unsigned part);

/// The widest instruction set a framework would use on this CPU.
SimdIsa widest_isa(const CpuInfo& cpu);
/// FP32 FLOPs per cycle per core of that instruction set (FMA = 2), with why.
struct FlopsPerCycle {
  double fp32 = 0;
  std::string why;
};
FlopsPerCycle fp32_flops_per_cycle(const CpuInfo& cpu);

/// The names a reported CPU or GPU name is tried under, most specific first: the name as
/// reported, then with "(R)", "(TM)", "CPU", "Processor", "N-Core", "@ 2.30GHz", "with Radeon
/// Graphics" and generation prefixes removed, then without the vendor word.
std::vector<std::string> name_candidates(std::string_view reported);
/// The catalogue row a reported name matches (first candidate found), or nullptr.
const HardwareSpec* match_reported_name(const Catalogue& catalogue, std::string_view reported);

/// The row the CPU would need, with derived peaks (notes say "derived, unverified" and give the
/// derivation). release, tdp_w and memory_bw_gbs are left unset: the machine cannot tell them.
HardwareSpec derive_cpu_row(const CpuInfo& cpu);
/// A data/hardware.csv header and the row as one CSV line under it (empty cells for unknowns).
std::string csv_header();
std::string csv_line(const HardwareSpec& row);

/// Everything read from the machine.
struct LocalSystem {
  CpuInfo cpu;
  std::vector<std::string> gpu_names;  // filled by the caller (NVML), in device order
  std::vector<std::string> notes;      // files that could not be read, and why
};
/// Reads root/proc/cpuinfo, root/proc/meminfo, root/sys/devices/system/cpu (cpufreq and
/// topology). A missing /proc/cpuinfo is a no_input_error naming the file.
LocalSystem read_local_system(const std::filesystem::path& root = "/");

/// One detected device and its catalogue row (nullptr when none matches).
struct DetectedDevice {
  std::string what;      // "cpu", "gpu0", ...
  std::string reported;  // the name the machine reports
  const HardwareSpec* row = nullptr;
};
struct Detection {
  DetectedDevice cpu;
  std::vector<DetectedDevice> gpus;
  std::optional<HardwareSpec> derived_cpu;  // when the CPU has no row
};
Detection detect(const LocalSystem& system, const Catalogue& catalogue);
/// The detection points into the catalogue's rows: a temporary catalogue would leave them dangling.
Detection detect(const LocalSystem& system, Catalogue&& catalogue) = delete;

}  // namespace infergy::hw
