#!/usr/bin/env python3
"""Checks that the three sides agree and prints the comparison table.

Usage: table.py N NX.json NAIVE.json CRATE.json [NX.time NAIVE.time CRATE.time]

Each JSON file is the one-line output of nx_compare.py or bench_compare
(run/naive). The optional .time files are `/usr/bin/time -v` reports, whose
"Maximum resident set size" is used for peak memory when present (otherwise
the peak each process reported about itself).

Each argument may also be a comma-separated list of files, one per run of
that side (the same number for every side): each time in the table is then
the median of the runs, the whole set the sum of the medians shown, the
peak memory the highest of the runs, and a second table gives each time's
lowest and highest run. Every run's answers must agree with every other's.

A side may leave a row out (the crate's `--skip`, or a question it does not
have): that cell shows n/a and the digests of the other sides are still
compared. Exits with status 1 when a digest differs.
"""

import json
import statistics
import sys

# Rows that are part of another (load), not summed into the whole set.
PARTS = ("parse", "build", "load_cpu")

ROWS = [
    ("load", "load + validate"),
    ("load_cpu", "  its CPU time, all threads"),
    ("parse", "  of which JSON parse"),
    ("build", "  of which graph build"),
    ("prerequisites", "prerequisites of 1,000"),
    ("dependents", "dependents of 1,000"),
    ("schedule", "schedule (deadline topo order)"),
    ("components", "strongly connected components"),
    ("deadlocks", "`deadlocks` (components, their cycles and breaking sets)"),
    ("longest_path", "longest requires path"),
    ("conflicts", "deadline conflict scan"),
]

# What the crate runs for each question (README: the crate's answer does more
# than networkx's in some rows).
CRATE_CALL = {
    "load": "Agenda::from_json_file",
    "prerequisites": "Agenda::prerequisites",
    "dependents": "Agenda::dependents",
    "schedule": "Agenda::schedule",
    "components": "Agenda::strongly_connected_components",
    "deadlocks": "Agenda::deadlocks",
    "longest_path": "Agenda::waves(None).len()",
    "conflicts": "Agenda::deadline_conflicts",
}


def max_rss_kib(path):
    try:
        with open(path) as f:
            for line in f:
                if "Maximum resident set size" in line:
                    return int(line.rsplit(":", 1)[1])
    except (OSError, ValueError):
        pass
    return None


def fmt_s(x):
    return "n/a" if x is None else f"{x:.4f}"


def fmt_ratio(a, b):
    if a is None or b is None or b <= 0:
        return "n/a"
    r = a / b
    # Two decimals below 10, where a target of 1.0x is told apart from 0.97x.
    return f"{r:.2f}x" if r < 10 else f"{r:.1f}x"


