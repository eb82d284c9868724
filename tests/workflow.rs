//! `workflow/Snakefile` end to end: Snakemake, installed from PyPI into a
//! virtual environment, shards a folder made from the shared corpora, runs
//! `briefing annotate` per shard and `briefing report` over the result; every
//! document must come out once, annotated and briefed. A rerun does nothing,
//! and a shard run again finds its work done.
//!
//! The virtual environment lives in the target folder
//! (`<target>/snakemake-venv`, made once; `.ci/run` makes it ahead), or
//! `BRIEFING_SNAKEMAKE` names a `snakemake` program to use instead. The test
//! skips, saying so, only when Python cannot make a virtual environment or
//! `../shared` is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Snakemake versions the workflow is written for.
const SNAKEMAKE: &str = "snakemake>=9,<10";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> Option<PathBuf> {
    let dir = root().join("../shared");
    dir.join("corpora").is_dir().then_some(dir)
}

/// `<target>/snakemake-venv`, beside the test's own binaries.
fn venv_dir() -> PathBuf {
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_briefing"));
    // <target>/<profile>/briefing
    let target = exe
        .parent()
        .and_then(Path::parent)
        .map_or_else(|| root().join("target"), Path::to_owned);
    target.join("snakemake-venv")
}

/// The snakemake program, installing it when needed; `None` when no
/// virtual environment can be made here.
fn snakemake() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("BRIEFING_SNAKEMAKE") {
        return Some(PathBuf::from(p));
    }
    let venv = venv_dir();
    let program = venv.join("bin/snakemake");
    let ready = venv.join(".briefing-ready");
    if ready.is_file() && program.is_file() {
        return Some(program);
    }
    let python = std::env::var_os("PYTHON").unwrap_or_else(|| "python3".into());
    let _ = std::fs::remove_dir_all(&venv);
    match Command::new(&python)
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
    {
        Ok(s) if s.success() => {}
        other => {
            eprintln!(
                "skipped: `{} -m venv` cannot make a virtual environment here ({other:?})",
                python.to_string_lossy()
            );
            return None;
        }
    }
    let pip = Command::new(venv.join("bin/python"))
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            SNAKEMAKE,
        ])
        .status()
        .expect("pip runs");
    assert!(
        pip.success(),
        "pip could not install {SNAKEMAKE} from PyPI into {}",
        venv.display()
    );
    std::fs::write(&ready, SNAKEMAKE).expect("stamp");
    Some(program)
}

/// The ids of the PubTator documents in `text`.
fn pubtator_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.split_once("|t|").map(|(id, _)| id.to_owned()))
        .collect()
}

/// The first `n` PubTator documents of a collection.
fn first_pubtator(text: &str, n: usize) -> String {
    text.split("\n\n")
        .filter(|r| !r.trim().is_empty())
        .take(n)
        .map(|r| format!("{}\n\n", r.trim_start_matches('\n')))
        .collect()
}

/// A BioC collection of the first `n` documents of another.
fn first_bioc(xml: &str, n: usize) -> String {
    let start = xml.find("<document>").expect("a document");
    let mut end = start;
    for _ in 0..n {
        end = end + xml[end..].find("</document>").expect("document end") + "</document>".len();
    }
    format!("{}{}\n</collection>\n", &xml[..start], &xml[start..end])
}

/// A folder of documents in every format the shared data has, and the
/// documents each file holds (ids where the format gives them).
fn make_corpus(shared: &Path, dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut expected = BTreeMap::new();
    let mut put = |name: &str, bytes: &[u8], ids: Vec<String>| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        expected.insert(name.to_owned(), ids);
    };
    let ncbi = std::fs::read_to_string(shared.join("corpora/ncbi-disease/dev.pubtator.txt"))
        .expect("ncbi");
    let records: Vec<&str> = ncbi
        .split("\n\n")
        .filter(|r| !r.trim().is_empty())
        .take(12)
        .collect();
    for (i, chunk) in records.chunks(4).enumerate() {
        let text: String = chunk
            .iter()
            .map(|r| format!("{}\n\n", r.trim_start_matches('\n')))
            .collect();
        put(
            &format!("ncbi/part-{i}.pubtator"),
            text.as_bytes(),
            pubtator_ids(&text),
        );
    }
    let cdr =
        std::fs::read_to_string(shared.join("corpora/bc5cdr/dev.pubtator.txt")).expect("bc5cdr");
    let text = first_pubtator(&cdr, 6);
    put(
        "bc5cdr/dev-head.pubtator",
        text.as_bytes(),
        pubtator_ids(&text),
    );
    let bioc = std::fs::read_to_string(shared.join("corpora/bc5cdr/dev.bioc.xml")).expect("bioc");
    // Documents 7 to 9 are not in the PubTator part: take the first three
    // after skipping six.
    let skip6 = {
        let start = bioc.find("<document>").expect("document");
        let mut at = start;
        for _ in 0..6 {
            at = at + bioc[at..].find("</document>").expect("end") + "</document>".len();
        }
        format!("{}{}", &bioc[..start], bioc[at..].trim_start())
    };
    let head = first_bioc(&skip6, 3);
    let ids: Vec<String> = head
        .split("<document>")
        .skip(1)
        .map(|d| {
            d.split("<id>")
                .nth(1)
                .and_then(|s| s.split("</id>").next())
                .expect("id")
                .to_owned()
        })
        .collect();
    put("bc5cdr/dev-more.bioc.xml", head.as_bytes(), ids);
    let craft = shared.join("corpora/craft/dev/nxml/17590087_PMC1892049.nxml");
    if let Ok(bytes) = std::fs::read(&craft) {
        put("craft/17590087.nxml", &bytes, vec![String::new()]);
    }
    let seed = std::fs::read(shared.join("seeds/000_cdc507d37501bd85.txt")).expect("seed");
    put("seed/review.txt", &seed, vec!["PMC12913439".to_owned()]);
    expected
}

