//! [`AgendaBuilder`]: collect items, validate once.

use std::collections::HashSet;
use std::ops::Range;

use petgraph::Direction;
use petgraph::graph::NodeIndex;

use super::graph::{
    self, Edge, EdgeKind, Follow, Graph, Layout, Node, RankedWalks, RequiresArrays,
};
use super::{Agenda, Ranks};
use crate::about::About;
use crate::claim::{ClaimScope, ProgressClaim, Qualifier};
use crate::commitment::{Actors, Commitment};
use crate::date::PartialDate;
use crate::dependency::{Demander, Dependency, DependencyKind};
use crate::error::{BuildError, ItemRef, Problem};
use crate::ids::{IdKind, InstitutionId, InstrumentId, NodeId, SourceId, StateCode};
use crate::instrument::Stage;
use crate::programme::Programme;
use crate::source::Source;
use crate::state::{Institution, Instrument, State};

/// Collects the items of an agenda, then validates them all at once.
///
/// Adding never fails; [`AgendaBuilder::build`] checks everything and
/// reports every problem it finds, each naming the item, field and id at
/// fault, not only the first.
///
/// # Example: every problem at once
///
/// ```
/// use union_state::*;
/// let by: StateCode = "BY".parse()?;
/// let mut gas = Programme::new("GAS".parse()?, "Gas", "gas".parse()?, IntegrationMode::CommonMarket);
/// gas.states.push(by.clone());
/// let mut b = AgendaBuilder::new();
/// b.add_programme(gas)
///  .add_commitment(Commitment::new("GAS.a".parse()?, "A", Actors::State(by.clone())))
///  .add_commitment(Commitment::new("OIL.b".parse()?, "", Actors::State(by)));
/// let err = b.build().unwrap_err();
/// let text: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
/// assert_eq!(text, [
///     "programme `GAS`: field `states` refers to unknown state `BY`",
///     "commitment `GAS.a`: field `acting` refers to unknown state `BY`",
///     "commitment `OIL.b`: field `id` refers to unknown programme `OIL`",
///     "commitment `OIL.b`: field `acting` refers to unknown state `BY`",
///     "commitment `OIL.b`: field `title` is empty",
/// ]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct AgendaBuilder {
    states: Vec<State>,
    institutions: Vec<Institution>,
    instruments: Vec<Instrument>,
    sources: Vec<Source>,
    programmes: Vec<Programme>,
    commitments: Vec<Commitment>,
    dependencies: Vec<Dependency>,
    claims: Vec<ProgressClaim>,
    about: About,
}

impl AgendaBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_parts(
        states: Vec<State>,
        institutions: Vec<Institution>,
        instruments: Vec<Instrument>,
        sources: Vec<Source>,
        programmes: Vec<Programme>,
        commitments: Vec<Commitment>,
        dependencies: Vec<Dependency>,
        claims: Vec<ProgressClaim>,
        about: About,
    ) -> Self {
        AgendaBuilder {
            states,
            institutions,
            instruments,
            sources,
            programmes,
            commitments,
            dependencies,
            claims,
            about,
        }
    }

    pub(crate) fn from_agenda(agenda: Agenda) -> Self {
        AgendaBuilder {
            states: agenda.states,
            institutions: agenda.institutions,
            instruments: agenda.instruments,
            sources: agenda.sources,
            programmes: agenda.programmes,
            commitments: agenda.commitments,
            dependencies: agenda.dependencies,
            claims: agenda.claims,
            about: agenda.about,
        }
    }

    /// Says what the agenda is: its short id, title and calendar name.
    pub fn set_about(&mut self, about: About) -> &mut Self {
        self.about = about;
        self
    }

    /// Adds a state.
    pub fn add_state(&mut self, state: State) -> &mut Self {
        self.states.push(state);
        self
    }

    /// Adds an institution.
    pub fn add_institution(&mut self, institution: Institution) -> &mut Self {
        self.institutions.push(institution);
        self
    }

    /// Adds an instrument.
    pub fn add_instrument(&mut self, instrument: Instrument) -> &mut Self {
        self.instruments.push(instrument);
        self
    }

    /// Adds a source.
    pub fn add_source(&mut self, source: Source) -> &mut Self {
        self.sources.push(source);
        self
    }

    /// Adds a programme.
    pub fn add_programme(&mut self, programme: Programme) -> &mut Self {
        self.programmes.push(programme);
        self
    }

    /// Adds a commitment; its programme is the first part of its id.
    pub fn add_commitment(&mut self, commitment: Commitment) -> &mut Self {
        self.commitments.push(commitment);
        self
    }

    /// Adds a dependency.
    pub fn add_dependency(&mut self, dependency: Dependency) -> &mut Self {
        self.dependencies.push(dependency);
        self
    }

    /// Adds a progress claim.
    pub fn add_claim(&mut self, claim: ProgressClaim) -> &mut Self {
        self.claims.push(claim);
        self
    }

    /// Validates everything and builds the agenda.
    ///
    /// Runs in O((V + E) log V) for V items and E references and
    /// dependencies. With 20,000 commitments or more, the commitments are
    /// checked on a second thread while this one checks the dependencies
    /// (if no thread can be started, both here); the problems are the
    /// same, in the same order.
    ///
    /// # Errors
    ///
    /// [`BuildError`] listing every [`Problem`] found: duplicate ids,
    /// unknown references (with the item, field and id), self-dependencies,
    /// cycles of *requires* dependencies (as the path of ids), empty titles
    /// and lists, a state listed twice in a list of states (who acts, a
    /// programme's or an institution's states), an event about one state
    /// on a commitment that is not [`Actors::Each`] or whose actors do not
    /// include that state, deadlines or events before the instrument that
    /// sets their commitment, lists out of date order, broken deadline-move
    /// chains; an instrument's parties unknown or repeated, a signature or
    /// ratification by a state that is not a party, a party ratifying twice,
    /// a ratification or entry into force before the first signature; a
    /// commitment achieved by an unknown instrument or by a stage it cannot
    /// reach ([`Problem::StageNotPossible`], [`Problem::NotAParty`],
    /// [`Problem::StageNeedsStates`]); a claim
    /// scoped to an unknown programme or sector, qualifying a percentage it
    /// does not give, or counting more measures done than in all.
    pub fn build(self) -> Result<Agenda, BuildError> {
        let AgendaBuilder {
            mut states,
            mut institutions,
            mut instruments,
            mut sources,
            mut programmes,
            mut commitments,
            mut dependencies,
            claims,
            about,
        } = self;
        let mut problems = Vec::new();
        // The dependencies are put in order beside the records' checks for
        // repeats, on a second thread for a large agenda.
        let big = commitments.len() >= TWO_THREADS_FROM;
        let (dependents, keys, deadlines) = std::thread::scope(|scope| {
            let other = big
                .then(|| {
                    std::thread::Builder::new()
                        .name("union-state-sort".to_owned())
                        .spawn_scoped(scope, || sort_dependencies(&mut dependencies))
                        .ok()
                })
                .flatten();
            sort_records(
                &mut states,
                &mut institutions,
                &mut instruments,
                &mut sources,
                &mut programmes,
                &mut problems,
            );
            let (keys, deadlines) = sort_commitments(&mut commitments, &mut problems);
            let sorted = other.and_then(|t| t.join().ok());
            (sorted, keys, deadlines)
        });
        // No thread to be had (or it failed): sort here.
        let dependents = dependents.unwrap_or_else(|| sort_dependencies(&mut dependencies));

        let mut agenda = Agenda {
            states,
            institutions,
            instruments,
            sources,
            programmes,
            commitments,
            dependencies,
            claims,
            about,
            members: Vec::new(),
            rank: Vec::new(),
            by_rank: Vec::new(),
            last_day: Vec::new(),
            keys,
            graph: Graph::with_capacity(0, 0, 0),
        };
        let mut check = Checker::new(&agenda, problems);
        check.dependents = dependents;
        check.deadlines = Some(deadlines);
        check.records();
        let members = check.members();
        let (mut graph, mut problems, ranks) = {
            let (graph, later) = check.graph_and_later_checks(&members);
            check.problems.extend(later);
            (graph, check.problems, check.ranks)
        };
        let (order, walks) = cycles_and_walks(
            &agenda,
            &graph,
            ranks.as_ref().filter(|_| problems.is_empty()),
        );
        match order {
            Ok(order) => graph.set_requires_order(order),
            Err(cycles) => problems.extend(cycles),
        }
        if problems.is_empty() {
            agenda.members = members;
            agenda.graph = graph;
            agenda.derive_and_resolve();
            match (ranks, walks) {
                (Some(ranks), Some(walks)) => agenda.set_ranks_and_walks(ranks, walks),
                (Some(ranks), None) => agenda.set_ranks(ranks),
                (None, _) => agenda.rerank(),
            }
            Ok(agenda)
        } else {
            Err(BuildError::new(problems))
        }
    }
}

