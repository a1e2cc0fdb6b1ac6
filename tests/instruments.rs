//! Instruments as they live (parties, signatures, ratifications, entry into
//! force), commitments achieved by an instrument's stage, measure counts and
//! scoped claims (issue 10, items 3 and 7). Every answer here is worked by
//! hand from the data in the test.

mod common;

use common::{problems, st};
use serde_json::{Value, json};
use union_state::query::Tally;
use union_state::*;

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn date(s: &str) -> PartialDate {
    s.parse().unwrap()
}

/// Test data only: a treaty signed on 28 February 2022 in Minsk by BY and
/// on 4 March 2022 in Moscow by RU, ratified by BY in November 2025 and
/// not by RU.
fn two_capital_treaty() -> Instrument {
    let mut t = Instrument::new("treaty".parse().unwrap(), "Treaty", date("2022-02-28"));
    t.parties = vec![st("BY"), st("RU")];
    t.signed = vec![
        Signature {
            date: date("2022-02-28"),
            place: Some("Minsk".into()),
            states: vec![st("BY")],
            basis: Basis::Stated,
            sources: vec!["S1".parse().unwrap()],
        },
        Signature {
            date: date("2022-03-04"),
            place: Some("Moscow".into()),
            states: vec![st("RU")],
            basis: Basis::Inferred,
            sources: vec!["S2".parse().unwrap()],
        },
    ];
    t.ratified = vec![ratification("BY", "2025-11", Consent::Ratification)];
    t
}

fn ratification(state: &str, when: &str, how: Consent) -> Ratification {
    Ratification {
        state: st(state),
        date: date(when),
        how,
        basis: Basis::Stated,
        sources: vec!["S1".parse().unwrap()],
        note: None,
    }
}

/// Test data only: a treaty of BY, RU and KZ signed by BY and RU on 10 May
/// 2023, ratified by RU in 2023-Q3, acceded to by KZ on 1 February 2024,
/// ratified by BY in 2024, in force on 1 January 2025.
fn three_party_treaty() -> Instrument {
    let mut t = Instrument::new("trio".parse().unwrap(), "Trio", date("2023-05-10"));
    t.parties = vec![st("BY"), st("RU"), st("KZ")];
    t.signed = vec![Signature {
        date: date("2023-05-10"),
        place: None,
        states: vec![st("BY"), st("RU")],
        basis: Basis::Stated,
        sources: vec![],
    }];
    t.ratified = vec![
        ratification("RU", "2023-Q3", Consent::Ratification),
        ratification("KZ", "2024-02-01", Consent::Accession),
        ratification("BY", "2024", Consent::Approval),
    ];
    t.in_force = Some(Dated {
        date: date("2025-01-01"),
        basis: Basis::Stated,
        sources: vec!["S2".parse().unwrap()],
        note: None,
    });
    t
}

/// States BY, RU, KZ; sources S1, S2; programme P (sector `s`) binding all
/// three; the two treaties.
fn base() -> AgendaBuilder {
    let mut b = AgendaBuilder::new();
    for (code, name) in [("BY", "Belarus"), ("RU", "Russia"), ("KZ", "Kazakhstan")] {
        b.add_state(State::new(st(code), name));
    }
    for id in ["S1", "S2"] {
        b.add_source(Source {
            id: id.parse().unwrap(),
            title: id.into(),
            publisher: None,
            date: None,
            added: None,
            url: "https://example.org".into(),
        });
    }
    let mut p = Programme::new(
        "P".parse().unwrap(),
        "P",
        "s".parse().unwrap(),
        IntegrationMode::Harmonisation,
    );
    p.states = vec![st("BY"), st("RU"), st("KZ")];
    b.add_programme(p);
    b.add_instrument(two_capital_treaty());
    b.add_instrument(three_party_treaty());
    b
}

