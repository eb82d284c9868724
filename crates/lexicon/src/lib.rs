//! Compiled entity lexicons for briefing: build from ontology sources, load
//! in milliseconds, match at corpus speed.
//!
//! # Design
//!
//! A lexicon maps names to *entries* (a type, CURIE identifiers and a
//! preferred name) of six types: genes (`NCBIGene:`), diseases (`MESH:`,
//! `MONDO:`), chemicals (`MESH:`, `CHEBI:`), species (`NCBITaxon:`), cell
//! lines (`CVCL_`) and cell types (`CL:`).
//!
//! - **Sources** ([`sources`]) parse the ontology files of `../shared/lexicons`
//!   (HGNC, MeSH, MONDO, ChEBI, NCBI Taxonomy, Cellosaurus, Cell Ontology)
//!   into [`Concept`]s; a malformed line is reported with file and line.
//! - **Normalization** ([`normalize`]) folds case, accents, hyphens, spaces
//!   and punctuation, and spells Greek letters (`TGF-β` = `TGF-beta`); names
//!   also get spelling and plural variants. The same code runs at compile and
//!   match time.
//! - The [`Compiler`] writes a versioned, checksummed file holding a
//!   double-array trie of the normalized names; [`Lexicon::open`] maps it
//!   into memory and checks it, without parsing or copying.
//! - [`Lexicon::find`] returns leftmost-longest matches on token boundaries,
//!   each with *every* entry its name belongs to. Per-name flags
//!   ([`NameFlags`]) tell whether the name is case-sensitive (short symbols
//!   such as `MET`), stop-listed (common words), a previous symbol, or
//!   reached through a variant; [`MatchOptions`] decides which of them to
//!   report, and an ambiguous name comes back with all its readings.
//! - [`Lexicon::default_lexicon`] is the lexicon shipped in the crate,
//!   compiled on first use from compressed source data and cached (see
//!   `docs/lexicon.md`).
//!
//! # Example
//!
//! ```
//! use briefing_lexicon::{Compiler, Concept, Lexicon, MatchOptions, NameFlags};
//! use briefing_model::EntityType;
//!
//! let mut compiler = Compiler::new();
//! compiler.add(Concept {
//!     kind: EntityType::Gene,
//!     ids: vec!["NCBIGene:3082".into()],
//!     name: "HGF".into(),
//!     synonyms: vec!["hepatocyte growth factor".into()],
//!     ..Concept::default()
//! });
//! compiler.add(Concept {
//!     kind: EntityType::CellType,
//!     ids: vec!["CL:0000632".into()],
//!     name: "hepatic stellate cell".into(),
//!     synonyms: vec!["HSC".into()],
//!     ..Concept::default()
//! });
//! compiler.add(Concept {
//!     kind: EntityType::CellType,
//!     ids: vec!["CL:0000037".into()],
//!     name: "hematopoietic stem cell".into(),
//!     synonyms: vec!["HSC".into()],
//!     ..Concept::default()
//! });
//! let lexicon = Lexicon::from_bytes(compiler.compile("example")?)?;
//!
//! let text = "Hepatocyte growth factor (HGF) inhibits hepatic stellate cells; HSC and hgf.";
//! let found = lexicon.find(text);
//! let spans: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
//! // `hgf` is not matched: the symbol `HGF` is case-sensitive.
//! assert_eq!(spans, ["Hepatocyte growth factor", "HGF", "hepatic stellate cells", "HSC"]);
//!
//! let hgf = &found[1];
//! assert_eq!(hgf.hits[0].entry.id(), "NCBIGene:3082");
//! assert!(hgf.hits[0].flags.contains(NameFlags::CASE_SENSITIVE));
//! assert!(found[2].hits[0].flags.contains(NameFlags::PLURAL));
//!
//! // An ambiguous name keeps all its readings; the caller decides.
//! let hsc = &found[3];
//! assert!(hsc.is_ambiguous());
//! let ids: Vec<&str> = hsc.hits.iter().map(|h| h.entry.id()).collect();
//! assert_eq!(ids, ["CL:0000037", "CL:0000632"]);
//!
//! // Exact lookup of a whole name, e.g. an abbreviation's long form.
//! let hits = lexicon.lookup("Hepatic-Stellate Cell", MatchOptions::default());
//! assert_eq!(hits[0].entry.id(), "CL:0000632");
//! # Ok::<(), briefing_lexicon::Error>(())
//! ```

mod cache;
mod compile;
mod error;
mod format;
mod lexicon;
mod matcher;
pub mod normalize;
pub mod sources;
mod stoplist;
mod trie;
mod tsv;

pub use cache::{cache_dir, default_source, default_source_tsv};
pub use compile::{Compiler, Concept};
pub use error::{Error, Result};
pub use format::FORMAT_VERSION;
pub use lexicon::{Entry, Info, Lexicon};
pub use matcher::{Hit, Match, MatchOptions, Matcher, TypeSet};
pub use normalize::NORMALIZATION_VERSION;
pub use stoplist::StopList;
pub use tsv::{read_concepts_tsv, read_user_tsv, write_concepts_tsv};

/// What is known about a name that matched.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NameFlags(u32);

impl NameFlags {
    /// The entry's preferred name.
    pub const PREFERRED: NameFlags = NameFlags(1);
    /// A short symbol that must match with its case (`MET`, `HepG2`).
    pub const CASE_SENSITIVE: NameFlags = NameFlags(2);
    /// A name that collides with a common word (stop list).
    pub const STOP: NameFlags = NameFlags(4);
    /// A previous symbol or obsolete name.
    pub const PREVIOUS: NameFlags = NameFlags(8);
    /// Matched through a spelling variant (hyphen removed, split or joined).
    pub const SPELLING: NameFlags = NameFlags(16);
    /// Matched through a generated plural.
    pub const PLURAL: NameFlags = NameFlags(32);

    const NAMES: [(NameFlags, &'static str); 6] = [
        (NameFlags::PREFERRED, "preferred"),
        (NameFlags::CASE_SENSITIVE, "case-sensitive"),
        (NameFlags::STOP, "stop"),
        (NameFlags::PREVIOUS, "previous"),
        (NameFlags::SPELLING, "spelling"),
        (NameFlags::PLURAL, "plural"),
    ];

    pub const fn empty() -> NameFlags {
        NameFlags(0)
    }

    pub const fn bits(self) -> u32 {
        self.0
    }

    pub const fn from_bits(bits: u32) -> NameFlags {
        NameFlags(bits)
    }

    pub const fn contains(self, other: NameFlags) -> bool {
        self.0 & other.0 == other.0
    }

    pub const fn intersects(self, other: NameFlags) -> bool {
        self.0 & other.0 != 0
    }
}

impl std::ops::BitOr for NameFlags {
    type Output = NameFlags;
    fn bitor(self, rhs: NameFlags) -> NameFlags {
        NameFlags(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for NameFlags {
    fn bitor_assign(&mut self, rhs: NameFlags) {
        self.0 |= rhs.0;
    }
}

impl std::fmt::Debug for NameFlags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = NameFlags::NAMES
            .iter()
            .filter(|(flag, _)| self.contains(*flag))
            .map(|(_, n)| *n)
            .collect();
        write!(f, "NameFlags({})", names.join("|"))
    }
}

impl std::fmt::Display for NameFlags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = NameFlags::NAMES
            .iter()
            .filter(|(flag, _)| self.contains(*flag))
            .map(|(_, n)| *n)
            .collect();
        f.write_str(&names.join(","))
    }
}
