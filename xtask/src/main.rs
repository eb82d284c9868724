//! `cargo xtask`: the workspace's chores in plain Rust.
//!
//! Each task is a module with a `run(args)`; `main` only dispatches.

mod annotate_bench;
mod lexicon;
mod lexicon_bench;
mod report;

use std::process::ExitCode;

const TASKS: &str = "tasks:
  report [DIR]   briefings of every document under DIR (default: examples/) in
                 Markdown, HTML, PDF and JSON, with an index, in target/briefings/
  lexicon        rebuild the shipped default lexicon's source data
  bench-lexicon  lexicon matching speed against spaCy, pyahocorasick, flashtext
  lexicon-digest LEXICON TEXT: count and digest of the matches under seven
                 option sets (two builds printing the same lines match alike)
  bench-annotate the annotate pipeline stage by stage on the shared texts, MB/s
                 on one and on two cores";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, rest) = match args.split_first() {
        Some((task, rest)) => (task.as_str(), rest),
        None => ("", &[][..]),
    };
    let result = match task {
        "report" => report::run(rest),
        "lexicon" => lexicon::run(rest).map(|()| ExitCode::SUCCESS),
        "bench-annotate" => annotate_bench::run(rest).map(|()| ExitCode::SUCCESS),
        "bench-lexicon" => lexicon_bench::run(rest).map(|()| ExitCode::SUCCESS),
        "bench-lexicon-ours" => lexicon_bench::run_ours(rest).map(|()| ExitCode::SUCCESS),
        "lexicon-digest" => lexicon_bench::run_digest(rest).map(|()| ExitCode::SUCCESS),
        "" | "help" | "-h" | "--help" => {
            println!("usage: cargo xtask <task> [args]\n{TASKS}");
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("error: unknown task {other:?}\n{TASKS}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
