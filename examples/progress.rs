//! Has integration happened? The data's share of commitments done beside
//! every official claim, period by period.
//!
//! ```text
//! cargo run --example progress
//! cargo run --example progress -- --as-of 2023-01-09 --data examples/data/minimal.json
//! ```
//!
//! `--data FILE` reads an agenda file (default: the shipped dataset);
//! `--as-of YYYY-MM-DD` is the date asked about (default: today). For each
//! three-year planning period (2021-2023, 2024-2026, ...) that has claims
//! up to that date, it prints every claim made in it (date, the data's share
//! of commitments done on that date and its programmes done, and what was
//! claimed), then the data at the period's end (or on the date, if sooner).
//! Then the programmes with every commitment done and every commitment
//! overdue, as of the date. Shares never round to 0% or 100% unless exact.

mod common;

use std::{collections::BTreeSet, process::ExitCode};

use chrono::{Datelike, NaiveDate};
use union_state::{Agenda, ProgressClaim, query::Percent};

const USAGE: &str = "usage: progress [--data FILE] [--as-of YYYY-MM-DD]";

fn pct(share: Option<Percent>) -> String {
    share.map_or("n/a".into(), |p| p.to_string())
}

/// What a claim says, in a few words: `about 90%`, `825 of 993 measures`.
fn claimed(c: &ProgressClaim) -> String {
    let mut said = Vec::new();
    if let Some(p) = c.percent_done {
        let q = c
            .percent_qualifier
            .map_or(String::new(), |q| format!("{} ", q.words()));
        said.push(format!("{q}{p}%"));
    }
    match (c.measures_done, c.measures_total) {
        (Some(done), Some(all)) => said.push(format!("{done} of {all} measures")),
        (None, Some(all)) => said.push(format!("of {all} measures")),
        (Some(done), None) => said.push(format!("{done} measures")),
        (None, None) => {}
    }
    if let Some(n) = c.programmes_done {
        said.push(format!("programmes done: {n}"));
    }
    if let Some(scope) = &c.scope {
        said.push(format!("about {scope}"));
    }
    if said.is_empty() {
        return format!("no figure: {}", c.text);
    }
    said.join(", ")
}

fn report(agenda: &Agenda, as_of: NaiveDate) {
    println!("Has integration happened? The data beside the official claims, as of {as_of}");
    let checks = agenda.claims_vs_data();
    let period = |d: NaiveDate| 2021 + (d.year() - 2021).div_euclid(3) * 3;
    let made = |c: &&union_state::query::ClaimCheck| c.as_of <= as_of;
    let periods: BTreeSet<i32> = checks
        .iter()
        .filter(made)
        .map(|c| period(c.as_of))
        .collect();
    if periods.is_empty() {
        println!("\nNo claim up to {as_of}.");
    }
    for start in periods {
        println!(
            "\n{start}-{}: claims, with the data's share of commitments done then",
            start + 2
        );
        println!("  {:<10} {:>5} {:>5}  claimed", "date", "data", "progs");
        let mut of_period: Vec<_> = checks.iter().filter(made).collect();
        of_period.retain(|c| period(c.as_of) == start);
        of_period.sort_by_key(|c| c.as_of);
        for c in of_period {
            let (said_on, share) = (c.claim.date.to_string(), pct(c.data.percent_done()));
            let line = format!(
                "  {said_on:<10} {share:>5} {:>5}  {}",
                c.programmes_done,
                claimed(c.claim)
            );
            println!("{}", line.chars().take(80).collect::<String>());
        }
        let end = NaiveDate::from_ymd_opt(start + 2, 12, 31).map_or(as_of, |d| d.min(as_of));
        let p = agenda.progress(end);
        let (done, total, share) = (
            p.overall.done,
            p.overall.total,
            pct(p.overall.percent_done()),
        );
        let progs = p.programmes_done.len();
        println!("  On {end} the data: {done} of {total} done ({share}), programmes done: {progs}");
    }
    let done = agenda.progress(as_of).programmes_done;
    let ids: Vec<&str> = done.iter().map(|id| id.as_str()).collect();
    let of = agenda.programmes().len();
    println!(
        "\nProgrammes with every commitment done as of {as_of}: {} of {of}",
        ids.len()
    );
    if !ids.is_empty() {
        println!("  {}", ids.join(" "));
    }
    let overdue = agenda.overdue(as_of);
    println!("\nOverdue as of {as_of}: {}", overdue.len());
    for c in overdue {
        let due = c.due().map_or(String::new(), |d| d.to_string());
        let status = c.status_as_of(as_of).name();
        println!("  {due:<10} {:<27} {status}", c.id.as_str());
    }
}

fn main() -> ExitCode {
    match common::options(USAGE)
        .and_then(|(data, as_of)| common::load(data).map(|a| report(&a, as_of)))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("progress: {e}");
            ExitCode::from(2)
        }
    }
}
