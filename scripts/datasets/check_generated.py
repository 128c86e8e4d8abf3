#!/usr/bin/python3
"""Regenerates the model datasets into a temporary directory and fails when they differ from
the shipped files, so data/ never drifts from the scripts that document its derivation.

Exit status: 0 identical, 1 different, 77 skipped (torch or the timm snapshot is missing).
Run: /usr/bin/python3 scripts/datasets/check_generated.py [--timm DIR]
"""

import argparse
import difflib
import importlib.util
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SKIP = 77


def run(*args):
    subprocess.run([sys.executable, *map(str, args)], check=True, stderr=subprocess.DEVNULL)


def same(generated, shipped):
    a = generated.read_text().splitlines(keepends=True)
    b = shipped.read_text().splitlines(keepends=True)
    if a == b:
        return True
    sys.stdout.writelines(difflib.unified_diff(b, a, str(shipped), "regenerated", n=0))
    return False


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--timm", type=pathlib.Path, default=pathlib.Path("/work/shared/data/timm"))
    args = p.parse_args()
    if importlib.util.find_spec("torchvision") is None:
        print("skipped: torchvision is not installed for", sys.executable)
        return SKIP
    if not (args.timm / "results-imagenet.csv").exists():
        print("skipped: no timm snapshot in", args.timm)
        return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        run(HERE / "count_macs.py", "--out", tmp / "counted-macs.csv")
        run(HERE / "build_imagenet.py", "--timm", args.timm, "--counts", tmp / "counted-macs.csv",
            "--out", tmp / "models-imagenet.csv")
        run(HERE / "build_glue.py", "--out", tmp / "models-glue.csv")
        ok = all([same(tmp / "counted-macs.csv", HERE / "counted-macs.csv"),
                  same(tmp / "models-imagenet.csv", ROOT / "data" / "models-imagenet.csv"),
                  same(tmp / "models-glue.csv", ROOT / "data" / "models-glue.csv")])
    print("generated files match" if ok else "generated files differ from data/")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
