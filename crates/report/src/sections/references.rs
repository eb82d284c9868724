//! The reference list, each reference with the claims that cite it.

use briefing_model::Reference;

use crate::escape::anchor;
use crate::index::reference_label;
use crate::links;
use crate::plugin::SectionContext;
use crate::view::{Link, RefMark, ReferenceEntry, ReferenceList, SectionBody};

pub(super) fn build(ctx: &SectionContext<'_>) -> SectionBody {
    let index = ctx.index;
    let mut cited = 0;
    let entries = ctx
        .document
        .references
        .iter()
        .enumerate()
        .map(|(pos, r)| {
            let cited_by: Vec<_> = index
                .cited_by(r)
                .iter()
                .map(|&i| index.claim_ref(i))
                .collect();
            cited += usize::from(!cited_by.is_empty());
            ReferenceEntry {
                mark: RefMark {
                    id: r.id.clone(),
                    label: reference_label(r, pos),
                    anchor: Some(anchor("ref", pos)),
                },
                citation: citation(r),
                doi: r.doi.as_deref().map(|d| Link {
                    text: d.trim().to_owned(),
                    url: links::doi(d),
                }),
                pmid: r.pmid.as_deref().map(|p| Link {
                    text: p.trim().to_owned(),
                    url: links::pmid(p),
                }),
                pmcid: r.pmcid.as_deref().map(|p| Link {
                    text: p.trim().to_owned(),
                    url: links::pmcid(p),
                }),
                cited_by,
            }
        })
        .collect();
    SectionBody::References(ReferenceList { entries, cited })
}

/// "Smith J, Doe A, Roe B, et al. (2020). Title. Journal." — or the
/// reference as printed when the input gives nothing structured.
pub(crate) fn citation(r: &Reference) -> String {
    let title = r.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if title.is_none()
        && r.authors.is_empty()
        && let Some(text) = r.text.as_deref().map(str::trim).filter(|t| !t.is_empty())
    {
        return text.to_owned();
    }
    let mut out = String::new();
    let authors: Vec<&str> = r
        .authors
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    if !authors.is_empty() {
        out.push_str(
            &authors
                .iter()
                .take(3)
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
        );
        if authors.len() > 3 {
            out.push_str(", et al.");
        }
    }
    if let Some(year) = r.year {
        out.push_str(&format!(" ({year})"));
    }
    if !out.is_empty() {
        out.push_str(". ");
    }
    if let Some(t) = title {
        out.push_str(t);
        if !t.ends_with(['.', '?', '!']) {
            out.push('.');
        }
        out.push(' ');
    }
    if let Some(j) = r
        .journal
        .as_deref()
        .map(str::trim)
        .filter(|j| !j.is_empty())
    {
        out.push_str(j);
        out.push('.');
    }
    let out = out.trim().to_owned();
    if out.is_empty() { r.id.clone() } else { out }
}
