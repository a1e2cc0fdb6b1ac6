//! How fast is the crate next to networkx and a naive petgraph program?
//! The Rust side of `benches/compare/run.sh`.
//!
//! Run it with (release mode; `run.sh` does all of this for you):
//!
//! ```text
//! cargo run --release -p union-state-synth --bin bench_compare -- generate 100000 --out synth.json
//! cargo run --release -p union-state-synth --bin bench_compare -- run synth.json
//! cargo run --release -p union-state-synth --bin bench_compare -- naive synth.json
//! ```
//!
//! `generate N [--seed S] [--cycles C] [--out FILE]` writes a synthetic
//! agenda of N commitments (`union_state_synth`, seed 2021 and N / 1000
//! deadlock rings unless given) to FILE or standard output.
//!
//! `run FILE [--samples K] [--skip Q,...]` loads FILE with the crate and asks it the
//! comparison's questions: the prerequisites and dependents of K (default
//! 1,000) sampled commitments (`synth::sample_indices`), the schedule, the
//! strongly connected components of *requires* and *conditional on* edges
//! (`strongly_connected_components`, and again through `deadlocks`), the
//! longest *requires* path (the number of `waves`), and the deadline
//! conflicts, one per *requires* dependency. `--skip` leaves out questions
//! by name (`prerequisites`, `dependents`, `schedule`, `components`,
//! `deadlocks` (or its old name `scc`), `longest_path`, `conflicts`), for
//! instance one that does not finish at some size.
//!
//! `naive FILE [--samples K]` answers the same questions the way a quick
//! petgraph program would: `serde_json` into borrowed strings, a
//! `HashMap<&str, NodeIndex>`, programme ends expanded into commitment
//! edges (a milestone, a programme without commitments, into the
//! commitments on either side of it), a fresh `Bfs` per query, an effective
//! deadline pass and Kahn's algorithm for the schedule, `tarjan_scc`
//! (`components`) and `kosaraju_scc` (`deadlocks`), `toposort`, and plain
//! loops over each dependency's expanded edges for the conflicts.
//!
//! Each prints one JSON object: per query its time in seconds and a digest
//! of its answer (a count and the CRC-32 of the sorted ids, computed after
//! the clock stops), plus the process's peak resident memory. The digests
//! of the three programs must agree; `run.sh` checks that.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use chrono::{Datelike, Months, NaiveDate};
use petgraph::Direction;
use petgraph::algo::{kosaraju_scc, tarjan_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, EdgeFiltered, EdgeRef, Reversed};
use serde::Deserialize;
use serde_json::{Value, json};
use union_state::{Agenda, NodeId};
use union_state_synth::{self as synth, SynthConfig};

const USAGE: &str = "usage: bench_compare generate N [--seed S] [--cycles C] [--out FILE] | run FILE [--samples K] [--skip Q,...] | naive FILE [--samples K]";

/// CRC-32 (IEEE 802.3, as zlib's `crc32`), so Python can check the same
/// digest without a dependency.
struct Crc32 {
    table: [u32; 256],
    value: u32,
}

impl Crc32 {
    fn new() -> Self {
        let mut table = [0u32; 256];
        for (n, slot) in (0u32..).zip(table.iter_mut()) {
            let mut c = n;
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        Crc32 {
            table,
            value: 0xFFFF_FFFF,
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            let [low, ..] = self.value.to_le_bytes();
            let i = usize::from(low ^ b);
            self.value = self.table.get(i).copied().unwrap_or(0) ^ (self.value >> 8);
        }
    }

    fn finish(&self) -> String {
        format!("{:08x}", self.value ^ 0xFFFF_FFFF)
    }
}

/// A query's time and digest.
struct Row {
    name: &'static str,
    seconds: f64,
    count: usize,
    crc: String,
}

/// The digest of lines of ids: one line per group, ids sorted by the
/// caller, each line `label:id,id,...\n` (or `id,id,...\n` without label).
fn digest<'a>(
    groups: impl IntoIterator<Item = (Option<&'a str>, Vec<&'a str>)>,
) -> (usize, String) {
    let mut crc = Crc32::new();
    let mut count = 0;
    for (label, ids) in groups {
        if let Some(label) = label {
            crc.update(label.as_bytes());
            crc.update(b":");
        }
        count += ids.len();
        crc.update(ids.join(",").as_bytes());
        crc.update(b"\n");
    }
    (count, crc.finish())
}

