//! Dates as precise as their source: [`PartialDate`] and [`Precision`].

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::DateError;

/// How precisely a source states a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A calendar day: `2023-12-01`.
    Day,
    /// A month: `2022-07` ("by July 2022").
    Month,
    /// A quarter: `2023-Q4`.
    Quarter,
    /// A year: `2023` ("by the end of 2023").
    Year,
}

/// A calendar date with the precision the source stated: a day, a month, a
/// quarter or a year.
///
/// "By December 2023" is not "1 December 2023": a `PartialDate` keeps the
/// wording's precision for display and uses the **last day the wording
/// allows** for ordering and comparisons ([`PartialDate::last_day`]). Two
/// dates with the same last day are ordered by their first day, so
/// `2023` sorts before `2023-Q4`, before `2023-12`, before `2023-12-31`.
///
/// Text form: `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY`, with years
/// 1 to 9999. This is also the JSON form.
///
/// # Example
///
/// ```
/// use union_state::{PartialDate, Precision};
/// let by_july: PartialDate = "2022-07".parse()?;
/// assert_eq!(by_july.precision(), Precision::Month);
/// assert_eq!(by_july.last_day().to_string(), "2022-07-31");
/// assert_eq!(by_july.to_string(), "2022-07");
/// assert!("2023-02-30".parse::<PartialDate>().is_err());
/// # Ok::<(), union_state::error::DateError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    first: NaiveDate,
    precision: Precision,
}

impl PartialDate {
    /// A day.
    ///
    /// # Errors
    ///
    /// [`DateError`] if the day does not exist or the year is outside 1..=9999.
    pub fn day(year: i32, month: u32, day: u32) -> Result<Self, DateError> {
        check_year(year)?;
        let first = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
            DateError::new(format!("{year:04}-{month:02}-{day:02}"), "no such day")
        })?;
        Ok(Self {
            first,
            precision: Precision::Day,
        })
    }

    /// A month, 1 to 12.
    ///
    /// # Errors
    ///
    /// [`DateError`] if the month is outside 1..=12 or the year outside 1..=9999.
    pub fn month(year: i32, month: u32) -> Result<Self, DateError> {
        check_year(year)?;
        let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| {
            DateError::new(format!("{year:04}-{month:02}"), "month must be 01 to 12")
        })?;
        Ok(Self {
            first,
            precision: Precision::Month,
        })
    }

    /// A quarter, 1 to 4.
    ///
    /// # Errors
    ///
    /// [`DateError`] if the quarter is outside 1..=4 or the year outside 1..=9999.
    pub fn quarter(year: i32, quarter: u32) -> Result<Self, DateError> {
        check_year(year)?;
        if !(1..=4).contains(&quarter) {
            return Err(DateError::new(
                format!("{year:04}-Q{quarter}"),
                "quarter must be Q1 to Q4",
            ));
        }
        let first = NaiveDate::from_ymd_opt(year, quarter * 3 - 2, 1)
            .ok_or_else(|| DateError::new(format!("{year:04}-Q{quarter}"), "no such quarter"))?;
        Ok(Self {
            first,
            precision: Precision::Quarter,
        })
    }

    /// A year.
    ///
    /// # Errors
    ///
    /// [`DateError`] if the year is outside 1..=9999.
    pub fn year(year: i32) -> Result<Self, DateError> {
        check_year(year)?;
        let first = NaiveDate::from_ymd_opt(year, 1, 1)
            .ok_or_else(|| DateError::new(format!("{year:04}"), "no such year"))?;
        Ok(Self {
            first,
            precision: Precision::Year,
        })
    }

    /// An exact day, from a [`NaiveDate`].
    ///
    /// # Errors
    ///
    /// [`DateError`] if the year is outside 1..=9999.
    pub fn from_date(date: NaiveDate) -> Result<Self, DateError> {
        check_year(date.year())?;
        Ok(Self {
            first: date,
            precision: Precision::Day,
        })
    }

    /// The precision the source stated.
    pub const fn precision(self) -> Precision {
        self.precision
    }

    /// The first day the wording allows.
    pub const fn first_day(self) -> NaiveDate {
        self.first
    }

    /// The last day the wording allows: the date used for ordering and for
    /// "is it overdue" questions.
    pub fn last_day(self) -> NaiveDate {
        let months = match self.precision {
            Precision::Day => return self.first,
            Precision::Month => 1,
            Precision::Quarter => 3,
            Precision::Year => 12,
        };
        // Years are limited to 1..=9999, so these never leave chrono's range.
        self.first
            .checked_add_months(Months::new(months))
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }
}

