//! The dataset: metrics, sources and observations, loaded and validated from
//! CSV, stored in sorted columns, queried by metric, entity, period, status
//! and source.

use crate::QueryError;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::data::agree;
use crate::data::error::nearest;
use crate::data::load;
use crate::data::series::{Series, SeriesOptions};
use crate::data::store::Columns;
use crate::error::Error;
use crate::vocab::metric::{Metric, MetricId};
use crate::vocab::period::Period;
use crate::vocab::source::{Source, SourceId};
use crate::vocab::value::{Status, Unit, Value};

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
    // Private to the data layer: the calc layer reads through the narrow
    // API of src/data/columns.rs.
    pub(super) metrics: Vec<Metric>,
    pub(super) metric_ix: HashMap<String, u32>,
    pub(super) sources: Vec<Source>,
    pub(super) source_ix: HashMap<String, u32>,
    /// The units declared in units.csv, in file order.
    pub(super) units: Vec<Unit>,
    /// The entities in the order of their ids (byte order), which is the
    /// order of the series of a metric.
    pub(super) entities: Vec<Box<str>>,
    pub(super) entity_ix: HashMap<Box<str>, u32>,
    /// The series index: series `k` (in metric, then entity order) is the
    /// entity `series_entity[k]` and the rows `series_start[k]..series_start[k + 1]`;
    /// the series of metric `m` are `metric_series[m]..metric_series[m + 1]`.
    /// 8 bytes per series plus 4 per metric, so a series is a slice found
    /// by one array read and a binary search over its metric's entities.
    pub(super) series_entity: Vec<u32>,
    pub(super) series_start: Vec<u32>,
    pub(super) metric_series: Vec<u32>,
    pub(super) cols: Columns,
    /// `file_pos[k]` is the sorted row holding the k-th record of the file.
    pub(super) file_pos: Vec<u32>,
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
            && self.units == other.units
            && self.sources == other.sources
            && self.len() == other.len()
            && self.observations().eq(other.observations())
    }
}

const OBSERVATIONS_CSV: &str = include_str!("../../data/observations.csv");
const METRICS_CSV: &str = include_str!("../../data/metrics.csv");
const SOURCES_CSV: &str = include_str!("../../data/sources.csv");
const UNITS_CSV: &str = include_str!("../../data/units.csv");

