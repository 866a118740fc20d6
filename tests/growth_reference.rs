//! Growth computations against reference values worked out by hand.
//!
//! Every reference number below was worked out by hand from the formula,
//! with the arithmetic in the comment, and then checked independently with
//! python3 (plain float arithmetic and `math.log`), which gave the digits
//! written in the constants. None was copied from this crate's output.

use biopharma_stats::{
    Allow, Between, Bound, ChangeKind, Dataset, Derivation, Error, Figure, Gaps, Interpolation, Origin, Period, Point,
    Qualifier, ResultUnit, Series, Status, Value, annualise, cagr, doubling_time, format_percent,
};
use biopharma_stats::{ComputeError, QueryError};

/// Absolute tolerance for the hand values (given to 10 significant digits).
const TOL: f64 = 1e-9;

fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() <= TOL * expected.abs().max(1.0), "{actual} is not {expected}");
}

fn market() -> Series {
    Dataset::embedded().series("biomedicine_market_size", "china").expect("the market size series is in the data")
}

/// A series of `metric` for a made-up entity, from (year, value, qualifier, status).
fn made(metric: &str, pts: &[(i32, f64, Qualifier, Status)]) -> Series {
    let m = Dataset::embedded().metric(metric).expect("metric exists").clone();
    let points = pts
        .iter()
        .map(|&(y, v, q, status)| {
            Point::new(Period::Year(y), Value::new(v, q), status, Origin::Reported { sources: vec![] })
        })
        .collect();
    Series::new(m, "testland", points, vec![]).expect("valid test series")
}

/// The snippet from the issue, verbatim.
#[test]
fn issue_snippet_compiles_and_works() -> Result<(), biopharma_stats::Error> {
    let ds = biopharma_stats::Dataset::embedded();
    let s = ds.series("biomedicine_market_size", "china")?;
    let g = s.cagr(2016, 2019)?; // Result<_, Error>
    let rate: f64 = g.value(); // 0.19992… (a fraction)
    println!("{}", g.explain()); // formula, inputs, sources
    assert!((rate - 0.19992).abs() < 1e-5);
    Ok(())
}

// CAGR 2016→2019 = (317.2 / 183.6)^(1/3) − 1.
// 317.2 / 183.6: 183.6 × 1.7 = 312.12, remainder 5.08, 5.08 / 183.6 = 0.0276688…,
// so the ratio is 1.7276688. 1.2³ = 1.728, and d(x³)/dx at 1.2 is 3 × 1.44 = 4.32,
// so the cube root is 1.2 − (1.728 − 1.7276688) / 4.32 = 1.2 − 0.0000767 = 1.1999233.
// CAGR = 0.1999233 (python3: 0.1999233389257966).
const CAGR_2016_2019: f64 = 0.1999233389;

#[test]
fn cagr_of_market_size() -> Result<(), Error> {
    let s = market();
    let g = s.cagr(2016, 2019)?;
    close(g.value(), CAGR_2016_2019);
    assert_eq!(g.unit(), ResultUnit::Fraction);
    assert_eq!(g.bound(), Bound::Point);
    assert!(!g.is_approx());
    assert_eq!(g.qualifier(), Qualifier::Exact);
    assert_eq!(format_percent(g.value()), "19.99 %");
    assert_eq!(g.formatted(), "19.99 %");
    assert_eq!(g.to_string(), "CAGR 2016→2019 = (317.2 / 183.6)^(1/3) − 1 = 19.99 %");
    // The explanation: formula, then each input with its citation.
    let text = g.explain();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("CAGR 2016→2019 = (317.2 / 183.6)^(1/3) − 1 = 19.99 %"));
    for (line, point) in lines.zip(s.points()) {
        assert!(line.contains(&point.period.to_string()), "{line}");
        assert!(line.contains(&s.cite(point)), "{line} lacks the citation {}", s.cite(point));
    }
    // The inputs carry periods, values and sources.
    let inputs = g.inputs();
    assert_eq!(inputs.len(), 2);
    assert_eq!((inputs[0].period, inputs[0].value.value), (Period::Year(2016), 183.6));
    assert_eq!((inputs[1].period, inputs[1].value.value), (Period::Year(2019), 317.2));
    assert!(inputs.iter().all(|f| !f.sources.is_empty()));
    // The free function, with the same numbers, agrees.
    close(cagr(183.6, 317.2, 3.0)?, CAGR_2016_2019);
    Ok(())
}

