//! Has bilateral integration happened?
//!
//! Run it with:
//!
//! ```text
//! cargo run --example progress -- --as-of 2023-01-09
//! ```
//!
//! For the shipped dataset, as of the date (default today) it prints: how
//! many commitments were due and how many of those were done, by mode and
//! by state; which programmes are completely done; integration depth
//! promised against delivered; the official progress claims made up to that
//! date beside what the data shows for the same dates; and what is overdue.
//! Every figure comes from dated, sourced events in the dataset, so a reader
//! can check it against the sources.

use std::process::ExitCode;

use chrono::NaiveDate;
use union_state::{
    Agenda,
    query::{DepthScale, Percent, Tally},
};

fn parse_args() -> Result<NaiveDate, String> {
    let usage = "usage: progress [--as-of YYYY-MM-DD]";
    let mut as_of = chrono::Local::now().date_naive();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--as-of" => {
                let value = args
                    .next()
                    .ok_or(format!("`--as-of` needs a date; {usage}"))?;
                as_of = value.parse().map_err(|_| {
                    format!("invalid `--as-of` date `{value}`: expected YYYY-MM-DD")
                })?;
            }
            "-h" | "--help" => return Err(usage.to_owned()),
            other => return Err(format!("unknown argument `{other}`; {usage}")),
        }
    }
    Ok(as_of)
}

fn pct(share: Option<Percent>) -> String {
    share.map_or_else(|| "  n/a".to_owned(), |s| format!("{s:>5}"))
}

/// A ratio as a whole percentage that never rounds a partial value to 0%
/// or 100%.
fn ratio(r: Option<f64>) -> String {
    r.map_or_else(
        || "n/a".to_owned(),
        |r| {
            format!(
                "{:.0}%",
                (r * 100.0).round().clamp(
                    f64::from(u8::from(r > 0.0)),
                    if r < 1.0 { 99.0 } else { 100.0 }
                )
            )
        },
    )
}

fn row(label: &str, t: &Tally) {
    println!(
        "  {label:<34} {:>4} {:>4} {} {:>5} {:>4} {}",
        t.total,
        t.done,
        pct(t.percent_done()),
        t.due,
        t.done_of_due,
        pct(t.percent_done_of_due())
    );
}

fn header() {
    println!(
        "  {:<34} {:>4} {:>4} {:>5} {:>5} {:>4} {:>5}",
        "", "all", "done", "", "due", "done", ""
    );
}

fn report(agenda: &Agenda, as_of: NaiveDate) {
    let p = agenda.progress(as_of);
    println!("Has bilateral integration happened? The data as of {as_of}");
    println!("{}", "=".repeat(62));
    println!("Commitments done, and those due by then that are done:");
    header();
    row("all commitments", &p.overall);
    for (mode, t) in &p.by_mode {
        row(mode.label(), t);
    }
    println!("By acting state:");
    for (state, t) in &p.by_state {
        let name = agenda
            .state(state)
            .map_or(state.as_str(), |s| s.name.as_str());
        row(name, t);
    }
    println!();
    let done: Vec<&str> = p.programmes_done.iter().map(|id| id.as_str()).collect();
    println!(
        "Programmes with every commitment done: {} of {}",
        done.len(),
        agenda.programmes().len()
    );
    if !done.is_empty() {
        println!("  {}", done.join(" "));
    }
    let depth = agenda.depth(as_of, &DepthScale::default());
    println!(
        "Integration depth delivered: {:.1} of {:.1} promised ({})",
        depth.overall.delivered,
        depth.overall.promised,
        ratio(depth.overall.ratio())
    );
    println!();
    println!("Official claims up to {as_of}, beside the data on their dates:");
    println!(
        "  {:<11} {:<24} {:>5} {:>8}  {:>10}",
        "date", "claimed", "done", "due done", "programmes"
    );
    for check in agenda.claims_vs_data().iter().filter(|c| c.as_of <= as_of) {
        let c = check.claim;
        let claimed = match (c.percent_done, c.measures_total, c.programmes_done) {
            (Some(pc), Some(total), _) => format!("{pc}% of {total} measures"),
            (Some(pc), None, _) => format!("{pc}%"),
            (None, _, Some(n)) => format!("{n} programmes done"),
            (None, _, None) => "(no figure)".to_owned(),
        };
        let programmes = match c.programmes_done {
            Some(n) => format!("{}/{n}", check.programmes_done),
            None => format!("{}", check.programmes_done),
        };
        println!(
            "  {:<11} {:<24} {:>5} {:>8}  {:>10}",
            c.date.to_string(),
            claimed,
            pct(check.data.percent_done()).trim(),
            pct(check.data.percent_done_of_due()).trim(),
            programmes
        );
    }
    println!("  done: share of all commitments in the data done by that date;");
    println!("  due done: share of those due by then; programmes: done in the");
    println!(
        "  data / claimed. The data has {} commitments; the claims count",
        agenda.commitments().len()
    );
    println!("  about 1,000 measures, most of them unpublished.");
    println!();
    let overdue = agenda.overdue(as_of);
    println!("Overdue as of {as_of}: {}", overdue.len());
    for c in overdue.iter().take(12) {
        let due = c.due().map(|d| d.to_string()).unwrap_or_default();
        println!(
            "  {due:<11} {:<28} {}",
            c.id.as_str(),
            c.status_as_of(as_of)
        );
    }
    let deadlocks = agenda.deadlocks();
    let mutual = deadlocks.iter().filter(|d| d.is_mutual()).count();
    println!("Open deadlocks of mutual conditions: {mutual} (see the deadlock_2019 example)");
}

fn main() -> ExitCode {
    let as_of = match parse_args() {
        Ok(d) => d,
        Err(message) => {
            eprintln!("progress: {message}");
            return ExitCode::from(2);
        }
    };
    match union_state::try_dataset() {
        Ok(agenda) => {
            report(agenda, as_of);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("progress: {e}");
            ExitCode::from(2)
        }
    }
}
