//! Compiles a concept TSV or user TSV into a lexicon file and reports the
//! time taken: `cargo run --release -p briefing-lexicon --example compile_tsv -- IN OUT`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err("usage: compile_tsv IN.tsv OUT.blx".into());
    };
    let t = std::time::Instant::now();
    let text = std::fs::read_to_string(input)?;
    let path = std::path::Path::new(input);
    let parsed = if text.starts_with("#briefing-concepts") {
        briefing_lexicon::read_concepts_tsv(&text, path, false)?
    } else {
        briefing_lexicon::read_user_tsv(&text, path, false)?
    };
    let mut c = briefing_lexicon::Compiler::new();
    c.extend(parsed.concepts);
    let bytes = c.compile(input)?;
    std::fs::write(output, &bytes)?;
    eprintln!("{} bytes in {:?}", bytes.len(), t.elapsed());
    Ok(())
}
