//! Share computations: a part of a whole, shares of a total across
//! entities, the whole implied by a part and its share, the part implied by
//! a whole and a share, the change of a share in percentage points, and the
//! contribution of a part to the growth of the whole.
//!
//! Free functions take plain numbers with shares as fractions (0.3 for
//! 30 %). Methods on [`Figure`] take figures: a share stored in percent
//! (`30` with [`Unit::Percent`]) is divided by 100 before use, and results
//! are fractions again. Percentage points are fractions too: a change of 5
//! points is 0.05 ([`format_pp`](crate::format_pp) prints it as `5.00 pp`).
//!
//! Figure methods check that the figures fit together: the same unit, the
//! same metric (definition), the same period and the same status, each
//! unless [`Allow`]ed; a share figure must be of a share metric in percent.
//! Qualifiers propagate by the rules on [`Bound`](crate::Bound).

use crate::calc::computed::{Allow, Calc, Computed, Effect, Figure, ResultUnit, check_same, kind_is, not_rank, num};
use crate::error::Error;
use crate::vocab::metric::MetricKind;
use crate::vocab::value::Unit;
use crate::{ComputeError, QueryError};

fn finite(x: f64, what: &str) -> Result<f64, Error> {
    if x.is_finite() { Ok(x) } else { Err(Error::Compute(ComputeError::NonFiniteInput { what: what.to_owned() })) }
}

/// A result that must be finite (an overflow is an error, never an inf),
/// naming the numbers it came from.
fn out(computation: &'static str, x: f64, from: [&str; 2]) -> Result<f64, Error> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(Error::Compute(ComputeError::NonFiniteInput {
            what: format!("the result of {computation} from {} and {}", from[0], from[1]),
        }))
    }
}

fn non_negative(computation: &'static str, x: f64, what: &str) -> Result<f64, Error> {
    finite(x, what)?;
    if x < 0.0 {
        return Err(Error::Compute(ComputeError::OutOfRange {
            computation,
            what: what.to_owned(),
            value: x,
            expected: "0 or more",
        }));
    }
    Ok(x)
}

fn positive_base(computation: &'static str, x: f64, what: &str) -> Result<f64, Error> {
    finite(x, what)?;
    if x == 0.0 {
        return Err(Error::Compute(ComputeError::ZeroBase { computation, what: what.to_owned() }));
    }
    if x < 0.0 {
        return Err(Error::Compute(ComputeError::NegativeBase { computation, what: what.to_owned(), value: x }));
    }
    Ok(x)
}

fn fraction(computation: &'static str, x: f64, what: &str) -> Result<f64, Error> {
    finite(x, what)?;
    if !(0.0..=1.0).contains(&x) {
        return Err(Error::Compute(ComputeError::OutOfRange {
            computation,
            what: what.to_owned(),
            value: x,
            expected: "a fraction from 0 to 1 (30 % is 0.3)",
        }));
    }
    Ok(x)
}

fn share_core(computation: &'static str, part: f64, whole: f64, pn: &str, wn: &str) -> Result<f64, Error> {
    let whole = positive_base(computation, whole, wn)?;
    let part = non_negative(computation, part, pn)?;
    if part > whole {
        return Err(Error::Compute(ComputeError::PartExceedsWhole {
            computation,
            part: pn.to_owned(),
            part_value: part,
            whole: wn.to_owned(),
            whole_value: whole,
        }));
    }
    out(computation, part / whole, [pn, wn])
}

/// `name` names part `i` and `total_name` the parts' total, in errors.
fn shares_core(
    computation: &'static str,
    parts: &[f64],
    name: impl Fn(usize) -> String,
    total_name: impl Fn() -> String,
) -> Result<Vec<f64>, Error> {
    if parts.is_empty() {
        return Err(Error::Compute(ComputeError::TooFewPoints {
            computation,
            what: "the list of parts".to_owned(),
            needed: 1,
            found: 0,
        }));
    }
    let mut total = 0.0;
    for (i, &p) in parts.iter().enumerate() {
        if !p.is_finite() || p < 0.0 {
            non_negative(computation, p, &name(i))?;
        }
        total += p;
    }
    if total.is_infinite() {
        // Every part is finite: the sum overflowed.
        return Err(Error::Compute(ComputeError::NonFiniteInput {
            what: format!("the result of {computation} ({} overflows)", total_name()),
        }));
    }
    if total == 0.0 {
        return Err(Error::Compute(ComputeError::ZeroBase { computation, what: total_name() }));
    }
    // p ≤ total, so this never overflows.
    parts.iter().map(|&p| out(computation, p / total, ["a part", "the total of the parts"])).collect()
}

