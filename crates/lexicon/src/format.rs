//! The compiled lexicon file format (version 1).
//!
//! ```text
//! offset  size  field
//!      0     8  magic  "BRFLEX\r\n"
//!      8     4  format version (u32 LE)
//!     12     4  normalization version (u32 LE)
//!     16     8  file length in bytes (u64 LE)
//!     24     4  CRC-32 of bytes 8..24 and 32..end
//!     28     4  number of sections (u32 LE) = 8
//!     32   128  section table: 8 × (offset u64 LE, length u64 LE)
//!    160     …  sections, each starting on an 8-byte boundary
//! ```
//!
//! Sections, in order:
//!
//! 0. `META`: UTF-8 `key=value` lines (name, counts, provenance).
//! 1. `TRIE`: a double-array trie (the darts-clone/`yada` unit layout, 4
//!    bytes a unit, see `trie.rs`) from each normalized key to its key number.
//! 2. `KEYPOST`: `nkeys + 1` u32 offsets into `POSTINGS`.
//! 3. `POSTINGS`: 12-byte records `(entry u32, surface u32, flags u32)`;
//!    `surface` is a string number, or `u32::MAX` when the name is the entry's
//!    preferred name; bits 0–15 of `flags` are the name flags, bits 24–27
//!    the entry's type (so filtering by type reads no entry).
//! 4. `ENTRIES`: 12-byte records `(type u32, ids u32, name u32)`; `ids` and
//!    `name` are string numbers; `ids` holds CURIEs joined by `|`.
//! 5. `STROFF`: `nstrings + 1` u32 offsets into `STRBLOB`.
//! 6. `STRBLOB`: UTF-8 strings, concatenated.
//! 7. `FIRSTTOK`: a Bloom filter of the first tokens of all keys: `log2(m)`
//!    (u32), then `m / 8` bytes of bits; two probes from one FNV-1a hash. A
//!    text token absent from it starts no match, so most tokens are skipped
//!    without touching the trie.
//!
//! All integers are little-endian. A reader checks the magic, both versions,
//! the length, the checksum and every cross-reference before use, so a
//! damaged or foreign file is refused rather than read into garbage.

use briefing_model::EntityType;

pub(crate) const MAGIC: &[u8; 8] = b"BRFLEX\r\n";
/// Version of the compiled file layout.
pub const FORMAT_VERSION: u32 = 2;
pub(crate) const NSECTIONS: usize = 8;
pub(crate) const HEADER_LEN: usize = 32 + NSECTIONS * 16;
pub(crate) const POSTING_LEN: usize = 12;
pub(crate) const ENTRY_LEN: usize = 12;
pub(crate) const NO_STRING: u32 = u32::MAX;

pub(crate) const SEC_META: usize = 0;
pub(crate) const SEC_TRIE: usize = 1;
pub(crate) const SEC_KEYPOST: usize = 2;
pub(crate) const SEC_POSTINGS: usize = 3;
pub(crate) const SEC_ENTRIES: usize = 4;
pub(crate) const SEC_STROFF: usize = 5;
pub(crate) const SEC_STRBLOB: usize = 6;
pub(crate) const SEC_FIRSTTOK: usize = 7;

/// Bits of a posting's flags word holding the entry's type code.
pub(crate) const TYPE_SHIFT: u32 = 24;

/// FNV-1a, 64 bits.
#[inline]
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The two bit positions of a hash in a Bloom filter of `2^log2` bits.
#[inline]
pub(crate) fn bloom_bits(h: u64, log2: u32) -> (usize, usize) {
    let mask = (1u64 << log2) - 1;
    (
        (h & mask) as usize,
        ((h >> 32).rotate_left(7) & mask) as usize,
    )
}

/// The checksum of a whole file (with its checksum field skipped).
pub(crate) fn checksum(bytes: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(&bytes[8..24]);
    h.update(&bytes[32..]);
    h.finalize()
}

#[inline]
pub(crate) fn u32_at(bytes: &[u8], at: usize) -> u32 {
    match bytes.get(at..at + 4) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => 0,
    }
}

#[inline]
pub(crate) fn u64_at(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(b) => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
        None => 0,
    }
}

pub(crate) fn type_code(kind: EntityType) -> u32 {
    match kind {
        EntityType::Gene => 0,
        EntityType::Disease => 1,
        EntityType::Chemical => 2,
        EntityType::Species => 3,
        EntityType::CellLine => 4,
        EntityType::CellType => 5,
        EntityType::Other => 6,
    }
}

pub(crate) fn type_from_code(code: u32) -> Option<EntityType> {
    Some(match code {
        0 => EntityType::Gene,
        1 => EntityType::Disease,
        2 => EntityType::Chemical,
        3 => EntityType::Species,
        4 => EntityType::CellLine,
        5 => EntityType::CellType,
        6 => EntityType::Other,
        _ => return None,
    })
}
