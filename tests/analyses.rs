//! The analyses on small hand-built agendas, with answers worked out by
//! hand, and deadlocks checked against a brute-force reference.

#![allow(clippy::cast_possible_truncation)]

mod common;

use chrono::NaiveDate;
use common::{agenda, builder, ids, node};
use union_state::error::*;
use union_state::query::*;
use union_state::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn steps(cycle: &Cycle<'_>) -> Vec<String> {
    cycle
        .steps
        .iter()
        .map(|d| match &d.kind {
            DependencyKind::ConditionalOn { demanded_by } => {
                format!("{}>{}:{demanded_by}", d.prerequisite, d.dependent)
            }
            k => format!("{}>{}:{}", d.prerequisite, d.dependent, k.name()),
        })
        .collect()
}

#[test]
fn no_deadlocks_without_cycles() {
    assert!(AgendaBuilder::new().build().unwrap().deadlocks().is_empty());
    let a = agenda(
        &[("P.a", None), ("P.b", None)],
        &[("P.a", "P.b", "requires"), ("P.a", "P.b", "cond:BY")],
    );
    assert!(a.deadlocks().is_empty());
}

#[test]
fn a_mutual_two_cycle() {
    let a = agenda(
        &[("P.x", None), ("P.y", None)],
        &[("P.x", "P.y", "cond:BY"), ("P.y", "P.x", "cond:RU")],
    );
    let d = a.deadlocks();
    assert_eq!(d.len(), 1);
    let d = &d[0];
    assert_eq!(d.members, [node("P.x"), node("P.y")]);
    assert_eq!(d.cycles.len(), 1);
    assert_eq!(steps(&d.cycles[0]), ["P.x>P.y:BY", "P.y>P.x:RU"]);
    assert!(d.cycles[0].is_mutual() && d.is_mutual() && d.all_cycles_listed);
    assert_eq!(d.cycles[0].path(), [&node("P.x"), &node("P.y")]);
    assert!(d.breaking_set_exact);
    assert_eq!(d.breaking_set.len(), 1);
    assert_eq!(d.conditions().len(), 2);
}

#[test]
fn a_one_sided_cycle_is_not_mutual() {
    let a = agenda(
        &[("P.x", None), ("P.y", None)],
        &[("P.x", "P.y", "cond:BY"), ("P.y", "P.x", "cond:BY")],
    );
    let d = &a.deadlocks()[0];
    assert!(!d.is_mutual());
    assert_eq!(d.demanded_by(), [common::st("BY")]);
}

#[test]
fn requires_edges_close_condition_cycles_but_are_never_dropped() {
    // a requires b's... : a -> b (requires), b -> a (RU demands a after b).
    let a = agenda(
        &[("P.a", None), ("P.b", None)],
        &[("P.a", "P.b", "requires"), ("P.b", "P.a", "cond:RU")],
    );
    let d = &a.deadlocks()[0];
    assert_eq!(steps(&d.cycles[0]), ["P.a>P.b:requires", "P.b>P.a:RU"]);
    assert_eq!(d.breaking_set.len(), 1);
    assert_eq!(
        d.breaking_set[0].kind,
        DependencyKind::ConditionalOn {
            demanded_by: common::st("RU").into()
        }
    );
}

#[test]
fn a_shared_edge_breaks_two_cycles_at_once() {
    // a->b (BY), b->c (RU), c->a (BY), b->a (RU): cycles a-b-c and a-b;
    // dropping a->b alone breaks both.
    let a = agenda(
        &[("P.a", None), ("P.b", None), ("P.c", None)],
        &[
            ("P.a", "P.b", "cond:BY"),
            ("P.b", "P.c", "cond:RU"),
            ("P.c", "P.a", "cond:BY"),
            ("P.b", "P.a", "cond:RU"),
        ],
    );
    let d = &a.deadlocks()[0];
    assert_eq!(d.cycles.len(), 2);
    assert_eq!(steps(&d.cycles[0]), ["P.a>P.b:BY", "P.b>P.a:RU"]);
    assert_eq!(
        steps(&d.cycles[1]),
        ["P.a>P.b:BY", "P.b>P.c:RU", "P.c>P.a:BY"]
    );
    let broken: Vec<String> = d
        .breaking_set
        .iter()
        .map(|x| format!("{}>{}", x.prerequisite, x.dependent))
        .collect();
    assert_eq!(broken, ["P.a>P.b"]);
}

