//! Markdown: the seed's summary / full-text layout and generic Markdown.
//!
//! Both go through pulldown-cmark, turned into a flat list of blocks
//! (headings, paragraphs, list items). The seed's layout is then read by
//! section title:
//!
//! ```text
//! # Title
//! **Authors:** A, B, C
//! PMC123 · DOI: 10.x/y · Journal · 2026-02-04
//! ## TL;DR / ## Contribution / ## Key findings / ## Abstract
//! ## Linked entities / ## Full-text entities     (entity lists with ids)
//! ## Full text                                    (### sections, [12] citations)
//! ## Figures                                      (**Figure 1.** caption)
//! ## References                                   (1. Vancouver-style entries)
//! ---
//! Source: https://.../PMC123
//! ```
//!
//! Any section may be missing; other `##` sections are read as ordinary
//! sections. Generic Markdown is read the same way, without the seed's
//! front matter rules.

use std::collections::BTreeSet;
use std::ops::Range;

use briefing_model::{
    Entity, EntityType, Figure, InputAnnotation, InputFormat, Origin, Reference, SectionKind,
};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::Read;
use crate::builder::{Builder, collapse_whitespace};
use crate::error::{Location, Result, Warning, check_text};
use crate::refs::{find_markers, parse_reference};

#[derive(Debug, Clone, PartialEq)]
enum Block {
    Heading {
        level: u8,
        text: String,
        range: Range<usize>,
    },
    Paragraph {
        text: String,
        range: Range<usize>,
    },
    /// A list item; `number` for ordered lists.
    Item {
        text: String,
        number: Option<u64>,
        range: Range<usize>,
    },
    Rule,
}

#[derive(Debug, Default)]
struct Collector {
    text: String,
    start: usize,
    number: Option<u64>,
    emitted: bool,
}