#[test]
fn the_workflow_annotates_and_briefs_every_document_once() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared/corpora is absent");
        return;
    };
    let Some(snakemake) = snakemake() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    let expected = make_corpus(&shared, &corpus);
    let results = dir.path().join("results");
    let run = |extra: &[&str]| {
        let o = Command::new(&snakemake)
            .arg("--snakefile")
            .arg(root().join("workflow/Snakefile"))
            .arg("--directory")
            .arg(dir.path())
            .args(["--cores", "2", "--config"])
            .arg(format!("corpus={}", corpus.display()))
            .arg(format!("out={}", results.display()))
            .arg("shards=3")
            .arg(format!("briefing={}", env!("CARGO_BIN_EXE_briefing")))
            .args(extra)
            .output()
            .expect("snakemake runs");
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(o.status.success(), "snakemake failed:\n{log}");
        log
    };
    run(&[]);

    // Every input file gave one output, holding each of its documents once.
    let mut outputs = Vec::new();
    let mut documents = 0;
    for (name, ids) in &expected {
        let path = results.join("annotated").join(format!("{name}.jsonl"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let docs: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect();
        assert_eq!(docs.len(), ids.len(), "{name}");
        for (doc, id) in docs.iter().zip(ids) {
            assert_eq!(doc["source"]["path"], name.as_str());
            if !id.is_empty() {
                assert_eq!(doc["id"], id.as_str(), "{name}: in input order");
            }
            assert!(!doc["sections"].as_array().expect("sections").is_empty());
        }
        documents += docs.len();
        outputs.push(format!("{name}.jsonl"));
    }
    let mut ids: Vec<&String> = expected
        .values()
        .flatten()
        .filter(|id| !id.is_empty())
        .collect();
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all, "the corpus has no document twice");

    // The shards split the inputs: each output listed by exactly one.
    let mut listed: Vec<String> = Vec::new();
    for i in 1..=3 {
        let summary: serde_json::Value = serde_json::from_slice(
            &std::fs::read(results.join(format!("shards/{i}-of-3.json"))).expect("shard summary"),
        )
        .expect("JSON");
        listed.extend(
            summary["outputs"]
                .as_array()
                .expect("outputs")
                .iter()
                .map(|o| o.as_str().expect("name").to_owned()),
        );
    }
    listed.sort();
    assert_eq!(listed, outputs, "every output in exactly one shard");

    // One briefing per document, an index of them all, the corpus briefing.
    let index: serde_json::Value = serde_json::from_slice(
        &std::fs::read(results.join("briefings/index.json")).expect("index"),
    )
    .expect("JSON");
    let entries = index["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), documents, "each document briefed once");
    let names: std::collections::BTreeSet<&str> = entries
        .iter()
        .map(|e| e["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names.len(), documents, "distinct briefings");
    for name in &names {
        for ext in ["md", "html", "json"] {
            assert!(
                results.join(format!("briefings/{name}.{ext}")).is_file(),
                "{name}.{ext}"
            );
        }
    }
    assert!(results.join("briefings/corpus.md").is_file());
    assert!(
        index["failures"].as_array().is_none_or(|f| f.is_empty()),
        "{}",
        index["failures"]
    );

    // Run again: nothing to do. Force the shards to run again: they find
    // every output up to date.
    let log = run(&[]);
    assert!(log.contains("Nothing to be done"), "{log}");
    run(&["--forcerun", "annotate"]);
    let mut up_to_date = 0;
    for i in 1..=3 {
        let summary: serde_json::Value = serde_json::from_slice(
            &std::fs::read(results.join(format!("shards/{i}-of-3.json"))).expect("summary"),
        )
        .expect("JSON");
        assert_eq!(summary["annotated"], 0, "{summary}");
        up_to_date += summary["up_to_date"].as_u64().expect("count");
    }
    assert_eq!(up_to_date, expected.len() as u64);
}
