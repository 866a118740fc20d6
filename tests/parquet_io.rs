//! Parquet and Arrow (feature `parquet`, issue #14): round trips through
//! Parquet are lossless and back to CSV byte-identical, `from_dir` picks
//! Parquet when there is no CSV, and each kind of bad Parquet input is a
//! typed error naming file, column and row.
#![cfg(feature = "parquet")]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{Array, ArrayRef, DictionaryArray, Float64Array, Int32Array, RecordBatch, StringArray, UInt32Array};
use arrow_schema::{Field, Schema};
use biopharma_stats::{Counted, Dataset, Error, LoadError, ParseError};
use parquet::arrow::ArrowWriter;

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("parquet_io").join(name);
    // A fresh folder each run: remove what an earlier run left.
    if d.exists() {
        std::fs::remove_dir_all(&d).expect("remove an earlier run's folder");
    }
    std::fs::create_dir_all(&d).expect("create a temp dir");
    d
}

fn csv_bytes(ds: &Dataset) -> [Vec<u8>; 3] {
    let (mut o, mut m, mut s) = (Vec::new(), Vec::new(), Vec::new());
    ds.write_observations(&mut o).unwrap();
    ds.write_metrics(&mut m).unwrap();
    ds.write_sources(&mut s).unwrap();
    [o, m, s]
}

#[test]
fn embedded_round_trips_through_parquet_and_back_to_identical_csv() {
    let ds = Dataset::embedded();
    let dir = tmp("embedded");
    ds.write_parquet(&dir).unwrap();
    for f in ["observations.parquet", "metrics.parquet", "sources.parquet"] {
        assert!(dir.join(f).exists(), "{f}");
    }
    let back = Dataset::from_dir(&dir).unwrap();
    assert_eq!(&back, ds);
    assert_eq!(back.len(), ds.len());
    let [o, m, s] = csv_bytes(&back);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    assert_eq!(o, std::fs::read(root.join("observations.csv")).unwrap());
    assert_eq!(m, std::fs::read(root.join("metrics.csv")).unwrap());
    assert_eq!(s, std::fs::read(root.join("sources.csv")).unwrap());
}

const METRICS: &str = "id,name,description,unit,kind,definition\n\
    x,\"X, with a comma\",\"line one\nline two\",cny_bn,flow,An amount\n\
    n,N,,count,stock,A \"\"quoted\"\" count\n";
const SOURCES: &str = "id,publisher,title,author,published,url,note\n\
    a,Pub,标题,,2024-03,,\n\
    b,Pub B,T,\"Li, Wei\",2021-02-03,https://example.org/x?a=1,\"a note, with\r\nCRLF\"\n";
const OBS: &str = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
    x,china,2019,317.2,exact,cny_bn,reported,a,\"约 3,172 亿\",\n\
    x,china,2016-2023,0.1,approx,cny_bn,reported,b,,\"spans \"\"years\"\"\"\n\
    n,上海,2025,4000,at_least,count,target,b,\"will reach 4,000\",plan\n\
    x,china,2019,-1e-300,more_than,cny_bn,reported,b,q,\n\
    n,suzhou,2020,123456789012345680000,exact,count,reported,a,,\n";

#[test]
fn hand_made_directory_round_trips_byte_for_byte() {
    let ds = Dataset::from_readers(OBS.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).unwrap();
    let csv = tmp("hand_csv");
    ds.write_dir(&csv).unwrap();
    let pq = tmp("hand_pq");
    Dataset::from_dir(&csv).unwrap().write_parquet(&pq).unwrap();
    let back = Dataset::from_dir(&pq).unwrap();
    assert_eq!(back, ds);
    // Equal metadata too (PartialEq compares metrics and sources whole).
    assert_eq!(back.source("b").unwrap().author.as_deref(), Some("Li, Wei"));
    assert_eq!(back.source("a").unwrap().url, None);
    assert_eq!(back.entities().collect::<Vec<_>>(), ds.entities().collect::<Vec<_>>());
    let again = tmp("hand_csv2");
    back.write_dir(&again).unwrap();
    for f in ["observations.csv", "metrics.csv", "sources.csv"] {
        assert_eq!(std::fs::read(csv.join(f)).unwrap(), std::fs::read(again.join(f)).unwrap(), "{f}");
    }
}

