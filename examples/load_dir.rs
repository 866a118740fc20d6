//! Loads a directory of observations.csv, metrics.csv and sources.csv (the
//! checked-in `data/` by default), then computes growth and shares over
//! every series with `Dataset::bulk`, printing timings, memory and a count
//! of each status.
//!
//! ```sh
//! cargo run --release --example load_dir -- path/to/dir
//! ```

use std::collections::BTreeMap;
use std::time::Instant;

use biopharma_stats::Dataset;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/data").to_owned());
    let t = Instant::now();
    let ds = match Dataset::from_dir(&dir) {
        Ok(ds) => ds,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let load = t.elapsed();
    let t = Instant::now();
    let bulk = ds.bulk();
    let compute = t.elapsed();

    println!("{dir}: {} observations, {} metrics, {} entities", ds.len(), ds.metrics().len(), ds.entities().len());
    println!(
        "loaded in {:.1} ms; heap {:.1} MB ({:.1} bytes per observation)",
        load.as_secs_f64() * 1e3,
        ds.heap_bytes() as f64 / 1e6,
        ds.heap_bytes() as f64 / ds.len().max(1) as f64
    );
    println!("bulk: {} series, {} points in {:.1} ms", bulk.series_count(), bulk.len(), compute.as_secs_f64() * 1e3);
    for (what, statuses) in
        [("change", bulk.pct_status()), ("share", bulk.share_status()), ("cagr", bulk.cagr_status())]
    {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for s in statuses {
            *count.entry(s.as_str()).or_default() += 1;
        }
        let list: Vec<String> = count.iter().map(|(s, n)| format!("{s} {n}")).collect();
        println!("  {what:>6}: {}", list.join(", "));
    }
}
