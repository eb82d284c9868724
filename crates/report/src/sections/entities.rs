//! The entity index: concepts by type, with their forms, mention counts and
//! identifiers linked to their databases.

use std::collections::BTreeMap;

use briefing_model::{Document, Entity, EntityType};

use crate::labels;
use crate::links;
use crate::plugin::SectionContext;
use crate::view::{EntityEntry, EntityGroup, EntityIndex, SectionBody};

/// A concept: entities of one type sharing their first identifier (or,
/// without identifiers, their lowercased text).
#[derive(Default)]
struct Concept<'a> {
    /// Surface forms with their mention counts, first-seen order kept for ties.
    forms: Vec<(&'a str, usize)>,
    preferred: Option<&'a str>,
    ids: Vec<&'a str>,
    mentions: usize,
}

fn key(e: &Entity) -> (EntityType, String) {
    let k = match e
        .ids
        .iter()
        .map(|i| i.trim())
        .find(|i| !i.is_empty() && *i != "-" && *i != "-1")
    {
        Some(id) => format!("id:{id}"),
        None => format!("text:{}", e.text.trim().to_lowercase()),
    };
    (e.kind, k)
}

fn concepts(doc: &Document) -> BTreeMap<(EntityType, String), Concept<'_>> {
    let mut map: BTreeMap<(EntityType, String), Concept<'_>> = BTreeMap::new();
    for e in &doc.entities {
        let text = e.text.trim();
        if text.is_empty() {
            continue;
        }
        let c = map.entry(key(e)).or_default();
        let mention = usize::from(e.start.is_some());
        c.mentions += mention;
        match c.forms.iter_mut().find(|(f, _)| *f == text) {
            Some(f) => f.1 += mention,
            None => c.forms.push((text, mention)),
        }
        if c.preferred.is_none() {
            c.preferred = e.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        }
        for id in &e.ids {
            let id = id.trim();
            if !id.is_empty() && id != "-" && id != "-1" && !c.ids.contains(&id) {
                c.ids.push(id);
            }
        }
    }
    map
}

/// The number of distinct concepts (the overview's key figure).
pub(super) fn concept_count(doc: &Document) -> usize {
    concepts(doc).len()
}

pub(super) fn build(ctx: &SectionContext<'_>) -> SectionBody {
    let mut by_type: BTreeMap<EntityType, Vec<EntityEntry>> = BTreeMap::new();
    let map = concepts(ctx.document);
    let total = map.len();
    for ((kind, _), mut c) in map {
        // The most frequent form names the concept; ties go to the first seen.
        let best = c
            .forms
            .iter()
            .enumerate()
            .max_by(|(ia, a), (ib, b)| a.1.cmp(&b.1).then(ib.cmp(ia)));
        let name = best.map(|(_, f)| f.0.to_owned()).unwrap_or_default();
        c.forms.retain(|(f, _)| *f != name);
        let mut forms: Vec<String> = c.forms.iter().map(|(f, _)| (*f).to_owned()).collect();
        forms.sort_by_key(|f| f.to_lowercase());
        forms.dedup();
        let preferred = c
            .preferred
            .filter(|p| !p.eq_ignore_ascii_case(&name))
            .map(str::to_owned);
        by_type.entry(kind).or_default().push(EntityEntry {
            name,
            preferred,
            forms,
            ids: c.ids.iter().map(|id| links::curie(id)).collect(),
            mentions: c.mentions,
        });
    }
    let order = EntityType::ALL.into_iter().chain([EntityType::Other]);
    let groups = order
        .filter_map(|kind| {
            let mut entries = by_type.remove(&kind)?;
            entries.sort_by(|a, b| {
                b.mentions
                    .cmp(&a.mentions)
                    .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                    .then_with(|| a.name.cmp(&b.name))
            });
            Some(EntityGroup {
                kind: labels::entity_type_key(kind),
                label: labels::entity_type_label(kind),
                entries,
            })
        })
        .collect();
    SectionBody::Entities(EntityIndex { groups, total })
}
