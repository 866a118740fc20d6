//! The CSV lexing every file shares: the reader settings, the line each
//! record starts on, the header check and the field count.

use std::collections::VecDeque;
use std::io::Read;

use crate::LoadError;
use crate::error::Error;
use crate::vocab::error::Location;

/// Creates a CSV reader with the settings every file uses.
pub(super) fn reader<R: Read>(r: R) -> csv::Reader<LineTracker<R>> {
    csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(LineTracker::new(r))
}

/// Passes a file's bytes to the CSV reader and follows them with the
/// reader's own rules (`,` between fields, a field that starts with `"` is
/// quoted and `""` inside it is a quote, `\n`, `\r\n` or `\r` ends a
/// record, blank lines are skipped) to record the line each record starts
/// on.
///
/// The csv crate's record positions are taken before the previous line
/// end is skipped: in a CRLF file each record reports the line before its
/// own, after blank lines a record reports the first blank line, and with
/// `\r` line ends every record reports line 1. Lines here are what an
/// editor shows: `\n`, `\r\n` and a lone `\r` each end one.
///
/// Only quotes and line ends change what matters, so the scan jumps from
/// one to the next with `memchr`.
pub(super) struct LineTracker<R> {
    inner: R,
    state: Lex,
    /// The 1-based line of the next byte.
    line: u64,
    /// The previous byte was `\r` (so a `\n` now ends no further line).
    after_cr: bool,
    /// The previous byte was `,` (so a `"` now opens a quoted field).
    after_comma: bool,
    /// The start line of each record seen here that the CSV reader has not
    /// returned yet, oldest first.
    starts: VecDeque<u64>,
    /// The line the last quoted field was opened on.
    quote_line: u64,
    /// Whether the first chunk has been handed to the CSV reader.
    started: bool,
}

/// Where the CSV reader is in the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    /// Between records, skipping line ends.
    Between,
    /// In a record, not in a quoted field.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// Just after a quote in a quoted field: it closes the field unless
    /// another quote follows.
    QuoteInQuoted,
}

impl<R> LineTracker<R> {
    fn new(inner: R) -> Self {
        LineTracker {
            inner,
            state: Lex::Between,
            line: 1,
            after_cr: false,
            after_comma: false,
            starts: VecDeque::new(),
            quote_line: 0,
            started: false,
        }
    }

    /// The start line of the record the CSV reader has just returned.
    fn take_start(&mut self) -> Option<u64> {
        self.starts.pop_front()
    }

    /// The line the CSV reader is on: the start of the record it is
    /// reading, or where it stopped.
    fn current(&self) -> u64 {
        self.starts.front().copied().unwrap_or(self.line)
    }

    /// At the end of the input: the line of a quoted field left open. The
    /// csv crate accepts it and reads every later line into that field.
    fn open_quote(&self) -> Option<u64> {
        (self.state == Lex::Quoted).then_some(self.quote_line)
    }

    fn scan(&mut self, mut rest: &[u8]) {
        while !rest.is_empty() {
            // Jump over the bytes that change nothing: in a field, all but
            // quotes and line ends.
            let next = match self.state {
                Lex::Unquoted | Lex::Quoted => memchr::memchr3(b'"', b'\n', b'\r', rest),
                Lex::Between | Lex::QuoteInQuoted => Some(0),
            };
            let k = next.unwrap_or(rest.len());
            if let Some(&last) = rest[..k].last() {
                self.after_cr = false;
                self.after_comma = last == b',';
            }
            let Some((&b, tail)) = rest[k..].split_first() else { return };
            self.step(b);
            rest = tail;
        }
    }

    fn step(&mut self, b: u8) {
        let end = b == b'\n' || b == b'\r';
        self.state = match (self.state, b) {
            (Lex::Between, _) if end => Lex::Between,
            (Lex::Between, b'"') => {
                self.starts.push_back(self.line);
                self.quote_line = self.line;
                Lex::Quoted
            }
            (Lex::Between, _) => {
                self.starts.push_back(self.line);
                Lex::Unquoted
            }
            (Lex::Unquoted, b'"') if self.after_comma => {
                self.quote_line = self.line;
                Lex::Quoted
            }
            (Lex::Quoted, b'"') => Lex::QuoteInQuoted,
            (Lex::Quoted, _) => Lex::Quoted,
            (Lex::QuoteInQuoted, b'"') => Lex::Quoted,
            _ if end => Lex::Between,
            _ => Lex::Unquoted,
        };
        self.count_line(b);
        self.after_comma = b == b',';
    }