static EMBEDDED: LazyLock<Dataset> = LazyLock::new(|| {
    Dataset::from_readers_named(
        ("data/observations.csv", OBSERVATIONS_CSV.as_bytes()),
        ("data/metrics.csv", METRICS_CSV.as_bytes()),
        ("data/sources.csv", SOURCES_CSV.as_bytes()),
        Some(("data/units.csv", UNITS_CSV.as_bytes())),
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
    /// directory, and `units.csv` if there is one (it declares the units
    /// that are not built in; see [`Unit`]); errors name the file's path,
    /// line and column.
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
    ///
    /// # Errors
    ///
    /// - [`Error::Io`] naming the path if a file cannot be opened.
    /// - Else the first problem found, with its file, line and column, as
    ///   for [`Dataset::from_readers_with_units`]: a read error after
    ///   opening is [`LoadError::Csv`](crate::LoadError::Csv), not
    ///   [`Error::Io`].
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
        let units_path = dir.join("units.csv");
        let units = if units_path.exists() { Some(open("units.csv")?) } else { None };
        Dataset::from_readers_named(open("observations.csv")?, open("metrics.csv")?, open("sources.csv")?, units)
    }

    /// Loads the three files from readers (named `observations.csv`,
    /// `metrics.csv` and `sources.csv` in errors).
    ///
    /// # Errors
    ///
    /// As [`Dataset::from_readers_with_units`] ([`Error::Load`] or
    /// [`Error::Parse`] with the file, line and column of the first problem).
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
            None::<(&str, &[u8])>,
        )
    }

    /// Loads the three files and a `units.csv` (`id,label,quantity,scale`)
    /// from readers, named by their file names in errors.
    ///
    /// ```
    /// use biopharma_stats::Dataset;
    /// let units = "id,label,quantity,scale\n\
    ///              usd_mn,million US dollars,money:USD,1e6\n";
    /// let metrics = "id,name,description,unit,kind,definition\n\
    ///                sales,Sales,,usd_mn,flow,Sales revenue in a year\n";
    /// let sources = "id,publisher,title,author,published,url,note\n\
    ///                me,Me,My notes,,2024,,\n";
    /// let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
    ///            sales,acme,2023,1.5,exact,usd_mn,reported,me,,\n";
    /// let ds = Dataset::from_readers_with_units(obs.as_bytes(), metrics.as_bytes(), sources.as_bytes(), units.as_bytes())?;
    /// assert_eq!(ds.metric("sales").unwrap().unit.label(), "million US dollars");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The first problem found, with its file, line and column:
    ///
    /// - [`Error::Load`] for a problem of the file's shape or references:
    ///   [`LoadError::Csv`](crate::LoadError::Csv) for bytes the CSV reader
    ///   rejects or a read error,
    ///   [`LoadError::BadHeader`](crate::LoadError::BadHeader),
    ///   [`LoadError::FieldCount`](crate::LoadError::FieldCount),
    ///   [`LoadError::EmptyField`](crate::LoadError::EmptyField),
    ///   [`LoadError::MalformedNumber`](crate::LoadError::MalformedNumber),
    ///   [`LoadError::UnknownMetric`](crate::LoadError::UnknownMetric),
    ///   [`LoadError::UnknownSource`](crate::LoadError::UnknownSource),
    ///   [`LoadError::UnknownUnit`](crate::LoadError::UnknownUnit),
    ///   [`LoadError::UnitMismatch`](crate::LoadError::UnitMismatch),
    ///   [`LoadError::DuplicateKey`](crate::LoadError::DuplicateKey),
    ///   [`LoadError::ValueBreaksRule`](crate::LoadError::ValueBreaksRule)
    ///   and the others of [`LoadError`](crate::LoadError).
    /// - [`Error::Parse`] for a field that does not parse:
    ///   [`ParseError::BadPeriod`](crate::ParseError::BadPeriod),
    ///   [`ParseError::BadDate`](crate::ParseError::BadDate),
    ///   [`ParseError::BadUnit`](crate::ParseError::BadUnit).
    pub fn from_readers_with_units(
        observations: impl std::io::Read,
        metrics: impl std::io::Read,
        sources: impl std::io::Read,
        units: impl std::io::Read,
    ) -> Result<Dataset, Error> {
        Dataset::from_readers_named(
            ("observations.csv", observations),
            ("metrics.csv", metrics),
            ("sources.csv", sources),
            Some(("units.csv", units)),
        )
    }

    fn from_readers_named<O, M, S, U>(
        observations: (impl AsRef<str>, O),
        metrics: (impl AsRef<str>, M),
        sources: (impl AsRef<str>, S),
        units: Option<(impl AsRef<str>, U)>,
    ) -> Result<Dataset, Error>
    where
        O: std::io::Read,
        M: std::io::Read,
        S: std::io::Read,
        U: std::io::Read,
    {
        let u = match units {
            Some((name, r)) => load::read_units(r, name.as_ref())?,
            None => load::UnitTable::default(),
        };
        let m = load::read_metrics(metrics.1, metrics.0.as_ref(), &u)?;
        let s = load::read_sources(sources.1, sources.0.as_ref())?;
        load::read_observations(observations.1, observations.0.as_ref(), m, s, u)
    }

    /// The units declared in units.csv, in file order (the built-in units
    /// are not listed unless the file declares them).
    pub fn units(&self) -> impl ExactSizeIterator<Item = Unit> + '_ {
        self.units.iter().copied()
    }

    /// The number of observations.
    pub fn len(&self) -> usize {
        self.cols.len()
    }

    /// Whether there are no observations.
    pub fn is_empty(&self) -> bool {
        self.cols.len() == 0
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
        self.entities.iter().map(|e| &**e)
    }

    /// The entities that have an observation of `metric`, alphabetically.
    ///
    /// # Errors
    ///
    /// [`QueryError::NoSuchMetric`], with the nearest id, if the metric is
    /// unknown.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let e = ds.entities_of("biomedicine_market_size")?;
    /// assert_eq!(e, ["china"]);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn entities_of(&self, metric: &str) -> Result<Vec<&str>, Error> {
        let m = self.metric_index(metric)?;
        Ok(self.series_entity[self.metric_series_range(m)].iter().map(|&e| &*self.entities[e as usize]).collect())
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
    /// each with its sources.
    ///
    /// # Errors
    ///
    /// As [`Dataset::series_with`] with the default options; in particular
    /// [`QueryError::Conflict`] if two sources disagree about a period (see
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
    /// # Errors
    ///
    /// - [`QueryError::NoSuchMetric`] for an unknown metric,
    ///   [`QueryError::NoSuchEntity`] for an entity with no observation at all,
    ///   [`QueryError::NoSuchSource`] for an unknown
    ///   [`SeriesOptions::only_source`] id (each with the nearest id).
    /// - [`QueryError::NoSuchSeries`] if no observation of the metric and
    ///   entity is left after the options' filters.
    /// - [`QueryError::Conflict`] for a period where sources state figures that
    ///   cannot all be true and the options give no rule to settle it.
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
            .filter(|o| opts.known(o.source))
            .collect();
        if rows.is_empty() {
            return Err(none());
        }
        Ok(Series::from_observations(&self.metrics[m as usize], entity, &rows, opts.resolution())?
            .known_on(opts.as_of_date()))
    }

    /// Every place where sources disagree: a metric, entity, period and
    /// status with two or more figures that cannot all be true ("21" and
    /// "19"; "more than 70" and "68"), each value with the sources that
    /// state it. Figures that differ but can all be true ("68" and "at
    /// least 32") are not conflicts: see [`Dataset::agreements`]. The rule,
    /// and how `approx` counts, is in the codebook ("Conflicts").
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// for c in ds.conflicts() {
    ///     println!("{c}");
    /// }
    /// assert!(ds.conflicts().iter().any(|c| c.metric == "innovative_device_approvals"));
    /// ```
    pub fn conflicts(&self) -> Vec<Conflict> {
        self.differing(false)
    }

    /// Every place where sources state different figures that can all be
    /// true: a bound and an exact figure within it ("68" and "at least 32"),
    /// or bounds that overlap. A series settles each to the exact figure
    /// (else an approximate one, else the tightest bound) and records that
    /// as a [`Resolution`](crate::Resolution) with rule
    /// [`Resolve::BoundsAgree`](crate::Resolve::BoundsAgree).
    ///
    /// ```
    /// use biopharma_stats::{Resolve, SeriesOptions};
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let a = ds.agreements();
    /// assert!(a.iter().any(|c| c.metric == "innovative_device_designations"));
    /// // 2018 conflicts (45 vs 50) and needs a rule; 2022 (68, at least 32) agrees.
    /// let latest = SeriesOptions::new().resolve(Resolve::LatestPublication);
    /// let s = ds.series_with("innovative_device_designations", "china", &latest)?;
    /// assert_eq!(s.year(2022).map(|p| p.value.value), Some(68.0));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn agreements(&self) -> Vec<Conflict> {
        self.differing(true)
    }

    /// The places with two or more distinct figures: those that agree
    /// (`agreeing`) or those that conflict.
    fn differing(&self, agreeing: bool) -> Vec<Conflict> {
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
            let distinct: Vec<Value> = values.iter().map(|(v, _)| *v).collect();
            if values.len() > 1 && agree::all_can_be_true(&distinct) == agreeing {
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

/// Sources that state different figures for one metric, entity, period
/// and status: a conflict ([`Dataset::conflicts`]) when the figures cannot
/// all be true, an agreement ([`Dataset::agreements`]) when they can.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[non_exhaustive]
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
        // "vs" between figures that cannot all be true, "and" between those that agree.
        let values: Vec<Value> = self.values.iter().map(|(v, _)| *v).collect();
        let sep = if agree::all_can_be_true(&values) { " and " } else { " vs " };
        for (i, (v, ids)) in self.values.iter().enumerate() {
            let ids: Vec<&str> = ids.iter().map(SourceId::as_str).collect();
            write!(f, "{}{v} ({})", if i > 0 { sep } else { "" }, ids.join(", "))?;
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
/// file order, or an error if a metric, entity or source id is unknown (a
/// typo never silently yields nothing).
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
    ///
    /// # Errors
    ///
    /// [`QueryError::NoSuchMetric`], [`QueryError::NoSuchEntity`] or
    /// [`QueryError::NoSuchSource`] (with the nearest id) for an unknown
    /// metric, entity or source: a typo is never an empty result.
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Error, QueryError};
    /// let ds = Dataset::embedded();
    /// let rows = ds.query().metric("biomedicine_market_size").entity("china").period_within(2016, 2019).run()?;
    /// let values: Vec<f64> = rows.iter().map(|o| o.value.value).collect();
    /// assert_eq!(values, [183.6, 317.2]);
    /// let typo = ds.query().entity("China").run();
    /// assert!(matches!(typo, Err(Error::Query(QueryError::NoSuchEntity { .. }))));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
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
