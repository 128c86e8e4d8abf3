// Peak paths, the GPU filter and the precision eras: the vocabulary of the hardware-at-date rule.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "infergy/error.hpp"
#include "infergy/text.hpp"
#include "infergy/trends.hpp"

namespace infergy::trends {

std::string PeakPath::id() const {
  if (!unit) return std::string(to_string(precision));
  return fmt::format("{}-{}", to_string(precision), hw::to_string(*unit));
}

std::optional<double> PeakPath::gflops_per_watt(const hw::HardwareSpec& device) const {
  return unit ? device.gflops_per_watt(precision, *unit) : device.best_gflops_per_watt(precision);
}

std::optional<double> PeakPath::peak_tflops(const hw::HardwareSpec& device) const {
  return unit ? device.peak_tflops(precision, *unit) : device.best_peak_tflops(precision);
}

PeakPath parse_peak_path(std::string_view text) {
  std::string t = to_lower(trim(text));
  std::replace(t.begin(), t.end(), '_', '-');
  const auto dash = t.find('-');
  const std::string precision_text = t.substr(0, dash);
  const auto precision = parse_precision(precision_text);
  if (!precision) {
    throw usage_error(fmt::format(
        "'{}' is not a peak path: unknown precision '{}' (fp32, tf32, fp16, bf16, fp8, int8, ...)",
        text, precision_text));
  }
  PeakPath path{*precision, std::nullopt};
  if (dash != std::string::npos) {
    const std::string unit_text = t.substr(dash + 1);
    if (unit_text != "best") {
      path.unit = hw::parse_compute_unit(unit_text);
      if (!path.unit) {
        throw usage_error(
            fmt::format("'{}' is not a peak path: unknown unit '{}' (vector, matrix or best)", text,
                        unit_text));
      }
    }
  }
  return path;
}

bool path_is_native(const PeakPath& path, const hw::HardwareSpec& device) {
  const auto peak = path.peak_tflops(device);
  if (!peak) return false;
  const auto fp32 = device.peak_tflops(Precision::fp32, hw::ComputeUnit::vector);
  return !fp32 || *peak >= 0.5 * *fp32;
}

bool GpuFilter::accepts(const hw::HardwareSpec& device) const {
  // An upper-bound TDP makes the row's GFLOPS/W a lower bound: no point for an efficiency trend.
  if (device.tdp_is_upper_bound()) return false;
  if (std::find(kinds.begin(), kinds.end(), device.kind) == kinds.end()) return false;
  if (vendors.empty()) return true;
  return std::any_of(vendors.begin(), vendors.end(),
                     [&](const std::string& v) { return iequals(v, device.vendor); });
}

std::string GpuFilter::describe() const {
  std::vector<std::string> kind_names;
  for (auto k : kinds) kind_names.emplace_back(hw::to_string(k));
  return fmt::format(
      "{}; {}", fmt::join(kind_names, "+"),
      vendors.empty() ? std::string("any vendor") : fmt::format("{}", fmt::join(vendors, "+")));
}

namespace {

std::vector<std::string> list_items(std::string_view text) {
  std::vector<std::string> items;
  for (const auto& item : split(text, ',')) {
    const auto t = trim(item);
    if (!t.empty()) items.emplace_back(t);
  }
  return items;
}

std::vector<hw::HardwareKind> parse_kinds(std::string_view text) {
  using K = hw::HardwareKind;
  std::vector<hw::HardwareKind> kinds;
  const auto add = [&](K k) {
    if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
  };
  for (const auto& item : list_items(text)) {
    if (iequals(item, "gpu")) {
      for (K k : {K::server_gpu, K::desktop_gpu, K::workstation_gpu}) add(k);
    } else if (iequals(item, "all")) {
      for (K k : hw::all_hardware_kinds()) add(k);
    } else if (const auto kind = hw::parse_hardware_kind(item)) {
      add(*kind);
    } else {
      std::vector<std::string> names{"gpu", "all"};
      for (K k : hw::all_hardware_kinds()) names.emplace_back(hw::to_string(k));
      throw usage_error(
          fmt::format("unknown hardware kind '{}' (one of {})", item, fmt::join(names, ", ")));
    }
  }
  if (kinds.empty()) throw usage_error("the hardware kinds list is empty");
  return kinds;
}

}  // namespace

GpuFilter parse_gpu_filter(std::string_view kinds, std::string_view vendors) {
  GpuFilter filter;
  filter.kinds = parse_kinds(kinds);
  filter.vendors = list_items(vendors);
  if (filter.vendors.size() == 1 && iequals(filter.vendors.front(), "any")) filter.vendors.clear();
  return filter;
}

std::vector<Era> study_eras() {
  return {
      {Date{2010, 1, 1}, {Precision::fp32, hw::ComputeUnit::vector}, "FP32"},
      // NVIDIA Tesla V100 launch, the first tensor cores (hardware.csv: v100-*-16gb).
      {Date{2017, 6, 21}, {Precision::fp16, hw::ComputeUnit::matrix}, "FP16/FP32 tensor"},
      // NVIDIA A100 launch, the first TF32 tensor cores (hardware.csv: a100-sxm4-40gb).
      {Date{2020, 5, 14}, {Precision::tf32, hw::ComputeUnit::matrix}, "TF32 tensor"},
  };
}

namespace {

std::string era_label(const PeakPath& path) {
  std::string p(to_string(path.precision));
  std::transform(p.begin(), p.end(), p.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  if (!path.unit || *path.unit == hw::ComputeUnit::vector) return p;
  if (path.precision == Precision::fp16) return "FP16/FP32 tensor";
  return p + " tensor";
}

}  // namespace

std::vector<Era> parse_eras(std::string_view spec) {
  if (iequals(trim(spec), "study")) return study_eras();
  std::vector<Era> eras;
  for (const auto& item : list_items(spec)) {
    Era era;
    const auto colon = item.find(':');
    if (eras.empty()) {
      if (colon != std::string::npos) {
        throw usage_error(fmt::format(
            "--eras: the first era '{}' takes no date (it covers everything before the next)",
            item));
      }
      era.start = Date{1900, 1, 1};
      era.path = parse_peak_path(item);
    } else {
      if (colon == std::string::npos) {
        throw usage_error(fmt::format("--eras: '{}' needs a start date (DATE:PATH)", item));
      }
      const auto date = parse_date(item.substr(0, colon));
      if (!date) {
        throw usage_error(
            fmt::format("--eras: '{}' is not a date (YYYY[-MM[-DD]])", item.substr(0, colon)));
      }
      if (!(eras.back().start < *date)) {
        throw usage_error(fmt::format("--eras: '{}' must start after the era before it", item));
      }
      era.start = *date;
      era.path = parse_peak_path(item.substr(colon + 1));
    }
    era.label = era_label(era.path);
    eras.push_back(std::move(era));
  }
  if (eras.empty()) throw usage_error("--eras is empty (use 'study' or a list of paths)");
  return eras;
}

const Era& era_at(const std::vector<Era>& eras, const Date& date) {
  if (eras.empty()) throw internal_error("era_at: no eras");
  const Era* current = &eras.front();
  for (const auto& era : eras) {
    if (era.start <= date) current = &era;
  }
  return *current;
}

std::string describe_eras(const std::vector<Era>& eras) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < eras.size(); ++i) {
    items.push_back(i == 0 ? eras[i].path.id()
                           : fmt::format("{}:{}", eras[i].start.to_string(), eras[i].path.id()));
  }
  return fmt::format("{}", fmt::join(items, ","));
}

}  // namespace infergy::trends
