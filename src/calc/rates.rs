//! Stated growth rates checked against the published levels they describe.
//!
//! A rate metric names its level metric in metrics.csv's `rate_of` column.
//! For every reported stated rate, [`Dataset::check_stated_rates`] finds the
//! two levels (the rate's year and the year before), computes the rate the
//! levels give through [`relative_change`](crate::relative_change), and says
//! whether the two agree within the precision the source wrote. Nothing is
//! written back: a stated rate is never replaced by a computed one, and a
//! level implied by a rate is never entered as data.

use std::collections::HashMap;
use std::fmt;

use crate::data::dataset::{Dataset, Observation};
use crate::relative_change;
use crate::vocab::metric::MetricId;
use crate::vocab::period::Period;
use crate::vocab::source::SourceId;
use crate::vocab::value::{Qualifier, Status, Unit};

/// How the figure on one side of a check was picked among the reported
/// exact levels for that year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LevelChoice {
    /// The source that states the rate also states this level: the rate and
    /// the level come from one publication.
    SameSource,
    /// Every source that states a level for the year gives this value.
    Agreed,
    /// Sources disagree and none is the rate's source: the level of the
    /// latest publication is used (later publications revise earlier ones);
    /// the other values are listed in [`Level::others`].
    LatestPublished,
}

impl LevelChoice {
    fn describe(self, sources: usize) -> &'static str {
        match self {
            LevelChoice::SameSource => "the rate's own source",
            LevelChoice::Agreed if sources == 1 => "the only source",
            LevelChoice::Agreed => "all sources agree",
            LevelChoice::LatestPublished => "sources conflict; the latest publication is used",
        }
    }
}

/// One side of a check: a published level, with its sources.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Level {
    /// The year of the level.
    pub year: i32,
    /// The level, in the level metric's unit.
    pub value: f64,
    /// The unit of the value.
    pub unit: Unit,
    /// The sources that state this value (the chosen one first).
    pub sources: Vec<SourceId>,
    /// How it was chosen.
    pub choice: LevelChoice,
    /// Other values stated for the same year by other sources, not used.
    pub others: Vec<(f64, SourceId)>,
}

/// What a row in the data says about the base a rate is computed on
/// ("comparable basis", "previous year's data adjusted").
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BasisRemark {
    /// The source of the row the remark is on.
    pub source: SourceId,
    /// `true` when the text is the source's own words (the row's quote);
    /// `false` when it is the dataset's note on the row.
    pub quoted: bool,
    /// The sentence.
    pub text: String,
}

/// A stated year-on-year rate set beside the rate its two published levels
/// give. Built by [`Dataset::check_stated_rates`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RateCheck {
    /// The rate metric (kind rate, unit percent).
    pub rate_metric: MetricId,
    /// The level metric it states the change of (its `rate_of`).
    pub level_metric: MetricId,
    /// The entity.
    pub entity: String,
    /// The later year: the rate is the change from `year − 1` to `year`.
    pub year: i32,
    /// The stated rate, in percent, signed ("下降1.6%" is −1.6).
    pub stated: f64,
    /// How the source qualifies the stated rate (only exact rates are
    /// judged by [`RateCheck::agrees`]).
    pub stated_qualifier: Qualifier,
    /// The decimals the source wrote (2 for "46.90%", 0 for "17%").
    pub stated_decimals: u32,
    /// The source of the stated rate.
    pub rate_source: SourceId,
    /// The verbatim quote that states the rate.
    pub rate_quote: String,
    /// The level of the year before, where the data has one.
    pub start: Option<Level>,
    /// The level of the rate's year, where the data has one.
    pub end: Option<Level>,
    /// The rate the two levels give, in percent, through
    /// [`relative_change`](crate::relative_change).
    pub computed: Option<f64>,
    /// Why the rate could not be computed although both levels exist
    /// (a zero or negative base).
    pub problem: Option<String>,
    /// Derived, never data: where the earlier level is missing, the level
    /// the stated rate implies for it, `end / (1 + stated / 100)`.
    pub implied_start: Option<f64>,
    /// What the rate's row (and the end level's row from the same source)
    /// say about revised or comparable bases.
    pub basis: Vec<BasisRemark>,
}

impl RateCheck {
    /// Half a unit of the last digit the source wrote, in percentage
    /// points: ±0.5 for "17%", ±0.005 for "54.97%".
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let checks = ds.check_stated_rates();
    /// let c = checks.iter().find(|c| c.rate_metric == "cde_ind_approvals_yoy" && c.year == 2020).unwrap();
    /// assert_eq!(c.stated_decimals, 2);
    /// assert!((c.tolerance_pp() - 0.005).abs() < 1e-12);
    /// ```
    pub fn tolerance_pp(&self) -> f64 {
        0.5 / 10f64.powi(i32::try_from(self.stated_decimals).unwrap_or(i32::MAX))
    }

