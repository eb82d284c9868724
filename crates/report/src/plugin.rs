//! Briefing sections as plugins.
//!
//! A section is anything that implements [`Section`]: a name and one method
//! that turns a [`SectionContext`] into a [`SectionOutput`]. The
//! [`Registry`] resolves a list of names (from `briefing.toml` or the
//! command line) into sections: built-in ones by name, Rust ones registered
//! by a program, and anything else as an external command
//! `briefing-plugin-<name>` that reads a [`PluginInput`] as JSON on stdin
//! and writes a [`PluginOutput`] as JSON on stdout.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use briefing_model::Document;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::index::DocIndex;
use crate::sections;
use crate::view::{Block, SectionOutput};

/// The version of the plugin protocol ([`PluginInput`] and [`PluginOutput`]).
pub const PLUGIN_SCHEMA: &str = "briefing/plugin/1";

/// A briefing section. Object-safe: the registry holds `Arc<dyn Section>`.
pub trait Section: Send + Sync {
    /// The name `briefing.toml` and `--sections` use.
    fn name(&self) -> &str;
    /// Builds the section for one document.
    fn build(&self, ctx: &SectionContext<'_>) -> Result<SectionOutput, Error>;
}

/// What a section sees: the annotated document, the section's options from
/// `briefing.toml`, and lookups shared by the built-in sections.
#[derive(Debug)]
#[non_exhaustive]
pub struct SectionContext<'a> {
    /// The plugin protocol version, [`PLUGIN_SCHEMA`].
    pub version: &'static str,
    /// The name the section was selected by.
    pub name: &'a str,
    pub document: &'a Document,
    /// `[plugins.<name>.options]` from `briefing.toml`.
    pub options: &'a serde_json::Value,
    pub(crate) index: &'a DocIndex<'a>,
}

/// What an external plugin reads on stdin.
#[derive(Debug, Serialize)]
pub struct PluginInput<'a> {
    pub schema: &'static str,
    pub section: &'a str,
    pub options: &'a serde_json::Value,
    /// The annotated document (`briefing/annotated-review/1`).
    pub document: &'a Document,
}

/// What an external plugin writes on stdout.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PluginOutput {
    pub title: String,
    #[serde(default)]
    pub blocks: Vec<Block>,
}

/// The built-in sections with a line about each, in their default order.
pub const BUILTIN_SECTIONS: [(&str, &str); 9] = [
    (
        "overview",
        "metadata, TL;DR, key figures and a summary of the best-supported claims",
    ),
    (
        "mechanisms",
        "agent – relation – target table with evidence grades, and the mechanism graph",
    ),
    (
        "outcomes",
        "efficacy and safety findings with their evidence tier",
    ),
    ("bottlenecks", "limitations, challenges and unmet needs"),
    ("strategies", "emerging strategies and future directions"),
    (
        "evidence",
        "evidence profile: claims per tier and certainty grade",
    ),
    (
        "entities",
        "entity index by type, with identifiers linked to their databases",
    ),
    (
        "references",
        "the reference list with the claims citing each reference",
    ),
    (
        "provenance",
        "every claim with its sentence, references and score breakdown",
    ),
];

/// The default section list.
pub fn default_sections() -> Vec<String> {
    BUILTIN_SECTIONS
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .collect()
}

/// Resolves section names to sections.
pub struct Registry {
    sections: BTreeMap<String, Arc<dyn Section>>,
    /// Names still bound to the built-in sections.
    builtin_names: Vec<&'static str>,
    /// Where external plugins are looked up; `None` means the `PATH`.
    search_path: Option<Vec<PathBuf>>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("sections", &self.sections.keys().collect::<Vec<_>>())
            .field("search_path", &self.search_path)
            .finish()
    }
}

impl Default for Registry {
    fn default() -> Self {
        Registry::new()
    }
}

/// Sections resolved from a configuration, ready to run.
#[derive(Clone)]
pub struct Plan {
    pub(crate) sections: Vec<Planned>,
    /// Optional plugins that were not found.
    pub notes: Vec<String>,
}

#[derive(Clone)]
pub(crate) struct Planned {
    pub name: String,
    pub section: Arc<dyn Section>,
    pub options: serde_json::Value,
    /// True for the built-in section of that name.
    pub builtin: bool,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("sections", &self.names())
            .field("notes", &self.notes)
            .finish()
    }
}

