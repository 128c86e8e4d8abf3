// The model side of the study: each model given its hardware and joules, then the all / best /
// yearly-mean trends of GFLOPs, parameters and joules, and the accuracy-vs-cost Pareto fronts.
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "infergy/energy.hpp"
#include "infergy/error.hpp"
#include "infergy/text.hpp"
#include "infergy/trends.hpp"

namespace infergy::trends {

std::string_view to_string(Domain d) {
  return d == Domain::imagenet ? "imagenet" : "glue";
}

std::string_view to_string(Quantity q) {
  switch (q) {
    case Quantity::gflops:
      return "gflops";
    case Quantity::params:
      return "params";
    case Quantity::joules:
      return "joules";
  }
  return "?";
}

std::string_view unit_of(Quantity q) {
  switch (q) {
    case Quantity::gflops:
      return "GFLOPs";
    case Quantity::params:
      return "M params";
    case Quantity::joules:
      return "J";
  }
  return "?";
}

std::optional<double> value_of(const ModelPoint& m, Quantity q) {
  switch (q) {
    case Quantity::gflops:
      return m.gflops;
    case Quantity::params:
      return m.params_m;
    case Quantity::joules:
      return m.joules;
  }
  return std::nullopt;
}

const QuantityTrends& DomainStudy::trends_of(Quantity q) const {
  for (const auto& t : quantities) {
    if (t.quantity == q) return t;
  }
  throw internal_error(fmt::format("{}: no trends of {}", to_string(domain), to_string(q)));
}

const ModelPoint* DomainStudy::find(std::string_view name) const {
  for (const auto& m : models) {
    if (iequals(m.name, name)) return &m;
  }
  return nullptr;
}

namespace {

void assign_hardware(ModelPoint& m, const HardwareAtDate& hardware) {
  m.year = m.date.decimal_year();
  m.hardware = hardware.at(m.date);
  if (m.hardware) {
    try {
      m.joules = energy::study_joules(m.gflops * 1e9, m.hardware->gflops_per_watt);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::input) throw;
      throw input_error(fmt::format(
          "{} ({}) on {}: {}", m.name, m.date.to_string(),
          m.hardware->device_id.empty() ? "the fitted trend" : m.hardware->device_id, e.what()));
    }
  } else {
    m.hardware_missing = hardware.why_none(m.date);
  }
}

void sort_points(std::vector<ModelPoint>& points) {
  std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) {
    if (a.date != b.date) return a.date < b.date;
    return a.name < b.name;
  });
}

std::string domain_label(Domain d) {
  return d == Domain::imagenet ? "ImageNet" : "GLUE";
}

std::string quantity_label(Quantity q) {
  switch (q) {
    case Quantity::gflops:
      return "GFLOPs";
    case Quantity::params:
      return "parameters";
    case Quantity::joules:
      return "joules";
  }
  return "?";
}

QuantityTrends quantity_trends(Domain domain, Quantity q, const std::vector<ModelPoint>& models,
                               const std::vector<std::size_t>& best, double confidence) {
  QuantityTrends t;
  t.quantity = q;
  const std::string d(to_string(domain));
  const std::string qs(to_string(q));
  const std::string unit(unit_of(q));
  const std::string what = fmt::format("{} {}", domain_label(domain), quantity_label(q));

  std::vector<double> x, y;
  for (const auto& m : models) {
    if (const auto v = value_of(m, q)) {
      x.push_back(m.year);
      y.push_back(*v);
    }
  }
  t.all = fit_trend(d, qs, "all", what + ", all models", unit, x, y, confidence);

  std::vector<double> bx, by;
  for (auto i : best) {
    if (const auto v = value_of(models[i], q)) {
      bx.push_back(models[i].year);
      by.push_back(*v);
    }
  }
  t.best = fit_trend(d, qs, "best", what + ", best models", unit, bx, by, confidence);

  if (!x.empty()) t.yearly = stats::yearly_means(x, y);
  std::vector<double> yx, mean, geomean;
  for (const auto& ym : t.yearly) {
    // Mid-year: the average stands for the whole year (the slope is the same for any offset).
    yx.push_back(ym.year + 0.5);
    mean.push_back(ym.mean);
    geomean.push_back(ym.geometric_mean);
  }
  t.yearly_mean =
      fit_trend(d, qs, "yearly-mean", what + ", yearly mean", unit, yx, mean, confidence);
  t.yearly_geomean = fit_trend(d, qs, "yearly-geomean", what + ", yearly geometric mean", unit, yx,
                               geomean, confidence);
  return t;
}

