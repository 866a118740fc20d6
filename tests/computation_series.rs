//! Random series and figures through every Series and Figure computation and
//! `reconcile` (issue #7): random metrics of every kind, random years with
//! gaps (and years outside 1000..=9999, spans, repeats, disorder), values
//! that are ordinary, zero, negative, tiny, huge or (rarely) not finite,
//! random qualifiers, statuses, origins and sources.
//!
//! Every call must not panic; an `Err` must be the variant of a documented
//! precondition that fails (each written below as an independent predicate;
//! the numeric part of a precondition is the free function's, which
//! tests/computation_preconditions.rs checks against its own oracle), with a
//! message that names what the variant carries (metric, entity, periods,
//! figures); an `Ok` must hold finite numbers equal to the free function's
//! and keep its identities (an index rebased, a linear series filled in,
//! a gap's annualised change is the CAGR over it).

use biopharma_stats::{
    Agreement, Allow, Base, ChangeKind, Computed, Dataset, Derivation, Error, Figure, Gaps, Interpolation, Metric,
    MetricKind, Origin, Period, Point, Qualifier, Series, Source, SourceId, Status, Unit, Value, YearSpan,
    absolute_change, cagr, continuous_rate, contribution_to_growth, doubling_time, implied_part, implied_whole,
    index_value, interpolate, log_change, reconcile, relative_change, share, share_change, shares_of_total,
};
use biopharma_stats::{ComputeError, NumError, ParseError, QueryError};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// `cases` cases, unless `PROPTEST_CASES` says otherwise.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------- inputs

fn metric(id: &str, unit: Unit, kind: MetricKind) -> Metric {
    Metric::new(id, format!("Metric {id}"), unit, kind, "")
}

/// Every kind, in the units it comes in and some it should not, and a flow
/// with its `_cumul` stock for reconciliation.
fn metrics() -> Vec<Metric> {
    vec![
        metric("approvals", Unit::Count, MetricKind::Flow),
        metric("approvals_cumul", Unit::Count, MetricKind::Stock),
        metric("sales", Unit::CnyBn, MetricKind::Flow),
        metric("firms", Unit::Count, MetricKind::Stock),
        metric("region_share", Unit::Percent, MetricKind::Share),
        metric("other_share", Unit::Percent, MetricKind::Share),
        metric("share_as_count", Unit::Count, MetricKind::Share),
        metric("survival_rate", Unit::Percent, MetricKind::Rate),
        metric("position", Unit::Rank, MetricKind::Rank),
    ]
}

const ENTITIES: &[&str] = &["china", "shanghai"];

/// Three real sources, so that points can cite them.
fn sources() -> Vec<Source> {
    Dataset::embedded().sources().take(3).cloned().collect()
}

fn any_metric() -> impl Strategy<Value = Metric> {
    prop::sample::select(metrics())
}

/// Years the loader refuses, which a hand-made Period::Year may hold.
const BAD_YEARS: &[i32] = &[i32::MIN, -5, 0, 999, 10_000, i32::MAX];

fn any_period() -> impl Strategy<Value = Period> {
    prop_oneof![
        8 => (1995i32..2030).prop_map(Period::Year),
        1 => prop::sample::select(BAD_YEARS).prop_map(Period::Year),
        2 => (1995i32..2025, 1i32..8).prop_map(|(s, n)| Period::Span(YearSpan::new(s, s + n).expect("valid span"))),
    ]
}

/// Values a series or figure may hold: ordinary, zero, negative, shares,
/// tiny, huge, and the edges of f64.
fn any_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 0.01f64..1e4,
        2 => 0.0f64..=100.0,
        1 => -1e4f64..0.0,
        1 => prop::sample::select(&[0.0, -0.0, 1.0, 100.0, 5e-324, f64::MIN_POSITIVE, 1e-300, 1e300, f64::MAX, f64::MIN, -1.0][..]),
        1 => (-700.0f64..700.0).prop_map(f64::exp),
    ]
}

fn any_qualifier() -> impl Strategy<Value = Qualifier> {
    prop::sample::select(Qualifier::ALL.to_vec())
}

fn any_status() -> impl Strategy<Value = Status> {
    prop_oneof![3 => Just(Status::Reported), 1 => Just(Status::Target)]
}

fn any_origin() -> impl Strategy<Value = Origin> {
    let ids: Vec<SourceId> = sources().into_iter().map(|s| s.id).collect();
    prop_oneof![
        16 => prop::sample::subsequence(ids, 0..=2).prop_map(|sources| Origin::Reported { sources }),
        1 => Just(Origin::Reported { sources: vec![SourceId::new("nobody")] }),
        3 => prop::sample::select(vec![
            Derivation::LinearInterpolation,
            Derivation::GeometricInterpolation,
            Derivation::CumulatedFromFlows,
            Derivation::FlowFromStocks,
            Derivation::ImpliedEarlierStock,
        ])
        .prop_map(|method| Origin::Derived { method }),
    ]
}

/// Points at increasing years with random gaps, some spans and odd years,
/// random statuses; sorted (as Series::new wants) unless `shuffle`.
fn any_points() -> impl Strategy<Value = Vec<Point>> {
    let gap = prop_oneof![3 => Just(1i32), 1 => 2i32..5];
    let point = (gap, any_period(), 0u8..12, any_value(), any_qualifier(), any_status(), any_origin());
    (prop::collection::vec(point, 0..9), 0u8..20, 0u8..40).prop_map(|(raw, shuffle, nan)| {
        let mut year = 1998;
        let mut points: Vec<Point> = raw
            .into_iter()
            .map(|(gap, odd, pick, value, qualifier, status, origin)| {
                year += gap;
                // Mostly the next year of a gappy sequence; sometimes a span or an odd year.
                let period = if pick < 11 { Period::Year(year) } else { odd };
                Point::new(period, Value::new(value, qualifier), status, origin)
            })
            .collect();
        if nan == 0
            && let Some(p) = points.first_mut()
        {
            p.value.value = f64::NAN;
        }
        if shuffle != 0 {
            points.sort_by_key(|p| (p.period, p.status));
        } else {
            points.reverse();
        }
        points
    })
}

fn any_allow() -> impl Strategy<Value = Allow> {
    (any::<[bool; 5]>()).prop_map(|b| {
        let mut a = Allow::none();
        if b[0] {
            a = a.units();
        }
        if b[1] {
            a = a.definitions();
        }
        if b[2] {
            a = a.entities();
        }
        if b[3] {
            a = a.periods();
        }
        if b[4] {
            a = a.statuses();
        }
        a
    })
}

fn any_figure() -> impl Strategy<Value = Figure> {
    (any_metric(), prop::sample::select(ENTITIES), any_period(), any_value(), any_qualifier(), any_status(), 0u8..40)
        .prop_map(|(m, e, period, v, q, status, nan)| {
            let mut f = Figure::new(m, e, period, Value::new(v, q)).expect("finite").with_status(status);
            // A figure's fields are public: a NaN or inf can be put in by hand.
            if nan == 0 {
                f.value.value = f64::NAN;
            } else if nan == 1 {
                f.value.value = f64::NEG_INFINITY;
            }
            f
        })
}