#[test]
fn a_condition_on_a_whole_programme() {
    // P stands for P.x: BY wants all of P before Q.y; RU wants Q.y before P.x.
    let a = agenda(
        &[("P.x", None), ("Q.y", None)],
        &[("P", "Q.y", "cond:BY"), ("Q.y", "P.x", "cond:RU")],
    );
    let d = &a.deadlocks()[0];
    assert_eq!(d.members, [node("P"), node("P.x"), node("Q.y")]);
    assert_eq!(steps(&d.cycles[0]), ["P>Q.y:BY", "Q.y>P.x:RU"]);
}

#[test]
fn separate_deadlocks_are_ordered_by_member() {
    let a = agenda(
        &[("B.x", None), ("B.y", None), ("A.x", None), ("A.y", None)],
        &[
            ("B.x", "B.y", "cond:BY"),
            ("B.y", "B.x", "cond:RU"),
            ("A.x", "A.y", "cond:BY"),
            ("A.y", "A.x", "cond:BY"),
        ],
    );
    let d = a.deadlocks();
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].members[0], node("A.x"));
    assert_eq!(d[1].members[0], node("B.x"));
}

/// A tiny deterministic generator for reference checks.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// All elementary cycles as sets of edge indices, by brute force over
/// every start node and path (small graphs only).
fn brute_cycles(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    fn walk(
        start: usize,
        at: usize,
        edges: &[(usize, usize)],
        on: &mut Vec<bool>,
        path: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        for (i, &(f, t)) in edges.iter().enumerate() {
            if f != at {
                continue;
            }
            if t == start {
                let mut c = path.clone();
                c.push(i);
                c.sort_unstable();
                out.push(c);
            } else if t > start && !on[t] {
                on[t] = true;
                path.push(i);
                walk(start, t, edges, on, path, out);
                path.pop();
                on[t] = false;
            }
        }
    }
    let mut out = Vec::new();
    for s in 0..n {
        let mut on = vec![false; n];
        on[s] = true;
        walk(s, s, edges, &mut on, &mut Vec::new(), &mut out);
    }
    out.sort();
    out
}

fn acyclic(n: usize, edges: &[(usize, usize)], removed: &[bool]) -> bool {
    let mut indeg = vec![0; n];
    for (i, &(_, t)) in edges.iter().enumerate() {
        if !removed[i] {
            indeg[t] += 1;
        }
    }
    let mut stack: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        for (i, &(f, t)) in edges.iter().enumerate() {
            if f == v && !removed[i] {
                indeg[t] -= 1;
                if indeg[t] == 0 {
                    stack.push(t);
                }
            }
        }
    }
    seen == n
}