    fn count_line(&mut self, b: u8) {
        if b == b'\r' || (b == b'\n' && !self.after_cr) {
            self.line += 1;
        }
        self.after_cr = b == b'\r';
    }
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = self.inner.read(buf)?;
        let mut skip = 0;
        if !self.started {
            self.started = true;
            // The csv crate skips a UTF-8 BOM only when its first chunk holds
            // all three bytes, and takes a first chunk of only the BOM for
            // the end of the input. A reader that hands out a few bytes at a
            // time (a pipe, a decoder) left the BOM in the first header
            // name, and the header check failed on an invisible character.
            while (1..4).contains(&n) && n < buf.len() {
                match self.inner.read(&mut buf[n..]) {
                    Ok(0) => break,
                    Ok(k) => n += k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    // Hand over what was read; the error comes back on the next read.
                    Err(_) => break,
                }
            }
            if buf.starts_with(b"\xef\xbb\xbf") && n >= 3 {
                skip = 3;
            }
        }
        self.scan(buf.get(skip..n).unwrap_or_default());
        Ok(n)
    }
}

fn csv_error<R: Read>(file: &str, e: &csv::Error, rdr: &csv::Reader<LineTracker<R>>) -> Error {
    let message = match e.kind() {
        csv::ErrorKind::Io(io) => format!("read error: {io}"),
        _ => e.to_string(),
    };
    Error::Load(LoadError::Csv { at: Location::new(file, rdr.get_ref().current(), None), message })
}

/// Reads the header and checks it is exactly `expected`.
pub(super) fn check_header<R: Read>(
    rdr: &mut csv::Reader<LineTracker<R>>,
    file: &str,
    expected: &[&str],
) -> Result<(), Error> {
    let found = match rdr.byte_headers() {
        Ok(found) => found.clone(),
        Err(e) => return Err(csv_error(file, &e, rdr)),
    };
    rdr.get_mut().take_start();
    if found.iter().eq(expected.iter().map(|s| s.as_bytes())) {
        return Ok(());
    }
    // No record at all: no bytes, or only blank lines (and a BOM).
    if found.is_empty() {
        return Err(Error::Load(LoadError::EmptyFile { file: file.to_owned(), expected: expected.join(",") }));
    }
    Err(Error::Load(LoadError::BadHeader {
        file: file.to_owned(),
        expected: expected.join(","),
        found: found.iter().map(String::from_utf8_lossy).collect::<Vec<_>>().join(","),
    }))
}

/// Reads the next record into `rec`; `Ok(None)` at the end of the file,
/// else the line the record starts on. Checks the field count against the
/// header, and that the file does not end in an open quote.
pub(super) fn next_record<R: Read>(
    rdr: &mut csv::Reader<LineTracker<R>>,
    rec: &mut csv::ByteRecord,
    file: &str,
    header: &'static [&'static str],
) -> Result<Option<u64>, Error> {
    let width = header.len();
    match rdr.read_byte_record(rec) {
        Ok(false) => match rdr.get_ref().open_quote() {
            // Every record had `width` fields, so the open one is the last.
            Some(line) => Err(Error::Load(LoadError::Csv {
                at: Location::new(file, line, header.last().copied()),
                message:
                    "this quoted field is never closed (a `\"` is missing): the rest of the file would be read into it"
                        .to_owned(),
            })),
            None => Ok(None),
        },
        Ok(true) => {
            let line = rdr.get_mut().take_start().unwrap_or_else(|| rec.position().map_or(1, csv::Position::line));
            if rec.len() != width {
                return Err(Error::Load(LoadError::FieldCount {
                    at: Location::new(file, line, None),
                    expected: width,
                    found: rec.len(),
                }));
            }
            Ok(Some(line))
        }
        Err(e) => Err(csv_error(file, &e, rdr)),
    }
}
