//! Every command-line definition of `briefing`, in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Evidence-scored briefings of biomedical review articles.
#[derive(Debug, Parser)]
#[command(name = "briefing", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read documents and print them annotated (sentences, entities, claims...).
    Annotate(AnnotateArgs),
    /// Write evidence briefings: Markdown, HTML, PDF, JSON, Typst.
    Report(ReportArgs),
    /// Copy out the default briefing templates, to edit them.
    Templates(TemplatesArgs),
    /// Build, inspect and try entity lexicons.
    Lexicon(LexiconArgs),
    /// Score briefing against annotated corpora.
    Eval(EvalArgs),
    /// Train briefing's models from annotated corpora.
    Train(TrainArgs),
}

/// `briefing annotate`
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  briefing annotate review.txt                    annotated review as JSON on stdout
  briefing annotate article.nxml -o out.json      JATS full text to a file
  briefing annotate corpus.pubtator --format pubtator
                                                  one PubTator record per document
  briefing annotate corpus.bioc.xml --format jsonl --no-input-annotations
  cat review.md | briefing annotate -             read standard input
  cat corpus.jsonl | briefing annotate - --format jsonl
                                                  a stream in, a stream out, in order
  find papers -name '*.nxml' | briefing annotate - --paths --format jsonl
                                                  the files listed on standard input
  briefing annotate papers/ --out annotated/ --format jsonl
                                                  one output per file, resumable
  briefing annotate papers/ --out annotated/ --shard 2/8
                                                  this machine's eighth of the files

The input format is told by content (seed Markdown, JATS, BioC XML/JSON,
PubTator, annotated-review JSON/JSONL, Markdown, plain text); --input-format
overrides it. Documents are annotated in parallel (--jobs) and written in
input order.

With --out, DIR/a/b.nxml gives OUTDIR/a/b.nxml.<format>, written atomically,
with a record of the input's and the settings' hashes beside it
(.b.nxml.<format>.record.json): a rerun skips every input whose output is up
to date, so a killed run is finished by running it again. A summary
(documents, failures, throughput) ends the run; --summary writes it as JSON.
See docs/workflow.md for corpus-scale runs and the Snakemake workflow.

Exit status: 0 when every document was read, 1 when some documents failed
(the others are still written), 2 for usage errors and unreadable input.")]
pub struct AnnotateArgs {
    /// Input file, folder (every file under it), or `-` for standard input.
    pub input: PathBuf,
    /// Write here (atomically) instead of standard output.
    #[arg(short, long, conflicts_with = "out")]
    pub output: Option<PathBuf>,
    /// Write one output per input file into this folder, skipping inputs
    /// whose output is up to date (a batch run).
    #[arg(long, value_name = "OUTDIR")]
    pub out: Option<PathBuf>,
    /// The input (a file or `-`) lists the files to read, one path per line.
    #[arg(long)]
    pub paths: bool,
    /// Take only shard I of N of the inputs (1 <= I <= N): files by a hash
    /// of their path relative to the folder, documents of one stream by
    /// position. N runs with 1/N .. N/N cover everything once.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::shard::Shard>,
    /// Parallel jobs [default: all cores].
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// With --out: annotate every input again, even when its output is up
    /// to date.
    #[arg(long)]
    pub force: bool,
    /// With --out: also write the summary of the run to this file, as JSON
    /// (every output of the shard, failures with reasons, throughput).
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = OutputFormatArg::Json)]
    pub format: OutputFormatArg,
    /// Read the input as this format instead of telling it by content.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormatArg>,
    /// Leave out the annotations the input carried (PubTator, BioC, the seed's
    /// entity lists): write only what briefing found, e.g. for scoring.
    #[arg(long)]
    pub no_input_annotations: bool,
    /// Evidence model parameters: a TOML file overriding any keys of the
    /// shipped evidence.toml (see docs/evidence.md).
    #[arg(long, value_name = "FILE")]
    pub evidence_config: Option<PathBuf>,
    /// A compiled lexicon, or a TSV (`id`, `name`, optional `type`) compiled
    /// on first use and cached, instead of the shipped lexicon.
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Entity annotations the input already has (PubTator, BioC, the seed's
    /// entity lists): keep them and add none, replace them with briefing's,
    /// or merge (the input's win where they overlap).
    #[arg(long, value_enum, default_value_t = EntitiesArg::Merge)]
    pub entities: EntitiesArg,
}

