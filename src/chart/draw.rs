//! From a [`Chart`] to pixels: resolve the series into marks, lay out the
//! title, legend, plot and caption so that nothing is clipped, then paint.
//!
//! Everything is drawn in pixel coordinates on the root drawing area, with
//! our own axes, so that tick labels, wrapping and reserved room are under
//! our control rather than left to defaults.

use crate::{ChartError, ComputeError};
use std::collections::{BTreeSet, HashMap};
use std::f64::consts::PI;

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::{Circle, DrawingArea, DrawingBackend, PathElement, Polygon, RGBColor, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, ShapeStyle, TextStyle};

use super::font::{self, Faces};
use super::scale::{Linear, decimals_of, format_fixed, format_number, format_rate, year_tick_labels};
use super::{Annotation, Chart, Kind, SeriesStyle, ShareStyle};
use crate::calc::computed::valid_year;
use crate::data::series::{Derivation, Origin, Point, Series};
use crate::error::Error;
use crate::vocab::period::Period;
use crate::vocab::source::Source;
use crate::vocab::value::{Qualifier, Status, Unit, Value};

type Result<T> = std::result::Result<T, Error>;

/// Maps any drawing, font or backend error to [`ChartError::Render`].
pub(crate) fn render_error<E: std::fmt::Display>(e: E) -> Error {
    Error::Chart(ChartError::Render { message: e.to_string() })
}

// ---------------------------------------------------------------------------
// Colours

const INK: RGBColor = RGBColor(33, 33, 33);
const MUTED: RGBColor = RGBColor(88, 88, 88);
const GRID: RGBColor = RGBColor(226, 226, 226);
const AXIS: RGBColor = RGBColor(110, 110, 110);
const WHITE: RGBColor = RGBColor(255, 255, 255);
const REST: RGBColor = RGBColor(196, 196, 196);
const BOX_EDGE: RGBColor = RGBColor(190, 190, 190);

/// Okabe–Ito colours, distinguishable with the common colour-vision
/// deficiencies, darkest first; black and yellow last, so that charts of up
/// to eight series never repeat a colour.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(240, 228, 66),
];

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Whether white text reads better than dark text on `c`.
fn is_dark(c: RGBColor) -> bool {
    let lum = 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
    lum < 150.0
}

// ---------------------------------------------------------------------------
// The scene: what to draw, independent of the size

/// How a point came to be, as far as its look is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    Reported,
    Derived,
    Target,
}

