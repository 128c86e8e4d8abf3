// The shared arithmetic: counter differences with wrap-around, trapezoid integration, and how a
// series of reads becomes a reading (or an unavailable domain, never 0 J).
#include "measure/energy_track.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace infergy::measure {
namespace {

// max_energy_range_uj as an Intel package zone reports it: the 32-bit counter times the energy
// unit of 2^-14 J = 61.035 uJ, i.e. 4294967295 x 61.035... ~ 262143328850 uJ (about 262 kJ).
constexpr std::uint64_t kIntelRange = 262143328850ULL;

TEST(CounterDelta, PlainIncrease) {
  EXPECT_EQ(counter_delta(100, 350, kIntelRange), 250u);
  EXPECT_EQ(counter_delta(100, 100, std::nullopt), 0u);
}

TEST(CounterDelta, WrapAroundAtMaxEnergyRange) {
  // From 262143000000 the counter runs up to 262143328850 (328850 uJ more), restarts at 0 and
  // reaches 500000: 328850 + 500000 = 828850 uJ.
  EXPECT_EQ(counter_delta(262143000000ULL, 500000, kIntelRange), 828850u);
}

TEST(CounterDelta, DecreaseWithoutRangeOrBeyondItIsUnknown) {
  EXPECT_FALSE(counter_delta(5000, 10, std::nullopt).has_value());
  EXPECT_FALSE(counter_delta(kIntelRange + 5, 10, kIntelRange).has_value());
}

TEST(Trapezoid, LinearPowerRamp) {
  // 100 W rising linearly to 200 W over 0.5 s: mean 150 W x 0.5 s = 75 J.
  EXPECT_DOUBLE_EQ(trapezoid_joules(1.0, 100.0, 1.5, 200.0), 75.0);
}

/// A counter sensor that returns a script of values (nullopt: a failed read), one per read.
class ScriptedCounter final : public CounterSensor {
 public:
  ScriptedCounter(std::vector<std::optional<std::uint64_t>> script,
                  std::optional<std::uint64_t> range, std::vector<double> power = {},
                  double units_per_joule = 1e6)
      : CounterSensor({"scripted", SensorKind::cpu, "test", "script", true}, units_per_joule,
                      range),
        script_(std::move(script)),
        power_(std::move(power)) {}

 protected:
  CounterValue read_counter() override {
    const auto v = script_.at(std::min(next_++, script_.size() - 1));
    if (!v) return {std::nullopt, "scripted failure"};
    return {*v, {}};
  }
  std::optional<double> read_side_power_w() override {
    if (power_.empty()) return std::nullopt;
    return power_.at(std::min(next_power_++, power_.size() - 1));
  }

 private:
  std::vector<std::optional<std::uint64_t>> script_;
  std::size_t next_ = 0;
  std::vector<double> power_;
  std::size_t next_power_ = 0;
};

TEST(CounterSensor, EnergyDurationMeanAndPeak) {
  ScriptedCounter s({1000000, 1500000, 2600000, 3000000}, kIntelRange);
  s.start(0.0);
  s.sample(0.1);
  s.sample(0.2);
  const SensorReading r = s.stop(0.3);
  // 3000000 - 1000000 uJ = 2 J over 0.3 s = 6.667 W; the intervals draw 0.5 J, 1.1 J and 0.4 J
  // in 0.1 s each, so the peak is 11 W.
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.joules, 2.0);
  EXPECT_DOUBLE_EQ(r.duration_s, 0.3);
  EXPECT_NEAR(*r.mean_power_w, 2.0 / 0.3, 1e-12);
  EXPECT_NEAR(*r.peak_power_w, 11.0, 1e-9);
  EXPECT_EQ(r.reads, 4u);
  EXPECT_TRUE(r.notes.empty());
}

