//! What the loader does with the CSV dialects and file shapes real files
//! come in: byte-order marks, CRLF and lone-CR line ends, empty and
//! header-only files, blank lines, NUL bytes. Each behaviour is decided
//! here and listed in TESTING.md.

mod common;
use biopharma_stats::LoadError;
use common::Trickle;

use biopharma_stats::{Dataset, Error, Location};

const OBS: &str = include_str!("../data/observations.csv");
const METRICS: &str = include_str!("../data/metrics.csv");
const SOURCES: &str = include_str!("../data/sources.csv");

const BOM: &str = "\u{feff}";

fn load(obs: &str, metrics: &str, sources: &str) -> Result<Dataset, Error> {
    Dataset::from_readers(obs.as_bytes(), metrics.as_bytes(), sources.as_bytes())
}

fn header(text: &str) -> &str {
    text.split_once('\n').map_or(text, |(h, _)| h)
}

/// The three files written back by the crate, for byte comparisons.
fn written(ds: &Dataset) -> [String; 3] {
    let (mut o, mut m, mut s) = (Vec::new(), Vec::new(), Vec::new());
    ds.write_observations(&mut o).unwrap();
    ds.write_metrics(&mut m).unwrap();
    ds.write_sources(&mut s).unwrap();
    [o, m, s].map(|b| String::from_utf8(b).unwrap())
}

#[test]
fn a_utf8_bom_at_the_start_of_a_file_is_skipped() {
    let plain = Dataset::embedded();
    let with_bom = |t: &str| format!("{BOM}{t}");
    let all = load(&with_bom(OBS), &with_bom(METRICS), &with_bom(SOURCES)).expect("BOM-prefixed files load");
    assert_eq!(&all, plain);
    // Writing back never adds a BOM: the files come out as shipped.
    assert_eq!(written(&all), [OBS, METRICS, SOURCES]);
    for (i, name) in ["observations", "metrics", "sources"].into_iter().enumerate() {
        let mut files = [OBS.to_owned(), METRICS.to_owned(), SOURCES.to_owned()];
        files[i] = with_bom(&files[i]);
        let ds = load(&files[0], &files[1], &files[2]).unwrap_or_else(|e| panic!("BOM on {name}: {e}"));
        assert_eq!(&ds, plain, "BOM on {name}");
    }
}

#[test]
fn a_bom_anywhere_but_the_start_is_data() {
    // Before a data row's first field it is part of the metric id, which is
    // then unknown; the error shows it escaped.
    let mut lines: Vec<String> = OBS.lines().map(str::to_owned).collect();
    lines[1].insert_str(0, BOM);
    let err = load(&(lines.join("\n") + "\n"), METRICS, SOURCES).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::UnknownMetric { at, id }) if *at == Location::new("observations.csv", 2, Some("metric")) && id.starts_with(BOM)),
        "{err:?}"
    );
    assert!(err.to_string().contains("\\u{feff}"), "{err}");
    // Two BOMs: the second is part of the header.
    let err = load(&format!("{BOM}{BOM}{OBS}"), METRICS, SOURCES).unwrap_err();
    assert!(matches!(&err, Error::Load(LoadError::BadHeader { file, .. }) if file == "observations.csv"), "{err:?}");
}

#[test]
fn crlf_line_ends_load_the_same_values() {
    let crlf = |t: &str| t.replace('\n', "\r\n");
    let ds = load(&crlf(OBS), &crlf(METRICS), &crlf(SOURCES)).expect("CRLF files load");
    // No field keeps a stray `\r` (the last column, `note`, would).
    assert_eq!(&ds, Dataset::embedded());
    assert!(ds.observations().all(|o| !o.note.contains('\r') && !o.quote.contains('\r')));
    // Written back with `\n`, byte for byte the shipped files.
    assert_eq!(written(&ds), [OBS, METRICS, SOURCES]);
}

#[test]
fn mixed_line_ends_load_the_same_values() {
    let mut mixed = String::new();
    for (i, l) in OBS.lines().enumerate() {
        mixed.push_str(l);
        mixed.push_str(["\n", "\r\n", "\r"][i % 3]);
    }
    assert_eq!(&load(&mixed, METRICS, SOURCES).unwrap(), Dataset::embedded());
}