impl Look {
    fn of(p: &Point) -> Look {
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
enum Side {
    Left,
    Right,
}

#[derive(Debug, Clone)]
struct Mark {
    /// The slot (year index or category index) on the x axis.
    slot: usize,
    /// The year, for a year axis (to see gaps between points).
    year: i32,
    value: f64,
    look: Look,
    label: String,
}

#[derive(Debug, Clone)]
struct MarkSet {
    color: RGBColor,
    side: Side,
    marks: Vec<Mark>,
}

#[derive(Debug, Clone)]
enum XAxis {
    Years { first: i32, last: i32 },
    Categories(Vec<String>),
}

impl XAxis {
    fn slots(&self) -> usize {
        match self {
            XAxis::Years { first, last } => usize::try_from(i64::from(*last) - i64::from(*first) + 1).unwrap_or(1),
            XAxis::Categories(c) => c.len(),
        }
    }
}

#[derive(Debug, Clone)]
struct AxisSpec {
    title: String,
    title_color: RGBColor,
    unit: Unit,
    zero_based: bool,
}

#[derive(Debug, Clone)]
struct Cartesian {
    x: XAxis,
    left: AxisSpec,
    right: Option<AxisSpec>,
    bars: Vec<MarkSet>,
    lines: Vec<MarkSet>,
}

#[derive(Debug, Clone)]
struct Segment {
    value: f64,
    color: RGBColor,
    label: String,
}

#[derive(Debug, Clone)]
struct Whole {
    label: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
enum Body {
    Cartesian(Cartesian),
    Shares { style: ShareStyle, wholes: Vec<Whole> },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Dash {
    /// No line: a legend swatch of a marker alone.
    None,
    Solid,
    Dashed,
    Dotted,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Swatch {
    Bar { color: RGBColor, look: Look },
    Line { color: RGBColor, dash: Dash, marker: Option<Look> },
}

#[derive(Debug, Clone)]
struct LegendEntry {
    label: String,
    swatch: Swatch,
}

#[derive(Debug, Clone)]
struct Scene {
    title: String,
    subtitle: Option<String>,
    legend: Vec<LegendEntry>,
    annotations: Vec<String>,
    caption: Vec<String>,
    body: Body,
}

/// The chart's title: the one given, or one made from its series.
pub(crate) fn title_of(chart: &Chart) -> String {
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
                    format!(
                        "{}, {}",
                        join_names(many.iter().map(|s| s.metric().name.as_str())),
                        entity_name(first.entity())
                    )
                } else {
                    join_names(many.iter().map(|s| s.metric().name.as_str()))
                }
            }
        },
        Kind::BarsWithLine { bars, line } => {
            let names = join_names([bars.metric().name.as_str(), line.metric().name.as_str()].into_iter());
            if bars.entity() == line.entity() { format!("{names}, {}", entity_name(bars.entity())) } else { names }
        }
        Kind::Compare { .. } => "Comparison".to_owned(),
        Kind::Shares { .. } => "Shares".to_owned(),
    }
}

fn join_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = names.collect();
    match v.as_slice() {
        [] => String::new(),
        [a] => (*a).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `yangtze_river_delta` → `Yangtze River Delta`.
fn entity_name(id: &str) -> String {
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
fn value_text(v: &Value, unit: Unit) -> String {
    let pct = if unit == Unit::Percent { " %" } else { "" };
    format!("{}{}{pct}", v.qualifier.symbol(), format_number(v.value))
}

/// A point's label: a reported value as stated; a derived one rounded to
/// the decimals of the series' reported values (one when it has none), so
/// that an interpolation does not show false precision.
fn point_label(series: &Series, p: &Point) -> String {
    if !p.is_derived() {
        return value_text(&p.value, series.unit());
    }
    let decimals =
        series.points().iter().filter(|q| !q.is_derived()).map(|q| decimals_of(q.value.value)).max().unwrap_or(1);
    let pct = if series.unit() == Unit::Percent { " %" } else { "" };
    format!("{}{}{pct}", p.value.qualifier.symbol(), format_fixed(p.value.value, decimals.min(3)))
}

fn qualifier_words(q: Qualifier) -> Option<&'static str> {
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
struct CaptionFacts {
    /// `publisher, date` of each source, in order of first use.
    sources: Vec<String>,
    /// Qualifiers of reported points (as their sources state them).
    qualifiers: BTreeSet<Qualifier>,
    /// Qualifiers of derived points (which the derivation gave them).
    derived_qualifiers: BTreeSet<Qualifier>,
    derivations: Vec<Derivation>,
    rules: Vec<String>,
}

impl CaptionFacts {
    fn source(&mut self, s: &Source) {
        let text = format!("{}, {}", s.publisher, s.published);
        if !self.sources.contains(&text) {
            self.sources.push(text);
        }
    }

    fn point(&mut self, series: &Series, p: &Point) {
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

    fn series(&mut self, s: &Series) {
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

    fn paragraphs(&self, rest_note: Option<&str>, notes: &[String]) -> Vec<String> {
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

fn derived_label(methods: &[Derivation]) -> String {
    if methods.is_empty() {
        "derived, not reported".to_owned()
    } else {
        let m: Vec<String> = methods.iter().map(ToString::to_string).collect();
        format!("derived ({}), not reported", m.join(", "))
    }
}

fn empty_series(s: &Series) -> Error {
    Error::Chart(ChartError::EmptyChart {
        what: format!("series {:?} / {:?} has no points", s.metric().id.as_str(), s.entity()),
    })
}

fn point_at(series: &Series, period: Period) -> Result<&Point> {
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

fn year_of(series: &Series, p: &Point) -> Result<i32> {
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
fn style_entries(looks: &BTreeSet<LookKey>, facts: &CaptionFacts, color: RGBColor, lines: bool) -> Vec<LegendEntry> {
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
enum LookKey {
    Reported,
    Derived,
    Target,
    Gap,
}

fn note_looks(looks: &mut BTreeSet<LookKey>, set: &MarkSet, line: bool) {
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

fn default_label(all: &[&Series], s: &Series) -> String {
    let same_metric = all.iter().all(|o| o.metric().id == s.metric().id);
    let same_entity = all.iter().all(|o| o.entity() == s.entity());
    match (same_metric, same_entity) {
        (true, _) => entity_name(s.entity()),
        (false, true) => s.metric().name.clone(),
        (false, false) => format!("{}, {}", s.metric().name, entity_name(s.entity())),
    }
}

fn annotation_texts(chart: &Chart) -> Result<Vec<String>> {
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

fn marks_of(series: &Series, first: i32) -> Result<Vec<Mark>> {
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

fn year_range<'a>(series: impl IntoIterator<Item = &'a Series>) -> Result<(i32, i32)> {
    let mut range: Option<(i32, i32)> = None;
    for s in series {
        for p in s.points() {
            let y = year_of(s, p)?;
            range = Some(range.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
        }
    }
    range.ok_or_else(|| Error::Chart(ChartError::EmptyChart { what: "no points".to_owned() }))
}

fn scene(chart: &Chart) -> Result<Scene> {
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
        body,
    })
}

/// The qualifier of 100 % less parts with these qualifiers: a lower bound
/// on a part is an upper bound on the rest, and so on; mixed qualifiers
/// make the rest approximate.
fn complement(quals: &[Qualifier]) -> Qualifier {
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

// ---------------------------------------------------------------------------
// Text

/// How text reaches the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextMode {
    /// Rasterised into the bitmap by [`Faces::raster`].
    Raster,
    /// Written as SVG `<text>` elements.
    Svg,
}

/// The drawing area with the way text is drawn on it.
pub(crate) struct Canvas<'a, DB: DrawingBackend> {
    pub(crate) area: &'a DrawingArea<DB, Shift>,
    pub(crate) mode: TextMode,
    faces: &'static Faces,
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    pub(crate) fn new(area: &'a DrawingArea<DB, Shift>, mode: TextMode) -> Result<Self> {
        Ok(Canvas { area, mode, faces: font::faces()? })
    }
}

fn text_width(text: &str, size: f64, bold: bool) -> Result<f64> {
    Ok(font::faces()?.width(text, size, bold))
}

/// The height of one line of text of this size, with spacing.
fn line_h(size: f64) -> f64 {
    (size * 1.22).ceil()
}

/// Greedy word wrap to `max_w` pixels; a word longer than a line is broken
/// between characters.
fn wrap(text: &str, size: f64, bold: bool, max_w: f64) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() { word.to_owned() } else { format!("{cur} {word}") };
        if text_width(&candidate, size, bold)? <= max_w {
            cur = candidate;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        if text_width(word, size, bold)? <= max_w {
            cur = word.to_owned();
        } else {
            for c in word.chars() {
                let mut next = cur.clone();
                next.push(c);
                if !cur.is_empty() && text_width(&next, size, bold)? > max_w {
                    lines.push(std::mem::take(&mut cur));
                    cur.push(c);
                } else {
                    cur = next;
                }
            }
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    Ok(lines)
}

/// Draws one line of text whose line box starts at `top`, aligned on `x`
/// by `h`.
fn draw_text<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    text: &str,
    at: (f64, f64),
    size: f64,
    bold: bool,
    color: RGBColor,
    h: HPos,
) -> Result<()> {
    draw_text_ex(cv, text, at, (size, bold), color, h, false)
}

/// [`draw_text`], optionally with a white halo around the glyphs (in
/// bitmaps) so that a label stays legible over a grid line.
fn draw_text_ex<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    text: &str,
    (x, top): (f64, f64),
    (size, bold): (f64, bool),
    color: RGBColor,
    h: HPos,
    halo: bool,
) -> Result<()> {
    let faces = cv.faces;
    let baseline = top + 0.1 * size + faces.ascent(size, bold);
    match cv.mode {
        TextMode::Raster => {
            let w = faces.width(text, size, bold);
            let x0 = match h {
                HPos::Left => x,
                HPos::Center => x - w / 2.0,
                HPos::Right => x - w,
            };
            let mut pixels = Vec::new();
            faces.raster(text, size, bold, (x0.round(), baseline.round()), |px, py, cov| {
                if cov > 0.004 {
                    pixels.push((px, py, cov));
                }
            });
            if halo {
                let mut spread: HashMap<(i32, i32), f32> = HashMap::with_capacity(pixels.len() * 3);
                for &(px, py, cov) in &pixels {
                    for (dx, dy) in [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)] {
                        let e = spread.entry((px + dx, py + dy)).or_insert(0.0);
                        *e = e.max(cov);
                    }
                }
                for ((px, py), cov) in spread {
                    cv.area.draw_pixel((px, py), &WHITE.mix(f64::from(cov.min(1.0)))).map_err(render_error)?;
                }
            }
            for (px, py, cov) in pixels {
                cv.area.draw_pixel((px, py), &color.mix(f64::from(cov.min(1.0)))).map_err(render_error)?;
            }
            Ok(())
        }
        TextMode::Svg => {
            // plotters writes `font-size` as size / 1.24 and, for a top
            // anchor, `dy="0.76em"`: choose both so that the em and the
            // baseline match the raster layout.
            let em = faces.em(size, bold);
            let style = TextStyle::from(FontDesc::new(
                FontFamily::Name(font::SVG_FAMILY),
                em * 1.24,
                if bold { FontStyle::Bold } else { FontStyle::Normal },
            ))
            .color(&color)
            .pos(Pos::new(h, VPos::Top));
            let y = baseline - 0.76 * em;
            cv.area.draw_text(text, &style, (x.round() as i32, y.round() as i32)).map_err(render_error)
        }
    }
}

// ---------------------------------------------------------------------------
// Sizes and layout

/// Font sizes and spacing for one scale factor.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    u: f64,
    margin: f64,
    title: f64,
    subtitle: f64,
    legend: f64,
    tick: f64,
    value: f64,
    caption: f64,
    annot: f64,
}

impl Sizes {
    fn at(u: f64) -> Sizes {
        Sizes {
            u,
            margin: (22.0 * u).max(8.0),
            title: (30.0 * u).max(13.0),
            subtitle: (19.0 * u).max(10.0),
            legend: (17.0 * u).max(10.0),
            tick: (16.0 * u).max(10.0),
            value: (15.0 * u).max(9.0),
            caption: (14.0 * u).max(9.0),
            annot: (17.0 * u).max(10.0),
        }
    }

    fn px(&self, v: f64) -> f64 {
        (v * self.u).max(1.0)
    }
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn w(&self) -> f64 {
        self.x1 - self.x0
    }
    fn h(&self) -> f64 {
        self.y1 - self.y0
    }
    fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Wrapped lines of text at a size.
#[derive(Debug, Clone)]
struct Block {
    lines: Vec<String>,
    size: f64,
    bold: bool,
}

impl Block {
    fn height(&self) -> f64 {
        self.lines.len() as f64 * line_h(self.size)
    }

    /// Wraps `text` to `max_w`, shrinking from `size` towards `min` until
    /// it takes at most `max_lines` lines (or `min` is reached).
    fn fit(text: &str, size: f64, min: f64, bold: bool, max_w: f64, max_lines: usize) -> Result<Block> {
        let mut size = size;
        loop {
            let lines = wrap(text, size, bold, max_w)?;
            if lines.len() <= max_lines || size <= min {
                return Ok(Block { lines, size, bold });
            }
            size = (size * 0.9).max(min);
        }
    }

    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>, x: f64, top: f64, color: RGBColor) -> Result<f64> {
        let lh = line_h(self.size);
        for (i, l) in self.lines.iter().enumerate() {
            draw_text(cv, l, (x, top + i as f64 * lh), self.size, self.bold, color, HPos::Left)?;
        }
        Ok(self.height())
    }
}

/// The laid-out legend: rows of (entry, x offset).
struct LegendLayout {
    rows: Vec<Vec<(usize, f64)>>,
    size: f64,
}

fn layout_legend(entries: &[LegendEntry], s: &Sizes, max_w: f64) -> Result<LegendLayout> {
    let swatch_w = s.px(44.0);
    let gap = s.px(8.0);
    let spacing = s.px(26.0);
    let mut rows: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut x = 0.0;
    for (i, e) in entries.iter().enumerate() {
        let w = swatch_w + gap + text_width(&e.label, s.legend, false)?;
        if rows.is_empty() || (x > 0.0 && x + w > max_w) {
            rows.push(Vec::new());
            x = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((i, x));
        }
        x += w + spacing;
    }
    Ok(LegendLayout { rows, size: s.legend })
}

/// Everything but the body, laid out for one set of sizes.
struct Frame {
    title: Block,
    subtitle: Option<Block>,
    legend: LegendLayout,
    caption: Vec<Block>,
    caption_top: f64,
    body: Rect,
}

fn plan_frame(scene: &Scene, w: f64, h: f64, s: &Sizes) -> Result<Frame> {
    let inner = w - 2.0 * s.margin;
    let title = Block::fit(&scene.title, s.title, s.legend.max(12.0), true, inner, 2)?;
    let subtitle =
        scene.subtitle.as_ref().map(|t| Block::fit(t, s.subtitle, s.caption, false, inner, 2)).transpose()?;
    let legend = layout_legend(&scene.legend, s, inner)?;
    let mut caption = Vec::new();
    for p in &scene.caption {
        caption.push(Block::fit(p, s.caption, s.caption.min(10.0), false, inner, 3)?);
    }
    let caption_h: f64 = caption.iter().map(Block::height).sum();
    let caption_top = h - s.margin * 0.8 - caption_h;
    let mut y = s.margin * 0.8 + title.height();
    if let Some(sub) = &subtitle {
        y += s.px(2.0) + sub.height();
    }
    y += s.px(12.0);
    if !legend.rows.is_empty() {
        y += legend.rows.len() as f64 * line_h(legend.size) + s.px(10.0);
    }
    let body = Rect { x0: s.margin, y0: y, x1: w - s.margin, y1: caption_top - s.px(14.0) };
    Ok(Frame { title, subtitle, legend, caption, caption_top, body })
}

/// The plan of a cartesian body.
struct CartPlan {
    body: Rect,
    plot: Rect,
    left: Linear,
    right: Option<Linear>,
    x_labels: Vec<(f64, Vec<String>)>,
    ann: Vec<Vec<String>>,
}

fn value_range(sets: &[&MarkSet]) -> Option<(f64, f64)> {
    sets.iter().flat_map(|s| s.marks.iter()).map(|m| m.value).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((a, b)) => Some((a.min(v), b.max(v))),
    })
}

/// A value axis whose top `reserve` pixels stay free of data.
fn value_axis(sets: &[&MarkSet], spec: &AxisSpec, plot_h: f64, reserve: f64, s: &Sizes) -> Result<Linear> {
    let (dmin, dmax) = value_range(sets).unwrap_or((0.0, 1.0));
    let lo = if spec.zero_based {
        dmin.min(0.0)
    } else {
        let pad = ((dmax - dmin) * 0.08).max(dmax.abs() * 0.02);
        dmin - pad
    };
    let top = dmax.max(lo);
    let free = (plot_h - reserve).max(plot_h * 0.3);
    let hi = if top > lo { top + (top - lo) * (plot_h - free) / free } else { top };
    let target = ((plot_h / (2.6 * line_h(s.tick))).floor() as usize).clamp(2, 10);
    let integer = matches!(spec.unit, Unit::Count | Unit::Rank);
    // Values near f64::MAX: the axis (with its headroom) cannot be spanned.
    Linear::nice(lo, hi, target, integer).ok_or_else(|| {
        Error::Chart(ChartError::InvalidChart {
            reason: format!("values from {dmin:e} to {dmax:e} are too large to draw an axis for"),
        })
    })
}

/// A value-axis tick label: the number alone, the unit being the axis title.
fn axis_tick_label(axis: &Linear, v: f64) -> String {
    axis.label(v)
}

fn plan_cartesian(
    c: &Cartesian,
    ann: &[Vec<String>],
    body: Rect,
    s: &Sizes,
    show_values: bool,
) -> Result<Option<CartPlan>> {
    // The plot's width depends on the widths of the value-axis labels,
    // which depend (through the plot's height and the category labels'
    // wrapping) on its width: start from a guess and settle.
    let mut x0 = body.x0 + s.px(60.0);
    let mut x1 = body.x1 - if c.right.is_some() { s.px(60.0) } else { s.px(6.0) };
    for _ in 0..4 {
        let Some(plan) = plan_cartesian_at(c, ann, body, s, show_values, x0, x1)? else {
            return Ok(None);
        };
        let widest = |axis: &Linear| -> Result<f64> {
            axis.ticks.iter().try_fold(0.0f64, |m, t| Ok(m.max(text_width(&axis_tick_label(axis, *t), s.tick, false)?)))
        };
        let nx0 = body.x0 + widest(&plan.left)? + s.px(10.0);
        let nx1 = match &plan.right {
            Some(r) => body.x1 - widest(r)? - s.px(10.0),
            None => body.x1 - s.px(6.0),
        };
        if (nx0 - x0).abs() < 0.5 && (nx1 - x1).abs() < 0.5 {
            return Ok((plan.plot.w() >= body.w() * 0.5).then_some(plan));
        }
        x0 = nx0;
        x1 = nx1;
    }
    let plan = plan_cartesian_at(c, ann, body, s, show_values, x0, x1)?;
    Ok(plan.filter(|p| p.plot.w() >= body.w() * 0.5))
}

/// Plans the body with the plot's horizontal extent given.
#[allow(clippy::too_many_arguments)]
fn plan_cartesian_at(
    c: &Cartesian,
    ann: &[Vec<String>],
    body: Rect,
    s: &Sizes,
    show_values: bool,
    plot_x0: f64,
    plot_x1: f64,
) -> Result<Option<CartPlan>> {
    let tick_lh = line_h(s.tick);
    let plot_top = body.y0 + tick_lh + s.px(8.0);
    let n = c.x.slots().max(1);
    let slot_w = (plot_x1 - plot_x0) / n as f64;
    let mut x_labels = Vec::new();
    let mut rows = 1;
    match &c.x {
        XAxis::Years { first, last } => {
            let label_w = text_width("0000", s.tick, false)? + s.px(14.0);
            let max = ((plot_x1 - plot_x0) / label_w).floor().max(1.0) as usize;
            for (y, l) in year_tick_labels(*first, *last, max) {
                x_labels.push((plot_x0 + (f64::from(y - first) + 0.5) * slot_w, vec![l]));
            }
        }
        XAxis::Categories(cats) => {
            for (i, cat) in cats.iter().enumerate() {
                let lines = wrap(cat, s.tick, false, (slot_w - s.px(10.0)).max(s.px(20.0)))?;
                rows = rows.max(lines.len());
                x_labels.push((plot_x0 + (i as f64 + 0.5) * slot_w, lines));
            }
        }
    }
    if rows > 4 {
        return Ok(None);
    }
    let plot_y1 = body.y1 - rows as f64 * tick_lh - s.px(10.0);
    let plot_h = plot_y1 - plot_top;
    if plot_h < (body.h() * 0.45).max(60.0) {
        return Ok(None);
    }
    let ann_h = annotation_height(ann, s);
    let value_h = if show_values { line_h(s.value) + s.px(12.0) } else { s.px(8.0) };
    let reserve = ann_h + value_h + s.px(4.0);
    if reserve > plot_h * 0.5 {
        return Ok(None);
    }
    let lefts: Vec<&MarkSet> = c.bars.iter().chain(&c.lines).filter(|m| m.side == Side::Left).collect();
    let rights: Vec<&MarkSet> = c.bars.iter().chain(&c.lines).filter(|m| m.side == Side::Right).collect();
    let left = value_axis(&lefts, &c.left, plot_h, reserve, s)?;
    let right = c.right.as_ref().map(|spec| value_axis(&rights, spec, plot_h, reserve, s)).transpose()?;
    let plot = Rect { x0: plot_x0, y0: plot_top, x1: plot_x1, y1: plot_y1 };
    Ok(Some(CartPlan { body, plot, left, right, x_labels, ann: ann.to_vec() }))
}

// ---------------------------------------------------------------------------
// Painting

fn p(x: f64, y: f64) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

fn rect<DB: DrawingBackend>(cv: &Canvas<'_, DB>, r: Rect, style: ShapeStyle) -> Result<()> {
    cv.area.draw(&Rectangle::new([p(r.x0, r.y0), p(r.x1, r.y1)], style)).map_err(render_error)
}

fn path<DB: DrawingBackend>(cv: &Canvas<'_, DB>, pts: &[(f64, f64)], style: ShapeStyle) -> Result<()> {
    cv.area.draw(&PathElement::new(pts.iter().map(|&(x, y)| p(x, y)).collect::<Vec<_>>(), style)).map_err(render_error)
}

fn dashed<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    pts: &[(f64, f64)],
    dash: f64,
    gap: f64,
    style: ShapeStyle,
) -> Result<()> {
    let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| p(x, y)).collect();
    cv.area
        .draw(&DashedPathElement::new(pts, dash.round().max(1.0) as i32, gap.round().max(1.0) as i32, style))
        .map_err(render_error)
}

fn stroke(c: RGBColor, w: f64) -> ShapeStyle {
    c.stroke_width(w.round().max(1.0) as u32)
}

/// The lengths of a dash and of the gap after it.
fn dash_pattern(dash: Dash, s: &Sizes) -> (f64, f64) {
    match dash {
        Dash::None | Dash::Solid => (0.0, 0.0),
        Dash::Dashed => (s.px(9.0), s.px(6.0)),
        Dash::Dotted => (s.px(2.5), s.px(5.0)),
    }
}

fn draw_line<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    pts: &[(f64, f64)],
    c: RGBColor,
    d: Dash,
    s: &Sizes,
) -> Result<()> {
    match d {
        Dash::None => Ok(()),
        Dash::Solid => path(cv, pts, stroke(c, s.px(3.0))),
        Dash::Dashed => {
            let (a, b) = dash_pattern(d, s);
            dashed(cv, pts, a, b, stroke(c, s.px(3.0)))
        }
        Dash::Dotted => {
            let (a, b) = dash_pattern(d, s);
            dashed(cv, pts, a, b, stroke(c, s.px(2.0)))
        }
    }
}

fn marker<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    (x, y): (f64, f64),
    c: RGBColor,
    look: Look,
    s: &Sizes,
) -> Result<()> {
    let r = s.px(6.0);
    match look {
        Look::Reported => {
            cv.area
                .draw(&Circle::new(p(x, y), (r + s.px(1.5)).round() as i32, WHITE.filled()))
                .map_err(render_error)?;
            cv.area.draw(&Circle::new(p(x, y), r.round() as i32, c.filled())).map_err(render_error)
        }
        Look::Derived => {
            cv.area.draw(&Circle::new(p(x, y), r.round() as i32, WHITE.filled())).map_err(render_error)?;
            cv.area.draw(&Circle::new(p(x, y), r.round() as i32, stroke(c, s.px(2.5)))).map_err(render_error)
        }
        Look::Target => {
            let q = Rect { x0: x - r, y0: y - r, x1: x + r, y1: y + r };
            rect(cv, q, WHITE.filled())?;
            rect(cv, q, stroke(c, s.px(2.5)))
        }
    }
}

fn bar<DB: DrawingBackend>(cv: &Canvas<'_, DB>, r: Rect, c: RGBColor, look: Look, s: &Sizes) -> Result<()> {
    match look {
        Look::Reported => rect(cv, r, c.filled()),
        Look::Derived => {
            rect(cv, r, WHITE.filled())?;
            let inset = s.px(1.0);
            rect(
                cv,
                Rect { x0: r.x0 + inset, y0: r.y0 + inset, x1: r.x1 - inset, y1: r.y1 - inset },
                stroke(c, s.px(2.5)),
            )
        }
        Look::Target => {
            rect(cv, r, WHITE.filled())?;
            let inset = s.px(1.0);
            let (x0, y0, x1, y1) = (r.x0 + inset, r.y0 + inset, r.x1 - inset, r.y1 - inset);
            let (a, b) = dash_pattern(Dash::Dashed, s);
            dashed(cv, &[(x0, y1), (x0, y0), (x1, y0), (x1, y1), (x0, y1)], a * 0.7, b * 0.7, stroke(c, s.px(2.5)))
        }
    }
}

fn swatch<DB: DrawingBackend>(cv: &Canvas<'_, DB>, sw: Swatch, x: f64, top: f64, size: f64, s: &Sizes) -> Result<()> {
    let mid = top + line_h(size) * 0.45;
    let w = s.px(44.0);
    match sw {
        Swatch::Bar { color, look } => {
            let hh = size * 0.38;
            bar(cv, Rect { x0: x + w * 0.2, y0: mid - hh, x1: x + w * 0.8, y1: mid + hh }, color, look, s)
        }
        Swatch::Line { color, dash, marker: m } => {
            draw_line(cv, &[(x, mid), (x + w, mid)], color, dash, s)?;
            if let Some(look) = m {
                marker(cv, (x + w / 2.0, mid), color, look, s)?;
            }
            Ok(())
        }
    }
}

/// Entry point: lays out and paints `chart` on `area`.
pub(crate) fn draw<DB: DrawingBackend>(chart: &Chart, area: &DrawingArea<DB, Shift>, mode: TextMode) -> Result<()> {
    let cv = &Canvas::new(area, mode)?;
    let scene = scene(chart)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    // 1.0 at 1024 × 768, proportionally smaller or larger.
    let mut u = (w / 1024.0).min(h / 768.0).clamp(0.3, 4.0);
    for _ in 0..10 {
        let s = Sizes::at(u);
        let frame = plan_frame(&scene, w, h, &s)?;
        let ann = wrap_annotations(&scene.annotations, frame.body.w() * 0.75, &s)?;
        if frame.body.h() >= h * 0.3 && frame.body.w() > 0.0 {
            let painted = match &scene.body {
                Body::Cartesian(c) => match plan_cartesian(c, &ann, frame.body, &s, chart.value_labels)? {
                    Some(plan) => {
                        paint_frame(cv, &scene, &frame, &s)?;
                        paint_cartesian(cv, c, &plan, &s, chart.value_labels)?;
                        true
                    }
                    None => false,
                },
                Body::Shares { style, wholes } => {
                    if let Some(plan) = plan_shares(*style, wholes, &ann, frame.body, &s)? {
                        paint_frame(cv, &scene, &frame, &s)?;
                        paint_shares(cv, *style, wholes, &plan, &ann, &s)?;
                        true
                    } else {
                        false
                    }
                }
            };
            if painted {
                return Ok(());
            }
        }
        u *= 0.88;
    }
    Err(Error::Chart(ChartError::InvalidChart {
        reason: format!(
            "the title, legend, caption and labels leave no room for the plot at {w}x{h}; make the chart larger or the texts shorter"
        ),
    }))
}

fn paint_frame<DB: DrawingBackend>(cv: &Canvas<'_, DB>, scene: &Scene, f: &Frame, s: &Sizes) -> Result<()> {
    cv.area.fill(&WHITE).map_err(render_error)?;
    let mut y = s.margin * 0.8;
    y += f.title.draw(cv, s.margin, y, INK)?;
    if let Some(sub) = &f.subtitle {
        y += s.px(2.0);
        y += sub.draw(cv, s.margin, y, MUTED)?;
    }
    y += s.px(12.0);
    let lh = line_h(f.legend.size);
    for row in &f.legend.rows {
        for &(i, dx) in row {
            let e = &scene.legend[i];
            let x = s.margin + dx;
            swatch(cv, e.swatch, x, y, f.legend.size, s)?;
            draw_text(cv, &e.label, (x + s.px(52.0), y), f.legend.size, false, INK, HPos::Left)?;
        }
        y += lh;
    }
    let mut y = f.caption_top;
    for b in &f.caption {
        y += b.draw(cv, s.margin, y, MUTED)?;
    }
    Ok(())
}

/// Wraps each annotation to `max_w`: one box of one or more lines each.
fn wrap_annotations(ann: &[String], max_w: f64, s: &Sizes) -> Result<Vec<Vec<String>>> {
    ann.iter().map(|a| wrap(a, s.annot, true, max_w)).collect()
}

/// The height the annotation boxes take below the top of the plot,
/// including the space above the first.
fn annotation_height(ann: &[Vec<String>], s: &Sizes) -> f64 {
    if ann.is_empty() {
        return 0.0;
    }
    let lines: usize = ann.iter().map(Vec::len).sum();
    let boxes = ann.len() as f64;
    s.px(8.0) + lines as f64 * line_h(s.annot) + boxes * s.px(8.0) + (boxes - 1.0) * s.px(6.0)
}

/// Draws the annotations in boxes stacked from `top`, and returns the
/// boxes.
fn annotation_boxes<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    ann: &[Vec<String>],
    x: f64,
    top: f64,
    s: &Sizes,
) -> Result<Vec<Rect>> {
    let mut placed = Vec::new();
    let mut y = top;
    let pad = s.px(7.0);
    let lh = line_h(s.annot);
    for lines in ann {
        let tw = lines.iter().try_fold(0.0f64, |m, l| Ok::<_, Error>(m.max(text_width(l, s.annot, true)?)))?;
        let r = Rect { x0: x, y0: y, x1: x + tw + 2.0 * pad, y1: y + lines.len() as f64 * lh + s.px(8.0) };
        rect(cv, r, RGBColor(250, 250, 250).filled())?;
        rect(cv, r, stroke(BOX_EDGE, 1.0))?;
        for (i, l) in lines.iter().enumerate() {
            draw_text(cv, l, (x + pad, y + s.px(4.0) + i as f64 * lh), s.annot, true, INK, HPos::Left)?;
        }
        placed.push(r);
        y = r.y1 + s.px(6.0);
    }
    Ok(placed)
}