/// The order dependencies are kept in: prerequisite, dependent, kind.
fn dependency_key(d: &Dependency) -> (&str, &str, &DependencyKind) {
    (d.prerequisite.as_str(), d.dependent.as_str(), &d.kind)
}

/// Puts the dependencies in order ([`dependency_key`]). Input written in
/// that order (as this crate saves it) needs no sort, and then the pass
/// that finds so also gives, from the ids it has just read, each
/// commitment dependent's [`SortKey`] with the dependency's position,
/// unsorted: what [`sorted_dependents`] would read the ids again for.
fn sort_dependencies(dependencies: &mut [Dependency]) -> Option<Vec<(SortKey, u32)>> {
    let mut dependents = Vec::with_capacity(dependencies.len());
    let mut previous: Option<&Dependency> = None;
    let mut sorted = true;
    for (index, d) in dependencies.iter().enumerate() {
        if previous.is_some_and(|p| dependency_key(p) > dependency_key(d)) {
            sorted = false;
            break;
        }
        dependents.extend(dependent_entry(index, d));
        previous = Some(d);
    }
    if sorted {
        return Some(dependents);
    }
    dependencies.sort_by(|a, b| dependency_key(a).cmp(&dependency_key(b)));
    None
}

/// Sorts each kind of record but the commitments (see
/// [`sort_commitments`]) by id, reporting every id given more than once,
/// kind by kind.
fn sort_records(
    states: &mut [State],
    institutions: &mut [Institution],
    instruments: &mut [Instrument],
    sources: &mut [Source],
    programmes: &mut [Programme],
    problems: &mut Vec<Problem>,
) {
    sort_unique(states, |s| s.code.as_str(), IdKind::State, problems);
    sort_unique(
        institutions,
        |s| s.id.as_str(),
        IdKind::Institution,
        problems,
    );
    sort_unique(instruments, |s| s.id.as_str(), IdKind::Instrument, problems);
    sort_unique(sources, |s| s.id.as_str(), IdKind::Source, problems);
    sort_unique(programmes, |s| s.id.as_str(), IdKind::Programme, problems);
}

/// Sorts the commitments by id and reports every id given more than once,
/// as [`sort_unique`] does, and returns each one's [`SortKey`] and
/// [`Ranks::key`], in order.
/// The keys are made first, in one pass over the records, and the check for
/// order and repeats compares them (the text only of ids over 15 bytes
/// that share a key): input in id order has its records read once.
fn sort_commitments(
    commitments: &mut [Commitment],
    problems: &mut Vec<Problem>,
) -> (Vec<SortKey>, Vec<u64>) {
    let (keys, deadlines) = keys_and_deadlines(commitments);
    let text = |i: usize| commitments.get(i).map(|c| c.id.as_str());
    let (sorted, distinct) = in_order(keys.windows(2).enumerate().filter_map(|(i, pair)| {
        let [a, b] = pair else { return None };
        Some(match a.cmp(b) {
            std::cmp::Ordering::Equal if a.partial() => text(i).cmp(&text(i + 1)),
            order => order,
        })
    }));
    if sorted && distinct {
        return (keys, deadlines);
    }
    sort_unique(commitments, |c| c.id.as_str(), IdKind::Commitment, problems);
    keys_and_deadlines(commitments)
}

/// Each commitment's [`SortKey`] and deadline ([`Ranks::key`]), in one pass
/// over the records: on a large agenda each pass over them waits on memory
/// (a record and a page at a time), and one pass costs little more than
/// reading the ids alone.
fn keys_and_deadlines(commitments: &[Commitment]) -> (Vec<SortKey>, Vec<u64>) {
    commitments
        .iter()
        .map(|c| (SortKey::of(c.id.as_str()), Ranks::key(c)))
        .unzip()
}

/// Whether a list is in order and has no repeats, from the order of each
/// item against the next: `(sorted, distinct)`, stopping at the first pair
/// out of order (whose list is then not sorted, whatever `distinct` says).
fn in_order(orders: impl Iterator<Item = std::cmp::Ordering>) -> (bool, bool) {
    let mut distinct = true;
    for order in orders {
        match order {
            std::cmp::Ordering::Less => {}
            std::cmp::Ordering::Equal => distinct = false,
            std::cmp::Ordering::Greater => return (false, distinct),
        }
    }
    (true, distinct)
}

/// Sorts by id and reports every id given more than once.
fn sort_unique<T>(
    items: &mut [T],
    key: impl Fn(&T) -> &str,
    kind: IdKind,
    problems: &mut Vec<Problem>,
) {
    // Input written in id order (as this crate saves it) needs no sort, and
    // ids in strictly increasing order no search for repeats either: one
    // pass over the ids tells which.
    let (sorted, distinct) = in_order(items.windows(2).filter_map(|pair| {
        let [a, b] = pair else { return None };
        Some(key(a).cmp(key(b)))
    }));
    if !sorted {
        items.sort_by(|a, b| key(a).cmp(key(b)));
    } else if distinct {
        return;
    }
    let mut last: Option<&str> = None;
    for item in items.iter() {
        let id = key(item);
        if last == Some(id) {
            problems.push(Problem::DuplicateId {
                kind,
                id: id.to_owned(),
            });
        }
        last = Some(id);
    }
    problems.dedup();
}

/// A dependency end, resolved to a programme or commitment index.
#[derive(Clone, Copy, Debug)]
enum End {
    Programme(usize),
    Commitment(usize),
}

struct Checker<'a> {
    agenda: &'a Agenda,
    problems: Vec<Problem>,
    /// Each dependency's ends, resolved once by the checks and reused to
    /// build the graph.
    ends: Vec<(Option<End>, Option<End>)>,
    /// Each dependency's kind of edge, noted while its ends are resolved,
    /// so the graph's edges are listed without reading the records again;
    /// `None` for a dependency on itself, which has no edge.
    kinds: Vec<Option<EdgeKind>>,
    /// The commitment the last prerequisite resolved to: dependencies are
    /// sorted by prerequisite, so the next one is usually this commitment
    /// or the one after it, found without hashing.
    prerequisite_hint: usize,
    /// The programme the last programme end resolved to, checked first for
    /// the same reason.
    programme_hint: usize,
    /// The commitments' order by deadline, if worked out during the checks
    /// (a large agenda's, while the second thread sorts the dependencies).
    ranks: Option<Ranks>,
    /// Each commitment's [`Ranks::key`], in order, if made while sorting
    /// them (see [`keys_and_deadlines`]): what [`Checker::ranks`] is
    /// worked out from.
    deadlines: Option<Vec<u64>>,
    /// The commitment dependents' keys and positions, unsorted, if made
    /// while sorting the dependencies (see [`sort_dependencies`]).
    dependents: Option<Vec<(SortKey, u32)>>,
}

/// Agendas with at least this many commitments are checked on two
/// threads; smaller ones are not worth a thread.
const TWO_THREADS_FROM: usize = 20_000;

impl<'a> Checker<'a> {
    fn new(agenda: &'a Agenda, problems: Vec<Problem>) -> Self {
        Checker {
            agenda,
            problems,
            ends: Vec::new(),
            kinds: Vec::new(),
            prerequisite_hint: 0,
            programme_hint: 0,
            ranks: None,
            deadlines: None,
            dependents: None,
        }
    }
}

