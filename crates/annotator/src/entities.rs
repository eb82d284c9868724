//! Entity mentions with types and identifiers.

pub mod features;
pub mod tagger;
pub mod tokens;
