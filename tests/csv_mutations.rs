//! Random and mutated CSV input derived from the shipped files (issue #7).
//!
//! Every input either loads or fails with a typed error, and the oracle
//! below checks both against an independent CSV parser written here:
//!
//! - an error names a file that could fail (observations.csv, or a file
//!   that was mutated), and a line on which a record of that file starts
//!   (the header for `BadHeader`, the quote's line for an open quote); a
//!   column, when named, is a column of that file, and the text the error
//!   quotes is that field's text;
//! - a load has exactly as many rows as the csv crate counts records in
//!   the file, each row equal to its record field by field (value bit for
//!   bit), and writes back losslessly (same dataset, byte-identical second
//!   write);
//! - reading the files a few bytes at a time (one case in 16) gives the
//!   same outcome;
//! - nothing panics. A failing case prints its name, its mutation steps and
//!   a command to rerun it alone, and writes its three files under
//!   `target/tmp/csv_mutations/`.
//!
//! 10,000 inputs in six families (values 1,500, fields 1,500, rows and
//! headers 1,000, dialects 800, stacked mutations 2 × 2,000, garbage
//! 1,200), one `#[test]` each (two for the stacked ones) so that they run
//! in parallel. The seed is fixed; `BPS_MUTATION_SEED=<n>` explores others,
//! `BPS_MUTATION_CASE=<family>:<i>` reruns one case.

mod common;
#[path = "common/rng.rs"]
mod rng;
use biopharma_stats::{LoadError, ParseError};
use common::Trickle;
use rng::Rng;

use std::collections::BTreeMap;
use std::path::Path;

use biopharma_stats::{Dataset, Error, Location};

const OBS: &str = include_str!("../data/observations.csv");
const SOURCES: &str = include_str!("../data/sources.csv");
/// The shipped data declares a unit (`cny_100m`); every load passes the
/// shipped units.csv, unmutated.
const UNITS: &str = include_str!("../data/units.csv");

/// The shipped files as this test loads them (metrics.csv in six columns).
fn baseline() -> &'static Dataset {
    static BASE: std::sync::OnceLock<Dataset> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        Dataset::from_readers_with_units(OBS.as_bytes(), metrics().as_bytes(), SOURCES.as_bytes(), UNITS.as_bytes())
            .expect("the shipped files load")
    })
}

/// The number of rows in the shipped observations.csv.
fn shipped_rows() -> usize {
    baseline().len()
}

/// The shipped metrics.csv without its optional seventh column (`rate_of`):
/// this oracle knows the six-column layout, and the `rate_of` column has its
/// own tests (tests/rate_of.rs).
fn metrics() -> &'static str {
    static SIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SIX.get_or_init(|| {
        let mut rdr =
            csv::ReaderBuilder::new().has_headers(false).from_reader(include_str!("../data/metrics.csv").as_bytes());
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(vec![]);
        for rec in rdr.records() {
            let rec = rec.expect("the shipped metrics.csv parses");
            w.write_record(rec.iter().take(6)).expect("write to a Vec");
        }
        String::from_utf8(w.into_inner().expect("flush a Vec")).expect("UTF-8")
    })
}

const NAMES: [&str; 3] = ["observations.csv", "metrics.csv", "sources.csv"];
const O: usize = 0;
const M: usize = 1;
const S: usize = 2;

/// The headers as the codebook (data/README.md) defines them.
const HEADERS: [&[&str]; 3] = [
    &["metric", "entity", "period", "value", "qualifier", "unit", "status", "source", "quote", "note"],
    &["id", "name", "description", "unit", "kind", "definition"],
    &["id", "publisher", "title", "author", "published", "url", "note"],
];

const BOM: &[u8] = b"\xef\xbb\xbf";

// ---------------------------------------------------------------------------
// Cases, the harness and its report
// ---------------------------------------------------------------------------

/// What a case must do beyond the invariants every case keeps.
#[derive(Debug, Clone)]
enum Expect {
    /// Only the invariants.
    Any,
    /// Loads, with this many rows when given.
    Loads(Option<usize>),
    /// Loads into a dataset equal to the shipped one.
    Same,
    /// Loads; the row whose record starts on `line` has this value.
    Value { line: u64, bits: u64 },
    /// Loads; the row whose record starts on `line` has this text in
    /// column `col` (quote 8 or note 9) of observations.csv.
    Text { line: u64, col: usize, text: String },
    /// Fails with this variant in this file, at `line` (if given) and
    /// `column` (if given).
    Fails { variant: &'static str, file: usize, line: Option<u64>, column: Option<&'static str> },
    /// Loads, or fails with one of these variants.
    LoadsOr(&'static [&'static str]),
}

struct Case {
    name: String,
    files: [Vec<u8>; 3],
    mutated: [bool; 3],
    steps: Vec<String>,
    expect: Expect,
    /// Whether a load is also written, read back and written again.
    round_trip: bool,
}

impl Case {
    fn new(name: String) -> Self {
        Case {
            name,
            files: [OBS, metrics(), SOURCES].map(|t| t.as_bytes().to_vec()),
            mutated: [false; 3],
            steps: Vec::new(),
            expect: Expect::Any,
            round_trip: true,
        }
    }

    fn set(&mut self, file: usize, bytes: Vec<u8>, step: String) {
        self.files[file] = bytes;
        self.mutated[file] = true;
        self.steps.push(format!("{}: {step}", NAMES[file]));
    }
}

/// Prints the case and writes its files if the check panics (a loader
/// panic or a failed assertion), so the failing input is never lost.
struct Report<'a>(&'a Case);

impl Drop for Report<'_> {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            return;
        }
        let c = self.0;
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("csv_mutations").join(c.name.replace(':', "-"));
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| NAMES.iter().zip(&c.files).try_for_each(|(n, b)| std::fs::write(dir.join(n), b)));
        eprintln!("\n=== failing input: case {} (seed {})", c.name, seed());
        for s in &c.steps {
            let short: String = s.chars().take(300).collect();
            eprintln!("    step: {short}{}", if short.len() < s.len() { "…" } else { "" });
        }
        eprintln!("    expected: {:?}", c.expect);
        match written {
            Ok(()) => eprintln!("    files: {}", dir.display()),
            Err(e) => eprintln!("    files could not be written ({e})"),
        }
        eprintln!(
            "    rerun: BPS_MUTATION_SEED={} BPS_MUTATION_CASE={} cargo test --test csv_mutations -- --nocapture",
            seed(),
            c.name
        );
    }
}

fn preview(b: &[u8], max: usize) -> String {
    let s = String::from_utf8_lossy(&b[..b.len().min(max)]).escape_debug().to_string();
    if b.len() > max { format!("{s}… ({} bytes)", b.len()) } else { s }
}