/// A figure like `base` in the respects `same` picks (bit 0 metric, 1
/// entity, 2 period, 3 status), else like `other`.
fn like(base: &Figure, other: &Figure, same: u8) -> Figure {
    let mut f = other.clone();
    if same & 1 != 0 {
        f.metric = base.metric.clone();
    }
    if same & 2 != 0 {
        f.entity = base.entity.clone();
    }
    if same & 4 != 0 {
        f.period = base.period;
    }
    if same & 8 != 0 {
        f.status = base.status;
    }
    f
}

// ---------------------------------------------------------------- the oracle

/// Error variants, as the oracle names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum V {
    NonFinite,
    Unordered,
    BadPeriod,
    NoSuchSource,
    ZeroBase,
    NegativeBase,
    SignChange,
    MissingPeriod,
    YearGap,
    NotAYear,
    UnitsDiffer,
    UnitsIncompatible,
    DefinitionsDiffer,
    EntitiesDiffer,
    StatusesDiffer,
    PeriodsDiffer,
    KindNotSupported,
    WrongUnit,
    OutOfRange,
    NeverDoubles,
    PartExceedsWhole,
    TooFewPoints,
    Other,
}

fn variant(e: &Error) -> V {
    match e {
        Error::Compute(ComputeError::NonFiniteInput { .. }) => V::NonFinite,
        Error::Query(QueryError::UnorderedPeriods { .. }) => V::Unordered,
        Error::Parse(ParseError::BadPeriod { .. }) => V::BadPeriod,
        Error::Query(QueryError::NoSuchSource { .. }) => V::NoSuchSource,
        Error::Compute(ComputeError::ZeroBase { .. }) => V::ZeroBase,
        Error::Compute(ComputeError::NegativeBase { .. }) => V::NegativeBase,
        Error::Compute(ComputeError::SignChange { .. }) => V::SignChange,
        Error::Query(QueryError::MissingPeriod { .. }) => V::MissingPeriod,
        Error::Compute(ComputeError::YearGap { .. }) => V::YearGap,
        Error::Compute(ComputeError::NotAYear { .. }) => V::NotAYear,
        Error::Compute(ComputeError::UnitsDiffer { .. }) => V::UnitsDiffer,
        Error::Compute(ComputeError::UnitsIncompatible { .. }) => V::UnitsIncompatible,
        Error::Compute(ComputeError::DefinitionsDiffer { .. }) => V::DefinitionsDiffer,
        Error::Compute(ComputeError::EntitiesDiffer { .. }) => V::EntitiesDiffer,
        Error::Compute(ComputeError::StatusesDiffer { .. }) => V::StatusesDiffer,
        Error::Compute(ComputeError::PeriodsDiffer { .. }) => V::PeriodsDiffer,
        Error::Compute(ComputeError::KindNotSupported { .. }) => V::KindNotSupported,
        Error::Compute(ComputeError::WrongUnit { .. }) => V::WrongUnit,
        Error::Compute(ComputeError::OutOfRange { .. }) => V::OutOfRange,
        Error::Compute(ComputeError::NeverDoubles { .. }) => V::NeverDoubles,
        Error::Compute(ComputeError::PartExceedsWhole { .. }) => V::PartExceedsWhole,
        Error::Compute(ComputeError::TooFewPoints { .. }) => V::TooFewPoints,
        _ => V::Other,
    }
}

/// A failing precondition: its variant and what it says.
type Fail = (V, String);

/// Collects the preconditions that fail.
#[derive(Default)]
struct Pre(Vec<Fail>);

impl Pre {
    /// Records `what` as failing with `v` if `fails`.
    fn when(&mut self, fails: bool, v: V, what: impl Into<String>) -> &mut Self {
        if fails {
            self.0.push((v, what.into()));
        }
        self
    }

    /// Records the error of a free function (its oracle is in
    /// tests/computation_preconditions.rs) as a failing precondition.
    /// A numeric-core refusal of the free function: the series method must
    /// give the same variant, as a ComputeError.
    fn numeric<T>(&mut self, r: &Result<T, NumError>, what: &str) -> &mut Self {
        if let Err(e) = r {
            let e = Error::from(*e);
            self.0.push((variant(&e), format!("{what}: {e}")));
        }
        self
    }

    fn fails(&self) -> bool {
        !self.0.is_empty()
    }
}

/// Everything a message must name, given its variant's fields.
fn names_its_fields(e: &Error) -> Vec<String> {
    let p = |p: &Period| p.to_string();
    match e {
        Error::Compute(ComputeError::NonFiniteInput { what }) => vec![what.clone()],
        Error::Query(QueryError::UnorderedPeriods { earlier, later }) => vec![p(earlier), p(later)],
        Error::Parse(ParseError::BadPeriod { text, .. }) => vec![text.clone()],
        Error::Query(QueryError::NoSuchSource { id, .. }) => vec![id.clone()],
        Error::Compute(ComputeError::ZeroBase { computation, what }) => vec![computation.to_string(), what.clone()],
        Error::Compute(ComputeError::NegativeBase { computation, what, .. }) => {
            vec![computation.to_string(), what.clone()]
        }
        Error::Compute(ComputeError::SignChange { computation, from, to, .. }) => {
            vec![computation.to_string(), from.clone(), to.clone()]
        }
        Error::Query(QueryError::MissingPeriod { metric, entity, period, available }) => {
            let mut v = vec![metric.clone(), entity.clone(), p(period)];
            v.extend(available.iter().map(p));
            v
        }
        Error::Compute(ComputeError::YearGap { metric, entity, from, to, years }) => {
            vec![metric.clone(), entity.clone(), p(from), p(to), years.to_string()]
        }
        Error::Compute(ComputeError::NotAYear { computation, what, period }) => {
            vec![computation.to_string(), what.clone(), p(period)]
        }
        Error::Compute(ComputeError::UnitsDiffer { left, right, left_unit, right_unit, .. })
        | Error::Compute(ComputeError::UnitsIncompatible { left, right, left_unit, right_unit, .. }) => {
            vec![left.clone(), right.clone(), left_unit.to_string(), right_unit.to_string()]
        }
        Error::Compute(ComputeError::DefinitionsDiffer { left, right, .. })
        | Error::Compute(ComputeError::EntitiesDiffer { left, right, .. }) => {
            vec![left.clone(), right.clone()]
        }
        Error::Compute(ComputeError::StatusesDiffer { left, right, left_status, right_status, .. }) => {
            vec![left.clone(), right.clone(), left_status.to_string(), right_status.to_string()]
        }
        Error::Compute(ComputeError::PeriodsDiffer { left, right, left_period, right_period, .. }) => {
            vec![left.clone(), right.clone(), p(left_period), p(right_period)]
        }
        Error::Compute(ComputeError::KindNotSupported { computation, metric, kind, .. }) => {
            vec![computation.to_string(), metric.clone(), kind.to_string()]
        }
        Error::Compute(ComputeError::WrongUnit { what, found, expected, .. }) => {
            vec![what.clone(), found.to_string(), expected.to_string()]
        }
        Error::Compute(ComputeError::OutOfRange { what, .. }) => vec![what.clone()],
        Error::Compute(ComputeError::PartExceedsWhole { part, whole, .. }) => vec![part.clone(), whole.clone()],
        Error::Compute(ComputeError::TooFewPoints { what, .. }) => vec![what.clone()],
        Error::Query(QueryError::Conflict(c)) => {
            vec![c.metric.to_string(), c.entity.clone(), p(&c.period)]
        }
        _ => vec![],
    }
}

