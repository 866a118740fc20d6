//! Axis ticks and number formatting: pure functions, tested without drawing.
//! Negative numbers are written with U+2212 MINUS SIGN, as all text for
//! people in the crate is (`crate::vocab::number`).

use crate::vocab::number::with_minus;

/// The years to label on a year axis running from `first` to `last`
/// (inclusive, in either order), with at most `max_labels` labels, each a
/// whole year written once.
///
/// Every year is labelled when they fit; otherwise the years that are
/// multiples of the smallest step of 2, 5, 10, 20, 25, 50, 100, ... that
/// fits. When no step fits, the first year alone is labelled. Charts use exactly these labels, so a chart of one, two or
/// twelve years never shows `2016.5` or the same year twice.
///
/// ```
/// use biopharma_stats::year_tick_labels;
/// let labels: Vec<String> = year_tick_labels(2016, 2019, 10).into_iter().map(|(_, l)| l).collect();
/// assert_eq!(labels, ["2016", "2017", "2018", "2019"]);
/// assert_eq!(year_tick_labels(2019, 2019, 10), [(2019, "2019".to_owned())]);
/// let ticks: Vec<i32> = year_tick_labels(2008, 2019, 5).into_iter().map(|(y, _)| y).collect();
/// assert_eq!(ticks, [2010, 2015]);
/// ```
pub fn year_tick_labels(first: i32, last: i32, max_labels: usize) -> Vec<(i32, String)> {
    let (first, last) = if first <= last { (first, last) } else { (last, first) };
    let max_labels = max_labels.max(1);
    let span = i64::from(last) - i64::from(first) + 1;
    let chosen = if span <= max_labels as i64 {
        Some(1)
    } else {
        YEAR_STEPS.iter().copied().skip(1).find(|&step| {
            let count = multiples_in(first, last, step);
            count > 0 && count <= max_labels as i64
        })
    };
    let Some(step) = chosen else {
        return vec![(first, first.to_string())];
    };
    let (first, last) = (i64::from(first), i64::from(last));
    let start = if step == 1 {
        first
    } else {
        first.div_euclid(step) * step + if first.rem_euclid(step) == 0 { 0 } else { step }
    };
    (0..)
        .map(|i| start + i * step)
        .take_while(|&y| y <= last)
        .filter_map(|y| i32::try_from(y).ok())
        .map(|y| (y, y.to_string()))
        .collect()
}

/// The steps a year axis may use, smallest first.
const YEAR_STEPS: [i64; 16] = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000];

/// How many multiples of `step` lie in `first..=last`.
fn multiples_in(first: i32, last: i32, step: i64) -> i64 {
    let lo = i64::from(first).div_euclid(step) + i64::from(i64::from(first).rem_euclid(step) != 0);
    let hi = i64::from(last).div_euclid(step);
    (hi - lo + 1).max(0)
}

/// A linear axis: its domain and the values to mark with ticks, with the
/// number of decimals their labels need.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Linear {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) ticks: Vec<f64>,
    pub(crate) decimals: usize,
    /// Whether `lo` is at the top (a rank axis: 1 at the top).
    pub(crate) inverted: bool,
}

