//! Merging two datasets: the union of their metrics, sources, units and
//! observations, re-sorted into one store.

use std::collections::HashMap;
use std::fmt::Debug;

use crate::LoadError;
use crate::data::dataset::Dataset;
use crate::data::load::Lines;
use crate::data::store::{Parts, Record, Staging, TextRef};
use crate::error::Error;
use crate::vocab::value::Unit;

/// Appends to `into` each item of `from` whose id is new; an id present in
/// both must have an equal definition, else [`LoadError::DefinitionClash`].
/// Returns, for each item of `from`, its index in `into`.
fn union<T: Clone + PartialEq + Debug>(
    what: &'static str,
    into: &mut Vec<T>,
    index: &mut HashMap<String, u32>,
    from: &[T],
    id: impl Fn(&T) -> String,
) -> Result<Vec<u32>, Error> {
    let mut map = Vec::with_capacity(from.len());
    for item in from {
        let key = id(item);
        match index.get(&key) {
            Some(&i) if into[i as usize] == *item => map.push(i),
            Some(&i) => {
                return Err(Error::Load(LoadError::DefinitionClash {
                    what,
                    id: key,
                    left: format!("{:?}", into[i as usize]),
                    right: format!("{item:?}"),
                }));
            }
            None => {
                let i = u32::try_from(into.len()).map_err(|_| too_big())?;
                index.insert(key, i);
                into.push(item.clone());
                map.push(i);
            }
        }
    }
    Ok(map)
}

fn too_big() -> Error {
    Error::Load(LoadError::Csv {
        at: crate::vocab::error::Location::new("merge", 0, None),
        message: "the merged dataset would exceed 2^32 rows, ids or bytes of text".to_owned(),
    })
}

/// A unit described by all four fields, for clash messages.
#[derive(Clone, Copy, PartialEq)]
struct UnitDef(Unit);

impl Debug for UnitDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let u = self.0;
        write!(f, "{},{},{},{}", u.id(), u.label(), u.quantity(), u.scale())
    }
}

