//! The builder reports every problem at once, each naming what and where.

mod common;

use common::{builder, node, problems, st};
use union_state::error::*;
use union_state::*;

#[test]
fn duplicate_ids_are_reported_per_kind() {
    let mut b = builder(&[("P.x", None), ("P.x", None)], &[], &[]);
    b.add_state(State::new(st("BY"), "again"));
    assert_eq!(
        problems(b),
        ["duplicate state id `BY`", "duplicate commitment id `P.x`"]
    );
}

#[test]
fn unknown_references_name_item_field_and_id() {
    let mut b = builder(
        &[("P.x", None), ("Q.y", None)],
        &[("P.x", "P.nope", "requires"), ("Z", "Q.y", "cond:KZ")],
        &[],
    );
    let mut c = Commitment::new("P.z".parse().unwrap(), "z", Actors::State(st("DE")));
    c.sources.push("S1".parse().unwrap());
    c.set_by = Some("treaty".parse().unwrap());
    b.add_commitment(c);
    let got = problems(b);
    assert_eq!(
        got,
        [
            "commitment `P.z`: field `acting` refers to unknown state `DE`",
            "commitment `P.z`: field `set_by` refers to unknown instrument `treaty`",
            "commitment `P.z`: field `sources` refers to unknown source `S1`",
            "dependency `P.x` -> `P.nope`: field `dependent` refers to unknown commitment `P.nope`",
            "dependency `Z` -> `Q.y`: field `prerequisite` refers to unknown programme `Z`",
            "dependency `Z` -> `Q.y`: field `demanded_by` refers to unknown state `KZ`",
        ]
    );
}

#[test]
fn unknown_reference_is_typed() {
    let b = builder(&[("P.x", None)], &[("P.x", "P.y", "requires")], &[]);
    let err = b.build().unwrap_err();
    assert_eq!(
        err.problems(),
        [Problem::UnknownReference {
            item: ItemRef::Dependency {
                prerequisite: node("P.x"),
                dependent: node("P.y")
            },
            field: "dependent",
            id: "P.y".into(),
            expected: IdKind::Commitment,
        }]
    );
}

#[test]
fn self_dependency_and_duplicate_dependency() {
    let b = builder(
        &[("P.x", None), ("P.y", None)],
        &[
            ("P.x", "P.x", "related"),
            ("P.x", "P.y", "requires"),
            ("P.x", "P.y", "requires"),
        ],
        &[],
    );
    assert_eq!(
        problems(b),
        [
            "dependency `P.x` -> `P.x`: an item cannot depend on itself",
            "dependency `P.x` -> `P.y`: given twice with kind `requires`",
        ]
    );
}

#[test]
fn requires_cycles_are_given_as_paths() {
    // a -> b -> c -> a, and separately d -> e -> d; a condition cycle is fine.
    let b = builder(
        &[
            ("P.a", None),
            ("P.b", None),
            ("P.c", None),
            ("Q.d", None),
            ("Q.e", None),
            ("R.f", None),
            ("R.g", None),
        ],
        &[
            ("P.a", "P.b", "requires"),
            ("P.b", "P.c", "requires"),
            ("P.c", "P.a", "requires"),
            ("Q.e", "Q.d", "requires"),
            ("Q.d", "Q.e", "requires"),
            ("R.f", "R.g", "cond:BY"),
            ("R.g", "R.f", "cond:RU"),
        ],
        &[],
    );
    let err = b.build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid agenda: 2 problems\n  cycle of `requires` dependencies: `P.a` -> `P.b` -> `P.c` -> `P.a`\n  cycle of `requires` dependencies: `Q.d` -> `Q.e` -> `Q.d`"
    );
    assert_eq!(
        err.problems()[0],
        Problem::RequiresCycle {
            path: vec![node("P.a"), node("P.b"), node("P.c")]
        }
    );
}

