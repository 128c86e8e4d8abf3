// Energy, time, carbon and cost of an inference on a given piece of hardware.
//
// Two estimators behind one vocabulary:
//  - study:    E = FLOPs / (peak FLOP/s at the precision / TDP). Exactly the formula of
//              Desislavov et al. (2021/2023); nothing added.
//  - roofline: per work item t = max(FLOPs / (peak × η_compute), bytes / (bandwidth × η_memory)),
//              E = Σ t × TDP × power fraction. Weights are read once per batch, so a larger
//              batch moves nodes from memory-bound to compute-bound. Efficiencies and the power
//              fraction come as low/typical/high, so the result is a range.
// and the multiplicative factor (footprint): joules per inference × PUE × inferences per day →
// kWh/day, MWh/year, t CO2e/year and cost/year, with sourced defaults from data/references.csv.
//
// One call gives every figure `infergy estimate` prints; one more ranks a catalogue:
//
//   infergy::Analysis a = infergy::analyze_file("resnet50.onnx", {.batch = 32});
//   infergy::energy::Workload work = infergy::energy::workload_from_analysis(a);  // batch 32
//   auto gpus = infergy::hw::Catalogue::builtin("data");
//   infergy::energy::EstimateOptions o{.precision = infergy::Precision::fp16,
//                                      .footprint = infergy::energy::footprint_defaults("data")};
//   infergy::energy::Estimate e = infergy::energy::estimate(work, gpus.get("a100-sxm4-40gb"), o);
//   if (e.roofline) fmt::print("{} J\n", e.roofline->joules_per_inference.typical);
//   infergy::energy::Ranking r = infergy::energy::rank(work, gpus.all(), o);  // fewest J first
//
// A Workload is any list of work items with a batch: one per counted node of an analysis, one for
// a model known by its numbers, or whatever another estimator (an LLM's prefill and decode
// steps) builds; estimate(), footprint() and the ranges serve them all alike.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/datasets.hpp"
#include "infergy/hw.hpp"
#include "infergy/precision.hpp"
#include "infergy/table.hpp"

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

/// One item per counted node of an analysis, at the analysis's batch (Analysis::batch: the
/// inferences in the pass its totals count) and precision. Matrix kind for the conv, matmul,
/// attention and recurrent families.
Workload workload_from_analysis(const Analysis& analysis);

/// The study's way: a model known only by its numbers. GFLOPs per inference; optional
/// parameters and activations (millions of elements, as timm's benchmark reports them). Bytes
/// per batch = parameters × size (read once) + activations × size × 2 × batch (each activation
/// written once and read once). Throws usage_error on non-positive or non-finite numbers.
Workload workload_from_numbers(const std::string& name, double gflops_per_inference,
                               std::optional<double> params_m, std::optional<double> activations_m,
                               std::int64_t batch, Precision precision);

/// The same for a row of a --table file; its batch, else `batch`.
Workload workload_from_numbers(const ModelNumbers& model, std::int64_t batch, Precision precision);

/// Which peak the study estimator divides by.
enum class PeakUnit { best, vector, matrix };
/// "best", "vector" or "matrix"; nullopt otherwise.
std::optional<PeakUnit> parse_peak_unit(std::string_view text);

struct StudyEstimate {
  double gflops_per_watt = 0;       // the hardware's efficiency used
  double joules_per_inference = 0;  // FLOPs / (GFLOPS/W × 1e9)
  hw::ComputeUnit unit = hw::ComputeUnit::vector;
};

/// Why the study estimator cannot run on `hw`: no peak at `precision` on the asked unit (the
/// text names the precisions it has); nullopt when it can.
std::optional<std::string> study_unavailable(const hw::HardwareSpec& hw, Precision precision,
                                             PeakUnit unit = PeakUnit::best);

/// The study's estimator. Throws input_error with study_unavailable's text when it cannot run.
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
/// The defaults calibrated on GPUs (the RTX 4090 file, bench/calibrate_roofline.py).
RooflineParams default_roofline_params();

/// Whose measurements a device's default efficiencies come from: GPUs and accelerators take the
/// RTX 4090 calibration, CPUs the ONNX Runtime CPU one (bench/cpu_roofline); docs/estimators.md
/// gives the evidence that the two differ.
enum class RooflineClass { gpu, cpu };
RooflineClass roofline_class(hw::HardwareKind kind);
/// "gpu" or "cpu".
std::string_view to_string(RooflineClass c);
/// The calibrated defaults of a class.
RooflineParams default_roofline_params(RooflineClass c);

