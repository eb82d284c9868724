//! Links from identifiers (CURIEs) and bibliographic ids to the databases
//! that hold them.
//!
//! Only ids whose local part is made of letters, digits and `_ . -` get a
//! link, and the link is always `https://` to a fixed host: an id is
//! document data and must not be able to inject a scheme or a path.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

/// An identifier with the page that describes it, if we know one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct IdLink {
    /// The id as written (`NCBIGene:3082`).
    pub id: String,
    /// The database's name (`NCBI Gene`), when recognised.
    pub database: Option<&'static str>,
    pub url: Option<String>,
}

/// The link for a CURIE (`NCBIGene:3082`, `MESH:D008107`, `CL:0000632`,
/// `CHEBI:15377`, `NCBITaxon:10090`, `CVCL_5792`, `MONDO:0005154`, ...).
pub fn curie(id: &str) -> IdLink {
    let id = id.trim();
    let (database, url) = match resolve(id) {
        Some((db, url)) => (Some(db), Some(url)),
        None => (None, None),
    };
    IdLink {
        id: id.to_owned(),
        database,
        url,
    }
}

fn resolve(id: &str) -> Option<(&'static str, String)> {
    if let Some(local) = id.strip_prefix("CVCL_") {
        return safe_local(local).then(|| {
            (
                "Cellosaurus",
                format!("https://www.cellosaurus.org/CVCL_{local}"),
            )
        });
    }
    if id.starts_with("NCT") && id.len() == 11 && id[3..].bytes().all(|b| b.is_ascii_digit()) {
        return Some((
            "ClinicalTrials.gov",
            format!("https://clinicaltrials.gov/study/{id}"),
        ));
    }
    let (prefix, local) = id.split_once(':')?;
    if !safe_local(local) {
        return None;
    }
    let obo = |db: &'static str, ns: &str| {
        Some((db, format!("http://purl.obolibrary.org/obo/{ns}_{local}")))
    };
    match prefix.to_ascii_lowercase().as_str() {
        "ncbigene" | "entrez" | "geneid" => Some((
            "NCBI Gene",
            format!("https://www.ncbi.nlm.nih.gov/gene/{local}"),
        )),
        "mesh" => Some((
            "MeSH",
            format!("https://meshb.nlm.nih.gov/record/ui?ui={local}"),
        )),
        "ncbitaxon" | "taxon" | "taxonomy" => Some((
            "NCBI Taxonomy",
            format!("https://www.ncbi.nlm.nih.gov/Taxonomy/Browser/wwwtax.cgi?id={local}"),
        )),
        "chebi" => Some((
            "ChEBI",
            format!("https://www.ebi.ac.uk/chebi/searchId.do?chebiId=CHEBI:{local}"),
        )),
        "cl" => obo("Cell Ontology", "CL"),
        "mondo" => obo("MONDO", "MONDO"),
        "uberon" => obo("UBERON", "UBERON"),
        "go" => obo("Gene Ontology", "GO"),
        "pr" => obo("Protein Ontology", "PR"),
        "doid" => obo("Disease Ontology", "DOID"),
        "hp" => obo("HPO", "HP"),
        "omim" | "mim" => Some(("OMIM", format!("https://omim.org/entry/{local}"))),
        "hgnc" => Some((
            "HGNC",
            format!("https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/HGNC:{local}"),
        )),
        "cellosaurus" => Some((
            "Cellosaurus",
            format!("https://www.cellosaurus.org/{local}"),
        )),
        _ => None,
    }
}

fn safe_local(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// Characters kept as they are in a DOI path: RFC 3986 unreserved plus `/`.
const DOI_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// `https://doi.org/<doi>` with the DOI percent-encoded.
pub fn doi(doi: &str) -> Option<String> {
    let doi = doi.trim();
    let doi = doi
        .strip_prefix("https://doi.org/")
        .or_else(|| doi.strip_prefix("http://dx.doi.org/"))
        .or_else(|| doi.strip_prefix("doi:"))
        .unwrap_or(doi);
    if !doi.starts_with("10.") || doi.len() > 300 {
        return None;
    }
    Some(format!(
        "https://doi.org/{}",
        utf8_percent_encode(doi, DOI_PATH)
    ))
}

/// The PubMed page of a PMID (digits only).
pub fn pmid(pmid: &str) -> Option<String> {
    let pmid = pmid.trim();
    (!pmid.is_empty() && pmid.len() <= 12 && pmid.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
}

/// The PMC page of a PMCID (`PMC` and digits).
pub fn pmcid(pmcid: &str) -> Option<String> {
    let pmcid = pmcid.trim();
    let digits = pmcid.strip_prefix("PMC").unwrap_or(pmcid);
    (!digits.is_empty() && digits.len() <= 12 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("https://pmc.ncbi.nlm.nih.gov/articles/PMC{digits}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_databases() {
        let cases = [
            ("NCBIGene:3082", "https://www.ncbi.nlm.nih.gov/gene/3082"),
            (
                "MESH:D008107",
                "https://meshb.nlm.nih.gov/record/ui?ui=D008107",
            ),
            ("CL:0000632", "http://purl.obolibrary.org/obo/CL_0000632"),
            (
                "CHEBI:15377",
                "https://www.ebi.ac.uk/chebi/searchId.do?chebiId=CHEBI:15377",
            ),
            (
                "NCBITaxon:10090",
                "https://www.ncbi.nlm.nih.gov/Taxonomy/Browser/wwwtax.cgi?id=10090",
            ),
            ("CVCL_5792", "https://www.cellosaurus.org/CVCL_5792"),
            (
                "MONDO:0005154",
                "http://purl.obolibrary.org/obo/MONDO_0005154",
            ),
            (
                "NCT01234567",
                "https://clinicaltrials.gov/study/NCT01234567",
            ),
        ];
        for (id, url) in cases {
            assert_eq!(curie(id).url.as_deref(), Some(url), "{id}");
        }
    }

    #[test]
    fn hostile_ids_get_no_link() {
        for id in [
            "javascript:alert(1)",
            "MESH:D1\"><script>",
            "NCBIGene:../../x",
            "CVCL_a/b",
            "MESH:",
            "unknown:1",
        ] {
            assert_eq!(curie(id).url, None, "{id}");
        }
    }

    #[test]
    fn bibliographic_links() {
        assert_eq!(
            doi("10.3389/fmed.2025.1677021").as_deref(),
            Some("https://doi.org/10.3389/fmed.2025.1677021")
        );
        assert_eq!(
            doi("10.1002/(SICI)1097<x>").as_deref(),
            Some("https://doi.org/10.1002/%28SICI%291097%3Cx%3E")
        );
        assert_eq!(doi("javascript:alert(1)"), None);
        assert_eq!(
            pmid("12345").as_deref(),
            Some("https://pubmed.ncbi.nlm.nih.gov/12345/")
        );
        assert_eq!(pmid("12a"), None);
        assert_eq!(
            pmcid("PMC12913439").as_deref(),
            Some("https://pmc.ncbi.nlm.nih.gov/articles/PMC12913439/")
        );
    }
}
