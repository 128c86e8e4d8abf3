// Pareto fronts of (score to maximise, cost to minimise) by one sort and one sweep.
#include <algorithm>
#include <limits>
#include <numeric>

#include "infergy/stats.hpp"
#include "stats/checks.hpp"

namespace infergy::stats {

namespace {

void check_points(std::span<const double> score, std::span<const double> cost) {
  detail::require_same_length(score, cost, "Pareto front");
  detail::require_finite(score, "score");
  detail::require_finite(cost, "cost");
}

/// The front among the points listed in `candidates`.
std::vector<std::size_t> front_of(std::vector<std::size_t> candidates,
                                  std::span<const double> score, std::span<const double> cost) {
  // Cheapest first and, at equal cost, best first: a point then survives exactly when it beats
  // every score seen so far, or duplicates the point that set that score.
  std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
    if (cost[a] != cost[b]) return cost[a] < cost[b];
    if (score[a] != score[b]) return score[a] > score[b];
    return a < b;
  });
  std::vector<std::size_t> front;
  for (std::size_t i : candidates) {
    if (front.empty() || score[i] > score[front.back()] ||
        (score[i] == score[front.back()] && cost[i] == cost[front.back()])) {
      front.push_back(i);
    }
  }
  return front;
}

}  // namespace

std::vector<std::size_t> pareto_front(std::span<const double> score_max,
                                      std::span<const double> cost_min) {
  check_points(score_max, cost_min);
  std::vector<std::size_t> all(score_max.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  return front_of(std::move(all), score_max, cost_min);
}

bool is_dominated(double score, double cost, std::span<const double> score_max,
                  std::span<const double> cost_min) {
  check_points(score_max, cost_min);
  const double point[] = {score, cost};
  detail::require_finite(point, "point");
  for (std::size_t i = 0; i < score_max.size(); ++i) {
    const bool no_worse = score_max[i] >= score && cost_min[i] <= cost;
    const bool better = score_max[i] > score || cost_min[i] < cost;
    if (no_worse && better) return true;
  }
  return false;
}

std::vector<YearFront> pareto_fronts_by_year(std::span<const double> decimal_years,
                                             std::span<const double> score_max,
                                             std::span<const double> cost_min) {
  detail::require_same_length(decimal_years, score_max, "Pareto fronts by year");
  check_points(score_max, cost_min);
  detail::require_finite(decimal_years, "x");
  std::vector<YearFront> fronts;
  for (const YearCount& year : counts_per_year(decimal_years)) {
    std::vector<std::size_t> known;
    const double end_of_year = static_cast<double>(year.year) + 1.0;
    for (std::size_t i = 0; i < decimal_years.size(); ++i) {
      if (decimal_years[i] < end_of_year) known.push_back(i);
    }
    fronts.push_back({year.year, front_of(std::move(known), score_max, cost_min)});
  }
  return fronts;
}

}  // namespace infergy::stats
