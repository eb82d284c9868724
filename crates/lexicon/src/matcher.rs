//! Finding lexicon names in text: leftmost-longest, on token boundaries.

use briefing_model::EntityType;

use crate::NameFlags;
use crate::lexicon::{Entry, Lexicon, Posting};
use crate::normalize::{self, HARD, NormText, SOFT};

/// Which matches to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchOptions {
    /// Apply per-name case rules: a name flagged
    /// [`NameFlags::CASE_SENSITIVE`] only matches text with the same case
    /// (`MET` but not `met`). Default: true.
    pub respect_case: bool,
    /// Report stop-listed names ([`NameFlags::STOP`]). Default: false.
    pub keep_stop: bool,
    /// Report matches through generated spellings and plurals. Default: true.
    pub variants: bool,
    /// The entity types to report. Default: all.
    pub types: TypeSet,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            respect_case: true,
            keep_stop: false,
            variants: true,
            types: TypeSet::ALL,
        }
    }
}

impl MatchOptions {
    /// Everything the lexicon holds: case ignored, stop-listed names kept.
    pub fn everything() -> Self {
        MatchOptions {
            respect_case: false,
            keep_stop: true,
            variants: true,
            types: TypeSet::ALL,
        }
    }
}

/// A set of entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TypeSet(u8);

impl TypeSet {
    pub const ALL: TypeSet = TypeSet(0x7f);
    pub const NONE: TypeSet = TypeSet(0);

    fn bit(kind: EntityType) -> u8 {
        1 << crate::format::type_code(kind)
    }

    pub fn with(self, kind: EntityType) -> TypeSet {
        TypeSet(self.0 | TypeSet::bit(kind))
    }

    pub fn contains(self, kind: EntityType) -> bool {
        self.0 & TypeSet::bit(kind) != 0
    }
}

impl FromIterator<EntityType> for TypeSet {
    fn from_iter<I: IntoIterator<Item = EntityType>>(iter: I) -> Self {
        iter.into_iter().fold(TypeSet::NONE, TypeSet::with)
    }
}

/// One reading of a match: a lexicon entry, reached through one of its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'l> {
    pub entry: Entry<'l>,
    /// The entry's name that matched, as written in the source.
    pub surface: &'l str,
    /// How it matched.
    pub flags: NameFlags,
}

/// A match: a span of the text, and every entry its name belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'l> {
    /// Byte offsets into the text (start of the first token, end of the last).
    pub start: usize,
    pub end: usize,
    /// The normalized name that matched.
    pub key: String,
    /// One hit per entry, in lexicon order (by type, then identifier).
    /// Several hits mean the name is ambiguous: the caller decides.
    pub hits: Vec<Hit<'l>>,
}

impl Match<'_> {
    /// More than one entry (several identifiers or several types).
    pub fn is_ambiguous(&self) -> bool {
        self.hits.len() > 1
    }

    /// The distinct types of the hits, in order.
    pub fn kinds(&self) -> Vec<EntityType> {
        let mut k: Vec<EntityType> = self.hits.iter().map(|h| h.entry.kind).collect();
        k.sort();
        k.dedup();
        k
    }
}

/// Texts longer than this are matched in pieces cut at line breaks; names
/// never span a cut. (Each piece is searched in windows, see `WINDOW`.)
const PIECE: usize = 1 << 18;

/// A reusable matcher: holds the scratch buffers, so matching many texts
/// allocates nothing but the matches.
#[derive(Debug)]
pub struct Matcher<'l> {
    lexicon: &'l Lexicon,
    options: MatchOptions,
    norm: NormText,
    /// Candidates: `(token, end in norm, key)`.
    found: Vec<(u32, u32, u32)>,
    /// Where each candidate of `found` has its postings.
    ranges: Vec<(u32, u32)>,
    /// Walks left for the end of a window (`(token, position in norm,
    /// base)`, see `walk_from`), and the candidates the walks found.
    starts: Vec<(u32, u32, u32)>,
    walked: Vec<(u32, u32, u32)>,
    accepted: Vec<Posting>,
    /// Case-kept letters of a candidate's text span and of a posting's name.
    span_fold: Vec<u8>,
    surface_fold: Vec<u8>,
    /// Slots of recently seen tokens (`MEMO_SHORT` of them until a long
    /// text comes).
    memo: Vec<Slot>,
    /// The keys `options` reject whatever the text.
    filter: KeyFilter,
    /// Bytes of text normalized and searched at a time (`WINDOW`).
    window: usize,
}

/// Which candidate keys the matcher drops from their number alone (the
/// lexicon numbers keys in runs by what they need, see `format.rs`), so
/// the common words that are stop-listed or upper-case symbols (`of`,
/// `was`, `disease`) cost no posting reads, and which it accepts from their
/// number alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct KeyFilter {
    /// Keys below this are accepted whatever the text: they have a posting
    /// that is neither stop-listed nor case-sensitive, and the options
    /// reject no posting for its type or for being a variant.
    sure_below: u32,
    /// Keys from here on are dropped unless the text span may have an
    /// upper-case letter.
    upper_from: u32,
    /// Keys from here on are dropped.
    drop_from: u32,
}

impl KeyFilter {
    /// Drops nothing but the "no key" number, and accepts nothing unread.
    const NONE: KeyFilter = KeyFilter {
        sure_below: 0,
        upper_from: u32::MAX,
        drop_from: u32::MAX,
    };

    fn new(lexicon: &Lexicon, options: &MatchOptions) -> KeyFilter {
        let (check_from, upper_from, stop_from) = lexicon.key_runs();
        let sure_below = if options.types == TypeSet::ALL && options.variants {
            check_from
        } else {
            0
        };
        match (options.keep_stop, options.respect_case) {
            (true, _) => KeyFilter {
                sure_below,
                ..KeyFilter::NONE
            },
            (false, false) => KeyFilter {
                sure_below,
                upper_from: stop_from,
                drop_from: stop_from,
            },
            (false, true) => KeyFilter {
                sure_below,
                upper_from,
                drop_from: stop_from,
            },
        }
    }

    /// Whether key `key` may match the text `span`.
    #[inline(always)]
    fn keeps(self, key: u32, span: impl FnOnce() -> bool) -> bool {
        key < self.upper_from || key < self.drop_from && span()
    }

    /// The same filter, accepting no key from its number: its postings
    /// are read whatever they hold.
    fn reading_every_posting(self) -> KeyFilter {
        KeyFilter {
            sure_below: 0,
            ..self
        }
    }

    /// Whether key `key` matches any text it was found in.
    #[inline(always)]
    fn sure(self, key: u32) -> bool {
        key < self.sure_below
    }
}

/// Whether a text span may hold an upper-case letter (any non-ASCII byte
/// may be one).
#[inline]
fn may_have_upper(span: &[u8]) -> bool {
    span.iter().any(|&b| b.is_ascii_uppercase() || b >= 0x80)
}

impl<'l> Matcher<'l> {
    pub fn new(lexicon: &'l Lexicon, options: MatchOptions) -> Self {
        Matcher {
            lexicon,
            options,
            norm: NormText::default(),
            found: Vec::new(),
            ranges: Vec::new(),
            starts: Vec::new(),
            walked: Vec::new(),
            accepted: Vec::new(),
            span_fold: Vec::new(),
            surface_fold: Vec::new(),
            memo: Vec::new(),
            filter: KeyFilter::new(lexicon, &options),
            window: WINDOW,
        }
    }

