//! Corpus-scale throughput and memory of `briefing annotate`, end to end on
//! the built program (the bench profile):
//!
//! ```sh
//! cargo bench -p briefing-cli --bench batch                     # 500 MB batch, 1 GB stream
//! cargo bench -p briefing-cli --bench batch -- --mb 50 --stream-mb 100 --jobs 1,2
//! cargo bench -p briefing-cli --bench batch -- --only stream
//! ```
//!
//! - **batch**: every text of `../shared` that briefing reads (seeds, JATS
//!   full texts, CRAFT articles, NCBI Disease and BC5CDR in PubTator and
//!   BioC), repeated into a folder of at least `--mb` MB, annotated with
//!   `briefing annotate DIR --out OUT -j N` for each N of `--jobs`: documents,
//!   MB/s, peak memory, and the scaling factor against one job.
//! - **resume**: the same command again on the finished output: the time
//!   spent on inputs that are all up to date.
//! - **stream**: PubTator collections repeated into one stream of at least
//!   `--stream-mb` MB on standard input, `--format jsonl` to /dev/null:
//!   resident memory at every tenth of the input read, and its peak.
//!
//! The machine's load average is printed before and after each run: the
//! figures are only comparable on an otherwise idle machine. Work files go
//! to `--work DIR` (default: `<target>/bench-batch`), kept between runs,
//! with a lexicon cache of their own (`BRIEFING_CACHE_DIR`), warmed before
//! the first measure: the default lexicon's first compilation (about 30 s
//! and 900 MB) is not part of any figure.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs benches once as tests: not this one.
        println!("batch bench: run it with `cargo bench -p briefing-cli --bench batch`");
        return;
    }
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let mb: u64 = opt("--mb").map_or(500, |v| v.parse().expect("--mb N"));
    let stream_mb: u64 = opt("--stream-mb").map_or(1000, |v| v.parse().expect("--stream-mb N"));
    let jobs: Vec<usize> = opt("--jobs").map_or(vec![1, 2], |v| {
        v.split(',')
            .map(|j| j.parse().expect("--jobs 1,2"))
            .collect()
    });
    let only = opt("--only");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared");
    if !shared.join("corpora").is_dir() {
        println!("batch bench: ../shared is absent; nothing to measure");
        return;
    }
    let program = PathBuf::from(env!("CARGO_BIN_EXE_briefing"));
    let work = opt("--work").map_or_else(
        || {
            program
                .parent()
                .and_then(Path::parent)
                .map_or_else(|| root.join("target"), Path::to_owned)
                .join("bench-batch")
        },
        PathBuf::from,
    );
    std::fs::create_dir_all(&work).expect("work folder");
    let cache = work.join("lexicon-cache");
    let briefing = || {
        let mut cmd = Command::new(&program);
        cmd.env("BRIEFING_CACHE_DIR", &cache);
        cmd
    };
    // Warm the lexicon cache.
    let warm = briefing()
        .args(["annotate", "-", "-o", "/dev/null"])
        .stdin(std::fs::File::open(root.join("examples/msc-liver-review.md")).expect("example"))
        .status()
        .expect("briefing runs");
    assert!(warm.success(), "briefing annotate failed");
    println!("program: {}", program.display());
    println!(
        "cores: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let wants = |what: &str| only.as_deref().is_none_or(|o| o == what);
    if wants("batch") || wants("resume") {
        let corpus = work.join(format!("corpus-{mb}mb"));
        let (files, bytes) = make_corpus(&shared, &corpus, mb * 1_000_000);
        println!(
            "\n## batch: {} files, {:.1} MB ({})",
            files,
            bytes as f64 / 1e6,
            corpus.display()
        );
        println!("| jobs | documents | MB | seconds | MB/s | peak RSS MB | load before → after |");
        println!("|---|---|---|---|---|---|---|");
        // `briefing annotate CORPUS --out OUT -j J`, measured, and its summary.
        let annotate_dir = |out: &Path, j: usize, summary: &Path| {
            let run = measure(
                briefing()
                    .arg("annotate")
                    .arg(&corpus)
                    .arg("--out")
                    .arg(out)
                    .args(["--format", "jsonl", "-j", &j.to_string(), "--summary"])
                    .arg(summary),
                None,
            );
            (run, read_summary(summary))
        };
        let mut first: Option<f64> = None;
        let mut last_out = None;
        for &j in &jobs {
            let out = work.join(format!("out-{mb}mb-j{j}"));
            let _ = std::fs::remove_dir_all(&out);
            let summary = work.join(format!("summary-{mb}mb-j{j}.json"));
            let load = loadavg();
            let (run, s) = annotate_dir(&out, j, &summary);
            let mbs = s.bytes as f64 / 1e6 / run.seconds;
            println!(
                "| {j} | {} | {:.1} | {:.1} | {:.3} | {:.0} | {load} → {} |",
                s.documents,
                s.bytes as f64 / 1e6,
                run.seconds,
                mbs,
                run.peak_kb as f64 / 1e3,
                loadavg()
            );
            if s.failed > 0 {
                println!("  ({} inputs failed; see the summary)", s.failed);
            }
            match first {
                None => first = Some(mbs),
                Some(one) => println!("  scaling against 1 job: {:.2}x", mbs / one),
            }
            last_out = Some((out, j));
        }
        if wants("resume")
            && let Some((out, j)) = last_out
        {
            let summary = work.join(format!("summary-{mb}mb-resume.json"));
            let load = loadavg();
            let (run, s) = annotate_dir(&out, j, &summary);
            println!(
                "\n## resume: {} inputs up to date, {} annotated: {:.2} s ({:.2} ms per input, {:.2} s per GB of input); load {load} → {}",
                s.up_to_date,
                s.annotated,
                run.seconds,
                run.seconds * 1e3 / s.up_to_date.max(1) as f64,
                run.seconds / (bytes as f64 / 1e9),
                loadavg()
            );
        }
    }
    if wants("stream") {
        let stream = work.join(format!("stream-{stream_mb}mb.pubtator"));
        let bytes = make_stream(&shared, &stream, stream_mb * 1_000_000);
        let load = loadavg();
        let input = std::fs::File::open(&stream).expect("stream");
        let run = measure(
            briefing()
                .args(["annotate", "-", "--format", "jsonl"])
                .stdin(input),
            Some(bytes),
        );
        println!(
            "\n## stream: {:.1} MB of PubTator on stdin -> JSON Lines to /dev/null, all cores",
            bytes as f64 / 1e6
        );
        println!(
            "{:.1} s, {:.3} MB/s, peak RSS {:.0} MB; load {load} → {}",
            run.seconds,
            bytes as f64 / 1e6 / run.seconds,
            run.peak_kb as f64 / 1e3,
            loadavg()
        );
        println!("| input read | RSS MB |");
        println!("|---|---|");
        for (tenth, kb) in &run.rss_by_tenth {
            println!("| {}% | {:.0} |", tenth * 10, *kb as f64 / 1e3);
        }
    }
}

