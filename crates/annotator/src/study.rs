//! Study design and context of a sentence: design, species, injury
//! models, cell lines, trial phase, sample size and registry ids.
//!
//! Words are matched on tokens, so "DEN" matches and "den" or "garden" do
//! not; identifiers come from the sentence's entity annotations where the
//! entity stage found them, and from the small tables below otherwise.

use briefing_model::{Concept, Entity, EntityType, Study, StudyDesign};

use crate::claims::tokens::{Token, TokenKind, tokenize};

/// Species words → (name, NCBITaxon id).
const SPECIES: &[(&[&str], &str, &str)] = &[
    (
        &["mouse", "mice", "murine"],
        "Mus musculus",
        "NCBITaxon:10090",
    ),
    (&["rat", "rats"], "Rattus norvegicus", "NCBITaxon:10116"),
    (
        &["pig", "pigs", "porcine", "swine", "minipig", "minipigs"],
        "Sus scrofa",
        "NCBITaxon:9823",
    ),
    (
        &["dog", "dogs", "canine"],
        "Canis lupus familiaris",
        "NCBITaxon:9615",
    ),
    (
        &["rabbit", "rabbits"],
        "Oryctolagus cuniculus",
        "NCBITaxon:9986",
    ),
    (&["rhesus"], "Macaca mulatta", "NCBITaxon:9544"),
    (&["cynomolgus"], "Macaca fascicularis", "NCBITaxon:9541"),
    (&["sheep", "ovine"], "Ovis aries", "NCBITaxon:9940"),
    (&["zebrafish"], "Danio rerio", "NCBITaxon:7955"),
    (
        &[
            "patient",
            "patients",
            "human",
            "humans",
            "participants",
            "volunteers",
            "children",
            "adults",
        ],
        "Homo sapiens",
        "NCBITaxon:9606",
    ),
];

/// Injury models: token sequences (lowercase; a `=` prefix matches case
/// exactly) → (name, ids).
const MODELS: &[(&[&str], &str, &str)] = &[
    (&["ccl4"], "CCl4", "MESH:D002251"),
    (&["carbon", "tetrachloride"], "CCl4", "MESH:D002251"),
    (&["bile", "duct", "ligation"], "bile duct ligation", ""),
    (&["=BDL"], "bile duct ligation", ""),
    (&["diethylnitrosamine"], "DEN", "MESH:D004052"),
    (&["=DEN"], "DEN", "MESH:D004052"),
    (&["acetaminophen"], "acetaminophen", "MESH:D000082"),
    (&["paracetamol"], "acetaminophen", "MESH:D000082"),
    (&["=APAP"], "acetaminophen", "MESH:D000082"),
    (&["concanavalin", "a"], "concanavalin A", "MESH:D003208"),
    (&["=ConA"], "concanavalin A", "MESH:D003208"),
    (&["=Con", "=A"], "concanavalin A", "MESH:D003208"),
    (&["methionine-choline-deficient"], "MCD diet", ""),
    (
        &["methionine", "-", "and", "choline-deficient"],
        "MCD diet",
        "",
    ),
    (&["=MCD"], "MCD diet", ""),
    (&["thioacetamide"], "thioacetamide", "MESH:D013853"),
    (&["=TAA"], "thioacetamide", "MESH:D013853"),
    (&["d-galactosamine"], "D-galactosamine", "MESH:D005688"),
    (&["d-galn"], "D-galactosamine", "MESH:D005688"),
    (
        &["lipopolysaccharide"],
        "lipopolysaccharide",
        "MESH:D008070",
    ),
    (&["=LPS"], "lipopolysaccharide", "MESH:D008070"),
    (&["high-fat", "diet"], "high-fat diet", ""),
    (&["=HFD"], "high-fat diet", ""),
    (&["partial", "hepatectomy"], "partial hepatectomy", ""),
    (&["ischemia-reperfusion"], "ischemia-reperfusion", ""),
    (
        &["ischemia", "/", "reperfusion"],
        "ischemia-reperfusion",
        "",
    ),
];

