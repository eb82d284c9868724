//! Rendering documents built in code: what each section shows, links,
//! escaping of hostile text in every format, plugins, templates,
//! determinism.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use briefing_report::view::{Block, SectionBody};
use briefing_report::{
    Config, Error, ErrorKind, Format, Registry, Reporter, Section, SectionContext, SectionOutput,
    TemplateFormat, Templates, Typst,
};

fn reporter() -> Reporter {
    let plan = Registry::new().plan(&Config::default(), None).expect("ok");
    Reporter::new(plan, Templates::builtin().expect("ok"))
}

fn all_text(r: &Reporter, doc: &briefing_model::Document) -> [String; 4] {
    let b = r.briefing(doc).expect("ok");
    [
        r.render(&b, TemplateFormat::Markdown).expect("ok"),
        r.render(&b, TemplateFormat::Html).expect("ok"),
        r.render(&b, TemplateFormat::Typst).expect("ok"),
        r.json(&b),
    ]
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("ok");
    dir
}

#[test]
fn sections_show_the_claims_their_grades_and_provenance() {
    let [md, html, typst, json] = all_text(&reporter(), &common::sample());
    // Overview: TL;DR and the summary of the best claims, best first.
    assert!(md.contains("**TL;DR.** Stromal cells act on fibrosis"));
    let summary = md.split("### Best-supported claims").nth(1).unwrap();
    let c4 = summary.find("[C4](#claim-4)").unwrap();
    let c3 = summary.find("[C3](#claim-3)").unwrap();
    assert!(c4 < c3, "outcomes by score: C4 (0.72) before C3 (0.61)");
    // Mechanisms: the agent–relation–target row with grade and score.
    assert!(
        md.contains(
            "| [C1](#claim-1) | MSCs | secretes | HGF | rodent models | ●●●○ moderate | 0.58 |"
        ),
        "{md}"
    );
    assert!(md.contains("n1 -->|secretes| n2"));
    assert!(html.contains("<svg") && html.contains("aria-label=\"Mechanism graph\""));
    // Outcomes carry their tier and study.
    assert!(md.contains("*Study: clinical trial; phase II; n = 40; [NCT01234567](https://clinicaltrials.gov/study/NCT01234567).*"));
    // The negated outcome is flagged, the hedged strategy too.
    assert!(md.contains(
        "MSCs did not induce tumours in any of the animal studies reviewed. *(negated)*"
    ));
    assert!(md.contains("*(hedged: may)*"));
    // Bottleneck items.
    assert!(
        md.contains("Items: poor homing; donor heterogeneity; lack of standardized manufacturing.")
    );
    // Evidence profile: tiers strongest first, counts per grade.
    assert!(md.contains("| phase II trials | 0 | 1 | 0 | 0 | 0 | **1** |"));
    assert!(md.contains("| rodent models | 0 | 2 | 1 | 0 | 0 | **3** |"));
    assert!(md.contains("| not scored | 0 | 0 | 0 | 0 | 1 | **1** |"));
    // Entity index: grouped by type, ids linked to their databases.
    assert!(md.contains("[NCBIGene:3082](https://www.ncbi.nlm.nih.gov/gene/3082)"));
    assert!(md.contains("[CVCL_5792](https://www.cellosaurus.org/CVCL_5792)"));
    assert!(md.contains("**hepatocyte growth factor** (also HGF)"));
    assert!(html.contains(r#"<a class="id" href="http://purl.obolibrary.org/obo/CL_0000632" title="Cell Ontology">CL:0000632</a>"#));
    // References list the claims that cite them.
    assert!(md.contains("*Cited by* [C1](#claim-1), [C2](#claim-2), [C7](#claim-7)"));
    // Provenance: claim → sentence → references, and the score factors.
    let prov = md.split("<a id=\"claim-7\"></a>").nth(1).unwrap();
    assert!(
        prov.contains("> Engineered extracellular vesicles may offer a cell-free alternative.")
    );
    assert!(prov.contains("Sentence S6 in “Challenges and outlook” · cites [\\[2\\]](#ref-2)"));
    assert!(prov.contains("| hedging | −0.10 | hedged by \"may\" (S6) |"));
    // Typst: labels for every link target.
    assert!(typst.contains("#metadata(\"claim\")<claim-7>"));
    assert!(typst.contains("#link(<ref-2>)"));
    // JSON: the typed views.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema"], "briefing/briefing/1");
    let names: Vec<&str> = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "overview",
            "mechanisms",
            "outcomes",
            "bottlenecks",
            "strategies",
            "evidence",
            "entities",
            "references",
            "provenance"
        ]
    );
    assert_eq!(v["sections"][1]["rows"][0]["relation"]["kind"], "secretion");
}