/// `--entities`: what happens to the input's entity annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EntitiesArg {
    Keep,
    Replace,
    Merge,
}

/// Output formats of `annotate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormatArg {
    /// Annotated-review JSON (pretty; an array for several documents).
    Json,
    /// One JSON document per line.
    Jsonl,
    /// PubTator: offsets in the input's own coordinates.
    Pubtator,
    /// BioC XML collection.
    Bioc,
}

/// Input formats, to override content sniffing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormatArg {
    SeedMarkdown,
    Jats,
    BiocXml,
    BiocJson,
    Pubtator,
    Json,
    Markdown,
    Text,
}

/// `briefing lexicon`
#[derive(Debug, Args)]
pub struct LexiconArgs {
    #[command(subcommand)]
    pub command: LexiconCommand,
}

#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Compile a lexicon from ontology sources or from a TSV.
    Build(LexiconBuildArgs),
    /// Print a lexicon's size, versions and contents by type.
    Info(LexiconInfoArgs),
    /// Print the lexicon names found in a text, one per line.
    Match(LexiconMatchArgs),
}

/// Which part of the sources `briefing lexicon build` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LexiconSelection {
    /// The shipped default: all six types; taxa with common names and model organisms.
    Default,
    /// Everything, the whole NCBI Taxonomy included.
    Full,
    /// Only the whole NCBI Taxonomy (the benchmark dictionary).
    Taxonomy,
}

/// `briefing lexicon build`
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  briefing lexicon build --sources ../shared/lexicons -o lexicon.blx
  briefing lexicon build --sources ../shared/lexicons --select full -o full.blx
  briefing lexicon build --tsv my-names.tsv -o mine.blx
  briefing lexicon build --sources ../shared/lexicons \\
      --export-concepts crates/lexicon/data/default-lexicon.tsv.zst
                                   rebuild the shipped default's source data

A malformed source line is reported (file:line) and skipped; --strict
refuses the whole build instead. Exit status: 0 on success, 1 when lines
were skipped, 2 on errors.")]
pub struct LexiconBuildArgs {
    /// Folder of ontology sources (the layout of ../shared/lexicons).
    #[arg(long, conflicts_with = "tsv", required_unless_present = "tsv")]
    pub sources: Option<PathBuf>,
    /// A TSV instead of sources: `id<TAB>name[<TAB>type]`, or a concept TSV.
    #[arg(long)]
    pub tsv: Option<PathBuf>,
    /// What to take from the sources.
    #[arg(long, value_enum, default_value = "default")]
    pub select: LexiconSelection,
    /// Leave out the curated names shipped with briefing.
    #[arg(long)]
    pub no_curated: bool,
    /// Refuse the build at the first malformed source line.
    #[arg(long)]
    pub strict: bool,
    /// Write the compiled lexicon here.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Also write the concepts as a concept TSV (zstd-compressed when the
    /// name ends in `.zst`): the form the default lexicon ships in.
    #[arg(long)]
    pub export_concepts: Option<PathBuf>,
}

/// `briefing lexicon info`
#[derive(Debug, Args)]
pub struct LexiconInfoArgs {
    /// A compiled lexicon or a TSV; the shipped default when absent.
    pub lexicon: Option<PathBuf>,
}

/// `briefing lexicon match`
#[derive(Debug, Args)]
pub struct LexiconMatchArgs {
    /// Text file (`-` for standard input).
    pub input: PathBuf,
    /// A compiled lexicon or a TSV; the shipped default when absent.
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Ignore case rules and keep stop-listed names.
    #[arg(long)]
    pub all: bool,
}

