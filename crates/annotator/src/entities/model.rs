//! The entity model: one sequence tagger per group of types, and a table of
//! names mined from training mentions with the identifiers annotators gave
//! them. Stored zstd-compressed; the default ships inside the crate and is
//! rebuilt by `briefing train entities`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use briefing_model::EntityType;

use super::classes::WordClasses;
use super::features;
use super::tagger::{self, ModelError, Reader, Span, Tagger, WeightTable};
use super::tokens::Token;

const MAGIC: &[u8; 6] = b"BRFENT";
const VERSION: u8 = 2;

/// The model shipped with this crate.
static SHIPPED: &[u8] = include_bytes!("../../models/entities.bin.zst");

/// Taggers and mined names.
#[derive(Debug, Clone, Default)]
pub struct EntityModel {
    taggers: Vec<Tagger>,
    /// `(type, normalized name)` → identifiers.
    names: BTreeMap<(EntityType, String), Vec<String>>,
    /// Word classes learnt from the training texts (features of every
    /// tagger).
    classes: WordClasses,
    /// A line about how the model was made.
    description: String,
    /// Token index of the mined names, built on first use.
    index: OnceLock<TokenIndex>,
    /// Every tagger's weights in one table (one lookup per feature for all
    /// taggers), built on first use.
    combined: OnceLock<WeightTable>,
}

/// Mined names by their content tokens, for approximate lookup.
#[derive(Debug, Clone, Default)]
struct TokenIndex {
    /// `(type, token)` → names (as indexes into `names`).
    postings: BTreeMap<(EntityType, String), Vec<u32>>,
    /// `(type, content tokens, identifiers)` of every mined name.
    names: Vec<(EntityType, Vec<String>, Vec<String>)>,
}

/// Words that qualify a name without changing what it names, for
/// approximate lookup ("familial", "inherited", "the").
const QUALIFIERS: &[&str] = &[
    "a",
    "acute",
    "an",
    "and",
    "autosomal",
    "chronic",
    "classic",
    "classical",
    "complete",
    "congenital",
    "dominant",
    "familial",
    "for",
    "hereditary",
    "human",
    "idiopathic",
    "in",
    "inherited",
    "isolated",
    "of",
    "or",
    "partial",
    "primary",
    "recessive",
    "severe",
    "sporadic",
    "the",
    "to",
    "with",
];

