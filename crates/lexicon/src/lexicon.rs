//! Loading and checking compiled lexicons, and reading their records.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use briefing_model::EntityType;

use crate::error::{Error, Result};
use crate::format::{
    self, ENTRY_LEN, HEADER_LEN, MAGIC, NO_STRING, NSECTIONS, POSTING_LEN, u32_at, u64_at,
};
use crate::{NORMALIZATION_VERSION, NameFlags};

enum Backing {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl Backing {
    fn bytes(&self) -> &[u8] {
        match self {
            Backing::Mapped(m) => m,
            Backing::Owned(v) => v,
        }
    }
}

struct Inner {
    data: Backing,
    path: PathBuf,
    sections: [Range<usize>; NSECTIONS],
    meta: String,
    nkeys: usize,
    nentries: usize,
    nstrings: usize,
}

/// A compiled lexicon: the names of concepts of the six entity types with
/// their identifiers, and the automaton that finds them in text.
///
/// Cheap to clone (shared), `Send` and `Sync`. See the crate documentation
/// for matching.
#[derive(Clone)]
pub struct Lexicon {
    inner: Arc<Inner>,
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lexicon")
            .field("path", &self.inner.path)
            .field("entries", &self.inner.nentries)
            .field("keys", &self.inner.nkeys)
            .finish()
    }
}

/// A concept of the lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'l> {
    /// The entry's number in this lexicon.
    pub index: u32,
    pub kind: EntityType,
    /// The preferred name.
    pub name: &'l str,
    ids: &'l str,
}

impl<'l> Entry<'l> {
    /// The identifiers (CURIEs), the primary one first.
    pub fn ids(&self) -> impl Iterator<Item = &'l str> + 'l {
        self.ids.split('|').filter(|s| !s.is_empty())
    }

    /// The primary identifier.
    pub fn id(&self) -> &'l str {
        self.ids.split('|').next().unwrap_or("")
    }
}

/// A raw posting: which entry a key leads to, through which name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Posting {
    pub entry: u32,
    pub surface: u32,
    pub flags: NameFlags,
    pub kind: EntityType,
    /// The name is case-sensitive, ASCII, without a lower-case letter
    /// ([`format::CASE_UPPER`]).
    pub upper: bool,
}

/// Summary of a lexicon, for `briefing lexicon info`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    pub path: PathBuf,
    pub file_bytes: usize,
    pub format_version: u32,
    pub normalization_version: u32,
    pub entries: usize,
    pub keys: usize,
    pub postings: usize,
    pub trie_bytes: usize,
    /// The `key=value` metadata lines written by the compiler.
    pub meta: Vec<(String, String)>,
}

