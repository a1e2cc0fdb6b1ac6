//! An instrument's life: its [`Signature`]s, each party's [`Ratification`],
//! its entry into force ([`Dated`]), the [`InstrumentStage`] it has reached
//! on a date, and a commitment that is "the instrument at a stage"
//! ([`Achievement`]).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::commitment::{Actors, Status, StatusEvent};
use crate::date::PartialDate;
use crate::ids::{InstrumentId, SourceId, StateCode};
use crate::source::Basis;
use crate::state::Instrument;

/// One signing of an instrument: a date, a place, and the parties that
/// signed then.
///
/// A treaty signed in two capitals on two days has two signatures.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// When, as precisely as known. It takes effect on the last day its
    /// wording allows.
    pub date: PartialDate,
    /// Where, such as `Minsk`, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The parties that signed on this occasion, each once, each a party
    /// of the instrument; empty means all of its parties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<StateCode>,
    /// How sure this is.
    pub basis: Basis,
    /// Who reports it.
    pub sources: Vec<SourceId>,
}

/// How a party consented to be bound.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    /// Ratification of a signed instrument.
    Ratification,
    /// Accession by a party that did not sign.
    Accession,
    /// Approval (or acceptance), where the party's law calls it so.
    Approval,
}

impl Consent {
    /// The snake-case name, as in the JSON format.
    pub const fn name(self) -> &'static str {
        match self {
            Consent::Ratification => "ratification",
            Consent::Accession => "accession",
            Consent::Approval => "approval",
        }
    }
}

impl fmt::Display for Consent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// One party's consent to be bound: its ratification, accession or
/// approval. Each party has at most one.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratification {
    /// The party.
    pub state: StateCode,
    /// When, as precisely as known. It takes effect on the last day its
    /// wording allows.
    pub date: PartialDate,
    /// Ratification, accession or approval.
    pub how: Consent,
    /// How sure this is.
    pub basis: Basis,
    /// Who reports it.
    pub sources: Vec<SourceId>,
    /// A remark, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A dated step with its basis and sources, such as an instrument's entry
/// into force.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dated {
    /// When, as precisely as known. It takes effect on the last day its
    /// wording allows.
    pub date: PartialDate,
    /// How sure this is.
    pub basis: Basis,
    /// Who reports it.
    pub sources: Vec<SourceId>,
    /// A remark, where useful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A step of an instrument's life that a commitment can stand for.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Signed by the parties that act.
    Signed,
    /// Ratified (or acceded to, or approved) by the parties that act.
    Ratified,
    /// In force.
    InForce,
}

impl Stage {
    /// The snake-case name, as in the JSON format.
    pub const fn name(self) -> &'static str {
        match self {
            Stage::Signed => "signed",
            Stage::Ratified => "ratified",
            Stage::InForce => "in_force",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// A commitment that is "the instrument at a stage", such as "the treaty in
/// force": its status follows the instrument's life, with no events written
/// by hand.
///
/// When an agenda is built, the commitment gets a *derived* done event for
/// the step (see [`Commitment::status_as_of`](crate::Commitment::status_as_of),
/// which replays them with its own events):
///
/// - [`Stage::Signed`]: for an instrument without parties, done on the
///   latest signature's date. Otherwise each acting state signs on the first
///   signature that covers it; an [`Actors::Each`] commitment gets one done
///   event per acting state (with its `state`) on that date, any other one
///   done event when every acting state has signed, on the latest of their
///   dates.
/// - [`Stage::Ratified`]: likewise with each acting state's ratification,
///   accession or approval.
/// - [`Stage::InForce`]: done on the date of entry into force.
///
/// A step not (yet) in the data derives nothing. Each derived event carries
/// the basis and sources of the step it comes from; one that waits for
/// several steps (every acting state's, or every signature) carries the
/// latest step's basis and every step's sources, and counts as known (see
/// [`Commitment::status_as_known`](crate::Commitment::status_as_known))
/// only once every step is.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Achievement {
    /// The instrument.
    pub instrument: InstrumentId,
    /// The stage that completes the commitment.
    pub stage: Stage,
}

/// How far an instrument had come on a date: see
/// [`Instrument::stage_as_of`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstrumentStage {
    /// The instrument's parties, in its order.
    pub parties: Vec<StateCode>,
    /// Whether any signature had taken effect.
    pub signed: bool,
    /// The parties that had signed, in the order of
    /// [`Instrument::parties`].
    pub signed_by: Vec<StateCode>,
    /// The parties that had ratified, acceded or approved, in the order of
    /// [`Instrument::parties`].
    pub ratified_by: Vec<StateCode>,
    /// Whether it had entered into force.
    pub in_force: bool,
}

