//! The data layer: a private columnar store, CSV reading and writing,
//! queries, series and conflicts. Storage fields stay private to this layer.

pub(crate) mod agree;
pub(crate) mod columns;
pub(crate) mod dataset;
pub(crate) mod error;
pub(crate) mod idtable;
pub(crate) mod load;
pub(crate) mod merge;
#[cfg(feature = "parquet")]
pub(crate) mod parquet;
pub(crate) mod rate_of;
pub(crate) mod series;
pub(crate) mod store;
pub(crate) mod write;
