// NVML through the fake library built beside the tests (fake_nvml/fake_nvml.cpp, behaviour from
// FAKE_NVML_* variables). Discovery probes each device once with the energy call and once with
// the power call, so the first token of each FAKE_NVML_ENERGY<i> / FAKE_NVML_POWER<i> list is the
// probe, the next the sensor's start(), and so on.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "infergy/measure.hpp"

namespace infergy::measure {
namespace {

const char* const kVariables[] = {"FAKE_NVML_INIT",    "FAKE_NVML_COUNT",   "FAKE_NVML_HANDLE0",
                                  "FAKE_NVML_HANDLE1", "FAKE_NVML_HANDLE2", "FAKE_NVML_NAME0",
                                  "FAKE_NVML_NAME1",   "FAKE_NVML_NAME2",   "FAKE_NVML_ENERGY0",
                                  "FAKE_NVML_ENERGY1", "FAKE_NVML_ENERGY2", "FAKE_NVML_POWER0",
                                  "FAKE_NVML_POWER1",  "FAKE_NVML_POWER2"};

class Nvml : public ::testing::Test {
 protected:
  void SetUp() override { clear(); }
  void TearDown() override { clear(); }
  static void clear() {
    for (const char* v : kVariables) ::unsetenv(v);
  }
  static void set(const char* name, const char* value) { ::setenv(name, value, 1); }

  static SensorOptions options() {
    SensorOptions o;
    o.nvml_library = INFERGY_FAKE_NVML;
    o.use_rapl = false;
    o.use_amd_energy = false;
    return o;
  }

  /// How often the fake saw a call ("init", "shutdown", "energy0"...), read through its own
  /// handle (dlopen of the same path shares the loaded library).
  static int calls(const char* what) {
    void* handle = ::dlopen(INFERGY_FAKE_NVML, RTLD_NOW | RTLD_LOCAL);
    if (!handle) return -1;
    using CallsFn = int (*)(const char*);
    const auto fn = reinterpret_cast<CallsFn>(::dlsym(handle, "fake_nvml_calls"));
    const int n = fn ? fn(what) : -1;
    ::dlclose(handle);
    return n;
  }

  static const SensorFailure* failure_of(const SensorDiscovery& d, const std::string& sensor) {
    for (const auto& f : d.failures) {
      if (f.sensor == sensor) return &f;
    }
    return nullptr;
  }
};

TEST_F(Nvml, EnergyCounterPath) {
  set("FAKE_NVML_NAME0", "NVIDIA H100 80GB HBM3");
  // probe, start (t=0), sample (t=0.5), stop (t=1.0), in mJ and mW.
  set("FAKE_NVML_ENERGY0", "1000,1000,91000,196000");
  set("FAKE_NVML_POWER0", "150000,150000,200000,190000");
  const SensorDiscovery d = discover_sensors(options());
  ASSERT_EQ(d.sensors.size(), 1u);
  EXPECT_TRUE(d.failures.empty());
  EnergySensor& s = *d.sensors[0];
  EXPECT_EQ(s.info().name, "gpu0 (NVIDIA H100 80GB HBM3)");
  EXPECT_EQ(s.info().kind, SensorKind::gpu);
  EXPECT_EQ(s.info().method, "nvml energy counter");
  EXPECT_EQ(s.info().source, "nvml device 0");
  s.start(0.0);
  s.sample(0.5);
  const SensorReading r = s.stop(1.0);
  // 196000 - 1000 mJ = 195 J in 1 s: 195 W mean. The intervals drew 90 J and 105 J per 0.5 s
  // (180 W, 210 W), but the peak is the driver's own power reading, at most 200 W.
  ASSERT_TRUE(r.available()) << r.unavailable_reason;
  EXPECT_DOUBLE_EQ(*r.joules, 195.0);
  EXPECT_DOUBLE_EQ(*r.mean_power_w, 195.0);
  EXPECT_DOUBLE_EQ(*r.peak_power_w, 200.0);
  EXPECT_EQ(r.reads, 3u);
  EXPECT_EQ(calls("energy0"), 4);
}

TEST_F(Nvml, CounterTotalsAreExactInMillijoules) {
  // 1995 mJ then 3991028 mJ more: 3993023 mJ in all, which must read 3993.023 J exactly; adding
  // the two intervals in joules, 1.995 + 3991.028, gives 3993.0229999999997 in doubles.
  set("FAKE_NVML_ENERGY0", "0,0,1995,3993023");
  const SensorDiscovery d = discover_sensors(options());
  ASSERT_EQ(d.sensors.size(), 1u);
  d.sensors[0]->start(0.0);
  d.sensors[0]->sample(1.0);
  const SensorReading r = d.sensors[0]->stop(2.0);
  ASSERT_TRUE(r.available());
  EXPECT_EQ(*r.joules, 3993.023);
}

TEST_F(Nvml, PowerIntegrationWhenTheEnergyCounterIsNotSupported) {
  // FAKE_NVML_ENERGY0 unset: NOT_SUPPORTED, as on GPUs older than Volta.
  set("FAKE_NVML_POWER0", "100000,100000,200000,200000");
  const SensorDiscovery d = discover_sensors(options());
  ASSERT_EQ(d.sensors.size(), 1u);
  EnergySensor& s = *d.sensors[0];
  EXPECT_EQ(s.info().method, "nvml power integration");
  s.start(0.0);
  s.sample(0.5);
  const SensorReading r = s.stop(1.0);
  // Trapezoids: (100+200)/2 W x 0.5 s = 75 J, (200+200)/2 W x 0.5 s = 100 J: 175 J.
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.joules, 175.0);
  EXPECT_DOUBLE_EQ(*r.peak_power_w, 200.0);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("Not Supported (NVML error 3)"), std::string::npos) << r.notes[0];
}