/// Checks a call's outcome against the failing preconditions: `Err` exactly
/// when one fails, with the variant of one that fails and a message naming
/// its fields. An error about figures must also name the metric of one of
/// them (`metrics`: the ids of the series or figures involved; none for no
/// such check).
fn judge<T>(call: &str, got: &Result<T, Error>, pre: &Pre, metrics: &[&str]) -> Result<(), TestCaseError> {
    let names: Vec<&str> = pre.0.iter().map(|f| f.1.as_str()).collect();
    if std::env::var_os("BPS_OUTCOMES").is_some() {
        // One line per call, to count with `sort | uniq -c` (see TESTING.md).
        let method = call.split(['(', ' ']).next().unwrap_or_default();
        eprintln!(
            "outcome {method} {}",
            got.as_ref().map_or_else(|e| format!("{:?}", variant(e)), |_| "Ok".to_owned())
        );
    }
    match got {
        Ok(_) => prop_assert!(!pre.fails(), "{call} is Ok though {names:?} fail"),
        Err(e) => {
            prop_assert!(pre.fails(), "{call}: every precondition holds, yet {e:?}");
            prop_assert!(
                pre.0.iter().any(|f| f.0 == variant(e)),
                "{call}: {e:?} is not the variant of any failing precondition {names:?}"
            );
            let msg = e.to_string();
            prop_assert!(!msg.trim().is_empty(), "{call}: empty message for {e:?}");
            for field in names_its_fields(e) {
                prop_assert!(msg.contains(&field), "{call}: the message {msg:?} does not name {field:?}");
            }
            if !metrics.is_empty() {
                let about_figures = matches!(
                    variant(e),
                    V::ZeroBase
                        | V::NegativeBase
                        | V::SignChange
                        | V::MissingPeriod
                        | V::YearGap
                        | V::NotAYear
                        | V::KindNotSupported
                        | V::TooFewPoints
                        | V::OutOfRange
                        | V::PartExceedsWhole
                        | V::NonFinite
                );
                if about_figures {
                    prop_assert!(
                        metrics.iter().any(|id| msg.contains(id)),
                        "{call}: the message {msg:?} names none of the metrics {metrics:?}"
                    );
                }
            }
        }
    }
    Ok(())
}

/// A computed result: finite, explained, its number the expected one.
fn computed(call: &str, c: &Computed, expected: Option<f64>) -> Result<(), TestCaseError> {
    prop_assert!(c.value().is_finite(), "{call} = {}", c.value());
    prop_assert!(!c.to_string().is_empty() && !c.explain().is_empty() && !c.formatted().is_empty(), "{call}");
    if let Some(x) = expected {
        prop_assert!(c.value() == x, "{call} = {} but the free function gives {x}", c.value());
    }
    Ok(())
}

fn series_values_finite(call: &str, s: &Series) -> Result<(), TestCaseError> {
    prop_assert!(s.points().iter().all(|p| p.value.value.is_finite()), "{call}: a non-finite point");
    prop_assert!(!s.to_string().is_empty());
    Ok(())
}

fn bad_year(p: Period) -> bool {
    matches!(p, Period::Year(y) if !(1000..=9999).contains(&y))
}

fn is_span(p: Period) -> bool {
    p.as_year().is_none()
}

/// The first point of a period (a reported one before a target).
fn point_at(s: &Series, period: Period) -> Option<&Point> {
    s.points().iter().find(|p| p.period == period)
}

fn of_status(s: &Series, status: Status) -> Vec<&Point> {
    s.points().iter().filter(|p| p.status == status).collect()
}

// ---------------------------------------------------------------- series

/// Series::new: refuses non-finite values, unknown sources and periods out
/// of order (or repeated) within a status.
fn build(m: &Metric, entity: &str, points: &[Point]) -> Result<Option<Series>, TestCaseError> {
    let srcs = sources();
    let mut pre = Pre::default();
    for p in points {
        pre.when(!p.value.value.is_finite(), V::NonFinite, "values finite");
        if let Origin::Reported { sources: ids } = &p.origin {
            pre.when(ids.iter().any(|id| !srcs.iter().any(|s| &s.id == id)), V::NoSuchSource, "sources known");
        }
    }
    for status in Status::ALL {
        let periods: Vec<Period> = points.iter().filter(|p| p.status == status).map(|p| p.period).collect();
        pre.when(periods.windows(2).any(|w| w[0] >= w[1]), V::Unordered, "periods increasing within a status");
    }
    let got = Series::new(m.clone(), entity, points.to_vec(), srcs);
    judge("Series::new", &got, &pre, &[])?;
    Ok(got.ok())
}

