//! Abbreviation definitions by the Schwartz–Hearst algorithm: "hepatocyte
//! growth factor (HGF)" and the reverse "HGF (hepatocyte growth factor)".
//!
//! Schwartz & Hearst (2003), *A simple algorithm for identifying
//! abbreviation definitions in biomedical text*: a short form in
//! parentheses after its long form (or the reverse), the long form found by
//! matching the short form's characters right to left, the first one at the
//! start of a word. Two extensions: a plural `s` ending the short form
//! ("hepatic stellate cell (HSCs)") may stay unmatched, and a long form
//! never reaches across a sentence end or another parenthesis.
//!
//! Definitions are searched within sentences (or passages, when a document
//! has no sentences yet). Types and identifiers are filled in later by the
//! entity stage, which also propagates them to every use of the short form.

use briefing_model::{Abbreviation, Document};

/// A definition found in a text: byte ranges of the short and long forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Definition {
    pub short: (usize, usize),
    pub long: (usize, usize),
}

/// Finds the definitions in `text[start..end]`.
pub fn find(text: &str, start: usize, end: usize) -> Vec<Definition> {
    let Some(region) = text.get(start..end) else {
        return Vec::new();
    };
    let bytes = region.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'(' {
            i += 1;
            continue;
        }
        // The matching close parenthesis, allowing one level of nesting.
        let mut depth = 0;
        let mut close = None;
        for (j, &b) in bytes.iter().enumerate().skip(i + 1) {
            match b {
                b'(' => depth += 1,
                b')' if depth == 0 => {
                    close = Some(j);
                    break;
                }
                b')' => depth -= 1,
                _ => {}
            }
        }
        let Some(close) = close else { break };
        let inside = &region[i + 1..close];
        let cut = [inside.find("; "), inside.find(", ")]
            .into_iter()
            .flatten()
            .min();
        let inner_end = cut.map_or(close, |k| i + 1 + k);
        let inner = trim_range(region, i + 1, inner_end);
        if let Some(d) = forward(region, i, inner).or_else(|| reverse(region, i, inner)) {
            out.push(Definition {
                short: (start + d.short.0, start + d.short.1),
                long: (start + d.long.0, start + d.long.1),
            });
        }
        i = close + 1;
    }
    out
}

fn trim_range(s: &str, a: usize, b: usize) -> (usize, usize) {
    let t = &s[a..b];
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    (a + lead, (b - trail).max(a + lead))
}

/// A plausible short form: one or two words, 2 to 10 characters, starting
/// with a letter or digit and holding at least one letter; not a number,
/// a citation or a statistic.
fn is_short_form(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=10).contains(&n) || s.split_whitespace().count() > 2 {
        return false;
    }
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !first.is_alphanumeric() || !s.chars().any(char::is_alphabetic) {
        return false;
    }
    // "Fig 2", "p<0.05", "n = 12", "et al", years.
    let lower = s.to_lowercase();
    if [
        "fig", "table", "et al", "ref", "e.g", "i.e", "see", "and", "or",
    ]
    .iter()
    .any(|w| lower.starts_with(w))
    {
        return false;
    }
    if s.contains(['=', '<', '>', '%']) {
        return false;
    }
    // Lowercase words of three or more letters are words, not short forms
    // ("(data)", "(mice)"), unless they mix in digits or capitals.
    let all_lower_word = s.chars().all(|c| c.is_lowercase()) && n >= 4;
    !all_lower_word
}

/// "long form (SF)".
fn forward(region: &str, open: usize, inner: (usize, usize)) -> Option<Definition> {
    let short = &region[inner.0..inner.1];
    if !is_short_form(short) {
        return None;
    }
    // The words before the parenthesis, back to a sentence end, a
    // parenthesis or a semicolon.
    let before = &region[..open];
    let floor = before
        .rfind(['(', ')', ';', '[', ']'].as_slice())
        .map_or(0, |k| k + 1)
        .max(before.rfind(". ").map_or(0, |k| k + 2));
    let words = word_starts(region, floor, open);
    let n_short = short.chars().filter(|c| c.is_alphanumeric()).count();
    let max_words = (n_short + 5).min(n_short * 2);
    let first_allowed = words.len().saturating_sub(max_words);
    let window_start = *words.get(first_allowed)?;
    let window_end = trim_range(region, window_start, open).1;
    let long_start = best_long_form(
        short,
        region,
        window_start,
        window_end,
        &words[first_allowed..],
    )?;
    let long = (long_start, window_end);
    valid(region, inner, long).then_some(Definition { short: inner, long })
}

