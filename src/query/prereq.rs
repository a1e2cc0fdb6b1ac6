//! What must happen before X, and what waits on X.

use petgraph::Direction;

use crate::Agenda;
use crate::agenda::Follow;
use crate::commitment::Commitment;
use crate::error::QueryError;
use crate::ids::{AsNode, NodeRef};
use crate::query::deadline_key;

/// Sorts keys of the form `rank << 32 | index` (ranks below `2^bits`): a least-significant-digit radix sort on the rank, 11 bits a
/// pass, for long lists; a comparison sort of plain integers for short
/// ones. Either way no comparison looks anything up.
fn sort_by_rank(keys: &mut Vec<u64>, bits: u32) {
    const DIGIT: u32 = 11;
    const SHORT: usize = 1 << 9;
    if keys.len() <= SHORT {
        keys.sort_unstable();
        return;
    }
    let mut other = vec![0u64; keys.len()];
    let mut shift = 32;
    while shift < 32 + bits.max(1) {
        let mut counts = [0usize; 1 << DIGIT];
        let digit = |k: u64| ((k >> shift) & ((1 << DIGIT) - 1)) as usize;
        for &k in keys.iter() {
            if let Some(c) = counts.get_mut(digit(k)) {
                *c += 1;
            }
        }
        let mut total = 0;
        for c in &mut counts {
            let here = *c;
            *c = total;
            total += here;
        }
        for &k in keys.iter() {
            if let Some(c) = counts.get_mut(digit(k)) {
                if let Some(slot) = other.get_mut(*c) {
                    *slot = k;
                }
                *c += 1;
            }
        }
        std::mem::swap(keys, &mut other);
        shift += DIGIT;
    }
}

impl Agenda {
    /// The commitments at these indices, without repeats, in deadline
    /// order: each index is packed behind its rank once (one lookup each)
    /// and the packed integers sorted, rather than comparing indices by
    /// looking both ranks up.
    fn collect(&self, found: Vec<usize>) -> Vec<&Commitment> {
        let mut keys: Vec<u64> = found
            .into_iter()
            .map(|c| (u64::from(deadline_key(self, c)) << 32) | (c as u64 & 0xFFFF_FFFF))
            .collect();
        let top = keys.iter().map(|k| k >> 32).max().unwrap_or(0);
        sort_by_rank(&mut keys, u64::BITS - top.leading_zeros());
        keys.dedup();
        keys.into_iter()
            .filter_map(|k| self.commitments.get((k & 0xFFFF_FFFF) as usize))
            .collect()
    }

    fn transitive(
        &self,
        id: NodeRef<'_>,
        dir: Direction,
        follow: Follow,
    ) -> Result<Vec<&Commitment>, QueryError> {
        let seeds = self.seeds(id, dir == Direction::Incoming)?;
        Ok(self
            .graph
            .reach_commitments(&seeds, dir, follow, &self.rank, &self.by_rank, |c| {
                self.commitments.get(c)
            }))
    }

    fn direct(
        &self,
        id: NodeRef<'_>,
        dir: Direction,
        follow: Follow,
    ) -> Result<Vec<&Commitment>, QueryError> {
        let seeds = self.seeds(id, dir == Direction::Incoming)?;
        Ok(self.collect(self.graph.adjacent_commitments(&seeds, dir, follow)))
    }

    /// The commitments `id` directly requires: one *requires* dependency
    /// away, with programme ends standing for all their commitments.
    ///
    /// For a programme, the union over its commitments (so one of its own
    /// commitments appears only if another of them requires it). Ordered by
    /// deadline (the last day its wording allows; undated last), then id.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let addendum: union_state::CommitmentId = "UP16.addendum".parse()?;
    /// let before: Vec<&str> = agenda.direct_prerequisites(&addendum)?
    ///     .iter().map(|c| c.id.as_str()).collect();
    /// assert!(before.contains(&"UP16.principles"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn direct_prerequisites(
        &self,
        id: &(impl AsNode + ?Sized),
    ) -> Result<Vec<&Commitment>, QueryError> {
        self.direct(id.as_node(), Direction::Incoming, Follow::REQUIRES)
    }

    /// Every commitment that must be done before `id` can be: the
    /// transitive closure of [`Agenda::direct_prerequisites`]. Same order.
    /// Costs the nodes and edges the search visits plus O(k + C / 4096) for
    /// k results among C commitments: no sort, the order is read from a
    /// bitmap over deadline ranks.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    pub fn prerequisites(
        &self,
        id: &(impl AsNode + ?Sized),
    ) -> Result<Vec<&Commitment>, QueryError> {
        self.transitive(id.as_node(), Direction::Incoming, Follow::REQUIRES)
    }

    /// Like [`Agenda::prerequisites`], following the dependency kinds
    /// `follow` selects (for instance the conditions states demand, too).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    pub fn prerequisites_following(
        &self,
        id: &(impl AsNode + ?Sized),
        follow: Follow,
    ) -> Result<Vec<&Commitment>, QueryError> {
        self.transitive(id.as_node(), Direction::Incoming, follow)
    }

    /// The commitments that directly require `id`: one *requires*
    /// dependency away, programme ends standing for all their commitments.
    /// Ordered by deadline, then id.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    pub fn direct_dependents(
        &self,
        id: &(impl AsNode + ?Sized),
    ) -> Result<Vec<&Commitment>, QueryError> {
        self.direct(id.as_node(), Direction::Outgoing, Follow::REQUIRES)
    }

    /// Every commitment that cannot be done before `id` is: the transitive
    /// closure of [`Agenda::direct_dependents`]. Ordered by deadline, then
    /// id. Costs as [`Agenda::prerequisites`] does.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let principles: union_state::CommitmentId = "UP16.principles".parse()?;
    /// let after: Vec<&str> = agenda.dependents(&principles)?
    ///     .iter().map(|c| c.id.as_str()).collect();
    /// assert!(after.contains(&"UP16.addendum"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dependents(&self, id: &(impl AsNode + ?Sized)) -> Result<Vec<&Commitment>, QueryError> {
        self.transitive(id.as_node(), Direction::Outgoing, Follow::REQUIRES)
    }

    /// Like [`Agenda::dependents`], following the dependency kinds `follow`
    /// selects.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    pub fn dependents_following(
        &self,
        id: &(impl AsNode + ?Sized),
        follow: Follow,
    ) -> Result<Vec<&Commitment>, QueryError> {
        self.transitive(id.as_node(), Direction::Outgoing, follow)
    }
}
