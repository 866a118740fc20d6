//! Declared units (units.csv): loading, positioned errors, writing back,
//! and the rule that computations never mix quantities or scales.

use biopharma_stats::{
    Allow, BadUnit, ComputeError, Dataset, Error, Figure, LoadError, ParseError, Period, Unit, Value,
};

const UNITS: &str = "id,label,quantity,scale\n\
                     usd_bn,billion US dollars,money:USD,1e9\n\
                     usd_mn,million US dollars,money:USD,1000000\n\
                     bn_usd,billion US dollars,money:USD,1000000000\n\
                     beds,hospital beds,beds,\n";
const METRICS: &str = "id,name,description,unit,kind,definition\n\
                       sales_usd,Sales,,usd_bn,flow,Sales in a year\n\
                       sales_usd_mn,Sales,,usd_mn,flow,Sales in a year\n\
                       sales_bn_usd,Sales,,bn_usd,flow,Sales in a year\n\
                       sales_cny,Sales,,cny_bn,flow,Sales in a year\n\
                       beds,Beds,,beds,stock,Hospital beds at year end\n";
const SOURCES: &str = "id,publisher,title,author,published,url,note\n\
                       me,Me,My notes,,2024,,\n";
const OBS: &str = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
                   sales_usd,acme,2023,1.5,exact,usd_bn,reported,me,,\n\
                   beds,acme,2023,120,exact,beds,reported,me,,\n";

fn load(units: &str, metrics: &str, obs: &str) -> Result<Dataset, Error> {
    Dataset::from_readers_with_units(obs.as_bytes(), metrics.as_bytes(), SOURCES.as_bytes(), units.as_bytes())
}

#[test]
fn declared_units_load_with_their_label_quantity_and_scale() {
    let ds = load(UNITS, METRICS, OBS).expect("valid");
    let usd = ds.metric("sales_usd").unwrap().unit;
    assert_eq!(
        (usd.id(), usd.label(), usd.quantity(), usd.scale()),
        ("usd_bn", "billion US dollars", "money:USD", 1e9)
    );
    // An empty scale means 1.
    assert_eq!(ds.metric("beds").unwrap().unit.scale(), 1.0);
    assert_eq!(ds.units().map(Unit::id).collect::<Vec<_>>(), ["usd_bn", "usd_mn", "bn_usd", "beds"]);
    // The built-ins need no declaration.
    assert_eq!(ds.metric("sales_cny").unwrap().unit, Unit::CNY_BN);
    let s = ds.series("beds", "acme").unwrap();
    assert_eq!(s.unit().label(), "hospital beds");
}

#[test]
fn an_undeclared_unit_is_positioned_and_says_where_to_declare_it() {
    let metrics = "id,name,description,unit,kind,definition\n\
                   sales,Sales,,cny_bn,flow,Sales\n\
                   people,People,,persons,stock,Employees\n";
    let err = load(
        "id,label,quantity,scale\n",
        metrics,
        "metric,entity,period,value,qualifier,unit,status,source,quote,note\n",
    )
    .unwrap_err();
    match &err {
        Error::Load(LoadError::UnknownUnit { at, text }) => {
            assert_eq!((at.file.as_str(), at.line, at.column), ("metrics.csv", 3, Some("unit")));
            assert_eq!(text, "persons");
        }
        other => panic!("expected UnknownUnit, got {other:?}"),
    }
    assert!(err.to_string().contains("declare it in units.csv"), "{err}");
    // Without units.csv at all, the same.
    let err = Dataset::from_readers(
        "metric,entity,period,value,qualifier,unit,status,source,quote,note\n".as_bytes(),
        metrics.as_bytes(),
        SOURCES.as_bytes(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Load(LoadError::UnknownUnit { .. })), "{err:?}");
}

#[test]
fn an_observation_in_another_declared_unit_than_its_metric_is_refused() {
    let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
               sales_usd,acme,2023,1.5,exact,usd_bn,reported,me,,\n\
               sales_usd,acme,2024,1500,exact,usd_mn,reported,me,,\n";
    match load(UNITS, METRICS, obs).unwrap_err() {
        Error::Load(e @ LoadError::UnitMismatch { .. }) => {
            let LoadError::UnitMismatch { at, expected, found, .. } = &e else { unreachable!() };
            assert_eq!((at.line, at.column), (3, Some("unit")));
            assert_eq!((expected.id(), found.id()), ("usd_bn", "usd_mn"));
            assert!(e.to_string().contains("unit million US dollars (usd_mn)"), "{e}");
        }
        other => panic!("expected UnitMismatch, got {other:?}"),
    }
    // A unit the row names that exists nowhere.
    let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
               sales_usd,acme,2023,1.5,exact,eur_bn,reported,me,,\n";
    assert!(
        matches!(load(UNITS, METRICS, obs), Err(Error::Load(LoadError::UnknownUnit { ref at, .. })) if at.line == 2)
    );
}

