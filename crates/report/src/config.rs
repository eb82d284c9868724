//! `briefing.toml`: which sections a briefing has and in what order, the
//! plugins' settings, template overrides and PDF settings. Unknown keys are
//! errors, so a typo never passes silently.
//!
//! ```toml
//! sections = ["overview", "mechanisms", "outcomes", "timeline", "references"]
//! templates = "my-templates"        # overrides, file by file
//!
//! [plugins.timeline]                # runs `briefing-plugin-timeline`
//! optional = true                   # skip it with a note when not installed
//! options = { granularity = "year" }
//!
//! [pdf]
//! font-paths = ["fonts"]
//! ```
//!
//! Relative paths are relative to the folder of the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, ErrorKind};

/// The contents of a `briefing.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Sections in order; the built-ins when absent.
    #[serde(default)]
    pub sections: Option<Vec<String>>,
    /// A folder of templates that override the defaults file by file.
    #[serde(default)]
    pub templates: Option<PathBuf>,
    #[serde(default)]
    pub plugins: BTreeMap<String, PluginConfig>,
    #[serde(default)]
    pub pdf: PdfConfig,
    /// The folder relative paths are resolved against.
    #[serde(skip)]
    base_dir: Option<PathBuf>,
}

/// `[plugins.<name>]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PluginConfig {
    /// Skip the section with a note, instead of failing, when its command is
    /// not installed.
    #[serde(default)]
    pub optional: bool,
    /// The command to run instead of `briefing-plugin-<name>` (a name on the
    /// PATH, or a path relative to this file).
    #[serde(default)]
    pub command: Option<String>,
    /// Passed to the plugin as `options`.
    #[serde(default)]
    pub options: toml::Table,
}

impl PluginConfig {
    pub(crate) fn options_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.options).unwrap_or(serde_json::Value::Null)
    }
}

/// `[pdf]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PdfConfig {
    /// Extra font folders for typst (its embedded fonts are always there).
    #[serde(default)]
    pub font_paths: Vec<PathBuf>,
    /// The typst program.
    #[serde(default)]
    pub typst: Option<PathBuf>,
}

impl Config {
    /// Reads and checks a `briefing.toml`.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::from(ErrorKind::Config {
                path: path.to_path_buf(),
                message: e.to_string(),
            })
        })?;
        Config::parse(&text, path)
    }

    /// Parses the text of a `briefing.toml` found at `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let message = match e.span() {
                Some(span) => {
                    let (line, col) = line_col(text, span.start);
                    format!("line {line}, column {col}: {}", e.message())
                }
                None => e.message().to_owned(),
            };
            Error::from(ErrorKind::Config {
                path: path.to_path_buf(),
                message,
            })
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(t) = &config.templates {
            config.templates = Some(base.join(t));
        }
        config.pdf.font_paths = config.pdf.font_paths.iter().map(|p| base.join(p)).collect();
        config.pdf.typst = config.pdf.typst.as_ref().map(|p| {
            if p.components().count() > 1 {
                base.join(p)
            } else {
                p.clone()
            }
        });
        for name in config
            .sections
            .iter()
            .flatten()
            .chain(config.plugins.keys())
        {
            if !crate::plugin::valid_name(name) {
                return Err(ErrorKind::Config {
                    path: path.to_path_buf(),
                    message: format!(
                        "invalid section name {name:?}: use lowercase letters, digits and `-`"
                    ),
                }
                .into());
            }
        }
        config.base_dir = Some(base);
        Ok(config)
    }

    pub(crate) fn base_dir(&self) -> Option<&Path> {
        self.base_dir.as_deref()
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_config() {
        let text = r#"
sections = ["overview", "timeline"]
templates = "tpl"

[plugins.timeline]
optional = true
command = "bin/timeline"
options = { granularity = "year" }

[pdf]
font-paths = ["fonts"]
"#;
        let c = Config::parse(text, Path::new("conf/briefing.toml")).unwrap();
        assert_eq!(c.sections.as_deref().unwrap(), ["overview", "timeline"]);
        assert_eq!(c.templates.as_deref(), Some(Path::new("conf/tpl")));
        let p = &c.plugins["timeline"];
        assert!(p.optional);
        assert_eq!(p.options_json(), serde_json::json!({"granularity": "year"}));
        assert_eq!(c.pdf.font_paths, [PathBuf::from("conf/fonts")]);
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_line() {
        let err = Config::parse(
            "sections = []\nsection = [\"x\"]\n",
            Path::new("briefing.toml"),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("briefing.toml: line 2"), "{msg}");
        assert!(msg.contains("unknown field `section`"), "{msg}");
        let err = Config::parse("[plugins.x]\noptinal = true\n", Path::new("b.toml")).unwrap_err();
        assert!(err.to_string().contains("unknown field `optinal`"), "{err}");
        let err = Config::parse("[pdf]\nfonts = []\n", Path::new("b.toml")).unwrap_err();
        assert!(err.to_string().contains("unknown field `fonts`"), "{err}");
    }

    #[test]
    fn bad_section_names_are_rejected() {
        let err = Config::parse("sections = [\"../evil\"]\n", Path::new("b.toml")).unwrap_err();
        assert!(err.to_string().contains("invalid section name"), "{err}");
    }
}
