//! A series: the ordered points of one metric for one entity, with the
//! sources of each point and any conflict resolution applied.

use crate::{ComputeError, QueryError};
use std::fmt;

use chrono::NaiveDate;
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::data::agree;
use crate::data::dataset::{Conflict, Observation};
use crate::error::Error;
use crate::vocab::metric::Metric;
use crate::vocab::period::Period;
use crate::vocab::source::{Source, SourceId};
use crate::vocab::value::{Status, Unit, Value};

/// How a point came to be.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Origin {
    /// Stated by one or more sources (several when they agree).
    Reported {
        /// The ids of the sources that state this value.
        sources: Vec<SourceId>,
    },
    /// Computed from other points; never a reported figure.
    Derived {
        /// How it was computed.
        method: Derivation,
    },
}

/// The computation behind a derived point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Derivation {
    /// Interpolated at a constant growth rate between two reported points.
    GeometricInterpolation,
    /// Interpolated on a straight line between two reported points.
    LinearInterpolation,
    /// A running total of flows plus a base stock.
    CumulatedFromFlows,
    /// The difference of consecutive stocks.
    FlowFromStocks,
    /// A stock less the flow that led to it.
    ImpliedEarlierStock,
}

impl fmt::Display for Derivation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Derivation::GeometricInterpolation => "geometric interpolation",
            Derivation::LinearInterpolation => "linear interpolation",
            Derivation::CumulatedFromFlows => "cumulated from flows",
            Derivation::FlowFromStocks => "flow from stocks",
            Derivation::ImpliedEarlierStock => "implied earlier stock",
        })
    }
}

/// One point of a series.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct Point {
    /// The year or span it refers to.
    pub period: Period,
    /// The number and its qualifier.
    pub value: Value,
    /// Reported or target.
    pub status: Status,
    /// Reported by sources, or derived.
    pub origin: Origin,
}

impl Point {
    /// A point of `period` with `value`, `status` and `origin`.
    ///
    /// ```
    /// use biopharma_stats::{Origin, Period, Point, Status, Value};
    /// let p = Point::new(Period::Year(2020), Value::exact(3.0), Status::Reported, Origin::Reported { sources: vec![] });
    /// assert!(!p.is_derived());
    /// ```
    pub fn new(period: Period, value: Value, status: Status, origin: Origin) -> Point {
        Point { period, value, status, origin }
    }

    /// Whether the point was computed rather than reported.
    pub fn is_derived(&self) -> bool {
        matches!(self.origin, Origin::Derived { .. })
    }
}

/// How to choose between sources that give different values for the same
/// metric, entity, period and status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Resolve {
    /// Refuse: return [`QueryError::Conflict`] naming the values and sources.
    #[default]
    Refuse,
    /// Take this source's value; still a conflict where it gives none.
    PreferSource(SourceId),
    /// Take the value from the source published last. A conflict when the
    /// dates cannot be told apart (say `2022` against `2022-03-29`).
    LatestPublication,
    /// Take the value from the source published first, likewise.
    EarliestPublication,
    /// Not a choice but a record: figures that differ but can all be true
    /// ("68" and "at least 32") are settled without asking, to the exact
    /// figure (else an approximate one, else the tightest bound), and a
    /// series records that under this rule. As an option it refuses real
    /// conflicts, as [`Resolve::Refuse`] does.
    BoundsAgree,
}

impl fmt::Display for Resolve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Resolve::Refuse => f.write_str("refuse conflicts"),
            Resolve::PreferSource(s) => write!(f, "prefer source {s}"),
            Resolve::LatestPublication => f.write_str("latest publication wins"),
            Resolve::EarliestPublication => f.write_str("earliest publication wins"),
            Resolve::BoundsAgree => f.write_str("the figures agree: the most precise is kept"),
        }
    }
}