#[test]
fn a_cycle_through_a_programme_names_the_programme() {
    // Q requires P.x (so Q.y requires P.x), and Q.y is required by P.x.
    let b = builder(
        &[("P.x", None), ("Q.y", None)],
        &[("P.x", "Q", "requires"), ("Q.y", "P.x", "requires")],
        &[],
    );
    assert_eq!(
        problems(b),
        ["cycle of `requires` dependencies: `P.x` -> `Q` -> `Q.y` -> `P.x`"]
    );
    // A programme requiring one of its own commitments is a cycle too.
    let b = builder(&[("P.x", None)], &[("P.x", "P", "requires")], &[]);
    assert_eq!(
        problems(b),
        ["cycle of `requires` dependencies: `P` -> `P.x` -> `P`"]
    );
}

#[test]
fn empty_title_and_empty_acting_list() {
    let mut b = builder(&[], &[], &["P"]);
    b.add_commitment(Commitment::new(
        "P.x".parse().unwrap(),
        "  ",
        Actors::Joint(vec![]),
    ));
    assert_eq!(
        problems(b),
        [
            "commitment `P.x`: field `acting` must not be empty",
            "commitment `P.x`: field `title` is empty"
        ]
    );
}

fn instrument(id: &str, date: &str) -> Instrument {
    Instrument {
        id: id.parse().unwrap(),
        title: format!("instrument {id}"),
        date: date.parse().unwrap(),
        issued_by: None,
        basis: Basis::Stated,
        note: None,
        sources: vec![],
        parties: vec![],
        signed: vec![],
        ratified: vec![],
        in_force: None,
    }
}

#[test]
fn deadline_and_events_before_the_instrument_that_sets_them() {
    let mut b = builder(&[], &[], &["P"]);
    b.add_instrument(instrument("decree", "2021-11-04"));
    let mut c = Commitment::new("P.x".parse().unwrap(), "x", Actors::State(st("BY")))
        .with_deadline("2021-10".parse().unwrap())
        .with_event("2021-09-10".parse().unwrap(), Status::InProgress);
    c.set_by = Some("decree".parse().unwrap());
    b.add_commitment(c.clone());
    // "2021-11" ends on 30 Nov, after the decree: fine.
    let mut ok = c.clone();
    ok.id = "P.y".parse().unwrap();
    ok.deadline = Some(Due::new("2021-11".parse().unwrap()));
    ok.events.clear();
    b.add_commitment(ok);
    assert_eq!(
        problems(b),
        [
            "commitment `P.x`: deadline `2021-10` is before instrument `decree` of `2021-11-04` that sets it",
            "commitment `P.x`: event #0 of `2021-09-10` is before instrument `decree` of `2021-11-04` that sets it",
        ]
    );
}

#[test]
fn events_out_of_order_and_foreign_state() {
    let mut b = builder(&[], &[], &["P"]);
    let mut c = Commitment::new("P.x".parse().unwrap(), "x", Actors::State(st("BY")))
        .with_event("2023-02".parse().unwrap(), Status::InProgress)
        .with_event("2023-01-15".parse().unwrap(), Status::Done);
    c.events[1].state = Some(st("RU"));
    b.add_commitment(c);
    assert_eq!(
        problems(b),
        [
            "commitment `P.x`: `events` #1 of `2023-01-15` is earlier than the one before it",
            "commitment `P.x`: event #1 is about `RU`, which is not among the states that act",
        ]
    );
}

#[test]
fn deadline_moves_must_chain() {
    let mut b = builder(&[], &[], &["P"]);
    let mut c = Commitment::new("P.x".parse().unwrap(), "x", Actors::State(st("BY")))
        .with_deadline("2024".parse().unwrap());
    let mv = |decided: &str, from: &str, to: &str| {
        DeadlineMove::new(
            decided.parse().unwrap(),
            from.parse().unwrap(),
            to.parse().unwrap(),
        )
    };
    let due = c.deadline.as_mut().unwrap();
    due.moves = vec![
        mv("2022-01", "2022-07", "2023-12-01"),
        mv("2023-06", "2023-12", "2025"),
    ];
    b.add_commitment(c);
    assert_eq!(
        problems(b),
        [
            "commitment `P.x`: deadline move #1 does not continue from `2023-12-01`",
            "commitment `P.x`: the last deadline move ends at `2025`, not at the deadline in force `2024`",
        ]
    );
}

