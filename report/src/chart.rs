//! Progress over time, computed from the dated events, against every
//! official claim: two SVG line charts (share of commitments done, and
//! programmes complete) with the claims plotted at their dates.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate};
use maud::{Markup, html};
use union_state::query::ClaimCheck;
use union_state::{Agenda, Precision, Qualifier};

use crate::num;

/// One sampled day of the progress series.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// The day.
    pub date: NaiveDate,
    /// Commitments done of all, overall.
    pub done: usize,
    /// All commitments.
    pub total: usize,
    /// Programmes whose every commitment is done.
    pub programmes_done: usize,
    /// Per state (in the agenda's order): done and total of the
    /// commitments it acts on, its own part.
    pub by_state: Vec<(usize, usize)>,
}

/// At most about this many samples; beyond it the series is sampled at
/// month ends only, and over a span of more months than this at every so
/// many month ends.
const MAX_SAMPLES: usize = 400;

/// The first day the series starts on: the earliest status event, claim,
/// or instrument that set a programme or commitment, not after `as_of`
/// (older treaties the agenda cites do not stretch the chart), or a year
/// before `as_of`.
fn start(agenda: &Agenda, as_of: NaiveDate) -> NaiveDate {
    let setters = agenda
        .programmes()
        .iter()
        .filter_map(|p| p.set_by.as_ref())
        .chain(
            agenda
                .commitments()
                .iter()
                .filter_map(|c| c.set_by.as_ref()),
        )
        .filter_map(|id| agenda.instrument(id))
        .map(|i| i.date.first_day());
    let dates = agenda
        .commitments()
        .iter()
        .flat_map(|c| c.events.iter().map(|e| e.date.first_day()))
        .chain(setters)
        .chain(agenda.claims().iter().map(|c| c.date.first_day()));
    let earliest = dates.filter(|d| *d <= as_of).min();
    let fallback = as_of.checked_sub_days(Days::new(365)).unwrap_or(as_of);
    match earliest {
        Some(d) if d < as_of => d,
        _ => fallback,
    }
}

/// The days the series is sampled on: every day an event, a signature, a
/// ratification or an entry into force takes effect or a state starts or
/// stops being bound, each month end, the
/// first day and `as_of`; month ends only when that is too many, and over
/// a span of many years only every so many month ends.
fn sample_days(agenda: &Agenda, first: NaiveDate, as_of: NaiveDate) -> Vec<NaiveDate> {
    let mut months = BTreeSet::new();
    let mut d = first;
    while d < as_of {
        let next = NaiveDate::from_ymd_opt(d.year(), d.month(), 1)
            .and_then(|m| m.checked_add_months(chrono::Months::new(1)))
            .and_then(|m| m.pred_opt());
        match next {
            Some(end) if end > d => {
                months.insert(end.min(as_of));
                d = end.succ_opt().unwrap_or(as_of);
            }
            _ => break,
        }
    }
    months.insert(first);
    months.insert(as_of);
    let mut days = months.clone();
    let within = |d: NaiveDate| d >= first && d <= as_of;
    for c in agenda.commitments() {
        days.extend(
            c.events
                .iter()
                .map(|e| e.date.last_day())
                .filter(|d| within(*d)),
        );
    }
    // The days a state starts or stops being bound: an `each`
    // commitment's status can change on them with no event.
    for s in agenda.states() {
        let (from, until) = s.bound();
        days.extend(
            [from, until.and_then(|u| u.succ_opt())]
                .into_iter()
                .flatten()
                .filter(|d| within(*d)),
        );
    }
    for i in agenda.instruments() {
        let dated = i
            .signed
            .iter()
            .map(|s| s.date)
            .chain(i.ratified.iter().map(|r| r.date))
            .chain(i.in_force.iter().map(|f| f.date));
        days.extend(
            dated
                .map(union_state::PartialDate::last_day)
                .filter(|d| within(*d)),
        );
    }
    if days.len() > MAX_SAMPLES {
        // Month ends only, and over a long span only every so many of
        // them (with the first day and `as_of`).
        let every = months.len().div_ceil(MAX_SAMPLES).max(1);
        days = months
            .iter()
            .enumerate()
            .filter(|(i, d)| i % every == 0 || **d == first || **d == as_of)
            .map(|(_, d)| *d)
            .collect();
    }
    days.into_iter().collect()
}

