//! Word classes: words that occur in the same contexts share a class, so
//! the tagger can generalize from a training word to words it never saw
//! labelled ("deficiency", "defect" and "dysfunction" in one class).
//!
//! The classes are learnt from unlabelled text, as Brown clusters are, but
//! by a simpler and faster route:
//!
//! 1. every word seen at least [`ClassOptions::min_count`] times gets a
//!    vector of its contexts: counts of the most frequent words one and two
//!    tokens to its left and right;
//! 2. the counts become positive pointwise mutual information (contexts
//!    smoothed by the power 0.75);
//! 3. a randomized truncated SVD (a range finder with power iterations,
//!    then the eigenvectors of a small symmetric matrix) reduces them to
//!    [`ClassOptions::dim`] dimensions, scaled by the square root of the
//!    singular values, each row normalized;
//! 4. k-means, hierarchically: 32 classes, each split into 8, each of those
//!    into 4, so a word has a class at three levels of detail (32, 256 and
//!    1024 classes).
//!
//! Everything is deterministic (fixed seeds, one thread, sorted inputs):
//! the same text gives the same classes.

use std::collections::HashMap;

use super::features;
use super::tokens::{Token, tokenize};

use super::template::WORD_CLASS as TEMPLATE;

/// Branching of the class tree, level by level.
const BRANCHES: [usize; 3] = [32, 8, 4];

/// How classes are learnt.
#[derive(Debug, Clone, Copy)]
pub struct ClassOptions {
    /// Words seen fewer times get no class.
    pub min_count: u32,
    /// Context words: the most frequent this many.
    pub contexts: usize,
    /// Dimensions kept by the SVD.
    pub dim: usize,
    /// Lloyd iterations of each k-means.
    pub iterations: usize,
}

impl Default for ClassOptions {
    fn default() -> Self {
        ClassOptions {
            min_count: 3,
            contexts: 2000,
            dim: 100,
            iterations: 20,
        }
    }
}

/// Word → its class at each level of the tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordClasses {
    classes: HashMap<String, [u16; 3]>,
}

