#!/usr/bin/python3
"""Builds data/models-imagenet.csv from three kinds of rows:

* paper rows  -- the classics (2012-2019): accuracy as the paper printed it (with its test
  protocol), GMACs from timm's benchmark when timm implements exactly that architecture, else
  from our own count (count_macs.py) or from the paper's multiply-adds; and recent models
  (late 2024-2025) that timm has not evaluated, with the authors' own numbers;
* timm rows   -- everything timm evaluated itself: Top-1/Top-5/params from
  results/results-imagenet.csv and GMACs from the RTX 4090 inference benchmark, one consistent
  source; the date comes from the paper that introduced the model;
* count rows  -- the torchvision exports the project tests `infergy analyze` against.

Every row names its date source (the paper) and its metrics source. Run:
    /usr/bin/python3 scripts/datasets/build_imagenet.py [--timm DIR] [--out FILE]
The timm snapshot lives in /work/shared/data/timm (huggingface/pytorch-image-models, results/,
Apache-2.0); counted-macs.csv comes from count_macs.py.
"""

import argparse
import csv
import pathlib
import re
import sys

import lsnet_hand_count

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent

TIMM_REPO = "https://github.com/huggingface/pytorch-image-models/tree/main/results"
TORCHVISION_DOCS = "https://pytorch.org/vision/stable/models.html"


def arxiv(arxiv_id):
    return f"https://arxiv.org/abs/{arxiv_id}"


