//! Mutated Parquet input (feature `parquet`, issue #14), like
//! `csv_mutations.rs` for CSV: the embedded dataset written by
//! `Dataset::write_parquet`, then broken in 1,600 seeded ways, each loaded
//! with `Dataset::from_dir`:
//!
//! - bytes flipped (1 to 8 random bytes of one of the three files; 500);
//! - files truncated at a random length (300);
//! - a column dropped (any column of any file), retyped (to Int64, Utf8,
//!   Float64, Int32 or a dictionary of Int32), nulled at random rows, or a
//!   dictionary text replaced by an unknown or invalid word (800).
//!
//! Every case must not panic, and either load (a harmless mutation: the
//! result then writes to Parquet and reads back equal) or fail with a
//! typed error ([`Error::Load`] or [`Error::Parse`]) that names the mutated
//! file (or observations.parquet, which is checked against the other two)
//! and, where it names a column and row, a column of that file and a row
//! it has. Column mutations have exact expectations: a dropped column is a
//! `BadHeader`; a retyped one a `LoadError::Parquet` naming it; nulls in a
//! required column an `EmptyField` at the first nulled row and that column,
//! nulls in `quote`, `note`, `description`, `author`, `url` or `note` load.
//! The seed is fixed; `BPS_MUTATION_SEED=<n>` explores others.
#![cfg(feature = "parquet")]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{Array, ArrayRef, DictionaryArray, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use biopharma_stats::{Counted, Dataset, Error, LoadError};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

const FILES: [&str; 3] = ["observations.parquet", "metrics.parquet", "sources.parquet"];
const COLUMNS: [&[&str]; 3] = [
    &[
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
        "file_order",
    ],
    &["id", "name", "description", "unit", "kind", "definition", "rate_of"],
    &["id", "publisher", "title", "author", "published", "url", "note"],
];
/// Columns where a null (an empty text) is valid.
const OPTIONAL: [&[&str]; 3] = [&["quote", "note"], &["description", "rate_of"], &["author", "url", "note"]];

/// The embedded set's units.parquet (it declares cny_100m), copied
/// unmutated into every case: the mutations are of the other three files.
static UNITS: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

fn seed() -> u64 {
    std::env::var("BPS_MUTATION_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(14)
}

/// The three files as written, and each as a record batch.
struct Base {
    bytes: [Vec<u8>; 3],
    batches: Vec<RecordBatch>,
}

fn base(dir: &Path) -> Base {
    std::fs::create_dir_all(dir).unwrap();
    Dataset::embedded().write_parquet(dir).unwrap();
    let units = std::fs::read(dir.join("units.parquet")).unwrap();
    UNITS.get_or_init(|| units);
    let bytes = FILES.map(|f| std::fs::read(dir.join(f)).unwrap());
    let batches = FILES
        .iter()
        .map(|f| {
            let r = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(dir.join(f)).unwrap())
                .unwrap()
                .build()
                .unwrap();
            let batches: Vec<RecordBatch> = r.map(Result::unwrap).collect();
            assert_eq!(batches.len(), 1, "{f}: one batch");
            batches.into_iter().next().unwrap()
        })
        .collect();
    Base { bytes, batches }
}

fn case_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("parquet_mutations").join(name);
    // A fresh folder each run: remove what an earlier run left.
    if d.exists() {
        std::fs::remove_dir_all(&d).expect("remove an earlier run's folder");
    }
    std::fs::create_dir_all(&d).unwrap();
    if let Some(units) = UNITS.get() {
        std::fs::write(d.join("units.parquet"), units).unwrap();
    }
    d
}

fn write_batch(path: &Path, b: &RecordBatch) {
    let mut w = ArrowWriter::try_new(std::fs::File::create(path).unwrap(), b.schema(), None).unwrap();
    w.write(b).unwrap();
    w.close().unwrap();
}

