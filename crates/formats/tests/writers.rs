//! Writers: what is written reads back the same, and offsets written in
//! PubTator and BioC coordinates point at the same text.

use briefing_formats::{Document, InputFormat, OutputFormat, WriteOptions, read_bytes, write};
use briefing_model::{Entity, EntityType, Origin};

const MD: &str = "# Hepatocyte growth factor\n\n## Abstract\n\nMSCs secrete HGF [1]. Ünïcode text: HGF blocks α-SMA.\n\n## Results\n\nHGF fell.\n\n## References\n\n1. Okafor T. HGF. J Ex. 2020.\n";

fn doc_with_entities() -> Document {
    let mut d = read_bytes("r.md", MD.as_bytes(), None)
        .expect("reads")
        .remove(0)
        .document;
    for (i, (at, word, kind, id)) in [
        (0, "MSCs", EntityType::CellType, "CL:0000134"),
        (1, "HGF", EntityType::Gene, "NCBIGene:3082"),
        (0, "α-SMA", EntityType::Gene, ""),
    ]
    .into_iter()
    .enumerate()
    {
        let start = d.text.match_indices(word).nth(at).expect("word").0;
        d.entities.push(Entity {
            id: format!("T{}", i + 1),
            text: word.into(),
            start: Some(start),
            end: Some(start + word.len()),
            kind,
            ids: if id.is_empty() {
                vec![]
            } else {
                vec![id.into()]
            },
            origin: Origin::Lexicon,
            ..Entity::default()
        });
    }
    d
}

fn out(format: OutputFormat, docs: &[Document]) -> String {
    let mut buf = Vec::new();
    write(&mut buf, format, &WriteOptions::default(), docs).expect("writes");
    String::from_utf8(buf).expect("utf-8")
}

#[test]
fn json_and_jsonl_read_back_unchanged() {
    let d = doc_with_entities();
    let one = out(OutputFormat::Json, std::slice::from_ref(&d));
    assert!(one.starts_with("{\n  \"schema\": \"briefing/annotated-review/1\""));
    let back = read_bytes("o.json", one.as_bytes(), None).expect("reads back");
    assert_eq!(back[0].document, d);
    let two = [d.clone(), d.clone()];
    let arr = out(OutputFormat::Json, &two);
    assert!(arr.starts_with("[\n"));
    let back = read_bytes("o.json", arr.as_bytes(), None).expect("array reads back");
    assert_eq!(back.len(), 2);
    let lines = out(OutputFormat::Jsonl, &two);
    assert_eq!(lines.lines().count(), 2);
    let back = read_bytes("o.jsonl", lines.as_bytes(), None).expect("jsonl reads back");
    assert_eq!(
        back.iter().map(|r| &r.document).collect::<Vec<_>>(),
        [&d, &d]
    );
    assert_eq!(out(OutputFormat::Json, &[]), "[]\n");
}

#[test]
fn pubtator_offsets_point_at_the_mentions() {
    let d = doc_with_entities();
    let p = out(OutputFormat::Pubtator, std::slice::from_ref(&d));
    let mut lines = p.lines();
    let t = lines
        .next()
        .expect("title")
        .split_once("|t|")
        .expect("t")
        .1
        .to_owned();
    let a = lines
        .next()
        .expect("abstract")
        .split_once("|a|")
        .expect("a")
        .1
        .to_owned();
    let text: Vec<char> = format!("{t} {a}").chars().collect();
    assert_eq!(t, "Hepatocyte growth factor");
    let ann: Vec<Vec<&str>> = lines
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(ann.len(), 3);
    for f in &ann {
        let (s, e): (usize, usize) = (f[1].parse().expect("start"), f[2].parse().expect("end"));
        assert_eq!(text[s..e].iter().collect::<String>(), f[3], "{f:?}");
    }
    assert_eq!(ann[1][4..], ["Gene", "3082"]);
    assert_eq!(ann[2][4..], ["Gene", "-"]);
    assert_eq!(ann[0][4..], ["CellType", "CL:0000134"]);
    let read = read_bytes("p.txt", p.as_bytes(), Some(InputFormat::Pubtator))
        .expect("PubTator reads back");
    assert_eq!(read[0].document.entities.len(), 3);
}

#[test]
fn bioc_offsets_point_at_the_mentions() {
    let d = doc_with_entities();
    let x = out(OutputFormat::Bioc, std::slice::from_ref(&d));
    let back = read_bytes("b.xml", x.as_bytes(), None).expect("BioC reads back");
    let b = &back[0].document;
    assert_eq!(b.source.format, InputFormat::BiocXml);
    assert_eq!(b.entities.len(), 3);
    for e in &b.entities {
        assert_eq!(b.slice(e.span().expect("span")), e.text);
    }
    assert_eq!(b.entities[1].ids, ["NCBIGene:3082"]);
}