/// A disagreement that a [`Resolve`] rule settled while building a series:
/// the [`Conflict`] (the same type [`Dataset::conflicts`](crate::Dataset::conflicts),
/// [`Dataset::agreements`](crate::Dataset::agreements) and
/// [`QueryError::Conflict`](crate::QueryError::Conflict) hold), the rule,
/// and which figure was kept.
///
/// ```
/// use biopharma_stats::{Dataset, Period, Resolve, SeriesOptions};
/// let opts = SeriesOptions::new().resolve(Resolve::LatestPublication);
/// let s = Dataset::embedded().series_with("innovative_device_approvals", "china", &opts)?;
/// let r = &s.resolutions()[0];
/// assert_eq!((r.period(), r.rule()), (Period::Year(2018), &Resolve::LatestPublication));
/// assert_eq!(r.chosen().0.value, 21.0);
/// assert_eq!(r.rejected().map(|(v, _)| v.value).collect::<Vec<_>>(), [19.0]);
/// assert_eq!(r.conflict().values.len(), 2);
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Resolution {
    conflict: Conflict,
    rule: Resolve,
    /// Index into `conflict.values`; always in range (built only here).
    kept: usize,
}

impl Resolution {
    /// Settles `conflict` on its value at `kept` by `rule`; `None` if `kept`
    /// is not one of its values.
    pub(crate) fn new(conflict: Conflict, rule: Resolve, kept: usize) -> Option<Resolution> {
        (kept < conflict.values.len()).then_some(Resolution { conflict, rule, kept })
    }

    /// The disagreement settled: every distinct value with its sources.
    pub fn conflict(&self) -> &Conflict {
        &self.conflict
    }

    /// The period in conflict.
    pub fn period(&self) -> Period {
        self.conflict.period
    }

    /// The status of the conflicting rows.
    pub fn status(&self) -> Status {
        self.conflict.status
    }

    /// The rule applied.
    pub fn rule(&self) -> &Resolve {
        &self.rule
    }

    /// The value kept, with the sources that state it.
    pub fn chosen(&self) -> &(Value, Vec<SourceId>) {
        // `kept` is in range: `new` is the only way to build one.
        &self.conflict.values[self.kept]
    }

    /// The values set aside, each with the sources that state it.
    pub fn rejected(&self) -> impl Iterator<Item = &(Value, Vec<SourceId>)> {
        self.conflict.values.iter().enumerate().filter(move |&(i, _)| i != self.kept).map(|(_, v)| v)
    }
}

impl fmt::Display for Resolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |ids: &[SourceId]| ids.iter().map(SourceId::as_str).collect::<Vec<_>>().join(", ");
        let (value, ids) = self.chosen();
        write!(f, "{}: kept {} ({}) by rule \"{}\"", self.period(), value, list(ids), self.rule)?;
        for (v, ids) in self.rejected() {
            write!(f, "; set aside {v} ({})", list(ids))?;
        }
        Ok(())
    }
}

/// What a series holds: reported figures, targets, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Statuses {
    #[default]
    Reported,
    Targets,
    Both,
}

/// Options for [`Dataset::series_with`](crate::Dataset::series_with).
///
/// ```
/// use biopharma_stats::{Resolve, SeriesOptions};
/// let opts = SeriesOptions::new().with_targets().resolve(Resolve::LatestPublication);
/// # let _ = opts;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeriesOptions {
    statuses: Statuses,
    only_source: Option<SourceId>,
    resolve: Resolve,
    as_of: Option<NaiveDate>,
}

impl SeriesOptions {
    /// Reported figures only, conflicts refused (the default).
    pub fn new() -> Self {
        SeriesOptions::default()
    }

    /// Include targets beside reported figures.
    pub fn with_targets(mut self) -> Self {
        self.statuses = Statuses::Both;
        self
    }

    /// Targets only.
    pub fn targets_only(mut self) -> Self {
        self.statuses = Statuses::Targets;
        self
    }

    /// Only rows from this source.
    pub fn only_source(mut self, id: impl Into<String>) -> Self {
        self.only_source = Some(SourceId::new(id));
        self
    }

    /// How to settle conflicting sources.
    pub fn resolve(mut self, rule: Resolve) -> Self {
        self.resolve = rule;
        self
    }

