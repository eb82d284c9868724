//! The compiled lexicon file format (version 9).
//!
//! ```text
//! offset  size  field
//!      0     8  magic  "BRFLEX\r\n"
//!      8     4  format version (u32 LE)
//!     12     4  normalization version (u32 LE)
//!     16     8  file length in bytes (u64 LE)
//!     24     4  CRC-32 of bytes 8..24 and 32..end
//!     28     4  number of sections (u32 LE) = 10
//!     32   160  section table: 10 × (offset u64 LE, length u64 LE)
//!    192     …  sections, each starting on a 64-byte boundary
//! ```
//!
//! Sections, in order:
//!
//! 0. `META`: UTF-8 `key=value` lines (name, counts, provenance).
//! 1. `TRIE`: a double-array trie (the darts-clone/`yada` unit layout, 4
//!    bytes a unit, see `trie.rs`) from each normalized key to its key number.
//! 2. `KEYPOST`: `nkeys + 1` u32 offsets into `POSTINGS`. Keys are numbered
//!    in four runs (see `TOKENS` for where the second, third and fourth
//!    start): keys with a posting that is neither stop-listed nor
//!    case-sensitive (it matches whatever the text's case, so the default
//!    options accept the key without reading a posting); other keys with a
//!    posting that can match with the default options; keys whose every
//!    posting is stop-listed or case-sensitive with an ASCII upper-case
//!    letter in its case-kept surface; keys whose every posting is
//!    stop-listed. So the matcher decides most candidates from the key
//!    number alone, without reading a posting.
//! 3. `POSTINGS`: 12-byte records `(entry u32, surface u32, flags u32)`;
//!    `surface` is a string number, or `u32::MAX` when the name is the entry's
//!    preferred name; bits 0–15 of `flags` are the name flags, bit 16
//!    [`CASE_UPPER`], bits 24–27 the entry's type (so filtering by type
//!    reads no entry).
//! 4. `ENTRIES`: 12-byte records `(type u32, ids u32, name u32)`; `ids` and
//!    `name` are string numbers; `ids` holds CURIEs joined by `|`.
//! 5. `STROFF`: `nstrings + 1` u32 offsets into `STRBLOB`.
//! 6. `STRBLOB`: UTF-8 strings, concatenated.
//! 7. `FIRSTTOK`: a Bloom filter of the first tokens of all keys: `log2(m)`
//!    (u32), then `m / 8` bytes of bits; two probes from one
//!    [`token_hash`]. A text token absent from it starts no match, so most
//!    tokens are skipped without touching anything else.
//! 8. `TOKENS`: the first tokens of all keys (up to [`TOKEN_INLINE`] bytes
//!    long) in an open-addressing hash table, each with the trie unit
//!    reached after its bytes: `log2(slots)` (u32), the first key number of
//!    the third and of the fourth run of keys, then of the second (u32
//!    each), 48 bytes of padding, then
//!    `slots` records of [`TOKEN_SLOT`] bytes `(node u32, key u32, base u32,
//!    mask u32, next u8, len u8, token bytes zero-padded)`: `node` is the
//!    trie unit after the token (0: empty slot), `key` the key number when
//!    the token alone is a key (`u32::MAX` otherwise), `next` bit 0 when a
//!    key continues after the token with a soft separator and bit 1 with a
//!    hard one. The *separator unit* is the unit after the soft separator
//!    (or after the hard one when only that exists), where a walk through
//!    the next tokens starts; `base` is its children's base (`offset ^ id`
//!    of that unit, so the child labelled `c` is unit `base ^ c`, one load
//!    instead of two), and `mask` has bit [`mask_bit`]`(c)` set for the label `c` of
//!    each of its children, so a text whose next token cannot continue a
//!    key is rejected without touching the trie. Slots are probed linearly
//!    from `token_hash & (slots - 1)`. A text token is looked up with one
//!    probe (one cache line) instead of a trie step per byte; longer tokens
//!    walk the trie.
//! 9. `BIGRAMS`: a Bloom filter of the first two tokens of the keys of two
//!    tokens or more, with the separator between them, laid out as
//!    `FIRSTTOK` and probed with [`bigram_hash`] of the two tokens'
//!    [`token_hash`]es. A walk through the second token of a key is only
//!    started when the text's two tokens pass it.
//!
//! All integers are little-endian. A reader checks the magic, both versions,
//! the length, the checksum and every cross-reference before use, so a
//! damaged or foreign file is refused rather than read into garbage.