/// Progress sampled from the first dated thing to `as_of`.
pub fn series(agenda: &Agenda, as_of: NaiveDate) -> Vec<Sample> {
    let first = start(agenda, as_of);
    sample_days(agenda, first, as_of)
        .into_iter()
        .map(|date| {
            let p = agenda.progress(date);
            let by_state = agenda
                .states()
                .iter()
                .map(|s| {
                    p.by_state
                        .get(&s.code)
                        .map_or((0, 0), |t| (t.done, t.total))
                })
                .collect();
            Sample {
                date,
                done: p.overall.done,
                total: p.overall.total,
                programmes_done: p.programmes_done.len(),
                by_state,
            }
        })
        .collect()
}

/// The plot area of a chart and its scales.
struct Frame {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    first: NaiveDate,
    last: NaiveDate,
    y_max: f64,
}

impl Frame {
    #[allow(clippy::cast_precision_loss)]
    fn x(&self, d: NaiveDate) -> f64 {
        let span = (self.last - self.first).num_days().max(1) as f64;
        let at = (d.clamp(self.first, self.last) - self.first).num_days() as f64;
        self.left + self.width * at / span
    }

    fn y(&self, v: f64) -> f64 {
        self.top + self.height * (1.0 - (v / self.y_max).clamp(0.0, 1.0))
    }

    /// Axes, grid, year ticks and axis titles.
    #[allow(clippy::cast_precision_loss)]
    fn axes(&self, y_ticks: &[f64], y_label: &str, y_unit: &str) -> Markup {
        let bottom = self.top + self.height;
        let span = (self.last - self.first).num_days().max(1) as f64;
        let step = crate::year_step(self.width * 365.25 / span);
        let years: Vec<NaiveDate> = (self.first.year()..=self.last.year())
            .filter(|y| y.rem_euclid(step) == 0)
            .filter_map(|y| NaiveDate::from_ymd_opt(y, 1, 1))
            .filter(|d| *d >= self.first && *d <= self.last)
            .collect();
        html! {
            g class="axes" font-size="12" fill="#212529" {
                @for t in y_ticks {
                    line x1=(num(self.left)) x2=(num(self.left + self.width)) y1=(num(self.y(*t))) y2=(num(self.y(*t)))
                        stroke="#dee2e6" {}
                    text x=(num(self.left - 6.0)) y=(num(self.y(*t) + 4.0)) text-anchor="end" {
                        (num(*t)) (y_unit)
                    }
                }
                @for d in &years {
                    line x1=(num(self.x(*d))) x2=(num(self.x(*d))) y1=(num(self.top)) y2=(num(bottom))
                        stroke="#dee2e6" {}
                    text x=(num(self.x(*d))) y=(num(bottom + 16.0)) text-anchor="middle" { (d.year()) }
                }
                line x1=(num(self.left)) x2=(num(self.left)) y1=(num(self.top)) y2=(num(bottom)) stroke="#212529" {}
                line x1=(num(self.left)) x2=(num(self.left + self.width)) y1=(num(bottom)) y2=(num(bottom)) stroke="#212529" {}
                text x=(num(self.left + self.width / 2.0)) y=(num(bottom + 34.0)) text-anchor="middle" { "date" }
                text transform=(format!("translate({},{}) rotate(-90)", num(self.left - 44.0), num(self.top + self.height / 2.0)))
                    text-anchor="middle" { (y_label) }
            }
        }
    }

    /// A step line through `points` (each value holds until the next).
    fn steps(&self, points: &[(NaiveDate, f64)]) -> String {
        let mut d = String::new();
        let mut last_y = None;
        for (date, v) in points {
            let (x, y) = (num(self.x(*date)), num(self.y(*v)));
            match last_y {
                None => {
                    let _ = write!(d, "M{x},{y}");
                }
                Some(prev) => {
                    let _ = write!(d, " L{x},{prev} L{x},{y}");
                }
            }
            last_y = Some(y);
        }
        d
    }
}