/// `briefing eval`
#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub command: EvalCommand,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Entity mentions and identifiers against an annotated corpus.
    Entities(EvalEntitiesArgs),
    /// Speculation and negation cues against BioScope.
    Hedging(EvalHedgingArgs),
    /// Claims of a review against a hand-made gold file.
    Claims(EvalClaimsArgs),
}

/// `briefing eval hedging`
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  briefing eval hedging --corpus ../shared/corpora/bioscope/abstracts.dev.xml
  briefing eval hedging --corpus ../shared/corpora/bioscope/full_papers.xml --split all
  briefing eval hedging --corpus ../shared/corpora/bioscope/abstracts.dev.xml \\
      --corpus ../shared/corpora/bioscope/full_papers.xml --cv 3 --errors

Prints sentence-level speculation and negation P/R/F1, cue-level P/R/F1
(exact spans) and scope token P/R/F1. The shipped cue model is trained on
the tuning splits of abstracts.dev.xml and full_papers.xml (documents at
positions not 2 mod 3); their held-out splits are unseen.

With --cv K, the shipped model is not used: the tuning documents of every
corpus are dealt into K folds, a model is trained (as `briefing train cues`
would, with --epochs and --paper-weight) on the other folds of all corpora
and tested on each fold in turn; counts are summed per corpus. Held-out
documents are neither trained nor tested on: make modelling decisions here.")]
pub struct EvalHedgingArgs {
    /// A BioScope XML file (repeatable: each is evaluated; with --cv, all
    /// are trained on together).
    #[arg(long, required = true)]
    pub corpus: Vec<PathBuf>,
    /// Which documents: all, tune or held-out (default: held-out and tune
    /// and all, one after the other).
    #[arg(long, value_parser = ["all", "tune", "held-out"], conflicts_with = "cv")]
    pub split: Option<String>,
    /// A cue model file instead of the shipped one.
    #[arg(long, conflicts_with = "cv")]
    pub model: Option<PathBuf>,
    /// Cross-validate over K document folds of the tuning splits.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u16).range(2..))]
    pub cv: Option<u16>,
    /// With --cv: passes over the training data.
    #[arg(long, default_value_t = 10, requires = "cv")]
    pub epochs: usize,
    /// With --cv: perceptrons (shuffling seeds) averaged into each model.
    #[arg(long, default_value_t = 10, requires = "cv", value_parser = clap::value_parser!(u16).range(1..))]
    pub seeds: u16,
    /// With --cv: times each full-paper sentence is trained on.
    #[arg(long, default_value_t = 2, requires = "cv")]
    pub paper_weight: usize,
    /// With --cv: added to the speculation weight of the bias feature.
    #[arg(
        long,
        default_value_t = 0.0,
        requires = "cv",
        allow_negative_numbers = true
    )]
    pub spec_bias: f32,
    /// Also list every missed (FN) and spurious (FP) cue.
    #[arg(long)]
    pub errors: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `briefing eval claims`
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  briefing eval claims --gold ../shared/gold/seed-claims.json
  briefing eval claims --gold ../shared/gold/seed-claims.json ../shared/seeds/000_cdc507d37501bd85.txt

Annotates the input (by default the gold file's `document`, relative to the
gold file's parent folder) and prints gold recall per category, the share of
mechanism items carried by subject + relation + object alone, and the
precision of the predicted claims.")]
pub struct EvalClaimsArgs {
    /// The gold file (`seed-claims.json` layout).
    #[arg(long)]
    pub gold: PathBuf,
    /// The review to annotate; default: the gold file's `document`.
    pub input: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// List every claim and gold item with its match.
    #[arg(long, short)]
    pub verbose: bool,
}

/// Corpus formats of `briefing eval entities`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CorpusFormatArg {
    /// PubTator (NCBI Disease, BC5CDR).
    Pubtator,
    /// BioC XML.
    Bioc,
    /// A CRAFT split directory (`txt/` and Knowtator XML per ontology).
    Craft,
    /// Token<TAB>IOB-label files (LINNAEUS, JNLPBA).
    Iob,
    /// A BioCreative II gene mention directory (`*.in`, `GENE.eval`, `ALTGENE.eval`).
    Bc2gm,
}

