//! The rules every query shares, each pinned by a hand-worked case: ties by
//! id, done work unblocks what follows it, the supported calendar, shares
//! that never round to 0% or 100%, and programmes without commitments.

mod common;

use common::{agenda, builder, ids, node};
use union_state::error::*;
use union_state::query::*;
use union_state::*;

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

#[test]
fn critical_path_ties_go_to_the_smaller_id_through_a_programme_end() {
    // T.t requires programme A (whose only commitment is A.a) and Z.z, all
    // due the same day: both branches finish together, and A.a < Z.z.
    let a = agenda(
        &[
            ("A.a", Some("2024-03-01")),
            ("T.t", Some("2024-03-01")),
            ("Z.z", Some("2024-03-01")),
        ],
        &[("A", "T.t", "requires"), ("Z.z", "T.t", "requires")],
    );
    let path = a.critical_path(&node("T.t")).unwrap();
    let chain: Vec<&str> = path
        .steps
        .iter()
        .map(|s| s.commitment.id.as_str())
        .collect();
    assert_eq!(chain, ["A.a", "T.t"]);
    // The same with the programme end on the other side of the tie.
    let a = agenda(
        &[
            ("B.b", Some("2024-03-01")),
            ("T.t", Some("2024-03-01")),
            ("Z.z", Some("2024-03-01")),
        ],
        &[("B.b", "T.t", "requires"), ("Z", "T.t", "requires")],
    );
    let path = a.critical_path(&node("T.t")).unwrap();
    let chain: Vec<&str> = path
        .steps
        .iter()
        .map(|s| s.commitment.id.as_str())
        .collect();
    assert_eq!(chain, ["B.b", "T.t"]);
}

#[test]
fn done_work_unblocks_what_follows_it_in_waves_and_why_blocked() {
    // P.a -> P.b -> P.c, with P.b reported done in May 2023 but P.a not.
    let done = Commitment::new(
        "P.b".parse().unwrap(),
        "do P.b",
        Actors::Joint(vec!["BY".parse().unwrap(), "RU".parse().unwrap()]),
    )
    .with_deadline("2023-09".parse().unwrap())
    .with_event("2023-05-01".parse().unwrap(), Status::Done);
    let mut b = builder(
        &[("P.a", Some("2023-06")), ("P.c", Some("2023-12"))],
        &[],
        &[],
    );
    b.add_commitment(done);
    for (pre, dep) in [("P.a", "P.b"), ("P.b", "P.c")] {
        b.add_dependency(Dependency::new(
            node(pre),
            node(dep),
            DependencyKind::Requires,
        ));
    }
    let a = b.build().unwrap();
    let as_of = day("2023-07-01");
    assert!(a.why_blocked(&node("P.c"), as_of).unwrap().is_empty());
    let waves = a.waves(Some(as_of));
    let names: Vec<Vec<String>> = waves.iter().map(|w| ids(w)).collect();
    assert_eq!(names, [vec!["P.a".to_owned(), "P.c".to_owned()]]);
    // Without a date, every commitment is placed by the plan alone.
    let names: Vec<Vec<String>> = a.waves(None).iter().map(|w| ids(w)).collect();
    assert_eq!(names, [["P.a"], ["P.b"], ["P.c"]]);
}

#[test]
fn slips_that_leave_years_1_to_9999_are_date_out_of_range() {
    let a = agenda(&[("P.a", Some("2022-07")), ("P.b", Some("0002-01"))], &[]);
    for (id, by) in [
        ("P.a", Slip::Months(96_000)),
        ("P.a", Slip::Days(3_000_000)),
        ("P.b", Slip::Months(-24)),
        ("P.b", Slip::Days(-800)),
    ] {
        let err = a.slip(&node(id), by).unwrap_err();
        assert!(
            matches!(err, QueryError::DateOutOfRange { .. }),
            "{id} {by:?}: {err}"
        );
    }
    // The edges of the range itself are fine.
    assert!(a.slip(&node("P.b"), Slip::Months(-12)).is_ok());
    assert!(
        a.slip(&node("P.a"), Slip::Months((9999 - 2022) * 12 + 5))
            .is_ok()
    );
    let last = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    assert_eq!(Slip::Days(1).apply(last), None);
    assert_eq!(Slip::Days(0).apply(last), Some(last));
}

