//! `Dataset::bulk` against a plain reference written independently here:
//! the generated file is parsed again with the `csv` crate into maps, and
//! growth, shares and CAGR are computed here, without the crate: the CAGR
//! through the logarithm of each value (`exp((ln b − ln a) / n) − 1`), not
//! through the ratio the crate's core takes the logarithm of. Also: the same
//! numbers from `Dataset::series` plus arithmetic by hand, the status of
//! each special case on a small hand-made file, and the generator's
//! determinism.

#[path = "support/synth.rs"]
mod synth;

use biopharma_stats::{LoadError, QueryError};
use std::collections::{BTreeMap, HashMap};

use biopharma_stats::{Dataset, Error, Period, PointStatus, Status};

fn load(f: &synth::Files) -> Dataset {
    Dataset::from_readers(&f.observations[..], &f.metrics[..], &f.sources[..]).expect("generated files load")
}

/// A period as the reference orders it: (last year, first year).
type Key = (i32, i32);

fn parse_period(s: &str) -> Key {
    match s.split_once('-') {
        Some((a, b)) => (b.parse().unwrap(), a.parse().unwrap()),
        None => {
            let y = s.parse().unwrap();
            (y, y)
        }
    }
}

/// One reference point: `None` where sources disagree.
#[derive(Debug, Clone, Copy)]
struct RefPoint {
    key: Key,
    value: Option<f64>,
}

/// (metric, entity) → points in period order, from reported rows only.
fn reference_points(obs: &[u8]) -> BTreeMap<(String, String), Vec<RefPoint>> {
    // (metric, entity) → period → the (value, qualifier) of each source.
    type Rows = BTreeMap<Key, Vec<(String, String)>>;
    let mut raw: BTreeMap<(String, String), Rows> = BTreeMap::new();
    let mut rdr = csv::Reader::from_reader(obs);
    for rec in rdr.records() {
        let rec = rec.unwrap();
        if &rec[6] != "reported" {
            continue;
        }
        raw.entry((rec[0].to_owned(), rec[1].to_owned()))
            .or_default()
            .entry(parse_period(&rec[2]))
            .or_default()
            .push((rec[3].to_owned(), rec[4].to_owned()));
    }
    raw.into_iter()
        .map(|(k, periods)| {
            let points = periods
                .into_iter()
                .map(|(key, rows)| {
                    let values: Vec<(f64, &str)> = rows.iter().map(|(v, q)| (v.parse().unwrap(), q.as_str())).collect();
                    let agree = values.iter().all(|v| *v == values[0]);
                    RefPoint { key, value: if agree { Some(values[0].0) } else { None } }
                })
                .collect();
            (k, points)
        })
        .collect()
}

/// Metric id → kind, from metrics.csv.
fn kinds(metrics: &[u8]) -> HashMap<String, String> {
    let mut rdr = csv::Reader::from_reader(metrics);
    rdr.records().map(|r| r.unwrap()).map(|r| (r[0].to_owned(), r[4].to_owned())).collect()
}

/// Whether a ratio of two values of this kind means something (no share,
/// no rank): the codebook's rule, written here again.
fn has_growth(kind: &str) -> bool {
    matches!(kind, "flow" | "stock" | "rate")
}

/// Whether values of this kind add up across entities (flows, stocks).
fn adds_up(kind: &str) -> bool {
    matches!(kind, "flow" | "stock")
}

/// The CAGR from `a` to `b` over `n` years, computed in logs of each value
/// (so that 1e300 → 1e-300, whose ratio underflows, keeps its rate), or why
/// there is none.
fn ref_cagr(a: f64, b: f64, n: f64) -> Result<f64, PointStatus> {
    ref_rate(a, b)?;
    if b == 0.0 {
        return Ok(-1.0);
    }
    let r = ((b.ln() - a.ln()) / n).exp_m1();
    if r.is_finite() { Ok(r) } else { Err(PointStatus::NonFinite) }
}

/// CAGRs agree when their yearly log growth factors agree to 1e-12.
fn close_rate(got: f64, want: f64) -> bool {
    got == want || (got.ln_1p() - want.ln_1p()).abs() <= 1e-12 * want.ln_1p().abs().max(1.0)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1e-300)
}