# ---------------------------------------------------------------------------------------------
# Paper rows. Fields: name, family, date, date source, resolution, top1, top5, eval protocol,
# metrics source, and the cost: either arch=(timm benchmark model) or count=(counted-macs key)
# or gmacs=(paper multiply-adds) with params. paper_gflops is the figure the paper printed as
# "FLOPs"/"mult-adds" (in G), kept so the normalisation can be checked.
# ---------------------------------------------------------------------------------------------
PAPER_ROWS = [
    dict(name="AlexNet", family="AlexNet", date="2012-12-03",
         src="https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks",
         res=227, top1=59.3, top5=81.8, eval="10-crop",
         msrc="https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks (Table 2: 1 CNN, ILSVRC-2012 val, 40.7/18.2 % error)",
         count="alexnet-2012",
         notes="date: NIPS 2012 conference opening (no arXiv version); the paper says 224x224 inputs but its 55x55 first-layer maps need 227; GMACs counted on the two-GPU grouped layout of Fig. 2 (count_macs.py); paper prints no FLOPs and '60 million parameters'"),
    dict(name="ZFNet", family="ZFNet", date="2013-11-12", src=arxiv("1311.2901"),
         res=224, top1=61.7, top5=83.6, eval="10-crop",
         msrc=arxiv("1311.2901") + " (Table 2: 1 convnet as per Fig. 2, val 38.3/16.4 % error)",
         count="zfnet-2013",
         notes="GMACs and params counted on the layer sizes of Fig. 3 (count_macs.py); paper prints neither"),
    dict(name="VGG-11", family="VGG", date="2014-09-04", src=arxiv("1409.1556"),
         res=224, top1=70.4, top5=89.6, eval="dense single-scale (Q=256)",
         msrc=arxiv("1409.1556") + " (Table 3: config A, S=256, Q=256, 29.6/10.4 % error)",
         arch="vgg11", notes="dense evaluation slides the 224 net over the 256 px image"),
    dict(name="VGG-16", family="VGG", date="2014-09-04", src=arxiv("1409.1556"),
         res=224, top1=73.0, top5=91.2, eval="dense single-scale (Q=256)",
         msrc=arxiv("1409.1556") + " (Table 3: config D, S=256, Q=256, 27.0/8.8 % error)",
         count="torchvision:vgg16", torchvision="vgg16",
         notes="config D = torchvision vgg16; GMACs counted on it (count_macs.py), same as timm's 15.47"),
    dict(name="VGG-19", family="VGG", date="2014-09-04", src=arxiv("1409.1556"),
         res=224, top1=72.7, top5=91.0, eval="dense single-scale (Q=256)",
         msrc=arxiv("1409.1556") + " (Table 3: config E, S=256, Q=256, 27.3/9.0 % error)",
         arch="vgg19"),
    dict(name="GoogLeNet", family="Inception", date="2014-09-17", src=arxiv("1409.4842"),
         res=224, top1=None, top5=89.93, eval="single-crop",
         msrc=arxiv("1409.4842") + " (Table 3: 1 model 1 crop, top-5 error 10.07 %; no top-1 published)",
         params=6.8, gmacs=1.5, paper_gflops=1.5,
         notes="params: total of Table 1; cost: '1.5 billion multiply-adds at inference time' (Section 5)"),
    dict(name="Inception-v3", family="Inception", date="2015-12-02", src=arxiv("1512.00567"),
         res=299, top1=78.8, top5=94.4, eval="single-crop",
         msrc=arxiv("1512.00567") + " (abstract and Table 3: 21.2/5.6 % single-frame error)",
         arch="inception_v3", paper_gflops=5.0,
         notes="paper: '5 billion multiply-adds'; timm's count (no auxiliary head) is 5.73"),
    dict(name="ResNet-18", family="ResNet", date="2015-12-10", src=arxiv("1512.03385"),
         res=224, top1=72.12, top5=None, eval="10-crop",
         msrc=arxiv("1512.03385") + " (Table 2: 27.88 % top-1 error, 10-crop)",
         count="torchvision:resnet18", torchvision="resnet18", paper_gflops=1.8,
         notes="paper 'FLOPs' are multiply-adds (Table 1: 1.8e9); Table 2 used zero-padding shortcuts, torchvision projection ones (+0.17 M params)"),
    dict(name="ResNet-34", family="ResNet", date="2015-12-10", src=arxiv("1512.03385"),
         res=224, top1=75.48, top5=92.54, eval="10-crop",
         msrc=arxiv("1512.03385") + " (Table 3: ResNet-34 B, 24.52/7.46 % error)",
         arch="resnet34", paper_gflops=3.6),
    dict(name="ResNet-50", family="ResNet", date="2015-12-10", src=arxiv("1512.03385"),
         res=224, top1=77.15, top5=93.29, eval="10-crop",
         msrc=arxiv("1512.03385") + " (Table 3: 22.85/6.71 % error)",
         count="resnet50-v1", paper_gflops=3.8,
         notes="paper 'FLOPs' (3.8e9) are multiply-adds of its own layout (stride 2 in the first 1x1 of a downsampling block): 3.86 GMACs counted; torchvision/timm resnet50 ('v1.5', stride in the 3x3) is 4.09 GMACs -- see the ResNet-50 (RSB A1) row"),
    dict(name="ResNet-101", family="ResNet", date="2015-12-10", src=arxiv("1512.03385"),
         res=224, top1=78.25, top5=93.95, eval="10-crop",
         msrc=arxiv("1512.03385") + " (Table 3: 21.75/6.05 % error)",
         count="resnet101-v1", paper_gflops=7.6, notes="GMACs counted on the paper's v1 layout"),
    dict(name="ResNet-152", family="ResNet", date="2015-12-10", src=arxiv("1512.03385"),
         res=224, top1=78.57, top5=94.29, eval="10-crop",
         msrc=arxiv("1512.03385") + " (Table 3: 21.43/5.71 % error)",
         count="resnet152-v1", paper_gflops=11.3, notes="GMACs counted on the paper's v1 layout"),
    dict(name="Inception-v4", family="Inception", date="2016-02-23", src=arxiv("1602.07261"),
         res=299, top1=80.0, top5=95.0, eval="single-crop",
         msrc=arxiv("1602.07261") + " (Table 2: 20.0/5.0 % error, non-blacklisted val subset)",
         arch="inception_v4"),
    dict(name="Inception-ResNet-v2", family="Inception", date="2016-02-23", src=arxiv("1602.07261"),
         res=299, top1=80.1, top5=95.1, eval="single-crop",
         msrc=arxiv("1602.07261") + " (Table 2: 19.9/4.9 % error, non-blacklisted val subset)",
         arch="inception_resnet_v2"),
    dict(name="SqueezeNet", family="SqueezeNet", date="2016-02-24", src=arxiv("1602.07360"),
         res=224, top1=57.5, top5=80.3, eval="single-crop",
         msrc=arxiv("1602.07360") + " (Table 2: SqueezeNet, 57.5/80.3 %)",
         count="torchvision:squeezenet1_0", torchvision="squeezenet1_0",
         notes="SqueezeNet v1.0 = torchvision squeezenet1_0; GMACs counted on it"),
    dict(name="Wide ResNet-50-2", family="ResNet", date="2016-05-23", src=arxiv("1605.07146"),
         res=224, top1=78.1, top5=93.97, eval="single-crop",
         msrc=arxiv("1605.07146") + " (ImageNet table: WRN-50-2-bottleneck 21.9/6.03 % error)",
         arch="wide_resnet50_2"),
    dict(name="DenseNet-121", family="DenseNet", date="2016-08-25", src=arxiv("1608.06993"),
         res=224, top1=74.98, top5=92.29, eval="single-crop",
         msrc=arxiv("1608.06993") + " (Table 3: 25.02/7.71 % error, single-crop)", arch="densenet121"),
    dict(name="DenseNet-169", family="DenseNet", date="2016-08-25", src=arxiv("1608.06993"),
         res=224, top1=76.2, top5=93.15, eval="single-crop",
         msrc=arxiv("1608.06993") + " (Table 3: 23.80/6.85 % error, single-crop)", arch="densenet169"),
    dict(name="DenseNet-201", family="DenseNet", date="2016-08-25", src=arxiv("1608.06993"),
         res=224, top1=77.42, top5=93.66, eval="single-crop",
         msrc=arxiv("1608.06993") + " (Table 3: 22.58/6.34 % error, single-crop)", arch="densenet201"),
    dict(name="Xception", family="Xception", date="2016-10-07", src=arxiv("1610.02357"),
         res=299, top1=79.0, top5=94.5, eval="single-crop",
         msrc=arxiv("1610.02357") + " (Table 1: 0.790/0.945)", arch="legacy_xception"),
    dict(name="ResNeXt-50 (32x4d)", family="ResNeXt", date="2016-11-16", src=arxiv("1611.05431"),
         res=224, top1=77.8, top5=None, eval="single-crop",
         msrc=arxiv("1611.05431") + " (Table 3: 22.2 % top-1 error)",
         arch="resnext50_32x4d", paper_gflops=4.2,
         notes="paper 'FLOPs' are multiply-adds (4.2e9 vs 4.26 GMACs counted by timm)"),
    dict(name="ResNeXt-101 (64x4d)", family="ResNeXt", date="2016-11-16", src=arxiv("1611.05431"),
         res=224, top1=79.6, top5=94.7, eval="single-crop",
         msrc=arxiv("1611.05431") + " (Table 5: 224x224 single crop, 20.4/5.3 % error)",
         arch="resnext101_64x4d", paper_gflops=15.6),
    dict(name="MobileNet", family="MobileNet", date="2017-04-17", src=arxiv("1704.04861"),
         res=224, top1=70.6, top5=None, eval="single-crop",
         msrc=arxiv("1704.04861") + " (Table 8: 1.0 MobileNet-224, 70.6 %, 569 M mult-adds, 4.2 M params)",
         params=4.2, gmacs=0.569, paper_gflops=0.569),
    dict(name="NASNet-A Mobile", family="NASNet", date="2017-07-21", src=arxiv("1707.07012"),
         res=224, top1=74.0, top5=91.6, eval="single-crop",
         msrc=arxiv("1707.07012") + " (Table 3: NASNet-A (4 @ 1056), 5.3 M params, 564 M mult-adds)",
         params=5.3, gmacs=0.564, paper_gflops=0.564),
    dict(name="NASNet-A Large", family="NASNet", date="2017-07-21", src=arxiv("1707.07012"),
         res=331, top1=82.7, top5=96.2, eval="single-crop",
         msrc=arxiv("1707.07012") + " (Table 2: NASNet-A (6 @ 4032), 88.9 M params, 23.8 B mult-adds)",
         arch="nasnetalarge", paper_gflops=23.8),
    dict(name="SE-ResNet-50", family="SENet", date="2017-09-05", src=arxiv("1709.01507"),
         res=224, top1=76.71, top5=93.38, eval="single-crop",
         msrc=arxiv("1709.01507") + " (Table 2: SE-ResNet-50, 23.29/6.62 % error, 3.87 GFLOPs)",
         arch="legacy_seresnet50", paper_gflops=3.87,
         notes="SENet's 'GFLOPs' are multiply-adds (ResNet-50 listed at 3.86)"),
    dict(name="SENet-154", family="SENet", date="2017-09-05", src=arxiv("1709.01507"),
         res=224, top1=81.32, top5=95.53, eval="single-crop",
         msrc=arxiv("1709.01507") + " (Table 8: SENet-154 post-challenge, 224x224, 18.68/4.47 % error)",
         arch="legacy_senet154"),
    dict(name="PNASNet-5 Large", family="NASNet", date="2017-12-02", src=arxiv("1712.00559"),
         res=331, top1=82.9, top5=96.2, eval="single-crop",
         msrc=arxiv("1712.00559") + " (Table 5: PNASNet-5 (N=4, F=216), 86.1 M params, 25.0 B mult-adds)",
         arch="pnasnet5large", paper_gflops=25.0),
    dict(name="MobileNetV2", family="MobileNet", date="2018-01-13", src=arxiv("1801.04381"),
         res=224, top1=72.0, top5=None, eval="single-crop",
         msrc=arxiv("1801.04381") + " (Table 4: MobileNetV2, 72.0 %, 3.4 M params, 300 M MAdds)",
         params=3.4, gmacs=0.300, paper_gflops=0.300),
    dict(name="MobileNetV2 (1.4)", family="MobileNet", date="2018-01-13", src=arxiv("1801.04381"),
         res=224, top1=74.7, top5=None, eval="single-crop",
         msrc=arxiv("1801.04381") + " (Table 4: MobileNetV2 (1.4), 74.7 %, 6.9 M params, 585 M MAdds)",
         params=6.9, gmacs=0.585, paper_gflops=0.585),
    dict(name="AmoebaNet-A Mobile", family="AmoebaNet", date="2018-02-05", src=arxiv("1802.01548"),
         res=224, top1=74.5, top5=92.0, eval="single-crop",
         msrc=arxiv("1802.01548") + " (mobile-size table: AmoebaNet-A (N=4, F=50), 5.1 M params, 555 M mult-adds)",
         params=5.1, gmacs=0.555, paper_gflops=0.555),
    dict(name="AmoebaNet-A Large", family="AmoebaNet", date="2018-02-05", src=arxiv("1802.01548"),
         res=331, top1=83.9, top5=96.6, eval="single-crop",
         msrc=arxiv("1802.01548") + " (large-size table: AmoebaNet-A (N=6, F=448), 469 M params, 104 B mult-adds)",
         params=469, gmacs=104, paper_gflops=104),
    dict(name="ResNeXt-101 32x48d (WSL)", family="ResNeXt", date="2018-05-02", src=arxiv("1805.00932"),
         res=224, top1=85.4, top5=97.6, eval="single-crop", extra="ig-3.5b",
         msrc=arxiv("1805.00932") + " (ImageNet table: 829 M params, 153 B mult-adds, 85.4/97.6 %)",
         params=829, gmacs=153, paper_gflops=153,
         notes="pre-trained on 3.5 B Instagram images with hashtags, fine-tuned on ImageNet-1k"),
    dict(name="ShuffleNet V2 1x", family="ShuffleNet", date="2018-07-30", src=arxiv("1807.11164"),
         res=224, top1=69.4, top5=None, eval="single-crop",
         msrc=arxiv("1807.11164") + " (Table 8: 146 MFLOPs, 2.3 M params, 30.6 % error)",
         params=2.3, gmacs=0.146, paper_gflops=0.146,
         notes="the paper defines FLOPs as multiply-adds"),
    dict(name="ShuffleNet V2 2x", family="ShuffleNet", date="2018-07-30", src=arxiv("1807.11164"),
         res=224, top1=74.9, top5=None, eval="single-crop",
         msrc=arxiv("1807.11164") + " (Table 8: 591 MFLOPs, 7.4 M params, 25.1 % error)",
         params=7.4, gmacs=0.591, paper_gflops=0.591,
         notes="the paper defines FLOPs as multiply-adds"),
    dict(name="MnasNet-A1", family="MnasNet", date="2018-07-31", src=arxiv("1807.11626"),
         res=224, top1=75.2, top5=92.5, eval="single-crop",
         msrc=arxiv("1807.11626") + " (Table 1: 3.9 M params, 312 M mult-adds, 75.2/92.5 %)",
         params=3.9, gmacs=0.312, paper_gflops=0.312),
    dict(name="MobileNetV3-Large", family="MobileNet", date="2019-05-06", src=arxiv("1905.02244"),
         res=224, top1=75.2, top5=None, eval="single-crop",
         msrc=arxiv("1905.02244") + " (Table 3: Large 1.0, 75.2 %, 219 M MAdds, 5.4 M params)",
         params=5.4, gmacs=0.219, paper_gflops=0.219),
    dict(name="MobileNetV3-Small", family="MobileNet", date="2019-05-06", src=arxiv("1905.02244"),
         res=224, top1=67.4, top5=None, eval="single-crop",
         msrc=arxiv("1905.02244") + " (Table 3: Small 1.0, 67.4 %, 56 M MAdds, 2.5 M params)",
         params=2.5, gmacs=0.056, paper_gflops=0.056),
] + [
    dict(name=f"EfficientNet-B{i}", family="EfficientNet", date="2019-05-28", src=arxiv("1905.11946"),
         res=res, top1=t1, top5=t5, eval="single-crop",
         msrc=arxiv("1905.11946") + f" (Table 2: B{i}, {t1}/{t5} %, {pf} B FLOPs)", paper_gflops=pf,
         **({"count": "torchvision:efficientnet_b0", "torchvision": "efficientnet_b0",
             "notes": "the paper's FLOPs are multiply-adds; B0 = torchvision efficientnet_b0, GMACs counted on it"}
            if i == 0 else
            {"arch": f"tf_efficientnet_b{i}",
             "notes": "the paper's FLOPs are multiply-adds; GMACs: timm's count of the same network"}))
    for i, res, t1, t5, pf in [
        (0, 224, 77.1, 93.3, 0.39), (1, 240, 79.1, 94.4, 0.70), (2, 260, 80.1, 94.9, 1.0),
        (3, 300, 81.6, 95.7, 1.8), (4, 380, 82.9, 96.4, 4.2), (5, 456, 83.6, 96.7, 9.9),
        (6, 528, 84.0, 96.8, 19), (7, 600, 84.3, 97.0, 37)]
] + [
    dict(name="BiT-L (ResNet-152x4)", family="BiT", date="2019-12-24", src=arxiv("1912.11370"),
         res=480, top1=87.54, top5=98.46, eval="single-crop", extra="jft-300m",
         msrc=arxiv("1912.11370") + " (Table 1: BiT-L on ILSVRC-2012, 87.54 %; top-5 from Table 7)",
         arch="resnetv2_152x4_bit",
         notes="JFT-300M pre-training; GMACs: timm's count of the same ResNet-152x4 at 480"),
    dict(name="CoAtNet-7", family="CoAtNet", date="2021-06-09", src=arxiv("2106.04803"),
         res=512, top1=90.88, top5=None, eval="single-crop", extra="jft-3b",
         msrc=arxiv("2106.04803") + " (Table 5: CoAtNet-7 at 512, 2440 M params, 2586 B FLOPs, 90.88 %)",
         params=2440, gmacs=2586, paper_gflops=2586,
         notes="CoAtNet's 'FLOPs' are multiply-adds (CoAtNet-0: 4.2 B vs 4.43 GMACs counted by timm for the same net)"),
]


