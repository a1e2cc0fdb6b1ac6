//! Exports checked against golden files and real parsers: iCalendar parsed
//! back by the `icalendar` crate, DOT rendered by Graphviz's `dot` (when it
//! is installed), Mermaid checked for its structure.
//!
//! Set `UPDATE_GOLDEN=1` to rewrite the golden files after a deliberate
//! change, then review the diff.

use std::path::Path;
use std::process::{Command, Stdio};

use union_state::export::*;
use union_state::*;

fn fixture() -> Agenda {
    Agenda::from_json_file("tests/exports/agenda.json").unwrap()
}

fn as_of() -> chrono::NaiveDate {
    "2023-01-09".parse().unwrap()
}

#[track_caller]
fn golden(name: &str, actual: &str) {
    let path = Path::new("tests/exports").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden file {}", path.display()));
    assert_eq!(
        actual,
        expected,
        "{} differs; rerun with UPDATE_GOLDEN=1 and review",
        path.display()
    );
}

#[test]
fn dot_golden() {
    golden("agenda.dot", &fixture().to_dot(&DotOptions::new(as_of())));
}

#[test]
fn mermaid_golden() {
    let a = fixture();
    golden(
        "agenda.flowchart.mmd",
        &a.to_mermaid_flowchart(&FlowchartOptions::new(as_of())),
    );
    golden(
        "agenda.gantt.mmd",
        &a.to_mermaid_gantt(&GanttOptions::new("Deadlines")),
    );
    let mut by_state = GanttOptions::new("By state, 2022");
    by_state.grouping = GanttGrouping::State;
    by_state.window = Some(("2022-01-01".parse().unwrap(), "2022-12-31".parse().unwrap()));
    golden("agenda.gantt-by-state.mmd", &a.to_mermaid_gantt(&by_state));
}

#[test]
fn ical_golden() {
    golden("agenda.ics", &fixture().to_ical(&IcalOptions::new(as_of())));
}

#[test]
fn ical_lines_are_crlf_and_folded_at_75_octets() {
    for ics in [
        fixture().to_ical(&IcalOptions::new(as_of())),
        union_state::dataset().to_ical(&IcalOptions::new(as_of())),
    ] {
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for line in ics.split_inclusive('\n') {
            assert!(line.ends_with("\r\n"), "{line:?}");
            assert!(line.len() <= 77, "{} octets: {line:?}", line.len() - 2);
        }
        // No bare LF anywhere.
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
    }
}

#[test]
fn ical_parses_back_with_the_same_events() {
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
    for agenda in [fixture(), union_state::dataset().clone()] {
        let ics = agenda.to_ical(&IcalOptions::new(as_of()));
        let calendar: Calendar = ics.parse().unwrap();
        let events: Vec<_> = calendar
            .components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect();
        let dated: Vec<&Commitment> = agenda
            .commitments()
            .iter()
            .filter(|c| c.due().is_some())
            .collect();
        assert_eq!(events.len(), dated.len());
        for event in events {
            let uid = event.get_uid().unwrap();
            let id = uid.strip_suffix("@union-state").unwrap();
            let c = agenda.commitment(&id.parse().unwrap()).unwrap();
            assert_eq!(
                event.get_start(),
                Some(DatePerhapsTime::Date(c.due().unwrap().last_day())),
                "{id}"
            );
            // The parser unfolds the lines and unescapes the text.
            assert_eq!(
                event.get_summary().unwrap(),
                format!("{}: {}", c.id, c.title)
            );
            let description = event.get_description().unwrap();
            assert!(
                description.contains(&format!("Deadline as worded: {}", c.due().unwrap())),
                "{description}"
            );
        }
    }
}

fn dot_available() -> bool {
    Command::new("dot")
        .arg("-V")
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Renders DOT with Graphviz; the output must be produced with nothing on
/// standard error (no warnings).
fn render(dot: &str) {
    use std::io::Write;
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "dot warned");
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
}

#[test]
fn graphviz_renders_without_warnings() {
    if !dot_available() {
        assert!(
            std::env::var_os("UNION_STATE_REQUIRE_DOT").is_none(),
            "UNION_STATE_REQUIRE_DOT is set but Graphviz `dot` is not installed"
        );
        eprintln!(
            "note: Graphviz `dot` is not installed; skipping the rendering check (.ci/run installs it)"
        );
        return;
    }
    render(&fixture().to_dot(&DotOptions::new(as_of())));
    render(&union_state::dataset().to_dot(&DotOptions::new(as_of())));
    let mut energy = DotOptions::new(as_of());
    energy.programmes = Some(vec![
        "UP16".parse().unwrap(),
        "UP17".parse().unwrap(),
        "UP18".parse().unwrap(),
    ]);
    render(&union_state::dataset().to_dot(&energy));
}