/// The obvious relative change, with its status.
fn ref_rate(base: f64, value: f64) -> Result<f64, PointStatus> {
    if base == 0.0 {
        Err(PointStatus::ZeroBase)
    } else if base < 0.0 {
        Err(PointStatus::NegativeBase)
    } else if value < 0.0 {
        Err(PointStatus::SignChange)
    } else {
        Ok(value / base - 1.0)
    }
}

fn check(got: (f64, PointStatus), want: Result<f64, PointStatus>, what: &str) {
    check_with(got, want, what, close)
}

fn check_with(got: (f64, PointStatus), want: Result<f64, PointStatus>, what: &str, close: fn(f64, f64) -> bool) {
    match want {
        Ok(w) => {
            assert_eq!(got.1, PointStatus::Ok, "{what}");
            assert!(close(got.0, w), "{what}: {} vs {w}", got.0);
        }
        Err(s) => {
            assert_eq!(got.1, s, "{what}");
            assert!(got.0.is_nan(), "{what}: a number where the status is {s}");
        }
    }
}

#[test]
fn bulk_matches_an_independent_reference_on_a_generated_file() {
    let files = synth::generate(&synth::Spec::SMALL);
    let ds = load(&files);
    let bulk = ds.bulk();
    let reference = reference_points(&files.observations);
    let kinds = kinds(&files.metrics);

    assert_eq!(bulk.series_count(), reference.len());
    assert_eq!(bulk.len(), reference.values().map(Vec::len).sum::<usize>());

    // Yearly totals per (metric, year): sum, any conflict, any > 0, any < 0.
    let mut totals: HashMap<(&str, i32), (f64, bool, bool, bool)> = HashMap::new();
    for ((metric, _), points) in &reference {
        for p in points.iter().filter(|p| p.key.0 == p.key.1) {
            let t = totals.entry((metric.as_str(), p.key.0)).or_insert((0.0, false, false, false));
            match p.value {
                None => t.1 = true,
                Some(v) => {
                    t.0 += v;
                    t.2 |= v > 0.0;
                    t.3 |= v < 0.0;
                }
            }
        }
    }

    let mut seen = HashMap::<PointStatus, usize>::new();
    for ((metric, entity), points) in &reference {
        let s = bulk.find(metric, entity).unwrap_or_else(|| panic!("no bulk series {metric}/{entity}"));
        assert_eq!((s.metric().id.as_str(), s.entity()), (metric.as_str(), entity.as_str()));
        assert_eq!(s.periods().len(), points.len(), "{metric}/{entity}");
        let mut prev: Option<RefPoint> = None;
        let kind = kinds[metric].as_str();
        for (i, p) in points.iter().enumerate() {
            let what = format!("{metric}/{entity} {:?}", p.key);
            let period = s.periods()[i];
            assert_eq!((period.end(), period.start()), p.key, "{what}");
            match p.value {
                Some(v) => assert_eq!(s.values()[i], v, "{what}"),
                None => assert!(s.values()[i].is_nan(), "{what}"),
            }
            let is_year = p.key.0 == p.key.1;

            // Change from the previous year.
            let want = if !is_year {
                Err(PointStatus::Span)
            } else {
                match prev {
                    None => Err(PointStatus::First),
                    Some(q) if q.value.is_none() || p.value.is_none() => Err(PointStatus::Conflict),
                    Some(_) if !has_growth(kind) => Err(PointStatus::KindNotSupported),
                    Some(q) if p.key.0 - q.key.0 != 1 => Err(PointStatus::Gap),
                    Some(q) => ref_rate(q.value.unwrap(), p.value.unwrap()),
                }
            };
            check((s.pct_change()[i], s.pct_status()[i]), want, &format!("pct {what}"));
            *seen.entry(s.pct_status()[i]).or_default() += 1;
            if is_year {
                prev = Some(*p);
            }

            // Share of the metric's yearly total.
            let want = if !is_year {
                Err(PointStatus::Span)
            } else {
                let (sum, conflict, pos, neg) = totals[&(metric.as_str(), p.key.0)];
                if conflict {
                    Err(PointStatus::Conflict)
                } else if !adds_up(kind) {
                    Err(PointStatus::KindNotSupported)
                } else if pos && neg {
                    Err(PointStatus::MixedSigns)
                } else if sum == 0.0 {
                    Err(PointStatus::ZeroBase)
                } else if sum < 0.0 {
                    Err(PointStatus::NegativeBase)
                } else {
                    Ok(p.value.unwrap() / sum)
                }
            };
            check((s.shares()[i], s.share_status()[i]), want, &format!("share {what}"));
            *seen.entry(s.share_status()[i]).or_default() += 1;
        }

        // CAGR from the first to the last single year.
        let years: Vec<&RefPoint> = points.iter().filter(|p| p.key.0 == p.key.1).collect();
        let want = match (years.first(), years.last()) {
            (None, _) | (_, None) => Err(PointStatus::Span),
            (Some(f), Some(l)) if f.key == l.key => Err(PointStatus::SinglePoint),
            (Some(f), Some(l)) if f.value.is_none() || l.value.is_none() => Err(PointStatus::Conflict),
            _ if !has_growth(kind) => Err(PointStatus::KindNotSupported),
            (Some(f), Some(l)) => ref_cagr(f.value.unwrap(), l.value.unwrap(), f64::from(l.key.0 - f.key.0)),
        };
        check_with((s.cagr(), s.cagr_status()), want, &format!("cagr {metric}/{entity}"), close_rate);
        *seen.entry(s.cagr_status()).or_default() += 1;
    }

    // The generated file exercises every status the rules can give it.
    for status in [
        PointStatus::Ok,
        PointStatus::First,
        PointStatus::Span,
        PointStatus::Conflict,
        PointStatus::Gap,
        PointStatus::MixedSigns,
        PointStatus::ZeroBase,
        PointStatus::NegativeBase,
        PointStatus::SignChange,
        PointStatus::KindNotSupported,
    ] {
        assert!(seen.get(&status).copied().unwrap_or(0) > 0, "no {status} in the generated file: {seen:?}");
    }
}

