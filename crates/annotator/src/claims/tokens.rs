//! A small tokenizer for English biomedical prose.
//!
//! Words keep internal hyphens, apostrophes and dots between alphanumerics
//! ("T-cell", "IL-1β", "3.5", "Crohn's"); every other non-space character is
//! a token of its own. The tokenizer is a single left-to-right pass: linear
//! in the input, whatever the input.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Starts with a letter.
    Word,
    /// Starts with a digit.
    Number,
    /// A single other character.
    Punct,
}

/// A token: a byte span of the text it came from, with its lowercase form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    pub lower: String,
    /// A word of two or more ASCII capitals and nothing else ("BE",
    /// "AND", "MSC"): spelled like a function word, an acronym.
    pub caps: bool,
}

impl Token {
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct && self.lower.starts_with(c)
    }

    pub fn is(&self, word: &str) -> bool {
        self.lower == word
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.' | '‐' | '‑' | '+')
}

/// Splits `text` into tokens. Offsets are byte offsets into `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let kind = if c.is_numeric() {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            let mut end = start + c.len_utf8();
            loop {
                match chars.peek().copied() {
                    Some((i, d)) if d.is_alphanumeric() => {
                        end = i + d.len_utf8();
                        chars.next();
                    }
                    Some((i, d)) if is_joiner(d) => {
                        // A joiner stays inside the word only when an
                        // alphanumeric follows it ("T-cell", "3.5"); a
                        // trailing "+" ("CD4+") is kept too.
                        let next = text[i + d.len_utf8()..].chars().next();
                        match next {
                            Some(n) if n.is_alphanumeric() => {
                                end = i + d.len_utf8();
                                chars.next();
                            }
                            _ if d == '+' => {
                                end = i + d.len_utf8();
                                chars.next();
                                break;
                            }
                            _ => break,
                        }
                    }
                    _ => break,
                }
            }
            // A genus abbreviated before its species ("C. elegans", "E.
            // coli") keeps its dot: no sentence or phrase ends there.
            if end == start + 1
                && c.is_ascii_uppercase()
                && text[end..].starts_with(". ")
                && text[end + 2..].starts_with(|n: char| n.is_lowercase())
            {
                end += 1;
                chars.next();
            }
            let word = &text[start..end];
            // A contraction is a verb and "not": "doesn't" → "does" +
            // "not", "can't" → "can" + "not", "won't" → "will" + "not".
            let lower = word.to_lowercase();
            let suffix = ["n't", "n’t", "N'T", "N’T"]
                .into_iter()
                .find(|x| word.len() > x.len() && word.ends_with(x));
            if let Some(suffix) = suffix {
                let split = end - suffix.len();
                let stem = &lower[..lower.len() - suffix.len()];
                let verb = match stem {
                    "ca" => "can",
                    "wo" => "will",
                    "sha" => "shall",
                    s => s,
                };
                tokens.push(Token {
                    start,
                    end: split,
                    kind,
                    lower: verb.to_owned(),
                    caps: false,
                });
                tokens.push(Token {
                    start: split,
                    end,
                    kind: TokenKind::Word,
                    lower: "not".to_owned(),
                    caps: false,
                });
                continue;
            }
            tokens.push(Token {
                start,
                end,
                kind,
                lower,
                // One byte test for most words (they start in lower case).
                caps: word.len() >= 2 && word.bytes().all(|b| b.is_ascii_uppercase()),
            });
        } else {
            let end = start + c.len_utf8();
            tokens.push(Token {
                start,
                end,
                kind: TokenKind::Punct,
                lower: c.to_string(),
                caps: false,
            });
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        let got: Vec<&str> = tokenize(input)
            .iter()
            .map(|t| &input[t.start..t.end])
            .collect();
        assert_eq!(got.join(" | "), expect, "tokens of {input:?}");
    }

    #[test]
    fn words_numbers_and_punctuation() {
        check(
            "MSCs secrete HGF, VEGF, and EVs.",
            "MSCs | secrete | HGF | , | VEGF | , | and | EVs | .",
        );
        check(
            "T-cell activation (HSCs) in CD4+ cells",
            "T-cell | activation | ( | HSCs | ) | in | CD4+ | cells",
        );
        check(
            "Th17/Treg balance of 3.5 mg—including IL-1β",
            "Th17 | / | Treg | balance | of | 3.5 | mg | — | including | IL-1β",
        );
        check(
            "binds C. elegans lin15A. E. The end",
            "binds | C. | elegans | lin15A | . | E | . | The | end",
        );
        check(
            "matrix(ECM) e.g. Crohn's",
            "matrix | ( | ECM | ) | e.g | . | Crohn's",
        );
        check("", "");
    }

    #[test]
    fn contractions_are_a_verb_and_not() {
        check("This doesn't affect", "This | does | n't | affect");
        let lower: Vec<String> = tokenize("It can’t bind and won't")
            .into_iter()
            .map(|t| t.lower)
            .collect();
        assert_eq!(lower, ["it", "can", "not", "bind", "and", "will", "not"]);
    }
}
