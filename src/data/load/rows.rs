//! Row checks: the typed fields of one record, by a fast path for the
//! usual row and a field-by-field check that positions every error.

use crate::data::idtable::IdTable;
use crate::error::Error;
use crate::vocab::error::Location;
use crate::vocab::metric::{Metric, MetricKind};
use crate::vocab::period::Period;
use crate::vocab::value::{Qualifier, Status, Unit};
use crate::{LoadError, ParseError};

use super::number::{fast_decimal, parse_value};
use super::{UnitTable, len_u32};

/// One record being read: the file, the record's line and its fields.
pub(super) struct Row<'r> {
    pub(super) file: &'r str,
    pub(super) line: u64,
    pub(super) rec: &'r csv::ByteRecord,
    pub(super) header: &'static [&'static str],
}

impl<'r> Row<'r> {
    pub(super) fn at(&self, col: usize) -> Location {
        Location::new(self.file, self.line, Some(self.header[col]))
    }

    pub(super) fn bytes(&self, col: usize) -> &'r [u8] {
        // The field count was checked against the header before any field is read.
        self.rec.get(col).unwrap_or_default()
    }

    /// The field as UTF-8 (possibly empty).
    pub(super) fn text(&self, col: usize) -> Result<&'r str, Error> {
        std::str::from_utf8(self.bytes(col))
            .map_err(|e| Error::Load(LoadError::Csv { at: self.at(col), message: format!("invalid UTF-8: {e}") }))
    }

    /// A required field: non-empty and not only white space.
    pub(super) fn required(&self, col: usize) -> Result<&'r str, Error> {
        let t = self.text(col)?;
        if t.trim().is_empty() { Err(Error::Load(LoadError::EmptyField { at: self.at(col) })) } else { Ok(t) }
    }

    /// A required id: no white space or control characters anywhere.
    pub(super) fn id(&self, col: usize) -> Result<&'r str, Error> {
        let t = self.required(col)?;
        if !is_id(t) {
            return Err(Error::Load(LoadError::BadId { at: self.at(col), text: t.to_owned() }));
        }
        Ok(t)
    }

    pub(super) fn optional(&self, col: usize) -> Result<Option<&'r str>, Error> {
        let t = self.text(col)?;
        Ok(if t.is_empty() { None } else { Some(t) })
    }

    pub(super) fn unit(&self, col: usize, units: &UnitTable) -> Result<Unit, Error> {
        let b = self.bytes(col);
        units.get(b).ok_or_else(|| self.unknown(col, |at, text| Error::Load(LoadError::UnknownUnit { at, text })))
    }

    /// Builds an "unknown word" error, checking for emptiness first so that
    /// an empty field is reported as such.
    pub(super) fn unknown(&self, col: usize, make: impl FnOnce(Location, String) -> Error) -> Error {
        match self.required(col) {
            Ok(t) => make(self.at(col), t.to_owned()),
            Err(e) => e,
        }
    }
}

/// Whether a non-empty text is a valid id: no white space or control
/// characters anywhere.
pub(crate) fn is_id(t: &str) -> bool {
    !t.is_empty() && !t.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The typed fields of one observation row (everything but the texts).
pub(super) struct Parsed {
    pub(super) metric: u32,
    pub(super) entity: u32,
    pub(super) period: Period,
    pub(super) value: f64,
    pub(super) qualifier: Qualifier,
    pub(super) status: Status,
    pub(super) source: u32,
}

/// The rule a metric's values obey, from its kind and unit; see
/// [`ValueRule::of`]. A reader of any format calls [`ValueRule::check`] on
/// each value (the CSV reader does so for every row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueRule {
    /// Any finite number: money, rates (which may be negative or above 100 %),
    /// and every quantity without a rule below.
    Any,
    /// A share in percent: 0 ≤ value ≤ 100.
    Percent,
    /// A count: a whole number ≥ 0.
    Count,
    /// A rank: a whole number ≥ 1.
    Rank,
}

impl ValueRule {
    /// The rule for a metric: a rank (kind `rank`, or a unit of quantity
    /// `rank`) is a whole number ≥ 1; a unit of quantity `count` (flows and
    /// stocks of counts alike) a whole number ≥ 0; a share in a unit of
    /// quantity `percent` within 0–100; anything else any finite number.
    pub(crate) fn of(m: &Metric) -> ValueRule {
        let q = m.unit.quantity();
        if m.kind == MetricKind::Rank || q == "rank" {
            ValueRule::Rank
        } else if q == "count" {
            ValueRule::Count
        } else if m.kind == MetricKind::Share && q == "percent" {
            ValueRule::Percent
        } else {
            ValueRule::Any
        }
    }

    /// `Ok` if `v` obeys the rule, else the rule in words.
    pub(crate) fn check(self, v: f64) -> Result<(), &'static str> {
        let whole = v.fract() == 0.0;
        match self {
            ValueRule::Any => Ok(()),
            ValueRule::Percent if (0.0..=100.0).contains(&v) => Ok(()),
            ValueRule::Percent => Err("a share in percent lies within 0–100"),
            ValueRule::Count if whole && v >= 0.0 => Ok(()),
            ValueRule::Count => Err("a count is a whole number ≥ 0"),
            ValueRule::Rank if whole && v >= 1.0 => Ok(()),
            ValueRule::Rank => Err("a rank is a whole number ≥ 1 (1 = first)"),
        }
    }
}

