#!/usr/bin/env python3
"""An inference loop for `infergy measure`: N forward passes of a model at a batch size, fp16.

Usage: infer_loop.py resnet50|encoder BATCH ITERATIONS

  resnet50  torchvision's ResNet-50 (weights=None: energy does not depend on the weight values),
            input [BATCH, 3, 224, 224], the network of tests/fixtures/models/resnet50.onnx.
  encoder   a BERT-base-sized torch.nn.TransformerEncoder (12 layers, d=768, 12 heads,
            d_ff=3072, batch_first), input [BATCH, 128, 768], the network of
            tests/fixtures/models/transformer_encoder.onnx.

Everything runs in fp16 under torch.inference_mode() after 20 warm-up passes; the script prints
the steady-state throughput it timed with CUDA synchronisation, one JSON line on stdout.
"""
import json
import sys
import time

import torch


def build(name, batch):
    if name == "resnet50":
        import torchvision
        model = torchvision.models.resnet50(weights=None)
        x = torch.randn(batch, 3, 224, 224)
    elif name == "encoder":
        layer = torch.nn.TransformerEncoderLayer(d_model=768, nhead=12, dim_feedforward=3072,
                                                 batch_first=True)
        model = torch.nn.TransformerEncoder(layer, num_layers=12, enable_nested_tensor=False)
        x = torch.randn(batch, 128, 768)
    else:
        raise SystemExit(f"unknown model {name!r}: use resnet50 or encoder")
    return model.eval().cuda().half(), x.cuda().half()


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 64
    name, batch, iterations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.backends.cudnn.benchmark = True
    model, x = build(name, batch)
    with torch.inference_mode():
        for _ in range(20):
            model(x)
        torch.cuda.synchronize()
        start = time.perf_counter()
        for _ in range(iterations):
            model(x)
        torch.cuda.synchronize()
        seconds = time.perf_counter() - start
    print(json.dumps({"model": name, "batch": batch, "iterations": iterations,
                      "loop_seconds": seconds,
                      "inferences_per_second": batch * iterations / seconds,
                      "device": torch.cuda.get_device_name(0), "torch": torch.__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
