//! The dataset: metrics, sources and observations, loaded and validated from
//! CSV, stored in sorted columns, queried by metric, entity, period, status
//! and source.

use crate::{LoadError, QueryError};
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::data::error::nearest;
use crate::data::load;
use crate::data::series::{Series, SeriesOptions};
use crate::error::Error;
use crate::vocab::error::Location;
use crate::vocab::metric::{Metric, MetricId};
use crate::vocab::period::Period;
use crate::vocab::source::{Source, SourceId};
use crate::vocab::value::{Qualifier, Status, Unit, Value};

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

    fn status(&self) -> Status {
        let i = (self.key >> 60) as usize;
        Status::ALL.get(i).copied().unwrap_or(Status::Reported)
    }

    fn period(&self) -> Period {
        let (end, start) = ((self.key >> 46) as i32 & 0x3fff, (self.key >> 32) as i32 & 0x3fff);
        Period::from_checked_years(start, end)
    }

    fn source(&self) -> u32 {
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
fn sort_records(recs: Vec<Record>, n_metrics: usize, n_entities: usize) -> (Vec<Record>, Option<(u32, u32)>) {
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
fn series_index(cols: &Columns, n_metrics: usize) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
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

/// A validated set of metrics, sources and observations.
///
/// Get the checked-in data with [`Dataset::embedded`], or load files of the
/// same shape with [`Dataset::from_dir`] or [`Dataset::from_readers`].
///
/// ```
/// use biopharma_stats::Dataset;
/// let ds = Dataset::embedded();
/// let s = ds.series("biomedicine_market_size", "china")?;
/// assert_eq!(s.year(2016).map(|p| p.value.value), Some(183.6));
/// assert_eq!(s.year(2019).map(|p| p.value.value), Some(317.2));
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
#[derive(Clone)]
pub struct Dataset {
    pub(crate) metrics: Vec<Metric>,
    pub(crate) metric_ix: HashMap<String, u32>,
    pub(crate) sources: Vec<Source>,
    pub(crate) source_ix: HashMap<String, u32>,
    pub(crate) entities: Vec<Box<str>>,
    pub(crate) entity_ix: HashMap<Box<str>, u32>,
    /// Entity indexes in alphabetical order of their ids.
    entities_sorted: Vec<u32>,
    /// The series index: series `k` (in metric, then entity order) is the
    /// entity `series_entity[k]` and the rows `series_start[k]..series_start[k + 1]`;
    /// the series of metric `m` are `metric_series[m]..metric_series[m + 1]`.
    /// 8 bytes per series plus 4 per metric, so a series is a slice found
    /// by one array read and a binary search over its metric's entities.
    pub(crate) series_entity: Vec<u32>,
    pub(crate) series_start: Vec<u32>,
    pub(crate) metric_series: Vec<u32>,
    pub(crate) cols: Columns,
    /// `file_pos[k]` is the sorted row holding the k-th record of the file.
    pub(crate) file_pos: Vec<u32>,
}

impl fmt::Debug for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dataset")
            .field("metrics", &self.metrics.len())
            .field("sources", &self.sources.len())
            .field("entities", &self.entities.len())
            .field("observations", &self.cols.len())
            .finish()
    }
}

impl PartialEq for Dataset {
    /// Two datasets are equal when they hold the same metrics, sources and
    /// observations in the same file order.
    fn eq(&self, other: &Self) -> bool {
        self.metrics == other.metrics
            && self.sources == other.sources
            && self.len() == other.len()
            && self.observations().eq(other.observations())
    }
}

const OBSERVATIONS_CSV: &str = include_str!("../../data/observations.csv");
const METRICS_CSV: &str = include_str!("../../data/metrics.csv");
const SOURCES_CSV: &str = include_str!("../../data/sources.csv");

static EMBEDDED: LazyLock<Dataset> = LazyLock::new(|| {
    Dataset::from_readers_named(
        ("data/observations.csv", OBSERVATIONS_CSV.as_bytes()),
        ("data/metrics.csv", METRICS_CSV.as_bytes()),
        ("data/sources.csv", SOURCES_CSV.as_bytes()),
    )
    // The checked-in files are validated by every test run (tests/data_integrity.rs).
    .unwrap_or_else(|e| panic!("the embedded dataset is invalid: {e}"))
});

