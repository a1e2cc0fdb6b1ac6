//! The analyses against naive reference computations on generated agendas
//! with everything the format allows between commitments: deadlines of every
//! precision and none, status events (done, dropped, delayed, in progress),
//! dependencies between commitments, programmes and programmes without
//! commitments, *conditional on* dependencies that may form cycles, and
//! *related* ones.
//!
//! The reference model knows nothing of the crate's graph: every dependency
//! is expanded into pairs of "atoms" (a commitment, or a programme without
//! commitments, which the documented milestone rule makes a point that
//! dependencies pass through), and every answer is a fixed point over that
//! list of pairs or a full scan. Dates are computed here from their
//! wording, and moved by month arithmetic written here, so the crate's own
//! date code is not its own reference. Lists are compared in full, order
//! included (deadline by its last day, then its first, undated last, then
//! id).

#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::too_many_lines,
    clippy::needless_range_loop
)]

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use union_state::error::*;
use union_state::query::*;
use union_state::*;

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// A dependency end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    /// Commitment `i`.
    C(usize),
    /// Programme `k`, with commitments.
    P(usize),
    /// Programme `j` without commitments.
    E(usize),
}

/// A deadline: its wording, its first and last day.
#[derive(Clone, Debug)]
struct Due {
    text: String,
    first: NaiveDate,
    last: NaiveDate,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn days_in_month(y: i32, m: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(y, m, d).is_some())
        .unwrap()
}

/// `date` moved by `months` calendar months, the day clamped to the
/// month's length; `None` outside years 1 to 9999.
fn add_months(date: NaiveDate, months: i64) -> Option<NaiveDate> {
    let total = i64::from(date.year()) * 12 + i64::from(date.month0()) + months;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    if !(1..=9999).contains(&y) {
        return None;
    }
    let y = y as i32;
    Some(ymd(y, m, date.day().min(days_in_month(y, m))))
}

fn random_due(rng: &mut Lcg) -> Option<Due> {
    let y = 2021 + rng.next(6) as i32;
    let (text, first, last) = match rng.next(5) {
        0 => return None,
        1 => {
            let (m, d) = (1 + rng.next(12) as u32, 1 + rng.next(28) as u32);
            (format!("{y}-{m:02}-{d:02}"), ymd(y, m, d), ymd(y, m, d))
        }
        2 => {
            let m = 1 + rng.next(12) as u32;
            (
                format!("{y}-{m:02}"),
                ymd(y, m, 1),
                ymd(y, m, days_in_month(y, m)),
            )
        }
        3 => {
            let q = 1 + rng.next(4) as u32;
            let m = 3 * q;
            (
                format!("{y}-Q{q}"),
                ymd(y, m - 2, 1),
                ymd(y, m, days_in_month(y, m)),
            )
        }
        _ => (format!("{y}"), ymd(y, 1, 1), ymd(y, 12, 31)),
    };
    Some(Due { text, first, last })
}

struct Case {
    agenda: Agenda,
    /// Commitment ids, in id order (= index order).
    names: Vec<String>,
    /// Programme of each commitment.
    block_of: Vec<usize>,
    /// Commitments of each programme with commitments.
    blocks: Vec<std::ops::Range<usize>>,
    /// Programmes without commitments.
    empties: usize,
    due: Vec<Option<Due>>,
    /// Events per commitment: (last day it takes effect, status).
    events: Vec<Vec<(NaiveDate, Status)>>,
    /// Expanded *requires* pairs between atoms (commitments `0..n`,
    /// programmes without commitments `n..n + empties`).
    requires: BTreeSet<(usize, usize)>,
    /// Expanded *conditional on* pairs.
    conditions: BTreeSet<(usize, usize)>,
    /// Expanded *related* pairs.
    related: BTreeSet<(usize, usize)>,
}

impl Case {
    fn n(&self) -> usize {
        self.names.len()
    }

    fn atoms(&self, e: End) -> Vec<usize> {
        match e {
            End::C(i) => vec![i],
            End::P(k) => self.blocks[k].clone().collect(),
            End::E(j) => vec![self.n() + j],
        }
    }