/// Loads a case without letting a panic escape; a panic is a failure.
fn load(dir: &Path, what: &str) -> Result<Dataset, Error> {
    match catch_unwind(AssertUnwindSafe(|| Dataset::from_dir(dir))) {
        Ok(r) => r,
        Err(_) => panic!("{what}: Dataset::from_dir panicked"),
    }
}

/// The invariants every case keeps; `file` is the mutated file's index.
fn check_any(dir: &Path, file: usize, what: &str, r: &Result<Dataset, Error>) {
    match r {
        Ok(ds) => {
            let again = case_dir(&format!("{}-again", dir.file_name().unwrap().to_string_lossy()));
            ds.write_parquet(&again).unwrap_or_else(|e| panic!("{what}: loaded but does not write: {e}"));
            let back = Dataset::from_dir(&again).unwrap_or_else(|e| panic!("{what}: written copy fails: {e}"));
            assert!(&back == ds, "{what}: written copy differs");
        }
        Err(e) => {
            let allowed: Vec<String> = [file, 0].iter().map(|&f| dir.join(FILES[f]).display().to_string()).collect();
            let (named, column, row): (String, Option<String>, Option<u64>) = match e {
                Error::Load(LoadError::Parquet { file, row, column, .. }) => (file.clone(), column.clone(), *row),
                Error::Load(LoadError::BadHeader { file, .. }) => (file.clone(), None, None),
                Error::Load(_) | Error::Parse(_) => {
                    let at = e.location().unwrap_or_else(|| panic!("{what}: no location: {e}"));
                    assert_eq!(at.counted, Counted::Row, "{what}: {e}");
                    (at.file.clone(), at.column.map(str::to_owned), Some(at.line))
                }
                other => panic!("{what}: not a load error: {other}"),
            };
            assert!(allowed.contains(&named), "{what}: names {named}: {e}");
            let f = FILES.iter().position(|n| named.ends_with(n)).unwrap();
            if let Some(c) = column {
                assert!(COLUMNS[f].contains(&c.as_str()), "{what}: column {c} is not in {}: {e}", FILES[f]);
            }
            if let Some(r) = row {
                let rows = Dataset::embedded().len().max(Dataset::embedded().sources().len()) as u64;
                assert!(r <= rows, "{what}: row {r}: {e}");
            }
        }
    }
}

#[test]
fn flipped_bytes() {
    let dir = case_dir("base-flip");
    let b = base(&dir);
    let mut rng = Rng::new(seed());
    let mut failed = 0;
    for i in 0..500 {
        let f = rng.below(3);
        let mut bytes = b.bytes[f].clone();
        for _ in 0..1 + rng.below(8) {
            let k = rng.below(bytes.len());
            bytes[k] ^= 1 << rng.below(8);
        }
        let d = case_dir(&format!("flip-{i}"));
        for (j, name) in FILES.iter().enumerate() {
            std::fs::write(d.join(name), if j == f { &bytes } else { &b.bytes[j] }).unwrap();
        }
        let what = format!("flip {i} of {}", FILES[f]);
        let r = load(&d, &what);
        check_any(&d, f, &what, &r);
        failed += usize::from(r.is_err());
        std::fs::remove_dir_all(&d).unwrap();
    }
    eprintln!("flipped bytes: {failed} of 500 cases failed to load, {} loaded", 500 - failed);
    // Most flips land in compressed pages, page headers or the footer;
    // the loader must notice a good share of them, not load them all.
    assert!(failed >= 100, "only {failed} of 500 flips were errors");
}

#[test]
fn truncated_files() {
    let dir = case_dir("base-trunc");
    let b = base(&dir);
    let mut rng = Rng::new(seed() ^ 0x7a);
    for i in 0..300 {
        let f = rng.below(3);
        let len = rng.below(b.bytes[f].len());
        let d = case_dir(&format!("trunc-{i}"));
        for (j, name) in FILES.iter().enumerate() {
            std::fs::write(d.join(name), if j == f { &b.bytes[f][..len] } else { &b.bytes[j][..] }).unwrap();
        }
        let what = format!("truncate {} at {len}", FILES[f]);
        let r = load(&d, &what);
        // A file cut short never loads: Parquet ends in a footer.
        assert!(r.is_err(), "{what}: loaded");
        check_any(&d, f, &what, &r);
        std::fs::remove_dir_all(&d).unwrap();
    }
}

