//! Growth and shares over every series of a dataset at once, in columns.
//!
//! [`Dataset::bulk`] walks the sorted columns once and returns a [`Bulk`]:
//! one entry per point (a reported figure of one metric, entity and period)
//! with its period-over-period relative change and its share of the
//! metric's yearly total, and one entry per series with its CAGR from the
//! first to the last year. Every computed number comes with a
//! [`PointStatus`]; where it is not [`PointStatus::Ok`] the number is NaN
//! and the status says why, so nothing panics and no NaN is silent.

use std::fmt;
use std::ops::Range;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::calc::core::{self, NumError};
use crate::data::agree;
use crate::data::dataset::Dataset;
use crate::vocab::metric::Metric;
use crate::vocab::period::Period;
use crate::vocab::value::{Qualifier, Status, Value};

/// What happened at one computed number of a [`Bulk`] result.
///
/// The meanings match the errors of the single-series growth API, so that a
/// bulk status and a per-series error say the same thing:
///
/// | status | growth API error | when |
/// |---|---|---|
/// | [`ZeroBase`](PointStatus::ZeroBase) | `ComputeError::ZeroBase` | the base (previous value, first value, or yearly total) is 0 |
/// | [`NegativeBase`](PointStatus::NegativeBase) | `ComputeError::NegativeBase` | the base is negative |
/// | [`SignChange`](PointStatus::SignChange) | `ComputeError::SignChange` | the base is positive and the value negative |
/// | [`Gap`](PointStatus::Gap) | `ComputeError::YearGap` | the previous reported year is more than one year earlier |
/// | [`NonFinite`](PointStatus::NonFinite) | `ComputeError::NonFiniteInput` | the result overflowed (inputs are always finite once loaded) |
/// | [`Conflict`](PointStatus::Conflict) | [`QueryError::Conflict`](crate::QueryError::Conflict) | sources disagree on a value the number needs |
/// | [`KindNotSupported`](PointStatus::KindNotSupported) | `ComputeError::KindNotSupported` | a growth rate of a share or rank; a share across entities of a share, rate or rank |
/// | [`OutOfRange`](PointStatus::OutOfRange) | `ComputeError::OutOfRange`, `PartExceedsWhole` | the core's other refusals (none occurs on loaded data) |
///
/// The others have no error counterpart: [`First`](PointStatus::First) and
/// [`SinglePoint`](PointStatus::SinglePoint) say there is nothing to compare
/// with, [`Span`](PointStatus::Span) that the point covers several years,
/// [`MixedSigns`](PointStatus::MixedSigns) that a yearly total adds
/// positive and negative values.
///
/// When several apply, the first in this order wins: `Span`, `First` /
/// `SinglePoint`, `Conflict`, `KindNotSupported`, `Gap`, `MixedSigns`,
/// `ZeroBase`, `NegativeBase`, `SignChange`, `NonFinite`.
///
/// Every number is computed by the crate's numeric core (the functions
/// [`relative_change`](crate::relative_change), [`share`](crate::share) and
/// [`cagr`](crate::cagr)), the same that [`Series`](crate::Series) methods
/// call: where both give a number it is bit-identical, and both refuse the
/// same inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PointStatus {
    /// Computed; the number is finite.
    Ok,
    /// The first year point of its series: no earlier year to compare with.
    First,
    /// A series with one year point: no CAGR.
    SinglePoint,
    /// The point's period is a span of years (`2016-2023`): it has no
    /// yearly change or yearly share, and it is never a base.
    Span,
    /// Sources disagree about this point's value, its base, or a value in
    /// its yearly total (see [`Dataset::conflicts`]).
    Conflict,
    /// The previous reported year is more than one year earlier: a change
    /// over several years is not one period's change.
    Gap,
    /// The yearly total adds positive and negative values, so a share of it
    /// is not a part of a whole.
    MixedSigns,
    /// The base is zero.
    ZeroBase,
    /// The base is negative.
    NegativeBase,
    /// The base is positive and the value negative.
    SignChange,
    /// The result is not a finite number (an overflow).
    NonFinite,
    /// An input lies outside what the computation accepts (a part larger
    /// than its whole); the numeric core's other refusals.
    OutOfRange,
    /// The metric's kind gives the number no meaning: a growth rate of a
    /// share or a rank, a share across entities of a share, a rate or a
    /// rank (see [`MetricKind::has_ratio_growth`](crate::MetricKind::has_ratio_growth)
    /// and [`MetricKind::is_additive_across_entities`](crate::MetricKind::is_additive_across_entities)).
    KindNotSupported,
}

