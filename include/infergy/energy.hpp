// Energy, time, carbon and cost of an inference on a given piece of hardware.
//
// Two estimators behind one vocabulary:
//  - study:    E = FLOPs / (peak FLOP/s at the precision / TDP). Exactly the formula of
//              Desislavov et al. (2021/2023); nothing added.
//  - roofline: per node t = max(FLOPs / (peak × η_compute), bytes / (bandwidth × η_memory)),
//              E = Σ t × TDP × power fraction. Weights are read once per batch, so a larger
//              batch moves nodes from memory-bound to compute-bound. Efficiencies and the power
//              fraction come as low/typical/high, so the result is a range.
// and the multiplicative factor: joules per inference × inferences per day → kWh/day, MWh/year,
// t CO2e/year and cost/year.
//
//   auto analysis = infergy::analyze_file("resnet50.onnx", {.batch = 32});
//   auto work = infergy::energy::workload_from_analysis(analysis, 32);
//   const auto& gpu = catalogue.get("a100-sxm4-40gb");
//   auto study = infergy::energy::estimate_study(work, gpu, Precision::fp16);
//   auto roof = infergy::energy::estimate_roofline(work, gpu, Precision::fp16);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/hw.hpp"
#include "infergy/precision.hpp"

namespace infergy {
struct Analysis;
}

namespace infergy::energy {

/// A value known only within bounds: the best case, the expected case, the worst case.
struct Range {
  double low = 0;
  double typical = 0;
  double high = 0;
};

/// Which execution unit a piece of work runs on: matrix products on tensor/matrix units when the
/// hardware has them at the precision, everything else on vector units.
enum class WorkKind { matrix, vector };

/// One piece of work: a node of a model, or a whole model when only totals are known.
struct Work {
  std::string name;
  WorkKind kind = WorkKind::matrix;
  double flops = 0;  // for the whole batch
  double bytes = 0;  // moved to and from memory for the whole batch
};

/// What the estimators need to know of a model run: its work items for one batch.
struct Workload {
  std::string name;
  std::int64_t batch = 1;  // inferences per pass
  std::vector<Work> items;

  double flops() const;  // Σ over items, for the batch
  double bytes() const;
  double flops_per_inference() const { return flops() / static_cast<double>(batch); }
};

/// One item per counted node of an analysis made at batch `batch` (bytes are taken at the
/// analysis's precision). Matrix kind for the conv, matmul, attention and recurrent families.
Workload workload_from_analysis(const Analysis& analysis, std::int64_t batch);

/// The study's way: a model known only by its numbers. GFLOPs per inference; optional
/// parameters and activations (millions of elements, as timm's benchmark reports them). Bytes
/// per batch = parameters × size (read once) + activations × size × 2 × batch (each activation
/// written once and read once). Throws usage_error on non-positive or non-finite numbers.
Workload workload_from_numbers(const std::string& name, double gflops_per_inference,
                               std::optional<double> params_m, std::optional<double> activations_m,
                               std::int64_t batch, Precision precision);

/// One row of a model table (`infergy estimate --table FILE`).
struct TableModel {
  std::string name;
  double gflops = 0;  // per inference
  Workload work;      // at the row's batch (its `batch` column, else the default)
};

/// Reads a model table: columns name, gflops or gmacs, and optionally params_m (or params),
/// activations_m (or activations), batch. Every problem is an input_error naming file:line:col.
std::vector<TableModel> parse_model_table(std::string_view text, const std::string& source,
                                          std::int64_t default_batch, Precision precision);

/// Which peak the study estimator divides by.
enum class PeakUnit { best, vector, matrix };

struct StudyEstimate {
  double gflops_per_watt = 0;       // the hardware's efficiency used
  double joules_per_inference = 0;  // FLOPs / (GFLOPS/W × 1e9)
  hw::ComputeUnit unit = hw::ComputeUnit::vector;
};

/// The study's estimator. Throws input_error when the hardware has no peak at `precision` on
/// the asked unit, naming the precisions it has.
StudyEstimate estimate_study(double flops_per_inference, const hw::HardwareSpec& hw,
                             Precision precision, PeakUnit unit = PeakUnit::best);

/// The same from GFLOPS/W directly (for hardware-at-date rules that already chose it).
double study_joules(double flops_per_inference, double gflops_per_watt);

/// Roofline parameters. Each is a fraction of the datasheet figure: η_compute of peak FLOP/s,
/// η_memory of peak bandwidth, power fraction of TDP drawn while running. The defaults and how
/// they were chosen are documented in docs/estimators.md.
struct RooflineParams {
  Range eta_compute;
  Range eta_memory;
  Range power_fraction;
};
RooflineParams default_roofline_params();

struct NodeBound {
  std::string name;
  bool memory_bound = false;
  double seconds = 0;    // at typical efficiencies
  double intensity = 0;  // FLOPs per byte
};

struct RooflineEstimate {
  double peak_matrix_tflops = 0;  // the peaks used
  double peak_vector_tflops = 0;
  double bandwidth_gbs = 0;
  double ridge_flops_per_byte = 0;  // peak matrix (or vector) FLOP/s ÷ bandwidth, at typical η
  Range batch_seconds;              // latency lower bound of one batch (low = best case)
  Range inferences_per_second;      // throughput upper bound
  Range joules_per_inference;
  double memory_bound_time_share = 0;  // of the typical time, spent in memory-bound items
  std::vector<NodeBound> items;        // per work item, typical case
};

/// The roofline estimator. Throws input_error when the hardware lacks a peak at `precision` or
/// a memory bandwidth (saying which it has).
RooflineEstimate estimate_roofline(const Workload& work, const hw::HardwareSpec& hw,
                                   Precision precision,
                                   const RooflineParams& params = default_roofline_params());

/// Where the energy is used and what it costs: grid carbon intensity, electricity price and the
/// data centre's power usage effectiveness. Defaults come from data/references.csv (sourced).
struct FootprintParams {
  double grid_g_co2e_per_kwh = 0;
  double price_per_kwh = 0;
  std::string currency = "USD";
  double pue = 1;
};

struct Footprint {
  double joules_per_inference = 0;  // at the wall: device joules × PUE
  double inferences_per_kwh = 0;
  double g_co2e_per_inference = 0;
  double kwh_per_day = 0;
  double mwh_per_year = 0;
  double t_co2e_per_year = 0;
  double cost_per_year = 0;
};

/// The multiplicative factor: device joules per inference × PUE × inferences per day.
Footprint footprint(double device_joules_per_inference, double inferences_per_day,
                    const FootprintParams& params);

}  // namespace infergy::energy