fn seed() -> u64 {
    std::env::var("BPS_MUTATION_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x6269_6f70_6861_726d)
}

/// Runs `count` cases of a family; `make` builds case `i` from its own
/// random stream. Loads are written back and read again in every case of
/// a family that says `all_round_trips`, else in every fourth (to keep the
/// test fast). Returns how often each outcome occurred.
fn run_family(
    family: &str,
    count: usize,
    all_round_trips: bool,
    make: impl Fn(&mut Rng, &mut Case),
) -> BTreeMap<&'static str, usize> {
    let only = std::env::var("BPS_MUTATION_CASE").ok();
    let start = std::time::Instant::now();
    let mut outcomes = BTreeMap::new();
    let mut ran = 0;
    for i in 0..count {
        let name = format!("{family}:{i}");
        if only.as_ref().is_some_and(|o| *o != name) {
            continue;
        }
        let mut rng = Rng::new(seed() ^ hash(family).wrapping_add(i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut case = Case::new(name);
        case.round_trip = all_round_trips || i % 4 == 0;
        make(&mut rng, &mut case);
        *outcomes.entry(check(&case)).or_insert(0) += 1;
        ran += 1;
    }
    eprintln!("{family}: {ran} inputs in {:.1} s: {outcomes:?}", start.elapsed().as_secs_f64());
    if only.is_none() {
        assert_eq!(ran, count);
    }
    outcomes
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// Asserts that every variant in `want` occurred (when the whole family
/// ran with the default seed).
fn assert_covers(outcomes: &BTreeMap<&'static str, usize>, want: &[&str]) {
    if std::env::var("BPS_MUTATION_CASE").is_ok() || std::env::var("BPS_MUTATION_SEED").is_ok() {
        return;
    }
    for w in want {
        assert!(outcomes.contains_key(w), "no input produced {w}: {outcomes:?}");
    }
}

// ---------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------

/// Loads the case and checks it; returns the outcome's name.
fn check(case: &Case) -> &'static str {
    let _report = Report(case);
    let [o, m, s] = &case.files;
    let result = Dataset::from_readers_with_units(&o[..], &m[..], &s[..], UNITS.as_bytes());
    // The test's parser only for the files the checks look at.
    let need = match &result {
        Ok(_) => [true; 3],
        Err(e) => {
            let file = e.location().map(|at| at.file.as_str()).or(match e {
                Error::Load(LoadError::BadHeader { file, .. }) | Error::Load(LoadError::EmptyFile { file, .. }) => {
                    Some(file.as_str())
                }
                _ => None,
            });
            let i = file.and_then(|f| NAMES.iter().position(|n| *n == f));
            [0, 1, 2].map(|k| i.is_none_or(|i| i == k) || k == O && matches!(case.expect, Expect::Fails { .. }))
        }
    };
    // Unchanged files are parsed once for all cases.
    let own = [0, 1, 2].map(|k| (need[k] && case.mutated[k]).then(|| parse(&case.files[k])));
    let empty = Parsed::default();
    let parsed = [0, 1, 2].map(|k| match &own[k] {
        Some(p) => p,
        None if need[k] => &shipped()[k].0,
        None => &empty,
    });
    match &result {
        Ok(ds) => check_loaded(case, &parsed, ds),
        Err(e) => check_error(case, &parsed, e),
    }
    check_expectation(case, &parsed, &result);
    // One case in 16 is read again a few bytes at a time (the loader's
    // line scanner sees chunk boundaries anywhere): the same outcome.
    let h = hash(&case.name);
    if h.is_multiple_of(16) {
        let chunk = 1 + (h >> 8) as usize % 512;
        let trickle = |k: usize| Trickle { rest: &case.files[k], chunk };
        let again = Dataset::from_readers_with_units(trickle(O), trickle(M), trickle(S), UNITS.as_bytes());
        match (&result, &again) {
            (Ok(a), Ok(b)) => assert!(a == b, "read {chunk} bytes at a time: another dataset"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "read {chunk} bytes at a time"),
            (a, b) => panic!("read {chunk} bytes at a time: {:?} then {:?}", a.as_ref().err(), b.as_ref().err()),
        }
    }
    match &result {
        Ok(_) => "Ok",
        Err(e) => variant(e),
    }
}

fn variant(e: &Error) -> &'static str {
    match e {
        Error::Io { .. } => "Io",
        Error::Load(LoadError::Csv { message, .. }) if message.contains("never closed") => "Csv(open quote)",
        Error::Load(LoadError::Csv { .. }) => "Csv",
        Error::Load(LoadError::BadHeader { .. }) => "BadHeader",
        Error::Load(LoadError::FieldCount { .. }) => "FieldCount",
        Error::Load(LoadError::EmptyField { .. }) => "EmptyField",
        Error::Load(LoadError::BadId { .. }) => "BadId",
        Error::Load(LoadError::MalformedNumber { .. }) => "MalformedNumber",
        Error::Load(LoadError::NonFiniteNumber { .. }) => "NonFiniteNumber",
        Error::Load(LoadError::UnknownUnit { .. }) => "UnknownUnit",
        Error::Load(LoadError::UnknownQualifier { .. }) => "UnknownQualifier",
        Error::Load(LoadError::UnknownStatus { .. }) => "UnknownStatus",
        Error::Load(LoadError::UnknownKind { .. }) => "UnknownKind",
        Error::Parse(ParseError::BadPeriod { .. }) => "BadPeriod",
        Error::Parse(ParseError::BadDate { .. }) => "BadDate",
        Error::Load(LoadError::UnknownMetric { .. }) => "UnknownMetric",
        Error::Load(LoadError::UnknownSource { .. }) => "UnknownSource",
        Error::Load(LoadError::UnitMismatch { .. }) => "UnitMismatch",
        Error::Load(LoadError::DuplicateKey { .. }) => "DuplicateKey",
        Error::Load(LoadError::ValueBreaksRule { .. }) => "ValueBreaksRule",
        Error::Load(LoadError::EmptyFile { .. }) => "EmptyFile",
        _ => "other",
    }
}

/// The shipped files parsed by the test's parser, and their record counts
/// by the csv crate.
fn shipped() -> &'static [(Parsed, usize); 3] {
    static SHIPPED: std::sync::OnceLock<[(Parsed, usize); 3]> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(|| [OBS, metrics(), SOURCES].map(|t| (parse(t.as_bytes()), csv_count(t.as_bytes()))))
}

fn csv_count(f: &[u8]) -> usize {
    csv::ReaderBuilder::new().flexible(true).from_reader(f).byte_records().count()
}

fn check_loaded(case: &Case, parsed: &[&Parsed; 3], ds: &Dataset) {
    // No row dropped or merged: the csv crate's count, the parser's count,
    // and every row against its record.
    for (i, f) in case.files.iter().enumerate() {
        let counted = if case.mutated[i] { csv_count(f) } else { shipped()[i].1 };
        let loaded = [ds.len(), ds.metrics().len(), ds.sources().len()][i];
        assert_eq!(loaded, counted, "{}: loaded {loaded} rows, the csv crate counts {counted} records", NAMES[i]);
        assert_eq!(
            parsed[i].records.len(),
            counted + 1,
            "{}: the test's parser disagrees with the csv crate",
            NAMES[i]
        );
        assert!(!parsed[i].open_quote, "{}: loaded although a quote is left open", NAMES[i]);
        let header = parsed[i].records[0].fields.iter().map(Vec::as_slice);
        assert!(header.eq(HEADERS[i].iter().map(|h| h.as_bytes())), "{}: loaded with a wrong header", NAMES[i]);
    }
    let text = |b: &[u8]| std::str::from_utf8(b).expect("a loaded field is UTF-8").to_owned();
    for (o, r) in ds.observations().zip(&parsed[O].records[1..]) {
        let f = &r.fields;
        let at = format!("observations.csv:{}", r.line);
        assert_eq!(o.metric.id.as_str(), text(&f[0]), "{at}");
        assert_eq!(o.entity, text(&f[1]), "{at}");
        assert_eq!(o.period.to_string(), text(&f[2]), "{at}");
        let v: f64 = text(&f[3]).parse().expect("a loaded value parses");
        assert_eq!(o.value.value.to_bits(), v.to_bits(), "{at}: value {:?}", text(&f[3]));
        assert!(o.value.value.is_finite(), "{at}");
        assert_eq!(o.value.qualifier.as_str(), text(&f[4]), "{at}");
        assert_eq!(o.unit().as_str(), text(&f[5]), "{at}");
        assert_eq!(o.status.as_str(), text(&f[6]), "{at}");
        assert_eq!(o.source.id.as_str(), text(&f[7]), "{at}");
        assert_eq!(o.quote, text(&f[8]), "{at}");
        assert_eq!(o.note, text(&f[9]), "{at}");
    }
    for (m, r) in ds.metrics().zip(&parsed[M].records[1..]) {
        let got = [m.id.as_str(), &m.name, &m.description, m.unit.as_str(), m.kind.as_str(), &m.definition];
        assert!(got.iter().zip(&r.fields).all(|(g, f)| g.as_bytes() == &f[..]), "metrics.csv:{}", r.line);
    }
    for (s, r) in ds.sources().zip(&parsed[S].records[1..]) {
        let published = s.published.to_string();
        let got = [
            s.id.as_str(),
            &s.publisher,
            &s.title,
            s.author.as_deref().unwrap_or(""),
            &published,
            s.url.as_deref().unwrap_or(""),
            &s.note,
        ];
        assert!(got.iter().zip(&r.fields).all(|(g, f)| g.as_bytes() == &f[..]), "sources.csv:{}", r.line);
    }
    // Lossless: write, read back, write again.
    if !case.round_trip {
        return;
    }
    let first = write_all(ds);
    let back = Dataset::from_readers_with_units(&first[0][..], &first[1][..], &first[2][..], UNITS.as_bytes())
        .expect("written files load");
    assert!(&back == ds, "the dataset changed through write and read");
    assert!(write_all(&back) == first, "the second write differs from the first");
}

fn write_all(ds: &Dataset) -> [Vec<u8>; 3] {
    let (mut o, mut m, mut s) = (Vec::new(), Vec::new(), Vec::new());
    ds.write_observations(&mut o).unwrap();
    ds.write_metrics(&mut m).unwrap();
    ds.write_sources(&mut s).unwrap();
    [o, m, s]
}

fn file_index(name: &str) -> usize {
    NAMES.iter().position(|n| *n == name).unwrap_or_else(|| panic!("error names an unknown file {name:?}"))
}

