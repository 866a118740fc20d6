//! From a series to figures: the figure of a year with its provenance, two
//! years paired as a [`Between`], and the growth rates of two years of a
//! series (each one call to the [`Between`] method of the same name, which
//! calls the numeric core).

use crate::QueryError;
use crate::calc::allow::Allow;
use crate::calc::computed::Computed;
use crate::calc::figure::Figure;
use crate::calc::growth::Between;
use crate::data::series::{Point, Series};
use crate::error::Error;
use crate::vocab::period::Period;

/// Declares each growth rate of two years of a series: one call to the
/// [`Between`] method of the same name, with no mix allowed (see
/// [`Series::between_with`] to allow one).
macro_rules! rates_between_years {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        impl Series {
            $(
                $(#[$doc])*
                ///
                /// # Errors
                ///
                /// Those of [`Series::between`], and of the [`Between`] method
                /// of the same name.
                pub fn $name(&self, from: i32, to: i32) -> Result<Computed, Error> {
                    self.between(from, to)?.$name()
                }
            )*
        }
    };
}

impl Series {
    /// The figure of a period (a reported point before a target), with its
    /// sources; [`QueryError::MissingPeriod`] naming the period if there is none.
    ///
    /// # Errors
    ///
    /// [`QueryError::MissingPeriod`] naming the period and the periods the
    /// series has.
    ///
    /// ```
    /// use biopharma_stats::{Dataset, Error, Period, QueryError};
    /// let s = Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// assert_eq!(s.figure(Period::Year(2019))?.value.value, 317.2);
    /// assert!(matches!(s.figure(Period::Year(2017)), Err(Error::Query(QueryError::MissingPeriod { .. }))));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn figure(&self, period: Period) -> Result<Figure, Error> {
        match self.get(period) {
            Some(p) => Ok(self.figure_of(p)),
            None => Err(Error::Query(QueryError::MissingPeriod {
                metric: self.metric().id.to_string(),
                entity: self.entity().to_owned(),
                period,
                available: self.points().iter().map(|p| p.period).collect(),
            })),
        }
    }

    /// The figure of a single year; see [`Series::figure`].
    ///
    /// # Errors
    ///
    /// As [`Series::figure`].
    ///
    /// ```
    /// let s = biopharma_stats::Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// assert_eq!(s.at(2016)?.value.value, 183.6);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn at(&self, year: i32) -> Result<Figure, Error> {
        self.figure(Period::Year(year))
    }

    /// A point of this series as a figure, with its metric, entity, sources,
    /// citation ([`Series::cite`]) and the conflicts settled for its period.
    ///
    /// ```
    /// let s = biopharma_stats::Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// let f = s.figure_of(&s.points()[0]);
    /// assert_eq!(f.citation, s.cite(&s.points()[0]));
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn figure_of(&self, point: &Point) -> Figure {
        Figure {
            metric: self.metric().clone(),
            entity: self.entity().to_owned(),
            period: point.period,
            value: point.value,
            status: point.status,
            origin: point.origin.clone(),
            sources: self.sources_of(point).into_iter().cloned().collect(),
            citation: self.cite(point),
            resolutions: self
                .resolutions()
                .iter()
                .filter(|r| r.period() == point.period && r.status() == point.status)
                .cloned()
                .collect(),
        }
    }

    /// The figures of two years, paired and checked, with no mix allowed;
    /// see [`Between`].
    ///
    /// # Errors
    ///
    /// [`QueryError::MissingPeriod`] for a year without a point, and those of
    /// [`Between::new`].
    ///
    /// ```
    /// let s = biopharma_stats::Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// assert_eq!(s.between(2016, 2019)?.years(), 3);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn between(&self, from: i32, to: i32) -> Result<Between, Error> {
        self.between_with(from, to, &Allow::none())
    }

    /// The figures of two years, paired and checked, allowing what `allow`
    /// says (a target year against a reported one, say).
    ///
    /// # Errors
    ///
    /// As [`Series::between`].
    ///
    /// ```
    /// use biopharma_stats::{Allow, Dataset, Origin, Period, Point, Series, Status, Value};
    /// let m = Dataset::embedded().metric("biomedicine_companies").unwrap().clone();
    /// let pt = |y, v, status| Point::new(Period::Year(y), Value::exact(v), status, Origin::Reported { sources: vec![] });
    /// let s = Series::new(m, "suzhou", vec![pt(2019, 3000.0, Status::Reported), pt(2022, 4000.0, Status::Target)], vec![])?;
    /// assert!(s.between(2019, 2022).is_err());                    // a target against a reported figure
    /// let g = s.between_with(2019, 2022, &Allow::none().statuses())?.cagr()?;
    /// assert!((g.value() - 0.100642).abs() < 1e-6);               // (4000 / 3000)^(1/3) − 1
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    pub fn between_with(&self, from: i32, to: i32, allow: &Allow) -> Result<Between, Error> {
        Between::new(self.at(from)?, self.at(to)?, allow)
    }
}

rates_between_years! {
    /// `end − start` between two years; see [`Between::absolute_change`].
    ///
    /// ```
    /// let s = biopharma_stats::Dataset::embedded().series("cancer_five_year_survival_rate", "china")?;
    /// let c = s.absolute_change(2009, 2019)?;           // 40.5 % − 30.9 %
    /// assert_eq!(c.formatted(), "9.60 pp");
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    absolute_change;
    /// `end / start − 1` between two years; see [`Between::relative_change`].
    ///
    /// ```
    /// let s = biopharma_stats::Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// assert!((s.relative_change(2016, 2019)?.value() - (317.2 / 183.6 - 1.0)).abs() < 1e-12);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    relative_change;
    /// Total growth between two years; see [`Between::total_growth`].
    ///
    /// ```
    /// let s = biopharma_stats::Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// assert_eq!(s.total_growth(2016, 2019)?.formatted(), "72.77 %"); // 317.2 / 183.6 − 1
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    total_growth;
    /// `ln(end / start)` between two years; see [`Between::log_change`].
    ///
    /// ```
    /// let s = biopharma_stats::Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// assert_eq!(s.log_change(2016, 2019)?.formatted(), "54.68 %"); // ln(317.2 / 183.6)
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    log_change;
    /// The compound annual growth rate between two years, as a fraction,
    /// with its explanation; see [`Between::cagr`].
    ///
    /// ```
    /// let ds = biopharma_stats::Dataset::embedded();
    /// let s = ds.series("biomedicine_market_size", "china")?;
    /// let g = s.cagr(2016, 2019)?;         // (317.2 / 183.6)^(1/3) − 1
    /// let rate: f64 = g.value();            // 0.19992… (a fraction)
    /// println!("{}", g.explain());          // formula, inputs, sources
    /// assert!((rate - 0.19992).abs() < 1e-5);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    cagr;
    /// The continuously compounded rate between two years; see
    /// [`Between::continuous_rate`].
    ///
    /// ```
    /// let s = biopharma_stats::Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// assert!((s.continuous_rate(2016, 2019)?.value() - (317.2f64 / 183.6).ln() / 3.0).abs() < 1e-12);
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    continuous_rate;
    /// The doubling time at the CAGR between two years; see
    /// [`Between::doubling_time`].
    ///
    /// ```
    /// let s = biopharma_stats::Dataset::embedded().series("biomedicine_market_size", "china")?;
    /// assert_eq!(s.doubling_time(2016, 2019)?.formatted(), "3.80 years"); // ln 2 / ln 1.19992
    /// # Ok::<(), biopharma_stats::Error>(())
    /// ```
    doubling_time;
}
