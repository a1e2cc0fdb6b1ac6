//! Error types, one per failing operation.
//!
//! | operation | error |
//! |---|---|
//! | parsing an id or a sector | [`IdError`] |
//! | parsing a date | [`DateError`] |
//! | building an agenda | [`BuildError`], a list of [`Problem`]s |
//! | loading an agenda from JSON | [`LoadError`] |
//! | asking a query about an id | [`QueryError`] |
//!
//! Messages are lower case, without a final period, with values in
//! backticks, and each fits on one line ([`BuildError`] excepted: it lists
//! one problem per line). A value taken from the input is echoed escaped
//! (control characters, quotes and backticks as in Rust's `escape_debug`,
//! a backtick as `` \` ``) and, past 80 bytes of escaped text, cut with an
//! ellipsis and its length: `` `aaaa…` (10485760 bytes) ``. The error's
//! fields keep the whole value.

use std::fmt::{self, Write as _};

use crate::date::PartialDate;
use crate::ids::{
    CommitmentId, IdKind, InstitutionId, InstrumentId, NodeId, ProgrammeId, SourceId, StateCode,
};

/// The most escaped text, in bytes, that a message shows of a value taken
/// from the input.
pub(crate) const ECHO_MAX: usize = 80;

/// Shows a value taken from the input in a message: in backticks, escaped,
/// and cut after [`ECHO_MAX`] bytes of escaped text with its length in
/// bytes, so a message stays one short line whatever the input.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

/// One character as a message shows it.
fn escaped(c: char) -> impl Iterator<Item = char> + Clone {
    let backtick = (c == '`').then_some('\\');
    backtick.into_iter().chain(c.escape_debug())
}

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('`')?;
        let mut shown = 0;
        for c in self.0.chars() {
            let esc = escaped(c);
            let len: usize = esc.clone().map(char::len_utf8).sum();
            if shown + len > ECHO_MAX {
                return write!(f, "…` ({} bytes)", self.0.len());
            }
            shown += len;
            for e in esc {
                f.write_char(e)?;
            }
        }
        f.write_char('`')
    }
}

/// An id or label that breaks its rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind} id {}: {reason}", Quoted(text))]
pub struct IdError {
    kind: IdKind,
    text: String,
    reason: &'static str,
}

impl IdError {
    pub(crate) fn new(kind: IdKind, text: String, reason: &'static str) -> Self {
        IdError { kind, text, reason }
    }

    /// The kind of id that was expected.
    pub fn kind(&self) -> IdKind {
        self.kind
    }

    /// The text that was rejected.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The rule it breaks.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

/// A date that does not exist or is not in a supported form.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {}: {reason}", Quoted(text))]
pub struct DateError {
    text: String,
    reason: &'static str,
}

impl DateError {
    pub(crate) fn new(text: String, reason: &'static str) -> Self {
        DateError { text, reason }
    }

    /// The text that was rejected.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Why it was rejected.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

/// An item of an agenda, named in a [`Problem`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ItemRef {
    /// A state.
    State(StateCode),
    /// An institution.
    Institution(InstitutionId),
    /// An instrument.
    Instrument(InstrumentId),
    /// A source.
    Source(SourceId),
    /// A programme.
    Programme(ProgrammeId),
    /// A commitment.
    Commitment(CommitmentId),
    /// A dependency, by its two ends.
    Dependency {
        /// Its prerequisite.
        prerequisite: NodeId,
        /// Its dependent.
        dependent: NodeId,
    },
    /// A progress claim, by its position in the list (0-based).
    Claim(usize),
}

/// `membership of state `KZ`: ` for an institution's member; nothing for
/// the state itself.
struct MemberOf<'a>(&'a ItemRef, &'a StateCode);

impl fmt::Display for MemberOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            ItemRef::State(_) => Ok(()),
            _ => write!(f, "membership of state `{}`: ", self.1),
        }
    }
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemRef::State(id) => write!(f, "state `{id}`"),
            ItemRef::Institution(id) => write!(f, "institution `{id}`"),
            ItemRef::Instrument(id) => write!(f, "instrument `{id}`"),
            ItemRef::Source(id) => write!(f, "source `{id}`"),
            ItemRef::Programme(id) => write!(f, "programme `{id}`"),
            ItemRef::Commitment(id) => write!(f, "commitment `{id}`"),
            ItemRef::Dependency {
                prerequisite,
                dependent,
            } => {
                write!(f, "dependency `{prerequisite}` -> `{dependent}`")
            }
            ItemRef::Claim(index) => write!(f, "claim #{index}"),
        }
    }
}