/// The file an error names must be observations.csv (which can fail for
/// what the other files say) or a file the case changed.
fn check_file(case: &Case, name: &str) -> usize {
    let i = file_index(name);
    assert!(i == O || case.mutated[i], "error in {name}, which the case did not change");
    i
}

/// Checks a row-level location; returns the record and the field index
/// its column names (if any).
fn check_at<'p>(case: &Case, parsed: &[&'p Parsed; 3], at: &Location) -> (&'p Record, Option<usize>) {
    let i = check_file(case, &at.file);
    let records = &parsed[i].records;
    let k = records
        .iter()
        .position(|r| r.line == at.line)
        .unwrap_or_else(|| panic!("{at}: no record of {} starts on line {}", at.file, at.line));
    assert!(k > 0, "{at}: a row-level error on the header line");
    let col = at.column.map(|c| {
        HEADERS[i].iter().position(|h| *h == c).unwrap_or_else(|| panic!("{at}: {c:?} is not a column of {}", at.file))
    });
    (&records[k], col)
}

fn field<'r>(rec: &'r Record, col: Option<usize>, at: &Location) -> &'r [u8] {
    let c = col.unwrap_or_else(|| panic!("{at}: a field-level error without a column"));
    rec.fields.get(c).unwrap_or_else(|| panic!("{at}: the record has no field {c}"))
}

fn check_error(case: &Case, parsed: &[&Parsed; 3], e: &Error) {
    let shown = e.to_string();
    let words = |i: usize, w: &[&str], text: &str| {
        assert!(!w.contains(&text), "{e:?}: {text:?} is a known word ({i})");
    };
    match e {
        Error::Load(LoadError::BadHeader { file, expected, found }) => {
            let i = check_file(case, file);
            assert_eq!(*expected, HEADERS[i].join(","));
            let header: Vec<&[u8]> =
                parsed[i].records.first().map(|r| r.fields.iter().map(Vec::as_slice).collect()).unwrap_or_default();
            assert_ne!(
                header,
                HEADERS[i].iter().map(|h| h.as_bytes()).collect::<Vec<_>>(),
                "{e:?}: the header is right"
            );
            let lossy: Vec<String> = header.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            assert_eq!(*found, lossy.join(","), "{e:?}");
            assert!(shown.starts_with(&format!("{file}: ")), "{shown}");
        }
        Error::Load(LoadError::Csv { at, message }) => {
            let i = check_file(case, &at.file);
            assert!(at.line >= 1 && at.line <= parsed[i].lines, "{at}: the file has {} lines", parsed[i].lines);
            if message.contains("never closed") {
                assert!(parsed[i].open_quote, "{e:?}: no quote is left open");
                assert_eq!(at.column, HEADERS[i].last().copied(), "{e:?}");
            } else {
                assert!(message.contains("UTF-8"), "{e:?}: a CSV error that is neither UTF-8 nor an open quote");
                let (rec, col) = check_at(case, parsed, at);
                assert!(std::str::from_utf8(field(rec, col, at)).is_err(), "{e:?}: the field is valid UTF-8");
            }
        }
        Error::Load(LoadError::FieldCount { at, expected, found }) => {
            let (rec, col) = check_at(case, parsed, at);
            assert!(col.is_none(), "{e:?}");
            assert_eq!(*expected, HEADERS[file_index(&at.file)].len(), "{e:?}");
            assert_eq!(*found, rec.fields.len(), "{e:?}");
            assert_ne!(found, expected, "{e:?}");
        }
        Error::Load(LoadError::EmptyField { at }) => {
            let (rec, col) = check_at(case, parsed, at);
            let f = field(rec, col, at);
            assert!(std::str::from_utf8(f).is_ok_and(|t| t.trim().is_empty()), "{e:?}: {:?}", preview(f, 80));
        }
        Error::Load(LoadError::BadId { at, text }) => {
            let (rec, col) = check_at(case, parsed, at);
            assert_eq!(field(rec, col, at), text.as_bytes(), "{e:?}");
            assert!(text.chars().any(|c| c.is_whitespace() || c.is_control()), "{e:?}: a valid id");
        }
        Error::Load(LoadError::MalformedNumber { at, text }) | Error::Load(LoadError::NonFiniteNumber { at, text }) => {
            let (rec, col) = check_at(case, parsed, at);
            assert_eq!(at.column, Some("value"), "{e:?}");
            assert_eq!(String::from_utf8_lossy(field(rec, col, at)), *text, "{e:?}");
        }
        Error::Load(LoadError::UnknownUnit { at, text }) => {
            let (rec, col) = check_at(case, parsed, at);
            assert_eq!(field(rec, col, at), text.as_bytes(), "{e:?}");
            words(0, &["cny_bn", "count", "percent", "rank"], text);
        }
        Error::Load(LoadError::UnknownQualifier { at, text }) => {
            let (rec, col) = check_at(case, parsed, at);
            assert_eq!(field(rec, col, at), text.as_bytes(), "{e:?}");
            words(1, &["exact", "approx", "more_than", "less_than", "at_least", "at_most"], text);
        }
        Error::Load(LoadError::UnknownStatus { at, text }) => {
            let (rec, col) = check_at(case, parsed, at);
            assert_eq!(field(rec, col, at), text.as_bytes(), "{e:?}");
            words(2, &["reported", "target"], text);
        }
        Error::Load(LoadError::UnknownKind { at, text }) => {
            let (rec, col) = check_at(case, parsed, at);
            assert_eq!(field(rec, col, at), text.as_bytes(), "{e:?}");
            words(3, &["flow", "stock", "share", "rate", "rank"], text);
        }
        Error::Parse(ParseError::BadPeriod { at, text, .. }) | Error::Parse(ParseError::BadDate { at, text }) => {
            let at = at.as_ref().unwrap_or_else(|| panic!("{e:?}: a load error without a location"));
            let (rec, col) = check_at(case, parsed, at);
            assert_eq!(field(rec, col, at), text.as_bytes(), "{e:?}");
        }
        Error::Load(LoadError::UnknownMetric { at, id }) | Error::Load(LoadError::UnknownSource { at, id }) => {
            let (rec, col) = check_at(case, parsed, at);
            assert_eq!(field(rec, col, at), id.as_bytes(), "{e:?}");
            let defs = if matches!(e, Error::Load(LoadError::UnknownMetric { .. })) { M } else { S };
            assert!(
                !parsed[defs]
                    .records
                    .iter()
                    .skip(1)
                    .any(|r| r.fields.first().map(Vec::as_slice) == Some(id.as_bytes())),
                "{e:?}: {id:?} is defined in {}",
                NAMES[defs]
            );
        }
        Error::Load(LoadError::UnitMismatch { at, metric, expected, found }) => {
            let (rec, col) = check_at(case, parsed, at);
            assert_eq!(field(rec, col, at), found.as_str().as_bytes(), "{e:?}");
            assert_eq!(rec.fields[0], metric.as_bytes(), "{e:?}");
            assert_ne!(expected, found, "{e:?}");
        }
        Error::Load(LoadError::EmptyFile { file, expected }) => {
            let i = check_file(case, file);
            assert_eq!(*expected, HEADERS[i].join(","));
            let bytes = &case.files[i];
            let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            assert!(body.iter().all(|b| matches!(b, b'\n' | b'\r')), "{e:?}: the file has a record");
        }
        Error::Load(LoadError::ValueBreaksRule { at, metric, value, .. }) => {
            let (rec, col) = check_at(case, parsed, at);
            assert_eq!(at.column, Some("value"), "{e:?}");
            assert_eq!(rec.fields[0], metric.as_bytes(), "{e:?}");
            let text = String::from_utf8_lossy(field(rec, col, at)).into_owned();
            assert_eq!(text.parse::<f64>().map(f64::to_bits), Ok(value.to_bits()), "{e:?}");
            // The rule of the metric as this case's metrics.csv defines it
            // (a mutation may have changed its unit or kind).
            assert!(breaks_rule_in(&parse(&case.files[M]), metric, *value), "{e:?}: the value obeys its metric's rule");
        }
        Error::Load(LoadError::DuplicateKey { at, first_line, .. }) => {
            check_at(case, parsed, at);
            let first = Location::new(at.file.clone(), *first_line, None);
            check_at(case, parsed, &first);
            assert!(*first_line < at.line, "{e:?}: the first occurrence is not first");
        }
        other => panic!("{other:?} is not an error a load returns"),
    }
    if let Some(at) = e.location() {
        assert!(shown.starts_with(&format!("{at}")), "{shown} does not start with {at}");
    }
}