    /// All matches in `text`, in order.
    pub fn find(&mut self, text: &str) -> Vec<Match<'l>> {
        let mut out = Vec::new();
        self.for_each(text, |m| out.push(m));
        out
    }

    /// Counts matches without building them (a key that the options accept
    /// whatever its postings say is counted without reading them).
    pub fn count(&mut self, text: &str) -> usize {
        let mut n = 0;
        self.scan::<false>(text, |_, _, _, _, _| n += 1);
        n
    }

    /// Calls `f` with each match, in order.
    pub fn for_each(&mut self, text: &str, mut f: impl FnMut(Match<'l>)) {
        let lexicon = self.lexicon;
        self.scan::<true>(text, |start, end, key, accepted, _| {
            let mut hits: Vec<Hit<'l>> = Vec::with_capacity(accepted.len());
            for p in accepted {
                let Some(entry) = lexicon.entry(p.entry) else {
                    continue;
                };
                let hit = Hit {
                    entry,
                    surface: lexicon.surface(p, &entry),
                    flags: p.flags,
                };
                match hits.last_mut() {
                    Some(last) if last.entry.index == entry.index => {
                        if rank(p.flags) < rank(last.flags) {
                            *last = hit;
                        }
                    }
                    _ => hits.push(hit),
                }
            }
            f(Match {
                start,
                end,
                key: String::from_utf8_lossy(key).into_owned(),
                hits,
            });
        });
    }

    /// The core loop: normalizes each window of each piece of `text`, finds
    /// the keys starting at every token, and keeps the longest candidate
    /// with an accepted posting. Without `HITS`, a candidate that the key
    /// filter accepts from its number is emitted without its postings.
    fn scan<const HITS: bool>(
        &mut self,
        text: &str,
        mut emit: impl FnMut(usize, usize, &[u8], &[Posting], usize),
    ) {
        let lexicon = self.lexicon;
        // With hits, every candidate's postings are read: no key is
        // accepted from its number.
        let filter = if HITS {
            self.filter.reading_every_posting()
        } else {
            self.filter
        };
        let mut base = 0;
        let mut piece = 0; // where the current piece ends
        while base < text.len() {
            if base >= piece {
                piece = piece_end(text, base);
            }
            // The tokens of the window starting before `stop` are decided
            // here; the next window starts at the first token not taken.
            let stop = fill_window(&mut self.norm, text, base, piece, self.window);
            let norm = &self.norm.norm;
            let toks = &self.norm.tokens;
            let recent = if text.len() >= MEMO_MIN_TEXT {
                MEMO
            } else {
                MEMO_SHORT
            };
            if self.memo.len() < recent {
                self.memo = vec![Slot::EMPTY; recent];
            }
            walk_all(
                lexicon,
                filter,
                text.as_bytes(),
                norm,
                toks,
                &mut self.found,
                &mut self.starts,
                &mut self.walked,
                &mut self.memo,
            );
            let decided = self.found.partition_point(|&(t, ..)| (t as usize) < stop);
            self.found.truncate(decided);
            // Every candidate's postings range, before any is read (their
            // lines were asked for when the candidates were found), and a
            // request for the line of its first posting.
            self.ranges.clear();
            self.ranges.extend(self.found.iter().map(|&(_, _, key)| {
                if filter.sure(key) {
                    (0, 0)
                } else {
                    let range = lexicon.posting_range(key);
                    prefetch(lexicon.posting_bytes(range.0));
                    range
                }
            }));
            let mut at = 0; // next unread candidate
            let mut ti = 0;
            while ti < toks.len() {
                while at < self.found.len() && (self.found[at].0 as usize) < ti {
                    at += 1;
                }
                // Tokens without candidates are skipped at once.
                let Some(&(first, _, _)) = self.found.get(at) else {
                    break;
                };
                ti = ti.max(first as usize);
                let mut group_end = at;
                while group_end < self.found.len() && self.found[group_end].0 as usize == ti {
                    group_end += 1;
                }
                let s = toks[ti].norm_start as usize;
                let mut next = ti + 1;
                // Longest first; shorter names when the options reject it.
                for (&(_, e, key), &range) in self.found[at..group_end]
                    .iter()
                    .zip(&self.ranges[at..group_end])
                    .rev()
                {
                    let e = e as usize;
                    let mut tj = ti;
                    while tj + 1 < toks.len() && (toks[tj].norm_end as usize) < e {
                        tj += 1;
                    }
                    let (start, end) = (toks[ti].start, toks[tj].end);
                    if filter.sure(key) {
                        emit(start, end, &norm[s..e], &[], key as usize);
                        next = tj + 1;
                        break;
                    }
                    let span = &text[start..end];
                    self.accepted.clear();
                    let mut folds = Folds {
                        span,
                        span_done: false,
                        span_caps: None,
                        span_fold: &mut self.span_fold,
                        surface_fold: &mut self.surface_fold,
                    };
                    for p in lexicon.postings_in(range) {
                        if accept(&self.options, lexicon, &p, &mut folds) {
                            self.accepted.push(p);
                        }
                    }
                    if !self.accepted.is_empty() {
                        emit(start, end, &norm[s..e], &self.accepted, key as usize);
                        next = tj + 1;
                        break;
                    }
                }
                ti = next;
            }
            base = toks.get(ti.max(stop)).map_or(piece, |t| t.start);
        }
    }
}

/// Pieces are normalized and searched in windows of about this many bytes
/// of text: the normalized window and its tokens (about 140 KB for 32 KiB
/// of running text, against 1.1 MB for a piece) are then still in the
/// core's second-level cache when they are searched, and evict less of the
/// filters and recent tokens from it.
const WINDOW: usize = 1 << 15;

/// Normalizes the window of `text` starting at `from` (a token start, or
/// the start of a piece) into `norm`, and returns how many of its tokens
/// start in the window's first `window` bytes: those are decided with the
/// window, and the window goes on far enough past them that every key
/// starting at one of them ends in the window (a key has at most
/// `MAX_KEY_LEN` bytes, so half as many tokens; the window is cut after a
/// whitespace byte, which ends a token), so they have the same candidates
/// as in the whole piece. The last window of a piece decides all its
/// tokens.
fn fill_window(
    norm: &mut NormText,
    text: &str,
    from: usize,
    piece_end: usize,
    window: usize,
) -> usize {
    let until = from.saturating_add(window);
    let mut ahead = 512;
    loop {
        let end = if piece_end - from <= window.saturating_add(ahead) {
            piece_end
        } else {
            let look = from + window + ahead;
            text.as_bytes()[look..piece_end]
                .iter()
                .position(u8::is_ascii_whitespace)
                .map_or(piece_end, |i| look + i + 1)
        };
        norm.fill(&text[from..end], from);
        let toks = &norm.tokens;
        if end == piece_end {
            return toks.len();
        }
        let stop = toks.partition_point(|t| t.start < until);
        if toks.len() - stop > crate::compile::MAX_KEY_LEN / 2 {
            return stop;
        }
        ahead *= 4;
    }
}

/// Walkers advanced in lockstep: their memory loads are independent, so the
/// processor overlaps the cache misses of a large trie.
const WALKERS: usize = 8;

