#!/usr/bin/python3
"""Independent reference values for infergy's stats module (tests/stats/*.cpp).

Every regression is computed twice: exactly, in rational arithmetic on the same doubles by the
normal equations of the uncentred design [1, x] (standard errors from s²·(X'X)^-1, square roots
at 40 digits), which is what the JSON holds; and by statsmodels OLS, which must agree (estimates
to 1e-11, standard errors, intervals and p-values to 1e-7, see check_against_statsmodels). The
exact route is written out because statsmodels is not itself accurate to the 1e-9 asked of
infergy: its pinv covariance of the uncentred design loses digits at x ~ 2000 (its mean_se for
the three-point set is off by ~1e-9 relative), and scipy 1.10's t.ppf (cephes stdtrit), which its
conf_int uses, is off by up to ~5e-9 (t.ppf(0.9, 3) = 1.637744357215907 against
1.637744353696210). Student t and F probabilities and quantiles are therefore evaluated with
mpmath at 40 digits (regularised incomplete beta; quantiles by root finding on it). Yearly means,
record setters and Pareto fronts are by brute force straight from their definitions (infergy
sorts and sweeps instead).

The datasets are synthetic, drawn from a fixed seed, and written into the JSON beside the expected
values, so the C++ test needs no random generator:
  gflops   40 "ImageNet-like" models 2012-2021: GFLOPs doubling every ~2 years with log-normal
           scatter, a Top-1-like score rising with date and compute; includes tied dates and an
           exact duplicate
  tiny     the three-point set worked by hand in stats_test.cpp
  falling  25 points with a falling trend (halving time)
  flat     12 points whose slope interval straddles 0 (unbounded doubling-time interval)

Usage:
  /usr/bin/python3 tests/stats/reference.py --write tests/stats/reference.json
  /usr/bin/python3 tests/stats/reference.py --check tests/stats/reference.json
Exit 77 (CTest's "skipped") when numpy, scipy, statsmodels or mpmath are missing.
"""

import argparse
import datetime
import json
import math
import sys
from fractions import Fraction

try:
    import mpmath
    import numpy as np
    import scipy.stats
    import statsmodels.api as sm
except ImportError as missing:
    print(f"reference.py: skipped: {missing}", file=sys.stderr)
    sys.exit(77)

SEED = 20210912  # arXiv 2109.05472 was submitted on 12 Sep 2021
LOG10_2 = math.log10(2.0)
mpmath.mp.dps = 40


def t_two_sided_p(t, df):
    """P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2)."""
    t = mpmath.mpf(t)
    return float(mpmath.betainc(df / 2, 0.5, 0, df / (df + t * t), regularized=True))


def t_quantile(p, df):
    """Root of CDF(t) = p; scipy's value only seeds the search."""
    def cdf(t):
        tail = mpmath.betainc(df / 2, 0.5, 0, df / (df + t * t), regularized=True) / 2
        return 1 - tail if t >= 0 else tail
    root = mpmath.findroot(lambda t: cdf(t) - p, mpmath.mpf(float(scipy.stats.t.ppf(p, df))))
    assert abs(cdf(root) - p) < mpmath.mpf(10)**-30
    return float(root)


def f_upper_p(f, d1, d2):
    """P(F >= f) = I_{d2/(d2+d1 f)}(d2/2, d1/2)."""
    f = mpmath.mpf(f)
    return float(mpmath.betainc(d2 / 2, d1 / 2, 0, d2 / (d2 + d1 * f), regularized=True))


