//! What computations take and give: a [`Figure`] (one point of a series with
//! its provenance), the [`Allow`] switches for mixes that are refused by
//! default, and a [`Computed`] result that knows its formula, its inputs and
//! their sources, and whether it is exact, approximate or a bound.
//!
//! The qualifier rules are in `qualifiers.md`, shown on [`Bound`].

use crate::{ComputeError, ParseError};
use std::fmt;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::data::series::{Origin, Resolution};
use crate::error::Error;
use crate::vocab::metric::{Metric, MetricKind};
use crate::vocab::number::{fixed, with_minus};
use crate::vocab::period::{MAX_YEAR, MIN_YEAR, Period};
use crate::vocab::source::Source;
use crate::vocab::value::{Qualifier, Status, Unit, Value};

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

/// Mixes of figures that a computation refuses unless the caller allows
/// them: different units, different definitions (metric ids), different
/// entities, different periods, or reported figures with targets.
///
/// Every allowed mix that actually occurs is noted in the result's
/// explanation.
///
/// ```
/// use biopharma_stats::Allow;
/// let strict = Allow::none();
/// let lenient = Allow::none().definitions().statuses();
/// assert_ne!(strict, lenient);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Allow {
    pub(crate) units: bool,
    pub(crate) definitions: bool,
    pub(crate) entities: bool,
    pub(crate) periods: bool,
    pub(crate) statuses: bool,
}

impl Allow {
    /// Allow no mix (the default).
    pub const fn none() -> Allow {
        Allow { units: false, definitions: false, entities: false, periods: false, statuses: false }
    }

    /// Allow figures in different units.
    pub const fn units(mut self) -> Allow {
        self.units = true;
        self
    }

    /// Allow figures of different metrics (definitions), say Class 1
    /// innovative drugs against all domestic innovative drugs.
    pub const fn definitions(mut self) -> Allow {
        self.definitions = true;
        self
    }

    /// Allow figures of different entities where one entity is expected.
    pub const fn entities(mut self) -> Allow {
        self.entities = true;
        self
    }

    /// Allow figures of different periods where one period is expected.
    pub const fn periods(mut self) -> Allow {
        self.periods = true;
        self
    }

    /// Allow targets to mix with reported figures.
    pub const fn statuses(mut self) -> Allow {
        self.statuses = true;
        self
    }
}

#[doc = include_str!("qualifiers.md")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Bound {
    /// Not a bound: the number estimates the result itself (exactly, or
    /// approximately when [`Computed::is_approx`]).
    Point,
    /// The true result is at least the number (strictly above if `strict`).
    Lower {
        /// Whether the true result is strictly above.
        strict: bool,
    },
    /// The true result is at most the number (strictly below if `strict`).
    Upper {
        /// Whether the true result is strictly below.
        strict: bool,
    },
    /// Inputs bound the result in opposite directions: the true result may
    /// lie above or below the number, by an amount nobody knows.
    Unknown,
}

impl Bound {
    /// The bound a stated qualifier puts on its own value, and whether it is
    /// approximate.
    pub(crate) fn of(q: Qualifier) -> (Bound, bool) {
        match q {
            Qualifier::Approx => (Bound::Point, true),
            Qualifier::MoreThan => (Bound::Lower { strict: true }, false),
            Qualifier::AtLeast => (Bound::Lower { strict: false }, false),
            Qualifier::LessThan => (Bound::Upper { strict: true }, false),
            Qualifier::AtMost => (Bound::Upper { strict: false }, false),
            _ => (Bound::Point, false),
        }
    }

    /// The data vocabulary's word for a bound: exact or approx for a point,
    /// the bound's word for a bound, and approx for an unknown direction.
    pub(crate) fn qualifier(self, approx: bool) -> Qualifier {
        match self {
            Bound::Point if approx => Qualifier::Approx,
            Bound::Point => Qualifier::Exact,
            Bound::Lower { strict: true } => Qualifier::MoreThan,
            Bound::Lower { strict: false } => Qualifier::AtLeast,
            Bound::Upper { strict: true } => Qualifier::LessThan,
            Bound::Upper { strict: false } => Qualifier::AtMost,
            Bound::Unknown => Qualifier::Approx,
        }
    }
}

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
        Unit::Percent => format!("{text} %"),
        Unit::Rank => format!("rank {text}"),
        Unit::CnyBn => format!("{text} {}", unit.label()),
        _ => text.to_owned(),
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
    pub fn percent(&self) -> Option<f64> {
        match self.unit {
            ResultUnit::Fraction | ResultUnit::PercentagePoints => Some(self.value * 100.0),
            _ => None,
        }
    }

    /// The number with its unit and qualifier sign: `19.99 %`, `≥19.99 %`,
    /// `~134`, `3.80 years`, `5.00 pp`, `172.77`.
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