impl InstrumentStage {
    /// Whether every party had signed (false for an instrument without
    /// parties).
    pub fn signed_by_all(&self) -> bool {
        !self.parties.is_empty() && self.signed_by.len() == self.parties.len()
    }

    /// Whether every party had ratified, acceded or approved (false for an
    /// instrument without parties).
    pub fn ratified_by_all(&self) -> bool {
        !self.parties.is_empty() && self.ratified_by.len() == self.parties.len()
    }
}

/// `BY`, `BY and RU`, `BY, KZ and RU`.
struct StateList<'a>(&'a [StateCode]);

impl fmt::Display for StateList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(if i + 1 == n { " and " } else { ", " })?;
            }
            write!(f, "{s}")?;
        }
        Ok(())
    }
}

/// The stage in words:
///
/// - `in force` once it has entered into force;
/// - otherwise three parts joined by `, `: `signed` when every party has
///   signed (or, for an instrument without parties, when it has been
///   signed at all), `signed by BY and RU` when only some have, `not signed`
///   when none has; then `ratified` when every party has ratified (acceded,
///   approved), `ratified by BY only` (or `by BY and RU only`) when only
///   some have, `not ratified` when none has (this part is left out for an
///   instrument without parties); then `not in force`.
///
/// So: `signed, ratified by BY only, not in force`, `signed by BY and RU,
/// not ratified, not in force`, `in force`.
impl fmt::Display for InstrumentStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.in_force {
            return f.write_str("in force");
        }
        if self.signed_by_all() || (self.parties.is_empty() && self.signed) {
            f.write_str("signed")?;
        } else if self.signed_by.is_empty() {
            f.write_str("not signed")?;
        } else {
            write!(f, "signed by {}", StateList(&self.signed_by))?;
        }
        if !self.parties.is_empty() {
            if self.ratified_by_all() {
                f.write_str(", ratified")?;
            } else if self.ratified_by.is_empty() {
                f.write_str(", not ratified")?;
            } else {
                write!(f, ", ratified by {} only", StateList(&self.ratified_by))?;
            }
        }
        f.write_str(", not in force")
    }
}

impl Instrument {
    /// An instrument with the given id, title and date, stated, issued by
    /// no known institution, with no parties, signatures, ratifications,
    /// entry into force or sources: a starting point for building agendas
    /// in code.
    pub fn new(id: InstrumentId, title: impl Into<String>, date: PartialDate) -> Self {
        Instrument {
            id,
            title: title.into(),
            date,
            issued_by: None,
            basis: Basis::Stated,
            note: None,
            sources: Vec::new(),
            parties: Vec::new(),
            signed: Vec::new(),
            ratified: Vec::new(),
            in_force: None,
        }
    }

    /// The first signature that covers `state` (by the last day its date
    /// allows; the earlier listed on a tie), if any.
    fn signature_of(&self, state: &StateCode) -> Option<&Signature> {
        self.signed
            .iter()
            .filter(|s| s.states.is_empty() || s.states.contains(state))
            .min_by_key(|s| s.date.last_day())
    }

    /// The ratification, accession or approval of `state`, if any (the
    /// first listed: an agenda holds one per state).
    fn ratification_of(&self, state: &StateCode) -> Option<&Ratification> {
        self.ratified.iter().find(|r| &r.state == state)
    }

    /// The earliest signature (by the last day its date allows), if any.
    pub(crate) fn first_signature(&self) -> Option<&Signature> {
        self.signed.iter().min_by_key(|s| s.date.last_day())
    }

