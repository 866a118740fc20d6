//! The data layer's errors: loading files ([`LoadError`], each with a
//! [`Location`]) and asking for what a dataset does not hold ([`QueryError`]).

use crate::data::dataset::Conflict;
use crate::vocab::error::Location;
use crate::vocab::period::Period;
use crate::vocab::value::{Qualifier, Unit};

/// A file's contents break a rule of the data model; every variant but
/// [`LoadError::BadHeader`] says where, with file, line and column.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
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

    /// A unit that is neither built in nor declared in units.csv.
    #[error(
        "{at}: unknown unit {text:?}: declare it in units.csv (columns id,label,quantity,scale) or use a built-in unit ({})",
        Unit::ALL.map(|u| u.as_str()).join(", ")
    )]
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

    /// A value that breaks the rule of its metric's kind and unit: a share
    /// in percent outside 0–100, a count that is negative or not whole, a
    /// rank that is not a whole number ≥ 1. The codebook lists every rule.
    #[error("{at}: {value} is not a valid value of metric {metric:?}: {rule}")]
    ValueBreaksRule {
        /// Where (the `value` column).
        at: Location,
        /// The metric id.
        metric: String,
        /// The value found.
        value: f64,
        /// The rule it breaks, in words.
        rule: &'static str,
    },

    /// [`Dataset::merge`](crate::Dataset::merge): the two datasets define
    /// one id (a metric, source or unit) differently.
    #[error("cannot merge: {what} {id:?} is defined differently: {left} vs {right}")]
    DefinitionClash {
        /// `metric`, `source` or `unit`.
        what: &'static str,
        /// The id.
        id: String,
        /// The definition in the first dataset.
        left: String,
        /// The definition in the second dataset.
        right: String,
    },

    /// [`Dataset::merge`](crate::Dataset::merge): both datasets hold a row
    /// with the same metric, entity, period, status and source.
    #[error("cannot merge: both datasets hold {key}: {left} and {right}")]
    DuplicateInMerge {
        /// The key, spelled out.
        key: String,
        /// The value in the first dataset.
        left: String,
        /// The value in the second dataset.
        right: String,
    },

    /// A file with no header: no bytes at all, or only blank lines.
    #[error("{file}: the file is empty; it needs at least the header line {expected}")]
    EmptyFile {
        /// The file.
        file: String,
        /// The header it should have.
        expected: String,
    },

    /// An observation's unit contradicts its metric's unit.
    #[error("{at}: unit {found} ({}) contradicts metric {metric:?}, whose unit is {expected} ({})", found.id(), expected.id())]
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
    #[error("{at}: duplicate key {key} (first seen on {} {first_line})", at.counted.word())]
    DuplicateKey {
        /// Where the second occurrence is.
        at: Location,
        /// The key, spelled out.
        key: String,
        /// The line (CSV) or row (Parquet) of the first occurrence.
        first_line: u64,
    },

    /// A metric's `rate_of` link is not a stated rate of a level: the rate
    /// metric is not of kind `rate` with unit `percent`, or its target is
    /// itself a rate. (A target that metrics.csv does not define is
    /// [`LoadError::UnknownMetric`].)
    #[error("{at}: metric {metric:?} cannot state the rate of {target:?}: {reason}")]
    BadRateOf {
        /// Where (metrics.csv, the `rate_of` column).
        at: Location,
        /// The rate metric's id.
        metric: String,
        /// The id its `rate_of` names.
        target: String,
        /// What is wrong.
        reason: &'static str,
    },

    /// A Parquet file the loader cannot read as a table of the expected
    /// shape: bytes that do not decode (a truncated or corrupt file), or a
    /// column of the wrong type. Says which row and column where it can;
    /// a missing or extra column is a [`LoadError::BadHeader`].
    #[error("{file}{}{}: {message}", row.map(|r| format!(": row {r}")).unwrap_or_default(), column.as_ref().map(|c| format!(", column `{c}`")).unwrap_or_default())]
    Parquet {
        /// The file's name.
        file: String,
        /// The 1-based row where reading failed, when known.
        row: Option<u64>,
        /// The column at fault, when known.
        column: Option<String>,
        /// What is wrong.
        message: String,
    },
}

