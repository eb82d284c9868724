//! `briefing annotate` end to end: the built binary on the bundled example,
//! the fixtures, the seed review, standard input, and broken inputs; and
//! `briefing eval entities` on a fixture corpus.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn briefing(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn example_as_json() {
    let o = briefing(&["annotate", "examples/msc-liver-review.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["schema"], "briefing/annotated-review/1");
    for key in [
        "metadata",
        "sections",
        "entities",
        "abbreviations",
        "claims",
        "references",
        "text",
    ] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    for key in [
        "title", "authors", "doi", "pmcid", "pmid", "journal", "date",
    ] {
        assert!(v["metadata"].get(key).is_some(), "missing metadata.{key}");
    }
    let sentences: Vec<&serde_json::Value> = v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .flat_map(|s| s["sentences"].as_array().expect("sentences"))
        .collect();
    assert!(sentences.len() > 50);
    let text = v["text"].as_str().expect("text");
    for s in &sentences {
        let (a, b) = (
            s["start"].as_u64().expect("start") as usize,
            s["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(&text[a..b], s["text"].as_str().expect("text"));
    }
    assert!(
        sentences
            .iter()
            .any(|s| s["citations"].as_array().is_some_and(|c| c.len() == 3)),
        "[3–5] expands to three references"
    );
}

#[test]
fn seed_review_prints_json() {
    if !root()
        .join("../shared/seeds/000_cdc507d37501bd85.txt")
        .is_file()
    {
        eprintln!("skipped: ../shared/seeds is absent");
        return;
    }
    let o = briefing(&["annotate", "../shared/seeds/000_cdc507d37501bd85.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["id"], "PMC12913439");
    assert_eq!(v["metadata"]["journal"], "Frontiers in Medicine");
    let genes = v["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter(|e| e["type"] == "Gene" && e["origin"] == "input")
        .count();
    assert_eq!(genes, 45);
}

#[test]
fn output_file_and_formats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.pubtator");
    let o = briefing(&[
        "annotate",
        "tests/fixtures/two-abstracts.pubtator",
        "--format",
        "pubtator",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&out).expect("written");
    let input = std::fs::read_to_string(root().join("tests/fixtures/two-abstracts.pubtator"))
        .expect("fixture");
    // The input's lines come back unchanged and in order (the annotator may
    // add lines of its own between them).
    let mut lines = written.lines();
    for line in input.lines().filter(|l| !l.is_empty()) {
        assert!(
            lines.any(|w| w == line),
            "missing or out of order: {line}\n{written}"
        );
    }
    // Only temporary files are gone; nothing else in the directory.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);

    let o = briefing(&[
        "annotate",
        "tests/fixtures/two-abstracts.pubtator",
        "--format",
        "jsonl",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 2, "one record per document");

    let o = briefing(&[
        "annotate",
        "tests/fixtures/two-abstracts.pubtator",
        "--format",
        "pubtator",
        "--no-input-annotations",
    ]);
    assert!(
        !stdout(&o).contains("SpecificDisease"),
        "input annotations left out"
    );
    assert!(stdout(&o).contains("900001|t|Stromal cell infusion"));

    let o = briefing(&[
        "annotate",
        "tests/fixtures/article.nxml",
        "--format",
        "bioc",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let xml = stdout(&o);
    assert!(
        xml.starts_with("<?xml") && xml.trim_end().ends_with("</collection>"),
        "{xml}"
    );

    let o = briefing(&["annotate", "tests/fixtures/article.nxml"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["source"]["format"], "jats");
    assert_eq!(v["references"].as_array().expect("refs").len(), 2);
}

#[test]
fn several_documents_give_a_json_array() {
    let o = briefing(&["annotate", "tests/fixtures/two-abstracts.pubtator"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(2));
}

#[test]
fn standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["annotate", "-", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b"A title\n\nMSCs secrete HGF. HGF inhibits stellate cells.\n")
            .expect("writes");
    }
    let o = child.wait_with_output().expect("waits");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("JSON line");
    assert_eq!(v["source"]["path"], "-");
    assert_eq!(
        v["sections"][1]["sentences"].as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn unreadable_inputs_exit_2() {
    let o = briefing(&["annotate", "tests/fixtures/does-not-exist.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does-not-exist.txt"), "{}", stderr(&o));
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    let o = briefing(&["annotate", empty.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("empty"), "{}", stderr(&o));
    let o = briefing(&["annotate"]);
    assert_eq!(o.status.code(), Some(2), "usage error");
    let o = briefing(&["annotate", "x", "--format", "docx"]);
    assert_eq!(o.status.code(), Some(2), "usage error");
}

#[test]
fn a_bad_document_fails_alone_with_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("mixed.pubtator");
    std::fs::write(
        &input,
        "1|t|Good one.\n1|a|Fine.\n\n2|t|Bad one.\n2\tnot an annotation\n\n3|t|Good again.\n\n",
    )
    .expect("write");
    let out = dir.path().join("out.jsonl");
    let o = briefing(&[
        "annotate",
        input.to_str().expect("path"),
        "--format",
        "jsonl",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("line 5"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out)
            .expect("written")
            .lines()
            .count(),
        2
    );
}

#[test]
fn help_has_examples() {
    let o = briefing(&["annotate", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let h = stdout(&o);
    assert!(
        h.contains("Examples:") && h.contains("--format") && h.contains("Exit status"),
        "{h}"
    );
}

#[test]
fn entity_errors_account_for_every_miss_and_every_spurious_mention() {
    let dir = std::env::temp_dir().join(format!("briefing-cli-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let errors = dir.join("errors.tsv");
    let o = briefing(&[
        "eval",
        "entities",
        "--corpus",
        "tests/fixtures/two-abstracts.pubtator",
        "--json",
        "--errors",
        errors.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let tsv = std::fs::read_to_string(&errors).expect("errors file");
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next(),
        Some("document\ttype\terror\tstart\tend\tboundary\ttext")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert!(
        !rows.is_empty() && rows.iter().all(|r| r.len() == 7),
        "{tsv}"
    );
    let mut total = 0;
    for t in report["types"].as_array().expect("types") {
        let kind = t["type"].as_str().expect("type");
        let s = &t["strict"];
        let n = |k: &str| s[k].as_u64().expect("count") as usize;
        let count = |e: &str| rows.iter().filter(|r| r[1] == kind && r[2] == e).count();
        assert_eq!(count("FN"), n("gold") - n("tp_gold"), "{kind}: {tsv}");
        assert_eq!(
            count("FP"),
            n("predicted") - n("tp_predicted"),
            "{kind}: {tsv}"
        );
        total += count("FN") + count("FP");
    }
    assert_eq!(total, rows.len());
    // Each row's text is the document's text at its offsets.
    for r in &rows {
        let (start, end): (usize, usize) =
            (r[3].parse().expect("start"), r[4].parse().expect("end"));
        assert_eq!(r[6].len(), end - start, "{r:?}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
