//! Orthographic normalization, applied identically to dictionary names (at
//! compile time) and to text (at match time).
//!
//! A string becomes a sequence of *tokens* (maximal runs of letters and
//! digits) joined by one separator byte each:
//!
//! - letters are case-folded; accents are dropped (`é` → `e`) and
//!   compatibility forms unfolded (`²` → `2`, `ﬁ` → `fi`);
//! - Greek letters are spelled out in Latin letters (`β` → `beta`,
//!   `TGF-β` → `tgf beta`), so they meet their spelled names;
//! - whitespace, hyphens and dashes, `_`, `/`, `.`, apostrophes become a
//!   *soft* separator, written `' '`;
//! - any other punctuation or symbol (`,` `;` `:` `(` `)` `+` `%` ...) becomes
//!   a *hard* separator, written `'|'`, so a name containing a comma only
//!   matches text with punctuation at the same place;
//! - a run of separators collapses to one (hard if any of them is hard);
//!   leading and trailing separators are dropped.
//!
//! Names get further *variants* at compile time ([`name_variants`]): hyphens
//! removed (`Hep-G2` → `hepg2`, `TGF-beta` → `tgfbeta`), letters and digits
//! split (`IL2` → `il 2`), Greek and digit tokens joined to the previous token
//! (`TGF beta 1` → `tgfbeta1`), and plurals of the last word (`T cell` →
//! `t cells`, `mouse` → `mice`). Text is never expanded, which keeps matching
//! a single pass.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Soft separator byte in normalized strings.
pub(crate) const SOFT: u8 = b' ';
/// Hard separator byte in normalized strings.
pub(crate) const HARD: u8 = b'|';

/// Version of the normalization rules; compiled lexicons record it and are
/// refused by a build whose rules differ.
pub const NORMALIZATION_VERSION: u32 = 1;

const A_HARD: u8 = 0;
const A_SOFT: u8 = 1;

/// Class of each ASCII byte: `A_HARD`, `A_SOFT`, or the lower-cased byte.
static ASCII: [u8; 128] = {
    let mut t = [A_HARD; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else if c.is_ascii_uppercase() {
            c + 32
        } else if c.is_ascii_whitespace()
            || c < 0x20
            || c == 0x7f
            || matches!(c, b'-' | b'_' | b'/' | b'.' | b'\'' | b'`')
        {
            A_SOFT
        } else {
            A_HARD
        };
        b += 1;
    }
    t
};

/// Spelled name of a (lower-case) Greek letter or Greek symbol variant.
fn greek_name(c: char) -> Option<&'static str> {
    Some(match c {
        'α' => "alpha",
        'β' | 'ϐ' => "beta",
        'γ' => "gamma",
        'δ' => "delta",
        'ε' | 'ϵ' => "epsilon",
        'ζ' => "zeta",
        'η' => "eta",
        'θ' | 'ϑ' => "theta",
        'ι' => "iota",
        'κ' | 'ϰ' => "kappa",
        'λ' => "lambda",
        'μ' => "mu",
        'ν' => "nu",
        'ξ' => "xi",
        'ο' => "omicron",
        'π' | 'ϖ' => "pi",
        'ρ' | 'ϱ' => "rho",
        'σ' | 'ς' => "sigma",
        'τ' => "tau",
        'υ' => "upsilon",
        'φ' | 'ϕ' => "phi",
        'χ' => "chi",
        'ψ' => "psi",
        'ω' => "omega",
        _ => return None,
    })
}

/// All spelled Greek letter names (used to join `tgf beta` into `tgfbeta`).
const GREEK_NAMES: [&str; 24] = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi",
    "psi", "omega",
];

/// Non-ASCII characters that separate softly: spaces, dashes, apostrophes.
fn is_soft_unicode(c: char) -> bool {
    matches!(c,
        '\u{00A0}' | '\u{2000}'..='\u{200B}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
        | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}'
        | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '\u{00B7}' | '\u{2022}')
}

/// Where the scanner sends what it reads.
trait Sink {
    /// Letters or digits (already folded), from the source bytes `start..end`.
    fn alnum(&mut self, bytes: &[u8], start: usize, end: usize);
    /// A separator at source byte `at`; `hyphen` when it is `-` or a dash.
    fn sep(&mut self, hard: bool, hyphen: bool, at: usize);
}

/// Scans `text`, folding case when `fold` is true.
fn scan<S: Sink>(text: &str, fold: bool, sink: &mut S) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 128 {
            let class = ASCII[b as usize];
            if class > A_SOFT {
                // Fast path: a run of ASCII letters and digits.
                let start = i;
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] < 128 && ASCII[bytes[j] as usize] > A_SOFT {
                    j += 1;
                }
                if fold && bytes[start..j].iter().any(u8::is_ascii_uppercase) {
                    let mut buf = [0u8; 64];
                    for chunk_start in (start..j).step_by(64) {
                        let chunk_end = (chunk_start + 64).min(j);
                        let n = chunk_end - chunk_start;
                        for (k, &c) in bytes[chunk_start..chunk_end].iter().enumerate() {
                            buf[k] = ASCII[c as usize];
                        }
                        sink.alnum(&buf[..n], chunk_start, chunk_end);
                    }
                } else {
                    sink.alnum(&bytes[start..j], start, j);
                }
                i = j;
            } else {
                sink.sep(class == A_HARD, b == b'-', i);
                i += 1;
            }
            continue;
        }
        let Some(ch) = text.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        let end = i + ch.len_utf8();
        scan_char(ch, fold, i, end, sink);
        i = end;
    }
}