impl Agenda {
    /// Gives every commitment the events derived from the instrument
    /// stage that achieves it (none for the others, dropping any from an
    /// earlier build), and fills what it needs from the rest of the agenda
    /// to answer status questions alone: when each acting state is bound,
    /// and from when each event was known (the earliest dated source that
    /// reports it). One pass over the commitments. Only for a valid
    /// agenda. O(commitments × (actors + events × sources) × log).
    pub(crate) fn derive_and_resolve(&mut self) {
        let mut commitments = std::mem::take(&mut self.commitments);
        // With no state joining or leaving and no source dated, there is
        // nothing to resolve: every commitment's lists stay empty.
        let bounds = self.states.iter().any(|s| s.bound() != (None, None));
        let dated = self
            .sources
            .iter()
            .any(|s| s.date.is_some() || s.added.is_some());
        let this = &*self;
        let each = |commitments: &mut [Commitment]| {
            for c in commitments {
                let derived = c
                    .achieved_by
                    .as_ref()
                    .and_then(|a| {
                        let i = this.instrument(&a.instrument)?;
                        Some(i.derived_events(&c.acting, a.stage))
                    })
                    .unwrap_or_default();
                c.built.set_derived(derived);
                if bounds || dated {
                    this.resolve_commitment(c);
                } else {
                    c.built.set_resolved(crate::commitment::Resolved::default());
                }
            }
        };
        // Each commitment on its own: a large agenda's halves on two
        // threads (the pass waits on memory more than it computes).
        if commitments.len() >= TWO_THREADS_FROM {
            let half = commitments.len() / 2;
            let each = &each;
            let done = std::thread::scope(|scope| {
                let (first, second) = commitments.split_at_mut(half);
                let other = std::thread::Builder::new()
                    .name("union-state-resolve".to_owned())
                    .spawn_scoped(scope, move || each(second));
                each(first);
                other.is_ok_and(|t| t.join().is_ok())
            });
            // No thread to be had (or it failed): the second half here.
            if !done {
                each(commitments.get_mut(half..).unwrap_or_default());
            }
        } else {
            each(&mut commitments);
        }
        self.commitments = commitments;
    }

    /// What [`Agenda::derive_and_resolve`] resolves, for one commitment
    /// whose derived events are in place.
    pub(crate) fn resolve_commitment(&self, c: &mut Commitment) {
        let bound = |code: &StateCode| self.state(code).map_or((None, None), State::bound);
        let reported = |id: &SourceId| {
            self.source(id)
                .and_then(|s| s.date.or(s.added))
                .map(PartialDate::last_day)
        };
        let bound = if c.acting.states().iter().any(|s| bound(s) != (None, None)) {
            c.acting.states().iter().map(bound).collect()
        } else {
            Vec::new()
        };
        let events = c.events.iter().chain(c.built.derived());
        let known = if events.clone().any(|e| !e.sources.is_empty()) {
            // A derived event made of several steps (every party's
            // ratification, say) is known once each step is: the latest
            // of the steps' days known, each the earliest dated source
            // that reports it or, with none, its own day.
            let steps = c
                .achieved_by
                .as_ref()
                .and_then(|a| {
                    Some(
                        self.instrument(&a.instrument)?
                            .derived_steps(&c.acting, a.stage),
                    )
                })
                .unwrap_or_default();
            let of_steps = |steps: &[crate::instrument::StepReport<'_>]| {
                let each: Vec<(Option<chrono::NaiveDate>, chrono::NaiveDate)> = steps
                    .iter()
                    .map(|(date, sources)| {
                        (sources.iter().filter_map(reported).min(), date.last_day())
                    })
                    .collect();
                if each.iter().all(|(known, _)| known.is_none()) {
                    None
                } else {
                    each.iter()
                        .map(|&(known, day)| known.unwrap_or(day).max(day))
                        .max()
                }
            };
            let explicit = c
                .events
                .iter()
                .map(|e| e.sources.iter().filter_map(reported).min());
            let derived = c
                .built
                .derived()
                .iter()
                .enumerate()
                .map(|(j, e)| match steps.get(j) {
                    Some(steps) if steps.len() > 1 => of_steps(steps),
                    _ => e.sources.iter().filter_map(reported).min(),
                });
            explicit.chain(derived).collect()
        } else {
            Vec::new()
        };
        c.built
            .set_resolved(crate::commitment::Resolved { bound, known });
    }
}

