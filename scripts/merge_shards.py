#!/usr/bin/python3
"""Merge the parts of `infergy analyze --recursive ... --shard I/N` into one output.

    scripts/merge_shards.py part0.csv part1.csv ... > all.csv
    scripts/merge_shards.py part0.json part1.json ... > all.json

CSV parts: the '#' convention line and the header must be the same in every part; they are
written once, then every row sorted by model path (component by component, the order infergy
lists a directory in). JSON parts: arrays of rows, concatenated and sorted the same way. For a
run over one directory the result is what one unsharded run prints. Exit 65 when the parts do
not belong together (different headers, not infergy output).
"""
import csv
import io
import json
import sys


def path_key(model):
    return model.split("/")


def fail(message):
    print(f"merge_shards: {message}", file=sys.stderr)
    sys.exit(65)


def merge_csv(texts, names):
    comment, header, rows = None, None, []
    for text, name in zip(texts, names):
        lines = text.splitlines(keepends=True)
        if len(lines) < 2 or not lines[0].startswith("#"):
            fail(f"{name}: not an infergy CSV (no '#' convention line and header)")
        if comment is None:
            comment, header = lines[0], lines[1]
        elif (lines[0], lines[1]) != (comment, header):
            fail(f"{name}: its convention line or header differs from the first part's")
        for record in csv.reader(io.StringIO("".join(lines[2:]))):
            if record:
                rows.append(record)
    rows.sort(key=lambda r: path_key(r[0]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return comment + header + out.getvalue()


def merge_json(texts, names):
    rows = []
    for text, name in zip(texts, names):
        try:
            part = json.loads(text)
        except json.JSONDecodeError as e:
            fail(f"{name}: not JSON ({e})")
        if not isinstance(part, list) or not all(isinstance(r, dict) and "model" in r for r in part):
            fail(f"{name}: not an array of infergy rows")
        rows.extend(part)
    rows.sort(key=lambda r: path_key(r["model"]))
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    names = argv[1:]
    texts = []
    for name in names:
        try:
            with open(name, encoding="utf-8") as f:
                texts.append(f.read())
        except OSError as e:
            print(f"merge_shards: {name}: {e.strerror}", file=sys.stderr)
            return 66
    is_json = texts[0].lstrip().startswith("[")
    sys.stdout.write(merge_json(texts, names) if is_json else merge_csv(texts, names))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
