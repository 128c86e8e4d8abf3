#!/usr/bin/python3
"""Recomputes the study on the shipped data without infergy's code, and compares.

Independent of the C++ implementation: it reads data/hardware.csv, data/models-imagenet.csv and
data/models-glue.csv with Python's csv module, computes decimal years itself, applies the default
options of `infergy trends` as docs/trends.md states them (NVIDIA desktop and server GPUs; a GPU
joins a series when the path runs at least at half its FP32 vector rate; eras FP32 vector, FP16
matrix from 2017-06-21, TF32 matrix from 2020-05-14; the best GPU released by each model's date;
E = GFLOPs / (GFLOPS/W); record setters of the score; yearly arithmetic and geometric means at
mid-year) and fits log10(y) on the decimal year with statsmodels OLS. Then it runs
`infergy trends --format json` and checks every model's joules and every trend's slope, its
confidence interval, R^2, p and doubling time.

Usage: independent_check.py --cli path/to/infergy --data path/to/data
Exit 0: all match; 1: a mismatch (printed); 77: statsmodels or numpy missing (skip).
"""
import argparse
import csv
import datetime
import json
import math
import subprocess
import sys

try:
    import numpy as np
    import statsmodels.api as sm
except ImportError:
    sys.exit(77)

REL = 1e-9  # fits: same arithmetic, different code
# Intervals and p-values go through Student's t, where scipy's quantile (cdflib) is the less
# exact side: at df = 40 its 0.975 quantile is 2.0210753830 where 40-digit mpmath (and Boost.Math)
# give 2.0210753903, 3.6e-9 apart.
REL_T = 1e-7


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def date_of(text):
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return datetime.date(parts[0], parts[1], parts[2])


