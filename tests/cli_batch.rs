//! `briefing annotate` at corpus scale, end to end: streams in and out in
//! input order, lists of paths, batch runs over folders (outputs, records,
//! summaries, failures), resuming, shards, and a batch run killed half way
//! and run again.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn briefing(args: &[&str], cwd: &Path, stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(cwd)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        let bytes = bytes.to_vec();
        // Written from another thread: the output is read at the same time.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    child.wait_with_output().expect("finishes")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A PubTator collection of `n` small abstracts, ids 5000.. in order.
fn pubtator(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let id = 5000 + i;
        s.push_str(&format!(
            "{id}|t|Lithium toxicity in patient {i}.\n{id}|a|Mesenchymal stromal cells secrete HGF, which inhibits hepatic stellate cell activation in case {i}.\n\n"
        ));
    }
    s
}

fn jsonl_values(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(bytes.to_vec())
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON document per line"))
        .collect()
}

fn ids(bytes: &[u8]) -> Vec<String> {
    jsonl_values(bytes)
        .iter()
        .map(|v| v["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn a_stream_comes_out_in_input_order_on_any_number_of_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = pubtator(40);
    let expected: Vec<String> = (0..40).map(|i| (5000 + i).to_string()).collect();

    let one = briefing(
        &["annotate", "-", "--format", "jsonl", "-j", "1"],
        dir.path(),
        Some(input.as_bytes()),
    );
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(ids(&one.stdout), expected);
    let two = briefing(
        &["annotate", "-", "--format", "jsonl", "-j", "2"],
        dir.path(),
        Some(input.as_bytes()),
    );
    assert_eq!(two.status.code(), Some(0), "{}", stderr(&two));
    assert_eq!(
        one.stdout, two.stdout,
        "the same bytes, whatever the threads"
    );
    for v in jsonl_values(&one.stdout) {
        assert_eq!(v["schema"], "briefing/annotated-review/1");
        assert!(
            !v["sections"][0]["sentences"]
                .as_array()
                .expect("sentences")
                .is_empty(),
            "annotated"
        );
    }

    // Our own JSON Lines stream back in, and BioC: the same documents.
    let again = briefing(
        &["annotate", "-", "--format", "jsonl"],
        dir.path(),
        Some(&one.stdout),
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(ids(&again.stdout), expected);
    let bioc = briefing(
        &["annotate", "-", "--format", "bioc"],
        dir.path(),
        Some(input.as_bytes()),
    );
    assert_eq!(bioc.status.code(), Some(0), "{}", stderr(&bioc));
    let from_bioc = briefing(
        &["annotate", "-", "--format", "jsonl", "-j", "2"],
        dir.path(),
        Some(&bioc.stdout),
    );
    assert_eq!(from_bioc.status.code(), Some(0), "{}", stderr(&from_bioc));
    assert_eq!(ids(&from_bioc.stdout), expected);
}

#[test]
fn shards_of_a_stream_take_every_nth_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = pubtator(10);
    let mut all = Vec::new();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let o = briefing(
            &["annotate", "-", "--format", "jsonl", "--shard", &shard],
            dir.path(),
            Some(input.as_bytes()),
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let got = ids(&o.stdout);
        let want: Vec<String> = (0..10)
            .filter(|p| p % 3 == i - 1)
            .map(|p| (5000 + p).to_string())
            .collect();
        assert_eq!(got, want, "shard {shard}");
        all.extend(got);
    }
    all.sort();
    assert_eq!(all.len(), 10);
    assert_eq!(
        all.iter().collect::<BTreeSet<_>>().len(),
        10,
        "each document in one shard"
    );
}

#[test]
fn paths_listed_on_stdin_are_read_in_order() {
    let root = root();
    let list = "tests/fixtures/two-abstracts.pubtator\n\nexamples/msc-liver-review.md\ntests/fixtures/missing.txt\ntests/fixtures/article.nxml\n";
    let o = briefing(
        &["annotate", "-", "--paths", "--format", "jsonl", "-j", "2"],
        &root,
        Some(list.as_bytes()),
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "a missing file fails, the rest is written: {}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("tests/fixtures/missing.txt"),
        "{}",
        stderr(&o)
    );
    let sources: Vec<String> = jsonl_values(&o.stdout)
        .iter()
        .map(|v| v["source"]["path"].as_str().expect("path").to_owned())
        .collect();
    assert_eq!(
        sources,
        [
            "tests/fixtures/two-abstracts.pubtator",
            "tests/fixtures/two-abstracts.pubtator",
            "examples/msc-liver-review.md",
            "tests/fixtures/article.nxml"
        ]
    );
}

/// A folder of inputs: the fixtures, the example, a broken file and an image.
fn corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(corpus.join("sub")).expect("mkdir");
    for f in [
        "article.nxml",
        "report-review.nxml",
        "two-abstracts.pubtator",
    ] {
        std::fs::copy(
            root().join("tests/fixtures").join(f),
            corpus.join("sub").join(f),
        )
        .expect("copy");
    }
    std::fs::copy(
        root().join("examples/msc-liver-review.md"),
        corpus.join("review.md"),
    )
    .expect("copy");
    std::fs::write(
        corpus.join("broken.xml"),
        "<article><front><article-meta>\n<title-group>",
    )
    .expect("write");
    std::fs::write(corpus.join("figure.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    corpus
}

/// `briefing annotate corpus --out out --format jsonl --summary NAME EXTRA...`
/// in `dir`: the run and its summary.
fn annotate_corpus(dir: &Path, extra: &[&str], summary_name: &str) -> (Output, serde_json::Value) {
    let mut args = vec![
        "annotate",
        "corpus",
        "--out",
        "out",
        "--format",
        "jsonl",
        "--summary",
        summary_name,
    ];
    args.extend_from_slice(extra);
    let o = briefing(&args, dir, None);
    (o, summary(&dir.join(summary_name)))
}

fn summary(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("summary written")).expect("summary JSON")
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().expect("string").to_owned())
        .collect()
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).expect("stat").ino()
}