    /// Stated minus computed, in percentage points; `None` without a
    /// computed rate.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let checks = ds.check_stated_rates();
    /// let c = checks.iter().find(|c| c.rate_metric == "innovative_device_approvals_yoy" && c.year == 2025).unwrap();
    /// // 76 / 65 − 1 = 16.923 %; stated 17 %.
    /// assert!((c.difference_pp().unwrap() - (17.0 - 1100.0 / 65.0)).abs() < 1e-9);
    /// ```
    pub fn difference_pp(&self) -> Option<f64> {
        self.computed.map(|c| self.stated - c)
    }

    /// Whether the stated rate and the computed one agree within
    /// [`tolerance_pp`](RateCheck::tolerance_pp). `None` where a level is
    /// missing, the rate cannot be computed, or the stated rate is not
    /// exact (a bound is not judged).
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let checks = ds.check_stated_rates();
    /// let c = checks.iter().find(|c| c.rate_metric == "cde_innovative_drug_approvals_yoy" && c.year == 2025).unwrap();
    /// assert_eq!(c.agrees(), Some(true)); // 76 / 48 − 1 = 58.33 %, stated 58 %
    /// ```
    pub fn agrees(&self) -> Option<bool> {
        if self.stated_qualifier != Qualifier::Exact {
            return None;
        }
        // A hair of slack for the binary representation of the inputs.
        self.difference_pp().map(|d| d.abs() <= self.tolerance_pp() + 1e-9)
    }

    /// The stated rate as the source wrote it: sign and decimals.
    fn stated_text(&self) -> String {
        let d = usize::try_from(self.stated_decimals).unwrap_or(0);
        format!("{}{:+.d$} %", self.stated_qualifier.symbol(), self.stated)
    }

    /// The one line of [`Display`](fmt::Display) followed by the sources on
    /// both sides, how each level was chosen, the other values of a
    /// conflicting level, the derived earlier level, and what the rows say
    /// about revised bases.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let checks = ds.check_stated_rates();
    /// let c = checks.iter().find(|c| c.rate_metric == "cde_ind_approvals_yoy" && c.year == 2020).unwrap();
    /// assert!(c.explain().contains("derived, not data"));
    /// ```
    pub fn explain(&self) -> String {
        let mut out = self.to_string();
        out.push_str(&format!(
            "\n  stated: {} ({}, {}) [{}]: {:?}",
            self.stated_text(),
            self.rate_metric,
            self.entity,
            self.rate_source,
            self.rate_quote
        ));
        for (label, year, level) in [("start", self.year - 1, &self.start), ("end", self.year, &self.end)] {
            match level {
                Some(l) => {
                    let ids: Vec<&str> = l.sources.iter().map(SourceId::as_str).collect();
                    out.push_str(&format!(
                        "\n  {label} {}: {} ({}, {}) [{}]; {}",
                        l.year,
                        amount(l.value, l.unit),
                        self.level_metric,
                        self.entity,
                        ids.join(", "),
                        l.choice.describe(l.sources.len())
                    ));
                    for (v, s) in &l.others {
                        out.push_str(&format!("\n    also stated, not used: {} [{s}]", amount(*v, l.unit)));
                    }
                }
                None => out.push_str(&format!("\n  {label} {year}: no reported exact level in the data")),
            }
        }
        if let Some(p) = &self.problem {
            out.push_str(&format!("\n  not computed: {p}"));
        }
        if let Some(v) = self.implied_start {
            let sign = if self.stated < 0.0 { '−' } else { '+' };
            out.push_str(&format!(
                "\n  implied {} level: {} / (1 {sign} {} / 100) = {:.1} (derived, not data)",
                self.year - 1,
                self.end.as_ref().map_or(f64::NAN, |l| l.value),
                self.stated.abs(),
                v
            ));
        }
        if self.agrees() == Some(false) && self.basis.is_empty() {
            out.push_str("\n  on the base: neither the quote nor the note says anything");
        }
        for b in &self.basis {
            let whose = if b.quoted { "the source says" } else { "the dataset's note says" };
            out.push_str(&format!("\n  on the base: {whose} [{}]: {}", b.source, b.text));
        }
        out
    }
}

fn amount(v: f64, unit: Unit) -> String {
    if unit == Unit::Count {
        format!("{v}")
    } else if unit == Unit::Percent {
        format!("{v} %")
    } else {
        format!("{v} {}", unit.label())
    }
}