/// How an input moves a result: a larger input gives a larger result
/// (`Raises`), a smaller one (`Lowers`), or locally no change (`Neutral`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    Raises,
    Lowers,
    Neutral,
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

/// Combines the bounds of inputs into the bound of a result (the rules on
/// [`Bound`]). Each item is (bound, approx, effect, name, stated value).
/// Returns the bound, whether the result is approximate, and notes that
/// explain every bound that mattered.
pub(crate) fn propagate(
    items: impl IntoIterator<Item = (Bound, bool, Effect, String, String)>,
) -> (Bound, bool, Vec<String>) {
    let mut lower: Option<bool> = None;
    let mut upper: Option<bool> = None;
    let mut unknown = false;
    let mut approx = false;
    let mut notes = Vec::new();
    for (b, a, e, name, stated) in items {
        if e == Effect::Neutral {
            continue;
        }
        approx |= a;
        let raises = e == Effect::Raises;
        match b {
            Bound::Point => {}
            Bound::Unknown => {
                unknown = true;
                notes.push(format!("{name} is bounded in an unknown direction"));
            }
            Bound::Lower { strict } | Bound::Upper { strict } => {
                let is_lower = matches!(b, Bound::Lower { .. });
                let kind = if is_lower { "a lower bound" } else { "an upper bound" };
                let verb = if raises { "raises" } else { "lowers" };
                let pushes_up = is_lower == raises;
                let slot = if pushes_up { &mut lower } else { &mut upper };
                *slot = Some(slot.unwrap_or(false) || strict);
                notes.push(format!(
                    "{name} is stated as {stated}, {kind}, and {verb} the result: the true result is {}",
                    if pushes_up { "higher" } else { "lower" }
                ));
            }
        }
    }
    let bound = match (lower, upper) {
        _ if unknown => Bound::Unknown,
        (Some(_), Some(_)) => Bound::Unknown,
        (Some(strict), None) => Bound::Lower { strict },
        (None, Some(strict)) => Bound::Upper { strict },
        (None, None) => Bound::Point,
    };
    match bound {
        Bound::Unknown => notes.push(
            "bounds pull the result in opposite directions: the true result may lie on either side of this number, by an unknown amount".to_owned(),
        ),
        Bound::Lower { .. } => notes.push("so the result is a lower bound".to_owned()),
        Bound::Upper { .. } => notes.push("so the result is an upper bound".to_owned()),
        _ => {}
    }
    (bound, approx, notes)
}

/// Checks that two figures may be combined: same unit, definition, entity,
/// period and status, except the aspects in `by_design` (which the
/// computation expects to differ: the periods of a growth rate) and those
/// the caller's `allow` permits. Returns a note for every allowed mix that
/// occurs. One switch type, [`Allow`], says both.
pub(crate) fn check_same(
    computation: &'static str,
    a: &Figure,
    b: &Figure,
    by_design: Allow,
    allow: &Allow,
    notes: &mut Vec<String>,
) -> Result<(), Error> {
    by_design.complement().check(computation, a, b, allow, notes)
}

impl Allow {
    /// Every aspect not in `self`.
    const fn complement(self) -> Allow {
        Allow {
            units: !self.units,
            definitions: !self.definitions,
            entities: !self.entities,
            periods: !self.periods,
            statuses: !self.statuses,
        }
    }

