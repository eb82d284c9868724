//! The normalized claim: the key under which identical claims merge.
//!
//! A structured claim (agent, relation, target) is keyed by the entity
//! identifiers of its arguments and the relation kind, so "MSCs secrete
//! HGF" and "hepatocyte growth factor released by mesenchymal stromal cells"
//! meet under `mechanism|CL:0000134|secretion|NCBIGene:3082`. An argument's
//! identifiers are its own, else those of the abbreviation it is, else
//! those of the entity mentions it consists of. Otherwise it falls back to
//! its normalized words, mentions replaced by their identifiers
//! (`~hepatic_stellate_cell_activation`, `~expand_CL:0000815`), with
//! abbreviations expanded and their parenthesized definitions dropped:
//! "HSC activation" and "hepatic stellate cell (HSCs) activation" meet.
//!
//! A claim without structure (most outcomes, bottlenecks and strategies) is
//! keyed by its words with every entity mention replaced by the entity's
//! identifiers, abbreviations expanded, stop words dropped and plurals
//! folded: `bottleneck|~|low homing efficiency`. That is stricter than the
//! structured key on purpose: two loose sentences about the same entities
//! are not the same claim.

use std::collections::HashMap;

use briefing_model::{Argument, Claim, Document, Entity};

/// The key of a claim of `doc`, polarity included: a negated claim gets
/// `|negated`.
pub fn claim_key(claim: &Claim, doc: &Document) -> String {
    Keys::new(doc).key(claim)
}

/// The keys of one document's claims and claim arguments, for callers that
/// key many of them (built once per document: it indexes the document's
/// abbreviations).
///
/// ```
/// use briefing_evidence::Keys;
/// use briefing_model::{Abbreviation, Argument, Document};
///
/// let mut doc = Document::new("d");
/// doc.abbreviations.push(Abbreviation {
///     short: "EVs".into(),
///     long: "extracellular vesicles".into(),
///     ..Abbreviation::default()
/// });
/// let keys = Keys::new(&doc);
/// let short = Argument { text: "EVs".into(), ..Argument::default() };
/// let long = Argument { text: "extracellular vesicles (EVs)".into(), ..Argument::default() };
/// assert_eq!(keys.argument(&short), keys.argument(&long));
/// ```
#[derive(Debug)]
pub struct Keys<'a> {
    entities: &'a [Entity],
    /// Short form (and short form without its plural `s`) → the long form
    /// and its identifiers.
    abbreviations: HashMap<&'a str, (&'a str, &'a [String])>,
}