impl fmt::Display for RateCheck {
    /// One line: `innovative_device_approvals 2024→2025 china: stated +17 %,
    /// levels 65 → 76 give +16.92 %, difference +0.08 pp (±0.5): agrees`
    /// (the computed rate and the difference with two more decimals than
    /// the source wrote).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}→{} {}: stated {}",
            self.level_metric,
            self.year - 1,
            self.year,
            self.entity,
            self.stated_text()
        )?;
        match (&self.start, &self.end, self.computed) {
            (Some(s), Some(e), Some(c)) => {
                // Two more decimals than the source wrote, so a difference
                // just inside and one just outside the tolerance read apart.
                let n = usize::try_from(self.stated_decimals).unwrap_or(0) + 2;
                let d = self.stated - c;
                write!(
                    f,
                    ", levels {} → {} give {c:+.n$} %, difference {d:+.n$} pp (±{})",
                    s.value,
                    e.value,
                    self.tolerance_pp()
                )?;
                match self.agrees() {
                    Some(true) => write!(f, ": agrees"),
                    Some(false) => write!(f, ": DISAGREES"),
                    None => write!(f, ": not judged (the stated rate is a bound)"),
                }
            }
            (Some(_), Some(_), None) => write!(f, ", not computed: {}", self.problem.as_deref().unwrap_or("unknown")),
            (None, Some(e), _) => match self.implied_start {
                Some(v) => write!(f, ", no {} level; {} implies {v:.1} (derived)", self.year - 1, e.value),
                None => write!(f, ", no {} level", self.year - 1),
            },
            (_, None, _) => write!(f, ", no {} level", self.year),
        }
    }
}

/// The number of decimals the source wrote for `value`: found in `quote`
/// (so "46.90%" keeps its trailing zero, which the CSV's shortest form
/// drops), else the decimals of the value as loaded.
pub(crate) fn written_decimals(value: f64, quote: &str) -> u32 {
    let text = format!("{}", value.abs());
    let from_value = text.split_once('.').map_or(0, |(_, d)| d.len());
    let bytes = quote.as_bytes();
    let mut from = 0;
    while let Some(i) = quote[from..].find(&text).map(|i| i + from) {
        from = i + text.len();
        let before = i.checked_sub(1).map(|j| bytes[j]);
        if before.is_some_and(|b| b.is_ascii_digit() || b == b'.') {
            continue;
        }
        let rest = &bytes[from..];
        let zeros = if text.contains('.') {
            rest.iter().take_while(|&&b| b == b'0').count()
        } else if rest.first() == Some(&b'.') {
            let z = rest[1..].iter().take_while(|&&b| b == b'0').count();
            if z == 0 {
                continue;
            }
            z
        } else {
            0
        };
        let after = if !text.contains('.') && zeros > 0 { rest.get(zeros + 1) } else { rest.get(zeros) };
        if after.is_some_and(u8::is_ascii_digit) {
            continue;
        }
        return u32::try_from(from_value + zeros).unwrap_or(u32::MAX);
    }
    u32::try_from(from_value).unwrap_or(u32::MAX)
}

/// Words that mark a remark on the base of a rate.
const BASIS_WORDS: [&str; 9] = ["可比", "调整", "調整", "口径", "口徑", "revis", "comparable", "adjust", "basis"];

/// The sentences of `text` (ended by `。`, or by `.` before a space or the
/// end) that speak of the base of a rate.
fn basis_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = c == '。' || (c == '.' && next.is_none_or(char::is_whitespace));
        if end || next.is_none() {
            let sentence = text[start..i + c.len_utf8()].trim();
            let lower = sentence.to_lowercase();
            if BASIS_WORDS.iter().any(|w| lower.contains(w)) {
                out.push(sentence.to_owned());
            }
            start = i + c.len_utf8();
        }
    }
    out
}

type LevelKey<'k> = (&'k str, &'k str, i32);

fn pick_level(candidates: Option<&Vec<Observation<'_>>>, rate_source: &SourceId, year: i32) -> Option<Level> {
    let cands = candidates?;
    let first = cands.first()?;
    let unit = first.metric.unit;
    let (chosen, choice) = if let Some(o) = cands.iter().find(|o| o.source.id == *rate_source) {
        (o, LevelChoice::SameSource)
    } else if cands.iter().all(|o| o.value.value == first.value.value) {
        (first, LevelChoice::Agreed)
    } else {
        // Latest publication; ties keep file order.
        let o = cands.iter().rev().max_by(|a, b| a.source.published.cmp(&b.source.published)).unwrap_or(first);
        (o, LevelChoice::LatestPublished)
    };
    let value = chosen.value.value;
    let mut sources = vec![chosen.source.id.clone()];
    sources.extend(
        cands.iter().filter(|o| o.value.value == value && o.source.id != chosen.source.id).map(|o| o.source.id.clone()),
    );
    let others =
        cands.iter().filter(|o| o.value.value != value).map(|o| (o.value.value, o.source.id.clone())).collect();
    Some(Level { year, value, unit, sources, choice, others })
}

