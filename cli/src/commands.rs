//! The questions: each command asks the library, then renders its answer as
//! text lines and as the library's own serialisation.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use union_state::export::{DotOptions, FlowchartOptions, GanttOptions, IcalOptions};
use union_state::query::{
    CommitmentRef, CommitmentStatus, DeadlineConflict, Deadlock, DepthReport, DepthScale,
    InstrumentConflict, LatestDate, Percent, Progress,
};
use union_state::{
    Agenda, Commitment, Dependency, DependencyKind, Follow, IntegrationMode, NodeId, ProgrammeId,
    Sector, StatusEvent,
};

use crate::args::{Command, ExportKind, FollowArg, Format, RelationArgs};
use crate::text::{self, Paint, cell, count, cut, wrap};

/// What a command produced.
pub(crate) enum Outcome<'c> {
    /// An answer, as text lines and as JSON, with the exit status.
    Answer {
        text: Vec<String>,
        json: Value,
        status: u8,
    },
    /// An export's bytes, for standard output or a file.
    Export {
        bytes: Vec<u8>,
        output: Option<&'c PathBuf>,
    },
}

fn json<T: Serialize>(answer: &T) -> Result<Value, String> {
    serde_json::to_value(answer).map_err(|e| format!("cannot serialise the answer: {e}"))
}

fn answer<T: Serialize>(text: Vec<String>, value: &T) -> Result<Outcome<'static>, String> {
    Ok(Outcome::Answer {
        text,
        json: json(value)?,
        status: 0,
    })
}

/// Lines, each wrapped to the width.
fn wrapped(lines: impl IntoIterator<Item = String>) -> Vec<String> {
    lines.into_iter().flat_map(|l| wrap(&l)).collect()
}

/// A summary line followed by a table of commitments.
fn listing(
    head: String,
    list: &[&Commitment],
    as_of: NaiveDate,
    paint: Paint,
) -> Result<Outcome<'static>, String> {
    let mut lines = wrapped([head]);
    lines.extend(text::commitments(list, as_of, paint));
    answer(lines, &CommitmentRef::list(list))
}

/// Programmes counted by mode and by sector.
#[derive(Serialize)]
struct Counts<'a> {
    by_mode: std::collections::BTreeMap<IntegrationMode, usize>,
    /// Programmes whose agreement states no mode (`union-state/2`).
    without_mode: usize,
    by_sector: std::collections::BTreeMap<&'a Sector, usize>,
}

/// The three answers about deadlines that cannot all be met.
#[derive(Serialize)]
#[allow(clippy::struct_field_names)]
struct Conflicts<'a> {
    deadline_conflicts: Vec<DeadlineConflict<'a>>,
    due_before_instrument: Vec<InstrumentConflict<'a>>,
    latest_dates: Vec<LatestDate<'a>>,
}

/// What `check` found.
#[derive(Serialize)]
struct Check<'a> {
    /// The number of findings: overdue commitments, conflicts, deadlocks.
    findings: usize,
    overdue: Vec<CommitmentRef<'a>>,
    deadline_conflicts: Vec<DeadlineConflict<'a>>,
    due_before_instrument: Vec<InstrumentConflict<'a>>,
    deadlocks: Vec<Deadlock<'a>>,
}

/// Progress with the depth report beside it.
#[derive(Serialize)]
struct ProgressAnswer<'a> {
    #[serde(flatten)]
    progress: Progress<'a>,
    depth: DepthReport<'a>,
}

/// The status of a commitment or of a programme.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum StatusAnswer<'a> {
    Commitment {
        #[serde(flatten)]
        commitment: CommitmentStatus<'a>,
        /// Each acting state's own part, where states act (for a joint
        /// act every part is the act's status); states not bound on the
        /// date are left out.
        by_state: std::collections::BTreeMap<&'a union_state::StateCode, union_state::Status>,
        /// The events that had taken effect by the date, oldest first: its
        /// own and those derived from the instrument that achieves it.
        events: Vec<&'a StatusEvent>,
    },
    Programme {
        programme: &'a ProgrammeId,
        title: &'a str,
        commitments: Vec<CommitmentStatus<'a>>,
    },
}

/// The answer of `validate`.
#[derive(Serialize)]
struct Validation<'a> {
    valid: bool,
    problems: &'a [String],
}

