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

use std::{borrow::Cow, path::PathBuf, process::ExitCode};

use chrono::NaiveDate;
use union_state::Agenda;

const USAGE: &str = "usage: treaty_status [--data FILE] [--as-of YYYY-MM-DD]";

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
    match options().and_then(|(data, as_of)| load(data).map(|a| report(&a, as_of))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("treaty_status: {e}");
            ExitCode::from(2)
        }
    }
}
