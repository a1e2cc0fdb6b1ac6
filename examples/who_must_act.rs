//! Who must act, and how far has each state got with its part?
//!
//! ```text
//! cargo run --example who_must_act
//! cargo run --example who_must_act -- --data examples/data/three-states.json --as-of 2025-01-15
//! ```
//!
//! `--data FILE` reads an agenda file (default: the shipped dataset);
//! `--as-of YYYY-MM-DD` is the date asked about (default: today). For each
//! state bound by the agenda on that date (a state that joined later is left
//! out before it joined), it prints how many commitments it must carry out
//! alone, each state separately, or jointly; how many of its parts were
//! done, in progress, delayed, planned or dropped; and the commitments on
//! which its own part was late (its part not done, the deadline passed);
//! then, for each institution that acts, how many of its commitments were
//! done.

mod common;

use std::process::ExitCode;

use chrono::NaiveDate;
use union_state::{Agenda, Status};

const USAGE: &str = "usage: who_must_act [--data FILE] [--as-of YYYY-MM-DD]";

const STATUSES: [Status; 5] = [
    Status::Done,
    Status::InProgress,
    Status::Delayed,
    Status::Planned,
    Status::Dropped,
];

fn report(agenda: &Agenda, as_of: NaiveDate) {
    let all = agenda.obligations_as_of(as_of);
    println!("Who must act, as of {as_of}: {} states bound", all.len());
    for o in &all {
        let name = agenda.state(o.state).map_or("", |s| s.name.as_str());
        let (alone, each, joint) = (o.alone.len(), o.each.len(), o.joint.len());
        println!(
            "\n{} ({name}): {alone} alone, {each} each separately, {joint} jointly",
            o.state
        );
        let counts: Vec<String> = STATUSES
            .iter()
            .map(|&s| (s, o.statuses.iter().filter(|c| c.status == s).count()))
            .filter(|&(_, n)| n > 0)
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        println!("  its parts: {}", counts.join(", "));
        let late = agenda.overdue_for(o.state, as_of);
        println!("  late: {}", late.len());
        for c in late.iter().take(8) {
            let due = c.due().map_or(String::new(), |d| d.to_string());
            let own = c.status_of(o.state, as_of).map_or("", Status::name);
            println!("    {due:<10} {:<27} {own}", c.id.as_str());
        }
        if late.len() > 8 {
            println!("    and {} more", late.len() - 8);
        }
    }
    for (institution, t) in agenda.progress(as_of).by_institution {
        let (done, total) = (t.done, t.total);
        println!("\nInstitution {institution}: {done} of {total} of its commitments done");
    }
}

fn main() -> ExitCode {
    match common::options(USAGE)
        .and_then(|(data, as_of)| common::load(data).map(|a| report(&a, as_of)))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("who_must_act: {e}");
            ExitCode::from(2)
        }
    }
}