/// "SF (long form)".
fn reverse(region: &str, open: usize, inner: (usize, usize)) -> Option<Definition> {
    let long_text = &region[inner.0..inner.1];
    if long_text.split_whitespace().count() < 2 {
        return None;
    }
    let before = region[..open].trim_end();
    let sf_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == '(')
        .map_or(0, |(k, c)| k + c.len_utf8());
    let short = (sf_start, before.len());
    let sf = &region[short.0..short.1];
    if !is_short_form(sf) || !sf.chars().any(|c| c.is_uppercase()) {
        return None;
    }
    let words = word_starts(region, inner.0, inner.1);
    let long_start = best_long_form(sf, region, inner.0, inner.1, &words)?;
    // In the reverse pattern the whole parenthesis is the long form.
    if long_start != inner.0 {
        return None;
    }
    valid(region, short, inner).then_some(Definition { short, long: inner })
}

fn valid(region: &str, short: (usize, usize), long: (usize, usize)) -> bool {
    let s = &region[short.0..short.1];
    let l = &region[long.0..long.1];
    l.chars().count() > s.chars().count()
        && !l.split(|c: char| !c.is_alphanumeric()).any(|w| w == s)
        && l.chars().next().is_some_and(char::is_alphanumeric)
}

/// Byte offsets where words start in `region[a..b]`.
fn word_starts(region: &str, a: usize, b: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev_space = true;
    for (k, c) in region[a..b].char_indices() {
        if c.is_whitespace() {
            prev_space = true;
        } else {
            if prev_space {
                out.push(a + k);
            }
            prev_space = false;
        }
    }
    out
}

/// A Greek letter matches the initial of its spelled name (α: "alpha").
fn greek_initial(c: char) -> char {
    match c {
        'α' => 'a',
        'β' => 'b',
        'γ' => 'g',
        'δ' => 'd',
        'ε' => 'e',
        'κ' => 'k',
        'λ' => 'l',
        'μ' => 'm',
        'σ' => 's',
        'τ' => 't',
        'ω' => 'o',
        _ => c,
    }
}

/// The start of the long form of `short` within `region[a..b]`, by the
/// Schwartz–Hearst right-to-left character match; `None` when no match.
fn best_long_form(short: &str, region: &str, a: usize, b: usize, words: &[usize]) -> Option<usize> {
    best_long_form_exact(short, region, a, b, words).or_else(|| {
        // A plural short form ("HSCs", "MSCs") may leave its final s unmatched.
        let stem = short.strip_suffix('s')?;
        stem.chars().last().filter(|c| c.is_uppercase())?;
        best_long_form_exact(stem, region, a, b, words)
    })
}

fn best_long_form_exact(
    short: &str,
    region: &str,
    a: usize,
    b: usize,
    words: &[usize],
) -> Option<usize> {
    let sf: Vec<char> = short
        .chars()
        .flat_map(char::to_lowercase)
        .map(greek_initial)
        .collect();
    let lf: Vec<(usize, char)> = region[a..b]
        .char_indices()
        .map(|(k, c)| (a + k, c.to_lowercase().next().unwrap_or(c)))
        .collect();
    let first_sf = sf.iter().position(|c| c.is_alphanumeric())?;
    let mut s = sf.len();
    let mut l = lf.len();
    while s > 0 {
        s -= 1;
        let c = sf[s];
        if !c.is_alphanumeric() {
            continue;
        }
        loop {
            if l == 0 {
                return None;
            }
            l -= 1;
            let (pos, lc) = lf[l];
            if lc != c {
                continue;
            }
            if s == first_sf {
                // The first character must begin a word.
                let at_word_start = l == 0 || !lf[l - 1].1.is_alphanumeric();
                if !at_word_start {
                    continue;
                }
                // The long form begins at the start of that word.
                let word = words
                    .iter()
                    .rev()
                    .find(|&&w| w <= pos)
                    .copied()
                    .unwrap_or(a);
                return Some(word);
            }
            break;
        }
    }
    None
}

