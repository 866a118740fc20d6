//! Periods: a calendar year, or an inclusive span of years ("since 2016").

use crate::ParseError;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The smallest year a [`Period`] accepts.
pub const MIN_YEAR: i32 = 1000;
/// The largest year a [`Period`] accepts.
pub const MAX_YEAR: i32 = 9999;

/// The time a figure refers to: one calendar year, or an inclusive span of
/// years such as "innovative drugs approved since 2016" reported in 2023.
///
/// Written `2019` or `2016-2023` in CSV. Periods order by their last year,
/// then by their first, so `2016-2023` sorts just before `2023`.
///
/// ```
/// use biopharma_stats::Period;
/// let p: Period = "2016-2023".parse()?;
/// assert_eq!(p.start(), 2016);
/// assert_eq!(p.end(), 2023);
/// assert_eq!(p.years(), 8);
/// assert_eq!(Period::Year(2019).to_string(), "2019");
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub enum Period {
    /// One calendar year.
    Year(i32),
    /// An inclusive span of two or more years.
    Span(YearSpan),
}

/// An inclusive span of years whose first year is before its last; build it
/// with [`YearSpan::new`], which refuses anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearSpan {
    start: i32,
    end: i32,
}

impl YearSpan {
    /// The span `start..=end`; an error unless `start < end` and both are
    /// four-digit years.
    ///
    /// # Errors
    ///
    /// [`ParseError::BadPeriod`](crate::ParseError::BadPeriod) if either year
    /// is outside 1000..=9999, or if `start` is not before `end`.
    ///
    /// ```
    /// use biopharma_stats::YearSpan;
    /// assert!(YearSpan::new(2016, 2023).is_ok());
    /// assert!(YearSpan::new(2023, 2016).is_err());
    /// assert!(YearSpan::new(2019, 2019).is_err()); // a single year is Period::Year
    /// ```
    pub fn new(start: i32, end: i32) -> Result<Self, Error> {
        let text = || format!("{start}-{end}");
        if !(MIN_YEAR..=MAX_YEAR).contains(&start) || !(MIN_YEAR..=MAX_YEAR).contains(&end) {
            return Err(Error::Parse(ParseError::BadPeriod {
                at: None,
                text: text(),
                reason: "years must have four digits",
            }));
        }
        if start >= end {
            return Err(Error::Parse(ParseError::BadPeriod {
                at: None,
                text: text(),
                reason: "a span's first year must come before its last (a single year is written alone)",
            }));
        }
        Ok(YearSpan { start, end })
    }

    /// The first year.
    pub fn start(self) -> i32 {
        self.start
    }

    /// The last year (inclusive).
    pub fn end(self) -> i32 {
        self.end
    }
}

