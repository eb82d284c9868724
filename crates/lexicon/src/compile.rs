//! Compiling concepts into the binary lexicon format.

use std::collections::{BTreeMap, HashMap};

use briefing_model::EntityType;

use crate::error::{Error, Result};
use crate::format::{self, HEADER_LEN, MAGIC, NO_STRING, NSECTIONS, SECTION_ALIGN};
use crate::normalize::{self, VariantKind, VariantRules};
use crate::stoplist::StopList;
use crate::{NORMALIZATION_VERSION, NameFlags};

/// One concept of a lexicon: a type, its identifiers, a preferred name and
/// other names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Concept {
    pub kind: EntityType,
    /// CURIEs, the primary one first: `NCBIGene:3082`, `MESH:D008107`.
    pub ids: Vec<String>,
    /// The preferred name (also matched).
    pub name: String,
    /// Synonyms, aliases, symbols, entry terms.
    pub synonyms: Vec<String>,
    /// Previous symbols and obsolete names: matched, flagged
    /// [`NameFlags::PREVIOUS`].
    pub previous: Vec<String>,
}

/// Longest normalized key indexed; longer names never occur in running text.
pub(crate) const MAX_KEY_LEN: usize = 64;

/// Builds a compiled lexicon from [`Concept`]s.
///
/// ```
/// use briefing_lexicon::{Compiler, Concept, Lexicon};
/// use briefing_model::EntityType;
///
/// let mut c = Compiler::new();
/// c.add(Concept {
///     kind: EntityType::CellType,
///     ids: vec!["CL:0000182".into()],
///     name: "hepatocyte".into(),
///     ..Concept::default()
/// });
/// let lexicon = Lexicon::from_bytes(c.compile("example")?)?;
/// assert_eq!(lexicon.find("Hepatocytes divide.").len(), 1);
/// # Ok::<(), briefing_lexicon::Error>(())
/// ```
#[derive(Debug)]
pub struct Compiler {
    concepts: Vec<Concept>,
    stop: StopList,
}

impl Default for Compiler {
    fn default() -> Self {
        Compiler::new()
    }
}

impl Compiler {
    /// A compiler with the built-in stop list.
    pub fn new() -> Self {
        Compiler {
            concepts: Vec::new(),
            stop: StopList::builtin(),
        }
    }

    /// A compiler with the given stop list instead of the built-in one.
    pub fn with_stop_list(stop: StopList) -> Self {
        Compiler {
            concepts: Vec::new(),
            stop,
        }
    }

    pub fn add(&mut self, concept: Concept) {
        self.concepts.push(concept);
    }

    pub fn extend(&mut self, concepts: impl IntoIterator<Item = Concept>) {
        self.concepts.extend(concepts);
    }

    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// Compiles everything added so far into the bytes of a lexicon file.
    /// `name` is recorded in the file's metadata.
    pub fn compile(self, name: &str) -> Result<Vec<u8>> {
        compile(self.concepts, &self.stop, name)
    }
}

/// Whether a name must match with its case: any name of two characters or
/// fewer, and one-word symbols with a capital after the first letter
/// (`MET`, `LX-2`, `HepG2`, `MAP3K7`, `Th17`). Capitalized words (`Pain`,
/// `Mice`, `Treg`) and lower-case names match in any case.
pub(crate) fn is_case_sensitive(name: &str) -> bool {
    let fold = normalize::case_fold(name);
    let n = fold.chars().count();
    if n <= 2 {
        return true;
    }
    let inner_upper = fold.chars().skip(1).any(char::is_uppercase);
    let one_word = !name.trim().contains(char::is_whitespace);
    inner_upper && one_word && n <= 10
}

/// The bytes of a key up to its first separator.
fn first_token<'a>(k: &(u32, u32, Posting), arena: &'a [u8]) -> &'a [u8] {
    let key = &arena[k.0 as usize..(k.0 + k.1) as usize];
    let end = key
        .iter()
        .position(|&b| b == normalize::SOFT || b == normalize::HARD)
        .unwrap_or(key.len());
    &key[..end]
}

/// The Bloom filter of the keys' first tokens (at least 3 bits a token:
/// 256 KiB for the default lexicon). Small on purpose: with the pair
/// filter and the matcher's memo it fits a core's own 1 MiB cache, which
/// measured faster than the fewer false positives of 6 bits a token (a
/// false positive costs one token-table probe, and is then remembered
/// among the matcher's recent tokens).
fn first_token_filter(keys: &[(u32, u32, Posting)], arena: &[u8]) -> Vec<u8> {
    let mut firsts: Vec<u64> = keys
        .iter()
        .map(|k| format::token_hash(first_token(k, arena)))
        .collect();
    firsts.sort_unstable();
    firsts.dedup();
    bloom_filter(&firsts, 3)
}

