// measure_command end to end on fake sensors, the idle baseline and per-inference arithmetic,
// totals without double counting, and the renderings.
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <nlohmann/json.hpp>

#include "infergy/error.hpp"
#include "infergy/measure.hpp"
#include "measure/temp_tree.hpp"

namespace infergy::measure {
namespace {

using testing::TempTree;

/// Sensor options over a fake package zone whose counter rises by exactly 1000 uJ at every read,
/// so a reading's energy can be derived from its read count alone.
SensorOptions rising_counter(const TempTree& tree) {
  tree.write("sys/class/powercap/intel-rapl:0/name", "package-0\n");
  tree.write("sys/class/powercap/intel-rapl:0/max_energy_range_uj", "262143328850\n");
  tree.write("sys/class/powercap/intel-rapl:0/energy_uj", "0\n");
  SensorOptions o;
  o.sysfs_root = tree.root();
  o.use_nvml = false;
  auto reads = std::make_shared<std::atomic<std::uint64_t>>(0);
  o.read_file = [reads](const std::filesystem::path& p) {
    if (p.filename() == "energy_uj") return FileRead{std::to_string(1000 * (*reads)++), 0};
    return read_small_file(p);
  };
  return o;
}

TEST(MeasureCommand, RunsTheCommandAndMeasuresEachDomain) {
  TempTree tree;
  MeasureOptions o;
  o.sensors = rising_counter(tree);
  o.interval = std::chrono::milliseconds(10);
  o.inferences = 4;
  const Measurement m = measure_command({"sh", "-c", "sleep 0.1; exit 7"}, o);
  EXPECT_EQ(m.outcome.exit_status, 7);
  EXPECT_GE(m.duration_s, 0.1);
  ASSERT_EQ(m.domains.size(), 1u);
  const SensorReading& r = m.domains[0].run;
  ASSERT_TRUE(r.available()) << r.unavailable_reason;
  // Every read adds 1000 uJ, so n successful reads span (n - 1) x 1 mJ.
  EXPECT_GE(r.reads, 3u);  // start, at least one 10 ms sample during 0.1 s, stop
  EXPECT_NEAR(*r.joules, static_cast<double>(r.reads - 1) * 1e-3, 1e-12);
  EXPECT_NEAR(*m.per_inference(r.joules), *r.joules / 4.0, 1e-15);
  EXPECT_TRUE(m.measured());
}

TEST(MeasureCommand, IdleBaselineGivesNetEnergy) {
  TempTree tree;
  MeasureOptions o;
  o.sensors = rising_counter(tree);
  o.interval = std::chrono::milliseconds(10);
  o.idle = std::chrono::milliseconds(100);
  const Measurement m = measure_command({"sleep", "0.05"}, o);
  EXPECT_GE(m.idle_s, 0.1);
  ASSERT_EQ(m.domains.size(), 1u);
  const DomainMeasurement& d = m.domains[0];
  ASSERT_TRUE(d.idle.has_value());
  ASSERT_TRUE(d.idle->available());
  ASSERT_TRUE(d.run.available());
  EXPECT_NEAR(*d.idle_power_w(), *d.idle->joules / d.idle->duration_s, 1e-9);
  EXPECT_NEAR(*d.net_joules(), *d.run.joules - *d.idle_power_w() * d.run.duration_s, 1e-12);
}

TEST(MeasureCommand, NoSensorIsAnErrorNamingEachSensorTried) {
  TempTree tree;
  MeasureOptions o;
  o.sensors.sysfs_root = tree.root();
  o.sensors.nvml_library = "/nonexistent/libnvidia-ml.so.1";
  try {
    (void)measure_command({"true"}, o);
    FAIL() << "expected Error(sensor)";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::sensor);
    EXPECT_EQ(exit_code_for(e.kind()), ExitCode::sensor);
    const std::string what = e.what();
    EXPECT_NE(what.find("nvml: cannot load /nonexistent/libnvidia-ml.so.1"), std::string::npos);
    EXPECT_NE(
        what.find("rapl: " + (tree.root() / "sys/class/powercap").string() + " does not exist"),
        std::string::npos);
    EXPECT_NE(what.find("amd_energy: no hwmon device"), std::string::npos);
    EXPECT_NE(what.find("--allow-no-sensors"), std::string::npos);
    EXPECT_EQ(what.find('\n'), std::string::npos) << "errors are one line";
  }
}

TEST(MeasureCommand, AllowNoSensorsRunsTheCommandAndSaysNothingWasMeasured) {
  TempTree tree;
  MeasureOptions o;
  o.sensors.sysfs_root = tree.root();
  o.sensors.nvml_library = "/nonexistent/libnvidia-ml.so.1";
  o.allow_no_sensors = true;
  const Measurement m = measure_command({"sh", "-c", "exit 2"}, o);
  EXPECT_EQ(m.outcome.exit_status, 2);
  EXPECT_FALSE(m.measured());
  EXPECT_TRUE(m.domains.empty());
  EXPECT_EQ(m.failures.size(), 3u);
  const std::string text = render_measurement(m, OutputFormat::table);
  EXPECT_NE(text.find("no energy was measured: no sensor could be read"), std::string::npos);
  EXPECT_EQ(text.find("joules"), std::string::npos);  // no table, so no 0 J anywhere
}

TEST(MeasureCommand, CommandThatCannotStartComesBackBeforeAnySensor) {
  MeasureOptions o;
  o.sensors.nvml_library = "/nonexistent/libnvidia-ml.so.1";
  o.sensors.sysfs_root = "/nonexistent-root";
  // Even with no sensor (which would throw), the launch error wins: it is the user's first fix.
  const Measurement m = measure_command({"infergy-no-such-command-x7q"}, o);
  EXPECT_EQ(m.outcome.exit_status, 127);
  EXPECT_EQ(m.outcome.launch_error,
            "cannot execute 'infergy-no-such-command-x7q': command not found in PATH");
  EXPECT_TRUE(m.failures.empty());
}

SensorReading reading(std::string name, SensorKind kind, std::optional<double> joules,
                      double seconds, bool counted = true) {
  SensorReading r;
  r.info = {std::move(name), kind, "test", "test", counted};
  r.joules = joules;
  r.duration_s = seconds;
  if (joules) {
    r.mean_power_w = *joules / seconds;
    r.peak_power_w = *joules / seconds;
  } else {
    r.unavailable_reason = "scripted unavailability";
  }
  r.reads = 3;
  return r;
}

TEST(DomainMeasurement, NetEnergyByHand) {
  DomainMeasurement d;
  d.run = reading("gpu0", SensorKind::gpu, 10.0, 2.0);
  d.idle = reading("gpu0", SensorKind::gpu, 3.0, 1.0);
  // Idle: 3 J over 1 s = 3 W. Net: 10 J - 3 W x 2 s = 4 J.
  EXPECT_DOUBLE_EQ(*d.idle_power_w(), 3.0);
  EXPECT_DOUBLE_EQ(*d.net_joules(), 4.0);
  d.idle = reading("gpu0", SensorKind::gpu, std::nullopt, 1.0);
  EXPECT_FALSE(d.net_joules().has_value());
}

Measurement synthetic() {
  Measurement m;
  m.command = {"python3", "-c", "print('hi there')"};
  m.outcome.exit_status = 0;
  m.outcome.description = "exited with status 0";
  m.duration_s = 2.0;
  m.inferences = 10;
  m.domains.push_back({reading("gpu0 (NVIDIA H100)", SensorKind::gpu, 100.0, 2.0), {}});
  m.domains.push_back({reading("gpu1", SensorKind::gpu, std::nullopt, 2.0), {}});
  m.domains.push_back({reading("package-0", SensorKind::cpu, 30.0, 2.0), {}});
  m.domains.push_back({reading("package-0/core", SensorKind::cpu_part, 20.0, 2.0, false), {}});
  m.domains.push_back({reading("package-0/dram", SensorKind::dram, 5.0, 2.0), {}});
  m.failures.push_back({"amd_energy", "not used"});
  return m;
}

TEST(Measurement, TotalsCountEachJouleOnce) {
  const Measurement m = synthetic();
  const auto totals = m.totals();
  ASSERT_EQ(totals.size(), 4u);  // gpu, cpu, dram, all
  EXPECT_EQ(totals[0].kind, SensorKind::gpu);
  EXPECT_DOUBLE_EQ(totals[0].joules, 100.0);
  EXPECT_EQ(totals[0].domains, 1u);
  EXPECT_EQ(totals[0].unavailable_domains, 1u);
  EXPECT_DOUBLE_EQ(totals[1].joules, 30.0);  // the core is inside the package
  EXPECT_DOUBLE_EQ(totals[2].joules, 5.0);
  EXPECT_FALSE(totals[3].kind.has_value());
  // 100 (gpu0) + 30 (package) + 5 (dram) = 135 J; 13.5 J per inference over 10.
  EXPECT_DOUBLE_EQ(totals[3].joules, 135.0);
  EXPECT_DOUBLE_EQ(*m.per_inference(totals[3].joules), 13.5);
  EXPECT_FALSE(totals[3].net_joules.has_value());
}

TEST(Render, TextTableShowsUnavailableNeverZero) {
  const std::string text = render_measurement(synthetic(), OutputFormat::table);
  EXPECT_NE(text.find("command: python3 -c 'print('\\''hi there'\\'')'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("exited with status 0 after 2.000 s"), std::string::npos);
  EXPECT_NE(text.find("inferences: 10"), std::string::npos);
  EXPECT_NE(text.find("gpu1"), std::string::npos);
  EXPECT_NE(text.find("unavailable"), std::string::npos);
  EXPECT_NE(text.find("gpu1: unavailable: scripted unavailability"), std::string::npos);
  EXPECT_NE(text.find("package-0/core: part of its package's figure"), std::string::npos);
  EXPECT_NE(text.find("total gpu: leaves out 1 unavailable domain"), std::string::npos);
  EXPECT_NE(text.find("135.0"), std::string::npos);  // the total
  EXPECT_NE(text.find("13.50"), std::string::npos);  // the total per inference
  EXPECT_EQ(text.find(" 0.000 "), std::string::npos);
}

TEST(Render, CsvHasOneRowPerDomainWithFixedColumns) {
  const std::string csv = render_measurement(synthetic(), OutputFormat::csv);
  const std::string header =
      "domain,kind,method,source,status,joules,seconds,mean_w,peak_w,idle_w,net_joules,"
      "joules_per_inference,net_joules_per_inference,counted_in_total,reads,failed_reads,note\n";
  ASSERT_EQ(csv.substr(0, header.size()), header);
  EXPECT_NE(csv.find("gpu0 (NVIDIA H100),gpu,test,test,measured,100.000,2.00000,50.0000,50.0000,,,"
                     "10.0000,,yes,3,0,\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("gpu1,gpu,test,test,unavailable,,,,,,,,,yes,3,0,scripted unavailability\n"),
            std::string::npos)
      << csv;
}

TEST(Render, JsonCarriesNullsForUnavailableValues) {
  const auto j = nlohmann::json::parse(render_measurement(synthetic(), OutputFormat::json));
  EXPECT_EQ(j["exit_status"], 0);
  EXPECT_EQ(j["inferences"], 10);
  EXPECT_TRUE(j["measured"].get<bool>());
  ASSERT_EQ(j["domains"].size(), 5u);
  EXPECT_DOUBLE_EQ(j["domains"][0]["joules"].get<double>(), 100.0);
  EXPECT_DOUBLE_EQ(j["domains"][0]["joules_per_inference"].get<double>(), 10.0);
  EXPECT_TRUE(j["domains"][1]["joules"].is_null());
  EXPECT_EQ(j["domains"][1]["unavailable_reason"], "scripted unavailability");
  EXPECT_FALSE(j["domains"][3]["counted_in_total"].get<bool>());
  EXPECT_EQ(j["totals"].back()["kind"], "all");
  EXPECT_DOUBLE_EQ(j["totals"].back()["joules"].get<double>(), 135.0);
  EXPECT_EQ(j["sensor_failures"][0]["sensor"], "amd_energy");
}

}  // namespace
}  // namespace infergy::measure