def decimal_year(d):
    start = datetime.date(d.year, 1, 1)
    days = (datetime.date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / days


def gflops_per_watt(gpu, column):
    value = gpu.get(column) or ""
    return float(value) * 1000 / float(gpu["tdp_w"]) if value else None


def native(gpu, column):
    fp32 = gpu.get("fp32_vector_tflops") or ""
    return not fp32 or float(gpu[column]) >= 0.5 * float(fp32)


SERIES = {
    "fp32-vector": ["fp32_vector_tflops"],
    "fp16-vector": ["fp16_vector_tflops"],
    "fp16-matrix": ["fp16_matrix_tflops"],
    "tf32-matrix": ["tf32_matrix_tflops"],
    "bf16-matrix": ["bf16_matrix_tflops"],
    "fp8-matrix": ["fp8_matrix_tflops"],
    "int8": ["int8_vector_tops", "int8_matrix_tops"],  # the better of the two
}


def series_value(gpu, columns):
    """(GFLOPS/W, native) of the best column the GPU has, or None."""
    best = None
    for c in columns:
        v = gflops_per_watt(gpu, c)
        if v is not None and (best is None or v > best[0]):
            best = (v, native(gpu, c))
    return best


ERAS = [(datetime.date(1900, 1, 1), "fp32_vector_tflops"),
        (datetime.date(2017, 6, 21), "fp16_matrix_tflops"),
        (datetime.date(2020, 5, 14), "tf32_matrix_tflops")]


def best_at(gpus, d):
    column = [c for start, c in ERAS if start <= d][-1]
    candidates = []
    for g in gpus:
        if date_of(g["release_date"]) <= d and g.get(column) and native(g, column):
            candidates.append((-gflops_per_watt(g, column), date_of(g["release_date"]), g["id"]))
    if not candidates:
        return None
    best = min(candidates)
    return -best[0]


def fit(x, y):
    if len(x) < 3 or len(set(x)) < 2:
        return None
    model = sm.OLS(np.log10(np.array(y)), sm.add_constant(np.array(x))).fit()
    slope = model.params[1]
    low, high = model.conf_int(0.05)[1]
    months = 12 * math.log10(2) / abs(slope)
    return {"slope": slope, "ci": (low, high), "r2": model.rsquared, "p": model.pvalues[1],
            "months": months, "n": len(x)}


def record_setters(points):
    """points: (x, score, index); the state of the art when it appeared (ties at one x kept)."""
    out, best = [], -math.inf
    by_x = {}
    for p in points:
        by_x.setdefault(p[0], []).append(p)
    for x in sorted(by_x):
        group = by_x[x]
        top = max(p[1] for p in group)
        if top > best:
            out += [p[2] for p in group if p[1] == top]
            best = top
    return out


def domain_trends(models, score_key, gpus):
    points = []
    for m in models:
        d = date_of(m["date"])
        gpw = best_at(gpus, d)
        score = m.get(score_key) or ""
        points.append({"name": m["name"], "x": decimal_year(d), "gflops": float(m["gflops"]),
                       "params": float(m["params_m"]), "joules": float(m["gflops"]) / gpw,
                       "score": float(score) if score else None})
    scored = [(p["x"], p["score"], i) for i, p in enumerate(points) if p["score"] is not None]
    best = record_setters(scored)
    trends = {}
    for q in ("gflops", "params", "joules"):
        trends[(q, "all")] = fit([p["x"] for p in points], [p[q] for p in points])
        trends[(q, "best")] = fit([points[i]["x"] for i in best], [points[i][q] for i in best])
        years = sorted({math.floor(p["x"]) for p in points})
        mean = [np.mean([p[q] for p in points if math.floor(p["x"]) == y]) for y in years]
        geo = [10 ** np.mean([math.log10(p[q]) for p in points if math.floor(p["x"]) == y])
               for y in years]
        trends[(q, "yearly-mean")] = fit([y + 0.5 for y in years], mean)
        trends[(q, "yearly-geomean")] = fit([y + 0.5 for y in years], geo)
    return points, trends


def close(a, b, rel):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--data", required=True)
    args = ap.parse_args()

    gpus = [g for g in rows(f"{args.data}/hardware.csv")
            if g["kind"] in ("server-gpu", "desktop-gpu") and g["vendor"].lower() == "nvidia"]
    expected = {}
    for sid, columns in SERIES.items():
        pts = []
        for g in gpus:
            v = series_value(g, columns)
            if v is not None and v[1]:
                pts.append((decimal_year(date_of(g["release_date"])), v[0]))
        expected[("hardware", "gflops_per_watt", sid)] = fit([p[0] for p in pts],
                                                             [p[1] for p in pts])
    model_points = {}
    for domain, file, score in (("imagenet", "models-imagenet.csv", "top1"),
                                ("glue", "models-glue.csv", "glue_test")):
        pts, trends = domain_trends(rows(f"{args.data}/{file}"), score, gpus)
        model_points[domain] = pts
        for (q, subset), f in trends.items():
            expected[(domain, q, subset)] = f

    out = subprocess.run([args.cli, "trends", "--format", "json"], check=True,
                         capture_output=True, text=True).stdout
    study = json.loads(out)
    failures = []

    for domain, pts in model_points.items():
        actual = {m["name"]: m["joules"] for m in study[domain]["models"]}
        if len(actual) != len(pts):
            failures.append(f"{domain}: {len(actual)} models, expected {len(pts)}")
        for p in pts:
            if not close(actual.get(p["name"]), p["joules"], REL):
                failures.append(f"{domain} {p['name']}: joules {actual.get(p['name'])} "
                                f"expected {p['joules']}")

    actual_trends = {}
    for s in study["hardware"]["series"]:
        t = s["trend"]
        actual_trends[(t["domain"], t["quantity"], t["subset"])] = t
    for domain in ("imagenet", "glue"):
        for t in study[domain]["trends"]:
            actual_trends[(t["domain"], t["quantity"], t["subset"])] = t

    checked = 0
    for key, e in expected.items():
        a = actual_trends.get(key)
        if a is None:
            failures.append(f"{key}: missing from infergy's output")
            continue
        if e is None:
            if a["fitted"]:
                failures.append(f"{key}: infergy fitted what cannot be fitted")
            continue
        if not a["fitted"]:
            failures.append(f"{key}: not fitted by infergy ({a.get('skipped')})")
            continue
        checks = [("n", a["n"], e["n"], 0), ("slope", a["slope_log10_per_year"], e["slope"], REL),
                  ("slope_ci.low", a["slope_ci"][0], e["ci"][0], REL_T),
                  ("slope_ci.high", a["slope_ci"][1], e["ci"][1], REL_T),
                  ("r2", a["r2"], e["r2"], REL), ("p", a["p_slope"], e["p"], REL_T),
                  ("months", a["months"], e["months"], REL)]
        for what, got, want, rel in checks:
            if not close(got, want, rel):
                failures.append(f"{key} {what}: infergy {got}, independent {want}")
        checked += 1

    for f in failures:
        print("MISMATCH", f)
    print(f"{checked} trends and {sum(len(p) for p in model_points.values())} models' joules "
          f"checked; {len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
