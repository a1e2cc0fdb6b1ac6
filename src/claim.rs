//! Official statements about progress: [`ProgressClaim`], what it is about
//! ([`ClaimScope`]), and counts as sources word them ([`Quantity`],
//! [`Qualifier`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::ids::{InstrumentId, ProgrammeId, SourceId};
use crate::programme::Sector;
use crate::source::Basis;

/// How a source words a number: exactly, about, at least, more than or
/// less than it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// Exactly the number ("825 measures").
    #[default]
    Exact,
    /// About the number ("about 90%").
    About,
    /// At least the number ("at least 50").
    AtLeast,
    /// More than the number ("more than 50", "more than half").
    MoreThan,
    /// Less than the number ("less than a third").
    LessThan,
}

impl Qualifier {
    /// The snake-case name, as in the JSON format, such as `more_than`.
    pub const fn name(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::About => "about",
            Qualifier::AtLeast => "at_least",
            Qualifier::MoreThan => "more_than",
            Qualifier::LessThan => "less_than",
        }
    }

    /// The words put before the number: empty for [`Qualifier::Exact`],
    /// else `about`, `at least`, `more than`, `less than`.
    pub const fn words(self) -> &'static str {
        match self {
            Qualifier::Exact => "",
            Qualifier::About => "about",
            Qualifier::AtLeast => "at least",
            Qualifier::MoreThan => "more than",
            Qualifier::LessThan => "less than",
        }
    }

    /// Whether `self` is [`Qualifier::Exact`] (the default, left out when
    /// saved).
    pub fn is_exact(&self) -> bool {
        *self == Qualifier::Exact
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// A count as a source words it: "more than 50 measures", "about 90",
/// "825".
///
/// JSON: `{ "value": 50, "qualifier": "more_than" }`; `qualifier` is
/// optional and defaults to `exact` (and is left out when saved).
///
/// # Example
///
/// ```
/// use union_state::{Qualifier, Quantity};
/// let q = Quantity { value: 50, qualifier: Qualifier::MoreThan };
/// assert_eq!(q.to_string(), "more than 50");
/// assert_eq!(Quantity::exact(825).to_string(), "825");
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// The number given.
    pub value: u32,
    /// How it is worded.
    #[serde(default, skip_serializing_if = "Qualifier::is_exact")]
    pub qualifier: Qualifier,
}

impl Quantity {
    /// Exactly `value`.
    pub const fn exact(value: u32) -> Self {
        Quantity {
            value,
            qualifier: Qualifier::Exact,
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.qualifier {
            Qualifier::Exact => write!(f, "{}", self.value),
            q => write!(f, "{} {}", q.words(), self.value),
        }
    }
}

/// What part of the agenda a claim is about, when not the whole of it.
///
/// JSON: `{ "programme": "UP16" }`, `{ "sector": "gas" }` or
/// `{ "plan": "main-directions-2024-2026" }`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ClaimScope {
    /// One programme.
    Programme(ProgrammeId),
    /// Every programme of one sector.
    Sector(Sector),
    /// The measures of one plan, an instrument of the agenda (such as the
    /// Main Directions 2024-2026), whose measures the agenda's commitments
    /// do not list: the data has nothing to set beside the claim, and
    /// [`Agenda::claims_vs_data`](crate::Agenda::claims_vs_data) gives it
    /// an empty tally rather than the whole agenda's.
    Plan(InstrumentId),
}

impl fmt::Display for ClaimScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClaimScope::Programme(id) => write!(f, "programme `{id}`"),
            ClaimScope::Sector(s) => write!(f, "sector `{s}`"),
            ClaimScope::Plan(i) => write!(f, "plan `{i}`"),
        }
    }
}

/// An official statement about progress, kept so that it can be set beside
/// what the data shows for the same date: about the whole agenda, or about
/// one programme or sector ([`ProgressClaim::scope`]).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressClaim {
    /// When the claim was made.
    pub date: PartialDate,
    /// Who made it.
    #[cfg_attr(
        feature = "schema",
        schemars(pattern(crate::schema::NON_BLANK_PATTERN))
    )]
    pub claimant: String,
    /// What was said, paraphrased.
    #[cfg_attr(
        feature = "schema",
        schemars(pattern(crate::schema::NON_BLANK_PATTERN))
    )]
    pub text: String,
    /// The number of measures the claim counts, where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(max = u32::MAX)))]
    pub measures_total: Option<u32>,
    /// The share done, in percent, where a number was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(max = 100)))]
    pub percent_done: Option<u8>,
    /// The number of programmes said to be fully done, where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(max = u32::MAX)))]
    pub programmes_done: Option<u32>,
    /// How sure this is.
    pub basis: Basis,
    /// Who reports it.
    pub sources: Vec<SourceId>,
    /// The number of measures said to be done, as worded ("825 of 993":
    /// exactly 825), where given; not above `measures_total`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures_done: Option<Quantity>,
    /// How `percent_done` is worded ("about 90%": about; "more than half":
    /// more than, with `percent_done` 50); only with `percent_done`. Absent
    /// means exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_qualifier: Option<Qualifier>,
    /// What the claim is about, when not the whole agenda.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<ClaimScope>,
}
