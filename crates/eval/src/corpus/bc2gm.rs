//! BioCreative II gene mention: `ID text` per sentence (`train.in`,
//! `devel.in`), gold in `GENE.eval` as `ID|start end|text` where offsets
//! count non-space characters and the end is inclusive, accepted
//! alternatives in `ALTGENE.eval`.

use std::path::Path;

use briefing_model::EntityType;

use super::craft::document;
use super::{CorpusError, GoldDoc, GoldMention, read_to_string};

/// Reads a BC2GM split directory (holding `*.in`, `GENE.eval` and
/// optionally `ALTGENE.eval`). One document per sentence.
pub fn read_bc2gm(dir: &Path) -> Result<Vec<GoldDoc>, CorpusError> {
    let mut inputs: Vec<_> = std::fs::read_dir(dir)
        .map_err(|source| CorpusError::Io {
            path: dir.to_owned(),
            source,
        })?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "in"))
        .collect();
    inputs.sort();
    let Some(input) = inputs.first() else {
        return Err(CorpusError::Syntax {
            path: dir.to_owned(),
            line: 0,
            message: "no sentence file (*.in)".into(),
        });
    };
    let sentences = read_to_string(input)?;
    let gene = read_to_string(&dir.join("GENE.eval"))?;
    let alt_path = dir.join("ALTGENE.eval");
    let alt = if alt_path.is_file() {
        read_to_string(&alt_path)?
    } else {
        String::new()
    };
    parse(
        input,
        &sentences,
        &dir.join("GENE.eval"),
        &gene,
        &alt_path,
        &alt,
    )
}

/// Byte offsets of non-space character positions: `map[i]` is the byte
/// where the `i`-th non-space character starts, `ends[i]` where it ends.
fn nonspace_map(text: &str) -> (Vec<usize>, Vec<usize>) {
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    for (b, c) in text.char_indices() {
        if c != ' ' {
            starts.push(b);
            ends.push(b + c.len_utf8());
        }
    }
    (starts, ends)
}

type Eval = Vec<(String, usize, usize)>;

fn parse_eval(path: &Path, content: &str) -> Result<Eval, CorpusError> {
    let mut out = Vec::new();
    for (n, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = || CorpusError::Syntax {
            path: path.to_owned(),
            line: n + 1,
            message: "expected ID|start end|text".into(),
        };
        let mut parts = line.splitn(3, '|');
        let (Some(id), Some(offs)) = (parts.next(), parts.next()) else {
            return Err(err());
        };
        let (s, e) = offs.split_once(' ').ok_or_else(err)?;
        let (s, e) = (
            s.parse::<usize>().map_err(|_| err())?,
            e.parse::<usize>().map_err(|_| err())?,
        );
        if e < s {
            return Err(err());
        }
        out.push((id.to_owned(), s, e));
    }
    Ok(out)
}

fn parse(
    in_path: &Path,
    sentences: &str,
    gene_path: &Path,
    gene: &str,
    alt_path: &Path,
    alt: &str,
) -> Result<Vec<GoldDoc>, CorpusError> {
    let gene = parse_eval(gene_path, gene)?;
    let alt = parse_eval(alt_path, alt)?;
    // Per sentence: its gene spans and its alternative spans.
    type Spans = Vec<(usize, usize)>;
    let mut by_id: std::collections::BTreeMap<&str, (Spans, Spans)> = Default::default();
    for (id, s, e) in &gene {
        by_id.entry(id).or_default().0.push((*s, *e));
    }
    for (id, s, e) in &alt {
        by_id.entry(id).or_default().1.push((*s, *e));
    }
    let mut docs = Vec::new();
    for (n, line) in sentences.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((id, text)) = line.split_once(' ') else {
            return Err(CorpusError::Syntax {
                path: in_path.to_owned(),
                line: n + 1,
                message: "expected ID text".into(),
            });
        };
        let (starts, ends) = nonspace_map(text);
        let to_bytes = |(s, e): (usize, usize)| -> Option<(usize, usize)> {
            Some((*starts.get(s)?, *ends.get(e)?))
        };
        let mut mentions = Vec::new();
        if let Some((golds, alts)) = by_id.get(id) {
            let alts: Vec<(usize, usize)> = alts.iter().filter_map(|a| to_bytes(*a)).collect();
            for g in golds {
                let Some((s, e)) = to_bytes(*g) else {
                    return Err(CorpusError::Syntax {
                        path: gene_path.to_owned(),
                        line: 0,
                        message: format!("{id}: offsets {} {} lie outside the sentence", g.0, g.1),
                    });
                };
                let alternatives = alts
                    .iter()
                    .copied()
                    .filter(|a| a.0 < e && s < a.1 && *a != (s, e))
                    .collect();
                mentions.push(GoldMention {
                    start: s,
                    end: e,
                    kind: EntityType::Gene,
                    ids: Vec::new(),
                    alternatives,
                });
            }
        }
        mentions.sort();
        docs.push(GoldDoc {
            doc: document(id, text.to_owned()),
            mentions,
        });
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sentences: &str, gene: &str, alt: &str, expect: &[&str]) {
        let p = Path::new("x");
        let docs = parse(p, sentences, p, gene, p, alt).expect("parses");
        let got: Vec<String> = docs
            .iter()
            .flat_map(|d| {
                d.mentions.iter().map(move |m| {
                    let alts: Vec<&str> = m
                        .alternatives
                        .iter()
                        .map(|a| &d.doc.text[a.0..a.1])
                        .collect();
                    format!(
                        "{}: {} [{}]",
                        d.doc.id,
                        &d.doc.text[m.start..m.end],
                        alts.join(";")
                    )
                })
            })
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn nonspace_offsets_and_alternatives() {
        check(
            "S1 The antilymphocyte globulin (ALG) was given.\nS2 No genes here.\n",
            "S1|3 24|antilymphocyte globulin\nS1|26 28|ALG\n",
            "S1|3 29|antilymphocyte globulin (ALG)\n",
            &[
                "S1: antilymphocyte globulin [antilymphocyte globulin (ALG)]",
                "S1: ALG [antilymphocyte globulin (ALG)]",
            ],
        );
    }
}
