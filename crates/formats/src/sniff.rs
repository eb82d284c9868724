//! Telling an input's format from its first bytes.

use briefing_model::InputFormat;

use crate::error::ErrorKind;

/// Tells the format of an input from its first bytes (up to
/// [`crate::SNIFF_LEN`]); `name` (a path) only breaks ties between generic
/// Markdown and plain text.
///
/// ```
/// use briefing_formats::{sniff, InputFormat};
/// assert_eq!(sniff("x", b"123|t|A title\n").unwrap(), InputFormat::Pubtator);
/// assert_eq!(sniff("x", b"<?xml version='1.0'?><collection>").unwrap(), InputFormat::BiocXml);
/// assert_eq!(sniff("notes.md", b"Some words\n").unwrap(), InputFormat::Markdown);
/// ```
pub fn sniff(name: &str, prefix: &[u8]) -> Result<InputFormat, ErrorKind> {
    let body = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Err(ErrorKind::Empty);
    };
    if memchr::memchr(0, prefix).is_some() {
        return Err(ErrorKind::Binary);
    }
    let body = &body[start..];
    match body[0] {
        b'<' => xml_format(body),
        b'{' | b'[' => json_format(body),
        _ => Ok(text_format(name, body)),
    }
}

/// BioC (`<collection>`) or JATS (`<article>`), by the root element.
fn xml_format(body: &[u8]) -> Result<InputFormat, ErrorKind> {
    let mut rest = body;
    while let Some(i) = memchr::memchr(b'<', rest) {
        rest = &rest[i + 1..];
        match rest.first() {
            Some(b'?') | Some(b'!') => {
                if rest.starts_with(b"!DOCTYPE article")
                    || rest.starts_with(b"!DOCTYPE pmc-articleset")
                {
                    return Ok(InputFormat::Jats);
                }
                if rest.starts_with(b"!DOCTYPE collection") {
                    return Ok(InputFormat::BiocXml);
                }
                continue;
            }
            _ => {}
        }
        let end = rest
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
            .unwrap_or(rest.len());
        let name = String::from_utf8_lossy(&rest[..end]);
        let local = name.rsplit(':').next().unwrap_or(&name);
        return match local {
            "collection" => Ok(InputFormat::BiocXml),
            "article" | "pmc-articleset" | "OAI-PMH" => Ok(InputFormat::Jats),
            other => Err(ErrorKind::UnknownFormat(format!(
                "XML with root element <{other}> (expected <article> for JATS or <collection> for BioC)"
            ))),
        };
    }
    Err(ErrorKind::UnknownFormat(
        "XML without a root element".into(),
    ))
}

fn json_format(body: &[u8]) -> Result<InputFormat, ErrorKind> {
    let has = |needle: &[u8]| memchr::memmem::find(body, needle).is_some();
    if has(b"\"schema\"") && has(b"briefing/annotated-review") {
        Ok(InputFormat::Json)
    } else if has(b"\"documents\"") || has(b"\"passages\"") {
        Ok(InputFormat::BiocJson)
    } else {
        Err(ErrorKind::UnknownFormat(
            "JSON that is neither an annotated review (`schema`) nor a BioC collection (`documents`)".into(),
        ))
    }
}

/// True when a JSON input holds one document per line (JSON Lines): its
/// first line is a whole object.
pub(crate) fn is_json_lines(prefix: &[u8]) -> bool {
    let body = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let body = &body[start..];
    match memchr::memchr(b'\n', body) {
        Some(end) => serde_json::from_slice::<serde::de::IgnoredAny>(&body[..end]).is_ok(),
        // One line longer than the prefix: a pretty-printed document never
        // looks like that, a JSON Lines record may.
        None => body.len() >= crate::SNIFF_LEN - start && body.starts_with(b"{\"schema\""),
    }
}

fn text_format(name: &str, body: &[u8]) -> InputFormat {
    let first_line_end = memchr::memchr(b'\n', body).unwrap_or(body.len());
    let first = &body[..first_line_end];
    if is_pubtator_title(first) {
        return InputFormat::Pubtator;
    }
    let has = |needle: &[u8]| memchr::memmem::find(body, needle).is_some();
    let heading_first = first.starts_with(b"# ");
    if heading_first
        && (has(b"**Authors:**")
            || has(b"\n## TL;DR")
            || has(b"\n## Key findings")
            || has(b"\n## Full-text entities")
            || has(b"\n## Linked entities"))
    {
        return InputFormat::SeedMarkdown;
    }
    let lower = name.to_ascii_lowercase();
    if heading_first || lower.ends_with(".md") || lower.ends_with(".markdown") || has(b"\n## ") {
        InputFormat::Markdown
    } else {
        InputFormat::Text
    }
}

/// `ID|t|...` or `ID|a|...`, with an id free of white space.
pub(crate) fn is_pubtator_title(line: &[u8]) -> bool {
    let Some(bar) = memchr::memchr(b'|', line) else {
        return false;
    };
    bar > 0
        && !line[..bar].iter().any(|b| b.is_ascii_whitespace())
        && (line[bar..].starts_with(b"|t|") || line[bar..].starts_with(b"|a|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_content() {
        assert_eq!(
            sniff("a.xml", b"<!DOCTYPE article PUBLIC \"x\"><article>").unwrap(),
            InputFormat::Jats
        );
        assert_eq!(
            sniff("a.xml", b"<?xml version=\"1.0\"?>\n<article xmlns:x=\"y\">").unwrap(),
            InputFormat::Jats
        );
        assert!(matches!(
            sniff("a.xml", b"<html>"),
            Err(ErrorKind::UnknownFormat(_))
        ));
        assert_eq!(
            sniff("a", b"{\"source\":\"x\",\"documents\":[]}").unwrap(),
            InputFormat::BiocJson
        );
        assert_eq!(
            sniff("a", b"{\n  \"schema\": \"briefing/annotated-review/1\"").unwrap(),
            InputFormat::Json
        );
        assert_eq!(
            sniff("a", b"# Title\n\n**Authors:** A\n").unwrap(),
            InputFormat::SeedMarkdown
        );
        assert_eq!(
            sniff("a", b"# Title\n\nText\n").unwrap(),
            InputFormat::Markdown
        );
        assert_eq!(
            sniff("a.txt", b"Title\n\nText\n").unwrap(),
            InputFormat::Text
        );
        assert_eq!(sniff("a.xml", b"10|t|x").unwrap(), InputFormat::Pubtator);
        assert!(matches!(sniff("a", b" \n\t"), Err(ErrorKind::Empty)));
        assert!(matches!(sniff("a", b"ab\0cd"), Err(ErrorKind::Binary)));
    }

    #[test]
    fn json_lines() {
        assert!(is_json_lines(
            b"{\"schema\":\"briefing/annotated-review/1\"}\n{\"schema\":"
        ));
        assert!(!is_json_lines(
            b"{\n  \"schema\": \"briefing/annotated-review/1\",\n"
        ));
    }
}
