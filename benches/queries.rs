//! Criterion benches of loading and querying synthetic agendas of 10^3 to
//! 10^6 commitments (`union_state_synth`, the same data as
//! `benches/compare/`).
//!
//! Run them with:
//!
//! ```text
//! cargo bench --bench queries                              # 10^3, 10^4, 10^5
//! UNION_STATE_BENCH_MAX=1000000 cargo bench --bench queries # and 10^6
//! cargo bench --bench queries -- 'dependents_1000/100000'   # one of them
//! UNION_STATE_BENCH_SKIP=deadlocks,load cargo bench --bench queries
//! ```
//!
//! `UNION_STATE_BENCH_SKIP` leaves out benches by name. At 10^6 the 1,000
//! rings of conditions merge, through *requires* paths, into one component
//! of about 59,000 items and 681 conditions beside 786 small ones; the
//! bounded cycle search and the linear breaking set keep `deadlocks` within
//! a fraction of a second there.
//!
//! Benches, each at every size (`<name>/<commitments>`):
//!
//! - `load`: parse and validate the JSON text ([`Agenda::from_json_str`]);
//! - `load_file`: the same from a file ([`Agenda::from_json_file`], which
//!   reads a regular file whole and parses it from memory);
//! - `prerequisites_1000`, `dependents_1000`: the transitive prerequisites
//!   and dependents of 1,000 sampled commitments
//!   ([`synth::sample_indices`]);
//! - `lookup_1000`: the same 1,000 commitments found by id
//!   ([`Agenda::commitment`], which every query by id begins with);
//! - `schedule`: the deadline-first order that respects *requires*;
//! - `conflicts`: the scan for prerequisites due after their dependents;
//! - `waves`: the waves of work that can proceed in parallel (their
//!   number is the longest *requires* path);
//! - the analyses listed under `// analyses:` below.
//!
//! Every bench checks its answer: a checksum of the result on the first
//! iteration, which every later iteration must repeat (or the bench
//! panics), so a bench cannot time code that answers wrongly or not at
//! all. The checksum is cheap next to the query (counts and the positions
//! of the commitments returned), so it barely weighs on the timing.

use std::cell::Cell;
use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use union_state::{Agenda, Commitment, CommitmentId, NodeId, PartialDate};
use union_state_synth::{self as synth, SynthConfig};

/// Sizes up to this many commitments are benched; set
/// `UNION_STATE_BENCH_MAX` to change it (default 100,000).
const DEFAULT_MAX: usize = 100_000;
const SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];
const SAMPLES: usize = 1_000;

fn sizes() -> Vec<usize> {
    let max = match std::env::var("UNION_STATE_BENCH_MAX") {
        Ok(text) => text.trim().replace('_', "").parse().unwrap_or_else(|_| {
            eprintln!("UNION_STATE_BENCH_MAX=`{text}` is not a number; using {DEFAULT_MAX}");
            DEFAULT_MAX
        }),
        Err(_) => DEFAULT_MAX,
    };
    SIZES.into_iter().filter(|&n| n <= max).collect()
}

/// The dataset of `n` commitments, as `bench_compare generate n` writes it.
fn config(n: usize) -> SynthConfig {
    SynthConfig {
        commitments: n,
        conditional_cycles: (n / 1000).max(1),
        ..SynthConfig::default()
    }
}

/// The checksum of the first iteration, which every later one must repeat.
struct Expected {
    what: String,
    value: Cell<Option<u64>>,
}

impl Expected {
    fn new(what: impl Into<String>) -> Self {
        Expected {
            what: what.into(),
            value: Cell::new(None),
        }
    }

    fn check(&self, value: u64) {
        match self.value.get() {
            None => self.value.set(Some(value)),
            Some(first) => assert_eq!(
                first, value,
                "{}: the answer changed between iterations",
                self.what
            ),
        }
    }
}

/// Order-sensitive mix of a running checksum with one value (FNV-1a step
/// over a whole word).
fn mix(sum: u64, value: u64) -> u64 {
    (sum ^ value).wrapping_mul(0x0000_0100_0000_01B3)
}

/// Where a commitment sits in the agenda's list (id order): the identity
/// of an answer, without hashing its id text.
fn position(agenda: &Agenda, c: &Commitment) -> u64 {
    let base = agenda.commitments().as_ptr() as usize;
    let at = std::ptr::from_ref(c) as usize;
    ((at - base) / size_of::<Commitment>()) as u64
}

fn list_checksum(agenda: &Agenda, list: &[&Commitment]) -> u64 {
    list.iter()
        .fold(list.len() as u64, |sum, c| mix(sum, position(agenda, c)))
}

fn date_number(date: Option<NaiveDate>) -> u64 {
    date.map_or(0, |d| d.to_epoch_days().unsigned_abs().into())
}

