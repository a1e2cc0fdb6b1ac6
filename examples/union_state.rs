//! What did Belarus and Russia agree in 2021, what must happen before the
//! common gas market, and what is due next?
//!
//! Run it with:
//!
//! ```text
//! cargo run --example union_state
//! cargo run --example union_state -- --as-of 2023-01-09
//! ```
//!
//! It prints, for the shipped dataset: the 28 programmes grouped by
//! integration mode with counts; the full prerequisites of the common gas
//! market (UP16); the commitments not yet done as of the date (default
//! today), in schedule order, with their deadlines; and the deadlocks of
//! mutual conditions and progress as of that date. Lines fit in 80 columns.

use std::error::Error;
use std::process::ExitCode;

use chrono::NaiveDate;
use union_state::{Agenda, Commitment, Follow, NodeId, Status, query::Percent};

const WIDTH: usize = 80;
const NEXT: usize = 15;

/// Cuts `text` to `width` characters, marking the cut with `~`.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('~');
        cut
    }
}

fn parse_args() -> Result<NaiveDate, String> {
    let mut as_of = chrono::Local::now().date_naive();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--as-of" => {
                let value = args.next().ok_or("`--as-of` needs a date, YYYY-MM-DD")?;
                as_of = value.parse().map_err(|_| {
                    format!("invalid `--as-of` date `{value}`: expected YYYY-MM-DD")
                })?;
            }
            "-h" | "--help" => {
                return Err("usage: union_state [--as-of YYYY-MM-DD]".to_owned());
            }
            other => {
                return Err(format!(
                    "unknown argument `{other}`; usage: union_state [--as-of YYYY-MM-DD]"
                ));
            }
        }
    }
    Ok(as_of)
}

fn print_modes(agenda: &Agenda) {
    let total = agenda.programmes().len();
    println!("What was agreed: {total} union programmes, by integration mode");
    println!("{}", "=".repeat(WIDTH.min(62)));
    for (mode, count) in agenda.count_by_mode() {
        if count == 0 {
            continue;
        }
        println!("{} ({count})", mode.label());
        for p in agenda.programmes_with_mode(mode) {
            let line = format!("  {:<5} {} [{}]", p.id, p.title, p.sector);
            println!("{}", fit(&line, WIDTH));
        }
    }
    println!();
}

/// Two lines: deadline, id and a remark; then the title, indented.
fn commitment_lines(c: &Commitment, remark: &str) -> String {
    let due = c
        .due()
        .map_or_else(|| "no date".to_owned(), |d| d.to_string());
    let head = fit(
        &format!("  {due:<11} {:<28} {remark}", c.id.as_str()),
        WIDTH,
    );
    let title = fit(&format!("{:14}{}", "", c.title), WIDTH);
    format!("{}\n{title}", head.trim_end())
}

fn print_gas(agenda: &Agenda) -> Result<(), Box<dyn Error>> {
    let gas: NodeId = "UP16".parse()?;
    let title = agenda
        .programme(&gas.programme())
        .map_or("", |p| p.title.as_str());
    println!("Before the common gas market (UP16, {title}) can be complete");
    println!("{}", "=".repeat(WIDTH.min(62)));
    let required = agenda.prerequisites(&gas)?;
    println!("Must be done first (requires), by deadline:");
    if required.is_empty() {
        println!("  nothing");
    }
    for c in &required {
        println!("{}", commitment_lines(c, ""));
    }
    let conditional = agenda.prerequisites_following(&gas, Follow::REQUIRES_AND_CONDITIONS)?;
    let demanded: Vec<&&Commitment> = conditional
        .iter()
        .filter(|c| !required.iter().any(|r| r.id == c.id) && c.id.programme_str() != "UP16")
        .collect();
    println!("Also demanded first by one side (conditions):");
    if demanded.is_empty() {
        println!("  nothing");
    }
    for c in demanded {
        println!("{}", commitment_lines(c, ""));
    }
    println!();
    Ok(())
}

fn print_next(agenda: &Agenda, as_of: NaiveDate) {
    println!("Not done as of {as_of}, in schedule order (first {NEXT})");
    println!("{}", "=".repeat(WIDTH.min(62)));
    let open: Vec<&Commitment> = agenda
        .schedule()
        .into_iter()
        .filter(|c| c.due().is_some())
        .filter(|c| !matches!(c.status_as_of(as_of), Status::Done | Status::Dropped))
        .collect();
    for c in open.iter().take(NEXT) {
        let status = c.status_as_of(as_of);
        let late = c.due().is_some_and(|d| d.last_day() < as_of);
        let mark = if late { ", overdue" } else { "" };
        println!("{}", commitment_lines(c, &format!("{status}{mark}")));
    }
    let overdue = open
        .iter()
        .filter(|c| c.due().is_some_and(|d| d.last_day() < as_of))
        .count();
    println!(
        "{} dated commitments open, {overdue} of them overdue.",
        open.len()
    );
}

fn print_deadlocks_and_progress(agenda: &Agenda, as_of: NaiveDate) {
    println!("Deadlocks and progress as of {as_of}");
    println!("{}", "=".repeat(WIDTH.min(62)));
    for d in agenda.deadlocks() {
        let states: Vec<&str> = d.demanded_by().iter().map(|s| s.as_str()).collect();
        let members: Vec<&str> = d.members.iter().map(NodeId::as_str).collect();
        println!(
            "{} deadlock demanded by {}: {} cycles; dropping {} conditions breaks it",
            if d.is_mutual() { "Mutual" } else { "One-sided" },
            states.join(" and "),
            d.cycles.len(),
            d.breaking_set.len()
        );
        println!("{}", fit(&format!("  {}", members.join(", ")), WIDTH));
    }
    let p = agenda.progress(as_of);
    let share = |s: Option<Percent>| s.map_or_else(|| "n/a".to_owned(), |s| s.to_string());
    println!(
        "Done: {} of {} commitments ({}); due by then: {}, of which done: {} ({})",
        p.overall.done,
        p.overall.total,
        share(p.overall.percent_done()),
        p.overall.due,
        p.overall.done_of_due,
        share(p.overall.percent_done_of_due())
    );
    println!(
        "Programmes with every commitment done: {} of {}",
        p.programmes_done.len(),
        agenda.programmes().len()
    );
    if let Some(check) = agenda
        .claims_vs_data()
        .into_iter()
        .rfind(|c| c.as_of <= as_of)
    {
        let claimed = check
            .claim
            .percent_done
            .map_or_else(|| "no figure".to_owned(), |p| format!("{p}%"));
        println!(
            "{}",
            fit(
                &format!(
                    "Latest official claim ({}): {claimed}; the data then: {} done",
                    check.claim.date,
                    share(check.data.percent_done())
                ),
                WIDTH
            )
        );
    }
}

fn main() -> ExitCode {
    let as_of = match parse_args() {
        Ok(d) => d,
        Err(message) => {
            eprintln!("union_state: {message}");
            return ExitCode::from(2);
        }
    };
    let agenda = match union_state::try_dataset() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("union_state: {e}");
            return ExitCode::from(2);
        }
    };
    print_modes(agenda);
    if let Err(e) = print_gas(agenda) {
        eprintln!("union_state: {e}");
        return ExitCode::from(2);
    }
    print_next(agenda, as_of);
    println!();
    print_deadlocks_and_progress(agenda, as_of);
    ExitCode::SUCCESS
}
