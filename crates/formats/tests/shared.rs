//! Every real file in `../shared` that the readers claim to understand is
//! read without error: the JATS full texts, CRAFT's JATS and plain texts,
//! the BC5CDR PubTator and BioC collections, the NCBI Disease PubTator
//! collections and the seed review. PubTator collections read and written
//! back keep their text and annotations byte for byte.

use std::path::{Path, PathBuf};

use briefing_formats::{Document, InputFormat, OutputFormat, WriteOptions, read_bytes, write};

/// `../shared` beside the workspace, or `None` (saying so) when absent.
fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared is not beside the workspace");
        None
    }
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

fn read_all(path: &Path, expected: InputFormat) -> Vec<Document> {
    let bytes = std::fs::read(path).expect("readable");
    let name = path.display().to_string();
    let docs = read_bytes(&name, &bytes, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(!docs.is_empty(), "{name}: no document");
    for r in &docs {
        let d = &r.document;
        assert_eq!(
            d.source.format, expected,
            "{name}: sniffed as {:?}",
            d.source.format
        );
        assert!(!d.text.is_empty(), "{name}: empty text");
        check_offsets(d, &name);
    }
    docs.into_iter().map(|r| r.document).collect()
}

/// Every span lies inside the text on character boundaries.
fn check_offsets(d: &Document, name: &str) {
    let ok = |s: usize, e: usize| s <= e && d.text.get(s..e).is_some();
    for sec in &d.sections {
        for p in &sec.passages {
            assert!(ok(p.start, p.end), "{name}: passage {}..{}", p.start, p.end);
        }
    }
    for c in &d.citations {
        assert!(
            ok(c.start, c.end),
            "{name}: citation {}..{}",
            c.start,
            c.end
        );
        for r in &c.refs {
            assert!(
                d.reference(r).is_some(),
                "{name}: citation to unknown reference {r}"
            );
        }
    }
    for e in &d.entities {
        if let (Some(s), Some(t)) = (e.start, e.end) {
            assert!(ok(s, t), "{name}: entity {s}..{t}");
        }
    }
    for (i, s) in d.sections.iter().enumerate() {
        if let Some(p) = s.parent {
            assert!(p < i, "{name}: section {i} has parent {p} after it");
        }
    }
}

#[test]
fn jats_full_texts() {
    let Some(shared) = shared() else { return };
    let mut n = 0;
    for dir in ["fulltext/elife", "fulltext/pmc"] {
        for ext in ["xml", "nxml"] {
            for f in files(&shared.join(dir), ext) {
                let docs = read_all(&f, InputFormat::Jats);
                let d = &docs[0];
                assert!(d.metadata.title.is_some(), "{}: no title", f.display());
                assert!(!d.references.is_empty(), "{}: no references", f.display());
                assert!(!d.citations.is_empty(), "{}: no citations", f.display());
                assert!(d.sections.len() > 1, "{}: no sections", f.display());
                n += 1;
            }
        }
    }
    assert_eq!(n, 22);
}

#[test]
fn craft_texts_and_jats() {
    let Some(shared) = shared() else { return };
    let mut n = 0;
    for split in ["train", "dev"] {
        let base = shared.join("corpora/craft").join(split);
        for f in files(&base.join("nxml"), "nxml") {
            read_all(&f, InputFormat::Jats);
            n += 1;
        }
        for f in files(&base.join("txt"), "txt") {
            let docs = read_all(&f, InputFormat::Text);
            // Plain text is kept byte for byte, so corpus offsets apply.
            let bytes = std::fs::read_to_string(&f).expect("utf-8");
            assert_eq!(docs[0].text, bytes);
            n += 1;
        }
    }
    assert_eq!(n, 2 * 67);
}

#[test]
fn bc5cdr_bioc_collections() {
    let Some(shared) = shared() else { return };
    for split in ["train", "dev"] {
        let path = shared.join(format!("corpora/bc5cdr/{split}.bioc.xml"));
        let docs = read_all(&path, InputFormat::BiocXml);
        assert_eq!(docs.len(), 500, "{split}");
        let mentions: usize = docs.iter().map(|d| d.entities.len()).sum();
        assert!(mentions > 9000, "{split}: {mentions} mentions");
        assert!(
            docs.iter()
                .all(|d| !d.relations.is_empty() || d.entities.is_empty())
        );
    }
}

/// Reads a PubTator collection, writes it back, and compares line by line
/// (documents and their lines identical); blank lines between documents
/// are written after each document, as BC5CDR has them.
fn round_trip(path: &Path, docs_expected: usize) -> (Vec<u8>, Vec<u8>) {
    let docs = read_all(path, InputFormat::Pubtator);
    assert_eq!(docs.len(), docs_expected, "{}", path.display());
    let mut out = Vec::new();
    write(
        &mut out,
        OutputFormat::Pubtator,
        &WriteOptions::default(),
        &docs,
    )
    .expect("write");
    let original = std::fs::read(path).expect("readable");
    let lines = |b: &[u8]| -> Vec<Vec<u8>> {
        b.split(|c| *c == b'\n')
            .filter(|l| !l.is_empty())
            .map(<[u8]>::to_vec)
            .collect()
    };
    let (a, b) = (lines(&original), lines(&out));
    assert_eq!(a.len(), b.len(), "{}: line count", path.display());
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(
            String::from_utf8_lossy(x),
            String::from_utf8_lossy(y),
            "{} line {}",
            path.display(),
            i + 1
        );
    }
    (original, out)
}