fn implied_whole_core(computation: &'static str, part: f64, share: f64, pn: &str, sn: &str) -> Result<f64, Error> {
    let part = non_negative(computation, part, pn)?;
    let share = fraction(computation, share, sn)?;
    if share == 0.0 {
        return Err(Error::Compute(ComputeError::ZeroBase { computation, what: sn.to_owned() }));
    }
    out(computation, part / share, [pn, sn])
}

fn implied_part_core(computation: &'static str, whole: f64, share: f64, wn: &str, sn: &str) -> Result<f64, Error> {
    let whole = non_negative(computation, whole, wn)?;
    let share = fraction(computation, share, sn)?;
    out(computation, whole * share, [wn, sn])
}

fn contribution_core(computation: &'static str, p0: f64, p1: f64, w0: f64, names: [&str; 3]) -> Result<f64, Error> {
    let w0 = positive_base(computation, w0, names[2])?;
    let p0 = non_negative(computation, p0, names[0])?;
    let p1 = non_negative(computation, p1, names[1])?;
    if p0 > w0 {
        return Err(Error::Compute(ComputeError::PartExceedsWhole {
            computation,
            part: names[0].to_owned(),
            part_value: p0,
            whole: names[2].to_owned(),
            whole_value: w0,
        }));
    }
    out(computation, (p1 - p0) / w0, [names[1], names[2]])
}

/// `part / whole`, a fraction. Errors: [`ComputeError::ZeroBase`] for a zero
/// whole, [`ComputeError::NegativeBase`], [`ComputeError::OutOfRange`] for a negative
/// part, [`ComputeError::PartExceedsWhole`].
///
/// ```
/// use biopharma_stats::{format_percent, share};
/// assert_eq!(format_percent(share(35.0, 169.0)?), "20.71 %");
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
pub fn share(part: f64, whole: f64) -> Result<f64, Error> {
    share_core("share", part, whole, "the part", "the whole")
}

/// Each part's share of the parts' total, fractions summing to 1. Errors:
/// [`ComputeError::TooFewPoints`] for no parts, [`ComputeError::OutOfRange`] for a
/// negative part, [`ComputeError::ZeroBase`] when every part is zero, and
/// [`ComputeError::NonFiniteInput`] for a NaN or infinite part or a total that
/// overflows f64.
///
/// ```
/// let s = biopharma_stats::shares_of_total(&[1.0, 3.0])?;
/// assert_eq!(s, [0.25, 0.75]);
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
pub fn shares_of_total(parts: &[f64]) -> Result<Vec<f64>, Error> {
    shares_core("shares of a total", parts, |i| format!("part {}", i + 1), || "the total of the parts".to_owned())
}

/// The whole implied by a part and its share (a fraction): `part / share`.
/// Errors: [`ComputeError::OutOfRange`] for a negative part or a share outside 0
/// to 1, [`ComputeError::ZeroBase`] for a zero share, [`ComputeError::NonFiniteInput`]
/// for a whole that overflows f64.
///
/// ```
/// // A part of 12 that is 30 % of its whole implies a whole of 40.
/// assert!((biopharma_stats::implied_whole(12.0, 0.3)? - 40.0).abs() < 1e-12);
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
pub fn implied_whole(part: f64, share: f64) -> Result<f64, Error> {
    implied_whole_core("implied whole", part, share, "the part", "the share")
}

/// The part implied by a whole and a share (a fraction): `whole × share`.
/// Errors: [`ComputeError::OutOfRange`] for a negative whole or a share outside 0
/// to 1.
///
/// ```
/// assert!((biopharma_stats::implied_part(35.0, 0.6)? - 21.0).abs() < 1e-12);
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
pub fn implied_part(whole: f64, share: f64) -> Result<f64, Error> {
    implied_part_core("implied part", whole, share, "the whole", "the share")
}

