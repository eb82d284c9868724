//! The template sets: one per format (Markdown, HTML, Typst), each a tera
//! instance with its own escaper.
//!
//! The defaults are compiled into the binary under the reserved prefix
//! [`BUILTIN_PREFIX`]. A user folder with the same layout (`md/...`,
//! `html/...`, `typst/...`) overrides them file by file: tera looks a name up
//! as given first, then under the prefix, so a user's `html/style.css`
//! replaces only the style sheet while every other file stays built in.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Kwargs, State, Tera};

use crate::error::{Error, ErrorKind};
use crate::escape;

/// The prefix of the built-in templates' names.
pub const BUILTIN_PREFIX: &str = "__briefing/";

macro_rules! defaults {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../templates/", $name)))),*]
    };
}

/// The default templates: `(name, contents)`, names relative to a
/// templates folder.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = defaults![
    "md/briefing.md",
    "md/index.md",
    "md/macros.md",
    "md/sections/overview.md",
    "md/sections/mechanisms.md",
    "md/sections/claims.md",
    "md/sections/evidence.md",
    "md/sections/entities.md",
    "md/sections/references.md",
    "md/sections/provenance.md",
    "md/sections/sources.md",
    "md/sections/blocks.md",
    "html/briefing.html",
    "html/index.html",
    "html/style.css",
    "html/macros.html",
    "html/sections/overview.html",
    "html/sections/mechanisms.html",
    "html/sections/claims.html",
    "html/sections/evidence.html",
    "html/sections/entities.html",
    "html/sections/references.html",
    "html/sections/provenance.html",
    "html/sections/sources.html",
    "html/sections/blocks.html",
    "typst/briefing.typ",
    "typst/style.typ",
    "typst/macros.typ",
    "typst/sections/overview.typ",
    "typst/sections/mechanisms.typ",
    "typst/sections/claims.typ",
    "typst/sections/evidence.typ",
    "typst/sections/entities.typ",
    "typst/sections/references.typ",
    "typst/sections/provenance.typ",
    "typst/sections/sources.typ",
    "typst/sections/blocks.typ",
];

/// The formats that have templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TemplateFormat {
    Markdown,
    Html,
    Typst,
}

impl TemplateFormat {
    /// The folder of the format's templates.
    pub fn dir(self) -> &'static str {
        match self {
            TemplateFormat::Markdown => "md",
            TemplateFormat::Html => "html",
            TemplateFormat::Typst => "typst",
        }
    }

    /// The extension of its templates.
    pub fn ext(self) -> &'static str {
        match self {
            TemplateFormat::Markdown => "md",
            TemplateFormat::Html => "html",
            TemplateFormat::Typst => "typ",
        }
    }

    const ALL: [TemplateFormat; 3] = [
        TemplateFormat::Markdown,
        TemplateFormat::Html,
        TemplateFormat::Typst,
    ];
}

/// The three template sets.
#[derive(Clone)]
pub struct Templates {
    md: Tera,
    html: Tera,
    typst: Tera,
    overrides: Vec<String>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("overrides", &self.overrides)
            .finish_non_exhaustive()
    }
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Result<Templates, Error> {
        Templates::load(Vec::new())
    }

    /// The built-ins, overridden by the files of `dir` (`md/...`,
    /// `html/...`, `typst/...`; other files are ignored).
    pub fn with_overrides(dir: &Path) -> Result<Templates, Error> {
        let mut files = Vec::new();
        for format in TemplateFormat::ALL {
            let sub = dir.join(format.dir());
            if sub.is_dir() {
                collect(&sub, format.dir(), &mut files)?;
            }
        }
        if files.is_empty() {
            return Err(ErrorKind::TemplateDir {
                path: dir.to_path_buf(),
                message: "no templates found (expected md/, html/ or typst/ folders; \
                          `briefing templates init DIR` writes the defaults)"
                    .to_owned(),
            }
            .into());
        }
        files.sort();
        Templates::load(files)
    }

    /// The names of the templates a user folder overrides.
    pub fn overrides(&self) -> &[String] {
        &self.overrides
    }

    fn load(user: Vec<(String, String)>) -> Result<Templates, Error> {
        Ok(Templates {
            md: build(TemplateFormat::Markdown, &user)?,
            html: build(TemplateFormat::Html, &user)?,
            typst: build(TemplateFormat::Typst, &user)?,
            overrides: user.into_iter().map(|(n, _)| n).collect(),
        })
    }

    /// Renders `<format>/<name>` with a typed context.
    pub(crate) fn render<T: Serialize>(
        &self,
        format: TemplateFormat,
        name: &str,
        ctx: &T,
    ) -> Result<String, Error> {
        let full = format!("{}/{name}", format.dir());
        let tera = match format {
            TemplateFormat::Markdown => &self.md,
            TemplateFormat::Html => &self.html,
            TemplateFormat::Typst => &self.typst,
        };
        let context = tera::Context::from_serialize(ctx).map_err(|e| Error::template(&full, &e))?;
        tera.render(&full, &context)
            .map_err(|e| Error::template(&full, &e))
    }
}

/// The tera instance of one format: built-ins under the prefix, user files
/// under their own names, the format's escaper.
fn build(format: TemplateFormat, user: &[(String, String)]) -> Result<Tera, Error> {
    let mut tera = Tera::new();
    tera.set_fallback_prefixes([BUILTIN_PREFIX])
        .map_err(|e| Error::template(format.dir(), &e))?;
    match format {
        TemplateFormat::Markdown => tera.set_escape_fn(escape::markdown),
        TemplateFormat::Typst => tera.set_escape_fn(escape::typst),
        TemplateFormat::Html => {}
    }
    tera.autoescape_on(vec![format!(".{}", format.ext())]);
    tera.register_filter("quote", quote);
    let prefix = format!("{}/", format.dir());
    let builtin = DEFAULT_TEMPLATES
        .iter()
        .filter(|(n, _)| n.starts_with(&prefix))
        .map(|(n, c)| (format!("{BUILTIN_PREFIX}{n}"), (*c).to_owned()));
    let users = user.iter().filter(|(n, _)| n.starts_with(&prefix)).cloned();
    let all: Vec<(String, String)> = builtin.chain(users).collect();
    tera.add_raw_templates(all.iter().map(|(n, c)| (n.as_str(), c.as_str())))
        .map_err(|e| Error::template(format.dir(), &e))?;
    Ok(tera)
}

/// `{{ value | quote }}`: a Typst string literal, for code positions
/// (`#link({{ url | quote }})`).
fn quote(value: &str, _: Kwargs, _: &State<'_>) -> tera::Value {
    tera::Value::safe_string(&escape::typst_str_literal(value))
}

fn collect(dir: &Path, name: &str, out: &mut Vec<(String, String)>) -> Result<(), Error> {
    let err = |path: &Path, e: std::io::Error| {
        Error::from(ErrorKind::TemplateDir {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| err(dir, e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| err(dir, e))?;
    entries.sort();
    for path in entries {
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        if file.starts_with('.') {
            continue;
        }
        let child = format!("{name}/{file}");
        if path.is_dir() {
            collect(&path, &child, out)?;
        } else {
            let text = std::fs::read_to_string(&path).map_err(|e| err(&path, e))?;
            out.push((child, text));
        }
    }
    Ok(())
}
