//! Writing a [`Dataset`] back to its three CSV files.
//!
//! Rows come out in the order they were read, numbers in Rust's shortest
//! round-trip form, fields quoted only where CSV needs it, lines ending in
//! `\n`. The checked-in files are kept in exactly that form, so writing the
//! embedded dataset reproduces them byte for byte.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::data::dataset::Dataset;
use crate::data::load::{METRIC_HEADER, METRIC_HEADER_RATE, OBSERVATION_HEADER, SOURCE_HEADER, UNIT_HEADER};
use crate::error::Error;

fn io_error(name: &str, e: csv::Error) -> Error {
    let source = match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    };
    Error::Io { path: PathBuf::from(name), source }
}

fn writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(w)
}

impl Dataset {
    /// Writes observations.csv (in file order) to `w`.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] (its path the file name, `observations.csv`) if `w`
    /// fails.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let mut out = Vec::new();
    /// ds.write_observations(&mut out)?;
    /// assert!(out.starts_with(b"metric,entity,period,value,qualifier,unit,status,source,quote,note\n"));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn write_observations<W: Write>(&self, w: W) -> Result<(), Error> {
        const NAME: &str = "observations.csv";
        let mut wtr = writer(w);
        wtr.write_record(OBSERVATION_HEADER).map_err(|e| io_error(NAME, e))?;
        let mut num = String::new();
        let mut period = String::new();
        for o in self.observations() {
            use std::fmt::Write as _;
            num.clear();
            period.clear();
            // Writing to a String cannot fail.
            let _ = write!(num, "{}", o.value.value);
            let _ = write!(period, "{}", o.period);
            wtr.write_record([
                o.metric.id.as_str(),
                o.entity,
                &period,
                &num,
                o.value.qualifier.as_str(),
                o.metric.unit.as_str(),
                o.status.as_str(),
                o.source.id.as_str(),
                o.quote,
                o.note,
            ])
            .map_err(|e| io_error(NAME, e))?;
        }
        wtr.flush().map_err(|source| Error::Io { path: PathBuf::from(NAME), source })
    }

    /// Writes metrics.csv to `w`: the seventh column `rate_of` only when
    /// some metric states the rate of another, so a six-column file is
    /// written back with six columns.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] (its path the file name, `metrics.csv`) if `w` fails.
    ///
    /// ```
    /// let mut out = Vec::new();
    /// biopharma_stats::Dataset::embedded().write_metrics(&mut out)?;
    /// // The embedded metrics.csv has stated rates, so the seventh column:
    /// assert!(out.starts_with(b"id,name,description,unit,kind,definition,rate_of\n"));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn write_metrics<W: Write>(&self, w: W) -> Result<(), Error> {
        const NAME: &str = "metrics.csv";
        let mut wtr = writer(w);
        let rate = self.metrics().any(|m| m.rate_of.is_some());
        let header: &[&str] = if rate { &METRIC_HEADER_RATE } else { &METRIC_HEADER };
        wtr.write_record(header).map_err(|e| io_error(NAME, e))?;
        for m in self.metrics() {
            let row = [m.id.as_str(), &m.name, &m.description, m.unit.as_str(), m.kind.as_str(), &m.definition];
            let rate_of = m.rate_of.as_ref().map_or("", |t| t.as_str());
            let written =
                if rate { wtr.write_record(row.iter().copied().chain([rate_of])) } else { wtr.write_record(row) };
            written.map_err(|e| io_error(NAME, e))?;
        }
        wtr.flush().map_err(|source| Error::Io { path: PathBuf::from(NAME), source })
    }

    /// Writes sources.csv to `w`.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] (its path the file name, `sources.csv`) if `w` fails.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let mut out = Vec::new();
    /// ds.write_sources(&mut out)?;
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("id,publisher,title,author,published,url,note\n"));
    /// // One header line, then one line per source (no field holds a newline).
    /// assert_eq!(text.lines().count(), 1 + ds.sources().len());
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn write_sources<W: Write>(&self, w: W) -> Result<(), Error> {
        const NAME: &str = "sources.csv";
        let mut wtr = writer(w);
        wtr.write_record(SOURCE_HEADER).map_err(|e| io_error(NAME, e))?;
        for s in self.sources() {
            let published = s.published.to_string();
            wtr.write_record([
                s.id.as_str(),
                &s.publisher,
                &s.title,
                s.author.as_deref().unwrap_or(""),
                &published,
                s.url.as_deref().unwrap_or(""),
                &s.note,
            ])
            .map_err(|e| io_error(NAME, e))?;
        }
        wtr.flush().map_err(|source| Error::Io { path: PathBuf::from(NAME), source })
    }

    /// Writes units.csv (the declared units, `id,label,quantity,scale`) to `w`.
    ///
    /// ```
    /// let mut out = Vec::new();
    /// biopharma_stats::Dataset::embedded().write_units(&mut out)?;
    /// assert_eq!(out, "id,label,quantity,scale\ncny_100m,hundred million yuan (亿元),money:CNY,100000000\n".as_bytes());
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if `w` fails.
    pub fn write_units<W: Write>(&self, w: W) -> Result<(), Error> {
        const NAME: &str = "units.csv";
        let mut wtr = writer(w);
        wtr.write_record(UNIT_HEADER).map_err(|e| io_error(NAME, e))?;
        for u in self.units() {
            // `f64`'s Display is the shortest text that reads back to the same bits.
            let scale = u.scale().to_string();
            wtr.write_record([u.id(), u.label(), u.quantity(), &scale]).map_err(|e| io_error(NAME, e))?;
        }
        wtr.flush().map_err(|source| Error::Io { path: PathBuf::from(NAME), source })
    }

    /// Writes the three files into `dir` (which must exist), and units.csv
    /// when the dataset declares units or `dir` already holds a units.csv
    /// (which is then replaced), so that [`Dataset::from_dir`] reads the
    /// same dataset back.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the path if a file cannot be created (say, `dir`
    /// does not exist); [`Error::Io`] naming only the file (say,
    /// `observations.csv`) if writing to it fails.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("bps-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let ds = biopharma_stats::Dataset::embedded();
    /// ds.write_dir(&dir)?;
    /// assert_eq!(&biopharma_stats::Dataset::from_dir(&dir)?, ds);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn write_dir(&self, dir: impl AsRef<Path>) -> Result<(), Error> {
        let dir = dir.as_ref();
        let create = |name: &str| {
            let path = dir.join(name);
            File::create(&path).map(BufWriter::new).map_err(|source| Error::Io { path, source })
        };
        self.write_observations(create("observations.csv")?)?;
        self.write_metrics(create("metrics.csv")?)?;
        self.write_sources(create("sources.csv")?)?;
        if self.units().len() > 0 || dir.join("units.csv").exists() {
            self.write_units(create("units.csv")?)?;
        }
        Ok(())
    }
}
