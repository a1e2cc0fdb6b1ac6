//! Synthetic agendas of any size, deterministic by seed, for benches,
//! examples and tests: [`SynthConfig`], [`generate`], [`generate_json`],
//! [`write_json`] and [`sample_indices`].
//!
//! A synthetic agenda has the two states `BY` and `RU`, one source `SYN`
//! that every item cites, and `commitments` commitments filed in
//! programmes of `programme_size` (the last one may be smaller). Ids are
//! zero-padded, so id order is generation order: programmes `P00001`,
//! `P00002`, …, commitments `P00001.C0000001`, `P00001.C0000002`, …
//! (wider when there are more than 99,999 programmes or 9,999,999
//! commitments).
//!
//! The shape is meant to look like a real body of agreements, so that the
//! queries do realistic work:
//!
//! - **Programmes build on earlier ones.** Each programme draws on one
//!   earlier programme (and, half the time, a second), chosen uniformly.
//! - **Requires.** Each commitment requires about
//!   `requires_per_commitment` *earlier* commitments (so the *requires*
//!   edges are acyclic by construction): a share `same_programme_share`
//!   inside its own programme, the rest in a programme its programme draws
//!   on. A share `programme_requires_share` of commitments also require a
//!   whole earlier programme, and the same share of programmes as a whole
//!   require one commitment of an earlier programme, so dependencies
//!   name programme ends too. Transitive closures therefore grow slowly
//!   with the agenda (a few hundred commitments on average at 10^4 and
//!   10^5), not with a fixed fraction of it.
//! - **Deadlines** fall between 2022 and 2030: each programme starts at a
//!   date that moves later with its number (plus noise) and spreads its
//!   commitments over about two years in id order, with ±10 days of
//!   jitter. A commitment is then due no earlier than the last day its
//!   prerequisites allow, except for a share `deadline_conflict_share`
//!   planned regardless of them: those make the deadline conflicts (about
//!   1.5% of *requires* edges by default). Each programme words its dates
//!   one way (40% of programmes to the day, 30% to the month, 15% to the
//!   quarter, 15% to the year) and one commitment in ten another way; a
//!   share `undated_share` has no deadline.
//! - **Progress.** A share `done_share` of commitments have a `done` event,
//!   dated shortly before their deadline (or in 2022-2024 when undated).
//! - **Deadlocks.** `conditional_cycles` rings of two to four commitments
//!   tied by *conditional on* dependencies, demanded alternately by `BY` and
//!   `RU` (so every ring is mutual).
//!
//! The random numbers come from a small `SplitMix64` generator in this
//! module, so the output depends only on the configuration, not on the
//! platform or a dependency's version.
//!
//! # Example: a reproducible agenda of 2,000 commitments
//!
//! ```
//! use union_state_synth::{self as synth, SynthConfig};
//! let config = SynthConfig { commitments: 2_000, seed: 7, ..SynthConfig::default() };
//! let agenda = synth::generate(&config);
//! assert_eq!(agenda.commitments().len(), 2_000);
//! assert_eq!(agenda.programmes().len(), 40);
//! assert_eq!(agenda.commitments()[0].id.as_str(), "P00001.C0000001");
//! // The same seed gives the same agenda, byte for byte.
//! assert_eq!(synth::generate_json(&config), synth::generate_json(&config));
//! ```

use std::io::Write;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use union_state::FORMAT;
use union_state::PartialDate;
use union_state::ProgressClaim;
use union_state::Source;
use union_state::error::BuildError;
use union_state::{Actors, Commitment, Due, Status, StatusEvent};
use union_state::{Agenda, AgendaBuilder};
use union_state::{CommitmentId, NodeId, ProgrammeId, SourceId, StateCode};
use union_state::{Dependency, DependencyKind};
use union_state::{Institution, Instrument, State};
use union_state::{IntegrationMode, Programme, Sector};

