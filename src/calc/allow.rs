//! [`Allow`]: the one switch type that says which aspects of two figures
//! (unit, definition, entity, period, status) may differ, both by a
//! computation's design and by the caller's choice.

use crate::ComputeError;

use crate::calc::figure::Figure;
use crate::error::Error;

/// Mixes of figures that a computation refuses unless the caller allows
/// them: different units, different definitions (metric ids), different
/// entities, different periods, or reported figures with targets.
///
/// Every allowed mix that actually occurs is noted in the result's
/// explanation.
///
/// ```
/// use biopharma_stats::Allow;
/// let strict = Allow::none();
/// let lenient = Allow::none().definitions().statuses();
/// assert_ne!(strict, lenient);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Allow {
    pub(crate) units: bool,
    pub(crate) definitions: bool,
    pub(crate) entities: bool,
    pub(crate) periods: bool,
    pub(crate) statuses: bool,
}

impl Allow {
    /// Allow no mix (the default).
    pub const fn none() -> Allow {
        Allow { units: false, definitions: false, entities: false, periods: false, statuses: false }
    }

    /// Allow figures in different units of the same quantity and scale
    /// (two ids declared for one unit). Units of different quantities
    /// (USD and CNY) or scales (billions and millions) are refused even
    /// then, with [`ComputeError::UnitsIncompatible`](crate::ComputeError::UnitsIncompatible):
    /// nothing is converted.
    pub const fn units(mut self) -> Allow {
        self.units = true;
        self
    }

    /// Allow figures of different metrics (definitions), say Class 1
    /// innovative drugs against all domestic innovative drugs.
    pub const fn definitions(mut self) -> Allow {
        self.definitions = true;
        self
    }

    /// Allow figures of different entities where one entity is expected.
    pub const fn entities(mut self) -> Allow {
        self.entities = true;
        self
    }

    /// Allow figures of different periods where one period is expected.
    pub const fn periods(mut self) -> Allow {
        self.periods = true;
        self
    }

    /// Allow targets to mix with reported figures.
    pub const fn statuses(mut self) -> Allow {
        self.statuses = true;
        self
    }
}

/// Checks that two figures may be combined: same unit, definition, entity,
/// period and status, except the aspects in `by_design` (which the
/// computation expects to differ: the periods of a growth rate) and those
/// the caller's `allow` permits. Returns a note for every allowed mix that
/// occurs. One switch type, [`Allow`], says both.
pub(crate) fn check_same(
    computation: &'static str,
    a: &Figure,
    b: &Figure,
    by_design: Allow,
    allow: &Allow,
    notes: &mut Vec<String>,
) -> Result<(), Error> {
    by_design.complement().check(computation, a, b, allow, notes)
}

impl Allow {
    /// Every aspect not in `self`.
    const fn complement(self) -> Allow {
        Allow {
            units: !self.units,
            definitions: !self.definitions,
            entities: !self.entities,
            periods: !self.periods,
            statuses: !self.statuses,
        }
    }

    /// With `self` read as the aspects to check: checks them.
    fn check(
        &self,
        computation: &'static str,
        a: &Figure,
        b: &Figure,
        allow: &Allow,
        notes: &mut Vec<String>,
    ) -> Result<(), Error> {
        if self.units && a.unit() != b.unit() {
            // Different quantities (USD and CNY), or one quantity at two
            // scales, are never combined: this crate does not rescale.
            let (ua, ub) = (a.unit(), b.unit());
            if !ua.same_quantity(ub) || ua.scale() != ub.scale() {
                return Err(Error::Compute(ComputeError::UnitsIncompatible {
                    computation,
                    left: a.describe(),
                    left_unit: ua,
                    right: b.describe(),
                    right_unit: ub,
                }));
            }
            if !allow.units {
                return Err(Error::Compute(ComputeError::UnitsDiffer {
                    computation,
                    left: a.describe(),
                    left_unit: a.unit(),
                    right: b.describe(),
                    right_unit: b.unit(),
                }));
            }
            push_once(notes, format!("units differ (allowed by the caller): {} vs {}", a.unit(), b.unit()));
        }
        if self.definitions && a.metric.id != b.metric.id {
            if !allow.definitions {
                return Err(Error::Compute(ComputeError::DefinitionsDiffer {
                    computation,
                    left: a.metric.id.to_string(),
                    right: b.metric.id.to_string(),
                }));
            }
            push_once(notes, format!("definitions differ (allowed by the caller): {} vs {}", a.metric.id, b.metric.id));
        }
        if self.entities && a.entity != b.entity {
            if !allow.entities {
                return Err(Error::Compute(ComputeError::EntitiesDiffer {
                    computation,
                    left: a.entity.clone(),
                    right: b.entity.clone(),
                }));
            }
            push_once(notes, format!("entities differ (allowed by the caller): {} vs {}", a.entity, b.entity));
        }
        if self.periods && a.period != b.period {
            if !allow.periods {
                return Err(Error::Compute(ComputeError::PeriodsDiffer {
                    computation,
                    left: a.describe(),
                    left_period: a.period,
                    right: b.describe(),
                    right_period: b.period,
                }));
            }
            push_once(notes, format!("periods differ (allowed by the caller): {} vs {}", a.period, b.period));
        }
        if self.statuses && a.status != b.status {
            if !allow.statuses {
                return Err(Error::Compute(ComputeError::StatusesDiffer {
                    computation,
                    left: a.describe(),
                    left_status: a.status,
                    right: b.describe(),
                    right_status: b.status,
                }));
            }
            push_once(notes, "reported figures mixed with targets (allowed by the caller)".to_owned());
        }
        Ok(())
    }
}

fn push_once(notes: &mut Vec<String>, note: String) {
    if !notes.contains(&note) {
        notes.push(note);
    }
}
