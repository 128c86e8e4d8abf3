#include <fmt/format.h>

#include <cmath>

#include "infergy/energy.hpp"
#include "infergy/error.hpp"

namespace infergy::energy {

namespace {

std::string available(const hw::HardwareSpec& hw) {
  std::vector<std::string> names;
  for (Precision p : hw.precisions()) {
    std::string units;
    if (hw.peak_tflops(p, hw::ComputeUnit::vector)) units += "vector";
    if (hw.peak_tflops(p, hw::ComputeUnit::matrix)) units += units.empty() ? "matrix" : "+matrix";
    names.push_back(fmt::format("{} ({})", to_string(p), units));
  }
  return names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

double study_joules(double flops_per_inference, double gflops_per_watt) {
  if (!(gflops_per_watt > 0)) {
    throw internal_error(fmt::format("GFLOPS/W must be positive (got {})", gflops_per_watt));
  }
  const double joules = flops_per_inference / (gflops_per_watt * 1e9);
  // A subnormal efficiency (a peak of 5e-324 TFLOPS) divides to infinity, an infinite one (1e308
  // TFLOPS) to zero: say so, never "inf J" or "0 J".
  if (!std::isfinite(joules) || !std::isfinite(gflops_per_watt) ||
      (joules == 0 && flops_per_inference > 0)) {
    throw input_error(fmt::format(
        "the study estimate is not a finite number: {:g} FLOPs at {:g} GFLOPS/W (a peak or TDP "
        "out of any device's range?)",
        flops_per_inference, gflops_per_watt));
  }
  return joules;
}

std::optional<PeakUnit> parse_peak_unit(std::string_view text) {
  if (text == "best") return PeakUnit::best;
  if (text == "vector") return PeakUnit::vector;
  if (text == "matrix") return PeakUnit::matrix;
  return std::nullopt;
}

namespace {

struct Choice {
  std::optional<double> efficiency;  // GFLOPS/W
  hw::ComputeUnit unit = hw::ComputeUnit::vector;
};

Choice choose(const hw::HardwareSpec& hw, Precision precision, PeakUnit unit) {
  const auto vector = hw.gflops_per_watt(precision, hw::ComputeUnit::vector);
  const auto matrix = hw.gflops_per_watt(precision, hw::ComputeUnit::matrix);
  switch (unit) {
    case PeakUnit::vector:
      return {vector, hw::ComputeUnit::vector};
    case PeakUnit::matrix:
      return {matrix, hw::ComputeUnit::matrix};
    case PeakUnit::best:
      break;
  }
  if (matrix && (!vector || *matrix >= *vector)) return {matrix, hw::ComputeUnit::matrix};
  return {vector, hw::ComputeUnit::vector};
}

}  // namespace

std::optional<std::string> study_unavailable(const hw::HardwareSpec& hw, Precision precision,
                                             PeakUnit unit) {
  if (choose(hw, precision, unit).efficiency) return std::nullopt;
  return fmt::format(
      "{} has no {}{} peak; it has: {}", hw.id, to_string(precision),
      unit == PeakUnit::best ? "" : (unit == PeakUnit::vector ? " vector" : " matrix"),
      available(hw));
}

StudyEstimate estimate_study(double flops_per_inference, const hw::HardwareSpec& hw,
                             Precision precision, PeakUnit unit) {
  if (auto why = study_unavailable(hw, precision, unit)) throw input_error(*why);
  const Choice c = choose(hw, precision, unit);
  try {
    return {*c.efficiency, study_joules(flops_per_inference, *c.efficiency), c.unit};
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::input) throw;
    throw input_error(fmt::format("{}: {}", hw.id, e.what()));
  }
}

}  // namespace infergy::energy
