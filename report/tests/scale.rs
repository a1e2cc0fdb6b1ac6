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
