//! The error type of the report crate: a small opaque [`Error`] with a
//! `#[non_exhaustive]` [`ErrorKind`] that says what failed and carries what a
//! user needs to fix it (the template and its message, a plugin's stderr,
//! typst's diagnostics).

use std::fmt;
use std::path::PathBuf;

/// An error from building or rendering a briefing.
#[derive(Debug)]
pub struct Error {
    kind: Box<ErrorKind>,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `briefing.toml` could not be read or holds something unexpected.
    Config { path: PathBuf, message: String },
    /// A section name that is neither built in nor an external plugin name.
    InvalidSectionName { name: String },
    /// A section is listed twice.
    DuplicateSection { name: String },
    /// An external plugin command is not installed (and not optional).
    PluginMissing { name: String, command: String },
    /// An external plugin ran but failed or wrote something unreadable.
    Plugin {
        name: String,
        command: String,
        message: String,
        stderr: String,
    },
    /// A template failed to parse or to render.
    Template { template: String, message: String },
    /// A template override folder could not be read.
    TemplateDir { path: PathBuf, message: String },
    /// The `typst` program was not found.
    TypstMissing { program: String },
    /// `typst compile` ran and failed.
    Typst {
        program: String,
        status: Option<i32>,
        stderr: String,
    },
    /// Other input/output failures (temporary files, pipes).
    Io {
        what: String,
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Error {
            kind: Box::new(kind),
        }
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// A hint for the user, where there is one ("install it with ...").
    pub fn hint(&self) -> Option<String> {
        match &*self.kind {
            ErrorKind::PluginMissing { name, command } => Some(format!(
                "install a program named `{command}` on the PATH (for a Rust plugin: \
                 `cargo install {command}`), or mark the section optional in briefing.toml:\n\
                 \n    [plugins.{name}]\n    optional = true"
            )),
            ErrorKind::TypstMissing { .. } => Some(
                "install the typst CLI with `cargo install --locked typst-cli` (several \
                 minutes), or run `cargo xtask report`, which installs it into `.tools/`; \
                 `--typst PATH` points at a typst binary elsewhere"
                    .to_owned(),
            ),
            ErrorKind::InvalidSectionName { .. } => Some(
                "section names are lowercase letters, digits and `-`; the built-in sections \
                 are listed by `briefing report --help`"
                    .to_owned(),
            ),
            _ => None,
        }
    }

    pub(crate) fn io(what: impl Into<String>, source: std::io::Error) -> Self {
        Error::new(ErrorKind::Io {
            what: what.into(),
            source,
        })
    }

    pub(crate) fn template(template: &str, err: &tera::Error) -> Self {
        Error::new(ErrorKind::Template {
            template: template.to_owned(),
            message: tera_message(err),
        })
    }
}

/// Tera's message with the whole chain of causes, which is where the useful
/// part (the line, the undefined variable) usually is.
fn tera_message(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.kind {
            ErrorKind::Config { path, message } => {
                write!(f, "{}: {message}", path.display())
            }
            ErrorKind::InvalidSectionName { name } => write!(f, "invalid section name {name:?}"),
            ErrorKind::DuplicateSection { name } => {
                write!(f, "section `{name}` is listed more than once")
            }
            ErrorKind::PluginMissing { name, command } => write!(
                f,
                "section `{name}` is not built in, and no plugin command `{command}` was found"
            ),
            ErrorKind::Plugin {
                name,
                command,
                message,
                stderr,
            } => {
                write!(f, "plugin `{name}` (`{command}`) failed: {message}")?;
                write_stderr(f, stderr)
            }
            ErrorKind::Template { template, message } => {
                write!(f, "template `{template}`: {message}")
            }
            ErrorKind::TemplateDir { path, message } => {
                write!(f, "templates in {}: {message}", path.display())
            }
            ErrorKind::TypstMissing { program } => {
                write!(f, "cannot run `{program}`: the typst CLI is not installed")
            }
            ErrorKind::Typst {
                program,
                status,
                stderr,
            } => {
                match status {
                    Some(code) => write!(f, "`{program} compile` failed with exit code {code}")?,
                    None => write!(f, "`{program} compile` was killed by a signal")?,
                }
                write_stderr(f, stderr)
            }
            ErrorKind::Io { what, source } => write!(f, "{what}: {source}"),
        }
    }
}

fn write_stderr(f: &mut fmt::Formatter<'_>, stderr: &str) -> fmt::Result {
    let stderr = stderr.trim_end();
    if stderr.is_empty() {
        return Ok(());
    }
    f.write_str(":")?;
    for line in stderr.lines() {
        write!(f, "\n  {line}")?;
    }
    Ok(())
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}
