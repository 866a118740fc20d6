//! The numeric core: every formula of the crate, once, as f64 in and f64
//! out with a small `Copy` error.
//!
//! Everything else calls these functions: the public free functions (which
//! *are* these functions, re-exported), the [`Figure`](crate::Figure) /
//! [`Series`](crate::Series) / [`Between`](crate::Between) layer that adds
//! provenance, bounds and explanations, reconciliation, and
//! [`Dataset::bulk`](crate::Dataset::bulk), which turns a [`NumError`] into a
//! [`PointStatus`](crate::PointStatus). So two paths can never disagree: they
//! give bit-identical values and refuse the same inputs.
//!
//! Each function checks its inputs in a fixed order and returns the first
//! failure: non-finite inputs, then bases (zero, then negative), then signs
//! and ranges, then the result (an overflow is [`NumError::Overflow`], never
//! an infinity).

use std::f64::consts::LN_2;
use std::fmt;

use crate::calc::error::ComputeError;
use crate::calc::growth::Interpolation;

/// Which input of a computation a [`NumError`] is about.
///
/// Its `Display` is the name the free functions use in messages ("the start
/// value"); the figure-level API replaces it with the figure's own name
/// ("the 2016 value of biomedicine_market_size (china)").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operand {
    /// The earlier value of a change or rate.
    Start,
    /// The later value of a change or rate.
    End,
    /// The span of years.
    Years,
    /// How far between two anchors an interpolated value lies (0 to 1).
    Fraction,
    /// A yearly rate (a fraction).
    Rate,
    /// A change over several years (a fraction).
    TotalChange,
    /// The value of an index.
    Value,
    /// The base of an index.
    Base,
    /// A part of a whole.
    Part,
    /// A whole.
    Whole,
    /// A share (a fraction).
    Share,
    /// The earlier of two shares.
    EarlierShare,
    /// The later of two shares.
    LaterShare,
    /// A part at the start of a span.
    PartStart,
    /// A part at the end of a span.
    PartEnd,
    /// A whole at the start of a span.
    WholeStart,
    /// One of a list of parts (0-based).
    Parts(usize),
    /// The total of a list of parts.
    Total,
    /// A stock (a level at a year's end).
    Stock,
    /// A flow (an amount over a period).
    Flow,
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Operand::Start => "the start value",
            Operand::End => "the end value",
            Operand::Years => "the number of years",
            Operand::Fraction => "the interpolation fraction",
            Operand::Rate => "the rate",
            Operand::TotalChange => "the total change",
            Operand::Value => "the value",
            Operand::Base => "the base value",
            Operand::Part => "the part",
            Operand::Whole => "the whole",
            Operand::Share => "the share",
            Operand::EarlierShare => "the earlier share",
            Operand::LaterShare => "the later share",
            Operand::PartStart => "the part at the start",
            Operand::PartEnd => "the part at the end",
            Operand::WholeStart => "the whole at the start",
            Operand::Parts(i) => return write!(f, "part {}", i.saturating_add(1)),
            Operand::Total => "the total of the parts",
            Operand::Stock => "the stock",
            Operand::Flow => "the flow",
        };
        f.write_str(s)
    }
}

