//! Bulk ≡ Series: `Dataset::bulk` and the single-series API call one numeric
//! core, so on any series they give bit-identical numbers where both give
//! one, and refuse the same inputs (issue #12).
//!
//! Random series: positive values spread from 1e-300 to 1e300, zeros,
//! negatives and ordinary numbers, with gaps of years, of a flow (money,
//! which may be negative) or of a share (no growth rate at all). Each series
//! is loaded from CSV, then every one-year change and the first-to-last CAGR
//! are compared: `Series::relative_change` / `Series::cagr` against the
//! bulk number and its status.

use biopharma_stats::{ComputeError, Dataset, Error, PointStatus};
use proptest::prelude::*;

const SOURCES: &str = "id,publisher,title,author,published,url,note\na,A,Report A,,2024,,\n";

/// What bulk must say where the series API refuses with `e`.
fn status_of(e: &Error) -> PointStatus {
    match e {
        Error::Compute(ComputeError::ZeroBase { .. }) => PointStatus::ZeroBase,
        Error::Compute(ComputeError::NegativeBase { .. }) => PointStatus::NegativeBase,
        Error::Compute(ComputeError::SignChange { .. }) => PointStatus::SignChange,
        Error::Compute(ComputeError::NonFiniteInput { .. }) => PointStatus::NonFinite,
        Error::Compute(ComputeError::KindNotSupported { .. }) => PointStatus::KindNotSupported,
        other => panic!("the series API refused with an error bulk has no status for: {other:?}"),
    }
}

fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => (-300.0f64..300.0).prop_map(|e| 10f64.powf(e)),
        1 => Just(0.0),
        1 => -1e6f64..-1e-6,
        2 => (1u32..1000).prop_map(f64::from),
        1 => prop::sample::select(&[1e300, 1e-300, 5e-324, f64::MAX, f64::MIN_POSITIVE][..]),
    ]
}

/// Years in increasing order with gaps of 1 to 3, and a value each.
fn series() -> impl Strategy<Value = Vec<(i32, f64)>> {
    prop::collection::vec((1i32..=3, value()), 1..10).prop_map(|steps| {
        let mut year = 1990;
        steps
            .into_iter()
            .map(|(step, v)| {
                year += step;
                (year, v)
            })
            .collect()
    })
}

fn load(kind: &str, unit: &str, points: &[(i32, f64)]) -> Dataset {
    let metrics = format!("id,name,description,unit,kind,definition\nm,M,,{unit},{kind},Something\n");
    let mut obs = String::from("metric,entity,period,value,qualifier,unit,status,source,quote,note\n");
    for (y, v) in points {
        // `{:?}` writes the shortest text that reads back as the same f64.
        obs.push_str(&format!("m,x,{y},{v:?},exact,{unit},reported,a,,\n"));
    }
    Dataset::from_readers(obs.as_bytes(), metrics.as_bytes(), SOURCES.as_bytes()).expect("generated files load")
}

fn compare(kind: &str, unit: &str, points: &[(i32, f64)]) -> Result<(), TestCaseError> {
    let ds = load(kind, unit, points);
    let bulk = ds.bulk();
    let b = bulk.find("m", "x").expect("the series is in bulk");
    let s = ds.series("m", "x").expect("the series loads");
    for (i, w) in points.windows(2).enumerate() {
        let ((y0, _), (y1, _)) = (w[0], w[1]);
        let (got, status) = (b.pct_change()[i + 1], b.pct_status()[i + 1]);
        if y1 - y0 > 1 && kind == "flow" {
            prop_assert_eq!(status, PointStatus::Gap, "{} → {}", y0, y1);
            continue;
        }
        match s.relative_change(y0, y1) {
            Ok(c) => {
                prop_assert_eq!(status, PointStatus::Ok, "{} → {}", y0, y1);
                prop_assert_eq!(
                    got.to_bits(),
                    c.value().to_bits(),
                    "{} → {}: bulk {} vs series {}",
                    y0,
                    y1,
                    got,
                    c.value()
                );
            }
            Err(e) if y1 - y0 > 1 => {
                // A share has no growth rate over any gap either.
                prop_assert_eq!(status, PointStatus::KindNotSupported, "{}", e);
            }
            Err(e) => {
                prop_assert_eq!(status, status_of(&e), "{}", e);
                prop_assert!(got.is_nan());
            }
        }
    }
    let (first, last) = (points[0].0, points[points.len() - 1].0);
    if first == last {
        prop_assert_eq!(b.cagr_status(), PointStatus::SinglePoint);
        return Ok(());
    }
    match s.cagr(first, last) {
        Ok(c) => {
            prop_assert_eq!(b.cagr_status(), PointStatus::Ok);
            prop_assert_eq!(b.cagr().to_bits(), c.value().to_bits(), "bulk {} vs series {}", b.cagr(), c.value());
        }
        Err(e) => {
            prop_assert_eq!(b.cagr_status(), status_of(&e), "{}", e);
            prop_assert!(b.cagr().is_nan());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn bulk_and_series_agree_on_flows(points in series()) {
        compare("flow", "cny_bn", &points)?;
    }

    #[test]
    fn bulk_and_series_refuse_shares_alike(points in series()) {
        // Shares in percent stay within 0–100.
        let points: Vec<(i32, f64)> = points.into_iter().map(|(y, v)| (y, v.abs() % 100.0)).collect();
        compare("share", "percent", &points)?;
    }
}

/// The case that told the two apart before the core: 1e300 → 1e-300 over a
/// century. The ratio 1e-600 underflows to 0, so bulk's naive
/// `(last / first)^(1/n) − 1` gave −100 %; in logs the rate is
/// 10^(−600/100) − 1 = 1e-6 − 1 = −0.999999.
#[test]
fn an_underflowing_ratio_gives_one_rate_on_both_paths() {
    let ds = load("flow", "cny_bn", &[(2000, 1e300), (2100, 1e-300)]);
    let bulk = ds.bulk();
    let b = bulk.find("m", "x").expect("in bulk");
    let c = ds.series("m", "x").expect("loads").cagr(2000, 2100).expect("a rate");
    assert_eq!(b.cagr_status(), PointStatus::Ok);
    assert_eq!(b.cagr().to_bits(), c.value().to_bits());
    assert!((c.value() - (-0.999_999)).abs() < 1e-12, "{}", c.value());
    // 1e-300 → 1e300 over 100 years: the ratio 1e600 overflows f64 (bulk
    // said NonFinite), the rate 10^(600/100) − 1 = 999 999 does not.
    let ds = load("flow", "cny_bn", &[(2000, 1e-300), (2100, 1e300)]);
    let bulk = ds.bulk();
    let b = bulk.find("m", "x").expect("in bulk");
    assert_eq!(b.cagr_status(), PointStatus::Ok);
    assert!((b.cagr() - 999_999.0).abs() < 1e-6 * 999_999.0, "{}", b.cagr());
}