#[test]
fn a_failed_build_reports_all_problems_together() {
    let mut b = builder(
        &[("P.x", None), ("P.x", None)],
        &[("P.x", "P.x", "requires"), ("P.x", "Q.q", "requires")],
        &[],
    );
    b.add_commitment(Commitment::new(
        "P.t".parse().unwrap(),
        "",
        Actors::State(st("BY")),
    ));
    let err = b.build().unwrap_err();
    assert_eq!(err.problems().len(), 4, "{err}");
    assert!(matches!(
        err.problems()[0],
        Problem::DuplicateId {
            kind: IdKind::Commitment,
            ..
        }
    ));
}

/// An agenda large enough to be checked on two threads lists its problems
/// in the order a small one does: states to programmes, then the
/// commitments in id order, then the dependencies, then the claims.
#[test]
fn a_large_agenda_lists_its_problems_in_the_order_of_the_records() {
    use union_state_synth::{SynthConfig, generate_json};
    for commitments in [1_000, 30_000] {
        let json = generate_json(&SynthConfig {
            commitments,
            ..SynthConfig::default()
        });
        // An unknown source on two commitments, an unknown programme as a
        // prerequisite, a claim above 100%, and a programme with an empty
        // title, each written where the file has it.
        let last = format!("P{:05}.C{commitments:07}", commitments / 50);
        let mut json = json;
        for id in ["P00001.C0000002", last.as_str()] {
            let at = json.find(&format!("\"id\":\"{id}\"")).unwrap();
            let needle = "\"sources\":[\"SYN\"]";
            let from = at + json[at..].find(needle).unwrap();
            json.replace_range(from..from + needle.len(), "\"sources\":[\"NOPE\"]");
        }
        let json = json
            .replacen("\"prerequisite\":\"P00001\"", "\"prerequisite\":\"NOWHERE\"", 1)
            .replacen(
                "\"claims\":[]",
                r#""claims":[{"date":"2023-01-09","claimant":"officials","text":"done","percent_done":101,"basis":"stated","sources":["SYN"]}]"#,
                1,
            )
            .replacen("\"title\":\"Synthetic programme 2\"", "\"title\":\" \"", 1);
        let err = Agenda::from_json_str(&json).unwrap_err();
        let LoadError::Build(e) = err else {
            panic!("{commitments}: {err}");
        };
        let got: Vec<String> = e.problems().iter().map(ToString::to_string).collect();
        assert_eq!(got.len(), 5, "{commitments}: {got:#?}");
        let at = |needle: &str| {
            got.iter()
                .position(|p| p.contains(needle))
                .unwrap_or_else(|| panic!("{commitments}: no `{needle}` in {got:#?}"))
        };
        let order = [
            at("programme `P00002`"),
            at("P00001.C0000002"),
            at(&last),
            at("NOWHERE"),
            at("claim"),
        ];
        assert_eq!(order, [0, 1, 2, 3, 4], "{commitments}: {got:#?}");
    }
}

