//! Parquet files read into a [`Dataset`] with the CSV loader's checks.
//!
//! units.parquet (optional), metrics.parquet and sources.parquet are
//! small: each row is handed to the loader's own row check
//! (`UnitRows::push`, `MetricRows::push`, `SourceRows::push`) as a record
//! of text fields. observations.parquet is read by columns: each
//! distinct text of a dictionary column (an id, a period, a word) is
//! checked once and mapped to the store's index, then every row is one
//! array read per column, and rows already in the store's order (as
//! `write_parquet` writes them) go straight into the store's columns
//! (`Staging`), with no sort. The first row that fails any check is handed to
//! the loader's full row check (`load::observation_error`), so the error,
//! its kind and its column are the ones the CSV loader gives for the same
//! row, with a row number where CSV has a line.

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, Int64Type, UInt32Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder,
};

use crate::data::dataset::Dataset;
use crate::data::load::{
    self, METRIC_HEADER_RATE, MetricRows, SOURCE_HEADER, SourceRows, UNIT_HEADER, UnitRows, UnitTable, ValueRule,
};
use crate::data::parquet::{Dict, FILE_ORDER, OBSERVATION_COLUMNS, Strs, as_rows};
use crate::data::store::{FileOrder, Parts, RowBatch, Staging, TextRef};
use crate::error::Error;
use crate::vocab::error::Location;
use crate::vocab::metric::Metric;
use crate::vocab::period::Period;
use crate::vocab::value::{Qualifier, Status, Unit};
use crate::{LoadError, ParseError};

/// Rows per record batch: large enough that per-batch work (checking a
/// dictionary's texts) is negligible, small enough that a batch's buffers
/// stay in cache, and each (4,096 string views of 16 bytes: 64 KiB) below
/// glibc's initial 128 KiB mmap threshold, so the allocator reuses them
/// rather than mapping and unmapping fresh pages for every batch (8,192
/// rows measured 0.32× the CSV load in the paired bench, this 0.27×).
const BATCH: usize = 1 << 12;

fn parquet_error(file: &str, row: Option<u64>, column: Option<&str>, message: impl std::fmt::Display) -> Error {
    Error::Load(LoadError::Parquet {
        file: file.to_owned(),
        row,
        column: column.map(str::to_owned),
        message: message.to_string(),
    })
}

/// Opens a Parquet file and checks that its columns are exactly `columns`,
/// in that order (else [`LoadError::BadHeader`], as for a CSV header), or,
/// if `optional_last` and the file has no column of that name, `columns`
/// without its last; returns the reader, the number of rows the footer
/// declares and the columns the file has.
///
/// The columns named in `views` are read as string views where they hold
/// strings (`Utf8View`: short texts inline, longer ones pointing into the
/// decoded page) rather than copied into a string array, since the reader
/// copies them once more into the dataset's own text arena anyway.
fn open(
    path: &Path,
    file: &str,
    columns: &'static [&'static str],
    optional_last: bool,
    views: &[&str],
) -> Result<(ParquetRecordBatchReader, usize, &'static [&'static str]), Error> {
    let f = File::open(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let meta = ArrowReaderMetadata::load(&f, ArrowReaderOptions::new())
        .map_err(|e| parquet_error(file, None, None, format!("not a readable Parquet file: {e}")))?;
    let found: Vec<&str> = meta.schema().fields().iter().map(|f| f.name().as_str()).collect();
    let columns = match columns.split_last() {
        Some((last, rest)) if optional_last && !found.contains(last) => rest,
        _ => columns,
    };
    if found != columns {
        return Err(Error::Load(LoadError::BadHeader {
            file: file.to_owned(),
            expected: columns.join(","),
            found: found.join(","),
        }));
    }
    let hinted: Vec<Field> = meta
        .schema()
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 if views.contains(&f.name().as_str()) => {
                f.as_ref().clone().with_data_type(DataType::Utf8View)
            }
            _ => f.as_ref().clone(),
        })
        .collect();
    // A hint the file's types cannot take leaves the file's own types, and
    // the column checks below name any that are wrong.
    let meta = if hinted.iter().zip(meta.schema().fields()).any(|(h, f)| h.data_type() != f.data_type()) {
        let options = ArrowReaderOptions::new().with_schema(Arc::new(Schema::new(hinted)));
        ArrowReaderMetadata::try_new(Arc::clone(meta.metadata()), options).unwrap_or(meta)
    } else {
        meta
    };
    let rows = usize::try_from(meta.metadata().file_metadata().num_rows()).unwrap_or(0);
    let rdr = ParquetRecordBatchReaderBuilder::new_with_metadata(f, meta)
        .with_batch_size(BATCH)
        .build()
        .map_err(|e| parquet_error(file, None, None, e))?;
    Ok((rdr, rows, columns))
}

