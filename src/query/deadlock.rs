//! Where the sides block each other: cycles of conditions.

use std::collections::BTreeSet;

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::Agenda;
use crate::agenda::graph::{EdgeKind, Follow};
use crate::dependency::{Dependency, DependencyKind};
use crate::ids::{NodeId, StateCode};

/// Components with at most this many *conditional on* edges get an exact
/// smallest breaking set; larger ones a greedy one.
pub const EXACT_BREAKING_SET_LIMIT: usize = 12;

/// At most this many cycles are listed per deadlock.
pub const CYCLE_LIST_LIMIT: usize = 256;

/// The DFS that lists cycles stops after this many steps per deadlock.
const CYCLE_SEARCH_STEPS: usize = 200_000;

/// One cycle of dependencies: each step's dependent is the next step's
/// prerequisite (or belongs to it, when the next step starts at the
/// programme), and the last step leads back to the first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle<'a> {
    /// The dependencies around the cycle, in order, starting at the one
    /// that comes first in the agenda's dependency order.
    pub steps: Vec<&'a Dependency>,
}

impl<'a> Cycle<'a> {
    /// The ids around the cycle: each step's prerequisite, in order.
    pub fn path(&self) -> Vec<&'a NodeId> {
        self.steps.iter().map(|d| &d.prerequisite).collect()
    }

    /// The states that demand a step of the cycle, sorted.
    pub fn demanded_by(&self) -> Vec<&'a StateCode> {
        demanders(self.steps.iter().copied())
    }

    /// Whether more than one state demands its steps: each side waits for
    /// the other.
    pub fn is_mutual(&self) -> bool {
        self.demanded_by().len() > 1
    }
}

fn demanders<'a>(steps: impl Iterator<Item = &'a Dependency>) -> Vec<&'a StateCode> {
    let set: BTreeSet<&StateCode> = steps
        .filter_map(|d| match &d.kind {
            DependencyKind::ConditionalOn { demanded_by } => Some(demanded_by),
            _ => None,
        })
        .collect();
    set.into_iter().collect()
}

/// A set of items caught in cycles of *conditional on* (and *requires*)
/// dependencies: a strongly connected component of the dependency graph.
/// Every cycle lies inside exactly one deadlock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadlock<'a> {
    /// The programmes and commitments in the component, sorted. A programme
    /// appears when a dependency names it as a whole.
    pub members: Vec<NodeId>,
    /// Its cycles, shortest first, then in dependency order (at most
    /// [`CYCLE_LIST_LIMIT`]).
    pub cycles: Vec<Cycle<'a>>,
    /// Whether `cycles` lists every elementary cycle of the component.
    pub all_cycles_listed: bool,
    /// The fewest *conditional on* dependencies whose removal breaks every
    /// cycle of the component (in dependency order).
    pub breaking_set: Vec<&'a Dependency>,
    /// Whether `breaking_set` is proven smallest (exact search, used when
    /// the component has at most [`EXACT_BREAKING_SET_LIMIT`] conditions)
    /// or found by a heuristic (greedy on moderate components; on large
    /// ones, every condition pointing backwards in a topological order of
    /// the *requires* edges, which is linear but not minimal).
    pub breaking_set_exact: bool,
    conditions: Vec<&'a Dependency>,
}

impl<'a> Deadlock<'a> {
    /// The states that demand a condition inside the component, sorted.
    pub fn demanded_by(&self) -> Vec<&'a StateCode> {
        demanders(self.conditions.iter().copied())
    }

    /// Whether more than one state demands conditions inside it.
    pub fn is_mutual(&self) -> bool {
        self.demanded_by().len() > 1
    }

    /// The *conditional on* dependencies inside the component, in
    /// dependency order.
    pub fn conditions(&self) -> &[&'a Dependency] {
        &self.conditions
    }
}

/// An edge inside a component: its graph ends and dependency index (none
/// for membership edges).
#[derive(Clone, Copy, Debug)]
struct Arc {
    from: usize,
    to: usize,
    dependency: Option<usize>,
    condition: bool,
}