/// The blocks of a Markdown text, inline markup removed.
fn blocks(src: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut items: Vec<Collector> = Vec::new();
    let mut current: Option<Collector> = None;
    let mut heading: Option<u8> = None;
    let mut in_code = false;
    let opts = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    for (event, range) in Parser::new_ext(src, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(level as u8);
                current = Some(Collector {
                    start: range.start,
                    ..Collector::default()
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let (Some(level), Some(c)) = (heading.take(), current.take()) {
                    out.push(Block::Heading {
                        level,
                        text: collapse_whitespace(&c.text),
                        range: c.start..range.end,
                    });
                }
            }
            Event::Start(Tag::Paragraph) if items.is_empty() => {
                current = Some(Collector {
                    start: range.start,
                    ..Collector::default()
                });
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(item) = items.last_mut() {
                    item.text.push(' ');
                } else if let Some(c) = current.take() {
                    out.push(Block::Paragraph {
                        text: collapse_whitespace(&c.text),
                        range: c.start..range.end,
                    });
                }
            }
            Event::Start(Tag::List(start)) => {
                // A nested list: the enclosing item's own text comes first.
                if let Some(item) = items.last_mut() {
                    flush_item(item, &mut out, range.start);
                }
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let number = match lists.last_mut() {
                    Some(Some(n)) => {
                        let this = *n;
                        *n += 1;
                        Some(this)
                    }
                    _ => None,
                };
                items.push(Collector {
                    start: range.start,
                    number,
                    ..Collector::default()
                });
            }
            Event::End(TagEnd::Item) => {
                if let Some(mut item) = items.pop() {
                    flush_item(&mut item, &mut out, range.end);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => {
                if in_code {
                    continue;
                }
                if let Some(item) = items.last_mut() {
                    item.text.push_str(&t);
                } else if let Some(c) = current.as_mut() {
                    c.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(item) = items.last_mut() {
                    item.text.push(' ');
                } else if let Some(c) = current.as_mut() {
                    c.text.push(' ');
                }
            }
            Event::Rule => out.push(Block::Rule),
            _ => {}
        }
    }
    out
}

fn flush_item(item: &mut Collector, out: &mut Vec<Block>, end: usize) {
    if item.emitted {
        return;
    }
    item.emitted = true;
    let text = collapse_whitespace(&item.text);
    if !text.is_empty() {
        out.push(Block::Item {
            text,
            number: item.number,
            range: item.start..end,
        });
    }
}

/// What a `##` section of the seed layout is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Tldr,
    Entities,
    FullText,
    Figures,
    References,
    Body,
}

fn part(title: &str) -> Part {
    match title.trim().to_lowercase().as_str() {
        "tl;dr" | "tldr" => Part::Tldr,
        "linked entities" | "full-text entities" | "entities" => Part::Entities,
        "full text" | "full-text" | "body" => Part::FullText,
        "figures" | "figures and tables" => Part::Figures,
        "references" | "bibliography" | "literature cited" => Part::References,
        _ => Part::Body,
    }
}

/// Reads one Markdown document (seed layout or generic).
pub(crate) fn read(origin: &str, bytes: &[u8], format: InputFormat) -> Result<Read> {
    let src = check_text(origin, bytes)?;
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let blocks = blocks(src);
    let mut warnings = Vec::new();
    let loc = |r: &Range<usize>| Location::of_offset(src.as_bytes(), r.start);

    // The first level-1 heading is the title; other headings are sections,
    // their levels counted from the shallowest one below the title.
    let title_at = blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { level: 1, .. }));
    let base_level = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Heading { level, .. } if Some(i) != title_at => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(2);

    // References first, so citations in the text can be checked against them.
    let mut references: Vec<Reference> = Vec::new();
    let mut part_now = Part::Body;
    for b in &blocks {
        match b {
            Block::Heading { level, text, .. } if *level <= base_level => part_now = part(text),
            Block::Rule => part_now = Part::Body,
            Block::Item { text, number, .. } if part_now == Part::References => {
                let (label, printed) = split_label(text, *number, references.len());
                references.push(parse_reference(format!("R{label}"), Some(label), printed));
            }
            Block::Paragraph { text, .. }
                if part_now == Part::References && !is_placeholder(text) =>
            {
                let (label, printed) = split_label(text, None, references.len());
                references.push(parse_reference(format!("R{label}"), Some(label), printed));
            }
            _ => {}
        }
    }
    let labels: BTreeSet<String> = references.iter().filter_map(|r| r.label.clone()).collect();

    let mut b = Builder::new("", format, origin);
    let mut dangling: BTreeSet<u32> = BTreeSet::new();
    let mut part_now = Part::Body;
    let mut after_rule = false;
    let mut seen_section = false;
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading { text, .. } if Some(i) == title_at => {
                b.doc.metadata.title = Some(text.clone());
            }
            Block::Heading { level, text, range } => {
                seen_section = true;
                let level = (level.saturating_sub(base_level) + 1).max(1);
                if level == 1 {
                    part_now = part(text);
                }
                match part_now {
                    Part::Entities | Part::References => {}
                    Part::Tldr => {
                        b.section_of_kind(text, level, SectionKind::Summary);
                    }
                    _ => {
                        b.section(text, level);
                    }
                }
                let _ = range;
            }
            Block::Rule => {
                // A rule closes the section before it ("---" then "Source: ...").
                after_rule = true;
                part_now = Part::Body;
            }
            Block::Paragraph { text, range } | Block::Item { text, range, .. } => {
                let is_item = matches!(block, Block::Item { .. });
                if !seen_section {
                    if front_matter(&mut b, text) {
                        continue;
                    }
                } else if after_rule && let Some(rest) = text.strip_prefix("Source:") {
                    if b.doc.metadata.pmcid.is_none() {
                        b.doc.metadata.pmcid = find_pmcid(rest);
                    }
                    continue;
                }
                if is_placeholder(text) {
                    continue;
                }
                match part_now {
                    Part::Entities => {
                        if is_item {
                            let list = section_title_before(&blocks, i);
                            entity_list(&mut b, text, &list, loc(range), &mut warnings);
                        }
                    }
                    Part::References => {}
                    Part::Figures => figure(&mut b, text),
                    Part::Tldr => {
                        b.doc.metadata.tldr.get_or_insert_with(|| text.clone());
                        cited_passage(&mut b, text, &labels, &mut dangling);
                    }
                    Part::FullText | Part::Body => {
                        if !seen_section {
                            b.section("", 1);
                            seen_section = true;
                        }
                        cited_passage(&mut b, text, &labels, &mut dangling);
                    }
                }
            }
        }
    }
    if !dangling.is_empty() {
        let list: Vec<String> = dangling.iter().map(u32::to_string).collect();
        warnings.push(Warning::new(
            Location::NONE,
            format!(
                "citations to numbers with no entry in a reference list: {}",
                list.join(", ")
            ),
        ));
        // Keep the links: each cited number gets a reference holding only its label.
        for n in &dangling {
            references.push(Reference {
                id: format!("R{n}"),
                label: Some(n.to_string()),
                ..Reference::default()
            });
        }
    }
    for r in references {
        b.reference(r);
    }
    if b.doc.metadata.title.is_none() && blocks.iter().all(|x| !matches!(x, Block::Heading { .. }))
    {
        warnings.push(Warning::new(
            Location::NONE,
            "no headings: read as one untitled section",
        ));
    }
    let mut doc = b.finish();
    doc.id = document_id(&doc.metadata, origin);
    if doc.text.is_empty() && doc.entities.is_empty() {
        warnings.push(Warning::new(Location::NONE, "no text found"));
    }
    Ok(Read {
        document: doc,
        warnings,
    })
}

