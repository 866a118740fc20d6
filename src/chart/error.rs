//! The chart layer's errors.

use std::path::PathBuf;

use crate::vocab::period::Period;

/// A chart that cannot be drawn as asked, or a drawing backend that failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChartError {
    /// A chart was given nothing to draw: no series, or a series without
    /// points.
    #[error("nothing to chart: {what}")]
    EmptyChart {
        /// What was empty.
        what: String,
    },

    /// A chart size with a zero width or height.
    #[error("chart size {width}x{height} has a zero side")]
    ZeroSize {
        /// The width asked for, in pixels.
        width: u32,
        /// The height asked for, in pixels.
        height: u32,
    },

    /// A chart file name whose extension is neither `.png` nor `.svg`.
    #[error("{}: unsupported chart format (the file name must end in .png or .svg)", path.display())]
    UnsupportedFormat {
        /// The path given.
        path: PathBuf,
    },

    /// A chart asked for a series' point in a period the series has no point for.
    #[error("{metric:?} / {entity:?} has no point for {period} to chart")]
    MissingPoint {
        /// The metric id.
        metric: String,
        /// The entity.
        entity: String,
        /// The period asked for.
        period: Period,
    },

    /// The inputs of a chart do not fit together (units that differ on one
    /// axis, shares above 100 %, a span of years on a year axis, a size too
    /// small for its text, ...).
    #[error("cannot draw the chart: {reason}")]
    InvalidChart {
        /// What is wrong, in words.
        reason: String,
    },

    /// The bundled chart font could not be loaded.
    #[error("chart font: {message}")]
    Font {
        /// What went wrong.
        message: String,
    },

    /// The drawing or encoding library failed.
    #[error("chart rendering failed: {message}")]
    Render {
        /// What the library reported.
        message: String,
    },
}