impl Agenda {
    /// Every deadlock: each set of items tied together by cycles of
    /// *conditional on* and *requires* dependencies (programmes standing for
    /// their commitments), with its cycles, the states demanding each step,
    /// and the fewest conditions to drop to break them all.
    ///
    /// Ordered by their smallest member id. Finding the components is
    /// O(V + E) (an iterative Tarjan, safe on long chains); listing cycles
    /// and the breaking set are exponential in the worst case and so are
    /// bounded: at most [`CYCLE_LIST_LIMIT`] cycles per deadlock, an exact
    /// breaking set up to [`EXACT_BREAKING_SET_LIMIT`] conditions per
    /// component and a greedy one above (repeatedly drop the condition that
    /// lies on the most of the shortest cycles through the remaining
    /// conditions: O(C² (V + E)) for C conditions in the component), and,
    /// when that estimate passes 2·10⁷, a linear one (drop the conditions
    /// pointing backwards in a topological order of the *requires* edges).
    /// On a graph without cycles the whole call is O(V + E).
    ///
    /// # Example: the 2019 stalemate
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let deadlocks = agenda.deadlocks();
    /// let stalemate = &deadlocks[0];
    /// assert!(stalemate.is_mutual());
    /// let states: Vec<&str> = stalemate.demanded_by().iter().map(|s| s.as_str()).collect();
    /// assert_eq!(states, ["BY", "RU"]);
    /// ```
    pub fn deadlocks(&self) -> Vec<Deadlock<'_>> {
        let g = &self.graph;
        let follow = Follow::REQUIRES_AND_CONDITIONS;
        let n = g.node_count();
        let components = crate::scc::strongly_connected(
            n,
            |i| {
                g.neighbours(NodeIndex::new(i), Direction::Outgoing, follow)
                    .map(NodeIndex::index)
            },
            |_| true,
        );
        let mut deadlocks: Vec<Deadlock<'_>> = components
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|component| self.deadlock(&component))
            .collect();
        deadlocks.sort_by(|a, b| a.members.cmp(&b.members));
        deadlocks
    }

    fn deadlock(&self, component: &[usize]) -> Deadlock<'_> {
        let g = &self.graph;
        let inside = |v: usize| component.binary_search(&v).is_ok();
        let mut arcs = Vec::new();
        for &v in component {
            for e in g
                .graph
                .edges_directed(NodeIndex::new(v), Direction::Outgoing)
            {
                let w = e.target().index();
                let kind = e.weight().kind;
                if !inside(w) || !Follow::REQUIRES_AND_CONDITIONS.allows(kind) {
                    continue;
                }
                let dependency =
                    (kind != EdgeKind::Member).then_some(e.weight().dependency as usize);
                arcs.push(Arc {
                    from: v,
                    to: w,
                    dependency,
                    condition: kind == EdgeKind::Conditional,
                });
            }
        }
        arcs.sort_by_key(|a| (a.dependency.unwrap_or(usize::MAX), a.from, a.to));
        let mut members: Vec<NodeId> = component
            .iter()
            .filter_map(|&v| crate::agenda::node_id(self, g, NodeIndex::new(v)))
            .collect();
        members.sort();
        members.dedup();
        let conditions: Vec<usize> = (0..arcs.len())
            .filter(|&i| arcs.get(i).is_some_and(|a| a.condition))
            .collect();
        let (cycles, all_cycles_listed) = list_cycles(component, &arcs);
        let (breaking, breaking_set_exact) = breaking_set(component, &arcs, &conditions);
        let dep = |i: &usize| {
            arcs.get(*i)
                .and_then(|a| a.dependency)
                .and_then(|d| self.dependencies.get(d))
        };
        // Cycles as dependency indices, shortest first, then in dependency order.
        let mut cycles: Vec<Vec<usize>> = cycles
            .into_iter()
            .map(|arc_ids| {
                arc_ids
                    .iter()
                    .filter_map(|&a| arcs.get(a).and_then(|a| a.dependency))
                    .collect()
            })
            .collect();
        cycles.sort_by(|a: &Vec<usize>, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        let cycles: Vec<Cycle<'_>> = cycles
            .into_iter()
            .map(|c| Cycle {
                steps: c.iter().filter_map(|&d| self.dependencies.get(d)).collect(),
            })
            .collect();
        Deadlock {
            members,
            cycles,
            all_cycles_listed,
            breaking_set: breaking.iter().filter_map(dep).collect(),
            breaking_set_exact,
            conditions: conditions.iter().filter_map(dep).collect(),
        }
    }
}