TEST(CounterSensor, WrapAroundIsCorrectedAndNoted) {
  // 262142000000 -> 262143300000 is 1300000 uJ. Then the counter wraps: 262143328850 -
  // 262143300000 = 28850 uJ to the top, plus 1000000 uJ from zero = 1028850 uJ.
  // Total 1300000 + 1028850 = 2328850 uJ = 2.32885 J.
  ScriptedCounter s({262142000000ULL, 262143300000ULL, 1000000}, kIntelRange);
  s.start(0.0);
  s.sample(0.05);
  const SensorReading r = s.stop(0.1);
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.joules, 2.32885);
  EXPECT_EQ(r.wraps, 1u);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("wrapped 1 time"), std::string::npos);
}

TEST(CounterSensor, CounterThatDoesNotMoveIsUnavailableNotZero) {
  ScriptedCounter s({4242}, kIntelRange);
  s.start(0.0);
  s.sample(0.1);
  const SensorReading r = s.stop(0.2);
  EXPECT_FALSE(r.available());
  EXPECT_NE(r.unavailable_reason.find("did not change over 0.2 s (3 reads)"), std::string::npos)
      << r.unavailable_reason;
}

TEST(CounterSensor, FailedMiddleReadKeepsTheEnergyOfACumulativeCounter) {
  // 100 -> (failed read) -> 2100000 uJ: the next good read still counts everything, 2.0999 J.
  ScriptedCounter s({100, std::nullopt, 2100000}, kIntelRange);
  s.start(0.0);
  s.sample(0.1);
  const SensorReading r = s.stop(0.2);
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.joules, 2.0999);
  EXPECT_EQ(r.failed_reads, 1u);
  EXPECT_EQ(r.reads, 2u);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "1 read failed (first: scripted failure)");
}

TEST(CounterSensor, FirstReadFailure) {
  ScriptedCounter s({std::nullopt, 5, 10}, kIntelRange);
  s.start(0.0);
  s.sample(0.1);
  const SensorReading r = s.stop(0.2);
  EXPECT_FALSE(r.available());
  EXPECT_EQ(r.unavailable_reason, "the first read failed: scripted failure");
}

TEST(CounterSensor, EveryLaterReadFailing) {
  ScriptedCounter s({5, std::nullopt}, kIntelRange);
  s.start(0.0);
  s.sample(0.1);
  const SensorReading r = s.stop(0.2);
  EXPECT_FALSE(r.available());
  EXPECT_EQ(r.unavailable_reason, "no read after the first succeeded: scripted failure");
}

TEST(CounterSensor, BackwardsWithoutRangeInvalidatesTheDomain) {
  ScriptedCounter s({5000, 6000, 10}, std::nullopt);
  s.start(0.0);
  s.sample(0.1);
  const SensorReading r = s.stop(0.2);
  EXPECT_FALSE(r.available());
  EXPECT_NE(r.unavailable_reason.find("went backwards from 6000 to 10"), std::string::npos);
}

TEST(CounterSensor, PeakComesFromTheSensorsOwnPowerReadingsWhenItHasThem) {
  // Intervals: 0.5 J / 0.1 s = 5 W, then 1.5 J / 0.1 s = 15 W; the sensor's own readings say at
  // most 12 W, which wins (an energy counter that updates in steps exaggerates interval peaks).
  ScriptedCounter s({0, 500000, 2000000}, kIntelRange, {4.0, 12.0, 9.0});
  s.start(0.0);
  s.sample(0.1);
  const SensorReading r = s.stop(0.2);
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.peak_power_w, 12.0);
}

TEST(CounterSensor, RestartsCleanlyForASecondRun) {
  ScriptedCounter s({0, 1000000, 1000000, 4000000}, kIntelRange);
  s.start(0.0);
  const SensorReading first = s.stop(1.0);
  s.start(2.0);
  const SensorReading second = s.stop(2.5);
  // First run 1 J over 1 s; second run 3 J over 0.5 s, with nothing carried over.
  EXPECT_DOUBLE_EQ(*first.joules, 1.0);
  EXPECT_DOUBLE_EQ(*second.joules, 3.0);
  EXPECT_DOUBLE_EQ(second.duration_s, 0.5);
  EXPECT_EQ(second.reads, 2u);
}

class ScriptedPower final : public PowerIntegratingSensor {
 public:
  explicit ScriptedPower(std::vector<std::optional<double>> script)
      : PowerIntegratingSensor({"power", SensorKind::gpu, "test", "script", true}),
        script_(std::move(script)) {}

