//! Properties over generated agendas (proptest), each checked against an
//! independent naive computation: acyclic *requires* graphs with edges only
//! from a lower generated index to a higher one (some naming whole
//! programmes), *conditional on* edges in any direction, deadlines of every
//! precision, and status histories.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use proptest::prelude::*;
use union_state::*;

#[derive(Clone, Debug)]
struct Spec {
    /// Commitments per programme (programme `k` holds a contiguous block).
    blocks: Vec<usize>,
    deadlines: Vec<Option<(u8, i32, u32)>>,
    requires: Vec<(usize, usize)>,
    programme_requires: Vec<(usize, usize)>,
    conditions: Vec<(usize, usize, bool)>,
    events: Vec<Vec<(i32, u32, u8)>>,
}

fn spec(max: usize) -> impl Strategy<Value = Spec> {
    (1..=4usize, 1..=max).prop_flat_map(|(programmes, n)| {
        let blocks = proptest::collection::vec(0..=n, programmes - 1).prop_map(move |mut cuts| {
            cuts.push(0);
            cuts.push(n);
            cuts.sort_unstable();
            cuts.windows(2).map(|w| w[1] - w[0]).collect::<Vec<usize>>()
        });
        let deadline = proptest::option::weighted(0.8, (0u8..4, 2020i32..2031, 1u32..=12));
        let events = proptest::collection::vec((2020i32..2031, 1u32..=12, 0u8..5), 0..4).prop_map(
            |mut v| {
                v.sort_unstable();
                v
            },
        );
        (
            blocks,
            proptest::collection::vec(deadline, n),
            proptest::collection::vec((0..n, 0..n), 0..2 * n),
            proptest::collection::vec((0..programmes, 0..programmes), 0..3),
            proptest::collection::vec((0..n, 0..n, any::<bool>()), 0..n),
            proptest::collection::vec(events, n),
        )
            .prop_map(
                |(blocks, deadlines, requires, programme_requires, conditions, events)| Spec {
                    blocks,
                    deadlines,
                    requires: requires
                        .into_iter()
                        .filter(|(a, b)| a < b)
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                    programme_requires: programme_requires
                        .into_iter()
                        .filter(|(a, b)| a < b)
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                    conditions: conditions
                        .into_iter()
                        .filter(|(a, b, _)| a != b)
                        .map(|(a, b, s)| ((a, b), s))
                        .collect::<std::collections::BTreeMap<_, _>>()
                        .into_iter()
                        .map(|((a, b), s)| (a, b, s))
                        .collect(),
                    events,
                },
            )
    })
}

const STATUSES: [Status; 5] = [
    Status::Planned,
    Status::InProgress,
    Status::Done,
    Status::Delayed,
    Status::Dropped,
];

struct Built {
    agenda: Agenda,
    names: Vec<String>,
    programme_of: Vec<usize>,
    /// Requires edges with programme ends expanded to their commitments; a
    /// programme with no commitments is a pass-through node numbered
    /// `names.len() + k` (documented: it is satisfied vacuously and passes
    /// its prerequisites through).
    edges: BTreeSet<(usize, usize)>,
}

fn date(precision: u8, year: i32, month: u32) -> PartialDate {
    match precision {
        0 => PartialDate::day(year, month, 1 + (month * 7) % 28).unwrap(),
        1 => PartialDate::month(year, month).unwrap(),
        2 => PartialDate::quarter(year, 1 + (month - 1) / 3).unwrap(),
        _ => PartialDate::year(year).unwrap(),
    }
}