/// Tokens looked up in the token table together: their probes are issued
/// before any is compared, so their cache misses overlap.
const BATCH: usize = 32;

/// Finds, for every token that may start a name, every key that starts
/// there and ends on a token boundary: `(token, end, key)`, sorted (so by
/// token, then end: key numbers follow no order of length).
///
/// A token is first looked up whole in the token table (one probe, usually
/// one cache line), which gives the key it forms alone and the trie unit
/// after it; only keys continuing past it (and tokens too long for the
/// table) walk the trie byte by byte from there.
#[allow(clippy::too_many_arguments)]
fn walk_all(
    lexicon: &Lexicon,
    filter: KeyFilter,
    text: &[u8],
    norm: &[u8],
    toks: &[crate::normalize::Token],
    found: &mut Vec<(u32, u32, u32)>,
    starts: &mut Vec<(u32, u32, u32)>,
    walked: &mut Vec<(u32, u32, u32)>,
    memo: &mut [Slot],
) {
    use crate::format::{
        TOKEN_INLINE, TOKEN_SLOT, bigram_hash, slot_holds, token_hash_in, token_hash_words,
        token_words,
    };
    found.clear();
    starts.clear();
    walked.clear();
    let first = lexicon.first_token_filter();
    let pairs = lexicon.bigram_filter();
    let (table, mask) = lexicon.token_table();
    let slot_of = |i: usize| {
        table
            .get(i * TOKEN_SLOT..(i + 1) * TOKEN_SLOT)
            .unwrap_or(&[0; TOKEN_SLOT])
    };
    let da = lexicon.section(crate::format::SEC_TRIE);
    let root_base = crate::trie::children_base(da, 0);
    // Moves the continuations whose pair passes the bigram filter to the
    // front, returning how many (kept by advancing a count, not behind a
    // branch).
    let passing = |pending: &mut [(Cont, u64)]| {
        let mut walks = 0;
        for i in 0..pending.len() {
            let (c, pair) = pending[i];
            pending[walks] = (c, pair);
            walks += usize::from(pairs.has(pair));
        }
        walks
    };
    // Where the walk of a continuation starts.
    let walk_of = |c: &Cont| {
        let base = if c.from_node {
            crate::trie::children_base(da, c.base as usize) as u32
        } else {
            c.base
        };
        (c.tok, c.at, base)
    };
    // The recent tokens: a power of two of slots, at least one.
    let memo_mask = memo.len() - 1;
    debug_assert!(memo.len().is_power_of_two());
    // Per token of a batch: its hash (and the next batch's first token's,
    // for the bigram filter), its words, its slot among the recent tokens,
    // and its first table slot (prefetched before the recent tokens are
    // resolved, and read after: a load would hold up the instructions
    // behind it until its miss is served, a prefetch holds up nothing).
    let mut hash = [0u64; BATCH + 1];
    let mut words = [(0u64, 0u64); BATCH];
    let mut recent_at = [0usize; BATCH];
    let mut probe = [0usize; BATCH];
    // What the batch yields: at most one key per token (`key[k]`, kept
    // where bit `k` of the batch's mask is set), and the starts of walks.
    // Both are written whatever the outcome and kept by setting a bit or
    // advancing a count only where it holds: most outcomes depend on the
    // text in ways no branch predictor learns, and a mispredicted branch
    // costs more than the stores.
    let mut key = [0u32; BATCH];
    let mut conts = [Cont::default(); 2 * BATCH];
    // The batch's new recent-token slots, written after the batch so that
    // no slot in use is overwritten.
    let mut learnt = [(0usize, Slot::EMPTY); BATCH];
    // The walks under way, one trie step a batch (see `WalkPool`).
    let mut pool = WalkPool::new();
    // The continuations of the batch before, with their pair hashes.
    let mut pending = [(Cont::default(), 0u64); 2 * BATCH];
    let mut npending = 0;
    for (b, batch) in toks.chunks(BATCH).enumerate() {
        // Each walk under way takes its next step: the unit it needs was
        // asked for a batch ago, so it is in the cache by now.
        pool.step(lexicon, filter, da, norm, walked);
        let base = b * BATCH;
        let all = u32::MAX >> (32 - batch.len());
        // Passes over the batch, so that the loads of each pass are
        // independent and their misses overlap: the hash and the recent
        // tokens; the filter word of the others; a prefetch of the first
        // table slot of those that passed; then the comparisons. The
        // outcomes of a pass are bits of a mask (bit `k` for token `k`), and
        // later passes visit only the tokens whose bit is set.
        let mut recent = 0u32; // found among the recent tokens
        let mut long = 0u32; // longer than a slot
        for (k, t) in batch.iter().enumerate() {
            let (start, end) = (t.norm_start as usize, t.norm_end as usize);
            let len = end - start;
            // A token's words give its hash (most are at most 16 bytes).
            let h = if len <= 16 {
                words[k] = token_words(norm, start, end);
                token_hash_words(len, words[k])
            } else {
                token_hash_in(norm, start, end)
            };
            hash[k] = h;
            let m = (h >> 40) as usize & memo_mask;
            recent_at[k] = m;
            // A slot holds at most `TOKEN_INLINE` bytes, so a longer token
            // is never found here.
            let held = memo.get(m).is_some_and(|s| s.holds(len, words[k]));
            recent |= u32::from(held) << k;
            long |= u32::from(len > TOKEN_INLINE) << k;
        }
        // The next token's hash, for the bigram filter.
        hash[batch.len()] = toks.get(base + batch.len()).map_or(0, |t| {
            token_hash_in(norm, t.norm_start as usize, t.norm_end as usize)
        });
        let mut passed = 0u32;
        let mut left = all & !recent;
        while left != 0 {
            let k = left.trailing_zeros() as usize;
            left &= left - 1;
            passed |= u32::from(first.has(hash[k])) << k;
        }
        let probing = passed & !long;
        let mut left = probing;
        while left != 0 {
            let k = left.trailing_zeros() as usize;
            left &= left - 1;
            probe[k] = hash[k] as usize & mask;
            prefetch(slot_of(probe[k]));
        }
        let mut keys = 0u32;
        let mut nconts = 0;
        // What token `k` leads to, from its slot (a macro rather than a
        // closure: called from two loops, a closure was not inlined).
        macro_rules! emit {
            ($k:expr, $slot:expr) => {
                if let Some(t) = batch.get($k) {
                    keys |= u32::from($slot.emit(
                        (base + $k) as u32,
                        t,
                        text,
                        norm,
                        filter,
                        &mut key[$k],
                        (&mut conts, &mut nconts),
                    )) << $k;
                }
            };
        }
        let mut left = recent;
        while left != 0 {
            let k = left.trailing_zeros() as usize;
            left &= left - 1;
            if let Some(slot) = memo.get(recent_at[k]) {
                emit!(k, slot);
            }
        }
        let mut nlearnt = 0;
        let mut left = probing;
        while left != 0 {
            let k = left.trailing_zeros() as usize;
            left &= left - 1;
            let Some(t) = batch.get(k) else {
                break;
            };
            let tok = &norm[t.norm_start as usize..t.norm_end as usize];
            // The token's slot, or an empty slot holding the token (no key
            // starts with it) to remember that.
            let mut hit = Slot::absent(tok);
            let mut i = probe[k];
            let mut node = crate::format::u32_at(slot_of(i), 0);
            for _ in 0..=mask {
                if node == 0 {
                    break;
                }
                let slot = slot_of(i);
                if slot_holds(slot, tok.len(), words[k]) {
                    hit = Slot::from_bytes(slot);
                    break;
                }
                i = (i + 1) & mask;
                node = crate::format::u32_at(slot_of(i), 0);
            }
            emit!(k, hit);
            learnt[nlearnt] = (recent_at[k], hit);
            nlearnt += 1;
        }
        // Tokens too long for the table walk from the root.
        let mut left = passed & long;
        while left != 0 {
            let k = left.trailing_zeros() as usize;
            left &= left - 1;
            if let Some(t) = batch.get(k) {
                pool.start(
                    da,
                    norm,
                    ((base + k) as u32, t.norm_start, root_base as u32),
                    starts,
                );
            }
        }
        // The keys in token order.
        let mut left = keys;
        while left != 0 {
            let k = left.trailing_zeros() as usize;
            left &= left - 1;
            if let Some(t) = batch.get(k) {
                found.push(((base + k) as u32, t.norm_end, key[k]));
                prefetch_postings_range(lexicon, filter, key[k]);
            }
        }
        // The continuations walk through the next token only when the two
        // tokens pass the bigram filter. The filter words of this batch's
        // continuations are asked for now and tested with the next batch
        // (a batch later, they are in the cache); the last batch's are
        // tested after the loop.
        let walks = passing(&mut pending[..npending]);
        for (c, _) in &pending[..walks] {
            pool.start(da, norm, walk_of(c), starts);
        }
        for (p, c) in pending.iter_mut().zip(&conts[..nconts]) {
            let k = c.tok as usize - base;
            let pair = bigram_hash(hash[k], c.sep, hash[k + 1]);
            prefetch(pairs.word_bytes(pair));
            *p = (*c, pair);
        }
        npending = nconts;
        for &(m, slot) in &learnt[..nlearnt] {
            if let Some(r) = memo.get_mut(m) {
                *r = slot;
            }
        }
    }
    // The last batch's continuations, the walks still under way, and those
    // the pool had no room for, are walked to their end in lockstep.
    let walks = passing(&mut pending[..npending]);
    starts.extend(pending[..walks].iter().map(|(c, _)| walk_of(c)));
    starts.extend_from_slice(pool.under_way());
    walk_from(lexicon, filter, norm, starts, walked);
    sort_nearly_sorted(walked);
    merge_sorted(found, walked);
}

