// The study's figures as gnuplot scripts. Each figure is one `plot` command over inline
// datablocks, so a script is self-contained and renders the same to SVG and PNG (`replot`).
// Text that comes from data (model and GPU names) is always set `noenhanced`, so a name with
// '_' or '^' prints as written.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>

#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/report.hpp"
#include "infergy/text.hpp"
#include "report/format.hpp"
#include "report/plot.hpp"

namespace infergy::report {

namespace {

using detail::g;
using detail::number;
using detail::Plot;

constexpr const char* kAllColour = "#1f4e89";
constexpr const char* kPointColour = "#9ab0cc";
constexpr const char* kBestColour = "#d62728";
constexpr const char* kMeanColour = "#2ca02c";
constexpr const char* kGlueColour = "#f58518";
constexpr const char* kHumanColour = "#8c564b";
// Viridis, for "coloured by year": dark is old, yellow is new.
constexpr const char* kPalette =
    "set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', "
    "1 '#fde725')";

// Running minimum and maximum of what a figure draws, for its axis ranges.
struct Span {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return !(lo <= hi); }
};

void year_colour_box(Plot& p, double from, double to, const std::string& label) {
  p.set(kPalette);
  p.set(fmt::format("set cbrange [{}:{}]", g(std::floor(from)), g(std::floor(to) + 1)));
  p.set(fmt::format("set cbtics {} format '%.0f'", to - from > 6 ? 2 : 1));
  p.set("set cblabel " + gnuplot_string(label));
}

// Shorter than describe_growth, for legends.
std::string legend_growth(const trends::Trend& t) {
  if (!t.growth) return "not fitted";
  const auto& g2 = *t.growth;
  if (std::isinf(g2.months)) return "flat";
  return fmt::format("{} every {} mo {}", g2.halving ? "halves" : "doubles", number(g2.months, 3),
                     detail::interval(g2.months_ci, 3));
}

/// A fitted line with its mean-response band, over the fitted x span; adds the line to `y`.
void add_fit(Plot& p, const trends::Trend& t, const std::string& name, const char* colour,
             const std::string& what, Span& y, int dash = 1) {
  if (!t.fit) return;
  std::vector<std::vector<double>> rows;
  for (const auto& b : stats::confidence_band(*t.fit, t.x_min, t.x_max, 60)) {
    rows.push_back({b.x, b.fitted, b.mean.low, b.mean.high});
    y.add(b.fitted);
  }
  const auto block = p.block(name, rows);
  if (block.empty()) return;
  p.back(
      fmt::format("{} using 1:3:4 with filledcurves fc rgb '{}' fs transparent solid 0.13 "
                  "noborder notitle",
                  block, colour));
  p.front(fmt::format("{} using 1:2 with lines lw 2 dt {} lc rgb '{}' title {} noenhanced", block,
                      dash, colour,
                      gnuplot_string(fmt::format("{} (n={}): {}", what, t.n, legend_growth(t)))));
}

bool is_notable(const trends::Study& s, const std::string& name) {
  const auto& names = s.options.notable_models;
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return iequals(n, name); });
}

void label_notable(Plot& p, const trends::Study& s, const trends::DomainStudy& d,
                   const std::function<std::optional<double>(const trends::ModelPoint&)>& x,
                   const std::function<std::optional<double>(const trends::ModelPoint&)>& y) {
  for (const auto& m : d.models) {
    if (!is_notable(s, m.name)) continue;
    const auto xv = x(m);
    const auto yv = y(m);
    if (xv && yv) p.label(m.name, *xv, *yv);
  }
}

std::string domain_title(trends::Domain d) {
  return d == trends::Domain::imagenet ? "ImageNet" : "GLUE";
}

std::string quantity_axis(trends::Domain d, trends::Quantity q) {
  const bool imagenet = d == trends::Domain::imagenet;
  switch (q) {
    case trends::Quantity::gflops:
      return imagenet ? "GFLOPs per inference (one image; log scale)"
                      : "GFLOPs per inference (one forward pass; log scale)";
    case trends::Quantity::params:
      return "parameters (millions; log scale)";
    case trends::Quantity::joules:
      return "energy per inference (J; log scale)";
  }
  return "";
}

