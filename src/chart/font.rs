//! The bundled fonts and text in pixels: measuring, and rasterising with
//! ab_glyph in pure Rust, so that rendering needs no fontconfig, freetype
//! or system font.
//!
//! Text is set in DejaVu Sans (regular and bold). A character DejaVu Sans
//! has no glyph for (glyph id 0) is measured and drawn with the CJK
//! fallback, a subset of Noto Sans CJK SC Regular, at the same em size and
//! on the same baseline; bold text uses the Bold subset of the same face,
//! with the same characters. Every
//! measurement and every raster goes through one layout routine
//! ([`Faces::layout`]), so widths, wrapping and drawing agree. Kerning
//! applies between two glyphs of the same face only, never across a change
//! of face. A character missing from both fonts is DejaVu Sans's notdef
//! box, with its advance width.
//!
//! The font files, their licences, and how the CJK subset is made (and
//! regenerated when data brings a new character) are in `assets/fonts/`.
//!
//! Why not plotters' own `ab_glyph` text: plotters 0.3.7 draws each glyph
//! at the pen position without its left side bearing and truncates the
//! baseline per glyph, so words come out as "Rep orted" and "th e" with a
//! jittering baseline. Placing the outlines ourselves, at fractional
//! positions with kerning, gives evenly spaced text, and the same metrics
//! lay out the SVG.

use crate::ChartError;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};

use crate::error::Error;

/// The `font-family` the SVG text asks for: DejaVu Sans where installed
/// (the metrics the layout was computed with), then Noto Sans CJK SC (the
/// bundled CJK fallback; Source Han Sans SC is the same design under
/// Adobe's name) for Chinese, else the viewer's sans-serif face.
pub(crate) const SVG_FAMILY: &str = "DejaVu Sans, Noto Sans CJK SC, Source Han Sans SC, sans-serif";

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
static CJK: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Regular-subset.otf");
static CJK_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Bold-subset.otf");

/// The three faces, parsed once.
pub(crate) struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
    /// The CJK fallback for regular text.
    cjk: FontRef<'static>,
    /// The CJK fallback for bold text (the same characters).
    cjk_bold: FontRef<'static>,
    /// The CJK face's pixel scale per pixel of em: its `PxScale` is the em
    /// times this.
    cjk_scale_per_em: f32,
}

/// One glyph of a laid-out line.
struct Placed<'f> {
    /// The face that draws it.
    face: &'f FontRef<'static>,
    /// Its id in that face.
    id: GlyphId,
    /// The scale to draw it at.
    scale: PxScale,
    /// The pen position where it starts.
    x: f32,
}

/// The bundled faces, parsed on first use; an invalid font file is
/// [`ChartError::Font`], every time it is asked for.
pub(crate) fn faces() -> Result<&'static Faces, Error> {
    static FACES: OnceLock<Result<Faces, String>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let parse = |bytes: &'static [u8], name: &str| {
                FontRef::try_from_slice(bytes).map_err(|e| format!("the bundled {name} is not a usable font: {e}"))
            };
            let cjk_name = "NotoSansCJKsc-Regular-subset.otf";
            let cjk = parse(CJK, cjk_name)?;
            let upem = cjk.units_per_em().ok_or_else(|| format!("the bundled {cjk_name} has no units per em"))?;
            let cjk_bold = parse(CJK_BOLD, "NotoSansCJKsc-Bold-subset.otf")?;
            // Both weights share the em and vertical metrics (checked by a test).
            Ok(Faces {
                regular: parse(REGULAR, "DejaVuSans.ttf")?,
                bold: parse(BOLD, "DejaVuSans-Bold.ttf")?,
                cjk_scale_per_em: cjk.height_unscaled() / upem,
                cjk,
                cjk_bold,
            })
        })
        .as_ref()
        .map_err(|message| Error::Chart(ChartError::Font { message: message.clone() }))
}