#[test]
fn deadlocks_match_a_brute_force_reference() {
    let mut rng = Lcg(7);
    for round in 0..150 {
        let n = 2 + rng.next(5) as usize; // 2..=6 nodes
        let mut edges: Vec<(usize, usize)> = Vec::new();
        let mut kinds = Vec::new();
        for _ in 0..=rng.next(10) {
            let (f, t) = (rng.next(n as u64) as usize, rng.next(n as u64) as usize);
            if f == t || edges.contains(&(f, t)) {
                continue;
            }
            edges.push((f, t));
            kinds.push(if rng.next(2) == 0 {
                "cond:BY"
            } else {
                "cond:RU"
            });
        }
        let names: Vec<String> = (0..n).map(|i| format!("P.n{i}")).collect();
        let commitments: Vec<(&str, Option<&str>)> =
            names.iter().map(|s| (s.as_str(), None)).collect();
        let deps: Vec<(&str, &str, &str)> = edges
            .iter()
            .zip(&kinds)
            .map(|(&(f, t), k)| (names[f].as_str(), names[t].as_str(), *k))
            .collect();
        let a = agenda(&commitments, &deps);
        let found = a.deadlocks();
        // Every listed cycle, as a set of edge indices.
        let index_of = |d: &Dependency| {
            edges
                .iter()
                .position(|&(f, t)| {
                    names[f] == d.prerequisite.as_str() && names[t] == d.dependent.as_str()
                })
                .unwrap()
        };
        let mut listed: Vec<Vec<usize>> = found
            .iter()
            .flat_map(|d| d.cycles.iter())
            .map(|c| {
                let mut v: Vec<usize> = c.steps.iter().map(|d| index_of(d)).collect();
                v.sort_unstable();
                v
            })
            .collect();
        listed.sort();
        assert_eq!(listed, brute_cycles(n, &edges), "round {round}: {edges:?}");
        // The breaking sets together are a smallest set of edges whose
        // removal leaves the graph acyclic.
        let chosen: Vec<usize> = found
            .iter()
            .flat_map(|d| d.breaking_set.iter().map(|x| index_of(x)))
            .collect();
        let mut removed = vec![false; edges.len()];
        for &c in &chosen {
            removed[c] = true;
        }
        assert!(acyclic(n, &edges, &removed), "round {round}");
        let smallest = (0u32..1 << edges.len())
            .filter(|mask| {
                let r: Vec<bool> = (0..edges.len()).map(|i| mask & (1 << i) != 0).collect();
                acyclic(n, &edges, &r)
            })
            .map(u32::count_ones)
            .min()
            .unwrap();
        assert_eq!(chosen.len() as u32, smallest, "round {round}: {edges:?}");
    }
}

#[test]
fn large_components_get_a_greedy_breaking_set_that_works() {
    // A ring of 14 nodes with conditions both ways: 28 conditions, above the
    // exact limit.
    let names: Vec<String> = (0..14).map(|i| format!("P.r{i:02}")).collect();
    let commitments: Vec<(&str, Option<&str>)> = names.iter().map(|s| (s.as_str(), None)).collect();
    let mut deps = Vec::new();
    for i in 0..14 {
        let j = (i + 1) % 14;
        deps.push((names[i].as_str(), names[j].as_str(), "cond:BY"));
        deps.push((names[j].as_str(), names[i].as_str(), "cond:RU"));
    }
    let a = agenda(&commitments, &deps);
    let d = &a.deadlocks()[0];
    assert!(!d.breaking_set_exact);
    // Remove the suggested conditions and rebuild: no deadlock left.
    let dropped: Vec<(String, String)> = d
        .breaking_set
        .iter()
        .map(|x| (x.prerequisite.to_string(), x.dependent.to_string()))
        .collect();
    let kept: Vec<(&str, &str, &str)> = deps
        .iter()
        .copied()
        .filter(|(p, q, _)| !dropped.contains(&((*p).to_owned(), (*q).to_owned())))
        .collect();
    assert!(agenda(&commitments, &kept).deadlocks().is_empty());
    // 14 two-cycles, edge-disjoint: at least 14 must go; greedy finds 15 at most.
    assert!(
        (14..=15).contains(&d.breaking_set.len()),
        "{}",
        d.breaking_set.len()
    );
}

