//! `cargo xtask lexicon`: rebuilds the shipped default lexicon's source data
//! (`crates/lexicon/data/default-lexicon.tsv.zst`) from `../shared/lexicons`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use briefing_lexicon::{Compiler, Lexicon, sources};

/// The workspace root (xtask's parent folder).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// `cargo xtask lexicon [--sources DIR] [--strict]`
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut dir = root().join("../shared/lexicons");
    let mut strict = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sources" => dir = PathBuf::from(it.next().context("--sources needs a folder")?),
            "--strict" => strict = true,
            other => bail!(
                "unknown argument {other:?}; usage: cargo xtask lexicon [--sources DIR] [--strict]"
            ),
        }
    }
    if !dir.is_dir() {
        bail!(
            "{}: no lexicon sources there (expected the layout of ../shared/lexicons)",
            dir.display()
        );
    }
    let t = Instant::now();
    let parsed = sources::default_concepts(&dir, strict)?;
    for p in &parsed.problems {
        eprintln!("warning: {p} (line skipped)");
    }
    let concepts = parsed.concepts;
    eprintln!(
        "read {} concepts in {:.1} s",
        concepts.len(),
        t.elapsed().as_secs_f64()
    );
    let bytes = sources::compressed_concepts_tsv(&concepts)?;
    let out = root().join("crates/lexicon/data/default-lexicon.tsv.zst");
    std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "wrote {} ({:.2} MB)",
        out.display(),
        bytes.len() as f64 / 1e6
    );

    // Check that it compiles, and report the compiled size.
    let t = Instant::now();
    let mut c = Compiler::new();
    c.extend(concepts);
    let compiled = c.compile("briefing default lexicon")?;
    let lexicon = Lexicon::from_bytes(compiled)?;
    let info = lexicon.info();
    eprintln!(
        "compiled: {} entries, {} keys, {:.1} MB, in {:.1} s",
        info.entries,
        info.keys,
        info.file_bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    for (k, v) in info.meta.iter().filter(|(k, _)| k.starts_with("type.")) {
        eprintln!("  {k}: {v}");
    }
    Ok(())
}
