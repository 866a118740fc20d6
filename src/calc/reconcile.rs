//! Stock–flow reconciliation: does a cumulative series agree with the
//! yearly flows that should add up to it?
//!
//! The report states, year by year, what the stock is, what the flows imply,
//! and by how much they differ, with the sources on both sides. It never
//! adjusts data.

use crate::ComputeError;
use std::fmt;

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::calc::computed::valid_year;
use crate::calc::core;
use crate::data::dataset::Dataset;
use crate::data::series::{Point, Series, SeriesOptions};
use crate::error::Error;
use crate::vocab::metric::MetricId;
use crate::vocab::metric::MetricKind;
use crate::vocab::period::Period;
use crate::vocab::source::SourceId;
use crate::vocab::value::{Qualifier, Status};

/// A flow used in a reconciliation: year, value, ids of its sources.
type FlowUse = (i32, f64, Vec<SourceId>);

/// A reported single-year point: year, value, qualifier, ids of its sources.
type YearPoint = (i32, f64, Qualifier, Vec<SourceId>);

/// Where the cumulative count starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Base {
    /// The stock was zero before this year, so the stock at the end of year
    /// `t` should equal the sum of the flows from this year to `t` (NMPA's
    /// innovative device procedure started in 2014, say).
    ZeroBefore(i32),
    /// Each stock should equal the previous stock plus the flows in between;
    /// the first stock is the base and is not checked.
    PreviousStock,
}

/// Options for [`Dataset::reconcile`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconcileOptions {
    base: Base,
    flows: SeriesOptions,
    stocks: SeriesOptions,
    allow_other_definitions: bool,
}

impl ReconcileOptions {
    /// Reconcile from a base; the flow and stock series are built with the
    /// default [`SeriesOptions`] (reported only, conflicts refused).
    pub fn new(base: Base) -> Self {
        ReconcileOptions {
            base,
            flows: SeriesOptions::new(),
            stocks: SeriesOptions::new(),
            allow_other_definitions: false,
        }
    }

    /// How to build the flow series (for example, how to settle conflicts).
    pub fn flows(mut self, opts: SeriesOptions) -> Self {
        self.flows = opts;
        self
    }

    /// How to build the stock series.
    pub fn stocks(mut self, opts: SeriesOptions) -> Self {
        self.stocks = opts;
        self
    }

    /// Allow a stock metric that is not `<flow metric>_cumul`, i.e. whose
    /// definition may differ from the flows' (the report still names both).
    pub fn allow_other_definitions(mut self) -> Self {
        self.allow_other_definitions = true;
        self
    }
}

/// How one stock compares with the flows.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Agreement {
    /// The stock equals what the flows imply.
    Agrees,
    /// The stock differs from what the flows imply by `stock − implied`.
    Differs {
        /// Stock minus implied stock.
        by: f64,
    },
    /// Flows are missing for these years, so nothing can be implied.
    MissingFlows {
        /// The years without a flow.
        years: Vec<i32>,
    },
    /// The first stock under [`Base::PreviousStock`]: the base itself.
    IsBase,
}

/// One year of a [`Reconciliation`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[non_exhaustive]
pub struct ReconcileRow {
    /// The year the stock is reported for (its end).
    pub year: i32,
    /// The reported stock.
    pub stock: f64,
    /// Its qualifier.
    pub stock_qualifier: Qualifier,
    /// The ids of the sources that state the stock.
    pub stock_sources: Vec<SourceId>,
    /// The stock implied by the base and the flows, when computable.
    pub implied: Option<f64>,
    /// The flows used, as (year, value, ids of the sources that state it).
    pub flows: Vec<(i32, f64, Vec<SourceId>)>,
    /// The verdict.
    pub agreement: Agreement,
}

/// A year-by-year comparison of a stock series with its flows; see
/// [`Dataset::reconcile`] and [`reconcile`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[non_exhaustive]
pub struct Reconciliation {
    /// The flow metric's id.
    pub flow_metric: MetricId,
    /// The stock metric's id.
    pub stock_metric: MetricId,
    /// The entity.
    pub entity: String,
    /// The base used.
    pub base: Base,
    /// One row per stock year.
    pub rows: Vec<ReconcileRow>,
    /// Conflicts settled while building the series, one line each.
    pub resolutions: Vec<String>,
    /// Every source cited in the rows, as (id, citation).
    pub sources: Vec<(SourceId, String)>,
}

