#!/usr/bin/python3
"""Builds data/hardware.csv from Epoch AI's ML hardware table and the hand-curated rows.

Usage: /usr/bin/python3 scripts/hardware/build_hardware_csv.py [EPOCH_CSV] [OUT_CSV]

Every Epoch AI row is either mapped (EPOCH below: our id, kind, aliases and any correction, each
with the reason in the row's notes) or skipped with a reason (SKIP), so a new snapshot with new
rows fails loudly instead of slipping rows in unreviewed. Epoch's peaks are taken as dense unless
its notes say otherwise; its "FP16" column is the vector rate for GPUs and the matrix-engine rate
for NPUs (`fp16_is_matrix`), its "Tensor-FP16/BF16" column becomes fp16 and/or bf16 matrix
figures depending on what the chip supports (`tensor`).

Idle power and interconnect bandwidth come from idle_interconnect.py, applied to every row.

Hand-curated rows (products Epoch lacks: GeForce cards, Jetson modules, CPUs, ...) live in
scripts/hardware/handmade.csv in the output format, each with its datasheet or spec-page URLs;
edge modules and client NPUs likewise in scripts/hardware/edge_npu.csv.

Epoch AI, "Machine Learning Hardware" data set, https://epoch.ai/data/machine-learning-hardware,
licensed CC BY 4.0.
"""

import csv
import os
import sys

import families
import families_arm
import idle_interconnect

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EPOCH_CSV = "/work/shared/data/epoch/ml_hardware.csv"
EPOCH_CREDIT = ("Epoch AI, Machine Learning Hardware data set (CC BY 4.0) "
                "https://epoch.ai/data/machine-learning-hardware")

COLUMNS = [
    "id", "name", "aliases", "vendor", "kind", "release_date", "tdp_w",
    "fp64_vector_tflops", "fp64_matrix_tflops", "fp32_vector_tflops", "fp32_matrix_tflops",
    "tf32_matrix_tflops", "fp16_vector_tflops", "fp16_matrix_tflops", "bf16_vector_tflops",
    "bf16_matrix_tflops", "fp8_matrix_tflops", "fp4_matrix_tflops", "int8_vector_tops", "int8_matrix_tops",
    "int4_matrix_tops", "memory_gb", "memory_bw_gbs", "idle_w", "interconnect", "interconnect_gbs",
    "units", "unit_name", "clock_ghz", "boost_ghz", "ops_per_cycle", "checked", "sources", "notes",
]

# Vendor documents cited by several rows.
NV_VOLTA_WP = "https://images.nvidia.com/content/volta-architecture/pdf/volta-architecture-whitepaper.pdf"
NV_PASCAL_WP = "https://images.nvidia.com/content/pdf/tesla/whitepaper/pascal-architecture-whitepaper.pdf"
NV_TURING_WP = ("https://images.nvidia.com/aem-dam/en-zz/Solutions/design-visualization/technologies/"
                "turing-architecture/NVIDIA-Turing-Architecture-Whitepaper.pdf")
NV_A100_WP = ("https://images.nvidia.com/aem-dam/en-zz/Solutions/data-center/"
              "nvidia-ampere-architecture-whitepaper.pdf")
NV_GA102_WP = ("https://images.nvidia.com/aem-dam/en-zz/Solutions/geforce/ampere/pdf/"
               "NVIDIA-ampere-GA102-GPU-Architecture-Whitepaper-V1.pdf")
NV_ADA_WP = "https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf"
NV_HOPPER_WP = "https://resources.nvidia.com/en-us-tensor-core/gtc22-whitepaper-hopper"
NV_H100_DS = "https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet"
AMD_MI300X = "https://www.amd.com/en/products/accelerators/instinct/mi300/mi300x.html"
TPU_TEN_LESSONS = "https://ieeexplore.ieee.org/document/9499913"

GEFORCE_HALF_RATE = ("[exempt:half-rate-fp32-accumulate] GeForce tensor cores run FP16/BF16/TF32/FP8 "
                     "with FP32 accumulate at half the FP16-accumulate rate; integer paths (and FP4 "
                     "on Blackwell) run at full rate.")


def E(id, kind, aliases="", checked="epoch", notes="", sources=(), tensor="fp16",
      fp16_is_matrix=False, int8_unit="matrix", **fix):
    """One mapped Epoch row. `fix` overrides output columns (None clears one)."""
    return dict(id=id, kind=kind, aliases=aliases, checked=checked, notes=notes,
                sources=list(sources), tensor=tensor, fp16_is_matrix=fp16_is_matrix,
                int8_unit=int8_unit, fix=fix)


SG, DG, WG, ED, AC = "server-gpu", "desktop-gpu", "workstation-gpu", "edge", "accelerator"
UNCHECKED = "Epoch AI values as published; not cross-checked against a vendor document."

