//! Does the crate stay up at a million commitments?
//!
//! Run it with:
//!
//! ```text
//! cargo run --release -p union-state-synth --bin million_chain
//! cargo run --release -p union-state-synth --bin million_chain -- 200000
//! ```
//!
//! It writes an agenda whose commitments form a single chain of *requires*
//! dependencies (the worst case for recursive traversals: a path as long as
//! the agenda), loads it back from JSON, runs every query on it, checks each
//! answer against what a chain must give, and prints the time each took.
//! The default length is 1,000,000. Every traversal in the crate is
//! iterative, so the default 8 MiB main-thread stack is enough.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use union_state::{Agenda, Follow, NodeId, query::Slip};

fn chain_json(n: usize) -> String {
    let mut s = String::with_capacity(n * 260);
    s.push_str(r#"{"format":"union-state/1","states":[{"code":"BY","name":"Belarus"},{"code":"RU","name":"Russia"}],"#);
    s.push_str(r#""sources":[{"id":"SYN","title":"synthetic","url":"https://example.org/"}],"programmes":["#);
    let programmes = n.div_ceil(1000).max(1);
    for p in 0..programmes {
        if p > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            r#"{{"id":"P{p:04}","title":"programme {p}","sector":"s","mode":"harmonisation","mode_basis":"stated","basis":"stated","states":["BY","RU"],"sources":["SYN"]}}"#
        );
    }
    s.push_str(r#"],"commitments":["#);
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        // Deadlines one day apart from 2022-01-01, day precision.
        let due = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap_or_default()
            + chrono::Days::new(i as u64 / 4);
        let _ = write!(
            s,
            r#"{{"id":"P{:04}.c{i:07}","title":"step {i}","acting":{{"joint":["BY","RU"]}},"deadline":{{"date":"{due}","basis":"stated","sources":["SYN"]}},"basis":"stated","sources":["SYN"]}}"#,
            i / 1000
        );
    }
    s.push_str(r#"],"dependencies":["#);
    for i in 1..n {
        if i > 1 {
            s.push(',');
        }
        let _ = write!(
            s,
            r#"{{"prerequisite":"P{:04}.c{:07}","dependent":"P{:04}.c{i:07}","kind":"requires","basis":"stated","sources":["SYN"]}}"#,
            (i - 1) / 1000,
            i - 1,
            i / 1000
        );
    }
    s.push_str("]}");
    s
}

fn timed<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    println!("  {label:<28} {:>8.3} s", start.elapsed().as_secs_f64());
    out
}

fn check(ok: bool, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("wrong answer: {what}"))
    }
}

fn run(n: usize) -> Result<(), Box<dyn std::error::Error>> {
    println!("A chain of {n} commitments");
    let json = timed("write JSON", || chain_json(n));
    println!("  ({} MB of JSON)", json.len() / 1_000_000);
    let agenda = timed("load and validate", || Agenda::from_json_str(&json))?;
    drop(json);
    let first: NodeId = agenda
        .commitments()
        .first()
        .ok_or("empty")?
        .id
        .clone()
        .into();
    let last: NodeId = agenda
        .commitments()
        .last()
        .ok_or("empty")?
        .id
        .clone()
        .into();
    let as_of = "3000-01-01".parse()?;
    let pre = timed("prerequisites of the last", || agenda.prerequisites(&last))?;
    check(pre.len() == n - 1, "prerequisites")?;
    let dep = timed("dependents of the first", || agenda.dependents(&first))?;
    check(dep.len() == n - 1, "dependents")?;
    let cond = timed("prerequisites, all kinds", || {
        agenda.prerequisites_following(&last, Follow::ALL)
    })?;
    check(cond.len() == n - 1, "prerequisites following all")?;
    let order = timed("schedule", || agenda.schedule());
    check(
        order.first().map(|c| &c.id) == agenda.commitments().first().map(|c| &c.id),
        "schedule",
    )?;
    let deadlocks = timed("deadlocks", || agenda.deadlocks());
    check(deadlocks.is_empty(), "deadlocks")?;
    let path = timed("critical path to the last", || agenda.critical_path(&last))?;
    check(path.steps.len() == n, "critical path")?;
    let latest = timed("latest dates", || agenda.latest_dates());
    check(latest.len() == n, "latest dates")?;
    let conflicts = timed("deadline conflicts", || agenda.deadline_conflicts());
    check(conflicts.is_empty(), "conflicts")?;
    let hit = timed("slip the first by a year", || {
        agenda.slip(&first, Slip::Months(12))
    })?;
    check(!hit.is_empty(), "slip")?;
    let waves = timed("waves", || agenda.waves(None));
    check(waves.len() == n, "waves")?;
    let blocked = timed("why is the last blocked", || {
        agenda.why_blocked(&last, as_of)
    })?;
    check(blocked.len() == n - 1, "why blocked")?;
    let progress = timed("progress", || agenda.progress(as_of));
    check(progress.overall.total == n, "progress")?;
    let overdue = timed("overdue", || agenda.overdue(as_of));
    check(overdue.len() == n, "overdue")?;
    println!("every answer checked");
    Ok(())
}

fn main() -> ExitCode {
    let n = match std::env::args().nth(1).map(|a| a.parse::<usize>()) {
        None => 1_000_000,
        Some(Ok(n)) if n >= 2 => n,
        Some(_) => {
            eprintln!("million_chain: the length must be a whole number, at least 2");
            return ExitCode::from(2);
        }
    };
    match run(n) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("million_chain: {e}");
            ExitCode::FAILURE
        }
    }
}
