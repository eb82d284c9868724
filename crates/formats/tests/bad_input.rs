//! Broken inputs give a clear error naming the input and a location, or a
//! documented best-effort read with warnings; never a panic.

use briefing_formats::{ErrorKind, InputFormat, open, read_bytes};
use proptest::prelude::*;

const JATS: &str = r#"<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Stromal cells</article-title></title-group></article-meta></front>
<body><sec><title>Introduction</title><p>MSCs secrete HGF <xref ref-type="bibr" rid="b1">[1]</xref>.</p></sec></body>
<back><ref-list><ref id="b1"><label>1</label><element-citation><person-group><name><surname>Okafor</surname><given-names>T</given-names></name></person-group><article-title>A title</article-title><source>A Journal</source><year>2020</year></element-citation></ref></ref-list></back>
</article>
"#;

const BIOC: &str = r#"<?xml version='1.0' encoding='UTF-8'?><collection><source>x</source>
<document><id>1</id><passage><infon key="type">title</infon><offset>0</offset><text>Liver fibrosis in mice.</text>
<annotation id="0"><infon key="type">Disease</infon><infon key="MESH">D008103</infon><location offset="0" length="14"/><text>Liver fibrosis</text></annotation>
</passage></document>
<document><id>2</id><passage><infon key="type">title</infon><offset>0</offset><text>Second.</text></passage></document>
</collection>
"#;

fn error_of(name: &str, bytes: &[u8], format: Option<InputFormat>) -> briefing_formats::Error {
    match read_bytes(name, bytes, format) {
        Ok(docs) => panic!("{name}: expected an error, read {} document(s)", docs.len()),
        Err(e) => e,
    }
}

#[test]
fn the_well_formed_fixtures_read() {
    let d = &read_bytes("a.xml", JATS.as_bytes(), None).expect("jats")[0].document;
    assert_eq!(d.citations.len(), 1);
    assert_eq!(d.references[0].authors, ["Okafor T"]);
    let docs = read_bytes("b.xml", BIOC.as_bytes(), None).expect("bioc");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].document.entities[0].ids, ["MESH:D008103"]);
}

#[test]
fn truncated_jats_names_the_place() {
    let cut = &JATS.as_bytes()[..JATS.len() / 2];
    let e = error_of("cut.nxml", cut, None);
    assert!(matches!(e.kind, ErrorKind::Xml(_)), "{e}");
    assert!(e.location.line.is_some(), "{e}");
    let msg = e.to_string();
    assert!(msg.starts_with("cut.nxml: line "), "{msg}");
    assert!(
        msg.contains("truncated") || msg.contains("not closed"),
        "{msg}"
    );
}

#[test]
fn truncated_bioc_keeps_the_documents_before_the_cut() {
    let cut = &BIOC.as_bytes()[..BIOC.find("<document><id>2").expect("second") + 30];
    let items: Vec<_> = open("cut.bioc.xml", cut, None).expect("opens").collect();
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    let e = items[1].as_ref().expect_err("truncated");
    assert!(e.location.byte.is_some(), "{e}");
    assert!(e.to_string().starts_with("cut.bioc.xml: byte "), "{e}");
}

#[test]
fn invalid_utf8_names_line_and_byte() {
    let mut md = b"# Title\n\n## Abstract\n\nGood text.\nBad \xff byte.\n".to_vec();
    let e = error_of("bad.md", &md, None);
    assert!(matches!(e.kind, ErrorKind::InvalidUtf8), "{e}");
    assert_eq!(e.location.line, Some(6));
    assert_eq!(e.location.byte, Some(37));
    md = b"1|t|Title\n1|a|Abs\xc3tract\n\n".to_vec();
    let e = read_bytes("bad.pubtator", &md, None).expect_err("pubtator");
    assert!(matches!(e.kind, ErrorKind::InvalidUtf8), "{e}");
    assert_eq!(e.location.line, Some(2));
    let mut xml = JATS.as_bytes().to_vec();
    let at = JATS.find("MSCs").expect("text");
    xml[at] = 0xfe;
    let e = error_of("bad.nxml", &xml, None);
    assert!(matches!(e.kind, ErrorKind::InvalidUtf8), "{e}");
    assert!(e.location.is_known());
}

#[test]
fn empty_and_blank_inputs() {
    for bytes in [&b""[..], b"   \n\n\t "] {
        let e = open("empty.txt", bytes, None).expect_err("empty");
        assert!(matches!(e.kind, ErrorKind::Empty), "{e}");
        assert_eq!(e.to_string(), "empty.txt: the input is empty");
    }
    // Forced formats too.
    for f in [
        InputFormat::Jats,
        InputFormat::Text,
        InputFormat::SeedMarkdown,
        InputFormat::BiocJson,
        InputFormat::Json,
    ] {
        assert!(read_bytes("empty", b"", Some(f)).is_err(), "{f:?}");
    }
}

#[test]
fn binary_input() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let e = open("image.png", &bytes[..], None).expect_err("binary");
    assert!(matches!(e.kind, ErrorKind::Binary), "{e}");
    assert_eq!(e.location.byte, Some(0));
    let mut text = b"Some text\nthen a NUL\0here".to_vec();
    let e = open("t.txt", &text[..], None).expect_err("nul");
    assert_eq!(e.location.line, Some(2));
    text.truncate(5);
    assert!(open("t.txt", &text[..], None).is_ok());
}

