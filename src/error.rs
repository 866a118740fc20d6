//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

use crate::vocab::metric::MetricKind;
use crate::vocab::period::Period;
use crate::vocab::value::{Qualifier, Status, Unit};

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

    /// A number given to a computation or a series is NaN or infinite; or a
    /// computation's result overflows f64 (then `what` begins `the result
    /// of` and names the computation and the figures it came from). No
    /// computation returns an infinity or a NaN.
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

    // --- charts ---
    /// A chart was given nothing to draw: no series, or a series without
    /// points.
    #[error("nothing to chart: {what}")]
    EmptyChart {
        /// What was empty.
        what: String,
    },

    /// A chart size with a zero width or height.
    #[error("chart size {width}x{height} has a zero side")]
    ZeroSize {
        /// The width asked for, in pixels.
        width: u32,
        /// The height asked for, in pixels.
        height: u32,
    },

    /// A chart file name whose extension is neither `.png` nor `.svg`.
    #[error("{}: unsupported chart format (the file name must end in .png or .svg)", path.display())]
    UnsupportedFormat {
        /// The path given.
        path: PathBuf,
    },

    /// A chart asked for a series' point in a period the series has no point for.
    #[error("{metric:?} / {entity:?} has no point for {period} to chart")]
    MissingPoint {
        /// The metric id.
        metric: String,
        /// The entity.
        entity: String,
        /// The period asked for.
        period: Period,
    },

    /// The inputs of a chart do not fit together (units that differ on one
    /// axis, shares above 100 %, a span of years on a year axis, a size too
    /// small for its text, ...).
    #[error("cannot draw the chart: {reason}")]
    InvalidChart {
        /// What is wrong, in words.
        reason: String,
    },

    /// The bundled chart font could not be loaded.
    #[error("chart font: {message}")]
    Font {
        /// What went wrong.
        message: String,
    },

    /// The drawing or encoding library failed.
    #[error("chart rendering failed: {message}")]
    Render {
        /// What the library reported.
        message: String,
    },

    // --- computations ---
    /// The base of a relative rate (the start of a change, the whole of a
    /// share, the base year of an index) is zero, so the rate would be
    /// infinite.
    #[error("{computation}: the base, {what}, is zero, so the rate is undefined (not infinite)")]
    ZeroBase {
        /// The computation refused (`CAGR`, `share`, …).
        computation: &'static str,
        /// Which figure, e.g. `biomedicine_market_size / china in 2016`.
        what: String,
    },

    /// The base of a relative rate is negative, so the rate's sign would
    /// mislead.
    #[error(
        "{computation}: the base, {what}, is negative ({value}); a relative rate from a negative base has no meaning"
    )]
    NegativeBase {
        /// The computation refused.
        computation: &'static str,
        /// Which figure.
        what: String,
        /// Its value.
        value: f64,
    },

    /// The value changes sign (or, where a logarithm is needed, falls to
    /// zero) between the base and the end, so a ratio of the two is no
    /// growth rate.
    #[error(
        "{computation}: {from} is {start} but {to} is {end}; a growth rate across a change of sign (or down to zero, for a logarithm) is undefined"
    )]
    SignChange {
        /// The computation refused.
        computation: &'static str,
        /// The base figure.
        from: String,
        /// Its value.
        start: f64,
        /// The end figure.
        to: String,
        /// Its value.
        end: f64,
    },

    /// A series has no point for the period a computation asked for.
    #[error("{metric:?} / {entity:?} has no value for {period} (it has: {})", list_periods(available))]
    MissingPeriod {
        /// The metric id.
        metric: String,
        /// The entity.
        entity: String,
        /// The period asked for.
        period: Period,
        /// The periods the series does have.
        available: Vec<Period>,
    },

    /// Two consecutive points of a series are more than one year apart and
    /// the caller asked for period-over-period changes without annualising
    /// ([`Gaps::Refuse`](crate::Gaps::Refuse)).
    #[error(
        "{metric:?} / {entity:?}: {from} to {to} is {years} years, not one period; use Gaps::Annualise to annualise it"
    )]
    YearGap {
        /// The metric id.
        metric: String,
        /// The entity.
        entity: String,
        /// The earlier period.
        from: Period,
        /// The later period.
        to: Period,
        /// The years between them.
        years: i32,
    },

    /// A computation over time needs single years, and a figure covers a
    /// span of years.
    #[error("{computation} needs single years, but {what} covers the span {period}")]
    NotAYear {
        /// The computation refused.
        computation: &'static str,
        /// Which figure.
        what: String,
        /// Its period.
        period: Period,
    },

    /// Two figures are in different units and the caller did not allow it
    /// ([`Allow::units`](crate::Allow::units)).
    #[error("{computation}: units differ: {left} is in {left_unit}, {right} in {right_unit} (allow with Allow::units)")]
    UnitsDiffer {
        /// The computation refused.
        computation: &'static str,
        /// The first figure.
        left: String,
        /// Its unit.
        left_unit: Unit,
        /// The second figure.
        right: String,
        /// Its unit.
        right_unit: Unit,
    },

    /// Two figures are of different metrics, that is different definitions,
    /// and the caller did not allow it
    /// ([`Allow::definitions`](crate::Allow::definitions)).
    #[error("{computation}: definitions differ: metric {left:?} is not {right:?} (allow with Allow::definitions)")]
    DefinitionsDiffer {
        /// The computation refused.
        computation: &'static str,
        /// The first figure's metric id.
        left: String,
        /// The second figure's metric id.
        right: String,
    },

    /// Two figures are of different entities and the caller did not allow
    /// it ([`Allow::entities`](crate::Allow::entities)).
    #[error("{computation}: entities differ: {left:?} is not {right:?} (allow with Allow::entities)")]
    EntitiesDiffer {
        /// The computation refused.
        computation: &'static str,
        /// The first figure's entity.
        left: String,
        /// The second figure's entity.
        right: String,
    },

    /// A reported figure would be combined with a target and the caller did
    /// not allow it ([`Allow::statuses`](crate::Allow::statuses)).
    #[error(
        "{computation}: {left} is {left_status} but {right} is {right_status}; targets do not mix with reported figures (allow with Allow::statuses)"
    )]
    StatusesDiffer {
        /// The computation refused.
        computation: &'static str,
        /// The first figure.
        left: String,
        /// Its status.
        left_status: Status,
        /// The second figure.
        right: String,
        /// Its status.
        right_status: Status,
    },

    /// Two figures that must refer to the same period do not, and the caller
    /// did not allow it ([`Allow::periods`](crate::Allow::periods)); or a
    /// flow does not end in its stock's year, which no allowance makes
    /// meaningful ([`Figure::implied_earlier_stock`](crate::Figure::implied_earlier_stock)).
    #[error("{computation}: periods differ: {left} is for {left_period}, {right} for {right_period}")]
    PeriodsDiffer {
        /// The computation refused.
        computation: &'static str,
        /// The first figure.
        left: String,
        /// Its period.
        left_period: Period,
        /// The second figure.
        right: String,
        /// Its period.
        right_period: Period,
    },

    /// A metric's kind does not admit the computation (a relative rate of a
    /// rank, cumulating a stock, a share that is not a share).
    #[error("{computation}: metric {metric:?} is a {kind} metric; {expected}")]
    KindNotSupported {
        /// The computation refused.
        computation: &'static str,
        /// The metric id.
        metric: String,
        /// Its kind.
        kind: MetricKind,
        /// What the computation needs.
        expected: &'static str,
    },

    /// A figure is in a unit the computation cannot use (a share not in
    /// percent).
    #[error("{computation}: {what} is in {found}, expected {expected}")]
    WrongUnit {
        /// The computation refused.
        computation: &'static str,
        /// Which figure.
        what: String,
        /// The unit needed.
        expected: Unit,
        /// The unit found.
        found: Unit,
    },

    /// A number lies outside the range the computation admits (a share
    /// above 100 %, a negative count, a fall of more than 100 %).
    #[error("{computation}: {what} is {value}, outside {expected}")]
    OutOfRange {
        /// The computation refused.
        computation: &'static str,
        /// Which number.
        what: String,
        /// Its value.
        value: f64,
        /// The admitted range, in words.
        expected: &'static str,
    },

    /// A span of time that must be a positive number of years is not.
    #[error("{computation}: the span must be a positive number of years, not {years}")]
    NonPositiveYears {
        /// The computation refused.
        computation: &'static str,
        /// The years given.
        years: f64,
    },

    /// A doubling time was asked of a rate that never doubles anything
    /// (zero or negative).
    #[error("doubling time: a growth rate of {rate} per year never doubles")]
    NeverDoubles {
        /// The rate, a fraction per year.
        rate: f64,
    },

    /// The share of a part in a whole would exceed 1: the two figures
    /// cannot be part and whole.
    #[error("{computation}: the part, {part} ({part_value}), exceeds the whole, {whole} ({whole_value})")]
    PartExceedsWhole {
        /// The computation refused.
        computation: &'static str,
        /// The part.
        part: String,
        /// Its value.
        part_value: f64,
        /// The whole.
        whole: String,
        /// Its value.
        whole_value: f64,
    },

    /// A computation was given fewer points or figures than it needs.
    #[error("{computation} needs at least {needed} points; {what} has {found}")]
    TooFewPoints {
        /// The computation refused.
        computation: &'static str,
        /// The series or list.
        what: String,
        /// How many are needed.
        needed: usize,
        /// How many there are.
        found: usize,
    },
}