impl Reconciliation {
    /// Whether every checkable year agrees (and at least one was checked).
    ///
    /// ```
    /// use biopharma_stats::{Base, Dataset, ReconcileOptions, Resolve, SeriesOptions};
    /// let ds = Dataset::embedded();
    /// let flows = |rule| ReconcileOptions::new(Base::ZeroBefore(2014)).flows(SeriesOptions::new().resolve(rule));
    /// let m = ("innovative_device_approvals", "innovative_device_approvals_cumul", "china");
    /// // With the later 2018 count (21) every year agrees; with the earlier (19) 2018 misses by 2.
    /// assert!(ds.reconcile(m.0, m.1, m.2, &flows(Resolve::LatestPublication))?.all_agree());
    /// assert!(!ds.reconcile(m.0, m.1, m.2, &flows(Resolve::EarliestPublication))?.all_agree());
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn all_agree(&self) -> bool {
        let checked = self.rows.iter().filter(|r| !matches!(r.agreement, Agreement::IsBase)).count();
        checked > 0 && self.rows.iter().all(|r| matches!(r.agreement, Agreement::Agrees | Agreement::IsBase))
    }
}

impl fmt::Display for Reconciliation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base = match self.base {
            Base::ZeroBefore(y) => format!("zero before {y}"),
            Base::PreviousStock => "previous stock".to_owned(),
        };
        writeln!(f, "{} against flows of {} for {} (base: {base})", self.stock_metric, self.flow_metric, self.entity)?;
        let mut shown_until: Option<i32> = None;
        for r in &self.rows {
            let implied = r.implied.map_or_else(|| "—".to_owned(), |v| v.to_string());
            let verdict = match &r.agreement {
                Agreement::Agrees => "agrees".to_owned(),
                Agreement::Differs { by } => {
                    let sign = if *by > 0.0 { "+" } else { "" };
                    format!("DIFFERS by {sign}{}", crate::vocab::number::format_number(*by))
                }
                Agreement::MissingFlows { years } => {
                    format!("no flow for {}", years.iter().map(i32::to_string).collect::<Vec<_>>().join(", "))
                }
                Agreement::IsBase => "base".to_owned(),
            };
            writeln!(
                f,
                "  {}: stock {}{} [{}]; implied {implied}: {verdict}",
                r.year,
                r.stock_qualifier.symbol(),
                r.stock,
                join_ids(&r.stock_sources)
            )?;
            // Each row lists only the flows not already shown on an earlier row.
            let flows: Vec<String> = r
                .flows
                .iter()
                .filter(|(y, _, _)| shown_until.is_none_or(|u| *y > u))
                .map(|(y, v, s)| format!("{y}: {v} [{}]", join_ids(s)))
                .collect();
            if !flows.is_empty() {
                let lead = if shown_until.is_some() { "+ flows" } else { "flows" };
                writeln!(f, "      {lead} {}", flows.join("; "))?;
            }
            shown_until = r.flows.last().map(|l| l.0).or(shown_until);
        }
        for r in &self.resolutions {
            writeln!(f, "  conflict settled: {r}")?;
        }
        writeln!(f, "  sources:")?;
        for (id, citation) in &self.sources {
            writeln!(f, "    [{id}] {citation}")?;
        }
        Ok(())
    }
}

fn join_ids(ids: &[SourceId]) -> String {
    ids.iter().map(SourceId::as_str).collect::<Vec<_>>().join(", ")
}

/// Compares a stock series with a flow series of the same entity and unit.
///
/// Only reported single-year points are used; the implied stock is the base
/// plus each flow in year order ([`cumulate`](crate::cumulate)). Exact arithmetic is expected
/// (counts); a difference of at most 1e-9 of the stock (1e-9 itself for a
/// stock below 1) counts as agreement.
///
/// # Errors
///
/// - [`ComputeError::KindNotSupported`] unless the flows are a flow and the
///   stocks a stock.
/// - [`ComputeError::UnitsDiffer`] if the two metrics' units differ;
///   [`ComputeError::EntitiesDiffer`] if the two series' entities differ.
/// - [`ComputeError::DefinitionsDiffer`] unless the stock metric is
///   `<flow metric>_cumul`.
/// - [`ParseError::BadPeriod`](crate::ParseError::BadPeriod) for a base
///   year or a point's year outside 1000..=9999 (a `Period::Year` built by
///   hand).
/// - [`ComputeError::NonFiniteInput`] where an implied stock, or its
///   difference from the stock, overflows f64.
///
/// ```
/// use biopharma_stats::{reconcile, Base, Dataset, Resolve, SeriesOptions};
/// let ds = Dataset::embedded();
/// let opts = SeriesOptions::new().resolve(Resolve::LatestPublication);
/// let flows = ds.series_with("innovative_device_approvals", "china", &opts)?;
/// let stocks = ds.series("innovative_device_approvals_cumul", "china")?;
/// let r = reconcile(&flows, &stocks, Base::ZeroBefore(2014))?;
/// assert!(r.all_agree()); // 1 + 9 + 11 + 12 + 21 = 54 at end-2018, and so on
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
pub fn reconcile(flows: &Series, stocks: &Series, base: Base) -> Result<Reconciliation, Error> {
    check(flows, stocks, false)?;
    build(flows, stocks, base)
}