/// A Bloom filter of hashes (`FIRSTTOK` layout), of at least `bits_each`
/// bits a hash and at least the smallest filter a reader takes.
fn bloom_filter(hashes: &[u64], bits_each: usize) -> Vec<u8> {
    let log2 = (hashes.len() * bits_each)
        .max(1 << format::BLOOM_MIN_LOG2)
        .next_power_of_two()
        .trailing_zeros();
    let mut bits = vec![0u8; (1usize << log2) / 8];
    for &h in hashes {
        let (a, b) = format::bloom_bits(h, log2);
        bits[a / 8] |= 1 << (a % 8);
        bits[b / 8] |= 1 << (b % 8);
    }
    let mut out = log2.to_le_bytes().to_vec();
    out.extend_from_slice(&bits);
    out
}

/// The Bloom filter of the first two tokens of the keys that have two or
/// more (`BIGRAMS`, at least 5 bits a pair: 512 KiB for the default
/// lexicon; a false positive costs a walk that finds nothing).
fn bigram_filter(keys: &[(u32, u32, Posting)], arena: &[u8]) -> Vec<u8> {
    let mut pairs: Vec<u64> = keys
        .iter()
        .filter_map(|k| {
            let key = &arena[k.0 as usize..(k.0 + k.1) as usize];
            let first = first_token(k, arena);
            let sep = *key.get(first.len())?;
            let rest = &key[first.len() + 1..];
            let second = rest
                .iter()
                .position(|&b| b == normalize::SOFT || b == normalize::HARD)
                .map_or(rest, |end| &rest[..end]);
            Some(format::bigram_hash(
                format::token_hash(first),
                sep,
                format::token_hash(second),
            ))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    bloom_filter(&pairs, 5)
}

/// The token table (`TOKENS`): every distinct first token of the keys that
/// fits a slot, with the trie unit after it, the key it forms alone, whether
/// keys continue after it, and where and with which bytes they continue.
fn token_table(
    keys: &[(u32, u32, Posting)],
    arena: &[u8],
    trie: &[u8],
    (check_from, upper_from, stop_from): (u32, u32, u32),
) -> Result<Vec<u8>> {
    use crate::trie;
    let mut firsts: Vec<&[u8]> = keys
        .iter()
        .map(|k| first_token(k, arena))
        .filter(|t| !t.is_empty() && t.len() <= format::TOKEN_INLINE)
        .collect();
    firsts.sort_unstable();
    firsts.dedup();
    let log2 = (firsts.len().max(16) * 3 / 2)
        .next_power_of_two()
        .trailing_zeros();
    let slots = 1usize << log2;
    let mut out = vec![0u8; format::TOKEN_HEADER + slots * format::TOKEN_SLOT];
    out[..4].copy_from_slice(&log2.to_le_bytes());
    out[format::KEY_UPPER_FROM..format::KEY_UPPER_FROM + 4]
        .copy_from_slice(&upper_from.to_le_bytes());
    out[format::KEY_STOP_FROM..format::KEY_STOP_FROM + 4].copy_from_slice(&stop_from.to_le_bytes());
    out[format::KEY_CHECK_FROM..format::KEY_CHECK_FROM + 4]
        .copy_from_slice(&check_from.to_le_bytes());
    let table = &mut out[format::TOKEN_HEADER..];
    for t in firsts {
        let node = trie::walk(trie, 0, t)
            .ok_or_else(|| Error::Build("token table: a first token is not in the trie".into()))?;
        let key = trie::leaf_value(trie, node).unwrap_or(u32::MAX);
        let soft = trie::child(trie, node, normalize::SOFT);
        let hard = trie::child(trie, node, normalize::HARD);
        let mut next = 0;
        if soft.is_some() {
            next |= format::NEXT_SOFT;
        }
        if hard.is_some() {
            next |= format::NEXT_HARD;
        }
        // The separator unit's children: their base and labels.
        let (base, mask) = match soft.or(hard) {
            Some(sep) => {
                let base = trie::children_base(trie, sep);
                let mask = (1..=u8::MAX)
                    .filter(|&c| trie::child(trie, sep, c).is_some())
                    .fold(0, |m, c| m | format::mask_bit(c));
                (base as u32, mask)
            }
            None => (0, 0),
        };
        let mut i = format::token_hash(t) as usize & (slots - 1);
        while format::u32_at(table, i * format::TOKEN_SLOT) != 0 {
            i = (i + 1) & (slots - 1);
        }
        let slot = &mut table[i * format::TOKEN_SLOT..(i + 1) * format::TOKEN_SLOT];
        slot[..4].copy_from_slice(&(node as u32).to_le_bytes());
        slot[4..8].copy_from_slice(&key.to_le_bytes());
        slot[format::SLOT_BASE..format::SLOT_BASE + 4].copy_from_slice(&base.to_le_bytes());
        slot[format::SLOT_MASK..format::SLOT_MASK + 4].copy_from_slice(&mask.to_le_bytes());
        slot[format::SLOT_NEXT] = next;
        slot[format::SLOT_LEN] = t.len() as u8;
        slot[format::TOKEN_BYTES..format::TOKEN_BYTES + t.len()].copy_from_slice(t);
    }
    Ok(out)
}

struct Strings {
    index: HashMap<String, u32>,
    offsets: Vec<u32>,
    blob: Vec<u8>,
}

impl Strings {
    fn new() -> Self {
        Strings {
            index: HashMap::new(),
            offsets: vec![0],
            blob: Vec::new(),
        }
    }

    /// The bytes of string number `i` (empty if there is none).
    fn get(&self, i: u32) -> &[u8] {
        let i = i as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.blob[a as usize..b as usize],
            _ => &[],
        }
    }

    fn add(&mut self, s: &str) -> Result<u32> {
        if let Some(&i) = self.index.get(s) {
            return Ok(i);
        }
        let i = (self.offsets.len() - 1) as u32;
        self.blob.extend_from_slice(s.as_bytes());
        let end = u32::try_from(self.blob.len())
            .map_err(|_| Error::Build("string table exceeds 4 GiB".into()))?;
        self.offsets.push(end);
        self.index.insert(s.to_string(), i);
        Ok(i)
    }
}

/// Numbers the keys by what they need to match with the default options,
/// in four runs, each in key order: first keys with a posting that is
/// neither stop-listed nor case-sensitive (they match whatever the text's
/// case), then other keys with a posting that may match, then keys whose
/// every posting is stop-listed or case-sensitive with an upper-case letter
/// (so a lower-case text span never matches them), then keys whose every
/// posting is stop-listed. Renumbers `keyset` and returns the key table and
/// postings in the new order, and where the second, third and fourth runs
/// start.
fn number_by_class<'a>(
    keyset: &mut [(&[u8], u32)],
    keypost: &[u32],
    postings: &[Posting],
    surface: impl Fn(&Posting) -> &'a [u8],
) -> (Vec<u32>, Vec<Posting>, (u32, u32, u32)) {
    let stop = NameFlags::STOP.bits();
    let case = NameFlags::CASE_SENSITIVE.bits();
    let mut fold = Vec::new();
    let mut class_of = |ps: &[Posting]| -> u8 {
        if ps.iter().any(|p| p.flags & (stop | case) == 0) {
            return 0;
        }
        if ps.iter().all(|p| p.flags & stop != 0) {
            return 3;
        }
        let upper_only = ps.iter().all(|p| {
            p.flags & stop != 0
                || p.flags & case != 0 && {
                    normalize::case_fold_bytes_into(surface(p), &mut fold);
                    fold.iter().any(u8::is_ascii_uppercase)
                }
        });
        1 + u8::from(upper_only)
    };
    let classes: Vec<u8> = keypost
        .windows(2)
        .map(|w| class_of(&postings[w[0] as usize..w[1] as usize]))
        .collect();
    let mut order: Vec<usize> = (0..classes.len()).collect();
    order.sort_by_key(|&k| classes[k]); // stable: key order within a class
    let mut number = vec![0u32; classes.len()];
    let mut new_keypost = Vec::with_capacity(keypost.len());
    let mut new_postings = Vec::with_capacity(postings.len());
    for (n, &k) in order.iter().enumerate() {
        number[k] = n as u32;
        new_keypost.push(new_postings.len() as u32);
        new_postings.extend_from_slice(&postings[keypost[k] as usize..keypost[k + 1] as usize]);
    }
    new_keypost.push(new_postings.len() as u32);
    for (_, value) in keyset.iter_mut() {
        *value = number[*value as usize];
    }
    let from = |c: u8| classes.iter().filter(|&&x| x < c).count() as u32;
    (new_keypost, new_postings, (from(1), from(2), from(3)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Posting {
    entry: u32,
    surface: u32,
    flags: u32,
}

fn compile(mut concepts: Vec<Concept>, stop: &StopList, name: &str) -> Result<Vec<u8>> {
    // Deterministic order whatever the input order.
    for c in &mut concepts {
        c.ids.dedup();
    }
    concepts.sort_by(|a, b| (a.kind, &a.ids, &a.name).cmp(&(b.kind, &b.ids, &b.name)));
    concepts.dedup_by(|b, a| {
        a.kind == b.kind && a.ids == b.ids && {
            // Same concept listed twice: merge names into the first.
            let mut names = std::mem::take(&mut b.synonyms);
            names.push(std::mem::take(&mut b.name));
            a.synonyms.extend(names);
            a.previous.extend(std::mem::take(&mut b.previous));
            true
        }
    });

    let mut strings = Strings::new();
    let mut entries: Vec<[u32; 3]> = Vec::with_capacity(concepts.len());
    // Keys in one arena; postings beside them.
    let mut key_arena: Vec<u8> = Vec::new();
    let mut keys: Vec<(u32, u32, Posting)> = Vec::new();
    let mut counts: BTreeMap<EntityType, (usize, usize)> = BTreeMap::new();

    for concept in &concepts {
        if concept.ids.is_empty() || concept.name.trim().is_empty() {
            continue;
        }
        let entry = u32::try_from(entries.len())
            .map_err(|_| Error::Build("more than 2^32 entries".into()))?;
        let ids = strings.add(&concept.ids.join("|"))?;
        let pref = strings.add(concept.name.trim())?;
        entries.push([format::type_code(concept.kind), ids, pref]);
        let count = counts.entry(concept.kind).or_default();
        count.0 += 1;

        let mut seen: Vec<&str> = Vec::new();
        let names = std::iter::once((concept.name.as_str(), NameFlags::PREFERRED))
            .chain(
                concept
                    .synonyms
                    .iter()
                    .map(|s| (s.as_str(), NameFlags::empty())),
            )
            .chain(
                concept
                    .previous
                    .iter()
                    .map(|s| (s.as_str(), NameFlags::PREVIOUS)),
            );
        for (surface, base_flags) in names {
            let surface = surface.trim();
            if surface.is_empty() || seen.contains(&surface) {
                continue;
            }
            seen.push(surface);
            let fold = normalize::case_fold(surface);
            if fold.chars().count() < 2 {
                continue; // single letters match everything
            }
            let case = is_case_sensitive(surface);
            let mut flags = base_flags;
            if case {
                flags |= NameFlags::CASE_SENSITIVE;
            }
            let case_upper =
                if case && surface.is_ascii() && !surface.bytes().any(|b| b.is_ascii_lowercase()) {
                    format::CASE_UPPER
                } else {
                    0
                };
            let plurals = match concept.kind {
                EntityType::CellLine => false,
                // Binomials and genus names have no plural; common names do.
                EntityType::Species => !surface.chars().any(char::is_uppercase),
                _ => true,
            };
            let variants = normalize::name_variants(
                surface,
                VariantRules {
                    plurals,
                    symbol: case,
                },
            );
            let Some((exact, _)) = variants.first() else {
                continue;
            };
            if stop.contains(exact, concept.kind) {
                flags |= NameFlags::STOP;
            }
            let surface_id = if surface == concept.name.trim() {
                NO_STRING
            } else {
                strings.add(surface)?
            };
            count.1 += 1;
            for (key, kind) in &variants {
                if key.len() > MAX_KEY_LEN {
                    continue;
                }
                let f = NameFlags::from_bits(
                    format::type_code(concept.kind) << format::TYPE_SHIFT | case_upper,
                ) | flags
                    | match kind {
                        VariantKind::Exact => NameFlags::empty(),
                        VariantKind::Spelling => NameFlags::SPELLING,
                        VariantKind::Plural => NameFlags::PLURAL,
                    };
                let start = key_arena.len() as u32;
                key_arena.extend_from_slice(key.as_bytes());
                keys.push((
                    start,
                    key.len() as u32,
                    Posting {
                        entry,
                        surface: surface_id,
                        flags: f.bits(),
                    },
                ));
            }
        }
    }
    if keys.is_empty() {
        return Err(Error::Build("no names to index".into()));
    }

    let timing = std::env::var_os("BRIEFING_LEXICON_TIMING").is_some();
    let t0 = std::time::Instant::now();
    let key_of = |k: &(u32, u32, Posting)| &key_arena[k.0 as usize..(k.0 + k.1) as usize];
    keys.sort_unstable_by(|a, b| key_of(a).cmp(key_of(b)).then(a.2.cmp(&b.2)));

    let mut keyset: Vec<(&[u8], u32)> = Vec::new();
    let mut keypost: Vec<u32> = Vec::new();
    let mut postings: Vec<Posting> = Vec::with_capacity(keys.len());
    for k in &keys {
        let key = key_of(k);
        let new_key = keyset.last().is_none_or(|(last, _)| *last != key);
        if new_key {
            keypost.push(postings.len() as u32);
            keyset.push((key, (keyset.len()) as u32));
        } else if let Some(last) = postings.last_mut()
            && last.entry == k.2.entry
            && last.surface == k.2.surface
        {
            // Same name reached twice (e.g. exact and spelling): keep the
            // more direct reading.
            last.flags &= k.2.flags | !(NameFlags::SPELLING | NameFlags::PLURAL).bits();
            continue;
        }
        postings.push(k.2);
    }
    keypost.push(postings.len() as u32);
    let nkeys = keyset.len();
    if nkeys >= (1 << 31) {
        return Err(Error::Build("too many keys".into()));
    }
    let (keypost, postings, classes) = number_by_class(&mut keyset, &keypost, &postings, |p| {
        let s = if p.surface == NO_STRING {
            entries.get(p.entry as usize).map_or(NO_STRING, |e| e[2])
        } else {
            p.surface
        };
        strings.get(s)
    });
    if timing {
        eprintln!(
            "keys: {} keys, {} postings, {:?}",
            keyset.len(),
            postings.len(),
            t0.elapsed()
        );
    }
    let trie = crate::trie::build(&keyset)?;
    drop(keyset);
    let tokens = token_table(&keys, &key_arena, &trie, classes)?;
    if timing {
        eprintln!("trie: {} bytes, {:?}", trie.len(), t0.elapsed());
    }

    let mut meta = String::new();
    meta.push_str(&format!("name={}\n", name.replace('\n', " ")));
    meta.push_str(&format!(
        "builder=briefing-lexicon {}\n",
        env!("CARGO_PKG_VERSION")
    ));
    meta.push_str(&format!(
        "entries={}\nkeys={}\npostings={}\n",
        entries.len(),
        nkeys,
        postings.len()
    ));
    for (kind, (n, names)) in &counts {
        meta.push_str(&format!("type.{kind}={n} entries, {names} names\n"));
    }

    let mut sections: Vec<Vec<u8>> = vec![Vec::new(); NSECTIONS];
    sections[format::SEC_META] = meta.into_bytes();
    sections[format::SEC_TRIE] = trie;
    sections[format::SEC_KEYPOST] = keypost.iter().flat_map(|v| v.to_le_bytes()).collect();
    sections[format::SEC_POSTINGS] = postings
        .iter()
        .flat_map(|p| [p.entry, p.surface, p.flags])
        .flat_map(u32::to_le_bytes)
        .collect();
    sections[format::SEC_ENTRIES] = entries
        .iter()
        .flatten()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    sections[format::SEC_STROFF] = strings
        .offsets
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    sections[format::SEC_STRBLOB] = std::mem::take(&mut strings.blob);
    sections[format::SEC_FIRSTTOK] = first_token_filter(&keys, &key_arena);
    sections[format::SEC_TOKENS] = tokens;
    sections[format::SEC_BIGRAMS] = bigram_filter(&keys, &key_arena);

    // Sections start on 64-byte boundaries (cache lines: the token table's
    // slots never straddle two).
    let total: usize = sections
        .iter()
        .fold(HEADER_LEN, |at, s| {
            at.next_multiple_of(SECTION_ALIGN) + s.len()
        })
        .next_multiple_of(SECTION_ALIGN);
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&format::FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&NORMALIZATION_VERSION.to_le_bytes());
    out.extend_from_slice(&(total as u64).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // checksum, filled below
    out.extend_from_slice(&(NSECTIONS as u32).to_le_bytes());
    let mut offset = HEADER_LEN;
    for s in &sections {
        offset = offset.next_multiple_of(SECTION_ALIGN);
        out.extend_from_slice(&(offset as u64).to_le_bytes());
        out.extend_from_slice(&(s.len() as u64).to_le_bytes());
        offset += s.len();
    }
    for s in &sections {
        out.resize(out.len().next_multiple_of(SECTION_ALIGN), 0);
        out.extend_from_slice(s);
    }
    out.resize(total, 0);
    debug_assert_eq!(out.len(), total);
    let crc = format::checksum(&out);
    out[24..28].copy_from_slice(&crc.to_le_bytes());
    Ok(out)
}
