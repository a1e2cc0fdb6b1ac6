//! `Agenda::strongly_connected_components` against brute force: mutual
//! reachability by BFS from every node, on small generated agendas with
//! programme-level dependencies, milestones (programmes without
//! commitments), *conditional on* dependencies between any two ends and
//! *related* ones (which are not followed); and on a long chain.

use std::collections::{BTreeSet, VecDeque};

use proptest::prelude::*;
use union_state::*;

/// Programmes of 0 to 3 commitments (commitments numbered `0..n` in
/// programme order; an end `e >= n` is programme `e - n`), acyclic
/// *requires* (commitment to later commitment, programme to later
/// programme), and *conditional on* and *related* dependencies between any
/// two ends, commitments or programmes.
#[derive(Clone, Debug)]
struct Spec {
    blocks: Vec<usize>,
    requires: Vec<(usize, usize)>,
    programme_requires: Vec<(usize, usize)>,
    conditions: Vec<(usize, usize)>,
    related: Vec<(usize, usize)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    proptest::collection::vec(prop_oneof![1 => Just(0usize), 3 => 1..=3usize], 1..=5)
        .prop_flat_map(|blocks| {
            let n: usize = blocks.iter().sum();
            let ends = n + blocks.len();
            (
                Just(blocks.clone()),
                proptest::collection::vec((0..n.max(1), 0..n.max(1)), 0..=2 * n),
                proptest::collection::vec((0..blocks.len(), 0..blocks.len()), 0..4),
                proptest::collection::vec((0..ends, 0..ends), 0..=8),
                proptest::collection::vec((0..ends, 0..ends), 0..=3),
            )
        })
        .prop_map(
            |(blocks, requires, programme_requires, conditions, related)| {
                let set = |v: Vec<(usize, usize)>, keep: fn(&(usize, usize)) -> bool| {
                    v.into_iter()
                        .filter(keep)
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect::<Vec<_>>()
                };
                Spec {
                    blocks,
                    requires: set(requires, |(a, b)| a < b),
                    programme_requires: set(programme_requires, |(a, b)| a < b),
                    conditions: set(conditions, |(a, b)| a != b),
                    related: set(related, |(a, b)| a != b),
                }
            },
        )
}

struct Built {
    agenda: Agenda,
    n: usize,
    /// Commitments `0..n`, then programmes.
    names: Vec<String>,
    members: Vec<Vec<usize>>,
    /// Every *requires* and *conditional on* dependency by its ends.
    followed: Vec<(usize, usize)>,
}

fn build(s: &Spec) -> Built {
    let st = |c: &str| c.parse::<StateCode>().unwrap();
    let mut b = AgendaBuilder::new();
    b.add_state(State::new(st("BY"), "Belarus"));
    b.add_state(State::new(st("RU"), "Russia"));
    let mut names = Vec::new();
    let mut members = Vec::new();
    for (k, &size) in s.blocks.iter().enumerate() {
        let mut p = Programme::new(
            format!("P{k}").parse().unwrap(),
            "p",
            "s".parse().unwrap(),
            IntegrationMode::Unification,
        );
        p.states = vec![st("BY"), st("RU")];
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
            Actors::Joint(vec![st("BY"), st("RU")]),
        ));
    }
    names.extend((0..s.blocks.len()).map(|k| format!("P{k}")));
    let requires: Vec<(usize, usize)> = s
        .requires
        .iter()
        .copied()
        .chain(s.programme_requires.iter().map(|&(p, q)| (n + p, n + q)))
        .collect();
    let node = |x: usize| names[x].parse::<NodeId>().unwrap();
    for &(x, y) in &requires {
        b.add_dependency(Dependency::new(node(x), node(y), DependencyKind::Requires));
    }
    for (i, &(x, y)) in s.conditions.iter().enumerate() {
        let by = if i % 2 == 0 { "BY" } else { "RU" };
        b.add_dependency(Dependency::new(
            node(x),
            node(y),
            DependencyKind::ConditionalOn {
                demanded_by: st(by).into(),
            },
        ));
    }
    for &(x, y) in &s.related {
        b.add_dependency(Dependency::new(node(x), node(y), DependencyKind::Related));
    }
    let followed = requires.iter().chain(&s.conditions).copied().collect();
    Built {
        agenda: b.build().unwrap(),
        n,
        names,
        members,
        followed,
    }
}