#[test]
fn pubtator_round_trips_byte_for_byte() {
    let Some(shared) = shared() else { return };
    let (original, out) = round_trip(&shared.join("corpora/bc5cdr/dev.pubtator.txt"), 500);
    assert!(original == out, "bc5cdr dev: the whole file is identical");
    round_trip(&shared.join("corpora/bc5cdr/train.pubtator.txt"), 500);
    round_trip(&shared.join("corpora/ncbi-disease/dev.pubtator.txt"), 100);
    round_trip(&shared.join("corpora/ncbi-disease/train.pubtator.txt"), 593);
}

#[test]
fn bioc_written_as_pubtator_matches_the_gold_pubtator() {
    let Some(shared) = shared() else { return };
    let docs = read_all(
        &shared.join("corpora/bc5cdr/dev.bioc.xml"),
        InputFormat::BiocXml,
    );
    let mut out = Vec::new();
    write(
        &mut out,
        OutputFormat::Pubtator,
        &WriteOptions::default(),
        &docs,
    )
    .expect("write");
    let gold = std::fs::read(shared.join("corpora/bc5cdr/dev.pubtator.txt")).expect("readable");
    assert!(
        out == gold,
        "BioC → PubTator differs from the gold PubTator"
    );
}

#[test]
fn ncbi_disease_keeps_its_ids_verbatim() {
    let Some(shared) = shared() else { return };
    let docs = read_all(
        &shared.join("corpora/ncbi-disease/dev.pubtator.txt"),
        InputFormat::Pubtator,
    );
    let n: usize = docs.iter().map(|d| d.entities.len()).sum();
    assert_eq!(n, 787);
    let composite = docs.iter().flat_map(|d| &d.entities).find(|e| {
        e.input
            .as_ref()
            .is_some_and(|i| i.id.contains('|') || i.id.contains('+'))
    });
    let e = composite.expect("a mention with several ids");
    assert!(e.ids.len() >= 2, "{e:?}");
    // Mention text at the offsets is the annotated text.
    for d in &docs {
        for e in &d.entities {
            assert_eq!(d.slice(e.span().expect("offsets")), e.text, "{}", d.id);
        }
    }
}

#[test]
fn seed_review_is_read_as_seed_markdown() {
    let Some(shared) = shared() else { return };
    read_all(
        &shared.join("seeds/000_cdc507d37501bd85.txt"),
        InputFormat::SeedMarkdown,
    );
}

