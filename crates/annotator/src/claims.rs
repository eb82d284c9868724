//! Claims: mechanisms, outcomes, bottlenecks and strategies.

pub mod tokens;
pub mod words;
