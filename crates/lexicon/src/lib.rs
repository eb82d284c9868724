//! Compiled entity lexicons for briefing: build from ontology sources, load in milliseconds, match at corpus speed.