std::string figure_stem(trends::Domain d, trends::Quantity q) {
  return fmt::format("{}-{}", trends::to_string(d), trends::to_string(q));
}

std::string trend_caption(const trends::QuantityTrends& q) {
  std::string out;
  for (const auto* t : {&q.all, &q.best, &q.yearly_mean}) {
    out += fmt::format("{} (n={}): {}{}. ", t->label, t->n, describe_growth(*t),
                       t->fit ? fmt::format(", R² {}, p {}", number(t->fit->r2, 3),
                                            detail::p_value(t->fit->p_slope))
                              : "");
  }
  return out;
}

Figure trend_figure(const trends::Study& s, const trends::DomainStudy& d, trends::Quantity q) {
  const auto& qt = d.trends_of(q);
  const std::string title = fmt::format("{}: {} vs publication date", domain_title(d.domain),
                                        q == trends::Quantity::joules   ? "energy per inference"
                                        : q == trends::Quantity::params ? "parameters"
                                                                        : "GFLOPs per inference");
  Plot p(title);
  p.set("set key below maxrows 4 width -10");
  const bool imagenet = d.domain == trends::Domain::imagenet;

  std::vector<std::vector<double>> plain, extra, best, means;
  Span x, y;
  for (const auto& m : d.models) {
    const auto v = trends::value_of(m, q);
    if (!v) continue;
    (m.extra_data ? extra : plain).push_back({m.year, *v});
    x.add(m.year);
    y.add(*v);
  }
  for (auto i : d.best) {
    if (const auto v = trends::value_of(d.models[i], q)) best.push_back({d.models[i].year, *v});
  }
  for (const auto& ym : qt.yearly) {
    means.push_back({ym.year + 0.5, ym.mean});
    x.add(ym.year + 0.5);
  }

  const auto all_block = p.points("ALL", plain);
  const auto extra_block = p.points("EXTRA", extra);
  if (!all_block.empty()) {
    p.middle(fmt::format("{} using 1:2 with points pt 7 ps 0.6 lc rgb '{}' title {}", all_block,
                         kPointColour,
                         gnuplot_string(imagenet ? "models (ImageNet-1k only)" : "models")));
  }
  if (!extra_block.empty()) {
    p.middle(fmt::format(
        "{} using 1:2 with points pt 9 ps 0.8 lc rgb '{}' title 'models with extra data'",
        extra_block, kPointColour));
  }
  const auto best_block = p.points("BEST", best);
  if (!best_block.empty()) {
    p.middle(fmt::format("{} using 1:2 with points pt 5 ps 0.9 lc rgb '{}' title {}", best_block,
                         kBestColour,
                         gnuplot_string(fmt::format("best models (new record {})",
                                                    imagenet ? "Top-1" : "GLUE score"))));
  }
  const auto mean_block = p.points("MEAN", means);
  if (!mean_block.empty()) {
    p.middle(fmt::format("{} using 1:2 with points pt 13 ps 1.3 lc rgb '{}' title 'yearly mean'",
                         mean_block, kMeanColour));
  }
  add_fit(p, qt.all, "FIT_ALL", kAllColour, "all models", y);
  add_fit(p, qt.best, "FIT_BEST", kBestColour, "best models", y);
  add_fit(p, qt.yearly_mean, "FIT_MEAN", kMeanColour, "yearly mean", y, 2);
  for (const auto& ym : qt.yearly) y.add(ym.mean);
  if (!x.empty()) {
    p.date_axis(x.lo, x.hi, "publication date (year)");
    p.decade_axis('y', y.lo, y.hi, quantity_axis(d.domain, q));
  }
  label_notable(
      p, s, d, [](const trends::ModelPoint& m) { return std::optional<double>(m.year); },
      [q](const trends::ModelPoint& m) { return trends::value_of(m, q); });
  return {figure_stem(d.domain, q), title, trend_caption(qt), p.body()};
}

/// A front's points sorted by cost; gnuplot's `steps` draws the staircase between them.
std::vector<std::vector<double>> front_rows(const trends::DomainStudy& d,
                                            const std::vector<std::size_t>& front,
                                            trends::Quantity cost) {
  std::vector<std::vector<double>> rows;
  for (auto i : front) rows.push_back({*trends::value_of(d.models[i], cost), *d.models[i].score});
  return rows;
}

