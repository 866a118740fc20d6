//! The dataset as Arrow record batches and Parquet files.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, DictionaryArray, Float64Array, Int32Array, RecordBatch, StringArray, UInt32Array};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::data::dataset::Dataset;
use crate::data::load::{METRIC_HEADER_RATE, SOURCE_HEADER, UNIT_HEADER};
use crate::data::parquet::OBSERVATION_COLUMNS;
use crate::error::Error;
use crate::vocab::period::Period;
use crate::vocab::value::{Qualifier, Status, Unit};

/// The type of every dictionary-encoded string column.
pub(crate) fn dict_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// A dictionary column: row `i` is `values[keys[i]]`.
pub(crate) fn dict_column<'v>(keys: Vec<i32>, values: impl IntoIterator<Item = &'v str>) -> Result<ArrayRef, Error> {
    let values: StringArray = values.into_iter().map(Some).collect();
    let array = DictionaryArray::<Int32Type>::try_new(Int32Array::from(keys), Arc::new(values))
        .map_err(|e| arrow_error("a dictionary column", e))?;
    Ok(Arc::new(array))
}

/// An Arrow error while building or writing a table: the columns are built
/// consistently, so this would be a bug; it is reported, not panicked on.
pub(crate) fn arrow_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Io { path: PathBuf::from(what), source: std::io::Error::other(e.to_string()) }
}

/// A key as `i32`; dictionaries here are far smaller than `i32::MAX`
/// (ids and periods are indexed by `u32`, years are four-digit).
fn key(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}

/// The distinct units of the metrics, in order of first use, and each
/// metric's key into that list: a unit column's dictionary, which holds
/// unit ids (a built-in or a declared unit's) as strings.
fn unit_dictionary(metrics: &[crate::vocab::metric::Metric]) -> (Vec<Unit>, Vec<i32>) {
    let mut units: Vec<Unit> = Vec::new();
    let keys = metrics
        .iter()
        .map(|m| {
            let k = units.iter().position(|&u| u == m.unit).unwrap_or_else(|| {
                units.push(m.unit);
                units.len() - 1
            });
            key(k)
        })
        .collect();
    (units, keys)
}

/// Writes one record batch to a Parquet file at `path`, snappy-compressed.
pub(crate) fn write_batch(path: &Path, batch: &RecordBatch) -> Result<(), Error> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let file = File::create(path).map_err(io)?;
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut w = ArrowWriter::try_new(BufWriter::new(file), batch.schema(), Some(props))
        .map_err(|e| io(std::io::Error::other(e)))?;
    w.write(batch).map_err(|e| io(std::io::Error::other(e)))?;
    w.close().map_err(|e| io(std::io::Error::other(e)))?;
    Ok(())
}

