//! What must happen before X?
//!
//! ```text
//! cargo run --example prerequisites
//! cargo run --example prerequisites -- UP18.deeper-integration --as-of 2025-01-01
//! cargo run --example prerequisites -- --data examples/data/minimal.json GAS.addendum
//! ```
//!
//! Arguments: the id of a commitment or a programme (default
//! `UP16.addendum`, the gas-market addendum), `--data FILE` (default: the
//! shipped dataset) and `--as-of YYYY-MM-DD` (default: today). It prints
//! every commitment that must be done before X can be (its *requires*
//! prerequisites, direct or not), by deadline, each with its status on the
//! date; then what a state additionally demands first (*conditional on*
//! dependencies), and how many of all these were still open on the date.

mod common;

use std::{path::PathBuf, process::ExitCode};

use chrono::NaiveDate;
use union_state::{Agenda, Commitment, Follow, NodeId, Status};

const USAGE: &str = "usage: prerequisites [ID] [--data FILE] [--as-of YYYY-MM-DD]";

fn options() -> Result<(String, Option<PathBuf>, NaiveDate), String> {
    let (mut id, mut data, mut as_of) = (None, None, chrono::Utc::now().date_naive());
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--data") => data = Some(args.next().ok_or("`--data` needs a file")?.into()),
            Some("--as-of") => {
                let v = args.next().unwrap_or_default();
                let v = v.to_string_lossy();
                as_of = v
                    .parse()
                    .map_err(|_| format!("invalid `--as-of` `{v}`; {USAGE}"))?;
            }
            Some(v) if id.is_none() && !v.starts_with('-') => id = Some(v.to_owned()),
            _ => {
                return Err(format!(
                    "unknown argument `{}`; {USAGE}",
                    arg.to_string_lossy()
                ));
            }
        }
    }
    Ok((id.unwrap_or_else(|| "UP16.addendum".into()), data, as_of))
}

fn open(c: &Commitment, as_of: NaiveDate) -> bool {
    !matches!(c.status_as_of(as_of), Status::Done | Status::Dropped)
}

fn show(c: &Commitment, as_of: NaiveDate) {
    let due = c.due().map_or("no date".into(), |d| d.to_string());
    let status = c.status_as_of(as_of).name();
    let line = format!("  {due:<10} {:<27} {status:<11} {}", c.id.as_str(), c.title);
    println!("{}", line.chars().take(80).collect::<String>());
}

fn answer(agenda: &Agenda, id: &str, as_of: NaiveDate) -> Result<(), Box<dyn std::error::Error>> {
    let id: NodeId = id.parse()?;
    let required = agenda.prerequisites(&id)?;
    println!(
        "Before {id} can be done (as of {as_of}): {}",
        required.len()
    );
    for c in &required {
        show(c, as_of);
    }
    let mut demanded = agenda.prerequisites_following(&id, Follow::REQUIRES_AND_CONDITIONS)?;
    // What only a condition brings in, outside X itself.
    let inside = |c: &Commitment| match &id {
        NodeId::Commitment(x) => *x == c.id,
        NodeId::Programme(p) => c.id.programme() == *p,
    };
    demanded.retain(|c| !required.contains(c) && !inside(c));
    println!(
        "Also demanded first by a state (conditions): {}",
        demanded.len()
    );
    for c in &demanded {
        show(c, as_of);
    }
    let all = required.iter().chain(&demanded);
    let still = all.clone().filter(|c| open(c, as_of)).count();
    println!("Still open on {as_of}: {still} of {}", all.count());
    Ok(())
}

fn main() -> ExitCode {
    let run = options().and_then(|(id, data, as_of)| {
        let agenda = common::load(data)?;
        answer(&agenda, &id, as_of).map_err(|e| e.to_string())
    });
    match run {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("prerequisites: {e}");
            ExitCode::from(2)
        }
    }
}
