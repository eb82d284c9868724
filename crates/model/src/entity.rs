//! Entity mentions and abbreviations.

use serde::{Deserialize, Serialize};

use crate::Span;

/// The six entity types of briefing, plus `Other` for annotations an input
/// carries outside them (kept for faithful round trips).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum EntityType {
    Gene,
    Disease,
    Chemical,
    Species,
    CellLine,
    CellType,
    #[default]
    Other,
}

impl EntityType {
    /// The six proper types, in a fixed order.
    pub const ALL: [EntityType; 6] = [
        EntityType::Gene,
        EntityType::Disease,
        EntityType::Chemical,
        EntityType::Species,
        EntityType::CellLine,
        EntityType::CellType,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            EntityType::Gene => "Gene",
            EntityType::Disease => "Disease",
            EntityType::Chemical => "Chemical",
            EntityType::Species => "Species",
            EntityType::CellLine => "CellLine",
            EntityType::CellType => "CellType",
            EntityType::Other => "Other",
        }
    }

    /// The type's number in binary files (compiled lexicons, tagger
    /// models): fixed, so files stay readable when variants are added.
    pub fn code(self) -> u8 {
        match self {
            EntityType::Gene => 0,
            EntityType::Disease => 1,
            EntityType::Chemical => 2,
            EntityType::Species => 3,
            EntityType::CellLine => 4,
            EntityType::CellType => 5,
            EntityType::Other => 6,
        }
    }

    /// The type numbered `code` by [`EntityType::code`], if any.
    pub fn from_code(code: u8) -> Option<EntityType> {
        Some(match code {
            0 => EntityType::Gene,
            1 => EntityType::Disease,
            2 => EntityType::Chemical,
            3 => EntityType::Species,
            4 => EntityType::CellLine,
            5 => EntityType::CellType,
            6 => EntityType::Other,
            _ => return None,
        })
    }

    /// Parses the type names used here and the usual corpus labels
    /// (case-insensitive): `Gene`, `protein`, `DNA`, `Disease`,
    /// `SpecificDisease`, `Chemical`, `Species`, `cell_line`, `cell_type`, ...
    pub fn parse(label: &str) -> Option<EntityType> {
        let l = label.to_ascii_lowercase().replace(['_', '-', ' '], "");
        Some(match l.as_str() {
            "gene" | "protein" | "dna" | "rna" | "geneorgeneproduct" | "pr" => EntityType::Gene,
            "disease" | "specificdisease" | "diseaseclass" | "compositemention" | "modifier"
            | "mondo" => EntityType::Disease,
            "chemical" | "chebi" | "drug" => EntityType::Chemical,
            "species" | "organism" | "ncbitaxon" | "taxon" => EntityType::Species,
            "cellline" => EntityType::CellLine,
            "celltype" | "cl" => EntityType::CellType,
            "other" => EntityType::Other,
            _ => return None,
        })
    }
}

impl std::fmt::Display for EntityType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who produced an annotation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Present in the input (the seed's entity lists, PubTator or BioC
    /// annotations).
    Input,
    /// Found by dictionary lookup.
    #[default]
    Lexicon,
    /// Propagated from an abbreviation definition.
    Abbreviation,
    /// Found by a trained model or a context rule.
    Model,
}

/// An entity mention (with offsets) or a document-level entity (without).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Entity {
    /// `T1`, `T2`, ... in document order.
    pub id: String,
    pub text: String,
    pub start: Option<usize>,
    pub end: Option<usize>,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Identifiers as CURIEs: `NCBIGene:3082`, `MESH:D008107`, `CL:0000632`,
    /// `CHEBI:15377`, `NCBITaxon:10090`, `CVCL_5792`, `MONDO:0005154`.
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub origin: Origin,
    /// The preferred name of the concept, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
    /// Other readings of an ambiguous mention (another type, other ids).
    /// Empty when the mention is unambiguous.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
    /// The annotation exactly as the input gave it, for faithful round trips.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<InputAnnotation>,
}

impl Entity {
    /// The mention's span, for entities with offsets.
    pub fn span(&self) -> Option<Span> {
        Some(Span::new(self.start?, self.end?))
    }
}

/// One reading of an ambiguous mention.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Candidate {
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// An annotation's label and identifier as written in the input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InputAnnotation {
    /// E.g. `SpecificDisease`, `Chemical`.
    pub label: String,
    /// E.g. `D003920`, `OMIM:222100|D003924`, `-1`; empty when none.
    #[serde(default)]
    pub id: String,
    /// Any further fields of the input line, verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<String>,
}

/// An abbreviation defined in the document: "hepatocyte growth factor (HGF)".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Abbreviation {
    pub short: String,
    pub long: String,
    /// Where the short form is defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// The type and identifiers of the long form, when it is an entity;
    /// every later use of the short form gets them.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EntityType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::EntityType;

    #[test]
    fn codes_are_fixed_and_read_back() {
        let all = [EntityType::ALL.as_slice(), &[EntityType::Other]].concat();
        let codes: Vec<u8> = all.iter().map(|t| t.code()).collect();
        // Written in compiled lexicons and tagger models: never renumbered.
        assert_eq!(codes, [0, 1, 2, 3, 4, 5, 6]);
        for t in all {
            assert_eq!(EntityType::from_code(t.code()), Some(t));
        }
        assert_eq!(EntityType::from_code(7), None);
    }
}
