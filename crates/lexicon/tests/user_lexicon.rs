//! User lexicons: a plain TSV is compiled on the fly, cached by content, and
//! matched like any lexicon; bad lines are reported or refused; damaged
//! compiled files are refused.

use briefing_lexicon::{Compiler, Concept, Lexicon};
use briefing_model::EntityType;

#[test]
fn tsv_lexicon_compiles_matches_and_reports_bad_lines() {
    {
        let tmp = tempfile::tempdir().unwrap();
        let tsv = tmp.path().join("names.tsv");
        std::fs::write(
            &tsv,
            "id\tname\ttype\nCL:0000632\thepatic stellate cell\nCL:0000632\tIto cell\nMYDB:1\tfrobnicin\tChemical\nbroken line\nMYDB:2\tzap\tNotAType\n",
        )
        .unwrap();
        let (lex, problems) = Lexicon::open_tsv(&tsv, false).expect("open tsv");
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [5, 6]);
        assert!(
            problems[0]
                .to_string()
                .starts_with(&format!("{}:5:", tsv.display()))
        );

        let text = "Ito cells and frobnicin.";
        let found = lex.find(text);
        let got: Vec<(&str, EntityType, &str)> = found
            .iter()
            .map(|m| {
                (
                    &text[m.start..m.end],
                    m.hits[0].entry.kind,
                    m.hits[0].entry.id(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Ito cells", EntityType::CellType, "CL:0000632"),
                ("frobnicin", EntityType::Chemical, "MYDB:1")
            ]
        );

        // The same content opens from the cache, as a compiled file.
        let again = Lexicon::open(&tsv).expect("open again");
        assert!(
            again.path().extension().is_some_and(|e| e == "blx"),
            "{:?}",
            again.path()
        );

        // Strict mode refuses the file at its first bad line.
        let err = Lexicon::open_tsv(&tsv, true).unwrap_err().to_string();
        assert_eq!(
            err,
            format!("{}:5: expected `id<TAB>name[<TAB>type]`", tsv.display())
        );
    }
}

#[test]
fn compiled_files_are_checked_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Compiler::new();
    c.add(Concept {
        kind: EntityType::Species,
        ids: vec!["NCBITaxon:10090".into()],
        name: "Mus musculus".into(),
        synonyms: vec!["mouse".into()],
        ..Concept::default()
    });
    let bytes = c.compile("test").unwrap();
    let good = dir.path().join("good.blx");
    std::fs::write(&good, &bytes).unwrap();
    let lex = Lexicon::open(&good).unwrap();
    assert_eq!(lex.find("two mice").len(), 1);

    let mut damaged = bytes.clone();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 1;
    let bad = dir.path().join("bad.blx");
    std::fs::write(&bad, &damaged).unwrap();
    let err = Lexicon::open(&bad).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!(
            "{}: corrupted compiled lexicon: checksum mismatch",
            bad.display()
        )),
        "{err}"
    );

    let truncated = dir.path().join("short.blx");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let err = Lexicon::open(&truncated).unwrap_err().to_string();
    assert!(err.contains("truncated"), "{err}");
}
