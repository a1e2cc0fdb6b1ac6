//! One `union-state/2` agenda written for this test, with every answer
//! worked out by hand from the file (tests/fixtures/multiparty.json):
//! three states, one of which (KZ) joins in January 2024; a treaty signed
//! in two capitals on two days, ratified by BY (June 2023) and RU
//! (15 September 2023), acceded to by KZ (20 May 2024), in force from
//! 1 July 2024; an `each` commitment achieved by ratification and a joint
//! one by entry into force; an `each` commitment where RU is done
//! (November 2023) and BY drops out (10 February 2024, reported only in
//! March 2025); an institution acting, with a moved deadline; a condition
//! demanded by two states and one by an institution, whose membership KZ
//! joins in January 2024 too; and claims, one scoped.

use chrono::NaiveDate;
use union_state::error::LoadError;
use union_state::query::{CommitmentRef, Tally};
use union_state::*;

fn agenda() -> Agenda {
    Agenda::from_json_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/multiparty.json"
    ))
    .unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn st(s: &str) -> StateCode {
    s.parse().unwrap()
}

fn status(a: &Agenda, id: &str, on: &str) -> Status {
    a.commitment(&id.parse().unwrap())
        .unwrap()
        .status_as_of(day(on))
}

fn ids(list: &[&Commitment]) -> Vec<String> {
    list.iter().map(|c| c.id.to_string()).collect()
}

#[test]
fn the_treaty_is_signed_ratified_and_in_force_as_the_dates_say() {
    let a = agenda();
    let treaty = a.instrument(&"treaty".parse().unwrap()).unwrap();
    let stage = |on: &str| treaty.stage_as_of(day(on)).to_string();
    assert_eq!(
        stage("2023-02-28"),
        "not signed, not ratified, not in force"
    );
    assert_eq!(
        stage("2023-03-02"),
        "signed by BY, not ratified, not in force"
    );
    assert_eq!(
        stage("2023-07-01"),
        "signed by BY and RU, ratified by BY only, not in force"
    );
    assert_eq!(
        stage("2023-10-01"),
        "signed by BY and RU, ratified by BY and RU only, not in force"
    );
    assert_eq!(
        stage("2024-06-30"),
        "signed by BY and RU, ratified, not in force"
    );
    assert_eq!(stage("2024-07-01"), "in force");
}

#[test]
fn each_state_has_its_own_part_and_a_state_binds_only_once_it_joined() {
    let a = agenda();
    let ratify = a.commitment(&"M.ratify".parse().unwrap()).unwrap();
    // BY ratified in June 2023 (done on its last day), RU on 15 September.
    assert_eq!(
        ratify.status_of(&st("BY"), day("2023-06-29")),
        Some(Status::Planned)
    );
    assert_eq!(
        ratify.status_of(&st("BY"), day("2023-06-30")),
        Some(Status::Done)
    );
    assert_eq!(
        ratify.status_of(&st("RU"), day("2023-09-15")),
        Some(Status::Done)
    );
    // KZ is not bound before January 2024: no part, and it does not hold
    // the act open, so on 31 December 2023 the two members are done.
    assert_eq!(ratify.status_of(&st("KZ"), day("2023-12-31")), None);
    assert_eq!(status(&a, "M.ratify", "2023-12-31"), Status::Done);
    // From January 2024 KZ is bound and has not acceded yet.
    assert_eq!(
        ratify.status_of(&st("KZ"), day("2024-01-01")),
        Some(Status::Planned)
    );
    assert_eq!(status(&a, "M.ratify", "2024-03-01"), Status::InProgress);
    assert_eq!(status(&a, "M.ratify", "2024-05-20"), Status::Done);
    // The joint act: done on entry into force, 1 July 2024.
    assert_eq!(status(&a, "M.treaty", "2024-06-30"), Status::Planned);
    assert_eq!(status(&a, "M.treaty", "2024-07-01"), Status::Done);
    assert_eq!(
        a.commitment(&"M.treaty".parse().unwrap())
            .unwrap()
            .done_on(day("2025-01-01")),
        Some(day("2024-07-01"))
    );
    // One state done, the other dropped out: done by the state that stayed.
    let law = a.commitment(&"T.law".parse().unwrap()).unwrap();
    assert_eq!(
        law.status_of(&st("BY"), day("2024-12-31")),
        Some(Status::Dropped)
    );
    assert_eq!(
        law.status_of(&st("RU"), day("2024-12-31")),
        Some(Status::Done)
    );
    assert_eq!(status(&a, "T.law", "2024-02-09"), Status::InProgress);
    assert_eq!(status(&a, "T.law", "2024-02-10"), Status::Done);
    // An institution acts: no state has a part.
    let rules = a.commitment(&"T.rules".parse().unwrap()).unwrap();
    assert_eq!(rules.status_of(&st("BY"), day("2025-06-01")), None);
    assert_eq!(rules.status_as_of(day("2025-06-01")), Status::Done);
}

