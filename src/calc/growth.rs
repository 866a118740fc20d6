//! Growth computations: absolute, relative and log change, CAGR, total
//! growth, continuously compounded rate, doubling time, annualising,
//! indexing, interpolation of missing years, and stock ↔ flow conversions.
//!
//! Three layers:
//! - free functions on plain numbers ([`cagr`], [`relative_change`], …):
//!   no allocation, fractional years allowed, `Result<f64, Error>`;
//! - [`Between`] two [`Figure`]s: the same rates as [`Computed`] results
//!   that check units, definitions, entities and statuses ([`Allow`]),
//!   propagate qualifiers and explain themselves;
//! - methods on [`Series`] that pick the figures by year
//!   ([`Series::cagr`], [`Series::changes`], [`Series::interpolate`], …).
//!
//! Rates are fractions (0.1999, not 19.99). A zero base, a negative base
//! or a change of sign is an error for every relative rate, never an
//! infinity or a NaN. Every computation refuses a NaN or infinite input,
//! and a result that overflows f64, with [`ComputeError::NonFiniteInput`]; none
//! returns an infinity or a NaN, and none panics, whatever the input.
//!
#![doc = include_str!("qualifiers.md")]

use crate::{ComputeError, QueryError};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::calc::allow::{Allow, check_same};
use crate::calc::bound::{Bound, Effect, propagate};
use crate::calc::computed::{Calc, Computed, ResultUnit, num, ratio_growth, valid_year};
use crate::calc::core::{self, NumError, Operand};
use crate::calc::figure::Figure;
use crate::data::series::{Derivation, Origin, Point, Series};
use crate::error::Error;
use crate::vocab::period::Period;
use crate::vocab::value::{Status, Unit, Value};

/// Which change between consecutive periods [`Series::changes`] computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ChangeKind {
    /// `end − start`, in the series' unit (percentage points for a percent
    /// series).
    Absolute,
    /// `end / start − 1`, a fraction.
    Relative,
    /// `ln(end / start)`, a fraction (log points / 100).
    Log,
}

/// What [`Series::changes`] does where consecutive points are more than one
/// year apart. There is no default: the caller decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Gaps {
    /// Refuse with [`ComputeError::YearGap`]: a gap is never one period.
    Refuse,
    /// Give a yearly rate over the gap: the CAGR for a relative change, the
    /// continuous rate for a log change, the average yearly change for an
    /// absolute one.
    Annualise,
}

/// How [`Series::interpolate`] fills missing years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Interpolation {
    /// On a straight line between the two anchors.
    Linear,
    /// At the constant growth rate (the CAGR) between the two anchors; needs
    /// both anchors positive.
    Geometric,
}

impl Interpolation {
    fn derivation(self) -> Derivation {
        match self {
            Interpolation::Linear => Derivation::LinearInterpolation,
            Interpolation::Geometric => Derivation::GeometricInterpolation,
        }
    }
}

/// Names for the two numbers of a computation, used in errors.
pub(crate) struct Names<'a> {
    pub(crate) computation: &'static str,
    pub(crate) start: &'a str,
    pub(crate) end: &'a str,
}

impl Names<'_> {
    /// A core result with the computation's figures named in its error.
    pub(crate) fn named<T>(&self, r: Result<T, NumError>) -> Result<T, Error> {
        r.map_err(|e| self.error(e))
    }

    /// A core error with the computation's figures named.
    pub(crate) fn error(&self, e: NumError) -> Error {
        e.in_computation(self.computation, &|o| match o {
            Operand::Start | Operand::Base | Operand::Stock => self.start.to_owned(),
            Operand::End | Operand::Value | Operand::Flow => self.end.to_owned(),
            other => other.to_string(),
        })
    }
}

/// Two figures of one quantity at two years, checked to be comparable:
/// the basis of every growth rate with provenance.
///
/// [`Between::new`] refuses figures of different units, metrics
/// (definitions), entities or statuses unless [`Allow`]ed, figures that are
/// not single years, and a `to` that is not after `from`.
///
/// ```
/// use biopharma_stats::{Allow, Between, Dataset};
/// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
/// let b = Between::new(s.at(2016)?, s.at(2019)?, &Allow::none())?;
/// assert_eq!(b.years(), 3);
/// assert_eq!(b.cagr()?.formatted(), "19.99 %");
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Between {
    from: Figure,
    to: Figure,
    years: i32,
    notes: Vec<String>,
}

