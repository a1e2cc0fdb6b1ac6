//! What does a slip break downstream?
//!
//! Run it with:
//!
//! ```text
//! cargo run --example what_if
//! cargo run --example what_if -- UP16.principles 18
//! ```
//!
//! Arguments: an id (a commitment or a programme; default
//! `UP16.principles`, the gas-market principles due by July 2022) and a
//! number of months (default 6). It prints the critical path to the
//! last-due commitment downstream (for the default, the gas-market
//! addendum due 1 December 2023) with each step's slack, then every downstream
//! commitment whose deadline can no longer be met after the slip, and by
//! how much.

use std::process::ExitCode;

use union_state::{Agenda, NodeId, query::Slip};

fn run(agenda: &Agenda, id: &NodeId, months: i32) -> Result<(), Box<dyn std::error::Error>> {
    // The critical path to the last-due commitment downstream (or to the
    // item itself when nothing depends on it).
    let downstream = agenda.dependents(id)?;
    let target: NodeId = downstream
        .last()
        .map_or_else(|| id.clone(), |c| NodeId::from(c.id.clone()));
    let path = agenda.critical_path(&target)?;
    println!("Critical path to {target} (earliest completion on the plan):");
    for step in &path.steps {
        let due = step
            .deadline
            .map_or_else(|| "no date".to_owned(), |d| d.to_string());
        let slack = step
            .slack_days
            .map_or_else(|| "n/a".to_owned(), |d| format!("{d} days"));
        println!(
            "  {:<18} due {due:<11} slack {slack}",
            step.commitment.id.as_str()
        );
    }
    println!();
    let hit = agenda.slip(id, Slip::Months(months))?;
    println!("If {id} slips by {months} months:");
    if hit.is_empty() {
        println!("  every downstream deadline can still be met.");
    }
    for impact in &hit {
        println!(
            "  {:<22} due {:<11} earliest {} ({} days late)",
            impact.commitment.id.as_str(),
            impact.deadline.to_string(),
            impact.earliest_after,
            impact.late_by_days
        );
    }
    println!(
        "  ({} commitments downstream of {id} checked)",
        downstream.len()
    );
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let id = args.next().unwrap_or_else(|| "UP16.principles".to_owned());
    let months = args.next().unwrap_or_else(|| "6".to_owned());
    let (id, months): (NodeId, i32) = match (id.parse(), months.parse()) {
        (Ok(id), Ok(m)) => (id, m),
        (Err(e), _) => {
            eprintln!("what_if: {e}");
            return ExitCode::from(2);
        }
        (_, Err(_)) => {
            eprintln!("what_if: invalid number of months `{months}`");
            return ExitCode::from(2);
        }
    };
    let result = union_state::try_dataset()
        .map_err(ToString::to_string)
        .and_then(|agenda| run(agenda, &id, months).map_err(|e| e.to_string()));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("what_if: {e}");
            ExitCode::from(2)
        }
    }
}
