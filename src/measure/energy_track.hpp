// The arithmetic every sensor shares: wrap-aware counter differences, trapezoid integration of
// power, and the bookkeeping that turns a series of reads into a SensorReading.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "infergy/measure.hpp"

namespace infergy::measure {

/// Energy units between two reads of a cumulative counter. A counter that went down wrapped
/// around once at `max_range` (RAPL's max_energy_range_uj): the difference is the way up to the
/// maximum plus the way from zero. Without a maximum (64-bit NVML and amd_energy counters, which
/// do not wrap in practice) a decrease is a reset, and nullopt says the interval is unknown.
std::optional<std::uint64_t> counter_delta(std::uint64_t previous, std::uint64_t current,
                                           std::optional<std::uint64_t> max_range);

/// The most power a sensor's device can plausibly draw, in watts: 4 × its own power limit where
/// the driver reports one (headroom for short-term limits such as RAPL's PL2/PL4 and transient
/// spikes), else a bound for its kind that no single board or package reaches (docs/measure.md).
double plausible_max_power_w(const SensorInfo& info);

/// How one read of a cumulative energy counter is taken into account.
struct CounterStep {
  enum class Kind {
    increase,     // counted: `units`
    noise,        // a backward step of at most kCounterNoiseJoules: no energy, baseline kept
    wrap,         // the counter ran over max_range once: `units` counted
    reset,        // went backwards and no wrap could explain it: the interval's energy is unknown
    implausible,  // moved by more than the device could draw in the elapsed time: rejected
  };
  Kind kind = Kind::increase;
  std::uint64_t units = 0;
};

/// A backward step this small is read jitter, not a reset (1 mJ; RAPL's unit is ~61 uJ).
inline constexpr double kCounterNoiseJoules = 1e-3;
/// Counters are updated in steps (NVML's every few ms to ~100 ms), so the energy of one interval
/// may have accrued before it started: plausibility allows this much time beyond the interval.
inline constexpr double kCounterUpdateSlackS = 1.0;

/// Classifies the read `current` that follows `previous` after `elapsed_s` seconds, for a counter
/// of `units_per_joule` that wraps at `max_range` (if it has one), on a device that draws at most
/// `max_power_w`. An increase or a wrap whose energy exceeds max_power_w × (elapsed_s +
/// kCounterUpdateSlackS) is implausible; a decrease larger than noise whose wrap reading would be
/// implausible is a reset (a reloaded driver reads as a wrap of ~262 kJ on Intel RAPL).
CounterStep classify_counter_step(std::uint64_t previous, std::uint64_t current,
                                  std::optional<std::uint64_t> max_range, double elapsed_s,
                                  double units_per_joule, double max_power_w);

/// Energy between two power readings, assuming power changes linearly between them.
double trapezoid_joules(double t0_s, double p0_w, double t1_s, double p1_w);

/// Accumulates one sensor's reads over a run and renders the result.
class EnergyTrack {
 public:
  /// Resets the track: the first successful read, at t_s (power_w when the sensor reads power).
  void begin(double t_s, std::optional<double> power_w);
  /// The first read failed: the reading will be unavailable for this reason.
  void begin_failed(std::string reason);
  /// A later successful read: `joules` since the previous successful read.
  void add(double t_s, double joules, std::optional<double> power_w);
  void add_failure(std::string_view reason);
  void add_wrap() { ++wraps_; }
  /// An interval whose reading was rejected as beyond what the device could draw.
  void add_rejected(std::string_view reason);
  /// The run's energy computed exactly from a counter's total units, in place of the sum of the
  /// per-interval joules (which gathers rounding: 3993.0229999 J instead of 3993.023 J).
  void set_total_joules(double joules) { exact_total_ = joules; }
  /// The whole run is unusable (e.g. a counter went backwards with no known range).
  void invalidate(std::string reason);

  bool started() const { return started_; }
  double last_time() const { return t_last_; }

  /// The reading; `zero_reason` explains a run that registered no energy at all.
  SensorReading finish(const SensorInfo& info, std::string_view zero_reason) const;

 private:
  bool started_ = false;
  std::string start_failure_;
  std::string invalid_reason_;
  double t_first_ = 0;
  double t_last_ = 0;
  double joules_ = 0;
  std::size_t reads_ = 0;
  std::size_t failed_reads_ = 0;
  std::string first_failure_;
  std::size_t wraps_ = 0;
  std::size_t rejected_ = 0;
  std::string first_rejected_;
  std::optional<double> peak_interval_w_;
  std::optional<double> peak_sensor_w_;
  std::optional<double> exact_total_;
};

/// A read of a raw counter, or why it failed.
struct CounterValue {
  std::optional<std::uint64_t> value;
  std::string error;
};

/// A read of instantaneous power in watts, or why it failed.
struct PowerValue {
  std::optional<double> watts;
  std::string error;
};

/// A sensor over a cumulative energy counter (RAPL, amd_energy, NVML total energy).
class CounterSensor : public EnergySensor {
 public:
  /// `units_per_joule`: 1e6 for a counter in microjoules, 1e3 in millijoules (dividing by an
  /// exact power of ten rounds once, where multiplying by 1e-6 would round twice).
  CounterSensor(SensorInfo info, double units_per_joule, std::optional<std::uint64_t> max_range)
      : info_(std::move(info)), units_per_joule_(units_per_joule), max_range_(max_range) {}
  const SensorInfo& info() const override { return info_; }
  void start(double t_s) override;
  void sample(double t_s) override;
  SensorReading stop(double t_s) override;

 protected:
  virtual CounterValue read_counter() = 0;
  /// A power reading taken beside the counter, for the peak (NVML); none by default.
  virtual std::optional<double> read_side_power_w() { return std::nullopt; }

 private:
  void read_and_add(double t_s);
  std::optional<double> plausible_side_power();

  SensorInfo info_;
  double units_per_joule_;
  std::optional<std::uint64_t> max_range_;
  std::optional<std::uint64_t> previous_;
  std::uint64_t total_units_ = 0;
  EnergyTrack track_;
};

/// A sensor that reads power and integrates it over time (NVML without an energy counter).
class PowerIntegratingSensor : public EnergySensor {
 public:
  explicit PowerIntegratingSensor(SensorInfo info) : info_(std::move(info)) {}
  const SensorInfo& info() const override { return info_; }
  void start(double t_s) override;
  void sample(double t_s) override;
  SensorReading stop(double t_s) override;

 protected:
  virtual PowerValue read_power() = 0;

 private:
  void read_and_add(double t_s);

  SensorInfo info_;
  std::optional<double> previous_w_;
  double previous_t_ = 0;
  EnergyTrack track_;
};

}  // namespace infergy::measure
