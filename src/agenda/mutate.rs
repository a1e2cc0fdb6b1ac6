//! Changing a built [`Agenda`]: every change succeeds whole or leaves the
//! agenda as it was.

use super::{Agenda, AgendaBuilder};
use crate::commitment::{Actors, Commitment, DeadlineMove, StatusEvent};
use crate::dependency::Dependency;
use crate::error::{BuildError, ItemRef, MutationError, Problem};
use crate::ids::{CommitmentId, IdKind};

impl Agenda {
    /// Rebuilds with one more item; on failure `self` is untouched.
    fn rebuilt(&mut self, add: impl FnOnce(&mut AgendaBuilder)) -> Result<(), MutationError> {
        let mut builder = self.to_builder();
        add(&mut builder);
        *self = builder.build().map_err(MutationError::Invalid)?;
        Ok(())
    }

    /// Adds a commitment (to the programme its id names).
    ///
    /// Validates the whole agenda again, so it costs as much as building it:
    /// O((V + E) log V). To add many items, use [`Agenda::to_builder`].
    ///
    /// # Errors
    ///
    /// [`MutationError::Invalid`] with every problem the new commitment
    /// causes (a duplicate id, an unknown programme, state or source, ...);
    /// the agenda is left unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::{Actors, Commitment};
    /// let mut agenda = union_state::dataset().clone();
    /// let n = agenda.commitments().len();
    /// let c = Commitment::new("UP16.launch".parse()?, "Launch the gas market",
    ///                         Actors::Joint(vec!["BY".parse()?, "RU".parse()?]));
    /// agenda.add_commitment(c.clone())?;
    /// assert_eq!(agenda.commitments().len(), n + 1);
    /// // The same id again fails and changes nothing.
    /// assert!(agenda.add_commitment(c).is_err());
    /// assert_eq!(agenda.commitments().len(), n + 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_commitment(&mut self, commitment: Commitment) -> Result<(), MutationError> {
        self.rebuilt(|b| {
            b.add_commitment(commitment);
        })
    }

    /// Adds a dependency.
    ///
    /// Validates the whole agenda again: O((V + E) log V).
    ///
    /// # Errors
    ///
    /// [`MutationError::Invalid`] if an end is unknown, the dependency is a
    /// duplicate or a self-dependency, or a *requires* dependency would
    /// close a cycle (reported as its path); the agenda is left unchanged.
    ///
    /// # Example: a cycle is refused
    ///
    /// ```
    /// use union_state::{Dependency, DependencyKind, error::{MutationError, Problem}};
    /// let mut agenda = union_state::dataset().clone();
    /// let before = agenda.clone();
    /// let back = Dependency::new("UP16.addendum".parse::<union_state::CommitmentId>()?,
    ///                            "UP16.principles".parse::<union_state::CommitmentId>()?,
    ///                            DependencyKind::Requires);
    /// let err = agenda.add_dependency(back).unwrap_err();
    /// assert!(matches!(&err, MutationError::Invalid(e)
    ///     if matches!(e.problems()[0], Problem::RequiresCycle { .. })));
    /// assert_eq!(agenda, before);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_dependency(&mut self, dependency: Dependency) -> Result<(), MutationError> {
        self.rebuilt(|b| {
            b.add_dependency(dependency);
        })
    }

    fn commitment_mut_checked(
        &mut self,
        id: &CommitmentId,
        change: impl FnOnce(&mut Commitment),
    ) -> Result<(), MutationError> {
        let index = self
            .commitment_index(id.as_str())
            .ok_or_else(|| MutationError::UnknownId {
                kind: IdKind::Commitment,
                id: id.to_string(),
            })?;
        let Some(current) = self.commitments.get(index) else {
            return Err(MutationError::UnknownId {
                kind: IdKind::Commitment,
                id: id.to_string(),
            });
        };
        let mut changed = current.clone();
        change(&mut changed);
        // Check the changed commitment alone against the rest of the agenda:
        // events and deadlines do not touch the graph.
        let problems = self.check_commitment(&changed);
        if !problems.is_empty() {
            return Err(MutationError::Invalid(BuildError::new(problems)));
        }
        self.resolve_commitment(&mut changed);
        if let Some(slot) = self.commitments.get_mut(index) {
            *slot = changed;
        }
        Ok(())
    }

    /// Appends a dated status event to a commitment's history.
    ///
    /// O(log V + events of the commitment).
    ///
    /// # Errors
    ///
    /// [`MutationError::UnknownId`] for an unknown commitment;
    /// [`MutationError::Invalid`] if the event is dated before the last one,
    /// before the instrument that sets the commitment, names a state that
    /// does not act on it, names a state at all when the commitment is not
    /// an [`Actors::Each`](crate::Actors::Each) one
    /// ([`Problem::EventStateNotEach`]), or cites an
    /// unknown source. The agenda is left
    /// unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::{Basis, Status, StatusEvent};
    /// let mut agenda = union_state::dataset().clone();
    /// let id = "UP16.addendum".parse()?;
    /// let event = StatusEvent::new("2026-11-28".parse()?, Status::Done)
    ///     .with_basis(Basis::Uncertain)
    ///     .with_note("hypothetical");
    /// agenda.record_event(&id, event)?;
    /// assert_eq!(agenda.commitment(&id).unwrap().status_as_of("2026-11-28".parse()?), Status::Done);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record_event(
        &mut self,
        id: &CommitmentId,
        event: StatusEvent,
    ) -> Result<(), MutationError> {
        // An event about one state of a joint or single-state commitment is
        // refused as the builder refuses it, with the same problems in the
        // same order (the problems of the new event: its date order, then
        // its state, then the rest).
        if let (Some(state), Some(c)) = (&event.state, self.commitment(id)) {
            if !matches!(c.acting, crate::commitment::Actors::Each(_))
                && c.acting.states().contains(state)
            {
                let index = c.events.len();
                let not_each = Problem::EventStateNotEach {
                    item: ItemRef::Commitment(id.clone()),
                    index,
                    state: state.clone(),
                };
                let mut changed = c.clone();
                changed.events.push(event);
                let mut problems = self.check_commitment(&changed);
                let at = problems
                    .iter()
                    .take_while(|p| matches!(p, Problem::OutOfOrder { .. }))
                    .count();
                if !problems.contains(&not_each) {
                    problems.insert(at, not_each);
                }
                return Err(MutationError::Invalid(BuildError::new(problems)));
            }
        }
        self.commitment_mut_checked(id, |c| c.events.push(event))
    }

    /// Moves a commitment's deadline: appends the move to its history and
    /// makes `deadline_move.to` the deadline in force.
    ///
    /// O(log V + moves of the commitment).
    ///
    /// # Errors
    ///
    /// [`MutationError::UnknownId`] for an unknown commitment;
    /// [`MutationError::NoDeadline`] if it has no deadline to move;
    /// [`MutationError::Invalid`] if the move does not start at the deadline
    /// in force, is decided before the previous move, falls before the
    /// instrument that sets the commitment, or cites an unknown instrument
    /// or source. The agenda is left unchanged.
    pub fn move_deadline(
        &mut self,
        id: &CommitmentId,
        deadline_move: DeadlineMove,
    ) -> Result<(), MutationError> {
        if let Some(c) = self.commitment(id) {
            let Some(due) = &c.deadline else {
                return Err(MutationError::NoDeadline { id: id.clone() });
            };
            if deadline_move.from != due.date {
                return Err(MutationError::Invalid(BuildError::new(vec![
                    Problem::BrokenMoveChain {
                        item: ItemRef::Commitment(id.clone()),
                        index: due.moves.len(),
                        expected: due.date,
                    },
                ])));
            }
        }
        self.commitment_mut_checked(id, |c| {
            if let Some(due) = c.deadline.as_mut() {
                due.date = deadline_move.to;
                due.moves.push(deadline_move);
            }
        })?;
        // The deadline order changed.
        self.rerank();
        Ok(())
    }

    /// Every problem the commitment would have in this agenda (it replaces
    /// the commitment with the same id).
    fn check_commitment(&self, c: &Commitment) -> Vec<Problem> {
        let mut builder = AgendaBuilder::new();
        for s in &self.states {
            builder.add_state(s.clone());
        }
        for s in c
            .sources
            .iter()
            .chain(c.events.iter().flat_map(|e| &e.sources))
            .chain(c.deadline.iter().flat_map(|d| {
                d.sources
                    .iter()
                    .chain(d.alternatives.iter().flat_map(|a| &a.sources))
                    .chain(d.moves.iter().flat_map(|m| &m.sources))
            }))
        {
            if let Some(source) = self.source(s) {
                builder.add_source(source.clone());
            }
        }
        for i in c
            .set_by
            .iter()
            .chain(
                c.deadline
                    .iter()
                    .flat_map(|d| d.moves.iter().filter_map(|m| m.decided_by.as_ref())),
            )
            .chain(c.achieved_by.iter().map(|a| &a.instrument))
        {
            if let Some(instrument) = self.instrument(i) {
                let mut instrument = instrument.clone();
                instrument.issued_by = None;
                instrument.sources.clear();
                builder.add_instrument(instrument);
            }
        }
        // The institution that acts, if one does: without it the
        // commitment's `acting` would name an unknown institution. Its own
        // sources are not the commitment's to check.
        if let Actors::Institution(id) = &c.acting {
            if let Some(institution) = self.institution(id) {
                let mut institution = institution.clone();
                institution.sources.clear();
                for m in &mut institution.membership {
                    m.sources.clear();
                }
                builder.add_institution(institution);
            }
        }
        if let Some(p) = self
            .programme_index(c.id.programme_str())
            .and_then(|p| self.programmes.get(p))
        {
            let mut p = p.clone();
            p.set_by = None;
            p.sources.clear();
            p.benefits.clear();
            builder.add_programme(p);
        }
        builder.add_commitment(c.clone());
        let item = ItemRef::Commitment(c.id.clone());
        match builder.build() {
            Ok(_) => Vec::new(),
            Err(e) => e
                .into_problems()
                .into_iter()
                .filter(|p| problem_item(p) == Some(&item))
                .collect(),
        }
    }
}

fn problem_item(p: &Problem) -> Option<&ItemRef> {
    match p {
        Problem::UnknownReference { item, .. }
        | Problem::EmptyText { item, .. }
        | Problem::EmptyList { item, .. }
        | Problem::DeadlineBeforeInstrument { item, .. }
        | Problem::EventBeforeInstrument { item, .. }
        | Problem::OutOfOrder { item, .. }
        | Problem::EventStateNotActing { item, .. }
        | Problem::BrokenMoveChain { item, .. }
        | Problem::MovesEndElsewhere { item, .. }
        | Problem::NotAParty { item, .. }
        | Problem::StageNotPossible { item, .. }
        | Problem::StageNeedsStates { item, .. } => Some(item),
        _ => None,
    }
}