/// What to generate. Every field is public and any value is accepted;
/// build one with struct update syntax from [`SynthConfig::default`].
///
/// Shares are probabilities: a value of 0 or less (or NaN) means never, 1
/// or more means always.
///
/// # Example: 10,000 commitments with 20 deadlocks
///
/// ```
/// use union_state_synth::{self as synth, SynthConfig};
/// let config = SynthConfig { commitments: 10_000, conditional_cycles: 20, ..SynthConfig::default() };
/// let agenda = synth::generate(&config);
/// assert_eq!(agenda.commitments().len(), 10_000);
/// assert!(!agenda.deadlocks().is_empty());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SynthConfig {
    /// The number of commitments (0 gives an agenda with the two states
    /// and the source only).
    pub commitments: usize,
    /// Commitments per programme (0 counts as 1); the last programme takes
    /// the remainder. Default 50.
    pub programme_size: usize,
    /// *Requires* dependencies per commitment on earlier commitments
    /// (fewer for the first commitments, which have fewer to choose from).
    /// Default 2.
    pub requires_per_commitment: usize,
    /// The share of those dependencies that stay inside the commitment's
    /// own programme; the rest go to a programme it draws on. Default 0.8.
    pub same_programme_share: f64,
    /// The share of commitments that also require a whole earlier
    /// programme, and of programmes that as a whole require a commitment of
    /// an earlier programme. Default 0.02.
    pub programme_requires_share: f64,
    /// The share of commitments with a `done` event. Default 0.25.
    pub done_share: f64,
    /// The share of commitments without a deadline. Default 0.05.
    pub undated_share: f64,
    /// The share of commitments whose deadline follows their programme's
    /// timetable regardless of their prerequisites' deadlines; the others
    /// fall after every prerequisite's. These are where deadline conflicts
    /// come from. Default 0.03.
    pub deadline_conflict_share: f64,
    /// The number of rings of *conditional on* dependencies (deadlocks) to
    /// add, each of two to four commitments, demanded alternately by `BY`
    /// and `RU`. None are added to agendas of fewer than two commitments.
    /// Default 4.
    pub conditional_cycles: usize,
    /// The seed: the same configuration always gives the same agenda.
    /// Default 2021.
    pub seed: u64,
}

impl Default for SynthConfig {
    /// 1,000 commitments in programmes of 50, two *requires* each (80% in
    /// the same programme), 2% programme-level ends, a quarter done, 5%
    /// undated, 3% of deadlines set regardless of prerequisites, 4 deadlock
    /// rings, seed 2021.
    ///
    /// # Example
    ///
    /// ```
    /// let config = union_state_synth::SynthConfig::default();
    /// assert_eq!((config.commitments, config.programme_size), (1_000, 50));
    /// ```
    fn default() -> Self {
        SynthConfig {
            commitments: 1_000,
            programme_size: 50,
            requires_per_commitment: 2,
            same_programme_share: 0.8,
            programme_requires_share: 0.02,
            done_share: 0.25,
            undated_share: 0.05,
            deadline_conflict_share: 0.03,
            conditional_cycles: 4,
            seed: 2021,
        }
    }
}

/// Generates the agenda `config` describes, validated by
/// [`AgendaBuilder::build`].
///
/// O(n log n) for n commitments (the builder's validation dominates).
///
/// The generator only produces valid agendas (its tests build every shape
/// of configuration); should that ever fail, this returns
/// [`Agenda::empty`] rather than panicking. Use [`try_generate`] to see
/// the [`BuildError`] instead.
///
/// # Example: a single commitment
///
/// ```
/// use union_state_synth::{self as synth, SynthConfig};
/// let agenda = synth::generate(&SynthConfig { commitments: 1, ..SynthConfig::default() });
/// assert_eq!(agenda.commitments().len(), 1);
/// assert!(agenda.dependencies().is_empty());
/// ```
pub fn generate(config: &SynthConfig) -> Agenda {
    try_generate(config).unwrap_or_else(|_| Agenda::empty())
}

/// Generates the agenda `config` describes, returning the builder's verdict.
///
/// # Errors
///
/// [`BuildError`] if the generated items were inconsistent, which would be
/// a bug in this module.
///
/// # Example
///
/// ```
/// use union_state_synth::{self as synth, SynthConfig};
/// let agenda = synth::try_generate(&SynthConfig::default())?;
/// assert_eq!(agenda.states().len(), 2);
/// # Ok::<(), union_state::error::BuildError>(())
/// ```
pub fn try_generate(config: &SynthConfig) -> Result<Agenda, BuildError> {
    let items = Items::new(config);
    let mut b = AgendaBuilder::new();
    for s in items.states {
        b.add_state(s);
    }
    for s in items.sources {
        b.add_source(s);
    }
    for p in items.programmes {
        b.add_programme(p);
    }
    for c in items.commitments {
        b.add_commitment(c);
    }
    for d in items.dependencies {
        b.add_dependency(d);
    }
    b.build()
}

