#include "measure/energy_track.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "infergy/text.hpp"

namespace infergy::measure {

std::optional<std::uint64_t> counter_delta(std::uint64_t previous, std::uint64_t current,
                                           std::optional<std::uint64_t> max_range) {
  if (current >= previous) return current - previous;
  // A value above the stated range cannot come from a counter that wraps at that range.
  if (!max_range || previous > *max_range) return std::nullopt;
  // The kernel's counter steps by one energy unit (about 61 uJ on Intel) from max_range back to
  // 0, so the exact modulus is max_range + one unit; that unit is below what a 50 ms sample can
  // resolve, and the unit itself is not exposed in sysfs.
  return (*max_range - previous) + current;
}

double plausible_max_power_w(const SensorInfo& info) {
  // A limit below 1 W is no real board's or package's: a driver's placeholder, ignored.
  if (info.power_limit_w && std::isfinite(*info.power_limit_w) && *info.power_limit_w >= 1.0) {
    return 4.0 * *info.power_limit_w;
  }
  // Above any single device of the kind: the largest GPU boards are rated ~1-1.2 kW (B200, GB200
  // per GPU), server CPU packages ~500 W, a socket's DRAM well under 1 kW.
  switch (info.kind) {
    case SensorKind::gpu:
      return 3000.0;
    case SensorKind::cpu:
    case SensorKind::cpu_part:
      return 2000.0;
    case SensorKind::dram:
      return 1000.0;
    case SensorKind::platform:
      return 5000.0;
  }
  return 5000.0;
}

CounterStep classify_counter_step(std::uint64_t previous, std::uint64_t current,
                                  std::optional<std::uint64_t> max_range, double elapsed_s,
                                  double units_per_joule, double max_power_w) {
  const double elapsed = std::isfinite(elapsed_s) && elapsed_s > 0 ? elapsed_s : 0.0;
  const double max_joules = max_power_w * (elapsed + kCounterUpdateSlackS);
  const auto plausible = [&](std::uint64_t units) {
    return static_cast<double>(units) / units_per_joule <= max_joules;
  };
  using Kind = CounterStep::Kind;
  if (current >= previous) {
    const std::uint64_t units = current - previous;
    return {plausible(units) ? Kind::increase : Kind::implausible, units};
  }
  if (static_cast<double>(previous - current) / units_per_joule <= kCounterNoiseJoules) {
    return {Kind::noise, 0};
  }
  if (const auto units = counter_delta(previous, current, max_range); units && plausible(*units)) {
    return {Kind::wrap, *units};
  }
  return {Kind::reset, 0};
}

double trapezoid_joules(double t0_s, double p0_w, double t1_s, double p1_w) {
  return (p0_w + p1_w) / 2.0 * (t1_s - t0_s);
}

void EnergyTrack::begin(double t_s, std::optional<double> power_w) {
  *this = EnergyTrack{};
  started_ = true;
  t_first_ = t_last_ = t_s;
  reads_ = 1;
  peak_sensor_w_ = power_w;
}

void EnergyTrack::begin_failed(std::string reason) {
  *this = EnergyTrack{};
  start_failure_ = std::move(reason);
}

void EnergyTrack::add(double t_s, double joules, std::optional<double> power_w) {
  const double dt = t_s - t_last_;
  if (dt > 0) {
    const double interval_w = joules / dt;
    peak_interval_w_ = std::max(peak_interval_w_.value_or(interval_w), interval_w);
  }
  if (power_w) peak_sensor_w_ = std::max(peak_sensor_w_.value_or(*power_w), *power_w);
  joules_ += joules;
  t_last_ = t_s;
  ++reads_;
}

void EnergyTrack::add_failure(std::string_view reason) {
  if (failed_reads_++ == 0) first_failure_ = std::string(reason);
}

void EnergyTrack::add_rejected(std::string_view reason) {
  if (rejected_++ == 0) first_rejected_ = std::string(reason);
}

void EnergyTrack::invalidate(std::string reason) {
  if (invalid_reason_.empty()) invalid_reason_ = std::move(reason);
}

SensorReading EnergyTrack::finish(const SensorInfo& info, std::string_view zero_reason) const {
  SensorReading r;
  r.info = info;
  r.reads = reads_;
  r.failed_reads = failed_reads_;
  r.wraps = wraps_;
  r.duration_s = t_last_ - t_first_;
  if (failed_reads_ > 0) {
    r.notes.push_back(fmt::format("{} read{} failed (first: {})", failed_reads_,
                                  failed_reads_ == 1 ? "" : "s", first_failure_));
  }
  if (wraps_ > 0) {
    r.notes.push_back(fmt::format("counter wrapped {} time{}; corrected with max_energy_range_uj",
                                  wraps_, wraps_ == 1 ? "" : "s"));
  }
  if (rejected_ > 0) {
    r.notes.push_back(fmt::format(
        "{} reading{} rejected as beyond what the device can draw (first: {}); the joules leave "
        "{} out, so they are a lower bound",
        rejected_, rejected_ == 1 ? "" : "s", first_rejected_,
        rejected_ == 1 ? "that interval" : "those intervals"));
  }
  if (!started_) {
    r.unavailable_reason = "the first read failed: " + start_failure_;
    return r;
  }
  if (!invalid_reason_.empty()) {
    r.unavailable_reason = invalid_reason_;
    return r;
  }
  if (reads_ < 2) {
    r.unavailable_reason = "no read after the first succeeded" +
                           (first_failure_.empty() ? std::string() : ": " + first_failure_);
    return r;
  }
  if (exact_total_.value_or(joules_) == 0) {
    r.unavailable_reason =
        fmt::format("{} over {:.3g} s ({} reads)", zero_reason, r.duration_s, reads_);
    return r;
  }
  r.joules = exact_total_.value_or(joules_);
  if (r.duration_s > 0) r.mean_power_w = *r.joules / r.duration_s;
  r.peak_power_w = peak_sensor_w_ ? peak_sensor_w_ : peak_interval_w_;
  return r;
}

void CounterSensor::start(double t_s) {
  previous_.reset();
  total_units_ = 0;
  const CounterValue v = read_counter();
  if (!v.value) {
    track_.begin_failed(v.error);
    return;
  }
  previous_ = v.value;
  track_.begin(t_s, plausible_side_power());
}

std::optional<double> CounterSensor::plausible_side_power() {
  const std::optional<double> w = read_side_power_w();
  // A power reading the device could not draw is no peak; the counter's energy stands alone.
  if (w && !(*w >= 0 && *w <= plausible_max_power_w(info_))) return std::nullopt;
  return w;
}

void CounterSensor::read_and_add(double t_s) {
  if (!track_.started()) return;
  const CounterValue v = read_counter();
  if (!v.value) {
    track_.add_failure(v.error);
    return;
  }
  const std::optional<double> side_power = plausible_side_power();
  const double elapsed = t_s - track_.last_time();
  const double max_w = plausible_max_power_w(info_);
  const CounterStep step =
      classify_counter_step(*previous_, *v.value, max_range_, elapsed, units_per_joule_, max_w);
  using Kind = CounterStep::Kind;
  switch (step.kind) {
    case Kind::noise:
      // The baseline stays at the higher value, so the jitter is not counted twice.
      track_.add(t_s, 0.0, side_power);
      return;
    case Kind::reset: {
      const auto wrapped = counter_delta(*previous_, *v.value, max_range_);
      track_.invalidate(fmt::format(
          "the counter went backwards from {} to {}{}", *previous_, *v.value,
          !max_range_ ? std::string(" (driver reloaded or counter reset)")
          : wrapped
              ? fmt::format(": a reset, not a wrap-around (a wrap would mean {} J in {} s, "
                            "beyond the {} W this device can draw)",
                            format_significant(static_cast<double>(*wrapped) / units_per_joule_, 4),
                            format_significant(elapsed, 3), format_significant(max_w, 4))
              : std::string(" beyond its max_energy_range_uj")));
      previous_ = v.value;
      return;
    }
    case Kind::implausible: {
      const double joules = static_cast<double>(step.units) / units_per_joule_;
      track_.add_rejected(fmt::format("+{} J in {} s, beyond the {} W this device can draw",
                                      format_significant(joules, 4), format_significant(elapsed, 3),
                                      format_significant(max_w, 4)));
      previous_ = v.value;
      track_.add(t_s, 0.0, side_power);
      return;
    }
    case Kind::wrap:
      track_.add_wrap();
      break;
    case Kind::increase:
      break;
  }
  previous_ = v.value;
  if (__builtin_add_overflow(total_units_, step.units, &total_units_)) {
    track_.invalidate("the counter's total over the run overflows 64 bits");
    return;
  }
  track_.add(t_s, static_cast<double>(step.units) / units_per_joule_, side_power);
}

void CounterSensor::sample(double t_s) {
  read_and_add(t_s);
}

SensorReading CounterSensor::stop(double t_s) {
  read_and_add(t_s);
  track_.set_total_joules(static_cast<double>(total_units_) / units_per_joule_);
  return track_.finish(info_, "the energy counter did not change");
}

void PowerIntegratingSensor::start(double t_s) {
  previous_w_.reset();
  const PowerValue v = read_power();
  if (!v.watts) {
    track_.begin_failed(v.error);
    return;
  }
  if (const double max_w = plausible_max_power_w(info_); !(*v.watts >= 0 && *v.watts <= max_w)) {
    track_.begin_failed(fmt::format("a power reading of {} W, beyond the {} W this device can draw",
                                    format_significant(*v.watts, 4), format_significant(max_w, 4)));
    return;
  }
  previous_w_ = v.watts;
  previous_t_ = t_s;
  track_.begin(t_s, v.watts);
}

void PowerIntegratingSensor::read_and_add(double t_s) {
  if (!track_.started()) return;
  const PowerValue v = read_power();
  if (!v.watts) {
    track_.add_failure(v.error);
    return;
  }
  if (const double max_w = plausible_max_power_w(info_); !(*v.watts >= 0 && *v.watts <= max_w)) {
    track_.add_failure(fmt::format("a power reading of {} W, beyond the {} W this device can draw",
                                   format_significant(*v.watts, 4), format_significant(max_w, 4)));
    return;
  }
  track_.add(t_s, trapezoid_joules(previous_t_, *previous_w_, t_s, *v.watts), v.watts);
  previous_w_ = v.watts;
  previous_t_ = t_s;
}

void PowerIntegratingSensor::sample(double t_s) {
  read_and_add(t_s);
}

SensorReading PowerIntegratingSensor::stop(double t_s) {
  read_and_add(t_s);
  return track_.finish(info_, "every power reading was 0 W");
}

}  // namespace infergy::measure