/// Every growth computation between two years, against `Between`'s
/// preconditions and the free functions.
fn check_between(s: &Series, a: i32, b: i32) -> Result<(), TestCaseError> {
    let id = s.metric().id.to_string();
    let (pa, pb) = (point_at(s, Period::Year(a)), point_at(s, Period::Year(b)));
    let mut pre = Pre::default();
    pre.when(pa.is_none(), V::MissingPeriod, format!("a point in {a}"))
        .when(pb.is_none(), V::MissingPeriod, format!("a point in {b}"))
        .when(pa.is_some() && bad_year(Period::Year(a)), V::BadPeriod, "a four-digit start year")
        .when(pb.is_some() && bad_year(Period::Year(b)), V::BadPeriod, "a four-digit end year");
    let (mut va, mut vb) = (None, None);
    if let (Some(pa), Some(pb)) = (pa, pb) {
        pre.when(b <= a, V::Unordered, "start before end").when(
            pa.status != pb.status,
            V::StatusesDiffer,
            "one status",
        );
        va = Some(pa.value.value);
        vb = Some(pb.value.value);
    }
    let call = |what: &str| format!("{what}({a}, {b}) of {}", s.metric().id);
    judge(&call("between"), &s.between(a, b).map(|_| ()), &pre, &[&id])?;
    // A ratio of ranks or of shares means nothing (ranks are ordinal, shares
    // change in percentage points).
    let rank = matches!(s.metric().kind, MetricKind::Rank | MetricKind::Share);
    let years = f64::from(b.wrapping_sub(a));
    let both = va.zip(vb);
    // Each rate: its kind precondition, the free function, and the series method.
    type Free = Box<dyn Fn(f64, f64) -> Result<f64, NumError>>;
    let percent = s.unit() == Unit::Percent;
    let rates: Vec<(&str, bool, Free, Result<Computed, Error>)> = vec![
        (
            "absolute_change",
            false,
            Box::new(move |x, y| absolute_change(x, y).map(|d| if percent { d / 100.0 } else { d })) as Free,
            s.absolute_change(a, b),
        ),
        ("relative_change", true, Box::new(relative_change) as Free, s.relative_change(a, b)),
        ("total_growth", true, Box::new(relative_change) as Free, s.total_growth(a, b)),
        ("log_change", true, Box::new(log_change) as Free, s.log_change(a, b)),
        ("cagr", true, Box::new(move |x, y| cagr(x, y, years)) as Free, s.cagr(a, b)),
        ("continuous_rate", true, Box::new(move |x, y| continuous_rate(x, y, years)) as Free, s.continuous_rate(a, b)),
        (
            "doubling_time",
            true,
            Box::new(move |x, y| cagr(x, y, years).and_then(doubling_time)) as Free,
            s.doubling_time(a, b),
        ),
    ];
    for (name, ratio, free, got) in rates {
        let mut pre = Pre(pre.0.clone());
        pre.when(ratio && rank, V::KindNotSupported, "not a rank");
        let expected = both.map(|(x, y)| free(x, y));
        if let Some(r) = &expected {
            pre.numeric(r, name);
        }
        judge(&call(name), &got, &pre, &[&id])?;
        if let Ok(c) = &got {
            computed(&call(name), c, expected.and_then(Result::ok))?;
        }
    }
    Ok(())
}

/// Series::changes against its preconditions; the changes are the free
/// functions' over each pair of consecutive points of one status, the CAGR
/// (continuous rate, average change) over a gap when annualising.
fn check_changes(s: &Series, kind: ChangeKind, gaps: Gaps) -> Result<(), TestCaseError> {
    let id = s.metric().id.to_string();
    let call = format!("changes({kind:?}, {gaps:?}) of {id}");
    let got = s.changes(kind, gaps);
    let most = Status::ALL.iter().map(|&st| of_status(s, st).len()).max().unwrap_or(0);
    let mut pre = Pre::default();
    pre.when(most < 2, V::TooFewPoints, "two points of one status");
    let mut expected = Vec::new();
    if most >= 2 {
        // Status by status (the two are never mixed): single four-digit
        // years, then each consecutive pair.
        for st in Status::ALL {
            let pts = of_status(s, st);
            let spans = pts.iter().any(|p| is_span(p.period));
            let bad = pts.iter().any(|p| bad_year(p.period));
            pre.when(spans, V::NotAYear, format!("single {st} years")).when(bad, V::BadPeriod, "four-digit years");
            if spans || bad {
                continue;
            }
            for w in pts.windows(2) {
                let (x, y) = (w[0].value.value, w[1].value.value);
                let n = w[1].period.start() - w[0].period.start();
                let pair = format!("{} to {}", w[0].period, w[1].period);
                if n > 1 && gaps == Gaps::Refuse {
                    pre.when(true, V::YearGap, format!("{pair} is one year"));
                    continue;
                }
                if kind != ChangeKind::Absolute && matches!(s.metric().kind, MetricKind::Rank | MetricKind::Share) {
                    pre.when(true, V::KindNotSupported, "no ratio of ranks or shares");
                    continue;
                }
                let r = match (kind, n) {
                    (ChangeKind::Absolute, _) => absolute_change(x, y)
                        .map(|d| d / f64::from(n))
                        .map(|d| if s.unit() == Unit::Percent { d / 100.0 } else { d }),
                    (ChangeKind::Relative, 1) => relative_change(x, y),
                    (ChangeKind::Log, 1) => log_change(x, y),
                    (ChangeKind::Relative, _) => cagr(x, y, f64::from(n)),
                    (ChangeKind::Log, _) => continuous_rate(x, y, f64::from(n)),
                    _ => unreachable!("ChangeKind has three kinds"),
                };
                pre.numeric(&r, &pair);
                expected.push(r.ok());
            }
        }
    }
    judge(&call, &got, &pre, &[&id])?;
    if let Ok(cs) = &got {
        prop_assert_eq!(cs.len(), expected.len(), "{}", call);
        for (c, x) in cs.iter().zip(expected) {
            computed(&call, c, x)?;
        }
    }
    Ok(())
}

/// Series::index_to against its preconditions and index_value.
fn check_index(s: &Series, base: i32) -> Result<(), TestCaseError> {
    let id = s.metric().id.to_string();
    let call = format!("index_to({base}) of {id}");
    let got = s.index_to(base);
    let mut pre = Pre::default();
    let bp = point_at(s, Period::Year(base));
    pre.when(bp.is_none(), V::MissingPeriod, "a point in the base year");
    let mut expected = Vec::new();
    if let Some(bp) = bp {
        pre.when(
            matches!(s.metric().kind, MetricKind::Rank | MetricKind::Share),
            V::KindNotSupported,
            "not a rank or a share",
        );
        let pts = of_status(s, bp.status);
        pre.when(pts.iter().any(|p| is_span(p.period)), V::NotAYear, "single years").when(
            pts.iter().any(|p| bad_year(p.period)),
            V::BadPeriod,
            "four-digit years",
        );
        for p in pts {
            let r = index_value(p.value.value, bp.value.value);
            pre.numeric(&r, &format!("index of {}", p.period));
            expected.push(if p.period == bp.period { r.map(|_| 100.0).ok() } else { r.ok() });
        }
    }
    judge(&call, &got, &pre, &[&id])?;
    if let Ok(ix) = &got {
        prop_assert_eq!(ix.len(), expected.len(), "{}", call);
        for (c, x) in ix.iter().zip(expected) {
            computed(&call, c, x)?;
        }
    }
    Ok(())
}

/// Series::interpolate against its preconditions: four-digit years, and
/// for each gap between two single years of one status, interpolate's.
fn check_interpolate(s: &Series, method: Interpolation) -> Result<(), TestCaseError> {
    let id = s.metric().id.to_string();
    let call = format!("interpolate({method:?}) of {id}");
    let got = s.interpolate(method);
    let mut pre = Pre::default();
    pre.when(s.points().iter().any(|p| bad_year(p.period)), V::BadPeriod, "four-digit years");
    let mut filled = 0;
    if !pre.fails() {
        for st in Status::ALL {
            let anchors: Vec<&Point> = of_status(s, st).into_iter().filter(|p| !is_span(p.period)).collect();
            for w in anchors.windows(2) {
                let n = w[1].period.start() - w[0].period.start();
                if n >= 2 {
                    filled += n - 1;
                    let r = interpolate(method, w[0].value.value, w[1].value.value, 0.5);
                    pre.numeric(&r, &format!("between {} and {}", w[0].period, w[1].period));
                }
            }
        }
    }
    judge(&call, &got, &pre, &[&id])?;
    if let Ok(f) = &got {
        series_values_finite(&call, f)?;
        prop_assert_eq!(f.len(), s.len() + filled as usize, "{}", call);
        for p in s.points() {
            prop_assert!(f.points().contains(p), "{}: {:?} was changed or lost", call, p);
        }
        for p in f.points().iter().filter(|p| !s.points().contains(p)) {
            prop_assert!(p.is_derived() && p.value.qualifier != Qualifier::Exact, "{}: {:?}", call, p);
        }
    }
    Ok(())
}