/// Runs `validate` on the problems found loading the agenda: each on its own
/// line (or the JSON answer), status 0 when there are none, 2 otherwise;
/// an error if standard output cannot be written.
pub(crate) fn validate(
    problems: &[String],
    as_of: NaiveDate,
    format: Format,
) -> Result<u8, String> {
    let out = match format {
        Format::Text if problems.is_empty() => b"valid\n".to_vec(),
        Format::Text => {
            let mut s = String::new();
            for p in problems {
                s.push_str(&crate::errors::one_line(p));
                s.push('\n');
            }
            s.into_bytes()
        }
        Format::Json => {
            let answer = serde_json::to_value(Validation {
                valid: problems.is_empty(),
                problems,
            })
            .unwrap_or_default();
            crate::envelope(as_of, "validate", answer)
        }
    };
    crate::write_stdout(&out)?;
    Ok(if problems.is_empty() { 0 } else { crate::USAGE })
}

fn follow(arg: FollowArg) -> (Follow, &'static str) {
    match arg {
        FollowArg::Requires => (Follow::REQUIRES, "requires"),
        FollowArg::Conditions => (Follow::REQUIRES_AND_CONDITIONS, "requires and conditions"),
        FollowArg::All => (Follow::ALL, "every kind of dependency"),
    }
}

fn relation(
    agenda: &Agenda,
    a: &RelationArgs,
    before: bool,
    as_of: NaiveDate,
    paint: Paint,
) -> Result<Outcome<'static>, String> {
    let (how, how_text) = follow(a.follow);
    let list = match (a.direct, a.follow, before) {
        (true, FollowArg::Requires, true) => agenda.direct_prerequisites(&a.id),
        (true, FollowArg::Requires, false) => agenda.direct_dependents(&a.id),
        (true, _, _) => {
            let name = if before { "prerequisites" } else { "dependents" };
            return Err(format!(
                "`--direct` follows *requires* dependencies only, not `--follow {}`; see `union-state help {name}`",
                if a.follow == FollowArg::All { "all" } else { "conditions" }
            ));
        }
        (false, _, true) => agenda.prerequisites_following(&a.id, how),
        (false, _, false) => agenda.dependents_following(&a.id, how),
    }
    .map_err(|e| e.to_string())?;
    let head = format!(
        "{} {} {} (following {how_text}{}):",
        count(
            list.len(),
            if before { "prerequisite" } else { "dependent" },
            if before {
                "prerequisites"
            } else {
                "dependents"
            }
        ),
        if before { "of" } else { "on" },
        a.id,
        if a.direct { ", direct only" } else { "" }
    );
    listing(head, &list, as_of, paint)
}

fn dependency_line(d: &Dependency) -> String {
    match &d.kind {
        DependencyKind::ConditionalOn { demanded_by } => {
            format!(
                "{demanded_by} demands {} before {}",
                d.prerequisite, d.dependent
            )
        }
        kind => format!("{} {} {}", d.dependent, kind.name(), d.prerequisite),
    }
}

fn unknown(kind: &str, id: &NodeId) -> String {
    format!("unknown {kind} `{id}`")
}

