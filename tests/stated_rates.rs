//! Stated growth rates against the levels they describe: the issue's
//! reference cases worked by hand, and the rules for conflicting levels,
//! missing levels and written precision on small synthetic files.

use biopharma_stats::{Dataset, LevelChoice, RateCheck};

fn check<'a>(checks: &'a [RateCheck], rate_metric: &str, year: i32, source: &str) -> &'a RateCheck {
    checks
        .iter()
        .find(|c| c.rate_metric == rate_metric && c.year == year && c.rate_source == source)
        .unwrap_or_else(|| panic!("no check for {rate_metric} {year} from {source}"))
}

#[test]
fn innovative_devices_2025_agree() {
    let checks = Dataset::embedded().check_stated_rates();
    let c = check(&checks, "innovative_device_approvals_yoy", 2025, "hnmedical_2026_02_06");
    // 76 / 65 − 1 = 11 / 65 = 0.169230… → +16.92 %; stated "17%" (no decimals) → ±0.5 pp.
    assert_eq!(c.start.as_ref().map(|l| l.value), Some(65.0));
    assert_eq!(c.end.as_ref().map(|l| l.value), Some(76.0));
    assert!((c.computed.unwrap() - 16.923_076_923).abs() < 1e-6);
    assert_eq!(c.stated, 17.0);
    assert_eq!(c.stated_decimals, 0);
    assert_eq!(c.tolerance_pp(), 0.5);
    // 17 − 16.923 = +0.077 pp.
    assert!((c.difference_pp().unwrap() - 0.076_923_077).abs() < 1e-6);
    assert_eq!(c.agrees(), Some(true));
    assert!(c.to_string().ends_with(": agrees"), "{c}");
}

#[test]
fn innovative_drugs_2025_agree() {
    let checks = Dataset::embedded().check_stated_rates();
    let c = check(&checks, "cde_innovative_drug_approvals_yoy", 2025, "yicai_2026_01_05");
    // 76 / 48 − 1 = 28 / 48 = 0.583333… → +58.33 %; stated "up 58 percent" → ±0.5 pp;
    // 58 − 58.333 = −0.333 pp.
    assert!((c.computed.unwrap() - 58.333_333_333).abs() < 1e-6);
    assert_eq!(c.stated_decimals, 0);
    assert!((c.difference_pp().unwrap() + 0.333_333_333).abs() < 1e-6);
    assert_eq!(c.agrees(), Some(true));
    // The 76 of 2025 comes from the rate's own source; the 48 of 2024 from another.
    assert_eq!(c.end.as_ref().unwrap().choice, LevelChoice::SameSource);
}

#[test]
fn ind_approvals_2020_have_no_2019_level_and_imply_one() {
    let checks = Dataset::embedded().check_stated_rates();
    let c = check(&checks, "cde_ind_approvals_yoy", 2020, "knowlesys_2021_06_22");
    assert_eq!(c.start, None);
    assert_eq!(c.end.as_ref().map(|l| l.value), Some(1435.0));
    assert_eq!(c.computed, None);
    assert_eq!(c.agrees(), None);
    // "54.97%": two decimals → ±0.005 pp.
    assert_eq!(c.stated_decimals, 2);
    assert!((c.tolerance_pp() - 0.005).abs() < 1e-15);
    // 1435 / 1.5497 = 925.985… ≈ 926.0; derived, and not in the data.
    assert!((c.implied_start.unwrap() - 925.985_674_646).abs() < 1e-6);
    assert!(c.to_string().contains("implies 926.0 (derived)"), "{c}");
    assert!(c.explain().contains("derived, not data"));
    let ds = Dataset::embedded();
    assert!(ds.query().metric("cde_ind_approvals").run().unwrap().iter().all(|o| o.period.to_string() != "2019"));
}

