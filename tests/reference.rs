//! The analyses against naive reference computations on generated acyclic
//! agendas: repeated expansion to a fixed point instead of graph
//! traversals, full scans instead of indexes.

#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]

mod common;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use common::{agenda, node};
use union_state::*;

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

struct Case {
    agenda: Agenda,
    names: Vec<String>,
    /// Deadline's last day per commitment.
    due: Vec<Option<NaiveDate>>,
    /// Requires edges (prerequisite, dependent), lower index to higher.
    edges: Vec<(usize, usize)>,
}

const PRECISIONS: [&str; 4] = ["day", "month", "quarter", "year"];

fn case(rng: &mut Lcg) -> Case {
    let n = 1 + rng.next(24);
    let names: Vec<String> = (0..n).map(|i| format!("P{}.c{i:02}", i % 3)).collect();
    let mut dues: Vec<Option<String>> = Vec::new();
    for _ in 0..n {
        let year = 2021 + rng.next(6);
        let text = match PRECISIONS[rng.next(5).min(3)] {
            _ if rng.next(5) == 0 => None,
            "day" => Some(format!(
                "{year}-{:02}-{:02}",
                1 + rng.next(12),
                1 + rng.next(28)
            )),
            "month" => Some(format!("{year}-{:02}", 1 + rng.next(12))),
            "quarter" => Some(format!("{year}-Q{}", 1 + rng.next(4))),
            _ => Some(format!("{year}")),
        };
        dues.push(text);
    }
    let mut edges = Vec::new();
    for _ in 0..rng.next(2 * n + 1) {
        let (a, b) = (rng.next(n), rng.next(n));
        if a < b && !edges.contains(&(a, b)) {
            edges.push((a, b));
        }
    }
    let commitments: Vec<(&str, Option<&str>)> = names
        .iter()
        .zip(&dues)
        .map(|(n, d)| (n.as_str(), d.as_deref()))
        .collect();
    let deps: Vec<(&str, &str, &str)> = edges
        .iter()
        .map(|&(a, b)| (names[a].as_str(), names[b].as_str(), "requires"))
        .collect();
    let agenda = agenda(&commitments, &deps);
    let due = dues
        .iter()
        .map(|d| {
            d.as_ref()
                .map(|d| d.parse::<PartialDate>().unwrap().last_day())
        })
        .collect();
    Case {
        agenda,
        names,
        due,
        edges,
    }
}

