//! A reported number with its qualifier, the units figures are given in, and
//! whether a figure is measured or planned.

use std::fmt;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// Defines a fieldless enum that is written as a fixed snake_case word in
/// CSV and serde, with `as_str`, `ALL`, `Display` and byte parsing.
macro_rules! word_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident => $word:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
        #[non_exhaustive]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$($word),+].len()] = [$($name::$variant),+];

            /// The word this value is written as in CSV.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// Parses the CSV word; `None` for anything else.
            pub(crate) fn from_bytes(b: &[u8]) -> Option<Self> {
                match b { $(x if x == $word.as_bytes() => Some($name::$variant),)+ _ => None }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocab::value::UnknownWord;
            fn from_str(s: &str) -> Result<Self, $crate::vocab::value::UnknownWord> {
                $name::from_bytes(s.as_bytes()).ok_or_else(|| $crate::vocab::value::UnknownWord(s.to_owned()))
            }
        }
    };
}
pub(crate) use word_enum;

/// The error of parsing one of this crate's vocabulary words ([`Unit`],
/// [`Qualifier`], [`Status`], [`MetricKind`](crate::MetricKind)) from a string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown word {0:?}")]
pub struct UnknownWord(pub String);

word_enum! {
    /// How a source qualifies a figure: "about 30%", "more than ten provinces".
    ///
    /// ```
    /// use biopharma_stats::Qualifier;
    /// let q: Qualifier = "more_than".parse().unwrap();
    /// assert!(q.is_lower_bound());
    /// assert_eq!(q.symbol(), ">");
    /// ```
    pub enum Qualifier {
        /// Stated as an exact figure.
        Exact => "exact",
        /// "About", "nearly", "around": an approximation.
        Approx => "approx",
        /// "More than", "over", "exceeds": the true value is strictly greater.
        MoreThan => "more_than",
        /// "Less than", "under": the true value is strictly smaller.
        LessThan => "less_than",
        /// "At least", "reach": the true value is this or greater.
        AtLeast => "at_least",
        /// "At most", "within the top N": the true value is this or smaller.
        AtMost => "at_most",
    }
}

impl Qualifier {
    /// A short prefix for display: `""`, `"~"`, `">"`, `"<"`, `"≥"`, `"≤"`.
    pub const fn symbol(self) -> &'static str {
        match self {
            Qualifier::Exact => "",
            Qualifier::Approx => "~",
            Qualifier::MoreThan => ">",
            Qualifier::LessThan => "<",
            Qualifier::AtLeast => "≥",
            Qualifier::AtMost => "≤",
        }
    }

    /// Whether the stated number bounds the true value from below.
    pub const fn is_lower_bound(self) -> bool {
        matches!(self, Qualifier::MoreThan | Qualifier::AtLeast)
    }

    /// Whether the stated number bounds the true value from above.
    pub const fn is_upper_bound(self) -> bool {
        matches!(self, Qualifier::LessThan | Qualifier::AtMost)
    }
}

word_enum! {
    /// The unit a metric's values are written in.
    ///
    /// Percentages are stored as written (`30` for 30 %); computations that
    /// need a fraction divide by 100 themselves.
    ///
    /// ```
    /// use biopharma_stats::Unit;
    /// assert_eq!("cny_bn".parse::<Unit>().unwrap(), Unit::CnyBn);
    /// assert_eq!(Unit::CnyBn.label(), "billion yuan");
    /// ```
    pub enum Unit {
        /// Billions of Chinese yuan (renminbi), nominal.
        CnyBn => "cny_bn",
        /// A whole count of things (drugs, devices, companies, provinces).
        Count => "count",
        /// A percentage, 0–100.
        Percent => "percent",
        /// A position in a ranking, 1 = first.
        Rank => "rank",
    }
}

impl Unit {
    /// A human label for axes and reports.
    pub const fn label(self) -> &'static str {
        match self {
            Unit::CnyBn => "billion yuan",
            Unit::Count => "count",
            Unit::Percent => "%",
            Unit::Rank => "rank",
        }
    }
}

word_enum! {
    /// Whether a figure was measured or is a plan.
    ///
    /// Targets never enter a series or a computation with reported figures
    /// unless the caller asks for it.
    pub enum Status {
        /// A figure the source reports as having happened.
        Reported => "reported",
        /// A goal or plan figure ("by 2022 ... will reach").
        Target => "target",
    }
}

/// A number as a source states it, with its qualifier.
///
/// ```
/// use biopharma_stats::{Qualifier, Value};
/// let v = Value::new(350.0, Qualifier::MoreThan);
/// assert_eq!(v.to_string(), ">350");
/// ```
///
/// # Precision
///
/// The number is an `f64` (an IEEE 754 double). Every integer up to
/// 2^53 = 9,007,199,254,740,992 is exact; larger integers are rounded to the
/// nearest double, so a count of 9007199254740993 reads as 9007199254740992.
/// Any finite double, from 5e-324 to 1.7976931348623157e308 and -0, is
/// written back to CSV in the shortest form that reads back to the same
/// bits, so loading and writing a dataset never changes a value.
///
/// ```
/// assert_eq!("9007199254740992".parse::<f64>(), Ok(2f64.powi(53)));
/// assert_eq!("9007199254740993".parse::<f64>(), Ok(2f64.powi(53))); // rounded
/// assert_eq!(2f64.powi(53).to_string(), "9007199254740992");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct Value {
    /// The number, in its metric's unit.
    pub value: f64,
    /// How the source qualifies it.
    pub qualifier: Qualifier,
}

impl Value {
    /// A value with a qualifier.
    pub const fn new(value: f64, qualifier: Qualifier) -> Self {
        Value { value, qualifier }
    }

    /// An exact value.
    pub const fn exact(value: f64) -> Self {
        Value { value, qualifier: Qualifier::Exact }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As written, or rounded where derived; U+2212 for a minus (see
        // `format_number`).
        write!(f, "{}{}", self.qualifier.symbol(), crate::vocab::number::format_number(self.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for q in Qualifier::ALL {
            assert_eq!(q.as_str().parse::<Qualifier>().unwrap(), q);
        }
        for u in Unit::ALL {
            assert_eq!(u.as_str().parse::<Unit>().unwrap(), u);
        }
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
        }
    }

    #[test]
    fn unknown_words_are_refused() {
        assert!("Exact".parse::<Qualifier>().is_err());
        assert!("cny".parse::<Unit>().is_err());
        assert!("".parse::<Status>().is_err());
    }
}
