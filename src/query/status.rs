//! Status as of a date: what is overdue, what is due, what blocks X, what X
//! unblocks, and what can proceed in parallel.

use chrono::NaiveDate;
use petgraph::Direction;
use serde::Serialize;

use crate::Agenda;
use crate::agenda::graph::{Follow, Node};
use crate::commitment::{Commitment, Status};
use crate::error::QueryError;
use crate::ids::{AsNode, StateCode};
use crate::query::deadline_key;

/// An unfinished prerequisite of the commitment asked about in
/// [`Agenda::why_blocked`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Blocker<'a> {
    /// The unfinished commitment: who must act is `commitment.acting`, by
    /// when is `commitment.due()`.
    #[serde(serialize_with = "crate::query::refs::commitment")]
    pub commitment: &'a Commitment,
    /// Its status as of the date asked about.
    pub status: Status,
    /// Who must still act: the acting states whose own part is unfinished
    /// and who are bound then (on a joint act, every acting state bound; on
    /// an `each` commitment, only those that have not done their part).
    /// Empty when an institution acts (see `commitment.acting`).
    pub waiting_for: Vec<&'a StateCode>,
    /// Its own unfinished direct prerequisites (ordered by deadline, then
    /// id); empty for a commitment that nothing unfinished holds up, where a
    /// blocking chain starts.
    #[serde(serialize_with = "crate::query::refs::commitments")]
    pub waiting_on: Vec<&'a Commitment>,
}

fn finished(c: &Commitment, as_of: NaiveDate) -> bool {
    matches!(c.status_as_of(as_of), Status::Done | Status::Dropped)
}