impl Checker<'_> {
    fn unknown(
        &mut self,
        item: &dyn Fn() -> ItemRef,
        field: &'static str,
        id: &str,
        expected: IdKind,
    ) {
        self.problems.push(Problem::UnknownReference {
            item: item(),
            field,
            id: id.to_owned(),
            expected,
        });
    }

    fn text(&mut self, item: &dyn Fn() -> ItemRef, field: &'static str, text: &str) {
        if text.trim().is_empty() {
            self.problems.push(Problem::EmptyText {
                item: item(),
                field,
            });
        }
    }

    fn state(&mut self, item: &dyn Fn() -> ItemRef, field: &'static str, code: &StateCode) {
        if self.agenda.state(code).is_none() {
            self.unknown(item, field, code.as_str(), IdKind::State);
        }
    }

    fn states(&mut self, item: &dyn Fn() -> ItemRef, field: &'static str, codes: &[StateCode]) {
        if codes.is_empty() {
            self.problems.push(Problem::EmptyList {
                item: item(),
                field,
            });
        }
        for code in codes {
            self.state(item, field, code);
        }
        self.distinct(item, field, codes);
    }

    /// Reports each state the list names more than once, once, in the
    /// order of its first repeat. O(n) for a list of n states.
    fn distinct(&mut self, item: &dyn Fn() -> ItemRef, field: &'static str, codes: &[StateCode]) {
        if codes.len() < 2 {
            return;
        }
        if codes.len() <= 16 {
            // Short lists (nearly all): a state is reported where it is
            // named the second time, without hashing.
            for (j, code) in codes.iter().enumerate() {
                let before = codes.get(..j).unwrap_or(&[]);
                if before.iter().filter(|c| *c == code).count() == 1 {
                    self.problems.push(Problem::DuplicateState {
                        item: item(),
                        field,
                        state: code.clone(),
                    });
                }
            }
            return;
        }
        let mut seen = HashSet::with_capacity(codes.len());
        let mut reported = HashSet::new();
        for code in codes {
            if !seen.insert(code.as_str()) && reported.insert(code.as_str()) {
                self.problems.push(Problem::DuplicateState {
                    item: item(),
                    field,
                    state: code.clone(),
                });
            }
        }
    }

    fn sources(&mut self, item: &dyn Fn() -> ItemRef, field: &'static str, ids: &[SourceId]) {
        for id in ids {
            if self.agenda.source(id).is_none() {
                self.unknown(item, field, id.as_str(), IdKind::Source);
            }
        }
    }

    fn institution(
        &mut self,
        item: &dyn Fn() -> ItemRef,
        field: &'static str,
        id: Option<&InstitutionId>,
    ) {
        if let Some(id) = id {
            if self.agenda.institution(id).is_none() {
                self.unknown(item, field, id.as_str(), IdKind::Institution);
            }
        }
    }

    /// Checks an instrument reference; returns the instrument's date.
    fn instrument(
        &mut self,
        item: &dyn Fn() -> ItemRef,
        field: &'static str,
        id: Option<&InstrumentId>,
    ) -> Option<PartialDate> {
        let id = id?;
        let date = self.agenda.instrument(id).map(|i| i.date);
        if date.is_none() {
            self.unknown(item, field, id.as_str(), IdKind::Instrument);
        }
        date
    }

    /// States: a name, and a departure after the arrival.
    fn state_records(&mut self) {
        for s in &self.agenda.states {
            let item = || ItemRef::State(s.code.clone());
            self.text(&item, "name", &s.name);
            if let (Some(joined), Some(left)) = (s.joined, s.left) {
                if left.first_day() <= joined.first_day() {
                    self.problems.push(Problem::LeftBeforeJoined {
                        item: item(),
                        state: s.code.clone(),
                        joined,
                        left,
                    });
                }
            }
        }
    }

    /// Checks the states, sources, institutions, instruments, programmes
    /// and commitments, and resolves each dependency's ends; the
    /// dependencies' own checks and the claims' come after, beside the
    /// graph (see [`Checker::graph_and_later_checks`]).
    fn records(&mut self) {
        let a = self.agenda;
        self.state_records();
        for s in &a.sources {
            let item = || ItemRef::Source(s.id.clone());
            self.text(&item, "title", &s.title);
            self.text(&item, "url", &s.url);
        }
        for i in &a.institutions {
            let item = || ItemRef::Institution(i.id.clone());
            self.text(&item, "name", &i.name);
            for code in &i.states {
                self.state(&item, "states", code);
            }
            self.distinct(&item, "states", &i.states);
            self.sources(&item, "sources", &i.sources);
            let dated: Vec<StateCode> = i.membership.iter().map(|m| m.state.clone()).collect();
            self.distinct(&item, "membership.state", &dated);
            for (index, m) in i.membership.iter().enumerate() {
                if !i.states.contains(&m.state) {
                    self.problems.push(Problem::NotAMember {
                        item: item(),
                        index,
                        state: m.state.clone(),
                    });
                }
                if let (Some(joined), Some(left)) = (m.joined, m.left) {
                    if left.first_day() <= joined.first_day() {
                        self.problems.push(Problem::LeftBeforeJoined {
                            item: item(),
                            state: m.state.clone(),
                            joined,
                            left,
                        });
                    }
                }
                self.sources(&item, "membership.sources", &m.sources);
            }
        }
        for i in &a.instruments {
            let item = || ItemRef::Instrument(i.id.clone());
            self.text(&item, "title", &i.title);
            self.institution(&item, "issued_by", i.issued_by.as_ref());
            self.sources(&item, "sources", &i.sources);
            self.instrument_life(i);
        }
        for p in &a.programmes {
            let item = || ItemRef::Programme(p.id.clone());
            self.text(&item, "title", &p.title);
            // A mode and its basis are given together or not at all.
            let without = match (&p.mode, &p.mode_basis) {
                (Some(_), None) => Some(("mode", "mode_basis")),
                (None, Some(_)) => Some(("mode_basis", "mode")),
                _ => None,
            };
            if let Some((field, without)) = without {
                self.problems.push(Problem::FieldWithout {
                    item: item(),
                    field,
                    without,
                });
            }
            self.states(&item, "states", &p.states);
            self.instrument(&item, "set_by", p.set_by.as_ref());
            for b in &p.benefits {
                self.state(&item, "benefits.state", &b.state);
                self.text(&item, "benefits.text", &b.text);
                self.sources(&item, "benefits.sources", &b.sources);
            }
            self.sources(&item, "sources", &p.sources);
        }
        self.commitments_and_dependencies();
    }

    /// Checks each dependency, with its ends as [`Checker::records`]
    /// resolved them, then each claim: the checks that come after the
    /// commitments' and that the graph does not wait for.
    fn dependencies_and_claims(&mut self, ends: &[(Option<End>, Option<End>)]) {
        let a = self.agenda;
        self.dependency_checks(ends);
        for (index, claim) in a.claims.iter().enumerate() {
            let item = || ItemRef::Claim(index);
            self.text(&item, "claimant", &claim.claimant);
            self.text(&item, "text", &claim.text);
            if let Some(value) = claim.percent_done.filter(|&v| v > 100) {
                self.problems.push(Problem::PercentOutOfRange {
                    item: item(),
                    value,
                });
            }
            self.sources(&item, "sources", &claim.sources);
            self.claim_counts(index, claim);
        }
    }

    /// The graph (see [`Checker::graph`]) and the problems of
    /// [`Checker::dependencies_and_claims`], for a large agenda each on its
    /// own thread (both here if no thread can be had).
    fn graph_and_later_checks(&self, members: &[Range<usize>]) -> (Graph, Vec<Problem>) {
        let later = || {
            let mut other = Checker::new(self.agenda, Vec::new());
            other.dependencies_and_claims(&self.ends);
            other.problems
        };
        if self.agenda.commitments.len() < TWO_THREADS_FROM {
            return (self.graph(members), later());
        }
        // The other thread also makes the *requires* arrays, which need
        // only the records and resolved ends, while this one adds the
        // edges to the graph.
        std::thread::scope(|scope| {
            let other = std::thread::Builder::new()
                .name("union-state-check".to_owned())
                .spawn_scoped(scope, || (later(), self.requires_arrays(members)));
            let mut graph = self.graph_edges(members);
            let mut problems = None;
            graph.finish(|| match other.map(std::thread::ScopedJoinHandle::join) {
                Ok(Ok((found, arrays))) => {
                    problems = Some(found);
                    Some(arrays)
                }
                _ => None,
            });
            (graph, problems.unwrap_or_else(later))
        })
    }

    /// Checks the commitments and resolves the dependencies' ends. The
    /// commitments' checks, and sorting the dependencies by dependent, are
    /// independent of resolving the ends: for a large agenda they run on a
    /// second thread. The dependencies' own checks come later (see
    /// [`Checker::graph_and_later_checks`]), so their problems follow the
    /// commitments' as on one thread.
    fn commitments_and_dependencies(&mut self) {
        let a = self.agenda;
        let before = self.problems.len();
        let commitment_checks = || {
            let mut other = Checker::new(a, Vec::new());
            other.commitments();
            other.problems
        };
        // The dependents' keys made while sorting the dependencies go to
        // whichever thread sorts them; a fallback makes them afresh.
        let given = self.dependents.take();
        let sorted = |given| sorted_dependents(&a.dependencies, given);
        let deadlines = self.deadlines.take();
        let commitment_problems = if a.commitments.len() >= TWO_THREADS_FROM {
            std::thread::scope(|scope| {
                let other = std::thread::Builder::new()
                    .name("union-state-check".to_owned())
                    .spawn_scoped(scope, move || (commitment_checks(), sorted(given)));
                let mut problems = None;
                let mut ranks = None;
                self.dependencies(|| {
                    // The order by deadline, needed once the agenda is
                    // built, is worked out here while the other thread
                    // finishes the sort.
                    ranks = Some(match deadlines {
                        Some(keys) if keys.len() == a.commitments.len() => Ranks::from_keys(keys),
                        _ => Ranks::of(&a.commitments),
                    });
                    // No thread to be had (or it failed): work here.
                    let (found, dependents) =
                        match other.ok().map(std::thread::ScopedJoinHandle::join) {
                            Some(Ok(done)) => done,
                            _ => (commitment_checks(), sorted(None)),
                        };
                    problems = Some(found);
                    dependents
                });
                self.ranks = ranks;
                problems.unwrap_or_else(commitment_checks)
            })
        } else {
            self.dependencies(|| sorted(given));
            commitment_checks()
        };
        // Resolving the ends found no problems: they are reported with the
        // rest of each dependency's, after the commitments'.
        debug_assert_eq!(self.problems.len(), before);
        self.problems.extend(commitment_problems);
    }

    /// Checks every commitment.
    fn commitments(&mut self) {
        let a = self.agenda;
        // Commitments come in id order, each programme's together: look
        // each programme up once, not once per commitment.
        let mut last: Option<(&str, bool)> = None;
        for c in &a.commitments {
            let p = c.id.programme_str();
            let known = match last {
                Some((q, known)) if q == p => known,
                _ => {
                    let known = a.programme_index(p).is_some();
                    last = Some((p, known));
                    known
                }
            };
            self.commitment(c, known);
        }
    }

    /// Who acts: known, distinct states, or a known institution.
    fn acting(&mut self, item: &dyn Fn() -> ItemRef, acting: &Actors) {
        match acting {
            Actors::Institution(id) => self.institution(item, "acting", Some(id)),
            _ => self.states(item, "acting", acting.states()),
        }
    }

    /// Checks a commitment; `programme_known` says whether the programme
    /// its id names exists.
    fn commitment(&mut self, c: &Commitment, programme_known: bool) {
        let item = || ItemRef::Commitment(c.id.clone());
        if !programme_known {
            self.unknown(&item, "id", c.id.programme_str(), IdKind::Programme);
        }
        self.acting(&item, &c.acting);
        self.text(&item, "title", &c.title);
        let set_by = c
            .set_by
            .as_ref()
            .and_then(|id| self.instrument(&item, "set_by", Some(id)).map(|d| (id, d)));
        if let Some(due) = &c.deadline {
            self.sources(&item, "deadline.sources", &due.sources);
            for alt in &due.alternatives {
                self.sources(&item, "deadline.alternatives.sources", &alt.sources);
            }
            if let Some((instrument, instrument_date)) = set_by {
                if due.date.last_day() < instrument_date.first_day() {
                    self.problems.push(Problem::DeadlineBeforeInstrument {
                        item: item(),
                        deadline: due.date,
                        instrument: instrument.clone(),
                        instrument_date,
                    });
                }
            }
            let mut expected = due.moves.first().map(|m| m.from);
            let mut previous: Option<PartialDate> = None;
            for (index, m) in due.moves.iter().enumerate() {
                self.instrument(&item, "deadline.moves.decided_by", m.decided_by.as_ref());
                self.sources(&item, "deadline.moves.sources", &m.sources);
                if previous.is_some_and(|p| m.decided < p) {
                    self.problems.push(Problem::OutOfOrder {
                        item: item(),
                        field: "deadline.moves",
                        index,
                        date: m.decided,
                    });
                }
                previous = Some(m.decided);
                if let Some(e) = expected.filter(|&e| e != m.from) {
                    self.problems.push(Problem::BrokenMoveChain {
                        item: item(),
                        index,
                        expected: e,
                    });
                }
                expected = Some(m.to);
            }
            if let Some(last) = expected.filter(|&e| e != due.date) {
                self.problems.push(Problem::MovesEndElsewhere {
                    item: item(),
                    last,
                    deadline: due.date,
                });
            }
        }
        let mut previous: Option<PartialDate> = None;
        for (index, e) in c.events.iter().enumerate() {
            if previous.is_some_and(|p| e.date.last_day() < p.last_day()) {
                self.problems.push(Problem::OutOfOrder {
                    item: item(),
                    field: "events",
                    index,
                    date: e.date,
                });
            }
            previous = Some(e.date);
            if let Some(state) = &e.state {
                if self.agenda.state(state).is_none() {
                    self.unknown(&item, "events.state", state.as_str(), IdKind::State);
                } else if !c.acting.states().contains(state) {
                    self.problems.push(Problem::EventStateNotActing {
                        item: item(),
                        index,
                        state: state.clone(),
                    });
                } else if !matches!(c.acting, Actors::Each(_)) {
                    self.problems.push(Problem::EventStateNotEach {
                        item: item(),
                        index,
                        state: state.clone(),
                    });
                }
            }
            if let Some((instrument, instrument_date)) = set_by {
                if e.date.last_day() < instrument_date.first_day() {
                    self.problems.push(Problem::EventBeforeInstrument {
                        item: item(),
                        index,
                        date: e.date,
                        instrument: instrument.clone(),
                        instrument_date,
                    });
                }
            }
            self.sources(&item, "events.sources", &e.sources);
        }
        self.sources(&item, "sources", &c.sources);
        self.achievement(c);
    }

    /// Checks an instrument's parties, signatures, ratifications and entry
    /// into force.
    fn instrument_life(&mut self, i: &Instrument) {
        let item = || ItemRef::Instrument(i.id.clone());
        let not_a_party = |field, index, state: &StateCode| Problem::NotAParty {
            item: item(),
            field,
            index,
            state: state.clone(),
            instrument: i.id.clone(),
        };
        for code in &i.parties {
            self.state(&item, "parties", code);
        }
        self.distinct(&item, "parties", &i.parties);
        for (index, s) in i.signed.iter().enumerate() {
            if let Some(place) = &s.place {
                self.text(&item, "signed.place", place);
            }
            for state in &s.states {
                if !i.parties.contains(state) {
                    self.problems
                        .push(not_a_party("signed.states", index, state));
                }
            }
            self.distinct(&item, "signed.states", &s.states);
            self.sources(&item, "signed.sources", &s.sources);
        }
        let first_signature = i.first_signature().map(|s| s.date);
        let before_signature =
            |date: PartialDate| first_signature.filter(|f| date.last_day() < f.first_day());
        for (index, r) in i.ratified.iter().enumerate() {
            if !i.parties.contains(&r.state) {
                self.problems
                    .push(not_a_party("ratified.state", index, &r.state));
            } else if i.ratified.iter().take(index).any(|e| e.state == r.state) {
                self.problems.push(Problem::RepeatedRatification {
                    item: item(),
                    index,
                    state: r.state.clone(),
                });
            }
            if let Some(first_signature) = before_signature(r.date) {
                self.problems.push(Problem::RatifiedBeforeSignature {
                    item: item(),
                    index,
                    date: r.date,
                    first_signature,
                });
            }
            self.sources(&item, "ratified.sources", &r.sources);
        }
        if let Some(f) = &i.in_force {
            if let Some(first_signature) = before_signature(f.date) {
                self.problems.push(Problem::InForceBeforeSignature {
                    item: item(),
                    date: f.date,
                    first_signature,
                });
            }
            self.sources(&item, "in_force.sources", &f.sources);
        }
    }

    /// Checks that a commitment's [`Achievement`](crate::Achievement) names
    /// an instrument and a stage it can reach for the states that act.
    fn achievement(&mut self, c: &Commitment) {
        let Some(a) = &c.achieved_by else {
            return;
        };
        let item = || ItemRef::Commitment(c.id.clone());
        let Some(i) = self.agenda.instrument(&a.instrument) else {
            self.unknown(
                &item,
                "achieved_by.instrument",
                a.instrument.as_str(),
                IdKind::Instrument,
            );
            return;
        };
        if a.stage == Stage::InForce {
            return;
        }
        if i.parties.is_empty() {
            if a.stage == Stage::Ratified {
                self.problems.push(Problem::StageNotPossible {
                    item: item(),
                    instrument: i.id.clone(),
                    stage: a.stage,
                });
            }
            return;
        }
        if let Actors::Institution(institution) = &c.acting {
            self.problems.push(Problem::StageNeedsStates {
                item: item(),
                instrument: i.id.clone(),
                stage: a.stage,
                institution: institution.clone(),
            });
        }
        for (index, state) in c.acting.states().iter().enumerate() {
            if !i.parties.contains(state) {
                self.problems.push(Problem::NotAParty {
                    item: item(),
                    field: "acting",
                    index,
                    state: state.clone(),
                    instrument: i.id.clone(),
                });
            }
        }
    }

    /// Checks a claim's worded counts.
    fn claim_counts(&mut self, index: usize, claim: &ProgressClaim) {
        let item = || ItemRef::Claim(index);
        if claim.percent_qualifier.is_some() && claim.percent_done.is_none() {
            self.problems
                .push(Problem::QualifierWithoutPercent { item: item() });
        }
        if let (Some(done), Some(total)) = (claim.measures_done, claim.measures_total) {
            let above = match done.qualifier {
                Qualifier::Exact | Qualifier::AtLeast => done.value > total,
                Qualifier::MoreThan => done.value >= total,
                Qualifier::About | Qualifier::LessThan => false,
            };
            if above {
                self.problems.push(Problem::MeasuresAboveTotal {
                    item: item(),
                    done,
                    total,
                });
            }
        }
        match &claim.scope {
            Some(ClaimScope::Programme(id))
                if self.agenda.programme_index(id.as_str()).is_none() =>
            {
                self.unknown(&item, "scope.programme", id.as_str(), IdKind::Programme);
            }
            Some(ClaimScope::Sector(sector))
                if !self.agenda.programmes.iter().any(|p| &p.sector == sector) =>
            {
                self.unknown(&item, "scope.sector", sector.as_str(), IdKind::Sector);
            }
            Some(ClaimScope::Plan(id)) if self.agenda.instrument(id).is_none() => {
                self.unknown(&item, "scope.plan", id.as_str(), IdKind::Instrument);
            }
            _ => {}
        }
    }

    /// The index of commitment `id`: at `hint` or just after it (checked
    /// first), else the last commitment with that id, searched for from
    /// `hint` onwards when `id` sorts after the one there (prerequisites
    /// come in id order, so the next is usually close), else among all.
    fn commitment_at(&self, id: &str, hint: usize) -> Option<usize> {
        let commitments = &self.agenda.commitments;
        for i in [hint, hint + 1] {
            if commitments.get(i).is_some_and(|c| c.id.as_str() == id) {
                return Some(i);
            }
        }
        let from = if commitments.get(hint).is_some_and(|c| c.id.as_str() <= id) {
            hint
        } else {
            0
        };
        let rest = commitments.get(from..).unwrap_or(&[]);
        let at_most = |c: &Commitment| c.id.as_str() <= id;
        // Gallop: `rest[..lo]` are all at most `id`, `rest[hi]` is not.
        let mut lo = 0;
        let mut hi = 1;
        while rest.get(hi - 1).is_some_and(at_most) {
            lo = hi;
            hi = hi.saturating_mul(2);
        }
        let hi = hi.min(rest.len());
        let count = from + lo + rest.get(lo..hi).unwrap_or(&[]).partition_point(at_most);
        count
            .checked_sub(1)
            .filter(|&last| commitments.get(last).is_some_and(|c| c.id.as_str() == id))
    }

    /// Resolves a prerequisite, or a dependent programme.
    fn resolve(&mut self, id: &NodeId) -> Option<End> {
        match id {
            NodeId::Programme(p) => {
                let programmes = &self.agenda.programmes;
                let hint = self.programme_hint;
                let found = if programmes.get(hint).is_some_and(|q| q.id == *p) {
                    Some(hint)
                } else {
                    self.agenda.programme_index(p.as_str())
                };
                if let Some(i) = found {
                    self.programme_hint = i;
                }
                found.map(End::Programme)
            }
            NodeId::Commitment(c) => {
                let found = self.commitment_at(c.as_str(), self.prerequisite_hint);
                if let Some(i) = found {
                    self.prerequisite_hint = i;
                }
                found.map(End::Commitment)
            }
        }
    }

    /// Resolves every dependency's ends into `self.ends` (checked later, by
    /// [`Checker::dependency_checks`]); `sorted` gives the commitment
    /// dependents as [`sorted_dependents`] does (computed elsewhere,
    /// perhaps on another thread, and asked for only when needed).
    fn dependencies(&mut self, sorted: impl FnOnce() -> Vec<(SortKey, u32)>) {
        let a = self.agenda;
        // Every end first, in a loop of lookups alone: the lookups of
        // different dependencies then overlap their waits for memory.
        // Commitment dependents come in no useful order, so they are
        // resolved afterwards, all together, by [`dependent_commitments`].
        let mut ends = Vec::with_capacity(a.dependencies.len());
        let mut kinds = Vec::with_capacity(a.dependencies.len());
        for d in &a.dependencies {
            let prerequisite = self.resolve(&d.prerequisite);
            let dependent = match &d.dependent {
                NodeId::Commitment(_) => None,
                programme @ NodeId::Programme(_) => self.resolve(programme),
            };
            ends.push((prerequisite, dependent));
            kinds.push((d.prerequisite != d.dependent).then_some(match d.kind {
                DependencyKind::Requires => EdgeKind::Requires,
                DependencyKind::ConditionalOn { .. } => EdgeKind::Conditional,
                DependencyKind::Related => EdgeKind::Related,
            }));
        }
        self.kinds = kinds;
        dependent_commitments(
            &a.keys,
            &a.commitments,
            &a.dependencies,
            &sorted(),
            &mut ends,
        );
        self.ends = ends;
    }

    /// Checks every dependency, given each one's ends as
    /// [`Checker::dependencies`] resolved them (`None` for an unknown end).
    fn dependency_checks(&mut self, ends: &[(Option<End>, Option<End>)]) {
        let a = self.agenda;
        let mut previous: Option<&Dependency> = None;
        for (index, d) in a.dependencies.iter().enumerate() {
            let item = || ItemRef::Dependency {
                prerequisite: d.prerequisite.clone(),
                dependent: d.dependent.clone(),
            };
            let (pre, dep) = ends.get(index).copied().unwrap_or((None, None));
            for (field, end, resolved) in [
                ("prerequisite", &d.prerequisite, pre),
                ("dependent", &d.dependent, dep),
            ] {
                if resolved.is_none() {
                    let kind = match end {
                        NodeId::Programme(_) => IdKind::Programme,
                        NodeId::Commitment(_) => IdKind::Commitment,
                    };
                    self.unknown(&item, field, end.as_str(), kind);
                }
            }
            if d.prerequisite == d.dependent {
                self.problems.push(Problem::SelfDependency { item: item() });
            }
            if let DependencyKind::ConditionalOn { demanded_by } = &d.kind {
                for demander in demanded_by {
                    match demander {
                        Demander::State(code) => self.state(&item, "demanded_by", code),
                        Demander::Institution(id) => {
                            self.institution(&item, "demanded_by", Some(id));
                        }
                    }
                }
            }
            if previous.is_some_and(|p| {
                p.prerequisite == d.prerequisite && p.dependent == d.dependent && p.kind == d.kind
            }) {
                self.problems.push(Problem::DuplicateDependency {
                    item: item(),
                    kind: d.kind.name(),
                });
            }
            previous = Some(d);
            self.sources(&item, "sources", &d.sources);
        }
    }

    /// Each programme's commitments, as a range of the sorted commitments.
    fn members(&self) -> Vec<Range<usize>> {
        let commitments = &self.agenda.commitments;
        self.agenda
            .programmes
            .iter()
            .map(|p| {
                // The ids starting `P.` are together in id order, but not in
                // programme order: `A-B.y` sorts before `A.x` (`-` is below
                // `.`) while `A-B` sorts after `A`. So search by the prefix.
                let prefix = format!("{}.", p.id.as_str());
                let lo = commitments.partition_point(|c| c.id.as_str() < prefix.as_str());
                let hi = lo
                    + commitments
                        .get(lo..)
                        .unwrap_or(&[])
                        .partition_point(|c| c.id.as_str().starts_with(prefix.as_str()));
                lo..hi
            })
            .collect()
    }

    /// The graph of every dependency whose ends exist and differ.
    fn graph(&self, members: &[Range<usize>]) -> Graph {
        let mut g = self.graph_edges(members);
        g.finish(|| None);
        g
    }

    /// The graph with every edge added ([`Checker::each_edge`]), its
    /// compact arrays not yet built ([`Graph::finish`]).
    fn graph_edges(&self, members: &[Range<usize>]) -> Graph {
        let a = self.agenda;
        let mut g = Graph::with_capacity(
            a.commitments.len(),
            a.programmes.len(),
            a.dependencies.len(),
        );
        let layout = g.layout();
        self.each_edge(members, layout, |x, y, edge| g.add(x, y, edge));
        g
    }

    /// The compact *requires* arrays of the graph [`Checker::graph_edges`]
    /// makes, from the same edges in the same order, without the graph: so
    /// they can be made on another thread while this one adds the edges.
    fn requires_arrays(&self, members: &[Range<usize>]) -> RequiresArrays {
        let a = self.agenda;
        let layout = Layout::new(a.commitments.len(), a.programmes.len());
        let mut pairs = Vec::with_capacity(2 * a.commitments.len() + a.dependencies.len());
        self.each_edge(members, layout, |x, y, edge| {
            if Follow::REQUIRES.allows(edge.kind) {
                pairs.push((graph::index(x), graph::index(y)));
            }
        });
        RequiresArrays::of(layout.nodes(), pairs)
    }

    /// Every edge of the graph, in the order it is added: each programme's
    /// membership edges (start to each commitment, each to done; start to
    /// done for a programme without commitments), then each dependency's
    /// edge between its resolved ends (none for a dependency on itself or
    /// with an end not found).
    fn each_edge(
        &self,
        members: &[Range<usize>],
        g: Layout,
        mut add: impl FnMut(NodeIndex, NodeIndex, Edge),
    ) {
        let member = Edge {
            kind: EdgeKind::Member,
            dependency: u32::MAX,
        };
        for (p, range) in members.iter().enumerate() {
            if range.is_empty() {
                add(g.start(p), g.done(p), member);
            }
            for c in range.clone() {
                add(g.start(p), g.commitment(c), member);
                add(g.commitment(c), g.done(p), member);
            }
        }
        // From the resolved ends and kinds alone, not the records.
        for (index, (&(pre, dep), &kind)) in self.ends.iter().zip(&self.kinds).enumerate() {
            let Some(kind) = kind else {
                continue;
            };
            let prerequisite = pre.map(|e| match e {
                End::Programme(p) => g.done(p),
                End::Commitment(c) => g.commitment(c),
            });
            let dependent = dep.map(|e| match e {
                End::Programme(p) => g.start(p),
                End::Commitment(c) => g.commitment(c),
            });
            if let (Some(x), Some(y)) = (prerequisite, dependent) {
                let dependency = u32::try_from(index).unwrap_or(u32::MAX);
                add(x, y, Edge { kind, dependency });
            }
        }
    }
}

