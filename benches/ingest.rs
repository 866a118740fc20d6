//! Ingest of a generated 1,001,000-row observations.csv (200 metrics × 143
//! entities × 35 years, shuffled) against a bare `csv::ByteRecord` pass over
//! the same bytes, measured in the same run. Target: ratio ≤ 1.5.
//!
//! `cargo bench --bench ingest`. The files are generated once into
//! `target/tmp/bench-data/` and reused.

#[path = "support/paired.rs"]
mod paired;
#[path = "../tests/support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::time::Duration;

use biopharma_stats::Dataset;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

struct Loaded {
    observations: Vec<u8>,
    metrics: Vec<u8>,
    sources: Vec<u8>,
}

fn files(spec: &synth::Spec) -> Loaded {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    let dir = synth::ensure_dir(&root, spec).expect("write the generated files");
    let read = |n: &str| std::fs::read(dir.join(n)).expect("read a generated file");
    Loaded { observations: read("observations.csv"), metrics: read("metrics.csv"), sources: read("sources.csv") }
}

/// The baseline: every record of the file read into one reused
/// `csv::ByteRecord`, with the loader's reader settings, touching each
/// record's length so that nothing is optimised away.
fn bytes_pass(obs: &[u8]) -> usize {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(obs);
    let mut rec = csv::ByteRecord::new();
    let mut n = 0;
    while rdr.read_byte_record(&mut rec).expect("valid CSV") {
        n += rec.len();
    }
    n
}

fn ingest(f: &Loaded) -> Dataset {
    Dataset::from_readers(&f.observations[..], &f.metrics[..], &f.sources[..]).expect("generated files load")
}

fn bench(c: &mut Criterion) {
    // `cargo test --benches` runs each routine once: a small file will do.
    let spec = if paired::bench_mode() { synth::Spec::LARGE } else { synth::Spec::SMALL };
    let f = files(&spec);
    // For profilers and `perf stat`: `BPS_REPEAT=ingest:10` (or
    // `bytes-pass:10`) runs one routine that many times and exits.
    if let Some((what, times)) = std::env::var("BPS_REPEAT").ok().as_deref().and_then(|v| v.split_once(':')) {
        for _ in 0..times.parse().unwrap_or(1) {
            match what {
                "ingest" => drop(black_box(ingest(&f))),
                _ => drop(black_box(bytes_pass(&f.observations))),
            }
        }
        std::process::exit(0);
    }
    if paired::benchmarking() {
        let ds = ingest(&f);
        println!(
            "file: {} rows, {:.1} MB; dataset heap {:.1} MB = {:.1} bytes/row",
            ds.len(),
            f.observations.len() as f64 / 1e6,
            ds.heap_bytes() as f64 / 1e6,
            ds.heap_bytes() as f64 / ds.len() as f64
        );
        drop(ds);
        let p = paired::paired(7, 1, || ingest(&f), || bytes_pass(&f.observations));
        paired::report("ingest", "bytes-pass", &p);
    }
    let mut g = c.benchmark_group("ingest_1m");
    g.sampling_mode(SamplingMode::Flat).sample_size(10).measurement_time(Duration::from_secs(4));
    g.bench_function("bytes_pass", |b| b.iter(|| bytes_pass(black_box(&f.observations))));
    g.bench_function("ingest", |b| b.iter(|| ingest(black_box(&f))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
