//! One parser per source file.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use briefing_model::EntityType;

use super::{Assembly, Parsed, Problem, Taxa, read_source, uninvert};
use crate::compile::Concept;
use crate::error::Result;

/// Model organisms always taken from the NCBI Taxonomy, common name or not.
pub const MODEL_ORGANISMS: &[u32] = &[
    9606, 10090, 10116, 7955, 7227, 6239, 4932, 559292, 4896, 562, 511145, 3702, 8355, 8364, 9031,
    9823, 9615, 9913, 9544, 9541, 10141, 9986, 10036, 10029, 9940, 9925, 9796, 9685, 9598, 1773,
    1280, 287, 1423, 5833, 11676, 2697049, 4530, 4577, 3847, 44689, 5476, 5691, 590, 28901, 1313,
    573, 1352, 10298, 10359, 10376, 11103, 12721, 9031, 8090, 7460, 7091, 6183, 5811,
];

fn split(s: &str, sep: &str) -> Vec<String> {
    s.split(sep)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Calls `f` with each data line's 1-based number and columns; reports the
/// lines `f` rejects.
fn each_line(
    path: &Path,
    header: bool,
    min_cols: usize,
    strict: bool,
    parsed: &mut Parsed,
    mut f: impl FnMut(usize, &[&str]) -> Result<(), String>,
) -> Result<()> {
    let text = read_source(path)?;
    let mut cols: Vec<&str> = Vec::with_capacity(16);
    for (i, line) in text.lines().enumerate() {
        let no = i + 1;
        if (header && no == 1) || line.is_empty() {
            continue;
        }
        cols.clear();
        cols.extend(line.strip_suffix('\r').unwrap_or(line).split('\t'));
        let outcome = if cols.len() < min_cols {
            Err(format!(
                "expected {min_cols} tab-separated columns, found {}",
                cols.len()
            ))
        } else {
            f(no, &cols)
        };
        if let Err(message) = outcome {
            parsed.report(
                Problem {
                    path: path.to_path_buf(),
                    line: no,
                    message,
                },
                strict,
            )?;
        }
    }
    Ok(())
}

/// HGNC: approved genes; symbol preferred, approved name and aliases as
/// synonyms, previous symbols flagged.
pub(super) fn hgnc(
    path: &Path,
    strict: bool,
    parsed: &mut Parsed,
    asm: &mut Assembly,
) -> Result<()> {
    each_line(path, true, 10, strict, parsed, |_, c| {
        let hgnc = c[0].trim();
        if !hgnc.strip_prefix("HGNC:").is_some_and(digits) {
            return Err(format!("bad HGNC ID {hgnc:?}"));
        }
        if c[3] != "Approved" {
            return Ok(());
        }
        let gene = c[5].trim();
        if !gene.is_empty() && !digits(gene) {
            return Err(format!("bad NCBI Gene ID {gene:?}"));
        }
        let mut ids = Vec::new();
        if !gene.is_empty() {
            ids.push(format!("NCBIGene:{gene}"));
        }
        ids.push(hgnc.to_string());
        let mut synonyms = vec![c[2].trim().to_string()];
        synonyms.extend(split(c[4], ","));
        asm.push(Concept {
            kind: EntityType::Gene,
            ids,
            name: c[1].trim().to_string(),
            synonyms,
            previous: split(c[9], ","),
        });
        Ok(())
    })
}

fn mesh_names(name: &str, terms: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(u) = uninvert(name) {
        out.push(u);
    }
    for t in terms {
        match uninvert(t) {
            Some(u) => out.push(u),
            None if t.contains(", ") => {} // multiply inverted: never in text
            None => out.push(t.clone()),
        }
    }
    out
}

/// MeSH descriptors: diseases (C tree, F03) and chemicals (D tree) go into
/// the assembly when `types`; organism descriptors with a taxon are
/// returned as Species concepts keyed by their first taxon.
pub(super) fn mesh_descriptors(
    path: &Path,
    strict: bool,
    types: bool,
    parsed: &mut Parsed,
    asm: &mut Assembly,
) -> Result<Vec<Concept>> {
    let mut organisms = Vec::new();
    each_line(path, false, 4, strict, parsed, |_, c| {
        let id = c[0].trim();
        if !(id.starts_with('D') && digits(&id[1..])) {
            return Err(format!("bad MeSH descriptor ID {id:?}"));
        }
        let name = c[1].trim();
        if name.is_empty() {
            return Err("empty descriptor name".into());
        }
        let terms = split(c[2], "|");
        let trees = split(c[3], "|");
        let names = mesh_names(name, &terms);
        let disease = trees
            .iter()
            .any(|t| t.starts_with('C') || t.starts_with("F03"));
        let chemical = trees.iter().any(|t| t.starts_with('D'));
        let mut push = |kind| {
            asm.push(Concept {
                kind,
                ids: vec![format!("MESH:{id}")],
                name: name.to_string(),
                synonyms: names.clone(),
                previous: Vec::new(),
            });
        };
        if types && disease {
            push(EntityType::Disease);
        }
        if types && chemical {
            push(EntityType::Chemical);
        }
        if let Some(taxon) = c
            .get(4)
            .and_then(|t| t.split('|').next())
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            if !digits(taxon) {
                return Err(format!("bad NCBI Taxonomy ID {taxon:?}"));
            }
            organisms.push(Concept {
                kind: EntityType::Species,
                ids: vec![format!("NCBITaxon:{taxon}")],
                name: name.to_string(),
                synonyms: names,
                previous: Vec::new(),
            });
        }
        Ok(())
    })?;
    Ok(organisms)
}