/// An agenda large enough to have its deadline order worked out on the
/// checking thread answers in that order: each dependents list is sorted
/// by deadline (the last day the wording allows, then the first, undated
/// last), then id.
#[test]
fn a_large_agenda_orders_answers_by_deadline() {
    use union_state_synth::{SynthConfig, generate_json, sample_indices};
    let json = generate_json(&SynthConfig {
        commitments: 30_000,
        ..SynthConfig::default()
    });
    let agenda = Agenda::from_json_str(&json).unwrap();
    let key = |c: &Commitment| {
        let due = c.due();
        (
            due.is_none(),
            due.map(PartialDate::last_day),
            due.map(PartialDate::first_day),
            c.id.as_str().to_owned(),
        )
    };
    let mut long = 0;
    for i in sample_indices(agenda.commitments().len(), 100) {
        let c = &agenda.commitments()[i];
        for answer in [
            agenda.dependents(&c.id).unwrap(),
            agenda.prerequisites(&c.id).unwrap(),
        ] {
            let keys: Vec<_> = answer.iter().map(|c| key(c)).collect();
            assert!(keys.is_sorted(), "{}: not in deadline order", c.id);
            long += usize::from(answer.len() > 100);
        }
    }
    assert!(long > 10, "only {long} long answers");
}

/// An agenda large enough to have the arrays its transitive queries walk
/// made on a second thread answers them as a plain search does: for 200
/// sampled commitments, the prerequisites and dependents equal a
/// breadth-first search over the documented graph (a programme's start
/// before each of its commitments, each before its done; a *requires*
/// dependency from its prerequisite's done, or the commitment, to its
/// dependent's start, or the commitment), sorted by deadline, then id.
#[test]
fn a_large_agenda_finds_what_a_plain_search_finds() {
    fn ids(v: Vec<&Commitment>) -> Vec<&str> {
        v.into_iter().map(|c| c.id.as_str()).collect()
    }
    use std::collections::{HashMap, VecDeque};
    use union_state_synth::{SynthConfig, generate_json, sample_indices};
    let json = generate_json(&SynthConfig {
        commitments: 30_000,
        ..SynthConfig::default()
    });
    let agenda = Agenda::from_json_str(&json).unwrap();
    let commitments = agenda.commitments();
    let n = commitments.len();
    // Nodes: commitments, then a start and a done per programme.
    let programme: HashMap<&str, usize> = agenda
        .programmes()
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let index: HashMap<&str, usize> = commitments
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let start = |p: usize| n + 2 * p;
    let done = |p: usize| n + 2 * p + 1;
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for (i, c) in commitments.iter().enumerate() {
        let p = programme[c.id.programme_str()];
        edges.extend([(start(p), i), (i, done(p))]);
    }
    for p in 0..agenda.programmes().len() {
        if !commitments
            .iter()
            .any(|c| programme[c.id.programme_str()] == p)
        {
            edges.push((start(p), done(p)));
        }
    }
    let end = |id: &NodeId, first: bool| match id {
        NodeId::Commitment(c) => index[c.as_str()],
        NodeId::Programme(p) if first => done(programme[p.as_str()]),
        NodeId::Programme(p) => start(programme[p.as_str()]),
    };
    for d in agenda.dependencies() {
        if d.kind == DependencyKind::Requires {
            edges.push((end(&d.prerequisite, true), end(&d.dependent, false)));
        }
    }
    let nodes = n + 2 * agenda.programmes().len();
    let mut out = vec![Vec::new(); nodes];
    let mut into = vec![Vec::new(); nodes];
    for &(a, b) in &edges {
        out[a].push(b);
        into[b].push(a);
    }
    let search = |from: usize, links: &[Vec<usize>]| {
        let mut seen = vec![false; nodes];
        let mut queue = VecDeque::from([from]);
        while let Some(v) = queue.pop_front() {
            for &m in &links[v] {
                if !seen[m] {
                    seen[m] = true;
                    queue.push_back(m);
                }
            }
        }
        let mut found: Vec<&Commitment> = (0..n)
            .filter(|&i| seen[i])
            .map(|i| &commitments[i])
            .collect();
        found.sort_by_key(|c| {
            let due = c.due();
            (
                due.is_none(),
                due.map(PartialDate::last_day),
                due.map(PartialDate::first_day),
                c.id.clone(),
            )
        });
        found.into_iter().map(|c| c.id.as_str()).collect::<Vec<_>>()
    };
    let mut long = 0;
    for i in sample_indices(n, 200) {
        let id = &commitments[i].id;
        let before = ids(agenda.prerequisites(id).unwrap());
        assert_eq!(before, search(i, &into), "prerequisites of {id}");
        let after = ids(agenda.dependents(id).unwrap());
        assert_eq!(after, search(i, &out), "dependents of {id}");
        long += usize::from(before.len() > 100) + usize::from(after.len() > 100);
    }
    assert!(long > 20, "only {long} long answers");
}

