//! Where do the sides block each other?
//!
//! ```text
//! cargo run --example deadlock_2019
//! cargo run --example deadlock_2019 -- --data examples/data/three-states.json
//! ```
//!
//! In 2018-2019 Minsk wanted equal energy prices before tax and customs
//! integration, and Moscow wanted integration first. In an agenda such
//! demands are *conditional on* dependencies, each demanded by one state or
//! more. `--data FILE` reads an agenda file (default: the shipped dataset).
//! It prints every deadlock (items tied together by cycles of such
//! conditions): who demands it, the items caught in it, each cycle step by
//! step, and the fewest conditions that would have to be dropped to break
//! it.

mod common;

use std::{path::PathBuf, process::ExitCode};

use union_state::{Agenda, Dependency, DependencyKind};

const USAGE: &str = "usage: deadlock_2019 [--data FILE]";

fn options() -> Result<Option<PathBuf>, String> {
    let mut data = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--data") => data = Some(args.next().ok_or("`--data` needs a file")?.into()),
            _ => {
                return Err(format!(
                    "unknown argument `{}`; {USAGE}",
                    arg.to_string_lossy()
                ));
            }
        }
    }
    Ok(data)
}

/// One step of a cycle, in words.
fn step(d: &Dependency) -> String {
    let (before, after) = (&d.prerequisite, &d.dependent);
    match &d.kind {
        DependencyKind::ConditionalOn { demanded_by } => {
            format!("{} {before} before {after}", demanded_by.demand())
        }
        DependencyKind::Requires => format!("{after} requires {before}"),
        DependencyKind::Related => format!("{after} is related to {before}"),
    }
}

fn report(agenda: &Agenda) {
    let deadlocks = agenda.deadlocks();
    println!("Deadlocks: {}", deadlocks.len());
    for (n, deadlock) in deadlocks.iter().enumerate() {
        let who: Vec<String> = deadlock
            .demanded_by()
            .iter()
            .map(ToString::to_string)
            .collect();
        let kind = if deadlock.is_mutual() {
            "mutual"
        } else {
            "one-sided"
        };
        println!(
            "\nDeadlock {} ({kind}), demanded by {}",
            n + 1,
            who.join(", ")
        );
        println!("  items caught in it:");
        deadlock
            .members
            .iter()
            .for_each(|m| println!("        {m}"));
        let listed = if deadlock.all_cycles_listed {
            ""
        } else {
            ", not all listed"
        };
        println!("  cycles ({}{listed}):", deadlock.cycles.len());
        for (i, cycle) in deadlock.cycles.iter().enumerate() {
            for (j, d) in cycle.steps.iter().enumerate() {
                let head = if j == 0 {
                    format!("{:>4}.", i + 1)
                } else {
                    String::new()
                };
                println!("  {head:<5} {}", step(d));
            }
        }
        let how = if deadlock.breaking_set_exact {
            "exact"
        } else {
            "estimate"
        };
        let fewest = deadlock.breaking_set.len();
        println!("  fewest conditions to drop to break it ({how}): {fewest}");
        for d in &deadlock.breaking_set {
            println!("        {}", step(d));
        }
    }
}

fn main() -> ExitCode {
    match options().and_then(common::load) {
        Ok(agenda) => {
            report(&agenda);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("deadlock_2019: {e}");
            ExitCode::from(2)
        }
    }
}
