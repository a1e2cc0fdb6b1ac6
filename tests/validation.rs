//! Validation gaps found by the adversarial review (issue 9): duplicate
//! states, state-scoped events outside `each` commitments, and iCalendar
//! dates at the ends of the calendar. (The command line's argument parsing,
//! item 6, is tested where the command now lives: `cli/tests/cli.rs`.)

mod common;

use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

use common::{builder, problems, st};
use union_state::error::*;
use union_state::export::*;
use union_state::*;

// ---------------------------------------------------------------------------
// Item 8: a state given twice in a list of states.

const AGENDA_HEAD: &str = r#"{
  "format": "union-state/1",
  "states": [{"code": "BY", "name": "Belarus"}, {"code": "RU", "name": "Russia"}],
  "institutions": [],
  "instruments": [],
  "sources": [{"id": "S", "title": "s", "url": "https://example.org"}],
  "programmes": [{"id": "P", "title": "p", "sector": "s", "mode": "harmonisation",
    "mode_basis": "stated", "basis": "stated", "states": ["BY", "RU"], "sources": ["S"]}],"#;

fn agenda_json(commitments: &str) -> String {
    format!(
        r#"{AGENDA_HEAD}
  "commitments": [{commitments}],
  "dependencies": [],
  "claims": []
}}"#
    )
}

#[test]
fn duplicate_acting_state_is_refused_not_double_counted() {
    // The review's case: `each: ["BY", "BY"]` counted BY three times in a
    // two-commitment agenda.
    let json = agenda_json(
        r#"{"id": "P.a", "title": "a", "acting": {"each": ["BY", "BY"]}, "basis": "stated", "sources": ["S"]},
           {"id": "P.b", "title": "b", "acting": {"state": "BY"}, "basis": "stated", "sources": ["S"]}"#,
    );
    let err = Agenda::from_json_str(&json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid agenda: commitment `P.a`: field `acting` lists state `BY` more than once"
    );
    // The same list without the repeat loads, and BY acts on 2 commitments.
    let ok =
        Agenda::from_json_str(&json.replacen(r#"["BY", "BY"]"#, r#"["BY", "RU"]"#, 1)).unwrap();
    let by = st("BY");
    assert_eq!(ok.progress(ok_date()).by_state[&by].total, 2);
}

fn ok_date() -> chrono::NaiveDate {
    "2023-01-09".parse().unwrap()
}

#[test]
fn duplicate_states_are_refused_in_every_list_of_states() {
    let mut b = builder(&[], &[], &["P"]);
    b.add_commitment(Commitment::new(
        "P.each".parse().unwrap(),
        "each",
        Actors::Each(vec![st("RU"), st("BY"), st("RU"), st("RU")]),
    ));
    b.add_commitment(Commitment::new(
        "P.joint".parse().unwrap(),
        "joint",
        Actors::Joint(vec![st("BY"), st("BY")]),
    ));
    let mut p = Programme::new(
        "Q".parse().unwrap(),
        "q",
        "s".parse().unwrap(),
        IntegrationMode::Harmonisation,
    );
    p.states = vec![st("BY"), st("RU"), st("BY")];
    b.add_programme(p);
    b.add_institution(Institution::new(
        "council".parse().unwrap(),
        "Council",
        vec![st("RU"), st("RU")],
    ));
    assert_eq!(
        problems(b),
        [
            "institution `council`: field `states` lists state `RU` more than once",
            "programme `Q`: field `states` lists state `BY` more than once",
            // Each repeated state once, however often it is repeated.
            "commitment `P.each`: field `acting` lists state `RU` more than once",
            "commitment `P.joint`: field `acting` lists state `BY` more than once",
        ]
    );
}

#[test]
fn duplicate_state_problem_is_typed() {
    let mut b = builder(&[], &[], &["P"]);
    b.add_commitment(Commitment::new(
        "P.each".parse().unwrap(),
        "each",
        Actors::Each(vec![st("BY"), st("BY")]),
    ));
    let err = b.build().unwrap_err();
    assert_eq!(
        err.problems(),
        [Problem::DuplicateState {
            item: ItemRef::Commitment("P.each".parse().unwrap()),
            field: "acting",
            state: st("BY"),
        }]
    );
}

#[test]
fn a_duplicate_acting_state_is_refused_when_adding_a_commitment() {
    let mut agenda = union_state::dataset().clone();
    let before = agenda.clone();
    let c = Commitment::new(
        "UP16.launch".parse().unwrap(),
        "Launch",
        Actors::Each(vec![st("RU"), st("RU")]),
    );
    let err = agenda.add_commitment(c).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid agenda: commitment `UP16.launch`: field `acting` lists state `RU` more than once"
    );
    assert_eq!(agenda, before);
}

// ---------------------------------------------------------------------------
// Item 9: an event about one state belongs only to an `each` commitment.

fn event_about(state: &str, date: &str, status: Status) -> StatusEvent {
    StatusEvent::new(date.parse().unwrap(), status).for_state(st(state))
}

#[test]
fn a_state_event_on_a_joint_or_single_state_commitment_is_refused() {
    let mut b = builder(&[], &[], &["P"]);
    let mut joint = Commitment::new(
        "P.joint".parse().unwrap(),
        "joint",
        Actors::Joint(vec![st("BY"), st("RU")]),
    );
    joint
        .events
        .push(event_about("BY", "2023-01-01", Status::Done));
    let mut single = Commitment::new(
        "P.single".parse().unwrap(),
        "single",
        Actors::State(st("RU")),
    )
    .with_event("2022-05".parse().unwrap(), Status::InProgress);
    single
        .events
        .push(event_about("RU", "2023-02-01", Status::Done));
    // Allowed: `each`, with a state that acts.
    let mut each = Commitment::new(
        "P.each".parse().unwrap(),
        "each",
        Actors::Each(vec![st("BY"), st("RU")]),
    );
    each.events
        .push(event_about("BY", "2023-01-01", Status::Done));
    b.add_commitment(joint)
        .add_commitment(single)
        .add_commitment(each);
    assert_eq!(
        problems(b),
        [
            "commitment `P.joint`: event #0 is about `BY` alone, but only an `each` commitment has events about one state",
            "commitment `P.single`: event #1 is about `RU` alone, but only an `each` commitment has events about one state",
        ]
    );
}

#[test]
fn a_state_event_outside_each_is_a_typed_problem() {
    let mut b = builder(&[], &[], &["P"]);
    let mut joint = Commitment::new(
        "P.joint".parse().unwrap(),
        "joint",
        Actors::Joint(vec![st("BY"), st("RU")]),
    );
    joint.events.push(event_about("RU", "2023", Status::Done));
    b.add_commitment(joint);
    assert_eq!(
        b.build().unwrap_err().problems(),
        [Problem::EventStateNotEach {
            item: ItemRef::Commitment("P.joint".parse().unwrap()),
            index: 0,
            state: st("RU"),
        }]
    );
}

#[test]
fn a_state_event_file_on_a_joint_commitment_is_refused() {
    let json = agenda_json(
        r#"{"id": "P.a", "title": "a", "acting": {"joint": ["BY", "RU"]}, "basis": "stated", "sources": ["S"],
            "events": [{"date": "2023-01", "status": "done", "state": "BY", "basis": "stated", "sources": ["S"]}]}"#,
    );
    assert_eq!(
        Agenda::from_json_str(&json).unwrap_err().to_string(),
        "invalid agenda: commitment `P.a`: event #0 is about `BY` alone, but only an `each` commitment has events about one state"
    );
}