impl Dataset {
    /// The observations as one Arrow record batch, with the columns of
    /// observations.parquet: `metric`, `entity`, `period` (dictionary-encoded
    /// strings, the period as written), `start_year` and `end_year`
    /// (`Int32`), `value` (`Float64`), `qualifier`, `unit`, `status`,
    /// `source` (dictionary-encoded), `quote`, `note` (strings, empty when
    /// the CSV field is) and `file_order` (`UInt32`). No column has nulls.
    ///
    /// The rows are in the dataset's own order, by metric (in the order of
    /// metrics.csv), entity id, status, period and source (in the order of
    /// sources.csv), so each series is a run of rows: engines that skip row
    /// groups by their statistics skip more, and [`Dataset::from_dir`]
    /// reads such a file without sorting it. `file_order` is each row's
    /// place in file order (0 for the first row of observations.csv);
    /// sorting by it gives the file's order back.
    ///
    /// ```
    /// use arrow_array::cast::AsArray;
    /// use arrow_array::types::UInt32Type;
    ///
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let batch = ds.to_record_batch()?;
    /// assert_eq!(batch.num_rows(), ds.len());
    /// assert_eq!(batch.schema().field(5).name(), "value");
    /// // The first row of observations.csv, wherever it sits in the batch:
    /// let order = batch.column(12).as_primitive::<UInt32Type>();
    /// let first = order.values().iter().position(|&k| k == 0).unwrap();
    /// let value = batch.column(5).as_primitive::<arrow_array::types::Float64Type>().value(first);
    /// assert_eq!(value, ds.observations().next().unwrap().value.value);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Io`] only if Arrow rejected the columns, which would be a
    /// bug in this crate.
    pub fn to_record_batch(&self) -> Result<RecordBatch, Error> {
        let c = &self.cols;
        let n = self.len();
        let rows = || 0..n;
        let mut file_order = vec![0u32; n];
        for (k, &p) in self.file_pos.iter().enumerate() {
            file_order[p as usize] = k as u32;
        }
        let mut periods: Vec<Period> = Vec::new();
        let mut period_ix: HashMap<Period, i32> = HashMap::new();
        let period_keys: Vec<i32> = rows()
            .map(|i| {
                *period_ix.entry(c.period[i]).or_insert_with(|| {
                    periods.push(c.period[i]);
                    key(periods.len() - 1)
                })
            })
            .collect();
        let period_text: Vec<String> = periods.iter().map(Period::to_string).collect();
        let (units, unit_of_metric) = unit_dictionary(&self.metrics);
        let mut quote: Vec<&str> = Vec::with_capacity(n);
        let mut note: Vec<&str> = Vec::with_capacity(n);
        for i in rows() {
            quote.push(c.text_of(c.quote[i]));
            note.push(c.text_of(c.note[i]));
        }
        let columns: Vec<ArrayRef> = vec![
            dict_column(
                rows().map(|i| key(c.metric[i] as usize)).collect(),
                self.metrics.iter().map(|m| m.id.as_str()),
            )?,
            dict_column(rows().map(|i| key(c.entity[i] as usize)).collect(), self.entities.iter().map(|e| &**e))?,
            dict_column(period_keys, period_text.iter().map(String::as_str))?,
            Arc::new(Int32Array::from_iter_values(rows().map(|i| c.period[i].start()))),
            Arc::new(Int32Array::from_iter_values(rows().map(|i| c.period[i].end()))),
            Arc::new(Float64Array::from_iter_values(rows().map(|i| c.value[i]))),
            dict_column(rows().map(|i| c.qualifier[i] as i32).collect(), Qualifier::ALL.map(Qualifier::as_str))?,
            dict_column(rows().map(|i| unit_of_metric[c.metric[i] as usize]).collect(), units.iter().map(|u| u.id()))?,
            dict_column(rows().map(|i| c.status[i] as i32).collect(), Status::ALL.map(Status::as_str))?,
            dict_column(
                rows().map(|i| key(c.source[i] as usize)).collect(),
                self.sources.iter().map(|s| s.id.as_str()),
            )?,
            Arc::new(StringArray::from(quote)),
            Arc::new(StringArray::from(note)),
            Arc::new(UInt32Array::from(file_order)),
        ];
        let types = [
            dict_type(),
            dict_type(),
            dict_type(),
            DataType::Int32,
            DataType::Int32,
            DataType::Float64,
            dict_type(),
            dict_type(),
            dict_type(),
            dict_type(),
            DataType::Utf8,
            DataType::Utf8,
            DataType::UInt32,
        ];
        let fields: Vec<Field> =
            OBSERVATION_COLUMNS.iter().zip(types).map(|(name, t)| Field::new(*name, t, false)).collect();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(|e| arrow_error("observations", e))
    }

    /// The metrics as an Arrow record batch with the columns of
    /// metrics.csv: `unit` and `kind` dictionary-encoded, the rest strings.
    fn metrics_batch(&self) -> Result<RecordBatch, Error> {
        let m = &self.metrics;
        let (units, unit_of_metric) = unit_dictionary(m);
        let text = |f: fn(&crate::vocab::metric::Metric) -> &str| -> ArrayRef {
            Arc::new(m.iter().map(|x| Some(f(x))).collect::<StringArray>())
        };
        let columns: Vec<ArrayRef> = vec![
            text(|x| x.id.as_str()),
            text(|x| &x.name),
            text(|x| &x.description),
            dict_column(unit_of_metric, units.iter().map(|u| u.id()))?,
            dict_column(
                m.iter().map(|x| x.kind as i32).collect(),
                crate::vocab::metric::MetricKind::ALL.map(crate::vocab::metric::MetricKind::as_str),
            )?,
            text(|x| &x.definition),
            // The level metric a stated rate describes; null for the others.
            Arc::new(m.iter().map(|x| x.rate_of.as_ref().map(|r| r.as_str())).collect::<StringArray>()),
        ];
        let fields: Vec<Field> = METRIC_HEADER_RATE
            .iter()
            .zip(&columns)
            .map(|(name, col)| Field::new(*name, col.data_type().clone(), *name == "rate_of"))
            .collect();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(|e| arrow_error("metrics", e))
    }