#[test]
fn bulk_matches_series_and_hand_arithmetic_on_a_sample() {
    let checked = check_sample(&synth::Spec::SMALL, 7);
    assert!(checked > 50, "{checked}");
}

/// The full 1,000,000-row file of the benches: loading it and computing over
/// every series gives, on a sample of series, the answers of the
/// small-data API (`Dataset::series`, `Series::cagr`) and of hand arithmetic.
#[test]
fn bulk_on_the_1m_row_file_matches_the_series_api_on_a_sample() {
    let checked = check_sample(&synth::Spec::LARGE, 271);
    assert!(checked > 90, "{checked}");
}

/// Checks every `step`-th series of a generated file against
/// `Dataset::series`, `Series::cagr` and hand arithmetic; returns how many
/// series were compared.
fn check_sample(spec: &synth::Spec, step: usize) -> usize {
    let files = synth::generate(spec);
    let ds = load(&files);
    let bulk = ds.bulk();
    let mut checked = 0;
    for s in bulk.iter().step_by(step) {
        match ds.series(s.metric().id.as_str(), s.entity()) {
            // A series settles figures that differ but can all be true
            // ("4" and "more than 3") to the exact one, and so does bulk:
            // such series are compared like every other below.
            Ok(series) => {
                let pts: Vec<(Period, f64)> = series
                    .points()
                    .iter()
                    .filter(|p| p.status == Status::Reported)
                    .map(|p| (p.period, p.value.value))
                    .collect();
                assert_eq!(s.periods(), pts.iter().map(|p| p.0).collect::<Vec<_>>());
                assert_eq!(s.values(), pts.iter().map(|p| p.1).collect::<Vec<_>>());
                let years: Vec<(i32, f64)> = pts.iter().filter_map(|&(p, v)| p.as_year().map(|y| (y, v))).collect();
                let growth = s.metric().kind.has_ratio_growth();
                for w in years.windows(2) {
                    let ((y0, v0), (y1, v1)) = (w[0], w[1]);
                    let i = s.periods().iter().position(|p| *p == Period::Year(y1)).unwrap();
                    if !growth {
                        assert_eq!(s.pct_status()[i], PointStatus::KindNotSupported);
                    } else if y1 == y0 + 1 && v0 > 0.0 && v1 >= 0.0 {
                        assert!(close(s.pct_change()[i], v1 / v0 - 1.0));
                    } else {
                        assert_ne!(s.pct_status()[i], PointStatus::Ok);
                    }
                }
                if let (Some(&(y0, v0)), Some(&(y1, v1))) = (years.first(), years.last()) {
                    if growth && y1 > y0 && v0 > 0.0 && v1 >= 0.0 {
                        let want = ref_cagr(v0, v1, f64::from(y1 - y0)).expect("a representable rate");
                        assert!(close_rate(s.cagr(), want), "{} vs {want}", s.cagr());
                    }
                    // The single-series API gives the same number to the
                    // last bit where it computes, and refuses where bulk does.
                    match series.cagr(y0, y1) {
                        Ok(g) => {
                            assert_eq!(s.cagr_status(), PointStatus::Ok, "{} / {}", s.metric().id, s.entity());
                            assert_eq!(s.cagr().to_bits(), g.value().to_bits(), "{} vs {}", s.cagr(), g.value());
                        }
                        Err(e) => assert!(
                            y0 == y1 || !s.cagr_status().is_ok(),
                            "series refuses ({e}), bulk gives {}",
                            s.cagr()
                        ),
                    }
                }
                checked += 1;
            }
            Err(Error::Query(QueryError::Conflict(c))) => {
                let i = s.periods().iter().position(|p| *p == c.period).unwrap();
                assert!(s.values()[i].is_nan());
            }
            Err(e) => panic!("{e}"),
        }
    }
    checked
}