#[test]
fn lone_cr_line_ends_load_the_same_values() {
    let cr = |t: &str| t.replace('\n', "\r");
    let ds = load(&cr(OBS), &cr(METRICS), &cr(SOURCES)).expect("CR files load");
    assert_eq!(&ds, Dataset::embedded());
    assert_eq!(written(&ds), [OBS, METRICS, SOURCES]);
}

#[test]
fn an_empty_file_says_it_is_empty() {
    for (i, name) in ["observations.csv", "metrics.csv", "sources.csv"].into_iter().enumerate() {
        let mut files = [OBS, METRICS, SOURCES];
        files[i] = "";
        let err = load(files[0], files[1], files[2]).unwrap_err();
        match &err {
            Error::Load(LoadError::EmptyFile { file, expected }) => {
                assert_eq!(file, name);
                assert_eq!(*expected, header(files_of(i)));
            }
            other => panic!("{name}: expected EmptyFile, got {other:?}"),
        }
        assert!(err.to_string().starts_with(&format!("{name}: the file is empty")), "{err}");
    }
    // Only blank lines is the same as empty.
    let err = load("\n\n\r\n", METRICS, SOURCES).unwrap_err();
    assert!(matches!(&err, Error::Load(LoadError::EmptyFile { .. })), "{err:?}");
}

/// The shipped file `i` (observations, metrics, sources).
fn files_of(i: usize) -> &'static str {
    [OBS, METRICS, SOURCES][i]
}

#[test]
fn a_header_only_file_loads_with_zero_rows() {
    for h in [format!("{}\n", header(OBS)), header(OBS).to_owned(), format!("{}\r\n\n", header(OBS))] {
        let ds = load(&h, METRICS, SOURCES).unwrap_or_else(|e| panic!("{h:?}: {e}"));
        assert!(ds.is_empty());
        assert_eq!(ds.len(), 0);
        assert_eq!(ds.metrics().len(), Dataset::embedded().metrics().len());
        assert_eq!(ds.entities().len(), 0);
        assert!(ds.conflicts().is_empty());
    }
    // All three header-only: an empty dataset that writes back as three headers.
    let ds = load(&format!("{}\n", header(OBS)), &format!("{}\n", header(METRICS)), &format!("{}\n", header(SOURCES)))
        .unwrap();
    assert!(ds.is_empty() && ds.metrics().len() == 0 && ds.sources().len() == 0);
    assert_eq!(written(&ds), [OBS, METRICS, SOURCES].map(|t| format!("{}\n", header(t))));
    // Header-only metrics under real observations: the first row's metric is unknown.
    let err = load(OBS, header(METRICS), SOURCES).unwrap_err();
    assert!(matches!(&err, Error::Load(LoadError::UnknownMetric { at, .. }) if at.line == 2), "{err:?}");
}

#[test]
fn blank_lines_are_skipped() {
    for tail in ["\n", "\n\n\n", "\r\n\r\n", "\r\r"] {
        let ds = load(&format!("{OBS}{tail}"), &format!("{METRICS}{tail}"), &format!("{SOURCES}{tail}"))
            .unwrap_or_else(|e| panic!("{tail:?}: {e}"));
        assert_eq!(&ds, Dataset::embedded(), "{tail:?}");
    }
    // Between rows and before the header too.
    let mut lines: Vec<&str> = OBS.lines().collect();
    lines.splice(2..2, ["", "", ""]);
    let text = format!("\n\n{}\n", lines.join("\n"));
    assert_eq!(&load(&text, METRICS, SOURCES).unwrap(), Dataset::embedded());
}

#[test]
fn a_line_of_spaces_is_a_record_not_a_blank_line() {
    let err = load(&format!("{OBS}   \n"), METRICS, SOURCES).unwrap_err();
    let line = OBS.lines().count() as u64 + 1;
    assert!(
        matches!(&err, Error::Load(LoadError::FieldCount { at, expected: 10, found: 1 }) if at.line == line && at.column.is_none()),
        "{err:?}"
    );
}

