//! The part-of-a-whole and stock–flow formulas of the numeric core.

use super::growth::difference;
use super::{NumError, Operand, R, finite, fraction, non_negative, positive_base, result};

/// `part / whole`, a fraction.
///
/// ```
/// use biopharma_stats::{format_percent, share};
/// assert_eq!(format_percent(share(35.0, 169.0)?), "20.71 %"); // 35 / 169 = 0.20710…
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::ZeroBase`] for a zero whole, [`NumError::NegativeBase`],
/// [`NumError::OutOfRange`] for a negative part,
/// [`NumError::PartExceedsWhole`], [`NumError::NonFinite`].
#[inline]
pub fn share(part: f64, whole: f64) -> R {
    const C: &str = "share";
    let whole = positive_base(C, Operand::Whole, whole)?;
    let part = non_negative(C, Operand::Part, part)?;
    if part > whole {
        return Err(NumError::PartExceedsWhole {
            computation: C,
            part: Operand::Part,
            part_value: part,
            whole: Operand::Whole,
            whole_value: whole,
        });
    }
    // 0 ≤ part ≤ whole, so the quotient is finite and within [0, 1].
    Ok(part / whole)
}

/// Each part's share of the parts' total, fractions summing to 1.
///
/// ```
/// let s = biopharma_stats::shares_of_total(&[1.0, 3.0])?; // 1/4, 3/4
/// assert_eq!(s, [0.25, 0.75]);
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::Empty`] for no parts, [`NumError::OutOfRange`] for a negative
/// part, [`NumError::ZeroBase`] when every part is zero,
/// [`NumError::NonFinite`] for a NaN or infinite part, and
/// [`NumError::Overflow`] for a total that overflows f64.
pub fn shares_of_total(parts: &[f64]) -> Result<Vec<f64>, NumError> {
    const C: &str = "shares of a total";
    if parts.is_empty() {
        return Err(NumError::Empty { computation: C });
    }
    let mut total = 0.0;
    for (i, &p) in parts.iter().enumerate() {
        total += non_negative(C, Operand::Parts(i), p)?;
    }
    // Every part is finite: an infinite sum overflowed.
    let total = result(C, Some((Operand::Total, Operand::Total)), total)?;
    if total == 0.0 {
        return Err(NumError::ZeroBase { computation: C, operand: Operand::Total });
    }
    // p ≤ total, so this never overflows.
    Ok(parts.iter().map(|&p| p / total).collect())
}

/// The whole implied by a part and its share (a fraction): `part / share`.
///
/// ```
/// // A part of 12 that is 30 % of its whole implies a whole of 40.
/// assert!((biopharma_stats::implied_whole(12.0, 0.3)? - 40.0).abs() < 1e-12);
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::OutOfRange`] for a negative part or a share outside 0 to 1,
/// [`NumError::ZeroBase`] for a zero share, [`NumError::Overflow`] for a
/// whole beyond f64, [`NumError::NonFinite`].
pub fn implied_whole(part: f64, share: f64) -> R {
    const C: &str = "implied whole";
    let part = non_negative(C, Operand::Part, part)?;
    let share = fraction(C, Operand::Share, share)?;
    if share == 0.0 {
        return Err(NumError::ZeroBase { computation: C, operand: Operand::Share });
    }
    result(C, Some((Operand::Part, Operand::Share)), part / share)
}

/// The part implied by a whole and a share (a fraction): `whole × share`.
///
/// ```
/// assert!((biopharma_stats::implied_part(35.0, 0.6)? - 21.0).abs() < 1e-12); // 35 × 0.6
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::OutOfRange`] for a negative whole or a share outside 0 to 1,
/// [`NumError::NonFinite`].
pub fn implied_part(whole: f64, share: f64) -> R {
    const C: &str = "implied part";
    let whole = non_negative(C, Operand::Whole, whole)?;
    let share = fraction(C, Operand::Share, share)?;
    result(C, Some((Operand::Whole, Operand::Share)), whole * share)
}

/// The change of a share from `from` to `to` (both fractions), in
/// percentage points as a fraction: 0.25 → 0.30 is 0.05 (5 points).
///
/// ```
/// use biopharma_stats::{format_pp, share_change};
/// assert_eq!(format_pp(share_change(0.25, 0.30)?), "5.00 pp");
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::OutOfRange`] for a share outside 0 to 1,
/// [`NumError::NonFinite`].
pub fn share_change(from: f64, to: f64) -> R {
    const C: &str = "share change";
    let from = fraction(C, Operand::EarlierShare, from)?;
    let to = fraction(C, Operand::LaterShare, to)?;
    Ok(to - from)
}

/// The contribution of a part to the growth of its whole, in percentage
/// points (a fraction): `(part_end − part_start) / whole_start`. The
/// contributions of all the parts of a whole add up to the whole's relative
/// change.
///
/// ```
/// // Whole 100 → 110; one part 40 → 46 contributes (46 − 40) / 100 = 6 of the 10 points.
/// let c = biopharma_stats::contribution_to_growth(40.0, 46.0, 100.0)?;
/// assert!((c - 0.06).abs() < 1e-12);
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::ZeroBase`] or [`NumError::NegativeBase`] for the whole,
/// [`NumError::OutOfRange`] for a negative part,
/// [`NumError::PartExceedsWhole`] for a starting part above the whole,
/// [`NumError::Overflow`], [`NumError::NonFinite`].
pub fn contribution_to_growth(part_start: f64, part_end: f64, whole_start: f64) -> R {
    const C: &str = "contribution to growth";
    let w0 = positive_base(C, Operand::WholeStart, whole_start)?;
    let p0 = non_negative(C, Operand::PartStart, part_start)?;
    let p1 = non_negative(C, Operand::PartEnd, part_end)?;
    if p0 > w0 {
        return Err(NumError::PartExceedsWhole {
            computation: C,
            part: Operand::PartStart,
            part_value: p0,
            whole: Operand::WholeStart,
            whole_value: w0,
        });
    }
    result(C, Some((Operand::PartEnd, Operand::WholeStart)), (p1 - p0) / w0)
}

/// The stock after a flow: `stock + flow` (one step of cumulating yearly
/// flows onto a base stock).
///
/// ```
/// assert_eq!(biopharma_stats::stock_after(134.0, 35.0)?, 169.0);
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::NonFinite`], [`NumError::Overflow`].
pub fn stock_after(stock: f64, flow: f64) -> R {
    const C: &str = "cumulate";
    finite(C, Operand::Stock, stock)?;
    finite(C, Operand::Flow, flow)?;
    result(C, Some((Operand::Stock, Operand::Flow)), stock + flow)
}

/// The flow between two stocks: `later − earlier`.
///
/// ```
/// assert_eq!(biopharma_stats::flow_between(134.0, 169.0)?, 35.0);
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::NonFinite`], [`NumError::Overflow`].
pub fn flow_between(earlier: f64, later: f64) -> R {
    difference("flows from stocks", earlier, later)
}

/// The stock before a flow: `stock − flow` (169 on the market at the end of
/// 2023, less 35 approved in 2023, is 134 at the end of 2022).
///
/// ```
/// use biopharma_stats::{implied_earlier_stock, NumError};
/// assert_eq!(implied_earlier_stock(169.0, 35.0)?, 134.0);
/// assert!(matches!(implied_earlier_stock(10.0, 35.0), Err(NumError::OutOfRange { .. })));
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::OutOfRange`] for a negative result (a stock cannot be
/// negative: the figures do not fit together), [`NumError::NonFinite`],
/// [`NumError::Overflow`].
pub fn implied_earlier_stock(stock: f64, flow: f64) -> R {
    const C: &str = "implied earlier stock";
    finite(C, Operand::Stock, stock)?;
    finite(C, Operand::Flow, flow)?;
    let v = result(C, Some((Operand::Stock, Operand::Flow)), stock - flow)?;
    if v < 0.0 {
        return Err(NumError::OutOfRange {
            computation: C,
            operand: Operand::Stock,
            value: v,
            expected: "0 or more (a stock cannot be negative: the figures do not fit together)",
        });
    }
    Ok(v)
}

/// A base stock plus flows: `base + Σ flows` (what a run of yearly flows
/// implies for the stock at its end).
///
/// ```
/// // 0 + 1 + 9 + 11 + 12 + 21 = 54
/// assert_eq!(biopharma_stats::cumulate(0.0, &[1.0, 9.0, 11.0, 12.0, 21.0])?, 54.0);
/// # Ok::<(), biopharma_stats::NumError>(())
/// ```
///
/// # Errors
///
/// [`NumError::NonFinite`], [`NumError::Overflow`].
pub fn cumulate(base: f64, flows: &[f64]) -> R {
    let mut total = base;
    for &f in flows {
        total = stock_after(total, f)?;
    }
    finite("cumulate", Operand::Stock, total)
}