/// Every id on its own line, in the given order.
fn digest_list<'a>(ids: impl IntoIterator<Item = &'a str>) -> (usize, String) {
    let mut crc = Crc32::new();
    let mut count = 0;
    for id in ids {
        count += 1;
        crc.update(id.as_bytes());
        crc.update(b"\n");
    }
    (count, crc.finish())
}

fn digest_number(n: usize) -> (usize, String) {
    let mut crc = Crc32::new();
    crc.update(n.to_string().as_bytes());
    (n, crc.finish())
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64())
}

/// The CPU time this process has used so far, all threads together (user
/// and system, from Linux's `/proc/self/stat`, in clock ticks of 1/100 s),
/// if known: beside a wall-clock time, it tells how much of it ran on
/// more than one core.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses: user
    // time is the 14th field of the line, system time the 15th.
    let mut rest = stat
        .get(stat.rfind(')')? + 1..)?
        .split_whitespace()
        .skip(11);
    let user: f64 = rest.next()?.parse().ok()?;
    let system: f64 = rest.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// A `load_cpu` row, if the CPU time is known: the CPU time (all threads)
/// between the two readings of [`cpu_seconds`], with the load's digest.
fn load_cpu_row(readings: Option<(f64, f64)>, count: usize, crc: &str) -> Option<Row> {
    let (before, after) = readings?;
    Some(Row {
        name: "load_cpu",
        seconds: after - before,
        count,
        crc: crc.to_owned(),
    })
}

/// Peak resident memory of this process in KiB (Linux `VmHWM`), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn report(side: &str, file: &str, samples: usize, rows: &[Row]) -> Result<(), String> {
    let queries: Vec<Value> = rows
        .iter()
        .map(|r| json!({"name": r.name, "seconds": r.seconds, "count": r.count, "crc": r.crc}))
        .collect();
    let out = json!({
        "side": side,
        "file": file,
        "samples": samples,
        "queries": queries,
        "peak_rss_kib": peak_rss_kib(),
    });
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{out}").map_err(|e| e.to_string())
}

// ---------------------------------------------------------------- the crate