/// Series::flows against its preconditions.
fn check_flows(s: &Series, flow_metric: &Metric) -> Result<(), TestCaseError> {
    let id = s.metric().id.to_string();
    let call = format!("flows({}) of {id}", flow_metric.id);
    let got = s.flows(flow_metric);
    let mut pre = Pre::default();
    pre.when(s.metric().kind != MetricKind::Stock, V::KindNotSupported, "a stock series")
        .when(flow_metric.kind != MetricKind::Flow, V::KindNotSupported, "a flow metric")
        .when(flow_metric.unit != s.unit(), V::UnitsDiffer, "one unit")
        .when(s.points().iter().any(|p| is_span(p.period)), V::NotAYear, "single years")
        .when(s.points().iter().any(|p| bad_year(p.period)), V::BadPeriod, "four-digit years");
    let mut expected = Vec::new();
    for st in Status::ALL {
        for w in of_status(s, st).windows(2) {
            let r = absolute_change(w[0].value.value, w[1].value.value);
            pre.numeric(&r, "stock less the one before");
            expected.push((w[1].period.end(), st, r.ok()));
        }
    }
    pre.when(expected.is_empty(), V::TooFewPoints, "two stocks of one status");
    judge(&call, &got, &pre, &[&id, flow_metric.id.as_str()])?;
    if let Ok(f) = &got {
        series_values_finite(&call, f)?;
        prop_assert_eq!(f.len(), expected.len(), "{}", call);
        for (end, st, x) in expected {
            let p = f.points().iter().find(|p| p.period.end() == end && p.status == st);
            prop_assert_eq!(p.map(|p| p.value.value), x, "{}: the flow to {}", call, end);
        }
    }
    Ok(())
}

/// Series::cumulate against its preconditions.
fn check_cumulate(s: &Series, base: &Figure, allow: Allow) -> Result<(), TestCaseError> {
    let id = s.metric().id.to_string();
    let call = format!("cumulate({}, {allow:?}) of {id}", base.describe());
    let got = s.cumulate(base, &allow);
    let mut pre = Pre::default();
    pre.when(s.metric().kind != MetricKind::Flow, V::KindNotSupported, "a flow series")
        .when(base.metric.kind != MetricKind::Stock, V::KindNotSupported, "a stock base")
        .when(s.points().iter().any(|p| bad_year(p.period)), V::BadPeriod, "four-digit years")
        .when(bad_year(base.period), V::BadPeriod, "a four-digit base year")
        .when(is_span(base.period), V::NotAYear, "a base in a single year")
        .when(!base.value.value.is_finite(), V::NonFinite, "a finite base");
    let mut expected = None;
    if let Some(by) = base.period.as_year().filter(|_| !pre.fails()) {
        pre.when(
            s.points().iter().any(|p| is_span(p.period) && p.period.end() > by),
            V::NotAYear,
            "no span after the base",
        );
        let last = s.points().iter().filter_map(|p| p.period.as_year()).filter(|&y| y > by).max();
        pre.when(last.is_none(), V::TooFewPoints, "a flow after the base");
        let mut total = Ok(base.value.value);
        for y in by + 1..=last.unwrap_or(by) {
            let Some(p) = point_at(s, Period::Year(y)) else {
                pre.when(true, V::MissingPeriod, format!("a flow in {y}"));
                break;
            };
            pre.when(incompatible(s.unit(), base.unit()), V::UnitsIncompatible, "one quantity and scale")
                .when(!allow_units(&allow) && s.unit() != base.unit(), V::UnitsDiffer, "one unit")
                .when(!allow_entities(&allow) && s.entity() != base.entity, V::EntitiesDiffer, "one entity")
                .when(!allow_statuses(&allow) && p.status != base.status, V::StatusesDiffer, "one status");
            total = total.and_then(|t: f64| {
                let t = t + p.value.value;
                if t.is_finite() { Ok(t) } else { Err(NumError::Overflow { computation: "cumulate", inputs: None }) }
            });
        }
        pre.numeric(&total, "the running total");
        expected = total.ok();
    }
    judge(&call, &got, &pre, &[&id, base.metric.id.as_str()])?;
    if let Ok(c) = &got {
        series_values_finite(&call, c)?;
        prop_assert_eq!(c.points().last().map(|p| p.value.value), expected, "{}", call);
    }
    Ok(())
}

/// Units that no computation combines, allowed or not: different
/// quantities, or one quantity at different scales.
fn incompatible(a: Unit, b: Unit) -> bool {
    a != b && (a.quantity() != b.quantity() || a.scale() != b.scale())
}

// Allow's switches are private; ask it through a computation that shows them.
fn allow_units(a: &Allow) -> bool {
    *a == a.units()
}
fn allow_entities(a: &Allow) -> bool {
    *a == a.entities()
}
fn allow_statuses(a: &Allow) -> bool {
    *a == a.statuses()
}
fn allow_definitions(a: &Allow) -> bool {
    *a == a.definitions()
}
fn allow_periods(a: &Allow) -> bool {
    *a == a.periods()
}

