//! The bundled example review as the readers and the sentence splitter see
//! it, pinned by a readable snapshot: metadata, sections with their kinds
//! and levels, every sentence with the references it cites, figures,
//! references and the input's entity lists.

use std::fmt::Write as _;
use std::path::Path;

use briefing_annotator::sentences::split_document;
use briefing_formats::read_bytes;
use briefing_model::Document;

fn outline(d: &Document) -> String {
    let mut s = String::new();
    let m = &d.metadata;
    let or_dash = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    let _ = writeln!(s, "# {}", or_dash(&m.title));
    let _ = writeln!(s, "id: {}  format: {:?}", d.id, d.source.format);
    let _ = writeln!(s, "authors: {}", m.authors.join("; "));
    let _ = writeln!(
        s,
        "doi: {}  pmcid: {}  pmid: {}",
        or_dash(&m.doi),
        or_dash(&m.pmcid),
        or_dash(&m.pmid)
    );
    let _ = writeln!(
        s,
        "journal: {}  date: {}",
        or_dash(&m.journal),
        or_dash(&m.date)
    );
    let _ = writeln!(s, "tldr: {}", or_dash(&m.tldr));
    for sec in &d.sections {
        let indent = "  ".repeat(usize::from(sec.level.saturating_sub(1)));
        let _ = writeln!(
            s,
            "\n{indent}## {} [{:?}, {} passages]",
            sec.title,
            sec.kind,
            sec.passages.len()
        );
        for sent in &sec.sentences {
            let cites = if sent.citations.is_empty() {
                String::new()
            } else {
                format!("  -> {}", sent.citations.join(", "))
            };
            let _ = writeln!(s, "{indent}  {} {}{cites}", sent.id, sent.text);
        }
    }
    let _ = writeln!(s, "\nfigures:");
    for f in &d.figures {
        let _ = writeln!(
            s,
            "  {} {}: {}",
            f.id,
            f.label.as_deref().unwrap_or("-"),
            f.caption
        );
    }
    let _ = writeln!(s, "\nreferences:");
    for r in &d.references {
        let _ = writeln!(
            s,
            "  {} [{}] {} ({}). {}. {}. doi:{} pmid:{}",
            r.id,
            r.label.as_deref().unwrap_or("-"),
            r.authors.join(", "),
            r.year.map_or("-".into(), |y| y.to_string()),
            r.title.as_deref().unwrap_or("-"),
            r.journal.as_deref().unwrap_or("-"),
            r.doi.as_deref().unwrap_or("-"),
            r.pmid.as_deref().unwrap_or("-"),
        );
    }
    let _ = writeln!(s, "\ncitation markers: {}", d.citations.len());
    for c in &d.citations {
        let _ = writeln!(
            s,
            "  {:?} -> {}",
            d.slice(briefing_model::Span::new(c.start, c.end)),
            c.refs.join(", ")
        );
    }
    let _ = writeln!(s, "\nentities (from the input's lists):");
    for e in &d.entities {
        let name = e
            .name
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        let aka = if e.synonyms.is_empty() {
            String::new()
        } else {
            format!(" aka {}", e.synonyms.join(", "))
        };
        let _ = writeln!(
            s,
            "  {} {} {}{name} [{}]{aka}",
            e.id,
            e.kind,
            e.text,
            e.ids.join(", ")
        );
    }
    s
}

#[test]
fn bundled_example_outline() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/msc-liver-review.md");
    let bytes = std::fs::read(&path).expect("the bundled example");
    let reads = read_bytes("examples/msc-liver-review.md", &bytes, None).expect("reads");
    assert_eq!(reads.len(), 1);
    assert!(reads[0].warnings.is_empty(), "{:?}", reads[0].warnings);
    let mut doc = reads[0].document.clone();
    split_document(&mut doc);
    insta::assert_snapshot!("msc_liver_review_outline", outline(&doc));
}
