//! Prints every figure of the embedded dataset as a table, grouped by metric,
//! with its qualifier, status and source, then the list of sources.
//!
//! ```sh
//! cargo run --example dataset_table
//! ```

use std::io::{self, Write};

use biopharma_stats::{Dataset, Status};

fn main() {
    // A closed pipe (`| head`) ends the listing quietly; other errors are reported.
    if let Err(e) = print_table(&mut io::stdout().lock())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn print_table(out: &mut impl Write) -> io::Result<()> {
    let ds = Dataset::embedded();
    writeln!(
        out,
        "{} observations of {} metrics for {} entities from {} sources\n",
        ds.len(),
        ds.metrics().len(),
        ds.entities().len(),
        ds.sources().len()
    )?;
    for m in ds.metrics() {
        writeln!(out, "{} [{}; {}, {}]", m.name, m.id, m.kind, m.unit.label())?;
        let rows = ds.query().metric(m.id.as_str()).run().map_err(io::Error::other)?;
        for o in rows {
            let status = if o.status == Status::Target { "target" } else { "" };
            writeln!(
                out,
                "  {:<31} {:>9}  {:>8}  {:<6}  {}",
                o.entity,
                o.period.to_string(),
                o.value.to_string(),
                status,
                o.source.id
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "Sources")?;
    for s in ds.sources() {
        writeln!(out, "  {:<28} {}", s.id, s.citation())?;
        if let Some(url) = &s.url {
            writeln!(out, "  {:<28} {url}", "")?;
        }
    }
    Ok(())
}
