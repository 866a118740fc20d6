//! Dataset::merge: unions, identical definitions, clashes, duplicates,
//! conflicts across the two sets, and series that keep their resolutions.

use biopharma_stats::{Dataset, Error, LoadError, QueryError, Resolve, Series, SeriesOptions};

const OBS_HEADER: &str = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n";
const METRICS: &str = "id,name,description,unit,kind,definition\n\
                       sales,Sales,,cny_bn,flow,Sales revenue in a year\n";
const SOURCES_A: &str = "id,publisher,title,author,published,url,note\na,A,Report A,,2024-01,,\n";
const SOURCES_B: &str = "id,publisher,title,author,published,url,note\nb,B,Report B,,2024-06,,\n";

fn ds(obs: &str, metrics: &str, sources: &str) -> Dataset {
    let obs = format!("{OBS_HEADER}{obs}");
    Dataset::from_readers(obs.as_bytes(), metrics.as_bytes(), sources.as_bytes()).expect("valid test files")
}

#[test]
fn merge_is_the_union_and_identical_definitions_merge() {
    let a = ds("sales,acme,2022,1,exact,cny_bn,reported,a,,\n", METRICS, SOURCES_A);
    let b = ds(
        "sales,acme,2023,2,exact,cny_bn,reported,b,,\nsales,beta,2023,5,exact,cny_bn,reported,b,,\n",
        METRICS,
        SOURCES_B,
    );
    let m = a.merge(&b).unwrap();
    // 1 + 2 rows, one metric (identical in both), two sources.
    assert_eq!((m.len(), m.metrics().len(), m.sources().len()), (3, 1, 2));
    assert_eq!(m.entities().collect::<Vec<_>>(), ["acme", "beta"]);
    let s = m.series("sales", "acme").unwrap();
    assert_eq!(s.points().iter().map(|p| p.value.value).collect::<Vec<_>>(), [1.0, 2.0]);
    // File order: a's rows, then b's.
    let order: Vec<(String, f64)> = m.observations().map(|o| (o.entity.to_owned(), o.value.value)).collect();
    assert_eq!(order, [("acme".into(), 1.0), ("acme".into(), 2.0), ("beta".into(), 5.0)]);
}

