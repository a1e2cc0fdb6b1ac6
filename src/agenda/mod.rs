//! The validated aggregate: [`Agenda`], built by [`AgendaBuilder`].

mod builder;
pub(crate) mod graph;
mod mutate;
mod view;

use std::ops::Range;

use petgraph::graph::NodeIndex;

pub use builder::AgendaBuilder;
use builder::SortKey;
pub(crate) use builder::node_id;
pub use graph::Follow;
use graph::RankedWalks;

use crate::about::About;
use crate::claim::ProgressClaim;
use crate::commitment::Commitment;
use crate::dependency::Dependency;
use crate::error::QueryError;
use crate::ids::{
    CommitmentId, IdKind, InstitutionId, InstrumentId, NodeRef, ProgrammeId, SourceId, StateCode,
};
use crate::programme::Programme;
use crate::source::Source;
use crate::state::{Institution, Instrument, State};
use graph::Graph;

/// A validated set of states, institutions, instruments, sources,
/// programmes, commitments, dependencies and progress claims, with the
/// dependency graph that links them.
///
/// Invariants, checked by [`AgendaBuilder::build`]: ids are unique per kind;
/// every reference names an existing item; no item depends on itself;
/// *requires* dependencies form no cycle; required texts and lists are not
/// empty; deadlines and events do not precede the instrument that sets their
/// commitment; event and deadline-move lists are oldest first.
///
/// Every list is kept in id order (dependencies by prerequisite, dependent
/// and kind; claims in the order given), which is the order of the
/// accessors below and of the JSON it saves to.
///
/// # Example: build a small agenda
///
/// ```
/// use union_state::*;
/// let by: StateCode = "BY".parse()?;
/// let mut gas = Programme::new("GAS".parse()?, "Gas market", "gas".parse()?,
///                              IntegrationMode::CommonMarket);
/// gas.states.push(by.clone());
/// let mut b = AgendaBuilder::new();
/// b.add_state(State::new(by.clone(), "Belarus"))
///  .add_programme(gas)
///  .add_commitment(Commitment::new("GAS.principles".parse()?, "Agree principles",
///                                  Actors::State(by)));
/// let agenda = b.build()?;
/// assert_eq!(agenda.commitments().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Agenda {
    pub(crate) states: Vec<State>,
    pub(crate) institutions: Vec<Institution>,
    pub(crate) instruments: Vec<Instrument>,
    pub(crate) sources: Vec<Source>,
    pub(crate) programmes: Vec<Programme>,
    pub(crate) commitments: Vec<Commitment>,
    pub(crate) dependencies: Vec<Dependency>,
    pub(crate) claims: Vec<ProgressClaim>,
    pub(crate) about: About,
    /// For programme `p`, its commitments are `commitments[members[p]]`.
    pub(crate) members: Vec<Range<usize>>,
    /// Each commitment's position in the order by deadline (the last day
    /// the wording allows, then the first; undated last), then id.
    pub(crate) rank: Vec<u32>,
    /// The inverse of [`Agenda::rank`]: the commitment at each position of
    /// the order by deadline (`by_rank[rank[c]] == c`); set with it.
    pub(crate) by_rank: Vec<u32>,
    /// Each commitment's last allowed day as a day number (days from the
    /// common era), `None` when undated; set with [`Agenda::rank`].
    pub(crate) last_day: Vec<Option<i32>>,
    /// Each commitment's id as a [`SortKey`], in the commitments' order:
    /// what [`Agenda::commitment_index`] searches, 16 bytes each in one
    /// array rather than a record and its id's text per step. Set by the
    /// build (ids never change after it); empty means search the records.
    pub(crate) keys: Vec<SortKey>,
    pub(crate) graph: Graph,
}

impl PartialEq for Agenda {
    /// Two agendas are equal when their items are; the graph follows from
    /// them.
    fn eq(&self, other: &Self) -> bool {
        self.states == other.states
            && self.institutions == other.institutions
            && self.instruments == other.instruments
            && self.sources == other.sources
            && self.programmes == other.programmes
            && self.commitments == other.commitments
            && self.dependencies == other.dependencies
            && self.claims == other.claims
            && self.about == other.about
    }
}

impl Eq for Agenda {}

