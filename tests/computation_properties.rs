//! Properties of the growth and share computations that must hold for any
//! input: CAGR compounds back to the end value, interpolation passes
//! through its anchors, shares of a total sum to 1, an index is 100 at its
//! base, and stock ↔ flow conversions are inverses.

use biopharma_stats::{
    Allow, Dataset, Figure, Interpolation, Metric, Period, Series, Value, annualise, cagr, contribution_to_growth,
    relative_change, shares_of_total,
};
use proptest::prelude::*;

fn metric(id: &str) -> Metric {
    Dataset::embedded().metric(id).expect("metric in the data").clone()
}

fn series_of(id: &str, pts: &[(i32, f64)]) -> Series {
    Series::from_years(metric(id), "testland", pts).expect("valid test series")
}

fn rel_close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

/// Points at increasing years (gaps of 1 to 4 years from 2000) with positive values.
fn gappy_points() -> impl Strategy<Value = Vec<(i32, f64)>> {
    prop::collection::vec((1i32..5, 0.01f64..1e6), 2..8).prop_map(|steps| {
        let mut year = 2000;
        steps
            .into_iter()
            .map(|(gap, v)| {
                year += gap;
                (year, v)
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn cagr_compounds_back_to_the_end_value(start in 1e-3f64..1e6, end in 1e-3f64..1e6, years in 0.1f64..50.0) {
        // Where the yearly factor 1 + r is below 0.001 (a fall of more than 99.9 % a year, say
        // 700 000 → 0.001 in a tenth of a year), r rounds to −1 in f64 and the end value cannot be
        // recovered from r; that is the float representation, not the formula.
        prop_assume!((end / start).powf(years.recip()) >= 1e-3);
        let r = cagr(start, end, years).expect("positive inputs");
        prop_assert!(rel_close(start * (1.0 + r).powf(years), end, 1e-9));
        // Annualising the total change gives the same rate.
        let total = relative_change(start, end).expect("positive inputs");
        prop_assert!(rel_close(annualise(total, years).expect("total > -1"), r, 1e-9));
    }

    #[test]
    fn interpolation_passes_through_its_anchors(pts in gappy_points()) {
        let s = series_of("biomedicine_market_size", &pts);
        for method in [Interpolation::Linear, Interpolation::Geometric] {
            let filled = s.interpolate(method).expect("positive anchors");
            let (first, last) = (pts[0].0, pts[pts.len() - 1].0);
            prop_assert_eq!(filled.len() as i32, last - first + 1);
            for original in s.points() {
                prop_assert_eq!(filled.get(original.period), Some(original));
            }
            for w in pts.windows(2) {
                let (lo, hi) = (w[0].1.min(w[1].1), w[0].1.max(w[1].1));
                for y in w[0].0 + 1..w[1].0 {
                    let p = filled.year(y).expect("every year filled");
                    prop_assert!(p.is_derived());
                    prop_assert!(p.value.value >= lo * (1.0 - 1e-12) && p.value.value <= hi * (1.0 + 1e-12));
                }
            }
        }
    }

    #[test]
    fn shares_of_a_total_sum_to_one(parts in prop::collection::vec(0.0f64..1e6, 1..30)) {
        prop_assume!(parts.iter().sum::<f64>() > 0.0);
        let shares = shares_of_total(&parts).expect("non-negative parts, positive total");
        prop_assert!(rel_close(shares.iter().sum(), 1.0, 1e-9));
        let m = metric("class3_innovative_device_approvals");
        let figures: Vec<Figure> = parts
            .iter()
            .enumerate()
            .map(|(i, &v)| Figure::new(m.clone(), format!("region{i}"), Period::Year(2023), Value::exact(v)))
            .collect::<Result<_, _>>()
            .expect("finite");
        let computed = Figure::shares_of_total(&figures, &Allow::none()).expect("same metric and period");
        prop_assert!(rel_close(computed.iter().map(|c| c.value()).sum(), 1.0, 1e-9));
    }

    #[test]
    fn index_is_100_at_its_base(pts in gappy_points(), pick in any::<prop::sample::Index>()) {
        let s = series_of("biomedicine_market_size", &pts);
        let base = pick.get(&pts);
        let ix = s.index_to(base.0).expect("positive values");
        prop_assert_eq!(ix.len(), pts.len());
        for (c, &(y, v)) in ix.iter().zip(&pts) {
            prop_assert_eq!(c.period(), Some(Period::Year(y)));
            if y == base.0 {
                prop_assert_eq!(c.value(), 100.0);
            } else {
                prop_assert!(rel_close(c.value(), v / base.1 * 100.0, 1e-12));
            }
        }
    }

    #[test]
    fn stock_to_flow_to_stock(start in 0u32..1000, steps in prop::collection::vec(0u32..100, 1..12)) {
        let mut stocks = vec![(2000, f64::from(start))];
        for (i, d) in steps.iter().enumerate() {
            stocks.push((2001 + i as i32, stocks[i].1 + f64::from(*d)));
        }
        let s = series_of("domestic_innovative_drug_approvals_cumul", &stocks);
        let flows = s.flows(&metric("domestic_innovative_drug_approvals")).expect("stocks to flows");
        let base = s.figure_of(&s.points()[0]);
        let back = flows.cumulate(&base, &Allow::none()).expect("flows to stocks");
        let values = |x: &Series| x.points().iter().map(|p| (p.period, p.value.value)).collect::<Vec<_>>();
        prop_assert_eq!(values(&back), values(&s));
    }

    #[test]
    fn flow_to_stock_to_flow(base in 0u32..1000, flows in prop::collection::vec(0u32..100, 1..12)) {
        let pts: Vec<(i32, f64)> = flows.iter().enumerate().map(|(i, &f)| (2001 + i as i32, f64::from(f))).collect();
        let f = series_of("domestic_innovative_drug_approvals", &pts);
        let stock_metric = metric("domestic_innovative_drug_approvals_cumul");
        let b = Figure::new(stock_metric, "testland", Period::Year(2000), Value::exact(f64::from(base))).expect("finite");
        let stocks = f.cumulate(&b, &Allow::none()).expect("flows to stocks");
        let back = stocks.flows(f.metric()).expect("stocks to flows");
        let values = |x: &Series| x.points().iter().map(|p| (p.period, p.value.value)).collect::<Vec<_>>();
        prop_assert_eq!(values(&back), values(&f));
    }

    #[test]
    fn contributions_add_up_to_the_growth_of_the_whole(
        parts in prop::collection::vec((0.01f64..1e4, 0.01f64..1e4), 1..10)
    ) {
        let w0: f64 = parts.iter().map(|p| p.0).sum();
        let w1: f64 = parts.iter().map(|p| p.1).sum();
        let total: f64 = parts.iter().map(|&(a, b)| contribution_to_growth(a, b, w0).expect("valid")).sum();
        prop_assert!((total - relative_change(w0, w1).expect("positive")).abs() < 1e-9);
    }
}
