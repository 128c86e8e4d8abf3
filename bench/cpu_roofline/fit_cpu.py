#!/usr/bin/python3
"""Fits the roofline's CPU compute and memory efficiencies to ONNX Runtime CPU timings.

Usage: /usr/bin/python3 bench/cpu_roofline/fit_cpu.py INFERGY MODEL_DIR MEASURED_CSV HW_ID CORES

MEASURED_CSV is what measure_ort.mjs wrote (model, batch, threads, median_s, load, ...). For each
(model, batch) infergy gives the roofline's work items at efficiency 1 (`estimate --per-node
--eta-compute 1 --eta-memory 1 --format json`, at the peaks the roofline uses: a CPU row's at its
boost clock); with one peak per precision on a CPU row, each item's FLOPs and bytes follow from
its time and arithmetic intensity.

The roofline describes the whole device, so the fit uses the runs on all CORES threads. A grid
search (0.01 steps) finds the (eta_compute, eta_memory) pair minimising the median
|log10(predicted / measured)| over them, and the 10th/90th percentiles of measured/predicted give
the low/high bounds, as bench/calibrate_roofline.py does for the GPU defaults. Runs on fewer
threads are then predicted as a check, with that share of the compute peak and the whole
bandwidth (an optimistic share: probe_cpu.cpp measures one core of this machine reading about
two thirds of what both read, so memory-bound runs on one thread come out slower than predicted).
Prints the measured-vs-predicted table (markdown) for the fitted pair and the GPU pair.
"""
import csv
import json
import math
import os
import statistics
import subprocess
import sys


def quantile(values, q):
    v = sorted(values)
    pos = (len(v) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def work_items(infergy, model, batch, hw):
    out = subprocess.run(
        [infergy, "estimate", model, "--batch", str(batch), "--hw", hw, "--precision", "fp32",
         "--method", "roofline", "--per-node", "--eta-compute", "1,1,1", "--eta-memory", "1,1,1",
         "--format", "json"], check=True, capture_output=True, text=True).stdout
    roof = json.loads(out)["roofline"]
    peak = roof["peak_vector_tflops"] * 1e12
    bw = roof["bandwidth_gbs"] * 1e9
    items = []
    for i in roof["items"]:
        t, ai = i["seconds"], i["intensity"]
        if i["memory_bound"]:
            b = t * bw
            f = ai * b
        else:
            f = t * peak
            b = f / ai if ai > 0 else 0.0
        items.append((f, b))
    return peak, bw, items


def predict(case, eta_c, eta_m, cores):
    peak, bw, items, threads = case["peak"], case["bw"], case["items"], case["threads"]
    share = threads / cores
    return sum(max(f / (peak * share * eta_c), b / (bw * eta_m)) for f, b in items)


def main():
    infergy, model_dir, measured_csv, hw, cores = sys.argv[1:6]
    cores = int(cores)
    cases = []
    cache = {}
    for row in csv.DictReader(open(measured_csv)):
        key = (row["model"], int(row["batch"]))
        if key not in cache:
            cache[key] = work_items(infergy, os.path.join(model_dir, row["model"] + ".onnx"),
                                    key[1], hw)
        peak, bw, items = cache[key]
        cases.append({"model": row["model"], "batch": key[1], "threads": int(row["threads"]),
                      "measured": float(row["median_s"]), "loaded": row["loaded"],
                      "load": max(float(row["load_before"]), float(row["load_after"])),
                      "peak": peak, "bw": bw, "items": items,
                      "gflop": sum(f for f, _ in items) / 1e9,
                      "mb": sum(b for _, b in items) / 1e6})

    everything = cases
    cases = [c for c in everything if c["threads"] == cores]
    if not cases:
        raise SystemExit("no run on all %d cores in %s" % (cores, measured_csv))

    def errors(eta_c, eta_m, among=None):
        return [abs(math.log10(predict(c, eta_c, eta_m, cores) / c["measured"]))
                for c in (among or cases)]

    grid = [0.01 * k for k in range(1, 101)]
    best = min((statistics.median(errors(ec, em)), ec, em) for ec in grid for em in grid)
    med, eta_c, eta_m = best
    ratios = [c["measured"] / predict(c, eta_c, eta_m, cores) for c in cases]
    lo, hi = quantile(ratios, 0.1), quantile(ratios, 0.9)
    gpu = (0.35, 0.20)
    gpu_err = errors(*gpu)
    print(f"cases: {len(cases)} on {cores} threads (fitted), {len(everything) - len(cases)} on "
          f"fewer (checked)")
    print(f"fitted typical eta_compute={eta_c:.2f} eta_memory={eta_m:.2f}: median |log10 err| "
          f"{med:.3f} (x{10 ** med:.2f}), p90 {quantile(errors(eta_c, eta_m), 0.9):.3f}")
    print(f"measured/predicted p10 {lo:.3f} p90 {hi:.3f}: low/high eta_compute "
          f"{eta_c / hi:.3f}/{min(1.0, eta_c / lo):.3f}, eta_memory {eta_m / hi:.3f}/"
          f"{min(1.0, eta_m / lo):.3f}")
    print(f"with the GPU defaults {gpu}: median |log10 err| {statistics.median(gpu_err):.3f} "
          f"(x{10 ** statistics.median(gpu_err):.2f}), p90 {quantile(gpu_err, 0.9):.3f}")
    # Sensitivity: how much the memory efficiency matters at the fitted compute efficiency.
    for em in (0.05, 0.2, 0.5, 1.0):
        print(f"  eta_memory={em}: median |log10 err| {statistics.median(errors(eta_c, em)):.3f}")
    fewer = [c for c in everything if c["threads"] != cores]
    if fewer:
        e = errors(eta_c, eta_m, fewer)
        r = [c["measured"] / predict(c, eta_c, eta_m, cores) for c in fewer]
        print(f"runs on fewer threads at the fitted pair: median |log10 err| "
              f"{statistics.median(e):.3f} (x{10 ** statistics.median(e):.2f}), measured/predicted "
              f"{min(r):.2f}..{max(r):.2f}")
    print()
    print("| model | batch | threads | GFLOP | MB moved | load (1 min) | measured s | "
          f"predicted s (fitted {eta_c:.2f}/{eta_m:.2f}) | ratio | predicted s (GPU 0.35/0.20) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in everything:
        p = predict(c, eta_c, eta_m, cores)
        g = predict(c, *gpu, cores)
        print(f"| {c['model']} | {c['batch']} | {c['threads']} | {c['gflop']:.2f} | {c['mb']:.0f} | "
              f"{c['load']:.1f} | {c['measured']:.4f} | {p:.4f} | {c['measured'] / p:.2f} | "
              f"{g:.4f} |")


if __name__ == "__main__":
    main()
