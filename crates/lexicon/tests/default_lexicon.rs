//! The shipped default lexicon finds the entities of a liver-biology review
//! with the right identifiers, and keeps ambiguity visible.

use briefing_lexicon::{Lexicon, MatchOptions, NameFlags};
use briefing_model::EntityType;

fn lexicon() -> Lexicon {
    Lexicon::default_lexicon().expect("default lexicon")
}

/// The readings of the first match covering exactly `phrase` in `text`.
fn readings(lex: &Lexicon, text: &str, phrase: &str) -> Vec<(EntityType, String)> {
    assert!(text.contains(phrase), "{phrase:?} not in text");
    let found = lex.find(text);
    let m = found
        .iter()
        .find(|m| &text[m.start..m.end] == phrase)
        .unwrap_or_else(|| {
            let spans: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
            panic!("no match for {phrase:?}; matches: {spans:?}")
        });
    m.hits
        .iter()
        .map(|h| (h.entry.kind, h.entry.id().to_string()))
        .collect()
}

fn has(lex: &Lexicon, text: &str, phrase: &str, kind: EntityType, id: &str) {
    let r = readings(lex, text, phrase);
    assert!(
        r.contains(&(kind, id.to_string())),
        "{phrase:?}: expected {kind} {id}, got {r:?}"
    );
}

#[test]
fn finds_the_seed_review_entities() {
    let lex = lexicon();
    let text = "MSCs secrete HGF and VEGF, which inhibit hepatic stellate cell activation \
        and protect hepatocytes; macrophages, T cells, Th17 cells and Tregs respond. \
        Mesenchymal stromal cells were given to mice with CCl4-induced liver fibrosis, \
        cirrhosis and end-stage liver disease; LX-2 cells were used in vitro. \
        Liver disease remains a burden; fibrosis regresses.";
    use EntityType::*;
    has(&lex, text, "HGF", Gene, "NCBIGene:3082");
    has(&lex, text, "VEGF", Gene, "NCBIGene:7422");
    has(&lex, text, "hepatic stellate cell", CellType, "CL:0000632");
    has(&lex, text, "hepatocytes", CellType, "CL:0000182");
    has(&lex, text, "macrophages", CellType, "CL:0000235");
    has(&lex, text, "T cells", CellType, "CL:0000084");
    has(&lex, text, "Th17 cells", CellType, "CL:0000899");
    has(&lex, text, "Tregs", CellType, "CL:0000815");
    has(
        &lex,
        text,
        "Mesenchymal stromal cells",
        CellType,
        "CL:0000134",
    );
    has(&lex, text, "MSCs", CellType, "CL:0000134");
    has(&lex, text, "mice", Species, "NCBITaxon:10090");
    has(&lex, text, "CCl4", Chemical, "MESH:D002251");
    has(&lex, text, "liver fibrosis", Disease, "MESH:D008103");
    has(&lex, text, "cirrhosis", Disease, "MESH:D008103");
    has(&lex, text, "fibrosis", Disease, "MESH:D005355");
    has(
        &lex,
        text,
        "end-stage liver disease",
        Disease,
        "MESH:D058625",
    );
    has(&lex, text, "LX-2", CellLine, "CVCL_5792");
    has(&lex, text, "Liver disease", Disease, "MESH:D008107");
}

#[test]
fn ambiguous_names_keep_every_reading() {
    let lex = lexicon();
    let r = readings(&lex, "Activated HSCs produce collagen.", "HSCs");
    assert!(
        r.contains(&(EntityType::CellType, "CL:0000632".into())),
        "{r:?}"
    );
    assert!(
        r.contains(&(EntityType::CellType, "CL:0000037".into())),
        "{r:?}"
    );
}

#[test]
fn common_words_and_wrong_case_are_not_entities() {
    let lex = lexicon();
    let text = "We can and was met by a group, and the impact was hgf.";
    let found = lex.find(text);
    let spans: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
    assert!(spans.is_empty(), "{spans:?}");
    // With everything switched on, the stop-listed names come back flagged.
    let all = lex.find_with("AND CAN IMPACT", MatchOptions::everything());
    assert!(!all.is_empty());
    assert!(
        all.iter()
            .all(|m| m.hits.iter().any(|h| h.flags.contains(NameFlags::STOP))),
        "{all:?}"
    );
}

#[test]
fn greek_letters_and_spelled_names_meet() {
    let lex = lexicon();
    for text in ["TGF-β1", "TGF-beta1", "TGFβ1", "TGF-beta 1"] {
        let found = lex.find(text);
        let ids: Vec<&str> = found
            .iter()
            .flat_map(|m| m.hits.iter().map(|h| h.entry.id()))
            .collect();
        assert!(ids.contains(&"NCBIGene:7040"), "{text}: {ids:?}");
    }
}