#[test]
fn cagr_with_fractional_years() -> Result<(), Error> {
    // (121 / 100)^(1/2) − 1 = 1.1 − 1 = 0.1 over two years.
    close(cagr(100.0, 121.0, 2.0)?, 0.1);
    // Over half a year: (105 / 100)^(1/0.5) − 1 = 1.05² − 1 = 1.1025 − 1 = 0.1025.
    close(cagr(100.0, 105.0, 0.5)?, 0.1025);
    // Over 2.5 years ending at 100 × 1.1^2.5: 1.1^2.5 = 1.21 × √1.1 = 1.21 × 1.0488088 = 1.2690587
    // (python3: 1.2690587062858834), so the CAGR is 0.1 again.
    close(cagr(100.0, 126.90587062858836, 2.5)?, 0.1);
    Ok(())
}

// Total growth = 317.2 / 183.6 − 1 = 1.7276688 − 1 = 0.7276688 (python3: 0.7276688453159041).
#[test]
fn total_growth_of_market_size() -> Result<(), Error> {
    let t = market().total_growth(2016, 2019)?;
    close(t.value(), 0.7276688453);
    assert_eq!(t.formatted(), "72.77 %");
    assert_eq!(t.formula(), "317.2 / 183.6 − 1");
    close(market().relative_change(2016, 2019)?.value(), 0.7276688453);
    Ok(())
}

// Continuous rate = ln(317.2 / 183.6) / 3.
// ln 1.728 = 3 ln 1.2 = 3 × 0.1823216 = 0.5469647; ln 1.7276688 = ln 1.728 + ln(1.7276688 / 1.728)
// ≈ 0.5469647 − 0.0003312 / 1.728 = 0.5469647 − 0.0001917 = 0.5467730;
// / 3 = 0.1822577 (python3: 0.1822576705247676; the log change is 0.5467730115743028).
#[test]
fn continuous_rate_and_log_change_of_market_size() -> Result<(), Error> {
    let s = market();
    close(s.continuous_rate(2016, 2019)?.value(), 0.1822576705);
    close(s.log_change(2016, 2019)?.value(), 0.5467730116);
    assert_eq!(s.continuous_rate(2016, 2019)?.formula(), "ln(317.2 / 183.6) / 3");
    Ok(())
}

// Doubling time = ln 2 / ln(1 + r) = 0.6931472 / ln 1.1999233 = 0.6931472 / 0.1822577 = 3.8031
// (python3: 3.803116645594081). At 10 %: 0.6931472 / ln 1.1 = 0.6931472 / 0.0953102 = 7.2725
// (python3: 7.272540897341713).
#[test]
fn doubling_time_of_market_size() -> Result<(), Error> {
    let d = market().doubling_time(2016, 2019)?;
    close(d.value(), 3.803116646);
    assert_eq!(d.unit(), ResultUnit::Years);
    assert_eq!(d.formatted(), "3.80 years");
    close(doubling_time(CAGR_2016_2019)?, 3.803116646);
    close(doubling_time(0.1)?, 7.272540897);
    Ok(())
}

// Annualising a total change of 72.77 % over 3 years: (1 + 0.7276688)^(1/3) − 1 = 0.1999233, the CAGR.
#[test]
fn annualised_rate_of_a_multi_year_change() -> Result<(), Error> {
    close(annualise(0.7276688453159041, 3.0)?, CAGR_2016_2019);
    // 21 % over 2 years: √1.21 − 1 = 0.1.
    close(annualise(0.21, 2.0)?, 0.1);
    Ok(())
}