/// Every JATS document of `../shared`: the full texts and CRAFT's.
fn jats_documents(shared: &Path) -> Vec<Document> {
    let mut docs = Vec::new();
    for (dir, ext) in [
        ("fulltext/elife", "xml"),
        ("fulltext/pmc", "nxml"),
        ("corpora/craft/train/nxml", "nxml"),
        ("corpora/craft/dev/nxml", "nxml"),
    ] {
        for f in files(&shared.join(dir), ext) {
            docs.extend(read_all(&f, InputFormat::Jats));
        }
    }
    docs
}

#[test]
fn section_kinds_of_shared_full_texts() {
    use briefing_model::SectionKind;
    let Some(shared) = shared() else { return };
    let docs = jats_documents(&shared);
    assert_eq!(docs.len(), 22 + 67);
    let mut methods_subsections = 0;
    for d in &docs {
        let mut in_body = false;
        for s in &d.sections {
            let parent = s.parent.map(|p| &d.sections[p]);
            // What a Methods section holds is methods (a title such as
            // "Protein digestion with pepsin" names no kind of its own).
            if parent.is_some_and(|p| p.kind == SectionKind::Methods) {
                assert_eq!(s.kind, SectionKind::Methods, "{}: {:?}", d.id, s.title);
                methods_subsections += 1;
            }
            // Summaries are front matter (abstracts, digests), never a
            // section of the body or the back matter ("Authors'
            // contributions").
            in_body |=
                !matches!(s.kind, SectionKind::Abstract | SectionKind::Summary) && parent.is_none();
            if in_body {
                assert_ne!(s.kind, SectionKind::Summary, "{}: {:?}", d.id, s.title);
            }
        }
    }
    assert!(methods_subsections > 500, "{methods_subsections}");
}

/// Sentences of the shared full texts end after numbers and units: no
/// sentence holds, outside brackets, ". " and a capitalized word right
/// after a number ("P < 0.05. The", "at E12.5. These") or a unit after a
/// number ("for 10 min. These", "for 500 ms. After").
#[test]
fn sentences_end_after_numbers_and_units_in_shared_full_texts() {
    let Some(shared) = shared() else { return };
    let mut docs = jats_documents(&shared);
    let mut bad = Vec::new();
    let mut sentences = 0;
    for d in &mut docs {
        briefing_annotator::sentences::split_document(d);
        for s in d.sections.iter().flat_map(|s| &s.sentences) {
            sentences += 1;
            let b = s.text.as_bytes();
            let mut depth = 0i32;
            for i in 0..b.len() {
                match b[i] {
                    b'(' | b'[' => depth += 1,
                    b')' | b']' => depth = (depth - 1).max(0),
                    _ => {}
                }
                let next_is_word = b.get(i + 1) == Some(&b' ')
                    && b.get(i + 2).is_some_and(u8::is_ascii_uppercase)
                    && b.get(i + 3).is_some_and(u8::is_ascii_lowercase);
                if b[i] != b'.' || depth > 0 || !next_is_word {
                    continue;
                }
                let mut t = i;
                while t > 0 && (b[t - 1].is_ascii_alphanumeric() || b[t - 1] == b'.') {
                    t -= 1;
                }
                let token = &s.text[t..i];
                let number = token.bytes().any(|c| c.is_ascii_digit())
                    && token.bytes().all(|c| c.is_ascii_digit() || c == b'.');
                let unit = matches!(token, "min" | "h" | "s" | "ms")
                    && t >= 2
                    && b[t - 1] == b' '
                    && b[t - 2].is_ascii_digit();
                if number || unit {
                    bad.push(format!("{}: {}", d.id, s.text));
                }
            }
        }
    }
    assert!(sentences > 20_000, "{sentences} sentences");
    assert!(
        bad.is_empty(),
        "{} sentences run on:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
