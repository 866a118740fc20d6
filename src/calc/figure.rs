//! A [`Figure`]: one point of a series with its metric, entity, period,
//! value, status, sources and the conflicts settled for it — what every
//! computation with provenance takes.

use crate::ComputeError;

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::data::series::{Origin, Resolution};
use crate::error::Error;
use crate::vocab::metric::Metric;
use crate::vocab::period::Period;
use crate::vocab::source::Source;
use crate::vocab::value::{Status, Unit, Value};

/// One figure as a computation takes it: a value of one metric, entity and
/// period, with its status and everything needed to cite it.
///
/// Get one from a series with [`Series::at`](crate::Series::at),
/// [`Series::figure`](crate::Series::figure) or
/// [`Series::figure_of`](crate::Series::figure_of); build your own with
/// [`Figure::new`].
///
/// ```
/// let ds = biopharma_stats::Dataset::embedded();
/// let f = ds.series("biomedicine_market_size", "china")?.at(2016)?;
/// assert_eq!(f.value.value, 183.6);
/// assert_eq!(f.describe(), "biomedicine_market_size / china in 2016");
/// assert!(!f.sources.is_empty());
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
/// Serialize only: a deserialised value would skip the checks of its
/// constructor.
#[cfg_attr(feature = "serde", derive(Serialize))]
#[non_exhaustive]
pub struct Figure {
    /// What is measured: id (the definition), unit and kind.
    pub metric: Metric,
    /// Whom it is measured for.
    pub entity: String,
    /// The year or span it refers to.
    pub period: Period,
    /// The number and its qualifier, in the metric's unit.
    pub value: Value,
    /// Reported or target.
    pub status: Status,
    /// Reported by sources, or derived.
    pub origin: Origin,
    /// The sources that state it (none when derived or supplied by you).
    pub sources: Vec<Source>,
    /// A short citation: publishers and dates, as [`Series::cite`](crate::Series::cite) gives it.
    pub citation: String,
    /// The conflicts between sources settled for this figure's period.
    pub resolutions: Vec<Resolution>,
}

impl Figure {
    /// A figure you supply: reported, citing no source. An error if the
    /// value is not finite.
    ///
    /// # Errors
    ///
    /// [`ComputeError::NonFiniteInput`](crate::ComputeError::NonFiniteInput)
    /// if the value is NaN or infinite.
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Figure, Period, Value};
    /// let m = Dataset::embedded().metric("domestic_innovative_drug_approvals").unwrap().clone();
    /// let f = Figure::new(m, "china", Period::Year(2024), Value::exact(48.0))?;
    /// assert_eq!(f.citation, "supplied by the caller");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn new(metric: Metric, entity: impl Into<String>, period: Period, value: Value) -> Result<Figure, Error> {
        let entity = entity.into();
        if !value.value.is_finite() {
            return Err(Error::Compute(ComputeError::NonFiniteInput {
                what: format!("{} / {} in {}", metric.id, entity, period),
            }));
        }
        Ok(Figure {
            metric,
            entity,
            period,
            value,
            status: Status::Reported,
            origin: Origin::Reported { sources: Vec::new() },
            sources: Vec::new(),
            citation: "supplied by the caller".to_owned(),
            resolutions: Vec::new(),
        })
    }

    /// The same figure with another status (say, a target you supply).
    pub fn with_status(mut self, status: Status) -> Figure {
        self.status = status;
        self
    }

    /// The unit of the value (the metric's).
    pub fn unit(&self) -> Unit {
        self.metric.unit
    }

    /// `metric / entity in period`, with ` (target)` for a target: how errors
    /// and explanations name the figure.
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Figure, Period, Status, Value};
    /// let m = Dataset::embedded().metric("biomedicine_companies").unwrap().clone();
    /// let f = Figure::new(m, "suzhou", Period::Year(2025), Value::exact(4000.0))?;
    /// assert_eq!(f.describe(), "biomedicine_companies / suzhou in 2025");
    /// assert_eq!(f.with_status(Status::Target).describe(), "biomedicine_companies / suzhou in 2025 (target)");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn describe(&self) -> String {
        let target = if self.status == Status::Target { " (target)" } else { "" };
        format!("{} / {} in {}{target}", self.metric.id, self.entity, self.period)
    }

    /// The value, or an error naming the figure if it is not finite (a
    /// figure built by hand may hold anything).
    pub(crate) fn finite(&self) -> Result<f64, Error> {
        if self.value.value.is_finite() {
            Ok(self.value.value)
        } else {
            Err(Error::Compute(ComputeError::NonFiniteInput { what: self.describe() }))
        }
    }
}
