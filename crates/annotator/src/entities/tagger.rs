//! A first-order sequence tagger trained as an averaged structured
//! perceptron, with BILOU labels over one or more entity types.
//!
//! Labels: `0` is outside; for type `k`, `1 + 4k` begins a mention of
//! several tokens, `2 + 4k` is inside it, `3 + 4k` is its last token, and
//! `4 + 4k` is a mention of one token (BILOU: it separates the edges a
//! mention ends at from those it goes on through, which BIO leaves to one
//! label). Decoding is Viterbi with the hard constraints of the scheme.
//!
//! Training is deterministic: the examples are visited in an order drawn
//! from a fixed-seed generator, and the model is written with its features
//! sorted.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use briefing_model::EntityType;

use super::features;
use super::tokens::Token;

/// A hasher for keys that are already hashes.
#[derive(Debug, Default, Clone, Copy)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// A trained tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    types: Vec<EntityType>,
    n_labels: usize,
    /// `(n_labels + 1) × n_labels`: from label (or the start, last row) to label.
    transitions: Vec<f32>,
    table: WeightTable,
}

/// Feature weights in an open-addressing table keyed by feature hash. Each
/// slot holds its key and its row, so a lookup touches the slot and the row.
/// Weights are kept quantized to 16 bits with a scale per label column (as
/// the model file stores them), so a row of 25 labels is one cache line.
#[derive(Debug, Clone)]
pub(crate) struct WeightTable {
    n_labels: usize,
    mask: usize,
    /// `(key, row)`; key 0 marks an empty slot.
    slots: Vec<(u64, u32)>,
    weights: Vec<i16>,
    /// The weight of one quantization step, per label column.
    scales: Vec<f32>,
}

/// The scale that quantizes `weights` to 16 bits: the largest magnitude is
/// `i16::MAX` steps.
fn quantization_scale<'a>(weights: impl Iterator<Item = &'a f32>) -> f32 {
    let max = weights
        .fold(0f32, |m, w| m.max(w.abs()))
        .max(f32::MIN_POSITIVE);
    max / f32::from(i16::MAX)
}

fn quantize(w: f32, scale: f32) -> i16 {
    (w / scale)
        .round()
        .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16
}

impl WeightTable {
    /// A table of `entries` quantized with one scale for every column.
    pub(crate) fn new(n_labels: usize, entries: &[(u64, Vec<f32>)]) -> Self {
        let scale = quantization_scale(entries.iter().flat_map(|(_, w)| w.iter()));
        let rows: Vec<(u64, Vec<i16>)> = entries
            .iter()
            .map(|(k, w)| (*k, w.iter().map(|&v| quantize(v, scale)).collect()))
            .collect();
        Self::quantized(n_labels, vec![scale; n_labels], &rows)
    }

    /// A table of quantized rows, with the scale of each column.
    pub(crate) fn quantized(
        n_labels: usize,
        scales: Vec<f32>,
        entries: &[(u64, Vec<i16>)],
    ) -> Self {
        let cap = (entries.len() * 2).next_power_of_two().max(16);
        let mut t = WeightTable {
            n_labels,
            mask: cap - 1,
            slots: vec![(0, 0); cap],
            weights: Vec::with_capacity(entries.len() * n_labels),
            scales,
        };
        for (row, (k, w)) in entries.iter().enumerate() {
            let mut i = (*k as usize) & t.mask;
            while t.slots[i].0 != 0 {
                i = (i + 1) & t.mask;
            }
            t.slots[i] = (*k, row as u32);
            t.weights.extend_from_slice(w);
        }
        t
    }

