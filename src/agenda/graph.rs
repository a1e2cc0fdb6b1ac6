//! The private dependency graph of an [`Agenda`](super::Agenda).
//!
//! Node layout: commitment `i` (in id order) is node `i`; programme `p` (in
//! id order) has two gate nodes, `start(p) = C + 2p` and `done(p) = C + 2p +
//! 1`, where `C` is the number of commitments. Membership edges run
//! `start(p) -> c -> done(p)` for every commitment `c` of `p` (or
//! `start(p) -> done(p)` when `p` has none). A dependency maps its
//! prerequisite to `c` or `done(p)` and its dependent to `c` or `start(p)`,
//! so "a programme stands for all of its commitments" falls out of plain
//! reachability. The graph is never shrunk, so indices stay valid. The
//! transitive queries walk a copy of the *requires* and membership edges
//! in which commitment `i` is numbered `rank[i]`, its position in the
//! deadline order ([`Graph::ranked_walks`]).

use std::cell::RefCell;
use std::collections::HashSet;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

/// What an edge is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EdgeKind {
    /// `start(p) -> c` or `c -> done(p)`.
    Member,
    /// A *requires* dependency.
    Requires,
    /// A *conditional on* dependency.
    Conditional,
    /// A *related* dependency.
    Related,
}

/// An edge: its kind and, for dependencies, the dependency's index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Edge {
    pub(crate) kind: EdgeKind,
    pub(crate) dependency: u32,
}

/// Which dependency kinds a traversal follows (membership edges are always
/// followed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Follow {
    /// Follow *requires* edges.
    pub requires: bool,
    /// Follow *conditional on* edges.
    pub conditions: bool,
    /// Follow *related* edges.
    pub related: bool,
}

impl Follow {
    /// Only *requires* edges: what must be done first. The default for
    /// prerequisite and dependent queries.
    pub const REQUIRES: Follow = Follow {
        requires: true,
        conditions: false,
        related: false,
    };
    /// *Requires* and *conditional on* edges: what must be done first and
    /// what some state demands first.
    pub const REQUIRES_AND_CONDITIONS: Follow = Follow {
        requires: true,
        conditions: true,
        related: false,
    };
    /// Every kind of edge, context included.
    pub const ALL: Follow = Follow {
        requires: true,
        conditions: true,
        related: true,
    };

    pub(crate) fn allows(self, kind: EdgeKind) -> bool {
        match kind {
            EdgeKind::Member => true,
            EdgeKind::Requires => self.requires,
            EdgeKind::Conditional => self.conditions,
            EdgeKind::Related => self.related,
        }
    }
}

/// A graph node, decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    Commitment(usize),
    Start(usize),
    Done(usize),
}

#[derive(Clone, Debug)]
#[allow(clippy::struct_field_names)]
pub(crate) struct Graph {
    pub(crate) graph: DiGraph<(), Edge, u32>,
    pub(crate) commitments: usize,
    /// The *requires* and membership edges again, as compact adjacency
    /// arrays per direction: what most queries walk, without petgraph's
    /// linked lists or a filter by kind. Built by [`Graph::finish`].
    requires_out: Csr,
    requires_in: Csr,
    /// The *conditional on* edges by source, in the same form: with
    /// `requires_out`, the outgoing *requires*-and-conditions adjacency the
    /// component queries walk.
    conditions_out: Csr,
    /// The *conditional on* edges by target: with `requires_in`, the
    /// incoming *requires*-and-conditions adjacency, which the component
    /// queries walk backwards from the conditions' sources.
    conditions_in: Csr,
    /// A topological order of the *requires* and membership edges, found
    /// by the build's cycle check (empty until then, or if they have a
    /// cycle).
    requires_order: Vec<NodeIndex>,
    /// Every *requires* dependency edge once, as (prerequisite node,
    /// dependent node, dependency index), in the order the edges were
    /// added (dependency order): what the deadline-conflict scan reads,
    /// without petgraph's edge records or the membership edges. Built by
    /// [`Graph::finish`] (`None` until then).
    requires_edges: Option<Vec<RequiresEdge>>,
    /// The *requires* and membership adjacency once more, for the
    /// transitive queries, outgoing and incoming, with every
    /// commitment numbered by its rank in the deadline order (gates keep
    /// their numbers) and the edges into gates that lead nowhere further
    /// in that direction left out. A walk over these finds its answer
    /// already in deadline order, in its own visited set. Built by
    /// [`Graph::ranked_walks`] (empty until then).
    ranked: RankedWalks,
}