#[allow(clippy::too_many_lines)]
fn run_crate(file: &str, samples: usize, skip: &[String]) -> Result<Vec<Row>, String> {
    let wanted = |name: &str| !skip.iter().any(|s| s == name);
    let mut rows = Vec::new();
    let cpu_before = cpu_seconds();
    let (agenda, seconds) = timed(|| Agenda::from_json_file(file));
    let cpu_after = cpu_seconds();
    let agenda = agenda.map_err(|e| format!("{file}: {e}"))?;
    let (count, crc) = digest_list(agenda.commitments().iter().map(|c| c.id.as_str()));
    rows.extend(load_cpu_row(cpu_before.zip(cpu_after), count, &crc));
    rows.push(Row {
        name: "load",
        seconds,
        count,
        crc,
    });

    let sample: Vec<NodeId> = synth::sample_indices(agenda.commitments().len(), samples)
        .into_iter()
        .filter_map(|i| agenda.commitments().get(i))
        .map(|c| NodeId::from(c.id.clone()))
        .collect();
    for (name, dependents) in [("prerequisites", false), ("dependents", true)] {
        if !wanted(name) {
            continue;
        }
        let (answers, seconds) = timed(|| {
            sample
                .iter()
                .map(|id| {
                    if dependents {
                        agenda.dependents(id)
                    } else {
                        agenda.prerequisites(id)
                    }
                })
                .collect::<Result<Vec<_>, _>>()
        });
        let answers = answers.map_err(|e| e.to_string())?;
        let (count, crc) = digest(sample.iter().zip(&answers).map(|(id, found)| {
            let mut ids: Vec<&str> = found.iter().map(|c| c.id.as_str()).collect();
            ids.sort_unstable();
            (Some(id.as_str()), ids)
        }));
        rows.push(Row {
            name,
            seconds,
            count,
            crc,
        });
    }

    if wanted("schedule") {
        let (order, seconds) = timed(|| agenda.schedule());
        let (count, crc) = digest_list(order.iter().map(|c| c.id.as_str()));
        rows.push(Row {
            name: "schedule",
            seconds,
            count,
            crc,
        });
    }

    if wanted("deadlocks") {
        // Strongly connected components: `deadlocks` finds them (and does more:
        // lists cycles and a breaking set per component). The `components`
        // row (the components alone) has no crate side yet.
        let (deadlocks, seconds) = timed(|| agenda.deadlocks());
        let mut components: Vec<Vec<&str>> = deadlocks
            .iter()
            .map(|d| {
                let mut ids: Vec<&str> = d
                    .members
                    .iter()
                    .filter(|m| matches!(m, NodeId::Commitment(_)))
                    .map(NodeId::as_str)
                    .collect();
                ids.sort_unstable();
                ids
            })
            .filter(|ids| ids.len() > 1)
            .collect();
        components.sort_unstable();
        let (_, crc) = digest(components.iter().map(|c| (None, c.clone())));
        rows.push(Row {
            name: "deadlocks",
            seconds,
            count: components.len(),
            crc,
        });
    }

    if wanted("components") {
        // The plain strongly connected components, digested as the naive
        // side's `scc` row: each component's commitments, sorted, the list
        // sorted (a component holding one commitment, with a programme or
        // a milestone, is none there).
        let (components, seconds) = timed(|| agenda.strongly_connected_components());
        let mut components: Vec<Vec<&str>> = components
            .iter()
            .map(|c| {
                let mut ids: Vec<&str> = c
                    .iter()
                    .filter(|m| matches!(m, NodeId::Commitment(_)))
                    .map(NodeId::as_str)
                    .collect();
                ids.sort_unstable();
                ids
            })
            .filter(|ids| ids.len() > 1)
            .collect();
        components.sort_unstable();
        let (_, crc) = digest(components.iter().map(|c| (None, c.clone())));
        rows.push(Row {
            name: "components",
            seconds,
            count: components.len(),
            crc,
        });
    }

    if wanted("longest_path") {
        // The longest requires path, in commitments: the number of waves.
        let (waves, seconds) = timed(|| agenda.waves(None));
        let (count, crc) = digest_number(waves.len());
        rows.push(Row {
            name: "longest_path",
            seconds,
            count,
            crc,
        });
    }

    if wanted("conflicts") {
        let (conflicts, seconds) = timed(|| agenda.deadline_conflicts());
        let mut pairs: Vec<String> = conflicts
            .iter()
            .map(|c| format!("{}>{}", c.prerequisite.id, c.dependent.id))
            .collect();
        pairs.sort_unstable();
        let (count, crc) = digest_list(pairs.iter().map(String::as_str));
        rows.push(Row {
            name: "conflicts",
            seconds,
            count,
            crc,
        });
    }
    Ok(rows)
}

// ------------------------------------------------------ the naive program

#[derive(Deserialize)]
struct NaiveFile<'a> {
    #[serde(borrow)]
    programmes: Vec<NaiveProgramme<'a>>,
    #[serde(borrow)]
    commitments: Vec<NaiveCommitment<'a>>,
    #[serde(borrow)]
    dependencies: Vec<NaiveDependency<'a>>,
}

#[derive(Deserialize)]
struct NaiveProgramme<'a> {
    id: &'a str,
}

#[derive(Deserialize)]
struct NaiveCommitment<'a> {
    id: &'a str,
    #[serde(borrow)]
    deadline: Option<NaiveDeadline<'a>>,
}

#[derive(Deserialize)]
struct NaiveDeadline<'a> {
    date: &'a str,
}