fn check_expectation(case: &Case, parsed: &[&Parsed; 3], result: &Result<Dataset, Error>) {
    fn row_at<'d>(parsed: &[&Parsed; 3], ds: &'d Dataset, line: u64) -> biopharma_stats::Observation<'d> {
        let k = parsed[O].records.iter().position(|r| r.line == line).expect("a record starts on the line");
        ds.observations().nth(k - 1).expect("the row is loaded")
    }
    match (&case.expect, result) {
        (Expect::Any, _) => {}
        (Expect::Loads(rows), Ok(ds)) => {
            if let Some(n) = rows {
                assert_eq!(ds.len(), *n, "rows loaded");
            }
        }
        (Expect::Same, Ok(ds)) => assert!(ds == baseline(), "loads, but not into the shipped dataset"),
        (Expect::Value { line, bits }, Ok(ds)) => {
            let v = row_at(parsed, ds, *line).value.value;
            assert_eq!(v.to_bits(), *bits, "value {v:e}, expected {:e}", f64::from_bits(*bits));
        }
        (Expect::Text { line, col, text }, Ok(ds)) => {
            let o = row_at(parsed, ds, *line);
            assert_eq!(if *col == 8 { o.quote } else { o.note }, text);
        }
        (Expect::Fails { variant: v, file, line, column }, Err(e)) => {
            assert_eq!(variant(e), *v, "{e:?}");
            match (e, e.location()) {
                (Error::Load(LoadError::BadHeader { file: f, .. }), _)
                | (Error::Load(LoadError::EmptyFile { file: f, .. }), _) => assert_eq!(f, NAMES[*file]),
                (_, Some(at)) => {
                    assert_eq!(at.file, NAMES[*file], "{e:?}");
                    if let Some(l) = line {
                        assert_eq!(at.line, *l, "{e:?}");
                    }
                    if column.is_some() {
                        assert_eq!(at.column, *column, "{e:?}");
                    }
                }
                (_, None) => panic!("{e:?} has no location"),
            }
        }
        (Expect::LoadsOr(_), Ok(_)) => {}
        (Expect::LoadsOr(vs), Err(e)) => assert!(vs.contains(&variant(e)), "{e:?}"),
        (want, got) => panic!("expected {want:?}, got {:?}", got.as_ref().map(|d| d.len())),
    }
}

// ---------------------------------------------------------------------------
// An independent CSV parser: the csv crate's rules, written out plainly
// ---------------------------------------------------------------------------

#[derive(Debug, Default)]
struct Record {
    /// The line the record starts on (`\n`, `\r\n` and `\r` each end a line).
    line: u64,
    fields: Vec<Vec<u8>>,
}

#[derive(Debug, Default)]
struct Parsed {
    /// The header, then the rows.
    records: Vec<Record>,
    /// The input ends inside a quoted field.
    open_quote: bool,
    /// Lines in the file.
    lines: u64,
}

/// `,` separates fields; a field that starts with `"` is quoted, `""` in it
/// is a quote and a `"` ends it (what follows up to the next `,` is kept);
/// `\r`, `\n` or `\r\n` ends a record; empty lines are skipped; a UTF-8
/// BOM at the very start is skipped.
fn parse(input: &[u8]) -> Parsed {
    #[derive(PartialEq)]
    enum St {
        Between,
        Start,
        Plain,
        Quoted,
        QuoteSeen,
    }
    let bytes = input.strip_prefix(BOM).unwrap_or(input);
    let mut out = Parsed::default();
    let (mut st, mut line, mut prev) = (St::Between, 1u64, 0u8);
    let mut rec = Record::default();
    let mut fld = Vec::new();
    for &b in bytes {
        let end = b == b'\n' || b == b'\r';
        if st == St::Between && !end {
            rec.line = line;
            st = St::Start;
        }
        st = match st {
            St::Between => St::Between,
            St::Start | St::Plain | St::QuoteSeen if b == b',' => {
                rec.fields.push(std::mem::take(&mut fld));
                St::Start
            }
            St::Start | St::Plain | St::QuoteSeen if end => {
                rec.fields.push(std::mem::take(&mut fld));
                out.records.push(std::mem::take(&mut rec));
                St::Between
            }
            St::Start if b == b'"' => St::Quoted,
            St::Quoted if b == b'"' => St::QuoteSeen,
            St::QuoteSeen if b == b'"' => {
                fld.push(b'"');
                St::Quoted
            }
            St::Quoted => {
                fld.push(b);
                St::Quoted
            }
            St::Start | St::Plain | St::QuoteSeen => {
                fld.push(b);
                St::Plain
            }
        };
        if b == b'\r' || (b == b'\n' && prev != b'\r') {
            line += 1;
        }
        prev = b;
    }
    if st != St::Between {
        out.open_quote = st == St::Quoted;
        rec.fields.push(fld);
        out.records.push(rec);
    }
    out.lines = line;
    out
}

// ---------------------------------------------------------------------------
// Random numbers and editing helpers
// ---------------------------------------------------------------------------

/// The lines of a file without their `\n`.
fn lines(b: &[u8]) -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
    if v.last().is_some_and(Vec::is_empty) {
        v.pop();
    }
    v
}

fn unlines(v: &[Vec<u8>]) -> Vec<u8> {
    v.iter().flat_map(|l| l.iter().copied().chain([b'\n'])).collect()
}

/// The fields of one line (the shipped files have no multi-line fields).
fn split_record(line: &[u8]) -> Vec<Vec<u8>> {
    parse(line).records.swap_remove(0).fields
}

/// One record as CSV, quoted where needed, without a line end.
fn join_record(fields: &[Vec<u8>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    w.write_record(fields).unwrap();
    let mut out = w.into_inner().unwrap();
    out.pop();
    out
}

/// Sets field `col` of 1-based line `line`.
fn set_field(file: &[u8], line: usize, col: usize, value: &[u8]) -> Vec<u8> {
    let mut ls = lines(file);
    let mut rec = split_record(&ls[line - 1]);
    rec[col] = value.to_vec();
    ls[line - 1] = join_record(&rec);
    unlines(&ls)
}

/// The metric id of the observation on `line`.
fn metric_of(obs: &[u8], line: usize) -> String {
    String::from_utf8_lossy(&get_field(obs, line, 0)).into_owned()
}

/// The codebook's value rules, written out here apart from the loader's:
/// a rank (kind or unit) is a whole number ≥ 1, a count a whole number
/// ≥ 0, a share in percent within 0–100; any other finite number is valid.
/// An unknown metric breaks no rule (the load fails on the metric first).
fn breaks_rule(metric: &str, v: f64) -> bool {
    use biopharma_stats::{MetricKind, Unit};
    let Some(m) = Dataset::embedded().metric(metric) else { return false };
    let whole = v == v.trunc();
    if m.kind == MetricKind::Rank || m.unit == Unit::RANK {
        !(whole && v >= 1.0)
    } else if m.unit == Unit::COUNT {
        !(whole && v >= 0.0)
    } else if m.kind == MetricKind::Share && m.unit == Unit::PERCENT {
        !(0.0..=100.0).contains(&v)
    } else {
        false
    }
}

/// [`breaks_rule`] with the metric's unit and kind read from `metrics`.
fn breaks_rule_in(metrics: &Parsed, metric: &str, v: f64) -> bool {
    let Some(rec) = metrics.records.iter().skip(1).find(|r| r.fields.len() >= 5 && r.fields[0] == metric.as_bytes())
    else {
        return breaks_rule(metric, v);
    };
    let (unit, kind) = (&rec.fields[3][..], &rec.fields[4][..]);
    let whole = v == v.trunc();
    if kind == b"rank" || unit == b"rank" {
        !(whole && v >= 1.0)
    } else if unit == b"count" {
        !(whole && v >= 0.0)
    } else if kind == b"share" && unit == b"percent" {
        !(0.0..=100.0).contains(&v)
    } else {
        false
    }
}

fn get_field(file: &[u8], line: usize, col: usize) -> Vec<u8> {
    split_record(&lines(file)[line - 1]).swap_remove(col)
}

/// A random data line (1-based, after the header) of a shipped file.
fn data_line(rng: &mut Rng, file: &[u8]) -> usize {
    rng.range(2, lines(file).len())
}

/// The records of the shipped observations.csv, one per line.
fn obs_records() -> &'static [Vec<Vec<u8>>] {
    static RECORDS: std::sync::OnceLock<Vec<Vec<Vec<u8>>>> = std::sync::OnceLock::new();
    RECORDS.get_or_init(|| parse(OBS.as_bytes()).records.into_iter().map(|r| r.fields).collect())
}

/// The first line of observations.csv whose column `col` is `id`.
fn first_obs_line_with(col: usize, id: &[u8]) -> u64 {
    let k = obs_records().iter().position(|r| r[col] == id).expect("the id is used");
    k as u64 + 1
}

