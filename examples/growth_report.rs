//! A growth and share report of every series in the embedded dataset.
//!
//! For each metric and entity: the series with its sources, its
//! period-over-period changes (refused over a gap of years, then
//! annualised), the CAGR from its first to its last year with the full
//! explanation, and share figures as fractions. Then the 2023 figures
//! combined across series: shares and implied stocks. Wherever the crate
//! refuses a computation, the typed error is printed instead.
//!
//! ```text
//! cargo run --example growth_report
//! ```

use biopharma_stats::{
    Allow, ChangeKind, Computed, Dataset, Error, Figure, Gaps, MetricKind, Period, Resolve, Series, SeriesOptions,
    Status,
};
use biopharma_stats::{ComputeError, QueryError};

fn main() {
    let ds = Dataset::embedded();
    println!("Growth and share report of the embedded dataset ({} observations)", ds.len());
    println!("Rates and shares are fractions; percentages are printed beside them.\n");

    let with_targets = SeriesOptions::new().with_targets();
    for metric in ds.metrics() {
        let entities = match ds.entities_of(metric.id.as_str()) {
            Ok(e) => e,
            Err(e) => {
                println!("{}: refused: {e}\n", metric.id);
                continue;
            }
        };
        for entity in entities {
            match ds.series_with(metric.id.as_str(), entity, &with_targets) {
                Ok(s) => report(&s),
                // Sources disagree: say so, then settle it by a named rule,
                // which every explanation below then cites.
                Err(e @ Error::Query(QueryError::Conflict(..))) => {
                    println!("{} / {entity}: refused: {e}", metric.id);
                    println!("  retried with the rule \"latest publication wins\":");
                    match ds.series_with(
                        metric.id.as_str(),
                        entity,
                        &with_targets.clone().resolve(Resolve::LatestPublication),
                    ) {
                        Ok(s) => report(&s),
                        Err(e) => println!("{} / {entity}: refused: {e}\n", metric.id),
                    }
                }
                Err(e) => println!("{} / {entity}: refused: {e}\n", metric.id),
            }
        }
    }
    across_series(ds);
}

/// One series: its points, changes, CAGR and share fractions.
fn report(s: &Series) {
    print!("{s}");
    if s.metric().kind == MetricKind::Share {
        for p in s.points() {
            match s.figure_of(p).share_fraction() {
                Ok(c) => println!("  share as a fraction: {} — {c}", c.value()),
                Err(e) => println!("  share as a fraction: refused: {e}"),
            }
        }
    }
    for kind in [ChangeKind::Absolute, ChangeKind::Relative] {
        match s.changes(kind, Gaps::Refuse) {
            Err(e @ Error::Compute(ComputeError::TooFewPoints { .. })) => {
                println!("  changes: refused: {e}");
                break;
            }
            Ok(changes) => print_all(&format!("{kind:?} changes"), &changes),
            Err(e @ Error::Compute(ComputeError::YearGap { .. })) => {
                println!("  {kind:?} changes, gaps refused: {e}");
                match s.changes(kind, Gaps::Annualise) {
                    Ok(changes) => print_all(&format!("{kind:?} changes, gaps annualised"), &changes),
                    Err(e) => println!("  {kind:?} changes, gaps annualised: refused: {e}"),
                }
            }
            Err(e) => println!("  {kind:?} changes: refused: {e}"),
        }
    }
    for status in Status::ALL {
        let years: Vec<i32> =
            s.points().iter().filter(|p| p.status == status).filter_map(|p| p.period.as_year()).collect();
        if let (Some(&first), Some(&last)) = (years.first(), years.last())
            && first < last
        {
            match s.cagr(first, last) {
                Ok(g) => println!("  {}", g.explain().replace('\n', "\n  ")),
                Err(e) => println!("  CAGR {first}→{last}: refused: {e}"),
            }
        }
    }
    println!();
}

fn print_all(title: &str, results: &[Computed]) {
    println!("  {title}:");
    for c in results {
        println!("    {c}");
    }
}

fn figure(ds: &Dataset, metric: &str, entity: &str, period: Period) -> Result<Figure, Error> {
    ds.series(metric, entity)?.figure(period)
}

/// The 2023 figures combined across series.
fn across_series(ds: &Dataset) {
    println!("2023 figures across series");
    println!("==========================\n");
    let y2023 = Period::Year(2023);

    // Shanghai's Class 1 drugs against the national count of domestic innovative drugs:
    // refused as different definitions, then computed with the mix allowed and noted.
    let shanghai = figure(ds, "domestic_class1_innovative_drug_approvals", "shanghai", y2023);
    let china = figure(ds, "domestic_innovative_drug_approvals", "china", y2023);
    match (&shanghai, &china) {
        (Ok(part), Ok(whole)) => {
            show("Shanghai Class 1 / national domestic innovative drugs", part.share_of(whole, &Allow::none()));
            show("... with different definitions allowed", part.share_of(whole, &Allow::none().definitions()));
        }
        (Err(e), _) | (_, Err(e)) => println!("Shanghai share: refused: {e}\n"),
    }

    // Approvals of 2023 as a share of the stock on the market at the end of 2023, and the
    // stock implied at the end of 2022.
    for (flow, stock) in [
        ("domestic_innovative_drug_approvals", "domestic_innovative_drug_approvals_cumul"),
        ("domestic_innovative_device_approvals", "domestic_innovative_device_approvals_cumul"),
    ] {
        match (figure(ds, flow, "china", y2023), figure(ds, stock, "china", y2023)) {
            (Ok(f), Ok(s)) => {
                show(&format!("{flow} / {stock}"), f.share_of(&s, &Allow::none()));
                show(&format!("{flow} / {stock}, definitions allowed"), f.share_of(&s, &Allow::none().definitions()));
                show(&format!("{stock} at the end of 2022"), s.implied_earlier_stock(&f, &Allow::none()));
            }
            (Err(e), _) | (_, Err(e)) => println!("{flow} / {stock}: refused: {e}\n"),
        }
    }
}

fn show(title: &str, result: Result<Computed, Error>) {
    match result {
        Ok(c) => {
            println!("{title}: {}\n  as a fraction / number: {}\n{}\n", c.formatted(), c.value(), indent(&c.explain()))
        }
        Err(e) => println!("{title}: refused: {e}\n"),
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}
