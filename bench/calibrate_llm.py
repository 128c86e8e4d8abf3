#!/usr/bin/python3
"""Calibrates and validates the serving model of `infergy llm` on measured LLM serving.

Usage:
  /usr/bin/python3 bench/calibrate_llm.py build/bin/infergy data/mlenergy/lm-arena-chat-h100.csv
      [--fit] [--prompt N] [--constants NAME=V,...] [--markdown]

Without --fit: runs `infergy llm --table FILE --format csv` with the shipped constants (or
--constants) and reports, overall and per model family, the median |log10(predicted/measured)|,
the factor it corresponds to, and the share of configurations within 2x, for the energy per
output token and for the inter-token latency (ML.ENERGY's median ITL).

With --fit: fits the free constants in two stages, each by Nelder-Mead on the mean
|log10(predicted/measured)| from the shipped values: the time model's (eta_memory,
eta_attention, collective_latency_s; eta_compute is held at --fix's value) on the inter-token
latency, then the power model's three (power_busy, power_memory, power_compute) on the measured
average power with the time constants fixed. The ranges' ratios are the 10th and 90th percentiles of measured/predicted.
It prints the constants to put in src/llm/serving.cpp (default_serving_constants) and the
report of the fitted model. No per-model or per-GPU constant exists to fit.

The table has no prompt lengths; `infergy llm --table` assumes llm::kChatPromptTokens for them
(--prompt N overrides it, for the sensitivity shown in docs/estimators.md).
"""

import argparse
import csv
import io
import math
import subprocess
import sys

TIME = ["eta_memory", "eta_compute", "eta_attention", "collective_latency_s"]
POWER = ["power_busy", "power_memory", "power_compute"]
# Physical bounds: fractions in (0, 1] or (0, 3] for the power shares, times in seconds.
BOUNDS = {
    "eta_memory": (0.05, 0.95),
    "eta_compute": (0.05, 0.95),
    "eta_attention": (0.05, 0.95),
    "collective_latency_s": (0.0, 2e-3),
    "power_busy": (0.0, 1.0),
    "power_memory": (0.0, 3.0),
    "power_compute": (0.0, 3.0),
}


def family(model_id):
    m = model_id.lower()
    for key, name in (("llama-4", "Llama 4"), ("llama-3", "Llama 3.x"), ("qwen3-235b", "Qwen3 MoE"),
                      ("qwen3-30b", "Qwen3 MoE"), ("qwen3", "Qwen3 dense"), ("gemma-3", "Gemma 3"),
                      ("nemotron", "Nemotron-H (Mamba-2 hybrid)"), ("gpt-oss", "gpt-oss"),
                      ("deepseek", "DeepSeek"), ("mixtral", "Mixtral")):
        if key in m:
            return name
    return "other"


