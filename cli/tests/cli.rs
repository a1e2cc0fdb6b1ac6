//! The `union-state` command run as a process: every subcommand in text and
//! JSON, exit statuses, standard input, `--output`, colour, completions, the
//! manual page, and golden output for the shipped dataset as of 2023-01-09
//! (regenerate with `UPDATE_GOLDEN=1 cargo test -p union-state-cli`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use union_state::export::{DotOptions, FlowchartOptions, GanttOptions, IcalOptions};
use union_state::query::CommitmentRef;

const AS_OF: &str = "2023-01-09";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn minimal() -> PathBuf {
    root().join("examples/data/minimal.json")
}

fn bad(name: &str) -> PathBuf {
    root().join("tests/bad").join(name)
}

/// The command, with no colour preference from the environment.
fn cmd() -> Command {
    let mut c = Command::cargo_bin("union-state").unwrap();
    c.env_remove("NO_COLOR");
    c
}

/// The command as a standard library process, for what needs its own
/// standard output.
fn std_cmd() -> std::process::Command {
    let mut c = std::process::Command::new(cmd().get_program());
    c.env_remove("NO_COLOR");
    c
}

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn text(&self) -> String {
        String::from_utf8(self.stdout.clone()).unwrap()
    }
}

fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let out = cmd().args(&args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    Run {
        code: out.status.code(),
        stdout: out.stdout,
        stderr,
    }
}

fn words(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_owned).collect()
}

/// Runs the words of `line` with `--as-of 2023-01-09`, expecting status 0.
#[track_caller]
fn ok(line: &str) -> Run {
    let mut args = words(line);
    args.extend(["--as-of".to_owned(), AS_OF.to_owned()]);
    let r = run(&args);
    assert_eq!(r.code, Some(0), "{line}: {}", r.stderr);
    assert_eq!(r.stderr, "", "{line}");
    r
}

/// The JSON answer of `line`, parsed.
#[track_caller]
fn json_of(line: &str) -> serde_json::Value {
    let r = ok(&format!("{line} --format json"));
    serde_json::from_slice(&r.stdout).unwrap()
}

/// Exit status 2, nothing on standard output, one line of at most 300 bytes
/// on standard error starting with `union-state: `.
#[track_caller]
fn refused(args: &[OsString]) -> String {
    let r = run(args);
    assert_eq!(r.code, Some(2), "{args:?}: stderr {:?}", r.stderr);
    assert!(r.stdout.is_empty(), "{args:?}: {:?}", r.text());
    assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {:?}", r.stderr);
    assert!(r.stderr.ends_with('\n'), "{args:?}: {:?}", r.stderr);
    assert!(r.stderr.len() <= 301, "{args:?}: {} bytes", r.stderr.len());
    assert!(
        r.stderr.starts_with("union-state: "),
        "{args:?}: {:?}",
        r.stderr
    );
    r.stderr
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(Into::into).collect()
}

// ---------------------------------------------------------------------------
// Golden output.

/// Every question, by golden file name.
const GOLDEN: &[(&str, &str)] = &[
    ("counts", "counts"),
    ("prerequisites", "prerequisites UP16.addendum"),
    (
        "prerequisites-direct",
        "prerequisites UP16.addendum --direct",
    ),
    (
        "prerequisites-conditions",
        "prerequisites UP16 --follow conditions",
    ),
    ("dependents", "dependents UP16.principles"),
    ("dependents-all", "dependents UP12 --follow all"),
    ("why-blocked", "why-blocked UP16.addendum"),
    ("ready-if-done", "ready-if-done UP16.principles"),
    ("schedule", "schedule"),
    ("waves", "waves"),
    ("waves-all", "waves --all"),
    ("due", "due 2023-01-01 2023-12-31"),
    ("overdue", "overdue"),
    ("conflicts", "conflicts"),
    ("deadlocks", "deadlocks"),
    ("critical-path", "critical-path UP16.addendum"),
    ("slip", "slip UP16.principles 18m"),
    ("status-commitment", "status UP16.principles"),
    ("status-programme", "status UP16"),
    ("progress", "progress"),
    ("obligations", "obligations"),
    ("depth", "depth"),
    ("drift", "drift"),
    ("claims", "claims"),
    ("validate", "validate"),
];

#[track_caller]
fn golden(name: &str, actual: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1", path.display()));
    assert!(
        expected == actual,
        "{name} differs from its golden copy; rerun with UPDATE_GOLDEN=1 if the change is meant:\n{}",
        String::from_utf8_lossy(actual)
    );
}

#[test]
fn every_question_matches_its_golden_text_and_json() {
    for (name, line) in GOLDEN {
        golden(&format!("{name}.txt"), &ok(line).stdout);
        golden(
            &format!("{name}.json"),
            &ok(&format!("{line} --format json")).stdout,
        );
    }
    // `check` finds the dataset's overdue commitments and its deadlock.
    for (ext, extra) in [("txt", ""), ("json", " --format json")] {
        let mut args = words(&format!("check --as-of {AS_OF}{extra}"));
        args.retain(|a| !a.is_empty());
        let r = run(&args);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        golden(&format!("check.{ext}"), &r.stdout);
    }
}

#[test]
fn text_fits_80_columns_with_headers_and_an_explicit_none() {
    for (name, line) in GOLDEN {
        let text = ok(line).text();
        for l in text.lines() {
            assert!(l.chars().count() <= 80, "{name}: {l:?}");
        }
        assert!(!text.contains('\x1b'), "{name}: colour when piped");
    }
    let schedule = ok("schedule").text();
    assert!(
        schedule.lines().nth(1).unwrap().contains("DUE"),
        "{schedule}"
    );
    assert!(schedule.contains('…'), "long titles are cut");
    let r = run(os(&["overdue", "--as-of", "2021-01-01"]));
    assert_eq!(
        r.text(),
        "0 commitments overdue as of 2021-01-01:\n  none\n"
    );
}