/// A large agenda (its dependencies put in order on a second thread) given
/// its dependencies in reverse comes out as the same agenda given them in
/// order: the dependencies in (prerequisite, dependent, kind) order.
#[test]
fn a_large_agenda_puts_its_dependencies_in_order() {
    use union_state_synth::{SynthConfig, generate_json};
    let json = generate_json(&SynthConfig {
        commitments: 30_000,
        ..SynthConfig::default()
    });
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["dependencies"].as_array_mut().unwrap().reverse();
    let reversed = Agenda::from_json_str(&value.to_string()).unwrap();
    let agenda = Agenda::from_json_str(&json).unwrap();
    let key = |d: &Dependency| (d.prerequisite.to_string(), d.dependent.to_string());
    assert!(reversed.dependencies().len() > 50_000);
    assert!(reversed.dependencies().is_sorted_by_key(key));
    assert_eq!(reversed, agenda);
}

/// A large agenda, whose commitments get their derived events in two
/// halves on two threads, gives them to every commitment an instrument
/// achieves, in either half and at both ends: each is done from the day
/// the instrument comes into force and not the day before, as in an
/// agenda too small for a second thread.
#[test]
fn a_large_agenda_derives_the_events_of_commitments_in_both_halves() {
    use union_state_synth::{SynthConfig, generate_json};
    for n in [1_000, 30_000] {
        let json = generate_json(&SynthConfig {
            commitments: n,
            ..SynthConfig::default()
        });
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["instruments"] = serde_json::json!([{
            "id": "treaty", "title": "Treaty", "date": "2023-12-22", "parties": ["BY", "RU"],
            "signed": [{"date": "2023-12-22", "basis": "stated", "sources": ["SYN"]}],
            "in_force": {"date": "2024-08-07", "basis": "stated", "sources": ["SYN"]},
            "basis": "stated", "sources": ["SYN"]
        }]);
        let commitments = v["commitments"].as_array_mut().unwrap();
        let len = commitments.len();
        let mut ids = Vec::new();
        for i in [0, len / 2 - 1, len / 2, len - 1]
            .into_iter()
            .chain((0..len).step_by(97))
        {
            let c = &mut commitments[i];
            // Only commitments without events of their own: their status
            // comes from the instrument alone.
            if c.get("events").is_none() {
                c["achieved_by"] = serde_json::json!({"instrument": "treaty", "stage": "in_force"});
                ids.push(c["id"].as_str().unwrap().to_owned());
            }
        }
        assert!(ids.len() > n / 200, "{n}: only {} achieved", ids.len());
        let agenda = Agenda::from_json_str(&v.to_string()).unwrap();
        let halves = ids
            .iter()
            .map(|id| {
                agenda
                    .commitments()
                    .iter()
                    .position(|c| c.id.as_str() == id)
                    .unwrap()
            })
            .fold(
                (0, 0),
                |(a, b), i| if i < len / 2 { (a + 1, b) } else { (a, b + 1) },
            );
        assert!(halves.0 > 2 && halves.1 > 2, "{n}: {halves:?}");
        for id in &ids {
            let c = agenda.commitment(&id.parse().unwrap()).unwrap();
            let on = |day: &str| c.status_as_of(day.parse().unwrap());
            assert_ne!(on("2024-08-06"), Status::Done, "{n}: {id}");
            assert_eq!(on("2024-08-07"), Status::Done, "{n}: {id}");
        }
    }
}
