//! Parquet load against CSV load of the same generated 1,003,546-row
//! dataset (see `ingest.rs`), measured in the same run: `Dataset::from_dir`
//! on a directory of observations/metrics/sources.parquet (written once by
//! `Dataset::write_parquet`: rows in series order, with `file_order`)
//! against `Dataset::from_dir` on the CSV files. Target: ratio ≤ 0.35.
//! Also times a copy of observations.parquet with its rows in the CSV's
//! (shuffled) order and no `file_order`, as another tool might write it,
//! which the loader must sort; and Parquet load + `bulk`, the figure to set
//! against polars' `read_parquet` + growth and share
//! (`compare_pandas_polars.py --parquet`). The Parquet and CSV loads are
//! also timed each in a fresh process (this binary run once per load), as
//! a program that loads once sees them: repeated loads in one process
//! reuse (or not) the allocator's pages from the load before, which moves
//! the in-process figures by several per cent either way.
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

/// A copy of the Parquet directory whose observations.parquet has its rows
/// in file order (sorted by `file_order`) and no `file_order` column.
fn file_order_copy(pq: &Path) -> PathBuf {
    use arrow_array::{Array, UInt32Array};
    use parquet::arrow::ArrowWriter;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;

    let out = pq.with_file_name("parquet-file-order");
    if out.join("COMPLETE").exists() {
        return out;
    }
    std::fs::create_dir_all(&out).expect("create the copy's dir");
    for f in ["metrics.parquet", "sources.parquet", "units.parquet"] {
        if pq.join(f).exists() {
            std::fs::copy(pq.join(f), out.join(f)).expect("copy a table");
        }
    }
    let file = std::fs::File::open(pq.join("observations.parquet")).expect("open observations.parquet");
    let rdr =
        ParquetRecordBatchReaderBuilder::try_new(file).and_then(|b| b.build()).expect("read observations.parquet");
    let batches: Vec<_> = rdr.collect::<Result<_, _>>().expect("decode observations.parquet");
    let batch = arrow_select::concat::concat_batches(&batches[0].schema(), &batches).expect("one batch");
    let order = batch.column(12).as_any().downcast_ref::<UInt32Array>().expect("file_order is UInt32");
    let mut at = vec![0u32; order.len()];
    for (i, &k) in order.values().iter().enumerate() {
        at[k as usize] = i as u32;
    }
    let shuffled = arrow_select::take::take_record_batch(&batch, &UInt32Array::from(at)).expect("reorder");
    let shuffled = shuffled.project(&(0..12).collect::<Vec<_>>()).expect("drop file_order");
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let f = std::fs::File::create(out.join("observations.parquet")).expect("create the copy");
    let mut w = ArrowWriter::try_new(f, shuffled.schema(), Some(props)).expect("writer");
    w.write(&shuffled).expect("write the copy");
    w.close().expect("close the copy");
    std::fs::write(out.join("COMPLETE"), "").expect("mark complete");
    out
}

/// Each load in a fresh process, as a program that loads once sees it:
/// this bench binary run with `BPS_REPEAT=<what>:1`, the subject and the
/// baseline alternating, `pairs` times each after one warm-up run of each.
/// Returns the median of the per-pair ratios of wall-clock times, and each
/// side's median. Start-up (a few ms) is in both.
fn fresh_process_pairs(pairs: usize, subject: &str, baseline: &str) -> (f64, f64, f64) {
    let exe = std::env::current_exe().expect("the bench binary's path");
    let run = |what: &str| {
        let t = Instant::now();
        let status = std::process::Command::new(&exe)
            .arg("--bench")
            .env("BPS_REPEAT", format!("{what}:1"))
            .status()
            .expect("run the bench binary");
        assert!(status.success(), "BPS_REPEAT={what}:1 failed");
        t.elapsed().as_secs_f64()
    };
    run(subject);
    run(baseline);
    let (mut s, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..pairs {
        let (ts, tb) = if i % 2 == 0 {
            let ts = run(subject);
            (ts, run(baseline))
        } else {
            let tb = run(baseline);
            (run(subject), tb)
        };
        s.push(ts);
        b.push(tb);
        r.push(ts / tb);
    }
    (paired::median(&mut r), paired::median(&mut s), paired::median(&mut b))
}

fn load(dir: &Path) -> Dataset {
    Dataset::from_dir(dir).expect("generated files load")
}

fn bench(c: &mut Criterion) {
    let spec = if paired::bench_mode() { synth::Spec::LARGE } else { synth::Spec::SMALL };
    let (csv, pq) = dirs(&spec);
    let pq_file_order = file_order_copy(&pq);
    // For /usr/bin/time -v: `BPS_REPEAT=parquet:1` (or `csv:1`,
    // `parquet-bulk:1`) runs one routine that many times and exits.
    if let Some((what, times)) = std::env::var("BPS_REPEAT").ok().as_deref().and_then(|v| v.split_once(':')) {
        for _ in 0..times.parse().unwrap_or(1) {
            match what {
                "parquet" => drop(black_box(load(&pq))),
                "parquet-file-order" => drop(black_box(load(&pq_file_order))),
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
            "observations.csv {:.1} MB, observations.parquet {:.1} MB (snappy; in file order, no file_order: {:.1} MB)",
            csv_size as f64 / 1e6,
            size(&pq) as f64 / 1e6,
            size(&pq_file_order) as f64 / 1e6
        );
        let a = load(&csv);
        assert!(a == load(&pq), "the Parquet copy loads to the same dataset");
        assert!(a == load(&pq_file_order), "the file-order Parquet copy loads to the same dataset");
        drop(a);
        let p = paired::paired(5, 1, || load(&pq), || load(&csv));
        paired::report("parquet-load", "csv-load", &p);
        let p = paired::paired(5, 1, || load(&pq_file_order), || load(&csv));
        paired::report("parquet-file-order-load", "csv-load", &p);
        let (ratio, s, b) = fresh_process_pairs(7, "parquet", "csv");
        println!(
            "fresh-process parquet-load/csv-load ratio = {ratio:.2}   (median of 7 paired runs, wall: parquet {:.1} ms, csv {:.1} ms, start-up included)",
            s * 1e3,
            b * 1e3
        );
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
