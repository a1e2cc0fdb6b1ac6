//! The pictures the crate's documentation and README show are generated
//! from the shipped dataset; this test fails when a copy under `docs/` is
//! out of date (`UPDATE_DOCS=1 cargo test -p union-state-report --test docs`
//! rewrites them).

use std::path::PathBuf;

use union_state_report::{ReportOptions, Scope, dependency_svg, progress_svg, render};

fn docs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

fn update() -> bool {
    std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1")
}

/// Compares `fresh` with `docs/name`, or rewrites it under `UPDATE_DOCS=1`.
fn check(name: &str, fresh: &str) {
    let path = docs().join(name);
    if update() {
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == fresh,
        "docs/{name} is out of date: run `UPDATE_DOCS=1 cargo test -p union-state-report --test docs`"
    );
}

/// The pictures of the crate docs, and the dates they are drawn as of.
pub const PICTURES: [&str; 2] = ["progress.svg", "dependencies-up16.svg"];

#[test]
fn the_pictures_are_current() {
    let agenda = union_state::dataset();
    check(
        "progress.svg",
        &progress_svg(agenda, "2026-12-01".parse().unwrap()),
    );
    check(
        "dependencies-up16.svg",
        &dependency_svg(
            agenda,
            &Scope::Programme("UP16".parse().unwrap()),
            "2025-01-01".parse().unwrap(),
        ),
    );
}

#[test]
fn the_crate_docs_include_every_picture_and_the_package_ships_them() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("\"docs/*.svg\""),
        "`include` lacks docs/*.svg"
    );
    for name in PICTURES {
        assert!(
            lib.contains(&format!("#![doc = include_str!(\"../docs/{name}\")]")),
            "src/lib.rs does not include docs/{name}"
        );
        let svg = std::fs::read_to_string(docs().join(name)).unwrap();
        // Markdown passes an HTML block through only up to a blank line,
        // and the docs must not point into the repository.
        assert!(!svg.contains("\n\n"), "{name} has a blank line");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" "));
        assert!(!svg.contains("href=\"docs/") && !svg.contains("src="));
    }
}

/// 64-bit FNV-1a, to record which page the README's screenshot shows.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[test]
fn the_readme_screenshot_shows_the_current_report() {
    // `docs/report.png` is taken by the browser step of `.ci/run` from this
    // very page (`UPDATE_DOCS=1 bash .ci/run` retakes it); the hash of the
    // page it was taken from is kept beside it.
    let html = render(
        union_state::dataset(),
        &ReportOptions::new("2026-12-01".parse().unwrap()),
    );
    check(
        "report.png.source",
        &format!("{:016x}\n", fnv1a(html.as_bytes())),
    );
    if !update() {
        assert!(
            docs().join("report.png").is_file(),
            "docs/report.png is missing"
        );
    }
    let readme = std::fs::read_to_string(docs().join("../README.md")).unwrap();
    assert!(readme.contains("## The report"));
    assert!(
        readme.contains("(docs/report.png)"),
        "the README does not show docs/report.png"
    );
}

#[test]
fn fnv_matches_its_reference_values() {
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
}