/// A *requires* dependency edge of [`Graph::requires_edges`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RequiresEdge {
    /// The prerequisite end's node.
    pub(crate) from: u32,
    /// The dependent end's node.
    pub(crate) to: u32,
    /// The dependency's index in the agenda.
    pub(crate) dependency: u32,
}

/// The *requires* and membership adjacency as the transitive queries
/// walk it, outgoing and incoming: see [`Graph::ranked_walks`].
#[derive(Clone, Debug, Default)]
pub(crate) struct RankedWalks {
    out: Csr,
    into: Csr,
}

impl RankedWalks {
    /// The adjacency to walk in direction `dir`.
    fn toward(&self, dir: Direction) -> &Csr {
        match dir {
            Direction::Outgoing => &self.out,
            Direction::Incoming => &self.into,
        }
    }
}

/// A node's index as the compact arrays hold it.
pub(crate) fn index(n: NodeIndex) -> u32 {
    u32::try_from(n.index()).unwrap_or(u32::MAX)
}

/// Where each node of a [`Graph`] is: the commitments first, by index,
/// then each programme's start and done gates. A copy, so the edges can be
/// listed apart from the graph (see [`RequiresArrays::of`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    commitments: usize,
    nodes: usize,
}

impl Layout {
    /// The layout of a graph of `commitments` commitments and `programmes`
    /// programmes, as [`Graph::with_capacity`] lays it out.
    pub(crate) fn new(commitments: usize, programmes: usize) -> Self {
        Layout {
            commitments,
            nodes: commitments + 2 * programmes,
        }
    }

    /// How many nodes there are.
    pub(crate) fn nodes(self) -> usize {
        self.nodes
    }

    /// Commitment `c`'s node (its index: commitments come first).
    #[allow(clippy::unused_self)]
    pub(crate) fn commitment(self, c: usize) -> NodeIndex {
        NodeIndex::new(c)
    }

    /// Programme `p`'s start gate.
    pub(crate) fn start(self, p: usize) -> NodeIndex {
        NodeIndex::new(self.commitments + 2 * p)
    }

    /// Programme `p`'s done gate.
    pub(crate) fn done(self, p: usize) -> NodeIndex {
        NodeIndex::new(self.commitments + 2 * p + 1)
    }
}

/// The compact arrays of the *requires* and membership edges, outgoing
/// and incoming, as [`Graph::finish`] keeps them.
#[derive(Debug)]
pub(crate) struct RequiresArrays {
    out: Csr,
    into: Csr,
}

impl RequiresArrays {
    /// From the *requires* and membership edges over `nodes` nodes as
    /// `(from, to)` pairs of node indices, in the order they are (or will
    /// be) added to the graph: that order is each node's order of
    /// neighbours, so arrays made from the same edges in the same order,
    /// here or in [`Graph::finish`], are the same.
    pub(crate) fn of(nodes: usize, mut pairs: Vec<(u32, u32)>) -> Self {
        let out = Csr::build(nodes, &pairs);
        for p in &mut pairs {
            *p = (p.1, p.0);
        }
        RequiresArrays {
            out,
            into: Csr::build(nodes, &pairs),
        }
    }
}

/// The name [`Csr::relabelled`] gives a node whose incoming edges it drops.
const DROPPED: u32 = u32::MAX;