/// Whether `UNION_STATE_BENCH_SKIP` (bench names, comma-separated) names
/// this bench.
fn skipped(name: &str) -> bool {
    std::env::var("UNION_STATE_BENCH_SKIP")
        .is_ok_and(|list| list.split(',').any(|s| s.trim() == name))
}

fn group<'a>(c: &'a mut Criterion, name: &str, n: usize) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(if n >= 100_000 { 10 } else { 3 }));
    g.warm_up_time(Duration::from_secs(1));
    g
}

fn bench_load(c: &mut Criterion, n: usize, json: &str) {
    if !skipped("load") {
        let mut g = group(c, "load", n);
        let expected = Expected::new(format!("load/{n}"));
        g.bench_function(n.to_string(), |b| {
            b.iter(|| {
                let agenda =
                    Agenda::from_json_str(black_box(json)).expect("the synthetic agenda loads");
                let sum = agenda.commitments().iter().fold(
                    agenda.dependencies().len() as u64,
                    |sum, c| {
                        mix(
                            sum,
                            c.id.as_str().len() as u64
                                ^ date_number(c.due().map(PartialDate::last_day)),
                        )
                    },
                );
                expected.check(sum);
                agenda
            });
        });
        g.finish();
    }
}

fn bench_load_file(c: &mut Criterion, n: usize, json: &str) {
    if skipped("load_file") {
        return;
    }
    let path =
        std::env::temp_dir().join(format!("union-state-bench-{}-{n}.json", std::process::id()));
    std::fs::write(&path, json).expect("the temporary file is written");
    let mut g = group(c, "load_file", n);
    let expected = Expected::new(format!("load_file/{n}"));
    g.bench_function(n.to_string(), |b| {
        b.iter(|| {
            let agenda =
                Agenda::from_json_file(black_box(&path)).expect("the synthetic agenda loads");
            let sum =
                agenda
                    .commitments()
                    .iter()
                    .fold(agenda.dependencies().len() as u64, |sum, c| {
                        mix(
                            sum,
                            c.id.as_str().len() as u64
                                ^ date_number(c.due().map(PartialDate::last_day)),
                        )
                    });
            expected.check(sum);
            agenda
        });
    });
    g.finish();
    let _ = std::fs::remove_file(&path);
}

fn bench_queries(c: &mut Criterion, n: usize, agenda: &Agenda) {
    let sample: Vec<NodeId> = synth::sample_indices(agenda.commitments().len(), SAMPLES)
        .into_iter()
        .filter_map(|i| agenda.commitments().get(i))
        .map(|c| NodeId::from(c.id.clone()))
        .collect();
    let id = n.to_string();

    for (name, dependents) in [("prerequisites_1000", false), ("dependents_1000", true)] {
        if !skipped(name) {
            let mut g = group(c, name, n);
            let expected = Expected::new(format!("{name}/{n}"));
            g.bench_function(&id, |b| {
                b.iter(|| {
                    let mut sum = 0;
                    for node in &sample {
                        let found = if dependents {
                            agenda.dependents(black_box(node))
                        } else {
                            agenda.prerequisites(black_box(node))
                        }
                        .expect("a sampled id exists");
                        sum = mix(sum, list_checksum(agenda, &found));
                    }
                    expected.check(sum);
                });
            });
            g.finish();
        }
    }

    if !skipped("lookup_1000") {
        let ids: Vec<CommitmentId> = synth::sample_indices(agenda.commitments().len(), SAMPLES)
            .into_iter()
            .filter_map(|i| agenda.commitments().get(i))
            .map(|c| c.id.clone())
            .collect();
        let mut g = group(c, "lookup_1000", n);
        let expected = Expected::new(format!("lookup_1000/{n}"));
        g.bench_function(&id, |b| {
            b.iter(|| {
                let mut sum = 0;
                for one in &ids {
                    let found = agenda
                        .commitment(black_box(one))
                        .expect("a sampled id exists");
                    sum = mix(sum, position(agenda, found));
                }
                expected.check(sum);
            });
        });
        g.finish();
    }

    if !skipped("schedule") {
        let mut g = group(c, "schedule", n);
        let expected = Expected::new(format!("schedule/{n}"));
        g.bench_function(&id, |b| {
            b.iter(|| {
                let order = black_box(agenda).schedule();
                assert_eq!(order.len(), agenda.commitments().len());
                expected.check(list_checksum(agenda, &order));
            });
        });
        g.finish();
    }

    if !skipped("conflicts") {
        let mut g = group(c, "conflicts", n);
        let expected = Expected::new(format!("conflicts/{n}"));
        g.bench_function(&id, |b| {
            b.iter(|| {
                let conflicts = black_box(agenda).deadline_conflicts();
                let sum = conflicts.iter().fold(conflicts.len() as u64, |sum, x| {
                    mix(
                        mix(sum, position(agenda, x.prerequisite)),
                        position(agenda, x.dependent) ^ x.days.unsigned_abs(),
                    )
                });
                expected.check(sum);
            });
        });
        g.finish();
    }

    if !skipped("waves") {
        let mut g = group(c, "waves", n);
        let expected = Expected::new(format!("waves/{n}"));
        g.bench_function(&id, |b| {
            b.iter(|| {
                let waves = black_box(agenda).waves(None);
                let sum = waves.iter().fold(waves.len() as u64, |sum, w| {
                    mix(sum, list_checksum(agenda, w))
                });
                expected.check(sum);
            });
        });
        g.finish();
    }

    analyses(c, n, agenda);
}