/// Species-specific protein records (`Ackr1 protein, mouse`): genes, not
/// chemicals.
fn is_species_protein(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains(" protein, ") || lower.contains(" protein ") && lower.ends_with(" mouse")
}

/// MeSH supplementary concepts, typed by the descriptors they map to
/// (which must already be in the assembly).
pub(super) fn mesh_supplementary(
    path: &Path,
    strict: bool,
    parsed: &mut Parsed,
    asm: &mut Assembly,
) -> Result<()> {
    let mut pending: Vec<Concept> = Vec::new();
    each_line(path, false, 4, strict, parsed, |_, c| {
        if c.len() != 4 {
            return Err(format!(
                "expected 4 tab-separated columns, found {}",
                c.len()
            ));
        }
        let id = c[0].trim();
        if !(id.starts_with('C') && digits(&id[1..])) {
            return Err(format!("bad MeSH supplementary ID {id:?}"));
        }
        let name = c[1].trim();
        if name.is_empty() || is_species_protein(name) {
            return Ok(());
        }
        let mapped: Vec<String> = split(c[3], "|")
            .into_iter()
            .map(|d| d.trim_start_matches('*').to_string())
            .collect();
        let mut kinds = BTreeSet::new();
        for d in &mapped {
            let id = format!("MESH:{d}");
            if asm.find(EntityType::Disease, &id).is_some() {
                kinds.insert(EntityType::Disease);
            }
            if asm.find(EntityType::Chemical, &id).is_some() {
                kinds.insert(EntityType::Chemical);
            }
        }
        // A record mapped to both a disease and a chemical is a disease
        // (rare diseases map to their causal substance too).
        let kind = if kinds.contains(&EntityType::Disease) {
            EntityType::Disease
        } else if kinds.contains(&EntityType::Chemical) {
            EntityType::Chemical
        } else {
            return Ok(());
        };
        let synonyms: Vec<String> = split(c[2], "|")
            .into_iter()
            .filter(|s| !is_species_protein(s))
            .collect();
        pending.push(Concept {
            kind,
            ids: vec![format!("MESH:{id}")],
            name: name.to_string(),
            synonyms: mesh_names(name, &synonyms),
            previous: Vec::new(),
        });
        Ok(())
    })?;
    for c in pending {
        asm.push(c);
    }
    Ok(())
}

/// MONDO: labels and synonyms; merged into the MeSH disease it maps to when
/// it maps to exactly one, else a `MONDO:` concept carrying its MeSH
/// cross-references.
pub(super) fn mondo(
    terms: &Path,
    xrefs: &Path,
    strict: bool,
    parsed: &mut Parsed,
    asm: &mut Assembly,
) -> Result<()> {
    let mut mesh: HashMap<String, Vec<String>> = HashMap::new();
    each_line(xrefs, true, 5, strict, parsed, |_, c| {
        let id = c[0].trim();
        if !id.starts_with("MONDO:") {
            return Err(format!("bad MONDO ID {id:?}"));
        }
        let m: Vec<String> = c[4]
            .split('|')
            .filter(|x| x.starts_with("MESH:"))
            .map(String::from)
            .collect();
        if !m.is_empty() {
            mesh.insert(id.to_string(), m);
        }
        Ok(())
    })?;
    let mut pending: Vec<Concept> = Vec::new();
    each_line(terms, true, 5, strict, parsed, |_, c| {
        let id = c[0].trim();
        if !id.strip_prefix("MONDO:").is_some_and(digits) {
            return Err(format!("bad MONDO ID {id:?}"));
        }
        if c[4].trim() == "true" {
            return Ok(());
        }
        let name = c[1].trim();
        if name.is_empty() {
            return Err("empty label".into());
        }
        let mut ids = vec![id.to_string()];
        if let Some(m) = mesh.get(id) {
            if m.len() == 1 {
                ids.insert(0, m[0].clone());
            } else {
                ids.extend(m.iter().cloned());
            }
        }
        pending.push(Concept {
            kind: EntityType::Disease,
            ids,
            name: name.to_string(),
            synonyms: split(c[2], "|"),
            previous: Vec::new(),
        });
        Ok(())
    })?;
    for c in pending {
        asm.push(c);
    }
    Ok(())
}