/// Cell lines (Cellosaurus), for sentences the entity stage left bare.
const CELL_LINES: &[(&[&str], &str, &str)] = &[
    (&["lx-2", "lx2"], "LX-2", "CVCL_5792"),
    (&["hepg2", "hep-g2"], "Hep-G2", "CVCL_0027"),
    (&["huh7", "huh-7"], "Huh-7", "CVCL_0336"),
    (&["l-02", "l02", "lo2"], "L-02", "CVCL_6926"),
    (&["hsc-t6"], "HSC-T6", "CVCL_0315"),
    (&["heparg"], "HepaRG", "CVCL_9720"),
];

const ROMAN: &[(&str, &str)] = &[("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV")];

/// A noun that makes "animal" before it mean experiments on animals.
fn is_animal_study_noun(next: &str) -> bool {
    matches!(
        next,
        "model"
            | "models"
            | "study"
            | "studies"
            | "experiment"
            | "experiments"
            | "experimentation"
            | "data"
            | "work"
            | "research"
            | "testing"
            | "tests"
            | "trial"
            | "trials"
            | "evidence"
            | "cohort"
            | "cohorts"
            | "groups"
            | "subjects"
    )
}

/// Whether "animals" at `i` names the taxon: of its relatives, ancestors,
/// origins or evolution, or beside other kingdoms ("animals and plants",
/// "fungi and animals").
fn animals_as_taxon(lower: &[&str], i: usize) -> bool {
    const KINGDOMS: [&str; 6] = ["plants", "fungi", "algae", "bacteria", "protists", "yeast"];
    let before = |k: usize| {
        i.checked_sub(k)
            .and_then(|j| lower.get(j))
            .copied()
            .unwrap_or("")
    };
    let after = |k: usize| lower.get(i + k).copied().unwrap_or("");
    (before(1) == "of"
        && matches!(
            before(2),
            "relatives"
                | "relative"
                | "ancestor"
                | "ancestors"
                | "origin"
                | "origins"
                | "evolution"
                | "ancestry"
                | "diversity"
                | "lineages"
                | "lineage"
        ))
        || (matches!(after(1), "and" | "or" | ",") && KINGDOMS.contains(&after(2)))
        || (matches!(before(1), "and" | "or" | ",") && KINGDOMS.contains(&before(2)))
}

fn at(tokens: &[Token], i: usize) -> &str {
    tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("")
}

/// `s` is `word` followed by a hyphen and more: "CCl4-induced".
fn hyphen_prefixed(s: &str, word: &str) -> bool {
    s.strip_prefix(word)
        .is_some_and(|rest| rest.starts_with('-'))
}

fn seq_at(text: &str, tokens: &[Token], i: usize, seq: &[&str]) -> bool {
    // A one-word model also matches as a prefix: "CCl4-induced".
    let single = seq.len() == 1;
    seq.iter()
        .enumerate()
        .all(|(k, w)| match tokens.get(i + k) {
            Some(t) => {
                let original = &text[t.start..t.end];
                match w.strip_prefix('=') {
                    Some(exact) => {
                        original == exact || (single && hyphen_prefixed(original, exact))
                    }
                    None => t.lower == *w || (single && hyphen_prefixed(&t.lower, w)),
                }
            }
            None => false,
        })
}

fn push(list: &mut Vec<Concept>, name: &str, id: &str) {
    if !list.iter().any(|c| c.name == name) {
        list.push(Concept {
            name: name.to_owned(),
            ids: if id.is_empty() {
                vec![]
            } else {
                vec![id.to_owned()]
            },
        });
    }
}