impl Lexicon {
    /// Opens a compiled lexicon file, memory-mapped, after checking it.
    pub fn open_compiled(path: impl AsRef<Path>) -> Result<Lexicon> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
        if len < HEADER_LEN as u64 {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            return Lexicon::from_backing(Backing::Owned(bytes), path);
        }
        #[allow(unsafe_code)]
        // SAFETY: the map is read-only, and compiled lexicons are only ever
        // written to a temporary file that is then renamed into place, never
        // modified in place; the bytes are fully checked (checksum and every
        // cross-reference) before any use.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::io(path, e))?;
        Lexicon::from_backing(Backing::Mapped(map), path)
    }

    /// Reads a lexicon from the bytes of a compiled file.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Lexicon> {
        Lexicon::from_backing(Backing::Owned(bytes), Path::new("<memory>"))
    }

    fn from_backing(data: Backing, path: &Path) -> Result<Lexicon> {
        let (sections, meta, nkeys, nentries, nstrings) = check(data.bytes(), path)?;
        Ok(Lexicon {
            inner: Arc::new(Inner {
                data,
                path: path.to_path_buf(),
                sections,
                meta,
                nkeys,
                nentries,
                nstrings,
            }),
        })
    }

    #[inline]
    pub(crate) fn section(&self, i: usize) -> &[u8] {
        let r = &self.inner.sections[i];
        self.inner.data.bytes().get(r.clone()).unwrap_or(&[])
    }

    /// The byte range of section `i` in the file.
    #[cfg(test)]
    pub(crate) fn section_range(&self, i: usize) -> Range<usize> {
        self.inner.sections[i].clone()
    }

    /// Where the lexicon was loaded from (`<memory>` for bytes).
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Number of concepts.
    pub fn len(&self) -> usize {
        self.inner.nentries
    }

    pub fn is_empty(&self) -> bool {
        self.inner.nentries == 0
    }

    /// Size and contents.
    pub fn info(&self) -> Info {
        Info {
            path: self.inner.path.clone(),
            file_bytes: self.inner.data.bytes().len(),
            format_version: format::FORMAT_VERSION,
            normalization_version: NORMALIZATION_VERSION,
            entries: self.inner.nentries,
            keys: self.inner.nkeys,
            postings: self.section(format::SEC_POSTINGS).len() / POSTING_LEN,
            trie_bytes: self.section(format::SEC_TRIE).len(),
            meta: self
                .inner
                .meta
                .lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// The string number `i` (empty if out of range).
    pub(crate) fn string(&self, i: u32) -> &str {
        std::str::from_utf8(self.string_bytes(i)).unwrap_or("")
    }

    /// The bytes of string number `i` (empty if out of range).
    #[inline]
    pub(crate) fn string_bytes(&self, i: u32) -> &[u8] {
        let off = self.section(format::SEC_STROFF);
        let i = i as usize;
        if i >= self.inner.nstrings {
            return &[];
        }
        let a = u32_at(off, i * 4) as usize;
        let b = u32_at(off, i * 4 + 4) as usize;
        self.section(format::SEC_STRBLOB).get(a..b).unwrap_or(&[])
    }

    /// The entry number `index`, if there is one.
    pub fn entry(&self, index: u32) -> Option<Entry<'_>> {
        let e = self.section(format::SEC_ENTRIES);
        let at = index as usize * ENTRY_LEN;
        if at + ENTRY_LEN > e.len() {
            return None;
        }
        Some(Entry {
            index,
            kind: format::type_from_code(u32_at(e, at)).unwrap_or(EntityType::Other),
            ids: self.string(u32_at(e, at + 4)),
            name: self.string(u32_at(e, at + 8)),
        })
    }

    /// All entries, in their order in the file (by type, then identifiers).
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> + '_ {
        (0..self.inner.nentries as u32).filter_map(|i| self.entry(i))
    }

    /// Where the postings of key number `key` are: `a..b` for
    /// [`Lexicon::postings_in`] (empty for a key out of range).
    #[inline]
    pub(crate) fn posting_range(&self, key: u32) -> (u32, u32) {
        let kp = self.section(format::SEC_KEYPOST);
        let k = key as usize;
        if k < self.inner.nkeys {
            (u32_at(kp, k * 4), u32_at(kp, k * 4 + 4))
        } else {
            (0, 0)
        }
    }

    /// The bytes from where key `key`'s postings range is stored (for a
    /// prefetch; empty past the last key).
    #[inline]
    pub(crate) fn posting_range_bytes(&self, key: u32) -> &[u8] {
        let kp = self.section(format::SEC_KEYPOST);
        kp.get(key as usize * 4..).unwrap_or(&[])
    }

    /// The bytes from posting `i` on (for a prefetch).
    #[inline]
    pub(crate) fn posting_bytes(&self, i: u32) -> &[u8] {
        let p = self.section(format::SEC_POSTINGS);
        p.get(i as usize * POSTING_LEN..).unwrap_or(&[])
    }

    /// The postings `a..b` (a [`Lexicon::posting_range`]).
    #[inline]
    pub(crate) fn postings_in(&self, (a, b): (u32, u32)) -> impl Iterator<Item = Posting> + '_ {
        let p = self.section(format::SEC_POSTINGS);
        (a as usize..b as usize).map(move |i| {
            let at = i * POSTING_LEN;
            let word = u32_at(p, at + 8);
            Posting {
                entry: u32_at(p, at),
                surface: u32_at(p, at + 4),
                flags: NameFlags::from_bits(word & 0xFFFF),
                kind: format::type_from_code(word >> format::TYPE_SHIFT & 0xF)
                    .unwrap_or(EntityType::Other),
                upper: word & format::CASE_UPPER != 0,
            }
        })
    }

    /// The Bloom filter of the keys' first tokens.
    #[inline]
    pub(crate) fn first_token_filter(&self) -> format::Bloom<'_> {
        let f = self.section(format::SEC_FIRSTTOK);
        format::Bloom::new(u32_at(f, 0), f.get(4..).unwrap_or(&[]))
    }

    /// The Bloom filter of the keys' first two tokens.
    #[inline]
    pub(crate) fn bigram_filter(&self) -> format::Bloom<'_> {
        let f = self.section(format::SEC_BIGRAMS);
        format::Bloom::new(u32_at(f, 0), f.get(4..).unwrap_or(&[]))
    }

    /// The token table's slots and their mask (see `format.rs`).
    #[inline]
    pub(crate) fn token_table(&self) -> (&[u8], usize) {
        let t = self.section(format::SEC_TOKENS);
        let log2 = u32_at(t, 0);
        (
            t.get(format::TOKEN_HEADER..).unwrap_or(&[]),
            (1usize << log2) - 1,
        )
    }

    /// Where the second (postings to check), third (upper-case only) and
    /// fourth (stop-listed) runs of key numbers start (see `format.rs`).
    #[inline]
    pub(crate) fn key_runs(&self) -> (u32, u32, u32) {
        let t = self.section(format::SEC_TOKENS);
        (
            u32_at(t, format::KEY_CHECK_FROM),
            u32_at(t, format::KEY_UPPER_FROM),
            u32_at(t, format::KEY_STOP_FROM),
        )
    }

    /// The bytes of the name a posting was indexed from, reading only that
    /// string.
    pub(crate) fn surface_bytes_of(&self, p: &Posting) -> &[u8] {
        if p.surface != NO_STRING {
            return self.string_bytes(p.surface);
        }
        let e = self.section(format::SEC_ENTRIES);
        self.string_bytes(u32_at(e, p.entry as usize * ENTRY_LEN + 8))
    }

    /// The name a posting was indexed from.
    pub(crate) fn surface<'a>(&'a self, p: &Posting, entry: &Entry<'a>) -> &'a str {
        if p.surface == NO_STRING {
            entry.name
        } else {
            self.string(p.surface)
        }
    }
}