/// Asks the processor to bring the cache line that `bytes` starts in into
/// its caches, without waiting for it: a hint, which changes no result (on
/// targets without one, nothing).
#[inline(always)]
fn prefetch(bytes: &[u8]) {
    prefetch_with(bytes, false);
}

/// [`prefetch`], of a line to be read once soon and not again (`once`: a
/// non-temporal hint, which keeps it out of the caches it would evict
/// others from) or not.
#[inline(always)]
fn prefetch_with(bytes: &[u8], once: bool) {
    #[cfg(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse"
    ))]
    if let Some(b) = bytes.first() {
        if once {
            safe_arch::prefetch_nta(b);
        } else {
            safe_arch::prefetch_t0(b);
        }
    }
    #[cfg(not(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse"
    )))]
    let _ = (bytes, once);
}

/// Asks for the postings range of a candidate key whose postings will be
/// read (the ranges are read a window later, and each is a miss in a table
/// of megabytes); a key accepted from its number asks for key 0's, which
/// stays cached, rather than branch.
#[inline(always)]
fn prefetch_postings_range(lexicon: &Lexicon, filter: KeyFilter, key: u32) {
    let key = if filter.sure(key) { 0 } else { key };
    prefetch(lexicon.posting_range_bytes(key));
}

/// Sorts a slice whose elements are each near their place (the walks'
/// candidates: a walk takes one trie step a batch, so it ends a few
/// batches after its start, and about one candidate a batch is found in
/// between) by insertion; one far from its place (a long walk's key; in
/// 16 % of the windows of the benchmark text) hands the slice to the
/// standard sort.
fn sort_nearly_sorted<T: Copy + Ord>(v: &mut [T]) {
    const FAR: usize = 64;
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] > x {
            if i - j == FAR {
                v[j] = x;
                v.sort_unstable();
                return;
            }
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

/// Merges the sorted `b` into the sorted `a`, from the back, in place.
fn merge_sorted<T: Copy + Ord + Default>(a: &mut Vec<T>, b: &[T]) {
    let (mut i, mut j) = (a.len(), b.len());
    a.resize(i + j, T::default());
    while j > 0 {
        if i > 0 && a[i - 1] > b[j - 1] {
            a[i + j - 1] = a[i - 1];
            i -= 1;
        } else {
            a[i + j - 1] = b[j - 1];
            j -= 1;
        }
    }
}

/// Where a walk through the keys continuing past a token may start, kept
/// when the token and the next one pass the bigram filter.
#[derive(Debug, Clone, Copy, Default)]
struct Cont {
    tok: u32,
    /// Position in the normalized text.
    at: u32,
    /// The children base of the unit reached, or (`from_node`) the unit
    /// itself, whose children base is read only if the walk is kept.
    base: u32,
    /// The separator after the token, as the pair's hash takes it.
    sep: u8,
    from_node: bool,
}

/// A copy of a token-table slot (see `format.rs`): what a token leads to.
/// The matcher keeps the slots of recently seen tokens (and empty ones for
/// tokens that start no key), so frequent words are resolved from a small
/// table that stays in the core's own cache.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot([u8; crate::format::TOKEN_SLOT]);

impl Slot {
    const EMPTY: Slot = Slot([0; crate::format::TOKEN_SLOT]);

    fn from_bytes(b: &[u8]) -> Slot {
        let mut s = Slot::EMPTY;
        s.0.copy_from_slice(&b[..crate::format::TOKEN_SLOT]);
        s
    }

    /// A slot for a token that starts no key (`tok` fits a slot).
    fn absent(tok: &[u8]) -> Slot {
        let mut s = Slot::EMPTY;
        s.0[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        s.0[crate::format::SLOT_LEN] = tok.len() as u8;
        s.0[crate::format::TOKEN_BYTES..crate::format::TOKEN_BYTES + tok.len()]
            .copy_from_slice(tok);
        s
    }

    /// Whether some key starts with the token (the slot of a token that
    /// starts none records nothing).
    #[inline]
    fn starts_keys(&self) -> bool {
        crate::format::u32_at(&self.0, 0) != 0
    }

    /// Whether the slot holds the token of `len` bytes whose
    /// [`crate::format::token_words`] are `words`, decided without a branch
    /// (`format::slot_holds` on a copy in the matcher's own table).
    #[inline(always)]
    fn holds(&self, len: usize, (lo, hi): (u64, u64)) -> bool {
        use crate::format::{SLOT_LEN, TOKEN_BYTES, TOKEN_SLOT, u64_at};
        (usize::from(self.0[SLOT_LEN]) == len)
            & (u64_at(&self.0, TOKEN_BYTES) == lo)
            & (u64_at(&self.0, TOKEN_SLOT - 8) >> (8 * (TOKEN_BYTES + 8 - (TOKEN_SLOT - 8))) == hi)
    }

    /// Records what the token `tok_index` (`t`) leads to: the key it forms
    /// alone, in `key`, returning whether it is kept, and where walks
    /// through longer keys start, in `conts`, written whatever the outcome
    /// and kept by advancing the count (`walk_all` then keeps those whose
    /// pair passes the bigram filter).
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        tok_index: u32,
        t: &crate::normalize::Token,
        text: &[u8],
        norm: &[u8],
        filter: KeyFilter,
        key_out: &mut u32,
        (conts, nconts): (&mut [Cont; 2 * BATCH], &mut usize),
    ) -> bool {
        use crate::format::{
            NEXT_HARD, NEXT_SOFT, SLOT_BASE, SLOT_MASK, SLOT_NEXT, mask_bit, u32_at,
        };
        if !self.starts_keys() {
            return false;
        }
        let node = u32_at(&self.0, 0);
        let key = u32_at(&self.0, 4);
        let end = t.norm_end;
        let keep = filter.keeps(key, || text.get(t.start..t.end).is_none_or(may_have_upper));
        *key_out = key;
        let next = self.0[SLOT_NEXT];
        let e = end as usize;
        let sep = norm.get(e).copied().unwrap_or(0);
        let c = norm.get(e + 1).copied().unwrap_or(0);
        // Past the separator, from the separator unit, when the next byte
        // is one of its children's labels.
        let past = ((sep == SOFT) & (next & NEXT_SOFT != 0) | (sep == HARD) & (next == NEXT_HARD))
            & (e + 1 < norm.len())
            & (u32_at(&self.0, SLOT_MASK) & mask_bit(c) != 0);
        if let Some(s) = conts.get_mut(*nconts) {
            *s = Cont {
                tok: tok_index,
                at: end + 1,
                base: u32_at(&self.0, SLOT_BASE),
                sep,
                from_node: false,
            };
            *nconts += usize::from(past);
        }
        // When keys go on past both separators, the slot's base is the soft
        // one's: a hard separator walks from the token's own unit (rare;
        // its children are looked up only if the pair passes the filter).
        if let Some(s) = conts.get_mut(*nconts) {
            *s = Cont {
                tok: tok_index,
                at: end,
                base: node,
                sep: HARD,
                from_node: true,
            };
            *nconts += usize::from((sep == HARD) & (next == NEXT_SOFT | NEXT_HARD));
        }
        keep
    }
}

/// Entries of a matcher's table of recently seen tokens (256 KiB), for
/// texts of at least `MEMO_MIN_TEXT` bytes; shorter texts get `MEMO_SHORT`
/// (2 KiB), so a matcher made for one short text costs little. Powers of
/// two.
const MEMO: usize = 8192;
const MEMO_SHORT: usize = 64;
const MEMO_MIN_TEXT: usize = 1 << 16;

/// Walks through the trie that advance one step a batch of tokens, each
/// step's unit asked for (prefetched) a batch before it is read: a walk
/// leaves a unit for a random place in a trie of tens of megabytes at
/// nearly every step, and a batch's work is longer than a miss to memory,
/// so the steps do not wait for memory. (Before the pool, every walk was
/// walked at the end of its window, eight in lockstep, and each round of
/// eight steps waited for its slowest miss; `walk_from` still does that
/// for the walks the pool had no room for.)
struct WalkPool {
    /// `(token, position in norm, base)`, as in `walk_from`: the unit the
    /// next step reads is `base ^ norm[position]`, asked for already.
    walks: [(u32, u32, u32); POOL],
    len: usize,
}

/// Walks under way at most: about three walks start a batch, and a walk
/// takes six steps on average.
const POOL: usize = 64;

impl WalkPool {
    fn new() -> Self {
        WalkPool {
            walks: [(0, 0, 0); POOL],
            len: 0,
        }
    }

    /// The walks under way.
    fn under_way(&self) -> &[(u32, u32, u32)] {
        &self.walks[..self.len]
    }

    /// Takes walk `w` on, asking for the unit of its first step; when the
    /// pool is full (rare: it holds about 20 walks at a time), the walk
    /// waits in `overflow` for the end of the window.
    #[inline(always)]
    fn start(
        &mut self,
        da: &[u8],
        norm: &[u8],
        w: (u32, u32, u32),
        overflow: &mut Vec<(u32, u32, u32)>,
    ) {
        let Some(slot) = self.walks.get_mut(self.len) else {
            overflow.push(w);
            return;
        };
        *slot = w;
        self.len += 1;
        ask_for_step(da, norm, w);
    }

    /// One step of every walk (as `walk_from` steps), recording the keys
    /// that end on a token boundary in `found`; the walks that go on ask
    /// for the unit of their next step.
    #[inline(always)]
    fn step(
        &mut self,
        lexicon: &Lexicon,
        filter: KeyFilter,
        da: &[u8],
        norm: &[u8],
        found: &mut Vec<(u32, u32, u32)>,
    ) {
        let mut kept = 0;
        for i in 0..self.len {
            let Some(w) = step_walk(lexicon, filter, da, norm, self.walks[i], found) else {
                continue;
            };
            self.walks[kept] = w;
            // A walk at the end of the text ends (one in the pool does not
            // get there: it goes on a byte a batch, and a batch is more
            // than a byte of text, so the window's last batch comes first
            // and `walk_from` finishes it).
            kept += usize::from((w.1 as usize) < norm.len());
            ask_for_step(da, norm, w);
        }
        self.len = kept;
    }
}

/// Asks for the unit that the next step of walk `w` reads (`step_walk`),
/// as a line read once: kept out of the core's second-level cache, where
/// the filters and the recent tokens are.
#[inline(always)]
fn ask_for_step(da: &[u8], norm: &[u8], (_, pos, base): (u32, u32, u32)) {
    let c = norm.get(pos as usize).copied().unwrap_or(0);
    prefetch_with(
        da.get((base as usize ^ c as usize) * 4..).unwrap_or(&[]),
        true,
    );
}

/// Walks the trie from each `(token, position in norm, base)` of `starts`
/// (`base`: of the children of the unit reached, so the child labelled `c`
/// is unit `base ^ c`), recording every key that ends on a token boundary.
/// Keys of the upper-case run are kept: their text span is checked later.
fn walk_from(
    lexicon: &Lexicon,
    filter: KeyFilter,
    norm: &[u8],
    starts: &[(u32, u32, u32)],
    found: &mut Vec<(u32, u32, u32)>,
) {
    let da = lexicon.section(crate::format::SEC_TRIE);
    let mut w: [Option<(u32, u32, u32)>; WALKERS] = [None; WALKERS];
    let mut next = starts.iter();
    let mut active = 0;
    loop {
        for slot in w.iter_mut() {
            if slot.is_none()
                && let Some(&walk) = next.next()
            {
                *slot = Some(walk);
                active += 1;
            }
        }
        if active == 0 {
            break;
        }
        for slot in w.iter_mut() {
            if let Some(walk) = *slot {
                *slot = step_walk(lexicon, filter, da, norm, walk, found);
                active -= usize::from(slot.is_none());
            }
        }
    }
}

/// One step of the walk `(token, position in norm, base)`: to the child
/// labelled with the byte at the position (unit `base ^ byte`), recording
/// in `found` the key that ends there if it ends on a token boundary. The
/// walk after the step, or `None` where the trie has no such child or the
/// text ends.
#[inline(always)]
fn step_walk(
    lexicon: &Lexicon,
    filter: KeyFilter,
    da: &[u8],
    norm: &[u8],
    (tok, pos, base): (u32, u32, u32),
    found: &mut Vec<(u32, u32, u32)>,
) -> Option<(u32, u32, u32)> {
    use crate::trie::{has_leaf, label, offset, unit, value};
    let pos = pos as usize;
    let c = *norm.get(pos)?;
    let child = base as usize ^ c as usize;
    let u = unit(da, child);
    if label(u) != c as u32 {
        return None;
    }
    let pos = pos + 1;
    let base = offset(u) ^ child;
    if has_leaf(u) && (pos == norm.len() || norm[pos] == SOFT || norm[pos] == HARD) {
        let key = value(unit(da, base));
        if filter.keeps(key, || true) {
            found.push((tok, pos as u32, key));
            prefetch_postings_range(lexicon, filter, key);
        }
    }
    Some((tok, pos as u32, base as u32))
}

/// Where the piece starting at `base` ends: the first line break after
/// `PIECE` bytes (or any whitespace after `4 * PIECE`), or the end.
fn piece_end(text: &str, base: usize) -> usize {
    if text.len() - base <= PIECE {
        return text.len();
    }
    let bytes = text.as_bytes();
    let from = base + PIECE;
    if let Some(i) = memchr_newline(&bytes[from..]) {
        return from + i + 1;
    }
    let limit = (base + 4 * PIECE).min(text.len());
    for (i, &b) in bytes[from..limit].iter().enumerate() {
        if b.is_ascii_whitespace() {
            return from + i + 1;
        }
    }
    // No whitespace at all: cut at a character boundary.
    let mut cut = limit;
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    cut
}

fn memchr_newline(b: &[u8]) -> Option<usize> {
    b.iter().take(3 * PIECE).position(|&c| c == b'\n')
}

/// Lower is better: exact names before spellings before plurals.
fn rank(flags: NameFlags) -> u8 {
    u8::from(flags.contains(NameFlags::SPELLING)) + 2 * u8::from(flags.contains(NameFlags::PLURAL))
}

/// The case-kept letters of a candidate's text (folded once, when a
/// case-sensitive posting first needs them) and a buffer for a posting's.
struct Folds<'a> {
    span: &'a str,
    span_done: bool,
    /// Whether the span is ASCII without a lower-case letter (`None` for a
    /// span with a non-ASCII byte), once a posting asked.
    span_caps: Option<Option<bool>>,
    span_fold: &'a mut Vec<u8>,
    surface_fold: &'a mut Vec<u8>,
}

