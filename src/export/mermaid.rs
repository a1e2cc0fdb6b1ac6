//! Mermaid flowcharts and Gantt charts, which GitHub renders inline.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{Look, shorten};
use crate::dependency::DependencyKind;
use crate::ids::{NodeId, ProgrammeId};
use crate::{Actors, Agenda};

/// Options for [`Agenda::to_mermaid_flowchart`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowchartOptions {
    /// The date node colours show the status on.
    pub as_of: NaiveDate,
    /// Only these programmes (and dependencies between them); `None` for
    /// all.
    pub programmes: Option<Vec<ProgrammeId>>,
    /// The longest title shown in a node, in characters.
    pub title_width: usize,
}

impl FlowchartOptions {
    /// All programmes, colours as of `as_of`, titles cut at 40 characters.
    pub fn new(as_of: NaiveDate) -> Self {
        FlowchartOptions {
            as_of,
            programmes: None,
            title_width: 40,
        }
    }
}

/// How [`Agenda::to_mermaid_gantt`] groups its tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GanttGrouping {
    /// One section per programme.
    Programme,
    /// One section per acting state (a joint commitment appears under
    /// each), then one per acting institution.
    State,
}

/// Options for [`Agenda::to_mermaid_gantt`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GanttOptions {
    /// The chart's title.
    pub title: String,
    /// Sections by programme or by state.
    pub grouping: GanttGrouping,
    /// Only deadlines whose last allowed day falls in this window (both
    /// ends included); `None` for all.
    pub window: Option<(NaiveDate, NaiveDate)>,
    /// Only these programmes; `None` for all.
    pub programmes: Option<Vec<ProgrammeId>>,
    /// The longest title shown in a task, in characters.
    pub title_width: usize,
}

impl GanttOptions {
    /// All dated commitments, one section per programme.
    pub fn new(title: impl Into<String>) -> Self {
        GanttOptions {
            title: title.into(),
            grouping: GanttGrouping::Programme,
            window: None,
            programmes: None,
            title_width: 48,
        }
    }
}

/// The programmes an options' filter selects, as a set: a constant-time
/// look-up however long the filter (`None` selects every programme).
struct Selection<'a>(Option<HashSet<&'a str>>);

impl<'a> Selection<'a> {
    fn new(filter: Option<&'a [ProgrammeId]>) -> Self {
        Selection(filter.map(|f| f.iter().map(ProgrammeId::as_str).collect()))
    }

    fn has(&self, programme: &str) -> bool {
        self.0.as_ref().is_none_or(|set| set.contains(programme))
    }
}

/// A Mermaid-safe node id: letters and digits kept, `_` written `__`, `-`
/// written `_d`, `.` written `_o`. The code is prefix-free, so two ids
/// never map to the same name; `c_` (commitment) and `p_` (programme)
/// prefixes keep clear of Mermaid's keywords such as `end`.
fn mermaid_id(id: &NodeId) -> String {
    let mut out = String::from(match id {
        NodeId::Programme(_) => "p_",
        NodeId::Commitment(_) => "c_",
    });
    for ch in id.as_str().chars() {
        match ch {
            '_' => out.push_str("__"),
            '-' => out.push_str("_d"),
            '.' => out.push_str("_o"),
            c => out.push(c),
        }
    }
    out
}

/// Text for a quoted Mermaid label: entity codes for the characters that
/// would end or confuse it.
fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '\n' | '\r' => out.push(' '),
            c if super::is_unprintable(c) => out.push(super::REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// Text for a Gantt task or section name, where `:` and `#` have meanings
/// and line breaks end the statement.
fn gantt_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ':' | '#' | ';' => ',',
            '\n' | '\r' => ' ',
            c if super::is_unprintable(c) => super::REPLACEMENT,
            c => c,
        })
        .collect()
}

