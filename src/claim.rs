//! Official statements about overall progress: [`ProgressClaim`].

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::ids::SourceId;
use crate::source::Basis;

/// An official statement about overall progress, kept so that it can be set
/// beside what the data shows for the same date.
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
}