/// `briefing eval entities`
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  briefing eval entities --corpus ../shared/corpora/ncbi-disease/dev.pubtator.txt
  briefing eval entities --corpus ../shared/corpora/bc5cdr/dev.bioc.xml --format bioc
  briefing eval entities --corpus ../shared/corpora/craft/dev --types CellType,Species
  briefing eval entities --corpus ../shared/corpora/bc2gm/devel --json

Prints, per type: strict mention P/R/F1 (same span and type; BC2GM
alternatives accepted), overlapping mention P/R/F1, and P/R/F1 on
document-level concept sets (identifiers) where the gold has identifiers.
The gold's own annotations are dropped before annotating.")]
pub struct EvalEntitiesArgs {
    /// The corpus: a file (PubTator, BioC, IOB) or a directory (CRAFT split, BC2GM split).
    #[arg(long)]
    pub corpus: PathBuf,
    /// The corpus format (told by name and layout when absent).
    #[arg(long, value_enum)]
    pub format: Option<CorpusFormatArg>,
    /// Types to score, comma-separated (default: the types in the gold).
    #[arg(long, value_delimiter = ',')]
    pub types: Vec<String>,
    /// A compiled lexicon or a TSV instead of the shipped default.
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// An entity model instead of the shipped one (from `briefing train entities`).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write every strict error (missed and spurious mentions, with
    /// whether each is a boundary error and its text) to this TSV file.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
}

/// `briefing train`
#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(subcommand)]
    pub command: TrainCommand,
}

#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// The entity taggers and mined names, from the training splits.
    Entities(TrainEntitiesArgs),
    /// The hedging and negation cue model, from BioScope.
    Cues(TrainCuesArgs),
}

/// `briefing train cues`
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  briefing train cues --corpus ../shared/corpora/bioscope/abstracts.dev.xml \\
      --corpus ../shared/corpora/bioscope/full_papers.xml \\
      -o crates/annotator/src/cues/cue-model.tsv      rebuild the shipped model

Trains on the tuning split of each file only (documents at positions not
2 mod 3), so `briefing eval hedging --split held-out` stays unseen.
Deterministic.")]
pub struct TrainCuesArgs {
    /// BioScope XML files.
    #[arg(long, required = true)]
    pub corpus: Vec<PathBuf>,
    /// Write the model here (atomically).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Perceptrons, each shuffling the data from its own seed, whose
    /// weights are averaged (the shipped model: 10).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
    pub seeds: u16,
    /// Times each full-paper sentence is trained on (the shipped model:
    /// 2, chosen by cross-validation).
    #[arg(long, default_value_t = 2)]
    pub paper_weight: usize,
    /// Added to the speculation weight of the bias feature after training
    /// (above zero: more recall, less precision).
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    pub spec_bias: f32,
}

/// `briefing train entities`
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  briefing train entities --corpora ../shared/corpora \\
      -o crates/annotator/models/entities.bin.zst     rebuild the shipped model

Reads only training splits: NCBI Disease and BC5CDR (diseases), BC5CDR
(chemicals), BC2GM (genes), LINNAEUS (species), CRAFT (cell types), and mines
the identifiers of training mentions. Deterministic: the same corpora and
lexicon give the same file.")]
pub struct TrainEntitiesArgs {
    /// The corpora folder (the layout of ../shared/corpora).
    #[arg(long)]
    pub corpora: PathBuf,
    /// Write the model here (atomically).
    #[arg(short, long)]
    pub output: PathBuf,
    /// A compiled lexicon or a TSV instead of the shipped default (its
    /// matches are features of the taggers).
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Passes over the training data.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// The seed of the order in which examples are visited (another seed
    /// gives another, equally good model: a way to see what is noise).
    #[arg(long, default_value_t = 0x5eed)]
    pub seed: u64,
    /// Perceptrons averaged into each tagger, each visiting the examples in
    /// its own order (one alone depends on that order by about ±0.005 F1).
    #[arg(long, default_value_t = 3)]
    pub seeds: usize,
    /// Train only these groups (disease, chemical, gene, species, cell type), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
}