/// Efficiencies a user fixed; the others come from the device's class (roofline_params).
struct RooflineOverrides {
  std::optional<Range> eta_compute;
  std::optional<Range> eta_memory;
  std::optional<Range> power_fraction;
};
/// The class defaults of `hw`, with the overrides in their place.
RooflineParams roofline_params(const hw::HardwareSpec& hw, const RooflineOverrides& overrides);
/// Usage error for an override that check_roofline_params would refuse.
void check_roofline_overrides(const RooflineOverrides& overrides);

/// Usage error unless 0 < low <= typical <= high <= 1 for the efficiencies (<= 1.5 for the power
/// fraction, which may exceed TDP briefly).
void check_roofline_params(const RooflineParams& params);

struct NodeBound {
  std::string name;
  bool memory_bound = false;
  double seconds = 0;    // at typical efficiencies
  double intensity = 0;  // FLOPs per byte
};

struct RooflineEstimate {
  double peak_matrix_tflops = 0;  // the peaks used (a CPU's at its boost clock)
  double peak_vector_tflops = 0;
  double clock_factor = 1;  // peaks used / catalogue peaks (HardwareSpec::boost_factor)
  RooflineClass calibration = RooflineClass::gpu;  // whose defaults filled the efficiencies
  RooflineParams params;                           // the efficiencies used
  double bandwidth_gbs = 0;
  double ridge_flops_per_byte = 0;  // peak matrix (or vector) FLOP/s ÷ bandwidth, at typical η
  Range batch_seconds;              // latency lower bound of one batch (low = best case)
  Range inferences_per_second;      // throughput upper bound
  Range joules_per_inference;
  double memory_bound_time_share = 0;  // of the typical time, spent in memory-bound items
  std::vector<NodeBound> items;        // per work item, typical case
};

/// Why the roofline cannot run on `hw`: no peak at `precision`, or no memory bandwidth (the text
/// says what it has and what to do); nullopt when it can.
std::optional<std::string> roofline_unavailable(const hw::HardwareSpec& hw, Precision precision);

/// The roofline estimator. Throws input_error with roofline_unavailable's text when it cannot
/// run, usage_error for inconsistent parameters or a workload without work. A CPU row with a
/// boost clock computes at it (HardwareSpec::boost_factor).
RooflineEstimate estimate_roofline(const Workload& work, const hw::HardwareSpec& hw,
                                   Precision precision, const RooflineParams& params);
/// The same with the efficiencies of the device's class.
RooflineEstimate estimate_roofline(const Workload& work, const hw::HardwareSpec& hw,
                                   Precision precision);

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

/// The sourced defaults, from `data_dir`/references.csv: world grid intensity 2023 (Ember), US
/// commercial electricity price 2023 (EIA), industry-average PUE 2024 (Uptime Institute), in USD.
FootprintParams footprint_defaults(const std::filesystem::path& data_dir);

/// Usage error for a PUE outside [1, 5], a grid intensity outside [0, 2000] g/kWh, a price
/// outside [0, 100) per kWh or inferences per day that are negative or not finite.
void check_footprint(const FootprintParams& params, double inferences_per_day);

/// The multiplicative factor: device joules per inference × PUE × inferences per day. Checks
/// its parameters (check_footprint).
Footprint footprint(double device_joules_per_inference, double inferences_per_day,
                    const FootprintParams& params);

/// The footprint at each bound of a range of device joules (low: the best case).
struct FootprintRange {
  Footprint low, typical, high;
};
FootprintRange footprint(const Range& device_joules_per_inference, double inferences_per_day,
                         const FootprintParams& params);

// ---------------------------------------------------------------------------------------------
// Everything at once: the methods asked for on one device, and a ranking over many.

/// Which estimators to run.
struct Methods {
  bool study = true;
  bool roofline = true;
};
/// "study", "roofline" or "both"; nullopt otherwise.
std::optional<Methods> parse_methods(std::string_view text);

struct EstimateOptions {
  Precision precision = Precision::fp32;
  Methods methods;
  PeakUnit study_unit = PeakUnit::best;
  RooflineOverrides roofline;     // unset: each device's class defaults
  FootprintParams footprint;      // footprint_defaults() gives the sourced ones
  double inferences_per_day = 0;  // 0: no yearly figures (kWh per day and on are then 0)
};