#[test]
fn nul_bytes_are_refused_in_ids_and_kept_in_text() {
    let err = load(&OBS.replacen(",china,", ",chi\0na,", 1), METRICS, SOURCES).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::BadId { at, text }) if at.column == Some("entity") && text == "chi\0na"),
        "{err:?}"
    );
    // In free text a NUL is data: kept, and written back.
    let line2 = OBS.lines().nth(1).unwrap();
    let with_nul = line2.replacen("From", "Fr\0om", 1);
    let ds = load(&OBS.replacen(line2, &with_nul, 1), METRICS, SOURCES).unwrap();
    let first = ds.observations().next().unwrap();
    assert!(first.quote.starts_with("Fr\0om"), "{:?}", first.quote);
    assert_eq!(&load(&written(&ds)[0], METRICS, SOURCES).unwrap(), &ds);
}

/// The lines of observations.csv with `edit` applied to 0-based data row `row`.
fn obs_lines(row: usize, edit: impl Fn(&str) -> String) -> Vec<String> {
    OBS.lines().enumerate().map(|(i, l)| if i == row + 1 { edit(l) } else { l.to_owned() }).collect()
}

fn bad_qualifier(l: &str) -> String {
    l.replacen(",exact,", ",exakt,", 1)
}

fn qualifier_error_line(text: &str) -> u64 {
    match load(text, METRICS, SOURCES) {
        Err(Error::Load(LoadError::UnknownQualifier { at, text }))
            if text == "exakt" && at.column == Some("qualifier") =>
        {
            at.line
        }
        other => panic!("expected UnknownQualifier, got {other:?}"),
    }
}

#[test]
fn positions_are_the_lines_an_editor_shows() {
    // Row 3 (0-based) of the data is line 5 of the file. The csv crate's own
    // record positions say line 4 for CRLF and line 1 for CR.
    for end in ["\n", "\r\n", "\r"] {
        let lines = obs_lines(3, bad_qualifier);
        assert_eq!(qualifier_error_line(&(lines.join(end) + end)), 5, "{end:?}");
        // Blank lines before the row move it down, also right after them
        // (the csv crate reports the first blank line there).
        let mut blank = lines.clone();
        blank.splice(4..4, [String::new(), String::new()]);
        assert_eq!(qualifier_error_line(&(blank.join(end) + end)), 7, "{end:?} after blank lines");
        // Blank lines before the header too.
        assert_eq!(qualifier_error_line(&format!("{end}{end}{}{end}", lines.join(end))), 7, "{end:?} leading");
    }
    // A quoted note spanning lines (`\n`, `\r\n` and `\r` each end one):
    // its row is at the line it starts on (2), the next row at line 6.
    let multi = |l: &str| format!("{},\"a\nb\r\nc\rd\"", l.rsplit_once(',').unwrap().0);
    let mut lines = obs_lines(0, multi);
    assert_eq!(load(&(lines.join("\n") + "\n"), METRICS, SOURCES).unwrap().len(), Dataset::embedded().len());
    lines[2] = bad_qualifier(&lines[2]);
    assert_eq!(qualifier_error_line(&(lines.join("\n") + "\n")), 6);
    lines[1] = bad_qualifier(&lines[1]);
    assert_eq!(qualifier_error_line(&(lines.join("\n") + "\n")), 2);
}

#[test]
fn a_field_count_error_and_a_duplicate_key_name_their_lines_in_crlf_files() {
    let lines: Vec<&str> = OBS.lines().collect();
    let crlf = format!("{}\r\n{}\r\n", lines.join("\r\n"), lines[1]);
    let err = load(&crlf, METRICS, SOURCES).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::DuplicateKey { at, first_line: 2, .. }) if at.line == lines.len() as u64 + 1),
        "{err:?}"
    );
    let crlf = format!("{}\r\na,b\r\n", lines.join("\r\n"));
    let err = load(&crlf, METRICS, SOURCES).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::FieldCount { at, found: 2, .. }) if at.line == lines.len() as u64 + 1),
        "{err:?}"
    );
    // metrics.csv and sources.csv the same way.
    let m: Vec<&str> = METRICS.lines().collect();
    let err = load(OBS, &format!("{}\r\n{}\r\n", m.join("\r\n"), m[1]), SOURCES).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::DuplicateKey { at, first_line: 2, .. }) if at.line == m.len() as u64 + 1),
        "{err:?}"
    );
}

