//! How far had each treaty come: signed, ratified, in force?
//!
//! ```text
//! cargo run --example treaty_status
//! cargo run --example treaty_status -- --data examples/data/three-states.json --as-of 2025-03-01
//! ```
//!
//! `--data FILE` reads an agenda file (default: the shipped dataset);
//! `--as-of YYYY-MM-DD` is the date asked about (default: today). For each
//! instrument with parties (a treaty between states), it prints its parties
//! and its stage on that date, such as `signed, ratified by KZ only, not in
//! force`, and the commitments that stand for one of its stages ("the treaty
//! in force") with their status then. A signature, ratification or entry
//! into force counts from the last day its date allows.

mod common;

use std::process::ExitCode;

use chrono::NaiveDate;
use union_state::Agenda;

const USAGE: &str = "usage: treaty_status [--data FILE] [--as-of YYYY-MM-DD]";

fn report(agenda: &Agenda, as_of: NaiveDate) {
    let all = agenda.instruments();
    let treaties: Vec<_> = all.iter().filter(|i| !i.parties.is_empty()).collect();
    let others = all.len() - treaties.len();
    println!("Treaties between states, as of {as_of}: {}", treaties.len());
    for t in treaties {
        let parties: Vec<&str> = t
            .parties
            .iter()
            .map(union_state::StateCode::as_str)
            .collect();
        println!("\n{} ({}), parties {}", t.id, t.title, parties.join(", "));
        println!("  {}", t.stage_as_of(as_of));
        let standing = agenda
            .commitments()
            .iter()
            .filter(|c| c.achieved_by.as_ref().is_some_and(|a| a.instrument == t.id));
        for c in standing {
            let stage = c.achieved_by.as_ref().map_or("", |a| a.stage.name());
            let status = c.status_as_of(as_of).name();
            println!("  {:<27} {stage:<9} {status}", c.id.as_str());
        }
    }
    println!("\nOther instruments (decrees, resolutions, no parties): {others}");
}

fn main() -> ExitCode {
    match common::options(USAGE)
        .and_then(|(data, as_of)| common::load(data).map(|a| report(&a, as_of)))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("treaty_status: {e}");
            ExitCode::from(2)
        }
    }
}