    /// How far the instrument had come by the end of `date`.
    ///
    /// A signature, ratification or entry into force counts from the last
    /// day its date allows (as a status event does): "ratified in November
    /// 2025" counts from 30 November 2025.
    ///
    /// - `signed`: some signature had taken effect.
    /// - `signed_by`: the parties named by a signature that had taken
    ///   effect (a signature naming no state names every party).
    /// - `ratified_by`: the parties whose ratification, accession or
    ///   approval had taken effect (whether or not they had signed).
    /// - `in_force`: the entry into force had taken effect.
    ///
    /// Lists follow the order of [`Instrument::parties`]. O(P × (S + R))
    /// for P parties, S signatures and R ratifications.
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::{Basis, Consent, Instrument, Ratification, Signature};
    /// let mut t = Instrument::new("treaty".parse()?, "Treaty", "2022-02-28".parse()?);
    /// t.parties = vec!["BY".parse()?, "RU".parse()?];
    /// t.signed.push(Signature { date: "2022-02-28".parse()?, place: None,
    ///     states: vec![], basis: Basis::Stated, sources: vec![] });
    /// t.ratified.push(Ratification { state: "BY".parse()?, date: "2025-11".parse()?,
    ///     how: Consent::Ratification, basis: Basis::Stated, sources: vec![], note: None });
    /// assert_eq!(t.stage_as_of("2025-11-29".parse()?).to_string(),
    ///            "signed, not ratified, not in force");
    /// assert_eq!(t.stage_as_of("2025-11-30".parse()?).to_string(),
    ///            "signed, ratified by BY only, not in force");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stage_as_of(&self, date: NaiveDate) -> InstrumentStage {
        let by = |d: PartialDate| d.last_day() <= date;
        InstrumentStage {
            parties: self.parties.clone(),
            signed: self.signed.iter().any(|s| by(s.date)),
            signed_by: self
                .parties
                .iter()
                .filter(|p| self.signature_of(p).is_some_and(|s| by(s.date)))
                .cloned()
                .collect(),
            ratified_by: self
                .parties
                .iter()
                .filter(|p| self.ratification_of(p).is_some_and(|r| by(r.date)))
                .cloned()
                .collect(),
            in_force: self.in_force.as_ref().is_some_and(|d| by(d.date)),
        }
    }

    /// The step `state` took `towards` a stage (signature or ratification),
    /// if it has taken it.
    fn step_of(&self, state: &StateCode, towards: Stage) -> Option<Step<'_>> {
        let id = &self.id;
        match towards {
            Stage::Signed => self.signature_of(state).map(|s| {
                let place = s
                    .place
                    .as_ref()
                    .map(|p| format!(" in {p}"))
                    .unwrap_or_default();
                Step {
                    date: s.date,
                    basis: s.basis,
                    sources: &s.sources,
                    note: format!("`{state}` signed instrument `{id}`{place}"),
                }
            }),
            Stage::Ratified => self.ratification_of(state).map(|r| Step {
                date: r.date,
                basis: r.basis,
                sources: &r.sources,
                note: format!("{} of instrument `{id}` by `{state}`", r.how),
            }),
            Stage::InForce => self.in_force_step(),
        }
    }

    /// The entry into force, if it has entered into force.
    fn in_force_step(&self) -> Option<Step<'_>> {
        self.in_force.as_ref().map(|d| Step {
            date: d.date,
            basis: d.basis,
            sources: &d.sources,
            note: format!("instrument `{}` in force", self.id),
        })
    }

    /// The done events a commitment acted on by `acting` and achieved by
    /// this instrument at `stage` gets (see [`Achievement`]), oldest first.
    pub(crate) fn derived_events(&self, acting: &Actors, stage: Stage) -> Vec<StatusEvent> {
        self.derivation(acting, stage)
            .into_iter()
            .map(|(event, _)| event)
            .collect()
    }

    /// For each of [`Instrument::derived_events`], in the same order, the
    /// steps it rests on, each as its date and sources: one step, or for
    /// an act done once several steps are taken (every acting party's, or
    /// every signature of an instrument that lists no parties) each of
    /// them. The act is known once every step is (see
    /// [`Commitment::status_as_known`](crate::Commitment::status_as_known)).
    pub(crate) fn derived_steps(&self, acting: &Actors, stage: Stage) -> Vec<Vec<StepReport<'_>>> {
        self.derivation(acting, stage)
            .into_iter()
            .map(|(_, steps)| steps)
            .collect()
    }

    /// The derived events with the steps each rests on (see
    /// [`Instrument::derived_steps`]).
    fn derivation<'a>(
        &'a self,
        acting: &Actors,
        stage: Stage,
    ) -> Vec<(StatusEvent, Vec<StepReport<'a>>)> {
        let id = &self.id;
        let one = |step: Step<'a>| {
            let steps = vec![(step.date, step.sources)];
            (step.done(None, None), steps)
        };
        match stage {
            Stage::InForce => return self.in_force_step().map(one).into_iter().collect(),
            Stage::Signed if self.parties.is_empty() => {
                // Signed once every signature is made, on the latest day.
                let steps: Vec<Step<'a>> = self
                    .signed
                    .iter()
                    .map(|s| Step {
                        date: s.date,
                        basis: s.basis,
                        sources: &s.sources,
                        note: format!("instrument `{id}` signed"),
                    })
                    .collect();
                return all_of(steps).into_iter().collect();
            }
            _ => {}
        }
        let steps = acting
            .states()
            .iter()
            .map(|state| (state, self.step_of(state, stage)));
        if matches!(acting, Actors::Each(_)) {
            let mut events: Vec<_> = steps
                .filter_map(|(state, step)| {
                    step.map(|s| {
                        let steps = vec![(s.date, s.sources)];
                        (s.done(Some(state.clone()), None), steps)
                    })
                })
                .collect();
            events.sort_by_key(|(e, _)| e.date.last_day());
            return events;
        }
        // Done once every acting state has taken the step, on the latest of
        // their dates, with that step's basis and all their sources.
        let Some(steps) = steps.map(|(_, step)| step).collect::<Option<Vec<_>>>() else {
            return Vec::new();
        };
        let note = match stage {
            Stage::Signed => format!("instrument `{id}` signed by all that act"),
            _ => format!("instrument `{id}` ratified by all that act"),
        };
        all_of(steps)
            .map(|(event, steps)| {
                (
                    StatusEvent {
                        note: Some(note),
                        ..event
                    },
                    steps,
                )
            })
            .into_iter()
            .collect()
    }
}

