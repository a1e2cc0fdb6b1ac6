//! The command line's grammar, declared with clap's derive API.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use union_state::NodeId;
use union_state::query::Slip;

const MAIN_AFTER_HELP: &str = "\
Global options go before or after the command.

Output:
  Text is meant for people: a header on every table, `none` for an empty
  answer, lines of at most 80 columns (wide characters count two; a word
  longer than a line, such as an address, is kept whole). `--format json`
  prints one object, the same bytes for the same input:
    { \"as_of\": \"YYYY-MM-DD\", \"command\": \"NAME\", \"answer\": ANSWER }
  where ANSWER is the library's answer serialised (see the README and the
  docs of `union_state::query`); commitments appear as `{id, title,
  deadline, acting}`. Exports write their own format and refuse
  `--format json` (use `export json`).

Exit status:
  0  answered
  1  `check` found something overdue, in conflict or in deadlock
  2  a usage error or bad data (one line on standard error)

Environment:
  NO_COLOR  when set and not empty, `--color auto` writes no colour

Examples:
  union-state schedule --as-of 2023-01-09
  union-state prerequisites UP16.addendum --format json
  union-state --data my-agenda.json deadlocks
  cat my-agenda.json | union-state check --data -
  union-state help slip";

/// Every question of the `union-state` crate, asked of an agenda file.
///
/// Without `--data` the agenda is the shipped dataset: the 28 Union State
/// programmes Belarus and Russia approved in 2021.
#[derive(Debug, Parser)]
#[command(name = "union-state", version, after_help = MAIN_AFTER_HELP)]
pub(crate) struct Cli {
    /// The agenda to read: a JSON file in the `union-state/2` format (or
    /// the older `union-state/1`), or `-` for standard input. Default: the
    /// shipped dataset.
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) data: Option<PathBuf>,

    /// The date the questions are asked as of, YYYY-MM-DD. Default: today.
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub(crate) as_of: Option<NaiveDate>,

    /// `text` for people, `json` for programs (shape: see `union-state --help`).
    /// Default: text.
    #[arg(long, global = true, value_name = "FORMAT")]
    pub(crate) format: Option<Format>,

    /// Colour in text output: `auto` colours only a terminal and honours
    /// `NO_COLOR`; `always` and `never` force it.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub(crate) color: ColorWhen,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Tables and sentences for people.
    Text,
    /// One JSON object: `as_of`, `command`, `answer`.
    Json,
}

/// When to colour text output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// Only on a terminal, and not when `NO_COLOR` is set.
    Auto,
    /// Always, with ANSI escape codes.
    Always,
    /// Never.
    Never,
}

/// Which dependencies a prerequisites or dependents query follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FollowArg {
    /// *requires* only: what must be done first.
    Requires,
    /// *requires* and *conditional on*: also what a state demands first.
    Conditions,
    /// Every kind, *related* context included.
    All,
}

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportKind {
    /// Graphviz DOT of the dependency graph, coloured by status.
    Dot,
    /// A Mermaid flowchart of the dependency graph.
    Mermaid,
    /// A Mermaid Gantt chart of the deadlines.
    Gantt,
    /// An iCalendar file with one event per deadline.
    Ical,
    /// The agenda itself in the `union-state/2` JSON format.
    Json,
}

/// A shell to complete for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ShellArg {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

/// The id of a commitment (`UP16.addendum`) or of a programme (`UP16`).
#[derive(Debug, Args)]
pub(crate) struct IdArg {
    /// A commitment id (`UP16.addendum`) or a programme id (`UP16`, which
    /// stands for all its commitments).
    #[arg(value_name = "ID")]
    pub(crate) id: NodeId,
}

/// The arguments of prerequisites and dependents.
#[derive(Debug, Args)]
pub(crate) struct RelationArgs {
    /// A commitment id (`UP16.addendum`) or a programme id (`UP16`, which
    /// stands for all its commitments).
    #[arg(value_name = "ID")]
    pub(crate) id: NodeId,
    /// Which dependencies to follow.
    #[arg(long, value_name = "KINDS", default_value = "requires")]
    pub(crate) follow: FollowArg,
    /// Only one dependency away, not the whole chain (follows *requires*
    /// only).
    #[arg(long)]
    pub(crate) direct: bool,
}

/// A slip as written on the command line, kept for the answer's wording.
#[derive(Clone, Debug)]
pub(crate) struct SlipArg {
    pub(crate) text: String,
    pub(crate) slip: Slip,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Programmes counted by integration mode and by sector.
    ///
    /// Programmes counted by integration mode and by sector: what was
    /// agreed, and how deep.
    #[command(after_help = "Example:\n  union-state counts\n  union-state counts --format json")]
    Counts,

