//! Union programmes: [`Programme`], its [`IntegrationMode`] and [`Sector`].

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::claim::Quantity;
use crate::error::IdError;
use crate::ids::{IdKind, InstrumentId, ProgrammeId, SourceId, StateCode};
use crate::source::Basis;

/// How deep a programme goes: the seven wordings the 28 programmes use, from
/// the German Economic Team's count (7 harmonisation, 6 common policies,
/// rules or principles, 5 unification, 5 integration, 3 common markets,
/// 1 convergence, 1 agreed policy).
///
/// The variants are listed, and ordered, as that count lists them; this
/// order is not a depth scale.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntegrationMode {
    /// Harmonisation of policies or law.
    Harmonisation,
    /// Common policies, rules or principles.
    CommonRules,
    /// Unification of policies or law.
    Unification,
    /// Integration of systems or policies.
    Integration,
    /// A common (unified) market.
    CommonMarket,
    /// Convergence of policies.
    Convergence,
    /// An agreed (coordinated) policy.
    AgreedPolicy,
}

impl IntegrationMode {
    /// All seven modes, in declaration order.
    pub const ALL: [IntegrationMode; 7] = [
        IntegrationMode::Harmonisation,
        IntegrationMode::CommonRules,
        IntegrationMode::Unification,
        IntegrationMode::Integration,
        IntegrationMode::CommonMarket,
        IntegrationMode::Convergence,
        IntegrationMode::AgreedPolicy,
    ];

    /// The snake-case name, as in the JSON format, such as `common_market`.
    pub const fn name(self) -> &'static str {
        match self {
            IntegrationMode::Harmonisation => "harmonisation",
            IntegrationMode::CommonRules => "common_rules",
            IntegrationMode::Unification => "unification",
            IntegrationMode::Integration => "integration",
            IntegrationMode::CommonMarket => "common_market",
            IntegrationMode::Convergence => "convergence",
            IntegrationMode::AgreedPolicy => "agreed_policy",
        }
    }

    /// A short English label, such as "common market".
    pub const fn label(self) -> &'static str {
        match self {
            IntegrationMode::Harmonisation => "harmonisation",
            IntegrationMode::CommonRules => "common policies, rules, principles",
            IntegrationMode::Unification => "unification",
            IntegrationMode::Integration => "integration",
            IntegrationMode::CommonMarket => "common market",
            IntegrationMode::Convergence => "convergence",
            IntegrationMode::AgreedPolicy => "agreed policy",
        }
    }
}

impl fmt::Display for IntegrationMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// A sector label, such as `gas` or `consumer protection`: 1 to 64 bytes of
/// lower-case ASCII letters, digits, `-` and single spaces, starting and
/// ending with a letter or digit.
///
/// # Example
///
/// ```
/// use union_state::Sector;
/// assert!(Sector::new("consumer protection").is_ok());
/// assert!(Sector::new("Gas").is_err());
/// # Ok::<(), union_state::error::IdError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sector(CompactString);

impl Sector {
    /// Checks the label and wraps it.
    ///
    /// # Errors
    ///
    /// [`IdError`] naming the label and the rule it breaks.
    pub fn new(label: impl Into<String>) -> Result<Self, IdError> {
        let label: String = label.into();
        let ok_byte = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        let bytes = label.as_bytes();
        let valid = !label.is_empty()
            && label.len() <= 64
            && bytes.first().copied().is_some_and(ok_byte)
            && bytes.last().copied().is_some_and(ok_byte)
            && bytes.iter().all(|&b| ok_byte(b) || b == b'-' || b == b' ')
            && !label.contains("  ");
        if valid {
            Ok(Sector(CompactString::from(label)))
        } else {
            Err(IdError::new(
                IdKind::Sector,
                label,
                "expected 1 to 64 lower-case ASCII letters, digits, `-` and single spaces",
            ))
        }
    }

    /// The label as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl FromStr for Sector {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        Sector::new(s)
    }
}

