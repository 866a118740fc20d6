//! Reading and validating the three CSV files into a [`Dataset`].
//!
//! The observation reader is the hot path for large user files: it reads
//! `csv::ByteRecord`s into one reused buffer, interns ids, parses numbers
//! from bytes and appends to columns, so a row costs no allocation.

use crate::{LoadError, ParseError};
use std::collections::HashMap;
use std::io::Read;

use crate::data::dataset::Dataset;
use crate::data::idtable::IdTable;
use crate::data::store::{Parts, Record, Staging, TextRef};
use crate::error::Error;
use crate::vocab::error::Location;
use crate::vocab::metric::{Metric, MetricId, MetricKind};
use crate::vocab::source::{PublicationDate, Source, SourceId};
use crate::vocab::value::{BadUnit, Unit};

use lex::{check_header, next_record, reader};
pub(crate) use rows::ValueRule;
#[cfg(feature = "parquet")]
pub(crate) use rows::is_id;
use rows::{Row, Tables, fast_row, fields_are_utf8, slow_row};

/// The header of observations.csv.
pub(crate) const OBSERVATION_HEADER: [&str; 10] =
    ["metric", "entity", "period", "value", "qualifier", "unit", "status", "source", "quote", "note"];
/// The header of metrics.csv.
pub(crate) const METRIC_HEADER: [&str; 6] = ["id", "name", "description", "unit", "kind", "definition"];
/// The header of metrics.csv with the optional `rate_of` column.
pub(crate) const METRIC_HEADER_RATE: [&str; 7] = ["id", "name", "description", "unit", "kind", "definition", "rate_of"];
/// The header of sources.csv.
pub(crate) const SOURCE_HEADER: [&str; 7] = ["id", "publisher", "title", "author", "published", "url", "note"];
/// The header of units.csv.
pub(crate) const UNIT_HEADER: [&str; 4] = ["id", "label", "quantity", "scale"];

/// The units a dataset's files may name: the built-ins and those declared
/// in units.csv (in file order, for writing back).
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitTable {
    pub(crate) declared: Vec<Unit>,
    by_id: HashMap<String, Unit>,
}

impl UnitTable {
    /// The unit with this id: a built-in or a declared one.
    pub(crate) fn get(&self, id: &[u8]) -> Option<Unit> {
        Unit::from_bytes(id).or_else(|| std::str::from_utf8(id).ok().and_then(|s| self.by_id.get(s).copied()))
    }
}

/// Reads units.csv: `id,label,quantity,scale`, an empty scale meaning 1.
pub(crate) fn read_units<R: Read>(r: R, file: &str) -> Result<UnitTable, Error> {
    let mut rdr = reader(r);
    check_header(&mut rdr, file, &UNIT_HEADER)?;
    let mut rec = csv::ByteRecord::new();
    let mut table = UnitRows::default();
    while let Some(line) = next_record(&mut rdr, &mut rec, file, &UNIT_HEADER)? {
        table.push(file, line, &rec)?;
    }
    Ok(table.table)
}

/// The rows of units.csv checked so far; see [`MetricRows`].
#[derive(Default)]
pub(crate) struct UnitRows {
    pub(crate) table: UnitTable,
    lines: HashMap<String, u64>,
}

impl UnitRows {
    /// Checks one record of [`UNIT_HEADER`]'s fields, read at `line`, and
    /// declares its unit.
    pub(crate) fn push(&mut self, file: &str, line: u64, rec: &csv::ByteRecord) -> Result<(), Error> {
        let row = Row { file, line, rec, header: &UNIT_HEADER };
        let id = row.id(0)?;
        let label = row.required(1)?;
        let quantity = row.required(2)?;
        let scale = if row.bytes(3).is_empty() { 1.0 } else { number::parse_value(row.bytes(3), || row.at(3))? };
        let unit = Unit::declare_checked(id, label, quantity, scale).map_err(|reason| {
            let col = match reason {
                BadUnit::Scale => 3,
                BadUnit::Empty if label.trim().is_empty() => 1,
                BadUnit::Empty => 2,
                _ => 0,
            };
            Error::Parse(ParseError::BadUnit { at: Some(row.at(col)), id: id.to_owned(), reason })
        })?;
        if let Some(&first_line) = self.lines.get(id) {
            return Err(Error::Load(LoadError::DuplicateKey {
                at: row.at(0),
                key: format!("unit id {id:?}"),
                first_line,
            }));
        }
        self.lines.insert(id.to_owned(), line);
        self.table.by_id.insert(id.to_owned(), unit);
        self.table.declared.push(unit);
        Ok(())
    }
}

mod lex;
pub(crate) mod number;
mod rows;