// analyses: the benches of the analyses, one block each, in the same form
// (a group per analysis, a checksum checked on every iteration):
//   - deadlocks            `Agenda::deadlocks`
//   - components           `Agenda::strongly_connected_components`
//   - critical_path        `Agenda::critical_path` of the last commitment
//   - latest_dates         `Agenda::latest_dates` (deadline back-propagation)
//   - progress             `Agenda::progress` as of 2026-01-01
// Add a new analysis here as it lands.
fn analyses(c: &mut Criterion, n: usize, agenda: &Agenda) {
    let id = n.to_string();

    if !skipped("deadlocks") {
        let mut g = group(c, "deadlocks", n);
        let expected = Expected::new(format!("deadlocks/{n}"));
        g.bench_function(&id, |b| {
            b.iter(|| {
                let deadlocks = black_box(agenda).deadlocks();
                let sum = deadlocks.iter().fold(deadlocks.len() as u64, |sum, d| {
                    mix(
                        mix(sum, d.members.len() as u64),
                        (d.cycles.len() as u64) << 32 | d.breaking_set.len() as u64,
                    )
                });
                expected.check(sum);
            });
        });
        g.finish();
    }

    if !skipped("components") {
        let mut g = group(c, "components", n);
        let expected = Expected::new(format!("components/{n}"));
        g.bench_function(&id, |b| {
            b.iter(|| {
                let components = black_box(agenda).strongly_connected_components();
                let sum = components
                    .iter()
                    .fold(components.len() as u64, |sum, c| mix(sum, c.len() as u64));
                expected.check(sum);
            });
        });
        g.finish();
    }

    if let Some(last) = agenda.commitments().last() {
        let target = NodeId::from(last.id.clone());
        if !skipped("critical_path") {
            let mut g = group(c, "critical_path", n);
            let expected = Expected::new(format!("critical_path/{n}"));
            g.bench_function(&id, |b| {
                b.iter(|| {
                    let path = black_box(agenda)
                        .critical_path(black_box(&target))
                        .expect("the last commitment exists");
                    let sum = path
                        .steps
                        .iter()
                        .fold(date_number(path.earliest), |sum, s| {
                            mix(
                                sum,
                                position(agenda, s.commitment)
                                    ^ s.slack_days.unwrap_or(-1).unsigned_abs(),
                            )
                        });
                    expected.check(sum);
                });
            });
            g.finish();
        }
    }

    if !skipped("latest_dates") {
        let mut g = group(c, "latest_dates", n);
        let expected = Expected::new(format!("latest_dates/{n}"));
        g.bench_function(&id, |b| {
            b.iter(|| {
                let latest = black_box(agenda).latest_dates();
                assert_eq!(latest.len(), agenda.commitments().len());
                let sum = latest.iter().fold(0, |sum, l| {
                    mix(
                        sum,
                        date_number(l.latest) ^ l.bound_by.map_or(0, |c| position(agenda, c)),
                    )
                });
                expected.check(sum);
            });
        });
        g.finish();
    }

    let as_of = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a valid date");
    if !skipped("progress") {
        let mut g = group(c, "progress", n);
        let expected = Expected::new(format!("progress/{n}"));
        g.bench_function(&id, |b| {
            b.iter(|| {
                let p = black_box(agenda).progress(black_box(as_of));
                assert_eq!(p.overall.total, agenda.commitments().len());
                let sum = [
                    p.overall.total,
                    p.overall.due,
                    p.overall.done,
                    p.overall.done_of_due,
                    p.by_programme.len(),
                    p.programmes_done.len(),
                ]
                .into_iter()
                .fold(0, |sum, x| mix(sum, x as u64));
                expected.check(sum);
            });
        });
        g.finish();
    }
}

fn benches(c: &mut Criterion) {
    for n in sizes() {
        let json = synth::generate_json(&config(n));
        bench_load(c, n, &json);
        bench_load_file(c, n, &json);
        let agenda = Agenda::from_json_str(&json).expect("the synthetic agenda loads");
        drop(json);
        assert_eq!(agenda.commitments().len(), n);
        bench_queries(c, n, &agenda);
    }
}

criterion_group!(queries, benches);
criterion_main!(queries);
