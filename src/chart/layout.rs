//! Where everything goes: from a scene and a size to boxes, through the
//! text measurer of [`super::text`]. Pure functions, unit-tested.

use crate::ChartError;

use plotters::prelude::RGBColor;
use plotters::style::text_anchor::HPos;

use super::scale::Linear;
use super::scale::year_tick_labels;
use super::scene::*;
use super::text::*;
use crate::ShareStyle;
use crate::error::Error;
use crate::vocab::value::Unit;

// ---------------------------------------------------------------------------
// Sizes and layout

/// Font sizes and spacing for one scale factor.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sizes {
    pub(super) u: f64,
    pub(super) margin: f64,
    pub(super) title: f64,
    pub(super) subtitle: f64,
    pub(super) legend: f64,
    pub(super) tick: f64,
    pub(super) value: f64,
    pub(super) caption: f64,
    pub(super) annot: f64,
}

impl Sizes {
    pub(super) fn at(u: f64) -> Sizes {
        Sizes {
            u,
            margin: (22.0 * u).max(8.0),
            title: (30.0 * u).max(13.0),
            subtitle: (19.0 * u).max(MIN_TEXT_PX),
            legend: (17.0 * u).max(MIN_TEXT_PX),
            tick: (16.0 * u).max(MIN_TEXT_PX),
            value: (15.0 * u).max(MIN_TEXT_PX),
            // Captions are never smaller than the tick labels.
            caption: (16.0 * u).max(MIN_TEXT_PX),
            annot: (17.0 * u).max(MIN_TEXT_PX),
        }
    }

