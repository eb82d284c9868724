//! Evidence scores and certainty grades for briefing claims, with their
//! breakdown.
//!
//! Every claim of a document gets an [`Evidence`](briefing_model::Evidence):
//!
//! - a **tier**, the strongest design among its supporting statements, on a
//!   scale finer than GRADE (cell lines < primary cells and organoids <
//!   rodents < large animals < case reports < observational studies <
//!   early-phase trials < phase II < phase III and RCTs < systematic reviews),
//!   plus "review assertion" (cites, no design stated) and "uncited";
//! - a **score** in `[0, 1]`: a noisy-OR over *independent units* of
//!   evidence. A unit is a distinct cited study (one reference cited five
//!   times is one unit) or a document's own uncited statement. Each unit
//!   starts from its tier's prior and is lowered by hedging, by being stated
//!   without a reference, and by age. Units of one tier saturate at the
//!   tier's ceiling. Restatements of the claim in further sentences and
//!   sections add a little; statements of the opposite polarity subtract;
//! - a GRADE-like **certainty** (very low to high);
//! - a **breakdown**: every factor, its value and the items behind it.
//!
//! Identical claims, keyed by the normalized claim ([`claim_key`]: entity
//! identifiers and relation, not surface text), share their evidence within
//! a document ([`Scorer::score_document`]) and merge across documents
//! ([`Scorer::merge_corpus`]). The parameters live in `evidence.toml`
//! ([`DEFAULT_TOML`]); a user's TOML overrides any of them
//! ([`Config::from_toml_str`]). The model is documented in `docs/evidence.md`.
//!
//! The crate does no I/O and never fails on a document: only a
//! configuration can be wrong.
//!
//! ```
//! use briefing_evidence::{Config, Scorer};
//! use briefing_model::{Certainty, Claim, ClaimCategory, Document, Reference, SentenceRef, Study, StudyDesign, Tier};
//!
//! let mut doc = Document::new("review");
//! doc.references.push(Reference { id: "R1".into(), year: Some(2020), ..Reference::default() });
//! doc.claims.push(Claim {
//!     id: "C1".into(),
//!     category: ClaimCategory::Outcome,
//!     text: "MSC infusion improved survival in a phase II trial".into(),
//!     start: 0,
//!     end: 51,
//!     sentence: SentenceRef { id: "S1".into(), ..SentenceRef::default() },
//!     subject: None,
//!     relation: None,
//!     object: None,
//!     items: vec![],
//!     hedged: false,
//!     negated: false,
//!     cues: vec![],
//!     study: Study { design: Some(StudyDesign::ClinicalTrial), phase: Some("II".into()), ..Study::default() },
//!     citations: vec!["R1".into(), "R1".into()],
//!     evidence: None,
//! });
//!
//! let scorer = Scorer::new(Config::default());
//! scorer.score_document(&mut doc);
//! let evidence = doc.claims[0].evidence.as_ref().unwrap();
//! assert_eq!(evidence.tier, Tier::PhaseII);
//! assert_eq!(evidence.score, 0.7); // one phase II study: its prior
//! assert_eq!(evidence.certainty, Certainty::Moderate);
//! let refs = evidence.breakdown.iter().find(|f| f.name == "independent_refs").unwrap();
//! assert_eq!(refs.value, 1.0); // cited twice, counted once
//! ```

mod belief;
mod certainty;
mod config;
mod error;
mod key;
mod merge;
mod statement;
mod tier;

pub use belief::assess;
pub use config::{
    Agreement, CertaintyRules, Citations, Config, Contradiction, DEFAULT_TOML, Hedging, Recency,
    Species, TierParams, Tiers,
};
pub use error::ConfigError;
pub use key::{Keys, claim_key};
pub use merge::{Mention, MergedClaim, Scorer};
pub use statement::{CitedReference, Statement};
pub use tier::{tier_of, trial_tier};
