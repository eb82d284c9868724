//! `briefing eval claims`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use briefing_annotator::Annotator;
use briefing_eval::claims::{read_gold, score};

use crate::args::EvalClaimsArgs;
use crate::pipeline::Pipeline;

pub fn run(args: EvalClaimsArgs) -> anyhow::Result<ExitCode> {
    let gold = read_gold(&args.gold)?;
    let input = match &args.input {
        Some(p) => p.clone(),
        None => {
            // `document` is relative to the gold folder's parent (`../shared`).
            let base = args
                .gold
                .parent()
                .and_then(|p| p.parent())
                .map(PathBuf::from)
                .unwrap_or_default();
            base.join(&gold.document)
        }
    };
    let annotator = match super::open_lexicon(None) {
        Ok(lexicon) => Annotator::new().with_lexicon(lexicon),
        Err(err) => {
            eprintln!("warning: {err:#}; annotating without a lexicon");
            Annotator::new()
        }
    };
    let pipeline = Pipeline::new(annotator, None);
    let mut docs = pipeline
        .open(&input)
        .with_context(|| format!("cannot read {}", input.display()))?;
    let Some(doc) = docs.next() else {
        bail!("{}: no document", input.display())
    };
    let doc = doc?.document;
    let report = score(&gold, &doc.claims);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} against {}", input.display(), args.gold.display());
    print!("{report}");
    if args.verbose {
        println!();
        for (c, (_, _, matched)) in doc.claims.iter().zip(&report.claims) {
            let sro = match (&c.subject, &c.relation, &c.object) {
                (Some(s), Some(r), Some(o)) => {
                    format!("  [{} -{}-> {}]", s.text, r.kind.as_str(), o.text)
                }
                _ => String::new(),
            };
            let items = if c.items.is_empty() {
                String::new()
            } else {
                format!("  items: {}", c.items.join(" | "))
            };
            let flags = format!(
                "{}{}",
                if c.hedged { " hedged" } else { "" },
                if c.negated { " negated" } else { "" }
            );
            println!(
                "{} {:<10} {:<8} {}{sro}{items}{flags}",
                c.id,
                c.category.as_str(),
                if matched.is_empty() {
                    "-".to_owned()
                } else {
                    matched.join(",")
                },
                c.text
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