/// Runs one question.
#[allow(clippy::too_many_lines)]
pub(crate) fn run<'c>(
    agenda: &Agenda,
    command: &'c Command,
    as_of: NaiveDate,
    paint: Paint,
) -> Result<Outcome<'c>, String> {
    match command {
        Command::Counts => {
            let counts = Counts {
                by_mode: agenda.count_by_mode(),
                without_mode: agenda.count_without_mode(),
                by_sector: agenda.count_by_sector(),
            };
            let mut lines = vec![format!(
                "{} by integration mode:",
                count(agenda.programmes().len(), "programme", "programmes")
            )];
            lines.push(format!("  {:<40}  {:>10}", "MODE", "PROGRAMMES"));
            for (mode, n) in &counts.by_mode {
                lines.push(format!("  {:<40}  {n:>10}", mode.label()));
            }
            // Reported apart, as the library counts them.
            if counts.without_mode > 0 {
                lines.push(format!(
                    "  {:<40}  {:>10}",
                    "(no mode stated)", counts.without_mode
                ));
            }
            lines.push(format!(
                "{} by sector:",
                count(counts.by_sector.len(), "sector", "sectors")
            ));
            if counts.by_sector.is_empty() {
                lines.push("  none".to_owned());
            } else {
                lines.push(format!("  {:<40}  {:>10}", "SECTOR", "PROGRAMMES"));
                for (sector, n) in &counts.by_sector {
                    lines.push(format!("  {}  {n:>10}", cell(sector.as_ref(), 40)));
                }
            }
            answer(lines, &counts)
        }
        Command::Prerequisites(a) => relation(agenda, a, true, as_of, paint),
        Command::Dependents(a) => relation(agenda, a, false, as_of, paint),
        Command::WhyBlocked(a) => {
            let blockers = agenda
                .why_blocked(&a.id, as_of)
                .map_err(|e| e.to_string())?;
            let mut lines = wrapped([format!(
                "{} {} as of {as_of}:",
                count(
                    blockers.len(),
                    "unfinished prerequisite blocks",
                    "unfinished prerequisites block"
                ),
                a.id
            )]);
            let list: Vec<&Commitment> = blockers.iter().map(|b| b.commitment).collect();
            let table = text::commitments(&list, as_of, paint);
            let mut rows = table.into_iter();
            lines.extend(rows.next());
            for (row, b) in rows.zip(&blockers) {
                lines.push(row);
                if b.waiting_on.is_empty() {
                    lines.push("      waits on nothing unfinished: a chain starts here".to_owned());
                } else {
                    let ids: Vec<&str> = b.waiting_on.iter().map(|c| c.id.as_str()).collect();
                    lines.extend(wrap(&format!("      waits on {}", ids.join(", "))));
                }
            }
            answer(lines, &blockers)
        }
        Command::ReadyIfDone(a) => {
            let next = agenda
                .ready_if_done(&a.id, as_of)
                .map_err(|e| e.to_string())?;
            let head = format!(
                "{} ready once {} is done (as of {as_of}):",
                count(next.len(), "commitment becomes", "commitments become"),
                a.id
            );
            listing(head, &next, as_of, paint)
        }
        Command::Schedule => {
            let order = agenda.schedule();
            let head = format!(
                "{} in schedule order (by effective deadline, requires first):",
                count(order.len(), "commitment", "commitments")
            );
            listing(head, &order, as_of, paint)
        }
        Command::Waves { all } => {
            let waves = agenda.waves(if *all { None } else { Some(as_of) });
            let mut lines = vec![if *all {
                format!(
                    "{} of work that can proceed in parallel, every commitment placed:",
                    count(waves.len(), "wave", "waves")
                )
            } else {
                format!(
                    "{} of unfinished work that can proceed in parallel as of {as_of}:",
                    count(waves.len(), "wave", "waves")
                )
            }];
            if waves.is_empty() {
                lines.push("  none".to_owned());
            }
            for (i, wave) in waves.iter().enumerate() {
                lines.push(format!(
                    "wave {} ({}):",
                    i + 1,
                    count(wave.len(), "commitment", "commitments")
                ));
                lines.extend(text::commitments(wave, as_of, paint));
            }
            let refs: Vec<Vec<CommitmentRef<'_>>> =
                waves.iter().map(|w| CommitmentRef::list(w)).collect();
            answer(lines, &refs)
        }
        Command::Due { from, to } => {
            if from > to {
                return Err(format!(
                    "`FROM` `{from}` is after `TO` `{to}`; see `union-state help due`"
                ));
            }
            let list = agenda.due_between(*from, *to);
            let head = format!(
                "{} due between {from} and {to}:",
                count(list.len(), "commitment", "commitments")
            );
            listing(head, &list, as_of, paint)
        }
        Command::Overdue => {
            let list = agenda.overdue(as_of);
            let head = format!(
                "{} overdue as of {as_of}:",
                count(list.len(), "commitment", "commitments")
            );
            listing(head, &list, as_of, paint)
        }
        Command::Conflicts => {
            let answer_ = Conflicts {
                deadline_conflicts: agenda.deadline_conflicts(),
                due_before_instrument: agenda.due_before_instrument(),
                latest_dates: agenda.latest_dates(),
            };
            let lines = conflicts_text(&answer_, paint);
            answer(lines, &answer_)
        }
        Command::Deadlocks => {
            let deadlocks = agenda.deadlocks();
            let lines = deadlocks_text(&deadlocks, paint);
            answer(lines, &deadlocks)
        }
        Command::CriticalPath(a) => {
            let path = agenda.critical_path(&a.id).map_err(|e| e.to_string())?;
            let mut lines = vec![format!(
                "earliest completion of {}: {}",
                a.id,
                path.earliest
                    .map_or_else(|| "unknown (no dated step)".to_owned(), |d| d.to_string())
            )];
            lines.push(format!(
                "{} on the critical path:",
                count(path.steps.len(), "step", "steps")
            ));
            if path.steps.is_empty() {
                lines.push("  none".to_owned());
            } else {
                let id_w = path
                    .steps
                    .iter()
                    .map(|s| s.commitment.id.as_str().chars().count())
                    .fold(2, usize::max);
                lines.push(format!(
                    "  {:<id_w$}  {:<10}  {:<10}  SLACK",
                    "ID", "DUE", "EARLIEST"
                ));
                for s in &path.steps {
                    lines.push(format!(
                        "  {:<id_w$}  {:<10}  {:<10}  {}",
                        s.commitment.id.as_str(),
                        s.deadline.map_or_else(|| "-".to_owned(), |d| d.to_string()),
                        text::date(s.earliest),
                        s.slack_days.map_or_else(|| "-".to_owned(), days)
                    ));
                }
            }
            answer(lines, &path)
        }
        Command::Slip { id, by } => {
            let impacts = agenda.slip(id, by.slip).map_err(|e| e.to_string())?;
            let mut lines = wrapped([format!(
                "{} can no longer meet {} deadline if {id} slips by {}:",
                count(impacts.len(), "commitment", "commitments"),
                if impacts.len() == 1 { "its" } else { "their" },
                by.text
            )]);
            if impacts.is_empty() {
                lines.push("  none".to_owned());
            } else {
                let id_w = impacts
                    .iter()
                    .map(|i| i.commitment.id.as_str().chars().count())
                    .fold(2, usize::max);
                lines.push(format!(
                    "  {:<id_w$}  {:<10}  {:<10}  LATE BY",
                    "ID", "DUE", "EARLIEST"
                ));
                for i in &impacts {
                    lines.push(format!(
                        "  {:<id_w$}  {:<10}  {:<10}  {}",
                        i.commitment.id.as_str(),
                        i.deadline.to_string(),
                        i.earliest_after,
                        paint.red(&count(
                            usize::try_from(i.late_by_days).unwrap_or(0),
                            "day",
                            "days"
                        ))
                    ));
                }
            }
            answer(lines, &impacts)
        }
        Command::Status(a) => status(agenda, &a.id, as_of, paint),
        Command::Progress => {
            let p = agenda.progress(as_of);
            let depth = agenda.depth(as_of, &DepthScale::default());
            let lines = progress_text(agenda, &p, &depth, paint);
            answer(lines, &ProgressAnswer { progress: p, depth })
        }
        Command::Obligations => {
            let all = agenda.obligations_as_of(as_of);
            let mut lines = vec![format!(
                "obligations of {}:",
                count(all.len(), "state", "states")
            )];
            if all.is_empty() {
                lines.push("  none".to_owned());
            }
            for o in &all {
                let name = agenda
                    .state(o.state)
                    .map_or_else(String::new, |s| format!(" ({})", text::plain(&s.name)));
                lines.push(paint.bold(&format!("{}{name}:", o.state)));
                for (label, list) in [
                    ("alone", &o.alone),
                    ("each separately", &o.each),
                    ("jointly", &o.joint),
                ] {
                    lines.push(format!(
                        "  {} {label}:",
                        count(list.len(), "commitment", "commitments")
                    ));
                    lines.extend(text::commitments_indented(list, as_of, paint, 4));
                }
                lines.push(format!(
                    "  {} expected:",
                    count(o.benefits.len(), "benefit", "benefits")
                ));
                if o.benefits.is_empty() {
                    lines.push("    none".to_owned());
                }
                for (p, b) in &o.benefits {
                    lines.extend(wrap(&format!("    {}: {}", p.id, text::plain(&b.text))));
                }
            }
            answer(lines, &all)
        }
        Command::Depth => {
            let depth = agenda.depth(as_of, &DepthScale::default());
            let mut lines = Vec::new();
            depth_text(&depth, &mut lines);
            answer(lines, &depth)
        }
        Command::Drift => {
            let drift = agenda.deadline_drift();
            let mut lines = vec![format!(
                "{} moved:",
                count(drift.len(), "deadline was", "deadlines were")
            )];
            if drift.is_empty() {
                lines.push("  none".to_owned());
            }
            for d in &drift {
                lines.extend(wrap(&format!(
                    "  {}: {} in all, {}",
                    d.commitment.id,
                    signed_days(d.total_days),
                    count(d.moves.len(), "move", "moves")
                )));
                for m in d.moves {
                    let by = m
                        .decided_by
                        .as_ref()
                        .map_or_else(String::new, |i| format!(" by {i}"));
                    lines.extend(wrap(&format!(
                        "    decided {}{by}: {} -> {}",
                        m.decided, m.from, m.to
                    )));
                }
            }
            answer(lines, &drift)
        }
        Command::Claims => {
            let checks = agenda.claims_vs_data();
            let mut lines = vec![format!(
                "{} beside the data:",
                count(checks.len(), "progress claim", "progress claims")
            )];
            if checks.is_empty() {
                lines.push("  none".to_owned());
            }
            for c in &checks {
                let mut said = Vec::new();
                if let Some(p) = c.claim.percent_done {
                    said.push(format!("{p}% done"));
                }
                if let Some(n) = c.claim.measures_total {
                    said.push(format!("of {n} measures"));
                }
                if let Some(n) = c.claim.programmes_done {
                    said.push(count(
                        usize::try_from(n).unwrap_or(usize::MAX),
                        "programme done",
                        "programmes done",
                    ));
                }
                let said = if said.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", said.join(", "))
                };
                lines.extend(wrap(&format!(
                    "  {} {}: {}{said}",
                    c.claim.date,
                    text::plain(&c.claim.claimant),
                    text::plain(&c.claim.text)
                )));
                lines.extend(wrap(&format!(
                    "    data as of {}: {} of {} commitments done ({}); {}",
                    c.as_of,
                    c.data.done,
                    c.data.total,
                    text::percent(c.data.percent_done()),
                    count(c.programmes_done, "programme done", "programmes done")
                )));
            }
            answer(lines, &checks)
        }
        Command::Check => check(agenda, as_of, paint),
        Command::Export { what, output } => {
            let bytes = match what {
                ExportKind::Dot => agenda.to_dot(&DotOptions::new(as_of)),
                ExportKind::Mermaid => agenda.to_mermaid_flowchart(&FlowchartOptions::new(as_of)),
                ExportKind::Gantt => agenda.to_mermaid_gantt(&GanttOptions::new("Deadlines")),
                ExportKind::Ical => agenda.to_ical(&IcalOptions::new(as_of)),
                // A text file ends in a newline, as the other exports do.
                ExportKind::Json => agenda.to_json_string() + "\n",
            }
            .into_bytes();
            Ok(Outcome::Export {
                bytes,
                output: output.as_ref(),
            })
        }
        Command::Validate
        | Command::Report(_)
        | Command::Batch { .. }
        | Command::Completions { .. }
        | Command::Man { .. }
        | Command::Schema => Err(format!("`{}` is not a question", command.name())),
    }
}