/// Handles one non-ASCII character.
fn scan_char<S: Sink>(ch: char, fold: bool, start: usize, end: usize, sink: &mut S) {
    if ch == '\u{00AD}' || ch == '\u{200C}' || ch == '\u{200D}' || ch == '\u{FEFF}' {
        return; // soft hyphen and zero-width joiners: invisible
    }
    if is_soft_unicode(ch) {
        let hyphen = matches!(
            ch,
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}'
        );
        sink.sep(false, hyphen, start);
        return;
    }
    let mut parts: [char; 8] = ['\0'; 8];
    let mut n = 0;
    decompose_compatible(ch, |d| {
        if n < parts.len() {
            parts[n] = d;
            n += 1;
        }
    });
    for &d in &parts[..n] {
        if is_combining_mark(d) {
            continue;
        }
        if d.is_ascii() {
            let class = ASCII[d as usize];
            if class > A_SOFT {
                let c = if fold { class } else { d as u8 };
                sink.alnum(&[c], start, end);
            } else {
                sink.sep(class == A_HARD, d == '-', start);
            }
            continue;
        }
        let lower = d.to_lowercase().next().unwrap_or(d);
        if let Some(name) = greek_name(lower) {
            sink.alnum(name.as_bytes(), start, end);
        } else if d.is_alphanumeric() {
            let mut buf = [0u8; 16];
            let mut len = 0;
            if fold {
                for l in d.to_lowercase() {
                    len += l.encode_utf8(&mut buf[len..]).len();
                    if len > 12 {
                        break;
                    }
                }
            } else {
                len = d.encode_utf8(&mut buf).len();
            }
            sink.alnum(&buf[..len], start, end);
        } else {
            sink.sep(true, false, start);
        }
    }
}

/// One token of normalized text, with its place in both strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    /// Byte range in the normalized buffer.
    pub norm_start: u32,
    pub norm_end: u32,
    /// Byte range in the source text.
    pub start: usize,
    pub end: usize,
}

/// Normalized text: the buffer the dictionary is searched in, and its tokens.
#[derive(Debug, Default, Clone)]
pub(crate) struct NormText {
    pub norm: Vec<u8>,
    pub tokens: Vec<Token>,
}

/// Writes normalized text into a buffer kept longer than needed (so runs
/// of letters can be stored eight bytes at a time), closing each token at
/// the separator after it.
struct Filler<'a> {
    norm: &'a mut Vec<u8>,
    tokens: &'a mut Vec<Token>,
    /// Bytes of `norm` written so far.
    w: usize,
    base: usize,
    open: bool,
    /// The separator before the next token: 0 (none yet), `SOFT` or `HARD`.
    pending: u8,
    tok_norm_start: usize,
    tok_start: usize,
    tok_end: usize,
}

impl Filler<'_> {
    #[inline]
    fn put(&mut self, b: u8) {
        match self.norm.get_mut(self.w) {
            Some(slot) => *slot = b,
            None => self.norm.push(b),
        }
        self.w += 1;
    }

    /// Opens a token at source byte `start` unless one is open.
    #[inline]
    fn begin(&mut self, start: usize) {
        if !self.open {
            if self.w > 0 {
                let sep = if self.pending == 0 {
                    SOFT
                } else {
                    self.pending
                };
                self.put(sep);
            }
            self.pending = 0;
            self.open = true;
            self.tok_norm_start = self.w;
            self.tok_start = start;
        }
    }

    #[inline]
    fn close(&mut self) {
        if self.open {
            self.tokens.push(Token {
                norm_start: self.tok_norm_start as u32,
                norm_end: self.w as u32,
                start: self.base + self.tok_start,
                end: self.base + self.tok_end,
            });
            self.open = false;
        }
    }

    #[inline]
    fn separator(&mut self, hard: bool) {
        self.close();
        self.pending = if hard || self.pending == HARD {
            HARD
        } else {
            SOFT
        };
    }
}

impl Sink for Filler<'_> {
    fn alnum(&mut self, bytes: &[u8], start: usize, end: usize) {
        self.begin(start);
        for &b in bytes {
            self.put(b);
        }
        self.tok_end = end;
    }

    fn sep(&mut self, hard: bool, _hyphen: bool, _at: usize) {
        self.separator(hard);
    }
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` whose low seven bits are at least `c`
/// (`c <= 0x80`): `(b | 0x80) - c` never borrows from the next byte.
#[inline(always)]
fn at_least(x: u64, c: u8) -> u64 {
    ((x | HIGH) - LOW * u64::from(c)) & HIGH
}

/// Classifies eight bytes at once: the high bit of each byte that is an
/// ASCII letter or digit, and of each ASCII capital.
#[inline(always)]
fn classify8(x: u64) -> (u64, u64) {
    // Setting bit 5 maps capitals onto small letters (and no other byte
    // onto a letter), so letters are one range test; a capital is a letter
    // with bit 5 clear. `& !x` keeps ASCII bytes (high bit clear).
    let y = x | (LOW * 0x20);
    let letter = at_least(y, b'a') & !at_least(y, b'z' + 1);
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    ((letter | digit) & !x, letter & !(x << 2) & !x)
}

/// The classes of sixteen bytes, one bit per byte (bit `k` for byte `k`).
struct Classes16 {
    /// ASCII letters and digits.
    alnum: u16,
    /// Non-ASCII bytes.
    high: u16,
    /// ASCII bytes that are hard separators (`A_HARD` in [`ASCII`]).
    hard: u16,
    /// The bytes with ASCII capitals folded to small letters.
    folded: [u8; 16],
}

/// Classifies sixteen bytes at once (`bytes` has at least sixteen; SIMD
/// where the target has it). Letters, digits and capitals are the classes of
/// [`classify8`]: as signed bytes, non-ASCII bytes are negative, so they
/// fall outside every range.
#[inline(always)]
fn classify16(bytes: &[u8]) -> Classes16 {
    use wide::{CmpEq, CmpGt, i8x16};
    let mut b = [0i8; 16];
    for (d, &s) in b.iter_mut().zip(bytes) {
        *d = s as i8;
    }
    let x = i8x16::new(b);
    let within = |v: i8x16, lo: u8, hi: u8| {
        v.cmp_gt(i8x16::splat(lo as i8 - 1)) & !v.cmp_gt(i8x16::splat(hi as i8))
    };
    let letter = within(x | i8x16::splat(0x20), b'a', b'z');
    let digit = within(x, b'0', b'9');
    let upper = within(x, b'A', b'Z');
    let folded = (x | (upper & i8x16::splat(0x20)))
        .to_array()
        .map(|c| c as u8);
    // Soft separators: whitespace and control bytes (up to the space, and
    // DEL), `'`, `-./`, `_` and the backquote; every other ASCII byte that
    // is not a letter or digit is hard.
    let eq = |c: u8| x.cmp_eq(i8x16::splat(c as i8));
    let soft =
        within(x, 0, b' ') | eq(0x7f) | eq(b'\'') | within(x, b'-', b'/') | within(x, b'_', b'`');
    let alnum = letter | digit;
    let high = x.move_mask() as u16;
    Classes16 {
        alnum: alnum.move_mask() as u16,
        high,
        hard: !((soft | alnum).move_mask() as u16) & !high,
        folded,
    }
}