fn achieved(id: &str, acting: Actors, instrument: &str, stage: Stage) -> Commitment {
    let mut c = Commitment::new(id.parse().unwrap(), id, acting);
    c.achieved_by = Some(Achievement {
        instrument: instrument.parse().unwrap(),
        stage,
    });
    c
}

fn stage(i: &Instrument, on: &str) -> String {
    i.stage_as_of(day(on)).to_string()
}

#[test]
fn a_treaty_signed_in_two_capitals_and_ratified_by_one_party() {
    let t = two_capital_treaty();
    assert_eq!(
        stage(&t, "2022-02-27"),
        "not signed, not ratified, not in force"
    );
    assert_eq!(
        stage(&t, "2022-02-28"),
        "signed by BY, not ratified, not in force"
    );
    assert_eq!(
        stage(&t, "2022-03-03"),
        "signed by BY, not ratified, not in force"
    );
    assert_eq!(
        stage(&t, "2022-03-04"),
        "signed, not ratified, not in force"
    );
    // "November 2025" takes effect on its last day.
    assert_eq!(
        stage(&t, "2025-11-29"),
        "signed, not ratified, not in force"
    );
    assert_eq!(
        stage(&t, "2025-11-30"),
        "signed, ratified by BY only, not in force"
    );
    let s = t.stage_as_of(day("2030-01-01"));
    assert_eq!(s.to_string(), "signed, ratified by BY only, not in force");
    assert_eq!(s.signed_by, [st("BY"), st("RU")]);
    assert_eq!(s.ratified_by, [st("BY")]);
    assert!(s.signed && !s.in_force && s.signed_by_all() && !s.ratified_by_all());
}

#[test]
fn a_three_party_treaty_with_an_accession() {
    let t = three_party_treaty();
    assert_eq!(
        stage(&t, "2023-05-09"),
        "not signed, not ratified, not in force"
    );
    // KZ did not sign: it accedes later.
    assert_eq!(
        stage(&t, "2023-06-01"),
        "signed by BY and RU, not ratified, not in force"
    );
    assert_eq!(
        stage(&t, "2023-09-30"),
        "signed by BY and RU, ratified by RU only, not in force"
    );
    // Parties' order (BY, RU, KZ), not the order of the ratifications.
    assert_eq!(
        stage(&t, "2024-02-01"),
        "signed by BY and RU, ratified by RU and KZ only, not in force"
    );
    assert_eq!(
        stage(&t, "2024-12-31"),
        "signed by BY and RU, ratified, not in force"
    );
    assert_eq!(stage(&t, "2025-01-01"), "in force");
    let s = t.stage_as_of(day("2025-01-01"));
    assert_eq!(s.ratified_by, [st("BY"), st("RU"), st("KZ")]);
    assert_eq!(s.signed_by, [st("BY"), st("RU")]);
    assert!(s.in_force);
}

#[test]
fn stage_words_for_three_signers_and_for_an_instrument_without_parties() {
    let s = InstrumentStage {
        parties: vec![st("AM"), st("BY"), st("KZ"), st("RU")],
        signed: true,
        signed_by: vec![st("AM"), st("BY"), st("KZ")],
        ratified_by: vec![st("AM"), st("BY"), st("KZ")],
        in_force: false,
    };
    assert_eq!(
        s.to_string(),
        "signed by AM, BY and KZ, ratified by AM, BY and KZ only, not in force"
    );
    let mut decree = Instrument::new("decree".parse().unwrap(), "Decree", date("2021-11"));
    assert_eq!(stage(&decree, "2021-12-01"), "not signed, not in force");
    decree.signed.push(Signature {
        date: date("2021-11"),
        place: None,
        states: vec![],
        basis: Basis::Stated,
        sources: vec![],
    });
    assert_eq!(stage(&decree, "2021-11-29"), "not signed, not in force");
    assert_eq!(stage(&decree, "2021-11-30"), "signed, not in force");
    // A signature that names no state is signed by every party.
    let mut t = two_capital_treaty();
    t.signed.truncate(1);
    t.signed[0].states.clear();
    assert_eq!(
        stage(&t, "2022-02-28"),
        "signed, not ratified, not in force"
    );
}