std::string front_names(const trends::DomainStudy& d, const std::vector<std::size_t>& front) {
  std::vector<std::string> names;
  for (auto i : front) names.push_back(d.models[i].name);
  return fmt::format("{}", fmt::join(names, ", "));
}

std::string score_axis(const trends::DomainStudy& d) {
  return d.domain == trends::Domain::imagenet ? "Top-1 accuracy on ImageNet-1k val (%)"
                                              : "GLUE test score (average)";
}

// Linear score axis in steps of 5 around the scores drawn.
void score_range(Plot& p, const trends::DomainStudy& d, const Span& score) {
  if (score.empty()) return;
  p.axis('y', std::floor((score.lo - 1) / 5) * 5, std::ceil((score.hi + 1) / 5) * 5, false,
         score_axis(d));
}

Figure score_figure(const trends::Study& s, const trends::DomainStudy& d, trends::Quantity cost) {
  const bool imagenet = d.domain == trends::Domain::imagenet;
  const std::string score = imagenet ? "Top-1 accuracy" : "GLUE score";
  const std::string what = cost == trends::Quantity::joules ? "energy per inference" : "GFLOPs";
  const std::string title = fmt::format("{}: {} vs {}", domain_title(d.domain), score, what);
  Plot p(title);
  p.set("set key bottom right opaque box lc rgb '#cccccc'");
  std::vector<std::vector<double>> plain, extra;
  Span x, y, years;
  for (const auto& m : d.models) {
    const auto c = trends::value_of(m, cost);
    if (!c || !m.score) continue;
    (m.extra_data ? extra : plain).push_back({*c, *m.score, m.year});
    x.add(*c);
    y.add(*m.score);
    years.add(m.year);
  }
  if (!years.empty()) year_colour_box(p, years.lo, years.hi, "publication year");
  const auto& f = cost == trends::Quantity::joules ? d.front_joules : d.front_gflops;
  const auto plain_block = p.points("PTS", plain);
  const auto extra_block = p.points("EXTRA", extra);
  if (!plain_block.empty()) {
    p.middle(fmt::format("{} using 1:2:3 with points pt 7 ps 0.8 lc palette title {}", plain_block,
                         gnuplot_string(imagenet ? "ImageNet-1k only" : "models")));
  }
  if (!extra_block.empty()) {
    p.middle(fmt::format(
        "{} using 1:2:3 with points pt 9 ps 0.9 lc palette title 'with extra training data'",
        extra_block));
  }
  const auto front_block = p.block("FRONT", front_rows(d, f.front, cost));
  if (!front_block.empty()) {
    p.back(fmt::format("{} using 1:2 with steps lw 1.5 lc rgb '#333333' notitle", front_block));
    p.front(fmt::format("{} using 1:2 with points pt 6 ps 1.5 lc rgb '#333333' title {}",
                        front_block,
                        gnuplot_string(fmt::format("Pareto front ({} models)", f.front.size()))));
  }
  if (!x.empty()) {
    p.decade_axis('x', x.lo, x.hi, quantity_axis(d.domain, cost));
    score_range(p, d, y);
  }
  // A small set (GLUE) is labelled whole; a large one (ImageNet) by its notable models.
  constexpr std::size_t kLabelAllUpTo = 25;
  const bool label_all = plain.size() + extra.size() <= kLabelAllUpTo;
  for (const auto& m : d.models) {
    const auto c = trends::value_of(m, cost);
    if (c && m.score && (label_all || is_notable(s, m.name))) p.label(m.name, *c, *m.score);
  }
  const std::string caption = fmt::format(
      "Each model's {} against its {} (log scale), coloured by publication year; the line is the "
      "Pareto front (no model is both cheaper and more accurate): {}.",
      score, what, front_names(d, f.front));
  return {fmt::format("{}-score-vs-{}", trends::to_string(d.domain), trends::to_string(cost)),
          title, caption, p.body()};
}

