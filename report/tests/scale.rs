//! The page grows linearly with the agenda: bytes per commitment stay
//! bounded on generated agendas of growing size (the charts are capped, the
//! tables hold one row per commitment).

use union_state_report::{ReportOptions, render};
use union_state_synth::{SynthConfig, generate};

fn size(n: usize) -> usize {
    let agenda = generate(&SynthConfig {
        commitments: n,
        ..SynthConfig::default()
    });
    render(&agenda, &ReportOptions::new("2026-12-01".parse().unwrap())).len()
}

#[test]
fn bytes_per_commitment_stay_bounded() {
    let sizes: Vec<(usize, usize)> = [500, 1_000, 2_000].iter().map(|&n| (n, size(n))).collect();
    for &(n, bytes) in &sizes {
        // About 700 bytes a commitment in the dataset's tables, plus the
        // capped charts: well under 1,200 a commitment once past 500.
        assert!(
            bytes < 1_200 * n + 300_000,
            "{n} commitments: {bytes} bytes"
        );
    }
    let (a, b) = (sizes[1].1, sizes[2].1);
    assert!(
        b < a * 23 / 10,
        "doubling the agenda took the page from {a} to {b} bytes"
    );
}

/// The x of every year label (a `<text>` holding only a four-digit year)
/// in each chart of `page`, chart by chart.
fn year_labels(page: &str) -> Vec<Vec<f64>> {
    page.split("<svg ")
        .skip(1)
        .map(|chart| {
            chart
                .split("<text ")
                .skip(1)
                .filter_map(|t| {
                    let (attrs, rest) = t.split_once('>')?;
                    let body = rest.split('<').next()?;
                    if body.len() != 4 || !body.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    let x = attrs.split("x=\"").nth(1)?.split('"').next()?;
                    x.parse().ok()
                })
                .collect()
        })
        .collect()
}

/// A far deadline or a far date asked about does not crowd the date axes
/// with a label a year (their labels stay at least 36 units apart, with
/// some on every axis) nor swell the page: the progress series is capped
/// at about 400 samples however many months it spans.
#[test]
fn long_spans_keep_axes_readable_and_the_page_small() {
    let minimal = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/data/minimal.json"
    ))
    .unwrap();
    let far_deadline = minimal.replacen("\"2023-12-01\"", "\"2060\"", 1);
    assert_ne!(far_deadline, minimal);
    for (text, as_of) in [
        (&minimal, "2024-01-01"),
        (&far_deadline, "2024-01-01"),
        (&minimal, "2100-01-01"),
        (&minimal, "9999-12-31"),
    ] {
        let agenda = union_state::Agenda::from_json_str(text).unwrap();
        let page = render(&agenda, &ReportOptions::new(as_of.parse().unwrap()));
        assert!(page.len() < 200_000, "as of {as_of}: {} bytes", page.len());
        let charts = year_labels(&page);
        assert!(
            charts.iter().filter(|c| !c.is_empty()).count() >= 2,
            "as of {as_of}"
        );
        for xs in &charts {
            for pair in xs.windows(2) {
                assert!(
                    (pair[1] - pair[0]).abs() >= 36.0,
                    "as of {as_of}: year labels at {} and {}",
                    pair[0],
                    pair[1]
                );
            }
        }
    }
}

/// The progress series, read as the step line the chart draws (each
/// sample holds until the next), agrees with `Agenda::progress` on every
/// day of its span, for agendas where states join and leave in the middle
/// of a month (an `each` commitment's status then changes with no event):
/// the three-states example, and one where KZ joins on 10 January 2024.
#[test]
fn the_progress_line_agrees_with_progress_on_every_day() {
    let join = r#"{ "format": "union-state/2",
      "states": [ { "code": "BY", "name": "Belarus" }, { "code": "RU", "name": "Russia" },
                  { "code": "KZ", "name": "Kazakhstan", "joined": "2024-01-10" } ],
      "sources": [ { "id": "S1", "title": "A report", "url": "https://example.org/1" } ],
      "programmes": [ { "id": "T", "title": "Tax rules", "sector": "tax", "basis": "stated",
                        "states": ["BY", "RU", "KZ"], "sources": ["S1"] } ],
      "commitments": [ { "id": "T.law", "title": "Align VAT law", "acting": { "each": ["BY", "KZ"] },
        "deadline": { "date": "2025", "basis": "stated", "sources": ["S1"] },
        "events": [ { "date": "2023-05-01", "status": "done", "state": "BY", "basis": "stated", "sources": ["S1"] } ],
        "basis": "stated", "sources": ["S1"] } ] }"#;
    let three = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/three-states.json"
    ))
    .unwrap();
    for (name, text, as_of) in [
        ("join", join, "2024-03-01"),
        ("three-states", three.as_str(), "2025-06-01"),
    ] {
        let agenda = union_state::Agenda::from_json_str(text).unwrap();
        let as_of: chrono::NaiveDate = as_of.parse().unwrap();
        let samples = union_state_report::chart::series(&agenda, as_of);
        let first = samples.first().unwrap().date;
        let mut day = first;
        while day <= as_of {
            let shown = samples.iter().take_while(|s| s.date <= day).last().unwrap();
            let p = agenda.progress(day);
            let by_state: Vec<(usize, usize)> = agenda
                .states()
                .iter()
                .map(|s| {
                    p.by_state
                        .get(&s.code)
                        .map_or((0, 0), |t| (t.done, t.total))
                })
                .collect();
            assert_eq!(
                (shown.done, shown.programmes_done, &shown.by_state),
                (p.overall.done, p.programmes_done.len(), &by_state),
                "{name}: {day} (line from the sample of {})",
                shown.date
            );
            day = day.succ_opt().unwrap();
        }
    }
}
