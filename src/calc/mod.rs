//! The computation layer: growth, shares, stock–flow and reconciliation,
//! bulk over every series, and results that explain themselves.

pub(crate) mod allow;
pub(crate) mod bound;
pub(crate) mod bulk;
#[cfg(feature = "parquet")]
mod bulk_arrow;
pub(crate) mod computed;
pub(crate) mod core;
pub(crate) mod error;
pub(crate) mod figure;
pub(crate) mod figures;
pub(crate) mod growth;
pub(crate) mod rates;
pub(crate) mod reconcile;
pub(crate) mod share;
pub(crate) mod stockflow;