#[test]
fn from_dir_reads_csv_when_both_are_present() {
    let dir = tmp("both");
    let small = Dataset::from_readers(OBS.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).unwrap();
    small.write_dir(&dir).unwrap();
    Dataset::embedded().write_parquet(&dir).unwrap();
    assert_eq!(Dataset::from_dir(&dir).unwrap().len(), 5);
    assert_eq!(&Dataset::from_parquet_dir(&dir).unwrap(), Dataset::embedded());
}

#[test]
fn record_batch_has_typed_columns() {
    let ds = Dataset::embedded();
    let b = ds.to_record_batch().unwrap();
    let schema = b.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(
        names,
        [
            "metric",
            "entity",
            "period",
            "start_year",
            "end_year",
            "value",
            "qualifier",
            "unit",
            "status",
            "source",
            "quote",
            "note",
            "file_order"
        ]
    );
    // The first row of observations.csv is the row whose file_order is 0.
    let order = b.column(12).as_any().downcast_ref::<UInt32Array>().unwrap();
    let at = order.values().iter().position(|&k| k == 0).unwrap();
    let first = ds.observations().next().unwrap();
    let value = b.column(5).as_any().downcast_ref::<Float64Array>().unwrap();
    assert_eq!(value.value(at), first.value.value);
    let start = b.column(3).as_any().downcast_ref::<Int32Array>().unwrap();
    assert_eq!(start.value(at), first.period.start());
    let metric = b.column(0).as_any().downcast_ref::<DictionaryArray<Int32Type>>().unwrap();
    let ids = metric.values().as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!(ids.value(metric.keys().value(at) as usize), first.metric.id.as_str());
}

/// Row `i` of a dictionary column, as text.
fn word(b: &RecordBatch, col: usize, i: usize) -> String {
    let d = b.column(col).as_any().downcast_ref::<DictionaryArray<Int32Type>>().unwrap();
    let v = d.values().as_any().downcast_ref::<StringArray>().unwrap();
    v.value(d.keys().value(i) as usize).to_owned()
}

#[test]
fn observations_parquet_holds_each_series_as_a_run_in_metrics_csv_order_then_entity_id() {
    let ds = Dataset::embedded();
    let b = ds.to_record_batch().unwrap();
    // The metrics' order, read from metrics.csv itself.
    let metrics_csv = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/metrics.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(metrics_csv.as_bytes());
    let metric_pos: Vec<String> = rdr.records().map(|r| r.unwrap()[0].to_owned()).collect();
    let pos = |id: &str| metric_pos.iter().position(|m| m == id).unwrap();
    let keys: Vec<(usize, String)> = (0..b.num_rows()).map(|i| (pos(&word(&b, 0, i)), word(&b, 1, i))).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "rows are not in (metric, entity) order");
    // file_order numbers the rows 0..n once each, and following it gives
    // observations.csv's rows in its order.
    let order = b.column(12).as_any().downcast_ref::<UInt32Array>().unwrap();
    let mut at = vec![usize::MAX; b.num_rows()];
    for (i, &k) in order.values().iter().enumerate() {
        assert_eq!(at[k as usize], usize::MAX, "file_order {k} repeats");
        at[k as usize] = i;
    }
    let value = b.column(5).as_any().downcast_ref::<Float64Array>().unwrap();
    for (o, &i) in ds.observations().zip(&at) {
        assert_eq!((word(&b, 0, i), word(&b, 1, i)), (o.metric.id.to_string(), o.entity.to_owned()));
        assert_eq!(value.value(i).to_bits(), o.value.value.to_bits());
    }
}

