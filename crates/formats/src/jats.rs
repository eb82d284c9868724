//! JATS XML (PMC open access, eLife).
//!
//! Read into a small element tree, then: front matter to [`Metadata`];
//! abstracts (and eLife digests, as summaries) and the body's nested `sec`s
//! to sections; `p`, list items and `boxed-text` paragraphs to passages;
//! `xref ref-type="bibr"` to citation markers linked to the `ref-list`
//! entries (authors, title, year, journal, DOI, PMID); figure and table
//! captions to a closing "Figures and tables" section and to
//! [`Figure`]s. Sub-articles (eLife decision letters, author responses),
//! acknowledgements, footnotes and formulas are left out. Numeric citations
//! in superscript are written in brackets ("shown[12]") so they do not run
//! into the preceding word.

use std::collections::BTreeMap;

use briefing_model::{Figure, InputFormat, Metadata, Reference, SectionKind};

use crate::Read;
use crate::builder::{Builder, collapse_whitespace};
use crate::error::{Error, ErrorKind, Location, Result, Warning};
use crate::markdown::document_id;
use crate::xml::{Ev, XmlReader};

#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Child>,
}

#[derive(Debug)]
enum Child {
    El(Node),
    Text(String),
}

impl Node {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| match c {
            Child::El(n) => Some(n),
            Child::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.elements().find(|n| n.name == name)
    }

    fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.elements().filter(move |n| n.name == name)
    }

    /// The first descendant (depth first) with this name.
    fn find(&self, name: &str) -> Option<&Node> {
        for n in self.elements() {
            if n.name == name {
                return Some(n);
            }
            if let Some(f) = n.find(name) {
                return Some(f);
            }
        }
        None
    }

    fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        for n in self.elements() {
            if n.name == name {
                out.push(n);
            } else {
                n.find_all(name, out);
            }
        }
    }

    /// All text below, with a space between elements (for element-only
    /// content such as `element-citation`), white space collapsed.
    fn spaced_text(&self) -> String {
        fn walk(n: &Node, s: &mut String) {
            for c in &n.children {
                match c {
                    Child::Text(t) => s.push_str(t),
                    Child::El(e) => {
                        s.push(' ');
                        walk(e, s);
                        s.push(' ');
                    }
                }
            }
        }
        let mut s = String::new();
        walk(self, &mut s);
        collapse_whitespace(&s)
    }

    /// All text below, white space collapsed.
    fn text(&self) -> String {
        let mut s = String::new();
        self.raw_text(&mut s);
        collapse_whitespace(&s)
    }

    fn raw_text(&self, s: &mut String) {
        for c in &self.children {
            match c {
                Child::Text(t) => s.push_str(t),
                Child::El(n) => {
                    if matches!(n.name.as_str(), "break") {
                        s.push(' ');
                    }
                    n.raw_text(s);
                }
            }
        }
    }
}

fn tree(origin: &str, bytes: &[u8]) -> Result<Node> {
    let mut xml = XmlReader::new(origin, bytes, Some(bytes));
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        match xml.next()? {
            Ev::Start { name, attrs } => stack.push(Node {
                name,
                attrs,
                children: Vec::new(),
            }),
            Ev::End { .. } => {
                let node = stack.pop().unwrap_or_default();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Child::El(node)),
                    None => return Err(xml.error(xml.position(), "unbalanced end tag")),
                }
            }
            Ev::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::Text(t));
                }
            }
            Ev::Eof => break,
        }
    }
    Ok(stack.pop().unwrap_or_default())
}