    /// What must happen before ID.
    ///
    /// Every commitment that must be done before ID can be, ordered by
    /// deadline (undated last), then id.
    #[command(after_help = "\
Examples:
  union-state prerequisites UP16.addendum
  union-state prerequisites UP16 --follow conditions
  union-state prerequisites UP16.addendum --direct --format json")]
    Prerequisites(RelationArgs),

    /// What waits on ID.
    ///
    /// Every commitment that cannot be done before ID is, ordered by
    /// deadline, then id.
    #[command(after_help = "\
Examples:
  union-state dependents UP16.principles
  union-state dependents UP12 --follow all")]
    Dependents(RelationArgs),

    /// Why ID is blocked: its unfinished prerequisites.
    ///
    /// Why ID cannot be completed yet as of `--as-of`: every unfinished
    /// prerequisite, with what each of them still waits on.
    #[command(after_help = "Example:\n  union-state why-blocked UP16.addendum --as-of 2023-01-09")]
    WhyBlocked(IdArg),

    /// What ID unblocks once it is done.
    ///
    /// What becomes possible once ID is done: its unfinished direct
    /// dependents whose every other prerequisite is finished.
    #[command(
        after_help = "Example:\n  union-state ready-if-done UP16.principles --as-of 2023-01-09"
    )]
    ReadyIfDone(IdArg),

    /// Every commitment in a dependency-respecting order.
    ///
    /// Every commitment in an order that respects each *requires*
    /// dependency and is otherwise earliest-effective-deadline-first (a
    /// commitment's effective deadline is the earliest among its own and
    /// those of everything that requires it).
    #[command(after_help = "Example:\n  union-state schedule --format json")]
    Schedule,

    /// Waves of work that can proceed in parallel.
    ///
    /// Waves of commitments that can proceed in parallel: wave 1 waits on
    /// nothing unfinished, wave k on wave k - 1 at most. Commitments done
    /// or dropped by `--as-of` are left out (unless `--all`).
    #[command(
        after_help = "Example:\n  union-state waves --as-of 2023-01-09\n  union-state waves --all"
    )]
    Waves {
        /// Place every commitment, finished or not, ignoring `--as-of`.
        #[arg(long)]
        all: bool,
    },

    /// Commitments due between FROM and TO.
    ///
    /// Commitments whose deadline's last allowed day falls between FROM and
    /// TO, both included, whatever their status.
    #[command(after_help = "Example:\n  union-state due 2023-01-01 2023-12-31")]
    Due {
        /// The first day, YYYY-MM-DD.
        #[arg(value_name = "FROM", value_parser = parse_date)]
        from: NaiveDate,
        /// The last day, YYYY-MM-DD (not before FROM).
        #[arg(value_name = "TO", value_parser = parse_date)]
        to: NaiveDate,
    },

    /// Commitments overdue as of `--as-of`.
    ///
    /// Commitments not done nor dropped whose deadline had passed by
    /// `--as-of`.
    #[command(after_help = "Example:\n  union-state overdue --as-of 2023-01-09")]
    Overdue,

    /// Deadlines that cannot all be met.
    ///
    /// Deadlines that cannot all be met: prerequisites due after their
    /// dependents, deadlines before the instrument that sets them, and the
    /// latest date each commitment can be done without making a dependent
    /// late.
    #[command(
        after_help = "Example:\n  union-state conflicts\n  union-state conflicts --format json"
    )]
    Conflicts,

    /// Where the sides block each other.
    ///
    /// Where the sides block each other: cycles of conditions states
    /// demand, with the fewest conditions to drop to break each.
    #[command(
        after_help = "Example:\n  union-state deadlocks\n  union-state --data examples/data/minimal.json deadlocks"
    )]
    Deadlocks,

    /// What fixes the earliest completion of ID.
    ///
    /// The chain of prerequisites that fixes ID's earliest completion, with
    /// each step's slack.
    #[command(after_help = "Example:\n  union-state critical-path UP16.addendum")]
    CriticalPath(IdArg),

    /// What a slip of ID breaks downstream.
    ///
    /// What a slip of ID's deadline breaks downstream: the commitments that
    /// can no longer meet theirs.
    #[command(after_help = "\
BY is a whole number and a unit: `m` for months, `d` for days; negative
values move the deadline earlier.