/// A string's first bytes as a number that sorts as the strings do: up to
/// 15 bytes, then the length for a string of at most 15 bytes (so the key
/// tells such strings apart exactly), else 255 (strings longer than 15
/// bytes with the same key need comparing in full).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SortKey(u128);

impl SortKey {
    /// The key of `id`.
    pub(crate) fn of(id: &str) -> Self {
        let bytes = id.as_bytes();
        let mut key = [0u8; 16];
        let head = bytes.len().min(15);
        if let (Some(to), Some(from)) = (key.get_mut(..head), bytes.get(..head)) {
            to.copy_from_slice(from);
        }
        if let Some(last) = key.last_mut() {
            *last = u8::try_from(bytes.len())
                .ok()
                .filter(|&n| n <= 15)
                .unwrap_or(u8::MAX);
        }
        SortKey(u128::from_be_bytes(key))
    }

    /// Whether strings with this key may differ after it.
    pub(crate) fn partial(self) -> bool {
        self.0 & 0xff == 0xff
    }
}

/// Dependency `index`'s entry in [`sorted_dependents`]: the key of its
/// dependent's id and its index, if the dependent is a commitment.
fn dependent_entry(index: usize, d: &Dependency) -> Option<(SortKey, u32)> {
    match &d.dependent {
        NodeId::Commitment(c) => Some((SortKey::of(c.as_str()), u32::try_from(index).ok()?)),
        NodeId::Programme(_) => None,
    }
}

