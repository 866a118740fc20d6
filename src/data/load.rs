//! Reading and validating the three CSV files into a [`Dataset`].
//!
//! The observation reader is the hot path for large user files: it reads
//! `csv::ByteRecord`s into one reused buffer, interns ids, parses numbers
//! from bytes and appends to columns, so a row costs no allocation.

use crate::{LoadError, ParseError};
use std::collections::{HashMap, VecDeque};
use std::io::Read;

use crate::data::dataset::{Dataset, Record, TextRef};
use crate::data::idtable::IdTable;
use crate::error::Error;
use crate::vocab::error::Location;
use crate::vocab::metric::{Metric, MetricId, MetricKind};
use crate::vocab::period::Period;
use crate::vocab::source::{PublicationDate, Source, SourceId};
use crate::vocab::value::{Qualifier, Status, Unit};

/// The header of observations.csv.
pub(crate) const OBSERVATION_HEADER: [&str; 10] =
    ["metric", "entity", "period", "value", "qualifier", "unit", "status", "source", "quote", "note"];
/// The header of metrics.csv.
pub(crate) const METRIC_HEADER: [&str; 6] = ["id", "name", "description", "unit", "kind", "definition"];
/// The header of sources.csv.
pub(crate) const SOURCE_HEADER: [&str; 7] = ["id", "publisher", "title", "author", "published", "url", "note"];

/// One record being read: the file, the record's line and its fields.
struct Row<'r> {
    file: &'r str,
    line: u64,
    rec: &'r csv::ByteRecord,
    header: &'static [&'static str],
}

impl<'r> Row<'r> {
    fn at(&self, col: usize) -> Location {
        Location::new(self.file, self.line, Some(self.header[col]))
    }

    fn bytes(&self, col: usize) -> &'r [u8] {
        // The field count was checked against the header before any field is read.
        self.rec.get(col).unwrap_or_default()
    }

    /// The field as UTF-8 (possibly empty).
    fn text(&self, col: usize) -> Result<&'r str, Error> {
        std::str::from_utf8(self.bytes(col))
            .map_err(|e| Error::Load(LoadError::Csv { at: self.at(col), message: format!("invalid UTF-8: {e}") }))
    }

    /// A required field: non-empty and not only white space.
    fn required(&self, col: usize) -> Result<&'r str, Error> {
        let t = self.text(col)?;
        if t.trim().is_empty() { Err(Error::Load(LoadError::EmptyField { at: self.at(col) })) } else { Ok(t) }
    }

    /// A required id: no white space or control characters anywhere.
    fn id(&self, col: usize) -> Result<&'r str, Error> {
        let t = self.required(col)?;
        if !is_id(t) {
            return Err(Error::Load(LoadError::BadId { at: self.at(col), text: t.to_owned() }));
        }
        Ok(t)
    }

    fn optional(&self, col: usize) -> Result<Option<&'r str>, Error> {
        let t = self.text(col)?;
        Ok(if t.is_empty() { None } else { Some(t) })
    }

    fn unit(&self, col: usize) -> Result<Unit, Error> {
        let b = self.bytes(col);
        Unit::from_bytes(b)
            .ok_or_else(|| self.unknown(col, |at, text| Error::Load(LoadError::UnknownUnit { at, text })))
    }

    /// Builds an "unknown word" error, checking for emptiness first so that
    /// an empty field is reported as such.
    fn unknown(&self, col: usize, make: impl FnOnce(Location, String) -> Error) -> Error {
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

/// Creates a CSV reader with the settings every file uses.
fn reader<R: Read>(r: R) -> csv::Reader<LineTracker<R>> {
    csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(LineTracker::new(r))
}

/// Passes a file's bytes to the CSV reader and follows them with the
/// reader's own rules (`,` between fields, a field that starts with `"` is
/// quoted and `""` inside it is a quote, `\n`, `\r\n` or `\r` ends a
/// record, blank lines are skipped) to record the line each record starts
/// on.
///
/// The csv crate's record positions are taken before the previous line
/// end is skipped: in a CRLF file each record reports the line before its
/// own, after blank lines a record reports the first blank line, and with
/// `\r` line ends every record reports line 1. Lines here are what an
/// editor shows: `\n`, `\r\n` and a lone `\r` each end one.
///
/// Only quotes and line ends change what matters, so the scan jumps from
/// one to the next with `memchr`.
struct LineTracker<R> {
    inner: R,
    state: Lex,
    /// The 1-based line of the next byte.
    line: u64,
    /// The previous byte was `\r` (so a `\n` now ends no further line).
    after_cr: bool,
    /// The previous byte was `,` (so a `"` now opens a quoted field).
    after_comma: bool,
    /// The start line of each record seen here that the CSV reader has not
    /// returned yet, oldest first.
    starts: VecDeque<u64>,
    /// The line the last quoted field was opened on.
    quote_line: u64,
    /// Whether the first chunk has been handed to the CSV reader.
    started: bool,
}

/// Where the CSV reader is in the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    /// Between records, skipping line ends.
    Between,
    /// In a record, not in a quoted field.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// Just after a quote in a quoted field: it closes the field unless
    /// another quote follows.
    QuoteInQuoted,
}