// Absolute change = 317.2 − 183.6 = 133.6 billion yuan; average per year 133.6 / 3 = 44.5333333.
#[test]
fn absolute_changes() -> Result<(), Error> {
    let s = market();
    let c = s.absolute_change(2016, 2019)?;
    close(c.value(), 133.6);
    assert_eq!(c.formatted(), "133.6 billion yuan");
    close(s.between(2016, 2019)?.average_yearly_change()?.value(), 44.5333333333);
    Ok(())
}

// A percent series: the five-year cancer survival rate 30.9 % (2009) → 40.5 % (2019).
// Absolute change = 40.5 − 30.9 = 9.6 points = 0.096 as a fraction.
// CAGR = (40.5 / 30.9)^(1/10) − 1: 40.5 / 30.9 = 1.3106796; ln = 0.2705458; / 10 = 0.0270546;
// e^0.0270546 − 1 = 0.0270546 + 0.0270546² / 2 + 0.0270546³ / 6 = 0.0270546 + 0.0003660 + 0.0000033
// = 0.0274239 (python3: 0.027423877022472398).
#[test]
fn percent_series_changes_are_fractions() -> Result<(), Error> {
    let s = Dataset::embedded().series("cancer_five_year_survival_rate", "china")?;
    let c = s.absolute_change(2009, 2019)?;
    assert_eq!(c.unit(), ResultUnit::PercentagePoints);
    close(c.value(), 0.096);
    assert_eq!(c.formatted(), "9.60 pp");
    close(s.cagr(2009, 2019)?.value(), 0.02742387702);
    Ok(())
}

// Index 2019 (2016 = 100) = 317.2 / 183.6 × 100 = 172.76688 (python3: 172.76688453159042).
#[test]
fn index_to_base_year() -> Result<(), Error> {
    let ix = market().index_to(2016)?;
    assert_eq!(ix.len(), 2);
    assert_eq!(ix[0].value(), 100.0);
    assert_eq!(ix[0].period(), Some(Period::Year(2016)));
    close(ix[1].value(), 172.7668845);
    assert_eq!(ix[1].unit(), ResultUnit::Index);
    assert_eq!(ix[1].formula(), "317.2 / 183.6 × 100");
    Ok(())
}

// Geometric interpolation at the constant CAGR r = 0.1999233:
//   2017 = 183.6 × 1.1999233 = 220.32 − 183.6 × 0.0000767 = 220.32 − 0.01408 = 220.30592
//   2018 = 220.30592 × 1.1999233 = 264.36711 − 220.30592 × 0.0000767 = 264.36711 − 0.01690 = 264.35022
//   (python3: 220.30592502677626 and 264.3502211432656)
// Linear: the step is (317.2 − 183.6) / 3 = 133.6 / 3 = 44.5333333
//   2017 = 183.6 + 44.5333333 = 228.1333333;  2018 = 183.6 + 89.0666667 = 272.6666667
#[test]
fn interpolation_of_2017_and_2018() -> Result<(), Error> {
    let s = market();
    for (method, v2017, v2018, how) in [
        (Interpolation::Geometric, 220.3059250, 264.3502211, Derivation::GeometricInterpolation),
        (Interpolation::Linear, 228.1333333, 272.6666667, Derivation::LinearInterpolation),
    ] {
        let filled = s.interpolate(method)?;
        assert_eq!(filled.len(), 4);
        for (year, expected) in [(2017, v2017), (2018, v2018)] {
            let p = filled.year(year).expect("interpolated year");
            assert!((p.value.value - expected).abs() < 1e-6, "{method:?} {year}: {}", p.value.value);
            assert_eq!(p.origin, Origin::Derived { method: how });
            assert!(p.is_derived());
            assert_eq!(p.value.qualifier, Qualifier::Approx, "an interpolated value is an estimate");
            assert_eq!(filled.cite(p), format!("derived by {how}"));
        }
        // The anchors are the reported points, untouched.
        assert_eq!(filled.year(2016), s.year(2016));
        assert_eq!(filled.year(2019), s.year(2019));
        assert!(!filled.year(2019).expect("anchor").is_derived());
    }
    Ok(())
}

