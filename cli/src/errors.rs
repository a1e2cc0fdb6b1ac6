//! Messages on standard error: one line each, at most [`MAX_BYTES`] bytes,
//! values in backticks, control characters escaped.

use std::error::Error as _;
use std::ffi::OsString;
use std::process::ExitCode;

use clap::CommandFactory;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::args::Cli;

/// The longest message written, in bytes.
pub(crate) const MAX_BYTES: usize = 300;

/// A message made safe for one line: control characters escaped, cut to
/// [`MAX_BYTES`] bytes (on a character boundary, ending in `…`).
pub(crate) fn one_line(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(MAX_BYTES));
    for c in message.chars() {
        let before = out.len();
        crate::text::push_plain(&mut out, c);
        if out.len() > MAX_BYTES - '…'.len_utf8() {
            out.truncate(before);
            out.push('…');
            break;
        }
    }
    out
}

/// Writes `union-state: MESSAGE` on one line of standard error.
pub(crate) fn report(message: &str) {
    eprintln!("{}", one_line(&format!("union-state: {message}")));
}

fn value(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(
            v.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `` `x` `` unless the value is already a backticked list.
fn quoted(v: &str) -> String {
    if v.starts_with('`') {
        v.to_owned()
    } else {
        format!("`{v}`")
    }
}

/// The subcommand the arguments name, if any: the first argument that is a
/// command's name.
fn subcommand(raw: &[OsString]) -> Option<String> {
    let cli = Cli::command();
    raw.iter().skip(1).filter_map(|a| a.to_str()).find_map(|a| {
        cli.get_subcommands()
            .find(|s| s.get_name() == a && a != "help")
            .map(|s| s.get_name().to_owned())
    })
}

/// The position (1-based) and lossy text of the first argument that is not
/// UTF-8, file names (the values of `--data` and `--output`) aside.
fn not_utf8(raw: &[OsString]) -> Option<(usize, String)> {
    let mut path_next = false;
    for (i, a) in raw.iter().enumerate().skip(1) {
        let is_path = std::mem::take(&mut path_next);
        match a.to_str() {
            Some("--data" | "--output" | "-o") => path_next = true,
            Some(_) => {}
            None if is_path => {}
            None => {
                let lossy = a.to_string_lossy();
                if ["--data=", "--output=", "-o"]
                    .iter()
                    .any(|p| lossy.starts_with(p))
                {
                    continue;
                }
                return Some((i, lossy.into_owned()));
            }
        }
    }
    None
}

/// Handles a clap error: help and version on standard output with status 0,
/// every other error as one line on standard error with status 2.
pub(crate) fn clap_error(e: &clap::Error, raw: &[OsString]) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    report(&usage_message(e, raw));
    ExitCode::from(crate::USAGE)
}

/// The one-line message for a usage error, ending with where to read more.
pub(crate) fn usage_message(e: &clap::Error, raw: &[OsString]) -> String {
    // An argument that is not UTF-8 is the fault, whatever clap made of it
    // (a command name, a value).
    if let Some((i, text)) = not_utf8(raw) {
        let hint = subcommand(raw).map_or_else(
            || "; see `union-state --help`".to_owned(),
            |cmd| format!("; see `union-state help {cmd}`"),
        );
        return format!("argument #{i} `{text}` is not valid UTF-8{hint}");
    }
    let arg = value(e, ContextKind::InvalidArg);
    let what = match e.kind() {
        ErrorKind::InvalidValue => {
            let given = value(e, ContextKind::InvalidValue).unwrap_or_default();
            let valid = value(e, ContextKind::ValidValue).filter(|v| !v.is_empty());
            let arg = quoted(&arg.unwrap_or_default());
            // Clap reports an option given no value (or an empty one) as
            // an invalid empty value.
            match (given.is_empty(), valid) {
                (true, Some(v)) => format!("{arg} needs a value: one of {v}"),
                (true, None) => format!("{arg} needs a value"),
                (false, Some(v)) => {
                    format!("invalid value `{given}` for {arg}: expected one of {v}")
                }
                (false, None) => format!("invalid value `{given}` for {arg}"),
            }
        }
        ErrorKind::ValueValidation => {
            let given = value(e, ContextKind::InvalidValue).unwrap_or_default();
            let why = e.source().map(|s| format!(": {s}")).unwrap_or_default();
            format!(
                "invalid value `{given}` for {}{why}",
                quoted(&arg.unwrap_or_default())
            )
        }
        ErrorKind::UnknownArgument => {
            let hint = value(e, ContextKind::SuggestedArg)
                .map(|s| format!(" (did you mean {}?)", quoted(&s)))
                .unwrap_or_default();
            format!(
                "unexpected argument {}{hint}",
                quoted(&arg.unwrap_or_default())
            )
        }
        ErrorKind::InvalidSubcommand => {
            let given = value(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            let hint = value(e, ContextKind::SuggestedSubcommand)
                .map(|s| format!(" (did you mean {}?)", quoted(&s)))
                .unwrap_or_default();
            format!("unknown command `{given}`{hint}")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("missing {}", quoted(&arg.unwrap_or_default()))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            match subcommand(raw) {
                Some(cmd) => format!("`{cmd}` needs more arguments"),
                None => "missing command".to_owned(),
            }
        }
        ErrorKind::ArgumentConflict => {
            let prior = value(e, ContextKind::PriorArg).unwrap_or_default();
            format!(
                "{} cannot be used with {}",
                quoted(&arg.unwrap_or_default()),
                quoted(&prior)
            )
        }
        ErrorKind::InvalidUtf8 => "an argument is not valid UTF-8".to_owned(),
        ErrorKind::NoEquals => format!("{} needs `=VALUE`", quoted(&arg.unwrap_or_default())),
        other => {
            let kind = other.as_str().unwrap_or("invalid arguments").to_lowercase();
            match arg {
                Some(a) => format!("{kind}: {}", quoted(&a)),
                None => kind,
            }
        }
    };
    let hint = match subcommand(raw) {
        Some(cmd) => format!("; see `union-state help {cmd}`"),
        None => "; see `union-state --help`".to_owned(),
    };
    format!("{what}{hint}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_stay_on_one_short_line() {
        assert_eq!(one_line("a\nb\tc"), "a\\nb\\tc");
        let long = one_line(&"é".repeat(400));
        assert!(long.len() <= MAX_BYTES, "{}", long.len());
        assert!(long.ends_with('…'));
    }
}