/// Every batch of a file, with the 1-based row of its first row; a batch
/// that does not decode is an error at the first row it would have held.
fn batches(
    rdr: ParquetRecordBatchReader,
    file: &str,
) -> impl Iterator<Item = Result<(u64, RecordBatch), Error>> + use<'_> {
    let mut next_row = 1u64;
    rdr.map(move |b| {
        let first = next_row;
        match b {
            Ok(b) => {
                next_row += b.num_rows() as u64;
                Ok((first, b))
            }
            Err(e) => Err(parquet_error(file, Some(first), None, format!("the data does not decode: {e}"))),
        }
    })
}

/// A column of strings (plain or dictionary-encoded), or an error naming it.
fn dict<'a>(b: &'a RecordBatch, col: usize, file: &str, columns: &[&'static str]) -> Result<Dict<'a>, Error> {
    Dict::of(b.column(col).as_ref()).ok_or_else(|| wrong_type(b, col, file, columns, "strings"))
}

fn wrong_type(b: &RecordBatch, col: usize, file: &str, columns: &[&'static str], expected: &str) -> Error {
    parquet_error(
        file,
        None,
        columns.get(col).copied(),
        format!("column is {}, expected {expected}", b.column(col).data_type()),
    )
}

/// Reads a table of text columns, opened with `columns`, through a loader
/// row check.
fn read_text_table(
    rdr: ParquetRecordBatchReader,
    file: &str,
    columns: &[&'static str],
    mut push: impl FnMut(&str, u64, &csv::ByteRecord) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut rec = csv::ByteRecord::new();
    for b in batches(rdr, file) {
        let (first, b) = b?;
        let cols = (0..columns.len()).map(|c| dict(&b, c, file, columns)).collect::<Result<Vec<_>, _>>()?;
        for i in 0..b.num_rows() {
            rec.clear();
            for c in &cols {
                rec.push_field(c.get(i).unwrap_or_default().as_bytes());
            }
            push(file, first + i as u64, &rec).map_err(as_rows)?;
        }
    }
    Ok(())
}

impl Dataset {
    /// Loads `observations.parquet`, `metrics.parquet`,
    /// `sources.parquet` and, if there is one, `units.parquet` (the
    /// declared units, as units.csv declares them) from a directory, as
    /// written by
    /// [`Dataset::write_parquet`] (or by any tool, with the same columns:
    /// ids and words as strings, plain or dictionary-encoded, `start_year`
    /// and `end_year` as `Int32`, `value` as `Float64`, and `file_order` as
    /// `UInt32` or `Int64`, or left out). [`Dataset::from_dir`] calls this
    /// when a directory has observations.parquet and no observations.csv.
    ///
    /// Rows may come in any order: each goes to its place in file order
    /// (`file_order`; without it, the file's row order is the file order).
    /// Rows in the order `write_parquet` writes them load without a sort.
    ///
    /// Every check of the CSV loader applies (value rules and declared
    /// units included), with the same errors; their
    /// [`Location`] counts rows ([`Counted::Row`](crate::Counted::Row),
    /// the first row of data being row 1) where CSV counts lines.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("bps-doc-pqdir-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let ds = biopharma_stats::Dataset::embedded();
    /// ds.write_parquet(&dir)?;
    /// assert_eq!(&biopharma_stats::Dataset::from_parquet_dir(&dir)?, ds);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if a file cannot be opened; [`LoadError::BadHeader`]
    /// if a file's columns are not the expected ones, in order;
    /// [`LoadError::Parquet`] for a column of the wrong type or bytes that
    /// do not decode (a truncated or corrupt file); and every error of the
    /// CSV loader, at a row and column, for the values.
    pub fn from_parquet_dir(dir: impl AsRef<Path>) -> Result<Dataset, Error> {
        from_dir(dir.as_ref())
    }
}

/// Reads `units.parquet` (if any), `metrics.parquet`, `sources.parquet`
/// and `observations.parquet` from `dir`.
fn from_dir(dir: &Path) -> Result<Dataset, Error> {
    let name = |f: &str| (dir.join(f), dir.join(f).display().to_string());
    let mut u = UnitRows::default();
    let (units_path, file) = name("units.parquet");
    if units_path.exists() {
        let (rdr, _, cols) = open(&units_path, &file, &UNIT_HEADER, false, &[])?;
        read_text_table(rdr, &file, cols, |f, r, rec| u.push(f, r, rec))?;
    }
    let units = u.table;
    // write_parquet writes the optional rate_of column (null where a metric
    // states no rate); a file without it loads as a six-column metrics.csv.
    let (metrics_path, file) = name("metrics.parquet");
    let (rdr, _, header) = open(&metrics_path, &file, &METRIC_HEADER_RATE, true, &[])?;
    let mut m = MetricRows::new(header);
    read_text_table(rdr, &file, header, |f, r, rec| m.push(f, r, rec, &units))?;
    let (metrics, index) = m.finish(&file).map_err(as_rows)?;
    let mut s = SourceRows::default();
    let (sources_path, file) = name("sources.parquet");
    let (rdr, _, cols) = open(&sources_path, &file, &SOURCE_HEADER, false, &[])?;
    read_text_table(rdr, &file, cols, |f, r, rec| s.push(f, r, rec))?;
    read_observations(&dir.join("observations.parquet"), (metrics, index), (s.sources, s.index), units)
}

/// A dictionary slot not looked at yet.
const UNSEEN: u32 = u32::MAX;
/// A dictionary slot whose text fails its check.
const BAD: u32 = u32::MAX - 1;

/// Resolves each row of a dictionary column to the store's index (`BAD`
/// where its text fails `check`) into `out`, checking each distinct text
/// once, in order of first use; returns the resolved rows.
fn resolve<'o, 'a>(
    d: &Dict<'a>,
    cache: &mut [u32],
    out: &'o mut Vec<u32>,
    mut check: impl FnMut(Option<&'a str>) -> Option<u32>,
) -> &'o [u32] {
    out.clear();
    out.extend(d.keys.iter().map(|&k| match cache.get(k) {
        Some(&UNSEEN) => {
            let v = check(d.values.get(k).copied().flatten()).unwrap_or(BAD);
            cache[k] = v;
            v
        }
        Some(&v) => v,
        None => BAD,
    }));
    out
}

/// Reads observations.parquet against already-read metrics and sources.
fn read_observations(
    path: &Path,
    metrics: (Vec<Metric>, HashMap<String, u32>),
    sources: (Vec<crate::vocab::source::Source>, HashMap<String, u32>),
    units: UnitTable,
) -> Result<Dataset, Error> {
    let (metrics, metric_ix) = metrics;
    let (sources, source_ix) = sources;
    let file = path.display().to_string();
    // write_parquet writes the rows in the store's order with their place
    // in file order (`file_order`, the last column); a file without that
    // column is read as being in file order.
    let rules: Vec<ValueRule> = metrics.iter().map(ValueRule::of).collect();
    // The distinct units the file names, in order of first sighting; a
    // unit slot's cache holds an index here.
    let mut unit_list: Vec<Unit> = Vec::new();
    let (rdr, declared_rows, columns) = open(path, &file, &OBSERVATION_COLUMNS, true, &["quote", "note"])?;
    let ordered = columns.len() == OBSERVATION_COLUMNS.len();
    let mut entities: Vec<Box<str>> = Vec::new();
    let mut entity_ix: HashMap<Box<str>, u32> = HashMap::new();
    let mut periods: Vec<Period> = Vec::new();
    // The footer's row count sizes the staging once. A corrupt count
    // changes only that first reservation, which may fail without harm:
    // rows are pushed as they are read.
    let mut staged = Staging::with_capacity(declared_rows.min(load::MAX_ROWS));
    let mut file_order: Vec<u32> = Vec::new();
    // Quotes and notes, back to back: bytes of Arrow string arrays, which
    // are UTF-8, so the arena is too (checked once, at the end).
    let mut text: Vec<u8> = Vec::new();
    let mut text_reserved = false;
    let too_much_text =
        |row| parquet_error(&file, Some(row), None, "more than 4 GiB of quote and note text; split the file");
    // A batch's columns, resolved to the store's indexes and types; reused
    // from batch to batch.
    let (mut col_metric, mut col_entity, mut col_period_ix, mut col_qualifier_ix) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut col_unit, mut col_status_ix, mut col_source) = (Vec::new(), Vec::new(), Vec::new());
    let (mut col_quote, mut col_note): (Vec<TextRef>, Vec<TextRef>) = (Vec::new(), Vec::new());
    let (mut col_status, mut col_period, mut col_qualifier): (Vec<Status>, Vec<Period>, Vec<Qualifier>) =
        Default::default();

    for b in batches(rdr, &file) {
        let (first, b) = b?;
        let n = b.num_rows();
        if !text_reserved && staged.len() > 0 {
            // Size the text arena from the first batch's bytes per row.
            text_reserved = true;
            let per_row = text.len() / staged.len() + 1;
            let rest = declared_rows.saturating_sub(staged.len());
            let _room_or_not = text.try_reserve_exact(per_row.saturating_mul(rest) / 16 * 17);
        }
        let order = if ordered { Some(OrderColumn::of(&b, &file, columns)?) } else { None };
        let dm = dict(&b, 0, &file, columns)?;
        let de = dict(&b, 1, &file, columns)?;
        let dp = dict(&b, 2, &file, columns)?;
        let dq = dict(&b, 6, &file, columns)?;
        let du = dict(&b, 7, &file, columns)?;
        let ds = dict(&b, 8, &file, columns)?;
        let dsrc = dict(&b, 9, &file, columns)?;
        let start =
            b.column(3).as_primitive_opt::<Int32Type>().ok_or_else(|| wrong_type(&b, 3, &file, columns, "Int32"))?;
        let end =
            b.column(4).as_primitive_opt::<Int32Type>().ok_or_else(|| wrong_type(&b, 4, &file, columns, "Int32"))?;
        let value = b
            .column(5)
            .as_primitive_opt::<Float64Type>()
            .ok_or_else(|| wrong_type(&b, 5, &file, columns, "Float64"))?;
        let quote = Strs::of(b.column(10).as_ref()).ok_or_else(|| wrong_type(&b, 10, &file, columns, "strings"))?;
        let note = Strs::of(b.column(11).as_ref()).ok_or_else(|| wrong_type(&b, 11, &file, columns, "strings"))?;

        // One cache per dictionary column: the slot's index in the store.
        // Each column's rows are resolved through it in one pass.
        let mut cm = vec![UNSEEN; dm.values.len()];
        let mut ce = vec![UNSEEN; de.values.len()];
        let mut cp = vec![UNSEEN; dp.values.len()];
        let mut cq = vec![UNSEEN; dq.values.len()];
        let mut cu = vec![UNSEEN; du.values.len()];
        let mut cs = vec![UNSEEN; ds.values.len()];
        let mut csrc = vec![UNSEEN; dsrc.values.len()];
        let metric = resolve(&dm, &mut cm, &mut col_metric, |t| metric_ix.get(t?).copied());
        let entity = resolve(&de, &mut ce, &mut col_entity, |t| {
            let t = t.filter(|t| load::is_id(t))?;
            Some(*entity_ix.entry(t.into()).or_insert_with(|| {
                entities.push(t.into());
                (entities.len() - 1) as u32
            }))
        });
        let period = resolve(&dp, &mut cp, &mut col_period_ix, |t| {
            let p = Period::parse_bytes(t?.as_bytes()).ok()?;
            periods.push(p);
            Some((periods.len() - 1) as u32)
        });
        let qualifier =
            resolve(&dq, &mut cq, &mut col_qualifier_ix, |t| Qualifier::from_bytes(t?.as_bytes()).map(|q| q as u32));
        let unit = resolve(&du, &mut cu, &mut col_unit, |t| {
            let u = units.get(t?.as_bytes())?;
            let k = unit_list.iter().position(|&x| x == u).unwrap_or_else(|| {
                unit_list.push(u);
                unit_list.len() - 1
            });
            u32::try_from(k).ok()
        });
        let status = resolve(&ds, &mut cs, &mut col_status_ix, |t| Status::from_bytes(t?.as_bytes()).map(|s| s as u32));
        let source = resolve(&dsrc, &mut csrc, &mut col_source, |t| source_ix.get(t?).copied());
        let (vals, starts, ends) = (value.values(), start.values(), end.values());
        let value_nulls = value.null_count() > 0;
        let year_nulls = start.null_count() > 0 || end.null_count() > 0;

        // The rows that pass every check, up to the first that does not.
        col_status.clear();
        col_period.clear();
        col_qualifier.clear();
        // Whether row i passes the checks of the CSV loader's row check:
        // every word known, the value present, finite, in the metric's unit
        // and within its rule.
        let row_ok = |i: usize| {
            let (m, u, v) = (metric[i], unit[i], vals[i]);
            m != BAD
                && entity[i] != BAD
                && period[i] != BAD
                && qualifier[i] != BAD
                && u != BAD
                && status[i] != BAD
                && source[i] != BAD
                && (!value_nulls || value.is_valid(i))
                && v.is_finite()
                && metrics[m as usize].unit == unit_list[u as usize]
                && rules[m as usize].check(v).is_ok()
        };
        let mut good = n;
        for i in 0..n {
            let p = period[i];
            if !row_ok(i) {
                good = i;
                break;
            }
            let p = periods[p as usize];
            let years_valid = !year_nulls || (start.is_valid(i) && end.is_valid(i));
            if !(years_valid && starts[i] == p.start() && ends[i] == p.end()) {
                good = i;
                break;
            }
            col_status.push(Status::ALL[status[i] as usize]);
            col_period.push(p);
            col_qualifier.push(Qualifier::ALL[qualifier[i] as usize]);
        }
        if staged.len() + good > load::MAX_ROWS {
            let row = first + (load::MAX_ROWS - staged.len()) as u64;
            return Err(parquet_error(&file, Some(row), None, "too many rows; split the file"));
        }
        col_quote.clear();
        col_note.clear();
        for i in 0..good {
            let (Some(q), Some(nt)) = (push_text(&mut text, quote.bytes(i)), push_text(&mut text, note.bytes(i)))
            else {
                return Err(too_much_text(first + i as u64));
            };
            col_quote.push(q);
            col_note.push(nt);
        }
        if let Some(o) = &order {
            for i in 0..good {
                file_order.push(o.get(i, first + i as u64, &file)?);
            }
        }
        staged.extend(
            &RowBatch {
                metric: &metric[..good],
                entity: &entity[..good],
                status: &col_status,
                period: &col_period,
                value: &vals[..good],
                qualifier: &col_qualifier,
                source: &source[..good],
                quote: &col_quote,
                note: &col_note,
            },
            &entities,
        );
        if good < n {
            let i = good;
            let row = first + i as u64;
            if row_ok(i) {
                return Err(year_error([start, end], i, periods[period[i] as usize], &file, row, columns));
            }
            let mut rec = csv::ByteRecord::new();
            let num = if value.is_valid(i) { vals[i].to_string() } else { String::new() };
            fn f<'a>(d: &Dict<'a>, i: usize) -> &'a str {
                d.get(i).unwrap_or_default()
            }
            for field in [
                f(&dm, i),
                f(&de, i),
                f(&dp, i),
                &num,
                f(&dq, i),
                f(&du, i),
                f(&ds, i),
                f(&dsrc, i),
                quote.get(i).unwrap_or_default(),
                note.get(i).unwrap_or_default(),
            ] {
                rec.push_field(field.as_bytes());
            }
            let e = load::observation_error(&file, row, &rec, &metrics, &metric_ix, &source_ix, &units);
            return Err(e.map(as_rows).unwrap_or_else(|| {
                parquet_error(&file, Some(row), None, "the row fails a check the CSV loader does not name")
            }));
        }
    }
    text.shrink_to_fit();
    let text = String::from_utf8(text)
        .map_err(|e| parquet_error(&file, None, None, format!("a quote or note is not UTF-8: {e}")))?;
    let file_order = if ordered { Some(check_file_order(file_order, &file)?) } else { None };
    let units = units.declared;
    let parts = Parts { metrics, metric_ix, sources, source_ix, units, entities, entity_ix, staged, text, file_order };
    Dataset::assemble(&file, parts, &load::Lines::rows()).map_err(as_rows)
}

