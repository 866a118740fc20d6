//! The private columnar store: records staged by a reader are packed,
//! sorted by a counting sort into one bucket per series, checked for
//! duplicate keys and laid out as columns with a series index.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::LoadError;
use crate::data::dataset::Dataset;
use crate::data::load;
use crate::error::Error;
use crate::vocab::error::Location;
use crate::vocab::metric::Metric;
use crate::vocab::period::Period;
use crate::vocab::source::Source;
use crate::vocab::value::{Qualifier, Status, Unit};

/// Where a quote or note sits in the text arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct TextRef {
    pub(super) start: u32,
    pub(super) len: u32,
}

/// The observations, one column per field, sorted by
/// (metric, entity, status, period, source) once loading is done, so that a
/// series is a contiguous range found by binary search.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Columns {
    pub(super) metric: Vec<u32>,
    pub(super) entity: Vec<u32>,
    pub(super) status: Vec<Status>,
    pub(super) period: Vec<Period>,
    pub(super) value: Vec<f64>,
    pub(super) qualifier: Vec<Qualifier>,
    pub(super) source: Vec<u32>,
    pub(super) quote: Vec<TextRef>,
    pub(super) note: Vec<TextRef>,
    /// Every quote and note, back to back.
    pub(super) text: String,
}

impl Columns {
    pub(super) fn len(&self) -> usize {
        self.value.len()
    }

    pub(super) fn text_of(&self, r: TextRef) -> &str {
        let start = r.start as usize;
        self.text.get(start..start + r.len as usize).unwrap_or_default()
    }

    /// Room for `rows` more rows in every column, if that much memory can
    /// be had; `false` (and the columns as they were, or partly grown) if not.
    fn reserve(&mut self, rows: usize) -> bool {
        fn room<T>(v: &mut Vec<T>, rows: usize) -> bool {
            v.try_reserve_exact(rows).is_ok()
        }
        room(&mut self.metric, rows)
            && room(&mut self.entity, rows)
            && room(&mut self.status, rows)
            && room(&mut self.period, rows)
            && room(&mut self.value, rows)
            && room(&mut self.qualifier, rows)
            && room(&mut self.source, rows)
            && room(&mut self.quote, rows)
            && room(&mut self.note, rows)
    }

    /// Appends a staged record as the next row (its text stays where its
    /// quote and note point).
    fn push(&mut self, r: &Record) {
        self.metric.push(r.metric);
        self.entity.push(r.entity);
        self.status.push(r.status());
        self.period.push(r.period());
        self.value.push(r.value);
        self.qualifier.push(r.qualifier);
        self.source.push(r.source());
        self.quote.push(r.quote);
        self.note.push(r.note);
    }

    /// The columns as a batch of rows (without the text arena).
    fn rows(&self) -> RowBatch<'_> {
        RowBatch {
            metric: &self.metric,
            entity: &self.entity,
            status: &self.status,
            period: &self.period,
            value: &self.value,
            qualifier: &self.qualifier,
            source: &self.source,
            quote: &self.quote,
            note: &self.note,
        }
    }

    /// The last row's metric, entity and packed key (see [`Record::key`]).
    fn last_key(&self) -> Option<(u32, u32, u64)> {
        Some(self.rows().key(self.len().checked_sub(1)?))
    }

    /// The rows as staged records, row `k` being record `k`.
    fn records(&self) -> Vec<Record> {
        let rows = self.rows();
        (0..self.len()).map(|i| rows.record(i, i as u32)).collect()
    }
}

/// One observation as the loader stages it, in file order, before sorting:
/// 48 bytes, so that building the sorted columns reads one record per row
/// instead of one value from each of nine columns.
#[derive(Debug, Clone, Copy)]
pub(super) struct Record {
    /// (status, period, source) packed to order like the tuple; see [`Record::key`].
    pub(super) key: u64,
    pub(super) value: f64,
    pub(super) quote: TextRef,
    pub(super) note: TextRef,
    pub(super) metric: u32,
    pub(super) entity: u32,
    /// The record's index in the file (0 for the first data row).
    pub(super) row: u32,
    pub(super) qualifier: Qualifier,
}

impl Default for Record {
    fn default() -> Self {
        Record {
            key: 0,
            value: 0.0,
            quote: TextRef::default(),
            note: TextRef::default(),
            metric: 0,
            entity: 0,
            row: 0,
            qualifier: Qualifier::Exact,
        }
    }
}

