//! Number parsing: the exact fast path for plain decimals and the full,
//! positioned check.

use crate::LoadError;
use crate::error::Error;

use crate::vocab::error::Location;

/// Parses the common shape of a value, `-?digits(.digits)?` with at most
/// 15 significant digits, exactly: the digits form an integer below 2^53
/// and the divisor a power of ten up to 10^22, both exact in an `f64`, so
/// one IEEE division rounds correctly and the result equals `str::parse`'s
/// (Clinger's fast path). Anything else (exponents, more digits, a sign
/// `+`, errors) returns `None` and goes to [`parse_value`].
pub(super) fn fast_decimal(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];
    let (neg, digits) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    let mut mantissa: u64 = 0;
    let mut count = 0usize;
    let mut frac: Option<usize> = None;
    for (i, &c) in digits.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(c - b'0');
                count += 1;
                if count > 15 {
                    return None;
                }
            }
            b'.' if frac.is_none() => frac = Some(digits.len() - i - 1),
            _ => return None,
        }
    }
    if count == 0 {
        return None;
    }
    let v = mantissa as f64 / *POW10.get(frac.unwrap_or(0))?;
    Some(if neg { -v } else { v })
}

/// Parses a finite plain decimal number; `at` gives the position errors
/// carry. Any reader (CSV or another format) can call it on a field's bytes.
pub(crate) fn parse_value(b: &[u8], at: impl Fn() -> Location) -> Result<f64, Error> {
    if b.is_empty() {
        return Err(Error::Load(LoadError::EmptyField { at: at() }));
    }
    // Only digits, one sign, a point and an exponent: `str::parse` also
    // accepts "inf", "NaN" and "infinity", which are told apart below.
    let plain = b.iter().all(|c| matches!(c, b'0'..=b'9' | b'.' | b'-' | b'+' | b'e' | b'E'));
    let text = || String::from_utf8_lossy(b).into_owned();
    if !plain {
        let t = text();
        let lower = t.trim().to_ascii_lowercase();
        let lower = lower.trim_start_matches(['+', '-']);
        return Err(if matches!(lower, "inf" | "infinity" | "nan") {
            Error::Load(LoadError::NonFiniteNumber { at: at(), text: t })
        } else {
            Error::Load(LoadError::MalformedNumber { at: at(), text: t })
        });
    }
    // `plain` guarantees ASCII, hence valid UTF-8.
    let s = std::str::from_utf8(b).map_err(|_| Error::Load(LoadError::MalformedNumber { at: at(), text: text() }))?;
    let v: f64 = s.parse().map_err(|_| Error::Load(LoadError::MalformedNumber { at: at(), text: text() }))?;
    if v.is_finite() { Ok(v) } else { Err(Error::Load(LoadError::NonFiniteNumber { at: at(), text: text() })) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The fast path agrees bit for bit with `str::parse` wherever it
    /// answers, and never accepts what `str::parse` refuses.
    fn agrees(s: &str) {
        if let Some(v) = fast_decimal(s.as_bytes()) {
            let r: f64 = s.parse().unwrap_or_else(|e| panic!("{s:?} accepted by the fast path only: {e}"));
            assert_eq!(v.to_bits(), r.to_bits(), "{s:?}");
        }
    }

    #[test]
    fn fast_decimal_matches_std_on_edge_cases() {
        for s in [
            "0",
            "-0",
            "0.0",
            "5.",
            ".5",
            "-.5",
            ".",
            "-",
            "",
            "1.2.3",
            "--1",
            "+1",
            "1e5",
            "123456789012345",
            "1234567890123456",
            "0.1",
            "0.3",
            "2.675",
            "9007199254740993",
            "0.000000000000001",
            "317.2",
            "183.6",
            "-13.086",
            "999999999999999",
            "0.0000000000000000000001",
        ] {
            agrees(s);
        }
        assert_eq!(fast_decimal(b"317.2"), Some(317.2));
        assert_eq!(fast_decimal(b"-13.086"), Some(-13.086));
        assert_eq!(fast_decimal(b"1e5"), None);
    }

    proptest! {
        #[test]
        fn fast_decimal_matches_std(s in "-?[0-9]{0,17}(\\.[0-9]{0,12})?") {
            agrees(&s);
        }

        #[test]
        fn fast_decimal_matches_std_on_any_short_text(s in "[-+.0-9e]{0,8}") {
            agrees(&s);
        }
    }
}
