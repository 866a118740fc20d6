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

/// The unit a metric's values are written in: an id, a label for messages
/// and axes, the quantity it measures and its scale to that quantity's base.
///
/// Four units are built in: [`Unit::CNY_BN`] (billions of yuan, quantity
/// `money:CNY`, scale 1e9), [`Unit::COUNT`], [`Unit::PERCENT`] and
/// [`Unit::RANK`]. Any other unit is declared, in a dataset's `units.csv`
/// or with [`Unit::declare`].
///
/// Percentages are stored as written (`30` for 30 %); computations that
/// need a fraction divide by 100 themselves.
///
/// # Comparing units
///
/// Two units are equal when id, label, quantity and scale all are. Units
/// of different quantities (`money:USD` and `money:CNY`, `persons` and
/// `count`) are never combined by a computation, not even when the caller
/// allows different units. Units of one quantity at different scales
/// (billions and millions of yuan) are refused too: this crate does not
/// rescale figures, so convert them before loading.
/// [`Allow::units`](crate::Allow::units) lets only units of the same
/// quantity and scale under different ids be combined.
///
/// `Unit` is `Copy`: a declared unit is interned once per process (its
/// texts live as long as the program; declaring the same unit again reuses
/// them).
///
/// ```
/// use biopharma_stats::Unit;
/// assert_eq!("cny_bn".parse::<Unit>().unwrap(), Unit::CNY_BN);
/// assert_eq!(Unit::CNY_BN.label(), "billion yuan");
/// let usd = Unit::declare("usd_bn", "billion US dollars", "money:USD", 1e9)?;
/// assert_eq!(usd.to_string(), "billion US dollars");
/// assert!(!usd.same_quantity(Unit::CNY_BN));
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unit(u32);

/// What a unit is: the four fields of a row of units.csv.
#[derive(Debug, PartialEq)]
struct UnitDef {
    id: &'static str,
    label: &'static str,
    quantity: &'static str,
    scale: f64,
}

const BUILTIN_DEFS: [UnitDef; 4] = [
    UnitDef { id: "cny_bn", label: "billion yuan", quantity: "money:CNY", scale: 1e9 },
    UnitDef { id: "count", label: "count", quantity: "count", scale: 1.0 },
    UnitDef { id: "percent", label: "%", quantity: "percent", scale: 1.0 },
    UnitDef { id: "rank", label: "rank", quantity: "rank", scale: 1.0 },
];

/// Declared units, interned: `Unit(4 + i)` is `DECLARED[i]`.
static DECLARED: std::sync::RwLock<Vec<&'static UnitDef>> = std::sync::RwLock::new(Vec::new());

/// Why a unit declaration is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BadUnit {
    /// The id is empty or holds white space or control characters.
    #[error("a unit id must be non-empty, without spaces or control characters")]
    Id,
    /// The label or quantity is empty.
    #[error("a unit needs a label and a quantity (such as `money:USD`, `persons`, `mass:t`)")]
    Empty,
    /// The scale is not a finite positive number.
    #[error("a unit's scale must be a finite number greater than 0 (empty means 1)")]
    Scale,
    /// The id is a built-in unit's, with a different definition.
    #[error("{0:?} is a built-in unit and cannot be redefined")]
    Builtin(String),
}

#[allow(non_upper_case_globals)]
impl Unit {
    /// Billions of Chinese yuan (renminbi), nominal: id `cny_bn`, quantity
    /// `money:CNY`, scale 1e9.
    pub const CNY_BN: Unit = Unit(0);
    /// A whole count of things (drugs, devices, companies, provinces): id
    /// `count`, quantity `count`.
    pub const COUNT: Unit = Unit(1);
    /// A percentage, 0–100: id `percent`, quantity `percent`.
    pub const PERCENT: Unit = Unit(2);
    /// A position in a ranking, 1 = first: id `rank`, quantity `rank`.
    pub const RANK: Unit = Unit(3);

    /// The same as [`Unit::CNY_BN`] (the name from when units were an enum).
    pub const CnyBn: Unit = Unit::CNY_BN;
    /// The same as [`Unit::COUNT`] (the name from when units were an enum).
    pub const Count: Unit = Unit::COUNT;
    /// The same as [`Unit::PERCENT`] (the name from when units were an enum).
    pub const Percent: Unit = Unit::PERCENT;
    /// The same as [`Unit::RANK`] (the name from when units were an enum).
    pub const Rank: Unit = Unit::RANK;

    /// The built-in units.
    pub const ALL: [Unit; 4] = [Unit::CNY_BN, Unit::COUNT, Unit::PERCENT, Unit::RANK];