impl PointStatus {
    /// Whether the number was computed.
    pub const fn is_ok(self) -> bool {
        matches!(self, PointStatus::Ok)
    }

    /// A short snake_case word, as serialised.
    pub const fn as_str(self) -> &'static str {
        match self {
            PointStatus::Ok => "ok",
            PointStatus::First => "first",
            PointStatus::SinglePoint => "single_point",
            PointStatus::Span => "span",
            PointStatus::Conflict => "conflict",
            PointStatus::Gap => "gap",
            PointStatus::MixedSigns => "mixed_signs",
            PointStatus::ZeroBase => "zero_base",
            PointStatus::NegativeBase => "negative_base",
            PointStatus::SignChange => "sign_change",
            PointStatus::NonFinite => "non_finite",
            PointStatus::OutOfRange => "out_of_range",
            PointStatus::KindNotSupported => "kind_not_supported",
        }
    }
}

impl fmt::Display for PointStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A number of the numeric core, or the status that says why there is none:
/// the core's refusals map one to one, so a bulk status and a per-series
/// error always say the same thing.
#[inline]
fn from_core(r: Result<f64, NumError>) -> (f64, PointStatus) {
    match r {
        Ok(v) => (v, PointStatus::Ok),
        Err(e) => (f64::NAN, PointStatus::from(e)),
    }
}

impl From<NumError> for PointStatus {
    /// The status of a number the numeric core refused.
    ///
    /// ```
    /// use biopharma_stats::{relative_change, PointStatus};
    /// assert_eq!(PointStatus::from(relative_change(0.0, 1.0).unwrap_err()), PointStatus::ZeroBase);
    /// ```
    fn from(e: NumError) -> Self {
        match e {
            NumError::ZeroBase { .. } => PointStatus::ZeroBase,
            NumError::NegativeBase { .. } => PointStatus::NegativeBase,
            NumError::SignChange { .. } => PointStatus::SignChange,
            NumError::NonFinite { .. } | NumError::Overflow { .. } => PointStatus::NonFinite,
            _ => PointStatus::OutOfRange,
        }
    }
}

/// Growth and shares of every series of a dataset, in columns; built by
/// [`Dataset::bulk`].
///
/// **Points.** Only reported figures enter (targets never do). A point is
/// one (metric, entity, period): rows from several sources that state the
/// same value and qualifier make one point; rows that differ but can all be
/// true ("at least 32" and "68") make the point a series keeps (the exact
/// figure; see [`Dataset::agreements`]); rows that cannot all be true make
/// one point with value NaN and status [`PointStatus::Conflict`], never a
/// double count and never a silent pick. Points are ordered by metric,
/// entity and period, each series' points contiguous ([`Bulk::series`]).
///
/// **Period-over-period change** ([`Bulk::pct_change`]): `value / previous
/// − 1`, a fraction, where the previous point is the series' previous
/// single-year point and must be exactly one year earlier (else
/// [`PointStatus::Gap`]). Span points get [`PointStatus::Span`].
///
/// **Share** ([`Bulk::shares`]): the point's value over the sum of the
/// reported values of every entity for the same metric and year, a
/// fraction. Span points get [`PointStatus::Span`]; a total with a
/// conflicting point gives [`PointStatus::Conflict`] to every share of it.
/// Shares are computed for metrics that add up across entities (flows and
/// stocks); a share, rate or rank metric gets
/// [`PointStatus::KindNotSupported`].
///
/// **CAGR** ([`BulkSeries::cagr`]): `(last / first)^(1 / years) − 1` between
/// the series' first and last single-year points, whatever lies between,
/// computed as [`cagr`](crate::cagr) computes it (in logs, so that an
/// extreme ratio keeps its rate). Shares and ranks have no growth rate
/// ([`PointStatus::KindNotSupported`], for the changes too).
///
/// Qualifiers ("about", "more than") are not propagated here: the numbers
/// are computed from the stated values, and [`BulkSeries::qualifiers`] gives each
/// point's qualifier for callers who need to bound the result.
///
/// ```
/// use biopharma_stats::{Dataset, PointStatus};
/// let ds = Dataset::embedded();
/// let bulk = ds.bulk();
/// let s = bulk.find("biomedicine_market_size", "china").unwrap();
/// // 2016 → 2019: (317.2 / 183.6)^(1/3) − 1 = 0.19990…
/// assert_eq!(s.cagr_status(), PointStatus::Ok);
/// assert!((s.cagr() - 0.199_9).abs() < 1e-4);
/// // 2016 and 2019 are three years apart: no one-period change.
/// assert_eq!(s.pct_status(), &[PointStatus::First, PointStatus::Gap]);
/// assert!(s.pct_change()[1].is_nan());
/// ```
#[derive(Debug, Clone)]
pub struct Bulk<'a> {
    ds: &'a Dataset,
    // One entry per point.
    pct: Vec<f64>,
    pct_status: Vec<PointStatus>,
    share: Vec<f64>,
    share_status: Vec<PointStatus>,
    // One entry per series.
    series_metric: Vec<u32>,
    series_entity: Vec<u32>,
    /// Series `s` holds points `offsets[s]..offsets[s + 1]`.
    offsets: Vec<u32>,
    cagr: Vec<f64>,
    cagr_status: Vec<PointStatus>,
    /// Where each series' periods, values and qualifiers are: `Rows(r)` for
    /// a series whose points are the dataset's sorted rows from `r` on (one
    /// source per single year: nearly all), so nothing is copied;
    /// `Own(o)` for the others, whose merged points are in `own_*` from `o`.
    source: Vec<PointSource>,
    own_period: Vec<Period>,
    own_value: Vec<f64>,
    own_qualifier: Vec<Qualifier>,
}