/// A reader that fails after `ok` bytes, handing out at most `chunk` bytes
/// per read.
struct Failing<'a> {
    rest: &'a [u8],
    ok: usize,
    chunk: usize,
}

impl std::io::Read for Failing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.ok == 0 {
            return Err(std::io::Error::other("disk on fire"));
        }
        let n = buf.len().min(self.rest.len()).min(self.ok).min(self.chunk);
        buf[..n].copy_from_slice(&self.rest[..n]);
        self.rest = &self.rest[n..];
        self.ok -= n;
        Ok(n)
    }
}

#[test]
fn a_read_error_names_the_file_and_the_line_reached() {
    // Before: line 0, which no file has.
    let line_of = |offset: usize| OBS[..offset].matches('\n').count() as u64 + 1;
    for ok in [0, 1, 40, 500, 5000, OBS.len() - 1] {
        let r = Failing { rest: OBS.as_bytes(), ok, chunk: 64 };
        let err = Dataset::from_readers(r, METRICS.as_bytes(), SOURCES.as_bytes()).unwrap_err();
        match &err {
            Error::Load(LoadError::Csv { at, message }) => {
                assert_eq!(at.file, "observations.csv");
                assert!(message.contains("disk on fire"), "{message}");
                // The record being read when the error came: at or before
                // the line of the last byte read.
                assert!(at.line >= 1 && at.line <= line_of(ok), "{ok}: {err:?}");
            }
            other => panic!("{ok}: expected Csv, got {other:?}"),
        }
    }
    let r = Failing { rest: SOURCES.as_bytes(), ok: 0, chunk: 64 };
    let err = Dataset::from_readers(OBS.as_bytes(), METRICS.as_bytes(), r).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::Csv { at, .. }) if at.file == "sources.csv" && at.line == 1),
        "{err:?}"
    );
}

/// A small dataset without any quotes: four yearly rows on lines 2 to 5.
const TINY_METRICS: &str = "id,name,description,unit,kind,definition\nsales,Sales,,cny_bn,flow,Sales revenue\n";
const TINY_SOURCES: &str = "id,publisher,title,author,published,url,note\nme,Me,My notes,,2024,,\n";

fn tiny_obs(note_of_2020: &str) -> String {
    let mut t = String::from("metric,entity,period,value,qualifier,unit,status,source,quote,note\n");
    for year in 2019..=2022 {
        let note = if year == 2020 { note_of_2020 } else { "plain" };
        t.push_str(&format!("sales,acme,{year},1.5,exact,cny_bn,reported,me,q,{note}\n"));
    }
    t
}

fn is_open_quote(err: &Error, file: &str, line: u64, column: &'static str) -> bool {
    matches!(err, Error::Load(LoadError::Csv { at, message }) if *at == Location::new(file, line, Some(column)) && message.contains("never closed"))
}

#[test]
fn a_quote_left_open_at_the_end_of_the_file_is_refused_not_swallowed() {
    // The csv crate reads an unterminated quote to the end of the input:
    // with the open quote in the last column the record still has ten
    // fields, and every later row vanished into this note (2 of 4 rows
    // loaded, no error).
    let text = tiny_obs("\"open");
    let err = load(&text, TINY_METRICS, TINY_SOURCES).unwrap_err();
    assert!(is_open_quote(&err, "observations.csv", 3, "note"), "{err:?}");
    assert!(err.to_string().starts_with("observations.csv:3, column `note`: "), "{err}");
    // On the last row, with or without a final line end.
    for end in ["\n", ""] {
        let text = format!("{}sales,acme,2023,2,exact,cny_bn,reported,me,q,\"open{end}", tiny_obs("fine"));
        let err = load(&text, TINY_METRICS, TINY_SOURCES).unwrap_err();
        assert!(is_open_quote(&err, "observations.csv", 6, "note"), "{end:?}: {err:?}");
    }
    // In the header of a file without rows.
    let err = load(&header(OBS).replace(",note", ",\"note"), METRICS, SOURCES).unwrap_err();
    assert!(is_open_quote(&err, "observations.csv", 1, "note"), "{err:?}");
    // In metrics.csv.
    let err = load(&text, &format!("{TINY_METRICS}other,Other,,count,flow,\"open\n"), TINY_SOURCES).unwrap_err();
    assert!(is_open_quote(&err, "metrics.csv", 3, "definition"), "{err:?}");
}