/// One thing wrong with the items given to an
/// [`AgendaBuilder`](crate::AgendaBuilder).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// Two items of the same kind share an id (programmes and commitments
    /// count as one kind, since dependencies name both).
    #[error("duplicate {kind} id {}", Quoted(id))]
    DuplicateId {
        /// The kind of item.
        kind: IdKind,
        /// The repeated id.
        id: String,
    },
    /// An item refers to an id that does not exist.
    #[error("{item}: field `{field}` refers to unknown {expected} {}", Quoted(id))]
    UnknownReference {
        /// The item that holds the reference.
        item: ItemRef,
        /// The field that holds it.
        field: &'static str,
        /// The id that was not found.
        id: String,
        /// The kind of item it should name.
        expected: IdKind,
    },
    /// A dependency whose two ends are the same item.
    #[error("{item}: an item cannot depend on itself")]
    SelfDependency {
        /// The dependency.
        item: ItemRef,
    },
    /// The same dependency (same ends, same kind) given twice.
    #[error("{item}: given twice with kind `{kind}`")]
    DuplicateDependency {
        /// The dependency.
        item: ItemRef,
        /// Its kind.
        kind: &'static str,
    },
    /// *Requires* edges that form a cycle, as the path of ids: each must be
    /// done before the next, and the last before the first. A programme in
    /// the path stands for its commitments.
    #[error("cycle of `requires` dependencies: {}", CyclePath(path))]
    RequiresCycle {
        /// The ids on the cycle, in order.
        path: Vec<NodeId>,
    },
    /// A required text field is empty or blank.
    #[error("{item}: field `{field}` is empty")]
    EmptyText {
        /// The item.
        item: ItemRef,
        /// The field.
        field: &'static str,
    },
    /// A required list is empty (such as the states who must act).
    #[error("{item}: field `{field}` must not be empty")]
    EmptyList {
        /// The item.
        item: ItemRef,
        /// The field.
        field: &'static str,
    },
    /// A commitment is due before the instrument that sets it was adopted.
    #[error(
        "{item}: deadline `{deadline}` is before instrument `{instrument}` of `{instrument_date}` that sets it"
    )]
    DeadlineBeforeInstrument {
        /// The commitment.
        item: ItemRef,
        /// Its deadline.
        deadline: PartialDate,
        /// The instrument that sets it.
        instrument: InstrumentId,
        /// The instrument's date.
        instrument_date: PartialDate,
    },
    /// A status event is dated before the instrument that sets its
    /// commitment, so before the commitment existed.
    #[error(
        "{item}: event #{index} of `{date}` is before instrument `{instrument}` of `{instrument_date}` that sets it"
    )]
    EventBeforeInstrument {
        /// The commitment.
        item: ItemRef,
        /// The event's position (0-based).
        index: usize,
        /// The event's date.
        date: PartialDate,
        /// The instrument that sets the commitment.
        instrument: InstrumentId,
        /// The instrument's date.
        instrument_date: PartialDate,
    },
    /// A list that must be oldest first is not.
    #[error("{item}: `{field}` #{index} of `{date}` is earlier than the one before it")]
    OutOfOrder {
        /// The item.
        item: ItemRef,
        /// The list (`events` or `deadline.moves`).
        field: &'static str,
        /// The position of the entry out of order (0-based).
        index: usize,
        /// Its date.
        date: PartialDate,
    },
    /// An event names a state that is not among the commitment's actors.
    #[error("{item}: event #{index} is about `{state}`, which is not among the states that act")]
    EventStateNotActing {
        /// The commitment.
        item: ItemRef,
        /// The event's position (0-based).
        index: usize,
        /// The state it names.
        state: StateCode,
    },
    /// An event is about one state, but the commitment is not an
    /// [`Actors::Each`](crate::Actors::Each) one: a joint act or a single
    /// state's act has no per-state status.
    #[error(
        "{item}: event #{index} is about `{state}` alone, but only an `each` commitment has events about one state"
    )]
    EventStateNotEach {
        /// The commitment.
        item: ItemRef,
        /// The event's position (0-based).
        index: usize,
        /// The state it names.
        state: StateCode,
    },
    /// A list of states names the same state more than once (reported once
    /// per repeated state).
    #[error("{item}: field `{field}` lists state `{state}` more than once")]
    DuplicateState {
        /// The item.
        item: ItemRef,
        /// The list (`acting`, `states`).
        field: &'static str,
        /// The repeated state.
        state: StateCode,
    },
    /// A membership ends before it begins: a state (or an institution's
    /// member) whose `left` is not after its `joined`.
    #[error(
        "{item}: {}`left` (`{left}`) is not after `joined` (`{joined}`)",
        MemberOf(item, state)
    )]
    LeftBeforeJoined {
        /// The item: the state, or the institution whose member it is.
        item: ItemRef,
        /// The state.
        state: StateCode,
        /// When it joined.
        joined: PartialDate,
        /// When it left.
        left: PartialDate,
    },
    /// The deadline moves do not chain: a move does not start where the
    /// previous one ended.
    #[error("{item}: deadline move #{index} does not continue from `{expected}`")]
    BrokenMoveChain {
        /// The commitment.
        item: ItemRef,
        /// The position of the move at fault (0-based; for a move added to
        /// a built agenda, the number of moves before it).
        index: usize,
        /// The date it should start (or end) at.
        expected: PartialDate,
    },
    /// The last deadline move does not end at the deadline in force.
    #[error(
        "{item}: the last deadline move ends at `{last}`, not at the deadline in force `{deadline}`"
    )]
    MovesEndElsewhere {
        /// The commitment.
        item: ItemRef,
        /// Where the last move ends.
        last: PartialDate,
        /// The deadline in force.
        deadline: PartialDate,
    },
    /// A claim's percentage is above 100.
    #[error("{item}: field `percent_done` is {value}, above 100")]
    PercentOutOfRange {
        /// The claim.
        item: ItemRef,
        /// The value given.
        value: u8,
    },
    /// A state named in an instrument's signature or ratification, or
    /// acting on a commitment achieved by an instrument's signature or
    /// ratification, is not a party to that instrument.
    #[error(
        "{item}: field `{field}` #{index} names `{state}`, which is not a party to instrument `{instrument}`"
    )]
    NotAParty {
        /// The instrument, or the commitment.
        item: ItemRef,
        /// The field: `signed.states`, `ratified.state` or `acting`.
        field: &'static str,
        /// The position (0-based) of the signature, the ratification, or
        /// the state among those that act.
        index: usize,
        /// The state.
        state: StateCode,
        /// The instrument whose parties it is not among.
        instrument: InstrumentId,
    },
    /// An institution dates the membership of a state that is not among
    /// its `states`.
    #[error("{item}: `membership` #{index} names state `{state}`, which is not among its `states`")]
    NotAMember {
        /// The institution.
        item: ItemRef,
        /// The position (0-based) in `membership`.
        index: usize,
        /// The state.
        state: StateCode,
    },
    /// A party ratifies (accedes to, approves) an instrument a second time.
    #[error(
        "{item}: ratification #{index} by `{state}` repeats an earlier one; a party ratifies once"
    )]
    RepeatedRatification {
        /// The instrument.
        item: ItemRef,
        /// The position (0-based) of the repeated ratification.
        index: usize,
        /// The party.
        state: StateCode,
    },
    /// A ratification (accession, approval) is dated before the
    /// instrument's first signature.
    #[error(
        "{item}: ratification #{index} of `{date}` is before the first signature of `{first_signature}`"
    )]
    RatifiedBeforeSignature {
        /// The instrument.
        item: ItemRef,
        /// The position (0-based) of the ratification.
        index: usize,
        /// Its date.
        date: PartialDate,
        /// The date of the first signature.
        first_signature: PartialDate,
    },
    /// An instrument's entry into force is dated before its first
    /// signature.
    #[error(
        "{item}: entry into force of `{date}` is before the first signature of `{first_signature}`"
    )]
    InForceBeforeSignature {
        /// The instrument.
        item: ItemRef,
        /// The date of entry into force.
        date: PartialDate,
        /// The date of the first signature.
        first_signature: PartialDate,
    },
    /// A commitment is achieved by a stage its instrument cannot reach:
    /// ratification of an instrument without parties.
    #[error(
        "{item}: field `achieved_by.stage` is `{stage}`, but instrument `{instrument}` has no parties to reach it"
    )]
    StageNotPossible {
        /// The commitment.
        item: ItemRef,
        /// The instrument.
        instrument: InstrumentId,
        /// The stage.
        stage: crate::instrument::Stage,
    },
    /// A commitment an institution acts on is achieved by the signature
    /// or ratification of an instrument with parties: steps each party
    /// takes itself, which no institution takes for them, so it could
    /// never be done. Name the acting states, or use `in_force`.
    #[error(
        "{item}: field `achieved_by.stage` is `{stage}`, a step each party to instrument `{instrument}` takes itself, but institution `{institution}` acts"
    )]
    StageNeedsStates {
        /// The commitment.
        item: ItemRef,
        /// The instrument.
        instrument: InstrumentId,
        /// The stage.
        stage: crate::instrument::Stage,
        /// The institution that acts.
        institution: crate::ids::InstitutionId,
    },
    /// A field that goes with another is given without it: a programme's
    /// `mode` without its `mode_basis`, or the basis without the mode.
    #[error("{item}: field `{field}` is given without `{without}`")]
    FieldWithout {
        /// The record.
        item: ItemRef,
        /// The field given.
        field: &'static str,
        /// The field it needs beside it.
        without: &'static str,
    },
    /// A claim words its percentage (`percent_qualifier`) but gives none
    /// (`percent_done`).
    #[error("{item}: field `percent_qualifier` is given without `percent_done`")]
    QualifierWithoutPercent {
        /// The claim.
        item: ItemRef,
    },
    /// A claim counts more measures done than it counts in all.
    #[error("{item}: field `measures_done` is `{done}`, above `measures_total` of {total}")]
    MeasuresAboveTotal {
        /// The claim.
        item: ItemRef,
        /// The measures said done.
        done: crate::claim::Quantity,
        /// The measures in all.
        total: u32,
    },
}