/// The change of a share from `from` to `to` (both fractions), in
/// percentage points as a fraction: 0.25 → 0.30 is 0.05 (5 points).
/// [`ComputeError::OutOfRange`] for a share outside 0 to 1.
///
/// ```
/// use biopharma_stats::{format_pp, share_change};
/// assert_eq!(format_pp(share_change(0.25, 0.30)?), "5.00 pp");
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
pub fn share_change(from: f64, to: f64) -> Result<f64, Error> {
    let from = fraction("share change", from, "the earlier share")?;
    let to = fraction("share change", to, "the later share")?;
    Ok(to - from)
}

/// The contribution of a part to the growth of its whole, in percentage
/// points (a fraction): `(part_end − part_start) / whole_start`. The
/// contributions of all the parts of a whole add up to the whole's
/// relative change. Errors: [`ComputeError::ZeroBase`] or [`ComputeError::NegativeBase`]
/// for the whole, [`ComputeError::OutOfRange`] for a negative part,
/// [`ComputeError::PartExceedsWhole`] for a starting part above the whole, and
/// [`ComputeError::NonFiniteInput`] for a result that overflows f64.
///
/// ```
/// // Whole 100 → 110; one part 40 → 46 contributes 6 of the 10 points.
/// let c = biopharma_stats::contribution_to_growth(40.0, 46.0, 100.0)?;
/// assert!((c - 0.06).abs() < 1e-12);
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
pub fn contribution_to_growth(part_start: f64, part_end: f64, whole_start: f64) -> Result<f64, Error> {
    contribution_core(
        "contribution to growth",
        part_start,
        part_end,
        whole_start,
        ["the part at the start", "the part at the end", "the whole at the start"],
    )
}

/// A share figure as a fraction: checks that it is of a share metric, in
/// percent, from 0 to 100.
fn percent_share(computation: &'static str, f: &Figure) -> Result<f64, Error> {
    kind_is(computation, &f.metric, MetricKind::Share, "a share figure must be of a share metric (a part of a whole)")?;
    if f.unit() != Unit::Percent {
        return Err(Error::Compute(ComputeError::WrongUnit {
            computation,
            what: f.describe(),
            expected: Unit::Percent,
            found: f.unit(),
        }));
    }
    let v = f.finite()?;
    if !(0.0..=100.0).contains(&v) {
        return Err(Error::Compute(ComputeError::OutOfRange {
            computation,
            what: f.describe(),
            value: v,
            expected: "0 to 100 (a percentage of a whole)",
        }));
    }
    Ok(v / 100.0)
}

fn definition_caveat(share: &Figure, of: &Figure) -> String {
    format!(
        "assumed: {} is a share of the quantity {} measures (metric ids cannot show it; see their definitions)",
        share.metric.id, of.metric.id
    )
}