#[test]
fn geometric_interpolation_keeps_the_cagr() -> Result<(), Error> {
    // Each year of the geometric fill grows by the CAGR, so 2017/2016 − 1 = r.
    let filled = market().interpolate(Interpolation::Geometric)?;
    let changes = filled.changes(ChangeKind::Relative, Gaps::Refuse)?;
    assert_eq!(changes.len(), 3);
    for c in &changes {
        close(c.value(), CAGR_2016_2019);
        assert!(c.is_approx(), "changes of derived points are approximate");
    }
    Ok(())
}

#[test]
fn period_over_period_changes_annualise_gaps() -> Result<(), Error> {
    let s = market();
    let rel = s.changes(ChangeKind::Relative, Gaps::Annualise)?;
    assert_eq!(rel.len(), 1);
    close(rel[0].value(), CAGR_2016_2019);
    let abs = s.changes(ChangeKind::Absolute, Gaps::Annualise)?;
    close(abs[0].value(), 44.5333333333);
    let log = s.changes(ChangeKind::Log, Gaps::Annualise)?;
    close(log[0].value(), 0.1822576705);
    // Consecutive years are one period each: 100 → 110 → 99 is +10 %, then 99 / 110 − 1 = −0.1.
    let t = made(
        "biomedicine_market_size",
        &[
            (2020, 100.0, Qualifier::Exact, Status::Reported),
            (2021, 110.0, Qualifier::Exact, Status::Reported),
            (2022, 99.0, Qualifier::Exact, Status::Reported),
        ],
    );
    let c = t.changes(ChangeKind::Relative, Gaps::Refuse)?;
    close(c[0].value(), 0.1);
    close(c[1].value(), -0.1);
    Ok(())
}

#[test]
fn changes_never_mix_targets_with_reported_points() -> Result<(), Error> {
    let t = made(
        "biomedicine_market_size",
        &[
            (2020, 100.0, Qualifier::Exact, Status::Reported),
            (2021, 110.0, Qualifier::Exact, Status::Reported),
            (2021, 120.0, Qualifier::Exact, Status::Target),
            (2022, 150.0, Qualifier::Exact, Status::Target),
        ],
    );
    let c = t.changes(ChangeKind::Absolute, Gaps::Refuse)?;
    // 110 − 100 = 10 (reported), 150 − 120 = 30 (targets); never 120 − 110 or 150 − 110.
    assert_eq!(c.iter().map(|c| c.value()).collect::<Vec<_>>(), [10.0, 30.0]);
    Ok(())
}

// Implied stocks: domestic innovative drugs on the market at the end of 2023 less those approved
// in 2023 = 169 − 35 = 134 at the end of 2022; devices 250 − 47 = 203.
#[test]
fn implied_earlier_stocks_from_2023_figures() -> Result<(), Error> {
    let ds = Dataset::embedded();
    for (stock, flow, expected) in [
        ("domestic_innovative_drug_approvals_cumul", "domestic_innovative_drug_approvals", 134.0),
        ("domestic_innovative_device_approvals_cumul", "domestic_innovative_device_approvals", 203.0),
    ] {
        let s = ds.series(stock, "china")?.at(2023)?;
        let f = ds.series(flow, "china")?.at(2023)?;
        let earlier = s.implied_earlier_stock(&f, &Allow::none())?;
        assert_eq!(earlier.value(), expected);
        assert_eq!(earlier.period(), Some(Period::Year(2022)));
        assert_eq!(earlier.qualifier(), Qualifier::Exact);
        assert!(earlier.label().contains("end of 2022"));
    }
    Ok(())
}

