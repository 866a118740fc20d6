//! Painting a laid-out chart with plotters: the frame (title, legend,
//! caption), cartesian bodies (axes, bars, lines, value labels) and share
//! bodies (stacked bars, pies).

use crate::ChartError;
use std::f64::consts::PI;

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::{Circle, DrawingArea, DrawingBackend, PathElement, Polygon, RGBColor, Rectangle};
use plotters::style::text_anchor::HPos;
use plotters::style::{Color, ShapeStyle};

use super::layout::*;
use super::scale::Linear;
use super::scale::format_number;
use super::scene::*;
use super::text::*;
use super::{ShareStyle, Spec};
use crate::error::Error;

/// Maps any drawing, font or backend error to [`ChartError::Render`].
pub(crate) fn render_error<E: std::fmt::Display>(e: E) -> Error {
    Error::Chart(ChartError::Render { message: e.to_string() })
}

// ---------------------------------------------------------------------------
// Painting

pub(super) fn p(x: f64, y: f64) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

pub(super) fn rect<DB: DrawingBackend>(cv: &Canvas<'_, DB>, r: Rect, style: ShapeStyle) -> Result<()> {
    cv.area.draw(&Rectangle::new([p(r.x0, r.y0), p(r.x1, r.y1)], style)).map_err(render_error)
}

pub(super) fn path<DB: DrawingBackend>(cv: &Canvas<'_, DB>, pts: &[(f64, f64)], style: ShapeStyle) -> Result<()> {
    cv.area.draw(&PathElement::new(pts.iter().map(|&(x, y)| p(x, y)).collect::<Vec<_>>(), style)).map_err(render_error)
}