#[test]
fn deadline_conflicts_and_back_propagation() {
    // a (Jun 2023) must precede b (Mar 2023): a conflict of 91 days
    // (31 Mar -> 30 Jun). b must precede c (2025). d (undated) precedes c.
    let a = agenda(
        &[
            ("P.a", Some("2023-06")),
            ("P.b", Some("2023-03")),
            ("P.c", Some("2025")),
            ("P.d", None),
        ],
        &[
            ("P.a", "P.b", "requires"),
            ("P.b", "P.c", "requires"),
            ("P.d", "P.c", "requires"),
        ],
    );
    let conflicts = a.deadline_conflicts();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        (
            conflicts[0].prerequisite.id.as_str(),
            conflicts[0].dependent.id.as_str()
        ),
        ("P.a", "P.b")
    );
    assert_eq!(conflicts[0].days, 91);
    let latest: Vec<(String, Option<NaiveDate>, Option<String>)> = a
        .latest_dates()
        .iter()
        .map(|l| {
            (
                l.commitment.id.to_string(),
                l.latest,
                l.bound_by.map(|c| c.id.to_string()),
            )
        })
        .collect();
    assert_eq!(
        latest,
        [
            ("P.a".into(), Some(day("2023-03-31")), Some("P.b".into())),
            ("P.b".into(), Some(day("2023-03-31")), Some("P.b".into())),
            ("P.c".into(), Some(day("2025-12-31")), Some("P.c".into())),
            ("P.d".into(), Some(day("2025-12-31")), Some("P.c".into())),
        ]
    );
    assert!(agenda(&[], &[]).latest_dates().is_empty());
}

#[test]
fn due_before_the_programme_instrument() {
    let mut b = builder(
        &[("P.early", Some("2021-10")), ("P.fine", Some("2021-11"))],
        &[],
        &[],
    );
    b.add_instrument(Instrument {
        id: "decree".parse().unwrap(),
        title: "decree".into(),
        date: "2021-11-04".parse().unwrap(),
        issued_by: None,
        basis: Basis::Stated,
        note: None,
        sources: vec![],
        parties: vec![],
        signed: vec![],
        ratified: vec![],
        in_force: None,
    });
    let mut a = b.build().unwrap().to_builder();
    // Rebuild with the programme set by the decree.
    let agenda0 = a.clone().build().unwrap();
    let mut p = agenda0.programmes()[0].clone();
    p.set_by = Some("decree".parse().unwrap());
    a = AgendaBuilder::new();
    for s in agenda0.states() {
        a.add_state(s.clone());
    }
    a.add_instrument(agenda0.instruments()[0].clone());
    a.add_programme(p);
    for c in agenda0.commitments() {
        a.add_commitment(c.clone());
    }
    let agenda = a.build().unwrap();
    let hits = agenda.due_before_instrument();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].commitment.id.as_str(), "P.early");
    assert!(!hits[0].alternative);
    assert_eq!(hits[0].instrument_date.to_string(), "2021-11-04");
}

/// a (Jan 2022) -> b (Jun 2022) -> d; c (Sep 2022) -> d.
fn plan(d_due: Option<&str>) -> Agenda {
    agenda(
        &[
            ("P.a", Some("2022-01")),
            ("P.b", Some("2022-06")),
            ("P.c", Some("2022-09")),
            ("P.d", d_due),
        ],
        &[
            ("P.a", "P.b", "requires"),
            ("P.b", "P.d", "requires"),
            ("P.c", "P.d", "requires"),
        ],
    )
}

#[test]
fn critical_path_follows_the_latest_prerequisite() {
    // d undated: its earliest completion is c's, 30 Sep 2022.
    let a = plan(None);
    let path = a.critical_path(&node("P.d")).unwrap();
    let got: Vec<(&str, Option<NaiveDate>, Option<i64>)> = path
        .steps
        .iter()
        .map(|s| (s.commitment.id.as_str(), s.earliest, s.slack_days))
        .collect();
    assert_eq!(
        got,
        [
            ("P.c", Some(day("2022-09-30")), Some(0)),
            ("P.d", Some(day("2022-09-30")), Some(0))
        ]
    );
    assert_eq!(path.earliest, Some(day("2022-09-30")));
    // d due 2023: c may slip 457 days (30 Sep 2022 -> 31 Dec 2023).
    let a = plan(Some("2023"));
    let path = a.critical_path(&node("P.d")).unwrap();
    assert_eq!(path.steps[0].slack_days, Some(457));
    assert_eq!(path.steps[1].slack_days, Some(0));
    // The programme: its latest commitment is d.
    let by_programme = a.critical_path(&node("P")).unwrap();
    assert_eq!(by_programme, path);
    // A commitment with no prerequisites is its own path.
    let alone = a.critical_path(&node("P.a")).unwrap();
    assert_eq!(
        ids(&alone.steps.iter().map(|s| s.commitment).collect::<Vec<_>>()),
        ["P.a"]
    );
    assert!(matches!(
        a.critical_path(&node("P.zz")),
        Err(QueryError::UnknownId { .. })
    ));
}

