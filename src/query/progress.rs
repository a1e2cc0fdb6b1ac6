//! Has integration happened? Progress as of a date, who carries what,
//! deadline drift, depth promised against delivered, and official claims set
//! beside the data.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::Agenda;
use crate::claim::{ClaimScope, ProgressClaim};
use crate::commitment::{Actors, Commitment, DeadlineMove, Status};
use crate::ids::{InstitutionId, ProgrammeId, StateCode};
use crate::programme::{Benefit, IntegrationMode, Programme, Sector};

/// Counts of commitments in a group, as of a date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Tally {
    /// All commitments in the group.
    pub total: usize,
    /// Those whose deadline's last allowed day is on or before the date.
    pub due: usize,
    /// Those done by the date, due or not.
    pub done: usize,
    /// Those due and done by the date.
    pub done_of_due: usize,
}

impl Tally {
    fn add(&mut self, due: bool, done: bool) {
        self.total += 1;
        self.due += usize::from(due);
        self.done += usize::from(done);
        self.done_of_due += usize::from(due && done);
    }

    /// The share of due commitments that are done, 0.0 to 1.0; `None` when
    /// nothing is due.
    #[allow(clippy::cast_precision_loss)]
    pub fn share_done_of_due(&self) -> Option<f64> {
        (self.due > 0).then(|| self.done_of_due as f64 / self.due as f64)
    }

    /// The due commitments that are done, as a [`Percent`] for display;
    /// `None` when nothing is due.
    pub fn percent_done_of_due(&self) -> Option<Percent> {
        Percent::new(self.done_of_due, self.due)
    }

    /// All commitments that are done, as a [`Percent`] for display; `None`
    /// for an empty group.
    pub fn percent_done(&self) -> Option<Percent> {
        Percent::new(self.done, self.total)
    }

    /// The share of all commitments that are done, 0.0 to 1.0; `None` for an
    /// empty group.
    #[allow(clippy::cast_precision_loss)]
    pub fn share_done(&self) -> Option<f64> {
        (self.total > 0).then(|| self.done as f64 / self.total as f64)
    }
}

/// A share of a group as a percentage, for display: `part` of `whole`.
///
/// It prints rounded to the formatter's precision (none by default) with a
/// `%` sign, but never rounds to `100%` unless every item is counted, nor
/// to `0%` unless none is: 199 of 200 prints `99%`, 1 of 1,000 prints `1%`
/// (`{:.1}` prints `99.5%` and `0.1%`). Width, fill and alignment are
/// honoured (`{:>5}`; right-aligned by default, as numbers are).
///
/// # Example
///
/// ```
/// use union_state::query::Percent;
/// assert_eq!(Percent::new(199, 200).unwrap().to_string(), "99%");
/// assert_eq!(Percent::new(1, 1000).unwrap().to_string(), "1%");
/// assert_eq!(format!("{:.1}", Percent::new(2, 3).unwrap()), "66.7%");
/// assert_eq!(format!("{:>5}", Percent::new(1, 2).unwrap()), "  50%");
/// assert!(Percent::new(1, 0).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Percent {
    part: usize,
    whole: usize,
}

impl Percent {
    /// `part` of `whole`, or `None` when `whole` is 0 or `part` exceeds it.
    pub fn new(part: usize, whole: usize) -> Option<Percent> {
        (whole > 0 && part <= whole).then_some(Percent { part, whole })
    }

    /// The part counted.
    pub fn part(self) -> usize {
        self.part
    }

    /// The whole it is a part of.
    pub fn whole(self) -> usize {
        self.whole
    }

    /// The share as a fraction, 0.0 to 1.0.
    #[allow(clippy::cast_precision_loss)]
    pub fn fraction(self) -> f64 {
        self.part as f64 / self.whole as f64
    }
}

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Exact integer arithmetic: round half up at the chosen precision,
        // then keep a strict share strictly inside (0, 100).
        let digits = u32::try_from(f.precision().unwrap_or(0).min(6)).unwrap_or(0);
        let scale = 10u128.pow(digits);
        let (part, whole) = (self.part as u128, self.whole as u128);
        let full = 100 * scale;
        let mut units = (2 * full * part + whole) / (2 * whole);
        if part < whole {
            units = units.min(full - 1);
        }
        if part > 0 {
            units = units.max(1);
        }
        let text = if digits == 0 {
            format!("{units}%")
        } else {
            let width = usize::try_from(digits).unwrap_or(0);
            format!("{}.{:0width$}%", units / scale, units % scale)
        };
        // `Formatter::pad` would cut the text to the precision, so the
        // width is applied here; numbers align right unless told otherwise.
        let pad = f.width().unwrap_or(0).saturating_sub(text.chars().count());
        let (before, after) = match f.align() {
            Some(std::fmt::Alignment::Left) => (0, pad),
            Some(std::fmt::Alignment::Center) => (pad / 2, pad - pad / 2),
            Some(std::fmt::Alignment::Right) | None => (pad, 0),
        };
        let filler = f.fill();
        for _ in 0..before {
            f.write_char(filler)?;
        }
        f.write_str(&text)?;
        for _ in 0..after {
            f.write_char(filler)?;
        }
        Ok(())
    }
}

