//! Chart rendering: every kind draws a non-blank image of the size asked
//! for, SVGs carry their title and caption as text, bad input is a typed
//! error, and year ticks are whole years written once.

#![cfg(feature = "charts")]

use biopharma_stats::{ChartError, ComputeError, ParseError};
use std::path::PathBuf;

use biopharma_stats::{
    Chart, Dataset, Derivation, Error, Origin, Period, Point, Resolve, Series, SeriesOptions, ShareStyle, Status,
    Value, year_tick_labels,
};

fn ds() -> &'static Dataset {
    Dataset::embedded()
}

fn series(metric: &str, entity: &str) -> Series {
    ds().series(metric, entity).unwrap_or_else(|e| panic!("{metric} / {entity}: {e}"))
}

fn market() -> Series {
    series("biomedicine_market_size", "china")
}

/// The market series with interpolated 2017 and 2018 points marked derived
/// (the values are placeholders for the test, not growth results).
fn market_with_derived() -> Series {
    let m = market();
    let derived = |y, v| {
        Point::new(
            Period::Year(y),
            Value::exact(v),
            Status::Reported,
            Origin::Derived { method: Derivation::GeometricInterpolation },
        )
    };
    let mut points: Vec<Point> = m.points().to_vec();
    points.push(derived(2017, 200.0));
    points.push(derived(2018, 250.0));
    points.sort_by_key(|p| p.period);
    Series::new(m.metric().clone(), m.entity(), points, m.sources().to_vec()).unwrap()
}

/// A series of `n` consecutive years from 2008.
fn years(n: i32) -> Series {
    let m = market();
    let src = m.sources().to_vec();
    let id = src[0].id.clone();
    let points = (0..n)
        .map(|i| {
            Point::new(
                Period::Year(2008 + i),
                Value::exact(100.0 + f64::from(i) * 12.5),
                Status::Reported,
                Origin::Reported { sources: vec![id.clone()] },
            )
        })
        .collect();
    Series::new(m.metric().clone(), "china", points, src).unwrap()
}

struct Decoded {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Decoded {
    fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        let i = (y as usize * self.width as usize + x as usize) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// Pixels that are not the white background.
    fn inked(&self) -> usize {
        self.rgb.chunks_exact(3).filter(|p| p != &[255, 255, 255]).count()
    }

    /// Strongly coloured pixels (bars, lines, markers), not grey text or grid.
    fn coloured(&self) -> usize {
        self.rgb
            .chunks_exact(3)
            .filter(|p| {
                let (lo, hi) = (p.iter().min().copied().unwrap_or(0), p.iter().max().copied().unwrap_or(0));
                hi - lo > 80
            })
            .count()
    }