    pub(super) fn px(&self, v: f64) -> f64 {
        (v * self.u).max(1.0)
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Rect {
    pub(super) x0: f64,
    pub(super) y0: f64,
    pub(super) x1: f64,
    pub(super) y1: f64,
}

impl Rect {
    pub(super) fn w(&self) -> f64 {
        self.x1 - self.x0
    }
    pub(super) fn h(&self) -> f64 {
        self.y1 - self.y0
    }
    pub(super) fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Wrapped lines of text at a size.
#[derive(Debug, Clone)]
pub(super) struct Block {
    pub(super) lines: Vec<String>,
    pub(super) size: f64,
    pub(super) bold: bool,
}

impl Block {
    pub(super) fn height(&self) -> f64 {
        self.lines.len() as f64 * line_h(self.size)
    }

    /// Wraps `text` to `max_w`, shrinking from `size` towards `min` until
    /// it takes at most `max_lines` lines (or `min` is reached).
    pub(super) fn fit(text: &str, size: f64, min: f64, bold: bool, max_w: f64, max_lines: usize) -> Result<Block> {
        let mut size = size;
        loop {
            let lines = wrap(text, size, bold, max_w)?;
            if lines.len() <= max_lines || size <= min {
                return Ok(Block { lines, size, bold });
            }
            size = (size * 0.9).max(min);
        }
    }
}

/// The laid-out legend: rows of (entry, x offset), the swatch's width,
/// where each label starts after its swatch, and the labels as drawn
/// (shortened with `…` in a compact legend).
pub(super) struct LegendLayout {
    pub(super) rows: Vec<Vec<(usize, f64)>>,
    pub(super) size: f64,
    pub(super) swatch_w: f64,
    pub(super) label_dx: f64,
    pub(super) labels: Vec<String>,
}

/// Lays out the legend in rows no wider than `max_w`. A compact legend
/// has short swatches, tighter spacing, and each label shortened to fit
/// one row.
pub(super) fn layout_legend(entries: &[LegendEntry], s: &Sizes, max_w: f64, compact: bool) -> Result<LegendLayout> {
    let (swatch_w, gap, spacing) =
        if compact { (s.px(26.0), s.px(6.0), s.px(14.0)) } else { (s.px(44.0), s.px(8.0), s.px(26.0)) };
    let mut rows: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut labels = Vec::new();
    let mut x = 0.0;
    for (i, e) in entries.iter().enumerate() {
        // A compact label takes at most half a row, so that two fit side by side.
        let room = (max_w - spacing) / 2.0 - swatch_w - gap;
        let label = if compact { compact_label(&e.label, s.legend, room)? } else { e.label.clone() };
        let w = swatch_w + gap + text_width(&label, s.legend, false)?;
        if rows.is_empty() || (x > 0.0 && x + w > max_w) {
            rows.push(Vec::new());
            x = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((i, x));
        }
        labels.push(label);
        x += w + spacing;
    }
    Ok(LegendLayout { rows, size: s.legend, swatch_w, label_dx: swatch_w + gap, labels })
}

/// A legend label cut to `room`: a closing bracket (`(bars, left axis)`)
/// is kept whole and the name before it cut, where that leaves the name a
/// third of the room; else the label is cut at its end.
fn compact_label(label: &str, size: f64, room: f64) -> Result<String> {
    if text_width(label, size, false)? <= room {
        return Ok(label.to_owned());
    }
    if label.ends_with(')')
        && let Some(i) = label.rfind(" (")
    {
        let (name, bracket) = label.split_at(i);
        let left = room - text_width(bracket, size, false)?;
        if left >= room / 3.0 {
            return Ok(format!("{}{bracket}", ellipsize(name, size, false, left)?));
        }
    }
    ellipsize(label, size, false, room)
}

/// How far the layout has given way to fit a small image, in the order it
/// gives way: each stage keeps the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum GiveWay {
    /// Everything as built.
    Nothing,
    /// The caption names its sources by short publisher name with a count
    /// (`Sources: CAMDI (4), People's Daily, … 11 in all.`), and its
    /// paragraphs are cut (ending in `…`) to stay within
    /// [`CAPTION_MAX_SHARE`] of the height.
    ShortCaption,
    /// The legend's swatches shorten and each label is cut to half a row,
    /// ending in `…` where cut.
    CompactLegend,
    /// No room kept above the data for value labels: they are drawn only
    /// where they fit beside their points and bars.
    NoValueLabels,
    /// The title on one line, no subtitle, the caption within 12 % of the
    /// height (at least its short sources line, then `…` where more
    /// follows), and a plot allowed down to three lines of text high.
    Minimal,
}

impl GiveWay {
    const ALL: [GiveWay; 5] =
        [GiveWay::Nothing, GiveWay::ShortCaption, GiveWay::CompactLegend, GiveWay::NoValueLabels, GiveWay::Minimal];
}

/// The largest share of a chart's height its caption takes: past it the
/// caption collapses to short source names and is cut (see
/// [`Chart`](crate::Chart), "Small sizes").
pub const CAPTION_MAX_SHARE: f64 = 0.25;

/// The smallest size (em height), in pixels, of any text in a chart, at
/// every chart size.
pub const MIN_TEXT_PX: f64 = 10.0;

/// Everything but the body, laid out for one set of sizes.
pub(super) struct Frame {
    pub(super) title: Block,
    pub(super) title_top: f64,
    pub(super) subtitle: Option<Block>,
    pub(super) subtitle_top: f64,
    pub(super) legend: LegendLayout,
    pub(super) legend_top: f64,
    pub(super) caption: Vec<Block>,
    pub(super) caption_top: f64,
    pub(super) body: Rect,
}

impl Frame {
    /// The height of the caption.
    pub(super) fn caption_h(&self) -> f64 {
        self.caption.iter().map(Block::height).sum()
    }
}

/// `text` cut to fit `max_w`, ending in `…` when cut.
pub(super) fn ellipsize(text: &str, size: f64, bold: bool, max_w: f64) -> Result<String> {
    if text_width(text, size, bold)? <= max_w {
        return Ok(text.to_owned());
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 0 {
        n -= 1;
        let head: String = chars[..n].iter().collect();
        let cut = format!("{}…", head.trim_end());
        if text_width(&cut, size, bold)? <= max_w {
            return Ok(cut);
        }
    }
    Ok("…".to_owned())
}

/// The short sources paragraph: as many publishers (with their count of
/// sources where more than one) as fit on one line, then `… N in all`.
fn short_sources_line(scene: &Scene, size: f64, max_w: f64) -> Result<String> {
    let names: Vec<String> =
        scene.short_sources.iter().map(|(n, c)| if *c > 1 { format!("{n} ({c})") } else { n.clone() }).collect();
    let total: usize = scene.short_sources.iter().map(|(_, c)| c).sum();
    let word = if total == 1 { "Source" } else { "Sources" };
    if names.is_empty() {
        return Ok("Source: none recorded for the plotted points.".to_owned());
    }
    let all = format!("{word}: {}.", names.join(", "));
    if text_width(&all, size, false)? <= max_w {
        return Ok(all);
    }
    for k in (1..names.len()).rev() {
        let line = format!("{word}: {}, … {total} in all.", names[..k].join(", "));
        if text_width(&line, size, false)? <= max_w {
            return Ok(line);
        }
    }
    // Not even one name with the count fits: the list, cut to the line.
    ellipsize(&all, size, false, max_w)
}

/// Cuts `blocks` to at most `max_lines` lines in all, the last one ending
/// in `…`.
fn cap_lines(blocks: &mut Vec<Block>, max_lines: usize, max_w: f64) -> Result<()> {
    let mut left = max_lines;
    let mut out = Vec::new();
    for mut b in blocks.drain(..) {
        if left == 0 {
            if let Some(last) = out.last_mut().and_then(|l: &mut Block| l.lines.last_mut())
                && !last.ends_with('…')
            {
                *last = ellipsize(&format!("{} …", last.trim_end_matches('.')), b.size, false, max_w)?;
            }
            break;
        }
        if b.lines.len() > left {
            b.lines.truncate(left);
            if let Some(last) = b.lines.last_mut() {
                *last = ellipsize(&format!("{} …", last.trim_end_matches('.')), b.size, false, max_w)?;
            }
        }
        left -= b.lines.len();
        out.push(b);
    }
    *blocks = out;
    Ok(())
}

pub(super) fn plan_frame(scene: &Scene, w: f64, h: f64, s: &Sizes, give: GiveWay) -> Result<Frame> {
    let inner = w - 2.0 * s.margin;
    let minimal = give >= GiveWay::Minimal;
    let mut title = Block::fit(&scene.title, s.title, s.legend.max(12.0), true, inner, 2)?;
    if minimal && title.lines.len() > 1 {
        title = Block { lines: vec![ellipsize(&scene.title, title.size, true, inner)?], ..title };
    }
    let subtitle = match &scene.subtitle {
        Some(t) if !minimal => Some(Block::fit(t, s.subtitle, s.caption, false, inner, 2)?),
        _ => None,
    };
    let legend = layout_legend(&scene.legend, s, inner, give >= GiveWay::CompactLegend)?;
    let mut caption = Vec::new();
    if give >= GiveWay::ShortCaption {
        caption.push(Block { lines: vec![short_sources_line(scene, s.caption, inner)?], size: s.caption, bold: false });
        for p in scene.caption.iter().skip(1) {
            caption.push(Block { lines: wrap(p, s.caption, false, inner)?, size: s.caption, bold: false });
        }
        let fit = ((h * CAPTION_MAX_SHARE) / line_h(s.caption)).floor().max(1.0) as usize;
        let minimal_fit = ((h * 0.12) / line_h(s.caption)).floor().max(1.0) as usize;
        cap_lines(&mut caption, if minimal { minimal_fit } else { fit }, inner)?;
    } else {
        for p in &scene.caption {
            caption.push(Block { lines: wrap(p, s.caption, false, inner)?, size: s.caption, bold: false });
        }
    }
    let caption_h: f64 = caption.iter().map(Block::height).sum();
    let caption_top = h - s.margin * 0.8 - caption_h;
    let title_top = s.margin * 0.8;
    let mut y = title_top + title.height();
    let subtitle_top = y + s.px(2.0);
    if let Some(sub) = &subtitle {
        y = subtitle_top + sub.height();
    }
    y += s.px(12.0);
    let legend_top = y;
    if !legend.rows.is_empty() {
        y += legend.rows.len() as f64 * line_h(legend.size) + s.px(10.0);
    }
    let body = Rect { x0: s.margin, y0: y, x1: w - s.margin, y1: caption_top - s.px(14.0) };
    Ok(Frame { title, title_top, subtitle, subtitle_top, legend, legend_top, caption, caption_top, body })
}

/// Where the body goes: the plan of a cartesian or a share body.
pub(super) enum BodyPlan {
    Cartesian(CartPlan),
    Shares(SharePlan),
}

/// A chart laid out at one size: what paint draws, and what the layout
/// tests check.
pub(super) struct Layout {
    pub(super) sizes: Sizes,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) give_way: GiveWay,
    pub(super) frame: Frame,
    pub(super) ann: Vec<Vec<String>>,
    pub(super) body: BodyPlan,
    pub(super) show_values: bool,
}

/// Lays out `scene` at `w` × `h` pixels (with value labels if
/// `value_labels`). Text scales with the image (1.0 at 1024 × 768), never
/// below [`MIN_TEXT_PX`]; where the parts do not fit, the layout gives way
/// in the order of [`GiveWay`], then scales the text down to its floors.
pub(super) fn layout(scene: &Scene, w: f64, h: f64, value_labels: bool) -> Result<Layout> {
    let mut u = (w / 1024.0).min(h / 768.0).clamp(0.3, 4.0);
    for _ in 0..8 {
        let s = Sizes::at(u);
        for give in GiveWay::ALL {
            // Room above the data for value labels, until they give way;
            // after that, labels are still drawn where they fit.
            let reserve_values = value_labels && give < GiveWay::NoValueLabels;
            if give == GiveWay::NoValueLabels && !value_labels {
                continue;
            }
            let frame = plan_frame(scene, w, h, &s, give)?;
            if frame.caption_h() > h * CAPTION_MAX_SHARE {
                continue;
            }
            let min_body = if give >= GiveWay::Minimal { 0.2 } else { 0.3 };
            if frame.body.h() < h * min_body || frame.body.w() <= 0.0 {
                continue;
            }
            let ann = wrap_annotations(&scene.annotations, frame.body.w() * 0.75, &s)?;
            let plan = match &scene.body {
                Body::Cartesian(c) => {
                    plan_cartesian(c, &ann, frame.body, &s, reserve_values, (give, h))?.map(BodyPlan::Cartesian)
                }
                Body::Shares { style, wholes } => {
                    plan_shares(*style, wholes, &ann, frame.body, &s, give)?.map(BodyPlan::Shares)
                }
            };
            if let Some(body) = plan {
                return Ok(Layout { sizes: s, give_way: give, frame, ann, body, show_values: value_labels });
            }
        }
        if u <= 0.3 {
            break;
        }
        u = (u * 0.88).max(0.3);
    }
    Err(Error::Chart(ChartError::InvalidChart {
        reason: format!(
            "the title, legend, caption and labels leave no room for the plot at {w}x{h}; make the chart larger or the texts shorter"
        ),
    }))
}

/// The plan of a cartesian body.
pub(super) struct CartPlan {
    pub(super) body: Rect,
    pub(super) plot: Rect,
    pub(super) left: Linear,
    pub(super) right: Option<Linear>,
    pub(super) x_labels: Vec<(f64, Vec<String>)>,
    pub(super) ann: Vec<Vec<String>>,
}

pub(super) fn value_range(sets: &[&MarkSet]) -> Option<(f64, f64)> {
    sets.iter().flat_map(|s| s.marks.iter()).map(|m| m.value).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((a, b)) => Some((a.min(v), b.max(v))),
    })
}