/// ChEBI names; merged into the MeSH chemical they map to, if any.
pub(super) fn chebi(
    names: &Path,
    mappings: &Path,
    strict: bool,
    parsed: &mut Parsed,
    asm: &mut Assembly,
) -> Result<()> {
    let mut to_mesh: HashMap<String, String> = HashMap::new();
    each_line(mappings, false, 5, strict, parsed, |_, c| {
        if c[0] == "MESH" && c[3] == "CHEBI" {
            to_mesh.insert(c[4].trim().to_string(), format!("MESH:{}", c[1].trim()));
        }
        Ok(())
    })?;
    let mut pending: Vec<Concept> = Vec::new();
    each_line(names, true, 2, strict, parsed, |_, c| {
        let raw = c[0].trim();
        let num = raw
            .strip_prefix("CHEBI:CHEBI:")
            .or_else(|| raw.strip_prefix("CHEBI:"));
        let Some(num) = num.filter(|n| digits(n)) else {
            return Err(format!("bad ChEBI ID {raw:?}"));
        };
        let id = format!("CHEBI:{num}");
        let name = c[1].trim();
        if name.is_empty() {
            return Err("empty name".into());
        }
        let ids = match to_mesh.get(&id) {
            Some(m) if asm.find(EntityType::Chemical, m).is_some() => vec![m.clone(), id],
            _ => vec![id],
        };
        pending.push(Concept {
            kind: EntityType::Chemical,
            ids,
            name: name.to_string(),
            ..Concept::default()
        });
        Ok(())
    })?;
    for c in pending {
        asm.push(c);
    }
    Ok(())
}

/// NCBI Taxonomy: scientific names and common names.
pub(super) fn taxonomy(
    path: &Path,
    strict: bool,
    taxa: Taxa,
    wanted: &BTreeSet<String>,
    parsed: &mut Parsed,
    asm: &mut Assembly,
) -> Result<()> {
    let models: BTreeSet<String> = MODEL_ORGANISMS
        .iter()
        .map(|t| format!("NCBITaxon:{t}"))
        .collect();
    each_line(path, true, 5, strict, parsed, |_, c| {
        let id = c[0].trim();
        if !id.strip_prefix("NCBITaxon:").is_some_and(digits) {
            return Err(format!("bad NCBI Taxonomy ID {id:?}"));
        }
        if c[4].trim() == "true" {
            return Ok(());
        }
        let synonyms = split(c[2], "|");
        let keep = match taxa {
            Taxa::All => true,
            Taxa::Common => !synonyms.is_empty() || models.contains(id) || wanted.contains(id),
            Taxa::None => false,
        };
        let name = c[1].trim();
        if name.is_empty() {
            return Err("empty label".into());
        }
        if keep {
            asm.push(Concept {
                kind: EntityType::Species,
                ids: vec![id.to_string()],
                name: name.to_string(),
                synonyms,
                previous: Vec::new(),
            });
        }
        Ok(())
    })
}

/// Cellosaurus and Cell Ontology terms (`id, label, synonyms, parents,
/// deprecated, ...`).
pub(super) fn obo_terms(
    path: &Path,
    kind: EntityType,
    prefix: &str,
    strict: bool,
    parsed: &mut Parsed,
    asm: &mut Assembly,
) -> Result<()> {
    each_line(path, true, 5, strict, parsed, |_, c| {
        let id = c[0].trim();
        if !id
            .strip_prefix(prefix)
            .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return Err(format!("bad {prefix} ID {id:?}"));
        }
        if c[4].trim() == "true" {
            return Ok(());
        }
        let name = c[1].trim();
        if name.is_empty() {
            return Err("empty label".into());
        }
        asm.push(Concept {
            kind,
            ids: vec![id.to_string()],
            name: name.to_string(),
            synonyms: split(c[2], "|"),
            previous: Vec::new(),
        });
        Ok(())
    })
}
