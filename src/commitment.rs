//! Commitments: [`Commitment`], who must act ([`Actors`]), its deadline
//! ([`Due`]) and its dated status history ([`StatusEvent`]).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::claim::Quantity;
use crate::date::PartialDate;
use crate::ids::{CommitmentId, InstitutionId, InstrumentId, SourceId, StateCode};
use crate::instrument::Achievement;
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
    /// An institution of the agenda acts (a commission adopting rules, a
    /// council approving a plan); done when it has acted. No state acts:
    /// progress counts it by institution, not by state (`union-state/2`).
    Institution(InstitutionId),
}

impl Actors {
    /// The states that must act, in the order given (none when an
    /// institution acts).
    pub fn states(&self) -> &[StateCode] {
        match self {
            Actors::State(s) => std::slice::from_ref(s),
            Actors::Each(v) | Actors::Joint(v) => v,
            Actors::Institution(_) => &[],
        }
    }

    /// The institution that acts, if one does.
    pub fn institution(&self) -> Option<&InstitutionId> {
        match self {
            Actors::Institution(i) => Some(i),
            Actors::State(_) | Actors::Each(_) | Actors::Joint(_) => None,
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
        f.pad(self.name())
    }
}

/// A dated change of status, as a source reports it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
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

impl StatusEvent {
    /// An event about every acting state, `stated`, with no source yet.
    pub fn new(date: PartialDate, status: Status) -> Self {
        StatusEvent {
            date,
            status,
            state: None,
            basis: Basis::Stated,
            note: None,
            sources: Vec::new(),
        }
    }

    /// The same event, about one state of an [`Actors::Each`] commitment.
    #[must_use]
    pub fn for_state(mut self, state: StateCode) -> Self {
        self.state = Some(state);
        self
    }

    /// The same event, reported by `sources`.
    #[must_use]
    pub fn with_sources(mut self, sources: Vec<SourceId>) -> Self {
        self.sources = sources;
        self
    }

    /// The same event, with `basis` for how sure it is.
    #[must_use]
    pub fn with_basis(mut self, basis: Basis) -> Self {
        self.basis = basis;
        self
    }

    /// The same event, with `note` saying what happened.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// What the builder resolves about a commitment from the rest of its agenda:
/// when each acting state is bound, and from when each event was known.
/// Derived data, not part of the record: it is not serialised and two
/// commitments are equal whatever it holds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Resolved {
    /// Per acting state, in acting order: the first and last day it is
    /// bound (`None`: no limit). Empty: always bound.
    pub(crate) bound: Vec<(Option<NaiveDate>, Option<NaiveDate>)>,
    /// Per event, in order, then per derived event: the earliest date of a
    /// dated source that reports it. Empty or `None`: known from its own
    /// date.
    pub(crate) known: Vec<Option<NaiveDate>>,
}

impl Resolved {
    pub(crate) fn binds(&self, at: usize, date: NaiveDate) -> bool {
        self.bound.get(at).is_none_or(|&(from, until)| {
            from.is_none_or(|f| f <= date) && until.is_none_or(|u| date <= u)
        })
    }

    fn known_from(&self, event: usize) -> Option<NaiveDate> {
        self.known.get(event).copied().flatten()
    }

    /// Whether nothing was resolved (always bound, each event known from
    /// its own date).
    fn is_empty(&self) -> bool {
        self.bound.is_empty() && self.known.is_empty()
    }
}

impl PartialEq for Resolved {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Resolved {}

/// What the builder adds to a commitment: the events derived from
/// [`Commitment::achieved_by`] and what it [`Resolved`]. Most commitments
/// have neither, so both live behind one pointer, absent when both are
/// empty: eight bytes of each record rather than seventy-two. Equal when
/// the derived events are, as the fields were before they were boxed.
#[derive(Clone, Debug, Default)]
pub(crate) struct Built(Option<Box<BuiltParts>>);

/// The parts of [`Built`] when it has any.
#[derive(Clone, Debug, Default)]
struct BuiltParts {
    derived: Vec<StatusEvent>,
    resolved: Resolved,
}

/// What an empty [`Built`] has resolved: nothing.
static NOTHING_RESOLVED: Resolved = Resolved {
    bound: Vec::new(),
    known: Vec::new(),
};

impl Built {
    /// The derived events, oldest first.
    pub(crate) fn derived(&self) -> &[StatusEvent] {
        self.0.as_ref().map_or(&[], |b| &b.derived)
    }