#[test]
fn a_file_in_any_row_order_with_file_order_loads_to_the_same_dataset() {
    let ds = Dataset::embedded();
    let b = ds.to_record_batch().unwrap();
    let n = b.num_rows();
    let fields: Vec<Field> = b.schema().fields().iter().map(|f| f.as_ref().clone()).collect();
    // Reversed, and a stride permutation (i * 7 mod n; 7 and n share no factor).
    assert_ne!(n % 7, 0, "n = {n}");
    let reversed: Vec<usize> = (0..n).rev().collect();
    let strided: Vec<usize> = (0..n).map(|i| i * 7 % n).collect();
    for (name, idx) in [("reversed", reversed), ("strided", strided)] {
        let dir = tmp(name);
        ds.write_parquet(&dir).unwrap();
        let columns = b.columns().iter().map(|c| take(c, &idx)).collect();
        write_parquet_file(&dir.join("observations.parquet"), fields.clone(), columns);
        let back = Dataset::from_dir(&dir).unwrap();
        assert_eq!(&back, ds, "{name}");
        assert_eq!(csv_bytes(&back), csv_bytes(ds), "{name}");
    }
}

#[test]
fn without_file_order_the_files_row_order_is_the_file_order() {
    // The twelve columns in the order write_parquet writes the rows: the
    // dataset loads, and its first observation is the file's first row.
    let ds = Dataset::embedded();
    let b = ds.to_record_batch().unwrap();
    let dir = tmp("no_file_order");
    ds.write_parquet(&dir).unwrap();
    let fields = b.schema().fields().iter().take(12).map(|f| f.as_ref().clone()).collect();
    write_parquet_file(&dir.join("observations.parquet"), fields, b.columns()[..12].to_vec());
    let back = Dataset::from_dir(&dir).unwrap();
    assert_eq!(back.len(), ds.len());
    let first = back.observations().next().unwrap();
    assert_eq!((first.metric.id.as_str(), first.entity), (word(&b, 0, 0).as_str(), word(&b, 1, 0).as_str()));
    // Same rows, same series; only the file order differs.
    let bits = |d: &Dataset| d.bulk().pct_change().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&back), bits(ds));
}

/// The small dataset in file order with `file_order` replaced by `order`.
fn with_file_order(name: &str, field: Field, order: ArrayRef) -> PathBuf {
    let ds = Dataset::from_readers(OBS.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).unwrap();
    let dir = tmp(name);
    ds.write_parquet(&dir).unwrap();
    let (mut fields, mut columns) = file_order_columns(&ds);
    fields.push(field);
    columns.push(order);
    write_parquet_file(&dir.join("observations.parquet"), fields, columns);
    dir
}