pub(super) fn dashed<DB: DrawingBackend>(
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

pub(super) fn stroke(c: RGBColor, w: f64) -> ShapeStyle {
    c.stroke_width(w.round().max(1.0) as u32)
}

/// The lengths of a dash and of the gap after it.
pub(super) fn dash_pattern(dash: Dash, s: &Sizes) -> (f64, f64) {
    match dash {
        Dash::None | Dash::Solid => (0.0, 0.0),
        Dash::Dashed => (s.px(9.0), s.px(6.0)),
        Dash::Dotted => (s.px(2.5), s.px(5.0)),
    }
}

pub(super) fn draw_line<DB: DrawingBackend>(
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

pub(super) fn marker<DB: DrawingBackend>(
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

pub(super) fn bar<DB: DrawingBackend>(cv: &Canvas<'_, DB>, r: Rect, c: RGBColor, look: Look, s: &Sizes) -> Result<()> {
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

pub(super) fn swatch<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    sw: Swatch,
    (x, w): (f64, f64),
    top: f64,
    size: f64,
    s: &Sizes,
) -> Result<()> {
    let mid = top + line_h(size) * 0.45;
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

impl Block {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        x: f64,
        top: f64,
        color: RGBColor,
    ) -> Result<f64> {
        let lh = line_h(self.size);
        for (i, l) in self.lines.iter().enumerate() {
            draw_text(cv, l, (x, top + i as f64 * lh), self.size, self.bold, color, HPos::Left)?;
        }
        Ok(self.height())
    }
}

/// Entry point: lays out and paints `chart` on `area`.
pub(crate) fn draw<DB: DrawingBackend>(chart: &Spec, area: &DrawingArea<DB, Shift>, mode: TextMode) -> Result<()> {
    let cv = &Canvas::new(area, mode)?;
    let scene = scene(chart)?;
    let (w, h) = area.dim_in_pixel();
    let lay = layout(&scene, f64::from(w), f64::from(h), chart.value_labels)?;
    paint_frame(cv, &scene, &lay.frame, &lay.sizes)?;
    match (&lay.body, &scene.body) {
        (BodyPlan::Cartesian(plan), Body::Cartesian(c)) => paint_cartesian(cv, c, plan, &lay.sizes, lay.show_values),
        (BodyPlan::Shares(plan), Body::Shares { style, wholes }) => {
            paint_shares(cv, *style, wholes, plan, &lay.ann, &lay.sizes)
        }
        _ => Err(render_error("the layout does not match the scene")),
    }
}

pub(super) fn paint_frame<DB: DrawingBackend>(cv: &Canvas<'_, DB>, scene: &Scene, f: &Frame, s: &Sizes) -> Result<()> {
    cv.area.fill(&WHITE).map_err(render_error)?;
    f.title.draw(cv, s.margin, f.title_top, INK)?;
    if let Some(sub) = &f.subtitle {
        sub.draw(cv, s.margin, f.subtitle_top, MUTED)?;
    }
    let lh = line_h(f.legend.size);
    let mut y = f.legend_top;
    for row in &f.legend.rows {
        for &(i, dx) in row {
            let e = &scene.legend[i];
            let x = s.margin + dx;
            swatch(cv, e.swatch, (x, f.legend.swatch_w), y, f.legend.size, s)?;
            draw_text(cv, &f.legend.labels[i], (x + f.legend.label_dx, y), f.legend.size, false, INK, HPos::Left)?;
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
/// boxes.
pub(super) fn annotation_boxes<DB: DrawingBackend>(
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
pub(super) struct LabelReq {
    pub(super) text: String,
    /// The point (or the middle of the bar's top).
    pub(super) at: (f64, f64),
    /// The distance between the point and the label.
    pub(super) gap: f64,
    /// Whether the label may go below the point when above is taken.
    pub(super) below: bool,
}

/// Finds room for every label of `reqs`, each centred above its point (or
/// below, where allowed), inside `bounds` and clear of `taken` and of each
/// other; `None` when one of them has no room.
pub(super) fn fit_labels(reqs: &[&LabelReq], taken: &[Rect], bounds: Rect, s: &Sizes) -> Result<Option<Vec<Rect>>> {
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

/// Labels each set's points. A line's points: all of them where they fit,
/// else its last point alone (in a chart of several sets, its last point
/// alone). A bar's value: on each bar where it fits, bar by bar. A label is
/// never drawn over another label or a mark.
pub(super) fn place_labels<DB: DrawingBackend>(
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
        let mut placed: Vec<(&LabelReq, Rect)> = Vec::new();
        if *is_line {
            let mut fitted = None;
            if !several {
                fitted = fit_labels(&all, taken, bounds, s)?.map(|r| (all.clone(), r));
            }
            if fitted.is_none() {
                fitted = fit_labels(&last, taken, bounds, s)?.map(|r| (last.clone(), r));
            }
            if let Some((reqs, rects)) = fitted {
                placed.extend(reqs.into_iter().zip(rects));
            }
        } else {
            for q in &all {
                if let Some(rects) = fit_labels(&[q], taken, bounds, s)? {
                    taken.extend(rects.iter().copied());
                    placed.extend(rects.into_iter().map(|r| (*q, r)));
                }
            }
        }
        for (q, r) in placed {
            let x = r.x0 + r.w() / 2.0;
            draw_text_ex(cv, &q.text, (x, r.y0), (s.value, false), INK, HPos::Center, true)?;
            taken.push(r);
        }
    }
    Ok(())
}

pub(super) fn paint_cartesian<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    c: &Cartesian,
    plan: &CartPlan,
    s: &Sizes,
    show_values: bool,
) -> Result<()> {
    let pl = plan.plot;
    let n = c.x.slots().max(1) as f64;
    let slot_w = pl.w() / n;
    let y_of = |axis: &Linear, v: f64| pl.y1 - axis.frac(v) * pl.h();
    let axis_of = |side: Side| match (side, &plan.right) {
        (Side::Right, Some(r)) => r,
        _ => &plan.left,
    };
    // Grid, then every text of the axes as laid out.
    for &t in &plan.left.ticks {
        let y = y_of(&plan.left, t);
        if t != 0.0 {
            path(cv, &[(pl.x0, y), (pl.x1, y)], stroke(GRID, 1.0))?;
        }
    }
    for t in cartesian_texts(c, plan, s)? {
        draw_text(cv, &t.text, (t.x, t.top), t.size, false, t.color, t.h)?;
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
        let zero = y_of(axis, axis.base());
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
    let zero_y = y_of(&plan.left, plan.left.base());
    path(cv, &[(pl.x0, zero_y), (pl.x1, zero_y)], stroke(AXIS, s.px(1.5)))?;
    path(cv, &[(pl.x0, pl.y0), (pl.x0, pl.y1)], stroke(AXIS, 1.0))?;
    if plan.right.is_some() {
        path(cv, &[(pl.x1, pl.y0), (pl.x1, pl.y1)], stroke(AXIS, 1.0))?;
    }
    if matches!(c.x, XAxis::Years { .. }) {
        for (x, _) in &plan.x_labels {
            path(cv, &[(*x, pl.y1), (*x, pl.y1 + s.px(5.0))], stroke(AXIS, 1.0))?;
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

pub(super) fn paint_shares<DB: DrawingBackend>(
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
                let lines = &plan.labels[i];
                let (cy, bh) = if plan.labels_above {
                    let row_top = ar.y0 + i as f64 * row_h;
                    let label_h = lines.len() as f64 * tick_lh;
                    for (li, l) in lines.iter().enumerate() {
                        draw_text(cv, l, (ar.x0, row_top + li as f64 * tick_lh), s.tick, false, INK, HPos::Left)?;
                    }
                    let free = row_h - label_h;
                    (row_top + label_h + free / 2.0, (free * 0.7).min(s.px(90.0)))
                } else {
                    let cy = ar.y0 + (i as f64 + 0.5) * row_h;
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
                    (cy, (row_h * 0.55).min(s.px(90.0)))
                };
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
pub(super) fn smooth_rim<DB: DrawingBackend>(
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