impl Between {
    /// Checks and pairs two figures; see the type's documentation.
    ///
    /// # Errors
    ///
    /// - [`ComputeError::NotAYear`] if either figure is of a span, not a
    ///   single year; [`ParseError::BadPeriod`](crate::ParseError::BadPeriod)
    ///   for a year outside 1000..=9999.
    /// - [`QueryError::UnorderedPeriods`] if `to` is not after `from`.
    /// - [`ComputeError::UnitsIncompatible`] for units of different quantities
    ///   or scales (never allowed); [`ComputeError::UnitsDiffer`],
    ///   [`ComputeError::DefinitionsDiffer`], [`ComputeError::EntitiesDiffer`]
    ///   or [`ComputeError::StatusesDiffer`] for figures that differ in that
    ///   aspect and `allow` does not allow it.
    /// - [`ComputeError::NonFiniteInput`] for a NaN or infinite value.
    ///
    /// ```
    /// use biopharma_stats::{QueryError};
    /// use biopharma_stats::{Allow, Between, Dataset, Error};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// assert!(matches!(Between::new(s.at(2019)?, s.at(2016)?, &Allow::none()), Err(Error::Query(QueryError::UnorderedPeriods { .. }))));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn new(from: Figure, to: Figure, allow: &Allow) -> Result<Between, Error> {
        const C: &str = "growth";
        let year = |f: &Figure| {
            valid_year(f.period)?.ok_or_else(|| {
                Error::Compute(ComputeError::NotAYear { computation: C, what: f.describe(), period: f.period })
            })
        };
        let (a, b) = (year(&from)?, year(&to)?);
        if b <= a {
            return Err(Error::Query(QueryError::UnorderedPeriods { earlier: from.period, later: to.period }));
        }
        let mut notes = Vec::new();
        check_same(C, &from, &to, Allow::none().periods(), allow, &mut notes)?;
        from.finite()?;
        to.finite()?;
        Ok(Between { from, to, years: b - a, notes })
    }

    /// The earlier figure.
    pub fn from(&self) -> &Figure {
        &self.from
    }

    /// The later figure.
    pub fn to(&self) -> &Figure {
        &self.to
    }

    /// The whole years from `from` to `to`.
    pub fn years(&self) -> i32 {
        self.years
    }

    fn names(&self, computation: &'static str) -> (String, String, &'static str) {
        (self.from.describe(), self.to.describe(), computation)
    }

    fn arrow(&self) -> String {
        format!("{}→{}", self.from.period, self.to.period)
    }

    fn calc(&self, label: String, formula: String, unit: ResultUnit, flip: bool) -> Calc {
        let (up, down) = if flip { (Effect::Lowers, Effect::Raises) } else { (Effect::Raises, Effect::Lowers) };
        Calc::new(label, formula, unit).input(&self.from, down).input(&self.to, up).notes(&self.notes)
    }

    fn ratio_kind(&self, computation: &'static str) -> Result<(), Error> {
        ratio_growth(computation, &self.from)?;
        ratio_growth(computation, &self.to)
    }

    fn values(&self) -> (f64, f64, String, String) {
        let (s, e) = (self.from.value.value, self.to.value.value);
        (s, e, num(s), num(e))
    }

    /// `end − start` in the figures' unit; for percent figures, in
    /// percentage points (as a fraction: 9.6 points is 0.096).
    ///
    /// # Errors
    ///
    /// [`ComputeError::NonFiniteInput`] if the difference overflows f64.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let c = ds.series("biomedicine_market_size", "china")?.between(2016, 2019)?.absolute_change()?;
    /// assert_eq!(c.formatted(), "133.6 billion yuan");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn absolute_change(&self) -> Result<Computed, Error> {
        let (from, to, c) = self.names("absolute change");
        let (s, e, ts, te) = self.values();
        let v = Names { computation: c, start: &from, end: &to }.named(core::absolute_change(s, e))?;
        let label = format!("change {}", self.arrow());
        if self.from.unit() == Unit::Percent && self.to.unit() == Unit::Percent {
            let formula = format!("({te} − {ts}) / 100");
            return self.calc(label, formula, ResultUnit::PercentagePoints, false).finish(v / 100.0);
        }
        self.calc(label, format!("{te} − {ts}"), ResultUnit::Unit(self.to.unit()), false).finish(v)
    }

    /// `(end − start) / years`: the average yearly absolute change (what
    /// [`Series::changes`] gives for an absolute change over a gap when
    /// annualising).
    ///
    /// # Errors
    ///
    /// [`ComputeError::NonFiniteInput`] if the difference overflows f64.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let c = ds.series("biomedicine_market_size", "china")?.between(2016, 2019)?.average_yearly_change()?;
    /// assert!((c.value() - 133.6 / 3.0).abs() < 1e-12);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn average_yearly_change(&self) -> Result<Computed, Error> {
        let (from, to, c) = self.names("average yearly change");
        let (s, e, ts, te) = self.values();
        let v = Names { computation: c, start: &from, end: &to }.named(core::average_yearly_change(
            s,
            e,
            f64::from(self.years),
        ))?;
        let label = format!("average yearly change {}", self.arrow());
        let n = self.years;
        if self.from.unit() == Unit::Percent && self.to.unit() == Unit::Percent {
            let formula = format!("({te} − {ts}) / 100 / {n}");
            return self.calc(label, formula, ResultUnit::PercentagePoints, false).finish(v / 100.0);
        }
        self.calc(label, format!("({te} − {ts}) / {n}"), ResultUnit::Unit(self.to.unit()), false).finish(v)
    }

    /// `end / start − 1`, a fraction.
    ///
    /// # Errors
    ///
    /// - [`ComputeError::KindNotSupported`] for a share or rank metric (no
    ///   ratio growth; see [`MetricKind::has_ratio_growth`](crate::MetricKind::has_ratio_growth)).
    /// - [`ComputeError::ZeroBase`] for a start of zero,
    ///   [`ComputeError::NegativeBase`] for a negative start,
    ///   [`ComputeError::SignChange`] for a negative end.
    /// - [`ComputeError::NonFiniteInput`] if the result overflows f64.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let r = ds.series("biomedicine_market_size", "china")?.between(2016, 2019)?.relative_change()?;
    /// assert_eq!(r.formatted(), "72.77 %");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn relative_change(&self) -> Result<Computed, Error> {
        self.relative("relative change")
    }

    /// Total growth over the span, `end / start − 1`: the same number as
    /// [`Between::relative_change`], labelled with the span's years.
    ///
    /// # Errors
    ///
    /// As [`Between::relative_change`].
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let t = ds.series("biomedicine_market_size", "china")?.between(2016, 2019)?.total_growth()?;
    /// assert_eq!(t.label(), "total growth 2016→2019 (3 years)");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn total_growth(&self) -> Result<Computed, Error> {
        self.relative("total growth")
    }

    fn relative(&self, what: &'static str) -> Result<Computed, Error> {
        self.ratio_kind(what)?;
        let (from, to, c) = self.names(what);
        let (s, e, ts, te) = self.values();
        let v = Names { computation: c, start: &from, end: &to }.named(core::relative_change(s, e))?;
        let mut label = format!("{what} {}", self.arrow());
        if what == "total growth" {
            label.push_str(&format!(" ({} year{})", self.years, if self.years == 1 { "" } else { "s" }));
        }
        self.calc(label, format!("{te} / {ts} − 1"), ResultUnit::Fraction, false).finish(v)
    }

    /// `ln(end / start)`, a fraction.
    ///
    /// # Errors
    ///
    /// As [`Between::relative_change`], and [`ComputeError::SignChange`] for
    /// an end of zero (its logarithm is undefined).
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let l = ds.series("biomedicine_market_size", "china")?.between(2016, 2019)?.log_change()?;
    /// assert_eq!(l.formula(), "ln(317.2 / 183.6)");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn log_change(&self) -> Result<Computed, Error> {
        const C: &str = "log change";
        self.ratio_kind(C)?;
        let (from, to, c) = self.names(C);
        let (s, e, ts, te) = self.values();
        let v = Names { computation: c, start: &from, end: &to }.named(core::log_change(s, e))?;
        self.calc(format!("log change {}", self.arrow()), format!("ln({te} / {ts})"), ResultUnit::Fraction, false)
            .finish(v)
    }

    /// The compound annual growth rate `(end / start)^(1 / years) − 1`;
    /// equally the annualised rate of the span's total growth.
    ///
    /// # Errors
    ///
    /// As [`Between::relative_change`].
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let g = ds.series("biomedicine_market_size", "china")?.between(2016, 2019)?.cagr()?;
    /// assert_eq!(g.to_string(), "CAGR 2016→2019 = (317.2 / 183.6)^(1/3) − 1 = 19.99 %");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn cagr(&self) -> Result<Computed, Error> {
        const C: &str = "CAGR";
        self.ratio_kind(C)?;
        let (from, to, c) = self.names(C);
        let (s, e, ts, te) = self.values();
        let n = self.years;
        let v = Names { computation: c, start: &from, end: &to }.named(core::cagr(s, e, f64::from(n)))?;
        self.calc(format!("CAGR {}", self.arrow()), format!("({te} / {ts})^(1/{n}) − 1"), ResultUnit::Fraction, false)
            .finish(v)
    }

    /// The continuously compounded rate `ln(end / start) / years`.
    ///
    /// # Errors
    ///
    /// As [`Between::log_change`].
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let c = ds.series("biomedicine_market_size", "china")?.between(2016, 2019)?.continuous_rate()?;
    /// assert_eq!(c.formatted(), "18.23 %");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn continuous_rate(&self) -> Result<Computed, Error> {
        const C: &str = "continuous rate";
        self.ratio_kind(C)?;
        let (from, to, c) = self.names(C);
        let (s, e, ts, te) = self.values();
        let n = self.years;
        let v = Names { computation: c, start: &from, end: &to }.named(core::continuous_rate(s, e, f64::from(n)))?;
        let label = format!("continuously compounded rate {}", self.arrow());
        self.calc(label, format!("ln({te} / {ts}) / {n}"), ResultUnit::Fraction, false).finish(v)
    }

    /// The years to double at the span's CAGR: `ln 2 / ln(1 + CAGR)`.
    ///
    /// # Errors
    ///
    /// As [`Between::cagr`], and [`ComputeError::NeverDoubles`] if the CAGR is
    /// zero or negative; [`ComputeError::NonFiniteInput`] if the time
    /// overflows f64 (a positive CAGR below about 4e-309).
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let d = ds.series("biomedicine_market_size", "china")?.between(2016, 2019)?.doubling_time()?;
    /// assert_eq!(d.formatted(), "3.80 years");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn doubling_time(&self) -> Result<Computed, Error> {
        const C: &str = "doubling time";
        self.ratio_kind(C)?;
        let (from, to, c) = self.names(C);
        let (s, e, ts, te) = self.values();
        let n = self.years;
        let names = Names { computation: c, start: &from, end: &to };
        let rate = names.named(core::cagr(s, e, f64::from(n)))?;
        let v = core::doubling_time(rate).map_err(|e| {
            // The rate is the CAGR of the two figures: name them.
            let of = format!("the CAGR from {from} to {to}");
            e.in_computation(c, &|o| match o {
                Operand::Rate => of.clone(),
                o => o.to_string(),
            })
        })?;
        let label = format!("doubling time at the CAGR {}", self.arrow());
        self.calc(label, format!("ln 2 / ln(({te} / {ts})^(1/{n}))"), ResultUnit::Years, true).finish(v)
    }
}