#[test]
fn record_event_refuses_a_state_event_on_a_joint_commitment() {
    let mut agenda = union_state::dataset().clone();
    let id: CommitmentId = "UP16.addendum".parse().unwrap();
    assert!(matches!(
        agenda.commitment(&id).unwrap().acting,
        Actors::Joint(_)
    ));
    let before = agenda.clone();
    let err = agenda
        .record_event(&id, event_about("BY", "2026-11-28", Status::Done))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid agenda: commitment `UP16.addendum`: event #1 is about `BY` alone, but only an `each` commitment has events about one state"
    );
    assert_eq!(agenda, before);
    // One state's "done" did not complete the joint act.
    assert_ne!(
        agenda
            .commitment(&id)
            .unwrap()
            .status_as_of("2026-11-28".parse().unwrap()),
        Status::Done
    );
}

#[test]
fn record_event_reports_the_same_problems_as_the_builder() {
    // A joint commitment with one event; the new event is both out of date
    // order and about one state.
    let mut b = builder(&[], &[], &["P"]);
    let c = Commitment::new(
        "P.joint".parse().unwrap(),
        "joint",
        Actors::Joint(vec![st("BY"), st("RU")]),
    )
    .with_event("2023-06".parse().unwrap(), Status::InProgress);
    b.add_commitment(c.clone());
    let mut agenda = b.clone().build().unwrap();
    let before = agenda.clone();
    let event = event_about("BY", "2023-01-15", Status::Done);
    let err = agenda
        .record_event(&"P.joint".parse().unwrap(), event.clone())
        .unwrap_err();
    let MutationError::Invalid(err) = err else {
        panic!("{err}")
    };
    let mut changed = c;
    changed.events.push(event);
    let mut whole = builder(&[], &[], &["P"]);
    whole.add_commitment(changed);
    let expected = whole.build().unwrap_err();
    assert_eq!(err, expected);
    let text: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "commitment `P.joint`: `events` #1 of `2023-01-15` is earlier than the one before it",
            "commitment `P.joint`: event #1 is about `BY` alone, but only an `each` commitment has events about one state",
        ]
    );
    assert_eq!(agenda, before);
}