// Cumulating: a base of 134 at the end of 2022 plus 35 approved in 2023 = 169, the reported stock.
#[test]
fn cumulative_stock_from_flows_and_flows_back() -> Result<(), Error> {
    let ds = Dataset::embedded();
    let flows = ds.series("domestic_innovative_drug_approvals", "china")?;
    let stock_metric = ds.metric("domestic_innovative_drug_approvals_cumul").expect("metric").clone();
    let base = Figure::new(stock_metric, "china", Period::Year(2022), Value::exact(134.0))?;
    let stocks = flows.cumulate(&base, &Allow::none())?;
    let p = stocks.year(2023).expect("cumulated year");
    assert_eq!(p.value, Value::exact(169.0));
    assert_eq!(p.origin, Origin::Derived { method: Derivation::CumulatedFromFlows });
    assert_eq!(stocks.year(2022).map(|p| p.value.value), Some(134.0));
    // And back: 169 − 134 = 35 approved in 2023.
    let back = stocks.flows(flows.metric())?;
    let f = back.year(2023).expect("flow year");
    assert_eq!(f.value.value, 35.0);
    assert_eq!(f.origin, Origin::Derived { method: Derivation::FlowFromStocks });
    Ok(())
}

// Stocks two years apart give one flow over the span between, never a one-year flow:
// 100 (2019), 130 (2021) → 30 over 2020-2021.
#[test]
fn flows_over_a_gap_cover_the_span() -> Result<(), Error> {
    let stocks = made(
        "domestic_innovative_drug_approvals_cumul",
        &[(2019, 100.0, Qualifier::Exact, Status::Reported), (2021, 130.0, Qualifier::Exact, Status::Reported)],
    );
    let flow_metric = Dataset::embedded().metric("domestic_innovative_drug_approvals").expect("metric");
    let flows = stocks.flows(flow_metric)?;
    assert_eq!(flows.len(), 1);
    assert_eq!(flows.points()[0].period, "2020-2021".parse::<Period>()?);
    assert_eq!(flows.points()[0].value.value, 30.0);
    Ok(())
}

// Qualifiers. End 350 "more than", start 183.6 exact: CAGR = (350 / 183.6)^(1/3) − 1;
// 350 / 183.6 = 1.9063181; 1.24³ = 1.906624, so the root is 1.24 − (1.906624 − 1.9063181) / (3 × 1.5376)
// = 1.24 − 0.0000663 = 1.2399337 → 0.2399337 (python3: 0.2399336772515117), a strict lower bound.
#[test]
fn qualifiers_propagate_through_cagr() -> Result<(), Error> {
    use Qualifier::*;
    let r = Status::Reported;
    let cagr_of = |q0, q1, v1| -> Result<_, Error> {
        made("biomedicine_market_size", &[(2016, 183.6, q0, r), (2019, v1, q1, r)]).cagr(2016, 2019)
    };
    let g = cagr_of(Exact, MoreThan, 350.0)?;
    close(g.value(), 0.2399336773);
    assert_eq!(g.bound(), Bound::Lower { strict: true });
    assert_eq!(g.qualifier(), MoreThan);
    assert!(g.formatted().starts_with('>'));
    assert!(g.explain().contains("lower bound"));

    assert_eq!(cagr_of(Exact, AtLeast, 317.2)?.bound(), Bound::Lower { strict: false });
    // A lower-bound start makes the CAGR an upper bound.
    assert_eq!(cagr_of(AtLeast, Exact, 317.2)?.bound(), Bound::Upper { strict: false });
    assert_eq!(cagr_of(MoreThan, Exact, 317.2)?.qualifier(), LessThan);
    // Both bounded from below: the two pull in opposite directions.
    let u = cagr_of(AtLeast, MoreThan, 317.2)?;
    assert_eq!(u.bound(), Bound::Unknown);
    assert_eq!(u.qualifier(), Approx);
    assert!(u.formatted().starts_with('?'));
    assert!(u.explain().contains("opposite directions"));
    // A lower-bound end with an upper-bound start: both push the CAGR up.
    assert_eq!(cagr_of(AtMost, AtLeast, 317.2)?.bound(), Bound::Lower { strict: false });
    // Approximate inputs give an approximate result.
    let a = cagr_of(Approx, Exact, 317.2)?;
    assert_eq!((a.bound(), a.is_approx(), a.qualifier()), (Bound::Point, true, Approx));
    assert!(a.formatted().starts_with('~'));
    // Doubling time runs the other way: a lower-bound CAGR gives an upper-bound doubling time.
    let d = made("biomedicine_market_size", &[(2016, 183.6, Exact, r), (2019, 350.0, MoreThan, r)])
        .doubling_time(2016, 2019)?;
    assert_eq!(d.bound(), Bound::Upper { strict: true });
    Ok(())
}