/// Content tokens of a normalized name: qualifiers dropped, plurals and
/// British spellings folded.
pub(crate) fn content_tokens(key: &str) -> Vec<String> {
    let mut out: Vec<String> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty() && !QUALIFIERS.contains(t))
        .map(|t| {
            let t = t.replace("our", "or").replace("ae", "e");
            match t.strip_suffix('s') {
                Some(stem) if stem.len() > 3 && !stem.ends_with('s') => stem.to_owned(),
                _ => t,
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

impl EntityModel {
    pub fn new(
        taggers: Vec<Tagger>,
        names: BTreeMap<(EntityType, String), Vec<String>>,
        classes: WordClasses,
        description: String,
    ) -> Self {
        EntityModel {
            taggers,
            names,
            classes,
            description,
            index: OnceLock::new(),
            combined: OnceLock::new(),
        }
    }

    /// The model shipped with briefing (decompressed once per process).
    pub fn shipped() -> Result<&'static EntityModel, &'static ModelError> {
        static MODEL: OnceLock<Result<EntityModel, ModelError>> = OnceLock::new();
        MODEL
            .get_or_init(|| EntityModel::from_bytes(SHIPPED))
            .as_ref()
    }

    pub fn taggers(&self) -> &[Tagger] {
        &self.taggers
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    /// The word classes the taggers read.
    pub fn classes(&self) -> &WordClasses {
        &self.classes
    }

    /// Number of mined names.
    pub fn n_names(&self) -> usize {
        self.names.len()
    }

    /// The identifiers training annotators gave this (normalized) name.
    pub fn ids_for(&self, kind: EntityType, key: &str) -> Option<&[String]> {
        self.names.get(&(kind, key.to_owned())).map(Vec::as_slice)
    }

    /// Mentions of every tagger in a passage's `tokens`, with the caller's
    /// extra features per token (the model adds its word classes). Features
    /// are extracted once and looked up once for all taggers.
    pub fn tag(&self, text: &str, tokens: &[Token], extra: &[Vec<u64>]) -> Vec<Span> {
        let total: usize = self.taggers.iter().map(Tagger::n_labels).sum();
        let table = self.combined.get_or_init(|| {
            let mut rows: BTreeMap<u64, Vec<i16>> = BTreeMap::new();
            let mut scales = Vec::with_capacity(total);
            let mut offset = 0;
            for t in &self.taggers {
                for (k, w) in t.table().entries() {
                    rows.entry(k).or_insert_with(|| vec![0; total])[offset..offset + w.len()]
                        .copy_from_slice(w);
                }
                scales.extend_from_slice(t.table().scales());
                offset += t.n_labels();
            }
            let entries: Vec<(u64, Vec<i16>)> = rows.into_iter().collect();
            WeightTable::quantized(total, scales, &entries)
        });
        let mut extra = extra.to_vec();
        self.classes.add_features(text, tokens, &mut extra);
        let mut feats = Vec::new();
        features::extract(text, tokens, &extra, &mut feats);
        let mut scores = vec![0f32; tokens.len() * total];
        let mut sums = Vec::with_capacity(total);
        for (i, fs) in feats.iter().enumerate() {
            table.score(fs, &mut sums, &mut scores[i * total..(i + 1) * total]);
        }
        let mut out = Vec::new();
        let mut offset = 0;
        let mut own = Vec::with_capacity(tokens.len() * 7);
        for t in &self.taggers {
            let n = t.n_labels();
            own.clear();
            for i in 0..tokens.len() {
                own.extend_from_slice(&scores[i * total + offset..i * total + offset + n]);
            }
            let labels = tagger::viterbi(n, &own, |from, to| t.transition(from, to));
            out.extend(tagger::spans_of(t.types(), tokens, &labels));
            offset += n;
        }
        out
    }

    /// The identifiers of the mined name of `kind` whose content tokens
    /// best cover those of `key` (Dice coefficient at least `min`); ties go
    /// to the earlier name.
    pub fn ids_like(&self, kind: EntityType, key: &str, min: f64) -> Option<&[String]> {
        let idx = self.index.get_or_init(|| {
            let mut idx = TokenIndex::default();
            for ((k, name), ids) in &self.names {
                let toks = content_tokens(name);
                if toks.is_empty() {
                    continue;
                }
                let n = idx.names.len() as u32;
                for t in &toks {
                    idx.postings.entry((*k, t.clone())).or_default().push(n);
                }
                idx.names.push((*k, toks, ids.clone()));
            }
            idx
        });
        let toks = content_tokens(key);
        if toks.is_empty() {
            return None;
        }
        let mut shared: BTreeMap<u32, usize> = BTreeMap::new();
        for t in &toks {
            if let Some(list) = idx.postings.get(&(kind, t.clone())) {
                for &n in list {
                    *shared.entry(n).or_default() += 1;
                }
            }
        }
        let mut best: Option<(f64, u32)> = None;
        for (n, common) in shared {
            let other = idx.names[n as usize].1.len();
            let dice = 2.0 * common as f64 / (toks.len() + other) as f64;
            if dice >= min && best.is_none_or(|b| dice > b.0) {
                best = Some((dice, n));
            }
        }
        best.map(|(_, n)| idx.names[n as usize].2.as_slice())
    }

    /// The model, compressed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        raw.push(VERSION);
        put_str(&mut raw, &self.description);
        raw.extend_from_slice(&(self.taggers.len() as u32).to_le_bytes());
        for t in &self.taggers {
            let b = t.to_bytes();
            raw.extend_from_slice(&(b.len() as u32).to_le_bytes());
            raw.extend_from_slice(&b);
        }
        raw.extend_from_slice(&(self.names.len() as u32).to_le_bytes());
        for ((kind, key), ids) in &self.names {
            raw.push(EntityType::ALL.iter().position(|t| t == kind).unwrap_or(6) as u8);
            put_str(&mut raw, key);
            put_str(&mut raw, &ids.join("|"));
        }
        let classes = self.classes.entries();
        raw.extend_from_slice(&(classes.len() as u32).to_le_bytes());
        for (word, ids) in classes {
            put_str(&mut raw, word);
            for id in ids {
                raw.extend_from_slice(&id.to_le_bytes());
            }
        }
        // Level 19: the file is written once and read often.
        zstd::encode_all(raw.as_slice(), 19).unwrap_or(raw)
    }

    /// Reads a model written by [`EntityModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let raw = zstd::decode_all(bytes).map_err(|_| ModelError::Magic)?;
        let mut r = Reader::new(&raw);
        if r.take(6).map_err(|_| ModelError::Magic)? != MAGIC {
            return Err(ModelError::Magic);
        }
        let version = r.u8()?;
        if version != VERSION {
            return Err(ModelError::Version {
                found: version,
                expected: VERSION,
            });
        }
        let description = get_str(&mut r)?;
        let n = r.u32()? as usize;
        let mut taggers = Vec::with_capacity(n.min(16));
        for _ in 0..n {
            let len = r.u32()? as usize;
            let start = r.pos;
            let b = r.take(len)?;
            taggers.push(Tagger::from_bytes(b).map_err(|e| match e {
                ModelError::Corrupt(at) => ModelError::Corrupt(start + at),
                other => other,
            })?);
        }
        let n = r.u32()? as usize;
        let mut names = BTreeMap::new();
        for _ in 0..n {
            let at = r.pos;
            let kind = *EntityType::ALL
                .get(r.u8()? as usize)
                .ok_or(ModelError::Corrupt(at))?;
            let key = get_str(&mut r)?;
            let ids = get_str(&mut r)?
                .split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            names.insert((kind, key), ids);
        }
        let n = r.u32()? as usize;
        let mut classes = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let word = get_str(&mut r)?;
            let mut ids = [0u16; 3];
            for id in &mut ids {
                let b = r.take(2)?;
                *id = u16::from_le_bytes([b[0], b[1]]);
            }
            classes.push((word, ids));
        }
        if !r.at_end() {
            return Err(ModelError::Corrupt(r.pos));
        }
        Ok(EntityModel {
            taggers,
            names,
            classes: WordClasses::from_entries(classes),
            description,
            index: OnceLock::new(),
            combined: OnceLock::new(),
        })
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn get_str(r: &mut Reader<'_>) -> Result<String, ModelError> {
    let len = r.u32()? as usize;
    let at = r.pos;
    let b = r.take(len)?;
    String::from_utf8(b.to_vec()).map_err(|_| ModelError::Corrupt(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let mut names = BTreeMap::new();
        names.insert(
            (EntityType::Disease, "diabetes".to_owned()),
            vec!["MESH:D003920".to_owned()],
        );
        let classes = WordClasses::from_entries([("asthma".to_owned(), [1, 8, 33])]);
        let m = EntityModel::new(Vec::new(), names, classes, "test".into());
        let back = EntityModel::from_bytes(&m.to_bytes()).expect("reads back");
        assert_eq!(
            back.ids_for(EntityType::Disease, "diabetes"),
            Some(&["MESH:D003920".to_owned()][..])
        );
        assert_eq!(back.description(), "test");
        assert_eq!(back.classes().get("Asthma"), Some([1, 8, 33]));
        assert!(matches!(
            EntityModel::from_bytes(b"garbage"),
            Err(ModelError::Magic)
        ));
        let raw = zstd::encode_all(&b"BRFENT\x07"[..], 1).expect("zstd");
        assert!(matches!(
            EntityModel::from_bytes(&raw),
            Err(ModelError::Version { found: 7, .. })
        ));
    }

    #[test]
    fn shipped_model_loads() {
        let m = EntityModel::shipped().expect("shipped model");
        let mut types: Vec<EntityType> = m
            .taggers()
            .iter()
            .flat_map(|t| t.types().iter().copied())
            .collect();
        types.sort();
        assert!(
            types.contains(&EntityType::Disease) && types.contains(&EntityType::Chemical),
            "{types:?}"
        );
    }
}
