//! `union-state report`: the page written to a file or standard output,
//! its headline equal to what `progress` and `overdue` answer, and its
//! refusals.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cmd() -> Command {
    Command::cargo_bin("union-state").unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = cmd()
        .args(args)
        .arg("--format")
        .arg("json")
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The number in the element marked `data-headline="key"`.
fn headline(html: &str, key: &str) -> u64 {
    let mark = format!("data-headline=\"{key}\">");
    let at = html.find(&mark).unwrap_or_else(|| panic!("no {key}")) + mark.len();
    let digits: String = html[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert_eq!(html.matches(&mark).count(), 1, "{key} shown twice");
    digits.parse().unwrap()
}

fn check_headline(html: &str, data: &[&str], as_of: &str) {
    let mut args = data.to_vec();
    args.extend(["--as-of", as_of, "progress"]);
    let progress = json(&args);
    let overall = &progress["answer"]["overall"];
    for key in ["done", "due", "done_of_due", "total"] {
        assert_eq!(headline(html, key), overall[key].as_u64().unwrap(), "{key}");
    }
    let done = progress["answer"]["programmes_done"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(headline(html, "programmes_done"), done as u64);
    args.pop();
    args.push("overdue");
    let overdue = json(&args)["answer"].as_array().unwrap().len();
    assert_eq!(headline(html, "overdue"), overdue as u64);
}

#[test]
fn the_dataset_report_is_written_to_the_output_file() {
    let dir = std::env::temp_dir().join(format!("union-state-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.html");
    let out = cmd()
        .args(["report", "--as-of", "2026-12-01", "--output"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("data-as-of=\"2026-12-01\""));
    check_headline(&html, &[], "2026-12-01");
    // A commitment done because an instrument achieves it shows the event
    // that made it done (the prospectus agreement, signed on 22 December
    // 2023), where its own events are none.
    let row = html
        .split("<tr id=\"c-UP08.prospectus-agreement\"")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("the commitment's row");
    assert!(row.contains("done 2023-12-22"), "{row}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_multi_state_agenda_shows_its_states_institutions_and_scoped_claims() {
    let data = root().join("report/tests/data/three-states.json");
    let data = data.to_str().unwrap();
    let out = cmd()
        .args([
            "--data",
            data,
            "--as-of",
            "2024-06-01",
            "report",
            "--focus",
            "GAS",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    check_headline(&html, &["--data", data], "2024-06-01");
    for needle in [
        "data-state=\"KZ\"",
        "Republic of Kazakhstan",
        "from 2022-06",
        "data-institution=\"eec\"",
        "Eurasian Economic Commission (eec)",
        "programme `GAS`",
        "each of BY, KZ, RU",
        "moved 2022-Q4 → 2023-06",
        "data-basis=\"uncertain\"",
        "data-chart=\"dependencies\"",
        "Dependencies of programme GAS",
        "KZ and RU demands",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    // A source whose address is not a web one is named, not linked.
    assert!(html.contains("not a web address: urn:isbn:0451450523"));
    assert!(!html.contains("href=\"urn:"));
}

#[test]
fn refusals() {
    let out = cmd().args(["report", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`--format json` does not apply to `report`")
    );
    let out = cmd().args(["report", "--focus", "UP99"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unknown programme `UP99` for `--focus`")
    );
}