/// `5 days`, `1 day`, `-3 days`.
fn days(d: i64) -> String {
    let n = usize::try_from(d.unsigned_abs()).unwrap_or(usize::MAX);
    let sign = if d < 0 { "-" } else { "" };
    format!("{sign}{}", count(n, "day", "days"))
}

/// `+5 days`, `-3 days`.
fn signed_days(d: i64) -> String {
    if d < 0 {
        days(d)
    } else {
        format!("+{}", days(d))
    }
}

fn with_status(c: &Commitment, as_of: NaiveDate) -> CommitmentStatus<'_> {
    CommitmentStatus {
        commitment: CommitmentRef::from(c),
        status: c.status_as_of(as_of),
    }
}

/// Each acting state's own part of `c` on `as_of`; for an `each`
/// commitment, also a line per state.
fn parts<'a>(
    c: &'a union_state::Commitment,
    as_of: NaiveDate,
    paint: Paint,
    lines: &mut Vec<String>,
) -> std::collections::BTreeMap<&'a union_state::StateCode, union_state::Status> {
    let by_state: std::collections::BTreeMap<_, _> = c
        .acting
        .states()
        .iter()
        .filter_map(|s| c.status_of(s, as_of).map(|st| (s, st)))
        .collect();
    if matches!(c.acting, union_state::Actors::Each(_)) {
        for (state, own) in &by_state {
            lines.push(format!(
                "  {state}'s part: {}",
                text::status_cell(*own, false, 0, paint)
            ));
        }
    }
    by_state
}

