//! A typed, sourced dataset of the figures reported about China's
//! biomedicine and biopharmaceutical industry — market size, innovative drug
//! and device approvals, cumulative counts, regional shares, ranks, targets —
//! each with its unit, period, qualifier ("about", "more than"), status and
//! source, quoted verbatim.
//!
//! ```
//! use biopharma_stats::{Dataset, Period};
//!
//! let ds = Dataset::embedded();
//! let s = ds.series("biomedicine_market_size", "china")?;
//! for p in s.points() {
//!     println!("{}: {} {} ({})", p.period, p.value, s.unit().label(), s.cite(p));
//! }
//! assert_eq!(s.get(Period::Year(2019)).map(|p| p.value.value), Some(317.2));
//! # Ok::<(), biopharma_stats::Error>(())
//! ```
//!
//! # Data model
//!
//! A [`Dataset`] holds [`Metric`]s (what is measured, in which [`Unit`], of
//! which [`MetricKind`]), [`Source`]s (who published what, when) and
//! observations: one reported figure each, with a [`Period`], a [`Value`]
//! (number and [`Qualifier`]), a [`Status`] (reported or target), a source
//! and the quote that states it. The files and every caveat are described in
//! the codebook, `data/README.md`.
//!
//! A [`Series`] is the ordered points of one metric for one entity. Where
//! two sources disagree about a period, [`Dataset::series`] refuses with
//! [`Error::Conflict`]; [`Dataset::series_with`] takes a [`Resolve`] rule
//! and the series records what it chose.
//!
//! # Every series at once
//!
//! [`Dataset::bulk`] computes, over every series in one pass, the change
//! from the previous year, each entity's share of its metric's yearly
//! total and each series' CAGR, as columns with a [`PointStatus`] per
//! number (zero or negative base, year gap, conflicting sources, …). It is
//! built for large user files: a million rows take tens of milliseconds.
//!
//! # Loading your own data
//!
//! [`Dataset::from_dir`] and [`Dataset::from_readers`] read files of the same
//! shape, validate every field and report the first problem with file, line
//! and column. [`Dataset::write_dir`] writes them back losslessly.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod bulk;
mod dataset;
mod error;
mod idtable;
mod load;
mod metric;
mod period;
mod series;
mod source;
mod value;
mod write;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use bulk::{Bulk, BulkSeries, PointStatus};
pub use dataset::{Conflict, Dataset, Observation, Query};
pub use error::{Error, Location, Result};
pub use metric::{Metric, MetricId, MetricKind};
pub use period::{MAX_YEAR, MIN_YEAR, Period, YearSpan};
pub use series::{Derivation, Origin, Point, Resolution, Resolve, Series, SeriesOptions};
pub use source::{DatePrecision, PublicationDate, Source, SourceId};
pub use value::{Qualifier, Status, Unit, UnknownWord, Value};