impl<R> LineTracker<R> {
    fn new(inner: R) -> Self {
        LineTracker {
            inner,
            state: Lex::Between,
            line: 1,
            after_cr: false,
            after_comma: false,
            starts: VecDeque::new(),
            quote_line: 0,
            started: false,
        }
    }

    /// The start line of the record the CSV reader has just returned.
    fn take_start(&mut self) -> Option<u64> {
        self.starts.pop_front()
    }

    /// The line the CSV reader is on: the start of the record it is
    /// reading, or where it stopped.
    fn current(&self) -> u64 {
        self.starts.front().copied().unwrap_or(self.line)
    }

    /// At the end of the input: the line of a quoted field left open. The
    /// csv crate accepts it and reads every later line into that field.
    fn open_quote(&self) -> Option<u64> {
        (self.state == Lex::Quoted).then_some(self.quote_line)
    }

    fn scan(&mut self, mut rest: &[u8]) {
        while !rest.is_empty() {
            // Jump over the bytes that change nothing: in a field, all but
            // quotes and line ends.
            let next = match self.state {
                Lex::Unquoted | Lex::Quoted => memchr::memchr3(b'"', b'\n', b'\r', rest),
                Lex::Between | Lex::QuoteInQuoted => Some(0),
            };
            let k = next.unwrap_or(rest.len());
            if let Some(&last) = rest[..k].last() {
                self.after_cr = false;
                self.after_comma = last == b',';
            }
            let Some((&b, tail)) = rest[k..].split_first() else { return };
            self.step(b);
            rest = tail;
        }
    }

    fn step(&mut self, b: u8) {
        let end = b == b'\n' || b == b'\r';
        self.state = match (self.state, b) {
            (Lex::Between, _) if end => Lex::Between,
            (Lex::Between, b'"') => {
                self.starts.push_back(self.line);
                self.quote_line = self.line;
                Lex::Quoted
            }
            (Lex::Between, _) => {
                self.starts.push_back(self.line);
                Lex::Unquoted
            }
            (Lex::Unquoted, b'"') if self.after_comma => {
                self.quote_line = self.line;
                Lex::Quoted
            }
            (Lex::Quoted, b'"') => Lex::QuoteInQuoted,
            (Lex::Quoted, _) => Lex::Quoted,
            (Lex::QuoteInQuoted, b'"') => Lex::Quoted,
            _ if end => Lex::Between,
            _ => Lex::Unquoted,
        };
        self.count_line(b);
        self.after_comma = b == b',';
    }

    fn count_line(&mut self, b: u8) {
        if b == b'\r' || (b == b'\n' && !self.after_cr) {
            self.line += 1;
        }
        self.after_cr = b == b'\r';
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = self.inner.read(buf)?;
        let mut skip = 0;
        if !self.started {
            self.started = true;
            // The csv crate skips a UTF-8 BOM only when its first chunk holds
            // all three bytes, and takes a first chunk of only the BOM for
            // the end of the input. A reader that hands out a few bytes at a
            // time (a pipe, a decoder) left the BOM in the first header
            // name, and the header check failed on an invisible character.
            while (1..4).contains(&n) && n < buf.len() {
                match self.inner.read(&mut buf[n..]) {
                    Ok(0) => break,
                    Ok(k) => n += k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    // Hand over what was read; the error comes back on the next read.
                    Err(_) => break,
                }
            }
            if buf.starts_with(b"\xef\xbb\xbf") && n >= 3 {
                skip = 3;
            }
        }
        self.scan(buf.get(skip..n).unwrap_or_default());
        Ok(n)
    }
}