#[test]
fn overdue_and_blocked_name_the_state_whose_part_is_late() {
    let a = agenda();
    let on = day("2024-03-01");
    // M.ratify was due 31 December 2023; KZ, bound since January, has not
    // acceded.
    assert_eq!(ids(&a.overdue(on)), ["M.ratify"]);
    assert_eq!(ids(&a.overdue_for(&st("KZ"), on)), ["M.ratify"]);
    assert!(a.overdue_for(&st("BY"), on).is_empty());
    let blocked = a
        .why_blocked(&"M.treaty".parse::<NodeId>().unwrap(), on)
        .unwrap();
    assert_eq!(blocked.len(), 1);
    assert_eq!(blocked[0].commitment.id.as_str(), "M.ratify");
    assert_eq!(blocked[0].waiting_for, [&st("KZ")]);
}

#[test]
fn progress_by_state_counts_own_parts_of_what_binds_the_state() {
    let a = agenda();
    let p = a.progress(day("2024-12-31"));
    let t = |total, due, done, done_of_due| Tally {
        total,
        due,
        done,
        done_of_due,
    };
    // M.ratify, M.treaty done; T.law done (RU done, BY dropped); T.rules
    // (due 30 June 2025) not yet.
    assert_eq!(p.overall, t(4, 3, 3, 3));
    // BY: its parts of M.treaty (done), M.ratify (done), T.law (dropped).
    assert_eq!(p.by_state[&st("BY")], t(3, 3, 2, 2));
    assert_eq!(p.by_state[&st("RU")], t(3, 3, 3, 3));
    // KZ acts on the two M commitments only.
    assert_eq!(p.by_state[&st("KZ")], t(2, 2, 2, 2));
    assert_eq!(
        p.by_institution[&"council".parse::<InstitutionId>().unwrap()],
        t(1, 0, 0, 0)
    );
    // T has no mode: counted apart.
    assert_eq!(p.without_mode, t(2, 1, 1, 1));
    assert_eq!(p.programmes_done.len(), 1);
    // Before KZ joined, it has no tally at all.
    let early = a.progress(day("2023-06-30"));
    assert!(!early.by_state.contains_key(&st("KZ")));
    assert_eq!(early.by_state[&st("BY")], t(3, 0, 1, 0));
    // Obligations as of a date: only the members then.
    assert_eq!(a.obligations_as_of(day("2023-06-30")).len(), 2);
    let kz = &a.obligations_as_of(day("2024-03-01"))[1];
    assert_eq!(kz.state.as_str(), "KZ");
    assert_eq!(kz.statuses.len(), 2);
}

#[test]
fn what_was_known_then_differs_from_hindsight() {
    let a = agenda();
    let on = day("2024-12-31");
    let law = a.commitment(&"T.law".parse().unwrap()).unwrap();
    // BY dropped out on 10 February 2024, but only S2 (March 2025) says so:
    // on the last day of 2024 it was not known, so T.law looked unfinished.
    assert_eq!(law.status_as_known(on, on), Status::InProgress);
    assert_eq!(law.status_as_known(on, day("2025-03-01")), Status::Done);
    let checks = a.claims_vs_data();
    // "Every commitment done", 31 December 2024: 3 of 4 with hindsight,
    // 2 of 4 with what was known that day.
    let all = &checks[0];
    assert_eq!((all.data.done, all.data.total), (3, 4));
    assert_eq!((all.known_then.done, all.known_then.total), (2, 4));
    assert_eq!(
        (all.programmes_done, all.programmes_done_known_then),
        (1, 1)
    );
    // The scoped claim is compared with programme M alone: 2 of 2.
    let market = &checks[1];
    assert_eq!((market.data.done, market.data.total), (2, 2));
    assert_eq!(market.programmes_done, 1);
    // T.rules is done on 5 May 2025; its source is undated but was added
    // in February 2024, so it counts from the day it happened.
    let rules = a.commitment(&"T.rules".parse().unwrap()).unwrap();
    assert_eq!(
        rules.status_as_known(day("2025-05-05"), day("2025-05-05")),
        Status::Done
    );
}

