//! Sentence splitting for biomedical prose.
//!
//! Sentences never cross passages. A boundary is a `.`, `?` or `!` (with
//! any closing quotes and brackets, and a citation marker glued to it, as in
//! "fibrosis.[12]") followed by white space and a plausible sentence start.
//! It is *not* a boundary:
//!
//! - after an abbreviation that does not end sentences: "et al. (2019)",
//!   "Fig. 2A", "i.e.", "e.g.", "vs.", "approx.", "ca.", "cf.", "Ref. 12",
//!   "No. 5", "Dr. Smith", "St. Louis". Some may end one before a capitalized
//!   word ("et al. Their", "Manduca spp. Eggs"); units that double as
//!   abbreviations end one after a number ("for 10 min. These"); acronyms in
//!   capitals ("NO", "MS", "EST") and numbers ("P < 0.05.", "E12.5.") are no
//!   abbreviations;
//! - before a lower-case word: "E. coli", "et al. reported";
//! - inside a number ("2.5 mg", "P < 0.05"): no white space follows;
//! - inside parentheses or brackets opened in the same sentence and closed
//!   later, unless they stay open for very long (a bracket never closed, or
//!   closed far away, does not swallow the sentences after it);
//! - after an initial that follows another initial ("J. R. Smith").
//!
//! The scan is a single pass over the bytes of each passage: candidates are
//! found with `memchr`, and each is checked against a few bytes around it
//! (inside brackets, once per bracket, a bounded look ahead for where it
//! closes); there is no regular expression and no backtracking.
//!
//! ```
//! use briefing_annotator::sentences::split;
//! let text = "MSCs secrete HGF (Smith et al. 2019). Levels rose approx. 2.5-fold vs. controls (Fig. 2A). E. coli was absent.";
//! let spans: Vec<&str> = split(text).into_iter().map(|(s, e)| &text[s..e]).collect();
//! assert_eq!(spans, [
//!     "MSCs secrete HGF (Smith et al. 2019).",
//!     "Levels rose approx. 2.5-fold vs. controls (Fig. 2A).",
//!     "E. coli was absent.",
//! ]);
//! ```

use briefing_model::{Citation, Document, Sentence};

/// Abbreviations after which a period does not end a sentence (lower case,
/// without their final period; sorted for binary search).
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "apr", "aug", "ca", "cf", "ch", "co", "corp", "dec", "dept", "dr", "e.g", "eq",
    "eqs", "esp", "est", "et", "etc", "feb", "fig", "figs", "i.e", "inc", "incl", "jan", "jr",
    "jul", "jun", "lit", "ltd", "mar", "max", "min", "mr", "mrs", "ms", "mt", "no", "nos", "nov",
    "oct", "p", "pp", "prof", "ref", "refs", "resp", "sect", "sep", "sept", "sp", "spp", "sr",
    "ssp", "st", "subsp", "suppl", "tab", "var", "viz", "vol", "vols", "vs",
];

/// Abbreviations that may end a sentence when a capitalized word follows
/// ("... and so on, etc. The next", "larvae of Manduca spp. Eggs were").
const SOFT_ABBREVIATIONS: &[&str] = &["al", "etc", "inc", "jr", "ltd", "spp", "sr"];

/// Abbreviations of titles and place names, written capitalized ("Dr.",
/// "St. Louis", "Mt. View"): in lower case they are other words ("DBD-mrs.",
/// "for 500 ms.").
const TITLES: &[&str] = &["dr", "jr", "mr", "mrs", "ms", "mt", "prof", "sr", "st"];

/// Abbreviations that are also units of measurement, written in lower case:
/// after a number, "/" or "per" they are units and may end a sentence
/// ("incubated for 10 min. These results", "3 eq. The mixture").
const UNITS: &[&str] = &["eq", "min"];

/// Brackets open for longer than this (in bytes) no longer block a boundary.
const MAX_BRACKET_SPAN: usize = 400;

/// Splits `text` into sentences: byte ranges, trimmed of surrounding white
/// space, in order. Text without sentence punctuation is one sentence.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    split_with_citations(text, &[])
}