fn find<'a, T>(items: &'a [T], id: &str, key: impl Fn(&T) -> &str) -> Option<(usize, &'a T)> {
    items
        .binary_search_by(|item| key(item).cmp(id))
        .ok()
        .and_then(|i| items.get(i).map(|item| (i, item)))
}

impl Agenda {
    /// An empty agenda.
    pub fn empty() -> Agenda {
        Agenda {
            states: Vec::new(),
            institutions: Vec::new(),
            instruments: Vec::new(),
            sources: Vec::new(),
            programmes: Vec::new(),
            commitments: Vec::new(),
            dependencies: Vec::new(),
            claims: Vec::new(),
            about: About::default(),
            members: Vec::new(),
            rank: Vec::new(),
            by_rank: Vec::new(),
            last_day: Vec::new(),
            keys: Vec::new(),
            graph: Graph::with_capacity(0, 0, 0),
        }
    }

    /// Recomputes [`Agenda::rank`], its inverse [`Agenda::by_rank`] and
    /// [`Agenda::last_day`] from the deadlines in force.
    pub(crate) fn rerank(&mut self) {
        let ranks = Ranks::of(&self.commitments);
        self.set_ranks(ranks);
    }

    /// Sets [`Agenda::rank`], [`Agenda::by_rank`] and [`Agenda::last_day`]
    /// to `ranks`, which [`Ranks::of`] computed from these commitments.
    /// Also makes the arrays the transitive queries walk, which number the
    /// commitments by rank.
    pub(crate) fn set_ranks(&mut self, ranks: Ranks) {
        let walks = self.graph.ranked_walks(&ranks.rank);
        self.set_ranks_and_walks(ranks, walks);
    }

    /// [`Agenda::set_ranks`] with the walked arrays already made from
    /// `ranks` on this agenda's graph ([`Graph::ranked_walks`]).
    pub(crate) fn set_ranks_and_walks(&mut self, ranks: Ranks, walks: RankedWalks) {
        self.rank = ranks.rank;
        self.by_rank = ranks.by_rank;
        self.last_day = ranks.last_day;
        self.graph.set_ranked_walks(walks);
    }

    /// A builder holding a copy of this agenda's items, to change and build
    /// again.
    pub fn to_builder(&self) -> AgendaBuilder {
        AgendaBuilder::from_agenda(self.clone())
    }

    /// The states, by code.
    pub fn states(&self) -> &[State] {
        &self.states
    }

    /// The institutions, by id.
    pub fn institutions(&self) -> &[Institution] {
        &self.institutions
    }

    /// The instruments, by id.
    pub fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    /// The sources, by id.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The programmes, by id.
    pub fn programmes(&self) -> &[Programme] {
        &self.programmes
    }

    /// The commitments, by id (so each programme's commitments are together).
    pub fn commitments(&self) -> &[Commitment] {
        &self.commitments
    }

    /// The dependencies, by prerequisite, then dependent, then kind.
    pub fn dependencies(&self) -> &[Dependency] {
        &self.dependencies
    }

    /// The official progress claims, in the order given.
    pub fn claims(&self) -> &[ProgressClaim] {
        &self.claims
    }

    /// What the agenda is: its short id, title and calendar name.
    pub fn about(&self) -> &About {
        &self.about
    }

    /// The state with this code, if any. O(log n).
    pub fn state(&self, code: &StateCode) -> Option<&State> {
        find(&self.states, code.as_str(), |s| s.code.as_str()).map(|(_, s)| s)
    }

    /// The institution with this id, if any. O(log n).
    pub fn institution(&self, id: &InstitutionId) -> Option<&Institution> {
        find(&self.institutions, id.as_str(), |s| s.id.as_str()).map(|(_, s)| s)
    }

    /// The instrument with this id, if any. O(log n).
    pub fn instrument(&self, id: &InstrumentId) -> Option<&Instrument> {
        find(&self.instruments, id.as_str(), |s| s.id.as_str()).map(|(_, s)| s)
    }

    /// The source with this id, if any. O(log n).
    pub fn source(&self, id: &SourceId) -> Option<&Source> {
        find(&self.sources, id.as_str(), |s| s.id.as_str()).map(|(_, s)| s)
    }

