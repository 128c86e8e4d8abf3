#include "infergy/hw_filter.hpp"
#include "infergy/text.hpp"

namespace infergy::hw {

bool passes(const HardwareSpec& row, const CatalogueFilter& f) {
  if (f.kind && row.kind != *f.kind) return false;
  if (!f.vendor.empty() && !iequals(row.vendor, f.vendor)) return false;
  if (f.since && row.release < *f.since) return false;
  if (f.until && row.release > *f.until) return false;
  const auto at_least = [](std::optional<double> value, std::optional<double> bound) {
    return !bound || (value && *value >= *bound);
  };
  if (!at_least(row.memory_gb, f.min_memory_gb)) return false;
  if (!at_least(row.memory_bw_gbs, f.min_bandwidth_gbs)) return false;
  for (const auto& floor : f.min_peaks) {
    if (!at_least(row.best_peak_tflops(floor.precision), floor.tflops)) return false;
  }
  return true;
}

std::vector<const HardwareSpec*> filter_rows(const Catalogue& catalogue,
                                             const CatalogueFilter& filter) {
  std::vector<const HardwareSpec*> out;
  for (const auto& row : catalogue.all()) {
    if (passes(row, filter)) out.push_back(&row);
  }
  return out;
}

}  // namespace infergy::hw
