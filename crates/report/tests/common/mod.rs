//! Documents built in code for the report tests: a small realistic review
//! and a hostile one whose every text field tries to break out.

#![allow(dead_code)]

use briefing_model::{
    Argument, Certainty, Claim, ClaimCategory, Concept, Document, Entity, EntityType, Evidence,
    Factor, InputFormat, Metadata, Origin, Passage, Reference, Relation, RelationKind, Section,
    SectionKind, Sentence, SentenceRef, Source, Study, StudyDesign, Tier,
};

/// Builds a document from sections of sentences, computing offsets.
pub struct Builder {
    pub doc: Document,
}

impl Builder {
    pub fn new(id: &str, title: &str) -> Self {
        let mut doc = Document::new(id);
        doc.metadata = Metadata {
            title: Some(title.into()),
            ..Metadata::default()
        };
        Builder { doc }
    }

    /// Adds a section with one passage of sentences, each with its
    /// citations. Returns the sentence ids.
    pub fn section(
        &mut self,
        title: &str,
        kind: SectionKind,
        sentences: &[(&str, &[&str])],
    ) -> Vec<String> {
        let doc = &mut self.doc;
        if !doc.text.is_empty() {
            doc.text.push_str("\n\n");
        }
        let start = doc.text.len();
        let mut out = Vec::new();
        let mut sents = Vec::new();
        for (i, (text, cites)) in sentences.iter().enumerate() {
            if i > 0 {
                doc.text.push(' ');
            }
            let s = doc.text.len();
            doc.text.push_str(text);
            let id = format!("S{}", doc.sentences().count() + sents.len() + 1);
            sents.push(Sentence {
                id: id.clone(),
                text: (*text).to_owned(),
                start: s,
                end: doc.text.len(),
                citations: cites.iter().map(|c| (*c).to_owned()).collect(),
            });
            out.push(id);
        }
        let end = doc.text.len();
        doc.sections.push(Section {
            title: title.into(),
            kind,
            level: 1,
            parent: None,
            passages: vec![Passage {
                start,
                end,
                source_offset: None,
            }],
            sentences: sents,
        });
        out
    }

    pub fn sentence(&self, id: &str) -> (usize, &Sentence) {
        self.doc
            .sentences()
            .find(|(_, s)| s.id == id)
            .expect("sentence")
    }

    /// A claim over a whole sentence.
    pub fn claim(&mut self, category: ClaimCategory, sentence: &str) -> &mut Claim {
        let (section, s) = self.sentence(sentence);
        let claim = Claim {
            id: format!("C{}", self.doc.claims.len() + 1),
            category,
            text: s.text.clone(),
            start: s.start,
            end: s.end,
            sentence: SentenceRef {
                id: s.id.clone(),
                section,
                start: s.start,
                end: s.end,
            },
            subject: None,
            relation: None,
            object: None,
            items: vec![],
            hedged: false,
            negated: false,
            cues: vec![],
            study: Study::default(),
            citations: s.citations.clone(),
            evidence: None,
        };
        self.doc.claims.push(claim);
        self.doc.claims.last_mut().expect("claim")
    }

    /// An entity mention: the first occurrence of `text` in the document.
    pub fn mention(&mut self, text: &str, kind: EntityType, ids: &[&str]) {
        let mut from = 0;
        while let Some(pos) = self.doc.text[from..].find(text) {
            let start = from + pos;
            let n = self.doc.entities.len() + 1;
            self.doc.entities.push(Entity {
                id: format!("T{n}"),
                text: text.into(),
                start: Some(start),
                end: Some(start + text.len()),
                kind,
                ids: ids.iter().map(|i| (*i).to_owned()).collect(),
                ..Entity::default()
            });
            from = start + text.len();
        }
    }

    /// A document-level entity, as input entity lists give them.
    pub fn listed(&mut self, text: &str, name: Option<&str>, kind: EntityType, ids: &[&str]) {
        let n = self.doc.entities.len() + 1;
        self.doc.entities.push(Entity {
            id: format!("T{n}"),
            text: text.into(),
            kind,
            ids: ids.iter().map(|i| (*i).to_owned()).collect(),
            origin: Origin::Input,
            name: name.map(str::to_owned),
            ..Entity::default()
        });
    }

    pub fn build(mut self) -> Document {
        self.doc
            .entities
            .sort_by_key(|e| (e.start.is_none(), e.start, e.end));
        self.doc
    }
}

