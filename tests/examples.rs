//! Runs every example program on the small agenda files under
//! `examples/data/` at fixed dates, and checks key lines of what it prints
//! against answers worked out by hand from those files; and that each one
//! refuses an unknown argument with exit status 2 and one line on stderr.
//!
//! The example binaries are built by `cargo test` (all targets); this test
//! finds them next to its own executable, in `target/debug/examples/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLES: [&str; 7] = [
    "deadlock_2019",
    "prerequisites",
    "progress",
    "treaty_status",
    "union_state",
    "what_if",
    "who_must_act",
];

fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test's own path");
    let debug = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/debug above target/debug/deps");
    let path = debug
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "example binary {} is missing: run `cargo test` (which builds the examples) first",
        path.display()
    );
    path
}

fn run(name: &str, args: &[&str]) -> Output {
    Command::new(binary(name))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the example runs")
}

/// Stdout of a run that must succeed.
fn answer(name: &str, args: &[&str]) -> String {
    let out = run(name, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{name} {args:?} failed: {stderr}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Asserts that each of `lines` is a whole line of `out`.
fn has(out: &str, lines: &[&str]) {
    for line in lines {
        assert!(
            out.lines().any(|l| l == *line),
            "missing line {line:?} in:\n{out}"
        );
    }
}

const MINIMAL: &str = "examples/data/minimal.json";
const THREE: &str = "examples/data/three-states.json";

#[test]
fn every_example_refuses_an_unknown_argument_with_one_line() {
    for name in EXAMPLES {
        let out = run(name, &["--data", MINIMAL, "--no-such-option"]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty(), "{name} printed an answer");
        let stderr = String::from_utf8(out.stderr).expect("UTF-8");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        let want = format!("{name}: unknown argument `--no-such-option`; usage: {name} ");
        assert!(stderr.starts_with(&want), "{name}: {stderr}");
    }
}

#[test]
fn a_bad_date_or_a_missing_file_is_refused_with_exit_2() {
    let out = run("progress", &["--as-of", "2023-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        stderr.starts_with("progress: invalid `--as-of` `2023-13-01`"),
        "{stderr}"
    );
    let out = run(
        "union_state",
        &["--data", "examples/data/no-such-file.json"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        stderr.starts_with("union_state: examples/data/no-such-file.json: "),
        "{stderr}"
    );
}

#[test]
fn union_state_tours_the_minimal_agenda() {
    let out = answer("union_state", &["--data", MINIMAL, "--as-of", "2023-01-09"]);
    has(
        &out,
        &[
            "What was agreed: 2 programmes, 3 commitments",
            "  common policies, rules, principles  1  TAX",
            "  common market                       1  GAS",
            // GAS is the deepest programme; its addendum requires its principles.
            "Before GAS (Unified gas market) is complete: 1",
            "Due next, from 2023-01-09: 1",
            // Principles due July 2022, delayed; TAX.law due 1 Jan 2023, done by RU only.
            "Overdue as of 2023-01-09: 2",
            "  2021-2023: 2023-01-09: claimed 66%; data: 0% of 3 done",
            "Programmes with every commitment done as of 2023-01-09: 0 of 2",
        ],
    );
    assert!(out.contains("  2022-07    GAS.principles              delayed"));
    assert!(out.contains("  2023-01-01 TAX.law                     in_progress"));
}

#[test]
fn union_state_sets_each_period_latest_claim_beside_the_data() {
    let out = answer("union_state", &["--data", THREE, "--as-of", "2025-07-01"]);
    has(
        &out,
        &[
            // 1 of 7 done at the end of 2023: the customs treaty, in force 1 Jun 2023.
            "  2021-2023: 2023-12: claimed about 40%; data: 14% of 7 done",
            // TRN: signed, not ratified by BY, tariffs open: 1 of 3.
            "  2024-2026: 2025-06 about programme `TRN`: claimed 66%; data: 33% of 3 done",
            "Programmes with every commitment done as of 2025-07-01: 1 of 3",
            "  CUS",
            "Overdue as of 2025-07-01: 1",
        ],
    );
}

#[test]
fn progress_sets_every_claim_beside_the_data_period_by_period() {
    let out = answer("progress", &["--data", THREE, "--as-of", "2025-07-01"]);
    has(
        &out,
        &[
            "2021-2023: claims, with the data's share of commitments done then",
            "  2023-12      14%     0  about 40%, about 4 of 10 measures",
            "  On 2023-12-31 the data: 1 of 7 done (14%), programmes done: 0",
            "2024-2026: claims, with the data's share of commitments done then",
            // Treaty, rules and signature done; KZ ratified in February only.
            "  2025-03-01   43%     0  more than 50%",
            "  2025-06      33%     0  66%, programmes done: 1, about programme `TRN`",
            // KZ aligned its customs law on 20 May 2025: CUS complete.
            "  On 2025-07-01 the data: 4 of 7 done (57%), programmes done: 1",
            "Programmes with every commitment done as of 2025-07-01: 1 of 3",
            "  CUS",
            "Overdue as of 2025-07-01: 1",
            "  2025-06    TRN.ratify                  in_progress",
        ],
    );
    let out = answer("progress", &["--data", MINIMAL, "--as-of", "2023-01-09"]);
    has(
        &out,
        &[
            "  2023-01-09    0%     0  66%",
            "  On 2023-01-09 the data: 0 of 3 done (0%), programmes done: 0",
            "Overdue as of 2023-01-09: 2",
        ],
    );
    assert!(!out.contains("2024-2026"), "no claim of that period: {out}");
}

#[test]
fn prerequisites_lists_what_comes_first_and_what_states_demand() {
    let out = answer(
        "prerequisites",
        &["--data", MINIMAL, "GAS.addendum", "--as-of", "2023-01-09"],
    );
    has(
        &out,
        &[
            "Before GAS.addendum can be done (as of 2023-01-09): 1",
            "Also demanded first by a state (conditions): 1",
            "Still open on 2023-01-09: 2 of 2",
        ],
    );
    let out = answer(
        "prerequisites",
        &["--data", THREE, "TRN.tariffs", "--as-of", "2025-03-01"],
    );
    has(
        &out,
        &[
            "Before TRN.tariffs can be done (as of 2025-03-01): 2",
            "Also demanded first by a state (conditions): 1",
            "Still open on 2025-03-01: 2 of 3",
        ],
    );
    assert!(out.contains("  2024-12    TRN.sign                    done"));
    assert!(out.contains("  2026-06    BUD.duties                  planned"));
}

#[test]
fn deadlock_2019_finds_the_mutual_conditions() {
    let out = answer("deadlock_2019", &["--data", MINIMAL]);
    has(
        &out,
        &[
            "Deadlock 1 (mutual), demanded by BY, RU",
            "     1. BY demands GAS before TAX.law",
            "        RU demands TAX before GAS.addendum",
            "  fewest conditions to drop to break it (exact): 1",
        ],
    );
    let out = answer("deadlock_2019", &["--data", THREE]);
    has(
        &out,
        &[
            "Deadlocks: 1",
            "Deadlock 1 (mutual), demanded by BY, KZ, RU",
            "     1. BY and KZ demand BUD.duties before TRN.tariffs",
            "        RU demands TRN.tariffs before BUD.duties",
        ],
    );
}

#[test]
fn what_if_reports_the_deadlines_a_slip_breaks() {
    // 31 Jul 2022 + 17 months = 31 Dec 2023, 30 days past 1 Dec 2023.
    let out = answer("what_if", &["--data", MINIMAL, "GAS.principles", "17"]);
    has(
        &out,
        &[
            "  GAS.principles              due 2022-07    slack 488 days",
            "  GAS.addendum                due 2023-12-01 earliest 2023-12-31 (30 days late)",
        ],
    );
    // 16 months: 30 Nov 2023, still in time.
    let out = answer("what_if", &["--data", MINIMAL, "GAS.principles", "16"]);
    has(&out, &["  every downstream deadline can still be met"]);
    // 31 Dec 2024 + 7 months = 31 Jul 2025: the ratification (June 2025) is late.
    let out = answer("what_if", &["--data", THREE, "TRN.sign", "7"]);
    has(
        &out,
        &["  TRN.ratify                  due 2025-06    earliest 2025-07-31 (31 days late)"],
    );
}

#[test]
fn who_must_act_counts_only_the_states_bound_on_the_date() {
    // KZ joined in March 2024.
    let out = answer("who_must_act", &["--data", THREE, "--as-of", "2024-01-15"]);
    has(
        &out,
        &[
            "Who must act, as of 2024-01-15: 2 states bound",
            "BY (Republic of Belarus): 0 alone, 3 each separately, 3 jointly",
            "  its parts: 2 done, 4 planned",
        ],
    );
    assert!(!out.contains("KZ ("), "{out}");
    let out = answer("who_must_act", &["--data", THREE, "--as-of", "2025-01-15"]);
    has(
        &out,
        &[
            "KZ (Republic of Kazakhstan): 0 alone, 3 each separately, 2 jointly",
            "  its parts: 1 done, 1 in_progress, 3 planned",
            "    2024-12    CUS.law                     in_progress",
            "RU (Russian Federation): 0 alone, 3 each separately, 3 jointly",
            "  its parts: 3 done, 3 planned",
            "Institution customs-committee: 1 of 1 of its commitments done",
        ],
    );
    let out = answer(
        "who_must_act",
        &["--data", MINIMAL, "--as-of", "2023-01-09"],
    );
    has(
        &out,
        &[
            "BY (Republic of Belarus): 0 alone, 1 each separately, 2 jointly",
            "  its parts: 1 delayed, 2 planned",
            "  its parts: 1 done, 1 delayed, 1 planned",
        ],
    );
}

#[test]
fn treaty_status_reads_each_treaty_stage_on_the_date() {
    let out = answer("treaty_status", &["--data", THREE, "--as-of", "2024-06-01"]);
    has(
        &out,
        &[
            "Treaties between states, as of 2024-06-01: 2",
            "  in force",
            "  signed by BY and RU, not ratified, not in force",
        ],
    );
    // KZ's approval is dated February 2025: it counts from the 28th.
    let out = answer("treaty_status", &["--data", THREE, "--as-of", "2025-02-27"]);
    has(&out, &["  signed, not ratified, not in force"]);
    let out = answer("treaty_status", &["--data", THREE, "--as-of", "2025-03-01"]);
    has(
        &out,
        &[
            "  signed, ratified by KZ only, not in force",
            "  TRN.ratify                  ratified  in_progress",
            "  TRN.sign                    signed    done",
        ],
    );
    let out = answer(
        "treaty_status",
        &["--data", MINIMAL, "--as-of", "2023-01-09"],
    );
    has(&out, &["Treaties between states, as of 2023-01-09: 0"]);
}