/// Like [`split`], with the byte ranges (relative to `text`) of citation
/// markers: a marker right after a sentence's final punctuation belongs to
/// that sentence ("shown.[12] Next", "shown. [12] Next").
pub fn split_with_citations(text: &str, markers: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = skip_space(b, 0);
    // Bracket depth since `start`, and where the outermost open one opened.
    let mut depth: i32 = 0;
    let mut opened_at = 0;
    let mut scanned = start;
    let mut from = start;
    // Whether the outermost open bracket (by where it opened) closes.
    let mut closes: Option<(usize, bool)> = None;
    while let Some(off) = memchr::memchr3(b'.', b'?', b'!', &b[from..]) {
        let i = from + off;
        from = i + 1;
        // Bracket depth between the last scanned byte and the candidate.
        for (k, &c) in b[scanned..i].iter().enumerate() {
            match c {
                b'(' | b'[' => {
                    if depth == 0 {
                        opened_at = scanned + k;
                    }
                    depth += 1;
                }
                b')' | b']' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        scanned = i;
        if depth > 0 && i - opened_at < MAX_BRACKET_SPAN {
            let closed = match closes {
                Some((at, c)) if at == opened_at => c,
                _ => {
                    let c = closes_within(b, i, depth, opened_at + MAX_BRACKET_SPAN);
                    closes = Some((opened_at, c));
                    c
                }
            };
            if closed {
                continue;
            }
        }
        let Some(end) = boundary(b, i, start, markers) else {
            continue;
        };
        // Count the brackets inside what the boundary took in.
        for &c in &b[scanned..end] {
            match c {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        out.push((start, end));
        start = skip_space(b, end);
        scanned = start;
        from = start;
        depth = 0;
        if start >= b.len() {
            break;
        }
    }
    let end = trim_end(b, b.len());
    if start < end {
        out.push((start, end));
    }
    out
}

/// Whether brackets open `depth` deep at `i` all close before `limit`. One
/// left open ("(Schlemm's canal (SC) and ...", never closed) does not keep
/// the sentences after it together.
fn closes_within(b: &[u8], i: usize, mut depth: i32, limit: usize) -> bool {
    for &c in &b[i..limit.min(b.len())] {
        match c {
            b'(' | b'[' => depth += 1,
            b')' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn trim_end(b: &[u8], mut i: usize) -> usize {
    while i > 0 && b[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    i
}

fn is_closer(c: u8) -> bool {
    matches!(c, b')' | b']' | b'"' | b'\'')
}

/// If the punctuation at `i` ends a sentence, the sentence's end.
fn boundary(b: &[u8], i: usize, start: usize, markers: &[(usize, usize)]) -> Option<usize> {
    let punct = b[i];
    let mut end = i + 1;
    // Runs of punctuation ("?!", "...").
    while end < b.len() && matches!(b[end], b'.' | b'?' | b'!') {
        end += 1;
    }
    // Closing quotes and brackets, ASCII or typographic (’ ” are 3 bytes).
    loop {
        if end < b.len() && is_closer(b[end]) {
            end += 1;
        } else if b[end..].starts_with("”".as_bytes()) || b[end..].starts_with("’".as_bytes()) {
            end += 3;
        } else {
            break;
        }
    }
    // A citation marker glued to the punctuation, or after one space.
    let mut after = end;
    for &(ms, me) in markers {
        if ms == after || (ms == after + 1 && b.get(after).is_some_and(u8::is_ascii_whitespace)) {
            after = me;
            while after < b.len() && matches!(b[after], b',' | b';') {
                after += 1;
            }
        }
    }
    // A bare numeric citation with no marker span ("minutes. [13]."), as in
    // plain text.
    if after == end
        && let Some(e) = bare_citation(b, end)
    {
        after = e;
    }
    let glued_marker = after > end;
    if glued_marker {
        end = after;
    }
    if end >= b.len() || b[end..].iter().all(u8::is_ascii_whitespace) {
        return Some(end);
    }
    if !b[end].is_ascii_whitespace() {
        return None;
    }
    let next = skip_space(b, end);
    let next_word = word_at(b, next);
    let first = b[next];
    if punct == b'.' && !glued_marker {
        let (prev, prev_start) = word_before(b, i, start);
        let lower = prev.to_ascii_lowercase();
        let lower = std::str::from_utf8(&lower).unwrap_or("");
        if is_abbreviation(b, prev, prev_start, lower, next_word) {
            let soft = SOFT_ABBREVIATIONS.contains(&lower);
            if !(soft
                && starts_sentence(first, next_word)
                && first.is_ascii_uppercase()
                && !is_number_like(next_word))
            {
                return None;
            }
            // "et al. Their" ends a sentence; "et al. Nature" may not, but
            // that is rarer in running text.
        }
        if prev.len() == 1 && prev[0].is_ascii_uppercase() {
            // An initial before another initial ("J. R. Smith").
            if next_word.len() == 1
                && next_word[0].is_ascii_uppercase()
                && b.get(next + 1) == Some(&b'.')
            {
                return None;
            }
            // An initial after another initial ("J. R. Smith"), or a
            // capital-letter abbreviation before a name.
            let (prev2, _) = word_before(b, prev_start.saturating_sub(2), start);
            if prev_start >= 2
                && b[prev_start - 1] == b' '
                && b[prev_start - 2] == b'.'
                && prev2.len() == 1
            {
                return None;
            }
        }
        if prev.is_empty() && i > start && b[i - 1].is_ascii_digit() && first.is_ascii_digit() {
            return None;
        }
    }
    starts_sentence(first, next_word).then_some(end)
}

/// Whether the token `prev` (at `prev_start`, `lower` its lower case) before
/// a period is an abbreviation, `next_word` the word after the period.
fn is_abbreviation(
    b: &[u8],
    prev: &[u8],
    prev_start: usize,
    lower: &str,
    next_word: &[u8],
) -> bool {
    // "i.e." and "e.g." come back as "i.e" / "e.g"; "U.S" and other dotted
    // words are abbreviations too, numbers ("P < 0.05", "pH 7.4", "E12.5")
    // and names with digits ("PU.1") are not.
    if lower.contains('.') {
        return lower.len() <= 6 && lower.bytes().all(|c| c.is_ascii_lowercase() || c == b'.');
    }
    if ABBREVIATIONS.binary_search(&lower).is_err() {
        return false;
    }
    // An acronym in capitals ("NO", "MS", "EST", "OCT") ends sentences; in
    // capitals an abbreviation only introduces a number ("FIG. 2", "NO. 5").
    if prev.len() > 1 && prev.iter().all(u8::is_ascii_uppercase) {
        return is_number_like(next_word);
    }
    if TITLES.contains(&lower) {
        return prev[0].is_ascii_uppercase() && prev[1..].iter().all(u8::is_ascii_lowercase);
    }
    if UNITS.contains(&lower) && prev == lower.as_bytes() && after_quantity(b, prev_start) {
        return false;
    }
    true
}

/// Whether a unit starting at `i` follows a quantity: a number ("10 min",
/// "10–15 min", "15-min"), a slash ("mL/min") or "per".
fn after_quantity(b: &[u8], i: usize) -> bool {
    let before = &b[..i];
    if before.ends_with(b"/") || before.ends_with(b" per ") {
        return true;
    }
    // One space (plain or no-break) or a hyphen between number and unit.
    let number = [&b" "[..], b"-", "\u{a0}".as_bytes(), "\u{202f}".as_bytes()]
        .iter()
        .find_map(|sep| before.strip_suffix(*sep))
        .unwrap_or(before);
    number.last().is_some_and(u8::is_ascii_digit)
}

/// The end of "[12]" / " [3–5, 8]." right at `i` (one space allowed
/// before it, a final `.` taken in), if there is one.
fn bare_citation(b: &[u8], i: usize) -> Option<usize> {
    let mut k = i;
    if b.get(k) == Some(&b' ') {
        k += 1;
    }
    if b.get(k) != Some(&b'[') {
        return None;
    }
    let close = k + 1 + memchr::memchr(b']', b.get(k + 1..(k + 40).min(b.len()))?)?;
    let inner = &b[k + 1..close];
    let numeric = !inner.is_empty()
        && inner.first().is_some_and(u8::is_ascii_digit)
        && inner
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b',' | b' ' | b'-') || *c >= 0x80);
    if !numeric {
        return None;
    }
    let mut end = close + 1;
    if b.get(end) == Some(&b'.') {
        end += 1;
    }
    Some(end)
}

/// A plausible first character of a sentence.
fn starts_sentence(first: u8, word: &[u8]) -> bool {
    if first.is_ascii_uppercase()
        || first.is_ascii_digit()
        || matches!(first, b'"' | b'\'' | b'(' | b'[')
    {
        return true;
    }
    if first.is_ascii_lowercase() {
        // "mTOR", "p53", "iPSCs", "siRNA": lower-case starts of gene and
        // cell names begin sentences too; plain lower-case words do not.
        return word
            .iter()
            .skip(1)
            .any(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    }
    // Non-ASCII: Greek letters (α-SMA), typographic quotes.
    first >= 0x80
}

fn is_number_like(w: &[u8]) -> bool {
    w.first().is_some_and(u8::is_ascii_digit)
}

/// The word that starts at `i` (up to white space or punctuation).
fn word_at(b: &[u8], i: usize) -> &[u8] {
    let mut e = i;
    while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'-' || b[e] >= 0x80) {
        e += 1;
    }
    &b[i..e]
}

/// The token before the punctuation at `i`, with any inner periods ("i.e"),
/// and where it starts.
fn word_before(b: &[u8], i: usize, start: usize) -> (&[u8], usize) {
    let mut s = i;
    while s > start && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'.') {
        s -= 1;
    }
    (&b[s..i], s)
}

/// Splits every passage of every section into sentences, replacing any
/// sentences already there. Ids are `S1`, `S2`, ... in document order; each
/// sentence lists the references its citation markers point to, in order of
/// first citation, without repeats.
pub fn split_document(doc: &mut Document) {
    let mut citations: Vec<&Citation> = doc.citations.iter().collect();
    citations.sort_by_key(|c| (c.start, c.end));
    let mut n = 0;
    let mut sections = std::mem::take(&mut doc.sections);
    for section in &mut sections {
        section.sentences.clear();
        for p in &section.passages {
            let Some(text) = doc.text.get(p.start..p.end) else {
                continue;
            };
            let lo = citations.partition_point(|c| c.start < p.start);
            let hi = citations.partition_point(|c| c.start < p.end);
            let local = &citations[lo..hi];
            let markers: Vec<(usize, usize)> = local
                .iter()
                .map(|c| (c.start - p.start, c.end.min(p.end) - p.start))
                .collect();
            for (s, e) in split_with_citations(text, &markers) {
                n += 1;
                let (start, end) = (p.start + s, p.start + e);
                let mut refs: Vec<String> = Vec::new();
                for c in local.iter().filter(|c| c.start >= start && c.end <= end) {
                    for r in &c.refs {
                        if !refs.contains(r) {
                            refs.push(r.clone());
                        }
                    }
                }
                section.sentences.push(Sentence {
                    id: format!("S{n}"),
                    text: text[s..e].to_owned(),
                    start,
                    end,
                    citations: refs,
                });
            }
        }
    }
    doc.sections = sections;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<&str> = split(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(got, expected, "splitting {text:?}");
    }

    #[test]
    fn abbreviations_list_is_sorted() {
        let mut sorted = ABBREVIATIONS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, ABBREVIATIONS);
    }

    #[test]
    fn author_citations() {
        check(
            "Chen et al. showed that MSCs home to the liver. Park et al. (2021) disagreed.",
            &[
                "Chen et al. showed that MSCs home to the liver.",
                "Park et al. (2021) disagreed.",
            ],
        );
        check(
            "As Li et al. Their model was small.",
            &["As Li et al.", "Their model was small."],
        );
    }

    #[test]
    fn figures_and_references() {
        check(
            "Collagen fell (Fig. 2A). See Figs. 3 and 4 and Ref. 12 for details. Table 1 lists trials.",
            &[
                "Collagen fell (Fig. 2A).",
                "See Figs. 3 and 4 and Ref. 12 for details.",
                "Table 1 lists trials.",
            ],
        );
        check(
            "Fig. 1. Overview of MSC actions. Arrows show secretion.",
            &[
                "Fig. 1.",
                "Overview of MSC actions.",
                "Arrows show secretion.",
            ],
        );
    }

    #[test]
    fn latin_and_comparisons() {
        check(
            "Paracrine factors, i.e. HGF and VEGF, act early. Several (e.g. IL-10) act later. MSCs vs. hepatocytes differ.",
            &[
                "Paracrine factors, i.e. HGF and VEGF, act early.",
                "Several (e.g. IL-10) act later.",
                "MSCs vs. hepatocytes differ.",
            ],
        );
        check(
            "Doses were approx. 1 million cells per kg. Mice survived.",
            &[
                "Doses were approx. 1 million cells per kg.",
                "Mice survived.",
            ],
        );
    }

    #[test]
    fn numbers_and_units() {
        check(
            "ALT fell by 2.5-fold (P < 0.05). Doses of 1.0 x 10^6 cells/kg were given. Mean age was 54.3 y. Follow-up lasted 12 mo.",
            &[
                "ALT fell by 2.5-fold (P < 0.05).",
                "Doses of 1.0 x 10^6 cells/kg were given.",
                "Mean age was 54.3 y.",
                "Follow-up lasted 12 mo.",
            ],
        );
    }

    #[test]
    fn units_after_numbers_end_sentences() {
        check(
            "Activity rose after 30 min incubation compared with 10 min. These data suggest binding. Cells were spun for 5 h. The pellet was kept. Pulses lasted 20 s. Each was recorded for 500 ms. After that, flow was set to 1 mL/min. Samples were cooled for 15-min. Washed filters dried.",
            &[
                "Activity rose after 30 min incubation compared with 10 min.",
                "These data suggest binding.",
                "Cells were spun for 5 h.",
                "The pellet was kept.",
                "Pulses lasted 20 s.",
                "Each was recorded for 500 ms.",
                "After that, flow was set to 1 mL/min.",
                "Samples were cooled for 15-min.",
                "Washed filters dried.",
            ],
        );
        check(
            "The base was added (3 eq.). We used 2 eq. The mixture follows Eq. 4 here.",
            &[
                "The base was added (3 eq.).",
                "We used 2 eq.",
                "The mixture follows Eq. 4 here.",
            ],
        );
        // Not after a number, or before a number: still abbreviations.
        check(
            "Add approx. 10 min. of buffer. Set min. 5 cells per well.",
            &[
                "Add approx. 10 min. of buffer.",
                "Set min. 5 cells per well.",
            ],
        );
    }

    #[test]
    fn numbers_end_sentences() {
        check(
            "Levels differed (n = 20), P < 0.05. The trend held at pH 7.4. Buds formed at E12.5. Expression needs PU.1. Ratios were near 0.6. Fine.",
            &[
                "Levels differed (n = 20), P < 0.05.",
                "The trend held at pH 7.4.",
                "Buds formed at E12.5.",
                "Expression needs PU.1.",
                "Ratios were near 0.6.",
                "Fine.",
            ],
        );
    }

    #[test]
    fn acronyms_titles_and_soft_abbreviations() {
        check(
            "Macrophages release NO. This gas relaxes vessels. Peptides were read by GC-MS. Yields were low. See FIG. 2 and NO. 5 there.",
            &[
                "Macrophages release NO.",
                "This gas relaxes vessels.",
                "Peptides were read by GC-MS.",
                "Yields were low.",
                "See FIG. 2 and NO. 5 there.",
            ],
        );
        check(
            "Reagents came from Sigma (St. Louis, MO) and from Dr. Lee. Activity fell versus DBD-mrs. Error bars show SD.",
            &[
                "Reagents came from Sigma (St. Louis, MO) and from Dr. Lee.",
                "Activity fell versus DBD-mrs.",
                "Error bars show SD.",
            ],
        );
        check(
            "Larvae of Manduca spp. Eggs hatched. Several Bacillus spp. were found.",
            &[
                "Larvae of Manduca spp.",
                "Eggs hatched.",
                "Several Bacillus spp. were found.",
            ],
        );
    }

    #[test]
    fn unclosed_bracket_does_not_hold_sentences_together() {
        check(
            "Drainage tissues (the canal (SC) and meshwork (TM) looked normal. Pigment cells were rare. We saw few.",
            &[
                "Drainage tissues (the canal (SC) and meshwork (TM) looked normal.",
                "Pigment cells were rare.",
                "We saw few.",
            ],
        );
        check(
            "Clones were kept as before ([2]. Clones were screened.",
            &["Clones were kept as before ([2].", "Clones were screened."],
        );
    }

    #[test]
    fn species_and_initials() {
        check(
            "E. coli and S. aureus were absent. J. R. Smith agreed.",
            &["E. coli and S. aureus were absent.", "J. R. Smith agreed."],
        );
        check(
            "Patients had hepatitis B. The virus was cleared.",
            &["Patients had hepatitis B.", "The virus was cleared."],
        );
    }

    #[test]
    fn brackets_and_quotes() {
        check(
            "HGF inhibits HSCs [12]. VEGF acts on vessels [3–5]. TSG-6 is \"anti-inflammatory.\" It was tested.",
            &[
                "HGF inhibits HSCs [12].",
                "VEGF acts on vessels [3–5].",
                "TSG-6 is \"anti-inflammatory.\"",
                "It was tested.",
            ],
        );
        check(
            "Outcomes improved (n = 40. All survived). Next.",
            &["Outcomes improved (n = 40. All survived).", "Next."],
        );
    }

    #[test]
    fn citation_after_period() {
        let text = "Fibrosis regressed.[12] The trial was small. [4] Safety was good.";
        let markers = [(19, 23), (45, 48)];
        let got: Vec<&str> = split_with_citations(text, &markers)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            got,
            [
                "Fibrosis regressed.[12]",
                "The trial was small. [4]",
                "Safety was good."
            ]
        );
    }

    #[test]
    fn bare_citation_after_period() {
        check(
            "IOP was measured within minutes. [13]. The mice woke.",
            &["IOP was measured within minutes. [13].", "The mice woke."],
        );
        check(
            "It rose.[2, 5] Then fell.",
            &["It rose.[2, 5]", "Then fell."],
        );
        check("It rose. [A] Then fell.", &["It rose.", "[A] Then fell."]);
    }

    #[test]
    fn gene_names_start_sentences() {
        check(
            "It was reduced. mTOR signalling rose. p53 fell.",
            &["It was reduced.", "mTOR signalling rose.", "p53 fell."],
        );
    }

    #[test]
    fn questions_exclamations_and_no_punctuation() {
        check(
            "Do MSCs engraft? Rarely! Most are cleared",
            &["Do MSCs engraft?", "Rarely!", "Most are cleared"],
        );
        check(
            "  Title without punctuation  ",
            &["Title without punctuation"],
        );
        check("", &[]);
        check("...", &["..."]);
    }

    #[test]
    fn unbalanced_bracket_does_not_swallow_the_passage() {
        let long = "x ".repeat(300);
        let text = format!("An open (bracket {long}. Then a sentence. And another.");
        let got = split(&text);
        assert!(got.len() >= 2, "{got:?}");
    }

    #[test]
    fn non_ascii_text() {
        check(
            "α-SMA fell by 40 %. Ähnlich war TGF-β1. Übrigens gut.",
            &[
                "α-SMA fell by 40 %.",
                "Ähnlich war TGF-β1.",
                "Übrigens gut.",
            ],
        );
    }

    proptest::proptest! {
        #[test]
        fn spans_are_ordered_and_on_char_boundaries(text in "[A-Za-z0-9 .?!()\\[\\]\"'α,;–-]{0,200}") {
            let mut last = 0;
            for (s, e) in split(&text) {
                proptest::prop_assert!(last <= s && s < e && e <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                last = e;
            }
        }
    }

    #[test]
    fn document_sentences_carry_citations() {
        use briefing_model::{Passage, Section};
        let mut doc = Document::new("d");
        doc.text = "MSCs secrete HGF [1, 2]. HGF blocks HSCs [2]. None here.".into();
        doc.sections.push(Section {
            title: "Intro".into(),
            level: 1,
            passages: vec![Passage {
                start: 0,
                end: doc.text.len(),
                source_offset: None,
            }],
            ..Section::default()
        });
        doc.citations = vec![
            Citation {
                start: 17,
                end: 23,
                refs: vec!["R1".into(), "R2".into()],
            },
            Citation {
                start: 41,
                end: 44,
                refs: vec!["R2".into()],
            },
        ];
        split_document(&mut doc);
        let s = &doc.sections[0].sentences;
        assert_eq!(s.len(), 3);
        assert_eq!(
            (s[0].id.as_str(), s[0].citations.clone()),
            ("S1", vec!["R1".to_owned(), "R2".to_owned()])
        );
        assert_eq!(s[1].citations, vec!["R2".to_owned()]);
        assert!(s[2].citations.is_empty());
        assert_eq!(&doc.text[s[1].start..s[1].end], "HGF blocks HSCs [2].");
    }
}
