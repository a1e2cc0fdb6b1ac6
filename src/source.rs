//! Where facts come from: [`Source`] and how sure a fact is: [`Basis`].

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::ids::SourceId;

/// How sure a fact is.
///
/// Every fact in an agenda carries a basis and its sources. The shipped
/// dataset never promotes a guess to a fact: what the fact sheet marks as
/// inferred or uncertain is marked so in the data.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A cited source says so.
    #[default]
    Stated,
    /// Our reading of the sources, not said by any of them in so many words.
    Inferred,
    /// Not confirmed by any source.
    Uncertain,
}

impl Basis {
    /// The lower-case name, as in the JSON format.
    pub const fn name(self) -> &'static str {
        match self {
            Basis::Stated => "stated",
            Basis::Inferred => "inferred",
            Basis::Uncertain => "uncertain",
        }
    }
}

/// A published source: a news report, an official page, a legal text.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Its id, such as `S33`.
    pub id: SourceId,
    /// A short descriptive title.
    #[cfg_attr(
        feature = "schema",
        schemars(pattern(crate::schema::NON_BLANK_PATTERN))
    )]
    pub title: String,
    /// Who published it, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// When it was published, where known. An event counts as known from
    /// the earliest date of a source that reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// For an undated source, when it was added to the agenda file: what it
    /// reports counts as known from then (`union-state/2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<PartialDate>,
    /// Where it can be read.
    #[cfg_attr(
        feature = "schema",
        schemars(pattern(crate::schema::NON_BLANK_PATTERN))
    )]
    pub url: String,
}
