#!/usr/bin/env python3
"""The networkx side of the comparison (see README.md in this folder).

Usage: nx_compare.py FILE [--samples K]

Loads an agenda file (the crate's JSON format), builds networkx DiGraphs with
programme ends expanded to commitment edges (a dependency on a programme is a
dependency on each of its commitments, as the crate means it), asks the same
questions as `bench_compare run`, and prints one JSON object: per query its
time in seconds and a digest of its answer (a count and the CRC-32 of the
sorted ids, computed after the clock stops), plus peak resident memory.

The digests are defined exactly as in synth/src/bin/bench_compare.rs.
"""

import calendar
import datetime
import json
import resource
import sys
import time
import zlib

import networkx as nx


def sample_indices(n, count):
    """union_state_synth::sample_indices: i*k + i%k with k = n // count."""
    if n <= count:
        return list(range(n))
    k = n // max(count, 1)
    return [i * k + i % k for i in range(count)]


def days(text):
    """(last day, first day) of a date worded YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY."""
    parts = text.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return datetime.date(year, 12, 31), datetime.date(year, 1, 1)
    if parts[1].startswith("Q"):
        q = int(parts[1][1:])
        last_month = 3 * q
        return (
            datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
            datetime.date(year, last_month - 2, 1),
        )
    month = int(parts[1])
    if len(parts) == 2:
        return (
            datetime.date(year, month, calendar.monthrange(year, month)[1]),
            datetime.date(year, month, 1),
        )
    d = datetime.date(year, month, int(parts[2]))
    return d, d


class Crc:
    def __init__(self):
        self.value = 0
        self.count = 0

    def update(self, text):
        self.value = zlib.crc32(text.encode(), self.value)

    def hex(self):
        return format(self.value & 0xFFFFFFFF, "08x")


def digest_groups(groups):
    """Lines `label:id,id,...` (or `id,id,...`), ids sorted by the caller."""
    crc = Crc()
    count = 0
    for label, ids in groups:
        if label is not None:
            crc.update(label + ":")
        count += len(ids)
        crc.update(",".join(ids) + "\n")
    return count, crc.hex()


def digest_list(ids):
    crc = Crc()
    ids = list(ids)
    crc.update("".join(i + "\n" for i in ids))
    return len(ids), crc.hex()


