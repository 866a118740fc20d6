//! What is measured: a metric's id, unit, kind and definition.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::vocab::source::string_id;
use crate::vocab::value::{Unit, word_enum};

string_id! {
    /// The id of a metric, as in metrics.csv (`biomedicine_market_size`).
    MetricId
}

word_enum! {
    /// What sort of quantity a metric is, which decides the computations that
    /// make sense on it.
    ///
    /// Plans are not a kind: a target for a flow is still a flow, marked by
    /// [`Status::Target`](crate::Status::Target) on the observation.
    ///
    /// ```
    /// use biopharma_stats::MetricKind;
    /// assert!(MetricKind::Flow.is_additive_over_time());
    /// assert!(!MetricKind::Stock.is_additive_over_time());
    /// ```
    pub enum MetricKind {
        /// An amount per period (sales in a year, approvals in a year); flows
        /// of consecutive periods add up.
        Flow => "flow",
        /// A level at the end of a period (cumulative approvals, members).
        Stock => "stock",
        /// A part of a whole, in percent.
        Share => "share",
        /// A ratio that is not a part of a whole (a survival rate).
        Rate => "rate",
        /// A position in a ranking, 1 = first.
        Rank => "rank",
    }
}

impl MetricKind {
    /// Whether values of consecutive periods can be summed (only flows).
    ///
    /// ```
    /// use biopharma_stats::MetricKind;
    /// assert!(MetricKind::Flow.is_additive_over_time()); // approvals in 2022 + in 2023
    /// assert!(!MetricKind::Stock.is_additive_over_time()); // stocks at two year-ends are not summed
    /// ```
    pub const fn is_additive_over_time(self) -> bool {
        matches!(self, MetricKind::Flow)
    }

    /// Whether values of different entities in one period can be summed, so
    /// that each has a share of the total (flows and stocks; not shares,
    /// rates or ranks: 30 % of one region plus 20 % of another is no total).
    ///
    /// ```
    /// use biopharma_stats::MetricKind;
    /// assert!(MetricKind::Stock.is_additive_across_entities());
    /// assert!(!MetricKind::Share.is_additive_across_entities());
    /// ```
    pub const fn is_additive_across_entities(self) -> bool {
        matches!(self, MetricKind::Flow | MetricKind::Stock)
    }

    /// Whether a ratio of two values (a relative change, a CAGR, an index)
    /// means something: not for a rank (ordinal: only differences of
    /// positions mean anything) nor for a share (it changes in percentage
    /// points; a "growth rate of a share" is the growth of no quantity).
    ///
    /// ```
    /// use biopharma_stats::MetricKind;
    /// assert!(MetricKind::Rate.has_ratio_growth());
    /// assert!(!MetricKind::Share.has_ratio_growth());
    /// ```
    pub const fn has_ratio_growth(self) -> bool {
        matches!(self, MetricKind::Flow | MetricKind::Stock | MetricKind::Rate)
    }
}

/// A metric: one definition of one quantity. Different definitions are
/// different metrics ("Class 1 innovative drugs" is not "domestic innovative
/// drugs").
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct Metric {
    /// Its id, referenced by observations.
    pub id: MetricId,
    /// A short name for titles and legends.
    pub name: String,
    /// A sentence for readers.
    pub description: String,
    /// The unit every observation of it is written in.
    pub unit: Unit,
    /// What sort of quantity it is.
    pub kind: MetricKind,
    /// Precisely what is counted or measured, and what is not.
    pub definition: String,
    /// For a stated year-on-year rate (kind [`MetricKind::Rate`], unit
    /// percent): the level metric whose change it states (metrics.csv's
    /// optional `rate_of` column). `None` for every other metric.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub rate_of: Option<MetricId>,
}

impl Metric {
    /// A metric of your own (metrics.csv defines the dataset's): its id,
    /// short name, unit, kind and definition; no description, and no
    /// stated-rate link. The fields stay public to read and to change.
    ///
    /// ```
    /// use biopharma_stats::{Metric, MetricKind, Unit};
    /// let m = Metric::new("hospital_beds", "Hospital beds", Unit::COUNT, MetricKind::Stock, "Beds at year end");
    /// assert_eq!((m.id.as_str(), m.kind, m.rate_of.is_none()), ("hospital_beds", MetricKind::Stock, true));
    /// ```
    pub fn new(
        id: impl Into<MetricId>,
        name: impl Into<String>,
        unit: Unit,
        kind: MetricKind,
        definition: impl Into<String>,
    ) -> Metric {
        Metric {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            unit,
            kind,
            definition: definition.into(),
            rate_of: None,
        }
    }
}