TEST_F(Nvml, PowerIntegrationCanBeForcedToCompareTheMethods) {
  set("FAKE_NVML_ENERGY0", "0,500000");
  set("FAKE_NVML_POWER0", "300000,300000,300000");
  SensorOptions o = options();
  o.nvml_force_power_integration = true;
  const SensorDiscovery d = discover_sensors(o);
  ASSERT_EQ(d.sensors.size(), 1u);
  EXPECT_EQ(d.sensors[0]->info().method, "nvml power integration");
  d.sensors[0]->start(0.0);
  d.sensors[0]->sample(1.0);
  const SensorReading r = d.sensors[0]->stop(2.0);
  // 300 W for 2 s = 600 J from the power readings; the counter (500 J) was not consulted.
  EXPECT_DOUBLE_EQ(*r.joules, 600.0);
  EXPECT_EQ(calls("energy0"), 0);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("INFERGY_NVML_METHOD=power"), std::string::npos);
}

TEST_F(Nvml, SeveralDevicesEachByItsOwnMethod) {
  set("FAKE_NVML_COUNT", "3");
  set("FAKE_NVML_ENERGY0", "0,0,2000");
  set("FAKE_NVML_POWER1", "50000,50000,70000");
  // gpu2: neither call works.
  set("FAKE_NVML_POWER2", "err4");
  const SensorDiscovery d = discover_sensors(options());
  ASSERT_EQ(d.sensors.size(), 2u);
  EXPECT_EQ(d.sensors[0]->info().name, "gpu0 (Fake GPU 0)");
  EXPECT_EQ(d.sensors[0]->info().method, "nvml energy counter");
  EXPECT_EQ(d.sensors[1]->info().name, "gpu1 (Fake GPU 1)");
  EXPECT_EQ(d.sensors[1]->info().method, "nvml power integration");
  const SensorFailure* gpu2 = failure_of(d, "gpu2 (Fake GPU 2)");
  ASSERT_NE(gpu2, nullptr);
  EXPECT_EQ(gpu2->reason,
            "nvmlDeviceGetTotalEnergyConsumption: Not Supported (NVML error 3); "
            "nvmlDeviceGetPowerUsage: Insufficient Permissions (NVML error 4)");

  for (const auto& s : d.sensors) s->start(0.0);
  const SensorReading r0 = d.sensors[0]->stop(2.0);
  const SensorReading r1 = d.sensors[1]->stop(2.0);
  // gpu0: 2000 mJ = 2 J. gpu1: (50 + 70) / 2 W x 2 s = 120 J.
  EXPECT_DOUBLE_EQ(*r0.joules, 2.0);
  EXPECT_DOUBLE_EQ(*r1.joules, 120.0);
}

TEST_F(Nvml, InitFailure) {
  set("FAKE_NVML_INIT", "9");
  const int shutdowns = calls("shutdown");
  const SensorDiscovery d = discover_sensors(options());
  EXPECT_TRUE(d.sensors.empty());
  ASSERT_EQ(d.failures.size(), 1u);
  EXPECT_EQ(d.failures[0].sensor, "nvml");
  EXPECT_EQ(d.failures[0].reason, "nvmlInit_v2 failed: Driver Not Loaded (NVML error 9)");
  // NVML must not be shut down when it never initialised.
  EXPECT_EQ(calls("shutdown"), shutdowns);
}

