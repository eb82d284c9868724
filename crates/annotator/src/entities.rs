//! Entity mentions with types and identifiers.
//!
//! How a mention is found:
//!
//! 1. **Tagging.** A sequence tagger per group of types ([`tagger`], an
//!    averaged perceptron trained by `briefing train entities` on the
//!    training splits of NCBI Disease, BC5CDR, BC2GM, LINNAEUS and CRAFT)
//!    labels tokens. Its features are the words around, their shapes and
//!    affixes, the lexicon's matches (type, position, strict or loose) and
//!    the abbreviations defined in the document.
//! 2. **Lexicon.** Types without a tagger (cell lines) come from the
//!    lexicon's strict matches: per-name case rules, stop-listed names left
//!    out, longest match.
//! 3. **Identifiers.** In order: the long form's identifiers when the
//!    mention is a defined short form; the identifiers training annotators
//!    gave the same name; the lexicon's entries of the mention's type. A
//!    name with several readings keeps the first as `ids` and every reading
//!    in `candidates`, so the ambiguity stays visible.
//! 4. **Abbreviations.** A short form whose long form is an entity gets the
//!    long form's type and identifiers at every use (`origin: abbreviation`):
//!    "HSCs" after "hepatic stellate cells (HSCs)" is `CL:0000632` however
//!    the lexicon or the training data read "HSC" alone.
//! 5. **Input annotations** are kept, replaced or merged ([`InputEntities`]).

pub mod classes;
pub mod features;
pub mod model;
pub mod tagger;
pub mod tokens;

use std::collections::BTreeMap;

use briefing_lexicon::{Lexicon, MatchOptions, TypeSet};
use briefing_model::{Candidate, Document, Entity, EntityType, Origin};

pub use classes::{ClassOptions, WordClasses};
pub use model::EntityModel;
pub use tagger::{Example, ModelError, Span, Tagger, TrainOptions, labels_of, train};
pub use tokens::{Token, tokenize};

use crate::abbreviations::{self, Definition};

/// What to do with entity annotations the input already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputEntities {
    /// Keep the input's annotations and add no mentions when it has
    /// mentions; an input with only document-level entity lists (the seed)
    /// keeps them and gets mentions.
    Keep,
    /// Drop the input's annotations and annotate from scratch.
    Replace,
    /// Keep the input's annotations and add ours where they do not overlap.
    #[default]
    Merge,
}

/// Feature templates of the entity stage (the tagger's own stop below 40).
mod template {
    pub const LEX_STRICT: u8 = 40;
    pub const LEX_LOOSE: u8 = 41;
    pub const LEX_FLAGS: u8 = 42;
    pub const SHORT_FORM: u8 = 43;
    pub const SHORT_FORM_OF: u8 = 44;
    pub const LONG_FORM: u8 = 45;
    pub const WORD_CLASS: u8 = 46;
}

fn type_byte(t: EntityType) -> u8 {
    EntityType::ALL.iter().position(|x| *x == t).unwrap_or(6) as u8
}

/// The definitions in `text[start..end]` with the type the lexicon gives
/// each long form (if any).
pub fn definitions(
    text: &str,
    start: usize,
    end: usize,
    lexicon: Option<&Lexicon>,
) -> Vec<(Definition, Option<EntityType>)> {
    abbreviations::find(text, start, end)
        .into_iter()
        .map(|d| {
            let kind = lexicon.and_then(|l| {
                l.lookup(&text[d.long.0..d.long.1], MatchOptions::default())
                    .first()
                    .map(|h| h.entry.kind)
            });
            (d, kind)
        })
        .collect()
}

/// Extra features of a passage's tokens: lexicon matches and abbreviation
/// roles. The same function serves training and tagging. `defs` are the
/// document's definitions (short and long form spans, long form type).
pub fn passage_features(
    text: &str,
    start: usize,
    end: usize,
    tokens: &[Token],
    lexicon: Option<&Lexicon>,
    defs: &[(Definition, Option<EntityType>)],
) -> Vec<Vec<u64>> {
    let mut out: Vec<Vec<u64>> = vec![Vec::new(); tokens.len()];
    if tokens.is_empty() {
        return out;
    }
    let index_of = |byte: usize| tokens.partition_point(|t| (t.end as usize) <= byte);
    let mut mark = |a: usize, b: usize, f: &dyn Fn(u8) -> u64| {
        let (i, j) = (index_of(a), index_of(b.saturating_sub(1)));
        let last = j.min(tokens.len() - 1);
        for (k, features) in out.iter_mut().enumerate().take(last + 1).skip(i) {
            let pos = match (k == i, k == j) {
                (true, true) => b'S',
                (true, false) => b'B',
                (false, true) => b'E',
                (false, false) => b'I',
            };
            features.push(f(pos));
        }
    };
    if let Some(lex) = lexicon {
        let slice = &text[start..end];
        let strict = lex.find_with(slice, MatchOptions::default());
        for m in &strict {
            for kind in m.kinds() {
                let t = type_byte(kind);
                mark(start + m.start, start + m.end, &|pos| {
                    features::key(template::LEX_STRICT, &[t, pos])
                });
            }
            let flags = m.hits.iter().fold(0u32, |f, h| f | h.flags.bits()) as u8;
            mark(start + m.start, start + m.end, &|_| {
                features::key(template::LEX_FLAGS, &[flags])
            });
        }
        for m in lex.find_with(slice, MatchOptions::everything()) {
            if strict.iter().any(|s| s.start == m.start && s.end == m.end) {
                continue;
            }
            for kind in m.kinds() {
                let t = type_byte(kind);
                mark(start + m.start, start + m.end, &|pos| {
                    features::key(template::LEX_LOOSE, &[t, pos])
                });
            }
        }
    }
    for (d, kind) in defs {
        let short = &text[d.short.0..d.short.1];
        let t = kind.map_or(7, type_byte);
        for (a, b) in occurrences(text, start, end, short) {
            mark(a, b, &|pos| features::key(template::SHORT_FORM, &[pos]));
            mark(a, b, &|_| features::key(template::SHORT_FORM_OF, &[t]));
        }
        if d.long.0 >= start && d.long.1 <= end {
            mark(d.long.0, d.long.1, &|pos| {
                features::key(template::LONG_FORM, &[pos])
            });
        }
    }
    out
}

