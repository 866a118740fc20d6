//! Writes the embedded dataset and its bulk results as Parquet files, for
//! Polars, DuckDB, DataFusion or Spark:
//!
//! - `DIR/observations.parquet`, `DIR/metrics.parquet`, `DIR/sources.parquet`
//!   (read back by `Dataset::from_dir(DIR)`);
//! - `DIR/bulk.parquet` (each point's change and share, with statuses) and
//!   `DIR/bulk_cagr.parquet` (each series' CAGR).
//!
//! ```sh
//! cargo run --example export --features parquet -- DIR
//! ```

use biopharma_stats::Dataset;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: export DIR");
        std::process::exit(2);
    };
    if let Err(e) = run(std::path::Path::new(&dir)) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let ds = Dataset::embedded();
    ds.write_parquet(dir)?;
    let bulk = ds.bulk();
    let cagr = bulk.write_parquet(dir.join("bulk.parquet"))?;
    // Read the dataset back: the files are a lossless copy.
    let back = Dataset::from_dir(dir)?;
    assert_eq!(&back, ds, "the Parquet files read back to the same dataset");
    println!(
        "{}: observations, metrics, sources ({} rows); bulk.parquet ({} points); {} ({} series)",
        dir.display(),
        ds.len(),
        bulk.len(),
        cagr.file_name().map(|f| f.to_string_lossy()).unwrap_or_default(),
        bulk.series_count()
    );
    Ok(())
}
