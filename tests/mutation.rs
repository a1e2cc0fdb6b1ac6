//! Every change to a built agenda succeeds whole or leaves it equal to what
//! it was.

mod common;

use common::{agenda, st};
use proptest::prelude::*;
use union_state::error::*;
use union_state::*;

/// A chain P.c00 -> P.c01 -> ... of `n` commitments, each due a month after
/// the one before, set by an instrument of 2021-01-01.
fn chain(n: usize) -> Agenda {
    let names: Vec<String> = (0..n).map(|i| format!("P.c{i:02}")).collect();
    let dues: Vec<String> = (0..n)
        .map(|i| format!("{}-{:02}", 2022 + i / 12, 1 + i % 12))
        .collect();
    let commitments: Vec<(&str, Option<&str>)> = names
        .iter()
        .zip(&dues)
        .map(|(n, d)| (n.as_str(), Some(d.as_str())))
        .collect();
    let deps: Vec<(&str, &str, &str)> = names
        .windows(2)
        .map(|w| (w[0].as_str(), w[1].as_str(), "requires"))
        .collect();
    agenda(&commitments, &deps)
}

#[derive(Clone, Debug)]
enum Change {
    Requires(usize, usize),
    Condition(usize, usize, bool),
    NewCommitment(usize, bool),
    Event(usize, i32, u32, Status, Option<&'static str>),
    Move(usize, i32, u32, bool),
    UnknownCommitment,
}

fn change() -> impl Strategy<Value = Change> {
    let status = prop_oneof![
        Just(Status::InProgress),
        Just(Status::Done),
        Just(Status::Delayed),
        Just(Status::Dropped)
    ];
    prop_oneof![
        (0..12usize, 0..12usize).prop_map(|(a, b)| Change::Requires(a, b)),
        (0..12usize, 0..12usize, any::<bool>()).prop_map(|(a, b, by)| Change::Condition(a, b, by)),
        (0..14usize, any::<bool>()).prop_map(|(i, bad)| Change::NewCommitment(i, bad)),
        (
            0..12usize,
            2019..2030i32,
            1..13u32,
            status,
            prop_oneof![Just(None), Just(Some("BY")), Just(Some("KZ"))]
        )
            .prop_map(|(i, y, m, s, state)| Change::Event(i, y, m, s, state)),
        (0..12usize, 2019..2030i32, 1..13u32, any::<bool>())
            .prop_map(|(i, y, m, from_ok)| Change::Move(i, y, m, from_ok)),
        Just(Change::UnknownCommitment),
    ]
}

fn cid(i: usize) -> CommitmentId {
    format!("P.c{i:02}").parse().unwrap()
}

fn apply(a: &mut Agenda, change: &Change) -> Result<(), MutationError> {
    match change {
        Change::Requires(x, y) => {
            a.add_dependency(Dependency::new(cid(*x), cid(*y), DependencyKind::Requires))
        }
        Change::Condition(x, y, by) => a.add_dependency(Dependency::new(
            cid(*x),
            cid(*y),
            DependencyKind::ConditionalOn {
                demanded_by: st(if *by { "BY" } else { "RU" }).into(),
            },
        )),
        Change::NewCommitment(i, bad) => {
            let title = if *bad { "" } else { "new" };
            a.add_commitment(Commitment::new(
                cid(*i),
                title,
                Actors::Joint(vec![st("BY"), st("RU")]),
            ))
        }
        Change::Event(i, y, m, status, state) => {
            let event = StatusEvent::new(PartialDate::month(*y, *m).unwrap(), *status);
            a.record_event(
                &cid(*i),
                state.map_or(event.clone(), |code| event.for_state(st(code))),
            )
        }
        Change::Move(i, y, m, from_ok) => {
            let current = a.commitment(&cid(*i)).and_then(Commitment::due);
            let from = if *from_ok {
                current.unwrap_or(PartialDate::year(2020).unwrap())
            } else {
                PartialDate::year(1999).unwrap()
            };
            a.move_deadline(
                &cid(*i),
                DeadlineMove::new(
                    PartialDate::month(*y, *m).unwrap(),
                    from,
                    PartialDate::month(*y + 1, *m).unwrap(),
                ),
            )
        }
        Change::UnknownCommitment => a.record_event(
            &"Z.none".parse().unwrap(),
            StatusEvent::new(PartialDate::year(2022).unwrap(), Status::Done),
        ),
    }
}

/// What the test knows of the agenda, kept beside it: the dependencies by
/// (prerequisite, dependent, demanded by BY for a condition) and the
/// commitment ids.
struct Model {
    deps: Vec<(usize, usize, Option<bool>)>,
    commitments: Vec<usize>,
}

impl Model {
    fn new(n: usize) -> Model {
        Model {
            deps: (1..n).map(|i| (i - 1, i, None)).collect(),
            commitments: (0..n).collect(),
        }
    }

