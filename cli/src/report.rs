//! `union-state report`: the agenda as one self-contained HTML page.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;
use union_state::{Agenda, ProgrammeId};
use union_state_report::{ReportOptions, render};

/// The arguments of `report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// The file to write instead of standard output (`-`: standard output).
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// The page's title. Default: "Union State agenda".
    #[arg(long, value_name = "TEXT")]
    pub(crate) title: Option<String>,
    /// Also draw the dependency view of this programme (such as `UP16`).
    #[arg(long, value_name = "PROGRAMME")]
    pub(crate) focus: Option<ProgrammeId>,
}

/// Writes the report; exit status 0, or a message.
pub(crate) fn run(agenda: &Agenda, as_of: NaiveDate, args: &ReportArgs) -> Result<u8, String> {
    if let Some(p) = &args.focus {
        if agenda.programme(p).is_none() {
            return Err(format!("unknown programme `{p}` for `--focus`"));
        }
    }
    let options = ReportOptions {
        as_of,
        title: args.title.clone(),
        focus: args.focus.clone(),
    };
    let html = render(agenda, &options);
    match &args.output {
        Some(path) if path.as_os_str() != "-" => std::fs::write(path, html)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?,
        _ => crate::write_stdout(html.as_bytes())?,
    }
    Ok(0)
}