#[derive(Deserialize)]
struct NaiveDependency<'a> {
    prerequisite: &'a str,
    dependent: &'a str,
    kind: &'a str,
}

/// (last day, first day) of a date worded `YYYY-MM-DD`, `YYYY-MM`,
/// `YYYY-Qn` or `YYYY`.
fn naive_days(s: &str) -> Option<(NaiveDate, NaiveDate)> {
    let mut parts = s.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let (first, months) = match (parts.next(), parts.next()) {
        (None, _) => (NaiveDate::from_ymd_opt(year, 1, 1)?, 12),
        (Some(q), None) if q.starts_with('Q') => {
            let q: u32 = q.get(1..)?.parse().ok()?;
            (NaiveDate::from_ymd_opt(year, q * 3 - 2, 1)?, 3)
        }
        (Some(m), None) => (NaiveDate::from_ymd_opt(year, m.parse().ok()?, 1)?, 1),
        (Some(m), Some(d)) => {
            let day = NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)?;
            return Some((day, day));
        }
    };
    let last = first.checked_add_months(Months::new(months))?.pred_opt()?;
    debug_assert!(last.year() >= first.year());
    Some((last, first))
}

type Key<'a> = (bool, Option<(NaiveDate, NaiveDate)>, &'a str);

/// An expanded edge between two commitments: whether it comes from a
/// *conditional on* dependency, and the dependency's position in the file.
#[derive(Clone, Copy)]
struct NaiveEdge {
    conditional: bool,
    dependency: u32,
}

