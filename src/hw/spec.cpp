#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "infergy/hw.hpp"
#include "infergy/text.hpp"

namespace infergy::hw {

namespace {

std::size_t index_of(Precision p) {
  return static_cast<std::size_t>(p);
}

bool has_column(Precision p, ComputeUnit u) {
  const auto& columns = peak_columns();
  return std::any_of(columns.begin(), columns.end(),
                     [&](const PeakColumn& c) { return c.precision == p && c.unit == u; });
}

}  // namespace

std::string_view to_string(HardwareKind kind) {
  switch (kind) {
    case HardwareKind::server_gpu:
      return "server-gpu";
    case HardwareKind::desktop_gpu:
      return "desktop-gpu";
    case HardwareKind::workstation_gpu:
      return "workstation-gpu";
    case HardwareKind::edge:
      return "edge";
    case HardwareKind::accelerator:
      return "accelerator";
    case HardwareKind::cpu:
      return "cpu";
  }
  return "?";
}

const std::vector<HardwareKind>& all_hardware_kinds() {
  static const std::vector<HardwareKind> all = {
      HardwareKind::server_gpu, HardwareKind::desktop_gpu, HardwareKind::workstation_gpu,
      HardwareKind::edge,       HardwareKind::accelerator, HardwareKind::cpu};
  return all;
}

std::optional<HardwareKind> parse_hardware_kind(std::string_view text) {
  for (auto k : all_hardware_kinds()) {
    if (iequals(text, to_string(k))) return k;
  }
  return std::nullopt;
}

std::string_view to_string(ComputeUnit unit) {
  return unit == ComputeUnit::vector ? "vector" : "matrix";
}

std::optional<ComputeUnit> parse_compute_unit(std::string_view text) {
  if (iequals(text, "vector") || iequals(text, "simd")) return ComputeUnit::vector;
  if (iequals(text, "matrix") || iequals(text, "tensor")) return ComputeUnit::matrix;
  return std::nullopt;
}

const std::vector<PeakColumn>& peak_columns() {
  using P = Precision;
  using U = ComputeUnit;
  static const std::vector<PeakColumn> columns = {
      {P::fp64, U::vector, "fp64_vector_tflops"}, {P::fp64, U::matrix, "fp64_matrix_tflops"},
      {P::fp32, U::vector, "fp32_vector_tflops"}, {P::fp32, U::matrix, "fp32_matrix_tflops"},
      {P::tf32, U::matrix, "tf32_matrix_tflops"}, {P::fp16, U::vector, "fp16_vector_tflops"},
      {P::fp16, U::matrix, "fp16_matrix_tflops"}, {P::bf16, U::vector, "bf16_vector_tflops"},
      {P::bf16, U::matrix, "bf16_matrix_tflops"}, {P::fp8, U::matrix, "fp8_matrix_tflops"},
      {P::fp4, U::matrix, "fp4_matrix_tflops"},   {P::int8, U::vector, "int8_vector_tops"},
      {P::int8, U::matrix, "int8_matrix_tops"},   {P::int4, U::matrix, "int4_matrix_tops"},
  };
  return columns;
}

std::string RowOrigin::to_string() const {
  return fmt::format("{}:{}", file, line);
}

std::string RowOrigin::where(std::size_t column, std::string_view column_name) const {
  return fmt::format("{}:{}:{} ({})", file, line, column, column_name);
}

std::optional<double> HardwareSpec::peak_tflops(Precision p, ComputeUnit u) const {
  const auto& peaks = u == ComputeUnit::vector ? vector_ : matrix_;
  return peaks[index_of(p)];
}

double HardwareSpec::boost_factor() const {
  if (kind != HardwareKind::cpu || !boost_clock_ghz || !clock_ghz || !(*clock_ghz > 0)) return 1;
  return *boost_clock_ghz / *clock_ghz;
}

std::optional<double> HardwareSpec::best_peak_tflops(Precision p) const {
  const auto v = peak_tflops(p, ComputeUnit::vector);
  const auto m = peak_tflops(p, ComputeUnit::matrix);
  if (v && m) return std::max(*v, *m);
  return v ? v : m;
}

std::optional<double> HardwareSpec::gflops_per_watt(Precision p, ComputeUnit u) const {
  const auto peak = peak_tflops(p, u);
  if (!peak || !(tdp_w > 0)) return std::nullopt;
  return *peak * 1000 / tdp_w;
}

std::optional<double> HardwareSpec::best_gflops_per_watt(Precision p) const {
  const auto peak = best_peak_tflops(p);
  if (!peak || !(tdp_w > 0)) return std::nullopt;
  return *peak * 1000 / tdp_w;
}

std::vector<Precision> HardwareSpec::precisions() const {
  std::vector<Precision> out;
  for (Precision p : all_precisions()) {
    if (best_peak_tflops(p)) out.push_back(p);
  }
  return out;
}

bool HardwareSpec::tdp_is_upper_bound() const {
  return notes.find(kTdpUpperBound) != std::string::npos;
}

std::vector<std::string> HardwareSpec::names() const {
  std::vector<std::string> out{id, name};
  out.insert(out.end(), aliases.begin(), aliases.end());
  return out;
}

void HardwareSpec::set_peak(Precision p, ComputeUnit u, std::optional<double> tflops) {
  if (!has_column(p, u)) return;
  auto& peaks = u == ComputeUnit::vector ? vector_ : matrix_;
  peaks[index_of(p)] = tflops;
}

std::string derivation_text(const HardwareSpec& spec) {
  if (!spec.units && !spec.clock_ghz && spec.ops_per_cycle.empty()) return "";
  const auto number = [](double v) { return fmt::format("{:.6g}", v); };
  std::string text;
  if (spec.units) {
    text += fmt::format("{} {}", number(*spec.units),
                        spec.unit_name.empty() ? std::string("units") : spec.unit_name + "s");
  }
  if (spec.clock_ghz) {
    text += fmt::format("{}{} GHz", text.empty() ? "" : " x ", number(*spec.clock_ghz));
  }
  if (spec.boost_clock_ghz) text += fmt::format(" (boost {} GHz)", number(*spec.boost_clock_ghz));
  if (!spec.ops_per_cycle.empty()) {
    std::vector<std::string> terms;
    for (const auto& t : spec.ops_per_cycle) {
      terms.push_back(
          fmt::format("{} {} {}", to_string(t.precision), to_string(t.unit), number(t.ops)));
    }
    text += fmt::format("{}ops per cycle {}", text.empty() ? "" : " x ", fmt::join(terms, ", "));
  }
  return text;
}

}  // namespace infergy::hw
