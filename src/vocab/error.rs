//! The vocabulary's errors: text that is not a period or a date, and the
//! [`Location`] every file error points to.

use std::fmt;

/// Where in a CSV file a problem was found: file name, 1-based line and,
/// when one field is at fault, the column's header name.
///
/// ```
/// use biopharma_stats::Location;
/// let at = Location::new("observations.csv", 12, Some("value"));
/// assert_eq!(at.to_string(), "observations.csv:12, column `value`");
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
    pub line: u64,
    /// The column's header name, when one field is at fault.
    pub column: Option<&'static str>,
}

impl Location {
    /// A location in `file` at `line`, optionally naming a column.
    pub fn new(file: impl Into<String>, line: u64, column: Option<&'static str>) -> Self {
        Location { file: file.into(), line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
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
}