/// The agenda `config` describes, as compact JSON in the crate's format
/// (`union-state/1`), items in id order (dependencies by prerequisite,
/// dependent and kind), as [`Agenda::to_json_string`] orders them.
///
/// Loading it gives the agenda [`generate`] returns. About 0.4 KB per
/// commitment; for large agendas prefer [`write_json`], which does not
/// hold the text in memory.
///
/// # Example: a round trip
///
/// ```
/// use union_state::Agenda;
/// use union_state_synth::{self as synth, SynthConfig};
/// let config = SynthConfig { commitments: 300, ..SynthConfig::default() };
/// let loaded = Agenda::from_json_str(&synth::generate_json(&config))?;
/// assert_eq!(loaded, synth::generate(&config));
/// # Ok::<(), union_state::error::LoadError>(())
/// ```
pub fn generate_json(config: &SynthConfig) -> String {
    let items = Items::new(config);
    // Serialising these types cannot fail: every map key is a string.
    serde_json::to_string(&items.file()).unwrap_or_default()
}

/// Writes the agenda `config` describes as compact JSON, exactly the text
/// [`generate_json`] returns.
///
/// # Errors
///
/// Any error of the writer.
///
/// # Example: to a file
///
/// ```no_run
/// use std::io::BufWriter;
/// use union_state_synth::{self as synth, SynthConfig};
/// let file = BufWriter::new(std::fs::File::create("synthetic.json")?);
/// synth::write_json(&SynthConfig { commitments: 100_000, ..SynthConfig::default() }, file)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_json(config: &SynthConfig, writer: impl Write) -> std::io::Result<()> {
    let items = Items::new(config);
    serde_json::to_writer(writer, &items.file()).map_err(std::io::Error::other)
}

/// `count` commitment indices (in id order) spread over `n` commitments, the
/// same on every run and in every language: with `k = n / count`, index
/// `i * k + i % k` for `i` in `0..count`, or every index when `n <= count`.
///
/// The `i % k` offset keeps the sample from landing on the same position
/// of every programme when `k` is a multiple of the programme size.
/// Increasing and without repeats.
///
/// # Example
///
/// ```
/// use union_state_synth::sample_indices;
/// assert_eq!(sample_indices(10, 20), (0..10).collect::<Vec<_>>());
/// assert_eq!(sample_indices(1_000, 4), [0, 251, 502, 753]);
/// assert!(sample_indices(0, 5).is_empty());
/// ```
pub fn sample_indices(n: usize, count: usize) -> Vec<usize> {
    if n <= count {
        return (0..n).collect();
    }
    let k = n / count.max(1);
    (0..count).map(|i| i * k + i % k).collect()
}

/// `SplitMix64` (Steele, Lea and Flood, 2014): small, fast, and good enough
/// for synthetic data.
#[derive(Clone, Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        let wide = (u128::from(self.next_u64()) * n as u128) >> 64;
        usize::try_from(wide).unwrap_or(0)
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = usize::try_from(hi.saturating_sub(lo)).unwrap_or(0);
        lo.saturating_add(i64::try_from(self.below(span.saturating_add(1))).unwrap_or(0))
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        let high = u32::try_from(self.next_u64() >> 32).unwrap_or(0);
        f64::from(high) / 4_294_967_296.0 < p
    }
}

/// Days from 2022-01-01 to 2030-12-31.
const LAST_DAY: i64 = 3_286;
/// How far programme starts move over the agenda, in days (5.2 years).
const START_SPREAD: i64 = 1_900;
/// How long a programme's commitments spread, in days (2 years).
const PROGRAMME_SPAN: i64 = 730;

fn day(offset: i64) -> Option<NaiveDate> {
    let base = NaiveDate::from_ymd_opt(2022, 1, 1)?;
    base.checked_add_days(Days::new(u64::try_from(offset.clamp(0, LAST_DAY)).ok()?))
}

