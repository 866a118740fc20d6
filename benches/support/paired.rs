//! Paired timing for the ratios the benches print: the baseline and the
//! measured routine run alternately, so that drift on a shared machine
//! (other builds, frequency changes) hits both alike; each is summarised by
//! its median, and the ratio reported is the median of the per-pair ratios.
//!
//! Time is the thread's own CPU time (`CLOCK_THREAD_CPUTIME_ID`, through
//! the `cpu-time` crate), so that time spent descheduled while other
//! processes run is not counted; where it is unavailable, wall-clock time.
//! Cache and memory-bandwidth sharing with other processes still show.

#![allow(dead_code)] // each bench uses a different part

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Medians of a paired measurement.
#[derive(Debug, Clone, Copy)]
pub struct Paired {
    /// Median time of the measured routine.
    pub subject: Duration,
    /// Median time of the baseline.
    pub baseline: Duration,
    /// Median over pairs of subject / baseline.
    pub ratio: f64,
    /// Number of pairs.
    pub pairs: usize,
}

/// The median of `v` (the mean of the middle two for an even count).
pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

/// Times `subject` and `baseline` alternately, `pairs` times each (after one
/// warm-up run of each); `iters` calls per timing for very short routines.
pub fn paired<A, B, RA, RB>(pairs: usize, iters: u32, mut subject: A, mut baseline: B) -> Paired
where
    A: FnMut() -> RA,
    B: FnMut() -> RB,
{
    black_box(subject());
    black_box(baseline());
    let time = |f: &mut dyn FnMut()| {
        let (t, c) = (Instant::now(), cpu_ns());
        for _ in 0..iters {
            f();
        }
        let secs = match (c, cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 * 1e-9,
            _ => t.elapsed().as_secs_f64(),
        };
        secs / f64::from(iters)
    };
    let (mut s, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..pairs {
        // Alternate which goes first, so neither always runs on a warm cache.
        let (ts, tb) = if i % 2 == 0 {
            let ts = time(&mut || drop(black_box(subject())));
            (ts, time(&mut || drop(black_box(baseline()))))
        } else {
            let tb = time(&mut || drop(black_box(baseline())));
            (time(&mut || drop(black_box(subject()))), tb)
        };
        s.push(ts);
        b.push(tb);
        r.push(ts / tb);
    }
    Paired {
        subject: Duration::from_secs_f64(median(&mut s)),
        baseline: Duration::from_secs_f64(median(&mut b)),
        ratio: median(&mut r),
        pairs,
    }
}

/// The calling thread's CPU time in nanoseconds since an arbitrary start.
pub fn cpu_ns() -> Option<u64> {
    let t = cpu_time::ThreadTime::try_now().ok()?;
    u64::try_from(t.as_duration().as_nanos()).ok()
}

/// Which clock [`paired`] uses here.
pub fn clock_name() -> &'static str {
    if cpu_ns().is_some() { "thread CPU time" } else { "wall-clock time" }
}

/// Whether the bench binary runs as a benchmark (`cargo bench`), not as a
/// quick test (`cargo test --benches`) or under `--profile-time` (for a
/// profiler), where the paired runs are skipped.
pub fn benchmarking() -> bool {
    bench_mode() && !std::env::args().any(|a| a == "--profile-time")
}

/// Whether the bench binary runs under `cargo bench` (with or without
/// `--profile-time`), so the full-size data is wanted.
pub fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// Prints a paired result in the form BENCHMARKS.md quotes.
pub fn report(name: &str, base: &str, p: &Paired) {
    println!(
        "{name}/{base} ratio = {:.2}   (median of {} paired runs, {}: {name} {:.3} ms, {base} {:.3} ms)",
        p.ratio,
        p.pairs,
        clock_name(),
        p.subject.as_secs_f64() * 1e3,
        p.baseline.as_secs_f64() * 1e3,
    );
}
