//! Layout checks for every chart of `examples/charts.rs` at five sizes from
//! [`MIN_SIZE`] to 1600 × 1200: no text outside the image, title, legend,
//! plot and caption apart, the caption within [`CAPTION_MAX_SHARE`] of the
//! height, no text under [`MIN_TEXT_PX`]; and every chart renders.

use super::layout::{BodyPlan, CAPTION_MAX_SHARE, Layout, MIN_TEXT_PX, Placed, Rect, cartesian_texts, layout};
use super::scene::{Body, INK, Scene, scene};
use super::text::line_h;
use super::{Chart, MIN_SIZE};
use crate::Dataset;
use plotters::style::text_anchor::HPos;

#[path = "../../examples/charts.rs"]
#[allow(dead_code)]
mod example;

/// Five sizes from the smallest a chart is drawn at to 1600 × 1200.
const SIZES: [(u32, u32); 5] = [MIN_SIZE, (320, 240), (480, 360), (1024, 768), (1600, 1200)];

fn gallery() -> Vec<(&'static str, Chart)> {
    example::gallery(Dataset::embedded()).expect("the gallery's series exist")
}

/// Every text line of the frame and of a cartesian body's axes.
fn texts(sc: &Scene, lay: &Layout) -> Vec<Placed> {
    let f = &lay.frame;
    let s = &lay.sizes;
    let mut out = Vec::new();
    let mut block = |b: &super::layout::Block, top: f64| {
        for (i, l) in b.lines.iter().enumerate() {
            out.push(Placed {
                text: l.clone(),
                x: s.margin,
                top: top + i as f64 * line_h(b.size),
                size: b.size,
                color: INK,
                h: HPos::Left,
            });
        }
    };
    block(&f.title, f.title_top);
    if let Some(sub) = &f.subtitle {
        block(sub, f.subtitle_top);
    }
    let mut y = f.caption_top;
    for b in &f.caption {
        block(b, y);
        y += b.height();
    }
    for (r, row) in f.legend.rows.iter().enumerate() {
        for &(i, dx) in row {
            out.push(Placed {
                text: f.legend.labels[i].clone(),
                x: s.margin + dx + f.legend.label_dx,
                top: f.legend_top + r as f64 * line_h(f.legend.size),
                size: f.legend.size,
                color: INK,
                h: HPos::Left,
            });
        }
    }
    if let (BodyPlan::Cartesian(plan), Body::Cartesian(c)) = (&lay.body, &sc.body) {
        out.extend(cartesian_texts(c, plan, s).expect("measurable"));
    }
    out
}

fn inside(r: &Rect, w: f64, h: f64) -> bool {
    r.x0 >= 0.0 && r.y0 >= 0.0 && r.x1 <= w && r.y1 <= h
}

#[test]
fn every_gallery_chart_lays_out_within_its_image_at_every_size() {
    let charts = gallery();
    assert!(charts.len() >= 10, "the gallery has {} charts", charts.len());
    for (name, chart) in &charts {
        let sc = scene(&chart.spec).expect("a scene");
        for (w, h) in SIZES {
            let (wf, hf) = (f64::from(w), f64::from(h));
            let lay = layout(&sc, wf, hf, chart.spec.value_labels).unwrap_or_else(|e| panic!("{name} at {w}x{h}: {e}"));
            let at = format!("{name} at {w}x{h} ({:?})", lay.give_way);
            let f = &lay.frame;
            for t in texts(&sc, &lay) {
                let r = t.rect().expect("measurable");
                assert!(inside(&r, wf, hf), "{at}: {:?} lies outside the image: {r:?}", t.text);
                assert!(t.size >= MIN_TEXT_PX, "{at}: {:?} is set at {} px", t.text, t.size);
            }
            assert!(lay.sizes.caption >= lay.sizes.tick, "{at}: caption smaller than the ticks");
            assert!(lay.sizes.value >= MIN_TEXT_PX, "{at}: value labels at {} px", lay.sizes.value);
            // The caption's share of the height.
            assert!(f.caption_h() <= hf * CAPTION_MAX_SHARE, "{at}: caption {} px high", f.caption_h());
            // Title, subtitle and legend above the body, the caption below it.
            let head_bottom = f.legend_top + f.legend.rows.len() as f64 * line_h(f.legend.size).max(0.0);
            let title_bottom = f.title_top + f.title.height();
            assert!(title_bottom <= f.legend_top, "{at}: title over the legend");
            if let Some(sub) = &f.subtitle {
                assert!(f.subtitle_top >= title_bottom && f.subtitle_top + sub.height() <= f.legend_top, "{at}");
            }
            assert!(head_bottom <= f.body.y0, "{at}: legend ({head_bottom}) over the body ({})", f.body.y0);
            assert!(f.body.y1 <= f.caption_top, "{at}: body ({}) over the caption ({})", f.body.y1, f.caption_top);
            assert!(f.body.h() > 0.0 && f.body.w() > 0.0, "{at}: no body");
            if let BodyPlan::Cartesian(plan) = &lay.body {
                let p = plan.plot;
                assert!(p.x0 >= f.body.x0 && p.x1 <= f.body.x1 && p.y0 >= f.body.y0 && p.y1 <= f.body.y1, "{at}");
                assert!(p.h() >= 3.0 * line_h(lay.sizes.tick), "{at}: the plot is {} px high", p.h());
            }
        }
    }
}

