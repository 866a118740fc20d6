//! Charts of series, rendered to PNG or SVG with plotters (feature `charts`).

pub(crate) mod error;
mod font;
mod layout;
#[cfg(test)]
mod layout_tests;
mod paint;
mod scale;
mod scene;
mod text;

use crate::ChartError;
use std::marker::PhantomData;
use std::path::Path;

use plotters::prelude::{BitMapBackend, IntoDrawingArea, SVGBackend};

use crate::data::series::Series;
use crate::error::Error;
use crate::vocab::period::Period;

pub use layout::{CAPTION_MAX_SHARE, MIN_TEXT_PX};
pub use scale::year_tick_labels;

/// The default chart width in pixels.
pub const DEFAULT_WIDTH: u32 = 1024;
/// The default chart height in pixels.
pub const DEFAULT_HEIGHT: u32 = 768;

/// The smallest width and height a chart is drawn at: below this its text
/// cannot be laid out legibly.
pub const MIN_SIZE: (u32, u32) = (240, 180);
/// The largest width or height a chart is drawn at (a bitmap of
/// 16384 × 16384 pixels already takes 768 MiB).
pub const MAX_SIDE: u32 = 16_384;

/// How a share chart draws each whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShareStyle {
    /// One horizontal bar per whole, 0–100 %, split into the parts and the
    /// rest.
    #[default]
    StackedBar,
    /// One pie per whole.
    Pie,
}

/// How a time-series chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SeriesStyle {
    Line,
    Bar,
}

/// One point of a series chosen for a comparison or share chart.
type Cell = (Series, Period);

/// What a chart draws.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// Series over a year axis: one line or bars, several lines or grouped bars.
    Years { style: SeriesStyle, series: Vec<Series> },
    /// Bars on the left axis and a line on the right one, over years.
    BarsWithLine { bars: Box<Series>, line: Box<Series> },
    /// Grouped bars over named categories: each group is one legend entry
    /// with one point per category.
    Compare { categories: Vec<String>, groups: Vec<(String, Vec<Cell>)> },
    /// Shares of wholes: each whole is split into parts and the rest.
    Shares { style: ShareStyle, wholes: Vec<(String, Vec<Cell>)> },
}

/// A text to show in a box in the chart's top-left corner.
#[derive(Debug, Clone, PartialEq)]
enum Annotation {
    Text(String),
    /// A compound annual growth rate (a fraction) from one year to another,
    /// computed by the caller.
    Cagr {
        rate: f64,
        from: i32,
        to: i32,
    },
}