Figure fronts_by_year_figure(const trends::Study& s, const trends::DomainStudy& d,
                             trends::Quantity cost) {
  const bool imagenet = d.domain == trends::Domain::imagenet;
  const auto& f = cost == trends::Quantity::joules ? d.front_joules : d.front_gflops;
  const std::string title = fmt::format("{}: the Pareto front of {} vs {} at the end of each year",
                                        domain_title(d.domain), imagenet ? "Top-1" : "GLUE score",
                                        cost == trends::Quantity::joules ? "energy" : "GFLOPs");
  Plot p(title);
  p.set("set key off");
  Span x, y;
  if (!f.by_year.empty()) {
    year_colour_box(p, f.by_year.front().year, f.by_year.back().year, "front at the end of year");
  }
  for (const auto& yf : f.by_year) {
    const auto rows = front_rows(d, yf.front, cost);
    for (const auto& r : rows) {
      x.add(r[0]);
      y.add(r[1]);
    }
    const auto block = p.points(fmt::format("Y{}", yf.year), rows);
    if (block.empty()) continue;
    p.middle(fmt::format("{} using 1:2 with steps lw 2 lc palette cb {} notitle", block, yf.year));
    p.middle(fmt::format("{} using 1:2 with points pt 7 ps 0.7 lc palette cb {} notitle", block,
                         yf.year));
  }
  if (!x.empty()) {
    p.decade_axis('x', x.lo, x.hi, quantity_axis(d.domain, cost));
    score_range(p, d, y);
  }
  // Name the notable models that made a front (all of them would not fit).
  std::vector<std::size_t> named;
  for (const auto& yf : f.by_year) {
    for (auto i : yf.front) {
      if (!is_notable(s, d.models[i].name) ||
          std::find(named.begin(), named.end(), i) != named.end()) {
        continue;
      }
      named.push_back(i);
      p.label(d.models[i].name, *trends::value_of(d.models[i], cost), *d.models[i].score);
    }
  }
  std::string caption =
      "Each line is the set of models that no model published by the end of that year beats on "
      "both accuracy and cost; the front moves up and left as years pass. ";
  if (!f.by_year.empty()) {
    caption += fmt::format("{}: {}. {}: {}.", f.by_year.front().year,
                           front_names(d, f.by_year.front().front), f.by_year.back().year,
                           front_names(d, f.by_year.back().front));
  }
  return {fmt::format("{}-front-by-year", trends::to_string(d.domain)), title, caption, p.body()};
}

struct NotableGpu {
  const char* id;
  const char* path;
  const char* label;
};
// GPUs the study names, plus the first of later generations, labelled on one series each.
constexpr NotableGpu kNotableGpus[] = {
    {"gtx-580", "fp32-vector", "GTX 580"},
    {"k80", "fp32-vector", "K80"},
    {"titan-x-pascal", "fp32-vector", "TITAN X (Pascal)"},
    {"rtx-3090", "fp32-vector", "RTX 3090"},
    {"v100-sxm2-16gb", "fp16-matrix", "V100 SXM2"},
    {"t4", "fp16-matrix", "T4"},
    {"a30", "fp16-matrix", "A30"},
    {"a100-sxm4-40gb", "tf32-matrix", "A100 SXM4"},
    {"h100-sxm5-80gb", "fp8-matrix", "H100 SXM5"},
};

Figure hardware_figure(const trends::Study& s) {
  const std::string title = "GPU energy efficiency (peak GFLOPS per watt) vs release date";
  Plot p(title);
  p.set("set key below maxrows 4 width -10");
  constexpr const char* kColours[] = {"#4c78a8", "#72b7b2", "#f58518", "#e45756",
                                      "#54a24b", "#b279a2", "#9d755d"};
  Span x, y;
  std::string caption = fmt::format("GPUs: {}. ", s.hardware.filter.describe());
  for (std::size_t k = 0; k < s.hardware.series.size(); ++k) {
    const auto& series = s.hardware.series[k];
    const char* colour = kColours[k % std::size(kColours)];
    std::vector<std::vector<double>> rows;
    for (const auto& pt : series.points) {
      rows.push_back({pt.year, pt.gflops_per_watt});
      x.add(pt.year);
      y.add(pt.gflops_per_watt);
      for (const auto& n : kNotableGpus) {
        if (pt.id == n.id && series.id == n.path) p.label(n.label, pt.year, pt.gflops_per_watt);
      }
    }
    const std::string name = fmt::format("S{}", k);
    const auto block = p.points(name, rows);
    if (block.empty()) continue;
    const bool fitted = series.trend.fit.has_value();
    p.middle(fmt::format(
        "{} using 1:2 with points pt 7 ps 0.55 lc rgb '{}' {}", block, colour,
        fitted ? std::string("notitle")
               : "title " + gnuplot_string(series.label + " (not fitted)") + " noenhanced"));
    add_fit(p, series.trend, "FIT_" + name, colour, series.label, y);
    caption +=
        fmt::format("{} (n={}): {}. ", series.label, series.trend.n, describe_growth(series.trend));
  }
  if (!x.empty()) {
    p.date_axis(x.lo, x.hi, "release date (year)");
    p.decade_axis('y', y.lo, y.hi,
                  "peak GFLOPS (TOPS for INT8) per watt of board power (log scale)");
  }
  return {"hardware-efficiency", title, caption, p.body()};
}

