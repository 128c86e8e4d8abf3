#!/usr/bin/python3
"""Writes the ONNX models bench/cpu_roofline/measure_ort.mjs times, into OUT_DIR (default
/work/ort/models; anywhere outside the repository or git-ignored).

Usage: /usr/bin/python3 bench/cpu_roofline/prepare_models.py [OUT_DIR]

1. The shape-only fixtures (tests/fixtures/models/*.onnx, weight payloads stripped by
   scripts/fixtures/strip_weights.py) get random weights back: every float initializer without
   data is filled with N(0, 0.02) values of its dims, so ONNX Runtime can run them. Timing does
   not depend on the weight values (dense kernels, no sparsity shortcuts on CPU).
2. Two generated models whose bound is known by construction:
   - mlp4x2048: four 2048x2048 MatMul+Relu layers (64 MiB of fp32 weights, twice the 32 MiB L3
     of the machine measured): memory-bound at batch 1, compute-bound at batch 32;
   - conv3x3: eight 3x3 convolutions, 64 channels at 56x56: compute-bound at every batch.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "models")
# Fixtures with a free batch dimension that ONNX Runtime runs on CPU in seconds.
FIXTURE_MODELS = ["alexnet", "resnet18", "resnet50", "efficientnet_b0", "convnext_tiny"]


def has_payload(t):
    return bool(t.raw_data or t.float_data or t.int32_data or t.int64_data or t.double_data)


def fill_weights(model, rng):
    def fill(t):
        if has_payload(t) or t.data_type != TensorProto.FLOAT:
            return
        dims = list(t.dims)
        values = rng.normal(0.0, 0.02, size=dims).astype(np.float32)
        t.CopyFrom(numpy_helper.from_array(values, t.name))

    for init in model.graph.initializer:
        fill(init)
    for node in model.graph.node:
        if node.op_type == "Constant":
            for a in node.attribute:
                if a.name == "value":
                    fill(a.t)
    del model.metadata_props[:]
    return model


def mlp(rng):
    width, layers = 2048, 4
    nodes, inits = [], []
    prev = "x"
    for i in range(layers):
        w = rng.normal(0, 0.02, size=(width, width)).astype(np.float32)
        inits.append(numpy_helper.from_array(w, f"w{i}"))
        nodes.append(helper.make_node("MatMul", [prev, f"w{i}"], [f"m{i}"]))
        nodes.append(helper.make_node("Relu", [f"m{i}"], [f"r{i}"]))
        prev = f"r{i}"
    graph = helper.make_graph(
        nodes, "mlp4x2048",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", width])],
        [helper.make_tensor_value_info(prev, TensorProto.FLOAT, ["batch", width])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])


def conv(rng):
    channels, size, layers = 64, 56, 8
    nodes, inits = [], []
    prev = "x"
    for i in range(layers):
        w = rng.normal(0, 0.02, size=(channels, channels, 3, 3)).astype(np.float32)
        inits.append(numpy_helper.from_array(w, f"w{i}"))
        nodes.append(helper.make_node("Conv", [prev, f"w{i}"], [f"c{i}"], pads=[1, 1, 1, 1]))
        nodes.append(helper.make_node("Relu", [f"c{i}"], [f"r{i}"]))
        prev = f"r{i}"
    graph = helper.make_graph(
        nodes, "conv3x3",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", channels, size, size])],
        [helper.make_tensor_value_info(prev, TensorProto.FLOAT, ["batch", channels, size, size])],
        inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/work/ort/models"
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    for name in FIXTURE_MODELS:
        model = fill_weights(onnx.load(os.path.join(FIXTURES, name + ".onnx")), rng)
        onnx.save(model, os.path.join(out, name + ".onnx"))
    for name, make in (("mlp4x2048", mlp), ("conv3x3", conv)):
        model = make(rng)
        onnx.checker.check_model(model)
        onnx.save(model, os.path.join(out, name + ".onnx"))
    # The free input of each model, for measure_ort.mjs: its name and dims ("batch" is free).
    inputs = {}
    for name in FIXTURE_MODELS + ["mlp4x2048", "conv3x3"]:
        m = onnx.load(os.path.join(out, name + ".onnx"), load_external_data=False)
        weights = {i.name for i in m.graph.initializer}
        free = [i for i in m.graph.input if i.name not in weights][0]
        inputs[name] = {"input": free.name,
                        "dims": [d.dim_param or d.dim_value for d in free.type.tensor_type.shape.dim]}
    with open(os.path.join(out, "models.json"), "w") as f:
        json.dump(inputs, f, indent=1)
    print(f"wrote {len(FIXTURE_MODELS) + 2} models to {out}")


if __name__ == "__main__":
    main()
