//! `--shard I/N`: a deterministic share of the inputs, so N machines split a
//! corpus with no coordination.
//!
//! An input belongs to shard `1 + h mod N`, `h` the first eight bytes
//! (big-endian) of the SHA-256 of its key: its path relative to the folder
//! given, with `/` separators. The share of a file depends on its name
//! alone: not on the order of a directory listing, on the machine, or on
//! the other files, so files added later do not move the others.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// The whole input: shard 1 of 1.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Whether the input named `key` is in this shard.
    pub fn contains(&self, key: &str) -> bool {
        if self.count == 1 {
            return true;
        }
        let digest = Sha256::digest(key.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.count == self.index - 1
    }

    /// Whether the item at `position` (0-based) of a stream is in this
    /// shard: every N-th, starting at the I-th.
    pub fn contains_position(&self, position: u64) -> bool {
        position % self.count == self.index - 1
    }

    pub fn is_all(&self) -> bool {
        self.count == 1
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let usage = || format!("`{s}`: expected I/N with 1 <= I <= N, e.g. 2/8");
        let (i, n) = s.split_once('/').ok_or_else(usage)?;
        let index: u64 = i.trim().parse().map_err(|_| usage())?;
        let count: u64 = n.trim().parse().map_err(|_| usage())?;
        if count == 0 || index == 0 || index > count {
            return Err(usage());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { index: 2, count: 8 }));
        assert_eq!("1/1".parse::<Shard>(), Ok(Shard::ALL));
        for bad in ["0/4", "5/4", "1/0", "1", "a/b", "-1/4", "1/4/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        assert_eq!(Shard { index: 3, count: 7 }.to_string(), "3/7");
    }

    #[test]
    fn every_input_is_in_exactly_one_shard() {
        let keys: Vec<String> = (0..2000)
            .map(|i| format!("dir{}/paper-{i}.nxml", i % 7))
            .collect();
        let n = 5;
        let shards: Vec<Shard> = (1..=n)
            .map(|i| format!("{i}/{n}").parse().expect("shard"))
            .collect();
        let mut sizes = vec![0usize; n];
        for key in &keys {
            let owners: Vec<usize> = (0..n).filter(|&s| shards[s].contains(key)).collect();
            assert_eq!(owners.len(), 1, "{key}");
            sizes[owners[0]] += 1;
        }
        // Balanced within a few percent of 400 each.
        assert!(sizes.iter().all(|&s| (340..460).contains(&s)), "{sizes:?}");
    }

    #[test]
    fn the_share_depends_on_the_name_alone() {
        // Fixed values (computed independently, with Python's hashlib): a
        // change would split a corpus differently on machines running
        // different versions.
        let keys = [
            "a.txt",
            "b.txt",
            "c/d.nxml",
            "e.xml",
            "f.pubtator",
            "g.md",
            "h.txt",
            "i/j.xml",
            "k.md",
            "l.txt",
            "m.nxml",
            "n.xml",
        ];
        let expected = [2, 2, 2, 4, 2, 2, 4, 2, 2, 1, 3, 3];
        for (key, want) in keys.iter().zip(expected) {
            let owner = (1..=4)
                .find(|i| {
                    format!("{i}/4")
                        .parse::<Shard>()
                        .expect("shard")
                        .contains(key)
                })
                .expect("an owner");
            assert_eq!(owner, want, "{key}");
        }
    }

    #[test]
    fn positions_take_every_nth() {
        let shard: Shard = "2/3".parse().expect("shard");
        let taken: Vec<u64> = (0..10).filter(|&p| shard.contains_position(p)).collect();
        assert_eq!(taken, [1, 4, 7]);
    }
}
