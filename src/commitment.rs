//! Commitments: [`Commitment`], who must act ([`Actors`]), its deadline
//! ([`Due`]) and its dated status history ([`StatusEvent`]).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::ids::{CommitmentId, InstrumentId, SourceId, StateCode};
use crate::source::Basis;

/// Who must act on a commitment, and so when it counts as done.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Actors {
    /// One state acts alone; done when it has acted.
    State(StateCode),
    /// Each listed state acts separately; done when every one has acted.
    /// The list must not be empty nor name a state twice.
    Each(
        #[cfg_attr(feature = "schema", schemars(length(min = 1), extend("uniqueItems" = true)))]
        Vec<StateCode>,
    ),
    /// The listed states act together (a joint act, such as signing a
    /// treaty); done when the joint act is done. The list must not be
    /// empty nor name a state twice.
    Joint(
        #[cfg_attr(feature = "schema", schemars(length(min = 1), extend("uniqueItems" = true)))]
        Vec<StateCode>,
    ),
}

impl Actors {
    /// The states that must act, in the order given.
    pub fn states(&self) -> &[StateCode] {
        match self {
            Actors::State(s) => std::slice::from_ref(s),
            Actors::Each(v) | Actors::Joint(v) => v,
        }
    }
}

/// The status of a commitment.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Agreed, not started (the status before any event).
    Planned,
    /// Work reported under way.
    InProgress,
    /// Reported done.
    Done,
    /// Reported late or stalled.
    Delayed,
    /// Abandoned.
    Dropped,
}

impl Status {
    /// The snake-case name, as in the JSON format.
    pub const fn name(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Delayed => "delayed",
            Status::Dropped => "dropped",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A dated change of status, as a source reports it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusEvent {
    /// When it happened, as precisely as reported. It takes effect on the
    /// last day its wording allows.
    pub date: PartialDate,
    /// The status from then on.
    pub status: Status,
    /// The one state the event is about, for [`Actors::Each`] commitments
    /// only (it must be one of the acting states); absent when it is about
    /// all acting states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<StateCode>,
    /// How sure this is.
    pub basis: Basis,
    /// What happened, in a few words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who reports it.
    pub sources: Vec<SourceId>,
}

/// Another date a source gives for the same deadline.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlternativeDate {
    /// The other date.
    pub date: PartialDate,
    /// Who gives it.
    pub sources: Vec<SourceId>,
    /// Context, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A decision that moved a deadline.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineMove {
    /// When the move was decided.
    pub decided: PartialDate,
    /// The deadline before the move.
    pub from: PartialDate,
    /// The deadline after the move.
    pub to: PartialDate,
    /// The instrument that decided it, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<InstrumentId>,
    /// How sure this is.
    pub basis: Basis,
    /// Who reports it.
    pub sources: Vec<SourceId>,
    /// Context, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A commitment's deadline: the date in force, how sure it is, and its
/// history.
///
/// Invariant (checked when an agenda is built): the moves are oldest first,
/// each starts where the previous one ended, and the last one ends at
/// [`Due::date`].
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Due {
    /// The deadline in force.
    pub date: PartialDate,
    /// How sure this is.
    pub basis: Basis,
    /// Who gives it.
    pub sources: Vec<SourceId>,
    /// Context, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Other dates sources give for the same deadline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<AlternativeDate>,
    /// The decisions that moved it, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<DeadlineMove>,
}

impl Due {
    /// A stated deadline with no sources, alternatives or moves yet.
    pub fn new(date: PartialDate) -> Self {
        Due {
            date,
            basis: Basis::Stated,
            sources: Vec::new(),
            note: None,
            alternatives: Vec::new(),
            moves: Vec::new(),
        }
    }
}

/// A concrete deliverable of a programme: what, who must act, by when, its
/// status history and its sources.
///
/// The programme it belongs to is the first part of its id (see
/// [`CommitmentId::programme`]).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// Its id, such as `UP16.addendum`.
    pub id: CommitmentId,
    /// What must be done.
    #[cfg_attr(
        feature = "schema",
        schemars(pattern(crate::schema::NON_BLANK_PATTERN))
    )]
    pub title: String,
    /// More detail, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Who must act.
    pub acting: Actors,
    /// By when, where a deadline is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Due>,
    /// The instrument that sets it, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_by: Option<InstrumentId>,
    /// How sure its existence and content are.
    pub basis: Basis,
    /// Its dated status changes, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<StatusEvent>,
    /// A remark, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The sources that describe it.
    pub sources: Vec<SourceId>,
}