EPOCH = {
    # --- NVIDIA data-centre GPUs, checked against NVIDIA datasheets/whitepapers -------------
    "NVIDIA GB300 (Blackwell Ultra)": E(
        "gb300", SG, "GB300;Blackwell Ultra GB300", tensor="both", int4_matrix_tops=None,
        notes="Per GPU of a GB300 superchip, dense. Blackwell Ultra cut INT8 and FP64. "
              "[exempt:matrix-ratio] Blackwell Ultra's tensor cores run dense FP4 at 1.5x "
              "Blackwell's rate while FP8 stays at Blackwell's, so FP4 is 3x FP8, above the 2x "
              "an operand-width halving gives. Epoch's INT4 column repeats the FP4 figure and is "
              "left out. " + UNCHECKED),
    "NVIDIA B300 (Blackwell Ultra)": E(
        "b300", SG, "B300;Blackwell Ultra", tensor="both", int4_matrix_tops=None,
        tf32_matrix_tflops=None,
        notes="Dense. Blackwell Ultra cut INT8 and FP64. TF32 left out: Epoch's 1100 is NVIDIA's "
              "rounded 1.1 PFLOPS, just over half the FP16 figure. [exempt:matrix-ratio] Blackwell "
              "Ultra runs dense FP4 at 1.5x Blackwell's rate with FP8 unchanged, so FP4 is about "
              "3x FP8. Epoch's INT4 column repeats the FP4 figure (Blackwell has no INT4 path) and "
              "is left out. " + UNCHECKED),
    "NVIDIA GB200": E(
        "gb200", SG, "GB200", tensor="both", fp16_vector_tflops=None,
        notes="Per GPU of a GB200 superchip, dense. Epoch's FP16 column (2500) repeats the tensor "
              "figure and is not kept as a vector rate. " + UNCHECKED),
    "NVIDIA B200": E(
        "b200-sxm", SG, "B200;NVIDIA B200;HGX B200", tensor="both", fp16_vector_tflops=None, int4_matrix_tops=None,
        notes="Dense. Epoch's FP16 column (2250) repeats the tensor figure and is not kept as a "
              "vector rate. FP4 (9000 TFLOPS dense) has no column; Epoch's INT4 column repeats it and "
              "is left out. " + UNCHECKED),
    "NVIDIA B100": E("b100-sxm", SG, "B100;NVIDIA B100", tensor="both",
                     notes="Dense. " + UNCHECKED),
    "NVIDIA H200 SXM": E(
        "h200-sxm-141gb", SG, "H200;NVIDIA H200;H200 SXM", checked="vendor", tensor="both",
        sources=["https://www.nvidia.com/en-us/data-center/h200/",
                 "https://nvidianews.nvidia.com/news/nvidia-supercharges-hopper-the-worlds-leading-ai-computing-platform"],
        fp64_matrix_tflops=66.91, fp16_vector_tflops=133.8, bf16_vector_tflops=133.8,
        fp8_matrix_tflops=1979, memory_gb=141, release_date="2024-04",
        notes="Same GH100 compute as the H100 SXM; NVIDIA quotes its tensor figures with "
              "sparsity, halved here. 141 GB HBM3e. Released: NVIDIA's announcement "
              "(2023-11-13) gives availability from the second quarter of 2024, so 2024-04 "
              "(Epoch's 2024-11-18 is the SC24 date of the H200 NVL)."),
    "NVIDIA H100 SXM5 80GB": E(
        "h100-sxm5-80gb", SG, "H100;NVIDIA H100;H100 SXM;H100 SXM5", checked="vendor",
        tensor="both", sources=[NV_H100_DS, NV_HOPPER_WP],
        fp64_matrix_tflops=66.91, bf16_vector_tflops=133.8, fp8_matrix_tflops=1979,
        int8_matrix_tops=1979,
        notes="NVIDIA's datasheet quotes tensor figures with sparsity (989 TF32, 1979 FP16, 3958 "
              "FP8); dense values (half) are stored. Vector FP16/BF16 at 2x FP32 per the Hopper "
              "whitepaper."),
    "NVIDIA H100 PCIe": E(
        "h100-pcie-80gb", SG, "H100 PCIe;NVIDIA H100 PCIe", checked="vendor", tensor="both",
        sources=[NV_H100_DS, NV_HOPPER_WP],
        fp64_matrix_tflops=51.22, fp16_vector_tflops=102.4, bf16_vector_tflops=102.4,
        fp8_matrix_tflops=1513, int8_matrix_tops=1513, memory_bw_gbs=2000,
        notes="Dense tensor figures (NVIDIA quotes 756 TF32 / 1513 FP16 / 3026 FP8 with "
              "sparsity). Epoch lists FP16 vector 204.9 (4x FP32); Hopper's non-tensor FP16 is "
              "2x FP32, so 102.4 is stored. Bandwidth 2.0 TB/s per the datasheet (Epoch 2.04)."),
    "NVIDIA H100 NVL": E(
        "h100-nvl-94gb", SG, "H100 NVL", checked="vendor", tensor="both",
        sources=[NV_H100_DS, "https://www.anandtech.com/show/18780/nvidia-announces-h100-nvl-max-memory-server-card-for-large-language-models"],
        fp64_vector_tflops=30, fp64_matrix_tflops=60, fp32_vector_tflops=60,
        tf32_matrix_tflops=417.5, fp16_matrix_tflops=835.5, bf16_matrix_tflops=835.5,
        fp8_matrix_tflops=1670.5, int8_matrix_tops=1670.5, fp16_vector_tflops=None,
        release_date="2023-03-21",
        notes="Per GPU of the NVL pair. Epoch lists 835.5 under TF32 and FP16: that is the dense "
              "FP16 tensor figure (NVIDIA: 835 TF32, 1671 FP16, 3341 FP8, all with sparsity), not "
              "a vector rate; dense values stored, no vector FP16 (the datasheet gives none). "
              "Released: announced at GTC on 2023-03-21 (AnandTech); Epoch's 2024-03-14 matches "
              "no NVIDIA event. TDP is 350-400 W configurable; the maximum is used."),
    "NVIDIA HGX H20": E(
        "h20", SG, "H20;NVIDIA H20", tensor="both", fp8_matrix_tflops=296,
        notes="China-market Hopper. FP8 taken equal to INT8 as on every Hopper part. " + UNCHECKED),
    "NVIDIA H800 SXM5": E(
        "h800-sxm5", SG, "H800;NVIDIA H800", tensor="both", fp64_vector_tflops=None,
        tf32_matrix_tflops=None, fp8_matrix_tflops=1979,
        notes="China-market Hopper. FP64 left out: Epoch lists 29.65 TFLOPS but NVIDIA's H800 "
              "datasheet gives 1 TFLOPS; not resolved. TF32 left out: Epoch's 454.5 is below half "
              "its own FP16 989 (a dense tensor unit gives exactly half). FP8 equal to INT8 as on "
              "every Hopper part. " + UNCHECKED),
    "NVIDIA A100 SXM4 40 GB": E(
        "a100-sxm4-40gb", SG, "A100;NVIDIA A100;Tesla A100;A100 SXM4;A100 40GB", checked="vendor",
        tensor="both", sources=[NV_A100_WP, "https://www.nvidia.com/en-us/data-center/a100/"],
        fp64_vector_tflops=9.7, fp64_matrix_tflops=19.5, fp32_vector_tflops=19.5,
        tf32_matrix_tflops=156, fp16_vector_tflops=78, bf16_vector_tflops=39,
        fp16_matrix_tflops=312, bf16_matrix_tflops=312, int8_matrix_tops=624,
        int4_matrix_tops=1248, memory_bw_gbs=1555,
        notes="The study's A100 row (FP32 19.5 TFLOPS, 400 W -> 48.75 GFLOPS/W). Dense tensor "
              "figures from the A100 whitepaper (sparse ones are twice these)."),
    "NVIDIA A100 SXM4 80 GB": E(
        "a100-sxm4-80gb", SG, "A100 80GB;A100 SXM4 80GB", checked="vendor", tensor="both",
        sources=[NV_A100_WP, "https://www.nvidia.com/en-us/data-center/a100/"],
        fp64_vector_tflops=9.7, fp64_matrix_tflops=19.5, fp32_vector_tflops=19.5,
        tf32_matrix_tflops=156, fp16_vector_tflops=78, bf16_vector_tflops=39,
        fp16_matrix_tflops=312, bf16_matrix_tflops=312, int8_matrix_tops=624,
        int4_matrix_tops=1248,
        notes="Dense tensor figures from the A100 datasheet (sparse ones are twice these)."),
    "NVIDIA A100 PCIe": E(
        "a100-pcie-40gb", SG, "A100 PCIe;A100 PCIe 40GB", checked="vendor", tensor="both",
        sources=[NV_A100_WP, "https://www.nvidia.com/en-us/data-center/a100/"],
        fp64_vector_tflops=9.7, fp64_matrix_tflops=19.5, fp32_vector_tflops=19.5,
        tf32_matrix_tflops=156, fp16_vector_tflops=78, bf16_vector_tflops=39,
        fp16_matrix_tflops=312, bf16_matrix_tflops=312, int8_matrix_tops=624,
        int4_matrix_tops=1248, memory_bw_gbs=1555, tdp_w=250,
        notes="Epoch mixes the 40 GB and 80 GB PCIe cards (1940 GB/s, 300 W); the 40 GB card is "
              "250 W and 1555 GB/s per NVIDIA's datasheet."),
    "NVIDIA A800 SXM": E("a800-sxm4-80gb", SG, "A800;A800 SXM", tensor="both", memory_gb=80,
                         notes="China-market A100 (NVLink reduced). " + UNCHECKED),
    "NVIDIA A800 PCIe 40 GB": E("a800-pcie-40gb", SG, "A800 PCIe 40GB", tensor="both",
                                memory_gb=40,
                                notes="China-market A100 (NVLink reduced). " + UNCHECKED),
    "NVIDIA A800 PCIe 80 GB": E("a800-pcie-80gb", SG, "A800 PCIe 80GB", tensor="both",
                                memory_gb=80,
                                notes="China-market A100 (NVLink reduced). " + UNCHECKED),
    "NVIDIA Tesla V100 SXM2 16 GB": E(
        "v100-sxm2-16gb", SG, "Tesla V100;V100;NVIDIA V100;V100 SXM2;Tesla V100 SXM2",
        checked="vendor", sources=[NV_VOLTA_WP, "https://www.nvidia.com/en-us/data-center/v100/"],
        fp64_vector_tflops=7.8, fp32_vector_tflops=15.7, fp16_vector_tflops=31.4,
        fp16_matrix_tflops=125, memory_gb=16, memory_bw_gbs=900,
        notes="The study's V100 tensor row (125 TFLOPS mixed precision, 300 W -> 416.67 "
              "GFLOPS/W). Volta tensor cores: FP16 multiply, FP32 accumulate; no BF16/INT8."),
    "NVIDIA Tesla V100 SXM2 32 GB": E(
        "v100-sxm2-32gb", SG, "V100 SXM2 32GB;Tesla V100 32GB", checked="vendor",
        sources=[NV_VOLTA_WP, "https://www.nvidia.com/en-us/data-center/v100/"],
        fp64_vector_tflops=7.8, fp32_vector_tflops=15.7, fp16_vector_tflops=31.4,
        fp16_matrix_tflops=125, memory_bw_gbs=900),
    "NVIDIA Tesla V100 PCIe 16 GB": E(
        "v100-pcie-16gb", SG, "V100 PCIe;Tesla V100 PCIe", checked="vendor",
        sources=[NV_VOLTA_WP, "https://www.nvidia.com/en-us/data-center/v100/"],
        fp64_vector_tflops=7, fp32_vector_tflops=14, fp16_vector_tflops=28,
        fp16_matrix_tflops=112, memory_bw_gbs=900),
    "NVIDIA Tesla V100 PCIe 32 GB": E(
        "v100-pcie-32gb", SG, "V100 PCIe 32GB", checked="vendor",
        sources=[NV_VOLTA_WP, "https://www.nvidia.com/en-us/data-center/v100/"],
        fp64_vector_tflops=7, fp32_vector_tflops=14, fp16_vector_tflops=28,
        fp16_matrix_tflops=112, memory_bw_gbs=900),
    "NVIDIA Tesla V100S PCIe 32 GB": E(
        "v100s-pcie-32gb", SG, "V100S;Tesla V100S", checked="vendor",
        sources=["https://www.nvidia.com/en-us/data-center/v100/"],
        fp64_vector_tflops=8.2, fp32_vector_tflops=16.4, fp16_vector_tflops=32.8,
        fp16_matrix_tflops=130, memory_bw_gbs=1134),
    "NVIDIA Titan V": E(
        "titan-v", DG, "TITAN V;NVIDIA TITAN V", checked="vendor",
        sources=["https://www.nvidia.com/en-us/titan/titan-v/"],
        fp16_matrix_tflops=110, memory_bw_gbs=652.8, release_date="2017-12-07",
        notes="Tensor figure is NVIDIA's 110 deep-learning TFLOPS (FP16 multiply, FP32 accumulate "
              "at full rate, unlike GeForce). Vector peaks at the 1455 MHz boost clock."),
    "NVIDIA Tesla P100 SXM2": E(
        "p100-sxm2-16gb", SG, "Tesla P100;P100;P100 SXM2;NVIDIA P100", checked="vendor",
        sources=[NV_PASCAL_WP, "https://www.nvidia.com/en-us/data-center/tesla-p100/"],
        fp64_vector_tflops=5.3, fp32_vector_tflops=10.6, fp16_vector_tflops=21.2, memory_gb=16,
        memory_bw_gbs=732,
        notes="GP100 runs vector FP16 at 2x FP32; no tensor cores."),
    "NVIDIA Tesla P100 PCIe 16GB": E(
        "p100-pcie-16gb", SG, "P100 PCIe;Tesla P100 PCIe", checked="vendor",
        sources=["https://www.nvidia.com/en-us/data-center/tesla-p100/"],
        fp64_vector_tflops=4.7, fp32_vector_tflops=9.3, fp16_vector_tflops=18.7, memory_gb=16,
        memory_bw_gbs=732),
    "NVIDIA Tesla P100 PCIe 12GB": E(
        "p100-pcie-12gb", SG, "P100 PCIe 12GB", checked="vendor",
        sources=["https://www.nvidia.com/en-us/data-center/tesla-p100/"],
        fp64_vector_tflops=4.7, fp32_vector_tflops=9.3, fp16_vector_tflops=18.7, memory_gb=12,
        memory_bw_gbs=549),
    "NVIDIA P40": E(
        "p40", SG, "Tesla P40;NVIDIA Tesla P40", checked="vendor", int8_unit="vector",
        sources=["https://images.nvidia.com/content/pdf/tesla/184427-Tesla-P40-Datasheet-NV-Final-Letter-Web.pdf"],
        int8_vector_tops=47, memory_bw_gbs=346,
        notes="[exempt:slow-fp16-vector] GP102 runs FP16 at 1/64 rate. INT8 47 TOPS via DP4A on "
              "the CUDA cores (datasheet). Epoch lists 694 GB/s; the datasheet gives 346 GB/s "
              "(384-bit GDDR5). Datasheet rounds FP32 to 12 TFLOPS."),
    "NVIDIA Tesla P4": E(
        "p4", SG, "Tesla P4;NVIDIA P4", checked="vendor", int8_unit="vector",
        sources=["https://images.nvidia.com/content/pdf/tesla/184457-Tesla-P4-Datasheet-NV-Final-Letter-Web.pdf"],
        fp32_vector_tflops=5.5, int8_vector_tops=22, memory_bw_gbs=192,
        notes="[exempt:slow-fp16-vector] GP104 runs FP16 at 1/64 rate. Datasheet: 5.5 TFLOPS "
              "FP32, 22 TOPS INT8 (DP4A), 50-75 W (75 W used)."),
    "NVIDIA M40": E("m40", SG, "Tesla M40;NVIDIA Tesla M40", checked="vendor",
                    sources=["https://www.nvidia.com/en-us/data-center/tesla-m40/"],
                    notes="Maxwell: no fast FP16. NVIDIA quotes 7 TFLOPS at boost."),
    "NVIDIA TESLA M60": E("m60", SG, "Tesla M60;NVIDIA M60",
                          notes="Two GM204 GPUs on one board; figures are for the board. " + UNCHECKED),
    "NVIDIA Tesla K80": E(
        "k80", SG, "Tesla K80;NVIDIA K80", checked="vendor",
        sources=["https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/tesla-product-literature/Tesla-K80-BoardSpec-07317-001-v05.pdf"],
        fp64_vector_tflops=2.91, fp32_vector_tflops=8.73, memory_bw_gbs=480,
        notes="Two GK210 GPUs; board figures with GPU Boost (5.6 TFLOPS FP32 at base clock). "
              "Epoch lists one GPU's 240 GB/s; the board has 480 GB/s."),
    "NVIDIA Tesla K40t": E(
        "k40", SG, "Tesla K40;NVIDIA K40;K40", checked="vendor",
        sources=["https://www.nvidia.com/content/PDF/kepler/Tesla-K40-PCIe-Passive-Board-Spec-BD-06902-001_v05.pdf"],
        tdp_w=235, notes="Peaks at the 875 MHz boost clock (4.29 TFLOPS FP32 at base). Board "
                         "power 235 W per NVIDIA's board specification (Epoch: 245 W)."),
    "NVIDIA Tesla K20X": E("k20x", SG, "Tesla K20X", checked="vendor", memory_gb=6,
                           memory_bw_gbs=250,
                           sources=["https://www.nvidia.com/content/pdf/kepler/tesla-k20x-bd-06397-001-v07.pdf"],
                           notes="Memory (6 GB GDDR5, 250 GB/s) from NVIDIA's K20X board "
                                 "specification (BD-06397-001); Epoch gives no memory figures."),
    "NVIDIA Tesla K20c": E("k20", SG, "Tesla K20;Tesla K20c;K20"),
    "NVIDIA Tesla C2050": E("c2050", SG, "Tesla C2050", memory_gb=3, memory_bw_gbs=144,
                            release_date="2010-04",
                            notes="Fermi. Epoch dates it 2011-07; NVIDIA shipped it in Q2 2010."),
    "NVIDIA Tesla T4": E(
        "t4", SG, "Tesla T4;NVIDIA T4", checked="vendor",
        sources=["https://www.nvidia.com/en-us/data-center/tesla-t4/"],
        fp32_vector_tflops=8.1, fp16_vector_tflops=16.2, fp16_matrix_tflops=65,
        int8_matrix_tops=130, int4_matrix_tops=260,
        notes="Epoch's FP16 figure (65) is the tensor-core rate; the vector FP16 rate is 2x FP32. "
              "Datasheet: 8.1 FP32, 65 mixed precision, 130 INT8, 260 INT4 (dense)."),
    "NVIDIA L4": E(
        "l4", SG, "NVIDIA L4", checked="vendor", tensor="both",
        sources=["https://www.nvidia.com/en-us/data-center/l4/"],
        fp32_vector_tflops=30.3, tf32_matrix_tflops=60, fp16_matrix_tflops=121,
        bf16_matrix_tflops=121, fp8_matrix_tflops=242, int8_matrix_tops=242,
        int4_matrix_tops=None,
        notes="Datasheet figures are with sparsity (120 TF32, 242 FP16, 485 FP8/INT8); halved. "
              "Epoch's INT4 484 is not in the datasheet (it equals sparse INT8); left out."),
    "NVIDIA L20 PCle": E("l20", SG, "NVIDIA L20", tensor="both",
                         notes="China-market Ada. " + UNCHECKED),
    "NVIDIA L40": E(
        "l40", SG, "NVIDIA L40", checked="vendor", tensor="both",
        sources=["https://www.nvidia.com/en-us/data-center/l40/"],
        tf32_matrix_tflops=90.5, fp8_matrix_tflops=362,
        notes="Datasheet figures with sparsity halved. Data-centre Ada: FP32 accumulate at full "
              "rate."),
    "NVIDIA A10 PCIe": E(
        "a10", SG, "NVIDIA A10", checked="vendor", tensor="both",
        sources=["https://www.nvidia.com/en-us/data-center/products/a10-gpu/"],
        fp32_vector_tflops=31.2, tf32_matrix_tflops=62.5, fp16_matrix_tflops=125,
        bf16_matrix_tflops=125, int8_matrix_tops=250, int4_matrix_tops=500,
        notes="Datasheet: 62.5 TF32, 125 FP16/BF16, 250 INT8, 500 INT4 dense (twice with "
              "sparsity)."),
    "NVIDIA A10G": E("a10g", SG, "A10G;AWS A10G",
                     notes="AWS variant of the A10; NVIDIA publishes no tensor figures for it. "
                           + UNCHECKED),
    "NVIDIA A40 PCIe": E(
        "a40", SG, "NVIDIA A40", checked="vendor", tensor="both",
        sources=["https://www.nvidia.com/en-us/data-center/a40/"], int4_matrix_tops=598.7,
        notes="Datasheet figures with sparsity halved."),
    "NVIDIA RTX A6000": E(
        "rtx-a6000", WG, "RTX A6000;NVIDIA RTX A6000", checked="vendor", tensor="both",
        sources=["https://www.nvidia.com/en-us/design-visualization/rtx-a6000/"],
        tf32_matrix_tflops=77.4, fp16_matrix_tflops=154.8, bf16_matrix_tflops=154.8,
        int8_matrix_tops=309.7, int4_matrix_tops=619.4,
        notes="Datasheet tensor figure 309.7 TFLOPS is with sparsity; dense 154.8. Professional "
              "cards run FP32 accumulate at full rate."),
    "NVIDIA RTX A5000": E("rtx-a5000", WG, "RTX A5000", notes=UNCHECKED),
    "NVIDIA RTX A4000": E("rtx-a4000", WG, "RTX A4000", notes=UNCHECKED),
    "NVIDIA RTX 6000 Ada Generation": E(
        "rtx-6000-ada", WG, "RTX 6000 Ada;NVIDIA RTX 6000 Ada Generation", checked="vendor",
        tensor="both", sources=["https://www.nvidia.com/en-us/design-visualization/rtx-6000/"],
        tf32_matrix_tflops=182.1, fp16_matrix_tflops=364.2, bf16_matrix_tflops=364.2,
        fp8_matrix_tflops=728.5, int8_matrix_tops=728.5, tdp_w=300, memory_gb=48,
        memory_bw_gbs=960,
        notes="Datasheet quotes 1457 TFLOPS FP8 with sparsity; dense values stored. Epoch lacks "
              "TDP and memory; taken from the datasheet (300 W, 48 GB, 960 GB/s)."),
    "NVIDIA Quadro RTX 8000": E("quadro-rtx-8000", WG, "Quadro RTX 8000", notes=UNCHECKED),
    "NVIDIA Quadro RTX 6000": E("quadro-rtx-6000", WG, "Quadro RTX 6000", notes=UNCHECKED),
    "NVIDIA Quadro RTX 5000": E("quadro-rtx-5000", WG, "Quadro RTX 5000", notes=UNCHECKED),
    "NVIDIA Quadro RTX 4000": E("quadro-rtx-4000", WG, "Quadro RTX 4000", notes=UNCHECKED),
    "NVIDIA Quadro P6000": E("quadro-p6000", WG, "Quadro P6000",
                             notes="[exempt:slow-fp16-vector] GP102 runs FP16 at 1/64 rate. "
                                   + UNCHECKED),
    "NVIDIA Quadro P5000": E("quadro-p5000", WG, "Quadro P5000",
                             notes="[exempt:slow-fp16-vector] GP104 runs FP16 at 1/64 rate. "
                                   + UNCHECKED),
    "NVIDIA Quadro P4000": E("quadro-p4000", WG, "Quadro P4000",
                             notes="[exempt:slow-fp16-vector] GP104 runs FP16 at 1/64 rate. "
                                   + UNCHECKED),
    "NVIDIA Quadro P600": E("quadro-p600", WG, "Quadro P600",
                            notes="[exempt:slow-fp16-vector] GP107 runs FP16 at 1/64 rate. "
                                  + UNCHECKED),
    "NVIDIA Quadro M4000": E("quadro-m4000", WG, "Quadro M4000", notes=UNCHECKED),
    "NVIDIA Quadro K6000": E("quadro-k6000", WG, "Quadro K6000", notes=UNCHECKED),
    "NVIDIA Quadro K4000": E("quadro-k4000", WG, "Quadro K4000", notes=UNCHECKED),
    "NVIDIA Quadro K1200": E("quadro-k1200", WG, "Quadro K1200", notes=UNCHECKED),
    # --- NVIDIA GeForce ---------------------------------------------------------------------
    "NVIDIA GeForce RTX 4090": E(
        "rtx-4090", DG, "GeForce RTX 4090;RTX 4090", checked="vendor", tensor="both",
        sources=[NV_ADA_WP, "https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4090/"],
        fp16_matrix_tflops=165.2, bf16_matrix_tflops=165.2, fp8_matrix_tflops=330.3,
        int8_matrix_tops=660.6, int4_matrix_tops=1321.2, release_date="2022-10-12",
        notes=GEFORCE_HALF_RATE + " The Ada whitepaper quotes 330.3 TFLOPS FP16 and 660.6 FP8 "
              "with FP16 accumulate (dense); the FP32-accumulate figures (165.2, 330.3) are "
              "stored. Epoch's 330 tensor figure is the FP16-accumulate one."),
    "NVIDIA GeForce RTX 4080": E(
        "rtx-4080", DG, "GeForce RTX 4080;RTX 4080", checked="vendor", tensor="both",
        sources=[NV_ADA_WP], tf32_matrix_tflops=48.7, fp16_matrix_tflops=97.5,
        bf16_matrix_tflops=97.5, fp8_matrix_tflops=194.9, int8_matrix_tops=389.9,
        int4_matrix_tops=779.8, release_date="2022-11-16",
        notes=GEFORCE_HALF_RATE + " The Ada whitepaper quotes 194.9 TFLOPS FP16 with FP16 "
              "accumulate (dense)."),
    "NVIDIA GeForce RTX 4070": E(
        "rtx-4070", DG, "GeForce RTX 4070;RTX 4070", checked="spec-page", tensor="both",
        sources=["https://www.nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4070-family/"],
        tf32_matrix_tflops=29.1, fp16_matrix_tflops=58.3, bf16_matrix_tflops=58.3,
        fp8_matrix_tflops=116.6, int8_matrix_tops=233.2, tdp_w=200, release_date="2023-04-13",
        notes=GEFORCE_HALF_RATE + " Tensor figures from 184 Ada tensor cores at the 2475 MHz boost "
              "clock (116.6 TFLOPS FP16 with FP16 accumulate). Epoch gives 285 W, the RTX 4070 "
              "Ti's power; the RTX 4070 is 200 W."),
    "NVIDIA GeForce RTX 3090 Ti": E(
        "rtx-3090-ti", DG, "GeForce RTX 3090 Ti;RTX 3090 Ti", checked="spec-page", tensor="both",
        sources=["https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3090-3090ti/"],
        fp16_matrix_tflops=80, bf16_matrix_tflops=80,
        notes=GEFORCE_HALF_RATE + " Epoch's 160 TFLOPS tensor figure is FP16 accumulate; 80 with "
              "FP32 accumulate is stored."),
    "NVIDIA GeForce RTX 3090": E(
        "rtx-3090", DG, "GeForce RTX 3090;RTX 3090", checked="vendor", tensor="both",
        sources=[NV_GA102_WP, "https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3090-3090ti/"],
        fp64_vector_tflops=0.556, fp32_vector_tflops=35.6, fp16_vector_tflops=35.6,
        tf32_matrix_tflops=35.6, fp16_matrix_tflops=71, bf16_matrix_tflops=71,
        int8_matrix_tops=284, int4_matrix_tops=568, release_date="2020-09-24",
        notes="The study's RTX 3090 row (35.6 TFLOPS FP32, 350 W -> 101.71 GFLOPS/W). "
              + GEFORCE_HALF_RATE + " The GA102 whitepaper quotes 142 TFLOPS FP16 with FP16 "
              "accumulate (dense)."),
    "NVIDIA GeForce RTX 3080": E(
        "rtx-3080", DG, "GeForce RTX 3080;RTX 3080", checked="vendor", tensor="both",
        sources=[NV_GA102_WP], tf32_matrix_tflops=29.8, fp16_matrix_tflops=59.5,
        bf16_matrix_tflops=59.5, int8_matrix_tops=238, int4_matrix_tops=476,
        release_date="2020-09-17",
        notes=GEFORCE_HALF_RATE + " The GA102 whitepaper quotes 119 TFLOPS FP16 with FP16 "
              "accumulate (dense)."),
    "NVIDIA GeForce RTX 2080 Ti 11GB": E(
        "rtx-2080-ti", DG, "GeForce RTX 2080 Ti;RTX 2080 Ti", checked="vendor",
        sources=[NV_TURING_WP], fp16_matrix_tflops=53.8, int8_matrix_tops=215.2,
        int4_matrix_tops=430.3,
        notes=GEFORCE_HALF_RATE + " Reference-clock (1545 MHz) figures: 107.6 TFLOPS FP16 with "
              "FP16 accumulate, 53.8 with FP32. Epoch's 113.8 is the Founders Edition "
              "FP16-accumulate figure."),
    "NVIDIA TITAN Xp": E(
        "titan-xp", DG, "TITAN Xp;NVIDIA TITAN Xp;Titan Xp", checked="spec-page",
        notes="[exempt:slow-fp16-vector] GP102 runs FP16 at 1/64 rate. The study's TITAN Xp row "
              "(12.15 TFLOPS, 250 W -> 48.60 GFLOPS/W)."),
    "NVIDIA GeForce GTX 1080 Ti": E(
        "gtx-1080-ti", DG, "GeForce GTX 1080 Ti;GTX 1080 Ti", checked="spec-page",
        notes="[exempt:slow-fp16-vector] GP102 runs FP16 at 1/64 rate."),
    "NVIDIA GeForce GTX 1080": E(
        "gtx-1080", DG, "GeForce GTX 1080;GTX 1080", checked="spec-page",
        notes="[exempt:slow-fp16-vector] GP104 runs FP16 at 1/64 rate. The study's GTX 1080 row "
              "(8.873 TFLOPS, 180 W -> 49.29 GFLOPS/W)."),
    "NVIDIA GeForce GTX TITAN X": E("titan-x-maxwell", DG,
                                    "GeForce GTX TITAN X;GTX Titan X;TITAN X (Maxwell)",
                                    checked="spec-page", notes="Maxwell GM200: no fast FP16."),
    "NVIDIA GeForce GTX 980": E("gtx-980", DG, "GeForce GTX 980;GTX 980", checked="spec-page"),
    "NVIDIA GeForce GTX Titan Black": E("titan-black", DG, "GeForce GTX TITAN Black;GTX Titan Black",
                                        checked="spec-page"),
    "NVIDIA GeForce GTX 780": E("gtx-780", DG, "GeForce GTX 780;GTX 780", checked="spec-page"),
    "NVIDIA GeForce GTX TITAN": E("gtx-titan", DG, "GeForce GTX TITAN;GTX Titan;Kepler Titan",
                                  checked="spec-page"),
    "NVIDIA GeForce GTX 580": E(
        "gtx-580", DG, "GeForce GTX 580;GTX 580", checked="spec-page",
        fp32_vector_tflops=1.581,
        notes="The study's GTX 580 row (1.58 TFLOPS, 244 W -> 6.48 GFLOPS/W): 512 cores x "
              "1544 MHz shader clock x 2."),
    # --- AMD --------------------------------------------------------------------------------
    "AMD Instinct MI355X": E(
        "mi355x", SG, "Instinct MI355X;MI355X", tensor="both", fp16_vector_tflops=None, int4_matrix_tops=None,
        fp8_matrix_tflops=5033.2, fp4_matrix_tflops=10066.4,
        sources=["https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/white-papers/amd-cdna-4-architecture-whitepaper.pdf"],
        notes="Dense. Epoch lists FP8 4600 (the MI350X figure scaled?) below its own INT8 5033; "
              "AMD quotes FP8 equal to INT8, so 5033.2 is stored. Epoch's FP16 column (2340) is "
              "not kept as a vector rate. Epoch's INT4 column holds the FP4 figure; left out. "
              "FP4: Epoch's 9200 is the MI350X's (2.2 GHz) figure; CDNA 4 runs MXFP4 at twice "
              "FP8 per CU (AMD CDNA 4 whitepaper), so 2 x 5033.2 = 10066.4 is stored (derived). "
              + UNCHECKED),
    "AMD Instinct MI350X": E("mi350x", SG, "Instinct MI350X;MI350X", tensor="both", int4_matrix_tops=None,
                             fp16_vector_tflops=None,
                             notes="Dense. Epoch's FP16 column (2340) is not kept as a vector "
                                   "rate; its INT4 column holds the FP4 figure and is left out. "
                                   + UNCHECKED),
    "AMD Instinct MI325X": E(
        "mi325x", SG, "Instinct MI325X;MI325X", checked="vendor", tensor="both",
        sources=["https://www.amd.com/en/products/accelerators/instinct/mi300/mi325x.html"],
        fp64_matrix_tflops=163.4, fp32_matrix_tflops=163.4, fp16_vector_tflops=None,
        fp16_matrix_tflops=1307.4, bf16_matrix_tflops=1307.4, fp8_matrix_tflops=2614.9,
        int8_matrix_tops=2614.9,
        notes="Same compute as MI300X with 256 GB HBM3e. AMD quotes dense and sparse; dense "
              "stored."),
    "AMD Instinct MI300X": E(
        "mi300x", SG, "Instinct MI300X;MI300X", checked="vendor", tensor="both",
        sources=[AMD_MI300X], fp64_matrix_tflops=163.4, fp32_matrix_tflops=163.4,
        fp16_vector_tflops=None, fp8_matrix_tflops=2614.9,
        notes="Epoch's FP16 column (1307.4) is the matrix-core rate. AMD quotes dense and sparse; "
              "dense stored."),
    "AMD Instinct MI300A": E(
        "mi300a", SG, "Instinct MI300A;MI300A", tensor="both", fp64_matrix_tflops=122.6,
        fp32_matrix_tflops=122.6, fp16_vector_tflops=None, fp8_matrix_tflops=1961.2,
        notes="APU (24 Zen 4 cores + CDNA 3). 760 W is the liquid-cooled peak board power (550 W "
              "air). Epoch's FP16 column is the matrix rate. " + UNCHECKED),
    "AMD Radeon Instinct MI250X": E(
        "mi250x", SG, "Instinct MI250X;MI250X", checked="vendor", tensor="both",
        sources=["https://www.amd.com/en/products/accelerators/instinct/mi200/mi250x.html"],
        fp64_matrix_tflops=95.7, fp32_matrix_tflops=95.7, tf32_matrix_tflops=None,
        fp16_vector_tflops=None, int8_matrix_tops=383, int4_matrix_tops=383,
        memory_bw_gbs=3276.8,
        notes="Epoch lists 95.7 under TF32: CDNA 2 has no TF32; it is the FP32 matrix rate. "
              "FP16/BF16/INT8/INT4 matrix all 383."),
    "AMD Radeon RX 7900 XTX": E(
        "rx-7900-xtx", DG, "Radeon RX 7900 XTX;RX 7900 XTX", checked="spec-page", tdp_w=355,
        sources=["https://www.amd.com/en/products/graphics/desktops/radeon/7000-series/amd-radeon-rx-7900xtx.html"],
        notes="FP32 61.4 counts RDNA 3 dual issue. Board power 355 W per AMD (Epoch 335 W)."),
    # --- Google -----------------------------------------------------------------------------
    "Google TPU v7 Ironwood": E("tpu-v7", AC, "TPU v7;Ironwood;TPU v7 Ironwood", tensor="bf16",
                                int8_matrix_tops=None,
                                notes="Dense. Epoch's INT8 figure equals FP8 and is not kept. "
                                      + UNCHECKED),
    "Google TPU v5e": E("tpu-v5e", AC, "TPU v5e", tensor="bf16", notes=UNCHECKED),
    "Google TPU v4": E("tpu-v4", AC, "TPU v4", checked="vendor", tensor="bf16",
                       sources=["https://arxiv.org/abs/2304.01433"],
                       notes="BF16 and INT8 run at the same 275 TOPS on the MXUs. 170 W is the "
                             "mean power Epoch lists, not a published TDP."),
    "Google TPU v4i": E("tpu-v4i", AC, "TPU v4i", checked="vendor", tensor="bf16",
                        sources=[TPU_TEN_LESSONS], int8_matrix_tops=138,
                        notes="TDP 175 W (Jouppi et al., ISCA 2021). BF16 and INT8 at 138."),
    "Google TPU v3": E("tpu-v3", AC, "TPU v3", checked="vendor", tensor="bf16",
                       sources=[TPU_TEN_LESSONS], tdp_w=450,
                       notes="TDP 450 W per Jouppi et al., ISCA 2021, Table 1 (Epoch lists "
                             "220 W)."),
    "Google TPU v2": E("tpu-v2", AC, "TPU v2", checked="vendor", tensor="bf16",
                       sources=[TPU_TEN_LESSONS], fp32_vector_tflops=None,
                       notes="TDP 280 W (Jouppi et al., ISCA 2021). Epoch's 3 TFLOPS FP32 is not "
                             "in the paper and is left out."),
    "Google TPU v1": E("tpu-v1", AC, "TPU v1;TPU", checked="vendor",
                       sources=["https://arxiv.org/abs/1704.04760"], memory_gb=8,
                       notes="INT8 only (92 TOPS); 8 GiB DDR3 at 34 GB/s; TDP 75 W (Jouppi et al., "
                             "ISCA 2017)."),
    # --- other accelerators (Epoch values) --------------------------------------------------
    "Amazon Trainium3": E("trainium3", AC, "Trainium3;Trn3", tensor="bf16",
                          tf32_matrix_tflops=None,
                          notes="[exempt:matrix-ratio] AWS quotes (MX)FP8 at 2517 TFLOPS, 3.75x "
                                "BF16. Epoch lists TF32 equal to BF16 (671); not kept. "
                                + UNCHECKED),
    "Amazon Trainium2": E("trainium2", AC, "Trainium2;Trn2", tensor="bf16", int8_matrix_tops=None,
                          notes=UNCHECKED),
    "Intel Habana Gaudi3": E("gaudi3", AC, "Gaudi 3;Intel Gaudi 3;Gaudi3", tensor="both",
                             fp16_vector_tflops=None, bf16_vector_tflops=28.7,
                             notes="[exempt:matrix-ratio] Intel quotes the MME's TF32 at a quarter of "
                                   "its BF16 rate, not the half other tensor units give. Vector "
                                   "figures are the TPCs', matrix the MMEs'. " + UNCHECKED),
    "Intel Habana Gaudi2": E("gaudi2", AC, "Gaudi 2;Intel Gaudi 2;Gaudi2", tensor="bf16",
                             int8_matrix_tops=None, fp8_matrix_tflops=865, notes=UNCHECKED),
    "Intel Data Center GPU Max 1550": E(
        "max-1550", SG, "Data Center GPU Max 1550;Ponte Vecchio", checked="vendor", tensor="both",
        sources=["https://www.intel.com/content/www/us/en/products/sku/232873/intel-data-center-gpu-max-1550/specifications.html"],
        fp64_vector_tflops=52.43, fp16_vector_tflops=None, tf32_matrix_tflops=419.4,
        fp16_matrix_tflops=838.9, bf16_matrix_tflops=838.9, int8_matrix_tops=1677.7,
        notes="XMX matrix figures from Intel's product brief. Epoch lists FP16 equal to FP32; "
              "not kept."),
    "Intel Data Center GPU Max 1350": E("max-1350", SG, "Data Center GPU Max 1350",
                                        fp16_vector_tflops=None, notes=UNCHECKED),
    "Intel Data Center GPU Max 1100": E("max-1100", SG, "Data Center GPU Max 1100",
                                        fp16_vector_tflops=None, notes=UNCHECKED),
    "Meta MTIA v2": E("mtia-v2", AC, "MTIA v2", fp16_is_matrix=True, memory_gb=None,
                      memory_bw_gbs=None,
                      notes="Epoch's memory columns describe the on-chip SRAM; left out. "
                            + UNCHECKED),
    "Meta MTIA v1": E("mtia-v1", AC, "MTIA v1", fp16_vector_tflops=None, memory_gb=None,
                      memory_bw_gbs=None,
                      notes="Epoch's memory columns describe the on-chip SRAM; left out. "
                            + UNCHECKED),
    "Maia 100 (M100)": E("maia-100", AC, "Maia 100;Microsoft Maia 100", tensor="bf16",
                         notes=UNCHECKED),
    "MTT S4000": E("mtt-s4000", SG, "Moore Threads MTT S4000", notes=UNCHECKED),
    "MetaX MXC500 (PCIe)": E("metax-mxc500-pcie", SG, "MXC500 PCIe", fp16_is_matrix=True,
                             memory_bw_gbs=1800,
                             notes="Epoch lists 18000 GB/s, impossible for 64 GB of HBM2e; 1800 "
                                   "assumed (a dropped decimal). " + UNCHECKED),
    "MetaX MXC500 (OAM)": E("metax-mxc500-oam", SG, "MXC500 OAM", fp16_is_matrix=True,
                            memory_bw_gbs=1800,
                            notes="Epoch lists 18000 GB/s, impossible for 64 GB of HBM2e; 1800 "
                                  "assumed (a dropped decimal). " + UNCHECKED),
    "Biren BR100": E("biren-br100", SG, "BR100", tensor="bf16", notes=UNCHECKED),
    "Huawei Ascend 910C": E("ascend-910c", AC, "Ascend 910C", fp16_is_matrix=True,
                            notes=UNCHECKED),
    "Huawei Ascend 910B": E("ascend-910b", AC, "Ascend 910B", fp16_is_matrix=True,
                            fp32_vector_tflops=None,
                            notes="Epoch's FP32 94 is a quarter of the FP16 cube rate, not a "
                                  "documented vector figure; left out. " + UNCHECKED),
    "Huawei Ascend 910": E("ascend-910", AC, "Ascend 910;Ascend 910A", checked="vendor",
                           fp16_is_matrix=True, memory_gb=32,
                           sources=["https://www.huawei.com/en/news/2019/8/huawei-ascend-910-most-powerful-ai-processor"],
                           notes="Huawei: 256 TFLOPS FP16, 512 TOPS INT8, 310 W."),
    "Huawei Ascend 310": E("ascend-310", AC, "Ascend 310", fp16_is_matrix=True, notes=UNCHECKED),
    "Cambricon MLU370-X8": E("mlu370-x8", AC, "MLU370-X8", fp16_is_matrix=True,
                             notes="[exempt:matrix-ratio] Cambricon quotes INT8 at 2.67x FP16. "
                                   + UNCHECKED),
    "Cambricon MLU370-X4": E("mlu370-x4", AC, "MLU370-X4", fp16_is_matrix=True,
                             notes="[exempt:matrix-ratio] Cambricon quotes INT8 at 2.67x FP16. "
                                   + UNCHECKED),
    "Cambricon MLU370-S8": E("mlu370-s8", AC, "MLU370-S8", fp16_is_matrix=True,
                             notes="[exempt:matrix-ratio] Cambricon quotes INT8 at 2.67x FP16. "
                                   + UNCHECKED),
    "Cambricon MLU370-S4": E("mlu370-s4", AC, "MLU370-S4", fp16_is_matrix=True,
                             notes="[exempt:matrix-ratio] Cambricon quotes INT8 at 2.67x FP16. "
                                   + UNCHECKED),
    "Cambricon MLU290-M5": E("mlu290-m5", AC, "MLU290-M5", notes=UNCHECKED),
    "Cambricon MLU270-F4": E("mlu270-f4", AC, "MLU270-F4", notes=UNCHECKED),
    "Cambricon MLU270-S4": E("mlu270-s4", AC, "MLU270-S4", notes=UNCHECKED),
    "Baidu Kunlun RG800": E("kunlun-rg800", AC, "Kunlun RG800", fp16_is_matrix=True,
                            notes=UNCHECKED),
    "Baidu Kunlun R100 (75W)": E("kunlun-r100-75w", AC, "Kunlun R100 75W", fp16_is_matrix=True,
                                 notes=UNCHECKED),
    "Baidu Kunlun R100 (100W)": E("kunlun-r100-100w", AC, "Kunlun R100 100W",
                                  fp16_is_matrix=True, notes=UNCHECKED),
    "Baidu Kunlun R200 (150W)": E("kunlun-r200", AC, "Kunlun R200;Kunlun II", fp16_is_matrix=True,
                                  notes="Kunlun II card. " + UNCHECKED),
    "Baidu Kunlun R200-8F (160W)": E("kunlun-r200-8f", AC, "Kunlun R200-8F", fp16_is_matrix=True,
                                     notes=UNCHECKED),
    "Baidu Kunlun K200": E("kunlun-k200", AC, "Kunlun K200;Kunlun I", fp16_is_matrix=True,
                           notes="[exempt:matrix-ratio] Kunlun I card; Baidu quotes INT8 256 at "
                                 "4x FP16 64 (Hot Chips 2020). " + UNCHECKED),
    "Tianshu Zhixin Tiangai 100 (BI-V100)": E("iluvatar-bi-v100", AC, "Tiangai 100;BI-V100",
                                              fp16_is_matrix=True, notes=UNCHECKED),
    "Shensuan-1": E("hygon-shensuan-1", AC, "Shensuan-1;Hygon DCU Z100", notes=UNCHECKED),
    "T-Head Hanguang 800": E("hanguang-800", AC, "Hanguang 800", notes=UNCHECKED),
    "GroqChip LPU v1": E("groq-lpu-v1", AC, "GroqChip;Groq LPU", fp16_is_matrix=True,
                         notes="[exempt:matrix-ratio] Groq quotes 750 TOPS INT8 and 188 TFLOPS FP16 "
                               "(4x). Memory is on-chip SRAM (230 MB, 80 TB/s). " + UNCHECKED),
    "Tesla D1 Dojo": E("tesla-d1", AC, "Dojo D1", tensor="bf16",
                       notes="Bandwidth is on-chip SRAM. " + UNCHECKED),
    "PEZY-SC2": E("pezy-sc2", AC, "PEZY-SC2", notes=UNCHECKED),
    "MT-2000": E("matrix-2000", AC, "Matrix-2000;MT-2000", notes=UNCHECKED),
    "MT-3000": E("mt-3000", AC, "MT-3000", fp64_vector_tflops=11.6,
                 notes="FP64 11.6 TFLOPS as the cited paper (Lu et al., CCF THPC 2022) states; "
                       "Epoch's 12.87 is 11% above it. Other values " + UNCHECKED),
}