impl Record {
    /// The part of the sort key after metric and entity, packed in one
    /// `u64` that orders like (status, period, source): the status's index
    /// in the top 4 bits, then the period's last and first years (14 bits
    /// each: years are at most 9999), then the source index (32 bits).
    /// Two records of one series share a key exactly when they share
    /// status, period and source.
    pub(super) fn key(status: Status, period: Period, source: u32) -> u64 {
        (status as u64) << 60
            | (period.end() as u64 & 0x3fff) << 46
            | (period.start() as u64 & 0x3fff) << 32
            | u64::from(source)
    }

    pub(super) fn status(&self) -> Status {
        let i = (self.key >> 60) as usize;
        Status::ALL.get(i).copied().unwrap_or(Status::Reported)
    }

    pub(super) fn period(&self) -> Period {
        let (end, start) = ((self.key >> 46) as i32 & 0x3fff, (self.key >> 32) as i32 & 0x3fff);
        Period::from_checked_years(start, end)
    }

    pub(super) fn source(&self) -> u32 {
        self.key as u32
    }
}

/// The records in sorted order and, if two records share a whole key, the
/// pair of file rows whose second comes first in the file.
///
/// Metric and entity indexes are dense, so when there are not many more
/// (metric, entity) pairs than rows, the records are scattered into one
/// bucket per pair by a counting sort, O(rows), moving each 48-byte record
/// once with sequential reads, and each bucket (one series, typically tens
/// of rows) is then sorted by its packed `u64` key and row. Otherwise a
/// comparison sort on (pair, key, row) gives the order.
pub(super) fn sort_records(
    recs: Vec<Record>,
    n_metrics: usize,
    n_entities: usize,
) -> (Vec<Record>, Option<(u32, u32)>) {
    let n = recs.len();
    let ne = n_entities as u64;
    let pairs = n_metrics as u64 * ne;
    let group = |r: &Record| u64::from(r.metric) * ne + u64::from(r.entity);
    let mut dup: Option<(u32, u32)> = None;
    let mut note_dup = |a: &Record, b: &Record| {
        if a.key == b.key && a.metric == b.metric && a.entity == b.entity && dup.is_none_or(|(_, s)| b.row < s) {
            dup = Some((a.row, b.row));
        }
    };
    if pairs <= (n as u64).saturating_mul(4).max(1 << 16) {
        let mut start = vec![0u32; pairs as usize + 1];
        for r in &recs {
            start[group(r) as usize + 1] += 1;
        }
        for g in 1..start.len() {
            start[g] += start[g - 1];
        }
        let mut sorted: Vec<Record> = Vec::with_capacity(n);
        sorted.resize(n, Record::default());
        let mut next = start.clone();
        for r in &recs {
            let slot = &mut next[group(r) as usize];
            sorted[*slot as usize] = *r;
            *slot += 1;
        }
        drop(recs);
        for w in start.windows(2) {
            let bucket = &mut sorted[w[0] as usize..w[1] as usize];
            if bucket.len() > 1 {
                bucket.sort_unstable_by_key(|r| (r.key, r.row));
                for p in bucket.windows(2) {
                    note_dup(&p[0], &p[1]);
                }
            }
        }
        (sorted, dup)
    } else {
        let mut keyed: Vec<(u64, u64, u32)> = recs.iter().map(|r| (group(r), r.key, r.row)).collect();
        keyed.sort_unstable();
        let sorted: Vec<Record> = keyed.iter().map(|k| recs[k.2 as usize]).collect();
        for p in sorted.windows(2) {
            note_dup(&p[0], &p[1]);
        }
        (sorted, dup)
    }
}

/// The records a reader hands over, in file order (record `k` has row `k`).
///
/// While they arrive in the store's own order (metric, entity id,
/// status, period, source), as `Dataset::write_parquet` writes them,
/// they go straight into columns and assembly needs no sort. The first
/// record out of that order turns the columns built so far back into
/// staged records, and assembly sorts them all.
pub(super) struct Staging {
    mode: Mode,
}

enum Mode {
    /// Every record so far was in order: the columns (without their text
    /// arena) and the first pair of rows sharing a whole key, if any.
    InOrder { cols: Box<Columns>, dup: Option<(u32, u32)> },
    /// Records in file order, to be sorted.
    Shuffled(Vec<Record>),
}