/// The done event of an act made of several steps (none if there are
/// none): on the latest step's date, with its basis and note, citing every
/// step's sources (each once, in the steps' order); and the steps.
fn all_of<'a>(steps: Vec<Step<'a>>) -> Option<(StatusEvent, Vec<StepReport<'a>>)> {
    let dated: Vec<(PartialDate, &[SourceId])> =
        steps.iter().map(|s| (s.date, s.sources)).collect();
    let mut sources: Vec<SourceId> = Vec::new();
    for s in &steps {
        for id in s.sources {
            if !sources.contains(id) {
                sources.push(id.clone());
            }
        }
    }
    // The first of the latest, as before: a tie keeps the acting order.
    let mut latest: Option<Step<'a>> = None;
    for step in steps {
        if latest
            .as_ref()
            .is_none_or(|l| step.date.last_day() > l.date.last_day())
        {
            latest = Some(step);
        }
    }
    latest.map(|l| (l.done(None, Some(sources)), dated))
}

/// A step a derived event rests on, as far as what was known when goes:
/// its date and its sources.
pub(crate) type StepReport<'a> = (PartialDate, &'a [SourceId]);

/// One dated step of an instrument's life, as a derived event needs it.
struct Step<'a> {
    date: PartialDate,
    basis: Basis,
    sources: &'a [SourceId],
    note: String,
}

impl Step<'_> {
    /// The done event of this step, about `state` if given, citing
    /// `sources` if given (else the step's own).
    fn done(self, state: Option<StateCode>, sources: Option<Vec<SourceId>>) -> StatusEvent {
        StatusEvent {
            date: self.date,
            status: Status::Done,
            state,
            basis: self.basis,
            note: Some(self.note),
            sources: sources.unwrap_or_else(|| self.sources.to_vec()),
        }
    }
}
