//! Features of tokens for the sequence tagger: the word and its neighbours,
//! word shape, prefixes and suffixes, and features supplied by the caller
//! (lexicon matches). Every feature is a 64-bit FNV-1a hash of its template
//! number and its value, so the same feature always gets the same key.

use super::tokens::Token;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// An incremental FNV-1a hasher; deterministic across runs and platforms.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    pub fn new(template: u8) -> Self {
        let mut h = Fnv(FNV_OFFSET);
        h.byte(template);
        h
    }

    #[inline]
    pub fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(FNV_PRIME);
    }

    #[inline]
    pub fn bytes(&mut self, bs: &[u8]) -> &mut Self {
        for &b in bs {
            self.byte(b);
        }
        self
    }

    /// The key; never 0 (0 marks empty slots in weight tables).
    #[inline]
    pub fn finish(&self) -> u64 {
        if self.0 == 0 { 1 } else { self.0 }
    }
}

/// A feature key from a template number and a value.
pub fn key(template: u8, value: &[u8]) -> u64 {
    Fnv::new(template).bytes(value).finish()
}

/// Greek letters fold to one shape class.
fn is_greek(c: char) -> bool {
    ('\u{0391}'..='\u{03c9}').contains(&c)
}

fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if is_greek(c) {
        'g'
    } else if c.is_lowercase() || c.is_alphabetic() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// The word shape with runs shortened to at most two: `IL6` → `XXd`,
/// `Interleukin` → `Xxx`.
fn shape(word: &str, max_run: usize) -> String {
    let mut out = String::with_capacity(8);
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = shape_class(c);
        if s == last {
            run += 1;
            if run >= max_run {
                continue;
            }
        } else {
            last = s;
            run = 0;
        }
        out.push(s);
    }
    out
}

/// What a token carries into feature extraction.
#[derive(Debug, Clone)]
pub(crate) struct TokenInfo {
    lower: String,
    shape: String,
    short_shape: String,
}

pub(crate) fn token_infos(text: &str, tokens: &[Token]) -> Vec<TokenInfo> {
    tokens
        .iter()
        .map(|t| {
            let w = t.text(text);
            TokenInfo {
                lower: w.to_lowercase(),
                shape: shape(w, 2),
                short_shape: shape(w, 1),
            }
        })
        .collect()
}

const BOS: &str = "<s>";
const EOS: &str = "</s>";

/// The features of every token, in `out[i]`. `extra[i]` are the caller's
/// features of token `i` (may be empty); they are also given to the
/// neighbours, marked by side.
pub(crate) fn extract(text: &str, tokens: &[Token], extra: &[Vec<u64>], out: &mut Vec<Vec<u64>>) {
    let infos = token_infos(text, tokens);
    let n = tokens.len();
    out.clear();
    out.resize_with(n, Vec::new);
    let word = |i: isize| -> &str {
        if i < 0 {
            BOS
        } else if i as usize >= n {
            EOS
        } else {
            &infos[i as usize].lower
        }
    };
    let sshape = |i: isize| -> &str {
        if i < 0 {
            BOS
        } else if i as usize >= n {
            EOS
        } else {
            &infos[i as usize].short_shape
        }
    };
    for i in 0..n {
        let f = &mut out[i];
        f.reserve(40);
        let ii = i as isize;
        let info = &infos[i];
        let w = info.lower.as_bytes();
        f.push(key(0, b""));
        f.push(key(1, w));
        f.push(key(2, word(ii - 1).as_bytes()));
        f.push(key(3, word(ii + 1).as_bytes()));
        f.push(key(4, word(ii - 2).as_bytes()));
        f.push(key(5, word(ii + 2).as_bytes()));
        f.push(
            Fnv::new(6)
                .bytes(word(ii - 1).as_bytes())
                .bytes(b"|")
                .bytes(w)
                .finish(),
        );
        f.push(
            Fnv::new(7)
                .bytes(w)
                .bytes(b"|")
                .bytes(word(ii + 1).as_bytes())
                .finish(),
        );
        f.push(key(8, info.shape.as_bytes()));
        f.push(key(9, info.short_shape.as_bytes()));
        f.push(
            Fnv::new(10)
                .bytes(sshape(ii - 1).as_bytes())
                .bytes(b"|")
                .bytes(info.short_shape.as_bytes())
                .finish(),
        );
        f.push(
            Fnv::new(11)
                .bytes(info.short_shape.as_bytes())
                .bytes(b"|")
                .bytes(sshape(ii + 1).as_bytes())
                .finish(),
        );
        // The word as written (case matters for symbols).
        f.push(key(12, tokens[i].text(text).as_bytes()));
        // Prefixes and suffixes by characters.
        let chars: Vec<(usize, char)> = info.lower.char_indices().collect();
        let nc = chars.len();
        for k in 1..=4.min(nc) {
            let end = chars.get(k).map_or(w.len(), |c| c.0);
            f.push(key(13 + k as u8, &w[..end]));
        }
        for k in 1..=5.min(nc) {
            let start = chars[nc - k].0;
            f.push(key(18 + k as u8, &w[start..]));
        }
        let len_bucket = match nc {
            1 => 1u8,
            2 => 2,
            3 => 3,
            4..=5 => 4,
            6..=8 => 5,
            _ => 6,
        };
        f.push(key(24, &[len_bucket]));
        // Adjacency: whether the token touches its neighbours (no space).
        let touch_prev = i > 0 && tokens[i - 1].end == tokens[i].start;
        let touch_next = i + 1 < n && tokens[i].end == tokens[i + 1].start;
        f.push(key(25, &[u8::from(touch_prev), u8::from(touch_next)]));
        // Inside parentheses (an abbreviation or an aside).
        let prev_paren = i > 0 && tokens[i - 1].text(text) == "(";
        let next_paren = i + 1 < n && tokens[i + 1].text(text) == ")";
        f.push(key(26, &[u8::from(prev_paren), u8::from(next_paren)]));
        if let Some(ex) = extra.get(i) {
            f.extend_from_slice(ex);
        }
        if i > 0
            && let Some(ex) = extra.get(i - 1)
        {
            f.extend(ex.iter().map(|k| Fnv(*k).bytes(b"<").finish()));
        }
        if let Some(ex) = extra.get(i + 1) {
            f.extend(ex.iter().map(|k| Fnv(*k).bytes(b">").finish()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        assert_eq!(shape(input, 2), expect, "shape of {input:?}");
    }

    #[test]
    fn shapes() {
        check("IL6", "XXd");
        check("Interleukin", "Xxx");
        check("TNFα", "XXg");
        check("p53", "xdd");
        check("CCl4", "XXxd");
    }

    #[test]
    fn keys_are_stable() {
        // A changed key silently invalidates every shipped model.
        assert_eq!(key(1, b"hgf"), key(1, b"hgf"));
        assert_ne!(key(1, b"hgf"), key(2, b"hgf"));
        assert_eq!(key(1, b"hgf"), 0x7e51_1277_be6a_5775);
    }
}