/// What a row is checked against.
pub(super) struct Tables<'a> {
    pub(super) metrics: &'a [Metric],
    pub(super) metric_ix: &'a IdTable,
    pub(super) source_ix: &'a IdTable,
    /// The id of each metric's unit, as bytes, so the fast path checks a
    /// row's unit with one comparison.
    pub(super) unit_ids: &'a [&'static [u8]],
    /// Every unit a row may name.
    pub(super) units: &'a UnitTable,
    /// Each metric's value rule.
    pub(super) rules: &'a [ValueRule],
}

/// Whether every field of the record is valid UTF-8: the whole record is,
/// and no field starts inside a character (a field that did would be a
/// broken sequence cut in two). ASCII, the usual case, is checked first.
pub(super) fn fields_are_utf8(rec: &csv::ByteRecord) -> bool {
    let all = rec.as_slice();
    all.is_ascii()
        || (std::str::from_utf8(all).is_ok()
            && rec.iter().all(|f| f.first().is_none_or(|&b| !(0x80..0xc0).contains(&b))))
}

/// The fast path: a row whose fields are all of the usual form and whose
/// ids are known. `None` sends the row to [`slow_row`], which either
/// accepts it (a new entity, an unusual but valid number) or builds the
/// error with its file, line and column. Checks nothing less than
/// `slow_row`: every field it accepts, `slow_row` accepts with the same
/// result.
pub(super) fn fast_row(f: &[&[u8]; 10], t: &Tables<'_>, entity_ix: &IdTable) -> Option<Parsed> {
    let metric = t.metric_ix.get(f[0])?;
    let entity = entity_ix.get(f[1])?;
    let period = Period::parse_bytes(f[2]).ok()?;
    let value = fast_decimal(f[3])?;
    t.rules.get(metric as usize)?.check(value).ok()?;
    let qualifier = Qualifier::from_bytes(f[4])?;
    if f[5] != *t.unit_ids.get(metric as usize)? {
        return None;
    }
    let status = Status::from_bytes(f[6])?;
    let source = t.source_ix.get(f[7])?;
    Some(Parsed { metric, entity, period, value, qualifier, status, source })
}

/// The complete check of a row, field by field in column order, with the
/// error of the first field at fault; interns a new entity.
pub(super) fn slow_row(
    row: &Row<'_>,
    t: &Tables<'_>,
    entities: &mut Vec<Box<str>>,
    entity_ix: &mut IdTable,
) -> Result<Parsed, Error> {
    let metric_id = row.required(0)?;
    let metric = t
        .metric_ix
        .get(metric_id.as_bytes())
        .ok_or_else(|| Error::Load(LoadError::UnknownMetric { at: row.at(0), id: metric_id.to_owned() }))?;

    let entity_text = row.text(1)?;
    let entity = match entity_ix.get(entity_text.as_bytes()) {
        Some(e) => e,
        None => {
            let e = len_u32(entities.len());
            let id = row.id(1)?;
            if !entity_ix.insert(id.as_bytes(), e) {
                return Err(Error::Load(LoadError::Csv {
                    at: row.at(1),
                    message: "too many entities; split the file".to_owned(),
                }));
            }
            entities.push(id.into());
            e
        }
    };

    let period = Period::parse_bytes(row.bytes(2)).map_err(|reason| match row.required(2) {
        Ok(t) => Error::Parse(ParseError::BadPeriod { at: Some(row.at(2)), text: t.to_owned(), reason }),
        Err(e) => e,
    })?;

    let value = parse_value(row.bytes(3), || row.at(3))?;
    let m = &t.metrics[metric as usize];
    ValueRule::of(m).check(value).map_err(|rule| {
        Error::Load(LoadError::ValueBreaksRule { at: row.at(3), metric: m.id.to_string(), value, rule })
    })?;

    let qualifier = Qualifier::from_bytes(row.bytes(4))
        .ok_or_else(|| row.unknown(4, |at, text| Error::Load(LoadError::UnknownQualifier { at, text })))?;

    let unit = row.unit(5, t.units)?;
    if unit != m.unit {
        return Err(Error::Load(LoadError::UnitMismatch {
            at: row.at(5),
            metric: m.id.to_string(),
            expected: m.unit,
            found: unit,
        }));
    }

    let status = Status::from_bytes(row.bytes(6))
        .ok_or_else(|| row.unknown(6, |at, text| Error::Load(LoadError::UnknownStatus { at, text })))?;

    let source_id = row.required(7)?;
    let source = t
        .source_ix
        .get(source_id.as_bytes())
        .ok_or_else(|| Error::Load(LoadError::UnknownSource { at: row.at(7), id: source_id.to_owned() }))?;

    // The texts are checked here, in column order after the fields above.
    row.text(8)?;
    row.text(9)?;
    Ok(Parsed { metric, entity, period, value, qualifier, status, source })
}