/// Reads metrics.csv.
pub(crate) fn read_metrics<R: Read>(
    r: R,
    file: &str,
    units: &UnitTable,
) -> Result<(Vec<Metric>, HashMap<String, u32>), Error> {
    let mut rdr = reader(r);
    let rate = rdr.byte_headers().is_ok_and(|h| h.iter().eq(METRIC_HEADER_RATE.map(str::as_bytes)));
    let header: &'static [&'static str] = if rate { &METRIC_HEADER_RATE } else { &METRIC_HEADER };
    check_header(&mut rdr, file, header)?;
    let mut rec = csv::ByteRecord::new();
    let mut table = MetricRows::new(header);
    while let Some(line) = next_record(&mut rdr, &mut rec, file, header)? {
        table.push(file, line, &rec, units)?;
    }
    table.finish(file)
}

/// The rows of metrics.csv checked so far: each record goes through
/// [`MetricRows::push`], whichever file format it came from (CSV or
/// Parquet), so both give the same errors.
pub(crate) struct MetricRows {
    pub(crate) metrics: Vec<Metric>,
    pub(crate) index: HashMap<String, u32>,
    lines: Vec<u64>,
    /// [`METRIC_HEADER`], or [`METRIC_HEADER_RATE`] with its `rate_of`.
    header: &'static [&'static str],
}

impl MetricRows {
    /// No rows yet, of records with `header`'s fields.
    pub(crate) fn new(header: &'static [&'static str]) -> MetricRows {
        MetricRows { metrics: Vec::new(), index: HashMap::new(), lines: Vec::new(), header }
    }

    /// The metrics and their index, once every `rate_of` link is checked
    /// (it may name a metric defined on a later line).
    pub(crate) fn finish(self, file: &str) -> Result<(Vec<Metric>, HashMap<String, u32>), Error> {
        crate::data::rate_of::check(&self.metrics, &self.index, file, &self.lines)?;
        Ok((self.metrics, self.index))
    }

    /// Checks one record of the header's fields, read at `line`; its unit
    /// must be a built-in or one of `units`.
    pub(crate) fn push(
        &mut self,
        file: &str,
        line: u64,
        rec: &csv::ByteRecord,
        units: &UnitTable,
    ) -> Result<(), Error> {
        let row = Row { file, line, rec, header: self.header };
        let rate = self.header.len() == METRIC_HEADER_RATE.len();
        let id = row.id(0)?;
        let name = row.required(1)?;
        let description = row.text(2)?;
        let unit = row.unit(3, units)?;
        let kind = MetricKind::from_bytes(row.bytes(4))
            .ok_or_else(|| row.unknown(4, |at, text| Error::Load(LoadError::UnknownKind { at, text })))?;
        let definition = row.required(5)?;
        if let Some(&first) = self.index.get(id) {
            return Err(Error::Load(LoadError::DuplicateKey {
                at: row.at(0),
                key: format!("metric id {id:?}"),
                first_line: self.lines[first as usize],
            }));
        }
        self.index.insert(id.to_owned(), len_u32(self.metrics.len()));
        self.lines.push(line);
        self.metrics.push(Metric {
            id: MetricId::new(id),
            name: name.to_owned(),
            description: description.to_owned(),
            unit,
            kind,
            definition: definition.to_owned(),
            rate_of: if rate { row.optional(6)?.map(|_| row.id(6).map(MetricId::new)).transpose()? } else { None },
        });
        Ok(())
    }
}

/// Reads sources.csv.
pub(crate) fn read_sources<R: Read>(r: R, file: &str) -> Result<(Vec<Source>, HashMap<String, u32>), Error> {
    let mut rdr = reader(r);
    check_header(&mut rdr, file, &SOURCE_HEADER)?;
    let mut rec = csv::ByteRecord::new();
    let mut table = SourceRows::default();
    while let Some(line) = next_record(&mut rdr, &mut rec, file, &SOURCE_HEADER)? {
        table.push(file, line, &rec)?;
    }
    Ok((table.sources, table.index))
}

/// The rows of sources.csv checked so far; see [`MetricRows`].
#[derive(Default)]
pub(crate) struct SourceRows {
    pub(crate) sources: Vec<Source>,
    pub(crate) index: HashMap<String, u32>,
    lines: Vec<u64>,
}