impl Period {
    /// A span `start..=end`, or `Year(start)` when both are equal.
    ///
    /// # Errors
    ///
    /// [`ParseError::BadPeriod`](crate::ParseError::BadPeriod) as
    /// [`YearSpan::new`], or for a single year outside 1000..=9999.
    ///
    /// ```
    /// use biopharma_stats::Period;
    /// assert_eq!(Period::years_between(2019, 2019)?, Period::Year(2019));
    /// assert_eq!(Period::years_between(2016, 2023)?.to_string(), "2016-2023");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn years_between(start: i32, end: i32) -> Result<Self, Error> {
        if start == end {
            if (MIN_YEAR..=MAX_YEAR).contains(&start) {
                Ok(Period::Year(start))
            } else {
                Err(Error::Parse(ParseError::BadPeriod {
                    at: None,
                    text: start.to_string(),
                    reason: "years must have four digits",
                }))
            }
        } else {
            YearSpan::new(start, end).map(Period::Span)
        }
    }

    /// The first year.
    pub fn start(self) -> i32 {
        match self {
            Period::Year(y) => y,
            Period::Span(s) => s.start,
        }
    }

    /// The last year (inclusive); the year a stock "as of" this period refers to.
    pub fn end(self) -> i32 {
        match self {
            Period::Year(y) => y,
            Period::Span(s) => s.end,
        }
    }

    /// How many calendar years the period covers (1 for a year).
    ///
    /// ```
    /// use biopharma_stats::Period;
    /// let p: Period = "2016-2023".parse()?;
    /// assert_eq!(p.years(), 8); // 2023 − 2016 + 1
    /// assert_eq!((p.start(), p.end(), p.as_year()), (2016, 2023, None));
    /// assert_eq!(Period::Year(2019).years(), 1);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn years(self) -> i32 {
        self.end() - self.start() + 1
    }

    /// The year, if this period is a single year.
    pub fn as_year(self) -> Option<i32> {
        match self {
            Period::Year(y) => Some(y),
            Period::Span(_) => None,
        }
    }

    /// Whether the whole period lies within `from..=to`.
    ///
    /// ```
    /// use biopharma_stats::Period;
    /// assert!(Period::Year(2019).within(2016, 2019));
    /// assert!(!"2016-2023".parse::<Period>()?.within(2016, 2020));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn within(self, from: i32, to: i32) -> bool {
        from <= self.start() && self.end() <= to
    }

    /// `Year(start)` when both are equal, else the span: for years already
    /// checked (by [`Period::parse_bytes`]) and merely unpacked again.
    pub(crate) fn from_checked_years(start: i32, end: i32) -> Period {
        if start == end { Period::Year(start) } else { Period::Span(YearSpan { start, end }) }
    }

    /// Parses `2019` or `2016-2023` from bytes without allocating; the error
    /// carries a reason but no location (the loader adds it).
    pub(crate) fn parse_bytes(b: &[u8]) -> Result<Period, &'static str> {
        fn year(d: &[u8]) -> Result<i32, &'static str> {
            if d.len() != 4 || !d.iter().all(u8::is_ascii_digit) {
                return Err("years must be four ASCII digits, as in 2019 or 2016-2023");
            }
            let y = d.iter().fold(0i32, |acc, c| acc * 10 + i32::from(c - b'0'));
            if y < MIN_YEAR {
                return Err("years must have four digits");
            }
            Ok(y)
        }
        match b.len() {
            4 => year(b).map(Period::Year),
            9 if b[4] == b'-' => {
                let (s, e) = (year(&b[..4])?, year(&b[5..])?);
                if s >= e {
                    return Err("a span's first year must come before its last (a single year is written alone)");
                }
                Ok(Period::Span(YearSpan { start: s, end: e }))
            }
            0 => Err("empty period"),
            _ => Err("expected a year (2019) or an inclusive span (2016-2023)"),
        }
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    /// Chronological by last year, then by first year: `2016-2023 < 2023 < 2024`.
    fn cmp(&self, other: &Self) -> Ordering {
        (self.end(), self.start()).cmp(&(other.end(), other.start()))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Span(s) => write!(f, "{}-{}", s.start, s.end),
        }
    }
}

impl FromStr for Period {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Period::parse_bytes(s.as_bytes())
            .map_err(|reason| Error::Parse(ParseError::BadPeriod { at: None, text: s.to_owned(), reason }))
    }
}

impl TryFrom<String> for Period {
    type Error = Error;

    fn try_from(s: String) -> Result<Self, Error> {
        s.parse()
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

impl From<YearSpan> for Period {
    fn from(s: YearSpan) -> Self {
        Period::Span(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_years_and_spans() {
        for text in ["2019", "2016-2023", "1000", "9999"] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejects_malformed_periods() {
        for text in ["", "19", "20190", "2019-2019", "2023-2016", "0999", "2016–2023", " 2019", "2016-23", "abcd"] {
            assert!(text.parse::<Period>().is_err(), "{text:?} should be rejected");
        }
    }

    #[test]
    fn orders_by_end_then_start() {
        let span: Period = "2016-2023".parse().unwrap();
        assert!(Period::Year(2022) < span);
        assert!(span < Period::Year(2023));
        assert!(Period::Year(2023) < Period::Year(2024));
    }
}