SKIP = {
    "NVIDIA A100": "duplicate of the A100 SXM4 40 GB row (same product, a placeholder date)",
    "NVIDIA V100": "duplicate of the V100 SXM2 16 GB row",
    "NVIDIA Tesla V100 SXM2": "duplicate of the V100 SXM2 16 GB row",
    "NVIDIA Tesla V100 SXM3 32 GB": "DGX-2 module; Epoch's power (300 W) and clocks not verified",
    "NVIDIA Tesla V100 DGXS 16 GB": "DGX Station variant with inconsistent figures",
    "NVIDIA Tesla V100 DGXS 32 GB": "DGX Station variant with inconsistent figures",
    "NVIDIA P100": "duplicate of the P100 rows",
    "NVIDIA P100 PCIe 16GB": "duplicate of the Tesla P100 PCIe 16GB row",
    "NVIDIA Tesla P100 DGXS": "DGX Station variant of the P100 SXM2",
    "NVIDIA Tesla K40s": "duplicate of the K40 row",
    "NVIDIA GH100": "the GH100 die, duplicate of the H100 SXM5 row",
    "NVIDIA GH200": "superchip whose power budget covers a Grace CPU too",
    "NVIDIA L2 PCle": "no TDP",
    "NVIDIA Rubin CPX": "not released; no date",
    "NVIDIA GeForce GTX 280": "2008, before the catalogue's 2010 window",
    "AMD Radeon Instinct MI300": "placeholder row repeating MI250X figures",
    "AMD Radeon Instinct MI308X": "inconsistent figures (FP32 = FP64, 10.3 TB/s) not verified",
    "Google TPU v5p": "no TDP",
    "Google TPU v6e Trillium": "no TDP",
    "Amazon Trainium1": "no TDP",
    "AWS Inferentia2": "no TDP",
    "Intel Habana GAUDI HL-205": "no peak figures",
    "MetaX MXN100": "no TDP",
    "Tianshu Zhixin Zhikai 100": "no TDP",
    "Sunway SW26010-Pro": "no TDP",
    "Huawei Ascend 920": "no TDP",
    "Huawei Ascend 910A": "same product as Ascend 910",
    "Huawei Ascend 910A Pro": "no TDP",
    "Huawei Ascend 910A Premium": "no TDP",
    "Huawei Ascend 910 (320 TFLOPS)": "variant of Ascend 910 without its own documentation",
    "Huawei Ascend 910B Pro": "no date, no TDP",
    "Huawei Ascend 910B1 (v1)": "no date, no TDP",
    "Huawei Ascend 910B1 (v2)": "no date, no TDP",
    "Huawei Ascend 910B2": "no date, no TDP",
    "Huawei Ascend 910B3": "no date, no TDP",
    "Huawei Ascend 910B4": "no date, no TDP",
    "Huawei Ascend 800T A2": "no date",
    "Huawei Ascend 950DT": "not released",
    "Huawei Ascend 960": "not released",
    "Huawei Ascend 970": "not released",
    "Baidu Kunlun I": "same chip as the Kunlun K200 card",
    "Baidu Kunlun II": "same chip as the Kunlun R200 card",
    "Cambricon MLU370-S4/S8": "combined row; S4 and S8 are listed separately",
}

