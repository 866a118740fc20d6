//! What a person reads: error messages from `main`, suggestions for unknown
//! ids, one minus sign, numbers as their sources wrote them, explanations of
//! derived points, the periods of a result, and errors that name their
//! series (issue #15, messages).

use biopharma_stats::{
    Allow, ComputeError, Dataset, Error, Figure, Interpolation, Period, QueryError, Value, format_number,
    format_percent,
};

const MINUS: char = '\u{2212}';

#[test]
fn debug_of_an_error_leads_with_its_message() {
    // `fn main() -> Result<(), Error>` prints `Error: {:?}`: that must be
    // something a person can act on, not only a struct.
    let e = Dataset::embedded().series("biomedicine_market_size", "China").unwrap_err();
    let debug = format!("{e:?}");
    assert!(debug.starts_with(r#"no entity "China" in the dataset (did you mean "china"?)"#), "{debug}");
    // The variant follows, for programs that log it.
    assert!(debug.contains("NoSuchEntity"), "{debug}");
}

#[test]
fn unknown_metrics_suggest_the_nearest_id() {
    let e = Dataset::embedded().series("biomedicine_market_sise", "china").unwrap_err();
    assert!(
        matches!(&e, Error::Query(QueryError::NoSuchMetric { suggestion: Some(s), .. }) if s == "biomedicine_market_size"),
        "{e:?}"
    );
}

#[test]
fn one_minus_sign_in_text_for_people() {
    // A fall of 5 %: U+2212 in the percentage, as in formulas.
    assert_eq!(format_percent(-0.05), format!("{MINUS}5.00 %"));
    assert_eq!(Value::exact(-3.5).to_string(), format!("{MINUS}3.5"));
    // Zero has no sign, however it was reached.
    assert_eq!(format_percent(-1e-9), "0.00 %");
    let m = Dataset::embedded().metric("biomedicine_market_size").unwrap().clone();
    let at = |y, v| Figure::new(m.clone(), "x", Period::Year(y), Value::exact(v));
    let fall = biopharma_stats::Between::new(at(2020, 10.0).unwrap(), at(2021, 9.0).unwrap(), &Allow::none())
        .unwrap()
        .relative_change()
        .unwrap();
    // 9 / 10 − 1 = −10 %
    assert_eq!(fall.formatted(), format!("{MINUS}10.00 %"));
    assert!(!fall.explain().contains("-1"), "{}", fall.explain());
}

#[test]
fn values_show_as_written_and_derived_values_rounded() {
    assert_eq!(Value::exact(317.2).to_string(), "317.2");
    assert_eq!(Value::exact(33633.7).to_string(), "33633.7");
    // 183.6 + 133.6 / 3 = 228.1333…: derived, so four significant figures.
    assert_eq!(Value::new(183.6 + 133.6 / 3.0, biopharma_stats::Qualifier::Approx).to_string(), "~228.1");
    assert_eq!(format_number(2.0 / 3.0), "0.6667");
    let s = Dataset::embedded().series("biomedicine_market_size", "china").unwrap();
    let table = s.interpolate(Interpolation::Linear).unwrap().to_string();
    assert!(table.contains("~228.1 "), "{table}");
    assert!(!table.contains("228.133"), "{table}");
}

#[test]
fn an_interpolated_point_explains_its_anchors_method_and_formula() {
    let s = Dataset::embedded().series("biomedicine_market_size", "china").unwrap();
    let filled = s.interpolate(Interpolation::Geometric).unwrap();
    let how = filled.explain_interpolated(2018).unwrap();
    // 183.6 × (317.2 / 183.6)^(2/3) = 264.3502… (python3: 183.6*(317.2/183.6)**(2/3))
    assert!((how.value() - 264.350_221).abs() < 1e-5, "{}", how.value());
    assert_eq!(how.formula(), "183.6 × (317.2 / 183.6)^(2/3)");
    let text = how.explain();
    assert!(text.contains("geometric interpolation 2018 between 2016 and 2019"), "{text}");
    assert!(text.contains("2016: 183.6 billion yuan") && text.contains("2019: 317.2 billion yuan"), "{text}");
    assert!(text.contains("domestic_new_drugs_2020_11"), "the anchors' source: {text}");
    // A reported point was not interpolated.
    assert!(matches!(filled.explain_interpolated(2016), Err(Error::Compute(ComputeError::NotInterpolated { .. }))));
}

#[test]
fn a_result_gives_the_periods_it_covers() {
    let s = Dataset::embedded().series("biomedicine_market_size", "china").unwrap();
    let change = s.absolute_change(2016, 2019).unwrap();
    assert_eq!(change.start_period(), Some(Period::Year(2016)));
    assert_eq!(change.end_period(), Some(Period::Year(2019)));
    assert_eq!(change.period(), None);
}

#[test]
fn never_doubles_names_the_series_and_years() {
    let m = Dataset::embedded().metric("biomedicine_market_size").unwrap().clone();
    let s = biopharma_stats::Series::from_years(m, "testland", &[(2020, 10.0), (2022, 10.0)]).unwrap();
    let e = s.doubling_time(2020, 2022).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, Error::Compute(ComputeError::NeverDoubles { .. })), "{e:?}");
    assert!(msg.contains("biomedicine_market_size") && msg.contains("testland"), "{msg}");
    assert!(msg.contains("2020") && msg.contains("2022"), "{msg}");
}

#[test]
fn year_arithmetic_never_leaves_four_digits_silently() {
    let ds = Dataset::embedded();
    let stock = ds.metric("domestic_innovative_drug_approvals_cumul").unwrap().clone();
    let flow = ds.metric("domestic_innovative_drug_approvals").unwrap().clone();
    let s = Figure::new(stock, "china", Period::Year(1000), Value::exact(10.0)).unwrap();
    let f = Figure::new(flow, "china", Period::Year(1000), Value::exact(3.0)).unwrap();
    let e = s.implied_earlier_stock(&f, &Allow::none()).unwrap_err();
    assert!(e.to_string().contains("999"), "{e}");
}
