//! One self-contained HTML page of a `union-state` agenda, for analysts and
//! journalists to mail or publish as it is: no script, and no font, style
//! or picture from outside (a `Content-Security-Policy` forbids them too).
//!
//! [`render`] returns the page. It shows, as of a date:
//!
//! - the headline answer: commitments done, due and overdue, programmes
//!   complete, beside the latest official claim;
//! - progress over time computed from the dated events, with every official
//!   claim plotted at its date and value ([`chart`]);
//! - the programmes by integration mode and sector, each with its status
//!   bar and its commitments: deadlines with their stated precision, who
//!   must act, sources; inferred and uncertain facts are marked;
//! - a Gantt chart of the deadlines, moves drawn from the old date to the
//!   new ([`gantt`]);
//! - the dependency view, laid out here with no external program
//!   ([`graph`]);
//! - deadlocks, deadline conflicts and what a slip would break, as tables.
//!
//! Every text of the agenda is untrusted: the page is written with
//! [maud](https://docs.rs/maud), which escapes every interpolated value, and
//! only `http:` and `https:` URLs become links.
//!
//! # Example
//!
//! ```
//! use union_state_report::{ReportOptions, render};
//! let agenda = union_state::dataset();
//! let html = render(agenda, &ReportOptions::new("2026-12-01".parse()?));
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(!html.contains("<script"));
//! # Ok::<(), chrono::ParseError>(())
//! ```

#![forbid(unsafe_code)]
// Drawing code names coordinates x, y, w, h as geometry does; markup
// functions are long because the page is.
#![allow(clippy::many_single_char_names, clippy::too_many_lines)]

pub mod chart;
pub mod gantt;
pub mod graph;
pub mod look;
mod page;

use chrono::NaiveDate;
use union_state::Agenda;

pub use graph::Scope;

/// What to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    /// The date the report is as of.
    pub as_of: NaiveDate,
    /// The page's title; default: "Union State agenda".
    pub title: Option<String>,
    /// The dependency view drawn below the whole agenda's (the whole agenda
    /// alone when `None`).
    pub focus: Option<union_state::ProgrammeId>,
}

impl ReportOptions {
    /// A report as of `as_of`, with the default title and no focus.
    pub fn new(as_of: NaiveDate) -> Self {
        ReportOptions {
            as_of,
            title: None,
            focus: None,
        }
    }
}

/// The whole report as one HTML page. A control character in the
/// agenda's texts is shown as U+FFFD (see
/// [`union_state::export::is_unprintable`]).
pub fn render(agenda: &Agenda, options: &ReportOptions) -> String {
    printable(page::page(agenda, options).into_string())
}

/// `text` with each control character that HTML and SVG forbid (see
/// [`union_state::export::is_unprintable`]) replaced by U+FFFD: the
/// agenda's texts may hold them, the page's own markup never does.
fn printable(text: String) -> String {
    use union_state::export::is_unprintable;
    if text.contains(is_unprintable) {
        text.chars()
            .map(|c| if is_unprintable(c) { '\u{FFFD}' } else { c })
            .collect()
    } else {
        text
    }
}

/// An SVG made standalone: with its XML namespace, and the opening tag on a
/// line of its own so that Markdown (rustdoc) passes it through as HTML.
pub fn standalone(svg: &maud::Markup) -> String {
    let text =
        printable(svg.0.clone()).replacen("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 1);
    match text.find('>') {
        Some(end) => {
            let (open, rest) = text.split_at(end + 1);
            format!("{open}\n{rest}\n")
        }
        None => text,
    }
}

/// The progress-over-time chart of `agenda` as of `as_of`, standalone.
pub fn progress_svg(agenda: &Agenda, as_of: NaiveDate) -> String {
    let samples = chart::series(agenda, as_of);
    let checks = agenda.claims_vs_data();
    standalone(&chart::progress_chart(
        agenda,
        &samples,
        &checks,
        "progress-chart",
    ))
}

/// The dependency view of `scope` as of `as_of`, standalone.
pub fn dependency_svg(agenda: &Agenda, scope: &Scope, as_of: NaiveDate) -> String {
    standalone(&graph::dependency_chart(
        agenda,
        scope,
        as_of,
        "dependency-chart",
    ))
}

/// The Gantt chart of the deadlines as of `as_of`, standalone.
pub fn gantt_svg(agenda: &Agenda, as_of: NaiveDate) -> String {
    standalone(&gantt::gantt(agenda, as_of, "gantt-chart"))
}

/// The least room, in SVG units, between two year labels on a date axis:
/// a four-digit year at the charts' font sizes is about 26 wide.
const MIN_YEAR_GAP: f64 = 40.0;

/// How many years apart a date axis drawn `px_per_year` units to the year
/// labels its years: 1, 2 or 5 times a power of ten, the least that leaves
/// [`MIN_YEAR_GAP`] between labels (every year on a chart of a few years,
/// every 50 on one of centuries).
pub(crate) fn year_step(px_per_year: f64) -> i32 {
    let mut base = 1;
    loop {
        for step in [base, 2 * base, 5 * base] {
            // Ten thousand years span every date there is.
            if f64::from(step) * px_per_year >= MIN_YEAR_GAP || step >= 10_000 {
                return step;
            }
        }
        base *= 10;
    }
}

/// A number for SVG: at most one decimal, no `-0`.
pub(crate) fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 {
        return "0".to_owned();
    }
    let s = format!("{r:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_owned)
}

/// `text` cut to `n` characters, with an ellipsis when cut.
pub(crate) fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(n.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.25), "1.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(-2.5), "-2.5");
    }

    #[test]
    fn shortening_counts_characters() {
        assert_eq!(short("Газ", 3), "Газ");
        assert_eq!(short("Газовый", 4), "Газ…");
    }
}