fn csv_error<R: Read>(file: &str, e: &csv::Error, rdr: &csv::Reader<LineTracker<R>>) -> Error {
    let message = match e.kind() {
        csv::ErrorKind::Io(io) => format!("read error: {io}"),
        _ => e.to_string(),
    };
    Error::Load(LoadError::Csv { at: Location::new(file, rdr.get_ref().current(), None), message })
}

/// Reads the header and checks it is exactly `expected`.
fn check_header<R: Read>(rdr: &mut csv::Reader<LineTracker<R>>, file: &str, expected: &[&str]) -> Result<(), Error> {
    let found = match rdr.byte_headers() {
        Ok(found) => found.clone(),
        Err(e) => return Err(csv_error(file, &e, rdr)),
    };
    rdr.get_mut().take_start();
    if found.iter().eq(expected.iter().map(|s| s.as_bytes())) {
        return Ok(());
    }
    Err(Error::Load(LoadError::BadHeader {
        file: file.to_owned(),
        expected: expected.join(","),
        found: found.iter().map(String::from_utf8_lossy).collect::<Vec<_>>().join(","),
    }))
}

/// Reads the next record into `rec`; `Ok(None)` at the end of the file,
/// else the line the record starts on. Checks the field count against the
/// header, and that the file does not end in an open quote.
fn next_record<R: Read>(
    rdr: &mut csv::Reader<LineTracker<R>>,
    rec: &mut csv::ByteRecord,
    file: &str,
    header: &'static [&'static str],
) -> Result<Option<u64>, Error> {
    let width = header.len();
    match rdr.read_byte_record(rec) {
        Ok(false) => match rdr.get_ref().open_quote() {
            // Every record had `width` fields, so the open one is the last.
            Some(line) => Err(Error::Load(LoadError::Csv {
                at: Location::new(file, line, header.last().copied()),
                message:
                    "this quoted field is never closed (a `\"` is missing): the rest of the file would be read into it"
                        .to_owned(),
            })),
            None => Ok(None),
        },
        Ok(true) => {
            let line = rdr.get_mut().take_start().unwrap_or_else(|| rec.position().map_or(1, csv::Position::line));
            if rec.len() != width {
                return Err(Error::Load(LoadError::FieldCount {
                    at: Location::new(file, line, None),
                    expected: width,
                    found: rec.len(),
                }));
            }
            Ok(Some(line))
        }
        Err(e) => Err(csv_error(file, &e, rdr)),
    }
}

/// Reads metrics.csv.
pub(crate) fn read_metrics<R: Read>(r: R, file: &str) -> Result<(Vec<Metric>, HashMap<String, u32>), Error> {
    let mut rdr = reader(r);
    check_header(&mut rdr, file, &METRIC_HEADER)?;
    let mut rec = csv::ByteRecord::new();
    let mut table = MetricRows::default();
    while let Some(line) = next_record(&mut rdr, &mut rec, file, &METRIC_HEADER)? {
        table.push(file, line, &rec)?;
    }
    Ok((table.metrics, table.index))
}

/// The rows of metrics.csv checked so far: each record goes through
/// [`MetricRows::push`], whichever file format it came from.
#[derive(Default)]
pub(crate) struct MetricRows {
    pub(crate) metrics: Vec<Metric>,
    pub(crate) index: HashMap<String, u32>,
    lines: Vec<u64>,
}

