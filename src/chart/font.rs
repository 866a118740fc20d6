//! The bundled font, DejaVu Sans (regular and bold), and text in pixels:
//! measuring, and rasterising with ab_glyph in pure Rust, so that rendering
//! needs no fontconfig, freetype or system font.
//!
//! The font files and their licence are in `assets/fonts/`.
//!
//! Why not plotters' own `ab_glyph` text: plotters 0.3.7 draws each glyph
//! at the pen position without its left side bearing and truncates the
//! baseline per glyph, so words come out as "Rep orted" and "th e" with a
//! jittering baseline. Placing the outlines ourselves, at fractional
//! positions with kerning, gives evenly spaced text, and the same metrics
//! lay out the SVG.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};

use crate::error::Error;

/// The `font-family` the SVG text asks for: DejaVu Sans where installed
/// (the metrics the layout was computed with), else the viewer's
/// sans-serif face.
pub(crate) const SVG_FAMILY: &str = "DejaVu Sans, sans-serif";

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The two faces, parsed once.
pub(crate) struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

/// The bundled faces, parsed on first use; an invalid font file is
/// [`Error::Font`], every time it is asked for.
pub(crate) fn faces() -> Result<&'static Faces, Error> {
    static FACES: OnceLock<Result<Faces, String>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let parse = |bytes: &'static [u8], name: &str| {
                FontRef::try_from_slice(bytes).map_err(|e| format!("the bundled {name} is not a usable font: {e}"))
            };
            Ok(Faces { regular: parse(REGULAR, "DejaVuSans.ttf")?, bold: parse(BOLD, "DejaVuSans-Bold.ttf")? })
        })
        .as_ref()
        .map_err(|message| Error::Font { message: message.clone() })
}

impl Faces {
    fn face(&self, bold: bool) -> &FontRef<'static> {
        if bold { &self.bold } else { &self.regular }
    }

    /// The advance width of `text` at `size` (the pixel height from the
    /// lowest descender to the highest ascender), kerning included.
    pub(crate) fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let font = self.face(bold).as_scaled(PxScale::from(size as f32));
        let mut w = 0.0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                w += font.kern(p, id);
            }
            w += font.h_advance(id);
            prev = Some(id);
        }
        f64::from(w)
    }

    /// How far the ascender reaches above the baseline at `size`.
    pub(crate) fn ascent(&self, size: f64, bold: bool) -> f64 {
        f64::from(self.face(bold).as_scaled(PxScale::from(size as f32)).ascent())
    }

    /// The em size at `size` (what CSS calls the font size).
    pub(crate) fn em(&self, size: f64, bold: bool) -> f64 {
        let f = self.face(bold);
        let upem = f.units_per_em().unwrap_or(2048.0);
        size * f64::from(upem) / f64::from(f.height_unscaled())
    }

    /// Rasterises `text` with its baseline starting at `(x, baseline)`,
    /// calling `put(x, y, coverage)` for every pixel it touches.
    pub(crate) fn raster(
        &self,
        text: &str,
        size: f64,
        bold: bool,
        (x, baseline): (f64, f64),
        mut put: impl FnMut(i32, i32, f32),
    ) {
        let face = self.face(bold);
        let font = face.as_scaled(PxScale::from(size as f32));
        let mut pen = x as f32;
        let mut prev = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                pen += font.kern(p, id);
            }
            let glyph = id.with_scale_and_position(font.scale(), point(pen, baseline as f32));
            if let Some(outline) = face.outline_glyph(glyph) {
                let b = outline.px_bounds();
                let (ox, oy) = (b.min.x as i32, b.min.y as i32);
                outline.draw(|gx, gy, cov| put(ox + gx as i32, oy + gy as i32, cov));
            }
            pen += font.h_advance(id);
            prev = Some(id);
        }
    }
}