/// The dependencies whose dependent is a commitment, as (the key of its
/// id, the dependency's index), in the order of the ids: what
/// [`dependent_commitments`] walks. Needs only the dependencies, so it can
/// be computed beside the other checks. `given`, if any, is that list
/// unsorted (from [`sort_dependencies`]), so the ids are not read again.
fn sorted_dependents(
    dependencies: &[Dependency],
    given: Option<Vec<(SortKey, u32)>>,
) -> Vec<(SortKey, u32)> {
    let dependent_id = |index: u32| {
        dependencies
            .get(index as usize)
            .map_or("", |d| d.dependent.as_str())
    };
    let mut dependents: Vec<(SortKey, u32)> = given.unwrap_or_else(|| {
        dependencies
            .iter()
            .enumerate()
            .filter_map(|(index, d)| dependent_entry(index, d))
            .collect()
    });
    dependents.sort_unstable();
    // Keys that do not tell their ids apart: sort each run of them by id.
    let mut run = 0;
    while let Some(&(key, _)) = dependents.get(run) {
        let len = dependents
            .get(run..)
            .unwrap_or(&[])
            .iter()
            .take_while(|&&(k, _)| k == key)
            .count();
        if key.partial() && len > 1 {
            if let Some(ids) = dependents.get_mut(run..run + len) {
                ids.sort_by(|&(_, x), &(_, y)| dependent_id(x).cmp(dependent_id(y)));
            }
        }
        run += len;
    }
    dependents
}

