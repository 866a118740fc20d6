//! Figures read by hand from the seed articles (`../shared/seeds/`), typed
//! here independently of data/, and checked against the embedded dataset.
//! A figure added, dropped or mistyped in data/ fails one of these tests.

use biopharma_stats::QueryError;
use biopharma_stats::{Dataset, Period, Qualifier, SeriesOptions, Status, Unit};

use Qualifier::*;

/// (metric, entity, period, value, qualifier, status), as the articles state them.
const SEED_FIGURES: &[(&str, &str, &str, f64, Qualifier, Status)] = &[
    // 002: "From 2016 to 2019, the overall size of my country's biomedicine market
    // increased from 183.6 billion yuan to 317.2 billion yuan"
    ("biomedicine_market_size", "china", "2016", 183.6, Exact, Status::Reported),
    ("biomedicine_market_size", "china", "2019", 317.2, Exact, Status::Reported),
    // 002: "increased from 30.9% ten years ago to the current 40.5%" (data released 2019)
    ("cancer_five_year_survival_rate", "china", "2009", 30.9, Exact, Status::Reported),
    ("cancer_five_year_survival_rate", "china", "2019", 40.5, Exact, Status::Reported),
    // 002: "this year, 4 companies have been on the list" (top 50, article of 2020)
    ("global_top50_pharma_companies", "china", "2020", 4.0, Exact, Status::Reported),
    // 002: The Lancet 2019 ranking, "promoted to the top 50"
    ("healthcare_quality_access_rank", "china", "2018", 50.0, AtMost, Status::Reported),
    // 002: "the third country after the United States and the United Kingdom" (HPV vaccine)
    ("hpv_vaccine_developer_order", "china", "2019-2020", 3.0, Exact, Status::Reported),
    // 002: Suzhou "by 2022 ... will reach 4,000, and the industrial scale will exceed 280 billion"
    ("biomedicine_companies", "suzhou", "2022", 4000.0, AtLeast, Status::Target),
    ("biomedicine_industrial_scale", "suzhou", "2022", 280.0, MoreThan, Status::Target),
    // 003: "As of 2023 ... 169 domestic innovative drugs and 250 domestic innovative medical device products"
    ("domestic_innovative_drug_approvals_cumul", "china", "2023", 169.0, Exact, Status::Reported),
    ("domestic_innovative_device_approvals_cumul", "china", "2023", 250.0, Exact, Status::Reported),
    // 003: "In 2023 alone, 35 domestic innovative drugs and 47 domestic innovative medical device products"
    ("domestic_innovative_drug_approvals", "china", "2023", 35.0, Exact, Status::Reported),
    ("domestic_innovative_device_approvals", "china", "2023", 47.0, Exact, Status::Reported),
    // 003 and 000: new drugs under research "ranking second globally"
    ("new_drugs_in_development_global_rank", "china", "2023", 2.0, Exact, Status::Reported),
    // 003: "Currently, more than ten provinces (cities) have released normative documents"
    ("provinces_with_biopharma_policy_documents", "china", "2024", 10.0, MoreThan, Status::Reported),
    // 001: Shanghai "adding 4 new domestic Class 1 innovative drugs, the third in the country,
    // and 9 new Class 3 innovative medical devices, ranking second"
    ("domestic_class1_innovative_drug_approvals", "shanghai", "2023", 4.0, Exact, Status::Reported),
    ("domestic_class1_innovative_drug_approvals_rank", "shanghai", "2023", 3.0, Exact, Status::Reported),
    ("class3_innovative_device_approvals", "shanghai", "2023", 9.0, Exact, Status::Reported),
    ("class3_innovative_device_approvals_rank", "shanghai", "2023", 2.0, Exact, Status::Reported),
    // 001: "about 30% of the country's biomedical output value"; "since 2016 ... about 60%"
    ("biomedicine_output_value_share", "yangtze_river_delta", "2023", 30.0, Approx, Status::Reported),
    ("innovative_drug_approvals_share", "yangtze_river_delta", "2016-2023", 60.0, Approx, Status::Reported),
    // 001: "now has 38 member units"; "initiated and established by six units" (Dec 2021);
    // "Nearly 100 experts, scholars and entrepreneurs"
    ("alliance_member_units", "yrd_pharma_innovation_alliance", "2023", 38.0, Exact, Status::Reported),
    ("alliance_founding_units", "yrd_pharma_innovation_alliance", "2021", 6.0, Exact, Status::Reported),
    ("conference_expert_attendance", "yrd_pharma_innovation_alliance", "2023", 100.0, Approx, Status::Reported),
];