    /// Whether `to` is reachable from `from` over *requires* dependencies,
    /// by repeated expansion.
    fn requires_path(&self, from: usize, to: usize) -> bool {
        let mut seen = vec![from];
        loop {
            let before = seen.len();
            for &(a, b, cond) in &self.deps {
                if cond.is_none() && seen.contains(&a) && !seen.contains(&b) {
                    seen.push(b);
                }
            }
            if seen.contains(&to) {
                return true;
            }
            if seen.len() == before {
                return false;
            }
        }
    }

    /// Whether the change must succeed, by the documented rules; `None`
    /// where the rules depend on more than the model knows (events and
    /// moves, checked by their effect instead).
    fn accepts(&self, change: &Change) -> Option<bool> {
        let known = |i: &usize| self.commitments.contains(i);
        match change {
            Change::Requires(x, y) => Some(
                known(x)
                    && known(y)
                    && x != y
                    && !self.deps.contains(&(*x, *y, None))
                    && !self.requires_path(*y, *x),
            ),
            // A condition is a duplicate only with the same demanding state.
            Change::Condition(x, y, by) => {
                Some(known(x) && known(y) && x != y && !self.deps.contains(&(*x, *y, Some(*by))))
            }
            Change::NewCommitment(i, bad) => Some(!known(i) && !bad),
            Change::UnknownCommitment => Some(false),
            Change::Event(..) | Change::Move(..) => None,
        }
    }

