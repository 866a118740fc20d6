//! Bugs the computation property tests (tests/computation_preconditions.rs,
//! tests/computation_series.rs) found, each pinned by a case worked out by
//! hand and checked with python3 (`math.exp`, `math.log`, `math.expm1`,
//! `math.log1p`); none was copied from this crate's output.

use biopharma_stats::{
    Allow, Base, Dataset, Error, Figure, Interpolation, NumError, Period, Series, Value, annualise, cagr, interpolate,
    reconcile, shares_of_total,
};
use biopharma_stats::{ComputeError, ParseError};

fn close(actual: f64, expected: f64, tol: f64) {
    assert!((actual - expected).abs() <= tol * expected.abs().max(1.0), "{actual} is not {expected}");
}

// The ratio 1e-300 / 1e300 = 1e-600 underflows to 0 in f64, and 0^(1/100) − 1
// made the CAGR −100 %, a total loss, for an end value that is positive.
// (1e-600)^(1/100) = 1e-6, so the CAGR is 1e-6 − 1 = −0.999999
// (python3: math.exp((math.log(1e-300) - math.log(1e300)) / 100) - 1 = -0.999999).
#[test]
fn a_cagr_whose_ratio_underflows_is_not_minus_100_percent() -> Result<(), Error> {
    let r = cagr(1e300, 1e-300, 100.0)?;
    close(r, -0.999999, 1e-12);
    assert!(r > -1.0);
    Ok(())
}

// The ratio 1e300 / 1e-300 = 1e600 overflows to inf, and the CAGR was
// refused as an overflow, though (1e600)^(1/100) − 1 = 1e6 − 1 = 999 999
// (python3: 999998.9999999995).
#[test]
fn a_cagr_whose_ratio_overflows_is_computed_when_the_rate_is_representable() -> Result<(), Error> {
    close(cagr(1e-300, 1e300, 100.0)?, 999_999.0, 1e-12);
    Ok(())
}

// 1 + 1e-300 rounds to 1, and 1 / 1e-300 years is 1e300, so the rate was
// 1^1e300 − 1 = 0; the true rate is exp(ln(1 + 1e-300) / 1e-300) − 1 =
// e − 1 = 1.718281828459045 (python3: math.expm1(math.log1p(1e-300) / 1e-300)).
// And a change too large to annualise over a tiny span was 0, not an overflow.
#[test]
fn annualising_a_tiny_change_over_a_tiny_span_keeps_the_change() -> Result<(), Error> {
    close(annualise(1e-300, 1e-300)?, std::f64::consts::E - 1.0, 1e-12);
    assert!(matches!(
        annualise(1.485804467866663e-308, 2.4164e-319),
        Err(NumError::Overflow { computation: "annualised rate", .. })
    ));
    Ok(())
}

// Halfway between 1e300 and 1e-300 at a constant rate is
// exp((ln 1e300 + ln 1e-300) / 2) = exp(0) = 1. The ratio 1e-600 underflowed
// to 0 and gave 0; the ratio the other way overflowed and was refused.
#[test]
fn geometric_interpolation_between_extreme_anchors() -> Result<(), Error> {
    close(interpolate(Interpolation::Geometric, 1e300, 1e-300, 0.5)?, 1.0, 1e-12);
    close(interpolate(Interpolation::Geometric, 1e-300, 1e300, 0.5)?, 1.0, 1e-12);
    // Within a series: 2000 → 2004 from 1e300 to 1e-300 falls by a factor of
    // 1e150 a year: 1e150 in 2001, 1 in 2002, 1e-150 in 2003.
    let m = Dataset::embedded().metric("biomedicine_market_size").expect("metric").clone();
    let s = Series::from_years(m, "testland", &[(2000, 1e300), (2004, 1e-300)])?;
    let filled = s.interpolate(Interpolation::Geometric)?;
    let at = |y| filled.year(y).map(|p| p.value.value).expect("filled");
    assert!((at(2001) / 1e150 - 1.0).abs() < 1e-12, "{}", at(2001));
    close(at(2002), 1.0, 1e-12);
    assert!((at(2003) / 1e-150 - 1.0).abs() < 1e-12, "{}", at(2003));
    Ok(())
}

// start + (end − start) × 1 lost end's digits when end is much smaller than
// start: 1.0490258466946988e127 to 2.3554613230280143e120 at t = 1 gave
// 2.3554613227871124e120, below both anchors. The end anchor is now the end
// anchor, and no point lies outside its anchors.
#[test]
fn linear_interpolation_ends_on_its_anchors_and_stays_between_them() -> Result<(), Error> {
    let (a, b) = (1.0490258466946988e127, 2.3554613230280143e120);
    assert_eq!(interpolate(Interpolation::Linear, a, b, 1.0)?, b);
    assert_eq!(interpolate(Interpolation::Linear, a, b, 0.0)?, a);
    let near_end = interpolate(Interpolation::Linear, a, b, 1.0 - f64::EPSILON / 2.0)?;
    assert!(b <= near_end && near_end <= a, "{near_end}");
    Ok(())
}