/// `text` written as an agenda file in a fresh directory of its own
/// (named after `tag` and this process), for a test to load with `--data`.
fn temp_agenda(tag: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("union-state-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{tag}.json"));
    std::fs::write(&file, text).unwrap();
    file
}

/// The text `line` answers on the agenda `file`, which must succeed.
#[track_caller]
fn on(file: &Path, line: &str) -> String {
    let mut args = vec![OsString::from("--data"), file.as_os_str().to_owned()];
    args.extend(words(line).into_iter().map(OsString::from));
    let r = run(args);
    assert_eq!(r.code, Some(0), "{line}: {}", r.stderr);
    r.text()
}

/// The columns a line takes in a terminal, counted for the scripts these
/// tests use: two for a CJK ideograph or a full-width form, none for a
/// combining accent, one for anything else.
fn columns(line: &str) -> usize {
    line.chars()
        .map(|c| match c {
            '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ff60}' => 2,
            '\u{300}'..='\u{36f}' => 0,
            _ => 1,
        })
        .sum()
}

/// Wide (CJK) and combining characters in titles: every line still fits
/// 80 columns, and the columns of a table line up.
#[test]
fn wide_characters_fit_80_columns_and_keep_columns_aligned() {
    let wide = "天然气市场原则的协议与时间表，由双方共同制定并签署的统一天然气市场规则文件";
    let text = std::fs::read_to_string(minimal())
        .unwrap()
        .replacen(
            "\"title\": \"Agree",
            &format!("\"title\": \"{wide} Agree"),
            1,
        )
        .replacen("\"Unified gas market\"", "\"天然气统一市场\"", 1)
        .replacen(
            "\"Common principles of indirect taxation\"",
            &format!("\"{}\"", "e\u{301}".repeat(45)),
            1,
        );
    assert!(text.contains(wide) && text.contains("e\u{301}") && text.contains("天然气统一市场"));
    let file = temp_agenda("wide", &text);
    let answer = |command: &str| on(&file, &format!("{command} --as-of {AS_OF} --color never"));
    for command in ["schedule", "counts", "progress", "overdue", "status GAS"] {
        for line in answer(command).lines() {
            assert!(
                columns(line) <= 80,
                "{command}: {} columns: {line}",
                columns(line)
            );
        }
    }
    // In `progress`, the programmes' table (titles in its first column)
    // has its numbers in the same columns on every row.
    let progress = answer("progress");
    let table: Vec<&str> = progress
        .lines()
        .skip_while(|l| !l.contains("PROGRAMME "))
        .take(3)
        .collect();
    assert_eq!(table.len(), 3, "{progress}");
    for line in &table {
        assert_eq!(columns(line), columns(table[0]), "{line}");
    }
    std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
}

