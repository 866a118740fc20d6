//! Share computations against reference values worked out by hand.
//!
//! Every reference number was worked out by hand (long division, written in
//! the comment) and checked independently with python3; none was copied
//! from this crate's output.

use biopharma_stats::ComputeError;
use biopharma_stats::{
    Allow, Bound, Dataset, Error, Figure, Period, Qualifier, ResultUnit, Status, Value, contribution_to_growth,
    format_percent, format_pp, implied_part, implied_whole, share, share_change, shares_of_total,
};

const TOL: f64 = 1e-9;

fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() <= TOL * expected.abs().max(1.0), "{actual} is not {expected}");
}

fn at(metric: &str, entity: &str, period: &str) -> Figure {
    let s = Dataset::embedded().series(metric, entity).expect("series in the data");
    s.figure(period.parse().expect("period")).expect("figure in the data")
}

fn made(metric: &str, entity: &str, period: &str, v: f64, q: Qualifier) -> Figure {
    let m = Dataset::embedded().metric(metric).expect("metric").clone();
    Figure::new(m, entity, period.parse().expect("period"), Value::new(v, q)).expect("finite")
}

// Shanghai's 4 new domestic Class 1 innovative drugs (2023) against the national 35 domestic
// innovative drugs (2023) are different definitions: refused unless allowed. When allowed,
// 4 / 35 = 0.1142857 (35 × 0.1142857 = 3.9999995; python3: 0.11428571428571428).
#[test]
fn shanghai_class1_against_national_domestic_innovative_drugs() -> Result<(), Error> {
    let shanghai = at("domestic_class1_innovative_drug_approvals", "shanghai", "2023");
    let china = at("domestic_innovative_drug_approvals", "china", "2023");
    match shanghai.share_of(&china, &Allow::none()) {
        Err(Error::Compute(ComputeError::DefinitionsDiffer { computation, left, right })) => {
            assert_eq!(computation, "share");
            assert_eq!(left, "domestic_class1_innovative_drug_approvals");
            assert_eq!(right, "domestic_innovative_drug_approvals");
        }
        other => panic!("expected DefinitionsDiffer, got {other:?}"),
    }
    let s = shanghai.share_of(&china, &Allow::none().definitions())?;
    close(s.value(), 0.1142857143);
    assert_eq!(s.formatted(), "11.43 %");
    assert_eq!(s.formula(), "4 / 35");
    assert!(s.notes().iter().any(|n| n.contains("definitions differ")));
    assert!(s.explain().contains("definitions differ (allowed by the caller)"));
    Ok(())
}

// 35 domestic innovative drugs approved in 2023 out of 169 on the market at the end of 2023:
// 35 / 169 = 0.2071006 (169 × 0.2 = 33.8, remainder 1.2, 1.2 / 169 = 0.0071006; python3:
// 0.20710059171597633). Devices: 47 / 250 = 0.188 exactly. A flow against its cumulative
// stock is a different metric, so the mix must be allowed.
#[test]
fn approvals_of_2023_as_a_share_of_the_stock() -> Result<(), Error> {
    let drugs = at("domestic_innovative_drug_approvals", "china", "2023");
    let drugs_stock = at("domestic_innovative_drug_approvals_cumul", "china", "2023");
    assert!(matches!(
        drugs.share_of(&drugs_stock, &Allow::none()),
        Err(Error::Compute(ComputeError::DefinitionsDiffer { .. }))
    ));
    let allow = Allow::none().definitions();
    let d = drugs.share_of(&drugs_stock, &allow)?;
    close(d.value(), 0.2071005917);
    assert_eq!(format_percent(d.value()), "20.71 %");
    assert_eq!(d.period(), Some(Period::Year(2023)));
    let devices = at("domestic_innovative_device_approvals", "china", "2023");
    let devices_stock = at("domestic_innovative_device_approvals_cumul", "china", "2023");
    close(devices.share_of(&devices_stock, &allow)?.value(), 0.188);
    // The free function, same arithmetic.
    close(share(35.0, 169.0)?, 0.2071005917);
    Ok(())
}