Figure hardware_at_date_figure(const trends::Study& s) {
  const std::string title = fmt::format("GFLOPS/W given to a model of each date (rule: {})",
                                        s.options.hw_rule.describe());
  Plot p(title);
  p.set("set key top left opaque box lc rgb '#cccccc'");
  const auto& steps = s.hardware.steps;
  Span x, y;
  for (const auto* d : {&s.imagenet, &s.glue}) {
    for (const auto& m : d->models) x.add(m.year);
  }
  std::vector<std::vector<double>> rows;
  for (const auto& st : steps) {
    const double v = st.assignment ? st.assignment->gflops_per_watt : NAN;
    rows.push_back({st.date.decimal_year(), v});
    y.add(v);
  }
  if (!rows.empty() && std::isfinite(rows.back()[1]) && !x.empty()) {
    rows.push_back({x.hi, rows.back()[1]});
  }
  const auto block = p.block("STEPS", rows);
  if (!block.empty()) {
    p.front(fmt::format(
        "{} using 1:2 with steps lw 2.5 lc rgb '{}' title {} noenhanced", block, kAllColour,
        gnuplot_string(fmt::format("assigned GFLOPS/W ({})", s.options.hw_rule.describe()))));
  }
  std::vector<std::vector<double>> models;
  for (const auto* d : {&s.imagenet, &s.glue}) {
    for (const auto& m : d->models) {
      if (m.hardware) models.push_back({m.year, m.hardware->gflops_per_watt});
    }
  }
  const auto model_block = p.points("MODELS", models);
  if (!model_block.empty()) {
    p.middle(fmt::format(
        "{} using 1:2 with points pt 7 ps 0.7 lc rgb '{}' title 'models (ImageNet and GLUE)'",
        model_block, kGlueColour));
  }
  if (!x.empty() && !y.empty()) {
    p.date_axis(x.lo, x.hi, "model publication date (year)");
    p.decade_axis('y', y.lo, y.hi, "GFLOPS per watt assigned (log scale)");
  }
  int arrow = 1;
  for (const auto& era : s.options.eras) {
    const double e = era.start.decimal_year();
    if (x.empty() || e <= x.lo || e >= x.hi) continue;
    p.set(fmt::format("set arrow {} from {},graph 0 to {},graph 1 nohead dt 2 lc rgb '#777777'",
                      arrow++, g(e), g(e)));
    // Along the boundary, on the side of the era it opens, so neighbouring labels cannot collide.
    p.raw_label(
        fmt::format("{} at {},graph 0.03 left rotate by 90 offset char 1.1,0 font ',9' "
                    "noenhanced tc rgb '#555555'",
                    gnuplot_string(era.label + " from " + era.start.to_string()), g(e)));
    for (double fy = 0.03; fy < 0.45; fy += 0.015) p.keep_clear(e + 0.12, fy);
  }
  std::string caption = fmt::format("Eras: {}. ", trends::describe_eras(s.options.eras));
  // The best and fixed rules name a device at each step; the trend rule has none.
  if (s.options.hw_rule.kind != trends::HwRuleKind::trend) {
    for (const auto& st : steps) {
      if (!st.assignment) continue;
      p.label(st.assignment->device_id, st.date.decimal_year(), st.assignment->gflops_per_watt);
      caption += fmt::format("From {}: {} ({} GFLOPS/W). ", st.date.to_string(),
                             st.assignment->device_id, number(st.assignment->gflops_per_watt));
    }
  }
  return {"hardware-at-date", title, caption, p.body()};
}

