//! The core queries on small hand-built agendas, with answers worked out by
//! hand in the comments.

mod common;

use common::{agenda, builder, ids, node};
use union_state::error::*;
use union_state::*;

#[test]
fn empty_agenda_answers_empty() {
    let a = AgendaBuilder::new().build().unwrap();
    assert!(a.schedule().is_empty());
    assert_eq!(a.count_by_mode().values().sum::<usize>(), 0);
    assert_eq!(a.count_by_mode().len(), 7);
    assert!(a.count_by_sector().is_empty());
    assert_eq!(a, Agenda::empty());
    let err = a.prerequisites(&node("P")).unwrap_err();
    assert_eq!(
        err,
        QueryError::UnknownId {
            kind: IdKind::Programme,
            id: "P".into()
        }
    );
    assert_eq!(err.to_string(), "unknown programme `P`");
    let err = a.dependents(&node("P.x")).unwrap_err();
    assert_eq!(err.to_string(), "unknown commitment `P.x`");
}

#[test]
fn single_commitment() {
    let a = agenda(&[("P.x", Some("2023-05"))], &[]);
    assert_eq!(ids(&a.schedule()), ["P.x"]);
    assert!(a.prerequisites(&node("P.x")).unwrap().is_empty());
    assert!(a.dependents(&node("P.x")).unwrap().is_empty());
    assert!(a.direct_prerequisites(&node("P.x")).unwrap().is_empty());
    // A programme stands for its commitments; a lone commitment requires
    // nothing, so the programme has no prerequisites either.
    assert!(a.prerequisites(&node("P")).unwrap().is_empty());
}

/// a -> b -> d, a -> c -> d, with deadlines a: Jan 2023, b: 30 Jun 2023,
/// c: Mar 2023, d: 2023.
fn diamond() -> Agenda {
    agenda(
        &[
            ("P.a", Some("2023-01")),
            ("P.b", Some("2023-06-30")),
            ("P.c", Some("2023-03")),
            ("P.d", Some("2023")),
        ],
        &[
            ("P.a", "P.b", "requires"),
            ("P.a", "P.c", "requires"),
            ("P.b", "P.d", "requires"),
            ("P.c", "P.d", "requires"),
        ],
    )
}

#[test]
fn diamond_prerequisites_and_dependents() {
    let a = diamond();
    // Ordered by last possible day: a 31 Jan, c 31 Mar, b 30 Jun, d 31 Dec.
    assert_eq!(
        ids(&a.prerequisites(&node("P.d")).unwrap()),
        ["P.a", "P.c", "P.b"]
    );
    assert_eq!(
        ids(&a.direct_prerequisites(&node("P.d")).unwrap()),
        ["P.c", "P.b"]
    );
    assert_eq!(
        ids(&a.dependents(&node("P.a")).unwrap()),
        ["P.c", "P.b", "P.d"]
    );
    assert_eq!(
        ids(&a.direct_dependents(&node("P.a")).unwrap()),
        ["P.c", "P.b"]
    );
    assert_eq!(ids(&a.prerequisites(&node("P.b")).unwrap()), ["P.a"]);
    assert_eq!(
        ids(&a.dependents(&node("P.d")).unwrap()),
        Vec::<String>::new()
    );
    assert_eq!(ids(&a.schedule()), ["P.a", "P.c", "P.b", "P.d"]);
    // The programme: each of its commitments that another requires.
    assert_eq!(
        ids(&a.prerequisites(&node("P")).unwrap()),
        ["P.a", "P.c", "P.b"]
    );
    assert_eq!(
        ids(&a.dependents(&node("P")).unwrap()),
        ["P.c", "P.b", "P.d"]
    );
}

