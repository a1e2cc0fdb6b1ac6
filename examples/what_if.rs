//! What does a slip break downstream?
//!
//! ```text
//! cargo run --example what_if
//! cargo run --example what_if -- UP16.principles 18
//! cargo run --example what_if -- --data examples/data/three-states.json TRN.sign 7
//! ```
//!
//! Arguments: the id of a commitment or a programme (default
//! `UP16.principles`, the gas-market principles due by July 2022), a number
//! of months it slips (default 6; negative moves it earlier) and `--data
//! FILE` (default: the shipped dataset). It prints the critical path to the
//! last-due commitment downstream (on the plan, each commitment done on its
//! deadline), each step with its slack, then every downstream commitment
//! whose deadline can no longer be met after the slip, and by how much.

mod common;

use std::{path::PathBuf, process::ExitCode};

use union_state::{Agenda, NodeId, query::Slip};

const USAGE: &str = "usage: what_if [ID] [MONTHS] [--data FILE]";

fn options() -> Result<(String, i32, Option<PathBuf>), String> {
    let (mut id, mut months, mut data) = (None, None, None);
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let number = arg.to_str().and_then(|v| v.parse::<i32>().ok());
        match arg.to_str() {
            Some("--data") => data = Some(args.next().ok_or("`--data` needs a file")?.into()),
            Some(_) if id.is_some() && months.is_none() && number.is_some() => months = number,
            Some(v) if id.is_none() && !v.starts_with('-') => id = Some(v.to_owned()),
            _ => {
                return Err(format!(
                    "unknown argument `{}`; {USAGE}",
                    arg.to_string_lossy()
                ));
            }
        }
    }
    let id = id.unwrap_or_else(|| "UP16.principles".into());
    Ok((id, months.unwrap_or(6), data))
}

fn answer(agenda: &Agenda, id: &str, months: i32) -> Result<(), Box<dyn std::error::Error>> {
    let id: NodeId = id.parse()?;
    // The critical path to the last-due commitment downstream (or to the
    // item itself when nothing depends on it).
    let downstream = agenda.dependents(&id)?;
    let target = downstream
        .last()
        .map_or(id.clone(), |c| c.id.clone().into());
    let path = agenda.critical_path(&target)?;
    println!("Critical path to {target} (each step done on its deadline):");
    for step in &path.steps {
        let due = step.deadline.map_or("no date".into(), |d| d.to_string());
        let slack = step
            .slack_days
            .map_or("n/a".into(), |d| format!("{d} days"));
        println!(
            "  {:<27} due {due:<10} slack {slack}",
            step.commitment.id.as_str()
        );
    }
    let hit = agenda.slip(&id, Slip::Months(months))?;
    println!("\nIf {id} slips by {months} months:");
    if hit.is_empty() {
        println!("  every downstream deadline can still be met");
    }
    for impact in &hit {
        let (c, due) = (impact.commitment.id.as_str(), impact.deadline.to_string());
        let (at, late) = (impact.earliest_after, impact.late_by_days);
        println!("  {c:<27} due {due:<10} earliest {at} ({late} days late)");
    }
    println!("  ({} commitments downstream checked)", downstream.len());
    Ok(())
}

fn main() -> ExitCode {
    let run = options().and_then(|(id, months, data)| {
        let agenda = common::load(data)?;
        answer(&agenda, &id, months).map_err(|e| e.to_string())
    });
    match run {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("what_if: {e}");
            ExitCode::from(2)
        }
    }
}