impl Series {
    pub(crate) fn name(&self) -> String {
        format!("{} / {}", self.metric().id, self.entity())
    }

    /// The points of one status, refusing spans (growth over time needs
    /// single years).
    pub(crate) fn yearly(&self, status: Status, computation: &'static str) -> Result<Vec<&Point>, Error> {
        let pts: Vec<&Point> = self.points().iter().filter(|p| p.status == status).collect();
        for p in &pts {
            if valid_year(p.period)?.is_none() {
                return Err(Error::Compute(ComputeError::NotAYear {
                    computation,
                    what: self.figure_of(p).describe(),
                    period: p.period,
                }));
            }
        }
        Ok(pts)
    }

    /// Period-over-period changes between consecutive points of the same
    /// status (reported points with each other, then targets with each
    /// other; the two are never mixed).
    ///
    /// A gap of several years is never treated as one period: `gaps` says
    /// whether to refuse it ([`ComputeError::YearGap`]) or to annualise it (a CAGR
    /// for a relative change, a continuous rate for a log change, an
    /// average yearly change for an absolute one). Span periods are refused
    /// ([`ComputeError::NotAYear`]); fewer than two points is
    /// [`ComputeError::TooFewPoints`].
    ///
    /// # Errors
    ///
    /// - [`ComputeError::TooFewPoints`] if no status has two points.
    /// - [`ComputeError::NotAYear`] for a point of a span;
    ///   [`ParseError::BadPeriod`](crate::ParseError::BadPeriod) for a year
    ///   outside 1000..=9999.
    /// - [`ComputeError::YearGap`] for consecutive points more than a year
    ///   apart under [`Gaps::Refuse`](crate::Gaps::Refuse).
    /// - Those of the [`Between`] method used for each pair:
    ///   [`Between::absolute_change`] or [`Between::average_yearly_change`]
    ///   for [`ChangeKind::Absolute`](crate::ChangeKind::Absolute);
    ///   [`Between::relative_change`] or [`Between::cagr`] for
    ///   [`ChangeKind::Relative`](crate::ChangeKind::Relative) (so
    ///   [`ComputeError::KindNotSupported`] for a share or rank metric, and
    ///   [`ComputeError::ZeroBase`], [`ComputeError::NegativeBase`],
    ///   [`ComputeError::SignChange`] for the values);
    ///   [`Between::log_change`] or [`Between::continuous_rate`] for
    ///   [`ChangeKind::Log`](crate::ChangeKind::Log).
    ///
    /// ```
    /// use biopharma_stats::{ComputeError};
    /// use biopharma_stats::{ChangeKind, Dataset, Error, Gaps};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// // 2016 and 2019 are three years apart:
    /// assert!(matches!(s.changes(ChangeKind::Relative, Gaps::Refuse), Err(Error::Compute(ComputeError::YearGap { years: 3, .. }))));
    /// let yearly = s.changes(ChangeKind::Relative, Gaps::Annualise)?;
    /// assert_eq!(yearly[0].formatted(), "19.99 %");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn changes(&self, kind: ChangeKind, gaps: Gaps) -> Result<Vec<Computed>, Error> {
        const C: &str = "period-over-period change";
        let most = Status::ALL.iter().map(|&s| self.points().iter().filter(|p| p.status == s).count()).max();
        let most = most.unwrap_or(0);
        if most < 2 {
            return Err(Error::Compute(ComputeError::TooFewPoints {
                computation: C,
                what: self.name(),
                needed: 2,
                found: most,
            }));
        }
        let mut out = Vec::new();
        for status in Status::ALL {
            let pts = self.yearly(status, C)?;
            for w in pts.windows(2) {
                let b = Between::new(self.figure_of(w[0]), self.figure_of(w[1]), &Allow::none())?;
                let c = if b.years() == 1 {
                    match kind {
                        ChangeKind::Absolute => b.absolute_change(),
                        ChangeKind::Relative => b.relative_change(),
                        ChangeKind::Log => b.log_change(),
                    }
                } else {
                    match gaps {
                        Gaps::Refuse => Err(Error::Compute(ComputeError::YearGap {
                            metric: self.metric().id.to_string(),
                            entity: self.entity().to_owned(),
                            from: w[0].period,
                            to: w[1].period,
                            years: b.years(),
                        })),
                        Gaps::Annualise => match kind {
                            ChangeKind::Absolute => b.average_yearly_change(),
                            ChangeKind::Relative => b.cagr(),
                            ChangeKind::Log => b.continuous_rate(),
                        },
                    }
                }?;
                out.push(c);
            }
        }
        Ok(out)
    }

    /// Every point of the base year's status as an index, the base year =
    /// 100 (exactly 100 at the base).
    ///
    /// # Errors
    ///
    /// - [`QueryError::MissingPeriod`] if the series has no point for the base
    ///   year.
    /// - [`ComputeError::KindNotSupported`] for a share or rank metric.
    /// - [`ComputeError::ZeroBase`] or [`ComputeError::NegativeBase`] for the
    ///   base; [`ComputeError::SignChange`] for a negative value;
    ///   [`ComputeError::NonFiniteInput`] for a NaN or infinite value or an
    ///   index that overflows f64.
    /// - [`ComputeError::NotAYear`] for a span among the points of the base's
    ///   status; [`ParseError::BadPeriod`](crate::ParseError::BadPeriod) for a
    ///   year outside 1000..=9999.
    ///
    /// ```
    /// let s = biopharma_stats::Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// let ix = s.index_to(2016)?;
    /// assert_eq!(ix[0].value(), 100.0);
    /// assert_eq!(ix[1].formatted(), "172.77");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn index_to(&self, base_year: i32) -> Result<Vec<Computed>, Error> {
        const C: &str = "index";
        let base = self.at(base_year)?;
        ratio_growth(C, &base)?;
        let b = base.finite()?;
        let bname = base.describe();
        let mut out = Vec::new();
        for p in self.yearly(base.status, C)? {
            let f = self.figure_of(p);
            let label = format!("index {} ({} = 100)", p.period, base.period);
            let formula = format!("{} / {} × 100", num(f.value.value), num(b));
            let fname = f.describe();
            let names = Names { computation: C, start: &bname, end: &fname };
            let v = names.named(core::index_value(f.finite()?, b))?;
            let c = if p.period == base.period {
                // Exactly 100, whatever the qualifier: the base is its own measure.
                Calc::new(label, formula, ResultUnit::Index)
                    .period(p.period)
                    .input(&f, Effect::Neutral)
                    .finish(100.0)?
            } else {
                Calc::new(label, formula, ResultUnit::Index)
                    .period(p.period)
                    .input(&base, Effect::Lowers)
                    .input(&f, Effect::Raises)
                    .finish(v)?
            };
            out.push(c);
        }
        Ok(out)
    }

    /// The series with every missing year between two single-year points of
    /// the same status filled in, linearly or geometrically (constant
    /// CAGR). Filled points are [`Origin::Derived`], never reported, and
    /// approx (or a bound, by the rules on [`Bound`](crate::Bound)); the
    /// anchors and any span points are kept as they are. Geometric
    /// interpolation needs both anchors positive.
    ///
    /// # Errors
    ///
    /// - [`ParseError::BadPeriod`](crate::ParseError::BadPeriod) for a year
    ///   outside 1000..=9999.
    /// - For [`Interpolation::Geometric`](crate::Interpolation::Geometric):
    ///   [`ComputeError::ZeroBase`] or [`ComputeError::NegativeBase`] for an
    ///   earlier anchor of zero or less, [`ComputeError::SignChange`] for a
    ///   later one.
    /// - [`ComputeError::NonFiniteInput`] for a NaN or infinite anchor.
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Interpolation, Qualifier};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// let filled = s.interpolate(Interpolation::Linear)?;
    /// let p = filled.year(2017).unwrap();
    /// assert!(p.is_derived());
    /// assert_eq!(p.value.qualifier, Qualifier::Approx);
    /// assert!((p.value.value - (183.6 + 133.6 / 3.0)).abs() < 1e-9);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn interpolate(&self, method: Interpolation) -> Result<Series, Error> {
        const C: &str = "interpolation";
        for p in self.points() {
            valid_year(p.period)?;
        }
        let mut points = self.points().to_vec();
        for status in Status::ALL {
            let anchors: Vec<&Point> =
                self.points().iter().filter(|p| p.status == status && p.period.as_year().is_some()).collect();
            for w in anchors.windows(2) {
                let (y0, y1) = (w[0].period.start(), w[1].period.start());
                if y1 - y0 < 2 {
                    continue;
                }
                let (n0, n1) = (self.figure_of(w[0]).describe(), self.figure_of(w[1]).describe());
                let names = Names { computation: C, start: &n0, end: &n1 };
                let (b0, a0) = Bound::of(w[0].value.qualifier);
                let (b1, a1) = Bound::of(w[1].value.qualifier);
                let (bound, _, _) = propagate([
                    (b0, a0, Effect::Raises, String::new(), String::new()),
                    (b1, a1, Effect::Raises, String::new(), String::new()),
                ]);
                let qualifier = bound.qualifier(true);
                for y in y0 + 1..y1 {
                    let t = f64::from(y - y0) / f64::from(y1 - y0);
                    let v = names.named(core::interpolate(method, w[0].value.value, w[1].value.value, t))?;
                    points.push(Point {
                        period: Period::Year(y),
                        value: Value::new(v, qualifier),
                        status,
                        origin: Origin::Derived { method: method.derivation() },
                    });
                }
            }
        }
        points.sort_by_key(|p| (p.period, p.status));
        let s = Series::new(self.metric().clone(), self.entity(), points, self.sources().to_vec())?;
        Ok(s.with_resolutions(self.resolutions().to_vec()))
    }

    /// How an interpolated point of this series (one made by
    /// [`Series::interpolate`]) was obtained: a [`Computed`] whose
    /// explanation names the method, the two anchors with their sources, and
    /// the formula with its numbers.
    ///
    /// # Errors
    ///
    /// [`QueryError::MissingPeriod`] if the year has no point,
    /// [`ComputeError::NotInterpolated`] if the point was not interpolated
    /// (reported, or derived otherwise), and those of the interpolation.
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Interpolation};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// let filled = s.interpolate(Interpolation::Linear)?;
    /// let how = filled.explain_interpolated(2017)?;
    /// // 183.6 + (317.2 − 183.6) × 1/3 = 228.1333…
    /// assert!((how.value() - (183.6 + 133.6 / 3.0)).abs() < 1e-9);
    /// assert_eq!(how.formula(), "183.6 + (317.2 − 183.6) × 1/3");
    /// assert!(how.explain().contains("2016: 183.6 billion yuan"));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn explain_interpolated(&self, year: i32) -> Result<Computed, Error> {
        const C: &str = "interpolation";
        let point = self.at(year)?;
        let method = match point.origin {
            Origin::Derived { method: Derivation::LinearInterpolation } => Interpolation::Linear,
            Origin::Derived { method: Derivation::GeometricInterpolation } => Interpolation::Geometric,
            _ => {
                return Err(Error::Compute(ComputeError::NotInterpolated { what: point.describe() }));
            }
        };
        // The anchors: the nearest points of the same status that were not
        // filled in, before and after the year.
        let anchor = |before: bool| {
            let mut pts = self.points().iter().filter(|p| {
                p.status == point.status
                    && !p.is_derived()
                    && p.period.as_year().is_some_and(|y| if before { y < year } else { y > year })
            });
            if before { pts.next_back() } else { pts.next() }
        };
        let (Some(a), Some(b)) = (anchor(true), anchor(false)) else {
            return Err(Error::Compute(ComputeError::NotInterpolated { what: point.describe() }));
        };
        let (fa, fb) = (self.figure_of(a), self.figure_of(b));
        let (y0, y1) = (a.period.start(), b.period.start());
        let (k, n) = (year - y0, y1 - y0);
        let (n0, n1) = (fa.describe(), fb.describe());
        let names = Names { computation: C, start: &n0, end: &n1 };
        let v = names.named(core::interpolate(method, fa.value.value, fb.value.value, f64::from(k) / f64::from(n)))?;
        let (ta, tb) = (num(fa.value.value), num(fb.value.value));
        let formula = match method {
            Interpolation::Linear => format!("{ta} + ({tb} − {ta}) × {k}/{n}"),
            _ => format!("{ta} × ({tb} / {ta})^({k}/{n})"),
        };
        let label = format!("{} {year} between {y0} and {y1}", method.derivation());
        let mut calc = Calc::new(label, formula, ResultUnit::Unit(self.unit()))
            .period(Period::Year(year))
            .input(&fa, Effect::Raises)
            .input(&fb, Effect::Raises);
        calc.estimate = true;
        calc.finish(v)
    }
}