    /// What was known on `date`: only figures whose source was published
    /// on or before it. A source dated to a month (`2019-01`) counts as
    /// published on the month's last day (2019-01-31), one dated to a year
    /// (`2019`) on 31 December; so a date inside that month or year leaves
    /// it out. Conflicts are judged among the figures kept, and the series
    /// and every result built on it say "as known on `<date>`".
    ///
    /// ```
    /// use biopharma_stats::{Dataset, SeriesOptions};
    /// use biopharma_stats::NaiveDate;
    /// let ds = Dataset::embedded();
    /// let then = SeriesOptions::new().as_of(NaiveDate::from_ymd_opt(2019, 5, 31).unwrap());
    /// let s = ds.series_with("innovative_device_approvals", "china", &then)?;
    /// assert_eq!(s.year(2018).map(|p| p.value.value), Some(19.0)); // the only figure then published
    /// assert!(s.points().iter().all(|p| p.period.end() <= 2018));
    /// assert!(s.cite(&s.points()[0]).ends_with("(as known on 2019-05-31)"));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn as_of(mut self, date: NaiveDate) -> Self {
        self.as_of = Some(date);
        self
    }

    /// Whether a source counts as published by the `as_of` date (always,
    /// without one).
    pub(crate) fn known(&self, source: &Source) -> bool {
        self.as_of.is_none_or(|d| source.published.last_day() <= d)
    }

    pub(crate) fn as_of_date(&self) -> Option<NaiveDate> {
        self.as_of
    }

    pub(crate) fn admits(&self, s: Status) -> bool {
        match self.statuses {
            Statuses::Reported => s == Status::Reported,
            Statuses::Targets => s == Status::Target,
            Statuses::Both => true,
        }
    }

    pub(crate) fn only_source_id(&self) -> Option<&str> {
        self.only_source.as_ref().map(SourceId::as_str)
    }

    pub(crate) fn resolution(&self) -> &Resolve {
        &self.resolve
    }
}

/// The ordered points of one metric for one entity, with their provenance.
///
/// Points are sorted by period (then reported before target). A series
/// from a dataset holds one point per period and status; where sources
/// disagree, [`Series::resolutions`] records how the point was chosen.
#[derive(Debug, Clone, PartialEq)]
/// Serialize only: a deserialised value would skip the checks of its
/// constructor.
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Series {
    metric: Metric,
    entity: String,
    points: Vec<Point>,
    sources: Vec<Source>,
    resolutions: Vec<Resolution>,
    /// Built from what was known on this date ([`SeriesOptions::as_of`]).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    as_of: Option<NaiveDate>,
}

