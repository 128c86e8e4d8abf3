#!/usr/bin/python3
"""Counts parameters and multiply-accumulates (MACs) of the architectures whose GMACs
data/models-imagenet.csv takes from an own count rather than from timm's benchmark.

A MAC is one multiply-accumulate of a convolution or a matrix product (attention's Q·K and
A·V included); element-wise work (activations, normalisation, pooling, softmax, bias) is not
counted -- the convention of torchvision's and timm's published "GFLOPS"/"GMACs" tables.

The count runs the network once on a zero image under a TorchDispatchMode that sees every ATen
operator, so nothing hides in functional calls (torchvision's attention uses F.linear and bmm).

Writes scripts/datasets/counted-macs.csv. Needs Debian's python3-torch and python3-torchvision
(run with /usr/bin/python3); no weights are downloaded.
"""

import argparse
import csv
import math
import pathlib
import sys

import torch
import torchvision
from torch import nn
from torch.utils._python_dispatch import TorchDispatchMode


class MacCounter(TorchDispatchMode):
    """Adds up the MACs of convolution and matrix-product operators as they execute."""

    def __init__(self):
        super().__init__()
        self.macs = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        name = func.overloadpacket.__name__
        if name == "convolution":
            weight = args[1]
            # out elements x (in channels per group x kernel elements) = weight[1:].numel()
            self.macs += out.numel() * math.prod(weight.shape[1:])
        elif name in ("mm", "addmm"):
            a, b = (args[1], args[2]) if name == "addmm" else (args[0], args[1])
            self.macs += a.shape[0] * a.shape[1] * b.shape[1]
        elif name in ("bmm", "baddbmm"):
            a, b = (args[1], args[2]) if name == "baddbmm" else (args[0], args[1])
            self.macs += a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]
        return out


def count(model: nn.Module, resolution: int):
    model.eval()
    params = sum(p.numel() for p in model.parameters())
    # Grad enabled on purpose: it keeps PyTorch off fused inference kernels (fast-path
    # multi-head attention) whose inner products the counter could not see.
    with MacCounter() as counter:
        model(torch.zeros(1, 3, resolution, resolution))
    return params, counter.macs


def alexnet_2012():
    """AlexNet as in Krizhevsky et al. 2012, Fig. 2: two GPU halves, so conv2, conv4 and
    conv5 see only their own half's 48/192/192 maps (groups=2); conv3 and the FC layers are
    dense. Needs a 227x227 input for the stated 55x55 first-layer maps."""
    return nn.Sequential(
        nn.Conv2d(3, 96, 11, stride=4), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.Conv2d(96, 256, 5, padding=2, groups=2), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 384, 3, padding=1, groups=2), nn.ReLU(),
        nn.Conv2d(384, 256, 3, padding=1, groups=2), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.Flatten(), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(),
        nn.Linear(4096, 4096), nn.ReLU(), nn.Linear(4096, 1000))


def zfnet_2013():
    """ZFNet as in Zeiler & Fergus 2013, Fig. 3: 224 -> conv1 7x7/2 (96) -> 110 -> pool 55 ->
    conv2 5x5/2 (256) -> 26 -> pool 13 -> conv3-5 3x3 (384, 384, 256) dense -> pool 6 ->
    FC 4096, 4096, 1000. Paddings chosen to give the figure's map sizes."""
    return nn.Sequential(
        nn.Conv2d(3, 96, 7, stride=2, padding=1), nn.ReLU(),
        nn.MaxPool2d(3, 2, padding=1),
        nn.Conv2d(96, 256, 5, stride=2), nn.ReLU(), nn.MaxPool2d(3, 2, padding=1),
        nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 384, 3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.Flatten(), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(),
        nn.Linear(4096, 4096), nn.ReLU(), nn.Linear(4096, 1000))


def resnet_v1(builder):
    """He et al. 2015 put the stride-2 of each downsampling bottleneck in its first 1x1
    convolution; torchvision ("v1.5") moved it to the 3x3, which costs ~0.23 GMACs more."""
    model = builder()
    for stage in (model.layer2, model.layer3, model.layer4):
        block = stage[0]
        block.conv1.stride = (2, 2)
        block.conv2.stride = (1, 1)
    return model


def check_shapes():
    # The figures' map sizes, so the paddings above are the papers' architectures.
    x = torch.zeros(1, 3, 227, 227)
    assert alexnet_2012()[0](x).shape[-1] == 55
    z = zfnet_2013()
    y = z[0](torch.zeros(1, 3, 224, 224))
    assert y.shape[-1] == 110, y.shape
    y = z[2](z[1](y))
    assert y.shape[-1] == 55, y.shape
    y = z[3](y)
    assert y.shape[-1] == 26, y.shape
    assert z[5](y).shape[-1] == 13


ARCHITECTURES = [
    # key, builder, resolution, what it is
    ("alexnet-2012", alexnet_2012, 227, "Krizhevsky et al. 2012 (two-GPU grouped layers)"),
    ("zfnet-2013", zfnet_2013, 224, "Zeiler & Fergus 2013, Fig. 3"),
    ("resnet50-v1", lambda: resnet_v1(torchvision.models.resnet50), 224, "He et al. 2015 layout"),
    ("resnet101-v1", lambda: resnet_v1(torchvision.models.resnet101), 224, "He et al. 2015 layout"),
    ("resnet152-v1", lambda: resnet_v1(torchvision.models.resnet152), 224, "He et al. 2015 layout"),
    ("torchvision:alexnet", torchvision.models.alexnet, 224, "torchvision builder"),
    ("torchvision:squeezenet1_0", torchvision.models.squeezenet1_0, 224, "torchvision builder"),
    ("torchvision:vgg16", torchvision.models.vgg16, 224, "torchvision builder"),
    ("torchvision:resnet18", torchvision.models.resnet18, 224, "torchvision builder"),
    ("torchvision:resnet50", torchvision.models.resnet50, 224, "torchvision builder"),
    ("torchvision:efficientnet_b0", torchvision.models.efficientnet_b0, 224, "torchvision builder"),
    ("torchvision:vit_b_16", torchvision.models.vit_b_16, 224, "torchvision builder"),
    ("torchvision:convnext_tiny", torchvision.models.convnext_tiny, 224, "torchvision builder"),
]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=pathlib.Path,
                   default=pathlib.Path(__file__).with_name("counted-macs.csv"))
    out = p.parse_args().out
    torch.manual_seed(0)
    check_shapes()
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["key", "resolution", "params", "macs", "params_m", "gmacs", "what"])
        for key, builder, res, what in ARCHITECTURES:
            params, macs = count(builder(), res)
            w.writerow([key, res, params, macs, f"{params / 1e6:.2f}", f"{macs / 1e9:.3f}", what])
            print(f"{key:32} {res:4} {params / 1e6:9.3f} M {macs / 1e9:9.3f} GMACs", file=sys.stderr)


if __name__ == "__main__":
    main()