const METRICS: &str = "id,name,description,unit,kind,definition\n\
sales,Sales,,cny_bn,flow,Sales in a year\n\
net,Net trade,,cny_bn,flow,Exports less imports\n\
kept,Kept,,cny_bn,flow,Sales stated as bounds by one source\n";

const SOURCES: &str = "id,publisher,title,author,published,url,note\n\
a,A,Report A,,2024,,\n\
b,B,Report B,,2024,,\n";

#[test]
fn each_special_case_gets_its_status() {
    let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
        sales,zero,2020,0,exact,cny_bn,reported,a,,\n\
        sales,zero,2021,5,exact,cny_bn,reported,a,,\n\
        sales,gap,2018,10,exact,cny_bn,reported,a,,\n\
        sales,gap,2021,20,exact,cny_bn,reported,a,,\n\
        sales,gap,2019,15,exact,cny_bn,target,a,,\n\
        sales,agree,2020,4,exact,cny_bn,reported,a,,\n\
        sales,agree,2020,4,exact,cny_bn,reported,b,,\n\
        sales,agree,2021,6,exact,cny_bn,reported,a,,\n\
        sales,clash,2021,7,exact,cny_bn,reported,a,,\n\
        sales,clash,2021,8,exact,cny_bn,reported,b,,\n\
        sales,clash,2022,9,exact,cny_bn,reported,a,,\n\
        sales,span,2016-2020,50,exact,cny_bn,reported,a,,\n\
        sales,huge,2020,0.000000000000000000001,exact,cny_bn,reported,a,,\n\
        sales,huge,2021,1e300,exact,cny_bn,reported,a,,\n\
        net,neg,2020,-3,exact,cny_bn,reported,a,,\n\
        net,neg,2021,2,exact,cny_bn,reported,a,,\n\
        net,flip,2020,3,exact,cny_bn,reported,a,,\n\
        net,flip,2021,-2,exact,cny_bn,reported,a,,\n\
        net,one,2022,1,exact,cny_bn,reported,a,,\n\
        kept,bound,2020,3,more_than,cny_bn,reported,a,,\n\
        kept,bound,2020,4,exact,cny_bn,reported,b,,\n\
        kept,bound,2021,5,more_than,cny_bn,reported,a,,\n\
        kept,bound,2021,4,exact,cny_bn,reported,b,,\n";
    let ds = Dataset::from_readers(obs.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).unwrap();
    let bulk = ds.bulk();
    let get = |e: &str| bulk.find(if ["neg", "flip", "one"].contains(&e) { "net" } else { "sales" }, e).unwrap();

    // "More than 3" and "4" can both be true: one point, the exact 4, as a
    // series keeps it. "More than 5" and "4" cannot: a conflict.
    let bound = bulk.find("kept", "bound").unwrap();
    assert_eq!(bound.values()[0], 4.0);
    assert!(bound.values()[1].is_nan());
    assert_eq!(bound.pct_status(), [PointStatus::First, PointStatus::Conflict]);
    use PointStatus::*;

    let zero = get("zero");
    assert_eq!(zero.pct_status(), [First, ZeroBase]);
    assert_eq!(zero.cagr_status(), ZeroBase);

    // The 2019 target is not a reported point: 2018 → 2021 is a gap.
    let gap = get("gap");
    assert_eq!(gap.periods(), [Period::Year(2018), Period::Year(2021)]);
    assert_eq!(gap.pct_status(), [First, Gap]);
    // CAGR spans the gap: (20 / 10)^(1/3) − 1.
    assert_eq!(gap.cagr_status(), Ok);
    assert!((gap.cagr() - (2f64.powf(1.0 / 3.0) - 1.0)).abs() < 1e-15);

    // Two sources stating the same value make one point, counted once.
    let agree = get("agree");
    assert_eq!(agree.values(), [4.0, 6.0]);
    assert_eq!(agree.pct_status(), [First, Ok]);
    assert!((agree.pct_change()[1] - 0.5).abs() < 1e-15);

    // Disagreeing sources: a conflict point, and every number that needs it.
    let clash = get("clash");
    assert!(clash.values()[0].is_nan());
    assert_eq!(clash.pct_status(), [First, Conflict]);
    assert_eq!(clash.cagr_status(), Conflict);

    let span = get("span");
    assert_eq!(span.pct_status(), [Span]);
    assert_eq!(span.share_status(), [Span]);
    assert_eq!(span.cagr_status(), Span);

    // 1e300 / 1e-21 overflows: no infinity escapes.
    let huge = get("huge");
    assert_eq!(huge.pct_status(), [First, NonFinite]);
    assert!(huge.pct_change()[1].is_nan());
    assert_eq!(huge.cagr_status(), NonFinite);

    assert_eq!(get("neg").pct_status(), [First, NegativeBase]);
    assert_eq!(get("neg").cagr_status(), NegativeBase);
    assert_eq!(get("flip").pct_status(), [First, SignChange]);
    assert_eq!(get("one").cagr_status(), SinglePoint);

    // Shares of sales in 2021: the total includes the conflict → conflict
    // for everyone; 2020: 0 + 4 + 1e-21 (the agreeing duplicate counted once).
    assert_eq!(zero.share_status()[1], Conflict);
    assert_eq!(agree.share_status()[0], Ok);
    assert!((agree.shares()[0] - 4.0 / (4.0 + 1e-21)).abs() < 1e-15);
    assert_eq!(zero.shares()[0], 0.0);
    // net 2020: −3 and 3 mix signs; net 2021: 2 and −2 too; 2022 alone.
    assert_eq!(get("neg").share_status(), [MixedSigns, MixedSigns]);
    assert_eq!(get("one").shares(), [1.0]);

    // Where a status is not Ok, the number is NaN, and only there.
    for (v, s) in bulk.pct_change().iter().zip(bulk.pct_status()).chain(bulk.shares().iter().zip(bulk.share_status())) {
        assert_eq!(v.is_nan(), !s.is_ok(), "{v} {s}");
    }
}

