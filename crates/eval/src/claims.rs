//! Claims against hand-made gold (the layout of `seed-claims.json`).
//!
//! A gold item is found when one predicted claim of the same category
//! mentions, case-insensitively, at least one alternative of every group of
//! the item's `mentions`, in its text or its subject/object. Optional items
//! do not count toward recall, but a claim matching one is correct.

use std::fmt;
use std::path::{Path, PathBuf};

use briefing_model::{Claim, ClaimCategory};
use serde::{Deserialize, Serialize};

/// A gold file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Gold {
    /// The document, relative to the gold file's parent folder.
    pub document: String,
    #[serde(default)]
    pub about: String,
    pub items: Vec<GoldItem>,
}

/// One gold claim.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GoldItem {
    pub id: String,
    pub category: ClaimCategory,
    /// The relation kind of a mechanism (informative).
    #[serde(default)]
    pub relation: Option<String>,
    /// Groups of alternatives; every group must be mentioned.
    pub mentions: Vec<Vec<String>>,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub hedged: Option<bool>,
}

/// Errors reading gold.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: line {}, column {}: {source}", path.display(), source.line(), source.column())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// Reads a gold file.
pub fn read_gold(path: &Path) -> Result<Gold, GoldError> {
    let text = std::fs::read_to_string(path).map_err(|source| GoldError::Io {
        path: path.to_owned(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| GoldError::Json {
        path: path.to_owned(),
        source,
    })
}

fn mentions_all(haystack: &str, groups: &[Vec<String>]) -> bool {
    groups
        .iter()
        .all(|g| g.iter().any(|alt| haystack.contains(&alt.to_lowercase())))
}

/// Everything a claim mentions: its text and its subject and object.
fn full_text(c: &Claim) -> String {
    let mut s = c.text.to_lowercase();
    for a in [&c.subject, &c.object].into_iter().flatten() {
        s.push(' ');
        s.push_str(&a.text.to_lowercase());
    }
    s
}

/// Subject, relation and object alone.
fn structure_text(c: &Claim) -> Option<String> {
    let (s, r, o) = (
        c.subject.as_ref()?,
        c.relation.as_ref()?,
        c.object.as_ref()?,
    );
    Some(format!("{} {} {}", s.text, r.text, o.text).to_lowercase())
}

/// How one gold item fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    pub id: String,
    pub category: ClaimCategory,
    pub optional: bool,
    /// Ids of the claims that match it.
    pub claims: Vec<String>,
    /// For mechanisms: ids of the claims whose subject + relation + object
    /// alone carry the mentions.
    pub structured: Vec<String>,
    /// The gold's hedging flag, and whether a matching claim is hedged.
    pub hedged: Option<(bool, bool)>,
}

/// The scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimsReport {
    pub items: Vec<ItemResult>,
    /// Claim id → ids of the gold items it matches (empty: unmatched).
    pub claims: Vec<(String, ClaimCategory, Vec<String>)>,
}

impl ClaimsReport {
    /// (found, total) over non-optional items, optionally of one category.
    pub fn recall(&self, category: Option<ClaimCategory>) -> (usize, usize) {
        let items = self
            .items
            .iter()
            .filter(|i| !i.optional && category.is_none_or(|c| c == i.category));
        let (mut found, mut total) = (0, 0);
        for i in items {
            total += 1;
            found += usize::from(!i.claims.is_empty());
        }
        (found, total)
    }

    /// (carried by structure, total) over non-optional mechanism items.
    pub fn structure(&self) -> (usize, usize) {
        let items: Vec<_> = self
            .items
            .iter()
            .filter(|i| !i.optional && i.category == ClaimCategory::Mechanism)
            .collect();
        (
            items.iter().filter(|i| !i.structured.is_empty()).count(),
            items.len(),
        )
    }

    /// (matching a gold item, total) over predicted claims.
    pub fn precision(&self) -> (usize, usize) {
        (
            self.claims.iter().filter(|c| !c.2.is_empty()).count(),
            self.claims.len(),
        )
    }
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "n/a".to_owned()
    } else {
        format!("{:.1} %", 100.0 * a as f64 / b as f64)
    }
}

impl fmt::Display for ClaimsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = self.recall(None);
        writeln!(
            f,
            "gold items found (non-optional)      {a}/{b}  {}",
            pct(a, b)
        )?;
        for c in ClaimCategory::ALL {
            let (a, b) = self.recall(Some(c));
            writeln!(f, "  {:<12}                        {a}/{b}", c.as_str())?;
        }
        let (a, b) = self.structure();
        writeln!(
            f,
            "mechanisms carried by subj+rel+obj   {a}/{b}  {}",
            pct(a, b)
        )?;
        let (a, b) = self.precision();
        writeln!(
            f,
            "claims matching a gold item          {a}/{b}  {}",
            pct(a, b)
        )?;
        let hedged: Vec<_> = self
            .items
            .iter()
            .filter_map(|i| i.hedged.map(|h| (&i.id, h)))
            .collect();
        for (id, (gold, got)) in hedged {
            writeln!(f, "hedging of {id}: gold {gold}, predicted {got}")?;
        }
        let missing: Vec<&str> = self
            .items
            .iter()
            .filter(|i| !i.optional && i.claims.is_empty())
            .map(|i| i.id.as_str())
            .collect();
        if !missing.is_empty() {
            writeln!(f, "missing: {}", missing.join(", "))?;
        }
        Ok(())
    }
}