#[test]
fn a_bad_file_order_is_an_error_at_its_row() {
    use arrow_schema::DataType;
    let u32_field = || Field::new("file_order", DataType::UInt32, true);
    let cases: Vec<(&str, Field, ArrayRef, u64, &str)> = vec![
        ("order_repeats", u32_field(), Arc::new(UInt32Array::from(vec![0, 1, 2, 1, 4])), 4, "repeats (first at row 2)"),
        ("order_past_end", u32_field(), Arc::new(UInt32Array::from(vec![0, 1, 5, 3, 4])), 3, "past the last row"),
        (
            "order_negative",
            Field::new("file_order", DataType::Int64, false),
            Arc::new(arrow_array::Int64Array::from(vec![0, 1, 2, -3, 4])),
            4,
            "not a row index",
        ),
    ];
    for (name, field, order, row, what) in cases {
        let dir = with_file_order(name, field, order);
        match load_err(&dir) {
            Error::Load(LoadError::Parquet { file, row: r, column, message }) => {
                assert_eq!((file, r, column.as_deref()), (obs_file(&dir), Some(row), Some("file_order")), "{name}");
                assert!(message.contains(what), "{name}: {message}");
            }
            e => panic!("{name}: {e}"),
        }
    }
    let dir = with_file_order(
        "order_null",
        u32_field(),
        Arc::new(UInt32Array::from(vec![Some(0), None, Some(2), Some(3), Some(4)])),
    );
    match load_err(&dir) {
        Error::Load(LoadError::EmptyField { at }) => assert_eq!((at.line, at.column), (2, Some("file_order"))),
        e => panic!("{e}"),
    }
    let dir = with_file_order(
        "order_text",
        Field::new("file_order", DataType::Utf8, false),
        Arc::new(StringArray::from(vec!["0", "1", "2", "3", "4"])),
    );
    match load_err(&dir) {
        Error::Load(LoadError::Parquet { column, message, .. }) => {
            assert_eq!(column.as_deref(), Some("file_order"));
            assert!(message.contains("UInt32 or Int64"), "{message}");
        }
        e => panic!("{e}"),
    }
    // Int64, as SQL engines number rows, is taken.
    let dir = with_file_order(
        "order_int64",
        Field::new("file_order", DataType::Int64, false),
        Arc::new(arrow_array::Int64Array::from(vec![0, 1, 2, 3, 4])),
    );
    let small = Dataset::from_readers(OBS.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).unwrap();
    assert_eq!(Dataset::from_dir(&dir).unwrap(), small);
}

// ---------------------------------------------------------------------------
// Bad input: each a typed error with file, column and row
// ---------------------------------------------------------------------------

/// A column's rows in the order `idx` gives (the column types of
/// observations.parquet only).
fn take(a: &ArrayRef, idx: &[usize]) -> ArrayRef {
    if let Some(d) = a.as_any().downcast_ref::<DictionaryArray<Int32Type>>() {
        let keys = Int32Array::from(idx.iter().map(|&i| d.keys().value(i)).collect::<Vec<_>>());
        return Arc::new(DictionaryArray::<Int32Type>::try_new(keys, d.values().clone()).unwrap());
    }
    if let Some(v) = a.as_any().downcast_ref::<Int32Array>() {
        return Arc::new(Int32Array::from(idx.iter().map(|&i| v.value(i)).collect::<Vec<_>>()));
    }
    if let Some(v) = a.as_any().downcast_ref::<UInt32Array>() {
        return Arc::new(UInt32Array::from(idx.iter().map(|&i| v.value(i)).collect::<Vec<_>>()));
    }
    if let Some(v) = a.as_any().downcast_ref::<Float64Array>() {
        return Arc::new(Float64Array::from(idx.iter().map(|&i| v.value(i)).collect::<Vec<_>>()));
    }
    if let Some(v) = a.as_any().downcast_ref::<StringArray>() {
        return Arc::new(StringArray::from(idx.iter().map(|&i| v.value(i)).collect::<Vec<_>>()));
    }
    panic!("take: unexpected type {}", a.data_type())
}

/// `ds.to_record_batch()` with its rows in file order and without the
/// `file_order` column: the twelve columns, as a tool that does not know
/// `file_order` would write them.
fn file_order_columns(ds: &Dataset) -> (Vec<Field>, Vec<ArrayRef>) {
    let b = ds.to_record_batch().unwrap();
    let order = b.column(12).as_any().downcast_ref::<UInt32Array>().unwrap();
    let mut idx = vec![0usize; b.num_rows()];
    for (row, &k) in order.values().iter().enumerate() {
        idx[k as usize] = row;
    }
    let fields = b.schema().fields().iter().take(12).map(|f| f.as_ref().clone()).collect();
    (fields, b.columns()[..12].iter().map(|c| take(c, &idx)).collect())
}

