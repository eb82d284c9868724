//! `cargo xtask bench-lexicon`: dictionary matching speed of briefing's
//! lexicon against three PyPI peers, in one run, on the same dictionaries
//! and the same text.
//!
//! 1. Text: every file of `../shared/corpora`, `../shared/fulltext` and
//!    `../shared/seeds` (XML tags stripped), concatenated and repeated to at
//!    least `--mb` megabytes (default 50).
//! 2. Dictionaries: (a) the whole NCBI Taxonomy (1.26 million names),
//!    (b) the shipped six-type default lexicon. Ours is compiled once and
//!    memory-mapped; the peers get the same names, one per line.
//! 3. Ours runs in a child process (`bench-lexicon-ours`) so its load time
//!    and peak memory are its own; each peer runs in its own Python process
//!    from a virtual environment this task creates and fills with pip
//!    (spaCy `PhraseMatcher` on `spacy.blank("en")` with `attr="LOWER"`,
//!    `pyahocorasick`, `flashtext`), on the first `--peer-mb` megabytes of
//!    the same text (default 10).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use briefing_lexicon::sources::{self, Selection};
use briefing_lexicon::{Compiler, Concept, Lexicon, MatchOptions};

use crate::lexicon::root;

fn out_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target.join("bench-lexicon")
}

/// Strips XML tags (and decodes nothing: entities stay as written).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The text of one shared file, or nothing for files that are not text.
fn file_text(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_string();
    let skip = [".zip", ".dtd", ".md", ".gz", ".zst", ".json"];
    if skip.iter().any(|s| name.ends_with(s))
        || name.starts_with("LICENSE")
        || name.starts_with("NOTICE")
    {
        return None;
    }
    let raw = std::fs::read_to_string(path).ok()?;
    if name.ends_with(".xml") || name.ends_with(".nxml") {
        return Some(strip_tags(&raw));
    }
    if name.contains("pubtator") {
        let mut t = String::new();
        for line in raw.lines() {
            if let Some((_, rest)) = line.split_once("|t|").or_else(|| line.split_once("|a|")) {
                t.push_str(rest);
                t.push('\n');
            }
        }
        return Some(t);
    }
    if name.ends_with(".iob.tsv") {
        let mut t = String::new();
        for line in raw.lines() {
            match line.split('\t').next() {
                Some(tok) if !tok.is_empty() => {
                    t.push_str(tok);
                    t.push(' ');
                }
                _ => t.push('\n'),
            }
        }
        return Some(t);
    }
    Some(raw)
}

fn corpus_text(shared: &Path, min_bytes: usize) -> anyhow::Result<(String, usize)> {
    let mut files: Vec<PathBuf> = Vec::new();
    for sub in ["corpora", "fulltext", "seeds"] {
        for e in walkdir::WalkDir::new(shared.join(sub)).sort_by_file_name() {
            let e = e?;
            if e.file_type().is_file() {
                files.push(e.into_path());
            }
        }
    }
    let mut once = String::new();
    for f in &files {
        if let Some(t) = file_text(f) {
            once.push_str(&t);
            once.push('\n');
        }
    }
    if once.is_empty() {
        bail!("no text under {}", shared.display());
    }
    let base = once.len();
    let mut text = String::with_capacity(min_bytes + base);
    while text.len() < min_bytes {
        text.push_str(&once);
    }
    Ok((text, base))
}