/// Free text: commas, quotes, line ends, Chinese, emoji, BOMs, NULs, and
/// now and then a very long run.
fn random_text(rng: &mut Rng) -> Vec<u8> {
    const FRAGMENTS: &[&str] = &[
        "a",
        "Z",
        " ",
        ",",
        "\"",
        "\"\"",
        "\n",
        "\r\n",
        "\r",
        "中国",
        "生物医药",
        "\t",
        "'",
        "\u{feff}",
        "é",
        "😀",
        "\\",
        "#",
        "\0",
        "\u{200b}",
        "\u{2028}",
        "%",
        "1,000",
        "NaN",
    ];
    let mut t = Vec::new();
    for _ in 0..rng.below(8) {
        t.extend_from_slice(rng.pick(FRAGMENTS).as_bytes());
    }
    if rng.chance(3) {
        let n = if rng.chance(10) { 1 << 20 } else { rng.range(1_000, 100_000) };
        let unit: &[u8] = rng.bytes(&[&b"x"[..], "长".as_bytes(), b"a,\"b\"\n"]);
        t.extend(unit.iter().copied().cycle().take(n - n % unit.len()));
    }
    t
}

// ---------------------------------------------------------------------------
// Family 1: values — huge, tiny, signed zero, NaN and infinity text, junk
// ---------------------------------------------------------------------------

enum Num {
    Is(f64),
    NonFinite,
    Malformed,
    Empty,
}

/// Worked out by hand from IEEE 754 double precision: the largest finite
/// double is 1.7976931348623157e308 (…158e308 still rounds down to it,
/// …159e308 rounds up to infinity); the smallest subnormal is 5e-324
/// (4.9e-324 rounds to it, 1e-400 underflows to 0); 2^53 + 1 is not
/// representable and rounds to 2^53 (ties to even).
const NUMBERS: &[(&str, Num)] = &[
    ("1e308", Num::Is(1e308)),
    ("1.7976931348623157e308", Num::Is(f64::MAX)),
    ("1.7976931348623158e308", Num::Is(f64::MAX)),
    ("-1.7976931348623157e308", Num::Is(f64::MIN)),
    ("1.7976931348623159e308", Num::NonFinite),
    ("1e400", Num::NonFinite),
    ("-1e400", Num::NonFinite),
    ("1e999999999999", Num::NonFinite),
    ("5e-324", Num::Is(5e-324)),
    ("4.9e-324", Num::Is(5e-324)),
    ("-5e-324", Num::Is(-5e-324)),
    ("2.2250738585072014e-308", Num::Is(f64::MIN_POSITIVE)),
    ("1e-400", Num::Is(0.0)),
    ("1e-300", Num::Is(1e-300)),
    ("1e300", Num::Is(1e300)),
    ("-0", Num::Is(-0.0)),
    ("-0.0", Num::Is(-0.0)),
    ("+0", Num::Is(0.0)),
    ("0", Num::Is(0.0)),
    ("0.30000000000000004", Num::Is(0.30000000000000004)),
    ("0.1", Num::Is(0.1)),
    ("9007199254740992", Num::Is(9_007_199_254_740_992.0)),
    ("9007199254740993", Num::Is(9_007_199_254_740_992.0)),
    ("9007199254740991", Num::Is(9_007_199_254_740_991.0)),
    ("000123", Num::Is(123.0)),
    ("1.", Num::Is(1.0)),
    (".5", Num::Is(0.5)),
    ("+1", Num::Is(1.0)),
    ("-5", Num::Is(-5.0)),
    ("1e+5", Num::Is(100_000.0)),
    ("1E-5", Num::Is(0.00001)),
    ("NaN", Num::NonFinite),
    ("nan", Num::NonFinite),
    ("-NaN", Num::NonFinite),
    ("inf", Num::NonFinite),
    ("+inf", Num::NonFinite),
    ("-Infinity", Num::NonFinite),
    ("INF", Num::NonFinite),
    ("infinity", Num::NonFinite),
    ("", Num::Empty),
    (" ", Num::Malformed),
    (" 1", Num::Malformed),
    ("1 ", Num::Malformed),
    ("1,000", Num::Malformed),
    ("1_000", Num::Malformed),
    ("0x10", Num::Malformed),
    ("1e", Num::Malformed),
    ("e5", Num::Malformed),
    ("--1", Num::Malformed),
    ("1e5e5", Num::Malformed),
    (".", Num::Malformed),
    ("-", Num::Malformed),
    ("+", Num::Malformed),
    ("١٢", Num::Malformed),
    ("12%", Num::Malformed),
    ("½", Num::Malformed),
    ("nan(1)", Num::Malformed),
    ("1\0", Num::Malformed),
    ("\u{feff}1", Num::Malformed),
];

fn values(rng: &mut Rng, case: &mut Case) {
    let line = data_line(rng, OBS.as_bytes());
    let (text, num) = if rng.chance(60) {
        let (t, n) = rng.pick(NUMBERS);
        (
            t.to_string(),
            match n {
                Num::Is(v) => Num::Is(*v),
                Num::NonFinite => Num::NonFinite,
                Num::Malformed => Num::Malformed,
                Num::Empty => Num::Empty,
            },
        )
    } else if rng.chance(80) {
        // Any finite double in a form Rust writes it: it must read back exactly.
        let v = loop {
            let v = f64::from_bits(rng.next());
            if v.is_finite() {
                break v;
            }
        };
        let t = match rng.below(4) {
            0 => format!("{v}"),
            1 => format!("{v:e}"),
            2 => format!("{v:E}"),
            _ => format!("{v:+e}"),
        };
        (t, Num::Is(v))
    } else {
        // Long digit strings: finite up to 309 digits (a leading 1 keeps
        // 309 digits below 2e308, which may still be finite).
        let digits = rng.range(1, 400);
        let t: String =
            (0..digits).map(|k| if k == 0 { '1' } else { char::from(b'0' + rng.below(10) as u8) }).collect();
        let v: f64 = t.parse().unwrap();
        let n = if v.is_finite() { Num::Is(v) } else { Num::NonFinite };
        assert_eq!(v.is_finite(), digits <= 309, "{digits} digits");
        (t, n)
    };
    let bytes = set_field(&case.files[O], line, 3, text.as_bytes());
    case.set(O, bytes, format!("line {line}: value = {text:?}"));
    let at = |v| Expect::Fails { variant: v, file: O, line: Some(line as u64), column: Some("value") };
    case.expect = match num {
        Num::Is(v) if breaks_rule(&metric_of(&case.files[O], line), v) => at("ValueBreaksRule"),
        Num::Is(v) => Expect::Value { line: line as u64, bits: v.to_bits() },
        Num::NonFinite => at("NonFiniteNumber"),
        Num::Malformed => at("MalformedNumber"),
        Num::Empty => at("EmptyField"),
    };
}

#[test]
fn values_huge_tiny_non_finite_and_malformed() {
    let out = run_family("values", 1_500, true, values);
    assert_covers(&out, &["Ok", "NonFiniteNumber", "MalformedNumber", "EmptyField"]);
}

// ---------------------------------------------------------------------------
// Family 2: one field of one row set to a value of a known class
// ---------------------------------------------------------------------------

/// Invalid ids: white space or control characters.
const BAD_IDS: &[&str] = &["china ", " china", "chi na", "chi\tna", "chi\0na", "chi\u{7}na", "a\u{a0}b", "x\u{2028}y"];

