//! The normalized claim: the key under which identical claims merge.
//!
//! A structured claim (agent, relation, target) is keyed by the entity
//! identifiers of its arguments and the relation kind, so "MSCs secrete
//! HGF" and "hepatocyte growth factor released by mesenchymal stromal cells"
//! meet under `mechanism|CL:0000134|secretion|NCBIGene:3082`. An argument
//! without identifiers falls back to its normalized words (`~hepatic_stellate_cell`).
//!
//! A claim without structure (most outcomes, bottlenecks and strategies) is
//! keyed by its words with every entity mention replaced by the entity's
//! identifiers, stop words dropped and plurals folded:
//! `bottleneck|~|low homing efficiency`. That is stricter than the
//! structured key on purpose: two loose sentences about the same entities
//! are not the same claim.

use briefing_model::{Argument, Claim, Entity};

/// The key of a claim, polarity included: a negated claim gets `|negated`.
pub fn claim_key(claim: &Claim, entities: &[Entity]) -> String {
    let mut key = String::with_capacity(64);
    key.push_str(claim.category.as_str());
    key.push('|');
    if claim.subject.is_some() || claim.relation.is_some() || claim.object.is_some() {
        push_argument(&mut key, claim.subject.as_ref());
        key.push('|');
        key.push_str(claim.relation.as_ref().map_or("-", |r| r.kind.as_str()));
        key.push('|');
        push_argument(&mut key, claim.object.as_ref());
    } else {
        key.push_str("~|");
        push_words(&mut key, claim, entities);
    }
    if claim.negated {
        key.push_str("|negated");
    }
    key
}

fn push_argument(key: &mut String, arg: Option<&Argument>) {
    let Some(arg) = arg else {
        key.push('-');
        return;
    };
    let mut ids: Vec<&str> = arg
        .ids
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    if ids.is_empty() {
        key.push('~');
        let words = normalized_words(&arg.text);
        key.push_str(&words.join("_"));
        return;
    }
    ids.sort_unstable();
    ids.dedup();
    key.push_str(&ids.join("+"));
}

/// The claim's words, entity mentions replaced by their identifiers.
fn push_words(key: &mut String, claim: &Claim, entities: &[Entity]) {
    if claim.end.checked_sub(claim.start) != Some(claim.text.len()) {
        // Offsets that do not fit the text: the words alone.
        key.push_str(&normalized_words(&claim.text).join(" "));
        return;
    }
    let mut parts: Vec<String> = Vec::new();
    let mut pos = claim.start;
    // Entities with offsets are sorted by start; the first one that may
    // overlap the claim is found by binary search.
    let first = entities.partition_point(|e| e.start.is_some_and(|s| s < claim.start));
    for entity in entities[first..].iter() {
        let (Some(start), Some(end)) = (entity.start, entity.end) else {
            break;
        };
        if start >= claim.end {
            break;
        }
        if start < pos || end > claim.end || entity.ids.is_empty() {
            continue;
        }
        parts.extend(normalized_words(slice(claim, pos, start)));
        let mut ids: Vec<&str> = entity.ids.iter().map(String::as_str).collect();
        ids.sort_unstable();
        ids.dedup();
        parts.push(ids.join("+"));
        pos = end;
    }
    parts.extend(normalized_words(slice(claim, pos, claim.end)));
    // An entity repeated in a row ("MSCs (mesenchymal stromal cells)") counts once.
    parts.dedup();
    key.push_str(&parts.join(" "));
}

/// The part of the claim's text between two document offsets ("" when
/// the offsets do not fit the text).
fn slice(claim: &Claim, start: usize, end: usize) -> &str {
    let (Some(a), Some(b)) = (start.checked_sub(claim.start), end.checked_sub(claim.start)) else {
        return "";
    };
    claim.text.get(a..b).unwrap_or("")
}

const STOP_WORDS: &[&str] = &[
    "a", "also", "an", "and", "are", "as", "at", "be", "been", "being", "both", "by", "can",
    "further", "from", "has", "have", "in", "into", "is", "it", "its", "of", "on", "or", "that",
    "the", "their", "these", "this", "those", "through", "to", "via", "was", "were", "which",
    "while", "with",
];

/// Lower-case alphanumeric words without stop words, plurals folded.
pub(crate) fn normalized_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| fold_plural(&w))
        .collect()
}

fn fold_plural(word: &str) -> String {
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
    use briefing_model::{ClaimCategory, EntityType, Relation, RelationKind, SentenceRef, Study};

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
        assert_eq!(
            claim_key(&a, &[]),
            "mechanism|CL:0000134|secretion|NCBIGene:3082"
        );
        assert_eq!(claim_key(&a, &[]), claim_key(&b, &[]));
        b.negated = true;
        assert_eq!(
            claim_key(&b, &[]),
            "mechanism|CL:0000134|secretion|NCBIGene:3082|negated"
        );
        b.negated = false;
        b.relation = Some(Relation {
            kind: RelationKind::Inhibition,
            text: "inhibit".into(),
        });
        assert_ne!(claim_key(&a, &[]), claim_key(&b, &[]));
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
            claim_key(&a, &[]),
            "mechanism|CL:0000134|inhibition|~hepatic_stellate_cell_activation"
        );
        a.object = None;
        assert_eq!(claim_key(&a, &[]), "mechanism|CL:0000134|inhibition|-");
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
            claim_key(&a, &entities),
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
        assert_eq!(claim_key(&a, &entities), claim_key(&b, &entities_b));
    }

    #[test]
    fn offsets_that_do_not_fit_the_text_fall_back_to_its_words() {
        let mut a = claim("MSCs restore liver function", 0);
        a.end = 0;
        let entities = [entity(0, 4, &["CL:0000134"])];
        assert_eq!(
            claim_key(&a, &entities),
            "mechanism|~|msc restore liver function"
        );
    }

    #[test]
    fn bad_offsets_do_not_panic() {
        let a = claim("abc", 10);
        let entities = [
            entity(5, 12, &["X:1"]),
            entity(11, 99, &["X:2"]),
            entity(11, 12, &[]),
        ];
        assert_eq!(claim_key(&a, &entities), "mechanism|~|abc");
    }
}