Figure humans_figure(const trends::Study& s) {
  const std::string title = "Energy per inference vs the energy a person spends on the task";
  Plot p(title);
  p.set("set key below maxrows 3 width -10");
  p.set("set style textbox opaque noborder");
  Span x, y;
  for (const auto* d : {&s.imagenet, &s.glue}) {
    std::vector<std::vector<double>> rows;
    for (const auto& m : d->models) {
      if (!m.joules) continue;
      rows.push_back({m.year, *m.joules});
      x.add(m.year);
      y.add(*m.joules);
    }
    const bool imagenet = d->domain == trends::Domain::imagenet;
    const char* colour = imagenet ? kAllColour : kGlueColour;
    const auto block = p.points(imagenet ? "IMAGENET" : "GLUE", rows);
    if (block.empty()) continue;
    p.middle(fmt::format("{} using 1:2 with points pt {} ps 0.7 lc rgb '{}' title {}", block,
                         imagenet ? 7 : 9, colour,
                         gnuplot_string(imagenet ? "ImageNet models (one image)"
                                                 : "GLUE / language models (one forward pass)")));
    add_fit(p, d->trends_of(trends::Quantity::joules).all, imagenet ? "FIT_IMAGENET" : "FIT_GLUE",
            colour, imagenet ? "ImageNet, all" : "GLUE, all", y);
  }
  std::string caption;
  int arrow = 1;
  for (const auto& h : s.humans) {
    y.add(h.joules);
    p.set(
        fmt::format("set arrow {} from graph 0,first {} to graph 1,first {} nohead dt 3 lw 1.5 "
                    "lc rgb '{}'",
                    arrow++, g(h.joules), g(h.joules), kHumanColour));
    p.raw_label(
        fmt::format("{} at graph 0.01,first {} offset 0,0.6 font ',9' noenhanced "
                    "tc rgb '{}' front boxed",
                    gnuplot_string(fmt::format("{}: {} W x {} s = {} J", h.label, number(h.watts),
                                               number(h.seconds), number(h.joules))),
                    g(h.joules), kHumanColour));
    caption += fmt::format("{}: {} J. ", h.label, number(h.joules));
  }
  if (!x.empty()) {
    p.date_axis(x.lo, x.hi, "publication date (year)");
    p.decade_axis('y', y.lo, y.hi, "joules per inference, or per task for a person (log scale)");
  }
  for (const auto& c : s.human_comparisons) {
    caption += fmt::format("{} of {} {} models spend more than {}. ", c.above, c.models,
                           trends::to_string(c.domain), c.reference_id);
  }
  return {"joules-vs-humans", title, caption, p.body()};
}