/// Why the numeric core refused: small and `Copy`, so that
/// [`Dataset::bulk`](crate::Dataset::bulk) can map it to a status per number
/// at no cost. The free functions return it; `?` turns it into the crate's
/// [`Error`](crate::Error) (as [`ComputeError`], with the same message).
///
/// ```
/// use biopharma_stats::{cagr, NumError, Operand};
/// let e = cagr(0.0, 5.0, 2.0).unwrap_err();
/// assert_eq!(e, NumError::ZeroBase { computation: "CAGR", operand: Operand::Start });
/// assert_eq!(e.to_string(), "CAGR: the base, the start value, is zero, so the rate is undefined (not infinite)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum NumError {
    /// An input is NaN or infinite.
    NonFinite {
        /// The computation refused.
        computation: &'static str,
        /// Which input.
        operand: Operand,
    },
    /// A base (the start of a rate, a whole, an index base, a share that
    /// divides) is zero.
    ZeroBase {
        /// The computation refused.
        computation: &'static str,
        /// Which input.
        operand: Operand,
    },
    /// A base is negative.
    NegativeBase {
        /// The computation refused.
        computation: &'static str,
        /// Which input.
        operand: Operand,
        /// Its value.
        value: f64,
    },
    /// The base is positive and the other value negative (or zero, for a
    /// logarithm): the ratio has no rate.
    SignChange {
        /// The computation refused.
        computation: &'static str,
        /// The base.
        from: Operand,
        /// The base's value.
        start: f64,
        /// The other input.
        to: Operand,
        /// Its value.
        end: f64,
    },
    /// The span of years is zero or negative.
    NonPositiveYears {
        /// The computation refused.
        computation: &'static str,
        /// The span given.
        years: f64,
    },
    /// An input lies outside the range the computation accepts.
    OutOfRange {
        /// The computation refused.
        computation: &'static str,
        /// Which input.
        operand: Operand,
        /// Its value.
        value: f64,
        /// The range accepted, in words.
        expected: &'static str,
    },
    /// A part is larger than its whole.
    PartExceedsWhole {
        /// The computation refused.
        computation: &'static str,
        /// Which input is the part.
        part: Operand,
        /// The part's value.
        part_value: f64,
        /// Which input is the whole.
        whole: Operand,
        /// The whole's value.
        whole_value: f64,
    },
    /// A rate of zero or less never doubles anything.
    NeverDoubles {
        /// The rate given.
        rate: f64,
    },
    /// The result (or a sum on the way to it) is not a finite f64.
    Overflow {
        /// The computation refused.
        computation: &'static str,
        /// The two inputs it came from (the same one twice where a sum of
        /// it overflowed), or none.
        inputs: Option<(Operand, Operand)>,
    },
    /// A list that needs at least one element is empty.
    Empty {
        /// The computation refused.
        computation: &'static str,
    },
}

impl NumError {
    /// The same failure as a [`ComputeError`], with each operand named by
    /// `name` (a figure's description, say).
    pub(crate) fn named(self, name: &dyn Fn(Operand) -> String) -> ComputeError {
        match self {
            NumError::NonFinite { operand, .. } => ComputeError::NonFiniteInput { what: name(operand) },
            NumError::ZeroBase { computation, operand } => ComputeError::ZeroBase { computation, what: name(operand) },
            NumError::NegativeBase { computation, operand, value } => {
                ComputeError::NegativeBase { computation, what: name(operand), value }
            }
            NumError::SignChange { computation, from, start, to, end } => {
                ComputeError::SignChange { computation, from: name(from), start, to: name(to), end }
            }
            NumError::NonPositiveYears { computation, years } => ComputeError::NonPositiveYears { computation, years },
            NumError::OutOfRange { computation, operand, value, expected } => {
                ComputeError::OutOfRange { computation, what: name(operand), value, expected }
            }
            NumError::PartExceedsWhole { computation, part, part_value, whole, whole_value } => {
                ComputeError::PartExceedsWhole {
                    computation,
                    part: name(part),
                    part_value,
                    whole: name(whole),
                    whole_value,
                }
            }
            NumError::NeverDoubles { rate } => ComputeError::NeverDoubles { rate },
            NumError::Overflow { computation, inputs } => ComputeError::NonFiniteInput {
                what: match inputs {
                    Some((a, b)) if a == b => format!("the result of {computation} ({} overflows)", name(a)),
                    Some((a, b)) => format!("the result of {computation} from {} and {}", name(a), name(b)),
                    None => format!("the result of {computation} (it overflows)"),
                },
            },
            NumError::Empty { computation } => {
                ComputeError::TooFewPoints { computation, what: "the list".to_owned(), needed: 1, found: 0 }
            }
        }
    }