    /// With `self` read as the aspects to check: checks them.
    fn check(
        &self,
        computation: &'static str,
        a: &Figure,
        b: &Figure,
        allow: &Allow,
        notes: &mut Vec<String>,
    ) -> Result<(), Error> {
        if self.units && a.unit() != b.unit() {
            if !allow.units {
                return Err(Error::Compute(ComputeError::UnitsDiffer {
                    computation,
                    left: a.describe(),
                    left_unit: a.unit(),
                    right: b.describe(),
                    right_unit: b.unit(),
                }));
            }
            push_once(notes, format!("units differ (allowed by the caller): {} vs {}", a.unit(), b.unit()));
        }
        if self.definitions && a.metric.id != b.metric.id {
            if !allow.definitions {
                return Err(Error::Compute(ComputeError::DefinitionsDiffer {
                    computation,
                    left: a.metric.id.to_string(),
                    right: b.metric.id.to_string(),
                }));
            }
            push_once(notes, format!("definitions differ (allowed by the caller): {} vs {}", a.metric.id, b.metric.id));
        }
        if self.entities && a.entity != b.entity {
            if !allow.entities {
                return Err(Error::Compute(ComputeError::EntitiesDiffer {
                    computation,
                    left: a.entity.clone(),
                    right: b.entity.clone(),
                }));
            }
            push_once(notes, format!("entities differ (allowed by the caller): {} vs {}", a.entity, b.entity));
        }
        if self.periods && a.period != b.period {
            if !allow.periods {
                return Err(Error::Compute(ComputeError::PeriodsDiffer {
                    computation,
                    left: a.describe(),
                    left_period: a.period,
                    right: b.describe(),
                    right_period: b.period,
                }));
            }
            push_once(notes, format!("periods differ (allowed by the caller): {} vs {}", a.period, b.period));
        }
        if self.statuses && a.status != b.status {
            if !allow.statuses {
                return Err(Error::Compute(ComputeError::StatusesDiffer {
                    computation,
                    left: a.describe(),
                    left_status: a.status,
                    right: b.describe(),
                    right_status: b.status,
                }));
            }
            push_once(notes, "reported figures mixed with targets (allowed by the caller)".to_owned());
        }
        Ok(())
    }
}

fn push_once(notes: &mut Vec<String>, note: String) {
    if !notes.contains(&note) {
        notes.push(note);
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

    fn item(q: Qualifier, e: Effect) -> (Bound, bool, Effect, String, String) {
        let (b, a) = Bound::of(q);
        (b, a, e, "x".to_owned(), "1".to_owned())
    }

    #[test]
    fn propagation_table() {
        use Effect::*;
        use Qualifier::*;
        let cases = [
            (vec![item(Exact, Raises), item(Exact, Lowers)], Bound::Point, false),
            (vec![item(Approx, Raises), item(Exact, Lowers)], Bound::Point, true),
            (vec![item(MoreThan, Raises), item(Exact, Lowers)], Bound::Lower { strict: true }, false),
            (vec![item(AtLeast, Raises)], Bound::Lower { strict: false }, false),
            (vec![item(AtLeast, Lowers)], Bound::Upper { strict: false }, false),
            (vec![item(LessThan, Lowers)], Bound::Lower { strict: true }, false),
            (vec![item(AtMost, Raises)], Bound::Upper { strict: false }, false),
            (vec![item(AtLeast, Raises), item(AtMost, Lowers)], Bound::Lower { strict: false }, false),
            (vec![item(AtLeast, Raises), item(AtLeast, Lowers)], Bound::Unknown, false),
            (vec![item(MoreThan, Raises), item(Approx, Lowers)], Bound::Lower { strict: true }, true),
            (vec![item(MoreThan, Neutral), item(Approx, Neutral)], Bound::Point, false),
        ];
        for (items, bound, approx) in cases {
            let (b, a, _) = propagate(items);
            assert_eq!((b, a), (bound, approx));
        }
    }

    #[test]
    fn bound_words() {
        assert_eq!(Bound::Point.qualifier(false), Qualifier::Exact);
        assert_eq!(Bound::Point.qualifier(true), Qualifier::Approx);
        assert_eq!(Bound::Unknown.qualifier(false), Qualifier::Approx);
        assert_eq!(Bound::Lower { strict: true }.qualifier(false), Qualifier::MoreThan);
        assert_eq!(Bound::Upper { strict: false }.qualifier(true), Qualifier::AtMost);
    }

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