#[test]
fn statements_of_one_claim_show_as_one_row() {
    let mut doc = common::sample();
    let mut again = doc.claims[0].clone();
    again.id = "C9".into();
    again.hedged = true;
    doc.claims.push(again);
    for i in [0, 8] {
        let e = doc.claims[i].evidence.as_mut().unwrap();
        e.key = "msc|secretion|hgf".into();
        e.mentions = vec!["C1".into(), "C9".into()];
    }
    let [md, html, _, json] = all_text(&reporter(), &doc);
    assert!(
        md.contains("| [C1](#claim-1) (also [C9](#claim-9)) | MSCs | secretes | HGF |"),
        "{md}"
    );
    assert!(!md.contains("| [C9](#claim-9)"), "one row per claim");
    assert!(
        md.contains("<a id=\"claim-9\"></a>"),
        "every statement keeps its provenance"
    );
    assert!(
        html.contains(
            "<span class=\"also\">also <a class=\"cref\" href=\"#claim-9\">C9</a></span>"
        )
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["sections"][5]["total"], 8);
    assert_eq!(v["sections"][5]["statements"], 9);
}

#[test]
fn hostile_text_is_printed_never_interpreted() {
    let doc = common::hostile();
    let [md, html, typst, json] = all_text(&reporter(), &doc);

    // HTML: no element or attribute from the document, no script URL.
    assert!(!html.contains("<script"), "script tag in HTML");
    assert!(!html.contains("<img"), "img tag in HTML");
    assert!(!html.contains("<b>"), "b tag in HTML");
    assert!(
        !html.contains("href=\"javascript"),
        "javascript link in HTML"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );

    // Markdown: parse it and check that no HTML from the document survives
    // and no link points to javascript.
    use pulldown_cmark::{Event, Parser, Tag};
    for event in Parser::new_ext(&md, pulldown_cmark::Options::all()) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                let ours =
                    (h.starts_with("<a id=\"") && !h.contains("script")) || h.as_ref() == "</a>";
                assert!(ours, "raw HTML from the document: {h}");
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                assert!(
                    dest_url.starts_with('#')
                        || dest_url.starts_with("https://")
                        || dest_url.starts_with("http://purl.obolibrary.org/"),
                    "link from the document: {dest_url}"
                );
            }
            Event::Start(Tag::Heading { .. }) => {}
            _ => {}
        }
    }
    let headings = md.lines().filter(|l| l.starts_with('#')).count();
    let expected = 1 + 9 + 2 + 1; // title, sections, "Best-supported claims", entity groups
    assert!(
        headings <= expected,
        "the document made headings: {headings}"
    );

    // Typst: every `#` from the document is escaped; compile it when typst
    // is installed, and find the text printed literally in the PDF.
    let markup = outside_strings(&typst);
    for needle in ["#import", "#eval", "#panic", "#{"] {
        for (i, _) in markup.match_indices(needle) {
            assert!(
                markup[..i].ends_with('\\'),
                "unescaped {needle} in Typst markup: {}",
                &markup[i.saturating_sub(40)..i + 10]
            );
        }
    }
    match Typst::default().compile(&typst) {
        Ok(pdf) => {
            assert!(pdf.starts_with(b"%PDF"));
            if let Some(text) = pdf_text(&pdf) {
                let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    flat.contains("#panic(\"boom\")"),
                    "the literal text is in the PDF"
                );
                assert!(flat.contains("<script>alert(1)</script>"));
            }
        }
        Err(e) if matches!(e.kind(), ErrorKind::TypstMissing { .. }) => {
            eprintln!("typst not installed: PDF not checked")
        }
        Err(e) => panic!("hostile Typst did not compile: {e}"),
    }

    // JSON keeps the text exactly.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["document"]["title"].as_str().unwrap(),
        doc.metadata
            .title
            .as_deref()
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert_eq!(v["document"]["source_name"], "passwd");
}

/// Typst source with its string literals blanked. The escaper never
/// writes a bare `"` (it writes `\"`), so a bare one opens or closes a
/// literal written by a template or the `quote` filter.
fn outside_strings(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (false, '\\') => {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            (true, '\\') => {
                chars.next();
            }
            (_, '"') => in_string = !in_string,
            (false, c) => out.push(c),
            (true, _) => {}
        }
    }
    out
}

