//! The parties and bodies of an agenda: [`State`], [`Institution`] and
//! [`Instrument`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::ids::{InstitutionId, InstrumentId, SourceId, StateCode};
use crate::instrument::{Dated, Ratification, Signature};
use crate::source::Basis;

/// A party to the agreements, such as Belarus (`BY`) or Russia (`RU`).
///
/// The model does not assume two states.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct State {
    /// Its code, such as `BY`.
    pub code: StateCode,
    /// Its name, such as "Republic of Belarus".
    #[cfg_attr(
        feature = "schema",
        schemars(pattern(crate::schema::NON_BLANK_PATTERN))
    )]
    pub name: String,
    /// When it joined the agreement, for a state that joined after the
    /// start (`union-state/2`). It is bound from the first day the wording
    /// allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined: Option<PartialDate>,
    /// When it left, for a state that left (`union-state/2`). It is bound
    /// until the day before the first day the wording allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<PartialDate>,
}

impl State {
    /// A state bound by the whole agreement, from its start.
    pub fn new(code: StateCode, name: impl Into<String>) -> Self {
        State {
            code,
            name: name.into(),
            joined: None,
            left: None,
        }
    }

    /// The first and last day the state is bound (`None`: no limit).
    pub fn bound(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        (
            self.joined.map(PartialDate::first_day),
            self.left.and_then(|l| l.first_day().pred_opt()),
        )
    }

    /// Whether the state is bound by the agreement on `date`.
    ///
    /// ```
    /// use union_state::State;
    /// let mut kz = State::new("KZ".parse()?, "Kazakhstan");
    /// kz.joined = Some("2024-03".parse()?);
    /// assert!(!kz.binds_on("2024-02-29".parse()?));
    /// assert!(kz.binds_on("2024-03-01".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn binds_on(&self, date: NaiveDate) -> bool {
        let (from, until) = self.bound();
        from.is_none_or(|f| f <= date) && until.is_none_or(|u| date <= u)
    }
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
///
/// A treaty between states also has a life: its parties, its signatures
/// (one or several, such as in two capitals on two days), each party's
/// ratification, accession or approval, and its entry into force. See
/// [`Instrument::stage_as_of`] for how far it had come on a date, and
/// [`Achievement`](crate::Achievement) for a commitment that is "the treaty
/// in force".
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