#[test]
fn pubtator_through_bioc_and_back_is_unchanged() {
    let input = "11|t|Lithium and the heart.\n11|a|Lithium carbonate toxicity: a case.\n11\t0\t7\tLithium\tChemical\tD008094\n11\t28\t45\tLithium carbonate\tChemical\tD016651\n11\tCID\tD016651\tD006331\n\n";
    let docs: Vec<Document> = read_bytes("p", input.as_bytes(), None)
        .expect("reads")
        .into_iter()
        .map(|r| r.document)
        .collect();
    let x = out(OutputFormat::Bioc, &docs);
    let again: Vec<Document> = read_bytes("x", x.as_bytes(), None)
        .expect("BioC")
        .into_iter()
        .map(|r| r.document)
        .collect();
    assert_eq!(again[0].text, docs[0].text);
    let p = out(OutputFormat::Pubtator, &again);
    // The id column keeps PubTator's value; relations come back in order.
    assert_eq!(p, input);
}

#[test]
fn bioc_json_collection() {
    let json = r#"{"source": "example", "date": "", "key": "", "infons": {}, "documents": [
      {"id": "77", "infons": {}, "relations": [], "passages": [
        {"offset": 0, "infons": {"type": "title"}, "text": "HGF in fibrosis.", "sentences": [], "relations": [],
         "annotations": [{"id": "1", "infons": {"type": "Gene", "identifier": "3082"}, "text": "HGF",
                          "locations": [{"offset": 0, "length": 3}]}]},
        {"offset": 17, "infons": {"type": "abstract"}, "text": "Fibrosis fell.", "sentences": [], "relations": [],
         "annotations": [{"id": "2", "infons": {"type": "Disease", "identifier": "MESH:D005355"}, "text": "Fibrosis",
                          "locations": [{"offset": 17, "length": 8}]}]}]}]}"#;
    let docs = read_bytes("c.json", json.as_bytes(), None).expect("BioC JSON");
    let d = &docs[0].document;
    assert_eq!(d.source.format, InputFormat::BiocJson);
    assert_eq!(d.text, "HGF in fibrosis. Fibrosis fell.");
    assert_eq!(d.metadata.title.as_deref(), Some("HGF in fibrosis."));
    let got: Vec<(&str, Vec<String>)> = d
        .entities
        .iter()
        .map(|e| (d.slice(e.span().expect("span")), e.ids.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("HGF", vec!["NCBIGene:3082".to_owned()]),
            ("Fibrosis", vec!["MESH:D005355".to_owned()])
        ]
    );
    let p = out(OutputFormat::Pubtator, std::slice::from_ref(d));
    assert_eq!(
        p,
        "77|t|HGF in fibrosis.\n77|a|Fibrosis fell.\n77\t0\t3\tHGF\tGene\t3082\n77\t17\t25\tFibrosis\tDisease\tMESH:D005355\n\n"
    );
}

#[test]
fn pubtator_writes_only_pubtator_identifier_spaces() {
    let text = "Alkaptonuria and APOE in mice given lithium; HeLa cells.";
    let mut d = read_bytes("x.txt", text.as_bytes(), None)
        .expect("reads")
        .remove(0)
        .document;
    let mention = |word: &str, kind: EntityType, ids: &[&str]| {
        let start = d.text.find(word).expect("word");
        Entity {
            text: word.into(),
            start: Some(start),
            end: Some(start + word.len()),
            kind,
            ids: ids.iter().map(|s| (*s).to_owned()).collect(),
            origin: Origin::Lexicon,
            ..Entity::default()
        }
    };
    d.entities = vec![
        mention(
            "Alkaptonuria",
            EntityType::Disease,
            &["MONDO:0008753", "MESH:D000474", "OMIM:203500"],
        ),
        mention("APOE", EntityType::Gene, &["HGNC:613", "NCBIGene:348"]),
        mention("mice", EntityType::Species, &["NCBITaxon:10090"]),
        mention("lithium", EntityType::Chemical, &["CHEBI:30145"]),
        mention("HeLa", EntityType::CellLine, &["CVCL_0030", "EFO:0001185"]),
    ];
    let p = out(OutputFormat::Pubtator, std::slice::from_ref(&d));
    let ids: Vec<(&str, &str)> = p
        .lines()
        .filter(|l| l.contains('\t'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[3], f[5])
        })
        .collect();
    assert_eq!(
        ids,
        [
            // Cross-references (MONDO, HGNC) are left out...
            ("Alkaptonuria", "D000474|OMIM:203500"),
            ("APOE", "348"),
            ("mice", "10090"),
            // ...unless there is nothing else, and other types keep their
            // first identifier only.
            ("lithium", "CHEBI:30145"),
            ("HeLa", "CVCL_0030"),
        ]
    );
}