#[test]
fn record_event_still_accepts_a_state_event_on_an_each_commitment() {
    let mut agenda = union_state::dataset().clone();
    let id: CommitmentId = "UP08.prospectus-entry-into-force".parse().unwrap();
    assert!(matches!(
        agenda.commitment(&id).unwrap().acting,
        Actors::Each(_)
    ));
    let last = agenda.commitment(&id).unwrap().events.len();
    agenda
        .record_event(&id, event_about("RU", "2026-11-28", Status::Done))
        .unwrap();
    assert_eq!(agenda.commitment(&id).unwrap().events.len(), last + 1);
}

#[test]
fn one_states_done_never_completes_a_joint_act() {
    // A commitment built in code, outside any agenda: the event about BY
    // alone is not the joint act.
    let mut c = Commitment::new(
        "P.joint".parse().unwrap(),
        "joint",
        Actors::Joint(vec![st("BY"), st("RU")]),
    )
    .with_event("2022-01-01".parse().unwrap(), Status::InProgress);
    c.events.push(event_about("BY", "2023-01-01", Status::Done));
    let day = "2023-06-01".parse().unwrap();
    assert_eq!(c.status_as_of(day), Status::InProgress);
    assert_eq!(c.done_on(day), None);
}

// ---------------------------------------------------------------------------
// Item 13: iCalendar dates at the ends of the calendar.

fn dated_agenda(deadlines: &[&str]) -> Agenda {
    let commitments: Vec<(String, Option<&str>)> = deadlines
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("P.c{i}"), Some(*d)))
        .collect();
    let refs: Vec<(&str, Option<&str>)> = commitments
        .iter()
        .map(|(id, d)| (id.as_str(), *d))
        .collect();
    common::agenda(&refs, &[])
}

/// The value of every line whose name (before `;` or `:`) is `name`.
fn values<'a>(ics: &'a str, name: &str) -> Vec<&'a str> {
    ics.split("\r\n")
        .filter(|l| {
            l.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with(';') || rest.starts_with(':'))
        })
        .filter_map(|l| l.split_once(':').map(|(_, v)| v))
        .collect()
}

/// RFC 5545 section 3.3.4: a DATE is exactly eight digits, a year of 4.
fn is_rfc_date(v: &str) -> bool {
    v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit())
}

#[test]
fn ical_dates_are_valid_for_every_year_the_format_accepts() {
    let agenda = dated_agenda(&[
        "0001-01-01",
        "0042-03",
        "0999-Q2",
        "2023-12-31",
        "9999-12-30",
        "9999-12-31",
        "9999",
    ]);
    let ics = agenda.to_ical(&IcalOptions::new("2023-01-09".parse().unwrap()));
    let starts = values(&ics, "DTSTART");
    let ends = values(&ics, "DTEND");
    for v in starts.iter().chain(&ends) {
        assert!(is_rfc_date(v), "`{v}` is not an RFC 5545 DATE in:\n{ics}");
    }
    assert_eq!(
        starts,
        [
            "00010101", "00420331", "09990630", "20231231", "99991230", "99991231", "99991231"
        ]
    );
    // The day after 9999-12-31 is not a DATE: those two events say one day
    // by DURATION instead (RFC 5545 3.6.1, 3.8.2.5); the others keep DTEND.
    assert_eq!(
        ends,
        ["00010102", "00420401", "09990701", "20240101", "99991231"]
    );
    assert_eq!(values(&ics, "DURATION"), ["P1D", "P1D"]);
    assert!(!ics.contains('+'), "{ics}");

    // The icalendar crate reads every event back with its day.
    let calendar: Calendar = ics.parse().unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 7);
    for e in events {
        let Some(DatePerhapsTime::Date(start)) = e.get_start() else {
            panic!("no DATE start in {e:?}");
        };
        match e.get_end() {
            Some(DatePerhapsTime::Date(end)) => {
                assert_eq!(end, start.succ_opt().unwrap(), "{e:?}");
            }
            None => {
                assert_eq!(start.to_string(), "9999-12-31", "{e:?}");
                assert_eq!(e.property_value("DURATION"), Some("P1D"), "{e:?}");
            }
            other => panic!("unexpected end {other:?}"),
        }
    }
}

#[test]
fn ical_stamp_stays_a_valid_date_for_any_as_of() {
    let agenda = dated_agenda(&["2023-12-31"]);
    for (as_of, stamp) in [
        ("2023-01-09", "20230109T000000Z"),
        ("0005-06-07", "00050607T000000Z"),
        ("+12345-01-01", "99991231T000000Z"),
        ("-0044-03-15", "00010101T000000Z"),
    ] {
        let ics = agenda.to_ical(&IcalOptions::new(as_of.parse().unwrap()));
        assert_eq!(values(&ics, "DTSTAMP"), [stamp], "{as_of}");
    }
}