// Percent-unit data are fractions once computed: "about 30 %" of national biomedical output
// value is 30 / 100 = 0.3, approximate; "about 60 %" of innovative drugs since 2016 is 0.6.
#[test]
fn percent_share_figures_become_fractions() -> Result<(), Error> {
    let output = at("biomedicine_output_value_share", "yangtze_river_delta", "2023");
    assert_eq!(output.unit(), biopharma_stats::Unit::Percent);
    assert_eq!(output.value.value, 30.0);
    let f = output.share_fraction()?;
    close(f.value(), 0.3);
    assert_eq!(f.unit(), ResultUnit::Fraction);
    assert!(f.is_approx());
    assert_eq!(f.qualifier(), Qualifier::Approx);
    assert_eq!(f.formatted(), "~30.00 %");
    let drugs = at("innovative_drug_approvals_share", "yangtze_river_delta", "2016-2023");
    close(drugs.share_fraction()?.value(), 0.6);
    Ok(())
}

// Part implied by a whole and a share: 150 × 60 % = 150 × 0.6 = 90 (approx, because the share is
// "about 60 %"). Whole implied by a part and its share: 120 / 60 % = 120 / 0.6 = 200.
// The free functions: 35 × 0.6 = 21; 12 / 0.3 = 40.
#[test]
fn implied_part_and_whole() -> Result<(), Error> {
    let share_fig = at("innovative_drug_approvals_share", "yangtze_river_delta", "2016-2023");
    let whole = made("domestic_innovative_drug_approvals", "china", "2016-2023", 150.0, Qualifier::Exact);
    let part = whole.implied_part(&share_fig, &Allow::none())?;
    close(part.value(), 90.0);
    assert_eq!(part.unit(), ResultUnit::Unit(biopharma_stats::Unit::Count));
    assert!(part.is_approx());
    assert_eq!(part.formula(), "150 × 60 %");

    let regional =
        made("domestic_innovative_drug_approvals", "yangtze_river_delta", "2016-2023", 120.0, Qualifier::Exact);
    let w = regional.implied_whole(&share_fig, &Allow::none())?;
    close(w.value(), 200.0);
    assert_eq!(w.formula(), "120 / 60 %");
    // A part stated as a floor implies a whole that is a floor too; a share stated as a floor
    // implies a whole that is a ceiling.
    let floor =
        made("domestic_innovative_drug_approvals", "yangtze_river_delta", "2016-2023", 120.0, Qualifier::AtLeast);
    assert_eq!(floor.implied_whole(&share_fig, &Allow::none())?.bound(), Bound::Lower { strict: false });
    let floor_share =
        made("innovative_drug_approvals_share", "yangtze_river_delta", "2016-2023", 60.0, Qualifier::AtLeast);
    assert_eq!(regional.implied_whole(&floor_share, &Allow::none())?.bound(), Bound::Upper { strict: false });

    close(implied_part(35.0, 0.6)?, 21.0);
    close(implied_whole(12.0, 0.3)?, 40.0);
    Ok(())
}

// Shares of a total across entities: 9 + 6 + 5 = 20; 9 / 20 = 0.45, 6 / 20 = 0.3, 5 / 20 = 0.25.
#[test]
fn shares_of_a_total_across_entities() -> Result<(), Error> {
    let parts = [
        made("class3_innovative_device_approvals", "shanghai", "2023", 9.0, Qualifier::Exact),
        made("class3_innovative_device_approvals", "jiangsu", "2023", 6.0, Qualifier::Exact),
        made("class3_innovative_device_approvals", "zhejiang", "2023", 5.0, Qualifier::Exact),
    ];
    let shares = Figure::shares_of_total(&parts, &Allow::none())?;
    let values: Vec<f64> = shares.iter().map(|s| s.value()).collect();
    for (v, expected) in values.iter().zip([0.45, 0.3, 0.25]) {
        close(*v, expected);
    }
    close(values.iter().sum(), 1.0);
    assert_eq!(shares[1].formula(), "6 / (9 + 6 + 5)");
    assert!(shares[0].label().contains("shanghai"));
    assert_eq!(shares_of_total(&[9.0, 6.0, 5.0])?, [0.45, 0.3, 0.25]);
    // A part stated as a floor: its own share is a floor, the others' shares ceilings.
    let mut bounded = parts.clone();
    bounded[0].value = Value::new(9.0, Qualifier::MoreThan);
    let b = Figure::shares_of_total(&bounded, &Allow::none())?;
    assert_eq!(b[0].bound(), Bound::Lower { strict: true });
    assert_eq!(b[1].bound(), Bound::Upper { strict: true });
    Ok(())
}