#[allow(clippy::too_many_lines)]
fn run_naive(file: &str, samples: usize) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let cpu_before = cpu_seconds();
    let start = Instant::now();
    let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    let (parsed, parse_s) = timed(|| serde_json::from_slice::<NaiveFile<'_>>(&bytes));
    let data = parsed.map_err(|e| format!("{file}: {e}"))?;
    let (built, build_s) = timed(|| {
        let mut g: DiGraph<&str, NaiveEdge> = DiGraph::new();
        let mut index: HashMap<&str, NodeIndex> = HashMap::new();
        let mut members: HashMap<&str, Vec<NodeIndex>> = HashMap::new();
        for p in &data.programmes {
            members.insert(p.id, Vec::new());
        }
        let mut keys: Vec<Key<'_>> = Vec::new();
        for c in &data.commitments {
            let n = g.add_node(c.id);
            index.insert(c.id, n);
            let programme = c.id.split('.').next().unwrap_or("");
            members.entry(programme).or_default().push(n);
            let days = c.deadline.as_ref().and_then(|d| naive_days(d.date));
            keys.push((days.is_none(), days, c.id));
        }
        let milestone = |id: &str| !id.contains('.') && members.get(id).is_none_or(Vec::is_empty);
        // The *requires* and *conditional on* dependencies at each
        // milestone: (other end, conditional).
        let mut into: HashMap<&str, Vec<(&str, bool)>> = HashMap::new();
        let mut out_of: HashMap<&str, Vec<(&str, bool)>> = HashMap::new();
        for d in &data.dependencies {
            let conditional = match d.kind {
                "requires" => false,
                "conditional_on" => true,
                _ => continue,
            };
            if milestone(d.dependent) {
                into.entry(d.dependent)
                    .or_default()
                    .push((d.prerequisite, conditional));
            }
            if milestone(d.prerequisite) {
                out_of
                    .entry(d.prerequisite)
                    .or_default()
                    .push((d.dependent, conditional));
            }
        }
        // The commitments an end stands for: itself, its programme's
        // commitments, or for a milestone those that reach it (`back`) or
        // that it reaches through milestones, over *requires* only or also
        // *conditional on* dependencies.
        let expand = |id: &str, back: bool, conditions: bool| -> Vec<NodeIndex> {
            if id.contains('.') {
                return index.get(id).copied().into_iter().collect();
            }
            if !milestone(id) {
                return members.get(id).cloned().unwrap_or_default();
            }
            let links = if back { &into } else { &out_of };
            let mut seen: Vec<&str> = vec![id];
            let mut stack: Vec<&str> = vec![id];
            let mut found: Vec<NodeIndex> = Vec::new();
            while let Some(m) = stack.pop() {
                for &(other, conditional) in links.get(m).map_or(&[][..], Vec::as_slice) {
                    if conditional && !conditions {
                        continue;
                    }
                    if milestone(other) {
                        if !seen.contains(&other) {
                            seen.push(other);
                            stack.push(other);
                        }
                    } else if other.contains('.') {
                        found.extend(index.get(other).copied());
                    } else {
                        found.extend(members.get(other).into_iter().flatten().copied());
                    }
                }
            }
            found.sort_unstable();
            found.dedup();
            found
        };
        let mut between_milestones: Vec<bool> = Vec::with_capacity(data.dependencies.len());
        for (i, d) in data.dependencies.iter().enumerate() {
            between_milestones.push(milestone(d.prerequisite) && milestone(d.dependent));
            let conditional = match d.kind {
                "requires" => false,
                "conditional_on" => true,
                _ => continue,
            };
            let dependency = u32::try_from(i).unwrap_or(u32::MAX);
            for &a in &expand(d.prerequisite, true, conditional) {
                for &b in &expand(d.dependent, false, conditional) {
                    g.add_edge(
                        a,
                        b,
                        NaiveEdge {
                            conditional,
                            dependency,
                        },
                    );
                }
            }
        }
        (g, keys, between_milestones)
    });
    let (g, keys, between_milestones) = built;
    let total = start.elapsed().as_secs_f64();
    let cpu_after = cpu_seconds();
    let (count, crc) = digest_list(data.commitments.iter().map(|c| c.id));
    rows.extend(load_cpu_row(cpu_before.zip(cpu_after), count, &crc));
    for (name, seconds) in [("load", total), ("parse", parse_s), ("build", build_s)] {
        rows.push(Row {
            name,
            seconds,
            count,
            crc: crc.clone(),
        });
    }

    let requires = EdgeFiltered::from_fn(&g, |e| !e.weight().conditional);
    let sample: Vec<NodeIndex> = synth::sample_indices(g.node_count(), samples)
        .into_iter()
        .map(NodeIndex::new)
        .collect();
    let name_of = |n: NodeIndex| g.node_weight(n).copied().unwrap_or("");
    for (name, dependents) in [("prerequisites", false), ("dependents", true)] {
        let (answers, seconds) = timed(|| {
            sample
                .iter()
                .map(|&s| {
                    let mut found = Vec::new();
                    if dependents {
                        let mut bfs = Bfs::new(&requires, s);
                        while let Some(n) = bfs.next(&requires) {
                            found.push(n);
                        }
                    } else {
                        let reversed = Reversed(&requires);
                        let mut bfs = Bfs::new(reversed, s);
                        while let Some(n) = bfs.next(reversed) {
                            found.push(n);
                        }
                    }
                    found.retain(|&n| n != s);
                    found
                })
                .collect::<Vec<_>>()
        });
        let (count, crc) = digest(sample.iter().zip(&answers).map(|(&s, found)| {
            let mut ids: Vec<&str> = found.iter().map(|&n| name_of(n)).collect();
            ids.sort_unstable();
            (Some(name_of(s)), ids)
        }));
        rows.push(Row {
            name,
            seconds,
            count,
            crc,
        });
    }

    let own_last = |n: NodeIndex| keys.get(n.index()).and_then(|k| k.1).map(|d| d.0);
    let (order, seconds) = timed(|| {
        // Effective deadlines: the earliest last day of a commitment and of
        // everything that transitively requires it, by a pass in reverse
        // topological order.
        let topo = toposort(&requires, None).map_err(|_| "requires cycle".to_owned())?;
        let mut effective: Vec<Option<NaiveDate>> = vec![None; g.node_count()];
        for &n in topo.iter().rev() {
            let mut best = own_last(n);
            for e in g.edges_directed(n, Direction::Outgoing) {
                if e.weight().conditional {
                    continue;
                }
                if let Some(d) = effective.get(e.target().index()).copied().flatten() {
                    best = Some(best.map_or(d, |b| b.min(d)));
                }
            }
            if let Some(slot) = effective.get_mut(n.index()) {
                *slot = best;
            }
        }
        // Kahn's algorithm, earliest effective deadline first, then the
        // commitment's own deadline key.
        let mut indegree = vec![0usize; g.node_count()];
        for e in g.edge_references().filter(|e| !e.weight().conditional) {
            if let Some(d) = indegree.get_mut(e.target().index()) {
                *d += 1;
            }
        }
        let key = |n: NodeIndex| {
            let e = effective.get(n.index()).copied().flatten();
            keys.get(n.index()).map(|&k| ((e.is_none(), e, k), n))
        };
        let mut heap: BinaryHeap<Reverse<_>> = g
            .node_indices()
            .filter(|n| indegree.get(n.index()) == Some(&0))
            .filter_map(|n| key(n).map(Reverse))
            .collect();
        let mut order = Vec::with_capacity(g.node_count());
        while let Some(Reverse((_, n))) = heap.pop() {
            order.push(n);
            for e in g.edges_directed(n, Direction::Outgoing) {
                if e.weight().conditional {
                    continue;
                }
                let m = e.target();
                if let Some(d) = indegree.get_mut(m.index()) {
                    *d -= 1;
                    if *d == 0 {
                        if let Some(k) = key(m) {
                            heap.push(Reverse(k));
                        }
                    }
                }
            }
        }
        Ok::<_, String>(order)
    });
    let order = order?;
    let (count, crc) = digest_list(order.iter().map(|&n| name_of(n)));
    rows.push(Row {
        name: "schedule",
        seconds,
        count,
        crc,
    });

    // The strongly connected components of *requires* and *conditional
    // on* edges, twice: Tarjan for `components`, Kosaraju for `deadlocks`
    // (the crate's `deadlocks` row also finds cycles and breaking sets).
    for (name, tarjan) in [("components", true), ("deadlocks", false)] {
        let (components, seconds) = timed(|| {
            if tarjan {
                tarjan_scc(&g)
            } else {
                kosaraju_scc(&g)
            }
        });
        let mut components: Vec<Vec<&str>> = components
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let mut ids: Vec<&str> = c.into_iter().map(name_of).collect();
                ids.sort_unstable();
                ids
            })
            .collect();
        components.sort_unstable();
        let (_, crc) = digest(components.iter().map(|c| (None, c.clone())));
        rows.push(Row {
            name,
            seconds,
            count: components.len(),
            crc,
        });
    }

    let (longest, seconds) = timed(|| {
        let order = toposort(&requires, None).map_err(|_| "requires cycle".to_owned())?;
        let mut length = vec![0usize; g.node_count()];
        let mut best = 0;
        for n in order {
            let l = g
                .edges_directed(n, Direction::Incoming)
                .filter(|e| !e.weight().conditional)
                .filter_map(|e| length.get(e.source().index()).copied())
                .max()
                .unwrap_or(0)
                + 1;
            if let Some(slot) = length.get_mut(n.index()) {
                *slot = l;
            }
            best = best.max(l);
        }
        Ok::<usize, String>(best)
    });
    let (count, crc) = digest_number(longest?);
    rows.push(Row {
        name: "longest_path",
        seconds,
        count,
        crc,
    });

    // One record per *requires* dependency that has a late pair among its
    // expanded edges: the side's latest prerequisite and earliest
    // dependent (in deadline-key order), found by plain loops over the
    // expanded edges, grouped by dependency.
    let (worst, seconds) = timed(|| {
        // Per dependency: (latest prerequisite, earliest dependent, late).
        let mut worst: Vec<(Option<NodeIndex>, Option<NodeIndex>, bool)> =
            vec![(None, None, false); between_milestones.len()];
        let rank = |n: NodeIndex| keys.get(n.index()).copied();
        for e in g.edge_references() {
            let edge = e.weight();
            if edge.conditional || between_milestones.get(edge.dependency as usize) == Some(&true) {
                continue;
            }
            let Some(slot) = worst.get_mut(edge.dependency as usize) else {
                continue;
            };
            let (pre, dep) = (e.source(), e.target());
            let (pre_last, dep_last) = (own_last(pre), own_last(dep));
            if pre_last.is_some() && slot.0.is_none_or(|p| rank(pre) > rank(p)) {
                slot.0 = Some(pre);
            }
            if dep_last.is_some() && slot.1.is_none_or(|d| rank(dep) < rank(d)) {
                slot.1 = Some(dep);
            }
            if matches!((pre_last, dep_last), (Some(late), Some(early)) if late > early) {
                slot.2 = true;
            }
        }
        worst
    });
    let mut text: Vec<String> = worst
        .iter()
        .filter_map(|&(a, b, late)| match (a, b, late) {
            (Some(a), Some(b), true) => Some(format!("{}>{}", name_of(a), name_of(b))),
            _ => None,
        })
        .collect();
    text.sort_unstable();
    let (count, crc) = digest_list(text.iter().map(String::as_str));
    rows.push(Row {
        name: "conflicts",
        seconds,
        count,
        crc,
    });
    Ok(rows)
}