#[derive(Debug, Clone, Copy)]
enum PointSource {
    Rows(u32),
    Own(u32),
}

/// One series of a [`Bulk`] result: slices of its columns.
#[derive(Debug, Clone, Copy)]
pub struct BulkSeries<'b> {
    bulk: &'b Bulk<'b>,
    index: usize,
    start: usize,
    end: usize,
}

/// The running state of one series while [`Dataset::bulk`] walks it.
struct Walk {
    /// The previous single-year point: year, value, whether in conflict.
    prev: Option<(i32, f64, bool)>,
    /// The first single-year point: year, value, whether in conflict.
    first: Option<(i32, f64, bool)>,
    /// The last single-year point.
    last: Option<(i32, f64, bool)>,
    spans: bool,
    /// Whether the metric's kind has ratio growth (no rank, no share).
    growth: bool,
}

impl Dataset {
    /// Period-over-period change, shares of the yearly total and CAGR for
    /// every series at once; see [`Bulk`] for the rules. One pass over the
    /// sorted columns plus one over each metric's points; never fails.
    ///
    /// ```
    /// use biopharma_stats::{Dataset, PointStatus};
    /// let metrics = "id,name,description,unit,kind,definition\n\
    ///                sales,Sales,,cny_bn,flow,Sales in a year\n";
    /// let sources = "id,publisher,title,author,published,url,note\n\
    ///                me,Me,My notes,,2024,,\n";
    /// let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
    ///            sales,a,2020,10,exact,cny_bn,reported,me,,\n\
    ///            sales,a,2021,12,exact,cny_bn,reported,me,,\n\
    ///            sales,b,2020,30,exact,cny_bn,reported,me,,\n\
    ///            sales,b,2021,0,exact,cny_bn,reported,me,,\n";
    /// let ds = Dataset::from_readers(obs.as_bytes(), metrics.as_bytes(), sources.as_bytes())?;
    /// let bulk = ds.bulk();
    /// let a = bulk.find("sales", "a").unwrap();
    /// assert_eq!(a.pct_status(), &[PointStatus::First, PointStatus::Ok]);
    /// assert!((a.pct_change()[1] - 0.2).abs() < 1e-12); // 12 / 10 − 1
    /// assert_eq!(a.shares(), &[0.25, 1.0]);             // 10 / 40, 12 / 12
    /// let b = bulk.find("sales", "b").unwrap();
    /// assert_eq!(b.pct_change()[1], -1.0);               // 0 / 30 − 1
    /// assert_eq!(b.cagr(), -1.0);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn bulk(&self) -> Bulk<'_> {
        let n = self.len();
        let mut b = Bulk {
            ds: self,
            pct: Vec::with_capacity(n),
            pct_status: Vec::with_capacity(n),
            share: Vec::with_capacity(n),
            share_status: Vec::with_capacity(n),
            series_metric: Vec::new(),
            series_entity: Vec::new(),
            offsets: vec![0],
            cagr: Vec::new(),
            cagr_status: Vec::new(),
            source: Vec::new(),
            own_period: Vec::new(),
            own_value: Vec::new(),
            own_qualifier: Vec::new(),
        };
        let mut totals = Totals::default();
        // The stated values of one period, where sources differ.
        let mut stated: Vec<Value> = Vec::new();
        // Per series of the current metric: its first row and the end of
        // its reported rows.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for m in 0..self.metric_count() as u32 {
            let metric_points = b.pct.len();
            spans.clear();
            // Periods sort by last year, so each series' reported rows run
            // from its earliest to its latest year: the metric's year range
            // is known before its points are made, and the totals can be
            // added up while they are.
            let (mut lo, mut hi) = (i32::MAX, i32::MIN);
            for k in self.series_of_metric(m) {
                let rows = self.series_rows(k);
                // Rows sort by (status, period, source): reported ones first.
                let reported = rows.start + self.statuses(rows.clone()).partition_point(|&s| s == Status::Reported);
                if reported > rows.start {
                    lo = lo.min(self.periods(rows.start..rows.start + 1)[0].end());
                    hi = hi.max(self.periods(reported - 1..reported)[0].end());
                }
                spans.push((rows.start, reported));
            }
            totals.begin(lo, hi);
            let kind = self.metric_at(m).kind;
            let growth = kind.has_ratio_growth();
            totals.additive = kind.is_additive_across_entities();
            for (k, &(start, reported)) in self.series_of_metric(m).zip(&spans) {
                let periods = self.periods(start..reported);
                let values = self.values(start..reported);
                let qualifiers = self.qualifiers(start..reported);
                let mut w = Walk { prev: None, first: None, last: None, spans: false, growth };
                let own = b.own_period.len();
                if is_simple(periods) {
                    // Single years, one source each: the common case, in
                    // flat loops over the slices.
                    b.simple_series(periods, values, growth, &mut w, &mut totals);
                    // Row indexes fit in u32: the loader refuses more rows.
                    b.source.push(PointSource::Rows(start as u32));
                } else if !periods.is_empty() {
                    b.source.push(PointSource::Own(own as u32));
                }
                let mut j = if w.last.is_some() { periods.len() } else { 0 };
                while j < periods.len() {
                    let (p, start) = (periods[j], j);
                    j += 1;
                    // Further sources for the same period.
                    while j < periods.len() && periods[j] == p {
                        j += 1;
                    }
                    // Differing figures that can all be true ("at least 32"
                    // and "68") settle on the one a series keeps; figures
                    // that cannot are a conflict, never a silent pick.
                    let (v, q, conflict) =
                        if (start + 1..j).all(|k| values[k] == values[start] && qualifiers[k] == qualifiers[start]) {
                            (values[start], qualifiers[start], false)
                        } else {
                            stated.clear();
                            stated.extend((start..j).map(|k| Value::new(values[k], qualifiers[k])));
                            match agree::keep(&stated) {
                                Some(i) => (stated[i].value, stated[i].qualifier, false),
                                None => (f64::NAN, qualifiers[start], true),
                            }
                        };
                    b.push_point(&mut w, p, v, q, conflict);
                }
                if own < b.own_period.len() {
                    totals.add(&b.own_period[own..], &b.own_value[own..]);
                }
                if !periods.is_empty() {
                    b.close_series(m, self.series_entity_id(k), &w);
                }
            }
            totals.shares(&mut b, metric_points);
        }
        b
    }
}

