//! What must happen before X, and what waits on X.

use petgraph::Direction;

use crate::Agenda;
use crate::agenda::Follow;
use crate::commitment::Commitment;
use crate::error::QueryError;
use crate::ids::NodeId;
use crate::query::deadline_key;

impl Agenda {
    fn collect(&self, mut found: Vec<usize>) -> Vec<&Commitment> {
        found.sort_unstable_by_key(|&c| deadline_key(self, c));
        found.dedup();
        found
            .into_iter()
            .filter_map(|c| self.commitments.get(c))
            .collect()
    }

    fn transitive(
        &self,
        id: &NodeId,
        dir: Direction,
        follow: Follow,
    ) -> Result<Vec<&Commitment>, QueryError> {
        let seeds = self.seeds(id, dir == Direction::Incoming)?;
        let (_, visited) = self.graph.reach_with_list(&seeds, dir, follow);
        let found = visited
            .into_iter()
            .filter(|n| n.index() < self.commitments.len())
            .map(petgraph::graph::NodeIndex::index)
            .collect();
        Ok(self.collect(found))
    }

    fn direct(
        &self,
        id: &NodeId,
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
    /// let addendum = "UP16.addendum".parse()?;
    /// let before: Vec<&str> = agenda.direct_prerequisites(&addendum)?
    ///     .iter().map(|c| c.id.as_str()).collect();
    /// assert!(before.contains(&"UP16.principles"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn direct_prerequisites(&self, id: &NodeId) -> Result<Vec<&Commitment>, QueryError> {
        self.direct(id, Direction::Incoming, Follow::REQUIRES)
    }

    /// Every commitment that must be done before `id` can be: the
    /// transitive closure of [`Agenda::direct_prerequisites`]. Same order.
    /// O(V + E + k log k) for k results.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    pub fn prerequisites(&self, id: &NodeId) -> Result<Vec<&Commitment>, QueryError> {
        self.transitive(id, Direction::Incoming, Follow::REQUIRES)
    }

    /// Like [`Agenda::prerequisites`], following the dependency kinds
    /// `follow` selects (for instance the conditions states demand, too).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    pub fn prerequisites_following(
        &self,
        id: &NodeId,
        follow: Follow,
    ) -> Result<Vec<&Commitment>, QueryError> {
        self.transitive(id, Direction::Incoming, follow)
    }

    /// The commitments that directly require `id`: one *requires*
    /// dependency away, programme ends standing for all their commitments.
    /// Ordered by deadline, then id.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    pub fn direct_dependents(&self, id: &NodeId) -> Result<Vec<&Commitment>, QueryError> {
        self.direct(id, Direction::Outgoing, Follow::REQUIRES)
    }

    /// Every commitment that cannot be done before `id` is: the transitive
    /// closure of [`Agenda::direct_dependents`]. Ordered by deadline, then
    /// id. O(V + E + k log k) for k results.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let principles = "UP16.principles".parse()?;
    /// let after: Vec<&str> = agenda.dependents(&principles)?
    ///     .iter().map(|c| c.id.as_str()).collect();
    /// assert!(after.contains(&"UP16.addendum"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dependents(&self, id: &NodeId) -> Result<Vec<&Commitment>, QueryError> {
        self.transitive(id, Direction::Outgoing, Follow::REQUIRES)
    }

    /// Like [`Agenda::dependents`], following the dependency kinds `follow`
    /// selects.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownId`] if `id` is not in the agenda.
    pub fn dependents_following(
        &self,
        id: &NodeId,
        follow: Follow,
    ) -> Result<Vec<&Commitment>, QueryError> {
        self.transitive(id, Direction::Outgoing, follow)
    }
}
