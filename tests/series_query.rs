//! Queries, series building and conflict resolution on small hand-made files.

use biopharma_stats::QueryError;
use biopharma_stats::{Dataset, Error, Period, Resolve, SeriesOptions, Status};

const METRICS: &str = "id,name,description,unit,kind,definition\n\
devices,Devices approved,,count,flow,Devices approved in the year\n\
share,Share,,percent,share,A share\n";

const SOURCES: &str = "id,publisher,title,author,published,url,note\n\
early,Assoc,Early count,,2019-01-08,,\n\
late,Assoc,Late count,,2022-03-29,,\n\
vague,Paper,Undated-ish,,2022,,\n\
same,Paper,Agrees with late,,2021-06,,\n";

fn ds(obs_rows: &str) -> Dataset {
    let obs = format!("metric,entity,period,value,qualifier,unit,status,source,quote,note\n{obs_rows}");
    Dataset::from_readers(obs.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).unwrap()
}

const CONFLICT: &str = "devices,china,2017,12,exact,count,reported,late,q,\n\
devices,china,2018,21,exact,count,reported,late,q,\n\
devices,china,2018,19,exact,count,reported,early,q,\n\
devices,china,2019,19,exact,count,reported,late,q,\n";

#[test]
fn a_conflict_is_refused_with_years_values_and_sources() {
    let err = ds(CONFLICT).series("devices", "china").unwrap_err();
    match &err {
        Error::Query(QueryError::Conflict(c)) => {
            assert_eq!((c.metric.as_str(), c.entity.as_str(), c.period), ("devices", "china", Period::Year(2018)));
            let mut v: Vec<(f64, String)> = c.values.iter().map(|(v, s)| (v.value, s[0].to_string())).collect();
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            assert_eq!(v, [(19.0, "early".to_owned()), (21.0, "late".to_owned())]);
        }
        other => panic!("expected Conflict, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("2018") && msg.contains("21 (late)") && msg.contains("19 (early)"), "{msg}");
}

#[test]
fn latest_publication_wins_when_asked_and_says_so() {
    let d = ds(CONFLICT);
    let s = d.series_with("devices", "china", &SeriesOptions::new().resolve(Resolve::LatestPublication)).unwrap();
    assert_eq!(s.year(2018).unwrap().value.value, 21.0);
    assert_eq!(s.resolutions().len(), 1);
    let r = &s.resolutions()[0];
    assert_eq!(r.period(), Period::Year(2018));
    assert_eq!(*r.rule(), Resolve::LatestPublication);
    assert_eq!(r.rejected().next().unwrap().0.value, 19.0);
    let text = r.to_string();
    assert!(text.contains("latest publication wins") && text.contains("set aside 19 (early)"), "{text}");
    // The explanation of the whole series carries the rule too.
    assert!(s.to_string().contains("latest publication wins"));
}

#[test]
fn earliest_publication_and_preferred_source_pick_the_other_value() {
    let d = ds(CONFLICT);
    let s = d.series_with("devices", "china", &SeriesOptions::new().resolve(Resolve::EarliestPublication)).unwrap();
    assert_eq!(s.year(2018).unwrap().value.value, 19.0);
    let opts = SeriesOptions::new().resolve(Resolve::PreferSource("early".into()));
    let s = d.series_with("devices", "china", &opts).unwrap();
    assert_eq!(s.year(2018).unwrap().value.value, 19.0);
    // Years without a conflict keep their only value, whatever the rule.
    assert_eq!(s.year(2017).unwrap().value.value, 12.0);
}

#[test]
fn a_preferred_source_absent_from_the_conflict_decides_nothing() {
    let d = ds(CONFLICT);
    let opts = SeriesOptions::new().resolve(Resolve::PreferSource("vague".into()));
    assert!(matches!(d.series_with("devices", "china", &opts), Err(Error::Query(QueryError::Conflict(..)))));
}

#[test]
fn dates_that_cannot_be_told_apart_decide_nothing() {
    // "2022" (any day of 2022) against 2022-03-29: neither is surely later.
    let rows = "devices,china,2022,55,exact,count,reported,late,q,\n\
                devices,china,2022,32,exact,count,reported,vague,q,\n";
    let d = ds(rows);
    let opts = SeriesOptions::new().resolve(Resolve::LatestPublication);
    assert!(matches!(d.series_with("devices", "china", &opts), Err(Error::Query(QueryError::Conflict(..)))));
}

#[test]
fn one_source_only_leaves_no_conflict() {
    let d = ds(CONFLICT);
    let s = d.series_with("devices", "china", &SeriesOptions::new().only_source("early")).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(s.year(2018).unwrap().value.value, 19.0);
    assert!(matches!(
        d.series_with("devices", "china", &SeriesOptions::new().only_source("nobody")),
        Err(Error::Query(QueryError::NoSuchSource { .. }))
    ));
}

#[test]
fn agreeing_sources_are_merged_not_conflicting() {
    let rows = "devices,china,2020,26,exact,count,reported,late,q,\n\
                devices,china,2020,26,exact,count,reported,same,q,\n";
    let d = ds(rows);
    let s = d.series("devices", "china").unwrap();
    assert_eq!(s.len(), 1);
    let cited: Vec<&str> = s.sources_of(&s.points()[0]).iter().map(|s| s.id.as_str()).collect();
    assert_eq!(cited, ["late", "same"]);
}

#[test]
fn same_number_with_another_qualifier_is_a_conflict() {
    let rows = "devices,china,2020,26,exact,count,reported,late,q,\n\
                devices,china,2020,26,more_than,count,reported,same,q,\n";
    assert!(matches!(ds(rows).series("devices", "china"), Err(Error::Query(QueryError::Conflict(..)))));
}

#[test]
fn targets_are_separate_points_when_included() {
    let rows = "devices,china,2022,30,at_least,count,target,vague,q,\n\
                devices,china,2022,55,exact,count,reported,late,q,\n\
                devices,china,2021,35,exact,count,reported,late,q,\n";
    let d = ds(rows);
    let s = d.series("devices", "china").unwrap();
    assert_eq!(s.len(), 2);
    let both = d.series_with("devices", "china", &SeriesOptions::new().with_targets()).unwrap();
    let got: Vec<(Period, Status)> = both.points().iter().map(|p| (p.period, p.status)).collect();
    assert_eq!(
        got,
        [
            (Period::Year(2021), Status::Reported),
            (Period::Year(2022), Status::Reported),
            (Period::Year(2022), Status::Target)
        ]
    );
}

#[test]
fn unknown_ids_in_queries_are_errors_not_empty_results() {
    let d = ds(CONFLICT);
    assert!(matches!(d.series("devicez", "china"), Err(Error::Query(QueryError::NoSuchMetric { .. }))));
    assert!(matches!(d.series("devices", "atlantis"), Err(Error::Query(QueryError::NoSuchEntity { .. }))));
    assert!(matches!(d.series("share", "china"), Err(Error::Query(QueryError::NoSuchSeries { .. }))));
    assert!(matches!(d.query().metric("devicez").run(), Err(Error::Query(QueryError::NoSuchMetric { .. }))));
    assert!(matches!(d.query().source("nobody").run(), Err(Error::Query(QueryError::NoSuchSource { .. }))));
    // An entity nobody reported is an error naming it, as the README promises.
    match d.query().entity("atlantis").run() {
        Err(Error::Query(QueryError::NoSuchEntity { entity, suggestion })) => {
            assert_eq!((entity.as_str(), suggestion), ("atlantis", None));
        }
        other => panic!("expected NoSuchEntity, got {other:?}"),
    }
}

#[test]
fn unknown_ids_suggest_the_nearest_known_one() {
    let d = ds(CONFLICT);
    // "China" differs from "china" only in case; "devics" is one edit from "devices".
    let e = d.series("devices", "China").unwrap_err();
    assert_eq!(e.to_string(), r#"no entity "China" in the dataset (did you mean "china"?)"#);
    let e = d.series("devics", "china").unwrap_err();
    assert_eq!(e.to_string(), r#"no metric "devics" in the dataset (did you mean "devices"?)"#);
    let e = d.query().source("erly").run().unwrap_err();
    assert_eq!(e.to_string(), r#"no source "erly" in the dataset (did you mean "early"?)"#);
    // Three edits away: no suggestion.
    let e = d.series("devices", "chxxxa").unwrap_err();
    assert_eq!(e.to_string(), r#"no entity "chxxxa" in the dataset"#);
}

#[test]
fn query_filters_combine() {
    let d = ds(CONFLICT);
    assert_eq!(d.query().run().unwrap().len(), 4);
    assert_eq!(d.query().metric("devices").period_within(2018, 2019).run().unwrap().len(), 3);
    assert_eq!(d.query().source("early").run().unwrap().len(), 1);
    assert_eq!(d.query().status(Status::Target).run().unwrap().len(), 0);
    // Rows come back in file order.
    let years: Vec<i32> = d.query().run().unwrap().iter().map(|o| o.period.end()).collect();
    assert_eq!(years, [2017, 2018, 2018, 2019]);
}

#[test]
fn listings_are_complete_and_ordered() {
    let d = ds("devices,china,2017,12,exact,count,reported,late,q,\n\
                share,shanghai,2017,12,exact,percent,reported,late,q,\n\
                devices,beijing,2017,12,exact,count,reported,late,q,\n");
    assert_eq!(d.entities().collect::<Vec<_>>(), ["beijing", "china", "shanghai"]);
    assert_eq!(d.entities_of("devices").unwrap(), ["beijing", "china"]);
    assert_eq!(d.metrics().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["devices", "share"]);
    assert_eq!(d.sources().len(), 4);
}
