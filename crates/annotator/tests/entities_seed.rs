//! The entity stage on the seed review, against `../shared/gold/seed-claims.json`.

use std::path::PathBuf;

use briefing_annotator::{Annotator, AnnotatorOptions, InputEntities};
use briefing_lexicon::Lexicon;
use briefing_model::{Document, Origin};

fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared is not beside the workspace");
        None
    }
}

fn annotated_seed(root: &std::path::Path, input: InputEntities) -> Document {
    let path = root.join("seeds/000_cdc507d37501bd85.txt");
    let bytes = std::fs::read(&path).expect("seed");
    let mut docs = briefing_formats::read_bytes("seed.txt", &bytes, None).expect("seed reads");
    let mut doc = docs.remove(0).document;
    let lexicon = Lexicon::default_lexicon().expect("default lexicon");
    let annotator = Annotator::new()
        .with_options(AnnotatorOptions::default().with_entities(input))
        .with_lexicon(lexicon);
    annotator.annotate(&mut doc);
    doc
}

fn gold(root: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(root.join("gold/seed-claims.json")).expect("gold");
    serde_json::from_str(&text).expect("gold JSON")
}

/// Every gold entity is found as a mention of its type carrying its id.
#[test]
fn seed_entities_have_gold_types_and_ids() {
    let Some(root) = shared() else { return };
    let doc = annotated_seed(&root, InputEntities::Replace);
    let gold = gold(&root);
    let mut missing = Vec::new();
    for g in gold["entities"].as_array().expect("entities") {
        let (text, kind, id) = (
            g["text"].as_str().unwrap_or(""),
            g["type"].as_str().unwrap_or(""),
            g["id"].as_str().unwrap_or(""),
        );
        let hit = doc.entities.iter().any(|e| {
            e.start.is_some()
                && e.text.to_lowercase().trim_end_matches('s')
                    == text.to_lowercase().trim_end_matches('s')
                && e.kind.as_str() == kind
                && (e.ids.iter().any(|i| i == id)
                    || e.candidates.iter().any(|c| c.ids.iter().any(|i| i == id)))
        });
        if !hit {
            missing.push(format!("{text} {kind} {id}"));
        }
    }
    assert!(missing.is_empty(), "gold entities not found: {missing:#?}");
}

/// "HSCs" in the liver review are hepatic stellate cells, by the definition
/// "hepatic stellate cell (HSCs)", at every use.
#[test]
fn hscs_are_hepatic_stellate_cells() {
    let Some(root) = shared() else { return };
    let doc = annotated_seed(&root, InputEntities::Replace);
    let hscs: Vec<_> = doc.entities.iter().filter(|e| e.text == "HSCs").collect();
    assert!(!hscs.is_empty(), "no HSCs mention");
    for e in hscs {
        assert_eq!(
            e.ids.first().map(String::as_str),
            Some("CL:0000632"),
            "{e:?}"
        );
        assert_eq!(e.kind.as_str(), "CellType");
        assert_eq!(e.origin, Origin::Abbreviation);
    }
}

/// The gold abbreviations are listed, with the type of their long form
/// where it is an entity.
#[test]
fn seed_abbreviations() {
    let Some(root) = shared() else { return };
    let doc = annotated_seed(&root, InputEntities::Replace);
    let gold = gold(&root);
    for g in gold["abbreviations"].as_array().expect("abbreviations") {
        let (short, long) = (
            g["short"].as_str().unwrap_or(""),
            g["long"].as_str().unwrap_or(""),
        );
        let a = doc.abbreviations.iter().find(|a| a.short == short);
        let a = a.unwrap_or_else(|| panic!("{short} not found in {:?}", doc.abbreviations));
        assert_eq!(a.long.to_lowercase(), long.to_lowercase());
    }
    let hgf = doc
        .abbreviations
        .iter()
        .find(|a| a.short == "HGF")
        .expect("HGF");
    assert_eq!(hgf.ids.first().map(String::as_str), Some("NCBIGene:3082"));
}

/// Merging keeps the seed's own entity list and adds ours where they do not
/// overlap; keeping adds nothing when the input has mentions.
#[test]
fn input_entities_merge_and_replace() {
    let Some(root) = shared() else { return };
    let merged = annotated_seed(&root, InputEntities::Merge);
    let replaced = annotated_seed(&root, InputEntities::Replace);
    let inputs = |d: &Document| {
        d.entities
            .iter()
            .filter(|e| e.origin == Origin::Input)
            .count()
    };
    assert_eq!(inputs(&replaced), 0);
    assert!(
        inputs(&merged) > 0,
        "the seed's entity lists are kept when merging"
    );
    assert!(
        merged
            .entities
            .iter()
            .any(|e| e.origin != Origin::Input && e.start.is_some())
    );
    let ids: Vec<&str> = merged.entities.iter().map(|e| e.id.as_str()).collect();
    let expect: Vec<String> = (1..=ids.len()).map(|i| format!("T{i}")).collect();
    assert_eq!(ids, expect);
}