/// Compressed adjacency: the neighbours of node `v` are
/// `targets[offsets[v]..offsets[v + 1]]`.
#[derive(Clone, Debug, Default)]
struct Csr {
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl Csr {
    /// From `(from, to)` pairs over `n` nodes, keeping their order per node.
    fn build(n: usize, pairs: &[(u32, u32)]) -> Csr {
        let mut offsets = vec![0u32; n + 1];
        for &(from, _) in pairs {
            if let Some(o) = offsets.get_mut(from as usize + 1) {
                *o += 1;
            }
        }
        for i in 0..n {
            let before = offsets.get(i).copied().unwrap_or(0);
            if let Some(o) = offsets.get_mut(i + 1) {
                *o += before;
            }
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; pairs.len()];
        for &(from, to) in pairs {
            if let Some(at) = fill.get_mut(from as usize) {
                if let Some(t) = targets.get_mut(*at as usize) {
                    *t = to;
                }
                *at += 1;
            }
        }
        Csr { offsets, targets }
    }

    /// This adjacency with node `v` renamed `names[v]` (a permutation of
    /// the nodes, but for [`DROPPED`]) and the edges into a node named
    /// [`DROPPED`] left out; each node's targets in their order here.
    fn relabelled(&self, names: &[u32]) -> Csr {
        let n = self.offsets.len().saturating_sub(1);
        let name = |v: usize| names.get(v).copied().unwrap_or(DROPPED);
        let kept = |v: usize| {
            self.of(v)
                .iter()
                .map(|&m| name(m as usize))
                .filter(|&m| m != DROPPED)
        };
        let mut offsets = vec![0u32; n + 1];
        for v in 0..n {
            if let Some(o) = offsets.get_mut(name(v) as usize + 1) {
                *o = u32::try_from(kept(v).count()).unwrap_or(u32::MAX);
            }
        }
        for i in 0..n {
            let before = offsets.get(i).copied().unwrap_or(0);
            if let Some(o) = offsets.get_mut(i + 1) {
                *o += before;
            }
        }
        let mut targets = vec![0u32; offsets.get(n).copied().unwrap_or(0) as usize];
        for v in 0..n {
            let at = offsets.get(name(v) as usize).copied().unwrap_or(0) as usize;
            for (slot, m) in targets
                .get_mut(at..)
                .unwrap_or(&mut [])
                .iter_mut()
                .zip(kept(v))
            {
                *slot = m;
            }
        }
        Csr { offsets, targets }
    }

    fn of(&self, v: usize) -> &[u32] {
        let (Some(&a), Some(&b)) = (self.offsets.get(v), self.offsets.get(v + 1)) else {
            return &[];
        };
        self.targets.get(a as usize..b as usize).unwrap_or(&[])
    }
}

/// The neighbours of a node: from the compact arrays, or petgraph's edge
/// list filtered by kind.
pub(crate) enum Neighbours<'a> {
    Compact(std::slice::Iter<'a, u32>),
    /// Two compact lists, one after the other.
    Compact2(std::iter::Chain<std::slice::Iter<'a, u32>, std::slice::Iter<'a, u32>>),
    Edges(
        petgraph::graph::Edges<'a, Edge, petgraph::Directed, u32>,
        Direction,
        Follow,
    ),
}

impl Iterator for Neighbours<'_> {
    type Item = NodeIndex;

    fn next(&mut self) -> Option<NodeIndex> {
        match self {
            Neighbours::Compact(it) => it.next().map(|&v| NodeIndex::new(v as usize)),
            Neighbours::Compact2(it) => it.next().map(|&v| NodeIndex::new(v as usize)),
            Neighbours::Edges(edges, dir, follow) => edges
                .by_ref()
                .find(|e| follow.allows(e.weight().kind))
                .map(|e| {
                    if *dir == Direction::Outgoing {
                        e.target()
                    } else {
                        e.source()
                    }
                }),
        }
    }
}

impl Graph {
    pub(crate) fn with_capacity(commitments: usize, programmes: usize, edges: usize) -> Self {
        let nodes = commitments + 2 * programmes;
        let mut graph = DiGraph::with_capacity(nodes, edges + commitments * 2 + programmes);
        for _ in 0..nodes {
            graph.add_node(());
        }
        Graph {
            graph,
            commitments,
            requires_out: Csr::default(),
            requires_in: Csr::default(),
            conditions_out: Csr::default(),
            conditions_in: Csr::default(),
            requires_order: Vec::new(),
            requires_edges: None,
            ranked: RankedWalks::default(),
        }
    }

    /// Where this graph's nodes are.
    pub(crate) fn layout(&self) -> Layout {
        Layout {
            commitments: self.commitments,
            nodes: self.graph.node_count(),
        }
    }