impl AsRef<str> for Sector {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Sector {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Serialize for Sector {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Sector {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Sector::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// What one state is expected to gain from a programme.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Benefit {
    /// The state expected to gain.
    pub state: StateCode,
    /// What it is expected to gain.
    #[cfg_attr(
        feature = "schema",
        schemars(pattern(crate::schema::NON_BLANK_PATTERN))
    )]
    pub text: String,
    /// How sure this is.
    pub basis: Basis,
    /// Who says so.
    pub sources: Vec<SourceId>,
}

impl Benefit {
    /// `state` is expected to gain `text`, `stated` by `sources`.
    pub fn new(state: StateCode, text: impl Into<String>, sources: Vec<SourceId>) -> Self {
        Benefit {
            state,
            text: text.into(),
            basis: Basis::Stated,
            sources,
        }
    }

    /// The same benefit, with `basis` for how sure it is.
    #[must_use]
    pub fn with_basis(mut self, basis: Basis) -> Self {
        self.basis = basis;
        self
    }
}

/// A union programme: one sector's package of commitments, with how deep it
/// goes.
///
/// # A programme as a dependency end
///
/// A dependency whose prerequisite is a programme means "all of its
/// commitments"; one whose dependent is a programme binds each of its
/// commitments. A programme *without* commitments (its contents not yet in
/// the data) is a milestone: a point that dependencies pass through, so
/// `A.x -> E -> B.y` makes `A.x` a prerequisite of `B.y` in every query
/// (prerequisites and dependents, schedule and waves, critical path,
/// conflicts and latest dates, deadlocks, which name `E` on a cycle through
/// it). It is never counted complete in [`Agenda::progress`](crate::Agenda::progress)
/// (nothing in the data shows it done) and delivers no depth in
/// [`Agenda::depth`](crate::Agenda::depth).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// Its id, such as `UP16`. The shipped dataset's ids are working ids; see
    /// [`Programme::official_number`].
    pub id: ProgrammeId,
    /// The official number, only where a source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(max = u32::MAX)))]
    pub official_number: Option<u32>,
    /// An English title (a paraphrase where no official one is known).
    #[cfg_attr(
        feature = "schema",
        schemars(pattern(crate::schema::NON_BLANK_PATTERN))
    )]
    pub title: String,
    /// A Russian wording found in a source, where one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ru: Option<String>,
    /// The sector it covers.
    pub sector: Sector,
    /// How deep it goes, where the agreement says (an EU directive has no
    /// mode; optional in `union-state/2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<IntegrationMode>,
    /// Whether a source uses that wording for this programme; given exactly
    /// when `mode` is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode_basis: Option<Basis>,
    /// Whether its existence as a separate programme is stated.
    pub basis: Basis,
    /// What it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The states it binds.
    #[cfg_attr(feature = "schema", schemars(length(min = 1), extend("uniqueItems" = true)))]
    pub states: Vec<StateCode>,
    /// The instrument that approved it, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_by: Option<InstrumentId>,
    /// What each state is expected to gain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub benefits: Vec<Benefit>,
    /// The sources that describe it.
    pub sources: Vec<SourceId>,
    /// The number of measures it comprises, where a source gives one
    /// ("more than 50 measures").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<Quantity>,
}

impl Programme {
    /// A programme with the given id, title, sector and mode, binding no
    /// state yet, with every fact [`Basis::Stated`] and no sources: a
    /// starting point for building agendas in code.
    pub fn new(
        id: ProgrammeId,
        title: impl Into<String>,
        sector: Sector,
        mode: IntegrationMode,
    ) -> Self {
        Programme {
            id,
            official_number: None,
            title: title.into(),
            title_ru: None,
            sector,
            mode: Some(mode),
            mode_basis: Some(Basis::Stated),
            basis: Basis::Stated,
            summary: None,
            states: Vec::new(),
            set_by: None,
            benefits: Vec::new(),
            sources: Vec::new(),
            measures: None,
        }
    }
}