fn accept(o: &MatchOptions, lexicon: &Lexicon, p: &Posting, folds: &mut Folds<'_>) -> bool {
    if !o.types.contains(p.kind) {
        return false;
    }
    if p.flags.contains(NameFlags::STOP) && !o.keep_stop {
        return false;
    }
    if !o.variants && p.flags.intersects(NameFlags::SPELLING | NameFlags::PLURAL) {
        return false;
    }
    if o.respect_case && p.flags.contains(NameFlags::CASE_SENSITIVE) {
        if lexicon.len() <= p.entry as usize {
            return false;
        }
        if p.upper && !p.flags.contains(NameFlags::PLURAL) {
            // The span and the name have the same key, so the same letters
            // but for case when both are ASCII: the span matches the name's
            // case when it has no lower-case letter either.
            let span = folds.span;
            let caps = *folds.span_caps.get_or_insert_with(|| {
                span.is_ascii()
                    .then(|| !span.bytes().any(|b| b.is_ascii_lowercase()))
            });
            if let Some(caps) = caps {
                return caps;
            }
        }
        if !folds.span_done {
            normalize::case_fold_bytes_into(folds.span.as_bytes(), folds.span_fold);
            folds.span_done = true;
        }
        normalize::case_fold_bytes_into(lexicon.surface_bytes_of(p), folds.surface_fold);
        return case_matches(
            folds.span_fold,
            folds.surface_fold,
            p.flags.contains(NameFlags::PLURAL),
        );
    }
    true
}

