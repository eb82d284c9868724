//! The double-array trie: a builder and the unit accessors the matcher walks
//! with.
//!
//! `yada`'s builder needs minutes for a million-name dictionary; this one
//! follows darts-clone's placement strategy (a circular free list over the
//! last few blocks, first fit), which takes seconds, and writes the same
//! 4-byte unit layout (the tests search the result with `yada`). The matcher
//! reads units with bounds-checked loads, so a damaged trie can only fail to
//! match, never read out of bounds:
//!
//! - bit 31 set: a leaf holding a 31-bit value;
//! - otherwise bits 0–7 are the label, bit 8 "has a leaf child", bit 9 "the
//!   offset is stored shifted by 8", and bits 10–31 the offset relative to
//!   the unit's own position (`offset ^ id`).

use crate::error::{Error, Result};

const BLOCK: usize = 256;

/// Unit `i` of a trie (0, an empty unit, when out of range).
#[inline]
pub(crate) fn unit(da: &[u8], i: usize) -> u32 {
    crate::format::u32_at(da, i * 4)
}

/// The absolute offset of a unit's children is `offset(u) ^ id`.
#[inline]
pub(crate) fn offset(u: u32) -> usize {
    ((u >> 10) << ((u & (1 << 9)) >> 6)) as usize
}

#[inline]
pub(crate) fn has_leaf(u: u32) -> bool {
    u >> 8 & 1 == 1
}

/// The label, with the leaf bit so a leaf never equals a byte.
#[inline]
pub(crate) fn label(u: u32) -> u32 {
    u & ((1 << 31) | 0xFF)
}

#[inline]
pub(crate) fn value(u: u32) -> u32 {
    u & 0x7FFF_FFFF
}
/// Where the children of unit `node` are: its child labelled `c`, if it
/// has one, is unit `children_base(da, node) ^ c`.
#[inline]
pub(crate) fn children_base(da: &[u8], node: usize) -> usize {
    offset(unit(da, node)) ^ node
}

/// The child of unit `node` labelled `c`, if there is one.
#[inline]
pub(crate) fn child(da: &[u8], node: usize, c: u8) -> Option<usize> {
    let child = children_base(da, node) ^ c as usize;
    (label(unit(da, child)) == c as u32).then_some(child)
}

/// The unit reached from `node` through `bytes`, if every step exists.
pub(crate) fn walk(da: &[u8], node: usize, bytes: &[u8]) -> Option<usize> {
    bytes.iter().try_fold(node, |n, &c| child(da, n, c))
}

/// The value of the key ending at unit `node`, if one does.
#[inline]
pub(crate) fn leaf_value(da: &[u8], node: usize) -> Option<u32> {
    let u = unit(da, node);
    has_leaf(u).then(|| value(unit(da, offset(u) ^ node)))
}

/// Blocks kept open for placement; older blocks are closed.
const OPEN_BLOCKS: usize = 16;
const MAX_UNITS: usize = 1 << 29;

struct Builder {
    units: Vec<u32>,
    /// For units of open blocks: fixed (holding something), offset used as a
    /// base, and the circular free list.
    fixed: Vec<bool>,
    used_offset: Vec<bool>,
    next: Vec<u32>,
    prev: Vec<u32>,
    /// First free unit of the open blocks, or `units.len()` when none.
    head: usize,
}

impl Builder {
    fn new() -> Self {
        let mut b = Builder {
            units: Vec::new(),
            fixed: Vec::new(),
            used_offset: Vec::new(),
            next: Vec::new(),
            prev: Vec::new(),
            head: 0,
        };
        b.expand();
        b
    }

    fn expand(&mut self) {
        let start = self.units.len();
        let end = start + BLOCK;
        self.units.resize(end, 0);
        self.fixed.resize(end, false);
        self.used_offset.resize(end, false);
        self.next.resize(end, 0);
        self.prev.resize(end, 0);
        // Link the new block's units, then splice them into the free list.
        for i in start..end {
            self.next[i] = (i + 1) as u32;
            self.prev[i] = i.wrapping_sub(1) as u32;
        }
        if self.head >= start {
            // Empty free list: the new block alone, circular.
            self.prev[start] = (end - 1) as u32;
            self.next[end - 1] = start as u32;
            self.head = start;
        } else {
            let head = self.head;
            let tail = self.prev[head] as usize;
            self.prev[start] = tail as u32;
            self.next[tail] = start as u32;
            self.next[end - 1] = head as u32;
            self.prev[head] = (end - 1) as u32;
        }
        // Close the block that leaves the open window.
        let nblocks = end / BLOCK;
        if nblocks > OPEN_BLOCKS {
            let closing = nblocks - OPEN_BLOCKS - 1;
            for i in closing * BLOCK..(closing + 1) * BLOCK {
                if !self.fixed[i] {
                    self.take(i);
                }
            }
        }
    }

    /// Removes unit `id` from the free list and marks it fixed.
    fn take(&mut self, id: usize) {
        while id >= self.units.len() {
            self.expand();
        }
        if self.fixed[id] {
            return;
        }
        let (p, n) = (self.prev[id] as usize, self.next[id] as usize);
        if n == id {
            self.head = self.units.len(); // list now empty
        } else {
            self.next[p] = n as u32;
            self.prev[n] = p as u32;
            if self.head == id {
                self.head = n;
            }
        }
        self.fixed[id] = true;
    }