/// Resolves the commitment dependents listed in `dependents` (each with
/// its id's [`SortKey`] and its dependency's index) into `ends`, as
/// a search would (an id given twice resolves to its last commitment), by
/// a merge join: the dependents sorted by id are walked together with
/// the commitments, which are in id order (`keys` their ids' keys, in the
/// same order). Sorting small
/// keys costs less than a hash lookup each, which waits on memory three
/// times over (for a control byte, a slot and the commitment), and needs
/// no table built.
fn dependent_commitments(
    keys: &[SortKey],
    commitments: &[Commitment],
    dependencies: &[Dependency],
    dependents: &[(SortKey, u32)],
    ends: &mut [(Option<End>, Option<End>)],
) {
    let dependent_id = |index: u32| {
        dependencies
            .get(index as usize)
            .map_or("", |d| d.dependent.as_str())
    };
    let mut at = 0;
    let mut at_key = keys.first().copied();
    for &(key, index) in dependents {
        let compare = |c: usize, c_key: SortKey| {
            c_key.cmp(&key).then_with(|| {
                if key.partial() {
                    commitments
                        .get(c)
                        .map_or("", |c| c.id.as_str())
                        .cmp(dependent_id(index))
                } else {
                    std::cmp::Ordering::Equal
                }
            })
        };
        // Past every commitment whose id sorts at or before this one.
        while let Some(c_key) = at_key {
            if compare(at, c_key) == std::cmp::Ordering::Greater {
                break;
            }
            at += 1;
            at_key = keys.get(at).copied();
        }
        let found = at
            .checked_sub(1)
            .filter(|&last| keys.get(last).is_some_and(|&k| compare(last, k).is_eq()));
        if let (Some(found), Some(end)) = (found, ends.get_mut(index as usize)) {
            end.1 = Some(End::Commitment(found));
        }
    }
}

/// The id a graph node stands for in a cycle path.
pub(crate) fn node_id(agenda: &Agenda, graph: &Graph, n: NodeIndex) -> Option<NodeId> {
    match graph.decode(n) {
        Node::Commitment(c) => agenda
            .commitments
            .get(c)
            .map(|c| NodeId::Commitment(c.id.clone())),
        Node::Start(p) | Node::Done(p) => agenda
            .programmes
            .get(p)
            .map(|p| NodeId::Programme(p.id.clone())),
    }
}

/// The cycle check ([`requires_cycles`]) and, given the ranks found
/// during the checks (a large agenda's), the arrays its transitive queries
/// walk for them, made meanwhile on a second thread; `None` if no thread
/// can be had, and they are made after.
fn cycles_and_walks(
    agenda: &Agenda,
    graph: &Graph,
    ranks: Option<&Ranks>,
) -> (Result<Vec<NodeIndex>, Vec<Problem>>, Option<RankedWalks>) {
    std::thread::scope(|scope| {
        let walks = ranks.and_then(|r| {
            std::thread::Builder::new()
                .name("union-state-walks".to_owned())
                .spawn_scoped(scope, || graph.ranked_walks(&r.rank))
                .ok()
        });
        let order = requires_cycles(agenda, graph);
        (order, walks.and_then(|w| w.join().ok()))
    })
}