fn build(s: &Spec) -> Built {
    let st = |c: &str| c.parse::<StateCode>().unwrap();
    let mut b = AgendaBuilder::new();
    b.add_state(State {
        code: st("BY"),
        name: "Belarus".into(),
    });
    b.add_state(State {
        code: st("RU"),
        name: "Russia".into(),
    });
    let mut names = Vec::new();
    let mut programme_of = Vec::new();
    for (k, &size) in s.blocks.iter().enumerate() {
        let mut p = Programme::new(
            format!("P{k}").parse().unwrap(),
            "p",
            "s".parse().unwrap(),
            IntegrationMode::Unification,
        );
        p.states = vec![st("BY"), st("RU")];
        b.add_programme(p);
        for _ in 0..size {
            programme_of.push(k);
            names.push(format!("P{k}.c{:03}", names.len()));
        }
    }
    for (i, name) in names.iter().enumerate() {
        let mut c = Commitment::new(
            name.parse().unwrap(),
            "c",
            Actors::Joint(vec![st("BY"), st("RU")]),
        );
        if let Some((p, y, m)) = s.deadlines[i] {
            c = c.with_deadline(date(p, y, m));
        }
        for &(y, m, status) in &s.events[i] {
            c = c.with_event(PartialDate::month(y, m).unwrap(), STATUSES[status as usize]);
        }
        b.add_commitment(c);
    }
    let node = |x: &str| x.parse::<NodeId>().unwrap();
    let mut edges = BTreeSet::new();
    for &(x, y) in &s.requires {
        b.add_dependency(Dependency::new(
            node(&names[x]),
            node(&names[y]),
            DependencyKind::Requires,
        ));
        edges.insert((x, y));
    }
    let n = names.len();
    let ends = |k: usize| -> Vec<usize> {
        let members: Vec<usize> = (0..n).filter(|&x| programme_of[x] == k).collect();
        if members.is_empty() {
            vec![n + k]
        } else {
            members
        }
    };
    for &(p, q) in &s.programme_requires {
        b.add_dependency(Dependency::new(
            node(&format!("P{p}")),
            node(&format!("P{q}")),
            DependencyKind::Requires,
        ));
        for x in ends(p) {
            for y in ends(q) {
                edges.insert((x, y));
            }
        }
    }
    for &(x, y, by) in &s.conditions {
        let demanded_by = st(if by { "BY" } else { "RU" });
        b.add_dependency(Dependency::new(
            node(&names[x]),
            node(&names[y]),
            DependencyKind::ConditionalOn { demanded_by },
        ));
    }
    Built {
        agenda: b.build().unwrap(),
        names,
        programme_of,
        edges,
    }
}

fn index(b: &Built, id: &CommitmentId) -> usize {
    b.names.iter().position(|n| n == id.as_str()).unwrap()
}

