//! What fixes the earliest completion of X, and what a slip of X breaks.

use serde::Serialize;
use std::cmp::Reverse;

use chrono::{Datelike, Days, Months, NaiveDate};
use petgraph::Direction;
use petgraph::graph::NodeIndex;

use crate::Agenda;
use crate::agenda::graph::{Follow, Node};
use crate::commitment::Commitment;
use crate::date::PartialDate;
use crate::error::QueryError;
use crate::ids::{AsNode, IdKind, NodeRef};

/// One step of a [`CriticalPath`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PathStep<'a> {
    /// The commitment.
    #[serde(serialize_with = "crate::query::refs::commitment")]
    pub commitment: &'a Commitment,
    /// Its deadline, as worded.
    pub deadline: Option<PartialDate>,
    /// Its earliest completion on the plan: the latest of its own deadline's
    /// last day and its prerequisites' earliest completions.
    pub earliest: Option<NaiveDate>,
    /// How many days it can finish after `earliest` without delaying the
    /// target's earliest completion (0 on the critical chain itself, except
    /// where a later own deadline downstream absorbs the delay).
    pub slack_days: Option<i64>,
}

/// The chain of prerequisites that fixes a target's earliest completion,
/// from the first prerequisite to the target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CriticalPath<'a> {
    /// The steps, first prerequisite first, the target (or, for a programme,
    /// its latest commitment) last.
    pub steps: Vec<PathStep<'a>>,
    /// The target's earliest completion on the plan.
    pub earliest: Option<NaiveDate>,
}

/// How far to move a deadline in a what-if question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Slip {
    /// A number of days (negative moves earlier).
    Days(i64),
    /// A number of calendar months (negative moves earlier); the day of
    /// month is clamped to the month's length, as chrono does.
    Months(i32),
}

impl Slip {
    /// `date` moved by this slip, or `None` when the result leaves the
    /// calendar the format supports (years 1 to 9999, as
    /// [`PartialDate`] accepts).
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::query::Slip;
    /// let d = chrono::NaiveDate::from_ymd_opt(2022, 7, 31).unwrap();
    /// assert_eq!(Slip::Months(7).apply(d).unwrap().to_string(), "2023-02-28");
    /// assert_eq!(Slip::Days(-1).apply(d).unwrap().to_string(), "2022-07-30");
    /// assert_eq!(Slip::Months(96_000).apply(d), None);
    /// ```
    pub fn apply(self, date: NaiveDate) -> Option<NaiveDate> {
        let moved = match self {
            Slip::Days(n) if n >= 0 => date.checked_add_days(Days::new(n.unsigned_abs())),
            Slip::Days(n) => date.checked_sub_days(Days::new(n.unsigned_abs())),
            Slip::Months(n) if n >= 0 => date.checked_add_months(Months::new(n.unsigned_abs())),
            Slip::Months(n) => date.checked_sub_months(Months::new(n.unsigned_abs())),
        }?;
        (1..=9999).contains(&moved.year()).then_some(moved)
    }
}

/// A commitment that can no longer meet its deadline after a slip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SlipImpact<'a> {
    /// The commitment.
    #[serde(serialize_with = "crate::query::refs::commitment")]
    pub commitment: &'a Commitment,
    /// Its deadline, as worded.
    pub deadline: PartialDate,
    /// Its earliest completion before the slip.
    pub earliest_before: NaiveDate,
    /// Its earliest completion after the slip.
    pub earliest_after: NaiveDate,
    /// Days past the deadline's last allowed day, after the slip.
    pub late_by_days: i64,
}

impl Agenda {
    /// The earliest completion of every graph node on the plan, where each
    /// commitment is done on the last day its deadline allows (or its
    /// slipped date) and no earlier than its prerequisites. O(V + E).
    fn earliest(&self, plan: impl Fn(usize) -> Option<NaiveDate>) -> Vec<Option<NaiveDate>> {
        let g = &self.graph;
        let mut earliest: Vec<Option<NaiveDate>> = vec![None; g.node_count()];
        for v in g.topological(Follow::REQUIRES).unwrap_or_default() {
            let mut best = match g.decode(v) {
                Node::Commitment(c) => plan(c),
                Node::Start(_) | Node::Done(_) => None,
            };
            for u in g.neighbours(v, Direction::Incoming, Follow::REQUIRES) {
                best = best.max(earliest.get(u.index()).copied().flatten());
            }
            if let Some(slot) = earliest.get_mut(v.index()) {
                *slot = best;
            }
        }
        earliest
    }

