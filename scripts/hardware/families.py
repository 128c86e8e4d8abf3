"""Catalogue rows generated from compact per-family tables, so that every peak is derived.

Each table in scripts/hardware/families/ gives one product per line: its unit count (SMs,
cores), the clock the vendor quotes peaks at, memory bus width and transfer rate, TDP, date and
source URL. An architecture table here gives the operations per clock per unit at each
(precision, compute unit), each from the vendor's architecture whitepaper; the generator writes
the row's units, clock_ghz and ops_per_cycle columns and computes each peak as
units x clock x ops, and memory bandwidth as bus width / 8 x transfer rate. The C++ validation
(check_derivation) recomputes every peak from those columns, so a typo in either place fails.

The CPU tables also carry `checked` (spec-page or unverified) and `notes` saying which copy of the
vendor's figures each row was re-read against; a CPU row without its own source URL stops the
build (tests/integration/cpu_rows_need_sources.py).
"""

import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FAMILIES = os.path.join(HERE, "families")

NV_TURING_WP = ("https://images.nvidia.com/aem-dam/en-zz/Solutions/design-visualization/technologies/"
                "turing-architecture/NVIDIA-Turing-Architecture-Whitepaper.pdf")
NV_GA102_WP = ("https://images.nvidia.com/aem-dam/en-zz/Solutions/geforce/ampere/pdf/"
               "NVIDIA-ampere-GA102-GPU-Architecture-Whitepaper-V1.pdf")
NV_ADA_WP = "https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf"
NV_BLACKWELL_WP = ("https://images.nvidia.com/aem-dam/Solutions/geforce/blackwell/"
                   "nvidia-rtx-blackwell-gpu-architecture.pdf")

GEFORCE_HALF_RATE = ("[exempt:half-rate-fp32-accumulate] GeForce tensor cores run FP16/BF16/TF32/FP8 "
                     "with FP32 accumulate (what AMP uses) at half the FP16-accumulate rate that "
                     "NVIDIA's spec pages quote; the FP32-accumulate figure is stored. Integer paths "
                     "run at full rate.")

# Operations per clock per SM (an FMA counts 2), dense, from each whitepaper's per-SM description
# and its table of peak rates (which these reproduce at the reference boost clock).
GEFORCE_ARCH = {
    # Turing TU10x: 64 FP32 cores, 2 FP64 units, FP16 at 2x FP32, 8 tensor cores x 64 FP16 FMA
    # (FP16 accumulate; half with FP32 accumulate on GeForce), INT8 2x and INT4 4x FP16.
    "turing": dict(arch="Turing", wp=NV_TURING_WP, ops=dict(
        fp64_vector=4, fp32_vector=128, fp16_vector=256, fp16_matrix=512, int8_matrix=2048,
        int4_matrix=4096)),
    # Turing TU11x (GTX 16): the Turing SM without tensor or RT cores; FP16 at 2x FP32.
    "tu11x": dict(arch="Turing", wp=NV_TURING_WP, ops=dict(
        fp64_vector=4, fp32_vector=128, fp16_vector=256)),
    # Ampere GA10x: 128 FP32 cores, FP16 non-tensor at the FP32 rate, 4 tensor cores x 128 dense
    # FP16 FMA; TF32 at half FP16, BF16 as FP16, INT8 2x, INT4 4x.
    "ga10x": dict(arch="Ampere GA10x", wp=NV_GA102_WP, ops=dict(
        fp64_vector=4, fp32_vector=256, fp16_vector=256, tf32_matrix=256, fp16_matrix=512,
        bf16_matrix=512, int8_matrix=2048, int4_matrix=4096)),
    # Ada AD10x: as GA10x plus FP8 (at 2x FP16).
    "ada": dict(arch="Ada", wp=NV_ADA_WP, ops=dict(
        fp64_vector=4, fp32_vector=256, fp16_vector=256, tf32_matrix=256, fp16_matrix=512,
        bf16_matrix=512, fp8_matrix=1024, int8_matrix=2048, int4_matrix=4096)),
    # Blackwell GB20x: Ada's per-SM rates; INT4 dropped from the tensor cores, FP4 added at the
    # full rate with FP32 accumulate (4096 ops/clk/SM: 1676 dense TFLOPS on the 5090, 4x its FP8).
    "gb20x": dict(arch="Blackwell GB20x", wp=NV_BLACKWELL_WP, ops=dict(
        fp64_vector=4, fp32_vector=256, fp16_vector=256, tf32_matrix=256, fp16_matrix=512,
        bf16_matrix=512, fp8_matrix=1024, fp4_matrix=4096, int8_matrix=2048)),
}