#[test]
fn programme_ends_stand_for_all_their_commitments() {
    // P1 = {x, y}; P2 = {z}; P3 = {w1, w2}.
    // P1 -> P2.z: z requires x and y. P2.z -> P3: w1 and w2 require z.
    let a = agenda(
        &[
            ("P1.x", Some("2022")),
            ("P1.y", Some("2021")),
            ("P2.z", Some("2023")),
            ("P3.w1", None),
            ("P3.w2", Some("2024-Q2")),
        ],
        &[("P1", "P2.z", "requires"), ("P2.z", "P3", "requires")],
    );
    assert_eq!(
        ids(&a.direct_prerequisites(&node("P2.z")).unwrap()),
        ["P1.y", "P1.x"]
    );
    assert_eq!(
        ids(&a.prerequisites(&node("P3.w1")).unwrap()),
        ["P1.y", "P1.x", "P2.z"]
    );
    assert_eq!(
        ids(&a.direct_prerequisites(&node("P3.w1")).unwrap()),
        ["P2.z"]
    );
    assert_eq!(
        ids(&a.dependents(&node("P1.x")).unwrap()),
        ["P2.z", "P3.w2", "P3.w1"]
    );
    assert_eq!(
        ids(&a.dependents(&node("P1")).unwrap()),
        ["P2.z", "P3.w2", "P3.w1"]
    );
    assert_eq!(ids(&a.direct_dependents(&node("P1")).unwrap()), ["P2.z"]);
    assert_eq!(
        ids(&a.prerequisites(&node("P3")).unwrap()),
        ["P1.y", "P1.x", "P2.z"]
    );
    assert!(a.prerequisites(&node("P1")).unwrap().is_empty());
    // y (2021) then x (2022) are free; z after both; w2 dated before w1 (undated).
    assert_eq!(
        ids(&a.schedule()),
        ["P1.y", "P1.x", "P2.z", "P3.w2", "P3.w1"]
    );
}

#[test]
fn a_programme_without_commitments_passes_its_prerequisites_through() {
    // E has no commitments: A.a -> E -> B.b means B.b waits on A.a.
    let a = builder(
        &[("A.a", None), ("B.b", None)],
        &[("A.a", "E", "requires"), ("E", "B.b", "requires")],
        &["E"],
    )
    .build()
    .unwrap();
    assert_eq!(ids(&a.prerequisites(&node("B.b")).unwrap()), ["A.a"]);
    assert_eq!(ids(&a.direct_prerequisites(&node("B.b")).unwrap()), ["A.a"]);
    assert_eq!(ids(&a.dependents(&node("E")).unwrap()), ["B.b"]);
    assert_eq!(ids(&a.prerequisites(&node("E")).unwrap()), ["A.a"]);
    assert_eq!(ids(&a.schedule()), ["A.a", "B.b"]);
}

#[test]
fn schedule_is_edf_among_available_and_breaks_ties_by_id() {
    // a (undated) must precede b (Jan 2022); c is due 2023. At the start a
    // and c are available; a's effective deadline is b's, January 2022,
    // earlier than c's, so a comes first and b right after it (with the raw
    // deadlines c would come first and b would be 11 months late).
    let a = agenda(
        &[
            ("P.a", None),
            ("P.b", Some("2022-01")),
            ("P.c", Some("2023")),
        ],
        &[("P.a", "P.b", "requires")],
    );
    assert_eq!(ids(&a.schedule()), ["P.a", "P.b", "P.c"]);
    // Equal deadlines: by id.
    let a = agenda(
        &[
            ("Q.b", Some("2023-12-31")),
            ("P.z", Some("2023-12-31")),
            ("P.a", Some("2023-12-31")),
        ],
        &[],
    );
    assert_eq!(ids(&a.schedule()), ["P.a", "P.z", "Q.b"]);
    // Same last day, different precision: the wider wording first.
    let a = agenda(
        &[
            ("P.day", Some("2023-12-31")),
            ("P.month", Some("2023-12")),
            ("P.year", Some("2023")),
        ],
        &[],
    );
    assert_eq!(ids(&a.schedule()), ["P.year", "P.month", "P.day"]);
}

