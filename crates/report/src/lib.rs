//! Briefings from annotated documents: Markdown, HTML, Typst, JSON, and PDF
//! through the `typst` command.
//!
//! # Design
//!
//! A briefing is a list of **sections**. Each section is a plugin: anything
//! implementing the object-safe [`Section`] trait (a name and one method).
//! The [`Registry`] resolves the names a `briefing.toml` ([`Config`]) or the
//! command line asks for: built-in sections by name, sections a program
//! registers, and otherwise external commands `briefing-plugin-<name>` that
//! read the document as JSON on stdin and write their section as JSON on
//! stdout. The resolved [`Plan`] and the [`Templates`] make a [`Reporter`].
//!
//! Sections produce typed **views** ([`view`]): plain structs that are the
//! contract with the templates and the shape of the briefing JSON. Each
//! format has one template set (tera): a page template and one template per
//! kind of section. The defaults are embedded under [`BUILTIN_PREFIX`] and a
//! user folder overrides them file by file. Each set escapes with its
//! format's rules ([`escape`]), so document text is always data.
//!
//! PDF is the Typst rendering compiled by the `typst` command ([`Typst`])
//! with reproducible settings.
//!
//! ```
//! use briefing_model::Document;
//! use briefing_report::{Config, Registry, Reporter, TemplateFormat, Templates};
//!
//! let mut doc = Document::new("doc-1");
//! doc.metadata.title = Some("MSCs <b>and</b> the liver".into());
//! let plan = Registry::new().plan(&Config::default(), None).unwrap();
//! let reporter = Reporter::new(plan, Templates::builtin().unwrap());
//! let briefing = reporter.briefing(&doc).unwrap();
//! let html = reporter.render(&briefing, TemplateFormat::Html).unwrap();
//! assert!(html.contains("MSCs &lt;b&gt;and&lt;&#x2F;b&gt; the liver") || html.contains("MSCs &lt;b&gt;and&lt;/b&gt; the liver"));
//! ```
//!
//! This crate runs two kinds of external programs, and only these: `typst`
//! and section plugins. It never writes files; callers do.

mod chart;
mod config;
pub mod corpus;
mod error;
pub mod escape;
mod graph;
mod index;
mod labels;
pub mod links;
mod plugin;
mod render;
mod sections;
mod templates;
mod typst;
pub mod view;

pub use config::{Config, PdfConfig, PluginConfig};
pub use error::{Error, ErrorKind};
pub use plugin::{
    BUILTIN_SECTIONS, PLUGIN_SCHEMA, Plan, PluginInput, PluginOutput, Registry, Section,
    SectionContext, default_sections,
};
pub use render::{
    Format, Index, IndexEntry, IndexFailure, IndexFile, Reporter, document_info, index_json,
};
pub use templates::{BUILTIN_PREFIX, DEFAULT_TEMPLATES, TemplateFormat, Templates};
pub use typst::Typst;
pub use view::{BRIEFING_SCHEMA, Block, Briefing, SectionOutput, SourceEntry};