impl Linear {
    /// A "nice" axis covering `lo..=hi` with about `target` ticks; `integer`
    /// keeps the step a whole number (for counts). `None` where the axis
    /// cannot be spanned in f64 (values near f64::MAX).
    pub(crate) fn nice(lo: f64, hi: f64, target: usize, integer: bool) -> Option<Linear> {
        let (mut lo, mut hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        if hi - lo < f64::EPSILON * hi.abs().max(1.0) {
            // A flat series: open a window around it that includes zero.
            if hi > 0.0 {
                lo = lo.min(0.0);
                hi *= 1.2;
            } else if hi < 0.0 {
                hi = 0.0;
                lo *= 1.2;
            } else {
                hi = 1.0;
            }
        }
        if !(hi - lo).is_finite() {
            return None;
        }
        let raw = (hi - lo) / target.max(1) as f64;
        let mut step = nice_step(raw);
        if integer && step < 1.0 {
            step = 1.0;
        }
        let start = (lo / step).floor();
        let end = (hi / step - 1e-9).ceil();
        let (lo, hi) = (start * step, end * step);
        let n = (end - start).round();
        if !(lo.is_finite() && hi.is_finite() && (0.0..=1e4).contains(&n)) {
            return None;
        }
        let ticks = (0..=n as i64).map(|i| clean(lo + i as f64 * step)).collect();
        Some(Linear { lo, hi, ticks, decimals: decimals_for(step), inverted: false })
    }

    /// A rank axis (1 at the top) covering ranks `1..=worst` with about
    /// `target` whole-number ticks, none under 1 and always 1; `headroom` is the share
    /// of the axis kept free above rank 1 (for labels and annotations).
    pub(crate) fn rank(worst: f64, target: usize, headroom: f64) -> Option<Linear> {
        let worst = worst.max(1.0);
        let span = (worst - 1.0).max(1.0);
        let lo = 1.0 - span * headroom / (1.0 - headroom).max(0.1);
        let mut axis = Linear::nice(lo, worst + span * 0.04, target, true)?;
        // Rank 1 is always marked: 1, 5, 10 rather than 5, 10.
        axis.ticks.retain(|t| *t >= 1.0);
        if axis.ticks.first() != Some(&1.0) {
            axis.ticks.insert(0, 1.0);
        }
        axis.inverted = true;
        Some(axis)
    }

    /// Where `v` lies on the axis from its bottom (0) to its top (1).
    pub(crate) fn frac(&self, v: f64) -> f64 {
        let f = (v - self.lo) / (self.hi - self.lo);
        if self.inverted { 1.0 - f } else { f }
    }

    /// The value bars grow from: zero (within the axis), or the bottom of a
    /// rank axis.
    pub(crate) fn base(&self) -> f64 {
        if self.inverted { self.hi } else { 0.0_f64.clamp(self.lo, self.hi) }
    }

    /// Formats a tick value: with the axis's decimals, or in scientific
    /// notation (`2.5×10³⁰⁰`) on an axis whose ticks reach
    /// [`SCIENTIFIC_FROM`] or stay within [`SCIENTIFIC_BELOW`] of zero.
    pub(crate) fn label(&self, v: f64) -> String {
        let top = self.ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
        if top >= SCIENTIFIC_FROM || (top > 0.0 && top < SCIENTIFIC_BELOW) {
            return scientific(v, 3);
        }
        with_minus(group_thousands(&format!("{:.*}", self.decimals, clean(v))))
    }
}

/// From this magnitude up, axis ticks and value labels are written in
/// scientific notation.
pub(crate) const SCIENTIFIC_FROM: f64 = 1e9;
/// Below this magnitude (and above zero), likewise.
pub(crate) const SCIENTIFIC_BELOW: f64 = 1e-3;

/// `v` in scientific notation with at most `digits` significant digits,
/// its exponent in superscript: `2.5×10³⁰⁰`, `−5×10⁻³²⁴` (`0` for zero).
pub(crate) fn scientific(v: f64, digits: usize) -> String {
    if v == 0.0 || !v.is_finite() {
        return format_plain(v);
    }
    // Rust's `{:e}` rounds the mantissa without overflowing or
    // underflowing, even for subnormals and values near f64::MAX.
    let text = format!("{:.*e}", digits.saturating_sub(1), v);
    let Some((mantissa, exp)) = text.split_once('e') else { return text };
    let mantissa = if mantissa.contains('.') { mantissa.trim_end_matches('0').trim_end_matches('.') } else { mantissa };
    let sup: String = exp
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            _ => '⁹',
        })
        .collect();
    with_minus(if mantissa == "1" { format!("10{sup}") } else { format!("{mantissa}×10{sup}") })
}