    /// Declares a unit: `id` as written in metrics.csv, a `label` for
    /// messages and axes, the `quantity` it measures (`money:USD`,
    /// `persons`, `mass:t`: free text, compared exactly) and its `scale` to
    /// that quantity's base (`1e9` for billions). Declaring a built-in id
    /// with the built-in definition returns the built-in unit.
    ///
    /// ```
    /// use biopharma_stats::Unit;
    /// let beds = Unit::declare("beds", "hospital beds", "beds", 1.0)?;
    /// assert_eq!((beds.id(), beds.quantity(), beds.scale()), ("beds", "beds", 1.0));
    /// assert!(Unit::declare("cny_bn", "yuan", "money:CNY", 1.0).is_err());
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ParseError::BadUnit`](crate::ParseError::BadUnit) with a [`BadUnit`]
    /// reason: an id that is empty or holds white space or control
    /// characters ([`BadUnit::Id`]), an empty label or quantity
    /// ([`BadUnit::Empty`]), a scale that is not finite and positive
    /// ([`BadUnit::Scale`]), or a built-in id redefined
    /// ([`BadUnit::Builtin`]).
    pub fn declare(id: &str, label: &str, quantity: &str, scale: f64) -> Result<Unit, crate::Error> {
        Unit::declare_checked(id, label, quantity, scale)
            .map_err(|reason| crate::Error::Parse(crate::ParseError::BadUnit { at: None, id: id.to_owned(), reason }))
    }

    /// [`Unit::declare`] with the bare reason as its error.
    pub(crate) fn declare_checked(id: &str, label: &str, quantity: &str, scale: f64) -> Result<Unit, BadUnit> {
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(BadUnit::Id);
        }
        if label.trim().is_empty() || quantity.trim().is_empty() {
            return Err(BadUnit::Empty);
        }
        if !(scale.is_finite() && scale > 0.0) {
            return Err(BadUnit::Scale);
        }
        let same = |d: &UnitDef| d.id == id && d.label == label && d.quantity == quantity && d.scale == scale;
        if let Some(i) = BUILTIN_DEFS.iter().position(|d| d.id == id) {
            return if same(&BUILTIN_DEFS[i]) { Ok(Unit(i as u32)) } else { Err(BadUnit::Builtin(id.to_owned())) };
        }
        let base = BUILTIN_DEFS.len() as u32;
        {
            let declared = DECLARED.read().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(i) = declared.iter().position(|d| same(d)) {
                return Ok(Unit(base + i as u32));
            }
        }
        let mut declared = DECLARED.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Another thread may have declared it between the two locks.
        if let Some(i) = declared.iter().position(|d| same(d)) {
            return Ok(Unit(base + i as u32));
        }
        let leak = |t: &str| -> &'static str { Box::leak(t.to_owned().into_boxed_str()) };
        let def: &'static UnitDef =
            Box::leak(Box::new(UnitDef { id: leak(id), label: leak(label), quantity: leak(quantity), scale }));
        declared.push(def);
        Ok(Unit(base + declared.len() as u32 - 1))
    }

    fn def(self) -> &'static UnitDef {
        match BUILTIN_DEFS.get(self.0 as usize) {
            Some(d) => d,
            None => {
                let declared = DECLARED.read().unwrap_or_else(std::sync::PoisonError::into_inner);
                // A `Unit` other than a built-in is only made by `declare_checked`,
                // which pushed its definition first.
                declared.get(self.0 as usize - BUILTIN_DEFS.len()).copied().unwrap_or(&BUILTIN_DEFS[1])
            }
        }
    }

    /// The id, as written in metrics.csv and observations.csv.
    pub fn id(self) -> &'static str {
        self.def().id
    }

    /// The id (the word written in CSV); the same as [`Unit::id`].
    pub fn as_str(self) -> &'static str {
        self.id()
    }

    /// A human label for messages, axes and reports (`billion yuan`, `%`).
    pub fn label(self) -> &'static str {
        self.def().label
    }

    /// What the unit measures: `money:CNY`, `count`, `percent`, `rank`, or
    /// a declared quantity.
    pub fn quantity(self) -> &'static str {
        self.def().quantity
    }

    /// The factor to the quantity's base: 1e9 for billions.
    pub fn scale(self) -> f64 {
        self.def().scale
    }

    /// Whether this is one of the four built-in units.
    pub fn is_builtin(self) -> bool {
        (self.0 as usize) < BUILTIN_DEFS.len()
    }

    /// Whether both units measure the same quantity.
    ///
    /// ```
    /// use biopharma_stats::Unit;
    /// let yi = Unit::declare("cny_100m", "hundred million yuan (亿元)", "money:CNY", 1e8)?;
    /// assert!(yi.same_quantity(Unit::CNY_BN)); // both money:CNY, at scales 1e8 and 1e9
    /// assert!(!yi.same_quantity(Unit::COUNT));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn same_quantity(self, other: Unit) -> bool {
        self.quantity() == other.quantity()
    }

    /// A built-in unit by its id; `None` for anything else.
    pub(crate) fn from_bytes(b: &[u8]) -> Option<Unit> {
        BUILTIN_DEFS.iter().position(|d| d.id.as_bytes() == b).map(|i| Unit(i as u32))
    }
}

impl fmt::Debug for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Unit({})", self.id())
    }
}

impl fmt::Display for Unit {
    /// The label: messages name units by their label.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl std::str::FromStr for Unit {
    type Err = UnknownWord;
    /// A built-in unit by its id; a declared unit is found in its dataset
    /// (`Metric::unit`), not by its id alone.
    fn from_str(s: &str) -> Result<Self, UnknownWord> {
        Unit::from_bytes(s.as_bytes()).ok_or_else(|| UnknownWord(s.to_owned()))
    }
}

#[cfg(feature = "serde")]
impl Serialize for Unit {
    /// Serialises as the id.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(feature = "serde")]
impl<'de> Deserialize<'de> for Unit {
    /// Deserialises a built-in unit's id; a declared unit cannot be made
    /// from its id alone (use [`Unit::declare`]).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
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
