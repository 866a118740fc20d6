//! What computations give: a [`Computed`] result that knows its formula,
//! its inputs and their sources, and whether it is exact, approximate or a
//! bound; the number formats of results; and the checks of kinds and years
//! that computations share.

use crate::{ComputeError, ParseError};
use std::fmt;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::calc::bound::{Bound, Effect, propagate};
use crate::calc::figure::Figure;
use crate::error::Error;
use crate::vocab::metric::{Metric, MetricKind};
use crate::vocab::number::{fixed, with_minus};
use crate::vocab::period::{MAX_YEAR, MIN_YEAR, Period};
use crate::vocab::value::{Qualifier, Status, Unit};

/// What a computed number is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ResultUnit {
    /// A rate or share as a fraction: 0.1999 is 19.99 %.
    Fraction,
    /// A difference of two fractions, also as a fraction: 0.05 is 5
    /// percentage points.
    PercentagePoints,
    /// A number of years (a doubling time).
    Years,
    /// An index, base period = 100.
    Index,
    /// An amount in a metric's unit (an absolute change, an implied stock).
    Unit(Unit),
}

/// Formats a fraction as a percentage with two decimals.
///
/// ```
/// assert_eq!(biopharma_stats::format_percent(0.19992), "19.99 %");
/// assert_eq!(biopharma_stats::format_percent(-0.05), "−5.00 %"); // U+2212, as in formulas
/// assert_eq!(biopharma_stats::format_percent(-0.000001), "0.00 %");
/// ```
pub fn format_percent(fraction: f64) -> String {
    format!("{} %", two_decimals(fraction * 100.0))
}

/// Formats a difference of fractions in percentage points with two
/// decimals.
///
/// ```
/// assert_eq!(biopharma_stats::format_pp(0.0286), "2.86 pp");
/// ```
pub fn format_pp(fraction: f64) -> String {
    format!("{} pp", two_decimals(fraction * 100.0))
}

/// Two decimals, with U+2212 for a minus and no sign on a number that
/// rounds to zero.
fn two_decimals(x: f64) -> String {
    fixed(x, 2)
}

/// A number as input to a formula: as written when short (`183.6`, `35`),
/// else to six decimals.
pub(crate) fn num(x: f64) -> String {
    let plain = x.to_string();
    if plain.len() <= 12 {
        return with_minus(plain);
    }
    let s = format!("{x:.6}");
    with_minus(s.trim_end_matches('0').trim_end_matches('.').to_owned())
}

/// A number rounded to two decimals, trailing zeros dropped.
fn round2(x: f64) -> String {
    let s = format!("{x:.2}");
    with_minus(s.trim_end_matches('0').trim_end_matches('.').to_owned())
}

/// An amount with its unit, for explanations: `183.6 billion yuan`, `35`,
/// `30 %`, `rank 2`.
pub(crate) fn amount(text: &str, unit: Unit) -> String {
    match unit {
        Unit::PERCENT => format!("{text} %"),
        Unit::RANK => format!("rank {text}"),
        Unit::COUNT => text.to_owned(),
        _ => format!("{text} {}", unit.label()),
    }
}

/// The result of a computation: the number, what it is measured in,
/// whether it is exact, approximate or a bound, and how it was obtained.
///
/// ```
/// let ds = biopharma_stats::Dataset::embedded();
/// let g = ds.series("biomedicine_market_size", "china")?.cagr(2016, 2019)?;
/// assert!((g.value() - 0.19992).abs() < 1e-4);
/// assert_eq!(g.formatted(), "19.99 %");
/// assert_eq!(g.formula(), "(317.2 / 183.6)^(1/3) − 1");
/// assert_eq!(g.inputs().len(), 2);
/// println!("{}", g.explain());
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
/// Serialize only: a deserialised value would skip the checks of its
/// constructor.
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Computed {
    label: String,
    formula: String,
    value: f64,
    unit: ResultUnit,
    bound: Bound,
    approx: bool,
    period: Option<Period>,
    inputs: Vec<Figure>,
    notes: Vec<String>,
}

