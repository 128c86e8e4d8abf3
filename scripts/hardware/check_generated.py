#!/usr/bin/python3
"""Rebuilds data/hardware.csv into a temporary file and fails when it differs from the shipped
one, so the catalogue never drifts from the scripts and tables that document its derivation.

Exit status: 0 identical, 1 different, 77 skipped (the Epoch AI snapshot is missing).
Run: /usr/bin/python3 scripts/hardware/check_generated.py
"""

import difflib
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EPOCH = pathlib.Path("/work/shared/data/epoch/ml_hardware.csv")
SKIP = 77


def main():
    if not EPOCH.exists():
        print("skipped: no Epoch AI snapshot at", EPOCH)
        return SKIP
    shipped = ROOT / "data" / "hardware.csv"
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "hardware.csv"
        subprocess.run([sys.executable, str(HERE / "build_hardware_csv.py"), str(EPOCH), str(out)],
                       check=True, stdout=subprocess.DEVNULL)
        a = out.read_text().splitlines(keepends=True)
    b = shipped.read_text().splitlines(keepends=True)
    if a == b:
        return 0
    sys.stdout.writelines(difflib.unified_diff(b, a, str(shipped), "regenerated", n=0))
    print("data/hardware.csv is stale: run /usr/bin/python3 scripts/hardware/build_hardware_csv.py")
    return 1


if __name__ == "__main__":
    sys.exit(main())