/// Writes one batch as a Parquet file.
fn write_parquet_file(path: &Path, fields: Vec<Field>, columns: Vec<ArrayRef>) {
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap();
    let mut w = ArrowWriter::try_new(std::fs::File::create(path).unwrap(), batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

/// The two shapes of observations.parquet the reader takes: the twelve
/// columns, rows in file order; and the same with `file_order` (here 0, 1,
/// 2, …) as a thirteenth column, as `write_parquet` writes it.
const SHAPES: [bool; 2] = [false, true];

/// A directory holding the small dataset as Parquet, with
/// observations.parquet rewritten with its rows in file order, its columns
/// edited by `edit` and, if `with_order`, a `file_order` column after them.
fn with_observations(
    name: &str,
    with_order: bool,
    edit: impl FnOnce(Vec<Field>, Vec<ArrayRef>) -> (Vec<Field>, Vec<ArrayRef>),
) -> PathBuf {
    let ds = Dataset::from_readers(OBS.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).unwrap();
    let dir = tmp(&format!("{name}{}", if with_order { "_ordered" } else { "" }));
    ds.write_parquet(&dir).unwrap();
    let (fields, columns) = file_order_columns(&ds);
    let (mut fields, mut columns) = edit(fields, columns);
    if with_order {
        fields.push(Field::new("file_order", arrow_schema::DataType::UInt32, false));
        columns.push(Arc::new(UInt32Array::from((0..ds.len() as u32).collect::<Vec<_>>())));
    }
    write_parquet_file(&dir.join("observations.parquet"), fields, columns);
    dir
}

fn load_err(dir: &Path) -> Error {
    match Dataset::from_dir(dir) {
        Ok(ds) => panic!("loaded {} rows from bad input", ds.len()),
        Err(e) => e,
    }
}

fn obs_file(dir: &Path) -> String {
    dir.join("observations.parquet").display().to_string()
}

#[test]
fn a_missing_or_extra_column_is_a_bad_header() {
    for with_order in SHAPES {
        let dir = with_observations("missing", with_order, |mut f, mut c| {
            f.remove(5);
            c.remove(5);
            (f, c)
        });
        match load_err(&dir) {
            Error::Load(LoadError::BadHeader { file, found, .. }) => {
                assert_eq!(file, obs_file(&dir));
                assert!(!found.contains("value"), "{found}");
            }
            e => panic!("{e}"),
        }
    }
}

#[test]
fn a_column_of_the_wrong_type_is_named() {
    for with_order in SHAPES {
        let dir = with_observations("wrongtype", with_order, |mut f, mut c| {
            f[5] = Field::new("value", arrow_schema::DataType::Utf8, false);
            c[5] = Arc::new(StringArray::from(vec!["1"; 5]));
            (f, c)
        });
        match load_err(&dir) {
            Error::Load(LoadError::Parquet { file, column, message, .. }) => {
                assert_eq!(file, obs_file(&dir));
                assert_eq!(column.as_deref(), Some("value"));
                assert!(message.contains("Float64"), "{message}");
            }
            e => panic!("{e}"),
        }
    }
}

#[test]
fn a_null_in_a_required_column_is_an_empty_field_at_its_row() {
    for with_order in SHAPES {
        let dir = with_observations("null", with_order, |mut f, mut c| {
            f[5] = Field::new("value", arrow_schema::DataType::Float64, true);
            c[5] = Arc::new(Float64Array::from(vec![Some(1.0), Some(2.0), None, Some(3.0), Some(4.0)]));
            (f, c)
        });
        let e = load_err(&dir);
        match &e {
            Error::Load(LoadError::EmptyField { at }) => {
                assert_eq!((at.file.as_str(), at.line, at.column), (obs_file(&dir).as_str(), 3, Some("value")));
                assert_eq!(at.counted, Counted::Row);
            }
            e => panic!("{e}"),
        }
        assert!(e.to_string().contains(": row 3, column `value`"), "{e}");
    }
}

#[test]
fn a_dictionary_holding_an_unknown_id_is_an_unknown_metric_at_its_row() {
    for with_order in SHAPES {
        let dir = with_observations("unknown_id", with_order, |f, mut c| {
            let values = StringArray::from(vec!["x", "n", "nope"]);
            let keys = Int32Array::from(vec![0, 0, 1, 2, 1]);
            c[0] = Arc::new(DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values)).unwrap());
            (f, c)
        });
        match load_err(&dir) {
            Error::Load(LoadError::UnknownMetric { at, id }) => {
                assert_eq!(id, "nope");
                assert_eq!((at.line, at.column, at.counted), (4, Some("metric"), Counted::Row));
            }
            e => panic!("{e}"),
        }
    }
}

