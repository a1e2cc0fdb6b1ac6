//! What the examples share: reading `--data FILE` and `--as-of YYYY-MM-DD`,
//! and loading the agenda they name. Not an example itself (cargo runs
//! only the files directly in `examples/`).

use std::{borrow::Cow, path::PathBuf};

use chrono::NaiveDate;
use union_state::Agenda;

/// `--data FILE` (default: none, the shipped dataset) and `--as-of
/// YYYY-MM-DD` (default: today), the only arguments allowed; an error names
/// the argument and ends with `usage`.
#[allow(dead_code)] // the examples that take other arguments read their own
pub(crate) fn options(usage: &str) -> Result<(Option<PathBuf>, NaiveDate), String> {
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
                    .map_err(|_| format!("invalid `--as-of` `{v}`; {usage}"))?;
            }
            _ => {
                return Err(format!(
                    "unknown argument `{}`; {usage}",
                    arg.to_string_lossy()
                ));
            }
        }
    }
    Ok((data, as_of))
}

/// The agenda in `data`, or the shipped dataset; an error names the file.
pub(crate) fn load(data: Option<PathBuf>) -> Result<Cow<'static, Agenda>, String> {
    let Some(path) = data else {
        return union_state::try_dataset()
            .map(Cow::Borrowed)
            .map_err(ToString::to_string);
    };
    let agenda = Agenda::from_json_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Cow::Owned(agenda))
}