    fn end_name(&self, e: End) -> String {
        match e {
            End::C(i) => self.names[i].clone(),
            End::P(k) => format!("P{k}"),
            End::E(j) => format!("E{j}"),
        }
    }

    fn status(&self, i: usize, as_of: NaiveDate) -> Status {
        self.events[i]
            .iter()
            .rfind(|(d, _)| *d <= as_of)
            .map_or(Status::Planned, |&(_, s)| s)
    }

    fn finished(&self, i: usize, as_of: NaiveDate) -> bool {
        matches!(self.status(i, as_of), Status::Done | Status::Dropped)
    }

    /// The documented order of commitments: deadline's last day, then first
    /// day (undated last), then id.
    fn sort(&self, list: &mut [usize]) {
        list.sort_by_key(|&i| {
            (
                self.due[i].is_none(),
                self.due[i].as_ref().map(|d| (d.last, d.first)),
                self.names[i].clone(),
            )
        });
    }

    fn ids(&self, list: &[&Commitment]) -> Vec<usize> {
        list.iter()
            .map(|c| self.names.iter().position(|n| n == c.id.as_str()).unwrap())
            .collect()
    }

    fn sorted(&self, set: impl IntoIterator<Item = usize>) -> Vec<usize> {
        let mut v: Vec<usize> = set.into_iter().filter(|&i| i < self.n()).collect();
        v.sort_unstable();
        v.dedup();
        self.sort(&mut v);
        v
    }

    fn last(&self, i: usize) -> Option<NaiveDate> {
        self.due[i].as_ref().map(|d| d.last)
    }
}

