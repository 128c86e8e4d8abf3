#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "infergy/energy.hpp"
#include "infergy/error.hpp"

namespace infergy::energy {

namespace {

RooflineParams gpu_defaults() {
  // Calibrated against the measured RTX 4090 throughput of 1,627 timm models
  // (bench/calibrate_roofline.py, docs/estimators.md): the typical pair (0.35, 0.20) minimises
  // the median |log10(predicted/measured)| over a 0.05 grid (0.095, a factor 1.24); low and
  // high scale it by the 10th and 90th percentiles of measured/predicted (0.737 and 1.834), so
  // 80% of the models' throughputs fall inside the range.
  RooflineParams p;
  p.eta_compute = {0.26, 0.35, 0.64};
  p.eta_memory = {0.15, 0.20, 0.37};
  p.power_fraction = {0.5, 0.8, 1.0};
  return p;
}

RooflineParams cpu_defaults() {
  // Fitted on ONNX Runtime's CPU provider, 7 models x batch 1/8/32 on both cores of the Zen 4
  // guest infergy is built on, at the boost clock and read bandwidth probe_cpu.cpp measured
  // (bench/cpu_roofline, docs/estimators.md): the typical pair (0.98, 0.95) minimises the median
  // |log10 error| over a 0.01 grid (0.009, a factor 1.02); low and high scale it by the 90th and
  // 10th percentiles of measured/predicted time (1.459, 0.979), and the worst case also drops to
  // the base clock. Power: no CPU meter was at hand (no RAPL in the guest), so the fraction of
  // TDP is the vendors' sustained limit, 1.0 (Intel PL1 = processor base power), up to AMD's
  // package power tracking limit, 1.35 x TDP.
  RooflineParams p;
  p.eta_compute = {0.67, 0.98, 1.0};
  p.eta_memory = {0.65, 0.95, 0.97};
  p.power_fraction = {0.5, 1.0, 1.35};
  return p;
}

}  // namespace

RooflineParams default_roofline_params() {
  return default_roofline_params(RooflineClass::gpu);
}

RooflineClass roofline_class(hw::HardwareKind kind) {
  return kind == hw::HardwareKind::cpu ? RooflineClass::cpu : RooflineClass::gpu;
}

std::string_view to_string(RooflineClass c) {
  return c == RooflineClass::cpu ? "cpu" : "gpu";
}

RooflineParams default_roofline_params(RooflineClass c) {
  if (c == RooflineClass::cpu) return cpu_defaults();
  return gpu_defaults();
}

RooflineParams roofline_params(const hw::HardwareSpec& hw, const RooflineOverrides& overrides) {
  RooflineParams p = default_roofline_params(roofline_class(hw.kind));
  if (overrides.eta_compute) p.eta_compute = *overrides.eta_compute;
  if (overrides.eta_memory) p.eta_memory = *overrides.eta_memory;
  if (overrides.power_fraction) p.power_fraction = *overrides.power_fraction;
  return p;
}

namespace {

void check_range(const Range& r, std::string_view what, double max) {
  if (!(r.low > 0 && r.low <= r.typical && r.typical <= r.high && r.high <= max)) {
    throw usage_error(
        fmt::format("{} must satisfy 0 < low <= typical <= high <= {} (got {}, {}, {})", what, max,
                    r.low, r.typical, r.high));
  }
}

struct Peaks {
  double matrix_flops = 0;  // FLOP/s for matrix work
  double vector_flops = 0;  // FLOP/s for everything else
  double bandwidth = 0;     // bytes/s
};

// Vector work at fp16/bf16/int8 falls back to the widest vector path the hardware has when it
// has no vector unit at that precision (CPUs without fp16 FMA run it at fp32).
Peaks peaks_for(const hw::HardwareSpec& hw, Precision p, double clock) {
  Peaks peaks;
  const auto matrix = hw.best_peak_tflops(p);
  auto vector = hw.peak_tflops(p, hw::ComputeUnit::vector);
  if (!vector) {
    for (Precision wider : {Precision::fp32, Precision::fp64}) {
      if ((vector = hw.peak_tflops(wider, hw::ComputeUnit::vector))) break;
    }
  }
  peaks.matrix_flops = matrix.value_or(0) * 1e12 * clock;
  peaks.vector_flops = vector.value_or(matrix.value_or(0)) * 1e12 * clock;
  peaks.bandwidth = hw.memory_bw_gbs.value_or(0) * 1e9;
  return peaks;
}

double item_seconds(const Work& w, const Peaks& peaks, double eta_c, double eta_m, bool* memory) {
  const double flop_rate =
      (w.kind == WorkKind::matrix ? peaks.matrix_flops : peaks.vector_flops) * eta_c;
  const double compute = w.flops / flop_rate;
  const double transfer = w.bytes / (peaks.bandwidth * eta_m);
  if (memory) *memory = transfer > compute;
  return std::max(compute, transfer);
}

}  // namespace

void check_roofline_params(const RooflineParams& params) {
  check_range(params.eta_compute, "compute efficiency", 1.0);
  check_range(params.eta_memory, "memory efficiency", 1.0);
  check_range(params.power_fraction, "power fraction", 1.5);
}

void check_roofline_overrides(const RooflineOverrides& overrides) {
  if (overrides.eta_compute) check_range(*overrides.eta_compute, "compute efficiency", 1.0);
  if (overrides.eta_memory) check_range(*overrides.eta_memory, "memory efficiency", 1.0);
  if (overrides.power_fraction) check_range(*overrides.power_fraction, "power fraction", 1.5);
}

std::optional<std::string> roofline_unavailable(const hw::HardwareSpec& hw, Precision precision) {
  if (!hw.best_peak_tflops(precision)) {
    std::vector<std::string> have;
    for (Precision q : hw.precisions()) have.emplace_back(to_string(q));
    return fmt::format("{} has no {} peak; it has: {}", hw.id, to_string(precision),
                       have.empty() ? "none" : fmt::format("{}", fmt::join(have, ", ")));
  }
  if (!hw.memory_bw_gbs) {
    return fmt::format(
        "{} has no memory bandwidth in the catalogue, which the roofline needs (use --method "
        "study, or add memory_bw_gbs in a --hardware-file)",
        hw.id);
  }
  return std::nullopt;
}

RooflineEstimate estimate_roofline(const Workload& work, const hw::HardwareSpec& hw,
                                   Precision precision, const RooflineParams& params) {
  check_roofline_params(params);
  if (work.batch < 1 || work.items.empty()) {
    throw usage_error(fmt::format("{}: nothing to estimate (no counted work)", work.name));
  }
  if (auto why = roofline_unavailable(hw, precision)) throw input_error(*why);
  // A CPU computes at its boost clock while it can; the worst case falls back to the base clock
  // the vendor guarantees (a power- or heat-limited part).
  const Peaks peaks = peaks_for(hw, precision, hw.boost_factor());
  const Peaks base_clock = peaks_for(hw, precision, 1.0);
  RooflineEstimate e;
  e.clock_factor = hw.boost_factor();
  e.calibration = roofline_class(hw.kind);
  e.params = params;
  e.peak_matrix_tflops = peaks.matrix_flops / 1e12;
  e.peak_vector_tflops = peaks.vector_flops / 1e12;
  e.bandwidth_gbs = peaks.bandwidth / 1e9;
  e.ridge_flops_per_byte = (peaks.matrix_flops * params.eta_compute.typical) /
                           (peaks.bandwidth * params.eta_memory.typical);

  // Best case: high efficiencies give the shortest time; worst case: low ones.
  double best = 0, typical = 0, worst = 0, memory_time = 0;
  for (const auto& w : work.items) {
    bool memory = false;
    const double t =
        item_seconds(w, peaks, params.eta_compute.typical, params.eta_memory.typical, &memory);
    typical += t;
    if (memory) memory_time += t;
    best += item_seconds(w, peaks, params.eta_compute.high, params.eta_memory.high, nullptr);
    worst += item_seconds(w, base_clock, params.eta_compute.low, params.eta_memory.low, nullptr);
    const double bytes = w.bytes;
    e.items.push_back({w.name, memory, t, bytes > 0 ? w.flops / bytes : 0.0});
  }
  if (!(best > 0)) {
    throw input_error(
        fmt::format("{}: nothing to estimate (the counted work moves no bytes and "
                    "does no arithmetic)",
                    work.name));
  }
  const auto batch = static_cast<double>(work.batch);
  e.batch_seconds = {best, typical, worst};
  e.inferences_per_second = {batch / worst, batch / typical, batch / best};
  e.joules_per_inference = {best * hw.tdp_w * params.power_fraction.low / batch,
                            typical * hw.tdp_w * params.power_fraction.typical / batch,
                            worst * hw.tdp_w * params.power_fraction.high / batch};
  e.memory_bound_time_share = typical > 0 ? memory_time / typical : 0;
  // Extreme hardware figures (a subnormal peak, a bandwidth of 1e308) overflow the arithmetic:
  // an estimate that is not a number is an error naming the device, never "inf J" or "nan".
  const auto positive = [](double v) { return std::isfinite(v) && v > 0; };
  const auto require = [&](bool ok, std::string_view what) {
    if (ok) return;
    throw input_error(fmt::format(
        "{}: the roofline {} of {} is not a finite, positive number (peaks {:g}/{:g} TFLOPS, "
        "{:g} GB/s, TDP {:g} W: out of any device's range?)",
        hw.id, what, work.name, e.peak_matrix_tflops, e.peak_vector_tflops, e.bandwidth_gbs,
        hw.tdp_w));
  };
  require(positive(peaks.matrix_flops) && positive(peaks.vector_flops) && positive(peaks.bandwidth),
          "peak");
  for (const auto& [what, r] :
       {std::pair{"latency", e.batch_seconds}, std::pair{"throughput", e.inferences_per_second},
        std::pair{"energy per inference", e.joules_per_inference}}) {
    require(positive(r.low) && positive(r.typical) && positive(r.high), what);
  }
  return e;
}

RooflineEstimate estimate_roofline(const Workload& work, const hw::HardwareSpec& hw,
                                   Precision precision) {
  return estimate_roofline(work, hw, precision, roofline_params(hw, {}));
}

}  // namespace infergy::energy
