//! Numbered citation markers ("[12]", "[3–5, 8]") and reference strings
//! ("Smith J, Lee K. Title. Journal. 2020;12:1–9. doi:10.1/x").

use briefing_model::Reference;

/// A numbered citation marker found in text: its byte range and the numbers
/// it cites, ranges expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub start: usize,
    pub end: usize,
    pub numbers: Vec<u32>,
}

/// Ranges wider than this ("[1–5000]") are not taken as citations.
const MAX_RANGE: u32 = 200;

/// Finds bracketed numeric citation markers: `[12]`, `[3-5]`, `[3–5]`,
/// `[1, 4, 7–9]`. Brackets holding anything else (`[Ca2+]`, `[NCBI Gene 1]`)
/// are not markers.
pub fn find_markers(text: &str) -> Vec<Marker> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'[', &bytes[from..]) {
        let open = from + i;
        from = open + 1;
        let Some(j) = memchr::memchr(b']', &bytes[from..]) else {
            break;
        };
        let close = from + j;
        if close - open > 64 {
            continue;
        }
        if let Some(numbers) = parse_numbers(&text[open + 1..close]) {
            out.push(Marker {
                start: open,
                end: close + 1,
                numbers,
            });
            from = close + 1;
        }
    }
    out
}

/// Parses "3", "3-5", "3–5, 8" into numbers; `None` unless the whole string
/// is such a list.
pub fn parse_numbers(inner: &str) -> Option<Vec<u32>> {
    let mut numbers = Vec::new();
    for part in inner.split([',', ';']) {
        let part = part.trim();
        if part.is_empty() {
            return None;
        }
        let mut bounds = part.splitn(2, ['-', '–', '—', '‒']);
        let a: u32 = number(bounds.next()?)?;
        match bounds.next() {
            None => numbers.push(a),
            Some(b) => {
                let b: u32 = number(b)?;
                if b < a || b - a > MAX_RANGE {
                    return None;
                }
                numbers.extend(a..=b);
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    numbers.retain(|n| seen.insert(*n));
    (!numbers.is_empty()).then_some(numbers)
}

fn number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() || s.len() > 5 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| *n > 0)
}

/// A DOI (`10.xxxx/...`) in `s`, without trailing punctuation.
pub fn find_doi(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("10.") {
        let start = from + i;
        from = start + 3;
        let rest = &s[start..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
            .unwrap_or(rest.len());
        let cand = rest[..end].trim_end_matches(['.', ',', ';', ')', ']']);
        if let Some((prefix, suffix)) = cand.split_once('/')
            && prefix.len() >= 7
            && prefix[3..].bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && !suffix.is_empty()
        {
            return Some(cand.to_owned());
        }
    }
    None
}

/// The digits after a label such as `PMID:` or `PMID`.
pub fn find_labelled_number(s: &str, label: &str) -> Option<String> {
    let i = s.find(label)?;
    let rest = s[i + label.len()..].trim_start_matches([':', ' ']);
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    (!digits.is_empty()).then_some(digits)
}

/// A plausible publication year (1800–2099) in `s`: the first one after the
/// authors, preferring one in parentheses or followed by `;`.
pub fn find_year(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    let mut first = None;
    for i in 0..b.len().saturating_sub(3) {
        let w = &b[i..i + 4];
        if !w.iter().all(u8::is_ascii_digit) {
            continue;
        }
        if i > 0 && b[i - 1].is_ascii_alphanumeric()
            || b.get(i + 4).is_some_and(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        let y: i32 = std::str::from_utf8(w).ok()?.parse().ok()?;
        if !(1800..2100).contains(&y) {
            continue;
        }
        let before = if i > 0 { b[i - 1] } else { b' ' };
        let after = b.get(i + 4).copied().unwrap_or(b' ');
        if before == b'(' || after == b';' || after == b')' {
            return Some(y);
        }
        first.get_or_insert(y);
    }
    first
}

/// Parses a reference printed in Vancouver style ("Authors. Title. Journal.
/// Year;Vol:Pages. doi:..."), keeping the full string in `text`. Parts it
/// cannot find are `None`.
pub fn parse_reference(id: String, label: Option<String>, printed: &str) -> Reference {
    let printed = crate::builder::collapse_whitespace(printed);
    let mut r = Reference {
        id,
        label,
        doi: find_doi(&printed),
        pmid: find_labelled_number(&printed, "PMID"),
        pmcid: find_labelled_number(&printed, "PMCID: PMC")
            .or_else(|| find_labelled_number(&printed, "PMC"))
            .map(|d| format!("PMC{d}")),
        year: find_year(&printed),
        ..Reference::default()
    };
    let parts = split_sentences_loosely(&printed);
    if parts.len() >= 3 && looks_like_authors(parts[0]) {
        r.authors = parts[0]
            .split(", ")
            .map(|a| a.trim().trim_end_matches('.').to_owned())
            .filter(|a| !a.is_empty() && a != "et al")
            .collect();
        r.title = Some(parts[1].trim_end_matches('.').to_owned());
        let journal = parts[2].trim_end_matches('.');
        let journal = journal
            .split(|c: char| c.is_ascii_digit())
            .next()
            .unwrap_or(journal)
            .trim();
        if !journal.is_empty() && !journal.to_ascii_lowercase().starts_with("doi") {
            r.journal = Some(journal.trim_end_matches(['.', ',', ';']).to_owned());
        }
    }
    r.text = Some(printed);
    r
}

/// Splits at ". " (and "? ", "! ") where the next part starts a new field.
fn split_sentences_loosely(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let b = s.as_bytes();
    for i in 0..b.len() {
        if matches!(b[i], b'.' | b'?' | b'!') && b.get(i + 1) == Some(&b' ') {
            // "et al. " stays inside a one-author list ("Smith et al. ").
            let part = &s[start..i];
            let last_word = part.rsplit(' ').next().unwrap_or("");
            if last_word == "al" && !part.contains(", ") {
                continue;
            }
            parts.push(s[start..=i].trim());
            start = i + 2;
        }
    }
    if start < s.len() {
        parts.push(s[start..].trim());
    }
    parts
}

/// "Smith J, Lee KM, et al." looks like an author list: every comma-separated
/// item ends with a short run of capitals (the initials).
fn looks_like_authors(s: &str) -> bool {
    let s = s.trim_end_matches('.');
    let items: Vec<&str> = s.split(", ").collect();
    items.iter().all(|item| {
        let item = item.trim();
        if item == "et al" {
            return true;
        }
        let Some((_, initials)) = item.rsplit_once(' ') else {
            return false;
        };
        !initials.is_empty()
            && initials.len() <= 4
            && initials
                .chars()
                .all(|c| c.is_uppercase() || c == '-' || c == '.')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        let t = "shown [12] and [3–5, 8] but not [Ca2+] or [NCBI Gene 1] or [] or [0]";
        let m = find_markers(t);
        assert_eq!(m.len(), 2);
        assert_eq!(&t[m[0].start..m[0].end], "[12]");
        assert_eq!(m[0].numbers, vec![12]);
        assert_eq!(m[1].numbers, vec![3, 4, 5, 8]);
        assert_eq!(find_markers("[5-3] [1-9999]"), vec![]);
        assert_eq!(find_markers("[[2]]")[0].numbers, vec![2]);
    }

    #[test]
    fn vancouver_reference() {
        let r = parse_reference(
            "R3".into(),
            Some("3".into()),
            "Okafor AN, Lindqvist M, et al. Stromal cell secretome and fibrosis. Hepatol Commun. 2021;5(3):412-25. doi:10.1002/hep4.1234. PMID: 33681234",
        );
        assert_eq!(r.authors, vec!["Okafor AN", "Lindqvist M"]);
        assert_eq!(
            r.title.as_deref(),
            Some("Stromal cell secretome and fibrosis")
        );
        assert_eq!(r.journal.as_deref(), Some("Hepatol Commun"));
        assert_eq!(r.year, Some(2021));
        assert_eq!(r.doi.as_deref(), Some("10.1002/hep4.1234"));
        assert_eq!(r.pmid.as_deref(), Some("33681234"));
    }

    #[test]
    fn single_author_reference() {
        let r = parse_reference(
            "R2".into(),
            None,
            "Sample B. Stellate cells. Example J. 2021;2:10-19.",
        );
        assert_eq!(r.authors, vec!["Sample B"]);
        assert_eq!(r.title.as_deref(), Some("Stellate cells"));
        assert_eq!(r.journal.as_deref(), Some("Example J"));
    }

    #[test]
    fn unstructured_reference_keeps_text() {
        let r = parse_reference("R1".into(), None, "Some free text without structure");
        assert!(r.authors.is_empty());
        assert_eq!(r.title, None);
        assert_eq!(r.text.as_deref(), Some("Some free text without structure"));
    }
}