    /// The sources as an Arrow record batch with the columns of
    /// sources.csv, all strings; `author` and `url` are null where absent.
    fn sources_batch(&self) -> Result<RecordBatch, Error> {
        let s = &self.sources;
        let published: Vec<String> = s.iter().map(|x| x.published.to_string()).collect();
        let columns: Vec<ArrayRef> = vec![
            Arc::new(s.iter().map(|x| Some(x.id.as_str())).collect::<StringArray>()),
            Arc::new(s.iter().map(|x| Some(x.publisher.as_str())).collect::<StringArray>()),
            Arc::new(s.iter().map(|x| Some(x.title.as_str())).collect::<StringArray>()),
            Arc::new(s.iter().map(|x| x.author.as_deref()).collect::<StringArray>()),
            Arc::new(published.iter().map(|p| Some(p.as_str())).collect::<StringArray>()),
            Arc::new(s.iter().map(|x| x.url.as_deref()).collect::<StringArray>()),
            Arc::new(s.iter().map(|x| Some(x.note.as_str())).collect::<StringArray>()),
        ];
        let fields: Vec<Field> = SOURCE_HEADER
            .iter()
            .map(|name| Field::new(*name, DataType::Utf8, matches!(*name, "author" | "url")))
            .collect();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(|e| arrow_error("sources", e))
    }

    /// The declared units as an Arrow record batch with the columns of
    /// units.csv, all strings; `scale` as units.csv writes it.
    fn units_batch(&self) -> Result<RecordBatch, Error> {
        let u: Vec<Unit> = self.units().collect();
        let scale: Vec<String> = u.iter().map(|x| x.scale().to_string()).collect();
        let columns: Vec<ArrayRef> = vec![
            Arc::new(u.iter().map(|x| Some(x.id())).collect::<StringArray>()),
            Arc::new(u.iter().map(|x| Some(x.label())).collect::<StringArray>()),
            Arc::new(u.iter().map(|x| Some(x.quantity())).collect::<StringArray>()),
            Arc::new(scale.iter().map(|s| Some(s.as_str())).collect::<StringArray>()),
        ];
        let fields: Vec<Field> = UNIT_HEADER.iter().map(|name| Field::new(*name, DataType::Utf8, false)).collect();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(|e| arrow_error("units", e))
    }

    /// Writes `observations.parquet`, `metrics.parquet` and
    /// `sources.parquet` into `dir` (which must exist), snappy-compressed,
    /// with the columns of [`Dataset::to_record_batch`] and of metrics.csv
    /// and sources.csv; and `units.parquet` (the columns of units.csv) when
    /// the dataset declares units (see [`Dataset::units`]) or `dir` already
    /// holds a units.parquet, as [`Dataset::write_dir`] does for units.csv.
    /// Unit columns hold unit ids, built-in or declared. [`Dataset::from_dir`] reads them back to an equal
    /// dataset, and Polars, DuckDB, DataFusion or Spark read them as they
    /// are.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("bps-doc-pq-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let ds = biopharma_stats::Dataset::embedded();
    /// ds.write_parquet(&dir)?;
    /// assert_eq!(&biopharma_stats::Dataset::from_dir(&dir)?, ds);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if a file cannot be created or written.
    pub fn write_parquet(&self, dir: impl AsRef<Path>) -> Result<(), Error> {
        let dir = dir.as_ref();
        write_batch(&dir.join("observations.parquet"), &self.to_record_batch()?)?;
        write_batch(&dir.join("metrics.parquet"), &self.metrics_batch()?)?;
        write_batch(&dir.join("sources.parquet"), &self.sources_batch()?)?;
        let units_path = dir.join("units.parquet");
        if self.units().len() > 0 || units_path.exists() {
            write_batch(&units_path, &self.units_batch()?)?;
        }
        Ok(())
    }
}