pub(crate) fn read(origin: &str, bytes: &[u8]) -> Result<Read> {
    crate::error::check_text(origin, bytes)?;
    let root = tree(origin, bytes)?;
    let article = if root.child("article").is_some() {
        root.child("article")
    } else {
        root.find("article")
    };
    let Some(article) = article else {
        return Err(Error::new(
            origin,
            Location::NONE,
            ErrorKind::Invalid("no <article> element: not JATS".into()),
        ));
    };
    let mut warnings = Vec::new();
    let mut b = Builder::new("", InputFormat::Jats, origin);
    if let Some(meta) = article.child("front") {
        b.doc.metadata = metadata(meta);
    }
    // References first: citations resolve against them.
    let mut refs: Vec<&Node> = Vec::new();
    if let Some(back) = article.child("back") {
        back.find_all("ref", &mut refs);
    }
    let references: Vec<Reference> = refs
        .iter()
        .enumerate()
        .map(|(i, r)| reference(r, i))
        .collect();
    let labels: BTreeMap<String, String> = references
        .iter()
        .filter_map(|r| {
            Some((
                r.label.clone()?.trim_end_matches('.').to_owned(),
                r.id.clone(),
            ))
        })
        .collect();
    let ids: std::collections::BTreeSet<String> = references.iter().map(|r| r.id.clone()).collect();
    let mut ctx = Ctx {
        labels,
        ids,
        figures: Vec::new(),
        dangling: 0,
    };

    if let Some(front) = article.child("front") {
        let mut abstracts = Vec::new();
        front.find_all("abstract", &mut abstracts);
        for a in abstracts {
            let kind = a.attr("abstract-type").unwrap_or("");
            let (title, sk) = match kind {
                "" | "abstract" => ("Abstract".to_owned(), SectionKind::Abstract),
                _ => (
                    a.child("title")
                        .map(|t| t.text())
                        .filter(|t| !t.is_empty())
                        .unwrap_or_else(|| kind.to_owned()),
                    SectionKind::Summary,
                ),
            };
            b.section_of_kind(&title, 1, sk);
            blocks(&mut b, a, 1, &mut ctx);
        }
    }
    if let Some(body) = article.child("body") {
        if body.elements().any(|n| n.name != "sec") {
            b.section("", 1);
        }
        blocks(&mut b, body, 0, &mut ctx);
    } else {
        warnings.push(Warning::new(
            Location::NONE,
            "no <body>: only the front matter was read",
        ));
    }
    if !ctx.figures.is_empty() {
        b.section("Figures and tables", 1);
        for f in std::mem::take(&mut ctx.figures) {
            figure(&mut b, f, &mut ctx);
        }
    }
    if ctx.dangling > 0 {
        warnings.push(Warning::new(
            Location::NONE,
            format!(
                "{} citation(s) point to no entry of the reference list",
                ctx.dangling
            ),
        ));
    }
    for r in references {
        b.reference(r);
    }
    let mut doc = b.finish();
    doc.id = document_id(&doc.metadata, origin);
    Ok(Read {
        document: doc,
        warnings,
    })
}

struct Ctx<'a> {
    /// Reference label ("12") to id ("B12").
    labels: BTreeMap<String, String>,
    ids: std::collections::BTreeSet<String>,
    figures: Vec<&'a Node>,
    dangling: usize,
}

fn metadata(front: &Node) -> Metadata {
    let mut m = Metadata::default();
    if let Some(jm) = front.child("journal-meta") {
        m.journal = jm
            .find("journal-title")
            .map(|n| n.text())
            .or_else(|| jm.child("journal-id").map(|n| n.text()));
    }
    let Some(am) = front.child("article-meta") else {
        return m;
    };
    m.title = am.find("article-title").map(|n| n.text());
    for id in am.children_named("article-id") {
        let v = id.text();
        match id.attr("pub-id-type") {
            Some("doi") => m.doi = Some(v),
            Some("pmid") => m.pmid = Some(v),
            Some("pmc" | "pmcid") => {
                m.pmcid = Some(if v.starts_with("PMC") {
                    v
                } else {
                    format!("PMC{v}")
                })
            }
            _ => {}
        }
    }
    let mut contribs = Vec::new();
    am.find_all("contrib", &mut contribs);
    for c in contribs {
        if c.attr("contrib-type").is_some_and(|t| t != "author") {
            continue;
        }
        if let Some(name) = c.find("name") {
            let given = name
                .child("given-names")
                .map(|n| n.text())
                .unwrap_or_default();
            let surname = name.child("surname").map(|n| n.text()).unwrap_or_default();
            let full = format!("{given} {surname}");
            if !full.trim().is_empty() {
                m.authors.push(full.trim().to_owned());
            }
        } else if let Some(collab) = c.find("collab") {
            m.authors.push(collab.text());
        }
    }
    let dates: Vec<&Node> = am.children_named("pub-date").collect();
    let pick = dates
        .iter()
        .find(|d| {
            matches!(
                d.attr("pub-type").or(d.attr("date-type")),
                Some("epub" | "pub")
            )
        })
        .or_else(|| dates.iter().find(|d| d.child("year").is_some()));
    if let Some(d) = pick {
        let part = |n: &str| {
            d.child(n)
                .map(|x| x.text())
                .filter(|t| t.bytes().all(|c| c.is_ascii_digit()) && !t.is_empty())
        };
        if let Some(y) = part("year") {
            let mut date = y;
            if let Some(mo) = part("month") {
                date.push_str(&format!("-{mo:0>2}"));
                if let Some(day) = part("day") {
                    date.push_str(&format!("-{day:0>2}"));
                }
            }
            m.date = Some(date);
        }
    }
    let mut kwds = Vec::new();
    am.find_all("kwd", &mut kwds);
    m.keywords = kwds
        .iter()
        .map(|k| k.text())
        .filter(|k| !k.is_empty())
        .collect();
    m
}