// end − start overflows for anchors −MAX and MAX, and the point was refused
// as an overflow; every point between two finite anchors is finite: −MAX at
// 0, 0 halfway, MAX at 1.
#[test]
fn linear_interpolation_between_the_extremes_of_f64() -> Result<(), Error> {
    assert_eq!(interpolate(Interpolation::Linear, f64::MIN, f64::MAX, 0.0)?, f64::MIN);
    assert_eq!(interpolate(Interpolation::Linear, f64::MIN, f64::MAX, 0.5)?, 0.0);
    assert_eq!(interpolate(Interpolation::Linear, f64::MIN, f64::MAX, 1.0)?, f64::MAX);
    Ok(())
}

// Two finite parts whose total overflows were refused as "non-finite number
// in the total of the parts", which blames the input; it is the result that
// overflows.
#[test]
fn shares_whose_total_overflows_say_so() {
    match shares_of_total(&[f64::MAX, f64::MAX]) {
        Err(e @ NumError::Overflow { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("the result of shares of a total") && msg.contains("overflows"), "{msg}");
        }
        other => panic!("expected Overflow, got {other:?}"),
    }
}

/// Innovative device approvals (flows) and their cumulative count (stock),
/// for reconciliation, with points made by hand.
fn device_series(flows: &[(i32, f64)], stocks: &[(i32, f64)]) -> (Series, Series) {
    let ds = Dataset::embedded();
    let f = ds.metric("innovative_device_approvals").expect("metric").clone();
    let s = ds.metric("innovative_device_approvals_cumul").expect("metric").clone();
    (
        Series::from_years(f, "testland", flows).expect("valid"),
        Series::from_years(s, "testland", stocks).expect("valid"),
    )
}

// A lone stock in year i32::MAX under Base::PreviousStock overflowed
// `year + 1` (a panic in debug builds); Base::ZeroBefore(i32::MIN) walked
// through four billion years collecting each as a missing flow. Both are
// years the loader refuses, and reconcile now refuses them too.
#[test]
fn reconcile_refuses_years_outside_four_digits_without_panicking() {
    let (flows, stocks) = device_series(&[(2020, 1.0)], &[(i32::MAX, 1.0)]);
    assert!(matches!(reconcile(&flows, &stocks, Base::PreviousStock), Err(Error::Parse(ParseError::BadPeriod { .. }))));
    let (flows, stocks) = device_series(&[(2020, 1.0)], &[(2020, 1.0)]);
    match reconcile(&flows, &stocks, Base::ZeroBefore(i32::MIN)) {
        Err(e @ Error::Parse(ParseError::BadPeriod { .. })) => {
            assert!(e.to_string().contains(&i32::MIN.to_string()), "{e}")
        }
        other => panic!("expected BadPeriod, got {other:?}"),
    }
    assert!(reconcile(&flows, &stocks, Base::ZeroBefore(2020)).is_ok());
}

// Flows of f64::MAX in 2020 and 2021 imply a stock of MAX + MAX, which is
// inf in f64; the report said "implied inf, DIFFERS by -inf" inside an Ok.
#[test]
fn reconcile_refuses_an_implied_stock_that_overflows() {
    let (flows, stocks) = device_series(&[(2020, f64::MAX), (2021, f64::MAX)], &[(2021, 1.0)]);
    match reconcile(&flows, &stocks, Base::ZeroBefore(2020)) {
        Err(e @ Error::Compute(ComputeError::NonFiniteInput { .. })) => {
            let msg = e.to_string();
            assert!(msg.contains("innovative_device_approvals_cumul / testland in 2021"), "{msg}");
        }
        other => panic!("expected NonFiniteInput, got {other:?}"),
    }
}

// An overflow inside a series computation said only "non-finite number in
// the result of relative change", naming neither the series nor the years.
// 1e300 / 5e-324 overflows f64; the message now names both figures.
#[test]
fn an_overflow_names_the_figures_it_came_from() {
    let m = Dataset::embedded().metric("biomedicine_market_size").expect("metric").clone();
    let s = Series::from_years(m, "testland", &[(2000, 5e-324), (2001, 1e300)]).expect("valid");
    for r in [s.relative_change(2000, 2001), s.index_to(2000).map(|mut v| v.remove(1))] {
        match r {
            Err(e @ Error::Compute(ComputeError::NonFiniteInput { .. })) => {
                let msg = e.to_string();
                assert!(msg.contains("biomedicine_market_size / testland in 2000"), "{msg}");
                assert!(msg.contains("biomedicine_market_size / testland in 2001"), "{msg}");
            }
            other => panic!("expected NonFiniteInput, got {other:?}"),
        }
    }
}

// Figures whose values are all zero have no shares; the error said "the
// base, the total of the parts, is zero" without naming the figures. It
// now names the metric and the period.
#[test]
fn shares_of_a_zero_total_name_the_figures() {
    let m = Dataset::embedded().metric("class3_innovative_device_approvals").expect("metric").clone();
    let fig = |e: &str| Figure::new(m.clone(), e, Period::Year(2023), Value::exact(0.0)).expect("finite");
    match Figure::shares_of_total(&[fig("shanghai"), fig("jiangsu")], &Allow::none()) {
        Err(e @ Error::Compute(ComputeError::ZeroBase { .. })) => {
            let msg = e.to_string();
            assert!(msg.contains("class3_innovative_device_approvals in 2023"), "{msg}");
        }
        other => panic!("expected ZeroBase, got {other:?}"),
    }
}