#[test]
fn bad_declarations_are_positioned() {
    let cases: [(&str, u64, &str, Option<BadUnit>); 5] = [
        ("id,label,quantity,scale\nusd,US dollars,money:USD,0\n", 2, "scale", Some(BadUnit::Scale)),
        ("id,label,quantity,scale\nusd,US dollars,money:USD,-1\n", 2, "scale", Some(BadUnit::Scale)),
        ("id,label,quantity,scale\nusd,,money:USD,1\n", 2, "label", None),
        ("id,label,quantity,scale\nusd,US dollars, ,1\n", 2, "quantity", None),
        (
            "id,label,quantity,scale\nok,Ok,ok,\ncny_bn,yuan,money:CNY,1\n",
            3,
            "id",
            Some(BadUnit::Builtin("cny_bn".into())),
        ),
    ];
    for (units, line, column, reason) in cases {
        let err = load(
            units,
            "id,name,description,unit,kind,definition\n",
            "metric,entity,period,value,qualifier,unit,status,source,quote,note\n",
        )
        .unwrap_err();
        let at = match &err {
            Error::Parse(ParseError::BadUnit { at: Some(at), reason: r, .. }) => {
                if let Some(reason) = &reason {
                    assert_eq!(r, reason);
                }
                at.clone()
            }
            Error::Load(LoadError::EmptyField { at }) => at.clone(),
            other => panic!("{units:?}: unexpected {other:?}"),
        };
        assert_eq!((at.file.as_str(), at.line, at.column), ("units.csv", line, Some(column)), "{units:?}");
    }
    let dup = "id,label,quantity,scale\nusd,US dollars,money:USD,\nusd,US dollars,money:USD,\n";
    match load(
        dup,
        "id,name,description,unit,kind,definition\n",
        "metric,entity,period,value,qualifier,unit,status,source,quote,note\n",
    ) {
        Err(Error::Load(LoadError::DuplicateKey { at, first_line, .. })) => assert_eq!((at.line, first_line), (3, 2)),
        other => panic!("expected DuplicateKey, got {other:?}"),
    }
}

#[test]
fn write_dir_keeps_declared_units() {
    let ds = load(UNITS, METRICS, OBS).expect("valid");
    let dir = std::env::temp_dir().join(format!("bps-units-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    ds.write_dir(&dir).unwrap();
    let written = std::fs::read_to_string(dir.join("units.csv")).unwrap();
    // 1e9 is written as its shortest round-trip text.
    assert!(written.contains("usd_bn,billion US dollars,money:USD,1000000000\n"), "{written}");
    assert!(written.contains("beds,hospital beds,beds,1\n"), "{written}");
    let back = Dataset::from_dir(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(back, ds);
}

fn fig(ds: &Dataset, metric: &str, v: f64) -> Figure {
    Figure::new(ds.metric(metric).unwrap().clone(), "acme", Period::Year(2023), Value::exact(v)).unwrap()
}

#[test]
fn computations_never_mix_quantities_or_scales() {
    let ds = load(UNITS, METRICS, OBS).expect("valid");
    let everything = Allow::none().units().definitions();
    // USD and CNY: different quantities, refused even when units are allowed.
    for (a, b) in [("sales_usd", "sales_cny"), ("sales_usd", "sales_usd_mn")] {
        match fig(&ds, a, 1.0).share_of(&fig(&ds, b, 2.0), &everything) {
            Err(Error::Compute(ComputeError::UnitsIncompatible { left_unit, right_unit, .. })) => {
                assert_eq!(
                    (left_unit.id(), right_unit.id()),
                    (ds.metric(a).unwrap().unit.id(), ds.metric(b).unwrap().unit.id())
                );
            }
            other => panic!("{a} vs {b}: expected UnitsIncompatible, got {other:?}"),
        }
    }
    // Two ids for one quantity and scale: refused unless allowed, then noted.
    let (a, b) = (fig(&ds, "sales_usd", 1.0), fig(&ds, "sales_bn_usd", 4.0));
    assert!(matches!(
        a.share_of(&b, &Allow::none().definitions()),
        Err(Error::Compute(ComputeError::UnitsDiffer { .. }))
    ));
    let c = a.share_of(&b, &everything).expect("allowed");
    // 1 / 4 = 0.25
    assert_eq!(c.value(), 0.25);
    assert!(c.notes().iter().any(|n| n.contains("units differ")), "{:?}", c.notes());
}

#[test]
fn declaring_is_idempotent_and_refuses_bad_input() {
    let a = Unit::declare("tonnes", "t", "mass:t", 1.0).unwrap();
    let b = Unit::declare("tonnes", "t", "mass:t", 1.0).unwrap();
    assert_eq!(a, b);
    let c = Unit::declare("tonnes", "tonnes", "mass:t", 1.0).unwrap();
    assert_ne!(a, c, "a different label is a different definition");
    assert_eq!(Unit::declare("percent", "%", "percent", 1.0).unwrap(), Unit::PERCENT);
    assert!(Unit::declare("with space", "x", "x", 1.0).is_err());
    assert!(Unit::declare("x", "x", "x", f64::NAN).is_err());
    assert_eq!(Unit::CNY_BN.to_string(), "billion yuan");
}
