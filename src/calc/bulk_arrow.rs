//! [`Bulk`] results as Arrow record batches and Parquet files (feature
//! `parquet`), built from `Bulk`'s public accessors only.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int32Array, RecordBatch};
use arrow_schema::{DataType, Field, Schema};

use crate::calc::bulk::{Bulk, PointStatus};
use crate::data::parquet::write::{arrow_error, dict_column, dict_type, write_batch};
use crate::error::Error;
use crate::vocab::period::Period;

/// A dictionary column of statuses, each written as its snake_case word.
fn status_column(statuses: impl Iterator<Item = PointStatus>) -> Result<ArrayRef, Error> {
    let mut words: Vec<&'static str> = Vec::new();
    let mut ix: HashMap<&'static str, i32> = HashMap::new();
    let keys = statuses
        .map(|s| {
            *ix.entry(s.as_str()).or_insert_with(|| {
                words.push(s.as_str());
                (words.len() - 1) as i32
            })
        })
        .collect();
    dict_column(keys, words)
}

/// A number that is null where its status says it was not computed.
fn numbers(values: &[f64], statuses: &[PointStatus]) -> ArrayRef {
    Arc::new(values.iter().zip(statuses).map(|(&v, s)| s.is_ok().then_some(v)).collect::<Float64Array>())
}

/// Dictionary keys for the metric and entity of every series, repeated
/// `times(series)` times.
struct Ids<'a> {
    metric_keys: Vec<i32>,
    metric_values: Vec<&'a str>,
    entity_keys: Vec<i32>,
    entity_values: Vec<&'a str>,
}

impl<'a> Ids<'a> {
    fn new() -> Self {
        Ids { metric_keys: Vec::new(), metric_values: Vec::new(), entity_keys: Vec::new(), entity_values: Vec::new() }
    }

    fn push(
        &mut self,
        ix: &mut (HashMap<&'a str, i32>, HashMap<&'a str, i32>),
        metric: &'a str,
        entity: &'a str,
        n: usize,
    ) {
        let m = *ix.0.entry(metric).or_insert_with(|| {
            self.metric_values.push(metric);
            (self.metric_values.len() - 1) as i32
        });
        let e = *ix.1.entry(entity).or_insert_with(|| {
            self.entity_values.push(entity);
            (self.entity_values.len() - 1) as i32
        });
        self.metric_keys.extend(std::iter::repeat_n(m, n));
        self.entity_keys.extend(std::iter::repeat_n(e, n));
    }

    fn columns(self) -> Result<[ArrayRef; 2], Error> {
        Ok([dict_column(self.metric_keys, self.metric_values)?, dict_column(self.entity_keys, self.entity_values)?])
    }
}

