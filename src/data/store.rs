//! The private columnar store: records staged by a reader are packed,
//! sorted by a counting sort into one bucket per series, checked for
//! duplicate keys and laid out as columns with a series index.

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
pub(crate) struct TextRef {
    pub(crate) start: u32,
    pub(crate) len: u32,
}

/// The observations, one column per field, sorted by
/// (metric, entity, status, period, source) once loading is done, so that a
/// series is a contiguous range found by binary search.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Columns {
    pub(crate) metric: Vec<u32>,
    pub(crate) entity: Vec<u32>,
    pub(crate) status: Vec<Status>,
    pub(crate) period: Vec<Period>,
    pub(crate) value: Vec<f64>,
    pub(crate) qualifier: Vec<Qualifier>,
    pub(crate) source: Vec<u32>,
    pub(crate) quote: Vec<TextRef>,
    pub(crate) note: Vec<TextRef>,
    /// Every quote and note, back to back.
    pub(crate) text: String,
}

impl Columns {
    pub(crate) fn len(&self) -> usize {
        self.value.len()
    }

    pub(crate) fn text_of(&self, r: TextRef) -> &str {
        let start = r.start as usize;
        self.text.get(start..start + r.len as usize).unwrap_or_default()
    }
}

/// One observation as the loader stages it, in file order, before sorting:
/// 48 bytes, so that building the sorted columns reads one record per row
/// instead of one value from each of nine columns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    /// (status, period, source) packed to order like the tuple; see [`Record::key`].
    pub(crate) key: u64,
    pub(crate) value: f64,
    pub(crate) quote: TextRef,
    pub(crate) note: TextRef,
    pub(crate) metric: u32,
    pub(crate) entity: u32,
    /// The record's index in the file (0 for the first data row).
    pub(crate) row: u32,
    pub(crate) qualifier: Qualifier,
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
    pub(crate) fn key(status: Status, period: Period, source: u32) -> u64 {
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
/// with their indexes, the entities interned while reading, the staged
/// records in file order and the text arena their quotes and notes point into.
pub(crate) struct Parts {
    pub(crate) metrics: Vec<Metric>,
    pub(crate) metric_ix: HashMap<String, u32>,
    pub(crate) sources: Vec<Source>,
    pub(crate) source_ix: HashMap<String, u32>,
    /// The declared units (units.csv), in file order.
    pub(crate) units: Vec<Unit>,
    pub(crate) entities: Vec<Box<str>>,
    pub(crate) entity_ix: HashMap<Box<str>, u32>,
    pub(crate) recs: Vec<Record>,
    pub(crate) text: String,
}

impl Dataset {
    /// Sorts the staged records, checks for duplicate keys and builds the
    /// columns and indexes. `lines` gives the line of each record.
    pub(crate) fn assemble(file: &str, parts: Parts, lines: &load::Lines) -> Result<Dataset, Error> {
        let Parts { metrics, metric_ix, sources, source_ix, units, entities, entity_ix, recs, text } = parts;
        let n = recs.len();
        let (recs, dup) = sort_records(recs, metrics.len(), entities.len());

        // Duplicate keys are adjacent after sorting; report the one whose
        // second occurrence comes first in the file.
        if let Some((first, second)) = dup {
            let Some(r) = recs.iter().find(|r| r.row == second) else {
                return Err(Error::Load(LoadError::Csv {
                    at: Location::new(file, lines.line(second), None),
                    message: "duplicate key".into(),
                }));
            };
            return Err(Error::Load(LoadError::DuplicateKey {
                at: Location::new(file, lines.line(second), None),
                key: format!(
                    "(metric {}, entity {}, period {}, status {}, source {})",
                    metrics[r.metric as usize].id,
                    entities[r.entity as usize],
                    r.period(),
                    r.status(),
                    sources[r.source() as usize].id,
                ),
                first_line: lines.line(first),
            }));
        }

        let mut cols = Columns {
            metric: Vec::with_capacity(n),
            entity: Vec::with_capacity(n),
            status: Vec::with_capacity(n),
            period: Vec::with_capacity(n),
            value: Vec::with_capacity(n),
            qualifier: Vec::with_capacity(n),
            source: Vec::with_capacity(n),
            quote: Vec::with_capacity(n),
            note: Vec::with_capacity(n),
            text,
        };
        let mut file_pos = vec![0u32; n];
        for (sorted, r) in recs.iter().enumerate() {
            cols.metric.push(r.metric);
            cols.entity.push(r.entity);
            cols.status.push(r.status());
            cols.period.push(r.period());
            cols.value.push(r.value);
            cols.qualifier.push(r.qualifier);
            cols.source.push(r.source());
            cols.quote.push(r.quote);
            cols.note.push(r.note);
            file_pos[r.row as usize] = sorted as u32;
        }
        drop(recs);
        let mut entities_sorted: Vec<u32> = (0..entities.len() as u32).collect();
        entities_sorted.sort_unstable_by(|&a, &b| entities[a as usize].cmp(&entities[b as usize]));

        let (series_entity, series_start, metric_series) = series_index(&cols, metrics.len());
        Ok(Dataset {
            metrics,
            metric_ix,
            sources,
            source_ix,
            units,
            entities,
            entity_ix,
            entities_sorted,
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
            + vec(&self.entities)
            + vec(&self.entities_sorted);
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
