//! An act made of several steps (every party's ratification or signature
//! of a treaty) is known done once every step is known: a joint
//! commitment achieved by the treaty's ratification is known done, as of
//! any day and with what was known on any day, exactly when the same
//! commitment written as `each` (one part per party) is, whatever the
//! order of the parties and whichever step was reported last.

mod common;

use chrono::{Days, NaiveDate};
use common::month_date as date_text;
use proptest::prelude::*;
use union_state::{Agenda, Status};

const PARTIES: [&str; 4] = ["AA", "BB", "CC", "DD"];

/// Per party: when it took the step, and when the source that reports it
/// was published (none: an undated source, known from the step's own
/// day).
type Party = ((u32, Option<u32>), Option<(u32, Option<u32>)>);

/// An agenda of one treaty with `parties`, each taking `stage`'s step as
/// given, and three commitments achieved by it at that stage: joint in
/// the parties' order, joint in the reverse order, and `each`.
fn agenda(parties: &[Party], stage: &str) -> Agenda {
    let n = parties.len();
    let codes: Vec<String> = PARTIES[..n].iter().map(|c| format!(r#""{c}""#)).collect();
    let reversed: Vec<String> = codes.iter().rev().cloned().collect();
    let states: Vec<String> = PARTIES[..n]
        .iter()
        .map(|c| format!(r#"{{ "code": "{c}", "name": "{c}" }}"#))
        .collect();
    let mut sources =
        vec![r#"{ "id": "S0", "title": "the text", "url": "https://e.org/0" }"#.to_owned()];
    let mut steps = Vec::new();
    for (i, ((m, d), reported)) in parties.iter().enumerate() {
        let date = reported.map_or(String::new(), |(rm, rd)| {
            format!(r#", "date": "{}""#, date_text(rm, rd))
        });
        sources.push(format!(
            r#"{{ "id": "R{i}", "title": "report {i}"{date}, "url": "https://e.org/{i}" }}"#
        ));
        let step = if stage == "ratified" {
            format!(
                r#"{{ "state": "{}", "date": "{}", "how": "ratification", "basis": "stated", "sources": ["R{i}"] }}"#,
                PARTIES[i],
                date_text(*m, *d)
            )
        } else {
            format!(
                r#"{{ "date": "{}", "states": ["{}"], "basis": "stated", "sources": ["R{i}"] }}"#,
                date_text(*m, *d),
                PARTIES[i]
            )
        };
        steps.push(step);
    }
    let (signed, ratified) = if stage == "ratified" {
        (
            r#"{ "date": "2021-06-01", "basis": "stated", "sources": ["S0"] }"#.to_owned(),
            steps.join(", "),
        )
    } else {
        (steps.join(", "), String::new())
    };
    let commitment = |id: &str, acting: String| {
        format!(
            r#"{{ "id": "P.{id}", "title": "{id}", "acting": {acting}, "basis": "stated", "sources": ["S0"],
               "achieved_by": {{ "instrument": "T", "stage": "{stage}" }} }}"#
        )
    };
    let text = format!(
        r#"{{ "format": "union-state/2", "states": [{}],
  "instruments": [ {{ "id": "T", "title": "Treaty", "date": "2021-06-01", "parties": [{}],
     "signed": [{signed}], "ratified": [{ratified}], "basis": "stated", "sources": ["S0"] }} ],
  "sources": [{}],
  "programmes": [ {{ "id": "P", "title": "P", "sector": "s", "basis": "stated", "states": [{}], "sources": ["S0"] }} ],
  "commitments": [{}, {}, {}] }}"#,
        states.join(", "),
        codes.join(", "),
        sources.join(", "),
        codes.join(", "),
        commitment("joint", format!(r#"{{ "joint": [{}] }}"#, codes.join(", "))),
        commitment(
            "joint-reversed",
            format!(r#"{{ "joint": [{}] }}"#, reversed.join(", "))
        ),
        commitment("each", format!(r#"{{ "each": [{}] }}"#, codes.join(", "))),
    );
    Agenda::from_json_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn party() -> impl Strategy<Value = Party> {
    let when = (0..36u32, prop::option::of(0..28u32));
    (when.clone(), prop::option::weighted(0.7, when))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_joint_act_is_known_done_once_every_party_s_step_is(
        parties in prop::collection::vec(party(), 2..=4),
        ratified in any::<bool>(),
    ) {
        let stage = if ratified { "ratified" } else { "signed" };
        let a = agenda(&parties, stage);
        let c = |id: &str| a.commitment(&id.parse().unwrap()).unwrap();
        let (joint, reversed, each) = (c("P.joint"), c("P.joint-reversed"), c("P.each"));
        let start = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
        // Every month end of 2022-2025 as the day asked about and as the
        // day of what was known.
        let days: Vec<NaiveDate> = (0..48u64)
            .map(|m| start.checked_add_days(Days::new(m * 30 + 29)).unwrap())
            .collect();
        for &on in &days {
            for &known in &days {
                let done = |c: &union_state::Commitment| c.status_as_known(on, known) == Status::Done;
                prop_assert_eq!(done(joint), done(each), "as of {} known {}", on, known);
                prop_assert_eq!(done(reversed), done(each), "as of {} known {}", on, known);
            }
        }
    }
}

/// The review's case: AA ratified first but was reported only in June
/// 2024, BB ratified later and was reported in January 2023; on 30 June
/// 2023 the joint act was not yet known done.
#[test]
fn the_earlier_step_reported_later_holds_the_act_unknown() {
    let parties: [Party; 2] = [
        ((10, Some(14)), Some((29, None))),
        ((11, Some(19)), Some((12, Some(9)))),
    ];
    let a = agenda(&parties, "ratified");
    let joint = a.commitment(&"P.joint".parse().unwrap()).unwrap();
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert_eq!(joint.status_as_of(day("2023-06-30")), Status::Done);
    assert_eq!(
        joint.status_as_known(day("2023-06-30"), day("2023-06-30")),
        Status::Planned
    );
    assert_eq!(
        joint.status_as_known(day("2024-06-30"), day("2024-06-30")),
        Status::Done
    );
    // The done event cites both parties' reports.
    let derived: Vec<&union_state::StatusEvent> = joint.timeline().collect();
    assert_eq!(derived.len(), 1);
    let cited: Vec<&str> = derived[0]
        .sources
        .iter()
        .map(union_state::SourceId::as_str)
        .collect();
    assert_eq!(cited, ["R0", "R1"]);
}
