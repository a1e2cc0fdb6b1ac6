//! The page: sections, tables and the style sheet.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use union_state::query::{ClaimCheck, Percent, Slip, Tally};
use union_state::{
    Actors, Agenda, Basis, Commitment, DependencyKind, NodeId, Precision, Programme, SourceId,
};

use crate::chart;
use crate::gantt;
use crate::graph::{self, Scope};
use crate::look::{self, Look};
use crate::{ReportOptions, num};

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1120px;
  padding: 0 12px 40px; color: #212529; line-height: 1.45; background: #fff; }
h1 { font-size: 1.7rem; margin: .8em 0 .2em; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #dee2e6; padding-bottom: .2em; margin-top: 1.8em; }
h3 { font-size: 1.1rem; margin-top: 1.4em; }
.sub { color: #495057; margin: 0; }
.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 1em 0; }
.figure { border: 1px solid #ced4da; border-radius: 6px; padding: 10px; }
.figure .n { font-size: 2rem; font-weight: 700; display: block; }
.figure .of { color: #495057; font-size: .9rem; }
.claim-box { border-left: 5px solid #1c7ed6; background: #f1f3f5; padding: 8px 12px; margin: 1em 0; }
.scroll { overflow-x: auto; max-width: 100%; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg.bar { width: 100%; max-width: 640px; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5em 0 1em; }
th, td { border: 1px solid #dee2e6; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f1f3f5; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.basis { font-size: .75rem; border: 1px dashed #862e9c; color: #862e9c; border-radius: 3px; padding: 0 3px; margin-left: 4px;
  white-space: nowrap; }
.basis.uncertain { border-style: dotted; border-color: #c92a2a; color: #c92a2a; }
.look { white-space: nowrap; font-weight: 600; }
.look::before { content: ""; display: inline-block; width: .8em; height: .8em; margin-right: 4px; border: 1px solid #343a40;
  vertical-align: -1px; }
.look.done::before { background: #2f9e44; }
.look.progress::before { background: repeating-linear-gradient(45deg, #f59f00 0 3px, #5c3c00 3px 4px); }
.look.delayed::before { background: repeating-linear-gradient(45deg, #e8590c 0 3px, #5c1a00 3px 4px); }
.look.overdue::before { background: radial-gradient(#fff 30%, #c92a2a 35%); }
.look.planned::before { background: #fff; }
.look.dropped::before { background: repeating-linear-gradient(0deg, #adb5bd 0 3px, #343a40 3px 4px); }
.src { font-size: .8rem; white-space: nowrap; }
.src a { color: #1864ab; }
details.programme { border: 1px solid #dee2e6; border-radius: 6px; padding: 6px 10px; margin: .6em 0; }
details.programme > summary { cursor: pointer; font-weight: 600; }
.tag { font-size: .8rem; color: #495057; }
.hidden-defs { position: absolute; width: 0; height: 0; overflow: hidden; }
nav ul { padding-left: 1.2em; columns: 2; }
@media (max-width: 600px) { nav ul { columns: 1; } .figure .n { font-size: 1.5rem; } table { font-size: .8rem; } }
@media print {
  body { max-width: none; padding: 0; }
  .scroll { overflow: visible; }
  svg.chart, .figure, tr, .claim-box { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  nav { display: none; }
}
"#;

/// The content security policy: nothing from anywhere, inline styles only.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// Whether `url` may become a link: `http:` or `https:` only, with no
/// space or control character.
pub(crate) fn is_web_url(url: &str) -> bool {
    let lower = url
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn basis(b: Basis) -> Markup {
    html! {
        @match b {
            Basis::Stated => {}
            Basis::Inferred => { span class="basis inferred" data-basis="inferred" title="our reading of the sources, not said by them in so many words" { "inferred" } }
            Basis::Uncertain => { span class="basis uncertain" data-basis="uncertain" title="not confirmed by any source" { "uncertain?" } }
        }
    }
}

fn sources(agenda: &Agenda, ids: &[SourceId]) -> Markup {
    html! {
        @for id in ids {
            span class="src" {
                " "
                @match agenda.source(id) {
                    Some(s) if is_web_url(&s.url) => {
                        a href=(s.url) title=(s.title) rel="noopener noreferrer nofollow" { "[" (id) "]" }
                    }
                    Some(s) => { span title=(format!("{} (not a web address: {})", s.title, s.url)) { "[" (id) "]" } }
                    None => { span { "[" (id) "]" } }
                }
            }
        }
    }
}

fn look_tag(look: Look) -> Markup {
    html! { span class=(format!("look {}", look.key())) { (look.word()) } }
}

fn precision(p: Precision) -> &'static str {
    match p {
        Precision::Day => "exact day",
        Precision::Month => "month stated",
        Precision::Quarter => "quarter stated",
        Precision::Year => "year stated",
    }
}

fn actors(agenda: &Agenda, a: &Actors) -> String {
    let list = |v: &[union_state::StateCode]| {
        v.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match a {
        Actors::State(s) => s.to_string(),
        Actors::Each(v) => format!("each of {}", list(v)),
        Actors::Joint(v) => format!("{} jointly", list(v)),
        Actors::Institution(i) => match agenda.institution(i) {
            Some(inst) => format!("{} ({i})", inst.name),
            None => i.to_string(),
        },
    }
}

fn percent(p: Option<Percent>) -> String {
    p.map_or_else(|| "–".to_owned(), |p| p.to_string())
}

fn tally_cells(t: &Tally) -> Markup {
    html! {
        td class="num" { (t.total) }
        td class="num" { (t.due) }
        td class="num" { (t.done) }
        td class="num" { (t.done_of_due) }
        td class="num" { (percent(t.percent_done_of_due())) }
        td class="num" { (percent(t.percent_done())) }
    }
}

const TALLY_HEAD: [&str; 6] = [
    "commitments",
    "due",
    "done",
    "done of due",
    "% of due done",
    "% of all done",
];

/// The status bar of a programme: a segment per look, with its count in
/// words below.
#[allow(clippy::cast_precision_loss)]
fn status_bar(counts: &BTreeMap<Look, usize>) -> Markup {
    let total: usize = counts.values().sum();
    let width = 600.0;
    let mut x = 0.0;
    let mut segments = Vec::new();
    for look in Look::ALL {
        let n = counts.get(&look).copied().unwrap_or(0);
        if n > 0 && total > 0 {
            let w = width * n as f64 / total as f64;
            segments.push((look, n, x, w));
            x += w;
        }
    }
    let words: Vec<String> = segments
        .iter()
        .map(|(l, n, _, _)| format!("{n} {}", l.word()))
        .collect();
    html! {
        svg class="bar" viewBox="0 0 600 24" width="600" height="24" role="img" font-family="system-ui, sans-serif" {
            title { (words.join(", ")) }
            @for (look, n, x, w) in &segments {
                rect x=(num(*x)) y="1" width=(num(*w)) height="22" fill=(look.fill("pg")) stroke="#343a40" stroke-width="0.8" {}
                @if *w > 24.0 {
                    rect x=(num(x + w / 2.0 - 10.0)) y="5" width="20" height="14" fill="#ffffff" fill-opacity="0.9" {}
                    text x=(num(x + w / 2.0)) y="16.5" font-size="12" text-anchor="middle" font-weight="bold" { (n) }
                }
            }
        }
        p class="tag" { (words.join(" · ")) }
    }
}

/// The status event in force on `as_of`, if any: the latest of its own
/// and of those derived from the instrument that achieves it.
fn event_of(c: &Commitment, as_of: NaiveDate) -> Option<&union_state::StatusEvent> {
    c.timeline().filter(|e| e.date.last_day() <= as_of).last()
}

fn commitment_row(agenda: &Agenda, c: &Commitment, as_of: NaiveDate) -> Markup {
    let look = Look::of(c, as_of);
    html! {
        tr id=(format!("c-{}", c.id)) data-look=(look.key()) {
            td { code { (c.id) } }
            td { (c.title) (basis(c.basis)) (sources(agenda, &c.sources))
                @if let Some(n) = &c.note { br; span class="tag" { (n) } }
            }
            td { (look_tag(look))
                @if let Some(e) = event_of(c, as_of) {
                    br; span class="tag" { (e.status) " " (e.date)
                        @if let Some(s) = &e.state { " (" (s) ")" } }
                    (basis(e.basis)) (sources(agenda, &e.sources))
                }
            }
            td {
                @match &c.deadline {
                    None => { span class="tag" { "no deadline" } }
                    Some(d) => {
                        (d.date) " " span class="tag" { "(" (precision(d.date.precision())) ")" }
                        (basis(d.basis)) (sources(agenda, &d.sources))
                        @for alt in &d.alternatives {
                            br; span class="tag" { "other reading: " (alt.date) } (sources(agenda, &alt.sources))
                        }
                        @for m in &d.moves {
                            br; span class="tag" { "moved " (m.from) " → " (m.to) " (decided " (m.decided)
                                @if let Some(i) = &m.decided_by { ", " (i) } ")" }
                            (basis(m.basis)) (sources(agenda, &m.sources))
                        }
                    }
                }
            }
            td { (actors(agenda, &c.acting)) }
        }
    }
}

fn programme_block(agenda: &Agenda, p: &Programme, as_of: NaiveDate, open: bool) -> Markup {
    let cs = agenda.commitments_of(&p.id);
    let mut counts = BTreeMap::new();
    for c in cs {
        *counts.entry(Look::of(c, as_of)).or_insert(0usize) += 1;
    }
    html! {
        details class="programme" id=(format!("p-{}", p.id)) open[open] {
            summary {
                (p.id) " " (p.title) (basis(p.basis))
                " " span class="tag" { "· " (p.sector) " · " (cs.len()) " commitments" }
            }
            p class="tag" {
                "Mode: " (p.mode.map_or("not stated", |m| m.name()))
                @if let Some(b) = p.mode_basis { (basis(b)) }
                " · states: " (p.states.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
                @if let Some(i) = &p.set_by { " · set by " (i) }
                @if let Some(m) = &p.measures { " · measures: " (m) }
                (sources(agenda, &p.sources))
            }
            @if let Some(s) = &p.summary { p { (s) } }
            @if cs.is_empty() {
                p class="tag" { "No commitments: a milestone that dependencies pass through, never counted complete." }
            } @else {
                (status_bar(&counts))
                div class="scroll" {
                    table {
                        thead { tr { th { "id" } th { "commitment" } th { "status" } th { "deadline" } th { "who must act" } } }
                        tbody { @for c in cs { (commitment_row(agenda, c, as_of)) } }
                    }
                }
            }
            @if !p.benefits.is_empty() {
                p class="tag" { "Expected gains: " }
                ul {
                    @for b in &p.benefits {
                        li { (b.state) ": " (b.text) (basis(b.basis)) (sources(agenda, &b.sources)) }
                    }
                }
            }
        }
    }
}

fn claim_figure(c: &ClaimCheck<'_>) -> String {
    let claim = c.claim;
    let mut parts = Vec::new();
    if let Some(pc) = claim.percent_done {
        parts.push(chart::worded(
            claim.percent_qualifier.unwrap_or_default(),
            pc,
            "%",
        ));
    }
    if let Some(m) = claim.measures_done {
        parts.push(format!("{m} measures done"));
    }
    if let Some(t) = claim.measures_total {
        parts.push(format!("of {t} measures"));
    }
    if let Some(p) = claim.programmes_done {
        parts.push(format!("{p} programmes complete"));
    }
    if parts.is_empty() {
        "no figure".to_owned()
    } else {
        parts.join(", ")
    }
}

fn claims_table(agenda: &Agenda, checks: &[ClaimCheck<'_>]) -> Markup {
    html! {
        div class="scroll" {
            table id="claims" {
                thead { tr {
                    th { "#" } th { "date" } th { "who" } th { "what was said" } th { "figure claimed" }
                    th { "about" } th { "data on that day" } th { "sources" }
                } }
                tbody {
                    @for (i, c) in checks.iter().enumerate() {
                        tr data-claim=(i + 1) {
                            td class="num" { (i + 1) }
                            td { (c.claim.date)
                                @if c.claim.date.precision() != Precision::Day { br; span class="tag" { "read as " (c.as_of) } } }
                            td { (c.claim.claimant) }
                            td { (c.claim.text) (basis(c.claim.basis)) }
                            td { (claim_figure(c)) }
                            td { @match c.scope { None => "whole agenda", Some(s) => (s.to_string()) } }
                            td { (c.data.done) " of " (c.data.total) " commitments done ("
                                (percent(c.data.percent_done())) "); " (c.programmes_done) " programmes complete" }
                            td { (sources(agenda, &c.claim.sources)) }
                        }
                    }
                }
            }
        }
    }
}

fn headline(agenda: &Agenda, as_of: NaiveDate, checks: &[ClaimCheck<'_>]) -> Markup {
    let p = agenda.progress(as_of);
    let overdue = agenda.overdue(as_of).len();
    let programmes = agenda.programmes().len();
    let by_now = || {
        checks
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.as_of <= as_of)
    };
    let has_figure = |c: &ClaimCheck<'_>| {
        c.claim.percent_done.is_some()
            || c.claim.programmes_done.is_some()
            || c.claim.measures_done.is_some()
    };
    let latest = by_now()
        .filter(|(_, c)| has_figure(c))
        .max_by_key(|(i, c)| (c.as_of, *i));
    let since = by_now()
        .max_by_key(|(i, c)| (c.as_of, *i))
        .filter(|(i, _)| latest.is_none_or(|(l, _)| l != *i));
    let fig = |key: &str, n: usize, label: Markup| {
        html! {
            div class="figure" {
                span class="n" data-headline=(key) { (n) }
                span class="of" { (label) }
            }
        }
    };
    html! {
        section id="headline" {
            h2 { "Has it happened? The answer as of " (as_of) }
            div class="headline" {
                (fig("done", p.overall.done, html! { "commitments done, of " span data-headline="total" { (p.overall.total) } " (" (percent(p.overall.percent_done())) ")" }))
                (fig("due", p.overall.due, html! { "commitments due by now" }))
                (fig("done_of_due", p.overall.done_of_due, html! { "of those due are done (" (percent(p.overall.percent_done_of_due())) ")" }))
                (fig("overdue", overdue, html! { "overdue: past their last allowed day, not done nor dropped" }))
                (fig("programmes_done", p.programmes_done.len(), html! { "programmes complete, of " span data-headline="programmes" { (programmes) } }))
            }
            @match latest {
                Some((i, c)) => {
                    div class="claim-box" data-latest-claim=(i + 1) {
                        strong { "Latest official claim with a figure: " } (c.claim.date) ", " (c.claim.claimant) ": “" (c.claim.text) "”"
                        (basis(c.claim.basis)) (sources(agenda, &c.claim.sources))
                        br;
                        "Claimed: " strong { (claim_figure(c)) }
                        @if let Some(s) = c.scope { " (about " (s.to_string()) ")" }
                        ". The data on " (c.as_of) ": " (c.data.done) " of " (c.data.total) " commitments done ("
                        (percent(c.data.percent_done())) "), " (c.programmes_done) " programmes complete."
                    }
                }
                None => { p class="tag" { "No official claim with a figure was made by this date." } }
            }
            @if let Some((i, c)) = since {
                p class="tag" data-last-claim=(i + 1) { "Latest claim of any kind (" (i + 1) " in the table): " (c.claim.date) ", "
                    (c.claim.claimant) ": “" (c.claim.text) "”" (basis(c.claim.basis)) (sources(agenda, &c.claim.sources)) }
            }
        }
    }
}

fn programmes_section(agenda: &Agenda, as_of: NaiveDate) -> Markup {
    let open = agenda.commitments().len() <= 400;
    let mut modes: BTreeMap<Option<union_state::IntegrationMode>, BTreeMap<&str, Vec<&Programme>>> =
        BTreeMap::new();
    for p in agenda.programmes() {
        modes
            .entry(p.mode)
            .or_default()
            .entry(p.sector.as_str())
            .or_default()
            .push(p);
    }
    let progress = agenda.progress(as_of);
    html! {
        section id="programmes" {
            h2 { "Programmes by mode and sector" }
            p class="sub" { "Each programme with its status bar and its commitments. Dashed marks name facts that are "
                span class="basis" { "inferred" } " (our reading) or " span class="basis uncertain" { "uncertain?" } " (unconfirmed)." }
            div class="scroll" {
                table id="by-mode" {
                    thead { tr { th { "mode" } @for h in TALLY_HEAD { th class="num" { (h) } } } }
                    tbody {
                        @for (mode, t) in &progress.by_mode { tr { td { (mode.name()) } (tally_cells(t)) } }
                        @if progress.without_mode.total > 0 { tr { td { "not stated" } (tally_cells(&progress.without_mode)) } }
                    }
                }
            }
            @for (mode, sectors) in &modes {
                h3 { "Mode: " (mode.map_or("not stated", |m| m.name())) }
                @for (sector, list) in sectors {
                    p class="tag" { strong { "Sector: " (sector) } }
                    @for p in list { (programme_block(agenda, p, as_of, open)) }
                }
            }
        }
    }
}

fn who_section(agenda: &Agenda, as_of: NaiveDate) -> Markup {
    let p = agenda.progress(as_of);
    html! {
        section id="who" {
            h2 { "States and institutions" }
            div class="scroll" {
                table {
                    thead { tr { th { "state" } th { "name" } th { "member" } @for h in TALLY_HEAD { th class="num" { (h) } } } }
                    tbody {
                        @for s in agenda.states() {
                            tr data-state=(s.code.as_str()) {
                                td { (s.code) } td { (s.name) }
                                td { @match (s.joined, s.left) {
                                    (None, None) => "throughout",
                                    (j, l) => {
                                        @if let Some(j) = j { "from " (j) " " }
                                        @if let Some(l) = l { "left " (l) }
                                    }
                                } }
                                (tally_cells(&p.by_state.get(&s.code).copied().unwrap_or_default()))
                            }
                        }
                    }
                }
                @if !agenda.institutions().is_empty() {
                    table {
                        thead { tr { th { "institution" } th { "name" } th { "members" } @for h in TALLY_HEAD { th class="num" { (h) } } } }
                        tbody {
                            @for i in agenda.institutions() {
                                tr data-institution=(i.id.as_str()) {
                                    td { (i.id) } td { (i.name) (sources(agenda, &i.sources)) }
                                    td { (i.states.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) }
                                    (tally_cells(&p.by_institution.get(&i.id).copied().unwrap_or_default()))
                                }
                            }
                        }
                    }
                }
            }
            p class="tag" { "A state's counts are its own part: on a commitment each state carries out separately, a state is done when it has acted." }
        }
    }
}

fn node_link(id: &NodeId) -> Markup {
    let anchor = match id {
        NodeId::Programme(p) => format!("#p-{p}"),
        NodeId::Commitment(c) => format!("#c-{c}"),
    };
    html! { a href=(anchor) { code { (id) } } }
}

fn problems_section(agenda: &Agenda, as_of: NaiveDate) -> Markup {
    let deadlocks = agenda.deadlocks();
    let conflicts = agenda.deadline_conflicts();
    let before = agenda.due_before_instrument();
    // What a slip of six months would break, for the unfinished
    // prerequisites with a deadline, earliest first.
    let prerequisites: std::collections::BTreeSet<&str> = agenda
        .dependencies()
        .iter()
        .filter(|d| matches!(d.kind, DependencyKind::Requires))
        .filter(|d| matches!(d.prerequisite, NodeId::Commitment(_)))
        .map(|d| d.prerequisite.as_str())
        .collect();
    let mut candidates: Vec<&Commitment> = agenda
        .commitments()
        .iter()
        .filter(|c| c.deadline.is_some() && prerequisites.contains(c.id.as_str()))
        .filter(|c| !matches!(Look::of(c, as_of), Look::Done | Look::Dropped))
        .collect();
    candidates.sort_by_key(|c| {
        (
            c.due().map(union_state::PartialDate::last_day),
            c.id.as_str().to_owned(),
        )
    });
    let checked = candidates.len().min(SLIPS_CHECKED);
    let slips: Vec<(&Commitment, Vec<union_state::query::SlipImpact<'_>>)> = candidates
        .into_iter()
        .take(SLIPS_CHECKED)
        .filter_map(|c| {
            let hit = agenda.slip(&c.id, Slip::Months(6)).ok()?;
            (!hit.is_empty()).then_some((c, hit))
        })
        .collect();
    html! {
        section id="deadlocks" {
            h2 { "Deadlocks: who demands what of whom" }
            @if deadlocks.is_empty() { p { "None: no cycle of conditions." } }
            @for (n, d) in deadlocks.iter().enumerate() {
                h3 { "Deadlock " (n + 1) ": " (d.members.len()) " commitments or programmes"
                    @if d.is_mutual() { " — mutual: each side waits on the other" } }
                div class="scroll" {
                    table data-deadlock=(n + 1) {
                        thead { tr { th { "who demands" } th { "that this is done" } th { "before this" } th { "sources" } } }
                        tbody {
                            @for c in d.conditions() {
                                tr {
                                    td { @if let DependencyKind::ConditionalOn { demanded_by } = &c.kind { (demanded_by) } }
                                    td { (node_link(&c.prerequisite)) } td { (node_link(&c.dependent)) }
                                    td { (basis(c.basis)) (sources(agenda, &c.sources)) @if let Some(note) = &c.note { " " span class="tag" { (note) } } }
                                }
                            }
                        }
                    }
                }
                p class="tag" { "To break it, drop: "
                    @for (i, b) in d.breaking_set.iter().enumerate() {
                        @if i > 0 { ", " } (b.prerequisite) " before " (b.dependent)
                    }
                    @if !d.breaking_set_exact { " (a small set, not proven the smallest)" }
                }
            }
        }
        section id="conflicts" {
            h2 { "Deadlines that cannot all be met" }
            @if conflicts.is_empty() && before.is_empty() { p { "None." } }
            @if !conflicts.is_empty() {
                div class="scroll" {
                    table {
                        thead { tr { th { "prerequisite" } th { "due" } th { "must come before" } th { "due" } th class="num" { "days too late" } } }
                        tbody {
                            @for c in &conflicts {
                                tr {
                                    td { (node_link(&NodeId::Commitment(c.prerequisite.id.clone()))) }
                                    td { @if let Some(d) = c.prerequisite.due() { (d) } }
                                    td { (node_link(&NodeId::Commitment(c.dependent.id.clone()))) }
                                    td { @if let Some(d) = c.dependent.due() { (d) } }
                                    td class="num" { (c.days) }
                                }
                            }
                        }
                    }
                }
            }
            @if !before.is_empty() {
                div class="scroll" {
                    table {
                        thead { tr { th { "commitment" } th { "due" } th { "set by" } th { "dated" } } }
                        tbody {
                            @for c in &before {
                                tr {
                                    td { (node_link(&NodeId::Commitment(c.commitment.id.clone()))) }
                                    td { (c.date) @if c.alternative { " (another reading)" } }
                                    td { (c.instrument) } td { (c.instrument_date) }
                                }
                            }
                        }
                    }
                }
            }
        }
        section id="slips" {
            h2 { "What a slip would break" }
            p class="sub" { "If each of the " (checked) " earliest unfinished prerequisites slipped six months: the commitments that could no longer meet their deadline." }
            @if slips.is_empty() { p { "Nothing would break." } }
            @if !slips.is_empty() {
                div class="scroll" {
                    table {
                        thead { tr { th { "if this slips 6 months" } th { "this can no longer be on time" } th { "due" } th class="num" { "late by (days)" } } }
                        tbody {
                            @for (c, hits) in &slips {
                                @for (i, hit) in hits.iter().enumerate() {
                                    tr {
                                        td { @if i == 0 { (node_link(&NodeId::Commitment(c.id.clone()))) } }
                                        td { (node_link(&NodeId::Commitment(hit.commitment.id.clone()))) }
                                        td { (hit.deadline) }
                                        td class="num" { (hit.late_by_days) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// How many prerequisites the slip table tries.
const SLIPS_CHECKED: usize = 40;

fn sources_section(agenda: &Agenda) -> Markup {
    html! {
        section id="sources" {
            h2 { "Sources" }
            div class="scroll" {
                table {
                    thead { tr { th { "id" } th { "title" } th { "publisher" } th { "date" } th { "address" } } }
                    tbody {
                        @for s in agenda.sources() {
                            tr id=(format!("s-{}", s.id)) {
                                td { (s.id) } td { (s.title) }
                                td { @if let Some(p) = &s.publisher { (p) } }
                                td { @if let Some(d) = s.date { (d) } }
                                td { @if is_web_url(&s.url) { a href=(s.url) rel="noopener noreferrer nofollow" { (crate::short(&s.url, 60)) } }
                                     @else { span class="tag" { "not a web address: " (s.url) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The whole page.
pub(crate) fn page(agenda: &Agenda, options: &ReportOptions) -> Markup {
    let as_of = options.as_of;
    let title = options.title.as_deref().unwrap_or("Union State agenda");
    let checks = agenda.claims_vs_data();
    let samples = chart::series(agenda, as_of);
    let dated = gantt::dated(agenda);
    let whole_left_out = graph::left_out(agenda, &Scope::Whole, as_of);
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="union-state-report";
                title { (title) ": report as of " (as_of) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                svg class="hidden-defs" aria-hidden="true" width="0" height="0" { (look::patterns("pg")) }
                header {
                    h1 { (title) }
                    p class="sub" { "Report as of " strong data-as-of=(as_of.to_string()) { (as_of) } ": "
                        (agenda.programmes().len()) " programmes, " (agenda.commitments().len()) " commitments, "
                        (agenda.dependencies().len()) " dependencies, " (agenda.claims().len()) " official claims; states: "
                        (agenda.states().iter().map(|s| format!("{} ({})", s.name, s.code)).collect::<Vec<_>>().join(", ")) "." }
                }
                nav { ul {
                    li { a href="#headline" { "The answer" } } li { a href="#progress" { "Progress over time and claims" } }
                    li { a href="#who" { "States and institutions" } } li { a href="#programmes" { "Programmes" } }
                    li { a href="#deadlines" { "Deadlines" } } li { a href="#dependencies" { "Dependencies" } }
                    li { a href="#deadlocks" { "Deadlocks" } } li { a href="#conflicts" { "Conflicts" } }
                    li { a href="#slips" { "Slips" } } li { a href="#sources" { "Sources" } }
                } }
                (headline(agenda, as_of, &checks))
                section id="progress" {
                    h2 { "Progress over time, against what officials said" }
                    p class="sub" { "The data counts commitments; the claims mostly count measures, a finer list the agenda does not hold. "
                        "Hover a mark for the claim; the table below lists every claim, with what the data shows on its date." }
                    div class="scroll" { (chart::progress_chart(agenda, &samples, &checks, "chart-progress")) }
                    div class="scroll" { (chart::programmes_chart(agenda, &samples, &checks, "chart-programmes")) }
                    h3 { "Every official claim" }
                    @if checks.is_empty() { p { "None recorded." } } @else { (claims_table(agenda, &checks)) }
                }
                (who_section(agenda, as_of))
                (programmes_section(agenda, as_of))
                section id="deadlines" {
                    h2 { "Deadlines" }
                    @if dated > gantt::MAX_ROWS { p class="sub" { "The first " (gantt::MAX_ROWS) " of " (dated) " dated commitments, programme by programme; every one is listed under its programme above." } }
                    div class="scroll" { (gantt::gantt(agenda, as_of, "chart-gantt")) }
                }
                section id="dependencies" {
                    h2 { "Dependencies" }
                    @if whole_left_out > 0 { p class="sub" { (whole_left_out) " nodes are beyond what one drawing holds; the first " (graph::MAX_NODES) " by id are drawn." } }
                    div class="scroll" { (graph::dependency_chart(agenda, &Scope::Whole, as_of, "chart-deps")) }
                    @if let Some(p) = &options.focus {
                        div class="scroll" { (graph::dependency_chart(agenda, &Scope::Programme(p.clone()), as_of, "chart-focus")) }
                    }
                    p class="tag" { "For Graphviz: " code { "union-state export dot --as-of " (as_of) " | dot -Tsvg" } "." }
                }
                (problems_section(agenda, as_of))
                (sources_section(agenda))
                footer { p class="tag" { "Made by union-state-report from the agenda's data; every figure is computed, every fact links to its source." } }
            }
        }
    }
}
