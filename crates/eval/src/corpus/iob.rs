//! IOB token files (LINNAEUS, JNLPBA): one `token<TAB>label` per line, a
//! blank line between sentences, `-DOCSTART-` between documents. The text
//! is rebuilt with one space between tokens and one sentence per line. Files
//! without `-DOCSTART-` give one document per sentence.

use std::path::Path;

use briefing_model::EntityType;

use super::craft::document;
use super::{CorpusError, GoldDoc, GoldMention, read_to_string};

/// Reads an IOB file.
pub fn read_iob(path: &Path) -> Result<Vec<GoldDoc>, CorpusError> {
    let content = read_to_string(path)?;
    parse(path, &content)
}

#[derive(Default)]
struct Builder {
    text: String,
    mentions: Vec<GoldMention>,
    open: Option<(usize, usize, String)>,
    sentence_started: bool,
}

impl Builder {
    fn close(&mut self) {
        if let Some((s, e, label)) = self.open.take()
            && let Some(kind) = EntityType::parse(&label)
        {
            self.mentions.push(GoldMention {
                start: s,
                end: e,
                kind,
                ids: Vec::new(),
                alternatives: Vec::new(),
            });
        }
    }

    fn end_sentence(&mut self) {
        self.close();
        if self.sentence_started {
            self.text.push('\n');
            self.sentence_started = false;
        }
    }

    fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn finish(&mut self, id: String) -> GoldDoc {
        self.end_sentence();
        let b = std::mem::take(self);
        let mut text = b.text;
        while text.ends_with('\n') {
            text.pop();
        }
        GoldDoc {
            doc: document(&id, text),
            mentions: b.mentions,
        }
    }
}

fn parse(path: &Path, content: &str) -> Result<Vec<GoldDoc>, CorpusError> {
    let by_docstart = content.lines().any(|l| l.starts_with("-DOCSTART-"));
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut docs = Vec::new();
    let mut b = Builder::default();
    let push = |b: &mut Builder, docs: &mut Vec<GoldDoc>| {
        if !b.is_empty() {
            let id = format!("{stem}:{}", docs.len() + 1);
            docs.push(b.finish(id));
        } else {
            *b = Builder::default();
        }
    };
    for (n, line) in content.lines().enumerate() {
        if line.starts_with("-DOCSTART-") {
            push(&mut b, &mut docs);
            continue;
        }
        if line.trim().is_empty() {
            if by_docstart {
                b.end_sentence();
            } else {
                push(&mut b, &mut docs);
            }
            continue;
        }
        let (token, label) = match line.rsplit_once('\t') {
            Some((t, l)) => (t, l.trim()),
            None => {
                return Err(CorpusError::Syntax {
                    path: path.to_owned(),
                    line: n + 1,
                    message: "expected token<TAB>label".into(),
                });
            }
        };
        if b.sentence_started {
            b.text.push(' ');
        }
        b.sentence_started = true;
        let start = b.text.len();
        b.text.push_str(token);
        let end = b.text.len();
        let (tag, kind) = label.split_once('-').unwrap_or((label, ""));
        match tag {
            "O" => b.close(),
            "B" => {
                b.close();
                b.open = Some((start, end, kind.to_owned()));
            }
            "I" => match &mut b.open {
                Some(o) if o.2 == kind => o.1 = end,
                _ => {
                    b.close();
                    b.open = Some((start, end, kind.to_owned()));
                }
            },
            _ => {
                return Err(CorpusError::Syntax {
                    path: path.to_owned(),
                    line: n + 1,
                    message: format!("label {label:?} is not O, B-type or I-type"),
                });
            }
        }
    }
    push(&mut b, &mut docs);
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &[&str]) {
        let docs = parse(Path::new("t.iob"), input).expect("parses");
        let got: Vec<String> = docs
            .iter()
            .map(|d| {
                let ms: Vec<String> = d
                    .mentions
                    .iter()
                    .map(|m| format!("{}={}", &d.doc.text[m.start..m.end], m.kind))
                    .collect();
                format!("{:?} {}", d.doc.text, ms.join(","))
            })
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn sentences_and_documents() {
        check(
            "Mus\tB-Species\nmusculus\tI-Species\nmice\tB-Species\n\nrats\tI-Species\n",
            &[
                "\"Mus musculus mice\" Mus musculus=Species,mice=Species",
                "\"rats\" rats=Species",
            ],
        );
        check(
            "-DOCSTART-\tO\n\nHeLa\tB-cell_line\ncells\tI-cell_line\n\nT\tB-cell_type\n-DOCSTART-\tO\nx\tO\n",
            &[
                "\"HeLa cells\\nT\" HeLa cells=CellLine,T=CellType",
                "\"x\" ",
            ],
        );
    }

    #[test]
    fn bad_label_names_the_line() {
        let err = parse(Path::new("t.iob"), "a\tO\nb\tX-foo\n").expect_err("bad label");
        assert_eq!(
            err.to_string(),
            "t.iob:2: label \"X-foo\" is not O, B-type or I-type"
        );
    }
}
