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
