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
#[non_exhaustive]
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
    /// When some of those states joined or left it (`union-state/2`); a
    /// state of `states` not listed here is a member throughout. See
    /// [`Institution::members_as_of`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub membership: Vec<Membership>,
    /// A remark, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The sources that describe it.
    pub sources: Vec<SourceId>,
}

impl Institution {
    /// An institution of `states`, each a member throughout, with no source
    /// yet.
    pub fn new(id: InstitutionId, name: impl Into<String>, states: Vec<StateCode>) -> Self {
        Institution {
            id,
            name: name.into(),
            states,
            membership: Vec::new(),
            note: None,
            sources: Vec::new(),
        }
    }

    /// The same institution, described by `sources`.
    #[must_use]
    pub fn with_sources(mut self, sources: Vec<SourceId>) -> Self {
        self.sources = sources;
        self
    }

    /// The same institution, with one state's membership dated.
    #[must_use]
    pub fn with_membership(mut self, membership: Membership) -> Self {
        self.membership.push(membership);
        self
    }

    /// Whether `state` is a member on `date`: it is one of
    /// [`states`](Institution::states) and, if its
    /// [`membership`](Institution::membership) is dated, `date` falls
    /// between its joining and its leaving.
    pub fn has_member(&self, state: &StateCode, date: NaiveDate) -> bool {
        self.states.contains(state)
            && self
                .membership
                .iter()
                .filter(|m| &m.state == state)
                .all(|m| m.binds_on(date))
    }

    /// The member states on `date`, in the order of
    /// [`states`](Institution::states).
    ///
    /// ```
    /// use union_state::{Institution, Membership};
    /// let council = Institution::new(
    ///     "council".parse()?,
    ///     "Council of the market",
    ///     vec!["BY".parse()?, "RU".parse()?, "KZ".parse()?],
    /// )
    /// .with_membership(Membership::joined("KZ".parse()?, "2024-03".parse()?));
    /// let on = |d: &str| -> Vec<String> {
    ///     council.members_as_of(d.parse().unwrap()).iter().map(|s| s.to_string()).collect()
    /// };
    /// assert_eq!(on("2024-02-29"), ["BY", "RU"]);
    /// assert_eq!(on("2024-03-01"), ["BY", "RU", "KZ"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members_as_of(&self, date: NaiveDate) -> Vec<&StateCode> {
        self.states
            .iter()
            .filter(|s| self.has_member(s, date))
            .collect()
    }
}

/// When a state joined or left an [`Institution`] (`union-state/2`).
///
/// Membership of an institution is a fact about the institution: what an
/// institution does is counted by institution
/// ([`Progress::by_institution`](crate::query::Progress::by_institution)),
/// never in a member state's own tally, so a state joining an institution
/// changes no state's obligations. A state's obligations follow its
/// membership of the agreement itself ([`State::joined`], [`State::left`]).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Membership {
    /// The state, one of the institution's `states`.
    pub state: StateCode,
    /// When it joined; a member from the first day the wording allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined: Option<PartialDate>,
    /// When it left; a member until the day before the first day the
    /// wording allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<PartialDate>,
    /// Who reports it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceId>,
}

impl Membership {
    /// `state` joined on `date`.
    pub fn joined(state: StateCode, date: PartialDate) -> Self {
        Membership {
            state,
            joined: Some(date),
            left: None,
            sources: Vec::new(),
        }
    }

    /// `state` left on `date`.
    pub fn left(state: StateCode, date: PartialDate) -> Self {
        Membership {
            state,
            joined: None,
            left: Some(date),
            sources: Vec::new(),
        }
    }

    /// The same membership, also ended on `date`.
    #[must_use]
    pub fn until(mut self, date: PartialDate) -> Self {
        self.left = Some(date);
        self
    }

    /// The same membership, reported by `sources`.
    #[must_use]
    pub fn with_sources(mut self, sources: Vec<SourceId>) -> Self {
        self.sources = sources;
        self
    }

    /// Whether it holds on `date`.
    pub fn binds_on(&self, date: NaiveDate) -> bool {
        self.joined.is_none_or(|j| j.first_day() <= date)
            && self
                .left
                .and_then(|l| l.first_day().pred_opt())
                .is_none_or(|u| date <= u)
    }
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
