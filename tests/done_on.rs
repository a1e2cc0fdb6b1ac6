//! `Commitment::done_on` against a day-by-day reference: the first day of
//! the stretch, up to the day asked about, in which `status_as_of` says
//! done, found by stepping back one day at a time. The agendas have three
//! or four states that join and leave on days and in months, and `each`,
//! joint and single-state commitments with events about one state and
//! about all: the status of an `each` commitment can turn done on a day
//! with no event, when a state whose part is open stops being bound.

mod common;

use chrono::{Days, NaiveDate};
use common::month_date as date_text;
use proptest::prelude::*;
use union_state::{Agenda, Status};

const STATES: [&str; 4] = ["BY", "KZ", "RU", "AM"];
const STATUSES: [&str; 4] = ["in_progress", "done", "delayed", "dropped"];

/// A date as [`date_text`] takes it: a month index and, for day
/// precision, a day.
type When = (u32, Option<u32>);

#[derive(Clone, Debug)]
struct Case {
    /// Per state: when it joined and when it left, if it did.
    bounds: Vec<(Option<When>, Option<When>)>,
    /// Acting: 0 each, 1 joint, 2 one state.
    acting: u8,
    /// Events: (month index, day, status, about state `i` or all).
    events: Vec<(u32, Option<u32>, usize, Option<usize>)>,
}

fn case() -> impl Strategy<Value = Case> {
    let when = (0..48u32, prop::option::of(0..28u32));
    (
        3..=4usize,
        prop::collection::vec(
            (
                prop::option::weighted(0.3, when.clone()),
                prop::option::weighted(0.4, when.clone()),
            ),
            4,
        ),
        0..3u8,
        prop::collection::vec(
            (
                0..48u32,
                prop::option::of(0..28u32),
                0..4usize,
                prop::option::of(0..4usize),
            ),
            0..7,
        ),
    )
        .prop_map(|(n, mut bounds, acting, events)| {
            bounds.truncate(n);
            Case {
                bounds,
                acting,
                events,
            }
        })
}

/// The agenda of a case, or `None` if the builder refuses it (a state
/// that leaves before it joins): such cases test nothing here, and the
/// property checks no other case is refused.
fn agenda(case: &Case) -> Option<Agenda> {
    let n = case.bounds.len();
    let states: Vec<String> = (0..n)
        .map(|i| {
            let (joined, left) = case.bounds[i];
            let field = |name: &str, when: Option<When>| {
                when.map_or(String::new(), |(m, d)| {
                    format!(r#", "{name}": "{}""#, date_text(m, d))
                })
            };
            format!(
                r#"{{ "code": "{}", "name": "state {i}"{}{} }}"#,
                STATES[i],
                field("joined", joined),
                field("left", left)
            )
        })
        .collect();
    let codes: Vec<String> = STATES[..n].iter().map(|c| format!(r#""{c}""#)).collect();
    let acting = match case.acting {
        0 => format!(r#"{{ "each": [{}] }}"#, codes.join(", ")),
        1 => format!(r#"{{ "joint": [{}] }}"#, codes.join(", ")),
        _ => format!(r#"{{ "state": {} }}"#, codes[0]),
    };
    let mut events = case.events.clone();
    events.sort_by_key(|&(m, d, _, _)| (m, d.map_or(31, |d| 1 + d % 28)));
    let events: Vec<String> = events
        .iter()
        .map(|&(m, d, status, about)| {
            let state = match about {
                Some(i) if case.acting == 0 && i < n => format!(r#", "state": "{}""#, STATES[i]),
                _ => String::new(),
            };
            format!(
                r#"{{ "date": "{}", "status": "{}"{state}, "basis": "stated", "sources": [] }}"#,
                date_text(m, d),
                STATUSES[status]
            )
        })
        .collect();
    let text = format!(
        r#"{{ "format": "union-state/2",
  "states": [{}],
  "programmes": [ {{ "id": "P", "title": "P", "sector": "s", "mode": "integration", "mode_basis": "stated",
     "basis": "stated", "states": [{}], "sources": [] }} ],
  "commitments": [ {{ "id": "P.c", "title": "c", "acting": {acting}, "basis": "stated",
     "sources": [], "events": [{}] }} ] }}"#,
        states.join(", "),
        codes.join(", "),
        events.join(", ")
    );
    Agenda::from_json_str(&text).ok()
}

/// The first day of the stretch up to `date` in which the commitment is
/// done, stepping back a day at a time from `date` (to 2021, before any
/// event).
fn reference(a: &Agenda, date: NaiveDate) -> Option<NaiveDate> {
    let c = &a.commitments()[0];
    if c.status_as_of(date) != Status::Done {
        return None;
    }
    let floor = NaiveDate::from_ymd_opt(2021, 1, 1)?;
    let mut first = date;
    while first > floor {
        let before = first.checked_sub_days(Days::new(1))?;
        if c.status_as_of(before) != Status::Done {
            break;
        }
        first = before;
    }
    Some(first)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn done_on_is_the_first_day_of_the_last_stretch_done(case in case(), asked in 0..60u32) {
        let Some(a) = agenda(&case) else {
            // Only a state that joins and leaves (leaving first) is refused.
            prop_assert!(case.bounds.iter().any(|(j, l)| j.is_some() && l.is_some()), "{:?}", case);
            return Ok(());
        };
        let c = &a.commitments()[0];
        let start = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
        // Days asked: one drawn over 2022-2026, and the last day of 2026.
        for date in [
            start.checked_add_days(Days::new(u64::from(asked) * 30)).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        ] {
            prop_assert_eq!(c.done_on(date), reference(&a, date), "as of {}", date);
        }
    }
}

/// The case the property was written for: KZ leaves in July 2024 with its
/// part open, after BY and RU are done; the commitment is done from
/// 1 July 2024, a day with no event.
#[test]
fn an_each_commitment_is_done_the_day_the_state_it_waited_for_leaves() {
    let case = Case {
        bounds: vec![(None, None), (None, Some((30, None))), (None, None)],
        acting: 0,
        events: vec![(16, None, 1, Some(0)), (24, Some(14), 1, Some(2))],
    };
    let a = agenda(&case).unwrap();
    let c = &a.commitments()[0];
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert_eq!(c.status_as_of(day("2024-06-30")), Status::InProgress);
    assert_eq!(c.status_as_of(day("2024-07-01")), Status::Done);
    assert_eq!(c.done_on(day("2025-01-01")), Some(day("2024-07-01")));
}