#[test]
fn an_unused_unknown_dictionary_entry_is_harmless() {
    for with_order in SHAPES {
        let dir = with_observations("unused_entry", with_order, |f, mut c| {
            let d = c[0].as_any().downcast_ref::<DictionaryArray<Int32Type>>().unwrap();
            let mut values: Vec<String> = (0..d.values().len())
                .map(|i| d.values().as_any().downcast_ref::<StringArray>().unwrap().value(i).to_owned())
                .collect();
            values.push("nope".into());
            c[0] = Arc::new(
                DictionaryArray::<Int32Type>::try_new(d.keys().clone(), Arc::new(StringArray::from(values))).unwrap(),
            );
            (f, c)
        });
        assert_eq!(Dataset::from_dir(&dir).unwrap().len(), 5);
    }
}

#[test]
fn a_start_year_that_contradicts_the_period_is_a_bad_period() {
    for with_order in SHAPES {
        let dir = with_observations("start_year", with_order, |f, mut c| {
            c[3] = Arc::new(Int32Array::from(vec![2019, 2015, 2025, 2019, 2020]));
            (f, c)
        });
        match load_err(&dir) {
            Error::Parse(ParseError::BadPeriod { at: Some(at), text, .. }) => {
                assert_eq!(text, "2015");
                assert_eq!((at.line, at.column), (2, Some("start_year")));
            }
            e => panic!("{e}"),
        }
    }
}

#[test]
fn a_unit_mismatch_is_reported_at_its_row_and_column() {
    for with_order in SHAPES {
        let dir = with_observations("unit", with_order, |f, mut c| {
            let values = StringArray::from(vec!["cny_bn", "count"]);
            let keys = Int32Array::from(vec![0, 0, 1, 1, 1]);
            c[7] = Arc::new(DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values)).unwrap());
            (f, c)
        });
        match load_err(&dir) {
            Error::Load(LoadError::UnitMismatch { at, .. }) => assert_eq!((at.line, at.column), (4, Some("unit"))),
            e => panic!("{e}"),
        }
    }
}

#[test]
fn a_duplicate_key_names_both_rows() {
    for with_order in SHAPES {
        let dir = with_observations("dup", with_order, |f, mut c| {
            // Row 4 becomes a copy of row 1's key: x, china, 2019, reported, source a.
            let values = StringArray::from(vec!["a", "b"]);
            let keys = Int32Array::from(vec![0, 1, 1, 0, 0]);
            c[9] = Arc::new(DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values)).unwrap());
            (f, c)
        });
        let e = load_err(&dir);
        match &e {
            Error::Load(LoadError::DuplicateKey { at, first_line, .. }) => {
                assert_eq!((at.line, *first_line, at.counted), (4, 1, Counted::Row));
            }
            e => panic!("{e}"),
        }
        assert!(e.to_string().contains("(first seen on row 1)"), "{e}");
    }
}

#[test]
fn a_truncated_or_corrupt_file_is_a_parquet_error() {
    let ds = Dataset::embedded();
    let dir = tmp("truncated");
    ds.write_parquet(&dir).unwrap();
    let path = dir.join("observations.parquet");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    match load_err(&dir) {
        Error::Load(LoadError::Parquet { file, .. }) => assert_eq!(file, path.display().to_string()),
        e => panic!("{e}"),
    }
    std::fs::write(&path, b"not parquet at all").unwrap();
    assert!(matches!(load_err(&dir), Error::Load(LoadError::Parquet { .. })));
}

