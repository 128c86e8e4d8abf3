// estimate() and rank(): the methods asked for on one device, with their footprints, and the
// ordering of many devices by joules per inference.
#include <algorithm>

#include "infergy/energy.hpp"
#include "infergy/error.hpp"

namespace infergy::energy {

std::optional<Methods> parse_methods(std::string_view text) {
  if (text == "study") return Methods{true, false};
  if (text == "roofline") return Methods{false, true};
  if (text == "both") return Methods{true, true};
  return std::nullopt;
}

bool Estimate::complete() const {
  return (!methods.study || study) && (!methods.roofline || roofline);
}

std::string Estimate::unavailable() const {
  if (methods.study && !study) return study_unavailable;
  if (methods.roofline && !roofline) return roofline_unavailable;
  return {};
}

double Estimate::ranking_joules() const {
  if (roofline) return roofline->joules_per_inference.typical;
  if (study) return study->joules_per_inference;
  throw internal_error(hardware.id + ": no estimate to rank by");
}

const Footprint& Estimate::ranking_footprint() const {
  if (roofline_footprint) return roofline_footprint->typical;
  if (study_footprint) return *study_footprint;
  throw internal_error(hardware.id + ": no footprint to rank by");
}

Estimate estimate(const Workload& work, const hw::HardwareSpec& hw,
                  const EstimateOptions& options) {
  check_footprint(options.footprint, options.inferences_per_day);
  if (options.methods.roofline) check_roofline_overrides(options.roofline);
  if (!options.methods.study && !options.methods.roofline) {
    throw usage_error("no estimator asked for (study, roofline or both)");
  }
  Estimate e;
  e.workload = work.name;
  e.batch = work.batch;
  e.flops_per_inference = work.flops_per_inference();
  e.bytes_per_batch = work.bytes();
  e.hardware = hw;
  e.precision = options.precision;
  e.methods = options.methods;
  e.inferences_per_day = options.inferences_per_day;
  e.footprint_params = options.footprint;
  const double per_day = options.inferences_per_day;
  if (options.methods.study) {
    if (auto why = study_unavailable(hw, options.precision, options.study_unit)) {
      e.study_unavailable = *why;
    } else {
      e.study = estimate_study(e.flops_per_inference, hw, options.precision, options.study_unit);
      e.study_footprint = footprint(e.study->joules_per_inference, per_day, options.footprint);
    }
  }
  if (options.methods.roofline) {
    if (auto why = roofline_unavailable(hw, options.precision)) {
      e.roofline_unavailable = *why;
    } else {
      e.roofline =
          estimate_roofline(work, hw, options.precision, roofline_params(hw, options.roofline));
      e.roofline_footprint =
          footprint(e.roofline->joules_per_inference, per_day, options.footprint);
    }
  }
  return e;
}

Ranking rank(const Workload& work, const std::vector<hw::HardwareSpec>& devices,
             const EstimateOptions& options) {
  Ranking r;
  for (const auto& device : devices) {
    Estimate e = estimate(work, device, options);
    (e.complete() ? r.ranked : r.skipped).push_back(std::move(e));
  }
  std::stable_sort(r.ranked.begin(), r.ranked.end(), [](const Estimate& a, const Estimate& b) {
    return a.ranking_joules() < b.ranking_joules();
  });
  return r;
}

}  // namespace infergy::energy