#[test]
fn a_zero_or_negative_yearly_total_is_flagged() {
    let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
        net,x,2020,-3,exact,cny_bn,reported,a,,\n\
        net,y,2020,-1,exact,cny_bn,reported,a,,\n\
        net,x,2021,0,exact,cny_bn,reported,a,,\n\
        net,y,2021,0,exact,cny_bn,reported,a,,\n";
    let ds = Dataset::from_readers(obs.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes()).unwrap();
    let bulk = ds.bulk();
    let x = bulk.find("net", "x").unwrap();
    assert_eq!(x.share_status(), [PointStatus::NegativeBase, PointStatus::ZeroBase]);
}

#[test]
fn the_generator_is_deterministic() {
    let spec = synth::Spec { metrics: 6, entities: 7, years: 12, seed: 42 };
    let a = synth::generate(&spec);
    let b = synth::generate(&spec);
    assert_eq!(synth::fnv1a(&a.observations), synth::fnv1a(&b.observations));
    assert_eq!(a.observations, b.observations);
    assert_eq!((a.metrics.clone(), a.sources.clone()), (b.metrics, b.sources));
    // Pinned, so that a change to the generator (and so to every figure in
    // BENCHMARKS.md) is a deliberate one: bump the key's version with it.
    assert_eq!(synth::fnv1a(&a.observations), PINNED, "generator output changed");
    let other = synth::generate(&synth::Spec { seed: 43, ..spec });
    assert_ne!(other.observations, a.observations);
    // And what it writes loads, round-trips, and is shuffled.
    let ds = load(&a);
    assert_eq!(ds.len(), a.observations.iter().filter(|&&c| c == b'\n').count() - 1);
    let mut out = Vec::new();
    ds.write_observations(&mut out).unwrap();
    assert_eq!(out, a.observations);
}

