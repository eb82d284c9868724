use briefing_model::{Document, Section, SectionKind, Sentence};

use super::*;

/// A document of one section whose sentences are `sentences`.
fn doc(title: &str, sentences: &[&str]) -> Document {
    let mut d = Document::new("t");
    let mut section = Section {
        title: title.to_owned(),
        kind: SectionKind::Other,
        level: 1,
        ..Section::default()
    };
    for (k, s) in sentences.iter().enumerate() {
        let start = d.text.len();
        d.text.push_str(s);
        section.sentences.push(Sentence {
            id: format!("S{}", k + 1),
            text: (*s).to_owned(),
            start,
            end: start + s.len(),
            citations: vec![],
        });
        d.text.push(' ');
    }
    d.sections.push(section);
    d
}

/// A document of `sentences`, with its cues and claims.
fn annotated(title: &str, sentences: &[&str]) -> Document {
    let mut d = doc(title, sentences);
    crate::cues::annotate(&mut d);
    annotate(&mut d);
    d
}

/// The claims of `sentences`, one line each.
fn render(title: &str, sentences: &[&str]) -> String {
    let d = annotated(title, sentences);
    d.claims
        .iter()
        .map(|c| {
            let mut line = c.category.as_str().to_owned();
            if let (Some(s), Some(r), Some(o)) = (&c.subject, &c.relation, &c.object) {
                line.push_str(&format!(": {} -{}-> {}", s.text, r.kind.as_str(), o.text));
            } else {
                line.push_str(&format!(": {}", c.text));
            }
            if !c.items.is_empty() {
                line.push_str(&format!(" [{}]", c.items.join(" | ")));
            }
            if c.hedged {
                line.push_str(" (hedged)");
            }
            if c.negated {
                line.push_str(" (negated)");
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn check(input: &str, expect: &str) {
    assert_eq!(render("", &[input]), expect.trim(), "claims of {input:?}");
}

#[test]
fn secretion_with_purposes() {
    check(
        "MSCs exert therapeutic effects by secreting HGF, VEGF, and EVs to inhibit HSC activation, degrade fibrotic ECM, and stimulate hepatocyte proliferation.",
        "
mechanism: MSCs -secretion-> HGF
mechanism: MSCs -secretion-> VEGF
mechanism: MSCs -secretion-> EVs
mechanism: MSCs -inhibition-> HSC activation
mechanism: MSCs -degradation-> fibrotic ECM
mechanism: MSCs -activation-> hepatocyte proliferation
outcome: MSCs exert therapeutic effects by secreting HGF, VEGF, and EVs to inhibit HSC activation, degrade fibrotic ECM, and stimulate hepatocyte proliferation",
    );
}

#[test]
fn means_clause() {
    check(
        "MSCs modulate the immune microenvironment by promoting M2 macrophage polarization and suppressing T-cell activation.",
        "
mechanism: MSCs -regulation-> immune microenvironment
mechanism: MSCs -activation-> M2 macrophage polarization
mechanism: MSCs -inhibition-> T-cell activation",
    );
}

#[test]
fn passive_and_nominalization() {
    check(
        "HSC activation was inhibited by HGF.",
        "mechanism: HGF -inhibition-> HSC activation",
    );
    check(
        "MSCs contribute to the degradation of collagen by MMP-1.",
        "mechanism: MMP-1 -degradation-> collagen",
    );
    check(
        "MSCs secrete HGF, which inhibits HSC activation.",
        "mechanism: MSCs -secretion-> HGF\nmechanism: HGF -inhibition-> HSC activation",
    );
}

#[test]
fn report_frames_and_hedging() {
    check(
        "These findings suggest that MSC-derived exosomes may suppress hepatocyte apoptosis.",
        "mechanism: MSC-derived exosomes -inhibition-> hepatocyte apoptosis (hedged)",
    );
    check(
        "MSCs did not inhibit HSC activation.",
        "mechanism: MSCs -inhibition-> HSC activation (negated)",
    );
}

#[test]
fn lists_of_bottlenecks_and_strategies() {
    check(
        "However, heterogeneity in cell sources, low homing efficiency, and lack of standardized preparation protocols remain major bottlenecks for clinical application.",
        "bottleneck: heterogeneity in cell sources, low homing efficiency, and lack of standardized preparation protocols remain major bottlenecks for clinical application [heterogeneity in cell sources | low homing efficiency | lack of standardized preparation protocols]",
    );
    check(
        "Emerging strategies integrating CRISPR-based gene editing, engineered exosome delivery platforms, and biomaterial-guided localization are imperative.",
        "strategy: Emerging strategies integrating CRISPR-based gene editing, engineered exosome delivery platforms, and biomaterial-guided localization are imperative [CRISPR-based gene editing | engineered exosome delivery platforms | biomaterial-guided localization]",
    );
}

#[test]
fn outcomes_and_meta() {
    check(
        "Preclinical studies confirm that MSCs effectively restore liver function and reverse fibrosis in diverse liver injury models.",
        "outcome: Preclinical studies confirm that MSCs effectively restore liver function and reverse fibrosis in diverse liver injury models",
    );
    check(
        "This review summarizes the mechanisms of MSCs in liver regeneration.",
        "",
    );
    check(
        "Here, we discuss emerging strategies to improve MSC therapy.",
        "",
    );
    check("Liver anatomy and physiology", "");
}

#[test]
fn pronoun_subjects_resolve_to_the_previous_sentence() {
    let got = render("", &["MSCs home to injured liver.", "They secrete HGF."]);
    assert_eq!(got, "mechanism: MSCs -secretion-> HGF");
}

#[test]
fn study_context_from_the_previous_sentence() {
    let d = annotated(
        "",
        &[
            "In CCl4-treated mice, MSC infusion reduced collagen deposition.",
            "These mice also showed lower ALT levels and improved survival.",
        ],
    );
    let last = d.claims.last().expect("a claim");
    assert_eq!(last.sentence.id, "S2");
    assert_eq!(last.study.design, Some(briefing_model::StudyDesign::Animal));
}

/// The parser's work grows linearly with the input: the work counter for
/// ten times the input stays within a constant factor of ten.
#[test]
fn bounded_work_on_bad_input() {
    type Case = (&'static str, fn(usize) -> String);
    let cases: [Case; 3] = [
        ("long sentence", |n| {
            "MSCs secrete HGF, VEGF and EVs to inhibit HSC activation, ".repeat(n)
        }),
        ("nested parentheses", |n| {
            format!(
                "{}MSCs inhibit HSCs{}",
                "(".repeat(n * 10),
                ")".repeat(n * 10)
            )
        }),
        ("no verbs", |n| {
            "hepatic stellate cell fibrosis collagen, ".repeat(n)
        }),
    ];
    for (name, make) in cases {
        let work = |n: usize| {
            let text = make(n);
            parse::reset_work();
            annotated("", &[&text]);
            parse::work().max(1)
        };
        let (small, large) = (work(100), work(1000));
        assert!(
            large <= small * 15,
            "{name}: work {small} for 100 repeats but {large} for 1000"
        );
    }
}

#[test]
fn knowledge_gaps_are_not_mechanisms() {
    check(
        "How MSCs regulate HSC activation in vivo remains unknown.",
        "bottleneck: How MSCs regulate HSC activation in vivo remains unknown (hedged)",
    );
    check("Goats had lower odds of being seropositive.", "");
}

#[test]
fn correlatives_stay_one_item_and_participles_modify() {
    check(
        "These hemilineages evoked wing movements of either low or high frequency.",
        "mechanism: These hemilineages -activation-> wing movements of either low or high frequency",
    );
    check("The normally triggered holes were larger.", "");
}

#[test]
fn coordinated_verbs_and_trial_designs() {
    check(
        "In turn, M2 macrophages secrete IL-10 and produce MMPs that help resolve scar tissue.",
        "mechanism: M2 macrophages -secretion-> IL-10\nmechanism: M2 macrophages -secretion-> MMPs",
    );
    check(
        "A randomized controlled phase 2 trial enrolled 110 patients.",
        "",
    );
}

#[test]
fn coordinated_subjects_open_the_clause() {
    check(
        "Both HGF and IL-10 inhibit HSC activation.",
        "mechanism: Both HGF and IL-10 -inhibition-> HSC activation",
    );
    check(
        "In mice, HGF and IL-10 inhibit HSC activation.",
        "mechanism: HGF and IL-10 -inhibition-> HSC activation",
    );
    // An object coordination is no subject.
    check(
        "MSCs activate macrophages and IL-10 inhibits HSC activation.",
        "mechanism: MSCs -activation-> macrophages\nmechanism: IL-10 -inhibition-> HSC activation",
    );
}

#[test]
fn role_holders_findings_and_in_turn() {
    check(
        "These data suggest a role for HGF in promoting hepatocyte proliferation.",
        "mechanism: HGF -activation-> hepatocyte proliferation (hedged)",
    );
    // The study's own results are no agent.
    check(
        "These results suggest that HAC1 mRNA participates to promote its own cleavage.",
        "",
    );
    check(
        "IL-10 dampens inflammation, which in turn may affect fibrosis.",
        "mechanism: IL-10 -inhibition-> inflammation\noutcome: IL-10 dampens inflammation, which in turn may affect fibrosis (hedged)",
    );
}

#[test]
fn states_genotypes_and_modifiers() {
    // A participle without its target is a state.
    check(
        "Mutant levels are increased in differentiating lens epithelium.",
        "",
    );
    check(
        "MSCs differentiate into hepatocyte-like cells.",
        "mechanism: MSCs -differentiation-> hepatocyte-like cells",
    );
    // Mice lacking a gene: a genotype, not a bottleneck.
    check("Mice lacking Apcs develop glomerulonephritis.", "");
    check(
        "The lack of standardized protocols hampers comparison.",
        "bottleneck: The lack of standardized protocols hampers comparison (negated)",
    );
    // A phrase after a comma that starts with a preposition is no item.
    check(
        "Plasma cells produce autoantibodies against self-antigens, mainly from the nucleus.",
        "mechanism: Plasma cells -secretion-> autoantibodies against self-antigens",
    );
    // A compound noun, not a verb.
    check(
        "Hac1 activates UPR target genes.",
        "mechanism: Hac1 -activation-> UPR target genes",
    );
}

#[test]
fn a_clause_with_a_pronoun_subject_ends_the_object() {
    check(
        "A recessive allele fails to interact with wild-type AQP2 [6], here we show that it binds.",
        "mechanism: A recessive allele -binding-> wild-type AQP2 (negated)",
    );
}

#[test]
fn figure_pointers_are_not_part_of_an_agent() {
    check(
        "This distribution is not altered by forskolin (Figure 4B, bottom row, two right columns).",
        "mechanism: forskolin -regulation-> This distribution (negated)",
    );
}

#[test]
fn intransitive_uses_have_no_target() {
    check("Wnt4 XX gonads do not increase in size.", "");
    check(
        "Annexin A7 interferes with the local Ca2+ homeostasis.",
        "mechanism: Annexin A7 -inhibition-> local Ca2+ homeostasis",
    );
}

#[test]
fn cells_that_produce_cells_give_rise_to_them() {
    check(
        "The medial NB produces the pool of local GABAergic neurons.",
        "mechanism: The medial NB -differentiation-> pool of local GABAergic neurons",
    );
    check(
        "Plasma cells produce autoantibodies.",
        "mechanism: Plasma cells -secretion-> autoantibodies",
    );
}

#[test]
fn an_apposition_is_no_second_target() {
    check(
        "This fragment drives expression of GAL80, an inhibitor of GAL4 activity.",
        "mechanism: This fragment -activation-> expression of GAL80",
    );
}

#[test]
fn statements_about_the_article_are_no_claims() {
    check(
        "This review links the paracrine mechanisms of MSCs to the clinical evidence and sets out the strategies proposed to overcome the bottlenecks.",
        "",
    );
    check(
        "This review shows that MSCs secrete HGF.",
        "mechanism: MSCs -secretion-> HGF",
    );
}

#[test]
fn a_process_subject_keeps_its_means() {
    check(
        "Activation of 1A interneurons via TRPA1 evoked forward locomotion.",
        "mechanism: Activation of 1A interneurons via TRPA1 -activation-> forward locomotion",
    );
}

#[test]
fn a_pronoun_takes_the_subject_of_an_earlier_clause() {
    assert_eq!(
        render(
            "",
            &[
                "Cell culture studies were done.",
                "PBDE-47 did not affect TR transcripts in the liver, but it decreased mRNA levels for TRβ in the brain.",
            ]
        ),
        "mechanism: PBDE-47 -regulation-> TR transcripts (negated)\nmechanism: PBDE-47 -decrease-> mRNA levels for TRβ"
    );
}

#[test]
fn a_relative_clause_before_the_verb_is_skipped() {
    check(
        "The small peptide inhibitor that interrupts the Grb-2/Sos association blocked the effects.",
        "mechanism: The small peptide inhibitor -inhibition-> Grb-2/Sos association\nmechanism: The small peptide inhibitor -inhibition-> effects",
    );
}

#[test]
fn a_possessive_subject_takes_the_identifiers_of_the_previous_subject() {
    let mut d = doc(
        "",
        &[
            "MSCs secrete HGF.",
            "Their immunomodulatory functions inhibit T-cell activation.",
        ],
    );
    d.entities.push(briefing_model::Entity {
        id: "T1".into(),
        text: "MSCs".into(),
        start: Some(0),
        end: Some(4),
        kind: EntityType::CellType,
        ids: vec!["CL:0000134".into()],
        ..Default::default()
    });
    annotate(&mut d);
    let second = d
        .claims
        .iter()
        .find(|c| c.sentence.id == "S2")
        .and_then(|c| c.subject.as_ref())
        .expect("a mechanism in the second sentence");
    assert_eq!(second.text, "Their immunomodulatory functions");
    assert_eq!(second.ids, ["CL:0000134"]);
}

#[test]
fn coordinated_verb_phrases_are_two_relations() {
    check(
        "EVs from umbilical cord MSCs inhibited TGF-β1 signalling in HSCs and reduced collagen deposition in mice.",
        "mechanism: EVs from umbilical cord MSCs -inhibition-> TGF-β1 signalling in HSCs\nmechanism: EVs from umbilical cord MSCs -decrease-> collagen deposition",
    );
    check(
        "MSCs suppress the proliferation of effector T cells and expand regulatory T cells.",
        "mechanism: MSCs -inhibition-> proliferation of effector T cells\nmechanism: MSCs -increase-> regulatory T cells",
    );
    check(
        "Similar results were reported in rats, where MSC infusion improved albumin levels and reduced portal pressure.",
        "mechanism: MSC infusion -decrease-> portal pressure\noutcome: Similar results were reported in rats, where MSC infusion improved albumin levels and reduced portal pressure",
    );
    // "and activated HSCs" stays a noun phrase.
    check(
        "MSCs reduced fibrosis and activated HSCs.",
        "mechanism: MSCs -decrease-> activated HSCs\noutcome: MSCs reduced fibrosis and activated HSCs",
    );
}

#[test]
fn a_consequence_clause_ends_the_object() {
    check(
        "HGF also stimulates hepatocyte proliferation, so a single factor couples the arrest of fibrogenesis to regeneration.",
        "mechanism: HGF -activation-> hepatocyte proliferation",
    );
}

#[test]
fn a_dose_is_no_part_of_the_agent() {
    check(
        "A single dose of 1 × 10^6 bone marrow MSCs reduced Sirius red-positive area.",
        "mechanism: bone marrow MSCs -decrease-> Sirius red-positive area",
    );
}

#[test]
fn result_in_is_a_verb_after_a_noun() {
    check(
        "Genetic manipulations that reduce synaptic F-actin polymerization result in defects in early signaling events such as cell adhesion.",
        "mechanism: Genetic manipulations -decrease-> synaptic F-actin polymerization",
    );
}

#[test]
fn the_subject_of_a_copula_is_able_to_act() {
    check(
        "Cutinases constitute a versatile family able to degrade phospholipids.",
        "mechanism: Cutinases -degradation-> phospholipids",
    );
}

#[test]
fn means_and_places_are_no_arguments() {
    check("Proteins were first in-gel digested using trypsin.", "");
    check(
        "Culture conditions used here (aerobic, rich medium) poorly induce expression of LipY.",
        "",
    );
}

#[test]
fn a_purpose_and_what_we_did_is_no_claim() {
    check(
        "To determine the extent of rescue of afferent projections achieved by expression of EWS-Pea3, we traced intraspinal afferent projections.",
        "",
    );
    // Or what was done, in the passive.
    check(
        "To determine whether the genetic background affected expression of marker genes, quantitative RT-PCR was used to measure gene expression.",
        "",
    );
    // A finding after the purpose is still one.
    check(
        "To test this, we showed that HGF inhibits HSC activation.",
        "mechanism: HGF -inhibition-> HSC activation",
    );
}

#[test]
fn a_pointer_is_no_part_of_the_claim() {
    check(
        "Targeting was confirmed with several additional restriction enzymes and probes (data not shown).",
        "",
    );
}

#[test]
fn outcome_text_keeps_a_final_percent_and_lists_skip_intros_and_pronouns() {
    let d = annotated(
        "",
        &[
            "In acute liver failure, MSC infusion improved 7-day survival from 20 % to 60 %.",
            "In rodent models of fibrosis and acute liver failure, MSC therapy consistently improved liver histology and survival.",
        ],
    );
    let texts: Vec<&str> = d.claims.iter().map(|c| c.text.as_str()).collect();
    assert!(texts[0].ends_with("from 20 % to 60 %"), "{texts:?}");
    assert!(
        d.claims.iter().all(|c| c.items.is_empty()),
        "{:?}",
        d.claims
    );
}

#[test]
fn by_an_amount_is_no_agent() {
    check(
        "Plasma cholesterol levels were decreased by 52% and 26%, respectively.",
        "",
    );
}

#[test]
fn claim_text_keeps_its_first_noun_phrase_whole() {
    // The claim shows the clause as written, from its first noun phrase on.
    check(
        "Normally, the hypothalamus secretes vasopressin.",
        "mechanism: the hypothalamus -secretion-> vasopressin",
    );
    let d = annotated(
        "",
        &["However, the recently described vesicles inhibit HSC activation."],
    );
    let texts: Vec<&str> = d.claims.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        ["the recently described vesicles inhibit HSC activation"]
    );
}

#[test]
fn coordinated_adjectives_share_their_noun() {
    check(
        "MSCs regulate innate and adaptive immunity.",
        "mechanism: MSCs -regulation-> innate and adaptive immunity",
    );
    check(
        "Hemilineages evoke coordinated or uncoordinated leg movements.",
        "mechanism: Hemilineages -activation-> coordinated or uncoordinated leg movements",
    );
    check(
        "The medial neuroblast produces the pool of local, midline GABAergic neurons.",
        "mechanism: The medial neuroblast -differentiation-> pool of local, midline GABAergic neurons",
    );
    check(
        "MSCs secrete HGF, VEGF and IL-10.",
        "mechanism: MSCs -secretion-> HGF\nmechanism: MSCs -secretion-> VEGF\nmechanism: MSCs -secretion-> IL-10",
    );
}

#[test]
fn nominals_under_an_inhibiting_verb_are_not_asserted() {
    check(
        "HGF inhibits the activation of HSCs.",
        "mechanism: HGF -inhibition-> activation of HSCs",
    );
    check("Cyanide should also halt the production of holin.", "");
    check(
        "MSCs promote the degradation of fibrotic ECM.",
        "mechanism: MSCs -activation-> degradation of fibrotic ECM\nmechanism: MSCs -degradation-> fibrotic ECM",
    );
}

#[test]
fn a_verb_after_a_relative_pronoun_is_a_verb() {
    check(
        "PAX6 interacts with MAF proteins on the glucagon promoter, which causes increased expression of this pancreatic hormone gene.",
        "mechanism: PAX6 -binding-> MAF proteins on the glucagon promoter",
    );
    check(
        "Sperm binding to the oocyte leads to increased cytoplasmic calcium which triggers the acrosome reaction.",
        "mechanism: increased cytoplasmic calcium -activation-> acrosome reaction",
    );
    // An interrogative "which" is a determiner.
    check(
        "Analyses are necessary to determine which changes may impact ligand binding.",
        "",
    );
}

#[test]
fn a_pronoun_before_the_verb_is_the_subject() {
    // "We identified X that Y" reports a finding.
    check(
        "By library screening we identified two proteins (HOMER3 and DNCL1) that interact with the C-terminal peptide of PAX6.",
        "mechanism: two proteins (HOMER3 and DNCL1) -binding-> C-terminal peptide of PAX6",
    );
    // A question asked with "how" is not asserted.
    check(
        "It will be important to establish how they function with Tif1γ to regulate blood cell development.",
        "",
    );
    // Without the comma too: the method is no mechanism.
    check(
        "Using this information, we increased the density of markers in each QTL region.",
        "",
    );
    check(
        "Using this information we increased the density of markers in each QTL region.",
        "",
    );
}

#[test]
fn research_verbs_are_verbs() {
    check(
        "These results confirm our increased power to detect first-order cis-acting variations affecting transcription.",
        "mechanism: first-order cis-acting variations -regulation-> transcription",
    );
}

#[test]
fn a_disease_characterised_by_a_process_does_not_do_it() {
    check(
        "Systemic lupus erythematosus (SLE) is a chronic autoimmune disease characterised by the production of autoantibodies against a wide spectrum of self-antigens, mainly from subcellular compartments, especially the cell nucleus.",
        "",
    );
    // A "by" of means still gives the clause's subject.
    check(
        "MSCs are thought to act by the secretion of HGF.",
        "mechanism: MSCs -secretion-> HGF (hedged)",
    );
}

#[test]
fn an_organ_s_function_is_an_end_point_a_protein_s_is_not() {
    check(
        "MSC infusion improved liver function.",
        "outcome: MSC infusion improved liver function",
    );
    check(
        "Polymorphisms can alter protein function.",
        "mechanism: Polymorphisms -regulation-> protein function",
    );
}

#[test]
fn idioms_and_offspring_are_no_targets() {
    check(
        "Null mutations in the Bmpr1b gene produce viable mice with defects in bone and joint formation.",
        "",
    );
    check(
        "Their strong effect on cartilage formation has stimulated interest in using them.",
        "",
    );
    check("MSCs produce HGF.", "mechanism: MSCs -secretion-> HGF");
    check(
        "Expression of PPARδ produces coordinated increases in oxidation enzymes.",
        "",
    );
    check(
        "Tetraploid aggregation experiments shed more light on the role of Atrx.",
        "",
    );
}

#[test]
fn as_is_no_part_of_a_subject() {
    check(
        "The isoforms matter, as UTRs may control mRNA stability.",
        "mechanism: UTRs -regulation-> mRNA stability (hedged)",
    );
    // The signals a participle follows are its agent.
    check(
        "The isoforms matter, as UTRs may contain signals controlling mRNA stability.",
        "mechanism: signals -regulation-> mRNA stability (hedged)",
    );
}

#[test]
fn a_verb_causes_what_it_governs_not_what_the_object_does() {
    check(
        "Ca2+ promotes binding of Annexin A7 to membranes.",
        "mechanism: Ca2+ -activation-> binding of Annexin A7 to membranes",
    );
    check(
        "TGF-beta induces activation of HSCs.",
        "mechanism: TGF-beta -activation-> activation of HSCs\nmechanism: TGF-beta -activation-> HSCs",
    );
}

#[test]
fn a_question_is_no_target() {
    check(
        "Three PAX6 mutations affected how the interactions occur.",
        "",
    );
    check(
        "In these mice, Plg antigen increased (152 ± 6, n = 12).",
        "",
    );
}

#[test]
fn a_citation_cut_off_by_the_window_is_no_part_of_an_argument() {
    check(
        "Dpp is repressed by NF-κB at the ventral side (Jazwinska et al., 1999; O'Connor et al., 2006; Hong et al., 2008; Rushlow et al., 2001; Stathopoulos et al., 2002).",
        "mechanism: NF-κB at the ventral side -inhibition-> Dpp",
    );
}

#[test]
fn outcome_words_outside_therapy_are_no_outcomes() {
    // Genetic rescue, a method's improvement and a knockout's phenotype
    // are findings of a research article, not results of a treatment.
    check(
        "Enforced expression of wild-type tif1γ mRNA rescues embryonic hematopoiesis in homozygous mon mutants.",
        "",
    );
    check(
        "Taking sex-specific effects into account will improve the sensitivity to detect genetic regulation.",
        "",
    );
    check(
        "Attenuated PCNA labeling was also noted in knockout hearts.",
        "",
    );
    check(
        "MSC infusion improved survival in patients with liver failure.",
        "outcome: MSC infusion improved survival in patients with liver failure",
    );
    // Outside therapy, an end point of biology is a mechanism's target.
    check(
        "Snail has been shown to block cell cycle progression.",
        "mechanism: Snail -inhibition-> cell cycle progression",
    );
    check(
        "Transplantation of MSCs reduced liver injury in mice.",
        "outcome: Transplantation of MSCs reduced liver injury in mice",
    );
    // "Trials" of a behavioural task are no clinical trials.
    check(
        "D2R-/- mice repeatedly failed to improve during reversal trials.",
        "",
    );
}

#[test]
fn gap_words_used_otherwise_are_no_bottlenecks() {
    check(
        "The function of this isoform remains unknown.",
        "bottleneck: The function of this isoform remains unknown (hedged)",
    );
    check(
        "Its role in joint formation has not yet been tested.",
        "bottleneck: Its role in joint formation has not yet been tested (negated)",
    );
    // Attributive "unknown", "not yet" of biology, "challenge" as a verb.
    check("Sam68 is a protein of unknown physiologic function.", "");
    check("Those of the control embryos had not yet formed.", "");
    check(
        "These findings have challenged the dogma that alpha-crystallin is a structural protein.",
        "",
    );
}

#[test]
fn verbs_before_a_determiner_amounts_and_progressives() {
    // A participle before a determiner is a verb with its own object.
    check(
        "In vitro, these conditions down-regulated the E-cadherin promoter and induced a reporter gene.",
        "
mechanism: these conditions -decrease-> E-cadherin promoter
mechanism: these conditions -activation-> reporter gene",
    );
    // A word the lexicon does not know, between "and" and a determiner,
    // is a verb that ends the object.
    check(
        "Mcm4/6/7 binds to bubble DNA substrates and unwinds the duplex segments.",
        "mechanism: Mcm4/6/7 -binding-> bubble DNA substrates",
    );
    check(
        "These structures mediate chromatin compaction and possibly stabilize the repressed state of Hox genes.",
        "mechanism: These structures -regulation-> chromatin compaction (hedged)",
    );
    // "by more than 95%" is an amount.
    check(
        "Transgenic APP expression was reduced by more than 95% compared to pre-dox levels.",
        "",
    );
    // A progressive verb has its own subject.
    check(
        "Cadmium treatment leads to downregulation of Slc39a10 transcripts, suggesting that some other factor is mediating this response.",
        "
mechanism: Cadmium treatment -decrease-> Slc39a10 transcripts
mechanism: some other factor -regulation-> this response (hedged)",
    );
}

#[test]
fn a_clause_or_a_contrast_after_a_comma_ends_the_object() {
    check(
        "Since Sertoli cells produce FGF9, loss of proliferation of Sertoli precursors is critical.",
        "mechanism: Sertoli cells -secretion-> FGF9",
    );
    check(
        "MTF-1 represses basal transcription of Slc39a10, in contrast to its role as activator for genes like Mt1, Mt2, and Znt1.",
        "mechanism: MTF-1 -inhibition-> basal transcription of Slc39a10",
    );
    // A list before the verb is no clause after its comma (its last item
    // is still lost to the verb after it: a known limit).
    check(
        "The cadmium-induced upregulation of Gclc, Gsr and Gstm4 supports this view.",
        "
mechanism: cadmium -increase-> Gclc
mechanism: cadmium -increase-> Gsr",
    );
}

#[test]
fn what_an_organism_has_is_a_trait() {
    check("The Lepob mice have impaired platelet aggregation.", "");
    check(
        "The A/J mice had increased Plg antigen and fibrinogen when compared to B6 mice.",
        "",
    );
    check(
        "These cells have influenced the rate of amyloid clearance.",
        "mechanism: These cells -regulation-> rate of amyloid clearance",
    );
}

#[test]
fn a_negation_does_not_reach_into_a_relative_clause() {
    check(
        "TIF1γ does not associate directly with KRAB domains that bind to the other TIF1 family members.",
        "mechanism: KRAB domains -binding-> other TIF1 family members",
    );
}

#[test]
fn tools_and_control_groups_are_methods() {
    check(
        "A forward primer and the M13 primer were used to amplify the 3' UTR sequence of each gene.",
        "",
    );
    check(
        "Examination of mutant and MCAD+/+ control mice demonstrated hepatic steatosis.",
        "",
    );
}

#[test]
fn relative_clauses_after_a_copula_and_complement_subjects() {
    // The antecedent of a predicate nominal is the copula's subject.
    check(
        "SOCS3 is an anti-inflammatory gene that interacts with the JAK-STAT pathway.",
        "mechanism: SOCS3 -binding-> JAK-STAT pathway",
    );
    check(
        "ZnT proteins represent a family of transporters that reduce intracellular zinc.",
        "mechanism: ZnT proteins -decrease-> intracellular zinc",
    );
    // ... but not when the relative clause is about the phrase after "of".
    check(
        "The uniformity represents the sum of independent mechanisms that affect hair length.",
        "mechanism: the sum of independent mechanisms -regulation-> hair length",
    );
    // A participle opening a complement clause modifies its subject.
    check(
        "The amyloid cascade hypothesis predicted that increased levels of amyloid-β peptide lead to secondary pathologies.",
        "",
    );
    // A question word is no agent.
    check(
        "The spike prompted us to consider what factor(s) may be regulating the Snail gene.",
        "",
    );
}

#[test]
fn a_pronoun_inside_a_longer_subject_is_no_agent() {
    check(
        "Altering it in vivo correspondingly affects features of hair bud formation.",
        "",
    );
}

#[test]
fn pretreatment_in_a_method_and_engineered_mice_are_no_strategies() {
    check(
        "The staining pattern did not change after pre-treatment with trypsin.",
        "",
    );
    check(
        "These genetically engineered mice represent a useful model of the disease.",
        "",
    );
    check(
        "Pretreatment of MSCs with hypoxia could improve their engraftment after transplantation.",
        "strategy: Pretreatment of MSCs with hypoxia could improve their engraftment after transplantation (hedged)",
    );
}

#[test]
fn lacking_and_restricted_biology_is_no_bottleneck() {
    check(
        "Genetic deletion studies have shown that the mutants are infertile and their spermatozoa lack egg-binding abilities.",
        "",
    );
    check(
        "Data on null mutants have shown that the loss of a neurotrophin leads to topologically restricted loss of sensory neurons.",
        "",
    );
    check(
        "Genes are not properly restricted to the posterior, as evidenced by the ectopic expression of Nodal.",
        "",
    );
    // The field's own lacks stay.
    check(
        "The field still lacks a suitable animal model.",
        "bottleneck: The field still lacks a suitable animal model (negated)",
    );
}

#[test]
fn a_coordination_inside_a_modifier_is_no_list() {
    check(
        "TGF-β1 can induce Snail family members in hepatocytes and heart.",
        "mechanism: TGF-β1 -activation-> Snail family members in hepatocytes and heart",
    );
    // A list before it still splits.
    check(
        "MSCs secrete HGF from granules, VEGF and IL-10.",
        "
mechanism: MSCs -secretion-> HGF from granules
mechanism: MSCs -secretion-> VEGF
mechanism: MSCs -secretion-> IL-10",
    );
}

#[test]
fn a_subject_before_examples_in_commas() {
    check(
        "Various stimuli, including hypoxia and nickel compounds, activate expression of Ndrg1.",
        "mechanism: Various stimuli -activation-> expression of Ndrg1",
    );
    check(
        "Many of them, including Wnts, BMPs and FGFs, also affect hair bud development.",
        "mechanism: Wnts, BMPs and FGFs -regulation-> hair bud development",
    );
}

#[test]
fn only_cells_tissues_and_organs_produce_secretions() {
    check(
        "Sertoli cells produce FGF9.",
        "mechanism: Sertoli cells -secretion-> FGF9",
    );
    check("MSCs produce HGF.", "mechanism: MSCs -secretion-> HGF");
    check("This mutation produces a truncated peptide.", "");
    check("The grafts produced yellow hair.", "");
}

#[test]
fn a_relation_in_an_indirect_question_is_not_asserted() {
    check(
        "Further work will be needed to determine whether synovial development is regulated by BMP signaling.",
        "",
    );
    // The question ends at the comma after its verb.
    check(
        "It will be interesting to probe whether parkin causes deficits in neurons, since parkin was reported to modulate RanBP2 turnover.",
        "mechanism: parkin -regulation-> RanBP2 turnover (hedged)",
    );
}

#[test]
fn the_holder_of_an_ability_acts_and_lower_levels_are_a_trait() {
    check(
        "The ability of sequences from replication origins to activate Mcm4/6/7 helicase was tested.",
        "mechanism: sequences from replication origins -activation-> Mcm4/6/7 helicase",
    );
    check(
        "Twelve-month-old Sam68−/− mice had significantly lower levels than young mice.",
        "",
    );
}

#[test]
fn a_participle_after_its_plural_noun_has_that_noun_as_agent() {
    check(
        "Rosette formation and wavy epithelia are common sequelae of defects in pathways controlling cell polarity.",
        "mechanism: pathways -regulation-> cell polarity",
    );
}

#[test]
fn lack_of_a_phenotype_is_no_bottleneck() {
    check(
        "This is consistent with the evidence from patients indicating a lack of measurable rhodopsin.",
        "",
    );
    check(
        "A major hurdle in developing new treatments has been the lack of a suitable animal model.",
        "bottleneck: A major hurdle in developing new treatments has been the lack of a suitable animal model (negated)",
    );
}

#[test]
fn a_reason_after_as_is_no_target() {
    check(
        "These low levels of peptide are sufficient to induce amyloid formation, as transgenic mice raised on dox develop lesions.",
        "mechanism: These low levels of peptide -activation-> amyloid formation",
    );
    check(
        "Platelet counts increase, as in reactive thrombocytosis.",
        "",
    );
}

#[test]
fn none_of_the_agents_is_a_negated_claim_about_them() {
    check(
        "None of the three mutations affected the interaction with TRIM11.",
        "mechanism: the three mutations -regulation-> interaction with TRIM11 (negated)",
    );
}

#[test]
fn amounts_reports_and_control_groups_give_no_agent() {
    // "by more than 95%" after a nominal is an amount.
    check(
        "We find that suppression of transgenic APP by more than 95% abruptly halts the progression of amyloid pathology.",
        "",
    );
    // A verb that reports a nominal does not cause it.
    check(
        "Semiquantitative RT-PCRs showed a downregulation of Slc39a10 expression upon cadmium exposure.",
        "",
    );
    // "PGC-1α+/+ controls" are a group, not a verb.
    check(
        "The mitochondrial volume density was significantly lower in PGC-1α−/− mice compared to PGC-1α+/+ controls independent of changes in the myofibrillar component.",
        "",
    );
}

#[test]
fn concerning_is_a_preposition() {
    check(
        "Concerning odor discrimination itself, cellular mechanisms are often attributed to the inhibitory circuitry of the olfactory bulb.",
        "",
    );
    check(
        "Tumorigenicity remains a concern for MSC therapy.",
        "bottleneck: Tumorigenicity remains a concern for MSC therapy",
    );
}

#[test]
fn a_participle_after_a_verb_of_showing_is_a_trait() {
    check(
        "Mutant embryos exhibit normal migration of streak derivatives but display impaired Fgf8 repression in mutant endoderm.",
        "",
    );
}

#[test]
fn a_compound_participle_inside_a_phrase_has_its_noun_as_agent() {
    check(
        "TACC3 was identified as a transcriptional coactivator of the ARNT mediated transcriptional response to hypoxia.",
        "mechanism: ARNT -regulation-> transcriptional response to hypoxia",
    );
}

#[test]
fn a_relation_verb_after_and_starts_a_second_verb_phrase() {
    // "support" is also a noun, but after "and" in the form of the relation
    // verb before it, it is a verb: not an object of "promote".
    check(
        "HGF and EVs promote the degradation of fibrotic ECM and support hepatocyte proliferation.",
        "mechanism: HGF and EVs -activation-> degradation of fibrotic ECM\nmechanism: HGF and EVs -degradation-> fibrotic ECM",
    );
    // After a verb of showing, "and lower X" stays a noun phrase.
    check(
        "Aged red blood cells show a lowered MCV and lower osmotic resistance.",
        "",
    );
}

#[test]
fn a_participle_clause_after_a_comma_ends_the_object() {
    check(
        "MSCs expand regulatory T cells, shifting the balance toward tolerance.",
        "mechanism: MSCs -increase-> regulatory T cells",
    );
}

/// `(text, start)` of `needle` in the document's text, as an entity.
fn entity(d: &Document, needle: &str, kind: EntityType, id: &str) -> briefing_model::Entity {
    let start = d.text.find(needle).expect("the entity's text");
    briefing_model::Entity {
        id: format!("T{start}"),
        text: needle.into(),
        start: Some(start),
        end: Some(start + needle.len()),
        kind,
        ids: vec![id.into()],
        ..Default::default()
    }
}

#[test]
fn an_argument_takes_the_identifiers_of_its_head_only() {
    let sentences = [
        "HGF stimulates hepatocyte proliferation.",
        "MSC infusion reduced serum ALT levels.",
        "NRSF represses BDNF expression.",
        "Drosophila TACC binds the human TACC proteins.",
    ];
    let mut d = doc("", &sentences);
    for (needle, kind, id) in [
        ("HGF", EntityType::Gene, "NCBIGene:3082"),
        ("hepatocyte", EntityType::CellType, "CL:0000182"),
        ("MSC", EntityType::CellType, "CL:0000134"),
        ("ALT", EntityType::Gene, "NCBIGene:2875"),
        ("NRSF", EntityType::Gene, "NCBIGene:5978"),
        ("BDNF", EntityType::Gene, "NCBIGene:627"),
        ("Drosophila", EntityType::Species, "NCBITaxon:7215"),
        ("human", EntityType::Species, "NCBITaxon:9606"),
    ] {
        let e = entity(&d, needle, kind, id);
        d.entities.push(e);
    }
    annotate(&mut d);
    let args: Vec<String> = d
        .claims
        .iter()
        .filter_map(|c| Some((c.subject.as_ref()?, c.object.as_ref()?)))
        .map(|(s, o)| format!("{} {:?} / {} {:?}", s.text, s.ids, o.text, o.ids))
        .collect();
    assert_eq!(
        args,
        [
            // a process of hepatocytes is not hepatocytes
            r#"HGF ["NCBIGene:3082"] / hepatocyte proliferation []"#,
            // an infusion of MSCs acts as MSCs; a level of ALT is ALT
            r#"MSC infusion ["CL:0000134"] / serum ALT levels ["NCBIGene:2875"]"#,
            // a gene's expression is the gene at work
            r#"NRSF ["NCBIGene:5978"] / BDNF expression ["NCBIGene:627"]"#,
            // a species names whose protein it is, not the protein
            r#"Drosophila TACC [] / human TACC proteins []"#,
        ]
    );
}

#[test]
fn the_means_of_a_passive_is_not_done_by_its_subject() {
    // The defenses undergo the abolishing; they do not silence the genes
    // (and a gerund is no agent of the passive either).
    check(
        "The majority of chemical defenses can be abolished by silencing the expression of two biosynthetic genes.",
        "",
    );
    check(
        "MSCs repair the liver by secreting HGF.",
        "mechanism: MSCs -secretion-> HGF",
    );
}

#[test]
fn sources_and_questions_are_no_agents() {
    check(
        "Previous reports have shown that EED binds H3K27me3, thus enhancing methylation of H3K27.",
        "mechanism: EED -binding-> H3K27me3\nmechanism: EED -activation-> methylation of H3K27",
    );
    check(
        "The positioning of the subunits suggests a model of how PRC2 could interact with a dinucleosome.",
        "",
    );
}

#[test]
fn a_participle_after_a_verb_or_a_number_modifies_a_noun() {
    // "enhanced" describes the discrimination; it is no relation of the
    // models, nor of the verb before it.
    check(
        "Both mouse models yield enhanced discrimination and learning capability.",
        "",
    );
    check(
        "In situ hybridization was performed on an additional 45 up-regulated genes.",
        "",
    );
    check(
        "Small reductions in GluR-B levels are sufficient to saturate enhanced odor discrimination.",
        "",
    );
    // Over adverbs after "be", the participle is a passive, and "so" is a
    // degree, not an agent.
    check(
        "Since plasma sitosterol levels are so considerably elevated, perhaps the biliary sitosterol levels are also elevated.",
        "",
    );
}

#[test]
fn what_cannot_be_done_is_negated() {
    check(
        "Complete loss of Abcg8 results in an inability to secrete cholesterol into bile.",
        "mechanism: Complete loss of Abcg8 -secretion-> cholesterol into bile (negated)",
    );
}

#[test]
fn subjects_keep_their_modifiers() {
    // A prepositional "with" phrase belongs to the subject.
    check(
        "Sequences with 37% thymine content can activate Mcm4/6/7.",
        "mechanism: Sequences with 37% thymine content -activation-> Mcm4/6/7",
    );
    // A participle with its prepositional phrase modifies the subject.
    check(
        "Cells treated with LPS secrete TNF.",
        "mechanism: Cells treated with LPS -secretion-> TNF",
    );
    // "consistent with" is no noun phrase.
    check(
        "This is consistent with the finding that severely reduced levels of huntingtin lead to abnormal brain development.",
        "",
    );
}

#[test]
fn objects_of_processes_and_trailing_participles() {
    // The process is the object, not its examples.
    check(
        "A simple bud-like structure initiates the formation of many organs, including lungs, spinal cord, and hair follicles.",
        "mechanism: A simple bud-like structure -activation-> formation of many organs",
    );
    // Examples of what is secreted are the objects.
    check(
        "MSCs secrete trophic factors, including HGF and VEGF.",
        "mechanism: MSCs -secretion-> HGF\nmechanism: MSCs -secretion-> VEGF",
    );
    // ", arranged in columns" describes the fiber cells; it is no item.
    check(
        "Epithelial cells differentiate into fiber cells of uniform shape, arranged in radial columns.",
        "mechanism: Epithelial cells -differentiation-> fiber cells of uniform shape",
    );
}

#[test]
fn restraints_lifted_numbers_and_gerund_clauses() {
    // A restraint released is nothing secreted.
    check(
        "Several ETS transcription factors are activated through release of autoinhibition.",
        "",
    );
    // "-3, or 6" continue a receptor name.
    check(
        "BMPs bind to the BMP type II receptor and type I receptors ALK2, -3, or 6.",
        "mechanism: BMPs -binding-> BMP type II receptor\nmechanism: BMPs -binding-> type I receptors ALK2",
    );
    // A gerund after "that" is the subject of its clause, with no agent.
    check(
        "This pattern may reflect the fact that decreasing the amount of mutant protein makes it undetectable.",
        "",
    );
    // After a comma, a noun phrase and a past verb with an object start a
    // clause: the object list ends before it.
    check(
        "The inactivation of the annexin A7 gene did not interfere with the viability of knock out mice, their generation allowed us to study its role.",
        "mechanism: The inactivation of the annexin A7 gene -inhibition-> viability of knock out mice (negated)",
    );
    // Gene targeting is a method.
    check(
        "Targeting both alleles by homologous recombination is required to reveal the phenotype.",
        "",
    );
}

#[test]
fn a_negation_outside_a_complement_clause_does_not_negate_it() {
    check(
        "Our findings that aged mice do not develop fatty bone marrow indicate that Sam68 regulates adipocyte differentiation.",
        "mechanism: Sam68 -regulation-> adipocyte differentiation (hedged)",
    );
    // The reporting verb's own negation still applies.
    check(
        "These data do not show that HGF inhibits stellate cell activation.",
        "mechanism: HGF -inhibition-> stellate cell activation (negated)",
    );
}

#[test]
fn an_infinitive_takes_the_subject_of_its_verb_group() {
    // Raising: the subject of "would be expected", not of the "if" clause.
    check(
        "If TGF-β2 stimulates Snail expression in developing buds, loss of this morphogen would be expected to affect the expression of genes.",
        "mechanism: TGF-β2 -activation-> Snail expression (hedged)\nmechanism: loss of this morphogen -regulation-> expression of genes (hedged)",
    );
    // A participle after a noun modifies it: the stimulus induces.
    check(
        "The hepatic phenotype was evaluated following a 24-h fast, a stimulus known to induce fatty acid oxidation.",
        "mechanism: a stimulus -activation-> fatty acid oxidation",
    );
    // "have long been known": "long" is an adverb of the verb group.
    check(
        "The bacterial cell envelope components lipopolysaccharide (LPS) and peptidoglycan (PGN) have long been known to affect host biology.",
        "mechanism: The bacterial cell envelope components lipopolysaccharide (LPS) and peptidoglycan (PGN) -regulation-> host biology",
    );
    // The owner of a property has the ability.
    check(
        "An intriguing property of CLN2 is its reported ability to cleave collagen-related peptides.",
        "mechanism: CLN2 -degradation-> collagen-related peptides",
    );
    // "its function" is what "its" refers to.
    check(
        "APC is a member of the Wnt signaling pathway and one of its known functions is to regulate the levels of β-catenin.",
        "mechanism: APC -regulation-> levels of β-catenin",
    );
}

#[test]
fn chances_existentials_amounts_and_later_negations() {
    // A chance has no agent; "there" is no subject.
    check(
        "Instead, at each moment there is a non-zero probability to trigger initiation in any cell.",
        "",
    );
    // A comparative after an amount is an adjective.
    check(
        "We hypothesized that the 50% lower predation rates of Manduca spp. would result in reduced reproduction.",
        "",
    );
    // A subject keeps its "on" phrase.
    check(
        "Reduced herbivore damage on irLOX2 could have increased the growth of irLOX2 plants.",
        "mechanism: Reduced herbivore damage on irLOX2 -increase-> growth of irLOX2 plants (hedged)",
    );
    // A negation in a later clause does not negate the relation before it.
    check(
        "Although M. sexta feeding significantly affected growth of plants overall, the effect was not significant for irPI plants.",
        "mechanism: M. sexta feeding -regulation-> growth of plants overall",
    );
    // "only partially known" is a gap.
    check(
        "The detailed molecular mechanisms controlling organ initiation are for the moment only partially known.",
        "bottleneck: The detailed molecular mechanisms controlling organ initiation are for the moment only partially known",
    );
    // "(i.e. with ...)" restates a circumstance: no examples.
    check(
        "The system recovered by initiating the next primordium (i.e. with a divergence angle of 2ϕ).",
        "mechanism: The system -activation-> next primordium (i.e. with a divergence angle of 2ϕ)",
    );
}

#[test]
fn verbs_without_objects() {
    // An active verb followed by a comma and a preposition has no object.
    check(
        "Helicases are loaded onto replication forks through the melted region, induced by initiator binding, in bacteria.",
        "",
    );
    // A gerund without an object after a preposition is a noun.
    check(
        "PRC2 is involved in the initiation of silencing and contains histone deacetylases.",
        "",
    );
    check(
        "Pericentric DNA was immunoprecipitated with a 2-fold lower efficiency with H4K20me3 antibodies.",
        "",
    );
}

#[test]
fn back_matter_sections_give_no_claims() {
    let sentence = "HGF initiated the regeneration of hepatocytes.";
    assert_eq!(
        render("", &[sentence]),
        "mechanism: HGF -activation-> regeneration of hepatocytes"
    );
    for title in [
        "Authors' contributions",
        "Pre-publication history",
        "Ethics",
    ] {
        assert_eq!(render(title, &[sentence]), "", "section {title:?}");
    }
}

#[test]
fn a_negated_copula_denies_its_relative_clause() {
    check(
        "The questionnaire length seems not to be a factor that will interfere with data collection.",
        "mechanism: The questionnaire length -inhibition-> data collection (hedged) (negated)",
    );
    // A negated verb with an object does not deny a relative clause on it.
    check(
        "TIF1γ does not associate with KRAB domains that bind to the other family members.",
        "mechanism: KRAB domains -binding-> other family members",
    );
}

#[test]
fn an_incapacity_before_an_object_does_not_deny_its_relative_clause() {
    check(
        "These results suggest that the hearts are unable to mount a response to stimuli that activate β-adrenergic input to the heart.",
        "mechanism: stimuli -activation-> β-adrenergic input to the heart (hedged)",
    );
    check(
        "There is no factor that binds HGF.",
        "mechanism: no factor -binding-> HGF (negated)",
    );
}

#[test]
fn agents_named_by_their_role_or_a_compound() {
    // "isolated as the agent that mediated": the isolated protein is the agent.
    check(
        "Annexin A7 was isolated as the agent that mediated aggregation of chromaffin granules.",
        "mechanism: Annexin A7 -regulation-> aggregation of chromaffin granules",
    );
    // A compound agent after a participle: Gh induces the effects.
    check(
        "The mutation may reside in a gene enhancing Gh induced sex-specific effects.",
        "mechanism: Gh -activation-> sex-specific effects (hedged)",
    );
}

#[test]
fn a_mediator_of_a_release_brings_it_about() {
    // "IP3-mediated release of Ca2+": IP3 releases nothing, it brings the
    // release about; the release, as a whole, drives what follows.
    check(
        "IP3-mediated release of Ca2+ from the endoplasmic reticulum drives apoptosis.",
        "mechanism: IP3 -activation-> release of Ca2+ from the endoplasmic reticulum
mechanism: IP3-mediated release of Ca2+ from the endoplasmic reticulum -activation-> apoptosis",
    );
    check(
        "LPS-induced secretion of TNF was reduced.",
        "mechanism: LPS -activation-> secretion of TNF",
    );
    // Other nominals keep the compound as their agent.
    check(
        "EED-mediated binding of methylated histone H3 recruits PRC2.",
        "mechanism: EED -binding-> methylated histone H3
mechanism: EED-mediated binding of methylated histone H3 -activation-> PRC2",
    );
    check(
        "TGF-beta-induced activation of stellate cells promotes fibrosis.",
        "mechanism: TGF-beta -activation-> stellate cells
outcome: TGF-beta-induced activation of stellate cells promotes fibrosis",
    );
}

#[test]
fn what_a_governed_differentiation_says() {
    // The governing verb's subject regulates the differentiation; the
    // cells are what differentiates.
    check(
        "TRβ regulates differentiation of these newly proliferated cells into neurons.",
        "mechanism: TRβ -regulation-> differentiation of these newly proliferated cells into neurons",
    );
    check(
        "HGF induces differentiation of MSCs into hepatocytes.",
        "mechanism: HGF -activation-> differentiation of MSCs into hepatocytes",
    );
}

#[test]
fn and_then_a_subject_with_its_verb_is_a_clause() {
    // ", and impacts on SXR might contribute": not a second thing the SXR
    // interacts with.
    check(
        "The SXR interacts with SMRT, and PBDE-induced impacts on SXR might contribute to changes in TR gene transcription.",
        "mechanism: The SXR -binding-> SMRT",
    );
    check(
        "The loss of GLD-1 prevents the appearance of stem cells, and the absence of HOW in Drosophila prevents muscle differentiation.",
        "mechanism: The loss of GLD-1 -inhibition-> appearance of stem cells
mechanism: the absence of HOW in Drosophila -inhibition-> muscle differentiation",
    );
}