def decimal_year(d):
    """Year + days elapsed / days in year, as infergy::Date::decimal_year defines it."""
    start = datetime.date(d.year, 1, 1)
    length = (datetime.date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / length


def sig(v, digits=4):
    """Round to `digits` significant digits, as a dataset would print a measurement."""
    return float(f"{v:.{digits}g}")


def random_dates(rng, n, first_year, last_year):
    years = rng.integers(first_year, last_year + 1, n)
    months = rng.integers(1, 13, n)
    days = rng.integers(1, 29, n)
    return [datetime.date(int(y), int(m), int(d)) for y, m, d in zip(years, months, days)]


def make_gflops(rng):
    dates = random_dates(rng, 40, 2012, 2021)
    x = [decimal_year(d) for d in dates]
    log_y = [math.log10(1.5) + LOG10_2 / 2 * (xi - 2012) + rng.normal(0, 0.35) for xi in x]
    y = [sig(10**v) for v in log_y]
    score = [round(56 + 2.6 * (xi - 2012) + 3.5 * math.log10(yi) + rng.normal(0, 1.5), 1)
             for xi, yi in zip(x, y)]
    # Ties the rules must settle: a later duplicate of a point that is both a record setter and
    # on the Pareto front (same date, score and cost: both count), and a point moved to a record
    # setter's date with a lower score (not a record).
    records = records_reference(x, score)
    front = front_reference(range(len(x)), score, y)
    both = [i for i in records if i in front]
    others = [i for i in range(len(x)) if i not in records and i not in front]
    twin, lower = others[-1], others[-2]
    x[twin], y[twin], score[twin] = x[both[1]], y[both[1]], score[both[1]]
    x[lower], score[lower] = x[records[-2]], score[records[-2]] - 0.7
    return {"x": x, "y": y, "score": score}


def make_falling(rng):
    dates = random_dates(rng, 25, 2010, 2022)
    x = [decimal_year(d) for d in dates]
    y = [sig(10**(2.0 - 0.15 * (xi - 2010) + rng.normal(0, 0.2))) for xi in x]
    return {"x": x, "y": y}


def make_flat(rng):
    dates = random_dates(rng, 12, 2015, 2020)
    x = [decimal_year(d) for d in dates]
    y = [sig(10**(1.0 + 0.01 * (xi - 2015) + rng.normal(0, 0.3))) for xi in x]
    return {"x": x, "y": y}


def exact_fit(x, r):
    """The least-squares fit in exact rational arithmetic on the same doubles, by the normal
    equations of the uncentred design [1, x] (the matrix route, not the centred sums infergy
    uses)."""
    xs = [Fraction(v) for v in x]
    rs = [Fraction(v) for v in r]
    n = len(xs)
    sx, sxx = sum(xs), sum(a * a for a in xs)
    sy, sxy = sum(rs), sum(a * b for a, b in zip(xs, rs))
    det = n * sxx - sx * sx
    inverse = [[sxx / det, -sx / det], [-sx / det, Fraction(n) / det]]  # (X'X)^-1
    intercept = inverse[0][0] * sy + inverse[0][1] * sxy
    slope = inverse[1][0] * sy + inverse[1][1] * sxy
    rss = sum((b - intercept - slope * a) ** 2 for a, b in zip(xs, rs))
    mean_r = sy / n
    tss = sum((b - mean_r) ** 2 for b in rs)
    return {"n": n, "intercept": intercept, "slope": slope, "rss": rss, "tss": tss,
            "s2": rss / (n - 2), "inverse": inverse}


def sqrt_exact(v):
    """sqrt of a non-negative Fraction, correctly rounded to a double via 40-digit mpmath."""
    return float(mpmath.sqrt(mpmath.mpf(v.numerator) / v.denominator))


def mean_variance(fit, x0):
    """Variance of the fitted mean at x0: s² · [1 x0] (X'X)^-1 [1 x0]'."""
    x0 = Fraction(x0)
    m = fit["inverse"]
    return fit["s2"] * (m[0][0] + 2 * x0 * m[0][1] + x0 * x0 * m[1][1])


def close(a, b, rel):
    return abs(a - b) <= rel * max(abs(a), abs(b))


def unbounded_as_none(v):
    return None if math.isinf(v) else v


def growth(slope, lo, hi):
    """Doubling/halving months mapped through the slope interval, from first principles."""
    def months(rate):
        return math.inf if rate <= 0 else 12 * LOG10_2 / rate
    halving = slope < 0
    if halving:
        est, ci = months(-slope), (months(-lo), months(-hi))
        opposite = months(hi) if hi > 0 else None
    else:
        est, ci = months(slope), (months(hi), months(lo))
        opposite = months(-lo) if lo < 0 else None
    return {
        "factor_per_year": 10**slope,
        "factor_ci": [10**lo, 10**hi],
        "halving": halving,
        "months": unbounded_as_none(est),
        "months_ci": [unbounded_as_none(ci[0]), unbounded_as_none(ci[1])],
        "opposite_months": opposite,
    }


def ols_reference(x, y, log10, confidence, band):
    r = [math.log10(v) for v in y] if log10 else list(y)
    exact = exact_fit(x, r)
    df = exact["n"] - 2
    alpha = 1 - confidence
    q = t_quantile(1 - alpha / 2, df)
    slope, intercept = float(exact["slope"]), float(exact["intercept"])
    slope_se = sqrt_exact(exact["s2"] * exact["inverse"][1][1])
    intercept_se = sqrt_exact(exact["s2"] * exact["inverse"][0][0])
    t_slope = slope / slope_se
    f_statistic = float(exact["slope"] ** 2 / (exact["s2"] * exact["inverse"][1][1]))
    bx = [float(v) for v in np.linspace(band[0], band[1], band[2])]
    fitted = [float(exact["intercept"] + exact["slope"] * Fraction(v)) for v in bx]
    mean_se = [sqrt_exact(mean_variance(exact, v)) for v in bx]
    obs_se = [sqrt_exact(mean_variance(exact, v) + exact["s2"]) for v in bx]
    out = {
        "log10": log10,
        "confidence": confidence,
        "n": exact["n"],
        "slope": slope,
        "intercept": intercept,
        "slope_se": slope_se,
        "intercept_se": intercept_se,
        "slope_ci": [slope - q * slope_se, slope + q * slope_se],
        "intercept_ci": [intercept - q * intercept_se, intercept + q * intercept_se],
        "r2": float(1 - exact["rss"] / exact["tss"]),
        "residual_se": sqrt_exact(exact["s2"]),
        "rss": float(exact["rss"]),
        "t_slope": t_slope,
        "p_slope": t_two_sided_p(t_slope, df),
        "f_statistic": f_statistic,
        "f_pvalue": f_upper_p(f_statistic, 1, df),
        "t_critical": q,
        "band": {
            "from": band[0], "to": band[1], "points": band[2],
            "x": bx,
            "fitted": fitted,
            "mean_ci": [[f - q * e, f + q * e] for f, e in zip(fitted, mean_se)],
            "prediction_ci": [[f - q * e, f + q * e] for f, e in zip(fitted, obs_se)],
        },
    }
    check_against_statsmodels(x, r, alpha, out)
    if log10:
        out["growth"] = growth(slope, out["slope_ci"][0], out["slope_ci"][1])
    return out


def check_against_statsmodels(x, r, alpha, out):
    """statsmodels OLS must agree with the exact values: estimates to 1e-11; standard errors,
    intervals and p-values to 1e-7 (its pinv covariance of the uncentred design loses digits at
    x ~ 2000, and its t quantile is cephes')."""
    model = sm.OLS(np.array(r), sm.add_constant(np.array(x))).fit()
    pairs = [
        (1e-11, out["slope"], model.params[1]), (1e-11, out["intercept"], model.params[0]),
        (1e-9, out["rss"], model.ssr), (1e-9, out["r2"], model.rsquared),
        (1e-7, out["slope_se"], model.bse[1]), (1e-7, out["intercept_se"], model.bse[0]),
        (1e-7, out["t_slope"], model.tvalues[1]), (1e-7, out["p_slope"], model.pvalues[1]),
        (1e-7, out["f_statistic"], model.fvalue), (1e-7, out["f_pvalue"], model.f_pvalue),
        (1e-7, out["residual_se"], math.sqrt(model.scale)),
    ]
    ci = model.conf_int(alpha)
    pairs += [(1e-7, a, b) for a, b in zip(out["slope_ci"] + out["intercept_ci"],
                                          list(ci[1]) + list(ci[0]))]
    frame = model.get_prediction(sm.add_constant(np.array(out["band"]["x"]),
                                                 has_constant="add")).summary_frame(alpha)
    band = out["band"]
    for i in range(len(band["x"])):
        pairs.append((1e-11, band["fitted"][i], frame["mean"][i]))
        pairs += [(1e-7, band["mean_ci"][i][0], frame["mean_ci_lower"][i]),
                  (1e-7, band["mean_ci"][i][1], frame["mean_ci_upper"][i]),
                  (1e-7, band["prediction_ci"][i][0], frame["obs_ci_lower"][i]),
                  (1e-7, band["prediction_ci"][i][1], frame["obs_ci_upper"][i])]
    for tolerance, mine, theirs in pairs:
        assert close(mine, float(theirs), tolerance), (mine, float(theirs), tolerance)


def year_of(v):
    return math.floor(v)


def yearly_reference(x, y):
    groups = {}
    for xi, yi in zip(x, y):
        groups.setdefault(year_of(xi), []).append((xi, yi))
    out = []
    for year in sorted(groups):
        xs = [p[0] for p in groups[year]]
        ys = [p[1] for p in groups[year]]
        out.append({
            "year": year,
            "n": len(ys),
            "mean_x": float(np.mean(xs)),
            "mean": float(np.mean(ys)),
            "mean_log10": float(np.mean(np.log10(ys))),
            "geometric_mean": float(scipy.stats.gmean(ys)),
        })
    return out


def counts_reference(x):
    years = [year_of(v) for v in x]
    return [{"year": yr, "n": years.count(yr)} for yr in range(min(years), max(years) + 1)]


def records_reference(x, score):
    """Record setter: beats every score at an earlier x, and no score at its own x beats it."""
    records = []
    for i in range(len(x)):
        earlier = [score[j] for j in range(len(x)) if x[j] < x[i]]
        same = [score[j] for j in range(len(x)) if x[j] == x[i]]
        if all(score[i] > s for s in earlier) and all(score[i] >= s for s in same):
            records.append(i)
    return sorted(records, key=lambda i: (x[i], i))


def dominates(a, b, score, cost):
    no_worse = score[a] >= score[b] and cost[a] <= cost[b]
    better = score[a] > score[b] or cost[a] < cost[b]
    return no_worse and better


def front_reference(indices, score, cost):
    front = [i for i in indices if not any(dominates(j, i, score, cost) for j in indices)]
    return sorted(front, key=lambda i: (cost[i], i))


def fronts_by_year_reference(x, score, cost):
    years = [year_of(v) for v in x]
    return [{"year": yr,
             "front": front_reference([i for i in range(len(x)) if x[i] < yr + 1], score, cost)}
            for yr in range(min(years), max(years) + 1)]


def summaries_reference(v):
    return {
        "values": v,
        "mean": float(np.mean(v)),
        "median": float(np.median(v)),
        "geometric_mean": float(scipy.stats.gmean(v)),
        "quantiles": [[q, float(np.quantile(v, q))] for q in (0.0, 0.1, 0.25, 0.5, 0.9, 1.0)],
    }


def distributions_reference():
    t_quantiles = [[p, df, t_quantile(p, df)]
                   for df in (1, 2, 3, 5, 10, 38, 100) for p in (0.6, 0.9, 0.95, 0.975, 0.995)]
    t_two_sided = [[t, df, t_two_sided_p(t, df)]
                   for df in (1, 5, 38) for t in (0.0, 0.5, -1.7, 2.5, 8.0, -30.0)]
    f_upper = [[f, 1, d2, f_upper_p(f, 1, d2)]
               for d2 in (1, 10, 38) for f in (0.0, 0.3, 4.0, 25.0, 400.0)]
    return {"t_quantile": t_quantiles, "t_two_sided_p": t_two_sided, "f_upper_p": f_upper}


def build():
    rng = np.random.default_rng(SEED)
    gflops = make_gflops(rng)
    falling = make_falling(rng)
    flat = make_flat(rng)
    tiny = {"x": [2000.0, 2001.0, 2002.0], "y": [1.0, 10.0, 1000.0]}

    flat_fit = ols_reference(flat["x"], flat["y"], True, 0.95, (2015.0, 2021.0, 4))
    lo, hi = flat_fit["slope_ci"]
    assert lo < 0 < hi, "the flat set must straddle 0; change its parameters"
    falling_fit = ols_reference(falling["x"], falling["y"], True, 0.95, (2010.0, 2023.0, 5))
    assert falling_fit["slope_ci"][1] < 0, "the falling set must have a wholly negative slope CI"

    return {
        "about": "Generated by tests/stats/reference.py (statsmodels OLS, scipy.stats, brute-force "
                 "subsets); do not edit by hand.",
        "seed": SEED,
        "datasets": {"gflops": gflops, "falling": falling, "flat": flat, "tiny": tiny},
        "fits": {
            "gflops_log10": ols_reference(gflops["x"], gflops["y"], True, 0.95,
                                          (2011.0, 2023.0, 7)),
            "gflops_log10_90": ols_reference(gflops["x"], gflops["y"], True, 0.90,
                                             (2012.0, 2022.0, 3)),
            "gflops_score_linear": ols_reference(gflops["x"], gflops["score"], False, 0.95,
                                                 (2012.0, 2022.0, 3)),
            "falling_log10": falling_fit,
            "flat_log10": flat_fit,
            "tiny_log10": ols_reference(tiny["x"], tiny["y"], True, 0.95, (2000.0, 2002.0, 3)),
        },
        "yearly_means": yearly_reference(gflops["x"], gflops["y"]),
        "counts_per_year": counts_reference(gflops["x"]),
        "record_setters": records_reference(gflops["x"], gflops["score"]),
        "pareto_front": front_reference(range(len(gflops["x"])), gflops["score"], gflops["y"]),
        "pareto_fronts_by_year": fronts_by_year_reference(gflops["x"], gflops["score"],
                                                          gflops["y"]),
        "summaries": summaries_reference(falling["y"]),
        "distributions": distributions_reference(),
    }


def compare(expected, actual, path="$"):
    """Differences between two JSON trees; numbers may differ by 1e-12 relative (library
    versions may round differently), everything else must match exactly."""
    if isinstance(expected, bool) or isinstance(actual, bool) or expected is None:
        return [] if expected == actual else [f"{path}: {expected!r} != {actual!r}"]
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        ok = expected == actual or abs(expected - actual) <= 1e-12 * max(abs(expected),
                                                                          abs(actual))
        return [] if ok else [f"{path}: {expected!r} != {actual!r}"]
    if isinstance(expected, dict) and isinstance(actual, dict):
        if expected.keys() != actual.keys():
            return [f"{path}: keys {sorted(expected)} != {sorted(actual)}"]
        return [d for k in expected for d in compare(expected[k], actual[k], f"{path}.{k}")]
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: length {len(expected)} != {len(actual)}"]
        return [d for i, (e, a) in enumerate(zip(expected, actual))
                for d in compare(e, a, f"{path}[{i}]")]
    return [] if expected == actual else [f"{path}: {expected!r} != {actual!r}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", metavar="JSON", help="write the reference values")
    mode.add_argument("--check", metavar="JSON", help="regenerate and compare with a file")
    args = parser.parse_args()
    reference = build()
    if args.write:
        with open(args.write, "w", encoding="utf-8") as f:
            json.dump(reference, f, indent=1, sort_keys=True, allow_nan=False)
            f.write("\n")
        return 0
    with open(args.check, encoding="utf-8") as f:
        committed = json.load(f)
    differences = compare(committed, json.loads(json.dumps(reference)))
    for d in differences[:20]:
        print(f"reference.py: {args.check}: {d}", file=sys.stderr)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