pub fn arg(text: &str, kind: EntityType, ids: &[&str]) -> Option<Argument> {
    Some(Argument {
        text: text.into(),
        kind: Some(kind),
        ids: ids.iter().map(|i| (*i).to_owned()).collect(),
        start: None,
        end: None,
    })
}

pub fn evidence(
    score: f64,
    certainty: Certainty,
    tier: Tier,
    factors: &[(&str, f64, &str, &[&str])],
) -> Option<Evidence> {
    Some(Evidence {
        score,
        certainty,
        tier,
        breakdown: factors
            .iter()
            .map(|(name, value, detail, items)| Factor {
                name: (*name).into(),
                value: *value,
                detail: (*detail).into(),
                items: items.iter().map(|i| (*i).to_owned()).collect(),
            })
            .collect(),
        ..Evidence::default()
    })
}

#[allow(clippy::too_many_arguments)]
fn reference(
    id: &str,
    label: &str,
    authors: &[&str],
    year: i32,
    title: &str,
    journal: &str,
    doi: &str,
    pmid: &str,
) -> Reference {
    Reference {
        id: id.into(),
        label: Some(label.into()),
        authors: authors.iter().map(|a| (*a).to_owned()).collect(),
        title: Some(title.into()),
        year: Some(year),
        journal: Some(journal.into()),
        doi: Some(doi.into()),
        pmid: Some(pmid.into()),
        pmcid: None,
        text: None,
    }
}