/// A chart of one or more [`Series`], built step by step and rendered to a
/// PNG or SVG file or to bytes in memory.
///
/// Every chart has a title (by default the metric's name and the entity),
/// its axis unit (from [`Unit::label`](crate::Unit::label)) and, at the
/// bottom, a caption naming the publisher and publication date of the
/// sources of the plotted points, plus any note you add. Points computed
/// rather than reported ([`Origin::Derived`](crate::Origin::Derived)) are
/// drawn hollow and joined by dashed lines, targets hollow with a square
/// marker or a dashed outline, and the legend says so; a line across years
/// without data is dotted. Approximate and bounded values keep their
/// qualifier in the labels (`~30 %`, `>10`).
///
/// Kinds:
/// - [`Chart::line`] and [`Chart::bar`]: one series over the years;
/// - [`Chart::lines`] and [`Chart::grouped_bars`]: several series over the
///   years, with a legend;
/// - [`Chart::bars_with_line`]: yearly bars on the left axis and a line
///   (say a cumulative count) on a second axis at the right;
/// - [`Chart::compare`]: grouped bars over named categories, one point of a
///   series per bar (figures of different metrics side by side);
/// - [`Chart::shares`]: parts of wholes as stacked bars or pies, with the
///   rest of each whole.
///
/// Nothing is computed for you beyond drawing: pass a growth rate you
/// computed to [`Chart::cagr`], or any text to [`Chart::annotate`].
///
/// Text is drawn with fonts compiled into the crate, so rendering needs no
/// system font: DejaVu Sans (Latin, Greek, Cyrillic, symbols), and for
/// Chinese a subset of Noto Sans CJK SC with the 3,755 most common
/// simplified hanzi (GB2312 level 1), every character of the embedded
/// dataset, and CJK punctuation and full-width forms, in regular and bold
/// (titles are bold, Chinese in them too). A character neither font has
/// is drawn as an empty box; `assets/fonts/README.md` in the crate says how
/// to regenerate the subset with more characters.
///
/// A builder method that does not apply to a kind of chart does not
/// compile (each constructor returns a [`Chart`] of its
/// [kind](crate::chart_kind)); [`Chart::labels`](Chart#method.labels)
/// fails at the call unless it gets one label per series. Rendering checks
/// the data and returns an [`Error`] (an empty series, a zero size, an
/// unknown file extension, a period a series lacks, a file that cannot be
/// written).
///
/// # Small sizes
///
/// Every chart renders at every size from [`MIN_SIZE`] (240 × 180) to
/// [`MAX_SIDE`]. Text scales with the image (its sizes at 1024 × 768 times
/// the smaller of width / 1024 and height / 768) and is never smaller than
/// [`MIN_TEXT_PX`]; the caption is set at the tick labels' size. Where the
/// title, legend, caption and plot do not fit, the layout gives way in this
/// order, each step keeping the ones before:
///
/// 1. the caption names its sources by short publisher name with a count
///    (`Sources: CAMDI (4), 动脉网, … 13 in all.`) and is cut, ending in
///    `…`, to at most [`CAPTION_MAX_SHARE`] of the height (the full list
///    stays in the data: [`Series::sources_of`]);
/// 2. the legend compacts: short swatches, each label cut to half a row;
/// 3. value labels lose the room kept for them above the data (each is
///    still drawn where it fits);
/// 4. the subtitle drops, the title keeps one line, legend labels are cut
///    to a third of a row, and the caption keeps to 12 % of the height (at
///    least its sources line).
///
/// Then the text shrinks towards its floor. Value labels also drop one by
/// one where one would cover another label or a mark. Values of 1e9 and
/// more, or under 1e-3, are written in scientific notation (`2.5×10³⁰⁰`);
/// a rank axis runs with 1 at the top.
///
/// ```
/// use biopharma_stats::{Chart, Dataset};
///
/// let ds = Dataset::embedded();
/// let market = ds.series("biomedicine_market_size", "china")?;
/// let path = std::env::temp_dir().join("biopharma_market_size.png");
/// Chart::line(&market)
///     .title("China's biomedicine market, 2016–2019")
///     .size(1024, 768)
///     .annotate("Two reported years; no data for 2017–2018")
///     .render_png(&path)?;
/// # std::fs::remove_file(&path).ok();
///
/// // The same chart as SVG text, or as PNG bytes.
/// let svg = Chart::line(&market).svg_string()?;
/// assert!(svg.contains("Biomedicine market size"));
/// # Ok::<(), biopharma_stats::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Chart<K = kind::Any> {
    spec: Spec,
    kind: PhantomData<K>,
}

/// What a chart of any kind holds: the builder's settings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spec {
    kind: Kind,
    title: Option<String>,
    subtitle: Option<String>,
    width: u32,
    height: u32,
    annotations: Vec<Annotation>,
    notes: Vec<String>,
    labels: Vec<String>,
    y_label: Option<String>,
    y2_label: Option<String>,
    zero_based: bool,
    value_labels: bool,
    rest_label: String,
    png_compression: PngCompression,
}

pub mod kind {
    //! The kinds of [`Chart`](super::Chart) as types, so that a builder
    //! method that does not apply to a kind does not compile: `.bars()`
    //! exists on comparisons alone, `.whole()` and `.rest_label()` on share
    //! charts alone, `.labels()` on charts of several series, `.y2_label()`
    //! on bars with a line.
    //!
    //! ```compile_fail,E0599
    //! use biopharma_stats::{Chart, Dataset};
    //! let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    //! let c = Chart::line(&s).rest_label("Rest"); // no rest on a line chart
    //! # Ok::<(), biopharma_stats::Error>(())
    //! ```
    //!
    //! ```compile_fail,E0599
    //! use biopharma_stats::{Chart, Dataset, Period};
    //! let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    //! let c = Chart::line(&s).bars("b", [(&s, Period::Year(2019))]); // bars go on comparisons
    //! # Ok::<(), biopharma_stats::Error>(())
    //! ```
    //!
    //! Every kind converts into the kind-erased [`Chart`](super::Chart)
    //! (`Chart<Any>`) with `.into()`, to keep charts of different kinds in
    //! one list; all rendering methods work on every kind.