/// Lists elementary cycles of the component as arc-index lists, each
/// rotated to start at its smallest dependency arc. Simple DFS from each
/// start node, visiting only larger nodes (each cycle found once, from its
/// smallest node), bounded by [`CYCLE_LIST_LIMIT`] and a step budget.
fn list_cycles(component: &[usize], arcs: &[Arc]) -> (Vec<Vec<usize>>, bool) {
    let local = |v: usize| component.binary_search(&v).ok();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); component.len()];
    for (i, a) in arcs.iter().enumerate() {
        if let Some(slot) = local(a.from).and_then(|f| out.get_mut(f)) {
            slot.push(i);
        }
    }
    let mut cycles = Vec::new();
    let mut steps = 0usize;
    let mut complete = true;
    let mut on_path = vec![false; component.len()];
    'starts: for s in 0..component.len() {
        // Stack of (node, next arc position) and the arcs taken.
        let mut stack: Vec<(usize, usize)> = vec![(s, 0)];
        let mut taken: Vec<usize> = Vec::new();
        if let Some(p) = on_path.get_mut(s) {
            *p = true;
        }
        while let Some(&(v, pos)) = stack.last() {
            steps += 1;
            if steps > CYCLE_SEARCH_STEPS || cycles.len() >= CYCLE_LIST_LIMIT {
                complete = false;
                for &(u, _) in &stack {
                    if let Some(p) = on_path.get_mut(u) {
                        *p = false;
                    }
                }
                break 'starts;
            }
            let Some(&arc) = out.get(v).and_then(|o| o.get(pos)) else {
                stack.pop();
                taken.pop();
                if let Some(p) = on_path.get_mut(v) {
                    *p = false;
                }
                continue;
            };
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            let Some(w) = arcs.get(arc).and_then(|a| local(a.to)) else {
                continue;
            };
            if w == s {
                let mut cycle = taken.clone();
                cycle.push(arc);
                cycles.push(cycle);
            } else if w > s && !on_path.get(w).copied().unwrap_or(true) {
                if let Some(p) = on_path.get_mut(w) {
                    *p = true;
                }
                stack.push((w, 0));
                taken.push(arc);
            }
        }
    }
    for cycle in &mut cycles {
        let first = cycle
            .iter()
            .enumerate()
            .filter(|(_, a)| arcs.get(**a).is_some_and(|a| a.dependency.is_some()))
            .min_by_key(|(_, a)| arcs.get(**a).and_then(|a| a.dependency))
            .map_or(0, |(i, _)| i);
        cycle.rotate_left(first);
        cycle.retain(|a| arcs.get(*a).is_some_and(|a| a.dependency.is_some()));
    }
    (cycles, complete)
}

/// Whether the component minus the `removed` arcs has a cycle (Kahn).
fn cyclic(component: &[usize], arcs: &[Arc], removed: &[bool]) -> bool {
    let local = |v: usize| component.binary_search(&v).ok();
    let mut indegree = vec![0usize; component.len()];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); component.len()];
    for (i, a) in arcs.iter().enumerate() {
        if removed.get(i).copied().unwrap_or(false) {
            continue;
        }
        if let (Some(f), Some(t)) = (local(a.from), local(a.to)) {
            if let Some(d) = indegree.get_mut(t) {
                *d += 1;
            }
            if let Some(o) = out.get_mut(f) {
                o.push(t);
            }
        }
    }
    let mut stack: Vec<usize> = (0..component.len())
        .filter(|&i| indegree.get(i) == Some(&0))
        .collect();
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        for &w in out.get(v).map_or(&[][..], Vec::as_slice) {
            if let Some(d) = indegree.get_mut(w) {
                *d -= 1;
                if *d == 0 {
                    stack.push(w);
                }
            }
        }
    }
    seen < component.len()
}

/// The fewest condition arcs whose removal leaves the component acyclic:
/// exact by increasing subset size up to the limit, greedy above.
fn breaking_set(component: &[usize], arcs: &[Arc], conditions: &[usize]) -> (Vec<usize>, bool) {
    let mut removed = vec![false; arcs.len()];
    if conditions.len() <= EXACT_BREAKING_SET_LIMIT {
        for k in 1..=conditions.len() {
            let mut pick: Vec<usize> = (0..k).collect();
            loop {
                for &p in &pick {
                    if let Some(r) = conditions.get(p).and_then(|&a| removed.get_mut(a)) {
                        *r = true;
                    }
                }
                let works = !cyclic(component, arcs, &removed);
                for &p in &pick {
                    if let Some(r) = conditions.get(p).and_then(|&a| removed.get_mut(a)) {
                        *r = false;
                    }
                }
                if works {
                    return (
                        pick.iter()
                            .filter_map(|&p| conditions.get(p).copied())
                            .collect(),
                        true,
                    );
                }
                if !next_combination(&mut pick, conditions.len()) {
                    break;
                }
            }
        }
        return (Vec::new(), true);
    }
    // The greedy search costs about C^2 (V + E); past a budget, fall back
    // to the linear ordering heuristic.
    let work = conditions
        .len()
        .saturating_mul(conditions.len())
        .saturating_mul(component.len() + arcs.len());
    if work > GREEDY_BUDGET {
        return (ordering_breaking_set(component, arcs), false);
    }
    // Greedy: drop the condition on the most shortest cycles, repeat.
    let mut chosen = Vec::new();
    while cyclic(component, arcs, &removed) {
        let mut count = vec![0usize; arcs.len()];
        for &c in conditions {
            if removed.get(c).copied().unwrap_or(true) {
                continue;
            }
            if let Some(cycle) = shortest_cycle_through(component, arcs, &removed, c) {
                for a in cycle {
                    if let Some(n) = count.get_mut(a) {
                        *n += 1;
                    }
                }
            }
        }
        let best = conditions
            .iter()
            .copied()
            .filter(|&c| !removed.get(c).copied().unwrap_or(true))
            .max_by(|&a, &b| count.get(a).cmp(&count.get(b)).then(b.cmp(&a)));
        let Some(best) = best.filter(|&b| count.get(b).copied().unwrap_or(0) > 0) else {
            break;
        };
        if let Some(r) = removed.get_mut(best) {
            *r = true;
        }
        chosen.push(best);
    }
    chosen.sort_unstable();
    (chosen, false)
}

