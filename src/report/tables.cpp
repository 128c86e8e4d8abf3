// The study's derived tables as infergy::Table (text, Markdown, CSV).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "infergy/report.hpp"
#include "report/format.hpp"

namespace infergy::report {

using detail::interval;
using detail::number;

std::string describe_growth(const trends::Trend& t) {
  if (!t.growth) return "not fitted: " + t.skipped;
  const auto& g = *t.growth;
  if (std::isinf(g.months)) return "flat";
  return fmt::format("{} every {} months {}", g.halving ? "halves" : "doubles", number(g.months, 3),
                     interval(g.months_ci, 3));
}

Table trends_table(const std::vector<const trends::Trend*>& trends) {
  Table table({{"domain", Align::left},
               {"quantity", Align::left},
               {"subset", Align::left},
               {"n"},
               {"years", Align::left},
               {"slope log10/yr"},
               {"slope CI", Align::left},
               {"x per year"},
               {"trend", Align::left},
               {"months"},
               {"months CI", Align::left},
               {"R2"},
               {"p"}});
  std::string last_domain;
  for (const auto* t : trends) {
    if (!last_domain.empty() && t->domain != last_domain) table.add_separator();
    last_domain = t->domain;
    const std::string years =
        t->n ? fmt::format("{:.1f}-{:.1f}", t->x_min, t->x_max) : std::string();
    if (!t->fit) {
      table.add_row({t->domain, t->quantity, t->subset, std::to_string(t->n), years, "", "", "",
                     "not fitted: " + t->skipped, "", "", "", ""});
      continue;
    }
    const auto& f = *t->fit;
    const auto& g = *t->growth;
    const char* direction = std::isinf(g.months) ? "flat" : (g.halving ? "halves" : "doubles");
    table.add_row({t->domain, t->quantity, t->subset, std::to_string(t->n), years, number(f.slope),
                   interval(f.slope_ci), number(g.factor_per_year), direction, number(g.months, 3),
                   interval(g.months_ci, 3), number(f.r2, 3), detail::p_value(f.p_slope)});
  }
  return table;
}

namespace {

bool contains(const std::vector<std::size_t>& v, std::size_t i) {
  return std::find(v.begin(), v.end(), i) != v.end();
}

}  // namespace

Table models_table(const trends::DomainStudy& d) {
  const bool imagenet = d.domain == trends::Domain::imagenet;
  Table table({{"model", Align::left},
               {"date", Align::left},
               {"GFLOPs"},
               {"params (M)"},
               {imagenet ? "Top-1 %" : "GLUE"},
               {"extra data", Align::left},
               {imagenet ? "resolution" : "tokens"},
               {"era", Align::left},
               {"device", Align::left},
               {"GFLOPS/W"},
               {"J per inference"},
               {"best"},
               {"front"},
               {"source", Align::left}});
  for (std::size_t i = 0; i < d.models.size(); ++i) {
    const auto& m = d.models[i];
    const auto& hw = m.hardware;
    table.add_row({m.name, m.date.to_string(), number(m.gflops), number(m.params_m),
                   number(m.score), imagenet ? (m.extra_data ? "yes" : "no") : "",
                   std::to_string(m.input_size), hw ? hw->era : "",
                   hw ? (hw->device_id.empty() ? hw->device_name : hw->device_id)
                      : "none: " + m.hardware_missing,
                   hw ? number(hw->gflops_per_watt) : "", number(m.joules),
                   contains(d.best, i) ? "yes" : "", contains(d.front_gflops.front, i) ? "yes" : "",
                   detail::first_source(m.sources)});
  }
  return table;
}

Table hardware_points_table(const trends::HardwareStudy& h) {
  Table table({{"series", Align::left},
               {"id", Align::left},
               {"name", Align::left},
               {"kind", Align::left},
               {"released", Align::left},
               {"peak TFLOPS/TOPS"},
               {"TDP W"},
               {"GFLOPS/W"},
               {"source", Align::left}});
  for (const auto& s : h.series) {
    for (const auto& p : s.points) {
      table.add_row({s.id, p.id, p.name, std::string(hw::to_string(p.kind)), p.release.to_string(),
                     number(p.peak_tflops), number(p.tdp_w), number(p.gflops_per_watt),
                     detail::first_source(p.sources)});
    }
  }
  return table;
}

Table assignment_table(const std::vector<trends::AssignmentStep>& steps) {
  Table table({{"from", Align::left},
               {"era", Align::left},
               {"path", Align::left},
               {"device", Align::left},
               {"released", Align::left},
               {"GFLOPS/W"}});
  for (const auto& s : steps) {
    if (!s.assignment) {
      table.add_row({s.date.to_string(), "", "", "none", "", ""});
      continue;
    }
    const auto& a = *s.assignment;
    table.add_row({s.date.to_string(), a.era, a.path.id(),
                   a.device_id.empty() ? a.device_name : a.device_id, a.device_release,
                   number(a.gflops_per_watt)});
  }
  return table;
}

Table yearly_table(const trends::DomainStudy& d) {
  Table table({{"quantity", Align::left},
               {"unit", Align::left},
               {"year"},
               {"n"},
               {"mean"},
               {"geometric mean"}});
  for (const auto& q : d.quantities) {
    for (const auto& y : q.yearly) {
      table.add_row({std::string(trends::to_string(q.quantity)),
                     std::string(trends::unit_of(q.quantity)), std::to_string(y.year),
                     std::to_string(y.n), number(y.mean), number(y.geometric_mean)});
    }
  }
  return table;
}

Table fronts_table(const trends::DomainStudy& d) {
  Table table({{"cost", Align::left},
               {"as of", Align::left},
               {"model", Align::left},
               {"date", Align::left},
               {d.score_label},
               {"cost value"}});
  for (const auto* f : {&d.front_gflops, &d.front_joules}) {
    const std::string cost(trends::to_string(f->cost));
    const auto add = [&](const std::string& when, std::size_t i) {
      const auto& m = d.models[i];
      table.add_row({cost, when, m.name, m.date.to_string(), number(m.score),
                     number(trends::value_of(m, f->cost))});
    };
    for (auto i : f->front) add("all", i);
    for (const auto& y : f->by_year) {
      for (auto i : y.front) add(std::to_string(y.year), i);
    }
  }
  return table;
}

Table humans_table(const trends::Study& s) {
  Table table({{"reference", Align::left},
               {"id", Align::left},
               {"W"},
               {"s"},
               {"J per task"},
               {"ImageNet models above"},
               {"GLUE models above"},
               {"source", Align::left}});
  for (const auto& h : s.humans) {
    std::string above[2];
    for (const auto& c : s.human_comparisons) {
      if (c.reference_id != h.id) continue;
      above[c.domain == trends::Domain::imagenet ? 0 : 1] =
          fmt::format("{} of {}", c.above, c.models);
    }
    table.add_row({h.label, h.id, number(h.watts), number(h.seconds), number(h.joules), above[0],
                   above[1], h.source});
  }
  return table;
}

Table factor_table(const trends::Study& s) {
  Table table({{"model", Align::left},
               {"domain", Align::left},
               {"J per inference"},
               {"inferences/day"},
               {"kWh/day"},
               {"MWh/year"}});
  for (const auto& r : s.factor) {
    table.add_row({r.model, std::string(trends::to_string(r.domain)), number(r.joules),
                   fmt::format("{:g}", r.inferences_per_day), number(r.kwh_per_day),
                   number(r.mwh_per_year)});
  }
  return table;
}

}  // namespace infergy::report