# ---------------------------------------------------------------------------------------------
# Recent paper rows (late 2024 and 2025): models timm has not evaluated, so accuracy, parameters
# and multiply-adds are the authors' own, as printed in the ImageNet-1k table of the paper's
# official repository. Each family states why its printed cost is multiply-adds. Only the
# variants trained on ImageNet-1k alone without distillation are taken.
# ---------------------------------------------------------------------------------------------
def recent_rows(family, date, arxiv_id, table, macs_basis, variants, notes=""):
    """variants: (name, resolution, params M, printed G, top1, top5 or None[, row note])."""
    rows = []
    for name, res, params, printed, top1, top5, *row_note in variants:
        shown = f"{params} M params, {printed} G, {top1} %" + (f"/{top5} %" if top5 else "")
        rows.append(dict(
            name=name, family=family, date=date, src=arxiv(arxiv_id), res=res, top1=top1,
            top5=top5, eval="single-crop", msrc=f"{table}: {name} at {res} px, {shown})",
            params=params, gmacs=printed, paper_gflops=printed,
            notes="; ".join(filter(None, [macs_basis, notes, *row_note]))))
    return rows


LSNET_VARIANTS = [("LSNet-T", 224, 11.4, 0.3, 74.9, None),
                  ("LSNet-S", 224, 16.1, 0.5, 77.8, None),
                  ("LSNet-B", 224, 23.2, 1.3, 80.3, None)]
LSNET_HAND_COUNT = lsnet_hand_count.counts()


def check_lsnet_printed_macs():
    # A printed figure that counted FLOPs (2 per multiply-add) would sit near twice the count;
    # the README's one-decimal rounding and its counting of norms stay well inside 0.8-1.25.
    for name, _, _, printed, *_ in LSNET_VARIANTS:
        ratio = printed / LSNET_HAND_COUNT[name][0]
        if not 0.8 < ratio < 1.25:
            sys.exit(f"{name}: printed {printed} G is {ratio:.2f} x the hand-counted GMACs")


