//! When figures that differ can all be true: the rule behind
//! [`Dataset::conflicts`](crate::Dataset::conflicts) and
//! [`Dataset::agreements`](crate::Dataset::agreements), and the figure a
//! series keeps where they agree.
//!
//! Each figure stands for the set of true values it allows: `68` for
//! {68}; "at least 32" for [32, ∞); "more than 70" for (70, ∞); "less
//! than" and "at most" likewise from above. "About 30" (`approx`) stands
//! for {30}: the crate cannot know how loose "about" is, so an approximate
//! figure agrees with exactly what the same exact figure would agree with
//! ("about 30" agrees with "30" and with "at least 25", and conflicts with
//! "31"). Figures conflict when no one value lies in all their sets.

use crate::vocab::value::{Qualifier, Value};

/// One end of an interval: the number and whether it is excluded.
type End = (f64, bool);

/// The interval of true values a figure allows: (lower end, upper end),
/// `None` for unbounded.
fn interval(v: &Value) -> (Option<End>, Option<End>) {
    let x = v.value;
    match v.qualifier {
        Qualifier::MoreThan => (Some((x, true)), None),
        Qualifier::AtLeast => (Some((x, false)), None),
        Qualifier::LessThan => (None, Some((x, true))),
        Qualifier::AtMost => (None, Some((x, false))),
        // Exact, approximate, and any qualifier added later: a point.
        _ => (Some((x, false)), Some((x, false))),
    }
}

/// Whether one value can make every figure true.
pub(crate) fn all_can_be_true(values: &[Value]) -> bool {
    let mut lo: Option<End> = None;
    let mut hi: Option<End> = None;
    for v in values {
        let (l, h) = interval(v);
        if let Some((x, strict)) = l {
            lo = Some(match lo {
                Some((y, s)) if y > x => (y, s),
                Some((y, s)) if y == x => (x, s || strict),
                _ => (x, strict),
            });
        }
        if let Some((x, strict)) = h {
            hi = Some(match hi {
                Some((y, s)) if y < x => (y, s),
                Some((y, s)) if y == x => (x, s || strict),
                _ => (x, strict),
            });
        }
    }
    match (lo, hi) {
        (Some((l, ls)), Some((h, hs))) => l < h || (l == h && !ls && !hs),
        _ => true,
    }
}

/// Where differing figures can all be true, the index of the one a series
/// keeps: an exact figure, else an approximate one, else the tightest lower
/// bound ("more than 40" over "at least 40" over "at least 32"), else the
/// tightest upper bound. `None` when they conflict.
pub(crate) fn keep(values: &[Value]) -> Option<usize> {
    if !all_can_be_true(values) {
        return None;
    }
    let rank = |v: &Value| match v.qualifier {
        Qualifier::Exact => 0,
        Qualifier::Approx => 1,
        q if q.is_lower_bound() => 2,
        _ => 3,
    };
    let best = values.iter().map(rank).min()?;
    let candidates = values.iter().enumerate().filter(|(_, v)| rank(v) == best);
    let tighter = |a: &Value, b: &Value| -> bool {
        // Whether `a` says more than `b` (same kind of bound).
        let strict = |v: &Value| matches!(v.qualifier, Qualifier::MoreThan | Qualifier::LessThan);
        match best {
            2 => a.value > b.value || (a.value == b.value && strict(a) && !strict(b)),
            3 => a.value < b.value || (a.value == b.value && strict(a) && !strict(b)),
            _ => false,
        }
    };
    let mut pick: Option<(usize, &Value)> = None;
    for (i, v) in candidates {
        if pick.is_none_or(|(_, p)| tighter(v, p)) {
            pick = Some((i, v));
        }
    }
    pick.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: f64, q: Qualifier) -> Value {
        Value::new(x, q)
    }

    #[test]
    fn the_issue_cases() {
        use Qualifier::*;
        // "at least 32" and "68" agree; the series keeps 68.
        assert_eq!(keep(&[v(68.0, Exact), v(32.0, AtLeast)]), Some(0));
        // "more than 70" and "68" cannot both be true.
        assert_eq!(keep(&[v(68.0, Exact), v(70.0, MoreThan)]), None);
        // Touching ends: "at least 68" allows 68, "more than 68" does not.
        assert!(all_can_be_true(&[v(68.0, Exact), v(68.0, AtLeast)]));
        assert!(!all_can_be_true(&[v(68.0, Exact), v(68.0, MoreThan)]));
        assert!(all_can_be_true(&[v(5.0, AtLeast), v(5.0, AtMost)]));
        assert!(!all_can_be_true(&[v(5.0, AtLeast), v(5.0, LessThan)]));
        // Two exact figures that differ always conflict.
        assert_eq!(keep(&[v(21.0, Exact), v(19.0, Exact)]), None);
        // approx is a point: "about 30" agrees with 30, not with 31.
        assert_eq!(keep(&[v(30.0, Approx), v(30.0, Exact)]), Some(1));
        assert_eq!(keep(&[v(30.0, Approx), v(31.0, Exact)]), None);
        assert_eq!(keep(&[v(30.0, Approx), v(25.0, AtLeast)]), Some(0));
        // Only bounds: the tightest lower bound.
        assert_eq!(keep(&[v(32.0, AtLeast), v(40.0, AtLeast), v(40.0, MoreThan)]), Some(2));
        assert_eq!(keep(&[v(50.0, AtMost), v(45.0, LessThan)]), Some(1));
        // A lower and an upper bound that overlap: the lower bound is kept.
        assert_eq!(keep(&[v(50.0, AtMost), v(45.0, AtLeast)]), Some(1));
    }
}
