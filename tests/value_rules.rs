//! The rules a value obeys by its metric's kind and unit, checked at load
//! with the position of the value; empty and header-only files.

use biopharma_stats::{Dataset, Error, LoadError};

const METRICS: &str = "id,name,description,unit,kind,definition\n\
                       share,Share,,percent,share,Share of the national total\n\
                       growth,Growth,,percent,rate,Growth on the year before\n\
                       approvals,Approvals,,count,flow,Approvals in a year\n\
                       approved,Approved,,count,stock,Approvals to date\n\
                       place,Place,,rank,rank,Place in a ranking\n\
                       sales,Sales,,cny_bn,flow,Sales in a year\n\
                       people,People,,persons,stock,Employees at year end\n";
const UNITS: &str = "id,label,quantity,scale\npersons,persons,count,\n";
const SOURCES: &str = "id,publisher,title,author,published,url,note\nme,Me,My notes,,2024,,\n";
const HEADER: &str = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n";

fn load(rows: &[&str]) -> Result<Dataset, Error> {
    let mut obs = HEADER.to_owned();
    for r in rows {
        obs.push_str(r);
        obs.push('\n');
    }
    Dataset::from_readers_with_units(obs.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes(), UNITS.as_bytes())
}

fn row(metric: &str, unit: &str, value: &str) -> String {
    format!("{metric},acme,2023,{value},exact,{unit},reported,me,,")
}

/// Loads one good row, then the bad one on line 3, and expects the rule's
/// error at line 3, column `value`, with the rule's words.
fn refused(metric: &str, unit: &str, value: &str, words: &str) {
    let good = "sales,acme,2020,1,exact,cny_bn,reported,me,,".to_owned();
    let bad = row(metric, unit, value);
    match load(&[&good, &bad]) {
        Err(Error::Load(e @ LoadError::ValueBreaksRule { .. })) => {
            let LoadError::ValueBreaksRule { at, metric: m, .. } = &e else { unreachable!() };
            assert_eq!(
                (at.file.as_str(), at.line, at.column),
                ("observations.csv", 3, Some("value")),
                "{metric} {value}"
            );
            assert_eq!(m, metric);
            assert!(e.to_string().contains(words), "{e}");
        }
        other => panic!("{metric} = {value}: expected ValueBreaksRule, got {other:?}"),
    }
}

#[test]
fn a_share_in_percent_lies_within_0_to_100() {
    for v in ["180", "100.5", "-0.1", "-5"] {
        refused("share", "percent", v, "a share in percent lies within 0–100");
    }
    let ds = load(&[&row("share", "percent", "0"), "share,acme,2024,100,exact,percent,reported,me,,"])
        .expect("0 and 100 are shares");
    assert_eq!(ds.len(), 2);
}

#[test]
fn a_rate_may_be_negative_or_above_100() {
    let ds = load(&[&row("growth", "percent", "-13.5"), "growth,acme,2024,250,exact,percent,reported,me,,"])
        .expect("rates have no range");
    assert_eq!(ds.len(), 2);
    // Money too may be negative (a loss).
    assert!(load(&[&row("sales", "cny_bn", "-2.5")]).is_ok());
}

#[test]
fn a_count_is_a_non_negative_whole_number() {
    for (metric, unit) in [("approvals", "count"), ("approved", "count"), ("people", "persons")] {
        refused(metric, unit, "-1", "a count is a whole number ≥ 0");
        refused(metric, unit, "2.5", "a count is a whole number ≥ 0");
        // The rule reads the number, not its text: 3.0 is whole, 1e2 is 100.
        assert!(
            load(&[&row(metric, unit, "0"), &format!("{metric},acme,2024,3.0,exact,{unit},reported,me,,")]).is_ok()
        );
        assert!(load(&[&row(metric, unit, "1e2")]).is_ok());
    }
}

#[test]
fn a_rank_is_a_whole_number_at_least_1() {
    refused("place", "rank", "0", "a rank is a whole number ≥ 1");
    refused("place", "rank", "-3", "a rank is a whole number ≥ 1");
    refused("place", "rank", "1.5", "a rank is a whole number ≥ 1");
    assert!(load(&[&row("place", "rank", "1")]).is_ok());
}

#[test]
fn a_zero_byte_file_says_it_is_empty() {
    let obs = "";
    match Dataset::from_readers(
        obs.as_bytes(),
        "id,name,description,unit,kind,definition\n".as_bytes(),
        SOURCES.as_bytes(),
    ) {
        Err(Error::Load(e @ LoadError::EmptyFile { .. })) => {
            assert!(e.to_string().starts_with("observations.csv: the file is empty"), "{e}");
            assert!(e.to_string().contains(HEADER.trim_end()), "{e}");
        }
        other => panic!("expected EmptyFile, got {other:?}"),
    }
    // Only blank lines are no header either.
    let empty_metrics = Dataset::from_readers(HEADER.as_bytes(), "\n\r\n".as_bytes(), SOURCES.as_bytes());
    assert!(
        matches!(&empty_metrics, Err(Error::Load(LoadError::EmptyFile { file, .. })) if file == "metrics.csv"),
        "{empty_metrics:?}"
    );
}

#[test]
fn header_only_files_load_as_zero_rows() {
    let ds = Dataset::from_readers(
        HEADER.as_bytes(),
        "id,name,description,unit,kind,definition\n".as_bytes(),
        "id,publisher,title,author,published,url,note\n".as_bytes(),
    )
    .expect("header-only files are a valid empty dataset");
    assert_eq!((ds.len(), ds.metrics().len(), ds.sources().len()), (0, 0, 0));
    assert!(ds.is_empty());
}
