//! The free growth and share functions against an oracle of their
//! documented preconditions (issue #7), for ANY f64: finite or not, ±0,
//! subnormals, f64::MAX, and ordinary numbers.
//!
//! For every function, each documented precondition is written below as an
//! independent predicate with the error variant its failure must give. A
//! call must:
//! - never panic;
//! - return `Err` exactly when a predicate fails or the true result is not
//!   a finite f64 (an overflow), and then a variant that one of the failing
//!   predicates names (`Overflow` for an overflow) with a non-empty
//!   message;
//! - return a finite number when `Ok`;
//! - satisfy the algebraic identities that tie the functions together.
//!
//! Overflow is decided in log space (or on halves), independently of the
//! function's own formula; within 1e-9 of the limit either answer is
//! accepted. Case counts are per test (see `config`); TESTING.md lists them
//! with their run times and how to rerun a failing case.

use std::f64::consts::LN_2;

use biopharma_stats::{
    Interpolation, NumError, absolute_change, annualise, cagr, continuous_rate, contribution_to_growth, doubling_time,
    implied_part, implied_whole, index_value, interpolate, log_change, relative_change, share, share_change,
    shares_of_total,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// `cases` cases, unless `PROPTEST_CASES` says otherwise.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

/// ln(f64::MAX).
const LN_MAX: f64 = 709.782_712_893_384;

/// Values at the edges of f64 and of the functions' domains.
const EDGES: &[f64] = &[
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    0.0,
    -0.0,
    f64::MIN_POSITIVE,
    -f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    1e-310,
    f64::MAX,
    f64::MIN,
    1e308,
    1e300,
    1e-300,
    f64::EPSILON,
    1.0,
    -1.0,
    1.0 + f64::EPSILON,
    1.0 - f64::EPSILON / 2.0,
    -1.0 - f64::EPSILON,
    -1.0 + f64::EPSILON / 2.0,
    0.5,
    2.0,
    100.0,
    -100.0,
    1e15,
    9_007_199_254_740_993.0,
];

/// Any f64: every class (NaN, ±inf, ±0, subnormal, normal), the edges,
/// ordinary numbers, and positive numbers spread over the whole range.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => prop::num::f64::ANY,
        3 => prop::sample::select(EDGES),
        2 => -10.0f64..10.0,
        2 => (-745.0f64..709.0).prop_map(f64::exp),
        1 => (-745.0f64..709.0).prop_map(|x| -x.exp()),
    ]
}

/// Any f64, weighted towards 0 to 1 (shares as fractions, interpolation
/// fractions).
fn any_fraction() -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => any_f64(),
        2 => 0.0f64..=1.0,
        1 => prop::sample::select(&[0.0, 1.0, -0.0, 5e-324, 1.0 - f64::EPSILON / 2.0, 1.0 + f64::EPSILON][..]),
    ]
}

/// Any f64, weighted towards positive numbers of years.
fn any_years() -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => any_f64(),
        1 => 0.01f64..100.0,
        1 => (1u8..60).prop_map(f64::from),
    ]
}

/// Error variants, as the oracle names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum V {
    NonFinite,
    Overflow,
    ZeroBase,
    NegativeBase,
    SignChange,
    NonPositiveYears,
    NeverDoubles,
    OutOfRange,
    PartExceedsWhole,
    TooFewPoints,
    Other,
}

fn variant(e: &NumError) -> V {
    match e {
        NumError::NonFinite { .. } => V::NonFinite,
        NumError::Overflow { .. } => V::Overflow,
        NumError::ZeroBase { .. } => V::ZeroBase,
        NumError::NegativeBase { .. } => V::NegativeBase,
        NumError::SignChange { .. } => V::SignChange,
        NumError::NonPositiveYears { .. } => V::NonPositiveYears,
        NumError::NeverDoubles { .. } => V::NeverDoubles,
        NumError::OutOfRange { .. } => V::OutOfRange,
        NumError::PartExceedsWhole { .. } => V::PartExceedsWhole,
        NumError::Empty { .. } => V::TooFewPoints,
        _ => V::Other,
    }
}