/// A value label to place next to a point or on top of a bar.
struct LabelReq {
    text: String,
    /// The point (or the middle of the bar's top).
    at: (f64, f64),
    /// The distance between the point and the label.
    gap: f64,
    /// Whether the label may go below the point when above is taken.
    below: bool,
}

/// Finds room for every label of `reqs`, each centred above its point (or
/// below, where allowed), inside `bounds` and clear of `taken` and of each
/// other; `None` when one of them has no room.
fn fit_labels(reqs: &[&LabelReq], taken: &[Rect], bounds: Rect, s: &Sizes) -> Result<Option<Vec<Rect>>> {
    let lh = line_h(s.value);
    let mut chosen: Vec<Rect> = Vec::new();
    for q in reqs {
        let tw = text_width(&q.text, s.value, false)? + 2.0;
        let (x, y) = q.at;
        let x = x.clamp(bounds.x0 + tw / 2.0, (bounds.x1 - tw / 2.0).max(bounds.x0 + tw / 2.0));
        let above = Rect { x0: x - tw / 2.0, y0: y - q.gap - lh, x1: x + tw / 2.0, y1: y - q.gap };
        let below = Rect { x0: x - tw / 2.0, y0: y + q.gap, x1: x + tw / 2.0, y1: y + q.gap + lh };
        let tries: &[Rect] = if q.below { &[above, below] } else { &[above] };
        let free =
            |r: &Rect| r.y0 >= bounds.y0 && r.y1 <= bounds.y1 && !taken.iter().chain(&chosen).any(|o| o.intersects(r));
        match tries.iter().find(|r| free(r)) {
            Some(r) => chosen.push(*r),
            None => return Ok(None),
        }
    }
    Ok(Some(chosen))
}