impl Error {
    /// Where in a CSV file the problem is, for errors of loading that name
    /// a record (every loading error but [`Error::Io`] and
    /// [`Error::BadHeader`]); `None` for the others.
    ///
    /// ```
    /// use biopharma_stats::Dataset;
    /// let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
    ///            nope,china,2019,1,exact,count,reported,s,,\n";
    /// let metrics = "id,name,description,unit,kind,definition\n";
    /// let sources = "id,publisher,title,author,published,url,note\ns,P,T,,2020,,\n";
    /// let err = Dataset::from_readers(obs.as_bytes(), metrics.as_bytes(), sources.as_bytes()).unwrap_err();
    /// let at = err.location().unwrap();
    /// assert_eq!((at.line, at.column), (2, Some("metric")));
    /// ```
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Csv { at, .. }
            | Error::FieldCount { at, .. }
            | Error::EmptyField { at }
            | Error::BadId { at, .. }
            | Error::MalformedNumber { at, .. }
            | Error::NonFiniteNumber { at, .. }
            | Error::UnknownUnit { at, .. }
            | Error::UnknownQualifier { at, .. }
            | Error::UnknownStatus { at, .. }
            | Error::UnknownKind { at, .. }
            | Error::UnknownMetric { at, .. }
            | Error::UnknownSource { at, .. }
            | Error::UnitMismatch { at, .. }
            | Error::DuplicateKey { at, .. } => Some(at),
            Error::BadPeriod { at, .. } | Error::BadDate { at, .. } => at.as_ref(),
            _ => None,
        }
    }
}

fn prefix(at: Option<&Location>) -> String {
    at.map(|a| format!("{a}: ")).unwrap_or_default()
}

fn format_conflict(values: &[(f64, Qualifier, String)]) -> String {
    values.iter().map(|(v, q, s)| format!("{}{v} ({s})", q.symbol())).collect::<Vec<_>>().join(" vs ")
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn list_periods(periods: &[Period]) -> String {
    if periods.is_empty() {
        return "no points".to_owned();
    }
    periods.iter().map(Period::to_string).collect::<Vec<_>>().join(", ")
}