#[test]
fn an_each_commitment_achieved_by_ratification_is_done_state_by_state() {
    let mut b = base();
    b.add_commitment(achieved(
        "P.trio",
        Actors::Each(vec![st("BY"), st("RU"), st("KZ")]),
        "trio",
        Stage::Ratified,
    ));
    b.add_commitment(achieved(
        "P.pair",
        Actors::Each(vec![st("BY"), st("RU")]),
        "treaty",
        Stage::Ratified,
    ));
    let a = b.build().unwrap();
    let trio = a.commitment(&"P.trio".parse().unwrap()).unwrap();
    // RU in 2023-Q3, KZ on 2024-02-01, BY in 2024: done when the last of
    // the three has ratified, in progress while only some have (a done
    // event about all three would make it done at the first).
    for (on, want) in [
        ("2023-09-29", Status::Planned),
        ("2023-09-30", Status::InProgress),
        ("2024-02-01", Status::InProgress),
        ("2024-12-30", Status::InProgress),
        ("2024-12-31", Status::Done),
    ] {
        assert_eq!(trio.status_as_of(day(on)), want, "{on}");
    }
    assert_eq!(trio.done_on(day("2026-01-01")), Some(day("2024-12-31")));
    // Only BY ratified the two-capital treaty.
    let pair = a.commitment(&"P.pair".parse().unwrap()).unwrap();
    assert_eq!(pair.status_as_of(day("2025-11-29")), Status::Planned);
    assert_eq!(pair.status_as_of(day("2025-11-30")), Status::InProgress);
    assert_eq!(pair.status_as_of(day("2040-01-01")), Status::InProgress);
    assert_eq!(pair.done_on(day("2040-01-01")), None);
    // Nothing derived is saved: the commitment's JSON has no events.
    let saved: Value = serde_json::from_str(&a.to_json_string()).unwrap();
    let pair_json = saved["commitments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "P.pair")
        .unwrap();
    assert_eq!(pair_json.get("events"), None);
    assert_eq!(
        pair_json["achieved_by"],
        json!({ "instrument": "treaty", "stage": "ratified" })
    );
}

#[test]
fn joint_commitments_achieved_by_signature_ratification_and_entry_into_force() {
    let mut b = base();
    let joint = || Actors::Joint(vec![st("BY"), st("RU")]);
    b.add_commitment(achieved("P.signed", joint(), "treaty", Stage::Signed));
    b.add_commitment(achieved("P.ratified", joint(), "treaty", Stage::Ratified));
    b.add_commitment(achieved(
        "P.in-force",
        Actors::Joint(vec![st("BY"), st("RU"), st("KZ")]),
        "trio",
        Stage::InForce,
    ));
    // An explicit event on the day of entry into force comes before the
    // derived one: the day ends done, not delayed.
    b.add_commitment(
        achieved("P.late", joint(), "trio", Stage::InForce)
            .with_event(date("2024-06"), Status::InProgress)
            .with_event(date("2025-01-01"), Status::Delayed),
    );
    let a = b.build().unwrap();
    let c = |id: &str| a.commitment(&id.parse().unwrap()).unwrap();
    // Signed when the last party signed, in Moscow.
    assert_eq!(
        c("P.signed").status_as_of(day("2022-03-03")),
        Status::Planned
    );
    assert_eq!(c("P.signed").status_as_of(day("2022-03-04")), Status::Done);
    assert_eq!(
        c("P.signed").done_on(day("2023-01-01")),
        Some(day("2022-03-04"))
    );
    // RU never ratified: a joint commitment is not done by BY alone.
    assert_eq!(
        c("P.ratified").status_as_of(day("2040-01-01")),
        Status::Planned
    );
    assert_eq!(
        c("P.in-force").status_as_of(day("2024-12-31")),
        Status::Planned
    );
    assert_eq!(
        c("P.in-force").status_as_of(day("2025-01-01")),
        Status::Done
    );
    assert_eq!(
        c("P.in-force").done_on(day("2025-06-01")),
        Some(day("2025-01-01"))
    );
    assert_eq!(
        c("P.late").status_as_of(day("2024-12-31")),
        Status::InProgress
    );
    assert_eq!(c("P.late").status_as_of(day("2025-01-01")), Status::Done);
    // Rebuilding derives the same events again, not twice as many.
    let again = a.clone().to_builder().build().unwrap();
    assert_eq!(again.commitments(), a.commitments());
    // A JSON round trip derives them again.
    let loaded = Agenda::from_json_str(&a.to_json_string()).unwrap();
    assert_eq!(loaded.commitments(), a.commitments());
}

#[test]
fn an_event_can_be_recorded_on_a_commitment_achieved_by_an_instrument() {
    let mut b = base();
    b.add_commitment(achieved(
        "P.in-force",
        Actors::Joint(vec![st("BY"), st("RU"), st("KZ")]),
        "trio",
        Stage::InForce,
    ));
    let mut a = b.build().unwrap();
    let id: CommitmentId = "P.in-force".parse().unwrap();
    a.record_event(&id, StatusEvent::new(date("2024-03"), Status::InProgress))
        .unwrap();
    let c = a.commitment(&id).unwrap();
    assert_eq!(c.status_as_of(day("2024-03-31")), Status::InProgress);
    assert_eq!(c.status_as_of(day("2025-01-01")), Status::Done);
}

#[test]
fn every_new_problem_of_an_instrument() {
    let mut b = base();
    let mut bad = Instrument::new("bad".parse().unwrap(), "Bad", date("2022"));
    bad.parties = vec![st("BY"), st("XX"), st("BY")];
    bad.signed = vec![
        Signature {
            date: date("2022-06-01"),
            place: Some(" ".into()),
            states: vec![st("RU"), st("BY"), st("BY")],
            basis: Basis::Stated,
            sources: vec!["S9".parse().unwrap()],
        },
        Signature {
            date: date("2022-05-15"),
            place: None,
            states: vec![],
            basis: Basis::Stated,
            sources: vec![],
        },
    ];
    bad.ratified = vec![
        ratification("BY", "2022-05-14", Consent::Ratification),
        ratification("BY", "2023", Consent::Ratification),
        Ratification {
            sources: vec!["S8".parse().unwrap()],
            ..ratification("KZ", "2023", Consent::Accession)
        },
    ];
    bad.in_force = Some(Dated {
        date: date("2022-04"),
        basis: Basis::Stated,
        sources: vec!["S7".parse().unwrap()],
        note: None,
    });
    b.add_instrument(bad);
    assert_eq!(
        problems(b),
        [
            "instrument `bad`: field `parties` refers to unknown state `XX`",
            "instrument `bad`: field `parties` lists state `BY` more than once",
            "instrument `bad`: field `signed.place` is empty",
            "instrument `bad`: field `signed.states` #0 names `RU`, which is not a party to instrument `bad`",
            "instrument `bad`: field `signed.states` lists state `BY` more than once",
            "instrument `bad`: field `signed.sources` refers to unknown source `S9`",
            // The first signature is the earlier one, 15 May 2022.
            "instrument `bad`: ratification #0 of `2022-05-14` is before the first signature of `2022-05-15`",
            "instrument `bad`: ratification #1 by `BY` repeats an earlier one; a party ratifies once",
            "instrument `bad`: field `ratified.state` #2 names `KZ`, which is not a party to instrument `bad`",
            "instrument `bad`: field `ratified.sources` refers to unknown source `S8`",
            "instrument `bad`: entry into force of `2022-04` is before the first signature of `2022-05-15`",
            "instrument `bad`: field `in_force.sources` refers to unknown source `S7`",
        ]
    );
}

#[test]
fn a_date_that_may_fall_on_the_first_signature_is_not_before_it() {
    // "2022-05" may be 15 May 2022 or later: not certainly before.
    let mut b = base();
    let mut t = Instrument::new("t".parse().unwrap(), "T", date("2022-05-15"));
    t.parties = vec![st("BY")];
    t.signed.push(Signature {
        date: date("2022-05-15"),
        place: None,
        states: vec![],
        basis: Basis::Stated,
        sources: vec![],
    });
    t.ratified
        .push(ratification("BY", "2022-05", Consent::Ratification));
    b.add_instrument(t);
    assert!(b.build().is_ok());
}

#[test]
fn every_new_problem_of_an_achievement() {
    let mut b = base();
    b.add_instrument(Instrument::new(
        "decree".parse().unwrap(),
        "Decree",
        date("2021"),
    ));
    b.add_commitment(achieved(
        "P.ghost",
        Actors::State(st("BY")),
        "nowhere",
        Stage::InForce,
    ));
    b.add_commitment(achieved(
        "P.decree",
        Actors::State(st("BY")),
        "decree",
        Stage::Ratified,
    ));
    b.add_commitment(achieved(
        "P.outsider",
        Actors::Each(vec![st("BY"), st("KZ")]),
        "treaty",
        Stage::Signed,
    ));
    // Entry into force binds whoever acts; a decree can be signed.
    b.add_commitment(achieved(
        "P.fine",
        Actors::Each(vec![st("KZ")]),
        "treaty",
        Stage::InForce,
    ));
    b.add_commitment(achieved(
        "P.signed-decree",
        Actors::State(st("KZ")),
        "decree",
        Stage::Signed,
    ));
    let err = b.build().unwrap_err();
    let text: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "commitment `P.decree`: field `achieved_by.stage` is `ratified`, but instrument `decree` has no parties to reach it",
            "commitment `P.ghost`: field `achieved_by.instrument` refers to unknown instrument `nowhere`",
            "commitment `P.outsider`: field `acting` #1 names `KZ`, which is not a party to instrument `treaty`",
        ]
    );
    assert!(matches!(
        &err.problems()[1],
        error::Problem::UnknownReference {
            field: "achieved_by.instrument",
            expected: IdKind::Instrument,
            ..
        }
    ));
    assert!(matches!(
        &err.problems()[0],
        error::Problem::StageNotPossible {
            stage: Stage::Ratified,
            ..
        }
    ));
}