impl Computed {
    /// The number (a fraction for rates and shares).
    pub fn value(&self) -> f64 {
        self.value
    }

    /// What the number is measured in.
    pub fn unit(&self) -> ResultUnit {
        self.unit
    }

    /// Whether the number is the result itself or a bound on it; see the
    /// rules on [`Bound`].
    pub fn bound(&self) -> Bound {
        self.bound
    }

    /// Whether an input was approximate, or the computation itself
    /// estimates (interpolation).
    pub fn is_approx(&self) -> bool {
        self.approx
    }

    /// The data vocabulary's qualifier for the result (exact, approx, or a
    /// bound's word); an unknown direction maps to approx, so read
    /// [`Computed::bound`] when that matters.
    ///
    /// ```
    /// use biopharma_stats::{Bound, Dataset, Qualifier};
    /// let ds = Dataset::embedded();
    /// // The source says "about 30 %", so its fraction is approximate:
    /// let s = ds.series("biomedicine_output_value_share", "yangtze_river_delta")?.at(2023)?.share_fraction()?;
    /// assert_eq!((s.bound(), s.qualifier()), (Bound::Point, Qualifier::Approx));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn qualifier(&self) -> Qualifier {
        self.bound.qualifier(self.approx)
    }

    /// The period the result refers to, for results of one period (a share,
    /// an index value, an implied stock); `None` for a change between two.
    pub fn period(&self) -> Option<Period> {
        self.period
    }

    /// The first period the result covers: its own period, or the earliest
    /// of its inputs' (2016 for the CAGR 2016→2019); `None` without inputs.
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Period};
    /// let g = Dataset::embedded().series("biomedicine_market_size", "china")?.cagr(2016, 2019)?;
    /// assert_eq!((g.start_period(), g.end_period()), (Some(Period::Year(2016)), Some(Period::Year(2019))));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn start_period(&self) -> Option<Period> {
        self.period.or_else(|| self.inputs.iter().map(|f| f.period).min())
    }

    /// The last period the result covers: its own period, or the latest of
    /// its inputs' (2019 for the CAGR 2016→2019); `None` without inputs.
    pub fn end_period(&self) -> Option<Period> {
        self.period.or_else(|| self.inputs.iter().map(|f| f.period).max())
    }

    /// The figures the result was computed from, with their periods, values
    /// and sources.
    pub fn inputs(&self) -> &[Figure] {
        &self.inputs
    }

    /// Caveats: allowed mixes, how bounds propagated, assumptions made.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// What was computed: `CAGR 2016→2019`.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The formula with the numbers put in: `(317.2 / 183.6)^(1/3) − 1`.
    pub fn formula(&self) -> &str {
        &self.formula
    }

    /// The value as a percentage (100 × the fraction) for rates, shares and
    /// percentage points; `None` for other units.
    ///
    /// ```
    /// let s = biopharma_stats::Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// // 317.2 / 183.6 − 1 = 0.727669…, so 72.7669… %
    /// let r = s.relative_change(2016, 2019)?;
    /// assert!((r.percent().unwrap() - 100.0 * (317.2 / 183.6 - 1.0)).abs() < 1e-9);
    /// // An absolute change is in billion yuan, not a percentage:
    /// assert_eq!(s.absolute_change(2016, 2019)?.percent(), None);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn percent(&self) -> Option<f64> {
        match self.unit {
            ResultUnit::Fraction | ResultUnit::PercentagePoints => Some(self.value * 100.0),
            _ => None,
        }
    }

    /// The number with its unit and qualifier sign: `19.99 %`, `≥19.99 %`,
    /// `~134`, `3.80 years`, `5.00 pp`, `172.77`.
    ///
    /// ```
    /// use biopharma_stats::{Allow, Dataset, Figure, Period, Value};
    /// let m = Dataset::embedded().metric("class3_innovative_device_approvals").unwrap().clone();
    /// let fig = |e: &str, v| Figure::new(m.clone(), e, Period::Year(2023), Value::exact(v));
    /// let shares = Figure::shares_of_total(&[fig("shanghai", 9.0)?, fig("jiangsu", 11.0)?], &Allow::none())?;
    /// assert_eq!(shares[0].formatted(), "45.00 %"); // 9 / (9 + 11) = 0.45
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn formatted(&self) -> String {
        let sign = match self.bound {
            Bound::Point if self.approx => "~",
            Bound::Point => "",
            Bound::Lower { strict: true } => ">",
            Bound::Lower { strict: false } => "≥",
            Bound::Upper { strict: true } => "<",
            Bound::Upper { strict: false } => "≤",
            Bound::Unknown => "?",
        };
        let n = match self.unit {
            ResultUnit::Fraction => format_percent(self.value),
            ResultUnit::PercentagePoints => format_pp(self.value),
            ResultUnit::Years => format!("{} years", two_decimals(self.value)),
            ResultUnit::Index => two_decimals(self.value),
            ResultUnit::Unit(u) => amount(&round2(self.value), u),
        };
        format!("{sign}{n}")
    }

    /// The result explained: the formula with its numbers, each input with
    /// its source citation, any conflict between sources that was settled,
    /// and every caveat.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let text = ds.series("biomedicine_market_size", "china")?.cagr(2016, 2019)?.explain();
    /// assert!(text.starts_with("CAGR 2016→2019 = (317.2 / 183.6)^(1/3) − 1 = 19.99 %"));
    /// assert!(text.contains("source:"));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn explain(&self) -> String {
        let mut out = self.to_string();
        let mut seen: Vec<&Figure> = Vec::new();
        for f in &self.inputs {
            if seen.contains(&f) {
                continue;
            }
            seen.push(f);
            let status = if f.status == Status::Target { ", target" } else { "" };
            out.push_str(&format!(
                "\n  {}: {} ({}, {}{status}); source: {}",
                f.period,
                amount(&f.value.to_string(), f.unit()),
                f.metric.id,
                f.entity,
                if f.citation.is_empty() { "none given" } else { &f.citation },
            ));
            let ids: Vec<&str> = f.sources.iter().map(|s| s.id.as_str()).collect();
            if !ids.is_empty() {
                out.push_str(&format!(" [{}]", ids.join(", ")));
            }
            for r in &f.resolutions {
                out.push_str(&format!("\n    conflict settled: {r}"));
            }
        }
        for n in &self.notes {
            out.push_str(&format!("\n  note: {n}"));
        }
        out
    }
}

