#!/usr/bin/python3
"""The README's Python example, run as a notebook would: each statement and what it shows.

Usage: PYTHONPATH=build/python /usr/bin/python3 scripts/python_example.py
(README, "Python": the output printed there is this script's.)
"""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(ROOT)

CELLS = [
    "import infergy, onnx",
    'a = infergy.analyze("tests/fixtures/models/resnet18.onnx", batch=8, precision="fp16")',
    "a",
    'a.totals["macs"], a.totals["params"], a.batch, a.complete',
    'a.to_pandas("by_op")[["op", "nodes", "macs", "bytes_read"]].head(4)',
    'm = onnx.load("tests/fixtures/models/transformer_encoder.onnx")',
    "b = infergy.analyze(m.SerializeToString(), dims={'sequence': 128})",
    'b.inputs[0]["shape"], b.totals["flops"], b.uncounted',
    'infergy.hw.get("h100-sxm5-80gb")["name"]',
    'e = infergy.estimate("tests/fixtures/models/resnet18.onnx", hw="h100-sxm5-80gb", batch=8)',
    'e["roofline"]["joules_per_inference"], e["study"]["joules_per_inference"]',
    "try:\n    infergy.analyze('missing.onnx')\nexcept infergy.Error as err:\n    print(type(err).__name__, err.exit_code, err)",
]


def main():
    scope = {}
    for cell in CELLS:
        print(">>> " + cell.replace("\n", "\n... "))
        try:
            value = eval(compile(cell, "<cell>", "eval"), scope)
        except SyntaxError:
            exec(compile(cell, "<cell>", "exec"), scope)
            continue
        if value is not None:
            print(repr(value))


if __name__ == "__main__":
    main()