#[test]
fn closed_quotes_at_the_end_of_the_file_load() {
    for (note, expect) in [("\"closed\"", "closed"), ("\"say \"\"hi\"\"\"", "say \"hi\""), ("\"\"", "")] {
        for end in ["\n", "", "\r\n"] {
            let text = format!("{}sales,acme,2023,2,exact,cny_bn,reported,me,q,{note}{end}", tiny_obs("fine"));
            let ds = load(&text, TINY_METRICS, TINY_SOURCES).unwrap_or_else(|e| panic!("{note:?}{end:?}: {e}"));
            assert_eq!(ds.len(), 5);
            assert_eq!(ds.observations().last().unwrap().note, expect);
        }
    }
    // A quote that opens and closes further down is a multi-line field, not an error.
    let ds = load(&tiny_obs("\"two\nlines\""), TINY_METRICS, TINY_SOURCES).unwrap();
    assert_eq!(ds.len(), 4);
    assert_eq!(ds.observations().nth(1).unwrap().note, "two\nlines");
}

fn trickle(obs: &str, metrics: &str, sources: &str, chunk: usize) -> Result<Dataset, Error> {
    let t = |s: &'static str| Trickle { rest: s.as_bytes(), chunk };
    let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
    Dataset::from_readers(t(leak(obs)), t(leak(metrics)), t(leak(sources)))
}

#[test]
fn a_bom_handed_out_in_pieces_is_skipped_too() {
    // Before: with one or two bytes per read the BOM stayed in the first
    // header name: "header is `metric,…`, expected `metric,…`".
    let with_bom = |t: &str| format!("{BOM}{t}");
    for chunk in [1, 2, 3, 5] {
        let ds = trickle(&with_bom(OBS), &with_bom(METRICS), &with_bom(SOURCES), chunk)
            .unwrap_or_else(|e| panic!("{chunk} bytes per read: {e}"));
        assert_eq!(&ds, Dataset::embedded(), "{chunk} bytes per read");
    }
    // A BOM alone is an empty file; a BOM and a header, zero rows.
    for chunk in [1, 3, 4, 100] {
        let err = trickle(BOM, METRICS, SOURCES, chunk).unwrap_err();
        assert!(matches!(&err, Error::Load(LoadError::EmptyFile { .. })), "{chunk}: {err:?}");
        let ds = trickle(&format!("{BOM}{}", header(OBS)), METRICS, SOURCES, chunk).unwrap();
        assert!(ds.is_empty(), "{chunk}");
    }
    // Split exactly inside the BOM.
    use std::io::Read as _;
    let split = b"\xef".chain(&b"\xbb\xbf"[..]).chain(OBS.as_bytes());
    let ds = Dataset::from_readers(split, METRICS.as_bytes(), SOURCES.as_bytes()).unwrap();
    assert_eq!(&ds, Dataset::embedded());
}

#[test]
fn reading_in_small_pieces_changes_nothing() {
    // Values, and the lines errors name, do not depend on how the reader
    // hands out the bytes (the line scanner sees chunk boundaries anywhere:
    // inside CRLF, inside `""`, right after a comma).
    let crlf = |t: &str| t.replace('\n', "\r\n");
    for chunk in [1, 2, 7] {
        assert_eq!(&trickle(OBS, METRICS, SOURCES, chunk).unwrap(), Dataset::embedded());
        assert_eq!(&trickle(&crlf(OBS), &crlf(METRICS), &crlf(SOURCES), chunk).unwrap(), Dataset::embedded());
        let mut lines = obs_lines(40, bad_qualifier);
        lines.splice(10..10, [String::new()]);
        let text = lines.join("\r\n");
        let whole = load(&text, METRICS, SOURCES).unwrap_err().to_string();
        assert_eq!(trickle(&text, METRICS, SOURCES, chunk).unwrap_err().to_string(), whole, "{chunk}");
        assert!(whole.starts_with("observations.csv:43, column `qualifier`"), "{whole}");
        let open = tiny_obs("\"open");
        assert!(is_open_quote(
            &trickle(&open, TINY_METRICS, TINY_SOURCES, chunk).unwrap_err(),
            "observations.csv",
            3,
            "note"
        ));
    }
}
