//! Vintages: SeriesOptions::as_of keeps only figures whose source was
//! published by the date (a month or year date counts at its end), judges
//! conflicts among those, and every result says "as known on <date>".

use biopharma_stats::{Dataset, Error, NaiveDate, QueryError, SeriesOptions};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn as_of(y: i32, m: u32, d: u32) -> SeriesOptions {
    SeriesOptions::new().as_of(day(y, m, d))
}

#[test]
fn devices_as_known_in_mid_2019() {
    let ds = Dataset::embedded();
    let s = ds.series_with("innovative_device_approvals", "china", &as_of(2019, 6, 30)).unwrap();
    // camdi_2019_01_08 (published 2019-01-08) is the only source of 2018 then.
    assert_eq!(s.year(2018).map(|p| p.value.value), Some(19.0));
    assert!(s.resolutions().is_empty(), "no conflict was known yet");
    assert!(s.points().iter().all(|p| p.period.end() <= 2018), "{s}");
    assert!(s.sources().iter().all(|src| src.published.last_day() <= day(2019, 6, 30)));
    assert_eq!(s.as_of(), Some(day(2019, 6, 30)));
    assert!(s.to_string().lines().next().unwrap().ends_with(", as known on 2019-06-30"), "{s}");
    let f = s.at(2018).unwrap();
    assert!(f.citation.ends_with("(as known on 2019-06-30)"), "{}", f.citation);
    // As of today the 2018 conflict (21 vs 19) is back.
    match ds.series_with("innovative_device_approvals", "china", &as_of(2026, 12, 2)) {
        Err(Error::Query(QueryError::Conflict(c))) => assert_eq!(c.period.to_string(), "2018"),
        other => panic!("expected the 2018 conflict, got {other:?}"),
    }
}

const METRICS: &str = "id,name,description,unit,kind,definition\nsales,Sales,,cny_bn,flow,Sales in a year\n";
const SOURCES: &str = "id,publisher,title,author,published,url,note\n\
                       y,Y,By year,,2019,,\n\
                       m,M,By month,,2019-01,,\n\
                       d,D,By day,,2019-05-10,,\n";

fn ds(obs: &str) -> Dataset {
    let obs = format!("metric,entity,period,value,qualifier,unit,status,source,quote,note\n{obs}");
    Dataset::from_readers(obs.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).unwrap()
}

#[test]
fn month_and_year_dates_count_at_their_end() {
    let d = ds("sales,acme,2016,1,exact,cny_bn,reported,y,,\n\
                sales,acme,2017,2,exact,cny_bn,reported,m,,\n\
                sales,acme,2018,4,exact,cny_bn,reported,d,,\n");
    let years = |o: SeriesOptions| match d.series_with("sales", "acme", &o) {
        Ok(s) => s.points().iter().map(|p| p.period.end()).collect::<Vec<_>>(),
        Err(Error::Query(QueryError::NoSuchSeries { .. })) => vec![],
        Err(e) => panic!("{e}"),
    };
    // 2019-01 counts as published on 2019-01-31.
    assert_eq!(years(as_of(2019, 1, 30)), Vec::<i32>::new());
    assert_eq!(years(as_of(2019, 1, 31)), [2017]);
    // 2019-05-10 on that day.
    assert_eq!(years(as_of(2019, 5, 9)), [2017]);
    assert_eq!(years(as_of(2019, 5, 10)), [2017, 2018]);
    // 2019 on 31 December.
    assert_eq!(years(as_of(2019, 12, 30)), [2017, 2018]);
    assert_eq!(years(as_of(2019, 12, 31)), [2016, 2017, 2018]);
}

#[test]
fn conflicts_are_judged_among_the_figures_kept_and_results_say_as_known() {
    let d = ds("sales,acme,2017,2,exact,cny_bn,reported,m,,\n\
                sales,acme,2018,4,exact,cny_bn,reported,m,,\n\
                sales,acme,2018,5,exact,cny_bn,reported,y,,\n");
    assert!(matches!(d.series("sales", "acme"), Err(Error::Query(QueryError::Conflict(..)))));
    let s = d.series_with("sales", "acme", &as_of(2019, 6, 30)).unwrap();
    assert_eq!(s.year(2018).map(|p| p.value.value), Some(4.0));
    // 4 / 2 − 1 = 100 %
    let g = s.cagr(2017, 2018).unwrap();
    assert_eq!(g.value(), 1.0);
    assert!(g.explain().contains("(as known on 2019-06-30)"), "{}", g.explain());
}