/// A column of another type with as many rows.
fn retyped(col: &ArrayRef, kind: usize) -> (DataType, ArrayRef) {
    let n = col.len();
    let candidates: [(DataType, ArrayRef); 5] = [
        (DataType::Int64, Arc::new(Int64Array::from_iter_values(0..n as i64))),
        (DataType::Utf8, Arc::new(StringArray::from_iter_values((0..n).map(|i| format!("{i}"))))),
        (DataType::Float64, Arc::new(Float64Array::from_iter_values((0..n).map(|i| i as f64)))),
        (DataType::Int32, Arc::new(Int32Array::from_iter_values(0..n as i32))),
        (
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Int32)),
            Arc::new(
                DictionaryArray::<Int32Type>::try_new(
                    Int32Array::from(vec![0; n]),
                    Arc::new(Int32Array::from(vec![7])),
                )
                .unwrap(),
            ),
        ),
    ];
    // Skip a "retype" to the type the column already has, or to strings
    // where strings are read (a plain string column is valid for ids).
    let same = |t: &DataType| {
        t == col.data_type()
            || (matches!(t, DataType::Utf8) && matches!(col.data_type(), DataType::Utf8 | DataType::Dictionary(_, _)))
    };
    let mut k = kind;
    loop {
        let (t, a) = &candidates[k % 5];
        if !same(t) {
            return (t.clone(), a.clone());
        }
        k += 1;
    }
}

/// A string column (plain or dictionary) with text `bad` at row `row`.
fn with_text(col: &ArrayRef, row: usize, bad: &str) -> ArrayRef {
    let texts: Vec<Option<String>> = (0..col.len())
        .map(|i| {
            if i == row {
                return Some(bad.to_owned());
            }
            if let Some(d) = col.as_any().downcast_ref::<DictionaryArray<Int32Type>>() {
                let v = d.values().as_any().downcast_ref::<StringArray>().unwrap();
                d.keys().is_valid(i).then(|| v.value(d.keys().value(i) as usize).to_owned())
            } else {
                let s = col.as_any().downcast_ref::<StringArray>().unwrap();
                s.is_valid(i).then(|| s.value(i).to_owned())
            }
        })
        .collect();
    if matches!(col.data_type(), DataType::Dictionary(_, _)) {
        Arc::new(texts.iter().map(|t| t.as_deref()).collect::<DictionaryArray<Int32Type>>())
    } else {
        Arc::new(texts.iter().map(|t| t.as_deref()).collect::<StringArray>())
    }
}

/// Nulls at the rows in `rows` (any type).
fn with_nulls(col: &ArrayRef, rows: &[usize]) -> ArrayRef {
    let mask: Vec<bool> = (0..col.len()).map(|i| !rows.contains(&i)).collect();
    let data = col.to_data().into_builder().nulls(Some(arrow_buffer::NullBuffer::from(mask))).build().unwrap();
    arrow_array::make_array(data)
}