impl Agenda {
    /// Commitments not done (nor dropped) as of the end of `as_of` whose
    /// deadline's last allowed day is before `as_of`.
    ///
    /// Ordered by deadline, then id. O(V log V + events).
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let late = agenda.overdue("2023-01-09".parse()?);
    /// assert!(late.iter().any(|c| c.id.as_str() == "UP16.principles"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn overdue(&self, as_of: NaiveDate) -> Vec<&Commitment> {
        let mut out: Vec<usize> = (0..self.commitments.len())
            .filter(|&c| {
                self.commitments.get(c).is_some_and(|x| {
                    x.due().is_some_and(|d| d.last_day() < as_of) && !finished(x, as_of)
                })
            })
            .collect();
        out.sort_unstable_by_key(|&c| deadline_key(self, c));
        out.into_iter()
            .filter_map(|c| self.commitments.get(c))
            .collect()
    }

    /// The commitments on which `state`'s own part is late as of the end
    /// of `as_of`: it acts on them and is bound then, its part is not done
    /// (nor dropped), and the deadline's last allowed day has passed. On an
    /// `each` commitment a state is late only for its own part.
    ///
    /// Ordered by deadline, then id. O(V log V + events).
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let day = "2023-01-09".parse()?;
    /// let by = agenda.overdue_for(&"BY".parse()?, day);
    /// assert!(by.iter().all(|c| agenda.overdue(day).contains(c)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn overdue_for(&self, state: &StateCode, as_of: NaiveDate) -> Vec<&Commitment> {
        let mut out: Vec<usize> = (0..self.commitments.len())
            .filter(|&c| {
                self.commitments.get(c).is_some_and(|x| {
                    x.due().is_some_and(|d| d.last_day() < as_of)
                        && x.status_of(state, as_of)
                            .is_some_and(|s| !matches!(s, Status::Done | Status::Dropped))
                })
            })
            .collect();
        out.sort_unstable_by_key(|&c| deadline_key(self, c));
        out.into_iter()
            .filter_map(|c| self.commitments.get(c))
            .collect()
    }

    /// Commitments whose deadline's last allowed day falls between `from`
    /// and `to`, both included, whatever their status.
    ///
    /// Ordered by deadline, then id. O(V log V).
    ///
    /// # Example: what fell due in 2023?
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let due = agenda.due_between("2023-01-01".parse()?, "2023-12-31".parse()?);
    /// assert!(due.iter().any(|c| c.id.as_str() == "UP16.addendum"));
    /// assert!(due.iter().all(|c| c.due().unwrap().last_day().to_string().starts_with("2023")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn due_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<&Commitment> {
        let mut out: Vec<usize> = (0..self.commitments.len())
            .filter(|&c| {
                self.commitments
                    .get(c)
                    .and_then(Commitment::due)
                    .is_some_and(|d| (from..=to).contains(&d.last_day()))
            })
            .collect();
        out.sort_unstable_by_key(|&c| deadline_key(self, c));
        out.into_iter()
            .filter_map(|c| self.commitments.get(c))
            .collect()
    }

    /// Why `id` cannot be completed yet as of `as_of`: every unfinished
    /// commitment among its transitive *requires* prerequisites, each with
    /// its status and its own unfinished direct prerequisites, so the
    /// blocking chains can be followed from each blocker with an empty
    /// `waiting_on` up to `id`. Finished (done or dropped) prerequisites do
    /// not block and are not followed further.
    ///
    /// Ordered by deadline, then id. O(V + E + k log k).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let blockers = agenda.why_blocked(&"UP16.addendum".parse::<union_state::NodeId>()?, "2023-01-09".parse()?)?;
    /// assert_eq!(blockers[0].commitment.id.as_str(), "UP16.principles");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn why_blocked(
        &self,
        id: &(impl AsNode + ?Sized),
        as_of: NaiveDate,
    ) -> Result<Vec<Blocker<'_>>, QueryError> {
        let g = &self.graph;
        let seeds = self.seeds(id.as_node(), true)?;
        let unfinished = |c: usize| self.commitments.get(c).is_some_and(|x| !finished(x, as_of));
        // Walk backwards, passing through gates and unfinished commitments only.
        let mut seen = vec![false; g.node_count()];
        let mut stack = seeds.clone();
        let mut found = Vec::new();
        while let Some(v) = stack.pop() {
            for u in g.neighbours(v, Direction::Incoming, Follow::REQUIRES) {
                let Some(s) = seen.get_mut(u.index()) else {
                    continue;
                };
                if *s {
                    continue;
                }
                *s = true;
                match g.decode(u) {
                    Node::Commitment(c) if unfinished(c) => {
                        found.push(c);
                        stack.push(u);
                    }
                    Node::Commitment(_) => {}
                    Node::Start(_) | Node::Done(_) => stack.push(u),
                }
            }
        }
        found.sort_unstable_by_key(|&c| deadline_key(self, c));
        Ok(found
            .into_iter()
            .filter_map(|c| {
                let commitment = self.commitments.get(c)?;
                let mut waiting: Vec<usize> = g
                    .adjacent_commitments(&[g.commitment(c)], Direction::Incoming, Follow::REQUIRES)
                    .into_iter()
                    .filter(|&p| unfinished(p))
                    .collect();
                waiting.sort_unstable_by_key(|&p| deadline_key(self, p));
                let waiting_for = commitment
                    .acting
                    .states()
                    .iter()
                    .filter(|s| {
                        commitment
                            .status_of(s, as_of)
                            .is_some_and(|st| !matches!(st, Status::Done | Status::Dropped))
                    })
                    .collect();
                Some(Blocker {
                    commitment,
                    status: commitment.status_as_of(as_of),
                    waiting_for,
                    waiting_on: waiting
                        .into_iter()
                        .filter_map(|p| self.commitments.get(p))
                        .collect(),
                })
            })
            .collect())
    }

    /// What becomes possible once `id` is done: its unfinished direct
    /// dependents whose every other direct prerequisite is finished as of
    /// `as_of`.
    ///
    /// Ordered by deadline, then id. O(V + E).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// // Once the gas-market principles are agreed, the addendum can follow.
    /// let next = agenda.ready_if_done(&"UP16.principles".parse::<union_state::NodeId>()?, "2023-01-09".parse()?)?;
    /// assert_eq!(next[0].id.as_str(), "UP16.addendum");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ready_if_done(
        &self,
        id: &(impl AsNode + ?Sized),
        as_of: NaiveDate,
    ) -> Result<Vec<&Commitment>, QueryError> {
        let g = &self.graph;
        let seeds = self.seeds(id.as_node(), false)?;
        let own: Vec<usize> = seeds
            .iter()
            .filter_map(|&n| match g.decode(n) {
                Node::Commitment(c) => Some(c),
                Node::Start(_) | Node::Done(_) => None,
            })
            .collect();
        let mut next = g.adjacent_commitments(&seeds, Direction::Outgoing, Follow::REQUIRES);
        next.sort_unstable_by_key(|&c| deadline_key(self, c));
        next.dedup();
        Ok(next
            .into_iter()
            .filter(|&d| {
                self.commitments.get(d).is_some_and(|x| !finished(x, as_of)) && !own.contains(&d)
            })
            .filter(|&d| {
                g.adjacent_commitments(&[g.commitment(d)], Direction::Incoming, Follow::REQUIRES)
                    .into_iter()
                    .all(|p| {
                        own.contains(&p)
                            || self.commitments.get(p).is_some_and(|x| finished(x, as_of))
                    })
            })
            .filter_map(|d| self.commitments.get(d))
            .collect())
    }

    /// Waves of commitments that can proceed in parallel: wave 0 has no
    /// unfinished *requires* prerequisite, wave k waits on wave k - 1 at
    /// most. With `as_of`, commitments finished by then are left out and no
    /// longer hold anything up, nor does anything behind them (done work
    /// unblocks what follows it, as in [`Agenda::why_blocked`]); with `None`,
    /// every commitment is placed.
    ///
    /// Each wave is ordered by deadline, then id. O(V + E): the order is
    /// read from the stored deadline ranks, not sorted.
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let waves = agenda.waves(None);
    /// let wave_of = |id: &str| waves.iter().position(|w| w.iter().any(|c| c.id.as_str() == id));
    /// assert!(wave_of("UP16.principles") < wave_of("UP16.addendum"));
    /// ```
    pub fn waves(&self, as_of: Option<NaiveDate>) -> Vec<Vec<&Commitment>> {
        const UNPLACED: u32 = u32::MAX;
        let g = &self.graph;
        let skip = |c: usize| {
            as_of.is_some_and(|d| self.commitments.get(c).is_some_and(|x| finished(x, d)))
        };
        // Each node's wave (a gate's: that of the deepest unfinished
        // commitment feeding it), in a topological order: the build's.
        let mut level: Vec<u32> = vec![UNPLACED; g.node_count()];
        let mut count = 0;
        for &v in g.requires_order().unwrap_or_default().iter() {
            // The wave a node's successors must follow: one past the deepest
            // unfinished commitment feeding it.
            let from_preds = g
                .neighbours(v, Direction::Incoming, Follow::REQUIRES)
                .filter_map(|u| level.get(u.index()).copied())
                .filter(|&l| l != UNPLACED)
                .max();
            let l = match g.decode(v) {
                Node::Commitment(c) if !skip(c) => {
                    let wave = from_preds.map_or(0, |p| p + 1);
                    count = count.max(wave as usize + 1);
                    wave
                }
                // Done work unblocks what follows it: a finished commitment
                // holds nothing up, whatever lies behind it.
                Node::Commitment(_) => UNPLACED,
                Node::Start(_) | Node::Done(_) => from_preds.unwrap_or(UNPLACED),
            };
            if let Some(slot) = level.get_mut(v.index()) {
                *slot = l;
            }
        }
        // Read in deadline order, each wave comes out in it: no sort.
        let mut waves: Vec<Vec<&Commitment>> = vec![Vec::new(); count];
        for &c in &self.by_rank {
            let c = c as usize;
            let wave = level.get(g.commitment(c).index()).copied();
            if let (Some(wave), Some(commitment)) = (
                wave.and_then(|w| waves.get_mut(w as usize)),
                self.commitments.get(c),
            ) {
                wave.push(commitment);
            }
        }
        waves
    }
}
