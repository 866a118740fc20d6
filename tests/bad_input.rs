//! One test per class of bad input: each gets its own typed error naming
//! the file, the line and (where one field is at fault) the column.

use biopharma_stats::{Dataset, Error, Location};
use biopharma_stats::{LoadError, ParseError};

const OBS: &str = include_str!("../data/observations.csv");
const METRICS: &str = include_str!("../data/metrics.csv");
const SOURCES: &str = include_str!("../data/sources.csv");
/// The shipped data declares a unit (`cny_100m`), so every load passes units.csv too.
const UNITS: &str = include_str!("../data/units.csv");

/// Loads the shipped files with `edit` applied to one of them.
fn load_with(file: &str, edit: impl Fn(&str) -> String) -> Result<Dataset, Error> {
    let pick = |name: &str, text: &str| if name == file { edit(text) } else { text.to_owned() };
    Dataset::from_readers_with_units(
        pick("observations", OBS).as_bytes(),
        pick("metrics", METRICS).as_bytes(),
        pick("sources", SOURCES).as_bytes(),
        UNITS.as_bytes(),
    )
}

/// Replaces field `col` of 1-based line `line` (a record without quoted
/// newlines) with `value`, re-quoting the rest of the record as written.
fn set_field(text: &str, line: usize, col: usize, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(lines[line - 1].as_bytes());
    let mut rec: Vec<String> = rdr.records().next().unwrap().unwrap().iter().map(str::to_owned).collect();
    rec[col] = value.to_owned();
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(vec![]);
    w.write_record(&rec).unwrap();
    lines[line - 1] = String::from_utf8(w.into_inner().unwrap()).unwrap().trim_end().to_owned();
    lines.join("\n") + "\n"
}

fn loc(file: &str, line: u64, column: &'static str) -> Location {
    Location::new(file, line, Some(column))
}

#[test]
fn the_shipped_files_load() {
    let ds = load_with("none", str::to_owned).expect("shipped data must load");
    assert!(ds.len() > 20);
}

#[test]
fn malformed_number_names_line_and_column() {
    for bad in ["4,000", "4k", "30%", "1.2.3", "about 100", " 5", "0x10"] {
        let err = load_with("observations", |t| set_field(t, 3, 3, bad)).unwrap_err();
        match err {
            Error::Load(LoadError::MalformedNumber { at, text }) => {
                assert_eq!(at, loc("observations.csv", 3, "value"));
                assert_eq!(text, bad);
            }
            other => panic!("{bad:?}: expected MalformedNumber, got {other:?}"),
        }
    }
}

#[test]
fn non_finite_number_is_its_own_error() {
    for bad in ["NaN", "inf", "-inf", "Infinity", "1e999"] {
        let err = load_with("observations", |t| set_field(t, 4, 3, bad)).unwrap_err();
        assert!(
            matches!(&err, Error::Load(LoadError::NonFiniteNumber { at, .. }) if *at == loc("observations.csv", 4, "value")),
            "{bad:?}: {err:?}"
        );
    }
}

#[test]
fn unknown_unit_is_refused() {
    let err = load_with("observations", |t| set_field(t, 2, 5, "usd_bn")).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::UnknownUnit { at, text }) if *at == loc("observations.csv", 2, "unit") && text == "usd_bn"),
        "{err:?}"
    );
    let err = load_with("metrics", |t| set_field(t, 2, 3, "yuan")).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::UnknownUnit { at, .. }) if *at == loc("metrics.csv", 2, "unit")),
        "{err:?}"
    );
}

#[test]
fn bad_period_is_refused() {
    for bad in ["19", "2019-2019", "2023-2016", "2016–2023", "FY2019", "2019 "] {
        let err = load_with("observations", |t| set_field(t, 5, 2, bad)).unwrap_err();
        assert!(
            matches!(&err, Error::Parse(ParseError::BadPeriod { at: Some(at), text, .. }) if *at == loc("observations.csv", 5, "period") && text == bad),
            "{bad:?}: {err:?}"
        );
    }
}