/// Occurrences of `needle` in `text[start..end]` on word boundaries.
fn occurrences(text: &str, start: usize, end: usize, needle: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let hay = &text[start..end];
    let mut from = 0;
    while let Some(k) = hay[from..].find(needle) {
        let a = from + k;
        let b = a + needle.len();
        let before = hay[..a].chars().next_back();
        let after = hay[b..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            out.push((start + a, start + b));
        }
        from = a + needle.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// The passages of a document as byte ranges (the whole text when it has
/// no sections).
pub fn passages(doc: &Document) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = doc
        .sections
        .iter()
        .flat_map(|s| s.passages.iter().map(|p| (p.start, p.end)))
        .collect();
    if out.is_empty() && !doc.text.is_empty() {
        out.push((0, doc.text.len()));
    }
    out.retain(|(a, b)| a < b && *b <= doc.text.len());
    out
}

/// The normalized key of a name, as the lexicon folds it.
pub fn name_key(name: &str) -> String {
    briefing_lexicon::normalize::normalize(name)
}

/// A found mention before identifiers are assigned.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    kinds: Vec<EntityType>,
    origin: Origin,
}

/// The entity stage: finds mentions in `doc` and sets `doc.entities`, and
/// fills the type and identifiers of `doc.abbreviations`.
pub fn annotate(
    doc: &mut Document,
    model: &EntityModel,
    lexicon: Option<&Lexicon>,
    input: InputEntities,
) {
    let (inputs, _ours): (Vec<Entity>, Vec<Entity>) = std::mem::take(&mut doc.entities)
        .into_iter()
        .partition(|e| e.origin == Origin::Input);
    let input_mentions: Vec<&Entity> = inputs.iter().filter(|e| e.start.is_some()).collect();
    if input == InputEntities::Keep && !input_mentions.is_empty() {
        doc.entities = inputs;
        fill_abbreviations(doc, lexicon);
        number(doc);
        return;
    }
    let mut sentence_starts: Vec<usize> = doc.sentences().map(|(_, s)| s.start).collect();
    sentence_starts.sort_unstable();
    let text = doc.text.as_str();
    let ranges = passages(doc);
    let mut defs: Vec<(Definition, Option<EntityType>)> = Vec::new();
    for &(a, b) in &ranges {
        defs.extend(definitions(text, a, b, lexicon));
    }
    let tagged_types: Vec<EntityType> = model
        .taggers()
        .iter()
        .flat_map(|t| t.types().iter().copied())
        .collect();
    let mut found: Vec<Found> = Vec::new();
    for &(a, b) in &ranges {
        let mut toks = Vec::new();
        tokens::tokenize_into(text, a, b, &mut toks);
        if toks.is_empty() {
            continue;
        }
        let extra = passage_features(text, a, b, &toks, lexicon, &defs);
        for mut s in model.tag(text, &toks, &extra) {
            s.start = after_leading_verb(text, &toks, s.start, s.end);
            found.push(Found {
                start: s.start,
                end: s.end,
                kinds: vec![s.kind],
                origin: Origin::Model,
            });
        }
        if let Some(lex) = lexicon {
            let untagged: TypeSet = EntityType::ALL
                .iter()
                .copied()
                .filter(|t| !tagged_types.contains(t))
                .collect();
            let opts = MatchOptions {
                types: untagged,
                ..MatchOptions::default()
            };
            let tagged_end = found.len();
            for m in lex.find_with(&text[a..b], opts) {
                let (s, e) = (a + m.start, a + m.end);
                if !plausible_lexicon_name(&text[s..e]) {
                    continue;
                }
                let kinds = m.kinds();
                let is_line = kinds == [EntityType::CellLine];
                let suffix = if is_line {
                    cells_suffix(&text[e..b])
                } else {
                    0
                };
                // A short name ("M2", "EC50", "Ki-67") is a cell line only
                // where the text says so ("U937 cells").
                if is_line && text[s..e].chars().count() <= 5 && suffix == 0 {
                    continue;
                }
                // A tagged mention overlapping the name keeps its place,
                // unless the name is a cell line's followed by its cells
                // ("U-937 cells") or around the shorter tagged mention
                // ("NIH" in "NIH 3T3"), and the tagger read a chemical or a
                // gene inside it: that reading goes.
                let overlaps = |f: &Found| f.start < e && s < f.end;
                let gives_way = |f: &Found| {
                    is_line
                        && s <= f.start
                        && f.end <= e + suffix
                        && (suffix > 0 || f.end - f.start < e - s)
                        && f.kinds
                            .iter()
                            .all(|k| matches!(k, EntityType::Chemical | EntityType::Gene))
                };
                if found[..tagged_end]
                    .iter()
                    .any(|f| overlaps(f) && !gives_way(f))
                {
                    continue;
                }
                for f in found[..tagged_end].iter_mut().filter(|f| overlaps(f)) {
                    f.kinds.clear();
                }
                // "HeLa cells", "Jurkat T cells": the cells of a line are the
                // line.
                let e = e + suffix;
                found.push(Found {
                    start: s,
                    end: e,
                    kinds,
                    origin: Origin::Lexicon,
                });
            }
            // Cell types: the tagger knows the cells of its training articles;
            // the Cell Ontology's names ("Th17", "Treg") add the others, where
            // no tagged mention is, or where the gene tagger read the same
            // span as a gene the lexicon does not know (the span then
            // becomes one entity, its cell type reading first).
            let opts = MatchOptions {
                types: TypeSet::NONE.with(EntityType::CellType),
                ..MatchOptions::default()
            };
            let before = found.len();
            for m in lex.find_with(&text[a..b], opts) {
                let (s, e) = (a + m.start, a + m.end);
                let unknown_gene = |f: &Found| {
                    f.start == s
                        && f.end == e
                        && f.kinds == [EntityType::Gene]
                        && lexicon_readings(&text[s..e], EntityType::Gene, Some(lex)).is_empty()
                };
                // A longer Cell Ontology name around a tagged cell type is
                // the more specific cell: "regulatory T cells" over "T
                // cells", "M2 macrophages" over "macrophages".
                let narrower_cell = |f: &Found| {
                    f.kinds == [EntityType::CellType]
                        && s <= f.start
                        && f.end <= e
                        && (s, e) != (f.start, f.end)
                };
                if found[..before]
                    .iter()
                    .any(|f| f.start < e && s < f.end && !unknown_gene(f) && !narrower_cell(f))
                    || better_read_otherwise(lex, &m, &text[s..e])
                {
                    continue;
                }
                let mut widened = false;
                for f in found[..before].iter_mut().filter(|f| narrower_cell(f)) {
                    if widened {
                        // A second narrower cell inside: dropped below.
                        f.kinds.clear();
                    } else {
                        (f.start, f.end) = (s, e);
                        widened = true;
                    }
                }
                if !widened {
                    found.push(Found {
                        start: s,
                        end: e,
                        kinds: vec![EntityType::CellType],
                        origin: Origin::Lexicon,
                    });
                }
            }
            found.retain(|f| !f.kinds.is_empty());
        }
    }
    // A mention never spans two sentences: "NF-kappa B. We" holds no
    // species "B. We", whatever a tagger trained on "B. subtilis" reads.
    found.retain(|f| !spans_sentences(&sentence_starts, f.start, f.end));
    spread(text, &ranges, &sentence_starts, &mut found);
    // One entity per span; several types on one span become candidates.
    found.sort_by_key(|f| (f.start, f.end));
    let mut merged: Vec<Found> = Vec::new();
    for f in found {
        match merged.last_mut() {
            Some(last) if last.start == f.start && last.end == f.end => {
                for k in f.kinds {
                    if !last.kinds.contains(&k) {
                        last.kinds.push(k);
                    }
                }
            }
            _ => merged.push(f),
        }
    }
    drop_words_of_names(&mut merged);
    let mut entities: Vec<Entity> = merged
        .iter()
        .map(|f| resolve(text, f, model, lexicon))
        .collect();
    propagate(text, &ranges, &defs, &mut entities, model, lexicon);
    // Keeping an input without mentions (only document-level lists) keeps
    // those lists beside the mentions found.
    if input != InputEntities::Replace {
        entities.retain(|e| {
            let Some(span) = e.span() else { return true };
            !input_mentions
                .iter()
                .any(|i| i.span().is_some_and(|s| s.overlaps(span)))
        });
        entities.extend(inputs);
    }
    doc.entities = entities;
    fill_abbreviations(doc, lexicon);
    number(doc);
}