TEST_F(Nvml, CountFailureAndNoDevices) {
  set("FAKE_NVML_COUNT", "err1");
  SensorDiscovery d = discover_sensors(options());
  ASSERT_EQ(d.failures.size(), 1u);
  EXPECT_EQ(d.failures[0].reason, "nvmlDeviceGetCount_v2 failed: Uninitialized (NVML error 1)");
  set("FAKE_NVML_COUNT", "0");
  d = discover_sensors(options());
  ASSERT_EQ(d.failures.size(), 1u);
  EXPECT_EQ(d.failures[0].reason, "NVML reports no GPU");
}

TEST_F(Nvml, PerDeviceFailureLeavesTheOthers) {
  set("FAKE_NVML_COUNT", "2");
  set("FAKE_NVML_HANDLE0", "15");
  set("FAKE_NVML_NAME1", "err2");
  set("FAKE_NVML_ENERGY1", "10");
  const SensorDiscovery d = discover_sensors(options());
  ASSERT_EQ(d.sensors.size(), 1u);
  // The name failed, so the device is called by its index alone.
  EXPECT_EQ(d.sensors[0]->info().name, "gpu1");
  const SensorFailure* gpu0 = failure_of(d, "gpu0");
  ASSERT_NE(gpu0, nullptr);
  EXPECT_EQ(gpu0->reason, "nvmlDeviceGetHandleByIndex_v2: GPU is lost (NVML error 15)");
}

TEST_F(Nvml, ErrorDuringTheRunIsCountedAndTheCounterCatchesUp) {
  set("FAKE_NVML_ENERGY0", "1000,1000,err15,5000");
  const SensorDiscovery d = discover_sensors(options());
  ASSERT_EQ(d.sensors.size(), 1u);
  d.sensors[0]->start(0.0);
  d.sensors[0]->sample(0.1);
  const SensorReading r = d.sensors[0]->stop(0.2);
  // 5000 - 1000 mJ = 4 J; the failed read in between is counted, not lost.
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.joules, 4.0);
  EXPECT_EQ(r.failed_reads, 1u);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes[0].find("GPU is lost"), std::string::npos);
}

TEST_F(Nvml, CounterThatDoesNotMoveIsUnavailable) {
  set("FAKE_NVML_ENERGY0", "1000");
  const SensorDiscovery d = discover_sensors(options());
  ASSERT_EQ(d.sensors.size(), 1u);
  d.sensors[0]->start(0.0);
  const SensorReading r = d.sensors[0]->stop(0.05);
  EXPECT_FALSE(r.available());
  EXPECT_NE(r.unavailable_reason.find("did not change"), std::string::npos);
}

TEST_F(Nvml, ShutdownOnceWhenTheLastSensorGoes) {
  set("FAKE_NVML_COUNT", "2");
  set("FAKE_NVML_ENERGY0", "1");
  set("FAKE_NVML_ENERGY1", "1");
  const int shutdowns = calls("shutdown");
  {
    const SensorDiscovery d = discover_sensors(options());
    ASSERT_EQ(d.sensors.size(), 2u);
    EXPECT_EQ(calls("shutdown"), shutdowns);
  }
  EXPECT_EQ(calls("shutdown"), shutdowns + 1);
}

TEST_F(Nvml, LibraryMissing) {
  SensorOptions o = options();
  o.nvml_library = "/nonexistent/libnvidia-ml.so.1";
  const SensorDiscovery d = discover_sensors(o);
  EXPECT_TRUE(d.sensors.empty());
  ASSERT_EQ(d.failures.size(), 1u);
  EXPECT_EQ(d.failures[0].sensor, "nvml");
  EXPECT_NE(d.failures[0].reason.find("cannot load /nonexistent/libnvidia-ml.so.1"),
            std::string::npos);
}

TEST_F(Nvml, LibraryWithoutTheNvmlEntryPoints) {
  SensorOptions o = options();
  o.nvml_library = "libm.so.6";
  const SensorDiscovery d = discover_sensors(o);
  ASSERT_EQ(d.failures.size(), 1u);
  EXPECT_EQ(d.failures[0].reason,
            "libm.so.6 lacks nvmlInit_v2, nvmlShutdown, nvmlDeviceGetCount_v2, "
            "nvmlDeviceGetHandleByIndex_v2, nvmlDeviceGetName, nvmlErrorString");
}

}  // namespace
}  // namespace infergy::measure