#[test]
fn the_embedded_set_merges_with_a_users_panel() {
    let metrics = "id,name,description,unit,kind,definition\nsales_usd,Sales,,usd_bn,flow,Sales revenue in a year\n";
    let units = "id,label,quantity,scale\nusd_bn,billion US dollars,money:USD,1e9\n";
    let obs = format!("{OBS_HEADER}sales_usd,acme,2023,1.5,exact,usd_bn,reported,a,,\n");
    let mine =
        Dataset::from_readers_with_units(obs.as_bytes(), metrics.as_bytes(), SOURCES_A.as_bytes(), units.as_bytes())
            .unwrap();
    let all = Dataset::embedded().merge(&mine).unwrap();
    let e = Dataset::embedded();
    assert_eq!(all.len(), e.len() + 1);
    assert_eq!(all.metrics().len(), e.metrics().len() + 1);
    // The embedded data declares cny_100m (亿元, issue 16); the panel adds usd_bn.
    assert_eq!(all.units().map(|u| u.id()).collect::<Vec<_>>(), ["cny_100m", "usd_bn"]);
    // The embedded series are untouched, conflicts included.
    assert_eq!(
        all.series("biomedicine_market_size", "china").unwrap(),
        e.series("biomedicine_market_size", "china").unwrap()
    );
    assert_eq!(all.conflicts(), e.conflicts());
    // And the merged set writes and reads back whole.
    let dir = std::env::temp_dir().join(format!("bps-merge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    all.write_dir(&dir).unwrap();
    let back = Dataset::from_dir(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(back, all);
}

#[test]
fn one_id_with_two_definitions_is_a_clash_naming_both() {
    let a = ds("sales,acme,2022,1,exact,cny_bn,reported,a,,\n", METRICS, SOURCES_A);
    let other_def = "id,name,description,unit,kind,definition\nsales,Sales,,cny_bn,flow,Net sales after returns\n";
    let b = ds("sales,acme,2023,2,exact,cny_bn,reported,b,,\n", other_def, SOURCES_B);
    match a.merge(&b) {
        Err(Error::Load(e @ LoadError::DefinitionClash { what: "metric", .. })) => {
            let msg = e.to_string();
            assert!(msg.contains("Sales revenue in a year") && msg.contains("Net sales after returns"), "{msg}");
        }
        other => panic!("expected a metric clash, got {other:?}"),
    }
    // A source id published on another date.
    let b = ds(
        "sales,acme,2023,2,exact,cny_bn,reported,a,,\n",
        METRICS,
        "id,publisher,title,author,published,url,note\na,A,Report A,,2025,,\n",
    );
    assert!(matches!(a.merge(&b), Err(Error::Load(LoadError::DefinitionClash { what: "source", .. }))));
    // A unit id with another scale.
    let with_unit = |scale: &str| {
        let units = format!("id,label,quantity,scale\nusd,US dollars,money:USD,{scale}\n");
        Dataset::from_readers_with_units(
            OBS_HEADER.as_bytes(),
            "id,name,description,unit,kind,definition\n".as_bytes(),
            SOURCES_A.as_bytes(),
            units.as_bytes(),
        )
        .unwrap()
    };
    assert!(with_unit("1").merge(&with_unit("1")).is_ok());
    match with_unit("1").merge(&with_unit("1e6")) {
        Err(Error::Load(LoadError::DefinitionClash { what: "unit", id, left, right })) => {
            assert_eq!(
                (id.as_str(), left.as_str(), right.as_str()),
                ("usd", "usd,US dollars,money:USD,1", "usd,US dollars,money:USD,1000000")
            );
        }
        other => panic!("expected a unit clash, got {other:?}"),
    }
}

#[test]
fn the_same_row_key_in_both_is_a_duplicate() {
    let a = ds("sales,acme,2022,1,exact,cny_bn,reported,a,,\n", METRICS, SOURCES_A);
    for (value, shown) in [("1", "1"), ("3", "3")] {
        let b = ds(&format!("sales,acme,2022,{value},exact,cny_bn,reported,a,,\n"), METRICS, SOURCES_A);
        match a.merge(&b) {
            Err(Error::Load(e @ LoadError::DuplicateInMerge { .. })) => {
                let msg = e.to_string();
                assert!(msg.contains("(metric sales, entity acme, period 2022, status reported, source a)"), "{msg}");
                assert!(msg.ends_with(&format!(": 1 and {shown}")), "{msg}");
            }
            other => panic!("expected DuplicateInMerge, got {other:?}"),
        }
    }
    // Merging a dataset with itself repeats every row.
    assert!(matches!(a.merge(&a), Err(Error::Load(LoadError::DuplicateInMerge { .. }))));
}

#[test]
fn different_sources_that_disagree_are_a_conflict_and_series_keep_their_resolutions() {
    let a = ds(
        "sales,acme,2022,1,exact,cny_bn,reported,a,,\nsales,acme,2023,2,exact,cny_bn,reported,a,,\n",
        METRICS,
        SOURCES_A,
    );
    let b = ds("sales,acme,2023,2.5,exact,cny_bn,reported,b,,\n", METRICS, SOURCES_B);
    let m = a.merge(&b).unwrap();
    let c = m.conflicts();
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].entity.as_str(), c[0].period.to_string()), ("acme", "2023".to_owned()));
    assert!(matches!(m.series("sales", "acme"), Err(Error::Query(QueryError::Conflict(..)))));
    // b (2024-06) was published after a (2024-01): the latest keeps 2.5.
    let s = m.series_with("sales", "acme", &SeriesOptions::new().resolve(Resolve::LatestPublication)).unwrap();
    assert_eq!(s.year(2023).map(|p| p.value.value), Some(2.5));
    assert_eq!(s.resolutions().len(), 1);
    assert_eq!(s.resolutions()[0].rejected().next().unwrap().0.value, 2.0);
    // Rebuilt from its parts, the series keeps the record.
    let again = Series::from_parts(
        s.metric().clone(),
        s.entity(),
        s.points().to_vec(),
        s.sources().to_vec(),
        s.resolutions().to_vec(),
    )
    .unwrap();
    assert_eq!(again.resolutions(), s.resolutions());
    assert!(again.to_string().contains("conflict 2023: kept 2.5 (b)"), "{again}");
    // A resolution for a period the series does not have is refused.
    let lost = Series::from_parts(
        s.metric().clone(),
        s.entity(),
        s.points()[..1].to_vec(),
        s.sources().to_vec(),
        s.resolutions().to_vec(),
    );
    assert!(matches!(lost, Err(Error::Query(QueryError::MissingPeriod { .. }))), "{lost:?}");
}
