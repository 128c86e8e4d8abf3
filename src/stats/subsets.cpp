// Record setters and per-year groupings: the subsets of a dataset the study fits besides "all".
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "infergy/stats.hpp"
#include "stats/checks.hpp"

namespace infergy::stats {

std::vector<std::size_t> record_setters(std::span<const double> x, std::span<const double> score) {
  detail::require_same_length(x, score, "record setters");
  detail::require_finite(x, "x");
  detail::require_finite(score, "score");
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Within one x the best score comes first, so a group's record setters lead it in index order.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (x[a] != x[b]) return x[a] < x[b];
    if (score[a] != score[b]) return score[a] > score[b];
    return a < b;
  });
  std::vector<std::size_t> records;
  double best_before = -std::numeric_limits<double>::infinity();
  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = begin;
    while (end < order.size() && x[order[end]] == x[order[begin]]) ++end;
    const double group_best = score[order[begin]];
    if (group_best > best_before) {
      for (std::size_t k = begin; k < end && score[order[k]] == group_best; ++k) {
        records.push_back(order[k]);
      }
      best_before = group_best;
    }
    begin = end;
  }
  return records;
}

std::vector<YearlyMean> yearly_means(std::span<const double> decimal_years,
                                     std::span<const double> y) {
  detail::require_same_length(decimal_years, y, "yearly means");
  detail::require_finite(decimal_years, "x");
  detail::require_finite(y, "y");
  detail::require_positive(y, "y");
  struct Sums {
    std::size_t n = 0;
    double x = 0, y = 0, log10_y = 0;
  };
  std::map<int, Sums> by_year;
  for (std::size_t i = 0; i < y.size(); ++i) {
    Sums& s = by_year[detail::year_of(decimal_years[i], i)];
    ++s.n;
    s.x += decimal_years[i];
    s.y += y[i];
    s.log10_y += std::log10(y[i]);
  }
  std::vector<YearlyMean> means;
  means.reserve(by_year.size());
  for (const auto& [year, s] : by_year) {
    const auto n = static_cast<double>(s.n);
    const double mean_log10 = s.log10_y / n;
    means.push_back({year, s.n, s.x / n, s.y / n, mean_log10, std::pow(10.0, mean_log10)});
  }
  return means;
}

std::vector<YearCount> counts_per_year(std::span<const double> decimal_years) {
  detail::require_finite(decimal_years, "x");
  if (decimal_years.empty()) return {};
  std::vector<int> years(decimal_years.size());
  for (std::size_t i = 0; i < years.size(); ++i) years[i] = detail::year_of(decimal_years[i], i);
  const auto [first, last] = std::minmax_element(years.begin(), years.end());
  std::vector<YearCount> counts;
  for (int year = *first; year <= *last; ++year) counts.push_back({year, 0});
  for (int year : years) ++counts[static_cast<std::size_t>(year - *first)].n;
  return counts;
}

}  // namespace infergy::stats