/// Programme A (sector `gas`): three commitments, due 2024-03, 2024-12 and
/// undated; the first and the undated one done by 2024-05. Programme B
/// (sector `tax`): two commitments, both done in 2024-04, one due 2024-01.
/// Programme C (sector `gas`): one commitment, not done.
fn tallied() -> AgendaBuilder {
    let mut b = AgendaBuilder::new();
    for code in ["BY", "RU"] {
        b.add_state(State::new(st(code), code));
    }
    for (id, sector) in [("A", "gas"), ("B", "tax"), ("C", "gas")] {
        let mut p = Programme::new(
            id.parse().unwrap(),
            id,
            sector.parse().unwrap(),
            IntegrationMode::CommonMarket,
        );
        p.states = vec![st("BY"), st("RU")];
        b.add_programme(p);
    }
    let joint = || Actors::Joint(vec![st("BY"), st("RU")]);
    let c = |id: &str| Commitment::new(id.parse().unwrap(), id, joint());
    b.add_commitment(
        c("A.one")
            .with_deadline(date("2024-03"))
            .with_event(date("2024-02-10"), Status::Done),
    );
    b.add_commitment(c("A.two").with_deadline(date("2024-12")));
    b.add_commitment(c("A.three").with_event(date("2024-05"), Status::Done));
    b.add_commitment(
        c("B.one")
            .with_deadline(date("2024-01"))
            .with_event(date("2024-04"), Status::Done),
    );
    b.add_commitment(c("B.two").with_event(date("2024-04"), Status::Done));
    b.add_commitment(c("C.one"));
    b
}