    /// What the builder resolved.
    pub(crate) fn resolved(&self) -> &Resolved {
        self.0.as_ref().map_or(&NOTHING_RESOLVED, |b| &b.resolved)
    }

    /// Replaces the derived events.
    pub(crate) fn set_derived(&mut self, derived: Vec<StatusEvent>) {
        if let Some(parts) = self.parts(!derived.is_empty()) {
            parts.derived = derived;
        }
        self.drop_if_empty();
    }

    /// Replaces what was resolved.
    pub(crate) fn set_resolved(&mut self, resolved: Resolved) {
        if let Some(parts) = self.parts(!resolved.is_empty()) {
            parts.resolved = resolved;
        }
        self.drop_if_empty();
    }

    /// The parts, made if `needed` and absent.
    fn parts(&mut self, needed: bool) -> Option<&mut BuiltParts> {
        if needed && self.0.is_none() {
            self.0 = Some(Box::default());
        }
        self.0.as_deref_mut()
    }

    /// Leaves nothing behind the pointer when there is nothing to keep.
    fn drop_if_empty(&mut self) {
        if self
            .0
            .as_ref()
            .is_some_and(|b| b.derived.is_empty() && b.resolved.is_empty())
        {
            self.0 = None;
        }
    }
}

impl PartialEq for Built {
    fn eq(&self, other: &Self) -> bool {
        self.derived() == other.derived()
    }
}

impl Eq for Built {}

/// Another date a source gives for the same deadline.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AlternativeDate {
    /// The other date.
    pub date: PartialDate,
    /// Who gives it.
    pub sources: Vec<SourceId>,
    /// Context, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl AlternativeDate {
    /// `date`, as `sources` give it.
    pub fn new(date: PartialDate, sources: Vec<SourceId>) -> Self {
        AlternativeDate {
            date,
            sources,
            note: None,
        }
    }

    /// The same date, with `note` for its context.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// A decision that moved a deadline.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
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

impl DeadlineMove {
    /// A move decided on `decided`, from the deadline `from` to `to`,
    /// `stated`, by no named instrument and with no source yet.
    ///
    /// ```
    /// use union_state::DeadlineMove;
    /// let m = DeadlineMove::new("2024-12-06".parse()?, "2025".parse()?, "2027-01-01".parse()?)
    ///     .decided_by("oil-protocol".parse()?);
    /// assert_eq!(m.to.to_string(), "2027-01-01");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(decided: PartialDate, from: PartialDate, to: PartialDate) -> Self {
        DeadlineMove {
            decided,
            from,
            to,
            decided_by: None,
            basis: Basis::Stated,
            sources: Vec::new(),
            note: None,
        }
    }

    /// The same move, decided by `instrument`.
    #[must_use]
    pub fn decided_by(mut self, instrument: InstrumentId) -> Self {
        self.decided_by = Some(instrument);
        self
    }

    /// The same move, reported by `sources`.
    #[must_use]
    pub fn with_sources(mut self, sources: Vec<SourceId>) -> Self {
        self.sources = sources;
        self
    }

    /// The same move, with `basis` for how sure it is.
    #[must_use]
    pub fn with_basis(mut self, basis: Basis) -> Self {
        self.basis = basis;
        self
    }

    /// The same move, with `note` for its context.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
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
    /// The instrument stage that completes it, such as "the treaty in
    /// force", where it is one: its status then also follows the
    /// instrument's life (see [`Achievement`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achieved_by: Option<Achievement>,
    /// The number of measures it comprises, where a source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<Quantity>,
    /// The events derived from [`Commitment::achieved_by`] when the agenda
    /// was built, and what the builder resolved from the rest of the
    /// agenda; never saved.
    #[serde(skip)]
    pub(crate) built: Built,
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
            achieved_by: None,
            measures: None,
            built: Built::default(),
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
        self.events.push(StatusEvent::new(date, status));
        self
    }

