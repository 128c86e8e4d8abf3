// RAPL powercap and amd_energy hwmon discovery and reading, on fake sysfs trees written into a
// temporary directory. The tests may run as root, where chmod 000 does not stop a read, so
// permission errors go through an injected file reader (EACCES) and a directory standing where a
// file is expected (EISDIR from the real reader).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "infergy/error.hpp"
#include "infergy/measure.hpp"
#include "measure/temp_tree.hpp"

namespace infergy::measure {
namespace {

using testing::TempTree;

constexpr const char* kIntelRange = "262143328850\n";
constexpr const char* kPowercap = "sys/class/powercap/";

SensorOptions sysfs_only(const TempTree& tree) {
  SensorOptions o;
  o.sysfs_root = tree.root();
  o.use_nvml = false;
  return o;
}

void write_zone(const TempTree& tree, const std::string& zone, const std::string& name,
                const std::string& energy_uj, const std::string& range = kIntelRange) {
  tree.write(kPowercap + zone + "/name", name + "\n");
  tree.write(kPowercap + zone + "/energy_uj", energy_uj + "\n");
  tree.write(kPowercap + zone + "/max_energy_range_uj", range);
}

/// A server-like tree: package with core, uncore and dram sub-zones, a psys zone, the
/// control-type folder and an MMIO duplicate of the package, both of which must be ignored.
void write_server_tree(const TempTree& tree) {
  tree.write(std::string(kPowercap) + "intel-rapl/enabled", "1\n");
  write_zone(tree, "intel-rapl:0", "package-0", "1000000");
  write_zone(tree, "intel-rapl:0:0", "core", "400000");
  write_zone(tree, "intel-rapl:0:1", "uncore", "10000");
  write_zone(tree, "intel-rapl:0:2", "dram", "200000", "65712999613\n");
  write_zone(tree, "intel-rapl:1", "psys", "3000000");
  write_zone(tree, "intel-rapl-mmio:0", "package-0", "1000000");
}

std::vector<std::string> names_of(const SensorDiscovery& d) {
  std::vector<std::string> out;
  for (const auto& s : d.sensors) out.push_back(s->info().name);
  return out;
}

const SensorFailure* failure_of(const SensorDiscovery& d, const std::string& sensor) {
  for (const auto& f : d.failures) {
    if (f.sensor == sensor) return &f;
  }
  return nullptr;
}

TEST(Rapl, DiscoversZonesWithKindsAndTotals) {
  TempTree tree;
  write_server_tree(tree);
  const SensorDiscovery d = discover_sensors(sysfs_only(tree));
  EXPECT_EQ(names_of(d), (std::vector<std::string>{"package-0", "package-0/core",
                                                   "package-0/uncore", "package-0/dram", "psys"}));
  ASSERT_EQ(d.sensors.size(), 5u);
  EXPECT_EQ(d.sensors[0]->info().kind, SensorKind::cpu);
  EXPECT_TRUE(d.sensors[0]->info().counted_in_total);
  EXPECT_EQ(d.sensors[1]->info().kind, SensorKind::cpu_part);
  EXPECT_FALSE(d.sensors[1]->info().counted_in_total);
  EXPECT_EQ(d.sensors[3]->info().kind, SensorKind::dram);
  EXPECT_TRUE(d.sensors[3]->info().counted_in_total);
  EXPECT_EQ(d.sensors[4]->info().kind, SensorKind::platform);
  EXPECT_FALSE(d.sensors[4]->info().counted_in_total);
  EXPECT_EQ(d.sensors[0]->info().method, "rapl powercap");
  EXPECT_EQ(d.sensors[0]->info().source, (tree.root() / kPowercap / "intel-rapl:0").string());
  // Packages were found, so the absent amd_energy driver is not worth a line.
  EXPECT_TRUE(d.failures.empty());
}

TEST(Rapl, NormalReading) {
  TempTree tree;
  write_zone(tree, "intel-rapl:0", "package-0", "1000000");
  const SensorDiscovery d = discover_sensors(sysfs_only(tree));
  ASSERT_EQ(d.sensors.size(), 1u);
  EnergySensor& s = *d.sensors[0];
  s.start(0.0);
  tree.write(std::string(kPowercap) + "intel-rapl:0/energy_uj", "2250000\n");
  s.sample(0.25);
  tree.write(std::string(kPowercap) + "intel-rapl:0/energy_uj", "3500000\n");
  const SensorReading r = s.stop(0.5);
  // 3500000 - 1000000 uJ = 2.5 J in 0.5 s: 5 W mean; both intervals 1.25 J / 0.25 s = 5 W.
  ASSERT_TRUE(r.available()) << r.unavailable_reason;
  EXPECT_DOUBLE_EQ(*r.joules, 2.5);
  EXPECT_DOUBLE_EQ(*r.mean_power_w, 5.0);
  EXPECT_DOUBLE_EQ(*r.peak_power_w, 5.0);
}

TEST(Rapl, WrapAroundUsesMaxEnergyRange) {
  TempTree tree;
  write_zone(tree, "intel-rapl:0", "package-0", "262143000000");
  const SensorDiscovery d = discover_sensors(sysfs_only(tree));
  ASSERT_EQ(d.sensors.size(), 1u);
  d.sensors[0]->start(0.0);
  tree.write(std::string(kPowercap) + "intel-rapl:0/energy_uj", "500000\n");
  const SensorReading r = d.sensors[0]->stop(0.1);
  // Up to max_energy_range_uj: 262143328850 - 262143000000 = 328850 uJ; then 0 -> 500000:
  // 328850 + 500000 = 828850 uJ = 0.82885 J (not a negative or a 262 kJ jump).
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.joules, 0.82885);
  EXPECT_EQ(r.wraps, 1u);
}

TEST(Rapl, UnchangedCounterIsUnavailable) {
  TempTree tree;
  write_zone(tree, "intel-rapl:0", "package-0", "777");
  const SensorDiscovery d = discover_sensors(sysfs_only(tree));
  ASSERT_EQ(d.sensors.size(), 1u);
  d.sensors[0]->start(0.0);
  const SensorReading r = d.sensors[0]->stop(0.2);
  EXPECT_FALSE(r.available());
  EXPECT_FALSE(r.joules.has_value());
}

TEST(Rapl, MissingDomainsAndFiles) {
  TempTree tree;
  write_zone(tree, "intel-rapl:0", "package-0", "1000");
  // A DRAM sub-zone without its counter, and one without the range needed for wrap-around.
  tree.write(std::string(kPowercap) + "intel-rapl:0:2/name", "dram\n");
  tree.write(std::string(kPowercap) + "intel-rapl:0:2/max_energy_range_uj", kIntelRange);
  tree.write(std::string(kPowercap) + "intel-rapl:0:0/name", "core\n");
  tree.write(std::string(kPowercap) + "intel-rapl:0:0/energy_uj", "5\n");
  // A zone with no name at all.
  tree.write(std::string(kPowercap) + "intel-rapl:1/energy_uj", "5\n");
  const SensorDiscovery d = discover_sensors(sysfs_only(tree));
  EXPECT_EQ(names_of(d), std::vector<std::string>{"package-0"});
  const SensorFailure* dram = failure_of(d, "package-0/dram");
  ASSERT_NE(dram, nullptr);
  EXPECT_NE(dram->reason.find("energy_uj: No such file or directory"), std::string::npos)
      << dram->reason;
  const SensorFailure* core = failure_of(d, "package-0/core");
  ASSERT_NE(core, nullptr);
  EXPECT_NE(core->reason.find("max_energy_range_uj: No such file or directory"), std::string::npos);
  EXPECT_NE(core->reason.find("wrap-around"), std::string::npos);
  const SensorFailure* unnamed = failure_of(d, "intel-rapl:1");
  ASSERT_NE(unnamed, nullptr);
  EXPECT_NE(unnamed->reason.find("name: No such file or directory"), std::string::npos);
}

TEST(Rapl, NoPowercapFolderAtAll) {
  TempTree tree;
  const SensorDiscovery d = discover_sensors(sysfs_only(tree));
  EXPECT_TRUE(d.sensors.empty());
  const SensorFailure* rapl = failure_of(d, "rapl");
  ASSERT_NE(rapl, nullptr);
  EXPECT_NE(rapl->reason.find("sys/class/powercap does not exist"), std::string::npos);
  // With no package found, the amd_energy fallback is tried and says why it failed too.
  EXPECT_NE(failure_of(d, "amd_energy"), nullptr);
}

TEST(Rapl, PowercapWithoutRaplZones) {
  TempTree tree;
  tree.write("sys/class/powercap/intel-rapl/enabled", "0\n");
  tree.write("sys/class/powercap/dtpm/name", "dtpm\n");
  const SensorDiscovery d = discover_sensors(sysfs_only(tree));
  const SensorFailure* rapl = failure_of(d, "rapl");
  ASSERT_NE(rapl, nullptr);
  EXPECT_NE(rapl->reason.find("has no intel-rapl zones"), std::string::npos);
}

TEST(Rapl, PermissionDeniedIsExplainedPerDomain) {
  // Linux 5.10+ makes energy_uj mode 0400 root:root; as root a chmod would not stop the read, so
  // the reader answers EACCES for the package's counter as the kernel does for other users.
  TempTree tree;
  write_zone(tree, "intel-rapl:0", "package-0", "1000");
  write_zone(tree, "intel-rapl:0:2", "dram", "2000");
  SensorOptions o = sysfs_only(tree);
  const auto denied = tree.root() / kPowercap / "intel-rapl:0/energy_uj";
  o.read_file = [denied](const std::filesystem::path& p) {
    if (p == denied) return FileRead{{}, EACCES};
    return read_small_file(p);
  };
  const SensorDiscovery d = discover_sensors(o);
  EXPECT_EQ(names_of(d), std::vector<std::string>{"package-0/dram"});
  const SensorFailure* package = failure_of(d, "package-0");
  ASSERT_NE(package, nullptr);
  EXPECT_NE(package->reason.find("energy_uj: Permission denied"), std::string::npos);
  EXPECT_NE(package->reason.find("CVE-2020-8694"), std::string::npos);
}

TEST(Rapl, DirectoryWhereTheCounterShouldBeFailsThroughTheRealReader) {
  TempTree tree;
  tree.write(std::string(kPowercap) + "intel-rapl:0/name", "package-0\n");
  tree.write(std::string(kPowercap) + "intel-rapl:0/max_energy_range_uj", kIntelRange);
  std::filesystem::create_directories(tree.root() / kPowercap / "intel-rapl:0/energy_uj");
  const SensorDiscovery d = discover_sensors(sysfs_only(tree));
  EXPECT_TRUE(d.sensors.empty());
  const SensorFailure* package = failure_of(d, "package-0");
  ASSERT_NE(package, nullptr);
  EXPECT_NE(package->reason.find("energy_uj: Is a directory"), std::string::npos);
}

TEST(Rapl, ModeZeroCounterWhenNotRoot) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "root reads mode-000 files; EACCES is covered by "
                    "PermissionDeniedIsExplainedPerDomain";
  }
  TempTree tree;
  write_zone(tree, "intel-rapl:0", "package-0", "1000");
  ::chmod((tree.root() / kPowercap / "intel-rapl:0/energy_uj").c_str(), 0);
  const SensorDiscovery d = discover_sensors(sysfs_only(tree));
  const SensorFailure* package = failure_of(d, "package-0");
  ASSERT_NE(package, nullptr);
  EXPECT_NE(package->reason.find("Permission denied"), std::string::npos);
}

