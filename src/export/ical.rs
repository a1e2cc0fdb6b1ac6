//! iCalendar (RFC 5545): one all-day event per deadline.

use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate};

use super::{Look, selected};
use crate::Agenda;
use crate::commitment::{Actors, Commitment};
use crate::date::Precision;
use crate::ids::ProgrammeId;

/// Options for [`Agenda::to_ical`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcalOptions {
    /// The date the status in each description is given on. It is also the
    /// `DTSTAMP` of every event (at 00:00:00 UTC; clamped into years 1 to
    /// 9999, the only years an iCalendar date holds), so the same agenda and
    /// options always give the same bytes, whenever they are exported.
    pub as_of: NaiveDate,
    /// The calendar's name (`X-WR-CALNAME`); `None` for the agenda's own
    /// ([`About::calendar_name`](crate::About::calendar_name): "Union State
    /// deadlines" unless the agenda says otherwise).
    pub name: Option<String>,
    /// Only these programmes; `None` for all.
    pub programmes: Option<Vec<ProgrammeId>>,
}

impl IcalOptions {
    /// All programmes, status and `DTSTAMP` as of `as_of`.
    pub fn new(as_of: NaiveDate) -> Self {
        IcalOptions {
            as_of,
            name: None,
            programmes: None,
        }
    }
}

/// RFC 5545 TEXT escaping (section 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if super::is_unprintable(c) => out.push(super::REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no physical line exceeds 75
/// octets (continuation lines start with a space, which counts), never
/// splitting a UTF-8 sequence, each ending in CRLF (section 3.1).
fn line(out: &mut String, content: &str) {
    let mut limit = 75;
    let mut used = 0;
    for ch in content.chars() {
        let width = ch.len_utf8();
        if used + width > limit {
            out.push_str("\r\n ");
            limit = 74;
            used = 0;
        }
        out.push(ch);
        used += width;
    }
    out.push_str("\r\n");
}

/// The earliest and latest days an iCalendar DATE can hold: its year has
/// exactly four digits (RFC 5545 section 3.3.4).
const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// An RFC 5545 DATE (`YYYYMMDD`, the year zero-padded to four digits), for
/// a day clamped into years 1 to 9999 (the only years that form can hold).
fn ics_date(date: NaiveDate) -> String {
    let date = date.clamp(FIRST_DAY, LAST_DAY);
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

fn who(actors: &Actors) -> String {
    let list = |v: &[crate::ids::StateCode]| {
        v.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" and ")
    };
    match actors {
        Actors::State(s) => format!("{s} alone"),
        Actors::Each(v) => format!("each of {} separately", list(v)),
        Actors::Joint(v) => format!("{} jointly", list(v)),
        Actors::Institution(i) => format!("institution {i}"),
    }
}

fn precision(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Month => "month",
        Precision::Quarter => "quarter",
        Precision::Year => "year",
    }
}