/// The block content of `node` (a body, sec, abstract, boxed-text...).
fn blocks<'a>(b: &mut Builder, node: &'a Node, level: u8, ctx: &mut Ctx<'a>) {
    for n in node.elements() {
        match n.name.as_str() {
            "sec" => {
                let here = b.current_section();
                let label = n.child("label").map(|l| l.text()).unwrap_or_default();
                let title = n.child("title").map(|t| t.text()).unwrap_or_default();
                let title = if label.is_empty() {
                    title
                } else {
                    format!("{label} {title}").trim().to_owned()
                };
                b.section(&title, level + 1);
                blocks(b, n, level + 1, ctx);
                b.resume(here);
            }
            "p" => paragraph(b, n, ctx),
            "list" | "list-item" | "boxed-text" | "def-list" | "def-item" | "def"
            | "disp-quote" | "statement" => blocks(b, n, level, ctx),
            "fig" | "table-wrap" => ctx.figures.push(n),
            "fig-group" | "table-wrap-group" => n.find_all_figs(&mut ctx.figures),
            "term" => {
                b.passage(&n.text());
            }
            _ => {}
        }
    }
}

impl Node {
    fn find_all_figs<'a>(&'a self, out: &mut Vec<&'a Node>) {
        for n in self.elements() {
            if n.name == "fig" || n.name == "table-wrap" {
                out.push(n);
            } else {
                n.find_all_figs(out);
            }
        }
    }
}

/// A `p`: inline content to one passage; block elements inside it (lists,
/// figures, formulas) end the passage and are read as blocks.
fn paragraph<'a>(b: &mut Builder, p: &'a Node, ctx: &mut Ctx<'a>) {
    b.begin_passage(None);
    inline(b, p, ctx, &mut Run::default());
    b.end_passage();
}

/// The last numeric citation of a run ("[1]–[5]", "1-5") and whether a
/// dash followed it: the labels in between are cited too.
#[derive(Debug, Default, Clone, Copy)]
struct Run {
    last: Option<u32>,
    dash: bool,
}

fn inline<'a>(b: &mut Builder, node: &'a Node, ctx: &mut Ctx<'a>, run: &mut Run) {
    for c in &node.children {
        match c {
            Child::Text(t) => {
                if t.chars()
                    .all(|c| c.is_whitespace() || "[](),;–—-".contains(c))
                {
                    run.dash |= t.contains(['–', '—', '-']);
                } else {
                    *run = Run::default();
                }
                b.push(t);
            }
            Child::El(n) => match n.name.as_str() {
                "xref" if n.attr("ref-type") == Some("bibr") => citation(b, n, ctx, run, false),
                "sup" if is_citation_group(n) => {
                    b.push(" ");
                    for c in &n.children {
                        match c {
                            Child::El(x) if x.name == "xref" => citation(b, x, ctx, run, true),
                            Child::Text(t) => {
                                run.dash |= t.contains(['–', '—', '-']);
                                b.push(t.trim())
                            }
                            Child::El(_) => {}
                        }
                    }
                }
                "list" | "disp-formula" | "boxed-text" | "def-list" | "disp-quote" => {
                    b.end_passage();
                    if n.name != "disp-formula" {
                        let level = b.current_section().map_or(1, |i| b.doc.sections[i].level);
                        blocks(b, n, level, ctx);
                    }
                    b.begin_passage(None);
                }
                "p" => {
                    b.end_passage();
                    paragraph(b, n, ctx);
                    b.begin_passage(None);
                }
                "fig" | "table-wrap" | "fig-group" | "table-wrap-group" => {
                    if n.name.ends_with("group") {
                        n.find_all_figs(&mut ctx.figures);
                    } else {
                        ctx.figures.push(n);
                    }
                }
                "fn"
                | "supplementary-material"
                | "media"
                | "graphic"
                | "inline-graphic"
                | "tex-math" => {}
                "inline-formula" | "alternatives" => {
                    let math = n
                        .find("mml:math")
                        .or_else(|| n.find("math"))
                        .or_else(|| n.find("tex-math"));
                    b.push(&math.map(|m| m.text()).unwrap_or_else(|| n.text()));
                }
                "break" => b.push(" "),
                _ => inline(b, n, ctx, run),
            },
        }
    }
}

/// A `sup` holding only bibliography xrefs and separators.
fn is_citation_group(n: &Node) -> bool {
    let mut any = false;
    for c in &n.children {
        match c {
            Child::El(x) if x.name == "xref" && x.attr("ref-type") == Some("bibr") => any = true,
            Child::Text(t)
                if t.trim()
                    .chars()
                    .all(|c| matches!(c, ',' | '-' | '–' | '—' | ';')) => {}
            _ => return false,
        }
    }
    any
}

