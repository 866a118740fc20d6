//! metrics.csv's optional `rate_of` column: six-column files still load,
//! the link is checked at load with a positioned error, and writing keeps
//! it (and keeps a six-column file at six columns).

use biopharma_stats::{Dataset, Error, LoadError, Location, MetricId};

const SOURCES: &str = "id,publisher,title,author,published,url,note\ns1,P,T,,2024-01-02,https://example.org/a,\n";
const OBS: &str = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
lvl,china,2023,110,exact,count,reported,s1,110 up 10%,\n\
lvl_yoy,china,2023,10,exact,percent,reported,s1,110 up 10%,\n";
const H6: &str = "id,name,description,unit,kind,definition\n";
const H7: &str = "id,name,description,unit,kind,definition,rate_of\n";

fn load(metrics: &str, obs: &str) -> Result<Dataset, Error> {
    Dataset::from_readers(obs.as_bytes(), metrics.as_bytes(), SOURCES.as_bytes())
}

fn written_metrics(ds: &Dataset) -> String {
    let mut out = Vec::new();
    ds.write_metrics(&mut out).expect("write to a Vec");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn six_column_files_load_and_write_back_with_six_columns() {
    let metrics = format!("{H6}lvl,Level,,count,flow,A count.\n");
    let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
lvl,china,2023,110,exact,count,reported,s1,110,\n";
    let ds = load(&metrics, obs).expect("a six-column metrics.csv loads");
    assert_eq!(ds.metric("lvl").expect("defined").rate_of, None);
    assert_eq!(written_metrics(&ds), metrics);
}

#[test]
fn rate_of_links_a_rate_to_its_level_and_round_trips() {
    // The rate is defined before its level: the link is checked after the whole file.
    let metrics =
        format!("{H7}lvl_yoy,Level growth,,percent,rate,Stated growth.,lvl\nlvl,Level,,count,flow,A count.,\n");
    let ds = load(&metrics, OBS).expect("loads");
    assert_eq!(ds.metric("lvl_yoy").expect("defined").rate_of, Some(MetricId::new("lvl")));
    assert_eq!(ds.metric("lvl").expect("defined").rate_of, None);
    assert_eq!(written_metrics(&ds), metrics);
}

#[test]
fn a_seven_column_header_without_any_link_writes_six_columns() {
    // Documented: the seventh column is written only when some metric has a link.
    let metrics = format!("{H7}lvl,Level,,count,flow,A count.,\n");
    let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
lvl,china,2023,110,exact,count,reported,s1,110,\n";
    let ds = load(&metrics, obs).expect("loads");
    assert_eq!(written_metrics(&ds), format!("{H6}lvl,Level,,count,flow,A count.\n"));
}

#[test]
fn an_undefined_target_is_an_unknown_metric_at_the_rate_of_column() {
    let metrics = format!("{H7}lvl,Level,,count,flow,A count.,\nlvl_yoy,Growth,,percent,rate,Stated.,lvel\n");
    let err = load(&metrics, OBS).expect_err("target undefined");
    assert!(
        matches!(&err, Error::Load(LoadError::UnknownMetric { at, id })
            if *at == Location::new("metrics.csv", 3, Some("rate_of")) && id == "lvel"),
        "{err:?}"
    );
}

#[test]
fn a_rate_link_on_a_metric_that_is_not_a_percent_rate_is_refused() {
    for (unit, kind) in [("count", "rate"), ("percent", "share"), ("percent", "flow")] {
        let metrics = format!("{H7}lvl,Level,,count,flow,A count.,\nlvl_yoy,Growth,,{unit},{kind},Stated.,lvl\n");
        let err = load(&metrics, OBS).expect_err("not a percent rate");
        assert!(
            matches!(&err, Error::Load(LoadError::BadRateOf { at, metric, target, .. })
                if *at == Location::new("metrics.csv", 3, Some("rate_of")) && metric == "lvl_yoy" && target == "lvl"),
            "{unit} {kind}: {err:?}"
        );
    }
}

#[test]
fn a_rate_of_a_rate_is_refused() {
    let metrics = format!(
        "{H7}lvl,Level,,count,flow,A count.,\nlvl_yoy,Growth,,percent,rate,Stated.,lvl\nlvl_yoy2,Growth of growth,,percent,rate,Stated.,lvl_yoy\n"
    );
    let err = load(&metrics, OBS).expect_err("rate of a rate");
    assert!(
        matches!(&err, Error::Load(LoadError::BadRateOf { at, target, .. })
            if *at == Location::new("metrics.csv", 4, Some("rate_of")) && target == "lvl_yoy"),
        "{err:?}"
    );
    // Its own rate is a rate of a rate too.
    let metrics = format!("{H7}lvl,Level,,count,flow,A count.,\nlvl_yoy,Growth,,percent,rate,Stated.,lvl_yoy\n");
    assert!(matches!(load(&metrics, OBS), Err(Error::Load(LoadError::BadRateOf { .. }))));
}

#[test]
fn a_rate_of_field_with_white_space_is_a_bad_id() {
    let metrics = format!("{H7}lvl,Level,,count,flow,A count.,\nlvl_yoy,Growth,,percent,rate,Stated., lvl\n");
    let err = load(&metrics, OBS).expect_err("white space");
    assert!(
        matches!(&err, Error::Load(LoadError::BadId { at, .. }) if *at == Location::new("metrics.csv", 3, Some("rate_of"))),
        "{err:?}"
    );
}

#[test]
fn other_headers_are_still_refused() {
    let metrics = "id,name,description,unit,kind,definition,rate\nlvl,Level,,count,flow,A count.,\n";
    assert!(matches!(load(metrics, OBS), Err(Error::Load(LoadError::BadHeader { .. }))));
}