#[test]
fn slip_reports_what_can_no_longer_be_met() {
    // a (15 Jan 2022) -> b (1 Mar 2022) -> c (Dec 2022).
    let a = agenda(
        &[
            ("P.a", Some("2022-01-15")),
            ("P.b", Some("2022-03-01")),
            ("P.c", Some("2022-12")),
            ("P.u", None),
        ],
        &[
            ("P.a", "P.b", "requires"),
            ("P.b", "P.c", "requires"),
            ("P.u", "P.c", "requires"),
        ],
    );
    let hit = a.slip(&node("P.a"), Slip::Months(2)).unwrap();
    let got: Vec<(&str, i64, NaiveDate)> = hit
        .iter()
        .map(|h| (h.commitment.id.as_str(), h.late_by_days, h.earliest_after))
        .collect();
    assert_eq!(got, [("P.b", 14, day("2022-03-15"))]);
    assert!(a.slip(&node("P.a"), Slip::Days(-10)).unwrap().is_empty());
    assert_eq!(a.slip(&node("P.a"), Slip::Days(365)).unwrap().len(), 2);
    assert_eq!(
        a.slip(&node("P.u"), Slip::Days(1)),
        Err(QueryError::NoDeadline { id: "P.u".into() })
    );
    assert!(matches!(
        a.slip(&node("P.a"), Slip::Months(i32::MAX)),
        Err(QueryError::DateOutOfRange { .. })
    ));
    assert!(matches!(
        a.slip(&node("P.a"), Slip::Days(i64::MIN)),
        Err(QueryError::DateOutOfRange { .. })
    ));
    // Month arithmetic clamps to the month's end: 31 Jan + 1 month = 28 Feb.
    assert_eq!(
        Slip::Months(1).apply(day("2022-01-31")),
        Some(day("2022-02-28"))
    );
}

/// y -> x -> c, a -> b -> c, with a done in 2022.
fn blocked() -> Agenda {
    let mut b = builder(
        &[
            ("P.a", Some("2022-01")),
            ("P.b", Some("2022-06")),
            ("P.c", Some("2023")),
            ("P.x", Some("2022-09")),
            ("P.y", Some("2022-03")),
        ],
        &[
            ("P.a", "P.b", "requires"),
            ("P.b", "P.c", "requires"),
            ("P.x", "P.c", "requires"),
            ("P.y", "P.x", "requires"),
        ],
        &[],
    );
    let base = b.clone().build().unwrap();
    b = AgendaBuilder::new();
    for s in base.states() {
        b.add_state(s.clone());
    }
    for p in base.programmes() {
        b.add_programme(p.clone());
    }
    for d in base.dependencies() {
        b.add_dependency(d.clone());
    }
    for c in base.commitments() {
        let mut c = c.clone();
        if c.id.as_str() == "P.a" {
            c = c.with_event("2022-02-01".parse().unwrap(), Status::Done);
        }
        if c.id.as_str() == "P.b" {
            c = c.with_event("2022-04".parse().unwrap(), Status::InProgress);
        }
        b.add_commitment(c);
    }
    b.build().unwrap()
}

