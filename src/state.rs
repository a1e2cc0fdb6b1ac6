//! The parties and bodies of an agenda: [`State`], [`Institution`] and
//! [`Instrument`].

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::ids::{InstitutionId, InstrumentId, SourceId, StateCode};
use crate::source::Basis;

/// A party to the agreements, such as Belarus (`BY`) or Russia (`RU`).
///
/// The model does not assume two states.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// Its code, such as `BY`.
    pub code: StateCode,
    /// Its name, such as "Republic of Belarus".
    #[cfg_attr(
        feature = "schema",
        schemars(pattern(crate::schema::NON_BLANK_PATTERN))
    )]
    pub name: String,
}

/// A body that approves or acts: the Supreme State Council, the Council of
/// Ministers, a central bank, a government.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// Its id, such as `supreme-state-council`.
    pub id: InstitutionId,
    /// Its name.
    #[cfg_attr(
        feature = "schema",
        schemars(pattern(crate::schema::NON_BLANK_PATTERN))
    )]
    pub name: String,
    /// The states it belongs to or represents, each once.
    #[cfg_attr(feature = "schema", schemars(extend("uniqueItems" = true)))]
    pub states: Vec<StateCode>,
    /// A remark, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The sources that describe it.
    pub sources: Vec<SourceId>,
}

/// A dated document that sets commitments: a treaty, a decree, an agreement.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Its id, such as `ssc-decree-2021-11-04`.
    pub id: InstrumentId,
    /// Its title.
    #[cfg_attr(
        feature = "schema",
        schemars(pattern(crate::schema::NON_BLANK_PATTERN))
    )]
    pub title: String,
    /// When it was adopted or signed, as precisely as known.
    pub date: PartialDate,
    /// The institution that issued it, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_by: Option<InstitutionId>,
    /// How sure the facts about it are.
    pub basis: Basis,
    /// A remark, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The sources that report it.
    pub sources: Vec<SourceId>,
}