TEST(Rapl, ReadFailingDuringTheRunIsCountedAndTheNextReadCatchesUp) {
  TempTree tree;
  write_zone(tree, "intel-rapl:0", "package-0", "1000000");
  SensorOptions o = sysfs_only(tree);
  auto fail_next = std::make_shared<bool>(false);
  o.read_file = [fail_next](const std::filesystem::path& p) {
    if (*fail_next && p.filename() == "energy_uj") {
      *fail_next = false;
      return FileRead{{}, EIO};
    }
    return read_small_file(p);
  };
  const SensorDiscovery d = discover_sensors(o);
  ASSERT_EQ(d.sensors.size(), 1u);
  d.sensors[0]->start(0.0);
  *fail_next = true;
  d.sensors[0]->sample(0.1);
  tree.write(std::string(kPowercap) + "intel-rapl:0/energy_uj", "1600000\n");
  const SensorReading r = d.sensors[0]->stop(0.2);
  // 1600000 - 1000000 uJ = 0.6 J despite the failed read in between.
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.joules, 0.6);
  EXPECT_EQ(r.failed_reads, 1u);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes[0].find("Input/output error"), std::string::npos);
}

TEST(Rapl, GarbageInTheCounterFile) {
  TempTree tree;
  write_zone(tree, "intel-rapl:0", "package-0", "12ab");
  const SensorDiscovery d = discover_sensors(sysfs_only(tree));
  const SensorFailure* package = failure_of(d, "package-0");
  ASSERT_NE(package, nullptr);
  EXPECT_NE(package->reason.find("not a whole number of microjoules: '12ab'"), std::string::npos);
}