fn width(count: usize, min: usize) -> usize {
    count.to_string().len().max(min)
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The generated items, in id order.
struct Items {
    states: Vec<State>,
    sources: Vec<Source>,
    programmes: Vec<Programme>,
    commitments: Vec<Commitment>,
    dependencies: Vec<Dependency>,
}

/// The JSON file, borrowing the items.
#[derive(Serialize)]
struct FileRef<'a> {
    format: &'static str,
    states: &'a [State],
    institutions: &'a [Institution],
    instruments: &'a [Instrument],
    sources: &'a [Source],
    programmes: &'a [Programme],
    commitments: &'a [Commitment],
    dependencies: &'a [Dependency],
    claims: &'a [ProgressClaim],
}

const SECTORS: [&str; 8] = [
    "gas",
    "tax",
    "customs",
    "transport",
    "payments",
    "energy",
    "agriculture",
    "industry",
];

/// A programme's plan: the earlier programmes it draws on, when its
/// timetable starts (days from 2022-01-01) and how it words its dates.
struct Plan {
    parents: Vec<usize>,
    start: i64,
    wording: usize,
}

/// The generator's state while it walks the commitments in id order.
struct Generator<'a> {
    config: &'a SynthConfig,
    rng: SplitMix64,
    size: usize,
    plans: Vec<Plan>,
    /// Requires edges as (prerequisite, dependent) ends, named once every
    /// commitment exists.
    edges: Vec<(End, End)>,
    /// The last day each commitment's deadline allows, as days from
    /// 2022-01-01 (none when undated).
    last_days: Vec<Option<i64>>,
    /// The latest of those per programme.
    programme_last: Vec<Option<i64>>,
    /// The last day allowed by the commitment a programme as a whole
    /// requires, if any: none of its commitments is planned before it.
    programme_floor: Vec<Option<i64>>,
    by: Option<StateCode>,
    ru: Option<StateCode>,
    sources: Vec<SourceId>,
}