    /// The same failure, said of computation `c` (a rate computed on the way
    /// to another: the CAGR inside a doubling time).
    pub(crate) fn within(mut self, c: &'static str) -> NumError {
        match &mut self {
            NumError::NonFinite { computation, .. }
            | NumError::ZeroBase { computation, .. }
            | NumError::NegativeBase { computation, .. }
            | NumError::SignChange { computation, .. }
            | NumError::NonPositiveYears { computation, .. }
            | NumError::OutOfRange { computation, .. }
            | NumError::PartExceedsWhole { computation, .. }
            | NumError::Overflow { computation, .. }
            | NumError::Empty { computation } => *computation = c,
            NumError::NeverDoubles { .. } => {}
        }
        self
    }

    /// The computation that refused.
    pub fn computation(&self) -> &'static str {
        match *self {
            NumError::NonFinite { computation, .. }
            | NumError::ZeroBase { computation, .. }
            | NumError::NegativeBase { computation, .. }
            | NumError::SignChange { computation, .. }
            | NumError::NonPositiveYears { computation, .. }
            | NumError::OutOfRange { computation, .. }
            | NumError::PartExceedsWhole { computation, .. }
            | NumError::Overflow { computation, .. }
            | NumError::Empty { computation } => computation,
            NumError::NeverDoubles { .. } => "doubling time",
        }
    }
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One text per failure: the ComputeError's, with the plain names.
        fmt::Display::fmt(&self.named(&|o| o.to_string()), f)
    }
}

impl std::error::Error for NumError {}

impl From<NumError> for ComputeError {
    fn from(e: NumError) -> Self {
        e.named(&|o| o.to_string())
    }
}

type R = Result<f64, NumError>;

#[inline]
fn finite(computation: &'static str, operand: Operand, x: f64) -> R {
    if x.is_finite() { Ok(x) } else { Err(NumError::NonFinite { computation, operand }) }
}

/// A result that must be finite: an overflow is an error, never an inf.
#[inline]
fn result(computation: &'static str, inputs: Option<(Operand, Operand)>, x: f64) -> R {
    if x.is_finite() { Ok(x) } else { Err(NumError::Overflow { computation, inputs }) }
}

/// The checks every ratio-based rate makes: both finite, the base positive,
/// no change of sign, and for a logarithm no zero end.
#[inline]
fn ratio_pair(
    c: &'static str,
    (a, start): (Operand, f64),
    (b, end): (Operand, f64),
    log: bool,
) -> Result<(), NumError> {
    finite(c, a, start)?;
    finite(c, b, end)?;
    if start == 0.0 {
        return Err(NumError::ZeroBase { computation: c, operand: a });
    }
    if start < 0.0 {
        return Err(NumError::NegativeBase { computation: c, operand: a, value: start });
    }
    if end < 0.0 || (log && end == 0.0) {
        return Err(NumError::SignChange { computation: c, from: a, start, to: b, end });
    }
    Ok(())
}

#[inline]
fn years_ok(computation: &'static str, years: f64) -> R {
    finite(computation, Operand::Years, years)?;
    if years <= 0.0 {
        return Err(NumError::NonPositiveYears { computation, years });
    }
    Ok(years)
}

fn non_negative(computation: &'static str, operand: Operand, x: f64) -> R {
    finite(computation, operand, x)?;
    if x < 0.0 {
        return Err(NumError::OutOfRange { computation, operand, value: x, expected: "0 or more" });
    }
    Ok(x)
}

fn positive_base(computation: &'static str, operand: Operand, x: f64) -> R {
    finite(computation, operand, x)?;
    if x == 0.0 {
        return Err(NumError::ZeroBase { computation, operand });
    }
    if x < 0.0 {
        return Err(NumError::NegativeBase { computation, operand, value: x });
    }
    Ok(x)
}