/// The form of a word that classes are keyed by: lower case, digits as
/// `0` ("IL-6" and "IL-10" share `il`, `-`, `0`).
fn word_key(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        if c.is_ascii_digit() {
            out.push('0');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

impl WordClasses {
    /// Number of words with a class.
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// The classes of `word` (any case), coarsest first.
    pub fn get(&self, word: &str) -> Option<[u16; 3]> {
        let mut key = String::with_capacity(word.len());
        word_key(word, &mut key);
        self.classes.get(&key).copied()
    }

    /// `(word, classes)`, sorted by word.
    pub fn entries(&self) -> Vec<(&str, [u16; 3])> {
        let mut out: Vec<(&str, [u16; 3])> =
            self.classes.iter().map(|(w, c)| (w.as_str(), *c)).collect();
        out.sort_unstable();
        out
    }

    pub fn from_entries(entries: impl IntoIterator<Item = (String, [u16; 3])>) -> Self {
        WordClasses {
            classes: entries.into_iter().collect(),
        }
    }

    /// Adds each token's class features to `extra` (resized to the tokens
    /// when shorter). The tagger gives a token's extra features to its
    /// neighbours too, marked by side.
    pub fn add_features(&self, text: &str, tokens: &[Token], extra: &mut Vec<Vec<u64>>) {
        if self.classes.is_empty() {
            return;
        }
        if extra.len() < tokens.len() {
            extra.resize_with(tokens.len(), Vec::new);
        }
        let mut key = String::new();
        for (t, f) in tokens.iter().zip(extra.iter_mut()) {
            word_key(t.text(text), &mut key);
            if let Some(c) = self.classes.get(&key) {
                for (level, id) in c.iter().enumerate() {
                    let [lo, hi] = id.to_le_bytes();
                    f.push(features::key(TEMPLATE, &[level as u8, lo, hi]));
                }
            }
        }
    }

    /// Learns classes from `texts` (each a passage of running text).
    pub fn learn<'a>(texts: impl IntoIterator<Item = &'a str>, opts: ClassOptions) -> Self {
        // Token sequences as word numbers, in order of first appearance.
        let mut numbers: HashMap<String, u32> = HashMap::new();
        let mut words: Vec<String> = Vec::new();
        let mut seqs: Vec<Vec<u32>> = Vec::new();
        let mut key = String::new();
        for text in texts {
            let seq: Vec<u32> = tokenize(text)
                .iter()
                .map(|t| {
                    word_key(t.text(text), &mut key);
                    if let Some(&n) = numbers.get(&key) {
                        n
                    } else {
                        let n = words.len() as u32;
                        numbers.insert(key.clone(), n);
                        words.push(key.clone());
                        n
                    }
                })
                .collect();
            seqs.push(seq);
        }
        let mut counts = vec![0u32; words.len()];
        for s in &seqs {
            for &w in s {
                counts[w as usize] += 1;
            }
        }
        // Words by frequency, ties by spelling.
        let mut order: Vec<u32> = (0..words.len() as u32).collect();
        order.sort_by(|&a, &b| {
            counts[b as usize]
                .cmp(&counts[a as usize])
                .then_with(|| words[a as usize].cmp(&words[b as usize]))
        });
        let vocab: Vec<u32> = order
            .iter()
            .copied()
            .take_while(|&w| counts[w as usize] >= opts.min_count)
            .collect();
        if vocab.len() < 2 {
            return WordClasses::default();
        }
        let mut row_of = vec![u32::MAX; words.len()];
        for (r, &w) in vocab.iter().enumerate() {
            row_of[w as usize] = r as u32;
        }
        let n_ctx = opts.contexts.min(vocab.len());
        let mut ctx_of = vec![u32::MAX; words.len()];
        for (c, &w) in order.iter().take(n_ctx).enumerate() {
            ctx_of[w as usize] = c as u32;
        }
        // Co-occurrences (row, column): columns are four blocks of
        // contexts, two and one to the left, one and two to the right.
        let mut pairs: Vec<u64> = Vec::new();
        for s in &seqs {
            for (i, &w) in s.iter().enumerate() {
                let r = row_of[w as usize];
                if r == u32::MAX {
                    continue;
                }
                for (block, d) in [(0u32, -2isize), (1, -1), (2, 1), (3, 2)] {
                    let j = i as isize + d;
                    if j < 0 || j as usize >= s.len() {
                        continue;
                    }
                    let c = ctx_of[s[j as usize] as usize];
                    if c != u32::MAX {
                        pairs.push((u64::from(r) << 32) | u64::from(block * n_ctx as u32 + c));
                    }
                }
            }
        }
        drop(seqs);
        pairs.sort_unstable();
        let n_rows = vocab.len();
        let n_cols = 4 * n_ctx;
        let matrix = Csr::from_sorted_pairs(&pairs, n_rows, n_cols).ppmi();
        drop(pairs);
        let x = embed(&matrix, opts.dim);
        let labels = cluster_tree(&x, opts.dim, opts.iterations);
        WordClasses {
            classes: vocab
                .iter()
                .zip(labels)
                .map(|(&w, l)| (words[w as usize].clone(), l))
                .collect(),
        }
    }
}

/// A sparse matrix, row by row.
struct Csr {
    n_cols: usize,
    /// Where each row's entries start (`n_rows + 1` offsets).
    starts: Vec<usize>,
    cols: Vec<u32>,
    values: Vec<f64>,
}

impl Csr {
    /// From sorted `(row << 32) | column` pairs, repeated pairs counted.
    fn from_sorted_pairs(pairs: &[u64], n_rows: usize, n_cols: usize) -> Self {
        let mut starts = vec![0usize; n_rows + 1];
        let mut cols = Vec::new();
        let mut values: Vec<f64> = Vec::new();
        let mut last = u64::MAX;
        for &p in pairs {
            if p == last {
                if let Some(v) = values.last_mut() {
                    *v += 1.0;
                }
                continue;
            }
            last = p;
            starts[(p >> 32) as usize + 1] += 1;
            cols.push(p as u32);
            values.push(1.0);
        }
        for r in 0..n_rows {
            starts[r + 1] += starts[r];
        }
        Csr {
            n_cols,
            starts,
            cols,
            values,
        }
    }

    fn n_rows(&self) -> usize {
        self.starts.len() - 1
    }

    fn row(&self, r: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (a, b) = (self.starts[r], self.starts[r + 1]);
        self.cols[a..b]
            .iter()
            .zip(&self.values[a..b])
            .map(|(&c, &v)| (c as usize, v))
    }

    /// Counts to positive PMI, with context probabilities smoothed by the
    /// power 0.75; entries that are not positive are dropped.
    fn ppmi(self) -> Csr {
        let total: f64 = self.values.iter().sum();
        let mut row_sums = vec![0f64; self.n_rows()];
        let mut col_sums = vec![0f64; self.n_cols];
        for (r, sum) in row_sums.iter_mut().enumerate() {
            for (c, v) in self.row(r) {
                *sum += v;
                col_sums[c] += v;
            }
        }
        let smoothed: Vec<f64> = col_sums.iter().map(|s| s.powf(0.75)).collect();
        let smoothed_total: f64 = smoothed.iter().sum();
        let mut out = Csr {
            n_cols: self.n_cols,
            starts: vec![0],
            cols: Vec::new(),
            values: Vec::new(),
        };
        for (r, &row_sum) in row_sums.iter().enumerate() {
            for (c, v) in self.row(r) {
                let pmi = ((v / total) / ((row_sum / total) * (smoothed[c] / smoothed_total))).ln();
                if pmi > 0.0 {
                    out.cols.push(c as u32);
                    out.values.push(pmi);
                }
            }
            out.starts.push(out.cols.len());
        }
        out
    }

    /// `self · a`, with `a` given as columns of length `n_cols`; the result
    /// as columns of length `n_rows`.
    fn times(&self, a: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let mut out = vec![vec![0f64; self.n_rows()]; a.len()];
        for r in 0..self.n_rows() {
            for (c, v) in self.row(r) {
                for (o, col) in out.iter_mut().zip(a) {
                    o[r] += v * col[c];
                }
            }
        }
        out
    }

    /// `selfᵀ · b`, with `b` given as columns of length `n_rows`; the
    /// result as columns of length `n_cols`.
    fn transposed_times(&self, b: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let mut out = vec![vec![0f64; self.n_cols]; b.len()];
        for r in 0..self.n_rows() {
            for (c, v) in self.row(r) {
                for (o, col) in out.iter_mut().zip(b) {
                    o[c] += v * col[r];
                }
            }
        }
        out
    }
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Orthonormal columns spanning `cols` (modified Gram–Schmidt, twice).
fn orthonormalize(cols: &mut [Vec<f64>]) {
    for k in 0..cols.len() {
        for _ in 0..2 {
            for p in 0..k {
                let (done, rest) = cols.split_at_mut(k);
                let proj = dot(&rest[0], &done[p]);
                for (x, y) in rest[0].iter_mut().zip(&done[p]) {
                    *x -= proj * y;
                }
            }
        }
        let norm = dot(&cols[k], &cols[k]).sqrt();
        if norm > 1e-12 {
            cols[k].iter_mut().for_each(|x| *x /= norm);
        } else {
            cols[k].iter_mut().for_each(|x| *x = 0.0);
        }
    }
}

/// Eigenvalues and eigenvectors (as columns of the returned matrix) of the
/// symmetric matrix `a` (row-major, `n × n`), by cyclic Jacobi rotations.
fn symmetric_eigen(mut a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        let scale: f64 = (0..n).map(|i| a[i * n + i] * a[i * n + i]).sum::<f64>();
        if off <= 1e-22 * scale.max(1e-300) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

/// Rows of `m` in `dim` dimensions: the left singular vectors scaled by the
/// square roots of the singular values, each row normalized. Row-major,
/// `n_rows × dim`.
fn embed(m: &Csr, dim: usize) -> Vec<f64> {
    let n = m.n_rows();
    let l = (dim + 10).min(m.n_cols).min(n);
    let dim = dim.min(l);
    let mut rng = Rng(0x05ee_dc1a_55e5_u64 | 1);
    let omega: Vec<Vec<f64>> = (0..l)
        .map(|_| {
            (0..m.n_cols)
                .map(|_| if rng.next() >> 63 == 1 { 1.0 } else { -1.0 })
                .collect()
        })
        .collect();
    let mut q = m.times(&omega);
    orthonormalize(&mut q);
    for _ in 0..2 {
        let mut z = m.transposed_times(&q);
        orthonormalize(&mut z);
        q = m.times(&z);
        orthonormalize(&mut q);
    }
    // B = Qᵀ M, held as its transpose (columns of length n_cols); its
    // Gram matrix B Bᵀ has the squared singular values as eigenvalues.
    let bt = m.transposed_times(&q);
    let mut gram = vec![0f64; l * l];
    for a in 0..l {
        for b in a..l {
            let d = dot(&bt[a], &bt[b]);
            gram[a * l + b] = d;
            gram[b * l + a] = d;
        }
    }
    let (values, vectors) = symmetric_eigen(gram, l);
    let mut by_value: Vec<usize> = (0..l).collect();
    by_value.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let mut x = vec![0f64; n * dim];
    for (e, &k) in by_value.iter().take(dim).enumerate() {
        // sqrt of a singular value = fourth root of the eigenvalue.
        let weight = values[k].max(0.0).powf(0.25);
        for (c, qc) in q.iter().enumerate() {
            let w = vectors[c * l + k] * weight;
            if w == 0.0 {
                continue;
            }
            for (r, &qv) in qc.iter().enumerate() {
                x[r * dim + e] += qv * w;
            }
        }
    }
    for row in x.chunks_mut(dim) {
        let norm = dot(row, row).sqrt();
        if norm > 1e-12 {
            row.iter_mut().for_each(|v| *v /= norm);
        }
    }
    x
}

/// K-means of the rows `idx` of `x` (`dim` columns) into at most `k`
/// clusters: k-means++ seeding from a fixed seed, then Lloyd iterations.
/// Returns each row's cluster, in the order of `idx`.
fn kmeans(
    x: &[f64],
    dim: usize,
    idx: &[usize],
    k: usize,
    iterations: usize,
    seed: u64,
) -> Vec<usize> {
    let k = k.min(idx.len());
    if k <= 1 {
        return vec![0; idx.len()];
    }
    let row = |i: usize| &x[idx[i] * dim..idx[i] * dim + dim];
    let dist = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(p, q)| (p - q) * (p - q)).sum::<f64>();
    let mut rng = Rng(seed | 1);
    let mut centers: Vec<Vec<f64>> = Vec::with_capacity(k);
    centers.push(row((rng.next() % idx.len() as u64) as usize).to_vec());
    let mut nearest: Vec<f64> = (0..idx.len()).map(|i| dist(row(i), &centers[0])).collect();
    while centers.len() < k {
        let total: f64 = nearest.iter().sum();
        let pick = if total > 0.0 {
            let mut target = rng.unit() * total;
            let mut chosen = idx.len() - 1;
            for (i, d) in nearest.iter().enumerate() {
                if target < *d {
                    chosen = i;
                    break;
                }
                target -= d;
            }
            chosen
        } else {
            centers.len()
        };
        centers.push(row(pick).to_vec());
        let c = centers.len() - 1;
        for (i, d) in nearest.iter_mut().enumerate() {
            *d = d.min(dist(row(i), &centers[c]));
        }
    }
    let mut labels = vec![0usize; idx.len()];
    for _ in 0..iterations {
        let mut changed = false;
        for (i, l) in labels.iter_mut().enumerate() {
            let r = row(i);
            let best = (0..k)
                .map(|c| (dist(r, &centers[c]), c))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                .map_or(0, |b| b.1);
            if best != *l {
                changed = true;
                *l = best;
            }
        }
        let mut sums = vec![vec![0f64; dim]; k];
        let mut sizes = vec![0usize; k];
        for (i, &l) in labels.iter().enumerate() {
            sizes[l] += 1;
            for (s, v) in sums[l].iter_mut().zip(row(i)) {
                *s += v;
            }
        }
        for c in 0..k {
            // An empty cluster keeps its center.
            if sizes[c] > 0 {
                centers[c] = sums[c].iter().map(|s| s / sizes[c] as f64).collect();
            }
        }
        if !changed {
            break;
        }
    }
    labels
}

/// Each row's class at the three levels of the tree.
fn cluster_tree(x: &[f64], dim: usize, iterations: usize) -> Vec<[u16; 3]> {
    let n = x.len() / dim.max(1);
    let mut out = vec![[0u16; 3]; n];
    let mut groups: Vec<(usize, Vec<usize>)> = vec![(0, (0..n).collect())];
    for (level, &branch) in BRANCHES.iter().enumerate() {
        let mut next = Vec::new();
        for (id, members) in groups {
            let labels = kmeans(x, dim, &members, branch, iterations, 0x9e37 + id as u64);
            let mut split: Vec<Vec<usize>> = vec![Vec::new(); branch];
            for (&m, &l) in members.iter().zip(&labels) {
                let class = id * branch + l;
                out[m][level] = class as u16;
                split[l].push(m);
            }
            next.extend(
                split
                    .into_iter()
                    .enumerate()
                    .filter(|(_, s)| !s.is_empty())
                    .map(|(l, s)| (id * branch + l, s)),
            );
        }
        groups = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigen_of_a_small_symmetric_matrix() {
        let (values, vectors) = symmetric_eigen(vec![2.0, 1.0, 1.0, 2.0], 2);
        let mut v = values.clone();
        v.sort_by(f64::total_cmp);
        assert!(
            (v[0] - 1.0).abs() < 1e-9 && (v[1] - 3.0).abs() < 1e-9,
            "{values:?}"
        );
        // The eigenvector of 3 is (1, 1)/√2.
        let k = if values[0] > values[1] { 0 } else { 1 };
        assert!((vectors[k].abs() - vectors[2 + k].abs()).abs() < 1e-9);
    }

    /// Words in the same contexts share classes; words in other contexts
    /// do not; learning twice gives the same classes.
    #[test]
    fn words_in_the_same_contexts_share_a_class() {
        let mut texts = Vec::new();
        for (i, disease) in ["diabetes", "asthma", "cancer", "fibrosis"]
            .iter()
            .enumerate()
        {
            for (j, drug) in ["insulin", "aspirin", "heparin", "statin"]
                .iter()
                .enumerate()
            {
                texts.push(format!(
                    "patients with {disease} were given {drug} daily . the {drug} dose was {i}{j} mg ."
                ));
                texts.push(format!(
                    "we studied {disease} in a cohort , and {disease} was severe in {j} of them ."
                ));
            }
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let opts = ClassOptions {
            dim: 8,
            contexts: 50,
            ..ClassOptions::default()
        };
        let classes = WordClasses::learn(refs.iter().copied(), opts);
        let top = |w: &str| classes.get(w).expect(w)[0];
        assert_eq!(top("asthma"), top("diabetes"));
        assert_eq!(top("aspirin"), top("insulin"));
        assert_ne!(top("asthma"), top("aspirin"));
        assert_eq!(classes.get("ASTHMA"), classes.get("asthma"));
        assert_eq!(classes.get("nowhere"), None);
        assert_eq!(WordClasses::learn(refs.iter().copied(), opts), classes);
    }

    #[test]
    fn features_name_the_level_and_class() {
        let classes = WordClasses::from_entries([("il".to_owned(), [1, 9, 37])]);
        let text = "IL-6 rose";
        let tokens = tokenize(text);
        let mut extra = Vec::new();
        classes.add_features(text, &tokens, &mut extra);
        assert_eq!(extra.len(), tokens.len());
        assert_eq!(extra[0].len(), 3);
        assert!(extra[1].is_empty() && extra[3].is_empty());
        assert_eq!(extra[0][1], features::key(TEMPLATE, &[1, 9, 0]));
    }
}
