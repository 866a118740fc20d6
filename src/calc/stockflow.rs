//! Stocks and flows: cumulating yearly flows onto a base stock, the flows
//! between stocks, and the stock before a flow. The arithmetic is the
//! numeric core's ([`stock_after`](crate::stock_after),
//! [`flow_between`](crate::flow_between),
//! [`implied_earlier_stock`](crate::implied_earlier_stock)); this layer adds
//! kinds, units, bounds and provenance.

use crate::ComputeError;

use crate::ParseError;
use crate::calc::allow::{Allow, check_same};
use crate::calc::bound::{Bound, Effect, propagate};
use crate::calc::computed::{Calc, Computed, ResultUnit, kind_is, num, valid_year};
use crate::calc::core::{self, NumError};
use crate::calc::figure::Figure;
use crate::calc::growth::Names;
use crate::data::series::{Derivation, Origin, Point, Series};
use crate::error::Error;
use crate::vocab::metric::{Metric, MetricKind};
use crate::vocab::period::{MIN_YEAR, Period};
use crate::vocab::value::{Status, Value};

impl Series {
    /// A stock series from this series of yearly flows and a base stock:
    /// the stock at the end of each year after the base's year is the base
    /// plus every flow since. The base is kept as it is; the other points
    /// are [`Derivation::CumulatedFromFlows`].
    ///
    /// Every year from the base's to this series' last must have a flow
    /// ([`QueryError::MissingPeriod`](crate::QueryError::MissingPeriod) names the first that has none). This series
    /// must be a flow and the base a stock ([`ComputeError::KindNotSupported`]), of
    /// one unit, entity and status unless [`Allow`]ed. The stock and its
    /// flow are different metrics by nature, so their ids are not compared.
    ///
    /// # Errors
    ///
    /// - [`ComputeError::KindNotSupported`] unless this series is a flow and
    ///   `base` a stock.
    /// - [`ComputeError::NotAYear`] if `base` is of a span, or for a span point
    ///   of this series ending after the base's year;
    ///   [`ParseError::BadPeriod`] for a year outside 1000..=9999.
    /// - [`ComputeError::TooFewPoints`] if this series has no year after the
    ///   base's.
    /// - [`QueryError::MissingPeriod`](crate::QueryError::MissingPeriod) for
    ///   the first year after the base's without a flow.
    /// - [`ComputeError::UnitsIncompatible`]; [`ComputeError::UnitsDiffer`],
    ///   [`ComputeError::EntitiesDiffer`] or [`ComputeError::StatusesDiffer`]
    ///   between the base and a flow unless `allow` allows the difference.
    /// - [`ComputeError::NonFiniteInput`] for a NaN or infinite value or a
    ///   stock that overflows f64.
    ///
    /// ```
    /// use biopharma_stats::{Allow, Dataset, Figure, Period, Value};
    /// let ds = Dataset::embedded();
    /// let flows = ds.series("domestic_innovative_drug_approvals", "china")?;
    /// let stock = ds.metric("domestic_innovative_drug_approvals_cumul").unwrap().clone();
    /// let base = Figure::new(stock, "china", Period::Year(2022), Value::exact(134.0))?;
    /// let stocks = flows.cumulate(&base, &Allow::none())?;
    /// assert_eq!(stocks.year(2023).map(|p| p.value.value), Some(169.0));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn cumulate(&self, base: &Figure, allow: &Allow) -> Result<Series, Error> {
        const C: &str = "cumulate";
        kind_is(C, self.metric(), MetricKind::Flow, "cumulating needs a series of flows (amounts per year)")?;
        kind_is(C, &base.metric, MetricKind::Stock, "the base must be a stock (a level at a year's end)")?;
        for p in self.points() {
            valid_year(p.period)?;
        }
        let base_year = valid_year(base.period)?.ok_or_else(|| {
            Error::Compute(ComputeError::NotAYear { computation: C, what: base.describe(), period: base.period })
        })?;
        let mut total = base.finite()?;
        if let Some(p) = self.points().iter().find(|p| p.period.as_year().is_none() && p.period.end() > base_year) {
            return Err(Error::Compute(ComputeError::NotAYear {
                computation: C,
                what: self.figure_of(p).describe(),
                period: p.period,
            }));
        }
        let last = self.points().iter().filter_map(|p| p.period.as_year()).filter(|&y| y > base_year).max();
        let Some(last) = last else {
            return Err(Error::Compute(ComputeError::TooFewPoints {
                computation: C,
                what: format!("{} after {}", self.name(), base.period),
                needed: 1,
                found: 0,
            }));
        };
        let mut notes = Vec::new();
        let mut points =
            vec![Point { period: base.period, value: base.value, status: base.status, origin: base.origin.clone() }];
        let (b0, a0) = Bound::of(base.value.qualifier);
        let mut items = vec![(b0, a0, Effect::Raises, String::new(), String::new())];
        let mut status = base.status;
        for y in base_year + 1..=last {
            let flow = self.at(y)?;
            check_same(C, base, &flow, Allow::none().definitions().periods(), allow, &mut notes)?;
            let (so_far, this) = (format!("{} plus the flows before {y}", base.describe()), flow.describe());
            total =
                Names { computation: C, start: &so_far, end: &this }.named(core::stock_after(total, flow.finite()?))?;
            let (b, a) = Bound::of(flow.value.qualifier);
            items.push((b, a, Effect::Raises, String::new(), String::new()));
            let (bound, approx, _) = propagate(items.iter().cloned());
            if flow.status == Status::Target {
                status = Status::Target;
            }
            points.push(Point {
                period: Period::Year(y),
                value: Value::new(total, bound.qualifier(approx)),
                status,
                origin: Origin::Derived { method: Derivation::CumulatedFromFlows },
            });
        }
        let s = Series::new(base.metric.clone(), base.entity.clone(), points, base.sources.clone())?;
        Ok(s.with_resolutions(base.resolutions.clone()))
    }

    /// The flows of this stock series: each point's stock less the one
    /// before, as a series of `flow_metric` ([`Derivation::FlowFromStocks`]).
    /// Stocks one year apart give a yearly flow; stocks further apart give
    /// a flow over the span of years between (never a one-year flow).
    /// Statuses are never mixed.
    ///
    /// # Errors
    ///
    /// - [`ComputeError::KindNotSupported`] unless this series is a stock and
    ///   `flow_metric` a flow.
    /// - [`ComputeError::UnitsDiffer`] if `flow_metric`'s unit is not this
    ///   series' (never allowed).
    /// - [`ComputeError::NotAYear`] for a span point;
    ///   [`ParseError::BadPeriod`] for a year outside 1000..=9999.
    /// - [`ComputeError::TooFewPoints`] without two stocks of one status.
    /// - [`ComputeError::NonFiniteInput`] for a flow that overflows f64.
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Origin, Period, Point, Series, Status, Value};
    /// let ds = Dataset::embedded();
    /// let stock = ds.metric("domestic_innovative_drug_approvals_cumul").unwrap().clone();
    /// let flow = ds.metric("domestic_innovative_drug_approvals").unwrap();
    /// let pt = |y, v| Point::new(Period::Year(y), Value::exact(v), Status::Reported, Origin::Reported { sources: vec![] });
    /// let stocks = Series::new(stock, "china", vec![pt(2022, 134.0), pt(2023, 169.0)], vec![])?;
    /// let flows = stocks.flows(flow)?;
    /// assert_eq!(flows.year(2023).map(|p| p.value.value), Some(35.0));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn flows(&self, flow_metric: &Metric) -> Result<Series, Error> {
        const C: &str = "flows from stocks";
        kind_is(C, self.metric(), MetricKind::Stock, "flows come from a series of stocks (levels at year ends)")?;
        kind_is(C, flow_metric, MetricKind::Flow, "the result's metric must be a flow")?;
        if flow_metric.unit != self.unit() {
            return Err(Error::Compute(ComputeError::UnitsDiffer {
                computation: C,
                left: self.name(),
                left_unit: self.unit(),
                right: flow_metric.id.to_string(),
                right_unit: flow_metric.unit,
            }));
        }
        let mut points = Vec::new();
        for status in Status::ALL {
            let pts = self.yearly(status, C)?;
            for w in pts.windows(2) {
                let (f0, f1) = (self.figure_of(w[0]), self.figure_of(w[1]));
                let (n0, n1) = (f0.describe(), f1.describe());
                let names = Names { computation: C, start: &n0, end: &n1 };
                let v = names.named(core::flow_between(f0.value.value, f1.value.value))?;
                let (b0, a0) = Bound::of(f0.value.qualifier);
                let (b1, a1) = Bound::of(f1.value.qualifier);
                let (bound, approx, _) = propagate([
                    (b0, a0, Effect::Lowers, String::new(), String::new()),
                    (b1, a1, Effect::Raises, String::new(), String::new()),
                ]);
                points.push(Point {
                    period: Period::years_between(w[0].period.end() + 1, w[1].period.end())?,
                    value: Value::new(v, bound.qualifier(approx)),
                    status,
                    origin: Origin::Derived { method: Derivation::FlowFromStocks },
                });
            }
        }
        if points.is_empty() {
            return Err(Error::Compute(ComputeError::TooFewPoints {
                computation: C,
                what: self.name(),
                needed: 2,
                found: self.len(),
            }));
        }
        points.sort_by_key(|p| (p.period, p.status));
        let s = Series::new(flow_metric.clone(), self.entity(), points, Vec::new())?;
        Ok(s.with_resolutions(self.resolutions().to_vec()))
    }
}