#[test]
fn column_mutations() {
    let dir = case_dir("base-col");
    let b = base(&dir);
    let mut rng = Rng::new(seed() ^ 0xc01);
    let bad_words = ["nope", "", " china", "Exact", "2019-2019", "9999999", "reported ", "\u{7}"];
    for i in 0..800 {
        let f = rng.below(3);
        let batch = &b.batches[f];
        let c = rng.below(batch.num_columns());
        let name = COLUMNS[f][c];
        let mut fields: Vec<Field> = batch.schema().fields().iter().map(|x| x.as_ref().clone()).collect();
        let mut cols: Vec<ArrayRef> = batch.columns().to_vec();
        let op = rng.below(4);
        let what;
        // (expected error, first bad row) for exact checks.
        let mut first_null = None;
        let mut retyped_to = None;
        match op {
            0 => {
                fields.remove(c);
                cols.remove(c);
                what = format!("case {i}: drop {}.{name}", FILES[f]);
            }
            1 => {
                let (t, a) = retyped(&cols[c], rng.below(5));
                retyped_to = Some(t.clone());
                fields[c] = Field::new(name, t.clone(), true);
                cols[c] = a;
                what = format!("case {i}: retype {}.{name} to {t}", FILES[f]);
            }
            2 => {
                let n = batch.num_rows();
                let rows: Vec<usize> = (0..1 + rng.below(3)).map(|_| rng.below(n)).collect();
                first_null = rows.iter().min().copied();
                fields[c] = fields[c].clone().with_nullable(true);
                cols[c] = with_nulls(&cols[c], &rows);
                what = format!("case {i}: nulls in {}.{name} at {rows:?}", FILES[f]);
            }
            _ => {
                if !matches!(cols[c].data_type(), DataType::Utf8 | DataType::Dictionary(_, _)) {
                    let (t, a) = retyped(&cols[c], 1);
                    fields[c] = Field::new(name, t, true);
                    cols[c] = a;
                    what = format!("case {i}: {}.{name} as strings", FILES[f]);
                } else {
                    let word = bad_words[rng.below(bad_words.len())];
                    let row = rng.below(batch.num_rows());
                    cols[c] = with_text(&cols[c], row, word);
                    fields[c] = Field::new(name, cols[c].data_type().clone(), true);
                    what = format!("case {i}: {}.{name} row {} = {word:?}", FILES[f], row + 1);
                }
            }
        }
        let d = case_dir(&format!("col-{i}"));
        for (j, n) in FILES.iter().enumerate() {
            if j == f {
                let mutated = RecordBatch::try_new(Arc::new(Schema::new(fields.clone())), cols.clone()).unwrap();
                write_batch(&d.join(n), &mutated);
            } else {
                std::fs::write(d.join(n), &b.bytes[j]).unwrap();
            }
        }
        let r = load(&d, &what);
        check_any(&d, f, &what, &r);
        match op {
            // rate_of is optional, as in metrics.csv: without it the file
            // loads, and no metric states a rate.
            0 if name == "rate_of" => match &r {
                Ok(ds) => assert!(ds.metrics().all(|m| m.rate_of.is_none()), "{what}"),
                Err(e) => panic!("{what}: {e}"),
            },
            // file_order is optional too: without it, the file's row order
            // is the file order.
            0 if name == "file_order" => match &r {
                Ok(ds) => assert_eq!(ds.len(), Dataset::embedded().len(), "{what}"),
                Err(e) => panic!("{what}: {e}"),
            },
            0 => assert!(matches!(r, Err(Error::Load(LoadError::BadHeader { .. }))), "{what}: {:?}", r.err()),
            // Int64 file_order, as SQL engines number rows, is read; these
            // values (0, 1, 2, …) put the rows in the file's order.
            1 if name == "file_order" && retyped_to == Some(DataType::Int64) => {
                assert!(r.is_ok(), "{what}: {:?}", r.err());
            }
            1 => match &r {
                Err(Error::Load(LoadError::Parquet { column: Some(col), .. })) => assert_eq!(col, name, "{what}"),
                other => panic!("{what}: {:?}", other.as_ref().err()),
            },
            2 if OPTIONAL[f].contains(&name) => assert!(r.is_ok(), "{what}: {:?}", r.err()),
            2 => match &r {
                Err(Error::Load(LoadError::EmptyField { at })) => {
                    assert_eq!((at.line, at.column), (first_null.unwrap() as u64 + 1, Some(name)), "{what}");
                }
                other => panic!("{what}: {:?}", other.as_ref().err()),
            },
            _ => {}
        }
        std::fs::remove_dir_all(&d).unwrap();
    }
}
