//! Readers and writers of briefing: seed Markdown, JATS, BioC, PubTator, plain text; JSON, JSONL, PubTator and BioC out.
