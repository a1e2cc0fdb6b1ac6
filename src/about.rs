//! What an agenda is about: [`About`], its title and short id.

use serde::{Deserialize, Serialize};

use crate::ids::AgendaId;

/// What an agenda is, for exports and reports (`union-state/2`; absent
/// from `union-state/1` files).
///
/// The short `id` makes calendar entries unique across agendas: an
/// iCalendar `UID` is `<commitment id>@<id>`, so two agendas that both have
/// a commitment `A.x` do not collide in one calendar.
///
/// # Example
///
/// ```
/// use union_state::About;
/// let about = About::new("eu-transposition")?.with_title("EU transposition deadlines");
/// assert_eq!(about.calendar_name(), "EU transposition deadlines");
/// assert_eq!(About::default().uid_domain(), "union-state");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct About {
    /// A short id, such as `union-state`: letters, digits, `-` and `_`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<AgendaId>,
    /// A title, such as "Union programmes of Belarus and Russia".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The name of the calendar its deadlines are exported as (default: the
    /// title, else "Union State deadlines").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
}

impl About {
    /// An agenda with the short id `id`.
    ///
    /// # Errors
    ///
    /// [`IdError`](crate::error::IdError) if `id` is not a valid id.
    pub fn new(id: &str) -> Result<About, crate::error::IdError> {
        Ok(About {
            id: Some(id.parse()?),
            title: None,
            calendar: None,
        })
    }

    /// The same, with a title.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> About {
        self.title = Some(title.into());
        self
    }

    /// The same, with a calendar name.
    #[must_use]
    pub fn with_calendar(mut self, calendar: impl Into<String>) -> About {
        self.calendar = Some(calendar.into());
        self
    }

    /// Whether nothing is said.
    pub fn is_empty(&self) -> bool {
        self.id.is_none() && self.title.is_none() && self.calendar.is_none()
    }

    /// The domain of iCalendar `UID`s: the short id, else `union-state`.
    pub fn uid_domain(&self) -> &str {
        self.id.as_ref().map_or("union-state", AgendaId::as_str)
    }

    /// The calendar's name: `calendar`, else the title, else "Union State
    /// deadlines".
    pub fn calendar_name(&self) -> &str {
        self.calendar
            .as_deref()
            .or(self.title.as_deref())
            .unwrap_or("Union State deadlines")
    }
}
