//! Text in pixels: measuring and wrapping with the bundled fonts, and
//! drawing a line of text into a bitmap or as SVG `<text>`.

use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, RGBColor};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, TextStyle};

use super::font::{self, Faces};
use super::paint::render_error;
use super::scene::{Result, WHITE};

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
    pub(super) faces: &'static Faces,
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    pub(crate) fn new(area: &'a DrawingArea<DB, Shift>, mode: TextMode) -> Result<Self> {
        Ok(Canvas { area, mode, faces: font::faces()? })
    }
}

pub(super) fn text_width(text: &str, size: f64, bold: bool) -> Result<f64> {
    Ok(font::faces()?.width(text, size, bold))
}

/// The height of one line of text of this size, with spacing.
pub(super) fn line_h(size: f64) -> f64 {
    (size * 1.22).ceil()
}

/// Greedy word wrap to `max_w` pixels; a word longer than a line is broken
/// between characters.
pub(super) fn wrap(text: &str, size: f64, bold: bool, max_w: f64) -> Result<Vec<String>> {
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
pub(super) fn draw_text<DB: DrawingBackend>(
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
pub(super) fn draw_text_ex<DB: DrawingBackend>(
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