#[test]
fn a_fifty_megabyte_line_is_read() {
    // One paragraph of 50 MB on a single line, without a newline.
    let line = "lorem ipsum dolor sit amet ".repeat(50 * 1024 * 1024 / 27);
    let docs = read_bytes("long.txt", line.as_bytes(), None).expect("plain text");
    assert_eq!(docs[0].document.text.len(), line.len());
    // The same line as a PubTator abstract.
    let pubtator = format!("7|t|Long\n7|a|{line}\n7\t0\t4\tLong\tDisease\tD000001\n\n");
    let docs = read_bytes("long.pubtator", pubtator.as_bytes(), None).expect("pubtator");
    assert_eq!(docs[0].document.entities.len(), 1);
}

#[test]
fn markdown_without_expected_sections() {
    let md = "Just a paragraph of text, no heading.\n\nAnother paragraph.\n";
    let r = &read_bytes("notes.md", md.as_bytes(), None).expect("markdown")[0];
    assert_eq!(r.document.source.format, InputFormat::Markdown);
    assert_eq!(r.document.sections.len(), 1);
    assert_eq!(r.document.sections[0].passages.len(), 2);
    assert!(
        r.warnings.iter().any(|w| w.message.contains("no headings")),
        "{:?}",
        r.warnings
    );
    // Forced as seed Markdown: the same best-effort read.
    let r =
        &read_bytes("notes.md", md.as_bytes(), Some(InputFormat::SeedMarkdown)).expect("seed")[0];
    assert!(r.document.metadata.title.is_none());
    assert_eq!(r.document.sections[0].passages.len(), 2);
}

#[test]
fn pubtator_offsets_past_the_text_are_dropped_with_a_warning() {
    let input = "5|t|Short title\n5|a|Short abstract.\n5\t0\t5\tShort\tDisease\tD1\n5\t20\t400\tfar\tDisease\tD2\n\n6|t|Next\n\n";
    let docs = read_bytes("p.txt", input.as_bytes(), None).expect("best effort");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].document.entities.len(), 1);
    let w = &docs[0].warnings[0];
    assert_eq!(w.location.line, Some(4));
    assert!(w.message.contains("outside the text"), "{w}");
}

#[test]
fn a_bad_pubtator_line_fails_its_document_only() {
    let input = "5|t|One\n5|a|Text.\n5\tnot a line\n\n6|t|Two\n6|a|More text.\n\n";
    let items: Vec<_> = open("p.txt", input.as_bytes(), None)
        .expect("opens")
        .collect();
    assert_eq!(items.len(), 2);
    let e = items[0].as_ref().expect_err("bad line");
    assert_eq!(e.location.line, Some(3));
    assert!(
        e.to_string()
            .starts_with("p.txt: line 3: malformed PubTator"),
        "{e}"
    );
    assert_eq!(items[1].as_ref().expect("second document").document.id, "6");
}

#[test]
fn unknown_xml_and_json_are_refused_by_name() {
    let e = open("page.html", &b"<html><body>x</body></html>"[..], None).expect_err("html");
    assert!(e.to_string().contains("<html>"), "{e}");
    let e = open("x.json", &b"{\"a\": 1}"[..], None).expect_err("json");
    assert!(matches!(e.kind, ErrorKind::UnknownFormat(_)), "{e}");
}

#[test]
fn bioc_annotation_outside_its_passage_is_a_warning() {
    let bad = BIOC.replace("offset=\"0\" length=\"14\"", "offset=\"90\" length=\"14\"");
    let docs = read_bytes("b.xml", bad.as_bytes(), None).expect("best effort");
    assert!(docs[0].document.entities.is_empty());
    assert!(
        docs[0].warnings[0].message.contains("past its passage"),
        "{:?}",
        docs[0].warnings
    );
}

const FORMATS: [Option<InputFormat>; 9] = [
    None,
    Some(InputFormat::SeedMarkdown),
    Some(InputFormat::Markdown),
    Some(InputFormat::Text),
    Some(InputFormat::Jats),
    Some(InputFormat::BiocXml),
    Some(InputFormat::BiocJson),
    Some(InputFormat::Pubtator),
    Some(InputFormat::Json),
];

fn read_everything(bytes: &[u8]) {
    for f in FORMATS {
        if let Ok(docs) = open("fuzz", bytes, f) {
            for d in docs.flatten() {
                let doc = d.document;
                for s in &doc.sections {
                    for p in &s.passages {
                        assert!(doc.text.get(p.start..p.end).is_some());
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_reader_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        read_everything(&bytes);
    }

    #[test]
    fn no_reader_panics_on_mangled_inputs(cut in 0usize..2000, flip in 0usize..2000, byte in any::<u8>(), which in 0usize..4) {
        let seeds = [JATS, BIOC, "1|t|Title\n1|a|Abstract here.\n1\t0\t5\tTitle\tDisease\tD1\n1\tCID\tD1\tD2\n\n", "# T\n\n**Authors:** A, B\n\nDOI: 10.1/x · J · 2020\n\n## Full text\n\n### 1 Intro\n\nText [1].\n\n## References\n\n1. A B. T. J. 2020.\n"];
        let mut bytes = seeds[which].as_bytes().to_vec();
        let n = bytes.len();
        bytes[flip % n] = byte;
        bytes.truncate(cut.min(n));
        read_everything(&bytes);
    }

    #[test]
    fn no_reader_panics_on_arbitrary_text(text in "\\PC{0,300}") {
        read_everything(text.as_bytes());
        let md = format!("# {text}\n\n## Full text\n\n{text} [1–3] [{text}]\n\n## References\n\n1. {text}\n");
        read_everything(md.as_bytes());
    }
}