void write_amd_energy(const TempTree& tree) {
  tree.write("sys/class/hwmon/hwmon0/name", "k10temp\n");
  tree.write("sys/class/hwmon/hwmon1/name", "amd_energy\n");
  tree.write("sys/class/hwmon/hwmon1/energy1_label", "Ecore000\n");
  tree.write("sys/class/hwmon/hwmon1/energy1_input", "123\n");
  tree.write("sys/class/hwmon/hwmon1/energy65_label", "Esocket0\n");
  tree.write("sys/class/hwmon/hwmon1/energy65_input", "5000000\n");
  tree.write("sys/class/hwmon/hwmon1/energy66_label", "Esocket1\n");
  tree.write("sys/class/hwmon/hwmon1/energy66_input", "7000000\n");
}

TEST(AmdEnergy, SocketCountersWhenRaplIsAbsent) {
  TempTree tree;
  write_amd_energy(tree);
  const SensorDiscovery d = discover_sensors(sysfs_only(tree));
  EXPECT_EQ(names_of(d),
            (std::vector<std::string>{"socket0 (amd_energy)", "socket1 (amd_energy)"}));
  ASSERT_EQ(d.sensors.size(), 2u);
  EXPECT_EQ(d.sensors[0]->info().kind, SensorKind::cpu);
  d.sensors[0]->start(0.0);
  tree.write("sys/class/hwmon/hwmon1/energy65_input", "9000000\n");
  const SensorReading r = d.sensors[0]->stop(1.0);
  // 9000000 - 5000000 uJ = 4 J in 1 s.
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.joules, 4.0);
  EXPECT_DOUBLE_EQ(*r.mean_power_w, 4.0);
  ASSERT_NE(failure_of(d, "rapl"), nullptr);
}

