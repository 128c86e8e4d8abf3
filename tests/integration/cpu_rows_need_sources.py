#!/usr/bin/python3
"""The CPU family tables must name each product's own source: a row with an empty `sources`
cell, or a `checked` value outside the vocabulary, stops scripts/hardware/families.py with a line
naming the table and the row (instead of falling back to a search page, as it once did).

Exit status: 0 both refusals seen, 1 otherwise.
Run: /usr/bin/python3 tests/integration/cpu_rows_need_sources.py
"""

import csv
import pathlib
import shutil
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "hardware"))
import build_hardware_csv  # noqa: E402  (COLUMNS)
import families  # noqa: E402


def refusal(tmp, table, column, value):
    """Copies the tables, sets `column` of the first row of `table` to `value`; returns the
    message the build stops with (None if it does not stop) and the row's id."""
    work = pathlib.Path(tmp) / column
    shutil.copytree(families.FAMILIES, work)
    path = work / table
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[0][column] = value
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    saved, families.FAMILIES = families.FAMILIES, str(work)
    try:
        families.client_cpu_rows(build_hardware_csv.COLUMNS)
    except SystemExit as e:
        return str(e), rows[0]["id"]
    finally:
        families.FAMILIES = saved
    return None, rows[0]["id"]


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        families.client_cpu_rows(build_hardware_csv.COLUMNS)  # the shipped tables pass
        for table, column, value, expect in [
                ("server_cpu.csv", "sources", "", "has no per-product source URL"),
                ("client_cpu.csv", "checked", "guess", "checked must be one of")]:
            message, row = refusal(tmp, table, column, value)
            if not message or expect not in message or row not in message or table not in message:
                failures.append("%s %s=%r: got %r" % (table, column, value, message))
    for f in failures:
        print("FAIL:", f)
    print("%d of 2 refusals as expected" % (2 - len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
