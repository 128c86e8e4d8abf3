#!/usr/bin/env python3
"""Calibrates infergy's roofline against measured throughput (stdlib only).

Input: timm's RTX 4090 inference benchmark (PyTorch 2.9.1, AMP, NCHW; ../shared/data/timm/,
Apache-2.0), which gives for ~1,600 models the measured samples/s at a batch size, with GMACs,
parameters (M) and activations (M) per image. infergy predicts each model's throughput with
`infergy estimate --table ... --hw rtx-4090 --precision fp16 --method roofline` (the whole model
as one work item: FLOPs = 2 x GMACs x batch; bytes = params x 2 + activations x 2 x 2 x batch,
i.e. weights read once, each fp16 activation written and read once) and this script reports
the median and 90th percentile of |log10(predicted / measured)|.

It also searches the compute and memory efficiencies (eta) that centre the predictions on the
measurements, which is how the default typical eta of the roofline were chosen, and the
10th/90th percentiles of measured/predicted that give the low/high bounds
(docs/estimators.md records the result).

Usage: bench/calibrate_roofline.py INFERGY_BINARY BENCHMARK_CSV [--search] [--eta-compute L,T,H] ...
  --search  also grid-search the (eta_compute, eta_memory) pair that minimises the median error
"""
import csv
import math
import os
import statistics
import subprocess
import sys
import tempfile


def quantile(values, q):
    v = sorted(values)
    pos = (len(v) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def predict(infergy, table, extra):
    out = subprocess.run(
        [infergy, "estimate", "--table", table, "--hw", "rtx-4090", "--precision", "fp16",
         "--method", "roofline", "--format", "csv"] + extra,
        check=True, capture_output=True, text=True).stdout
    return {row["name"]: float(row["inferences_per_second_typical"])
            for row in csv.DictReader(out.splitlines())}


def errors_for(infergy, table, measured, eta_c, eta_m):
    predicted = predict(infergy, table, ["--eta-compute", str(eta_c), "--eta-memory", str(eta_m),
                                         "--power-fraction", "1"])
    return [abs(math.log10(predicted[n] / measured[n])) for n in measured]


def search(infergy, table, measured):
    """Grid search of (eta_compute, eta_memory) minimising the median |log10 error|."""
    grid = [0.05 * k for k in range(1, 21)]
    best = None
    for eta_c in grid:
        for eta_m in grid:
            e = statistics.median(errors_for(infergy, table, measured, eta_c, eta_m))
            if best is None or e < best[0]:
                best = (e, eta_c, eta_m)
    e, eta_c, eta_m = best
    p90 = quantile(errors_for(infergy, table, measured, eta_c, eta_m), 0.9)
    print(f"search: eta_compute {eta_c:.2f}, eta_memory {eta_m:.2f} minimise the median "
          f"|log10 error| ({e:.3f}; 90th percentile {p90:.3f})")


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    infergy, bench = sys.argv[1], sys.argv[2]
    extra = sys.argv[3:]
    do_search = "--search" in extra
    extra = [x for x in extra if x != "--search"]
    measured = {}
    with tempfile.TemporaryDirectory() as tmp:
        table = os.path.join(tmp, "models.csv")
        with open(bench) as src, open(table, "w", newline="") as dst:
            w = csv.writer(dst)
            w.writerow(["name", "gmacs", "params_m", "activations_m", "batch"])
            for r in csv.DictReader(src):
                gmacs, params = float(r["infer_gmacs"]), float(r["param_count"])
                acts = float(r["infer_macts"])
                if gmacs <= 0 or params <= 0 or acts <= 0:
                    continue  # a few test models report 0 GMACs: nothing to predict
                name = r["model"] + "@" + r["infer_img_size"]
                w.writerow([name, r["infer_gmacs"], r["param_count"], r["infer_macts"],
                            r["infer_batch_size"]])
                measured[name] = float(r["infer_samples_per_sec"])
        predicted = predict(infergy, table, extra)
        if do_search:
            search(infergy, table, measured)

    ratios = [predicted[n] / measured[n] for n in measured]
    errors = [abs(math.log10(x)) for x in ratios]
    print(f"models: {len(errors)}")
    print(f"median |log10(pred/measured)|: {statistics.median(errors):.3f} "
          f"(factor {10 ** statistics.median(errors):.2f})")
    print(f"90th percentile |log10(pred/measured)|: {quantile(errors, 0.9):.3f} "
          f"(factor {10 ** quantile(errors, 0.9):.2f})")
    log_ratio = [math.log10(x) for x in ratios]
    print(f"median log10(pred/measured): {statistics.median(log_ratio):+.3f} "
          f"(predictions {'over' if statistics.median(log_ratio) > 0 else 'under'}estimate "
          f"by a median factor {10 ** abs(statistics.median(log_ratio)):.2f})")
    print(f"measured/predicted at the 10th, 50th, 90th percentiles: "
          f"{1 / quantile(ratios, 0.9):.3f}, {1 / statistics.median(ratios):.3f}, "
          f"{1 / quantile(ratios, 0.1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
