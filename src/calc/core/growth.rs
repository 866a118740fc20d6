//! The growth formulas of the numeric core: changes, rates, annualising,
//! indexes and interpolation.

use std::f64::consts::LN_2;

use super::{NumError, Operand, R, finite, ratio_pair, result, years_ok};
use crate::calc::growth::Interpolation;

const PAIR: Option<(Operand, Operand)> = Some((Operand::Start, Operand::End));

/// `end − start`. An error only for a non-finite input or a difference that
/// overflows f64.
///
/// ```
/// assert_eq!(biopharma_stats::absolute_change(183.6, 317.2)?, 317.2 - 183.6);
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::NonFinite`] for a NaN or infinite input,
/// [`NumError::Overflow`] for a difference beyond f64.
pub fn absolute_change(start: f64, end: f64) -> R {
    difference("absolute change", start, end)
}

#[inline]
pub(super) fn difference(c: &'static str, start: f64, end: f64) -> R {
    finite(c, Operand::Start, start)?;
    finite(c, Operand::End, end)?;
    result(c, PAIR, end - start)
}

/// `(end − start) / years`: the average yearly absolute change over a span.
///
/// ```
/// // 183.6 → 317.2 over three years: 133.6 / 3 a year.
/// let a = biopharma_stats::average_yearly_change(183.6, 317.2, 3.0)?;
/// assert!((a - 44.533333).abs() < 1e-6);
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::NonPositiveYears`], and those of [`absolute_change`].
pub fn average_yearly_change(start: f64, end: f64, years: f64) -> R {
    const C: &str = "average yearly change";
    years_ok(C, years)?;
    let d = difference(C, start, end)?;
    result(C, PAIR, d / years)
}

/// `end / start − 1`, a fraction: the relative change, or total growth over
/// the whole span.
///
/// ```
/// use biopharma_stats::{relative_change, NumError};
/// assert!((relative_change(183.6, 317.2)? - 0.727669).abs() < 1e-6);
/// assert!(matches!(relative_change(0.0, 5.0), Err(NumError::ZeroBase { .. })));
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::ZeroBase`] for `start == 0`, [`NumError::NegativeBase`],
/// [`NumError::SignChange`] for a negative end, [`NumError::NonFinite`],
/// [`NumError::Overflow`].
pub fn relative_change(start: f64, end: f64) -> R {
    relative("relative change", start, end)
}

/// [`relative_change`] under another computation's name (total growth,
/// a period-over-period change in bulk).
#[inline]
pub(crate) fn relative(c: &'static str, start: f64, end: f64) -> R {
    ratio_pair(c, (Operand::Start, start), (Operand::End, end), false)?;
    result(c, PAIR, end / start - 1.0)
}

/// `ln(end / start)`, the log change (a fraction: 0.05 is 5 log points).
///
/// ```
/// let l = biopharma_stats::log_change(183.6, 317.2)?;
/// assert!((l - (317.2f64 / 183.6).ln()).abs() < 1e-12);
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// As [`relative_change`], and [`NumError::SignChange`] for a zero end.
pub fn log_change(start: f64, end: f64) -> R {
    const C: &str = "log change";
    ratio_pair(C, (Operand::Start, start), (Operand::End, end), true)?;
    result(C, PAIR, end.ln() - start.ln())
}

/// `ln(end / start)` for positive `start` and non-negative `end` (−inf for a
/// zero end), also where `end / start` is not a normal f64: the ratio of
/// 1e300 and 1e-300 underflows to 0, which would make any rate from it −100 %.
#[inline]
fn log_ratio(start: f64, end: f64) -> f64 {
    let ratio = end / start;
    if ratio.is_normal() { ratio.ln() } else { end.ln() - start.ln() }
}

