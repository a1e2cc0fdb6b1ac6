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