impl fmt::Display for Computed {
    /// The one-line form: `CAGR 2016→2019 = (317.2 / 183.6)^(1/3) − 1 = 19.99 %`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {} = {}", self.label, self.formula, self.formatted())
    }
}

/// A computation under construction: inputs with their effects, and the
/// caveats gathered while checking them.
pub(crate) struct Calc {
    pub(crate) label: String,
    pub(crate) formula: String,
    pub(crate) unit: ResultUnit,
    pub(crate) period: Option<Period>,
    pub(crate) inputs: Vec<(Figure, Effect)>,
    pub(crate) notes: Vec<String>,
    /// The computation estimates rather than derives (interpolation).
    pub(crate) estimate: bool,
}

impl Calc {
    pub(crate) fn new(label: String, formula: String, unit: ResultUnit) -> Calc {
        Calc { label, formula, unit, period: None, inputs: Vec::new(), notes: Vec::new(), estimate: false }
    }

    pub(crate) fn period(mut self, p: Period) -> Calc {
        self.period = Some(p);
        self
    }

    pub(crate) fn input(mut self, f: &Figure, e: Effect) -> Calc {
        self.inputs.push((f.clone(), e));
        self
    }

    pub(crate) fn notes(mut self, notes: &[String]) -> Calc {
        self.notes.extend_from_slice(notes);
        self
    }