impl Dataset {
    /// The dataset checked in under `data/`, parsed and validated once on
    /// first use and shared afterwards.
    ///
    /// # Panics
    ///
    /// Never for the shipped files: they are compiled in and validated by the
    /// crate's own tests, so a panic here would mean a broken release.
    pub fn embedded() -> &'static Dataset {
        &EMBEDDED
    }

    /// Loads `observations.csv`, `metrics.csv` and `sources.csv` from a
    /// directory; errors name the file's path, line and column.
    ///
    /// With the `parquet` feature, a directory that has
    /// `observations.parquet` and no `observations.csv` is read as Parquet
    /// instead (see `Dataset::from_parquet_dir`, which always reads
    /// Parquet); where both are present, the CSV files are read.
    ///
    /// ```no_run
    /// let mine = biopharma_stats::Dataset::from_dir("path/to/dir")?;
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Dataset, Error> {
        let dir = dir.as_ref();
        #[cfg(feature = "parquet")]
        if !dir.join("observations.csv").exists() && dir.join("observations.parquet").exists() {
            return Dataset::from_parquet_dir(dir);
        }
        let open = |name: &str| {
            let path = dir.join(name);
            File::open(&path)
                .map(|f| (path.display().to_string(), BufReader::with_capacity(1 << 16, f)))
                .map_err(|source| Error::Io { path, source })
        };
        Dataset::from_readers_named(open("observations.csv")?, open("metrics.csv")?, open("sources.csv")?)
    }

    /// Loads the three files from readers (named `observations.csv`,
    /// `metrics.csv` and `sources.csv` in errors).
    ///
    /// ```
    /// use biopharma_stats::Dataset;
    /// let metrics = "id,name,description,unit,kind,definition\n\
    ///                sales,Sales,,cny_bn,flow,Sales revenue in a year\n";
    /// let sources = "id,publisher,title,author,published,url,note\n\
    ///                me,Me,My notes,,2024,,\n";
    /// let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
    ///            sales,acme,2023,1.5,exact,cny_bn,reported,me,,\n";
    /// let ds = Dataset::from_readers(obs.as_bytes(), metrics.as_bytes(), sources.as_bytes())?;
    /// assert_eq!(ds.len(), 1);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn from_readers(
        observations: impl std::io::Read,
        metrics: impl std::io::Read,
        sources: impl std::io::Read,
    ) -> Result<Dataset, Error> {
        Dataset::from_readers_named(
            ("observations.csv", observations),
            ("metrics.csv", metrics),
            ("sources.csv", sources),
        )
    }

    fn from_readers_named<O, M, S>(
        observations: (impl AsRef<str>, O),
        metrics: (impl AsRef<str>, M),
        sources: (impl AsRef<str>, S),
    ) -> Result<Dataset, Error>
    where
        O: std::io::Read,
        M: std::io::Read,
        S: std::io::Read,
    {
        let m = load::read_metrics(metrics.1, metrics.0.as_ref())?;
        let s = load::read_sources(sources.1, sources.0.as_ref())?;
        load::read_observations(observations.1, observations.0.as_ref(), m, s)
    }

    /// Sorts the staged records, checks for duplicate keys and builds the
    /// columns and indexes. `lines` gives the line of each record.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assemble(
        file: &str,
        metrics: Vec<Metric>,
        metric_ix: HashMap<String, u32>,
        sources: Vec<Source>,
        source_ix: HashMap<String, u32>,
        entities: Vec<Box<str>>,
        entity_ix: HashMap<Box<str>, u32>,
        recs: Vec<Record>,
        text: String,
        lines: &load::Lines,
    ) -> Result<Dataset, Error> {
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

    /// The number of observations.
    pub fn len(&self) -> usize {
        self.cols.len()
    }

    /// Whether there are no observations.
    pub fn is_empty(&self) -> bool {
        self.cols.len() == 0
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

    /// Every metric, in the order of metrics.csv.
    pub fn metrics(&self) -> impl ExactSizeIterator<Item = &Metric> + '_ {
        self.metrics.iter()
    }

    /// The metric with this id.
    pub fn metric(&self, id: &str) -> Option<&Metric> {
        self.metric_ix.get(id).map(|&i| &self.metrics[i as usize])
    }

    /// Every source, in the order of sources.csv.
    pub fn sources(&self) -> impl ExactSizeIterator<Item = &Source> + '_ {
        self.sources.iter()
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_ix.get(id).map(|&i| &self.sources[i as usize])
    }

    /// Every entity that has an observation, in alphabetical order.
    pub fn entities(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.entities_sorted.iter().map(|&e| &*self.entities[e as usize])
    }

    /// The entities that have an observation of `metric`, alphabetically.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let e = ds.entities_of("biomedicine_market_size")?;
    /// assert_eq!(e, ["china"]);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn entities_of(&self, metric: &str) -> Result<Vec<&str>, Error> {
        let m = self.metric_index(metric)?;
        let rows = self.metric_range(m);
        let mut out: Vec<&str> = self.cols.entity[rows].iter().map(|&e| &*self.entities[e as usize]).collect();
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// Every observation, in file order.
    pub fn observations(&self) -> impl ExactSizeIterator<Item = Observation<'_>> + '_ {
        self.file_pos.iter().map(|&p| self.row(p as usize))
    }

    /// A filter over the observations; see [`Query`].
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Status};
    /// let ds = Dataset::embedded();
    /// let rows = ds.query().metric("biomedicine_market_size").entity("china")
    ///     .period_within(2016, 2019).status(Status::Reported).run()?;
    /// assert_eq!(rows.len(), 2);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn query(&self) -> Query<'_> {
        Query { ds: self, metric: None, entity: None, within: None, status: None, source: None }
    }

    /// The reported points of one metric for one entity, in period order,
    /// each with its sources. An error if the metric is unknown, there is no
    /// such series, or two sources disagree about a period (see
    /// [`Dataset::series_with`] to choose how to resolve that).
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let s = ds.series("biomedicine_market_size", "china")?;
    /// assert_eq!(s.unit(), biopharma_stats::Unit::CnyBn);
    /// let first = &s.points()[0];
    /// assert_eq!(first.period, biopharma_stats::Period::Year(2016));
    /// assert!(!s.sources_of(first).is_empty());
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn series(&self, metric: &str, entity: &str) -> Result<Series, Error> {
        self.series_with(metric, entity, &SeriesOptions::default())
    }

    /// A series with options: include targets, keep one source only, or
    /// resolve conflicting sources by a rule that the series then records.
    ///
    /// ```
    /// use biopharma_stats::{Dataset, SeriesOptions, Status};
    /// let ds = Dataset::embedded();
    /// let t = ds.series_with("biomedicine_companies", "suzhou", &SeriesOptions::new().targets_only())?;
    /// assert_eq!(t.points()[0].status, Status::Target);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn series_with(&self, metric: &str, entity: &str, opts: &SeriesOptions) -> Result<Series, Error> {
        let m = self.metric_index(metric)?;
        let none = || Error::Query(QueryError::NoSuchSeries { metric: metric.to_owned(), entity: entity.to_owned() });
        let e = self.entity_index(entity)?;
        let only_source = match opts.only_source_id() {
            Some(id) => Some(self.source_index(id)?),
            None => None,
        };
        let rows: Vec<Observation<'_>> = self
            .series_range(m, e)
            .filter(|&i| opts.admits(self.cols.status[i]))
            .filter(|&i| only_source.is_none_or(|s| self.cols.source[i] == s))
            .map(|i| self.row(i))
            .collect();
        if rows.is_empty() {
            return Err(none());
        }
        Series::from_observations(&self.metrics[m as usize], entity, &rows, opts.resolution())
    }

    /// Every place where sources disagree: a metric, entity, period and
    /// status with two or more different values (or qualifiers), each value
    /// with the sources that state it. Agreeing sources are not conflicts.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// for c in ds.conflicts() {
    ///     println!("{c}");
    /// }
    /// assert!(ds.conflicts().iter().any(|c| c.metric == "innovative_device_approvals"));
    /// ```
    pub fn conflicts(&self) -> Vec<Conflict> {
        let c = &self.cols;
        let key = |i: usize| (c.metric[i], c.entity[i], c.status[i], c.period[i]);
        let mut out = Vec::new();
        let mut start = 0;
        while start < c.len() {
            let mut end = start + 1;
            while end < c.len() && key(end) == key(start) {
                end += 1;
            }
            let mut values: Vec<(Value, Vec<SourceId>)> = Vec::new();
            for i in start..end {
                let v = Value::new(c.value[i], c.qualifier[i]);
                let id = self.sources[c.source[i] as usize].id.clone();
                match values.iter_mut().find(|(w, _)| *w == v) {
                    Some((_, ids)) => ids.push(id),
                    None => values.push((v, vec![id])),
                }
            }
            if values.len() > 1 {
                out.push(Conflict {
                    metric: self.metrics[c.metric[start] as usize].id.clone(),
                    entity: self.entities[c.entity[start] as usize].to_string(),
                    period: c.period[start],
                    status: c.status[start],
                    values,
                });
            }
            start = end;
        }
        out
    }

    pub(crate) fn metric_index(&self, id: &str) -> Result<u32, Error> {
        self.metric_ix.get(id).copied().ok_or_else(|| {
            let suggestion = nearest(id, self.metrics.iter().map(|m| m.id.as_str()));
            Error::Query(QueryError::NoSuchMetric { id: id.to_owned(), suggestion })
        })
    }

    pub(crate) fn source_index(&self, id: &str) -> Result<u32, Error> {
        self.source_ix.get(id).copied().ok_or_else(|| {
            let suggestion = nearest(id, self.sources.iter().map(|s| s.id.as_str()));
            Error::Query(QueryError::NoSuchSource { id: id.to_owned(), suggestion })
        })
    }

    /// The index of an entity that has observations, or
    /// [`QueryError::NoSuchEntity`] naming the nearest one.
    pub(crate) fn entity_index(&self, entity: &str) -> Result<u32, Error> {
        self.entity_ix.get(entity).copied().ok_or_else(|| {
            let suggestion = nearest(entity, self.entities.iter().map(|e| &**e));
            Error::Query(QueryError::NoSuchEntity { entity: entity.to_owned(), suggestion })
        })
    }

    /// The sorted rows of one metric.
    pub(crate) fn metric_range(&self, m: u32) -> Range<usize> {
        let series = self.metric_series_range(m);
        let row = |k: usize| self.series_start.get(k).map_or(0, |&r| r as usize);
        row(series.start)..row(series.end)
    }

    /// The series (indexes into the series index) of one metric.
    pub(crate) fn metric_series_range(&self, m: u32) -> Range<usize> {
        let at = |k: usize| self.metric_series.get(k).map_or(0, |&s| s as usize);
        at(m as usize)..at(m as usize + 1)
    }

    /// The sorted rows of one metric and entity.
    pub(crate) fn series_range(&self, m: u32, e: u32) -> Range<usize> {
        let series = self.metric_series_range(m);
        match self.series_entity[series.clone()].binary_search(&e) {
            Ok(k) => self.series_start[series.start + k] as usize..self.series_start[series.start + k + 1] as usize,
            Err(_) => 0..0,
        }
    }

    /// A view of sorted row `i`.
    pub(crate) fn row(&self, i: usize) -> Observation<'_> {
        let c = &self.cols;
        Observation {
            metric: &self.metrics[c.metric[i] as usize],
            entity: &self.entities[c.entity[i] as usize],
            period: c.period[i],
            value: Value::new(c.value[i], c.qualifier[i]),
            status: c.status[i],
            source: &self.sources[c.source[i] as usize],
            quote: c.text_of(c.quote[i]),
            note: c.text_of(c.note[i]),
        }
    }
}