impl Default for Staging {
    fn default() -> Self {
        Staging { mode: Mode::InOrder { cols: Box::default(), dup: None } }
    }
}

impl Staging {
    /// Staging with room for `rows` records, if that much memory can be had
    /// (a count read from a file's footer may be wrong, so a failed
    /// reservation is not an error: records are pushed as they come).
    pub(super) fn with_capacity(rows: usize) -> Staging {
        let mut c = Columns::default();
        let _reserved_or_not = c.reserve(rows);
        Staging { mode: Mode::InOrder { cols: Box::new(c), dup: None } }
    }

    /// The number of records staged.
    pub(super) fn len(&self) -> usize {
        match &self.mode {
            Mode::InOrder { cols, .. } => cols.len(),
            Mode::Shuffled(recs) => recs.len(),
        }
    }

    /// Stages one record; `entities` names the entity indexes.
    pub(super) fn push(&mut self, r: Record, entities: &[Box<str>]) {
        match &mut self.mode {
            Mode::Shuffled(recs) => recs.push(r),
            Mode::InOrder { cols, dup } => {
                let n = cols.len();
                match cols
                    .last_key()
                    .map_or(Ordering::Greater, |last| follows((r.metric, r.entity, r.key), last, entities))
                {
                    Ordering::Less => {
                        self.mode = Mode::Shuffled(cols.records());
                        self.push(r, entities);
                    }
                    o => {
                        if o == Ordering::Equal && dup.is_none() {
                            *dup = Some((n as u32 - 1, n as u32));
                        }
                        cols.push(&r);
                    }
                }
            }
        }
    }

    /// Stages a batch of records, the next ones in file order: as
    /// [`Staging::push`] on each, with the rows that continue the store's
    /// order copied into the columns a slice at a time.
    #[cfg(feature = "parquet")]
    pub(super) fn extend(&mut self, b: &RowBatch<'_>, entities: &[Box<str>]) {
        let n = b.metric.len();
        let mut from = 0;
        if let Mode::InOrder { cols, dup } = &mut self.mode {
            let base = cols.len();
            let mut last = cols.last_key();
            while from < n {
                let cur = b.key(from);
                match last.map_or(Ordering::Greater, |l| follows(cur, l, entities)) {
                    Ordering::Less => break,
                    Ordering::Equal if dup.is_none() => {
                        let k = (base + from) as u32;
                        *dup = Some((k - 1, k));
                    }
                    _ => {}
                }
                last = Some(cur);
                from += 1;
            }
            cols.metric.extend_from_slice(&b.metric[..from]);
            cols.entity.extend_from_slice(&b.entity[..from]);
            cols.status.extend_from_slice(&b.status[..from]);
            cols.period.extend_from_slice(&b.period[..from]);
            cols.value.extend_from_slice(&b.value[..from]);
            cols.qualifier.extend_from_slice(&b.qualifier[..from]);
            cols.source.extend_from_slice(&b.source[..from]);
            cols.quote.extend_from_slice(&b.quote[..from]);
            cols.note.extend_from_slice(&b.note[..from]);
            if from == n {
                return;
            }
            self.mode = Mode::Shuffled(cols.records());
        }
        if let Mode::Shuffled(recs) = &mut self.mode {
            for i in from..n {
                recs.push(b.record(i, recs.len() as u32));
            }
        }
    }
}

/// How a record (metric, entity, key) stands to the one staged before it
/// in the store's order: `Greater` if it follows, `Equal` if it has the
/// same whole key, `Less` if it is out of order. Entities compare by id,
/// through `entities`.
fn follows(cur: (u32, u32, u64), last: (u32, u32, u64), entities: &[Box<str>]) -> Ordering {
    let name = |i: u32| entities.get(i as usize).map(|s| &**s);
    cur.0.cmp(&last.0).then_with(|| {
        if cur.1 == last.1 {
            cur.2.cmp(&last.2)
        } else if name(cur.1) > name(last.1) {
            Ordering::Greater
        } else {
            Ordering::Less
        }
    })
}

