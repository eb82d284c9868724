//! Annotated corpora for entity evaluation and training: PubTator and BioC
//! (through `briefing-formats`), CRAFT Knowtator XML, IOB token files
//! (LINNAEUS, JNLPBA) and BioCreative II gene mention files.
//!
//! Every reader gives [`GoldDoc`]s: a [`Document`] (text and passages, with
//! the gold mentions as input entities) and the gold mentions in UTF-8 byte
//! offsets, with accepted alternative spans where the corpus has them.

mod bc2gm;
mod craft;
mod iob;

use std::path::{Path, PathBuf};

use briefing_model::{Document, EntityType, Origin};

pub use bc2gm::read_bc2gm;
pub use craft::read_craft;
pub use iob::read_iob;

/// A gold mention.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct GoldMention {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
    /// CURIEs, as the corpus gives them (empty when none).
    pub ids: Vec<String>,
    /// Other spans accepted for this mention (BC2GM `ALTGENE.eval`).
    pub alternatives: Vec<(usize, usize)>,
}

/// A document of a corpus with its gold mentions.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub doc: Document,
    pub mentions: Vec<GoldMention>,
}

impl GoldDoc {
    /// Gold mentions from a document's input entities (those with offsets).
    pub fn from_document(doc: Document) -> Self {
        let mut mentions: Vec<GoldMention> = doc
            .entities
            .iter()
            .filter(|e| e.origin == Origin::Input)
            .filter_map(|e| {
                Some(GoldMention {
                    start: e.start?,
                    end: e.end?,
                    kind: e.kind,
                    ids: e.ids.clone(),
                    alternatives: Vec::new(),
                })
            })
            .collect();
        mentions.sort();
        GoldDoc { doc, mentions }
    }
}

/// Corpus formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorpusFormat {
    Pubtator,
    Bioc,
    Craft,
    Iob,
    Bc2gm,
}

impl CorpusFormat {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "pubtator" => CorpusFormat::Pubtator,
            "bioc" => CorpusFormat::Bioc,
            "craft" | "knowtator" => CorpusFormat::Craft,
            "iob" | "conll" => CorpusFormat::Iob,
            "bc2gm" => CorpusFormat::Bc2gm,
            _ => return None,
        })
    }

    /// Tells the format of a corpus path: a CRAFT split directory holds
    /// `txt/`; a BC2GM directory holds `GENE.eval`; `.iob`/`.tsv`/`.conll`
    /// files are IOB; any other file is left to the document readers
    /// (PubTator or BioC, told by content).
    pub fn detect(path: &Path) -> Option<Self> {
        if path.is_dir() {
            if path.join("txt").is_dir() {
                return Some(CorpusFormat::Craft);
            }
            if path.join("GENE.eval").is_file() {
                return Some(CorpusFormat::Bc2gm);
            }
            return None;
        }
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".iob") || name.ends_with(".iob.tsv") || name.ends_with(".conll") {
            return Some(CorpusFormat::Iob);
        }
        if name.ends_with(".xml") {
            return Some(CorpusFormat::Bioc);
        }
        Some(CorpusFormat::Pubtator)
    }
}

/// Errors reading a corpus.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Format(#[from] briefing_formats::Error),
    #[error(
        "{path}: cannot tell the corpus format; give it with --format (pubtator, bioc, craft, iob, bc2gm)"
    )]
    Unknown { path: PathBuf },
}

pub(crate) fn read_to_string(path: &Path) -> Result<String, CorpusError> {
    std::fs::read_to_string(path).map_err(|source| CorpusError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Reads a corpus from a file or directory, in the given or detected format.
pub fn read_corpus(path: &Path, format: Option<CorpusFormat>) -> Result<Vec<GoldDoc>, CorpusError> {
    let format = match format.or_else(|| CorpusFormat::detect(path)) {
        Some(f) => f,
        None => {
            return Err(CorpusError::Unknown {
                path: path.to_owned(),
            });
        }
    };
    match format {
        CorpusFormat::Craft => read_craft(path),
        CorpusFormat::Iob => read_iob(path),
        CorpusFormat::Bc2gm => read_bc2gm(path),
        CorpusFormat::Pubtator | CorpusFormat::Bioc => {
            let wanted = match format {
                CorpusFormat::Pubtator => briefing_model::InputFormat::Pubtator,
                _ => briefing_model::InputFormat::BiocXml,
            };
            let mut out = Vec::new();
            for read in briefing_formats::open_path(path, Some(wanted))? {
                out.push(GoldDoc::from_document(read?.document));
            }
            Ok(out)
        }
    }
}

/// Byte offsets of UTF-16 code unit offsets in `text` (Java-based tools
/// such as Knowtator count UTF-16 units): `map[i]` is the byte offset of unit
/// `i`; the last entry is `text.len()`.
pub(crate) fn utf16_to_bytes(text: &str) -> Vec<usize> {
    let mut map = Vec::with_capacity(text.len() + 1);
    for (b, c) in text.char_indices() {
        for _ in 0..c.len_utf16() {
            map.push(b);
        }
    }
    map.push(text.len());
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets() {
        let m = utf16_to_bytes("aβ𝛼c");
        assert_eq!(m, [0, 1, 3, 3, 7, 8]);
    }
}