fn names_of(concepts: &[Concept]) -> Vec<String> {
    let mut names: Vec<String> = concepts
        .iter()
        .flat_map(|c| {
            std::iter::once(&c.name)
                .chain(&c.synonyms)
                .chain(&c.previous)
        })
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

struct Dict {
    label: &'static str,
    lexicon: PathBuf,
    names: PathBuf,
    count: usize,
}

fn prepare(label: &'static str, dir: &Path, concepts: Vec<Concept>) -> anyhow::Result<Dict> {
    let names = names_of(&concepts);
    let names_path = dir.join(format!("{label}.names.txt"));
    std::fs::write(&names_path, names.join("\n") + "\n")?;
    let lexicon = dir.join(format!("{label}.blx"));
    let t = Instant::now();
    let mut c = Compiler::new();
    c.extend(concepts);
    std::fs::write(&lexicon, c.compile(label)?)?;
    eprintln!(
        "  {label}: {} names, compiled in {:.1} s",
        names.len(),
        t.elapsed().as_secs_f64()
    );
    Ok(Dict {
        label,
        lexicon,
        names: names_path,
        count: names.len(),
    })
}

/// One system's figures.
struct Row {
    system: String,
    load_s: f64,
    mb_s: f64,
    cpu_mb_s: f64,
    bytes: usize,
    matches: usize,
    rss_mb: f64,
}

fn json_f64(v: &str, key: &str) -> Option<f64> {
    let at = v.find(&format!("\"{key}\":"))? + key.len() + 3;
    let rest = v[at..].trim_start();
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

fn run_child(cmd: &mut Command) -> anyhow::Result<String> {
    let out = cmd
        .output()
        .with_context(|| format!("cannot run {cmd:?}"))?;
    if !out.status.success() {
        bail!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    Ok(stdout.lines().last().unwrap_or("").to_string())
}

fn row_from_json(system: &str, v: &str, load_key: &str) -> anyhow::Result<Row> {
    let get = |k: &str| json_f64(v, k).with_context(|| format!("{system}: no {k} in {v:?}"));
    let bytes = get("bytes")? as usize;
    Ok(Row {
        system: system.to_string(),
        load_s: get(load_key)?,
        mb_s: bytes as f64 / 1e6 / get("match_s")?,
        cpu_mb_s: bytes as f64 / 1e6 / get("match_cpu_s")?.max(0.01),
        bytes,
        matches: get("matches")? as usize,
        rss_mb: get("peak_rss_mb")?,
    })
}

fn venv(dir: &Path) -> anyhow::Result<PathBuf> {
    let venv = dir.join("venv");
    let python = venv.join("bin/python");
    let ready = venv.join(".peers-installed");
    if !ready.exists() {
        eprintln!(
            "creating {} and installing spacy, pyahocorasick, flashtext with pip",
            venv.display()
        );
        run_child(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run_child(Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "spacy",
            "pyahocorasick",
            "flashtext",
        ]))?;
        std::fs::write(&ready, "")?;
    }
    Ok(python)
}

/// `cargo xtask bench-lexicon [--sources DIR] [--mb N] [--peer-mb N] [--no-peers]`
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut shared = root().join("../shared");
    let (mut mb, mut peer_mb, mut peers) = (50usize, 10usize, true);
    let mut systems: Vec<String> = ["spacy", "pyahocorasick", "flashtext"]
        .map(String::from)
        .to_vec();
    let mut runs = 1usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut num =
            || -> anyhow::Result<usize> { Ok(it.next().context("missing number")?.parse()?) };
        match a.as_str() {
            "--shared" => shared = PathBuf::from(it.next().context("--shared needs a folder")?),
            "--mb" => mb = num()?,
            "--peer-mb" => peer_mb = num()?,
            "--no-peers" => peers = false,
            "--peers" => {
                let list = it.next().context("--peers needs a list")?;
                systems = list.split(',').map(String::from).collect();
                if let Some(bad) = systems
                    .iter()
                    .find(|s| !matches!(s.as_str(), "spacy" | "pyahocorasick" | "flashtext"))
                {
                    bail!("unknown peer {bad:?}: spacy, pyahocorasick or flashtext");
                }
            }
            "--runs" => runs = num()?.max(1),
            other => bail!(
                "unknown argument {other:?}; usage: cargo xtask bench-lexicon [--shared DIR] [--mb N] [--peer-mb N] [--no-peers] [--peers LIST] [--runs N]"
            ),
        }
    }
    let lexicons = shared.join("lexicons");
    if !lexicons.is_dir() {
        bail!(
            "{}: the shared data is not there; this benchmark needs it",
            shared.display()
        );
    }
    let dir = out_dir();
    std::fs::create_dir_all(&dir)?;

    eprintln!("text: shared corpora, full texts and seeds, repeated to {mb} MB");
    let (text, base) = corpus_text(&shared, mb * 1_000_000)?;
    let text_path = dir.join("corpus.txt");
    std::fs::write(&text_path, &text)?;
    eprintln!("  {} bytes ({} distinct bytes repeated)", text.len(), base);
    drop(text);

    eprintln!("dictionaries:");
    let taxonomy = sources::load(&lexicons, &Selection::taxonomy())?.concepts;
    let a = prepare("taxonomy", &dir, taxonomy)?;
    let default_tsv = briefing_lexicon::default_source_tsv()?;
    let default =
        briefing_lexicon::read_concepts_tsv(&default_tsv, Path::new("default-lexicon.tsv"), true)?
            .concepts;
    let b = prepare("default", &dir, default)?;

    let python = if peers { Some(venv(&dir)?) } else { None };
    let script = root().join("bench/peers/lexicon_peers.py");
    let exe = std::env::current_exe()?;
    let mut report = String::new();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    writeln!(
        report,
        "\nmachine: {} cores, load average {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load.split(' ').take(3).collect::<Vec<_>>().join(" ")
    )?;
    for d in [&a, &b] {
        eprintln!("running on {} ...", d.label);
        // Ours `--runs` times, the run with the best CPU rate kept (the
        // load of a shared machine only ever slows a run down).
        let mut best: Option<Row> = None;
        for _ in 0..runs {
            let row = row_from_json(
                "briefing (ours)",
                &run_child(
                    Command::new(&exe)
                        .arg("bench-lexicon-ours")
                        .arg(&d.lexicon)
                        .arg(&text_path),
                )?,
                "load_s",
            )?;
            if best.as_ref().is_none_or(|b| row.cpu_mb_s > b.cpu_mb_s) {
                best = Some(row);
            }
        }
        let mut rows: Vec<Row> = best.into_iter().collect();
        if let Some(py) = &python {
            for sys in &systems {
                eprintln!("  {sys} ...");
                let json = run_child(
                    Command::new(py)
                        .arg(&script)
                        .arg(sys)
                        .arg(&d.names)
                        .arg(&text_path)
                        .arg((peer_mb * 1_000_000).to_string()),
                )?;
                rows.push(row_from_json(sys, &json, "build_s")?);
            }
        }
        writeln!(
            report,
            "\n({}) {} dictionary: {} names",
            if d.label == "taxonomy" { "a" } else { "b" },
            d.label,
            d.count
        )?;
        writeln!(
            report,
            "{:<18} {:>12} {:>10} {:>12} {:>9} {:>9} {:>10} {:>12}",
            "system",
            "load/build",
            "MB/s",
            "MB/CPU-s",
            "text MB",
            "matches",
            "peak RSS",
            "ours/peer"
        )?;
        let ours = rows[0].cpu_mb_s;
        for r in &rows {
            let ratio = if r.system.starts_with("briefing") {
                "-".to_string()
            } else {
                format!("{:.1}x", ours / r.cpu_mb_s)
            };
            let load = if r.load_s < 1.0 {
                format!("{:.1} ms", r.load_s * 1e3)
            } else {
                format!("{:.1} s", r.load_s)
            };
            writeln!(
                report,
                "{:<18} {:>12} {:>10.1} {:>12.1} {:>9.1} {:>9} {:>7.0} MB {:>12}",
                r.system,
                load,
                r.mb_s,
                r.cpu_mb_s,
                r.bytes as f64 / 1e6,
                r.matches,
                r.rss_mb,
                ratio
            )?;
        }
    }
    writeln!(
        report,
        "\nMB/s: wall clock; MB/CPU-s: per second of CPU time of the matching thread (the per-core rate; the machine is shared, see load above); ours/peer compares MB/CPU-s."
    )?;
    writeln!(
        report,
        "ours: load = open + checksum + full check of the prebuilt file (memory-mapped); one thread; best of {runs} run(s)."
    )?;
    if peers {
        writeln!(
            report,
            "peers: load = building the automaton from the names; matched on the first {peer_mb} MB of the same text."
        )?;
    }
    print!("{report}");
    Ok(())
}

