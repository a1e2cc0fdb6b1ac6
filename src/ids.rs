//! Validated identifiers.
//!
//! Every entity of an agenda is named by an id newtype. Each one checks its
//! rule on construction ([`ProgrammeId::new`], [`str::parse`], or while
//! deserialising), so an id that exists is well formed.
//!
//! | type | rule | examples |
//! |---|---|---|
//! | [`StateCode`] | 2 or 3 upper-case ASCII letters | `BY`, `RU`, `DEU` |
//! | [`ProgrammeId`], [`InstitutionId`], [`InstrumentId`], [`SourceId`], [`AgendaId`] | 1 to 64 ASCII letters, digits, `-` or `_`, starting with a letter or digit | `UP16`, `S33` |
//! | [`CommitmentId`] | `<programme id>.<local id>`, each part following the rule above | `UP16.principles` |
//!
//! A commitment id names the programme it belongs to, so a commitment can
//! never be filed under two programmes, and [`NodeId`] (either kind of
//! dependency endpoint) can tell the two apart from the text alone: a dot
//! means a commitment.

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::IdError;

/// The longest id part accepted, in bytes.
pub const MAX_ID_LEN: usize = 64;

/// The kinds of id, used in error messages and problem reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IdKind {
    /// A [`StateCode`].
    State,
    /// A [`ProgrammeId`].
    Programme,
    /// A [`CommitmentId`].
    Commitment,
    /// An [`InstitutionId`].
    Institution,
    /// An [`InstrumentId`].
    Instrument,
    /// A [`SourceId`].
    Source,
    /// A [`NodeId`]: a programme or a commitment.
    Node,
    /// A [`Sector`](crate::Sector) label.
    Sector,
    /// An [`AgendaId`]: the agenda's own short id.
    Agenda,
}

impl IdKind {
    /// The lower-case name used in messages, such as `programme`.
    pub const fn name(self) -> &'static str {
        match self {
            IdKind::State => "state",
            IdKind::Programme => "programme",
            IdKind::Commitment => "commitment",
            IdKind::Institution => "institution",
            IdKind::Instrument => "instrument",
            IdKind::Source => "source",
            IdKind::Node => "programme or commitment",
            IdKind::Sector => "sector",
            IdKind::Agenda => "agenda",
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// How a text breaks the plain id rule.
#[derive(Clone, Copy)]
enum Fault {
    Empty,
    TooLong,
    BadStart,
    BadByte,
}

/// Checks the plain id rule; returns how it fails.
fn plain_fault(s: &str) -> Result<(), Fault> {
    let Some(first) = s.bytes().next() else {
        return Err(Fault::Empty);
    };
    if s.len() > MAX_ID_LEN {
        return Err(Fault::TooLong);
    }
    if !first.is_ascii_alphanumeric() {
        return Err(Fault::BadStart);
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Fault::BadByte);
    }
    Ok(())
}

/// Checks the plain id rule; returns the reason it fails.
fn plain_rule(s: &str) -> Result<(), &'static str> {
    plain_fault(s).map_err(|fault| match fault {
        Fault::Empty => "it is empty",
        Fault::TooLong => "it is longer than 64 bytes",
        Fault::BadStart => "it must start with an ASCII letter or digit",
        Fault::BadByte => "only ASCII letters, digits, `-` and `_` are allowed",
    })
}

fn state_rule(s: &str) -> Result<(), &'static str> {
    if !(2..=3).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err("expected 2 or 3 upper-case ASCII letters");
    }
    Ok(())
}

const ONE_DOT: &str = "expected `<programme id>.<local id>`, with one dot";

/// Whether `s` follows the commitment id rule, in one pass over its bytes
/// (the common case; [`commitment_rule`] then says why one does not).
fn is_commitment_id(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut dot = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'.' {
            if dot.is_some() {
                return false;
            }
            dot = Some(i);
        } else if !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return false;
        }
    }
    let Some(dot) = dot else {
        return false;
    };
    let (programme, local) = bytes.split_at(dot);
    let local = local.get(1..).unwrap_or(&[]);
    [programme, local]
        .iter()
        .all(|part| part.len() <= MAX_ID_LEN && part.first().is_some_and(u8::is_ascii_alphanumeric))
}