fn status<'c>(
    agenda: &Agenda,
    id: &NodeId,
    as_of: NaiveDate,
    paint: Paint,
) -> Result<Outcome<'c>, String> {
    match id {
        NodeId::Commitment(cid) => {
            let c = agenda
                .commitment(cid)
                .ok_or_else(|| unknown("commitment", id))?;
            // Its own events and those derived from the instrument that
            // achieves it: what its status replays.
            let events: Vec<&StatusEvent> = c
                .timeline()
                .filter(|e| e.date.last_day() <= as_of)
                .collect();
            let status = c.status_as_of(as_of);
            let overdue = text::is_overdue(c, as_of);
            let mut lines = wrapped([format!("{}: {}", c.id, text::plain(&c.title))]);
            lines.push(format!(
                "  status as of {as_of}: {}{}",
                text::status_cell(status, overdue, 0, paint),
                if overdue { " (overdue)" } else { "" }
            ));
            lines.push(format!("  due: {}", text::due(c)));
            let mut actors: Vec<&str> = c
                .acting
                .states()
                .iter()
                .map(union_state::StateCode::as_str)
                .collect();
            let how = match &c.acting {
                union_state::Actors::State(_) => "alone",
                union_state::Actors::Each(_) => "each separately",
                union_state::Actors::Joint(_) => "jointly",
                union_state::Actors::Institution(i) => {
                    actors.push(i.as_str());
                    "(an institution)"
                }
            };
            lines.push(format!("  acting: {} {how}", actors.join(", ")));
            let by_state = parts(c, as_of, paint, &mut lines);
            lines.push(format!(
                "  {} by {as_of}:",
                count(events.len(), "event", "events")
            ));
            if events.is_empty() {
                lines.push("    none".to_owned());
            } else {
                lines.push(format!(
                    "    {:<10}  {:<11}  {:<5}  NOTE",
                    "DATE", "STATUS", "STATE"
                ));
                for e in &events {
                    let state = e.state.as_ref().map_or("all", |s| s.as_str());
                    lines.push(format!(
                        "    {:<10}  {}  {state:<5}  {}",
                        e.date.to_string(),
                        text::status_cell(e.status, false, 11, paint),
                        cut(e.note.as_deref().unwrap_or("-"), text::WIDTH - 37)
                    ));
                }
            }
            answer(
                lines,
                &StatusAnswer::Commitment {
                    commitment: with_status(c, as_of),
                    by_state,
                    events,
                },
            )
        }
        NodeId::Programme(pid) => {
            let p = agenda
                .programme(pid)
                .ok_or_else(|| unknown("programme", id))?;
            let own: Vec<&Commitment> = agenda.commitments_of(pid).iter().collect();
            let mut lines = wrapped([format!(
                "{} {}: {} as of {as_of}:",
                p.id,
                text::plain(&p.title),
                count(own.len(), "commitment", "commitments")
            )]);
            lines.extend(text::commitments(&own, as_of, paint));
            answer(
                lines,
                &StatusAnswer::Programme {
                    programme: &p.id,
                    title: &p.title,
                    commitments: own.iter().map(|&c| with_status(c, as_of)).collect(),
                },
            )
        }
    }
}