#[test]
fn percentages_are_never_rounded_to_0_or_100() {
    let p = |a, b| Percent::new(a, b).unwrap().to_string();
    assert_eq!(p(199, 200), "99%");
    assert_eq!(p(200, 200), "100%");
    assert_eq!(p(1, 201), "1%");
    assert_eq!(p(0, 200), "0%");
    assert_eq!(p(1, 3), "33%");
    assert_eq!(p(1, 2), "50%");
    assert_eq!(p(2, 3), "67%");
    assert_eq!(format!("{:.1}", Percent::new(1999, 2000).unwrap()), "99.9%");
    assert_eq!(format!("{:.1}", Percent::new(1, 20_000).unwrap()), "0.1%");
    assert_eq!(format!("{:.2}", Percent::new(1, 8).unwrap()), "12.50%");
    assert_eq!(format!("{:<6}|", Percent::new(1, 4).unwrap()), "25%   |");
    // Every share of up to 300: 100% and 0% only when exact, and within
    // half a point of the true value otherwise (or at the clamp).
    for whole in 1..=300usize {
        for part in 0..=whole {
            let text = p(part, whole);
            let shown: u32 = text.trim_end_matches('%').parse().unwrap();
            assert_eq!(shown == 100, part == whole, "{part}/{whole}: {text}");
            assert_eq!(shown == 0, part == 0, "{part}/{whole}: {text}");
            #[allow(clippy::cast_precision_loss)]
            let exact = 100.0 * part as f64 / whole as f64;
            assert!(
                (f64::from(shown) - exact).abs() <= 1.0,
                "{part}/{whole}: {text}"
            );
        }
    }
    assert_eq!(Percent::new(3, 2), None);
    assert_eq!(Percent::new(0, 0), None);
    let tally = Tally {
        total: 200,
        due: 200,
        done: 199,
        done_of_due: 199,
    };
    assert_eq!(tally.percent_done().unwrap().to_string(), "99%");
}

#[test]
fn a_programme_without_commitments_is_a_milestone_dependencies_pass_through() {
    // A.x -> E -> B.y, E has no commitments.
    let a = builder(
        &[("A.x", Some("2025")), ("B.y", Some("2024"))],
        &[("A.x", "E", "requires"), ("E", "B.y", "requires")],
        &["E"],
    )
    .build()
    .unwrap();
    assert_eq!(ids(&a.prerequisites(&node("B.y")).unwrap()), ["A.x"]);
    assert_eq!(ids(&a.dependents(&node("A.x")).unwrap()), ["B.y"]);
    assert_eq!(ids(&a.direct_prerequisites(&node("B.y")).unwrap()), ["A.x"]);
    let path = a.critical_path(&node("B.y")).unwrap();
    let chain: Vec<&str> = path
        .steps
        .iter()
        .map(|s| s.commitment.id.as_str())
        .collect();
    assert_eq!(chain, ["A.x", "B.y"]);
    // A.x due 2025 cannot come before B.y due 2024.
    assert!(!a.deadline_conflicts().is_empty());
    assert_eq!(a.waves(None).len(), 2);
    // It is never complete in progress, and it delivers no depth.
    let p = a.progress(day("2030-01-01"));
    assert_eq!(
        p.by_programme[&"E".parse::<ProgrammeId>().unwrap()],
        Tally::default()
    );
    assert!(p.programmes_done.is_empty());
    let depth = a.depth(day("2030-01-01"), &DepthScale::default());
    assert_eq!(depth.overall.programmes, 3);
}

mod each {
    use proptest::prelude::*;
    use union_state::*;

    const CODES: [&str; 3] = ["BY", "KZ", "RU"];
    const STATUSES: [Status; 5] = [
        Status::Planned,
        Status::InProgress,
        Status::Done,
        Status::Delayed,
        Status::Dropped,
    ];

    /// The documented rule, written out: per-state replay, then all
    /// dropped -> dropped; all finished with one done -> done; any delayed
    /// -> delayed; all planned -> planned; otherwise in progress.
    /// An event: month number from January 2022 = 1, the one state it is
    /// about (index into `CODES`), index into `STATUSES`.
    type Event = (u32, Option<usize>, usize);