fn check(flows: &Series, stocks: &Series, allow_other_definitions: bool) -> Result<(), Error> {
    const WHAT: &str = "stock-flow reconciliation";
    let (fm, sm) = (flows.metric(), stocks.metric());
    if fm.kind != MetricKind::Flow {
        return Err(Error::Compute(ComputeError::KindNotSupported {
            computation: WHAT,
            metric: fm.id.to_string(),
            kind: fm.kind,
            expected: "the flows must be a flow metric",
        }));
    }
    if sm.kind != MetricKind::Stock {
        return Err(Error::Compute(ComputeError::KindNotSupported {
            computation: WHAT,
            metric: sm.id.to_string(),
            kind: sm.kind,
            expected: "the stocks must be a stock metric",
        }));
    }
    if fm.unit != sm.unit {
        return Err(Error::Compute(ComputeError::UnitsDiffer {
            computation: WHAT,
            left: fm.id.to_string(),
            left_unit: fm.unit,
            right: sm.id.to_string(),
            right_unit: sm.unit,
        }));
    }
    if flows.entity() != stocks.entity() {
        return Err(Error::Compute(ComputeError::EntitiesDiffer {
            computation: WHAT,
            left: flows.entity().to_owned(),
            right: stocks.entity().to_owned(),
        }));
    }
    if !allow_other_definitions && sm.id.as_str() != format!("{}_cumul", fm.id) {
        return Err(Error::Compute(ComputeError::DefinitionsDiffer {
            computation: WHAT,
            left: fm.id.to_string(),
            right: sm.id.to_string(),
        }));
    }
    Ok(())
}

fn build(flows: &Series, stocks: &Series, base: Base) -> Result<Reconciliation, Error> {
    // Years outside 1000..=9999 (a hand-made Period::Year) are refused: the
    // year arithmetic below stays in range, and a base of i32::MIN does not
    // walk through four billion years.
    if let Base::ZeroBefore(y) = base {
        valid_year(Period::Year(y))?;
    }
    let ids = |s: &Series, p: &Point| -> Vec<SourceId> { s.sources_of(p).iter().map(|x| x.id.clone()).collect() };
    let yearly = |s: &Series| -> Result<Vec<YearPoint>, Error> {
        let mut out = Vec::new();
        for p in s.points().iter().filter(|p| p.status == Status::Reported && !p.is_derived()) {
            if let Some(y) = valid_year(p.period)? {
                out.push((y, p.value.value, p.value.qualifier, ids(s, p)));
            }
        }
        Ok(out)
    };
    let flow_pts = yearly(flows)?;
    let stock_pts = yearly(stocks)?;
    let flow_in = |from: i32, to: i32| -> (Vec<FlowUse>, Vec<i32>) {
        let mut used = Vec::new();
        let mut missing = Vec::new();
        for y in from..=to {
            match flow_pts.iter().find(|f| f.0 == y) {
                Some(f) => used.push((y, f.1, f.3.clone())),
                None => missing.push(y),
            }
        }
        (used, missing)
    };
    let mut rows = Vec::new();
    let mut previous: Option<(i32, f64)> = None;
    for &(year, stock, q, ref src) in &stock_pts {
        let (start, base_value) = match base {
            Base::ZeroBefore(y0) => (y0, Some(0.0)),
            Base::PreviousStock => match previous {
                Some((py, pv)) => (py + 1, Some(pv)),
                None => (year + 1, None),
            },
        };
        let (used, missing) = if start <= year { flow_in(start, year) } else { (Vec::new(), Vec::new()) };
        let (implied, agreement) = match base_value {
            None => (None, Agreement::IsBase),
            Some(_) if !missing.is_empty() => (None, Agreement::MissingFlows { years: missing }),
            Some(b) => {
                let flows: Vec<f64> = used.iter().map(|u| u.1).collect();
                let overflow = || {
                    Error::Compute(ComputeError::NonFiniteInput {
                        what: format!(
                            "the result of stock-flow reconciliation of {} / {} in {year} (the stock implied by the flows, or its difference from the stock, overflows)",
                            stocks.metric().id,
                            stocks.entity()
                        ),
                    })
                };
                let implied = core::cumulate(b, &flows).map_err(|_| overflow())?;
                let by = core::absolute_change(implied, stock).map_err(|_| overflow())?;
                let agreement =
                    if by.abs() <= 1e-9 * stock.abs().max(1.0) { Agreement::Agrees } else { Agreement::Differs { by } };
                (Some(implied), agreement)
            }
        };
        rows.push(ReconcileRow {
            year,
            stock,
            stock_qualifier: q,
            stock_sources: src.clone(),
            implied,
            flows: used,
            agreement,
        });
        previous = Some((year, stock));
    }
    let resolutions = flows.resolutions().iter().chain(stocks.resolutions()).map(ToString::to_string).collect();
    let mut sources: Vec<(SourceId, String)> = Vec::new();
    let cited = rows.iter().flat_map(|r| r.stock_sources.iter().chain(r.flows.iter().flat_map(|f| f.2.iter())));
    for id in cited {
        if !sources.iter().any(|(s, _)| s == id) {
            let citation = flows
                .sources()
                .iter()
                .chain(stocks.sources())
                .find(|s| s.id == *id)
                .map(|s| s.citation())
                .unwrap_or_default();
            sources.push((id.clone(), citation));
        }
    }
    Ok(Reconciliation {
        flow_metric: flows.metric().id.clone(),
        stock_metric: stocks.metric().id.clone(),
        entity: flows.entity().to_owned(),
        base,
        rows,
        resolutions,
        sources,
    })
}

