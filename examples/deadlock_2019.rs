//! Where do the two sides block each other?
//!
//! Run it with:
//!
//! ```text
//! cargo run --example deadlock_2019
//! ```
//!
//! In 2018-2019 Minsk wanted equal energy prices and access to the Russian
//! market before tax and customs integration; Moscow wanted integration
//! first. In the shipped dataset these demands are *conditional on*
//! dependencies, each demanded by one state. This program prints every
//! deadlock (a set of items tied together by cycles of such conditions),
//! each cycle with who demands each step, and the fewest conditions one side
//! would have to drop to break them all.

use std::process::ExitCode;

use union_state::{Agenda, Demander, Dependency, DependencyKind};

fn step(d: &Dependency) -> String {
    match &d.kind {
        DependencyKind::ConditionalOn { demanded_by } => {
            format!(
                "{demanded_by} demands {} before {}",
                d.prerequisite, d.dependent
            )
        }
        DependencyKind::Requires => format!("{} requires {}", d.dependent, d.prerequisite),
        DependencyKind::Related => format!("{} related to {}", d.dependent, d.prerequisite),
    }
}

fn title(agenda: &Agenda, id: &union_state::NodeId) -> String {
    match id {
        union_state::NodeId::Commitment(c) => agenda
            .commitment(c)
            .map_or(String::new(), |c| c.title.clone()),
        union_state::NodeId::Programme(p) => agenda
            .programme(p)
            .map_or(String::new(), |p| p.title.clone()),
    }
}

fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('~');
    cut
}

fn main() -> ExitCode {
    let agenda = match union_state::try_dataset() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("deadlock_2019: {e}");
            return ExitCode::from(2);
        }
    };
    let deadlocks = agenda.deadlocks();
    println!("Deadlocks in the shipped dataset: {}", deadlocks.len());
    for (n, deadlock) in deadlocks.iter().enumerate() {
        let states: Vec<String> = deadlock
            .demanded_by()
            .iter()
            .map(|d| match d {
                Demander::State(s) => agenda
                    .state(s)
                    .map_or(s.to_string(), |st| format!("{} ({s})", st.name)),
                Demander::Institution(i) => agenda
                    .institution(i)
                    .map_or(i.to_string(), |inst| format!("{} ({i})", inst.name)),
            })
            .collect();
        println!();
        println!(
            "Deadlock {} ({})",
            n + 1,
            if deadlock.is_mutual() {
                "mutual"
            } else {
                "one-sided"
            }
        );
        println!("Demanded by {}", states.join(" and "));
        println!("Items caught in it:");
        for id in &deadlock.members {
            println!("{}", fit(&format!("  {id:<24} {}", title(agenda, id)), 80));
        }
        println!(
            "Cycles ({}{}):",
            deadlock.cycles.len(),
            if deadlock.all_cycles_listed {
                ""
            } else {
                ", not all listed"
            }
        );
        for (i, cycle) in deadlock.cycles.iter().enumerate() {
            println!(
                "  cycle {} ({}):",
                i + 1,
                if cycle.is_mutual() {
                    "mutual"
                } else {
                    "one-sided"
                }
            );
            for d in &cycle.steps {
                println!("{}", fit(&format!("    {}", step(d)), 80));
            }
        }
        println!(
            "Fewest conditions to drop to break it ({}): {}",
            if deadlock.breaking_set_exact {
                "exact"
            } else {
                "greedy estimate"
            },
            deadlock.breaking_set.len()
        );
        for d in &deadlock.breaking_set {
            println!("{}", fit(&format!("  {}", step(d)), 80));
        }
    }
    ExitCode::SUCCESS
}