#[test]
fn conditions_and_related_edges_are_not_followed_by_default() {
    // x -cond(BY)-> y, y -cond(RU)-> x: a cycle of conditions is allowed.
    // y -related-> z.
    let a = agenda(
        &[("P.x", None), ("P.y", None), ("P.z", None)],
        &[
            ("P.x", "P.y", "cond:BY"),
            ("P.y", "P.x", "cond:RU"),
            ("P.y", "P.z", "related"),
        ],
    );
    assert!(a.prerequisites(&node("P.y")).unwrap().is_empty());
    assert_eq!(ids(&a.schedule()), ["P.x", "P.y", "P.z"]);
    let with = a
        .prerequisites_following(&node("P.y"), Follow::REQUIRES_AND_CONDITIONS)
        .unwrap();
    assert_eq!(ids(&with), ["P.x", "P.y"]);
    assert_eq!(
        ids(&a.dependents_following(&node("P.y"), Follow::ALL).unwrap()),
        ["P.x", "P.y", "P.z"]
    );
    assert_eq!(
        ids(&a
            .dependents_following(&node("P.y"), Follow::REQUIRES_AND_CONDITIONS)
            .unwrap()),
        ["P.x", "P.y"]
    );
}

#[test]
fn counts_by_mode_and_sector() {
    let mut b = AgendaBuilder::new();
    b.add_state(State::new("BY".parse().unwrap(), "Belarus"));
    for (id, sector, mode) in [
        ("A", "gas", IntegrationMode::CommonMarket),
        ("B", "oil", IntegrationMode::CommonMarket),
        ("C", "gas", IntegrationMode::Harmonisation),
    ] {
        let mut p = Programme::new(id.parse().unwrap(), id, sector.parse().unwrap(), mode);
        p.states = vec!["BY".parse().unwrap()];
        b.add_programme(p);
    }
    let a = b.build().unwrap();
    let modes = a.count_by_mode();
    assert_eq!(modes[&IntegrationMode::CommonMarket], 2);
    assert_eq!(modes[&IntegrationMode::Harmonisation], 1);
    assert_eq!(modes[&IntegrationMode::Convergence], 0);
    let sectors: Vec<(String, usize)> = a
        .count_by_sector()
        .into_iter()
        .map(|(s, n)| (s.to_string(), n))
        .collect();
    assert_eq!(sectors, [("gas".to_owned(), 2), ("oil".to_owned(), 1)]);
    let market: Vec<&str> = a
        .programmes_with_mode(IntegrationMode::CommonMarket)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(market, ["A", "B"]);
}

#[test]
fn status_as_of_replays_events() {
    let c = Commitment::new(
        "P.x".parse().unwrap(),
        "x",
        Actors::Each(vec!["BY".parse().unwrap(), "RU".parse().unwrap()]),
    );
    let mut c = c.with_event("2022-03".parse().unwrap(), Status::InProgress);
    c.events.push(
        StatusEvent::new("2022-06-01".parse().unwrap(), Status::Done)
            .for_state("BY".parse().unwrap()),
    );
    c.events.push(
        StatusEvent::new("2022-Q4".parse().unwrap(), Status::Done).for_state("RU".parse().unwrap()),
    );
    let on = |d: &str| c.status_as_of(d.parse().unwrap());
    assert_eq!(on("2022-03-30"), Status::Planned); // "2022-03" takes effect on 31 March
    assert_eq!(on("2022-03-31"), Status::InProgress);
    assert_eq!(on("2022-06-01"), Status::InProgress); // BY done, RU not yet
    assert_eq!(on("2022-12-30"), Status::InProgress);
    assert_eq!(on("2022-12-31"), Status::Done);
    assert_eq!(
        c.done_on("2023-01-01".parse().unwrap()),
        Some("2022-12-31".parse().unwrap())
    );
    assert_eq!(c.done_on("2022-12-30".parse().unwrap()), None);
}
