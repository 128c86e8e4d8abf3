#!/usr/bin/python3
"""Rebuilds data/hardware.csv with scripts/hardware/build_hardware_csv.py from its inputs (Epoch
AI's ML hardware table and scripts/hardware/handmade.csv) into a temporary file and fails when it
differs from the shipped file, so the catalogue cannot drift from the script that documents how
each row was made.

Exit status: 0 identical, 1 different, 77 skipped (the Epoch AI snapshot is missing).
Run: /usr/bin/python3 tests/integration/hardware_csv_regenerates.py [EPOCH_CSV]
"""

import difflib
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "scripts" / "hardware" / "build_hardware_csv.py"
SHIPPED = ROOT / "data" / "hardware.csv"
EPOCH = pathlib.Path("/work/shared/data/epoch/ml_hardware.csv")
SKIP = 77


def main():
    epoch = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else EPOCH
    if not epoch.exists():
        print(f"skipped: the Epoch AI input {epoch} is missing")
        return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "hardware.csv"
        subprocess.run([sys.executable, str(SCRIPT), str(epoch), str(out)], check=True,
                       stdout=subprocess.DEVNULL)
        built = out.read_text().splitlines(keepends=True)
    shipped = SHIPPED.read_text().splitlines(keepends=True)
    if built == shipped:
        print(f"{SHIPPED.relative_to(ROOT)} equals what {SCRIPT.relative_to(ROOT)} builds")
        return 0
    sys.stdout.writelines(difflib.unified_diff(shipped, built, str(SHIPPED), "rebuilt", n=0))
    print(f"{SHIPPED.relative_to(ROOT)} differs from what {SCRIPT.relative_to(ROOT)} builds: "
          "run the script (see its header) and commit both")
    return 1


if __name__ == "__main__":
    sys.exit(main())
