//! The shipped default lexicon, user lexicons given as TSV, and the cache
//! their compiled forms live in.
//!
//! Compiled lexicons are cached under [`cache_dir`] as
//! `<label>-v<format>-<hash>.blx`, where the hash covers the source bytes, the format
//! and normalization versions, the compiler revision and the stop list: any
//! change compiles afresh, and an unchanged source is compiled once per
//! machine. Files are written to a temporary name and renamed, so concurrent
//! processes never see a partial file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::NORMALIZATION_VERSION;
use crate::compile::Compiler;
use crate::error::{Error, Result};
use crate::format::{FORMAT_VERSION, MAGIC};
use crate::lexicon::Lexicon;
use crate::tsv::{self, CONCEPTS_HEADER};

/// Bumped whenever the compiler's output changes for the same input (case
/// rules, variants, flags), so caches are rebuilt.
const COMPILER_REVISION: u32 = 5;

/// The default lexicon's source: a zstd-compressed concept TSV, built from
/// `../shared/lexicons` by `cargo xtask lexicon`.
static DEFAULT_SOURCE: &[u8] = include_bytes!("../data/default-lexicon.tsv.zst");

/// The compressed source data of the default lexicon.
pub fn default_source() -> &'static [u8] {
    DEFAULT_SOURCE
}

/// The default lexicon's source, decompressed: a concept TSV.
pub fn default_source_tsv() -> Result<String> {
    let text = zstd::decode_all(DEFAULT_SOURCE)
        .map_err(|e| Error::Build(format!("default lexicon data: {e}")))?;
    String::from_utf8(text).map_err(|_| Error::Build("default lexicon data is not UTF-8".into()))
}

/// Where compiled lexicons are cached: `$BRIEFING_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/briefing`, else `$HOME/.cache/briefing`, else a
/// `briefing-cache` folder in the temporary directory.
pub fn cache_dir() -> PathBuf {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = env("BRIEFING_CACHE_DIR") {
        return d;
    }
    if let Some(d) = env("XDG_CACHE_HOME") {
        return d.join("briefing");
    }
    if let Some(h) = env("HOME") {
        return h.join(".cache").join("briefing");
    }
    std::env::temp_dir().join("briefing-cache")
}

fn cache_key(source: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(source);
    h.update(FORMAT_VERSION.to_le_bytes());
    h.update(NORMALIZATION_VERSION.to_le_bytes());
    h.update(COMPILER_REVISION.to_le_bytes());
    h.update(include_bytes!("../data/stoplist.tsv"));
    h.finalize()
        .iter()
        .take(10)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Opens the cached compilation of `source`, compiling it with `build` when
/// missing. When the cache cannot be written, the lexicon lives in memory.
fn cached(label: &str, source: &[u8], build: impl FnOnce() -> Result<Vec<u8>>) -> Result<Lexicon> {
    let dir = cache_dir();
    // The format version in the name: a briefing reading another format
    // neither opens this file nor removes it as stale.
    let label = format!("{label}-v{FORMAT_VERSION}");
    let label = label.as_str();
    let path = dir.join(format!("{label}-{}.blx", cache_key(source)));
    if path.is_file()
        && let Ok(lexicon) = Lexicon::open_compiled(&path)
    {
        return Ok(lexicon);
    }
    let bytes = build()?;
    match write_atomic(&dir, &path, &bytes) {
        Ok(()) => {
            if label.starts_with("default-") {
                remove_stale(&dir, label, &path);
            }
            Lexicon::open_compiled(&path)
        }
        Err(_) => Lexicon::from_bytes(bytes),
    }
}

/// Removes earlier compilations of the default lexicon in this format
/// (other hashes): each is over 100 MB. A process still mapping one keeps
/// its pages.
fn remove_stale(dir: &Path, label: &str, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p != keep && name.starts_with(&format!("{label}-")) && name.ends_with(".blx") {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in `dir`.
pub(crate) fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

static DEFAULT: OnceLock<Lexicon> = OnceLock::new();

impl Lexicon {
    /// The lexicon shipped with briefing (see `docs/lexicon.md`): compiled
    /// on first use from the crate's compressed source data, cached under
    /// [`cache_dir`], then memory-mapped. Later calls in the process share
    /// it.
    pub fn default_lexicon() -> Result<Lexicon> {
        if let Some(l) = DEFAULT.get() {
            return Ok(l.clone());
        }
        let lexicon = cached("default", DEFAULT_SOURCE, || {
            let text = zstd::decode_all(DEFAULT_SOURCE)
                .map_err(|e| Error::Build(format!("default lexicon data: {e}")))?;
            let text = String::from_utf8(text)
                .map_err(|_| Error::Build("default lexicon data is not UTF-8".into()))?;
            let parsed = tsv::read_concepts_tsv(&text, Path::new("default-lexicon.tsv"), true)?;
            let mut c = Compiler::new();
            c.extend(parsed.concepts);
            c.compile("briefing default lexicon")
        })?;
        Ok(DEFAULT.get_or_init(|| lexicon).clone())
    }

    /// Opens a lexicon file of any kind: a compiled lexicon (memory-mapped),
    /// a concept TSV, or a user TSV (`id`, `name`, optional `type`). TSV
    /// files are compiled on the fly and cached by content hash; their
    /// malformed lines are skipped (use [`Lexicon::open_tsv`] to see or
    /// refuse them).
    pub fn open(path: impl AsRef<Path>) -> Result<Lexicon> {
        let path = path.as_ref();
        let mut head = [0u8; 8];
        let n = {
            use std::io::Read;
            let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            f.read(&mut head).map_err(|e| Error::io(path, e))?
        };
        if n == MAGIC.len() && &head == MAGIC {
            return Lexicon::open_compiled(path);
        }
        Ok(Lexicon::open_tsv(path, false)?.0)
    }

    /// Compiles (or takes from the cache) a concept TSV or user TSV, and
    /// returns it with the malformed lines that were skipped; with `strict`
    /// the first malformed line is an error.
    pub fn open_tsv(
        path: impl AsRef<Path>,
        strict: bool,
    ) -> Result<(Lexicon, Vec<crate::sources::Problem>)> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = std::str::from_utf8(&bytes).map_err(|_| Error::Source {
            path: path.to_path_buf(),
            line: 0,
            message: "not valid UTF-8".into(),
        })?;
        let parsed = if text.starts_with(CONCEPTS_HEADER) {
            tsv::read_concepts_tsv(text, path, strict)?
        } else {
            tsv::read_user_tsv(text, path, strict)?
        };
        let problems = parsed.problems.clone();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let lexicon = cached("user", &bytes, move || {
            let mut c = Compiler::new();
            c.extend(parsed.concepts);
            c.compile(&name)
        })?;
        Ok((lexicon, problems))
    }
}
