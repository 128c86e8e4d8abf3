#!/usr/bin/python3
"""The committed detection fixtures against their references.json, with python onnx only (no torch,
no infergy): every referenced model has a shape-only file under 2 MB whose Conv/ConvTranspose/Gemm
/MatMul weight dims add up to params.expected_onnx_params, the trace counts lie strictly between 0
and the caps, and the MAC figures are the sums and products they claim to be.

Usage: /usr/bin/python3 tests/integration/detection_fixtures_consistent.py [FIXTURE_DIR]
Exit 0 when consistent, 1 with one line per problem, 77 when python onnx is missing (skipped).
"""

import json
import os
import sys

try:
    import numpy as np
    import onnx
    from onnx import TensorProto
except ImportError:
    sys.exit(77)

MAX_FILE_BYTES = 2 * 1024 * 1024
WEIGHT_SLOTS = {"Conv": (1, 2), "ConvTranspose": (1, 2), "Gemm": (1, 2), "MatMul": (1,)}
FLOAT_TYPES = (TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.DOUBLE)
POOL_OF_PART = {
    "box_head": "box_roi_pool",
    "box_predictor": "box_roi_pool",
    "mask_head": "mask_roi_pool",
    "mask_predictor": "mask_roi_pool",
    "keypoint_head": "keypoint_roi_pool",
    "keypoint_predictor": "keypoint_roi_pool",
}


def layer_weight_elements(model):
    """Elements of the float tensors (initializers, Constants) read only as Conv/Gemm/... weights
    or biases, one-element biases included."""
    tensors, uses = {}, {}

    def walk(graph):
        for t in graph.initializer:
            tensors[t.name] = t
        for node in graph.node:
            if node.op_type == "Constant":
                for a in node.attribute:
                    if a.name == "value":
                        tensors[node.output[0]] = a.t
            for slot, name in enumerate(node.input):
                uses.setdefault(name, []).append((node.op_type, slot))
            for a in node.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    walk(a.g)
                for g in a.graphs:
                    walk(g)

    walk(model.graph)
    total = 0
    for name, t in tensors.items():
        n = int(np.prod(t.dims, dtype=np.int64))
        if t.data_type not in FLOAT_TYPES or n == 0 or name not in uses:
            continue
        if all(slot in WEIGHT_SLOTS.get(op, ()) for op, slot in uses[name]):
            total += n
    return total


def problems_of(name, ref, fixture_dir):
    problems = []
    path = os.path.join(fixture_dir, name + ".onnx")
    if not os.path.exists(path):
        return [f"{name}: no {path}"]
    size = os.path.getsize(path)
    if size > MAX_FILE_BYTES or size != ref["file"]["bytes"]:
        problems.append(f"{name}: {size} bytes (references say {ref['file']['bytes']}, limit {MAX_FILE_BYTES})")
    model = onnx.load(path, load_external_data=False)
    meta = {p.key: p.value for p in model.metadata_props}
    if meta.get("infergy.shape_only") != "true":
        problems.append(f"{name}: not marked infergy.shape_only")
    weights = layer_weight_elements(model)
    params = ref["params"]
    other = params["onnx_float_constants"]["other_parameter_elements"]
    if weights + other != params["expected_onnx_params"]:
        problems.append(f"{name}: layer weights {weights} + other parameters {other} != "
                        f"expected_onnx_params {params['expected_onnx_params']}")
    if params["expected_onnx_params"] != params["torch_parameters"] - params["batchnorm_channels"]:
        problems.append(f"{name}: expected_onnx_params is not torch_parameters - batchnorm_channels")
    macs, counts, caps = ref["macs"], ref["counts"], ref["caps"]
    parts = macs["macs_by_part"]
    if macs["whole_model_macs_at_trace_counts"] != sum(parts.values()):
        problems.append(f"{name}: whole model MACs are not the sum of the parts")
    if macs["data_independent_macs"] != parts.get("feature_maps", 0):
        problems.append(f"{name}: data-independent MACs are not the feature-map part")
    at_caps = macs["data_independent_macs"]
    for part, per_region in macs["macs_per_region"].items():
        pool = POOL_OF_PART[part]
        if per_region * counts[f"{pool}_regions"] != parts[part]:
            problems.append(f"{name}: {part}: per-region MACs x regions != its MACs")
        at_caps += per_region * (caps["rpn_post_nms_top_n"] if pool == "box_roi_pool" else caps["detections_per_img"])
    if at_caps != macs["whole_model_macs_at_caps"]:
        problems.append(f"{name}: MACs at caps {macs['whole_model_macs_at_caps']} != {at_caps}")
    if "detections" in counts and not 0 < counts["detections"] < caps["detections_per_img"]:
        problems.append(f"{name}: {counts['detections']} detections is not strictly inside (0, cap)")
    if "proposals" in counts and not 0 < counts["proposals"] < caps["rpn_post_nms_top_n"]:
        problems.append(f"{name}: {counts['proposals']} proposals is not strictly inside (0, cap)")
    names = {n.name for n in model.graph.node}
    for node in ref["data_dependent_nodes"]:
        if node["name"] not in names:
            problems.append(f"{name}: data-dependent node {node['name']} is not in the fixture")
    return problems


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    fixture_dir = argv[1] if len(argv) > 1 else os.path.join(here, "..", "fixtures", "models", "detection")
    with open(os.path.join(fixture_dir, "references.json")) as f:
        models = json.load(f)["models"]
    problems = []
    for name, ref in models.items():
        problems += problems_of(name, ref, fixture_dir)
    listed = {f[: -len(".onnx")] for f in os.listdir(fixture_dir) if f.endswith(".onnx")}
    problems += [f"{n}.onnx has no references" for n in sorted(listed - set(models))]
    for p in problems:
        print(p)
    print(f"{len(models)} detection fixtures, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