/// A batch of records for [`Staging::extend`] (or the store's own
/// columns): one slice per column, all of one length, in file order.
pub(super) struct RowBatch<'a> {
    pub(super) metric: &'a [u32],
    pub(super) entity: &'a [u32],
    pub(super) status: &'a [Status],
    pub(super) period: &'a [Period],
    pub(super) value: &'a [f64],
    pub(super) qualifier: &'a [Qualifier],
    pub(super) source: &'a [u32],
    pub(super) quote: &'a [TextRef],
    pub(super) note: &'a [TextRef],
}

impl RowBatch<'_> {
    /// Row `i`'s metric, entity and packed key (see [`Record::key`]).
    fn key(&self, i: usize) -> (u32, u32, u64) {
        (self.metric[i], self.entity[i], Record::key(self.status[i], self.period[i], self.source[i]))
    }

    /// Row `i` as a staged record with file row `row`.
    fn record(&self, i: usize, row: u32) -> Record {
        Record {
            key: Record::key(self.status[i], self.period[i], self.source[i]),
            value: self.value[i],
            quote: self.quote[i],
            note: self.note[i],
            metric: self.metric[i],
            entity: self.entity[i],
            row,
            qualifier: self.qualifier[i],
        }
    }
}

/// Builds the series index of sorted columns (see `Dataset::series_entity`).
pub(super) fn series_index(cols: &Columns, n_metrics: usize) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
    let (metric, entity) = (&cols.metric, &cols.entity);
    let mut series_entity = Vec::new();
    let mut series_start = Vec::new();
    let mut metric_series = vec![0u32; n_metrics + 1];
    for i in 0..cols.len() {
        if i == 0 || metric[i] != metric[i - 1] || entity[i] != entity[i - 1] {
            series_entity.push(entity[i]);
            // Row and series counts fit in u32: the loader refuses more rows.
            series_start.push(i as u32);
            metric_series[metric[i] as usize + 1] += 1;
        }
    }
    series_start.push(cols.len() as u32);
    for m in 1..metric_series.len() {
        metric_series[m] += metric_series[m - 1];
    }
    (series_entity, series_start, metric_series)
}

/// What a reader hands to [`Dataset::assemble`]: the metrics and sources
/// with their indexes, the entities interned while reading (in any order),
/// the staged records in file order and the text arena their quotes and
/// notes point into.
pub(super) struct Parts {
    pub(super) metrics: Vec<Metric>,
    pub(super) metric_ix: HashMap<String, u32>,
    pub(super) sources: Vec<Source>,
    pub(super) source_ix: HashMap<String, u32>,
    /// The declared units (units.csv), in file order.
    pub(super) units: Vec<Unit>,
    pub(super) entities: Vec<Box<str>>,
    pub(super) entity_ix: HashMap<Box<str>, u32>,
    pub(super) staged: Staging,
    pub(super) text: String,
    /// Where each record goes in file order, when that is not the order it
    /// was read in (observations.parquet's `file_order`).
    pub(super) file_order: Option<FileOrder>,
}

/// A permutation of the records `0..n` into file order, checked by the
/// reader, and its inverse.
pub(super) struct FileOrder {
    /// `place[k]`: the place in file order of the `k`-th record read.
    pub(super) place: Vec<u32>,
    /// `row[p]`: the record read `k`-th whose place is `p`.
    pub(super) row: Vec<u32>,
}

/// The entity indexes renumbered in the order of their ids: `rank[old]`
/// is the new index, and the entities and their table follow.
fn rank_entities(entities: &mut Vec<Box<str>>, entity_ix: &mut HashMap<Box<str>, u32>) -> Option<Vec<u32>> {
    let mut by_name: Vec<u32> = (0..entities.len() as u32).collect();
    by_name.sort_unstable_by(|&a, &b| entities[a as usize].cmp(&entities[b as usize]));
    if by_name.iter().enumerate().all(|(i, &old)| i as u32 == old) {
        return None;
    }
    let mut rank = vec![0u32; entities.len()];
    for (new, &old) in by_name.iter().enumerate() {
        rank[old as usize] = new as u32;
    }
    let mut old = std::mem::take(entities);
    *entities = by_name.iter().map(|&o| std::mem::take(&mut old[o as usize])).collect();
    for v in entity_ix.values_mut() {
        *v = rank[*v as usize];
    }
    Some(rank)
}