// ------------------------------------------------------------ the command

fn generate(args: &[String]) -> Result<(), String> {
    let mut words = args.iter();
    let n: usize = words
        .next()
        .and_then(|w| w.parse().ok())
        .ok_or_else(|| format!("`generate` needs a number of commitments; {USAGE}"))?;
    let mut config = SynthConfig {
        commitments: n,
        conditional_cycles: (n / 1000).max(1),
        ..SynthConfig::default()
    };
    let mut out: Option<&String> = None;
    while let Some(flag) = words.next() {
        let value = words
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value; {USAGE}"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("`{flag}`: expected a whole number, found `{value}`"))
        };
        match flag.as_str() {
            "--seed" => config.seed = number()?,
            "--cycles" => {
                config.conditional_cycles =
                    usize::try_from(number()?).map_err(|e| e.to_string())?;
            }
            "--out" => out = Some(value),
            _ => return Err(format!("unknown option `{flag}`; {USAGE}")),
        }
    }
    let result = if let Some(path) = out {
        let file = std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        synth::write_json(&config, &mut w).and_then(|()| w.flush())
    } else {
        let mut w = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        synth::write_json(&config, &mut w).and_then(|()| w.flush())
    };
    result.map_err(|e| e.to_string())
}

fn query(side: &str, args: &[String]) -> Result<(), String> {
    let file = args
        .first()
        .ok_or_else(|| format!("`{side}` needs a file; {USAGE}"))?;
    let mut samples = 1000;
    let mut skip: Vec<String> = Vec::new();
    let mut words = args.iter().skip(1);
    while let Some(flag) = words.next() {
        let value = words
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value; {USAGE}"))?;
        match flag.as_str() {
            "--samples" => {
                samples = value.parse().map_err(|_| {
                    format!("`--samples`: expected a whole number, found `{value}`")
                })?;
            }
            "--skip" => skip.extend(
                value
                    .split(',')
                    .filter(|q| !q.is_empty())
                    // `scc` was the `deadlocks` row's name.
                    .map(|q| if q == "scc" { "deadlocks" } else { q })
                    .map(str::to_owned),
            ),
            _ => return Err(format!("unknown option `{flag}`; {USAGE}")),
        }
    }
    let rows = if side == "run" {
        run_crate(file, samples, &skip)?
    } else {
        run_naive(file, samples)?
    };
    let name = if side == "run" { "crate" } else { "naive" };
    report(name, file, samples, &rows)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => generate(args.get(1..).unwrap_or(&[])),
        Some(side @ ("run" | "naive")) => query(side, args.get(1..).unwrap_or(&[])),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_compare: {e}");
            ExitCode::from(2)
        }
    }
}
