//! The crate's one error type, wrapping each layer's own.
//!
//! Every layer has a small error type of its own: [`ParseError`] (the
//! vocabulary), [`LoadError`] and [`QueryError`] (the data layer),
//! [`ComputeError`] (computations with provenance; the numeric core's
//! [`NumError`](crate::NumError) converts into it) and, with the `charts`
//! feature, `ChartError`. [`Error`] wraps them, so one `?` works across the
//! crate, and `match` on its variant tells the layer apart.

use std::fmt;
use std::path::PathBuf;

use crate::calc::core::NumError;
use crate::calc::error::ComputeError;
#[cfg(feature = "charts")]
use crate::chart::error::ChartError;
use crate::data::error::{LoadError, QueryError};
use crate::vocab::error::{Location, ParseError};

/// Every way this crate can fail: a layer's error, or an I/O failure.
///
/// Its `Display` is the message a person can act on; its `Debug` shows the
/// same message and then the variant, so that a `main` returning
/// `Result<(), Error>` prints something useful.
///
/// ```
/// use biopharma_stats::{Dataset, Error, QueryError};
/// let err = Dataset::embedded().series("biomedicine_market_size", "China").unwrap_err();
/// assert!(matches!(err, Error::Query(QueryError::NoSuchEntity { .. })));
/// assert!(format!("{err:?}").starts_with(&err.to_string()));
/// ```
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file's path.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Text that is not a period or a date.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// A file's contents break a rule of the data model.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A query asked for what the dataset does not hold, or holds in
    /// conflicting ways.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A computation refused its inputs.
    #[error(transparent)]
    Compute(#[from] ComputeError),
    /// A chart could not be drawn.
    #[cfg(feature = "charts")]
    #[error(transparent)]
    Chart(#[from] ChartError),
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}\n  [")?;
        match self {
            Error::Io { path, source } => write!(f, "Io {{ path: {path:?}, source: {source:?} }}")?,
            Error::Parse(e) => write!(f, "Parse({e:?})")?,
            Error::Load(e) => write!(f, "Load({e:?})")?,
            Error::Query(e) => write!(f, "Query({e:?})")?,
            Error::Compute(e) => write!(f, "Compute({e:?})")?,
            #[cfg(feature = "charts")]
            Error::Chart(e) => write!(f, "Chart({e:?})")?,
        }
        f.write_str("]")
    }
}

/// A numeric-core error becomes a [`ComputeError`] with the same message, so
/// that `?` works on the free functions in a function returning [`Error`].
impl From<NumError> for Error {
    fn from(e: NumError) -> Self {
        Error::Compute(e.into())
    }
}

impl Error {
    /// Where in a file the problem is, for errors of loading that name a
    /// record (every [`LoadError`] but [`LoadError::BadHeader`], and a
    /// [`ParseError`] read from a file); `None` for the others.
    ///
    /// ```
    /// use biopharma_stats::Dataset;
    /// let obs = "metric,entity,period,value,qualifier,unit,status,source,quote,note\n\
    ///            nope,china,2019,1,exact,count,reported,s,,\n";
    /// let metrics = "id,name,description,unit,kind,definition\n";
    /// let sources = "id,publisher,title,author,published,url,note\ns,P,T,,2020,,\n";
    /// let err = Dataset::from_readers(obs.as_bytes(), metrics.as_bytes(), sources.as_bytes()).unwrap_err();
    /// let at = err.location().unwrap();
    /// assert_eq!((at.line, at.column), (2, Some("metric")));
    /// ```
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Load(e) => e.location(),
            Error::Parse(e) => e.location(),
            _ => None,
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