/// A stable id: PMCID, PMID or DOI where known, else the input's file stem.
pub(crate) fn document_id(m: &briefing_model::Metadata, origin: &str) -> String {
    if let Some(id) = m.pmcid.as_ref().or(m.pmid.as_ref()).or(m.doi.as_ref()) {
        return id.clone();
    }
    let name = origin.rsplit(['/', '\\']).next().unwrap_or(origin);
    let stem = name.split('.').next().unwrap_or(name);
    if stem.is_empty() || stem == "-" {
        "stdin".to_owned()
    } else {
        stem.to_owned()
    }
}

/// Text standing in for content the summary view leaves out ("_Full body
/// text omitted..._", "4 figures with captions in the complete paper: ...").
fn is_placeholder(text: &str) -> bool {
    let t = text.to_lowercase();
    if t.contains("omitted from this summary view") {
        return true;
    }
    let mut words = t.split_whitespace();
    let first_is_number = words
        .next()
        .is_some_and(|w| w.bytes().all(|c| c.is_ascii_digit()));
    first_is_number
        && matches!(
            words.next(),
            Some("figures" | "figure" | "references" | "reference" | "tables")
        )
        && (t.contains("complete paper") || t.contains("full list"))
}

/// "**Authors:** A, B" and the `PMC · DOI: ... · journal · date` line.
fn front_matter(b: &mut Builder, text: &str) -> bool {
    if let Some(rest) = text.strip_prefix("Authors:") {
        b.doc.metadata.authors = rest
            .split(',')
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        return true;
    }
    if !text.contains(" · ") {
        return false;
    }
    let m = &mut b.doc.metadata;
    for field in text.split(" · ").map(str::trim) {
        let lower = field.to_ascii_lowercase();
        if let Some(doi) = lower.strip_prefix("doi:").map(|_| field[4..].trim()) {
            m.doi = Some(doi.to_owned());
        } else if lower.starts_with("pmid") {
            m.pmid = crate::refs::find_labelled_number(field, "PMID");
        } else if lower.starts_with("pmc") {
            if let Some(id) = find_pmcid(field) {
                m.pmcid = Some(id);
            }
        } else if is_date(field) {
            m.date = Some(field.to_owned());
        } else if m.journal.is_none() && !field.is_empty() {
            m.journal = Some(field.to_owned());
        }
    }
    true
}

