//! Document text is data: escapers for the three template languages, and
//! safe file names.
//!
//! Every value a template prints goes through the escaper of its format
//! (tera's autoescaping, set per format in [`crate::templates`]):
//!
//! - HTML: tera's own `escape_html` (`& < > " '`).
//! - Markdown: [`markdown`] backslash-escapes the characters CommonMark and
//!   GitHub give a meaning to, turns `<` and `&` into entities, and folds line
//!   breaks so that a value can never start a heading, list, table row or
//!   HTML block.
//! - Typst: [`typst`] backslash-escapes every character that starts markup,
//!   code, math, labels, references or comments, so a title such as
//!   `#eval("...")` is printed, never run.

use std::io::Write;

/// Escapes a value for Markdown (CommonMark with GitHub extensions).
pub fn markdown(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let mut buf = String::with_capacity(input.len() + 8);
    markdown_into(input, &mut buf);
    out.write_all(buf.as_bytes())
}

/// [`markdown`] into a `String`.
pub fn markdown_string(input: &str) -> String {
    let mut buf = String::with_capacity(input.len() + 8);
    markdown_into(input, &mut buf);
    buf
}

fn markdown_into(input: &str, buf: &mut String) {
    let input = input.trim();
    // A value may land at the start of a line: block markers there must not
    // take effect. "1. ", "- ", "+ " start lists only when a space follows;
    // "---" and "===" lines are rules and heading underlines.
    let bytes = input.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let spaced = |i: usize| bytes.get(i).is_none_or(|b| b.is_ascii_whitespace());
    let ordered_marker =
        digits > 0 && matches!(bytes.get(digits), Some(b'.' | b')')) && spaced(digits + 1);
    let rule_line = !input.is_empty() && input.bytes().all(|b| matches!(b, b'-' | b'=' | b' '));
    let chars: Vec<char> = input.chars().collect();
    let mut prev_space = false;
    let mut pos = 0;
    for (k, &c) in chars.iter().enumerate() {
        let i = pos;
        pos += c.len_utf8();
        let word = |x: Option<&char>| x.is_some_and(|c| c.is_alphanumeric());
        match c {
            '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\t' => {
                if !prev_space {
                    buf.push(' ');
                }
                prev_space = true;
                continue;
            }
            '<' => buf.push_str("&lt;"),
            '&' => buf.push_str("&amp;"),
            '\\' | '`' | '*' | '[' | ']' | '#' | '|' | '~' | '$' | '>' | '{' | '}' => {
                buf.push('\\');
                buf.push(c);
            }
            // Inside a word an underscore can neither open nor close emphasis.
            '_' if !(k > 0 && word(chars.get(k - 1)) && word(chars.get(k + 1))) => {
                buf.push_str("\\_")
            }
            '-' | '+' if i == 0 && spaced(1) => {
                buf.push('\\');
                buf.push(c);
            }
            '-' | '=' if i == 0 && rule_line => {
                buf.push('\\');
                buf.push(c);
            }
            '.' | ')' if ordered_marker && i == digits => {
                buf.push('\\');
                buf.push(c);
            }
            c if c.is_control() => {}
            c => buf.push(c),
        }
        prev_space = false;
    }
}

/// Escapes a value for Typst markup.
pub fn typst(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let mut buf = String::with_capacity(input.len() + 8);
    typst_into(input, &mut buf);
    out.write_all(buf.as_bytes())
}

/// [`typst`] into a `String`.
pub fn typst_string(input: &str) -> String {
    let mut buf = String::with_capacity(input.len() + 8);
    typst_into(input, &mut buf);
    buf
}

fn typst_into(input: &str, buf: &mut String) {
    let input = input.trim();
    let mut chars = input.chars().peekable();
    let mut first = true;
    let mut prev_space = false;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\t' => {
                if !prev_space {
                    buf.push(' ');
                }
                prev_space = true;
                first = false;
                continue;
            }
            // Markup, code, math, raw, labels, references, escapes, smart
            // quotes and non-breaking spaces.
            '\\' | '#' | '[' | ']' | '$' | '*' | '_' | '`' | '<' | '>' | '@' | '~' | '"' | '\'' => {
                buf.push('\\');
                buf.push(c);
            }
            // Comments (`//`, `/*`) and term lists at the start of a line.
            '/' if first || matches!(next, Some('/' | '*')) => {
                buf.push_str("\\/");
            }
            // Headings and lists at the start of a line; the `--`, `---`
            // and `-?` shorthands anywhere.
            '=' | '+' if first => {
                buf.push('\\');
                buf.push(c);
            }
            '-' if first || matches!(next, Some('-' | '?')) => {
                buf.push_str("\\-");
            }
            // Numbered lists ("1. ") at the start of a line.
            '.' if buf.bytes().all(|b| b.is_ascii_digit()) && !buf.is_empty() => {
                buf.push_str("\\.");
            }
            // A space before a backslash-newline is harmless, but a bare
            // control character is not printable.
            c if c.is_control() => {}
            c => buf.push(c),
        }
        first = false;
        prev_space = false;
    }
}