/// The text of a PDF through `pdftotext`, when poppler is installed.
fn pdf_text(pdf: &[u8]) -> Option<String> {
    let dir = temp_dir("pdftext");
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).ok()?;
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_sample_pdf_compiles_when_typst_is_installed() {
    let r = reporter();
    let b = r.briefing(&common::sample()).unwrap();
    match r.output(&b, Format::Pdf, Some(&Typst::default())) {
        Ok(pdf) => {
            assert!(pdf.starts_with(b"%PDF"));
            // Reproducible: the same source gives the same bytes.
            assert_eq!(
                pdf,
                r.output(&b, Format::Pdf, Some(&Typst::default())).unwrap()
            );
            if let Some(text) = pdf_text(&pdf) {
                assert!(text.contains("Page 1 of"));
                assert!(text.contains("Mechanisms"));
            }
        }
        Err(e) if matches!(e.kind(), ErrorKind::TypstMissing { .. }) => {
            eprintln!("typst not installed: skipped")
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn typst_errors_carry_its_diagnostics() {
    let err = match Typst::default().compile("#let x = (") {
        Err(e) => e,
        Ok(_) => panic!("bad source compiled"),
    };
    match err.kind() {
        ErrorKind::Typst { stderr, .. } => assert!(stderr.contains("error"), "{stderr}"),
        ErrorKind::TypstMissing { .. } => eprintln!("typst not installed: skipped"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn two_runs_are_byte_identical() {
    let doc = common::sample();
    let a = all_text(&reporter(), &doc);
    let b = all_text(&reporter(), &doc);
    assert_eq!(a, b);
    // And from several threads at once.
    let r = Arc::new(reporter());
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let r = Arc::clone(&r);
            std::thread::spawn(move || all_text(&r, &common::sample()))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), a);
    }
}

#[test]
fn empty_documents_render_every_section() {
    let doc = briefing_model::Document::new("empty");
    let [md, html, typst, _] = all_text(&reporter(), &doc);
    assert!(md.contains("*No mechanisms were found in this document.*"));
    assert!(md.contains("*The input lists no references.*"));
    assert!(html.contains("No claims were found in this document."));
    assert!(typst.contains("#empty[No entities were recognised in this document.]"));
    if let Err(e) = Typst::default().compile(&typst) {
        assert!(matches!(e.kind(), ErrorKind::TypstMissing { .. }), "{e}");
    }
}

#[test]
fn sections_follow_the_configured_order_and_links_follow_the_sections() {
    let config = Config::parse(
        "sections = [\"mechanisms\", \"overview\"]\n",
        Path::new("briefing.toml"),
    )
    .unwrap();
    let plan = Registry::new().plan(&config, None).unwrap();
    let r = Reporter::new(plan, Templates::builtin().unwrap());
    let b = r.briefing(&common::sample()).unwrap();
    let names: Vec<&str> = b.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["mechanisms", "overview"]);
    // Without a provenance section, claim ids link nowhere (a dangling
    // label would not compile in Typst).
    let md = r.render(&b, TemplateFormat::Markdown).unwrap();
    assert!(!md.contains("(#claim-"), "{md}");
    let typst = r.render(&b, TemplateFormat::Typst).unwrap();
    assert!(!typst.contains("<claim-"));
    if let Err(e) = Typst::default().compile(&typst) {
        assert!(matches!(e.kind(), ErrorKind::TypstMissing { .. }), "{e}");
    }
}

/// A section implemented in Rust by a program that uses the crate.
struct Counts;

impl Section for Counts {
    fn name(&self) -> &str {
        "counts"
    }
    fn build(&self, ctx: &SectionContext<'_>) -> Result<SectionOutput, Error> {
        let text = format!(
            "{} claims, {} references",
            ctx.document.claims.len(),
            ctx.document.references.len()
        );
        Ok(SectionOutput::blocks(
            self.name(),
            "Counts <b>",
            vec![Block::Paragraph { text }],
        ))
    }
}

#[test]
fn rust_sections_register_by_name() {
    let mut registry = Registry::new();
    registry.register(Arc::new(Counts));
    let plan = registry
        .plan(&Config::default(), Some(&["counts".into()]))
        .unwrap();
    let r = Reporter::new(plan, Templates::builtin().unwrap());
    let b = r.briefing(&common::sample()).unwrap();
    let html = r.render(&b, TemplateFormat::Html).unwrap();
    assert!(html.contains("<h2>Counts &lt;b&gt;</h2>"));
    assert!(html.contains("<p>8 claims, 6 references</p>"));
}

#[cfg(unix)]
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

#[cfg(unix)]
#[test]
fn external_plugins_read_json_and_write_json() {
    let dir = temp_dir("plugins");
    // Reads its input (checks the protocol fields are there) and answers.
    script(
        &dir,
        "briefing-plugin-timeline",
        r#"input=$(cat)
case "$input" in *'"schema":"briefing/plugin/1"'*'"section":"timeline"'*'"options":{"span":"year"}'*) ;; *) echo "bad input" >&2; exit 3;; esac
printf '%s' '{"title":"Timeline","blocks":[{"type":"paragraph","text":"2019 <script>x</script>"},{"type":"table","columns":["Year","Claims"],"rows":[["2019","2"]]}]}'"#,
    );
    script(
        &dir,
        "briefing-plugin-broken",
        "cat >/dev/null; echo 'it went wrong' >&2; exit 4",
    );
    script(
        &dir,
        "briefing-plugin-garbage",
        "cat >/dev/null; echo 'not json'",
    );
    let config = Config::parse(
        "[plugins.timeline]\noptions = { span = \"year\" }\n",
        Path::new("briefing.toml"),
    )
    .unwrap();
    let registry = Registry::new().with_search_path(vec![dir.clone()]);

    let plan = registry
        .plan(&config, Some(&["overview".into(), "timeline".into()]))
        .unwrap();
    let r = Reporter::new(plan, Templates::builtin().unwrap());
    let b = r.briefing(&common::sample()).unwrap();
    let SectionBody::Blocks(blocks) = &b.sections[1].body else {
        panic!("not blocks")
    };
    assert_eq!(blocks.blocks.len(), 2);
    let html = r.render(&b, TemplateFormat::Html).unwrap();
    assert!(
        html.contains("<p>2019 &lt;script&gt;x&lt;&#x2F;script&gt;</p>")
            || html.contains("<p>2019 &lt;script&gt;x&lt;/script&gt;</p>")
    );
    assert!(html.contains("<th>Year</th>"));

    let plan = registry.plan(&config, Some(&["broken".into()])).unwrap();
    let err = Reporter::new(plan, Templates::builtin().unwrap())
        .briefing(&common::sample())
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("plugin `broken`")
            && msg.contains("exit code 4")
            && msg.contains("it went wrong"),
        "{msg}"
    );

    let plan = registry.plan(&config, Some(&["garbage".into()])).unwrap();
    let err = Reporter::new(plan, Templates::builtin().unwrap())
        .briefing(&common::sample())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("its output is not a section (line 1, column 2)"),
        "{err}"
    );
}

