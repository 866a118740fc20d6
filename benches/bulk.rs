//! `Dataset::bulk` (period-over-period change, shares of yearly totals and
//! CAGR over every series) on the generated 1,001,000-row dataset, against a
//! bare loop over the same f64 values measured in the same run. Target:
//! ratio ≤ 3.
//!
//! `cargo bench --bench bulk`. The files are generated once into
//! `target/tmp/bench-data/` and reused.

#[path = "support/paired.rs"]
mod paired;
#[path = "../tests/support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::time::Duration;

use biopharma_stats::Dataset;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

fn dataset(spec: &synth::Spec) -> Dataset {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    let dir = synth::ensure_dir(&root, spec).expect("write the generated files");
    Dataset::from_dir(dir).expect("generated files load")
}

/// The baseline: the arithmetic alone over the same values in the same
/// order, into freshly allocated outputs like `bulk` returns: each value's
/// change from its predecessor and its share of the grand total. No
/// series or year boundaries, no checks, no statuses.
fn bare_loop(values: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let mut pct = Vec::with_capacity(values.len());
    let mut share = Vec::with_capacity(values.len());
    pct.push(f64::NAN);
    pct.extend(values.windows(2).map(|w| w[1] / w[0] - 1.0));
    let total: f64 = values.iter().sum();
    share.extend(values.iter().map(|v| v / total));
    (pct, share)
}

fn bench(c: &mut Criterion) {
    // `cargo test --benches` runs each routine once: a small file will do.
    let ds = dataset(if paired::bench_mode() { &synth::Spec::LARGE } else { &synth::Spec::SMALL });
    // The values `bulk` reads, in the order it reads them.
    let values: Vec<f64> = ds.bulk().iter().flat_map(|s| s.values().iter().copied()).collect();
    if paired::benchmarking() {
        let b = ds.bulk();
        println!(
            "bulk: {} rows, {} series, {} points, {} changes computed, {} shares computed",
            ds.len(),
            b.series_count(),
            b.len(),
            b.pct_status().iter().filter(|s| s.is_ok()).count(),
            b.share_status().iter().filter(|s| s.is_ok()).count(),
        );
        drop(b);
        let p = paired::paired(15, 1, || ds.bulk(), || bare_loop(&values));
        paired::report("bulk", "bare-loop", &p);
    }
    let mut g = c.benchmark_group("bulk_1m");
    g.sampling_mode(SamplingMode::Flat).sample_size(10).measurement_time(Duration::from_secs(3));
    g.bench_function("bare_loop", |b| b.iter(|| bare_loop(black_box(&values))));
    g.bench_function("bulk", |b| b.iter(|| black_box(&ds).bulk()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