impl Dataset {
    /// Sorts the staged records (unless they came in order), checks for
    /// duplicate keys and builds the columns and indexes. `lines` gives
    /// the line of each record.
    ///
    /// The store's order is (metric, entity, status, period, source), with
    /// metrics and sources in their files' order and entities in the order
    /// of their ids, so that two readers of the same rows in different
    /// orders build the same columns.
    pub(super) fn assemble(file: &str, parts: Parts, lines: &load::Lines) -> Result<Dataset, Error> {
        let Parts {
            metrics,
            metric_ix,
            sources,
            source_ix,
            units,
            mut entities,
            mut entity_ix,
            staged,
            text,
            file_order,
        } = parts;
        let rank = rank_entities(&mut entities, &mut entity_ix);
        let dup_error =
            |first: u32, second: u32, metric: u32, entity: u32, period: Period, status: Status, source: u32| {
                Error::Load(LoadError::DuplicateKey {
                    at: Location::new(file, lines.line(second), None),
                    key: format!(
                        "(metric {}, entity {}, period {period}, status {status}, source {})",
                        metrics[metric as usize].id, entities[entity as usize], sources[source as usize].id,
                    ),
                    first_line: lines.line(first),
                })
            };

        let (mut cols, file_pos) = match staged.mode {
            Mode::InOrder { mut cols, dup } => {
                if let Some(rank) = &rank {
                    for e in &mut cols.entity {
                        *e = rank[*e as usize];
                    }
                }
                if let Some((first, second)) = dup {
                    let i = second as usize;
                    let c = &cols;
                    return Err(dup_error(
                        first,
                        second,
                        c.metric[i],
                        c.entity[i],
                        c.period[i],
                        c.status[i],
                        c.source[i],
                    ));
                }
                // Row k of the file is the k-th record read, unless the
                // reader says where each goes.
                let file_pos = match file_order {
                    Some(o) if o.row.len() == cols.len() => o.row,
                    _ => (0..cols.len() as u32).collect(),
                };
                (*cols, file_pos)
            }
            Mode::Shuffled(mut recs) => {
                let place = file_order.as_ref().map(|o| &o.place);
                let at = |row: u32| place.map_or(row, |o| o.get(row as usize).copied().unwrap_or(row));
                if let Some(rank) = &rank {
                    for r in &mut recs {
                        r.entity = rank[r.entity as usize];
                    }
                }
                let n = recs.len();
                let (recs, dup) = sort_records(recs, metrics.len(), entities.len());
                // Duplicate keys are adjacent after sorting; report the one
                // whose second occurrence comes first in the file.
                if let Some((first, second)) = dup {
                    let Some(r) = recs.iter().find(|r| r.row == second) else {
                        return Err(Error::Load(LoadError::Csv {
                            at: Location::new(file, lines.line(second), None),
                            message: "duplicate key".into(),
                        }));
                    };
                    return Err(dup_error(first, second, r.metric, r.entity, r.period(), r.status(), r.source()));
                }
                let mut cols = Columns::default();
                let _reserved_or_not = cols.reserve(n);
                let mut file_pos = vec![0u32; n];
                for (sorted, r) in recs.iter().enumerate() {
                    cols.push(r);
                    if let Some(p) = file_pos.get_mut(at(r.row) as usize) {
                        *p = sorted as u32;
                    }
                }
                (cols, file_pos)
            }
        };
        cols.text = text;

        let (series_entity, series_start, metric_series) = series_index(&cols, metrics.len());
        Ok(Dataset {
            metrics,
            metric_ix,
            sources,
            source_ix,
            units,
            entities,
            entity_ix,
            series_entity,
            series_start,
            metric_series,
            cols,
            file_pos,
        })
    }