/// reconcile against its preconditions; a report holds finite numbers only.
fn check_reconcile(flows: &Series, stocks: &Series, base: Base) -> Result<(), TestCaseError> {
    let call = format!("reconcile({}, {}, {base:?})", flows.metric().id, stocks.metric().id);
    let got = reconcile(flows, stocks, base);
    let (fm, sm) = (flows.metric(), stocks.metric());
    let used = |s: &Series| -> Vec<Point> {
        s.points()
            .iter()
            .filter(|p| p.status == Status::Reported && !p.is_derived() && !is_span(p.period))
            .cloned()
            .collect()
    };
    let (fp, sp) = (used(flows), used(stocks));
    let mut pre = Pre::default();
    pre.when(fm.kind != MetricKind::Flow, V::KindNotSupported, "flows are a flow")
        .when(sm.kind != MetricKind::Stock, V::KindNotSupported, "stocks are a stock")
        .when(fm.unit != sm.unit, V::UnitsDiffer, "one unit")
        .when(flows.entity() != stocks.entity(), V::EntitiesDiffer, "one entity")
        .when(sm.id.as_str() != format!("{}_cumul", fm.id), V::DefinitionsDiffer, "the stock of the flow")
        .when(matches!(base, Base::ZeroBefore(y) if bad_year(Period::Year(y))), V::BadPeriod, "a four-digit base")
        .when(fp.iter().chain(&sp).any(|p| bad_year(p.period)), V::BadPeriod, "four-digit years");
    // An overflow: the stock implied by the base and the flows, or its
    // difference from the stock, beyond f64 (summed as reconcile documents
    // it: the base plus each flow in year order, any step beyond f64 refused).
    if !pre.fails() {
        let flow = |y: i32| fp.iter().find(|p| p.period == Period::Year(y)).map(|p| p.value.value);
        let mut previous: Option<(i32, f64)> = None;
        for p in &sp {
            let year = p.period.start();
            let (start, b) = match base {
                Base::ZeroBefore(y0) => (y0, Some(0.0)),
                Base::PreviousStock => match previous {
                    Some((py, pv)) => (py + 1, Some(pv)),
                    None => (year + 1, None),
                },
                other => panic!("a base the oracle does not know: {other:?}"),
            };
            let flows: Option<Vec<f64>> = (start..=year).map(flow).collect();
            if let (Some(b), Some(flows)) = (b, flows) {
                let mut implied = b;
                let mut fits = true;
                for f in flows {
                    implied += f;
                    fits &= implied.is_finite();
                }
                let by = p.value.value - implied;
                pre.when(!fits || !by.is_finite(), V::NonFinite, format!("the implied stock of {year} fits in f64"));
            }
            previous = Some((year, p.value.value));
        }
    }
    judge(&call, &got, &pre, &[])?;
    if let Ok(r) = &got {
        prop_assert_eq!(r.rows.len(), sp.len(), "{}", call);
        for row in &r.rows {
            prop_assert!(row.implied.is_none_or(f64::is_finite), "{}: {:?}", call, row);
            if let Agreement::Differs { by } = row.agreement {
                prop_assert!(by.is_finite() && by != 0.0, "{}: {:?}", call, row);
            }
        }
        prop_assert!(!r.to_string().is_empty());
    }
    Ok(())
}

// ---------------------------------------------------------------- figures

fn fails_not_rank(pre: &mut Pre, f: &Figure) {
    pre.when(f.metric.kind == MetricKind::Rank, V::KindNotSupported, "not a rank");
}

/// The checks of a share figure in percent; its fraction if they pass.
fn percent_share(pre: &mut Pre, f: &Figure) -> Option<f64> {
    let v = f.value.value;
    pre.when(f.metric.kind != MetricKind::Share, V::KindNotSupported, "a share metric")
        .when(f.unit() != Unit::Percent, V::WrongUnit, "in percent")
        .when(!v.is_finite(), V::NonFinite, "a finite share")
        .when(v.is_finite() && !(0.0..=100.0).contains(&v), V::OutOfRange, "0 to 100 %");
    (f.metric.kind == MetricKind::Share && f.unit() == Unit::Percent && (0.0..=100.0).contains(&v)).then_some(v / 100.0)
}

/// The `Same` checks, each unless allowed.
fn same(pre: &mut Pre, a: &Figure, b: &Figure, allow: &Allow, checks: [bool; 5]) {
    let [units, definitions, entities, periods, statuses] = checks;
    pre.when(units && incompatible(a.unit(), b.unit()), V::UnitsIncompatible, "one quantity and scale")
        .when(units && !allow_units(allow) && a.unit() != b.unit(), V::UnitsDiffer, "one unit")
        .when(
            definitions && !allow_definitions(allow) && a.metric.id != b.metric.id,
            V::DefinitionsDiffer,
            "one definition",
        )
        .when(entities && !allow_entities(allow) && a.entity != b.entity, V::EntitiesDiffer, "one entity")
        .when(periods && !allow_periods(allow) && a.period != b.period, V::PeriodsDiffer, "one period")
        .when(statuses && !allow_statuses(allow) && a.status != b.status, V::StatusesDiffer, "one status");
}