/// A Typst string literal (with its quotes) holding `input` verbatim.
pub fn typst_str_literal(input: &str) -> String {
    let mut buf = String::with_capacity(input.len() + 2);
    buf.push('"');
    for c in input.chars() {
        match c {
            '\\' => buf.push_str("\\\\"),
            '"' => buf.push_str("\\\""),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            c if c.is_control() => {}
            c => buf.push(c),
        }
    }
    buf.push('"');
    buf
}

/// XML text and attribute escaping, for SVG.
pub fn xml(input: &str) -> String {
    let mut buf = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => buf.push_str("&amp;"),
            '<' => buf.push_str("&lt;"),
            '>' => buf.push_str("&gt;"),
            '"' => buf.push_str("&quot;"),
            '\'' => buf.push_str("&#39;"),
            c if c.is_control() => buf.push(' '),
            c => buf.push(c),
        }
    }
    buf
}

/// A file name stem derived from arbitrary text (a title, a document id, an
/// input's name): lowercase ASCII letters, digits and single `-`, at most
/// 80 bytes, never empty, never `.` or `..`, never containing a path
/// separator. Letters with diacritics lose them where that is a simple
/// mapping; other characters become `-`.
pub fn file_stem(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(80));
    let mut dash = false;
    for c in text.chars() {
        let mapped = match c {
            'a'..='z' | '0'..='9' => Some(c),
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                Some('a')
            }
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => Some('e'),
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => Some('i'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => {
                Some('o')
            }
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => Some('u'),
            'ç' | 'Ç' => Some('c'),
            'ñ' | 'Ñ' => Some('n'),
            'α' => Some('a'),
            'β' => Some('b'),
            'γ' => Some('g'),
            'κ' => Some('k'),
            _ => None,
        };
        match mapped {
            Some(m) => {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                if out.len() >= 80 {
                    break;
                }
                out.push(m);
            }
            None => dash = true,
        }
    }
    if out.is_empty() {
        out.push_str("briefing");
    }
    out
}

/// A fragment identifier (HTML `id`, Typst label) made from a prefix and a
/// position, never from document text.
pub(crate) fn anchor(prefix: &str, index: usize) -> String {
    format!("{prefix}-{}", index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_control_characters() {
        assert_eq!(
            markdown_string("a *b* _c_ [d](e) `f`"),
            r"a \*b\* \_c\_ \[d\](e) \`f\`"
        );
        assert_eq!(
            markdown_string("<script>alert(1)</script>"),
            "&lt;script\\>alert(1)&lt;/script\\>"
        );
        assert_eq!(markdown_string("# heading"), r"\# heading");
        assert_eq!(markdown_string("- item"), r"\- item");
        assert_eq!(markdown_string("1. item"), r"1\. item");
        assert_eq!(markdown_string("a | b"), r"a \| b");
        assert_eq!(markdown_string("line\n\n# two"), r"line \# two");
        assert_eq!(markdown_string("T-cell 5.2 mg"), "T-cell 5.2 mg");
        assert_eq!(markdown_string("0.58"), "0.58");
        assert_eq!(markdown_string("+0.50"), "+0.50");
        assert_eq!(markdown_string("---"), r"\---");
        assert_eq!(
            markdown_string("tier_prior CVCL_5792"),
            "tier_prior CVCL_5792"
        );
        assert_eq!(markdown_string("snake _it_ x_"), r"snake \_it\_ x\_");
        assert_eq!(markdown_string("&lt;"), "&amp;lt;");
    }

    #[test]
    fn typst_escapes_markup_and_code() {
        assert_eq!(typst_string("#eval(\"1\")"), r#"\#eval(\"1\")"#);
        assert_eq!(
            typst_string("#import \"x.typ\": *"),
            r#"\#import \"x.typ\": \*"#
        );
        assert_eq!(
            typst_string("$x$ @ref <lab> *b* _e_"),
            r"\$x\$ \@ref \<lab\> \*b\* \_e\_"
        );
        assert_eq!(typst_string("[a] \\ b"), r"\[a\] \\ b");
        assert_eq!(typst_string("= Heading"), r"\= Heading");
        assert_eq!(typst_string("- list"), r"\- list");
        assert_eq!(
            typst_string("a // comment /* c */"),
            r"a \// comment \/\* c \*/"
        );
        assert_eq!(typst_string("1. one"), r"1\. one");
        assert_eq!(typst_string("a -- b --- c -? d"), r"a \-- b \-\-- c \-? d");
        assert_eq!(typst_string("T-cell 5.2"), "T-cell 5.2");
        assert_eq!(typst_string("x\n\n= y"), "x = y");
    }

    #[test]
    fn typst_string_literals() {
        assert_eq!(typst_str_literal("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem(".."), "briefing");
        assert_eq!(file_stem(""), "briefing");
        assert_eq!(file_stem("a/b\\c"), "a-b-c");
        assert_eq!(
            file_stem("<script>alert(1)</script>"),
            "script-alert-1-script"
        );
        assert_eq!(file_stem("Harnessing MSCs: Liver"), "harnessing-mscs-liver");
        assert_eq!(file_stem("TGF-β signalling"), "tgf-b-signalling");
        assert!(file_stem(&"x".repeat(500)).len() <= 80);
    }
}