#[test]
fn overdue_and_due_between() {
    let a = blocked();
    // As of 1 Jul 2022: b (Jun) and y (Mar) are late; a (Jan) is done.
    assert_eq!(ids(&a.overdue(day("2022-07-01"))), ["P.y", "P.b"]);
    assert_eq!(ids(&a.overdue(day("2022-01-31"))), Vec::<String>::new());
    // Both ends included, by last allowed day.
    assert_eq!(
        ids(&a.due_between(day("2022-01-31"), day("2022-06-30"))),
        ["P.a", "P.y", "P.b"]
    );
    assert_eq!(
        ids(&a.due_between(day("2022-02-01"), day("2022-06-29"))),
        ["P.y"]
    );
}

#[test]
fn why_blocked_gives_the_unfinished_chains() {
    let a = blocked();
    let blockers = a.why_blocked(&node("P.c"), day("2022-07-01")).unwrap();
    let got: Vec<(&str, Status, Vec<String>)> = blockers
        .iter()
        .map(|b| (b.commitment.id.as_str(), b.status, ids(&b.waiting_on)))
        .collect();
    assert_eq!(
        got,
        [
            ("P.y", Status::Planned, vec![]),
            ("P.b", Status::InProgress, vec![]),
            ("P.x", Status::Planned, vec!["P.y".to_owned()]),
        ]
    );
    // Before a was done, b waited on it.
    let early = a.why_blocked(&node("P.c"), day("2022-01-15")).unwrap();
    assert_eq!(
        early
            .iter()
            .find(|b| b.commitment.id.as_str() == "P.b")
            .map(|b| ids(&b.waiting_on)),
        Some(vec!["P.a".to_owned()])
    );
}

#[test]
fn ready_if_done_and_waves() {
    let a = blocked();
    // c needs b and x; x is not done, so finishing b alone frees nothing.
    assert!(
        a.ready_if_done(&node("P.b"), day("2022-07-01"))
            .unwrap()
            .is_empty()
    );
    // Finishing y frees x.
    assert_eq!(
        ids(&a.ready_if_done(&node("P.y"), day("2022-07-01")).unwrap()),
        ["P.x"]
    );
    let wave_ids = |w: Vec<Vec<&Commitment>>| w.iter().map(|w| ids(w)).collect::<Vec<_>>();
    assert_eq!(
        wave_ids(a.waves(None)),
        [vec!["P.a", "P.y"], vec!["P.b", "P.x"], vec!["P.c"]]
    );
    // a is done by July: b moves to the first wave.
    assert_eq!(
        wave_ids(a.waves(Some(day("2022-07-01")))),
        [vec!["P.y", "P.b"], vec!["P.x"], vec!["P.c"]]
    );
    assert!(AgendaBuilder::new().build().unwrap().waves(None).is_empty());
}

const PROGRESS: &str = r#"{
  "format": "union-state/1",
  "states": [{"code": "BY", "name": "Belarus"}, {"code": "RU", "name": "Russia"}],
  "sources": [{"id": "S", "title": "t", "url": "https://example.org"}],
  "programmes": [
    {"id": "P", "title": "p", "sector": "s1", "mode": "harmonisation", "mode_basis": "stated", "basis": "stated",
     "states": ["BY", "RU"], "sources": ["S"],
     "benefits": [{"state": "BY", "text": "market access", "basis": "stated", "sources": ["S"]}]},
    {"id": "Q", "title": "q", "sector": "s2", "mode": "common_market", "mode_basis": "stated", "basis": "stated",
     "states": ["BY", "RU"], "sources": ["S"]}
  ],
  "commitments": [
    {"id": "P.p1", "title": "p1", "acting": {"state": "BY"}, "basis": "stated", "sources": ["S"],
     "deadline": {"date": "2022", "basis": "stated", "sources": ["S"]},
     "events": [{"date": "2022-05", "status": "done", "basis": "stated", "sources": ["S"]}]},
    {"id": "P.p2", "title": "p2", "acting": {"joint": ["BY", "RU"]}, "basis": "stated", "sources": ["S"],
     "deadline": {"date": "2023", "basis": "stated", "sources": ["S"],
                  "moves": [{"decided": "2022-03", "from": "2022-06", "to": "2023", "basis": "stated", "sources": ["S"]}]}},
    {"id": "Q.q1", "title": "q1", "acting": {"each": ["BY", "RU"]}, "basis": "stated", "sources": ["S"],
     "events": [{"date": "2022-01", "status": "done", "state": "BY", "basis": "stated", "sources": ["S"]},
                {"date": "2022-02-10", "status": "done", "state": "RU", "basis": "stated", "sources": ["S"]}]}
  ],
  "claims": [{"date": "2022-06", "claimant": "officials", "text": "two thirds done", "percent_done": 66,
              "basis": "stated", "sources": ["S"]}]
}"#;