    /// Builds the compact arrays once every edge is added: first those of
    /// the *conditional on* edges and the list of *requires* edges, then
    /// asks `given` for the *requires* arrays, which another thread may be
    /// making meanwhile from the same edges in the same order (see
    /// [`RequiresArrays::of`]); if it has none, or none sized for this
    /// graph, they are made here.
    pub(crate) fn finish(&mut self, given: impl FnOnce() -> Option<RequiresArrays>) {
        let graph = &self.graph;
        let others = || {
            let mut conditions: Vec<(u32, u32)> = graph
                .raw_edges()
                .iter()
                .filter(|e| e.weight.kind == EdgeKind::Conditional)
                .map(|e| (index(e.source()), index(e.target())))
                .collect();
            let out = Csr::build(graph.node_count(), &conditions);
            for p in &mut conditions {
                *p = (p.1, p.0);
            }
            let into = Csr::build(graph.node_count(), &conditions);
            let requires_edges: Vec<RequiresEdge> = graph
                .raw_edges()
                .iter()
                .filter(|e| e.weight.kind == EdgeKind::Requires)
                .map(|e| RequiresEdge {
                    from: index(e.source()),
                    to: index(e.target()),
                    dependency: e.weight.dependency,
                })
                .collect();
            (out, into, requires_edges)
        };
        let requires = || {
            let pairs: Vec<(u32, u32)> = graph
                .raw_edges()
                .iter()
                .filter(|e| Follow::REQUIRES.allows(e.weight.kind))
                .map(|e| (index(e.source()), index(e.target())))
                .collect();
            RequiresArrays::of(graph.node_count(), pairs)
        };
        let (conditions_out, conditions_in, edges) = others();
        let n = graph.node_count() + 1;
        let requires = given()
            .filter(|g| g.out.offsets.len() == n && g.into.offsets.len() == n)
            .unwrap_or_else(requires);
        self.requires_out = requires.out;
        self.requires_in = requires.into;
        self.conditions_out = conditions_out;
        self.conditions_in = conditions_in;
        self.requires_edges = Some(edges);
    }

    /// The compact adjacency of the *requires* and membership edges in
    /// direction `dir`, as its `(offsets, targets)` arrays: the neighbours
    /// of node `v` are `targets[offsets[v]..offsets[v + 1]]`. `None` until
    /// [`Graph::finish`] has built them.
    pub(crate) fn requires_arrays(&self, dir: Direction) -> Option<(&[u32], &[u32])> {
        let csr = if dir == Direction::Outgoing {
            &self.requires_out
        } else {
            &self.requires_in
        };
        (csr.offsets.len() == self.graph.node_count() + 1)
            .then_some((csr.offsets.as_slice(), csr.targets.as_slice()))
    }

    /// Every *requires* dependency edge, in the order added; `None` until
    /// [`Graph::finish`] has listed them.
    pub(crate) fn requires_edges(&self) -> Option<&[RequiresEdge]> {
        self.requires_edges.as_deref()
    }

    /// The adjacency the transitive queries walk ([`Graph::ranked`]) for
    /// the commitments' ranks `rank` (`rank[c]` is commitment `c`'s
    /// position in the deadline order); empty if the compact arrays are
    /// not built or `rank` does not match.
    pub(crate) fn ranked_walks(&self, rank: &[u32]) -> RankedWalks {
        let c = self.commitments;
        let n = self.graph.node_count();
        if rank.len() != c || self.requires_out.offsets.len() != n + 1 {
            return RankedWalks::default();
        }
        let [out, into] = [&self.requires_out, &self.requires_in].map(|csr| {
            // A gate with nowhere to go in this direction adds nothing to
            // an answer: the walk need not visit it.
            let names: Vec<u32> = rank
                .iter()
                .copied()
                .chain((c..n).map(|g| {
                    if csr.of(g).is_empty() {
                        DROPPED
                    } else {
                        u32::try_from(g).unwrap_or(DROPPED)
                    }
                }))
                .collect();
            csr.relabelled(&names)
        });
        RankedWalks { out, into }
    }

    /// Keeps `walks`, which [`Graph::ranked_walks`] made from this graph.
    pub(crate) fn set_ranked_walks(&mut self, walks: RankedWalks) {
        self.ranked = walks;
    }

    pub(crate) fn commitment(&self, c: usize) -> NodeIndex {
        self.layout().commitment(c)
    }

    pub(crate) fn start(&self, p: usize) -> NodeIndex {
        self.layout().start(p)
    }

    pub(crate) fn done(&self, p: usize) -> NodeIndex {
        self.layout().done(p)
    }

    pub(crate) fn decode(&self, n: NodeIndex) -> Node {
        let i = n.index();
        if i < self.commitments {
            Node::Commitment(i)
        } else {
            let g = i - self.commitments;
            if g % 2 == 0 {
                Node::Start(g / 2)
            } else {
                Node::Done(g / 2)
            }
        }
    }

    pub(crate) fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Adds an edge; both ends exist by construction of the node layout.
    pub(crate) fn add(&mut self, a: NodeIndex, b: NodeIndex, edge: Edge) {
        self.graph.add_edge(a, b, edge);
    }