impl Generator<'_> {
    fn both(&self) -> Vec<StateCode> {
        self.by.iter().chain(self.ru.iter()).cloned().collect()
    }

    /// The commitment indices of programme `p`.
    fn members(&self, p: usize) -> std::ops::Range<usize> {
        (p * self.size)..((p + 1) * self.size).min(self.config.commitments)
    }

    /// One of the programmes `p` draws on, if it draws on any.
    fn parent(&mut self, p: usize) -> Option<usize> {
        let parents = &self.plans.get(p)?.parents;
        let pick = self.rng.below(parents.len());
        parents.get(pick).copied()
    }

    fn last_day(&self, c: usize) -> Option<i64> {
        self.last_days.get(c).copied().flatten()
    }

    fn programmes(&mut self, count: usize) -> Vec<Programme> {
        let width = width(count, 5);
        let both = self.both();
        let mut programmes = Vec::with_capacity(count);
        for p in 0..count {
            let mut parents = Vec::new();
            if p > 0 {
                parents.push(self.rng.below(p));
                if p > 1 && self.rng.chance(0.5) {
                    let second = self.rng.below(p);
                    if !parents.contains(&second) {
                        parents.push(second);
                    }
                }
            }
            let drift = to_i64(p) * START_SPREAD / to_i64(count.max(1));
            let start = (drift + self.rng.between(-180, 365)).max(0);
            let wording = self.rng.below(100);
            self.plans.push(Plan {
                parents,
                start,
                wording,
            });
            let id = ProgrammeId::new(format!("P{:0width$}", p + 1));
            let sector = SECTORS
                .get(p % SECTORS.len())
                .and_then(|s| Sector::new(*s).ok());
            let mode = IntegrationMode::ALL
                .get(p % IntegrationMode::ALL.len())
                .copied()
                .unwrap_or(IntegrationMode::Harmonisation);
            if let (Ok(id), Some(sector)) = (id, sector) {
                let title = format!("Synthetic programme {}", p + 1);
                let mut programme = Programme::new(id, title, sector, mode);
                programme.states.clone_from(&both);
                programme.sources.clone_from(&self.sources);
                programmes.push(programme);
            }
        }
        self.programme_last = vec![None; count];
        self.programme_floor = vec![None; count];
        programmes
    }

    /// Chooses the requires dependencies of commitment `i` (and, at a
    /// programme's first commitment, the programme's own); returns the last
    /// day its prerequisites allow.
    fn requires(&mut self, i: usize) -> Option<i64> {
        let (p, k) = (i / self.size, i % self.size);
        let has_parents = self.plans.get(p).is_some_and(|x| !x.parents.is_empty());
        let mut chosen: Vec<usize> = Vec::new();
        for _ in 0..self.config.requires_per_commitment {
            for _attempt in 0..4 {
                let inside =
                    k > 0 && (!has_parents || self.rng.chance(self.config.same_programme_share));
                let candidate = if inside {
                    i - k + self.rng.below(k)
                } else if let Some(q) = self.parent(p) {
                    // Mostly the earlier, foundational part of it.
                    let range = self.members(q);
                    let first = self.rng.below(range.len());
                    range.start + first.min(self.rng.below(range.len()))
                } else {
                    break;
                };
                if !chosen.contains(&candidate) {
                    chosen.push(candidate);
                    break;
                }
            }
        }
        let mut floor = chosen.iter().filter_map(|&c| self.last_day(c)).max();
        self.edges.extend(
            chosen
                .iter()
                .map(|&c| (End::Commitment(c), End::Commitment(i))),
        );
        if self.rng.chance(self.config.programme_requires_share) {
            if let Some(q) = self.parent(p) {
                self.edges.push((End::Programme(q), End::Commitment(i)));
                floor = floor.max(self.programme_last.get(q).copied().flatten());
            }
        }
        // A programme as a whole requires a commitment of one it draws on.
        if k == 0 && self.rng.chance(self.config.programme_requires_share) {
            if let Some(q) = self.parent(p) {
                let range = self.members(q);
                let c = range.start + self.rng.below(range.len());
                self.edges.push((End::Commitment(c), End::Programme(p)));
                let last = self.last_day(c);
                if let Some(slot) = self.programme_floor.get_mut(p) {
                    *slot = last;
                }
            }
        }
        floor.max(self.programme_floor.get(p).copied().flatten())
    }

    /// The deadline of commitment `i`: its programme's timetable, moved
    /// after `floor` (its prerequisites' last day) unless it is planned
    /// regardless of them; worded as its programme words dates, mostly.
    fn deadline(&mut self, i: usize, floor: Option<i64>) -> Option<PartialDate> {
        let (p, k) = (i / self.size, i % self.size);
        let (start, wording) = self
            .plans
            .get(p)
            .map_or((0, 0), |plan| (plan.start, plan.wording));
        let mut offset =
            start + to_i64(k) * PROGRAMME_SPAN / to_i64(self.size) + self.rng.between(-10, 10);
        if let Some(floor) = floor {
            if !self.rng.chance(self.config.deadline_conflict_share) {
                offset = offset.max(floor);
            }
        }
        let precision = if self.rng.chance(0.1) {
            self.rng.below(100)
        } else {
            wording
        };
        if self.rng.chance(self.config.undated_share) {
            return None;
        }
        let date = day(offset)?;
        match precision {
            0..40 => PartialDate::from_date(date),
            40..70 => PartialDate::month(date.year(), date.month()),
            70..85 => PartialDate::quarter(date.year(), date.month0() / 3 + 1),
            _ => PartialDate::year(date.year()),
        }
        .ok()
    }

    /// Commitment `i`, with its requires dependencies recorded.
    fn commitment(&mut self, i: usize, width: (usize, usize)) -> Option<Commitment> {
        let p = i / self.size;
        let id = CommitmentId::new(format!(
            "P{:0pw$}.C{:0cw$}",
            p + 1,
            i + 1,
            pw = width.0,
            cw = width.1
        ));
        let floor = self.requires(i);
        let deadline = self.deadline(i, floor);
        let epoch = day(0)?;
        let last = deadline.map(|d| (d.last_day() - epoch).num_days());
        self.last_days.push(last);
        if let Some(slot) = self.programme_last.get_mut(p) {
            *slot = (*slot).max(last);
        }
        let acting = match self.rng.below(4) {
            0 => self.by.clone().map(Actors::State),
            1 => self.ru.clone().map(Actors::State),
            2 => Some(Actors::Joint(self.both())),
            _ => Some(Actors::Each(self.both())),
        }?;
        let mut commitment =
            Commitment::new(id.ok()?, format!("Synthetic commitment {}", i + 1), acting);
        commitment.sources.clone_from(&self.sources);
        if let Some(date) = deadline {
            let mut due = Due::new(date);
            due.sources.clone_from(&self.sources);
            commitment.deadline = Some(due);
        }
        if self.rng.chance(self.config.done_share) {
            let done = match last {
                Some(last) => last - self.rng.between(0, 180),
                None => self.rng.between(0, 1_000),
            };
            if let Some(date) = day(done).and_then(|d| PartialDate::from_date(d).ok()) {
                commitment
                    .events
                    .push(StatusEvent::new(date, Status::Done).with_sources(self.sources.clone()));
            }
        }
        Some(commitment)
    }

    /// Rings of *conditional on* edges among `count` commitments, as
    /// (prerequisite, dependent, demanded by), demanded alternately by BY
    /// and RU.
    fn rings(&mut self, count: usize) -> Vec<(usize, usize, StateCode)> {
        let demanders = self.both();
        let mut out = Vec::new();
        if count < 2 || demanders.is_empty() {
            return out;
        }
        let mut turn = 0usize;
        for _ in 0..self.config.conditional_cycles {
            let len = (2 + self.rng.below(3)).min(count);
            let mut ring: Vec<usize> = Vec::with_capacity(len);
            for _attempt in 0..len * 8 {
                if ring.len() == len {
                    break;
                }
                let c = self.rng.below(count);
                if !ring.contains(&c) {
                    ring.push(c);
                }
            }
            for (j, &from) in ring.iter().enumerate() {
                let to = ring.get((j + 1) % ring.len()).copied().unwrap_or(from);
                let state = demanders.get(turn % demanders.len()).cloned();
                turn += 1;
                if let Some(state) = state.filter(|_| from != to) {
                    out.push((from, to, state));
                }
            }
        }
        out
    }
}