/// Above this estimate of work (C^2 (V + E)), the greedy breaking set gives
/// way to [`ordering_breaking_set`].
const GREEDY_BUDGET: usize = 20_000_000;

/// A breaking set in O(V + E): order the component topologically by its
/// *requires* and membership arcs alone (acyclic by the agenda's
/// invariant), then drop every condition that points backwards in that
/// order. What remains follows the order, so it has no cycle. Not minimal.
fn ordering_breaking_set(component: &[usize], arcs: &[Arc]) -> Vec<usize> {
    let local = |v: usize| component.binary_search(&v).ok();
    let mut indegree = vec![0usize; component.len()];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); component.len()];
    for a in arcs.iter().filter(|a| !a.condition) {
        if let (Some(f), Some(t)) = (local(a.from), local(a.to)) {
            if let Some(d) = indegree.get_mut(t) {
                *d += 1;
            }
            if let Some(o) = out.get_mut(f) {
                o.push(t);
            }
        }
    }
    let mut position = vec![usize::MAX; component.len()];
    let mut stack: Vec<usize> = (0..component.len())
        .rev()
        .filter(|&i| indegree.get(i) == Some(&0))
        .collect();
    let mut next = 0;
    while let Some(v) = stack.pop() {
        if let Some(p) = position.get_mut(v) {
            *p = next;
        }
        next += 1;
        for &w in out.get(v).map_or(&[][..], Vec::as_slice) {
            if let Some(d) = indegree.get_mut(w) {
                *d -= 1;
                if *d == 0 {
                    stack.push(w);
                }
            }
        }
    }
    let at = |v: usize| {
        local(v)
            .and_then(|i| position.get(i).copied())
            .unwrap_or(usize::MAX)
    };
    (0..arcs.len())
        .filter(|&i| {
            arcs.get(i)
                .is_some_and(|a| a.condition && at(a.from) >= at(a.to))
        })
        .collect()
}

/// The next k-subset of `0..n` in lexicographic order.
fn next_combination(pick: &mut [usize], n: usize) -> bool {
    let k = pick.len();
    let mut i = k;
    while i > 0 {
        i -= 1;
        let limit = n - k + i;
        if pick.get(i).is_some_and(|&p| p < limit) {
            if let Some(p) = pick.get_mut(i) {
                *p += 1;
            }
            let base = pick.get(i).copied().unwrap_or(0);
            for (j, slot) in pick.iter_mut().enumerate().skip(i + 1) {
                *slot = base + (j - i);
            }
            return true;
        }
    }
    false
}

/// A shortest cycle through arc `through` (as arc indices), by BFS from its
/// head back to its tail over arcs not removed.
fn shortest_cycle_through(
    component: &[usize],
    arcs: &[Arc],
    removed: &[bool],
    through: usize,
) -> Option<Vec<usize>> {
    let local = |v: usize| component.binary_search(&v).ok();
    let first = arcs.get(through)?;
    let (start, goal) = (local(first.to)?, local(first.from)?);
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); component.len()];
    for (i, a) in arcs.iter().enumerate() {
        if !removed.get(i).copied().unwrap_or(false) {
            if let Some(o) = local(a.from).and_then(|f| out.get_mut(f)) {
                o.push(i);
            }
        }
    }
    let mut parent: Vec<Option<usize>> = vec![None; component.len()];
    let mut seen = vec![false; component.len()];
    let mut queue = std::collections::VecDeque::from([start]);
    if let Some(s) = seen.get_mut(start) {
        *s = true;
    }
    while let Some(v) = queue.pop_front() {
        if v == goal {
            let mut path = vec![through];
            let mut at = v;
            while let Some(arc) = parent.get(at).copied().flatten() {
                path.push(arc);
                at = local(arcs.get(arc)?.from)?;
            }
            return Some(path);
        }
        for &arc in out.get(v).map_or(&[][..], Vec::as_slice) {
            let Some(w) = arcs.get(arc).and_then(|a| local(a.to)) else {
                continue;
            };
            if !seen.get(w).copied().unwrap_or(true) {
                if let Some(s) = seen.get_mut(w) {
                    *s = true;
                }
                if let Some(p) = parent.get_mut(w) {
                    *p = Some(arc);
                }
                queue.push_back(w);
            }
        }
    }
    None
}