impl Agenda {
    /// The dependency graph as a Mermaid flowchart (`flowchart LR`): one
    /// subgraph per programme, nodes coloured by status as of
    /// `options.as_of`, *requires* as solid arrows, *conditional on* as
    /// dotted arrows labelled with the demanding state, *related* as dotted
    /// lines. A dependency naming a whole programme attaches to its
    /// subgraph. Node ids follow a collision-free scheme (`UP16.addendum`
    /// becomes `c_UP16_oaddendum`).
    ///
    /// # Example: the energy programmes
    ///
    /// ```
    /// use union_state::export::FlowchartOptions;
    /// let agenda = union_state::dataset();
    /// let mut options = FlowchartOptions::new("2023-01-09".parse()?);
    /// options.programmes = Some(vec!["UP16".parse()?, "UP17".parse()?, "UP18".parse()?]);
    /// let chart = agenda.to_mermaid_flowchart(&options);
    /// assert!(chart.starts_with("flowchart LR\n"));
    /// assert!(chart.contains("c_UP16_oprinciples --> c_UP16_oaddendum"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_mermaid_flowchart(&self, options: &FlowchartOptions) -> String {
        let chosen = Selection::new(options.programmes.as_deref());
        let mut out = String::from("flowchart LR\n");
        for look in Look::ALL {
            let _ = writeln!(
                out,
                "  classDef {} fill:{},stroke:#495057,color:#212529",
                look.name(),
                look.colour()
            );
        }
        for (programme, range) in self.programmes.iter().zip(&self.members) {
            if !chosen.has(programme.id.as_str()) {
                continue;
            }
            let pid = mermaid_id(&NodeId::Programme(programme.id.clone()));
            let title = format!(
                "{} {}",
                programme.id,
                shorten(&programme.title, options.title_width)
            );
            let _ = writeln!(out, "  subgraph {pid}[\"{}\"]", label(&title));
            for c in self.commitments.get(range.clone()).unwrap_or(&[]) {
                let look = Look::of(c, options.as_of);
                let due = c
                    .due()
                    .map_or_else(|| "no deadline".to_owned(), |d| format!("due {d}"));
                let text = format!(
                    "{}<br/>{}<br/>{due}",
                    c.id,
                    label(&shorten(&c.title, options.title_width))
                );
                let _ = writeln!(
                    out,
                    "    {}[\"{}\"]:::{}",
                    mermaid_id(&NodeId::Commitment(c.id.clone())),
                    text,
                    look.name()
                );
            }
            out.push_str("  end\n");
        }
        for d in &self.dependencies {
            if !chosen.has(d.prerequisite.programme().as_str())
                || !chosen.has(d.dependent.programme().as_str())
            {
                continue;
            }
            let (a, b) = (mermaid_id(&d.prerequisite), mermaid_id(&d.dependent));
            let _ = match &d.kind {
                DependencyKind::Requires => writeln!(out, "  {a} --> {b}"),
                DependencyKind::ConditionalOn { demanded_by } => {
                    writeln!(out, "  {a} -.->|{}| {b}", demanded_by.demand())
                }
                DependencyKind::Related => writeln!(out, "  {a} -.- {b}"),
            };
        }
        out
    }

    /// The deadlines as a Mermaid Gantt chart (`dateFormat YYYY-MM-DD`):
    /// every dated commitment a milestone on the last day its deadline's
    /// wording allows (a deadline is a date, not a span of work, and the
    /// last allowed day is when it falls due), grouped in one section per
    /// programme or per acting state (and institution), optionally limited to a window and
    /// to some programmes. Sections and tasks are in id and deadline order.
    ///
    /// # Example: deadlines of 2022-2024 by state
    ///
    /// ```
    /// use union_state::export::{GanttGrouping, GanttOptions};
    /// let agenda = union_state::dataset();
    /// let mut options = GanttOptions::new("Union State deadlines, 2022-2024");
    /// options.grouping = GanttGrouping::State;
    /// options.window = Some(("2022-01-01".parse()?, "2024-12-31".parse()?));
    /// let chart = agenda.to_mermaid_gantt(&options);
    /// assert!(chart.contains("section BY"));
    /// assert!(chart.contains(":milestone, c_UP16_oaddendum_s0, 2023-12-01, 0d"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_mermaid_gantt(&self, options: &GanttOptions) -> String {
        let chosen = Selection::new(options.programmes.as_deref());
        let mut out = String::from("gantt\n");
        let _ = writeln!(out, "  title {}", gantt_text(&options.title));
        out.push_str("  dateFormat YYYY-MM-DD\n  axisFormat %Y-%m\n");
        // Each commitment's programme, from the id-ordered member ranges.
        let mut programme_of = vec![usize::MAX; self.commitments.len()];
        for (p, range) in self.members.iter().enumerate() {
            for slot in programme_of.get_mut(range.clone()).unwrap_or(&mut []) {
                *slot = p;
            }
        }
        let keep: Vec<bool> = self
            .programmes
            .iter()
            .map(|p| chosen.has(p.id.as_str()))
            .collect();
        let mut dated: Vec<usize> = (0..self.commitments.len())
            .filter(|&c| {
                programme_of
                    .get(c)
                    .is_some_and(|&p| keep.get(p).copied().unwrap_or(false))
                    && self.commitments.get(c).is_some_and(|x| {
                        x.due().is_some_and(|d| {
                            options
                                .window
                                .is_none_or(|(a, b)| (a..=b).contains(&d.last_day()))
                        })
                    })
            })
            .collect();
        dated.sort_by_key(|&c| crate::query::deadline_key(self, c));
        // One pass over the sorted tasks drops each into its sections, so
        // every section keeps deadline order: linear in the tasks (and
        // their acting states), not sections times tasks.
        let sections: Vec<(String, Vec<usize>)> = match options.grouping {
            GanttGrouping::Programme => {
                let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); self.programmes.len()];
                for &c in &dated {
                    if let Some(bucket) = programme_of.get(c).and_then(|&p| buckets.get_mut(p)) {
                        bucket.push(c);
                    }
                }
                self.programmes
                    .iter()
                    .zip(buckets)
                    .filter(|(_, tasks)| !tasks.is_empty())
                    .map(|(p, tasks)| {
                        (
                            format!("{} {}", p.id, shorten(&p.title, options.title_width)),
                            tasks,
                        )
                    })
                    .collect()
            }
            GanttGrouping::State => self.sections_by_actor(&dated),
        };
        for (n, (name, tasks)) in sections
            .into_iter()
            .enumerate()
            .filter(|(_, (_, t))| !t.is_empty())
        {
            let _ = writeln!(out, "  section {}", gantt_text(&name));
            for c in tasks.iter().filter_map(|&c| self.commitments.get(c)) {
                let Some(due) = c.due() else { continue };
                let text = gantt_text(&format!(
                    "{} {}",
                    c.id,
                    shorten(&c.title, options.title_width)
                ));
                // Task ids must be unique: by state, a joint commitment
                // appears once per section (`_s` is outside the id code).
                let mut id = mermaid_id(&NodeId::Commitment(c.id.clone()));
                if options.grouping == GanttGrouping::State {
                    let _ = write!(id, "_s{n}");
                }
                let _ = writeln!(out, "  {text} :milestone, {id}, {}, 0d", due.last_day());
            }
        }
        out
    }

    /// The Gantt chart's sections by actor, each with its commitments (of
    /// `dated`, in that order): one per state, then one per institution
    /// that acts (a commitment under each state that acts on it).
    fn sections_by_actor(&self, dated: &[usize]) -> Vec<(String, Vec<usize>)> {
        // A section per state, then one per institution that acts.
        let states = self.states.len();
        let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); states + self.institutions.len()];
        for &c in dated {
            let Some(x) = self.commitments.get(c) else {
                continue;
            };
            if let Actors::Institution(id) = &x.acting {
                let at = self
                    .institutions
                    .binary_search_by(|i| i.id.as_str().cmp(id.as_str()));
                if let Some(bucket) = at.ok().and_then(|i| buckets.get_mut(states + i)) {
                    bucket.push(c);
                }
                continue;
            }
            for code in x.acting.states() {
                let Ok(s) = self
                    .states
                    .binary_search_by(|s| s.code.as_str().cmp(code.as_str()))
                else {
                    continue;
                };
                if let Some(bucket) = buckets.get_mut(s) {
                    // A state named twice still gets the task once.
                    if bucket.last() != Some(&c) {
                        bucket.push(c);
                    }
                }
            }
        }
        self.states
            .iter()
            .map(|s| s.code.to_string())
            .chain(
                self.institutions
                    .iter()
                    .map(|i| format!("{} (institution)", i.id)),
            )
            .zip(buckets)
            .collect()
    }
}
