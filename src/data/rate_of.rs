//! The checks on metrics.csv's optional `rate_of` column, run when
//! metrics.csv has been read (so a rate may name a level defined below it).

use std::collections::HashMap;

use crate::LoadError;
use crate::error::Error;
use crate::vocab::error::Location;
use crate::vocab::metric::{Metric, MetricKind};
use crate::vocab::value::Unit;

/// Checks every `rate_of` link: the target is defined, the rate metric has
/// kind `rate` and unit `percent`, and the target is not itself a rate.
/// `lines[i]` is the line metric `i` was read from.
pub(crate) fn check(metrics: &[Metric], index: &HashMap<String, u32>, file: &str, lines: &[u64]) -> Result<(), Error> {
    for (m, &line) in metrics.iter().zip(lines) {
        let Some(target) = &m.rate_of else { continue };
        let at = Location::new(file, line, Some("rate_of"));
        let Some(&t) = index.get(target.as_str()) else {
            return Err(Error::Load(LoadError::UnknownMetric { at, id: target.to_string() }));
        };
        let bad = |reason: &'static str| {
            Error::Load(LoadError::BadRateOf {
                at: at.clone(),
                metric: m.id.to_string(),
                target: target.to_string(),
                reason,
            })
        };
        if m.kind != MetricKind::Rate || m.unit != Unit::Percent {
            return Err(bad("a stated rate has kind `rate` and unit `percent` (see this metric's kind and unit)"));
        }
        let target = &metrics[t as usize];
        if target.kind == MetricKind::Rate {
            return Err(bad(
                "the target is itself a rate; a stated rate describes a level (a flow, stock, share or rank)",
            ));
        }
    }
    Ok(())
}