/// A value axis whose top `reserve` pixels stay free of data.
pub(super) fn value_axis(sets: &[&MarkSet], spec: &AxisSpec, plot_h: f64, reserve: f64, s: &Sizes) -> Result<Linear> {
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
    if spec.unit == Unit::Rank {
        return Linear::rank(dmax, target, 1.0 - free / plot_h).ok_or_else(|| {
            Error::Chart(ChartError::InvalidChart {
                reason: format!("ranks up to {dmax:e} are too large to draw an axis for"),
            })
        });
    }
    let integer = matches!(spec.unit, Unit::Count | Unit::Rank);
    // Values near f64::MAX: the axis (with its headroom) cannot be spanned.
    Linear::nice(lo, hi, target, integer).ok_or_else(|| {
        Error::Chart(ChartError::InvalidChart {
            reason: format!("values from {dmin:e} to {dmax:e} are too large to draw an axis for"),
        })
    })
}

/// A value-axis tick label: the number alone, the unit being the axis title.
pub(super) fn axis_tick_label(axis: &Linear, v: f64) -> String {
    axis.label(v)
}

pub(super) fn plan_cartesian(
    c: &Cartesian,
    ann: &[Vec<String>],
    body: Rect,
    s: &Sizes,
    show_values: bool,
    (give, image_h): (GiveWay, f64),
) -> Result<Option<CartPlan>> {
    let min_w = if give >= GiveWay::Minimal { 0.4 } else { 0.5 };
    // The plot's width depends on the widths of the value-axis labels,
    // which depend (through the plot's height and the category labels'
    // wrapping) on its width: start from a guess and settle.
    let mut x0 = body.x0 + s.px(60.0);
    let mut x1 = body.x1 - if c.right.is_some() { s.px(60.0) } else { s.px(6.0) };
    for _ in 0..4 {
        let Some(plan) = plan_cartesian_at(c, ann, body, s, (show_values, give, image_h), x0, x1)? else {
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
            return Ok((plan.plot.w() >= body.w() * min_w).then_some(plan));
        }
        x0 = nx0;
        x1 = nx1;
    }
    let plan = plan_cartesian_at(c, ann, body, s, (show_values, give, image_h), x0, x1)?;
    Ok(plan.filter(|p| p.plot.w() >= body.w() * min_w))
}

