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

use std::fmt;

use crate::calc::error::ComputeError;

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

/// The computation field of a core error, by reference or by mutable
/// reference; `None` for `NeverDoubles`, which is always the doubling time's.
macro_rules! computation_of {
    ($e:expr) => {
        match $e {
            NumError::NonFinite { computation, .. }
            | NumError::ZeroBase { computation, .. }
            | NumError::NegativeBase { computation, .. }
            | NumError::SignChange { computation, .. }
            | NumError::NonPositiveYears { computation, .. }
            | NumError::OutOfRange { computation, .. }
            | NumError::PartExceedsWhole { computation, .. }
            | NumError::Overflow { computation, .. }
            | NumError::Empty { computation } => Some(computation),
            NumError::NeverDoubles { .. } => None,
        }
    };
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
            NumError::NeverDoubles { rate } => ComputeError::NeverDoubles { rate, what: name(Operand::Rate) },
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

    /// This failure as the crate's [`Error`](crate::Error), said of
    /// computation `c` with each operand named by `name`: how every
    /// computation with figures reports a core refusal.
    pub(crate) fn in_computation(self, c: &'static str, name: &dyn Fn(Operand) -> String) -> crate::Error {
        crate::Error::Compute(self.within(c).named(name))
    }

    /// The same failure, said of computation `c` (a rate computed on the way
    /// to another: the CAGR inside a doubling time).
    pub(crate) fn within(mut self, c: &'static str) -> NumError {
        if let Some(computation) = computation_of!(&mut self) {
            *computation = c;
        }
        self
    }

    /// The computation that refused.
    pub fn computation(&self) -> &'static str {
        computation_of!(self).copied().unwrap_or("doubling time")
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

pub(super) type R = Result<f64, NumError>;

#[inline]
pub(super) fn finite(computation: &'static str, operand: Operand, x: f64) -> R {
    if x.is_finite() { Ok(x) } else { Err(NumError::NonFinite { computation, operand }) }
}

/// A result that must be finite: an overflow is an error, never an inf.
#[inline]
pub(super) fn result(computation: &'static str, inputs: Option<(Operand, Operand)>, x: f64) -> R {
    if x.is_finite() { Ok(x) } else { Err(NumError::Overflow { computation, inputs }) }
}

/// The checks every ratio-based rate makes: both finite, the base positive,
/// no change of sign, and for a logarithm no zero end.
#[inline]
pub(super) fn ratio_pair(
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
pub(super) fn years_ok(computation: &'static str, years: f64) -> R {
    finite(computation, Operand::Years, years)?;
    if years <= 0.0 {
        return Err(NumError::NonPositiveYears { computation, years });
    }
    Ok(years)
}

pub(super) fn non_negative(computation: &'static str, operand: Operand, x: f64) -> R {
    finite(computation, operand, x)?;
    if x < 0.0 {
        return Err(NumError::OutOfRange { computation, operand, value: x, expected: "0 or more" });
    }
    Ok(x)
}

pub(super) fn positive_base(computation: &'static str, operand: Operand, x: f64) -> R {
    finite(computation, operand, x)?;
    if x == 0.0 {
        return Err(NumError::ZeroBase { computation, operand });
    }
    if x < 0.0 {
        return Err(NumError::NegativeBase { computation, operand, value: x });
    }
    Ok(x)
}

pub(super) fn fraction(computation: &'static str, operand: Operand, x: f64) -> R {
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

mod growth;
mod parts;

pub(crate) use growth::relative;
pub use growth::*;
pub use parts::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calc::growth::Interpolation;

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