impl<'a> Keys<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let mut abbreviations = HashMap::new();
        for a in &doc.abbreviations {
            let (short, long) = (a.short.trim(), a.long.trim());
            if short.is_empty() || long.is_empty() {
                continue;
            }
            abbreviations
                .entry(short)
                .or_insert((long, a.ids.as_slice()));
            if let Some(singular) = short.strip_suffix('s').filter(|s| s.len() > 1) {
                abbreviations
                    .entry(singular)
                    .or_insert((long, a.ids.as_slice()));
            }
        }
        Keys {
            entities: &doc.entities,
            abbreviations,
        }
    }

    /// The key of `claim` (see [`claim_key`]).
    pub fn key(&self, claim: &Claim) -> String {
        let mut key = String::with_capacity(64);
        key.push_str(claim.category.as_str());
        key.push('|');
        if claim.subject.is_some() || claim.relation.is_some() || claim.object.is_some() {
            self.push_argument(&mut key, claim.subject.as_ref());
            key.push('|');
            key.push_str(claim.relation.as_ref().map_or("-", |r| r.kind.as_str()));
            key.push('|');
            self.push_argument(&mut key, claim.object.as_ref());
        } else {
            key.push_str("~|");
            self.push_words(&mut key, claim);
        }
        if claim.negated {
            key.push_str("|negated");
        }
        key
    }

    /// The normalized form of one claim argument: its identifiers, else
    /// those of the abbreviation it is or of the mentions it consists of,
    /// else `~` and its normalized words. "EVs" and "extracellular vesicles
    /// (EVs)" give the same key.
    pub fn argument(&self, arg: &Argument) -> String {
        let mut key = String::new();
        self.push_argument(&mut key, Some(arg));
        key
    }

    fn push_argument(&self, key: &mut String, arg: Option<&Argument>) {
        let Some(arg) = arg else {
            key.push('-');
            return;
        };
        let mut ids: Vec<&str> = arg.ids.iter().map(String::as_str).collect();
        if ids.is_empty()
            && let Some((_, abbreviation_ids)) = self.abbreviations.get(arg.text.trim())
        {
            ids = abbreviation_ids.iter().map(String::as_str).collect();
        }
        ids.retain(|id| !id.is_empty());
        if !ids.is_empty() {
            ids.sort_unstable();
            ids.dedup();
            key.push_str(&ids.join("+"));
            return;
        }
        let parts = self.phrase(&arg.text, arg.start, arg.end);
        if !parts.is_empty() && parts.iter().all(|p| matches!(p, Part::Ids(_))) {
            // The argument is entity mentions and nothing else.
            let mut ids: Vec<&str> = parts.iter().flat_map(|p| p.text().split('+')).collect();
            ids.sort_unstable();
            ids.dedup();
            key.push_str(&ids.join("+"));
        } else {
            key.push('~');
            key.push_str(&join(&parts, "_"));
        }
    }

    /// Entity mentions with identifiers lying inside `start..end`.
    fn mentions_in(&self, start: usize, end: usize) -> impl Iterator<Item = &'a Entity> {
        // Entities with offsets are sorted by start (document-level ones,
        // without offsets, come last).
        let first = self
            .entities
            .partition_point(|e| e.start.is_some_and(|s| s < start));
        self.entities[first..]
            .iter()
            .take_while(move |e| e.start.is_some_and(|s| s < end))
            .filter(move |e| e.end.is_some_and(|x| x <= end) && !e.ids.is_empty())
    }

    /// The claim's words, entity mentions replaced by their identifiers.
    fn push_words(&self, key: &mut String, claim: &Claim) {
        let parts = self.phrase(&claim.text, Some(claim.start), Some(claim.end));
        key.push_str(&join(&parts, " "));
    }

    /// The words of a text found at `start..end` of the document, entity
    /// mentions replaced by their identifiers. Offsets that do not fit the
    /// text give the words alone.
    fn phrase(&self, text: &str, start: Option<usize>, end: Option<usize>) -> Vec<Part> {
        let (Some(start), Some(end)) = (start, end) else {
            return self.words(text).into_iter().map(Part::Word).collect();
        };
        if end.checked_sub(start) != Some(text.len()) {
            return self.words(text).into_iter().map(Part::Word).collect();
        }
        let slice = |a: usize, b: usize| text.get(a - start..b - start).unwrap_or("");
        let mut parts: Vec<Part> = Vec::new();
        let mut pos = start;
        for entity in self.mentions_in(start, end) {
            let (Some(s), Some(e)) = (entity.start, entity.end) else {
                continue;
            };
            if s < pos {
                continue;
            }
            parts.extend(self.words(slice(pos, s)).into_iter().map(Part::Word));
            let mut ids: Vec<&str> = entity.ids.iter().map(String::as_str).collect();
            ids.sort_unstable();
            ids.dedup();
            parts.push(Part::Ids(ids.join("+")));
            pos = e;
        }
        parts.extend(self.words(slice(pos, end)).into_iter().map(Part::Word));
        // An entity repeated in a row ("MSCs (mesenchymal stromal cells)")
        // counts once.
        parts.dedup();
        parts
    }

    /// Lower-case alphanumeric words without stop words, plurals folded,
    /// abbreviations expanded and parenthesized short forms dropped.
    pub(crate) fn words(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for word in strip_defined_short_forms(text, &self.abbreviations)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            match self.abbreviations.get(word) {
                Some((long, _)) => out.extend(plain_words(long)),
                None => out.extend(plain_words(word)),
            }
        }
        out
    }
}