impl Dataset {
    /// Checks every reported stated rate (an observation of a metric whose
    /// `rate_of` names a level metric, with a single-year period) against
    /// the levels of that year and the year before, in file order.
    ///
    /// On each side the levels considered are the reported, exact
    /// observations of the level metric for the same entity and year. If
    /// the rate's own source states one, it is used; otherwise, if all
    /// sources agree, their common value; otherwise (a conflict) the level
    /// of the latest-published source, with the other values listed in
    /// [`Level::others`]. The rate is then `end / start − 1` through
    /// [`relative_change`](crate::relative_change), in percent.
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let checks = ds.check_stated_rates();
    /// let c = checks.iter().find(|c| c.rate_metric == "innovative_device_approvals_yoy" && c.year == 2025).unwrap();
    /// assert_eq!(c.agrees(), Some(true)); // 76 / 65 − 1 = 16.92 %, stated 17 % (±0.5)
    /// ```
    pub fn check_stated_rates(&self) -> Vec<RateCheck> {
        let targets: Vec<&str> = self.metrics().filter_map(|m| m.rate_of.as_ref().map(MetricId::as_str)).collect();
        if targets.is_empty() {
            return Vec::new();
        }
        let mut levels: HashMap<LevelKey<'_>, Vec<Observation<'_>>> = HashMap::new();
        for o in self.observations() {
            if let (true, Period::Year(y), Status::Reported, Qualifier::Exact) =
                (targets.contains(&o.metric.id.as_str()), o.period, o.status, o.value.qualifier)
            {
                levels.entry((o.metric.id.as_str(), o.entity, y)).or_default().push(o);
            }
        }
        let mut out = Vec::new();
        for o in self.observations() {
            let (Some(level_metric), Period::Year(year), Status::Reported) = (&o.metric.rate_of, o.period, o.status)
            else {
                continue;
            };
            let key = |y| (level_metric.as_str(), o.entity, y);
            let start = pick_level(levels.get(&key(year - 1)), &o.source.id, year - 1);
            let end = pick_level(levels.get(&key(year)), &o.source.id, year);
            let stated = o.value.value;
            let (computed, problem) = match (&start, &end) {
                (Some(s), Some(e)) => match relative_change(s.value, e.value) {
                    Ok(r) => (Some(r * 100.0), None),
                    Err(err) => (None, Some(err.to_string())),
                },
                _ => (None, None),
            };
            let implied_start = match (&start, &end) {
                (None, Some(e)) if stated > -100.0 => Some(e.value / (1.0 + stated / 100.0)),
                _ => None,
            };
            let mut basis = Vec::new();
            let mut remark = |source: &SourceId, quoted: bool, text: &str| {
                for s in basis_sentences(text) {
                    let b = BasisRemark { source: source.clone(), quoted, text: s };
                    if !basis.contains(&b) {
                        basis.push(b);
                    }
                }
            };
            remark(&o.source.id, true, o.quote);
            remark(&o.source.id, false, o.note);
            if let Some(same) = levels.get(&key(year)).and_then(|v| v.iter().find(|l| l.source.id == o.source.id)) {
                remark(&o.source.id, true, same.quote);
                remark(&o.source.id, false, same.note);
            }
            out.push(RateCheck {
                rate_metric: o.metric.id.clone(),
                level_metric: level_metric.clone(),
                entity: o.entity.to_owned(),
                year,
                stated,
                stated_qualifier: o.value.qualifier,
                stated_decimals: written_decimals(stated, o.quote),
                rate_source: o.source.id.clone(),
                rate_quote: o.quote.to_owned(),
                start,
                end,
                computed,
                problem,
                implied_start,
                basis,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::written_decimals;

    #[test]
    fn written_decimals_follow_the_quote() {
        assert_eq!(written_decimals(46.9, "同比增長46.90%"), 2);
        assert_eq!(written_decimals(17.0, "同比增长 17%,累计达 391 个"), 0);
        assert_eq!(written_decimals(12.0, "增长12.0%"), 1);
        assert_eq!(written_decimals(54.97, "较2019年增长54.97%"), 2);
        assert_eq!(written_decimals(-26.3, "同比下降 26.3%"), 1);
        // "1.5" inside "21.5" is not the number; the later "1.5" is.
        assert_eq!(written_decimals(1.5, "21.5 then (1.50%)"), 2);
        // Not in the quote: the decimals of the value as loaded.
        assert_eq!(written_decimals(9.25, "no number here"), 2);
        assert_eq!(written_decimals(58.0, "up 58 percent"), 0);
        // "17" in "170" is not the number.
        assert_eq!(written_decimals(17.0, "170 and 17.00%"), 2);
    }
}
