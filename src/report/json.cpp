// The study as one JSON document: every fitted number with all its digits, every derived table.
#include <cmath>
#include <nlohmann/json.hpp>

#include "infergy/json_text.hpp"
#include "infergy/report.hpp"

namespace infergy::report {

namespace {

using nlohmann::json;

// JSON has no infinity: an unbounded end is null.
json finite_or_null(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

json interval_json(stats::Interval v) {
  return json::array({finite_or_null(v.low), finite_or_null(v.high)});
}

json optional_json(std::optional<double> v) {
  return v ? finite_or_null(*v) : json(nullptr);
}

json trend_json(const trends::Trend& t) {
  json j = {{"domain", t.domain}, {"quantity", t.quantity}, {"subset", t.subset},
            {"label", t.label},   {"unit", t.unit},         {"n", t.n},
            {"x_min", t.x_min},   {"x_max", t.x_max},       {"fitted", t.fit.has_value()}};
  if (!t.fit) {
    j["skipped"] = t.skipped;
    return j;
  }
  const auto& f = *t.fit;
  const auto& g = *t.growth;
  j["confidence"] = f.confidence;
  j["slope_log10_per_year"] = f.slope;
  j["slope_se"] = f.slope_se;
  j["slope_ci"] = interval_json(f.slope_ci);
  j["intercept"] = f.intercept;
  j["intercept_se"] = f.intercept_se;
  j["r2"] = f.r2;
  j["residual_se"] = f.residual_se;
  j["t_slope"] = finite_or_null(f.t_slope);
  j["p_slope"] = f.p_slope;
  j["f_statistic"] = finite_or_null(f.f_statistic);
  j["df"] = f.df();
  j["x_mean"] = f.x_mean;
  j["factor_per_year"] = g.factor_per_year;
  j["factor_per_year_ci"] = interval_json(g.factor_ci);
  j["direction"] = std::isinf(g.months) ? "flat" : (g.halving ? "halving" : "doubling");
  j["months"] = finite_or_null(g.months);
  j["months_ci"] = interval_json(g.months_ci);
  j["opposite_months"] = optional_json(g.opposite_months);
  return j;
}

json assignment_json(const std::optional<trends::Assignment>& a) {
  if (!a) return nullptr;
  return {{"gflops_per_watt", a->gflops_per_watt},
          {"path", a->path.id()},
          {"era", a->era},
          {"device_id", a->device_id},
          {"device_name", a->device_name},
          {"device_release", a->device_release}};
}

json options_json(const trends::StudyOptions& o) {
  json eras = json::array();
  for (const auto& e : o.eras) {
    eras.push_back({{"start", e.start.to_string()}, {"path", e.path.id()}, {"label", e.label}});
  }
  return {{"hw_rule", o.hw_rule.describe()},
          {"eras", eras},
          {"eras_spec", trends::describe_eras(o.eras)},
          {"gpus", o.gpus.describe()},
          {"confidence", o.confidence},
          {"since", o.since ? json(o.since->to_string()) : json(nullptr)},
          {"until", o.until ? json(o.until->to_string()) : json(nullptr)},
          {"factor_models", o.factor_models},
          {"factor_volumes", o.factor_volumes}};
}

json hardware_json(const trends::HardwareStudy& h) {
  json series = json::array();
  for (const auto& s : h.series) {
    json points = json::array();
    for (const auto& p : s.points) {
      points.push_back({{"id", p.id},
                        {"name", p.name},
                        {"vendor", p.vendor},
                        {"kind", hw::to_string(p.kind)},
                        {"release", p.release.to_string()},
                        {"year", p.year},
                        {"peak_tflops", p.peak_tflops},
                        {"tdp_w", p.tdp_w},
                        {"gflops_per_watt", p.gflops_per_watt}});
    }
    series.push_back({{"id", s.id},
                      {"label", s.label},
                      {"not_native", s.not_native},
                      {"trend", trend_json(s.trend)},
                      {"points", points}});
  }
  json steps = json::array();
  for (const auto& s : h.steps) {
    steps.push_back({{"from", s.date.to_string()}, {"assignment", assignment_json(s.assignment)}});
  }
  return {{"gpus", h.filter.describe()}, {"series", series}, {"assignment_steps", steps}};
}

json names_of(const trends::DomainStudy& d, const std::vector<std::size_t>& idx) {
  json names = json::array();
  for (auto i : idx) names.push_back(d.models[i].name);
  return names;
}

json front_json(const trends::DomainStudy& d, const trends::Front& f) {
  json by_year = json::array();
  for (const auto& y : f.by_year)
    by_year.push_back({{"year", y.year}, {"models", names_of(d, y.front)}});
  return {
      {"cost", trends::to_string(f.cost)}, {"front", names_of(d, f.front)}, {"by_year", by_year}};
}

json domain_json(const trends::DomainStudy& d) {
  json models = json::array();
  for (const auto& m : d.models) {
    models.push_back({{"name", m.name},
                      {"family", m.family},
                      {"date", m.date.to_string()},
                      {"year", m.year},
                      {"gflops", m.gflops},
                      {"params_m", m.params_m},
                      {"score", optional_json(m.score)},
                      {"extra_data", m.extra_data},
                      {"input_size", m.input_size},
                      {"hardware", assignment_json(m.hardware)},
                      {"hardware_missing", m.hardware_missing},
                      {"joules", optional_json(m.joules)},
                      {"sources", m.sources},
                      {"origin", m.origin}});
  }
  json trends = json::array();
  json yearly = json::object();
  for (const auto& q : d.quantities) {
    for (const auto* t : {&q.all, &q.best, &q.yearly_mean, &q.yearly_geomean}) {
      trends.push_back(trend_json(*t));
    }
    json rows = json::array();
    for (const auto& y : q.yearly) {
      rows.push_back({{"year", y.year},
                      {"n", y.n},
                      {"mean", y.mean},
                      {"geometric_mean", y.geometric_mean},
                      {"mean_year", y.mean_x}});
    }
    yearly[std::string(trends::to_string(q.quantity))] = rows;
  }
  return {{"score", d.score_label},
          {"trends", trends},
          {"best", names_of(d, d.best)},
          {"yearly", yearly},
          {"fronts",
           {{"gflops", front_json(d, d.front_gflops)}, {"joules", front_json(d, d.front_joules)}}},
          {"models", models}};
}

json humans_json(const trends::Study& s) {
  json refs = json::array();
  for (const auto& h : s.humans) {
    refs.push_back({{"id", h.id},
                    {"label", h.label},
                    {"watts", h.watts},
                    {"seconds", h.seconds},
                    {"joules", h.joules},
                    {"source", h.source}});
  }
  json comparisons = json::array();
  for (const auto& c : s.human_comparisons) {
    comparisons.push_back({{"reference", c.reference_id},
                           {"domain", trends::to_string(c.domain)},
                           {"models", c.models},
                           {"above", c.above},
                           {"most_model", c.most_model},
                           {"most_joules", c.most_joules}});
  }
  return {{"references", refs}, {"comparisons", comparisons}};
}

json factor_json(const trends::Study& s) {
  json rows = json::array();
  for (const auto& r : s.factor) {
    rows.push_back({{"model", r.model},
                    {"domain", trends::to_string(r.domain)},
                    {"joules", r.joules},
                    {"inferences_per_day", r.inferences_per_day},
                    {"kwh_per_day", r.kwh_per_day},
                    {"mwh_per_year", r.mwh_per_year}});
  }
  return rows;
}

}  // namespace

std::string study_json(const trends::Study& s, const std::vector<std::string>& parts) {
  const auto want = [&](const char* key) {
    return parts.empty() || std::find(parts.begin(), parts.end(), key) != parts.end();
  };
  json j = json::object();
  j["study"] =
      "Desislavov, Martinez-Plumed, Hernandez-Orallo: Compute and Energy Consumption Trends in "
      "Deep Learning Inference (arXiv 2109.05472; Sustainable Computing 38, 2023)";
  if (want("options")) j["options"] = options_json(s.options);
  if (want("hardware")) j["hardware"] = hardware_json(s.hardware);
  if (want("imagenet")) j["imagenet"] = domain_json(s.imagenet);
  if (want("glue")) j["glue"] = domain_json(s.glue);
  if (want("humans")) j["humans"] = humans_json(s);
  if (want("factor")) j["factor"] = factor_json(s);
  if (want("notes")) j["notes"] = s.notes;
  return to_json_text(j);
}

}  // namespace infergy::report