    /// The deadline date in force, if any.
    pub fn due(&self) -> Option<PartialDate> {
        self.deadline.as_ref().map(|d| d.date)
    }

    /// Every event that counts for the status: the commitment's own
    /// [`events`](Commitment::events) and, for one
    /// [achieved by](Commitment::achieved_by) an instrument's stage, the
    /// done events derived from the instrument's steps when the agenda was
    /// built (none for a commitment not in a built agenda). Merged by the
    /// last day their dates allow; on the same day its own event comes
    /// before a derived one; each list keeps its own order. This is what
    /// [`Commitment::status_as_of`] replays, so it explains a status that
    /// `events` alone does not.
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let id: union_state::CommitmentId = "UP08.prospectus-agreement".parse()?;
    /// let c = agenda.commitment(&id).unwrap();
    /// assert!(c.events.is_empty());
    /// let derived: Vec<String> = c.timeline().map(|e| format!("{} {}", e.date, e.status)).collect();
    /// assert_eq!(derived, ["2023-12-22 done"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn timeline(&self) -> impl Iterator<Item = &StatusEvent> {
        self.timeline_known().map(|(_, e)| e)
    }

    /// [`Commitment::timeline`], each event with the earliest date of a
    /// dated source that reports it, where the agenda knows one.
    fn timeline_known(&self) -> impl Iterator<Item = (Option<NaiveDate>, &StatusEvent)> {
        let n = self.events.len();
        let mut explicit = self.events.iter().enumerate().peekable();
        let mut derived = self.built.derived().iter().enumerate().peekable();
        let known = move |i: usize| self.built.resolved().known_from(i);
        std::iter::from_fn(move || match (explicit.peek(), derived.peek()) {
            (Some((_, e)), Some((_, d))) if d.date.last_day() < e.date.last_day() => {
                derived.next().map(|(j, d)| (known(n + j), d))
            }
            (Some(_), _) => explicit.next().map(|(i, e)| (known(i), e)),
            (None, _) => derived.next().map(|(j, d)| (known(n + j), d)),
        })
    }

    /// The status as of the end of `date`, replaying the events that had
    /// taken effect by then (an event takes effect on the last day its date
    /// allows): its own events and, for a commitment
    /// [achieved by](Commitment::achieved_by) an instrument's stage, the
    /// done events derived from the instrument's life when the agenda was
    /// built, merged in date order (its own first on the same day).
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
        self.replay(date, None)
    }

    /// The status as of the end of `date` counting only what was known on
    /// `known`: an event counts from the earliest date of a source that
    /// reports it (see [`Source::date`](crate::Source::date) and
    /// [`Source::added`](crate::Source::added)), and from its own date when
    /// none of its sources is dated. With `known` on or after every report,
    /// this is [`Commitment::status_as_of`] (hindsight).
    ///
    /// The dates sources carry are known to an agenda only: on a commitment
    /// built in code, outside an [`Agenda`](crate::Agenda), every event is
    /// known from its own date.
    pub fn status_as_known(&self, date: NaiveDate, known: NaiveDate) -> Status {
        self.replay(date, Some(known))
    }

    /// The status of one state's part as of the end of `date`, or `None`
    /// when `state` does not act on the commitment or is not bound by the
    /// agenda then (it had not joined yet, or had left).
    ///
    /// For [`Actors::Each`] this is the state's own history: events about
    /// it and events about every acting state. For a joint or single-state
    /// act it is the act's status: a state's part of a joint act is the act.
    ///
    /// # Example: each state's own part
    ///
    /// ```
    /// use union_state::{Actors, Commitment, Status, StatusEvent};
    /// let (by, ru) = ("BY".parse()?, "RU".parse()?);
    /// let mut c = Commitment::new("TAX.law".parse()?, "Align VAT law",
    ///         Actors::Each(vec![by, ru]));
    /// c.events.push(StatusEvent::new("2022-12".parse()?, Status::Done).for_state("RU".parse()?));
    /// let day = "2023-01-01".parse()?;
    /// assert_eq!(c.status_of(&"RU".parse()?, day), Some(Status::Done));
    /// assert_eq!(c.status_of(&"BY".parse()?, day), Some(Status::Planned));
    /// assert_eq!(c.status_as_of(day), Status::InProgress);
    /// assert_eq!(c.status_of(&"KZ".parse()?, day), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn status_of(&self, state: &StateCode, date: NaiveDate) -> Option<Status> {
        self.status_of_as_known(state, date, None)
    }

    /// [`Commitment::status_of`] counting only what was known on `known`
    /// (all reports when `None`), as [`Commitment::status_as_known`] does.
    pub fn status_of_as_known(
        &self,
        state: &StateCode,
        date: NaiveDate,
        known: Option<NaiveDate>,
    ) -> Option<Status> {
        let at = self.acting.states().iter().position(|s| s == state)?;
        if !self.built.resolved().binds(at, date) {
            return None;
        }
        match &self.acting {
            Actors::Each(_) => Some(self.replay_state(at, date, known)),
            Actors::State(_) | Actors::Joint(_) | Actors::Institution(_) => {
                Some(self.replay(date, known))
            }
        }
    }

    /// Whether `state` acts on the commitment and is bound by the agenda on
    /// `date` (a member then).
    pub fn binds(&self, state: &StateCode, date: NaiveDate) -> bool {
        self.acting
            .states()
            .iter()
            .position(|s| s == state)
            .is_some_and(|at| self.built.resolved().binds(at, date))
    }

    /// The events that count as of `date` with what was known on `known`,
    /// oldest first.
    fn effective(
        &self,
        date: NaiveDate,
        known: Option<NaiveDate>,
    ) -> impl Iterator<Item = &StatusEvent> {
        self.timeline_known().filter_map(move |(reported, e)| {
            let day = e.date.last_day();
            let reported = reported.unwrap_or(day).max(day);
            (day <= date && known.is_none_or(|k| reported <= k)).then_some(e)
        })
    }

    fn replay_state(&self, at: usize, date: NaiveDate, known: Option<NaiveDate>) -> Status {
        let state = self.acting.states().get(at);
        self.effective(date, known)
            .filter(|e| e.state.is_none() || e.state.as_ref() == state)
            .last()
            .map_or(Status::Planned, |e| e.status)
    }

    fn replay(&self, date: NaiveDate, known: Option<NaiveDate>) -> Status {
        match &self.acting {
            // An event about one state is not the act of a joint
            // commitment (nor of a single state's, which has no per-state
            // history); an agenda never holds one (the builder refuses it).
            Actors::State(_) | Actors::Joint(_) | Actors::Institution(_) => self
                .effective(date, known)
                .filter(|e| e.state.is_none())
                .last()
                .map_or(Status::Planned, |e| e.status),
            Actors::Each(states) => {
                // Only the states bound on `date` hold the act open.
                let per_state: Vec<Status> = (0..states.len())
                    .filter(|&at| self.built.resolved().binds(at, date))
                    .map(|at| self.replay_state(at, date, known))
                    .collect();
                combine(&per_state)
            }
        }
    }

    /// The day the commitment became done, if it is done as of `date`: the
    /// first day of the stretch up to `date` in which it is done. That is
    /// the last day of the event that completed it or, for an
    /// [`Actors::Each`] commitment, the first day a state whose part was
    /// still open was no longer bound (it had left), if that came later.
    pub fn done_on(&self, date: NaiveDate) -> Option<NaiveDate> {
        if self.status_as_of(date) != Status::Done {
            return None;
        }
        // The status changes only on the days an event takes effect and
        // the days a state starts or stops being bound: the completing day
        // is the earliest of them after which it stays done up to `date`.
        let mut days: Vec<NaiveDate> = self
            .timeline()
            .map(|e| e.date.last_day())
            .chain(
                self.built
                    .resolved()
                    .bound
                    .iter()
                    .flat_map(|&(from, until)| [from, until.and_then(|u| u.succ_opt())])
                    .flatten(),
            )
            .filter(|&day| day <= date)
            .collect();
        days.sort_unstable();
        days.dedup();
        let mut done_since = None;
        for day in days {
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
