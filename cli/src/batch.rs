//! `union-state batch`: many commands answered from one load of the agenda.

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;

use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};
use union_state::Agenda;

use crate::args::{Cli, Command};
use crate::{USAGE, answer, errors, load_or_say, write_stdout};

/// The longest file of commands read, in bytes.
const MAX_COMMANDS_BYTES: u64 = 16 << 20;

/// Runs every command of `commands` (a file, or standard input for `None`
/// or `-`) against one load of the agenda `cli` names. Returns the highest
/// exit status of the lines.
pub(crate) fn run(cli: &Cli, commands: Option<&Path>) -> Result<u8, String> {
    let from_stdin = commands.is_none_or(|p| p.as_os_str() == "-");
    if from_stdin && cli.data.as_deref().is_some_and(|p| p.as_os_str() == "-") {
        return Err(
            "`batch` reads its commands from standard input, so `--data` cannot be `-` too; give the agenda or the commands as a file"
                .to_owned(),
        );
    }
    let text = read_commands(commands)?;
    let agenda = load_or_say(cli.data.as_deref())?;
    let mut status = 0;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match one(cli, &agenda, line) {
            Ok(s) => status = status.max(s),
            Err(message) => {
                errors::report(&format!("line {}: {message}", index + 1));
                status = status.max(USAGE);
            }
        }
    }
    Ok(status)
}

/// The text of the file of commands.
fn read_commands(commands: Option<&Path>) -> Result<String, String> {
    let mut bytes = Vec::new();
    let (read, name) = match commands.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let file = std::fs::File::open(path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            (
                file.take(MAX_COMMANDS_BYTES + 1).read_to_end(&mut bytes),
                format!("`{}`", path.display()),
            )
        }
        None => (
            std::io::stdin()
                .lock()
                .take(MAX_COMMANDS_BYTES + 1)
                .read_to_end(&mut bytes),
            "standard input".to_owned(),
        ),
    };
    read.map_err(|e| format!("cannot read the commands from {name}: {e}"))?;
    if bytes.len() as u64 > MAX_COMMANDS_BYTES {
        return Err(format!(
            "the commands on {name} are above the limit of {MAX_COMMANDS_BYTES} bytes"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the commands on {name} are not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Answers one line of commands.
fn one(batch: &Cli, agenda: &Agenda, line: &str) -> Result<u8, String> {
    let mut raw: Vec<OsString> = vec!["union-state".into()];
    raw.extend(words(line)?.into_iter().map(OsString::from));
    let matches = match Cli::command().try_get_matches_from(&raw) {
        Ok(m) => m,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            write_stdout(e.render().to_string().as_bytes())?;
            return Ok(0);
        }
        Err(e) => return Err(errors::usage_message(&e, &raw)),
    };
    let mut cli = Cli::from_arg_matches(&matches).map_err(|e| errors::usage_message(&e, &raw))?;
    if cli.data.is_some() {
        return Err("`--data` is given once, to `batch`, not on a line".to_owned());
    }
    if let Command::Batch { .. } = cli.command {
        return Err("`batch` cannot run inside `batch`".to_owned());
    }
    cli.as_of = cli.as_of.or(batch.as_of);
    if !cli.command.writes_own_format() {
        cli.format = cli.format.or(batch.format);
    }
    if matches.value_source("color") != Some(ValueSource::CommandLine) {
        cli.color = batch.color;
    }
    answer(&cli, Some(agenda))
}

/// The words of a line: split at white space, with '...' or "..." keeping
/// what is inside one word (quotes of the other kind included).
fn words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            None => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if let Some(q) = quote {
        return Err(format!("the quote `{q}` is not closed"));
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_split_at_white_space_and_quotes_keep_one_together() {
        assert_eq!(
            words("  progress   --as-of 2023-01-09 ").unwrap(),
            ["progress", "--as-of", "2023-01-09"]
        );
        assert_eq!(
            words(r#"status "a b" 'c "d"' e''f"#).unwrap(),
            ["status", "a b", r#"c "d""#, "ef"]
        );
        assert_eq!(words("x ''").unwrap(), ["x", ""]);
        assert_eq!(words("").unwrap(), Vec::<String>::new());
        assert_eq!(
            words("status 'open").unwrap_err(),
            "the quote `'` is not closed"
        );
    }
}