/// Whether a series' reported periods are all single years, each once
/// (so no spans and no second source).
fn is_simple(periods: &[Period]) -> bool {
    let mut prev = i32::MIN;
    for p in periods {
        match *p {
            Period::Year(y) if y > prev => prev = y,
            _ => return false,
        }
    }
    !periods.is_empty()
}

/// What bulk calls its period-over-period change in the core (the same
/// formula and checks as [`relative_change`](crate::relative_change)).
const CHANGE: &str = "period-over-period change";

impl Bulk<'_> {
    /// The points and changes of a series for which [`is_simple`] holds.
    /// Also adds the series to the metric's yearly totals, in the same loop.
    fn simple_series(&mut self, periods: &[Period], values: &[f64], growth: bool, w: &mut Walk, totals: &mut Totals) {
        let from = self.pct.len();
        self.pct.resize(from + periods.len(), f64::NAN);
        self.pct_status.resize(from + periods.len(), PointStatus::First);
        let pct = &mut self.pct[from..];
        let status = &mut self.pct_status[from..];
        let (mut py, mut base) = (i32::MIN, f64::NAN);
        for (i, ((out, st), (p, &value))) in
            pct.iter_mut().zip(status.iter_mut()).zip(periods.iter().zip(values)).enumerate()
        {
            let y = p.end();
            totals.add_one(y, value);
            if i > 0 {
                (*out, *st) = if !growth {
                    (f64::NAN, PointStatus::KindNotSupported)
                } else if y - py != 1 {
                    (f64::NAN, PointStatus::Gap)
                } else {
                    from_core(core::relative(CHANGE, base, value))
                };
            }
            (py, base) = (y, value);
        }
        let at = |i: usize| Some((periods[i].end(), values[i], false));
        w.first = at(0);
        w.last = at(periods.len() - 1);
    }

    #[inline]
    fn push_point(&mut self, w: &mut Walk, p: Period, v: f64, q: Qualifier, conflict: bool) {
        let (rate, status) = match p {
            Period::Span(_) => {
                w.spans = true;
                (f64::NAN, PointStatus::Span)
            }
            Period::Year(y) => {
                let r = match w.prev {
                    None => (f64::NAN, PointStatus::First),
                    Some((_, _, pc)) if pc || conflict => (f64::NAN, PointStatus::Conflict),
                    Some(_) if !w.growth => (f64::NAN, PointStatus::KindNotSupported),
                    Some((py, _, _)) if y - py > 1 => (f64::NAN, PointStatus::Gap),
                    Some((_, pv, _)) => from_core(core::relative(CHANGE, pv, v)),
                };
                let here = Some((y, v, conflict));
                w.prev = here;
                if w.first.is_none() {
                    w.first = here;
                }
                w.last = here;
                r
            }
        };
        self.own_period.push(p);
        self.own_value.push(v);
        self.own_qualifier.push(q);
        self.pct.push(rate);
        self.pct_status.push(status);
    }

    fn close_series(&mut self, m: u32, e: u32, w: &Walk) {
        let (cagr, status) = match (w.first, w.last) {
            (None, _) | (_, None) => (f64::NAN, if w.spans { PointStatus::Span } else { PointStatus::SinglePoint }),
            (Some((fy, _, _)), Some((ly, _, _))) if fy == ly => (f64::NAN, PointStatus::SinglePoint),
            (Some((_, _, fc)), Some((_, _, lc))) if fc || lc => (f64::NAN, PointStatus::Conflict),
            _ if !w.growth => (f64::NAN, PointStatus::KindNotSupported),
            (Some((fy, fv, _)), Some((ly, lv, _))) => from_core(core::cagr(fv, lv, f64::from(ly - fy))),
        };
        self.series_metric.push(m);
        self.series_entity.push(e);
        // Point counts fit in u32: the dataset's rows do.
        self.offsets.push(self.pct.len() as u32);
        self.cagr.push(cagr);
        self.cagr_status.push(status);
    }

    /// The dataset the result was computed from.
    pub fn dataset(&self) -> &Dataset {
        self.ds
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.pct.len()
    }

    /// Whether there is no point (no reported figure).
    pub fn is_empty(&self) -> bool {
        self.pct.is_empty()
    }

    /// The number of series (metric and entity pairs with a reported figure).
    pub fn series_count(&self) -> usize {
        self.series_metric.len()
    }

    /// Series `index` (in metric, then entity order), if there is one.
    pub fn series(&self, index: usize) -> Option<BulkSeries<'_>> {
        let start = *self.offsets.get(index)? as usize;
        let end = *self.offsets.get(index + 1)? as usize;
        Some(BulkSeries { bulk: self, index, start, end })
    }

    /// Every series, in metric, then entity order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = BulkSeries<'_>> + '_ {
        self.offsets.windows(2).enumerate().map(|(index, w)| BulkSeries {
            bulk: self,
            index,
            start: w[0] as usize,
            end: w[1] as usize,
        })
    }

    /// The series of `metric` for `entity`, found by binary search.
    pub fn find(&self, metric: &str, entity: &str) -> Option<BulkSeries<'_>> {
        let m = self.ds.metric_id_index(metric)?;
        let e = self.ds.entity_id_index(entity)?;
        let lo = self.series_metric.partition_point(|&x| x < m);
        let hi = self.series_metric.partition_point(|&x| x <= m);
        let k = self.series_entity[lo..hi].binary_search(&e).ok()?;
        self.series(lo + k)
    }

    /// Each point's change from the previous year, a fraction; NaN where
    /// [`Bulk::pct_status`] is not [`PointStatus::Ok`].
    pub fn pct_change(&self) -> &[f64] {
        &self.pct
    }

    /// Why each point's change is or is not computed.
    pub fn pct_status(&self) -> &[PointStatus] {
        &self.pct_status
    }

    /// Each point's share of its metric's yearly total, a fraction; NaN
    /// where [`Bulk::share_status`] is not [`PointStatus::Ok`].
    pub fn shares(&self) -> &[f64] {
        &self.share
    }

    /// Why each point's share is or is not computed.
    pub fn share_status(&self) -> &[PointStatus] {
        &self.share_status
    }

    /// Each series' CAGR from its first to its last year, a fraction; NaN
    /// where [`Bulk::cagr_status`] is not [`PointStatus::Ok`].
    pub fn cagr(&self) -> &[f64] {
        &self.cagr
    }

    /// Why each series' CAGR is or is not computed.
    pub fn cagr_status(&self) -> &[PointStatus] {
        &self.cagr_status
    }

    /// Where each series' points start, plus the end: series `s` holds
    /// points `offsets[s]..offsets[s + 1]`.
    pub fn series_offsets(&self) -> &[u32] {
        &self.offsets
    }
}

