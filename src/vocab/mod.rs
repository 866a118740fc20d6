//! The vocabulary: periods, values and their qualifiers, units, sources,
//! metrics and their ids. It knows no storage and no arithmetic.

pub(crate) mod error;
pub(crate) mod metric;
pub(crate) mod number;
pub(crate) mod period;
pub(crate) mod source;
pub(crate) mod value;