#[test]
fn deadlocks_schedule_drift_and_exports_follow_the_file() {
    let a = agenda();
    // M (all of it) before T.rules, demanded by BY and KZ; T.rules before
    // M.ratify, demanded by the council: one mutual deadlock.
    let deadlocks = a.deadlocks();
    assert_eq!(deadlocks.len(), 1);
    let d = &deadlocks[0];
    assert!(d.is_mutual());
    let who: Vec<&str> = d.demanded_by().iter().map(|x| x.as_str()).collect();
    assert_eq!(who, ["BY", "KZ", "council"]);
    assert_eq!(d.breaking_set.len(), 1);
    // Effective deadlines: M.ratify (2023-12-31), M.treaty (June 2024),
    // T.law (2024), T.rules (30 June 2025).
    assert_eq!(
        ids(&a.schedule()),
        ["M.ratify", "M.treaty", "T.law", "T.rules"]
    );
    // T.rules moved from 31 December 2024 to 30 June 2025: 181 days.
    let drift = a.deadline_drift();
    assert_eq!(drift.len(), 1);
    assert_eq!(drift[0].total_days, 181);
    // Calendar entries carry the agenda's own id and name.
    let ics = a.to_ical(&export::IcalOptions::new(day("2024-12-31")));
    assert!(ics.contains("UID:M.treaty@three\r\n"));
    assert!(ics.contains("X-WR-CALNAME:Three-state deadlines\r\n"));
    // Each state's own part, in the description (lines unfolded first).
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("BY's part: dropped\\nRU's part: done"),
        "{unfolded}"
    );
    // A commitment reference serialises with its id and deadline as worded.
    let json = serde_json::to_value(CommitmentRef::list(&a.overdue(day("2024-03-01")))).unwrap();
    assert_eq!(json[0]["id"], "M.ratify");
    assert_eq!(json[0]["deadline"], "2023-12-31");
}

#[test]
fn the_file_round_trips_and_refuses_to_be_called_version_1() {
    let a = agenda();
    let again = Agenda::from_json_str(&a.to_json_string()).unwrap();
    assert_eq!(again, a);
    assert!(a.to_json_string().contains("\"format\": \"union-state/2\""));
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/multiparty.json"
    ))
    .unwrap()
    .replace("union-state/2", "union-state/1");
    match Agenda::from_json_str(&text) {
        Err(LoadError::NeedsVersion2 { path, .. }) => assert_eq!(path, "about"),
        other => panic!("{other:?}"),
    }
    let without_about = text.replace(
        r#""about": { "id": "three", "title": "A three-state market, a test fixture", "calendar": "Three-state deadlines" },"#,
        "",
    );
    let err = Agenda::from_json_str(&without_about).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`states[2].joined`: a date a state joined needs `\"format\": \"union-state/2\"` (the file says `union-state/1`)"
    );
}

#[test]
fn a_claim_about_a_plan_is_set_beside_nothing_and_its_plan_must_exist() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/multiparty.json"
    ))
    .unwrap();
    let scoped = |plan: &str| {
        text.replace(
            r#""scope": { "programme": "M" }"#,
            &format!(r#""scope": {{ "plan": "{plan}" }}"#),
        )
    };
    let a = Agenda::from_json_str(&scoped("decree")).unwrap();
    let check = &a.claims_vs_data()[1];
    assert_eq!(
        check.scope.map(ToString::to_string).as_deref(),
        Some("plan `decree`")
    );
    assert_eq!((check.data.total, check.programmes_done), (0, 0));
    let err = Agenda::from_json_str(&scoped("nowhere")).unwrap_err();
    assert!(
        err.to_string()
            .contains("field `scope.plan` refers to unknown instrument `nowhere`"),
        "{err}"
    );
}

#[test]
fn an_institution_has_the_members_its_membership_dates_say() {
    let a = agenda();
    let council = a.institution(&"council".parse().unwrap()).unwrap();
    let members = |on: &str| -> Vec<String> {
        council
            .members_as_of(day(on))
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(members("2023-12-31"), ["BY", "RU"]);
    assert_eq!(members("2024-01-01"), ["BY", "RU", "KZ"]);
    assert!(!council.has_member(&st("AM"), day("2025-01-01")));
    // The council's own tally is by institution, not in any member's.
    let p = a.progress(day("2025-06-30"));
    assert!(p.by_institution.contains_key(&council.id));
}

/// The file with one replacement made, loaded.
fn with(old: &str, new: &str) -> Result<Agenda, LoadError> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/multiparty.json"
    ))
    .unwrap();
    assert!(text.contains(old), "{old}");
    Agenda::from_json_str(&text.replace(old, new))
}