/// Sources that disagree about one metric, entity, period and status; see
/// [`Dataset::conflicts`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Conflict {
    /// The metric.
    pub metric: MetricId,
    /// The entity.
    pub entity: String,
    /// The period.
    pub period: Period,
    /// Reported or target.
    pub status: Status,
    /// Each distinct value with the sources that state it.
    pub values: Vec<(Value, Vec<SourceId>)>,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {} / {} ({}): ", self.metric, self.entity, self.period, self.status)?;
        for (i, (v, ids)) in self.values.iter().enumerate() {
            let ids: Vec<&str> = ids.iter().map(SourceId::as_str).collect();
            write!(f, "{}{v} ({})", if i > 0 { " vs " } else { "" }, ids.join(", "))?;
        }
        Ok(())
    }
}

/// One reported figure: a row of observations.csv, with its metric and
/// source resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Observation<'a> {
    /// What is measured.
    pub metric: &'a Metric,
    /// The geography or group it is measured for (`china`, `shanghai`).
    pub entity: &'a str,
    /// The year or span of years it refers to.
    pub period: Period,
    /// The number and its qualifier, in the metric's unit.
    pub value: Value,
    /// Reported or target.
    pub status: Status,
    /// Where it comes from.
    pub source: &'a Source,
    /// The shortest verbatim phrase of the source that states it.
    pub quote: &'a str,
    /// Caveats: definitions, how the period was dated.
    pub note: &'a str,
}

