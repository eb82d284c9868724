//! `briefing report` and `briefing templates` end to end: the built binary
//! on the bundled example, the JATS fixture, the seed review and the shared
//! full texts; snapshots of every text format; failures, plugins,
//! templates; byte-identical reruns.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared`, or `None` (with a note) when it is not there.
fn shared() -> Option<PathBuf> {
    let dir = root().join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("../shared is not present: skipping the tests on shared data");
        None
    }
}

fn briefing(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-report")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn typst_installed() -> bool {
    Command::new("typst")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Every file of a folder, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("file"),
            )
        })
        .collect()
}

/// The version in generated files changes with every release; snapshots
/// pin everything else.
fn pinned(text: &str) -> String {
    text.replace(
        concat!("briefing ", env!("CARGO_PKG_VERSION")),
        "briefing [version]",
    )
}

fn snapshot_all(input: &str, name: &str) {
    let dir = out_dir(name);
    let o = briefing(&[
        "report",
        input,
        "-f",
        "md",
        "-f",
        "html",
        "-f",
        "json",
        "-f",
        "typst",
        "-o",
        dir.to_str().expect("ok"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let stem = Path::new(input)
        .file_stem()
        .expect("ok")
        .to_string_lossy()
        .into_owned();
    for ext in ["md", "html", "json", "typ"] {
        let text = read(&dir.join(format!("{stem}.{ext}")));
        insta::assert_snapshot!(format!("report_{name}_{ext}"), pinned(&text));
    }
}

#[test]
fn bundled_example_snapshots() {
    snapshot_all("examples/msc-liver-review.md", "example");
}

#[test]
fn jats_fixture_snapshots() {
    snapshot_all("tests/fixtures/report-review.nxml", "jats");
}

/// The briefing shows what the pipeline found: every distinct claim of the
/// annotated document has its row, every claim its provenance entry, every
/// reference its entry.
fn assert_briefing_matches_annotation(input: &Path, dir: &Path) {
    let o = briefing(&["annotate", input.to_str().expect("ok")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("annotated JSON");
    let stem = crate_stem(input);
    let b: serde_json::Value =
        serde_json::from_str(&read(&dir.join(format!("{stem}.json")))).expect("briefing JSON");
    let md = read(&dir.join(format!("{stem}.md")));
    let section = |name: &str| {
        b["sections"]
            .as_array()
            .expect("ok")
            .iter()
            .find(|s| s["name"] == name)
            .expect("ok")
            .clone()
    };

    let claims = doc["claims"].as_array().expect("ok");
    let mut keys = std::collections::BTreeSet::new();
    for c in claims {
        let key = c["evidence"]["key"]
            .as_str()
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| c["id"].as_str().expect("ok").to_owned());
        keys.insert((c["category"].as_str().expect("ok").to_owned(), key));
    }
    let rows = |cat: &str| keys.iter().filter(|(c, _)| c == cat).count();
    assert_eq!(
        section("mechanisms")["rows"].as_array().expect("ok").len(),
        rows("mechanism"),
        "{stem}"
    );
    assert_eq!(
        section("outcomes")["claims"].as_array().expect("ok").len(),
        rows("outcome"),
        "{stem}"
    );
    assert_eq!(
        section("bottlenecks")["claims"]
            .as_array()
            .expect("ok")
            .len(),
        rows("bottleneck"),
        "{stem}"
    );
    assert_eq!(
        section("strategies")["claims"]
            .as_array()
            .expect("ok")
            .len(),
        rows("strategy"),
        "{stem}"
    );
    let provenance = section("provenance");
    let entries = provenance["entries"].as_array().expect("ok");
    assert_eq!(
        entries.len(),
        claims.len(),
        "{stem}: one provenance entry per claim"
    );
    for (c, e) in claims.iter().zip(entries) {
        assert_eq!(e["claim"]["claim"]["id"], c["id"]);
        assert_eq!(e["sentence_id"], c["sentence"]["id"]);
        assert!(
            md.contains(&format!("**{}**", c["id"].as_str().expect("ok"))),
            "{stem}: claim {} in the Markdown",
            c["id"]
        );
    }
    let refs = doc["references"].as_array().expect("ok");
    assert_eq!(
        section("references")["entries"]
            .as_array()
            .expect("ok")
            .len(),
        refs.len()
    );
    // Every identifier of a known database is linked.
    for e in doc["entities"].as_array().expect("ok") {
        for id in e["ids"].as_array().expect("ok") {
            let id = id.as_str().expect("ok");
            if let Some(gene) = id.strip_prefix("NCBIGene:") {
                let url = format!("https://www.ncbi.nlm.nih.gov/gene/{gene}");
                assert!(md.contains(&url), "{stem}: {id} not linked");
            }
        }
    }
}

/// The file name `briefing report` gives an input: its file stem, lowercased,
/// runs of anything but letters and digits made one `-`.
fn crate_stem(input: &Path) -> String {
    let stem = input
        .file_stem()
        .expect("a file name")
        .to_string_lossy()
        .to_ascii_lowercase();
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

#[test]
fn seed_briefing() {
    let Some(shared) = shared() else { return };
    let seed = shared.join("seeds/000_cdc507d37501bd85.txt");
    let dir = out_dir("seed");
    let o = briefing(&[
        "report",
        seed.to_str().unwrap(),
        "-f",
        "md",
        "-f",
        "html",
        "-f",
        "json",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = read(&dir.join("000-cdc507d37501bd85.md"));
    let html = read(&dir.join("000-cdc507d37501bd85.html"));
    // The title block and the overview.
    assert!(md.starts_with("# Harnessing mesenchymal stromal cells for liver disease therapy: from mechanistic discoveries to clinical breakthroughs\n"));
    assert!(
        md.contains("DOI [10.3389/fmed.2025.1677021](https://doi.org/10.3389/fmed.2025.1677021)")
    );
    assert!(md.contains("[PMC12913439](https://pmc.ncbi.nlm.nih.gov/articles/PMC12913439/)"));
    assert!(
        md.contains("**TL;DR.** Mesenchymal stromal cells show promise for liver disease therapy")
    );
    // The entity index links the seed's identifiers to their databases.
    for (id, url) in [
        ("NCBIGene:3082", "https://www.ncbi.nlm.nih.gov/gene/3082"),
        (
            "MONDO:0005154",
            "http://purl.obolibrary.org/obo/MONDO_0005154",
        ),
        (
            "MESH:D008103",
            "https://meshb.nlm.nih.gov/record/ui?ui=D008103",
        ),
        ("CVCL_5792", "https://www.cellosaurus.org/CVCL_5792"),
        (
            "NCBITaxon:10090",
            "https://www.ncbi.nlm.nih.gov/Taxonomy/Browser/wwwtax.cgi?id=10090",
        ),
    ] {
        assert!(
            md.contains(&format!("[{id}]({url})")),
            "{id} not linked in the Markdown"
        );
        assert!(
            html.contains(&format!("href=\"{url}\"")),
            "{id} not linked in the HTML"
        );
    }
    let genes: usize = md
        .split("### Genes and proteins (")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .and_then(|n| n.parse().ok())
        .expect("a gene group");
    assert!(
        genes >= 45,
        "the seed lists 45 genes, the index has {genes}"
    );
    for id in ["NCBIGene:7422", "NCBIGene:7040", "NCBIGene:3586"] {
        assert!(
            md.contains(&format!("[{id}](")),
            "listed gene {id} in the index"
        );
    }
    let hgf = md
        .lines()
        .find(|l| l.contains("[NCBIGene:3082]("))
        .expect("HGF in the index");
    assert!(
        hgf.contains("HGF") && hgf.contains("hepatocyte growth factor"),
        "{hgf}"
    );
    assert_briefing_matches_annotation(&seed, &dir);
}

#[test]
fn shared_full_texts() {
    let Some(shared) = shared() else { return };
    let mut inputs: Vec<PathBuf> = Vec::new();
    for sub in ["fulltext/elife", "fulltext/pmc"] {
        for e in std::fs::read_dir(shared.join(sub)).expect("fulltext") {
            inputs.push(e.expect("entry").path());
        }
    }
    inputs.sort();
    let dir = out_dir("fulltext");
    let mut args: Vec<&str> = vec![
        "report",
        "-f",
        "md",
        "-f",
        "html",
        "-f",
        "json",
        "-o",
        dir.to_str().unwrap(),
    ];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    let o = briefing(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let index: serde_json::Value =
        serde_json::from_str(&read(&dir.join("index.json"))).expect("index JSON");
    assert_eq!(index["entries"].as_array().unwrap().len(), inputs.len());
    assert_eq!(index["failures"].as_array().unwrap().len(), 0);
    assert!(
        index["corpus"].is_object(),
        "a corpus briefing for several inputs"
    );
    let index_html = read(&dir.join("index.html"));
    for input in &inputs {
        let stem = crate_stem(input);
        assert!(
            index_html.contains(&format!("href=\"{stem}.html\"")),
            "{stem} in the index"
        );
        let html = read(&dir.join(format!("{stem}.html")));
        assert!(!html.contains("<script"), "{stem}: no script in the HTML");
        let b: serde_json::Value =
            serde_json::from_str(&read(&dir.join(format!("{stem}.json")))).unwrap();
        assert_eq!(b["schema"], "briefing/briefing/1");
        let refs = &b["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "references")
            .unwrap()["entries"];
        assert!(
            !refs.as_array().unwrap().is_empty(),
            "{stem}: full texts have reference lists"
        );
    }
    for input in inputs.iter().take(3) {
        assert_briefing_matches_annotation(input, &dir);
    }
    // The corpus briefing lists every document and keeps every claim's
    // provenance.
    let corpus: serde_json::Value = serde_json::from_str(&read(&dir.join("corpus.json"))).unwrap();
    let sources = corpus["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "sources")
        .unwrap();
    assert_eq!(sources["documents"].as_array().unwrap().len(), inputs.len());
    let statements: u64 = inputs
        .iter()
        .map(|input| {
            let b: serde_json::Value =
                serde_json::from_str(&read(&dir.join(format!("{}.json", crate_stem(input)))))
                    .expect("json");
            let evidence = b["sections"]
                .as_array()
                .expect("sections")
                .iter()
                .find(|s| s["name"] == "evidence")
                .expect("evidence")
                .clone();
            evidence["statements"].as_u64().expect("statements")
        })
        .sum();
    let prov = corpus["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "provenance")
        .unwrap();
    assert_eq!(prov["entries"].as_array().unwrap().len() as u64, statements);
}

#[test]
fn two_runs_are_byte_identical() {
    let (a, b) = (out_dir("twice-a"), out_dir("twice-b"));
    let mut formats = vec!["-f", "md", "-f", "html", "-f", "json", "-f", "typst"];
    if typst_installed() {
        formats.extend(["-f", "pdf"]);
    }
    for dir in [&a, &b] {
        let mut args = vec![
            "report",
            "examples/msc-liver-review.md",
            "tests/fixtures/report-review.nxml",
            "-o",
            dir.to_str().unwrap(),
        ];
        args.extend(&formats);
        let o = briefing(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.contains_key("index.html") && fa.contains_key("corpus.md"));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between runs");
    }
}

#[test]
fn failed_inputs_are_reported_and_the_rest_finish() {
    let dir = out_dir("failures");
    let garbage = dir.join("garbage.bin");
    std::fs::write(&garbage, [0u8, 159, 146, 150, 0, 0, 1, 2]).unwrap();
    let o = briefing(&[
        "report",
        "examples/msc-liver-review.md",
        "no/such/file.txt",
        garbage.to_str().unwrap(),
        "-f",
        "md",
        "-f",
        "json",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("no/such/file.txt"), "{err}");
    assert!(err.contains("garbage.bin"), "{err}");
    assert!(
        err.contains("1 briefing written") && err.contains("2 inputs failed"),
        "{err}"
    );
    assert!(dir.join("msc-liver-review.md").is_file());
    let index: serde_json::Value = serde_json::from_str(&read(&dir.join("index.json"))).unwrap();
    assert_eq!(index["failures"].as_array().unwrap().len(), 2);
    assert!(read(&dir.join("index.md")).contains("## Inputs that failed"));
    // No temporary files are left behind.
    assert!(
        files(&dir).keys().all(|n| !n.starts_with('.')),
        "{:?}",
        files(&dir).keys()
    );
}

#[test]
fn usage_errors_say_how_to_fix_them() {
    let dir = out_dir("usage");
    let o = briefing(&[
        "report",
        "examples/msc-liver-review.md",
        "--sections",
        "overview,timeline",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("error: section `timeline` is not built in, and no plugin command `briefing-plugin-timeline` was found"), "{err}");
    assert!(
        err.contains("hint: ") && err.contains("optional = true"),
        "{err}"
    );

    let config = dir.join("briefing.toml");
    std::fs::write(
        &config,
        "sections = [\"overview\"]\n\n[pdf]\nfont-path = \"x\"\n",
    )
    .unwrap();
    let o = briefing(&[
        "report",
        "examples/msc-liver-review.md",
        "--config",
        config.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("briefing.toml: line 4, column 1: unknown field `font-path`"),
        "{}",
        stderr(&o)
    );

    let o = briefing(&[
        "report",
        "examples/msc-liver-review.md",
        "-f",
        "pdf",
        "--typst",
        "/nonexistent/typst",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("the typst CLI is not installed")
            && err.contains("cargo install --locked typst-cli"),
        "{err}"
    );
}

#[test]
fn configured_sections_and_order() {
    let dir = out_dir("config");
    let config = dir.join("briefing.toml");
    std::fs::write(&config, "sections = [\"mechanisms\", \"references\", \"timeline\"]\n\n[plugins.timeline]\noptional = true\n").unwrap();
    let o = briefing(&[
        "report",
        "tests/fixtures/report-review.nxml",
        "--config",
        config.to_str().unwrap(),
        "-f",
        "json",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("note: optional section `timeline` skipped"));
    let b: serde_json::Value =
        serde_json::from_str(&read(&dir.join("report-review.json"))).unwrap();
    let names: Vec<&str> = b["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["mechanisms", "references"]);
    // The command line wins over the file.
    let o = briefing(&[
        "report",
        "tests/fixtures/report-review.nxml",
        "--config",
        config.to_str().unwrap(),
        "--sections",
        "overview",
        "-f",
        "json",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let b: serde_json::Value =
        serde_json::from_str(&read(&dir.join("report-review.json"))).unwrap();
    assert_eq!(b["sections"].as_array().unwrap().len(), 1);
}

#[test]
fn templates_init_then_override() {
    let dir = out_dir("templates");
    let tpl = dir.join("tpl");
    let o = briefing(&["templates", "init", tpl.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let listed = briefing(&["templates", "list"]);
    let names = String::from_utf8(listed.stdout).unwrap();
    for name in names.lines() {
        assert!(tpl.join(name).is_file(), "{name} not written");
    }
    // Keep one file, changed; the rest fall back to the built-ins.
    let css = tpl.join("html/style.css");
    std::fs::write(&css, "body { font-family: serif; }\n").unwrap();
    for name in names.lines().filter(|n| *n != "html/style.css") {
        std::fs::remove_file(tpl.join(name)).unwrap();
    }
    let out = dir.join("out");
    let o = briefing(&[
        "report",
        "examples/msc-liver-review.md",
        "--templates",
        tpl.to_str().unwrap(),
        "-f",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = read(&out.join("msc-liver-review.html"));
    assert!(html.contains("body { font-family: serif; }") && !html.contains(".title-block {"));
    assert!(html.contains("<h2>Mechanisms</h2>"));
    // init does not overwrite edits unless asked.
    let o = briefing(&["templates", "init", tpl.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(read(&css), "body { font-family: serif; }\n");
    assert!(stderr(&o).contains("1 existing files kept"));
}

#[test]
fn pdf_through_typst() {
    if !typst_installed() {
        eprintln!("typst is not installed: skipping the PDF test");
        return;
    }
    let dir = out_dir("pdf");
    let o = briefing(&[
        "report",
        "tests/fixtures/report-review.nxml",
        "-f",
        "pdf",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pdf = std::fs::read(dir.join("report-review.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}