#[test]
fn bad_memberships_are_typed_problems_naming_the_state() {
    let membership = r#"{ "state": "KZ", "joined": "2024-01", "sources": ["S1"] }"#;
    let err = with(membership, r#"{ "state": "AM", "joined": "2024-01" }"#).unwrap_err();
    assert!(
        err.to_string().contains(
            "institution `council`: `membership` #0 names state `AM`, which is not among its `states`"
        ),
        "{err}"
    );
    let err = with(
        membership,
        r#"{ "state": "KZ", "joined": "2024-01", "left": "2023-05" }"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains(
            "institution `council`: membership of state `KZ`: `left` (`2023-05`) is not after `joined` (`2024-01`)"
        ),
        "{err}"
    );
    let twice = format!("{membership}, {membership}");
    let err = with(membership, &twice).unwrap_err();
    assert!(
        err.to_string().contains(
            "institution `council`: field `membership.state` lists state `KZ` more than once"
        ),
        "{err}"
    );
}

#[test]
fn a_state_that_leaves_before_it_joins_is_its_own_problem() {
    let err = with(
        r#""joined": "2024-01""#,
        r#""joined": "2024-01", "left": "2023-05""#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("state `KZ`: `left` (`2023-05`) is not after `joined` (`2024-01`)"),
        "{err}"
    );
}

#[test]
fn a_bad_agenda_id_is_called_an_agenda_id() {
    let err = with(r#""id": "three""#, r#""id": "three\nlines""#).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("invalid agenda id"), "{text}");
    assert!(!text.contains("source"), "{text}");
}

#[test]
fn a_version_1_file_may_not_date_an_institutions_members() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/minimal.json"
    ))
    .unwrap();
    let old = r#""states": ["BY", "RU"], "sources": ["S1"] }
  ],"#;
    assert!(text.contains(old));
    let dated = text.replacen(
        old,
        r#""states": ["BY", "RU"], "sources": ["S1"],
      "membership": [ { "state": "RU", "joined": "2022" } ] }
  ],"#,
        1,
    );
    match Agenda::from_json_str(&dated) {
        Err(LoadError::NeedsVersion2 { path, .. }) => {
            assert_eq!(path, "institutions[0].membership");
        }
        other => panic!("{other:?}"),
    }
    // The same file as version 2 loads, and RU is a member from 2022.
    let a = Agenda::from_json_str(&dated.replace("union-state/1", "union-state/2")).unwrap();
    let council = a
        .institution(&"council-of-ministers".parse().unwrap())
        .unwrap();
    assert!(!council.has_member(&st("RU"), day("2021-12-31")));
    assert!(council.has_member(&st("RU"), day("2022-01-01")));
    assert!(council.has_member(&st("BY"), day("2021-12-31")));
}

/// `demanded_by` as data/README.md gives it: a state code, `{"institution":
/// id}`, or a list of them. Each shape is read as what it is: a list of
/// one state is that state (also beside an institution of the same id),
/// never an institution; an array in place of the institution record, an
/// empty list and a repeat are refused.
#[test]
fn each_shape_of_demanded_by_is_read_as_what_it_is() {
    use union_state::{Demander, DependencyKind};
    let demanded = r#""demanded_by": ["BY", "KZ"]"#;
    let demanders = |a: &Agenda| -> Vec<Demander> {
        a.dependencies()
            .iter()
            .find_map(|d| match &d.kind {
                DependencyKind::ConditionalOn { demanded_by }
                    if d.dependent.as_str() == "T.rules" =>
                {
                    Some(demanded_by.iter().cloned().collect())
                }
                _ => None,
            })
            .unwrap()
    };
    let state = |c: &str| Demander::State(st(c));
    let council = Demander::Institution("council".parse().unwrap());
    for (shape, expected) in [
        (r#""demanded_by": "BY""#, vec![state("BY")]),
        (r#""demanded_by": ["BY"]"#, vec![state("BY")]),
        (
            r#""demanded_by": { "institution": "council" }"#,
            vec![council.clone()],
        ),
        (
            r#""demanded_by": ["KZ", { "institution": "council" }]"#,
            vec![state("KZ"), council.clone()],
        ),
    ] {
        let a = with(demanded, shape).unwrap_or_else(|e| panic!("{shape}: {e}"));
        assert_eq!(demanders(&a), expected, "{shape}");
    }
    // With an institution whose id is `BY` too, `["BY"]` is still the state.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/multiparty.json"
    ))
    .unwrap()
    .replace(demanded, r#""demanded_by": ["BY"]"#)
    .replacen(
        r#""institutions": ["#,
        r#""institutions": [ { "id": "BY", "name": "An institution called BY", "states": ["BY"], "sources": ["S1"] },"#,
        1,
    );
    let a = Agenda::from_json_str(&text).unwrap();
    assert_eq!(demanders(&a), [state("BY")]);
    for bad in [
        r#""demanded_by": [["council"]]"#,
        r#""demanded_by": []"#,
        r#""demanded_by": ["BY", "BY"]"#,
    ] {
        assert!(with(demanded, bad).is_err(), "{bad} was accepted");
    }
}