fn phase(tokens: &[Token], i: usize) -> Option<String> {
    // "phase I", "phase I/II", "phase 2", "phase II-III", "phase IIa".
    let norm = |w: &str| -> Option<String> {
        let w = w.trim_end_matches(['a', 'b']);
        let r = ROMAN
            .iter()
            .find(|(d, r)| *d == w || r.eq_ignore_ascii_case(w))
            .map(|(_, r)| (*r).to_owned());
        r.or_else(|| {
            let (a, b) = w.split_once('-')?;
            Some(format!(
                "{}/{}",
                ROMAN
                    .iter()
                    .find(|(d, r)| *d == a || r.eq_ignore_ascii_case(a))?
                    .1,
                ROMAN
                    .iter()
                    .find(|(d, r)| *d == b || r.eq_ignore_ascii_case(b))?
                    .1
            ))
        })
    };
    let first = norm(at(tokens, i + 1))?;
    if matches!(at(tokens, i + 2), "/" | "-" | "–")
        && let Some(second) = norm(at(tokens, i + 3))
    {
        return Some(format!("{first}/{second}"));
    }
    Some(first)
}

/// The study context of one sentence. `entities` are the entity mentions
/// inside it.
pub fn study_of(text: &str, entities: &[&Entity]) -> Study {
    study_in_tokens(text, &tokenize(text), entities)
}