Figure factor_figure(const trends::Study& s) {
  const std::string title = "The multiplicative factor: daily energy vs inferences per day";
  Plot p(title);
  p.set("set key top left opaque box lc rgb '#cccccc'");
  p.set("set style textbox opaque noborder");
  constexpr const char* kColours[] = {"#4c78a8", "#f58518", "#54a24b", "#e45756",
                                      "#b279a2", "#9d755d", "#72b7b2", "#ff9da6"};
  constexpr double kFrom = 1e3, kTo = 1e12;  // inferences per day on the x axis
  std::map<std::string, std::vector<std::vector<double>>> marks;
  std::vector<std::pair<std::string, double>> models;
  for (const auto& r : s.factor) {
    if (!marks.count(r.model)) models.emplace_back(r.model, r.joules);
    marks[r.model].push_back({r.inferences_per_day, r.kwh_per_day});
  }
  Span y;
  std::string caption = "Device energy (PUE 1) = J per inference × inferences per day. ";
  for (std::size_t k = 0; k < models.size(); ++k) {
    const auto& [name, joules] = models[k];
    const char* colour = kColours[k % std::size(kColours)];
    y.add(joules * kFrom / 3.6e6);
    y.add(joules * kTo / 3.6e6);
    const auto line = p.block(fmt::format("L{}", k),
                              {{kFrom, joules * kFrom / 3.6e6}, {kTo, joules * kTo / 3.6e6}});
    if (!line.empty()) {
      p.middle(fmt::format("{} using 1:2 with lines lw 2 lc rgb '{}' title {} noenhanced", line,
                           colour,
                           gnuplot_string(fmt::format("{} ({} J)", name, number(joules, 3)))));
    }
    const auto pts = p.block(fmt::format("M{}", k), marks[name]);
    if (!pts.empty()) {
      p.middle(fmt::format("{} using 1:2 with points pt 7 ps 1 lc rgb '{}' notitle", pts, colour));
    }
    caption += fmt::format("{}: {} J", name, number(joules, 3));
    for (const auto& r : s.factor) {
      if (r.model == name) {
        caption +=
            fmt::format("; {} per day → {} kWh/day, {} MWh/year", number(r.inferences_per_day, 3),
                        number(r.kwh_per_day, 3), number(r.mwh_per_year, 3));
      }
    }
    caption += ". ";
  }
  int arrow = 1;
  for (const auto& h : s.humans) {
    if (h.id == "human_brain_power") continue;
    const double kwh_per_day = h.watts * 86400 / 3.6e6;
    y.add(kwh_per_day);
    p.set(
        fmt::format("set arrow {} from graph 0,first {} to graph 1,first {} nohead dt 3 lw 1.5 "
                    "lc rgb '{}'",
                    arrow++, g(kwh_per_day), g(kwh_per_day), kHumanColour));
    p.raw_label(fmt::format(
        "{} at graph 0.99,first {} right offset 0,0.6 font ',9' "
        "noenhanced tc rgb '{}' front boxed",
        gnuplot_string(fmt::format("one person-day, {}: {} kWh", h.label, number(kwh_per_day, 3))),
        g(kwh_per_day), kHumanColour));
  }
  p.axis('x', kFrom, kTo, true, "inferences per day (log scale)");
  if (!y.empty()) {
    // The right axis reads the same lines in MWh per year (× 365 / 1000); gnuplot cannot link
    // log axes, so both get whole-decade ranges that match.
    const double y0 = std::pow(10.0, std::floor(std::log10(y.lo)));
    const double y1 = std::pow(10.0, std::ceil(std::log10(y.hi)));
    p.axis('y', y0, y1, true, "device energy per day (kWh; log scale)");
    p.set("set logscale y2");
    p.set(fmt::format("set y2range [{}:{}]", g(y0 * 365 / 1000), g(y1 * 365 / 1000)));
    p.set("set format y2 '10^{%L}'");
    p.set("set y2tics");
    p.set("set y2label 'device energy per year (MWh; log scale)'");
    p.set("set border 11 lc rgb '#444444'");
  }
  return {"multiplicative-factor", title, caption, p.body()};
}

}  // namespace

std::vector<Figure> figures(const trends::Study& s) {
  using trends::Quantity;
  std::vector<Figure> out;
  out.push_back(hardware_figure(s));
  out.push_back(hardware_at_date_figure(s));
  for (auto q : {Quantity::gflops, Quantity::params, Quantity::joules}) {
    out.push_back(trend_figure(s, s.imagenet, q));
  }
  out.push_back(score_figure(s, s.imagenet, Quantity::gflops));
  out.push_back(score_figure(s, s.imagenet, Quantity::joules));
  out.push_back(fronts_by_year_figure(s, s.imagenet, Quantity::gflops));
  for (auto q : {Quantity::gflops, Quantity::params, Quantity::joules}) {
    out.push_back(trend_figure(s, s.glue, q));
  }
  out.push_back(score_figure(s, s.glue, Quantity::gflops));
  out.push_back(humans_figure(s));
  out.push_back(factor_figure(s));
  return out;
}

std::string gnuplot_script(const Figure& f, std::string_view png_terminal) {
  const std::string png =
      png_terminal == "pngcairo"
          ? "set terminal pngcairo size 1000,700 font 'Sans,11' background rgb 'white'"
          : "set terminal png size 1000,700 background rgb 'white'";
  return fmt::format(
      "# {}: written by `infergy report` (rerun: gnuplot {}.gp, in this directory)\n"
      "set terminal svg size 1000,700 dynamic font 'Sans,12' background rgb 'white'\n"
      "set output '{}.svg'\n"
      "{}"
      "unset output\n"
      "{}\n"
      "set output '{}.png'\n"
      "replot\n"
      "unset output\n",
      visible(f.title), f.name, f.name, f.body, png, f.name);
}

}  // namespace infergy::report
