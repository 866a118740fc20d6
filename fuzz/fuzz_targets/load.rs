//! Fuzzes the CSV loader: the input is split into metrics.csv, sources.csv
//! and observations.csv at its first two 0x1E bytes (the ASCII record
//! separator; missing parts are empty files), and loaded with
//! `Dataset::from_readers`.
//!
//! Besides "never panics", it checks what the loader promises: an error
//! that names a place in a file gives a line of that file (1 or more, at
//! most the file's lines); a dataset that loads is written, read back
//! equal, and written again byte for byte.

#![no_main]

use biopharma_stats::{Dataset, Error, Location};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0x1e);
    let metrics = parts.next().unwrap_or_default();
    let sources = parts.next().unwrap_or_default();
    let observations = parts.next().unwrap_or_default();
    match Dataset::from_readers(observations, metrics, sources) {
        Ok(ds) => round_trip(&ds),
        Err(e) => {
            let shown = e.to_string();
            assert!(!shown.is_empty());
            if let Some(at) = location(&e) {
                let file = match at.file.as_str() {
                    "observations.csv" => observations,
                    "metrics.csv" => metrics,
                    "sources.csv" => sources,
                    other => panic!("error names an unknown file {other:?}: {e:?}"),
                };
                assert!(at.line >= 1 && at.line <= lines(file), "{e:?}: line out of range");
                assert!(shown.starts_with(&at.to_string()), "{shown}");
            }
        }
    }
});

/// Lines as an editor counts them: `\n`, `\r\n` and a lone `\r` each end one.
fn lines(b: &[u8]) -> u64 {
    let ends = b.iter().enumerate().filter(|&(i, &c)| c == b'\r' || (c == b'\n' && (i == 0 || b[i - 1] != b'\r')));
    ends.count() as u64 + 1
}

/// The error's location, checking that every load error but a bad header
/// (and a read failure, which readers of memory never give) has one.
fn location(e: &Error) -> Option<&Location> {
    match e {
        Error::BadHeader { .. } => None,
        other => Some(other.location().unwrap_or_else(|| panic!("{other:?} is not a located load error"))),
    }
}

fn write(ds: &Dataset) -> [Vec<u8>; 3] {
    let (mut o, mut m, mut s) = (Vec::new(), Vec::new(), Vec::new());
    ds.write_observations(&mut o).expect("writing to memory");
    ds.write_metrics(&mut m).expect("writing to memory");
    ds.write_sources(&mut s).expect("writing to memory");
    [o, m, s]
}

fn round_trip(ds: &Dataset) {
    let first = write(ds);
    let back = Dataset::from_readers(&first[0][..], &first[1][..], &first[2][..])
        .unwrap_or_else(|e| panic!("a loaded dataset, written, does not load: {e}"));
    assert!(&back == ds, "the dataset changed through write and read");
    let bits = |d: &Dataset| d.observations().map(|o| o.value.value.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&back), bits(ds), "a value changed through write and read");
    assert!(write(&back) == first, "the second write differs from the first");
}