    /// Whether the outermost `band` pixels on every side are background:
    /// nothing was drawn up to (and so, likely, past) an edge.
    fn clear_edges(&self, band: u32) -> bool {
        let (w, h) = (self.width, self.height);
        (0..w).all(|x| (0..band).chain(h - band..h).all(|y| self.pixel(x, y) == [255, 255, 255]))
            && (0..h).all(|y| (0..band).chain(w - band..w).all(|x| self.pixel(x, y) == [255, 255, 255]))
    }
}

fn decode(bytes: &[u8]) -> Decoded {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut rgb = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut rgb).expect("a PNG frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    rgb.truncate(info.buffer_size());
    Decoded { width: info.width, height: info.height, rgb }
}

/// Renders a PNG and checks its size and that it shows something in colour.
fn check_png<K>(chart: &Chart<K>, width: u32, height: u32) -> Decoded {
    let img = decode(&chart.png_bytes().expect("renders"));
    assert_eq!((img.width, img.height), (width, height));
    let area = (width * height) as usize;
    assert!(img.inked() > area / 100, "almost blank: {} inked pixels", img.inked());
    assert!(img.coloured() > 50, "no coloured marks: {} pixels", img.coloured());
    assert!(img.clear_edges(3), "something touches the image's edge");
    img
}

/// The text of every `<text>` element of an SVG, unescaped.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let start = t.find('>')? + 1;
            let end = t.find("</text>")?;
            Some(
                t[start..end]
                    .trim()
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&apos;", "'")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

fn has_text(svg: &str, wanted: &str) -> bool {
    svg_texts(svg).iter().any(|t| t.contains(wanted))
}

fn y2023() -> Period {
    Period::Year(2023)
}

fn compare_chart() -> Chart {
    let y = y2023();
    Chart::compare(["Innovative drugs", "Innovative medical devices"])
        .bars(
            "Approved in 2023",
            [
                (&series("domestic_innovative_drug_approvals", "china"), y),
                (&series("domestic_innovative_device_approvals", "china"), y),
            ],
        )
        .bars(
            "Cumulative to 2023",
            [
                (&series("domestic_innovative_drug_approvals_cumul", "china"), y),
                (&series("domestic_innovative_device_approvals_cumul", "china"), y),
            ],
        )
        .title("Approvals")
        .into()
}

fn share_chart(style: ShareStyle) -> Chart {
    Chart::shares(style)
        .whole("Output value", [(&series("biomedicine_output_value_share", "yangtze_river_delta"), y2023())])
        .whole(
            "Innovative drugs 2016–2023",
            [(
                &series("innovative_drug_approvals_share", "yangtze_river_delta"),
                Period::years_between(2016, 2023).unwrap(),
            )],
        )
        .rest_label("Rest of China")
        .title("Shares")
        .into()
}

#[test]
fn every_kind_renders_a_non_blank_png_of_the_default_size() {
    let m = market();
    let d = market_with_derived();
    let twelve = years(12);
    let flows = series("domestic_innovative_drug_approvals", "china");
    let stocks = series("domestic_innovative_drug_approvals_cumul", "china");
    let charts: [(&str, Chart); 9] = [
        ("line", Chart::line(&m).into()),
        ("line with derived points and a CAGR", Chart::line(&d).cagr(0.1999, 2016, 2019).into()),
        ("bar", Chart::bar(&d).annotate("an annotation").into()),
        ("lines", Chart::lines([&m, &twelve]).into()),
        ("grouped bars", Chart::grouped_bars([&m, &twelve]).into()),
        ("bars with a line on a second axis", Chart::bars_with_line(&flows, &stocks).into()),
        ("comparison", compare_chart()),
        ("stacked share bars", share_chart(ShareStyle::StackedBar)),
        ("pies", share_chart(ShareStyle::Pie)),
    ];
    for (name, chart) in charts {
        eprintln!("{name}");
        check_png(&chart, 1024, 768);
    }
}

#[test]
fn sizes_are_configurable() {
    for (w, h) in [(240, 180), (640, 480), (1600, 900), (800, 1200)] {
        check_png(&Chart::line(&market()).size(w, h), w, h);
        check_png(&compare_chart().size(w, h), w, h);
        check_png(&share_chart(ShareStyle::Pie).size(w, h), w, h);
    }
}

#[test]
fn long_titles_and_captions_wrap_instead_of_running_off_the_image() {
    let long = "A long title about the biomedicine industries of China, the Yangtze River Delta, Shanghai and Suzhou, \
                which cannot fit on one line of a small chart and must wrap onto several lines instead of being cut";
    let chart = Chart::line(&market()).title(long).subtitle(long).note(long).note(long);
    check_png(&chart.clone().size(640, 480), 640, 480);
    check_png(&chart, 1024, 768);
    let svg = Chart::line(&market()).title(long).svg_string().unwrap();
    // Wrapped: no single text element holds the whole title.
    assert!(!has_text(&svg, long));
    assert!(has_text(&svg, "A long title about"));
}

#[test]
fn derived_points_are_drawn_unlike_reported_ones_and_the_legend_says_so() {
    let d = market_with_derived();
    let reported_only = decode(&Chart::line(&market()).png_bytes().unwrap());
    let with_derived = decode(&Chart::line(&d).png_bytes().unwrap());
    assert_ne!(reported_only.rgb, with_derived.rgb);
    let svg = Chart::line(&d).svg_string().unwrap();
    assert!(has_text(&svg, "derived (geometric interpolation), not reported"), "{svg}");
    assert!(svg_texts(&svg).iter().any(|t| t == "reported"));
    // Years without data between two reported points are said to be so.
    let svg = Chart::line(&market()).svg_string().unwrap();
    assert!(has_text(&svg, "no data for the years between"));
}

#[test]
fn svg_has_title_caption_and_units_as_text() {
    let m = market();
    let svg = Chart::line(&m).title("Market & size <2016–2019>").note("A note for the reader.").svg_string().unwrap();
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{}", &svg[..80.min(svg.len())]);
    assert!(svg.contains("width=\"1024\"") && svg.contains("height=\"768\""));
    assert!(svg.contains("Market &amp; size &lt;2016–2019&gt;"));
    assert!(has_text(&svg, "Market & size <2016–2019>"));
    assert!(svg.contains("<title>Market &amp; size &lt;2016–2019&gt;</title>"));
    for s in m.sources() {
        let cited = format!("{}, {}", s.publisher, s.published);
        assert!(has_text(&svg, &cited), "caption should cite {cited:?}");
    }
    assert!(has_text(&svg, "A note for the reader."));
    assert!(has_text(&svg, m.unit().label()));
    let texts = svg_texts(&svg);
    for t in ["2016", "2017", "2018", "2019", "183.6", "317.2"] {
        assert!(texts.iter().any(|x| x == t), "no {t:?} in {texts:?}");
    }
}

#[test]
fn default_titles_name_the_metric_and_entity() {
    let svg = Chart::line(&market()).svg_string().unwrap();
    assert!(has_text(&svg, "Biomedicine market size, China"));
}

#[test]
fn every_chart_has_a_source_caption() {
    let charts: [Chart; 4] = [
        Chart::bar(&market()).into(),
        compare_chart(),
        share_chart(ShareStyle::StackedBar),
        Chart::bars_with_line(
            &series("domestic_innovative_drug_approvals", "china"),
            &series("domestic_innovative_drug_approvals_cumul", "china"),
        )
        .into(),
    ];
    for c in charts {
        let svg = c.svg_string().unwrap();
        assert!(has_text(&svg, "Source: ") || has_text(&svg, "Sources: "), "no caption in {svg}");
    }
}

#[test]
fn qualifiers_stay_on_the_labels_and_are_explained() {
    let svg = share_chart(ShareStyle::StackedBar).svg_string().unwrap();
    let texts = svg_texts(&svg);
    for t in ["~30 %", "~70 %", "~60 %", "~40 %", "Rest of China"] {
        assert!(texts.iter().any(|x| x == t), "no {t:?} in {texts:?}");
    }
    assert!(has_text(&svg, "~ means about"));
}

#[test]
fn files_are_written_by_extension() {
    let dir = std::env::temp_dir().join(format!("biopharma_charts_test_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let chart = Chart::line(&market()).size(400, 300);
    for name in ["a.png", "b.PNG"] {
        let path = dir.join(name);
        chart.render(&path).unwrap();
        let img = decode(&std::fs::read(&path).unwrap());
        assert_eq!((img.width, img.height), (400, 300));
    }
    for name in ["c.svg", "d.Svg"] {
        let path = dir.join(name);
        chart.render(&path).unwrap();
        assert!(std::fs::read_to_string(&path).unwrap().contains("<svg"));
    }
    chart.render_png(dir.join("e.bin")).unwrap();
    chart.render_svg(dir.join("f.txt")).unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn errors_not_panics() {
    let m = market();

    let empty = Series::new(m.metric().clone(), "nowhere", vec![], vec![]).unwrap();
    assert!(matches!(Chart::line(&empty).png_bytes(), Err(Error::Chart(ChartError::EmptyChart { .. }))));
    assert!(matches!(
        Chart::lines(Vec::<&Series>::new()).svg_string(),
        Err(Error::Chart(ChartError::EmptyChart { .. }))
    ));
    assert!(matches!(Chart::compare(["a"]).png_bytes(), Err(Error::Chart(ChartError::EmptyChart { .. }))));
    assert!(matches!(Chart::shares(ShareStyle::Pie).png_bytes(), Err(Error::Chart(ChartError::EmptyChart { .. }))));

    assert!(matches!(
        Chart::line(&m).size(0, 768).png_bytes(),
        Err(Error::Chart(ChartError::ZeroSize { width: 0, height: 768 }))
    ));
    assert!(matches!(Chart::line(&m).size(1024, 0).svg_string(), Err(Error::Chart(ChartError::ZeroSize { .. }))));
    assert!(matches!(Chart::line(&m).size(20, 20).png_bytes(), Err(Error::Chart(ChartError::InvalidChart { .. }))));
    assert!(matches!(
        Chart::line(&m).size(100_000, 100).png_bytes(),
        Err(Error::Chart(ChartError::InvalidChart { .. }))
    ));

    for bad in ["chart.jpg", "chart", "chart.png.txt", ".png"] {
        let path = std::env::temp_dir().join(bad);
        match Chart::line(&m).render(&path) {
            Err(Error::Chart(ChartError::UnsupportedFormat { path: p })) => assert_eq!(p, path),
            other => panic!("{bad}: {other:?}"),
        }
    }

    let unwritable: PathBuf = std::env::temp_dir().join("biopharma_no_such_dir").join("deeper").join("chart.png");
    match Chart::line(&m).render(&unwritable) {
        Err(e @ Error::Io { .. }) => assert!(e.to_string().contains("chart.png"), "{e}"),
        other => panic!("{other:?}"),
    }

    let drugs = series("domestic_innovative_drug_approvals", "china");
    match Chart::compare(["x"]).bars("b", [(&drugs, Period::Year(1999))]).png_bytes() {
        Err(Error::Chart(ChartError::MissingPoint { period, .. })) => assert_eq!(period, Period::Year(1999)),
        other => panic!("{other:?}"),
    }
    let r = Chart::compare(["x", "y"]).bars("b", [(&drugs, y2023())]).png_bytes();
    assert!(matches!(r, Err(Error::Chart(ChartError::InvalidChart { .. }))), "{r:?}");
    let r = Chart::compare(["x", "y"]).bars("b", [(&drugs, y2023()), (&m, Period::Year(2019))]).png_bytes();
    assert!(matches!(r, Err(Error::Chart(ChartError::InvalidChart { .. }))), "units differ: {r:?}");
    let r = Chart::lines([&m, &drugs]).png_bytes();
    assert!(matches!(r, Err(Error::Chart(ChartError::InvalidChart { .. }))), "units differ: {r:?}");
    let r = Chart::shares(ShareStyle::StackedBar).whole("w", [(&drugs, y2023())]).png_bytes();
    assert!(matches!(r, Err(Error::Chart(ChartError::InvalidChart { .. }))), "not a percentage: {r:?}");
    let share = series("innovative_drug_approvals_share", "yangtze_river_delta");
    let r = Chart::line(&share).png_bytes();
    assert!(matches!(r, Err(Error::Chart(ChartError::InvalidChart { .. }))), "a span on a year axis: {r:?}");
    // Builder misuse fails at the call (`.bars()` on a line chart and
    // `.rest_label()` off a share chart do not compile: see chart_kind).
    let r = Chart::lines([&m, &years(12)]).labels(["one label for two series"]);
    match r {
        Err(e @ Error::Chart(ChartError::InvalidChart { .. })) => {
            assert!(e.to_string().contains("1 label(s) for 2 series"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    let flows = series("domestic_innovative_drug_approvals", "china");
    let stocks = series("domestic_innovative_drug_approvals_cumul", "china");
    assert!(Chart::bars_with_line(&flows, &stocks).labels(["a", "b", "c"]).is_err());
    assert!(Chart::bars_with_line(&flows, &stocks).labels(["a", "b"]).is_ok());
    let r = Chart::line(&m).cagr(f64::NAN, 2016, 2019).png_bytes();
    assert!(matches!(r, Err(Error::Compute(ComputeError::NonFiniteInput { .. }))), "{r:?}");
    let r = Chart::line(&m).cagr(0.2, 2019, 2016).png_bytes();
    assert!(matches!(r, Err(Error::Chart(ChartError::InvalidChart { .. }))), "{r:?}");
}

#[test]
fn cagr_annotation_is_written_as_a_percentage() {
    let svg = Chart::line(&market()).cagr(0.199_93, 2016, 2019).svg_string().unwrap();
    assert!(has_text(&svg, "CAGR 2016–2019: 19.99 %"));
}

#[test]
fn year_ticks_are_whole_years_written_once() {
    for (first, last) in [(2019, 2019), (2016, 2019), (2009, 2019), (2008, 2019), (1950, 2030)] {
        for max in [1, 2, 3, 5, 8, 12, 20] {
            let ticks = year_tick_labels(first, last, max);
            assert!(!ticks.is_empty() && ticks.len() <= max, "{first}-{last}, {max}: {ticks:?}");
            let mut seen = std::collections::HashSet::new();
            for (year, label) in &ticks {
                assert!(label.bytes().all(|b| b.is_ascii_digit()), "{label:?} is not a whole year");
                assert_eq!(label.parse::<i32>().unwrap(), *year);
                assert!((first..=last).contains(year));
                assert!(seen.insert(label.clone()), "{label} twice");
            }
        }
    }
    let all = |f, l, m| year_tick_labels(f, l, m).into_iter().map(|(_, l)| l).collect::<Vec<_>>();
    assert_eq!(all(2019, 2019, 10), ["2019"]);
    assert_eq!(all(2018, 2019, 10), ["2018", "2019"]);
    assert_eq!(all(2008, 2019, 12).len(), 12);
}

#[test]
fn year_axes_of_one_two_and_twelve_points_render() {
    for n in [1, 2, 12] {
        let s = years(n);
        check_png(&Chart::line(&s), 1024, 768);
        check_png(&Chart::bar(&s).size(480, 360), 480, 360);
        let texts = svg_texts(&Chart::bar(&s).svg_string().unwrap());
        for y in 2008..2008 + n {
            assert_eq!(
                texts.iter().filter(|t| **t == y.to_string()).count(),
                1,
                "{n} points: year {y} not labelled once"
            );
        }
    }
}

/// Pixels where two renders of the same size differ.
fn differing(a: &Decoded, b: &Decoded) -> usize {
    a.rgb.chunks_exact(3).zip(b.rgb.chunks_exact(3)).filter(|(p, q)| p != q).count()
}

#[test]
fn chinese_in_titles_and_captions_is_drawn_not_boxed() {
    let m = market();
    // The market figures' source is cited with its Chinese name.
    let cited: String = m.sources().iter().map(|s| s.publisher.as_str()).collect();
    assert!(cited.contains("人民日报海外版"), "{cited}");

    // The same chart with a Chinese title and note, and with as many
    // characters that no bundled font has (drawn as notdef boxes).
    let chart = |text: &str| Chart::line(&m).title(text).note(text);
    let chinese = "中国生物医药市场规模，文汇《人民日报》";
    let missing: String = chinese.chars().map(|_| '\u{E000}').collect();
    for (w, h) in [(1024, 768), (480, 360)] {
        let hanzi = check_png(&chart(chinese).size(w, h), w, h);
        let boxes = check_png(&chart(&missing).size(w, h), w, h);
        assert!(differing(&hanzi, &boxes) > 200, "{w}×{h}: the Chinese looks like notdef boxes");
    }

    // Chinese without spaces wraps between characters instead of running
    // off a small chart (check_png checks that the edges stay clear).
    let long = chinese.repeat(4);
    check_png(&Chart::line(&m).title(long.as_str()).note(long.as_str()).size(480, 360), 480, 360);

    // Bold (the title) and regular (the caption) both draw the Chinese.
    let svg = chart(chinese).svg_string().unwrap();
    assert!(has_text(&svg, chinese), "{svg}");
    assert!(has_text(&svg, "人民日报海外版"), "caption");
    // SVG viewers are asked for a CJK face after DejaVu Sans.
    assert!(svg.contains("DejaVu Sans, Noto Sans CJK SC"), "{svg}");
}

/// A market-size series from (year, value) pairs made by hand.
fn made(pts: &[(i32, f64)]) -> Series {
    Series::from_years(market().metric().clone(), "testland", pts).expect("valid")
}

#[test]
fn hand_made_years_and_values_near_f64_max_are_refused_not_panics() {
    // Period::Year holds any i32: years −5 and i32::MAX overflowed the year
    // axis's arithmetic (a panic in debug builds). They are bad periods, as
    // in computations.
    for (a, b) in [(-5, i32::MAX), (i32::MIN, 2020), (2020, 10_000)] {
        let s = made(&[(a, 1.0), (b, 2.0)]);
        for c in [Chart::line(&s), Chart::bar(&s)] {
            assert!(matches!(c.svg_string(), Err(Error::Parse(ParseError::BadPeriod { .. }))), "{a}..{b}");
        }
    }
    // Values near f64::MAX made the value axis span inf and its tick count
    // i64::MAX: a capacity-overflow panic. The chart is refused instead. (A
    // flat axis at -1.7e308 overflowed when widened by a fifth.)
    for (a, b) in [(1.0, 1.7e308), (-1.7e308, 1.7e308), (-1.7e308, -1.7e308)] {
        let s = made(&[(2020, a), (2021, b)]);
        for (what, c) in
            [("line", Chart::line(&s)), ("bar", Chart::bar(&s)), ("free line", Chart::line(&s).zero_based(false))]
        {
            let r = c.svg_string();
            if (a, b, what) == (-1.7e308, -1.7e308, "free line") {
                // Not zero-based, a flat line at -1.7e308 gets a finite axis
                // (padded by 2 % of its value, -1.734e308..-1.7e308): drawn,
                // with scientific ticks.
                let texts = svg_texts(&r.expect("a finite axis"));
                assert!(texts.iter().any(|t| t.contains("×10³⁰⁸")), "{texts:?}");
                assert!(!texts.iter().any(|t| t.contains("inf") || t.contains("NaN")), "{texts:?}");
            } else {
                // The axis with its headroom (or down to zero) spans more than f64 holds.
                match r {
                    Err(e @ Error::Chart(ChartError::InvalidChart { .. })) => {
                        assert!(e.to_string().contains("too large"), "{what} {a}..{b}: {e}")
                    }
                    other => panic!("{what} {a}..{b}: {other:?}"),
                }
            }
        }
    }
    match Chart::bar(&made(&[(2020, -1.7e308), (2021, -1.7e308)])).svg_string() {
        Err(e @ Error::Chart(ChartError::InvalidChart { .. })) => assert!(e.to_string().contains("too large"), "{e}"),
        other => panic!("{other:?}"),
    }
    // Ticks near 1e300 were rounded through v × 1e9, which overflows: the
    // axis read "inf". Such a chart is drawn, with scientific ticks.
    let s = made(&[(2020, 1.0), (2021, 1e300)]);
    let svg = Chart::line(&s).svg_string().expect("values near 1e300 are drawn");
    let texts = svg_texts(&svg);
    assert!(!texts.iter().any(|t| t.contains("inf") || t.contains("NaN")), "{texts:?}");
    assert!(texts.iter().any(|t| t == "10³⁰⁰"), "no scientific tick in {texts:?}");
    // And very small values likewise: 0..4e-6, ticks by 1e-6.
    let s = made(&[(2020, 1e-6), (2021, 4e-6)]);
    let texts = svg_texts(&Chart::line(&s).svg_string().expect("tiny values are drawn"));
    assert!(texts.iter().any(|t| t == "2×10⁻⁶"), "no scientific tick in {texts:?}");
}

mod random {
    use super::*;
    use proptest::prelude::*;

    /// Years with gaps from 1995 (now and then one the loader refuses),
    /// values ordinary, zero, negative, tiny or huge.
    fn points() -> impl Strategy<Value = Vec<(i32, f64)>> {
        let value = prop_oneof![
            4 => 0.0f64..1e4,
            1 => -1e4f64..0.0,
            1 => prop::sample::select(&[0.0, 5e-324, 1e-300, 1e15, 1e300, 1.7e308, -1.7e308][..]),
            1 => (-700.0f64..700.0).prop_map(f64::exp),
        ];
        let gap = prop_oneof![4 => Just(1i32), 1 => 2i32..30, 1 => Just(i32::MAX / 2)];
        prop::collection::vec((gap, value), 1..8).prop_map(|steps| {
            let mut year = 1995i32;
            let mut pts: Vec<(i32, f64)> = steps
                .into_iter()
                .map(|(g, v)| {
                    year = year.saturating_add(g);
                    (year, v)
                })
                .collect();
            pts.dedup_by_key(|p| p.0);
            pts
        })
    }

    /// Whether a chart of these points must draw: every year in the
    /// calendar range a period accepts and every value within ±1e300 (the
    /// axis, with its headroom, then spans a finite range).
    fn drawable(pts: &[&[(i32, f64)]]) -> bool {
        pts.iter().all(|p| p.iter().all(|(y, v)| (1000..=9999).contains(y) && v.abs() <= 1e300))
    }

    fn outcome(what: &str, must_draw: bool, r: Result<String, Error>) -> Result<(), TestCaseError> {
        match r {
            Ok(svg) => {
                let texts = svg_texts(&svg);
                prop_assert!(!texts.iter().any(|t| t.contains("inf") || t.contains("NaN")), "{what}: {texts:?}");
            }
            Err(e) => {
                prop_assert!(!must_draw, "{what}: drawable points were refused: {e}");
                // A year out of range, or values too large for an axis.
                let expected = matches!(
                    &e,
                    Error::Parse(ParseError::BadPeriod { .. }) | Error::Chart(ChartError::InvalidChart { .. })
                );
                prop_assert!(expected, "{what}: unexpected error {e:?}");
            }
        }
        Ok(())
    }

    proptest! {
        // Rendering is slow in debug builds: 60 cases of 5 charts each.
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(60),
            ..ProptestConfig::default()
        })]

        /// Every kind of year chart of random series: an SVG with no
        /// infinity or NaN in its text, or a typed error; never a panic.
        #[test]
        fn charts_of_random_series_draw_or_refuse(a in points(), b in points()) {
            let (one, both) = (drawable(&[&a]), drawable(&[&a, &b]));
            let (a, b) = (made(&a), made(&b));
            outcome("line", one, Chart::line(&a).svg_string())?;
            outcome("bar", one, Chart::bar(&a).svg_string())?;
            outcome("lines", both, Chart::lines([&a, &b]).zero_based(false).svg_string())?;
            outcome("grouped bars", both, Chart::grouped_bars([&a, &b]).svg_string())?;
            outcome("bars with line", both, Chart::bars_with_line(&a, &b).svg_string())?;
        }
    }
}

#[test]
fn a_two_series_title_names_its_subject_once() {
    let ds = Dataset::embedded();
    let latest = SeriesOptions::new().resolve(Resolve::LatestPublication);
    let flows = ds.series_with("innovative_device_approvals", "china", &latest).unwrap();
    let stock = ds.series("innovative_device_approvals_cumul", "china").unwrap();
    let svg = Chart::bars_with_line(&flows, &stock).svg_string().unwrap();
    // The metrics are "Innovative medical devices approved" (a flow) and
    // "Innovative medical devices approved, cumulative".
    // (The SVG's <title> holds it on one line; the drawn title may wrap.)
    let title = "<title>Innovative medical devices approved, each year and cumulative, China</title>";
    assert!(svg.contains(title), "{:?}", svg_texts(&svg));
    let svg = Chart::lines([&flows, &stock]).svg_string().unwrap();
    assert!(svg.contains(title), "{:?}", svg_texts(&svg));
}

#[test]
fn negative_numbers_are_written_with_the_minus_sign() {
    // Values −5 and 3: the point labels and the axis below zero use U+2212.
    let s = made(&[(2020, -5.0), (2021, 3.0)]);
    let texts = svg_texts(&Chart::line(&s).svg_string().unwrap());
    assert!(texts.iter().any(|t| t == "\u{2212}5"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.starts_with('-')), "{texts:?}");
}