/// Labels each set's points: all of them where they fit; else a line's
/// last point alone, and no bar (in a chart of several sets, a line's last
/// point alone). A label is never drawn over another label or a mark.
fn place_labels<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    sets: &[(bool, Vec<LabelReq>)],
    taken: &mut Vec<Rect>,
    bounds: Rect,
    s: &Sizes,
) -> Result<()> {
    let several = sets.len() > 1;
    for (is_line, reqs) in sets {
        let all: Vec<&LabelReq> = reqs.iter().collect();
        let last: Vec<&LabelReq> = reqs.last().into_iter().collect();
        let mut fitted = None;
        if !(several && *is_line) {
            fitted = fit_labels(&all, taken, bounds, s)?.map(|r| (all.clone(), r));
        }
        if fitted.is_none() && *is_line {
            fitted = fit_labels(&last, taken, bounds, s)?.map(|r| (last.clone(), r));
        }
        if let Some((reqs, rects)) = fitted {
            for (q, r) in reqs.iter().zip(&rects) {
                let x = r.x0 + r.w() / 2.0;
                draw_text_ex(cv, &q.text, (x, r.y0), (s.value, false), INK, HPos::Center, true)?;
            }
            taken.extend(rects);
        }
    }
    Ok(())
}

fn paint_cartesian<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    c: &Cartesian,
    plan: &CartPlan,
    s: &Sizes,
    show_values: bool,
) -> Result<()> {
    let pl = plan.plot;
    let n = c.x.slots().max(1) as f64;
    let slot_w = pl.w() / n;
    let y_of = |axis: &Linear, v: f64| pl.y1 - (v - axis.lo) / (axis.hi - axis.lo) * pl.h();
    let axis_of = |side: Side| match (side, &plan.right) {
        (Side::Right, Some(r)) => r,
        _ => &plan.left,
    };
    let tick_lh = line_h(s.tick);

    // Grid and value-axis labels.
    for &t in &plan.left.ticks {
        let y = y_of(&plan.left, t);
        if t != 0.0 {
            path(cv, &[(pl.x0, y), (pl.x1, y)], stroke(GRID, 1.0))?;
        }
        let label = axis_tick_label(&plan.left, t);
        draw_text(cv, &label, (pl.x0 - s.px(8.0), y - tick_lh * 0.45), s.tick, false, MUTED, HPos::Right)?;
    }
    let title_top = pl.y0 - tick_lh - s.px(8.0);
    draw_text(cv, &c.left.title, (plan.body.x0, title_top), s.tick, false, c.left.title_color, HPos::Left)?;
    if let (Some(r), Some(spec)) = (&plan.right, &c.right) {
        for &t in &r.ticks {
            let y = y_of(r, t);
            let label = axis_tick_label(r, t);
            draw_text(
                cv,
                &label,
                (pl.x1 + s.px(8.0), y - tick_lh * 0.45),
                s.tick,
                false,
                spec.title_color,
                HPos::Left,
            )?;
        }
        draw_text(cv, &spec.title, (plan.body.x1, title_top), s.tick, false, spec.title_color, HPos::Right)?;
    }

    // Bars.
    let bar_sets: Vec<&MarkSet> = c.bars.iter().collect();
    let k = bar_sets.len().max(1) as f64;
    let bw = (slot_w * if k > 1.0 { 0.78 } else { 0.6 } / k).min(s.px(130.0));
    let group_w = bw * k;
    let mut taken = annotation_boxes(cv, &plan.ann, pl.x0 + s.px(12.0), pl.y0 + s.px(8.0), s)?;
    let mut label_sets: Vec<(bool, Vec<LabelReq>)> = Vec::new();
    for (i, set) in bar_sets.iter().enumerate() {
        let axis = axis_of(set.side);
        let zero = y_of(axis, 0.0_f64.clamp(axis.lo, axis.hi));
        let mut reqs = Vec::new();
        for m in &set.marks {
            let cx = pl.x0 + (m.slot as f64 + 0.5) * slot_w;
            let x0 = cx - group_w / 2.0 + i as f64 * bw;
            let inner_gap = if k > 1.0 { s.px(2.0).min(bw * 0.1) } else { 0.0 };
            let y = y_of(axis, m.value);
            let r = Rect { x0: x0 + inner_gap, y0: y.min(zero), x1: x0 + bw - inner_gap, y1: y.max(zero) };
            bar(cv, r, set.color, m.look, s)?;
            taken.push(r);
            reqs.push(LabelReq { text: m.label.clone(), at: (r.x0 + r.w() / 2.0, r.y0), gap: s.px(4.0), below: false });
        }
        label_sets.push((false, reqs));
    }

    // Axes over the bars' feet.
    let zero_y = y_of(&plan.left, 0.0_f64.clamp(plan.left.lo, plan.left.hi));
    path(cv, &[(pl.x0, zero_y), (pl.x1, zero_y)], stroke(AXIS, s.px(1.5)))?;
    path(cv, &[(pl.x0, pl.y0), (pl.x0, pl.y1)], stroke(AXIS, 1.0))?;
    if plan.right.is_some() {
        path(cv, &[(pl.x1, pl.y0), (pl.x1, pl.y1)], stroke(AXIS, 1.0))?;
    }
    for (x, lines) in &plan.x_labels {
        if matches!(c.x, XAxis::Years { .. }) {
            path(cv, &[(*x, pl.y1), (*x, pl.y1 + s.px(5.0))], stroke(AXIS, 1.0))?;
        }
        for (li, l) in lines.iter().enumerate() {
            draw_text(cv, l, (*x, pl.y1 + s.px(8.0) + li as f64 * tick_lh), s.tick, false, INK, HPos::Center)?;
        }
    }

    // Lines: segments first, then markers on top.
    for set in &c.lines {
        let axis = axis_of(set.side);
        let pos = |m: &Mark| (pl.x0 + (m.slot as f64 + 0.5) * slot_w, y_of(axis, m.value));
        for w in set.marks.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let dash = if a.look != Look::Reported || b.look != Look::Reported {
                Dash::Dashed
            } else if b.year - a.year > 1 {
                Dash::Dotted
            } else {
                Dash::Solid
            };
            draw_line(cv, &[pos(a), pos(b)], set.color, dash, s)?;
        }
        let r = s.px(8.0);
        let mut reqs = Vec::new();
        for m in &set.marks {
            let (x, y) = pos(m);
            marker(cv, (x, y), set.color, m.look, s)?;
            taken.push(Rect { x0: x - r, y0: y - r, x1: x + r, y1: y + r });
            reqs.push(LabelReq { text: m.label.clone(), at: (x, y), gap: s.px(11.0), below: true });
        }
        label_sets.push((true, reqs));
    }

    if show_values {
        place_labels(cv, &label_sets, &mut taken, pl, s)?;
    }
    Ok(())
}