/// Plans the body with the plot's horizontal extent given.
#[allow(clippy::too_many_arguments)]
pub(super) fn plan_cartesian_at(
    c: &Cartesian,
    ann: &[Vec<String>],
    body: Rect,
    s: &Sizes,
    (show_values, give, image_h): (bool, GiveWay, f64),
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
    // The plot keeps at least 35 % of the image's height (and 45 % of the
    // body's) until the last give-way step, which lets it go down to three
    // lines of text.
    let min_plot =
        if give >= GiveWay::Minimal { 3.0 * tick_lh } else { (body.h() * 0.45).max(60.0).max(image_h * 0.35) };
    if plot_h < min_plot {
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

pub(super) fn wrap_annotations(ann: &[String], max_w: f64, s: &Sizes) -> Result<Vec<Vec<String>>> {
    ann.iter().map(|a| wrap(a, s.annot, true, max_w)).collect()
}

/// The height the annotation boxes take below the top of the plot,
/// including the space above the first.
pub(super) fn annotation_height(ann: &[Vec<String>], s: &Sizes) -> f64 {
    if ann.is_empty() {
        return 0.0;
    }
    let lines: usize = ann.iter().map(Vec::len).sum();
    let boxes = ann.len() as f64;
    s.px(8.0) + lines as f64 * line_h(s.annot) + boxes * s.px(8.0) + (boxes - 1.0) * s.px(6.0)
}

/// Draws the annotations in boxes stacked from `top`, and returns the
/// The plan of a share body.
pub(super) struct SharePlan {
    /// The area the bars or pies go in (right of the labels for bars).
    pub(super) area: Rect,
    pub(super) labels: Vec<Vec<String>>,
    /// Stacked bars only: each whole's label stands above its bar, across
    /// the full width (small charts), not to its left.
    pub(super) labels_above: bool,
}

pub(super) fn plan_shares(
    style: ShareStyle,
    wholes: &[Whole],
    ann: &[Vec<String>],
    body: Rect,
    s: &Sizes,
    give: GiveWay,
) -> Result<Option<SharePlan>> {
    let minimal = give >= GiveWay::Minimal;
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
            if row_h >= (max_lines * line_h(s.tick)).max(s.px(40.0)) && area.w() >= body.w() * 0.45 {
                return Ok(Some(SharePlan { area, labels, labels_above: false }));
            }
            if !minimal {
                return Ok(None);
            }
            // Labels above the bars, across the full width.
            let area = Rect { x0: body.x0 + s.px(4.0), y0: top, x1: body.x1 - s.px(24.0), y1: body.y1 - axis_h };
            let labels =
                wholes.iter().map(|wh| wrap(&wh.label, s.tick, false, area.w())).collect::<Result<Vec<_>>>()?;
            let max_lines = labels.iter().map(Vec::len).max().unwrap_or(1) as f64;
            if area.h() / n < max_lines * line_h(s.tick) + line_h(s.legend) + s.px(4.0) {
                return Ok(None);
            }
            Ok(Some(SharePlan { area, labels, labels_above: true }))
        }
        ShareStyle::Pie => {
            let cell_w = body.w() / n;
            let mut labels = Vec::new();
            for wh in wholes {
                labels.push(wrap(&wh.label, s.tick, false, cell_w - s.px(20.0))?);
            }
            let label_h = labels.iter().map(Vec::len).max().unwrap_or(1) as f64 * line_h(s.tick);
            let area = Rect { x0: body.x0, y0: top, x1: body.x1, y1: body.y1 };
            if area.h() - label_h < s.px(if minimal { 60.0 } else { 120.0 }) {
                return Ok(None);
            }
            Ok(Some(SharePlan { area, labels, labels_above: false }))
        }
    }
}