/// A programme whose agreement states no mode (`union-state/2`) is
/// reported apart by `counts` and `progress`, as the library counts it,
/// not left out (data/README.md: "counts and progress by mode report the
/// programmes without one apart").
#[test]
fn programmes_without_a_mode_are_reported_apart() {
    let text = std::fs::read_to_string(root().join("examples/data/three-states.json"))
        .unwrap()
        .replacen(
            r#""mode": "agreed_policy",
      "mode_basis": "stated", "basis""#,
            r#""basis""#,
            1,
        );
    assert!(!text.contains("agreed_policy"), "the example changed");
    let file = temp_agenda("nomode", &text);
    let answer = |line: &str| on(&file, line);
    let counts = answer("counts");
    assert!(
        counts.starts_with("3 programmes by integration mode:"),
        "{counts}"
    );
    let by_mode: usize = counts
        .lines()
        .skip(2)
        .take_while(|l| !l.ends_with("by sector:"))
        .map(|l| {
            l.split_whitespace()
                .last()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(by_mode, 3, "{counts}");
    assert!(counts.contains("(no mode stated)"), "{counts}");
    let json: serde_json::Value = serde_json::from_str(&answer("counts --format json")).unwrap();
    assert_eq!(json["answer"]["without_mode"], 1);
    let progress = answer("progress --as-of 2024-06-01");
    let row = progress
        .lines()
        .skip_while(|l| !l.starts_with("by integration mode:"))
        .find(|l| l.trim_start().starts_with("(no mode stated)"))
        .unwrap_or_else(|| panic!("{progress}"));
    assert_eq!(row.split_whitespace().nth(3), Some("1"), "{row}");
    std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
}

#[test]
fn counts_are_singular_and_plural() {
    // The dataset has one deadlock; the minimal example also has one.
    assert!(ok("deadlocks").text().starts_with("1 deadlock:\n"));
    let m = minimal();
    let r = run(["deadlocks".into(), "--data".into(), m.into_os_string()]);
    assert!(r.text().starts_with("1 deadlock:\n"), "{}", r.text());
    // Four commitments are overdue in the dataset on the claim date.
    assert!(ok("overdue").text().starts_with("4 commitments overdue"));
    let one = ok("why-blocked UP16.addendum").text();
    assert!(one.starts_with("1 unfinished prerequisite blocks"), "{one}");
}

// ---------------------------------------------------------------------------
// JSON: the library's own answers, in an envelope, the same bytes each time.

#[test]
fn json_is_the_library_answer_in_an_envelope() {
    let agenda = union_state::dataset();
    let as_of = AS_OF.parse().unwrap();
    let v = json_of("schedule");
    assert_eq!(v["as_of"], AS_OF);
    assert_eq!(v["command"], "schedule");
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    let expected = serde_json::to_value(CommitmentRef::list(&agenda.schedule())).unwrap();
    assert_eq!(v["answer"], expected);

    let id: union_state::NodeId = "UP16.addendum".parse().unwrap();
    let v = json_of("prerequisites UP16.addendum");
    let expected = agenda.prerequisites(&id).unwrap();
    assert_eq!(
        v["answer"],
        serde_json::to_value(CommitmentRef::list(&expected)).unwrap()
    );
    let v = json_of("critical-path UP16.addendum");
    assert_eq!(
        v["answer"],
        serde_json::to_value(agenda.critical_path(&id).unwrap()).unwrap()
    );
    let v = json_of("deadlocks");
    assert_eq!(
        v["answer"],
        serde_json::to_value(agenda.deadlocks()).unwrap()
    );
    let v = json_of("why-blocked UP16.addendum");
    assert_eq!(
        v["answer"],
        serde_json::to_value(agenda.why_blocked(&id, as_of).unwrap()).unwrap()
    );
    // Progress is the library's progress, with its depth report beside it.
    let v = json_of("progress");
    let mut p = serde_json::to_value(agenda.progress(as_of)).unwrap();
    let depth =
        serde_json::to_value(agenda.depth(as_of, &union_state::query::DepthScale::default()))
            .unwrap();
    p.as_object_mut().unwrap().insert("depth".into(), depth);
    assert_eq!(v["answer"], reparsed(&p));
}

/// A value as it reads back from its printed form (floats such as
/// 1.4000000000000001 read back rounded).
fn reparsed(v: &serde_json::Value) -> serde_json::Value {
    serde_json::from_str(&serde_json::to_string(v).unwrap()).unwrap()
}

#[test]
fn every_command_twice_gives_identical_bytes() {
    for (_, line) in GOLDEN {
        for format in ["text", "json"] {
            let mut after = words(line);
            after.extend(["--as-of", AS_OF, "--format", format].map(str::to_owned));
            let mut before: Vec<String> = ["--format", format, "--as-of", AS_OF]
                .map(str::to_owned)
                .to_vec();
            before.extend(words(line));
            let a = run(&after);
            let b = run(&before);
            let c = run(&after);
            assert_eq!(a.code, Some(0), "{line}: {}", a.stderr);
            assert!(
                a.stdout == b.stdout,
                "{line} {format}: options before and after differ"
            );
            assert!(a.stdout == c.stdout, "{line} {format}: two runs differ");
        }
    }
    for what in ["dot", "mermaid", "gantt", "ical", "json"] {
        let a = ok(&format!("export {what}"));
        let b = run(os(&["--as-of", AS_OF, "export", what]));
        assert!(a.stdout == b.stdout, "export {what}");
    }
}

// ---------------------------------------------------------------------------
// Exports, standard input and --output.

/// Replaces the library test of the same name, which never ran the command:
/// each export is the library's bytes, the same on every run.
#[test]
fn the_command_line_exports_the_same_bytes() {
    let agenda = union_state::dataset();
    let as_of = AS_OF.parse().unwrap();
    let cases = [
        ("dot", agenda.to_dot(&DotOptions::new(as_of))),
        (
            "mermaid",
            agenda.to_mermaid_flowchart(&FlowchartOptions::new(as_of)),
        ),
        (
            "gantt",
            agenda.to_mermaid_gantt(&GanttOptions::new("Deadlines")),
        ),
        ("ical", agenda.to_ical(&IcalOptions::new(as_of))),
        // The file ends in a newline, which the library's text leaves out.
        ("json", agenda.to_json_string() + "\n"),
    ];
    for (what, expected) in cases {
        let r = ok(&format!("export {what}"));
        assert!(r.stdout == expected.as_bytes(), "export {what}");
        assert!(
            ok(&format!("export {what}")).stdout == r.stdout,
            "export {what} twice"
        );
    }
    // iCalendar keeps its CRLF line ends.
    assert!(ok("export ical").text().contains("\r\n"));
}

/// Every export is a text file ending in one newline; `export json` is the
/// library's JSON with that newline, and loads back to the same agenda.
#[test]
fn every_export_ends_in_a_newline() {
    for what in ["dot", "mermaid", "gantt", "ical", "json"] {
        let text = ok(&format!("export {what}")).text();
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{what}");
    }
    let json = ok("export json").text();
    let dataset = union_state::dataset();
    assert_eq!(json, dataset.to_json_string() + "\n");
    assert_eq!(&union_state::Agenda::from_json_str(&json).unwrap(), dataset);
}

#[test]
fn export_output_writes_the_file_and_nothing_else() {
    let dir = std::env::temp_dir().join(format!("union-state-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for what in ["dot", "ical"] {
        let file = dir.join(format!("out.{what}"));
        let r = run([
            "export".into(),
            what.into(),
            "--as-of".into(),
            AS_OF.into(),
            "--output".into(),
            file.clone().into_os_string(),
        ]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert!(r.stdout.is_empty());
        assert!(std::fs::read(&file).unwrap() == ok(&format!("export {what}")).stdout);
    }
    // A file that cannot be written is a one-line error.
    let missing = dir.join("no/such/dir/out.dot");
    let msg = refused(&[
        "export".into(),
        "dot".into(),
        "-o".into(),
        missing.into_os_string(),
    ]);
    assert!(msg.contains("cannot write"), "{msg}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--output -` is standard output, for an export as for the report: no
/// file named `-` is made.
#[test]
fn output_dash_is_standard_output() {
    let dir = std::env::temp_dir().join(format!("union-state-dash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (line, alone) in [
        ("export dot -o -", "export dot"),
        ("export ical --output -", "export ical"),
        ("report -o -", "report"),
    ] {
        let out = cmd()
            .current_dir(&dir)
            .args(words(&format!("{line} --as-of {AS_OF}")))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{line}");
        assert_eq!(out.stdout, ok(alone).stdout, "{line}");
        assert!(!dir.join("-").exists(), "{line} wrote a file named `-`");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Standard output that cannot be written (a full disk) is an error with
/// status 2 and a message, for every kind of output; a closed pipe is not.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_standard_output_is_an_error() {
    for line in [
        "schedule",
        "progress --format json",
        "validate",
        "export ical",
        "report",
        "schema",
        "completions bash",
        "man",
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std_cmd().args(words(line)).stdout(full).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{line}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            err,
            "union-state: cannot write to standard output: No space left on device (os error 28)\n",
            "{line}"
        );
    }
    // In a batch, each line that cannot be written is a failed line.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut batch = std_cmd()
        .arg("batch")
        .stdin(std::process::Stdio::piped())
        .stdout(full)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut commands = batch.stdin.take().unwrap();
    std::io::Write::write_all(&mut commands, b"counts\noverdue\n").unwrap();
    drop(commands);
    let out = batch.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(
        err.starts_with("union-state: line 1: cannot write to standard output"),
        "{err}"
    );
    // A reader that stops early (`| head -c 1`) is not an error.
    let mut child = std_cmd()
        .args(["export", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn export_refuses_format_json() {
    for args in [
        ["export", "dot", "--format", "json"],
        ["--format", "json", "export", "ical"],
    ] {
        let msg = refused(&os(&args));
        assert!(
            msg.contains("`--format json` does not apply to `export`"),
            "{msg}"
        );
    }
    // `--format text` is accepted: it is what an export is anyway.
    assert_eq!(
        run(os(&["export", "dot", "--format", "text"])).code,
        Some(0)
    );
}

#[test]
fn data_from_standard_input_is_the_same_as_from_the_file() {
    let m = minimal();
    let from_file = cmd()
        .args(["schedule", "--format", "json", "--as-of", AS_OF, "--data"])
        .arg(&m)
        .output()
        .unwrap();
    let from_stdin = cmd()
        .args([
            "schedule", "--format", "json", "--as-of", AS_OF, "--data", "-",
        ])
        .pipe_stdin(&m)
        .unwrap()
        .output()
        .unwrap();
    assert!(from_file.status.success());
    assert!(from_stdin.status.success());
    assert_eq!(from_file.stdout, from_stdin.stdout);
    let v: serde_json::Value = serde_json::from_slice(&from_stdin.stdout).unwrap();
    let ids: Vec<&str> = v["answer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    // GAS.principles (2022-07) before the addendum that requires it.
    assert_eq!(ids, ["GAS.principles", "TAX.law", "GAS.addendum"]);
    // Bad data on standard input: one line, named as standard input.
    let out = cmd()
        .args(["schedule", "--data", "-"])
        .write_stdin("{ not json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("union-state: standard input: invalid agenda JSON at line 1"),
        "{err}"
    );
}

/// Text from the agenda cannot break a table's rows or drive the terminal:
/// a title holding a newline, a forged row, an escape sequence (which
/// would clear the screen) and a right-to-left override (which would show
/// the rest of the line reversed) is written on its commitment's own line,
/// with those characters escaped, in a table, a status and a listing.
#[test]
fn control_characters_in_the_data_are_written_escaped_on_one_line() {
    let mut agenda: serde_json::Value =
        serde_json::from_slice(&std::fs::read(minimal()).unwrap()).unwrap();
    let hostile = "Gas\n  2020-01-01  TAX.law          done         forged\u{1b}[2J";
    let commitments = agenda["commitments"].as_array_mut().unwrap();
    let principles = commitments
        .iter_mut()
        .find(|c| c["id"] == "GAS.principles")
        .unwrap();
    principles["title"] = serde_json::Value::from(hostile);
    principles["events"][0]["note"] =
        serde_json::Value::from("one\ttwo\rthree \u{202e}desrever\u{2069}");
    let json = serde_json::to_vec(&agenda).unwrap();
    for args in [
        vec!["prerequisites", "GAS.addendum"],
        vec!["status", "GAS.principles"],
        vec!["schedule"],
    ] {
        let out = cmd()
            .args(&args)
            .args(["--as-of", AS_OF, "--data", "-"])
            .write_stdin(json.clone())
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains('\u{1b}'), "{args:?}: {text}");
        assert!(
            !text.contains('\r') && !text.contains('\t'),
            "{args:?}: {text}"
        );
        let line = text
            .lines()
            .find(|l| l.contains("GAS.principles"))
            .unwrap_or_else(|| panic!("{args:?}: {text}"));
        assert!(line.contains("Gas\\n  2020-01-01"), "{args:?}: {line}");
        assert!(
            !text
                .lines()
                .any(|l| l.trim_start().starts_with("2020-01-01")),
            "{args:?}: a forged row in {text}"
        );
        // A bidirectional override would show the rest reversed.
        assert!(
            !text.contains('\u{202e}') && !text.contains('\u{2069}'),
            "{text}"
        );
        if args[0] == "status" {
            assert!(text.contains("one\\ttwo\\rthree"), "{text}");
            assert!(line.contains("forged\\u{1b}[2J"), "{line}");
            assert!(text.contains("\\u{202e}desrever\\u{2069}"), "{text}");
        }
    }
}

// ---------------------------------------------------------------------------
// Colour.

#[test]
fn colour_is_off_when_piped_and_with_no_color_and_on_when_forced() {
    let plain = ok("overdue").text();
    assert!(!plain.contains('\x1b'));
    let never = run(os(&["overdue", "--as-of", AS_OF, "--color", "never"]));
    assert_eq!(never.text(), plain);
    let no_color = cmd()
        .args(["overdue", "--as-of", AS_OF, "--color", "auto"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(no_color.stdout).unwrap(), plain);
    let always = run(os(&["overdue", "--as-of", AS_OF, "--color", "always"]));
    let coloured = always.text();
    // Every listed commitment is overdue: red.
    assert!(coloured.contains("\x1b[31m"), "{coloured:?}");
    assert!(coloured.contains("\x1b[0m"));
    // Without the escape codes the text is the same.
    let stripped = coloured.replace("\x1b[31m", "").replace("\x1b[0m", "");
    assert_eq!(stripped, plain);
    // Done is green; JSON is never coloured.
    let status = run(os(&[
        "status", "UP16", "--as-of", AS_OF, "--color", "always",
    ]));
    assert!(
        status.text().contains("\x1b[32mdone"),
        "{:?}",
        status.text()
    );
    let json = run(os(&["overdue", "--format", "json", "--color", "always"]));
    assert!(!json.text().contains('\x1b'));
}

// ---------------------------------------------------------------------------
// Exit statuses, help, version.

#[test]
fn help_and_version_go_to_standard_output_with_status_0() {
    for args in [
        vec!["--help"],
        vec!["-h"],
        vec!["help"],
        vec!["help", "slip"],
        vec!["slip", "--help"],
        vec!["--version"],
    ] {
        let r = run(&args);
        assert_eq!(r.code, Some(0), "{args:?}");
        assert!(!r.stdout.is_empty(), "{args:?}");
        assert_eq!(r.stderr, "", "{args:?}");
    }
    let main = run(["--help"]).text();
    for part in [
        "\"as_of\"",
        "\"command\"",
        "\"answer\"",
        "Exit status",
        "NO_COLOR",
    ] {
        assert!(main.contains(part), "--help lacks {part}");
    }
    let slip = run(["help", "slip"]).text();
    assert!(slip.contains("Examples:") && slip.contains("union-state slip UP16.principles 6m"));
    let check = run(["check", "--help"]).text();
    assert!(check.contains("Exit status 1"), "{check}");
    assert!(run(["--version"]).text().starts_with("union-state "));
    // Every command has its own help with an example.
    let bash = run(["completions", "bash"]).text();
    for name in subcommands() {
        let help = run(["help", name]).text();
        assert!(help.contains("Example"), "`help {name}` shows no example");
        assert!(bash.contains(name), "bash completion lacks {name}");
    }
}

/// The subcommand names, as `--help` lists them.
fn subcommands() -> Vec<&'static str> {
    vec![
        "counts",
        "prerequisites",
        "dependents",
        "why-blocked",
        "ready-if-done",
        "schedule",
        "waves",
        "due",
        "overdue",
        "conflicts",
        "deadlocks",
        "critical-path",
        "slip",
        "status",
        "progress",
        "obligations",
        "depth",
        "drift",
        "claims",
        "check",
        "validate",
        "export",
        "report",
        "batch",
        "completions",
        "schema",
        "man",
    ]
}

#[test]
fn schema_prints_the_committed_schema_of_the_format() {
    let out = run(["schema"]);
    let printed: serde_json::Value = serde_json::from_str(&out.text()).unwrap();
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../data/agenda.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(printed, committed);
    assert_eq!(printed["properties"]["format"]["enum"][0], "union-state/2");
}

#[test]
fn the_help_lists_exactly_these_commands() {
    let main = run(["--help"]).text();
    let listed: Vec<&str> = main
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .collect();
    assert_eq!(listed, subcommands());
}

#[test]
fn check_exits_1_on_findings_and_0_on_a_clean_agenda() {
    assert_eq!(run(os(&["check", "--as-of", AS_OF])).code, Some(1));
    // The minimal agenda without its two conditions, before any deadline:
    // nothing overdue, no conflict, no deadlock.
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(minimal()).unwrap()).unwrap();
    v["dependencies"]
        .as_array_mut()
        .unwrap()
        .retain(|d| d["kind"] == "requires");
    let clean = serde_json::to_string(&v).unwrap();
    let out = cmd()
        .args(["check", "--data", "-", "--as-of", "2022-01-01"])
        .write_stdin(clean.clone())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.starts_with("check as of 2022-01-01: nothing found"),
        "{text}"
    );
    // The same agenda a year later: GAS.principles (2022-07) is overdue.
    let out = cmd()
        .args([
            "check",
            "--data",
            "-",
            "--as-of",
            "2023-01-01",
            "--format",
            "json",
        ])
        .write_stdin(clean)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["answer"]["overdue"][0]["id"], "GAS.principles");
    assert_eq!(v["answer"]["findings"], 1);
}

#[test]
fn validate_reports_every_problem_one_per_line() {
    let r = run(os(&["validate"]));
    assert_eq!(r.code, Some(0));
    assert_eq!(r.text(), "valid\n");
    let path = bad("several-problems.json");
    let expected: Vec<String> = match union_state::Agenda::from_json_file(&path) {
        Err(union_state::error::LoadError::Build(b)) => {
            b.problems().iter().map(ToString::to_string).collect()
        }
        other => panic!("expected a build error, got {other:?}"),
    };
    assert!(expected.len() > 1);
    let r = run([
        "validate".into(),
        "--data".into(),
        path.clone().into_os_string(),
    ]);
    assert_eq!(r.code, Some(2));
    assert_eq!(r.text().lines().collect::<Vec<_>>(), expected);
    assert_eq!(r.stderr, "");
    let r = run([
        "validate".into(),
        "--format".into(),
        "json".into(),
        "--data".into(),
        path.into_os_string(),
    ]);
    assert_eq!(r.code, Some(2));
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["answer"]["valid"], false);
    assert_eq!(
        v["answer"]["problems"].as_array().unwrap().len(),
        expected.len()
    );
    // A file that cannot be read or parsed is named, as other commands
    // name it.
    for (path, says) in [
        (
            bad("truncated.json"),
            "invalid agenda JSON at line 74, column 4",
        ),
        (root().join("no-such-file.json"), "cannot read agenda"),
        (root().join("tests"), "cannot read agenda"),
    ] {
        let r = run([
            "validate".into(),
            "--data".into(),
            path.clone().into_os_string(),
        ]);
        assert_eq!(r.code, Some(2));
        let line = r.text();
        assert!(
            line.starts_with(&format!("`{}`: {says}", path.display())),
            "{line}"
        );
        let alone = run(["counts".into(), "--data".into(), path.into_os_string()]);
        assert_eq!(alone.stderr, format!("union-state: {line}"));
    }
}

// ---------------------------------------------------------------------------
// Bad arguments and bad data: status 2 and one short line (moved from
// `.ci/run` and `tests/validation.rs`).

#[test]
fn every_usage_and_data_error_is_one_short_line_with_status_2() {
    let long_id = format!("UP16.{}", "x".repeat(500));
    let bad_invocations: Vec<Vec<String>> = vec![
        vec![],
        vec!["bogus".into()],
        vec!["schedul".into()],
        vec!["prerequisites".into()],
        vec!["prerequisites".into(), "bad..id".into()],
        vec!["prerequisites".into(), "UP99".into()],
        vec!["prerequisites".into(), long_id.clone()],
        vec!["dependents".into(), "UP16.nothing".into()],
        vec![
            "prerequisites".into(),
            "UP16".into(),
            "--direct".into(),
            "--follow".into(),
            "all".into(),
        ],
        vec![
            "prerequisites".into(),
            "UP16".into(),
            "--follow".into(),
            "some".into(),
        ],
        vec!["slip".into(), "UP16".into(), "x".into()],
        vec!["slip".into(), "UP16.principles".into()],
        vec![
            "slip".into(),
            "UP16.principles".into(),
            "99999999999m".into(),
        ],
        vec!["--as-of".into(), "2023-02-30".into(), "schedule".into()],
        vec!["schedule".into(), "--as-of".into()],
        vec!["--format".into(), "xml".into(), "schedule".into()],
        vec!["--color".into(), "sometimes".into(), "schedule".into()],
        vec!["schedule".into(), "extra".into()],
        vec!["--bogus".into(), "schedule".into()],
        vec!["due".into(), "2024-01-01".into(), "2023-01-01".into()],
        vec!["due".into(), "2024-01-01".into()],
        vec!["status".into(), "UP16.nothing".into()],
        vec!["export".into(), "png".into()],
        vec![
            "export".into(),
            "dot".into(),
            "--format".into(),
            "json".into(),
        ],
        vec!["completions".into(), "tcsh".into()],
        vec!["man".into(), "--format".into(), "json".into()],
        vec![
            "--data".into(),
            "/nonexistent/agenda.json".into(),
            "schedule".into(),
        ],
        vec![
            "--data".into(),
            bad("impossible-date.json").display().to_string(),
            "schedule".into(),
        ],
        vec![
            "--data".into(),
            bad("several-problems.json").display().to_string(),
            "schedule".into(),
        ],
        vec![
            "--data".into(),
            bad("not-utf8.json").display().to_string(),
            "overdue".into(),
        ],
        vec![
            "--data".into(),
            bad("truncated.json").display().to_string(),
            "check".into(),
        ],
    ];
    assert!(bad_invocations.len() >= 15);
    for args in &bad_invocations {
        let args: Vec<OsString> = args.iter().map(Into::into).collect();
        refused(&args);
    }
    // The messages name what is wrong.
    let msg = refused(&os(&[
        "--data",
        &bad("several-problems.json").display().to_string(),
        "schedule",
    ]));
    assert!(msg.contains("invalid agenda: 4 problems; first: "), "{msg}");
    let msg = refused(&os(&["bogus"]));
    assert!(msg.contains("unknown command `bogus`") && msg.contains("see `union-state --help`"));
    let msg = refused(&os(&["slip", "UP16", "x"]));
    assert!(msg.contains("see `union-state help slip`"), "{msg}");
    let msg = refused(&os(&["--as-of", "2023-02-30", "schedule"]));
    assert!(
        msg.contains("invalid value `2023-02-30` for `--as-of <DATE>`"),
        "{msg}"
    );
}

/// An option given no value (or an empty one) says it needs one, and
/// what it may be where that is a list.
#[test]
fn an_option_without_its_value_says_it_needs_one() {
    for (args, expected) in [
        (
            &["--data"][..],
            "`--data <FILE>` needs a value; see `union-state --help`",
        ),
        (
            &["--data=", "counts"],
            "`--data <FILE>` needs a value; see `union-state help counts`",
        ),
        (
            &["counts", "--as-of"],
            "`--as-of <DATE>` needs a value; see `union-state help counts`",
        ),
        (
            &["report", "--title"],
            "`--title <TEXT>` needs a value; see `union-state help report`",
        ),
        (
            &["export", "dot", "-o", ""],
            "`--output <FILE>` needs a value; see `union-state help export`",
        ),
        (
            &["--format"],
            "`--format <FORMAT>` needs a value: one of `text`, `json`; see `union-state --help`",
        ),
    ] {
        assert_eq!(
            refused(&os(args)),
            format!("union-state: {expected}\n"),
            "{args:?}"
        );
    }
}

#[test]
fn slip_with_a_multibyte_unit_is_refused_not_a_panic() {
    for by in [
        "6é",
        "é",
        "6mé",
        "éd",
        "6\u{1F600}",
        "\u{0666}m",
        "",
        "m",
        "6",
        "6M",
    ] {
        let msg = refused(&os(&["--as-of", AS_OF, "slip", "UP16.principles", by]));
        assert!(
            msg.starts_with(&format!(
                "union-state: invalid value `{by}` for `<BY>`: expected"
            )),
            "{by}: {msg}"
        );
    }
}

#[test]
fn errors_stay_on_one_line() {
    let msg = refused(&os(&["--as-of", AS_OF, "slip", "UP16.principles", "6\nm"]));
    assert!(msg.contains("`6\\nm`"), "{msg}");
    let msg = refused(&os(&["--as-of", AS_OF, "no\nsuch"]));
    assert!(msg.contains("unknown command `no\\nsuch`"), "{msg}");
}

#[test]
fn slip_accepts_months_and_days() {
    for by in ["6m", "-2m", "45d", "+3d", "0m", "18m"] {
        let r = run(os(&["--as-of", AS_OF, "slip", "UP16.principles", by]));
        assert_eq!(r.code, Some(0), "{by}: {}", r.stderr);
        assert!(
            r.text()
                .contains(&format!("if UP16.principles slips by {by}:")),
            "{by}: {}",
            r.text()
        );
    }
    // 18 months pushes the addendum (due 2023-12-01) past its deadline.
    let v = json_of("slip UP16.principles 18m");
    assert_eq!(v["answer"][0]["commitment"]["id"], "UP16.addendum");
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_refused_not_a_panic() {
    use std::os::unix::ffi::OsStringExt;
    let bad = OsString::from_vec(vec![b'6', 0xFF, b'm']);
    let mut args = os(&["--as-of", AS_OF, "slip", "UP16.principles"]);
    args.push(bad);
    let msg = refused(&args);
    assert!(
        msg.contains("argument #5 `6\u{FFFD}m` is not valid UTF-8"),
        "{msg}"
    );
    let msg = refused(&[OsString::from_vec(vec![0xFF])]);
    assert!(
        msg.contains("argument #1 `\u{FFFD}` is not valid UTF-8"),
        "{msg}"
    );
}

// ---------------------------------------------------------------------------
// Completions and the manual page.

#[test]
fn completions_and_the_manual_page() {
    let bash = run(["completions", "bash"]);
    assert_eq!(bash.code, Some(0));
    let bash = bash.text();
    for name in subcommands() {
        assert!(bash.contains(name), "bash completion lacks {name}");
    }
    assert!(bash.contains("--as-of") && bash.contains("--data"));
    for shell in ["zsh", "fish"] {
        let r = run(["completions", shell]);
        assert_eq!(r.code, Some(0), "{shell}");
        assert!(r.text().contains("prerequisites"), "{shell}");
    }
    let man = run(["man"]);
    assert_eq!(man.code, Some(0));
    let man = man.text();
    assert!(man.starts_with(".TH"), "{}", &man[..man.len().min(200)]);
    assert!(man.contains("union\\-state") || man.contains("union-state"));
    // The main page lists a page per command; `man COMMAND` prints each,
    // titled as listed, with the command's own options.
    for name in subcommands() {
        let listed = format!("union\\-state\\-{}(1)", name.replace('-', "\\-"));
        assert!(
            man.contains(&listed),
            "the main page does not list {listed}"
        );
        let page = run(["man", name]);
        assert_eq!(page.code, Some(0), "{name}: {}", page.stderr);
        let page = page.text();
        assert!(
            page.starts_with(&format!(".TH union-state-{name} 1 ")),
            "{name}: {}",
            &page[..page.len().min(80)]
        );
    }
    let export = run(["man", "export"]).text();
    assert!(export.contains("\\-\\-output") && export.contains("mermaid"));
    assert!(
        run(["man", "prerequisites"])
            .text()
            .contains("\\-\\-follow")
    );
    assert_eq!(
        refused(&os(&["man", "nope"])),
        "union-state: unknown command `nope` for `man`; see `union-state help man`\n"
    );
}

/// What bash offers for the last of `words` typed after `union-state`,
/// with the script from `completions bash` loaded: its completion
/// function called as bash calls it on a tab.
fn bash_offers(script: &Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        r#"source '{}'
COMP_WORDS=(union-state {})
COMP_CWORD={}
COMP_LINE="${{COMP_WORDS[*]}}"
COMP_POINT=${{#COMP_LINE}}
_union__state union-state "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        script.display(),
        quoted.join(" "),
        words.len()
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The bash completion completes commands, and each command's options and
/// values (not only the first word).
#[test]
fn bash_completes_commands_their_options_and_values() {
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("note: bash is not installed; skipping the completion check");
        return;
    }
    let script = std::env::temp_dir().join(format!("union-state-{}.bash", std::process::id()));
    std::fs::write(&script, run(["completions", "bash"]).stdout).unwrap();
    let offers = |words: &[&str]| bash_offers(&script, words);
    assert_eq!(offers(&["exp"]), ["export"]);
    assert_eq!(offers(&["--for"]), ["--format"]);
    assert_eq!(offers(&["export", "--ou"]), ["--output"]);
    assert_eq!(offers(&["prerequisites", "--fol"]), ["--follow"]);
    let kinds = offers(&["export", ""]);
    for kind in ["dot", "mermaid", "gantt", "ical", "json"] {
        assert!(kinds.iter().any(|k| k == kind), "{kinds:?}");
    }
    assert_eq!(offers(&["critical-path", "--as"]), ["--as-of"]);
    std::fs::remove_file(&script).unwrap();
}

/// `batch` answers each line exactly as the command alone answers it, in
/// order, from one load; the exit status is the highest of the lines'.
#[test]
fn batch_answers_each_line_as_the_command_alone_does() {
    let data = root().join("tests/fixtures/multiparty.json");
    let data = data.to_str().unwrap();
    let lines = [
        "progress",
        "overdue --format json",
        "prerequisites M.treaty --follow all",
        "status M --as-of 2022-06-30",
        "check",
        "export ical",
        "validate",
        "counts --format text --color always",
    ];
    let commands = format!("# the questions\n\n  {}\n", lines.join("\n"));
    let out = cmd()
        .args([
            "batch",
            "--data",
            data,
            "--as-of",
            "2024-06-30",
            "--format",
            "json",
        ])
        .write_stdin(commands)
        .output()
        .unwrap();
    let mut expected = Vec::new();
    let mut status = 0;
    for line in lines {
        // The batch's flags are each line's defaults; a line's own win.
        let mut args = vec!["--data".to_owned(), data.to_owned()];
        let own = words(line);
        if !own.iter().any(|w| w == "--as-of") {
            args.extend(["--as-of".to_owned(), "2024-06-30".to_owned()]);
        }
        // `--format` applies to questions only.
        if !own.iter().any(|w| w == "--format") && !line.starts_with("export") {
            args.extend(["--format".to_owned(), "json".to_owned()]);
        }
        args.extend(own);
        let alone = run(&args);
        assert!(alone.stderr.is_empty(), "{line}: {}", alone.stderr);
        expected.extend(alone.stdout);
        status = status.max(alone.code.unwrap());
    }
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(out.status.code(), Some(status));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A line that fails is one line on standard error naming its number; the
/// other lines are still answered, and the batch exits 2.
#[test]
fn batch_names_the_line_that_fails_and_answers_the_rest() {
    let commands = "counts\nnope\nstatus UP16 --data x.json\nbatch\nstatus 'UP16\nstatus UP99\n--as-of 2023-02-30 counts\ncounts --format json\n";
    let out = cmd()
        .args(["batch", "--as-of", AS_OF])
        .write_stdin(commands)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr.lines().collect();
    assert_eq!(errors.len(), 6, "{stderr}");
    for (error, line) in errors.iter().zip([2, 3, 4, 5, 6, 7]) {
        assert!(
            error.starts_with(&format!("union-state: line {line}: ")),
            "{error}"
        );
    }
    assert!(errors[0].contains("unknown command `nope`"), "{stderr}");
    assert!(errors[1].contains("`--data` is given once"), "{stderr}");
    assert!(
        errors[2].contains("`batch` cannot run inside `batch`"),
        "{stderr}"
    );
    assert!(
        errors[3].contains("the quote `'` is not closed"),
        "{stderr}"
    );
    assert!(errors[4].contains("UP99"), "{stderr}");
    assert!(errors[5].contains("2023-02-30"), "{stderr}");
    // The first and last lines are answered as alone.
    let mut expected = run(["--as-of", AS_OF, "counts"]).stdout;
    expected.extend(run(["--as-of", AS_OF, "--format", "json", "counts"]).stdout);
    assert_eq!(out.stdout, expected);
    assert_eq!(out.status.code(), Some(2));
}

/// Commands from a file; `--data -` beside commands on standard input is
/// refused before anything is read; a bad agenda fails the batch once.
#[test]
fn batch_reads_a_file_of_commands_and_refuses_two_readers_of_standard_input() {
    let dir = std::env::temp_dir().join(format!("union-state-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("commands.txt");
    std::fs::write(&file, "counts\n").unwrap();
    let from_file = run(["--as-of", AS_OF, "batch", file.to_str().unwrap()]);
    assert_eq!(from_file.stdout, run(["--as-of", AS_OF, "counts"]).stdout);
    assert_eq!(from_file.code, Some(0));
    let both = run(["batch", "--data", "-"]);
    assert_eq!(both.code, Some(2));
    assert!(
        both.stderr.contains("`--data` cannot be `-` too"),
        "{}",
        both.stderr
    );
    let bad_agenda = run([
        "batch",
        "--data",
        bad("dangling-dependency.json").to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(bad_agenda.code, Some(2));
    assert_eq!(
        bad_agenda.stderr.lines().count(),
        1,
        "{}",
        bad_agenda.stderr
    );
    assert!(bad_agenda.stdout.is_empty());
    let missing = run(["batch", dir.join("none.txt").to_str().unwrap()]);
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr.contains("cannot read"), "{}", missing.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A commitment done because an instrument achieves it shows what made it
/// done: `status` lists the event derived from the instrument (in the
/// dataset, the agreement on securities prospectuses, signed by both
/// parties on 22 December 2023 (sources S23, S24), achieves
/// `UP08.prospectus-agreement` on signature; the commitment has no events
/// of its own), in the text and in the JSON, from the day it takes
/// effect and not before.
#[test]
fn status_lists_the_events_an_instrument_brings() {
    let id = "UP08.prospectus-agreement";
    let after = run(["status", id, "--as-of", "2024-01-01"]);
    assert_eq!(after.code, Some(0), "{}", after.stderr);
    let text = after.text();
    assert!(text.contains("status as of 2024-01-01: done"), "{text}");
    assert!(text.contains("1 event by 2024-01-01:"), "{text}");
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("2023-12-22"))
        .unwrap_or_else(|| panic!("no event row: {text}"));
    assert_eq!(words(row)[..3], ["2023-12-22", "done", "all"], "{row}");
    assert!(
        row.contains("instrument `prospectus-agreement-2023-12"),
        "{row}"
    );
    let json = run(["status", id, "--as-of", "2024-01-01", "--format", "json"]);
    let answer: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let events = answer["answer"]["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["date"], "2023-12-22");
    assert_eq!(events[0]["status"], "done");
    assert_eq!(events[0]["sources"], serde_json::json!(["S23", "S24"]));
    // On 9 January 2023, before the signature: not done, no event yet.
    let before = json_of(&format!("status {id}"));
    assert_ne!(before["answer"]["status"], "done");
    assert_eq!(before["answer"]["events"], serde_json::json!([]));
}
