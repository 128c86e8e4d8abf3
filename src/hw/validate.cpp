#include "hw/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "infergy/text.hpp"

namespace infergy::hw {

namespace {

// 4 significant digits without trailing zeros: "624", "0.19", "2500".
std::string number_text(double value) {
  std::string text = format_significant(value, 4);
  if (text.find('.') != std::string::npos && text.find('e') == std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

Problem check_range(double value, double low, double high, std::string_view unit) {
  if (!(value >= low) || !(value <= high)) {
    return fmt::format("{} {} is outside {}..{} {}", number_text(value), unit, number_text(low),
                       number_text(high), unit);
  }
  return std::nullopt;
}

std::string_view column_name(Precision p, ComputeUnit u) {
  for (const auto& c : peak_columns()) {
    if (c.precision == p && c.unit == u) return c.name;
  }
  return "?";
}

bool clearly_below(double value, double reference) {
  return value < reference * (1 - kRatioTolerance);
}

bool has_token(const HardwareSpec& spec, std::string_view token) {
  return spec.notes.find(token) != std::string::npos;
}

// Operand width that sets a dense matrix unit's rate: each halving at most doubles it. TF32 is
// fed from 32-bit registers and runs at half the FP16 rate on every tensor unit that has it.
std::optional<int> matrix_operand_bits(Precision p) {
  switch (p) {
    case Precision::tf32:
      return 32;
    case Precision::fp16:
    case Precision::bf16:
      return 16;
    case Precision::fp8:
    case Precision::int8:
      return 8;
    case Precision::fp4:
    case Precision::int4:
      return 4;
    case Precision::fp64:
    case Precision::fp32:
      // FP64/FP32 matrix paths (A100 DMMA, AMD matrix cores) are separate designs whose rate
      // says nothing about the narrow ones.
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

bool is_integer(Precision p) {
  return p == Precision::int8 || p == Precision::int4;
}

// The matrix paths a GeForce tensor core runs at full rate while FP16/BF16/TF32/FP8 with FP32
// accumulate run at half: the integer ones, and FP4 (RTX Blackwell whitepaper: RTX 5090 FP4
// with FP32 accumulate 1676 dense TFLOPS, 4x its 419 FP8 ones).
bool full_rate_beside_half_rate_float(Precision p) {
  return is_integer(p) || p == Precision::fp4;
}

}  // namespace

std::string name_key(std::string_view name) {
  std::string key;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) key.push_back(static_cast<char>(std::tolower(u)));
  }
  return key;
}

// --- cell rules ---------------------------------------------------------------------------

Problem check_id(std::string_view id) {
  if (id.size() < 2 || id.size() > 48) {
    return fmt::format("id '{}' has {} characters; ids have 2..48", id, id.size());
  }
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '+' ||
           c == '_';
  };
  if (!std::all_of(id.begin(), id.end(), allowed)) {
    return fmt::format("id '{}' may hold only lowercase letters, digits and - . + _", id);
  }
  if (!std::isalnum(static_cast<unsigned char>(id.front()))) {
    return fmt::format("id '{}' must start with a letter or digit", id);
  }
  return std::nullopt;
}

Problem check_kind(std::string_view text) {
  if (parse_hardware_kind(text)) return std::nullopt;
  std::string allowed;
  for (auto k : all_hardware_kinds()) {
    if (!allowed.empty()) allowed += ", ";
    allowed += to_string(k);
  }
  return fmt::format("'{}' is not a hardware kind ({})", text, allowed);
}

Problem check_release_date(std::string_view text, const Date& latest) {
  const auto date = parse_date(text);
  if (!date || (text.size() != 7 && text.size() != 10)) {
    return fmt::format("'{}' is not a date of the form YYYY-MM-DD or YYYY-MM", text);
  }
  if (*date < kEarliestRelease || *date > latest) {
    return fmt::format("{} is outside {}..{}", text, kEarliestRelease.to_string(),
                       latest.to_string());
  }
  return std::nullopt;
}

Problem check_tdp(double watts) {
  return check_range(watts, kMinTdpW, kMaxTdpW, "W");
}

Problem check_peak(double tflops) {
  if (!(tflops > 0) || !(tflops <= kMaxPeakTflops)) {
    return fmt::format("{} is outside (0, {}] TFLOPS (TOPS); peaks are in units of 1e12/s",
                       number_text(tflops), number_text(kMaxPeakTflops));
  }
  return std::nullopt;
}

Problem check_memory_gb(double gb) {
  if (!(gb > 0) || !(gb <= kMaxMemoryGb)) {
    return fmt::format("{} GB is outside (0, {}] GB", number_text(gb), number_text(kMaxMemoryGb));
  }
  return std::nullopt;
}

Problem check_memory_bandwidth(double gbs) {
  if (!(gbs > 0) || !(gbs <= kMaxMemoryBandwidthGbs)) {
    return fmt::format("{} GB/s is outside (0, {}] GB/s", number_text(gbs),
                       number_text(kMaxMemoryBandwidthGbs));
  }
  return std::nullopt;
}

Problem check_idle_power(double watts, double tdp_w) {
  if (!(watts > 0) || !(watts < tdp_w)) {
    return fmt::format("idle power {} W is outside (0, TDP {} W)", number_text(watts),
                       number_text(tdp_w));
  }
  return std::nullopt;
}

Problem check_interconnect(const std::string& name, double gbs) {
  if (trim(name).empty())
    return "an interconnect bandwidth needs the link's name in 'interconnect'";
  if (!(gbs > 0) || !(gbs <= kMaxInterconnectGbs)) {
    return fmt::format("{} GB/s is outside (0, {}] GB/s", number_text(gbs),
                       number_text(kMaxInterconnectGbs));
  }
  return std::nullopt;
}

Problem check_sources(const std::vector<std::string>& sources) {
  if (sources.empty()) return "every row needs at least one source (a URL)";
  for (const auto& s : sources) {
    if (s.find("http://") == std::string::npos && s.find("https://") == std::string::npos) {
      return fmt::format("source '{}' holds no http(s) URL", s);
    }
  }
  return std::nullopt;
}

Problem check_checked(std::string_view text) {
  if (text.empty() || text == "vendor" || text == "spec-page" || text == "epoch" ||
      text == "unverified") {
    return std::nullopt;
  }
  return fmt::format("'{}' is not one of vendor, spec-page, epoch, unverified", text);
}

Problem check_list_entries(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (const auto& entry : split(text, ';')) {
    if (trim(entry).empty()) return fmt::format("'{}' has an empty ';'-separated entry", text);
  }
  return std::nullopt;
}

Problem check_units(double units) {
  if (!(units > 0) || !(units <= kMaxUnits)) {
    return fmt::format("{} units is outside (0, {}]", number_text(units), number_text(kMaxUnits));
  }
  return std::nullopt;
}

Problem check_clock_ghz(double ghz) {
  if (!(ghz > 0) || !(ghz <= kMaxClockGhz)) {
    return fmt::format("{} GHz is outside (0, {}] GHz; clocks are in GHz", number_text(ghz),
                       number_text(kMaxClockGhz));
  }
  return std::nullopt;
}

Problem parse_ops_per_cycle(std::string_view text, std::vector<OpsPerCycle>& out) {
  out.clear();
  if (trim(text).empty()) return std::nullopt;
  for (const auto& entry : split(text, ';')) {
    const auto term = trim(entry);
    const auto eq = term.find('=');
    if (eq == std::string_view::npos) {
      return fmt::format("'{}' is not of the form <precision>_<unit>=<ops per cycle>", term);
    }
    const auto key = trim(term.substr(0, eq));
    const PeakColumn* column = nullptr;
    for (const auto& c : peak_columns()) {
      if (c.name.size() > key.size() && c.name.substr(0, key.size()) == key &&
          c.name[key.size()] == '_') {
        column = &c;
      }
    }
    if (column == nullptr) {
      return fmt::format("'{}' names no peak column (e.g. fp32_vector, fp16_matrix)", key);
    }
    const auto ops = parse_number(trim(term.substr(eq + 1)));
    if (!ops || !(*ops > 0)) {
      return fmt::format("'{}' needs a positive number of operations per cycle", term);
    }
    for (const auto& previous : out) {
      if (previous.precision == column->precision && previous.unit == column->unit) {
        return fmt::format("'{}' is given twice", key);
      }
    }
    out.push_back(OpsPerCycle{column->precision, column->unit, *ops});
  }
  return std::nullopt;
}

KindBounds kind_bounds(HardwareKind kind) {
  switch (kind) {
    case HardwareKind::cpu:
      return {600, 2000, 1000};
    case HardwareKind::edge:
      return {150, 5000, 500};
    case HardwareKind::desktop_gpu:
    case HardwareKind::workstation_gpu:
      return {700, 5000, 2500};
    case HardwareKind::server_gpu:
    case HardwareKind::accelerator:
      break;
  }
  return {kMaxTdpW, kMaxPeakTflops, kMaxMemoryBandwidthGbs};
}

// --- row rules ------------------------------------------------------------------------------

RowProblem check_has_peak(const HardwareSpec& spec) {
  if (!spec.precisions().empty()) return std::nullopt;
  return ColumnProblem{
      "id", fmt::format("'{}' has no peak figure in any *_tflops/*_tops column", spec.id)};
}

RowProblem check_fp64_not_above_fp32(const HardwareSpec& spec) {
  const auto fp64 = spec.best_peak_tflops(Precision::fp64);
  const auto fp32 = spec.best_peak_tflops(Precision::fp32);
  if (!fp64 || !fp32 || !clearly_below(*fp32, *fp64)) return std::nullopt;
  const auto unit = spec.peak_tflops(Precision::fp64, ComputeUnit::matrix) == fp64
                        ? ComputeUnit::matrix
                        : ComputeUnit::vector;
  return ColumnProblem{std::string(column_name(Precision::fp64, unit)),
                       fmt::format("FP64 peak {} is above the FP32 peak {}", number_text(*fp64),
                                   number_text(*fp32))};
}

RowProblem check_fp16_vector_not_below_fp32(const HardwareSpec& spec, bool exempt) {
  const auto fp16 = spec.peak_tflops(Precision::fp16, ComputeUnit::vector);
  const auto fp32 = spec.peak_tflops(Precision::fp32, ComputeUnit::vector);
  if (exempt || !fp16 || !fp32 || !clearly_below(*fp16, *fp32)) return std::nullopt;
  return ColumnProblem{
      "fp16_vector_tflops",
      fmt::format("{} is below fp32_vector_tflops {}; if FP16 is slow by design (Pascal's 1/64 "
                  "rate), say so with {} in notes",
                  number_text(*fp16), number_text(*fp32), kExemptSlowFp16Vector)};
}

RowProblem check_bf16_vector_not_below_fp32(const HardwareSpec& spec) {
  const auto bf16 = spec.peak_tflops(Precision::bf16, ComputeUnit::vector);
  const auto fp32 = spec.peak_tflops(Precision::fp32, ComputeUnit::vector);
  if (!bf16 || !fp32 || !clearly_below(*bf16, *fp32)) return std::nullopt;
  return ColumnProblem{"bf16_vector_tflops", fmt::format("{} is below fp32_vector_tflops {}",
                                                         number_text(*bf16), number_text(*fp32))};
}

RowProblem check_half_matrix_not_below_fp32(const HardwareSpec& spec) {
  const auto fp32 = spec.best_peak_tflops(Precision::fp32);
  if (!fp32) return std::nullopt;
  for (Precision p : {Precision::fp16, Precision::bf16}) {
    const auto half = spec.peak_tflops(p, ComputeUnit::matrix);
    if (half && clearly_below(*half, *fp32)) {
      return ColumnProblem{std::string(column_name(p, ComputeUnit::matrix)),
                           fmt::format("{} is below the FP32 peak {}: a matrix unit slower than "
                                       "FP32 is a mistyped or swapped column",
                                       number_text(*half), number_text(*fp32))};
    }
  }
  return std::nullopt;
}

RowProblem check_matrix_not_below_vector(const HardwareSpec& spec) {
  for (Precision p : all_precisions()) {
    const auto vec = spec.peak_tflops(p, ComputeUnit::vector);
    const auto mat = spec.peak_tflops(p, ComputeUnit::matrix);
    if (vec && mat && clearly_below(*mat, *vec)) {
      return ColumnProblem{std::string(column_name(p, ComputeUnit::matrix)),
                           fmt::format("{} is below {} {}: columns swapped?", number_text(*mat),
                                       column_name(p, ComputeUnit::vector), number_text(*vec))};
    }
  }
  return std::nullopt;
}

RowProblem check_narrow_vector_below_matrix(const HardwareSpec& spec) {
  for (Precision p : {Precision::fp16, Precision::bf16, Precision::int8}) {
    const auto vec = spec.peak_tflops(p, ComputeUnit::vector);
    const auto mat = spec.peak_tflops(p, ComputeUnit::matrix);
    if (vec && mat && !clearly_below(*vec, *mat)) {
      return ColumnProblem{
          std::string(column_name(p, ComputeUnit::vector)),
          fmt::format("{} is not below {} {}: a vector figure this high is the matrix unit's "
                      "(tensor) figure in the vector column; review it",
                      number_text(*vec), column_name(p, ComputeUnit::matrix), number_text(*mat))};
    }
  }
  return std::nullopt;
}

RowProblem check_half_vector_ratio(const HardwareSpec& spec) {
  const auto fp32 = spec.peak_tflops(Precision::fp32, ComputeUnit::vector);
  if (!fp32) return std::nullopt;
  for (Precision p : {Precision::fp16, Precision::bf16}) {
    const auto half = spec.peak_tflops(p, ComputeUnit::vector);
    if (half && *half > *fp32 * kMaxHalfVectorOverFp32 * (1 + kRatioTolerance)) {
      return ColumnProblem{
          std::string(column_name(p, ComputeUnit::vector)),
          fmt::format("{} is {}x fp32_vector_tflops {}; no SIMD path exceeds {}x: a tensor "
                      "figure in the vector column? review it",
                      number_text(*half), number_text(*half / *fp32), number_text(*fp32),
                      number_text(kMaxHalfVectorOverFp32))};
    }
  }
  return std::nullopt;
}

RowProblem check_kind_bounds(const HardwareSpec& spec) {
  const auto bounds = kind_bounds(spec.kind);
  const auto kind = to_string(spec.kind);
  if (spec.tdp_w > bounds.max_tdp_w) {
    return ColumnProblem{"tdp_w",
                         fmt::format("{} W is above the {} W plausible for kind {}",
                                     number_text(spec.tdp_w), number_text(bounds.max_tdp_w), kind)};
  }
  for (const auto& c : peak_columns()) {
    const auto value = spec.peak_tflops(c.precision, c.unit);
    if (value && *value > bounds.max_peak_tflops) {
      return ColumnProblem{
          std::string(c.name),
          fmt::format("{} is above the {} plausible for kind {}", number_text(*value),
                      number_text(bounds.max_peak_tflops), kind)};
    }
  }
  if (spec.memory_bw_gbs && *spec.memory_bw_gbs > bounds.max_memory_bw_gbs) {
    return ColumnProblem{"memory_bw_gbs", fmt::format("{} GB/s is above the {} GB/s plausible "
                                                      "for kind {}",
                                                      number_text(*spec.memory_bw_gbs),
                                                      number_text(bounds.max_memory_bw_gbs), kind)};
  }
  return std::nullopt;
}

RowProblem check_derivation(const HardwareSpec& spec) {
  if (spec.ops_per_cycle.empty()) return std::nullopt;
  if (!spec.units || !spec.clock_ghz) {
    return ColumnProblem{"ops_per_cycle",
                         "a derivation needs 'units' and 'clock_ghz' beside 'ops_per_cycle'"};
  }
  for (const auto& term : spec.ops_per_cycle) {
    const auto name = std::string(column_name(term.precision, term.unit));
    const double derived = *spec.units * *spec.clock_ghz * term.ops / 1000;
    const auto stated = spec.peak_tflops(term.precision, term.unit);
    if (!stated) {
      return ColumnProblem{name, fmt::format("empty, but ops_per_cycle derives {} ({} x {} GHz "
                                             "x {}); fill it in or drop the term",
                                             number_text(derived), number_text(*spec.units),
                                             number_text(*spec.clock_ghz), number_text(term.ops))};
    }
    if (std::abs(*stated / derived - 1) <= kRatioTolerance) continue;
    const bool looks_sparse =
        term.unit == ComputeUnit::matrix && std::abs(*stated / derived - 2) <= 2 * kRatioTolerance;
    return ColumnProblem{
        name, fmt::format("{} disagrees with its derivation {} x {} GHz x {} = {}{}",
                          number_text(*stated), number_text(*spec.units),
                          number_text(*spec.clock_ghz), number_text(term.ops), number_text(derived),
                          looks_sparse ? ": exactly twice, a \"with sparsity\" figure entered as "
                                         "dense? peaks must be dense"
                                       : "")};
  }
  return std::nullopt;
}

// A boost clock scales the roofline's compute ceiling, so it must belong to a row whose peaks
// are at a lower, stated clock: a CPU row with clock_ghz (GPU peaks are quoted at boost already).
RowProblem check_boost_clock(const HardwareSpec& spec) {
  if (!spec.boost_clock_ghz) return std::nullopt;
  if (spec.kind != HardwareKind::cpu) {
    return ColumnProblem{"boost_ghz",
                         fmt::format("only cpu rows take a boost clock (a {} row's peaks are "
                                     "quoted at its boost clock already)",
                                     to_string(spec.kind))};
  }
  if (!spec.clock_ghz) {
    return ColumnProblem{"boost_ghz",
                         "a boost clock needs the base clock 'clock_ghz' its peaks "
                         "are derived at"};
  }
  if (clearly_below(*spec.boost_clock_ghz, *spec.clock_ghz)) {
    return ColumnProblem{
        "boost_ghz", fmt::format("{} GHz is below clock_ghz {} GHz",
                                 number_text(*spec.boost_clock_ghz), number_text(*spec.clock_ghz))};
  }
  return std::nullopt;
}

RowProblem check_matrix_ratios(const HardwareSpec& spec, bool half_rate_fp32_accumulate,
                               bool exempt) {
  if (exempt) return std::nullopt;
  for (Precision wide : all_precisions()) {
    const auto wide_bits = matrix_operand_bits(wide);
    const auto wide_value = spec.peak_tflops(wide, ComputeUnit::matrix);
    if (!wide_bits || !wide_value) continue;
    for (Precision narrow : all_precisions()) {
      const auto narrow_bits = matrix_operand_bits(narrow);
      const auto narrow_value = spec.peak_tflops(narrow, ComputeUnit::matrix);
      if (!narrow_bits || !narrow_value || *narrow_bits >= *wide_bits) continue;
      const double width_ratio = static_cast<double>(*wide_bits) / *narrow_bits;
      const double rate_factor = half_rate_fp32_accumulate &&
                                         full_rate_beside_half_rate_float(narrow) &&
                                         !full_rate_beside_half_rate_float(wide)
                                     ? 2.0
                                     : 1.0;
      const double limit = *wide_value * width_ratio * rate_factor;
      if (*narrow_value <= limit * (1 + kRatioTolerance)) continue;
      const double times = *narrow_value / limit;
      const bool looks_sparse = std::abs(times - 2) <= 2 * kRatioTolerance;
      return ColumnProblem{
          std::string(column_name(narrow, ComputeUnit::matrix)),
          fmt::format("{} is {} the {} that {} {} allows a dense unit ({}x the operand width "
                      "ratio){}",
                      number_text(*narrow_value), looks_sparse ? "exactly twice" : "above",
                      number_text(limit), column_name(wide, ComputeUnit::matrix),
                      number_text(*wide_value), number_text(width_ratio * rate_factor),
                      looks_sparse ? ": a \"with sparsity\" figure? peaks must be dense" : "")};
    }
  }
  return std::nullopt;
}

RowProblem check_no_stale_exemption(const HardwareSpec& spec) {
  const auto stale = [](std::string_view token) {
    return ColumnProblem{"notes", fmt::format("{} is not needed: the rule it exempts from holds "
                                              "for this row; remove the token",
                                              token)};
  };
  if (has_token(spec, kExemptSlowFp16Vector) && !check_fp16_vector_not_below_fp32(spec, false)) {
    return stale(kExemptSlowFp16Vector);
  }
  const bool exempt_all = has_token(spec, kExemptMatrixRatio);
  if (has_token(spec, kExemptHalfRateFp32Accumulate) &&
      (exempt_all || !check_matrix_ratios(spec, false, false))) {
    return stale(kExemptHalfRateFp32Accumulate);
  }
  if (exempt_all &&
      !check_matrix_ratios(spec, has_token(spec, kExemptHalfRateFp32Accumulate), false)) {
    return stale(kExemptMatrixRatio);
  }
  return std::nullopt;
}

RowProblem check_row(const HardwareSpec& spec) {
  const bool slow_fp16 = has_token(spec, kExemptSlowFp16Vector);
  const bool half_rate = has_token(spec, kExemptHalfRateFp32Accumulate);
  const bool ratio_exempt = has_token(spec, kExemptMatrixRatio);
  for (auto problem :
       {check_has_peak(spec), check_fp64_not_above_fp32(spec),
        check_fp16_vector_not_below_fp32(spec, slow_fp16), check_bf16_vector_not_below_fp32(spec),
        check_half_matrix_not_below_fp32(spec), check_matrix_not_below_vector(spec),
        check_narrow_vector_below_matrix(spec), check_half_vector_ratio(spec),
        check_kind_bounds(spec), check_derivation(spec), check_boost_clock(spec),
        check_matrix_ratios(spec, half_rate, ratio_exempt), check_no_stale_exemption(spec)}) {
    if (problem) return problem;
  }
  return std::nullopt;
}

}  // namespace infergy::hw