/// Drops the mentions that are words of a longer name of another type,
/// whose words name it, not what they would name alone: cell types inside
/// gene names ("hepatocyte" in "hepatocyte growth factor", "T cell" in "T
/// cell receptor"), diseases and chemicals inside species names
/// ("tuberculosis" in "Mycobacterium tuberculosis"), and cell types
/// inside cell lines ("T cells" in "Jurkat T cells"). Diseases, chemicals
/// and species inside gene names stay: dropping them cost NCBI Disease
/// 0.019, BC5CDR chemicals 0.010 and LINNAEUS species 0.055 of strict F1
/// on dev (the gene tagger's spans run over true mentions: "human" in
/// "human IL-6"). `found` is
/// sorted by span, with one entry a span.
fn drop_words_of_names(found: &mut Vec<Found>) {
    use EntityType::{CellLine, CellType, Chemical, Disease, Gene, Species};
    debug_assert!(found.is_sorted_by_key(|f| (f.start, f.end)));
    const RULES: [(EntityType, &[EntityType]); 3] = [
        (Gene, &[CellType]),
        (Species, &[Disease, Chemical]),
        (CellLine, &[CellType]),
    ];
    for (outer, inner) in RULES {
        // The outer type's spans, in order as `found` is, with the
        // furthest end of those starting at or before each.
        let names: Vec<(usize, usize)> = found
            .iter()
            .filter(|f| f.kinds.contains(&outer))
            .map(|f| (f.start, f.end))
            .collect();
        let mut furthest = Vec::with_capacity(names.len());
        let mut end = 0;
        for &(_, e) in &names {
            end = end.max(e);
            furthest.push(end);
        }
        // A name on the same span would have been merged into the
        // mention (its kinds would hold the outer type): a name starting
        // no later and reaching at least as far holds it.
        found.retain(|f| {
            let i = names.partition_point(|&(s, _)| s <= f.start);
            let words = matches!(f.kinds.as_slice(), [k] if inner.contains(k));
            !words || i == 0 || furthest[i - 1] < f.end
        });
    }
}

/// Whether `start..end` holds the start of a sentence other than its own
/// (`starts` sorted).
fn spans_sentences(starts: &[usize], start: usize, end: usize) -> bool {
    let i = starts.partition_point(|&s| s <= start);
    starts.get(i).is_some_and(|&s| s < end)
}

/// Where a tagged mention starts once a leading verb is left out: names
/// do not begin with a verb in the present ("dampen inflammation" is
/// "inflammation"). Participles stay ("induced pluripotent stem cells").
fn after_leading_verb(text: &str, tokens: &[Token], start: usize, end: usize) -> usize {
    use crate::claims::words::{self, Form};
    let i = tokens.partition_point(|t| (t.start as usize) < start);
    let (Some(first), Some(next)) = (tokens.get(i), tokens.get(i + 1)) else {
        return start;
    };
    if first.start as usize != start || next.end as usize > end {
        return start;
    }
    let word = first.text(text);
    let verb = words::verb(word).filter(|v| {
        !v.also_noun && !v.is_auxiliary() && matches!(v.form, Form::Base | Form::Third)
    });
    if verb.is_some() && word.chars().all(char::is_lowercase) {
        next.start as usize
    } else {
        start
    }
}