/// Matches `claims` against `gold`.
pub fn score(gold: &Gold, claims: &[Claim]) -> ClaimsReport {
    let texts: Vec<String> = claims.iter().map(full_text).collect();
    let structures: Vec<Option<String>> = claims.iter().map(structure_text).collect();
    let items = gold
        .items
        .iter()
        .map(|item| {
            let matching: Vec<usize> = (0..claims.len())
                .filter(|&k| {
                    claims[k].category == item.category && mentions_all(&texts[k], &item.mentions)
                })
                .collect();
            let structured = matching
                .iter()
                .filter(|&&k| {
                    item.category == ClaimCategory::Mechanism
                        && structures[k]
                            .as_deref()
                            .is_some_and(|s| mentions_all(s, &item.mentions))
                })
                .map(|&k| claims[k].id.clone())
                .collect();
            ItemResult {
                id: item.id.clone(),
                category: item.category,
                optional: item.optional,
                claims: matching.iter().map(|&k| claims[k].id.clone()).collect(),
                structured,
                hedged: item
                    .hedged
                    .map(|h| (h, matching.iter().any(|&k| claims[k].hedged))),
            }
        })
        .collect();
    let claims = claims
        .iter()
        .zip(&texts)
        .map(|(c, t)| {
            let matched = gold
                .items
                .iter()
                .filter(|i| i.category == c.category && mentions_all(t, &i.mentions))
                .map(|i| i.id.clone())
                .collect();
            (c.id.clone(), c.category, matched)
        })
        .collect();
    ClaimsReport { items, claims }
}

#[cfg(test)]
mod tests {
    use super::*;
    use briefing_model::{Argument, Relation, RelationKind};

    fn claim(
        id: &str,
        category: ClaimCategory,
        text: &str,
        sro: Option<(&str, &str, &str)>,
    ) -> Claim {
        let arg = |t: &str| Argument {
            text: t.to_owned(),
            ..Argument::default()
        };
        Claim {
            id: id.to_owned(),
            category,
            text: text.to_owned(),
            start: 0,
            end: text.len(),
            sentence: Default::default(),
            subject: sro.map(|x| arg(x.0)),
            relation: sro.map(|x| Relation {
                kind: RelationKind::Secretion,
                text: x.1.to_owned(),
            }),
            object: sro.map(|x| arg(x.2)),
            items: vec![],
            hedged: false,
            negated: false,
            cues: vec![],
            study: Default::default(),
            citations: vec![],
            evidence: None,
        }
    }

    /// The issue's targets on the seed review: every non-optional gold item
    /// found; mechanisms carried by subject + relation + object for at
    /// least 80 %; at least 90 % of the claims match a gold item.
    #[test]
    fn seed_targets() {
        let Some(dir) = crate::shared_dir() else {
            return;
        };
        let gold = read_gold(&dir.join("gold/seed-claims.json")).expect("gold reads");
        let path = dir.join(&gold.document);
        let bytes = std::fs::read(&path).expect("seed reads");
        let mut docs = briefing_formats::read_bytes(&path.display().to_string(), &bytes, None)
            .expect("seed parses");
        let mut doc = docs.remove(0).document;
        briefing_annotator::Annotator::new().annotate(&mut doc);
        let r = score(&gold, &doc.claims);
        let (found, total) = r.recall(None);
        assert_eq!(found, total, "every gold item is found:\n{r}");
        let (s, t) = r.structure();
        assert!(s * 10 >= t * 8, "mechanisms carried by structure:\n{r}");
        let (m, n) = r.precision();
        assert!(n > 0 && m * 10 >= n * 9, "precision:\n{r}");
    }

    #[test]
    fn matching_rule() {
        let gold: Gold = serde_json::from_str(
            r#"{"document": "x", "items": [
                {"id": "M1", "category": "mechanism", "mentions": [["MSC", "mesenchymal"], ["HGF"]]},
                {"id": "B1", "category": "bottleneck", "mentions": [["homing"]]},
                {"id": "O0", "category": "outcome", "optional": true, "mentions": [["promise"]]}
            ]}"#,
        )
        .expect("gold parses");
        let claims = vec![
            claim(
                "C1",
                ClaimCategory::Mechanism,
                "MSCs secrete HGF and VEGF.",
                Some(("MSCs", "secrete", "HGF")),
            ),
            claim("C2", ClaimCategory::Outcome, "Low homing efficiency.", None),
            claim("C3", ClaimCategory::Outcome, "MSCs show promise.", None),
        ];
        let r = score(&gold, &claims);
        assert_eq!(
            r.recall(None),
            (1, 2),
            "homing is found only by a bottleneck"
        );
        assert_eq!(r.structure(), (1, 1));
        assert_eq!(r.precision(), (2, 3));
    }
}