#[test]
fn every_gallery_chart_renders_at_every_size() {
    // CHART_SIZES_OUT=dir writes the PNGs there, to look at.
    let out = std::env::var_os("CHART_SIZES_OUT").map(std::path::PathBuf::from);
    for (name, chart) in gallery() {
        for (w, h) in SIZES {
            let png = chart.clone().size(w, h).png_bytes().unwrap_or_else(|e| panic!("{name} at {w}x{h}: {e}"));
            assert_eq!(&png[1..4], b"PNG");
            if let Some(dir) = &out {
                let stem = name.trim_end_matches(".png").trim_end_matches(".svg");
                std::fs::write(dir.join(format!("{stem}_{w}x{h}.png")), &png).expect("writable");
            }
        }
    }
}

#[test]
fn rank_axes_run_with_1_at_the_top() {
    let ds = Dataset::embedded();
    let rank = ds.series("domestic_class1_innovative_drug_approvals_rank", "shanghai").expect("a rank series");
    // Ranks 1, 3 and 6 by hand, on the rank metric.
    let s = crate::Series::from_years(rank.metric().clone(), "testland", &[(2021, 1.0), (2022, 3.0), (2023, 6.0)])
        .expect("valid ranks");
    let chart = Chart::line(&s);
    let sc = scene(&chart.spec).expect("a scene");
    for (w, h) in SIZES {
        let lay = layout(&sc, f64::from(w), f64::from(h), true).expect("laid out");
        let BodyPlan::Cartesian(plan) = &lay.body else { panic!("a cartesian body") };
        let axis = &plan.left;
        assert!(axis.inverted, "{w}x{h}");
        assert_eq!(axis.ticks.first(), Some(&1.0), "{w}x{h}: {:?}", axis.ticks);
        assert!(axis.frac(1.0) > axis.frac(3.0) && axis.frac(3.0) > axis.frac(6.0), "{w}x{h}: 1 above 3 above 6");
        assert!(axis.ticks.iter().all(|t| *t >= 1.0 && t.fract() == 0.0), "{:?}", axis.ticks);
    }
    let png = chart.size(480, 360).png_bytes().expect("drawn");
    if let Some(dir) = std::env::var_os("CHART_SIZES_OUT") {
        std::fs::write(std::path::Path::new(&dir).join("rank_480x360.png"), &png).expect("writable");
    }
}

#[test]
fn small_charts_name_their_sources_short_with_a_count() {
    use super::scene::short_publisher;
    assert_eq!(short_publisher("China Association for Medical Devices Industry (CAMDI)"), "CAMDI");
    assert_eq!(short_publisher("People's Daily Online (en.people.cn)"), "People's Daily Online");
    assert_eq!(short_publisher("人民日报 (People's Daily)"), "人民日报");
    assert_eq!(short_publisher("PharmaDJ"), "PharmaDJ");
    assert_eq!(short_publisher("Unidentified (probably Wenhui 文汇)"), "Unidentified (probably Wenhui 文汇)");
    let charts = gallery();
    let (_, devices) = charts.iter().find(|(n, _)| *n == "innovative_devices_2014_2025.png").expect("in the gallery");
    let sc = scene(&devices.spec).expect("a scene");
    // The device chart cites 11 sources, 4 of them CAMDI's (the caption of
    // the gallery chart lists them in full).
    assert_eq!(sc.short_sources.iter().map(|(_, c)| c).sum::<usize>(), 11);
    assert_eq!(sc.short_sources.first(), Some(&("CAMDI".to_owned(), 4)));
    let full = layout(&sc, 1024.0, 768.0, true).expect("laid out");
    assert!(
        full.frame.caption[0].lines[0]
            .starts_with("Sources: China Association for Medical Devices Industry (CAMDI), 2022-03-29;")
    );
    for (w, h) in [(320.0, 240.0), (480.0, 360.0)] {
        let small = layout(&sc, w, h, true).expect("laid out");
        let first = &small.frame.caption[0].lines[0];
        assert!(first.starts_with("Sources: CAMDI (4), "), "{w}x{h}: {first}");
        assert!(first.contains("11 in all"), "{w}x{h}: {first}");
    }
}