    /// The programme with this id, if any. O(log n).
    pub fn programme(&self, id: &ProgrammeId) -> Option<&Programme> {
        find(&self.programmes, id.as_str(), |s| s.id.as_str()).map(|(_, s)| s)
    }

    /// The commitment with this id, if any. O(log n).
    pub fn commitment(&self, id: &CommitmentId) -> Option<&Commitment> {
        self.commitment_index(id.as_str())
            .and_then(|i| self.commitments.get(i))
    }

    /// The commitments of a programme, by id; empty for an unknown programme.
    pub fn commitments_of(&self, id: &ProgrammeId) -> &[Commitment] {
        self.programme_index(id.as_str())
            .and_then(|p| self.members.get(p))
            .and_then(|r| self.commitments.get(r.clone()))
            .unwrap_or(&[])
    }

    pub(crate) fn programme_index(&self, id: &str) -> Option<usize> {
        find(&self.programmes, id, |s| s.id.as_str()).map(|(i, _)| i)
    }

    /// The position of the commitment with this id, by a binary search of
    /// [`Agenda::keys`] (and of the records, among ids longer than a key
    /// that share it).
    pub(crate) fn commitment_index(&self, id: &str) -> Option<usize> {
        if self.keys.len() != self.commitments.len() {
            return find(&self.commitments, id, |s| s.id.as_str()).map(|(i, _)| i);
        }
        let key = SortKey::of(id);
        let from = self.keys.partition_point(|k| *k < key);
        if !key.partial() {
            return (self.keys.get(from) == Some(&key)).then_some(from);
        }
        let to = from + self.keys.get(from..)?.partition_point(|k| *k == key);
        let (at, _) = find(self.commitments.get(from..to)?, id, |s| s.id.as_str())?;
        Some(from + at)
    }

    /// The graph nodes a query about `id` starts from: the commitment, or
    /// the programme's commitments (or its gate, when it has none; `done`
    /// selects which gate).
    pub(crate) fn seeds(
        &self,
        id: NodeRef<'_>,
        done_gate: bool,
    ) -> Result<Vec<NodeIndex>, QueryError> {
        match id {
            NodeRef::Commitment(c) => self
                .commitment_index(c.as_str())
                .map(|i| vec![self.graph.commitment(i)])
                .ok_or_else(|| QueryError::UnknownId {
                    kind: IdKind::Commitment,
                    id: c.to_string(),
                }),
            NodeRef::Programme(p) => {
                let p_index =
                    self.programme_index(p.as_str())
                        .ok_or_else(|| QueryError::UnknownId {
                            kind: IdKind::Programme,
                            id: p.to_string(),
                        })?;
                let range = self.members.get(p_index).cloned().unwrap_or(0..0);
                if range.is_empty() {
                    let gate = if done_gate {
                        self.graph.done(p_index)
                    } else {
                        self.graph.start(p_index)
                    };
                    Ok(vec![gate])
                } else {
                    Ok(range.map(|c| self.graph.commitment(c)).collect())
                }
            }
        }
    }
}

/// The order by deadline of a list of commitments, and each one's last
/// day: what [`Agenda::rerank`] stores. Computed from the commitments
/// alone, so it can be worked out beside other work.
pub(crate) struct Ranks {
    rank: Vec<u32>,
    by_rank: Vec<u32>,
    last_day: Vec<Option<i32>>,
}

impl Ranks {
    /// The ranks of `commitments` by deadline (the last day its wording
    /// allows, then the first; undated last), then index.
    pub(crate) fn of(commitments: &[Commitment]) -> Ranks {
        Ranks::from_keys(commitments.iter().map(Ranks::key).collect())
    }

    /// A commitment's deadline as one integer that orders as (undated,
    /// last day, first day) does: the undated flag and both days' numbers
    /// from the common era, each below 2^22 for the years 1..=9999 a
    /// [`crate::PartialDate`] allows. Computed where the commitment is
    /// read for something else (see `sort_commitments`), it saves a pass
    /// over the records.
    pub(crate) fn key(c: &Commitment) -> u64 {
        use chrono::Datelike;
        let day = |d: chrono::NaiveDate| {
            u64::try_from(d.num_days_from_ce())
                .unwrap_or(0)
                .min(DAY_MASK)
        };
        c.due().map_or(UNDATED, |due| {
            (day(due.last_day()) << DAY_BITS) | day(due.first_day())
        })
    }