/// Progress as of a date, overall and grouped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Progress<'a> {
    /// The date.
    pub as_of: NaiveDate,
    /// All commitments.
    pub overall: Tally,
    /// By programme id.
    pub by_programme: BTreeMap<&'a ProgrammeId, Tally>,
    /// By sector.
    pub by_sector: BTreeMap<&'a Sector, Tally>,
    /// By integration mode.
    pub by_mode: BTreeMap<IntegrationMode, Tally>,
    /// The programmes whose mode is not given, together.
    pub without_mode: Tally,
    /// By acting state: each state's own part, counted for every state that
    /// acts on a commitment and is bound by the agenda on the date (a
    /// member then). On an `each` commitment a state's part is done when it
    /// has done it; on a joint act when the act is done.
    pub by_state: BTreeMap<&'a StateCode, Tally>,
    /// By acting institution.
    pub by_institution: BTreeMap<&'a InstitutionId, Tally>,
    /// The knowledge date the progress was computed with: `None` for
    /// hindsight (every report), else only events reported by then count.
    pub known: Option<NaiveDate>,
    /// Programmes whose every commitment is done (programmes without
    /// commitments never count).
    pub programmes_done: Vec<&'a ProgrammeId>,
}

/// What one state must do and is expected to gain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Obligations<'a> {
    /// The state.
    pub state: &'a StateCode,
    /// Commitments it must carry out alone.
    #[serde(serialize_with = "crate::query::refs::commitments")]
    pub alone: Vec<&'a Commitment>,
    /// Commitments each listed state carries out separately, it among them.
    #[serde(serialize_with = "crate::query::refs::commitments")]
    pub each: Vec<&'a Commitment>,
    /// Commitments it carries out jointly with others.
    #[serde(serialize_with = "crate::query::refs::commitments")]
    pub joint: Vec<&'a Commitment>,
    /// What it is expected to gain, by programme.
    #[serde(serialize_with = "crate::query::refs::benefits")]
    pub benefits: Vec<(&'a Programme, &'a Benefit)>,
    /// With [`Agenda::obligations_as_of`]: the status of the state's own
    /// part of each of its commitments on that date, by commitment id
    /// (empty from [`Agenda::obligations`]).
    pub statuses: Vec<crate::query::CommitmentStatus<'a>>,
}

/// How a commitment's deadline moved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Drift<'a> {
    /// The commitment.
    #[serde(serialize_with = "crate::query::refs::commitment")]
    pub commitment: &'a Commitment,
    /// The moves, oldest first, each with the decision that made it.
    pub moves: &'a [DeadlineMove],
    /// Days from the original deadline's last allowed day to the current
    /// one's (negative if moved earlier).
    pub total_days: i64,
}

/// An ordinal scale of integration depth over the seven modes.
///
/// The default, from shallowest to deepest: convergence 1, agreed policy 2,
/// harmonisation 3, common policies/rules/principles 4, integration 5,
/// unification 6, common market 7. It reads the wordings as the seed
/// article does: bringing policies closer or coordinating them commits
/// less than harmonising law, which commits less than adopting common rules,
/// joining systems, making law identical or merging markets. It is a
/// judgement, not a source's fact; override it with [`DepthScale::with`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DepthScale {
    ranks: [u8; 7],
}

impl Default for DepthScale {
    fn default() -> Self {
        let mut s = DepthScale { ranks: [0; 7] };
        for (mode, rank) in [
            (IntegrationMode::Convergence, 1),
            (IntegrationMode::AgreedPolicy, 2),
            (IntegrationMode::Harmonisation, 3),
            (IntegrationMode::CommonRules, 4),
            (IntegrationMode::Integration, 5),
            (IntegrationMode::Unification, 6),
            (IntegrationMode::CommonMarket, 7),
        ] {
            s = s.with(mode, rank);
        }
        s
    }
}