    /// Any kind: the builder's kind forgotten (`Chart` alone names this).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Any;
    /// One series: [`Chart::line`](super::Chart::line), [`Chart::bar`](super::Chart::bar).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Single;
    /// Several series on one axis: [`Chart::lines`](super::Chart::lines),
    /// [`Chart::grouped_bars`](super::Chart::grouped_bars).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Several;
    /// [`Chart::bars_with_line`](super::Chart::bars_with_line).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct BarsWithLine;
    /// [`Chart::compare`](super::Chart::compare).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Compare;
    /// [`Chart::shares`](super::Chart::shares).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Shares;
}

macro_rules! erase_kind {
    ($($k:ident),*) => {$(
        impl From<Chart<kind::$k>> for Chart {
            fn from(c: Chart<kind::$k>) -> Chart {
                Chart { spec: c.spec, kind: PhantomData }
            }
        }
    )*};
}
erase_kind!(Single, Several, BarsWithLine, Compare, Shares);

/// How hard PNG output is compressed: a trade of file size for time.
///
/// Measured on a 1024×768 chart (BENCHMARKS.md): `Small` writes files of
/// about 35–90 KB and spends most of a render's 15–30 ms compressing;
/// `Fast` renders in a few milliseconds and writes files about twice as
/// large. SVG output is unaffected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum PngCompression {
    /// Smaller files (deflate at its default level). The default.
    #[default]
    Small,
    /// Faster rendering (a fast deflate with adaptive row filters).
    Fast,
}

impl<K> Chart<K> {
    fn new(kind: Kind) -> Chart<K> {
        let spec = Spec {
            kind,
            title: None,
            subtitle: None,
            width: DEFAULT_WIDTH,
            height: DEFAULT_HEIGHT,
            annotations: Vec::new(),
            notes: Vec::new(),
            labels: Vec::new(),
            y_label: None,
            y2_label: None,
            zero_based: true,
            value_labels: true,
            rest_label: "Rest".to_owned(),
            png_compression: PngCompression::Small,
        };
        Chart { spec, kind: PhantomData }
    }