def run(infergy, table, constants, prompt):
    cmd = [infergy, "llm", "--table", table, "--format", "csv"]
    if constants:
        cmd += ["--constants", ",".join(f"{k}={v:.9g}" if isinstance(v, float) else f"{k}={v}" for k, v in constants.items())]
    if prompt is not None:
        cmd += ["--prompt", str(prompt)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def errors(measured, predicted, key_m, key_p):
    return [math.log10(float(p[key_p]) / float(m[key_m])) for m, p in zip(measured, predicted)]


def median(v):
    s = sorted(v)
    n = len(s)
    return 0.0 if n == 0 else (s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2)


def quantile(v, q):
    s = sorted(v)
    if not s:
        return 0.0
    pos = q * (len(s) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def summary(errs):
    a = [abs(e) for e in errs]
    m = median(a)
    within = 100.0 * sum(1 for e in a if e <= math.log10(2) + 1e-12) / len(a) if a else 0
    return m, 10**m, within


def report(measured, predicted, markdown):
    j = errors(measured, predicted, "energy_per_token_joules", "energy_per_token_joules")
    t = errors(measured, predicted, "median_itl_ms", "itl_ms")
    groups = {}
    for i, row in enumerate(measured):
        groups.setdefault(family(row["model_id"]), []).append(i)
    lines = []
    head = "| models | n | J/token: median \\|log10\\| (factor) | within 2x | ITL: median \\|log10\\| (factor) | within 2x |"
    lines.append(head)
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")

    def line(name, idx):
        mj, fj, wj = summary([j[i] for i in idx])
        mt, ft, wt = summary([t[i] for i in idx])
        return f"| {name} | {len(idx)} | {mj:.3f} ({fj:.2f}) | {wj:.0f}% | {mt:.3f} ({ft:.2f}) | {wt:.0f}% |"

    lines.append(line("**all**", list(range(len(measured)))))
    for name in sorted(groups):
        lines.append(line(name, groups[name]))
    bias_j = median(j)
    bias_t = median(t)
    text = "\n".join(lines)
    if not markdown:
        text = text.replace("\\|", "|")
    print(text)
    print(f"\nmedian log10(pred/measured): J/token {bias_j:+.3f}, ITL {bias_t:+.3f}")
    return j, t


def nelder_mead(f, x0, steps, iters=400, tol=1e-6):
    n = len(x0)
    simplex = [list(x0)]
    for i in range(n):
        x = list(x0)
        x[i] += steps[i]
        simplex.append(x)
    values = [f(x) for x in simplex]
    for _ in range(iters):
        order = sorted(range(n + 1), key=lambda k: values[k])
        simplex = [simplex[k] for k in order]
        values = [values[k] for k in order]
        if abs(values[-1] - values[0]) < tol:
            break
        centroid = [sum(p[i] for p in simplex[:-1]) / n for i in range(n)]
        worst = simplex[-1]
        reflect = [c + (c - w) for c, w in zip(centroid, worst)]
        fr = f(reflect)
        if fr < values[0]:
            expand = [c + 2 * (c - w) for c, w in zip(centroid, worst)]
            fe = f(expand)
            simplex[-1], values[-1] = (expand, fe) if fe < fr else (reflect, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = reflect, fr
        else:
            contract = [c + 0.5 * (w - c) for c, w in zip(centroid, worst)]
            fc = f(contract)
            if fc < values[-1]:
                simplex[-1], values[-1] = contract, fc
            else:
                best = simplex[0]
                simplex = [best] + [[b + 0.5 * (p - b) for b, p in zip(best, q)] for q in simplex[1:]]
                values = [values[0]] + [f(x) for x in simplex[1:]]
    k = min(range(n + 1), key=lambda i: values[i])
    return simplex[k], values[k]


def clamp(name, v):
    lo, hi = BOUNDS[name]
    return min(max(v, lo), hi)


def fit(infergy, table, measured, start, prompt, fixed=()):
    constants = dict(start)
    time_names = [n for n in TIME if n not in fixed]
    power_names = [n for n in POWER if n not in fixed]

    def loss_for(names, key_m, key_p):
        def loss(x):
            c = dict(constants)
            for name, v in zip(names, x):
                c[name] = clamp(name, v)
            pred = run(infergy, table, c, prompt)
            e = errors(measured, pred, key_m, key_p)
            return sum(abs(v) for v in e) / len(e)
        return loss

    steps = {"eta_memory": 0.1, "eta_compute": 0.1, "eta_attention": 0.1}
    x, v = nelder_mead(loss_for(time_names, "median_itl_ms", "itl_ms"), [constants[n] for n in time_names],
                       [steps.get(n, 10e-6) for n in time_names])
    for name, val in zip(time_names, x):
        constants[name] = clamp(name, val)
    print(f"time constants: mean |log10| ITL {v:.4f}", file=sys.stderr)
    # The power constants are fitted on the measured power, so that a time error does not hide
    # in them; J/token = power x step time / batch follows.
    x, v = nelder_mead(loss_for(power_names, "avg_power_watts", "power_watts"),
                       [constants[n] for n in power_names], [0.1 for n in power_names])
    for name, val in zip(power_names, x):
        constants[name] = clamp(name, val)
    print(f"power constants: mean |log10| power {v:.4f}", file=sys.stderr)
    return constants


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("infergy")
    ap.add_argument("table")
    ap.add_argument("--fit", action="store_true")
    ap.add_argument("--prompt", type=float)
    ap.add_argument("--constants", default="")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--fix", default="eta_compute=0.42",
                    help="NAME=V,...: constants held at V while fitting (default: eta_compute=0.42, "
                         "the H100 measurement of docs/measurements.md; decode-dominated serving "
                         "data cannot tell it from eta_attention)")
    args = ap.parse_args()
    with open(args.table, newline="") as f:
        measured = list(csv.DictReader(f))
    given = {}
    for item in filter(None, args.constants.split(",")):
        k, v = item.split("=")
        given[k] = v
    if args.fit:
        # Start from the shipped constants as `infergy llm --constants` reads them.
        start = {n: v for n, v in zip(TIME + POWER, [0.8, 0.42, 0.5, 15e-6, 0.15, 0.8, 1.5])}
        start.update({k: float(v) for k, v in given.items() if k in start})
        fixed = {}
        for item in filter(None, args.fix.split(",")):
            k, v = item.split("=")
            fixed[k] = float(v)
        start.update(fixed)
        fitted = fit(args.infergy, args.table, measured, start, args.prompt, fixed)
        neutral = dict(fitted, time_ratio="1/1/1", energy_ratio="1/1/1")
        pred = run(args.infergy, args.table, neutral, args.prompt)
        t = errors(measured, pred, "median_itl_ms", "itl_ms")
        j = errors(measured, pred, "energy_per_token_joules", "energy_per_token_joules")
        # measured / predicted = 10^(-error): its 10th and 90th percentiles bound the ranges.
        ratio = lambda e, q: 10 ** (-quantile(e, 1 - q))
        fitted["time_ratio"] = f"{ratio(t, 0.1):.3f}/1/{ratio(t, 0.9):.3f}"
        fitted["energy_ratio"] = f"{ratio(j, 0.1):.3f}/1/{ratio(j, 0.9):.3f}"
        print("fitted constants (put these in default_serving_constants):")
        for k, v in fitted.items():
            print(f"  {k} = {v:.6g}" if isinstance(v, float) else f"  {k} = {v}")
        given = fitted
    pred = run(args.infergy, args.table, given, args.prompt)
    if len(pred) != len(measured):
        sys.exit(f"calibrate_llm: {len(pred)} rows out for {len(measured)} in")
    report(measured, pred, args.markdown)


if __name__ == "__main__":
    main()