/// CPU seconds used by the calling thread, from its CPU-time clock (which
/// rustix offers on these targets), up to date to the nanosecond
/// (`/proc/thread-self/stat` counts clock ticks of 10 ms, which is 4 % of a
/// run of (b) and 7 % of one of (a)).
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "freebsd"
))]
fn thread_cpu_s() -> f64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// Where there is no thread CPU-time clock, wall seconds since the first
/// call (the benchmark then reports wall time twice).
#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "freebsd"
)))]
fn thread_cpu_s() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// `bench-lexicon-ours LEXICON TEXT [REPEAT]`: load, match the whole text
/// once (or REPEAT times, keeping the fastest) on one thread, print JSON.
pub fn run_ours(args: &[String]) -> anyhow::Result<()> {
    let (lexicon, text, repeat) = match args {
        [lexicon, text] => (lexicon, text, 1),
        [lexicon, text, repeat] => (lexicon, text, repeat.parse::<usize>()?.max(1)),
        _ => bail!("usage: bench-lexicon-ours LEXICON TEXT [REPEAT]"),
    };
    let text = std::fs::read_to_string(text)?;
    let t = Instant::now();
    let lex = Lexicon::open_compiled(lexicon)?;
    let load_s = t.elapsed().as_secs_f64();
    let mut m = lex.matcher(MatchOptions::default());
    // With REPEAT, the fastest of that many runs (for comparing builds on
    // a machine whose speed drifts; the benchmark itself runs once).
    let (mut matches, mut match_s, mut match_cpu_s) = (0, f64::MAX, f64::MAX);
    for _ in 0..repeat {
        let cpu0 = thread_cpu_s();
        let t = Instant::now();
        matches = m.count(&text);
        match_s = match_s.min(t.elapsed().as_secs_f64());
        match_cpu_s = match_cpu_s.min(thread_cpu_s() - cpu0);
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm_kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    println!(
        "{{\"load_s\": {load_s}, \"match_s\": {match_s}, \"match_cpu_s\": {match_cpu_s}, \"bytes\": {}, \"matches\": {matches}, \"peak_rss_mb\": {}}}",
        text.len(),
        hwm_kb / 1024.0
    );
    Ok(())
}

/// `lexicon-digest LEXICON TEXT`: what the matcher finds in the text under
/// seven option sets, as a count and a digest of every match (span, key,
/// and each hit's entry, surface and flags), one line per set. Two builds
/// that print the same lines find the same matches: the check behind every
/// change to the matcher's speed.
pub fn run_digest(args: &[String]) -> anyhow::Result<()> {
    use briefing_model::EntityType;
    use std::hash::Hasher as _;
    let [lexicon, text] = args else {
        bail!("usage: lexicon-digest LEXICON TEXT")
    };
    let text = std::fs::read_to_string(text)?;
    let lex = Lexicon::open_compiled(lexicon)?;
    let d = MatchOptions::default();
    let sets: [(&str, MatchOptions); 7] = [
        ("defaults", d),
        ("everything", MatchOptions::everything()),
        (
            "case ignored",
            MatchOptions {
                respect_case: false,
                ..d
            },
        ),
        (
            "stop-listed kept",
            MatchOptions {
                keep_stop: true,
                ..d
            },
        ),
        (
            "no variants",
            MatchOptions {
                variants: false,
                ..d
            },
        ),
        (
            "genes and diseases",
            MatchOptions {
                types: [EntityType::Gene, EntityType::Disease]
                    .into_iter()
                    .collect(),
                ..d
            },
        ),
        (
            "species, cell lines, chemicals",
            MatchOptions {
                types: [
                    EntityType::Species,
                    EntityType::CellLine,
                    EntityType::Chemical,
                ]
                .into_iter()
                .collect(),
                ..d
            },
        ),
    ];
    for (name, options) in sets {
        let mut m = lex.matcher(options);
        let counted = m.count(&text);
        // SipHash with fixed keys: the same on every run of a build.
        let mut h = std::hash::DefaultHasher::new();
        let mut found = 0usize;
        m.for_each(&text, |x| {
            found += 1;
            h.write_usize(x.start);
            h.write_usize(x.end);
            h.write(x.key.as_bytes());
            for hit in &x.hits {
                h.write_u32(hit.entry.index);
                h.write(hit.surface.as_bytes());
                h.write_u32(hit.flags.bits());
            }
        });
        println!(
            "{name:<32} count {counted:>8} find {found:>8} digest {:016x}",
            h.finish()
        );
    }
    Ok(())
}