// Reported 3500 companies in 2020, target "at least 4000" in 2022 (Suzhou's plan, made up start):
// CAGR = (4000 / 3500)^(1/2) − 1 = √1.1428571 − 1 = 1.0690450 − 1 = 0.0690450
// (python3: 0.06904496764969759), a lower bound because the target is a floor.
#[test]
fn targets_mix_with_reported_figures_only_when_allowed() -> Result<(), Error> {
    let s = made(
        "biomedicine_companies",
        &[(2020, 3500.0, Qualifier::Exact, Status::Reported), (2022, 4000.0, Qualifier::AtLeast, Status::Target)],
    );
    assert!(matches!(s.cagr(2020, 2022), Err(Error::Compute(ComputeError::StatusesDiffer { .. }))));
    let b = Between::new(s.at(2020)?, s.at(2022)?, &Allow::none().statuses())?;
    let g = b.cagr()?;
    close(g.value(), 0.0690449676);
    assert_eq!(g.bound(), Bound::Lower { strict: false });
    assert!(g.notes().iter().any(|n| n.contains("targets")));
    assert!(g.explain().contains("target"));
    Ok(())
}

// Two sources disagree about 2021 (110 vs 120); the later publication wins, so the CAGR
// 2020→2021 is 120 / 100 − 1 = 0.2, and the explanation records the settled conflict.
#[test]
fn explanations_record_settled_conflicts() -> Result<(), Error> {
    let metrics = "id,name,description,unit,kind,definition\nsales,Sales,,cny_bn,flow,Sales in a year\n";
    let sources = "id,publisher,title,author,published,url,note\n\
                   early,Early Daily,First,,2022-01-05,,\n\
                   late,Late Weekly,Second,,2022-06-30,,\n";
    let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
               sales,acme,2020,100,exact,cny_bn,reported,early,,\n\
               sales,acme,2021,110,exact,cny_bn,reported,early,,\n\
               sales,acme,2021,120,exact,cny_bn,reported,late,,\n";
    let ds = Dataset::from_readers(obs.as_bytes(), metrics.as_bytes(), sources.as_bytes())?;
    assert!(matches!(ds.series("sales", "acme"), Err(Error::Query(QueryError::Conflict(..)))));
    let opts = biopharma_stats::SeriesOptions::new().resolve(biopharma_stats::Resolve::LatestPublication);
    let s = ds.series_with("sales", "acme", &opts)?;
    let g = s.cagr(2020, 2021)?;
    close(g.value(), 0.2);
    assert_eq!(g.inputs()[1].resolutions.len(), 1);
    let text = g.explain();
    assert!(text.contains("source: Late Weekly 2022-06-30 [late]"), "{text}");
    assert!(text.contains("conflict settled: 2021: kept 120 (late)"), "{text}");
    assert!(text.contains("set aside 110 (early)"), "{text}");
    Ok(())
}

/// Results serialise (for reports and logs); they do not deserialise, since
/// a deserialised `Computed` would skip the checks that made it.
#[cfg(feature = "serde")]
#[test]
fn results_serialise() -> Result<(), Error> {
    let g = market().cagr(2016, 2019)?;
    let json: serde_json::Value = serde_json::to_value(&g).expect("serialises");
    assert_eq!(json["formula"], "(317.2 / 183.6)^(1/3) − 1");
    assert_eq!(json["label"], "CAGR 2016→2019");
    // (317.2 / 183.6)^(1/3) − 1 = 0.199923… (python3: (317.2/183.6)**(1/3)-1)
    assert!((json["value"].as_f64().expect("a number") - 0.199_923).abs() < 1e-6);
    Ok(())
}