/// What a measured run gave.
struct Run {
    seconds: f64,
    peak_kb: u64,
    /// Resident memory when each tenth of standard input had been read.
    rss_by_tenth: Vec<(u64, u64)>,
}

/// Runs `cmd` (stdout to /dev/null, stderr to a log), sampling its memory
/// every 100 ms; `stdin_len`: the size of a file on standard input, to tell
/// how far it got.
fn measure(cmd: &mut Command, stdin_len: Option<u64>) -> Run {
    let log = std::env::temp_dir().join(format!("bench-batch-{}.log", std::process::id()));
    let started = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("briefing runs");
    let status = format!("/proc/{}/status", child.id());
    let fdinfo = format!("/proc/{}/fdinfo/0", child.id());
    let mut peak_kb = 0;
    let mut rss_by_tenth = Vec::new();
    let mut next_tenth = 1;
    let code = loop {
        if let Some(code) = child.try_wait().expect("wait") {
            break code;
        }
        if let Ok(text) = std::fs::read_to_string(&status) {
            let field = |name: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(name))
                    .and_then(|v| v.split_whitespace().next())
                    .and_then(|v| v.parse::<u64>().ok())
            };
            let rss = field("VmRSS:").unwrap_or(0);
            peak_kb = peak_kb.max(field("VmHWM:").unwrap_or(0));
            if let (Some(len), Ok(info)) = (stdin_len, std::fs::read_to_string(&fdinfo)) {
                let pos = info
                    .lines()
                    .find_map(|l| l.strip_prefix("pos:"))
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(0);
                while next_tenth <= 10 && pos * 10 >= len * next_tenth {
                    rss_by_tenth.push((next_tenth, rss));
                    next_tenth += 1;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let seconds = started.elapsed().as_secs_f64();
    if !(code.success() || code.code() == Some(1)) {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        panic!("briefing failed ({code}):\n{}", tail(&text));
    }
    let _ = std::fs::remove_file(&log);
    Run {
        seconds,
        peak_kb,
        rss_by_tenth,
    }
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

struct Summary {
    documents: u64,
    bytes: u64,
    failed: u64,
    up_to_date: u64,
    annotated: u64,
}

fn read_summary(path: &Path) -> Summary {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("summary")).expect("summary JSON");
    let n = |k: &str| v[k].as_u64().unwrap_or(0);
    Summary {
        documents: n("documents"),
        bytes: n("bytes"),
        failed: v["failed_inputs"].as_array().map_or(0, |a| a.len() as u64),
        up_to_date: n("up_to_date"),
        annotated: n("annotated"),
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

/// The shared texts briefing reads.
fn shared_texts(shared: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut add = |dir: &Path, keep: &dyn Fn(&str) -> bool| {
        let Ok(walk) = walk(dir) else { return };
        for path in walk {
            let name = path.to_string_lossy().into_owned();
            if keep(&name) {
                let rel = path
                    .strip_prefix(shared)
                    .map_or_else(|_| name.clone(), |r| r.to_string_lossy().into_owned());
                files.push((path, rel));
            }
        }
    };
    add(&shared.join("seeds"), &|_| true);
    add(&shared.join("fulltext"), &|n| {
        n.ends_with(".xml") || n.ends_with(".nxml")
    });
    add(&shared.join("corpora/craft"), &|n| n.ends_with(".nxml"));
    add(&shared.join("corpora/ncbi-disease"), &|n| {
        n.ends_with(".pubtator.txt")
    });
    add(&shared.join("corpora/bc5cdr"), &|n| {
        n.ends_with(".pubtator.txt") || n.ends_with(".bioc.xml")
    });
    files.sort();
    files
}

fn walk(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let e = e?;
            if e.file_type()?.is_dir() {
                stack.push(e.path());
            } else {
                files.push(e.path());
            }
        }
    }
    Ok(files)
}

/// Copies of the shared texts (hard links where possible) until `target`
/// bytes; kept for the next run. Returns files and bytes.
fn make_corpus(shared: &Path, dir: &Path, target: u64) -> (usize, u64) {
    let stamp = dir.join(".complete");
    let texts = shared_texts(shared);
    let once: u64 = texts
        .iter()
        .map(|(p, _)| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    let copies = target.div_ceil(once.max(1)).max(1);
    if !stamp.is_file() {
        let _ = std::fs::remove_dir_all(dir);
        for k in 0..copies {
            for (path, rel) in &texts {
                let to = dir.join(format!("copy-{k:03}")).join(rel);
                std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
                if std::fs::hard_link(path, &to).is_err() {
                    std::fs::copy(path, &to).expect("copy");
                }
            }
        }
        std::fs::write(&stamp, b"").expect("stamp");
    }
    (texts.len() * copies as usize, once * copies)
}

/// PubTator collections repeated into one file of at least `target` bytes.
fn make_stream(shared: &Path, path: &Path, target: u64) -> u64 {
    if let Ok(m) = std::fs::metadata(path)
        && m.len() >= target
    {
        return m.len();
    }
    let mut parts = Vec::new();
    for f in [
        "corpora/ncbi-disease/train.pubtator.txt",
        "corpora/ncbi-disease/dev.pubtator.txt",
        "corpora/bc5cdr/train.pubtator.txt",
        "corpora/bc5cdr/dev.pubtator.txt",
    ] {
        let mut text = std::fs::read(shared.join(f)).expect("PubTator");
        while text.ends_with(b"\n") {
            text.pop();
        }
        text.extend_from_slice(b"\n\n");
        parts.push(text);
    }
    let tmp = path.with_extension("tmp");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).expect("stream"));
    let mut written = 0u64;
    while written < target {
        for p in &parts {
            out.write_all(p).expect("write");
            written += p.len() as u64;
        }
    }
    out.flush().expect("flush");
    drop(out);
    std::fs::rename(&tmp, path).expect("rename");
    written
}
