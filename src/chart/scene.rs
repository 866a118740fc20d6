//! The scene: what a chart draws, resolved from its series before any
//! size is known — marks with their looks and labels, axes, legend entries,
//! annotations and the caption's facts. Pure data; no drawing.

use crate::{ChartError, ComputeError};
use std::collections::BTreeSet;

use plotters::prelude::RGBColor;

use super::scale::{decimals_of, format_fixed, format_number, format_rate};
use super::{Annotation, Kind, SeriesStyle, ShareStyle, Spec};
use crate::calc::computed::valid_year;
use crate::data::series::{Derivation, Origin, Point, Series};
use crate::error::Error;
use crate::vocab::metric::{Metric, MetricKind};
use crate::vocab::period::Period;
use crate::vocab::source::Source;
use crate::vocab::value::{Qualifier, Status, Unit, Value};

pub(super) type Result<T> = std::result::Result<T, Error>;

// ---------------------------------------------------------------------------
// Colours

pub(super) const INK: RGBColor = RGBColor(33, 33, 33);
pub(super) const MUTED: RGBColor = RGBColor(88, 88, 88);
pub(super) const GRID: RGBColor = RGBColor(226, 226, 226);
pub(super) const AXIS: RGBColor = RGBColor(110, 110, 110);
pub(super) const WHITE: RGBColor = RGBColor(255, 255, 255);
pub(super) const REST: RGBColor = RGBColor(196, 196, 196);
pub(super) const BOX_EDGE: RGBColor = RGBColor(190, 190, 190);

/// Okabe–Ito colours, distinguishable with the common colour-vision
/// deficiencies, darkest first; black and yellow last, so that charts of up
/// to eight series never repeat a colour.
pub(super) const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(240, 228, 66),
];

pub(super) fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Whether white text reads better than dark text on `c`.
pub(super) fn is_dark(c: RGBColor) -> bool {
    let lum = 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
    lum < 150.0
}

// ---------------------------------------------------------------------------
// The scene: what to draw, independent of the size

/// How a point came to be, as far as its look is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Look {
    Reported,
    Derived,
    Target,
}