#[test]
fn progress_by_group() {
    let a = Agenda::from_json_str(PROGRESS).unwrap();
    let p = a.progress(day("2022-12-31"));
    // Due by then: p1 only. Done: p1 and q1.
    assert_eq!(
        p.overall,
        Tally {
            total: 3,
            due: 1,
            done: 2,
            done_of_due: 1
        }
    );
    let by = |code: &str| p.by_state[&code.parse::<StateCode>().unwrap()];
    assert_eq!(
        by("BY"),
        Tally {
            total: 3,
            due: 1,
            done: 2,
            done_of_due: 1
        }
    );
    assert_eq!(
        by("RU"),
        Tally {
            total: 2,
            due: 0,
            done: 1,
            done_of_due: 0
        }
    );
    assert_eq!(
        p.by_mode[&IntegrationMode::CommonMarket],
        Tally {
            total: 1,
            due: 0,
            done: 1,
            done_of_due: 0
        }
    );
    assert_eq!(p.by_sector.len(), 2);
    assert_eq!(
        p.programmes_done
            .iter()
            .map(|id| id.as_str())
            .collect::<Vec<_>>(),
        ["Q"]
    );
    assert_eq!(p.overall.share_done_of_due(), Some(1.0));
    // Before RU acted on q1 it was not done.
    assert_eq!(a.progress(day("2022-02-05")).overall.done, 0);
}

#[test]
fn depth_promised_against_delivered() {
    let a = Agenda::from_json_str(PROGRESS).unwrap();
    let d = a.depth(day("2022-12-31"), &DepthScale::default());
    // P: harmonisation 3, half done -> 1.5; Q: common market 7, all done -> 7.
    assert_eq!((d.overall.promised, d.overall.delivered), (10.0, 8.5));
    let scale = DepthScale::default().with(IntegrationMode::CommonMarket, 1);
    let d = a.depth(day("2022-12-31"), &scale);
    assert_eq!((d.overall.promised, d.overall.delivered), (4.0, 2.5));
    assert_eq!(d.by_state.len(), 2);
}

#[test]
fn obligations_drift_and_claims() {
    let a = Agenda::from_json_str(PROGRESS).unwrap();
    let o = a.obligations();
    assert_eq!(o[0].state.as_str(), "BY");
    assert_eq!(
        (ids(&o[0].alone), ids(&o[0].each), ids(&o[0].joint)),
        (
            vec!["P.p1".into()],
            vec!["Q.q1".into()],
            vec!["P.p2".into()]
        )
    );
    assert_eq!(o[0].benefits.len(), 1);
    assert_eq!((o[1].alone.len(), o[1].benefits.len()), (0, 0));
    let drift = a.deadline_drift();
    assert_eq!(drift.len(), 1);
    // 30 Jun 2022 -> 31 Dec 2023: 549 days.
    assert_eq!(drift[0].total_days, 549);
    let checks = a.claims_vs_data();
    assert_eq!(checks[0].as_of, day("2022-06-30"));
    assert_eq!(checks[0].data.done, 2);
    assert_eq!(checks[0].programmes_done, 1);
}