fn format_plain(v: f64) -> String {
    with_minus(group_thousands(&clean(v).to_string()))
}

/// The nice step (1, 2, 2.5 or 5 times a power of ten) at or above `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * mag
}

/// The decimals a label needs to show multiples of `step` exactly.
fn decimals_for(step: f64) -> usize {
    (0..=6).find(|&d| ((step * 10f64.powi(d as i32)).round() - step * 10f64.powi(d as i32)).abs() < 1e-6).unwrap_or(6)
}

/// Rounds away floating-point noise (0.30000000000000004) and negative zero.
fn clean(v: f64) -> f64 {
    let r = (v * 1e9).round() / 1e9;
    // (Beyond about 1e299, v × 1e9 overflows; such a v has no noise to round.)
    if r == 0.0 {
        0.0
    } else if r.is_finite() {
        r
    } else {
        v
    }
}

/// A value as text: the shortest exact form, with thousands grouped
/// (`183.6`, `4,000`, `0.25`).
/// Values from [`SCIENTIFIC_FROM`] up or below [`SCIENTIFIC_BELOW`] are
/// written in scientific notation with four significant digits.
pub(crate) fn format_number(v: f64) -> String {
    if v != 0.0 && (v.abs() >= SCIENTIFIC_FROM || v.abs() < SCIENTIFIC_BELOW) {
        return scientific(v, 4);
    }
    format_plain(v)
}

/// Groups the digits of an integer part longer than three digits:
/// A value rounded to `decimals` places, with thousands grouped.
pub(crate) fn format_fixed(v: f64, decimals: usize) -> String {
    with_minus(group_thousands(&format!("{:.*}", decimals, clean(v))))
}

/// How many decimals the shortest exact form of `v` has (`183.6` → 1).
pub(crate) fn decimals_of(v: f64) -> usize {
    let t = clean(v).to_string();
    t.split_once('.').map_or(0, |(_, f)| f.len())
}