use briefing_model::EntityType;

pub(crate) const MAGIC: &[u8; 8] = b"BRFLEX\r\n";
/// Version of the compiled file layout.
pub const FORMAT_VERSION: u32 = 9;
pub(crate) const NSECTIONS: usize = 10;
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
pub(crate) const SEC_TOKENS: usize = 8;
pub(crate) const SEC_BIGRAMS: usize = 9;

/// Bytes of a `TOKENS` slot, and the longest token stored in one.
pub(crate) const TOKEN_SLOT: usize = 32;
pub(crate) const TOKEN_HEADER: usize = 64;
/// Offsets in the `TOKENS` header of the first key number of the third
/// (upper-case only), fourth (stop-listed) and second (keys that need their
/// postings checked) run of keys.
pub(crate) const KEY_UPPER_FROM: usize = 4;
pub(crate) const KEY_STOP_FROM: usize = 8;
pub(crate) const KEY_CHECK_FROM: usize = 12;
pub(crate) const SECTION_ALIGN: usize = 64;
/// The smallest Bloom filter (`FIRSTTOK`, `BIGRAMS`), as log2 of its bits.
pub(crate) const BLOOM_MIN_LOG2: u32 = 9;
pub(crate) const TOKEN_INLINE: usize = TOKEN_SLOT - TOKEN_BYTES;
/// Offsets of a `TOKENS` slot's fields.
pub(crate) const SLOT_BASE: usize = 8;
pub(crate) const SLOT_MASK: usize = 12;
pub(crate) const SLOT_NEXT: usize = 16;
pub(crate) const SLOT_LEN: usize = 17;
pub(crate) const TOKEN_BYTES: usize = 18;
/// `next` bits of a `TOKENS` slot.
pub(crate) const NEXT_SOFT: u8 = 1;
pub(crate) const NEXT_HARD: u8 = 2;

/// The bit of a `TOKENS` slot's `mask` for a child labelled `c`: one bit
/// for each letter `a`–`z` (0–25), digits on the six bits left (`0` and
/// `6` on bit 26, ...), any other byte on bit `c & 31`. So a letter never
/// passes for another letter or a digit, as it did with `c & 31`.
#[inline]
pub(crate) fn mask_bit(c: u8) -> u32 {
    1 << MASK_BIT[c as usize]
}

static MASK_BIT: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_lowercase() {
            b - b'a'
        } else if b.is_ascii_digit() {
            26 + (b - b'0') % 6
        } else {
            b & 31
        };
        c += 1;
    }
    t
};

/// Bit of a posting's flags word set when the name is case-sensitive,
/// ASCII, and has no lower-case letter (`MET`, `TP53`, `LX-2`): a text
/// span of the same key matches it with its case exactly when the span is
/// ASCII without a lower-case letter either (outside plurals), which the
/// matcher then checks without reading the name.
pub(crate) const CASE_UPPER: u32 = 1 << 16;

/// Bits of a posting's flags word holding the entry's type code.
pub(crate) const TYPE_SHIFT: u32 = 24;

/// The hash of a token (part of the format: the Bloom filter and the token
/// table are built with it). Eight bytes at a time, then a final mix.
#[inline]
pub(crate) fn token_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = hash_step(h, u64_at(c, 0));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = hash_step(
            h,
            rest.iter().rev().fold(0u64, |w, &b| w << 8 | u64::from(b)),
        );
    }
    hash_finish(h)
}