fn commitment_rule(s: &str) -> Result<(), &'static str> {
    if is_commitment_id(s) {
        return Ok(());
    }
    let Some((programme, local)) = s.split_once('.') else {
        return Err(ONE_DOT);
    };
    if local.contains('.') {
        return Err(ONE_DOT);
    }
    plain_fault(programme).map_err(|fault| match fault {
        Fault::Empty => "the programme part before the dot is empty",
        Fault::TooLong => "the programme part before the dot is longer than 64 bytes",
        Fault::BadStart => {
            "the programme part before the dot must start with an ASCII letter or digit"
        }
        Fault::BadByte => {
            "the programme part before the dot may only have ASCII letters, digits, `-` and `_`"
        }
    })?;
    plain_fault(local).map_err(|fault| match fault {
        Fault::Empty => "the local part after the dot is empty",
        Fault::TooLong => "the local part after the dot is longer than 64 bytes",
        Fault::BadStart => "the local part after the dot must start with an ASCII letter or digit",
        Fault::BadByte => {
            "the local part after the dot may only have ASCII letters, digits, `-` and `_`"
        }
    })?;
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:expr, $rule:path) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(CompactString);

        impl $name {
            /// Checks `id` against this kind's rule and wraps it.
            ///
            /// # Errors
            ///
            /// [`IdError`] naming the kind, the text and the rule broken.
            pub fn new(id: impl Into<String>) -> Result<Self, IdError> {
                let id: String = id.into();
                match $rule(&id) {
                    Ok(()) => Ok(Self(CompactString::from(id))),
                    Err(reason) => Err(IdError::new($kind, id, reason)),
                }
            }

            /// Checks `id` without taking ownership; ids of up to 24 bytes
            /// are stored inline, without a heap allocation.
            fn from_text(id: &str) -> Result<Self, IdError> {
                match $rule(id) {
                    Ok(()) => Ok(Self(CompactString::new(id))),
                    Err(reason) => Err(IdError::new($kind, id.to_owned(), reason)),
                }
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::from_text(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;
            fn try_from(s: &str) -> Result<Self, IdError> {
                Self::from_text(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "a {} id", $kind)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::from_text(v).map_err(E::custom)
                    }
                }
                d.deserialize_str(Visitor)
            }
        }
    };
}

id_type!(
    /// A state, by its ISO 3166-1 style code: 2 or 3 upper-case ASCII letters.
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::StateCode;
    /// let by: StateCode = "BY".parse()?;
    /// assert_eq!(by.as_str(), "BY");
    /// assert!("by".parse::<StateCode>().is_err());
    /// # Ok::<(), union_state::error::IdError>(())
    /// ```
    StateCode,
    IdKind::State,
    state_rule
);
id_type!(
    /// A programme id, such as `UP16`: 1 to 64 ASCII letters, digits, `-` or
    /// `_`, starting with a letter or digit.
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::ProgrammeId;
    /// let gas = ProgrammeId::new("UP16")?;
    /// assert_eq!(gas.to_string(), "UP16");
    /// assert!(ProgrammeId::new("UP 16").is_err());
    /// # Ok::<(), union_state::error::IdError>(())
    /// ```
    ProgrammeId,
    IdKind::Programme,
    plain_rule
);
id_type!(
    /// A commitment id, `<programme id>.<local id>`, such as `UP16.addendum`.
    ///
    /// The part before the dot is the programme the commitment belongs to
    /// (see [`CommitmentId::programme`]).
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::CommitmentId;
    /// let addendum: CommitmentId = "UP16.addendum".parse()?;
    /// assert_eq!(addendum.programme().as_str(), "UP16");
    /// assert_eq!(addendum.local(), "addendum");
    /// assert!("UP16".parse::<CommitmentId>().is_err());
    /// # Ok::<(), union_state::error::IdError>(())
    /// ```
    CommitmentId,
    IdKind::Commitment,
    commitment_rule
);
id_type!(
    /// An institution id, such as `supreme-state-council`.
    InstitutionId,
    IdKind::Institution,
    plain_rule
);
id_type!(
    /// An instrument id (a treaty, decree or agreement), such as
    /// `ssc-decree-2021-11-04`.
    InstrumentId,
    IdKind::Instrument,
    plain_rule
);
id_type!(
    /// A source id, such as `S33`.
    SourceId,
    IdKind::Source,
    plain_rule
);
id_type!(
    /// An agenda's own short id ([`About::id`](crate::About::id)), such as
    /// `union-state`: the domain of its iCalendar `UID`s.
    AgendaId,
    IdKind::Agenda,
    plain_rule
);