/// A lexicon name found alone (no tagger weighed it) must look like a name:
/// three characters or more, a letter, a capital, not a spelled
/// Greek letter. Cellosaurus alone names cell lines "12", "ER" and "beta".
fn plausible_lexicon_name(name: &str) -> bool {
    const GREEK: &[&str] = &[
        "alpha", "beta", "gamma", "delta", "epsilon", "kappa", "lambda", "sigma", "omega",
    ];
    name.chars().count() >= 3
        && name.chars().any(char::is_alphabetic)
        && name.chars().any(char::is_uppercase)
        && !GREEK.contains(&name.to_lowercase().as_str())
}

/// Whether a cell-type name reached only through a generated plural or
/// spelling is exactly the name of something else: "MMPs" is the plural of
/// the Cell Ontology's "MMP" (migratory muscle precursor) but, as written,
/// MeSH's matrix metalloproteinases.
fn better_read_otherwise(lex: &Lexicon, m: &briefing_lexicon::Match<'_>, name: &str) -> bool {
    use briefing_lexicon::NameFlags;
    let generated = NameFlags::PLURAL | NameFlags::SPELLING;
    if !m.hits.iter().all(|h| h.flags.intersects(generated)) {
        return false;
    }
    lex.lookup(name, MatchOptions::default())
        .iter()
        .any(|h| h.entry.kind != EntityType::CellType && !h.flags.intersects(generated))
}

/// Length of a following " cells", " T cells", " cell line(s)".
fn cells_suffix(rest: &str) -> usize {
    for suffix in [" cell lines", " cell line", " T cells", " cells", " cell"] {
        if let Some(after) = rest.strip_prefix(suffix)
            && !after.chars().next().is_some_and(char::is_alphanumeric)
        {
            return suffix.len();
        }
    }
    0
}