/// The error for row `i` (1-based `row`) whose `start_year` or `end_year`
/// is null or is not the first or last year of its period `p`.
#[cold]
fn year_error(
    years: [&arrow_array::Int32Array; 2],
    i: usize,
    p: Period,
    file: &str,
    row: u64,
    columns: &[&'static str],
) -> Error {
    for (k, (col, want)) in [(3, p.start()), (4, p.end())].into_iter().enumerate() {
        let at = Location::row(file, row, Some(columns[col]));
        if !years[k].is_valid(i) {
            return Error::Load(LoadError::EmptyField { at });
        }
        let y = years[k].value(i);
        if y != want {
            return Error::Parse(ParseError::BadPeriod {
                at: Some(at),
                text: y.to_string(),
                reason: if col == 3 {
                    "start_year must be the period's first year"
                } else {
                    "end_year must be the period's last year"
                },
            });
        }
    }
    parquet_error(file, Some(row), None, "the years do not match the period")
}

/// A batch's `file_order` column (the last): `UInt32`, or `Int64` as SQL
/// engines number rows.
enum OrderColumn<'a> {
    U32(&'a arrow_array::UInt32Array),
    I64(&'a arrow_array::Int64Array),
}

impl<'a> OrderColumn<'a> {
    fn of(b: &'a RecordBatch, file: &str, columns: &[&'static str]) -> Result<OrderColumn<'a>, Error> {
        let col = columns.len() - 1;
        let a = b.column(col);
        if let Some(v) = a.as_primitive_opt::<UInt32Type>() {
            Ok(OrderColumn::U32(v))
        } else if let Some(v) = a.as_primitive_opt::<Int64Type>() {
            Ok(OrderColumn::I64(v))
        } else {
            Err(wrong_type(b, col, file, columns, "UInt32 or Int64"))
        }
    }

    /// Row `i`'s place in file order (`row` is its 1-based row in the file).
    fn get(&self, i: usize, row: u64, file: &str) -> Result<u32, Error> {
        let null = || Error::Load(LoadError::EmptyField { at: Location::row(file, row, Some(FILE_ORDER)) });
        match self {
            OrderColumn::U32(v) => v.is_valid(i).then(|| v.value(i)).ok_or_else(null),
            OrderColumn::I64(v) => {
                let x = v.is_valid(i).then(|| v.value(i)).ok_or_else(null)?;
                u32::try_from(x).map_err(|_| {
                    parquet_error(file, Some(row), Some(FILE_ORDER), format!("file_order {x} is not a row index"))
                })
            }
        }
    }
}

