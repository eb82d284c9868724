//! Evaluation of briefing against annotated corpora: entities, hedging and negation, claims.