TEST(AmdEnergy, NotAddedTwiceWhenRaplCoversThePackages) {
  TempTree tree;
  write_amd_energy(tree);
  write_zone(tree, "intel-rapl:0", "package-0", "1000");
  const SensorDiscovery d = discover_sensors(sysfs_only(tree));
  EXPECT_EQ(names_of(d), std::vector<std::string>{"package-0"});
  const SensorFailure* amd = failure_of(d, "amd_energy");
  ASSERT_NE(amd, nullptr);
  EXPECT_NE(amd->reason.find("not used"), std::string::npos);
}

TEST(SensorOptions, EnvironmentOverridesTheDefaults) {
  ::setenv("INFERGY_SYSFS_ROOT", "/tmp/fake-root", 1);
  ::setenv("INFERGY_NVML_LIBRARY", "/opt/fake/libnvidia-ml.so.1", 1);
  const SensorOptions o = sensor_options_from_environment();
  ::unsetenv("INFERGY_SYSFS_ROOT");
  ::unsetenv("INFERGY_NVML_LIBRARY");
  EXPECT_EQ(o.sysfs_root, "/tmp/fake-root");
  EXPECT_EQ(o.nvml_library, "/opt/fake/libnvidia-ml.so.1");
  const SensorOptions d = sensor_options_from_environment();
  EXPECT_EQ(d.sysfs_root, "/");
  EXPECT_EQ(d.nvml_library, "libnvidia-ml.so.1");
  EXPECT_FALSE(d.nvml_force_power_integration);

  ::setenv("INFERGY_NVML_METHOD", "power", 1);
  EXPECT_TRUE(sensor_options_from_environment().nvml_force_power_integration);
  ::setenv("INFERGY_NVML_METHOD", "trapezoid", 1);
  EXPECT_THROW((void)sensor_options_from_environment(), Error);
  ::unsetenv("INFERGY_NVML_METHOD");
}

}  // namespace
}  // namespace infergy::measure
