//! Qualifiers into bounds: whether a result is exact, approximate, or a
//! lower or upper bound, given its inputs' qualifiers and how each moves it.
//!
//! The rules are in `qualifiers.md`, shown on [`Bound`].

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::vocab::value::Qualifier;

#[doc = include_str!("qualifiers.md")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Bound {
    /// Not a bound: the number estimates the result itself (exactly, or
    /// approximately when [`Computed::is_approx`](crate::Computed::is_approx)).
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

/// How an input moves a result: a larger input gives a larger result
/// (`Raises`), a smaller one (`Lowers`), or locally no change (`Neutral`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    Raises,
    Lowers,
    Neutral,
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
}