type Checked = ([Range<usize>; NSECTIONS], String, usize, usize, usize);

/// Checks every byte of a compiled lexicon that a reader relies on.
fn check(bytes: &[u8], path: &Path) -> Result<Checked> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(Error::NotALexicon {
            path: path.to_path_buf(),
        });
    }
    let corrupt = |m: String| Error::corrupt(path, m);
    if bytes.len() < HEADER_LEN {
        return Err(corrupt(format!("truncated header ({} bytes)", bytes.len())));
    }
    let version = u32_at(bytes, 8);
    if version != format::FORMAT_VERSION {
        return Err(Error::Version {
            path: path.to_path_buf(),
            what: "format",
            found: version,
            expected: format::FORMAT_VERSION,
        });
    }
    let norm = u32_at(bytes, 12);
    if norm != NORMALIZATION_VERSION {
        return Err(Error::Version {
            path: path.to_path_buf(),
            what: "normalization",
            found: norm,
            expected: NORMALIZATION_VERSION,
        });
    }
    let declared = u64_at(bytes, 16);
    if declared != bytes.len() as u64 {
        return Err(corrupt(format!(
            "file is {} bytes, header says {declared} (truncated?)",
            bytes.len()
        )));
    }
    let stored = u32_at(bytes, 24);
    let actual = format::checksum(bytes);
    if stored != actual {
        return Err(corrupt(format!(
            "checksum mismatch (stored {stored:08x}, computed {actual:08x})"
        )));
    }
    if u32_at(bytes, 28) as usize != NSECTIONS {
        return Err(corrupt(format!(
            "{} sections, expected {NSECTIONS}",
            u32_at(bytes, 28)
        )));
    }
    let mut sections: [Range<usize>; NSECTIONS] = Default::default();
    for (i, s) in sections.iter_mut().enumerate() {
        let off = u64_at(bytes, 32 + i * 16);
        let len = u64_at(bytes, 40 + i * 16);
        let end = off.saturating_add(len);
        if off < HEADER_LEN as u64 || end > bytes.len() as u64 {
            return Err(corrupt(format!("section {i} out of bounds")));
        }
        *s = off as usize..end as usize;
    }
    let sec = |i: usize| &bytes[sections[i].clone()];

    let meta = std::str::from_utf8(sec(format::SEC_META))
        .map_err(|_| corrupt("metadata is not UTF-8".into()))?
        .to_string();

    let stroff = sec(format::SEC_STROFF);
    let blob = sec(format::SEC_STRBLOB);
    if stroff.len() % 4 != 0 || stroff.len() < 4 {
        return Err(corrupt("bad string offsets".into()));
    }
    let nstrings = stroff.len() / 4 - 1;
    let blob_str =
        std::str::from_utf8(blob).map_err(|_| corrupt("string table is not UTF-8".into()))?;
    let mut prev = 0usize;
    for i in 0..=nstrings {
        let o = u32_at(stroff, i * 4) as usize;
        if o < prev || o > blob.len() || !blob_str.is_char_boundary(o) || (i == 0 && o != 0) {
            return Err(corrupt(format!("bad string offset {i}")));
        }
        prev = o;
    }
    if prev != blob.len() {
        return Err(corrupt("string table length mismatch".into()));
    }

    let entries = sec(format::SEC_ENTRIES);
    if entries.len() % ENTRY_LEN != 0 {
        return Err(corrupt("bad entry table length".into()));
    }
    let nentries = entries.len() / ENTRY_LEN;
    for i in 0..nentries {
        let at = i * ENTRY_LEN;
        if format::type_from_code(u32_at(entries, at)).is_none()
            || u32_at(entries, at + 4) as usize >= nstrings
            || u32_at(entries, at + 8) as usize >= nstrings
        {
            return Err(corrupt(format!("bad entry {i}")));
        }
    }

    let postings = sec(format::SEC_POSTINGS);
    if postings.len() % POSTING_LEN != 0 {
        return Err(corrupt("bad posting table length".into()));
    }
    let npostings = postings.len() / POSTING_LEN;
    for i in 0..npostings {
        let at = i * POSTING_LEN;
        let surface = u32_at(postings, at + 4);
        if u32_at(postings, at) as usize >= nentries
            || (surface != NO_STRING && surface as usize >= nstrings)
        {
            return Err(corrupt(format!("bad posting {i}")));
        }
    }

    let keypost = sec(format::SEC_KEYPOST);
    if keypost.len() % 4 != 0 || keypost.len() < 8 {
        return Err(corrupt("bad key table".into()));
    }
    let nkeys = keypost.len() / 4 - 1;
    let mut prev = 0usize;
    for i in 0..=nkeys {
        let o = u32_at(keypost, i * 4) as usize;
        if o < prev || o > npostings || (i == 0 && o != 0) {
            return Err(corrupt(format!("bad key offset {i}")));
        }
        prev = o;
    }
    if prev != npostings {
        return Err(corrupt("key table length mismatch".into()));
    }

    for (i, what) in [
        (format::SEC_FIRSTTOK, "first-token filter"),
        (format::SEC_BIGRAMS, "bigram filter"),
    ] {
        let filter = sec(i);
        let log2 = u32_at(filter, 0);
        if !(format::BLOOM_MIN_LOG2..=40).contains(&log2)
            || filter.len() != 4 + (1usize << log2) / 8
        {
            return Err(corrupt(format!("bad {what}")));
        }
    }

    let tokens = sec(format::SEC_TOKENS);
    let log2 = u32_at(tokens, 0);
    if !(4..=40).contains(&log2)
        || tokens.len() != format::TOKEN_HEADER + (1usize << log2) * format::TOKEN_SLOT
    {
        return Err(corrupt("bad token table".into()));
    }
    let (check_from, upper_from, stop_from) = (
        u32_at(tokens, format::KEY_CHECK_FROM) as usize,
        u32_at(tokens, format::KEY_UPPER_FROM) as usize,
        u32_at(tokens, format::KEY_STOP_FROM) as usize,
    );
    if check_from > upper_from || upper_from > stop_from || stop_from > nkeys {
        return Err(corrupt("bad key runs".into()));
    }

    // The trie is read with bounds-checked loads only (an out-of-range unit
    // reads as empty), so its shape is all that needs checking.
    let trie = sec(format::SEC_TRIE);
    if trie.is_empty() || trie.len() % 1024 != 0 {
        return Err(corrupt("bad trie length".into()));
    }
    Ok((sections, meta, nkeys, nentries, nstrings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Compiler, Concept};

    fn small() -> Vec<u8> {
        let mut c = Compiler::new();
        c.add(Concept {
            kind: EntityType::Gene,
            ids: vec!["NCBIGene:3082".into()],
            name: "HGF".into(),
            synonyms: vec!["hepatocyte growth factor".into()],
            previous: vec![],
        });
        c.compile("test").unwrap()
    }

    #[test]
    fn refuses_damaged_files() {
        let good = small();
        assert!(Lexicon::from_bytes(good.clone()).is_ok());

        let mut flipped = good.clone();
        let last = flipped.len() - 9;
        flipped[last] ^= 0x40;
        let err = Lexicon::from_bytes(flipped).unwrap_err().to_string();
        assert!(err.contains("checksum mismatch"), "{err}");

        let truncated = good[..good.len() - 8].to_vec();
        let err = Lexicon::from_bytes(truncated).unwrap_err().to_string();
        assert!(err.contains("truncated"), "{err}");

        let mut version = good.clone();
        version[8] = 99;
        let err = Lexicon::from_bytes(version).unwrap_err().to_string();
        assert!(err.contains("format version 99"), "{err}");

        let err = Lexicon::from_bytes(b"id\tname\n".to_vec())
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a compiled briefing lexicon"), "{err}");

        let err = Lexicon::from_bytes(good[..20].to_vec())
            .unwrap_err()
            .to_string();
        assert!(err.contains("truncated header"), "{err}");
    }

    #[test]
    fn reads_entries_back() {
        let lex = Lexicon::from_bytes(small()).unwrap();
        assert_eq!(lex.len(), 1);
        let e = lex.entry(0).unwrap();
        assert_eq!(
            (e.kind, e.id(), e.name),
            (EntityType::Gene, "NCBIGene:3082", "HGF")
        );
        assert!(lex.entry(1).is_none());
        let info = lex.info();
        assert_eq!(info.entries, 1);
        assert!(info.meta.iter().any(|(k, v)| k == "name" && v == "test"));
    }
}