impl SourceRows {
    /// Checks one record of [`SOURCE_HEADER`]'s fields, read at `line`.
    pub(crate) fn push(&mut self, file: &str, line: u64, rec: &csv::ByteRecord) -> Result<(), Error> {
        let row = Row { file, line, rec, header: &SOURCE_HEADER };
        let id = row.id(0)?;
        let publisher = row.required(1)?;
        let title = row.required(2)?;
        let author = row.optional(3)?;
        let published: PublicationDate = row.required(4)?.parse().map_err(|e| match e {
            Error::Parse(ParseError::BadDate { text, .. }) => {
                Error::Parse(ParseError::BadDate { at: Some(row.at(4)), text })
            }
            other => other,
        })?;
        let url = row.optional(5)?;
        let note = row.text(6)?;
        if let Some(&first) = self.index.get(id) {
            return Err(Error::Load(LoadError::DuplicateKey {
                at: row.at(0),
                key: format!("source id {id:?}"),
                first_line: self.lines[first as usize],
            }));
        }
        self.index.insert(id.to_owned(), len_u32(self.sources.len()));
        self.lines.push(line);
        self.sources.push(Source {
            id: SourceId::new(id),
            publisher: publisher.to_owned(),
            title: title.to_owned(),
            author: author.map(str::to_owned),
            published,
            url: url.map(str::to_owned),
            note: note.to_owned(),
        });
        Ok(())
    }
}

/// Converts a length to the `u32` row and id indexes the columns use.
/// More than `u32::MAX` rows or ids cannot be loaded; the loader checks
/// before it pushes, so this never truncates.
pub(super) fn len_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The most rows one dataset holds (row indexes are `u32`).
pub(crate) const MAX_ROWS: usize = u32::MAX as usize - 1;

fn id_table<'k>(keys: impl Iterator<Item = (&'k str, u32)>) -> IdTable {
    let mut t = IdTable::default();
    for (k, v) in keys {
        t.insert(k.as_bytes(), v);
    }
    t
}

/// The error the loader gives for one observation record, read at `line`,
/// that a columnar reader found at fault: the full field-by-field check of
/// [`slow_row`] (value rules and declared units included), so that the
/// error and its column are the CSV loader's. `None` if the record passes
/// (the caller's own check then stands).
#[cfg_attr(not(feature = "parquet"), allow(dead_code))]
pub(crate) fn observation_error(
    file: &str,
    line: u64,
    rec: &csv::ByteRecord,
    metrics: &[Metric],
    metric_ix: &HashMap<String, u32>,
    source_ix: &HashMap<String, u32>,
    units: &UnitTable,
) -> Option<Error> {
    if rec.len() != OBSERVATION_HEADER.len() {
        return Some(Error::Load(LoadError::FieldCount {
            at: Location::new(file, line, None),
            expected: OBSERVATION_HEADER.len(),
            found: rec.len(),
        }));
    }
    let metric_bytes = id_table(metric_ix.iter().map(|(k, &v)| (k.as_str(), v)));
    let source_bytes = id_table(source_ix.iter().map(|(k, &v)| (k.as_str(), v)));
    let rules: Vec<ValueRule> = metrics.iter().map(ValueRule::of).collect();
    let unit_ids: Vec<&'static [u8]> = metrics.iter().map(|m| m.unit.id().as_bytes()).collect();
    let tables = Tables {
        metrics,
        metric_ix: &metric_bytes,
        source_ix: &source_bytes,
        unit_ids: &unit_ids,
        units,
        rules: &rules,
    };
    let row = Row { file, line, rec, header: &OBSERVATION_HEADER };
    slow_row(&row, &tables, &mut Vec::new(), &mut IdTable::default()).err()
}