fn check_year(year: i32) -> Result<(), DateError> {
    if (1..=9999).contains(&year) {
        Ok(())
    } else {
        Err(DateError::new(year.to_string(), "year must be 1 to 9999"))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.last_day()
            .cmp(&other.last_day())
            .then(self.first.cmp(&other.first))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PartialDate({self})")
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.first;
        // Written whole, then padded: `{:<12}` aligns dates in tables.
        let text = match self.precision {
            Precision::Day => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Precision::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Precision::Quarter => format!("{:04}-Q{}", d.year(), d.month0() / 3 + 1),
            Precision::Year => format!("{:04}", d.year()),
        };
        f.pad(&text)
    }
}

/// Parses `digits` of exactly `len` ASCII digits.
fn number(digits: &str, len: usize) -> Option<u32> {
    if digits.len() == len && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, DateError> {
        const EXPECTED: &str = "expected `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY`";
        let bad = || DateError::new(s.to_owned(), EXPECTED);
        let mut parts = s.split('-');
        let year = parts.next().and_then(|y| number(y, 4)).ok_or_else(bad)?;
        let year = i32::try_from(year).map_err(|_| bad())?;
        let second = parts.next();
        let third = parts.next();
        if parts.next().is_some() {
            return Err(bad());
        }
        let with_text = |e: DateError| DateError::new(s.to_owned(), e.reason());
        match (second, third) {
            (None, None) => Self::year(year).map_err(with_text),
            (Some(q), None) if q.starts_with('Q') => {
                let quarter = number(q.get(1..).unwrap_or(""), 1).ok_or_else(bad)?;
                Self::quarter(year, quarter).map_err(with_text)
            }
            (Some(m), None) => {
                let month = number(m, 2).ok_or_else(bad)?;
                Self::month(year, month).map_err(with_text)
            }
            (Some(m), Some(d)) => {
                let month = number(m, 2).ok_or_else(bad)?;
                let day = number(d, 2).ok_or_else(bad)?;
                Self::day(year, month, day).map_err(with_text)
            }
            (None, Some(_)) => Err(bad()),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PartialDate, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn last_day_of_each_precision() {
        assert_eq!(p("2023-12-01").last_day().to_string(), "2023-12-01");
        assert_eq!(p("2024-02").last_day().to_string(), "2024-02-29");
        assert_eq!(p("2023-02").last_day().to_string(), "2023-02-28");
        assert_eq!(p("2023-Q1").last_day().to_string(), "2023-03-31");
        assert_eq!(p("2023-Q4").last_day().to_string(), "2023-12-31");
        assert_eq!(p("2023").last_day().to_string(), "2023-12-31");
        assert_eq!(p("9999").last_day().to_string(), "9999-12-31");
    }

    #[test]
    fn display_keeps_the_wording() {
        for s in ["2023-12-01", "2022-07", "2023-Q4", "2023", "0001-01-01"] {
            assert_eq!(p(s).to_string(), s);
        }
    }

    #[test]
    fn order_by_last_day_then_first() {
        let mut v = [
            p("2023-12-31"),
            p("2023-12"),
            p("2023-Q4"),
            p("2023"),
            p("2022-07"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(s, ["2022-07", "2023", "2023-Q4", "2023-12", "2023-12-31"]);
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2023-02-30",
            "2023-13",
            "2023-00",
            "2023-Q5",
            "2023-Q0",
            "23",
            "2023-1",
            "2023-01-1",
            "2023/01/01",
            "",
            "2023-",
            "2023-01-01-01",
            "0000",
            "+2023",
            "2023-Q",
            "2023-Q12",
            "２０２３",
        ] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn error_names_text_and_reason() {
        let e = "2023-02-30".parse::<PartialDate>().unwrap_err();
        assert_eq!(e.to_string(), "invalid date `2023-02-30`: no such day");
    }
}
