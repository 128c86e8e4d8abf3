// The hardware catalogue: what a chip can do per second and per watt, at each precision.
//
// data/hardware.csv lists GPUs, TPUs and other accelerators, CPUs and edge modules from 2010 to
// today, one row per product, each with a release date, a board power (TDP), dense peak
// throughput per precision and per compute unit, memory size and bandwidth, and the sources the
// numbers came from (data/README.md, "hardware.csv", documents every column). The energy
// estimators ask it "how many GFLOPS per watt did the best card of 2017 give at FP16?".
//
// Conventions the numbers follow (and validation enforces where it can):
//  - Every peak is DENSE. Vendors quote "with sparsity" figures twice as high; those are never
//    stored. A matrix figure exactly twice what the row's wider-precision figures allow is
//    rejected as a sparse figure in disguise (see "Validation" below).
//  - `vector` is the SIMD / CUDA-core path (FMA counted as 2 FLOPs); `matrix` is the tensor /
//    matrix unit (NVIDIA tensor cores, AMD matrix cores, TPU MXUs, Intel AMX).
//  - The fp16 matrix figure is FP16 inputs with FP32 accumulate, the mode frameworks use for
//    mixed precision. GeForce cards run that mode at half their FP16-accumulate rate; their
//    datasheets quote the doubled FP16-accumulate figure, which the row's notes repeat.
//  - TFLOPS for floating point, TOPS for integers; GFLOPS/W = TFLOPS × 1000 / TDP.
//
// Validation (on every load, of shipped and user rows alike; src/hw/validate.cpp, one function
// per rule) checks:
//  - the cells: required and unknown columns, numbers and units (TDP 1-2000 W, peaks in
//    (0, 50000] TFLOPS, memory, bandwidth, clocks), release dates in 2008..today, unique ids,
//    names and aliases, sources that hold URLs;
//  - the physics of each kind: TDP, peak and bandwidth bounds per kind (an edge module at 5 kW is
//    a typo);
//  - the derivation, where a row gives `units`, `clock_ghz` and `ops_per_cycle`: every stated
//    peak equals units × clock × ops within 2%, and a matrix peak exactly twice its derivation is
//    reported as a "with sparsity" figure entered as dense; a `boost_ghz` only on CPU rows,
//    above their base clock (the peaks stay at the base clock; the roofline computes at boost);
//  - the ratios between precisions: FP64 ≤ FP32, FP16/BF16 vector ≥ FP32 vector and ≤ 4× it,
//    a vector figure below 32 bits under the matrix one at that precision (else it is the tensor
//    figure in the vector column), matrix figures no more than the operand-width ratio above
//    the wider ones (twice that is a sparse figure), half-precision matrix ≥ FP32.
// Some hardware departs from the usual ratios by design; such a row says so with an exemption
// token in its notes (kExemptSlowFp16Vector, kExemptHalfRateFp32Accumulate, kExemptMatrixRatio),
// and a token on a row that does not need it is an error too, so none lingers.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/date.hpp"
#include "infergy/precision.hpp"