/// The marker of a claim's qualifier: a circle for an exact figure, a
/// diamond for "about", a triangle pointing up for "more than" / "at
/// least" and down for "less than". Hollow when the claim is about one
/// programme or sector only.
fn claim_marker(x: f64, y: f64, qualifier: Qualifier, scoped: bool) -> Markup {
    let fill = if scoped { "#ffffff" } else { "#1c7ed6" };
    let path = match qualifier {
        Qualifier::Exact => None,
        Qualifier::About => Some(format!("M{},{} l6,6 l-6,6 l-6,-6 z", num(x), num(y - 6.0))),
        Qualifier::AtLeast | Qualifier::MoreThan => {
            Some(format!("M{},{} l6,11 l-12,0 z", num(x), num(y - 7.0)))
        }
        Qualifier::LessThan => Some(format!("M{},{} l6,-11 l-12,0 z", num(x), num(y + 7.0))),
    };
    html! {
        @match path {
            None => { circle cx=(num(x)) cy=(num(y)) r="5.5" fill=(fill) stroke="#0b3d91" stroke-width="1.5" {} }
            Some(d) => { path d=(d) fill=(fill) stroke="#0b3d91" stroke-width="1.5" {} }
        }
    }
}

/// How a claim's figure is worded: `about 90%`.
pub fn worded(qualifier: Qualifier, value: impl std::fmt::Display, unit: &str) -> String {
    match qualifier {
        Qualifier::Exact => format!("{value}{unit}"),
        q => format!("{} {value}{unit}", q.words()),
    }
}

