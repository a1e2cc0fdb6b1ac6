//! `union-state`: every question of the `union-state` crate asked of an
//! agenda file from a shell, as text for people or as stable JSON for
//! programs. See `union-state --help`.

#![forbid(unsafe_code)]

mod args;
mod batch;
mod commands;
mod errors;
mod report;
mod text;

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use serde::Serialize;
use union_state::Agenda;
use union_state::error::LoadError;

use args::{Cli, ColorWhen, Command, Format, ShellArg};
use commands::Outcome;

/// Exit status of a usage error or bad data.
const USAGE: u8 = 2;

/// The JSON envelope every `--format json` answer is printed in.
#[derive(Serialize)]
struct Envelope<'a> {
    as_of: chrono::NaiveDate,
    command: &'a str,
    answer: serde_json::Value,
}

fn main() -> ExitCode {
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let matches = match Cli::command().try_get_matches_from(&raw) {
        Ok(m) => m,
        Err(e) => return errors::clap_error(&e, &raw),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return errors::clap_error(&e, &raw),
    };
    match run(&cli) {
        Ok(status) => ExitCode::from(status),
        Err(message) => {
            errors::report(&message);
            ExitCode::from(USAGE)
        }
    }
}

/// Whether text output is coloured.
fn colour(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// One line for a load error: a build error with many problems gives their
/// count and the first.
fn load_message(e: &LoadError) -> String {
    match e {
        LoadError::Build(b) => match b.problems() {
            [one] => format!("invalid agenda: {one}"),
            [first, ..] => format!(
                "invalid agenda: {} problems; first: {first}",
                b.problems().len()
            ),
            [] => "invalid agenda".to_owned(),
        },
        other => other.to_string(),
    }
}

/// Every problem of a load error, one per entry.
fn load_problems(e: &LoadError, data: Option<&Path>) -> Vec<String> {
    match e {
        LoadError::Build(b) => b.problems().iter().map(ToString::to_string).collect(),
        // A file that cannot be read or parsed is named, as every other
        // command names it.
        other => vec![format!("{}: {other}", source_name(data))],
    }
}

/// Where the agenda comes from, as messages name it.
fn source_name(data: Option<&Path>) -> String {
    match data {
        None => "the shipped dataset".to_owned(),
        Some(p) if p.as_os_str() == "-" => "standard input".to_owned(),
        Some(p) => format!("`{}`", p.display()),
    }
}

/// A load that failed: the shipped dataset's error is static.
enum Failed {
    Shipped(&'static LoadError),
    Loaded(LoadError),
}

impl Failed {
    fn error(&self) -> &LoadError {
        match self {
            Failed::Shipped(e) => e,
            Failed::Loaded(e) => e,
        }
    }
}

/// Loads the agenda `--data` names: the shipped dataset, standard input
/// (`-`) or a file, each within the library's size limit.
fn load(data: Option<&Path>) -> Result<Cow<'static, Agenda>, Failed> {
    match data {
        None => union_state::try_dataset()
            .map(Cow::Borrowed)
            .map_err(Failed::Shipped),
        Some(p) if p.as_os_str() == "-" => Agenda::from_json_reader(std::io::stdin().lock())
            .map(Cow::Owned)
            .map_err(Failed::Loaded),
        Some(p) => Agenda::from_json_file(p)
            .map(Cow::Owned)
            .map_err(Failed::Loaded),
    }
}

/// [`load`], failing with the one-line message that names the source.
fn load_or_say(data: Option<&Path>) -> Result<Cow<'static, Agenda>, String> {
    load(data).map_err(|e| format!("{}: {}", source_name(data), load_message(e.error())))
}

fn run(cli: &Cli) -> Result<u8, String> {
    if let Command::Batch { commands } = &cli.command {
        return batch::run(cli, commands.as_deref());
    }
    answer(cli, None)
}