VENDORS = {
    "NVIDIA": "NVIDIA", "AMD": "AMD", "Google": "Google", "Amazon AWS": "Amazon",
    "Intel": "Intel", "Huawei": "Huawei", "Meta": "Meta", "Microsoft": "Microsoft",
    "Moore Threads (Tencent)": "Moore Threads", "MetaX": "MetaX", "Biren": "Biren",
    "Cambricon": "Cambricon", "Kunlunxin Baidu": "Baidu Kunlunxin", "Iluvatar CoreX": "Iluvatar CoreX",
    "Hygon": "Hygon", "Alibaba": "Alibaba T-Head", "Tesla": "Tesla", "PEZY": "PEZY Computing",
    "National University of Defense Technology": "NUDT", "": "",
}


def tera(value):
    return float(value) / 1e12 if value.strip() else None


def giga(value):
    return float(value) / 1e9 if value.strip() else None


def fmt(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return ("%.6g" % value)


def epoch_row(r, m):
    out = {c: None for c in COLUMNS}
    out.update(id=m["id"], name=r["Hardware name"], aliases=m["aliases"], kind=m["kind"],
               vendor=VENDORS[r["Manufacturer"]] or ("Groq" if "Groq" in r["Hardware name"] else ""),
               release_date=r["Release date"], checked=m["checked"])
    out["tdp_w"] = float(r["TDP (W)"]) if r["TDP (W)"].strip() else None
    out["fp64_vector_tflops"] = tera(r["FP64 (double precision) performance (FLOP/s)"])
    out["fp32_vector_tflops"] = tera(r["FP32 (single precision) performance (FLOP/s)"])
    fp16 = tera(r["FP16 (half precision) performance (FLOP/s)"])
    out["fp16_matrix_tflops" if m["fp16_is_matrix"] else "fp16_vector_tflops"] = fp16
    out["tf32_matrix_tflops"] = tera(r["TF32 (TensorFloat-32) performance (FLOP/s)"])
    tensor = tera(r["Tensor-FP16/BF16 performance (FLOP/s)"])
    if tensor is not None:
        if m["tensor"] in ("fp16", "both"):
            out["fp16_matrix_tflops"] = tensor
        if m["tensor"] in ("bf16", "both"):
            out["bf16_matrix_tflops"] = tensor
    elif m["tensor"] == "bf16" and m["fp16_is_matrix"] is False:
        pass
    out["int8_%s_tops" % m["int8_unit"]] = tera(r["INT8 performance (OP/s)"])
    out["int4_matrix_tops"] = tera(r["INT4 performance (OP/s)"])
    out["fp8_matrix_tflops"] = tera(r["FP8 performance (FLOP/s)"])
    out["fp4_matrix_tflops"] = tera(r["FP4 performance (FLOP/s)"])
    out["memory_gb"] = giga(r["Memory size per board (Byte)"])
    out["memory_bw_gbs"] = giga(r["Memory bandwidth (byte/s)"])
    for key, value in m["fix"].items():
        if key not in out:
            raise SystemExit("%s: unknown column %s" % (m["id"], key))
        out[key] = value
    sources = list(m["sources"])
    # The link cell sometimes holds several URLs or a remark; the first URL is the datasheet.
    links = [t.strip(";,") for t in r["Link to datasheet"].split() if t.startswith("http")]
    if links and links[0] not in sources:
        sources.append(links[0])
    sources.append(EPOCH_CREDIT)
    out["sources"] = ";".join(sources)
    out["notes"] = m["notes"]
    return {k: fmt(v) for k, v in out.items()}


# Edge modules, client NPUs and inference cards, in the output format, each with its sources.
EDGE_NPU_CSV = os.path.join(HERE, "edge_npu.csv")


def edge_npu_rows(path=EDGE_NPU_CSV):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise SystemExit("%s: columns differ from the output columns" % path)
        return [dict(r) for r in reader]


def main():
    epoch_path = sys.argv[1] if len(sys.argv) > 1 else EPOCH_CSV
    out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "data", "hardware.csv")
    with open(epoch_path, newline="", encoding="utf-8") as f:
        epoch = list(csv.DictReader(f))
    rows = []
    seen = set()
    for r in epoch:
        name = r["Hardware name"]
        if name in seen:
            raise SystemExit("duplicate Epoch row %r" % name)
        seen.add(name)
        if name in SKIP:
            continue
        if name not in EPOCH:
            raise SystemExit("Epoch row %r is neither mapped nor skipped" % name)
        rows.append(epoch_row(r, EPOCH[name]))
    stale = (set(EPOCH) | set(SKIP)) - seen
    if stale:
        raise SystemExit("mapped rows missing from the Epoch file: %s" % sorted(stale))
    with open(os.path.join(HERE, "handmade.csv"), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise SystemExit("handmade.csv columns differ from the output columns")
        rows.extend(dict(r) for r in reader)
    rows.extend(edge_npu_rows())
    generated = families.all_rows(COLUMNS) + families_arm.all_rows(COLUMNS)
    taken = {r["id"] for r in rows}
    clash = sorted(r["id"] for r in generated if r["id"] in taken)
    if clash:
        raise SystemExit("family rows repeat ids already built: %s" % clash)
    rows.extend(generated)
    families.apply_cpu_boost(rows)
    idle_interconnect.apply(rows)
    rows.sort(key=lambda r: (r["release_date"], r["id"]))
    with open(out_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    epoch = sum(1 for r in rows if EPOCH_CREDIT in r["sources"])
    print("%s: %d rows (%d from Epoch AI, %d hand-made, %d generated from families/)" %
          (out_path, len(rows), epoch, len(rows) - epoch - len(generated), len(generated)))


if __name__ == "__main__":
    main()
