//! The computation layer's errors, each naming the computation and the
//! figures or numbers it refused.

use crate::vocab::metric::MetricKind;
use crate::vocab::period::Period;
use crate::vocab::value::{Status, Unit};

/// A computation refused its inputs: a zero or negative base, a gap of
/// years, figures that are not comparable, a result that would overflow.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ComputeError {
    /// A number given to a computation or a series is NaN or infinite; or a
    /// computation's result overflows f64 (then `what` begins `the result
    /// of` and names the computation and the figures it came from). No
    /// computation returns an infinity or a NaN.
    #[error("non-finite number in {what}")]
    NonFiniteInput {
        /// Which input.
        what: String,
    },

    /// The base of a relative rate (the start of a change, the whole of a
    /// share, the base year of an index) is zero, so the rate would be
    /// infinite.
    #[error("{computation}: the base, {what}, is zero, so the rate is undefined (not infinite)")]
    ZeroBase {
        /// The computation refused (`CAGR`, `share`, …).
        computation: &'static str,
        /// Which figure, e.g. `biomedicine_market_size / china in 2016`.
        what: String,
    },

    /// The base of a relative rate is negative, so the rate's sign would
    /// mislead.
    #[error(
        "{computation}: the base, {what}, is negative ({value}); a relative rate from a negative base has no meaning"
    )]
    NegativeBase {
        /// The computation refused.
        computation: &'static str,
        /// Which figure.
        what: String,
        /// Its value.
        value: f64,
    },

    /// The value changes sign (or, where a logarithm is needed, falls to
    /// zero) between the base and the end, so a ratio of the two is no
    /// growth rate.
    #[error(
        "{computation}: {from} is {start} but {to} is {end}; a growth rate across a change of sign (or down to zero, for a logarithm) is undefined"
    )]
    SignChange {
        /// The computation refused.
        computation: &'static str,
        /// The base figure.
        from: String,
        /// Its value.
        start: f64,
        /// The end figure.
        to: String,
        /// Its value.
        end: f64,
    },

    /// Two consecutive points of a series are more than one year apart and
    /// the caller asked for period-over-period changes without annualising
    /// ([`Gaps::Refuse`](crate::Gaps::Refuse)).
    #[error(
        "{metric:?} / {entity:?}: {from} to {to} is {years} years, not one period; use Gaps::Annualise to annualise it"
    )]
    YearGap {
        /// The metric id.
        metric: String,
        /// The entity.
        entity: String,
        /// The earlier period.
        from: Period,
        /// The later period.
        to: Period,
        /// The years between them.
        years: i32,
    },

    /// A computation over time needs single years, and a figure covers a
    /// span of years.
    #[error("{computation} needs single years, but {what} covers the span {period}")]
    NotAYear {
        /// The computation refused.
        computation: &'static str,
        /// Which figure.
        what: String,
        /// Its period.
        period: Period,
    },

    /// Two figures are in different units of the same quantity and scale
    /// (two ids for one unit) and the caller did not allow it
    /// ([`Allow::units`](crate::Allow::units)). Units of different
    /// quantities or scales are [`ComputeError::UnitsIncompatible`].
    #[error("{computation}: units differ: {left} is in {left_unit}, {right} in {right_unit} (allow with Allow::units)")]
    UnitsDiffer {
        /// The computation refused.
        computation: &'static str,
        /// The first figure.
        left: String,
        /// Its unit.
        left_unit: Unit,
        /// The second figure.
        right: String,
        /// Its unit.
        right_unit: Unit,
    },

    /// Two figures are in units that measure different quantities (US
    /// dollars and yuan, persons and counts), or one quantity at different
    /// scales (billions and millions). Never allowed: this crate does not
    /// convert between units; declare and load figures in one unit.
    #[error(
        "{computation}: {left} is in {left_unit} ({}, scale {}) and {right} in {right_unit} ({}, scale {}): \
         figures of different quantities or scales are never combined",
        left_unit.quantity(), left_unit.scale(), right_unit.quantity(), right_unit.scale()
    )]
    UnitsIncompatible {
        /// The computation refused.
        computation: &'static str,
        /// The first figure.
        left: String,
        /// Its unit.
        left_unit: Unit,
        /// The second figure.
        right: String,
        /// Its unit.
        right_unit: Unit,
    },

    /// Two figures are of different metrics, that is different definitions,
    /// and the caller did not allow it
    /// ([`Allow::definitions`](crate::Allow::definitions)).
    #[error("{computation}: definitions differ: metric {left:?} is not {right:?} (allow with Allow::definitions)")]
    DefinitionsDiffer {
        /// The computation refused.
        computation: &'static str,
        /// The first figure's metric id.
        left: String,
        /// The second figure's metric id.
        right: String,
    },

    /// Two figures are of different entities and the caller did not allow
    /// it ([`Allow::entities`](crate::Allow::entities)).
    #[error("{computation}: entities differ: {left:?} is not {right:?} (allow with Allow::entities)")]
    EntitiesDiffer {
        /// The computation refused.
        computation: &'static str,
        /// The first figure's entity.
        left: String,
        /// The second figure's entity.
        right: String,
    },

    /// A reported figure would be combined with a target and the caller did
    /// not allow it ([`Allow::statuses`](crate::Allow::statuses)).
    #[error(
        "{computation}: {left} is {left_status} but {right} is {right_status}; targets do not mix with reported figures (allow with Allow::statuses)"
    )]
    StatusesDiffer {
        /// The computation refused.
        computation: &'static str,
        /// The first figure.
        left: String,
        /// Its status.
        left_status: Status,
        /// The second figure.
        right: String,
        /// Its status.
        right_status: Status,
    },

    /// Two figures that must refer to the same period do not, and the caller
    /// did not allow it ([`Allow::periods`](crate::Allow::periods)); or a
    /// flow does not end in its stock's year, which no allowance makes
    /// meaningful ([`Figure::implied_earlier_stock`](crate::Figure::implied_earlier_stock)).
    #[error("{computation}: periods differ: {left} is for {left_period}, {right} for {right_period}")]
    PeriodsDiffer {
        /// The computation refused.
        computation: &'static str,
        /// The first figure.
        left: String,
        /// Its period.
        left_period: Period,
        /// The second figure.
        right: String,
        /// Its period.
        right_period: Period,
    },

    /// A metric's kind does not admit the computation (a relative rate of a
    /// rank, cumulating a stock, a share that is not a share).
    #[error("{computation}: metric {metric:?} is a {kind} metric; {expected}")]
    KindNotSupported {
        /// The computation refused.
        computation: &'static str,
        /// The metric id.
        metric: String,
        /// Its kind.
        kind: MetricKind,
        /// What the computation needs.
        expected: &'static str,
    },

    /// A figure is in a unit the computation cannot use (a share not in
    /// percent).
    #[error("{computation}: {what} is in {found}, expected {expected}")]
    WrongUnit {
        /// The computation refused.
        computation: &'static str,
        /// Which figure.
        what: String,
        /// The unit needed.
        expected: Unit,
        /// The unit found.
        found: Unit,
    },

    /// A number lies outside the range the computation admits (a share
    /// above 100 %, a negative count, a fall of more than 100 %).
    #[error("{computation}: {what} is {value}, outside {expected}")]
    OutOfRange {
        /// The computation refused.
        computation: &'static str,
        /// Which number.
        what: String,
        /// Its value.
        value: f64,
        /// The admitted range, in words.
        expected: &'static str,
    },

    /// A span of time that must be a positive number of years is not.
    #[error("{computation}: the span must be a positive number of years, not {years}")]
    NonPositiveYears {
        /// The computation refused.
        computation: &'static str,
        /// The years given.
        years: f64,
    },

    /// A doubling time was asked of a rate that never doubles anything
    /// (zero or negative).
    #[error("doubling time: {what} is {rate} a year, and a quantity that does not grow never doubles")]
    NeverDoubles {
        /// The rate, a fraction per year.
        rate: f64,
        /// What the rate is of: the series and years whose CAGR it is.
        what: String,
    },

    /// The share of a part in a whole would exceed 1: the two figures
    /// cannot be part and whole.
    #[error("{computation}: the part, {part} ({part_value}), exceeds the whole, {whole} ({whole_value})")]
    PartExceedsWhole {
        /// The computation refused.
        computation: &'static str,
        /// The part.
        part: String,
        /// Its value.
        part_value: f64,
        /// The whole.
        whole: String,
        /// Its value.
        whole_value: f64,
    },

    /// A computation was given fewer points or figures than it needs.
    #[error("{computation} needs at least {needed} points; {what} has {found}")]
    TooFewPoints {
        /// The computation refused.
        computation: &'static str,
        /// The series or list.
        what: String,
        /// How many are needed.
        needed: usize,
        /// How many there are.
        found: usize,
    },

    /// An explanation of interpolation was asked of a point that was not
    /// interpolated (a reported figure, or one derived otherwise).
    #[error("{what} was not interpolated: only points filled in by Series::interpolate have anchors to explain")]
    NotInterpolated {
        /// The point, described.
        what: String,
    },
}