    /// The ranks from each commitment's [`Ranks::key`], in the
    /// commitments' order: sorted by key, then index.
    pub(crate) fn from_keys(keys: Vec<u64>) -> Ranks {
        let last_day = keys
            .iter()
            .map(|&key| {
                (key & UNDATED == 0)
                    .then(|| i32::try_from((key >> DAY_BITS) & DAY_MASK).unwrap_or(i32::MAX))
            })
            .collect();
        // Key and index in one integer: one comparison orders two.
        let mut order: Vec<u128> = keys
            .into_iter()
            .enumerate()
            .map(|(i, key)| {
                (u128::from(key) << 32) | u128::from(u32::try_from(i).unwrap_or(u32::MAX))
            })
            .collect();
        order.sort_unstable();
        let by_rank: Vec<u32> = order.iter().map(|&k| (k & 0xffff_ffff) as u32).collect();
        let mut rank = vec![0u32; by_rank.len()];
        for (position, &i) in by_rank.iter().enumerate() {
            if let Some(r) = rank.get_mut(i as usize) {
                *r = u32::try_from(position).unwrap_or(u32::MAX);
            }
        }
        Ranks {
            rank,
            by_rank,
            last_day,
        }
    }
}

/// How many bits each day takes in a [`Ranks::key`].
const DAY_BITS: u32 = 22;
/// The bits of one day in a [`Ranks::key`].
const DAY_MASK: u64 = (1 << DAY_BITS) - 1;
/// A [`Ranks::key`]'s flag for a commitment without a deadline, above both
/// days, so undated commitments come last.
const UNDATED: u64 = 1 << (2 * DAY_BITS);

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Ranks;
    use crate::{Actors, Commitment, PartialDate};

    /// A deadline of any precision, or none, with the first and last years
    /// a date may have as likely as any other.
    fn deadline() -> impl Strategy<Value = Option<PartialDate>> {
        let year = prop_oneof![Just(1), Just(9999), 1..=9999i32];
        let date = (year, 0..4u8, 1..=12u32, 1..=31u32).prop_map(|(y, precision, m, d)| {
            match precision {
                0 => PartialDate::year(y),
                1 => PartialDate::quarter(y, (m - 1) / 3 + 1),
                2 => PartialDate::month(y, m),
                _ => PartialDate::day(y, m, d).or_else(|_| PartialDate::day(y, m, 28)),
            }
            .expect("a date in range")
        });
        proptest::option::weighted(0.85, date)
    }

    proptest! {
        /// The order by packed deadline keys is the order by (undated,
        /// last day, first day, index) worked out from the dates
        /// themselves, and each last day is the date's: whatever the
        /// precision, from year 1 to year 9999.
        #[test]
        fn ranks_follow_the_last_then_first_day(
            deadlines in proptest::collection::vec(deadline(), 0..40),
        ) {
            let commitments: Vec<Commitment> = deadlines
                .iter()
                .enumerate()
                .map(|(i, due)| {
                    let c = Commitment::new(
                        format!("P.c{i:03}").parse().expect("an id"),
                        "t",
                        Actors::State("BY".parse().expect("a state")),
                    );
                    match due {
                        Some(date) => c.with_deadline(*date),
                        None => c,
                    }
                })
                .collect();
            let ranks = Ranks::of(&commitments);
            let mut expected: Vec<u32> = (0..u32::try_from(deadlines.len()).unwrap()).collect();
            expected.sort_by_key(|&i| {
                let due = deadlines[i as usize];
                (due.is_none(), due.map(|d| (d.last_day(), d.first_day())), i)
            });
            prop_assert_eq!(&ranks.by_rank, &expected);
            for (position, &i) in expected.iter().enumerate() {
                prop_assert_eq!(ranks.rank[i as usize] as usize, position);
            }
            let last: Vec<Option<i32>> = deadlines
                .iter()
                .map(|d| d.map(|d| chrono::Datelike::num_days_from_ce(&d.last_day())))
                .collect();
            prop_assert_eq!(ranks.last_day, last);
        }
    }
}