    /// The bytes of heap memory the dataset holds, approximately: the
    /// capacity of every column, the text arena and the id tables (hash
    /// tables counted at one key, one value and one control byte per slot).
    /// Useful to size a large load; divide by [`Dataset::len`] for the cost
    /// of a row.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// assert!(ds.heap_bytes() > ds.len() * 40);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        fn vec<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        fn map<K, V>(m: &HashMap<K, V>) -> usize {
            m.capacity() * (std::mem::size_of::<K>() + std::mem::size_of::<V>() + 1)
        }
        let c = &self.cols;
        let columns = vec(&c.metric)
            + vec(&c.entity)
            + vec(&c.status)
            + vec(&c.period)
            + vec(&c.value)
            + vec(&c.qualifier)
            + vec(&c.source)
            + vec(&c.quote)
            + vec(&c.note)
            + c.text.capacity()
            + vec(&self.file_pos)
            + vec(&self.series_entity)
            + vec(&self.series_start)
            + vec(&self.metric_series);
        let strings = |it: &mut dyn Iterator<Item = usize>| it.sum::<usize>();
        let ids = map(&self.metric_ix)
            + map(&self.source_ix)
            + map(&self.entity_ix)
            + strings(&mut self.metric_ix.keys().map(String::capacity))
            + strings(&mut self.source_ix.keys().map(String::capacity))
            + 2 * strings(&mut self.entities.iter().map(|e| e.len()))
            + vec(&self.entities);
        let meta =
            vec(&self.metrics)
                + vec(&self.sources)
                + strings(&mut self.metrics.iter().map(|m| {
                    m.id.as_str().len() + m.name.capacity() + m.description.capacity() + m.definition.capacity()
                }))
                + strings(&mut self.sources.iter().map(|s| {
                    s.id.as_str().len()
                        + s.publisher.capacity()
                        + s.title.capacity()
                        + s.note.capacity()
                        + s.author.as_ref().map_or(0, String::capacity)
                        + s.url.as_ref().map_or(0, String::capacity)
                }));
        columns + ids + meta
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records with their entities and the entities' table.
    type Read = (Vec<Record>, Vec<Box<str>>, HashMap<Box<str>, u32>);

    /// The embedded dataset's sorted rows as a reader would hand them
    /// over in the order `order` gives (`order[k]` becomes file row `k`):
    /// entities are interned in order of first sighting, so their indexes
    /// differ from the store's.
    fn read(ds: &Dataset, order: &[usize]) -> Read {
        let rows = ds.cols.rows();
        let (mut entities, mut entity_ix): (Vec<Box<str>>, HashMap<Box<str>, u32>) = Default::default();
        let recs = order
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let name: Box<str> = ds.entities[rows.entity[i] as usize].clone();
                let entity = *entity_ix.entry(name.clone()).or_insert_with(|| {
                    entities.push(name);
                    entities.len() as u32 - 1
                });
                Record { entity, ..rows.record(i, k as u32) }
            })
            .collect();
        (recs, entities, entity_ix)
    }

    /// The dataset's metadata and text with `staged` and its entities.
    fn parts(ds: &Dataset, staged: Staging, entities: Vec<Box<str>>, entity_ix: HashMap<Box<str>, u32>) -> Parts {
        Parts {
            metrics: ds.metrics.clone(),
            metric_ix: ds.metric_ix.clone(),
            sources: ds.sources.clone(),
            source_ix: ds.source_ix.clone(),
            units: ds.units.clone(),
            entities,
            entity_ix,
            staged,
            text: ds.cols.text.clone(),
            file_order: None,
        }
    }

    /// The rows of `read`, staged one by one.
    fn stage(ds: &Dataset, order: &[usize]) -> Parts {
        let (recs, entities, entity_ix) = read(ds, order);
        let mut staged = Staging::with_capacity(order.len());
        for r in recs {
            staged.push(r, &entities);
        }
        parts(ds, staged, entities, entity_ix)
    }

    fn restage(ds: &Dataset, order: &[usize]) -> Dataset {
        Dataset::assemble("test", stage(ds, order), &load::Lines::rows()).expect("the embedded rows assemble")
    }

    /// The sorted columns, with texts instead of arena offsets.
    type Row<'a> = (u32, &'a str, Status, Period, u64, Qualifier, u32, &'a str, &'a str);
    fn rows(ds: &Dataset) -> Vec<Row<'_>> {
        let c = &ds.cols;
        (0..c.len())
            .map(|i| {
                let e = &*ds.entities[c.entity[i] as usize];
                let (q, n) = (c.text_of(c.quote[i]), c.text_of(c.note[i]));
                (c.metric[i], e, c.status[i], c.period[i], c.value[i].to_bits(), c.qualifier[i], c.source[i], q, n)
            })
            .collect()
    }

    #[test]
    fn rows_in_the_stores_order_are_built_without_a_sort_into_the_same_columns() {
        let ds = Dataset::embedded();
        let n = ds.len();
        let in_order: Vec<usize> = (0..n).collect();
        let reversed: Vec<usize> = (0..n).rev().collect();
        // File order, as observations.csv has it.
        let file: Vec<usize> = ds.file_pos.iter().map(|&p| p as usize).collect();

        assert!(matches!(stage(ds, &in_order).staged.mode, Mode::InOrder { dup: None, .. }));
        assert!(matches!(stage(ds, &reversed).staged.mode, Mode::Shuffled(_)));
        let a = restage(ds, &in_order);
        assert_eq!(rows(&a), rows(ds));
        for other in [&reversed, &file] {
            let b = restage(ds, other);
            assert_eq!(rows(&a), rows(&b));
            assert_eq!(
                (&a.series_entity, &a.series_start, &a.metric_series),
                (&b.series_entity, &b.series_start, &b.metric_series)
            );
        }
        // Entities are numbered in the order of their ids, whatever order
        // the reader met them in.
        let names: Vec<&str> = a.entities.iter().map(|e| &**e).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        // File order is the staging order.
        let back = restage(ds, &file);
        assert!(back == *ds);
        assert!(a != *ds, "staged in sorted order, its file order is not observations.csv's");
    }

    /// The rows of `read`, staged in batches of `size` through
    /// `Staging::extend`.
    #[cfg(feature = "parquet")]
    fn stage_in_batches(ds: &Dataset, order: &[usize], size: usize) -> Parts {
        let (recs, entities, entity_ix) = read(ds, order);
        let mut staged = Staging::default();
        for chunk in recs.chunks(size) {
            let mut batch = Columns::default();
            for r in chunk {
                batch.push(r);
            }
            staged.extend(&batch.rows(), &entities);
        }
        parts(ds, staged, entities, entity_ix)
    }

    #[test]
    #[cfg(feature = "parquet")]
    fn batches_stage_as_records_one_by_one_do() {
        let ds = Dataset::embedded();
        let n = ds.len();
        let in_order: Vec<usize> = (0..n).collect();
        let reversed: Vec<usize> = (0..n).rev().collect();
        let file: Vec<usize> = ds.file_pos.iter().map(|&p| p as usize).collect();
        // In order until a late batch: the last rows moved to the front of
        // the last batch.
        let mut late: Vec<usize> = (0..n).collect();
        late[n - 5..].rotate_right(1);
        for order in [&in_order, &reversed, &file, &late] {
            for size in [1, 7, 64, n] {
                let a = Dataset::assemble("test", stage(ds, order), &load::Lines::rows()).unwrap();
                let parts = stage_in_batches(ds, order, size);
                let in_order_mode = matches!(parts.staged.mode, Mode::InOrder { .. });
                assert_eq!(in_order_mode, std::ptr::eq(order, &in_order), "size {size}");
                let b = Dataset::assemble("test", parts, &load::Lines::rows()).unwrap();
                assert_eq!(rows(&a), rows(&b), "size {size}");
                assert!(a == b, "file order, size {size}");
            }
        }
        // A key repeated across a batch boundary: rows 7 and 8 (1-based)
        // are sorted row 6 twice.
        let mut dup: Vec<usize> = (0..n).collect();
        dup.insert(7, 6);
        let parts = stage_in_batches(ds, &dup, 7);
        assert!(matches!(parts.staged.mode, Mode::InOrder { dup: Some((6, 7)), .. }));
        match Dataset::assemble("test", parts, &load::Lines::rows()) {
            Err(Error::Load(LoadError::DuplicateKey { at, first_line, .. })) => {
                assert_eq!((at.line, first_line), (8, 7))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_repeated_key_in_order_is_the_duplicate_key_error_at_its_second_row() {
        let ds = Dataset::embedded();
        // Sorted rows 0, 1, 1, 2, …: file rows 2 and 3 (1-based) share a key.
        let mut order: Vec<usize> = (0..ds.len()).collect();
        order.insert(1, 1);
        let parts = stage(ds, &order);
        assert!(matches!(parts.staged.mode, Mode::InOrder { dup: Some((1, 2)), .. }));
        match Dataset::assemble("test", parts, &load::Lines::rows()) {
            Err(Error::Load(LoadError::DuplicateKey { at, first_line, .. })) => {
                assert_eq!((at.line, first_line), (3, 2));
            }
            other => panic!("{other:?}"),
        }
    }
}