impl Commitment {
    /// A stated commitment with the given id, title and actors, no deadline,
    /// no events and no sources: a starting point for building agendas in
    /// code.
    pub fn new(id: CommitmentId, title: impl Into<String>, acting: Actors) -> Self {
        Commitment {
            id,
            title: title.into(),
            summary: None,
            acting,
            deadline: None,
            set_by: None,
            basis: Basis::Stated,
            events: Vec::new(),
            note: None,
            sources: Vec::new(),
        }
    }

    /// Sets the deadline; for building in code.
    #[must_use]
    pub fn with_deadline(mut self, date: PartialDate) -> Self {
        self.deadline = Some(Due::new(date));
        self
    }

    /// Appends a status event with no sources; for building in code.
    #[must_use]
    pub fn with_event(mut self, date: PartialDate, status: Status) -> Self {
        self.events.push(StatusEvent {
            date,
            status,
            state: None,
            basis: Basis::Stated,
            note: None,
            sources: Vec::new(),
        });
        self
    }

    /// The deadline date in force, if any.
    pub fn due(&self) -> Option<PartialDate> {
        self.deadline.as_ref().map(|d| d.date)
    }

    /// The status as of the end of `date`, replaying the events that had
    /// taken effect by then (an event takes effect on the last day its date
    /// allows).
    ///
    /// For [`Actors::State`] and [`Actors::Joint`] this is the status of the
    /// latest event that is not about one state (events about one state
    /// belong only to [`Actors::Each`] commitments; an
    /// [`AgendaBuilder`](crate::AgendaBuilder) refuses them elsewhere, and a
    /// commitment built in code ignores them: one state's "done" does not
    /// complete a joint act). For [`Actors::Each`] each acting state has its own
    /// status (events without a `state` apply to all of them); the
    /// commitment is [`Status::Dropped`] when every state dropped it,
    /// [`Status::Done`] when every state is done or dropped and at least one
    /// is done (a state that drops out no longer holds the act open);
    /// otherwise it is [`Status::Delayed`] if any state is
    /// delayed, [`Status::Planned`] if all are planned, and
    /// [`Status::InProgress`] in every other case. Runs in time linear in
    /// the number of events.
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::{Actors, Commitment, Status};
    /// let c = Commitment::new("UP22.agreement".parse()?, "Sign the agreement",
    ///         Actors::Joint(vec!["BY".parse()?, "RU".parse()?]))
    ///     .with_event("2022-11-09".parse()?, Status::Done);
    /// assert_eq!(c.status_as_of("2022-11-08".parse()?), Status::Planned);
    /// assert_eq!(c.status_as_of("2022-11-09".parse()?), Status::Done);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn status_as_of(&self, date: NaiveDate) -> Status {
        let effective = self.events.iter().filter(|e| e.date.last_day() <= date);
        match &self.acting {
            // An event about one state is not the act of a joint
            // commitment (nor of a single state's, which has no per-state
            // history); an agenda never holds one (the builder refuses it).
            Actors::State(_) | Actors::Joint(_) => effective
                .rev()
                .find(|e| e.state.is_none())
                .map_or(Status::Planned, |e| e.status),
            Actors::Each(states) => {
                let mut per_state = vec![Status::Planned; states.len()];
                for event in effective {
                    for (state, status) in states.iter().zip(per_state.iter_mut()) {
                        if event.state.as_ref().is_none_or(|s| s == state) {
                            *status = event.status;
                        }
                    }
                }
                combine(&per_state)
            }
        }
    }

    /// The day the commitment became done, if it is done as of `date`: the
    /// last day of the event that completed it.
    pub fn done_on(&self, date: NaiveDate) -> Option<NaiveDate> {
        if self.status_as_of(date) != Status::Done {
            return None;
        }
        // The completing event is the earliest one after which the status
        // stays done up to `date`.
        let mut done_since = None;
        for event in self.events.iter().filter(|e| e.date.last_day() <= date) {
            let day = event.date.last_day();
            if self.status_as_of(day) == Status::Done {
                done_since.get_or_insert(day);
            } else {
                done_since = None;
            }
        }
        done_since
    }
}

fn combine(per_state: &[Status]) -> Status {
    let all = |s: Status| per_state.iter().all(|&x| x == s);
    let finished = per_state
        .iter()
        .all(|&x| matches!(x, Status::Done | Status::Dropped));
    if per_state.is_empty() || all(Status::Planned) {
        Status::Planned
    } else if all(Status::Dropped) {
        Status::Dropped
    } else if finished {
        // A state that dropped out no longer holds the act open: done by
        // the states that stayed.
        Status::Done
    } else if per_state.contains(&Status::Delayed) {
        Status::Delayed
    } else {
        Status::InProgress
    }
}
