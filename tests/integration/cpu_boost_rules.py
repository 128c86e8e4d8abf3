#!/usr/bin/python3
"""The boost-clock rules of scripts/hardware/families.py (apply_cpu_boost) on hand-made rows, and
the shipped families/cpu_boost.csv against the family tables it annotates.

Rules: a CPU row with clock_ghz needs a boost entry, its own boost_ghz or a named gap; an entry
must name a CPU row, carry a source, not fall below the row's clock, and not give E-cores more than
P-cores; `fixed` copies the row's clock; a row without clock_ghz gets the boost in its notes only. Shipped data: every boost lies above its part's base clock (P-core base
on hybrid parts) and below three times it, a decimal slip or a swapped pair fails; every E-core
boost lies above the E-core base.

Exit status: 0 pass, 1 fail. Run: /usr/bin/python3 tests/integration/cpu_boost_rules.py
"""

import csv
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "hardware"))
import families  # noqa: E402

FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)


def row(id, clock="", kind="cpu", sources="https://vendor.example/spec"):
    return dict(id=id, kind=kind, clock_ghz=clock, boost_ghz="", sources=sources, notes="Base.")


def entry(id, boost, e_boost="", sources="https://vendor.example/boost"):
    return dict(id=id, boost_ghz=boost, e_boost_ghz=e_boost, field="AMD Max. Boost Clock",
                sources=sources)


def fails(rows, entries, gaps, expect):
    """True when apply_cpu_boost stops with a message containing `expect`."""
    try:
        families.apply_cpu_boost(rows, entries, gaps)
    except SystemExit as stop:
        return expect in str(stop)
    return False


def rules():
    rows = [row("a", "3.6"), row("b", "2.0"), row("hybrid"), row("gpu", "2.5", kind="desktop-gpu")]
    families.apply_cpu_boost(rows, [entry("a", "4.2"), entry("b", "fixed"),
                                    entry("hybrid", "5.4", "4.3")], {})
    a, b, hybrid, gpu = rows
    check(a["boost_ghz"] == "4.2", "a sourced boost is set: %r" % a["boost_ghz"])
    check(a["notes"] == "Base. Max boost 4.2 GHz (AMD Max. Boost Clock).", "note: %r" % a["notes"])
    check(a["sources"] == "https://vendor.example/spec;https://vendor.example/boost",
          "the boost source is added once: %r" % a["sources"])
    check(b["boost_ghz"] == "2.0" and "Fixed clock" in b["notes"], "fixed copies the clock")
    check(hybrid["boost_ghz"] == "" and "Max boost 5.4 GHz" in hybrid["notes"]
          and "E-cores 4.3 GHz" in hybrid["notes"],
          "a hybrid row without clock_ghz gets its boosts in its notes, not in boost_ghz")
    check(gpu["boost_ghz"] == "", "a GPU row is left alone")

    check(fails([row("new", "3.0")], [], {}, "CPU rows without a boost clock"),
          "a CPU row with clock_ghz and no entry fails")
    families.apply_cpu_boost([row("new", "3.0")], [], {"new": "no vendor page"})
    own = row("own", "2.6")
    own["boost_ghz"] = "3.6"
    families.apply_cpu_boost([own], [], {})
    check(own["boost_ghz"] == "3.6", "a hand-made row's own boost_ghz counts and stays")
    own["boost_ghz"] = "3.6"
    check(fails([own], [entry("own", "3.7")], {}, "carry their own boost_ghz"),
          "an entry for a row with its own boost_ghz fails")
    check(fails([row("x", "3.0")], [entry("x", "2.9")], {}, "below its clock"),
          "a boost below the clock fails")
    check(fails([row("x", "3.0")], [entry("x", "5.0", "5.1")], {}, "exceeds the P-core boost"),
          "an E-core boost above the P-core boost fails")
    check(fails([row("x", "3.0")], [entry("x", "42")], {}, "not in (0, 10]"),
          "a boost outside (0, 10] GHz fails")
    check(fails([row("x", "3.0")], [entry("y", "4.0")], {"x": "gap"}, "name no CPU row"),
          "an entry naming no CPU row fails")
    check(fails([row("x", "3.0")], [entry("x", "4.0", sources="")], {}, "has no source"),
          "an entry without a source fails")
    check(fails([row("x", "3.0")], [entry("x", "4.0")], {"x": "gap"}, "both sourced and"),
          "a row both sourced and listed as a gap fails")
    check(fails([row("x", "3.0")], [], {"x": "gap", "gone": "gap"}, "gone or carry"),
          "a gap naming no CPU row fails")
    check(fails([row("x")], [entry("x", "fixed")], {}, "marked fixed"),
          "fixed on a row without a clock fails")


def shipped():
    families_dir = ROOT / "scripts" / "hardware" / "families"
    parts = {}
    for table in ("client_cpu.csv", "server_cpu.csv"):
        with open(families_dir / table, newline="", encoding="utf-8") as f:
            parts.update((r["id"], r) for r in csv.DictReader(f))
    with open(families_dir / families.CPU_BOOST, newline="", encoding="utf-8") as f:
        entries = list(csv.DictReader(f))
    check(len(entries) >= 140, "cpu_boost.csv covers the family CPUs: %d entries" % len(entries))
    for e in entries:
        p = parts.get(e["id"])
        if p is None or e["boost_ghz"] == "fixed":
            continue
        boost, base = float(e["boost_ghz"]), float(p["base_ghz"])
        check(base < boost < 3 * base, "%s: boost %s GHz against base %s GHz" % (
            e["id"], e["boost_ghz"], p["base_ghz"]))
        if p["e_cores"]:
            check(e["e_boost_ghz"] != "", "%s: a hybrid part has an E-core boost" % e["id"])
        if e["e_boost_ghz"]:
            check(float(e["e_boost_ghz"]) > float(p["e_base_ghz"] or 0),
                  "%s: E-core boost %s GHz against E-core base %s GHz" % (
                      e["id"], e["e_boost_ghz"], p["e_base_ghz"]))


def main():
    rules()
    shipped()
    for failure in FAILURES:
        print("FAIL:", failure)
    print("%d failure(s)" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