impl CommitmentId {
    /// The programme this commitment belongs to: the part before the dot.
    pub fn programme(&self) -> ProgrammeId {
        ProgrammeId(CompactString::new(self.programme_str()))
    }

    /// The programme part as text, without allocating.
    pub fn programme_str(&self) -> &str {
        self.0.split_once('.').map_or(&*self.0, |(p, _)| p)
    }

    /// The local part, after the dot.
    pub fn local(&self) -> &str {
        self.0.split_once('.').map_or("", |(_, l)| l)
    }
}

/// A dependency endpoint: a programme (standing for all of its commitments)
/// or one commitment.
///
/// Parsed from text by the dot rule: `UP16` is a programme, `UP16.addendum`
/// a commitment.
///
/// # Example
///
/// ```
/// use union_state::NodeId;
/// let node: NodeId = "UP16.addendum".parse()?;
/// assert!(matches!(node, NodeId::Commitment(_)));
/// let node: NodeId = "UP16".parse()?;
/// assert!(matches!(node, NodeId::Programme(_)));
/// # Ok::<(), union_state::error::IdError>(())
/// ```
///
/// Ordered by text, so `UP16` < `UP16.addendum` < `UP17`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NodeId {
    /// A whole programme: all of its commitments.
    Programme(ProgrammeId),
    /// One commitment.
    Commitment(CommitmentId),
}

impl NodeId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        match self {
            NodeId::Programme(p) => p.as_str(),
            NodeId::Commitment(c) => c.as_str(),
        }
    }

    /// The programme this node is or belongs to.
    pub fn programme(&self) -> ProgrammeId {
        match self {
            NodeId::Programme(p) => p.clone(),
            NodeId::Commitment(c) => c.programme(),
        }
    }
}

/// A dependency end named by reference: what the graph queries take, so a
/// [`NodeId`], a [`CommitmentId`] or a [`ProgrammeId`] is passed as it is,
/// without building a [`NodeId`] from it.
///
/// ```
/// let agenda = union_state::dataset();
/// let addendum = agenda.commitment(&"UP16.addendum".parse()?).unwrap();
/// // A commitment's own id, a programme id and a node id all work.
/// let before = agenda.prerequisites(&addendum.id)?;
/// assert_eq!(before[0].id.as_str(), "UP16.principles");
/// assert!(!agenda.dependents(&addendum.id.programme())?.is_empty());
/// let node: union_state::NodeId = "UP16".parse()?;
/// assert_eq!(agenda.dependents(&node)?, agenda.dependents(&addendum.id.programme())?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A call such as `agenda.prerequisites(&"UP16.addendum".parse()?)` needs
/// the type said (`.parse::<union_state::NodeId>()`), as any generic
/// parameter does.
pub trait AsNode {
    /// The dependency end this names.
    fn as_node(&self) -> NodeRef<'_>;
}

/// A borrowed [`NodeId`]: a programme or a commitment, by reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeRef<'a> {
    /// A whole programme: all of its commitments.
    Programme(&'a ProgrammeId),
    /// One commitment.
    Commitment(&'a CommitmentId),
}

impl<'a> NodeRef<'a> {
    /// The id as text.
    pub fn as_str(&self) -> &'a str {
        match *self {
            NodeRef::Programme(p) => p.as_str(),
            NodeRef::Commitment(c) => c.as_str(),
        }
    }

    /// An owned copy.
    pub fn to_node_id(&self) -> NodeId {
        match *self {
            NodeRef::Programme(p) => NodeId::Programme(p.clone()),
            NodeRef::Commitment(c) => NodeId::Commitment(c.clone()),
        }
    }
}

impl fmt::Display for NodeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl AsNode for NodeId {
    fn as_node(&self) -> NodeRef<'_> {
        match self {
            NodeId::Programme(p) => NodeRef::Programme(p),
            NodeId::Commitment(c) => NodeRef::Commitment(c),
        }
    }
}

impl AsNode for CommitmentId {
    fn as_node(&self) -> NodeRef<'_> {
        NodeRef::Commitment(self)
    }
}

impl AsNode for ProgrammeId {
    fn as_node(&self) -> NodeRef<'_> {
        NodeRef::Programme(self)
    }
}

impl AsNode for NodeRef<'_> {
    fn as_node(&self) -> NodeRef<'_> {
        *self
    }
}

