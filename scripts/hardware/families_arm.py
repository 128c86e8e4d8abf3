"""Catalogue rows for Arm CPUs: Apple silicon (CPU, GPU and Neural Engine of each chip as separate
rows) and Arm server CPUs (NVIDIA Grace, Ampere Altra / Altra Max).

Inputs: scripts/hardware/families/apple.csv (one line per Apple chip configuration) and
scripts/hardware/families/arm_cpu.csv (one line per server SKU). Every peak is computed here from
units x clock x operations per cycle, the operations per cycle coming from the core tables below
(each from a microarchitecture source: Arm's and AWS's pipe counts for Neoverse, Dougall Johnson's
measured instruction throughputs for Apple's cores, Philip Turner's measured GPU rates for Apple's
GPUs), and bandwidth from bus width x transfer rate. The C++ validation recomputes every
single-term derivation the rows state in units / clock_ghz / ops_per_cycle.

build_hardware_csv.py calls all_rows() once; nothing else here is shared with families.py but its
CSV reader and number formatting.
"""

from families import _number, _ops_text, _read, _suffix

AWS_GRAVITON_GUIDE = "https://github.com/aws/aws-graviton-getting-started/blob/main/README.md"
NEOVERSE_N1_SWOG = "https://developer.arm.com/documentation/pjdoc466751330-9707/latest/"
NEOVERSE_V2_SWOG = "https://developer.arm.com/documentation/PJDOC-466751330-593177/latest/"
DOUGALL_FIRESTORM = "https://dougallj.github.io/applecpu/firestorm-simd.html"
DOUGALL_ICESTORM = "https://dougallj.github.io/applecpu/icestorm-simd.html"
TURNER_METAL = "https://github.com/philipturner/metal-benchmarks"
ANE_FP16 = ("https://ane-guide.readthedocs.io/en/latest/part-3-performance/10-power-efficiency.html;"
            "https://www.themoonlight.io/review/evaluation-of-domain-specific-architectures-for-"
            "general-purpose-applications-in-apple-silicon")

# Operations per clock per core (an FMA counts 2) on the SIMD path frameworks' Arm kernels use
# (NEON / SVE: MLAS, oneDNN+ACL, XNNPACK, Eigen), with the source of the pipe count.
#  - Neoverse: AWS's Graviton guide gives the FP/SIMD pipes per core (N1 "2x Neon 128bit", V2 "4x
#    Neon/SVE 128bit"; NVIDIA's Grace table also says "4x128b SVE2"; Ampere: two 128-bit SIMD
#    units per Altra core), each pipe doing one 128-bit FMA per cycle: FP32 4 lanes x 2, FP64 2
#    lanes x 2. FP16 and INT8 dot-product instructions exist on these cores; their rates are in
#    Arm's optimization guides, which were not read here, so no such peak is stated.
#  - Apple: Dougall Johnson's measured throughputs: Firestorm issues FMLA (4S, 2D and 8H) and SDOT
#    (16B) on four units (u11-14) at 0.25 cycles each, Icestorm on two (u6-7) at 0.5 cycles. Per
#    128-bit instruction: 8 FP32 FLOPs, 4 FP64, 16 FP16, and SDOT 16 INT8 multiply-adds = 32 ops.
ARM_CORES = {
    "neoverse-n1": dict(desc="Neoverse N1: 2 x 128-bit NEON FMA pipes", src=NEOVERSE_N1_SWOG,
                        ops=dict(fp64_vector=8, fp32_vector=16)),
    "neoverse-v2": dict(desc="Neoverse V2: 4 x 128-bit NEON/SVE2 FMA pipes", src=NEOVERSE_V2_SWOG,
                        ops=dict(fp64_vector=16, fp32_vector=32)),
    "firestorm": dict(desc="Firestorm: 4 x 128-bit NEON FMA/SDOT pipes", src=DOUGALL_FIRESTORM,
                      ops=dict(fp64_vector=16, fp32_vector=32, fp16_vector=64, int8_vector=128)),
    "icestorm": dict(desc="Icestorm: 2 x 128-bit NEON FMA/SDOT pipes", src=DOUGALL_ICESTORM,
                     ops=dict(fp64_vector=8, fp32_vector=16, fp16_vector=32, int8_vector=64)),
}

# Apple GPU cores (Metal GPU family Apple7 = M1 generation, Apple8 = M2): 128 FP32 ALUs per core,
# an FMA counting 2; FP16 runs at the FP32 rate (Turner's measured table: GOPS16 = GOPS32, e.g.
# M1 8 cores x 1.278 GHz = 2617 GFLOPS at both). No matrix unit: simdgroup_matrix runs on the same
# FP32 pipelines, so no matrix figure is stored.
APPLE_GPUS = {
    "apple7": dict(arch="Apple7 (M1 generation)", ops=dict(fp32_vector=256, fp16_vector=256)),
    "apple8": dict(arch="Apple8 (M2 generation)", ops=dict(fp32_vector=256, fp16_vector=256)),
}


