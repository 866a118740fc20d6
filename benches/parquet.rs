//! Parquet load against CSV load of the same generated 1,003,546-row
//! dataset (see `ingest.rs`), measured in the same run: `Dataset::from_dir`
//! on a directory of observations/metrics/sources.parquet (written once by
//! `Dataset::write_parquet`) against `Dataset::from_dir` on the CSV files.
//! Target: ratio ≤ 0.35. Also times Parquet load + `bulk`, the figure to
//! set against polars' `read_parquet` + growth and share
//! (`compare_pandas_polars.py --parquet`).
//!
//! `cargo bench --bench parquet --features parquet`. The Parquet files are
//! written next to the CSV ones, under `target/tmp/bench-data/<spec>/parquet/`.

#[path = "support/paired.rs"]
mod paired;
#[path = "../tests/support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use biopharma_stats::Dataset;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

/// The CSV directory and its Parquet copy.
fn dirs(spec: &synth::Spec) -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    let csv = synth::ensure_dir(&root, spec).expect("write the generated files");
    let pq = csv.join("parquet");
    if !pq.join("COMPLETE").exists() {
        std::fs::create_dir_all(&pq).expect("create the parquet dir");
        Dataset::from_dir(&csv).expect("generated files load").write_parquet(&pq).expect("write parquet");
        std::fs::write(pq.join("COMPLETE"), "").expect("mark complete");
    }
    (csv, pq)
}

fn load(dir: &Path) -> Dataset {
    Dataset::from_dir(dir).expect("generated files load")
}

fn bench(c: &mut Criterion) {
    let spec = if paired::bench_mode() { synth::Spec::LARGE } else { synth::Spec::SMALL };
    let (csv, pq) = dirs(&spec);
    // For /usr/bin/time -v: `BPS_REPEAT=parquet:1` (or `csv:1`,
    // `parquet-bulk:1`) runs one routine that many times and exits.
    if let Some((what, times)) = std::env::var("BPS_REPEAT").ok().as_deref().and_then(|v| v.split_once(':')) {
        for _ in 0..times.parse().unwrap_or(1) {
            match what {
                "parquet" => drop(black_box(load(&pq))),
                "parquet-bulk" => {
                    let ds = load(&pq);
                    black_box(ds.bulk().len());
                }
                _ => drop(black_box(load(&csv))),
            }
        }
        std::process::exit(0);
    }
    if paired::benchmarking() {
        let size = |d: &Path| std::fs::metadata(d.join("observations.parquet")).map_or(0, |m| m.len());
        let csv_size = std::fs::metadata(csv.join("observations.csv")).map_or(0, |m| m.len());
        println!(
            "observations.csv {:.1} MB, observations.parquet {:.1} MB (snappy)",
            csv_size as f64 / 1e6,
            size(&pq) as f64 / 1e6
        );
        let a = load(&csv);
        let b = load(&pq);
        assert!(a == b, "the Parquet copy loads to the same dataset");
        drop((a, b));
        let p = paired::paired(5, 1, || load(&pq), || load(&csv));
        paired::report("parquet-load", "csv-load", &p);
        // Wall-clock, as the polars comparison is timed.
        let mut wall: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                let ds = load(&pq);
                black_box(ds.bulk().len());
                t.elapsed()
            })
            .collect();
        wall.sort();
        println!("parquet load + bulk: median wall {:.0} ms (of 5)", wall[2].as_secs_f64() * 1e3);
    }
    let mut g = c.benchmark_group("parquet_1m");
    g.sampling_mode(SamplingMode::Flat).sample_size(10).measurement_time(Duration::from_secs(4));
    g.bench_function("csv_load", |b| b.iter(|| load(black_box(&csv))));
    g.bench_function("parquet_load", |b| b.iter(|| load(black_box(&pq))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