RECENT_PAPER_ROWS = (
    recent_rows(
        "RecNeXt", "2024-12-27", "2412.19628",
        "https://github.com/suous/RecNeXt (README, 'Classification on ImageNet-1K', models under "
        "the RepViT training strategy, 'norm' column = without distillation",
        "the table's column is headed MACs",
        [("RecNeXt-M1", 224, 5.2, 0.9, 78.0, None),
         ("RecNeXt-M3", 224, 8.2, 1.4, 79.6, None),
         ("RecNeXt-M5", 224, 22.9, 4.7, 81.6, None)],
        "224 px: the README's Core ML exports of these checkpoints are *_224.mlmodel; "
        "numbers from the repository's README (300 epochs), which may postdate arXiv v1")
    + recent_rows(
        "GSPN", "2025-01-21", "2501.12381",
        "https://github.com/whj363636/GSPN (README, 'Classification' results table and "
        "classification/README.md",
        "the table's column is headed Mac and lists Swin-T at 4.5 G (timm's benchmark: 4.51 GMACs)",
        [("GSPN-T", 224, 30, 5.3, 83.0, None),
         ("GSPN-S", 224, 50, 9.0, 83.8, None),
         ("GSPN-B", 224, 89, 15.9, 84.3, None)],
        "params printed to the nearest million")
    + recent_rows(
        "iFormer", "2025-01-26", "2501.15369",
        "https://github.com/ChuanyangZheng/iFormer (README, 'Main Results on ImageNet with "
        "Pretrained Models' and its evaluation outputs",
        "the table's column is headed GMACs",
        [("iFormer-T", 224, 2.9, 0.53, 74.1, None),
         ("iFormer-S", 224, 6.5, 1.09, 78.8, None),
         ("iFormer-M", 224, 8.9, 1.64, 80.42, 95.336,
          "Top-1/Top-5 from the README's evaluation output (Acc@1 80.420, Acc@5 95.336; table: 80.4)"),
         ("iFormer-L", 224, 14.7, 2.63, 81.9, None),
         ("iFormer-H", 224, 99.0, 15.5, 84.82, 97.058,
          "Top-1/Top-5 from the README's evaluation output (Acc@1 84.820, Acc@5 97.058; table: 84.8)")],
        "224 px: the README evaluates with --input_size 224 and exports *_224 Core ML models; "
        "iFormer-L2 is left out (trained with distillation)")
    + recent_rows(
        "OverLoCK", "2025-02-27", "2502.20087",
        "https://github.com/LMMMEng/OverLoCK (README, 'Main Results on ImageNet-1K with "
        "Pretrained Models'",
        "the README's 'FLOPs (G)' are multiply-adds: the abstract puts OverLoCK-T (5.5 G, 33 M) "
        "at about one-third of ConvNeXt-B's FLOPs and parameters, and ConvNeXt-B is 15.38 GMACs "
        "and 88.6 M in timm's benchmark",
        [("OverLoCK-XT", 224, 16, 2.6, 82.7, None),
         ("OverLoCK-T", 224, 33, 5.5, 84.2, None),
         ("OverLoCK-S", 224, 56, 9.7, 84.8, None),
         ("OverLoCK-B", 224, 95, 16.7, 85.1, None)],
        "params printed to the nearest million")
    + recent_rows(
        "LSNet", "2025-03-29", "2503.23135",
        "https://github.com/THU-MIG/lsnet (README, 'Classification on ImageNet-1K', Top-1 "
        "without distillation",
        "the README's 'FLOPs' are multiply-adds: scripts/datasets/lsnet_hand_count.py counts "
        + "/".join(f"{g:.2f}" for g, _ in LSNET_HAND_COUNT.values()) + " GMACs and "
        + "/".join(f"{p:.1f}" for _, p in LSNET_HAND_COUNT.values())
        + " M weights for T/S/B from the layer sizes in the repository's model/lsnet.py",
        LSNET_VARIANTS,
        "GMACs printed to one decimal; 224 px: img_size=224 in model/lsnet.py")
)


