//! Where everything goes: from a scene and a size to boxes, through the
//! text measurer of [`super::text`]. Pure functions, unit-tested.

use crate::ChartError;

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
            subtitle: (19.0 * u).max(10.0),
            legend: (17.0 * u).max(10.0),
            tick: (16.0 * u).max(10.0),
            value: (15.0 * u).max(9.0),
            caption: (14.0 * u).max(9.0),
            annot: (17.0 * u).max(10.0),
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

/// The laid-out legend: rows of (entry, x offset).
pub(super) struct LegendLayout {
    pub(super) rows: Vec<Vec<(usize, f64)>>,
    pub(super) size: f64,
}

pub(super) fn layout_legend(entries: &[LegendEntry], s: &Sizes, max_w: f64) -> Result<LegendLayout> {
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
pub(super) struct Frame {
    pub(super) title: Block,
    pub(super) subtitle: Option<Block>,
    pub(super) legend: LegendLayout,
    pub(super) caption: Vec<Block>,
    pub(super) caption_top: f64,
    pub(super) body: Rect,
}

pub(super) fn plan_frame(scene: &Scene, w: f64, h: f64, s: &Sizes) -> Result<Frame> {
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
pub(super) fn plan_cartesian_at(
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
}

pub(super) fn plan_shares(
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