/// A small review about stromal cells and liver fibrosis, written for these
/// tests, annotated and scored by hand.
pub fn sample() -> Document {
    let mut b = Builder::new(
        "sample-review",
        "Stromal cell therapy for liver fibrosis: mechanisms and clinical evidence",
    );
    b.doc.source = Source {
        path: Some("reviews/sample-review.txt".into()),
        format: InputFormat::Text,
        index: None,
    };
    b.doc.metadata.authors = vec!["Ana Ruiz".into(), "Bo Chen".into(), "Carla Diaz".into()];
    b.doc.metadata.journal = Some("Journal of Test Hepatology".into());
    b.doc.metadata.date = Some("2025-03-14".into());
    b.doc.metadata.doi = Some("10.1000/test.2025.001".into());
    b.doc.metadata.pmid = Some("12345678".into());
    b.doc.metadata.tldr = Some("Stromal cells act on fibrosis through secreted factors; early trials are encouraging but cell homing and standardization limit them.".into());
    b.section(
        "Abstract",
        SectionKind::Abstract,
        &[
            ("Mesenchymal stromal cells (MSCs) secrete hepatocyte growth factor (HGF), which inhibits hepatic stellate cell activation.", &["R1", "R2"]),
            ("In rodent models of CCl4-induced fibrosis, MSC infusion reduced collagen deposition and improved liver function.", &["R3"]),
        ],
    );
    b.section(
        "Clinical studies",
        SectionKind::Results,
        &[
            ("A phase II trial (NCT01234567) in 40 patients with decompensated cirrhosis reported improved MELD scores.", &["R4"]),
            ("MSCs did not induce tumours in any of the animal studies reviewed.", &["R3"]),
        ],
    );
    b.section(
        "Challenges and outlook",
        SectionKind::Discussion,
        &[
            ("Poor homing, donor heterogeneity and the lack of standardized manufacturing remain major bottlenecks.", &[]),
            ("Engineered extracellular vesicles may offer a cell-free alternative.", &["R2"]),
            ("MSC-derived IL-10 promotes M2 macrophage polarization.", &["R5"]),
        ],
    );
    let c = b.claim(ClaimCategory::Mechanism, "S1");
    c.subject = arg("MSCs", EntityType::CellType, &["CL:0000134"]);
    c.relation = Some(Relation {
        kind: RelationKind::Secretion,
        text: "secrete".into(),
    });
    c.object = arg("HGF", EntityType::Gene, &["NCBIGene:3082"]);
    c.evidence = evidence(
        0.58,
        Certainty::Moderate,
        Tier::RodentModel,
        &[
            (
                "tier_prior",
                0.5,
                "rodent model evidence behind the cited studies",
                &["R1"],
            ),
            (
                "independent_refs",
                0.08,
                "two independent references",
                &["R1", "R2"],
            ),
        ],
    );
    let c = b.claim(ClaimCategory::Mechanism, "S1");
    c.subject = arg("HGF", EntityType::Gene, &["NCBIGene:3082"]);
    c.relation = Some(Relation {
        kind: RelationKind::Inhibition,
        text: "inhibits".into(),
    });
    c.object = arg(
        "hepatic stellate cell activation",
        EntityType::CellType,
        &["CL:0000632"],
    );
    c.evidence = evidence(
        0.52,
        Certainty::Low,
        Tier::InVitroCellLine,
        &[("tier_prior", 0.45, "cell line evidence", &["R2"])],
    );
    let c = b.claim(ClaimCategory::Outcome, "S2");
    c.study = Study {
        design: Some(StudyDesign::Animal),
        species: vec![Concept {
            name: "mouse".into(),
            ids: vec!["NCBITaxon:10090".into()],
        }],
        models: vec![Concept {
            name: "CCl4".into(),
            ids: vec!["MESH:D002251".into()],
        }],
        ..Study::default()
    };
    c.evidence = evidence(
        0.61,
        Certainty::Moderate,
        Tier::RodentModel,
        &[("tier_prior", 0.55, "rodent model", &["R3"])],
    );
    let c = b.claim(ClaimCategory::Outcome, "S3");
    c.study = Study {
        design: Some(StudyDesign::ClinicalTrial),
        phase: Some("II".into()),
        n: Some(40),
        registry_ids: vec!["NCT01234567".into()],
        ..Study::default()
    };
    c.evidence = evidence(
        0.72,
        Certainty::Moderate,
        Tier::PhaseII,
        &[
            ("tier_prior", 0.7, "phase II trial", &["R4"]),
            ("sample_size", 0.02, "40 participants", &[]),
        ],
    );
    let c = b.claim(ClaimCategory::Outcome, "S4");
    c.negated = true;
    c.cues = vec!["did not".into()];
    c.evidence = evidence(
        0.4,
        Certainty::Low,
        Tier::RodentModel,
        &[("negation", -0.1, "negated finding", &[])],
    );
    let c = b.claim(ClaimCategory::Bottleneck, "S5");
    c.items = vec![
        "poor homing".into(),
        "donor heterogeneity".into(),
        "lack of standardized manufacturing".into(),
    ];
    c.evidence = evidence(
        0.2,
        Certainty::VeryLow,
        Tier::Uncited,
        &[("tier_prior", 0.2, "no citation", &[])],
    );
    let c = b.claim(ClaimCategory::Strategy, "S6");
    c.hedged = true;
    c.cues = vec!["may".into()];
    c.evidence = evidence(
        0.35,
        Certainty::Low,
        Tier::ReviewAssertion,
        &[
            ("tier_prior", 0.45, "review assertion", &["R2"]),
            ("hedging", -0.1, "hedged by \"may\"", &["S6"]),
        ],
    );
    let c = b.claim(ClaimCategory::Mechanism, "S7");
    c.subject = arg("IL-10", EntityType::Gene, &["NCBIGene:3586"]);
    c.relation = Some(Relation {
        kind: RelationKind::Polarization,
        text: "promotes ... polarization".into(),
    });
    c.object = arg("M2 macrophages", EntityType::CellType, &["CL:0000890"]);
    b.mention("MSCs", EntityType::CellType, &["CL:0000134"]);
    b.mention(
        "hepatocyte growth factor",
        EntityType::Gene,
        &["NCBIGene:3082"],
    );
    b.mention("HGF", EntityType::Gene, &["NCBIGene:3082"]);
    b.mention(
        "hepatic stellate cell",
        EntityType::CellType,
        &["CL:0000632"],
    );
    b.mention("CCl4", EntityType::Chemical, &["MESH:D002251"]);
    b.mention("cirrhosis", EntityType::Disease, &["MESH:D005355"]);
    b.mention("IL-10", EntityType::Gene, &["NCBIGene:3586"]);
    b.listed(
        "Mus musculus",
        Some("house mouse"),
        EntityType::Species,
        &["NCBITaxon:10090"],
    );
    b.listed("LX-2", None, EntityType::CellLine, &["CVCL_5792"]);
    b.doc.references = vec![
        reference(
            "R1",
            "1",
            &["Kim S", "Park J"],
            2019,
            "HGF from stromal cells limits stellate cell activation",
            "Hepatol Res",
            "10.1000/r1",
            "30000001",
        ),
        reference(
            "R2",
            "2",
            &["Lee H", "Zhou Y", "Wang L", "Ito K"],
            2021,
            "Vesicles from stromal cells in liver injury",
            "Cell Ther",
            "10.1000/r2",
            "30000002",
        ),
        reference(
            "R3",
            "3",
            &["Novak P"],
            2018,
            "Stromal cell infusion in CCl4 fibrosis",
            "J Hepatol Models",
            "10.1000/r3",
            "30000003",
        ),
        reference(
            "R4",
            "4",
            &["Silva M", "Costa R"],
            2022,
            "A phase II trial of stromal cells in decompensated cirrhosis",
            "Liver Trials",
            "10.1000/r4",
            "30000004",
        ),
        reference(
            "R5",
            "5",
            &["Berg T"],
            2020,
            "IL-10 and macrophage polarization",
            "Immunol Lett",
            "10.1000/r5",
            "30000005",
        ),
        Reference {
            id: "R6".into(),
            label: Some("6".into()),
            text: Some("An uncited reference given as one string, 2017.".into()),
            ..Reference::default()
        },
    ];
    b.build()
}

