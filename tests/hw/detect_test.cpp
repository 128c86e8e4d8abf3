// hw::detect's parsing, ISA rules, name matching and derived rows, on canned /proc/cpuinfo texts
// of Intel, AMD and Arm (Graviton) Linux machines. Expected figures are derived by hand from the
// text (cores x clock x FLOPs per cycle), not by calling the code under test.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "infergy/error.hpp"
#include "infergy/hw.hpp"
#include "infergy/hw_detect.hpp"
#include "infergy/hw_filter.hpp"

namespace infergy::hw {
namespace {

// Two logical CPUs of a Xeon Platinum 8380 guest (fields as the kernel prints them).
const std::string kIntel =
    "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 106\n"
    "model name\t: Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz\ncpu MHz\t\t: 2300.000\n"
    "physical id\t: 0\ncore id\t\t: 0\n"
    "flags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512_vnni\n\n"
    "processor\t: 1\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n"
    "model name\t: Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz\ncpu MHz\t\t: 2300.000\n"
    "physical id\t: 0\ncore id\t\t: 1\n"
    "flags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512_vnni\n";

// One core with two hyperthreads of an EPYC 7763 (Zen 3: AVX2, no AVX-512).
const std::string kAmdZen3 =
    "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\n"
    "model name\t: AMD EPYC 7763 64-Core Processor\ncpu MHz\t\t: 2450.000\n"
    "physical id\t: 0\ncore id\t\t: 0\nflags\t\t: fpu sse2 avx fma avx2\n\n"
    "processor\t: 1\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\n"
    "model name\t: AMD EPYC 7763 64-Core Processor\ncpu MHz\t\t: 2450.000\n"
    "physical id\t: 0\ncore id\t\t: 0\nflags\t\t: fpu sse2 avx fma avx2\n";

// Zen 4 (family 25 with AVX-512, BF16 and VNNI), a desktop part.
const std::string kAmdZen4 =
    "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\n"
    "model name\t: AMD Ryzen 9 7950X 16-Core Processor\ncpu MHz\t\t: 4500.000\n"
    "physical id\t: 0\ncore id\t\t: 0\n"
    "flags\t\t: fpu sse2 avx fma avx2 avx512f avx512_bf16 avx512_vnni\n";

// Graviton2 (Neoverse N1): no model name, only MIDR fields.
const std::string kGraviton2 =
    "processor\t: 0\nBogoMIPS\t: 243.75\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 "
    "atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs\nCPU implementer\t: 0x41\n"
    "CPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n\n"
    "processor\t: 1\nBogoMIPS\t: 243.75\nFeatures\t: fp asimd asimddp\nCPU implementer\t: 0x41\n"
    "CPU part\t: 0xd0c\n";

// Graviton3 (Neoverse V1): SVE.
const std::string kGraviton3 =
    "processor\t: 0\nFeatures\t: fp asimd sve asimddp bf16\nCPU implementer\t: 0x41\n"
    "CPU part\t: 0xd40\n";

TEST(DetectParse, IntelFieldsCoresAndIsa) {
  const auto cpu = parse_cpuinfo(kIntel);
  EXPECT_EQ(cpu.model_name, "Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz");
  EXPECT_EQ(cpu.vendor, "Intel");
  EXPECT_EQ(cpu.architecture, "x86_64");
  EXPECT_EQ(cpu.logical_cpus, 2u);
  EXPECT_EQ(cpu.physical_cores, 2u);
  ASSERT_TRUE(cpu.max_mhz);
  EXPECT_DOUBLE_EQ(*cpu.max_mhz, 2300);
  EXPECT_EQ(widest_isa(cpu), SimdIsa::avx512);
  EXPECT_EQ(fp32_flops_per_cycle(cpu).fp32, 64);
}

TEST(DetectParse, HyperthreadsAreNotCores) {
  const auto cpu = parse_cpuinfo(kAmdZen3);
  EXPECT_EQ(cpu.vendor, "AMD");
  EXPECT_EQ(cpu.logical_cpus, 2u);
  EXPECT_EQ(cpu.physical_cores, 1u);
  EXPECT_EQ(widest_isa(cpu), SimdIsa::avx2);
  EXPECT_EQ(fp32_flops_per_cycle(cpu).fp32, 32);
}

TEST(DetectParse, Zen4RunsAvx512AtAvx2Rate) {
  const auto cpu = parse_cpuinfo(kAmdZen4);
  EXPECT_EQ(widest_isa(cpu), SimdIsa::avx512);
  EXPECT_EQ(fp32_flops_per_cycle(cpu).fp32, 32);
}

TEST(DetectParse, ArmFromMidr) {
  const auto n1 = parse_cpuinfo(kGraviton2);
  EXPECT_EQ(n1.model_name, "Neoverse-N1");
  EXPECT_EQ(n1.vendor, "Arm");
  EXPECT_EQ(n1.architecture, "aarch64");
  EXPECT_EQ(n1.logical_cpus, 2u);
  EXPECT_FALSE(n1.max_mhz);  // Arm cpuinfo has no clock
  EXPECT_EQ(widest_isa(n1), SimdIsa::neon);
  EXPECT_EQ(fp32_flops_per_cycle(n1).fp32, 16);
  const auto v1 = parse_cpuinfo(kGraviton3);
  EXPECT_EQ(v1.model_name, "Neoverse-V1");
  EXPECT_EQ(widest_isa(v1), SimdIsa::sve);
  EXPECT_EQ(arm_core_name(0x41, 0xd4f), "Neoverse-V2");
  EXPECT_EQ(arm_core_name(0x41, 0x123), "");
}

TEST(DetectParse, GarbageGivesEmptyFields) {
  const auto cpu = parse_cpuinfo("nothing here\n: :\nprocessor : x\ncpu MHz : fast\n");
  EXPECT_FALSE(cpu.max_mhz);
  EXPECT_EQ(cpu.logical_cpus, 0u);
  EXPECT_EQ(widest_isa(cpu), SimdIsa::scalar);
}

TEST(DetectParse, MeminfoAndCpufreq) {
  // 24684084 kB x 1024 = 25.2765 GB.
  const auto gb = parse_meminfo_gb("MemTotal:       24684084 kB\nMemFree: 1 kB\n");
  ASSERT_TRUE(gb);
  EXPECT_NEAR(*gb, 25.2765, 1e-4);
  EXPECT_FALSE(parse_meminfo_gb("MemFree: 1 kB\n"));
  EXPECT_FALSE(parse_meminfo_gb("MemTotal: 12 MB\n"));
  ASSERT_TRUE(parse_cpufreq_mhz("3500000\n"));
  EXPECT_DOUBLE_EQ(*parse_cpufreq_mhz("3500000\n"), 3500);
  EXPECT_FALSE(parse_cpufreq_mhz("-1"));
  EXPECT_FALSE(parse_cpufreq_mhz(""));
}

TEST(DetectNames, CandidatesDropMarketingNoise) {
  const auto intel = name_candidates("Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz");
  EXPECT_NE(std::find(intel.begin(), intel.end(), "Intel Xeon Platinum 8380"), intel.end());
  EXPECT_NE(std::find(intel.begin(), intel.end(), "Xeon Platinum 8380"), intel.end());
  const auto amd = name_candidates("AMD Ryzen 7 7840HS w/ Radeon 780M Graphics");
  EXPECT_EQ(amd.front(), "AMD Ryzen 7 7840HS w/ Radeon 780M Graphics");
  const auto epyc = name_candidates("AMD EPYC 7763 64-Core Processor");
  EXPECT_NE(std::find(epyc.begin(), epyc.end(), "AMD EPYC 7763"), epyc.end());
  const auto core = name_candidates("12th Gen Intel(R) Core(TM) i7-12700K");
  EXPECT_NE(std::find(core.begin(), core.end(), "Intel Core i7-12700K"), core.end());
  const auto gpu = name_candidates("NVIDIA GeForce RTX 4090");
  EXPECT_NE(std::find(gpu.begin(), gpu.end(), "GeForce RTX 4090"), gpu.end());
}

const std::string kHeader =
    "id,name,aliases,vendor,kind,release_date,tdp_w,fp32_vector_tflops,memory_bw_gbs,sources,"
    "notes\n";

Catalogue small() {
  return Catalogue::parse(
      kHeader +
          "epyc-7763,AMD EPYC 7763,EPYC 7763,AMD,cpu,2021-03-15,280,5.0176,204.8,"
          "https://example.com/7763,\n"
          "rtx-4090,NVIDIA GeForce RTX 4090,GeForce RTX 4090;RTX 4090,NVIDIA,desktop-gpu,"
          "2022-10-12,450,82.58,1008,https://example.com/4090,\n",
      "small.csv");
}

TEST(DetectMatch, ReportedNamesFindTheirRows) {
  const auto c = small();
  ASSERT_NE(match_reported_name(c, "AMD EPYC 7763 64-Core Processor"), nullptr);
  EXPECT_EQ(match_reported_name(c, "AMD EPYC 7763 64-Core Processor")->id, "epyc-7763");
  ASSERT_NE(match_reported_name(c, "NVIDIA GeForce RTX 4090"), nullptr);
  EXPECT_EQ(match_reported_name(c, "NVIDIA GeForce RTX 4090")->id, "rtx-4090");
  // A different model number must not match by being close.
  EXPECT_EQ(match_reported_name(c, "AMD EPYC 7713 64-Core Processor"), nullptr);
  EXPECT_EQ(match_reported_name(c, "NVIDIA GeForce RTX 4080"), nullptr);
}

TEST(DetectDerive, PeaksAreCoresTimesClockTimesFlopsPerCycle) {
  const auto row = derive_cpu_row(parse_cpuinfo(kIntel));
  EXPECT_EQ(row.id, "intel-xeon-platinum-8380");
  EXPECT_EQ(row.name, "Intel Xeon Platinum 8380");
  EXPECT_EQ(row.kind, HardwareKind::cpu);
  // 2 cores x 2300 MHz x 64 = 294.4 GFLOPS; FP64 half; INT8 (VNNI) 4x; no BF16 flag.
  EXPECT_NEAR(*row.peak_tflops(Precision::fp32, ComputeUnit::vector), 0.2944, 1e-9);
  EXPECT_NEAR(*row.peak_tflops(Precision::fp64, ComputeUnit::vector), 0.1472, 1e-9);
  EXPECT_NEAR(*row.peak_tflops(Precision::int8, ComputeUnit::vector), 1.1776, 1e-9);
  EXPECT_FALSE(row.peak_tflops(Precision::bf16, ComputeUnit::vector));
  EXPECT_NE(row.notes.find("derived"), std::string::npos);
  EXPECT_NE(row.notes.find("unverified"), std::string::npos);
  EXPECT_FALSE(row.memory_bw_gbs);

  // Zen 4 desktop: 1 core x 4500 MHz x 32 = 144 GFLOPS; BF16 twice that.
  const auto zen4 = derive_cpu_row(parse_cpuinfo(kAmdZen4));
  EXPECT_NEAR(*zen4.peak_tflops(Precision::fp32, ComputeUnit::vector), 0.144, 1e-9);
  EXPECT_NEAR(*zen4.peak_tflops(Precision::bf16, ComputeUnit::vector), 0.288, 1e-9);

  // No clock (Arm without cpufreq): no invented peak.
  const auto n1 = derive_cpu_row(parse_cpuinfo(kGraviton2));
  EXPECT_FALSE(n1.peak_tflops(Precision::fp32, ComputeUnit::vector));
}

TEST(DetectDerive, CsvLineHasOneCellPerHeaderColumn) {
  const auto row = derive_cpu_row(parse_cpuinfo(kIntel));
  const std::string header = csv_header();
  EXPECT_EQ(header.rfind("id,name,aliases,vendor,kind,release_date,tdp_w,", 0), 0u);
  const std::string line = csv_line(row);
  EXPECT_NE(line.find("intel-xeon-platinum-8380,Intel Xeon Platinum 8380,"), std::string::npos);
  EXPECT_NE(line.find("0.2944"), std::string::npos);
}

struct FakeRoot {
  std::filesystem::path dir;
  explicit FakeRoot(const std::string& name)
      : dir(std::filesystem::temp_directory_path() / (name + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir);
  }
  ~FakeRoot() { std::filesystem::remove_all(dir); }
  void write(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories((dir / rel).parent_path());
    std::ofstream(dir / rel) << text;
  }
};

TEST(DetectLocal, ReadsATreeAndPrefersCpufreqMaximum) {
  FakeRoot root("infergy_detect_tree_");
  root.write("proc/cpuinfo", kAmdZen3);
  root.write("proc/meminfo", "MemTotal: 1000000 kB\n");
  root.write("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", "3500000\n");
  const auto sys = read_local_system(root.dir);
  EXPECT_DOUBLE_EQ(*sys.cpu.max_mhz, 3500);
  EXPECT_EQ(sys.cpu.clock_source, "cpufreq cpuinfo_max_freq");
  EXPECT_NEAR(*sys.cpu.memory_gb, 1.024, 1e-9);
  const auto catalogue = small();  // the detection points into it
  const auto d = detect(sys, catalogue);
  ASSERT_NE(d.cpu.row, nullptr);
  EXPECT_EQ(d.cpu.row->id, "epyc-7763");
  EXPECT_FALSE(d.derived_cpu);
}

TEST(DetectLocal, ArmCoresFromSysfsTopology) {
  FakeRoot root("infergy_detect_arm_");
  root.write("proc/cpuinfo", kGraviton2);
  for (int i = 0; i < 2; ++i) {
    const std::string t = "sys/devices/system/cpu/cpu" + std::to_string(i) + "/topology/";
    root.write(t + "core_id", std::to_string(i));
    root.write(t + "physical_package_id", "0");
  }
  root.write("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", "2500000");
  const auto sys = read_local_system(root.dir);
  EXPECT_EQ(sys.cpu.physical_cores, 2u);
  const auto catalogue = small();  // the detection points into it
  const auto d = detect(sys, catalogue);
  EXPECT_EQ(d.cpu.row, nullptr);
  ASSERT_TRUE(d.derived_cpu);
  // 2 cores x 2500 MHz x 16 (NEON) = 80 GFLOPS.
  EXPECT_NEAR(*d.derived_cpu->peak_tflops(Precision::fp32, ComputeUnit::vector), 0.08, 1e-9);
}

TEST(DetectLocal, MissingCpuinfoIsNoInput) {
  FakeRoot root("infergy_detect_none_");
  std::filesystem::create_directories(root.dir);
  try {
    read_local_system(root.dir);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::no_input);
    EXPECT_NE(std::string(e.what()).find("cpuinfo"), std::string::npos);
  }
}

TEST(Filter, EveryConditionMustHold) {
  const auto c = small();
  CatalogueFilter f;
  EXPECT_EQ(filter_rows(c, f).size(), 2u);
  f.kind = HardwareKind::cpu;
  ASSERT_EQ(filter_rows(c, f).size(), 1u);
  EXPECT_EQ(filter_rows(c, f)[0]->id, "epyc-7763");
  f = {};
  f.vendor = "nvidia";
  ASSERT_EQ(filter_rows(c, f).size(), 1u);
  f = {};
  f.since = Date{2022, 1, 1};
  EXPECT_EQ(filter_rows(c, f).size(), 1u);
  f.until = Date{2022, 10, 11};
  EXPECT_EQ(filter_rows(c, f).size(), 0u);
  f = {};
  f.min_bandwidth_gbs = 204.8;  // inclusive
  EXPECT_EQ(filter_rows(c, f).size(), 2u);
  f.min_bandwidth_gbs = 205;
  EXPECT_EQ(filter_rows(c, f).size(), 1u);
  f = {};
  f.min_memory_gb = 1;  // neither row gives memory: both fail
  EXPECT_EQ(filter_rows(c, f).size(), 0u);
  f = {};
  f.min_peaks = {{Precision::fp32, 10}};
  ASSERT_EQ(filter_rows(c, f).size(), 1u);
  EXPECT_EQ(filter_rows(c, f)[0]->id, "rtx-4090");
  f.min_peaks = {{Precision::fp16, 1}};  // no fp16 peak in either row
  EXPECT_EQ(filter_rows(c, f).size(), 0u);
}

}  // namespace
}  // namespace infergy::hw
