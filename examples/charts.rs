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

    // 5. Five-year cancer survival. Two datings of the same figures: seed
    //    002 dates 30.9 % and 40.5 % by its own wording (2009, 2019); the
    //    National Health Commission dates 40.5 % to 2015 and gives 43.7 % for
    //    2022. One line per source, never joined into one series.
    let seed = SeriesOptions::new().only_source("domestic_new_drugs_2020_11");
    let nhc = SeriesOptions::new().only_source("chinanews_2023_11_15");
    let survival = [
        ds.series_with("cancer_five_year_survival_rate", "china", &seed)?,
        ds.series_with("cancer_five_year_survival_rate", "china", &nhc)?,
    ];
    let survival_chart = Chart::lines(&survival)
        .labels(["Dated by seed 002's wording (2020 article)", "Dated by the National Health Commission (2023)"])?
        .title("Five-year survival rate of patients with malignant tumours, China")
        .subtitle("The same 40.5 % is dated 2019 by one source and 2015 by the NHC; no figures for the years between")
        .note("The sources give no diagnosis cohorts; the years are when each source says the rate was current.");
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
    // A year axis plots single years: the span total 2018-2024 of the CDE
    // series (197) is left off this chart, and the caption says so.
    let drug_series =
        definitions.iter().map(|m| series(m, "china").and_then(|s| years_only(&s))).collect::<Result<Vec<_>, _>>()?;
    let drugs_chart = Chart::lines(&drug_series)
        .title("Drug approvals in China by definition, 2018–2025")
        // The span total goes in the subtitle, which gives way first at
        // small sizes, not in a note, which would crowd a small plot.
        .subtitle(
            "Each line is one definition of what counts; the lines are not comparable. \
             Not drawn: CDE's total for the span 2018–2024 (197)",
        )
        .y_label("drugs approved in the year");
    save(drugs_chart.clone().into(), "drug_approvals_by_definition.png")?;

    // 8. Clinical trials registered and IND approvals by year: four
    //    definitions, four lines, none joined to another.
    let trial_metrics = [
        "clinical_trials_registered",
        "cde_ind_approvals",
        "nmpa_domestic_new_drug_ind_approvals",
        "nmpa_innovative_drug_clinical_approvals",
    ];
    let trial_series = trial_metrics.iter().map(|m| series(m, "china")).collect::<Result<Vec<_>, _>>()?;
    let trials_chart = Chart::lines(&trial_series)
        .labels([
            "Trials registered on CDE's platform (new-drug + BE, by CTR)",
            "IND applications approved after CDE review (all drugs)",
            "NMPA statistics: domestic new-drug trial applications approved",
            "NMPA statistics: innovative-drug clinical varieties approved",
        ])?
        .title("Drug clinical trials registered and IND approvals in China, 2020–2025")
        .subtitle("Each line is its own definition; registrations are not approvals, and the lines are not joined")
        .y_label("trials or applications in the year")
        // Value labels off: at 2022 NMPA's two counts (1579, 1615) nearly
        // coincide and their labels cannot be told apart; the note gives them.
        .value_labels(false)
        .note(
            "2022: NMPA's two counts nearly coincide: 1,579 domestic new-drug trial applications and 1,615 \
             innovative-drug clinical varieties approved. 2025: the source says only that registrations passed \
             5,000 for the first time (drawn at 5,000, a lower bound).",
        );
    save(trials_chart.into(), "trials_and_ind_approvals.png")?;

    // 9. Industry revenue in each scope, as bars: MIIT's 医药工业 (main
    //    business revenue to 2018, operating revenue from 2019: two metrics)
    //    and NBS's 医药制造业 (C27). 2021 has two published levels (MIIT's
    //    33707.5, the quick report's 32772): the later publication is drawn,
    //    and the caption says so.
    let revenue_metrics = [
        "miit_pharma_industry_main_business_revenue",
        "miit_pharma_industry_operating_revenue",
        "nbs_c27_operating_revenue",
    ];
    let revenue = revenue_metrics.iter().map(|m| ds.series_with(m, "china", &latest)).collect::<Result<Vec<_>, _>>()?;
    let revenue_chart = Chart::grouped_bars(&revenue)
        .labels([
            "医药工业 (MIIT, 8 sub-sectors): main business revenue, to 2018",
            "医药工业 (MIIT, 8 sub-sectors): operating revenue, from 2019",
            "医药制造业 (NBS C27, drugs only): operating revenue",
        ])?
        .title("Pharmaceutical industry revenue in China, two scopes")
        .subtitle("Each year's first published level; the scopes and the two revenue concepts are never joined")
        .y_label("hundred million yuan (亿元)")
        .note("No level was readable for 2018–2020. 2021: MIIT's 33,707.5 is drawn; the earlier quick report gave 32,772.");
    save(revenue_chart.into(), "industry_revenue_by_scope.png")?;

    // 10. The stated year-on-year rate beside the rate the published levels
    //     give, for every stated rate that has both levels. The computed
    //     rates are derived here for the chart, never data.
    let checks: Vec<_> = ds.check_stated_rates().into_iter().filter(|c| c.computed.is_some()).collect();
    let industry: Vec<_> = checks
        .iter()
        .filter(|c| c.level_metric.as_str().starts_with("miit_") || c.level_metric.as_str().starts_with("nbs_"))
        .collect();
    let scope = |c: &biopharma_stats::RateCheck| {
        let what = match c.level_metric.as_str() {
            m if m.contains("profit") => "profit",
            m if m.contains("main_business") => "main business revenue",
            _ => "operating revenue",
        };
        format!("{what} {}", c.year)
    };
    let categories: Vec<String> = industry.iter().map(|c| scope(c)).collect();
    let mut stated = Vec::new();
    let mut computed = Vec::new();
    let mut level_sources: Vec<String> = Vec::new();
    for c in &industry {
        // The stated rate as the dataset holds it, with its source.
        let own = SeriesOptions::new().only_source(c.rate_source.as_str());
        stated.push(ds.series_with(c.rate_metric.as_str(), &c.entity, &own)?);
        // The computed rate, rounded to two decimals for its label; no
        // source states it, so it carries none.
        let rate = ds.metric(c.rate_metric.as_str()).expect("a checked rate's metric").clone();
        let mut derived = rate.clone();
        derived.id = biopharma_stats::MetricId::new(format!("{}_from_levels", c.level_metric));
        derived.name = format!("{} computed from levels", rate.name);
        derived.definition =
            "end / start − 1 of the two published levels, in percent; derived for this chart".to_owned();
        derived.rate_of = None;
        let v = (c.computed.unwrap_or(f64::NAN) * 100.0).round() / 100.0;
        computed.push(Series::from_years(derived, c.entity.clone(), &[(c.year, v)])?);
        for l in [&c.start, &c.end].into_iter().flatten() {
            for id in &l.sources {
                if !level_sources.iter().any(|s| s == id.as_str()) {
                    level_sources.push(id.to_string());
                }
            }
        }
    }
    fn at<'s>(v: &'s [Series], years: &[i32]) -> Vec<(&'s Series, Period)> {
        v.iter().zip(years).map(|(s, &y)| (s, Period::Year(y))).collect()
    }
    let years: Vec<i32> = industry.iter().map(|c| c.year).collect();
    let rates_chart = Chart::compare(categories)
        .bars("Stated by the source", at(&stated, &years))
        .bars("Computed from the two published levels (derived)", at(&computed, &years))
        .title("医药工业: stated growth beside the growth of the published levels")
        .subtitle("Year-on-year change of revenue and profit, MIIT scope (8 sub-sectors), in percent")
        .y_label("% on the year before")
        .note(format!(
            "Computed bars: end / start − 1 of each year's first published levels ({}), rounded to 0.01; derived, \
             never data. The stated rates are said (in the leads, not on the pages read) to be computed on a revised \
             figure for the year before; the sources do not say.",
            level_sources.join(", ")
        ));
    save(rates_chart.into(), "industry_revenue_stated_vs_computed.png")?;

    // 11. The device chart at 480 × 360, as the README shows a small chart.
    save(devices_chart.clone().size(480, 360).into(), "innovative_devices_480x360.png")?;

    Ok(charts)
}

/// The series without its span points (a year axis plots single years).
fn years_only(s: &Series) -> Result<Series, Error> {
    let points = s.points().iter().filter(|p| matches!(p.period, Period::Year(_))).cloned().collect();
    Series::new(s.metric().clone(), s.entity(), points, s.sources().to_vec())
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