impl Figure {
    /// This figure's share of `whole`: `part / whole`, a fraction.
    ///
    /// Refused unless [`Allow`]ed: different units ([`ComputeError::UnitsDiffer`]),
    /// metrics ([`ComputeError::DefinitionsDiffer`]), periods
    /// ([`ComputeError::PeriodsDiffer`]) or statuses ([`ComputeError::StatusesDiffer`]).
    /// Entities differ by nature (a region in its country) and are not
    /// compared. Ranks are refused.
    ///
    /// ```
    /// use biopharma_stats::{ComputeError};
    /// use biopharma_stats::{Allow, Dataset, Error};
    /// let ds = Dataset::embedded();
    /// let shanghai = ds.series("domestic_class1_innovative_drug_approvals", "shanghai")?.at(2023)?;
    /// let china = ds.series("domestic_innovative_drug_approvals", "china")?.at(2023)?;
    /// // Class 1 innovative drugs are not "domestic innovative drugs":
    /// assert!(matches!(shanghai.share_of(&china, &Allow::none()), Err(Error::Compute(ComputeError::DefinitionsDiffer { .. }))));
    /// let mixed = shanghai.share_of(&china, &Allow::none().definitions())?;
    /// assert_eq!(mixed.formatted(), "11.43 %");
    /// assert!(mixed.notes()[0].contains("definitions differ"));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn share_of(&self, whole: &Figure, allow: &Allow) -> Result<Computed, Error> {
        const C: &str = "share";
        not_rank(C, self)?;
        not_rank(C, whole)?;
        let mut notes = Vec::new();
        check_same(C, self, whole, Allow::none().entities(), allow, &mut notes)?;
        let (pn, wn) = (self.describe(), whole.describe());
        let v = share_core(C, self.value.value, whole.value.value, &pn, &wn)?;
        let label = match (self.entity == whole.entity, self.metric.id == whole.metric.id) {
            (_, true) => format!("share of {} in {}, {}", self.entity, whole.entity, self.period),
            (true, false) => {
                format!("share of {} in {}, {}, {}", self.metric.id, whole.metric.id, self.entity, self.period)
            }
            (false, false) => format!(
                "share of {} ({}) in {} ({}), {}",
                self.entity, self.metric.id, whole.entity, whole.metric.id, self.period
            ),
        };
        Calc::new(label, format!("{} / {}", num(self.value.value), num(whole.value.value)), ResultUnit::Fraction)
            .period(self.period)
            .input(self, Effect::Raises)
            .input(whole, Effect::Lowers)
            .notes(&notes)
            .finish(v)
    }

    /// The share of each part in the parts' total (say, regions that make up
    /// a country): fractions that sum to 1, in the order given. The parts
    /// must be disjoint; they are checked to share a unit, metric, period
    /// and status unless [`Allow`]ed.
    ///
    /// ```
    /// use biopharma_stats::{Allow, Dataset, Figure, Period, Value};
    /// let m = Dataset::embedded().metric("class3_innovative_device_approvals").unwrap().clone();
    /// let fig = |e: &str, v| Figure::new(m.clone(), e, Period::Year(2023), Value::exact(v));
    /// let parts = [fig("shanghai", 9.0)?, fig("jiangsu", 6.0)?, fig("zhejiang", 5.0)?];
    /// let shares = Figure::shares_of_total(&parts, &Allow::none())?;
    /// assert_eq!(shares[0].formula(), "9 / (9 + 6 + 5)");
    /// assert_eq!(shares[0].value(), 0.45);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn shares_of_total(parts: &[Figure], allow: &Allow) -> Result<Vec<Computed>, Error> {
        const C: &str = "shares of a total";
        let mut notes = Vec::new();
        if let Some(first) = parts.first() {
            for p in parts {
                not_rank(C, p)?;
                check_same(C, first, p, Allow::none().entities(), allow, &mut notes)?;
            }
        }
        let values: Vec<f64> = parts.iter().map(|p| p.value.value).collect();
        let shares = shares_core(
            C,
            &values,
            |i| parts.get(i).map(Figure::describe).unwrap_or_default(),
            || match parts.first() {
                Some(f) => format!("the total of the {} parts, {} in {}", parts.len(), f.metric.id, f.period),
                None => "the total of no parts".to_owned(),
            },
        )?;
        let sum = if parts.len() <= 6 {
            format!("({})", values.iter().map(|&v| num(v)).collect::<Vec<_>>().join(" + "))
        } else {
            format!("{} (the sum of {} parts)", num(values.iter().sum()), parts.len())
        };
        let total: f64 = values.iter().sum();
        let mut out = Vec::with_capacity(parts.len());
        for (i, (p, &s)) in parts.iter().zip(&shares).enumerate() {
            let label = format!("share of {} in the total of {} parts, {}", p.entity, parts.len(), p.period);
            let mut calc = Calc::new(label, format!("{} / {sum}", num(p.value.value)), ResultUnit::Fraction)
                .period(p.period)
                .notes(&notes);
            for (j, q) in parts.iter().enumerate() {
                let effect = if j == i {
                    if total - p.value.value > 0.0 { Effect::Raises } else { Effect::Neutral }
                } else if p.value.value > 0.0 {
                    Effect::Lowers
                } else {
                    Effect::Neutral
                };
                calc = calc.input(q, effect);
            }
            out.push(calc.finish(s)?);
        }
        Ok(out)
    }

    /// This share figure (a share metric in percent) as a fraction: 30 %
    /// becomes 0.3.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let yrd = ds.series("biomedicine_output_value_share", "yangtze_river_delta")?.at(2023)?;
    /// let s = yrd.share_fraction()?;
    /// assert_eq!(s.value(), 0.3);
    /// assert!(s.is_approx());                 // "about 30 %"
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn share_fraction(&self) -> Result<Computed, Error> {
        const C: &str = "share as a fraction";
        let v = percent_share(C, self)?;
        let label = format!("share of {} ({}), {}", self.entity, self.metric.id, self.period);
        Calc::new(label, format!("{} / 100", num(self.value.value)), ResultUnit::Fraction)
            .period(self.period)
            .input(self, Effect::Raises)
            .finish(v)
    }

    /// The whole implied by this part and its `share` (a share figure in
    /// percent, of this figure's entity): `part / share`, in this figure's
    /// unit. Entities, periods and statuses must agree unless [`Allow`]ed;
    /// that the share measures this figure's quantity is the caller's
    /// word, and the explanation says so.
    ///
    /// ```
    /// use biopharma_stats::{Allow, Dataset, Figure, Period, Value};
    /// let ds = Dataset::embedded();
    /// let share = ds.series("innovative_drug_approvals_share", "yangtze_river_delta")?.figure("2016-2023".parse()?)?;
    /// let m = ds.metric("domestic_innovative_drug_approvals").unwrap().clone();
    /// // A hypothetical regional count of 120 over the span:
    /// let part = Figure::new(m, "yangtze_river_delta", "2016-2023".parse()?, Value::exact(120.0))?;
    /// let whole = part.implied_whole(&share, &Allow::none())?;
    /// assert_eq!(whole.formula(), "120 / 60 %");
    /// assert_eq!(whole.formatted(), "~200");   // the share is "about 60 %"
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn implied_whole(&self, share: &Figure, allow: &Allow) -> Result<Computed, Error> {
        const C: &str = "implied whole";
        not_rank(C, self)?;
        let s = percent_share(C, share)?;
        let mut notes = Vec::new();
        check_same(C, self, share, Allow::none().units().definitions(), allow, &mut notes)?;
        notes.push(definition_caveat(share, self));
        let (pn, sn) = (self.describe(), share.describe());
        let v = implied_whole_core(C, self.value.value, s, &pn, &sn)?;
        let label = format!("whole implied by the share of {}, {}", self.entity, self.period);
        Calc::new(
            label,
            format!("{} / {} %", num(self.value.value), num(share.value.value)),
            ResultUnit::Unit(self.unit()),
        )
        .period(self.period)
        .input(self, Effect::Raises)
        .input(share, Effect::Lowers)
        .notes(&notes)
        .finish(v)
    }

    /// The part implied by this whole and a `share` of it (a share figure in
    /// percent, of the part's entity): `whole × share`, in this figure's
    /// unit. Periods and statuses must agree unless [`Allow`]ed.
    ///
    /// ```
    /// use biopharma_stats::{Allow, Dataset, Figure, Value};
    /// let ds = Dataset::embedded();
    /// let share = ds.series("innovative_drug_approvals_share", "yangtze_river_delta")?.figure("2016-2023".parse()?)?;
    /// let m = ds.metric("domestic_innovative_drug_approvals").unwrap().clone();
    /// let whole = Figure::new(m, "china", "2016-2023".parse()?, Value::exact(150.0))?;
    /// let part = whole.implied_part(&share, &Allow::none())?;
    /// assert_eq!(part.to_string(), "part of china implied by the share of yangtze_river_delta, 2016-2023 = 150 × 60 % = ~90");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn implied_part(&self, share: &Figure, allow: &Allow) -> Result<Computed, Error> {
        const C: &str = "implied part";
        not_rank(C, self)?;
        let s = percent_share(C, share)?;
        let mut notes = Vec::new();
        check_same(C, self, share, Allow::none().units().definitions().entities(), allow, &mut notes)?;
        notes.push(definition_caveat(share, self));
        let (wn, sn) = (self.describe(), share.describe());
        let v = implied_part_core(C, self.value.value, s, &wn, &sn)?;
        let label = format!("part of {} implied by the share of {}, {}", self.entity, share.entity, self.period);
        Calc::new(
            label,
            format!("{} × {} %", num(self.value.value), num(share.value.value)),
            ResultUnit::Unit(self.unit()),
        )
        .period(self.period)
        .input(self, Effect::Raises)
        .input(share, Effect::Raises)
        .notes(&notes)
        .finish(v)
    }

    /// The change from this share figure to a `later` one of the same
    /// metric and entity, in percentage points (as a fraction: 5 points is
    /// 0.05).
    ///
    /// ```
    /// use biopharma_stats::{Allow, Dataset, Figure, Period, Value};
    /// let m = Dataset::embedded().metric("biomedicine_output_value_share").unwrap().clone();
    /// let at = |y, v| Figure::new(m.clone(), "yangtze_river_delta", Period::Year(y), Value::exact(v));
    /// let c = at(2022, 28.5)?.share_change_to(&at(2023, 30.0)?, &Allow::none())?;
    /// assert_eq!(c.formatted(), "1.50 pp");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn share_change_to(&self, later: &Figure, allow: &Allow) -> Result<Computed, Error> {
        const C: &str = "share change";
        let s0 = percent_share(C, self)?;
        let s1 = percent_share(C, later)?;
        if later.period <= self.period {
            return Err(Error::Query(QueryError::UnorderedPeriods { earlier: self.period, later: later.period }));
        }
        let mut notes = Vec::new();
        check_same(C, self, later, Allow::none().periods(), allow, &mut notes)?;
        let v = share_change(s0, s1)?;
        let label =
            format!("change of the share of {} ({}), {}→{}", self.entity, self.metric.id, self.period, later.period);
        let formula = format!("{} % − {} %", num(later.value.value), num(self.value.value));
        Calc::new(label, formula, ResultUnit::PercentagePoints)
            .input(self, Effect::Lowers)
            .input(later, Effect::Raises)
            .notes(&notes)
            .finish(v)
    }

    /// The contribution of this part's growth to the growth of `whole`
    /// (the whole at this part's period), in percentage points (a
    /// fraction): `(later − self) / whole`. `later` is the same part at a
    /// later period.
    ///
    /// Checks, unless [`Allow`]ed: the part at both periods has one metric,
    /// entity, unit and status; part and whole have one metric, unit,
    /// period and status.
    ///
    /// ```
    /// use biopharma_stats::{Allow, Dataset, Figure, Period, Value};
    /// let m = Dataset::embedded().metric("domestic_class1_innovative_drug_approvals").unwrap().clone();
    /// let f = |e: &str, y, v| Figure::new(m.clone(), e, Period::Year(y), Value::exact(v));
    /// let c = f("shanghai", 2022, 3.0)?.contribution_to_growth(&f("shanghai", 2023, 4.0)?, &f("china", 2022, 35.0)?, &Allow::none())?;
    /// assert_eq!(c.formula(), "(4 − 3) / 35");
    /// assert_eq!(c.formatted(), "2.86 pp");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn contribution_to_growth(&self, later: &Figure, whole: &Figure, allow: &Allow) -> Result<Computed, Error> {
        const C: &str = "contribution to growth";
        for f in [self, later, whole] {
            not_rank(C, f)?;
        }
        if later.period <= self.period {
            return Err(Error::Query(QueryError::UnorderedPeriods { earlier: self.period, later: later.period }));
        }
        let mut notes = Vec::new();
        check_same(C, self, later, Allow::none().periods(), allow, &mut notes)?;
        check_same(C, self, whole, Allow::none().entities(), allow, &mut notes)?;
        let names = [self.describe(), later.describe(), whole.describe()];
        let (p0, p1, w0) = (self.value.value, later.value.value, whole.value.value);
        let v = contribution_core(C, p0, p1, w0, [&names[0], &names[1], &names[2]])?;
        let whole_effect = if p1 > p0 {
            Effect::Lowers
        } else if p1 < p0 {
            Effect::Raises
        } else {
            Effect::Neutral
        };
        let label = format!(
            "contribution of {} to the growth of {}, {}→{}",
            self.entity, whole.entity, self.period, later.period
        );
        Calc::new(label, format!("({} − {}) / {}", num(p1), num(p0), num(w0)), ResultUnit::PercentagePoints)
            .input(self, Effect::Lowers)
            .input(later, Effect::Raises)
            .input(whole, whole_effect)
            .notes(&notes)
            .finish(v)
    }
}