    /// The quantized row of feature `k`.
    #[inline]
    pub(crate) fn get(&self, k: u64) -> Option<&[i16]> {
        let mut i = (k as usize) & self.mask;
        loop {
            let (s, r) = self.slots[i];
            if s == k {
                let r = r as usize * self.n_labels;
                return Some(&self.weights[r..r + self.n_labels]);
            }
            if s == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The scores of one token whose features are `keys`, one per label,
    /// into `row`: quantized weights summed exactly as integers (16-bit
    /// weights, 32-bit sums), then scaled. `sums` is scratch space.
    #[inline]
    pub(crate) fn score(&self, keys: &[u64], sums: &mut Vec<i32>, row: &mut [f32]) {
        sums.clear();
        sums.resize(self.n_labels, 0);
        for &k in keys {
            if let Some(w) = self.get(k) {
                for (s, &q) in sums.iter_mut().zip(w) {
                    *s += i32::from(q);
                }
            }
        }
        for ((r, &s), &scale) in row.iter_mut().zip(sums.iter()).zip(&self.scales) {
            *r = s as f32 * scale;
        }
    }

    pub(crate) fn scales(&self) -> &[f32] {
        &self.scales
    }

    fn len(&self) -> usize {
        self.weights.len() / self.n_labels.max(1)
    }

    pub(crate) fn entries(&self) -> Vec<(u64, &[i16])> {
        let mut out: Vec<(u64, &[i16])> = self
            .slots
            .iter()
            .filter(|(s, _)| *s != 0)
            .map(|(s, r)| {
                let r = *r as usize * self.n_labels;
                (*s, &self.weights[r..r + self.n_labels])
            })
            .collect();
        out.sort_by_key(|e| e.0);
        out
    }
}

/// A mention found by the tagger: byte offsets and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
}

/// Errors reading a model file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not an entity model (bad magic bytes)")]
    Magic,
    #[error("entity model version {found}, this build reads version {expected}")]
    Version { found: u8, expected: u8 },
    #[error("entity model is truncated or corrupt at byte {0}")]
    Corrupt(usize),
}

const MAGIC: &[u8; 6] = b"BRFNER";
const VERSION: u8 = 2;

/// Labels per entity type: begin, inside, last, unit.
const PER_TYPE: usize = 4;

/// The number of labels of a tagger of `n_types` types.
pub(crate) fn n_labels_for(n_types: usize) -> usize {
    1 + PER_TYPE * n_types
}

/// A label's type index and position (0 begin, 1 inside, 2 last, 3
/// unit); `None` for outside.
fn label_parts(label: usize) -> Option<(usize, usize)> {
    (label != 0).then(|| ((label - 1) / PER_TYPE, (label - 1) % PER_TYPE))
}

/// Whether label `to` may follow label `from` (`None`: the start).
fn allowed(from: Option<usize>, to: usize) -> bool {
    let open = from.and_then(label_parts).filter(|&(_, pos)| pos < 2);
    match (open, label_parts(to)) {
        // After a begin or inside: inside or last of the same type.
        (Some((t, _)), Some((u, pos))) => t == u && (pos == 1 || pos == 2),
        (Some(_), None) => false,
        // Elsewhere: outside, a begin or a unit.
        (None, Some((_, pos))) => pos == 0 || pos == 3,
        (None, None) => true,
    }
}

/// Whether a sequence may end on `label` (not inside a mention).
fn may_end(label: usize) -> bool {
    label_parts(label).is_none_or(|(_, pos)| pos >= 2)
}

/// A little-endian byte reader that reports where it failed.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or(ModelError::Corrupt(self.pos))?;
        let s = self
            .bytes
            .get(self.pos..end)
            .ok_or(ModelError::Corrupt(self.pos))?;
        self.pos = end;
        Ok(s)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub(crate) fn f32(&mut self) -> Result<f32, ModelError> {
        let v = f32::from_bits(self.u32()?);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(ModelError::Corrupt(self.pos - 4))
        }
    }
    pub(crate) fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

impl Tagger {
    /// The entity types this tagger labels.
    pub fn types(&self) -> &[EntityType] {
        &self.types
    }

    pub(crate) fn n_labels(&self) -> usize {
        self.n_labels
    }

    pub(crate) fn table(&self) -> &WeightTable {
        &self.table
    }

    /// Number of features with weights.
    pub fn n_features(&self) -> usize {
        self.table.len()
    }