impl Plan {
    /// The names of the sections, in order.
    pub fn names(&self) -> Vec<&str> {
        self.sections.iter().map(|p| p.name.as_str()).collect()
    }
}

impl Registry {
    /// A registry with the built-in sections; external plugins are looked up
    /// on the `PATH`.
    pub fn new() -> Self {
        let mut registry = Registry {
            sections: BTreeMap::new(),
            builtin_names: Vec::new(),
            search_path: None,
        };
        for section in sections::builtins() {
            registry.register(section);
        }
        registry.builtin_names = BUILTIN_SECTIONS.iter().map(|(n, _)| *n).collect();
        registry
    }

    /// Adds (or replaces) a section implemented in Rust.
    pub fn register(&mut self, section: Arc<dyn Section>) {
        self.builtin_names.retain(|n| *n != section.name());
        self.sections.insert(section.name().to_owned(), section);
    }

    /// Looks up external plugins in these folders instead of the `PATH`.
    pub fn with_search_path(mut self, dirs: Vec<PathBuf>) -> Self {
        self.search_path = Some(dirs);
        self
    }

    /// Resolves the sections of a configuration: `names` when given (the
    /// command line), else the config's list, else the built-ins.
    pub fn plan(&self, config: &Config, names: Option<&[String]>) -> Result<Plan, Error> {
        let names: Vec<String> = match names {
            Some(n) if !n.is_empty() => n.to_vec(),
            _ => config.sections.clone().unwrap_or_else(default_sections),
        };
        let mut plan = Plan {
            sections: Vec::new(),
            notes: Vec::new(),
        };
        for name in names {
            let name = name.trim().to_owned();
            if !valid_name(&name) {
                return Err(ErrorKind::InvalidSectionName { name }.into());
            }
            if plan.sections.iter().any(|p| p.name == name) {
                return Err(ErrorKind::DuplicateSection { name }.into());
            }
            let plugin = config.plugins.get(&name);
            let options = plugin
                .map(|p| p.options_json())
                .unwrap_or(serde_json::Value::Null);
            let mut builtin = false;
            let section: Arc<dyn Section> = match (
                plugin.and_then(|p| p.command.as_ref()),
                self.sections.get(&name),
            ) {
                (None, Some(found)) => {
                    builtin = self.builtin_names.contains(&name.as_str());
                    Arc::clone(found)
                }
                (command, _) => {
                    let command_name = command
                        .cloned()
                        .unwrap_or_else(|| format!("briefing-plugin-{name}"));
                    match self.find_program(&command_name, config.base_dir()) {
                        Some(program) => Arc::new(External {
                            name: name.clone(),
                            program,
                        }),
                        None if plugin.is_some_and(|p| p.optional) => {
                            plan.notes.push(format!(
                                "optional section `{name}` skipped: plugin command `{command_name}` not found"
                            ));
                            continue;
                        }
                        None => {
                            return Err(ErrorKind::PluginMissing {
                                name,
                                command: command_name,
                            }
                            .into());
                        }
                    }
                }
            };
            plan.sections.push(Planned {
                name,
                section,
                options,
                builtin,
            });
        }
        Ok(plan)
    }

    /// The program for a command name: a path (relative to the config's
    /// folder) when it has a separator, else a file in the search path.
    fn find_program(&self, command: &str, base: Option<&Path>) -> Option<PathBuf> {
        let path = Path::new(command);
        if path.components().count() > 1 {
            let full = match base {
                Some(b) if path.is_relative() => b.join(path),
                _ => path.to_path_buf(),
            };
            return is_executable(&full).then_some(full);
        }
        let dirs: Vec<PathBuf> = match &self.search_path {
            Some(dirs) => dirs.clone(),
            None => std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect())
                .unwrap_or_default(),
        };
        dirs.into_iter()
            .flat_map(|dir| candidates(&dir, command))
            .find(|p| is_executable(p))
    }
}