 protected:
  PowerValue read_power() override {
    const auto v = script_.at(std::min(next_++, script_.size() - 1));
    if (!v) return {std::nullopt, "no power"};
    return {*v, {}};
  }

 private:
  std::vector<std::optional<double>> script_;
  std::size_t next_ = 0;
};

TEST(PowerIntegratingSensor, TrapezoidOverSamples) {
  ScriptedPower s({100.0, 200.0, 200.0});
  s.start(0.0);
  s.sample(0.5);
  const SensorReading r = s.stop(1.0);
  // (100+200)/2 x 0.5 = 75 J, then (200+200)/2 x 0.5 = 100 J: 175 J in 1 s, peak 200 W.
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.joules, 175.0);
  EXPECT_DOUBLE_EQ(*r.mean_power_w, 175.0);
  EXPECT_DOUBLE_EQ(*r.peak_power_w, 200.0);
}

TEST(PowerIntegratingSensor, AllZeroPowerIsUnavailable) {
  ScriptedPower s({0.0});
  s.start(0.0);
  const SensorReading r = s.stop(0.4);
  EXPECT_FALSE(r.available());
  EXPECT_NE(r.unavailable_reason.find("every power reading was 0 W"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Resets, implausible jumps, noise and overflow. The package has no stated limit here, so it may
// draw plausible_max_power_w = 2000 W (a CPU package's bound); with the 1 s update slack, an
// interval of dt seconds may hold at most 2000 x (dt + 1) J.

TEST(PlausibleMaxPower, FourTimesTheDeviceLimitElseTheKindsBound) {
  SensorInfo gpu{"gpu0", SensorKind::gpu, "nvml", "dev 0", true, 700.0};
  EXPECT_DOUBLE_EQ(plausible_max_power_w(gpu), 2800.0);
  gpu.power_limit_w.reset();
  EXPECT_DOUBLE_EQ(plausible_max_power_w(gpu), 3000.0);
  gpu.power_limit_w = 0.001;  // a placeholder, not a limit
  EXPECT_DOUBLE_EQ(plausible_max_power_w(gpu), 3000.0);
  const SensorInfo dram{"dram", SensorKind::dram, "rapl", "z", true, std::nullopt};
  EXPECT_DOUBLE_EQ(plausible_max_power_w(dram), 1000.0);
}

TEST(ClassifyCounterStep, AResetIsNotReadAsAWrap) {
  using Kind = CounterStep::Kind;
  // The case: the counter restarts from ~0 at 5e9 uJ; read as a wrap it would be
  // (262143328850 - 5000000000) + 1000 uJ = 257.1 kJ in 0.4 s = 643 kW: a reset.
  EXPECT_EQ(classify_counter_step(5000000000ULL, 1000, kIntelRange, 0.4, 1e6, 2000).kind,
            Kind::reset);
  // A real wrap near the top: 28850 + 1000000 uJ = 1.03 J in 0.05 s.
  const auto wrap = classify_counter_step(262143300000ULL, 1000000, kIntelRange, 0.05, 1e6, 2000);
  EXPECT_EQ(wrap.kind, Kind::wrap);
  EXPECT_EQ(wrap.units, 1028850u);
  // The same wrap reading after a 200 s stall is 257.1 kJ / 201 s = 1.28 kW: plausible.
  EXPECT_EQ(classify_counter_step(5000000000ULL, 1000, kIntelRange, 200.0, 1e6, 2000).kind,
            Kind::wrap);
  // Without a range, any real decrease is a reset.
  EXPECT_EQ(classify_counter_step(6000000, 10, std::nullopt, 0.1, 1e6, 2000).kind, Kind::reset);
}

TEST(ClassifyCounterStep, NoiseAndJumps) {
  using Kind = CounterStep::Kind;
  // 500 uJ backwards: below the 1 mJ noise bound; 2000 uJ is more.
  EXPECT_EQ(classify_counter_step(10000000, 9999500, std::nullopt, 0.1, 1e6, 2000).kind,
            Kind::noise);
  EXPECT_EQ(classify_counter_step(10000000, 9998000, std::nullopt, 0.1, 1e6, 2000).kind,
            Kind::reset);
  // +2199 J in 0.1 s is within 2000 x 1.1 = 2200 J; +2201 J is not.
  EXPECT_EQ(classify_counter_step(0, 2199000000ULL, std::nullopt, 0.1, 1e6, 2000).kind,
            Kind::increase);
  EXPECT_EQ(classify_counter_step(0, 2201000000ULL, std::nullopt, 0.1, 1e6, 2000).kind,
            Kind::implausible);
  // A millijoule counter (NVML) jumping by 2^63 mJ.
  EXPECT_EQ(classify_counter_step(5, (1ULL << 63) + 5, std::nullopt, 0.05, 1e3, 3000).kind,
            Kind::implausible);
}

TEST(CounterSensor, ResetAtTheRangeMakesTheDomainUnavailableWithTheReason) {
  ScriptedCounter s({4000000000ULL, 5000000000ULL, 1000}, kIntelRange);
  s.start(0.0);
  s.sample(0.4);
  const SensorReading r = s.stop(0.8);
  EXPECT_FALSE(r.available());
  EXPECT_NE(r.unavailable_reason.find("a reset, not a wrap-around"), std::string::npos)
      << r.unavailable_reason;
  EXPECT_EQ(r.wraps, 0u);
}

TEST(CounterSensor, ImplausibleJumpIsRejectedWithANote) {
  // +1 J, then a jump of 1e7 J in 0.1 s (far beyond 2000 W), then +2 J: 3 J counted.
  ScriptedCounter s({0, 1000000, 10000001000000ULL, 10000003000000ULL}, kIntelRange);
  s.start(0.0);
  s.sample(0.1);
  s.sample(0.2);
  const SensorReading r = s.stop(0.3);
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.joules, 3.0);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("1 reading rejected"), std::string::npos) << r.notes[0];
  EXPECT_NE(r.notes[0].find("lower bound"), std::string::npos);
  // The peak is that of the counted intervals (2 J in 0.1 s), not of the rejected one.
  EXPECT_NEAR(*r.peak_power_w, 20.0, 1e-9);
}

TEST(CounterSensor, BackwardNoiseIsNotCountedTwice) {
  // 1 J, back by 0.5 mJ (jitter), then up to 2 J: 2 J in all, not 2.0005 J.
  ScriptedCounter s({0, 1000000, 999500, 2000000}, std::nullopt);
  s.start(0.0);
  s.sample(0.1);
  s.sample(0.2);
  const SensorReading r = s.stop(0.3);
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.joules, 2.0);
}

