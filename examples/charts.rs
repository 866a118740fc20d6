//! Draws the dataset's main figures as PNG charts (and two as SVG).
//!
//! ```text
//! cargo run --release --example charts              # into target/charts/
//! cargo run --release --example charts -- OUT_DIR   # into OUT_DIR
//! ```
//!
//! The folder is created if missing. The example exits non-zero with the
//! error's message if a series is missing or a file cannot be written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use biopharma_stats::{Chart, Dataset, Error, Interpolation, Period, Resolve, Series, SeriesOptions, ShareStyle};

fn main() -> ExitCode {
    let dir = std::env::args_os().nth(1).map_or_else(|| PathBuf::from("target/charts"), PathBuf::from);
    match run(&dir) {
        Ok(files) => {
            let shown = dir.canonicalize().unwrap_or_else(|_| dir.clone());
            println!("Wrote {} charts to {}", files.len(), shown.display());
            for f in files {
                println!("  {f}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path) -> Result<Vec<String>, Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_owned(), source })?;
    let mut written = Vec::new();
    for (name, chart) in gallery(Dataset::embedded())? {
        chart.render(dir.join(name))?;
        written.push(name.to_owned());
    }
    Ok(written)
}

/// The gallery: each chart with the file name it is saved under. (The
/// crate's layout tests lay out and render every one of these at sizes
/// from `MIN_SIZE` to 1600 × 1200.)
pub fn gallery(ds: &Dataset) -> Result<Vec<(&'static str, Chart)>, Error> {
    let mut charts = Vec::new();
    let mut save = |chart: Chart, name: &'static str| -> Result<(), Error> {
        charts.push((name, chart));
        Ok(())
    };

    // 1. Market size, 2016–2019: the two reported years, the years between
    //    interpolated at constant growth (derived points, drawn hollow and
    //    dashed, never reported), and the CAGR with its formula.
    let market = ds.series("biomedicine_market_size", "china")?;
    let filled = market.interpolate(Interpolation::Geometric)?;
    let growth = market.cagr(2016, 2019)?;
    let market_chart = Chart::line(&filled)
        .title("China's biomedicine market size, 2016–2019")
        .subtitle("Reported for 2016 and 2019; 2017 and 2018 interpolated at the constant growth rate")
        .cagr(growth.value(), 2016, 2019)
        .note(format!(
            "CAGR = {}; the source gives no figures for 2017 and 2018, which are derived from it.",
            growth.formula()
        ));
    save(market_chart.clone().into(), "market_size.png")?;
    save(market_chart.clone().into(), "market_size.svg")?;

    // 2. Innovative drugs and devices approved in 2023 and on the market at
    //    the end of 2023.
    let y2023 = Period::Year(2023);
    let series = |metric: &str, entity: &str| ds.series(metric, entity);
    let drugs = series("domestic_innovative_drug_approvals", "china")?;
    let devices = series("domestic_innovative_device_approvals", "china")?;
    let drugs_cumul = series("domestic_innovative_drug_approvals_cumul", "china")?;
    let devices_cumul = series("domestic_innovative_device_approvals_cumul", "china")?;
    let approvals = Chart::compare(["Innovative drugs", "Innovative medical devices"])
        .bars("Approved in 2023", [(&drugs, y2023), (&devices, y2023)])
        .bars("On the market at the end of 2023 (cumulative)", [(&drugs_cumul, y2023), (&devices_cumul, y2023)])
        .title("Domestic innovative drugs and medical devices, China, 2023")
        .subtitle("Approved for market launch in 2023, and the cumulative count on the market")
        .y_label("products")
        .note("The source does not say from which year the cumulative counts start.");
    save(approvals.clone().into(), "innovative_approvals_2023.png")?;

    // 3. Shanghai's 2023 approvals beside the national totals.
    let sh_drugs = series("domestic_class1_innovative_drug_approvals", "shanghai")?;
    let sh_devices = series("class3_innovative_device_approvals", "shanghai")?;
    let rank = |s: &Series| s.get(y2023).map(|p| ordinal(p.value.value));
    let drug_rank = rank(&series("domestic_class1_innovative_drug_approvals_rank", "shanghai")?);
    let device_rank = rank(&series("class3_innovative_device_approvals_rank", "shanghai")?);
    let mut shanghai = Chart::compare(["Innovative drugs", "Innovative medical devices"])
        .bars("Shanghai: domestic Class 1 drugs, Class 3 devices", [(&sh_drugs, y2023), (&sh_devices, y2023)])
        .bars("China: all domestic innovative drugs and devices", [(&drugs, y2023), (&devices, y2023)])
        .title("Shanghai's innovative drug and device approvals beside China's, 2023")
        .y_label("products approved")
        .note(
            "Definitions differ: Shanghai's figures count domestic Class 1 innovative drugs and Class 3 \
             innovative medical devices, from the start of 2023 to late December; the national figures count \
             all domestic innovative drugs and devices approved in 2023. Shanghai's bars are not parts of the \
             national ones.",
        );
    if let (Some(d), Some(v)) = (drug_rank, device_rank) {
        shanghai = shanghai.subtitle(format!(
            "Shanghai ranked {d} among China's provinces for Class 1 innovative drugs and {v} for Class 3 devices"
        ));
    }
    save(shanghai.clone().into(), "shanghai_vs_china_2023.png")?;

    // 4. The Yangtze River Delta's shares of the national totals.
    let output = series("biomedicine_output_value_share", "yangtze_river_delta")?;
    let drug_share = series("innovative_drug_approvals_share", "yangtze_river_delta")?;
    let since_2016 = Period::years_between(2016, 2023)?;
    let yrd = |style| {
        Chart::shares(style)
            .whole("Biomedical output value (as of 2023)", [(&output, y2023)])
            .whole("Innovative drugs approved for marketing, 2016–2023", [(&drug_share, since_2016)])
            .rest_label("Rest of China")
            .title("The Yangtze River Delta's share of China's biomedicine")
            .note("The output-value share is stated without a reference year; it is dated by the article (December 2023).")
    };
    save(yrd(ShareStyle::StackedBar).into(), "yrd_shares.png")?;
    save(yrd(ShareStyle::StackedBar).into(), "yrd_shares.svg")?;
    save(yrd(ShareStyle::Pie).into(), "yrd_shares_pie.png")?;

    // 5. Five-year cancer survival, 2009 and 2019.
    let survival = series("cancer_five_year_survival_rate", "china")?;
    let survival_chart = Chart::line(&survival)
        .title("Five-year survival rate of patients with malignant tumours, China")
        .subtitle("The rate ten years before the 2019 data, and in 2019; no figures for the years between")
        .note("The source gives no diagnosis cohorts; the years are when each rate was current.");
    save(survival_chart.clone().into(), "cancer_survival.png")?;

    // 6. Innovative medical devices approved each year through NMPA's special
    //    review procedure, 2014–2025, with the cumulative count on a second axis.
    //    Two sources disagree about 2018 (21 vs 19): the later publication is
    //    taken, and the caption says so.
    let latest = SeriesOptions::new().resolve(Resolve::LatestPublication);
    let device_flows = ds.series_with("innovative_device_approvals", "china", &latest)?;
    let device_stock = series("innovative_device_approvals_cumul", "china")?;
    let devices_chart = Chart::bars_with_line(&device_flows, &device_stock)
        .title("Innovative medical devices approved in China, 2014–2025")
        .subtitle("Approved each year through NMPA's special review procedure (bars), and the cumulative count (line)")
        .y_label("devices approved in the year")
        .y2_label("cumulative since 2014");
    save(devices_chart.clone().into(), "innovative_devices_2014_2025.png")?;

    // 7. Drug approvals by definition: each definition is its own metric and
    //    its own line; none is joined to another.
    let definitions = [
        "cde_innovative_drug_approvals",
        "class1_innovative_drug_approvals",
        "domestic_class1_new_drug_approvals",
        "journal_class1_new_drug_approvals",
        "dia_new_drug_approvals",
        "dia_new_drug_approvals_broad",
        "domestic_innovative_drug_approvals",
    ];
    let drug_series = definitions.iter().map(|m| series(m, "china")).collect::<Result<Vec<_>, _>>()?;
    let drugs_chart = Chart::lines(&drug_series)
        .title("Drug approvals in China by definition, 2018–2025")
        .subtitle("Each line is one definition of what counts; the lines are not comparable with each other")
        .y_label("drugs approved in the year");
    save(drugs_chart.clone().into(), "drug_approvals_by_definition.png")?;

    // 8. The device chart at 480 × 360, as the README shows a small chart.
    save(devices_chart.clone().size(480, 360).into(), "innovative_devices_480x360.png")?;

    Ok(charts)
}

/// `3.0` → `3rd`.
fn ordinal(v: f64) -> String {
    let n = v.round() as i64;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