#[cfg(unix)]
#[test]
fn a_batch_run_writes_one_output_per_input_and_a_rerun_skips_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = corpus(dir.path());
    let out = dir.path().join("out");
    let run = |extra: &[&str], summary_name: &str| annotate_corpus(dir.path(), extra, summary_name);

    let (o, first) = run(&[], "first.json");
    assert_eq!(
        o.status.code(),
        Some(1),
        "the broken file fails: {}",
        stderr(&o)
    );
    let err = stderr(&o);
    assert!(
        err.contains("6 inputs: 4 annotated, 0 up to date, 1 failed, 1 not text (ignored)"),
        "{err}"
    );
    assert!(
        err.contains("failures:\n  broken.xml:"),
        "failures listed with reasons: {err}"
    );
    assert_eq!(first["annotated"], 4);
    assert_eq!(first["documents"], 5, "the PubTator file holds two");
    assert_eq!(first["failed_inputs"][0]["input"], "broken.xml");
    assert!(
        first["failed_inputs"][0]["error"]
            .as_str()
            .expect("error")
            .contains("broken.xml")
    );
    assert_eq!(first["ignored"][0]["input"], "figure.png");
    let outputs = [
        "review.md.jsonl",
        "sub/article.nxml.jsonl",
        "sub/report-review.nxml.jsonl",
        "sub/two-abstracts.pubtator.jsonl",
    ];
    assert_eq!(strings(&first["outputs"]), outputs);
    for name in outputs {
        let path = out.join(name);
        let docs = jsonl_values(&std::fs::read(&path).expect("output"));
        let key = name.trim_end_matches(".jsonl");
        assert!(
            docs.iter().all(|d| d["source"]["path"] == key),
            "named after the input, not where it lies"
        );
        let record_path = path.with_file_name(format!(
            ".{}.record.json",
            path.file_name().expect("name").to_string_lossy()
        ));
        let record: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&record_path).expect("record")).expect("JSON");
        assert_eq!(record["input"], key);
        assert_eq!(record["documents"], docs.len());
        assert_eq!(
            record["output_bytes"],
            std::fs::metadata(&path).expect("stat").len()
        );
        assert_eq!(record["input_sha256"].as_str().expect("hash").len(), 64);
        assert_eq!(record["settings"]["format"], "jsonl");
    }
    // The same documents as annotating each file alone.
    let alone = briefing(
        &[
            "annotate",
            "corpus/sub/two-abstracts.pubtator",
            "--format",
            "jsonl",
        ],
        dir.path(),
        None,
    );
    let batch = std::fs::read(out.join("sub/two-abstracts.pubtator.jsonl")).expect("output");
    assert_eq!(
        String::from_utf8_lossy(&alone.stdout).replace(
            "corpus/sub/two-abstracts.pubtator",
            "sub/two-abstracts.pubtator"
        ),
        String::from_utf8_lossy(&batch)
    );

    // Run again: nothing redone, nothing rewritten.
    let before: BTreeMap<&str, u64> = outputs.iter().map(|n| (*n, inode(&out.join(n)))).collect();
    let (o, second) = run(&[], "second.json");
    assert_eq!(
        o.status.code(),
        Some(1),
        "still the broken file: {}",
        stderr(&o)
    );
    assert_eq!(second["annotated"], 0);
    assert_eq!(second["up_to_date"], 4);
    assert_eq!(second["documents_up_to_date"], 5);
    assert_eq!(strings(&second["outputs"]), outputs);
    for n in outputs {
        assert_eq!(inode(&out.join(n)), before[n], "{n} not rewritten");
    }

    // A changed input is redone, alone.
    std::fs::write(
        corpus.join("broken.xml"),
        "Now a plain text about MSCs and HGF.\n",
    )
    .expect("write");
    let review = corpus.join("review.md");
    let text = std::fs::read_to_string(&review)
        .expect("read")
        .replacen("# ", "# Revised: ", 1);
    std::fs::write(&review, text).expect("write");
    let (o, third) = run(&[], "third.json");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(third["annotated"], 2, "{third}");
    assert_eq!(third["up_to_date"], 3);
    assert_ne!(
        inode(&out.join("review.md.jsonl")),
        before["review.md.jsonl"]
    );
    assert_eq!(
        inode(&out.join("sub/article.nxml.jsonl")),
        before["sub/article.nxml.jsonl"]
    );
    let revised = jsonl_values(&std::fs::read(out.join("review.md.jsonl")).expect("output"));
    assert!(
        revised[0]["metadata"]["title"]
            .as_str()
            .expect("title")
            .starts_with("Revised: ")
    );

    // Other settings: everything redone. --force: everything redone.
    let (o, fourth) = run(&["--no-input-annotations"], "fourth.json");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fourth["annotated"], 5);
    let (_, fifth) = run(&["--no-input-annotations", "--force"], "fifth.json");
    assert_eq!(fifth["annotated"], 5);

    // No temporary file left anywhere.
    let leftovers: Vec<_> = walk(&out)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls").flatten() {
            if e.file_type().expect("type").is_dir() {
                stack.push(e.path());
            } else {
                files.push(e.path());
            }
        }
    }
    files.sort();
    files
}

