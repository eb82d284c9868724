//! PDF through the `typst` command.
//!
//! The Typst source goes to `typst compile` on stdin and the PDF comes back
//! on stdout. Settings are reproducible: a fixed creation timestamp, system
//! fonts ignored (typst's embedded fonts plus the folders given), and the
//! font and root environment variables cleared, so the same source gives the
//! same PDF bytes on any machine with the same typst version.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, ErrorKind};

/// How to run typst.
#[derive(Debug, Clone)]
pub struct Typst {
    program: PathBuf,
    font_paths: Vec<PathBuf>,
    creation_timestamp: i64,
    jobs: Option<usize>,
}

impl Default for Typst {
    fn default() -> Self {
        Typst::new("typst")
    }
}

impl Typst {
    /// `program` is a name on the PATH or a path to the binary.
    pub fn new(program: impl Into<PathBuf>) -> Self {
        Typst {
            program: program.into(),
            font_paths: Vec::new(),
            creation_timestamp: 0,
            jobs: None,
        }
    }

    /// Extra font folders (searched recursively by typst).
    pub fn font_paths(mut self, paths: Vec<PathBuf>) -> Self {
        self.font_paths = paths;
        self
    }

    /// The PDF's creation date, as a UNIX timestamp (default: 0).
    pub fn creation_timestamp(mut self, timestamp: i64) -> Self {
        self.creation_timestamp = timestamp;
        self
    }

    /// Threads typst may use per compilation (default: typst's choice).
    /// Callers compiling many documents in parallel set this to 1.
    pub fn jobs(mut self, jobs: usize) -> Self {
        self.jobs = Some(jobs.max(1));
        self
    }

    pub fn program(&self) -> &Path {
        &self.program
    }

    /// `typst --version`, or [`ErrorKind::TypstMissing`].
    pub fn version(&self) -> Result<String, Error> {
        let output = Command::new(&self.program)
            .arg("--version")
            .output()
            .map_err(|e| self.spawn_error(e))?;
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }

    /// Compiles Typst source to PDF bytes.
    pub fn compile(&self, source: &str) -> Result<Vec<u8>, Error> {
        let mut cmd = Command::new(&self.program);
        cmd.arg("compile")
            .args([
                "--format",
                "pdf",
                "--diagnostic-format",
                "short",
                "--ignore-system-fonts",
            ])
            .arg("--creation-timestamp")
            .arg(self.creation_timestamp.to_string());
        for path in &self.font_paths {
            cmd.arg("--font-path").arg(path);
        }
        if let Some(jobs) = self.jobs {
            cmd.arg("--jobs").arg(jobs.to_string());
        }
        cmd.args(["-", "-"])
            .env_remove("TYPST_FONT_PATHS")
            .env_remove("TYPST_ROOT")
            .env_remove("TYPST_FEATURES")
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| self.spawn_error(e))?;
        let mut stdin = child.stdin.take();
        let source = source.to_owned();
        let writer = std::thread::spawn(move || -> std::io::Result<()> {
            if let Some(stdin) = stdin.as_mut() {
                stdin.write_all(source.as_bytes())?;
            }
            Ok(())
        });
        let output = child.wait_with_output().map_err(|e| {
            Error::io(
                format!("reading the output of `{}`", self.program.display()),
                e,
            )
        })?;
        let written = writer.join().unwrap_or(Ok(()));
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if !output.status.success() {
            return Err(ErrorKind::Typst {
                program: self.program.display().to_string(),
                status: output.status.code(),
                stderr,
            }
            .into());
        }
        if let Err(e) = written {
            return Err(Error::io(
                format!("writing the source to `{}`", self.program.display()),
                e,
            ));
        }
        if !output.stdout.starts_with(b"%PDF") {
            return Err(ErrorKind::Typst {
                program: self.program.display().to_string(),
                status: output.status.code(),
                stderr: format!("the output is not a PDF\n{stderr}"),
            }
            .into());
        }
        Ok(output.stdout)
    }

    fn spawn_error(&self, e: std::io::Error) -> Error {
        if e.kind() == std::io::ErrorKind::NotFound {
            ErrorKind::TypstMissing {
                program: self.program.display().to_string(),
            }
            .into()
        } else {
            Error::io(format!("cannot run `{}`", self.program.display()), e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_typst_has_a_hint() {
        let err = Typst::new("/nonexistent/typst-for-a-test")
            .compile("= x")
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::TypstMissing { .. }),
            "{err}"
        );
        assert!(
            err.hint()
                .unwrap()
                .contains("cargo install --locked typst-cli")
        );
    }
}
