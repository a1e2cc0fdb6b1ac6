//! A command-line tool over any agenda file: ask the crate's questions from
//! a shell, as text or as stable JSON.
//!
//! Run it with:
//!
//! ```text
//! cargo run --example query -- schedule --as-of 2023-01-09
//! cargo run --example query -- prerequisites UP16 --format json
//! cargo run --example query -- --data my-agenda.json deadlocks
//! cargo run --example query -- slip UP16.principles 6m
//! cargo run --example query -- export mermaid > graph.mmd
//! ```
//!
//! Usage: `query [--data FILE] [--as-of YYYY-MM-DD] [--format text|json]
//! <command> [args]`, options accepted before or after the command.
//! Commands: `prerequisites ID`, `dependents ID`, `schedule`, `conflicts`,
//! `deadlocks`, `critical-path ID`, `slip ID BY` (BY such as `6m`, `-2m`,
//! `45d`), `progress`, `overdue`, `export dot|mermaid|gantt|ical`. Without
//! `--data` it reads the shipped dataset; `--as-of` defaults to today.
//! The JSON output of each command is described in the README; the same
//! input always gives the same bytes. Bad arguments or bad data exit with
//! status 2 and a one-line message on standard error.

use std::ffi::OsString;
use std::fmt;
use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use serde_json::{Value, json};
use union_state::{
    Agenda, Commitment, Dependency, DependencyKind, NodeId,
    error::LoadError,
    export::{DotOptions, FlowchartOptions, GanttOptions, IcalOptions},
    query::{DepthScale, Percent, Slip, Tally},
};

const USAGE: &str = "usage: query [--data FILE] [--as-of YYYY-MM-DD] [--format text|json] <prerequisites ID | dependents ID | schedule | conflicts | deadlocks | critical-path ID | slip ID BY | progress | overdue | export dot|mermaid|gantt|ical>";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

struct Args {
    data: Option<String>,
    as_of: NaiveDate,
    format: Format,
    command: String,
    operands: Vec<String>,
}

/// The arguments as text; an argument that is not valid UTF-8 is refused,
/// naming its position (1-based) and showing it with replacement
/// characters.
fn utf8_args(raw: impl Iterator<Item = OsString>) -> Result<Vec<String>, String> {
    raw.enumerate()
        .map(|(i, arg)| {
            arg.into_string().map_err(|bad| {
                format!(
                    "argument #{} `{}` is not valid UTF-8",
                    i + 1,
                    bad.to_string_lossy()
                )
            })
        })
        .collect()
}

fn parse_args(raw: impl Iterator<Item = OsString>) -> Result<Args, String> {
    let mut data = None;
    let mut as_of = None;
    let mut format = Format::Text;
    let mut words = Vec::new();
    let mut raw = utf8_args(raw)?.into_iter().peekable();
    while let Some(arg) = raw.next() {
        let mut value = |name: &str| {
            raw.next()
                .ok_or_else(|| format!("`{name}` needs a value; {USAGE}"))
        };
        match arg.as_str() {
            "--data" => data = Some(value("--data")?),
            "--as-of" => {
                let v = value("--as-of")?;
                as_of =
                    Some(v.parse().map_err(|_| {
                        format!("invalid `--as-of` date `{v}`: expected YYYY-MM-DD")
                    })?);
            }
            "--format" => {
                format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "invalid `--format` `{other}`: expected `text` or `json`"
                        ));
                    }
                };
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option `{flag}`; {USAGE}"));
            }
            _ => words.push(arg),
        }
    }
    let mut words = words.into_iter();
    let command = words
        .next()
        .ok_or_else(|| format!("missing command; {USAGE}"))?;
    Ok(Args {
        data,
        as_of: as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
        format,
        command,
        operands: words.collect(),
    })
}

/// One line for a load error: several builder problems are joined.
fn load_message(e: &LoadError) -> String {
    match e {
        LoadError::Build(b) => {
            let all: Vec<String> = b.problems().iter().map(ToString::to_string).collect();
            format!("invalid agenda: {}", all.join("; "))
        }
        other => other.to_string(),
    }
}

fn commitment_json(c: &Commitment, as_of: NaiveDate) -> Value {
    json!({
        "id": c.id.as_str(),
        "title": c.title,
        "deadline": c.due().map(|d| d.to_string()),
        "status": c.status_as_of(as_of).name(),
        "acting": c.acting,
    })
}