    fn valid(&self, parent: usize, offset: usize, labels: &[u8]) -> bool {
        if offset >= self.units.len() {
            return true;
        }
        if self.used_offset[offset] {
            return false;
        }
        let rel = parent ^ offset;
        if rel >= (1 << 21) && rel & 0xFF != 0 {
            return false;
        }
        labels.iter().skip(1).all(|&l| {
            let c = offset ^ l as usize;
            c >= self.units.len() || !self.fixed[c]
        })
    }

    fn find_offset(&self, parent: usize, labels: &[u8]) -> usize {
        let len = self.units.len();
        if self.head < len {
            let mut free = self.head;
            loop {
                let offset = free ^ labels[0] as usize;
                if self.valid(parent, offset, labels) {
                    return offset;
                }
                free = self.next[free] as usize;
                if free == self.head {
                    break;
                }
            }
        }
        // A fresh block: same low bits as the parent keeps the relative
        // offset aligned.
        len | (parent & 0xFF)
    }

    fn set_offset(&mut self, id: usize, offset: usize) -> Result<()> {
        let rel = (id ^ offset) as u32;
        let low = self.units[id] & 0x1FF; // label and has-leaf bit
        self.units[id] = if rel < (1 << 21) {
            rel << 10 | low
        } else if rel < (1 << 29) && rel & 0xFF == 0 {
            rel << 2 | 1 << 9 | low
        } else {
            return Err(Error::Build("double-array offset out of range".into()));
        };
        Ok(())
    }
}

/// Builds the trie of `keys` (sorted, distinct, non-empty, without NUL),
/// each mapped to its value (< 2^31).
pub(crate) fn build(keys: &[(&[u8], u32)]) -> Result<Vec<u8>> {
    if keys.is_empty() {
        return Err(Error::Build("no keys".into()));
    }
    for w in keys.windows(2) {
        if w[0].0 >= w[1].0 {
            return Err(Error::Build("keys not sorted and distinct".into()));
        }
    }
    if keys
        .iter()
        .any(|(k, v)| k.is_empty() || k.contains(&0) || *v >= 1 << 31)
    {
        return Err(Error::Build(
            "empty key, NUL byte or value too large".into(),
        ));
    }
    let mut b = Builder::new();
    b.take(0);
    // Explicit stack instead of recursion: (depth, begin, end, unit).
    let mut stack: Vec<(usize, usize, usize, usize)> = vec![(0, 0, keys.len(), 0)];
    let mut labels: Vec<u8> = Vec::with_capacity(256);
    let mut ranges: Vec<(u8, usize, usize)> = Vec::with_capacity(256);
    while let Some((depth, begin, end, id)) = stack.pop() {
        labels.clear();
        ranges.clear();
        let mut leaf_value = None;
        for (i, (key, value)) in keys.iter().enumerate().take(end).skip(begin) {
            let label = key.get(depth).copied().unwrap_or(0);
            if label == 0 {
                leaf_value = Some(*value);
            }
            match ranges.last_mut() {
                Some(last) if last.0 == label => last.2 = i + 1,
                _ => {
                    labels.push(label);
                    ranges.push((label, i, i + 1));
                }
            }
        }
        let offset = b.find_offset(id, &labels);
        if offset + 256 >= MAX_UNITS {
            return Err(Error::Build("trie too large".into()));
        }
        while offset >= b.units.len() {
            b.expand();
        }
        b.used_offset[offset] = true;
        b.set_offset(id, offset)?;
        if leaf_value.is_some() {
            b.units[id] |= 1 << 8;
        }
        for &l in &labels {
            let child = offset ^ l as usize;
            b.take(child);
            b.units[child] = if l == 0 {
                leaf_value.unwrap_or(0) | 1 << 31
            } else {
                l as u32
            };
        }
        // Push children in reverse so they are built in label order.
        for &(l, s, e) in ranges.iter().rev() {
            if l != 0 {
                stack.push((depth + 1, s, e, offset ^ l as usize));
            }
        }
    }
    Ok(b.units.iter().flat_map(|u| u.to_le_bytes()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_and_nothing_else() {
        let mut words: Vec<String> = Vec::new();
        for a in [
            "",
            "a",
            "ab",
            "abc",
            "b",
            "liver",
            "liver disease",
            "t cell",
            "t cells",
            "tgf beta",
        ] {
            words.push(a.to_string());
        }
        for i in 0..5000u32 {
            words.push(format!("k{}x{}", i * 7919 % 10007, i % 13));
        }
        words.retain(|w| !w.is_empty());
        words.sort();
        words.dedup();
        let keys: Vec<(&[u8], u32)> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.as_bytes(), i as u32))
            .collect();
        let bytes = build(&keys).unwrap();
        let da = yada::DoubleArray::new(bytes.as_slice()).unwrap();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(da.exact_match_search(w), Some(i as u32), "{w}");
        }
        for miss in ["c", "liv", "liver diseases", "k", "t cel", "zzz"] {
            assert_eq!(da.exact_match_search(miss), None, "{miss}");
        }
        let prefixes: Vec<usize> = da
            .common_prefix_search("liver disease!".as_bytes())
            .map(|(_, l)| l)
            .collect();
        assert_eq!(prefixes, [5, 13]);
    }
}