fn claim(scope: Option<ClaimScope>) -> ProgressClaim {
    ProgressClaim {
        date: date("2024-06"),
        claimant: "officials".into(),
        text: "claim".into(),
        measures_total: Some(993),
        percent_done: Some(50),
        programmes_done: None,
        basis: Basis::Stated,
        sources: vec![],
        measures_done: Some(Quantity::exact(825)),
        percent_qualifier: Some(Qualifier::MoreThan),
        scope,
    }
}

#[test]
fn a_scoped_claim_is_compared_with_its_scope_only() {
    let mut b = tallied();
    b.add_claim(claim(None));
    b.add_claim(claim(Some(ClaimScope::Programme("A".parse().unwrap()))));
    b.add_claim(claim(Some(ClaimScope::Sector("gas".parse().unwrap()))));
    b.add_claim(claim(Some(ClaimScope::Programme("B".parse().unwrap()))));
    let a = b.build().unwrap();
    let checks = a.claims_vs_data();
    let got: Vec<(Option<&ClaimScope>, Tally, usize)> = checks
        .iter()
        .map(|c| (c.scope, c.data, c.programmes_done))
        .collect();
    let tally = |total, due, done, done_of_due| Tally {
        total,
        due,
        done,
        done_of_due,
    };
    // As of 2024-06-30: due are A.one and B.one; done are A.one, A.three,
    // B.one, B.two. Only B is wholly done.
    assert_eq!(checks[0].as_of, day("2024-06-30"));
    assert_eq!(
        got,
        [
            (None, tally(6, 2, 4, 2), 1),
            (checks[1].claim.scope.as_ref(), tally(3, 1, 2, 1), 0),
            (checks[2].claim.scope.as_ref(), tally(4, 1, 2, 1), 0),
            (checks[3].claim.scope.as_ref(), tally(2, 1, 2, 1), 1),
        ]
    );
    assert_eq!(
        checks[1].scope,
        Some(&ClaimScope::Programme("A".parse().unwrap()))
    );
    assert_eq!(
        checks[2].scope,
        Some(&ClaimScope::Sector("gas".parse().unwrap()))
    );
}