// Change of share in percentage points: 28.5 % → 30 % is 30 − 28.5 = 1.5 points = 0.015.
#[test]
fn change_of_share_in_percentage_points() -> Result<(), Error> {
    let earlier = made("biomedicine_output_value_share", "yangtze_river_delta", "2022", 28.5, Qualifier::Exact);
    let later = at("biomedicine_output_value_share", "yangtze_river_delta", "2023");
    let c = earlier.share_change_to(&later, &Allow::none())?;
    close(c.value(), 0.015);
    assert_eq!(c.unit(), ResultUnit::PercentagePoints);
    assert_eq!(c.formatted(), "~1.50 pp");
    assert_eq!(c.percent().map(|p| (p * 1e6).round() / 1e6), Some(1.5));
    close(share_change(0.285, 0.3)?, 0.015);
    assert_eq!(format_pp(0.015), "1.50 pp");
    Ok(())
}

// Contribution to growth in percentage points: Shanghai 3 → 4 Class 1 drugs, national 35 at the
// start: (4 − 3) / 35 = 1 / 35 = 0.0285714 (python3: 0.02857142857142857), 2.86 points.
// Two parts A 10 → 12 and B 20 → 19 of a whole 30 → 31 contribute 2 / 30 = 0.0666667 and
// −1 / 30 = −0.0333333, which add up to the whole's growth 31 / 30 − 1 = 1 / 30 = 0.0333333.
#[test]
fn contribution_to_growth_in_percentage_points() -> Result<(), Error> {
    let m = "domestic_class1_innovative_drug_approvals";
    let c = made(m, "shanghai", "2022", 3.0, Qualifier::Exact).contribution_to_growth(
        &made(m, "shanghai", "2023", 4.0, Qualifier::Exact),
        &made(m, "china", "2022", 35.0, Qualifier::Exact),
        &Allow::none(),
    )?;
    close(c.value(), 0.0285714286);
    assert_eq!(c.formatted(), "2.86 pp");
    let a = contribution_to_growth(10.0, 12.0, 30.0)?;
    let b = contribution_to_growth(20.0, 19.0, 30.0)?;
    close(a, 0.0666666667);
    close(b, -0.0333333333);
    close(a + b, 0.0333333333);
    Ok(())
}

#[test]
fn targets_and_periods_do_not_mix_in_shares_unless_allowed() -> Result<(), Error> {
    let m = "class3_innovative_device_approvals";
    let part = made(m, "shanghai", "2023", 9.0, Qualifier::Exact);
    let target = made(m, "china", "2023", 100.0, Qualifier::Exact).with_status(Status::Target);
    assert!(matches!(part.share_of(&target, &Allow::none()), Err(Error::Compute(ComputeError::StatusesDiffer { .. }))));
    close(part.share_of(&target, &Allow::none().statuses())?.value(), 0.09);
    let other_year = made(m, "china", "2022", 100.0, Qualifier::Exact);
    assert!(matches!(
        part.share_of(&other_year, &Allow::none()),
        Err(Error::Compute(ComputeError::PeriodsDiffer { .. }))
    ));
    close(part.share_of(&other_year, &Allow::none().periods())?.value(), 0.09);
    Ok(())
}
