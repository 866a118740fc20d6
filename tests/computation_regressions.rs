//! Bugs the computation property tests (tests/computation_preconditions.rs,
//! tests/computation_series.rs) found, each pinned by a case worked out by
//! hand and checked with python3 (`math.exp`, `math.log`, `math.expm1`,
//! `math.log1p`); none was copied from this crate's output.

use biopharma_stats::{Error, annualise, cagr};

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
    assert!(matches!(annualise(1.485804467866663e-308, 2.4164e-319), Err(Error::NonFiniteInput { .. })));
    Ok(())
}
