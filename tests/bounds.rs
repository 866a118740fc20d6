//! Conflicts that respect qualifiers: figures conflict only when they
//! cannot all be true; agreeing figures are listed apart, and a series
//! settles them to the most precise one, recording the choice.

use biopharma_stats::{Dataset, Error, Qualifier, QueryError, Resolve, SeriesOptions};

const METRICS: &str = "id,name,description,unit,kind,definition\n\
                       n,Designations,,count,flow,Devices admitted in the year\n";
const SOURCES: &str = "id,publisher,title,author,published,url,note\n\
                       a,A,Report A,,2023-01,,\n\
                       b,B,Report B,,2023-06,,\n\
                       c,C,Report C,,2024,,\n";

fn ds(rows: &[(&str, &str, &str)]) -> Dataset {
    let mut obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n".to_owned();
    for (value, qualifier, source) in rows {
        obs.push_str(&format!("n,china,2022,{value},{qualifier},count,reported,{source},,\n"));
    }
    Dataset::from_readers(obs.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).unwrap()
}

#[test]
fn at_least_32_and_68_agree_and_the_series_keeps_68() {
    let d = ds(&[("68", "exact", "a"), ("32", "at_least", "b")]);
    assert!(d.conflicts().is_empty());
    let a = d.agreements();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].values.len(), 2);
    assert_eq!(a[0].to_string(), "n / china / 2022 (reported): 68 (a) and ≥32 (b)");
    let s = d.series("n", "china").unwrap();
    assert_eq!(s.year(2022).map(|p| (p.value.value, p.value.qualifier)), Some((68.0, Qualifier::Exact)));
    let r = &s.resolutions()[0];
    assert_eq!(*r.rule(), Resolve::BoundsAgree);
    assert_eq!(r.chosen().0.value, 68.0);
    assert_eq!(
        (r.rejected().next().unwrap().0.value, r.rejected().next().unwrap().0.qualifier),
        (32.0, Qualifier::AtLeast)
    );
    assert!(r.to_string().contains("kept 68 (a)") && r.to_string().contains("set aside ≥32 (b)"), "{r}");
    assert!(s.to_string().contains("conflict 2022: kept 68 (a)"), "{s}");
}

#[test]
fn more_than_70_and_68_conflict() {
    let d = ds(&[("68", "exact", "a"), ("70", "more_than", "b")]);
    assert_eq!(d.conflicts().len(), 1);
    assert_eq!(d.conflicts()[0].to_string(), "n / china / 2022 (reported): 68 (a) vs >70 (b)");
    assert!(d.agreements().is_empty());
    assert!(matches!(d.series("n", "china"), Err(Error::Query(QueryError::Conflict(..)))));
    // A rule still settles a real conflict: b (2023-06) is the later.
    let s = d.series_with("n", "china", &SeriesOptions::new().resolve(Resolve::LatestPublication)).unwrap();
    assert_eq!(s.year(2022).map(|p| p.value.value), Some(70.0));
}

#[test]
fn the_approx_rule_is_a_point() {
    // "about 30" agrees with 30 (the exact one is kept) ...
    let d = ds(&[("30", "approx", "a"), ("30", "exact", "b")]);
    assert!(d.conflicts().is_empty());
    assert_eq!(d.series("n", "china").unwrap().year(2022).map(|p| p.value.qualifier), Some(Qualifier::Exact));
    // ... and with a bound that holds it, but not with 31.
    assert!(ds(&[("30", "approx", "a"), ("25", "at_least", "b")]).conflicts().is_empty());
    assert_eq!(ds(&[("30", "approx", "a"), ("31", "exact", "b")]).conflicts().len(), 1);
}

#[test]
fn bounds_alone_keep_the_tightest_and_three_figures_are_judged_together() {
    // ≥32, ≥40 and >40: all true for 41; ">40" says the most.
    let d = ds(&[("32", "at_least", "a"), ("40", "at_least", "b"), ("40", "more_than", "c")]);
    let s = d.series("n", "china").unwrap();
    assert_eq!(s.year(2022).map(|p| (p.value.value, p.value.qualifier)), Some((40.0, Qualifier::MoreThan)));
    // 68, ≥32 and ≤50: no value is ≥ 68 and ≤ 50 at once, so a conflict.
    let d = ds(&[("68", "exact", "a"), ("32", "at_least", "b"), ("50", "at_most", "c")]);
    assert_eq!(d.conflicts().len(), 1);
    assert!(d.agreements().is_empty());
}

#[test]
fn the_embedded_designations_agree() {
    let ds = Dataset::embedded();
    // 2022 (68 and "at least 32") agrees; 2018 (45 vs 50, issue 16) is a
    // real conflict, so the series needs a rule, which settles only 2018.
    let designations: Vec<String> = ds
        .conflicts()
        .iter()
        .filter(|c| c.metric == "innovative_device_designations")
        .map(|c| c.period.to_string())
        .collect();
    assert_eq!(designations, ["2018"]);
    let latest = SeriesOptions::new().resolve(Resolve::LatestPublication);
    let s = ds.series_with("innovative_device_designations", "china", &latest).unwrap();
    assert_eq!(s.year(2022).map(|p| p.value.value), Some(68.0));
    assert!(
        s.resolutions()
            .iter()
            .any(|r| *r.rule() == Resolve::BoundsAgree && r.period() == biopharma_stats::Period::Year(2022))
    );
}