    fn planned(&self, c: usize) -> Option<NaiveDate> {
        self.commitments
            .get(c)
            .and_then(Commitment::due)
            .map(PartialDate::last_day)
    }

    /// The chain of *requires* prerequisites that fixes the earliest
    /// completion of `id` on the plan (each commitment done on the last day
    /// its deadline allows, and no earlier than its prerequisites), with each
    /// step's deadline, earliest completion and slack.
    ///
    /// At each step the chain goes to the prerequisite with the latest
    /// earliest completion, ties broken by id. For a programme, the chain
    /// ends at its commitment with the latest earliest completion. O(V + E).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let path = agenda.critical_path(&"UP16.addendum".parse::<union_state::NodeId>()?)?;
    /// let ids: Vec<&str> = path.steps.iter().map(|s| s.commitment.id.as_str()).collect();
    /// assert_eq!(ids, ["UP16.principles", "UP16.addendum"]);
    /// // The principles (due July 2022) could slip until 1 Dec 2023.
    /// assert_eq!(path.steps[0].slack_days, Some(488));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn critical_path(
        &self,
        id: &(impl AsNode + ?Sized),
    ) -> Result<CriticalPath<'_>, QueryError> {
        let g = &self.graph;
        let id = id.as_node();
        let target = match id {
            NodeRef::Commitment(c) => {
                g.commitment(self.commitment_index(c.as_str()).ok_or_else(|| {
                    QueryError::UnknownId {
                        kind: IdKind::Commitment,
                        id: c.to_string(),
                    }
                })?)
            }
            NodeRef::Programme(p) => {
                g.done(
                    self.programme_index(p.as_str())
                        .ok_or_else(|| QueryError::UnknownId {
                            kind: IdKind::Programme,
                            id: p.to_string(),
                        })?,
                )
            }
        };
        let earliest = self.earliest(|c| self.planned(c));
        let ec = |v: NodeIndex| earliest.get(v.index()).copied().flatten();
        // Latest finish within the target's prerequisite closure.
        let mut inside = g.reach(&[target], Direction::Incoming, Follow::REQUIRES);
        inside.insert(target.index());
        let mut latest: Vec<Option<NaiveDate>> = vec![None; g.node_count()];
        if let Some(slot) = latest.get_mut(target.index()) {
            *slot = ec(target);
        }
        let order = g.topological(Follow::REQUIRES).unwrap_or_default();
        for &v in order.iter().rev() {
            if v == target || !inside.contains(v.index()) {
                continue;
            }
            let bound = g
                .neighbours(v, Direction::Outgoing, Follow::REQUIRES)
                .filter(|w| inside.contains(w.index()))
                .filter_map(|w| latest.get(w.index()).copied().flatten())
                .min();
            if let Some(slot) = latest.get_mut(v.index()) {
                *slot = bound;
            }
        }
        // Ties between prerequisites of equal earliest completion go to the
        // smallest commitment id. A gate stands for the commitment its own
        // chain reaches first, so a branch through a programme end competes
        // under that commitment's id, not under the gate's index.
        let mut rep: Vec<usize> = vec![usize::MAX; g.node_count()];
        let pick = |v: NodeIndex, rep: &[usize]| {
            g.neighbours(v, Direction::Incoming, Follow::REQUIRES)
                .max_by_key(|&u| (ec(u), Reverse(rep.get(u.index()).copied())))
        };
        for &v in &order {
            let r = match g.decode(v) {
                Node::Commitment(c) => c,
                Node::Start(_) | Node::Done(_) => pick(v, &rep)
                    .and_then(|u| rep.get(u.index()).copied())
                    .unwrap_or(usize::MAX),
            };
            if let Some(slot) = rep.get_mut(v.index()) {
                *slot = r;
            }
        }
        let mut steps = Vec::new();
        let mut at = Some(target);
        while let Some(v) = at {
            if let Node::Commitment(c) = g.decode(v) {
                if let Some(commitment) = self.commitments.get(c) {
                    let slack = match (latest.get(v.index()).copied().flatten(), ec(v)) {
                        (Some(l), Some(e)) => Some((l - e).num_days()),
                        _ => None,
                    };
                    steps.push(PathStep {
                        commitment,
                        deadline: commitment.due(),
                        earliest: ec(v),
                        slack_days: slack,
                    });
                }
            }
            at = pick(v, &rep);
        }
        steps.reverse();
        Ok(CriticalPath {
            steps,
            earliest: ec(target),
        })
    }

    /// What-if: moves the deadline of `id` (every dated commitment of it,
    /// for a programme) by `by`, and returns every commitment downstream
    /// along *requires* edges that can then no longer meet its deadline and
    /// was not already that late, with by how much.
    ///
    /// Ordered by deadline, then id. O(V + E + k log k).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda;
    /// [`QueryError::NoDeadline`] if it has no dated commitment;
    /// [`QueryError::DateOutOfRange`] if the moved date leaves the calendar.
    ///
    /// # Example: a six-month slip of the gas-market principles
    ///
    /// ```
    /// use union_state::query::Slip;
    /// let agenda = union_state::dataset();
    /// let hit = agenda.slip(&"UP16.principles".parse::<union_state::NodeId>()?, Slip::Months(6))?;
    /// // July 2022 + 6 months = January 2023: the addendum (1 Dec 2023) still holds.
    /// assert!(hit.is_empty());
    /// let hit = agenda.slip(&"UP16.principles".parse::<union_state::NodeId>()?, Slip::Months(18))?;
    /// assert_eq!(hit[0].commitment.id.as_str(), "UP16.addendum");
    /// assert_eq!(hit[0].late_by_days, 61);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn slip(
        &self,
        id: &(impl AsNode + ?Sized),
        by: Slip,
    ) -> Result<Vec<SlipImpact<'_>>, QueryError> {
        let id = id.as_node();
        let seeds = self.seeds(id, true)?;
        let slipped: Vec<usize> = seeds
            .iter()
            .filter_map(|&n| match self.graph.decode(n) {
                Node::Commitment(c) => Some(c),
                Node::Start(_) | Node::Done(_) => None,
            })
            .filter(|&c| self.planned(c).is_some())
            .collect();
        if slipped.is_empty() {
            return Err(QueryError::NoDeadline { id: id.to_string() });
        }
        let mut moved = vec![None; self.commitments.len()];
        for &c in &slipped {
            let Some(date) = self.planned(c) else {
                continue;
            };
            let new = by.apply(date).ok_or_else(|| QueryError::DateOutOfRange {
                id: id.to_string(),
                date,
            })?;
            if let Some(slot) = moved.get_mut(c) {
                *slot = Some(new);
            }
        }
        let before = self.earliest(|c| self.planned(c));
        let after = self.earliest(|c| moved.get(c).copied().flatten().or_else(|| self.planned(c)));
        let seen = self
            .graph
            .reach(&seeds, Direction::Outgoing, Follow::REQUIRES);
        let mut out = Vec::new();
        for (c, commitment) in self.commitments.iter().enumerate() {
            if !seen.contains(c) || slipped.contains(&c) {
                continue;
            }
            let Some(deadline) = commitment.due() else {
                continue;
            };
            let (Some(b), Some(a)) = (
                before.get(c).copied().flatten(),
                after.get(c).copied().flatten(),
            ) else {
                continue;
            };
            if a > deadline.last_day() && a > b {
                let late_by_days = (a - deadline.last_day()).num_days();
                out.push(SlipImpact {
                    commitment,
                    deadline,
                    earliest_before: b,
                    earliest_after: a,
                    late_by_days,
                });
            }
        }
        out.sort_by_key(|i| (i.deadline, i.commitment.id.clone()));
        Ok(out)
    }
}