fn check_figures(a: &Figure, b: &Figure, c: &Figure, allow: &Allow) -> Result<(), TestCaseError> {
    let ids = [a.metric.id.as_str(), b.metric.id.as_str(), c.metric.id.as_str()];
    let (va, vb, vc) = (a.value.value, b.value.value, c.value.value);
    let call = |what: &str| format!("{what} (on {}; {}, {}, {allow:?})", a.describe(), b.describe(), c.describe());

    // share_of: ranks refused; one unit, definition, period, status; share().
    let mut pre = Pre::default();
    fails_not_rank(&mut pre, a);
    fails_not_rank(&mut pre, b);
    same(&mut pre, a, b, allow, [true, true, false, true, true]);
    let x = share(va, vb);
    pre.numeric(&x, "share");
    let got = a.share_of(b, allow);
    judge(&call("share_of"), &got, &pre, &ids)?;
    if let Ok(r) = &got {
        computed(&call("share_of"), r, x.ok())?;
    }

    // share_fraction.
    let mut pre = Pre::default();
    let x = percent_share(&mut pre, a);
    let got = a.share_fraction();
    judge(&call("share_fraction"), &got, &pre, &ids)?;
    if let Ok(r) = &got {
        computed(&call("share_fraction"), r, x)?;
    }

    // implied_whole: a part (not a rank), a share figure; one entity, period, status.
    let mut pre = Pre::default();
    fails_not_rank(&mut pre, a);
    let s = percent_share(&mut pre, b);
    same(&mut pre, a, b, allow, [false, false, true, true, true]);
    let x = s.map(|s| implied_whole(va, s));
    if let Some(x) = &x {
        pre.numeric(x, "implied whole");
    }
    let got = a.implied_whole(b, allow);
    judge(&call("implied_whole"), &got, &pre, &ids)?;
    if let Ok(r) = &got {
        computed(&call("implied_whole"), r, x.and_then(Result::ok))?;
    }

    // implied_part: a whole (not a rank), a share figure; one period and status.
    let mut pre = Pre::default();
    fails_not_rank(&mut pre, a);
    let s = percent_share(&mut pre, b);
    same(&mut pre, a, b, allow, [false, false, false, true, true]);
    let x = s.map(|s| implied_part(va, s));
    if let Some(x) = &x {
        pre.numeric(x, "implied part");
    }
    let got = a.implied_part(b, allow);
    judge(&call("implied_part"), &got, &pre, &ids)?;
    if let Ok(r) = &got {
        computed(&call("implied_part"), r, x.and_then(Result::ok))?;
    }

    // share_change_to: two share figures, the later after; one unit, definition, entity, status.
    let mut pre = Pre::default();
    let s0 = percent_share(&mut pre, a);
    let s1 = percent_share(&mut pre, b);
    pre.when(b.period <= a.period, V::Unordered, "the later after the earlier");
    same(&mut pre, a, b, allow, [true, true, true, false, true]);
    let x = s0.zip(s1).map(|(s0, s1)| share_change(s0, s1));
    if let Some(x) = &x {
        pre.numeric(x, "share change");
    }
    let got = a.share_change_to(b, allow);
    judge(&call("share_change_to"), &got, &pre, &ids)?;
    if let Ok(r) = &got {
        computed(&call("share_change_to"), r, x.and_then(Result::ok))?;
        // The change back in time is refused (periods out of order), not negated.
        let back = b.share_change_to(a, allow);
        prop_assert!(
            matches!(back, Err(Error::Query(QueryError::UnorderedPeriods { .. }))),
            "{}: {:?}",
            call("share_change_to"),
            back
        );
    }

    // Figure::shares_of_total: only flows and stocks add up across entities
    // (no share, rate or rank); one unit, definition, period and status as
    // the first part; shares_of_total of the values.
    for parts in [&[a.clone()][..], &[a.clone(), b.clone(), c.clone()][..]] {
        let mut pre = Pre::default();
        for p in parts {
            let adds_up = matches!(p.metric.kind, MetricKind::Flow | MetricKind::Stock);
            pre.when(!adds_up, V::KindNotSupported, "a flow or a stock");
            same(&mut pre, a, p, allow, [true, true, false, true, true]);
        }
        let values: Vec<f64> = parts.iter().map(|p| p.value.value).collect();
        let x = shares_of_total(&values);
        pre.numeric(&x, "shares of the total");
        let got = Figure::shares_of_total(parts, allow);
        judge(&call("shares_of_total"), &got, &pre, &ids)?;
        if let (Ok(r), Ok(x)) = (&got, &x) {
            prop_assert_eq!(r.len(), parts.len());
            for (c, &x) in r.iter().zip(x) {
                computed(&call("shares_of_total"), c, Some(x))?;
            }
        }
    }

    // contribution_to_growth(later = b, whole = c).
    let mut pre = Pre::default();
    for f in [a, b, c] {
        fails_not_rank(&mut pre, f);
    }
    pre.when(b.period <= a.period, V::Unordered, "the later after the earlier");
    same(&mut pre, a, b, allow, [true, true, true, false, true]);
    same(&mut pre, a, c, allow, [true, true, false, true, true]);
    let x = contribution_to_growth(va, vb, vc);
    pre.numeric(&x, "contribution");
    let got = a.contribution_to_growth(b, c, allow);
    judge(&call("contribution_to_growth"), &got, &pre, &ids)?;
    if let Ok(r) = &got {
        computed(&call("contribution_to_growth"), r, x.ok())?;
    }

    // implied_earlier_stock(flow = b).
    let mut pre = Pre::default();
    pre.when(a.metric.kind != MetricKind::Stock, V::KindNotSupported, "a stock")
        .when(b.metric.kind != MetricKind::Flow, V::KindNotSupported, "a flow")
        .when(bad_year(a.period) || bad_year(b.period), V::BadPeriod, "four-digit years")
        .when(a.period.end() != b.period.end(), V::PeriodsDiffer, "the flow ends in the stock's year");
    same(&mut pre, a, b, allow, [true, false, true, false, true]);
    pre.when(!va.is_finite() || !vb.is_finite(), V::NonFinite, "finite figures");
    let d = va - vb;
    pre.when(va.is_finite() && vb.is_finite() && !d.is_finite(), V::NonFinite, "no overflow").when(
        d < 0.0,
        V::OutOfRange,
        "a stock not below its flow",
    );
    let got = a.implied_earlier_stock(b, allow);
    judge(&call("implied_earlier_stock"), &got, &pre, &ids)?;
    if let Ok(r) = &got {
        computed(&call("implied_earlier_stock"), r, Some(d))?;
        prop_assert_eq!(r.period(), Some(Period::Year(b.period.start() - 1)));
    }
    Ok(())
}

// ---------------------------------------------------------------- the tests

/// Three random figures, the second and third like the first in random
/// respects; in a third of the cases a stock and the flow into it, in
/// another third a figure, the same one some years later, and its whole.
fn figure_triples() -> impl Strategy<Value = (Figure, Figure, Figure)> {
    let pool = metrics();
    let (flow, stock) = (pool[0].clone(), pool[1].clone());
    (any_figure_or_share(), any_figure_or_share(), any_figure(), 0u8..16, 0u8..16, 0u8..3, 1i32..4).prop_map(
        move |(mut a, b, c, same_b, same_c, scenario, later)| {
            let mut b = like(&a, &b, same_b);
            let mut c = like(&a, &c, same_c);
            match scenario {
                1 => {
                    a.metric = stock.clone();
                    b.metric = flow.clone();
                    if same_b & 3 != 0 {
                        b.period = a.period;
                    }
                }
                2 => {
                    b.period = match a.period {
                        Period::Year(y) => Period::Year(y.saturating_add(later)),
                        p => Period::Year(p.end().saturating_add(later)),
                    };
                    c.metric = a.metric.clone();
                    c.period = a.period;
                }
                _ => {}
            }
            (a, b, c)
        },
    )
}

/// A random series: its metric, entity and points.
fn any_series() -> impl Strategy<Value = (Metric, &'static str, Vec<Point>)> {
    (any_metric(), prop::sample::select(ENTITIES), any_points())
}

/// A random series, mostly of the metric `id`.
fn series_mostly_of(id: &str) -> impl Strategy<Value = (Metric, &'static str, Vec<Point>)> {
    let m = metrics().into_iter().find(|m| m.id.as_str() == id).expect("in the pool");
    (prop_oneof![3 => Just(m), 1 => any_metric()], prop::sample::select(ENTITIES), any_points())
}

/// A random figure, or a share figure in percent from 0 to 100 (half the time).
fn any_figure_or_share() -> impl Strategy<Value = Figure> {
    let share = metrics().into_iter().find(|m| m.id.as_str() == "region_share").expect("in the pool");
    prop_oneof![
        1 => any_figure(),
        1 => (any_figure(), 0.0f64..=100.0).prop_map(move |(mut f, v)| {
            f.metric = share.clone();
            f.value.value = v;
            f
        }),
    ]
}

