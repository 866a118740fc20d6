//! The embedded dataset: parse cost of a first load (a fresh
//! `Dataset::from_readers` on the embedded bytes, against a bare
//! `csv::ByteRecord` pass over them in the same run), one `series()`
//! lookup, and one CAGR.
//!
//! `cargo bench --bench embedded`.
//!
//! The chart render bench (one 1024×768 PNG) will sit beside this one once
//! the charts branch lands.

#[path = "support/paired.rs"]
mod paired;

use std::hint::black_box;

use biopharma_stats::{Dataset, Period};
use criterion::{Criterion, criterion_group, criterion_main};

const OBS: &str = include_str!("../data/observations.csv");
const METRICS: &str = include_str!("../data/metrics.csv");
const SOURCES: &str = include_str!("../data/sources.csv");

fn load() -> Dataset {
    Dataset::from_readers(OBS.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).expect("embedded data loads")
}

/// A bare pass over the three files' bytes with one reused `ByteRecord`.
fn bytes_pass() -> usize {
    let mut n = 0;
    for text in [OBS, METRICS, SOURCES] {
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let mut rec = csv::ByteRecord::new();
        while rdr.read_byte_record(&mut rec).expect("valid CSV") {
            n += rec.len();
        }
    }
    n
}

/// CAGR between a series' first and last single-year points, by hand.
// The growth API (Series::cagr) is on another branch; at merge, time
// `s.cagr(...)` here instead.
fn cagr_by_hand(s: &biopharma_stats::Series) -> Option<f64> {
    let years: Vec<(i32, f64)> =
        s.points().iter().filter_map(|p| p.period.as_year().map(|y| (y, p.value.value))).collect();
    let (&(y0, v0), &(y1, v1)) = (years.first()?, years.last()?);
    Some((v1 / v0).powf(1.0 / f64::from(y1 - y0)) - 1.0)
}

fn bench(c: &mut Criterion) {
    if paired::benchmarking() {
        let p = paired::paired(51, 20, load, bytes_pass);
        paired::report("first-load", "bytes-pass", &p);
    }
    let ds = Dataset::embedded();
    let s = ds.series("biomedicine_market_size", "china").expect("series exists");
    assert_eq!(s.year(2019).map(|p| p.period), Some(Period::Year(2019)));

    let mut g = c.benchmark_group("embedded");
    g.bench_function("bytes_pass", |b| b.iter(bytes_pass));
    g.bench_function("first_load", |b| b.iter(load));
    g.bench_function("series_lookup", |b| {
        b.iter(|| black_box(ds).series(black_box("biomedicine_market_size"), black_box("china")))
    });
    g.bench_function("cagr_by_hand", |b| b.iter(|| cagr_by_hand(black_box(&s))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