impl Faces {
    fn face(&self, bold: bool) -> &FontRef<'static> {
        if bold { &self.bold } else { &self.regular }
    }

    fn cjk_face(&self, bold: bool) -> &FontRef<'static> {
        if bold { &self.cjk_bold } else { &self.cjk }
    }

    /// The glyph that draws `c`: DejaVu's (`false`), else the CJK face's
    /// (`true`), else DejaVu's notdef (id 0, `false`).
    fn glyph(&self, c: char, bold: bool) -> (bool, GlyphId) {
        let id = self.face(bold).glyph_id(c);
        if id.0 == 0 {
            let fallback = self.cjk_face(bold).glyph_id(c);
            if fallback.0 != 0 {
                return (true, fallback);
            }
        }
        (false, id)
    }

    /// Lays `text` out on one line with the pen starting at `x`, calling
    /// `each` for every glyph in order; returns where the pen ends.
    fn layout<'f>(&'f self, text: &str, size: f64, bold: bool, x: f32, mut each: impl FnMut(Placed<'f>)) -> f32 {
        let latin = self.face(bold).as_scaled(PxScale::from(size as f32));
        let cjk = self.cjk_face(bold).as_scaled(PxScale::from(self.em(size, bold) as f32 * self.cjk_scale_per_em));
        let mut pen = x;
        let mut prev: Option<(bool, GlyphId)> = None;
        for c in text.chars() {
            let (is_cjk, id) = self.glyph(c, bold);
            let font = if is_cjk { &cjk } else { &latin };
            match prev {
                Some((prev_cjk, p)) if prev_cjk == is_cjk => pen += font.kern(p, id),
                _ => {}
            }
            each(Placed { face: font.font, id, scale: font.scale, x: pen });
            pen += font.h_advance(id);
            prev = Some((is_cjk, id));
        }
        pen
    }

    /// The advance width of `text` at `size` (the pixel height from
    /// DejaVu Sans's lowest descender to its highest ascender), kerning
    /// included.
    pub(crate) fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        f64::from(self.layout(text, size, bold, 0.0, |_| {}))
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
        self.layout(text, size, bold, x as f32, |g| {
            let glyph = g.id.with_scale_and_position(g.scale, point(g.x, baseline as f32));
            if let Some(outline) = g.face.outline_glyph(glyph) {
                let b = outline.px_bounds();
                let (ox, oy) = (b.min.x as i32, b.min.y as i32);
                outline.draw(|gx, gy, cov| put(ox + gx as i32, oy + gy as i32, cov));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    /// The dataset's CSV files, embedded so that the test sees exactly what
    /// is compiled. `data_files_are_all_checked` keeps the list complete.
    const DATA: [(&str, &str); 4] = [
        ("metrics.csv", include_str!("../../data/metrics.csv")),
        ("observations.csv", include_str!("../../data/observations.csv")),
        ("sources.csv", include_str!("../../data/sources.csv")),
        ("units.csv", include_str!("../../data/units.csv")),
    ];

    fn faces() -> &'static Faces {
        super::faces().unwrap_or_else(|e| panic!("{e}"))
    }

    /// A character in neither DejaVu Sans nor the CJK subset (a private-use
    /// code point): drawn as DejaVu's notdef box.
    const MISSING: char = '\u{E000}';

    /// Rasterises `text` at `size` into a map from pixel to coverage.
    fn ink(text: &str, size: f64, bold: bool, baseline: f64) -> BTreeMap<(i32, i32), u8> {
        let mut px = BTreeMap::new();
        faces().raster(text, size, bold, (0.0, baseline), |x, y, c| {
            if c > 0.004 {
                px.insert((x, y), (c.min(1.0) * 255.0).round() as u8);
            }
        });
        px
    }

    #[test]
    fn every_character_in_the_data_has_a_glyph() {
        let mut missing: BTreeMap<char, BTreeSet<&str>> = BTreeMap::new();
        let mut from_cjk = BTreeSet::new();
        for (file, text) in DATA {
            for c in text.chars().filter(|c| !c.is_control()) {
                for bold in [false, true] {
                    let (is_cjk, id) = faces().glyph(c, bold);
                    if id.0 == 0 {
                        missing.entry(c).or_default().insert(file);
                    } else if is_cjk {
                        from_cjk.insert(c);
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "data/*.csv has characters that neither DejaVu Sans nor the bundled CJK subset can draw \
             (charts would show empty boxes): {missing:?}. Regenerate the subset: \
             `python3 assets/fonts/make_cjk_subset.py` and again with `--bold` (see assets/fonts/README.md), \
             and commit assets/fonts/NotoSansCJKsc-{{Regular,Bold}}-subset.otf"
        );
        // The data's Chinese, traditional forms and CJK punctuation included,
        // really goes through the fallback (and the test really saw it).
        for c in ['文', '汇', '人', '民', '国', '國', '醫', '藥', '、', '《', '》'] {
            assert!(from_cjk.contains(&c), "{c} from data/*.csv is not drawn by the CJK face");
        }
    }

    #[test]
    fn data_files_are_all_checked() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".csv"))
            .collect();
        let checked: BTreeSet<String> = DATA.iter().map(|(f, _)| (*f).to_owned()).collect();
        assert_eq!(on_disk, checked, "add every data/*.csv to DATA in src/chart/font.rs");
    }

    #[test]
    fn the_subset_has_the_gb2312_level_1_hanzi_and_cjk_punctuation() {
        // The first and last level-1 hanzi (GB2312 0xB0A1 啊, 0xD7F9 座), a
        // few between, full-width punctuation and the ideographic space.
        for c in ['啊', '座', '药', '医', '械', '，', '。', '：', '（', '）', '\u{3000}'] {
            let (is_cjk, id) = faces().glyph(c, false);
            assert!(is_cjk && id.0 != 0, "{c} (U+{:04X}) is not in the CJK subset", u32::from(c));
        }
        // Latin stays DejaVu Sans.
        for c in ['A', 'g', '–', '’', '€'] {
            let (is_cjk, id) = faces().glyph(c, false);
            assert!(!is_cjk && id.0 != 0, "{c}");
        }
        assert_eq!(faces().glyph(MISSING, false), (false, GlyphId(0)));
        assert_eq!(faces().glyph(MISSING, true), (false, GlyphId(0)));
    }

    #[test]
    fn hanzi_are_set_at_the_latin_em_without_kerning_across_faces() {
        let f = faces();
        let size = 100.0;
        // DejaVu Sans: 2048 units per em, ascender 1901, descender 483, so
        // `size` 100 is an em of 100 * 2048 / 2384 = 85.906 px. Noto Sans CJK
        // ideographs advance one em (1000 of 1000 units), so 文汇 is two ems,
        // regular or bold.
        let em = 100.0 * 2048.0 / 2384.0;
        for bold in [false, true] {
            assert!((f.width("文汇", size, bold) - 2.0 * em).abs() < 0.01, "{}", f.width("文汇", size, bold));
            // No kerning across a change of face: the widths add up.
            let (a, b) = (f.width("A", size, bold), f.width("文", size, bold));
            assert!((f.width("A文A", size, bold) - (2.0 * a + b)).abs() < 1e-3);
        }
        // A character in neither font has the width of DejaVu's notdef
        // (1229 of 2048 units at this size: 100 * 1229 / 2384 = 51.552 px).
        assert!((f.width(&MISSING.to_string(), size, false) - 100.0 * 1229.0 / 2384.0).abs() < 0.01);
    }

    #[test]
    fn hanzi_are_drawn_with_ink_not_as_notdef_boxes() {
        let (size, baseline) = (40.0, 40.0);
        let hanzi = ink("文汇", size, false, baseline);
        let boxes = ink(&[MISSING, MISSING].iter().collect::<String>(), size, false, baseline);
        assert!(!boxes.is_empty(), "the notdef box is drawn");
        assert_ne!(hanzi, boxes, "文汇 is drawn as notdef boxes");
        // Two different ideographs: the left and right halves differ, and
        // both have ink (a notdef box would repeat itself).
        let em = faces().em(size, false);
        let half = |right: bool| -> BTreeSet<(i32, i32)> {
            hanzi
                .keys()
                .filter(|(x, _)| (f64::from(*x) >= em) == right)
                .map(|&(x, y)| (if right { x - em.round() as i32 } else { x }, y))
                .collect()
        };
        let (wen, hui) = (half(false), half(true));
        assert!(wen.len() > 40 && hui.len() > 40, "{} and {} pixels of ink", wen.len(), hui.len());
        assert_ne!(wen, hui);
        // On the Latin baseline and within DejaVu's line: the ink stays
        // between the ascender and the descender, and reaches well above the
        // baseline, as a capital does.
        let top = hanzi.keys().map(|p| p.1).min().unwrap_or(i32::MAX);
        let bottom = hanzi.keys().map(|p| p.1).max().unwrap_or(i32::MIN);
        let cap = ink("H", size, false, baseline).keys().map(|p| p.1).min().unwrap_or(i32::MAX);
        let ascent = faces().ascent(size, false);
        assert!(f64::from(top) >= baseline - ascent && f64::from(bottom) <= baseline + (size - ascent));
        assert!((top - cap).abs() <= 6, "hanzi top {top}, capital top {cap}");
        // Bold text is drawn from the Bold subset: the same characters with
        // heavier strokes, so more ink (summed coverage) in the same place.
        let bold = ink("文汇", size, true, baseline);
        let total = |m: &BTreeMap<(i32, i32), u8>| m.values().map(|&c| u64::from(c)).sum::<u64>();
        assert!(
            total(&bold) as f64 > 1.25 * total(&hanzi) as f64,
            "bold {} vs regular {}",
            total(&bold),
            total(&hanzi)
        );
    }

    #[test]
    fn both_cjk_weights_share_metrics_and_characters() {
        let f = faces();
        assert_eq!(f.cjk.units_per_em(), f.cjk_bold.units_per_em());
        assert_eq!(f.cjk.height_unscaled(), f.cjk_bold.height_unscaled());
        assert_eq!(f.cjk.glyph_count(), f.cjk_bold.glyph_count());
        for c in ['啊', '座', '國', '，', '《'] {
            let (is_cjk, id) = f.glyph(c, true);
            assert!(is_cjk && id.0 != 0, "{c} is not in the bold CJK subset");
        }
    }

    #[test]
    fn mixed_text_draws_each_glyph_where_the_width_says() {
        // The raster's ink ends where the measured width does: the layout
        // is shared, so wrapping and drawing agree.
        let f = faces();
        let text = "人民日报 (People's Daily)";
        let w = f.width(text, 30.0, false);
        let right = ink(text, 30.0, false, 30.0).keys().map(|p| p.0).max().unwrap_or(0);
        assert!((f64::from(right) - w).abs() < 4.0, "ink ends at {right}, width {w}");
        let hanzi_w = f.width("人民日报", 30.0, false);
        assert!((hanzi_w - 4.0 * f.em(30.0, false)).abs() < 0.01);
    }
}
