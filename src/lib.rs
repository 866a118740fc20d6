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
//! [`QueryError::Conflict`]; [`Dataset::series_with`] takes a [`Resolve`] rule
//! and the series records what it chose.
//!
//! # The house
//!
//! Four layers, one way down: the vocabulary (periods, values, units,
//! sources, metrics), the data (a private columnar store, CSV reading and
//! writing, queries, series, conflicts), the computations (one numeric core
//! and the layers that add provenance), and the charts (scene, layout,
//! paint). Each layer has its own error type — [`ParseError`], [`LoadError`]
//! and [`QueryError`], [`ComputeError`] and [`NumError`], `ChartError` — and
//! [`Error`] wraps them.
//!
//! # Growth and shares
//!
//! Every formula exists once, in the numeric core: the free functions
//! ([`cagr`], [`relative_change`], [`share`], …, `f64` in and out with a
//! `Copy` [`NumError`]) are that core, and everything else calls them.
//!
//! Rates are fractions. Every computation with provenance returns `Result<`[`Computed`]`, Error>`:
//! the value, whether it is exact, approximate or a bound ([`Bound`]), and an
//! [`explain`](Computed::explain) that writes the formula with its numbers and
//! the sources of its inputs. Zero or negative bases, gaps of years, mixed
//! units, definitions, entities or statuses are typed errors unless
//! [`Allow`]ed. See `Series::cagr`, `Series::changes`, `Series::interpolate`,
//! `Series::cumulate`, [`Figure::share_of`] and the free functions such as
//! [`cagr`] and [`share`].
//!
//! ```
//! let s = biopharma_stats::Dataset::embedded().series("biomedicine_market_size", "china")?;
//! let g = s.cagr(2016, 2019)?; // (317.2 / 183.6)^(1/3) − 1
//! assert_eq!(biopharma_stats::format_percent(g.value()), "19.99 %");
//! # Ok::<(), biopharma_stats::Error>(())
//! ```
//!
//! [`Dataset::conflicts`] lists where sources disagree, and
//! [`Dataset::reconcile`] checks a cumulative series against its yearly flows.
//!
//! # Charts
//!
//! With the `charts` feature (on by default), `Chart` draws series as lines
//! or bars, several series grouped, shares as stacked bars or pies, with a
//! source caption on every chart, to PNG or SVG files or bytes. It needs no
//! system library: the fonts ship with the crate.
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
//! shape, validate every field (and every value against the rule of its
//! metric's kind and unit: a share in percent within 0–100, a count a whole
//! number ≥ 0, a rank a whole number ≥ 1) and report the first problem with
//! file, line and column. An optional `units.csv` declares units that are not
//! built in (see [`Unit`]); computations never combine different quantities
//! or scales. [`Dataset::write_dir`] writes the files back losslessly, and
//! [`Dataset::merge`] combines your set with the embedded one:
//! `Dataset::embedded().merge(&Dataset::from_dir("mine")?)?`.
//!
//! [`Dataset::conflicts`] lists figures that cannot all be true;
//! [`Dataset::agreements`] those that differ but agree ("68" and "at least
//! 32"), which a series settles to the most precise. [`SeriesOptions::as_of`]
//! builds a series from what was known on a date.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

// The chart layout tests include examples/charts.rs, which names the crate.
#[cfg(all(test, feature = "charts"))]
extern crate self as biopharma_stats;

mod calc;
#[cfg(feature = "charts")]
mod chart;
mod data;
mod error;
mod vocab;

/// The README's examples, compiled and run as doctests (they use charts).
#[cfg(all(doctest, feature = "charts"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use calc::allow::Allow;
pub use calc::bound::Bound;
pub use calc::bulk::{Bulk, BulkSeries, PointStatus};
pub use calc::computed::{Computed, ResultUnit, format_percent, format_pp};
pub use calc::core::{
    NumError, Operand, absolute_change, annualise, average_yearly_change, cagr, continuous_rate,
    contribution_to_growth, cumulate, doubling_time, flow_between, implied_earlier_stock, implied_part, implied_whole,
    index_value, interpolate, log_change, relative_change, share, share_change, shares_of_total, stock_after,
};
pub use calc::error::ComputeError;
pub use calc::figure::Figure;
pub use calc::growth::{Between, ChangeKind, Gaps, Interpolation};
pub use calc::rates::{BasisRemark, Level, LevelChoice, RateCheck};
pub use calc::reconcile::{Agreement, Base, ReconcileOptions, ReconcileRow, Reconciliation, reconcile};
#[cfg(feature = "charts")]
pub use chart::error::ChartError;
#[cfg(feature = "charts")]
pub use chart::{
    CAPTION_MAX_SHARE, Chart, DEFAULT_HEIGHT, DEFAULT_WIDTH, MAX_SIDE, MIN_SIZE, MIN_TEXT_PX, PngCompression,
    ShareStyle, kind as chart_kind, year_tick_labels,
};
/// The calendar date type of [`SeriesOptions::as_of`] and [`PublicationDate`],
/// re-exported from `chrono`.
pub use chrono::NaiveDate;
pub use data::dataset::{Conflict, Dataset, Observation, Query};
pub use data::error::{LoadError, QueryError};
pub use data::series::{Derivation, Origin, Point, Resolution, Resolve, Series, SeriesOptions};
pub use error::{Error, Result};
pub use vocab::error::{Location, ParseError};
pub use vocab::metric::{Metric, MetricId, MetricKind};
pub use vocab::number::{DERIVED_SIGNIFICANT_FIGURES, MINUS, WRITTEN_DIGITS, format_number};
pub use vocab::period::{MAX_YEAR, MIN_YEAR, Period, YearSpan};
pub use vocab::source::{DatePrecision, PublicationDate, Source, SourceId};
pub use vocab::value::{BadUnit, Qualifier, Status, Unit, UnknownWord, Value};

/// Users share a loaded dataset, its series and results across threads:
/// these must stay `Send + Sync` (a compile-time check).
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Dataset>();
    send_sync::<Series>();
    send_sync::<Computed>();
    send_sync::<Error>();
    send_sync::<NumError>();
    send_sync::<Bulk<'static>>();
};