/// A query or series asked for something the dataset does not hold, or
/// that it holds in more than one way.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// Points of one status were given out of period order, or twice.
    #[error("periods out of order or repeated: {earlier} then {later}")]
    UnorderedPeriods {
        /// The first of the two periods.
        earlier: Period,
        /// The period that should have come after it.
        later: Period,
    },

    /// A query named a metric id the dataset does not define.
    #[error("no metric {id:?} in the dataset{}", did_you_mean(suggestion.as_deref()))]
    NoSuchMetric {
        /// The id asked for.
        id: String,
        /// The nearest known id (case-insensitive, at most two edits), if any.
        suggestion: Option<String>,
    },

    /// A query named a source id the dataset does not define.
    #[error("no source {id:?} in the dataset{}", did_you_mean(suggestion.as_deref()))]
    NoSuchSource {
        /// The id asked for.
        id: String,
        /// The nearest known id (case-insensitive, at most two edits), if any.
        suggestion: Option<String>,
    },

    /// A query named an entity that no observation of the dataset has.
    #[error("no entity {entity:?} in the dataset{}", did_you_mean(suggestion.as_deref()))]
    NoSuchEntity {
        /// The entity asked for.
        entity: String,
        /// The nearest known entity (case-insensitive, at most two edits), if any.
        suggestion: Option<String>,
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

    /// Two or more sources give figures for one metric, entity, period and
    /// status that cannot all be true, and the caller did not say how to
    /// choose. Holds the same [`Conflict`] that
    /// [`Dataset::conflicts`](crate::Dataset::conflicts) lists.
    #[error("conflicting values: {0}; choose a source or a resolution rule (SeriesOptions::resolve)")]
    Conflict(Conflict),

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
}

/// The location of a load error, by reference or by mutable reference
/// (match ergonomics give `at` the kind of the scrutinee): one list of which
/// variants carry one.
macro_rules! location_of {
    ($e:expr) => {
        match $e {
            LoadError::BadHeader { .. }
            | LoadError::EmptyFile { .. }
            | LoadError::Parquet { .. }
            | LoadError::DefinitionClash { .. }
            | LoadError::DuplicateInMerge { .. } => None,
            LoadError::Csv { at, .. }
            | LoadError::FieldCount { at, .. }
            | LoadError::EmptyField { at }
            | LoadError::BadId { at, .. }
            | LoadError::MalformedNumber { at, .. }
            | LoadError::NonFiniteNumber { at, .. }
            | LoadError::UnknownUnit { at, .. }
            | LoadError::UnknownQualifier { at, .. }
            | LoadError::UnknownStatus { at, .. }
            | LoadError::UnknownKind { at, .. }
            | LoadError::UnknownMetric { at, .. }
            | LoadError::UnknownSource { at, .. }
            | LoadError::UnitMismatch { at, .. }
            | LoadError::ValueBreaksRule { at, .. }
            | LoadError::BadRateOf { at, .. }
            | LoadError::DuplicateKey { at, .. } => Some(at),
        }
    };
}

impl LoadError {
    /// Where in the file the problem is; `None` for [`LoadError::BadHeader`]
    /// and [`LoadError::EmptyFile`], which name the file only, for the
    /// merge errors, which name no file, and for [`LoadError::Parquet`],
    /// which names file, row and column in fields of its own.
    pub fn location(&self) -> Option<&Location> {
        location_of!(self)
    }

    /// The location, to rewrite (a Parquet reader turns lines into rows).
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    pub(crate) fn location_mut(&mut self) -> Option<&mut Location> {
        location_of!(self)
    }
}

fn list_periods(periods: &[Period]) -> String {
    if periods.is_empty() {
        return "no points".to_owned();
    }
    periods.iter().map(Period::to_string).collect::<Vec<_>>().join(", ")
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map(|s| format!(" (did you mean {s:?}?)")).unwrap_or_default()
}

/// The known id nearest to `asked`: equal ignoring case, or else at most
/// two edits away (Levenshtein, on lower-cased characters); ties go to the
/// first in `known`'s order.
pub(crate) fn nearest<'k>(asked: &str, known: impl IntoIterator<Item = &'k str>) -> Option<String> {
    let a: Vec<char> = asked.to_lowercase().chars().collect();
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let b: Vec<char> = k.to_lowercase().chars().collect();
        // No edit distance can be below the difference in length.
        if a.len().abs_diff(b.len()) > 2 {
            continue;
        }
        let d = edit_distance(&a, &b);
        if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k.to_owned())
}

/// Levenshtein distance between two character sequences.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_ignores_case_and_allows_two_edits() {
        let known = ["china", "shanghai", "suzhou"];
        assert_eq!(nearest("China", known).as_deref(), Some("china")); // case only: 0 edits
        assert_eq!(nearest("shangai", known).as_deref(), Some("shanghai")); // one insertion
        assert_eq!(nearest("suzh", known).as_deref(), Some("suzhou")); // two insertions
        assert_eq!(nearest("beijing", known), None); // far from every id
    }

    #[test]
    fn edit_distance_by_hand() {
        // kitten → sitting: k→s, e→i, +g = 3 (the textbook case).
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&c("kitten"), &c("sitting")), 3);
        assert_eq!(edit_distance(&c(""), &c("abc")), 3);
        assert_eq!(edit_distance(&c("药监局"), &c("药监")), 1);
    }
}
