//! The data layer: a private columnar store, CSV reading and writing,
//! queries, series and conflicts. Storage fields stay private to this layer.

pub(crate) mod dataset;
pub(crate) mod error;
pub(crate) mod idtable;
pub(crate) mod load;
#[cfg(feature = "parquet")]
pub(crate) mod parquet;
pub(crate) mod series;
pub(crate) mod write;
