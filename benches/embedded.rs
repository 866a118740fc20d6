//! The embedded dataset: parse cost of a first load (a fresh
//! `Dataset::from_readers` on the embedded bytes, against a bare
//! `csv::ByteRecord` pass over them in the same run), one `series()`
//! lookup, and one CAGR through the API (`Series::cagr`, which checks its
//! inputs and builds an explainable result) against the same arithmetic by
//! hand.
//!
//! `cargo bench --bench embedded`. The chart render bench is `benches/chart.rs`.

#[path = "support/paired.rs"]
mod paired;

use std::hint::black_box;

use biopharma_stats::{Dataset, Period};
use criterion::{Criterion, criterion_group, criterion_main};

const OBS: &str = include_str!("../data/observations.csv");
const METRICS: &str = include_str!("../data/metrics.csv");
const SOURCES: &str = include_str!("../data/sources.csv");
const UNITS: &str = include_str!("../data/units.csv");

fn load() -> Dataset {
    Dataset::from_readers_with_units(OBS.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes(), UNITS.as_bytes())
        .expect("embedded data loads")
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

/// CAGR between a series' first and last single-year points, by hand: the
/// baseline for `Series::cagr`.
fn cagr_by_hand(s: &biopharma_stats::Series) -> Option<f64> {
    let years: Vec<(i32, f64)> =
        s.points().iter().filter_map(|p| p.period.as_year().map(|y| (y, p.value.value))).collect();
    let (&(y0, v0), &(y1, v1)) = (years.first()?, years.last()?);
    Some((v1 / v0).powf(1.0 / f64::from(y1 - y0)) - 1.0)
}

fn bench(c: &mut Criterion) {
    let ds = Dataset::embedded();
    let s = ds.series("biomedicine_market_size", "china").expect("series exists");
    if paired::benchmarking() {
        let p = paired::paired(51, 20, load, bytes_pass);
        paired::report("first-load", "bytes-pass", &p);
        let p = paired::paired(51, 2000, || s.cagr(2016, 2019).map(|g| g.value()), || cagr_by_hand(&s));
        paired::report("series-cagr", "cagr-by-hand", &p);
    }
    assert_eq!(s.year(2019).map(|p| p.period), Some(Period::Year(2019)));

    let mut g = c.benchmark_group("embedded");
    g.bench_function("bytes_pass", |b| b.iter(bytes_pass));
    g.bench_function("first_load", |b| b.iter(load));
    g.bench_function("series_lookup", |b| {
        b.iter(|| black_box(ds).series(black_box("biomedicine_market_size"), black_box("china")))
    });
    g.bench_function("cagr_by_hand", |b| b.iter(|| cagr_by_hand(black_box(&s))));
    g.bench_function("series_cagr", |b| b.iter(|| black_box(&s).cagr(black_box(2016), black_box(2019))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