/// The compound annual growth rate `(end / start)^(1 / years) − 1`, a
/// fraction, over any positive span of years (fractional years allowed),
/// computed in logs so that an extreme ratio (1e300 to 1e-300) still gives
/// its rate. A fall to zero is −100 %.
///
/// ```
/// use biopharma_stats::{cagr, NumError};
/// let r = cagr(183.6, 317.2, 3.0)?;               // (317.2 / 183.6)^(1/3) − 1
/// assert!((r - 0.199923).abs() < 1e-6);
/// assert!((cagr(100.0, 121.0, 2.0)? - 0.1).abs() < 1e-12);
/// let half = cagr(100.0, 105.0, 0.5)?;            // half a year: 1.05² − 1
/// assert!((half - 0.1025).abs() < 1e-12);
/// assert!(matches!(cagr(100.0, 121.0, 0.0), Err(NumError::NonPositiveYears { .. })));
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::NonPositiveYears`], and those of [`relative_change`].
pub fn cagr(start: f64, end: f64, years: f64) -> R {
    const C: &str = "CAGR";
    years_ok(C, years)?;
    ratio_pair(C, (Operand::Start, start), (Operand::End, end), false)?;
    result(C, PAIR, (log_ratio(start, end) / years).exp_m1())
}

/// The continuously compounded rate `ln(end / start) / years`, a fraction
/// per year.
///
/// ```
/// let c = biopharma_stats::continuous_rate(183.6, 317.2, 3.0)?; // ln(317.2 / 183.6) / 3
/// assert!((c - 0.182258).abs() < 1e-6);
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::NonPositiveYears`], and those of [`log_change`].
pub fn continuous_rate(start: f64, end: f64, years: f64) -> R {
    const C: &str = "continuous rate";
    years_ok(C, years)?;
    ratio_pair(C, (Operand::Start, start), (Operand::End, end), true)?;
    result(C, PAIR, (end.ln() - start.ln()) / years)
}

/// The years a quantity growing at `rate` per year (a fraction, compounded
/// yearly) takes to double: `ln 2 / ln(1 + rate)`.
///
/// ```
/// use biopharma_stats::{doubling_time, NumError};
/// assert!((doubling_time(0.1)? - 7.272541).abs() < 1e-6); // ln 2 / ln 1.1
/// assert!(matches!(doubling_time(0.0), Err(NumError::NeverDoubles { .. })));
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::NeverDoubles`] for a rate of zero or less;
/// [`NumError::Overflow`] for a positive rate so small that the time
/// overflows f64 (below about 4e-309); [`NumError::NonFinite`].
pub fn doubling_time(rate: f64) -> R {
    const C: &str = "doubling time";
    finite(C, Operand::Rate, rate)?;
    if rate <= 0.0 {
        return Err(NumError::NeverDoubles { rate });
    }
    result(C, None, LN_2 / rate.ln_1p())
}

/// The yearly rate of a change over several years:
/// `(1 + total_change)^(1 / years) − 1`, all fractions.
///
/// ```
/// // 72.77 % over three years is 19.99 % a year.
/// let a = biopharma_stats::annualise(317.2 / 183.6 - 1.0, 3.0)?;
/// assert_eq!(biopharma_stats::format_percent(a), "19.99 %");
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::OutOfRange`] for a fall of more than 100 %,
/// [`NumError::NonPositiveYears`], [`NumError::NonFinite`],
/// [`NumError::Overflow`].
pub fn annualise(total_change: f64, years: f64) -> R {
    const C: &str = "annualised rate";
    years_ok(C, years)?;
    finite(C, Operand::TotalChange, total_change)?;
    if total_change < -1.0 {
        return Err(NumError::OutOfRange {
            computation: C,
            operand: Operand::TotalChange,
            value: total_change,
            expected: "-1 or more (nothing falls by more than 100 %)",
        });
    }
    // In logs: 1 + total_change would drop a tiny change, and 1 / years
    // overflows for a tiny span (1e-300 over 1e-300 years is e − 1, not 0).
    result(C, None, (total_change.ln_1p() / years).exp_m1())
}

/// `value / base × 100`: an index with the base at 100 (exactly 100 where
/// the value is the base).
///
/// ```
/// assert_eq!(biopharma_stats::index_value(150.0, 120.0)?, 125.0); // 150 / 120 × 100
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::ZeroBase`] or [`NumError::NegativeBase`] for the base,
/// [`NumError::SignChange`] for a negative value, [`NumError::NonFinite`],
/// [`NumError::Overflow`].
pub fn index_value(value: f64, base: f64) -> R {
    const C: &str = "index";
    ratio_pair(C, (Operand::Base, base), (Operand::Value, value), false)?;
    result(C, Some((Operand::Base, Operand::Value)), value / base * 100.0)
}

/// The value a fraction `t` (0 to 1) of the way from `start` to `end`:
/// linear `start + (end − start) × t`, or geometric
/// `start × (end / start)^t`. Exactly `start` at 0 and `end` at 1, and never
/// outside the anchors, so it never overflows.
///
/// ```
/// use biopharma_stats::{interpolate, Interpolation};
/// assert_eq!(interpolate(Interpolation::Linear, 100.0, 200.0, 0.25)?, 125.0);
/// // 100 × (400 / 100)^0.5 = 200
/// assert!((interpolate(Interpolation::Geometric, 100.0, 400.0, 0.5)? - 200.0).abs() < 1e-12);
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::OutOfRange`] for a `t` outside 0 to 1; for geometric
/// interpolation, [`NumError::ZeroBase`] or [`NumError::NegativeBase`] for
/// the start and [`NumError::SignChange`] for an end of zero or less;
/// [`NumError::NonFinite`].
pub fn interpolate(method: Interpolation, start: f64, end: f64, t: f64) -> R {
    const C: &str = "interpolation";
    finite(C, Operand::Fraction, t)?;
    if !(0.0..=1.0).contains(&t) {
        return Err(NumError::OutOfRange {
            computation: C,
            operand: Operand::Fraction,
            value: t,
            expected: "0 to 1 (from the start anchor to the end anchor)",
        });
    }
    let v = match method {
        Interpolation::Linear => {
            finite(C, Operand::Start, start)?;
            finite(C, Operand::End, end)?;
            // On halves where end − start overflows; the point lies between
            // the anchors, so it is always finite.
            let d = end - start;
            if d.is_finite() { start + d * t } else { 2.0 * (start / 2.0 + (end / 2.0 - start / 2.0) * t) }
        }
        Interpolation::Geometric => {
            ratio_pair(C, (Operand::Start, start), (Operand::End, end), true)?;
            let ratio = end / start;
            // In logs where the ratio under- or overflows (1e300 to 1e-300).
            if ratio.is_normal() { start * ratio.powf(t) } else { (start.ln() + (end.ln() - start.ln()) * t).exp() }
        }
    };
    // Held to the anchors: rounding could step past one much smaller than
    // the other.
    Ok(if t == 0.0 {
        start
    } else if t == 1.0 {
        end
    } else {
        v.clamp(start.min(end), start.max(end))
    })
}
