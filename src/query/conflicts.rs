//! Deadlines that cannot all be met: conflicts along *requires* edges,
//! deadline back-propagation, and deadlines before the instrument that sets
//! them.

use chrono::NaiveDate;
use petgraph::Direction;

use crate::Agenda;
use crate::agenda::graph::{EdgeKind, Follow, Node};
use crate::commitment::Commitment;
use crate::date::PartialDate;
use crate::ids::InstrumentId;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

/// A *requires* dependency whose prerequisite is due after its dependent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlineConflict<'a> {
    /// The commitment that must come first, but is due later.
    pub prerequisite: &'a Commitment,
    /// The commitment that waits for it, but is due earlier.
    pub dependent: &'a Commitment,
    /// How many days after the dependent's deadline the prerequisite is due
    /// (comparing the last days the wordings allow).
    pub days: i64,
}

/// The latest date a commitment can be done without making it or anything
/// that requires it late.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LatestDate<'a> {
    /// The commitment.
    pub commitment: &'a Commitment,
    /// The latest date: the earliest last-allowed day among its own deadline
    /// and the deadlines of everything that transitively requires it; `None`
    /// when none of them is dated.
    pub latest: Option<NaiveDate>,
    /// The commitment whose deadline sets `latest` (itself, or a dependent).
    pub bound_by: Option<&'a Commitment>,
}

/// A commitment due before the instrument that sets it (directly, or
/// through its programme), for its deadline or a date a source gives as an
/// alternative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstrumentConflict<'a> {
    /// The commitment.
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

impl Agenda {
    /// Every pair of commitments one *requires* dependency apart (programme
    /// ends standing for all their commitments) where the prerequisite is
    /// due after the dependent.
    ///
    /// Ordered by dependent id, then prerequisite id. O(E + K log K) for K
    /// directly related commitment pairs (K = E when no dependency names a
    /// whole programme).
    ///
    /// # Example
    ///
    /// ```
    /// // In the shipped dataset every prerequisite is due in time.
    /// assert!(union_state::dataset().deadline_conflicts().is_empty());
    /// ```
    pub fn deadline_conflicts(&self) -> Vec<DeadlineConflict<'_>> {
        let g = &self.graph;
        // Each requires edge once; an end at a programme gate stands for the
        // programme's commitments (or passes through an empty programme).
        let side = |n: NodeIndex, dir: Direction| -> Vec<usize> {
            match g.decode(n) {
                Node::Commitment(c) => vec![c],
                Node::Start(_) | Node::Done(_) => {
                    g.adjacent_commitments(&[n], dir, Follow::REQUIRES)
                }
            }
        };
        // Last allowed day of each deadline, as a day number, computed once.
        let last: Vec<Option<i32>> = self
            .commitments
            .iter()
            .map(|c| {
                c.due()
                    .map(|d| chrono::Datelike::num_days_from_ce(&d.last_day()))
            })
            .collect();
        let late = |p: usize, d: usize| match (
            last.get(p).copied().flatten(),
            last.get(d).copied().flatten(),
        ) {
            (Some(x), Some(y)) if x > y => Some(i64::from(x - y)),
            _ => None,
        };
        // Keep only conflicting pairs before sorting: they are few.
        let mut pairs: Vec<(usize, usize, i64)> = Vec::new();
        for e in g.graph.edge_references() {
            if e.weight().kind != EdgeKind::Requires {
                continue;
            }
            let (from, to) = (e.source(), e.target());
            if let (Node::Commitment(p), Node::Commitment(d)) = (g.decode(from), g.decode(to)) {
                if let Some(days) = late(p, d) {
                    pairs.push((d, p, days));
                }
                continue;
            }
            for p in side(from, Direction::Incoming) {
                for d in side(to, Direction::Outgoing) {
                    if let Some(days) = late(p, d) {
                        pairs.push((d, p, days));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
            .into_iter()
            .filter_map(|(d, p, days)| {
                Some(DeadlineConflict {
                    prerequisite: self.commitments.get(p)?,
                    dependent: self.commitments.get(d)?,
                    days,
                })
            })
            .collect()
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
