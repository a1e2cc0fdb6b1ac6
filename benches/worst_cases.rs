//! The worst cases found by review: generated agendas of a few megabytes
//! that once cost minutes or gigabytes. Each is written to
//! `target/worst-cases/`, then loaded and put through every query and
//! export in a fresh child process, which reports its time and its peak
//! resident memory (Linux `VmHWM`). The run fails if any case takes more
//! than `SECONDS` or more than 1 GiB.
//!
//! Run with `cargo bench --bench worst_cases` (CI does), or
//! `cargo bench --bench worst_cases -- NAME` for one case. Timings are
//! printed, not asserted in tests: this is a bench with a budget.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use union_state::{
    Agenda, NodeId,
    export::{DotOptions, FlowchartOptions, GanttOptions, IcalOptions},
    query::{DepthScale, Slip},
};

/// The budget for one case, load and every query included (release mode).
const SECONDS: u64 = 5;
/// The memory budget for one case.
const MAX_BYTES: u64 = 1 << 30;

const HEAD: &str = r#"{"format":"union-state/1","states":[{"code":"BY","name":"Belarus"},{"code":"RU","name":"Russia"}],"sources":[{"id":"S1","title":"a report","publisher":"a paper","date":"2021","url":"https://example.org/r"}]"#;

fn programme(out: &mut String, id: &str) {
    write!(
        out,
        r#"{{"id":"{id}","title":"programme {id}","sector":"s","mode":"harmonisation","mode_basis":"stated","basis":"stated","states":["BY","RU"],"sources":["S1"]}}"#
    )
    .unwrap();
}

fn commitment(out: &mut String, id: &str, due: &str) {
    write!(
        out,
        r#"{{"id":"{id}","title":"do {id}","acting":{{"joint":["BY","RU"]}},"basis":"stated","sources":["S1"],"deadline":{{"date":"{due}","basis":"stated","sources":["S1"]}}}}"#
    )
    .unwrap();
}

fn dependency(out: &mut String, pre: &str, dep: &str, kind: &str) {
    write!(
        out,
        r#"{{"prerequisite":"{pre}","dependent":"{dep}","kind":"{kind}","basis":"stated","sources":["S1"]}}"#
    )
    .unwrap();
}

/// Joins the records `f` writes for `0..n` with commas.
fn list(out: &mut String, n: usize, mut f: impl FnMut(&mut String, usize)) {
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        f(out, i);
    }
}