#[test]
fn a_bad_metrics_row_is_the_csv_error_at_a_row() {
    let dir = tmp("bad_metric_row");
    let ds = Dataset::from_readers(OBS.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).unwrap();
    ds.write_parquet(&dir).unwrap();
    // Rewrite metrics.parquet with an unknown kind in row 2.
    let cols: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(vec!["x", "n"])),
        Arc::new(StringArray::from(vec!["X", "N"])),
        Arc::new(StringArray::from(vec!["", ""])),
        Arc::new(StringArray::from(vec!["cny_bn", "count"])),
        Arc::new(StringArray::from(vec!["flow", "stocks"])),
        Arc::new(StringArray::from(vec!["d", "d"])),
    ];
    let fields: Vec<Field> = ["id", "name", "description", "unit", "kind", "definition"]
        .iter()
        .map(|n| Field::new(*n, arrow_schema::DataType::Utf8, false))
        .collect();
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).unwrap();
    let mut w = ArrowWriter::try_new(std::fs::File::create(dir.join("metrics.parquet")).unwrap(), batch.schema(), None)
        .unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    match load_err(&dir) {
        Error::Load(LoadError::UnknownKind { at, text }) => {
            assert_eq!(text, "stocks");
            assert_eq!((at.line, at.column, at.counted), (2, Some("kind"), Counted::Row));
            assert!(at.file.ends_with("metrics.parquet"));
        }
        e => panic!("{e}"),
    }
}

#[test]
fn bulk_batches_match_the_bulk_columns() {
    let bulk = Dataset::embedded().bulk();
    let b = bulk.to_record_batch().unwrap();
    assert_eq!(b.num_rows(), bulk.len());
    let change = b.column(4).as_any().downcast_ref::<Float64Array>().unwrap();
    for (i, (&v, s)) in bulk.pct_change().iter().zip(bulk.pct_status()).enumerate() {
        if s.is_ok() {
            assert_eq!(change.value(i), v);
        } else {
            assert!(change.is_null(i));
        }
    }
    let c = bulk.cagr_record_batch().unwrap();
    assert_eq!(c.num_rows(), bulk.series_count());
    // The market size series: CAGR 2016–2023 of the reported yearly points.
    let s = bulk.find("biomedicine_market_size", "china").unwrap();
    let cagr = c.column(4).as_any().downcast_ref::<Float64Array>().unwrap();
    assert_eq!(cagr.is_valid(s.index()), s.cagr_status().is_ok());
    let dir = tmp("bulk");
    let second = bulk.write_parquet(dir.join("bulk.parquet")).unwrap();
    assert!(dir.join("bulk.parquet").exists() && second == dir.join("bulk_cagr.parquet") && second.exists());
}

#[test]
fn a_value_that_breaks_its_metrics_rule_is_the_csv_error_at_its_row() {
    for with_order in SHAPES {
        // Row 3 is metric `n`, a count (unit `count`): 2.5 is not a whole
        // number, so the count rule refuses it, as the CSV loader does.
        let dir = with_observations("value_rule", with_order, |f, mut c| {
            c[5] = Arc::new(Float64Array::from(vec![317.2, 0.1, 2.5, -1e-300, 123456789012345680000.0]));
            (f, c)
        });
        let parquet = match load_err(&dir) {
            Error::Load(LoadError::ValueBreaksRule { at, metric, value, rule }) => {
                assert_eq!((at.line, at.column, at.counted), (3, Some("value"), Counted::Row));
                assert_eq!(at.file, obs_file(&dir));
                assert_eq!((metric.as_str(), value), ("n", 2.5));
                rule
            }
            e => panic!("{e}"),
        };
        // The same row in CSV: line 4 (the header is line 1), same rule.
        let csv = OBS.replace("n,上海,2025,4000,", "n,上海,2025,2.5,");
        match Dataset::from_readers(csv.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()) {
            Err(Error::Load(LoadError::ValueBreaksRule { at, metric, value, rule })) => {
                assert_eq!((at.line, at.column, at.counted), (4, Some("value"), Counted::Line));
                assert_eq!((metric.as_str(), value, rule), ("n", 2.5, parquet));
            }
            other => panic!("{other:?}"),
        }
    }
}

