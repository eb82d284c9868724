//! Briefing reports from annotated documents: Markdown, HTML, Typst, JSON and PDF through typst.