/// One cycle per strongly connected component of *requires* (and
/// membership) edges, each as a path of ids starting at its smallest id;
/// when there is none, the topological order found instead.
fn requires_cycles(agenda: &Agenda, graph: &Graph) -> Result<Vec<NodeIndex>, Vec<Problem>> {
    let follow = Follow::REQUIRES;
    let n = graph.node_count();
    // Kahn's algorithm first: an acyclic graph (the common case) costs O(V + E).
    // The order doubles as the queue; when it holds every node, it is a
    // topological order, kept for the queries that walk one.
    let mut indegree = vec![0u32; n];
    for i in 0..n {
        for m in graph.neighbours(NodeIndex::new(i), Direction::Outgoing, follow) {
            if let Some(d) = indegree.get_mut(m.index()) {
                *d += 1;
            }
        }
    }
    let mut order: Vec<NodeIndex> = (0..n)
        .filter(|&i| indegree.get(i) == Some(&0))
        .map(NodeIndex::new)
        .collect();
    let mut head = 0;
    while let Some(&v) = order.get(head) {
        head += 1;
        for m in graph.neighbours(v, Direction::Outgoing, follow) {
            if let Some(d) = indegree.get_mut(m.index()) {
                *d -= 1;
                if *d == 0 {
                    order.push(m);
                }
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    let mut removed = vec![false; n];
    for v in &order {
        if let Some(r) = removed.get_mut(v.index()) {
            *r = true;
        }
    }
    let components = crate::scc::strongly_connected(
        n,
        |i| {
            graph
                .neighbours(NodeIndex::new(i), Direction::Outgoing, follow)
                .map(NodeIndex::index)
        },
        |i| !removed.get(i).copied().unwrap_or(true),
    );
    let mut problems = Vec::new();
    for component in components.iter().filter(|c| c.len() > 1) {
        let Some(path) = crate::scc::cycle_in(component, |i| {
            graph
                .neighbours(NodeIndex::new(i), Direction::Outgoing, follow)
                .map(NodeIndex::index)
        }) else {
            continue;
        };
        let mut ids: Vec<NodeId> = path
            .into_iter()
            .filter_map(|i| node_id(agenda, graph, NodeIndex::new(i)))
            .collect();
        ids.dedup();
        if ids.len() > 1 && ids.first() == ids.last() {
            ids.pop();
        }
        if let Some(min) = ids
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.cmp(b.1))
            .map(|(i, _)| i)
        {
            ids.rotate_left(min);
        }
        problems.push(Problem::RequiresCycle { path: ids });
    }
    problems.sort_by(|a, b| match (a, b) {
        (Problem::RequiresCycle { path: x }, Problem::RequiresCycle { path: y }) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    });
    Err(problems)
}

#[cfg(test)]
mod tests {
    use crate::*;

    /// Programmes `A`, `A-B` and `A_B`, one commitment each; `A-B.y`
    /// requires `A.x`.
    fn prefixed() -> Agenda {
        let by: StateCode = "BY".parse().unwrap();
        let mut b = AgendaBuilder::new();
        b.add_state(State::new(by.clone(), "Belarus"));
        for (p, c) in [("A", "A.x"), ("A-B", "A-B.y"), ("A_B", "A_B.z")] {
            let mut programme = Programme::new(
                p.parse().unwrap(),
                p,
                "gas".parse().unwrap(),
                IntegrationMode::CommonMarket,
            );
            programme.states.push(by.clone());
            b.add_programme(programme).add_commitment(Commitment::new(
                c.parse().unwrap(),
                c,
                Actors::State(by.clone()),
            ));
        }
        b.add_dependency(Dependency::new(
            "A.x".parse::<CommitmentId>().unwrap(),
            "A-B.y".parse::<CommitmentId>().unwrap(),
            DependencyKind::Requires,
        ));
        b.build().unwrap()
    }

    /// The dependents resolved by the merge join are those a search of the
    /// commitments finds (the last of an id given twice), for ids longer
    /// and shorter than the sort key, sharing long prefixes, repeated or
    /// unknown, in any order.
    #[test]
    fn dependent_commitments_resolves_as_a_search_does() {
        let by: StateCode = "BY".parse().unwrap();
        let ids = [
            "A.x",
            "A.xy",
            "A-B.y",
            "A_B.z",
            "A.x0",
            "A.a",
            "AB.x",
            "LONGPROGRAMME01.abc1",
            "LONGPROGRAMME01.abc2",
            "LONGPROGRAMME01.abc",
            "LONGPROGRAMME01.abc10",
            "LONGPROGRAMME0.abc",
            "P00001.C0000001",
            "P00001.C000000",
            "P00001.C00000010",
            "Z.last",
        ];
        let mut seed = 7_u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            usize::try_from(seed >> 33).unwrap() % n
        };
        for round in 0..200 {
            // Some ids as commitments (some twice), sorted as build sorts.
            let mut commitments: Vec<Commitment> = (0..round % 12)
                .map(|_| {
                    let id = ids[next(ids.len())];
                    Commitment::new(id.parse().unwrap(), id, Actors::State(by.clone()))
                })
                .collect();
            commitments.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
            let dependencies: Vec<Dependency> = (0..next(30))
                .map(|_| {
                    Dependency::new(
                        "A.x".parse::<CommitmentId>().unwrap(),
                        ids[next(ids.len())].parse::<CommitmentId>().unwrap(),
                        DependencyKind::Requires,
                    )
                })
                .collect();
            let dependents = super::sorted_dependents(&dependencies, None);
            let mut ends = vec![(None, None); dependencies.len()];
            let (keys, _) = super::keys_and_deadlines(&commitments);
            super::dependent_commitments(
                &keys,
                &commitments,
                &dependencies,
                &dependents,
                &mut ends,
            );
            for (d, (_, end)) in dependencies.iter().zip(&ends) {
                let expected = commitments
                    .iter()
                    .rposition(|c| c.id.as_str() == d.dependent.as_str());
                let got = end.map(|e| match e {
                    super::End::Commitment(c) => c,
                    super::End::Programme(_) => usize::MAX,
                });
                assert_eq!(got, expected, "{} in round {round}", d.dependent.as_str());
            }
        }
    }

    /// The dependents' keys made by the pass that checks the dependencies'
    /// order give, once sorted, the list made from the ids afresh; input
    /// out of order is sorted and gives none. Commitment and programme
    /// ends, ids around the key's 15 bytes, repeats, in and out of order.
    #[test]
    fn dependents_found_while_checking_the_order_are_those_found_afresh() {
        let ids = [
            "A.x",
            "A.xy",
            "A-B.y",
            "LONGPROGRAMME01.abc1",
            "LONGPROGRAMME01.abc",
            "P00001.C0000001",
            "P00001.C000000",
        ];
        let programmes = ["A", "A-B", "LONGPROGRAMME01"];
        let mut seed = 11_u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            usize::try_from(seed >> 33).unwrap() % n
        };
        let mut sorted_rounds = 0;
        for round in 0..300 {
            let end = |next: &mut dyn FnMut(usize) -> usize| -> NodeId {
                if next(4) == 0 {
                    NodeId::Programme(programmes[next(programmes.len())].parse().unwrap())
                } else {
                    NodeId::Commitment(ids[next(ids.len())].parse().unwrap())
                }
            };
            let mut dependencies: Vec<Dependency> = (0..next(25))
                .map(|_| {
                    let prerequisite = end(&mut next);
                    let dependent = end(&mut next);
                    Dependency::new(prerequisite, dependent, DependencyKind::Requires)
                })
                .collect();
            if round % 2 == 0 {
                dependencies
                    .sort_by(|a, b| super::dependency_key(a).cmp(&super::dependency_key(b)));
            }
            let key = super::dependency_key;
            let in_order = dependencies.is_sorted_by(|a, b| key(a) <= key(b));
            let given = super::sort_dependencies(&mut dependencies);
            assert_eq!(given.is_some(), in_order, "round {round}");
            assert!(
                dependencies.is_sorted_by(|a, b| key(a) <= key(b)),
                "round {round}"
            );
            sorted_rounds += usize::from(in_order);
            assert_eq!(
                super::sorted_dependents(&dependencies, given),
                super::sorted_dependents(&dependencies, None),
                "round {round}"
            );
        }
        assert!(
            (150..300).contains(&sorted_rounds),
            "{sorted_rounds} rounds in order"
        );
    }

    #[test]
    fn a_programme_id_that_extends_another_with_a_dash_keeps_its_commitments() {
        // `A-B.y` sorts before `A.x` (`-` is below `.`) although `A-B`
        // sorts after `A`: the commitments are not in programme order.
        let agenda = prefixed();
        let ids = |p: &str| -> Vec<&str> {
            agenda
                .commitments_of(&p.parse().unwrap())
                .iter()
                .map(|c| c.id.as_str())
                .collect()
        };
        assert_eq!(ids("A"), ["A.x"]);
        assert_eq!(ids("A-B"), ["A-B.y"]);
        assert_eq!(ids("A_B"), ["A_B.z"]);
        // Programme `A` stands for `A.x` in a query about it.
        let after: Vec<&str> = agenda
            .dependents(&NodeId::Programme("A".parse().unwrap()))
            .unwrap()
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(after, ["A-B.y"]);
    }
}