struct PathNote<'a>(Option<&'a str>);

impl fmt::Display for PathNote<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(path) => write!(f, " ({})", Quoted(path)),
            None => Ok(()),
        }
    }
}

struct CyclePath<'a>(&'a [NodeId]);

impl fmt::Display for CyclePath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for id in self.0 {
            write!(f, "`{id}` -> ")?;
        }
        match self.0.first() {
            Some(first) => write!(f, "`{first}`"),
            None => Ok(()),
        }
    }
}

/// Everything wrong with the items given to an
/// [`AgendaBuilder`](crate::AgendaBuilder), found in one pass.
///
/// Display prints a count, then one problem per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    problems: Vec<Problem>,
}

impl BuildError {
    pub(crate) fn new(problems: Vec<Problem>) -> Self {
        BuildError { problems }
    }

    /// The problems, in a deterministic order: duplicate ids first, then
    /// item by item (states, sources, institutions, instruments, programmes,
    /// commitments, dependencies, claims, each kind in id order), each
    /// item's problems in the order its fields are checked, and cycles of
    /// *requires* dependencies last.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Consumes the error, returning the problems.
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "invalid agenda: {one}"),
            many => {
                write!(f, "invalid agenda: {} problems", many.len())?;
                for p in many {
                    write!(f, "\n  {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for BuildError {}

/// Why an agenda could not be loaded from JSON.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The input could not be read.
    #[error("cannot read agenda: {0}")]
    Io(#[source] std::io::Error),
    /// The input is larger than the loader accepts. Files, readers, pipes
    /// and other streams are counted as they are read, so the load stops
    /// soon after the limit.
    #[error("agenda input is above the limit of {limit} bytes ({size} bytes seen)")]
    TooLarge {
        /// The bytes seen: the whole size for a string, a slice or a
        /// regular file; for a stream, what was read before stopping (a
        /// little more than the limit).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The input is not valid JSON, or does not have the agenda's shape: a
    /// wrong type, an unknown field or enum value, a malformed id or date.
    #[error("invalid agenda JSON at line {line}, column {column}{}: {message}", PathNote(path.as_deref()))]
    Syntax {
        /// The 1-based line.
        line: usize,
        /// The 1-based column.
        column: usize,
        /// Where in the agenda, such as `commitments[2].deadline.date`, when
        /// it is known (it is for strings, slices and regular files; a
        /// reader or a pipe cannot be read twice to find it). `None` also
        /// for an error at the start of the input.
        path: Option<String>,
        /// What is wrong, as the parser says it, with any value it echoes
        /// quoted as in every message of the crate.
        message: String,
    },
    /// The `format` field names a format this version does not read.
    #[error("unsupported agenda format {}: expected `{expected}`", Quoted(found))]
    Format {
        /// What the file says.
        found: String,
        /// What this version reads.
        expected: &'static str,
    },
    /// A `union-state/1` file uses what only `union-state/2` may say.
    #[error(
        "`{path}`: {what} needs `\"format\": \"union-state/2\"` (the file says `union-state/1`)"
    )]
    NeedsVersion2 {
        /// Where, such as `states[2].joined`.
        path: String,
        /// What it is, in a few words.
        what: &'static str,
    },
    /// The JSON is well formed but the agenda is inconsistent.
    #[error(transparent)]
    Build(#[from] BuildError),
}

impl LoadError {
    pub(crate) fn from_json(e: &serde_json::Error) -> Self {
        Self::from_json_shifted(e, 0, 0)
    }

    /// As [`LoadError::from_json`] for a parser that started `lines` lines
    /// and `columns` bytes into the input.
    pub(crate) fn from_json_shifted(e: &serde_json::Error, lines: usize, columns: usize) -> Self {
        let (line, column) = match e.line() {
            1 => (1 + lines, e.column() + columns),
            line => (line + lines, e.column()),
        };
        // serde_json appends " at line L column C"; keep only the message.
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(cut) => full.get(..cut).unwrap_or(&full),
            None => &full,
        };
        LoadError::Syntax {
            line,
            // serde_json says column 0 at the start of a line (an empty
            // input, or the end of one after a newline); columns are 1-based.
            column: column.max(1),
            path: None,
            message: one_line(message),
        }
    }

    /// Adds the path to a syntax error.
    pub(crate) fn with_path(self, at: Option<String>) -> Self {
        match self {
            LoadError::Syntax {
                line,
                column,
                message,
                ..
            } => LoadError::Syntax {
                line,
                column,
                path: at,
                message,
            },
            other => other,
        }
    }
}

/// The longest parser message kept, in bytes. Every message the loader
/// makes echoes input through [`Quoted`], so this only guards the one-line
/// contract against a message nobody foresaw.
const MESSAGE_MAX: usize = 400;

/// A parser message made safe for one line: control characters escaped,
/// cut at [`MESSAGE_MAX`] bytes.
fn one_line(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(MESSAGE_MAX + 4));
    for c in message.chars() {
        if out.len() >= MESSAGE_MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// A change to a built [`Agenda`](crate::Agenda) that was refused; the
/// agenda is left as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MutationError {
    /// The item to change is not in the agenda.
    #[error("unknown {kind} {}", Quoted(id))]
    UnknownId {
        /// The kind of id.
        kind: IdKind,
        /// The id given.
        id: String,
    },
    /// The commitment has no deadline to move.
    #[error("commitment `{id}` has no deadline to move")]
    NoDeadline {
        /// The commitment.
        id: CommitmentId,
    },
    /// The change would make the agenda invalid.
    #[error(transparent)]
    Invalid(BuildError),
}

/// A query that could not be answered.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The id is not in the agenda.
    #[error("unknown {kind} {}", Quoted(id))]
    UnknownId {
        /// The kind of id.
        kind: IdKind,
        /// The id asked about.
        id: String,
    },
    /// A what-if question about an item with no dated commitment.
    #[error("{} has no dated commitment to move", Quoted(id))]
    NoDeadline {
        /// The id asked about.
        id: String,
    },
    /// Moving a date would leave the supported calendar.
    #[error(
        "moving the deadline of {} from `{date}` leaves the supported calendar",
        Quoted(id)
    )]
    DateOutOfRange {
        /// The id asked about.
        id: String,
        /// The date that could not be moved.
        date: chrono::NaiveDate,
    },
}
