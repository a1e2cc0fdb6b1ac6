//! Deadlines that cannot all be met: conflicts along *requires* edges,
//! deadline back-propagation, and deadlines before the instrument that sets
//! them.
// serde's derive hands `&Option<&Commitment>` to `serialize_with`.
#![allow(clippy::ref_option_ref)]

use serde::Serialize;
use std::ops::Range;

use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::Agenda;
use crate::agenda::graph::{EdgeKind, Follow, Graph, Node, RequiresEdge};
use crate::commitment::Commitment;
use crate::date::PartialDate;
use crate::dependency::Dependency;
use crate::ids::InstrumentId;
use crate::query::deadline_key;

/// A *requires* dependency whose prerequisite side is due after its
/// dependent side: one record per such dependency, however many
/// commitments its ends stand for.
///
/// A dependency's prerequisite *side* is the commitment it names, or the
/// commitments of the programme it names; a programme without commitments
/// (a milestone) stands for the commitments that reach it through
/// milestones. The dependent side likewise, forwards. The record reports
/// the worst pair of the two sides and, rather than listing every pair
/// (a programme-level dependency between two programmes of `n` commitments
/// each has up to `n * n`), counts how many of the named commitments at
/// each end take part, so a report stays proportional to the agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DeadlineConflict<'a> {
    /// The dependency.
    pub dependency: &'a Dependency,
    /// The prerequisite side's commitment due last: the last in deadline
    /// order (last allowed day, then first allowed day, then id).
    #[serde(serialize_with = "crate::query::refs::commitment")]
    pub prerequisite: &'a Commitment,
    /// The dependent side's commitment due first: the first in deadline
    /// order.
    #[serde(serialize_with = "crate::query::refs::commitment")]
    pub dependent: &'a Commitment,
    /// How many days after `dependent`'s deadline `prerequisite` is due
    /// (comparing the last days the wordings allow): the largest gap of any
    /// pair of the two sides; always positive.
    pub days: i64,
    /// How many of the commitments the prerequisite end names are due after
    /// `dependent` (1 for a commitment end; for a programme end, that many
    /// of its commitments; 0 for a milestone end, which names none).
    pub late_prerequisites: usize,
    /// How many of the commitments the dependent end names are due before
    /// `prerequisite` (as for `late_prerequisites`).
    pub early_dependents: usize,
}

/// The latest date a commitment can be done without making it or anything
/// that requires it late.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LatestDate<'a> {
    /// The commitment.
    #[serde(serialize_with = "crate::query::refs::commitment")]
    pub commitment: &'a Commitment,
    /// The latest date: the earliest last-allowed day among its own deadline
    /// and the deadlines of everything that transitively requires it; `None`
    /// when none of them is dated.
    pub latest: Option<NaiveDate>,
    /// The commitment whose deadline sets `latest` (itself, or a dependent).
    #[serde(serialize_with = "crate::query::refs::optional_commitment")]
    pub bound_by: Option<&'a Commitment>,
}

/// A commitment due before the instrument that sets it (directly, or
/// through its programme), for its deadline or a date a source gives as an
/// alternative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct InstrumentConflict<'a> {
    /// The commitment.
    #[serde(serialize_with = "crate::query::refs::commitment")]
    pub commitment: &'a Commitment,
    /// The date that falls before the instrument.
    pub date: PartialDate,
    /// Whether `date` is an alternative date rather than the deadline in
    /// force.
    pub alternative: bool,
    /// The instrument.
    pub instrument: &'a InstrumentId,
    /// The instrument's date.
    pub instrument_date: PartialDate,
}

/// No commitment, in [`Agenda::bound_through_gates`]'s table.
const NONE: u32 = u32::MAX;

/// Every *requires* dependency edge: the compact list the build keeps, or
/// (not reached: the build lists them) the same list made now.
fn requires_edges(graph: &Graph) -> std::borrow::Cow<'_, [RequiresEdge]> {
    match graph.requires_edges() {
        Some(edges) => std::borrow::Cow::Borrowed(edges),
        None => std::borrow::Cow::Owned(
            graph
                .graph
                .edge_references()
                .filter(|e| e.weight().kind == EdgeKind::Requires)
                .map(|e| RequiresEdge {
                    from: u32::try_from(e.source().index()).unwrap_or(u32::MAX),
                    to: u32::try_from(e.target().index()).unwrap_or(u32::MAX),
                    dependency: e.weight().dependency,
                })
                .collect(),
        ),
    }
}

/// Commitment `c`'s own bound in the deadline-conflict scan: itself when
/// dated, else [`NONE`].
fn own_bound(last: &[Option<i32>], c: usize) -> u32 {
    match last.get(c) {
        Some(Some(_)) => u32::try_from(c).unwrap_or(NONE),
        _ => NONE,
    }
}