fn conflicts_text(c: &Conflicts<'_>, paint: Paint) -> Vec<String> {
    let mut lines = vec![format!(
        "{} (a prerequisite due after its dependent):",
        count(
            c.deadline_conflicts.len(),
            "deadline conflict",
            "deadline conflicts"
        )
    )];
    if c.deadline_conflicts.is_empty() {
        lines.push("  none".to_owned());
    }
    for x in &c.deadline_conflicts {
        let (pre, dep) = (&x.dependency.prerequisite, &x.dependency.dependent);
        let whole = if pre.as_str() == x.prerequisite.id.as_str()
            && dep.as_str() == x.dependent.id.as_str()
        {
            String::new()
        } else {
            format!(
                " (worst pair of {pre} before {dep}: {} late, {} early)",
                count(x.late_prerequisites, "prerequisite", "prerequisites"),
                count(x.early_dependents, "dependent", "dependents")
            )
        };
        let days = usize::try_from(x.days).unwrap_or(0);
        lines.extend(wrap(&format!(
            "  {} (due {}) before {} (due {}): {} too late{whole}",
            x.prerequisite.id,
            text::due(x.prerequisite),
            x.dependent.id,
            text::due(x.dependent),
            paint.red(&count(days, "day", "days"))
        )));
    }
    lines.push(format!(
        "{} before the instrument that sets {}:",
        count(c.due_before_instrument.len(), "deadline", "deadlines"),
        if c.due_before_instrument.len() == 1 {
            "it"
        } else {
            "them"
        }
    ));
    if c.due_before_instrument.is_empty() {
        lines.push("  none".to_owned());
    }
    for e in &c.due_before_instrument {
        lines.extend(wrap(&format!(
            "  {} due {}{} before {} of {}",
            e.commitment.id,
            e.date,
            if e.alternative {
                " (an alternative date)"
            } else {
                ""
            },
            e.instrument,
            e.instrument_date
        )));
    }
    let bound: Vec<&LatestDate<'_>> = c
        .latest_dates
        .iter()
        .filter(|l| l.latest.is_some())
        .collect();
    lines.push(format!(
        "latest dates of {} (SET BY: its own deadline or a dependent's):",
        count(bound.len(), "commitment", "commitments")
    ));
    if bound.is_empty() {
        lines.push("  none".to_owned());
    } else {
        let id_w = bound
            .iter()
            .map(|l| l.commitment.id.as_str().chars().count())
            .fold(2, usize::max);
        lines.push(format!("  {:<id_w$}  {:<10}  SET BY", "ID", "LATEST"));
        for l in bound {
            lines.push(format!(
                "  {:<id_w$}  {:<10}  {}",
                l.commitment.id.as_str(),
                text::date(l.latest),
                l.bound_by.map_or("-", |b| b.id.as_str())
            ));
        }
    }
    lines
}

