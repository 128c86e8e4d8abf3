"""Catalogue rows generated from compact per-family tables, so that every peak is derived.

Each table in scripts/hardware/families/ gives one product per line: its unit count (SMs,
cores), the clock the vendor quotes peaks at, memory bus width and transfer rate, TDP, date and
source URL. An architecture table here gives the operations per clock per unit at each
(precision, compute unit), each from the vendor's architecture whitepaper; the generator writes
the row's units, clock_ghz and ops_per_cycle columns and computes each peak as
units x clock x ops, and memory bandwidth as bus width / 8 x transfer rate. The C++ validation
(check_derivation) recomputes every peak from those columns, so a typo in either place fails.
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
    # Ampere GA10x: 128 FP32 cores, FP16 non-tensor at the FP32 rate, 4 tensor cores x 128 dense
    # FP16 FMA; TF32 at half FP16, BF16 as FP16, INT8 2x, INT4 4x.
    "ga10x": dict(arch="Ampere GA10x", wp=NV_GA102_WP, ops=dict(
        fp64_vector=4, fp32_vector=256, fp16_vector=256, tf32_matrix=256, fp16_matrix=512,
        bf16_matrix=512, int8_matrix=2048, int4_matrix=4096)),
    # Ada AD10x: as GA10x plus FP8 (at 2x FP16).
    "ada": dict(arch="Ada", wp=NV_ADA_WP, ops=dict(
        fp64_vector=4, fp32_vector=256, fp16_vector=256, tf32_matrix=256, fp16_matrix=512,
        bf16_matrix=512, fp8_matrix=1024, int8_matrix=2048, int4_matrix=4096)),
    # Blackwell GB20x: Ada's per-SM rates; INT4 dropped from the tensor cores, FP4 added (no
    # column: the catalogue has no FP4 precision yet; 4096 ops/clk/SM, 1676 TFLOPS on the 5090).
    "gb20x": dict(arch="Blackwell GB20x", wp=NV_BLACKWELL_WP, ops=dict(
        fp64_vector=4, fp32_vector=256, fp16_vector=256, tf32_matrix=256, fp16_matrix=512,
        bf16_matrix=512, fp8_matrix=1024, int8_matrix=2048)),
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


def geforce_rows(columns):
    rows = []
    for r in _read("geforce.csv"):
        arch = GEFORCE_ARCH[r["arch"]]
        sms, ghz = int(r["sms"]), float(r["boost_mhz"]) / 1000
        out = {c: "" for c in columns}
        out.update(id=r["id"], name=r["name"], aliases=r["aliases"], vendor="NVIDIA",
                   kind="desktop-gpu", release_date=r["release_date"], tdp_w=r["tdp_w"],
                   memory_gb=r["memory_gb"], units=str(sms), unit_name="SM",
                   clock_ghz=_number(ghz), ops_per_cycle=_ops_text(arch["ops"]), checked="vendor")
        for key, ops in arch["ops"].items():
            # Four significant digits, as vendors print them (and the study copied them).
            out[key + _suffix(key)] = _number(sms * ghz * ops / 1000, 4)
        bw = int(r["bus_bits"]) / 8 * float(r["gbps"])
        out["memory_bw_gbs"] = _number(bw, 5)
        out["sources"] = ";".join([r["sources"], arch["wp"]])
        out["notes"] = ("%s: %d SMs x %s MHz boost; peaks = SMs x clock x ops_per_cycle per SM "
                        "(%s whitepaper). Bandwidth = %s-bit / 8 x %s Gbps. %s" % (
                            arch["arch"], sms, r["boost_mhz"], arch["arch"].split()[0],
                            r["bus_bits"], r["gbps"], GEFORCE_HALF_RATE))
        if r["notes"]:
            out["notes"] = r["notes"] + " " + out["notes"]
        rows.append(out)
    return rows


def all_rows(columns):
    """Every generated row, in the output columns."""
    return geforce_rows(columns)