impl Look {
    pub(super) fn of(p: &Point) -> Look {
        if p.is_derived() {
            Look::Derived
        } else if p.status == Status::Target {
            Look::Target
        } else {
            Look::Reported
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Left,
    Right,
}

#[derive(Debug, Clone)]
pub(super) struct Mark {
    /// The slot (year index or category index) on the x axis.
    pub(super) slot: usize,
    /// The year, for a year axis (to see gaps between points).
    pub(super) year: i32,
    pub(super) value: f64,
    pub(super) look: Look,
    pub(super) label: String,
}

#[derive(Debug, Clone)]
pub(super) struct MarkSet {
    pub(super) color: RGBColor,
    pub(super) side: Side,
    pub(super) marks: Vec<Mark>,
}

#[derive(Debug, Clone)]
pub(super) enum XAxis {
    Years { first: i32, last: i32 },
    Categories(Vec<String>),
}

impl XAxis {
    pub(super) fn slots(&self) -> usize {
        match self {
            XAxis::Years { first, last } => usize::try_from(i64::from(*last) - i64::from(*first) + 1).unwrap_or(1),
            XAxis::Categories(c) => c.len(),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct AxisSpec {
    pub(super) title: String,
    pub(super) title_color: RGBColor,
    pub(super) unit: Unit,
    pub(super) zero_based: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Cartesian {
    pub(super) x: XAxis,
    pub(super) left: AxisSpec,
    pub(super) right: Option<AxisSpec>,
    pub(super) bars: Vec<MarkSet>,
    pub(super) lines: Vec<MarkSet>,
}

#[derive(Debug, Clone)]
pub(super) struct Segment {
    pub(super) value: f64,
    pub(super) color: RGBColor,
    pub(super) label: String,
}

#[derive(Debug, Clone)]
pub(super) struct Whole {
    pub(super) label: String,
    pub(super) segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
pub(super) enum Body {
    Cartesian(Cartesian),
    Shares { style: ShareStyle, wholes: Vec<Whole> },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Dash {
    /// No line: a legend swatch of a marker alone.
    None,
    Solid,
    Dashed,
    Dotted,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Swatch {
    Bar { color: RGBColor, look: Look },
    Line { color: RGBColor, dash: Dash, marker: Option<Look> },
}

#[derive(Debug, Clone)]
pub(super) struct LegendEntry {
    pub(super) label: String,
    pub(super) swatch: Swatch,
}

#[derive(Debug, Clone)]
pub(super) struct Scene {
    pub(super) title: String,
    pub(super) subtitle: Option<String>,
    pub(super) legend: Vec<LegendEntry>,
    pub(super) annotations: Vec<String>,
    /// The caption's paragraphs in full: the sources (publisher and date
    /// of each), then rules, qualifiers and notes.
    pub(super) caption: Vec<String>,
    /// The sources by short publisher name, with how many of each, for the
    /// collapsed caption of small charts.
    pub(super) short_sources: Vec<(String, usize)>,
    pub(super) body: Body,
}

/// The chart's title: the one given, or one made from its series.
pub(crate) fn title_of(chart: &Spec) -> String {
    if let Some(t) = &chart.title {
        return t.clone();
    }
    match &chart.kind {
        Kind::Years { series, .. } => match series.as_slice() {
            [] => "Chart".to_owned(),
            [s] => format!("{}, {}", s.metric().name, entity_name(s.entity())),
            many => {
                let first = &many[0];
                if many.iter().all(|s| s.metric().id == first.metric().id) {
                    first.metric().name.clone()
                } else if many.iter().all(|s| s.entity() == first.entity()) {
                    let metrics: Vec<&Metric> = many.iter().map(Series::metric).collect();
                    format!("{}, {}", names_once(&metrics), entity_name(first.entity()))
                } else {
                    join_names(many.iter().map(|s| s.metric().name.as_str()))
                }
            }
        },
        Kind::BarsWithLine { bars, line } => {
            let names = names_once(&[bars.metric(), line.metric()]);
            if bars.entity() == line.entity() { format!("{names}, {}", entity_name(bars.entity())) } else { names }
        }
        Kind::Compare { .. } => "Comparison".to_owned(),
        Kind::Shares { .. } => "Shares".to_owned(),
    }
}

/// The names of several metrics, their shared subject said once:
/// `Innovative medical devices approved` and `Innovative medical devices
/// approved, cumulative` → `Innovative medical devices approved, each year
/// and cumulative` (a flow whose name is the subject alone is `each year`).
/// Names sharing fewer than two leading words are joined whole.
pub(super) fn names_once(metrics: &[&Metric]) -> String {
    let words: Vec<Vec<&str>> = metrics.iter().map(|m| m.name.split(' ').collect()).collect();
    let bare = |w: &str| w.trim_end_matches([',', ':', ';']).to_owned();
    let mut k = 0;
    while words.iter().all(|w| w.len() > k && bare(w[k]) == bare(words[0][k])) {
        k += 1;
    }
    let rests: Vec<String> = words
        .iter()
        .zip(metrics)
        .map(|(w, m)| {
            let rest = w[k..].join(" ");
            let rest = rest.trim_start_matches([',', ':', ';', ' ']).to_owned();
            if rest.is_empty() && m.kind == MetricKind::Flow { "each year".to_owned() } else { rest }
        })
        .collect();
    let distinct =
        rests.iter().all(|r| !r.is_empty()) && rests.iter().enumerate().all(|(i, r)| !rests[..i].contains(r));
    if metrics.len() < 2 || k < 2 || !distinct {
        return join_names(metrics.iter().map(|m| m.name.as_str()));
    }
    let subject: Vec<String> = words[0][..k].iter().map(|w| bare(w)).collect();
    format!("{}, {}", subject.join(" "), join_names(rests.iter().map(String::as_str)))
}

pub(super) fn join_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = names.collect();
    match v.as_slice() {
        [] => String::new(),
        [a] => (*a).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `yangtze_river_delta` → `Yangtze River Delta`.
pub(super) fn entity_name(id: &str) -> String {
    id.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value as a label: qualifier, number, and `%` for percentages.
pub(super) fn value_text(v: &Value, unit: Unit) -> String {
    let pct = if unit == Unit::Percent { " %" } else { "" };
    format!("{}{}{pct}", v.qualifier.symbol(), format_number(v.value))
}

/// A point's label: a reported value as stated; a derived one rounded to
/// the decimals of the series' reported values (one when it has none), so
/// that an interpolation does not show false precision.
pub(super) fn point_label(series: &Series, p: &Point) -> String {
    if !p.is_derived() {
        return value_text(&p.value, series.unit());
    }
    let decimals =
        series.points().iter().filter(|q| !q.is_derived()).map(|q| decimals_of(q.value.value)).max().unwrap_or(1);
    let pct = if series.unit() == Unit::Percent { " %" } else { "" };
    format!("{}{}{pct}", p.value.qualifier.symbol(), format_fixed(p.value.value, decimals.min(3)))
}

pub(super) fn qualifier_words(q: Qualifier) -> Option<&'static str> {
    match q {
        Qualifier::Exact => None,
        Qualifier::Approx => Some("~ means about"),
        Qualifier::MoreThan => Some("> means more than"),
        Qualifier::LessThan => Some("< means less than"),
        Qualifier::AtLeast => Some("≥ means at least"),
        Qualifier::AtMost => Some("≤ means at most"),
    }
}

/// What the caption says, collected while resolving points.
#[derive(Default)]
pub(super) struct CaptionFacts {
    /// `publisher, date` of each source, in order of first use.
    pub(super) sources: Vec<String>,
    /// The publisher of each of `sources`.
    pub(super) publishers: Vec<String>,
    /// Qualifiers of reported points (as their sources state them).
    pub(super) qualifiers: BTreeSet<Qualifier>,
    /// Qualifiers of derived points (which the derivation gave them).
    pub(super) derived_qualifiers: BTreeSet<Qualifier>,
    pub(super) derivations: Vec<Derivation>,
    pub(super) rules: Vec<String>,
}

impl CaptionFacts {
    pub(super) fn source(&mut self, s: &Source) {
        let text = format!("{}, {}", s.publisher, s.published);
        if !self.sources.contains(&text) {
            self.sources.push(text);
            self.publishers.push(s.publisher.clone());
        }
    }

    pub(super) fn point(&mut self, series: &Series, p: &Point) {
        for s in series.sources_of(p) {
            self.source(s);
        }
        if p.is_derived() {
            self.derived_qualifiers.insert(p.value.qualifier);
        } else {
            self.qualifiers.insert(p.value.qualifier);
        }
        if let Origin::Derived { method } = &p.origin
            && !self.derivations.contains(method)
        {
            self.derivations.push(*method);
        }
    }

    pub(super) fn series(&mut self, s: &Series) {
        for p in s.points() {
            self.point(s, p);
        }
        for r in s.resolutions() {
            let text = format!("{} ({}) {}", entity_name(s.entity()), s.metric().name, r);
            if !self.rules.contains(&text) {
                self.rules.push(text);
            }
        }
    }

    /// The sources grouped by [`short_publisher`], in order of first use,
    /// with the number of sources of each.
    pub(super) fn short_sources(&self) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        for p in &self.publishers {
            let name = short_publisher(p);
            match out.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => *count += 1,
                None => out.push((name, 1)),
            }
        }
        out
    }

    pub(super) fn paragraphs(&self, rest_note: Option<&str>, notes: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        out.push(match self.sources.as_slice() {
            [] => "Source: none recorded for the plotted points.".to_owned(),
            [one] => format!("Source: {one}."),
            many => format!("Sources: {}.", many.join("; ")),
        });
        for r in &self.rules {
            out.push(format!("Sources disagree: {r}."));
        }
        let words: Vec<&str> = self.qualifiers.iter().filter_map(|q| qualifier_words(*q)).collect();
        if !words.is_empty() {
            out.push(format!("{}, as the source states it.", words.join("; ")));
        }
        let derived: Vec<&str> = self.derived_qualifiers.iter().filter_map(|q| qualifier_words(*q)).collect();
        if !derived.is_empty() {
            out.push(format!(
                "On derived points, {}: an estimate, not a figure any source states.",
                derived.join("; ")
            ));
        }
        if let Some(r) = rest_note {
            out.push(r.to_owned());
        }
        out.extend(notes.iter().cloned());
        out
    }
}

/// A publisher's short name for a collapsed caption: an acronym in
/// brackets (`China Association for Medical Devices Industry (CAMDI)` →
/// `CAMDI`), else the name before any bracket (`People's Daily Online
/// (en.people.cn)` → `People's Daily Online`, `人民日报 (People's Daily)` →
/// `人民日报`) where that is two words or more or not in Latin letters, else
/// the whole name.
pub(super) fn short_publisher(publisher: &str) -> String {
    let publisher = publisher.trim().trim_matches('"');
    if let Some((head, tail)) = publisher.split_once(" (") {
        let inner = tail.trim_end_matches(')');
        let acronym = inner.len() <= 10
            && inner.chars().filter(char::is_ascii_uppercase).count() >= 2
            && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '&');
        if acronym {
            return inner.to_owned();
        }
        // A one-word head ("Unidentified (probably People's Daily …)") says
        // too little alone: keep the whole name.
        if head.split_whitespace().count() >= 2 || !head.is_ascii() {
            return head.trim().to_owned();
        }
    }
    publisher.to_owned()
}

pub(super) fn derived_label(methods: &[Derivation]) -> String {
    if methods.is_empty() {
        "derived, not reported".to_owned()
    } else {
        let m: Vec<String> = methods.iter().map(ToString::to_string).collect();
        format!("derived ({}), not reported", m.join(", "))
    }
}

pub(super) fn empty_series(s: &Series) -> Error {
    Error::Chart(ChartError::EmptyChart {
        what: format!("series {:?} / {:?} has no points", s.metric().id.as_str(), s.entity()),
    })
}

pub(super) fn point_at(series: &Series, period: Period) -> Result<&Point> {
    if series.is_empty() {
        return Err(empty_series(series));
    }
    series.get(period).ok_or_else(|| {
        Error::Chart(ChartError::MissingPoint {
            metric: series.metric().id.to_string(),
            entity: series.entity().to_owned(),
            period,
        })
    })
}

pub(super) fn year_of(series: &Series, p: &Point) -> Result<i32> {
    // A hand-made Period::Year may hold any i32: the axis arithmetic needs
    // four-digit years (BadPeriod, as in computations).
    valid_year(p.period)?.ok_or_else(|| Error::Chart(ChartError::InvalidChart {
        reason: format!(
            "{:?} / {:?} has a point for the span {}; a year axis plots single years (use Chart::compare or Chart::shares)",
            series.metric().id.as_str(),
            series.entity(),
            p.period
        ),
    }))
}

/// The legend entries that explain looks other than a plain reported point.
pub(super) fn style_entries(
    looks: &BTreeSet<LookKey>,
    facts: &CaptionFacts,
    color: RGBColor,
    lines: bool,
) -> Vec<LegendEntry> {
    let mut out = Vec::new();
    let swatch = |look: Look| {
        if lines {
            let dash = if look == Look::Reported { Dash::None } else { Dash::Dashed };
            Swatch::Line { color, dash, marker: Some(look) }
        } else {
            Swatch::Bar { color, look }
        }
    };
    let special =
        looks.contains(&LookKey::Derived) || looks.contains(&LookKey::Target) || looks.contains(&LookKey::Gap);
    if special && looks.contains(&LookKey::Reported) {
        out.push(LegendEntry { label: "reported".to_owned(), swatch: swatch(Look::Reported) });
    }
    if looks.contains(&LookKey::Derived) {
        out.push(LegendEntry { label: derived_label(&facts.derivations), swatch: swatch(Look::Derived) });
    }
    if looks.contains(&LookKey::Target) {
        out.push(LegendEntry { label: "target (plan)".to_owned(), swatch: swatch(Look::Target) });
    }
    if looks.contains(&LookKey::Gap) {
        out.push(LegendEntry {
            label: "no data for the years between".to_owned(),
            swatch: Swatch::Line { color, dash: Dash::Dotted, marker: None },
        });
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum LookKey {
    Reported,
    Derived,
    Target,
    Gap,
}

pub(super) fn note_looks(looks: &mut BTreeSet<LookKey>, set: &MarkSet, line: bool) {
    for m in &set.marks {
        match m.look {
            Look::Derived => {
                looks.insert(LookKey::Derived);
            }
            Look::Target => {
                looks.insert(LookKey::Target);
            }
            Look::Reported => {
                looks.insert(LookKey::Reported);
            }
        }
    }
    let reported = |m: &Mark| m.look == Look::Reported;
    if line && set.marks.windows(2).any(|w| w[1].year - w[0].year > 1 && reported(&w[0]) && reported(&w[1])) {
        looks.insert(LookKey::Gap);
    }
}

pub(super) fn default_label(all: &[&Series], s: &Series) -> String {
    let same_metric = all.iter().all(|o| o.metric().id == s.metric().id);
    let same_entity = all.iter().all(|o| o.entity() == s.entity());
    match (same_metric, same_entity) {
        (true, _) => entity_name(s.entity()),
        (false, true) => s.metric().name.clone(),
        (false, false) => format!("{}, {}", s.metric().name, entity_name(s.entity())),
    }
}

pub(super) fn annotation_texts(chart: &Spec) -> Result<Vec<String>> {
    chart
        .annotations
        .iter()
        .map(|a| match a {
            Annotation::Text(t) => Ok(t.clone()),
            Annotation::Cagr { rate, from, to } => {
                if !rate.is_finite() {
                    return Err(Error::Compute(ComputeError::NonFiniteInput {
                        what: "the CAGR annotation's rate".to_owned(),
                    }));
                }
                if from >= to {
                    return Err(Error::Chart(ChartError::InvalidChart {
                        reason: format!("a CAGR runs from an earlier year to a later one, not {from} to {to}"),
                    }));
                }
                Ok(format!("CAGR {from}–{to}: {}", format_rate(*rate)))
            }
        })
        .collect()
}

pub(super) fn marks_of(series: &Series, first: i32) -> Result<Vec<Mark>> {
    series
        .points()
        .iter()
        .map(|p| {
            let year = year_of(series, p)?;
            Ok(Mark {
                slot: usize::try_from(i64::from(year) - i64::from(first)).unwrap_or(0),
                year,
                value: p.value.value,
                look: Look::of(p),
                label: point_label(series, p),
            })
        })
        .collect()
}

pub(super) fn year_range<'a>(series: impl IntoIterator<Item = &'a Series>) -> Result<(i32, i32)> {
    let mut range: Option<(i32, i32)> = None;
    for s in series {
        for p in s.points() {
            let y = year_of(s, p)?;
            range = Some(range.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
        }
    }
    range.ok_or_else(|| Error::Chart(ChartError::EmptyChart { what: "no points".to_owned() }))
}

pub(super) fn scene(chart: &Spec) -> Result<Scene> {
    let annotations = annotation_texts(chart)?;
    let mut facts = CaptionFacts::default();
    let mut legend = Vec::new();
    let mut rest_note = None;
    let body = match &chart.kind {
        Kind::Years { style, series } => {
            let first_series = series
                .first()
                .ok_or_else(|| Error::Chart(ChartError::EmptyChart { what: "no series given".to_owned() }))?;
            if let Some(s) = series.iter().find(|s| s.is_empty()) {
                return Err(empty_series(s));
            }
            let unit = first_series.unit();
            if let Some(s) = series.iter().find(|s| s.unit() != unit) {
                return Err(Error::Chart(ChartError::InvalidChart {
                    reason: format!(
                        "series on one axis must share a unit: {} is in {}, {} in {}",
                        first_series.metric().id,
                        unit.label(),
                        s.metric().id,
                        s.unit().label()
                    ),
                }));
            }
            let (first, last) = year_range(series)?;
            let refs: Vec<&Series> = series.iter().collect();
            let mut sets = Vec::new();
            let mut looks = BTreeSet::new();
            let line = *style == SeriesStyle::Line;
            for (i, s) in series.iter().enumerate() {
                facts.series(s);
                let set = MarkSet { color: color(i), side: Side::Left, marks: marks_of(s, first)? };
                note_looks(&mut looks, &set, line);
                if series.len() > 1 {
                    let label = chart.labels.get(i).cloned().unwrap_or_else(|| default_label(&refs, s));
                    let swatch = if line {
                        Swatch::Line { color: set.color, dash: Dash::Solid, marker: Some(Look::Reported) }
                    } else {
                        Swatch::Bar { color: set.color, look: Look::Reported }
                    };
                    legend.push(LegendEntry { label, swatch });
                }
                sets.push(set);
            }
            let style_color = if series.len() > 1 { MUTED } else { color(0) };
            legend.extend(style_entries(&looks, &facts, style_color, line));
            let left = AxisSpec {
                title: chart.y_label.clone().unwrap_or_else(|| unit.label().to_owned()),
                title_color: MUTED,
                unit,
                zero_based: chart.zero_based || !line,
            };
            let (bars, lines) = if line { (Vec::new(), sets) } else { (sets, Vec::new()) };
            Body::Cartesian(Cartesian { x: XAxis::Years { first, last }, left, right: None, bars, lines })
        }
        Kind::BarsWithLine { bars, line } => {
            let (bars, line): (&Series, &Series) = (bars, line);
            for s in [bars, line] {
                if s.is_empty() {
                    return Err(empty_series(s));
                }
                facts.series(s);
            }
            let (first, last) = year_range([bars, line])?;
            let bar_set = MarkSet { color: color(0), side: Side::Left, marks: marks_of(bars, first)? };
            let line_set = MarkSet { color: color(3), side: Side::Right, marks: marks_of(line, first)? };
            let label = |i: usize, s: &Series| chart.labels.get(i).cloned().unwrap_or_else(|| s.metric().name.clone());
            legend.push(LegendEntry {
                label: format!("{} (bars, left axis)", label(0, bars)),
                swatch: Swatch::Bar { color: bar_set.color, look: Look::Reported },
            });
            legend.push(LegendEntry {
                label: format!("{} (line, right axis)", label(1, line)),
                swatch: Swatch::Line { color: line_set.color, dash: Dash::Solid, marker: Some(Look::Reported) },
            });
            let mut looks = BTreeSet::new();
            note_looks(&mut looks, &bar_set, false);
            note_looks(&mut looks, &line_set, true);
            legend.extend(style_entries(&looks, &facts, MUTED, true));
            let left = AxisSpec {
                title: chart.y_label.clone().unwrap_or_else(|| bars.unit().label().to_owned()),
                title_color: bar_set.color,
                unit: bars.unit(),
                zero_based: true,
            };
            let right = AxisSpec {
                title: chart.y2_label.clone().unwrap_or_else(|| line.unit().label().to_owned()),
                title_color: line_set.color,
                unit: line.unit(),
                zero_based: true,
            };
            Body::Cartesian(Cartesian {
                x: XAxis::Years { first, last },
                left,
                right: Some(right),
                bars: vec![bar_set],
                lines: vec![line_set],
            })
        }
        Kind::Compare { categories, groups } => {
            if categories.is_empty() {
                return Err(Error::Chart(ChartError::EmptyChart {
                    what: "a comparison without categories".to_owned(),
                }));
            }
            if groups.is_empty() {
                return Err(Error::Chart(ChartError::EmptyChart {
                    what: "a comparison without bars (add groups with .bars())".to_owned(),
                }));
            }
            let mut unit: Option<(Unit, String)> = None;
            let mut sets = Vec::new();
            let mut looks = BTreeSet::new();
            for (gi, (label, cells)) in groups.iter().enumerate() {
                if cells.len() != categories.len() {
                    return Err(Error::Chart(ChartError::InvalidChart {
                        reason: format!(
                            "the bars {label:?} give {} points for {} categories; give one per category",
                            cells.len(),
                            categories.len()
                        ),
                    }));
                }
                let mut marks = Vec::new();
                for (slot, (series, period)) in cells.iter().enumerate() {
                    let p = point_at(series, *period)?;
                    match &unit {
                        None => unit = Some((series.unit(), series.metric().id.to_string())),
                        Some((u, id)) if *u != series.unit() => {
                            return Err(Error::Chart(ChartError::InvalidChart {
                                reason: format!(
                                    "bars on one axis must share a unit: {id} is in {}, {} in {}",
                                    u.label(),
                                    series.metric().id,
                                    series.unit().label()
                                ),
                            }));
                        }
                        Some(_) => {}
                    }
                    facts.point(series, p);
                    marks.push(Mark {
                        slot,
                        year: p.period.end(),
                        value: p.value.value,
                        look: Look::of(p),
                        label: point_label(series, p),
                    });
                }
                let set = MarkSet { color: color(gi), side: Side::Left, marks };
                note_looks(&mut looks, &set, false);
                legend.push(LegendEntry {
                    label: label.clone(),
                    swatch: Swatch::Bar { color: set.color, look: Look::Reported },
                });
                sets.push(set);
            }
            legend.extend(style_entries(&looks, &facts, MUTED, false));
            let unit = unit.map_or(Unit::Count, |(u, _)| u);
            let left = AxisSpec {
                title: chart.y_label.clone().unwrap_or_else(|| unit.label().to_owned()),
                title_color: MUTED,
                unit,
                zero_based: true,
            };
            Body::Cartesian(Cartesian {
                x: XAxis::Categories(categories.clone()),
                left,
                right: None,
                bars: sets,
                lines: Vec::new(),
            })
        }
        Kind::Shares { style, wholes } => {
            if wholes.is_empty() {
                return Err(Error::Chart(ChartError::EmptyChart {
                    what: "a share chart without wholes (add them with .whole())".to_owned(),
                }));
            }
            let mut entities: Vec<String> = Vec::new();
            let mut out = Vec::new();
            for (label, parts) in wholes {
                if parts.is_empty() {
                    return Err(Error::Chart(ChartError::EmptyChart {
                        what: format!("the whole {label:?} has no parts"),
                    }));
                }
                let mut segments = Vec::new();
                let mut sum = 0.0;
                let mut quals = Vec::new();
                for (series, period) in parts {
                    let p = point_at(series, *period)?;
                    if series.unit() != Unit::Percent {
                        return Err(Error::Chart(ChartError::InvalidChart {
                            reason: format!(
                                "share charts draw percentages; {} is in {}",
                                series.metric().id,
                                series.unit().label()
                            ),
                        }));
                    }
                    let v = p.value.value;
                    if !(0.0..=100.0).contains(&v) {
                        return Err(Error::Chart(ChartError::InvalidChart {
                            reason: format!(
                                "a share must lie in 0–100 %; {} / {} is {v}",
                                series.metric().id,
                                series.entity()
                            ),
                        }));
                    }
                    facts.point(series, p);
                    sum += v;
                    quals.push(p.value.qualifier);
                    let ci = entities.iter().position(|e| e == series.entity()).unwrap_or_else(|| {
                        entities.push(series.entity().to_owned());
                        entities.len() - 1
                    });
                    segments.push(Segment { value: v, color: color(ci), label: value_text(&p.value, Unit::Percent) });
                }
                if sum > 100.0 + 1e-9 {
                    return Err(Error::Chart(ChartError::InvalidChart {
                        reason: format!(
                            "the parts of {label:?} add up to {} %, more than the whole",
                            format_number(sum)
                        ),
                    }));
                }
                let rest = Value::new(100.0 - sum, complement(&quals));
                segments.push(Segment { value: rest.value, color: REST, label: value_text(&rest, Unit::Percent) });
                out.push(Whole { label: label.clone(), segments });
            }
            for (i, e) in entities.iter().enumerate() {
                legend.push(LegendEntry {
                    label: entity_name(e),
                    swatch: Swatch::Bar { color: color(i), look: Look::Reported },
                });
            }
            legend.push(LegendEntry {
                label: chart.rest_label.clone(),
                swatch: Swatch::Bar { color: REST, look: Look::Reported },
            });
            rest_note = Some(format!("{} = 100 % less the share(s) reported.", chart.rest_label));
            Body::Shares { style: *style, wholes: out }
        }
    };
    Ok(Scene {
        title: title_of(chart),
        subtitle: chart.subtitle.clone(),
        legend,
        annotations,
        caption: facts.paragraphs(rest_note.as_deref(), &chart.notes),
        short_sources: facts.short_sources(),
        body,
    })
}

/// The qualifier of 100 % less parts with these qualifiers: a lower bound
/// on a part is an upper bound on the rest, and so on; mixed qualifiers
/// make the rest approximate.
pub(super) fn complement(quals: &[Qualifier]) -> Qualifier {
    let first = quals.first().copied().unwrap_or(Qualifier::Exact);
    if quals.iter().any(|q| *q != first) {
        return Qualifier::Approx;
    }
    match first {
        Qualifier::Exact => Qualifier::Exact,
        Qualifier::Approx => Qualifier::Approx,
        Qualifier::MoreThan => Qualifier::LessThan,
        Qualifier::LessThan => Qualifier::MoreThan,
        Qualifier::AtLeast => Qualifier::AtMost,
        Qualifier::AtMost => Qualifier::AtLeast,
    }
}