Examples:
  union-state slip UP16.principles 6m
  union-state slip UP16.principles -2m
  union-state slip UP16 45d --format json")]
    Slip {
        /// A commitment or programme id.
        #[arg(value_name = "ID")]
        id: NodeId,
        /// How far: `6m`, `-2m`, `45d`.
        #[arg(value_name = "BY", allow_hyphen_values = true, value_parser = parse_slip)]
        by: SlipArg,
    },

    /// The status of a commitment or programme as of `--as-of`.
    ///
    /// The status of ID as of `--as-of`: a commitment's status and the
    /// events that set it; a programme's commitments with their statuses.
    #[command(
        after_help = "Example:\n  union-state status UP16.principles --as-of 2023-01-09\n  union-state status UP16"
    )]
    Status(IdArg),

    /// Has integration happened? Progress as of `--as-of`.
    ///
    /// Has integration happened? Commitments due and done as of `--as-of`:
    /// overall, by programme, sector, mode and acting state, the programmes
    /// completely done, and the depth promised against delivered.
    #[command(after_help = "Example:\n  union-state progress --as-of 2023-01-09")]
    Progress,

    /// What each state must do and is expected to gain.
    ///
    /// For every state: the commitments it must carry out (alone, each
    /// separately, jointly) and what it is expected to gain.
    #[command(after_help = "Example:\n  union-state obligations")]
    Obligations,

    /// Integration depth promised against delivered.
    ///
    /// Integration depth promised against delivered as of `--as-of`,
    /// overall, by sector and by state (ranks 1, convergence, to 7, common
    /// market).
    #[command(after_help = "Example:\n  union-state depth --as-of 2023-01-09")]
    Depth,

    /// Deadlines that were moved, and how far.
    ///
    /// The commitments whose deadline was moved, each move with the decision
    /// behind it, and how far each deadline drifted.
    #[command(after_help = "Example:\n  union-state drift")]
    Drift,

    /// Official progress claims beside the data.
    ///
    /// Every official progress claim beside what the data shows on the
    /// claim's date.
    #[command(after_help = "Example:\n  union-state claims")]
    Claims,

    /// Check for scripts: exit status 1 if anything is overdue, in conflict or in deadlock.
    ///
    /// A check for scripts: lists what is overdue as of `--as-of`, every
    /// deadline conflict and every deadlock. Exit status 1 when anything is
    /// found, 0 when nothing is, 2 on a usage error or bad data.
    #[command(
        after_help = "Example:\n  union-state check --data my-agenda.json --as-of 2023-01-09 || echo \"needs attention\""
    )]
    Check,

    /// Load the agenda and report every problem.
    ///
    /// Loads the agenda and reports every problem, one per line on standard
    /// output. Exit status 0 when it is valid, 2 when it is not.
    #[command(after_help = "Example:\n  union-state validate --data my-agenda.json")]
    Validate,

    /// Write the agenda as DOT, Mermaid, Gantt, iCalendar or JSON.
    ///
    /// Writes the agenda as a picture, a calendar or JSON, to standard
    /// output or to `--output`. Statuses and colours are as of `--as-of`.
    /// `--format` does not apply.
    #[command(after_help = "\
Examples:
  union-state export dot --as-of 2025-01-01 | dot -Tsvg > graph.svg
  union-state export ical --output deadlines.ics
  union-state export json --data my-agenda.json")]
    Export {
        /// What to write.
        #[arg(value_name = "WHAT")]
        what: ExportKind,
        /// The file to write instead of standard output (`-`: standard output).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },

    /// Write the agenda as one self-contained HTML page.
    ///
    /// Writes one offline HTML page, to standard output or to `--output`:
    /// the headline answer as of `--as-of`, progress over time against the
    /// official claims, the programmes, deadlines, dependencies, deadlocks
    /// and conflicts. `--format` does not apply.
    #[command(
        after_help = "Example:\n  union-state report --as-of 2026-12-01 --output report.html"
    )]
    Report(crate::report::ReportArgs),

    /// Answer many commands from one load of the agenda.
    ///
    /// Reads commands from FILE (standard input if none, or `-`), one per
    /// line, each written as after `union-state` (`progress --as-of
    /// 2023-01-09`, `prerequisites UP16.addendum --format json`), and
    /// answers them in order from one load of `--data`: a large agenda is
    /// read and checked once, not once per command. Words are split at
    /// white space; '...' or "..." keeps one together. Empty lines and
    /// lines starting with `#` are skipped. Each answer is written as the
    /// command alone writes it. The `--as-of`, `--format` and `--color`
    /// given to `batch` are each line's default (`--format` only where it
    /// applies); a line may give its own, but not `--data`. A line that fails gives one line on standard error
    /// naming its number, and the next lines still run. Exit status: the
    /// highest of the lines' (2 if any line failed).
    #[command(after_help = "\
