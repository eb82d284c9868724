//! `cargo xtask report [DIR] [-- BRIEFING-ARGS...]`: the briefings of every
//! document under DIR (default: the bundled examples), in Markdown, HTML, PDF
//! and JSON, with an index, written to `target/briefings/`.
//!
//! The work is `briefing report`'s (parallel over all cores, progress bar,
//! failed inputs reported while the rest finish); this task finds the
//! inputs, makes sure `typst` is there (installing it once into `.tools/`
//! when it is not on the PATH), builds `briefing` in release mode and runs
//! it. The exit code is briefing's: 0 when every input was briefed.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, bail};

/// File extensions `briefing` reads (it tells the format by content).
const INPUT_EXTENSIONS: [&str; 8] = [
    "txt", "md", "markdown", "xml", "nxml", "json", "jsonl", "pubtator",
];

pub fn run(args: &[String]) -> anyhow::Result<ExitCode> {
    let root = crate::lexicon::root();
    let (ours, passthrough) = match args.iter().position(|a| a == "--") {
        Some(i) => (&args[..i], &args[i + 1..]),
        None => (args, &[][..]),
    };
    let mut dir: Option<PathBuf> = None;
    for a in ours {
        if a.starts_with('-') || dir.is_some() {
            bail!(
                "unknown argument {a:?}; usage: cargo xtask report [DIR] [-- BRIEFING-REPORT-ARGS...]"
            );
        }
        dir = Some(PathBuf::from(a));
    }
    let dir = dir.unwrap_or_else(|| root.join("examples"));
    let inputs = find_inputs(&dir)?;
    if inputs.is_empty() {
        bail!(
            "no documents under {} (looked for .{})",
            dir.display(),
            INPUT_EXTENSIONS.join(", .")
        );
    }
    let out = root.join("target").join("briefings");
    let typst = typst(&root);
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(&root)
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "briefing-cli",
            "--bin",
            "briefing",
            "--",
            "report",
        ])
        .args(&inputs)
        .args([
            "--format", "md", "--format", "html", "--format", "json", "--index",
        ])
        .arg("--out")
        .arg(&out);
    match &typst {
        Some(program) => {
            cmd.args(["--format", "pdf", "--typst"]).arg(program);
        }
        None => eprintln!("xtask: writing the briefings without PDF"),
    }
    cmd.args(passthrough);
    eprintln!(
        "xtask: {} document(s) from {} -> {}",
        inputs.len(),
        dir.display(),
        out.display()
    );
    let status = cmd.status().context("cannot run cargo")?;
    if status.success() {
        eprintln!("xtask: open {}", out.join("index.html").display());
    }
    let code = status.code().unwrap_or(2);
    Ok(if typst.is_none() && code == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::from(code.clamp(0, 255) as u8)
    })
}

/// Every readable file under `dir` (or `dir` itself when it is a file), in
/// a stable order; hidden files and READMEs are skipped.
fn find_inputs(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if dir.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    if !dir.is_dir() {
        bail!("{}: no such folder", dir.display());
    }
    let mut inputs = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        let ext = name.rsplit('.').next().unwrap_or_default();
        if name.starts_with("readme") || !INPUT_EXTENSIONS.contains(&ext) {
            continue;
        }
        inputs.push(entry.into_path());
    }
    Ok(inputs)
}

/// The typst program: on the PATH, else in `.tools/bin`, else installed
/// there now (once). `None` when it cannot be had.
fn typst(root: &Path) -> Option<PathBuf> {
    let works = |p: &Path| {
        Command::new(p)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if works(Path::new("typst")) {
        return Some(PathBuf::from("typst"));
    }
    let tools = root.join(".tools");
    let local = tools
        .join("bin")
        .join(if cfg!(windows) { "typst.exe" } else { "typst" });
    if works(&local) {
        return Some(local);
    }
    eprintln!(
        "xtask: typst is not on the PATH; installing typst-cli into {} (once; this takes several minutes)",
        tools.display()
    );
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["install", "--locked", "typst-cli", "--root"])
        .arg(&tools)
        .status();
    match status {
        Ok(s) if s.success() && works(&local) => Some(local),
        _ => {
            eprintln!(
                "xtask: error: could not install typst-cli; install it yourself (`cargo install --locked typst-cli`) for PDF output"
            );
            None
        }
    }
}