impl<'b> BulkSeries<'b> {
    /// The series' index in the [`Bulk`] result.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The range of the series' points in the [`Bulk`] point columns.
    pub fn point_range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The metric.
    pub fn metric(&self) -> &'b Metric {
        self.bulk.ds.metric_at(self.bulk.series_metric[self.index])
    }

    /// The entity.
    pub fn entity(&self) -> &'b str {
        self.bulk.ds.entity_name(self.bulk.series_entity[self.index])
    }

    /// The points' periods.
    pub fn periods(&self) -> &'b [Period] {
        let n = self.end - self.start;
        match self.bulk.source[self.index] {
            PointSource::Rows(r) => self.bulk.ds.periods(r as usize..r as usize + n),
            PointSource::Own(o) => &self.bulk.own_period[o as usize..o as usize + n],
        }
    }

    /// The points' values (NaN exactly where sources disagree: a
    /// [`PointStatus::Conflict`] point).
    pub fn values(&self) -> &'b [f64] {
        let n = self.end - self.start;
        match self.bulk.source[self.index] {
            PointSource::Rows(r) => self.bulk.ds.values(r as usize..r as usize + n),
            PointSource::Own(o) => &self.bulk.own_value[o as usize..o as usize + n],
        }
    }

    /// The points' qualifiers (of the first source, for a conflict).
    pub fn qualifiers(&self) -> &'b [Qualifier] {
        let n = self.end - self.start;
        match self.bulk.source[self.index] {
            PointSource::Rows(r) => self.bulk.ds.qualifiers(r as usize..r as usize + n),
            PointSource::Own(o) => &self.bulk.own_qualifier[o as usize..o as usize + n],
        }
    }

    /// The points' changes from the previous year.
    pub fn pct_change(&self) -> &'b [f64] {
        &self.bulk.pct[self.start..self.end]
    }

    /// Why each change is or is not computed.
    pub fn pct_status(&self) -> &'b [PointStatus] {
        &self.bulk.pct_status[self.start..self.end]
    }

    /// The points' shares of their metric's yearly totals.
    pub fn shares(&self) -> &'b [f64] {
        &self.bulk.share[self.start..self.end]
    }

    /// Why each share is or is not computed.
    pub fn share_status(&self) -> &'b [PointStatus] {
        &self.bulk.share_status[self.start..self.end]
    }

    /// The CAGR from the first to the last year.
    pub fn cagr(&self) -> f64 {
        self.bulk.cagr[self.index]
    }

    /// Why the CAGR is or is not computed.
    pub fn cagr_status(&self) -> PointStatus {
        self.bulk.cagr_status[self.index]
    }
}