/// The classes of a block of 64 bytes, one bit per byte (bit `k` for byte
/// `k`): the classes of [`classify16`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Classes64 {
    alnum: u64,
    high: u64,
    hard: u64,
}

/// How a block of 64 bytes is classified and folded: sixteen bytes at a
/// time on any target ([`Sse2`]), or all 64 at once where the processor has
/// AVX-512 ([`Avx512`], chosen at run time). Both give the same bits.
trait Classify: Copy {
    /// Classifies `block` and writes its bytes with ASCII capitals folded
    /// to small letters into `folded[..64]`.
    fn classify64(self, block: &[u8; 64], folded: &mut [u8; 80]) -> Classes64;
}

/// [`classify16`] four times: what every `x86_64` (SSE2) and other target has.
#[derive(Debug, Clone, Copy)]
struct Sse2;

impl Classify for Sse2 {
    #[inline(always)]
    fn classify64(self, block: &[u8; 64], folded: &mut [u8; 80]) -> Classes64 {
        let mut c64 = Classes64 {
            alnum: 0,
            high: 0,
            hard: 0,
        };
        for (k, chunk) in block.chunks_exact(16).enumerate() {
            let c = classify16(chunk);
            folded[16 * k..16 * k + 16].copy_from_slice(&c.folded);
            c64.alnum |= u64::from(c.alnum) << (16 * k);
            c64.high |= u64::from(c.high) << (16 * k);
            c64.hard |= u64::from(c.hard) << (16 * k);
        }
        c64
    }
}

/// The 64 bytes in one AVX-512 register: each class is a few byte
/// comparisons straight into a bit mask (about 25 instructions a block
/// against about 300 for [`Sse2`]). A value of this type exists only where
/// the processor has AVX-512 ([`Avx512::detect`] makes the only ones), so
/// its methods may use it.
#[cfg(target_arch = "x86_64")]
#[derive(Debug, Clone, Copy)]
struct Avx512 {
    _detected: (),
}

#[cfg(target_arch = "x86_64")]
impl Avx512 {
    /// The proof that this processor runs AVX-512, if it does (checked
    /// once, then cached by the standard library).
    fn detect() -> Option<Avx512> {
        (std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw"))
        .then_some(Avx512 { _detected: () })
    }

    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline]
    fn classify(block: &[u8; 64], folded: &mut [u8; 80]) -> Classes64 {
        use std::arch::x86_64::*;
        // SAFETY: `block` is 64 readable bytes and `folded` at least 64
        // writable ones; the unaligned load and store need nothing more.
        #[allow(unsafe_code)]
        let x = unsafe { _mm512_loadu_si512(block.as_ptr().cast()) };
        let splat = |c: u8| _mm512_set1_epi8(c as i8);
        // `x - lo <= hi - lo` unsigned: one range test (non-ASCII bytes
        // fall outside every range; capitals with bit 5 set are small
        // letters).
        let within = |v: __m512i, lo: u8, hi: u8| {
            _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, splat(lo)), splat(hi - lo))
        };
        let small = _mm512_or_si512(x, splat(0x20));
        let letter = within(small, b'a', b'z');
        let digit = within(x, b'0', b'9');
        let upper = within(x, b'A', b'Z');
        let eq = |c: u8| _mm512_cmpeq_epi8_mask(x, splat(c));
        let soft = _mm512_cmple_epu8_mask(x, splat(b' '))
            | eq(0x7f)
            | eq(b'\'')
            | within(x, b'-', b'/')
            | within(x, b'_', b'`');
        let high = _mm512_movepi8_mask(x);
        let alnum = letter | digit;
        let out = _mm512_mask_blend_epi8(upper, x, small);
        // SAFETY: as above.
        #[allow(unsafe_code)]
        unsafe {
            _mm512_storeu_si512(folded.as_mut_ptr().cast(), out)
        };
        Classes64 {
            alnum,
            high,
            hard: !(soft | alnum | high),
        }
    }
}

#[cfg(target_arch = "x86_64")]
impl Classify for Avx512 {
    #[inline(always)]
    fn classify64(self, block: &[u8; 64], folded: &mut [u8; 80]) -> Classes64 {
        // SAFETY: `self` exists only where `Avx512::detect` found the
        // features `classify` is compiled for.
        #[allow(unsafe_code)]
        unsafe {
            Avx512::classify(block, folded)
        }
    }
}