/// The plan of a share body.
struct SharePlan {
    /// The area the bars or pies go in (right of the labels for bars).
    area: Rect,
    labels: Vec<Vec<String>>,
}

fn plan_shares(
    style: ShareStyle,
    wholes: &[Whole],
    ann: &[Vec<String>],
    body: Rect,
    s: &Sizes,
) -> Result<Option<SharePlan>> {
    let ann_h = annotation_height(ann, s);
    let top = body.y0 + ann_h;
    let n = wholes.len() as f64;
    match style {
        ShareStyle::StackedBar => {
            let max_label = (body.w() * 0.32).max(s.px(60.0));
            let mut labels = Vec::new();
            let mut label_w: f64 = 0.0;
            for wh in wholes {
                let lines = wrap(&wh.label, s.tick, false, max_label)?;
                for l in &lines {
                    label_w = label_w.max(text_width(l, s.tick, false)?);
                }
                labels.push(lines);
            }
            let axis_h = line_h(s.tick) + s.px(12.0);
            let area =
                Rect { x0: body.x0 + label_w + s.px(16.0), y0: top, x1: body.x1 - s.px(24.0), y1: body.y1 - axis_h };
            let row_h = area.h() / n;
            let max_lines = labels.iter().map(Vec::len).max().unwrap_or(1) as f64;
            if row_h < (max_lines * line_h(s.tick)).max(s.px(40.0)) || area.w() < body.w() * 0.45 {
                return Ok(None);
            }
            Ok(Some(SharePlan { area, labels }))
        }
        ShareStyle::Pie => {
            let cell_w = body.w() / n;
            let mut labels = Vec::new();
            for wh in wholes {
                labels.push(wrap(&wh.label, s.tick, false, cell_w - s.px(20.0))?);
            }
            let label_h = labels.iter().map(Vec::len).max().unwrap_or(1) as f64 * line_h(s.tick);
            let area = Rect { x0: body.x0, y0: top, x1: body.x1, y1: body.y1 };
            if area.h() - label_h < s.px(120.0) {
                return Ok(None);
            }
            Ok(Some(SharePlan { area, labels }))
        }
    }
}