namespace infergy::hw {

/// Which execution units a peak figure refers to.
enum class ComputeUnit {
  vector,  // SIMD lanes / CUDA cores / AVX: element-wise FMAs
  matrix,  // tensor cores, matrix cores, MXUs, AMX: small matrix products per instruction
};

enum class HardwareKind { server_gpu, desktop_gpu, workstation_gpu, edge, accelerator, cpu };

/// "server-gpu", "desktop-gpu", "workstation-gpu", "edge", "accelerator", "cpu" (the CSV spelling).
std::string_view to_string(HardwareKind kind);
/// Parses the CSV spelling (case-insensitive); nullopt otherwise.
std::optional<HardwareKind> parse_hardware_kind(std::string_view text);
/// All kinds, in the order above (for help texts and "did you mean").
const std::vector<HardwareKind>& all_hardware_kinds();

/// "vector" or "matrix".
std::string_view to_string(ComputeUnit unit);
/// Parses "vector" or "matrix" (case-insensitive; also "simd", "tensor").
std::optional<ComputeUnit> parse_compute_unit(std::string_view text);

/// The exemption tokens a row's notes may carry, each for a ratio rule the hardware breaks by
/// design (the rest of the note says why):
/// Vector FP16 slower than vector FP32 (Pascal GeForce/Quadro and P4/P40 run FP16 at 1/64 rate).
inline constexpr std::string_view kExemptSlowFp16Vector = "[exempt:slow-fp16-vector]";
/// Floating-point matrix math with FP32 accumulate at half the rate of the integer and FP4 paths
/// (GeForce tensor cores): integer and FP4 peaks are compared with twice the other float ones.
inline constexpr std::string_view kExemptHalfRateFp32Accumulate =
    "[exempt:half-rate-fp32-accumulate]";
/// Matrix precisions in a ratio no dense tensor unit of the usual kind gives (Groq's LPU: INT8 at
/// 4× FP16); the sparse-figure rule is not applied to the row.
inline constexpr std::string_view kExemptMatrixRatio = "[exempt:matrix-ratio]";

/// Not an exemption but a caveat every estimate must repeat: the row's tdp_w is a figure above
/// what the unit itself draws (a whole Mac's maximum power for an Apple Neural Engine, an SoC's
/// TDP for its NPU), because no closer figure is published; energies from it are upper bounds.
inline constexpr std::string_view kTdpUpperBound = "[tdp:upper-bound]";

/// The (precision, unit) pairs the catalogue has a column for, and the column names:
/// "<precision>_<unit>_tflops" for floating point, "<precision>_<unit>_tops" for integers, e.g.
/// fp16_matrix_tflops, int8_vector_tops. TF32, FP8, FP4 and INT4 exist only on matrix units.
struct PeakColumn {
  Precision precision;
  ComputeUnit unit;
  std::string_view name;
};
const std::vector<PeakColumn>& peak_columns();

/// One term of a peak's derivation: `ops` operations per clock cycle per execution unit at one
/// (precision, unit) pair (an FMA counts 2). The row's peak there must equal
/// units × clock_ghz × ops / 1000 TFLOPS (validation checks it within kRatioTolerance).
struct OpsPerCycle {
  Precision precision;
  ComputeUnit unit;
  double ops = 0;
};

/// Where a row came from, so that a problem found later (a clash while merging) still names the
/// file, line and column.
struct RowOrigin {
  std::string file;
  std::size_t line = 0;
  std::size_t id_column = 0;  // 1-based columns of the cells that carry the row's names
  std::size_t name_column = 0;
  std::size_t aliases_column = 0;

  /// "file:line".
  std::string to_string() const;
  /// "file:line:col (column)".
  std::string where(std::size_t column, std::string_view column_name) const;
};

/// One product: a row of hardware.csv.
struct HardwareSpec {
  std::string id;                    // short, stable, lowercase: "v100-sxm2-16gb"
  std::string name;                  // the vendor's name: "NVIDIA Tesla V100 SXM2 16 GB"
  std::vector<std::string> aliases;  // other names it is looked up by: "Tesla V100", "V100 SXM2"
  std::string vendor;
  HardwareKind kind = HardwareKind::server_gpu;
  Date release;              // launch or general availability
  std::string release_text;  // as written: "2017-06-21" or "2017-06" (day unknown)
  double tdp_w = 0;          // board power (GPUs, accelerators), TDP (CPUs), module power (edge)
  std::optional<double> memory_gb;         // on-board memory (HBM/GDDR/LPDDR); none for CPUs
  std::optional<double> memory_bw_gbs;     // peak memory bandwidth, GB/s (1e9 bytes/s)
  std::optional<double> idle_w;            // drawn powered on with nothing running, W
  std::string interconnect;                // scale-up link between devices: "NVLink 4"
  std::optional<double> interconnect_gbs;  // its bandwidth, GB/s, both directions together
                                           // (the figure vendors quote; one way is half)
  // The physical derivation of the peaks, where the row gives one: `units` execution units
  // (CPU cores, GPU SMs / CUs / Xe cores, named by unit_name) at `clock_ghz` (the clock the
  // vendor quotes peaks at: boost for GPUs, base for CPUs), each doing ops_per_cycle.
  std::optional<double> units;
  std::string unit_name;
  std::optional<double> clock_ghz;
  // CPUs only: the vendor's maximum boost (turbo) clock. The peaks stay derived at clock_ghz, the
  // base clock the TDP is specified at; the roofline scales a CPU's compute ceiling to this
  // clock, because measured inference runs at boost (docs/estimators.md, "CPU roofline").
  std::optional<double> boost_clock_ghz;
  std::vector<OpsPerCycle> ops_per_cycle;
  std::vector<std::string> sources;  // URLs (datasheets, spec pages, Epoch AI)
  std::string checked;               // vendor | spec-page | epoch | unverified (data/README.md)
  std::string notes;
  RowOrigin origin;  // where the row was read, for messages