/// `text` without parenthesized short forms: "hepatic stellate cell (HSCs)"
/// becomes "hepatic stellate cell ".
fn strip_defined_short_forms(
    text: &str,
    abbreviations: &HashMap<&str, (&str, &[String])>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inner = rest[open + 1..close].trim();
        out.push_str(&rest[..open]);
        if abbreviations.contains_key(inner) {
            out.push(' ');
        } else {
            out.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// A word of a phrase, or the identifiers of an entity mention.
#[derive(Debug, PartialEq)]
enum Part {
    Word(String),
    Ids(String),
}

impl Part {
    fn text(&self) -> &str {
        match self {
            Part::Word(w) | Part::Ids(w) => w,
        }
    }
}

fn join(parts: &[Part], separator: &str) -> String {
    parts
        .iter()
        .map(Part::text)
        .collect::<Vec<_>>()
        .join(separator)
}

const STOP_WORDS: &[&str] = &[
    "a", "also", "an", "and", "are", "as", "at", "be", "been", "being", "both", "by", "can",
    "further", "from", "has", "have", "in", "into", "is", "it", "its", "of", "on", "or", "that",
    "the", "their", "these", "this", "those", "through", "to", "via", "was", "were", "which",
    "while", "with",
];

/// Lower-case alphanumeric words without stop words, plurals folded.
fn plain_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| fold_plural(&w))
}

