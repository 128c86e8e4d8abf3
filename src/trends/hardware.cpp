// The hardware side of the study: GFLOPS/W trends per precision series, and the rule that gives
// a model of some date the efficiency of the hardware of its time.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "infergy/error.hpp"
#include "infergy/text.hpp"
#include "infergy/trends.hpp"

namespace infergy::trends {

// ---------------------------------------------------------------------------------------------
// Rules

std::string HwRule::describe() const {
  switch (kind) {
    case HwRuleKind::best:
      return "best";
    case HwRuleKind::trend:
      return "trend";
    case HwRuleKind::fixed:
      return path ? fmt::format("fixed:{}@{}", device, path->id()) : "fixed:" + device;
  }
  return "?";
}

HwRule parse_hw_rule(std::string_view text) {
  const auto t = trim(text);
  HwRule rule;
  if (iequals(t, "best")) return rule;
  if (iequals(t, "trend")) {
    rule.kind = HwRuleKind::trend;
    return rule;
  }
  constexpr std::string_view kFixed = "fixed:";
  if (t.size() > kFixed.size() && iequals(t.substr(0, kFixed.size()), kFixed)) {
    rule.kind = HwRuleKind::fixed;
    auto rest = t.substr(kFixed.size());
    const auto at = rest.find('@');
    if (at != std::string_view::npos) {
      rule.path = parse_peak_path(rest.substr(at + 1));
      rest = rest.substr(0, at);
    }
    rule.device = std::string(trim(rest));
    if (!rule.device.empty()) return rule;
  }
  throw usage_error(
      fmt::format("--hw-rule: '{}' is not a rule (best, trend, fixed:ID or fixed:ID@PATH, e.g. "
                  "fixed:a100-sxm4-40gb@fp16-matrix)",
                  text));
}

const hw::HardwareSpec* best_released_by(const std::vector<const hw::HardwareSpec*>& devices,
                                         const Date& date, const PeakPath& path) {
  const hw::HardwareSpec* best = nullptr;
  double best_gpw = 0;
  for (const auto* device : devices) {
    if (date < device->release || !path_is_native(path, *device)) continue;
    const double gpw = *path.gflops_per_watt(*device);
    const bool better =
        !best || gpw > best_gpw || (gpw == best_gpw && device->release < best->release);
    if (better) {
      best = device;
      best_gpw = gpw;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Trend fits

Trend fit_trend(std::string domain, std::string quantity, std::string subset, std::string label,
                std::string unit, const std::vector<double>& x, const std::vector<double>& y,
                double confidence) {
  Trend t;
  t.domain = std::move(domain);
  t.quantity = std::move(quantity);
  t.subset = std::move(subset);
  t.label = std::move(label);
  t.unit = std::move(unit);
  t.n = x.size();
  if (!x.empty()) {
    const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
    t.x_min = *lo;
    t.x_max = *hi;
  }
  try {
    t.fit = stats::fit_log10(x, y, confidence);
    t.growth = stats::growth_from_log10_fit(*t.fit);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::input) throw;
    t.fit.reset();
    t.growth.reset();
    t.skipped = e.what();
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Hardware-at-date

namespace {

std::string path_label(const PeakPath& path, const std::vector<Era>& eras) {
  for (const auto& era : eras) {
    if (era.path == path) return era.label;
  }
  return path.id();
}

std::vector<const hw::HardwareSpec*> pointers(const std::vector<hw::HardwareSpec>& devices) {
  std::vector<const hw::HardwareSpec*> out;
  out.reserve(devices.size());
  for (const auto& d : devices) out.push_back(&d);
  return out;
}

}  // namespace

HardwareAtDate::HardwareAtDate(const hw::Catalogue& catalogue, GpuFilter filter,
                               std::vector<Era> eras, HwRule rule, double confidence)
    : filter_(std::move(filter)),
      eras_(std::move(eras)),
      rule_(std::move(rule)),
      confidence_(confidence) {
  if (eras_.empty()) throw internal_error("HardwareAtDate: no eras");
  for (const auto& device : catalogue.all()) {
    if (filter_.accepts(device)) devices_.push_back(device);
  }
  if (rule_.kind == HwRuleKind::fixed) {
    const auto& device = catalogue.get(rule_.device);
    const PeakPath path = rule_.path ? *rule_.path : era_at(eras_, device.release).path;
    if (!path.gflops_per_watt(device)) {
      throw input_error(
          fmt::format("--hw-rule {}: {} has no {} peak", rule_.describe(), device.id, path.id()));
    }
    fixed_ = device;
    rule_.path = path;
  }
  if (rule_.kind == HwRuleKind::trend) {
    for (const auto& era : eras_) {
      if (trend_for(era.path)) continue;
      PathTrend pt;
      pt.path = era.path;
      std::vector<double> x, y;
      for (const auto& d : devices_) {
        if (!path_is_native(era.path, d)) continue;
        x.push_back(d.release.decimal_year());
        y.push_back(*era.path.gflops_per_watt(d));
      }
      pt.n = x.size();
      pt.first_year = x.empty() ? 0 : *std::min_element(x.begin(), x.end());
      const auto t = fit_trend("hardware", "gflops_per_watt", era.path.id(), era.label, "GFLOPS/W",
                               x, y, confidence_);
      pt.fit = t.fit;
      pt.skipped = t.skipped;
      trends_.push_back(std::move(pt));
    }
  }
}

const HardwareAtDate::PathTrend* HardwareAtDate::trend_for(const PeakPath& path) const {
  for (const auto& t : trends_) {
    if (t.path == path) return &t;
  }
  return nullptr;
}

std::optional<stats::LinearFit> HardwareAtDate::trend_of(const PeakPath& path) const {
  const auto* t = trend_for(path);
  return t ? t->fit : std::nullopt;
}

std::optional<Assignment> HardwareAtDate::at(const Date& date) const {
  if (fixed_) {
    const auto& path = *rule_.path;
    return Assignment{*path.gflops_per_watt(*fixed_),
                      path,
                      path_label(path, eras_),
                      fixed_->id,
                      fixed_->name,
                      fixed_->release_text};
  }
  const Era& era = era_at(eras_, date);
  if (rule_.kind == HwRuleKind::best) {
    const auto* best = best_released_by(pointers(devices_), date, era.path);
    if (!best) return std::nullopt;
    return Assignment{*era.path.gflops_per_watt(*best),
                      era.path,
                      era.label,
                      best->id,
                      best->name,
                      best->release_text};
  }
  const auto* t = trend_for(era.path);
  if (!t || !t->fit || date.decimal_year() < t->first_year) return std::nullopt;
  return Assignment{
      std::pow(10.0, t->fit->predict(date.decimal_year())),      era.path, era.label, "",
      fmt::format("trend of {} ({} GPUs)", era.path.id(), t->n), ""};
}

std::string HardwareAtDate::why_none(const Date& date) const {
  if (at(date)) return "";
  const Era& era = era_at(eras_, date);
  if (rule_.kind == HwRuleKind::trend) {
    const auto* t = trend_for(era.path);
    if (t && !t->fit) {
      return fmt::format("no {} trend to read ({})", era.path.id(), t->skipped);
    }
  }
  return fmt::format("no {} GPU ({}) with a native {} peak released by {}", era.label,
                     filter_.describe(), era.path.id(), date.to_string());
}

std::vector<AssignmentStep> assignment_steps(const HardwareAtDate& rule, const Date& from,
                                             const Date& to) {
  std::set<Date> dates{from};
  for (const auto& era : rule.eras()) {
    if (from < era.start && era.start <= to) dates.insert(era.start);
  }
  if (rule.rule().kind == HwRuleKind::trend) {
    for (Date d{from.year, from.month, 1}; d <= to;) {
      if (from < d) dates.insert(d);
      d = d.month == 12 ? Date{d.year + 1, 1, 1} : Date{d.year, d.month + 1, 1};
    }
  } else {
    for (const auto& device : rule.devices()) {
      if (from < device.release && device.release <= to) dates.insert(device.release);
    }
  }
  std::vector<AssignmentStep> steps;
  for (const auto& date : dates) {
    auto a = rule.at(date);
    if (rule.rule().kind != HwRuleKind::trend && !steps.empty()) {
      const auto& last = steps.back().assignment;
      const bool same =
          (!last && !a) || (last && a && last->device_id == a->device_id && last->path == a->path);
      if (same) continue;
    }
    steps.push_back({date, std::move(a)});
  }
  return steps;
}

// ---------------------------------------------------------------------------------------------
// Hardware trends

const std::vector<SeriesDef>& hardware_series_defs() {
  using hw::ComputeUnit;
  static const std::vector<SeriesDef> defs = {
      {{Precision::fp32, ComputeUnit::vector}, "FP32 vector"},
      {{Precision::fp16, ComputeUnit::vector}, "FP16 vector"},
      {{Precision::fp16, ComputeUnit::matrix}, "FP16/FP32 tensor"},
      {{Precision::tf32, ComputeUnit::matrix}, "TF32 tensor"},
      {{Precision::bf16, ComputeUnit::matrix}, "BF16 tensor"},
      {{Precision::fp8, ComputeUnit::matrix}, "FP8 tensor"},
      {{Precision::int8, std::nullopt}, "INT8 (DP4A or tensor)"},
  };
  return defs;
}

HardwareStudy analyze_hardware(const hw::Catalogue& catalogue, const GpuFilter& filter,
                               double confidence) {
  HardwareStudy study;
  study.filter = filter;
  for (const auto& def : hardware_series_defs()) {
    HardwareSeries s;
    s.id = def.path.id();
    s.label = def.label;
    s.path = def.path;
    for (const auto& d : catalogue.all()) {
      if (!filter.accepts(d) || !def.path.peak_tflops(d)) continue;
      if (!path_is_native(def.path, d)) {
        ++s.not_native;
        continue;
      }
      s.points.push_back({d.id, d.name, d.vendor, d.kind, d.release, d.release.decimal_year(),
                          *def.path.peak_tflops(d), d.tdp_w, *def.path.gflops_per_watt(d),
                          d.sources});
    }
    std::stable_sort(s.points.begin(), s.points.end(),
                     [](const auto& a, const auto& b) { return a.release < b.release; });
    std::vector<double> x, y;
    for (const auto& p : s.points) {
      x.push_back(p.year);
      y.push_back(p.gflops_per_watt);
    }
    s.trend =
        fit_trend("hardware", "gflops_per_watt", s.id, def.label, "GFLOPS/W", x, y, confidence);
    study.series.push_back(std::move(s));
  }
  return study;
}

}  // namespace infergy::trends
