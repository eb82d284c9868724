//! Plain-text lexicons: the concept TSV the default lexicon ships as, and
//! the simple `id`, `name`, `type` TSV a user can hand in.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use briefing_model::EntityType;

use crate::compile::Concept;
use crate::error::{Error, Result};
use crate::sources::{Parsed, Problem};

/// First line of a concept TSV.
pub(crate) const CONCEPTS_HEADER: &str = "#briefing-concepts 1";

/// Writes concepts as a concept TSV: a header line, then one concept a line
/// with the columns `type`, `ids`, `name`, `synonyms`, `previous` (lists
/// joined by `|`). Names holding a tab, a newline or `|` are left out.
pub fn write_concepts_tsv(concepts: &[Concept], out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{CONCEPTS_HEADER}")?;
    writeln!(out, "#type\tids\tname\tsynonyms\tprevious")?;
    let clean = |s: &&String| !s.contains(['\t', '\n', '\r', '|']) && !s.trim().is_empty();
    let join = |v: &[String]| {
        v.iter()
            .filter(clean)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("|")
    };
    for c in concepts {
        if !clean(&&c.name) || c.ids.is_empty() {
            continue;
        }
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            c.kind,
            c.ids.join("|"),
            c.name,
            join(&c.synonyms),
            join(&c.previous)
        )?;
    }
    Ok(())
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn problem(path: &Path, line: usize, message: impl Into<String>) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

/// Lines of `text` with their 1-based numbers, without `\r`.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
}

/// Reads a concept TSV (see [`write_concepts_tsv`]). With `strict`, the
/// first malformed line is an error; otherwise it is reported and skipped.
pub fn read_concepts_tsv(text: &str, path: &Path, strict: bool) -> Result<Parsed> {
    let mut parsed = Parsed::default();
    for (no, line) in lines(text) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let result = (|| {
            if cols.len() < 3 {
                return Err(format!(
                    "expected at least 3 tab-separated columns, found {}",
                    cols.len()
                ));
            }
            let kind = EntityType::parse(cols[0])
                .ok_or_else(|| format!("unknown entity type {:?}", cols[0]))?;
            let ids = split_list(cols[1]);
            if ids.is_empty() {
                return Err("empty identifier column".into());
            }
            if cols[2].trim().is_empty() {
                return Err("empty name".into());
            }
            Ok(Concept {
                kind,
                ids,
                name: cols[2].trim().to_string(),
                synonyms: cols.get(3).map(|s| split_list(s)).unwrap_or_default(),
                previous: cols.get(4).map(|s| split_list(s)).unwrap_or_default(),
            })
        })();
        match result {
            Ok(c) => parsed.concepts.push(c),
            Err(m) => parsed.report(problem(path, no, m), strict)?,
        }
    }
    Ok(parsed)
}

/// The type an identifier's prefix implies, if any.
pub(crate) fn type_of_id(id: &str) -> Option<EntityType> {
    let prefix = id.split(':').next().unwrap_or("").to_ascii_lowercase();
    Some(match prefix.as_str() {
        "ncbigene" | "hgnc" | "gene" | "pr" | "uniprot" => EntityType::Gene,
        "mondo" | "omim" | "doid" => EntityType::Disease,
        "chebi" | "pubchem.compound" => EntityType::Chemical,
        "ncbitaxon" | "taxon" => EntityType::Species,
        "cl" => EntityType::CellType,
        _ if id.starts_with("CVCL_") => EntityType::CellLine,
        _ => return None,
    })
}

/// Reads a user TSV: columns `id`, `name` and optionally `type` (a header
/// line starting with `id` is skipped). Lines sharing an identifier and type
/// form one concept, whose first name is the preferred one. Without a type
/// column the type comes from the identifier's prefix (`CL:` → CellType...),
/// or is `Other`.
pub fn read_user_tsv(text: &str, path: &Path, strict: bool) -> Result<Parsed> {
    let mut parsed = Parsed::default();
    let mut by_id: BTreeMap<(EntityType, String), (usize, Concept)> = BTreeMap::new();
    let mut first = true;
    for (no, line) in lines(text) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if std::mem::take(&mut first) && cols[0].eq_ignore_ascii_case("id") {
            continue;
        }
        if cols.len() < 2 || cols[0].is_empty() || cols[1].is_empty() {
            parsed.report(
                problem(path, no, "expected `id<TAB>name[<TAB>type]`"),
                strict,
            )?;
            continue;
        }
        let kind = match cols.get(2).filter(|t| !t.is_empty()) {
            Some(t) => match EntityType::parse(t) {
                Some(k) => k,
                None => {
                    parsed.report(
                        problem(path, no, format!("unknown entity type {t:?}")),
                        strict,
                    )?;
                    continue;
                }
            },
            None => type_of_id(cols[0]).unwrap_or(EntityType::Other),
        };
        let order = by_id.len();
        let slot = by_id.entry((kind, cols[0].to_string())).or_insert_with(|| {
            (
                order,
                Concept {
                    kind,
                    ids: vec![cols[0].to_string()],
                    name: cols[1].to_string(),
                    ..Concept::default()
                },
            )
        });
        if slot.1.name != cols[1] {
            slot.1.synonyms.push(cols[1].to_string());
        }
    }
    let mut concepts: Vec<(usize, Concept)> = by_id.into_values().collect();
    concepts.sort_by_key(|(order, _)| *order);
    parsed.concepts = concepts.into_iter().map(|(_, c)| c).collect();
    if parsed.concepts.is_empty() {
        return Err(Error::Source {
            path: path.to_path_buf(),
            line: 0,
            message: "no names in lexicon TSV".into(),
        });
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concept_tsv_round_trips() {
        let c = vec![Concept {
            kind: EntityType::Gene,
            ids: vec!["NCBIGene:7422".into()],
            name: "VEGFA".into(),
            synonyms: vec!["VEGF-A".into(), "bad|name".into()],
            previous: vec!["VEGF".into()],
        }];
        let mut out = Vec::new();
        write_concepts_tsv(&c, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let back = read_concepts_tsv(&text, Path::new("x.tsv"), true).unwrap();
        let mut expect = c.clone();
        expect[0].synonyms.pop();
        assert_eq!(back.concepts, expect);
    }

    #[test]
    fn malformed_lines_are_reported_or_rejected() {
        let text = "#briefing-concepts 1\nGene\tNCBIGene:1\tA1BG\nNotAType\tX:1\tfoo\nGene\n";
        let p = read_concepts_tsv(text, Path::new("c.tsv"), false).unwrap();
        assert_eq!(p.concepts.len(), 1);
        let msgs: Vec<String> = p.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            [
                "c.tsv:3: unknown entity type \"NotAType\"",
                "c.tsv:4: expected at least 3 tab-separated columns, found 1"
            ]
        );
        let err = read_concepts_tsv(text, Path::new("c.tsv"), true).unwrap_err();
        assert_eq!(err.to_string(), "c.tsv:3: unknown entity type \"NotAType\"");
    }

    #[test]
    fn user_tsv_groups_names_by_id() {
        let text = "# comment\nid\tname\ttype\nCL:0000632\thepatic stellate cell\nCL:0000632\tIto cell\nX:1\tfoo\tChemical\nbroken\n";
        let p = read_user_tsv(text, Path::new("u.tsv"), false).unwrap();
        assert_eq!(p.concepts.len(), 2);
        assert_eq!(p.concepts[0].kind, EntityType::CellType);
        assert_eq!(p.concepts[0].synonyms, ["Ito cell"]);
        assert_eq!(p.concepts[1].kind, EntityType::Chemical);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, 6);
    }
}