/// Reads observations.csv against already-read metrics and sources and
/// builds the dataset.
///
/// Each record is checked once for UTF-8 as a whole, then its fields go
/// through [`fast_row`]; only rows it declines (a first sighting of an
/// entity, an unusual number, or an error) take the field-by-field
/// [`slow_row`], so errors keep their exact file, line and column.
pub(crate) fn read_observations<R: Read>(
    r: R,
    file: &str,
    metrics: (Vec<Metric>, HashMap<String, u32>),
    sources: (Vec<Source>, HashMap<String, u32>),
    units: UnitTable,
) -> Result<Dataset, Error> {
    let (metrics, metric_ix) = metrics;
    let (sources, source_ix) = sources;
    let metric_bytes = id_table(metric_ix.iter().map(|(k, &v)| (k.as_str(), v)));
    let source_bytes = id_table(source_ix.iter().map(|(k, &v)| (k.as_str(), v)));
    let rules: Vec<ValueRule> = metrics.iter().map(ValueRule::of).collect();
    let unit_ids: Vec<&'static [u8]> = metrics.iter().map(|m| m.unit.id().as_bytes()).collect();
    let tables = Tables {
        metrics: &metrics,
        metric_ix: &metric_bytes,
        source_ix: &source_bytes,
        unit_ids: &unit_ids,
        units: &units,
        rules: &rules,
    };
    let mut rdr = reader(r);
    check_header(&mut rdr, file, &OBSERVATION_HEADER)?;
    let mut rec = csv::ByteRecord::new();
    let mut staged = Staging::default();
    let mut text: Vec<u8> = Vec::new();
    let mut entities: Vec<Box<str>> = Vec::new();
    let mut entity_ix = IdTable::default();
    let mut lines = Lines::default();
    let too_much_text = |line| {
        Error::Load(LoadError::Csv {
            at: Location::new(file, line, None),
            message: "more than 4 GiB of quote and note text; split the file".to_owned(),
        })
    };

    while let Some(line) = next_record(&mut rdr, &mut rec, file, &OBSERVATION_HEADER)? {
        if staged.len() >= MAX_ROWS {
            return Err(Error::Load(LoadError::Csv {
                at: Location::new(file, line, None),
                message: format!("more than {MAX_ROWS} rows; split the file"),
            }));
        }
        let mut f: [&[u8]; 10] = [&[]; 10];
        for (slot, field) in f.iter_mut().zip(rec.iter()) {
            *slot = field;
        }
        let utf8 = fields_are_utf8(&rec);
        let fast = if utf8 { fast_row(&f, &tables, &entity_ix) } else { None };
        let p = match fast {
            Some(p) => p,
            None => {
                let row = Row { file, line, rec: &rec, header: &OBSERVATION_HEADER };
                slow_row(&row, &tables, &mut entities, &mut entity_ix)?
            }
        };
        let (Some(quote), Some(note)) = (push_text(&mut text, f[8]), push_text(&mut text, f[9])) else {
            return Err(too_much_text(line));
        };
        lines.push(len_u32(staged.len()), line);
        let row = len_u32(staged.len());
        staged.push(
            Record {
                key: Record::key(p.status, p.period, p.source),
                value: p.value,
                quote,
                note,
                metric: p.metric,
                entity: p.entity,
                row,
                qualifier: p.qualifier,
            },
            &entities,
        );
    }
    // Every byte appended was checked to be UTF-8 field by field; this
    // check of the whole arena (a few ms per million rows) only turns that
    // invariant into the type.
    let mut text = String::from_utf8(text).map_err(|_| too_much_text(0))?;
    text.shrink_to_fit();
    let entity_ix = entities.iter().enumerate().map(|(i, e)| (e.clone(), len_u32(i))).collect();

    let units = units.declared;
    let parts =
        Parts { metrics, metric_ix, sources, source_ix, units, entities, entity_ix, staged, text, file_order: None };
    Dataset::assemble(file, parts, &lines)
}

/// The line each record starts on, kept sparsely: records usually start on
/// consecutive lines, so only the records where that breaks (the first
/// one, and any after a quoted field spanning lines) are stored.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    /// (record, line) where a run of consecutive lines starts.
    breaks: Vec<(u32, u64)>,
    /// The line the next record starts on if the run goes on.
    next: u64,
}

impl Lines {
    /// Record `k` on line `k + 1`: a table's 1-based rows.
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    pub(crate) fn rows() -> Lines {
        Lines { breaks: vec![(0, 1)], next: 2 }
    }

    fn push(&mut self, record: u32, line: u64) {
        if self.breaks.is_empty() || line != self.next {
            self.breaks.push((record, line));
        }
        self.next = line + 1;
    }

    /// The line of record `record` (0 if there is none).
    pub(crate) fn line(&self, record: u32) -> u64 {
        let i = self.breaks.partition_point(|&(r, _)| r <= record);
        match i.checked_sub(1).and_then(|i| self.breaks.get(i)) {
            Some(&(r, line)) => line + u64::from(record - r),
            None => 0,
        }
    }
}

/// Appends a field's bytes to the text arena and returns where they are;
/// `None` when the arena would outgrow `u32` offsets.
fn push_text(text: &mut Vec<u8>, b: &[u8]) -> Option<TextRef> {
    let start = u32::try_from(text.len()).ok()?;
    let len = u32::try_from(b.len()).ok()?;
    start.checked_add(len)?;
    text.extend_from_slice(b);
    Some(TextRef { start, len })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_lines_give_every_record_its_line() {
        let starts = [2u64, 3, 4, 7, 8, 9, 10, 15];
        let mut l = Lines::default();
        for (i, &line) in starts.iter().enumerate() {
            l.push(i as u32, line);
        }
        assert_eq!(l.breaks.len(), 3);
        for (i, &line) in starts.iter().enumerate() {
            assert_eq!(l.line(i as u32), line);
        }
    }
}