#[test]
fn miit_pharma_industry_revenue_2022_disagrees_and_the_note_names_the_revised_base() {
    let checks = Dataset::embedded().check_stated_rates();
    let c = check(&checks, "miit_pharma_industry_operating_revenue_yoy", 2022, "xinwangsan_2023_04");
    // 2021 has two levels: 33707.5 (MIIT via 中新社, 2022-05-10) and the quick
    // report's 32772 (2022-04-25); the rate's source states neither, so the
    // latest publication's 33707.5 is used and 32772 is listed.
    let s = c.start.as_ref().unwrap();
    assert_eq!((s.value, s.choice), (33707.5, LevelChoice::LatestPublished));
    assert_eq!(s.sources, ["tasting24_2022_05_10"]);
    assert_eq!(
        s.others.iter().map(|(v, id)| (*v, id.as_str())).collect::<Vec<_>>(),
        [(32772.0, "ynfljjfwwz_2022_04_25")]
    );
    // 33633.7 / 33707.5 − 1 = −73.8 / 33707.5 = −0.0021894 → −0.219 %;
    // stated +0.5 % ("0.5%": one decimal → ±0.05 pp); 0.5 − (−0.219) = +0.719 pp.
    assert!((c.computed.unwrap() + 0.218_942_372).abs() < 1e-6);
    assert!((c.difference_pp().unwrap() - 0.718_942_372).abs() < 1e-6);
    assert_eq!(c.stated_decimals, 1);
    assert_eq!(c.agrees(), Some(false));
    assert!(c.to_string().contains("difference +0.719 pp (±0.05): DISAGREES"), "{c}");
    // What the rows say about the base: the source's stored text says
    // nothing; the dataset's note (not the source's words) records the
    // "previous year's data adjusted" flag seen only in a lead.
    assert!(c.basis.iter().all(|b| !b.quoted), "{:?}", c.basis);
    assert!(c.basis.iter().any(|b| b.text.contains("上年数据有调整")), "{:?}", c.basis);
    assert!(c.explain().contains("the dataset's note says [xinwangsan_2023_04]"), "{}", c.explain());
}

#[test]
fn a_trailing_zero_the_source_wrote_tightens_the_tolerance() {
    let checks = Dataset::embedded().check_stated_rates();
    // "同比增長46.90%": stored as 46.9, written with two decimals.
    let c = check(&checks, "cde_ind_approvals_yoy", 2021, "bestofkualalumpur_2022_06");
    assert_eq!(c.stated, 46.9);
    assert_eq!(c.stated_decimals, 2);
    // 2108 / 1435 − 1 = 673 / 1435 = 0.468989… → 46.8990 %; 46.90 − 46.8990 = +0.0010 pp ≤ 0.005.
    assert!((c.computed.unwrap() - 46.898_954_704).abs() < 1e-6);
    assert_eq!(c.agrees(), Some(true));
}

#[test]
fn trial_registrations_2024_disagree_by_a_twentieth_of_a_point() {
    let checks = Dataset::embedded().check_stated_rates();
    let c = check(&checks, "clinical_trials_registered_yoy", 2024, "covington_2025_07_21");
    // 4900 / 4300 − 1 = 6 / 43 = 0.139535 → 13.9535 %; stated "13.9%" → ±0.05;
    // 13.9 − 13.9535 = −0.0535 pp: just outside.
    assert!((c.difference_pp().unwrap() + 0.053_488_372).abs() < 1e-6);
    assert_eq!(c.agrees(), Some(false));
}

// ---------------------------------------------------------------------------
// Synthetic files: the level-choice rules
// ---------------------------------------------------------------------------

const METRICS: &str = "id,name,description,unit,kind,definition,rate_of\n\
lvl,Level,,count,flow,A count.,\n\
lvl_yoy,Level growth,,percent,rate,Stated growth.,lvl\n";
const SOURCES: &str = "id,publisher,title,author,published,url,note\n\
early,P,T,,2023-01-10,https://example.org/a,\n\
late,P,T,,2023-06-01,https://example.org/b,\n\
rater,P,T,,2024-02-01,https://example.org/c,\n";