fn fields(rng: &mut Rng, case: &mut Case) {
    let file = *rng.pick(&[O, O, O, O, M, S]);
    let base = case.files[file].clone();
    let line = data_line(rng, &base);
    let col = rng.below(HEADERS[file].len());
    let column = HEADERS[file][col];
    let old = get_field(&base, line, col);
    let fails = |v| Expect::Fails { variant: v, file, line: Some(line as u64), column: Some(column) };
    let fails_in = |v, f, l: u64, c| Expect::Fails { variant: v, file: f, line: Some(l), column: Some(c) };
    let empty: &[u8] = rng.bytes(&[&b""[..], b" ", b"\t", "\u{3000}".as_bytes()]);
    let (value, expect): (Vec<u8>, Expect) = match (file, column) {
        (O, "quote" | "note") => {
            let t = random_text(rng);
            let e = Expect::Text { line: line as u64, col, text: String::from_utf8(t.clone()).unwrap() };
            (t, e)
        }
        (M, "description") | (S, "note" | "author" | "url") => (random_text(rng), Expect::Loads(None)),
        (M, "name" | "definition") | (S, "publisher" | "title") => {
            if rng.chance(20) {
                (empty.to_vec(), fails("EmptyField"))
            } else {
                let mut t = random_text(rng);
                t.push(b'x');
                (t, Expect::Loads(None))
            }
        }
        (O, "entity") => match rng.below(3) {
            0 => (format!("entity_{}", rng.below(1000)).into_bytes(), Expect::LoadsOr(&["DuplicateKey"])),
            1 => (rng.pick(BAD_IDS).as_bytes().to_vec(), fails("BadId")),
            _ => (empty.to_vec(), fails("EmptyField")),
        },
        (O, "metric" | "source") => {
            let v = if column == "metric" { "UnknownMetric" } else { "UnknownSource" };
            match rng.below(3) {
                0 => (format!("{}_x", String::from_utf8_lossy(&old)).into_bytes(), fails(v)),
                1 => (rng.pick(BAD_IDS).as_bytes().to_vec(), fails(v)),
                _ => (empty.to_vec(), fails("EmptyField")),
            }
        }
        (O, "period") => match rng.below(3) {
            0 => {
                let y = rng.range(1000, 9998);
                let p = if rng.chance(50) { y.to_string() } else { format!("{y}-{}", rng.range(y + 1, 9999)) };
                (p.into_bytes(), Expect::LoadsOr(&["DuplicateKey"]))
            }
            1 => {
                let bad =
                    ["19", "0999", "2019-2019", "2023-2016", "2016–2023", "FY2019", "2019 ", "２０１９", "2019-20"];
                (rng.pick(&bad).as_bytes().to_vec(), fails("BadPeriod"))
            }
            _ => (empty.to_vec(), fails("EmptyField")),
        },
        (O, "value") if breaks_rule(&metric_of(&base, line), 12.5) => (b"12.5".to_vec(), fails("ValueBreaksRule")),
        (O, "value") => (b"12.5".to_vec(), Expect::Value { line: line as u64, bits: 12.5f64.to_bits() }),
        (O, "qualifier") => match rng.below(3) {
            0 => {
                (rng.pick(&["exact", "approx", "more_than", "less_than", "at_least", "at_most"]).as_bytes().to_vec(), {
                    Expect::Loads(Some(shipped_rows()))
                })
            }
            1 => (
                rng.pick(&["Exact", "about", "exact ", "more than", "≈"]).as_bytes().to_vec(),
                fails("UnknownQualifier"),
            ),
            _ => (empty.to_vec(), fails("EmptyField")),
        },
        (O, "status") => match rng.below(3) {
            0 => (rng.pick(&["reported", "target"]).as_bytes().to_vec(), Expect::LoadsOr(&["DuplicateKey"])),
            1 => (rng.pick(&["Reported", "estimate", "plan"]).as_bytes().to_vec(), fails("UnknownStatus")),
            _ => (empty.to_vec(), fails("EmptyField")),
        },
        (O, "unit") => match rng.below(3) {
            0 => {
                let other = ["cny_bn", "count", "percent", "rank"].into_iter().find(|u| u.as_bytes() != old).unwrap();
                (other.as_bytes().to_vec(), fails("UnitMismatch"))
            }
            1 => (rng.pick(&["usd_bn", "CNY_BN", "%", "count "]).as_bytes().to_vec(), fails("UnknownUnit")),
            _ => (empty.to_vec(), fails("EmptyField")),
        },
        (M, "id") | (S, "id") => {
            // Every metric and source is used: renaming one leaves its
            // first observation without a definition.
            let (v, col_o) = if file == M { ("UnknownMetric", 0) } else { ("UnknownSource", 7) };
            let first = first_obs_line_with(col_o, &old);
            match rng.below(3) {
                0 => {
                    let mut new = old.clone();
                    new.extend_from_slice(b"_renamed");
                    (new, fails_in(v, O, first, HEADERS[O][col_o]))
                }
                1 => (rng.pick(BAD_IDS).as_bytes().to_vec(), fails("BadId")),
                _ => (empty.to_vec(), fails("EmptyField")),
            }
        }
        (M, "unit") => match rng.below(3) {
            0 => {
                let other = ["cny_bn", "count", "percent", "rank"].into_iter().find(|u| u.as_bytes() != old).unwrap();
                let id = get_field(&base, line, 0);
                let first = first_obs_line_with(0, &id);
                // The loader checks a row's fields in column order, and the
                // value (against the metric's new unit) comes before the unit:
                // a value the new unit forbids fails there first.
                let k = usize::try_from(first).expect("a line number") - 1;
                let v: f64 = String::from_utf8_lossy(&obs_records()[k][3]).parse().expect("a shipped value");
                let kind = String::from_utf8_lossy(&get_field(&base, line, 4)).into_owned();
                let whole = v == v.trunc();
                let breaks = match other {
                    "count" => !(whole && v >= 0.0),
                    "rank" => !(whole && v >= 1.0),
                    "percent" if kind == "share" => !(0.0..=100.0).contains(&v),
                    _ => kind == "rank" && !(whole && v >= 1.0),
                };
                let expect = if breaks {
                    fails_in("ValueBreaksRule", O, first, "value")
                } else {
                    fails_in("UnitMismatch", O, first, "unit")
                };
                (other.as_bytes().to_vec(), expect)
            }
            1 => (b"yuan".to_vec(), fails("UnknownUnit")),
            _ => (empty.to_vec(), fails("EmptyField")),
        },
        (M, "kind") => match rng.below(3) {
            0 => {
                let kind = rng.pick(&["flow", "stock", "share", "rate", "rank"]);
                // A kind whose rule a value of the metric breaks (a rank must
                // be whole, a share in percent within 0–100) fails at the
                // first such row; any other kind loads.
                let id = get_field(&base, line, 0);
                let unit = get_field(&base, line, 3);
                let breaks = |v: f64| {
                    let whole = v == v.trunc();
                    if *kind == "rank" || unit == b"rank" {
                        !(whole && v >= 1.0)
                    } else if unit == b"count" {
                        !(whole && v >= 0.0)
                    } else if *kind == "share" && unit == b"percent" {
                        !(0.0..=100.0).contains(&v)
                    } else {
                        false
                    }
                };
                let bad = obs_records()
                    .iter()
                    .enumerate()
                    .skip(1)
                    .find(|(_, r)| r[0] == id && String::from_utf8_lossy(&r[3]).parse::<f64>().is_ok_and(breaks));
                let expect = match bad {
                    Some((k, _)) => fails_in("ValueBreaksRule", O, k as u64 + 1, "value"),
                    None => Expect::Loads(Some(shipped_rows())),
                };
                (kind.as_bytes().to_vec(), expect)
            }
            1 => (rng.pick(&["level", "Flow", " stock"]).as_bytes().to_vec(), fails("UnknownKind")),
            _ => (empty.to_vec(), fails("EmptyField")),
        },
        (S, "published") => match rng.below(3) {
            0 => {
                let y = rng.range(0, 9999);
                let d = match rng.below(3) {
                    0 => format!("{y:04}"),
                    1 => format!("{y:04}-{:02}", rng.range(1, 12)),
                    _ => format!("{y:04}-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28)),
                };
                (d.into_bytes(), Expect::Loads(Some(shipped_rows())))
            }
            1 => {
                let bad = ["2021-02-29", "2020-13", "2020-00", "20", "2020/05", "2020-5", "May 2020", "2020-05-01-01"];
                (rng.pick(&bad).as_bytes().to_vec(), fails("BadDate"))
            }
            _ => (empty.to_vec(), fails("EmptyField")),
        },
        other => unreachable!("{other:?}"),
    };
    let bytes = set_field(&base, line, col, &value);
    case.set(file, bytes, format!("line {line}: {column} = {:?}", preview(&value, 60)));
    case.expect = expect;
}

#[test]
fn fields_set_to_valid_and_invalid_values() {
    let out = run_family("fields", 1_500, true, fields);
    assert_covers(
        &out,
        &[
            "Ok",
            "EmptyField",
            "BadId",
            "BadPeriod",
            "BadDate",
            "UnknownMetric",
            "UnknownSource",
            "UnknownUnit",
            "UnknownQualifier",
            "UnknownStatus",
            "UnknownKind",
            "UnitMismatch",
        ],
    );
}

// ---------------------------------------------------------------------------
// Family 3: rows and headers — duplicates, deletions, shuffles, many new
// rows, truncation, header edits
// ---------------------------------------------------------------------------

fn rows_and_headers(rng: &mut Rng, case: &mut Case) {
    let file = *rng.pick(&[O, O, M, S]);
    let mut ls = lines(&case.files[file]);
    let n = ls.len();
    match rng.below(9) {
        0 => {
            // A copy of a row: a duplicate key, reported at the copy.
            let k = rng.range(1, n - 1);
            let at = if rng.chance(50) { k + 1 } else { n };
            ls.insert(at, ls[k].clone());
            case.set(file, unlines(&ls), format!("copy of line {} inserted as line {}", k + 1, at + 1));
            case.expect = Expect::Fails { variant: "DuplicateKey", file, line: Some(at as u64 + 1), column: None };
        }
        1 => {
            // A row removed: one fewer observation, or a dangling reference.
            let k = rng.range(1, n - 1);
            let removed = ls.remove(k);
            case.set(file, unlines(&ls), format!("line {} removed", k + 1));
            case.expect = match file {
                O => Expect::Loads(Some(shipped_rows() - 1)),
                M => Expect::Fails {
                    variant: "UnknownMetric",
                    file: O,
                    line: Some(first_obs_line_with(0, &split_record(&removed)[0])),
                    column: Some("metric"),
                },
                _ => Expect::Fails {
                    variant: "UnknownSource",
                    file: O,
                    line: Some(first_obs_line_with(7, &split_record(&removed)[0])),
                    column: Some("source"),
                },
            };
        }
        2 => {
            // Rows shuffled: all of them still there.
            for k in (2..n).rev() {
                let j = rng.range(1, k);
                ls.swap(k, j);
            }
            case.set(file, unlines(&ls), "rows shuffled".into());
            case.expect = Expect::Loads(Some(shipped_rows()));
        }
        3 => {
            // Many new observations with distinct keys: none dropped.
            let extra = rng.range(1, 500);
            let base = obs_records();
            let mut out = lines(&case.files[O]);
            for k in 0..extra {
                let mut rec = base[rng.range(1, base.len() - 1)].clone();
                rec[1] = format!("generated_{k}").into_bytes();
                rec[2] = (1000 + rng.below(9000)).to_string().into_bytes();
                out.push(join_record(&rec));
            }
            case.set(O, unlines(&out), format!("{extra} generated rows appended"));
            case.expect = Expect::Loads(Some(shipped_rows() + extra));
        }
        4 => {
            // Only the header: zero rows (observations), or dangling references.
            ls.truncate(1);
            case.set(file, unlines(&ls), "all rows removed".into());
            case.expect = match file {
                O => Expect::Loads(Some(0)),
                M => Expect::Fails { variant: "UnknownMetric", file: O, line: Some(2), column: Some("metric") },
                _ => Expect::Fails { variant: "UnknownSource", file: O, line: Some(2), column: Some("source") },
            };
        }
        5 => {
            // Cut the file anywhere: loads the complete rows or fails at the cut.
            let bytes = &case.files[file];
            let cut = rng.below(bytes.len());
            let t = bytes[..cut].to_vec();
            case.set(file, t, format!("cut after byte {cut}"));
        }
        6 => {
            // A row cut short or given an extra field.
            let k = rng.range(1, n - 1);
            let len = ls[k].len();
            if rng.chance(50) {
                ls[k].truncate(rng.below(len));
                case.set(file, unlines(&ls), format!("line {} cut short", k + 1));
            } else {
                ls[k].extend_from_slice(rng.bytes(&[&b","[..], b",extra", b",\"x,y\""]));
                case.set(file, unlines(&ls), format!("line {} given an extra field", k + 1));
                case.expect = Expect::Fails { variant: "FieldCount", file, line: Some(k as u64 + 1), column: None };
            }
        }
        _ => {
            // The header edited.
            let mut h = split_record(&ls[0]);
            let w = h.len();
            let i = rng.below(w);
            let step = match rng.below(8) {
                0 => {
                    let j = (i + 1 + rng.below(w - 1)) % w;
                    h.swap(i, j);
                    format!("header names {i} and {j} swapped")
                }
                1 => {
                    h[i] = h[i].to_ascii_uppercase();
                    format!("header name {i} upper-cased")
                }
                2 => {
                    h[i].push(b' ');
                    format!("header name {i} given a trailing space")
                }
                3 => {
                    h.remove(i);
                    format!("header name {i} removed")
                }
                4 => {
                    h.push(b"extra".to_vec());
                    "header name added".into()
                }
                5 => {
                    h[i].push(b's');
                    format!("header name {i} misspelt")
                }
                6 => {
                    // Quoting a header name changes nothing.
                    let mut l = Vec::new();
                    for (k, f) in h.iter().enumerate() {
                        if k > 0 {
                            l.push(b',');
                        }
                        l.push(b'"');
                        l.extend_from_slice(f);
                        l.push(b'"');
                    }
                    ls[0] = l;
                    case.set(file, unlines(&ls), "header names quoted".into());
                    case.expect = Expect::Same;
                    return;
                }
                _ => {
                    ls[0].clear();
                    case.set(file, unlines(&ls), "header line emptied".into());
                    case.expect = Expect::Fails { variant: "BadHeader", file, line: None, column: None };
                    return;
                }
            };
            ls[0] = join_record(&h);
            case.set(file, unlines(&ls), step);
            case.expect = Expect::Fails { variant: "BadHeader", file, line: None, column: None };
        }
    }
}

#[test]
fn rows_and_headers_added_removed_reordered_cut() {
    let out = run_family("rows", 1_000, false, rows_and_headers);
    assert_covers(&out, &["Ok", "DuplicateKey", "UnknownMetric", "UnknownSource", "FieldCount", "BadHeader"]);
}

// ---------------------------------------------------------------------------
// Family 4: dialects — BOMs, CRLF, lone CR, mixed line ends, blank lines;
// values unchanged, and error lines where an editor shows them
// ---------------------------------------------------------------------------

fn dialects(rng: &mut Rng, case: &mut Case) {
    // Sometimes one bad value first, whose line the dialect then moves.
    let bad_line = rng.chance(30).then(|| {
        let line = data_line(rng, OBS.as_bytes());
        let b = set_field(&case.files[O], line, 4, b"exakt");
        case.set(O, b, format!("line {line}: qualifier = \"exakt\""));
        line
    });
    for file in [O, M, S] {
        if !rng.chance(70) {
            continue;
        }
        let ends: &[&[u8]] = match rng.below(4) {
            0 => &[b"\n"],
            1 => &[b"\r\n"],
            2 => &[b"\r"],
            _ => &[b"\n", b"\r\n", b"\r"],
        };
        let blank = rng.chance(50);
        let mut out = Vec::new();
        let bom = rng.chance(40);
        if bom {
            out.extend_from_slice(BOM);
        }
        for l in lines(&case.files[file]) {
            while blank && rng.chance(10) {
                out.extend_from_slice(rng.bytes(ends));
            }
            out.extend_from_slice(&l);
            out.extend_from_slice(rng.bytes(ends));
        }
        for _ in 0..if blank { rng.below(4) } else { 0 } {
            out.extend_from_slice(rng.bytes(ends));
        }
        let step = format!(
            "line ends {:?}{}{}",
            ends,
            if bom { ", BOM" } else { "" },
            if blank { ", blank lines" } else { "" }
        );
        case.set(file, out, step);
    }
    case.expect = match bad_line {
        None => Expect::Same,
        Some(line) => {
            // Where the bad row now starts, by the test's own parser.
            let now = parse(&case.files[O]).records[line - 1].line;
            Expect::Fails { variant: "UnknownQualifier", file: O, line: Some(now), column: Some("qualifier") }
        }
    };
}

#[test]
fn dialects_bom_crlf_cr_and_blank_lines() {
    let out = run_family("dialects", 800, false, dialects);
    assert_covers(&out, &["Ok", "UnknownQualifier"]);
}

// ---------------------------------------------------------------------------
// Family 5: stacked random mutations of bytes and lines
// ---------------------------------------------------------------------------

/// Invalid UTF-8: a stray continuation byte, a lone lead byte, a cut
/// 3-byte sequence, an overlong encoding, a surrogate, beyond U+10FFFF.
const BAD_UTF8: &[&[u8]] =
    &[b"\x80", b"\xff", b"\xc3", b"\xe4\xb8", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xfe\xfe"];

const TOKENS: &[&str] = &[
    "",
    " ",
    "\"",
    "\"\"",
    ",",
    "\n",
    "\r",
    "\r\n",
    "\0",
    "1e308",
    "5e-324",
    "1e400",
    "-0",
    "NaN",
    "inf",
    "2019",
    "2016-2023",
    "china",
    "exact",
    "count",
    "reported",
    "target",
    "flow",
    "2024-09-03",
    "\u{feff}",
    "中国",
];

fn mutate(rng: &mut Rng, b: &mut Vec<u8>, others: &[Vec<u8>]) -> String {
    let pos = |rng: &mut Rng, b: &[u8]| rng.below(b.len() + 1);
    match rng.below(16) {
        0 => {
            let p = pos(rng, b);
            b.truncate(p);
            format!("truncated at byte {p}")
        }
        1 => {
            let p = pos(rng, b);
            let x = *rng.pick(&[b'"', b',', b'\n', b'\r', 0, 0xff, b' ', b'a', b'1', b'-', b'.', b'e']);
            b.insert(p, x);
            format!("byte {x:#04x} inserted at {p}")
        }
        2 => {
            let p = pos(rng, b);
            let e = (p + rng.range(1, 32)).min(b.len());
            b.drain(p..e);
            format!("bytes {p}..{e} deleted")
        }
        3 if !b.is_empty() => {
            let p = rng.below(b.len());
            let bit = rng.below(8);
            b[p] ^= 1 << bit;
            format!("bit {bit} of byte {p} flipped")
        }
        4 => {
            let p = pos(rng, b);
            let s = rng.pick(BAD_UTF8);
            b.splice(p..p, s.iter().copied());
            format!("invalid UTF-8 {s:?} at {p}")
        }
        5 => {
            // A quote opened at the start of a field.
            let commas: Vec<usize> = b.iter().enumerate().filter(|&(_, &c)| c == b',').map(|(i, _)| i + 1).collect();
            let p = if commas.is_empty() { 0 } else { *rng.pick(&commas) };
            b.insert(p, b'"');
            format!("quote opened at {p}")
        }
        6..=8 => {
            let mut ls = lines(b);
            if ls.is_empty() {
                return "no lines to edit".into();
            }
            let k = rng.below(ls.len());
            let step = match rng.below(5) {
                0 => {
                    let l = ls[k].clone();
                    ls.insert(rng.below(ls.len() + 1), l);
                    format!("line {} copied", k + 1)
                }
                1 => {
                    ls.remove(k);
                    format!("line {} removed", k + 1)
                }
                2 => {
                    let j = rng.below(ls.len());
                    ls.swap(k, j);
                    format!("lines {} and {} swapped", k + 1, j + 1)
                }
                3 => {
                    let other = rng.pick(others);
                    let ol = lines(other);
                    let l = ol.get(rng.below(ol.len().max(1))).cloned().unwrap_or_default();
                    ls[k] = l;
                    format!("line {} replaced by a line of another file", k + 1)
                }
                _ => {
                    ls[k].push(b',');
                    format!("line {} given an extra field", k + 1)
                }
            };
            *b = unlines(&ls);
            step
        }
        9 | 10 => {
            // A token between two commas replaced.
            let commas: Vec<usize> = b.iter().enumerate().filter(|&(_, &c)| c == b',').map(|(i, _)| i).collect();
            if commas.len() < 2 {
                return "no field to replace".into();
            }
            let i = rng.below(commas.len() - 1);
            let (s, e) = (commas[i] + 1, commas[i + 1]);
            let t = *rng.pick(TOKENS);
            b.splice(s..e, t.bytes());
            format!("field at {s}..{e} replaced by {t:?}")
        }
        11 => {
            let p = pos(rng, b);
            let n = rng.range(1, 8);
            b.splice(p..p, std::iter::repeat_n(0u8, n));
            format!("{n} NUL bytes at {p}")
        }
        12 => {
            let p = pos(rng, b);
            let n = rng.range(1_000, 64_000);
            let x = *rng.pick(b"a\",\n9");
            b.splice(p..p, std::iter::repeat_n(x, n));
            format!("{n} bytes {x:#04x} at {p}")
        }
        13 => {
            let p = pos(rng, b);
            let t = *rng.pick(&["\r\n", "\r", "\n\n", "\u{feff}"]);
            b.splice(p..p, t.bytes());
            format!("{t:?} inserted at {p}")
        }
        14 => {
            b.splice(0..0, BOM.iter().copied());
            "BOM prepended".into()
        }
        _ => {
            let p = pos(rng, b);
            let t = random_text(rng);
            let step = format!("{} bytes of text inserted at {p}", t.len());
            b.splice(p..p, t);
            step
        }
    }
}

fn stacked(rng: &mut Rng, case: &mut Case) {
    for _ in 0..rng.range(1, 4) {
        let file = *rng.pick(&[O, O, O, M, S]);
        let others: Vec<Vec<u8>> = (0..3).filter(|&i| i != file).map(|i| case.files[i].clone()).collect();
        let mut b = case.files[file].clone();
        let step = mutate(rng, &mut b, &others);
        case.set(file, b, step);
    }
}

#[test]
fn stacked_random_mutations_a() {
    let out = run_family("stacked-a", 2_000, false, stacked);
    assert_covers(&out, &["Ok", "Csv", "Csv(open quote)", "FieldCount", "BadHeader"]);
}

#[test]
fn stacked_random_mutations_b() {
    let out = run_family("stacked-b", 2_000, false, stacked);
    assert_covers(&out, &["Ok", "Csv", "FieldCount"]);
}

// ---------------------------------------------------------------------------
// Family 6: garbage — random bytes, random CSV-ish text, empty files
// ---------------------------------------------------------------------------

fn garbage(rng: &mut Rng, case: &mut Case) {
    let file = *rng.pick(&[O, O, M, S]);
    let (bytes, step) = match rng.below(5) {
        0 => {
            let n = rng.below(2_000);
            ((0..n).map(|_| rng.next() as u8).collect(), format!("{n} random bytes"))
        }
        1 => {
            // The header, then rows made of CSV-significant bytes.
            let mut b = format!("{}\n", HEADERS[file].join(",")).into_bytes();
            let n = rng.below(3_000);
            for _ in 0..n {
                b.push(*rng.pick(b",,,,\"\"\r\n\n a1.e-\0\xff"));
            }
            (b, format!("header and {n} CSV-ish bytes"))
        }
        2 => {
            // The header, then rows of random tokens with the right field count.
            let mut b = format!("{}\n", HEADERS[file].join(",")).into_bytes();
            let rows = rng.below(50);
            for _ in 0..rows {
                let rec: Vec<Vec<u8>> =
                    (0..HEADERS[file].len()).map(|_| rng.pick(TOKENS).as_bytes().to_vec()).collect();
                b.extend(join_record(&rec));
                b.push(b'\n');
            }
            (b, format!("header and {rows} rows of tokens"))
        }
        3 => {
            let e: &[u8] = rng.bytes(&[&b""[..], b"\n", b"\r\n", BOM, b"\xef\xbb", b"\"", b",", b"\0"]);
            (e.to_vec(), format!("file is {e:?}"))
        }
        _ => {
            let header = format!("{}\n", HEADERS[file].join(","));
            let e: &[u8] = rng.bytes(&[&b""[..], b"\n\n", b"\r\n", b"\"", b",,,"]);
            ([header.as_bytes(), e].concat(), format!("header and {e:?}"))
        }
    };
    case.set(file, bytes, step);
}

#[test]
fn garbage_and_empty_files() {
    let out = run_family("garbage", 1_200, false, garbage);
    assert_covers(&out, &["Ok", "BadHeader", "FieldCount"]);
}

// ---------------------------------------------------------------------------
// The harness itself
// ---------------------------------------------------------------------------

#[test]
fn the_harness_parser_agrees_with_the_csv_crate_on_the_shipped_files() {
    for (i, text) in [OBS, metrics(), SOURCES].into_iter().enumerate() {
        let p = parse(text.as_bytes());
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        let theirs: Vec<Vec<Vec<u8>>> =
            rdr.byte_records().map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect()).collect();
        let ours: Vec<Vec<Vec<u8>>> = p.records.iter().map(|r| r.fields.clone()).collect();
        assert_eq!(ours, theirs, "{}", NAMES[i]);
        assert!(p.records.iter().enumerate().all(|(k, r)| r.line == k as u64 + 1));
    }
    // The tricky spots, against the csv crate.
    for input in ["a,\"b\"c,d\n", "\"a\"\"b\",\n,\n", "a\r\n\r\nb\rc", "\"x\ny\",z\n", ",\n\"\"", "a,b,"] {
        let p = parse(input.as_bytes());
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input.as_bytes());
        let theirs: Vec<Vec<Vec<u8>>> =
            rdr.byte_records().map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect()).collect();
        let ours: Vec<Vec<Vec<u8>>> = p.records.iter().map(|r| r.fields.clone()).collect();
        assert_eq!(ours, theirs, "{input:?}");
    }
}

#[test]
#[should_panic(expected = "not into the shipped dataset")]
fn the_harness_reports_a_failing_case() {
    // A case whose expectation is wrong must fail (and print the case).
    let mut case = Case::new("self-test:0".into());
    let b = set_field(&case.files[O], 2, 3, b"1");
    case.set(O, b, "value changed".into());
    case.expect = Expect::Same;
    check(&case);
}