impl Ord for NodeId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for NodeId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for NodeId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        if s.contains('.') {
            CommitmentId::from_text(s).map(NodeId::Commitment)
        } else {
            match plain_rule(s) {
                Ok(()) => Ok(NodeId::Programme(ProgrammeId(CompactString::new(s)))),
                Err(reason) => Err(IdError::new(IdKind::Node, s.to_owned(), reason)),
            }
        }
    }
}

impl From<ProgrammeId> for NodeId {
    fn from(id: ProgrammeId) -> Self {
        NodeId::Programme(id)
    }
}

/// A copy of the id: ids of up to 24 bytes are stored inline, so this does
/// not allocate.
impl From<&CommitmentId> for NodeId {
    fn from(id: &CommitmentId) -> Self {
        NodeId::Commitment(id.clone())
    }
}

/// A copy of the id, as for a commitment id.
impl From<&ProgrammeId> for NodeId {
    fn from(id: &ProgrammeId) -> Self {
        NodeId::Programme(id.clone())
    }
}

impl From<CommitmentId> for NodeId {
    fn from(id: CommitmentId) -> Self {
        NodeId::Commitment(id)
    }
}

impl Serialize for NodeId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for NodeId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = NodeId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a programme or commitment id")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NodeId, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_follow_the_rule() {
        assert!(ProgrammeId::new("UP01").is_ok());
        assert!(ProgrammeId::new("a-b_c9").is_ok());
        assert!(ProgrammeId::new("").is_err());
        assert!(ProgrammeId::new("-x").is_err());
        assert!(ProgrammeId::new("a.b").is_err());
        assert!(ProgrammeId::new("é").is_err());
        assert!(ProgrammeId::new("x".repeat(64)).is_ok());
        assert!(ProgrammeId::new("x".repeat(65)).is_err());
    }

    #[test]
    fn commitment_ids_need_one_dot() {
        let c = CommitmentId::new("UP16.addendum").unwrap();
        assert_eq!(c.programme_str(), "UP16");
        assert_eq!(c.local(), "addendum");
        assert!(CommitmentId::new("UP16").is_err());
        assert!(CommitmentId::new("UP16.a.b").is_err());
        assert!(CommitmentId::new(".a").is_err());
        assert!(CommitmentId::new("a.").is_err());
    }

    #[test]
    fn state_codes_are_upper_case_letters() {
        assert!(StateCode::new("BY").is_ok());
        assert!(StateCode::new("DEU").is_ok());
        assert!(StateCode::new("B").is_err());
        assert!(StateCode::new("BYRU").is_err());
        assert!(StateCode::new("By").is_err());
    }

    #[test]
    fn the_one_pass_check_agrees_with_the_rule() {
        let long = "x".repeat(64);
        let longer = "x".repeat(65);
        let parts = [
            "", "a", "A9", "-a", "_a", "a-b_c", "a b", "é", ".", &long, &longer,
        ];
        for p in parts {
            for l in parts {
                let id = format!("{p}.{l}");
                let slow = plain_fault(p).is_ok() && plain_fault(l).is_ok() && !l.contains('.');
                assert_eq!(is_commitment_id(&id), slow, "{id}");
                assert_eq!(commitment_rule(&id).is_ok(), slow, "{id}");
            }
            assert!(!is_commitment_id(p), "{p}");
        }
    }

    #[test]
    fn commitment_id_errors_name_the_part_and_the_rule() {
        let reason = |s: &str| CommitmentId::new(s).unwrap_err().reason();
        let long = "x".repeat(65);
        assert_eq!(
            reason(&format!("UP16.{long}")),
            "the local part after the dot is longer than 64 bytes"
        );
        assert_eq!(
            reason(&format!("{long}.a")),
            "the programme part before the dot is longer than 64 bytes"
        );
        assert_eq!(reason("UP16."), "the local part after the dot is empty");
        assert_eq!(reason(".a"), "the programme part before the dot is empty");
        assert_eq!(
            reason("UP16.-a"),
            "the local part after the dot must start with an ASCII letter or digit"
        );
        assert_eq!(
            reason("U P.a"),
            "the programme part before the dot may only have ASCII letters, digits, `-` and `_`"
        );
        assert_eq!(reason("UP16.a.b"), ONE_DOT);
        assert!(CommitmentId::new(format!("UP16.{}", "x".repeat(64))).is_ok());
    }

    #[test]
    fn id_error_names_kind_text_and_rule() {
        let err = CommitmentId::new("UP16").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid commitment id `UP16`: expected `<programme id>.<local id>`, with one dot"
        );
    }
}
