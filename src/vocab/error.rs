//! The vocabulary's errors: text that is not a period or a date, and the
//! [`Location`] every file error points to.

use std::fmt;

/// Where in a file a problem was found: file name, 1-based line (CSV) or
/// row (Parquet) and, when one field is at fault, the column's name.
///
/// ```
/// use biopharma_stats::Location;
/// let at = Location::new("observations.csv", 12, Some("value"));
/// assert_eq!(at.to_string(), "observations.csv:12, column `value`");
/// let at = Location::row("observations.parquet", 12, Some("value"));
/// assert_eq!(at.to_string(), "observations.parquet: row 12, column `value`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Location {
    /// The file's name as the loader was given it (a path for
    /// [`Dataset::from_dir`](crate::Dataset::from_dir)).
    pub file: String,
    /// The 1-based line of the record (the line it starts on when a quoted
    /// field spans several lines), as an editor shows it: `\n`, `\r\n` and
    /// a lone `\r` each end a line, and blank lines count.
    /// For a Parquet file ([`Counted::Row`]), the 1-based row instead:
    /// the first row of data is row 1.
    pub line: u64,
    /// The column's header name, when one field is at fault.
    pub column: Option<&'static str>,
    /// Whether [`Location::line`] counts lines of text or rows of a table.
    pub counted: Counted,
}

/// What [`Location::line`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Counted {
    /// Lines of a text file (CSV), the header being line 1.
    #[default]
    Line,
    /// Rows of a table file (Parquet), the first row of data being row 1.
    Row,
}

impl Counted {
    /// `"line"` or `"row"`.
    pub const fn word(self) -> &'static str {
        match self {
            Counted::Line => "line",
            Counted::Row => "row",
        }
    }
}

impl Location {
    /// A location in `file` at `line`, optionally naming a column.
    pub fn new(file: impl Into<String>, line: u64, column: Option<&'static str>) -> Self {
        Location { file: file.into(), line, column, counted: Counted::Line }
    }

    /// A location in a table file (Parquet) at 1-based data row `row`,
    /// optionally naming a column.
    pub fn row(file: impl Into<String>, row: u64, column: Option<&'static str>) -> Self {
        Location { file: file.into(), line: row, column, counted: Counted::Row }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.counted {
            Counted::Line => write!(f, "{}:{}", self.file, self.line)?,
            Counted::Row => write!(f, "{}: row {}", self.file, self.line)?,
        }
        if let Some(c) = self.column {
            write!(f, ", column `{c}`")?;
        }
        Ok(())
    }
}

/// Text that is not a period or a publication date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// A period that is neither a year (`2019`) nor an increasing span of
    /// years (`2016-2023`).
    #[error("{}bad period {text:?}: {reason}", prefix(at.as_ref()))]
    BadPeriod {
        /// Where (no column when the period was built in code).
        at: Option<Location>,
        /// The text found.
        text: String,
        /// Why it was rejected.
        reason: &'static str,
    },

    /// A publication date that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("{}bad date {text:?} (write YYYY, YYYY-MM or YYYY-MM-DD)", prefix(at.as_ref()))]
    BadDate {
        /// Where.
        at: Option<Location>,
        /// The text found.
        text: String,
    },

    /// A unit declaration (a row of units.csv, or [`Unit::declare`](crate::Unit::declare))
    /// that is refused.
    #[error("{}bad unit {id:?}: {reason}", prefix(at.as_ref()))]
    BadUnit {
        /// Where (no column when declared in code).
        at: Option<Location>,
        /// The unit id.
        id: String,
        /// Why it was refused.
        reason: crate::vocab::value::BadUnit,
    },
}

fn prefix(at: Option<&Location>) -> String {
    at.map(|a| format!("{a}: ")).unwrap_or_default()
}

impl ParseError {
    /// Where in a file the text was read, when it came from a file.
    pub fn location(&self) -> Option<&Location> {
        match self {
            ParseError::BadPeriod { at, .. } | ParseError::BadDate { at, .. } | ParseError::BadUnit { at, .. } => {
                at.as_ref()
            }
        }
    }

    /// The location, to rewrite (a Parquet reader turns lines into rows).
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    pub(crate) fn location_mut(&mut self) -> Option<&mut Location> {
        match self {
            ParseError::BadPeriod { at, .. } | ParseError::BadDate { at, .. } | ParseError::BadUnit { at, .. } => {
                at.as_mut()
            }
        }
    }
}