#[test]
fn template_overrides_replace_single_files() {
    let dir = temp_dir("overrides");
    std::fs::create_dir_all(dir.join("html")).unwrap();
    std::fs::create_dir_all(dir.join("md/sections")).unwrap();
    std::fs::write(dir.join("html/style.css"), "body { color: rebeccapurple; }").unwrap();
    std::fs::write(
        dir.join("md/sections/mechanisms.md"),
        "{% for r in section.rows %}{{ r.claim.claim.id }}={{ r.relation.verb }};{% endfor %}\n",
    )
    .unwrap();
    let templates = Templates::with_overrides(&dir).unwrap();
    assert_eq!(
        templates.overrides(),
        ["html/style.css", "md/sections/mechanisms.md"]
    );
    let plan = Registry::new().plan(&Config::default(), None).unwrap();
    let r = Reporter::new(plan, templates);
    let b = r.briefing(&common::sample()).unwrap();
    let html = r.render(&b, TemplateFormat::Html).unwrap();
    assert!(html.contains("rebeccapurple") && !html.contains(".title-block {"));
    assert!(
        html.contains("<h2>Mechanisms</h2>"),
        "the rest stays built in"
    );
    let md = r.render(&b, TemplateFormat::Markdown).unwrap();
    assert!(md.contains("C1=secretes;C2=inhibits;C8=polarizes;"));
    assert!(md.contains("### Best-supported claims"));

    // A broken override names its file.
    std::fs::write(dir.join("md/sections/mechanisms.md"), "{% for r in %}").unwrap();
    let err = Templates::with_overrides(&dir).unwrap_err();
    assert!(err.to_string().contains("mechanisms.md"), "{err}");
    // A folder without templates is an error, not a silent fallback.
    let empty = temp_dir("overrides-empty");
    assert!(Templates::with_overrides(&empty).is_err());
}
