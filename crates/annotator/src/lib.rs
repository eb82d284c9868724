//! Annotates briefing documents: sentences, abbreviations, entities with identifiers, hedging and negation cues, claims.