/// One `requires` dependency between two programmes of `n` commitments
/// each, every one of them in conflict (P due 2030 is required by Q due
/// 2020): `n * n` conflicting pairs.
fn programme_pair(n: usize) -> String {
    let mut s = String::from(HEAD);
    s.push_str(r#","programmes":["#);
    programme(&mut s, "P");
    s.push(',');
    programme(&mut s, "Q");
    s.push_str(r#"],"commitments":["#);
    list(&mut s, n, |s, i| commitment(s, &format!("P.c{i}"), "2030"));
    s.push(',');
    list(&mut s, n, |s, i| commitment(s, &format!("Q.c{i}"), "2020"));
    s.push_str(r#"],"dependencies":["#);
    dependency(&mut s, "P", "Q", "requires");
    s.push_str("]}");
    s
}

/// A `requires` chain of `n` commitments closed by `k` parallel conditions,
/// each demanded by its own state.
fn closed_chain(n: usize, k: usize) -> String {
    let codes: Vec<String> = (0..k)
        .map(|i| {
            let b = u8::try_from(i).unwrap();
            format!(
                "S{}{}",
                char::from(b'A' + b / 26),
                char::from(b'A' + b % 26)
            )
        })
        .collect();
    let mut s = String::from(
        r#"{"format":"union-state/1","states":[{"code":"BY","name":"Belarus"},{"code":"RU","name":"Russia"},"#,
    );
    list(&mut s, k, |s, i| {
        write!(s, r#"{{"code":"{}","name":"state {i}"}}"#, codes[i]).unwrap();
    });
    s.push_str(r#"],"sources":[{"id":"S1","title":"a report","publisher":"a paper","date":"2021","url":"https://example.org/r"}],"programmes":["#);
    programme(&mut s, "P");
    s.push_str(r#"],"commitments":["#);
    list(&mut s, n, |s, i| {
        commitment(s, &format!("P.c{i:05}"), "2030");
    });
    s.push_str(r#"],"dependencies":["#);
    list(&mut s, n - 1, |s, i| {
        dependency(
            s,
            &format!("P.c{i:05}"),
            &format!("P.c{:05}", i + 1),
            "requires",
        );
    });
    for code in &codes {
        write!(
            s,
            r#",{{"prerequisite":"P.c{:05}","dependent":"P.c00000","kind":"conditional_on","demanded_by":"{code}","basis":"stated","sources":["S1"]}}"#,
            n - 1
        )
        .unwrap();
    }
    s.push_str("]}");
    s
}

/// A commitment due 2030, a chain of `n` programmes without commitments,
/// and a commitment due 2020 at its end.
fn empty_chain(n: usize) -> String {
    let mut s = String::from(HEAD);
    s.push_str(r#","programmes":["#);
    programme(&mut s, "A");
    s.push(',');
    programme(&mut s, "Z");
    s.push(',');
    list(&mut s, n, |s, i| programme(s, &format!("E{i:05}")));
    s.push_str(r#"],"commitments":["#);
    commitment(&mut s, "A.a", "2030");
    s.push(',');
    commitment(&mut s, "Z.z", "2020");
    s.push_str(r#"],"dependencies":["#);
    dependency(&mut s, "A.a", "E00000", "requires");
    for i in 1..n {
        s.push(',');
        dependency(
            &mut s,
            &format!("E{:05}", i - 1),
            &format!("E{i:05}"),
            "requires",
        );
    }
    s.push(',');
    dependency(&mut s, &format!("E{:05}", n - 1), "Z.z", "requires");
    s.push_str("]}");
    s
}

/// `n` programmes of one commitment each.
fn many_programmes(n: usize) -> String {
    let mut s = String::from(HEAD);
    s.push_str(r#","programmes":["#);
    list(&mut s, n, |s, i| programme(s, &format!("P{i:05}")));
    s.push_str(r#"],"commitments":["#);
    list(&mut s, n, |s, i| {
        commitment(s, &format!("P{i:05}.c"), "2025-06");
    });
    s.push_str(r#"],"dependencies":[]}"#);
    s
}

struct Case {
    name: &'static str,
    make: fn() -> String,
}

const CASES: &[Case] = &[
    Case {
        name: "programme-pair-6000",
        make: || programme_pair(6_000),
    },
    Case {
        name: "closed-chain-20000-by-12",
        make: || closed_chain(20_000, 12),
    },
    Case {
        name: "empty-programme-chain-20000",
        make: || empty_chain(20_000),
    },
    Case {
        name: "programmes-30000",
        make: || many_programmes(30_000),
    },
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/worst-cases")
}

/// Peak resident memory of this process, in bytes (Linux only).
fn peak_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// In the child: every query and export on the file, timed.
fn run_case(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let as_of: chrono::NaiveDate = "2026-12-01".parse()?;
    let mut out = std::io::stdout().lock();
    let mut step = |name: &str, f: &mut dyn FnMut() -> usize| -> std::io::Result<()> {
        let t = Instant::now();
        let size = f();
        writeln!(
            out,
            "  {name:<22} {:>9.3} s  {size:>10} items/bytes",
            t.elapsed().as_secs_f64()
        )
    };
    let mut agenda = None;
    step("load", &mut || {
        agenda = Some(Agenda::from_json_file(path));
        agenda
            .as_ref()
            .and_then(|a| a.as_ref().ok())
            .map_or(0, |a| a.commitments().len())
    })?;
    let a = agenda.ok_or("the case did not load")??;
    let first: NodeId = a
        .commitments()
        .first()
        .ok_or("no commitment")?
        .id
        .clone()
        .into();
    let last: NodeId = a
        .commitments()
        .last()
        .ok_or("no commitment")?
        .id
        .clone()
        .into();
    step("prerequisites", &mut || {
        a.prerequisites(&last).map_or(0, |v| v.len())
    })?;
    step("dependents", &mut || {
        a.dependents(&first).map_or(0, |v| v.len())
    })?;
    step("schedule", &mut || a.schedule().len())?;
    step("waves", &mut || a.waves(Some(as_of)).len())?;
    step("overdue", &mut || a.overdue(as_of).len())?;
    step("why-blocked", &mut || {
        a.why_blocked(&last, as_of).map_or(0, |v| v.len())
    })?;
    step("ready-if-done", &mut || {
        a.ready_if_done(&first, as_of).map_or(0, |v| v.len())
    })?;
    step("conflicts", &mut || a.deadline_conflicts().len())?;
    step("latest-dates", &mut || a.latest_dates().len())?;
    step("deadlocks", &mut || a.deadlocks().len())?;
    step("critical-path", &mut || {
        a.critical_path(&last).map_or(0, |p| p.steps.len())
    })?;
    step("slip", &mut || {
        a.slip(&first, Slip::Months(6)).map_or(0, |v| v.len())
    })?;
    step("progress", &mut || a.progress(as_of).by_programme.len())?;
    step("obligations", &mut || a.obligations().len())?;
    step("depth", &mut || {
        a.depth(as_of, &DepthScale::default()).by_sector.len()
    })?;
    step("export dot", &mut || {
        a.to_dot(&DotOptions::new(as_of)).len()
    })?;
    step("export mermaid", &mut || {
        a.to_mermaid_flowchart(&FlowchartOptions::new(as_of)).len()
    })?;
    step("export gantt", &mut || {
        a.to_mermaid_gantt(&GanttOptions::new("deadlines")).len()
    })?;
    step("export ical", &mut || {
        a.to_ical(&IcalOptions::new(as_of)).len()
    })?;
    step("export json", &mut || a.to_json_string().len())?;
    writeln!(out, "peak {}", peak_bytes().unwrap_or(0))?;
    Ok(())
}

/// In the child: 1.2 GB of white space on standard input must be refused
/// at the size limit, without holding it in memory.
fn run_pipe() -> Result<(), Box<dyn std::error::Error>> {
    let result = Agenda::from_json_reader(std::io::stdin().lock());
    let message = match result {
        Ok(_) => return Err("1.2 GB of white space loaded".into()),
        Err(e) => e.to_string(),
    };
    if message.len() > 300 || message.contains('\n') {
        return Err(format!("the error is {} bytes or several lines", message.len()).into());
    }
    println!("  refused: {message}");
    println!("peak {}", peak_bytes().unwrap_or(0));
    Ok(())
}

fn check(name: &str, mut child: Command, feed: Option<u64>, seconds: u64) -> Result<(), String> {
    let t = Instant::now();
    let mut child = child
        .stdout(Stdio::piped())
        .stdin(if feed.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .spawn()
        .map_err(|e| e.to_string())?;
    if let (Some(total), Some(mut stdin)) = (feed, child.stdin.take()) {
        let chunk = vec![b' '; 1 << 20];
        let mut sent = 0;
        // The child stops reading at the limit; a broken pipe ends the feed.
        while sent < total && stdin.write_all(&chunk).is_ok() {
            sent += chunk.len() as u64;
        }
    }
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let elapsed = t.elapsed();
    let text = String::from_utf8_lossy(&output.stdout);
    let peak: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("peak "))
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    for line in text.lines().filter(|l| !l.starts_with("peak ")) {
        println!("{line}");
    }
    println!(
        "{name}: {:.2} s, peak {} MiB",
        elapsed.as_secs_f64(),
        peak / (1 << 20)
    );
    if !output.status.success() {
        return Err(format!("{name}: the child failed ({})", output.status));
    }
    if elapsed > Duration::from_secs(seconds) {
        return Err(format!("{name}: over {seconds} s"));
    }
    if peak > MAX_BYTES {
        return Err(format!("{name}: over 1 GiB"));
    }
    Ok(())
}

#[allow(clippy::cast_precision_loss)]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let [flag, path] = args.as_slice() {
        if flag == "--case" {
            return match run_case(Path::new(path)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            };
        }
    }
    if args.first().map(String::as_str) == Some("--pipe") {
        return match run_pipe() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    let only = args.first();
    let me = std::env::current_exe().expect("the bench's own path");
    let mut failed = Vec::new();
    for case in CASES {
        if only.is_some_and(|o| o != case.name) {
            continue;
        }
        let path = dir().join(format!("{}.json", case.name));
        std::fs::create_dir_all(dir()).expect("target/worst-cases");
        std::fs::write(&path, (case.make)()).expect("a worst case written");
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        println!("\n{} ({:.1} MB)", case.name, size as f64 / 1e6);
        let mut child = Command::new(&me);
        child.arg("--case").arg(&path);
        if let Err(e) = check(case.name, child, None, SECONDS) {
            failed.push(e);
        }
    }
    if only.is_none_or(|o| o == "pipe") {
        println!("\npipe (1.2 GB of white space on standard input)");
        let mut child = Command::new(&me);
        child.arg("--pipe");
        // Not an input under 10 MB: its budget is memory, and time enough
        // to read the gigabyte the limit allows.
        if let Err(e) = check("pipe", child, Some(1_200_000_000), 30) {
            failed.push(e);
        }
    }
    if failed.is_empty() {
        println!("\nevery worst case within {SECONDS} s and 1 GiB");
        ExitCode::SUCCESS
    } else {
        for f in &failed {
            eprintln!("{f}");
        }
        ExitCode::FAILURE
    }
}
