//! `briefing lexicon`: build, inspect and try entity lexicons.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use briefing_lexicon::sources::{self, Parsed, Selection};
use briefing_lexicon::{Compiler, Lexicon, MatchOptions};

use crate::args::{
    LexiconArgs, LexiconBuildArgs, LexiconCommand, LexiconInfoArgs, LexiconMatchArgs,
    LexiconSelection,
};

pub fn run(args: LexiconArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        LexiconCommand::Build(a) => build(a),
        LexiconCommand::Info(a) => info(a),
        LexiconCommand::Match(a) => matches(a),
    }
}

fn open(path: Option<&Path>) -> anyhow::Result<Lexicon> {
    match path {
        Some(p) => Lexicon::open(p).with_context(|| format!("cannot open lexicon {}", p.display())),
        None => Lexicon::default_lexicon().context("cannot load the default lexicon"),
    }
}

fn build(a: LexiconBuildArgs) -> anyhow::Result<ExitCode> {
    if a.output.is_none() && a.export_concepts.is_none() {
        bail!("nothing to write: give -o FILE and/or --export-concepts FILE");
    }
    let started = Instant::now();
    let mut parsed: Parsed = match (&a.sources, &a.tsv) {
        (Some(dir), _) => {
            if !dir.is_dir() {
                bail!("{}: not a folder of lexicon sources", dir.display());
            }
            let selection = match a.select {
                LexiconSelection::Default => Selection::default_lexicon(),
                LexiconSelection::Full => Selection::full(),
                LexiconSelection::Taxonomy => Selection::taxonomy(),
            };
            sources::load(
                dir,
                &Selection {
                    strict: a.strict,
                    ..selection
                },
            )?
        }
        (None, Some(tsv)) => {
            let text = std::fs::read_to_string(tsv)
                .with_context(|| format!("cannot read {}", tsv.display()))?;
            if text.starts_with("#briefing-concepts") {
                briefing_lexicon::read_concepts_tsv(&text, tsv, a.strict)?
            } else {
                briefing_lexicon::read_user_tsv(&text, tsv, a.strict)?
            }
        }
        (None, None) => bail!("give --sources DIR or --tsv FILE"),
    };
    if !a.no_curated && a.sources.is_some() && a.select != LexiconSelection::Taxonomy {
        sources::add_curated(&mut parsed.concepts, sources::curated());
    }
    for p in &parsed.problems {
        eprintln!("warning: {p} (line skipped)");
    }
    eprintln!(
        "read {} concepts in {:.1} s",
        parsed.concepts.len(),
        started.elapsed().as_secs_f64()
    );

    if let Some(path) = &a.export_concepts {
        let bytes = if path.extension().is_some_and(|e| e == "zst") {
            sources::compressed_concepts_tsv(&parsed.concepts)?
        } else {
            let mut v = Vec::new();
            briefing_lexicon::write_concepts_tsv(&parsed.concepts, &mut v)?;
            v
        };
        crate::output::write_atomic(path, &bytes)?;
        eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    if let Some(out) = &a.output {
        let t = Instant::now();
        let mut c = Compiler::new();
        let n = parsed.concepts.len();
        c.extend(parsed.concepts);
        let name = out
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = c.compile(&name)?;
        crate::output::write_atomic(out, &bytes)?;
        eprintln!(
            "compiled {n} concepts into {} ({:.1} MB) in {:.1} s",
            out.display(),
            bytes.len() as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
    }
    Ok(if parsed.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn info(a: LexiconInfoArgs) -> anyhow::Result<ExitCode> {
    let t = Instant::now();
    let lexicon = open(a.lexicon.as_deref())?;
    let load = t.elapsed();
    let i = lexicon.info();
    let mut out = std::io::stdout().lock();
    writeln!(out, "file:          {}", i.path.display())?;
    writeln!(
        out,
        "size:          {} bytes ({:.1} MB)",
        i.file_bytes,
        i.file_bytes as f64 / 1e6
    )?;
    writeln!(
        out,
        "format:        version {}, normalization version {}",
        i.format_version, i.normalization_version
    )?;
    writeln!(out, "entries:       {}", i.entries)?;
    writeln!(
        out,
        "keys:          {} (normalized names and variants)",
        i.keys
    )?;
    writeln!(out, "postings:      {}", i.postings)?;
    writeln!(out, "trie:          {} bytes", i.trie_bytes)?;
    writeln!(out, "opened in:     {:.1} ms", load.as_secs_f64() * 1e3)?;
    for (k, v) in &i.meta {
        writeln!(out, "{k:<14} {v}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn matches(a: LexiconMatchArgs) -> anyhow::Result<ExitCode> {
    let lexicon = open(a.lexicon.as_deref())?;
    let mut text = String::new();
    if a.input.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read standard input")?;
    } else {
        text = std::fs::read_to_string(&a.input)
            .with_context(|| format!("cannot read {}", a.input.display()))?;
    }
    let options = if a.all {
        MatchOptions::everything()
    } else {
        MatchOptions::default()
    };
    let mut out = std::io::stdout().lock();
    for m in lexicon.find_with(&text, options) {
        let hits: Vec<String> = m
            .hits
            .iter()
            .map(|h| {
                let flags = h.flags.to_string();
                let flags = if flags.is_empty() {
                    String::new()
                } else {
                    format!(" [{flags}]")
                };
                format!(
                    "{} {} \"{}\"{}",
                    h.entry.kind,
                    h.entry.ids().collect::<Vec<_>>().join(","),
                    h.entry.name,
                    flags
                )
            })
            .collect();
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            m.start,
            m.end,
            &text[m.start..m.end],
            hits.join(" | ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
