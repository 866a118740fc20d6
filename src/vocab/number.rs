//! How numbers read in text meant for people: one rule for the minus sign
//! and one for precision, used by every `Display`, explanation and formula
//! of the crate.
//!
//! - **Minus sign.** Text for people writes a negative number with U+2212
//!   MINUS SIGN (`−5.00 %`, `DIFFERS by −2`), as formulas do (`317.2 − 183.6`).
//!   Text for machines (CSV, Parquet, serde, `Debug`) keeps the ASCII
//!   hyphen-minus, which every parser reads.
//! - **Precision.** A number is shown as written: the shortest text that reads
//!   back as the same f64 (`183.6`, `4000`), which is what a source wrote. A
//!   number with more than [`WRITTEN_DIGITS`] significant digits was never
//!   written by a source (an interpolated or derived value such as
//!   `228.13333333333333`): it is shown to [`DERIVED_SIGNIFICANT_FIGURES`]
//!   significant figures (`228.1`).

/// The minus sign of text for people (U+2212).
pub const MINUS: char = '\u{2212}';

/// The most significant digits a source is taken to write; a value with more
/// is derived and shown rounded.
pub const WRITTEN_DIGITS: usize = 12;

/// The significant figures a derived value is shown to.
pub const DERIVED_SIGNIFICANT_FIGURES: usize = 4;

/// Replaces a leading ASCII hyphen-minus with [`MINUS`], and drops the sign
/// of a number that shows as zero (`-0`, `-0.00`).
pub(crate) fn with_minus(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_owned(),
        Some(rest) => format!("{MINUS}{rest}"),
        None => s,
    }
}

/// A number as written, or to [`DERIVED_SIGNIFICANT_FIGURES`] where it has
/// more digits than a source writes; with [`MINUS`].
///
/// ```
/// use biopharma_stats::format_number;
/// assert_eq!(format_number(183.6), "183.6");
/// assert_eq!(format_number(-9.5), "−9.5");
/// assert_eq!(format_number(684.4 / 3.0), "228.1");     // 228.1333… is derived
/// assert_eq!(format_number(1e-7 / 3.0), "0.00000003333");
/// ```
pub fn format_number(x: f64) -> String {
    let shortest = format!("{x}");
    let digits = shortest.trim_start_matches('-').chars().filter(char::is_ascii_digit).collect::<String>();
    let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
    if !x.is_finite() || significant <= WRITTEN_DIGITS || shortest.contains('e') {
        return with_minus(shortest);
    }
    // Decimals that keep DERIVED_SIGNIFICANT_FIGURES figures: 228.13… → 1.
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (DERIVED_SIGNIFICANT_FIGURES as i32 - 1 - magnitude).max(0) as usize;
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s };
    with_minus(s)
}

/// A number with a fixed number of decimals and [`MINUS`], without a sign on
/// a number that rounds to zero.
pub(crate) fn fixed(x: f64, decimals: usize) -> String {
    with_minus(format!("{x:.decimals$}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minus_sign_is_u2212_and_zero_has_none() {
        assert_eq!(fixed(-0.05 * 100.0, 2), "\u{2212}5.00");
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(with_minus("-0".to_owned()), "0");
        assert_eq!(format_number(-2.0), "\u{2212}2");
    }

    #[test]
    fn written_numbers_show_as_written_and_derived_ones_rounded() {
        assert_eq!(format_number(33633.7), "33633.7");
        assert_eq!(format_number(1435.0), "1435");
        // 0.1 + 0.2 = 0.30000000000000004: 17 significant digits, so derived.
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        // 2/3 × 1000 = 666.666…: 4 significant figures.
        assert_eq!(format_number(2000.0 / 3.0), "666.7");
        // 1/3 × 1e9 = 333333333.33…: no decimals needed for 4 figures.
        assert_eq!(format_number(1e9 / 3.0), "333333333");
    }
}