#[test]
fn mermaid_structure() {
    for agenda in [fixture(), union_state::dataset().clone()] {
        let chart = agenda.to_mermaid_flowchart(&FlowchartOptions::new(as_of()));
        let mut declared = std::collections::BTreeSet::new();
        for line in chart.lines().skip(1) {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("subgraph ") {
                declared.insert(rest.split('[').next().unwrap().to_owned());
            } else if line.contains("[\"") {
                declared.insert(line.split('[').next().unwrap().to_owned());
            }
        }
        for id in &declared {
            assert!(
                id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{id}"
            );
            assert!(id.starts_with("c_") || id.starts_with("p_"), "{id}");
        }
        let edges: Vec<&str> = chart
            .lines()
            .filter(|l| l.contains("--") || l.contains("-."))
            .collect();
        assert_eq!(edges.len(), agenda.dependencies().len());
        for edge in edges {
            let words: Vec<&str> = edge.split_whitespace().collect();
            assert!(declared.contains(words[0]), "{edge}");
            assert!(declared.contains(*words.last().unwrap()), "{edge}");
        }
        let gantt = agenda.to_mermaid_gantt(&GanttOptions::new("Deadlines"));
        let tasks = gantt.lines().filter(|l| l.contains(":milestone,")).count();
        assert_eq!(
            tasks,
            agenda
                .commitments()
                .iter()
                .filter(|c| c.due().is_some())
                .count()
        );
        for task in gantt.lines().filter(|l| l.contains(":milestone,")) {
            assert_eq!(task.matches(':').count(), 1, "{task}");
        }
    }
}

/// Every control character: C0, DEL and C1.
fn controls() -> String {
    (0u32..0x20)
        .chain(0x7f..0xa0)
        .filter_map(char::from_u32)
        .collect()
}

/// The dataset with every text (titles, names, notes, summaries, places,
/// claims' texts) holding every control character.
fn with_controls() -> Agenda {
    fn poison(v: &mut serde_json::Value, n: &mut usize) {
        match v {
            serde_json::Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    match (key.as_str(), &mut *value) {
                        (
                            "title" | "name" | "note" | "text" | "claimant" | "publisher"
                            | "summary" | "title_ru" | "place",
                            serde_json::Value::String(s),
                        ) => {
                            *s = format!("[{}] {s} {n}", controls());
                            *n += 1;
                        }
                        _ => poison(value, n),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| poison(i, n)),
            _ => {}
        }
    }
    let mut v: serde_json::Value = serde_json::from_str(union_state::DATASET_JSON).unwrap();
    let mut n = 0;
    poison(&mut v, &mut n);
    assert!(n > 500, "only {n} texts changed");
    v["about"]["calendar"] = serde_json::json!(format!("Deadlines {}", controls()));
    Agenda::from_json_str(&v.to_string()).unwrap()
}

/// An agenda's texts may hold control characters; no export writes one
/// (but tab, line feed and carriage return), each writes U+FFFD in its
/// place, the calendar still parses, and Graphviz still reads the DOT.
#[test]
fn control_characters_in_texts_are_replaced_in_every_export() {
    let agenda = with_controls();
    let mut gantt_by_state = GanttOptions::new("By state");
    gantt_by_state.grouping = GanttGrouping::State;
    let exports = [
        ("dot", agenda.to_dot(&DotOptions::new(as_of()))),
        (
            "flowchart",
            agenda.to_mermaid_flowchart(&FlowchartOptions::new(as_of())),
        ),
        (
            "gantt",
            agenda.to_mermaid_gantt(&GanttOptions::new("Deadlines")),
        ),
        ("gantt by state", agenda.to_mermaid_gantt(&gantt_by_state)),
        ("ical", agenda.to_ical(&IcalOptions::new(as_of()))),
    ];
    for (name, text) in &exports {
        let bad: Vec<char> = text.chars().filter(|&c| is_unprintable(c)).collect();
        assert!(
            bad.is_empty(),
            "{name}: {} control characters, first {:?}",
            bad.len(),
            &bad[..bad.len().min(5)]
        );
        assert!(text.contains('\u{FFFD}'), "{name}");
    }
    let ics = &exports[4].1;
    let calendar: icalendar::Calendar = ics.parse().unwrap();
    assert!(calendar.components.len() > 20);
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
    }
    if dot_available() {
        render(&exports[0].1);
    }
}

/// Grouped by state, every dated commitment is in the chart: one a state
/// acts on under each acting state, one an institution acts on under that
/// institution's own section (tests/fixtures/multiparty.json: `T.rules`,
/// acted on by the council).
#[test]
fn the_gantt_by_state_holds_every_dated_commitment() {
    let agenda = Agenda::from_json_file("tests/fixtures/multiparty.json").unwrap();
    let mut options = GanttOptions::new("By state");
    options.grouping = GanttGrouping::State;
    let chart = agenda.to_mermaid_gantt(&options);
    let mut section = String::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    for line in chart.lines() {
        if let Some(name) = line.trim().strip_prefix("section ") {
            section = name.to_owned();
        } else if line.contains(":milestone") {
            let id = line.trim().split(' ').next().unwrap().to_owned();
            seen.push((section.clone(), id));
        }
    }
    for c in agenda.commitments().iter().filter(|c| c.due().is_some()) {
        let mut sections: Vec<&str> = seen
            .iter()
            .filter(|(_, id)| *id == c.id.as_str())
            .map(|(s, _)| s.as_str())
            .collect();
        sections.sort_unstable();
        let mut expected: Vec<String> = match &c.acting {
            Actors::Institution(i) => vec![format!("{i} (institution)")],
            acting => acting.states().iter().map(ToString::to_string).collect(),
        };
        expected.sort();
        assert_eq!(sections, expected, "{}", c.id);
    }
    assert!(chart.contains("section council (institution)"), "{chart}");
}
