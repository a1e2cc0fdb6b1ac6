//! The rules every query shares, each pinned by a hand-worked case: ties by
//! id, done work unblocks what follows it, the supported calendar, shares
//! that never round to 0% or 100%, and programmes without commitments.

mod common;

use common::{agenda, builder, ids, node};
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
            assert!((f64::from(shown) - exact).abs() <= 1.0, "{part}/{whole}: {text}");
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