/// [`study_of`] on the sentence's tokens, for a caller that has them.
pub(crate) fn study_in_tokens(text: &str, tokens: &[Token], entities: &[&Entity]) -> Study {
    let mut st = Study::default();
    let mut designs: Vec<StudyDesign> = Vec::new();
    let lower: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    let has = |w: &str| lower.contains(&w);
    for i in 0..tokens.len() {
        let w = lower[i];
        let next = at(tokens, i + 1);
        match w {
            "meta-analysis" | "meta-analyses" | "metaanalysis" => {
                designs.push(StudyDesign::MetaAnalysis)
            }
            "systematic" if next == "review" || next == "reviews" => {
                designs.push(StudyDesign::SystematicReview)
            }
            "randomized" | "randomised" | "placebo-controlled" | "double-blind" => {
                designs.push(StudyDesign::RandomizedControlledTrial)
            }
            // "RCT" also abbreviates other things ("random conical tilt").
            "rct" | "rcts"
                if has("trial") || has("trials") || has("patients") || has("randomized") =>
            {
                designs.push(StudyDesign::RandomizedControlledTrial)
            }
            "trial" | "trials" if i > 0 && !matches!(lower[i - 1], "preclinical" | "animal") => {
                designs.push(StudyDesign::ClinicalTrial)
            }
            "phase" => {
                if let Some(p) = phase(tokens, i) {
                    st.phase.get_or_insert(p);
                    designs.push(StudyDesign::ClinicalTrial);
                }
            }
            "cohort" | "retrospective" | "prospective" | "observational" | "case-control"
            | "cross-sectional" => designs.push(StudyDesign::Observational),
            "case" if next == "series" => designs.push(StudyDesign::CaseSeries),
            "case" if next == "report" || next == "reports" => {
                designs.push(StudyDesign::CaseReport)
            }
            "organoid" | "organoids" => designs.push(StudyDesign::Organoid),
            "primary"
                if matches!(
                    next,
                    "hepatocytes"
                        | "cells"
                        | "culture"
                        | "cultures"
                        | "human"
                        | "mouse"
                        | "rat"
                        | "macrophages"
                        | "hscs"
                ) =>
            {
                designs.push(StudyDesign::PrimaryCells)
            }
            "vitro" if i > 0 && lower[i - 1] == "in" => designs.push(StudyDesign::InVitro),
            "vivo" if i > 0 && lower[i - 1] == "in" => designs.push(StudyDesign::Animal),
            "preclinical" => designs.push(StudyDesign::Animal),
            // Animals as the subjects of experiments, not as a taxon
            // ("animal health", "the closest relatives of animals",
            // "animals and plants"), which texts outside pharmacology
            // mention as often.
            "animal" if is_animal_study_noun(next) => designs.push(StudyDesign::Animal),
            "animals" if !animals_as_taxon(&lower, i) => designs.push(StudyDesign::Animal),
            "co-culture" | "co-cultured" | "coculture" => designs.push(StudyDesign::InVitro),
            "cell" if next == "line" || next == "lines" => designs.push(StudyDesign::InVitro),
            "n" if next == "=" => {
                if let Some(n) = tokens
                    .get(i + 2)
                    .filter(|t| t.kind == TokenKind::Number)
                    .and_then(|t| t.lower.replace(',', "").parse().ok())
                {
                    st.n.get_or_insert(n);
                }
            }
            _ => {}
        }
        // "40 patients", "120 mice".
        if tokens[i].kind == TokenKind::Number
            && next == ","
            && tokens.get(i + 2).is_some_and(|t| {
                t.kind == TokenKind::Number && t.lower.len() == 3 && t.start == tokens[i + 1].end
            })
            && i >= 2
            && lower[i - 1] == "="
            && lower[i - 2] == "n"
        {
            // "n = 1,024": the tokenizer split the thousands.
            if let Ok(n) = format!("{w}{}", lower[i + 2]).parse::<u64>() {
                st.n = Some(n);
            }
        }
        if tokens[i].kind == TokenKind::Number
            && matches!(
                next,
                "patients"
                    | "participants"
                    | "subjects"
                    | "individuals"
                    | "cases"
                    | "volunteers"
                    | "children"
                    | "adults"
                    | "mice"
                    | "rats"
                    | "animals"
            )
            && let Ok(n) = w.replace(',', "").parse::<u64>()
        {
            st.n.get_or_insert(n);
        }
        let original = &text[tokens[i].start..tokens[i].end];
        if w.len() == 11 && w.starts_with("nct") && w[3..].bytes().all(|b| b.is_ascii_digit())
            || w.starts_with("chictr")
            || (w.starts_with("isrctn") && w.len() > 6)
        {
            if !st.registry_ids.iter().any(|r| r == original) {
                st.registry_ids.push(original.to_owned());
            }
            designs.push(StudyDesign::ClinicalTrial);
        }
        for (words, name, id) in SPECIES {
            if words.contains(&w) {
                push(&mut st.species, name, id);
            }
        }
        for (seq, name, id) in MODELS {
            if seq_at(text, tokens, i, seq) {
                push(&mut st.models, name, id);
            }
        }
        for (words, name, id) in CELL_LINES {
            if words.contains(&w) {
                push(&mut st.cell_lines, name, id);
            }
        }
    }
    for e in entities {
        match e.kind {
            // Cell line names carry a capital ("LX-2", "HeLa"); bare
            // numbers and common words tagged as cell lines are noise.
            EntityType::CellLine
                if e.text.chars().any(|c| c.is_uppercase())
                    && e.text.chars().any(char::is_alphabetic)
                    && !st
                        .cell_lines
                        .iter()
                        .any(|c| c.ids.iter().any(|i| e.ids.contains(i))) =>
            {
                st.cell_lines.push(Concept {
                    name: e.text.clone(),
                    ids: e.ids.clone(),
                });
            }
            EntityType::Species => {
                if let Some(id) = e.ids.first()
                    && !st.species.iter().any(|c| c.ids.contains(id))
                {
                    st.species.push(Concept {
                        name: e.name.clone().unwrap_or_else(|| e.text.clone()),
                        ids: e.ids.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    if !st.cell_lines.is_empty() {
        designs.push(StudyDesign::InVitro);
    }
    // Animal work: a laboratory animal of the table (bacteria, yeast or
    // plants named in a sentence are not animal models).
    let animal = st.species.iter().any(|c| {
        c.ids
            .iter()
            .any(|i| i != "NCBITaxon:9606" && SPECIES.iter().any(|(_, _, id)| id == i))
    });
    if animal
        || !st.models.is_empty() && (has("model") || has("models") || has("induced") || animal)
    {
        designs.push(StudyDesign::Animal);
    }
    if designs.is_empty()
        && st
            .species
            .iter()
            .any(|c| c.ids.iter().any(|i| i == "NCBITaxon:9606"))
        && (has("patients") || has("participants"))
        && st.n.is_some()
    {
        designs.push(StudyDesign::Observational);
    }
    // The strongest design named wins ("a meta-analysis of RCTs").
    st.design = designs.into_iter().max();
    st
}

/// Whether a sentence refers back to a study described before it.
pub fn is_anaphoric(text: &str) -> bool {
    let tokens = tokenize(text);
    let first: Vec<&str> = tokens.iter().take(4).map(|t| t.lower.as_str()).collect();
    matches!(
        first.as_slice(),
        [
            "in",
            "this" | "that" | "these" | "the" | "their",
            "study" | "trial" | "model" | "models" | "cohort" | "work" | "setting",
            ..
        ]
    ) || matches!(
        first.as_slice(),
        [
            "these" | "those" | "the",
            "mice"
                | "rats"
                | "patients"
                | "animals"
                | "cells"
                | "authors"
                | "investigators"
                | "trial"
                | "study",
            ..
        ]
    ) || matches!(
        first.as_slice(),
        [
            "they"
                | "similarly"
                | "likewise"
                | "moreover"
                | "furthermore"
                | "additionally"
                | "here",
            ..
        ]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        let s = study_of(input, &[]);
        let names = |v: &[Concept]| {
            v.iter()
                .map(|c| {
                    format!(
                        "{}{}",
                        c.name,
                        c.ids.first().map(|i| format!("={i}")).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join(",")
        };
        let got = format!(
            "{:?} species[{}] models[{}] lines[{}] phase {:?} n {:?} reg {:?}",
            s.design,
            names(&s.species),
            names(&s.models),
            names(&s.cell_lines),
            s.phase,
            s.n,
            s.registry_ids
        );
        assert_eq!(got, expect, "study of {input:?}");
    }

    #[test]
    fn designs_and_context() {
        check(
            "In CCl4-induced fibrotic mice, MSCs reduced collagen.",
            "Some(Animal) species[Mus musculus=NCBITaxon:10090] models[CCl4=MESH:D002251] lines[] phase None n None reg []",
        );
        check(
            "In mice treated with CCl4, MSCs reduced collagen deposition.",
            "Some(Animal) species[Mus musculus=NCBITaxon:10090] models[CCl4=MESH:D002251] lines[] phase None n None reg []",
        );
        check(
            "A phase I/II trial (NCT01234567) enrolled 40 patients with cirrhosis.",
            "Some(ClinicalTrial) species[Homo sapiens=NCBITaxon:9606] models[] lines[] phase Some(\"I/II\") n Some(40) reg [\"NCT01234567\"]",
        );
        check(
            "MSC-EVs inhibited LX-2 cell activation in vitro.",
            "Some(InVitro) species[] models[] lines[LX-2=CVCL_5792] phase None n None reg []",
        );
        check(
            "A meta-analysis of randomized controlled trials (n = 1,024) found benefit.",
            "Some(MetaAnalysis) species[] models[] lines[] phase None n Some(1024) reg []",
        );
        check(
            "Rats with bile duct ligation received MSCs.",
            "Some(Animal) species[Rattus norvegicus=NCBITaxon:10116] models[bile duct ligation] lines[] phase None n None reg []",
        );
        check(
            "MSCs secrete HGF.",
            "None species[] models[] lines[] phase None n None reg []",
        );
        // Animals as experimental subjects...
        check(
            "MSCs reduced fibrosis in animal models.",
            "Some(Animal) species[] models[] lines[] phase None n None reg []",
        );
        check(
            "Most studies used young animals of one sex.",
            "Some(Animal) species[] models[] lines[] phase None n None reg []",
        );
        // ... not as a taxon.
        check(
            "Bacterial molecules exert profound influences on animal health.",
            "None species[] models[] lines[] phase None n None reg []",
        );
        check(
            "Choanoflagellates are the closest living relatives of animals.",
            "None species[] models[] lines[] phase None n None reg []",
        );
        check(
            "Bacteria regulate development in animals and plants.",
            "None species[] models[] lines[] phase None n None reg []",
        );
    }

    #[test]
    fn anaphora() {
        assert!(is_anaphoric("In this study, the authors found..."));
        assert!(is_anaphoric("These mice showed less fibrosis."));
        assert!(!is_anaphoric("MSCs secrete HGF."));
    }
}
