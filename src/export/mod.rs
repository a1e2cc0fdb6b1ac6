//! Pictures and calendars: Graphviz DOT, Mermaid flowcharts and Gantt
//! charts, and iCalendar (RFC 5545). Each export is a method on
//! [`Agenda`](crate::Agenda) returning a `String`; the same agenda and
//! options always give the same bytes. A control character in the
//! agenda's texts is written as U+FFFD (see [`is_unprintable`]): no format
//! here can carry one.

mod dot;
mod ical;
mod mermaid;

pub use dot::DotOptions;
pub use ical::IcalOptions;
pub use mermaid::{FlowchartOptions, GanttGrouping, GanttOptions};

use chrono::NaiveDate;

use crate::commitment::{Commitment, Status};
use crate::ids::ProgrammeId;

/// How a commitment looks on a date: its status, or `Overdue` when it is not
/// done (nor dropped) and its deadline's last allowed day has passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Look {
    Status(Status),
    Overdue,
}

impl Look {
    pub(crate) fn of(c: &Commitment, as_of: NaiveDate) -> Look {
        let status = c.status_as_of(as_of);
        let late = c.due().is_some_and(|d| d.last_day() < as_of);
        if late && !matches!(status, Status::Done | Status::Dropped) {
            Look::Overdue
        } else {
            Look::Status(status)
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Look::Status(s) => s.name(),
            Look::Overdue => "overdue",
        }
    }

    /// Fill colour: white planned, yellow in progress, green done, pink
    /// delayed, grey dropped, red overdue.
    pub(crate) fn colour(self) -> &'static str {
        match self {
            Look::Status(Status::Planned) => "#f8f9fa",
            Look::Status(Status::InProgress) => "#fff3bf",
            Look::Status(Status::Done) => "#b2f2bb",
            Look::Status(Status::Delayed) => "#ffc9c9",
            Look::Status(Status::Dropped) => "#dee2e6",
            Look::Overdue => "#ff8787",
        }
    }

    pub(crate) const ALL: [Look; 6] = [
        Look::Status(Status::Planned),
        Look::Status(Status::InProgress),
        Look::Status(Status::Done),
        Look::Status(Status::Delayed),
        Look::Status(Status::Dropped),
        Look::Overdue,
    ];
}

/// What an export writes in place of a control character (see
/// [`is_unprintable`]).
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` is a control character the exports write as U+FFFD, the
/// replacement character: C0 and C1 controls and DEL, but not tab, line
/// feed or carriage return (which each format treats in its own way). An
/// agenda's texts may hold any character; DOT and iCalendar forbid these,
/// and Mermaid and HTML choke on them.
///
/// ```
/// use union_state::export::is_unprintable;
/// assert!(is_unprintable('\u{1b}') && is_unprintable('\0') && is_unprintable('\u{85}'));
/// assert!(!is_unprintable('\t') && !is_unprintable('\n') && !is_unprintable('é'));
/// ```
pub fn is_unprintable(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `id` passes a programme filter (`None` lets everything through).
pub(crate) fn selected(filter: Option<&[ProgrammeId]>, programme: &str) -> bool {
    filter.is_none_or(|f| f.iter().any(|p| p.as_str() == programme))
}

/// `text` cut to `width` characters, an ellipsis marking the cut.
pub(crate) fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}