impl Observation<'_> {
    /// The unit of the value (the metric's unit).
    pub fn unit(&self) -> Unit {
        self.metric.unit
    }
}

#[cfg(feature = "serde")]
impl Serialize for Observation<'_> {
    /// Serialises as a flat record with ids, in the shape of observations.csv.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Observation", 10)?;
        st.serialize_field("metric", self.metric.id.as_str())?;
        st.serialize_field("entity", self.entity)?;
        st.serialize_field("period", &self.period)?;
        st.serialize_field("value", &self.value.value)?;
        st.serialize_field("qualifier", &self.value.qualifier)?;
        st.serialize_field("unit", &self.metric.unit)?;
        st.serialize_field("status", &self.status)?;
        st.serialize_field("source", self.source.id.as_str())?;
        st.serialize_field("quote", self.quote)?;
        st.serialize_field("note", self.note)?;
        st.end()
    }
}

/// A filter over a dataset's observations, built with [`Dataset::query`].
/// Every criterion is optional; [`Query::run`] returns the matching rows in
/// file order, or an error if a metric or source id is unknown (a typo never
/// silently yields nothing).
#[derive(Debug, Clone)]
pub struct Query<'a> {
    ds: &'a Dataset,
    metric: Option<&'a str>,
    entity: Option<&'a str>,
    within: Option<(i32, i32)>,
    status: Option<Status>,
    source: Option<&'a str>,
}