fn candidates(dir: &Path, command: &str) -> Vec<PathBuf> {
    let mut out = vec![dir.join(command)];
    if cfg!(windows) {
        out.push(dir.join(format!("{command}.exe")));
    }
    out
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Section names: lowercase ASCII letters, digits and `-`, starting with a
/// letter; they become command names and fragment ids.
pub(crate) fn valid_name(name: &str) -> bool {
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A section implemented by an external command.
struct External {
    name: String,
    program: PathBuf,
}

impl Section for External {
    fn name(&self) -> &str {
        &self.name
    }

    fn build(&self, ctx: &SectionContext<'_>) -> Result<SectionOutput, Error> {
        let command = self.program.display().to_string();
        let fail = |message: String, stderr: String| {
            Error::from(ErrorKind::Plugin {
                name: self.name.clone(),
                command: command.clone(),
                message,
                stderr,
            })
        };
        let input = PluginInput {
            schema: PLUGIN_SCHEMA,
            section: ctx.name,
            options: ctx.options,
            document: ctx.document,
        };
        let json = serde_json::to_vec(&input)
            .map_err(|e| fail(format!("cannot encode its input: {e}"), String::new()))?;
        let mut child = Command::new(&self.program)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| fail(format!("cannot start it: {e}"), String::new()))?;
        // Write on a thread so a plugin that writes before reading all of
        // its input cannot deadlock us.
        let mut stdin = child.stdin.take();
        let writer = std::thread::spawn(move || -> std::io::Result<()> {
            if let Some(stdin) = stdin.as_mut() {
                stdin.write_all(&json)?;
            }
            Ok(())
        });
        let output = child
            .wait_with_output()
            .map_err(|e| fail(format!("cannot read its output: {e}"), String::new()))?;
        let write_result = writer.join().unwrap_or(Ok(()));
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if !output.status.success() {
            let message = match output.status.code() {
                Some(code) => format!("exit code {code}"),
                None => "killed by a signal".to_owned(),
            };
            return Err(fail(message, stderr));
        }
        if let Err(e) = write_result {
            // A plugin may legitimately ignore its input, but a broken pipe
            // with a success status and no output is worth saying.
            if output.stdout.is_empty() {
                return Err(fail(format!("it did not read its input: {e}"), stderr));
            }
        }
        let out: PluginOutput = serde_json::from_slice(&output.stdout).map_err(|e| {
            fail(
                format!(
                    "its output is not a section (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
                stderr.clone(),
            )
        })?;
        Ok(SectionOutput::blocks(&self.name, out.title, out.blocks))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(valid_name("overview"));
        assert!(valid_name("my-plugin2"));
        assert!(!valid_name("../x"));
        assert!(!valid_name("My"));
        assert!(!valid_name(""));
        assert!(!valid_name("a b"));
    }

    #[test]
    fn builtins_resolve_in_default_order() {
        let plan = Registry::new().plan(&Config::default(), None).unwrap();
        let expected: Vec<&str> = BUILTIN_SECTIONS.iter().map(|(n, _)| *n).collect();
        assert_eq!(plan.names(), expected);
    }

    #[test]
    fn missing_plugin_says_how_to_fix_it() {
        let registry = Registry::new().with_search_path(vec![]);
        let err = registry
            .plan(
                &Config::default(),
                Some(&["overview".into(), "timeline".into()]),
            )
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::PluginMissing { .. }));
        assert!(
            err.to_string().contains("briefing-plugin-timeline"),
            "{err}"
        );
        let hint = err.hint().unwrap();
        assert!(
            hint.contains("cargo install briefing-plugin-timeline"),
            "{hint}"
        );
        assert!(
            hint.contains("[plugins.timeline]") && hint.contains("optional = true"),
            "{hint}"
        );
    }

    #[test]
    fn optional_missing_plugin_is_skipped_with_a_note() {
        let config = Config::parse(
            "[plugins.timeline]\noptional = true\n",
            Path::new("briefing.toml"),
        )
        .unwrap();
        let registry = Registry::new().with_search_path(vec![]);
        let plan = registry
            .plan(&config, Some(&["overview".into(), "timeline".into()]))
            .unwrap();
        assert_eq!(plan.names(), ["overview"]);
        assert_eq!(plan.notes.len(), 1);
        assert!(plan.notes[0].contains("timeline"));
    }

    #[test]
    fn duplicate_and_invalid_names_are_errors() {
        let r = Registry::new();
        let err = r
            .plan(
                &Config::default(),
                Some(&["overview".into(), "overview".into()]),
            )
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::DuplicateSection { .. }));
        let err = r
            .plan(&Config::default(), Some(&["../../bin/sh".into()]))
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidSectionName { .. }));
    }
}