fn commitment_line(c: &Commitment, as_of: NaiveDate) -> String {
    let due = c.due().map_or_else(|| "-".to_owned(), |d| d.to_string());
    format!(
        "{due:<11} {:<28} {:<12} {}",
        c.id.as_str(),
        c.status_as_of(as_of).name(),
        c.title
    )
}

fn dependency_json(d: &Dependency) -> Value {
    let demanded_by = match &d.kind {
        DependencyKind::ConditionalOn { demanded_by } => Some(demanded_by.to_string()),
        _ => None,
    };
    json!({
        "prerequisite": d.prerequisite.as_str(),
        "dependent": d.dependent.as_str(),
        "kind": d.kind.name(),
        "demanded_by": demanded_by,
    })
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

fn tally_json(t: &Tally) -> Value {
    json!({
        "total": t.total,
        "due": t.due,
        "done": t.done,
        "done_of_due": t.done_of_due,
    })
}

fn operand<'a>(args: &'a Args, n: usize, what: &str) -> Result<&'a str, String> {
    args.operands
        .get(n)
        .map(String::as_str)
        .ok_or_else(|| format!("`{}` needs {what}; {USAGE}", args.command))
}

fn node(args: &Args) -> Result<NodeId, String> {
    operand(args, 0, "an id")?
        .parse()
        .map_err(|e| format!("{e}"))
}

/// A slip that is not a whole number followed by `m` (months) or `d`
/// (days).
#[derive(Debug, PartialEq, Eq)]
struct SlipError {
    text: String,
}

impl fmt::Display for SlipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid slip `{}`: expected a whole number of months or days, such as `6m` or `-45d`",
            self.text
        )
    }
}

impl std::error::Error for SlipError {}

/// A slip such as `6m`, `-2m` or `45d`: a whole number (months fit in an
/// `i32`, days in an `i64`) and a one-letter unit. The unit is the last
/// character, not the last byte, so any text is refused cleanly.
fn parse_slip(text: &str) -> Result<Slip, SlipError> {
    let bad = || SlipError {
        text: text.to_owned(),
    };
    let mut chars = text.chars();
    let unit = chars.next_back().ok_or_else(bad)?;
    let n: i64 = chars.as_str().parse().map_err(|_| bad())?;
    match unit {
        'm' => Ok(Slip::Months(i32::try_from(n).map_err(|_| bad())?)),
        'd' => Ok(Slip::Days(n)),
        _ => Err(bad()),
    }
}