const PINNED: u64 = 5_313_252_619_384_334_174;

/// Loads observation rows (after the header) against `metrics` metrics
/// named m0, m1, … and the two sources above.
fn load_rows(metrics: usize, rows: &[u8]) -> Result<Dataset, Error> {
    let mut m = String::from("id,name,description,unit,kind,definition\n");
    for i in 0..metrics {
        m.push_str(&format!("m{i},M{i},,count,flow,Count {i}\n"));
    }
    let mut obs = b"metric,entity,period,value,qualifier,unit,status,source,quote,note\n".to_vec();
    obs.extend_from_slice(rows);
    Dataset::from_readers(&obs[..], m.as_bytes(), SOURCES.as_bytes())
}

#[test]
fn sparse_panels_sort_and_refuse_duplicates_like_dense_ones() {
    // 300 metrics × 300 entities with one row each on the diagonal: far
    // more (metric, entity) pairs than rows, so the loader sorts by
    // comparison instead of bucketing.
    let mut rows = String::new();
    for i in (0..300).rev() {
        rows.push_str(&format!("m{i},e{i},2020,{i},exact,count,reported,a,,\n"));
        rows.push_str(&format!("m{i},e{i},2019,1,exact,count,reported,b,,\n"));
    }
    let ds = load_rows(300, rows.as_bytes()).unwrap();
    let s = ds.series("m7", "e7").unwrap();
    assert_eq!(
        s.points().iter().map(|p| (p.period, p.value.value)).collect::<Vec<_>>(),
        [(Period::Year(2019), 1.0), (Period::Year(2020), 7.0)]
    );
    let bulk = ds.bulk();
    assert_eq!(bulk.series_count(), 300);
    assert!((bulk.find("m7", "e7").unwrap().pct_change()[1] - 6.0).abs() < 1e-15);
    // File order survives the sort.
    let mut out = Vec::new();
    ds.write_observations(&mut out).unwrap();
    assert!(out.ends_with(rows.as_bytes()));

    // A duplicate key: reported at the line of its second occurrence.
    let dup = format!("{rows}m5,e5,2020,9,exact,count,reported,a,other quote,\n");
    match load_rows(300, dup.as_bytes()).unwrap_err() {
        Error::Load(LoadError::DuplicateKey { at, first_line, .. }) => {
            assert_eq!((at.line, first_line), (602, 2 + 2 * (299 - 5)));
        }
        other => panic!("expected DuplicateKey, got {other:?}"),
    }
}

#[test]
fn utf8_is_checked_per_field_even_when_the_record_is_valid_as_a_whole() {
    // "张" is E5 BC A0. A quote ending in E5 BC and a note starting with A0
    // make a record whose bytes, joined, are valid UTF-8, while both fields
    // are not: the loader must still refuse, naming the quote.
    let mut row = b"m0,e0,2020,1,exact,count,reported,a,ab\xE5\xBC,\xA0cd\n".to_vec();
    let err = load_rows(1, &row).unwrap_err();
    assert!(
        matches!(&err, Error::Load(LoadError::Csv { at, .. }) if at.line == 2 && at.column == Some("quote")),
        "{err:?}"
    );
    // Valid text outside ASCII loads and round-trips.
    row = "m0,e0,2020,1,exact,count,reported,a,增长 12.5%,注：初步\n".as_bytes().to_vec();
    let ds = load_rows(1, &row).unwrap();
    let o = ds.observations().next().unwrap();
    assert_eq!((o.quote, o.note), ("增长 12.5%", "注：初步"));
}
