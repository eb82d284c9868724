//! `briefing annotate`: read documents, annotate them, write them out.

use std::process::ExitCode;

use anyhow::bail;

use crate::args::AnnotateArgs;

pub fn run(args: AnnotateArgs) -> anyhow::Result<ExitCode> {
    bail!("{}: reading is not wired up yet", args.input.display())
}