#[test]
fn shards_split_a_folder_with_no_overlap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let input = pubtator(24);
    // 24 one-document files.
    for (i, record) in input.split("\n\n").filter(|r| !r.is_empty()).enumerate() {
        std::fs::write(
            corpus.join(format!("doc-{i:02}.pubtator")),
            format!("{record}\n\n"),
        )
        .expect("write");
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for i in 1..=4 {
        let shard = format!("{i}/4");
        let name = format!("shard-{i}.json");
        let o = briefing(
            &[
                "annotate",
                "corpus",
                "--out",
                "out",
                "--shard",
                &shard,
                "--summary",
                &name,
                "-j",
                "1",
            ],
            dir.path(),
            None,
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let s = summary(&dir.path().join(&name));
        assert_eq!(s["shard"], shard);
        for output in strings(&s["outputs"]) {
            *seen.entry(output).or_default() += 1;
        }
    }
    assert_eq!(seen.len(), 24, "every input in a shard");
    assert!(
        seen.values().all(|&n| n == 1),
        "in one shard only: {seen:?}"
    );
    let written: Vec<PathBuf> = walk(&dir.path().join("out"))
        .into_iter()
        .filter(|p| {
            !p.file_name()
                .expect("name")
                .to_string_lossy()
                .starts_with('.')
        })
        .collect();
    assert_eq!(written.len(), 24);
}

#[test]
fn usage_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (args, says) in [
        (
            vec!["annotate", "-", "--out", "out"],
            "--out needs a folder or a file",
        ),
        (
            vec!["annotate", "missing", "--out", "out"],
            "no such file or folder",
        ),
        (vec!["annotate", "x.txt", "--shard", "0/4"], "expected I/N"),
        (vec!["annotate", "x.txt", "--force"], "go with --out"),
        (
            vec!["annotate", ".", "--out", "."],
            "another folder than the input",
        ),
    ] {
        let o = briefing(&args, dir.path(), Some(b""));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
}

/// A batch run killed half way (SIGKILL: no cleanup of any kind) and run
/// again finishes with every output complete and valid, none duplicated,
/// and what was finished before the kill not redone.
#[cfg(unix)]
#[test]
fn a_killed_batch_run_finishes_when_run_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let example =
        std::fs::read_to_string(root().join("examples/msc-liver-review.md")).expect("example");
    let n = 60;
    for i in 0..n {
        // Distinct titles, so each output can be told apart.
        let text = example.replacen('\n', &format!(" (copy {i})\n"), 1);
        std::fs::write(corpus.join(format!("review-{i:02}.md")), text).expect("write");
    }
    let out = dir.path().join("out");
    let records = |out: &Path| -> Vec<PathBuf> {
        if !out.exists() {
            return Vec::new();
        }
        walk(out)
            .into_iter()
            .filter(|p| p.to_string_lossy().ends_with(".record.json"))
            .collect()
    };

    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args([
            "annotate", "corpus", "--out", "out", "--format", "jsonl", "-j", "1",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(600);
    while records(&out).len() < 5 {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the run ended before it could be killed"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "no output after 10 minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().expect("kill");
    child.wait().expect("wait");

    let finished: BTreeMap<PathBuf, (u64, Vec<u8>)> = records(&out)
        .into_iter()
        .map(|record| {
            let name = record
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let output = record.with_file_name(
                name.trim_start_matches('.')
                    .trim_end_matches(".record.json"),
            );
            let bytes = std::fs::read(&output).expect("a recorded output exists");
            (output.clone(), (inode(&output), bytes))
        })
        .collect();
    assert!(
        finished.len() >= 5 && finished.len() < n,
        "killed half way: {} finished",
        finished.len()
    );

    let (o, s) = annotate_corpus(dir.path(), &[], "summary.json");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(s["up_to_date"], finished.len(), "finished work found: {s}");
    assert_eq!(s["annotated"], n - finished.len(), "only the rest done");
    for (output, (ino, bytes)) in &finished {
        assert_eq!(inode(output), *ino, "{} not rewritten", output.display());
        assert_eq!(&std::fs::read(output).expect("read"), bytes);
    }

    // Every output complete and valid, each input's document once.
    let files = walk(&out);
    let outputs: Vec<&PathBuf> = files
        .iter()
        .filter(|p| {
            !p.file_name()
                .expect("name")
                .to_string_lossy()
                .starts_with('.')
        })
        .collect();
    assert_eq!(outputs.len(), n, "one output per input: {outputs:?}");
    let mut titles = BTreeSet::new();
    for output in &outputs {
        let docs = jsonl_values(&std::fs::read(output).expect("read"));
        assert_eq!(docs.len(), 1, "{}", output.display());
        let key = output
            .file_name()
            .expect("name")
            .to_string_lossy()
            .trim_end_matches(".jsonl")
            .to_owned();
        assert_eq!(docs[0]["source"]["path"], key.as_str());
        assert!(
            docs[0]["claims"].as_array().is_some_and(|c| !c.is_empty()),
            "annotated"
        );
        assert!(
            titles.insert(
                docs[0]["metadata"]["title"]
                    .as_str()
                    .expect("title")
                    .to_owned()
            ),
            "duplicate"
        );
    }
    assert_eq!(records(&out).len(), n);
    let temporaries: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(temporaries.is_empty(), "left over: {temporaries:?}");
}