    fn apply(&mut self, change: &Change) {
        match change {
            Change::Requires(x, y) => self.deps.push((*x, *y, None)),
            Change::Condition(x, y, by) => self.deps.push((*x, *y, Some(*by))),
            Change::NewCommitment(i, _) => self.commitments.push(*i),
            _ => {}
        }
    }
}

/// The change is visible in the agenda's answers.
#[allow(clippy::many_single_char_names)]
fn visible(a: &Agenda, change: &Change) -> bool {
    let has = |list: Vec<&Commitment>, i: usize| list.iter().any(|c| c.id == cid(i));
    match change {
        Change::Requires(x, y) => has(a.prerequisites(&cid(*y)).unwrap(), *x),
        Change::Condition(x, y, _) => has(
            a.prerequisites_following(&cid(*y), Follow::REQUIRES_AND_CONDITIONS)
                .unwrap(),
            *x,
        ),
        Change::NewCommitment(i, _) => a.commitment(&cid(*i)).is_some(),
        Change::Event(i, y, m, status, state) => {
            let c = a.commitment(&cid(*i)).unwrap();
            let last = c.events.last().unwrap();
            let day = PartialDate::month(*y, *m).unwrap().last_day();
            last.status == *status
                && last.state.as_ref().map(StateCode::as_str) == *state
                && (state.is_some() || c.status_as_of(day) == *status)
        }
        Change::Move(i, y, m, _) => {
            let c = a.commitment(&cid(*i)).unwrap();
            c.due() == Some(PartialDate::month(*y + 1, *m).unwrap())
                && a.deadline_drift()
                    .iter()
                    .any(|d| d.commitment.id == cid(*i))
        }
        Change::UnknownCommitment => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A change the rules allow is applied and visible in the answers; one
    /// they refuse leaves the agenda equal to before; a successful one
    /// leaves a valid agenda (it loads back from its own JSON). The model
    /// says which is which for dependencies and new commitments, so a
    /// mutation that refused everything fails here.
    #[test]
    fn changes_are_all_or_nothing(changes in proptest::collection::vec(change(), 1..12)) {
        let mut a = chain(12);
        let mut model = Model::new(12);
        for c in &changes {
            let before = a.clone();
            let expected = model.accepts(c);
            let result = apply(&mut a, c);
            if let Some(ok) = expected {
                prop_assert_eq!(result.is_ok(), ok, "{:?}: {:?}", c, result);
            }
            if result.is_ok() {
                model.apply(c);
                prop_assert!(visible(&a, c), "{:?} applied but not visible", c);
                let again = Agenda::from_json_str(&a.to_json_string()).unwrap();
                prop_assert_eq!(&again, &a);
                // The changed agenda answers as the same agenda built afresh:
                // what a change reorders (a moved deadline) or adds reaches
                // the transitive queries too, order included.
                let ids = |list: Vec<&Commitment>| list.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
                for c in again.commitments() {
                    prop_assert_eq!(ids(a.prerequisites(&c.id).unwrap()), ids(again.prerequisites(&c.id).unwrap()));
                    prop_assert_eq!(ids(a.dependents(&c.id).unwrap()), ids(again.dependents(&c.id).unwrap()));
                }
            } else {
                prop_assert_eq!(&a, &before);
            }
        }
    }
}

/// One valid change of every kind, each applied and visible.
#[test]
fn valid_changes_of_every_kind_are_applied() {
    let mut a = chain(4);
    let changes = [
        Change::Requires(0, 2),
        Change::Condition(3, 1, true),
        Change::NewCommitment(7, false),
        Change::Event(2, 2023, 5, Status::Done, None),
        Change::Move(3, 2024, 6, true),
    ];
    for c in &changes {
        apply(&mut a, c).unwrap_or_else(|e| panic!("{c:?}: {e}"));
        assert!(visible(&a, c), "{c:?}");
    }
    assert_eq!(a.commitments().len(), 5);
    assert_eq!(a.dependencies().len(), 5);
}

#[test]
fn closing_a_cycle_is_refused_with_its_path() {
    let mut a = chain(4);
    let before = a.clone();
    let err = a
        .add_dependency(Dependency::new(cid(3), cid(1), DependencyKind::Requires))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid agenda: cycle of `requires` dependencies: `P.c01` -> `P.c02` -> `P.c03` -> `P.c01`"
    );
    assert_eq!(a, before);
    // A condition the other way is allowed: it is a deadlock, not an error.
    a.add_dependency(Dependency::new(
        cid(3),
        cid(1),
        DependencyKind::ConditionalOn {
            demanded_by: st("BY").into(),
        },
    ))
    .unwrap();
    assert_eq!(a.deadlocks().len(), 1);
}

#[test]
fn events_and_moves_are_checked_before_they_apply() {
    let mut a = chain(3);
    let before = a.clone();
    let event = |date: &str| {
        StatusEvent::new(date.parse().unwrap(), Status::Done)
            .with_sources(vec!["NOPE".parse().unwrap()])
    };
    let err = a.record_event(&cid(0), event("2022-02")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid agenda: commitment `P.c00`: field `events.sources` refers to unknown source `NOPE`"
    );
    assert_eq!(a, before);
    let err = a
        .record_event(&"P.zz".parse().unwrap(), event("2022-02"))
        .unwrap_err();
    assert_eq!(
        err,
        MutationError::UnknownId {
            kind: IdKind::Commitment,
            id: "P.zz".into()
        }
    );
    let mut ok = event("2022-02");
    ok.sources.clear();
    a.record_event(&cid(0), ok.clone()).unwrap();
    // An older event after a newer one is out of order.
    let mut old = ok.clone();
    old.date = "2021".parse().unwrap();
    let snapshot = a.clone();
    assert!(a.record_event(&cid(0), old).is_err());
    assert_eq!(a, snapshot);
    // A move must start at the deadline in force (P.c01 is due 2022-02).
    let mv = |from: &str, to: &str| {
        DeadlineMove::new(
            "2022-01".parse().unwrap(),
            from.parse().unwrap(),
            to.parse().unwrap(),
        )
    };
    assert!(a.move_deadline(&cid(1), mv("2022-03", "2022-09")).is_err());
    assert_eq!(a, snapshot);
    a.move_deadline(&cid(1), mv("2022-02", "2022-09")).unwrap();
    assert_eq!(
        a.commitment(&cid(1)).unwrap().due().unwrap().to_string(),
        "2022-09"
    );
    // 28 Feb 2022 -> 30 Sep 2022.
    assert_eq!(a.deadline_drift()[0].total_days, 214);
}

/// Every agenda shipped in the repository, built: the dataset, the
/// examples' and the fixture's.
fn shipped() -> Vec<(&'static str, Agenda)> {
    let file = |path: &str| Agenda::from_json_file(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    vec![
        ("the dataset", union_state::dataset().clone()),
        ("minimal.json", file("examples/data/minimal.json")),
        ("three-states.json", file("examples/data/three-states.json")),
        ("multiparty.json", file("tests/fixtures/multiparty.json")),
    ]
}

/// `agenda` rebuilt from its file with `edit` made to commitment `id`'s
/// record in it: what a change through the mutation methods must equal.
fn rebuilt(
    agenda: &Agenda,
    id: &CommitmentId,
    edit: impl FnOnce(&mut serde_json::Value),
) -> Agenda {
    let mut file: serde_json::Value = serde_json::from_str(&agenda.to_json_string()).unwrap();
    let record = file["commitments"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["id"] == id.as_str())
        .unwrap();
    edit(record);
    Agenda::from_json_str(&file.to_string()).unwrap_or_else(|e| panic!("{id}: {e}"))
}

/// Whatever acts on a commitment (a state, states jointly or each, or an
/// institution), an event after its last one and a move of its deadline
/// are applied as editing the file and loading it again applies them: on
/// every commitment of every shipped agenda.
#[test]
fn an_event_and_a_move_are_applied_as_a_rebuild_applies_them_to_every_commitment() {
    let (late, later) = ("2099-06".parse().unwrap(), "2100".parse().unwrap());
    for (name, agenda) in shipped() {
        for c in agenda.commitments() {
            let id = &c.id;
            let mut event = StatusEvent::new(late, Status::InProgress);
            if let Actors::Each(states) = &c.acting {
                event = event.for_state(states[0].clone());
            }
            let mut changed = agenda.clone();
            changed
                .record_event(id, event.clone())
                .unwrap_or_else(|e| panic!("{name}: event on {id}: {e}"));
            let expected = rebuilt(&agenda, id, |r| {
                let events = r
                    .as_object_mut()
                    .unwrap()
                    .entry("events")
                    .or_insert(serde_json::json!([]));
                events
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::to_value(&event).unwrap());
            });
            assert_eq!(changed, expected, "{name}: event on {id}");

            let Some(due) = &c.deadline else { continue };
            let mv = DeadlineMove::new(late, due.date, later);
            let mut changed = agenda.clone();
            changed
                .move_deadline(id, mv.clone())
                .unwrap_or_else(|e| panic!("{name}: move of {id}: {e}"));
            let expected = rebuilt(&agenda, id, |r| {
                let deadline = &mut r["deadline"];
                deadline["date"] = serde_json::json!("2100");
                let moves = deadline
                    .as_object_mut()
                    .unwrap()
                    .entry("moves")
                    .or_insert(serde_json::json!([]));
                moves
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::to_value(&mv).unwrap());
            });
            assert_eq!(changed, expected, "{name}: move of {id}");
        }
    }
}