/// Finds the definitions of a document, sentence by sentence (passage by
/// passage when there are no sentences), in document order; the first
/// definition of a short form wins.
pub fn annotate(doc: &mut Document) {
    let mut ranges: Vec<(usize, usize)> = doc.sentences().map(|(_, s)| (s.start, s.end)).collect();
    if ranges.is_empty() {
        ranges = doc
            .sections
            .iter()
            .flat_map(|s| s.passages.iter().map(|p| (p.start, p.end)))
            .collect();
    }
    if ranges.is_empty() && !doc.text.is_empty() {
        ranges.push((0, doc.text.len()));
    }
    let mut found: Vec<Abbreviation> = Vec::new();
    for (a, b) in ranges {
        for d in find(&doc.text, a, b) {
            let short = doc.text[d.short.0..d.short.1].to_owned();
            if found.iter().any(|x| x.short == short) {
                continue;
            }
            found.push(Abbreviation {
                short,
                long: doc.text[d.long.0..d.long.1].to_owned(),
                start: Some(d.short.0),
                end: Some(d.short.1),
                kind: None,
                ids: Vec::new(),
            });
        }
    }
    doc.abbreviations = found;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &[&str]) {
        let got: Vec<String> = find(input, 0, input.len())
            .iter()
            .map(|d| {
                format!(
                    "{} = {}",
                    &input[d.short.0..d.short.1],
                    &input[d.long.0..d.long.1]
                )
            })
            .collect();
        assert_eq!(got, expect, "definitions in {input:?}");
    }

    #[test]
    fn forward_definitions() {
        check(
            "MSCs secrete hepatocyte growth factor (HGF) and VEGF.",
            &["HGF = hepatocyte growth factor"],
        );
        check(
            "They inhibit hepatic stellate cell (HSCs) activation.",
            &["HSCs = hepatic stellate cell"],
        );
        check(
            "Mesenchymal stromal cells (MSCs) demonstrate potential.",
            &["MSCs = Mesenchymal stromal cells"],
        );
        check(
            "and degrade fibrotic extracellular matrix(ECM), and",
            &["ECM = extracellular matrix"],
        );
        check(
            "tumour necrosis factor-alpha (TNF-α) rose",
            &["TNF-α = tumour necrosis factor-alpha"],
        );
        // Digits must be spelled out in the long form: a chemical formula is
        // not an abbreviation of its name.
        check("carbon tetrachloride (CCl4) injury", &[]);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[a-zA-Z0-9 (),;.\u{2009}\u{3b1}-\u{3c9}-]{0,60}") {
            for d in find(&s, 0, s.len()) {
                proptest::prop_assert!(d.short.1 <= s.len() && d.long.1 <= s.len());
            }
        }
    }

    #[test]
    fn reverse_definitions() {
        check(
            "MSCs secrete HGF (hepatocyte growth factor) in vitro.",
            &["HGF = hepatocyte growth factor"],
        );
    }

    #[test]
    fn non_definitions() {
        check("as shown before (Fig. 2) and (p < 0.05).", &[]);
        check("in the liver (n = 12) of mice (2019).", &[]);
        check("the growth factor (data not shown).", &[]);
        check("the cells (HSC) were", &[]);
        check("Patients. Hepatocyte growth (XYZ) was", &[]);
        // Wide spaces before a parenthesis.
        check("Bmp7\u{2009}−/− (I and Q) and", &[]);
        check(
            "the HGF\u{2009}(hepatocyte growth factor) and",
            &["HGF = hepatocyte growth factor"],
        );
    }

    #[test]
    fn seed_definitions() {
        let Some(root) = crate::tests::shared_dir() else {
            return;
        };
        let text =
            std::fs::read_to_string(root.join("seeds/000_cdc507d37501bd85.txt")).expect("seed");
        let gold = std::fs::read_to_string(root.join("gold/seed-claims.json")).expect("gold");
        let found: Vec<(String, String)> = find(&text, 0, text.len())
            .iter()
            .map(|d| {
                (
                    text[d.short.0..d.short.1].to_owned(),
                    text[d.long.0..d.long.1].to_lowercase(),
                )
            })
            .collect();
        // Every gold abbreviation (short form and long form, case-insensitive).
        let pairs = gold_pairs(&gold);
        assert_eq!(pairs.len(), 6);
        for (s, l) in pairs {
            assert!(
                found.iter().any(|f| f.0 == s && f.1 == l.to_lowercase()),
                "{s} = {l} not in {found:?}"
            );
        }
    }

    /// The gold's abbreviations as (short, long).
    fn gold_pairs(json: &str) -> Vec<(String, String)> {
        let v: serde_json::Value = serde_json::from_str(json).expect("gold is JSON");
        v["abbreviations"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| {
                        Some((
                            x["short"].as_str()?.to_owned(),
                            x["long"].as_str()?.to_owned(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}