impl DepthScale {
    fn slot(mode: IntegrationMode) -> usize {
        IntegrationMode::ALL
            .iter()
            .position(|&m| m == mode)
            .unwrap_or(0)
    }

    /// The scale with `mode` given `rank`.
    #[must_use]
    pub fn with(mut self, mode: IntegrationMode, rank: u8) -> Self {
        if let Some(r) = self.ranks.get_mut(Self::slot(mode)) {
            *r = rank;
        }
        self
    }

    /// The rank of `mode`.
    pub fn rank(&self, mode: IntegrationMode) -> u8 {
        self.ranks.get(Self::slot(mode)).copied().unwrap_or(0)
    }
}

/// Depth promised (the sum of the programmes' ranks) against depth delivered
/// (each rank weighted by the share of the programme's commitments done).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Depth {
    /// The number of programmes in the group.
    pub programmes: usize,
    /// The sum of their ranks.
    pub promised: f64,
    /// The sum of rank × share of commitments done.
    pub delivered: f64,
}

impl Depth {
    /// Delivered over promised, 0.0 to 1.0; `None` when nothing is promised.
    pub fn ratio(&self) -> Option<f64> {
        (self.promised > 0.0).then(|| self.delivered / self.promised)
    }
}

/// Depth promised against delivered, overall, by sector and by state.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DepthReport<'a> {
    /// The date.
    pub as_of: NaiveDate,
    /// All programmes.
    pub overall: Depth,
    /// By sector.
    pub by_sector: BTreeMap<&'a Sector, Depth>,
    /// By state the programme binds.
    pub by_state: BTreeMap<&'a StateCode, Depth>,
}

/// An official progress claim beside what the data shows for its date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ClaimCheck<'a> {
    /// The claim.
    pub claim: &'a ProgressClaim,
    /// The date the data is read at: the last day the claim's date allows.
    pub as_of: NaiveDate,
    /// The data's counts on that date, with hindsight: every event that had
    /// happened by then, whenever it was reported.
    pub data: Tally,
    /// The number of programmes whose every commitment is done by then,
    /// with hindsight.
    pub programmes_done: usize,
    /// The data's counts with what was known on the claim's day: only
    /// events reported by then (see [`Agenda::progress_as_known`]). Set
    /// beside `data`, it tells a claim that ran ahead of the reports from
    /// one that the later reports bore out.
    pub known_then: Tally,
    /// The complete programmes with what was known on the claim's day.
    pub programmes_done_known_then: usize,
    /// What `data` and `programmes_done` count: the claim's
    /// [scope](ProgressClaim::scope) (one programme, or the programmes of
    /// one sector), or `None` for the whole agenda.
    pub scope: Option<&'a ClaimScope>,
}