# ---------------------------------------------------------------------------------------------
# timm rows: (name, family, date, arXiv id, timm model.tag, image size[, notes]).
# ---------------------------------------------------------------------------------------------
TIMM_ROWS = [
    ("DPN-68", "DPN", "2017-07-06", "1707.01629", "dpn68.mx_in1k", 224),
    ("DPN-92", "DPN", "2017-07-06", "1707.01629", "dpn92.mx_in1k", 224),
    ("DPN-131", "DPN", "2017-07-06", "1707.01629", "dpn131.mx_in1k", 224),
    ("DLA-34", "DLA", "2017-07-20", "1707.06484", "dla34.in1k", 224),
    ("DLA-102", "DLA", "2017-07-20", "1707.06484", "dla102.in1k", 224),
    ("SE-ResNeXt-50 (32x4d)", "SENet", "2017-09-05", "1709.01507", "legacy_seresnext50_32x4d.in1k", 224),
    ("ResNet-50-D (Bag of Tricks)", "ResNet", "2018-12-04", "1812.01187", "resnet50d.gluon_in1k", 224),
    ("FBNet-C", "FBNet", "2018-12-09", "1812.03443", "fbnetc_100.rmsp_in1k", 224,
     "timm's own training of the FBNet-C architecture"),
    ("SKNet (SK-ResNeXt-50)", "SKNet", "2019-03-15", "1903.06586", "skresnext50_32x4d.ra_in1k", 224,
     "timm's own training of the architecture"),
    ("Res2Net-50 (26w4s)", "Res2Net", "2019-04-02", "1904.01169", "res2net50_26w_4s.in1k", 224),
    ("Single-Path NAS", "NAS", "2019-04-05", "1904.02877", "spnasnet_100.rmsp_in1k", 224,
     "timm's own training of the architecture"),
    ("ResNet-50 (SWSL)", "ResNet", "2019-05-02", "1905.00546", "resnet50.fb_swsl_ig1b_ft_in1k", 224,
     "semi-weakly supervised: ~1 B Instagram images, fine-tuned on ImageNet-1k"),
    ("ResNeXt-101 32x8d (SWSL)", "ResNeXt", "2019-05-02", "1905.00546", "resnext101_32x8d.fb_swsl_ig1b_ft_in1k", 224),
    ("MixNet-S", "MixNet", "2019-07-22", "1907.09595", "tf_mixnet_s.in1k", 224),
    ("MixNet-L", "MixNet", "2019-07-22", "1907.09595", "tf_mixnet_l.in1k", 224),
    ("HRNet-W18", "HRNet", "2019-08-20", "1908.07919", "hrnet_w18.ms_in1k", 224),
    ("HRNet-W48", "HRNet", "2019-08-20", "1908.07919", "hrnet_w48.ms_in1k", 224),
    ("EfficientNet-B0 (Noisy Student)", "EfficientNet", "2019-11-11", "1911.04252", "tf_efficientnet_b0.ns_jft_in1k", 224),
    ("EfficientNet-B3 (Noisy Student)", "EfficientNet", "2019-11-11", "1911.04252", "tf_efficientnet_b3.ns_jft_in1k", 300),
    ("EfficientNet-B5 (Noisy Student)", "EfficientNet", "2019-11-11", "1911.04252", "tf_efficientnet_b5.ns_jft_in1k", 456),
    ("EfficientNet-B7 (Noisy Student)", "EfficientNet", "2019-11-11", "1911.04252", "tf_efficientnet_b7.ns_jft_in1k", 600),
    ("EfficientNet-L2 (Noisy Student)", "EfficientNet", "2019-11-11", "1911.04252", "tf_efficientnet_l2.ns_jft_in1k", 800,
     "unlabelled JFT-300M images pseudo-labelled by a teacher"),
    ("EfficientNet-B8 (AdvProp)", "EfficientNet", "2019-11-21", "1911.09665", "tf_efficientnet_b8.ap_in1k", 672),
    ("GhostNet 1.0x", "GhostNet", "2019-11-27", "1911.11907", "ghostnet_100.in1k", 224),
    ("CSPResNeXt-50", "CSPNet", "2019-11-27", "1911.11929", "cspresnext50.ra_in1k", 256,
     "timm's own training of the architecture"),
    ("BiT-M R50x1", "BiT", "2019-12-24", "1912.11370", "resnetv2_50x1_bit.goog_in21k_ft_in1k", 448),
    ("BiT-M R152x2", "BiT", "2019-12-24", "1912.11370", "resnetv2_152x2_bit.goog_in21k_ft_in1k", 448),
    ("BiT-M R152x4", "BiT", "2019-12-24", "1912.11370", "resnetv2_152x4_bit.goog_in21k_ft_in1k", 480),
    ("TResNet-M", "TResNet", "2020-03-30", "2003.13630", "tresnet_m.miil_in1k", 224),
    ("RegNetX-200MF", "RegNet", "2020-03-30", "2003.13678", "regnetx_002.pycls_in1k", 224),
    ("RegNetX-3.2GF", "RegNet", "2020-03-30", "2003.13678", "regnetx_032.pycls_in1k", 224),
    ("RegNetY-4.0GF", "RegNet", "2020-03-30", "2003.13678", "regnety_040.pycls_in1k", 224),
    ("RegNetY-16GF", "RegNet", "2020-03-30", "2003.13678", "regnety_160.pycls_in1k", 224),
    ("RegNetY-32GF", "RegNet", "2020-03-30", "2003.13678", "regnety_320.pycls_in1k", 224),
    ("ResNeSt-50", "ResNeSt", "2020-04-19", "2004.08955", "resnest50d.in1k", 224),
    ("ResNeSt-269", "ResNeSt", "2020-04-19", "2004.08955", "resnest269e.in1k", 416),
    ("ReXNet 1.0x", "ReXNet", "2020-07-02", "2007.00992", "rexnet_100.nav_in1k", 224),
    ("ReXNet 2.0x", "ReXNet", "2020-07-02", "2007.00992", "rexnet_200.nav_in1k", 224),
    ("ViT-B/16", "ViT", "2020-10-22", "2010.11929", "vit_base_patch16_224.orig_in21k_ft_in1k", 224,
     "the paper's ImageNet-21k weights evaluated by timm at 224"),
    ("ViT-B/16 (384)", "ViT", "2020-10-22", "2010.11929", "vit_base_patch16_384.orig_in21k_ft_in1k", 384),
    ("TinyNet-A", "TinyNet", "2020-10-28", "2010.14819", "tinynet_a.in1k", 192),
    ("DeiT-Ti", "DeiT", "2020-12-23", "2012.12877", "deit_tiny_patch16_224.fb_in1k", 224),
    ("DeiT-S", "DeiT", "2020-12-23", "2012.12877", "deit_small_patch16_224.fb_in1k", 224),
    ("DeiT-B", "DeiT", "2020-12-23", "2012.12877", "deit_base_patch16_224.fb_in1k", 224),
    ("DeiT-B distilled (384)", "DeiT", "2020-12-23", "2012.12877", "deit_base_distilled_patch16_384.fb_in1k", 384,
     "distilled from a RegNetY-16GF teacher trained on ImageNet-1k only"),
    ("RepVGG-A2", "RepVGG", "2021-01-11", "2101.03697", "repvgg_a2.rvgg_in1k", 224),
    ("RepVGG-B3", "RepVGG", "2021-01-11", "2101.03697", "repvgg_b3.rvgg_in1k", 224),
    ("NFNet-F0", "NFNet", "2021-02-11", "2102.06171", "dm_nfnet_f0.dm_in1k", 256),
    ("NFNet-F3", "NFNet", "2021-02-11", "2102.06171", "dm_nfnet_f3.dm_in1k", 416),
    ("NFNet-F6", "NFNet", "2021-02-11", "2102.06171", "dm_nfnet_f6.dm_in1k", 576),
    ("TNT-S", "TNT", "2021-02-27", "2103.00112", "tnt_s_patch16_224.in1k", 224),
    ("RegNetY-128GF (SEER)", "RegNet", "2021-03-02", "2103.01988", "regnety_1280.seer_ft_in1k", 384,
     "self-supervised on ~1 B random public Instagram images, fine-tuned on ImageNet-1k"),
    ("ResNet-RS-50", "ResNet", "2021-03-13", "2103.07579", "resnetrs50.tf_in1k", 224),
    ("ResNet-RS-420", "ResNet", "2021-03-13", "2103.07579", "resnetrs420.tf_in1k", 416),
    ("ConViT-B", "ConViT", "2021-03-19", "2103.10697", "convit_base.fb_in1k", 224),
    ("Swin-T", "Swin", "2021-03-25", "2103.14030", "swin_tiny_patch4_window7_224.ms_in1k", 224),
    ("Swin-S", "Swin", "2021-03-25", "2103.14030", "swin_small_patch4_window7_224.ms_in1k", 224),
    ("Swin-B", "Swin", "2021-03-25", "2103.14030", "swin_base_patch4_window7_224.ms_in1k", 224),
    ("Swin-B (ImageNet-22k, 384)", "Swin", "2021-03-25", "2103.14030", "swin_base_patch4_window12_384.ms_in22k_ft_in1k", 384),
    ("Swin-L (ImageNet-22k, 384)", "Swin", "2021-03-25", "2103.14030", "swin_large_patch4_window12_384.ms_in22k_ft_in1k", 384),
    ("CrossViT-15-dagger", "CrossViT", "2021-03-27", "2103.14899", "crossvit_15_dagger_240.in1k", 240),
    ("CrossViT-18-dagger (408)", "CrossViT", "2021-03-27", "2103.14899", "crossvit_18_dagger_408.in1k", 408),
    ("PiT-B", "PiT", "2021-03-30", "2103.16302", "pit_b_224.in1k", 224),
    ("CaiT-S24", "CaiT", "2021-03-31", "2103.17239", "cait_s24_224.fb_dist_in1k", 224),
    ("CaiT-M48 (448)", "CaiT", "2021-03-31", "2103.17239", "cait_m48_448.fb_dist_in1k", 448),
    ("EfficientNetV2-S", "EfficientNetV2", "2021-04-01", "2104.00298", "tf_efficientnetv2_s.in1k", 384),
    ("EfficientNetV2-M", "EfficientNetV2", "2021-04-01", "2104.00298", "tf_efficientnetv2_m.in1k", 480),
    ("EfficientNetV2-L", "EfficientNetV2", "2021-04-01", "2104.00298", "tf_efficientnetv2_l.in1k", 480),
    ("EfficientNetV2-L (ImageNet-21k)", "EfficientNetV2", "2021-04-01", "2104.00298", "tf_efficientnetv2_l.in21k_ft_in1k", 480),
    ("EfficientNetV2-XL (ImageNet-21k)", "EfficientNetV2", "2021-04-01", "2104.00298", "tf_efficientnetv2_xl.in21k_ft_in1k", 512),
    ("LeViT-128S", "LeViT", "2021-04-02", "2104.01136", "levit_128s.fb_dist_in1k", 224),
    ("LeViT-256", "LeViT", "2021-04-02", "2104.01136", "levit_256.fb_dist_in1k", 224),
    ("LeViT-384", "LeViT", "2021-04-02", "2104.01136", "levit_384.fb_dist_in1k", 224),
    ("CoaT-Lite Small", "CoaT", "2021-04-13", "2104.06399", "coat_lite_small.in1k", 224),
    ("Visformer-S", "Visformer", "2021-04-26", "2104.12533", "visformer_small.in1k", 224),
    ("Twins-SVT-B", "Twins", "2021-04-28", "2104.13840", "twins_svt_base.in1k", 224),
    ("Mixer-B/16", "MLP-Mixer", "2021-05-04", "2105.01601", "mixer_b16_224.goog_in21k_ft_in1k", 224),
    ("Mixer-L/16", "MLP-Mixer", "2021-05-04", "2105.01601", "mixer_l16_224.goog_in21k_ft_in1k", 224),
    ("ResMLP-24", "ResMLP", "2021-05-07", "2105.03404", "resmlp_24_224.fb_in1k", 224),
    ("ResMLP-B24 (ImageNet-22k)", "ResMLP", "2021-05-07", "2105.03404", "resmlp_big_24_224.fb_in22k_ft_in1k", 224),
    ("NesT-B", "NesT", "2021-05-26", "2105.12723", "nest_base_jx.goog_in1k", 224),
    ("CoAtNet-0 (timm rw)", "CoAtNet", "2021-06-09", "2106.04803", "coatnet_0_rw_224.sw_in1k", 224,
     "timm's variant and training of CoAtNet-0"),
    ("CoAtNet-2 (timm rw, ImageNet-12k)", "CoAtNet", "2021-06-09", "2106.04803", "coatnet_2_rw_224.sw_in12k_ft_in1k", 224,
     "timm's variant and training of CoAtNet-2"),
    ("BEiT-B", "BEiT", "2021-06-15", "2106.08254", "beit_base_patch16_224.in22k_ft_in22k_in1k", 224),
    ("BEiT-L (512)", "BEiT", "2021-06-15", "2106.08254", "beit_large_patch16_512.in22k_ft_in22k_in1k", 512),
    ("XCiT-S12/16", "XCiT", "2021-06-17", "2106.09681", "xcit_small_12_p16_224.fb_in1k", 224),
    ("XCiT-L24/8 (384)", "XCiT", "2021-06-17", "2106.09681", "xcit_large_24_p8_384.fb_dist_in1k", 384),
    ("ViT-Ti/16 (AugReg)", "ViT", "2021-06-18", "2106.10270", "vit_tiny_patch16_224.augreg_in21k_ft_in1k", 224),
    ("ViT-S/16 (AugReg)", "ViT", "2021-06-18", "2106.10270", "vit_small_patch16_224.augreg_in21k_ft_in1k", 224),
    ("ViT-B/32 (AugReg)", "ViT", "2021-06-18", "2106.10270", "vit_base_patch32_224.augreg_in21k_ft_in1k", 224),
    ("ViT-L/16 (AugReg, 384)", "ViT", "2021-06-18", "2106.10270", "vit_large_patch16_384.augreg_in21k_ft_in1k", 384),
    ("VOLO-D1", "VOLO", "2021-06-24", "2106.13112", "volo_d1_224.sail_in1k", 224),
    ("VOLO-D5 (512)", "VOLO", "2021-06-24", "2106.13112", "volo_d5_512.sail_in1k", 512),
    ("PVTv2-B0", "PVT", "2021-06-25", "2106.13797", "pvt_v2_b0.in1k", 224),
    ("PVTv2-B2", "PVT", "2021-06-25", "2106.13797", "pvt_v2_b2.in1k", 224),
    ("PVTv2-B5", "PVT", "2021-06-25", "2106.13797", "pvt_v2_b5.in1k", 224),
    ("PP-LCNet 1.0x", "LCNet", "2021-09-17", "2109.15099", "lcnet_100.ra2_in1k", 224,
     "timm's own training of the architecture"),
    ("ResNet-50 (RSB A1)", "ResNet", "2021-10-01", "2110.00476", "resnet50.a1_in1k", 224,
     "torchvision/timm resnet50 layout ('v1.5'); GMACs counted on torchvision resnet50"),
    ("MobileViT-XXS", "MobileViT", "2021-10-05", "2110.02178", "mobilevit_xxs.cvnets_in1k", 256),
    ("MobileViT-S", "MobileViT", "2021-10-05", "2110.02178", "mobilevit_s.cvnets_in1k", 256),
    ("Swin V2-B", "Swin", "2021-11-18", "2111.09883", "swinv2_base_window16_256.ms_in1k", 256),
    ("Swin V2-L (ImageNet-22k, 384)", "Swin", "2021-11-18", "2111.09883", "swinv2_large_window12to24_192to384.ms_in22k_ft_in1k", 384),
    ("PoolFormer-S12", "MetaFormer", "2021-11-22", "2111.11418", "poolformer_s12.sail_in1k", 224),
    ("PoolFormer-M48", "MetaFormer", "2021-11-22", "2111.11418", "poolformer_m48.sail_in1k", 224),
    ("MViTv2-B", "MViT", "2021-12-02", "2112.01526", "mvitv2_base.fb_in1k", 224),
    ("MViTv2-L", "MViT", "2021-12-02", "2112.01526", "mvitv2_large.fb_in1k", 224),
    ("ConvNeXt-T", "ConvNeXt", "2022-01-10", "2201.03545", "convnext_tiny.fb_in1k", 224,
     "= torchvision convnext_tiny; GMACs counted on it"),
    ("ConvNeXt-S", "ConvNeXt", "2022-01-10", "2201.03545", "convnext_small.fb_in1k", 224),
    ("ConvNeXt-B", "ConvNeXt", "2022-01-10", "2201.03545", "convnext_base.fb_in1k", 224),
    ("ConvNeXt-L", "ConvNeXt", "2022-01-10", "2201.03545", "convnext_large.fb_in1k", 224),
    ("ConvNeXt-XL (ImageNet-22k, 384)", "ConvNeXt", "2022-01-10", "2201.03545", "convnext_xlarge.fb_in22k_ft_in1k_384", 384),
    ("RegNetY-128GF (SWAG)", "RegNet", "2022-01-20", "2201.08371", "regnety_1280.swag_ft_in1k", 384,
     "weakly supervised on 3.6 B Instagram images (IG-3.6B), fine-tuned on ImageNet-1k"),
    ("FocalNet-B (LRF)", "FocalNet", "2022-03-22", "2203.11926", "focalnet_base_lrf.ms_in1k", 224),
    ("MaxViT-T", "MaxViT", "2022-04-04", "2204.01697", "maxvit_tiny_tf_224.in1k", 224),
    ("MaxViT-B (384)", "MaxViT", "2022-04-04", "2204.01697", "maxvit_base_tf_384.in1k", 384),
    ("MaxViT-XL (ImageNet-21k, 512)", "MaxViT", "2022-04-04", "2204.01697", "maxvit_xlarge_tf_512.in21k_ft_in1k", 512),
    ("DaViT-B", "DaViT", "2022-04-07", "2204.03645", "davit_base.msft_in1k", 224),
    ("DeiT III-B", "DeiT", "2022-04-14", "2204.07118", "deit3_base_patch16_224.fb_in1k", 224),
    ("DeiT III-H (ImageNet-22k)", "DeiT", "2022-04-14", "2204.07118", "deit3_huge_patch14_224.fb_in22k_ft_in1k", 224),
    ("Sequencer2D-L", "Sequencer", "2022-05-04", "2205.01972", "sequencer2d_l.in1k", 224),
    ("EfficientViT-B1", "EfficientViT", "2022-05-29", "2205.14756", "efficientvit_b1.r224_in1k", 224),
    ("EfficientViT-B3", "EfficientViT", "2022-05-29", "2205.14756", "efficientvit_b3.r224_in1k", 224),
    ("EfficientFormer-L1", "EfficientFormer", "2022-06-02", "2206.01191", "efficientformer_l1.snap_dist_in1k", 224),
    ("EfficientFormer-L7", "EfficientFormer", "2022-06-02", "2206.01191", "efficientformer_l7.snap_dist_in1k", 224),
    ("MobileOne-S0", "MobileOne", "2022-06-08", "2206.04040", "mobileone_s0.apple_in1k", 224),
    ("MobileOne-S4", "MobileOne", "2022-06-08", "2206.04040", "mobileone_s4.apple_in1k", 224),
    ("GC ViT-B", "GCViT", "2022-06-20", "2206.09959", "gcvit_base.in1k", 224),
    ("EdgeNeXt-S", "EdgeNeXt", "2022-06-21", "2206.10589", "edgenext_small.usi_in1k", 256),
    ("Next-ViT-B", "NextViT", "2022-07-12", "2207.05501", "nextvit_base.bd_in1k", 224),
    ("TinyViT-5M", "TinyViT", "2022-07-21", "2207.10666", "tiny_vit_5m_224.in1k", 224),
    ("TinyViT-21M (ImageNet-22k distilled, 512)", "TinyViT", "2022-07-21", "2207.10666", "tiny_vit_21m_512.dist_in22k_ft_in1k", 512),
    ("BEiT v2-L", "BEiT", "2022-08-12", "2208.06366", "beitv2_large_patch16_224.in1k_ft_in22k_in1k", 224,
     "self-supervised on ImageNet-1k, then supervised on ImageNet-21k and ImageNet-1k"),
    ("ConvFormer-S18", "MetaFormer", "2022-10-24", "2210.13452", "convformer_s18.sail_in1k", 224),
    ("CAFormer-B36 (ImageNet-21k, 384)", "MetaFormer", "2022-10-24", "2210.13452", "caformer_b36.sail_in22k_ft_in1k_384", 384),
    ("EVA (giant, 560)", "EVA", "2022-11-14", "2211.07636", "eva_giant_patch14_560.m30m_ft_in22k_in1k", 560),
    ("GhostNetV2 1.0x", "GhostNet", "2022-11-23", "2211.12905", "ghostnetv2_100.in1k", 224),
    ("ViT-H/14 CLIP (LAION-2B, 336)", "ViT", "2022-12-14", "2212.07143", "vit_huge_patch14_clip_336.laion2b_ft_in12k_in1k", 336,
     "OpenCLIP image tower pre-trained on LAION-2B, fine-tuned by timm on ImageNet-12k then ImageNet-1k"),
    ("ConvNeXt-XXL CLIP (LAION-2B)", "ConvNeXt", "2022-12-14", "2212.07143", "convnext_xxlarge.clip_laion2b_soup_ft_in1k", 256,
     "OpenCLIP image tower pre-trained on LAION-2B, fine-tuned on ImageNet-1k"),
    ("EfficientFormerV2-L", "EfficientFormer", "2022-12-15", "2212.08059", "efficientformerv2_l.snap_dist_in1k", 224),
    ("FlexiViT-L", "ViT", "2022-12-15", "2212.08013", "flexivit_large.1200ep_in1k", 240),
    ("ConvNeXt V2-A", "ConvNeXt", "2023-01-02", "2301.00808", "convnextv2_atto.fcmae_ft_in1k", 224),
    ("ConvNeXt V2-B", "ConvNeXt", "2023-01-02", "2301.00808", "convnextv2_base.fcmae_ft_in1k", 224),
    ("ConvNeXt V2-H (ImageNet-22k, 512)", "ConvNeXt", "2023-01-02", "2301.00808", "convnextv2_huge.fcmae_ft_in22k_in1k_512", 512),
    ("FasterNet-T0", "FasterNet", "2023-03-07", "2303.03667", "fasternet_t0.in1k", 224),
    ("FasterNet-L", "FasterNet", "2023-03-07", "2303.03667", "fasternet_l.in1k", 224),
    ("EVA-02-Ti (336)", "EVA", "2023-03-20", "2303.11331", "eva02_tiny_patch14_336.mim_in22k_ft_in1k", 336),
    ("EVA-02-S (336)", "EVA", "2023-03-20", "2303.11331", "eva02_small_patch14_336.mim_in22k_ft_in1k", 336),
    ("EVA-02-B (448)", "EVA", "2023-03-20", "2303.11331", "eva02_base_patch14_448.mim_in22k_ft_in22k_in1k", 448),
    ("EVA-02-L (448)", "EVA", "2023-03-20", "2303.11331", "eva02_large_patch14_448.mim_m38m_ft_in22k_in1k", 448,
     "masked-image-modelling on Merged-38M, fine-tuned on ImageNet-21k then ImageNet-1k"),
    ("FastViT-T8", "FastViT", "2023-03-24", "2303.14189", "fastvit_t8.apple_in1k", 256),
    ("FastViT-MA36", "FastViT", "2023-03-24", "2303.14189", "fastvit_ma36.apple_in1k", 256),
    ("InceptionNeXt-B", "InceptionNeXt", "2023-03-29", "2303.16900", "inception_next_base.sail_in1k", 224),
    ("EfficientViT-M5", "EfficientViT", "2023-05-11", "2305.07027", "efficientvit_m5.r224_in1k", 224),
    ("SigLIP SoViT-400m/14 (378)", "ViT", "2023-05-22", "2305.13035", "vit_so400m_patch14_siglip_378.webli_ft_in1k", 378,
     "SigLIP image tower (WebLI) of the shape-optimised SoViT-400m, fine-tuned on ImageNet-1k"),
    ("Hiera-T", "Hiera", "2023-06-01", "2306.00989", "hiera_tiny_224.mae_in1k_ft_in1k", 224),
    ("Hiera-H", "Hiera", "2023-06-01", "2306.00989", "hiera_huge_224.mae_in1k_ft_in1k", 224),
    ("RepViT-M0.9", "RepViT", "2023-07-18", "2307.09283", "repvit_m0_9.dist_450e_in1k", 224),
    ("RepViT-M2.3", "RepViT", "2023-07-18", "2307.09283", "repvit_m2_3.dist_450e_in1k", 224),
    ("SHViT-S4", "SHViT", "2024-01-29", "2401.16456", "shvit_s4.in1k", 256),
    ("ViT-L/16 RoPE", "ViT", "2024-03-20", "2403.13298", "vit_large_patch16_rope_224.naver_in1k", 224),
    ("RDNet-B", "RDNet", "2024-03-28", "2403.19588", "rdnet_base.nv_in1k", 224),
    ("StarNet-S4", "StarNet", "2024-03-29", "2403.19967", "starnet_s4.in1k", 224),
    ("MobileNetV4-Conv-S", "MobileNet", "2024-04-16", "2404.10518", "mobilenetv4_conv_small.e2400_r224_in1k", 224),
    ("MobileNetV4-Conv-M", "MobileNet", "2024-04-16", "2404.10518", "mobilenetv4_conv_medium.e500_r224_in1k", 224),
    ("MobileNetV4-Hybrid-L", "MobileNet", "2024-04-16", "2404.10518", "mobilenetv4_hybrid_large.e600_r384_in1k", 384),
    ("GhostNetV3 1.0x", "GhostNet", "2024-04-17", "2404.11202", "ghostnetv3_100.in1k", 224),
    ("MambaOut-Femto", "MambaOut", "2024-05-13", "2405.07992", "mambaout_femto.in1k", 224),
    ("MambaOut-B", "MambaOut", "2024-05-13", "2405.07992", "mambaout_base.in1k", 224),
]