/// Transitive dependents of `i` by repeated expansion to a fixed point.
fn naive_dependents(c: &Case, i: usize) -> BTreeSet<usize> {
    let mut set: BTreeSet<usize> = BTreeSet::new();
    loop {
        let before = set.len();
        for &(a, b) in &c.edges {
            if a == i || set.contains(&a) {
                set.insert(b);
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

fn naive_prerequisites(c: &Case, i: usize) -> BTreeSet<usize> {
    (0..c.names.len())
        .filter(|&j| naive_dependents(c, j).contains(&i))
        .collect()
}

fn index(c: &Case, id: &CommitmentId) -> usize {
    c.names.iter().position(|n| n == id.as_str()).unwrap()
}

/// Earliest completion: the latest planned day among `i` and its prerequisites.
fn naive_earliest(c: &Case, i: usize, plan: &[Option<NaiveDate>]) -> Option<NaiveDate> {
    naive_prerequisites(c, i)
        .into_iter()
        .chain([i])
        .filter_map(|j| plan[j])
        .max()
}

#[test]
fn latest_dates_equal_the_minimum_over_dependents() {
    let mut rng = Lcg(11);
    for _ in 0..120 {
        let c = case(&mut rng);
        for l in c.agenda.latest_dates() {
            let i = index(&c, &l.commitment.id);
            let expect = naive_dependents(&c, i)
                .into_iter()
                .chain([i])
                .filter_map(|j| c.due[j])
                .min();
            assert_eq!(l.latest, expect, "{}", l.commitment.id);
            if let Some(b) = l.bound_by {
                assert_eq!(c.due[index(&c, &b.id)], expect);
            }
        }
    }
}

#[test]
fn deadline_conflicts_equal_a_scan_of_the_edges() {
    let mut rng = Lcg(12);
    for _ in 0..120 {
        let c = case(&mut rng);
        let mut expect: Vec<(usize, usize, i64)> = c
            .edges
            .iter()
            .filter_map(|&(a, b)| match (c.due[a], c.due[b]) {
                (Some(x), Some(y)) if x > y => Some((b, a, (x - y).num_days())),
                _ => None,
            })
            .collect();
        // Documented order: the dependencies', by prerequisite id, then
        // dependent id.
        expect.sort_by_key(|&(d, p, _)| (c.names[p].clone(), c.names[d].clone()));
        let got: Vec<(usize, usize, i64)> = c
            .agenda
            .deadline_conflicts()
            .iter()
            .map(|k| {
                // Between two commitments, the record is the edge itself.
                assert_eq!(
                    k.dependency.prerequisite.as_str(),
                    k.prerequisite.id.as_str()
                );
                assert_eq!(k.dependency.dependent.as_str(), k.dependent.id.as_str());
                assert_eq!((k.late_prerequisites, k.early_dependents), (1, 1));
                (
                    index(&c, &k.dependent.id),
                    index(&c, &k.prerequisite.id),
                    k.days,
                )
            })
            .collect();
        assert_eq!(got, expect);
    }
}

#[test]
fn critical_path_earliest_and_chain_are_consistent_with_the_reference() {
    let mut rng = Lcg(13);
    for _ in 0..120 {
        let c = case(&mut rng);
        for i in 0..c.names.len() {
            let path = c.agenda.critical_path(&node(&c.names[i])).unwrap();
            assert_eq!(
                path.earliest,
                naive_earliest(&c, i, &c.due),
                "{}",
                c.names[i]
            );
            // The chain ends at the target, and each step requires the one before.
            let chain: Vec<usize> = path
                .steps
                .iter()
                .map(|s| index(&c, &s.commitment.id))
                .collect();
            assert_eq!(chain.last(), Some(&i));
            for w in chain.windows(2) {
                assert!(c.edges.contains(&(w[0], w[1])), "{chain:?}");
            }
            // The first step has no prerequisite with a later earliest completion.
            let first = chain[0];
            for p in naive_prerequisites(&c, first) {
                assert!(naive_earliest(&c, p, &c.due) <= path.steps[0].earliest);
            }
            for s in &path.steps {
                if let Some(slack) = s.slack_days {
                    assert!(slack >= 0);
                }
            }
        }
    }
}

#[test]
fn slip_equals_a_recomputation_of_the_plan() {
    let mut rng = Lcg(14);
    for _ in 0..120 {
        let c = case(&mut rng);
        let i = rng.next(c.names.len());
        let months = rng.next(30) as i32 - 6;
        let result = c.agenda.slip(&node(&c.names[i]), Slip::Months(months));
        let Some(base) = c.due[i] else {
            assert_eq!(
                result,
                Err(QueryError::NoDeadline {
                    id: c.names[i].clone()
                })
            );
            continue;
        };
        let moved = Slip::Months(months).apply(base).unwrap();
        let mut plan = c.due.clone();
        plan[i] = Some(moved);
        let mut expect: Vec<(usize, i64)> = naive_dependents(&c, i)
            .into_iter()
            .filter_map(|d| {
                let due = c.due[d]?;
                let before = naive_earliest(&c, d, &c.due)?;
                let after = naive_earliest(&c, d, &plan)?;
                (after > due && after > before).then(|| (d, (after - due).num_days()))
            })
            .collect();
        let got: Vec<(usize, i64)> = result
            .unwrap()
            .iter()
            .map(|h| (index(&c, &h.commitment.id), h.late_by_days))
            .collect();
        let mut got_sorted = got.clone();
        got_sorted.sort_unstable();
        expect.sort_unstable();
        assert_eq!(got_sorted, expect, "{} by {months}", c.names[i]);
    }
}

#[test]
fn waves_are_longest_chains_of_prerequisites() {
    let mut rng = Lcg(15);
    for _ in 0..120 {
        let c = case(&mut rng);
        let n = c.names.len();
        // Longest chain ending at each commitment, by repeated relaxation.
        let mut depth = vec![0usize; n];
        for _ in 0..n {
            for &(a, b) in &c.edges {
                depth[b] = depth[b].max(depth[a] + 1);
            }
        }
        let waves = c.agenda.waves(None);
        assert_eq!(waves.iter().map(Vec::len).sum::<usize>(), n);
        for (k, wave) in waves.iter().enumerate() {
            for commitment in wave {
                assert_eq!(depth[index(&c, &commitment.id)], k, "{}", commitment.id);
            }
        }
    }
}

#[test]
fn overdue_due_between_and_progress_equal_full_scans() {
    let mut rng = Lcg(16);
    for _ in 0..60 {
        let c = case(&mut rng);
        let as_of =
            NaiveDate::from_ymd_opt(2021 + rng.next(6) as i32, 1 + rng.next(12) as u32, 1).unwrap();
        // No events in these agendas: nothing is done, everything due is late.
        let mut late: Vec<usize> = (0..c.names.len())
            .filter(|&i| c.due[i].is_some_and(|d| d < as_of))
            .collect();
        late.sort_by_key(|&i| (c.due[i], c.names[i].clone()));
        let got: Vec<usize> = c
            .agenda
            .overdue(as_of)
            .iter()
            .map(|x| index(&c, &x.id))
            .collect();
        let mut got_by_date = got.clone();
        got_by_date.sort_by_key(|&i| (c.due[i], c.names[i].clone()));
        assert_eq!(got_by_date, late);
        let to = as_of + chrono::Days::new(400);
        let between: BTreeSet<usize> = (0..c.names.len())
            .filter(|&i| c.due[i].is_some_and(|d| d >= as_of && d <= to))
            .collect();
        let got: BTreeSet<usize> = c
            .agenda
            .due_between(as_of, to)
            .iter()
            .map(|x| index(&c, &x.id))
            .collect();
        assert_eq!(got, between);
        let p = c.agenda.progress(as_of);
        assert_eq!(p.overall.total, c.names.len());
        assert_eq!(
            p.overall.due,
            c.due
                .iter()
                .filter(|d| d.is_some_and(|d| d <= as_of))
                .count()
        );
        assert_eq!(p.overall.done, 0);
    }
}
