// Selecting catalogue rows by kind, vendor, release date, memory, bandwidth and peak: what
// `infergy hw list` filters by, as a pure function over the catalogue.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "infergy/date.hpp"
#include "infergy/hw.hpp"
#include "infergy/precision.hpp"

namespace infergy::hw {

/// A lower bound on one precision's dense peak (the higher of vector and matrix).
struct PeakFloor {
  Precision precision = Precision::fp32;
  double tflops = 0;  // TOPS for integers
};

/// What `hw list` keeps: every condition given must hold (an unset one keeps every row). A row
/// without the figure a bound is on (no memory bandwidth, no fp16 peak) fails that bound.
struct CatalogueFilter {
  std::optional<HardwareKind> kind;
  std::string vendor;                // equal ignoring case; empty: any
  std::optional<Date> since, until;  // release date inside [since, until]
  std::optional<double> min_memory_gb;
  std::optional<double> min_bandwidth_gbs;
  std::vector<PeakFloor> min_peaks;
};
/// The rows of `catalogue` that pass, in catalogue order.
std::vector<const HardwareSpec*> filter_rows(const Catalogue& catalogue,
                                             const CatalogueFilter& filter);
/// Whether one row passes.
bool passes(const HardwareSpec& row, const CatalogueFilter& filter);

}  // namespace infergy::hw
