"""Idle power and scale-up interconnect of data-centre GPUs and accelerators, each with its source.

build_hardware_csv.py applies these tables to the rows it builds (Epoch-derived and hand-made
alike): it fills `idle_w`, `interconnect` and `interconnect_gbs`, appends the source URL to the
row's `sources` and the sentence to its `notes`. A row that already carries one of these cells is
an error, so each fact lives here only.

IDLE: power drawn by a card that is powered on with no process on it, as reported by the card's own
sensor (nvidia-smi / NVML, rocm-smi) in a public log. These are single readings of particular
boards, drivers and cooling, not vendor specifications: an idle card in P0 with persistence mode
draws more than one allowed to drop to P8, and a process holding a CUDA context adds tens of watts
(arXiv 2605.23918). A cell is left empty where no such reading was found; none is estimated.

LINKS: the vendor's figure for the link between devices of one node, per device, both directions
together (the way NVIDIA, AMD and Intel quote it); PCIe-only cards get their PCIe link.
"""

# id: (watts, source URL, what the reading is)
IDLE = {
    "h100-sxm5-80gb": (
        85, "https://github.com/NVIDIA/nccl/issues/1264",
        "Idle 85 W: nvidia-smi on an idle 8x H100 SXM HGX node (Supermicro SYS-821GE-TNHR, driver "
        "550.54.15) shows 83-88 W per GPU at P0, 0 MiB used, 0 % utilisation."),
    "a100-sxm4-40gb": (
        51, "https://github.com/facebookresearch/vissl/issues/422",
        "Idle 51 W: nvidia-smi on an 8x A100-SXM4-40GB node shows 50-56 W per GPU (median 51) at "
        "P0, 3 MiB used, 0 % utilisation."),
    "a100-sxm4-80gb": (
        61, "https://github.com/allenai/PeerRead/issues/40",
        "Idle 61 W: nvidia-smi on an A100-SXM4-80GB node (driver 525.85.12) shows 59-62 W per GPU "
        "at P0, 0 MiB used, 0 % utilisation."),
    "v100-sxm2-32gb": (
        44, "https://pastebin.com/AaFUPNi5",
        "Idle 44 W: an NVML dump of a V100-SXM2-32GB (driver 418.67, persistence on, P0, 64 KiB "
        "used) reads 43.955 W."),
    "v100-pcie-16gb": (
        26, "https://pastebin.com/n7ve9DFv",
        "Idle 26 W: nvidia-smi on two V100-PCIE-16GB (driver 418.92, persistence on) shows 26 and "
        "27 W at P0, 39 MiB used, no processes."),
    "b200-sxm": (
        137, "https://github.com/ROCm/legacy-rocm-build/issues/5219",
        "Idle 137 W: an air-cooled B200 reported idle at 137 W (28 C) beside an MI355X, with "
        "screenshots, in a ROCm issue."),
    "mi355x": (
        238, "https://github.com/ROCm/legacy-rocm-build/issues/5219",
        "Idle 238 W: an MI355X reported idle at 238 W (45 C); AMD replied that this is in line "
        "with the expected idle draw of the MI355."),
    "mi300x": (
        136, "https://github.com/ROCm/legacy-rocm-build/issues/4750",
        "Idle 136 W: rocm-smi on idle MI300X packages (750 W cap, CPX partitions, 0 % activity) "
        "shows 131-137 W per package."),
    "mi250": (
        90, "https://huggingface.co/docs/optimum/amd/amdgpu/perf_hardware",
        "Idle 90 W: rocm-smi on an idle MI250 node (560 W cap, 0 % activity) shows 90 and 95 W "
        "per package (reported on its first die; the second reads N/A)."),
}

NV_H100_DS = "https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet"
NV_H200 = "https://www.nvidia.com/en-us/data-center/h200/"
NV_A100 = "https://www.nvidia.com/en-us/data-center/a100/"
NV_V100 = "https://www.nvidia.com/en-us/data-center/v100/"
NV_P100 = "https://www.nvidia.com/en-us/data-center/tesla-p100/"
NV_HGX = "https://www.nvidia.com/en-us/data-center/hgx/"
NV_GB200 = "https://www.nvidia.com/en-us/data-center/gb200-nvl72/"
NV_GB300 = "https://www.nvidia.com/en-us/data-center/gb300-nvl72/"
AMD = "https://www.amd.com/en/products/accelerators/instinct/"
GAUDI_NET = "https://docs.habana.ai/en/latest/Management_and_Monitoring/Network_Configuration/index.html"