fn find_pmcid(s: &str) -> Option<String> {
    let i = s.find("PMC")?;
    let digits: String = s[i + 3..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then(|| format!("PMC{digits}"))
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

/// "12. Smith J. Title..." → ("12", "Smith J. Title...").
fn split_label(text: &str, number: Option<u64>, count: usize) -> (String, &str) {
    if let Some(n) = number {
        return (n.to_string(), text);
    }
    let t = text.trim_start_matches('[');
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let rest = t[digits..].trim_start_matches([']', '.', ')']).trim_start();
        return (t[..digits].to_owned(), rest);
    }
    ((count + 1).to_string(), text)
}

/// A passage whose numeric citation markers become [`Citation`]s.
fn cited_passage(
    b: &mut Builder,
    text: &str,
    labels: &BTreeSet<String>,
    dangling: &mut BTreeSet<u32>,
) {
    b.begin_passage(None);
    let mut at = 0;
    for m in find_markers(text) {
        let mut refs = Vec::new();
        for n in &m.numbers {
            if labels.is_empty() {
                dangling.insert(*n);
                refs.push(format!("R{n}"));
            } else if labels.contains(&n.to_string()) {
                refs.push(format!("R{n}"));
            }
        }
        if refs.is_empty() {
            continue;
        }
        b.push(&text[at..m.start]);
        b.push_citation(&text[m.start..m.end], refs);
        at = m.end;
    }
    b.push(&text[at..]);
    b.end_passage();
}

/// "**Figure 2.** Caption" or "Figure 2: Caption".
fn figure(b: &mut Builder, text: &str) {
    let (label, caption) = split_figure_label(text);
    let Some(span) = b.passage(caption) else {
        return;
    };
    let n = b.doc.figures.len() + 1;
    b.figure(Figure {
        id: format!("F{n}"),
        label,
        caption: b.doc.slice(span).to_owned(),
        span: Some(span),
    });
}

fn split_figure_label(text: &str) -> (Option<String>, &str) {
    for kind in ["Figure", "Fig.", "Table", "Supplementary Figure"] {
        if let Some(rest) = text.strip_prefix(kind) {
            let rest = rest.trim_start();
            let n = rest
                .find(|c: char| !(c.is_ascii_alphanumeric()))
                .unwrap_or(rest.len());
            if n > 0 && rest[..n].bytes().next().is_some_and(|c| c.is_ascii_digit()) {
                let label = format!("{} {}", kind.trim_end_matches('.'), &rest[..n]);
                let caption = rest[n..]
                    .trim_start_matches(['.', ':', '|', ' ', '—', '-'])
                    .trim_start();
                return (Some(label.replace("Fig ", "Figure ")), caption);
            }
        }
    }
    (None, text)
}

fn section_title_before(blocks: &[Block], i: usize) -> String {
    blocks[..i]
        .iter()
        .rev()
        .find_map(|b| match b {
            Block::Heading { text, .. } => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// One line of an entity list: "Genes: A (name) [NCBI Gene 1] {aka x, y}, B ...".
fn entity_list(b: &mut Builder, text: &str, list: &str, at: Location, warnings: &mut Vec<Warning>) {
    let Some((label, items)) = text.split_once(':') else {
        warnings.push(Warning::new(
            at,
            format!(
                "entity list line without a `Type:` label: {}",
                truncate(text)
            ),
        ));
        return;
    };
    let label = label.trim();
    let kind = match label.to_lowercase().as_str() {
        "genes" | "gene" | "proteins" => EntityType::Gene,
        "diseases" | "disease" => EntityType::Disease,
        "chemicals" | "chemical" | "drugs" => EntityType::Chemical,
        "species" | "organisms" => EntityType::Species,
        "cell lines" | "cell line" => EntityType::CellLine,
        "cell types" | "cell type" => EntityType::CellType,
        _ => {
            warnings.push(Warning::new(
                at,
                format!("unknown entity list `{label}`: kept with type Other"),
            ));
            EntityType::Other
        }
    };
    for item in split_entities(items) {
        if let Some(e) = parse_entity(item, kind, label, list) {
            b.entity(e);
        } else {
            warnings.push(Warning::new(
                at,
                format!("cannot read entity `{}` in {label}", truncate(item)),
            ));
        }
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(60).collect()
}

/// Splits a list at top-level ", " that follow a complete entry (one with
/// an identifier group). Commas inside brackets, and in descriptions such as
/// "LX2 — Homo sapiens (Human), Transformed cell line (CVCL_5792)", stay.
fn split_entities(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut has_id = false;
    let mut group_start = 0;
    let bytes = s.as_bytes();
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' => {
                if depth == 0 {
                    group_start = i + 1;
                }
                depth += 1;
            }
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 && is_id_group(c, &s[group_start..i]) {
                    has_id = true;
                }
                depth = depth.max(0);
            }
            ',' if depth == 0 && has_id && bytes.get(i + 1) == Some(&b' ') => {
                out.push(s[start..i].trim());
                start = i + 1;
                has_id = false;
            }
            _ => {}
        }
    }
    if !s[start..].trim().is_empty() {
        out.push(s[start..].trim());
    }
    out
}

fn is_id_group(close: char, inner: &str) -> bool {
    let inner = inner.trim();
    match close {
        ']' => inner.starts_with("NCBI Gene") || inner.starts_with("taxon"),
        '}' => inner.starts_with("aka"),
        ')' => inner == "-" || curie(inner).is_some(),
        _ => false,
    }
}

/// Normalizes an identifier to a CURIE: `MESH:D008107`, `MONDO:0005154`,
/// `CVCL_5792`, `CL:0000632`, `NCBIGene:3082`, `NCBITaxon:9606`.
fn curie(id: &str) -> Option<String> {
    let id = id.trim();
    if id.starts_with("CVCL_") && id.len() > 5 {
        return Some(id.to_owned());
    }
    let (prefix, local) = id.split_once(':')?;
    if local.is_empty() || local.contains(char::is_whitespace) || prefix.is_empty() {
        return None;
    }
    let prefix = match prefix.to_ascii_uppercase().as_str() {
        "MESH" => "MESH",
        "MONDO" => "MONDO",
        "CL" => "CL",
        "CHEBI" => "CHEBI",
        "OMIM" | "MIM" => "OMIM",
        "NCBIGENE" | "GENE" => "NCBIGene",
        "NCBITAXON" | "TAXON" => "NCBITaxon",
        "UBERON" => "UBERON",
        "PR" => "PR",
        "DOID" => "DOID",
        "HGNC" => "HGNC",
        "EFO" => "EFO",
        "HP" => "HP",
        _ => return None,
    };
    Some(format!("{prefix}:{local}"))
}

/// One entry: "COL1A1 (collagen type I alpha 1 chain) [NCBI Gene 1277] {aka CAFYD, OI1}",
/// "insulin resistance (MESH:D007333)", "Homo sapiens (human, species) [taxon 9606]",
/// "LX2 — Homo sapiens (Human), Transformed cell line (CVCL_5792)", "GE11 (-)".
fn parse_entity(item: &str, kind: EntityType, label: &str, list: &str) -> Option<Entity> {
    let item = item.trim();
    let head_end = item
        .find([' ', '\u{a0}'])
        .map(|_| {
            [" (", " [", " {", " — "]
                .iter()
                .filter_map(|p| item.find(p))
                .min()
                .unwrap_or(item.len())
        })
        .unwrap_or(item.len());
    let mention = item[..head_end].trim();
    if mention.is_empty() {
        return None;
    }
    let mut e = Entity {
        text: mention.to_owned(),
        kind,
        origin: Origin::Input,
        input: Some(InputAnnotation {
            label: label.to_owned(),
            id: String::new(),
            extra: vec![list.to_owned()],
        }),
        ..Entity::default()
    };
    let rest = &item[head_end..];
    let mut ids = Vec::new();
    for (open, inner) in groups(rest) {
        let inner = inner.trim();
        match open {
            '[' => {
                if let Some(n) = inner.strip_prefix("NCBI Gene") {
                    ids.push(format!("NCBIGene:{}", n.trim()));
                } else if let Some(n) = inner.strip_prefix("taxon") {
                    ids.push(format!("NCBITaxon:{}", n.trim()));
                }
            }
            '{' => {
                if let Some(aka) = inner.strip_prefix("aka") {
                    e.synonyms.extend(
                        aka.split(',')
                            .map(|s| s.trim().to_owned())
                            .filter(|s| !s.is_empty()),
                    );
                }
            }
            _ => {
                if inner == "-" {
                    continue;
                }
                if let Some(c) = curie(inner) {
                    ids.push(c);
                } else if kind == EntityType::Species {
                    // "(human, species)": the common name and the rank.
                    if let Some(common) = inner
                        .split(',')
                        .next()
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                    {
                        e.synonyms.push(common.to_owned());
                    }
                } else if e.name.is_none() && kind != EntityType::CellLine {
                    e.name = Some(inner.to_owned());
                }
            }
        }
    }
    if let Some(input) = e.input.as_mut() {
        input.id = ids.join("|");
    }
    e.ids = ids;
    Some(e)
}

/// Top-level bracket groups of `s`: `(open, inner text)`.
fn groups(s: &str) -> Vec<(char, &str)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut open = ' ';
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' => {
                if depth == 0 {
                    open = c;
                    start = i + 1;
                }
                depth += 1;
            }
            ')' | ']' | '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((open, &s[start..i]));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_entity_lists() {
        let items = split_entities(
            "A (a, b) [NCBI Gene 1] {aka x, y}, B (MESH:D1), LX2 — Homo sapiens (Human), Transformed cell line (CVCL_5792), GE11 (-)",
        );
        assert_eq!(
            items,
            vec![
                "A (a, b) [NCBI Gene 1] {aka x, y}",
                "B (MESH:D1)",
                "LX2 — Homo sapiens (Human), Transformed cell line (CVCL_5792)",
                "GE11 (-)"
            ]
        );
    }

    #[test]
    fn parses_gene_entry() {
        let e = parse_entity(
            "Ido1 (indoleamine 2,3-dioxygenase 1) [NCBI Gene 66029] {aka Ido, Indo}",
            EntityType::Gene,
            "Genes",
            "Full-text entities",
        )
        .unwrap();
        assert_eq!(e.text, "Ido1");
        assert_eq!(e.name.as_deref(), Some("indoleamine 2,3-dioxygenase 1"));
        assert_eq!(e.ids, vec!["NCBIGene:66029"]);
        assert_eq!(e.synonyms, vec!["Ido", "Indo"]);
    }

    #[test]
    fn parses_species_and_cell_line() {
        let e = parse_entity(
            "Mus musculus (house mouse, species) [taxon 10090]",
            EntityType::Species,
            "Species",
            "",
        )
        .unwrap();
        assert_eq!(
            (e.text.as_str(), e.ids.clone(), e.synonyms.clone()),
            (
                "Mus musculus",
                vec!["NCBITaxon:10090".to_owned()],
                vec!["house mouse".to_owned()]
            )
        );
        let e = parse_entity(
            "LX2 — Homo sapiens (Human), Transformed cell line (CVCL_5792)",
            EntityType::CellLine,
            "Cell lines",
            "",
        )
        .unwrap();
        assert_eq!(
            (e.text.as_str(), e.ids.clone()),
            ("LX2", vec!["CVCL_5792".to_owned()])
        );
    }

    #[test]
    fn blocks_flatten_nested_lists() {
        let b = blocks("# T\n\n- a\n  - b\n- c\n\n1. x\n2. y\n");
        let items: Vec<_> = b
            .iter()
            .filter_map(|b| match b {
                Block::Item { text, number, .. } => Some((text.as_str(), *number)),
                _ => None,
            })
            .collect();
        assert_eq!(
            items,
            vec![
                ("a", None),
                ("b", None),
                ("c", None),
                ("x", Some(1)),
                ("y", Some(2))
            ]
        );
    }

    #[test]
    fn figure_labels() {
        assert_eq!(
            split_figure_label("Figure 2. MSC actions."),
            (Some("Figure 2".into()), "MSC actions.")
        );
        assert_eq!(
            split_figure_label("Table 1: Trials"),
            (Some("Table 1".into()), "Trials")
        );
        assert_eq!(split_figure_label("A caption"), (None, "A caption"));
    }
}