impl Series {
    /// A series from points you supply (derived or from elsewhere), checked:
    /// values finite, periods strictly increasing within each status, and
    /// every source a point cites present in `sources`.
    ///
    /// # Errors
    ///
    /// - [`ComputeError::NonFiniteInput`](crate::ComputeError::NonFiniteInput)
    ///   for a NaN or infinite value.
    /// - [`QueryError::NoSuchSource`](crate::QueryError::NoSuchSource) for a
    ///   source a reported point cites that is not in `sources`.
    /// - [`QueryError::UnorderedPeriods`](crate::QueryError::UnorderedPeriods)
    ///   for periods of one status not strictly increasing (a repeated period
    ///   included).
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Origin, Period, Point, Series, Status, Value};
    /// let m = Dataset::embedded().metric("biomedicine_market_size").unwrap().clone();
    /// let pt = |y, v| Point::new(Period::Year(y), Value::exact(v), Status::Reported, Origin::Reported { sources: vec![] });
    /// let s = Series::new(m, "somewhere", vec![pt(2020, 1.0), pt(2021, 2.0)], vec![])?;
    /// assert_eq!(s.len(), 2);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn new(
        metric: Metric,
        entity: impl Into<String>,
        points: Vec<Point>,
        sources: Vec<Source>,
    ) -> Result<Series, Error> {
        let entity = entity.into();
        for p in &points {
            if !p.value.value.is_finite() {
                return Err(Error::Compute(ComputeError::NonFiniteInput {
                    what: format!("{} / {} in {}", metric.id, entity, p.period),
                }));
            }
            if let Origin::Reported { sources: ids } = &p.origin
                && let Some(id) = ids.iter().find(|id| !sources.iter().any(|s| &s.id == *id))
            {
                return Err(Error::Query(QueryError::NoSuchSource { id: id.to_string(), suggestion: None }));
            }
        }
        for status in Status::ALL {
            let periods: Vec<Period> = points.iter().filter(|p| p.status == status).map(|p| p.period).collect();
            if let Some(w) = periods.windows(2).find(|w| w[0] >= w[1]) {
                return Err(Error::Query(QueryError::UnorderedPeriods { earlier: w[0], later: w[1] }));
            }
        }
        let mut points = points;
        points.sort_by_key(|p| (p.period, p.status));
        Ok(Series { metric, entity, points, sources, resolutions: Vec::new(), as_of: None })
    }

    /// A series rebuilt from its parts, as [`Series::new`] checks them, with
    /// the record of the conflicts settled when it was first built (from
    /// [`Series::resolutions`]), so that explanations still say how each
    /// point was chosen. Each resolution must name a period and status that
    /// has a point.
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Resolve, Series, SeriesOptions};
    /// let ds = Dataset::embedded();
    /// let opts = SeriesOptions::new().resolve(Resolve::LatestPublication);
    /// let s = ds.series_with("innovative_device_approvals", "china", &opts)?;
    /// let again = Series::from_parts(s.metric().clone(), s.entity(), s.points().to_vec(),
    ///                                s.sources().to_vec(), s.resolutions().to_vec())?;
    /// assert_eq!(again, s);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Series::new`]; [`QueryError::MissingPeriod`] for a resolution
    /// whose period and status have no point.
    pub fn from_parts(
        metric: Metric,
        entity: impl Into<String>,
        points: Vec<Point>,
        sources: Vec<Source>,
        resolutions: Vec<Resolution>,
    ) -> Result<Series, Error> {
        let s = Series::new(metric, entity, points, sources)?;
        if let Some(r) =
            resolutions.iter().find(|r| !s.points.iter().any(|p| (p.period, p.status) == (r.period(), r.status())))
        {
            return Err(Error::Query(QueryError::MissingPeriod {
                metric: s.metric.id.to_string(),
                entity: s.entity.clone(),
                period: r.period(),
                available: s.points.iter().map(|p| p.period).collect(),
            }));
        }
        Ok(s.with_resolutions(resolutions))
    }

    /// A series of exact, reported single-year values without sources, for
    /// figures from elsewhere (your own table, a test); checked as
    /// [`Series::new`] checks.
    ///
    /// # Errors
    ///
    /// As [`Series::new`]: [`ComputeError::NonFiniteInput`](crate::ComputeError::NonFiniteInput)
    /// for a NaN or infinite value,
    /// [`QueryError::UnorderedPeriods`](crate::QueryError::UnorderedPeriods)
    /// for years not strictly increasing.
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Series};
    /// let m = Dataset::embedded().metric("biomedicine_market_size").unwrap().clone();
    /// let s = Series::from_years(m, "somewhere", &[(2020, 10.0), (2021, 12.0)])?;
    /// let g = s.cagr(2020, 2021)?; // 12 / 10 − 1
    /// assert!((g.value() - 0.2).abs() < 1e-12);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn from_years(metric: Metric, entity: impl Into<String>, values: &[(i32, f64)]) -> Result<Series, Error> {
        let points = values
            .iter()
            .map(|&(year, v)| Point {
                period: Period::Year(year),
                value: Value::exact(v),
                status: Status::Reported,
                origin: Origin::Reported { sources: Vec::new() },
            })
            .collect();
        Series::new(metric, entity, points, Vec::new())
    }

    /// Builds a series from the rows of one metric and entity, already
    /// sorted by (status, period, source), settling conflicts by `rule`.
    pub(crate) fn from_observations(
        metric: &Metric,
        entity: &str,
        rows: &[Observation<'_>],
        rule: &Resolve,
    ) -> Result<Series, Error> {
        let mut points = Vec::new();
        let mut sources: Vec<Source> = Vec::new();
        let mut resolutions = Vec::new();
        let mut cite = |src: &Source| {
            if !sources.iter().any(|s| s.id == src.id) {
                sources.push(src.clone());
            }
            src.id.clone()
        };
        for group in rows.chunk_by(|a, b| (a.status, a.period) == (b.status, b.period)) {
            // Distinct values, each with the rows that state it.
            let mut distinct: Vec<(Value, Vec<&Observation<'_>>)> = Vec::new();
            for r in group {
                match distinct.iter_mut().find(|(v, _)| same_value(v, &r.value)) {
                    Some((_, rs)) => rs.push(r),
                    None => distinct.push((r.value, vec![r])),
                }
            }
            let first = &group[0];
            let values: Vec<Value> = distinct.iter().map(|(v, _)| *v).collect();
            let agreed = if distinct.len() > 1 { agree::keep(&values) } else { None };
            let (rule, agreed) = match agreed {
                Some(i) => (&Resolve::BoundsAgree, Some(i)),
                None => (rule, None),
            };
            let chosen = if distinct.len() == 1 {
                0
            } else {
                let conflict = Conflict {
                    metric: metric.id.clone(),
                    entity: entity.to_owned(),
                    period: first.period,
                    status: first.status,
                    values: distinct
                        .iter()
                        .map(|(v, rs)| (*v, rs.iter().map(|r| r.source.id.clone()).collect()))
                        .collect(),
                };
                let Some(pick) = agreed.or_else(|| choose(&distinct, rule)) else {
                    return Err(Error::Query(QueryError::Conflict(conflict)));
                };
                // `pick` indexes `distinct`, whose values the conflict lists in order.
                resolutions.extend(Resolution::new(conflict, rule.clone(), pick));
                pick
            };
            let (value, rs) = &distinct[chosen];
            let ids = rs.iter().map(|r| cite(r.source)).collect();
            points.push(Point {
                period: first.period,
                value: *value,
                status: first.status,
                origin: Origin::Reported { sources: ids },
            });
        }
        points.sort_by_key(|p| (p.period, p.status));
        Ok(Series { metric: metric.clone(), entity: entity.to_owned(), points, sources, resolutions, as_of: None })
    }

    /// The same series recording `resolutions` (for series derived from one
    /// that settled conflicts: the derived series keeps the record).
    pub(crate) fn with_resolutions(mut self, resolutions: Vec<Resolution>) -> Series {
        self.resolutions = resolutions;
        self
    }

    /// The same series, marked as built from what was known on `date`.
    pub(crate) fn known_on(mut self, date: Option<NaiveDate>) -> Series {
        self.as_of = date;
        self
    }

    /// The same series with the provenance of `from`: its resolutions and
    /// its `as_of` date (for a series derived from `from`).
    #[allow(dead_code)] // For calc's derived series.
    pub(crate) fn with_provenance_of(mut self, from: &Series) -> Series {
        self.resolutions = from.resolutions.clone();
        self.as_of = from.as_of;
        self
    }

    /// The date the series reflects, when built with
    /// [`SeriesOptions::as_of`]: only sources published by then.
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.as_of
    }

    /// The metric.
    pub fn metric(&self) -> &Metric {
        &self.metric
    }

    /// The entity.
    pub fn entity(&self) -> &str {
        &self.entity
    }

    /// The unit of every value (the metric's).
    pub fn unit(&self) -> Unit {
        self.metric.unit
    }

    /// The points in period order.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether the series has no point.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Every source a point cites, each once.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The conflicts settled by a [`Resolve`] rule while building the series.
    pub fn resolutions(&self) -> &[Resolution] {
        &self.resolutions
    }

    /// The first point for this period (a reported one before a target).
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Period};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// assert_eq!(s.get(Period::Year(2019)).map(|p| p.value.value), Some(317.2));
    /// assert!(s.get(Period::Year(2017)).is_none());
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn get(&self, period: Period) -> Option<&Point> {
        self.points.iter().find(|p| p.period == period)
    }

    /// The first point for this single year.
    pub fn year(&self, year: i32) -> Option<&Point> {
        self.get(Period::Year(year))
    }

    /// The sources a point cites (none for a derived point).
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Interpolation};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// let ids: Vec<&str> = s.sources_of(s.year(2016).unwrap()).iter().map(|src| src.id.as_str()).collect();
    /// assert_eq!(ids, ["domestic_new_drugs_2020_11"]);
    /// // A filled-in point cites no source:
    /// let filled = s.interpolate(Interpolation::Linear)?;
    /// assert!(filled.sources_of(filled.year(2017).unwrap()).is_empty());
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn sources_of(&self, point: &Point) -> Vec<&Source> {
        match &point.origin {
            Origin::Reported { sources } => {
                sources.iter().filter_map(|id| self.sources.iter().find(|s| &s.id == id)).collect()
            }
            Origin::Derived { .. } => Vec::new(),
        }
    }

    /// A short citation of a point's sources: `publisher date; publisher date`,
    /// or the derivation for a derived point; followed by
    /// `(as known on <date>)` for a series built with [`SeriesOptions::as_of`].
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Interpolation};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// // The source's publisher and date as sources.csv gives them:
    /// assert_eq!(
    ///     s.cite(s.year(2016).unwrap()),
    ///     "Unidentified (probably People's Daily Overseas Edition 人民日报海外版) 2020-11"
    /// );
    /// let filled = s.interpolate(Interpolation::Linear)?;
    /// assert_eq!(filled.cite(filled.year(2017).unwrap()), "derived by linear interpolation");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn cite(&self, point: &Point) -> String {
        let cite = self.cite_sources(point);
        match self.as_of {
            Some(d) => format!("{cite} (as known on {d})"),
            None => cite,
        }
    }

    fn cite_sources(&self, point: &Point) -> String {
        match &point.origin {
            Origin::Derived { method } => format!("derived by {method}"),
            Origin::Reported { .. } => self
                .sources_of(point)
                .iter()
                .map(|s| format!("{} {}", s.publisher, s.published))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

impl fmt::Display for Series {
    /// A small table: one line per point with its value, unit and sources.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}), {} [{}]", self.metric.name, self.metric.id, self.entity, self.unit().label())?;
        match self.as_of {
            Some(d) => writeln!(f, ", as known on {d}")?,
            None => writeln!(f)?,
        }
        for p in &self.points {
            let status = if p.status == Status::Target { " (target)" } else { "" };
            writeln!(
                f,
                "  {:>9}  {:>10}{status}  {}",
                p.period.to_string(),
                p.value.to_string(),
                self.cite_sources(p)
            )?;
        }
        for r in &self.resolutions {
            writeln!(f, "  conflict {r}")?;
        }
        Ok(())
    }
}

/// Whether two stated values are the same figure (same number, same qualifier).
fn same_value(a: &Value, b: &Value) -> bool {
    a.value == b.value && a.qualifier == b.qualifier
}

/// Picks the index of the distinct value a rule keeps, or `None` when the
/// rule cannot decide.
fn choose(distinct: &[(Value, Vec<&Observation<'_>>)], rule: &Resolve) -> Option<usize> {
    match rule {
        Resolve::Refuse | Resolve::BoundsAgree => None,
        Resolve::PreferSource(id) => {
            let mut hits = distinct.iter().enumerate().filter(|(_, (_, rs))| rs.iter().any(|r| r.source.id == *id));
            let first = hits.next()?.0;
            // A source that is itself in two minds cannot settle anything.
            if hits.next().is_some() { None } else { Some(first) }
        }
        Resolve::LatestPublication | Resolve::EarliestPublication => {
            // Each distinct value's publication window: the earliest first day
            // and latest last day among its sources.
            let window = |rs: &[&Observation<'_>]| {
                let lo = rs.iter().map(|r| r.source.published.first_day()).min();
                let hi = rs.iter().map(|r| r.source.published.last_day()).max();
                lo.zip(hi)
            };
            let windows: Vec<_> = distinct.iter().map(|(_, rs)| window(rs)).collect::<Option<Vec<_>>>()?;
            let latest = matches!(rule, Resolve::LatestPublication);
            (0..windows.len()).find(|&i| {
                windows
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .all(|(_, w)| if latest { windows[i].0 > w.1 } else { windows[i].1 < w.0 })
            })
        }
    }
}