/// Text that tries every trick: HTML and script injection, Typst code and
/// markup, Markdown control characters, path traversal.
pub const HOSTILE: &str = r##"<script>alert(1)</script> <img src=x onerror=alert(2)> #import "@preview/evil:0.1.0": * #eval("1+1") #panic("boom") ] #{ panic() } [ $x^2$ @fig <label> \ *bold* _it_ `code` // comment /* c */ | a | b | ~~s~~ ![i](javascript:alert(3)) [l](javascript:alert(4)) ../../etc/passwd"##;

pub fn hostile() -> Document {
    let title = format!("# {HOSTILE}\n= heading\n- item");
    let mut b = Builder::new("../../evil/<id>", &title);
    b.doc.source = Source {
        path: Some("../../etc/passwd".into()),
        format: InputFormat::Text,
        index: None,
    };
    b.doc.metadata.authors = vec![HOSTILE.into(), "=Author".into()];
    b.doc.metadata.journal = Some(HOSTILE.into());
    b.doc.metadata.doi = Some("10.1000/\"><script>alert(5)</script>".into());
    b.doc.metadata.pmid = Some("javascript:alert(6)".into());
    b.doc.metadata.tldr = Some(HOSTILE.into());
    b.doc.metadata.keywords = vec![HOSTILE.into()];
    let s = format!("Sentence {HOSTILE}.");
    b.section(
        HOSTILE,
        SectionKind::Other,
        &[(&s, &["R1"]), ("1. Numbered start.", &["R9"])],
    );
    let c = b.claim(ClaimCategory::Mechanism, "S1");
    c.subject = arg(HOSTILE, EntityType::Gene, &["javascript:alert(7)"]);
    c.relation = Some(Relation {
        kind: RelationKind::Activation,
        text: HOSTILE.into(),
    });
    c.object = arg("#panic(\"target\")", EntityType::Other, &["MESH:D1\"><b>"]);
    c.cues = vec![HOSTILE.into()];
    c.hedged = true;
    c.items = vec![HOSTILE.into()];
    c.evidence = evidence(
        0.5,
        Certainty::Low,
        Tier::ReviewAssertion,
        &[(HOSTILE, 0.1, HOSTILE, &[HOSTILE])],
    );
    let c = b.claim(ClaimCategory::Outcome, "S1");
    c.study = Study {
        design: Some(StudyDesign::ClinicalTrial),
        species: vec![Concept {
            name: HOSTILE.into(),
            ids: vec![],
        }],
        phase: Some(HOSTILE.into()),
        registry_ids: vec![HOSTILE.into()],
        ..Study::default()
    };
    b.claim(ClaimCategory::Bottleneck, "S2");
    b.claim(ClaimCategory::Strategy, "S1").id = HOSTILE.into();
    b.listed(
        HOSTILE,
        Some(HOSTILE),
        EntityType::Disease,
        &["javascript:alert(8)", "MONDO:0005154"],
    );
    b.doc.references = vec![Reference {
        id: "R1".into(),
        label: Some(HOSTILE.into()),
        authors: vec![HOSTILE.into()],
        title: Some(HOSTILE.into()),
        year: Some(2020),
        journal: Some(HOSTILE.into()),
        doi: Some("javascript:alert(9)".into()),
        pmid: Some("1\"><script>".into()),
        pmcid: Some("PMC1<script>".into()),
        text: None,
    }];
    b.build()
}