/// Reused buffers for one metric's yearly totals.
#[derive(Default)]
struct Totals {
    sum: Vec<f64>,
    /// Per year: bit 0 a conflict, bit 1 a positive value, bit 2 a negative one.
    flags: Vec<u8>,
    /// Per year: the status every share of that year's total gets.
    status: Vec<PointStatus>,
    /// The year of index 0.
    lo: i32,
    /// Whether the metric's values add up across entities.
    additive: bool,
}

const CONFLICT: u8 = 1;
const POSITIVE: u8 = 2;
const NEGATIVE: u8 = 4;

impl Totals {
    /// Starts a metric whose years lie in `lo..=hi` (none if `lo > hi`).
    fn begin(&mut self, lo: i32, hi: i32) {
        self.lo = lo;
        let width = if lo > hi { 0 } else { (hi - lo) as usize + 1 };
        self.sum.clear();
        self.sum.resize(width, 0.0);
        self.flags.clear();
        self.flags.resize(width, 0);
    }

    /// Adds one series' points to the yearly totals.
    fn add(&mut self, periods: &[Period], values: &[f64]) {
        for (p, &v) in periods.iter().zip(values) {
            if let Period::Year(y) = *p {
                self.add_one(y, v);
            }
        }
    }

    /// Adds one single-year value to its year's total.
    #[inline]
    fn add_one(&mut self, y: i32, v: f64) {
        let k = (y - self.lo) as usize;
        if let (Some(sum), Some(flags)) = (self.sum.get_mut(k), self.flags.get_mut(k)) {
            *sum += v;
            *flags |= u8::from(v.is_nan()) | u8::from(v > 0.0) << 1 | u8::from(v < 0.0) << 2;
        }
    }

