//! Arrow and Parquet (feature `parquet`): the dataset as Arrow record
//! batches and Parquet files ([`write`]), and Parquet files read back into a
//! [`Dataset`](crate::Dataset) with the CSV loader's checks and errors
//! ([`read`]).
//!
//! The tables hold the CSV columns as typed columns: ids, period, qualifier,
//! unit and status as dictionary-encoded strings, `value` as `Float64`,
//! `start_year` and `end_year` (`Int32`) after `period`, quotes and notes
//! as strings. Unit columns hold unit ids, built-in or declared; the
//! declared units go to units.parquet (the columns of units.csv, all
//! strings), which the reader resolves unit ids through, as the CSV loader
//! does with units.csv.
//!
//! observations.parquet holds its rows in the store's order (metric,
//! entity id, status, period, source), each with its place in file order
//! in a last column, `file_order`: engines then find each series as a run
//! of rows, and the reader builds the store's columns as it reads, with
//! no sort. A file in any other row order, or without `file_order` (its
//! rows are then taken in file order), loads to the same dataset through
//! the sort the CSV loader uses.

pub(crate) mod read;
pub(crate) mod write;

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::{Array, LargeStringArray, StringArray, StringViewArray};

use crate::error::Error;

/// The column of observations.parquet that gives each row's place in file
/// order (0 for the first row of observations.csv).
pub(crate) const FILE_ORDER: &str = "file_order";

/// The columns of observations.parquet, in order: the CSV header with the
/// period's first and last years after `period`, then [`FILE_ORDER`],
/// which a file may leave out (its rows are then in file order).
pub(crate) const OBSERVATION_COLUMNS: [&str; 13] = [
    "metric",
    "entity",
    "period",
    "start_year",
    "end_year",
    "value",
    "qualifier",
    "unit",
    "status",
    "source",
    "quote",
    "note",
    FILE_ORDER,
];

/// A column of strings in any of Arrow's three layouts.
#[derive(Clone, Copy)]
pub(crate) enum Strs<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
}

impl<'a> Strs<'a> {
    pub(crate) fn of(a: &'a dyn Array) -> Option<Strs<'a>> {
        if let Some(s) = a.as_string_opt::<i32>() {
            Some(Strs::Utf8(s))
        } else if let Some(s) = a.as_string_opt::<i64>() {
            Some(Strs::Large(s))
        } else {
            a.as_string_view_opt().map(Strs::View)
        }
    }

    /// Row `i`'s text as bytes (UTF-8, as Arrow's string arrays are);
    /// `None` if it is null (or out of range). Reads a string view's bytes
    /// where they lie, inline in the view or in its data buffer.
    pub(crate) fn bytes(&self, i: usize) -> Option<&'a [u8]> {
        match *self {
            Strs::View(s) => {
                if i >= s.len() || s.is_null(i) {
                    return None;
                }
                let view = *s.views().get(i)?;
                let len = view as u32 as usize;
                if len <= 12 {
                    // Inline: the length's 4 bytes, then the text.
                    let at = i * 16 + 4;
                    s.views().inner().as_slice().get(at..at + len)
                } else {
                    let (buffer, offset) = ((view >> 64) as u32 as usize, (view >> 96) as u32 as usize);
                    s.data_buffers().get(buffer)?.as_slice().get(offset..offset + len)
                }
            }
            _ => self.get(i).map(str::as_bytes),
        }
    }

    /// Row `i`'s text; `None` if it is null (or out of range).
    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        match *self {
            Strs::Utf8(s) => (i < s.len() && s.is_valid(i)).then(|| s.value(i)),
            Strs::Large(s) => (i < s.len() && s.is_valid(i)).then(|| s.value(i)),
            Strs::View(s) => (i < s.len() && s.is_valid(i)).then(|| s.value(i)),
        }
    }
}

/// A string column as distinct texts and one key per row, whether it was
/// dictionary-encoded or plain: row `i` holds `values[keys[i]]`, `None`
/// for a null. Checks then run once per distinct text, not once per row.
pub(crate) struct Dict<'a> {
    pub(crate) keys: Vec<usize>,
    pub(crate) values: Vec<Option<&'a str>>,
}

impl<'a> Dict<'a> {
    /// `None` if the column is not strings or a dictionary of strings.
    pub(crate) fn of(a: &'a dyn Array) -> Option<Dict<'a>> {
        if let Some(d) = a.as_any_dictionary_opt() {
            let strs = Strs::of(d.values().as_ref())?;
            let n = d.values().len();
            let mut values: Vec<Option<&str>> = (0..n).map(|i| strs.get(i)).collect();
            // The last slot stands for a null key.
            values.push(None);
            let mut keys = if n == 0 { vec![0; d.len()] } else { d.normalized_keys() };
            if let Some(nulls) = d.logical_nulls() {
                for (k, valid) in keys.iter_mut().zip(nulls.iter()) {
                    if !valid {
                        *k = n;
                    }
                }
            }
            return Some(Dict { keys, values });
        }
        let strs = Strs::of(a)?;
        let mut seen: HashMap<Option<&str>, usize> = HashMap::new();
        let mut values = Vec::new();
        let keys = (0..a.len())
            .map(|i| {
                let v = strs.get(i);
                *seen.entry(v).or_insert_with(|| {
                    values.push(v);
                    values.len() - 1
                })
            })
            .collect();
        Some(Dict { keys, values })
    }

    /// Row `i`'s text, `None` for a null.
    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        self.keys.get(i).and_then(|&k| self.values.get(k).copied().flatten())
    }
}

/// Rewrites the locations of a loader error from lines to rows: the CSV
/// row checks count a table's rows as lines (see `Lines::rows`).
pub(crate) fn as_rows(mut e: Error) -> Error {
    let at = match &mut e {
        Error::Load(l) => l.location_mut(),
        Error::Parse(p) => p.location_mut(),
        _ => None,
    };
    if let Some(at) = at {
        at.counted = crate::vocab::error::Counted::Row;
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_bytes_are_the_texts_inline_or_in_a_buffer_also_in_a_slice() {
        let texts = [
            Some(""),
            Some("twelve bytes"),
            None,
            Some("thirteen byte"),
            Some("约 3,172 亿"),
            Some("a longer quote, well past the twelve inline bytes"),
            Some("q"),
        ];
        let views: StringViewArray = texts.iter().copied().collect();
        let plain: StringArray = texts.iter().copied().collect();
        for (array, from) in [(views.clone(), 0), (views.slice(2, 5), 2)] {
            let s = Strs::View(&array);
            for i in 0..array.len() {
                assert_eq!(s.bytes(i), texts[from + i].map(str::as_bytes), "row {i} of a slice from {from}");
            }
            assert_eq!(s.bytes(array.len()), None);
        }
        let s = Strs::Utf8(&plain);
        for (i, t) in texts.iter().enumerate() {
            assert_eq!(s.bytes(i), t.map(str::as_bytes));
        }
    }
}
