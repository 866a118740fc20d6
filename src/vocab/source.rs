//! Where a figure comes from: the article or report, its publisher and date.

use crate::ParseError;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Defines a string id newtype with the usual conversions.
macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        pub struct $name(String);

        impl $name {
            /// Wraps an id.
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }

            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}
pub(crate) use string_id;

string_id! {
    /// The id of a source, as in sources.csv (`chinanews_2023_11_11`).
    SourceId
}

/// How precisely a source's publication date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DatePrecision {
    /// Only the year is known (`2020`).
    Year,
    /// The year and month are known (`2020-05`).
    Month,
    /// The exact day is known (`2024-09-03`).
    Day,
}

/// A publication date known to a year, a month or a day.
///
/// The date is stored as the first day of what is known (`2020-05` is
/// stored as 2020-05-01 with [`DatePrecision::Month`]) and printed back in
/// the form it was given.
///
/// ```
/// use biopharma_stats::{DatePrecision, PublicationDate};
/// let d: PublicationDate = "2020-05".parse()?;
/// assert_eq!(d.precision(), DatePrecision::Month);
/// assert_eq!(d.year(), 2020);
/// assert_eq!(d.to_string(), "2020-05");
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct PublicationDate {
    date: NaiveDate,
    precision: DatePrecision,
}

impl PublicationDate {
    /// A date known to the day.
    pub fn day(date: NaiveDate) -> Self {
        PublicationDate { date, precision: DatePrecision::Day }
    }

    /// The first day of what is known (January 1 for a year-only date).
    ///
    /// ```
    /// use biopharma_stats::PublicationDate;
    /// use chrono::NaiveDate;
    /// let d: PublicationDate = "2020-05".parse()?;
    /// assert_eq!(d.first_day(), NaiveDate::from_ymd_opt(2020, 5, 1).unwrap());
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn first_day(self) -> NaiveDate {
        self.date
    }

    /// The last day of what is known (December 31 for a year-only date, the
    /// month's last day for a month).
    ///
    /// ```
    /// use biopharma_stats::PublicationDate;
    /// use chrono::NaiveDate;
    /// let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let feb: PublicationDate = "2020-02".parse()?;
    /// assert_eq!(feb.last_day(), ymd(2020, 2, 29)); // 2020 is a leap year
    /// let year: PublicationDate = "2019".parse()?;
    /// assert_eq!(year.last_day(), ymd(2019, 12, 31));
    /// assert_eq!(PublicationDate::day(ymd(2021, 3, 4)).last_day(), ymd(2021, 3, 4));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn last_day(self) -> NaiveDate {
        let d = self.date;
        let next = match self.precision {
            DatePrecision::Day => return d,
            DatePrecision::Month => d.checked_add_months(chrono::Months::new(1)),
            DatePrecision::Year => d.checked_add_months(chrono::Months::new(12)),
        };
        next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX)
    }

    /// How precisely the date is known.
    pub fn precision(self) -> DatePrecision {
        self.precision
    }

    /// The year of publication.
    pub fn year(self) -> i32 {
        self.date.year()
    }
}

impl PartialOrd for PublicationDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PublicationDate {
    /// Orders by the first possible day, then by precision (a year-only date
    /// sorts before a day in that year's January 1).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.date, self.precision).cmp(&(other.date, other.precision))
    }
}

impl fmt::Display for PublicationDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date;
        match self.precision {
            DatePrecision::Year => write!(f, "{:04}", d.year()),
            DatePrecision::Month => write!(f, "{:04}-{:02}", d.year(), d.month()),
            DatePrecision::Day => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

impl FromStr for PublicationDate {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || Error::Parse(ParseError::BadDate { at: None, text: s.to_owned() });
        let num = |t: &str, len: usize| -> Result<u32, Error> {
            if t.len() == len && t.bytes().all(|b| b.is_ascii_digit()) {
                t.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let mut parts = s.split('-');
        let year = num(parts.next().unwrap_or(""), 4)?;
        let month = parts.next().map(|m| num(m, 2)).transpose()?;
        let day = parts.next().map(|d| num(d, 2)).transpose()?;
        if parts.next().is_some() {
            return Err(bad());
        }
        let precision = match (month, day) {
            (None, _) => DatePrecision::Year,
            (Some(_), None) => DatePrecision::Month,
            (Some(_), Some(_)) => DatePrecision::Day,
        };
        let year = i32::try_from(year).map_err(|_| bad())?;
        let date = NaiveDate::from_ymd_opt(year, month.unwrap_or(1), day.unwrap_or(1)).ok_or_else(bad)?;
        Ok(PublicationDate { date, precision })
    }
}

impl TryFrom<String> for PublicationDate {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        s.parse()
    }
}

impl From<PublicationDate> for String {
    fn from(d: PublicationDate) -> String {
        d.to_string()
    }
}

/// One article or report that figures are taken from: a row of sources.csv.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct Source {
    /// Its id, referenced by observations.
    pub id: SourceId,
    /// Who published it (a news agency, a newspaper, an association).
    pub publisher: String,
    /// The title as published (translated titles say so in `note`).
    pub title: String,
    /// The author or reporter, when named.
    pub author: Option<String>,
    /// When it was published, as precisely as known.
    pub published: PublicationDate,
    /// Where it can be read, when known.
    pub url: Option<String>,
    /// Caveats: translation, repost, how the date was inferred.
    pub note: String,
}

impl Source {
    /// A one-line citation: `publisher, "title", date`.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let s = ds.sources().next().unwrap();
    /// assert!(s.citation().contains(&s.publisher));
    /// ```
    pub fn citation(&self) -> String {
        format!("{}, \"{}\", {}", self.publisher, self.title, self.published)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_at_each_precision() {
        for text in ["2020", "2020-05", "2024-09-03"] {
            assert_eq!(text.parse::<PublicationDate>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn bad_dates_are_refused() {
        for text in ["", "20", "2020-5", "2020-13", "2021-02-29", "2020-05-01-01", "May 2020", "~2025-03"] {
            assert!(text.parse::<PublicationDate>().is_err(), "{text:?}");
        }
    }
}
