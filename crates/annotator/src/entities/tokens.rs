//! Tokens for entity tagging: runs of letters and digits, and every other
//! visible character on its own. Offsets are UTF-8 byte offsets.

/// A token: the half-open byte range `start..end` of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Token {
    pub start: u32,
    pub end: u32,
}

impl Token {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.range()).unwrap_or("")
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits `text[start..end]` into tokens, appending them to `out`.
/// Offsets in the tokens are absolute (into `text`).
pub fn tokenize_into(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let Some(slice) = text.get(start..end) else {
        return;
    };
    let mut word_start: Option<usize> = None;
    for (i, c) in slice.char_indices() {
        let at = start + i;
        if is_word_char(c) {
            if word_start.is_none() {
                word_start = Some(at);
            }
            continue;
        }
        if let Some(ws) = word_start.take() {
            out.push(Token {
                start: ws as u32,
                end: at as u32,
            });
        }
        if !c.is_whitespace() {
            out.push(Token {
                start: at as u32,
                end: (at + c.len_utf8()) as u32,
            });
        }
    }
    if let Some(ws) = word_start {
        out.push(Token {
            start: ws as u32,
            end: end as u32,
        });
    }
}

/// Tokens of a whole text.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    tokenize_into(text, 0, text.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &[&str]) {
        let got: Vec<&str> = tokenize(input).iter().map(|t| t.text(input)).collect();
        assert_eq!(got, expect, "tokens of {input:?}");
    }

    #[test]
    fn splits_words_and_punctuation() {
        check(
            "IL-6 and TNF-α (TNFα) rose.",
            &[
                "IL", "-", "6", "and", "TNF", "-", "α", "(", "TNFα", ")", "rose", ".",
            ],
        );
        check("  ", &[]);
        check("CCl4-induced", &["CCl4", "-", "induced"]);
        check("5′-nucleotidase", &["5", "′", "-", "nucleotidase"]);
    }
}
