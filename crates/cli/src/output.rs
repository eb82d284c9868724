//! Writing output files safely, for every subcommand.
//!
//! A regular file is replaced atomically: the bytes go to a temporary file
//! beside it (`.<name>.XXXXXX.tmp`), which is synced and renamed into place
//! once complete, so a reader, or a run killed half way, never sees half a
//! file. Anything else is written in place: `-o /dev/null` must stay a
//! device, and a FIFO or a terminal cannot be renamed over. A symbolic link
//! is followed: its target is replaced, the link kept.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// How an output path is written.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// Opened and written in place (devices, FIFOs, directories: the
    /// opening reports what is wrong with the latter).
    Direct(PathBuf),
    /// Replaced atomically (regular files, and paths that do not exist yet).
    Atomic(PathBuf),
}

/// Tells how `path` is to be written.
pub fn target(path: &Path) -> anyhow::Result<Target> {
    let resolved = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)
            .with_context(|| format!("cannot follow the link {}", path.display()))?,
        _ => path.to_owned(),
    };
    Ok(match std::fs::metadata(&resolved) {
        Ok(m) if !m.file_type().is_file() => Target::Direct(resolved),
        _ => Target::Atomic(resolved),
    })
}

/// An output file being written; nothing is visible at its path until
/// [`OutputFile::commit`]. Dropped without a commit, the temporary file is
/// removed.
#[derive(Debug)]
pub struct OutputFile {
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    Direct(BufWriter<std::fs::File>),
    Atomic {
        buf: BufWriter<tempfile::NamedTempFile>,
        target: PathBuf,
    },
}

impl OutputFile {
    /// Starts writing `path` (its folder must exist).
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        let target = match target(path)? {
            Target::Direct(p) => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&p)
                    .with_context(|| format!("cannot write {}", p.display()))?;
                return Ok(OutputFile {
                    inner: Inner::Direct(BufWriter::new(file)),
                });
            }
            Target::Atomic(p) => p,
        };
        let dir = parent(&target);
        let prefix = temp_prefix(&target);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(TEMP_SUFFIX);
        // Readable like any file the user creates (the umask applies), not
        // private as temporary files are.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(dir)
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        Ok(OutputFile {
            inner: Inner::Atomic {
                buf: BufWriter::with_capacity(256 * 1024, tmp),
                target,
            },
        })
    }

    /// Finishes the file: flushes it, syncs it to disk and renames it into
    /// place.
    pub fn commit(self) -> anyhow::Result<()> {
        match self.inner {
            Inner::Atomic { buf, target } => {
                let tmp = buf
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(|| format!("cannot write {}", target.display()))?;
                tmp.as_file()
                    .sync_all()
                    .with_context(|| format!("cannot write {}", target.display()))?;
                tmp.persist(&target)
                    .with_context(|| format!("cannot write {}", target.display()))?;
            }
            Inner::Direct(mut w) => w.flush().context("cannot write the output")?,
        }
        Ok(())
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.inner {
            Inner::Direct(w) => w.write(buf),
            Inner::Atomic { buf: w, .. } => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.inner {
            Inner::Direct(w) => w.write_all(buf),
            Inner::Atomic { buf: w, .. } => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.inner {
            Inner::Direct(w) => w.flush(),
            Inner::Atomic { buf: w, .. } => w.flush(),
        }
    }
}

/// Writes a whole file at once, atomically (see [`OutputFile`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut file = OutputFile::create(path)?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.commit()
}

const TEMP_SUFFIX: &str = ".tmp";
/// Random characters tempfile puts between prefix and suffix.
const TEMP_RANDOM_LEN: usize = 6;

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// `.<file name>.`, the name cut short enough that the temporary name fits
/// in 255 bytes.
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cut = name.len().min(200);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(".{}.", &name[..cut])
}

/// Removes the temporary files a killed run left behind while writing
/// `target` (`.<name>.XXXXXX.tmp` beside it), returning how many. Only for
/// outputs no other process is writing at the same time.
pub fn remove_stale_temporaries(target: &Path) -> usize {
    let dir = parent(target);
    let prefix = temp_prefix(target);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_ours = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
            .is_some_and(|random| {
                random.len() == TEMP_RANDOM_LEN && random.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        if is_ours
            && entry.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_written_in_place() {
        #[cfg(unix)]
        assert_eq!(
            target(Path::new("/dev/null")).expect("target"),
            Target::Direct("/dev/null".into())
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("out.json");
        assert_eq!(target(&file).expect("target"), Target::Atomic(file.clone()));
        std::fs::write(&file, b"x").expect("write");
        assert_eq!(target(&file).expect("target"), Target::Atomic(file.clone()));
        assert!(
            matches!(target(dir.path()).expect("target"), Target::Direct(_)),
            "a directory is not replaced"
        );
    }

    #[cfg(unix)]
    #[test]
    fn dev_null_stays_a_device() {
        use std::os::unix::fs::FileTypeExt;
        write_atomic(Path::new("/dev/null"), b"nothing").expect("write");
        let kind = std::fs::metadata("/dev/null").expect("stat").file_type();
        assert!(kind.is_char_device());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.json");
        std::fs::write(&real, b"old").expect("write");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let canonical = std::fs::canonicalize(&real).expect("canonical");
        assert_eq!(target(&link).expect("target"), Target::Atomic(canonical));
        write_atomic(&link, b"new").expect("write");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("stat")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
    }

    #[test]
    fn nothing_is_visible_before_the_commit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.jsonl");
        std::fs::write(&path, b"old\n").expect("write");
        let mut file = OutputFile::create(&path).expect("create");
        file.write_all(b"new\n").expect("write");
        file.flush().expect("flush");
        assert_eq!(std::fs::read(&path).expect("read"), b"old\n");
        file.commit().expect("commit");
        assert_eq!(std::fs::read(&path).expect("read"), b"new\n");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(left.len(), 1, "no temporary file left");

        // A dropped file leaves the old one and no temporary.
        let mut file = OutputFile::create(&path).expect("create");
        file.write_all(b"half").expect("write");
        drop(file);
        assert_eq!(std::fs::read(&path).expect("read"), b"new\n");
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
    }

    #[test]
    fn stale_temporaries_of_one_output_are_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.jsonl");
        // What a killed run leaves: a temporary that was never renamed.
        let file = OutputFile::create(&path).expect("create");
        let Inner::Atomic { buf, .. } = file.inner else {
            panic!("a new path is written atomically")
        };
        let tmp = buf.into_inner().expect("flush");
        let (_, kept) = tmp.keep().expect("keep");
        std::fs::write(dir.path().join(".b.jsonl.abcdef.tmp"), b"").expect("write");
        std::fs::write(dir.path().join(".a.jsonl.notes"), b"").expect("write");
        assert_eq!(remove_stale_temporaries(&path), 1);
        assert!(!kept.exists());
        assert!(
            dir.path().join(".b.jsonl.abcdef.tmp").exists(),
            "another output's"
        );
        assert!(
            dir.path().join(".a.jsonl.notes").exists(),
            "not a temporary"
        );
    }
}
