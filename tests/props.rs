//! Properties over generated agendas (proptest), each checked against an
//! independent naive computation: acyclic *requires* graphs with edges only
//! from a lower generated index to a higher one (some naming whole
//! programmes), *conditional on* edges in any direction, deadlines of every
//! precision, and status histories.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use proptest::prelude::*;
use union_state::query::*;
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
    b.add_state(State::new(st("BY"), "Belarus"));
    b.add_state(State::new(st("RU"), "Russia"));
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
            DependencyKind::ConditionalOn {
                demanded_by: demanded_by.into(),
            },
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

/// The documented order of query answers: by deadline (the last day the
/// wording allows, then the first; undated last), then id.
fn deadline_order_key(agenda: &Agenda, id: &str) -> (bool, NaiveDate, NaiveDate, String) {
    let c = agenda.commitment(&id.parse().unwrap()).unwrap();
    let due = c.due();
    (
        due.is_none(),
        due.map_or(NaiveDate::MAX, PartialDate::last_day),
        due.map_or(NaiveDate::MAX, PartialDate::first_day),
        id.to_owned(),
    )
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
        // The documented key: the effective deadline (the earliest last day
        // among its own deadline and those of everything that requires it,
        // by a naive closure), then its own deadline, then its id.
        let due = |i: usize| b.agenda.commitment(&b.names[i].parse().unwrap()).unwrap().due();
        let key = |i: usize| {
            let effective = only(closure(&b.edges, &[i], true))
                .into_iter()
                .chain([i])
                .filter_map(|j| due(j).map(PartialDate::last_day))
                .min();
            (effective.is_none(), effective, due(i).is_none(), due(i), b.names[i].clone())
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
                let back = ids(b.agenda.dependents(&b.names[p].parse::<NodeId>().unwrap()).unwrap());
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
    fn transitive_queries_follow_each_kind_in_deadline_order(s in spec(30)) {
        // Every `Follow` variant, for commitments and programmes (milestones
        // included): the exact list, repeats and order included, against a
        // fixed-point closure sorted by the documented key.
        let b = build(&s);
        let n = b.names.len();
        let conditions: BTreeSet<(usize, usize)> = s.conditions.iter().map(|&(x, y, _)| (x, y)).collect();
        let with_conditions: BTreeSet<(usize, usize)> = b.edges.union(&conditions).copied().collect();
        let key = |x: usize| deadline_order_key(&b.agenda, &b.names[x]);
        let expect = |edges: &BTreeSet<(usize, usize)>, from: &[usize], forward: bool| {
            let mut v: Vec<usize> = closure(edges, from, forward).into_iter().filter(|&x| x < n).collect();
            v.sort_by_key(|&x| key(x));
            v.into_iter().map(|x| b.names[x].clone()).collect::<Vec<_>>()
        };
        let names = |v: Vec<&Commitment>| v.iter().map(|c| c.id.as_str().to_owned()).collect::<Vec<_>>();
        let mut nodes: Vec<(NodeId, Vec<usize>)> = (0..n).map(|i| (b.names[i].parse().unwrap(), vec![i])).collect();
        for k in 0..s.blocks.len() {
            let mut members: Vec<usize> = (0..n).filter(|&x| b.programme_of[x] == k).collect();
            if members.is_empty() {
                members.push(n + k);
            }
            nodes.push((format!("P{k}").parse().unwrap(), members));
        }
        for (node, from) in &nodes {
            prop_assert_eq!(names(b.agenda.prerequisites(node).unwrap()), expect(&b.edges, from, false));
            prop_assert_eq!(names(b.agenda.dependents(node).unwrap()), expect(&b.edges, from, true));
            for (follow, edges) in [
                (Follow::REQUIRES, &b.edges),
                (Follow::REQUIRES_AND_CONDITIONS, &with_conditions),
                (Follow::ALL, &with_conditions),
                (Follow { requires: false, conditions: true, related: false }, &conditions),
            ] {
                // Conditions have no milestone ends here, so the closure over
                // them alone needs no pass-through nodes.
                prop_assert_eq!(names(b.agenda.prerequisites_following(node, follow).unwrap()), expect(edges, from, false), "{:?}", follow);
                prop_assert_eq!(names(b.agenda.dependents_following(node, follow).unwrap()), expect(edges, from, true), "{:?}", follow);
            }
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

/// An agenda for the deadlock properties: programmes of 0 to 3 commitments
/// (one without commitments is a milestone), acyclic *requires* as in
/// [`Spec`] (commitment to later commitment, programme to later
/// programme), and *conditional on* dependencies between any two ends,
/// commitments or programmes, each demanded by one of three states.
#[derive(Clone, Debug)]
struct CycleSpec {
    blocks: Vec<usize>,
    requires: Vec<(usize, usize)>,
    programme_requires: Vec<(usize, usize)>,
    /// `(prerequisite, dependent, state)`: an end below the number of
    /// commitments `n` is that commitment, else programme `end - n`.
    conditions: Vec<(usize, usize, usize)>,
}

const DEMANDERS: [&str; 3] = ["BY", "RU", "KZ"];

fn cycle_spec() -> impl Strategy<Value = CycleSpec> {
    proptest::collection::vec(prop_oneof![1 => Just(0usize), 3 => 1..=3usize], 1..=4)
        .prop_flat_map(|blocks| {
            let n: usize = blocks.iter().sum();
            let ends = n + blocks.len();
            (
                Just(blocks.clone()),
                proptest::collection::vec((0..n.max(1), 0..n.max(1)), 0..=n),
                proptest::collection::vec((0..blocks.len(), 0..blocks.len()), 0..3),
                proptest::collection::vec((0..ends, 0..ends, 0..DEMANDERS.len()), 1..=9),
            )
        })
        .prop_map(
            |(blocks, requires, programme_requires, conditions)| CycleSpec {
                blocks,
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
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
            },
        )
}

/// A dependency of a [`CycleSpec`], by its ends (as in
/// [`CycleSpec::conditions`]).
struct SpecDep {
    key: String,
    pre: usize,
    dep: usize,
    condition: bool,
}

struct CycleAgenda {
    agenda: Agenda,
    n: usize,
    /// Commitments `0..n`, then programmes.
    names: Vec<String>,
    members: Vec<Vec<usize>>,
    deps: Vec<SpecDep>,
}

fn dep_key(pre: &str, dep: &str, kind: &str) -> String {
    format!("{pre}>{dep}:{kind}")
}

fn key_of(d: &Dependency) -> String {
    let kind = match &d.kind {
        DependencyKind::ConditionalOn { demanded_by } => demanded_by.to_string(),
        k => k.name().to_owned(),
    };
    dep_key(d.prerequisite.as_str(), d.dependent.as_str(), &kind)
}

fn build_cycles(s: &CycleSpec) -> CycleAgenda {
    let st = |c: &str| c.parse::<StateCode>().unwrap();
    let mut b = AgendaBuilder::new();
    for code in DEMANDERS {
        b.add_state(State::new(st(code), code));
    }
    let mut names = Vec::new();
    let mut members = Vec::new();
    for (k, &size) in s.blocks.iter().enumerate() {
        let mut p = Programme::new(
            format!("P{k}").parse().unwrap(),
            "p",
            "s".parse().unwrap(),
            IntegrationMode::Unification,
        );
        p.states = DEMANDERS.iter().map(|c| st(c)).collect();
        b.add_programme(p);
        let mut mine = Vec::new();
        for _ in 0..size {
            mine.push(names.len());
            names.push(format!("P{k}.c{:02}", names.len()));
        }
        members.push(mine);
    }
    let n = names.len();
    for name in &names {
        b.add_commitment(Commitment::new(
            name.parse().unwrap(),
            "c",
            Actors::Joint(DEMANDERS.iter().map(|c| st(c)).collect()),
        ));
    }
    names.extend((0..s.blocks.len()).map(|k| format!("P{k}")));
    let mut deps = Vec::new();
    let requires = s
        .requires
        .iter()
        .copied()
        .chain(s.programme_requires.iter().map(|&(p, q)| (n + p, n + q)))
        .map(|(x, y)| (x, y, None));
    let conditions = s.conditions.iter().map(|&(x, y, by)| (x, y, Some(by)));
    for (x, y, by) in requires.chain(conditions) {
        let kind = match by {
            None => DependencyKind::Requires,
            Some(by) => DependencyKind::ConditionalOn {
                demanded_by: st(DEMANDERS[by]).into(),
            },
        };
        let d = Dependency::new(
            names[x].parse::<NodeId>().unwrap(),
            names[y].parse::<NodeId>().unwrap(),
            kind,
        );
        deps.push(SpecDep {
            key: key_of(&d),
            pre: x,
            dep: y,
            condition: by.is_some(),
        });
        b.add_dependency(d);
    }
    CycleAgenda {
        agenda: b.build().unwrap(),
        n,
        names,
        members,
        deps,
    }
}

impl CycleAgenda {
    /// The nodes of the naive graph an end stands for: a commitment itself,
    /// a programme its commitments, a milestone itself (node `n + k`).
    fn expand(&self, end: usize) -> Vec<usize> {
        match self.members.get(end.wrapping_sub(self.n)) {
            Some(m) if end >= self.n && !m.is_empty() => m.clone(),
            _ => vec![end],
        }
    }

    /// The naive graph: every dependency expanded to all pairs of the nodes
    /// its ends stand for, tagged with the dependency's index.
    fn naive_edges(&self) -> Vec<(usize, usize, usize)> {
        let mut edges = Vec::new();
        for (i, d) in self.deps.iter().enumerate() {
            for x in self.expand(d.pre) {
                for y in self.expand(d.dep) {
                    edges.push((x, y, i));
                }
            }
        }
        edges
    }

    /// The naive node a deadlock member stands for, if any (a programme
    /// with commitments stands for them, and they are members too).
    fn naive_node(&self, id: &NodeId) -> Option<usize> {
        let i = self.names.iter().position(|x| x == id.as_str())?;
        (self.expand(i) == [i]).then_some(i)
    }

    /// Every elementary cycle of the gate graph (commitment `c` is node
    /// `c`; programme `k` has `start = n + 2k`, `done = n + 2k + 1`, with
    /// `start -> c -> done` for its commitments or `start -> done` when it
    /// has none), by brute force over all paths from each least node, as
    /// its dependency indices rotated to start at the smallest. `None` if
    /// that takes more than `cap` steps.
    fn gate_cycles(&self, cap: usize) -> Option<BTreeSet<Vec<usize>>> {
        let n = self.n;
        let size = n + 2 * self.members.len();
        let mut edges: Vec<(usize, usize, Option<usize>)> = Vec::new();
        for (k, m) in self.members.iter().enumerate() {
            if m.is_empty() {
                edges.push((n + 2 * k, n + 2 * k + 1, None));
            }
            for &c in m {
                edges.push((n + 2 * k, c, None));
                edges.push((c, n + 2 * k + 1, None));
            }
        }
        for (i, d) in self.deps.iter().enumerate() {
            let pre = if d.pre < n {
                d.pre
            } else {
                n + 2 * (d.pre - n) + 1
            };
            let dep = if d.dep < n {
                d.dep
            } else {
                n + 2 * (d.dep - n)
            };
            edges.push((pre, dep, Some(i)));
        }
        let mut found = BTreeSet::new();
        let mut steps = 0;
        for s in 0..size {
            // (node, next edge to try), the dependencies taken.
            let mut stack = vec![(s, 0usize)];
            let mut path: Vec<Option<usize>> = Vec::new();
            let mut on = vec![false; size];
            on[s] = true;
            while let Some(&(v, e)) = stack.last() {
                steps += 1;
                if steps > cap {
                    return None;
                }
                if e == edges.len() {
                    stack.pop();
                    path.pop();
                    on[v] = false;
                    continue;
                }
                stack.last_mut().unwrap().1 += 1;
                let (f, t, d) = edges[e];
                if f != v {
                    continue;
                }
                if t == s {
                    let mut cycle: Vec<usize> =
                        path.iter().chain([&d]).filter_map(|x| *x).collect();
                    let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap();
                    cycle.rotate_left(first);
                    found.insert(cycle);
                } else if t > s && !on[t] {
                    on[t] = true;
                    stack.push((t, 0));
                    path.push(d);
                }
            }
        }
        Some(found)
    }
}

/// Whether the naive graph restricted to `nodes` (all if `None`), without
/// the dependencies in `removed`, has a cycle (Kahn).
fn naive_cyclic(
    edges: &[(usize, usize, usize)],
    nodes: usize,
    within: Option<&BTreeSet<usize>>,
    removed: &BTreeSet<usize>,
) -> bool {
    let keep = |x: usize| within.is_none_or(|w| w.contains(&x));
    let live: Vec<(usize, usize)> = edges
        .iter()
        .filter(|&&(x, y, d)| keep(x) && keep(y) && !removed.contains(&d))
        .map(|&(x, y, _)| (x, y))
        .collect();
    let mut indegree = vec![0; nodes];
    for &(_, y) in &live {
        indegree[y] += 1;
    }
    let mut stack: Vec<usize> = (0..nodes).filter(|&v| indegree[v] == 0).collect();
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        for &(x, y) in &live {
            if x == v {
                indegree[y] -= 1;
                if indegree[y] == 0 {
                    stack.push(y);
                }
            }
        }
    }
    seen < nodes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    /// Deadlocks over conditions between commitments, programmes and
    /// milestones: every listed cycle is real and listed once, and when
    /// listing is complete the cycles are exactly the brute-force
    /// elementary cycles of the gate graph; every cycle lies in a
    /// deadlock; each breaking-set edge lies on a cycle of its component;
    /// dropping the breaking sets breaks every cycle; and an exact breaking
    /// set has no smaller one.
    #[test]
    fn deadlocks_list_distinct_real_cycles_and_minimal_breaking_sets(s in cycle_spec()) {
        let c = build_cycles(&s);
        let nodes = c.names.len();
        let edges = c.naive_edges();
        let index: std::collections::BTreeMap<&str, usize> =
            c.deps.iter().enumerate().map(|(i, d)| (d.key.as_str(), i)).collect();
        let at = |d: &Dependency| index.get(key_of(d).as_str()).copied();
        let deadlocks = c.agenda.deadlocks();
        let mut listed_everywhere = BTreeSet::new();
        for d in &deadlocks {
            prop_assert!(d.cycles.len() <= CYCLE_LIST_LIMIT);
            let within: BTreeSet<usize> = d.members.iter().filter_map(|m| c.naive_node(m)).collect();
            let mut listed = BTreeSet::new();
            for cycle in &d.cycles {
                let seq: Vec<usize> = cycle.steps.iter().map(|x| at(x)).collect::<Option<_>>().unwrap();
                for (k, &i) in seq.iter().enumerate() {
                    let (this, next) = (&c.deps[i], &c.deps[seq[(k + 1) % seq.len()]]);
                    // The step is an edge of the naive graph inside the
                    // deadlock, leading to a node the next step leaves from.
                    let into: BTreeSet<usize> = c.expand(this.dep).into_iter().collect();
                    prop_assert!(c.expand(next.pre).iter().any(|x| into.contains(x)),
                        "{} does not lead to {}", this.key, next.key);
                    for end in [this.pre, this.dep] {
                        let id: NodeId = c.names[end].parse().unwrap();
                        prop_assert!(d.members.contains(&id), "{} outside its deadlock", c.names[end]);
                    }
                }
                let mut norm = seq.clone();
                let first = (0..norm.len()).min_by_key(|&i| norm[i]).unwrap();
                norm.rotate_left(first);
                prop_assert!(listed.insert(norm), "{:?} listed twice", seq);
            }
            let conditions: Vec<usize> = d.conditions().iter().map(|x| at(x).unwrap()).collect();
            prop_assert!(conditions.iter().all(|&i| c.deps[i].condition));
            for b in &d.breaking_set {
                let i = at(b).unwrap();
                prop_assert!(conditions.contains(&i));
                // On a cycle of the naive graph: its head reaches its tail.
                let (pre, dep) = (c.expand(c.deps[i].pre), c.expand(c.deps[i].dep));
                let reach = closure(&edges.iter().map(|&(x, y, _)| (x, y)).collect(), &dep, true);
                prop_assert!(pre.iter().any(|x| reach.contains(x) || dep.contains(x)), "{} on no cycle", key_of(b));
                if d.all_cycles_listed {
                    prop_assert!(listed.iter().any(|cy| cy.contains(&i)), "{} on no listed cycle", key_of(b));
                }
            }
            if d.breaking_set_exact && conditions.len() <= 10 {
                let smaller = d.breaking_set.len().saturating_sub(1);
                for mask in 0u32..1 << conditions.len() {
                    if mask.count_ones() as usize != smaller || d.breaking_set.is_empty() {
                        continue;
                    }
                    let removed: BTreeSet<usize> = (0..conditions.len())
                        .filter(|&k| mask & (1 << k) != 0)
                        .map(|k| conditions[k])
                        .collect();
                    prop_assert!(naive_cyclic(&edges, nodes, Some(&within), &removed),
                        "a smaller breaking set than {:?}: {:?}", d.breaking_set, removed);
                }
            }
            listed_everywhere.extend(listed);
        }
        // Against the brute force over the gate graph.
        if let Some(all) = c.gate_cycles(300_000) {
            prop_assert!(listed_everywhere.is_subset(&all));
            if deadlocks.iter().all(|d| d.all_cycles_listed) {
                prop_assert_eq!(&listed_everywhere, &all);
            }
        }
        // Every node on a cycle of the naive graph is in a deadlock.
        let pairs: BTreeSet<(usize, usize)> = edges.iter().map(|&(x, y, _)| (x, y)).collect();
        for x in 0..nodes {
            if c.expand(x) == [x] && closure(&pairs, &[x], true).contains(&x) {
                let id: NodeId = c.names[x].parse().unwrap();
                prop_assert!(deadlocks.iter().any(|d| d.members.contains(&id)), "{} is on a cycle", c.names[x]);
            }
        }
        // Dropping every breaking set leaves no cycle.
        let dropped: BTreeSet<usize> = deadlocks
            .iter()
            .flat_map(|d| d.breaking_set.iter().map(|x| at(x).unwrap()))
            .collect();
        prop_assert!(!naive_cyclic(&edges, nodes, None, &dropped));
    }
}

/// A deterministic agenda large enough that answers run to thousands of
/// commitments over many 64-bit words and several 4,096-commitment blocks
/// of ranks (the rank-bitmap read of the transitive queries), with
/// programme-level dependencies through a milestone and *conditional on*
/// cycles: every answer, order included, equals a breadth-first search
/// over the expanded edges sorted by the documented key.
#[test]
#[allow(clippy::too_many_lines, clippy::many_single_char_names)]
fn large_transitive_answers_equal_a_sorted_search() {
    let st = |c: &str| c.parse::<StateCode>().unwrap();
    let mut lcg: u64 = 0x2021;
    let mut next = move |m: usize| {
        lcg = lcg
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((lcg >> 33) as usize) % m
    };
    let (programmes, per) = (30usize, 300usize);
    let milestone = programmes; // `P30`, without commitments.
    let n = programmes * per;
    let mut b = AgendaBuilder::new();
    b.add_state(State::new(st("BY"), "Belarus"));
    b.add_state(State::new(st("RU"), "Russia"));
    let mut names = Vec::new();
    for k in 0..=programmes {
        let mut p = Programme::new(
            format!("P{k:02}").parse().unwrap(),
            "p",
            "s".parse().unwrap(),
            IntegrationMode::Unification,
        );
        p.states = vec![st("BY"), st("RU")];
        b.add_programme(p);
        if k == milestone {
            continue;
        }
        for _ in 0..per {
            let i = names.len();
            let name = format!("P{k:02}.c{i:05}");
            let mut c = Commitment::new(
                name.parse().unwrap(),
                "c",
                Actors::Joint(vec![st("BY"), st("RU")]),
            );
            if next(10) > 0 {
                let precision = u8::try_from(next(4)).unwrap();
                let year = 2020 + i32::try_from(next(12)).unwrap();
                let month = 1 + u32::try_from(next(12)).unwrap();
                c = c.with_deadline(date(precision, year, month));
            }
            b.add_commitment(c);
            names.push(name);
        }
    }
    let node = |x: &str| x.parse::<NodeId>().unwrap();
    // Node `n` stands for the milestone in the expanded edges.
    let mut requires: BTreeSet<(usize, usize)> = BTreeSet::new();
    for y in 1..n {
        for _ in 0..2 {
            // Mostly near (long chains), sometimes far.
            let back = if next(4) == 0 {
                next(y) + 1
            } else {
                next(y.min(200)) + 1
            };
            let x = y - back;
            if requires.insert((x, y)) {
                b.add_dependency(Dependency::new(
                    node(&names[x]),
                    node(&names[y]),
                    DependencyKind::Requires,
                ));
            }
        }
    }
    let members = |k: usize| (k * per..(k + 1) * per).collect::<Vec<_>>();
    for (p, q) in [(2usize, 5usize), (7, 20), (11, 12), (25, 29)] {
        b.add_dependency(Dependency::new(
            node(&format!("P{p:02}")),
            node(&format!("P{q:02}")),
            DependencyKind::Requires,
        ));
        for x in members(p) {
            for y in members(q) {
                requires.insert((x, y));
            }
        }
    }
    // P03 -> milestone -> P27.
    b.add_dependency(Dependency::new(
        node("P03"),
        node(&format!("P{milestone}")),
        DependencyKind::Requires,
    ));
    b.add_dependency(Dependency::new(
        node(&format!("P{milestone}")),
        node("P27"),
        DependencyKind::Requires,
    ));
    for x in members(3) {
        requires.insert((x, n));
    }
    for y in members(27) {
        requires.insert((n, y));
    }
    let mut all = requires.clone();
    for _ in 0..200 {
        let (x, y) = (next(n), next(n));
        if x != y && all.insert((x, y)) {
            b.add_dependency(Dependency::new(
                node(&names[x]),
                node(&names[y]),
                DependencyKind::ConditionalOn {
                    demanded_by: st("BY").into(),
                },
            ));
        }
    }
    let agenda = b.build().unwrap();
    let adjacency = |edges: &BTreeSet<(usize, usize)>, forward: bool| {
        let mut adj = vec![Vec::new(); n + 1];
        for &(x, y) in edges {
            let (from, to) = if forward { (x, y) } else { (y, x) };
            adj[from].push(to);
        }
        adj
    };
    let keys: Vec<_> = names
        .iter()
        .map(|x| deadline_order_key(&agenda, x))
        .collect();
    let search = |adj: &[Vec<usize>], from: usize| {
        let mut seen = vec![false; n + 1];
        let mut queue = std::collections::VecDeque::from([from]);
        let mut found = Vec::new();
        while let Some(v) = queue.pop_front() {
            for &m in &adj[v] {
                if !seen[m] {
                    seen[m] = true;
                    queue.push_back(m);
                    if m < n {
                        found.push(m);
                    }
                }
            }
        }
        found.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        found
            .into_iter()
            .map(|x| names[x].as_str())
            .collect::<Vec<_>>()
    };
    let ids = |v: Vec<&Commitment>| {
        v.iter()
            .map(|c| c.id.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    let mut largest = 0;
    for (edges, follow) in [(&requires, Follow::REQUIRES), (&all, Follow::ALL)] {
        let (back, ahead) = (adjacency(edges, false), adjacency(edges, true));
        for i in (0..n).step_by(97).chain([0, n - 1, 3 * per, 27 * per]) {
            let id = node(&names[i]);
            let pre = ids(agenda.prerequisites_following(&id, follow).unwrap());
            assert_eq!(
                pre,
                search(&back, i),
                "prerequisites of {} ({follow:?})",
                names[i]
            );
            let post = ids(agenda.dependents_following(&id, follow).unwrap());
            assert_eq!(
                post,
                search(&ahead, i),
                "dependents of {} ({follow:?})",
                names[i]
            );
            largest = largest.max(pre.len()).max(post.len());
            if follow == Follow::REQUIRES {
                assert_eq!(ids(agenda.prerequisites(&id).unwrap()), pre);
                assert_eq!(ids(agenda.dependents(&id).unwrap()), post);
            }
        }
    }
    // The answers do reach across several blocks of ranks.
    assert!(largest > 2 * 4096, "largest answer {largest}");
}