    /// The neighbours of `n` in direction `dir` over edges `follow` allows:
    /// from the compact arrays for *requires* (either direction) and for
    /// *requires* and conditions (outgoing), else petgraph's edge list
    /// filtered by kind.
    pub(crate) fn neighbours(
        &self,
        n: NodeIndex,
        dir: Direction,
        follow: Follow,
    ) -> Neighbours<'_> {
        let built = self.requires_out.offsets.len() == self.graph.node_count() + 1;
        if follow == Follow::REQUIRES_AND_CONDITIONS
            && dir == Direction::Outgoing
            && built
            && self.conditions_out.offsets.len() == self.graph.node_count() + 1
        {
            let v = n.index();
            Neighbours::Compact2(
                self.requires_out
                    .of(v)
                    .iter()
                    .chain(self.conditions_out.of(v).iter()),
            )
        } else if follow == Follow::REQUIRES && built {
            let csr = if dir == Direction::Outgoing {
                &self.requires_out
            } else {
                &self.requires_in
            };
            Neighbours::Compact(csr.of(n.index()).iter())
        } else {
            Neighbours::Edges(self.graph.edges_directed(n, dir), dir, follow)
        }
    }

    /// The compact incoming adjacency of the *requires* and membership
    /// edges and of the *conditional on* edges of node `v`, as two lists of
    /// node indices; `None` until [`Graph::finish`] has built them.
    pub(crate) fn requires_and_conditions_in(&self, v: usize) -> Option<(&[u32], &[u32])> {
        let n = self.graph.node_count() + 1;
        (self.requires_in.offsets.len() == n && self.conditions_in.offsets.len() == n)
            .then(|| (self.requires_in.of(v), self.conditions_in.of(v)))
    }

    /// The nodes a *conditional on* edge leaves, ascending, once each:
    /// every cycle passes through one. Empty until [`Graph::finish`].
    pub(crate) fn condition_sources(&self) -> impl Iterator<Item = usize> + '_ {
        self.conditions_out
            .offsets
            .windows(2)
            .enumerate()
            .filter_map(|(v, w)| match w {
                [a, b] if a < b => Some(v),
                _ => None,
            })
    }

    /// Every node reachable from `seeds` in direction `dir` (not counting a
    /// seed unless it is reached again): a visited set and the list of
    /// visited nodes. Iterative; costs the nodes and edges visited, plus a
    /// bit per node for the set.
    pub(crate) fn reach_with_list(
        &self,
        seeds: &[NodeIndex],
        dir: Direction,
        follow: Follow,
    ) -> (Bits, Vec<NodeIndex>) {
        let mut seen = Bits::new(self.node_count());
        let mut visited = Vec::new();
        let mut stack: Vec<NodeIndex> = seeds.to_vec();
        while let Some(n) = stack.pop() {
            for m in self.neighbours(n, dir, follow) {
                if seen.insert(m.index()) {
                    visited.push(m);
                    stack.push(m);
                }
            }
        }
        (seen, visited)
    }

    /// The commitments reachable from `seeds` in direction `dir` (not
    /// counting a seed unless it is reached again), without repeats, in
    /// the order of `rank` (a permutation of the commitment indices, with
    /// `by_rank` its inverse: `by_rank[rank[c]] == c`), each passed through
    /// `pick`.
    ///
    /// No sort: each commitment found sets bit `rank[c]` of a bitmap over
    /// ranks (and a summary bit for its 64-bit word), and the answer is
    /// read by scanning the set bits in order. Over *requires* edges the
    /// walk runs on [`Graph::ranked`], where a commitment's number is its
    /// rank, so the visited set is that bitmap and no rank is looked up.
    /// Both bitmaps and the visited set are scratch space kept per thread
    /// and cleared as they are read, so a call costs the nodes and edges it
    /// visits plus one summary bit per 4,096 commitments, not a fresh bit
    /// per node of the graph. `rank` and `by_rank` come in pairs from
    /// `Ranks::of`, and [`Graph::ranked`] is made from the same `rank`
    /// (`Agenda::set_ranks`), so all three always match.
    pub(crate) fn reach_commitments<'a, T: 'a>(
        &self,
        seeds: &[NodeIndex],
        dir: Direction,
        follow: Follow,
        rank: &[u32],
        by_rank: &[u32],
        pick: impl Fn(usize) -> Option<T>,
    ) -> Vec<T> {
        thread_local! {
            static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
        }
        let run = |scratch: &mut Scratch| {
            scratch.prepare(self.node_count(), self.commitments);
            let ranked = self.ranked.toward(dir);
            if follow == Follow::REQUIRES && ranked.offsets.len() == self.node_count() + 1 {
                let c = self.commitments;
                let renamed: Vec<NodeIndex> = seeds
                    .iter()
                    .map(|s| match rank.get(s.index()) {
                        Some(&r) if s.index() < c => NodeIndex::new(r as usize),
                        _ => *s,
                    })
                    .collect();
                scratch.seed(&renamed);
                let len = scratch.walk_csr(ranked);
                let count = scratch.finish_ranked(len, c);
                return scratch.read_seen(count, by_rank, &pick);
            }
            // Other kinds of edge (or no arrays yet): the general walk.
            scratch.seed(seeds);
            scratch.walk(|v| {
                self.neighbours(NodeIndex::new(v), dir, follow)
                    .map(|m| u32::try_from(m.index()).unwrap_or(u32::MAX))
            });
            let count = scratch.finish(self.commitments, rank);
            scratch.read_ranked(count, by_rank, &pick)
        };
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => run(&mut scratch),
            // Not reached (the walk calls nothing that walks again), but
            // fresh scratch space is always correct.
            Err(_) => run(&mut Scratch::default()),
        })
    }

    /// The visited set of [`Graph::reach_with_list`].
    pub(crate) fn reach(&self, seeds: &[NodeIndex], dir: Direction, follow: Follow) -> Bits {
        self.reach_with_list(seeds, dir, follow).0
    }

    /// The commitments one dependency edge away from `seeds`, passing
    /// through programme gates without stopping; sorted, without repeats.
    ///
    /// Costs only the edges it walks, plus sorting what it finds: no
    /// per-call bitmap of the whole graph, and a hash set of the gates
    /// visited, so a long chain of programmes without commitments is walked
    /// in linear time (a list scanned per gate made it quadratic).
    pub(crate) fn adjacent_commitments(
        &self,
        seeds: &[NodeIndex],
        dir: Direction,
        follow: Follow,
    ) -> Vec<usize> {
        let mut gates: HashSet<NodeIndex> = HashSet::new();
        let mut found = Vec::new();
        let mut stack: Vec<NodeIndex> = seeds.to_vec();
        while let Some(n) = stack.pop() {
            for m in self.neighbours(n, dir, follow) {
                match self.decode(m) {
                    Node::Commitment(c) => found.push(c),
                    Node::Start(_) | Node::Done(_) => {
                        if gates.insert(m) {
                            stack.push(m);
                        }
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

impl Graph {
    /// Keeps `order`, a topological order of the *requires* and membership
    /// edges, for [`Graph::requires_order`].
    pub(crate) fn set_requires_order(&mut self, order: Vec<NodeIndex>) {
        self.requires_order = order;
    }

    /// Some topological order of the *requires* and membership edges (not
    /// necessarily [`Graph::topological`]'s): the one the build kept, or
    /// one computed now. `None` if those edges form a cycle.
    pub(crate) fn requires_order(&self) -> Option<std::borrow::Cow<'_, [NodeIndex]>> {
        if self.requires_order.len() == self.node_count() {
            Some(std::borrow::Cow::Borrowed(&self.requires_order))
        } else {
            self.topological(Follow::REQUIRES)
                .map(std::borrow::Cow::Owned)
        }
    }

    /// Every node in a topological order of the edges `follow` allows
    /// (Kahn's algorithm, smallest index first among the free nodes, so the
    /// order is deterministic). `None` if those edges form a cycle.
    /// O(V + E).
    pub(crate) fn topological(&self, follow: Follow) -> Option<Vec<NodeIndex>> {
        let n = self.node_count();
        let mut indegree = vec![0u32; n];
        for i in 0..n {
            for m in self.neighbours(NodeIndex::new(i), Direction::Outgoing, follow) {
                if let Some(d) = indegree.get_mut(m.index()) {
                    *d += 1;
                }
            }
        }
        let mut stack: Vec<NodeIndex> = (0..n)
            .rev()
            .filter(|&i| indegree.get(i) == Some(&0))
            .map(NodeIndex::new)
            .collect();
        let mut order = Vec::with_capacity(n);
        while let Some(v) = stack.pop() {
            order.push(v);
            for m in self.neighbours(v, Direction::Outgoing, follow) {
                if let Some(d) = indegree.get_mut(m.index()) {
                    *d -= 1;
                    if *d == 0 {
                        stack.push(m);
                    }
                }
            }
        }
        (order.len() == n).then_some(order)
    }
}

/// Scratch space of [`Graph::reach_commitments`], kept per thread. Every
/// bitmap is all zeros between calls.
#[derive(Default)]
struct Scratch {
    /// The nodes visited, one bit per node.
    seen: Vec<u64>,
    /// The commitments found, one bit per rank.
    ranks: Vec<u64>,
    /// One bit per word of `ranks`: whether it has a bit set.
    summary: Vec<u64>,
    /// For [`Scratch::walk`], the seeds, then every node visited, in the
    /// order visited: the walk's work list, read from the front, and what
    /// to clear after; for [`Scratch::walk_csr`], only the seeds.
    queue: Vec<u32>,
    /// Where [`Scratch::walk_csr`] builds its queue, each node with its
    /// span of the adjacency targets: as long as the longest walk so far
    /// needed, never cleared.
    room: Vec<[u32; 3]>,
    /// How many of `queue`'s first entries are the seeds.
    seeds: usize,
}

impl Scratch {
    /// Sizes the bitmaps for a graph of `nodes` nodes and `commitments`
    /// commitments (they only grow, and stay zero).
    fn prepare(&mut self, nodes: usize, commitments: usize) {
        let words = nodes.div_ceil(64);
        if self.seen.len() < words {
            self.seen.resize(words, 0);
        }
        let words = commitments.div_ceil(64);
        if self.ranks.len() < words {
            self.ranks.resize(words, 0);
        }
        let summary = words.div_ceil(64);
        if self.summary.len() < summary {
            self.summary.resize(summary, 0);
        }
        self.queue.clear();
    }

    /// Puts the seeds at the front of the queue.
    fn seed(&mut self, seeds: &[NodeIndex]) {
        self.queue.extend(
            seeds
                .iter()
                .map(|s| u32::try_from(s.index()).unwrap_or(u32::MAX)),
        );
        self.seeds = self.queue.len();
    }

    /// Marks node `m` visited; whether it was new.
    fn visit(&mut self, m: u32) -> bool {
        let i = m as usize;
        let Some(word) = self.seen.get_mut(i / 64) else {
            return false;
        };
        let bit = 1u64 << (i % 64);
        let new = *word & bit == 0;
        *word |= bit;
        new
    }

    /// Visits every node reachable from the seeds through `next` (a node's
    /// neighbours), leaving them in `queue` after the seeds.
    fn walk<I: Iterator<Item = u32>>(&mut self, next: impl Fn(usize) -> I) {
        let mut head = 0;
        while let Some(&v) = self.queue.get(head) {
            head += 1;
            for m in next(v as usize) {
                if self.visit(m) {
                    self.queue.push(m);
                }
            }
        }
    }

    /// [`Scratch::walk`] over compact adjacency arrays, leaving the seeds
    /// and then every node visited in `room`; returns how many entries
    /// that is. A node's span of `csr.targets` is looked up when the node
    /// is queued and kept beside it, so that lookup (a likely cache miss on
    /// a large graph) overlaps the rest of the walk instead of stalling it
    /// when the node's turn comes.
    fn walk_csr(&mut self, csr: &Csr) -> usize {
        let span = |v: u32| {
            let (a, b) = match csr.offsets.get(v as usize..v as usize + 2) {
                Some(&[a, b]) => (a, b),
                _ => (0, 0),
            };
            [v, a, b]
        };
        // Each neighbour is written at the end of the queue whether new or
        // not and the end moves only if it was new: no branch to mispredict
        // per neighbour, only per node. So before a node's neighbours are
        // read, `room` is made long enough for all of them; it grows with
        // the walks (to at most the seeds, every node once and one node's
        // neighbours), not to the graph's size on the first call.
        let most = self.queue.len() + csr.offsets.len().saturating_sub(1);
        let grow = |room: &mut Vec<[u32; 3]>, needed: usize| {
            let size = needed.max((room.len() * 2).max(64).min(most));
            room.resize(size, [0; 3]);
        };
        let mut room = std::mem::take(&mut self.room);
        if room.len() < self.queue.len() {
            grow(&mut room, self.queue.len());
        }
        let seen = self.seen.as_mut_slice();
        let mut slots = room.as_mut_slice();
        let mut len = 0;
        for (slot, &v) in slots.iter_mut().zip(&self.queue) {
            *slot = span(v);
            len += 1;
        }
        let mut head = 0;
        while head < len {
            let Some(&[_, a, b]) = slots.get(head) else {
                break;
            };
            head += 1;
            let targets = csr.targets.get(a as usize..b as usize).unwrap_or(&[]);
            if len + targets.len() > slots.len() {
                grow(&mut room, len + targets.len());
                slots = room.as_mut_slice();
            }
            for &m in targets {
                let i = m as usize;
                let Some(word) = seen.get_mut(i / 64) else {
                    continue;
                };
                let bit = 1u64 << (i % 64);
                let new = usize::from(*word & bit == 0);
                *word |= bit;
                if let Some(slot) = slots.get_mut(len) {
                    *slot = span(m);
                }
                len += new;
            }
        }
        self.room = room;
        len
    }

    /// After a walk: clears the visited set, and sets the rank bit (and
    /// summary bit) of each commitment found. Returns how many commitments
    /// the walk found.
    fn finish(&mut self, commitments: usize, rank: &[u32]) -> usize {
        for &i in &self.queue {
            if let Some(word) = self.seen.get_mut(i as usize / 64) {
                *word = 0;
            }
        }
        let found = self.queue.get(self.seeds..).unwrap_or(&[]);
        let mut count = 0;
        for &i in found {
            let i = i as usize;
            if i >= commitments {
                continue;
            }
            count += 1;
            if let Some(&r) = rank.get(i) {
                let r = r as usize;
                if let Some(w) = self.ranks.get_mut(r / 64) {
                    *w |= 1u64 << (r % 64);
                }
                if let Some(w) = self.summary.get_mut(r / 4096) {
                    *w |= 1u64 << ((r / 64) % 64);
                }
            }
        }
        count
    }

    /// After a walk over [`Graph::ranked`], where commitments are numbered
    /// by rank, of `len` entries of `room` ([`Scratch::walk_csr`]): clears
    /// the visited bits of the gates found, and sets the summary bit of
    /// each commitment found, whose visited bit stays for
    /// [`Scratch::read_seen`]. Returns how many commitments the walk found.
    fn finish_ranked(&mut self, len: usize, commitments: usize) -> usize {
        let found = self.room.get(self.seeds..len).unwrap_or(&[]);
        let mut count = 0;
        for &[i, _, _] in found {
            let i = i as usize;
            if i < commitments {
                count += 1;
                if let Some(w) = self.summary.get_mut(i / 4096) {
                    *w |= 1u64 << ((i / 64) % 64);
                }
            } else if let Some(word) = self.seen.get_mut(i / 64) {
                *word &= !(1u64 << (i % 64));
            }
        }
        count
    }

    /// The `count` commitments whose visited bits are set, in rank order
    /// through `by_rank`, clearing the bits as it reads them.
    fn read_seen<T>(
        &mut self,
        count: usize,
        by_rank: &[u32],
        pick: impl Fn(usize) -> Option<T>,
    ) -> Vec<T> {
        std::mem::swap(&mut self.seen, &mut self.ranks);
        let out = self.read_ranked(count, by_rank, pick);
        std::mem::swap(&mut self.seen, &mut self.ranks);
        out
    }

    /// The `count` commitments whose rank bits are set, in rank order
    /// through `by_rank`, clearing the bits as it reads them.
    fn read_ranked<T>(
        &mut self,
        count: usize,
        by_rank: &[u32],
        pick: impl Fn(usize) -> Option<T>,
    ) -> Vec<T> {
        let mut out = Vec::with_capacity(count);
        if count == 0 {
            return out;
        }
        let mut left = count;
        for (s, summary) in self.summary.iter_mut().enumerate() {
            let mut words = std::mem::take(summary);
            while words != 0 {
                let w = s * 64 + words.trailing_zeros() as usize;
                words &= words - 1;
                let Some(word) = self.ranks.get_mut(w) else {
                    continue;
                };
                let mut bits = std::mem::take(word);
                left = left.saturating_sub(bits.count_ones() as usize);
                while bits != 0 {
                    let r = w * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if let Some(t) = by_rank.get(r).and_then(|&c| pick(c as usize)) {
                        out.push(t);
                    }
                }
            }
            if left == 0 {
                break;
            }
        }
        out
    }
}

/// A fixed-size set of node indices, one bit each.
#[derive(Clone, Debug)]
pub(crate) struct Bits {
    words: Vec<u64>,
}

impl Bits {
    pub(crate) fn new(size: usize) -> Self {
        Bits {
            words: vec![0; size.div_ceil(64)],
        }
    }

    /// Adds `i`; whether it was new. Indices past the size are ignored.
    pub(crate) fn insert(&mut self, i: usize) -> bool {
        let Some(word) = self.words.get_mut(i / 64) else {
            return false;
        };
        let bit = 1u64 << (i % 64);
        let new = *word & bit == 0;
        *word |= bit;
        new
    }

    pub(crate) fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }
}