/// One eight-byte word of [`token_hash`].
#[inline(always)]
fn hash_step(h: u64, word: u64) -> u64 {
    (h.rotate_left(23) ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// [`token_hash`]'s final mix.
#[inline(always)]
fn hash_finish(mut h: u64) -> u64 {
    h ^= h >> 29;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^ h >> 32
}

/// The hash of two tokens (of [`token_hash`]es `first` and `second`)
/// separated by `sep` ([`crate::normalize::SOFT`] or `HARD`): what the
/// `BIGRAMS` filter is built and probed with.
#[inline(always)]
pub(crate) fn bigram_hash(first: u64, sep: u8, second: u64) -> u64 {
    hash_finish(hash_step(first ^ u64::from(sep), second))
}

/// `token_hash(&buf[start..end])`, reading the last partial word with one
/// load (masked) when the buffer extends past it, as a text buffer does.
#[inline]
pub(crate) fn token_hash_in(buf: &[u8], start: usize, end: usize) -> u64 {
    let len = end.saturating_sub(start);
    let full = start + len / 8 * 8;
    let rest = end - full;
    if rest == 0 || full + 8 > buf.len() {
        return token_hash(buf.get(start..end).unwrap_or(&[]));
    }
    let mut h: u64 = len as u64;
    let mut p = start;
    while p < full {
        h = hash_step(h, u64_at(buf, p));
        p += 8;
    }
    h = hash_step(h, u64_at(buf, full) & (u64::MAX >> (64 - 8 * rest)));
    hash_finish(h)
}

/// The first 16 bytes of `buf[start..end]` as two little-endian words,
/// zero-padded: how a token is compared with a `TOKENS` slot.
#[inline]
pub(crate) fn token_words(buf: &[u8], start: usize, end: usize) -> (u64, u64) {
    let len = end.saturating_sub(start);
    let mask = |n: usize| {
        if n >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        }
    };
    if let Some(b) = buf.get(start..start + 16) {
        // One load per word (the buffer goes on past a text's tokens).
        return (
            u64_at(b, 0) & mask(len),
            u64_at(b, 8) & mask(len.saturating_sub(8)),
        );
    }
    let word = |at: usize, n: usize| -> u64 {
        buf.get(at..at + n.min(8))
            .map_or(0, |b| b.iter().rev().fold(0, |w, &c| w << 8 | u64::from(c)))
    };
    (word(start, len), word(start + 8, len.saturating_sub(8)))
}

/// [`token_hash`] of a token of `len` bytes (at most 16) from its
/// [`token_words`], without reading it again.
#[inline]
pub(crate) fn token_hash_words(len: usize, (lo, hi): (u64, u64)) -> u64 {
    if len == 0 || len > 16 {
        return token_hash(&[]);
    }
    let mut h = hash_step(len as u64, lo);
    if len > 8 {
        h = hash_step(h, hi);
    }
    hash_finish(h)
}

/// Whether a `TOKENS` slot holds the token of `len` bytes (at most
/// [`TOKEN_INLINE`]) whose [`token_words`] are `(lo, hi)`: the slot's token
/// bytes are zero-padded, so two word comparisons decide.
#[inline]
pub(crate) fn slot_holds(slot: &[u8], len: usize, (lo, hi): (u64, u64)) -> bool {
    slot.get(SLOT_LEN).is_some_and(|&n| n as usize == len)
        && u64_at(slot, TOKEN_BYTES) == lo
        && u64_at(slot, TOKEN_SLOT - 8) >> (8 * (TOKEN_BYTES + 8 - (TOKEN_SLOT - 8))) == hi
}

/// The two bit positions of a hash in a Bloom filter of `2^log2` bits
/// (`log2 >= 6`): both in the same 64-bit word, so a probe reads one cache
/// line.
#[inline]
pub(crate) fn bloom_bits(h: u64, log2: u32) -> (usize, usize) {
    let words = (1u64 << (log2 - 6)) - 1;
    let word = ((h >> 12) & words) as usize * 64;
    (word + (h & 63) as usize, word + (h >> 6 & 63) as usize)
}

/// A Bloom filter of `2^log2` bits (see [`bloom_bits`]) as the matcher
/// probes it: one little-endian word a probe, both bits tested in it (bit
/// `i` of the filter is bit `i % 8` of byte `i / 8`, so bit `i % 64` of the
/// word).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bloom<'a> {
    bits: &'a [u8],
    /// The number of words, less one (a power of two, less one).
    words: u64,
}