impl Agenda {
    /// The *requires* dependencies whose prerequisite side is due after
    /// their dependent side: at most one record per dependency (see
    /// [`DeadlineConflict`] for the sides, the worst pair and the counts).
    ///
    /// A dependency between two milestones (programmes without commitments)
    /// is not reported on its own: every conflict through it also shows, at
    /// least as many days wide, on the dependency that leads into its chain
    /// of milestones from a commitment or programme with commitments, and
    /// on the one that leads out of it to one.
    ///
    /// In the order of [`Agenda::dependencies`] (by prerequisite, then
    /// dependent). O((V + E) log V): the latest deadline reaching each
    /// programme gate and the earliest deadline it reaches are propagated
    /// once, in topological order, and each programme's deadlines are sorted
    /// once; no pair of commitments is ever listed.
    ///
    /// # Example
    ///
    /// ```
    /// // In the shipped dataset every prerequisite is due in time.
    /// assert!(union_state::dataset().deadline_conflicts().is_empty());
    /// ```
    pub fn deadline_conflicts(&self) -> Vec<DeadlineConflict<'_>> {
        let graph = &self.graph;
        // Any topological order gives the same bounds.
        let Some(order) = graph.requires_order() else {
            return Vec::new();
        };
        // Last allowed day of each deadline, as a day number, stored when
        // the agenda was built (or its deadlines last moved).
        let last: &[Option<i32>] = &self.last_day;
        let last_of = |c: usize| last.get(c).copied().flatten();
        // The worst prerequisite a dependency leaving each node stands for,
        // and the worst dependent one arriving at it stands for.
        // A commitment's bound is its own (when dated) in either direction;
        // only the programme gates take theirs from their neighbours, in
        // topological order. So only the gates, a small part of the graph,
        // are walked in order and have their bounds stored.
        let commitments = self.commitments.len();
        let gates: Vec<NodeIndex> = order
            .iter()
            .copied()
            .filter(|v| v.index() >= commitments)
            .collect();
        let latest = self.bound_through_gates(&gates, Direction::Incoming);
        let earliest = self.bound_through_gates(&gates, Direction::Outgoing);
        let bound = |gate_bounds: &[u32], v: usize| {
            let b = match v.checked_sub(commitments) {
                None => own_bound(last, v),
                Some(g) => gate_bounds.get(g).copied().unwrap_or(NONE),
            };
            (b != NONE).then_some(b as usize)
        };
        // Each programme's last days, sorted, to count its commitments on
        // either side of a date by binary search: only for the programmes
        // at the end of a conflict, each sorted once.
        let mut sorted: Vec<Option<Vec<i32>>> = vec![None; self.members.len()];
        let milestone = |end: Node| match end {
            Node::Commitment(_) => false,
            Node::Start(p) | Node::Done(p) => self.members.get(p).is_none_or(Range::is_empty),
        };
        let mut found: Vec<(u32, usize, usize, i64, usize, usize)> = Vec::new();
        // The *requires* edges alone, from the compact list the build
        // keeps (membership edges, four in five at scale, are never read).
        let edges = requires_edges(graph);
        for edge in edges.iter() {
            let (from, to) = (edge.from as usize, edge.to as usize);
            let (Some(pre), Some(dep)) = (bound(&latest, from), bound(&earliest, to)) else {
                continue;
            };
            let (Some(pre_day), Some(dep_day)) = (last_of(pre), last_of(dep)) else {
                continue;
            };
            if pre_day <= dep_day {
                continue;
            }
            let (pre_end, dep_end) = (
                graph.decode(NodeIndex::new(from)),
                graph.decode(NodeIndex::new(to)),
            );
            if milestone(pre_end) && milestone(dep_end) {
                continue;
            }
            // How many commitments an end names are due after (or before)
            // a day: 1 for a commitment end, which is the worst itself.
            let mut named = |end: Node, after: bool| match end {
                Node::Commitment(_) => 1,
                Node::Start(q) | Node::Done(q) => {
                    let Some(slot) = sorted.get_mut(q) else {
                        return 0;
                    };
                    let days = slot.get_or_insert_with(|| {
                        let range = self.members.get(q).cloned().unwrap_or(0..0);
                        let mut days: Vec<i32> = range.filter_map(last_of).collect();
                        days.sort_unstable();
                        days
                    });
                    if after {
                        days.len() - days.partition_point(|&t| t <= dep_day)
                    } else {
                        days.partition_point(|&t| t < pre_day)
                    }
                }
            };
            let late = named(pre_end, true);
            let early = named(dep_end, false);
            found.push((
                edge.dependency,
                pre,
                dep,
                i64::from(pre_day - dep_day),
                late,
                early,
            ));
        }
        found.sort_unstable_by_key(|f| f.0);
        found
            .into_iter()
            .filter_map(|(i, pre, dep, days, late, early)| {
                Some(DeadlineConflict {
                    dependency: self.dependencies.get(i as usize)?,
                    prerequisite: self.commitments.get(pre)?,
                    dependent: self.commitments.get(dep)?,
                    days,
                    late_prerequisites: late,
                    early_dependents: early,
                })
            })
            .collect()
    }

    /// For each programme gate (by node index minus the commitments), the
    /// dated commitment that sorts last in deadline order among those
    /// reaching it through programme gates only (`Incoming`), or first
    /// among those it reaches so (`Outgoing`); [`NONE`] when there is none.
    /// A commitment's bound is its own ([`own_bound`]). One pass over the
    /// gates in topological order (`gates`; forwards for `Incoming`, so
    /// every predecessor is done first). O(gates + their edges), four bytes
    /// a gate.
    fn bound_through_gates(&self, gates: &[NodeIndex], dir: Direction) -> Vec<u32> {
        let graph = &self.graph;
        let commitments = self.commitments.len();
        let last: &[Option<i32>] = &self.last_day;
        let rank = |c: u32| deadline_key(self, c as usize);
        let mut bound: Vec<u32> = vec![NONE; graph.node_count().saturating_sub(commitments)];
        let mut visit = |v: NodeIndex| {
            let near = graph.neighbours(v, dir, Follow::REQUIRES).filter_map(|u| {
                let b = match u.index().checked_sub(commitments) {
                    None => own_bound(last, u.index()),
                    Some(g) => bound.get(g).copied().unwrap_or(NONE),
                };
                (b != NONE).then_some(b)
            });
            let best = if dir == Direction::Incoming {
                near.max_by_key(|&c| rank(c))
            } else {
                near.min_by_key(|&c| rank(c))
            };
            if let Some(slot) = v
                .index()
                .checked_sub(commitments)
                .and_then(|g| bound.get_mut(g))
            {
                *slot = best.unwrap_or(NONE);
            }
        };
        if dir == Direction::Incoming {
            for &v in gates {
                visit(v);
            }
        } else {
            for &v in gates.iter().rev() {
                visit(v);
            }
        }
        bound
    }

    /// For every commitment, the latest date it can be done without making
    /// itself or anything that requires it late: deadline back-propagation
    /// along *requires* edges.
    ///
    /// In id order. O(V + E).
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let latest = agenda.latest_dates();
    /// let principles = latest.iter().find(|l| l.commitment.id.as_str() == "UP16.principles").unwrap();
    /// // Due by July 2022, and nothing downstream is due earlier.
    /// assert_eq!(principles.latest.unwrap().to_string(), "2022-07-31");
    /// ```
    pub fn latest_dates(&self) -> Vec<LatestDate<'_>> {
        let g = &self.graph;
        let Some(order) = g.topological(Follow::REQUIRES) else {
            return Vec::new();
        };
        // (date, commitment index) of the tightest bound so far.
        let mut bound: Vec<Option<(NaiveDate, usize)>> = vec![None; g.node_count()];
        for &v in order.iter().rev() {
            let mut best: Option<(NaiveDate, usize)> = None;
            if let Node::Commitment(c) = g.decode(v) {
                best = self
                    .commitments
                    .get(c)
                    .and_then(Commitment::due)
                    .map(|d| (d.last_day(), c));
            }
            for w in g.neighbours(v, Direction::Outgoing, Follow::REQUIRES) {
                if let Some(b) = bound.get(w.index()).copied().flatten() {
                    best = Some(best.map_or(b, |x| x.min(b)));
                }
            }
            if let Some(slot) = bound.get_mut(v.index()) {
                *slot = best;
            }
        }
        self.commitments
            .iter()
            .enumerate()
            .map(|(c, commitment)| {
                let b = bound.get(g.commitment(c).index()).copied().flatten();
                LatestDate {
                    commitment,
                    latest: b.map(|(d, _)| d),
                    bound_by: b.and_then(|(_, i)| self.commitments.get(i)),
                }
            })
            .collect()
    }

    /// Commitments due before the instrument that sets them: their own
    /// `set_by`, or else their programme's. The builder already rejects a
    /// deadline in force before the commitment's own instrument, so this
    /// finds deadlines before the programme's instrument and alternative
    /// dates before either.
    ///
    /// In id order. O(V log V).
    ///
    /// # Example
    ///
    /// ```
    /// // Every dated commitment of the shipped dataset falls after the
    /// // decree of 4 November 2021 that approved the programmes.
    /// assert!(union_state::dataset().due_before_instrument().is_empty());
    /// ```
    pub fn due_before_instrument(&self) -> Vec<InstrumentConflict<'_>> {
        let mut out = Vec::new();
        for c in &self.commitments {
            let Some(due) = &c.deadline else { continue };
            let set_by = c.set_by.as_ref().or_else(|| {
                self.programmes
                    .get(self.programme_index(c.id.programme_str())?)?
                    .set_by
                    .as_ref()
            });
            let Some((instrument, date)) =
                set_by.and_then(|id| self.instrument(id).map(|i| (&i.id, i.date)))
            else {
                continue;
            };
            let dates = std::iter::once((due.date, false))
                .chain(due.alternatives.iter().map(|a| (a.date, true)));
            for (d, alternative) in dates {
                if d.last_day() < date.first_day() {
                    out.push(InstrumentConflict {
                        commitment: c,
                        date: d,
                        alternative,
                        instrument,
                        instrument_date: date,
                    });
                }
            }
        }
        out
    }
}