/// `text` (case kept) is the name `surface`, or its plural in `s`/`es`.
fn case_matches(text: &[u8], surface: &[u8], plural: bool) -> bool {
    if text == surface {
        return true;
    }
    plural
        && text
            .strip_prefix(surface)
            .is_some_and(|rest| rest == b"s" || rest == b"es")
}

impl Lexicon {
    /// All matches in `text` with the default [`MatchOptions`].
    pub fn find(&self, text: &str) -> Vec<Match<'_>> {
        Matcher::new(self, MatchOptions::default()).find(text)
    }

    /// All matches in `text` with the given options.
    pub fn find_with(&self, text: &str, options: MatchOptions) -> Vec<Match<'_>> {
        Matcher::new(self, options).find(text)
    }

    /// A reusable matcher.
    pub fn matcher(&self, options: MatchOptions) -> Matcher<'_> {
        Matcher::new(self, options)
    }

    /// The entries whose name is exactly `name` (after normalization), for
    /// looking up e.g. an abbreviation's long form. Case rules and the stop
    /// list apply as in `options`; the hits are in lexicon order.
    pub fn lookup(&self, name: &str, options: MatchOptions) -> Vec<Hit<'_>> {
        let key = normalize::normalize(name);
        if key.is_empty() {
            return Vec::new();
        }
        let mut m = Matcher::new(self, options);
        let mut out = Vec::new();
        m.for_each(name, |found| {
            if found.key == key {
                out = found.hits;
            }
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use briefing_model::EntityType;

    use crate::{Compiler, Concept, Lexicon, MatchOptions};

    fn lexicon() -> Lexicon {
        let mut c = Compiler::new();
        for (kind, id, name, syn) in [
            (EntityType::CellType, "CL:0000182", "hepatocyte", vec![]),
            (
                EntityType::Disease,
                "MESH:D008107",
                "liver disease",
                vec!["Liver Diseases"],
            ),
            (
                EntityType::Disease,
                "MESH:D058625",
                "end-stage liver disease",
                vec![],
            ),
            (EntityType::Gene, "NCBIGene:4233", "MET", vec![]),
        ] {
            c.add(Concept {
                kind,
                ids: vec![id.into()],
                name: name.into(),
                synonyms: syn.into_iter().map(String::from).collect(),
                ..Concept::default()
            });
        }
        Lexicon::from_bytes(c.compile("test").unwrap()).unwrap()
    }

    #[test]
    fn longest_match_wins_and_boundaries_hold() {
        let lex = lexicon();
        let text = "End-stage liver disease; liver diseases; deliver disease; hepatocytes!";
        let spans: Vec<&str> = lex
            .find(text)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(
            spans,
            ["End-stage liver disease", "liver diseases", "hepatocytes"]
        );
    }

    #[test]
    fn case_rule_and_stop_list_can_be_lifted() {
        let lex = lexicon();
        // MET is stop-listed (a gene symbol and a verb) and case-sensitive.
        assert!(lex.find("MET is a receptor").is_empty());
        let keep_stop = MatchOptions {
            keep_stop: true,
            ..MatchOptions::default()
        };
        assert_eq!(lex.find_with("MET is a receptor", keep_stop).len(), 1);
        assert!(lex.find_with("they met", keep_stop).is_empty());
        assert_eq!(
            lex.find_with("they met", MatchOptions::everything()).len(),
            1
        );
    }

    /// `(type, id, name)` concepts compiled by `c` into a lexicon file.
    fn compile_names(mut c: Compiler, names: &[(EntityType, &str, &str)], label: &str) -> Vec<u8> {
        for &(kind, id, name) in names {
            c.add(Concept {
                kind,
                ids: vec![id.into()],
                name: name.into(),
                ..Concept::default()
            });
        }
        c.compile(label).unwrap()
    }

    /// A lexicon whose key numbers do not follow key order: stop-listed and
    /// upper-case-only names come after the others.
    fn runs_lexicon() -> Lexicon {
        let c = Compiler::with_stop_list(crate::StopList::parse("MET\nwas\ndisease\n"));
        let names = [
            (EntityType::Gene, "NCBIGene:4233", "MET"),
            (EntityType::Gene, "NCBIGene:4233", "MET receptor"),
            (EntityType::Gene, "NCBIGene:7454", "WAS"),
            (EntityType::Disease, "MESH:D004194", "disease"),
            (EntityType::Disease, "MESH:D008107", "liver disease"),
            (EntityType::Gene, "NCBIGene:960", "IN"),
            (EntityType::Gene, "NCBIGene:3082", "HGF"),
            (EntityType::CellLine, "CVCL_0027", "HepG2"),
            (EntityType::Chemical, "MESH:D002251", "CCl4"),
            (EntityType::CellType, "CL:0000182", "hepatocyte"),
            (EntityType::Other, "X:mg", "mg"),
        ];
        Lexicon::from_bytes(compile_names(c, &names, "runs")).unwrap()
    }

    #[test]
    fn key_runs_drop_only_what_the_options_reject() {
        let lex = runs_lexicon();
        let (check_from, upper_from, stop_from) = lex.key_runs();
        let keys = lex.info().keys as u32;
        assert!(
            0 < check_from && check_from < upper_from && upper_from < stop_from && stop_from < keys,
            "{check_from} {upper_from} {stop_from} {keys}"
        );
        let text = "MET receptor and MET in IN HepG2 and hepg2 cells; was WAS; disease, liver \
                    disease; hgf, HGF, Hgf, CCl4, ccl4; HEPATOCYTES in the met liver. \
                    Ωmega MET-receptor, MÉT, In, 5 mg and 5 Mg";
        for options in [
            MatchOptions::default(),
            MatchOptions::everything(),
            MatchOptions {
                respect_case: false,
                ..MatchOptions::default()
            },
            MatchOptions {
                keep_stop: true,
                ..MatchOptions::default()
            },
        ] {
            let mut filtered = lex.matcher(options);
            let mut unfiltered = lex.matcher(options);
            unfiltered.filter = super::KeyFilter::NONE;
            let spans = |m: &mut super::Matcher<'_>| {
                m.find(text)
                    .iter()
                    .map(|f| (f.start, f.end, f.hits.len()))
                    .collect::<Vec<_>>()
            };
            let got = spans(&mut filtered);
            assert!(got.len() >= 6, "{options:?}: {got:?}");
            assert_eq!(got, spans(&mut unfiltered), "{options:?}");
            // Counting decides keys of the first run without postings.
            assert_eq!(filtered.count(text), got.len(), "{options:?}");
            assert_eq!(unfiltered.count(text), got.len(), "{options:?}");
        }
        // The longest name wins though its key number is the smaller.
        let found = lex.find_with("MET receptor", MatchOptions::everything());
        assert_eq!((found.len(), found[0].end), (1, 12));
    }

    #[test]
    fn upper_case_names_are_checked_without_reading_them() {
        let names = [
            (EntityType::Gene, "NCBIGene:3082", "HGF"),
            (EntityType::Gene, "NCBIGene:3569", "IL6"),
            (EntityType::Gene, "NCBIGene:7157", "TP53"),
            (EntityType::CellLine, "CVCL_0027", "HepG2"),
            (EntityType::CellLine, "CVCL_X", "LX-2"),
            (EntityType::Chemical, "MESH:D002251", "CCl4"),
            (EntityType::Chemical, "X:co", "CO"),
            (EntityType::Chemical, "X:dna", "DNA"),
        ];
        let bytes = compile_names(Compiler::new(), &names, "upper");
        // The same file without the flag: every case check reads the name.
        let mut plain = bytes.clone();
        let lex = Lexicon::from_bytes(bytes).unwrap();
        let mut flagged = 0;
        for at in lex
            .section_range(crate::format::SEC_POSTINGS)
            .step_by(crate::format::POSTING_LEN)
        {
            let word = crate::format::u32_at(&plain, at + 8);
            flagged += usize::from(word & crate::format::CASE_UPPER != 0);
            let cleared = word & !crate::format::CASE_UPPER;
            plain[at + 8..at + 12].copy_from_slice(&cleared.to_le_bytes());
        }
        assert!(flagged >= 5, "{flagged}");
        let crc = crate::format::checksum(&plain);
        plain[24..28].copy_from_slice(&crc.to_le_bytes());
        let plain = Lexicon::from_bytes(plain).unwrap();
        let text = "HGF hgf Hgf HGFs hgfs IL6 IL-6 il-6 Il-6 IL6s TP53 Tp53 tp53 TP-53 HepG2 \
                    HEPG2 hepg2 LX-2 LX2 lx-2 Lx-2 CCl4 CCL4 ccl4 CO co Co DNA DNAs dna Dna \
                    DNAS HGFÉ ÉHGF HÉGF CÖ";
        for options in [
            MatchOptions::default(),
            MatchOptions {
                keep_stop: true,
                ..MatchOptions::default()
            },
            MatchOptions {
                variants: false,
                ..MatchOptions::default()
            },
        ] {
            let spans = |l: &Lexicon| {
                l.find_with(text, options)
                    .iter()
                    .map(|m| (m.start, m.end, m.hits.len()))
                    .collect::<Vec<_>>()
            };
            let got = spans(&lex);
            assert!(got.len() >= 8, "{got:?}");
            assert_eq!(got, spans(&plain), "{options:?}");
            assert_eq!(lex.matcher(options).count(text), got.len());
        }
    }

    /// Diseases named `names`, identified `X:0`, `X:1`, ...
    fn diseases(names: &[&str], label: &str) -> Lexicon {
        let mut c = Compiler::new();
        for (i, name) in names.iter().enumerate() {
            c.add(Concept {
                kind: EntityType::Disease,
                ids: vec![format!("X:{i}")],
                name: (*name).into(),
                ..Concept::default()
            });
        }
        Lexicon::from_bytes(c.compile(label).unwrap()).unwrap()
    }

    /// Every key starting at every token, by walking the trie byte by byte
    /// from the root: what the token table and the walkers must find.
    fn reference(
        lex: &Lexicon,
        norm: &[u8],
        toks: &[crate::normalize::Token],
    ) -> Vec<(u32, u32, u32)> {
        use crate::normalize::{HARD, SOFT};
        use crate::trie::{child, leaf_value};
        let da = lex.section(crate::format::SEC_TRIE);
        let mut out = Vec::new();
        for (ti, t) in toks.iter().enumerate() {
            let mut node = 0;
            for pos in t.norm_start as usize..norm.len() {
                let Some(c) = child(da, node, norm[pos]) else {
                    break;
                };
                node = c;
                let end = pos + 1;
                if (end == norm.len() || norm[end] == SOFT || norm[end] == HARD)
                    && let Some(key) = leaf_value(da, node)
                {
                    out.push((ti as u32, end as u32, key));
                }
            }
        }
        out.sort_unstable();
        out
    }

    #[test]
    fn token_table_finds_what_a_plain_trie_walk_finds() {
        let long = "pneumonoultramicroscopicsilicovolcanoconiosis"; // longer than a slot
        let names = [
            "liver",
            "liver disease",
            "liver disease, end-stage",
            "end-stage liver disease",
            "T cell",
            "T cell receptor",
            "IL-6",
            "IL6",
            "TGF-beta 1",
            "the liver",
            "a",
            "of",
            "of the",
            long,
            "silico",
            "CD4+ T cells",
            "CD4 antigen",
            "acute pneumonoultramicroscopicsilicovolcanoconiosis",
            "pneumonoultramicroscopicsilicovolcanoconiosis of the liver",
            "Na+/K+-ATPase",
            "β-catenin",
        ];
        let lex = diseases(&names, "test");
        let text = format!(
            "The liver disease, end-stage liver disease and T cell receptor of the T cells; IL-6, IL6 and il 6. \
             TGF-β1 {long} {long}s silico acute {long} of the liver; acute {long}, {long} of the CD4+ T cells, CD4 antigen, CD4; Na+/K+-ATPase β-catenin of the liver, a liver"
        );
        let text = text.repeat(3);
        let (found, expected) = walk_all_and_reference(&lex, &text, 1);
        assert!(expected.len() > 60, "{expected:?}");
        assert_eq!(found, expected);
        // With the table of recent tokens (a small one, so tokens also
        // evict each other).
        for memo in [8, super::MEMO] {
            assert_eq!(
                walk_all_and_reference(&lex, &text, memo).0,
                expected,
                "memo of {memo}"
            );
        }
    }

    /// Candidates: `(token, end in norm, key)`.
    type Candidates = Vec<(u32, u32, u32)>;

    /// What `walk_all` finds in `text` with `memo` recent tokens, and what
    /// a plain walk of the trie from every token finds.
    fn walk_all_and_reference(lex: &Lexicon, text: &str, memo: usize) -> (Candidates, Candidates) {
        let mut norm = crate::normalize::NormText::default();
        norm.fill(text, 0);
        let (mut found, mut starts, mut walked) = (Vec::new(), Vec::new(), Vec::new());
        super::walk_all(
            lex,
            super::KeyFilter::NONE,
            text.as_bytes(),
            &norm.norm,
            &norm.tokens,
            &mut found,
            &mut starts,
            &mut walked,
            &mut vec![super::Slot::EMPTY; memo],
        );
        (found, reference(lex, &norm.norm, &norm.tokens))
    }

    #[test]
    fn more_walks_than_the_pool_holds_find_what_a_plain_trie_walk_finds() {
        // Every "a" continues a key of 30 tokens, so each batch starts 32
        // walks of about 60 steps: the pool fills, and the walks it has no
        // room for are walked at the end of the window.
        let long = vec!["a"; 30].join(" ");
        let names = ["a a", "a b", "a a a a", long.as_str(), "a b c"];
        let lex = diseases(&names, "test");
        let text = "a a a b c a b ".to_string() + &"a ".repeat(400) + "a b c";
        let (found, expected) = walk_all_and_reference(&lex, &text, 8);
        assert!(expected.len() > 800, "{}", expected.len());
        assert_eq!(found, expected);
    }

    #[test]
    fn nearly_sorted_and_shuffled_slices_are_sorted() {
        let mut state = 0x9e37_79b9_u64;
        let mut next = |k: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % k
        };
        for (len, spread) in [
            (0, 1),
            (1, 1),
            (50, 3),
            (1000, 8),
            (1000, 200),
            (3000, 5000),
        ] {
            let mut v: Vec<(u64, u64)> = (0..len).map(|i| (i + next(spread), next(3))).collect();
            let mut expected = v.clone();
            expected.sort_unstable();
            super::sort_nearly_sorted(&mut v);
            assert_eq!(v, expected, "{len} {spread}");
        }
    }

    #[test]
    fn windows_find_what_whole_pieces_find() {
        let names = [
            "liver",
            "liver disease",
            "chronic liver disease, end-stage",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f",
            "T cell",
            "IL-6",
            "β-catenin",
            "Sjögren syndrome",
            "of the",
        ];
        let lex = diseases(&names, "windows");
        // Names at every offset from a window's end, runs of separators
        // longer than the look-ahead, non-ASCII text, a 32-token name.
        let spaces = " ".repeat(700);
        // The 32-token name, spread over more than the first look-ahead.
        let spread = names[3]
            .split(' ')
            .collect::<Vec<_>>()
            .join(&" ".repeat(20));
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&"x ".repeat(i % 37));
            text.push_str(match i % 8 {
                7 => &spread,
                0 => "chronic liver disease, end-stage liver disease of the T cells; ",
                1 => "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g ",
                2 => "Sjögren   syndrome β-catenin IL-6 il6 ",
                3 => &spaces,
                4 => "ééé liver\ndisease ",
                5 => "of\t\tthe liver-disease ",
                _ => "T-cell T cell ",
            });
        }
        assert!(text.len() > super::MEMO_MIN_TEXT, "{}", text.len());
        for options in [MatchOptions::default(), MatchOptions::everything()] {
            let spans = |window: usize| {
                let mut m = lex.matcher(options);
                m.window = window;
                let found: Vec<_> = m
                    .find(&text)
                    .iter()
                    .map(|f| (f.start, f.end, f.key.clone(), f.hits.len()))
                    .collect();
                assert_eq!(m.count(&text), found.len());
                found
            };
            let whole = spans(usize::MAX);
            assert!(whole.len() > 600, "{}", whole.len());
            for window in [1, 7, 64, 100, 513, 4096, super::WINDOW] {
                let got = spans(window);
                let differ = got.iter().zip(&whole).position(|(a, b)| a != b);
                assert_eq!(
                    (got.len(), differ),
                    (whole.len(), None),
                    "window of {window}: {:?}",
                    differ.map(|i| (&got[i], &whole[i]))
                );
            }
        }
    }

    #[test]
    fn long_texts_are_matched_in_pieces_without_losing_names() {
        let lex = lexicon();
        let line = "some filler words and a hepatocyte in liver disease\n";
        let text = line.repeat(30_000); // about 1.5 MB: several pieces
        let mut m = lex.matcher(MatchOptions::default());
        assert_eq!(m.count(&text), 60_000);
        let found = m.find(&text);
        assert!(
            found
                .iter()
                .all(|f| matches!(&text[f.start..f.end], "hepatocyte" | "liver disease"))
        );
        // A text without any whitespace is cut at character boundaries.
        let blob = "é".repeat(400_000);
        assert_eq!(m.count(&blob), 0);
    }
}