def main(argv):
    if len(argv) not in (5, 8):
        print(__doc__, file=sys.stderr)
        return 2
    n = int(argv[1])
    names = ("networkx", "naive", "crate")
    runs = {}
    for name, paths in zip(names, argv[2:5]):
        runs[name] = []
        for path in paths.split(","):
            with open(path) as f:
                runs[name].append(json.load(f))
    counts = {len(r) for r in runs.values()}
    if len(counts) != 1:
        print("table.py: every side needs the same number of runs", file=sys.stderr)
        return 2
    (k,) = counts
    times = [t.split(",") for t in argv[5:8]] if len(argv) == 8 else [[None] * k] * 3
    if any(len(t) != k for t in times):
        print("table.py: one time report per run", file=sys.stderr)
        return 2
    sides = {side: data[0] for side, data in runs.items()}
    # Per side, one dict per run: each row of that run by its name.
    per_run = {
        side: [{q["name"]: q for q in data["queries"]} for data in r]
        for side, r in runs.items()
    }
    ok = True
    by_name = {}
    spread = {}
    for side, rs in per_run.items():
        by_name[side] = {}
        spread[side] = {}
        for key in {q for r in rs for q in r}:
            rows = [r.get(key) for r in rs]
            if any(r is None for r in rows):
                print(f"table.py: {side} gave `{key}` in some runs only", file=sys.stderr)
                return 2
            if len({(r["count"], r["crc"]) for r in rows}) != 1:
                print(f"ERROR: {side}'s runs disagree on `{key}`", file=sys.stderr)
                ok = False
            secs = [r["seconds"] for r in rows]
            by_name[side][key] = dict(rows[0], seconds=statistics.median(secs))
            spread[side][key] = (min(secs), max(secs))

    print(f"\n## {n:,} commitments\n")
    if k > 1:
        print(f"Median of {k} runs of each side, run in turn.\n")
    print("| query | networkx s | naive petgraph s | crate s | networkx / crate | naive / crate | answers |")
    print("|---|---:|---:|---:|---:|---:|---|")
    totals = {"networkx": 0.0, "naive": 0.0, "crate": 0.0}
    left_out = []
    for key, label in ROWS:
        rows = {side: by_name[side].get(key) for side in sides}
        digests = {
            (r["count"], r["crc"]) for side, r in rows.items() if r is not None
        }
        same = len(digests) <= 1
        ok = ok and same
        present = [r for r in rows.values() if r is not None]
        if not present:
            answers = "n/a"
        else:
            answers = f"{present[0]['count']:,} / {present[0]['crc']}"
            missing = [side for side, r in rows.items() if r is None]
            if missing and key not in PARTS:
                answers += f" ({', '.join(missing)}: n/a)"
        if not same:
            answers = "DIFFER: " + ", ".join(
                f"{side} {r['count']}/{r['crc']}" for side, r in rows.items() if r
            )
        secs = {side: (r["seconds"] if r else None) for side, r in rows.items()}
        if key not in PARTS:
            if all(secs[side] is not None for side in totals):
                for side in totals:
                    totals[side] += secs[side]
            else:
                left_out.append(label)
        print(
            f"| {label} | {fmt_s(secs['networkx'])} | {fmt_s(secs['naive'])} | {fmt_s(secs['crate'])} "
            f"| {fmt_ratio(secs['networkx'], secs['crate'])} | {fmt_ratio(secs['naive'], secs['crate'])} | {answers} |"
        )
    print(
        f"| **whole set, load included** | {totals['networkx']:.3f} | {totals['naive']:.3f} | {totals['crate']:.3f} "
        f"| {fmt_ratio(totals['networkx'], totals['crate'])} | {fmt_ratio(totals['naive'], totals['crate'])} | |"
    )
    peaks = {}
    for (side, data), tpaths in zip(runs.items(), times):
        found = []
        for d, tpath in zip(data, tpaths):
            peak = max_rss_kib(tpath) if tpath else None
            peak = peak if peak is not None else d.get("peak_rss_kib")
            if peak is not None:
                found.append(peak)
        peaks[side] = max(found) if found else None
    mb = {s: (None if p is None else p / 1024) for s, p in peaks.items()}
    print(
        "| peak memory (MiB) | "
        + " | ".join("n/a" if mb[s] is None else f"{mb[s]:.0f}" for s in ("networkx", "naive", "crate"))
        + f" | {fmt_ratio(mb['networkx'], mb['crate'])} | {fmt_ratio(mb['naive'], mb['crate'])} | |"
    )
    if k > 1:
        print(f"\nLowest and highest of the {k} runs (seconds):\n")
        print("| query | networkx | naive petgraph | crate |")
        print("|---|---:|---:|---:|")
        for key, label in ROWS:
            cells = []
            for side in names:
                lo_hi = spread[side].get(key)
                cells.append("n/a" if lo_hi is None else f"{fmt_s(lo_hi[0])}-{fmt_s(lo_hi[1])}")
            if any(c != "n/a" for c in cells):
                print(f"| {label} | " + " | ".join(cells) + " |")
    if left_out:
        print(f"\n(the whole set leaves out what a side did not run: {', '.join(left_out)})")
    print()
    print("crate calls: " + "; ".join(f"{k}: `{v}`" for k, v in CRATE_CALL.items()))
    if not ok:
        print("\nERROR: the answers differ (see DIFFER or the lines above)", file=sys.stderr)
        return 1
    if left_out:
        print("every answer agrees on the sides that gave one")
    else:
        print("every answer agrees on all three sides")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
