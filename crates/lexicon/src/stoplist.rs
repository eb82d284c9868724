//! Names that collide with common words ("AND", "CAN", "IMPACT", "was").
//!
//! A stop list is data: one name per line, optionally followed by a tab and
//! the comma-separated entity types it applies to (all types when absent),
//! `#` starting a comment. Names are normalized like everything else, so
//! `MET` and `met` are the same entry. A stop-listed name is still indexed:
//! its matches carry [`NameFlags::STOP`](crate::NameFlags::STOP) and the
//! default [`MatchOptions`](crate::MatchOptions) skip them, so an annotator
//! with context (`c-MET receptor`) can still take them.
//!
//! Numbers are stopped whatever the list says: a name of one or two groups
//! of digits (`22`, `2.1`, `4-7`: Cellosaurus lines, HGNC aliases, MeSH
//! research codes) collides with every count, decimal and range of running
//! text. Names of three groups or more (`14-3-3`, CAS numbers) are kept.

use std::collections::BTreeMap;

use briefing_model::EntityType;

use crate::normalize::normalize;

/// The built-in stop list, `data/stoplist.tsv` (see `docs/lexicon.md` for how
/// it was derived).
const BUILTIN: &str = include_str!("../data/stoplist.tsv");

/// A set of normalized names, each for all types or for some.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StopList {
    /// Normalized name → types (empty: all types).
    names: BTreeMap<String, Vec<EntityType>>,
}

impl StopList {
    /// The stop list shipped with the crate.
    pub fn builtin() -> StopList {
        StopList::parse(BUILTIN)
    }

    /// An empty stop list.
    pub fn empty() -> StopList {
        StopList::default()
    }

    /// Parses the stop-list format; unknown type names are ignored.
    pub fn parse(text: &str) -> StopList {
        let mut names: BTreeMap<String, Vec<EntityType>> = BTreeMap::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut cols = line.split('\t');
            let name = normalize(cols.next().unwrap_or(""));
            if name.is_empty() {
                continue;
            }
            let types: Vec<EntityType> = cols
                .next()
                .unwrap_or("")
                .split(',')
                .filter_map(|t| EntityType::parse(t.trim()))
                .collect();
            let slot = names.entry(name).or_default();
            if types.is_empty() {
                slot.clear();
                slot.push(EntityType::Other); // marker: all types
            } else if !slot.contains(&EntityType::Other) {
                slot.extend(types);
            }
        }
        StopList { names }
    }

    /// Whether the normalized `key` is stopped for `kind`.
    pub fn contains(&self, key: &str, kind: EntityType) -> bool {
        is_number(key)
            || self
                .names
                .get(key)
                .is_some_and(|t| t.contains(&EntityType::Other) || t.contains(&kind))
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Whether a normalized key is one or two groups of digits (`22`, `2 1`).
fn is_number(key: &str) -> bool {
    let mut groups = 0;
    for g in key.split(|c: char| !c.is_ascii_digit()) {
        if g.is_empty() {
            return false;
        }
        groups += 1;
    }
    groups <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_types_and_comments() {
        let s = StopList::parse("AND\nMET\tGene # a gene symbol and a verb\n\n# comment\n");
        assert!(s.contains("and", EntityType::Chemical));
        assert!(s.contains("met", EntityType::Gene));
        assert!(!s.contains("met", EntityType::Disease));
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn numbers_of_one_or_two_groups_are_stopped() {
        let s = StopList::empty();
        for key in ["22", "2 1", "4 7", "98|202"] {
            assert!(s.contains(key, EntityType::CellLine), "{key}");
        }
        for key in ["14 3 3", "64161 91 7", "2a", "a2", "il 6", "", "2 "] {
            assert!(!s.contains(key, EntityType::Gene), "{key}");
        }
    }

    #[test]
    fn builtin_list_is_not_empty() {
        let s = StopList::builtin();
        assert!(s.len() > 50, "{}", s.len());
        assert!(s.contains("and", EntityType::Gene));
    }
}