/// A message on one line: control characters (a newline in an argument,
/// say) are escaped.
fn one_line(message: &str) -> String {
    message
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn expect_operands(args: &Args, n: usize) -> Result<(), String> {
    match args.operands.get(n) {
        Some(extra) => Err(format!(
            "unexpected argument `{extra}` after `{}`",
            args.command
        )),
        None => Ok(()),
    }
}

/// Runs the command; returns (text, json).
#[allow(clippy::too_many_lines)]
fn run(agenda: &Agenda, args: &Args) -> Result<(String, Value), String> {
    let as_of = args.as_of;
    let lines = |v: Vec<String>| v.join("\n");
    match args.command.as_str() {
        "prerequisites" | "dependents" => {
            expect_operands(args, 1)?;
            let id = node(args)?;
            let list = if args.command == "prerequisites" {
                agenda.prerequisites(&id)
            } else {
                agenda.dependents(&id)
            }
            .map_err(|e| e.to_string())?;
            let text = lines(list.iter().map(|c| commitment_line(c, as_of)).collect());
            let json = json!({
                "query": args.command,
                "id": id.as_str(),
                "as_of": as_of.to_string(),
                "commitments": list.iter().map(|c| commitment_json(c, as_of)).collect::<Vec<_>>(),
            });
            Ok((text, json))
        }
        "schedule" | "overdue" => {
            expect_operands(args, 0)?;
            let list = if args.command == "schedule" {
                agenda.schedule()
            } else {
                agenda.overdue(as_of)
            };
            let text = lines(list.iter().map(|c| commitment_line(c, as_of)).collect());
            let json = json!({
                "query": args.command,
                "as_of": as_of.to_string(),
                "commitments": list.iter().map(|c| commitment_json(c, as_of)).collect::<Vec<_>>(),
            });
            Ok((text, json))
        }
        "conflicts" => {
            expect_operands(args, 0)?;
            let conflicts = agenda.deadline_conflicts();
            let early = agenda.due_before_instrument();
            let latest = agenda.latest_dates();
            let mut text = vec![format!(
                "{} requires dependencies with a prerequisite due after a dependent",
                conflicts.len()
            )];
            text.extend(conflicts.iter().map(|c| {
                // A programme or milestone end: say which dependency, and
                // how many of its own commitments are involved.
                let (pre, dep) = (&c.dependency.prerequisite, &c.dependency.dependent);
                let whole = if pre.as_str() == c.prerequisite.id.as_str()
                    && dep.as_str() == c.dependent.id.as_str()
                {
                    String::new()
                } else {
                    format!(
                        " (worst pair of {pre} before {dep}: {} of its prerequisites late, {} of its dependents early)",
                        c.late_prerequisites, c.early_dependents
                    )
                };
                format!(
                    "  {} (due {}) before {} (due {}): {} days{whole}",
                    c.prerequisite.id,
                    fmt_due(c.prerequisite),
                    c.dependent.id,
                    fmt_due(c.dependent),
                    c.days
                )
            }));
            text.push(format!(
                "{} deadlines before the instrument that sets them",
                early.len()
            ));
            text.extend(early.iter().map(|e| {
                format!(
                    "  {} due {} before {} of {}",
                    e.commitment.id, e.date, e.instrument, e.instrument_date
                )
            }));
            text.push(
                "latest date each commitment can be done without making a dependent late:"
                    .to_owned(),
            );
            text.extend(latest.iter().filter_map(|l| {
                let bound = l.bound_by.map_or("-", |b| b.id.as_str());
                l.latest
                    .map(|d| format!("  {:<28} {d}  (set by {bound})", l.commitment.id.as_str()))
            }));
            let json = json!({
                "query": "conflicts",
                "deadline_conflicts": conflicts.iter().map(|c| json!({
                    "dependency": {
                        "prerequisite": c.dependency.prerequisite.as_str(),
                        "dependent": c.dependency.dependent.as_str(),
                    },
                    "prerequisite": c.prerequisite.id.as_str(),
                    "dependent": c.dependent.id.as_str(),
                    "days": c.days,
                    "late_prerequisites": c.late_prerequisites,
                    "early_dependents": c.early_dependents,
                })).collect::<Vec<_>>(),
                "due_before_instrument": early.iter().map(|e| json!({
                    "id": e.commitment.id.as_str(),
                    "date": e.date.to_string(),
                    "alternative": e.alternative,
                    "instrument": e.instrument.as_str(),
                    "instrument_date": e.instrument_date.to_string(),
                })).collect::<Vec<_>>(),
                "latest_dates": latest.iter().map(|l| json!({
                    "id": l.commitment.id.as_str(),
                    "latest": l.latest.map(|d| d.to_string()),
                    "bound_by": l.bound_by.map(|b| b.id.as_str()),
                })).collect::<Vec<_>>(),
            });
            Ok((lines(text), json))
        }
        "deadlocks" => {
            expect_operands(args, 0)?;
            let deadlocks = agenda.deadlocks();
            let mut text = vec![format!("{} deadlocks", deadlocks.len())];
            for d in &deadlocks {
                let members: Vec<&str> = d.members.iter().map(NodeId::as_str).collect();
                let states: Vec<&str> = d.demanded_by().iter().map(|s| s.as_str()).collect();
                text.push(format!(
                    "{} deadlock, demanded by {}: {}",
                    if d.is_mutual() { "mutual" } else { "one-sided" },
                    states.join(", "),
                    members.join(", ")
                ));
                for (i, c) in d.cycles.iter().enumerate() {
                    text.push(format!(
                        "  cycle {}: {}",
                        i + 1,
                        c.steps
                            .iter()
                            .map(|s| dependency_line(s))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                }
                text.push(format!(
                    "  drop {} ({}): {}",
                    d.breaking_set.len(),
                    if d.breaking_set_exact {
                        "exact"
                    } else {
                        "greedy"
                    },
                    d.breaking_set
                        .iter()
                        .map(|s| dependency_line(s))
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
            let json = json!({
                "query": "deadlocks",
                "deadlocks": deadlocks.iter().map(|d| json!({
                    "members": d.members.iter().map(NodeId::as_str).collect::<Vec<_>>(),
                    "mutual": d.is_mutual(),
                    "demanded_by": d.demanded_by().iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                    "cycles": d.cycles.iter().map(|c| c.steps.iter().map(|s| dependency_json(s)).collect::<Vec<_>>()).collect::<Vec<_>>(),
                    "all_cycles_listed": d.all_cycles_listed,
                    "breaking_set": d.breaking_set.iter().map(|s| dependency_json(s)).collect::<Vec<_>>(),
                    "breaking_set_exact": d.breaking_set_exact,
                })).collect::<Vec<_>>(),
            });
            Ok((lines(text), json))
        }
        "critical-path" => {
            expect_operands(args, 1)?;
            let id = node(args)?;
            let path = agenda.critical_path(&id).map_err(|e| e.to_string())?;
            let mut text = vec![format!(
                "earliest completion of {id}: {}",
                path.earliest
                    .map_or_else(|| "unknown (no dated step)".to_owned(), |d| d.to_string())
            )];
            text.extend(path.steps.iter().map(|s| {
                format!(
                    "  {:<28} due {:<11} earliest {:<11} slack {}",
                    s.commitment.id.as_str(),
                    s.deadline.map_or_else(|| "-".to_owned(), |d| d.to_string()),
                    s.earliest.map_or_else(|| "-".to_owned(), |d| d.to_string()),
                    s.slack_days
                        .map_or_else(|| "-".to_owned(), |d| format!("{d} days"))
                )
            }));
            let json = json!({
                "query": "critical-path",
                "id": id.as_str(),
                "earliest": path.earliest.map(|d| d.to_string()),
                "steps": path.steps.iter().map(|s| json!({
                    "id": s.commitment.id.as_str(),
                    "deadline": s.deadline.map(|d| d.to_string()),
                    "earliest": s.earliest.map(|d| d.to_string()),
                    "slack_days": s.slack_days,
                })).collect::<Vec<_>>(),
            });
            Ok((lines(text), json))
        }
        "slip" => {
            expect_operands(args, 2)?;
            let id = node(args)?;
            let by_text = operand(args, 1, "a slip such as `6m` or `45d`")?;
            let by = parse_slip(by_text).map_err(|e| e.to_string())?;
            let impacts = agenda.slip(&id, by).map_err(|e| e.to_string())?;
            let mut text = vec![format!(
                "{} commitments can no longer meet their deadline if {id} slips by {by_text}",
                impacts.len()
            )];
            text.extend(impacts.iter().map(|i| {
                format!(
                    "  {:<28} due {:<11} earliest {} ({} days late)",
                    i.commitment.id.as_str(),
                    i.deadline.to_string(),
                    i.earliest_after,
                    i.late_by_days
                )
            }));
            let json = json!({
                "query": "slip",
                "id": id.as_str(),
                "by": by_text,
                "impacts": impacts.iter().map(|i| json!({
                    "id": i.commitment.id.as_str(),
                    "deadline": i.deadline.to_string(),
                    "earliest_before": i.earliest_before.to_string(),
                    "earliest_after": i.earliest_after.to_string(),
                    "late_by_days": i.late_by_days,
                })).collect::<Vec<_>>(),
            });
            Ok((lines(text), json))
        }
        "progress" => {
            expect_operands(args, 0)?;
            let p = agenda.progress(as_of);
            let depth = agenda.depth(as_of, &DepthScale::default());
            let claims = agenda.claims_vs_data();
            let pct = |s: Option<Percent>| s.map_or_else(|| "n/a".to_owned(), |s| s.to_string());
            let mut text = vec![
                format!("as of {as_of}"),
                format!(
                    "done {} of {} ({}); due {}, done of due {} ({})",
                    p.overall.done,
                    p.overall.total,
                    pct(p.overall.percent_done()),
                    p.overall.due,
                    p.overall.done_of_due,
                    pct(p.overall.percent_done_of_due())
                ),
            ];
            for (mode, t) in &p.by_mode {
                text.push(format!(
                    "  {:<36} done {:>3}/{:<3} due-done {:>3}/{}",
                    mode.label(),
                    t.done,
                    t.total,
                    t.done_of_due,
                    t.due
                ));
            }
            text.push(format!(
                "programmes done: {}",
                p.programmes_done
                    .iter()
                    .map(|id| id.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
            text.push(format!(
                "depth delivered {:.1} of {:.1} promised",
                depth.overall.delivered, depth.overall.promised
            ));
            for c in claims.iter().filter(|c| c.as_of <= as_of) {
                text.push(format!(
                    "  claim {}: {} | data: {} done, {} programmes done",
                    c.claim.date,
                    c.claim.text,
                    pct(c.data.percent_done()),
                    c.programmes_done
                ));
            }
            let group = |m: Vec<(String, &Tally)>| {
                m.into_iter()
                    .map(|(k, t)| (k, tally_json(t)))
                    .collect::<serde_json::Map<_, _>>()
            };
            let json = json!({
                "query": "progress",
                "as_of": as_of.to_string(),
                "overall": tally_json(&p.overall),
                "by_programme": group(p.by_programme.iter().map(|(k, t)| (k.to_string(), t)).collect()),
                "by_sector": group(p.by_sector.iter().map(|(k, t)| (k.to_string(), t)).collect()),
                "by_mode": group(p.by_mode.iter().map(|(k, t)| (k.to_string(), t)).collect()),
                "by_state": group(p.by_state.iter().map(|(k, t)| (k.to_string(), t)).collect()),
                "programmes_done": p.programmes_done.iter().map(|id| id.as_str()).collect::<Vec<_>>(),
                "depth": {"promised": depth.overall.promised, "delivered": depth.overall.delivered},
                "claims": claims.iter().filter(|c| c.as_of <= as_of).map(|c| json!({
                    "date": c.claim.date.to_string(),
                    "claimant": c.claim.claimant,
                    "text": c.claim.text,
                    "percent_done": c.claim.percent_done,
                    "programmes_done": c.claim.programmes_done,
                    "data": tally_json(&c.data),
                    "data_programmes_done": c.programmes_done,
                })).collect::<Vec<_>>(),
            });
            Ok((lines(text), json))
        }
        "export" => {
            expect_operands(args, 1)?;
            let what = operand(args, 0, "a format: dot, mermaid, gantt or ical")?;
            let out = export(agenda, what, as_of)?;
            Ok((out.clone(), Value::String(out)))
        }
        other => Err(format!("unknown command `{other}`; {USAGE}")),
    }
}

fn fmt_due(c: &Commitment) -> String {
    c.due().map_or_else(|| "-".to_owned(), |d| d.to_string())
}

fn export(agenda: &Agenda, what: &str, as_of: NaiveDate) -> Result<String, String> {
    match what {
        "dot" => Ok(agenda.to_dot(&DotOptions::new(as_of))),
        "mermaid" => Ok(agenda.to_mermaid_flowchart(&FlowchartOptions::new(as_of))),
        "gantt" => Ok(agenda.to_mermaid_gantt(&GanttOptions::new("Deadlines"))),
        "ical" => Ok(agenda.to_ical(&IcalOptions::new(as_of))),
        other => Err(format!(
            "unknown export format `{other}`: expected `dot`, `mermaid`, `gantt` or `ical`"
        )),
    }
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args_os().skip(1)) {
        Ok(a) => a,
        Err(message) => {
            eprintln!("query: {}", one_line(&message));
            return ExitCode::from(2);
        }
    };
    let loaded;
    let agenda = match &args.data {
        None => match union_state::try_dataset() {
            Ok(a) => a,
            Err(e) => {
                eprintln!("query: {}", one_line(&load_message(e)));
                return ExitCode::from(2);
            }
        },
        Some(path) => match Agenda::from_json_file(path) {
            Ok(a) => {
                loaded = a;
                &loaded
            }
            Err(e) => {
                eprintln!(
                    "query: {}",
                    one_line(&format!("{path}: {}", load_message(&e)))
                );
                return ExitCode::from(2);
            }
        },
    };
    let (text, json) = match run(agenda, &args) {
        Ok(out) => out,
        Err(message) => {
            eprintln!("query: {}", one_line(&message));
            return ExitCode::from(2);
        }
    };
    let out = match (args.format, args.command.as_str()) {
        (_, "export") | (Format::Text, _) => text,
        (Format::Json, _) => serde_json::to_string_pretty(&json).unwrap_or_default(),
    };
    let mut stdout = std::io::stdout().lock();
    // Exports are written byte for byte (iCalendar keeps its CRLF line
    // ends); a closed pipe (`| head`) is not an error worth a message.
    let written = if args.command == "export" {
        stdout.write_all(out.as_bytes())
    } else {
        writeln!(stdout, "{}", out.trim_end_matches('\n'))
    };
    let _ = written.and_then(|()| stdout.flush());
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    //! Run with `cargo test --example query`; `tests/validation.rs` runs
    //! the built binary.
    use super::*;

    #[test]
    fn slip_units_are_characters_not_bytes() {
        assert_eq!(parse_slip("6m").ok(), Some(Slip::Months(6)));
        assert_eq!(parse_slip("-45d").ok(), Some(Slip::Days(-45)));
        for bad in ["6é", "é", "", "m", "6", "6mm", "2147483648m"] {
            assert_eq!(
                parse_slip(bad),
                Err(SlipError {
                    text: bad.to_owned()
                }),
                "{bad}"
            );
        }
    }

    #[test]
    fn messages_stay_on_one_line() {
        assert_eq!(one_line("a\nb\tc"), "a\\nb\\tc");
    }
}
