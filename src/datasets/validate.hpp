// The rules a dataset row must obey, one small pure function each. A rule returns the problem in
// words ("is 0; must be in [0.05, 1e+05] M") or nothing; the loaders prefix it with the cell's
// file:line:col so a user can find it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/date.hpp"

namespace infergy::datasets {

using Problem = std::optional<std::string>;

/// The first year of the study's window: nothing it compares (models or hardware) is older.
inline constexpr Date kEarliestDate{2010, 1, 1};

/// Inside [kEarliestDate, latest]; `latest` is today, so a typo like 2052 is caught.
Problem check_date_in_window(const Date& date, const Date& latest);

/// Strictly positive and inside [low, high] (in the column's unit, named in the message).
Problem check_positive_in_range(double value, double low, double high, std::string_view unit);

/// gflops equals 2 × gmacs (infergy's convention) up to the rounding of the printed values.
Problem check_gflops_twice_gmacs(double gmacs, double gflops);

/// An accuracy in percent: (0, 100].
Problem check_accuracy_percent(double percent);

/// Top-5 can never be below Top-1 (the top-1 hit is among the top 5).
Problem check_top5_not_below_top1(double top1, double top5);

/// A square input side in pixels that an ImageNet classifier could plausibly use.
Problem check_resolution(std::int64_t pixels);

/// A sequence length a language model could plausibly be run at.
Problem check_input_tokens(std::int64_t tokens);

/// One of `allowed`, exactly; otherwise says which are allowed and which is closest.
Problem check_in_vocabulary(std::string_view value, const std::vector<std::string>& allowed);

/// A forward pass over `tokens` tokens costs about 2 × params × tokens FLOPs. Shared layers
/// (ALBERT: FLOPs without params) raise it up to ~10×; mixture-of-experts (a token uses ~1/20
/// of the weights) and embeddings lower it. Outside 0.02×..20× it is a unit slip (MFLOPs,
/// per-token figures, the wrong sequence length).
Problem check_glue_compute_plausible(double gflops, double params_m, std::int64_t tokens);

/// A calendar year a reference can describe (1900..latest_year).
Problem check_reference_year(std::int64_t year, int latest_year);

}  // namespace infergy::datasets