/// Every figure of one workload on one device. A method asked for that cannot run on the
/// device (no peak at the precision, no bandwidth) leaves its estimate empty and says why.
struct Estimate {
  std::string workload;  // the workload's name
  std::int64_t batch = 1;
  double flops_per_inference = 0;
  double bytes_per_batch = 0;
  hw::HardwareSpec hardware;
  Precision precision = Precision::fp32;
  Methods methods;  // the methods asked for
  double inferences_per_day = 0;
  FootprintParams footprint_params;

  std::optional<StudyEstimate> study;
  std::optional<Footprint> study_footprint;
  std::optional<RooflineEstimate> roofline;
  std::optional<FootprintRange> roofline_footprint;
  std::string study_unavailable;  // why `study` is empty although asked for
  std::string roofline_unavailable;

  /// Every method asked for ran.
  bool complete() const;
  /// The first reason a method asked for did not run ("" when complete).
  std::string unavailable() const;
  /// What a ranking orders by: the roofline's typical joules when it ran, else the study's.
  double ranking_joules() const;
  /// The footprint of ranking_joules().
  const Footprint& ranking_footprint() const;
};

/// Runs the methods asked for. Usage errors for inconsistent options (check_footprint, roofline
/// ranges); a device that cannot run a method is a value (Estimate::unavailable), not an error.
Estimate estimate(const Workload& work, const hw::HardwareSpec& hw, const EstimateOptions& options);

/// The devices that can run every method asked for, by ranking_joules (fewest first; ties keep
/// the devices' order), and the others with why.
struct Ranking {
  std::vector<Estimate> ranked;
  std::vector<Estimate> skipped;
};
Ranking rank(const Workload& work, const std::vector<hw::HardwareSpec>& devices,
             const EstimateOptions& options);

// ---------------------------------------------------------------------------------------------
// Rendering: what `infergy estimate` prints, and the pieces another estimator's report reuses.

/// 4 significant digits in the unit that fits: "69.60 mJ", "14.48 µg", "8.261 ms".
std::string format_joules(double joules);
std::string format_grams(double grams);
std::string format_seconds(double seconds);
/// "22.20 mJ (7.585 mJ – 37.34 mJ)": typical (low – high).
std::string format_range(const Range& range, std::string (*unit)(double));

/// One column of footprint figures: a single footprint (the study's), or a range shown as
/// typical (low – high).
struct FootprintColumn {
  std::optional<Footprint> single;
  std::optional<FootprintRange> range;
};
/// Appends the rows "energy at the wall (× PUE)", "<per>s per kWh", "CO2e per <per>" and, when
/// inferences_per_day > 0, "kWh per day", "MWh per year", "t CO2e per year" and "cost per year
/// (<currency>)": a label, then one cell per column ("" for an empty column). `per` names one
/// unit of work: "inference", "token".
void add_footprint_rows(Table& table, const std::vector<FootprintColumn>& columns,
                        double inferences_per_day, const std::string& currency,
                        const std::string& per = "inference");

struct EstimateRenderOptions {
  OutputFormat format = OutputFormat::table;
  bool per_node = false;               // the roofline bound of every work item
  std::optional<std::int64_t> params;  // counted in the model file, shown in JSON
};
/// One estimate in the chosen format; text and Markdown end with the methods' formulas.
std::string render(const Estimate& estimate, const EstimateRenderOptions& options);
/// A ranking, one row per device ranked (fewest joules first).
std::string render(const Ranking& ranking, OutputFormat format);
/// Many workloads on one device (estimate --table), one row each, exact numbers.
std::string render_rows(const std::vector<Estimate>& estimates, OutputFormat format);

/// What a measurement found for the device of an estimate (measure --compare), per inference.
struct MeasuredEnergy {
  std::string domains;  // the sensors summed: "gpu", "cpu+dram"; "" when none matched
  std::optional<double> joules_per_inference;
  std::optional<double> net_joules_per_inference;  // less the idle baseline
  double inferences_per_second = 0;                // over the whole command
};
/// The measurement beside the estimate: a table of joules per inference and measured / estimate
/// ratios (text, Markdown), or the JSON object `measure` puts under "compare".
std::string render_comparison(const Estimate& estimate, const MeasuredEnergy& measured,
                              OutputFormat format);

}  // namespace infergy::energy