def _blank(columns, **cells):
    out = {c: "" for c in columns}
    out.update(cells)
    return out


def _join(*groups):
    seen = []
    for group in groups:
        for url in (group or "").split(";"):
            if url and url not in seen:
                seen.append(url)
    return ";".join(seen)


def _peaks(terms):
    """{(column key): TFLOPS} summed over (count, GHz, ops dict) terms."""
    total = {}
    for count, ghz, ops in terms:
        for key, n in ops.items():
            total[key] = total.get(key, 0) + count * ghz * n / 1000
    return total


# --- Arm server CPUs -----------------------------------------------------------------------------

def server_rows(columns):
    rows = []
    for r in _read("arm_cpu.csv"):
        core = ARM_CORES[r["uarch"]]
        cores, ghz = int(r["cores"]), float(r["ghz"])
        out = _blank(columns, id=r["id"], name=r["name"], aliases=r["aliases"],
                     vendor=r["vendor"], kind="cpu", release_date=r["release_date"],
                     tdp_w=r["tdp_w"], units=str(cores), unit_name="core", clock_ghz=r["ghz"],
                     ops_per_cycle=_ops_text(core["ops"]), checked="spec-page")
        for key, tflops in _peaks([(cores, ghz, core["ops"])]).items():
            out[key + _suffix(key)] = _number(tflops, 4)
        if r["channels"]:
            bw = int(r["channels"]) * 8 * int(r["mts"]) / 1000
            mem = "Bandwidth = %s channels x 8 bytes x %s MT/s (%s) = %s GB/s." % (
                r["channels"], r["mts"], r["memory"], _number(bw, 4))
        else:
            bw = float(r["bw_gbs"])
            mem = "Bandwidth %s GB/s: %s." % (_number(bw, 4), r["bw_note"])
        out["memory_bw_gbs"] = _number(bw, 4)
        out["sources"] = _join(r["sources"], AWS_GRAVITON_GUIDE, core["src"])
        out["notes"] = ("%s %d cores x %s GHz x %d FP32 FLOPs/cycle (%s) = %s TFLOPS; FP64 half. "
                        "Clock: %s. %s TDP %s W: %s." % (
                            r["notes"], cores, r["ghz"], core["ops"]["fp32_vector"], core["desc"],
                            out["fp32_vector_tflops"], r["clock_note"], mem, r["tdp_w"],
                            r["tdp_note"]))
        rows.append(out)
    return rows


# --- Apple silicon --------------------------------------------------------------------------------

def _apple_common(r):
    """Memory and power text shared by a chip's CPU, GPU and Neural Engine rows."""
    bw = int(r["bus_bits"]) / 8 * int(r["mts"]) / 1000
    quoted = (" (Apple quotes %s GB/s)" % r["apple_gbs"]) if r["apple_gbs"] else ""
    memory = ("Unified memory shared by CPU, GPU and Neural Engine: %s GB, the base "
              "configuration; bandwidth = %s-bit %s / 8 = %s GB/s%s." % (
                  r["memory_gb"], r["bus_bits"], r["memory"], _number(bw, 4), quoted))
    power = ("[tdp:upper-bound] tdp_w %s W is Apple's maximum power of the %s, measured at the wall for the whole "
             "computer running a compute-intensive load: Apple publishes no chip or unit power, so "
             "this is an upper bound, well above what one unit draws." % (
                 r["tdp_w"], r["power_mac"]))
    return bw, "Configuration: %s. %s %s" % (r["config"], memory, power)


def _apple_row(columns, r, unit, kind, bw, sources):
    stem = "apple-" + r["chip"].lower().replace(" ", "-")
    suffix, label, alias = dict(cpu=("cpu", "CPU", "CPU"), gpu=("gpu", "GPU", "GPU"),
                                ane=("ane", "Neural Engine", "ANE"))[unit]
    return _blank(columns, id="%s-%s" % (stem, suffix), name="Apple %s %s" % (r["chip"], label),
                  aliases="%s %s" % (r["chip"], label) + (";%s ANE" % r["chip"] if unit == "ane"
                                                          else ""),
                  vendor="Apple", kind=kind, release_date=r["release_date"], tdp_w=r["tdp_w"],
                  memory_gb=r["memory_gb"], memory_bw_gbs=_number(bw, 4), checked="spec-page",
                  sources=_join(sources, r["memory_sources"], r["power_sources"], r["sources"]))