Front front_of(Quantity cost, const std::vector<ModelPoint>& models) {
  Front f;
  f.cost = cost;
  std::vector<std::size_t> index;
  std::vector<double> years, scores, costs;
  for (std::size_t i = 0; i < models.size(); ++i) {
    const auto c = value_of(models[i], cost);
    if (!models[i].score || !c) continue;
    index.push_back(i);
    years.push_back(models[i].year);
    scores.push_back(*models[i].score);
    costs.push_back(*c);
  }
  if (index.empty()) return f;
  for (auto k : stats::pareto_front(scores, costs)) f.front.push_back(index[k]);
  for (const auto& yf : stats::pareto_fronts_by_year(years, scores, costs)) {
    Front::Year year{yf.year, {}};
    for (auto k : yf.front) year.front.push_back(index[k]);
    f.by_year.push_back(std::move(year));
  }
  return f;
}

}  // namespace

std::vector<ModelPoint> imagenet_points(const std::vector<ImageNetModel>& models,
                                        const HardwareAtDate& hardware) {
  std::vector<ModelPoint> points;
  points.reserve(models.size());
  for (const auto& m : models) {
    ModelPoint p;
    p.name = m.name;
    p.family = m.family;
    p.date = m.date;
    p.gflops = m.gflops;
    p.params_m = m.params_m;
    p.score = m.top1;
    p.extra_data = m.uses_extra_data();
    p.input_size = m.resolution;
    p.sources = m.sources;
    p.origin = m.origin;
    assign_hardware(p, hardware);
    points.push_back(std::move(p));
  }
  sort_points(points);
  return points;
}

std::vector<ModelPoint> glue_points(const std::vector<GlueModel>& models,
                                    const HardwareAtDate& hardware) {
  std::vector<ModelPoint> points;
  points.reserve(models.size());
  for (const auto& m : models) {
    ModelPoint p;
    p.name = m.name;
    p.date = m.date;
    p.gflops = m.gflops;
    p.params_m = m.params_m;
    p.score = m.glue_test;
    p.input_size = m.input_tokens;
    p.sources = m.sources;
    p.origin = m.origin;
    assign_hardware(p, hardware);
    points.push_back(std::move(p));
  }
  sort_points(points);
  return points;
}

DomainStudy analyze_models(Domain domain, std::vector<ModelPoint> models, double confidence) {
  DomainStudy s;
  s.domain = domain;
  s.score_label = domain == Domain::imagenet ? "Top-1 (%)" : "GLUE score";
  sort_points(models);
  s.models = std::move(models);

  std::vector<std::size_t> scored;
  std::vector<double> x, score;
  for (std::size_t i = 0; i < s.models.size(); ++i) {
    if (!s.models[i].score) continue;
    scored.push_back(i);
    x.push_back(s.models[i].year);
    score.push_back(*s.models[i].score);
  }
  if (!scored.empty()) {
    for (auto k : stats::record_setters(x, score)) s.best.push_back(scored[k]);
  }
  for (auto q : {Quantity::gflops, Quantity::params, Quantity::joules}) {
    s.quantities.push_back(quantity_trends(domain, q, s.models, s.best, confidence));
  }
  s.front_gflops = front_of(Quantity::gflops, s.models);
  s.front_joules = front_of(Quantity::joules, s.models);
  return s;
}

}  // namespace infergy::trends