    /// The title (default: the metric's name and the entity).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.spec.title = Some(title.into());
        self
    }

    /// A line of smaller text under the title.
    pub fn subtitle(mut self, subtitle: impl Into<String>) -> Self {
        self.spec.subtitle = Some(subtitle.into());
        self
    }

    /// The size in pixels (default 1024 × 768); SVG uses the same units.
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.spec.width = width;
        self.spec.height = height;
        self
    }

    /// Adds a text in a box at the top left of the plot, for example a
    /// growth rate from the growth API: `"CAGR 2016–2019: 19.99 %"`. The
    /// plot keeps room so that no point sits under it.
    pub fn annotate(mut self, text: impl Into<String>) -> Self {
        self.spec.annotations.push(Annotation::Text(text.into()));
        self
    }

    /// Adds a compound annual growth rate annotation, `CAGR 2016–2019:
    /// 19.99 %`, from a rate you computed (a fraction: 0.1999 for
    /// 19.99 %). The chart only writes it; a non-finite rate is an error
    /// when rendering.
    pub fn cagr(mut self, rate: f64, from: i32, to: i32) -> Self {
        self.spec.annotations.push(Annotation::Cagr { rate, from, to });
        self
    }

    /// Adds a sentence to the caption, after the sources (say, that two
    /// figures are defined differently).
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.spec.notes.push(note.into());
        self
    }

    /// The title of the (left) value axis (default: the unit's label).
    pub fn y_label(mut self, label: impl Into<String>) -> Self {
        self.spec.y_label = Some(label.into());
        self
    }

    /// Whether the value axis of a line chart starts at zero (default
    /// `true`; bars always start at zero).
    pub fn zero_based(mut self, yes: bool) -> Self {
        self.spec.zero_based = yes;
        self
    }

    /// Whether each point or bar is labelled with its value (default
    /// `true`; labels that would overlap are left out).
    pub fn value_labels(mut self, yes: bool) -> Self {
        self.spec.value_labels = yes;
        self
    }

    /// How hard PNG output is compressed (default [`PngCompression::Small`]).
    ///
    /// ```
    /// use biopharma_stats::{Chart, Dataset, PngCompression};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// let small = Chart::line(&s).png_bytes()?;
    /// let fast = Chart::line(&s).png_compression(PngCompression::Fast).png_bytes()?;
    /// assert!(small.len() < fast.len());
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn png_compression(mut self, level: PngCompression) -> Self {
        self.spec.png_compression = level;
        self
    }

    /// Renders to `path`, as PNG or SVG by its extension (`.png`, `.svg`,
    /// in any case).
    ///
    /// # Errors
    ///
    /// [`ChartError::UnsupportedFormat`] for any other extension (or
    /// none); else those of [`Chart::render_png`] or
    /// [`Chart::render_svg`].
    ///
    /// ```
    /// use biopharma_stats::{Chart, ChartError, Dataset, Error};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// let r = Chart::line(&s).render("chart.gif");
    /// assert!(matches!(r, Err(Error::Chart(ChartError::UnsupportedFormat { .. }))));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn render(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("png") => self.render_png(path),
            Some("svg") => self.render_svg(path),
            _ => Err(Error::Chart(ChartError::UnsupportedFormat { path: path.to_owned() })),
        }
    }

    /// Renders a PNG file at `path`, whatever its extension.
    ///
    /// # Errors
    ///
    /// Those of [`Chart::png_bytes`]; [`Error::Io`] naming the path if the
    /// file cannot be written.
    ///
    /// ```
    /// use biopharma_stats::{Chart, Dataset};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// let path = std::env::temp_dir().join(format!("bps-doc-png-{}.svg", std::process::id()));
    /// Chart::line(&s).render_png(&path)?; // PNG, whatever the extension says
    /// assert!(std::fs::read(&path).unwrap().starts_with(b"\x89PNG"));
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn render_png(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let bytes = self.png_bytes()?;
        write_file(path.as_ref(), &bytes)
    }

    /// Renders an SVG file at `path`, whatever its extension.
    ///
    /// # Errors
    ///
    /// Those of [`Chart::svg_string`]; [`Error::Io`] naming the path if the
    /// file cannot be written.
    ///
    /// ```
    /// use biopharma_stats::{Chart, Dataset};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// let path = std::env::temp_dir().join(format!("bps-doc-svg-{}.png", std::process::id()));
    /// Chart::line(&s).render_svg(&path)?; // SVG, whatever the extension says
    /// assert!(std::fs::read_to_string(&path).unwrap().contains("<svg"));
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn render_svg(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let svg = self.svg_string()?;
        write_file(path.as_ref(), svg.as_bytes())
    }

    /// Renders to the bytes of a PNG file (8-bit RGB).
    ///
    /// # Errors
    ///
    /// - [`ChartError::ZeroSize`] for a zero width or height;
    ///   [`ChartError::InvalidChart`] for a size below [`MIN_SIZE`] or a
    ///   side above [`MAX_SIDE`].
    /// - [`ChartError::EmptyChart`] for nothing to draw (no series, or one
    ///   without points); [`ChartError::MissingPoint`] for a period a
    ///   series has no point for; [`ChartError::InvalidChart`] for inputs
    ///   that do not fit together (units that differ on one axis, shares
    ///   above 100 %, a span on a year axis, …).
    /// - [`ChartError::Font`] if the bundled font cannot be loaded;
    ///   [`ChartError::Render`] if drawing or PNG encoding fails.
    ///
    /// ```
    /// use biopharma_stats::{Chart, ChartError, Dataset, Error};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// let png = Chart::line(&s).size(640, 480).png_bytes()?;
    /// assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    /// // Width and height, big-endian, in the IHDR chunk after the 8-byte signature:
    /// assert_eq!(&png[16..24], &[0, 0, 2, 128, 0, 0, 1, 224]); // 640 = 2·256 + 128, 480 = 256 + 224
    /// assert!(matches!(Chart::line(&s).size(0, 480).png_bytes(), Err(Error::Chart(ChartError::ZeroSize { .. }))));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn png_bytes(&self) -> Result<Vec<u8>, Error> {
        let (w, h) = self.checked_size()?;
        let mut rgb = vec![255u8; w as usize * h as usize * 3];
        {
            let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
            paint::draw(&self.spec, &root, text::TextMode::Raster)?;
            root.present().map_err(paint::render_error)?;
        }
        encode_png(&rgb, w, h, self.spec.png_compression)
    }

    /// Renders to the text of an SVG document. Text is written as `<text>`
    /// elements in DejaVu Sans where the viewer has it (the layout uses its
    /// metrics), Chinese in Noto Sans CJK SC (or Source Han Sans SC), else
    /// the viewer's sans-serif face.
    ///
    /// # Errors
    ///
    /// As [`Chart::png_bytes`], but for PNG encoding.
    ///
    /// ```
    /// use biopharma_stats::{Chart, Dataset};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// let svg = Chart::line(&s).size(640, 480).svg_string()?;
    /// assert!(svg.contains("<svg") && svg.contains("width=\"640\"") && svg.contains("height=\"480\""));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn svg_string(&self) -> Result<String, Error> {
        let (w, h) = self.checked_size()?;
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
            paint::draw(&self.spec, &root, text::TextMode::Svg)?;
            root.present().map_err(paint::render_error)?;
        }
        Ok(add_svg_title(svg, &scene::title_of(&self.spec)))
    }

    fn checked_size(&self) -> Result<(u32, u32), Error> {
        let (w, h) = (self.spec.width, self.spec.height);
        if w == 0 || h == 0 {
            return Err(Error::Chart(ChartError::ZeroSize { width: w, height: h }));
        }
        if w < MIN_SIZE.0 || h < MIN_SIZE.1 {
            return Err(Error::Chart(ChartError::InvalidChart {
                reason: format!(
                    "{w}x{h} is too small to lay out legibly (the smallest is {}x{})",
                    MIN_SIZE.0, MIN_SIZE.1
                ),
            }));
        }
        if w > MAX_SIDE || h > MAX_SIDE {
            return Err(Error::Chart(ChartError::InvalidChart {
                reason: format!("{w}x{h} is too large (at most {MAX_SIDE} pixels a side)"),
            }));
        }
        Ok((w, h))
    }
}