impl<'a> Query<'a> {
    /// Only this metric.
    pub fn metric(mut self, id: &'a str) -> Self {
        self.metric = Some(id);
        self
    }

    /// Only this entity.
    pub fn entity(mut self, id: &'a str) -> Self {
        self.entity = Some(id);
        self
    }

    /// Only periods that lie wholly within `from..=to`.
    pub fn period_within(mut self, from: i32, to: i32) -> Self {
        self.within = Some((from, to));
        self
    }

    /// Only this status.
    pub fn status(mut self, status: Status) -> Self {
        self.status = Some(status);
        self
    }

    /// Only this source.
    pub fn source(mut self, id: &'a str) -> Self {
        self.source = Some(id);
        self
    }

    /// The matching observations in file order.
    pub fn run(&self) -> Result<Vec<Observation<'a>>, Error> {
        let ds = self.ds;
        let metric = self.metric.map(|m| ds.metric_index(m)).transpose()?;
        let source = self.source.map(|s| ds.source_index(s)).transpose()?;
        // An unknown entity is an error naming it, never an empty result:
        // a typo ("China" for "china") must not read as "no figures".
        let entity = self.entity.map(|e| ds.entity_index(e)).transpose()?;
        let keep = |i: usize| {
            let c = &ds.cols;
            metric.is_none_or(|m| c.metric[i] == m)
                && entity.is_none_or(|e| c.entity[i] == e)
                && source.is_none_or(|s| c.source[i] == s)
                && self.status.is_none_or(|s| c.status[i] == s)
                && self.within.is_none_or(|(a, b)| c.period[i].within(a, b))
        };
        Ok(ds.file_pos.iter().map(|&p| p as usize).filter(|&i| keep(i)).map(|i| ds.row(i)).collect())
    }
}
