//! Evaluation of briefing against annotated corpora: entities (this
//! module's [`entities`] scorer over the [`corpus`] readers); hedging,
//! negation and claims.
//!
//! ```
//! use briefing_eval::entities::{score, Predicted, ScoreOptions};
//! use briefing_eval::corpus::{GoldDoc, GoldMention};
//! use briefing_model::{Document, EntityType};
//!
//! let gold = GoldDoc {
//!     doc: Document::new("1"),
//!     mentions: vec![GoldMention { start: 0, end: 8, kind: EntityType::Disease, ids: vec!["MESH:D003920".into()], alternatives: vec![] }],
//! };
//! let pred = vec![Predicted { start: 0, end: 8, kind: EntityType::Disease, ids: vec!["MESH:D003920".into()] }];
//! let report = score(&[gold], &[pred], &ScoreOptions::default());
//! assert_eq!(report.types[0].strict.f1(), 1.0);
//! ```

pub mod bioscope;
pub mod claims;
pub mod corpus;
pub mod entities;
pub mod entities_train;
pub mod hedging;

/// `../shared` beside the workspace, or `None` (with a note) when absent.
#[cfg(test)]
pub(crate) fn shared_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared is not beside the workspace");
        None
    }
}