impl Items {
    fn new(config: &SynthConfig) -> Items {
        let n = config.commitments;
        let size = config.programme_size.max(1);
        let programme_count = n.div_ceil(size);
        let syn = SourceId::new("SYN").ok();
        let mut g = Generator {
            config,
            rng: SplitMix64(config.seed),
            size,
            plans: Vec::with_capacity(programme_count),
            edges: Vec::new(),
            last_days: Vec::with_capacity(n),
            programme_last: Vec::new(),
            programme_floor: Vec::new(),
            by: StateCode::new("BY").ok(),
            ru: StateCode::new("RU").ok(),
            sources: syn.iter().cloned().collect(),
        };
        let states = [
            (&g.by, "Republic of Belarus"),
            (&g.ru, "Russian Federation"),
        ]
        .into_iter()
        .filter_map(|(code, name)| code.clone().map(|code| State::new(code, name)))
        .collect();
        let sources = syn
            .into_iter()
            .map(|id| Source {
                id,
                title: "Synthetic agenda generated by union_state_synth".into(),
                publisher: None,
                date: None,
                added: None,
                url: "https://example.org/union-state/synth".into(),
            })
            .collect();
        let programmes = g.programmes(programme_count);
        let widths = (width(programme_count, 5), width(n, 7));
        let commitments: Vec<Commitment> = (0..n).filter_map(|i| g.commitment(i, widths)).collect();
        let rings = g.rings(commitments.len());

        let commitment_id = |c: usize| commitments.get(c).map(|x| NodeId::from(x.id.clone()));
        let node = |end: End| match end {
            End::Commitment(c) => commitment_id(c),
            End::Programme(p) => programmes.get(p).map(|x| NodeId::from(x.id.clone())),
        };
        let with_sources = |mut d: Dependency| {
            d.sources.clone_from(&g.sources);
            d
        };
        let mut dependencies: Vec<Dependency> = g
            .edges
            .iter()
            .filter_map(|&(pre, dep)| Some((node(pre)?, node(dep)?)))
            .map(|(pre, dep)| with_sources(Dependency::new(pre, dep, DependencyKind::Requires)))
            .collect();
        dependencies.extend(rings.into_iter().filter_map(|(pre, dep, demanded_by)| {
            let kind = DependencyKind::ConditionalOn {
                demanded_by: demanded_by.into(),
            };
            Some(with_sources(Dependency::new(
                commitment_id(pre)?,
                commitment_id(dep)?,
                kind,
            )))
        }));
        // Id order, as the crate saves it (so loading needs no sort), and no
        // duplicates (two rings may share a step).
        dependencies.sort_by(|a, b| dependency_key(a).cmp(&dependency_key(b)));
        dependencies.dedup_by(|a, b| dependency_key(a) == dependency_key(b));

        Items {
            states,
            sources,
            programmes,
            commitments,
            dependencies,
        }
    }

