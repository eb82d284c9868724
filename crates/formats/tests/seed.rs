//! The seed review (summary view) as the reader sees it, pinned by
//! assertions. Reads `../shared/seeds/000_cdc507d37501bd85.txt`.

use std::path::Path;

use briefing_formats::{InputFormat, read_bytes};
use briefing_model::{EntityType, Origin, SectionKind};

#[test]
fn seed_review() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/000_cdc507d37501bd85.txt");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipped: ../shared/seeds/000_cdc507d37501bd85.txt is absent");
        return;
    };
    let reads = read_bytes("seed.txt", &bytes, None).expect("the seed reads");
    assert_eq!(reads.len(), 1);
    assert!(reads[0].warnings.is_empty(), "{:?}", reads[0].warnings);
    let d = &reads[0].document;
    assert_eq!(d.source.format, InputFormat::SeedMarkdown);
    assert_eq!(d.id, "PMC12913439");

    let m = &d.metadata;
    assert!(m.title.as_deref().is_some_and(|t| {
        t.starts_with("Harnessing mesenchymal stromal cells for liver disease therapy")
    }));
    assert_eq!(m.authors.len(), 8);
    assert_eq!(m.authors[0], "Yiting Huang");
    assert_eq!(m.authors[7], "Jieyan Wang");
    assert_eq!(m.doi.as_deref(), Some("10.3389/fmed.2025.1677021"));
    assert_eq!(m.pmcid.as_deref(), Some("PMC12913439"));
    assert_eq!(m.pmid, None);
    assert_eq!(m.journal.as_deref(), Some("Frontiers in Medicine"));
    assert_eq!(m.date.as_deref(), Some("2026-02-04"));
    assert!(
        m.tldr
            .as_deref()
            .is_some_and(|t| t.starts_with("Mesenchymal stromal cells show promise"))
    );

    let outline: Vec<(&str, SectionKind)> = d
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.kind))
        .collect();
    assert_eq!(
        outline,
        [
            ("TL;DR", SectionKind::Summary),
            ("Contribution", SectionKind::Summary),
            ("Key findings", SectionKind::Summary),
            ("Abstract", SectionKind::Abstract),
        ]
    );
    assert_eq!(d.sections[2].passages.len(), 3, "three key findings");
    assert_eq!(d.sections[3].passages.len(), 1, "one abstract paragraph");
    let abstract_text = d.slice(d.sections[3].passages[0].span());
    assert!(abstract_text.starts_with("Mesenchymal stromal cells (MSCs) demonstrate"));
    assert!(abstract_text.ends_with("in liver disease therapy."));
    // The summary view omits the body, figures and references.
    assert!(d.references.is_empty());
    assert!(d.figures.is_empty());
    assert!(d.citations.is_empty());

    // Entities: document-level, from the input's lists.
    assert!(
        d.entities
            .iter()
            .all(|e| e.origin == Origin::Input && e.start.is_none())
    );
    let of = |t: EntityType| d.entities.iter().filter(move |e| e.kind == t);
    let genes: Vec<_> = of(EntityType::Gene).collect();
    assert_eq!(genes.len(), 45);
    assert!(
        genes
            .iter()
            .all(|g| g.ids.len() == 1 && g.ids[0].starts_with("NCBIGene:"))
    );
    let hgf = genes.iter().find(|g| g.text == "HGF").expect("HGF");
    assert_eq!(hgf.ids, ["NCBIGene:3082"]);
    assert_eq!(hgf.name.as_deref(), Some("hepatocyte growth factor"));
    assert_eq!(hgf.synonyms, ["DFNB39", "F-TCF", "HGFB", "HPTA", "SF"]);
    let ido = genes.iter().find(|g| g.text == "Ido1").expect("Ido1");
    assert_eq!(ido.name.as_deref(), Some("indoleamine 2,3-dioxygenase 1"));
    let vim = genes
        .iter()
        .find(|g| g.text == "VIM")
        .expect("VIM without synonyms");
    assert!(vim.synonyms.is_empty());
    // Tgfb1 twice: mouse and rat.
    let tgfb1: Vec<_> = genes
        .iter()
        .filter(|g| g.text == "Tgfb1")
        .map(|g| g.ids[0].as_str())
        .collect();
    assert_eq!(tgfb1, ["NCBIGene:21803", "NCBIGene:59086"]);

    let diseases: Vec<_> = of(EntityType::Disease).collect();
    assert_eq!(diseases.len(), 2 + 42);
    assert_eq!(diseases[0].text, "liver disease");
    assert_eq!(diseases[0].ids, ["MONDO:0005154"]);
    assert!(
        diseases
            .iter()
            .any(|e| e.text == "MASH" && e.ids == ["MESH:D005234"])
    );
    let chemicals: Vec<_> = of(EntityType::Chemical).collect();
    assert_eq!(chemicals.len(), 7);
    let ge11 = chemicals.iter().find(|c| c.text == "GE11").expect("GE11");
    assert!(ge11.ids.is_empty(), "GE11 has no id (-)");
    assert!(
        chemicals
            .iter()
            .any(|c| c.text == "CCl4" && c.ids == ["MESH:D002251"])
    );
    let species: Vec<_> = of(EntityType::Species)
        .map(|s| (s.text.as_str(), s.ids[0].as_str(), s.synonyms[0].as_str()))
        .collect();
    assert_eq!(
        species,
        [
            ("Homo sapiens", "NCBITaxon:9606", "human"),
            ("Rattus norvegicus", "NCBITaxon:10116", "brown rat"),
            ("Mus musculus", "NCBITaxon:10090", "house mouse")
        ]
    );
    let lines: Vec<_> = of(EntityType::CellLine)
        .map(|c| (c.text.as_str(), c.ids.clone()))
        .collect();
    assert_eq!(lines, [("LX2", vec!["CVCL_5792".to_owned()])]);
    assert_eq!(d.entities.len(), 45 + 44 + 7 + 3 + 1);
    // Ids T1.. in order.
    assert!(
        d.entities
            .iter()
            .enumerate()
            .all(|(i, e)| e.id == format!("T{}", i + 1))
    );
}