impl Agenda {
    /// Progress as of the end of `as_of`: commitments due, done, and done
    /// among those due, overall and by programme, sector, mode and acting
    /// state, plus the programmes completely done.
    ///
    /// O(V + events + V log V).
    ///
    /// # Example: January 2023
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let p = agenda.progress("2023-01-09".parse()?);
    /// assert!(p.overall.done > 0);
    /// assert!(p.overall.done_of_due <= p.overall.due);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn progress(&self, as_of: NaiveDate) -> Progress<'_> {
        self.progress_with(as_of, None)
    }

    /// [`Agenda::progress`] with what was known on `known`: an event counts
    /// only from the earliest date of a source that reports it (see
    /// [`Commitment::status_as_known`]), so a claim can be set beside what
    /// its author could have known.
    ///
    /// # Example: a report that came late
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let day = "2024-06-30".parse()?;
    /// let then = agenda.progress_as_known(day, day);
    /// let hindsight = agenda.progress(day);
    /// assert!(then.overall.done <= hindsight.overall.done);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn progress_as_known(&self, as_of: NaiveDate, known: NaiveDate) -> Progress<'_> {
        self.progress_with(as_of, Some(known))
    }

    fn progress_with(&self, as_of: NaiveDate, known: Option<NaiveDate>) -> Progress<'_> {
        let mut p = Progress {
            as_of,
            overall: Tally::default(),
            by_programme: BTreeMap::new(),
            by_sector: BTreeMap::new(),
            by_mode: BTreeMap::new(),
            without_mode: Tally::default(),
            by_state: BTreeMap::new(),
            by_institution: BTreeMap::new(),
            known,
            programmes_done: Vec::new(),
        };
        for (programme, range) in self.programmes.iter().zip(&self.members) {
            let mut tally = Tally::default();
            for c in self.commitments.get(range.clone()).unwrap_or(&[]) {
                let due = c.due().is_some_and(|d| d.last_day() <= as_of);
                let status = match known {
                    Some(k) => c.status_as_known(as_of, k),
                    None => c.status_as_of(as_of),
                };
                let done = status == Status::Done;
                tally.add(due, done);
                p.overall.add(due, done);
                p.by_sector
                    .entry(&programme.sector)
                    .or_default()
                    .add(due, done);
                match programme.mode {
                    Some(mode) => p.by_mode.entry(mode).or_default().add(due, done),
                    None => p.without_mode.add(due, done),
                }
                for state in c.acting.states() {
                    if let Some(own) = c.status_of_as_known(state, as_of, known) {
                        p.by_state
                            .entry(state)
                            .or_default()
                            .add(due, own == Status::Done);
                    }
                }
                if let Some(institution) = c.acting.institution() {
                    p.by_institution
                        .entry(institution)
                        .or_default()
                        .add(due, done);
                }
            }
            if tally.total > 0 && tally.done == tally.total {
                p.programmes_done.push(&programme.id);
            }
            p.by_programme.insert(&programme.id, tally);
        }
        p
    }

    /// For every state of the agenda, in code order: the commitments it must
    /// carry out (alone, each separately, jointly) and what it is expected
    /// to gain. O(V × S) for S states.
    ///
    /// # Example: who is expected to gain what?
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let by = &agenda.obligations()[0];
    /// assert_eq!(by.state.as_str(), "BY");
    /// assert!(by.benefits.iter().any(|(p, _)| p.id.as_str() == "UP16"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn obligations(&self) -> Vec<Obligations<'_>> {
        self.obligations_with(None)
    }

    /// [`Agenda::obligations`] as of `as_of`: only the states bound by the
    /// agenda then, each with the commitments that bind it then, and each
    /// commitment's status for that state's part.
    ///
    /// # Example
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let now = agenda.obligations_as_of("2023-01-09".parse()?);
    /// assert_eq!(now.len(), 2);
    /// assert!(now[0].statuses.len() == now[0].alone.len() + now[0].each.len() + now[0].joint.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn obligations_as_of(&self, as_of: NaiveDate) -> Vec<Obligations<'_>> {
        self.obligations_with(Some(as_of))
    }

    fn obligations_with(&self, as_of: Option<NaiveDate>) -> Vec<Obligations<'_>> {
        self.states
            .iter()
            .filter(|s| as_of.is_none_or(|d| s.binds_on(d)))
            .map(|s| {
                let code = &s.code;
                let mut o = Obligations {
                    state: code,
                    alone: vec![],
                    each: vec![],
                    joint: vec![],
                    benefits: vec![],
                    statuses: vec![],
                };
                for c in &self.commitments {
                    if as_of.is_some_and(|d| !c.binds(code, d)) {
                        continue;
                    }
                    let list = match &c.acting {
                        Actors::State(x) if x == code => &mut o.alone,
                        Actors::Each(v) if v.contains(code) => &mut o.each,
                        Actors::Joint(v) if v.contains(code) => &mut o.joint,
                        _ => continue,
                    };
                    list.push(c);
                    if let Some(d) = as_of {
                        if let Some(status) = c.status_of(code, d) {
                            o.statuses.push(crate::query::CommitmentStatus {
                                commitment: c.into(),
                                status,
                            });
                        }
                    }
                }
                o.statuses
                    .sort_by(|a, b| a.commitment.id.cmp(b.commitment.id));
                for p in &self.programmes {
                    o.benefits.extend(
                        p.benefits
                            .iter()
                            .filter(|b| &b.state == code)
                            .map(|b| (p, b)),
                    );
                }
                o
            })
            .collect()
    }

    /// The commitments whose deadline was moved, with each move and the
    /// decision behind it, and how far the deadline drifted in all.
    ///
    /// In id order. O(V + moves).
    ///
    /// # Example
    ///
    /// ```
    /// // One decision moved a deadline: the protocol of 6 Dec 2024 put the
    /// // common oil market at 1 Jan 2027 instead of 2025. Other dates sources
    /// // give are kept as alternatives.
    /// let drift = union_state::dataset().deadline_drift();
    /// assert_eq!(drift.len(), 1);
    /// assert_eq!(drift[0].commitment.id.as_str(), "UP17.common-market");
    /// ```
    pub fn deadline_drift(&self) -> Vec<Drift<'_>> {
        self.commitments
            .iter()
            .filter_map(|c| {
                let due = c.deadline.as_ref()?;
                let first = due.moves.first()?;
                Some(Drift {
                    commitment: c,
                    moves: &due.moves,
                    total_days: (due.date.last_day() - first.from.last_day()).num_days(),
                })
            })
            .collect()
    }

    /// Integration depth promised against delivered as of `as_of`, on
    /// `scale`: each programme promises its mode's rank and delivers that
    /// rank times the share of its commitments done.
    ///
    /// O(V + events).
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::query::DepthScale;
    /// let agenda = union_state::dataset();
    /// let depth = agenda.depth("2023-01-09".parse()?, &DepthScale::default());
    /// assert_eq!(depth.overall.programmes, 28);
    /// assert!(depth.overall.delivered < depth.overall.promised);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[allow(clippy::cast_precision_loss)]
    pub fn depth(&self, as_of: NaiveDate, scale: &DepthScale) -> DepthReport<'_> {
        let mut report = DepthReport {
            as_of,
            overall: Depth::default(),
            by_sector: BTreeMap::new(),
            by_state: BTreeMap::new(),
        };
        for (programme, range) in self.programmes.iter().zip(&self.members) {
            let commitments = self.commitments.get(range.clone()).unwrap_or(&[]);
            let done = commitments
                .iter()
                .filter(|c| c.status_as_of(as_of) == Status::Done)
                .count();
            let share = if commitments.is_empty() {
                0.0
            } else {
                done as f64 / commitments.len() as f64
            };
            // A programme without a mode promises no depth on the scale.
            let rank = f64::from(programme.mode.map_or(0, |m| scale.rank(m)));
            let add = |d: &mut Depth| {
                d.programmes += 1;
                d.promised += rank;
                d.delivered += rank * share;
            };
            add(&mut report.overall);
            add(report.by_sector.entry(&programme.sector).or_default());
            for state in &programme.states {
                add(report.by_state.entry(state).or_default());
            }
        }
        report
    }

    /// Every official progress claim, in the order given, beside the
    /// data's counts on the last day the claim's date allows.
    ///
    /// A claim about the whole agenda is set beside the overall counts; one
    /// [scoped](ProgressClaim::scope) to a programme beside that
    /// programme's counts (`programmes_done` is then 1 or 0), one scoped to
    /// a sector beside the counts of that sector's programmes (and how many
    /// of them are done). [`ClaimCheck::scope`] says which.
    ///
    /// O(C × (V + events)) for C claims.
    ///
    /// # Example: 68% of 989 measures, 9 January 2023
    ///
    /// ```
    /// let agenda = union_state::dataset();
    /// let checks = agenda.claims_vs_data();
    /// let jan = checks.iter().find(|c| c.claim.percent_done == Some(68)).unwrap();
    /// assert_eq!(jan.as_of.to_string(), "2023-01-09");
    /// assert!(jan.data.done < jan.data.total);
    /// ```
    pub fn claims_vs_data(&self) -> Vec<ClaimCheck<'_>> {
        self.claims
            .iter()
            .map(|claim| {
                let as_of = claim.date.last_day();
                let scope = claim.scope.as_ref();
                let hindsight = self.progress(as_of);
                let then = self.progress_as_known(as_of, as_of);
                let (data, programmes_done) = self.scoped(&hindsight, scope);
                let (known_then, programmes_done_known_then) = self.scoped(&then, scope);
                ClaimCheck {
                    claim,
                    as_of,
                    data,
                    programmes_done,
                    known_then,
                    programmes_done_known_then,
                    scope,
                }
            })
            .collect()
    }

    /// The tally and complete programmes of `p` within `scope`.
    fn scoped(&self, p: &Progress<'_>, scope: Option<&ClaimScope>) -> (Tally, usize) {
        match scope {
            None => (p.overall, p.programmes_done.len()),
            Some(ClaimScope::Programme(id)) => (
                p.by_programme.get(id).copied().unwrap_or_default(),
                usize::from(p.programmes_done.contains(&id)),
            ),
            // The agenda does not list a plan's measures: nothing to count.
            Some(ClaimScope::Plan(_)) => (Tally::default(), 0),
            Some(ClaimScope::Sector(sector)) => (
                p.by_sector.get(sector).copied().unwrap_or_default(),
                p.programmes_done
                    .iter()
                    .filter(|id| {
                        self.programme(id)
                            .is_some_and(|prog| &prog.sector == sector)
                    })
                    .count(),
            ),
        }
    }
}