/// Reads up to 64 bytes of `block` (source offset `at`), stopping before the
/// first non-ASCII byte, and returns how many it read. The bytes are
/// classified and folded all at once ([`Classify`]) into one bit mask of letters and
/// digits, so each token and each run of separators is found with one count
/// of trailing zeros rather than byte by byte, and the filler's state is
/// kept in locals for the block. A token open at either end stays open: the
/// caller continues it.
#[inline(always)]
fn fill_block<C: Classify>(c: C, f: &mut Filler<'_>, block: &[u8; 64], at: usize) -> usize {
    let mut folded = [0u8; 80];
    let Classes64 {
        mut alnum,
        high,
        mut hard,
    } = c.classify64(block, &mut folded);
    let len = high.trailing_zeros() as usize;
    if len < 64 {
        let read = (1u64 << len) - 1;
        alnum &= read;
        hard &= read;
    }
    // A block writes at most one byte per byte read and one separator, and
    // a run of letters is copied in whole words (sixteen bytes at least,
    // up to seven past a longer run).
    let mut w = f.w;
    if f.norm.len() < w + 88 {
        f.norm.resize(w + 88, 0);
    }
    let norm = &mut f.norm[..];
    let mut open = f.open;
    let mut pending = f.pending;
    let mut tok_norm_start = f.tok_norm_start;
    let mut tok_start = f.tok_start;
    let mut tok_end = f.tok_end;
    let base = f.base;
    let tokens = &mut *f.tokens;
    let mut pos = 0;
    if len > 0 && alnum & 1 == 0 {
        // Separators first: they close the token left open before the block.
        let end = if alnum == 0 {
            len
        } else {
            alnum.trailing_zeros() as usize
        };
        let hard = (pending == HARD) | (hard & below_lowest(alnum) != 0);
        if open {
            tokens.push(Token {
                norm_start: tok_norm_start as u32,
                norm_end: w as u32,
                start: base + tok_start,
                end: base + tok_end,
            });
            open = false;
        }
        pending = if hard { HARD } else { SOFT };
        pos = end;
    }
    if pos < len {
        // The first letters continue the open token or open one, as
        // `Filler::begin` does; after them, letters and separators take
        // turns, each separator run closing a token and each letter run
        // opening the next. `alnum` has no bit at `len` or beyond, so every
        // run ends by `len`.
        if !open {
            if w > 0 {
                norm[w] = if pending == 0 { SOFT } else { pending };
                w += 1;
            }
            pending = 0;
            open = true;
            tok_norm_start = w;
            tok_start = at + pos;
        }
        loop {
            let end = pos + (!(alnum >> pos)).trailing_zeros() as usize;
            let m = end - pos;
            // Most tokens are short: sixteen bytes in one copy, and the
            // rest of a longer one eight at a time.
            norm[w..w + 16].copy_from_slice(&folded[pos..pos + 16]);
            let mut k = 16;
            while k < m {
                norm[w + k..w + k + 8].copy_from_slice(&folded[pos + k..pos + k + 8]);
                k += 8;
            }
            w += m;
            if end >= len {
                tok_end = at + end;
                break;
            }
            let rest = alnum >> end;
            let sep_end = if rest == 0 {
                len
            } else {
                end + rest.trailing_zeros() as usize
            };
            // The run is the bits of `rest` below its lowest set bit.
            let sep = if (hard >> end) & below_lowest(rest) != 0 {
                HARD
            } else {
                SOFT
            };
            tokens.push(Token {
                norm_start: tok_norm_start as u32,
                norm_end: w as u32,
                start: base + tok_start,
                end: base + at + end,
            });
            if sep_end >= len {
                open = false;
                pending = sep;
                break;
            }
            norm[w] = sep;
            w += 1;
            tok_norm_start = w;
            tok_start = at + sep_end;
            pos = sep_end;
        }
    }
    f.w = w;
    f.open = open;
    f.pending = pending;
    f.tok_norm_start = tok_norm_start;
    f.tok_start = tok_start;
    f.tok_end = tok_end;
    len
}

/// The bits of `x` below its lowest set bit set, the others clear (all set
/// when `x` is zero): the run of separators a letter mask starts with.
#[inline(always)]
fn below_lowest(x: u64) -> u64 {
    x.wrapping_sub(1) & !x
}

impl NormText {
    /// Normalizes `text` into this buffer (cleared first); source offsets are
    /// shifted by `base`.
    ///
    /// The same as `scan(text, true, ..)` into tokens. ASCII text (nearly
    /// all of a text) is read in blocks of 64 bytes whose token boundaries
    /// come from one bit mask ([`fill_block`]); the rest (non-ASCII
    /// characters and the bytes after them up to the next block, and the
    /// last bytes of the text) goes byte by byte, with runs of ASCII letters
    /// and digits classified, folded and stored eight bytes at a time.
    pub fn fill(&mut self, text: &str, base: usize) {
        #[cfg(target_arch = "x86_64")]
        if let Some(avx) = Avx512::detect() {
            // SAFETY: `avx` proves the processor has the features
            // `fill_avx512` is compiled for.
            #[allow(unsafe_code)]
            unsafe {
                self.fill_avx512(avx, text, base)
            };
            return;
        }
        self.fill_with(Sse2, text, base);
    }

    /// [`NormText::fill`] compiled for AVX-512.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw")]
    fn fill_avx512(&mut self, avx: Avx512, text: &str, base: usize) {
        self.fill_with(avx, text, base);
    }