# Families whose inference network is a re-parameterised (branch-fused) form of the trained one.
REPARAMETERISED = {"RepVGG", "MobileOne", "FastViT", "RepViT", "GhostNet"}

# timm rows whose GMACs come from count_macs.py on a torchvision builder (same architecture).
TIMM_ROWS_COUNTED = {
    "ResNet-50 (RSB A1)": ("torchvision:resnet50", "resnet50"),
    "ViT-B/16": ("torchvision:vit_b_16", "vit_b_16"),
    "ConvNeXt-T": ("torchvision:convnext_tiny", "convnext_tiny"),
}

# Rows that are torchvision's own weights (metrics from torchvision's documentation).
TORCHVISION_ROWS = [
    dict(name="AlexNet (one weird trick)", family="AlexNet", date="2014-04-23",
         src=arxiv("1404.5997"), res=224, top1=56.522, top5=79.066, eval="single-crop",
         msrc=TORCHVISION_DOCS + " (AlexNet_Weights.IMAGENET1K_V1: acc@1 56.522, acc@5 79.066)",
         count="torchvision:alexnet", torchvision="alexnet", metrics_from="torchvision",
         notes="torchvision's single-tower AlexNet follows Krizhevsky 2014 ('one weird trick'), not the grouped 2012 net; GMACs counted on it"),
]