fn deadlocks_text(deadlocks: &[Deadlock<'_>], paint: Paint) -> Vec<String> {
    let mut lines = vec![format!(
        "{}:",
        count(deadlocks.len(), "deadlock", "deadlocks")
    )];
    if deadlocks.is_empty() {
        lines.push("  none".to_owned());
    }
    for (n, d) in deadlocks.iter().enumerate() {
        let members: Vec<&str> = d.members.iter().map(NodeId::as_str).collect();
        let states: Vec<&str> = d.demanded_by().iter().map(|s| s.as_str()).collect();
        let kind = if d.is_mutual() { "mutual" } else { "one-sided" };
        lines.extend(wrap(&format!(
            "{} {}, demanded by {}: {}",
            paint.red(&format!("deadlock {}", n + 1)),
            kind,
            states.join(", "),
            members.join(", ")
        )));
        for (i, c) in d.cycles.iter().enumerate() {
            let steps: Vec<String> = c.steps.iter().map(|s| dependency_line(s)).collect();
            lines.extend(wrap(&format!("  cycle {}: {}", i + 1, steps.join("; "))));
        }
        if !d.all_cycles_listed {
            lines.push("  (more cycles not listed)".to_owned());
        }
        let drop: Vec<String> = d.breaking_set.iter().map(|s| dependency_line(s)).collect();
        lines.extend(wrap(&format!(
            "  to break it, drop {} ({}): {}",
            count(d.breaking_set.len(), "condition", "conditions"),
            if d.breaking_set_exact {
                "fewest possible"
            } else {
                "greedy, may not be fewest"
            },
            drop.join("; ")
        )));
    }
    lines
}

fn tally_rows<K: ToString>(
    map: impl IntoIterator<Item = (K, union_state::query::Tally)>,
) -> Vec<(String, union_state::query::Tally)> {
    map.into_iter().map(|(k, t)| (k.to_string(), t)).collect()
}

fn depth_text(depth: &DepthReport<'_>, lines: &mut Vec<String>) {
    let o = &depth.overall;
    lines.extend(wrap(&format!(
        "depth as of {}: delivered {:.1} of {:.1} promised over {}{}",
        depth.as_of,
        o.delivered,
        o.promised,
        count(o.programmes, "programme", "programmes"),
        o.ratio()
            .map_or_else(String::new, |r| format!(" (ratio {r:.2})"))
    )));
    lines.push("depth by sector:".to_owned());
    lines.extend(text::depths(
        "SECTOR",
        &depth
            .by_sector
            .iter()
            .map(|(k, d)| (k.to_string(), *d))
            .collect::<Vec<_>>(),
    ));
    lines.push("depth by state:".to_owned());
    lines.extend(text::depths(
        "STATE",
        &depth
            .by_state
            .iter()
            .map(|(k, d)| (k.to_string(), *d))
            .collect::<Vec<_>>(),
    ));
}

fn progress_text(
    agenda: &Agenda,
    p: &Progress<'_>,
    depth: &DepthReport<'_>,
    paint: Paint,
) -> Vec<String> {
    let o = &p.overall;
    let mut lines = vec![
        format!("progress as of {}:", p.as_of),
        format!(
            "  overall: {} of {} done ({}); {} due, {} of them done ({})",
            o.done,
            count(o.total, "commitment", "commitments"),
            text::percent(o.percent_done()),
            o.due,
            o.done_of_due,
            text::percent(o.percent_done_of_due())
        ),
    ];
    let title = |id: &ProgrammeId| {
        agenda
            .programme(id)
            .map_or_else(|| id.to_string(), |x| format!("{id} {}", x.title))
    };
    lines.push("by programme:".to_owned());
    lines.extend(text::tallies(
        "PROGRAMME",
        &p.by_programme
            .iter()
            .map(|(id, t)| (title(id), *t))
            .collect::<Vec<_>>(),
    ));
    lines.push("by sector:".to_owned());
    lines.extend(text::tallies(
        "SECTOR",
        &tally_rows(p.by_sector.iter().map(|(k, t)| (k, *t))),
    ));
    lines.push("by integration mode:".to_owned());
    // The programmes without a mode are reported apart, after the modes.
    let without_mode = (p.without_mode.total > 0).then_some(("(no mode stated)", p.without_mode));
    lines.extend(text::tallies(
        "MODE",
        &tally_rows(
            p.by_mode
                .iter()
                .map(|(k, t)| (k.label(), *t))
                .chain(without_mode),
        ),
    ));
    lines.push("by acting state:".to_owned());
    lines.extend(text::tallies(
        "STATE",
        &tally_rows(p.by_state.iter().map(|(k, t)| (k, *t))),
    ));
    let done: Vec<&str> = p.programmes_done.iter().map(|id| id.as_str()).collect();
    let share = Percent::new(done.len(), agenda.programmes().len());
    lines.extend(wrap(&format!(
        "{} completely done ({}): {}",
        count(done.len(), "programme", "programmes"),
        text::percent(share),
        if done.is_empty() {
            "none".to_owned()
        } else {
            paint.green(&done.join(", "))
        }
    )));
    depth_text(depth, &mut lines);
    lines
}

#[allow(clippy::too_many_lines)]
fn check<'c>(agenda: &Agenda, as_of: NaiveDate, paint: Paint) -> Result<Outcome<'c>, String> {
    let overdue = agenda.overdue(as_of);
    let deadline_conflicts = agenda.deadline_conflicts();
    let due_before_instrument = agenda.due_before_instrument();
    let deadlocks = agenda.deadlocks();
    let findings =
        overdue.len() + deadline_conflicts.len() + due_before_instrument.len() + deadlocks.len();
    let mark = |n: usize, line: String| {
        if n == 0 {
            paint.green(&line)
        } else {
            paint.red(&line)
        }
    };
    let ids = |v: Vec<&str>| {
        if v.is_empty() {
            Vec::new()
        } else {
            wrap(&format!("    {}", v.join(", ")))
        }
    };
    let mut lines = vec![format!(
        "check as of {as_of}: {}",
        if findings == 0 {
            paint.green("nothing found")
        } else {
            paint.red(&count(findings, "finding", "findings"))
        }
    )];
    lines.push(mark(
        overdue.len(),
        format!(
            "  {} overdue",
            count(overdue.len(), "commitment", "commitments")
        ),
    ));
    lines.extend(ids(overdue.iter().map(|c| c.id.as_str()).collect()));
    lines.push(mark(
        deadline_conflicts.len(),
        format!(
            "  {} (a prerequisite due after its dependent)",
            count(
                deadline_conflicts.len(),
                "deadline conflict",
                "deadline conflicts"
            )
        ),
    ));
    lines.extend(ids(deadline_conflicts
        .iter()
        .map(|c| c.dependent.id.as_str())
        .collect()));
    lines.push(mark(
        due_before_instrument.len(),
        format!(
            "  {} before the instrument that sets {}",
            count(due_before_instrument.len(), "deadline", "deadlines"),
            if due_before_instrument.len() == 1 {
                "it"
            } else {
                "them"
            }
        ),
    ));
    lines.extend(ids(due_before_instrument
        .iter()
        .map(|c| c.commitment.id.as_str())
        .collect()));
    lines.push(mark(
        deadlocks.len(),
        format!("  {}", count(deadlocks.len(), "deadlock", "deadlocks")),
    ));
    let members: Vec<String> = deadlocks
        .iter()
        .map(|d| {
            d.members
                .iter()
                .map(NodeId::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    for (i, m) in members.iter().enumerate() {
        lines.extend(wrap(&format!("    deadlock {}: {m}", i + 1)));
    }
    if findings > 0 {
        lines.push(
            "see `overdue`, `conflicts` and `deadlocks` for details; exit status 1".to_owned(),
        );
    }
    let answer_ = Check {
        findings,
        overdue: CommitmentRef::list(&overdue),
        deadline_conflicts,
        due_before_instrument,
        deadlocks,
    };
    Ok(Outcome::Answer {
        text: lines,
        json: json(&answer_)?,
        status: u8::from(findings > 0),
    })
}