    /// [`NormText::fill`] with the blocks classified by `c`.
    #[inline(always)]
    fn fill_with<C: Classify>(&mut self, c: C, text: &str, base: usize) {
        let bytes = text.as_bytes();
        let n = bytes.len();
        self.tokens.clear();
        // ASCII never lengthens: each byte read writes at most one (a
        // separator is written once per run of separator bytes read), so
        // `w + (n - i) + 16 <= norm.len()` holds between characters, and
        // is restored after a non-ASCII character, which may lengthen.
        // Every byte up to `w` is written before it is read: the bytes left
        // from the last text are not cleared (only the new tail is zeroed).
        self.norm.resize(n + 16, 0);
        let mut f = Filler {
            norm: &mut self.norm,
            tokens: &mut self.tokens,
            w: 0,
            base,
            open: false,
            pending: 0,
            tok_norm_start: 0,
            tok_start: 0,
            tok_end: 0,
        };
        let mut i = 0;
        // No block is read before this byte: after a block that stopped at
        // a non-ASCII character, the rest of its 64 bytes goes through the
        // loop below, so text full of such characters classifies each byte
        // at most twice.
        let mut next_block = 0;
        while i < n {
            if i >= next_block
                && let Some(block) = bytes.get(i..).and_then(<[u8]>::first_chunk::<64>)
            {
                next_block = i + 64;
                i += fill_block(c, &mut f, block, i);
                continue;
            }
            let b = bytes[i];
            if b >= 128 {
                let Some(ch) = text.get(i..).and_then(|s| s.chars().next()) else {
                    break;
                };
                let end = i + ch.len_utf8();
                scan_char(ch, true, i, end, &mut f);
                i = end;
                let need = f.w + (n - i) + 16;
                if f.norm.len() < need {
                    f.norm.resize(need, 0);
                }
                continue;
            }
            let class = ASCII[b as usize];
            if class <= A_SOFT {
                f.separator(class == A_HARD);
                i += 1;
                continue;
            }
            f.begin(i);
            loop {
                let Some(chunk) = bytes.get(i..i + 8) else {
                    // The last bytes of the text, one at a time.
                    while let Some(&c) = bytes.get(i) {
                        if c >= 128 || ASCII[c as usize] <= A_SOFT {
                            break;
                        }
                        f.put(ASCII[c as usize]);
                        i += 1;
                    }
                    break;
                };
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let x = u64::from_le_bytes(word);
                let (alnum, upper) = classify8(x);
                let folded = (x | upper >> 2).to_le_bytes();
                let k = if alnum == HIGH {
                    8
                } else {
                    ((!alnum & HIGH).trailing_zeros() / 8) as usize
                };
                match f.norm.get_mut(f.w..f.w + 8) {
                    Some(dst) => {
                        dst.copy_from_slice(&folded);
                        f.w += k;
                    }
                    None => {
                        for &c in &folded[..k] {
                            f.put(c);
                        }
                    }
                }
                i += k;
                if k < 8 {
                    break;
                }
            }
            f.tok_end = i;
        }
        f.close();
        let w = f.w;
        self.norm.truncate(w);
    }
}

/// Normalizes a string to its key (tokens joined by separators).
pub fn normalize(text: &str) -> String {
    let mut n = NormText::default();
    n.fill(text, 0);
    String::from_utf8(n.norm).unwrap_or_default()
}

/// The letters and digits of `text` with their case kept and separators
/// dropped (Greek spelled out): what a case-sensitive name is compared on.
pub(crate) fn case_fold(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    case_fold_into(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`case_fold`] into a reusable buffer (cleared first).
pub(crate) fn case_fold_into(text: &str, out: &mut Vec<u8>) {
    struct S<'a>(&'a mut Vec<u8>);
    impl Sink for S<'_> {
        fn alnum(&mut self, bytes: &[u8], _: usize, _: usize) {
            self.0.extend_from_slice(bytes);
        }
        fn sep(&mut self, _: bool, _: bool, _: usize) {}
    }
    out.clear();
    scan(text, false, &mut S(out));
}

/// [`case_fold_into`] of UTF-8 bytes: ASCII (nearly every name and span)
/// is its letters and digits as they are, without the character scanner.
pub(crate) fn case_fold_bytes_into(bytes: &[u8], out: &mut Vec<u8>) {
    if bytes.is_ascii() {
        out.clear();
        out.extend(bytes.iter().filter(|b| b.is_ascii_alphanumeric()));
    } else {
        case_fold_into(std::str::from_utf8(bytes).unwrap_or(""), out);
    }
}

/// A name split into tokens, each with the separator before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameTokens {
    pub tokens: Vec<String>,
    /// `seps[i]` separates `tokens[i]` from `tokens[i + 1]`.
    pub seps: Vec<Sep>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sep {
    pub hard: bool,
    /// The separator was exactly one hyphen or dash.
    pub hyphen: bool,
}

pub(crate) fn name_tokens(name: &str) -> NameTokens {
    struct S {
        t: NameTokens,
        in_token: bool,
        pending: Option<Sep>,
        pending_count: usize,
    }
    impl Sink for S {
        fn alnum(&mut self, bytes: &[u8], _: usize, _: usize) {
            let s = String::from_utf8_lossy(bytes);
            if self.in_token {
                if let Some(last) = self.t.tokens.last_mut() {
                    last.push_str(&s);
                }
            } else {
                if !self.t.tokens.is_empty() {
                    let mut sep = self.pending.unwrap_or(Sep {
                        hard: false,
                        hyphen: false,
                    });
                    if self.pending_count != 1 {
                        sep.hyphen = false;
                    }
                    self.t.seps.push(sep);
                }
                self.t.tokens.push(s.into_owned());
                self.in_token = true;
                self.pending = None;
                self.pending_count = 0;
            }
        }
        fn sep(&mut self, hard: bool, hyphen: bool, _: usize) {
            self.in_token = false;
            self.pending_count += 1;
            let prev = self.pending.unwrap_or(Sep {
                hard: false,
                hyphen: true,
            });
            self.pending = Some(Sep {
                hard: hard || prev.hard,
                hyphen: hyphen && prev.hyphen,
            });
        }
    }
    let mut s = S {
        t: NameTokens {
            tokens: Vec::new(),
            seps: Vec::new(),
        },
        in_token: false,
        pending: None,
        pending_count: 0,
    };
    scan(name, true, &mut s);
    s.t
}