fn load(rows: &str) -> Dataset {
    let obs = format!("metric,entity,period,value,qualifier,unit,status,source,quote,note\n{rows}");
    Dataset::from_readers(obs.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).expect("valid synthetic data")
}

#[test]
fn a_conflicting_start_level_uses_the_latest_publication_and_lists_the_other() {
    let ds = load(
        "lvl,china,2022,100,exact,count,reported,late,100,\n\
lvl,china,2022,95,exact,count,reported,early,95,\n\
lvl,china,2023,110,exact,count,reported,rater,110,\n\
lvl_yoy,china,2023,10,exact,percent,reported,rater,up 10%,\n",
    );
    let checks = ds.check_stated_rates();
    assert_eq!(checks.len(), 1);
    let c = &checks[0];
    let s = c.start.as_ref().unwrap();
    assert_eq!((s.value, s.choice), (100.0, LevelChoice::LatestPublished));
    assert_eq!(s.sources, ["late"]);
    assert_eq!(s.others.iter().map(|(v, id)| (*v, id.as_str())).collect::<Vec<_>>(), [(95.0, "early")]);
    // 110 / 100 − 1 = 10 %, stated 10 → difference 0.
    assert_eq!(c.agrees(), Some(true));
    assert!(c.explain().contains("also stated, not used: 95 [early]"), "{}", c.explain());
}

#[test]
fn the_rates_own_source_wins_over_a_later_conflicting_level() {
    let ds = load(
        "lvl,china,2022,100,exact,count,reported,early,100,\n\
lvl,china,2023,110,exact,count,reported,early,110 up 10%,\n\
lvl,china,2023,120,exact,count,reported,late,120,\n\
lvl_yoy,china,2023,10,exact,percent,reported,early,110 up 10%,on a comparable basis\n",
    );
    let c = &ds.check_stated_rates()[0];
    let e = c.end.as_ref().unwrap();
    assert_eq!((e.value, e.choice), (110.0, LevelChoice::SameSource));
    assert_eq!(c.agrees(), Some(true));
    // The note's remark on the base is carried, marked as the dataset's note.
    assert_eq!(c.basis.len(), 1);
    assert!(!c.basis[0].quoted && c.basis[0].text.contains("comparable"));
}

#[test]
fn bounds_targets_and_zero_bases_are_not_judged() {
    let ds = load(
        "lvl,china,2022,0,exact,count,reported,early,0,\n\
lvl,china,2023,110,exact,count,reported,rater,110,\n\
lvl_yoy,china,2023,10,exact,percent,reported,rater,up 10%,\n\
lvl_yoy,china,2024,10,more_than,percent,reported,rater,up more than 10%,\n\
lvl,china,2024,130,approx,count,reported,rater,about 130,\n\
lvl_yoy,china,2025,12,exact,percent,target,rater,aim 12%,\n",
    );
    let checks = ds.check_stated_rates();
    // The target is not a stated rate of what happened: two checks.
    assert_eq!(checks.len(), 2);
    let zero = &checks[0];
    assert_eq!(zero.computed, None);
    assert!(zero.problem.is_some());
    assert_eq!(zero.agrees(), None);
    // 2024: the level is approximate, so there is no exact end level; a bound is never judged.
    let bound = &checks[1];
    assert_eq!(bound.end, None);
    assert_eq!(bound.agrees(), None);
}

#[test]
fn a_dataset_without_rate_links_has_no_checks() {
    let ds = Dataset::from_readers(
        "metric,entity,period,value,qualifier,unit,status,source,quote,note\nlvl,china,2022,1,exact,count,reported,early,1,\n"
            .as_bytes(),
        "id,name,description,unit,kind,definition\nlvl,Level,,count,flow,A count.\n".as_bytes(),
        SOURCES.as_bytes(),
    )
    .unwrap();
    assert!(ds.check_stated_rates().is_empty());
}