    pub(crate) fn transition(&self, from: Option<usize>, to: usize) -> f32 {
        let row = from.unwrap_or(self.n_labels);
        self.transitions[row * self.n_labels + to]
    }

    /// Labels of a sequence whose token features are `feats`.
    pub(crate) fn decode(&self, feats: &[Vec<u64>]) -> Vec<u8> {
        let mut scores = vec![0f32; feats.len() * self.n_labels];
        let mut sums = Vec::new();
        for (i, fs) in feats.iter().enumerate() {
            let row = &mut scores[i * self.n_labels..(i + 1) * self.n_labels];
            self.table.score(fs, &mut sums, row);
        }
        viterbi(self.n_labels, &scores, |from, to| self.transition(from, to))
    }

    /// Mentions in `text`, tagging `tokens` with the caller's extra features
    /// per token (lexicon matches; may be empty).
    pub fn tag(&self, text: &str, tokens: &[Token], extra: &[Vec<u64>]) -> Vec<Span> {
        let mut feats = Vec::new();
        features::extract(text, tokens, extra, &mut feats);
        let labels = self.decode(&feats);
        spans_of(&self.types, tokens, &labels)
    }

    /// The model as bytes (not compressed).
    pub fn to_bytes(&self) -> Vec<u8> {
        let entries = self.table.entries();
        let mut out = Vec::with_capacity(16 + entries.len() * (8 + 2 * self.n_labels));
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.push(self.types.len() as u8);
        for t in &self.types {
            out.push(t.code());
        }
        for w in &self.transitions {
            out.extend_from_slice(&w.to_le_bytes());
        }
        // One scale for every column (the table was built so).
        let scale = self.table.scales().first().copied().unwrap_or(1.0);
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        // Keys as deltas would compress better; sorted keys already do well.
        for (k, _) in &entries {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for (_, ws) in &entries {
            for q in ws.iter() {
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model written by [`Tagger::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader::new(bytes);
        Self::read(&mut r)
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, ModelError> {
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
        let n_types = r.u8()? as usize;
        if n_types == 0 || n_types > 7 {
            return Err(ModelError::Corrupt(r.pos - 1));
        }
        let mut types = Vec::with_capacity(n_types);
        for _ in 0..n_types {
            let at = r.pos;
            types.push(EntityType::from_code(r.u8()?).ok_or(ModelError::Corrupt(at))?);
        }
        let n_labels = n_labels_for(n_types);
        let mut transitions = Vec::with_capacity((n_labels + 1) * n_labels);
        for _ in 0..(n_labels + 1) * n_labels {
            transitions.push(r.f32()?);
        }
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        let keys_at = r.pos;
        let keys = r.take(n.checked_mul(8).ok_or(ModelError::Corrupt(keys_at))?)?;
        let weights = r.take(
            n.checked_mul(2 * n_labels)
                .ok_or(ModelError::Corrupt(r.pos))?,
        )?;
        let mut entries = Vec::with_capacity(n);
        for i in 0..n {
            let mut kb = [0u8; 8];
            kb.copy_from_slice(&keys[i * 8..i * 8 + 8]);
            let k = u64::from_le_bytes(kb);
            if k == 0 {
                return Err(ModelError::Corrupt(keys_at + i * 8));
            }
            let w: Vec<i16> = (0..n_labels)
                .map(|j| {
                    let o = (i * n_labels + j) * 2;
                    i16::from_le_bytes([weights[o], weights[o + 1]])
                })
                .collect();
            entries.push((k, w));
        }
        Ok(Tagger {
            types,
            n_labels,
            transitions,
            table: WeightTable::quantized(n_labels, vec![scale; n_labels], &entries),
        })
    }
}

/// Viterbi over `n` labels with emission `scores` (tokens × labels).
pub(crate) fn viterbi(
    n: usize,
    scores: &[f32],
    trans: impl Fn(Option<usize>, usize) -> f32,
) -> Vec<u8> {
    let len = scores.len() / n.max(1);
    if len == 0 {
        return Vec::new();
    }
    // Transition scores with the scheme's constraints as -inf; row `n` is
    // the start.
    let mut t = vec![f32::NEG_INFINITY; (n + 1) * n];
    for from in 0..=n {
        let from_label = (from < n).then_some(from);
        for to in 0..n {
            if allowed(from_label, to) {
                t[from * n + to] = trans(from_label, to);
            }
        }
    }
    let mut best = vec![f32::NEG_INFINITY; len * n];
    let mut back = vec![0u8; len * n];
    for to in 0..n {
        best[to] = t[n * n + to] + scores[to];
    }
    for i in 1..len {
        let (done, rest) = best.split_at_mut(i * n);
        let prev = &done[(i - 1) * n..];
        for to in 0..n {
            let mut bv = f32::NEG_INFINITY;
            let mut bf = 0usize;
            for (from, &p) in prev.iter().enumerate() {
                let v = p + t[from * n + to];
                if v > bv {
                    bv = v;
                    bf = from;
                }
            }
            rest[to] = bv + scores[i * n + to];
            back[i * n + to] = bf as u8;
        }
    }
    let mut last = 0usize;
    let mut lv = f32::NEG_INFINITY;
    for l in 0..n {
        if may_end(l) && best[(len - 1) * n + l] > lv {
            lv = best[(len - 1) * n + l];
            last = l;
        }
    }
    let mut labels = vec![0u8; len];
    labels[len - 1] = last as u8;
    for i in (1..len).rev() {
        labels[i - 1] = back[i * n + labels[i] as usize];
    }
    labels
}

/// Mentions from BILOU labels: a mention begins at a begin or unit label
/// and goes on through inside and last labels of its type.
pub(crate) fn spans_of(types: &[EntityType], tokens: &[Token], labels: &[u8]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize, usize)> = None; // (type index, start token, end token)
    let mut close = |open: &mut Option<(usize, usize, usize)>| {
        if let Some((t, s, e)) = open.take() {
            out.push(Span {
                start: tokens[s].start as usize,
                end: tokens[e].end as usize,
                kind: types[t],
            });
        }
    };
    for (i, &l) in labels.iter().enumerate() {
        match label_parts(l as usize) {
            Some((t, 1 | 2)) if open.is_some_and(|o| o.0 == t) => {
                if let Some(o) = open.as_mut() {
                    o.2 = i;
                }
            }
            Some((t, _)) => {
                close(&mut open);
                open = Some((t, i, i));
            }
            None => close(&mut open),
        }
    }
    close(&mut open);
    out
}

/// BILOU labels of `tokens` from gold mentions. Tokens overlapping a mention
/// are inside it; a mention overlapping an earlier one is skipped. Returns
/// the labels and the number of mentions whose edges fell inside a token.
pub fn labels_of(types: &[EntityType], tokens: &[Token], mentions: &[Span]) -> (Vec<u8>, usize) {
    let mut labels = vec![0u8; tokens.len()];
    let mut misaligned = 0;
    let mut sorted: Vec<&Span> = mentions.iter().collect();
    sorted.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    for m in sorted {
        let Some(t) = types.iter().position(|t| *t == m.kind) else {
            continue;
        };
        let inside: Vec<usize> = tokens
            .iter()
            .enumerate()
            .filter(|(_, tok)| (tok.start as usize) < m.end && m.start < tok.end as usize)
            .map(|(i, _)| i)
            .collect();
        let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else {
            continue;
        };
        if inside.iter().any(|&i| labels[i] != 0) {
            continue;
        }
        if tokens[first].start as usize != m.start || tokens[last].end as usize != m.end {
            misaligned += 1;
        }
        let base = 1 + PER_TYPE * t;
        if inside.len() == 1 {
            labels[first] = (base + 3) as u8;
        } else {
            labels[first] = base as u8;
            for &i in &inside[1..inside.len() - 1] {
                labels[i] = (base + 1) as u8;
            }
            labels[last] = (base + 2) as u8;
        }
    }
    (labels, misaligned)
}

/// One training sequence: token features and gold labels.
#[derive(Debug, Clone)]
pub struct Example {
    feats: Vec<Vec<u64>>,
    labels: Vec<u8>,
}

impl Example {
    pub fn new(text: &str, tokens: &[Token], extra: &[Vec<u64>], labels: Vec<u8>) -> Self {
        let mut feats = Vec::new();
        features::extract(text, tokens, extra, &mut feats);
        Example { feats, labels }
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// Averaged-perceptron training state.
struct Averaged {
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u64>,
}

impl Averaged {
    fn new() -> Self {
        Averaged {
            w: Vec::new(),
            total: Vec::new(),
            stamp: Vec::new(),
        }
    }
    fn grow(&mut self, n: usize) {
        self.w.resize(n, 0.0);
        self.total.resize(n, 0.0);
        self.stamp.resize(n, 0);
    }
    fn add(&mut self, i: usize, delta: f32, step: u64) {
        self.total[i] += f64::from(self.w[i]) * (step - self.stamp[i]) as f64;
        self.stamp[i] = step;
        self.w[i] += delta;
    }
    fn averaged(&self, i: usize, step: u64) -> f32 {
        let t = self.total[i] + f64::from(self.w[i]) * (step - self.stamp[i]) as f64;
        (t / step.max(1) as f64) as f32
    }
}

/// Training options.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Perceptrons averaged into the model, each visiting the examples in
    /// its own order (seeds `seed`, `seed + 2`, ...): one perceptron's
    /// weights depend on that order; their mean depends on it less.
    pub seeds: usize,
    /// Features seen fewer times than this in the training data are dropped.
    pub min_count: u32,
    /// Averaged weights below this (in absolute value, for every label) are
    /// dropped from the model.
    pub prune: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 0x5eed,
            seeds: 3,
            min_count: 1,
            prune: 1e-3,
        }
    }
}

/// Trains a tagger for `types` on `examples`. `progress` is called after
/// every epoch with the epoch number and the token accuracy of that epoch.
pub fn train(
    types: &[EntityType],
    examples: &[Example],
    opts: TrainOptions,
    mut progress: impl FnMut(usize, f64),
) -> Tagger {
    let n_labels = n_labels_for(types.len());
    // Feature rows, in order of first appearance (deterministic).
    let mut counts: KeyMap<u32> = KeyMap::default();
    for ex in examples {
        for fs in &ex.feats {
            for &k in fs {
                *counts.entry(k).or_insert(0) += 1;
            }
        }
    }
    let mut rows: KeyMap<u32> = KeyMap::default();
    let mut keys: Vec<u64> = Vec::new();
    for ex in examples {
        for fs in &ex.feats {
            for &k in fs {
                if counts[&k] >= opts.min_count && !rows.contains_key(&k) {
                    rows.insert(k, keys.len() as u32);
                    keys.push(k);
                }
            }
        }
    }
    drop(counts);
    // Feature rows of each example, resolved once.
    let resolved: Vec<Vec<Vec<u32>>> = examples
        .iter()
        .map(|ex| {
            ex.feats
                .iter()
                .map(|fs| fs.iter().filter_map(|k| rows.get(k).copied()).collect())
                .collect()
        })
        .collect();
    let n_runs = opts.seeds.max(1);
    let mut weights = vec![0f32; keys.len() * n_labels];
    let mut transitions = vec![0f32; (n_labels + 1) * n_labels];
    for run in 0..n_runs {
        let (w, t) = train_one(
            examples,
            &resolved,
            n_labels,
            keys.len(),
            opts.epochs,
            opts.seed.wrapping_add(2 * run as u64),
            |epoch, accuracy| progress(epoch + run * opts.epochs, accuracy),
        );
        for (sum, v) in weights.iter_mut().zip(w) {
            *sum += v / n_runs as f32;
        }
        for (sum, v) in transitions.iter_mut().zip(t) {
            *sum += v / n_runs as f32;
        }
    }
    let mut entries = Vec::new();
    for (row, &k) in keys.iter().enumerate() {
        let ws = &weights[row * n_labels..(row + 1) * n_labels];
        if ws.iter().any(|v| v.abs() >= opts.prune) {
            entries.push((k, ws.to_vec()));
        }
    }
    entries.sort_by_key(|e| e.0);
    Tagger {
        types: types.to_vec(),
        n_labels,
        transitions,
        table: WeightTable::new(n_labels, &entries),
    }
}

/// One averaged perceptron over the resolved feature rows, visiting the
/// examples in an order drawn from `seed`: its averaged feature weights
/// (`n_rows × n_labels`) and transition weights.
fn train_one(
    examples: &[Example],
    resolved: &[Vec<Vec<u32>>],
    n_labels: usize,
    n_rows: usize,
    epochs: usize,
    seed: u64,
    mut progress: impl FnMut(usize, f64),
) -> (Vec<f32>, Vec<f32>) {
    let mut w = Averaged::new();
    w.grow(n_rows * n_labels);
    let mut t = Averaged::new();
    t.grow((n_labels + 1) * n_labels);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = seed | 1;
    let mut step: u64 = 1;
    for epoch in 0..epochs {
        // Fisher–Yates with xorshift64*.
        for i in (1..order.len()).rev() {
            rng ^= rng >> 12;
            rng ^= rng << 25;
            rng ^= rng >> 27;
            let r = rng.wrapping_mul(0x2545_f491_4f6c_dd1d);
            order.swap(i, (r % (i as u64 + 1)) as usize);
        }
        let (mut correct, mut total) = (0usize, 0usize);
        for &e in &order {
            let ex = &examples[e];
            let feats = &resolved[e];
            let mut scores = vec![0f32; feats.len() * n_labels];
            for (i, fs) in feats.iter().enumerate() {
                for &r in fs {
                    let base = r as usize * n_labels;
                    for l in 0..n_labels {
                        scores[i * n_labels + l] += w.w[base + l];
                    }
                }
            }
            let pred = viterbi(n_labels, &scores, |from, to| {
                t.w[from.unwrap_or(n_labels) * n_labels + to]
            });
            total += ex.labels.len();
            for i in 0..ex.labels.len() {
                let (g, p) = (ex.labels[i] as usize, pred[i] as usize);
                if g == p {
                    correct += 1;
                } else {
                    for &r in &feats[i] {
                        let base = r as usize * n_labels;
                        w.add(base + g, 1.0, step);
                        w.add(base + p, -1.0, step);
                    }
                }
                let gp = if i == 0 {
                    n_labels
                } else {
                    ex.labels[i - 1] as usize
                };
                let pp = if i == 0 {
                    n_labels
                } else {
                    pred[i - 1] as usize
                };
                if gp != pp || g != p {
                    t.add(gp * n_labels + g, 1.0, step);
                    t.add(pp * n_labels + p, -1.0, step);
                }
            }
            step += 1;
        }
        progress(epoch + 1, correct as f64 / total.max(1) as f64);
    }
    let weights = (0..w.w.len()).map(|i| w.averaged(i, step)).collect();
    let transitions = (0..t.w.len()).map(|i| t.averaged(i, step)).collect();
    (weights, transitions)
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn example(text: &str, mentions: &[(&str, EntityType)], types: &[EntityType]) -> Example {
        let tokens = tokenize(text);
        let spans: Vec<Span> = mentions
            .iter()
            .map(|(m, k)| {
                let s = text.find(m).expect("mention in text");
                Span {
                    start: s,
                    end: s + m.len(),
                    kind: *k,
                }
            })
            .collect();
        let (labels, _) = labels_of(types, &tokens, &spans);
        Example::new(text, &tokens, &[], labels)
    }

    fn check(tagger: &Tagger, input: &str, expect: &[&str]) {
        let tokens = tokenize(input);
        let got: Vec<String> = tagger
            .tag(input, &tokens, &[])
            .iter()
            .map(|s| format!("{}:{}", &input[s.start..s.end], s.kind))
            .collect();
        assert_eq!(got, expect, "mentions of {input:?}");
    }

    #[test]
    fn learns_and_round_trips() {
        use EntityType::{Chemical, Disease};
        let types = [Disease, Chemical];
        let data = [
            (
                "Patients with breast cancer received tamoxifen daily.",
                vec![("breast cancer", Disease), ("tamoxifen", Chemical)],
            ),
            (
                "Lung cancer was treated with cisplatin.",
                vec![("Lung cancer", Disease), ("cisplatin", Chemical)],
            ),
            (
                "Cisplatin induced renal failure in rats.",
                vec![("Cisplatin", Chemical), ("renal failure", Disease)],
            ),
            (
                "No effect of aspirin on colon cancer was seen.",
                vec![("aspirin", Chemical), ("colon cancer", Disease)],
            ),
            ("The weather was fine and the patients walked.", vec![]),
        ];
        let examples: Vec<Example> = data.iter().map(|(t, m)| example(t, m, &types)).collect();
        let tagger = train(&types, &examples, TrainOptions::default(), |_, _| {});
        check(
            &tagger,
            "Patients with lung cancer received cisplatin daily.",
            &["lung cancer:Disease", "cisplatin:Chemical"],
        );
        let back = Tagger::from_bytes(&tagger.to_bytes()).expect("model reads back");
        check(
            &back,
            "Patients with lung cancer received cisplatin daily.",
            &["lung cancer:Disease", "cisplatin:Chemical"],
        );
        assert!(matches!(
            Tagger::from_bytes(b"BRFNER"),
            Err(ModelError::Corrupt(_))
        ));
        assert!(matches!(
            Tagger::from_bytes(b"nonsense"),
            Err(ModelError::Magic)
        ));
        let mut bytes = tagger.to_bytes();
        bytes[6] = 99;
        assert!(matches!(
            Tagger::from_bytes(&bytes),
            Err(ModelError::Version { found: 99, .. })
        ));
        bytes[6] = VERSION;
        bytes.truncate(bytes.len() - 3);
        assert!(matches!(
            Tagger::from_bytes(&bytes),
            Err(ModelError::Corrupt(_))
        ));
    }

    #[test]
    fn bilou_labels() {
        use EntityType::Disease;
        let text = "Type 2 diabetes and obesity";
        let tokens = tokenize(text);
        let (labels, mis) = labels_of(
            &[Disease],
            &tokens,
            &[
                Span {
                    start: 0,
                    end: 15,
                    kind: Disease,
                },
                Span {
                    start: 20,
                    end: 27,
                    kind: Disease,
                },
                Span {
                    start: 5,
                    end: 15,
                    kind: Disease,
                },
            ],
        );
        // begin, inside, last; outside; unit
        assert_eq!(labels, [1, 2, 3, 0, 4]);
        assert_eq!(mis, 0);
        let spans = spans_of(&[Disease], &tokens, &labels);
        assert_eq!(
            spans
                .iter()
                .map(|s| &text[s.start..s.end])
                .collect::<Vec<_>>(),
            ["Type 2 diabetes", "obesity"]
        );
    }

    #[test]
    fn decoding_keeps_to_the_scheme() {
        // Scores favour "inside" everywhere, which no mention can be made
        // of alone: the best legal sequence is returned instead.
        let n = n_labels_for(1);
        let scores: Vec<f32> = (0..3)
            .flat_map(|_| (0..n).map(|l| if l == 2 { 5.0 } else { 0.0 }))
            .collect();
        let labels = viterbi(n, &scores, |_, _| 0.0);
        assert_eq!(labels, [1, 2, 3]);
        for (from, to) in [
            (None, 2),
            (Some(0), 3),
            (Some(1), 0),
            (Some(1), 4),
            (Some(3), 2),
        ] {
            assert!(!allowed(from, to), "{from:?} -> {to}");
        }
    }
}