impl Chart<kind::Single> {
    /// One series as a line with a marker on each point.
    pub fn line(series: &Series) -> Self {
        Chart::new(Kind::Years { style: SeriesStyle::Line, series: vec![series.clone()] })
    }

    /// One series as bars, one per year.
    pub fn bar(series: &Series) -> Self {
        Chart::new(Kind::Years { style: SeriesStyle::Bar, series: vec![series.clone()] })
    }
}

impl Chart<kind::Several> {
    /// Several series as lines on one axis, with a legend. All must share a
    /// unit.
    ///
    /// ```
    /// use biopharma_stats::{Chart, Dataset};
    /// let ds = Dataset::embedded();
    /// let drugs = ds.series("domestic_innovative_drug_approvals", "china")?;
    /// let devices = ds.series("domestic_innovative_device_approvals", "china")?;
    /// let png = Chart::lines([&drugs, &devices]).labels(["Drugs", "Devices"])?.size(640, 480).png_bytes()?;
    /// assert_eq!(&png[1..4], b"PNG");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn lines<'a>(series: impl IntoIterator<Item = &'a Series>) -> Self {
        Chart::new(Kind::Years { style: SeriesStyle::Line, series: series.into_iter().cloned().collect() })
    }

    /// Several series as grouped bars, one group per year, with a legend.
    /// All must share a unit.
    pub fn grouped_bars<'a>(series: impl IntoIterator<Item = &'a Series>) -> Self {
        Chart::new(Kind::Years { style: SeriesStyle::Bar, series: series.into_iter().cloned().collect() })
    }

    /// Legend labels for the series, in order, one per series (default:
    /// what tells the series apart, the metric's name or the entity).
    ///
    /// # Errors
    ///
    /// [`ChartError::InvalidChart`] unless there is exactly one label per
    /// series.
    ///
    /// ```
    /// use biopharma_stats::{Chart, Dataset};
    /// let ds = Dataset::embedded();
    /// let drugs = ds.series("domestic_innovative_drug_approvals", "china")?;
    /// let devices = ds.series("domestic_innovative_device_approvals", "china")?;
    /// assert!(Chart::lines([&drugs, &devices]).labels(["Drugs"]).is_err());
    /// let chart = Chart::lines([&drugs, &devices]).labels(["Drugs", "Devices"])?;
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn labels<S: Into<String>>(mut self, labels: impl IntoIterator<Item = S>) -> Result<Self, Error> {
        let n = match &self.spec.kind {
            Kind::Years { series, .. } => series.len(),
            _ => 2,
        };
        self.spec.labels = checked_labels(labels, n)?;
        Ok(self)
    }
}

