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

use crate::calc::allow::{Allow, check_same};
use crate::calc::bound::Effect;
use crate::calc::computed::{Calc, Computed, ResultUnit, additive, kind_is, not_rank, num};
use crate::calc::core::{self, NumError, Operand};
use crate::calc::figure::Figure;
use crate::error::Error;
use crate::vocab::metric::MetricKind;
use crate::vocab::value::Unit;
use crate::{ComputeError, QueryError};

/// A core result with the computation's figures named in its error.
fn named<T>(computation: &'static str, r: Result<T, NumError>, name: impl Fn(Operand) -> String) -> Result<T, Error> {
    r.map_err(|e| e.in_computation(computation, &name))
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
    /// # Errors
    ///
    /// - [`ComputeError::KindNotSupported`] if either figure is of a rank.
    /// - [`ComputeError::UnitsIncompatible`] for units of different quantities
    ///   or scales; [`ComputeError::UnitsDiffer`],
    ///   [`ComputeError::DefinitionsDiffer`], [`ComputeError::PeriodsDiffer`] or
    ///   [`ComputeError::StatusesDiffer`] unless `allow` allows the difference.
    /// - [`ComputeError::ZeroBase`] for a zero whole,
    ///   [`ComputeError::NegativeBase`] for a negative whole,
    ///   [`ComputeError::OutOfRange`] for a negative part,
    ///   [`ComputeError::PartExceedsWhole`] for a part above the whole.
    /// - [`ComputeError::NonFiniteInput`] for a NaN or infinite value.
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
        let v = named(C, core::share(self.value.value, whole.value.value), |o| match o {
            Operand::Part => pn.clone(),
            Operand::Whole => wn.clone(),
            o => o.to_string(),
        })?;
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
    /// # Errors
    ///
    /// - [`ComputeError::KindNotSupported`] for a part whose values cannot be
    ///   summed across entities (a share, rate or rank).
    /// - [`ComputeError::UnitsIncompatible`]; [`ComputeError::UnitsDiffer`],
    ///   [`ComputeError::DefinitionsDiffer`], [`ComputeError::PeriodsDiffer`] or
    ///   [`ComputeError::StatusesDiffer`] for a part unlike the first unless
    ///   `allow` allows the difference.
    /// - [`ComputeError::TooFewPoints`] for no parts;
    ///   [`ComputeError::OutOfRange`] for a negative part;
    ///   [`ComputeError::ZeroBase`] when every part is zero.
    /// - [`ComputeError::NonFiniteInput`] for a NaN or infinite part or a total
    ///   that overflows f64.
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
                additive(C, p)?;
                check_same(C, first, p, Allow::none().entities(), allow, &mut notes)?;
            }
        }
        let values: Vec<f64> = parts.iter().map(|p| p.value.value).collect();
        let shares = named(C, core::shares_of_total(&values), |o| match o {
            Operand::Parts(i) => parts.get(i).map(Figure::describe).unwrap_or_default(),
            Operand::Total => match parts.first() {
                Some(f) => format!("the total of the {} parts, {} in {}", parts.len(), f.metric.id, f.period),
                None => "the total of no parts".to_owned(),
            },
            o => o.to_string(),
        })?;
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
    /// # Errors
    ///
    /// - [`ComputeError::KindNotSupported`] unless the metric is a share.
    /// - [`ComputeError::WrongUnit`] unless the unit is percent.
    /// - [`ComputeError::OutOfRange`] for a value outside 0 to 100.
    /// - [`ComputeError::NonFiniteInput`] for a NaN or infinite value.
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
    /// # Errors
    ///
    /// - [`ComputeError::KindNotSupported`] if this figure is of a rank, or
    ///   `share` not of a share metric; [`ComputeError::WrongUnit`] unless
    ///   `share` is in percent; [`ComputeError::OutOfRange`] for a share
    ///   outside 0 to 100 or a negative part.
    /// - [`ComputeError::EntitiesDiffer`], [`ComputeError::PeriodsDiffer`] or
    ///   [`ComputeError::StatusesDiffer`] unless `allow` allows the difference.
    /// - [`ComputeError::ZeroBase`] for a zero share.
    /// - [`ComputeError::NonFiniteInput`] for a NaN or infinite value or a
    ///   whole that overflows f64.
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
        let v = named(C, core::implied_whole(self.value.value, s), |o| match o {
            Operand::Part => pn.clone(),
            Operand::Share => sn.clone(),
            o => o.to_string(),
        })?;
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
    /// # Errors
    ///
    /// - [`ComputeError::KindNotSupported`] if this figure is of a rank, or
    ///   `share` not of a share metric; [`ComputeError::WrongUnit`] unless
    ///   `share` is in percent; [`ComputeError::OutOfRange`] for a share
    ///   outside 0 to 100 or a negative whole.
    /// - [`ComputeError::PeriodsDiffer`] or [`ComputeError::StatusesDiffer`]
    ///   unless `allow` allows the difference.
    /// - [`ComputeError::NonFiniteInput`] for a NaN or infinite value.
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
        let v = named(C, core::implied_part(self.value.value, s), |o| match o {
            Operand::Whole => wn.clone(),
            Operand::Share => sn.clone(),
            o => o.to_string(),
        })?;
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
    /// # Errors
    ///
    /// - [`ComputeError::KindNotSupported`] unless both figures are of share
    ///   metrics; [`ComputeError::WrongUnit`] unless both are in percent;
    ///   [`ComputeError::OutOfRange`] for a value outside 0 to 100;
    ///   [`ComputeError::NonFiniteInput`] for a NaN or infinite value.
    /// - [`QueryError::UnorderedPeriods`] unless `later` is after this figure.
    /// - [`ComputeError::DefinitionsDiffer`], [`ComputeError::EntitiesDiffer`]
    ///   or [`ComputeError::StatusesDiffer`] unless `allow` allows the
    ///   difference.
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
        let v = named(C, core::share_change(s0, s1), |o| match o {
            Operand::EarlierShare => self.describe(),
            Operand::LaterShare => later.describe(),
            o => o.to_string(),
        })?;
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
    /// # Errors
    ///
    /// - [`ComputeError::KindNotSupported`] if any figure is of a rank.
    /// - [`QueryError::UnorderedPeriods`] unless `later` is after this figure.
    /// - [`ComputeError::UnitsIncompatible`]; [`ComputeError::UnitsDiffer`],
    ///   [`ComputeError::DefinitionsDiffer`] or [`ComputeError::StatusesDiffer`]
    ///   (part at both periods, part and whole),
    ///   [`ComputeError::EntitiesDiffer`] (the part at both periods) or
    ///   [`ComputeError::PeriodsDiffer`] (part and whole) unless `allow` allows
    ///   the difference.
    /// - [`ComputeError::ZeroBase`] or [`ComputeError::NegativeBase`] for the
    ///   whole, [`ComputeError::OutOfRange`] for a negative part,
    ///   [`ComputeError::PartExceedsWhole`] for a starting part above the whole.
    /// - [`ComputeError::NonFiniteInput`] for a NaN or infinite value or a
    ///   result that overflows f64.
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
        let v = named(C, core::contribution_to_growth(p0, p1, w0), |o| match o {
            Operand::PartStart => names[0].clone(),
            Operand::PartEnd => names[1].clone(),
            Operand::WholeStart => names[2].clone(),
            o => o.to_string(),
        })?;
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