#[test]
fn unknown_metric_id_is_refused() {
    let err = load_with("observations", |t| set_field(t, 6, 0, "biomedicine_market_sise")).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::UnknownMetric { at, id }) if *at == loc("observations.csv", 6, "metric") && id == "biomedicine_market_sise"),
        "{err:?}"
    );
}

#[test]
fn unknown_source_id_is_refused() {
    let err = load_with("observations", |t| set_field(t, 7, 7, "nobody_2020")).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::UnknownSource { at, id }) if *at == loc("observations.csv", 7, "source") && id == "nobody_2020"),
        "{err:?}"
    );
}

#[test]
fn unit_contradicting_the_metric_is_refused() {
    // Line 2 is a market-size row (cny_bn); say it is a count.
    let err = load_with("observations", |t| set_field(t, 2, 5, "count")).unwrap_err();
    match err {
        Error::Load(LoadError::UnitMismatch { at, metric, expected, found }) => {
            assert_eq!(at, loc("observations.csv", 2, "unit"));
            assert_eq!(metric, "biomedicine_market_size");
            assert_eq!(expected, biopharma_stats::Unit::CnyBn);
            assert_eq!(found, biopharma_stats::Unit::Count);
        }
        other => panic!("expected UnitMismatch, got {other:?}"),
    }
}

#[test]
fn duplicate_key_names_both_lines() {
    // Append a copy of line 2 with another quote: same metric, entity,
    // period, status and source.
    let err = load_with("observations", |t| {
        let line2 = t.lines().nth(1).unwrap();
        let n = t.lines().count();
        let copy = set_field(&format!("h\n{line2}\n"), 2, 8, "another quote");
        let copy = copy.lines().nth(1).unwrap().to_owned();
        assert!(n > 2);
        format!("{t}{copy}\n")
    })
    .unwrap_err();
    let total = OBS.lines().count() as u64;
    match err {
        Error::Load(LoadError::DuplicateKey { at, first_line, key }) => {
            assert_eq!(at.line, total + 1);
            assert_eq!(at.file, "observations.csv");
            assert_eq!(first_line, 2);
            assert!(key.contains("biomedicine_market_size"), "{key}");
        }
        other => panic!("expected DuplicateKey, got {other:?}"),
    }
}

#[test]
fn duplicate_metric_and_source_ids_are_refused() {
    let err = load_with("metrics", |t| format!("{t}{}\n", t.lines().nth(1).unwrap())).unwrap_err();
    assert!(matches!(&err, Error::Load(LoadError::DuplicateKey { first_line: 2, .. })), "{err:?}");
    let err = load_with("sources", |t| format!("{t}{}\n", t.lines().nth(1).unwrap())).unwrap_err();
    assert!(matches!(&err, Error::Load(LoadError::DuplicateKey { first_line: 2, .. })), "{err:?}");
}

#[test]
fn empty_required_fields_are_refused() {
    // metric, entity, period, value, qualifier, unit, status, source
    let names = ["metric", "entity", "period", "value", "qualifier", "unit", "status", "source"];
    for (col, name) in names.into_iter().enumerate() {
        let err = load_with("observations", |t| set_field(t, 3, col, "")).unwrap_err();
        assert!(
            matches!(&err, Error::Load(LoadError::EmptyField { at }) if *at == loc("observations.csv", 3, name)),
            "{name}: {err:?}"
        );
    }
    let err = load_with("sources", |t| set_field(t, 2, 2, "  ")).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::EmptyField { at }) if *at == loc("sources.csv", 2, "title")),
        "{err:?}"
    );
    let err = load_with("metrics", |t| set_field(t, 2, 5, "")).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::EmptyField { at }) if *at == loc("metrics.csv", 2, "definition")),
        "{err:?}"
    );
}