impl Agenda {
    /// The deadlines as an iCalendar file (RFC 5545): one all-day `VEVENT`
    /// per dated commitment, on the last day its deadline's wording allows
    /// ("by July 2022" falls on 31 July 2022), with a stable `UID`
    /// (`<commitment id>@<agenda id>`, the agenda's [`About::uid_domain`](crate::About::uid_domain),
    /// `union-state` unless it says otherwise), `DTSTAMP` from `options.as_of`, a
    /// summary of id and title, and a description of who acts, the deadline
    /// as worded, its basis, the status as of `options.as_of` and the
    /// sources. Each event lasts one day: `DTEND` is the next day, except
    /// for a deadline on 9999-12-31, whose next day no iCalendar DATE can
    /// hold, which has `DURATION:P1D` instead. Dates have four-digit,
    /// zero-padded years (`00420331`); a `DTSTAMP` outside years 1 to 9999
    /// is clamped to the nearest day they hold. Lines end in CRLF, are
    /// folded at 75 octets and text is escaped as the RFC requires (a
    /// control character, which it forbids, is written as U+FFFD).
    ///
    /// An agenda with no dated commitment gives a calendar with no event:
    /// calendar programs read it as an empty calendar, though the RFC's
    /// grammar asks for at least one component.
    ///
    /// # Example
    ///
    /// ```
    /// use union_state::export::IcalOptions;
    /// let agenda = union_state::dataset();
    /// let ics = agenda.to_ical(&IcalOptions::new("2023-01-09".parse()?));
    /// assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    /// assert!(ics.contains("UID:UP16.principles@union-state\r\n"));
    /// assert!(ics.contains("DTSTART;VALUE=DATE:20220731\r\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_ical(&self, options: &IcalOptions) -> String {
        let filter = options.programmes.as_deref();
        let mut out = String::new();
        line(&mut out, "BEGIN:VCALENDAR");
        line(&mut out, "VERSION:2.0");
        line(&mut out, "PRODID:-//union-state//union-state//EN");
        line(&mut out, "CALSCALE:GREGORIAN");
        let name = options
            .name
            .as_deref()
            .unwrap_or_else(|| self.about.calendar_name());
        line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
        let domain = self.about.uid_domain();
        let stamp = format!("DTSTAMP:{}T000000Z", ics_date(options.as_of));
        let mut dated: Vec<usize> = (0..self.commitments.len())
            .filter(|&c| {
                self.commitments
                    .get(c)
                    .is_some_and(|x| x.due().is_some() && selected(filter, x.id.programme_str()))
            })
            .collect();
        dated.sort_by_key(|&c| crate::query::deadline_key(self, c));
        for c in dated.iter().filter_map(|&c| self.commitments.get(c)) {
            event(&mut out, c, &stamp, options.as_of, domain);
        }
        line(&mut out, "END:VCALENDAR");
        out
    }
}

/// Appends one `VEVENT` for a dated commitment.
fn event(out: &mut String, c: &Commitment, stamp: &str, as_of: NaiveDate, domain: &str) {
    let Some(due) = &c.deadline else { return };
    let day = due.date.last_day();
    // The exclusive end of a one-day event; the day after 9999-12-31 is no
    // DATE, so that event gives its length instead (RFC 5545 3.8.2.5).
    let next = day
        .checked_add_days(Days::new(1))
        .filter(|&next| next <= LAST_DAY);
    let mut description = format!(
        "Who acts: {}\nDeadline as worded: {} ({} precision, {})\nStatus as of {as_of}: {}",
        who(&c.acting),
        due.date,
        precision(due.date.precision()),
        due.basis.name(),
        Look::of(c, as_of).name()
    );
    // Each state's own part, where each state acts separately.
    if let Actors::Each(states) = &c.acting {
        for state in states {
            if let Some(status) = c.status_of(state, as_of) {
                let _ = write!(description, "\n{state}'s part: {}", status.name());
            }
        }
    }
    for alt in &due.alternatives {
        let _ = write!(description, "\nAlso given: {}", alt.date);
    }
    let sources: Vec<&str> = due
        .sources
        .iter()
        .chain(&c.sources)
        .map(crate::ids::SourceId::as_str)
        .collect();
    if !sources.is_empty() {
        let mut unique = sources.clone();
        unique.sort_unstable();
        unique.dedup();
        let _ = write!(description, "\nSources: {}", unique.join(", "));
    }
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}@{domain}", c.id));
    line(out, stamp);
    line(out, &format!("DTSTART;VALUE=DATE:{}", ics_date(day)));
    match next {
        Some(next) => line(out, &format!("DTEND;VALUE=DATE:{}", ics_date(next))),
        None => line(out, "DURATION:P1D"),
    }
    line(
        out,
        &format!("SUMMARY:{}", escape(&format!("{}: {}", c.id, c.title))),
    );
    line(out, &format!("DESCRIPTION:{}", escape(&description)));
    line(out, &format!("CATEGORIES:{}", escape(c.id.programme_str())));
    line(out, "TRANSP:TRANSPARENT");
    line(out, "END:VEVENT");
}