/// How a key was derived from a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum VariantKind {
    /// The name itself, normalized.
    Exact,
    /// Hyphens removed, tokens split or joined.
    Spelling,
    /// A plural of the last word.
    Plural,
}

fn join(tokens: &[String], seps: &[Sep], keep: impl Fn(usize) -> bool) -> String {
    let mut s = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            let sep = seps[i - 1];
            if keep(i - 1) {
                s.push(if sep.hard { HARD as char } else { SOFT as char });
            }
        }
        s.push_str(t);
    }
    s
}

fn is_greek_or_digits(t: &str) -> bool {
    GREEK_NAMES.contains(&t) || t.bytes().all(|b| b.is_ascii_digit())
}

/// Splits a token at letter/digit transitions: `il2` → `il 2`.
fn split_letter_digit(t: &str) -> Option<String> {
    let mut out = String::with_capacity(t.len() + 4);
    let mut prev: Option<bool> = None;
    let mut changed = false;
    for c in t.chars() {
        let digit = c.is_ascii_digit();
        if let Some(p) = prev
            && p != digit
        {
            out.push(SOFT as char);
            changed = true;
        }
        out.push(c);
        prev = Some(digit);
    }
    changed.then_some(out)
}

/// Irregular and Latin plurals of a final word.
fn plural_forms(word: &str) -> Vec<String> {
    let irregular: &[(&str, &str)] = &[
        ("mouse", "mice"),
        ("louse", "lice"),
        ("child", "children"),
        ("man", "men"),
        ("woman", "women"),
        ("foot", "feet"),
        ("tooth", "teeth"),
        ("ox", "oxen"),
    ];
    for &(s, p) in irregular {
        if word == s {
            return vec![p.to_string()];
        }
    }
    let n = word.len();
    if n < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let b = word.as_bytes();
    let consonant = |c: u8| !matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    if word.ends_with("sis") {
        out.push(format!("{}ses", &word[..n - 3]));
    } else if word.ends_with("us") && n > 4 {
        out.push(format!("{}i", &word[..n - 2]));
        out.push(format!("{word}es"));
    } else if word.ends_with("um") && n > 4 {
        out.push(format!("{}a", &word[..n - 2]));
        out.push(format!("{word}s"));
    } else if word.ends_with('a') && n > 4 {
        out.push(format!("{word}e"));
        out.push(format!("{word}s"));
    } else if word.ends_with('y') && consonant(b[n - 2]) {
        out.push(format!("{}ies", &word[..n - 1]));
    } else if word.ends_with('s')
        || word.ends_with('x')
        || word.ends_with('z')
        || word.ends_with("ch")
        || word.ends_with("sh")
    {
        out.push(format!("{word}es"));
    } else {
        out.push(format!("{word}s"));
    }
    out
}

/// What kinds of variants a name gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VariantRules {
    /// Generate plurals of the last word.
    pub plurals: bool,
    /// The name is a short case-sensitive symbol: its plural only takes `s`.
    pub symbol: bool,
}