#[test]
fn every_new_problem_of_a_claim() {
    let mut b = tallied();
    b.add_claim(claim(Some(ClaimScope::Programme("Z".parse().unwrap()))));
    b.add_claim(claim(Some(ClaimScope::Sector("oil".parse().unwrap()))));
    b.add_claim(ProgressClaim {
        percent_done: None,
        measures_done: Some(Quantity {
            value: 993,
            qualifier: Qualifier::MoreThan,
        }),
        ..claim(None)
    });
    b.add_claim(ProgressClaim {
        measures_done: Some(Quantity {
            value: 994,
            qualifier: Qualifier::AtLeast,
        }),
        ..claim(None)
    });
    // About 1000 of 993 and exactly 993 of 993 are not refused.
    b.add_claim(ProgressClaim {
        measures_done: Some(Quantity {
            value: 1000,
            qualifier: Qualifier::About,
        }),
        ..claim(None)
    });
    b.add_claim(ProgressClaim {
        measures_done: Some(Quantity::exact(993)),
        ..claim(None)
    });
    assert_eq!(
        problems(b),
        [
            "claim #0: field `scope.programme` refers to unknown programme `Z`",
            "claim #1: field `scope.sector` refers to unknown sector `oil`",
            "claim #2: field `percent_qualifier` is given without `percent_done`",
            "claim #2: field `measures_done` is `more than 993`, above `measures_total` of 993",
            "claim #3: field `measures_done` is `at least 994`, above `measures_total` of 993",
        ]
    );
}

