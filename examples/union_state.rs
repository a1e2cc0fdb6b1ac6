//! What was agreed, what must come first, what is due and overdue, and how
//! the data compares with what officials claimed: a tour of an agenda.
//!
//! ```text
//! cargo run --example union_state
//! cargo run --example union_state -- --as-of 2023-01-09 --data examples/data/minimal.json
//! ```
//!
//! `--data FILE` reads an agenda file (default: the shipped dataset, the 28
//! union programmes of 2021); `--as-of YYYY-MM-DD` is the date asked about
//! (default: today). It prints the programmes by integration mode; what must
//! be done before the first programme of the deepest mode (the common gas
//! market, UP16, in the shipped dataset); the next commitments due and those
//! overdue; for each three-year planning period with claims (2021-2023,
//! 2024-2026), the latest official claim beside the data on its date; and
//! the programmes with every commitment done.

mod common;

use std::{cmp::Reverse, collections::BTreeMap, process::ExitCode};

use chrono::{Datelike, NaiveDate};
use union_state::query::{ClaimCheck, DepthScale};
use union_state::{Agenda, Commitment, Programme, Status};

const USAGE: &str = "usage: union_state [--data FILE] [--as-of YYYY-MM-DD]";

/// Deadline, id, status and as much of the title as fits in 80 columns.
fn show(c: &Commitment, as_of: NaiveDate) {
    let due = c.due().map_or("no date".into(), |d| d.to_string());
    let id = c.id.as_str();
    let (status, title) = (c.status_as_of(as_of).name(), &c.title);
    let text = format!("  {due:<10} {id:<27} {status:<11} {title}");
    match text.char_indices().nth(79) {
        Some((cut, _)) => println!("{}…", &text[..cut]),
        None => println!("{text}"),
    }
}

fn tour(agenda: &Agenda, as_of: NaiveDate) -> Result<(), Box<dyn std::error::Error>> {
    let programmes = agenda.programmes();
    let total = agenda.commitments().len();
    println!(
        "What was agreed: {} programmes, {total} commitments",
        programmes.len()
    );
    for (mode, count) in agenda.count_by_mode().into_iter().filter(|m| m.1 > 0) {
        let ids: Vec<&str> = agenda
            .programmes_with_mode(mode)
            .map(|p| p.id.as_str())
            .collect();
        println!("  {:<34} {count:>2}  {}", mode.label(), ids.join(" "));
    }
    let rank = |p: &&Programme| p.mode.map(|m| DepthScale::default().rank(m));
    if let Some(deep) = programmes.iter().max_by_key(|p| (rank(p), Reverse(&p.id))) {
        let before = agenda.prerequisites(&deep.id)?;
        println!(
            "\nBefore {} ({}) is complete: {}",
            deep.id,
            deep.title,
            before.len()
        );
        for c in &before {
            show(c, as_of);
        }
    }
    let open = |c: &&Commitment| !matches!(c.status_as_of(as_of), Status::Done | Status::Dropped);
    let later = |c: &&Commitment| c.due().is_some_and(|d| d.last_day() >= as_of);
    let mut next = agenda.schedule();
    next.retain(|c| open(c) && later(c));
    println!("\nDue next, from {as_of}: {}", next.len());
    for c in next.iter().take(5) {
        show(c, as_of);
    }
    let overdue = agenda.overdue(as_of);
    println!("\nOverdue as of {as_of}: {}", overdue.len());
    for c in overdue.iter().take(10) {
        show(c, as_of);
    }
    if overdue.len() > 10 {
        println!(
            "  and {} more (the progress example lists them all)",
            overdue.len() - 10
        );
    }
    println!("\nThe latest official claim of each planning period, beside the data then:");
    let mut checks = agenda.claims_vs_data();
    checks.retain(|c| c.as_of <= as_of);
    checks.sort_by_key(|c| c.as_of);
    let period = |d: NaiveDate| 2021 + (d.year() - 2021).div_euclid(3) * 3;
    let latest: BTreeMap<i32, &ClaimCheck> = checks.iter().map(|c| (period(c.as_of), c)).collect();
    if latest.is_empty() {
        println!("  no claim up to {as_of}");
    }
    for (start, c) in latest {
        let q = c.claim.percent_qualifier.map_or("", |q| q.words());
        let claimed = c.claim.percent_done.map(|p| format!("{q} {p}%"));
        let claimed = claimed.unwrap_or("no figure".into());
        let data = c
            .data
            .percent_done()
            .map_or("n/a".into(), |p| p.to_string());
        let scope = c.scope.map_or(String::new(), |s| format!(" about {s}"));
        let (last, said_on, total) = (start + 2, c.claim.date, c.data.total);
        let claimed = claimed.trim();
        println!(
            "  {start}-{last}: {said_on}{scope}: claimed {claimed}; data: {data} of {total} done"
        );
    }
    let progress = agenda.progress(as_of);
    let done: Vec<&str> = progress
        .programmes_done
        .iter()
        .map(|id| id.as_str())
        .collect();
    let (n, of) = (done.len(), programmes.len());
    println!("Programmes with every commitment done as of {as_of}: {n} of {of}");
    if !done.is_empty() {
        println!("  {}", done.join(" "));
    }
    Ok(())
}

fn main() -> ExitCode {
    let answer = common::options(USAGE)
        .and_then(|(data, as_of)| tour(&*common::load(data)?, as_of).map_err(|e| e.to_string()));
    answer.map_or_else(
        |e| {
            eprintln!("union_state: {e}");
            ExitCode::from(2)
        },
        |()| ExitCode::SUCCESS,
    )
}