/// Every node reachable from `from` along `edges` (itself only if on a
/// cycle), by BFS.
fn reach(nodes: usize, edges: &[(usize, usize)], from: usize) -> Vec<bool> {
    let mut seen = vec![false; nodes];
    let mut queue = VecDeque::from([from]);
    while let Some(v) = queue.pop_front() {
        for &(a, b) in edges {
            if a == v && !seen[b] {
                seen[b] = true;
                queue.push_back(b);
            }
        }
    }
    seen
}

/// The classes of mutual reachability holding a cycle (each node on one
/// with every other in its class), as the sorted, deduplicated names of
/// `name(node)`, the classes sorted.
fn brute_components(
    nodes: usize,
    edges: &[(usize, usize)],
    name: impl Fn(usize) -> String,
) -> Vec<Vec<String>> {
    let reach: Vec<Vec<bool>> = (0..nodes).map(|v| reach(nodes, edges, v)).collect();
    let mut classes: BTreeSet<Vec<String>> = BTreeSet::new();
    for (v, from_v) in reach.iter().enumerate() {
        if !from_v[v] {
            continue;
        }
        let mut class: Vec<String> = (0..nodes)
            .filter(|&w| from_v[w] && reach[w][v])
            .map(&name)
            .collect();
        class.sort();
        class.dedup();
        classes.insert(class);
    }
    classes.into_iter().collect()
}

impl Built {
    /// The gate graph as the design describes it, built here from the
    /// spec: commitment `c` is node `c`; programme `k` has `start = n + 2k`
    /// and `done = n + 2k + 1`, with `start -> c -> done` for each of its
    /// commitments or `start -> done` when it has none; a dependency runs
    /// from its prerequisite (a commitment, or a programme's `done`) to its
    /// dependent (a commitment, or a programme's `start`). The node count,
    /// the edges and each node's name (a gate is named by its programme).
    fn gate_graph(&self) -> (usize, Vec<(usize, usize)>, Vec<String>) {
        let n = self.n;
        let gates = n + 2 * self.members.len();
        let mut edges = Vec::new();
        for (k, m) in self.members.iter().enumerate() {
            if m.is_empty() {
                edges.push((n + 2 * k, n + 2 * k + 1));
            }
            for &c in m {
                edges.push((n + 2 * k, c));
                edges.push((c, n + 2 * k + 1));
            }
        }
        for &(x, y) in &self.followed {
            let from = if x < n { x } else { n + 2 * (x - n) + 1 };
            let to = if y < n { y } else { n + 2 * (y - n) };
            edges.push((from, to));
        }
        let names = (0..gates)
            .map(|v| {
                if v < n {
                    self.names[v].clone()
                } else {
                    self.names[n + (v - n) / 2].clone()
                }
            })
            .collect();
        (gates, edges, names)
    }

    /// The expanded graph of a naive program: commitments `0..n` and one
    /// node `n + k` per milestone (programme `k` without commitments); a
    /// dependency joins every node its prerequisite stands for (a
    /// commitment itself, a programme its commitments, a milestone itself)
    /// to every node its dependent stands for.
    fn expanded_graph(&self) -> (usize, Vec<(usize, usize)>) {
        let n = self.n;
        let expand = |e: usize| -> Vec<usize> {
            match e.checked_sub(n).map(|k| &self.members[k]) {
                Some(m) if !m.is_empty() => m.clone(),
                _ => vec![e],
            }
        };
        let mut edges = Vec::new();
        for &(x, y) in &self.followed {
            for a in expand(x) {
                for b in expand(y) {
                    edges.push((a, b));
                }
            }
        }
        (n + self.members.len(), edges)
    }
}