# timm pretraining tags -> extra_data vocabulary (README.models.md). The first match wins, so
# the pre-training data set is named, not the intermediate fine-tuning one.
EXTRA_DATA_BY_TAG = [
    ("ns_jft", "jft-300m"),
    ("ig1b", "ig-1b"),
    ("seer", "ig-1b"),
    ("swag", "ig-3.6b"),
    ("yfcc100m", "yfcc-100m"),
    ("laion2b", "laion-2b"),
    ("openai", "openai-wit-400m"),
    ("webli", "webli-10b"),
    ("m38m", "merged-38m"),
    ("m30m", "merged-30m"),
    ("in21k", "imagenet-21k"),
    ("in22k", "imagenet-21k"),
    ("in12k", "imagenet-12k"),
]


def extra_data_of(tag):
    for key, value in EXTRA_DATA_BY_TAG:
        if key in tag:
            return value
    return "none"


def number(text):
    return float(text.replace(",", ""))


def load_timm(timm_dir):
    results = {}
    with open(timm_dir / "results-imagenet.csv", newline="") as f:
        for r in csv.DictReader(f):
            results[(r["model"], int(r["img_size"]))] = r
    bench = {}
    with open(timm_dir / "benchmark-infer-amp-nchw-pt291-cu128-4090.csv", newline="") as f:
        for r in csv.DictReader(f):
            bench[(r["model"], int(r["infer_img_size"]))] = r
    return results, bench


