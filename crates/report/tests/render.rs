//! Rendering built documents: content, links, escaping, determinism.

mod common;

use briefing_report::{Config, Format, Registry, Reporter, TemplateFormat, Templates};

fn reporter() -> Reporter {
    let plan = Registry::new().plan(&Config::default(), None).unwrap();
    Reporter::new(plan, Templates::builtin().unwrap())
}

#[test]
fn dump_sample() {
    let r = reporter();
    let b = r.briefing(&common::sample()).unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("dump");
    std::fs::create_dir_all(&dir).unwrap();
    for f in [
        TemplateFormat::Markdown,
        TemplateFormat::Html,
        TemplateFormat::Typst,
    ] {
        let out = r.render(&b, f).unwrap();
        std::fs::write(dir.join(format!("sample.{}", f.ext())), out).unwrap();
    }
    std::fs::write(
        dir.join("sample.json"),
        r.output(&b, Format::Json, None).unwrap(),
    )
    .unwrap();
    let h = r.briefing(&common::hostile()).unwrap();
    for f in [
        TemplateFormat::Markdown,
        TemplateFormat::Html,
        TemplateFormat::Typst,
    ] {
        let out = r.render(&h, f).unwrap();
        std::fs::write(dir.join(format!("hostile.{}", f.ext())), out).unwrap();
    }
    eprintln!("{}", dir.display());
}