/// Answers one command: from `loaded` if the agenda is already loaded (by
/// `batch`), else from what `--data` names.
fn answer(cli: &Cli, loaded: Option<&Agenda>) -> Result<u8, String> {
    let name = cli.command.name();
    let as_of = cli
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let format = cli.format.unwrap_or(Format::Text);
    let paint = text::Paint {
        on: format == Format::Text && colour(cli.color),
    };
    let raw = cli.command.writes_own_format();
    if raw && cli.format == Some(Format::Json) {
        let hint = if name == "export" {
            "; use `export json` for the agenda as JSON"
        } else {
            ""
        };
        return Err(format!(
            "`--format json` does not apply to `{name}`, which writes its own format{hint}; see `union-state help {name}`"
        ));
    }
    // Commands that need no agenda.
    match &cli.command {
        Command::Completions { shell } => {
            let mut out = Vec::new();
            let shell = match shell {
                ShellArg::Bash => clap_complete::Shell::Bash,
                ShellArg::Zsh => clap_complete::Shell::Zsh,
                ShellArg::Fish => clap_complete::Shell::Fish,
            };
            clap_complete::generate(shell, &mut Cli::command(), BIN, &mut out);
            if shell == clap_complete::Shell::Bash {
                out = bash_case_labels_mended(&out);
            }
            write_stdout(&out)?;
            return Ok(0);
        }
        Command::Schema => {
            let mut out = serde_json::to_vec_pretty(&union_state::schema::agenda_schema())
                .map_err(|e| format!("cannot write the schema: {e}"))?;
            out.push(b'\n');
            write_stdout(&out)?;
            return Ok(0);
        }
        Command::Man { command } => {
            write_stdout(&title_first(&manual_page(command.as_deref())?))?;
            return Ok(0);
        }
        _ => {}
    }
    let data = cli.data.as_deref();
    if let Command::Validate = cli.command {
        // An agenda already loaded is valid.
        let problems = match loaded {
            Some(_) => Vec::new(),
            None => load(data)
                .err()
                .map_or_else(Vec::new, |e| load_problems(e.error(), data)),
        };
        return commands::validate(&problems, as_of, format);
    }
    let agenda = match loaded {
        Some(agenda) => Cow::Borrowed(agenda),
        None => load_or_say(data)?,
    };
    if let Command::Report(args) = &cli.command {
        return report::run(&agenda, as_of, args);
    }
    match commands::run(&agenda, &cli.command, as_of, paint)? {
        Outcome::Answer { text, json, status } => {
            let out = match format {
                Format::Text => {
                    let mut s = text.join("\n");
                    s.push('\n');
                    s.into_bytes()
                }
                Format::Json => envelope(as_of, name, json),
            };
            write_stdout(&out)?;
            Ok(status)
        }
        Outcome::Export { bytes, output } => {
            match output {
                Some(path) if path.as_os_str() != "-" => std::fs::write(path, &bytes)
                    .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?,
                _ => write_stdout(&bytes)?,
            }
            Ok(0)
        }
    }
}

/// The bash completion script with its case labels spelt as its state
/// variable is. `clap_complete` 4.6 escapes the binary name's `-` as `__`
/// where it sets the variable (`union__state__subcmd__export`) but as
/// `__subcmd__` in the labels it compares it with
/// (`union__subcmd__state__subcmd__export`), so nothing after the first
/// word ever completed (clap-rs/clap issue 6421). A no-op once fixed.
fn bash_case_labels_mended(script: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(script);
    let (said, meant) = (BIN.replace('-', "__subcmd__"), BIN.replace('-', "__"));
    text.replace(&said, &meant).into_bytes()
}

/// The program's name, as completions call it.
const BIN: &str = "union-state";

/// The pretty-printed JSON envelope, ending in a newline.
fn envelope(as_of: chrono::NaiveDate, command: &str, answer: serde_json::Value) -> Vec<u8> {
    let envelope = Envelope {
        as_of,
        command,
        answer,
    };
    let mut out = serde_json::to_vec_pretty(&envelope).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The manual page of the command line, or of one of its commands: the
/// page `union-state-COMMAND(1)` that the main page lists.
fn manual_page(command: Option<&str>) -> Result<Vec<u8>, String> {
    // Built as `clap_mangen`'s `generate_to` builds it, so that a
    // command's page is titled `union-state-COMMAND`, as the main page
    // names it.
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => cli.find_subcommand(name).cloned().ok_or_else(|| {
            format!("unknown command `{name}` for `man`; see `union-state help man`")
        })?,
    };
    let mut out = Vec::new();
    // A command's page carries the program's version, as the main one does.
    let page = page.version(env!("CARGO_PKG_VERSION"));
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|e| format!("cannot render the manual page: {e}"))?;
    Ok(out)
}

/// The manual page with its `.TH` title line first, before the string
/// definitions roff output starts with (they only need to precede their
/// first use).
fn title_first(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut lines: Vec<&str> = text.lines().collect();
    if let Some(i) = lines.iter().position(|l| l.starts_with(".TH ")) {
        let title = lines.remove(i);
        lines.insert(0, title);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out.into_bytes()
}

/// Writes to standard output. A closed pipe (`| head`) is not worth a
/// message; any other failure (a full disk, say) is an error, as writing
/// to `--output` would be.
fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write to standard output: {e}"))
        }
        _ => Ok(()),
    }
}
