#!/usr/bin/python3
"""Benchmarks of the Python module (timings, so not tests):

1. call overhead: infergy.analyze on small models, many calls, split into the native call
   (_infergy.analyze_json: the C++ analysis and its JSON rendering) and the Python side
   (json.loads and the wrapper); compare with build/bench/bench_analyze's BM_Analyze_* and
   BM_AnalyzeJson_* on the same files;
2. the GIL: the same analyses in two threads at once against one after the other. With the GIL
   released during the analysis, two threads take about half the serial time on 2 free cores.

Usage: PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py [--calls N] [--model F]
"""

import argparse
import json
import os
import statistics
import threading
import time

import infergy
from infergy import _infergy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "models")


def per_call_us(fn, calls, repeats=5):
    """Median over `repeats` runs of the mean time of one of `calls` calls, in microseconds."""
    fn()  # warm the page cache and the registries
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        runs.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(runs)


def overhead(path, calls):
    native = per_call_us(lambda: _infergy.analyze_json(path, [], [], None, ""), calls)
    full = per_call_us(lambda: infergy.analyze(path), calls)
    text = _infergy.analyze_json(path, [], [], None, "")
    parse = per_call_us(lambda: json.loads(text), calls)
    with open(path, "rb") as f:
        data = f.read()
    from_bytes = per_call_us(lambda: infergy.analyze(data), calls)
    print(
        f"{os.path.basename(path)}: infergy.analyze {full:.0f} us/call "
        f"(native analyze+render {native:.0f} us, json.loads {parse:.0f} us, "
        f"wrapper {full - native - parse:.0f} us); from bytes {from_bytes:.0f} us/call"
    )


def python_loop():
    # The control: pure Python holds the GIL, so two threads of it gain nothing.
    return sum(i * i for i in range(200_000))


def gil(path, jobs):
    infergy.analyze(path)
    two_threads(f"{os.path.basename(path)}: infergy.analyze", lambda: infergy.analyze(path), jobs)
    two_threads("control: a pure-Python loop (holds the GIL)", python_loop, jobs)


def two_threads(what, call, jobs):
    def work(n):
        for _ in range(n):
            call()

    start = time.perf_counter()
    work(2 * jobs)
    serial = time.perf_counter() - start
    threads = [threading.Thread(target=work, args=(jobs,)) for _ in range(2)]
    start, cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    parallel, cpu = time.perf_counter() - start, time.process_time() - cpu
    # CPU time over wall time: above 1 only when both threads ran at once, whatever else
    # loads the machine (a speed-up needs two idle cores, the ratio does not).
    print(
        f"{what}: {2 * jobs} calls serially {serial:.2f} s, in two threads "
        f"{parallel:.2f} s (speed-up {serial / parallel:.2f}x; process CPU / wall "
        f"{cpu / parallel:.2f}; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f})"
    )


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--calls", type=int, default=200, help="calls per timing run (overhead)")
    p.add_argument("--jobs", type=int, default=20, help="analyses per thread (GIL)")
    p.add_argument("--model", default=os.path.join(FIXTURES, "vit_b_16.onnx"), help="GIL model")
    a = p.parse_args()
    print("== call overhead")
    for name in ("alexnet.onnx", "resnet18.onnx"):
        overhead(os.path.join(FIXTURES, name), a.calls)
    print("== GIL released: two threads against serial")
    gil(a.model, a.jobs)


if __name__ == "__main__":
    main()