/// A dataset with one declared unit, used by a metric and its observations.
fn declared_unit_dataset() -> Dataset {
    let units = "id,label,quantity,scale\nusd_bn,billion US dollars,money:USD,1e9\n";
    let metrics = "id,name,description,unit,kind,definition\n\
        sales,Sales,,usd_bn,flow,Sales in billion US dollars\n\
        n,N,,count,stock,A count\n";
    let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
        sales,china,2023,12.5,exact,usd_bn,reported,a,,\n\
        n,china,2023,7,exact,count,reported,a,,\n";
    Dataset::from_readers_with_units(obs.as_bytes(), metrics.as_bytes(), SOURCES.as_bytes(), units.as_bytes()).unwrap()
}

#[test]
fn declared_units_round_trip_through_units_parquet() {
    let ds = declared_unit_dataset();
    let dir = tmp("declared_unit");
    ds.write_parquet(&dir).unwrap();
    assert!(dir.join("units.parquet").exists());
    let back = Dataset::from_parquet_dir(&dir).unwrap();
    assert_eq!(back, ds);
    let ids: Vec<&str> = back.units().map(|u| u.id()).collect();
    assert_eq!(ids, ["usd_bn"]);
    let u = back.units().next().unwrap();
    assert_eq!((u.label(), u.quantity(), u.scale()), ("billion US dollars", "money:USD", 1e9));
    assert_eq!(csv_bytes(&back), csv_bytes(&ds));
    let (mut a, mut b) = (Vec::new(), Vec::new());
    back.write_units(&mut a).unwrap();
    ds.write_units(&mut b).unwrap();
    assert_eq!(a, b);
    // The unit columns hold the ids, declared and built-in alike.
    let batch = back.to_record_batch().unwrap();
    let unit = batch.column(7).as_any().downcast_ref::<DictionaryArray<Int32Type>>().unwrap();
    let words = unit.values().as_any().downcast_ref::<StringArray>().unwrap();
    let per_row: Vec<&str> = (0..batch.num_rows()).map(|i| words.value(unit.keys().value(i) as usize)).collect();
    assert_eq!(per_row, ["usd_bn", "count"]);
}

#[test]
fn a_declared_unit_without_units_parquet_is_an_unknown_unit() {
    let dir = tmp("declared_unit_missing");
    declared_unit_dataset().write_parquet(&dir).unwrap();
    std::fs::remove_file(dir.join("units.parquet")).unwrap();
    match load_err(&dir) {
        Error::Load(LoadError::UnknownUnit { at, text }) => {
            assert_eq!(text, "usd_bn");
            assert_eq!((at.line, at.column, at.counted), (1, Some("unit"), Counted::Row));
            assert!(at.file.ends_with("metrics.parquet"), "{}", at.file);
        }
        e => panic!("{e}"),
    }
}

#[test]
fn a_dataset_without_declared_units_writes_no_units_parquet() {
    let dir = tmp("no_declared_unit");
    let ds = Dataset::from_readers(OBS.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).unwrap();
    ds.write_parquet(&dir).unwrap();
    assert!(!dir.join("units.parquet").exists());
    // The embedded set declares one unit (cny_100m, 亿元), so it writes one.
    let dir = tmp("embedded_declared_unit");
    Dataset::embedded().write_parquet(&dir).unwrap();
    assert!(dir.join("units.parquet").exists());
}