/// The hover text of a claim: date, claimant, figure, qualifier, scope and
/// sources.
fn claim_title(n: usize, check: &ClaimCheck<'_>, figure: &str) -> String {
    let c = check.claim;
    let scope = check
        .scope
        .map_or_else(String::new, |s| format!("; about {s} only"));
    let precision = match c.date.precision() {
        Precision::Day => String::new(),
        _ => format!(" (date as precise as {}, read as {})", c.date, check.as_of),
    };
    format!(
        "claim {n}: {} — {}: {figure}{precision}{scope}; said: {}; sources: {}",
        c.date,
        c.claimant,
        c.text,
        c.sources
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The dash patterns of the per-state lines.
const DASHES: [&str; 4] = ["6 3", "2 3", "10 3 2 3", "1 5"];

/// The share of commitments done over time, overall and per state, with
/// every claim that gives a percentage at its date (claims are numbered as
/// in the claims table). `prefix` makes the SVG's ids unique in a page.
#[allow(clippy::cast_precision_loss, clippy::too_many_lines)]
pub fn progress_chart(
    agenda: &Agenda,
    samples: &[Sample],
    checks: &[ClaimCheck<'_>],
    prefix: &str,
) -> Markup {
    let (w, h) = (900.0, 420.0);
    let (Some(first), Some(last)) = (samples.first(), samples.last()) else {
        return html! {};
    };
    let plotted: Vec<(usize, &ClaimCheck<'_>)> = checks
        .iter()
        .enumerate()
        .filter(|(_, c)| c.claim.percent_done.is_some())
        .filter(|(_, c)| c.as_of >= first.date && c.as_of <= last.date)
        .map(|(i, c)| (i + 1, c))
        .collect();
    let frame = Frame {
        left: 64.0,
        top: 46.0,
        width: w - 64.0 - 150.0,
        height: h - 46.0 - 90.0,
        first: first.date,
        last: last.date,
        y_max: 100.0,
    };
    let share = |done: usize, total: usize| {
        if total == 0 {
            0.0
        } else {
            100.0 * done as f64 / total as f64
        }
    };
    let overall: Vec<(NaiveDate, f64)> = samples
        .iter()
        .map(|s| (s.date, share(s.done, s.total)))
        .collect();
    let states = agenda.states();
    let per_state: Vec<(String, Vec<(NaiveDate, f64)>)> = if states.len() > 1 {
        states
            .iter()
            .enumerate()
            .map(|(i, st)| {
                let pts = samples
                    .iter()
                    .map(|s| {
                        let (d, t) = s.by_state.get(i).copied().unwrap_or((0, 0));
                        (s.date, share(d, t))
                    })
                    .collect();
                (st.code.to_string(), pts)
            })
            .collect()
    } else {
        Vec::new()
    };
    // The labels at the lines' ends, pushed apart to be 13 px from each
    // other: (y, text, bold).
    let mut ends: Vec<(f64, String, bool)> = vec![(
        frame.y(overall.last().map_or(0.0, |p| p.1)) + 4.0,
        format!("all {}%", num(overall.last().map_or(0.0, |p| p.1))),
        true,
    )];
    for (code, pts) in &per_state {
        let v = pts.last().map_or(0.0, |p| p.1);
        ends.push((
            frame.y(v) + 4.0,
            format!("{code} own part {}%", num(v)),
            false,
        ));
    }
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    for i in 1..ends.len() {
        let prev = ends.get(i - 1).map_or(0.0, |e| e.0);
        if let Some(e) = ends.get_mut(i) {
            e.0 = e.0.max(prev + 13.0);
        }
    }
    html! {
        svg class="chart" id=(prefix) role="img" viewBox=(format!("0 0 {w} {h}")) width=(w) height=(h)
            font-family="system-ui, sans-serif" aria-labelledby=(format!("{prefix}-title")) data-chart="progress" {
            title id=(format!("{prefix}-title")) { "Share of commitments done over time, against official claims" }
            (crate::look::patterns(prefix))
            rect width=(w) height=(h) fill="#ffffff" {}
            text x=(num(frame.left)) y="20" font-size="16" font-weight="bold" {
                "Commitments done over time, against official claims"
            }
            text x=(num(frame.left)) y="37" font-size="12" fill="#495057" {
                "Line: share of the agenda's commitments done (from the dated events). Marks: claimed share of measures done."
            }
            (frame.axes(&[0.0, 25.0, 50.0, 75.0, 100.0], "commitments done (%)", "%"))
            path d=(frame.steps(&overall)) fill="none" stroke="#212529" stroke-width="2.5" {}
            @for (y, label, bold) in &ends {
                text x=(num(frame.left + frame.width + 6.0)) y=(num(*y)) font-size=(if *bold { "12" } else { "11" })
                    font-weight=(if *bold { "bold" } else { "normal" }) { (label) }
            }
            @for (i, (_, pts)) in per_state.iter().enumerate() {
                path d=(frame.steps(pts)) fill="none" stroke="#495057" stroke-width="1.5"
                    stroke-dasharray=(DASHES.get(i % DASHES.len()).copied().unwrap_or("4 4")) {}
            }
            @for (n, check) in &plotted {
                @let value = f64::from(check.claim.percent_done.unwrap_or(0));
                @let q = check.claim.percent_qualifier.unwrap_or_default();
                @let figure = worded(q, check.claim.percent_done.unwrap_or(0), "%");
                g class="claim" data-claim=(n) {
                    title { (claim_title(*n, check, &figure)) }
                    @if check.claim.date.precision() != Precision::Day {
                        line x1=(num(frame.x(check.claim.date.first_day()))) x2=(num(frame.x(check.as_of)))
                            y1=(num(frame.y(value))) y2=(num(frame.y(value))) stroke="#0b3d91" stroke-width="1.5" {}
                    }
                    (claim_marker(frame.x(check.as_of), frame.y(value), q, check.scope.is_some()))
                    text x=(num(frame.x(check.as_of) + 7.0)) y=(num(frame.y(value) - 6.0)) font-size="10" fill="#0b3d91" { (n) }
                }
            }
            @let ly = h - 34.0;
            g font-size="11" fill="#212529" {
                line x1="64" x2="94" y1=(ly) y2=(ly) stroke="#212529" stroke-width="2.5" {}
                text x="98" y=(ly + 4.0) { "all commitments" }
                @if !per_state.is_empty() {
                    line x1="210" x2="240" y1=(ly) y2=(ly) stroke="#495057" stroke-dasharray="6 3" {}
                    text x="244" y=(ly + 4.0) { "one state's own part" }
                }
                (claim_marker(380.0, ly, Qualifier::Exact, false)) text x="390" y=(ly + 4.0) { "claim" }
                (claim_marker(440.0, ly, Qualifier::About, false)) text x="450" y=(ly + 4.0) { "about" }
                (claim_marker(500.0, ly, Qualifier::MoreThan, false)) text x="510" y=(ly + 4.0) { "more than" }
                (claim_marker(580.0, ly, Qualifier::LessThan, false)) text x="590" y=(ly + 4.0) { "less than" }
                (claim_marker(660.0, ly, Qualifier::Exact, true)) text x="670" y=(ly + 4.0) { "about one programme or sector" }
                text x="64" y=(ly + 22.0) fill="#495057" {
                    "Numbers name the claims in the claims table; a bar before a mark spans a date given only as a month, quarter or year."
                }
            }
        }
    }
}

/// Programmes complete over time, with every claim that counts complete
/// programmes.
#[allow(clippy::cast_precision_loss)]
pub fn programmes_chart(
    agenda: &Agenda,
    samples: &[Sample],
    checks: &[ClaimCheck<'_>],
    prefix: &str,
) -> Markup {
    let (w, h) = (900.0, 320.0);
    let (Some(first), Some(last)) = (samples.first(), samples.last()) else {
        return html! {};
    };
    let total = agenda.programmes().len().max(1);
    let claimed_max = checks
        .iter()
        .filter_map(|c| c.claim.programmes_done)
        .max()
        .map_or(0, |m| m as usize);
    let y_max = total.max(claimed_max).max(1) as f64;
    let frame = Frame {
        left: 64.0,
        top: 46.0,
        width: w - 64.0 - 150.0,
        height: h - 46.0 - 70.0,
        first: first.date,
        last: last.date,
        y_max,
    };
    let ticks: Vec<f64> = (0..=4)
        .map(|i| (y_max * f64::from(i) / 4.0).round())
        .collect();
    let pts: Vec<(NaiveDate, f64)> = samples
        .iter()
        .map(|s| (s.date, s.programmes_done as f64))
        .collect();
    let now = pts.last().map_or(0.0, |p| p.1);
    html! {
        svg class="chart" id=(prefix) role="img" viewBox=(format!("0 0 {w} {h}")) width=(w) height=(h)
            font-family="system-ui, sans-serif" aria-labelledby=(format!("{prefix}-title")) data-chart="programmes" {
            title id=(format!("{prefix}-title")) { "Programmes complete over time, against official claims" }
            rect width=(w) height=(h) fill="#ffffff" {}
            text x=(num(frame.left)) y="20" font-size="16" font-weight="bold" {
                "Programmes complete over time, against official claims"
            }
            text x=(num(frame.left)) y="37" font-size="12" fill="#495057" {
                "Line: programmes whose every commitment is done, of " (total) ". Marks: claimed number of programmes complete."
            }
            (frame.axes(&ticks, "programmes complete", ""))
            path d=(frame.steps(&pts)) fill="none" stroke="#212529" stroke-width="2.5" {}
            text x=(num(frame.left + frame.width + 6.0)) y=(num(frame.y(now) + 4.0)) font-size="12" font-weight="bold" {
                (num(now)) " of " (total)
            }
            @for (i, check) in checks.iter().enumerate() {
                @if let Some(v) = check.claim.programmes_done {
                    @if check.as_of >= first.date && check.as_of <= last.date {
                        g class="claim" data-claim=(i + 1) {
                            title { (claim_title(i + 1, check, &format!("{v} programmes complete"))) }
                            (claim_marker(frame.x(check.as_of), frame.y(f64::from(v)), Qualifier::Exact, check.scope.is_some()))
                            text x=(num(frame.x(check.as_of) + 7.0)) y=(num(frame.y(f64::from(v)) - 6.0)) font-size="10" fill="#0b3d91" { (i + 1) }
                        }
                    }
                }
            }
        }
    }
}