/// The keys a name is indexed under, each with how it was derived; the first
/// is the exact key. Empty when the name has no letters or digits.
pub(crate) fn name_variants(name: &str, rules: VariantRules) -> Vec<(String, VariantKind)> {
    let nt = name_tokens(name);
    if nt.tokens.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<(String, VariantKind)> = Vec::with_capacity(4);
    let push = |out: &mut Vec<(String, VariantKind)>, key: String, kind: VariantKind| {
        if !key.is_empty() && !out.iter().any(|(k, _)| *k == key) {
            out.push((key, kind));
        }
    };
    let exact = join(&nt.tokens, &nt.seps, |_| true);
    push(&mut out, exact, VariantKind::Exact);
    let mut spelled = Vec::new();
    // Long names (systematic chemical names) get no variants: they are
    // written out exactly when written at all.
    let short = out[0].0.len() <= 48 && nt.tokens.len() <= 6;
    if !short {
        return out;
    }
    if nt.seps.iter().any(|s| s.hyphen) {
        spelled.push(join(&nt.tokens, &nt.seps, |i| !nt.seps[i].hyphen));
    }
    if nt.tokens.len() > 1 {
        let joined = join(&nt.tokens, &nt.seps, |i| {
            nt.seps[i].hard || !is_greek_or_digits(&nt.tokens[i + 1])
        });
        spelled.push(joined);
        // Greek letters alone joined to what precedes them: "IL-1 beta"
        // is written "IL-1β" (`il 1beta`), digits kept apart.
        spelled.push(join(&nt.tokens, &nt.seps, |i| {
            nt.seps[i].hard || !GREEK_NAMES.contains(&nt.tokens[i + 1].as_str())
        }));
    }
    if rules.symbol && nt.tokens.len() <= 2 {
        let split: Vec<String> = nt
            .tokens
            .iter()
            .map(|t| split_letter_digit(t).unwrap_or_else(|| t.clone()))
            .collect();
        let s = join(&split, &nt.seps, |_| true);
        spelled.push(s);
    }
    for s in spelled {
        push(&mut out, s, VariantKind::Spelling);
    }
    if rules.plurals {
        let bases: Vec<String> = out.iter().map(|(k, _)| k.clone()).collect();
        for base in bases {
            let (head, last) = match base.rfind([SOFT as char, HARD as char]) {
                Some(p) => (&base[..=p], &base[p + 1..]),
                None => ("", base.as_str()),
            };
            let forms = if rules.symbol {
                if last.bytes().all(|b| b.is_ascii_alphanumeric()) && !last.ends_with('s') {
                    vec![format!("{last}s")]
                } else {
                    Vec::new()
                }
            } else {
                plural_forms(last)
            };
            for f in forms {
                push(&mut out, format!("{head}{f}"), VariantKind::Plural);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        assert_eq!(normalize(input), expect, "normalize({input:?})");
    }

    #[test]
    fn folds_case_separators_and_greek() {
        check("Hepatocyte Growth Factor", "hepatocyte growth factor");
        check("TGF-β", "tgf beta");
        check("TGF-beta", "tgf beta");
        check("TGFβ1", "tgfbeta1");
        check("  IL-1β  ", "il 1beta");
        check("Alzheimer’s disease", "alzheimer s disease");
        check("Diabetes Mellitus, Type 2", "diabetes mellitus|type 2");
        check("CD4+ T cells", "cd4|t cells");
        check("Sjögren syndrome", "sjogren syndrome");
        check("10 µM", "10 mum");
        check("Na+/K+-ATPase", "na|k|atpase");
        check("—", "");
    }

    /// `NormText::fill` the plain way: the character scanner, one call per
    /// run or character.
    fn fill_by_scan(text: &str, base: usize) -> NormText {
        struct S {
            out: NormText,
            base: usize,
            open: bool,
            pending: Option<u8>,
        }
        impl Sink for S {
            fn alnum(&mut self, bytes: &[u8], start: usize, end: usize) {
                if !self.open {
                    if !self.out.norm.is_empty() {
                        self.out.norm.push(self.pending.unwrap_or(SOFT));
                    }
                    self.pending = None;
                    self.out.tokens.push(Token {
                        norm_start: self.out.norm.len() as u32,
                        norm_end: 0,
                        start: self.base + start,
                        end: 0,
                    });
                    self.open = true;
                }
                self.out.norm.extend_from_slice(bytes);
                let t = self.out.tokens.last_mut().unwrap();
                t.norm_end = self.out.norm.len() as u32;
                t.end = self.base + end;
            }
            fn sep(&mut self, hard: bool, _: bool, _: usize) {
                self.open = false;
                let hard = hard || self.pending == Some(HARD);
                self.pending = Some(if hard { HARD } else { SOFT });
            }
        }
        let mut s = S {
            out: NormText::default(),
            base,
            open: false,
            pending: None,
        };
        scan(text, true, &mut s);
        s.out
    }

    #[test]
    fn sixteen_byte_classes_are_the_eight_byte_classes() {
        // Every byte value at every position of a 16-byte group, among
        // letters of both cases, digits, separators and non-ASCII bytes.
        let filler: Vec<u8> = b"aZ0 -,\xff9zA.\x80m_(Q7".to_vec();
        for b in 0..=255u8 {
            for at in 0..16 {
                let mut bytes = [0u8; 16];
                for (i, x) in bytes.iter_mut().enumerate() {
                    *x = filler[(i + usize::from(b)) % filler.len()];
                }
                bytes[at] = b;
                let Classes16 {
                    alnum,
                    high,
                    hard,
                    folded,
                } = classify16(&bytes);
                for half in 0..2 {
                    let mut word = [0u8; 8];
                    word.copy_from_slice(&bytes[8 * half..8 * half + 8]);
                    let x = u64::from_le_bytes(word);
                    let (a, upper) = classify8(x);
                    let fold = (x | upper >> 2).to_le_bytes();
                    for (k, &fold_k) in fold.iter().enumerate() {
                        let i = 8 * half + k;
                        let what = format!("byte {b:#04x} at {at}, lane {i}");
                        assert_eq!(alnum >> i & 1 == 1, a >> (8 * k + 7) & 1 == 1, "{what}");
                        assert_eq!(high >> i & 1 == 1, bytes[i] >= 0x80, "{what}");
                        assert_eq!(folded[i], fold_k, "{what}");
                        let is_hard = bytes[i] < 0x80 && ASCII[usize::from(bytes[i])] == A_HARD;
                        assert_eq!(hard >> i & 1 == 1, is_hard, "{what}");
                    }
                }
            }
        }
    }

    #[test]
    fn blocks_classify_the_same_on_every_path() {
        // Every byte value at every offset of a block, and the fills of
        // texts long enough for blocks, on each classifier the processor
        // runs.
        let mut blocks = Vec::new();
        for shift in 0..64 {
            for start in (0..256).step_by(64) {
                let b: Vec<u8> = (0..64).map(|k| ((start + k + shift) % 256) as u8).collect();
                blocks.push(b);
            }
        }
        let text = "Hepatocyte growth factor (HGF), TGF-β1; IL-6/STAT3 — in C57BL/6 mice's livers.\t\u{7f}_`x"
            .repeat(9);
        #[cfg(target_arch = "x86_64")]
        match Avx512::detect() {
            Some(avx) => {
                for b in &blocks {
                    let (mut f1, mut f2) = ([0u8; 80], [0u8; 80]);
                    let b: &[u8; 64] = b.as_slice().try_into().expect("64 bytes");
                    let c1 = Sse2.classify64(b, &mut f1);
                    let c2 = avx.classify64(b, &mut f2);
                    assert_eq!(c1, c2, "{b:?}");
                    assert_eq!(f1[..64], f2[..64], "{b:?}");
                }
                let (mut a, mut b) = (NormText::default(), NormText::default());
                a.fill_with(Sse2, &text, 5);
                // SAFETY: `avx` proves the processor has AVX-512.
                #[allow(unsafe_code)]
                unsafe {
                    b.fill_avx512(avx, &text, 5)
                };
                assert_eq!(a.norm, b.norm);
                assert_eq!(a.tokens, b.tokens);
            }
            None => eprintln!("no AVX-512 on this processor: its path is not tested here"),
        }
        let mut n = NormText::default();
        n.fill_with(Sse2, &text, 0);
        let r = fill_by_scan(&text, 0);
        assert_eq!(n.norm, r.norm);
        assert_eq!(n.tokens, r.tokens);
    }

    #[test]
    fn fill_reads_eight_bytes_at_a_time_as_the_scanner_does_one() {
        // Runs of every length around the 8-byte steps, capitals, digits,
        // the bytes just outside each class, and non-ASCII characters that
        // lengthen the text (Greek, compatibility forms) at every offset.
        let pieces = [
            "a",
            "Ab",
            "ABCDEFG",
            "abcdefgh",
            "ABCDEFGHI",
            "x1y2Z3w4v5",
            "@[`{/:",
            " ",
            "-",
            ",",
            "β",
            "ﬁ",
            "²",
            "Ǆ",
            "é",
            "\u{FDFA}",
            "\t\n",
            "0123456789",
            "Zz",
            "\u{7f}",
            "’",
        ];
        let mut texts = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                    texts.push(format!("{a}{a}{b}{b}{c}{c}{a}{b}"));
                }
            }
        }
        let mut long = String::new();
        for (i, t) in texts.iter().enumerate().take(3000) {
            long.push_str(t);
            long.push_str(pieces[i % pieces.len()]);
        }
        texts.push(long);
        let mut n = NormText::default();
        for t in &texts {
            for base in [0, 7] {
                n.fill(t, base);
                let r = fill_by_scan(t, base);
                assert_eq!(n.norm, r.norm, "{t:?}");
                assert_eq!(n.tokens, r.tokens, "{t:?}");
                // The portable path too, where `fill` took AVX-512.
                n.fill_with(Sse2, t, base);
                assert_eq!((&n.norm, &n.tokens), (&r.norm, &r.tokens), "{t:?}");
            }
        }
    }

    #[test]
    fn fill_reads_64_byte_blocks_as_the_scanner_does_one_byte() {
        // Texts longer than a block, built from pieces that put token
        // starts and ends, separator runs (soft, hard, mixed) and non-ASCII
        // characters at every offset of a block, and runs longer than a block.
        let letters = "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789".repeat(3);
        let spaces = " ".repeat(70);
        let mixed = " -,.;/ ".repeat(11);
        let pieces = [
            "a",
            "Ab",
            "ABCDEFGHI",
            "x1y2Z3w4v5",
            " ",
            ", ",
            "-",
            "((",
            "\u{7f}",
            "\t\n",
            "β",
            "é",
            "ﬁ",
            "\u{00AD}",
            "’",
            letters.as_str(),
            spaces.as_str(),
            mixed.as_str(),
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |k: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % k as u64) as usize
        };
        let mut n = NormText::default();
        for round in 0..400 {
            let mut t = String::new();
            while t.len() < 64 + round {
                t.push_str(pieces[next(pieces.len())]);
            }
            for base in [0, 3] {
                n.fill(&t, base);
                let r = fill_by_scan(&t, base);
                assert_eq!(n.norm, r.norm, "{t:?}");
                assert_eq!(n.tokens, r.tokens, "{t:?}");
                n.fill_with(Sse2, &t, base);
                assert_eq!((&n.norm, &n.tokens), (&r.norm, &r.tokens), "{t:?}");
            }
        }
    }

    #[test]
    fn text_tokens_map_back_to_source() {
        let text = "The TGF-β pathway, in mice.";
        let mut n = NormText::default();
        n.fill(text, 100);
        assert_eq!(
            String::from_utf8(n.norm.clone()).unwrap(),
            "the tgf beta pathway|in mice"
        );
        let spans: Vec<&str> = n
            .tokens
            .iter()
            .map(|t| &text[t.start - 100..t.end - 100])
            .collect();
        assert_eq!(spans, ["The", "TGF", "β", "pathway", "in", "mice"]);
        for t in &n.tokens {
            let tok = &n.norm[t.norm_start as usize..t.norm_end as usize];
            assert!(!tok.contains(&SOFT) && !tok.contains(&HARD));
        }
    }

    #[test]
    fn case_fold_keeps_case() {
        assert_eq!(case_fold("TGF-β"), "TGFbeta");
        assert_eq!(case_fold("Hep G2"), "HepG2");
    }

    #[test]
    fn case_fold_of_bytes_is_case_fold() {
        let mut out = Vec::new();
        for text in [
            "TGF-β",
            "Hep G2",
            "Na+/K+-ATPase",
            "IL-6 (interleukin 6), 2'-O-methyl; x_y.z`w",
            "\t\x7f\x01 MET ~!@#$%^&*{}[]<>?",
            "Sjögren ﬁbrosis ²",
            "",
        ] {
            case_fold_bytes_into(text.as_bytes(), &mut out);
            assert_eq!(out, case_fold(text).as_bytes(), "{text:?}");
        }
    }

    fn keys(name: &str, plurals: bool, symbol: bool) -> Vec<String> {
        name_variants(name, VariantRules { plurals, symbol })
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    #[test]
    fn variants_cover_spelling_and_plurals() {
        assert_eq!(keys("Hep-G2", false, true), ["hep g2", "hepg2", "hep g 2"]);
        assert_eq!(keys("TGF-beta", false, false), ["tgf beta", "tgfbeta"]);
        assert_eq!(keys("IL2", false, true), ["il2", "il 2"]);
        // The text "IL-1β" normalizes to `il 1beta`.
        assert_eq!(
            keys("IL-1 beta", false, false),
            ["il 1 beta", "il1 beta", "il1beta", "il 1beta"]
        );
        assert_eq!(normalize("IL-1β"), "il 1beta");
        assert_eq!(keys("T cell", true, false), ["t cell", "t cells"]);
        assert_eq!(keys("mouse", true, false), ["mouse", "mice"]);
        assert_eq!(
            keys("liver fibrosis", true, false),
            ["liver fibrosis", "liver fibroses"]
        );
        assert_eq!(keys("MSC", true, true), ["msc", "mscs"]);
        assert_eq!(keys("body", true, false), ["body", "bodies"]);
        assert!(keys("+", true, false).is_empty());
    }
}