impl MetricRows {
    /// Checks one record of [`METRIC_HEADER`]'s fields, read at `line`.
    pub(crate) fn push(&mut self, file: &str, line: u64, rec: &csv::ByteRecord) -> Result<(), Error> {
        let row = Row { file, line, rec, header: &METRIC_HEADER };
        let id = row.id(0)?;
        let name = row.required(1)?;
        let description = row.text(2)?;
        let unit = row.unit(3)?;
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
fn len_u32(n: usize) -> u32 {
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

/// The typed fields of one observation row (everything but the texts).
struct Parsed {
    metric: u32,
    entity: u32,
    period: Period,
    value: f64,
    qualifier: Qualifier,
    status: Status,
    source: u32,
}

/// What a row is checked against.
struct Tables<'a> {
    metrics: &'a [Metric],
    metric_ix: &'a IdTable,
    source_ix: &'a IdTable,
}

/// Whether every field of the record is valid UTF-8: the whole record is,
/// and no field starts inside a character (a field that did would be a
/// broken sequence cut in two). ASCII, the usual case, is checked first.
fn fields_are_utf8(rec: &csv::ByteRecord) -> bool {
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
fn fast_row(f: &[&[u8]; 10], t: &Tables<'_>, entity_ix: &IdTable) -> Option<Parsed> {
    let metric = t.metric_ix.get(f[0])?;
    let entity = entity_ix.get(f[1])?;
    let period = Period::parse_bytes(f[2]).ok()?;
    let value = fast_decimal(f[3])?;
    let qualifier = Qualifier::from_bytes(f[4])?;
    let unit = Unit::from_bytes(f[5])?;
    if t.metrics.get(metric as usize)?.unit != unit {
        return None;
    }
    let status = Status::from_bytes(f[6])?;
    let source = t.source_ix.get(f[7])?;
    Some(Parsed { metric, entity, period, value, qualifier, status, source })
}

/// The complete check of a row, field by field in column order, with the
/// error of the first field at fault; interns a new entity.
fn slow_row(
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

    let value = parse_value(row, 3)?;

    let qualifier = Qualifier::from_bytes(row.bytes(4))
        .ok_or_else(|| row.unknown(4, |at, text| Error::Load(LoadError::UnknownQualifier { at, text })))?;

    let unit = row.unit(5)?;
    let m = &t.metrics[metric as usize];
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

/// The error the loader gives for one observation record, read at `line`,
/// that a columnar reader found at fault: the full field-by-field check of
/// [`slow_row`], so that the error and its column are the CSV loader's.
/// `None` if the record passes (the caller's own check then stands).
#[cfg_attr(not(feature = "parquet"), allow(dead_code))]
pub(crate) fn observation_error(
    file: &str,
    line: u64,
    rec: &csv::ByteRecord,
    metrics: &[Metric],
    metric_ix: &HashMap<String, u32>,
    source_ix: &HashMap<String, u32>,
) -> Option<Error> {
    let metric_bytes = id_table(metric_ix.iter().map(|(k, &v)| (k.as_str(), v)));
    let source_bytes = id_table(source_ix.iter().map(|(k, &v)| (k.as_str(), v)));
    let tables = Tables { metrics, metric_ix: &metric_bytes, source_ix: &source_bytes };
    let row = Row { file, line, rec, header: &OBSERVATION_HEADER };
    if rec.len() != OBSERVATION_HEADER.len() {
        return Some(Error::Load(LoadError::FieldCount {
            at: Location::new(file, line, None),
            expected: OBSERVATION_HEADER.len(),
            found: rec.len(),
        }));
    }
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
) -> Result<Dataset, Error> {
    let (metrics, metric_ix) = metrics;
    let (sources, source_ix) = sources;
    let metric_bytes = id_table(metric_ix.iter().map(|(k, &v)| (k.as_str(), v)));
    let source_bytes = id_table(source_ix.iter().map(|(k, &v)| (k.as_str(), v)));
    let tables = Tables { metrics: &metrics, metric_ix: &metric_bytes, source_ix: &source_bytes };
    let mut rdr = reader(r);
    check_header(&mut rdr, file, &OBSERVATION_HEADER)?;
    let mut rec = csv::ByteRecord::new();
    let mut recs: Vec<Record> = Vec::new();
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
        if recs.len() >= MAX_ROWS {
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
        lines.push(len_u32(recs.len()), line);
        recs.push(Record {
            key: Record::key(p.status, p.period, p.source),
            value: p.value,
            quote,
            note,
            metric: p.metric,
            entity: p.entity,
            row: len_u32(recs.len()),
            qualifier: p.qualifier,
        });
    }
    // Every byte appended was checked to be UTF-8 field by field; this
    // check of the whole arena (a few ms per million rows) only turns that
    // invariant into the type.
    let mut text = String::from_utf8(text).map_err(|_| too_much_text(0))?;
    text.shrink_to_fit();
    let entity_ix = entities.iter().enumerate().map(|(i, e)| (e.clone(), len_u32(i))).collect();

    Dataset::assemble(file, metrics, metric_ix, sources, source_ix, entities, entity_ix, recs, text, &lines)
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

/// Parses the common shape of a value, `-?digits(.digits)?` with at most
/// 15 significant digits, exactly: the digits form an integer below 2^53
/// and the divisor a power of ten up to 10^22, both exact in an `f64`, so
/// one IEEE division rounds correctly and the result equals `str::parse`'s
/// (Clinger's fast path). Anything else (exponents, more digits, a sign
/// `+`, errors) returns `None` and goes to [`parse_value`].
fn fast_decimal(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];
    let (neg, digits) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    let mut mantissa: u64 = 0;
    let mut count = 0usize;
    let mut frac: Option<usize> = None;
    for (i, &c) in digits.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(c - b'0');
                count += 1;
                if count > 15 {
                    return None;
                }
            }
            b'.' if frac.is_none() => frac = Some(digits.len() - i - 1),
            _ => return None,
        }
    }
    if count == 0 {
        return None;
    }
    let v = mantissa as f64 / *POW10.get(frac.unwrap_or(0))?;
    Some(if neg { -v } else { v })
}

/// Parses a finite plain decimal number.
fn parse_value(row: &Row<'_>, col: usize) -> Result<f64, Error> {
    let b = row.bytes(col);
    if b.is_empty() {
        return Err(Error::Load(LoadError::EmptyField { at: row.at(col) }));
    }
    // Only digits, one sign, a point and an exponent: `str::parse` also
    // accepts "inf", "NaN" and "infinity", which are told apart below.
    let plain = b.iter().all(|c| matches!(c, b'0'..=b'9' | b'.' | b'-' | b'+' | b'e' | b'E'));
    let text = || String::from_utf8_lossy(b).into_owned();
    if !plain {
        let t = text();
        let lower = t.trim().to_ascii_lowercase();
        let lower = lower.trim_start_matches(['+', '-']);
        return Err(if matches!(lower, "inf" | "infinity" | "nan") {
            Error::Load(LoadError::NonFiniteNumber { at: row.at(col), text: t })
        } else {
            Error::Load(LoadError::MalformedNumber { at: row.at(col), text: t })
        });
    }
    // `plain` guarantees ASCII, hence valid UTF-8.
    let s = std::str::from_utf8(b)
        .map_err(|_| Error::Load(LoadError::MalformedNumber { at: row.at(col), text: text() }))?;
    let v: f64 = s.parse().map_err(|_| Error::Load(LoadError::MalformedNumber { at: row.at(col), text: text() }))?;
    if v.is_finite() { Ok(v) } else { Err(Error::Load(LoadError::NonFiniteNumber { at: row.at(col), text: text() })) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The fast path agrees bit for bit with `str::parse` wherever it
    /// answers, and never accepts what `str::parse` refuses.
    fn agrees(s: &str) {
        if let Some(v) = fast_decimal(s.as_bytes()) {
            let r: f64 = s.parse().unwrap_or_else(|e| panic!("{s:?} accepted by the fast path only: {e}"));
            assert_eq!(v.to_bits(), r.to_bits(), "{s:?}");
        }
    }

    #[test]
    fn fast_decimal_matches_std_on_edge_cases() {
        for s in [
            "0",
            "-0",
            "0.0",
            "5.",
            ".5",
            "-.5",
            ".",
            "-",
            "",
            "1.2.3",
            "--1",
            "+1",
            "1e5",
            "123456789012345",
            "1234567890123456",
            "0.1",
            "0.3",
            "2.675",
            "9007199254740993",
            "0.000000000000001",
            "317.2",
            "183.6",
            "-13.086",
            "999999999999999",
            "0.0000000000000000000001",
        ] {
            agrees(s);
        }
        assert_eq!(fast_decimal(b"317.2"), Some(317.2));
        assert_eq!(fast_decimal(b"-13.086"), Some(-13.086));
        assert_eq!(fast_decimal(b"1e5"), None);
    }

    proptest! {
        #[test]
        fn fast_decimal_matches_std(s in "-?[0-9]{0,17}(\\.[0-9]{0,12})?") {
            agrees(&s);
        }

        #[test]
        fn fast_decimal_matches_std_on_any_short_text(s in "[-+.0-9e]{0,8}") {
            agrees(&s);
        }
    }

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