#[test]
fn unknown_words_are_refused() {
    let err = load_with("observations", |t| set_field(t, 2, 4, "roughly")).unwrap_err();
    assert!(matches!(&err, Error::Load(LoadError::UnknownQualifier { text, .. }) if text == "roughly"), "{err:?}");
    let err = load_with("observations", |t| set_field(t, 2, 6, "estimate")).unwrap_err();
    assert!(matches!(&err, Error::Load(LoadError::UnknownStatus { text, .. }) if text == "estimate"), "{err:?}");
    let err = load_with("metrics", |t| set_field(t, 2, 4, "level")).unwrap_err();
    assert!(matches!(&err, Error::Load(LoadError::UnknownKind { text, .. }) if text == "level"), "{err:?}");
}

#[test]
fn bad_publication_date_is_refused() {
    let err = load_with("sources", |t| set_field(t, 2, 4, "~2025-03")).unwrap_err();
    assert!(
        matches!(&err, Error::Parse(ParseError::BadDate { at: Some(at), text }) if *at == loc("sources.csv", 2, "published") && text == "~2025-03"),
        "{err:?}"
    );
}

#[test]
fn ids_with_white_space_are_refused() {
    let err = load_with("observations", |t| set_field(t, 2, 1, "china ")).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::BadId { at, .. }) if *at == loc("observations.csv", 2, "entity")),
        "{err:?}"
    );
}

#[test]
fn wrong_header_and_field_count_are_refused() {
    let err = load_with("observations", |t| t.replacen("quote,note", "quote,notes", 1)).unwrap_err();
    assert!(matches!(&err, Error::Load(LoadError::BadHeader { file, .. }) if file == "observations.csv"), "{err:?}");
    let err = load_with("observations", |t| {
        let mut lines: Vec<&str> = t.lines().collect();
        let short = "biomedicine_market_size,china,2016";
        lines[3] = short;
        lines.join("\n") + "\n"
    })
    .unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::FieldCount { at, expected: 10, found: 3 }) if at.line == 4 && at.column.is_none()),
        "{err:?}"
    );
}

#[test]
fn invalid_utf8_is_a_csv_error_with_position() {
    let mut bytes = OBS.as_bytes().to_vec();
    // Put an invalid byte in the quote of line 2.
    let line2_start = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    let pos = bytes[line2_start..].windows(4).position(|w| w == b"From").unwrap() + line2_start;
    bytes[pos] = 0xff;
    let err = Dataset::from_readers_with_units(&bytes[..], METRICS.as_bytes(), SOURCES.as_bytes(), UNITS.as_bytes())
        .unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::Csv { at, .. }) if at.line == 2 && at.column == Some("quote")),
        "{err:?}"
    );
}

#[test]
fn unterminated_quote_is_refused_not_swallowed() {
    let text =
        format!("{OBS}biomedicine_market_size,china,2020,1,exact,cny_bn,reported,{},\"open quote,\n", first_source());
    let err =
        Dataset::from_readers_with_units(text.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes(), UNITS.as_bytes());
    // The csv reader takes an unterminated final quote to the end of input;
    // the record then has too few fields and is refused, never dropped.
    assert!(
        matches!(err, Err(Error::Load(LoadError::FieldCount { .. })) | Err(Error::Load(LoadError::Csv { .. }))),
        "{err:?}"
    );
}

#[test]
fn errors_print_file_line_and_column() {
    let err = load_with("observations", |t| set_field(t, 3, 3, "4,000")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "observations.csv:3, column `value`: \"4,000\" is not a plain decimal number (write 4000, not 4,000 or 4k)"
    );
}

#[test]
fn from_dir_names_the_missing_file() {
    let err = Dataset::from_dir("/nonexistent/biopharma").unwrap_err();
    assert!(matches!(&err, Error::Io { path, .. } if path.ends_with("observations.csv")), "{err:?}");
}

fn first_source() -> String {
    SOURCES.lines().nth(1).unwrap().split(',').next().unwrap().to_owned()
}
