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

use std::{borrow::Cow, path::PathBuf, process::ExitCode};

use chrono::NaiveDate;
use union_state::{Agenda, Status};

const USAGE: &str = "usage: who_must_act [--data FILE] [--as-of YYYY-MM-DD]";

fn options() -> Result<(Option<PathBuf>, NaiveDate), String> {
    let (mut data, mut as_of) = (None, chrono::Utc::now().date_naive());
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
            _ => {
                return Err(format!(
                    "unknown argument `{}`; {USAGE}",
                    arg.to_string_lossy()
                ));
            }
        }
    }
    Ok((data, as_of))
}

fn load(data: Option<PathBuf>) -> Result<Cow<'static, Agenda>, String> {
    let Some(path) = data else {
        return union_state::try_dataset()
            .map(Cow::Borrowed)
            .map_err(ToString::to_string);
    };
    let agenda = Agenda::from_json_file(&path).map_err(|e| format!("{}: {e}", path.display()));
    Ok(Cow::Owned(agenda?))
}

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
    match options().and_then(|(data, as_of)| load(data).map(|a| report(&a, as_of))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("who_must_act: {e}");
            ExitCode::from(2)
        }
    }
}