fn fraction(computation: &'static str, operand: Operand, x: f64) -> R {
    finite(computation, operand, x)?;
    if !(0.0..=1.0).contains(&x) {
        return Err(NumError::OutOfRange {
            computation,
            operand,
            value: x,
            expected: "a fraction from 0 to 1 (30 % is 0.3)",
        });
    }
    Ok(x)
}

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
fn difference(c: &'static str, start: f64, end: f64) -> R {
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

#[cfg(test)]
mod tests {
    use super::*;

    // Hand-worked values; each formula's reference is written beside it.
    #[test]
    fn reference_values() {
        // (121 / 100)^(1/2) − 1 = 1.1 − 1
        assert!((cagr(100.0, 121.0, 2.0).unwrap() - 0.1).abs() < 1e-15);
        // ln(e) / 1
        assert!((continuous_rate(1.0, std::f64::consts::E, 1.0).unwrap() - 1.0).abs() < 1e-15);
        // (7 − 4) / 2
        assert_eq!(average_yearly_change(4.0, 7.0, 2.0).unwrap(), 1.5);
        // 30 / 120 × 100
        assert_eq!(index_value(30.0, 120.0).unwrap(), 25.0);
        // 10 − 3 = 7; 3 − 10 < 0
        assert_eq!(implied_earlier_stock(10.0, 3.0).unwrap(), 7.0);
        assert!(implied_earlier_stock(3.0, 10.0).is_err());
    }

    #[test]
    fn free_functions_refuse_bad_input() {
        assert!(matches!(relative_change(f64::NAN, 1.0), Err(NumError::NonFinite { .. })));
        assert!(matches!(cagr(1.0, 2.0, f64::INFINITY), Err(NumError::NonFinite { .. })));
        assert!(matches!(cagr(-1.0, 2.0, 1.0), Err(NumError::NegativeBase { .. })));
        assert!(matches!(cagr(1.0, -2.0, 1.0), Err(NumError::SignChange { .. })));
        assert!(matches!(log_change(1.0, 0.0), Err(NumError::SignChange { .. })));
        // A fall to zero is −100 %: (0 / 1)^(1/2) − 1.
        assert_eq!(cagr(1.0, 0.0, 2.0).ok(), Some(-1.0));
        assert!(matches!(annualise(-1.5, 2.0), Err(NumError::OutOfRange { .. })));
        // (MAX / MIN_POSITIVE)^1000 is far beyond f64.
        assert!(matches!(cagr(f64::MIN_POSITIVE, f64::MAX, 0.001), Err(NumError::Overflow { .. })));
        assert!(matches!(interpolate(Interpolation::Linear, 1.0, 2.0, 1.5), Err(NumError::OutOfRange { .. })));
    }

    #[test]
    fn refusals_name_the_operand() {
        assert_eq!(
            relative_change(-2.0, 1.0),
            Err(NumError::NegativeBase { computation: "relative change", operand: Operand::Start, value: -2.0 })
        );
        assert_eq!(
            log_change(2.0, 0.0),
            Err(NumError::SignChange {
                computation: "log change",
                from: Operand::Start,
                start: 2.0,
                to: Operand::End,
                end: 0.0
            })
        );
        assert_eq!(
            share(3.0, 2.0),
            Err(NumError::PartExceedsWhole {
                computation: "share",
                part: Operand::Part,
                part_value: 3.0,
                whole: Operand::Whole,
                whole_value: 2.0
            })
        );
        assert_eq!(
            shares_of_total(&[1.0, f64::NAN]),
            Err(NumError::NonFinite { computation: "shares of a total", operand: Operand::Parts(1) })
        );
        assert_eq!(
            shares_of_total(&[f64::MAX, f64::MAX]),
            Err(NumError::Overflow {
                computation: "shares of a total",
                inputs: Some((Operand::Total, Operand::Total))
            })
        );
        assert_eq!(cumulate(f64::MAX, &[f64::MAX]).unwrap_err().computation(), "cumulate");
    }

    #[test]
    fn messages_read_as_the_named_errors_do() {
        let e = relative_change(0.0, 1.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "relative change: the base, the start value, is zero, so the rate is undefined (not infinite)"
        );
        let e = shares_of_total(&[2.0, -1.0]).unwrap_err();
        assert_eq!(e.to_string(), "shares of a total: part 2 is -1, outside 0 or more");
    }
}
