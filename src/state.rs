//! The parties and bodies of an agenda: [`State`], [`Institution`] and
//! [`Instrument`].

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::ids::{InstitutionId, InstrumentId, SourceId, StateCode};
use crate::instrument::{Dated, Ratification, Signature};
use crate::source::Basis;

/// A party to the agreements, such as Belarus (`BY`) or Russia (`RU`).
///
/// The model does not assume two states.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// Its code, such as `BY`.
    pub code: StateCode,
    /// Its name, such as "Republic of Belarus".
    pub name: String,
}

/// A body that approves or acts: the Supreme State Council, the Council of
/// Ministers, a central bank, a government.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// Its id, such as `supreme-state-council`.
    pub id: InstitutionId,
    /// Its name.
    pub name: String,
    /// The states it belongs to or represents, each once.
    pub states: Vec<StateCode>,
    /// A remark, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The sources that describe it.
    pub sources: Vec<SourceId>,
}

/// A dated document that sets commitments: a treaty, a decree, an agreement.
///
/// A treaty between states also has a life: its parties, its signatures
/// (one or several, such as in two capitals on two days), each party's
/// ratification, accession or approval, and its entry into force. See
/// [`Instrument::stage_as_of`] for how far it had come on a date, and
/// [`Achievement`](crate::Achievement) for a commitment that is "the treaty
/// in force".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Its id, such as `ssc-decree-2021-11-04`.
    pub id: InstrumentId,
    /// Its title.
    pub title: String,
    /// When it was adopted or first signed, as precisely as known.
    pub date: PartialDate,
    /// The states it binds as a treaty between states, each once; empty
    /// for an instrument that is not one (a decree).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<StateCode>,
    /// Its signatures, each with the parties that signed then.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signed: Vec<Signature>,
    /// Each party's ratification, accession or approval, at most one per
    /// party, none before the first signature.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ratified: Vec<Ratification>,
    /// Its entry into force, where it has entered into force; not before
    /// the first signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<Dated>,
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