fn paint_shares<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    style: ShareStyle,
    wholes: &[Whole],
    plan: &SharePlan,
    ann: &[Vec<String>],
    s: &Sizes,
) -> Result<()> {
    let ar = plan.area;
    let tick_lh = line_h(s.tick);
    let label_lh = line_h(s.legend);
    let ann_x = ar.x0;
    let ann_top = ar.y0 - annotation_height(ann, s) + s.px(8.0);
    annotation_boxes(cv, ann, ann_x, ann_top, s)?;
    match style {
        ShareStyle::StackedBar => {
            let row_h = ar.h() / wholes.len() as f64;
            let x_of = |v: f64| ar.x0 + v / 100.0 * ar.w();
            for t in [0.0, 25.0, 50.0, 75.0, 100.0] {
                let x = x_of(t);
                path(cv, &[(x, ar.y0), (x, ar.y1)], stroke(GRID, 1.0))?;
                draw_text(
                    cv,
                    &format!("{} %", format_number(t)),
                    (x, ar.y1 + s.px(8.0)),
                    s.tick,
                    false,
                    MUTED,
                    HPos::Center,
                )?;
            }
            for (i, wh) in wholes.iter().enumerate() {
                let cy = ar.y0 + (i as f64 + 0.5) * row_h;
                let bh = (row_h * 0.55).min(s.px(90.0));
                let lines = &plan.labels[i];
                let block_top = cy - lines.len() as f64 * tick_lh / 2.0;
                for (li, l) in lines.iter().enumerate() {
                    draw_text(
                        cv,
                        l,
                        (ar.x0 - s.px(16.0), block_top + li as f64 * tick_lh),
                        s.tick,
                        false,
                        INK,
                        HPos::Right,
                    )?;
                }
                let mut acc = 0.0;
                for seg in &wh.segments {
                    let r = Rect { x0: x_of(acc), y0: cy - bh / 2.0, x1: x_of(acc + seg.value), y1: cy + bh / 2.0 };
                    acc += seg.value;
                    if r.w() <= 0.0 {
                        continue;
                    }
                    rect(cv, r, seg.color.filled())?;
                    path(cv, &[(r.x1, r.y0), (r.x1, r.y1)], stroke(WHITE, s.px(2.0)))?;
                    let tw = text_width(&seg.label, s.legend, true)?;
                    let (ink, top) = if tw + s.px(10.0) <= r.w() {
                        (if is_dark(seg.color) { WHITE } else { INK }, cy - label_lh * 0.5)
                    } else {
                        (INK, r.y0 - label_lh - s.px(2.0))
                    };
                    draw_text(cv, &seg.label, (r.x0 + r.w() / 2.0, top), s.legend, true, ink, HPos::Center)?;
                }
            }
        }
        ShareStyle::Pie => {
            let n = wholes.len() as f64;
            let cell_w = ar.w() / n;
            let label_h = plan.labels.iter().map(Vec::len).max().unwrap_or(1) as f64 * tick_lh;
            let gap = s.px(14.0);
            let r = (cell_w * 0.36).min((ar.h() - label_h - gap) / 2.0 - s.px(6.0)).max(s.px(20.0));
            // The pies and their labels as one block, centred in the area.
            let block_top = ar.y0 + (ar.h() - (2.0 * r + gap + label_h)) / 2.0;
            let cy = block_top + r;
            for (i, wh) in wholes.iter().enumerate() {
                let cx = ar.x0 + (i as f64 + 0.5) * cell_w;
                let mut start = -PI / 2.0;
                let mut slice_labels = Vec::new();
                for seg in &wh.segments {
                    let sweep = seg.value / 100.0 * 2.0 * PI;
                    if sweep <= 0.0 {
                        continue;
                    }
                    let steps = ((sweep / (2.0 * PI) * 180.0).ceil() as usize).max(2);
                    let mut pts = vec![p(cx, cy)];
                    for k in 0..=steps {
                        let a = start + sweep * k as f64 / steps as f64;
                        pts.push(p(cx + r * a.cos(), cy + r * a.sin()));
                    }
                    cv.area.draw(&Polygon::new(pts, seg.color.filled())).map_err(render_error)?;
                    let mid = start + sweep / 2.0;
                    slice_labels.push((seg, mid, sweep));
                    start += sweep;
                }
                if cv.mode == TextMode::Raster {
                    smooth_rim(cv, (cx, cy), r, &wh.segments)?;
                }
                // White separators between slices.
                let mut a = -PI / 2.0;
                if wh.segments.iter().filter(|g| g.value > 0.0).count() > 1 {
                    for seg in &wh.segments {
                        path(cv, &[(cx, cy), (cx + r * a.cos(), cy + r * a.sin())], stroke(WHITE, s.px(2.5)))?;
                        a += seg.value / 100.0 * 2.0 * PI;
                    }
                }
                for (seg, mid, sweep) in slice_labels {
                    let tw = text_width(&seg.label, s.legend, true)?;
                    let inside = 0.62 * r;
                    let room = 2.0 * inside * (sweep / 2.0).min(PI / 2.0).sin();
                    let (dist, ink) = if room > tw + s.px(6.0) || sweep >= PI {
                        (inside, if is_dark(seg.color) { WHITE } else { INK })
                    } else {
                        (r + s.px(16.0) + tw / 2.0, INK)
                    };
                    let (lx, ly) = (cx + dist * mid.cos(), cy + dist * mid.sin());
                    draw_text(cv, &seg.label, (lx, ly - label_lh * 0.5), s.legend, true, ink, HPos::Center)?;
                }
                for (li, l) in plan.labels[i].iter().enumerate() {
                    draw_text(cv, l, (cx, cy + r + gap + li as f64 * tick_lh), s.tick, false, INK, HPos::Center)?;
                }
            }
        }
    }
    Ok(())
}