fn fold_plural(word: &str) -> String {
    if word.len() > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]);
    }
    if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use briefing_model::{
        Abbreviation, ClaimCategory, EntityType, Relation, RelationKind, SentenceRef, Study,
    };

    fn key(claim: &Claim, entities: &[Entity]) -> String {
        let mut doc = Document::new("d");
        doc.entities = entities.to_vec();
        claim_key(claim, &doc)
    }

    fn abbreviation(short: &str, long: &str, ids: &[&str]) -> Abbreviation {
        Abbreviation {
            short: short.into(),
            long: long.into(),
            start: None,
            end: None,
            kind: None,
            ids: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn abbreviations_meet_their_long_forms() {
        let mut doc = Document::new("d");
        doc.abbreviations = vec![
            abbreviation("HSCs", "hepatic stellate cells", &[]),
            abbreviation("ECM", "extracellular matrix", &[]),
            abbreviation("MSCs", "mesenchymal stromal cells", &["CL:0000134"]),
        ];
        let mechanism = |subject: &str, object: &str| {
            let mut c = claim("x", 0);
            c.subject = arg(subject, &[]);
            c.relation = Some(Relation {
                kind: RelationKind::Inhibition,
                text: "inhibit".into(),
            });
            c.object = arg(object, &[]);
            claim_key(&c, &doc)
        };
        let short = mechanism("MSCs", "HSC activation");
        assert_eq!(
            short,
            "mechanism|CL:0000134|inhibition|~hepatic_stellate_cell_activation"
        );
        assert_eq!(
            short,
            mechanism("MSC", "hepatic stellate cell (HSCs) activation")
        );
        assert_eq!(
            mechanism("MSCs", "fibrotic ECM"),
            mechanism("MSCs", "fibrotic extracellular matrix(ECM)")
        );
        // A parenthesis that is not a defined short form stays.
        assert_eq!(
            mechanism("MSCs", "IL-10 (in mice)"),
            "mechanism|CL:0000134|inhibition|~il_10_mice"
        );
    }

    #[test]
    fn arguments_take_the_ids_of_the_mentions_inside_them() {
        let mut c = claim("MSCs secrete vascular endothelial growth factor", 0);
        c.subject = arg("MSCs", &[]);
        c.relation = Some(Relation {
            kind: RelationKind::Secretion,
            text: "secrete".into(),
        });
        c.object = Some(Argument {
            text: "vascular endothelial growth factor".into(),
            start: Some(13),
            end: Some(47),
            ..Argument::default()
        });
        let entities = [
            entity(0, 4, &["CL:0000134"]),
            entity(13, 47, &["NCBIGene:7422"]),
        ];
        assert_eq!(key(&c, &entities), "mechanism|~msc|secretion|NCBIGene:7422");
        // A phrase around a mention is not the mention: "expand regulatory
        // T cells" and "the Th17/Treg balance" stay apart.
        let mut d = claim("MSCs expand regulatory T cells", 0);
        d.subject = arg("MSCs", &[]);
        d.relation = Some(Relation {
            kind: RelationKind::Activation,
            text: "expand".into(),
        });
        d.object = Some(Argument {
            text: "expand regulatory T cells".into(),
            start: Some(5),
            end: Some(30),
            ..Argument::default()
        });
        let entities = [entity(12, 30, &["CL:0000815"])];
        assert_eq!(
            key(&d, &entities),
            "mechanism|~msc|activation|~expand_CL:0000815"
        );
    }

    fn claim(text: &str, start: usize) -> Claim {
        Claim {
            id: "C1".into(),
            category: ClaimCategory::Mechanism,
            text: text.into(),
            start,
            end: start + text.len(),
            sentence: SentenceRef::default(),
            subject: None,
            relation: None,
            object: None,
            items: vec![],
            hedged: false,
            negated: false,
            cues: vec![],
            study: Study::default(),
            citations: vec![],
            evidence: None,
        }
    }

    fn arg(text: &str, ids: &[&str]) -> Option<Argument> {
        Some(Argument {
            text: text.into(),
            ids: ids.iter().map(|s| s.to_string()).collect(),
            ..Argument::default()
        })
    }

    fn entity(start: usize, end: usize, ids: &[&str]) -> Entity {
        Entity {
            start: Some(start),
            end: Some(end),
            kind: EntityType::Gene,
            ids: ids.iter().map(|s| s.to_string()).collect(),
            ..Entity::default()
        }
    }

    #[test]
    fn structured_claims_key_by_ids_and_relation_not_text() {
        let mut a = claim("MSCs secrete HGF", 0);
        a.subject = arg("MSCs", &["CL:0000134"]);
        a.relation = Some(Relation {
            kind: RelationKind::Secretion,
            text: "secrete".into(),
        });
        a.object = arg("HGF", &["NCBIGene:3082"]);
        let mut b = claim(
            "hepatocyte growth factor released by mesenchymal stromal cells",
            100,
        );
        b.subject = arg("mesenchymal stromal cells", &["CL:0000134"]);
        b.relation = Some(Relation {
            kind: RelationKind::Secretion,
            text: "released".into(),
        });
        b.object = arg("hepatocyte growth factor", &["NCBIGene:3082"]);
        assert_eq!(key(&a, &[]), "mechanism|CL:0000134|secretion|NCBIGene:3082");
        assert_eq!(key(&a, &[]), key(&b, &[]));
        b.negated = true;
        assert_eq!(
            key(&b, &[]),
            "mechanism|CL:0000134|secretion|NCBIGene:3082|negated"
        );
        b.negated = false;
        b.relation = Some(Relation {
            kind: RelationKind::Inhibition,
            text: "inhibit".into(),
        });
        assert_ne!(key(&a, &[]), key(&b, &[]));
    }

    #[test]
    fn arguments_without_ids_fall_back_to_their_words() {
        let mut a = claim("x", 0);
        a.subject = arg("MSCs", &["CL:0000134"]);
        a.relation = Some(Relation {
            kind: RelationKind::Inhibition,
            text: "inhibit".into(),
        });
        a.object = arg("the Hepatic Stellate Cells' activation", &[]);
        assert_eq!(
            key(&a, &[]),
            "mechanism|CL:0000134|inhibition|~hepatic_stellate_cell_activation"
        );
        a.object = None;
        assert_eq!(key(&a, &[]), "mechanism|CL:0000134|inhibition|-");
    }

    #[test]
    fn unstructured_claims_key_by_words_with_entities_as_ids() {
        // Offsets are document offsets: the claim starts at 10.
        let a = claim("MSCs improve survival in ESLD patients", 10);
        let entities = [
            entity(0, 4, &["X:1"]),
            entity(10, 14, &["CL:0000134"]),
            entity(35, 39, &["MONDO:0100193"]),
        ];
        assert_eq!(
            key(&a, &entities),
            "mechanism|~|CL:0000134 improve survival MONDO:0100193 patient"
        );
        let b = claim(
            "Mesenchymal stromal cells improve the survival of ESLD patients",
            50,
        );
        let entities_b = [
            entity(50, 75, &["CL:0000134"]),
            entity(100, 104, &["MONDO:0100193"]),
        ];
        assert_eq!(key(&a, &entities), key(&b, &entities_b));
    }

    #[test]
    fn offsets_that_do_not_fit_the_text_fall_back_to_its_words() {
        let mut a = claim("MSCs restore liver function", 0);
        a.end = 0;
        let entities = [entity(0, 4, &["CL:0000134"])];
        assert_eq!(key(&a, &entities), "mechanism|~|msc restore liver function");
    }

    #[test]
    fn bad_offsets_do_not_panic() {
        let a = claim("abc", 10);
        let entities = [
            entity(5, 12, &["X:1"]),
            entity(11, 99, &["X:2"]),
            entity(11, 12, &[]),
        ];
        assert_eq!(key(&a, &entities), "mechanism|~|abc");
    }
}