fn ids(components: &[Vec<NodeId>]) -> Vec<Vec<String>> {
    components
        .iter()
        .map(|c| c.iter().map(|id| id.as_str().to_owned()).collect())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The components are the classes of mutual reachability (holding a
    /// cycle) of the gate graph, named by id, sorted; they are the members
    /// of the deadlocks, in the same order; and their commitments and
    /// milestones are the classes on cycles of the naive expanded graph.
    #[test]
    fn components_are_the_classes_of_mutual_reachability(s in spec()) {
        let b = build(&s);
        let components = b.agenda.strongly_connected_components();
        let (nodes, edges, names) = b.gate_graph();
        let expected = brute_components(nodes, &edges, |v| names[v].clone());
        prop_assert_eq!(ids(&components), expected);

        let members: Vec<Vec<NodeId>> =
            b.agenda.deadlocks().into_iter().map(|d| d.members).collect();
        prop_assert_eq!(&members, &components);

        // A programme with commitments stands for them: drop it, and what is
        // left (commitments and milestones) is the naive program's answer.
        let (nodes, edges) = b.expanded_graph();
        let naive = brute_components(nodes, &edges, |v| b.names[v].clone());
        let naive_node = |id: &NodeId| match id {
            NodeId::Commitment(_) => true,
            NodeId::Programme(p) => {
                let k: usize = p.as_str()[1..].parse().unwrap();
                b.members[k].is_empty()
            }
        };
        let mut reduced: Vec<Vec<String>> = components
            .iter()
            .map(|c| {
                c.iter()
                    .filter(|id| naive_node(id))
                    .map(|id| id.as_str().to_owned())
                    .collect()
            })
            .collect();
        reduced.sort();
        prop_assert_eq!(reduced, naive);
    }
}

#[test]
fn a_programme_and_its_own_commitment_make_a_component() {
    // P as a whole waits for P.a, which P includes: P.a -> start(P) -> P.a.
    let st = |c: &str| c.parse::<StateCode>().unwrap();
    let mut b = AgendaBuilder::new();
    b.add_state(State::new(st("BY"), "Belarus"));
    let mut p = Programme::new(
        "P".parse().unwrap(),
        "p",
        "s".parse().unwrap(),
        IntegrationMode::Unification,
    );
    p.states = vec![st("BY")];
    b.add_programme(p);
    for c in ["P.a", "P.b"] {
        b.add_commitment(Commitment::new(
            c.parse().unwrap(),
            "c",
            Actors::State(st("BY")),
        ));
    }
    b.add_dependency(Dependency::new(
        "P.a".parse::<NodeId>().unwrap(),
        "P".parse::<NodeId>().unwrap(),
        DependencyKind::ConditionalOn {
            demanded_by: Demanders::from(st("BY")),
        },
    ));
    let a = b.build().unwrap();
    let c = a.strongly_connected_components();
    let ids: Vec<Vec<&str>> = c
        .iter()
        .map(|c| c.iter().map(NodeId::as_str).collect())
        .collect();
    assert_eq!(ids, [["P", "P.a"]]);
}

/// A ring of `n` commitments in one programme: `c(i)` requires `c(i+1)`,
/// and the last is a condition of the first. Plus `n` commitments on no
/// cycle, in a chain of *requires* behind the ring.
fn ring(n: usize) -> Agenda {
    let st = |c: &str| c.parse::<StateCode>().unwrap();
    let mut b = AgendaBuilder::new();
    b.add_state(State::new(st("BY"), "Belarus"));
    let mut p = Programme::new(
        "R".parse().unwrap(),
        "p",
        "s".parse().unwrap(),
        IntegrationMode::Unification,
    );
    p.states = vec![st("BY")];
    b.add_programme(p);
    let id = |i: usize| format!("R.c{i:06}");
    for i in 0..2 * n {
        b.add_commitment(Commitment::new(
            id(i).parse().unwrap(),
            "c",
            Actors::State(st("BY")),
        ));
    }
    for i in 0..2 * n - 1 {
        b.add_dependency(Dependency::new(
            id(i + 1).parse::<NodeId>().unwrap(),
            id(i).parse::<NodeId>().unwrap(),
            DependencyKind::Requires,
        ));
    }
    b.add_dependency(Dependency::new(
        id(0).parse::<NodeId>().unwrap(),
        id(n - 1).parse::<NodeId>().unwrap(),
        DependencyKind::ConditionalOn {
            demanded_by: Demanders::from(st("BY")),
        },
    ));
    b.build().unwrap()
}

#[test]
fn a_long_ring_is_one_component_and_the_chain_behind_it_none() {
    // Iterative: 100,000 commitments on one cycle do not overflow the stack,
    // and the 100,000 behind it, each alone, are not listed.
    for n in [2, 100_000] {
        let a = ring(n);
        let c = a.strongly_connected_components();
        assert_eq!(c.len(), 1, "{n}");
        assert_eq!(c[0].len(), n, "{n}");
        assert_eq!(c[0][0].as_str(), "R.c000000");
        assert_eq!(a.deadlocks()[0].members, c[0]);
    }
}