    /// Fills the shares of the points from `from` to the end (one metric's,
    /// all added with [`Totals::add`]).
    fn shares(&mut self, b: &mut Bulk<'_>, from: usize) {
        let lo = self.lo;
        // One status per year, so that each point only looks its year up.
        self.status.clear();
        let additive = self.additive;
        self.status.extend(self.sum.iter().zip(&self.flags).map(|(&total, &flags)| {
            if flags & CONFLICT != 0 {
                PointStatus::Conflict
            } else if !additive {
                PointStatus::KindNotSupported
            } else if flags & (POSITIVE | NEGATIVE) == POSITIVE | NEGATIVE {
                PointStatus::MixedSigns
            } else if total == 0.0 {
                PointStatus::ZeroBase
            } else if total < 0.0 {
                PointStatus::NegativeBase
            } else if !total.is_finite() {
                PointStatus::NonFinite
            } else {
                PointStatus::Ok
            }
        }));
        let end = b.pct.len();
        b.share.resize(end, f64::NAN);
        b.share_status.resize(end, PointStatus::Span);
        let first = b.offsets.partition_point(|&o| (o as usize) < from);
        for k in first..b.series_count() {
            let points = b.offsets[k] as usize..b.offsets[k + 1] as usize;
            let (periods, values) = match b.source[k] {
                PointSource::Rows(r) => {
                    let rows = r as usize..r as usize + points.len();
                    (b.ds.periods(rows.clone()), b.ds.values(rows))
                }
                PointSource::Own(o) => {
                    let own = o as usize..o as usize + points.len();
                    (&b.own_period[own.clone()], &b.own_value[own])
                }
            };
            let outputs = b.share[points.clone()].iter_mut().zip(b.share_status[points].iter_mut());
            for ((share, status), (p, &v)) in outputs.zip(periods.iter().zip(values)) {
                // Span points keep the NaN and Span they were filled with.
                if let Period::Year(y) = *p {
                    // Every year point lies in the metric's year range, so
                    // the lookup always succeeds.
                    let k = (y - lo) as usize;
                    if let (Some(&st), Some(&total)) = (self.status.get(k), self.sum.get(k)) {
                        // Every value has the total's sign and is at most its
                        // size, so the core never refuses an Ok year's share.
                        (*share, *status) =
                            if st == PointStatus::Ok { from_core(core::share(v, total)) } else { (f64::NAN, st) };
                    }
                }
            }
        }
    }
}
