// The rules a hardware row must obey, one small pure function each.
//
// A cell rule gets one value and returns the problem in words ("2500 W is outside 1..2000 W") or
// nothing. A row rule gets the whole row and returns the column the problem is about and the
// words; the loader turns the column into "file:line:col (column)".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/date.hpp"
#include "infergy/hw.hpp"

namespace infergy::hw {

using Problem = std::optional<std::string>;

struct ColumnProblem {
  std::string column;  // the CSV column the problem is reported against
  std::string message;
};
using RowProblem = std::optional<ColumnProblem>;

/// The earliest release date accepted: a little before the study's 2010 window, so that a card
/// announced late in 2009 can still be described.
inline constexpr Date kEarliestRelease{2008, 1, 1};

// Limits of the plausible, in the column's unit. Wide enough for any product of 2008..2026 (a
// Groq chip's 80 TB/s of on-chip SRAM bandwidth, a B300's 15 PFLOPS of dense FP4), narrow enough
// to catch unit slips (FLOP/s instead of TFLOPS, W instead of kW, bytes instead of GB).
inline constexpr double kMinTdpW = 1, kMaxTdpW = 2000;
inline constexpr double kMaxPeakTflops = 50'000;
inline constexpr double kMaxMemoryGb = 4096;
inline constexpr double kMaxMemoryBandwidthGbs = 100'000;
/// NVLink 5 gives 1,800 GB/s per GPU; the bound leaves room for the next generations.
inline constexpr double kMaxInterconnectGbs = 20'000;
/// Relative slack when comparing two peaks: datasheets round to 3-4 significant digits.
inline constexpr double kRatioTolerance = 0.02;
/// A derivation's units and clock: a chip has at most a million execution units (a wafer-scale
/// engine's cores), and no product clocks above 10 GHz.
inline constexpr double kMaxUnits = 1'000'000, kMaxClockGhz = 10;
/// Vector FP16/BF16 packs two values per FP32 lane; some designs also issue them at twice the
/// rate (A100: 4x). A vector figure above 4x FP32 is a tensor figure in the wrong column.
inline constexpr double kMaxHalfVectorOverFp32 = 4;

/// What is physically plausible for one kind of hardware: a figure beyond these is a unit slip
/// or a row filed under the wrong kind. The kind-free limits above still apply to every kind.
struct KindBounds {
  double max_tdp_w;
  double max_peak_tflops;  // the row's best peak at any precision
  double max_memory_bw_gbs;
};
/// cpu: a 2-socket-class TDP (600 W), AMX INT8 tops out near 2 POPS, 12+ channels of MRDIMM
/// (~850 GB/s) or Apple's unified memory (800 GB/s) within 1000 GB/s. edge: module power up to
/// 150 W (Jetson Thor 130 W), LPDDR5X at most ~500 GB/s. desktop/workstation GPUs: one board on
/// a 12V-2x6 connector (600 W) with margin, GDDR7 on a 512-bit bus (1.8 TB/s) with margin.
/// server-gpu, accelerator: only the kind-free limits.
KindBounds kind_bounds(HardwareKind kind);

// --- cell rules ---------------------------------------------------------------------------

/// Lowercase letters, digits, '-', '.', '+' and '_'; starts with a letter or digit; 2..48 chars.
Problem check_id(std::string_view id);
/// One of the kinds of to_string(HardwareKind).
Problem check_kind(std::string_view text);
/// YYYY-MM-DD or YYYY-MM (a year alone is too coarse for the hardware-at-date rule), a real
/// calendar date, within kEarliestRelease..latest.
Problem check_release_date(std::string_view text, const Date& latest);
Problem check_tdp(double watts);
Problem check_peak(double tflops);
Problem check_memory_gb(double gb);
Problem check_memory_bandwidth(double gbs);
/// Idle power is positive and below the TDP.
Problem check_idle_power(double watts, double tdp_w);
/// A bandwidth needs the link's name beside it, and lies in (0, kMaxInterconnectGbs].
Problem check_interconnect(const std::string& name, double gbs);
/// At least one source, each holding an http(s) URL.
Problem check_sources(const std::vector<std::string>& sources);
/// vendor | spec-page | epoch, or empty (a user's row need not say).
Problem check_checked(std::string_view text);
/// No empty entries in a ';'-separated list ("a;;b", a trailing ';').
Problem check_list_entries(std::string_view text);
/// A derivation's unit count: in (0, kMaxUnits].
Problem check_units(double units);
/// A derivation's clock: in (0, kMaxClockGhz] GHz.
Problem check_clock_ghz(double ghz);
/// Parses "fp32_vector=32;fp16_matrix=512" (a peak column's name without its _tflops/_tops
/// suffix, '=', a positive number) into `out`; the problem in words otherwise. Empty text gives
/// no terms.
Problem parse_ops_per_cycle(std::string_view text, std::vector<OpsPerCycle>& out);

// --- row rules ------------------------------------------------------------------------------

/// At least one peak: a row with none can estimate nothing.
RowProblem check_has_peak(const HardwareSpec& spec);
/// FP64 never outruns FP32 (compared as best-of-units).
RowProblem check_fp64_not_above_fp32(const HardwareSpec& spec);
/// Vector FP16 at least vector FP32, unless the notes carry kExemptSlowFp16Vector.
RowProblem check_fp16_vector_not_below_fp32(const HardwareSpec& spec, bool exempt);
/// Vector BF16 at least vector FP32 (every BF16 SIMD path packs two per FP32 lane).
RowProblem check_bf16_vector_not_below_fp32(const HardwareSpec& spec);
/// Matrix FP16 and BF16 at least the best FP32: a tensor unit slower than the SIMD path is a
/// swapped or mistyped column.
RowProblem check_half_matrix_not_below_fp32(const HardwareSpec& spec);
/// At one precision the matrix unit is never slower than the vector unit (swapped columns).
RowProblem check_matrix_not_below_vector(const HardwareSpec& spec);
/// Below 32 bits (FP16, BF16, INT8) a matrix unit exists to be faster than the vector path: a
/// vector figure equal to or above the matrix one is the tensor figure copied into the vector
/// column. (FP32/FP64 matrix paths can equal the vector ones: AMD's MI300 runs FP32 at one rate.)
RowProblem check_narrow_vector_below_matrix(const HardwareSpec& spec);
/// Vector FP16 and BF16 at most kMaxHalfVectorOverFp32 × vector FP32.
RowProblem check_half_vector_ratio(const HardwareSpec& spec);
/// The kind's plausible bounds (kind_bounds) on TDP, best peak and memory bandwidth.
RowProblem check_kind_bounds(const HardwareSpec& spec);
/// Each ops_per_cycle term needs units and clock_ghz, and the row's peak at that pair must be
/// units × clock × ops within kRatioTolerance. A matrix peak twice its derivation is reported as
/// what it almost always is, a "with sparsity" figure entered as dense.
RowProblem check_derivation(const HardwareSpec& spec);
/// A boost clock only on cpu rows, beside clock_ghz and not below it.
RowProblem check_boost_clock(const HardwareSpec& spec);

/// The dense-vs-sparse rule. Halving the operand width at most doubles a dense matrix unit's
/// throughput (TF32 → FP16/BF16 → FP8/INT8 → INT4), so a narrower matrix figure may be at most
/// (wider bits / narrower bits) × the wider figure. One above that is reported; one at exactly
/// twice the limit is called what it almost always is, a "with sparsity" figure. With
/// `half_rate_fp32_accumulate` (GeForce) integer figures are compared with twice the floating
/// point ones. `exempt` (kExemptMatrixRatio) turns the rule off.
RowProblem check_matrix_ratios(const HardwareSpec& spec, bool half_rate_fp32_accumulate,
                               bool exempt);

/// A notes token whose rule would not fire without it is stale: the row no longer needs it (or
/// never did), and a lingering exemption would hide a later mistake.
RowProblem check_no_stale_exemption(const HardwareSpec& spec);

/// Runs every row rule, honouring the exemption tokens in spec.notes; the first problem.
RowProblem check_row(const HardwareSpec& spec);

/// Letters and digits only, lowercased: the key names are compared on, so "RTX 3090" and
/// "rtx-3090" are one name.
std::string name_key(std::string_view name);

}  // namespace infergy::hw