Example:
  printf 'progress\\noverdue --format json\\n' | union-state batch --data big-agenda.json --as-of 2024-01-01")]
    Batch {
        /// The file of commands, one per line; `-` for standard input.
        #[arg(value_name = "FILE")]
        commands: Option<PathBuf>,
    },

    /// Print a shell completion script.
    ///
    /// Prints a completion script for a shell.
    #[command(after_help = "\
Examples:
  union-state completions bash > ~/.local/share/bash-completion/completions/union-state
  union-state completions zsh > ~/.zfunc/_union-state
  union-state completions fish > ~/.config/fish/completions/union-state.fish")]
    Completions {
        /// The shell.
        #[arg(value_name = "SHELL")]
        shell: ShellArg,
    },

    /// Print the JSON Schema of the agenda format.
    ///
    /// Prints the JSON Schema (draft 2020-12) of the agenda file format,
    /// generated from the library's types: point an editor at it to check
    /// and complete agenda files as you type. It is the same as the
    /// repository's data/agenda.schema.json.
    #[command(after_help = "Example:\n  union-state schema > agenda.schema.json")]
    Schema,

    /// Print the manual page, or a command's.
    ///
    /// Prints the manual page (roff): union-state(1), or with COMMAND the
    /// page union-state-COMMAND(1) that the main page lists, with the
    /// command's own arguments and options.
    #[command(after_help = "Examples:
  union-state man > union-state.1 && man ./union-state.1
  union-state man export > union-state-export.1")]
    Man {
        /// The command whose page to print; none: the main page.
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
}

impl Command {
    /// Whether the command writes its own format, to which `--format` does
    /// not apply.
    pub(crate) fn writes_own_format(&self) -> bool {
        matches!(
            self,
            Command::Export { .. }
                | Command::Report(_)
                | Command::Completions { .. }
                | Command::Man { .. }
                | Command::Schema
        )
    }

    /// The command's name, as typed.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Command::Counts => "counts",
            Command::Prerequisites(_) => "prerequisites",
            Command::Dependents(_) => "dependents",
            Command::WhyBlocked(_) => "why-blocked",
            Command::ReadyIfDone(_) => "ready-if-done",
            Command::Schedule => "schedule",
            Command::Waves { .. } => "waves",
            Command::Due { .. } => "due",
            Command::Overdue => "overdue",
            Command::Conflicts => "conflicts",
            Command::Deadlocks => "deadlocks",
            Command::CriticalPath(_) => "critical-path",
            Command::Slip { .. } => "slip",
            Command::Status(_) => "status",
            Command::Progress => "progress",
            Command::Obligations => "obligations",
            Command::Depth => "depth",
            Command::Drift => "drift",
            Command::Claims => "claims",
            Command::Check => "check",
            Command::Validate => "validate",
            Command::Export { .. } => "export",
            Command::Report(_) => "report",
            Command::Batch { .. } => "batch",
            Command::Completions { .. } => "completions",
            Command::Man { .. } => "man",
            Command::Schema => "schema",
        }
    }
}

/// A calendar date, YYYY-MM-DD.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    text.parse()
        .map_err(|_| "expected a real date, YYYY-MM-DD".to_owned())
}

/// A slip such as `6m`, `-2m` or `45d`: a whole number (months fit in an
/// `i32`, days in an `i64`) and a one-letter unit. The unit is the last
/// character, not the last byte, so any text is refused cleanly.
pub(crate) fn parse_slip(text: &str) -> Result<SlipArg, String> {
    let bad =
        || "expected a whole number of months or days, such as `6m`, `-2m` or `45d`".to_owned();
    let mut chars = text.chars();
    let unit = chars.next_back().ok_or_else(bad)?;
    let n: i64 = chars.as_str().parse().map_err(|_| bad())?;
    let slip = match unit {
        'm' => Slip::Months(i32::try_from(n).map_err(|_| bad())?),
        'd' => Slip::Days(n),
        _ => return Err(bad()),
    };
    Ok(SlipArg {
        text: text.to_owned(),
        slip,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slip_units_are_characters_not_bytes() {
        assert_eq!(parse_slip("6m").map(|s| s.slip), Ok(Slip::Months(6)));
        assert_eq!(parse_slip("-45d").map(|s| s.slip), Ok(Slip::Days(-45)));
        assert_eq!(parse_slip("+3d").map(|s| s.slip), Ok(Slip::Days(3)));
        for bad in [
            "6é",
            "é",
            "",
            "m",
            "6",
            "6mm",
            "6M",
            "2147483648m",
            "\u{0666}m",
        ] {
            assert!(parse_slip(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_grammar_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