#[test]
fn quantity_display_and_serde() {
    let q = |value, qualifier| Quantity { value, qualifier };
    for (quantity, text, wire) in [
        (q(50, Qualifier::Exact), "50", json!({ "value": 50 })),
        (
            q(50, Qualifier::MoreThan),
            "more than 50",
            json!({ "value": 50, "qualifier": "more_than" }),
        ),
        (
            q(90, Qualifier::About),
            "about 90",
            json!({ "value": 90, "qualifier": "about" }),
        ),
        (
            q(3, Qualifier::AtLeast),
            "at least 3",
            json!({ "value": 3, "qualifier": "at_least" }),
        ),
        (
            q(10, Qualifier::LessThan),
            "less than 10",
            json!({ "value": 10, "qualifier": "less_than" }),
        ),
    ] {
        assert_eq!(quantity.to_string(), text);
        assert_eq!(serde_json::to_value(quantity).unwrap(), wire);
        assert_eq!(serde_json::from_value::<Quantity>(wire).unwrap(), quantity);
    }
    // The qualifier defaults to exact, and may be given.
    assert_eq!(
        serde_json::from_value::<Quantity>(json!({ "value": 7, "qualifier": "exact" })).unwrap(),
        Quantity::exact(7)
    );
    assert!(
        serde_json::from_value::<Quantity>(json!({ "value": 7, "qualifier": "roughly" })).is_err()
    );
    assert!(serde_json::from_value::<Quantity>(json!({ "value": -1 })).is_err());
    assert!(serde_json::from_value::<Quantity>(json!({ "value": 1, "unit": "x" })).is_err());
}

/// An agenda file using every new field once, in the current format.
fn every_new_field() -> String {
    json!({
        "format": FORMAT,
        "states": [ { "code": "BY", "name": "Belarus" }, { "code": "RU", "name": "Russia" } ],
        "institutions": [],
        "instruments": [ {
            "id": "treaty", "title": "Treaty", "date": "2022-02-28",
            "parties": ["BY", "RU"],
            "signed": [
                { "date": "2022-02-28", "place": "Minsk", "states": ["BY"], "basis": "stated", "sources": ["S1"] },
                { "date": "2022-03-04", "place": "Moscow", "states": ["RU"], "basis": "stated", "sources": ["S1"] }
            ],
            "ratified": [
                { "state": "BY", "date": "2025-11", "how": "ratification", "basis": "stated", "sources": ["S1"], "note": "law of 2025" },
                { "state": "RU", "date": "2026-03", "how": "approval", "basis": "uncertain", "sources": [] }
            ],
            "in_force": { "date": "2026-Q2", "basis": "inferred", "sources": ["S1"], "note": "30 days after the last ratification" },
            "basis": "stated", "sources": ["S1"]
        } ],
        "sources": [ { "id": "S1", "title": "S1", "url": "https://example.org" } ],
        "programmes": [ {
            "id": "P", "title": "P", "sector": "gas", "mode": "common_market",
            "mode_basis": "stated", "basis": "stated", "states": ["BY", "RU"], "sources": [],
            "measures": { "value": 50, "qualifier": "more_than" }
        } ],
        "commitments": [ {
            "id": "P.treaty", "title": "The treaty in force", "acting": { "joint": ["BY", "RU"] },
            "basis": "stated", "sources": [],
            "achieved_by": { "instrument": "treaty", "stage": "in_force" },
            "measures": { "value": 12 }
        } ],
        "dependencies": [],
        "claims": [ {
            "date": "2024-06", "claimant": "officials", "text": "more than half of 993; 825 done in P",
            "measures_total": 993, "percent_done": 50, "basis": "stated", "sources": [],
            "measures_done": { "value": 825 }, "percent_qualifier": "more_than",
            "scope": { "programme": "P" }
        }, {
            "date": "2024-06", "claimant": "officials", "text": "about 90% in gas",
            "percent_done": 90, "basis": "stated", "sources": [],
            "percent_qualifier": "about", "scope": { "sector": "gas" }
        } ]
    })
    .to_string()
}