impl Chart<kind::BarsWithLine> {
    /// Yearly `bars` (a flow, say approvals in each year) on the left axis and
    /// a `line` (say the cumulative count) on a second axis at the right.
    pub fn bars_with_line(bars: &Series, line: &Series) -> Self {
        Chart::new(Kind::BarsWithLine { bars: Box::new(bars.clone()), line: Box::new(line.clone()) })
    }

    /// The title of the right value axis of [`Chart::bars_with_line`]
    /// (default: the line's unit label).
    pub fn y2_label(mut self, label: impl Into<String>) -> Self {
        self.spec.y2_label = Some(label.into());
        self
    }

    /// Legend labels of the bars and of the line, in that order (default:
    /// each metric's name).
    ///
    /// # Errors
    ///
    /// [`ChartError::InvalidChart`] unless there are exactly two labels.
    ///
    /// ```
    /// use biopharma_stats::{Chart, Dataset};
    /// let ds = Dataset::embedded();
    /// let flows = ds.series("domestic_innovative_drug_approvals", "china")?;
    /// let stock = ds.series("domestic_innovative_drug_approvals_cumul", "china")?;
    /// assert!(Chart::bars_with_line(&flows, &stock).labels(["Approved"]).is_err()); // two labels needed
    /// let chart = Chart::bars_with_line(&flows, &stock).labels(["Approved", "On the market"])?;
    /// assert!(chart.svg_string()?.contains("On the market"));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn labels<S: Into<String>>(mut self, labels: impl IntoIterator<Item = S>) -> Result<Self, Error> {
        self.spec.labels = checked_labels(labels, 2)?;
        Ok(self)
    }
}

impl Chart<kind::Compare> {
    /// Grouped bars over named categories; add each group (a legend entry
    /// with one point per category) with [`Chart::bars`]. All points must
    /// share a unit.
    ///
    /// ```
    /// use biopharma_stats::{Chart, Dataset, Period};
    /// let ds = Dataset::embedded();
    /// let y = Period::Year(2023);
    /// let flow = [
    ///     (&ds.series("domestic_innovative_drug_approvals", "china")?, y),
    ///     (&ds.series("domestic_innovative_device_approvals", "china")?, y),
    /// ];
    /// let stock = [
    ///     (&ds.series("domestic_innovative_drug_approvals_cumul", "china")?, y),
    ///     (&ds.series("domestic_innovative_device_approvals_cumul", "china")?, y),
    /// ];
    /// let svg = Chart::compare(["Innovative drugs", "Innovative devices"])
    ///     .bars("Approved in 2023", flow)
    ///     .bars("On the market at the end of 2023", stock)
    ///     .title("Domestic innovative drugs and devices, China")
    ///     .svg_string()?;
    /// assert!(svg.contains("Approved in 2023"));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn compare<S: Into<String>>(categories: impl IntoIterator<Item = S>) -> Self {
        Chart::new(Kind::Compare { categories: categories.into_iter().map(Into::into).collect(), groups: Vec::new() })
    }

    /// Adds a group of bars to a [`Chart::compare`] chart: its legend label
    /// and, for each category in order, a series and the period of the
    /// point to draw.
    pub fn bars<'a>(mut self, label: impl Into<String>, cells: impl IntoIterator<Item = (&'a Series, Period)>) -> Self {
        if let Kind::Compare { groups, .. } = &mut self.spec.kind {
            groups.push((label.into(), cells.into_iter().map(|(s, p)| (s.clone(), p)).collect()));
        }
        self
    }
}

