//! A narrow read API over the store for the calc layer's column passes
//! (`bulk`, `reconcile`): series and rows by index, and column slices, so
//! that nothing outside the data layer reads the store's fields.
//!
//! Series are numbered `0..` in (metric, entity) order; the series of
//! metric `m` are [`Dataset::series_of_metric`]`(m)`, and the sorted rows
//! of series `k` are [`Dataset::series_rows`]`(k)`, ordered by status,
//! period and source.

use std::ops::Range;

use crate::data::dataset::Dataset;
use crate::vocab::metric::Metric;
use crate::vocab::period::Period;
use crate::vocab::value::{Qualifier, Status};

#[allow(dead_code)] // Used by calc once it switches from the fields.
impl Dataset {
    /// The number of metrics; metric indexes are `0..metric_count()`.
    pub(crate) fn metric_count(&self) -> usize {
        self.metrics.len()
    }

    /// The metric at index `m` (the order of metrics.csv).
    pub(crate) fn metric_at(&self, m: u32) -> &Metric {
        &self.metrics[m as usize]
    }

    /// The index of the metric with this id.
    pub(crate) fn metric_id_index(&self, id: &str) -> Option<u32> {
        self.metric_ix.get(id).copied()
    }

    /// The index of the entity with this id, if it has observations.
    pub(crate) fn entity_id_index(&self, id: &str) -> Option<u32> {
        self.entity_ix.get(id).copied()
    }

    /// The id of entity `e`.
    pub(crate) fn entity_name(&self, e: u32) -> &str {
        &self.entities[e as usize]
    }

    /// The series of metric `m`, as indexes into the series index.
    pub(crate) fn series_of_metric(&self, m: u32) -> Range<usize> {
        self.metric_series_range(m)
    }

    /// The sorted rows of series `k`.
    pub(crate) fn series_rows(&self, k: usize) -> Range<usize> {
        self.series_start[k] as usize..self.series_start[k + 1] as usize
    }

    /// The entity of series `k`.
    pub(crate) fn series_entity_id(&self, k: usize) -> u32 {
        self.series_entity[k]
    }

    /// The entities of the series `ks`, in series order (ascending within
    /// one metric, so a binary search finds an entity's series).
    pub(crate) fn series_entities(&self, ks: Range<usize>) -> &[u32] {
        &self.series_entity[ks]
    }

    /// The periods of sorted rows `rows`.
    pub(crate) fn periods(&self, rows: Range<usize>) -> &[Period] {
        &self.cols.period[rows]
    }

    /// The values of sorted rows `rows`.
    pub(crate) fn values(&self, rows: Range<usize>) -> &[f64] {
        &self.cols.value[rows]
    }

    /// The qualifiers of sorted rows `rows`.
    pub(crate) fn qualifiers(&self, rows: Range<usize>) -> &[Qualifier] {
        &self.cols.qualifier[rows]
    }

    /// The statuses of sorted rows `rows`.
    pub(crate) fn statuses(&self, rows: Range<usize>) -> &[Status] {
        &self.cols.status[rows]
    }

    /// The source indexes of sorted rows `rows`.
    pub(crate) fn source_indexes(&self, rows: Range<usize>) -> &[u32] {
        &self.cols.source[rows]
    }
}