/// Checks that `file_order` numbers the rows `0..n` once each; with the
/// row at each place (its inverse).
fn check_file_order(order: Vec<u32>, file: &str) -> Result<FileOrder, Error> {
    let n = order.len();
    let mut seen = vec![u32::MAX; n];
    for (row, &k) in order.iter().enumerate() {
        let at = Some(row as u64 + 1);
        let Some(slot) = seen.get_mut(k as usize) else {
            return Err(parquet_error(
                file,
                at,
                Some(FILE_ORDER),
                format!("file_order {k} is past the last row ({} rows, numbered from 0)", n),
            ));
        };
        if *slot != u32::MAX {
            return Err(parquet_error(
                file,
                at,
                Some(FILE_ORDER),
                format!("file_order {k} repeats (first at row {}); each row needs its own place", *slot as u64 + 1),
            ));
        }
        *slot = row as u32;
    }
    Ok(FileOrder { place: order, row: seen })
}

/// Appends a text's bytes (a null is empty) to the arena; `None` past
/// `u32` offsets.
fn push_text(text: &mut Vec<u8>, t: Option<&[u8]>) -> Option<TextRef> {
    let t = t.unwrap_or_default();
    let start = u32::try_from(text.len()).ok()?;
    let len = u32::try_from(t.len()).ok()?;
    start.checked_add(len)?;
    text.extend_from_slice(t);
    Some(TextRef { start, len })
}