/// Groups, `4000` → `4,000`.
fn group_thousands(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    if int.len() <= 3 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A growth rate given as a fraction, as a percentage with two decimals:
/// `0.19993` → `19.99 %`.
pub(crate) fn format_rate(rate: f64) -> String {
    with_minus(format!("{:.2} %", rate * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ticks_cover_short_and_long_ranges_without_duplicates() {
        for (first, last) in [(2019, 2019), (2018, 2019), (2009, 2019), (2008, 2019), (1990, 2030), (2019, 2016)] {
            for max in 0..30 {
                let ticks = year_tick_labels(first, last, max);
                assert!(!ticks.is_empty());
                assert!(ticks.len() <= max.max(1), "{first}-{last} max {max}: {ticks:?}");
                let years: Vec<i32> = ticks.iter().map(|(y, _)| *y).collect();
                assert!(years.windows(2).all(|w| w[0] < w[1]));
                for (y, l) in &ticks {
                    assert_eq!(l.parse::<i32>().ok(), Some(*y));
                    assert!((first.min(last)..=first.max(last)).contains(y));
                }
            }
        }
        assert_eq!(year_tick_labels(2008, 2019, 12).len(), 12);
        assert_eq!(
            year_tick_labels(2008, 2019, 6).iter().map(|t| t.0).collect::<Vec<_>>(),
            [2008, 2010, 2012, 2014, 2016, 2018]
        );
        assert_eq!(year_tick_labels(2008, 2019, 5).iter().map(|t| t.0).collect::<Vec<_>>(), [2010, 2015]);
        assert_eq!(year_tick_labels(i32::MIN, i32::MAX, 3).len(), 1);
    }

    #[test]
    fn nice_axes() {
        let a = Linear::nice(0.0, 317.2, 5, false).expect("an axis");
        assert_eq!(a.lo, 0.0);
        assert!(a.hi >= 317.2);
        assert_eq!(a.ticks.first(), Some(&0.0));
        assert_eq!(a.ticks.last(), Some(&a.hi));
        let c = Linear::nice(0.0, 4.0, 8, true).expect("an axis");
        assert!(c.ticks.iter().all(|t| t.fract() == 0.0));
        let f = Linear::nice(0.0, 0.3, 5, false).expect("an axis");
        assert_eq!(f.label(0.1), "0.1");
        assert_eq!(Linear::nice(5.0, 5.0, 5, false).map(|a| a.lo), Some(0.0));
        // A flat axis at -1.7e308 would widen to -inf: no axis, not a panic.
        assert_eq!(Linear::nice(-1.7e308, -1.7e308, 5, false), None);
        assert_eq!(Linear::nice(-f64::MAX, f64::MAX, 5, false), None);
    }

    #[test]
    fn numbers() {
        assert_eq!(format_number(183.6), "183.6");
        assert_eq!(format_number(4000.0), "4,000");
        assert_eq!(format_number(-1234567.5), "−1,234,567.5");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_rate(0.199_93), "19.99 %");
        // Scientific from 1e9 up and below 1e-3: mantissa × 10^exponent.
        assert_eq!(format_number(1e300), "10³⁰⁰");
        assert_eq!(format_number(2.5e300), "2.5×10³⁰⁰");
        assert_eq!(format_number(-1.234_56e12), "−1.235×10¹²");
        assert_eq!(format_rate(-0.0952), "−9.52 %");
        assert_eq!(format_fixed(-0.0001, 2), "0.00");
        // The smallest subnormal, 2^-1074 = 4.9406564584124654e-324.
        assert_eq!(format_number(5e-324), "4.941×10⁻³²⁴");
        assert_eq!(format_number(0.000_25), "2.5×10⁻⁴");
        assert_eq!(format_number(999_999_999.0), "999,999,999");
        assert_eq!(format_number(f64::MAX), "1.798×10³⁰⁸");
    }

    #[test]
    fn rank_axes_run_from_1_at_the_top() {
        // Ranks 1..=5, 20 % headroom: lo = 1 − 4 × 0.2 / 0.8 = 0, hi = 5 + 4 × 0.04 = 5.16 → nice 0..6.
        let a = Linear::rank(5.0, 6, 0.2).expect("an axis");
        assert!(a.inverted);
        assert_eq!(a.ticks, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert!(a.frac(1.0) > a.frac(5.0), "rank 1 above rank 5");
        assert_eq!(a.base(), a.hi);
        assert_eq!(a.frac(a.hi), 0.0);
    }

    #[test]
    fn axes_of_very_large_and_very_small_values_are_scientific() {
        // 0..1e300 with 5 ticks: a step of 2e299 (1e300 / 5 = 2e299, a
        // nice 2 × 10^299), so the ticks are 0, 2e299, ..., 1e300.
        let a = Linear::nice(0.0, 1e300, 5, false).expect("an axis");
        let labels: Vec<String> = a.ticks.iter().map(|t| a.label(*t)).collect();
        assert_eq!(labels, ["0", "2×10²⁹⁹", "4×10²⁹⁹", "6×10²⁹⁹", "8×10²⁹⁹", "10³⁰⁰"]);
        // 0..4e-6 by 1e-6.
        let b = Linear::nice(0.0, 4e-6, 4, false).expect("an axis");
        let labels: Vec<String> = b.ticks.iter().map(|t| b.label(*t)).collect();
        assert_eq!(labels, ["0", "10⁻⁶", "2×10⁻⁶", "3×10⁻⁶", "4×10⁻⁶"]);
        // An ordinary axis stays plain.
        let c = Linear::nice(0.0, 4000.0, 4, false).expect("an axis");
        assert_eq!(c.label(4000.0), "4,000");
    }
}