    fn file(&self) -> FileRef<'_> {
        FileRef {
            format: FORMAT,
            states: &self.states,
            institutions: &[],
            instruments: &[],
            sources: &self.sources,
            programmes: &self.programmes,
            commitments: &self.commitments,
            dependencies: &self.dependencies,
            claims: &[],
        }
    }
}

/// A dependency end while generating: a commitment or a programme, by index.
#[derive(Clone, Copy, Debug)]
enum End {
    Commitment(usize),
    Programme(usize),
}

fn dependency_key(d: &Dependency) -> (&str, &str, &DependencyKind) {
    (d.prerequisite.as_str(), d.dependent.as_str(), &d.kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use union_state::IdKind;

    fn config(commitments: usize, seed: u64) -> SynthConfig {
        SynthConfig {
            commitments,
            seed,
            ..SynthConfig::default()
        }
    }

    #[test]
    fn same_seed_same_json_other_seed_other_json() {
        let a = generate_json(&config(2_000, 1));
        assert_eq!(a, generate_json(&config(2_000, 1)));
        assert_ne!(a, generate_json(&config(2_000, 2)));
        let mut written = Vec::new();
        write_json(&config(2_000, 1), &mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), a);
    }

    #[test]
    fn sizes_as_configured() {
        for (n, size, programmes) in [
            (0, 50, 0),
            (1, 50, 1),
            (49, 50, 1),
            (50, 50, 1),
            (51, 50, 2),
            (1_000, 50, 20),
            (1_000, 7, 143),
            (10, 0, 10),
        ] {
            let c = SynthConfig {
                commitments: n,
                programme_size: size,
                ..SynthConfig::default()
            };
            let agenda = try_generate(&c).unwrap();
            assert_eq!(agenda.commitments().len(), n, "{n}/{size}");
            assert_eq!(agenda.programmes().len(), programmes, "{n}/{size}");
            assert_eq!(agenda.states().len(), 2);
            assert_eq!(agenda.sources().len(), 1);
            for p in agenda.programmes() {
                assert!(agenda.commitments_of(&p.id).len() <= size.max(1));
                assert!(!agenda.commitments_of(&p.id).is_empty());
            }
        }
    }

    #[test]
    fn ids_are_zero_padded_in_generation_order() {
        let agenda = try_generate(&config(120, 3)).unwrap();
        let ids: Vec<&str> = agenda.commitments().iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids[0], "P00001.C0000001");
        assert_eq!(ids[49], "P00001.C0000050");
        assert_eq!(ids[50], "P00002.C0000051");
        assert_eq!(ids[119], "P00003.C0000120");
        assert_eq!(agenda.programmes()[2].id.as_str(), "P00003");
    }

    #[test]
    fn requires_point_to_earlier_commitments_and_build() {
        let c = SynthConfig {
            commitments: 5_000,
            programme_requires_share: 0.2,
            conditional_cycles: 30,
            ..SynthConfig::default()
        };
        // Builds: no requires cycle, no unknown or duplicate reference.
        let agenda = try_generate(&c).unwrap();
        let index = |id: &NodeId| {
            agenda
                .commitments()
                .binary_search_by(|c| c.id.as_str().cmp(id.as_str()))
                .unwrap()
        };
        let (mut requires, mut programme_ends, mut conditions) = (0, 0, 0);
        for d in agenda.dependencies() {
            match &d.kind {
                DependencyKind::Requires => {
                    requires += 1;
                    if let (NodeId::Commitment(_), NodeId::Commitment(_)) =
                        (&d.prerequisite, &d.dependent)
                    {
                        assert!(index(&d.prerequisite) < index(&d.dependent), "{d:?}");
                    } else {
                        programme_ends += 1;
                        // The programme end is an earlier programme.
                        assert!(
                            d.prerequisite.programme() < d.dependent.programme(),
                            "{d:?}"
                        );
                    }
                }
                DependencyKind::ConditionalOn { .. } => conditions += 1,
                DependencyKind::Related => panic!("no related dependencies are generated"),
            }
        }
        // About two per commitment, a few fewer at programme starts.
        assert!(
            (9_000..=10_000).contains(&(requires - programme_ends)),
            "{requires}"
        );
        assert!(programme_ends > 100, "{programme_ends}");
        assert!(conditions >= 60, "{conditions}");
        let deadlocks = agenda.deadlocks();
        assert!(!deadlocks.is_empty());
        assert!(
            deadlocks
                .iter()
                .all(union_state::query::Deadlock::is_mutual)
        );
    }

    #[test]
    fn most_requires_stay_in_the_programme() {
        let agenda = try_generate(&config(10_000, 5)).unwrap();
        let (mut inside, mut total) = (0, 0);
        for d in agenda.dependencies() {
            if d.kind == DependencyKind::Requires {
                total += 1;
                if d.prerequisite.programme() == d.dependent.programme() {
                    inside += 1;
                }
            }
        }
        let share = f64::from(inside) / f64::from(total);
        assert!((0.75..0.85).contains(&share), "{share}");
    }

    #[test]
    fn deadlines_spread_with_mixed_precision_and_mostly_in_order() {
        use union_state::Precision;
        let agenda = try_generate(&config(10_000, 9)).unwrap();
        let dated: Vec<PartialDate> = agenda
            .commitments()
            .iter()
            .filter_map(Commitment::due)
            .collect();
        let undated = 10_000 - dated.len();
        assert!((300..700).contains(&undated), "{undated}");
        for precision in [
            Precision::Day,
            Precision::Month,
            Precision::Quarter,
            Precision::Year,
        ] {
            let count = dated.iter().filter(|d| d.precision() == precision).count();
            assert!(count > 1_000, "{precision:?}: {count}");
        }
        let first = dated.iter().min().unwrap().first_day();
        let last = dated.iter().max().unwrap().last_day();
        assert!(
            first.year() == 2022 && last.year() <= 2030,
            "{first} {last}"
        );
        assert!(last.year() >= 2028, "{last}");
        let conflicts = agenda.deadline_conflicts().len();
        let requires = agenda.dependencies().len();
        assert!(
            conflicts > 0 && conflicts * 4 < requires,
            "{conflicts} of {requires}"
        );
        let done = agenda.progress(NaiveDate::MAX).overall.done;
        assert!((2_200..2_800).contains(&done), "{done}");
    }

    #[test]
    fn empty_and_tiny_agendas() {
        let agenda = try_generate(&config(0, 0)).unwrap();
        assert!(agenda.commitments().is_empty() && agenda.dependencies().is_empty());
        assert!(agenda.schedule().is_empty());
        let agenda = try_generate(&config(1, 0)).unwrap();
        assert_eq!(agenda.commitments().len(), 1);
        assert!(agenda.dependencies().is_empty());
        let agenda = try_generate(&config(2, 0)).unwrap();
        assert_eq!(agenda.deadlocks().len(), 1);
        let json = generate_json(&config(0, 0));
        assert_eq!(
            Agenda::from_json_str(&json).unwrap(),
            generate(&config(0, 0))
        );
        assert_eq!(IdKind::Commitment.name(), "commitment");
    }

    #[test]
    fn json_round_trips_to_the_generated_agenda() {
        let c = config(3_000, 11);
        assert_eq!(
            Agenda::from_json_str(&generate_json(&c)).unwrap(),
            generate(&c)
        );
    }

    #[test]
    fn odd_configurations_do_not_fail() {
        for c in [
            SynthConfig {
                requires_per_commitment: 40,
                ..config(500, 1)
            },
            SynthConfig {
                done_share: f64::NAN,
                undated_share: 2.0,
                ..config(500, 1)
            },
            SynthConfig {
                same_programme_share: -1.0,
                programme_requires_share: 1.0,
                ..config(500, 1)
            },
            SynthConfig {
                conditional_cycles: 1_000,
                ..config(3, 1)
            },
            SynthConfig {
                programme_size: 1,
                ..config(300, 1)
            },
        ] {
            let agenda = try_generate(&c).unwrap();
            assert_eq!(agenda.commitments().len(), c.commitments);
        }
    }

    #[test]
    fn sample_is_spread_and_increasing() {
        let s = sample_indices(100_000, 1_000);
        assert_eq!(s.len(), 1_000);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert!(*s.last().unwrap() < 100_000);
        // Not always the same position in programmes of 50.
        let positions: std::collections::BTreeSet<usize> = s.iter().map(|i| i % 50).collect();
        assert_eq!(positions.len(), 50);
    }
}