    fn naive(states: &[usize], events: &[Event], kind: u8, day: u32) -> Status {
        let mut effective = events.iter().filter(|(d, _, _)| *d <= day);
        if kind != 1 {
            return effective
                .rfind(|(_, s, _)| s.is_none())
                .map_or(Status::Planned, |&(_, _, k)| STATUSES[k]);
        }
        let mut per: Vec<Status> = vec![Status::Planned; states.len()];
        for &(_, state, k) in effective {
            for (i, &s) in states.iter().enumerate() {
                if state.is_none_or(|x| x == s) {
                    per[i] = STATUSES[k];
                }
            }
        }
        let fin = |s: &Status| matches!(s, Status::Done | Status::Dropped);
        if per.iter().all(|s| *s == Status::Planned) {
            Status::Planned
        } else if per.iter().all(|s| *s == Status::Dropped) {
            Status::Dropped
        } else if per.iter().all(fin) {
            Status::Done
        } else if per.contains(&Status::Delayed) {
            Status::Delayed
        } else {
            Status::InProgress
        }
    }

    fn spec() -> impl Strategy<Value = (u8, Vec<usize>, Vec<Event>)> {
        (
            0u8..3,
            proptest::sample::subsequence(vec![0usize, 1, 2], 1..=3),
        )
            .prop_flat_map(|(kind, states)| {
                let n = states.len();
                let state = if kind == 1 {
                    proptest::option::of(0..n).boxed()
                } else {
                    Just(None).boxed()
                };
                let events = proptest::collection::vec((1u32..=24, state, 0usize..5), 0..8)
                    .prop_map(move |mut list| {
                        list.sort_by_key(|e| e.0);
                        list
                    });
                let states2 = states.clone();
                (Just(kind), Just(states2), events).prop_map(|(k, s, ev)| {
                    let ev = ev
                        .into_iter()
                        .map(|(d, st, x)| (d, st.map(|i| s[i]), x))
                        .collect();
                    (k, s, ev)
                })
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Status as of every month, for one state, `each` and `joint`
        /// commitments with events about all or one state, equals the
        /// documented rule replayed here; and progress counts it so.
        #[test]
        fn status_follows_the_documented_rule_for_every_kind_of_actors((kind, states, events) in spec()) {
            let codes: Vec<StateCode> = states.iter().map(|&i| CODES[i].parse().unwrap()).collect();
            let acting = match kind {
                0 => Actors::State(codes[0].clone()),
                1 => Actors::Each(codes.clone()),
                _ => Actors::Joint(codes.clone()),
            };
            let mut c = Commitment::new("P.c".parse().unwrap(), "do it", acting);
            for &(month, state, k) in &events {
                let date = PartialDate::month(2022 + i32::try_from((month - 1) / 12).unwrap(), 1 + (month - 1) % 12).unwrap();
                let event = StatusEvent::new(date, STATUSES[k]);
                c.events.push(match state {
                    Some(i) => event.for_state(CODES[i].parse().unwrap()),
                    None => event,
                });
            }
            let mut b = AgendaBuilder::new();
            for code in CODES {
                b.add_state(State::new(code.parse().unwrap(), code));
            }
            let mut p = Programme::new("P".parse().unwrap(), "p", "s".parse().unwrap(), IntegrationMode::Harmonisation);
            p.states = codes.clone();
            b.add_programme(p);
            b.add_commitment(c);
            let agenda = b.build().map_err(|e| TestCaseError::fail(e.to_string()))?;
            let c = &agenda.commitments()[0];
            for month in 0..=25u32 {
                let day = if month == 0 {
                    chrono::NaiveDate::from_ymd_opt(2021, 12, 31).unwrap()
                } else {
                    PartialDate::month(2022 + i32::try_from((month - 1) / 12).unwrap(), 1 + (month - 1) % 12).unwrap().last_day()
                };
                let expect = naive(&states, &events, kind, month);
                prop_assert_eq!(c.status_as_of(day), expect, "month {}", month);
                let done = agenda.progress(day).overall.done;
                prop_assert_eq!(done, usize::from(expect == Status::Done));
            }
        }
    }
}