def apple_rows(columns):
    rows = []
    for r in _read("apple.csv"):
        bw, common = _apple_common(r)
        if r["p_uarch"]:
            p, e = ARM_CORES[r["p_uarch"]], ARM_CORES[r["e_uarch"]]
            pc, pg, ec, eg = int(r["p_cores"]), float(r["p_ghz"]), int(r["e_cores"]), float(r["e_ghz"])
            out = _apple_row(columns, r, "cpu", "cpu", bw,
                             _join(r["clock_sources"], p["src"], e["src"]))
            peaks = _peaks([(pc, pg, p["ops"]), (ec, eg, e["ops"])])
            for key, tflops in peaks.items():
                out[key + _suffix(key)] = _number(tflops, 4)
            out["notes"] = (
                "Hybrid: %d P-cores x %s GHz x %d FP32 FLOPs/cycle (%s) + %d E-cores x %s GHz x %d "
                "(%s) = %s TFLOPS FP32; FP64 half; FP16 (NEON FMLA 8H) twice FP32 = %s; INT8 "
                "dot products (SDOT) %d and %d ops/cycle = %s TOPS. Two core types, so the "
                "derivation is stated here rather than in units/clock_ghz. Clocks (Apple publishes "
                "none): %s. Not counted: Apple's AMX matrix coprocessor (reached only "
                "through Accelerate / Core ML; no rate from a primary source). %s" % (
                    pc, r["p_ghz"], p["ops"]["fp32_vector"], p["desc"], ec, r["e_ghz"],
                    e["ops"]["fp32_vector"], e["desc"], out["fp32_vector_tflops"],
                    out["fp16_vector_tflops"], p["ops"]["int8_vector"], e["ops"]["int8_vector"],
                    out["int8_vector_tops"], r["clock_note"], common))
            if r["cpu_note"]:
                out["notes"] += " CPU bandwidth: %s." % r["cpu_note"]
            rows.append(out)
        if r["gpu_arch"]:
            gpu = APPLE_GPUS[r["gpu_arch"]]
            cores, ghz = int(r["gpu_cores"]), float(r["gpu_ghz"])
            out = _apple_row(columns, r, "gpu", "desktop-gpu", bw, TURNER_METAL)
            out.update(units=str(cores), unit_name="GPU core", clock_ghz=r["gpu_ghz"],
                       ops_per_cycle=_ops_text(gpu["ops"]))
            for key, tflops in _peaks([(cores, ghz, gpu["ops"])]).items():
                out[key + _suffix(key)] = _number(tflops, 4)
            out["notes"] = (
                "Integrated GPU, unified memory. %s: %d cores x %s GHz (Philip Turner's measured "
                "clock; Apple publishes none) x 256 FLOPs/cycle (128 FP32 ALUs, FMA) = %s TFLOPS "
                "FP32; FP16 at the FP32 rate (Turner's measured table); no matrix unit "
                "(simdgroup_matrix uses the FP32 pipelines). %s" % (
                    gpu["arch"], cores, r["gpu_ghz"], out["fp32_vector_tflops"], common))
            rows.append(out)
        if r["ane_tops"]:
            out = _apple_row(columns, r, "ane", "edge", bw,
                             _join(r["ane_sources"], ANE_FP16 if r["ane_unit"] == "fp16_matrix"
                                   else "", r["ane_measured_sources"]))
            out[r["ane_unit"] + _suffix(r["ane_unit"])] = r["ane_tops"]
            if r["ane_unit"] == "fp16_matrix":
                what = ("Apple's %s trillion operations per second, stored as FP16 matrix "
                        "TFLOPS: the engine computes in FP16 (a fixed-function FP16 datapath per "
                        "the measurements cited); Apple states no precision and no other "
                        "precision is stored." % r["ane_tops"])
            else:
                what = ("Apple's %s trillion operations per second, stored as INT8 TOPS: from the "
                        "M4 on Apple's figure is read as INT8 operations (twice the M3's 18). A "
                        "reverse-engineering measurement cited here found about half of it, ~19 "
                        "TFLOPS, in FP16 and no faster INT8 execution (INT8 weights are widened "
                        "to FP16), so this is the vendor's peak, not a rate an FP16 model "
                        "reaches; no FP16 peak is stored." % r["ane_tops"])
            if r["ane_note"]:
                what += " Derivation: %s." % r["ane_note"]
            if r["ane_measured"]:
                # A measured rate far below the vendor's peak is what a roofline user must know.
                what += " Measured: %s." % r["ane_measured"]
            out["notes"] = "Neural Engine (NPU), unified memory. %s %s" % (what, common)
            rows.append(out)
    return rows


def all_rows(columns):
    """Every Arm row (Apple silicon and Arm servers), in the output columns."""
    return apple_rows(columns) + server_rows(columns)
