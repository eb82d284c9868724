//! The input files under a folder: every regular file, in a fixed order
//! (sorted by path, byte-wise), hidden files and folders (`.name`) left
//! out, symbolic links followed (loops are errors), and the output folder
//! left out when it lies inside. The format of each file is told later, by
//! its content.

use std::path::{Component, Path, PathBuf};

use crate::source::Input;

/// What a walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// Sorted by key.
    pub inputs: Vec<Input>,
    /// Entries that could not be read (permissions, link loops), with why.
    pub errors: Vec<(String, String)>,
}

/// Every input file under `root`; `exclude` (an output folder) is not
/// entered.
pub fn inputs(root: &Path, exclude: Option<&Path>) -> Found {
    let exclude = exclude.and_then(|p| std::fs::canonicalize(p).ok());
    let mut found = Found::default();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            match &exclude {
                Some(ex) if e.file_type().is_dir() => {
                    std::fs::canonicalize(e.path()).map_or(true, |p| &p != ex)
                }
                _ => true,
            }
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let key = key(root, e.path());
                let bytes = e.metadata().ok().map(|m| m.len());
                found.inputs.push(Input {
                    path: e.into_path(),
                    key,
                    bytes,
                });
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                let why = match err.io_error() {
                    Some(io) => io.to_string(),
                    None => err.to_string(),
                };
                found.errors.push((path, why));
            }
        }
    }
    found.inputs.sort_by(|a, b| a.key.cmp(&b.key));
    found
}

/// `path` relative to `root`, `/`-separated: the input's name in outputs.
pub fn key(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "input".to_owned())
    } else {
        parts.join("/")
    }
}

/// An input given as one file: its key is its file name.
pub fn single(path: &Path) -> Input {
    Input {
        path: path.to_owned(),
        key: key(path.parent().unwrap_or(Path::new("")), path),
        bytes: std::fs::metadata(path).ok().map(|m| m.len()),
    }
}

/// Where the output of the input named `key` goes under `out`:
/// `out/<key>.<extension>`.
pub fn output_path(out: &Path, key: &str, extension: &str) -> PathBuf {
    let mut path = out.to_owned();
    for part in key.split('/') {
        path.push(part);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.set_file_name(format!("{name}.{extension}"));
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_without_hidden_files_or_the_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        for f in [
            "b.txt",
            "a/z.nxml",
            "a/c.xml",
            ".hidden.txt",
            ".git/x.txt",
            "out/a.txt.jsonl",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, b"x").expect("write");
        }
        let found = inputs(root, Some(&root.join("out")));
        let keys: Vec<&str> = found.inputs.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["a/c.xml", "a/z.nxml", "b.txt"]);
        assert!(found.errors.is_empty());
        assert_eq!(found.inputs[2].bytes, Some(1));
    }

    #[test]
    fn outputs_mirror_the_inputs() {
        assert_eq!(
            output_path(Path::new("out"), "a/b.nxml", "jsonl"),
            Path::new("out/a/b.nxml.jsonl")
        );
        assert_eq!(
            key(Path::new("corpus"), Path::new("corpus/x/y.txt")),
            "x/y.txt"
        );
        assert_eq!(single(Path::new("dir/review.txt")).key, "review.txt");
    }
}