/// Whether the true result overflows f64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overflow {
    No,
    Yes,
    /// Within rounding of the limit: either answer is right.
    Borderline,
}

/// Whether `x` exceeds `limit`, with a relative band of 1e-9 around it
/// (`x` may be infinite; `limit` finite or infinite).
fn exceeds(x: f64, limit: f64) -> Overflow {
    if x.is_nan() {
        return Overflow::Borderline;
    }
    let band = 1e-9 * limit.abs();
    if x > limit + band {
        Overflow::Yes
    } else if x < limit - band || limit.is_infinite() && x.is_finite() {
        Overflow::No
    } else {
        Overflow::Borderline
    }
}

/// A documented precondition: the predicate that says it FAILS, and the
/// variant its failure gives.
type Pre = (bool, V, &'static str);

/// Checks one call against its preconditions; returns the value when `Ok`.
fn judge(
    call: &str,
    got: Result<f64, NumError>,
    pre: &[Pre],
    overflow: impl FnOnce() -> Overflow,
) -> Result<Option<f64>, TestCaseError> {
    let failing: Vec<&Pre> = pre.iter().filter(|p| p.0).collect();
    if let Ok(v) = &got {
        prop_assert!(v.is_finite(), "{call} = Ok({v}), not finite");
    }
    if let Err(e) = &got {
        prop_assert!(!e.to_string().trim().is_empty(), "{call}: empty message for {e:?}");
    }
    if !failing.is_empty() {
        let names: Vec<&str> = failing.iter().map(|p| p.2).collect();
        match &got {
            Ok(v) => prop_assert!(false, "{call} = Ok({v}) though {names:?} fail"),
            Err(e) => prop_assert!(
                failing.iter().any(|p| p.1 == variant(e)),
                "{call}: {e:?} is not the variant of any failing precondition {names:?}"
            ),
        }
        return Ok(None);
    }
    match (overflow(), &got) {
        (Overflow::No, Err(e)) => prop_assert!(false, "{call}: every precondition holds, yet {e:?}"),
        (Overflow::Yes, Ok(v)) => prop_assert!(false, "{call} = Ok({v}) though the true result overflows"),
        (Overflow::Yes | Overflow::Borderline, Err(e)) => {
            prop_assert!(variant(e) == V::Overflow, "{call}: an overflow must be NumError::Overflow, not {e:?}");
            prop_assert!(e.to_string().contains("result"), "{call}: an overflow must say it is the result: {e}");
        }
        _ => {}
    }
    Ok(got.ok())
}

/// Relative closeness, scaled by the larger magnitude (at least `floor`).
fn close(a: f64, b: f64, tol: f64, floor: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(floor)
}

fn nf(x: f64) -> bool {
    !x.is_finite()
}

/// The preconditions of a relative rate from `start` to `end` (`log`: a zero
/// end fails too).
fn ratio_pre(start: f64, end: f64, log: bool) -> Vec<Pre> {
    vec![
        (nf(start), V::NonFinite, "start finite"),
        (nf(end), V::NonFinite, "end finite"),
        (start == 0.0, V::ZeroBase, "start non-zero"),
        (start < 0.0, V::NegativeBase, "start not negative"),
        (end < 0.0, V::SignChange, "end not negative"),
        (log && end == 0.0, V::SignChange, "end non-zero (log)"),
    ]
}

fn years_pre(years: f64) -> Vec<Pre> {
    vec![(nf(years), V::NonFinite, "years finite"), (years <= 0.0, V::NonPositiveYears, "years positive")]
}

fn fraction_pre(x: f64, what: &'static str) -> Vec<Pre> {
    vec![(nf(x), V::NonFinite, what), (!(0.0..=1.0).contains(&x), V::OutOfRange, what)]
}

fn non_negative_pre(x: f64, what: &'static str) -> Vec<Pre> {
    vec![(nf(x), V::NonFinite, what), (x < 0.0, V::OutOfRange, what)]
}

fn positive_base_pre(x: f64, what: &'static str) -> Vec<Pre> {
    vec![(nf(x), V::NonFinite, what), (x == 0.0, V::ZeroBase, what), (x < 0.0, V::NegativeBase, what)]
}

/// The log of the true 1 + CAGR from `start` to `end` over `years`
/// (−inf for a fall to zero).
fn log_growth_factor(start: f64, end: f64, years: f64) -> f64 {
    (end.ln() - start.ln()) / years
}

/// How far the log of a yearly growth factor moves when `start` and `end`
/// move by a few units in their last place: a rate over a span of years is
/// that much more sensitive to its inputs (over 1e-16 years, one unit moves
/// it by 0.5), so a result within it is as right as f64 inputs allow.
fn log_slack(start: f64, end: f64, years: f64) -> f64 {
    4.0 * f64::EPSILON * (1.0 + start.ln().abs() + end.ln().abs()) / years
}

proptest! {
    #![proptest_config(config(10_000))]

    #[test]
    fn absolute_change_errs_exactly_on_non_finite_input_or_overflow(start in any_f64(), end in any_f64()) {
        let pre = [(nf(start), V::NonFinite, "start finite"), (nf(end), V::NonFinite, "end finite")];
        let call = format!("absolute_change({start:e}, {end:e})");
        let got = judge(&call, absolute_change(start, end), &pre, || exceeds((end / 2.0 - start / 2.0).abs(), f64::MAX / 2.0))?;
        if let Some(d) = got {
            // Antisymmetric, exactly, and start + d is end (up to rounding).
            prop_assert_eq!(absolute_change(end, start).ok(), Some(-d), "{}", call);
            prop_assert!(close(start + d, end, 4.0 * f64::EPSILON, start.abs().max(d.abs())), "{}", call);
        }
    }

    #[test]
    fn relative_change_errs_exactly_where_its_preconditions_fail(start in any_f64(), end in any_f64()) {
        let call = format!("relative_change({start:e}, {end:e})");
        let got = judge(&call, relative_change(start, end), &ratio_pre(start, end, false), || {
            if end == 0.0 { Overflow::No } else { exceeds(end.ln() - start.ln(), LN_MAX) }
        })?;
        if let Some(r) = got {
            prop_assert!(r >= -1.0, "{}: a relative change below −100 %: {}", call, r);
            // log_change == ln(1 + relative_change) where 1 + r keeps its digits.
            if end > 0.0 && end.ln() - start.ln() > -5.0 {
                let l = log_change(start, end).expect("log change of positive numbers");
                prop_assert!((r.ln_1p() - l).abs() <= 1e-9 * l.abs().max(1.0), "{}: ln(1 + {}) vs {}", call, r, l);
            }
            // A one-year CAGR is the relative change.
            if end > 0.0 && end.ln() - start.ln() > -5.0 {
                let g = cagr(start, end, 1.0).expect("one-year CAGR of a representable change");
                prop_assert!(close(g, r, 1e-9, 1.0), "{}: cagr over 1 year {} vs {}", call, g, r);
            }
        }
    }

    #[test]
    fn log_change_errs_exactly_where_its_preconditions_fail(start in any_f64(), end in any_f64()) {
        let call = format!("log_change({start:e}, {end:e})");
        let got = judge(&call, log_change(start, end), &ratio_pre(start, end, true), || Overflow::No)?;
        if let Some(l) = got {
            // Antisymmetric (a fall undoes the rise), exactly.
            prop_assert_eq!(log_change(end, start).ok(), Some(-l), "{}", call);
            prop_assert!(close(l, end.ln() - start.ln(), 1e-12, 1.0), "{}", call);
        }
    }

    #[test]
    fn cagr_errs_exactly_where_its_preconditions_fail(start in any_f64(), end in any_f64(), years in any_years()) {
        let call = format!("cagr({start:e}, {end:e}, {years:e})");
        let mut pre = years_pre(years);
        pre.extend(ratio_pre(start, end, false));
        let got = judge(&call, cagr(start, end, years), &pre, || {
            if end == 0.0 { Overflow::No } else { exceeds(log_growth_factor(start, end, years), LN_MAX) }
        })?;
        if let Some(r) = got {
            let x = log_growth_factor(start, end, years);
            prop_assert!(r >= -1.0, "{}: a CAGR below −100 %: {}", call, r);
            // 1 + r is the growth factor exp(x), where that is a normal number: a
            // positive end never gives −100 %. (Up to the inputs' last places.)
            if x > -700.0 {
                let factor = x.exp();
                let slack = (log_slack(start, end, years) + 1e-9 * (1.0 + x.abs())).exp_m1();
                prop_assert!(
                    ((1.0 + r) - factor).abs() <= factor * slack + 2.0 * f64::EPSILON,
                    "{}: 1 + {} is not exp({}) = {}", call, r, x, factor
                );
            }
            // ln(1 + cagr) × years == log change, where 1 + r keeps its digits.
            if end > 0.0 && x > -5.0 {
                let l = log_change(start, end).expect("positive");
                prop_assert!((r.ln_1p() * years - l).abs() <= 1e-9 * l.abs().max(1.0), "{}: vs log change {}", call, l);
            }
            // The CAGR annualises the total change (where 1 + total keeps its digits).
            if let Ok(total) = relative_change(start, end)
                && end.ln() - start.ln() > -5.0
                && years >= 1e-3
            {
                let a = annualise(total, years).expect("total ≥ −1, years > 0, CAGR representable");
                prop_assert!(close(a, r, 1e-9 * (1.0 + x.abs()), 1.0), "{}: annualise {} vs {}", call, a, r);
            }
        }
    }

    #[test]
    fn continuous_rate_errs_exactly_where_its_preconditions_fail(start in any_f64(), end in any_f64(), years in any_years()) {
        let call = format!("continuous_rate({start:e}, {end:e}, {years:e})");
        let mut pre = years_pre(years);
        pre.extend(ratio_pre(start, end, true));
        let got = judge(&call, continuous_rate(start, end, years), &pre, || {
            exceeds((end.ln() - start.ln()).abs(), f64::MAX * years)
        })?;
        if let Some(c) = got {
            // continuous_rate × years == log_change (a rate below the normal range
            // keeps few digits, or rounds to 0, over a huge span).
            let l = log_change(start, end).expect("positive");
            if c.abs() >= f64::MIN_POSITIVE {
                prop_assert!(close(c * years, l, 1e-12, 0.0), "{}: {} × {} vs {}", call, c, years, l);
            } else {
                prop_assert!(l.abs() <= years * 2.0 * f64::MIN_POSITIVE, "{}: {} underflows", call, l / years);
            }
            // ln(1 + CAGR) == continuous rate, where the CAGR is representable
            // (up to the inputs' last places).
            if let Ok(g) = cagr(start, end, years)
                && log_growth_factor(start, end, years) > -5.0
            {
                let tol = 1e-9 * c.abs().max(1.0) + log_slack(start, end, years);
                prop_assert!((g.ln_1p() - c).abs() <= tol, "{}: ln(1 + cagr) = {} vs {}", call, g.ln_1p(), c);
            }
        }
    }

    #[test]
    fn doubling_time_errs_exactly_where_its_preconditions_fail(rate in any_f64()) {
        let call = format!("doubling_time({rate:e})");
        let pre = [(nf(rate), V::NonFinite, "rate finite"), (rate <= 0.0, V::NeverDoubles, "rate positive")];
        // ln 2 / ln(1 + rate) overflows where ln(1 + rate) ≈ rate < ln 2 / MAX.
        let got = judge(&call, doubling_time(rate), &pre, || exceeds(LN_2 / f64::MAX, rate))?;
        if let Some(t) = got {
            prop_assert!(t > 0.0, "{}", call);
            // (1 + rate)^t == 2.
            prop_assert!(close(rate.ln_1p() * t, LN_2, 1e-12, 1.0), "{}: {} years", call, t);
        }
    }

    #[test]
    fn annualise_errs_exactly_where_its_preconditions_fail(total in any_f64(), years in any_years()) {
        let call = format!("annualise({total:e}, {years:e})");
        let mut pre = years_pre(years);
        pre.push((nf(total), V::NonFinite, "total finite"));
        pre.push((total < -1.0, V::OutOfRange, "total ≥ −1"));
        let got = judge(&call, annualise(total, years), &pre, || exceeds(total.ln_1p() / years, LN_MAX))?;
        if let Some(a) = got {
            prop_assert!(a >= -1.0, "{}", call);
            let x = total.ln_1p() / years;
            if x > -700.0 {
                let factor = x.exp();
                prop_assert!(
                    ((1.0 + a) - factor).abs() <= 1e-9 * factor * (1.0 + x.abs()) + 2.0 * f64::EPSILON,
                    "{}: 1 + {} is not exp({}) = {}", call, a, x, factor
                );
            }
            // Over one year nothing changes.
            if years == 1.0 {
                prop_assert!(close(a, total, 1e-12, 1.0), "{}", call);
            }
        }
    }

    #[test]
    fn index_value_errs_exactly_where_its_preconditions_fail(value in any_f64(), base in any_f64()) {
        let call = format!("index_value({value:e}, {base:e})");
        let pre = [
            (nf(base), V::NonFinite, "base finite"),
            (nf(value), V::NonFinite, "value finite"),
            (base == 0.0, V::ZeroBase, "base non-zero"),
            (base < 0.0, V::NegativeBase, "base not negative"),
            (value < 0.0, V::SignChange, "value not negative"),
        ];
        let got = judge(&call, index_value(value, base), &pre, || {
            if value == 0.0 { Overflow::No } else { exceeds(value.ln() - base.ln() + 100f64.ln(), LN_MAX) }
        })?;
        if let Some(ix) = got {
            prop_assert!(ix >= 0.0, "{}", call);
            if value == base {
                prop_assert_eq!(ix, 100.0, "{}", call);
            }
            // The index is 100 × the growth factor.
            if let Ok(r) = relative_change(base, value)
                && (-5.0..600.0).contains(&(value.ln() - base.ln()))
            {
                prop_assert!(close(ix / 100.0, 1.0 + r, 1e-12, 1e-300), "{}: vs 1 + {}", call, r);
            }
        }
    }

    #[test]
    fn linear_interpolation_errs_exactly_where_its_preconditions_fail(
        start in any_f64(), end in any_f64(), t in any_fraction()
    ) {
        let call = format!("interpolate(Linear, {start:e}, {end:e}, {t:e})");
        let mut pre = fraction_pre(t, "t in 0..=1");
        pre.push((nf(start), V::NonFinite, "start finite"));
        pre.push((nf(end), V::NonFinite, "end finite"));
        // A point between two finite anchors is finite: never an overflow.
        let got = judge(&call, interpolate(Interpolation::Linear, start, end, t), &pre, || Overflow::No)?;
        if let Some(v) = got {
            let (lo, hi) = (start.min(end), start.max(end));
            prop_assert!(lo <= v && v <= hi, "{}: {} is not between the anchors", call, v);
            if t == 0.0 {
                prop_assert_eq!(v, start, "{}", call);
            }
            if t == 1.0 {
                prop_assert_eq!(v, end, "{}", call);
            }
            let exact = start / 2.0 + (end / 2.0 - start / 2.0) * t;
            // (Halving a subnormal drops its last bit: allow a few units of 5e-324.)
            let tol = 1e-12 * start.abs().max(end.abs()) + 4.0 * 5e-324;
            prop_assert!((v / 2.0 - exact).abs() <= tol, "{}: {} vs 2 × {}", call, v, exact);
        }
    }

    #[test]
    fn geometric_interpolation_errs_exactly_where_its_preconditions_fail(
        start in any_f64(), end in any_f64(), t in any_fraction()
    ) {
        let call = format!("interpolate(Geometric, {start:e}, {end:e}, {t:e})");
        let mut pre = fraction_pre(t, "t in 0..=1");
        pre.extend(ratio_pre(start, end, true));
        let got = judge(&call, interpolate(Interpolation::Geometric, start, end, t), &pre, || Overflow::No)?;
        if let Some(v) = got {
            let (lo, hi) = (start.min(end), start.max(end));
            prop_assert!(lo <= v && v <= hi, "{}: {} is not between the anchors", call, v);
            if t == 0.0 {
                prop_assert_eq!(v, start, "{}", call);
            }
            if t == 1.0 {
                prop_assert_eq!(v, end, "{}", call);
            }
            // ln v lies the fraction t of the way from ln start to ln end.
            let x = start.ln() + t * (end.ln() - start.ln());
            // (A subnormal v keeps fewer digits: one unit in its last place.)
            let tol = 1e-12 * (start.ln().abs() + end.ln().abs()).max(1.0) + 2.0 * 5e-324 / v;
            prop_assert!((v.ln() - x).abs() <= tol, "{}: ln {} vs {}", call, v, x);
        }
    }

    #[test]
    fn share_errs_exactly_where_its_preconditions_fail(part in any_f64(), whole in any_f64()) {
        let call = format!("share({part:e}, {whole:e})");
        let mut pre = positive_base_pre(whole, "whole positive");
        pre.extend(non_negative_pre(part, "part not negative"));
        pre.push((part > whole && !nf(part) && !nf(whole), V::PartExceedsWhole, "part ≤ whole"));
        let got = judge(&call, share(part, whole), &pre, || Overflow::No)?;
        if let Some(s) = got {
            prop_assert!((0.0..=1.0).contains(&s), "{}", call);
            // share × whole == part, and the part implied by the whole and share is the
            // part (where the share is a normal number: a subnormal keeps few digits).
            if s >= f64::MIN_POSITIVE {
                prop_assert!(close(s * whole, part, 4.0 * f64::EPSILON, 0.0), "{}", call);
                let p = implied_part(whole, s).expect("whole ≥ 0, share a fraction");
                prop_assert!(close(p, part, 4.0 * f64::EPSILON, 0.0), "{}: implied part {}", call, p);
            } else {
                prop_assert!(part <= whole * 2.0 * f64::MIN_POSITIVE, "{}: {} underflows", call, part / whole);
            }
        }
    }

    #[test]
    fn shares_of_total_err_exactly_where_their_preconditions_fail(
        parts in prop::collection::vec(prop_oneof![3 => any_f64(), 2 => 0.0f64..1e6, 1 => Just(0.0)], 0..8)
    ) {
        let call = format!("shares_of_total({parts:?})");
        let mut pre: Vec<Pre> = vec![(parts.is_empty(), V::TooFewPoints, "at least one part")];
        for &p in &parts {
            pre.extend(non_negative_pre(p, "every part finite and not negative"));
        }
        let valid = parts.iter().all(|p| p.is_finite() && *p >= 0.0);
        pre.push((valid && !parts.is_empty() && parts.iter().all(|&p| p == 0.0), V::ZeroBase, "total positive"));
        let got = shares_of_total(&parts);
        if let Ok(s) = &got {
            prop_assert!(s.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)), "{}: {:?}", call, s);
            prop_assert_eq!(s.len(), parts.len());
            prop_assert!(close(s.iter().sum(), 1.0, 1e-12 * parts.len() as f64, 1.0), "{}: {:?}", call, s);
        }
        let one = got.map(|s| s.first().copied().unwrap_or(0.0));
        judge(&call, one, &pre, || exceeds(parts.iter().map(|p| p / 2.0).sum(), f64::MAX / 2.0))?;
    }

    #[test]
    fn implied_whole_errs_exactly_where_its_preconditions_fail(part in any_f64(), s in any_fraction()) {
        let call = format!("implied_whole({part:e}, {s:e})");
        let mut pre = non_negative_pre(part, "part not negative");
        pre.extend(fraction_pre(s, "share a fraction"));
        pre.push((s == 0.0, V::ZeroBase, "share non-zero"));
        let got = judge(&call, implied_whole(part, s), &pre, || exceeds(part, f64::MAX * s))?;
        if let Some(w) = got {
            prop_assert!(w >= part, "{}", call);
            // implied_part(implied_whole(p, s), s) == p (a subnormal part keeps few digits).
            let p = implied_part(w, s).expect("whole ≥ 0, share a fraction");
            prop_assert!(close(p, part, 4.0 * f64::EPSILON, f64::MIN_POSITIVE), "{}: back to {}", call, p);
            // And the part is that share of the whole.
            if part >= f64::MIN_POSITIVE {
                let back = share(part, w).expect("part ≤ whole");
                prop_assert!(close(back, s, 4.0 * f64::EPSILON, 1e-300), "{}: share {}", call, back);
            }
        }
    }

    #[test]
    fn implied_part_errs_exactly_where_its_preconditions_fail(whole in any_f64(), s in any_fraction()) {
        let call = format!("implied_part({whole:e}, {s:e})");
        let mut pre = non_negative_pre(whole, "whole not negative");
        pre.extend(fraction_pre(s, "share a fraction"));
        let got = judge(&call, implied_part(whole, s), &pre, || Overflow::No)?;
        if let Some(p) = got {
            prop_assert!(0.0 <= p && p <= whole, "{}", call);
            if p >= f64::MIN_POSITIVE {
                let w = implied_whole(p, s).expect("p ≤ whole");
                prop_assert!(close(w, whole, 4.0 * f64::EPSILON, 1e-300), "{}: back to {}", call, w);
            }
        }
    }

    #[test]
    fn share_change_errs_exactly_where_its_preconditions_fail(a in any_fraction(), b in any_fraction(), c in any_fraction()) {
        let call = format!("share_change({a:e}, {b:e})");
        let mut pre = fraction_pre(a, "earlier share a fraction");
        pre.extend(fraction_pre(b, "later share a fraction"));
        let got = judge(&call, share_change(a, b), &pre, || Overflow::No)?;
        if let Some(d) = got {
            // Antisymmetric, exactly; and changes chain.
            prop_assert_eq!(share_change(b, a).ok(), Some(-d), "{}", call);
            prop_assert!((-1.0..=1.0).contains(&d), "{}", call);
            if let (Ok(bc), Ok(ac)) = (share_change(b, c), share_change(a, c)) {
                prop_assert!((d + bc - ac).abs() <= 4.0 * f64::EPSILON, "{}: chain through {}", call, c);
            }
        }
    }

    #[test]
    fn contribution_to_growth_errs_exactly_where_its_preconditions_fail(
        p0 in any_f64(), p1 in any_f64(), w0 in any_f64()
    ) {
        let call = format!("contribution_to_growth({p0:e}, {p1:e}, {w0:e})");
        let mut pre = positive_base_pre(w0, "whole at the start positive");
        pre.extend(non_negative_pre(p0, "part at the start not negative"));
        pre.extend(non_negative_pre(p1, "part at the end not negative"));
        pre.push((p0 > w0 && !nf(p0) && !nf(w0), V::PartExceedsWhole, "part ≤ whole at the start"));
        let got = judge(&call, contribution_to_growth(p0, p1, w0), &pre, || exceeds((p1 - p0).abs(), f64::MAX * w0))?;
        if let Some(c) = got {
            prop_assert!(c >= -1.0, "{}: a part cannot take away more than its whole", call);
            if c.abs() >= f64::MIN_POSITIVE {
                prop_assert!(close(c * w0, p1 - p0, 4.0 * f64::EPSILON, 0.0), "{}", call);
            } else {
                prop_assert!((p1 - p0).abs() <= w0 * 2.0 * f64::MIN_POSITIVE, "{}: {} underflows", call, c);
            }
            // With the rest of the whole unchanged, the contribution is the whole's growth.
            let w1 = w0 - p0 + p1;
            if let Ok(r) = relative_change(w0, w1) {
                prop_assert!((c - r).abs() <= 4.0 * f64::EPSILON * (1.0 + c.abs() + p1 / w0), "{}: growth of the whole {}", call, r);
            }
        }
    }
}
