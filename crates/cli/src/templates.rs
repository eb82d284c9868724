//! `briefing templates`: copy out the default templates.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use briefing_report::DEFAULT_TEMPLATES;

use crate::args::{TemplatesArgs, TemplatesCommand};

pub fn run(args: TemplatesArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        TemplatesCommand::List => {
            for (name, _) in DEFAULT_TEMPLATES {
                println!("{name}");
            }
            Ok(ExitCode::SUCCESS)
        }
        TemplatesCommand::Init(init) => {
            let (written, kept) = write_defaults(&init.dir, init.force)?;
            eprintln!(
                "{written} templates written to {}{}",
                init.dir.display(),
                if kept > 0 {
                    format!(", {kept} existing files kept (--force overwrites them)")
                } else {
                    String::new()
                }
            );
            eprintln!(
                "edit them, delete the ones you keep as they are, and run: briefing report FILE --templates {}",
                init.dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes every default template under `dir`; returns (written, kept).
fn write_defaults(dir: &Path, force: bool) -> anyhow::Result<(usize, usize)> {
    let (mut written, mut kept) = (0, 0);
    for (name, contents) in DEFAULT_TEMPLATES {
        let path = dir.join(name);
        if path.exists() && !force {
            kept += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        crate::output::write_atomic(&path, contents.as_bytes())?;
        written += 1;
    }
    Ok((written, kept))
}