/// One reading per document: a name the tagger found somewhere is a
/// mention at its other uses too (annotators mark every use), unless those
/// overlap another mention or run over a sentence start.
fn spread(
    text: &str,
    ranges: &[(usize, usize)],
    sentence_starts: &[usize],
    found: &mut Vec<Found>,
) {
    let mut names: BTreeMap<&str, EntityType> = BTreeMap::new();
    for f in found.iter().filter(|f| f.origin == Origin::Model) {
        let name = &text[f.start..f.end];
        // Long enough to be specific, and not a lowercase single short word.
        if name.chars().count() >= 3 {
            names.entry(name).or_insert(f.kinds[0]);
        }
    }
    if names.is_empty() {
        return;
    }
    let list: Vec<(&str, EntityType)> = names.into_iter().collect();
    let Ok(ac) = aho_corasick::AhoCorasick::new(list.iter().map(|n| n.0)) else {
        return;
    };
    // Bytes already in a mention.
    let mut taken = vec![false; text.len()];
    for f in found.iter() {
        taken[f.start..f.end].iter_mut().for_each(|b| *b = true);
    }
    let in_passage = |s: usize, e: usize| {
        let i = ranges.partition_point(|r| r.1 < e);
        ranges.get(i).is_some_and(|r| r.0 <= s && e <= r.1)
    };
    let mut added = Vec::new();
    for m in ac.find_overlapping_iter(text) {
        let (s, e) = (m.start(), m.end());
        let before = text[..s].chars().next_back();
        let after = text[e..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        if taken[s..e].iter().any(|b| *b)
            || !in_passage(s, e)
            || spans_sentences(sentence_starts, s, e)
        {
            continue;
        }
        taken[s..e].iter_mut().for_each(|b| *b = true);
        added.push(Found {
            start: s,
            end: e,
            kinds: vec![list[m.pattern().as_usize()].1],
            origin: Origin::Model,
        });
    }
    found.extend(added);
}

/// Identifiers of a mention of `kind`: mined names first, then the lexicon.
/// Returns the readings found (first is the choice).
fn readings(
    text: &str,
    kind: EntityType,
    model: &EntityModel,
    lexicon: Option<&Lexicon>,
) -> Vec<Candidate> {
    // "HeLa cells" is read as "HeLa".
    let text = match kind {
        EntityType::CellLine => {
            let base = [" cell lines", " cell line", " T cells", " cells", " cell"]
                .iter()
                .find_map(|s| text.strip_suffix(s));
            base.unwrap_or(text)
        }
        _ => text,
    };
    let key = name_key(text);
    let mut keys = vec![key.clone()];
    if let Some(stem) = key.strip_suffix('s')
        && stem.len() > 2
    {
        keys.push(stem.to_owned());
    }
    for k in &keys {
        if let Some(ids) = model.ids_for(kind, k) {
            return vec![Candidate {
                kind,
                ids: ids.to_vec(),
                name: None,
            }];
        }
    }
    let out = lexicon_readings(text, kind, lexicon);
    if !out.is_empty() {
        return out;
    }
    // Approximate: the mined name sharing most content words ("inherited
    // human disorder" ~ "inherited disorder"), then the name without its
    // leading modifiers ("familial neonatal convulsions" → "neonatal
    // convulsions"), as names are head-final.
    if let Some(ids) = model.ids_like(kind, &key, 0.75) {
        return vec![Candidate {
            kind,
            ids: ids.to_vec(),
            name: None,
        }];
    }
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .scan(0usize, |at, w| {
            let start = text[*at..].find(w).map_or(*at, |k| *at + k);
            *at = start + w.len();
            Some((start, w))
        })
        .collect();
    for &(start, _) in words.iter().skip(1) {
        let rest = &text[start..];
        // A gene symbol after a sample or tissue word ("serum ALT", "plasma
        // IL6") may be short; other short rests are too vague.
        let symbol = kind == EntityType::Gene
            && rest.len() >= 2
            && rest.chars().any(|c| c.is_ascii_uppercase())
            && !rest.chars().any(char::is_lowercase);
        if rest.len() < 4 && !symbol {
            break;
        }
        if let Some(ids) = model.ids_for(kind, &name_key(rest)) {
            return vec![Candidate {
                kind,
                ids: ids.to_vec(),
                name: None,
            }];
        }
        let out = lexicon_readings(rest, kind, lexicon);
        if !out.is_empty() {
            return out;
        }
    }
    // LINNAEUS marks people as human; the taxonomy has no "patients".
    const PEOPLE: &[&str] = &[
        "patient",
        "patients",
        "human",
        "humans",
        "man",
        "men",
        "woman",
        "women",
        "child",
        "children",
        "people",
        "person",
        "persons",
        "infant",
        "infants",
        "individuals",
        "participants",
    ];
    if kind == EntityType::Species && PEOPLE.contains(&key.as_str()) {
        return vec![Candidate {
            kind,
            ids: vec!["NCBITaxon:9606".to_owned()],
            name: Some("Homo sapiens".to_owned()),
        }];
    }
    Vec::new()
}

fn lexicon_readings(text: &str, kind: EntityType, lexicon: Option<&Lexicon>) -> Vec<Candidate> {
    let Some(lex) = lexicon else {
        return Vec::new();
    };
    let opts = MatchOptions {
        types: TypeSet::NONE.with(kind),
        ..MatchOptions::everything()
    };
    let mut out: Vec<Candidate> = Vec::new();
    for h in lex.lookup(text, opts) {
        let ids: Vec<String> = h.entry.ids().map(str::to_owned).collect();
        if out.iter().any(|c| c.ids == ids) {
            continue;
        }
        out.push(Candidate {
            kind,
            ids,
            name: Some(h.entry.name.to_owned()),
        });
    }
    out
}

/// Which type wins when taggers disagree on a span.
fn type_rank(t: EntityType) -> u8 {
    match t {
        EntityType::CellLine => 0,
        EntityType::CellType => 1,
        EntityType::Gene => 2,
        EntityType::Species => 3,
        EntityType::Disease => 4,
        EntityType::Chemical => 5,
        EntityType::Other => 6,
    }
}

fn resolve(text: &str, f: &Found, model: &EntityModel, lexicon: Option<&Lexicon>) -> Entity {
    let surface = &text[f.start..f.end];
    let mut all: Vec<Candidate> = Vec::new();
    for &k in &f.kinds {
        let r = readings(surface, k, model, lexicon);
        if r.is_empty() {
            all.push(Candidate {
                kind: k,
                ids: Vec::new(),
                name: None,
            });
        } else {
            all.extend(r);
        }
    }
    // Readings with identifiers before those without; among them, the more
    // specific type first: a protein name is a gene before it is a MeSH
    // chemical (MeSH files proteins under chemicals).
    all.sort_by_key(|c| (c.ids.is_empty(), type_rank(c.kind)));
    let first = all.first().cloned().unwrap_or_default();
    Entity {
        id: String::new(),
        text: surface.to_owned(),
        start: Some(f.start),
        end: Some(f.end),
        kind: first.kind,
        ids: first.ids.clone(),
        origin: f.origin,
        name: first.name.clone(),
        synonyms: Vec::new(),
        candidates: if all.len() > 1 { all } else { Vec::new() },
        input: None,
    }
}

/// Gives every use of a defined short form the long form's type and
/// identifiers.
fn propagate(
    text: &str,
    ranges: &[(usize, usize)],
    defs: &[(Definition, Option<EntityType>)],
    entities: &mut Vec<Entity>,
    model: &EntityModel,
    lexicon: Option<&Lexicon>,
) {
    let mut seen: BTreeMap<&str, ()> = BTreeMap::new();
    for (d, lex_kind) in defs {
        let short = &text[d.short.0..d.short.1];
        if seen.insert(short, ()).is_some() {
            continue;
        }
        // The long form's reading: the entity on its span (or ending there),
        // else the lexicon's.
        let long = &text[d.long.0..d.long.1];
        let reading = entities
            .iter()
            .filter(|e| e.start == Some(d.long.0) && e.end == Some(d.long.1))
            .chain(entities.iter().filter(|e| {
                // An entity ending with the long form, inside it or around it
                // ("X-linked adrenoleukodystrophy (ALD)"), unless a
                // preposition before it makes it a complement of the long
                // form's head, not the head: "T cells" in "nuclear factor
                // of activated T cells (NFAT)".
                e.end == Some(d.long.1)
                    && e.start
                        .is_some_and(|s| s <= d.long.0 || !has_preposition(&text[d.long.0..s]))
            }))
            .map(|e| (e.kind, e.ids.clone(), e.name.clone()))
            .next()
            .or_else(|| {
                let k = (*lex_kind)?;
                let r = readings(long, k, model, lexicon);
                let c = r.into_iter().next()?;
                Some((c.kind, c.ids, c.name))
            });
        // A definition names one concept twice: a long form without
        // identifiers takes the short form's ("vascular endothelial growth
        // factor (VEGF)": the lexicon knows the gene by its symbol).
        let reading = reading.map(|(kind, ids, name)| {
            if ids.is_empty() {
                let r = lexicon_readings(short, kind, lexicon).into_iter().next();
                match r {
                    Some(c) => (kind, c.ids, c.name),
                    None => (kind, ids, name),
                }
            } else {
                (kind, ids, name)
            }
        });
        if let Some((kind, ids, _)) = &reading {
            for x in entities.iter_mut() {
                if x.kind == *kind
                    && x.ids.is_empty()
                    && x.end == Some(d.long.1)
                    && x.start.is_some_and(|s| s >= d.long.0)
                {
                    x.ids = ids.clone();
                }
            }
        }
        let Some((kind, ids, name)) = reading else {
            // A short form standing for something that is no entity (nor
            // any name the lexicon knows) is no entity either: "ECM" for
            // "extracellular matrix" is not the gene symbol.
            let long_is_mentioned = entities.iter().any(|x| {
                x.start.is_some_and(|xs| xs < d.long.1) && x.end.is_some_and(|xe| d.long.0 < xe)
            });
            if lex_kind.is_none() && !long_is_mentioned {
                let uses: Vec<(usize, usize)> = ranges
                    .iter()
                    .flat_map(|&(a, b)| occurrences(text, a, b, short))
                    .collect();
                entities.retain(|x| {
                    x.origin == Origin::Input
                        || !uses.iter().any(|&(s, e)| {
                            x.start.is_some_and(|xs| xs <= s) && x.end.is_some_and(|xe| e <= xe)
                        })
                });
            }
            continue;
        };
        // The short form and its singular or plural ("HSCs", "HSC").
        let variant = match short.strip_suffix('s') {
            Some(stem) if stem.chars().last().is_some_and(char::is_uppercase) => stem.to_owned(),
            _ => String::new(),
        };
        let mut uses: Vec<(usize, usize)> = ranges
            .iter()
            .flat_map(|&(a, b)| occurrences(text, a, b, short))
            .collect();
        // The singular of a plural short form is re-read where something
        // already found it ("HSC activation" after "(HSCs)"), never added.
        if !variant.is_empty() {
            for (s, e) in ranges
                .iter()
                .flat_map(|&(a, b)| occurrences(text, a, b, &variant))
            {
                // Of the same type, or a name the lexicon also reads as the
                // long form's concept ("HSC" tagged a gene, yet a CL name).
                let also_reads = || {
                    !ids.is_empty()
                        && lexicon_readings(&text[s..e], kind, lexicon)
                            .iter()
                            .any(|c| c.ids.first() == ids.first())
                };
                if entities.iter().any(|x| {
                    x.start == Some(s)
                        && x.end == Some(e)
                        && x.origin != Origin::Input
                        && (x.kind == kind || also_reads())
                }) {
                    uses.push((s, e));
                }
            }
        }
        {
            for (s, e) in uses {
                entities.retain(|x| {
                    let same = x.start == Some(s) && x.end == Some(e);
                    let inside =
                        x.start.is_some_and(|xs| xs >= s) && x.end.is_some_and(|xe| xe <= e);
                    !(same || inside)
                });
                let covered = entities
                    .iter()
                    .any(|x| x.start.is_some_and(|xs| xs < e) && x.end.is_some_and(|xe| s < xe));
                if covered {
                    continue;
                }
                entities.push(Entity {
                    id: String::new(),
                    text: text[s..e].to_owned(),
                    start: Some(s),
                    end: Some(e),
                    kind,
                    ids: ids.clone(),
                    origin: Origin::Abbreviation,
                    name: name.clone(),
                    synonyms: vec![long.to_owned()],
                    candidates: Vec::new(),
                    input: None,
                });
            }
        }
    }
    entities.sort_by_key(|e| (e.start.is_none(), e.start, e.end));
}

/// Whether `words` holds a preposition as a word of its own, in small
/// letters or with a capital first ("ON" and "AT" are acronyms).
fn has_preposition(words: &str) -> bool {
    const PREPOSITIONS: &[&str] = &[
        "of", "for", "to", "in", "on", "with", "by", "from", "against", "at", "via",
    ];
    words.split(|c: char| !c.is_alphanumeric()).any(|w| {
        let rest_small = w.chars().skip(1).all(|c| !c.is_uppercase());
        rest_small && PREPOSITIONS.iter().any(|p| w.eq_ignore_ascii_case(p))
    })
}

/// Fills each abbreviation's type and identifiers from the entity at its
/// short form.
fn fill_abbreviations(doc: &mut Document, lexicon: Option<&Lexicon>) {
    for a in &mut doc.abbreviations {
        let at = doc
            .entities
            .iter()
            .find(|e| e.start.is_some() && e.start == a.start && e.end == a.end)
            .or_else(|| {
                doc.entities
                    .iter()
                    .find(|e| e.text == a.short && e.origin == Origin::Abbreviation)
            });
        if let Some(e) = at {
            a.kind = Some(e.kind);
            a.ids = e.ids.clone();
        } else if let Some(h) = lexicon.and_then(|l| {
            l.lookup(&a.long, MatchOptions::default())
                .into_iter()
                .next()
        }) {
            a.kind = Some(h.entry.kind);
            a.ids = h.entry.ids().map(str::to_owned).collect();
        }
    }
}

/// `T1`, `T2`, ... in order: mentions by position, document-level last.
fn number(doc: &mut Document) {
    doc.entities
        .sort_by_key(|e| (e.start.is_none(), e.start, e.end));
    for (i, e) in doc.entities.iter_mut().enumerate() {
        e.id = format!("T{}", i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use briefing_lexicon::{Compiler, Concept};
    use briefing_model::{Passage, Section};

    fn concept(kind: EntityType, id: &str, name: &str, syn: &[&str]) -> Concept {
        Concept {
            kind,
            ids: vec![id.to_owned()],
            name: name.to_owned(),
            synonyms: syn.iter().map(|s| (*s).to_owned()).collect(),
            ..Concept::default()
        }
    }

    fn lexicon() -> Lexicon {
        let mut c = Compiler::new();
        c.add(concept(
            EntityType::CellType,
            "CL:0000632",
            "hepatic stellate cell",
            &["HSC"],
        ));
        c.add(concept(
            EntityType::CellType,
            "CL:0000037",
            "hematopoietic stem cell",
            &["HSC"],
        ));
        c.add(concept(
            EntityType::Gene,
            "NCBIGene:3082",
            "HGF",
            &["hepatocyte growth factor"],
        ));
        c.add(concept(EntityType::CellLine, "CVCL_5792", "LX-2", &["LX2"]));
        c.add(concept(
            EntityType::Chemical,
            "MESH:D002251",
            "carbon tetrachloride",
            &["CCl4"],
        ));
        Lexicon::from_bytes(c.compile("test").expect("compiles")).expect("loads")
    }

    /// A cell-type reading through a generated plural gives way to another
    /// type's exact name; exact cell-type names and plurals with no rival
    /// stay.
    #[test]
    fn generated_cell_type_plural_loses_to_an_exact_name() {
        let mut c = Compiler::new();
        c.add(concept(
            EntityType::CellType,
            "CL:0020044",
            "migratory muscle precursor",
            &["MMP"],
        ));
        c.add(concept(
            EntityType::Chemical,
            "MESH:D020782",
            "Matrix Metalloproteinases",
            &["MMPs"],
        ));
        c.add(concept(
            EntityType::CellType,
            "CL:0000632",
            "hepatic stellate cell",
            &["HSC"],
        ));
        let lex = Lexicon::from_bytes(c.compile("test").expect("compiles")).expect("loads");
        let cells = MatchOptions {
            types: TypeSet::NONE.with(EntityType::CellType),
            ..MatchOptions::default()
        };
        let verdict = |text: &str| -> Vec<(String, bool)> {
            lex.find_with(text, cells)
                .iter()
                .map(|m| {
                    let name = &text[m.start..m.end];
                    (name.to_owned(), better_read_otherwise(&lex, m, name))
                })
                .collect()
        };
        assert_eq!(
            verdict("macrophages produce MMPs"),
            [("MMPs".to_owned(), true)]
        );
        assert_eq!(verdict("one MMP migrates"), [("MMP".to_owned(), false)]);
        assert_eq!(verdict("activated HSCs"), [("HSCs".to_owned(), false)]);
    }

    fn doc(text: &str) -> Document {
        let mut d = Document::new("t");
        d.text = text.to_owned();
        d.sections.push(Section {
            passages: vec![Passage {
                start: 0,
                end: text.len(),
                source_offset: None,
            }],
            ..Section::default()
        });
        crate::abbreviations::annotate(&mut d);
        d
    }

    /// `text` split into sentences and annotated with the shipped model
    /// and the default lexicon.
    fn with_shipped(text: &str) -> Document {
        let mut d = doc(text);
        crate::sentences::split_document(&mut d);
        let model = EntityModel::shipped().expect("shipped model");
        let lexicon = Lexicon::default_lexicon().expect("default lexicon");
        annotate(&mut d, model, Some(&lexicon), InputEntities::Replace);
        d
    }

    /// Mentions as `text:Type:id` (`|`-joined candidates after `~`).
    fn check(text: &str, expect: &[&str]) {
        let mut d = doc(text);
        let model = EntityModel::default();
        annotate(&mut d, &model, Some(&lexicon()), InputEntities::Replace);
        let got: Vec<String> = d
            .entities
            .iter()
            .map(|e| {
                let mut s = format!("{}:{}:{}", e.text, e.kind, e.ids.join(","));
                if !e.candidates.is_empty() {
                    let c: Vec<String> = e.candidates.iter().map(|c| c.ids.join(",")).collect();
                    s.push_str(&format!("~{}", c.join("|")));
                }
                s
            })
            .collect();
        assert_eq!(got, expect, "entities of {text:?}");
    }

    #[test]
    fn definitions_decide_ambiguous_short_forms() {
        // Alone, "HSC" has two readings, both kept.
        check(
            "HSC numbers rose.",
            &["HSC:CellType:CL:0000037~CL:0000037|CL:0000632"],
        );
        // Defined, every use is the long form's concept.
        check(
            "Hepatic stellate cells (HSCs) and HGF. HSCs proliferate; HSC death.",
            &[
                "Hepatic stellate cells:CellType:CL:0000632",
                "HSCs:CellType:CL:0000632",
                "HGF:Gene:NCBIGene:3082",
                "HSCs:CellType:CL:0000632",
                "HSC:CellType:CL:0000632",
            ],
        );
    }

    #[test]
    fn no_mention_spans_two_sentences() {
        // The shipped tagger reads "B. We" as a species and "HS1. F-actin"
        // as one gene when sentence ends are not looked at.
        let text = "HeLa cells, K562 cells, HL-60 cells and THP-1 cells expressed \
                    NF-kappa B. We used the human T cell line Jurkat. \
                    Cortactin binds HS1. F-actin bundles formed in Ire1. Top cells.";
        let d = with_shipped(text);
        let starts: Vec<usize> = d.sentences().map(|(_, s)| s.start).collect();
        assert_eq!(starts.len(), 5, "{starts:?}");
        assert!(!d.entities.is_empty());
        for e in &d.entities {
            let (Some(s), Some(end)) = (e.start, e.end) else {
                continue;
            };
            assert!(!spans_sentences(&starts, s, end), "{e:?}");
        }
        assert!(spans_sentences(&starts, starts[1] - 3, starts[1] + 2));
        assert!(!spans_sentences(&starts, starts[1], starts[1] + 2));
        assert!(!spans_sentences(&starts, 0, 9));
    }

    #[test]
    fn words_of_longer_names_are_dropped() {
        let f = |start, end, kind| Found {
            start,
            end,
            kinds: vec![kind],
            origin: Origin::Model,
        };
        // "Hepatocyte growth factor (HGF) binds c-Met on T cells ... in
        // Mycobacterium tuberculosis and Jurkat T cells", sorted by span
        // as `annotate` hands them over.
        let mut found = vec![
            f(0, 10, EntityType::CellType),
            f(0, 24, EntityType::Gene),
            f(5, 10, EntityType::Disease),
            f(26, 29, EntityType::Gene),
            f(41, 48, EntityType::CellType),
            f(41, 49, EntityType::CellType),
            f(60, 72, EntityType::Chemical),
            f(60, 84, EntityType::Species),
            f(73, 84, EntityType::Disease),
            f(89, 104, EntityType::CellLine),
            f(96, 104, EntityType::CellType),
            f(106, 110, EntityType::Disease),
        ];
        drop_words_of_names(&mut found);
        let spans: Vec<(usize, usize)> = found.iter().map(|f| (f.start, f.end)).collect();
        // The cell type inside the gene's name goes; a disease inside it
        // stays (the taggers' nested diseases and chemicals are more often
        // right than not there), as do cell types outside genes. The
        // chemical and the disease inside the species name go, and the
        // cell type inside the cell line's; a disease outside stays.
        assert_eq!(
            spans,
            [
                (0, 24),
                (5, 10),
                (26, 29),
                (41, 48),
                (41, 49),
                (60, 84),
                (89, 104),
                (106, 110)
            ]
        );

        // With the shipped model and lexicon.
        let d = with_shipped(
            "Hepatocyte growth factor (HGF) inhibits activated hepatic stellate cells.",
        );
        let got: Vec<(&str, EntityType)> = d
            .entities
            .iter()
            .map(|e| (e.text.as_str(), e.kind))
            .collect();
        assert!(
            got.contains(&("Hepatocyte growth factor", EntityType::Gene)),
            "{got:?}"
        );
        assert!(
            got.contains(&("hepatic stellate cells", EntityType::CellType)),
            "{got:?}"
        );
        assert!(
            !got.contains(&("Hepatocyte", EntityType::CellType)),
            "{got:?}"
        );
    }

    #[test]
    fn cell_lines_take_their_cells_and_formulas_stay_chemicals() {
        check(
            "LX2 cells were exposed to Carbon tetrachloride (CCl4).",
            &[
                "LX2 cells:CellLine:CVCL_5792",
                "Carbon tetrachloride:Chemical:MESH:D002251",
                "CCl4:Chemical:MESH:D002251",
            ],
        );
    }

    #[test]
    fn cell_line_names_win_over_the_taggers_reading_inside_them() {
        // The shipped chemical tagger reads "U-937" (a compound code's
        // shape) and "NIH" as chemicals; the Cellosaurus names around them,
        // with their cells or longer than the tagged span, are the lines.
        let d = with_shipped("U-937 cells and NIH 3T3 fibroblasts were treated with PMA.");
        let got: Vec<(&str, EntityType, &str)> = d
            .entities
            .iter()
            .map(|e| {
                let id = e.ids.first().map_or("", String::as_str);
                (e.text.as_str(), e.kind, id)
            })
            .collect();
        for want in [
            ("U-937 cells", EntityType::CellLine, "CVCL_0007"),
            ("NIH 3T3", EntityType::CellLine, "CVCL_0594"),
        ] {
            assert!(got.contains(&want), "{got:?}");
        }
        assert!(
            !got.iter()
                .any(|(t, k, _)| *k == EntityType::Chemical && ["U-937", "NIH"].contains(t)),
            "{got:?}"
        );
    }

    #[test]
    fn a_long_forms_complement_does_not_type_its_short_form() {
        // "T cells" ends the long form but is what the factor is of; an
        // entity ending a long form without a preposition before it still
        // names it.
        let d = with_shipped(
            "The nuclear factor of activated T cells (NFAT) binds DNA. NFAT is nuclear.",
        );
        for e in &d.entities {
            assert!(
                !(e.text == "NFAT" && e.kind == EntityType::CellType),
                "{:?}",
                d.entities
            );
        }
        assert!(
            d.entities
                .iter()
                .any(|e| e.text == "T cells" && e.kind == EntityType::CellType)
        );
        assert!(has_preposition("nuclear factor of activated "));
        assert!(!has_preposition("X-linked "));
        assert!(!has_preposition("often-cited "));
        assert!(has_preposition("Inhibitor Of "));
        assert!(!has_preposition("ON bipolar "));
    }

    #[test]
    fn short_cell_line_names_need_cells() {
        check("M2 macrophages, not LX-2.", &[]);
        check(
            "The LX-2 line and LX2 cells.",
            &["LX2 cells:CellLine:CVCL_5792"],
        );
    }

    #[test]
    fn short_forms_of_non_entities_are_not_entities() {
        // "ECM" is no name here; the definition is still listed.
        let mut d = doc("The extracellular matrix (ECM) and HGF. ECM stiffens.");
        annotate(
            &mut d,
            &EntityModel::default(),
            Some(&lexicon()),
            InputEntities::Replace,
        );
        assert!(d.entities.iter().all(|e| e.text != "ECM"));
        assert_eq!(d.abbreviations[0].short, "ECM");
        assert_eq!(d.abbreviations[0].kind, None);
    }

    #[test]
    fn input_annotations_keep_replace_merge() {
        let input = Entity {
            text: "HGF".into(),
            start: Some(4),
            end: Some(7),
            kind: EntityType::Chemical,
            origin: Origin::Input,
            ..Entity::default()
        };
        let run = |mode| {
            let mut d = doc("The HGF and LX2 cells.");
            d.entities.push(input.clone());
            annotate(&mut d, &EntityModel::default(), Some(&lexicon()), mode);
            d.entities
                .iter()
                .map(|e| format!("{}:{}:{:?}", e.text, e.kind, e.origin))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(InputEntities::Keep), ["HGF:Chemical:Input"]);
        assert_eq!(
            run(InputEntities::Replace),
            ["HGF:Gene:Lexicon", "LX2 cells:CellLine:Lexicon"]
        );
        assert_eq!(
            run(InputEntities::Merge),
            ["HGF:Chemical:Input", "LX2 cells:CellLine:Lexicon"]
        );
    }
}