proptest! {
    #![proptest_config(config(5_000))]

    /// Every Series growth method on random series: Ok or the error of a
    /// failing precondition, never a panic.
    #[test]
    fn random_series_through_every_growth_method(
        (m, entity, points) in any_series(),
        extra in prop::sample::select(vec![1990, 2035, i32::MIN, i32::MAX, 0]),
        method in prop::sample::select(vec![Interpolation::Linear, Interpolation::Geometric]),
    ) {
        let Some(s) = build(&m, entity, &points)? else { return Ok(()) };
        series_values_finite("Series::new", &s)?;
        // between, at, figure and every rate between two years, present or not.
        let mut years: Vec<i32> = s.points().iter().filter_map(|p| p.period.as_year()).collect();
        years.push(extra);
        for &a in &years {
            let at = s.at(a);
            let mut pre = Pre::default();
            pre.when(point_at(&s, Period::Year(a)).is_none(), V::MissingPeriod, "a point");
            judge(&format!("at({a})"), &at, &pre, &[m.id.as_str()])?;
            for &b in years.iter().take(4) {
                check_between(&s, a, b)?;
            }
        }
        // figure: Ok exactly for the periods the series has (spans included).
        let mut periods: Vec<Period> = s.points().iter().map(|p| p.period).collect();
        periods.push(Period::Span(YearSpan::new(1999, 2001).expect("valid span")));
        periods.push(Period::Year(extra));
        for period in periods {
            let mut pre = Pre::default();
            pre.when(point_at(&s, period).is_none(), V::MissingPeriod, "a point");
            let got = s.figure(period);
            judge(&format!("figure({period})"), &got, &pre, &[m.id.as_str()])?;
            if let Ok(f) = got {
                prop_assert_eq!(f.value, point_at(&s, period).expect("a point").value);
            }
        }
        for kind in [ChangeKind::Absolute, ChangeKind::Relative, ChangeKind::Log] {
            for gaps in [Gaps::Refuse, Gaps::Annualise] {
                check_changes(&s, kind, gaps)?;
            }
        }
        for &y in years.iter().take(3) {
            check_index(&s, y)?;
        }
        check_interpolate(&s, method)?;
    }

    /// Stock ↔ flow conversions and reconciliation on random series.
    #[test]
    fn random_series_through_stock_and_flow_methods(
        (m, entity, points) in series_mostly_of("approvals"),
        (m2, entity2, points2) in series_mostly_of("approvals_cumul"),
        base in any_figure(),
        same_base in 0u8..16,
        plain_base in 0u8..4,
        allow in any_allow(),
        zero_before in prop_oneof![3 => 1995i32..2030, 1 => prop::sample::select(BAD_YEARS)],
    ) {
        let Some(s) = build(&m, entity, &points)? else { return Ok(()) };
        let other = build(&m2, entity2, &points2)?;
        for fm in metrics() {
            check_flows(&s, &fm)?;
            if let Some(o) = &other {
                check_flows(o, &fm)?;
            }
        }
        // A base like the series' first point in some respects.
        let first = s.points().first().map(|p| {
            let mut f = s.figure_of(p);
            f.metric = metrics()[1].clone();
            f
        });
        let base = match first {
            // Mostly the stock at the end of the year before the first flow, of the
            // series' entity and status, in a random respect unlike it otherwise.
            Some(f) if plain_base != 0 => {
                let mut b = f.clone();
                b.value = base.value;
                if let Some(y) = f.period.as_year() {
                    b.period = Period::Year(y.saturating_sub(1));
                }
                like(&base, &b, [0, 1, 2, 8][usize::from(plain_base & 3)] & same_base)
            }
            Some(f) => like(&f, &base, same_base),
            None => base,
        };
        check_cumulate(&s, &base, allow)?;
        if let Some(other) = &other {
            for b in [Base::PreviousStock, Base::ZeroBefore(zero_before)] {
                check_reconcile(&s, other, b)?;
                check_reconcile(other, &s, b)?;
            }
        }
    }

    /// Every Figure method on random figures that share some of their metric,
    /// entity, period and status.
    #[test]
    fn random_figures_through_every_figure_method((a, b, c) in figure_triples(), allow in any_allow()) {
        check_figures(&a, &b, &c, &allow)?;
    }
}

proptest! {
    #![proptest_config(config(2_000))]

    /// An index rebased: indexing to one year and then to another is
    /// indexing to the other.
    #[test]
    fn an_index_rebases_consistently(values in prop::collection::vec(0.01f64..1e6, 2..10), i in any::<prop::sample::Index>(), j in any::<prop::sample::Index>()) {
        let m = metrics()[3].clone();
        let pts: Vec<Point> = values.iter().enumerate().map(|(k, &v)| Point::new(Period::Year(2000 + k as i32), Value::exact(v), Status::Reported, Origin::Reported { sources: vec![] })).collect();
        let s = Series::new(m, "china", pts, vec![]).expect("valid");
        let (bi, bj) = (2000 + i.index(values.len()) as i32, 2000 + j.index(values.len()) as i32);
        let ix_i = s.index_to(bi).expect("positive values");
        let ix_j = s.index_to(bj).expect("positive values");
        let at_j = ix_i[(bj - 2000) as usize].value();
        for (a, b) in ix_i.iter().zip(&ix_j) {
            let rebased = a.value() / at_j * 100.0;
            prop_assert!((rebased - b.value()).abs() <= 1e-12 * rebased.abs().max(b.value().abs()), "{} vs {}", rebased, b.value());
        }
    }

    /// Linear interpolation of a linear sequence with gaps reproduces it;
    /// geometric interpolation of a geometric one does too.
    #[test]
    fn interpolation_reproduces_lines_and_constant_growth(
        a in -1e6f64..1e6, d in -1e4f64..1e4, g in 0.5f64..2.0,
        keep in prop::collection::vec(any::<bool>(), 3..15)
    ) {
        let n = keep.len() as i32;
        let years: Vec<i32> = (0..n).filter(|&k| k == 0 || k == n - 1 || keep[k as usize]).collect();
        let m = metrics()[2].clone();
        let make = |f: &dyn Fn(i32) -> f64| {
            let pts = years.iter().map(|&k| Point::new(Period::Year(2000 + k), Value::exact(f(k)), Status::Reported, Origin::Reported { sources: vec![] })).collect();
            Series::new(m.clone(), "china", pts, vec![]).expect("valid")
        };
        let line = |k: i32| a + d * f64::from(k);
        let filled = make(&line).interpolate(Interpolation::Linear).expect("finite anchors");
        prop_assert_eq!(filled.len() as i32, n);
        for k in 0..n {
            let v = filled.year(2000 + k).expect("every year").value.value;
            let scale = a.abs() + d.abs() * f64::from(n);
            prop_assert!((v - line(k)).abs() <= 1e-12 * scale.max(1.0), "{}: {} vs {}", k, v, line(k));
        }
        let growth = |k: i32| 100.0 * g.powi(k);
        let filled = make(&growth).interpolate(Interpolation::Geometric).expect("positive anchors");
        for k in 0..n {
            let v = filled.year(2000 + k).expect("every year").value.value;
            prop_assert!((v / growth(k) - 1.0).abs() <= 1e-12, "{}: {} vs {}", k, v, growth(k));
        }
        // And the annualised relative change over each gap is the CAGR over it.
        let s = make(&growth);
        let changes = s.changes(ChangeKind::Relative, Gaps::Annualise).expect("positive");
        for (c, w) in changes.iter().zip(years.windows(2)) {
            // (A one-year change is the relative change itself.)
            let r = if w[1] - w[0] == 1 { s.relative_change(2000 + w[0], 2000 + w[1]) } else { s.cagr(2000 + w[0], 2000 + w[1]) };
            prop_assert_eq!(c.value(), r.expect("positive").value());
            prop_assert!((c.value() - (g - 1.0)).abs() <= 1e-12, "{} vs {}", c.value(), g - 1.0);
        }
    }
}