impl<'a> Bloom<'a> {
    /// A filter of `2^log2` bits (the reader checks the length; a word
    /// past the end reads as clear).
    pub(crate) fn new(log2: u32, bits: &'a [u8]) -> Bloom<'a> {
        Bloom {
            bits,
            words: (1u64 << (log2.clamp(6, 63) - 6)) - 1,
        }
    }

    /// Whether the filter may hold hash `h`.
    #[inline(always)]
    pub(crate) fn has(self, h: u64) -> bool {
        let word = u64_at(self.word_bytes(h), 0);
        (word >> (h & 63)) & (word >> (h >> 6 & 63)) & 1 != 0
    }

    /// The bytes from the word that [`Bloom::has`] reads for hash `h` on
    /// (empty past the end, which reads as clear), to ask for its cache
    /// line early.
    #[inline(always)]
    pub(crate) fn word_bytes(self, h: u64) -> &'a [u8] {
        let at = ((h >> 12) & self.words) as usize * 8;
        self.bits.get(at..).unwrap_or(&[])
    }
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

/// An entity type's code in postings and entries ([`EntityType::code`]).
pub(crate) fn type_code(kind: EntityType) -> u32 {
    u32::from(kind.code())
}

pub(crate) fn type_from_code(code: u32) -> Option<EntityType> {
    u8::try_from(code).ok().and_then(EntityType::from_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_hold_exactly_their_token() {
        let buf = b"a ab liver abcdefghijklmn abcdefghijklmno zz";
        let toks: Vec<(usize, usize)> = [(0, 1), (2, 4), (5, 10), (11, 25), (42, 44)].into();
        for &(s, e) in &toks {
            let mut slot = [0u8; TOKEN_SLOT];
            slot[SLOT_LEN] = (e - s) as u8;
            slot[TOKEN_BYTES..TOKEN_BYTES + e - s].copy_from_slice(&buf[s..e]);
            for &(s2, e2) in &toks {
                let words = token_words(buf, s2, e2);
                assert_eq!(slot_holds(&slot, e2 - s2, words), (s, e) == (s2, e2));
            }
            // The same token at the very end of a buffer.
            let end = &buf[s..e];
            assert!(slot_holds(&slot, e - s, token_words(end, 0, end.len())));
        }
    }

    #[test]
    fn token_hash_from_words_is_the_token_hash() {
        let buf: Vec<u8> = (0..40u8).map(|i| i.wrapping_mul(37) ^ 0x5a).collect();
        for start in 0..20 {
            for end in start + 1..=(start + 16).min(buf.len()) {
                let words = token_words(&buf, start, end);
                assert_eq!(words, token_words(&buf[start..end], 0, end - start));
                assert_eq!(
                    token_hash_words(end - start, words),
                    token_hash(&buf[start..end]),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn token_hash_in_a_buffer_is_the_token_hash() {
        let buf: Vec<u8> = (0..64u8).map(|i| i.wrapping_mul(37) ^ 0x5a).collect();
        for start in 0..24 {
            for end in start..buf.len() {
                assert_eq!(
                    token_hash_in(&buf, start, end),
                    token_hash(&buf[start..end]),
                    "{start}..{end}"
                );
            }
        }
    }
}