fn citation(b: &mut Builder, x: &Node, ctx: &mut Ctx<'_>, run: &mut Run, bracket: bool) {
    let text = x.text();
    let mut refs: Vec<String> = Vec::new();
    for rid in x.attr("rid").unwrap_or("").split_whitespace() {
        if ctx.ids.contains(rid) {
            refs.push(rid.to_owned());
        } else {
            ctx.dangling += 1;
        }
    }
    // "1–3" given as two xrefs: the labels in between are cited too.
    let num: Option<u32> = text.trim().trim_matches(['[', ']']).parse().ok();
    if let (Some(prev), Some(n), true) = (run.last, num, run.dash)
        && n > prev + 1
        && n - prev <= 50
    {
        let mid: Vec<String> = (prev + 1..n)
            .filter_map(|l| ctx.labels.get(&l.to_string()).cloned())
            .collect();
        refs.splice(0..0, mid);
    }
    *run = Run {
        last: num,
        dash: false,
    };
    if text.is_empty() {
        return;
    }
    let marker = if bracket && num.is_some() {
        format!("[{text}]")
    } else {
        text
    };
    b.push_citation(&marker, refs);
}

fn figure<'a>(b: &mut Builder, f: &'a Node, ctx: &mut Ctx<'a>) {
    let label = f.child("label").map(|l| l.text()).filter(|l| !l.is_empty());
    let Some(caption) = f.child("caption") else {
        return;
    };
    let start_len = b.doc.text.len();
    b.begin_passage(None);
    for c in caption.elements() {
        if c.name == "title" || c.name == "p" {
            inline(b, c, ctx, &mut Run::default());
            b.push(" ");
        }
    }
    let Some(span) = b.end_passage() else { return };
    debug_assert!(span.start >= start_len);
    let n = b.doc.figures.len() + 1;
    let id = f
        .attr("id")
        .map(str::to_owned)
        .unwrap_or_else(|| format!("F{n}"));
    let caption = b.doc.slice(span).to_owned();
    b.figure(Figure {
        id,
        label: label.map(|l| l.trim_end_matches(['.', ':']).to_owned()),
        caption,
        span: Some(span),
    });
}

fn reference(r: &Node, i: usize) -> Reference {
    let id = r
        .attr("id")
        .map(str::to_owned)
        .unwrap_or_else(|| format!("R{}", i + 1));
    let label = r.child("label").map(|l| l.text()).filter(|l| !l.is_empty());
    let cit = r
        .elements()
        .find(|n| {
            matches!(
                n.name.as_str(),
                "element-citation" | "mixed-citation" | "citation" | "nlm-citation"
            )
        })
        .unwrap_or(r);
    let mut authors = Vec::new();
    let groups: Vec<&Node> = cit.children_named("person-group").collect();
    let author_group = groups
        .iter()
        .find(|g| g.attr("person-group-type").is_none_or(|t| t == "author"));
    let holder = author_group.copied().unwrap_or(cit);
    for n in holder.elements() {
        match n.name.as_str() {
            "name" | "string-name" => {
                let surname = n.child("surname").map(|s| s.text()).unwrap_or_default();
                let given = n.child("given-names").map(|s| s.text()).unwrap_or_default();
                let initials: String = if given
                    .chars()
                    .all(|c| c.is_uppercase() || c == ' ' || c == '.')
                {
                    given.chars().filter(|c| c.is_uppercase()).collect()
                } else {
                    given
                        .split([' ', '-', '.'])
                        .filter_map(|w| w.chars().next())
                        .collect()
                };
                let full = if surname.is_empty() {
                    n.text()
                } else {
                    format!("{surname} {initials}").trim().to_owned()
                };
                authors.push(full);
            }
            "collab" => authors.push(n.text()),
            _ => {}
        }
    }
    let title = cit
        .child("article-title")
        .or_else(|| cit.child("chapter-title"))
        .or_else(|| cit.child("data-title"))
        .map(|n| n.text().trim_end_matches('.').to_owned());
    let year = cit.child("year").and_then(|y| {
        let t = y.text();
        t.get(..4).and_then(|s| s.parse().ok())
    });
    let mut doi = None;
    let mut pmid = None;
    let mut pmcid = None;
    for id in cit.children_named("pub-id") {
        match id.attr("pub-id-type") {
            Some("doi") => doi = Some(id.text()),
            Some("pmid") => pmid = Some(id.text()),
            Some("pmcid" | "pmc") => pmcid = Some(id.text()),
            _ => {}
        }
    }
    if doi.is_none() {
        doi = cit
            .children_named("ext-link")
            .find_map(|e| crate::refs::find_doi(&e.text()));
    }
    let text = if cit.name == "mixed-citation" {
        cit.text()
    } else {
        cit.spaced_text()
    };
    Reference {
        id,
        label,
        authors,
        title,
        year,
        journal: cit.child("source").map(|s| s.text()),
        doi,
        pmid,
        pmcid,
        text: (!text.is_empty()).then_some(text),
    }
}