  /// Dense peak in TFLOPS (TOPS for integers) of one unit at one precision; nullopt when the
  /// hardware has no such path or it is not known.
  std::optional<double> peak_tflops(Precision p, ComputeUnit u) const;
  /// The higher of the vector and matrix peaks (what a well-tuned kernel at `p` can reach).
  std::optional<double> best_peak_tflops(Precision p) const;
  /// boost_clock_ghz / clock_ghz where a CPU row gives both, else 1: how far above its stated
  /// peaks the row's cores compute while boosting.
  double boost_factor() const;
  /// peak × 1000 / tdp_w: the study's GFLOPS per watt.
  std::optional<double> gflops_per_watt(Precision p, ComputeUnit u) const;
  std::optional<double> best_gflops_per_watt(Precision p) const;
  /// The precisions with at least one peak, widest first.
  std::vector<Precision> precisions() const;
  /// The notes carry kTdpUpperBound: energies derived from tdp_w are upper bounds.
  bool tdp_is_upper_bound() const;
  /// Every name the row answers to: id, name, aliases.
  std::vector<std::string> names() const;
  /// Sets a peak (nullopt clears it); ignores pairs peak_columns() does not list.
  void set_peak(Precision p, ComputeUnit u, std::optional<double> tflops);

 private:
  std::array<std::optional<double>, kPrecisionCount> vector_{};  // indexed by Precision
  std::array<std::optional<double>, kPrecisionCount> matrix_{};
};

/// The row's peak derivation in words: "2 cores x 2.596 GHz (boost 3.6 GHz) x ops per cycle
/// fp64 vector 16, fp32 vector 32"; "" when the row gives none.
std::string derivation_text(const HardwareSpec& spec);

/// A validated set of hardware rows with lookup by id, name or alias.
class Catalogue {
 public:
  /// Reads and validates a CSV file; the first problem throws input_error naming
  /// "file:line:col (column)"; a missing file is no_input_error.
  static Catalogue load(const std::filesystem::path& csv);
  /// The same from CSV text; `source` names it in messages.
  static Catalogue parse(std::string_view text, const std::string& source);
  /// The shipped catalogue: data_dir / "hardware.csv".
  static Catalogue builtin(const std::filesystem::path& data_dir);

  /// Adds a user's rows: a row whose id exists replaces that row, others are appended. A user
  /// row whose name or alias is taken by a different row is an input_error naming the user's
  /// file:line:col.
  void merge(const Catalogue& user);

  /// The row whose id, name or alias equals `name` ignoring case, or failing that ignoring case
  /// and every character that is not a letter or digit ("RTX 3090" = "rtx-3090"); nullptr if
  /// none.
  const HardwareSpec* find(std::string_view name) const;
  /// find(), or an input_error "unknown hardware 'x'; closest ids: a, b, c".
  const HardwareSpec& get(std::string_view name) const;
  /// Up to `n` ids closest to `name` (substring hits first, then by edit distance over every
  /// name of every row), for "did you mean" messages.
  std::vector<std::string> suggestions(std::string_view name, std::size_t n = 5) const;

  /// Rows in file order (merged rows after the shipped ones).
  const std::vector<HardwareSpec>& all() const { return rows_; }
  /// Rows released on or before `date`: the hardware a model of that date could have run on.
  std::vector<const HardwareSpec*> released_by(const Date& date) const;

 private:
  std::vector<HardwareSpec> rows_;
};

}  // namespace infergy::hw