/// Transitive closure by repeated expansion to a fixed point.
fn closure(edges: &BTreeSet<(usize, usize)>, from: &[usize], forward: bool) -> BTreeSet<usize> {
    let mut set = BTreeSet::new();
    loop {
        let before = set.len();
        for &(a, b) in edges {
            let (src, dst) = if forward { (a, b) } else { (b, a) };
            if from.contains(&src) || set.contains(&src) {
                set.insert(dst);
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn schedule_respects_requires_and_is_edf_among_available(s in spec(40)) {
        let b = build(&s);
        let n = b.names.len();
        let only = |set: BTreeSet<usize>| set.into_iter().filter(|&x| x < n).collect::<BTreeSet<_>>();
        let order: Vec<usize> = b.agenda.schedule().iter().map(|c| index(&b, &c.id)).collect();
        prop_assert_eq!(order.iter().copied().collect::<BTreeSet<_>>().len(), b.names.len());
        let key = |i: usize| {
            let due = b.agenda.commitment(&b.names[i].parse().unwrap()).unwrap().due();
            (due.is_none(), due, b.names[i].clone())
        };
        let mut placed = BTreeSet::new();
        for &next in &order {
            let available: Vec<usize> = (0..b.names.len())
                .filter(|x| !placed.contains(x))
                .filter(|&x| only(closure(&b.edges, &[x], false)).iter().all(|p| placed.contains(p)))
                .collect();
            prop_assert!(available.contains(&next), "{} placed before its prerequisites", b.names[next]);
            let best = available.iter().copied().min_by_key(|&x| key(x)).unwrap();
            prop_assert_eq!(key(next), key(best));
            placed.insert(next);
        }
    }

    #[test]
    fn transitive_queries_equal_the_fixed_point_and_mirror_each_other(s in spec(30)) {
        let b = build(&s);
        let n = b.names.len();
        let ids = |v: Vec<&Commitment>| v.iter().map(|c| index(&b, &c.id)).collect::<BTreeSet<_>>();
        let only = |set: BTreeSet<usize>| set.into_iter().filter(|&x| x < n).collect::<BTreeSet<_>>();
        for i in 0..b.names.len() {
            let node: NodeId = b.names[i].parse().unwrap();
            let pre = ids(b.agenda.prerequisites(&node).unwrap());
            prop_assert_eq!(&pre, &only(closure(&b.edges, &[i], false)));
            prop_assert_eq!(ids(b.agenda.dependents(&node).unwrap()), only(closure(&b.edges, &[i], true)));
            // One dependency away, passing through empty programmes.
            let mut direct = BTreeSet::new();
            let mut frontier = vec![i];
            while let Some(x) = frontier.pop() {
                for &(p, d) in &b.edges {
                    if d == x {
                        if p < n { direct.insert(p); } else { frontier.push(p); }
                    }
                }
            }
            prop_assert_eq!(ids(b.agenda.direct_prerequisites(&node).unwrap()), direct);
            for p in pre {
                let back = ids(b.agenda.dependents(&b.names[p].parse().unwrap()).unwrap());
                prop_assert!(back.contains(&i));
            }
        }
        for k in 0..s.blocks.len() {
            let mut members: Vec<usize> = (0..n).filter(|&x| b.programme_of[x] == k).collect();
            if members.is_empty() {
                members.push(n + k);
            }
            let node: NodeId = format!("P{k}").parse().unwrap();
            prop_assert_eq!(ids(b.agenda.prerequisites(&node).unwrap()), only(closure(&b.edges, &members, false)));
            prop_assert_eq!(ids(b.agenda.dependents(&node).unwrap()), only(closure(&b.edges, &members, true)));
        }
    }

    #[test]
    fn deadlocks_are_real_cover_every_cycle_and_can_be_broken(s in spec(12)) {
        let b = build(&s);
        // The cycle graph: requires (expanded) and conditions, commitment level.
        let mut all: BTreeSet<(usize, usize)> = b.edges.clone();
        all.extend(s.conditions.iter().map(|&(x, y, _)| (x, y)));
        let deadlocks = b.agenda.deadlocks();
        for d in &deadlocks {
            for cycle in &d.cycles {
                let path = cycle.path();
                for (k, step) in cycle.steps.iter().enumerate() {
                    let next = path[(k + 1) % path.len()];
                    // Each step leads to the next step's prerequisite (or into
                    // the programme it names).
                    prop_assert!(step.dependent == *next || step.dependent.programme() == next.programme());
                }
            }
        }
        // Every elementary cycle's nodes lie within one reported deadlock.
        let n = b.names.len();
        let reach = |from: usize| closure(&all, &[from], true);
        for x in 0..n {
            if reach(x).contains(&x) {
                let name: NodeId = b.names[x].parse().unwrap();
                prop_assert!(deadlocks.iter().any(|d| d.members.contains(&name)), "{} is on a cycle", b.names[x]);
            }
        }
        // Dropping every breaking set leaves no cycle.
        let dropped: BTreeSet<(String, String)> = deadlocks
            .iter()
            .flat_map(|d| d.breaking_set.iter().map(|x| (x.prerequisite.to_string(), x.dependent.to_string())))
            .collect();
        let mut rest = b.edges.clone();
        rest.extend(
            s.conditions.iter().filter(|&&(x, y, _)| !dropped.contains(&(b.names[x].clone(), b.names[y].clone()))).map(|&(x, y, _)| (x, y)),
        );
        for x in 0..n {
            prop_assert!(!closure(&rest, &[x], true).contains(&x));
        }
    }

    #[test]
    fn status_as_of_replays_the_events(s in spec(20), y in 2019i32..2032, m in 1u32..=12, day in 1u32..=28) {
        let b = build(&s);
        let on = NaiveDate::from_ymd_opt(y, m, day).unwrap();
        for (i, c) in b.agenda.commitments().iter().enumerate() {
            let _ = i;
            let k = index(&b, &c.id);
            let mut expect = Status::Planned;
            for &(ey, em, status) in &s.events[k] {
                if PartialDate::month(ey, em).unwrap().last_day() <= on {
                    expect = STATUSES[status as usize];
                }
            }
            prop_assert_eq!(c.status_as_of(on), expect);
        }
    }

    #[test]
    fn json_round_trip_is_the_identity(s in spec(30)) {
        let b = build(&s);
        let json = b.agenda.to_json_string();
        let again = Agenda::from_json_str(&json).unwrap();
        prop_assert_eq!(&again, &b.agenda);
        prop_assert_eq!(again.to_json_string(), json);
    }

    #[test]
    fn ids_and_dates_round_trip_through_display(
        p in "[A-Za-z0-9][A-Za-z0-9_-]{0,20}",
        l in "[A-Za-z0-9][A-Za-z0-9_-]{0,20}",
        code in "[A-Z]{2,3}",
        (precision, year, month) in (0u8..4, 1i32..=9999, 1u32..=12),
    ) {
        let programme: ProgrammeId = p.parse().unwrap();
        prop_assert_eq!(programme.to_string().parse::<ProgrammeId>().unwrap(), programme);
        let commitment: CommitmentId = format!("{p}.{l}").parse().unwrap();
        prop_assert_eq!(commitment.to_string().parse::<CommitmentId>().unwrap(), commitment.clone());
        prop_assert_eq!(commitment.programme_str(), p.as_str());
        let node = NodeId::from(commitment);
        prop_assert_eq!(node.to_string().parse::<NodeId>().unwrap(), node);
        let state: StateCode = code.parse().unwrap();
        prop_assert_eq!(state.to_string().parse::<StateCode>().unwrap(), state);
        let d = date(precision, year, month);
        prop_assert_eq!(d.to_string().parse::<PartialDate>().unwrap(), d);
        prop_assert!(d.first_day() <= d.last_day());
    }

    #[test]
    fn any_string_parses_or_errs_without_panicking(text in "\\PC{0,30}") {
        for round_trip in [
            text.parse::<ProgrammeId>().map(|x| x.to_string()).ok(),
            text.parse::<CommitmentId>().map(|x| x.to_string()).ok(),
            text.parse::<NodeId>().map(|x| x.to_string()).ok(),
            text.parse::<StateCode>().map(|x| x.to_string()).ok(),
            text.parse::<Sector>().map(|x| x.to_string()).ok(),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert_eq!(round_trip, text.clone());
        }
        if let Ok(d) = text.parse::<PartialDate>() {
            prop_assert_eq!(d.to_string(), text);
        }
    }

    #[test]
    fn arbitrary_bytes_load_or_give_a_typed_error(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = Agenda::from_json_slice(&bytes);
        let _ = Agenda::from_json_reader(bytes.as_slice());
    }

    #[test]
    fn arbitrary_json_loads_or_gives_a_typed_error(value in json_value()) {
        let mut object = serde_json::Map::new();
        object.insert("format".into(), serde_json::Value::String("union-state/1".into()));
        if let serde_json::Value::Object(m) = &value {
            object.extend(m.clone());
        }
        let text = serde_json::Value::Object(object).to_string();
        if let Ok(a) = Agenda::from_json_str(&text) {
            prop_assert_eq!(Agenda::from_json_str(&a.to_json_string()).unwrap(), a);
        }
        let _ = Agenda::from_json_str(&value.to_string());
    }
}

/// Arbitrary JSON values biased towards the agenda's own keys.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let key = prop_oneof![
        Just("states".to_owned()),
        Just("programmes".to_owned()),
        Just("commitments".to_owned()),
        Just("dependencies".to_owned()),
        Just("id".to_owned()),
        Just("code".to_owned()),
        Just("name".to_owned()),
        "[a-z]{1,6}",
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i32>().prop_map(|n| serde_json::Value::Number(n.into())),
        prop_oneof![
            Just("BY".to_owned()),
            Just("UP1.a".to_owned()),
            Just("2023-Q4".to_owned()),
            "\\PC{0,8}"
        ]
        .prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..5)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// Thousands of commitments: the schedule still respects every
    /// requires edge, and JSON still round-trips.
    #[test]
    fn large_agendas_schedule_and_round_trip(s in spec(2500)) {
        let b = build(&s);
        let n = b.names.len();
        let mut at = vec![0usize; n];
        for (k, c) in b.agenda.schedule().iter().enumerate() {
            at[index(&b, &c.id)] = k;
        }
        for &(p, d) in b.edges.iter().filter(|e| e.0 < n && e.1 < n) {
            prop_assert!(at[p] < at[d]);
        }
        let again = Agenda::from_json_str(&b.agenda.to_json_string()).unwrap();
        prop_assert_eq!(again, b.agenda);
    }
}