    /// The result, with bounds propagated; an error if the number came out
    /// non-finite (an overflow), so that no inf or NaN is ever returned.
    pub(crate) fn finish(self, value: f64) -> Result<Computed, Error> {
        if !value.is_finite() {
            return Err(Error::Compute(ComputeError::NonFiniteInput { what: format!("the result of {}", self.label) }));
        }
        let items = self.inputs.iter().map(|(f, e)| {
            let (b, a) = Bound::of(f.value.qualifier);
            (b, a, *e, f.describe(), f.value.to_string())
        });
        let (bound, approx, mut notes) = propagate(items);
        let mut all = self.notes;
        all.append(&mut notes);
        if self.estimate {
            all.push("an estimate under the interpolation's assumption, never a reported figure".to_owned());
        }
        Ok(Computed {
            label: self.label,
            formula: self.formula,
            value,
            unit: self.unit,
            bound,
            approx: approx || self.estimate,
            period: self.period,
            inputs: self.inputs.into_iter().map(|(f, _)| f).collect(),
            notes: all,
        })
    }
}

/// The year of a single-year period, refusing years outside
/// [`MIN_YEAR`]..=[`MAX_YEAR`] (a `Period::Year` built by hand may hold
/// any `i32`; spans are checked when built). `None` for a span.
pub(crate) fn valid_year(p: Period) -> Result<Option<i32>, Error> {
    match p {
        Period::Year(y) if (MIN_YEAR..=MAX_YEAR).contains(&y) => Ok(Some(y)),
        Period::Year(y) => Err(Error::Parse(ParseError::BadPeriod {
            at: None,
            text: y.to_string(),
            reason: "years must have four digits",
        })),
        Period::Span(_) => Ok(None),
    }
}

/// Refuses a metric of another kind than the computation needs.
pub(crate) fn kind_is(
    computation: &'static str,
    m: &Metric,
    kind: MetricKind,
    expected: &'static str,
) -> Result<(), Error> {
    if m.kind == kind {
        Ok(())
    } else {
        Err(Error::Compute(ComputeError::KindNotSupported {
            computation,
            metric: m.id.to_string(),
            kind: m.kind,
            expected,
        }))
    }
}

/// Refuses a rank (ordinal: only differences of positions mean anything)
/// where a ratio is computed.
pub(crate) fn ratio_growth(computation: &'static str, f: &Figure) -> Result<(), Error> {
    if f.metric.kind.has_ratio_growth() {
        return Ok(());
    }
    let expected = match f.metric.kind {
        MetricKind::Share => {
            "a share changes in percentage points (an absolute change or Figure::share_change_to), not by a growth rate"
        }
        _ => "a rank is ordinal, so only its absolute change means anything",
    };
    Err(Error::Compute(ComputeError::KindNotSupported {
        computation,
        metric: f.metric.id.to_string(),
        kind: f.metric.kind,
        expected,
    }))
}

/// Refuses a figure whose values cannot be summed across entities (a
/// share, a rate, a rank) where a computation adds them into a total.
pub(crate) fn additive(computation: &'static str, f: &Figure) -> Result<(), Error> {
    if f.metric.kind.is_additive_across_entities() {
        return Ok(());
    }
    Err(Error::Compute(ComputeError::KindNotSupported {
        computation,
        metric: f.metric.id.to_string(),
        kind: f.metric.kind,
        expected: "only flows and stocks add up across entities into a total",
    }))
}

/// Refuses a rank (ordinal: a share or sum of positions means nothing).
pub(crate) fn not_rank(computation: &'static str, f: &Figure) -> Result<(), Error> {
    if f.metric.kind == MetricKind::Rank {
        return Err(Error::Compute(ComputeError::KindNotSupported {
            computation,
            metric: f.metric.id.to_string(),
            kind: f.metric.kind,
            expected: "a rank is ordinal, so only its absolute change means anything",
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_formulas() {
        assert_eq!(num(183.6), "183.6");
        assert_eq!(num(35.0), "35");
        assert_eq!(num(228.13333333333333), "228.133333");
        assert_eq!(round2(134.0), "134");
        assert_eq!(round2(228.13333), "228.13");
        assert_eq!(round2(-0.001), "0");
    }
}
