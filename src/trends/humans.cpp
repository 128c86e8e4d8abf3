// The human side of the comparison and the multiplicative factor: the joules a person spends on
// one task (references.csv), and what a model's joules become at a given volume of inferences.
#include <fmt/format.h>

#include "infergy/energy.hpp"
#include "infergy/error.hpp"
#include "infergy/text.hpp"
#include "infergy/trends.hpp"

namespace infergy::trends {

namespace {

const Reference& reference_in(const std::vector<Reference>& references, std::string_view id,
                              std::string_view unit) {
  const auto& r = find_reference(references, id);
  if (r.unit != unit) {
    throw input_error(
        fmt::format("{}: reference '{}' is in '{}', expected '{}'", r.origin, id, r.unit, unit));
  }
  return r;
}

}  // namespace

std::vector<HumanReference> human_references(const std::vector<Reference>& references) {
  // The study's figure draws the internal (metabolic) and external energy of a person over one
  // task; the brain and the world average bracket them.
  struct Wanted {
    std::string_view id;
    std::string_view label;
  };
  constexpr Wanted kWanted[] = {
      {"human_brain_power", "human brain"},
      {"human_internal_power", "human internal (metabolic)"},
      {"world_power_per_capita", "human external, world average"},
      {"us_power_per_capita", "human external, US average"},
  };
  const auto& task = reference_in(references, "human_task_seconds", "s");
  std::vector<HumanReference> humans;
  for (const auto& w : kWanted) {
    const auto& power = reference_in(references, w.id, "W");
    humans.push_back({power.id, std::string(w.label), power.value, task.value,
                      power.value * task.value, power.source});
  }
  return humans;
}

std::vector<HumanComparison> compare_with_humans(const std::vector<HumanReference>& humans,
                                                 const DomainStudy& domain) {
  std::vector<HumanComparison> out;
  for (const auto& h : humans) {
    HumanComparison c;
    c.reference_id = h.id;
    c.domain = domain.domain;
    for (const auto& m : domain.models) {
      if (!m.joules) continue;
      ++c.models;
      if (*m.joules > h.joules) ++c.above;
      if (c.most_model.empty() || *m.joules > c.most_joules) {
        c.most_model = m.name;
        c.most_joules = *m.joules;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<FactorRow> multiplicative_factor(const Study& study,
                                             const std::vector<std::string>& names,
                                             const std::vector<double>& volumes,
                                             std::vector<std::string>* missing) {
  // Device energy only (PUE 1, no carbon or price): the study's quantity, scaled.
  const energy::FootprintParams device_only{0, 0, "USD", 1.0};
  std::vector<FactorRow> rows;
  for (const auto& name : names) {
    const ModelPoint* m = study.imagenet.find(name);
    Domain domain = Domain::imagenet;
    if (!m) {
      m = study.glue.find(name);
      domain = Domain::glue;
    }
    if (!m || !m->joules) {
      if (missing) missing->push_back(name);
      continue;
    }
    for (double volume : volumes) {
      const auto f = energy::footprint(*m->joules, volume, device_only);
      rows.push_back({domain, m->name, *m->joules, volume, f.kwh_per_day, f.mwh_per_year});
    }
  }
  return rows;
}

}  // namespace infergy::trends
