//! The deadlines as a Gantt chart: one row per dated commitment, a bar from
//! the instrument that set it to its deadline's last allowed day, the span
//! its wording allows, every move from the old date to the new, and the
//! line of the report's date.

use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};
use union_state::{Agenda, Commitment, Precision, Programme};

use crate::look::{self, Look};
use crate::num;

/// At most this many rows are drawn; the page says how many are left out.
pub const MAX_ROWS: usize = 300;

/// One row: a commitment, its programme, and where its bar starts.
struct Row<'a> {
    programme: &'a Programme,
    commitment: &'a Commitment,
    start: Option<NaiveDate>,
}

/// A line of the chart: a programme's heading or a commitment's row.
enum Line<'a> {
    Heading(&'a Programme),
    Row(&'a Row<'a>),
}

/// The day the instrument that set `c` (or its programme) is dated.
fn start_of(agenda: &Agenda, p: &Programme, c: &Commitment) -> Option<NaiveDate> {
    c.set_by
        .as_ref()
        .or(p.set_by.as_ref())
        .and_then(|id| agenda.instrument(id))
        .map(|i| i.date.first_day())
}

/// The dated commitments, programme by programme, each by deadline.
fn rows(agenda: &Agenda) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    for p in agenda.programmes() {
        let mut cs: Vec<&Commitment> = agenda
            .commitments_of(&p.id)
            .iter()
            .filter(|c| c.deadline.is_some())
            .collect();
        cs.sort_by_key(|c| {
            (
                c.due().map(union_state::PartialDate::last_day),
                c.id.as_str().to_owned(),
            )
        });
        out.extend(cs.into_iter().map(|c| Row {
            programme: p,
            commitment: c,
            start: start_of(agenda, p, c),
        }));
    }
    out
}

/// The number of commitments with a deadline.
pub fn dated(agenda: &Agenda) -> usize {
    agenda
        .commitments()
        .iter()
        .filter(|c| c.deadline.is_some())
        .count()
}

fn precision_word(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Month => "month",
        Precision::Quarter => "quarter",
        Precision::Year => "year",
    }
}