def digest_number(n):
    crc = Crc()
    crc.update(str(n))
    return n, crc.hex()


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--samples"):
        print("usage: nx_compare.py FILE [--samples K]", file=sys.stderr)
        return 2
    path = argv[1]
    samples = int(argv[3]) if len(argv) == 4 else 1000
    rows = []

    def row(name, seconds, digest):
        rows.append({"name": name, "seconds": seconds, "count": digest[0], "crc": digest[1]})

    cpu0 = time.process_time()
    t0 = time.perf_counter()
    with open(path, "rb") as f:
        data = json.load(f)
    parse_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    ids = [c["id"] for c in data["commitments"]]
    members = {p["id"]: [] for p in data["programmes"]}
    key = {}
    last = {}
    for c in data["commitments"]:
        cid = c["id"]
        members.setdefault(cid.split(".", 1)[0], []).append(cid)
        deadline = c.get("deadline")
        if deadline is None:
            key[cid] = (True, None, None, cid)
            last[cid] = None
        else:
            l, f = days(deadline["date"])
            key[cid] = (False, l, f, cid)
            last[cid] = l

    def milestone(end):
        return "." not in end and not members.get(end)

    # The requires / conditional_on dependencies at each milestone (a
    # programme without commitments): (other end, conditional).
    into = {}
    out_of = {}
    for d in data["dependencies"]:
        if d["kind"] not in ("requires", "conditional_on"):
            continue
        conditional = d["kind"] == "conditional_on"
        if milestone(d["dependent"]):
            into.setdefault(d["dependent"], []).append((d["prerequisite"], conditional))
        if milestone(d["prerequisite"]):
            out_of.setdefault(d["prerequisite"], []).append((d["dependent"], conditional))

    def expand(end, back, conditions):
        """The commitments an end stands for: itself, its programme's, or for
        a milestone the ones that reach it (back) or that it reaches through
        milestones, over requires (and, with conditions, conditional_on)."""
        if "." in end:
            return [end]
        if not milestone(end):
            return members[end]
        links = into if back else out_of
        seen = {end}
        stack = [end]
        found = set()
        while stack:
            m = stack.pop()
            for other, conditional in links.get(m, ()):
                if conditional and not conditions:
                    continue
                if milestone(other):
                    if other not in seen:
                        seen.add(other)
                        stack.append(other)
                else:
                    found.update(expand(other, back, conditions))
        return sorted(found)

    requires = nx.DiGraph()
    requires.add_nodes_from(ids)
    conditions = []
    # Per requires dependency that is not between two milestones: its two
    # sides, for the conflicts.
    sides = []
    for d in data["dependencies"]:
        kind = d["kind"]
        if kind not in ("requires", "conditional_on"):
            continue
        conditional = kind == "conditional_on"
        pre = expand(d["prerequisite"], True, conditional)
        dep = expand(d["dependent"], False, conditional)
        pairs = [(a, b) for a in pre for b in dep]
        if kind == "requires":
            requires.add_edges_from(pairs)
            if not (milestone(d["prerequisite"]) and milestone(d["dependent"])):
                sides.append((pre, dep))
        else:
            conditions.extend(pairs)
    both = requires.copy()
    both.add_edges_from(conditions)
    build_s = time.perf_counter() - t1
    load_digest = digest_list(sorted(ids))
    row("load_cpu", time.process_time() - cpu0, load_digest)
    row("load", parse_s + build_s, load_digest)
    row("parse", parse_s, load_digest)
    row("build", build_s, load_digest)

    ids.sort()
    sample = [ids[i] for i in sample_indices(len(ids), samples)]
    for name, query in (("prerequisites", nx.ancestors), ("dependents", nx.descendants)):
        t = time.perf_counter()
        answers = [query(requires, s) for s in sample]
        seconds = time.perf_counter() - t
        row(name, seconds, digest_groups((s, sorted(a)) for s, a in zip(sample, answers)))

    t = time.perf_counter()
    # Effective deadlines: the earliest last day of a commitment and of
    # everything that transitively requires it (reverse topological order).
    effective = {}
    for v in reversed(list(nx.topological_sort(requires))):
        days_v = [last[v]] if last[v] is not None else []
        days_v.extend(effective[w] for w in requires.successors(v) if effective[w] is not None)
        effective[v] = min(days_v) if days_v else None

    def schedule_key(v):
        e = effective[v]
        return (e is None, e, key[v])

    order = list(nx.lexicographical_topological_sort(requires, key=schedule_key))
    row("schedule", time.perf_counter() - t, digest_list(order))

    # Strongly connected components, twice: networkx's default (Tarjan's
    # algorithm, iterative) for `components` and Kosaraju's for `deadlocks`
    # (whose crate side also finds cycles and breaking sets).
    for name, scc in (
        ("components", nx.strongly_connected_components),
        ("deadlocks", nx.kosaraju_strongly_connected_components),
    ):
        t = time.perf_counter()
        components = [c for c in scc(both) if len(c) > 1]
        seconds = time.perf_counter() - t
        components = sorted(sorted(c) for c in components)
        _, crc = digest_groups((None, c) for c in components)
        row(name, seconds, (len(components), crc))

    t = time.perf_counter()
    path = nx.dag_longest_path(requires)
    row("longest_path", time.perf_counter() - t, digest_number(len(path)))

    t = time.perf_counter()
    # One record per requires dependency whose latest prerequisite (in
    # deadline-key order, dated ones only) is due after its earliest
    # dependent.
    conflicts = []
    for pre, dep in sides:
        pre = [c for c in pre if last[c] is not None]
        dep = [c for c in dep if last[c] is not None]
        if not pre or not dep:
            continue
        worst = max(pre, key=key.__getitem__)
        first = min(dep, key=key.__getitem__)
        if last[worst] > last[first]:
            conflicts.append((worst, first))
    seconds = time.perf_counter() - t
    row("conflicts", seconds, digest_list(sorted(f"{u}>{v}" for u, v in conflicts)))

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    out = {
        "side": "networkx",
        "version": nx.__version__,
        "python": sys.version.split()[0],
        "file": path,
        "samples": samples,
        "queries": rows,
        "peak_rss_kib": peak,
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