def load_counts(path):
    with open(path, newline="") as f:
        return {r["key"]: r for r in csv.DictReader(f)}


def fmt(x, digits):
    if x is None:
        return ""
    return f"{x:.{digits}f}".rstrip("0").rstrip(".")


def timm_sources(tag, arch, size, gmacs_from):
    parts = [f"{TIMM_REPO} (results-imagenet.csv: {tag} at {size} px"]
    if gmacs_from == "timm":
        parts[0] += f"; benchmark-infer-amp-nchw-pt291-cu128-4090.csv: {arch} at {size} px)"
    else:
        parts[0] += ")"
    return parts


def row_dict(**kw):
    return kw


def build_paper_row(spec, bench, counts):
    res = spec["res"]
    gmacs_from, params, gmacs = None, spec.get("params"), spec.get("gmacs")
    msrc = [spec["msrc"]]
    if "count" in spec:
        c = counts[spec["count"]]
        if int(c["resolution"]) != res:
            sys.exit(f"{spec['name']}: counted at {c['resolution']} px, row says {res}")
        params, gmacs, gmacs_from = float(c["params_m"]), float(c["gmacs"]), "count"
        msrc.append(f"scripts/datasets/count_macs.py ({spec['count']} at {res} px)")
    elif "arch" in spec:
        b = bench.get((spec["arch"], res))
        if b is None:
            sys.exit(f"{spec['name']}: no timm benchmark of {spec['arch']} at {res} px")
        params, gmacs, gmacs_from = number(b["param_count"]), number(b["infer_gmacs"]), "timm"
        msrc.append(f"{TIMM_REPO} (benchmark-infer-amp-nchw-pt291-cu128-4090.csv: {spec['arch']} at {res} px)")
    else:
        gmacs_from = "paper"
    if params is None or gmacs is None:
        sys.exit(f"{spec['name']}: no params/GMACs")
    return row_dict(
        name=spec["name"], family=spec["family"], date=spec["date"], params_m=params, gmacs=gmacs,
        paper_gflops=spec.get("paper_gflops"), resolution=res, top1=spec["top1"], top5=spec["top5"],
        eval=spec["eval"], extra_data=spec.get("extra", "none"),
        metrics_from=spec.get("metrics_from", "paper"), gmacs_from=gmacs_from,
        torchvision=spec.get("torchvision", ""), source_date=spec["src"], source_metrics=msrc,
        notes=spec.get("notes", ""))


def build_timm_row(entry, results, bench, counts):
    name, family, date, arxiv_id, tag, size, *rest = entry
    notes = rest[0] if rest else ""
    arch = tag.split(".")[0]
    r = results.get((tag, size))
    if r is None:
        sys.exit(f"{name}: {tag} at {size} px is not in results-imagenet.csv")
    params = number(r["param_count"])
    torchvision = ""
    if name in TIMM_ROWS_COUNTED:
        key, torchvision = TIMM_ROWS_COUNTED[name]
        c = counts[key]
        gmacs, gmacs_from = float(c["gmacs"]), "count"
        if abs(float(c["params_m"]) - params) > 0.011:
            sys.exit(f"{name}: torchvision params {c['params_m']} != timm {params}")
    else:
        b = bench.get((arch, size))
        if b is None:
            sys.exit(f"{name}: no benchmark of {arch} at {size} px")
        bench_params = number(b["param_count"])
        if family in REPARAMETERISED and abs(bench_params - params) > 0.011:
            # These nets fuse their training-time branches for inference: the benchmark
            # measured the fused net, so its parameter count is the one that goes with its GMACs.
            notes = "; ".join(filter(None, [notes, (
                f"params: inference-time (re-parameterised) count of timm's benchmark; "
                f"{params:g} M as trained")]))
            params = bench_params
        elif abs(bench_params - params) > 0.011:
            # Other differences are the benchmark's classifier head or fused norms; the
            # evaluated checkpoint's count is kept and the difference stated.
            notes = "; ".join(filter(None, [notes, (
                f"timm's benchmark counted {bench_params:g} M params for this architecture "
                f"(different head or fused norms); GMACs from it")]))
        gmacs, gmacs_from = number(b["infer_gmacs"]), "timm"
    msrc = timm_sources(tag, arch, size, gmacs_from)
    if gmacs_from == "count":
        msrc.append(f"scripts/datasets/count_macs.py ({TIMM_ROWS_COUNTED[name][0]} at {size} px)")
    return row_dict(
        name=name, family=family, date=date, params_m=params, gmacs=gmacs, paper_gflops=None,
        resolution=size, top1=number(r["top1"]), top5=number(r["top5"]), eval="single-crop",
        extra_data=extra_data_of(tag), metrics_from="timm", gmacs_from=gmacs_from,
        torchvision=torchvision, source_date=arxiv(arxiv_id), source_metrics=msrc, notes=notes)


COLUMNS = ["name", "family", "date", "params_m", "gmacs", "gflops", "paper_gflops", "resolution",
           "top1", "top5", "eval", "extra_data", "metrics_from", "gmacs_from", "torchvision",
           "source_date", "source_metrics", "notes"]


def write_rows(rows, out):
    rows.sort(key=lambda r: (r["date"], r["name"]))
    with open(out, "w", newline="") as f:
        f.write("# ImageNet-1k classifiers, 2012-2025: one row per published model. Columns, units and\n")
        f.write("# conventions: data/README.md (models-imagenet.csv). Generated by\n")
        f.write("# scripts/datasets/build_imagenet.py from papers and timm's results (Apache-2.0).\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            digits = 3 if r["gmacs_from"] == "count" or r["gmacs"] < 1 else 2
            gflops = 2 * r["gmacs"]
            w.writerow([
                r["name"], r["family"], r["date"], fmt(r["params_m"], 2), fmt(r["gmacs"], digits),
                fmt(gflops, digits), fmt(r["paper_gflops"], 3), r["resolution"], fmt(r["top1"], 3),
                fmt(r["top5"], 3), r["eval"], r["extra_data"], r["metrics_from"], r["gmacs_from"],
                r["torchvision"], r["source_date"], "; ".join(r["source_metrics"]), r["notes"]])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--timm", type=pathlib.Path, default=pathlib.Path("/work/shared/data/timm"))
    p.add_argument("--counts", type=pathlib.Path, default=HERE / "counted-macs.csv")
    p.add_argument("--out", type=pathlib.Path, default=ROOT / "data" / "models-imagenet.csv")
    args = p.parse_args()
    check_lsnet_printed_macs()
    results, bench = load_timm(args.timm)
    counts = load_counts(args.counts)
    rows = [build_paper_row(s, bench, counts)
            for s in PAPER_ROWS + RECENT_PAPER_ROWS + TORCHVISION_ROWS]
    rows += [build_timm_row(e, results, bench, counts) for e in TIMM_ROWS]
    names = [r["name"] for r in rows]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        sys.exit(f"duplicate names: {sorted(dupes)}")
    for r in rows:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"]):
            sys.exit(f"{r['name']}: bad date {r['date']}")
    write_rows(rows, args.out)
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