def _suffix(key):
    return "_tops" if key.startswith("int") else "_tflops"


def _number(value, digits=6):
    return "%.*g" % (digits, value)


def _ops_text(ops):
    return ";".join("%s=%s" % (k, _number(v)) for k, v in ops.items())


def _read(name):
    with open(os.path.join(FAMILIES, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# Professional (RTX A / Ada / PRO) cards: the same SMs with FP32 accumulate at the full rate.
PRO_ARCH = {
    "ampere-pro": dict(arch="Ampere GA10x", wp=NV_GA102_WP, ops=dict(
        fp32_vector=256, fp16_vector=256, tf32_matrix=512, fp16_matrix=1024, bf16_matrix=1024,
        int8_matrix=2048, int4_matrix=4096)),
    "ada-pro": dict(arch="Ada", wp=NV_ADA_WP, ops=dict(
        fp32_vector=256, fp16_vector=256, tf32_matrix=512, fp16_matrix=1024, bf16_matrix=1024,
        fp8_matrix=2048, int8_matrix=2048, int4_matrix=4096)),
    "blackwell-pro": dict(arch="Blackwell GB20x", wp=NV_BLACKWELL_WP, ops=dict(
        fp32_vector=256, fp16_vector=256, tf32_matrix=512, fp16_matrix=1024, bf16_matrix=1024,
        fp8_matrix=2048, fp4_matrix=4096, int8_matrix=2048)),
}
PRO_CONVENTION = ("Professional card: FP32 accumulate at the full FP16-accumulate rate, so float "
                  "matrix figures are twice a GeForce card's per SM and clock.")

AMD_GPU_DOCS = "https://gpuopen.com/amd-gpu-architecture-programming-documentation/"

# Operations per clock per CU, dense. RDNA 2: 64 FP32 lanes (FMA), packed FP16 at 2x, no matrix
# unit. RDNA 3: dual-issue FP32 (2 x 64 lanes); its WMMA FP16 runs at the packed-FP16 vector rate,
# so no separate matrix figure is stored (it would equal the vector one). RDNA 4: WMMA at 2x the
# packed-FP16 rate for FP16/BF16, 4x for FP8/INT8, 8x for INT4 (AMD's quoted 9070 XT figures:
# 48.7 FP32, 195 FP16, 389 FP8/INT8, 779 INT4 TOPS dense).
RADEON_ARCH = {
    "rdna2": dict(arch="RDNA 2", wp=AMD_GPU_DOCS, ops=dict(fp32_vector=128, fp16_vector=256)),
    "rdna3": dict(arch="RDNA 3", wp=AMD_GPU_DOCS, ops=dict(fp32_vector=256, fp16_vector=512)),
    "rdna4": dict(arch="RDNA 4", wp=AMD_GPU_DOCS, ops=dict(
        fp32_vector=256, fp16_vector=512, fp16_matrix=1024, bf16_matrix=1024, fp8_matrix=2048,
        int8_matrix=2048, int4_matrix=4096)),
}


def geforce_rows(columns):
    rows = gpu_rows(columns, "geforce.csv", GEFORCE_ARCH, "NVIDIA", "SM", GEFORCE_HALF_RATE)
    for r in rows:
        if not r["fp16_matrix_tflops"]:  # no tensor cores (GTX 16): no accumulate convention
            r["notes"] = r["notes"].replace(GEFORCE_HALF_RATE, "").strip()
    return rows


def radeon_rows(columns):
    return gpu_rows(columns, "radeon.csv", RADEON_ARCH, "AMD", "CU", "")


# Intel Xe-HPG (Arc A-series): per Xe-core 16 vector engines x 8 FP32 lanes (FMA), FP16 at 2x;
# 16 XMX engines giving 2048 FP16/BF16 and 4096 INT8 ops per clock (Intel: A770 at 2.1 GHz, 17.2
# FP32 TFLOPS, 138 FP16 XMX TFLOPS, 275 INT8 TOPS). XMX accumulates FP16 products in FP32.
ARC_ARCH = {
    "xe-hpg": dict(arch="Xe-HPG", wp="https://www.intel.com/content/www/us/en/docs/oneapi/"
                   "optimization-guide-gpu/2024-0/intel-xe-gpu-architecture.html", ops=dict(
                       fp32_vector=256, fp16_vector=512, fp16_matrix=2048, bf16_matrix=2048,
                       int8_matrix=4096)),
}


def arc_rows(columns):
    return gpu_rows(columns, "arc.csv", ARC_ARCH, "Intel", "Xe-core", "")


def pro_rows(columns):
    return gpu_rows(columns, "pro_gpu.csv", PRO_ARCH, "NVIDIA", "SM", PRO_CONVENTION)


def gpu_rows(columns, table, archs, vendor, unit, convention):
    rows = []
    for r in _read(table):
        arch = archs[r["arch"]]
        sms, ghz = int(r["sms"]), float(r["boost_mhz"]) / 1000
        out = {c: "" for c in columns}
        out.update(id=r["id"], name=r["name"], aliases=r["aliases"], vendor=vendor,
                   kind=r.get("kind") or "desktop-gpu", release_date=r["release_date"],
                   tdp_w=r["tdp_w"],
                   memory_gb=r["memory_gb"], units=str(sms), unit_name=unit,
                   clock_ghz=_number(ghz), ops_per_cycle=_ops_text(arch["ops"]), checked="vendor")
        for key, ops in arch["ops"].items():
            # Four significant digits, as vendors print them (and the study copied them).
            out[key + _suffix(key)] = _number(sms * ghz * ops / 1000, 4)
        bw = int(r["bus_bits"]) / 8 * float(r["gbps"])
        out["memory_bw_gbs"] = _number(bw, 5)
        out["sources"] = ";".join([r["sources"], arch["wp"]])
        out["notes"] = ("%s: %d %ss x %s MHz boost; peaks = %ss x clock x ops_per_cycle per %s "
                        "(%s architecture documents). Bandwidth = %s-bit / 8 x %s Gbps. %s" % (
                            arch["arch"], sms, unit, r["boost_mhz"], unit, unit, arch["arch"],
                            r["bus_bits"], r["gbps"], convention)).strip()
        if r["notes"]:
            out["notes"] = r["notes"] + " " + out["notes"]
        rows.append(out)
    return rows




# Per-cycle FLOPs come from the vendors' optimization manuals (each CPU_UARCH entry names the
# document and the passage); the per-product figures (cores, base clocks, power, memory, date) come
# from each row's own `sources` in client_cpu.csv / server_cpu.csv.
INTEL_OPT = ("https://www.intel.com/content/www/us/en/content-details/671488/"
             "intel-64-and-ia-32-architectures-optimization-reference-manual-volume-1.html")
AMD_SOG = ("https://www.amd.com/content/dam/amd/en/documents/processor-tech-docs/"
           "software-optimization-guides/%s.zip")
AMD_ZEN2_SOG = AMD_SOG % "56305"
AMD_ZEN3_SOG = AMD_SOG % "56665"
AMD_ZEN4_SOG = AMD_SOG % "57647"
AMD_ZEN5_SOG = AMD_SOG % "58455"
# Measurements that confirm the datapath widths the guides describe (read for the second reading).
ZEN_AVX512_TEARDOWN = "http://numberworld.org/blogs/2024_8_7_zen5_avx512_teardown"
# David Huang's measurements of a Ryzen AI 9 365, as reported there.
STRIX_POINT_VEC = "https://gamebastion.com/n/the-first-technical-deep-dive-of-the-zen-5/446175"
# Intel and Microsoft's article (read in its copy in the DeepSpeed repository) states the AMX rates.
AMX_RATES = ("https://www.intel.com/content/www/us/en/developer/articles/technical/"
             "xllama-2-on-xeon-scalable-processor-with-deepspeed.html")

# FP32 / FP64 FLOPs per clock per core on the widest SIMD path a framework's kernels (oneDNN,
# MLAS, Eigen) use: FMA units x lanes x 2, with the passage of the vendor's guide that gives the
# FMA pipes and their width.
CPU_UARCH = {
    "skylake": ("Skylake-derived client core (Coffee/Comet Lake), AVX2: 2 x 256-bit FMA (ports 0 "
                "and 1; Intel optimization manual, Skylake client microarchitecture)", 32, 16,
                INTEL_OPT),
    "willow-cove": ("Willow Cove (Tiger Lake), AVX-512 with one 512-bit FMA (ports 0+1 fused; "
                    "client parts lack the port-5 FMA of Xeon; Intel optimization manual, Ice "
                    "Lake client / Sunny Cove microarchitecture)", 32, 16, INTEL_OPT),
    "cypress-cove": ("Cypress Cove (Rocket Lake), AVX-512 with one 512-bit FMA (ports 0+1 fused, "
                     "as Sunny Cove client; Intel optimization manual)", 32, 16, INTEL_OPT),
    "golden-cove": ("Golden Cove / Raptor Cove P-core, AVX2 (AVX-512 is not supported on hybrid "
                    "client parts): 2 x 256-bit FMA (Intel optimization manual, Golden Cove "
                    "microarchitecture)", 32, 16, INTEL_OPT),
    "gracemont": ("Gracemont E-core, AVX2 on 2 x 128-bit FMA (a 256-bit op takes both; Intel "
                  "optimization manual, Gracemont microarchitecture)", 16, 8, INTEL_OPT),
    "lion-cove": ("Lion Cove P-core, AVX2: 2 x 256-bit FMA (Intel optimization manual, Lion Cove "
                  "microarchitecture)", 32, 16, INTEL_OPT),
    "skymont": ("Skymont E-core, AVX2 on 4 x 128-bit FMA (Intel optimization manual, Skymont "
                "microarchitecture: four FP/vector pipes, each with FMA)", 32, 16, INTEL_OPT),
    "zen2": ("Zen 2, AVX2: 2 x 256-bit FMA (FP pipes 0 and 1; AMD Software Optimization Guide for "
             "Family 17h Models 30h+, pub. 56305, floating-point unit)", 32, 16, AMD_ZEN2_SOG),
    "zen3": ("Zen 3, AVX2: 2 x 256-bit FMA (FP pipes 0 and 1; AMD Software Optimization Guide for "
             "Family 19h, pub. 56665, floating-point unit)", 32, 16, AMD_ZEN3_SOG),
    "zen4": ("Zen 4, AVX-512 on 2 x 256-bit FMA (a 512-bit op issues as two 256-bit halves; AMD "
             "Software Optimization Guide for Family 19h Models 10h+, pub. 57647; the "
             "double-pumping is measured in Yee's Zen 4/Zen 5 AVX-512 teardowns)", 32, 16,
             AMD_ZEN4_SOG + ";" + ZEN_AVX512_TEARDOWN),
    "zen5": ("Zen 5 (desktop and server), AVX-512 on 2 x 512-bit FMA (full 512-bit datapath; AMD "
             "Software Optimization Guide for Family 1Ah, pub. 58455; measured native in Yee's "
             "Zen 5 AVX-512 teardown)", 64, 32, AMD_ZEN5_SOG + ";" + ZEN_AVX512_TEARDOWN),
    "zen5-mobile": ("Zen 5 / Zen 5c (Strix Point), AVX-512 on 2 x 256-bit FMA (the mobile parts "
                    "keep a 256-bit datapath and double-pump 512-bit ops; AMD Software "
                    "Optimization Guide for Family 1Ah, pub. 58455; measured on a Ryzen AI 9 365: "
                    "512-bit throughput per clock as Zen 4's)", 32, 16,
                    AMD_ZEN5_SOG + ";" + STRIX_POINT_VEC),
    "skylake-sp": ("Skylake-SP (Gold 6100 series / Platinum), AVX-512: 2 x 512-bit FMA (ports 0+1 "
                   "fused and port 5; the Gold 5100 series and below have one; Intel "
                   "optimization manual, Skylake server microarchitecture)", 64, 32, INTEL_OPT),
    "cascade-lake": ("Cascade Lake-SP (Gold 6200 series / Platinum), AVX-512: 2 x 512-bit FMA (as "
                     "Skylake-SP; Intel optimization manual)", 64, 32, INTEL_OPT),
    "icelake-sp": ("Ice Lake-SP, AVX-512: 2 x 512-bit FMA (ports 0+1 fused and port 5; Intel "
                   "optimization manual, Ice Lake server)", 64, 32, INTEL_OPT),
    "sapphire-rapids": ("Golden Cove / Redwood Cove server core (Sapphire, Emerald, Granite "
                        "Rapids), AVX-512: 2 x 512-bit FMA; AMX: one TMUL per core, 1024 BF16 "
                        "and 2048 INT8 ops per cycle (Intel optimization manual, Intel AMX "
                        "chapter; 2048 INT8 / 1024 BF16 operations per cycle per core as Intel "
                        "states for 4th Gen Xeon in its DeepSpeed article)", 64, 32,
                        INTEL_OPT + ";" + AMX_RATES),
}
# AMX tile units (Intel Xeon 4th gen on): matrix ops per clock per core.
CPU_MATRIX = {"sapphire-rapids": dict(bf16_matrix=1024, int8_matrix=2048)}
CPU_CHECKED = ("vendor", "spec-page", "unverified")


def client_cpu_rows(columns):
    return cpu_rows(columns, "client_cpu.csv") + cpu_rows(columns, "server_cpu.csv")


def _row_sources(table, r):
    """The row's own product sources; a row without one stops the build."""
    urls = [u.strip() for u in r.get("sources", "").split(";") if u.strip()]
    if not urls or not all(u.startswith("https://") or u.startswith("http://") for u in urls):
        raise SystemExit("%s: row %s has no per-product source URL in its sources column" %
                         (os.path.join(FAMILIES, table), r.get("id") or "?"))
    if r.get("checked") not in CPU_CHECKED:
        raise SystemExit("%s: row %s: checked must be one of %s, not '%s'" %
                         (os.path.join(FAMILIES, table), r["id"], ", ".join(CPU_CHECKED),
                          r.get("checked", "")))
    return urls


def cpu_rows(columns, table):
    rows = []
    for r in _read(table):
        desc, fp32, fp64, opt = CPU_UARCH[r["uarch"]]
        cores, ghz = int(r["cores"]), float(r["base_ghz"])
        out = {c: "" for c in columns}
        out.update(id=r["id"], name=r["name"], aliases=r["aliases"], vendor=r["vendor"],
                   kind="cpu", release_date=r["release_date"], tdp_w=r["tdp_w"],
                   checked=r["checked"])
        urls = _row_sources(table, r)
        docs = [opt] + ([CPU_UARCH[r["e_uarch"]][3]] if r["e_cores"] else [])
        out["sources"] = ";".join(urls + [d for d in dict.fromkeys(docs) if d not in urls])
        bw = int(r["bus_bits"]) / 8 * int(r["mts"]) / 1000
        out["memory_bw_gbs"] = _number(bw, 4)
        mem = ("Bandwidth = %s-bit %s (the fastest memory the vendor specifies) / 8 = %s GB/s."
               % (r["bus_bits"], r["memory"], _number(bw, 4)))
        clock = ("Peaks at the base clock (the clock guaranteed at TDP; all-core turbo is "
                 "higher and not specified).")
        if r["e_cores"]:
            e_desc, e32, e64, _ = CPU_UARCH[r["e_uarch"]]
            e_cores, e_ghz = int(r["e_cores"]), float(r["e_base_ghz"])
            f32 = cores * ghz * fp32 + e_cores * e_ghz * e32
            f64 = cores * ghz * fp64 + e_cores * e_ghz * e64
            # clock_ghz is the P-cores' base, without units or ops: there is no single-clock
            # derivation to check, but the roofline scales the part by the P-cores' boost ratio.
            out.update(clock_ghz=r["base_ghz"])
            out["notes"] = ("Hybrid: %d P-cores x %s GHz x %d FP32 FLOPs/cycle (%s) + %d E-cores x "
                            "%s GHz x %d (%s) = %s TFLOPS FP32; FP64 half. Two core types, so the "
                            "derivation is stated here rather than in units/ops_per_cycle; "
                            "clock_ghz is the P-cores' base clock and boost_ghz their max turbo, "
                            "whose ratio the roofline applies to the whole part (the E-cores' "
                            "own ratio is in the boost note). %s %s" % (
                                cores, r["base_ghz"], fp32, desc, e_cores, r["e_base_ghz"], e32,
                                e_desc, _number(f32 / 1000, 4), clock, mem))
        else:
            f32, f64 = cores * ghz * fp32, cores * ghz * fp64
            ops = dict(fp64_vector=fp64, fp32_vector=fp32, **CPU_MATRIX.get(r["uarch"], {}))
            out.update(units=str(cores), unit_name="core", clock_ghz=r["base_ghz"],
                       ops_per_cycle=_ops_text(ops))
            for key, n in CPU_MATRIX.get(r["uarch"], {}).items():
                out[key + _suffix(key)] = _number(cores * ghz * n / 1000, 4)
            out["notes"] = ("%d cores x %s GHz x %d FP32 FLOPs/cycle (%s); FP64 half. %s %s" % (
                cores, r["base_ghz"], fp32, desc, clock, mem))
        if r.get("notes"):
            out["notes"] = r["notes"] + " " + out["notes"]
        out["fp32_vector_tflops"] = _number(f32 / 1000, 4)
        out["fp64_vector_tflops"] = _number(f64 / 1000, 4)
        rows.append(out)
    return rows


def all_rows(columns):
    """Every generated row, in the output columns."""
    return (geforce_rows(columns) + pro_rows(columns) + radeon_rows(columns) +
            arc_rows(columns) + client_cpu_rows(columns))


# Maximum boost clocks of the catalogue's CPUs (families/cpu_boost.csv): the vendor's single-core
# max boost / turbo (AMD "Max. Boost Clock"; Intel ARK "Max Turbo Frequency", on hybrid parts
# "Performance-core Max Turbo Frequency"), and the E-core max turbo where a part has E-cores;
# `field` names the vendor's field the figure was read from.
# Peaks stay derived at the base clock (what TDP is specified at); ONNX Runtime's kernels run near
# the boost clock, so the roofline takes its CPU compute ceiling from this column. A boost_ghz of
# `fixed` marks a part whose vendor states one fixed clock and no boost: the row's own clock is
# its boost.
CPU_BOOST = "cpu_boost.csv"

# CPU rows without a boost clock, each with the reason no vendor figure could be had. Every other
# row with clock_ghz but no boost fails the build, so no new CPU slips in without its boost clock.
_UNREAD = ("EPYC 9005 (2024-10): neither AMD's product page nor a capture of AMD's specification "
           "export that lists it (those found are from 2023-07, and from 2025-02 without server "
           "parts) was among the sources this catalogue was built from; left out rather than "
           "entered from memory")
CPU_BOOST_GAPS = {
    "epyc-9135": _UNREAD, "epyc-9355": _UNREAD, "epyc-9555": _UNREAD, "epyc-9655": _UNREAD,
    "epyc-9965": _UNREAD, "epyc-9755": _UNREAD,
    "nvidia-grace": ("NVIDIA's Grace pages read (the architecture blog, its spec table) state the "
                     "3.1 GHz clock the row uses but no maximum boost clock"),
    "nvidia-grace-superchip": ("as nvidia-grace: no maximum boost clock in NVIDIA's pages read"),
}


def _boost_text(ghz):
    return _number(float(ghz), 4)


def apply_cpu_boost(rows, entries=None, gaps=None):
    """Sets boost_ghz on every CPU row listed in families/cpu_boost.csv (or `entries`, its rows as
    dicts), adds the entry's sources to the row's and the boost clock to its notes; fails on an
    entry that names no CPU row, a boost below the row's clock, and a CPU row with clock_ghz that
    has neither an entry, nor a boost_ghz of its own (a hand-made row), nor a gap (CPU_BOOST_GAPS,
    or `gaps`). A row without clock_ghz (a hybrid part, whose peaks have no single clock) gets the
    boost in its notes only: the catalogue takes boost_ghz only where clock_ghz states the clock
    it scales."""
    gaps = CPU_BOOST_GAPS if gaps is None else gaps
    listed = _read(CPU_BOOST) if entries is None else entries
    entries = {}
    for e in listed:
        if e["id"] in entries:
            raise SystemExit("%s: %s is listed twice" % (CPU_BOOST, e["id"]))
        if not e["sources"].strip():
            raise SystemExit("%s: %s has no source" % (CPU_BOOST, e["id"]))
        entries[e["id"]] = e
    cpus = {r["id"]: r for r in rows if r["kind"] == "cpu"}
    unknown = sorted(set(entries) - set(cpus))
    if unknown:
        raise SystemExit("%s: entries name no CPU row: %s" % (CPU_BOOST, unknown))
    both = sorted(set(entries) & set(gaps))
    if both:
        raise SystemExit("%s: rows both sourced and listed as gaps: %s" % (CPU_BOOST, both))
    stale = sorted(i for i in gaps if i not in cpus or cpus[i].get("boost_ghz"))
    if stale:
        raise SystemExit("CPU_BOOST_GAPS names rows that are gone or carry a boost_ghz: %s" % stale)
    own = sorted(i for i in entries if cpus[i].get("boost_ghz"))
    if own:
        raise SystemExit("%s: rows that carry their own boost_ghz: %s" % (CPU_BOOST, own))
    missing = sorted(i for i, r in cpus.items() if r["clock_ghz"] and not r.get("boost_ghz")
                     and i not in entries and i not in gaps)
    if missing:
        for i in missing:
            print("%s has clock_ghz but no boost clock in families/%s" % (i, CPU_BOOST))
        raise SystemExit("CPU rows without a boost clock: add them to families/%s (or, with the "
                         "reason, to CPU_BOOST_GAPS in families.py)" % CPU_BOOST)
    for i, e in entries.items():
        row = cpus[i]
        if e["boost_ghz"] == "fixed":
            if not row["clock_ghz"]:
                raise SystemExit("%s: %s is marked fixed but its row has no clock_ghz" % (
                    CPU_BOOST, i))
            boost = row["clock_ghz"]
            note = ("Fixed clock: the vendor states %s GHz and no boost, so boost_ghz is the "
                    "clock." % boost)
        else:
            boost = _boost_text(e["boost_ghz"])
            if not 0 < float(boost) <= 10:
                raise SystemExit("%s: %s boost %s GHz is not in (0, 10]" % (CPU_BOOST, i, boost))
            if e["e_boost_ghz"] and float(e["e_boost_ghz"]) > float(boost):
                raise SystemExit("%s: %s E-core boost %s GHz exceeds the P-core boost %s GHz" % (
                    CPU_BOOST, i, e["e_boost_ghz"], boost))
            if row["clock_ghz"] and float(boost) < float(row["clock_ghz"]):
                raise SystemExit("%s: %s boost %s GHz is below its clock %s GHz" % (
                    CPU_BOOST, i, boost, row["clock_ghz"]))
            note = "Max boost %s GHz (%s" % (boost, e["field"])
            if e["e_boost_ghz"]:
                note += "; E-cores %s GHz" % _boost_text(e["e_boost_ghz"])
            note += ")."
        if row["clock_ghz"]:
            row["boost_ghz"] = boost
        else:
            note = note[:-1] + ("; kept out of boost_ghz, the row having no single clock_ghz for "
                                "it to scale.")
        sources = [s for s in row["sources"].split(";") if s]
        sources += [s for s in e["sources"].split(";") if s and s not in sources]
        row["sources"] = ";".join(sources)
        row["notes"] = (row["notes"] + " " + note).strip()
    return rows