# id: (link, GB/s both directions, source URL, note or "")
LINKS = {
    "h100-sxm5-80gb": ("NVLink 4", 900, NV_H100_DS, ""),
    "h100-pcie-80gb": ("NVLink 4 bridge", 600, NV_H100_DS,
                       "NVLink bridge between card pairs; PCIe 5.0 x16 (128 GB/s) to the host."),
    "h100-nvl-94gb": ("NVLink 4 bridge", 600, NV_H100_DS,
                      "NVLink bridge within the NVL pair; PCIe 5.0 x16 (128 GB/s) to the host."),
    "h200-sxm-141gb": ("NVLink 4", 900, NV_H200, ""),
    "a100-sxm4-40gb": ("NVLink 3", 600, NV_A100, ""),
    "a100-sxm4-80gb": ("NVLink 3", 600, NV_A100, ""),
    "a100-pcie-40gb": ("NVLink 3 bridge", 600, NV_A100,
                       "NVLink bridge for two GPUs; PCIe 4.0 x16 (64 GB/s) otherwise."),
    "a100-pcie-80gb": ("NVLink 3 bridge", 600, NV_A100,
                       "NVLink bridge for two GPUs; PCIe 4.0 x16 (64 GB/s) otherwise."),
    "a30": ("NVLink 3 bridge", 200, "https://www.nvidia.com/en-us/data-center/products/a30-gpu/",
            "Third-generation NVLink bridge for two GPUs; PCIe 4.0 x16 (64 GB/s) otherwise."),
    "a40": ("NVLink 3 bridge", 112.5, "https://www.nvidia.com/en-us/data-center/a40/",
            "Two-way NVLink bridge (112.5 GB/s bidirectional); PCIe 4.0 x16 (64 GB/s) otherwise."),
    "a10": ("PCIe 4.0 x16", 64, "https://www.nvidia.com/en-us/data-center/products/a10-gpu/", ""),
    "l4": ("PCIe 4.0 x16", 64, "https://www.nvidia.com/en-us/data-center/l4/", ""),
    "l40": ("PCIe 4.0 x16", 64, "https://www.nvidia.com/en-us/data-center/l40/", ""),
    "l40s": ("PCIe 4.0 x16", 64, "https://www.nvidia.com/en-us/data-center/l40s/", ""),
    "t4": ("PCIe 3.0 x16", 32, "https://www.nvidia.com/en-us/data-center/tesla-t4/", ""),
    "v100-sxm2-16gb": ("NVLink 2", 300, NV_V100, ""),
    "v100-sxm2-32gb": ("NVLink 2", 300, NV_V100, ""),
    "v100-pcie-16gb": ("PCIe 3.0 x16", 32, NV_V100, ""),
    "v100-pcie-32gb": ("PCIe 3.0 x16", 32, NV_V100, ""),
    "v100s-pcie-32gb": ("PCIe 3.0 x16", 32, NV_V100, ""),
    "p100-sxm2-16gb": ("NVLink 1", 160, NV_P100, ""),
    "p100-pcie-16gb": ("PCIe 3.0 x16", 32, NV_P100, ""),
    "p100-pcie-12gb": ("PCIe 3.0 x16", 32, NV_P100, ""),
    "b100-sxm": ("NVLink 5", 1800, NV_HGX, ""),
    "b200-sxm": ("NVLink 5", 1800, NV_HGX, ""),
    "b300": ("NVLink 5", 1800, NV_HGX, ""),
    "gb200": ("NVLink 5", 1800, NV_GB200,
              "NVL72: 130 TB/s of NVLink over 72 GPUs, 1.8 TB/s each."),
    "gb300": ("NVLink 5", 1800, NV_GB300,
              "NVL72: 130 TB/s of NVLink over 72 GPUs, 1.8 TB/s each."),
    "mi100": ("Infinity Fabric", 276, AMD + "mi100.html",
              "3 links x 92 GB/s (23 GT/s x16, both directions)."),
    "mi210": ("Infinity Fabric", 300, AMD + "mi200/mi210.html",
              "Up to 3 links x 100 GB/s through the Infinity Fabric bridge."),
    "mi250": ("Infinity Fabric", 600, AMD + "mi200/mi250.html", "6 links x 100 GB/s."),
    "mi250x": ("Infinity Fabric", 800, AMD + "mi200/mi250x.html", "8 links x 100 GB/s."),
    "mi300x": ("Infinity Fabric", 896, AMD + "mi300/mi300x.html", "7 links x 128 GB/s."),
    "mi325x": ("Infinity Fabric", 896, AMD + "mi300/mi325x.html", "7 links x 128 GB/s."),
    "mi350x": ("Infinity Fabric", 1075.2, AMD + "mi350/mi350x.html", "7 links x 153.6 GB/s."),
    "mi355x": ("Infinity Fabric", 1075.2, AMD + "mi350/mi355x.html", "7 links x 153.6 GB/s."),
    "gaudi2": ("RoCE 100 GbE (21 scale-up ports)", 525, GAUDI_NET,
               "21 x 100 Gb/s scale-up ports = 262.5 GB/s each way; 3 more ports scale out."),
    "gaudi3": ("RoCE 200 GbE (21 scale-up ports)", 1050, GAUDI_NET,
               "21 x 200 Gb/s scale-up ports = 525 GB/s each way; 3 more ports scale out."),
}


def apply(rows):
    """Fills idle power and interconnect into `rows` (dicts of output cells, modified in place)."""
    by_id = {r["id"]: r for r in rows}
    for table in (IDLE, LINKS):
        unknown = set(table) - set(by_id)
        if unknown:
            raise SystemExit("idle_interconnect.py names rows that do not exist: %s" % sorted(unknown))
    for rid, (watts, source, note) in IDLE.items():
        _fill(by_id[rid], {"idle_w": "%g" % watts}, source, note)
    for rid, (link, gbs, source, note) in LINKS.items():
        _fill(by_id[rid], {"interconnect": link, "interconnect_gbs": "%g" % gbs}, source, note)


def _fill(row, cells, source, note):
    for key, value in cells.items():
        if row[key]:
            raise SystemExit("%s: %s is set in two places" % (row["id"], key))
        row[key] = value
    sources = row["sources"].split(";") if row["sources"] else []
    if source not in sources:
        sources.insert(len(sources) - 1 if sources and "epoch.ai" in sources[-1] else len(sources),
                       source)
    row["sources"] = ";".join(sources)
    if note:
        row["notes"] = (row["notes"] + " " + note).strip() if row["notes"] else note