impl Chart<kind::Shares> {
    /// A share chart; add each whole with [`Chart::whole`]. The rest of each
    /// whole (100 % less its parts) is drawn in grey and named by
    /// [`Chart::rest_label`].
    ///
    /// ```
    /// use biopharma_stats::{Chart, Dataset, Period, ShareStyle};
    /// let ds = Dataset::embedded();
    /// let output = ds.series("biomedicine_output_value_share", "yangtze_river_delta")?;
    /// let png = Chart::shares(ShareStyle::Pie)
    ///     .whole("Biomedical output value", [(&output, Period::Year(2023))])
    ///     .rest_label("Rest of China")
    ///     .title("The Yangtze River Delta's share")
    ///     .png_bytes()?;
    /// assert!(!png.is_empty());
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn shares(style: ShareStyle) -> Self {
        Chart::new(Kind::Shares { style, wholes: Vec::new() })
    }

    /// Adds a whole to a [`Chart::shares`] chart: its label and its parts,
    /// each a share series (in percent of the whole) and the period of the
    /// point to draw. Parts are named by their entity in the legend.
    pub fn whole<'a>(
        mut self,
        label: impl Into<String>,
        parts: impl IntoIterator<Item = (&'a Series, Period)>,
    ) -> Self {
        if let Kind::Shares { wholes, .. } = &mut self.spec.kind {
            wholes.push((label.into(), parts.into_iter().map(|(s, p)| (s.clone(), p)).collect()));
        }
        self
    }

    /// The legend label of the rest of each whole in a share chart
    /// (default `Rest`), for example `Rest of China`.
    pub fn rest_label(mut self, label: impl Into<String>) -> Self {
        self.spec.rest_label = label.into();
        self
    }
}

/// The labels, checked to be one per series.
fn checked_labels<S: Into<String>>(labels: impl IntoIterator<Item = S>, series: usize) -> Result<Vec<String>, Error> {
    let labels: Vec<String> = labels.into_iter().map(Into::into).collect();
    if labels.len() != series {
        return Err(Error::Chart(ChartError::InvalidChart {
            reason: format!("{} label(s) for {series} series; give one label per series", labels.len()),
        }));
    }
    Ok(labels)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|source| Error::Io { path: path.to_owned(), source })
}

fn encode_png(rgb: &[u8], w: u32, h: u32, level: PngCompression) -> Result<Vec<u8>, Error> {
    let render = |e: png::EncodingError| Error::Chart(ChartError::Render { message: format!("PNG encoding: {e}") });
    let mut out = Vec::with_capacity(rgb.len() / 16);
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    // Measured at 1024 x 768: Default makes files about half the size of
    // Fast with adaptive filters (85 KB against 155 KB for the device chart)
    // for 10-25 ms more per chart; Best is no smaller and twice as slow;
    // Fast without adaptive filters is larger still.
    match level {
        PngCompression::Small => enc.set_compression(png::Compression::Default),
        PngCompression::Fast => {
            enc.set_compression(png::Compression::Fast);
            enc.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
        }
    }
    let mut writer = enc.write_header().map_err(render)?;
    writer.write_image_data(rgb).map_err(render)?;
    writer.finish().map_err(render)?;
    Ok(out)
}

/// Inserts a `<title>` (the chart's title, for screen readers and browser
/// tabs) after the opening `<svg>` tag.
fn add_svg_title(svg: String, title: &str) -> String {
    let Some(open) = svg.find("<svg") else { return svg };
    let Some(end) = svg[open..].find('>').map(|i| open + i + 1) else { return svg };
    let escaped = title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    format!("{}\n<title>{escaped}</title>{}", &svg[..end], &svg[end..])
}