impl Dataset {
    /// The union of two datasets: their metrics, sources, declared units and
    /// observations, in this dataset's file order and then `other`'s.
    ///
    /// - A metric, source or unit with one id in both merges when the two
    ///   definitions are identical; a different definition under one id is
    ///   [`LoadError::DefinitionClash`], naming both.
    /// - A row with the same metric, entity, period, status and source in
    ///   both is [`LoadError::DuplicateInMerge`], whether or not the values
    ///   agree: a source states one figure per key.
    /// - Rows of different sources for one metric, entity, period and status
    ///   are kept; where they disagree they are a conflict under the usual
    ///   rules ([`Dataset::conflicts`], [`Dataset::series_with`]), and a
    ///   series built from the merged set records how each was settled.
    ///
    /// ```
    /// use biopharma_stats::Dataset;
    /// let metrics = "id,name,description,unit,kind,definition\n\
    ///                sales,Sales,,cny_bn,flow,Sales revenue in a year\n";
    /// let sources = "id,publisher,title,author,published,url,note\n\
    ///                me,Me,My notes,,2024,,\n";
    /// let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
    ///            sales,acme,2023,1.5,exact,cny_bn,reported,me,,\n";
    /// let mine = Dataset::from_readers(obs.as_bytes(), metrics.as_bytes(), sources.as_bytes())?;
    /// let all = Dataset::embedded().merge(&mine)?;
    /// assert_eq!(all.len(), Dataset::embedded().len() + 1);
    /// assert_eq!(all.series("sales", "acme")?.year(2023).map(|p| p.value.value), Some(1.5));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`LoadError::DefinitionClash`] or [`LoadError::DuplicateInMerge`] as
    /// above; [`LoadError::Csv`] if the union would outgrow the store's
    /// 32-bit indexes.
    pub fn merge(&self, other: &Dataset) -> Result<Dataset, Error> {
        // Units first: a metric's definition holds its unit.
        let mut units = self.units.clone();
        let mut unit_ix: HashMap<String, u32> =
            units.iter().enumerate().map(|(i, u)| (u.id().to_owned(), i as u32)).collect();
        let mut defs: Vec<UnitDef> = units.iter().copied().map(UnitDef).collect();
        let theirs: Vec<UnitDef> = other.units.iter().copied().map(UnitDef).collect();
        union("unit", &mut defs, &mut unit_ix, &theirs, |u| u.0.id().to_owned())?;
        units = defs.into_iter().map(|d| d.0).collect();

        let mut metrics = self.metrics.clone();
        let mut metric_ix = self.metric_ix.clone();
        let metric_map = union("metric", &mut metrics, &mut metric_ix, &other.metrics, |m| m.id.to_string())?;
        let mut sources = self.sources.clone();
        let mut source_ix = self.source_ix.clone();
        let source_map = union("source", &mut sources, &mut source_ix, &other.sources, |s| s.id.to_string())?;
        let mut entities = self.entities.clone();
        let mut entity_ix = self.entity_ix.clone();
        let mut entity_map = Vec::with_capacity(other.entities.len());
        for e in &other.entities {
            let i = match entity_ix.get(e) {
                Some(&i) => i,
                None => {
                    let i = u32::try_from(entities.len()).map_err(|_| too_big())?;
                    entity_ix.insert(e.clone(), i);
                    entities.push(e.clone());
                    i
                }
            };
            entity_map.push(i);
        }

        // A row of `other` whose whole key is in `self`.
        for &p in &other.file_pos {
            let i = p as usize;
            let c = &other.cols;
            let (m, e, s) =
                (metric_map[c.metric[i] as usize], entity_map[c.entity[i] as usize], source_map[c.source[i] as usize]);
            if m as usize >= self.metrics.len() || e as usize >= self.entities.len() {
                continue;
            }
            let mine = &self.cols;
            if let Some(j) = self
                .series_range(m, e)
                .find(|&j| mine.source[j] == s && mine.period[j] == c.period[i] && mine.status[j] == c.status[i])
            {
                let (a, b) = (self.row(j), other.row(i));
                return Err(Error::Load(LoadError::DuplicateInMerge {
                    key: format!(
                        "(metric {}, entity {}, period {}, status {}, source {})",
                        a.metric.id, a.entity, a.period, a.status, a.source.id
                    ),
                    left: a.value.to_string(),
                    right: b.value.to_string(),
                }));
            }
        }

        let n = self.len() + other.len();
        let mut staged = Staging::with_capacity(n);
        let mut text = String::with_capacity(self.cols.text.len() + other.cols.text.len());
        text.push_str(&self.cols.text);
        let shift = u32::try_from(text.len()).map_err(|_| too_big())?;
        text.push_str(&other.cols.text);
        u32::try_from(text.len()).map_err(|_| too_big())?;
        let moved = |r: TextRef| TextRef { start: r.start + shift, len: r.len };
        for (ds, theirs) in [(self, false), (other, true)] {
            let c = &ds.cols;
            for &p in &ds.file_pos {
                let i = p as usize;
                let row = u32::try_from(staged.len()).map_err(|_| too_big())?;
                let (metric, entity, source) = if theirs {
                    (
                        metric_map[c.metric[i] as usize],
                        entity_map[c.entity[i] as usize],
                        source_map[c.source[i] as usize],
                    )
                } else {
                    (c.metric[i], c.entity[i], c.source[i])
                };
                let (quote, note) =
                    if theirs { (moved(c.quote[i]), moved(c.note[i])) } else { (c.quote[i], c.note[i]) };
                let r = Record {
                    key: Record::key(c.status[i], c.period[i], source),
                    value: c.value[i],
                    quote,
                    note,
                    metric,
                    entity,
                    row,
                    qualifier: c.qualifier[i],
                };
                staged.push(r, &entities);
            }
        }
        let parts = Parts {
            metrics,
            metric_ix,
            sources,
            source_ix,
            units,
            entities,
            entity_ix,
            staged,
            text,
            file_order: None,
        };
        // No key repeats (each input had none, and none is in both), so the
        // duplicate check that needs lines never fires.
        Dataset::assemble("merge", parts, &Lines::default())
    }
}
