//! How a commitment looks as of a date: one of six kinds, each drawn with a
//! colour *and* a pattern, and always named in words, so that the page
//! reads in grey print and to a colour-blind reader.

use chrono::NaiveDate;
use maud::{Markup, html};
use union_state::{Commitment, Status};

/// What a commitment shows as of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Look {
    /// Done.
    Done,
    /// Being carried out, deadline not passed.
    InProgress,
    /// Reported delayed, deadline not passed.
    Delayed,
    /// Not done nor dropped, and its deadline has passed.
    Overdue,
    /// Nothing reported yet, deadline not passed (or none).
    Planned,
    /// Dropped.
    Dropped,
}

impl Look {
    /// Every look, in the order bars and legends draw them.
    pub const ALL: [Look; 6] = [
        Look::Done,
        Look::InProgress,
        Look::Delayed,
        Look::Overdue,
        Look::Planned,
        Look::Dropped,
    ];

    /// How `c` looks at the end of `as_of`: overdue as
    /// [`union_state::Agenda::overdue`] counts it (the deadline's last day
    /// is before `as_of`), otherwise its status.
    pub fn of(c: &Commitment, as_of: NaiveDate) -> Look {
        match c.status_as_of(as_of) {
            Status::Done => Look::Done,
            Status::Dropped => Look::Dropped,
            _ if c.due().is_some_and(|d| d.last_day() < as_of) => Look::Overdue,
            Status::InProgress => Look::InProgress,
            Status::Delayed => Look::Delayed,
            Status::Planned => Look::Planned,
        }
    }

    /// The word shown for it.
    pub const fn word(self) -> &'static str {
        match self {
            Look::Done => "done",
            Look::InProgress => "in progress",
            Look::Delayed => "delayed",
            Look::Overdue => "overdue",
            Look::Planned => "planned",
            Look::Dropped => "dropped",
        }
    }

    /// A CSS class and pattern-id suffix.
    pub const fn key(self) -> &'static str {
        match self {
            Look::Done => "done",
            Look::InProgress => "progress",
            Look::Delayed => "delayed",
            Look::Overdue => "overdue",
            Look::Planned => "planned",
            Look::Dropped => "dropped",
        }
    }

    /// The base colour.
    pub const fn colour(self) -> &'static str {
        match self {
            Look::Done => "#2f9e44",
            Look::InProgress => "#f59f00",
            Look::Delayed => "#e8590c",
            Look::Overdue => "#c92a2a",
            Look::Planned => "#ffffff",
            Look::Dropped => "#adb5bd",
        }
    }

    /// The fill of a shape of this look, with the patterns of `prefix`.
    pub fn fill(self, prefix: &str) -> String {
        format!("url(#{prefix}-{})", self.key())
    }
}

/// The `<defs>` of one SVG: a pattern per look, ids `{prefix}-{key}`.
/// Done is solid, in progress hatched one way, delayed cross-hatched,
/// overdue dotted on red, planned white, dropped struck horizontally.
pub fn patterns(prefix: &str) -> Markup {
    html! {
        defs {
            @for look in Look::ALL {
                pattern id=(format!("{prefix}-{}", look.key())) width="8" height="8"
                    patternUnits="userSpaceOnUse" {
                    rect width="8" height="8" fill=(look.colour()) {}
                    @match look {
                        Look::InProgress => {
                            path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" stroke="#5c3c00" stroke-width="1.2" {}
                        }
                        Look::Delayed => {
                            path d="M0,8 L8,0 M0,0 L8,8" stroke="#5c1a00" stroke-width="1" {}
                        }
                        Look::Overdue => {
                            circle cx="4" cy="4" r="1.6" fill="#ffffff" {}
                        }
                        Look::Dropped => {
                            path d="M0,4 L8,4" stroke="#343a40" stroke-width="1" {}
                        }
                        Look::Done | Look::Planned => {}
                    }
                }
            }
            marker id=(format!("{prefix}-arrow")) viewBox="0 0 10 10" refX="9" refY="5"
                markerWidth="7" markerHeight="7" orient="auto-start-reverse" {
                path d="M0,0 L10,5 L0,10 z" fill="#343a40" {}
            }
        }
    }
}

/// A legend of the looks, as a row of swatches with their words.
pub fn legend(prefix: &str, x: f64, y: f64) -> Markup {
    html! {
        g class="legend" {
            @for (i, look) in Look::ALL.iter().enumerate() {
                @let lx = x + 110.0 * f64::from(u8::try_from(i).unwrap_or(0));
                rect x=(lx) y=(y) width="14" height="14" fill=(look.fill(prefix)) stroke="#343a40" {}
                text x=(lx + 18.0) y=(y + 11.5) font-size="12" { (look.word()) }
            }
        }
    }
}
