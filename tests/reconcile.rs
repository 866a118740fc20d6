//! Stock–flow reconciliation on the real device rows. The expected sums are
//! worked by hand from the sources (data/README.md, "Stock and flow"):
//!   2014..2018 flows 1 + 9 + 11 + 12 + 21 = 54  = CAMDI's cumulative at end-2018
//!   54 + 19 (2019) = 73                        = CAMDI's cumulative at end-2019
//!   73 + 26 (2020) = 99                        = China Economic Net, end-2020
//!   99 + 35 (2021) + 55 (2022) = 189           = NMPA 2022 report, end-2022
//!   189 + 61 (2023) = 250                      = seed 003's cumulative for 2023
//!   250 + 65 (2024) + 76 (2025) = 391          = end-2025 (hn-medical.com)

use biopharma_stats::{Agreement, Base, Dataset, Error, ReconcileOptions, Resolve, SeriesOptions};
use biopharma_stats::{ComputeError, QueryError};

const FLOWS: &str = "innovative_device_approvals";
const STOCKS: &str = "innovative_device_approvals_cumul";

fn latest() -> SeriesOptions {
    SeriesOptions::new().resolve(Resolve::LatestPublication)
}

#[test]
fn the_device_chain_adds_up_from_2014() {
    let ds = Dataset::embedded();
    let opts = ReconcileOptions::new(Base::ZeroBefore(2014)).flows(latest());
    let r = ds.reconcile(FLOWS, STOCKS, "china", &opts).unwrap();
    let got: Vec<(i32, f64, Option<f64>)> = r.rows.iter().map(|r| (r.year, r.stock, r.implied)).collect();
    assert_eq!(
        got,
        [
            (2018, 54.0, Some(54.0)),
            (2019, 73.0, Some(73.0)),
            (2020, 99.0, Some(99.0)),
            (2022, 189.0, Some(189.0)),
            (2025, 391.0, Some(391.0)),
        ]
    );
    assert!(r.all_agree(), "{r}");
    // The rule that settled the 2018 conflict is part of the report.
    assert_eq!(r.resolutions.len(), 1);
    assert!(r.to_string().contains("latest publication wins"), "{r}");
    // Sources on both sides are named.
    let row2018 = &r.rows[0];
    assert_eq!(row2018.stock_sources, ["camdi_2019_02_18"]);
    let cited: Vec<&str> = r.sources.iter().map(|(id, _)| id.as_str()).collect();
    assert!(cited.contains(&"camdi_2022_03_29") && cited.contains(&"hnmedical_2026_02_06"), "{cited:?}");
    assert!(r.to_string().contains("[camdi_2019_02_18] China Association for Medical Devices Industry"), "{r}");
    assert_eq!(row2018.flows.len(), 5);
}

#[test]
fn the_early_2018_count_misses_by_two_and_the_report_says_so() {
    let ds = Dataset::embedded();
    let early = SeriesOptions::new().resolve(Resolve::EarliestPublication);
    let opts = ReconcileOptions::new(Base::ZeroBefore(2014)).flows(early.clone());
    let r = ds.reconcile(FLOWS, STOCKS, "china", &opts).unwrap();
    // 1 + 9 + 11 + 12 + 19 = 52; 54 − 52 = 2, and the gap carries into later years.
    for row in &r.rows {
        assert_eq!(row.agreement, Agreement::Differs { by: 2.0 }, "{}", row.year);
    }
    assert!(!r.all_agree());
    assert!(r.to_string().contains("DIFFERS by +2"), "{r}");
    // Chained from the previous stock, only the base year absorbs it: every
    // later step agrees (73 − 54 = 19, 99 − 73 = 26, 189 − 99 = 35 + 55, 391 − 189 = 61 + 65 + 76).
    let opts = ReconcileOptions::new(Base::PreviousStock).flows(early);
    let r = ds.reconcile(FLOWS, STOCKS, "china", &opts).unwrap();
    assert_eq!(r.rows[0].agreement, Agreement::IsBase);
    assert!(r.rows[1..].iter().all(|x| x.agreement == Agreement::Agrees), "{r}");
}

#[test]
fn the_seeds_cumulative_250_fits_the_chain_only_when_the_definition_mix_is_allowed() {
    let ds = Dataset::embedded();
    let strict = ReconcileOptions::new(Base::ZeroBefore(2014)).flows(latest());
    let err = ds.reconcile(FLOWS, "domestic_innovative_device_approvals_cumul", "china", &strict).unwrap_err();
    assert!(matches!(err, Error::Compute(ComputeError::DefinitionsDiffer { .. })), "{err:?}");
    let mixed = strict.allow_other_definitions();
    let r = ds.reconcile(FLOWS, "domestic_innovative_device_approvals_cumul", "china", &mixed).unwrap();
    assert_eq!(r.rows.len(), 1);
    assert_eq!((r.rows[0].year, r.rows[0].implied), (2023, Some(250.0)));
    assert_eq!(r.rows[0].agreement, Agreement::Agrees);
}

#[test]
fn a_conflict_in_the_flows_is_refused_unless_settled() {
    let ds = Dataset::embedded();
    let opts = ReconcileOptions::new(Base::ZeroBefore(2014));
    assert!(matches!(ds.reconcile(FLOWS, STOCKS, "china", &opts), Err(Error::Query(QueryError::Conflict(..)))));
}

#[test]
fn missing_flows_are_reported_not_guessed() {
    let ds = Dataset::embedded();
    // Starting in 2013, a year before the procedure existed, no flow is reported for 2013.
    let opts = ReconcileOptions::new(Base::ZeroBefore(2013)).flows(latest());
    let r = ds.reconcile(FLOWS, STOCKS, "china", &opts).unwrap();
    assert!(r.rows.iter().all(|x| x.agreement == Agreement::MissingFlows { years: vec![2013] }), "{r}");
    assert!(!r.all_agree());
}

#[test]
fn kinds_and_units_are_checked() {
    let ds = Dataset::embedded();
    let opts = ReconcileOptions::new(Base::PreviousStock).stocks(latest()).allow_other_definitions();
    // Swapped: a stock given as the flows.
    let err = ds.reconcile(STOCKS, FLOWS, "china", &opts).unwrap_err();
    assert!(matches!(err, Error::Compute(ComputeError::KindNotSupported { .. })), "{err:?}");
}