#[test]
fn every_new_field_round_trips_through_json() {
    let input: Value = serde_json::from_str(&every_new_field()).unwrap();
    let a = Agenda::from_json_str(&every_new_field()).unwrap();
    let saved = a.to_json_string();
    let output: Value = serde_json::from_str(&saved).unwrap();
    // Saved as given (keys in any order): nothing lost, nothing added.
    for part in ["instruments", "programmes", "commitments", "claims"] {
        assert_eq!(output[part], input[part], "{part}");
    }
    let again = Agenda::from_json_str(&saved).unwrap();
    assert_eq!(again.instruments(), a.instruments());
    assert_eq!(again.programmes(), a.programmes());
    assert_eq!(again.commitments(), a.commitments());
    assert_eq!(again.claims(), a.claims());
    // And the typed values are the ones written.
    let t = &a.instruments()[0];
    assert_eq!(t.signed[1].place.as_deref(), Some("Moscow"));
    assert_eq!(t.ratified[1].how, Consent::Approval);
    assert_eq!(stage(t, "2026-06-29"), "signed, ratified, not in force");
    assert_eq!(stage(t, "2026-06-30"), "in force");
    assert_eq!(
        a.programmes()[0].measures.unwrap().to_string(),
        "more than 50"
    );
    assert_eq!(a.commitments()[0].measures, Some(Quantity::exact(12)));
    assert_eq!(
        a.commitments()[0].status_as_of(day("2026-06-30")),
        Status::Done
    );
    assert_eq!(a.claims()[0].percent_qualifier, Some(Qualifier::MoreThan));
    assert_eq!(
        a.claims()[1].scope,
        Some(ClaimScope::Sector("gas".parse().unwrap()))
    );
}

#[test]
fn a_derived_field_is_not_part_of_the_format() {
    let json = every_new_field().replace(
        "\"measures\":{\"value\":12}",
        "\"measures\":{\"value\":12},\"derived\":[]",
    );
    assert!(json.contains("\"derived\""));
    let err = Agenda::from_json_str(&json).unwrap_err();
    assert!(err.to_string().contains("unknown field `derived`"), "{err}");
}

/// An institution takes no party's signature or ratification: a
/// commitment it acts on achieved by either stage of an instrument with
/// parties could never be done, and is refused; entry into force, or a
/// signature of an instrument without parties, is not a party's step and
/// is allowed.
#[test]
fn an_institution_cannot_be_achieved_by_a_party_s_own_step() {
    let mut b = base();
    b.add_institution(Institution::new(
        "council".parse().unwrap(),
        "Council",
        vec![st("BY"), st("RU"), st("KZ")],
    ));
    b.add_instrument(Instrument::new(
        "decree".parse().unwrap(),
        "Decree",
        date("2021"),
    ));
    let council = || Actors::Institution("council".parse().unwrap());
    for (id, instrument, stage) in [
        ("P.signs", "treaty", Stage::Signed),
        ("P.ratifies", "treaty", Stage::Ratified),
        ("P.in-force", "treaty", Stage::InForce),
        ("P.decree", "decree", Stage::Signed),
    ] {
        b.add_commitment(achieved(id, council(), instrument, stage));
    }
    let err = b.build().unwrap_err();
    let text: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "commitment `P.ratifies`: field `achieved_by.stage` is `ratified`, a step each party to instrument `treaty` takes itself, but institution `council` acts",
            "commitment `P.signs`: field `achieved_by.stage` is `signed`, a step each party to instrument `treaty` takes itself, but institution `council` acts",
        ]
    );
    assert!(matches!(
        &err.problems()[0],
        error::Problem::StageNeedsStates {
            stage: Stage::Ratified,
            ..
        }
    ));
}