/// The Gantt chart of the first [`MAX_ROWS`] dated commitments.
#[allow(clippy::cast_precision_loss, clippy::too_many_lines)]
pub fn gantt(agenda: &Agenda, as_of: NaiveDate, prefix: &str) -> Markup {
    let all = rows(agenda);
    let shown: Vec<&Row<'_>> = all.iter().take(MAX_ROWS).collect();
    if shown.is_empty() {
        return html! { p { "No commitment has a deadline." } };
    }
    let mut lo = as_of;
    let mut hi = as_of;
    for r in &shown {
        if let Some(d) = &r.commitment.deadline {
            lo = lo.min(d.date.first_day());
            hi = hi.max(d.date.last_day());
            for m in &d.moves {
                lo = lo.min(m.from.first_day());
                hi = hi.max(m.from.last_day()).max(m.to.last_day());
            }
        }
        if let Some(s) = r.start {
            lo = lo.min(s);
        }
    }
    let lo = NaiveDate::from_ymd_opt(lo.year(), 1, 1).unwrap_or(lo);
    let hi = NaiveDate::from_ymd_opt(hi.year() + 1, 1, 1).unwrap_or(hi);
    let (label_w, row_h, top) = (250.0, 18.0, 84.0);
    let plot_w = 640.0;
    let w = label_w + plot_w + 130.0;
    // A programme heading takes a row of its own.
    let mut layout = Vec::new();
    let mut y = top;
    let mut last_programme = None;
    for r in &shown {
        if last_programme != Some(&r.programme.id) {
            layout.push((y, Line::Heading(r.programme)));
            y += row_h;
            last_programme = Some(&r.programme.id);
        }
        layout.push((y, Line::Row(r)));
        y += row_h;
    }
    let h = y + 64.0;
    let span = (hi - lo).num_days().max(1) as f64;
    let x = |d: NaiveDate| label_w + plot_w * ((d.clamp(lo, hi) - lo).num_days() as f64) / span;
    let step = crate::year_step(plot_w * 365.25 / span);
    let years: Vec<NaiveDate> = (lo.year()..=hi.year())
        .filter(|yr| yr.rem_euclid(step) == 0)
        .filter_map(|yr| NaiveDate::from_ymd_opt(yr, 1, 1))
        .collect();
    html! {
        svg class="chart" id=(prefix) role="img" viewBox=(format!("0 0 {} {}", num(w), num(h))) width=(num(w)) height=(num(h))
            font-family="system-ui, sans-serif" aria-labelledby=(format!("{prefix}-title")) data-chart="gantt" {
            title id=(format!("{prefix}-title")) { "Deadlines, with moved deadlines and the report's date" }
            (look::patterns(prefix))
            rect width=(num(w)) height=(num(h)) fill="#ffffff" {}
            text x="8" y="20" font-size="16" font-weight="bold" { "Deadlines as of " (as_of) }
            text x="8" y="37" font-size="12" fill="#495057" {
                "Bar: from the instrument that set it to the deadline's last allowed day; band: the span the wording allows; arrow: a moved deadline, old to new."
            }
            g font-size="11" fill="#212529" {
                @for d in &years {
                    line x1=(num(x(*d))) x2=(num(x(*d))) y1=(num(top - 6.0)) y2=(num(h - 58.0)) stroke="#dee2e6" {}
                    text x=(num(x(*d) + 2.0)) y=(num(top - 8.0)) { (d.year()) }
                }
                text x=(num(label_w + plot_w / 2.0)) y=(num(h - 40.0)) text-anchor="middle" { "date (years)" }
                text x="8" y=(num(h - 40.0)) { "commitment" }
            }
            @for (ry, row) in &layout {
                @match row {
                    Line::Heading(p) => {
                        text x="8" y=(num(ry + 13.0)) font-size="12" font-weight="bold" {
                            (p.id) " " (crate::short(&p.title, 60))
                        }
                    }
                    Line::Row(r) => {
                        @let c = r.commitment;
                        @let look = Look::of(c, as_of);
                        @if let Some(due) = &c.deadline {
                            @let end = due.date.last_day();
                            g class="row" data-commitment=(c.id.as_str()) {
                                title {
                                    (c.id) ": " (c.title) " — due " (due.date) " (stated to the "
                                    (precision_word(due.date.precision())) "), " (look.word())
                                    @for m in &due.moves { "; moved from " (m.from) " to " (m.to) " (decided " (m.decided) ")" }
                                }
                                text x="8" y=(num(ry + 13.0)) font-size="11" { (c.id) }
                                @if due.date.precision() != Precision::Day {
                                    rect x=(num(x(due.date.first_day()))) y=(num(ry + 2.0))
                                        width=(num((x(end) - x(due.date.first_day())).max(1.0))) height=(num(row_h - 4.0))
                                        fill="#e7f5ff" stroke="#74c0fc" stroke-dasharray="2 2" {}
                                }
                                @match r.start {
                                    Some(s) if s < end => {
                                        rect x=(num(x(s))) y=(num(ry + 5.0)) width=(num((x(end) - x(s)).max(1.0))) height=(num(row_h - 10.0))
                                            fill=(look.fill(prefix)) stroke="#343a40" stroke-width="0.8" {}
                                    }
                                    _ => {}
                                }
                                path d=(format!("M{},{} l5,5 l-5,5 l-5,-5 z", num(x(end)), num(ry + 4.0)))
                                    fill=(look.fill(prefix)) stroke="#212529" {}
                                @for m in &due.moves {
                                    @let (a, b) = (x(m.from.last_day()), x(m.to.last_day()));
                                    line x1=(num(a)) x2=(num(b)) y1=(num(ry + 9.0)) y2=(num(ry + 9.0)) stroke="#343a40"
                                        stroke-width="1.5" marker-end=(format!("url(#{prefix}-arrow)")) {}
                                    circle cx=(num(a)) cy=(num(ry + 9.0)) r="3" fill="#ffffff" stroke="#343a40" {}
                                }
                                text x=(num(x(end) + 8.0)) y=(num(ry + 13.0)) font-size="10" fill="#495057" {
                                    (due.date) " " (look.word())
                                }
                            }
                        }
                    }
                }
            }
            line x1=(num(x(as_of))) x2=(num(x(as_of))) y1=(num(top - 20.0)) y2=(num(h - 58.0))
                stroke="#c92a2a" stroke-width="2" stroke-dasharray="5 3" data-today=(as_of.to_string()) {}
            text x=(num(x(as_of) + 4.0)) y=(num(top - 22.0)) font-size="11" fill="#c92a2a" font-weight="bold" {
                "today: " (as_of)
            }
            (look::legend(prefix, 8.0, h - 24.0))
        }
    }
}