fn generate(rng: &mut Lcg) -> Case {
    let n = 1 + rng.next(20);
    // Contiguous blocks of commitments, one per programme, so that the order
    // of ids is the order of indices.
    let mut blocks = Vec::new();
    let mut start = 0;
    while start < n {
        let len = 1 + rng.next(4);
        let end = (start + len).min(n);
        blocks.push(start..end);
        start = end;
    }
    let mut block_of = vec![0; n];
    for (k, b) in blocks.iter().enumerate() {
        for i in b.clone() {
            block_of[i] = k;
        }
    }
    let names: Vec<String> = (0..n)
        .map(|i| format!("P{}.c{i:02}", block_of[i]))
        .collect();
    let empties = rng.next(3);
    // Positions for the order of *requires* ends: commitment i at 2i + 1,
    // an empty programme at an even position.
    let empty_pos: Vec<usize> = (0..empties).map(|_| 2 * rng.next(n + 1)).collect();
    let span = |e: End| -> (usize, usize) {
        match e {
            End::C(i) => (2 * i + 1, 2 * i + 1),
            End::P(k) => (2 * blocks[k].start + 1, 2 * (blocks[k].end - 1) + 1),
            End::E(j) => (empty_pos[j], empty_pos[j]),
        }
    };
    let random_end = |rng: &mut Lcg| match rng.next(6) {
        0..=3 => End::C(rng.next(n)),
        4 => End::P(rng.next(blocks.len())),
        _ if empties > 0 => End::E(rng.next(empties)),
        _ => End::C(rng.next(n)),
    };
    let due: Vec<Option<Due>> = (0..n).map(|_| random_due(rng)).collect();
    let statuses = [
        Status::Done,
        Status::Dropped,
        Status::Delayed,
        Status::InProgress,
        Status::Done,
    ];
    let mut events: Vec<Vec<(NaiveDate, String, Status)>> = Vec::new();
    for _ in 0..n {
        let mut list = Vec::new();
        for _ in 0..rng.next(3) {
            let (y, m) = (2021 + rng.next(6) as i32, 1 + rng.next(12) as u32);
            let (wording, effective) = if rng.next(2) == 0 {
                let d = 1 + rng.next(28) as u32;
                (format!("{y}-{m:02}-{d:02}"), ymd(y, m, d))
            } else {
                (format!("{y}-{m:02}"), ymd(y, m, days_in_month(y, m)))
            };
            list.push((effective, wording, statuses[rng.next(statuses.len())]));
        }
        list.sort_by_key(|(effective, _, _)| *effective);
        events.push(list);
    }
    let mut deps: Vec<(End, End, &str)> = Vec::new();
    let mut pairs = BTreeSet::new();
    for _ in 0..rng.next(2 * n + 2) {
        let (a, b) = (random_end(rng), random_end(rng));
        let (kind, ok) = match rng.next(6) {
            0 => ("conditional_on", true),
            1 => ("related", true),
            _ => ("requires", span(a).1 < span(b).0),
        };
        let (sa, sb) = (span(a), span(b));
        let overlap = sa.0 <= sb.1 && sb.0 <= sa.1;
        if ok && !overlap && pairs.insert((a, b)) {
            deps.push((a, b, kind));
        }
    }

    // The agenda, as a JSON file.
    let mut json = String::from(
        r#"{"format":"union-state/1","states":[{"code":"BY","name":"Belarus"},{"code":"RU","name":"Russia"}],
"sources":[{"id":"S1","title":"a report","publisher":"a paper","date":"2021","url":"https://example.org/r"}],"programmes":["#,
    );
    let programme = |id: String| {
        format!(
            r#"{{"id":"{id}","title":"programme {id}","sector":"s","mode":"harmonisation","mode_basis":"stated","basis":"stated","states":["BY","RU"],"sources":["S1"]}}"#
        )
    };
    let mut list: Vec<String> = (0..empties).map(|j| programme(format!("E{j}"))).collect();
    list.extend((0..blocks.len()).map(|k| programme(format!("P{k}"))));
    json.push_str(&list.join(","));
    json.push_str(r#"],"commitments":["#);
    let mut list = Vec::new();
    for i in 0..n {
        let mut c = format!(
            r#"{{"id":"{}","title":"do {i}","acting":{{"joint":["BY","RU"]}},"basis":"stated","sources":["S1"]"#,
            names[i]
        );
        if let Some(d) = &due[i] {
            write!(
                c,
                r#","deadline":{{"date":"{}","basis":"stated","sources":["S1"]}}"#,
                d.text
            )
            .unwrap();
        }
        if !events[i].is_empty() {
            let e: Vec<String> = events[i]
                .iter()
                .map(|(_, text, s)| {
                    format!(
                        r#"{{"date":"{text}","status":"{}","basis":"stated","sources":["S1"]}}"#,
                        serde_json::to_value(s).unwrap().as_str().unwrap()
                    )
                })
                .collect();
            write!(c, r#","events":[{}]"#, e.join(",")).unwrap();
        }
        c.push('}');
        list.push(c);
    }
    json.push_str(&list.join(","));
    json.push_str(r#"],"dependencies":["#);
    let mut case = Case {
        agenda: Agenda::empty(),
        names,
        block_of,
        blocks,
        empties,
        due,
        events: events
            .into_iter()
            .map(|l| l.into_iter().map(|(d, _, s)| (d, s)).collect())
            .collect(),
        requires: BTreeSet::new(),
        conditions: BTreeSet::new(),
        related: BTreeSet::new(),
    };
    let mut list = Vec::new();
    for &(a, b, kind) in &deps {
        let extra = if kind == "conditional_on" {
            if rng.next(2) == 0 {
                r#","demanded_by":"BY""#
            } else {
                r#","demanded_by":"RU""#
            }
        } else {
            ""
        };
        list.push(format!(
            r#"{{"prerequisite":"{}","dependent":"{}","kind":"{kind}"{extra},"basis":"stated","sources":["S1"]}}"#,
            case.end_name(a),
            case.end_name(b)
        ));
        let expanded: Vec<(usize, usize)> = case
            .atoms(a)
            .into_iter()
            .flat_map(|x| case.atoms(b).into_iter().map(move |y| (x, y)))
            .collect();
        let target = match kind {
            "requires" => &mut case.requires,
            "conditional_on" => &mut case.conditions,
            _ => &mut case.related,
        };
        target.extend(expanded);
    }
    json.push_str(&list.join(","));
    json.push_str("]}");
    case.agenda = Agenda::from_json_str(&json).unwrap_or_else(|e| panic!("{e}"));
    case
}

/// The atoms reached from `seeds` in one or more steps along `edges`
/// (backwards when `back`), by repeated expansion to a fixed point.
fn reached(edges: &BTreeSet<(usize, usize)>, seeds: &[usize], back: bool) -> BTreeSet<usize> {
    let mut set = BTreeSet::new();
    loop {
        let before = set.len();
        for &(a, b) in edges {
            let (from, to) = if back { (b, a) } else { (a, b) };
            if seeds.contains(&from) || set.contains(&from) {
                set.insert(to);
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

/// The commitments one step away from `seeds` along `edges`, passing
/// through programmes without commitments (atoms `>= n`).
fn adjacent(
    case: &Case,
    edges: &BTreeSet<(usize, usize)>,
    seeds: &[usize],
    back: bool,
) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut frontier: Vec<usize> = seeds.to_vec();
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    while let Some(x) = frontier.pop() {
        for &(a, b) in edges {
            let (from, to) = if back { (b, a) } else { (a, b) };
            if from != x {
                continue;
            }
            if to < case.n() {
                out.insert(to);
            } else if seen.insert(to) {
                frontier.push(to);
            }
        }
    }
    out
}

fn ends(case: &Case) -> Vec<End> {
    (0..case.n())
        .map(End::C)
        .chain((0..case.blocks.len()).map(End::P))
        .chain((0..case.empties).map(End::E))
        .collect()
}

fn node(case: &Case, e: End) -> NodeId {
    case.end_name(e).parse().unwrap()
}

fn dates(rng: &mut Lcg) -> NaiveDate {
    ymd(
        2021 + rng.next(7) as i32,
        1 + rng.next(12) as u32,
        1 + rng.next(28) as u32,
    )
}

#[test]
fn prerequisites_and_dependents_equal_fixed_points_over_expanded_pairs() {
    let mut rng = Lcg(21);
    for _ in 0..150 {
        let c = generate(&mut rng);
        let all: BTreeSet<(usize, usize)> = c
            .requires
            .iter()
            .chain(&c.conditions)
            .chain(&c.related)
            .copied()
            .collect();
        let with_conditions: BTreeSet<(usize, usize)> =
            c.requires.union(&c.conditions).copied().collect();
        for e in ends(&c) {
            let id = node(&c, e);
            let seeds = c.atoms(e);
            let got = c.ids(&c.agenda.prerequisites(&id).unwrap());
            assert_eq!(
                got,
                c.sorted(reached(&c.requires, &seeds, true)),
                "prerequisites of {id}"
            );
            let got = c.ids(&c.agenda.dependents(&id).unwrap());
            assert_eq!(
                got,
                c.sorted(reached(&c.requires, &seeds, false)),
                "dependents of {id}"
            );
            let got = c.ids(
                &c.agenda
                    .prerequisites_following(&id, Follow::REQUIRES_AND_CONDITIONS)
                    .unwrap(),
            );
            assert_eq!(
                got,
                c.sorted(reached(&with_conditions, &seeds, true)),
                "{id}"
            );
            let got = c.ids(&c.agenda.dependents_following(&id, Follow::ALL).unwrap());
            assert_eq!(got, c.sorted(reached(&all, &seeds, false)), "{id}");
            let got = c.ids(&c.agenda.direct_prerequisites(&id).unwrap());
            assert_eq!(
                got,
                c.sorted(adjacent(&c, &c.requires, &seeds, true)),
                "{id}"
            );
            let got = c.ids(&c.agenda.direct_dependents(&id).unwrap());
            assert_eq!(
                got,
                c.sorted(adjacent(&c, &c.requires, &seeds, false)),
                "{id}"
            );
        }
    }
}

#[test]
fn latest_dates_equal_the_minimum_over_dependents() {
    let mut rng = Lcg(22);
    for _ in 0..150 {
        let c = generate(&mut rng);
        for l in c.agenda.latest_dates() {
            let i = c.ids(&[l.commitment])[0];
            let expect = reached(&c.requires, &[i], false)
                .into_iter()
                .chain([i])
                .filter(|&j| j < c.n())
                .filter_map(|j| c.last(j))
                .min();
            assert_eq!(l.latest, expect, "{}", l.commitment.id);
            if let Some(b) = l.bound_by {
                assert_eq!(c.last(c.ids(&[b])[0]), expect);
            }
        }
    }
}

/// Earliest completion of every atom on `plan`: the latest planned day
/// among it and everything it requires.
fn earliest(c: &Case, plan: &[Option<NaiveDate>]) -> Vec<Option<NaiveDate>> {
    (0..c.n() + c.empties)
        .map(|x| {
            reached(&c.requires, &[x], true)
                .into_iter()
                .chain([x])
                .filter(|&j| j < c.n())
                .filter_map(|j| plan[j])
                .max()
        })
        .collect()
}

#[test]
fn critical_path_chain_earliest_and_slack_equal_the_reference() {
    let mut rng = Lcg(23);
    for _ in 0..150 {
        let c = generate(&mut rng);
        let plan: Vec<Option<NaiveDate>> = (0..c.n()).map(|i| c.last(i)).collect();
        let ec = earliest(&c, &plan);
        // The chain: from each atom, the direct predecessor with the latest
        // earliest completion, ties to the one whose own chain reaches the
        // smallest commitment id first (a programme without commitments is
        // passed through).
        let preds = |x: usize| -> Vec<usize> {
            c.requires
                .iter()
                .filter(|&&(_, b)| b == x)
                .map(|&(a, _)| a)
                .collect()
        };
        let atoms = c.n() + c.empties;
        let mut key = vec![usize::MAX; atoms];
        // Atoms in an order where predecessors come first: repeat until stable.
        for _ in 0..atoms {
            for x in 0..atoms {
                key[x] = if x < c.n() {
                    x
                } else {
                    preds(x)
                        .into_iter()
                        .max_by_key(|&p| (ec[p], std::cmp::Reverse(key[p])))
                        .map_or(usize::MAX, |p| key[p])
                };
            }
        }
        let best = |x: usize| {
            preds(x)
                .into_iter()
                .max_by_key(|&p| (ec[p], std::cmp::Reverse(key[p])))
        };
        for t in 0..c.n() {
            let path = c.agenda.critical_path(&node(&c, End::C(t))).unwrap();
            assert_eq!(path.earliest, ec[t], "{}", c.names[t]);
            let mut chain = Vec::new();
            let mut at = Some(t);
            while let Some(x) = at {
                if x < c.n() {
                    chain.push(x);
                }
                at = best(x);
            }
            chain.reverse();
            let got: Vec<usize> = path
                .steps
                .iter()
                .map(|s| c.ids(&[s.commitment])[0])
                .collect();
            assert_eq!(got, chain, "critical path of {}", c.names[t]);
            // Slack: how late a step may finish without moving the target,
            // the smallest latest finish of what it feeds inside the
            // target's prerequisites (the target's latest finish is its
            // earliest).
            let inside: BTreeSet<usize> = reached(&c.requires, &[t], true);
            let mut latest: Vec<Option<NaiveDate>> = vec![None; atoms];
            latest[t] = ec[t];
            for _ in 0..atoms {
                for &x in &inside {
                    latest[x] = c
                        .requires
                        .iter()
                        .filter(|&&(a, b)| a == x && (b == t || inside.contains(&b)))
                        .filter_map(|&(_, b)| latest[b])
                        .min();
                }
            }
            for (s, &x) in path.steps.iter().zip(&got) {
                let expect = match (latest[x], ec[x]) {
                    (Some(l), Some(e)) => Some((l - e).num_days()),
                    _ => None,
                };
                assert_eq!(
                    s.slack_days, expect,
                    "slack of {} towards {}",
                    c.names[x], c.names[t]
                );
                assert_eq!(s.earliest, ec[x]);
            }
        }
    }
}

#[test]
fn slip_equals_a_recomputation_of_the_plan_with_months_moved_here() {
    let mut rng = Lcg(24);
    for _ in 0..200 {
        let c = generate(&mut rng);
        let i = rng.next(c.n());
        let months = rng.next(40) as i64 - 10;
        let result = c
            .agenda
            .slip(&node(&c, End::C(i)), Slip::Months(months as i32));
        let Some(base) = c.last(i) else {
            assert_eq!(
                result,
                Err(QueryError::NoDeadline {
                    id: c.names[i].clone()
                })
            );
            continue;
        };
        let plan: Vec<Option<NaiveDate>> = (0..c.n()).map(|j| c.last(j)).collect();
        let mut moved = plan.clone();
        moved[i] = add_months(base, months);
        let (before, after) = (earliest(&c, &plan), earliest(&c, &moved));
        let mut expect: Vec<usize> = reached(&c.requires, &[i], false)
            .into_iter()
            .filter(|&d| d < c.n() && d != i)
            .filter(|&d| match (c.last(d), before[d], after[d]) {
                (Some(due), Some(b), Some(a)) => a > due && a > b,
                _ => false,
            })
            .collect();
        c.sort(&mut expect);
        let result = result.unwrap();
        assert_eq!(
            c.ids(&result.iter().map(|h| h.commitment).collect::<Vec<_>>()),
            expect
        );
        for h in &result {
            let d = c.ids(&[h.commitment])[0];
            assert_eq!(
                h.late_by_days,
                (after[d].unwrap() - c.last(d).unwrap()).num_days()
            );
            assert_eq!(Some(h.earliest_before), before[d]);
        }
    }
}

#[test]
fn waves_and_why_blocked_follow_one_rule_done_work_unblocks() {
    let mut rng = Lcg(25);
    for _ in 0..200 {
        let c = generate(&mut rng);
        let as_of = dates(&mut rng);
        let atoms = c.n() + c.empties;
        // Wave of an unfinished commitment: 0 when nothing unfinished holds
        // it up, else one past the deepest unfinished commitment feeding it;
        // finished commitments hold nothing up; empty programmes pass through.
        let mut level: Vec<Option<usize>> = vec![None; atoms];
        for _ in 0..=atoms {
            for x in 0..atoms {
                let from = c
                    .requires
                    .iter()
                    .filter(|&&(_, b)| b == x)
                    .filter_map(|&(a, _)| level[a])
                    .max();
                level[x] = if x >= c.n() {
                    from
                } else if c.finished(x, as_of) {
                    None
                } else {
                    Some(from.map_or(0, |l| l + 1))
                };
            }
        }
        let waves = c.agenda.waves(Some(as_of));
        let mut placed = BTreeSet::new();
        for (k, wave) in waves.iter().enumerate() {
            let got = c.ids(wave);
            let expect =
                c.sorted((0..c.n()).filter(|&i| level[i] == Some(k) && !c.finished(i, as_of)));
            assert_eq!(got, expect, "wave {k}");
            placed.extend(got);
        }
        assert_eq!(
            placed,
            (0..c.n())
                .filter(|&i| !c.finished(i, as_of))
                .collect::<BTreeSet<_>>()
        );
        for i in 0..c.n() {
            // Blockers: unfinished commitments reached backwards through
            // unfinished commitments and empty programmes only.
            let mut blockers = BTreeSet::new();
            let mut frontier = vec![i];
            let mut seen = BTreeSet::new();
            while let Some(x) = frontier.pop() {
                for &(a, b) in &c.requires {
                    if b != x || !seen.insert(a) {
                        continue;
                    }
                    if a >= c.n() {
                        frontier.push(a);
                    } else if !c.finished(a, as_of) {
                        blockers.insert(a);
                        frontier.push(a);
                    }
                }
            }
            let got = c.agenda.why_blocked(&node(&c, End::C(i)), as_of).unwrap();
            let list: Vec<&Commitment> = got.iter().map(|b| b.commitment).collect();
            assert_eq!(
                c.ids(&list),
                c.sorted(blockers.clone()),
                "why {}",
                c.names[i]
            );
            for b in &got {
                let j = c.ids(&[b.commitment])[0];
                assert_eq!(b.status, c.status(j, as_of));
                let waiting = adjacent(&c, &c.requires, &[j], true)
                    .into_iter()
                    .filter(|&p| !c.finished(p, as_of));
                assert_eq!(c.ids(&b.waiting_on), c.sorted(waiting));
            }
            if !c.finished(i, as_of) {
                assert_eq!(blockers.is_empty(), level[i] == Some(0), "{}", c.names[i]);
            }
            // What becomes possible once i is done.
            let ready: Vec<usize> = adjacent(&c, &c.requires, &[i], false)
                .into_iter()
                .filter(|&d| d != i && !c.finished(d, as_of))
                .filter(|&d| {
                    adjacent(&c, &c.requires, &[d], true)
                        .into_iter()
                        .all(|p| p == i || c.finished(p, as_of))
                })
                .collect();
            let got = c.agenda.ready_if_done(&node(&c, End::C(i)), as_of).unwrap();
            assert_eq!(c.ids(&got), c.sorted(ready), "ready if {} done", c.names[i]);
        }
    }
}

#[test]
fn status_overdue_due_between_and_progress_equal_full_scans_in_order() {
    let mut rng = Lcg(26);
    for _ in 0..200 {
        let c = generate(&mut rng);
        let as_of = dates(&mut rng);
        for i in 0..c.n() {
            let got = c.agenda.commitments()[i].status_as_of(as_of);
            assert_eq!(got, c.status(i, as_of), "{}", c.names[i]);
        }
        let late = c.sorted(
            (0..c.n()).filter(|&i| c.last(i).is_some_and(|d| d < as_of) && !c.finished(i, as_of)),
        );
        assert_eq!(c.ids(&c.agenda.overdue(as_of)), late);
        let to = as_of + chrono::Days::new(rng.next(800) as u64);
        let between =
            c.sorted((0..c.n()).filter(|&i| c.last(i).is_some_and(|d| d >= as_of && d <= to)));
        assert_eq!(c.ids(&c.agenda.due_between(as_of, to)), between);
        let p = c.agenda.progress(as_of);
        let tally = |set: &[usize]| {
            let due = |i: usize| c.last(i).is_some_and(|d| d <= as_of);
            let done = |i: usize| c.status(i, as_of) == Status::Done;
            Tally {
                total: set.len(),
                due: set.iter().filter(|&&i| due(i)).count(),
                done: set.iter().filter(|&&i| done(i)).count(),
                done_of_due: set.iter().filter(|&&i| due(i) && done(i)).count(),
            }
        };
        let everything: Vec<usize> = (0..c.n()).collect();
        assert_eq!(p.overall, tally(&everything));
        // Each programme, and programmes without commitments as empty tallies.
        for (k, block) in c.blocks.iter().enumerate() {
            let members: Vec<usize> = block.clone().collect();
            let id: ProgrammeId = format!("P{k}").parse().unwrap();
            assert_eq!(p.by_programme[&id], tally(&members));
        }
        for j in 0..c.empties {
            let id: ProgrammeId = format!("E{j}").parse().unwrap();
            assert_eq!(p.by_programme[&id], Tally::default());
        }
        // Complete: every commitment done; never a programme without any.
        let done: Vec<String> = (0..c.blocks.len())
            .filter(|&k| {
                c.blocks[k]
                    .clone()
                    .all(|i| c.status(i, as_of) == Status::Done)
            })
            .map(|k| format!("P{k}"))
            .collect();
        let mut done_sorted = done.clone();
        done_sorted.sort();
        let got: Vec<String> = p.programmes_done.iter().map(ToString::to_string).collect();
        assert_eq!(got, done_sorted);
        for state in ["BY", "RU"] {
            assert_eq!(
                p.by_state[&state.parse::<StateCode>().unwrap()],
                tally(&everything)
            );
        }
        let _ = &c.block_of;
    }
}
