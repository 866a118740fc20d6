//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

use crate::period::Period;
use crate::value::{Qualifier, Unit};

/// Where in a CSV file a problem was found: file name, 1-based line and,
/// when one field is at fault, the column's header name.
///
/// ```
/// use biopharma_stats::Location;
/// let at = Location::new("observations.csv", 12, Some("value"));
/// assert_eq!(at.to_string(), "observations.csv:12, column `value`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Every way this crate can fail, each variant carrying what a user needs to
/// find and fix the problem.
///
/// Loading errors carry a [`Location`]; query and computation errors name the
/// metric, entity, period and values involved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file's path.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },

    /// The CSV layer rejected the bytes (for example an unterminated quote
    /// or a read failure), or a field is not valid UTF-8.
    #[error("{at}: {message}")]
    Csv {
        /// Where.
        at: Location,
        /// What the CSV reader reported.
        message: String,
    },

    /// The header row is not the one the file must have.
    #[error("{file}: header is `{found}`, expected `{expected}`")]
    BadHeader {
        /// The file's name.
        file: String,
        /// The header the file must have, comma-separated.
        expected: String,
        /// The header found, comma-separated.
        found: String,
    },

    /// A record has more or fewer fields than the header.
    #[error("{at}: {found} fields, expected {expected}")]
    FieldCount {
        /// Where (no column).
        at: Location,
        /// Fields in the header.
        expected: usize,
        /// Fields in this record.
        found: usize,
    },

    /// A required field is empty (or only white space).
    #[error("{at}: empty required field")]
    EmptyField {
        /// Where.
        at: Location,
    },

    /// A field has white space around it or inside an id, which would make
    /// two spellings of one id.
    #[error("{at}: {text:?} is not a valid id (no surrounding or inner white space, no control characters)")]
    BadId {
        /// Where.
        at: Location,
        /// The text found.
        text: String,
    },

    /// A value field is not a plain decimal number.
    #[error("{at}: {text:?} is not a plain decimal number (write 4000, not 4,000 or 4k)")]
    MalformedNumber {
        /// Where.
        at: Location,
        /// The text found.
        text: String,
    },

    /// A value field parses but is NaN or infinite.
    #[error("{at}: {text:?} is not a finite number")]
    NonFiniteNumber {
        /// Where.
        at: Location,
        /// The text found.
        text: String,
    },

    /// A unit that [`Unit`] does not know.
    #[error("{at}: unknown unit {text:?} (known: {})", Unit::ALL.map(|u| u.as_str()).join(", "))]
    UnknownUnit {
        /// Where.
        at: Location,
        /// The text found.
        text: String,
    },

    /// A qualifier that [`Qualifier`] does not know.
    #[error("{at}: unknown qualifier {text:?} (known: {})", Qualifier::ALL.map(|q| q.as_str()).join(", "))]
    UnknownQualifier {
        /// Where.
        at: Location,
        /// The text found.
        text: String,
    },

    /// A status other than `reported` or `target`.
    #[error("{at}: unknown status {text:?} (known: reported, target)")]
    UnknownStatus {
        /// Where.
        at: Location,
        /// The text found.
        text: String,
    },

    /// A metric kind that [`MetricKind`](crate::MetricKind) does not know.
    #[error("{at}: unknown metric kind {text:?} (known: flow, stock, share, rate, rank)")]
    UnknownKind {
        /// Where.
        at: Location,
        /// The text found.
        text: String,
    },

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

    /// An observation names a metric that metrics.csv does not define.
    #[error("{at}: unknown metric id {id:?} (not in metrics.csv)")]
    UnknownMetric {
        /// Where.
        at: Location,
        /// The id found.
        id: String,
    },

    /// An observation names a source that sources.csv does not define.
    #[error("{at}: unknown source id {id:?} (not in sources.csv)")]
    UnknownSource {
        /// Where.
        at: Location,
        /// The id found.
        id: String,
    },

    /// An observation's unit contradicts its metric's unit.
    #[error("{at}: unit {found} contradicts metric {metric:?}, whose unit is {expected}")]
    UnitMismatch {
        /// Where.
        at: Location,
        /// The metric id.
        metric: String,
        /// The metric's unit.
        expected: Unit,
        /// The unit in the row.
        found: Unit,
    },

    /// Two rows state a figure for the same metric, entity, period, status
    /// and source; or two rows of metrics.csv / sources.csv share an id.
    #[error("{at}: duplicate key {key} (first seen on line {first_line})")]
    DuplicateKey {
        /// Where the second occurrence is.
        at: Location,
        /// The key, spelled out.
        key: String,
        /// The line of the first occurrence.
        first_line: u64,
    },

    /// A number given to a computation or a series is NaN or infinite.
    #[error("non-finite number in {what}")]
    NonFiniteInput {
        /// Which input.
        what: String,
    },

    /// Points of one status were given out of period order, or twice.
    #[error("periods out of order or repeated: {earlier} then {later}")]
    UnorderedPeriods {
        /// The first of the two periods.
        earlier: Period,
        /// The period that should have come after it.
        later: Period,
    },

    /// A query named a metric id the dataset does not define.
    #[error("no metric {id:?} in the dataset")]
    NoSuchMetric {
        /// The id asked for.
        id: String,
    },

    /// A query named a source id the dataset does not define.
    #[error("no source {id:?} in the dataset")]
    NoSuchSource {
        /// The id asked for.
        id: String,
    },

    /// The dataset has no observation of this metric for this entity (with
    /// the statuses asked for).
    #[error("no observations of metric {metric:?} for entity {entity:?}")]
    NoSuchSeries {
        /// The metric id.
        metric: String,
        /// The entity.
        entity: String,
    },

    /// Two or more sources give different values for one metric, entity,
    /// period and status, and the caller did not say how to choose.
    #[error(
        "conflicting values for {metric:?} / {entity:?} in {period}: {}; choose a source or a resolution rule (SeriesOptions::resolve)",
        format_conflict(values)
    )]
    Conflict {
        /// The metric id.
        metric: String,
        /// The entity.
        entity: String,
        /// The period with several values.
        period: Period,
        /// Each value with its qualifier and source id.
        values: Vec<(f64, Qualifier, String)>,
    },
}

fn prefix(at: Option<&Location>) -> String {
    at.map(|a| format!("{a}: ")).unwrap_or_default()
}

fn format_conflict(values: &[(f64, Qualifier, String)]) -> String {
    values.iter().map(|(v, q, s)| format!("{}{v} ({s})", q.symbol())).collect::<Vec<_>>().join(" vs ")
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
