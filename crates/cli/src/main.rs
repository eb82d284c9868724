//! The `briefing` command. All clap definitions live in `args.rs`; each
//! subcommand has its own module; `dispatch` routes between them.

mod annotate;
mod args;
mod batch;
mod encode;
mod eval;
mod lexicon;
mod ordered;
mod output;
mod pipeline;
mod progress;
mod report;
mod shard;
mod source;
mod stream;
mod templates;
mod walk;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// Exit codes: 0 when every input succeeded, 1 when some inputs failed,
/// 2 for usage errors and unreadable input.
fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Annotate(args) => annotate::run(args),
        Command::Report(args) => report::run(args),
        Command::Templates(args) => templates::run(args),
        Command::Lexicon(args) => lexicon::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Train(args) => eval::train::run(args),
    }
}