impl Dataset {
    /// Checks a cumulative metric against its yearly flows for one entity.
    ///
    /// The stock metric must be `<flow metric>_cumul` (the dataset's naming
    /// for the stock of a flow) unless
    /// [`ReconcileOptions::allow_other_definitions`] is set; both must share
    /// a unit. Conflicting flows are refused unless the options say how to
    /// settle them, and the report lists every settled conflict.
    ///
    /// # Errors
    ///
    /// - Those of [`Dataset::series_with`] for either metric with its options
    ///   ([`QueryError::NoSuchMetric`](crate::QueryError::NoSuchMetric),
    ///   [`QueryError::NoSuchSeries`](crate::QueryError::NoSuchSeries),
    ///   [`QueryError::Conflict`](crate::QueryError::Conflict) for conflicting
    ///   figures the options do not settle, …).
    /// - Those of [`reconcile`]: [`ComputeError::KindNotSupported`],
    ///   [`ComputeError::UnitsDiffer`], [`ParseError::BadPeriod`](crate::ParseError::BadPeriod),
    ///   [`ComputeError::NonFiniteInput`]; and
    ///   [`ComputeError::DefinitionsDiffer`] unless the stock metric is
    ///   `<flow metric>_cumul` or
    ///   [`ReconcileOptions::allow_other_definitions`] is set.
    ///
    /// ```
    /// use biopharma_stats::{Agreement, Base, Dataset, ReconcileOptions, Resolve, SeriesOptions};
    /// let ds = Dataset::embedded();
    /// // With CAMDI's early 2018 count (19 instead of 21) the chain misses by 2.
    /// let opts = ReconcileOptions::new(Base::ZeroBefore(2014))
    ///     .flows(SeriesOptions::new().resolve(Resolve::EarliestPublication));
    /// let r = ds.reconcile("innovative_device_approvals", "innovative_device_approvals_cumul", "china", &opts)?;
    /// assert_eq!(r.rows[0].agreement, Agreement::Differs { by: 2.0 });
    /// println!("{r}");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn reconcile(
        &self,
        flow_metric: &str,
        stock_metric: &str,
        entity: &str,
        opts: &ReconcileOptions,
    ) -> Result<Reconciliation, Error> {
        let flows = self.series_with(flow_metric, entity, &opts.flows)?;
        let stocks = self.series_with(stock_metric, entity, &opts.stocks)?;
        check(&flows, &stocks, opts.allow_other_definitions)?;
        build(&flows, &stocks, opts.base)
    }
}