/// `briefing report`
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  briefing report review.txt                         review.md, review.html, review.json in briefings/
  briefing report review.txt --format pdf --out out  PDF through the typst CLI
  briefing report papers/*.nxml -f md -f html        one briefing per input, an index and a corpus briefing
  briefing report review.txt --sections overview,mechanisms,provenance
  briefing report review.txt --templates my-templates

Sections (in their default order; briefing.toml or --sections choose and order
them, any other name runs the external plugin `briefing-plugin-<name>`):
  overview     metadata, TL;DR, key figures, summary of the best-supported claims
  mechanisms   agent, relation, target with evidence grades; the mechanism graph
  outcomes     efficacy and safety findings with their evidence tier
  bottlenecks  limitations, challenges, unmet needs
  strategies   emerging strategies and future directions
  evidence     evidence profile: claims per tier and certainty grade
  entities     entity index by type, identifiers linked to their databases
  references   the reference list with the claims citing each reference
  provenance   every claim with its sentence, references and score factors

Files are written atomically as <out>/<name>.<ext>, <name> made from the
input's file name. With several documents, <out>/index.* lists them and
<out>/corpus.* briefs their claims together.

Exit status: 0 when every input was briefed, 1 when some failed (the others
are still written), 2 for usage errors (bad briefing.toml, missing plugin,
typst not installed for --format pdf).")]
pub struct ReportArgs {
    /// Input files (`-` for standard input).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output formats; repeat for several [default: md, html, json].
    #[arg(short, long = "format", value_enum)]
    pub formats: Vec<ReportFormatArg>,
    /// Folder for the briefings (created if missing).
    #[arg(short, long, default_value = "briefings")]
    pub out: PathBuf,
    /// Sections to include, in order (overrides briefing.toml).
    #[arg(long, value_delimiter = ',')]
    pub sections: Vec<String>,
    /// A folder of templates overriding the defaults file by file (see
    /// `briefing templates init`).
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// The briefing.toml to use [default: ./briefing.toml when present].
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The typst program for PDF output.
    #[arg(long)]
    pub typst: Option<PathBuf>,
    /// Parallel jobs [default: all cores].
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Do not write the corpus briefing for several documents.
    #[arg(long)]
    pub no_corpus: bool,
    /// Write the index even for a single document.
    #[arg(long)]
    pub index: bool,
    /// Read every input as this format instead of telling it by content.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormatArg>,
    /// A compiled lexicon, or a TSV, instead of the shipped lexicon.
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Entity annotations the input already has: keep them and add none,
    /// replace them with briefing's, or merge.
    #[arg(long, value_enum, default_value_t = EntitiesArg::Merge)]
    pub entities: EntitiesArg,
    /// An evidence configuration (any subset of the keys of the shipped
    /// evidence.toml) instead of the default scoring.
    #[arg(long)]
    pub evidence_config: Option<PathBuf>,
}

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum ReportFormatArg {
    /// Markdown (GitHub-flavoured, with a Mermaid graph).
    Md,
    /// One self-contained HTML file.
    Html,
    /// PDF, through the typst CLI.
    Pdf,
    /// The briefing as JSON (`briefing/briefing/1`).
    Json,
    /// The Typst source of the PDF.
    Typst,
}

/// `briefing templates`
#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub command: TemplatesCommand,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the default templates into a folder, to edit and pass to
    /// `briefing report --templates DIR`.
    #[command(
        after_help = "Files you keep override the defaults one by one; delete the
ones you do not change. Existing files are left alone unless --force."
    )]
    Init(TemplatesInitArgs),
    /// List the default templates.
    List,
}

/// `briefing templates init`
#[derive(Debug, Args)]
pub struct TemplatesInitArgs {
    /// The folder to write (created if missing).
    pub dir: PathBuf,
    /// Overwrite files that exist.
    #[arg(long)]
    pub force: bool,
}