/// One line of text placed by the layout: its line box starts at `top`,
/// and `x` is its left end, middle or right end by `h`.
#[derive(Clone)]
pub(super) struct Placed {
    pub(super) text: String,
    pub(super) x: f64,
    pub(super) top: f64,
    pub(super) size: f64,
    pub(super) color: RGBColor,
    pub(super) h: HPos,
}

impl Placed {
    /// The box the text's line takes.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) fn rect(&self) -> Result<Rect> {
        let w = text_width(&self.text, self.size, false)?;
        let x0 = match self.h {
            HPos::Left => self.x,
            HPos::Center => self.x - w / 2.0,
            HPos::Right => self.x - w,
        };
        Ok(Rect { x0, y0: self.top, x1: x0 + w, y1: self.top + line_h(self.size) })
    }
}

/// The texts of a cartesian body's axes: value-axis ticks and titles, and
/// the year or category labels.
pub(super) fn cartesian_texts(c: &Cartesian, plan: &CartPlan, s: &Sizes) -> Result<Vec<Placed>> {
    let pl = plan.plot;
    let tick_lh = line_h(s.tick);
    let y_of = |axis: &Linear, v: f64| pl.y1 - axis.frac(v) * pl.h();
    let mut out = Vec::new();
    let at = |text: String, x: f64, top: f64, color: RGBColor, h: HPos| Placed { text, x, top, size: s.tick, color, h };
    for &t in &plan.left.ticks {
        let y = y_of(&plan.left, t);
        out.push(at(axis_tick_label(&plan.left, t), pl.x0 - s.px(8.0), y - tick_lh * 0.45, MUTED, HPos::Right));
    }
    let title_top = pl.y0 - tick_lh - s.px(8.0);
    // Two axis titles share one line: each gets half of it.
    let title_w = if c.right.is_some() { (plan.body.w() - s.px(16.0)) / 2.0 } else { plan.body.w() };
    let left_title = ellipsize(&c.left.title, s.tick, false, title_w)?;
    out.push(at(left_title, plan.body.x0, title_top, c.left.title_color, HPos::Left));
    if let (Some(r), Some(spec)) = (&plan.right, &c.right) {
        for &t in &r.ticks {
            let y = y_of(r, t);
            out.push(at(axis_tick_label(r, t), pl.x1 + s.px(8.0), y - tick_lh * 0.45, spec.title_color, HPos::Left));
        }
        let right_title = ellipsize(&spec.title, s.tick, false, title_w)?;
        out.push(at(right_title, plan.body.x1, title_top, spec.title_color, HPos::Right));
    }
    for (x, lines) in &plan.x_labels {
        for (li, l) in lines.iter().enumerate() {
            out.push(at(l.clone(), *x, pl.y1 + s.px(8.0) + li as f64 * tick_lh, INK, HPos::Center));
        }
    }
    Ok(out)
}
