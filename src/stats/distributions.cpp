// Student t and Fisher F through Boost.Math (header-only, BSL-1.0), whose default policy
// evaluates in long double and throws on domain errors; arguments are checked first so callers
// get infergy's one-line errors instead.
#include <fmt/format.h>

#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

#include "infergy/error.hpp"
#include "infergy/stats.hpp"

namespace infergy::stats {

namespace {

void require_df(double df, const char* name) {
  if (!(df > 0) || !std::isfinite(df)) {
    throw input_error(fmt::format("{} = {}: degrees of freedom must be positive", name, df));
  }
}

}  // namespace

double student_t_quantile(double p, double df) {
  require_df(df, "df");
  if (!(p > 0 && p < 1)) {
    throw input_error(fmt::format("t quantile at p = {}: p must lie strictly between 0 and 1", p));
  }
  return boost::math::quantile(boost::math::students_t(df), p);
}

double student_t_two_sided_p(double t, double df) {
  require_df(df, "df");
  if (std::isnan(t)) throw input_error("t statistic is nan: no p-value");
  if (std::isinf(t)) return 0.0;
  // The complement keeps tiny p-values accurate instead of computing 1 − cdf.
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t(df), std::abs(t)));
}

double fisher_f_upper_p(double f, double d1, double d2) {
  require_df(d1, "d1");
  require_df(d2, "d2");
  if (!(f >= 0)) throw input_error(fmt::format("F statistic = {}: must be ≥ 0", f));
  if (std::isinf(f)) return 0.0;
  return boost::math::cdf(boost::math::complement(boost::math::fisher_f(d1, d2), f));
}

}  // namespace infergy::stats