#[test]
fn every_analysis_on_the_empty_agenda_and_a_single_commitment() {
    let empty = AgendaBuilder::new().build().unwrap();
    let d = day("2023-01-01");
    assert!(empty.deadlocks().is_empty());
    assert!(empty.deadline_conflicts().is_empty());
    assert!(empty.due_before_instrument().is_empty());
    assert!(empty.overdue(d).is_empty());
    assert!(empty.due_between(d, d).is_empty());
    assert!(empty.waves(Some(d)).is_empty());
    assert_eq!(empty.progress(d).overall, Tally::default());
    assert!(empty.progress(d).programmes_done.is_empty());
    assert_eq!(empty.depth(d, &DepthScale::default()).overall.ratio(), None);
    assert!(empty.obligations().is_empty());
    assert!(empty.deadline_drift().is_empty());
    assert!(empty.claims_vs_data().is_empty());
    assert!(matches!(
        empty.critical_path(&node("P.x")),
        Err(QueryError::UnknownId { .. })
    ));
    assert!(matches!(
        empty.slip(&node("P"), Slip::Days(1)),
        Err(QueryError::UnknownId { .. })
    ));
    assert!(matches!(
        empty.why_blocked(&node("P.x"), d),
        Err(QueryError::UnknownId { .. })
    ));
    assert!(matches!(
        empty.ready_if_done(&node("P.x"), d),
        Err(QueryError::UnknownId { .. })
    ));

    // One commitment due 31 March 2022, nothing done.
    let one = agenda(&[("P.x", Some("2022-Q1"))], &[]);
    assert!(one.deadlocks().is_empty());
    assert_eq!(ids(&one.overdue(day("2022-04-01"))), ["P.x"]);
    assert!(one.overdue(day("2022-03-31")).is_empty());
    assert_eq!(one.latest_dates()[0].latest, Some(day("2022-03-31")));
    let path = one.critical_path(&node("P.x")).unwrap();
    assert_eq!(
        (path.steps.len(), path.earliest, path.steps[0].slack_days),
        (1, Some(day("2022-03-31")), Some(0))
    );
    assert!(one.slip(&node("P.x"), Slip::Months(3)).unwrap().is_empty());
    assert!(one.why_blocked(&node("P.x"), d).unwrap().is_empty());
    assert!(one.ready_if_done(&node("P.x"), d).unwrap().is_empty());
    assert_eq!(one.waves(None).len(), 1);
    let p = one.progress(day("2022-04-01"));
    assert_eq!(
        p.overall,
        Tally {
            total: 1,
            due: 1,
            done: 0,
            done_of_due: 0
        }
    );
    assert_eq!(p.overall.share_done_of_due(), Some(0.0));
    let depth = one.depth(d, &DepthScale::default());
    assert_eq!(
        (depth.overall.promised, depth.overall.delivered),
        (3.0, 0.0)
    );
}

#[test]
fn very_large_components_get_a_linear_breaking_set_that_works() {
    // A ring of 150 nodes with conditions both ways: 300 conditions, past
    // the greedy search's budget.
    let names: Vec<String> = (0..150).map(|i| format!("P.r{i:03}")).collect();
    let commitments: Vec<(&str, Option<&str>)> = names.iter().map(|s| (s.as_str(), None)).collect();
    let mut deps = Vec::new();
    for i in 0..150 {
        let j = (i + 1) % 150;
        deps.push((names[i].as_str(), names[j].as_str(), "cond:BY"));
        deps.push((names[j].as_str(), names[i].as_str(), "cond:RU"));
    }
    let a = agenda(&commitments, &deps);
    let d = &a.deadlocks()[0];
    assert!(!d.breaking_set_exact);
    let dropped: Vec<(String, String)> = d
        .breaking_set
        .iter()
        .map(|x| (x.prerequisite.to_string(), x.dependent.to_string()))
        .collect();
    let kept: Vec<(&str, &str, &str)> = deps
        .iter()
        .copied()
        .filter(|(p, q, _)| !dropped.contains(&((*p).to_owned(), (*q).to_owned())))
        .collect();
    assert!(agenda(&commitments, &kept).deadlocks().is_empty());
    // At least one condition of each of the 150 two-way pairs must go.
    assert!(d.breaking_set.len() >= 150);
}