/// Antialiases the rim of a pie drawn with aliased polygons: each pixel
/// within a pixel of the circle gets its slice's colour blended with white
/// by how much of it the disc covers.
fn smooth_rim<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    (cx, cy): (f64, f64),
    r: f64,
    segments: &[Segment],
) -> Result<()> {
    let lo = |v: f64| (v - r - 2.0).floor() as i32;
    let hi = |v: f64| (v + r + 2.0).ceil() as i32;
    for py in lo(cy)..=hi(cy) {
        for px in lo(cx)..=hi(cx) {
            let (dx, dy) = (f64::from(px) + 0.5 - cx, f64::from(py) + 0.5 - cy);
            let d = dx.hypot(dy);
            if (d - r).abs() > 1.2 {
                continue;
            }
            let cover = (r - d + 0.5).clamp(0.0, 1.0);
            let turn = (dy.atan2(dx) + PI / 2.0).rem_euclid(2.0 * PI) / (2.0 * PI) * 100.0;
            let mut acc = 0.0;
            let slice = segments.iter().find(|g| {
                acc += g.value;
                turn < acc
            });
            let Some(g) = slice.or(segments.last()) else { continue };
            let mix = |a: u8, b: u8| (f64::from(a) * cover + f64::from(b) * (1.0 - cover)).round() as u8;
            let c = RGBColor(mix(g.color.0, 255), mix(g.color.1, 255), mix(g.color.2, 255));
            cv.area.draw_pixel((px, py), &c).map_err(render_error)?;
        }
    }
    Ok(())
}
