//! One 1024×768 PNG chart: the innovative-device chart of the main example
//! (twelve bars, a line on a second axis, legend, caption with Chinese
//! text), rendered to PNG bytes at both compression settings, against the
//! floor any PNG chart pays in the same run: encoding a blank 1024×768 RGB
//! image with the same `png` crate.
//!
//! `cargo bench --bench chart`. Target (DESIGN.md): well under 50 ms.

#[path = "support/paired.rs"]
mod paired;

use std::hint::black_box;

use biopharma_stats::{Chart, Dataset, PngCompression, Resolve, SeriesOptions};
use criterion::{Criterion, criterion_group, criterion_main};

/// Encodes a blank 1024×768 RGB image as PNG: the work every PNG chart does
/// besides drawing.
fn blank_png() -> Vec<u8> {
    let (w, h) = (1024u32, 768u32);
    let pixels = vec![255u8; (w * h * 3) as usize];
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut wr = enc.write_header().expect("header");
    wr.write_image_data(&pixels).expect("pixels");
    wr.finish().expect("finish");
    out
}

fn bench(c: &mut Criterion) {
    let ds = Dataset::embedded();
    let latest = SeriesOptions::new().resolve(Resolve::LatestPublication);
    let flows = ds.series_with("innovative_device_approvals", "china", &latest).expect("series");
    let stock = ds.series("innovative_device_approvals_cumul", "china").expect("series");
    let chart = Chart::bars_with_line(&flows, &stock)
        .title("Innovative medical devices approved in China, 2014–2025")
        .y_label("devices approved in the year")
        .y2_label("cumulative since 2014");
    let fast = chart.clone().png_compression(PngCompression::Fast);
    let render = || chart.png_bytes().expect("renders");
    let render_fast = || fast.png_bytes().expect("renders");
    assert!(render().starts_with(b"\x89PNG") && render_fast().starts_with(b"\x89PNG"));
    if paired::benchmarking() {
        let p = paired::paired(21, 1, render, blank_png);
        paired::report("chart-png", "blank-png-encode", &p);
        let p = paired::paired(21, 1, render_fast, blank_png);
        paired::report("chart-png-fast", "blank-png-encode", &p);
    }
    let mut g = c.benchmark_group("chart");
    g.sample_size(20);
    g.bench_function("png_1024x768", |b| b.iter(|| black_box(render())));
    g.bench_function("png_1024x768_fast", |b| b.iter(|| black_box(render_fast())));
    g.bench_function("blank_png_encode", |b| b.iter(blank_png));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
