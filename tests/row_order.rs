//! The order of a file's rows changes only the file order: rows in the
//! store's own order (metric as in metrics.csv, entity id, status, period,
//! source), which the loader builds into columns without a sort, and the
//! same rows shuffled, which it sorts, load to datasets with the same
//! series, the same `bulk` results and the same rows; and a key that
//! repeats is the same `DuplicateKey` error at the same place in both.

use biopharma_stats::{Dataset, Error, LoadError};
use proptest::prelude::*;

const METRICS: &str = "id,name,description,unit,kind,definition\n\
    sales,Sales,,cny_bn,flow,Sales\n\
    firms,Firms,,count,stock,Firms\n";
const SOURCES: &str = "id,publisher,title,author,published,url,note\n\
    a,P,T,,2024,,\n\
    b,P,T,,2024,,\n";
const HEADER: &str = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n";

/// One row: metric index, entity, first and last year, status, source, value.
type Row = (usize, String, i32, i32, &'static str, &'static str, u32);

fn line(r: &Row) -> String {
    let (metric, unit) = [("sales", "cny_bn"), ("firms", "count")][r.0];
    let period = if r.2 == r.3 { r.2.to_string() } else { format!("{}-{}", r.2, r.3) };
    format!("{metric},{},{period},{},exact,{unit},{},{},,\n", r.1, r.6, r.4, r.5)
}

fn load(rows: &[Row]) -> Result<Dataset, Error> {
    let obs: String = std::iter::once(HEADER.to_owned()).chain(rows.iter().map(line)).collect();
    Dataset::from_readers(obs.as_bytes(), METRICS.as_bytes(), SOURCES.as_bytes())
}

/// Rows with distinct keys, in the store's order: metrics in metrics.csv's
/// order, entity ids in byte order, `reported` before `target` (the order of
/// `Status`), periods by last then first year, sources in sources.csv's order.
fn store_order() -> impl Strategy<Value = Vec<Row>> {
    let entity = prop::sample::select(vec!["上海", "beijing", "china", "suzhou", "z", "a_b"]);
    let cell = (0..2usize, entity, 2000..2010i32, 0..3i32, 0..2usize, 0..2usize, 0..1000u32);
    prop::collection::vec(cell, 0..60).prop_map(|cells| {
        let mut rows: Vec<Row> = cells
            .into_iter()
            .map(|(m, e, y, span, st, src, v)| {
                (m, e.to_owned(), y, y + span, ["reported", "target"][st], ["a", "b"][src], v)
            })
            .collect();
        rows.sort_by(|x, y| (x.0, x.1.as_bytes(), x.4, x.3, x.2, x.5).cmp(&(y.0, y.1.as_bytes(), y.4, y.3, y.2, y.5)));
        rows.dedup_by(|x, y| (x.0, &x.1, x.2, x.3, x.4, x.5) == (y.0, &y.1, y.2, y.3, y.4, y.5));
        rows
    })
}

/// Every row as text, sorted: the rows whatever their order.
fn rows_of(ds: &Dataset) -> Vec<String> {
    let mut v: Vec<String> = ds
        .observations()
        .map(|o| format!("{} {} {} {} {} {}", o.metric.id, o.entity, o.period, o.status, o.source.id, o.value.value))
        .collect();
    v.sort();
    v
}

/// `bulk`'s output, in its own order, as bits.
fn bulk_of(ds: &Dataset) -> Vec<u64> {
    let b = ds.bulk();
    b.pct_change().iter().chain(b.shares()).chain(b.cagr()).map(|v| v.to_bits()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn rows_in_store_order_and_shuffled_load_to_the_same_series(rows in store_order(), seed in any::<u64>()) {
        let mut shuffled = rows.clone();
        // Fisher–Yates with a SplitMix64 stream from `seed`.
        let mut z = seed;
        for i in (1..shuffled.len()).rev() {
            z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut x = z;
            x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            let j = ((x ^ (x >> 31)) % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        let a = load(&rows).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = load(&shuffled).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(a.len(), rows.len());
        prop_assert_eq!(rows_of(&a), rows_of(&b));
        prop_assert_eq!(bulk_of(&a), bulk_of(&b));
        prop_assert_eq!(a.entities().collect::<Vec<_>>(), b.entities().collect::<Vec<_>>());
        // File order is each file's own.
        let first = |ds: &Dataset| ds.observations().next().map(|o| (o.entity.to_owned(), o.period.start()));
        prop_assert_eq!(first(&a), rows.first().map(|r| (r.1.clone(), r.2)));
        prop_assert_eq!(first(&b), shuffled.first().map(|r| (r.1.clone(), r.2)));
    }

    #[test]
    fn a_repeated_key_is_the_same_error_in_store_order_and_out_of_it(rows in store_order(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!rows.is_empty());
        // Row k repeated right after itself (still in store order), and the
        // same two rows at the end (out of it once there is a row between).
        let k = pick.index(rows.len());
        let mut in_order = rows.clone();
        in_order.insert(k + 1, rows[k].clone());
        let mut at_end = rows.clone();
        at_end.push(rows[k].clone());
        for (file, second_line) in [(&in_order, k as u64 + 3), (&at_end, rows.len() as u64 + 2)] {
            match load(file) {
                Err(Error::Load(LoadError::DuplicateKey { at, first_line, .. })) => {
                    prop_assert_eq!((at.line, first_line), (second_line, k as u64 + 2));
                }
                other => prop_assert!(false, "{:?}", other.map(|d| d.len())),
            }
        }
    }
}