impl Bulk<'_> {
    /// The computed points as one Arrow record batch, one row per point in
    /// series order: `metric`, `entity`, `period` (dictionary-encoded
    /// strings, the period as written), `value`, `change` (from the
    /// previous year, a fraction), `change_status`, `share` (of the
    /// metric's yearly total, a fraction) and `share_status`. A number is
    /// null where its status is not `ok` (the status says why), and
    /// `value` is null for a point whose sources disagree.
    ///
    /// ```
    /// let bulk = biopharma_stats::Dataset::embedded().bulk();
    /// let batch = bulk.to_record_batch()?;
    /// assert_eq!(batch.num_rows(), bulk.len());
    /// assert_eq!(batch.schema().field(4).name(), "change");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Io`] only if Arrow rejected the columns, which would be a
    /// bug in this crate.
    pub fn to_record_batch(&self) -> Result<RecordBatch, Error> {
        let mut ix = (HashMap::new(), HashMap::new());
        let mut ids = Ids::new();
        let mut period_ix: HashMap<Period, i32> = HashMap::new();
        let mut period_text: Vec<String> = Vec::new();
        let mut period_keys = Vec::with_capacity(self.len());
        let mut values = Vec::with_capacity(self.len());
        for s in self.iter() {
            ids.push(&mut ix, s.metric().id.as_str(), s.entity(), s.periods().len());
            for &p in s.periods() {
                period_keys.push(*period_ix.entry(p).or_insert_with(|| {
                    period_text.push(p.to_string());
                    (period_text.len() - 1) as i32
                }));
            }
            values.extend(s.values().iter().map(|&v| v.is_finite().then_some(v)));
        }
        let [metric, entity] = ids.columns()?;
        let columns: Vec<ArrayRef> = vec![
            metric,
            entity,
            dict_column(period_keys, period_text.iter().map(String::as_str))?,
            Arc::new(Float64Array::from(values)),
            numbers(self.pct_change(), self.pct_status()),
            status_column(self.pct_status().iter().copied())?,
            numbers(self.shares(), self.share_status()),
            status_column(self.share_status().iter().copied())?,
        ];
        let fields = [
            ("metric", dict_type(), false),
            ("entity", dict_type(), false),
            ("period", dict_type(), false),
            ("value", DataType::Float64, true),
            ("change", DataType::Float64, true),
            ("change_status", dict_type(), false),
            ("share", DataType::Float64, true),
            ("share_status", dict_type(), false),
        ]
        .map(|(n, t, null)| Field::new(n, t, null));
        RecordBatch::try_new(Arc::new(Schema::new(fields.to_vec())), columns).map_err(|e| arrow_error("bulk points", e))
    }

    /// Each series' CAGR as an Arrow record batch, one row per series:
    /// `metric`, `entity`, `first_year` and `last_year` (`Int32`, the first
    /// and last year points the CAGR spans; null without year points),
    /// `cagr` (a fraction, null where `cagr_status` is not `ok`) and
    /// `cagr_status`.
    ///
    /// ```
    /// let bulk = biopharma_stats::Dataset::embedded().bulk();
    /// let batch = bulk.cagr_record_batch()?;
    /// assert_eq!(batch.num_rows(), bulk.series_count());
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Io`] only if Arrow rejected the columns, which would be a
    /// bug in this crate.
    pub fn cagr_record_batch(&self) -> Result<RecordBatch, Error> {
        let mut ix = (HashMap::new(), HashMap::new());
        let mut ids = Ids::new();
        let (mut first, mut last, mut cagr, mut status) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for s in self.iter() {
            ids.push(&mut ix, s.metric().id.as_str(), s.entity(), 1);
            let year = |p: &Period| match p {
                Period::Year(y) => Some(*y),
                Period::Span(_) => None,
            };
            first.push(s.periods().iter().find_map(year));
            last.push(s.periods().iter().rev().find_map(year));
            cagr.push(s.cagr_status().is_ok().then_some(s.cagr()));
            status.push(s.cagr_status());
        }
        let [metric, entity] = ids.columns()?;
        let columns: Vec<ArrayRef> = vec![
            metric,
            entity,
            Arc::new(Int32Array::from(first)),
            Arc::new(Int32Array::from(last)),
            Arc::new(Float64Array::from(cagr)),
            status_column(status.into_iter())?,
        ];
        let fields = [
            ("metric", dict_type(), false),
            ("entity", dict_type(), false),
            ("first_year", DataType::Int32, true),
            ("last_year", DataType::Int32, true),
            ("cagr", DataType::Float64, true),
            ("cagr_status", dict_type(), false),
        ]
        .map(|(n, t, null)| Field::new(n, t, null));
        RecordBatch::try_new(Arc::new(Schema::new(fields.to_vec())), columns).map_err(|e| arrow_error("bulk cagr", e))
    }

    /// Writes [`Bulk::to_record_batch`] to the Parquet file `path` and
    /// [`Bulk::cagr_record_batch`] beside it, named after it with `_cagr`
    /// added to the file stem (`bulk.parquet` → `bulk_cagr.parquet`);
    /// returns the second path.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("bps-doc-bulk-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let cagr = biopharma_stats::Dataset::embedded().bulk().write_parquet(dir.join("bulk.parquet"))?;
    /// assert_eq!(cagr, dir.join("bulk_cagr.parquet"));
    /// assert!(cagr.exists());
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if a file cannot be created or written.
    pub fn write_parquet(&self, path: impl AsRef<Path>) -> Result<PathBuf, Error> {
        let path = path.as_ref();
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let cagr_path = path.with_file_name(format!("{stem}_cagr.parquet"));
        write_batch(path, &self.to_record_batch()?)?;
        write_batch(&cagr_path, &self.cagr_record_batch()?)?;
        Ok(cagr_path)
    }
}