TEST(CounterSensor, TotalThatWouldOverflow64BitsIsUnavailable) {
  // A counter in attojoules (1e18 units per joule) wrapping at 2^64 - 1: each step below is a
  // few joules, plausible, but the run's total reaches 2^64 - 1 units and the wrap then adds
  // 2^62 more, which no 64-bit total can hold.
  ScriptedCounter s({0, (1ULL << 63) - 1, ~0ULL, 1ULL << 62}, ~0ULL, {}, 1e18);
  s.start(0.0);
  s.sample(1.0);
  s.sample(2.0);
  const SensorReading r = s.stop(3.0);
  EXPECT_FALSE(r.available());
  EXPECT_NE(r.unavailable_reason.find("overflows 64 bits"), std::string::npos)
      << r.unavailable_reason;
}

TEST(PowerIntegratingSensor, ImplausiblePowerReadingIsAFailedRead) {
  // 100 W, then a garbage 4e9 W reading, then 100 W: the garbage is skipped and noted.
  ScriptedPower s({100.0, 4e9, 100.0});
  s.start(0.0);
  s.sample(0.5);
  const SensorReading r = s.stop(1.0);
  ASSERT_TRUE(r.available());
  EXPECT_DOUBLE_EQ(*r.joules, 100.0);
  EXPECT_EQ(r.failed_reads, 1u);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes[0].find("beyond the 3000 W this device can draw"), std::string::npos);
}

}  // namespace
}  // namespace infergy::measure
