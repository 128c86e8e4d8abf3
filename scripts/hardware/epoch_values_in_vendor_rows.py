#!/usr/bin/python3
"""Lists every value a `checked=vendor` row inherits from Epoch AI unchanged, for a second reader.

Usage: /usr/bin/python3 scripts/hardware/epoch_values_in_vendor_rows.py [EPOCH_CSV]

A row marked `vendor` claims its numbers were checked against the vendor's document; the values
the build script overrides (`fix` in build_hardware_csv.EPOCH) were typed from that document, but
the others are Epoch's, carried through. This prints those, row by row, with the row's sources,
so each can be compared with the datasheet; it exits 0 and changes nothing.
"""

import csv
import sys

import build_hardware_csv as b

CHECKED = ["tdp_w", "release_date", "memory_gb", "memory_bw_gbs"] + [
    c for c in b.COLUMNS if c.endswith("_tflops") or c.endswith("_tops")]


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else b.EPOCH_CSV
    with open(path, newline="", encoding="utf-8") as f:
        epoch = {r["Hardware name"]: r for r in csv.DictReader(f)}
    total = 0
    for name, m in sorted(b.EPOCH.items(), key=lambda kv: kv[1]["id"]):
        if m["checked"] != "vendor" or name not in epoch:
            continue
        row = b.epoch_row(epoch[name], m)
        inherited = [(c, row[c]) for c in CHECKED if row[c] and c not in m["fix"]]
        if not inherited:
            continue
        total += len(inherited)
        print("%s (%s)" % (m["id"], "; ".join(m["sources"]) or "Epoch's link only"))
        print("   " + ", ".join("%s=%s" % kv for kv in inherited))
    print("%d inherited values in vendor-checked rows" % total)


if __name__ == "__main__":
    main()