impl Figure {
    /// The stock at the end of the year before `flow`'s period, implied by
    /// this stock less the flow that led to it (`stock − flow`): 169 drugs
    /// on the market at the end of 2023, less 35 approved in 2023, is 134
    /// at the end of 2022.
    ///
    /// The flow must end in the stock's year ([`ComputeError::PeriodsDiffer`]
    /// otherwise, whatever is allowed); a flow over a span implies the
    /// stock before the span. This figure must be a stock and `flow` a flow
    /// ([`ComputeError::KindNotSupported`]); units, entities and statuses must
    /// agree unless [`Allow`]ed. A negative result is
    /// [`ComputeError::OutOfRange`]: the figures do not fit together.
    ///
    /// # Errors
    ///
    /// - [`ComputeError::KindNotSupported`] unless this figure is a stock and
    ///   `flow` a flow.
    /// - [`ComputeError::PeriodsDiffer`] unless `flow` ends in this figure's
    ///   year (whatever is allowed).
    /// - [`ComputeError::UnitsIncompatible`]; [`ComputeError::UnitsDiffer`],
    ///   [`ComputeError::EntitiesDiffer`] or [`ComputeError::StatusesDiffer`]
    ///   unless `allow` allows the difference.
    /// - [`ComputeError::OutOfRange`] for a negative result (the figures do not
    ///   fit together); [`ComputeError::NonFiniteInput`] for a NaN or infinite
    ///   value.
    /// - [`ParseError::BadPeriod`] for a year outside 1000..=9999, or a flow
    ///   starting in 1000 (the year before would be 999).
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let stock = ds.series("domestic_innovative_drug_approvals_cumul", "china")?.at(2023)?;
    /// let flow = ds.series("domestic_innovative_drug_approvals", "china")?.at(2023)?;
    /// let earlier = stock.implied_earlier_stock(&flow, &biopharma_stats::Allow::none())?;
    /// assert_eq!(earlier.value(), 134.0);
    /// assert_eq!(earlier.to_string(), "stock at the end of 2022 = 169 − 35 = 134");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn implied_earlier_stock(&self, flow: &Figure, allow: &Allow) -> Result<Computed, Error> {
        const C: &str = "implied earlier stock";
        kind_is(C, &self.metric, MetricKind::Stock, "the first figure must be a stock (a level at a year's end)")?;
        kind_is(C, &flow.metric, MetricKind::Flow, "the second figure must be the flow into the stock")?;
        valid_year(self.period)?;
        valid_year(flow.period)?;
        if flow.period.end() != self.period.end() {
            return Err(Error::Compute(ComputeError::PeriodsDiffer {
                computation: C,
                left: self.describe(),
                left_period: self.period,
                right: flow.describe(),
                right_period: flow.period,
            }));
        }
        let mut notes = Vec::new();
        check_same(C, self, flow, Allow::none().definitions().periods(), allow, &mut notes)?;
        let (s, f) = (self.finite()?, flow.finite()?);
        let (stock, less) = (self.describe(), flow.describe());
        let v = core::implied_earlier_stock(s, f).map_err(|e| match e {
            // The negative result is the stock less the flow, not the stock.
            NumError::OutOfRange { value, expected, .. } => Error::Compute(ComputeError::OutOfRange {
                computation: C,
                what: format!("{stock} less {less}"),
                value,
                expected,
            }),
            e => Names { computation: C, start: &stock, end: &less }.error(e),
        })?;
        // The year before the flow; a flow starting in 1000 has no earlier
        // year in the crate's range, and that is said, not computed.
        let year = flow.period.start() - 1;
        if year < MIN_YEAR {
            return Err(Error::Parse(ParseError::BadPeriod {
                at: None,
                text: year.to_string(),
                reason: "the stock before a flow of the year 1000 would be dated 999, outside 1000..=9999",
            }));
        }
        let label = format!("stock at the end of {year}");
        notes.push(format!(
            "derived ({}): the stock less the flow of {}",
            Derivation::ImpliedEarlierStock,
            flow.period
        ));
        Calc::new(label, format!("{} − {}", num(s), num(f)), ResultUnit::Unit(self.unit()))
            .period(Period::Year(year))
            .input(self, Effect::Raises)
            .input(flow, Effect::Lowers)
            .notes(&notes)
            .finish(v)
    }
}