#[test]
fn every_seed_figure_is_in_the_dataset_as_stated() {
    let ds = Dataset::embedded();
    for &(metric, entity, period, value, qualifier, status) in SEED_FIGURES {
        let period: Period = period.parse().unwrap();
        let rows = ds.query().metric(metric).entity(entity).status(status).run().unwrap();
        let hit = rows.iter().find(|o| o.period == period);
        let o = hit.unwrap_or_else(|| panic!("missing: {metric} / {entity} / {period}"));
        assert_eq!(o.value.value, value, "{metric} / {entity} / {period}");
        assert_eq!(o.value.qualifier, qualifier, "{metric} / {entity} / {period}");
    }
}

#[test]
fn the_market_size_series_is_the_one_the_brief_names() {
    let ds = Dataset::embedded();
    let s = ds.series("biomedicine_market_size", "china").unwrap();
    assert_eq!(s.unit(), Unit::CnyBn);
    let pts: Vec<(Period, f64)> = s.points().iter().map(|p| (p.period, p.value.value)).collect();
    assert_eq!(pts, [(Period::Year(2016), 183.6), (Period::Year(2019), 317.2)]);
    for p in s.points() {
        let srcs = s.sources_of(p);
        assert_eq!(srcs.len(), 1);
        assert_eq!(srcs[0].published.year(), 2020);
    }
}

#[test]
fn two_articles_agreeing_on_a_figure_give_one_point_citing_both() {
    // Seeds 000 and 003 both put China second by new drugs under development.
    let ds = Dataset::embedded();
    let s = ds.series("new_drugs_in_development_global_rank", "china").unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(s.sources_of(&s.points()[0]).len(), 2);
    assert!(s.resolutions().is_empty());
}

#[test]
fn targets_come_only_when_asked_for() {
    let ds = Dataset::embedded();
    assert!(ds.series("biomedicine_companies", "suzhou").is_err());
    let t = ds.series_with("biomedicine_companies", "suzhou", &SeriesOptions::new().targets_only()).unwrap();
    assert_eq!(t.points()[0].value.value, 4000.0);
    assert_eq!(t.points()[0].status, Status::Target);
}

#[test]
fn the_real_device_conflict_is_refused_then_resolved_by_a_named_rule() {
    use biopharma_stats::{Error, Resolve};
    let ds = Dataset::embedded();
    match ds.series("innovative_device_approvals", "china") {
        Err(Error::Query(QueryError::Conflict(c))) => {
            assert_eq!(c.period, Period::Year(2018));
            let mut v: Vec<(f64, String)> = c.values.iter().map(|(v, s)| (v.value, s[0].to_string())).collect();
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            assert_eq!(v, [(19.0, "camdi_2019_01_08".to_owned()), (21.0, "camdi_2022_03_29".to_owned())]);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // CAMDI 2022-03-29 is later than CAMDI 2019-01-08: latest wins gives 21.
    let opts = SeriesOptions::new().resolve(Resolve::LatestPublication);
    let s = ds.series_with("innovative_device_approvals", "china", &opts).unwrap();
    assert_eq!(s.year(2018).unwrap().value.value, 21.0);
    // 2014..=2025: twelve yearly points.
    assert_eq!(s.len(), 12);
    assert_eq!(s.points().first().unwrap().value.value, 1.0);
    assert_eq!(s.points().last().unwrap().value.value, 76.0);
    let opts = SeriesOptions::new().resolve(Resolve::EarliestPublication);
    let s = ds.series_with("innovative_device_approvals", "china", &opts).unwrap();
    assert_eq!(s.year(2018).unwrap().value.value, 19.0);
}
