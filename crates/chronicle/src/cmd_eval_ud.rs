//! `chronicle eval ud FILE`: scores the built-in models on gold CoNLL-U.
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chronicle_nlp::{conllu, Models};

/// Runs `chronicle eval ud FILE`.
pub fn run(path: &Path) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let read = conllu::read(&text);
    for e in &read.errors {
        eprintln!("{}:{}: {} (sentence skipped)", path.display(), e.line, e.kind);
    }
    anyhow::ensure!(!read.sentences.is_empty(), "no sentences in {}", path.display());
    // Experiments: `CHRONICLE_NLP_MODELS=DIR` scores DIR/{tagger,lemmas,parser}.bin
    // instead of the built-in models; `CHRONICLE_NLP_BEAM=K` overrides the
    // parser's beam width; `CHRONICLE_NLP_PREDICTIONS=FILE` writes the predictions.
    let beam: Option<usize> = std::env::var("CHRONICLE_NLP_BEAM")
        .ok()
        .and_then(|k| k.parse().ok());
    let owned;
    let models = match std::env::var_os("CHRONICLE_NLP_MODELS") {
        Some(dir) => {
            let dir = Path::new(&dir);
            let read = |f: &str| {
                let p = dir.join(f);
                std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))
            };
            let mut m = Models::from_bytes(&read("tagger.bin")?, &read("lemmas.bin")?, &read("parser.bin")?)
                .with_context(|| format!("loading the models in {}", dir.display()))?;
            println!("models  {}", dir.display());
            if let Some(k) = beam {
                m.parser.set_beam(k);
            }
            owned = m;
            &owned
        }
        None => {
            let m = Models::try_embedded().context("loading the built-in models")?;
            match beam {
                Some(k) => {
                    let mut m = m.clone();
                    m.parser.set_beam(k);
                    owned = m;
                    &owned
                }
                None => m,
            }
        }
    };
    println!("beam    {}", models.parser.beam());
    let start = Instant::now();
    let scores = chronicle_nlp::evaluate(models, &read.sentences);
    let secs = start.elapsed().as_secs_f64();
    println!("file    {}", path.display());
    println!("tokens  {}", scores.tokens);
    println!("UPOS    {:.2}", scores.upos);
    println!("XPOS    {:.2}", scores.xpos);
    println!("lemma   {:.2}", scores.lemma);
    println!("UAS     {:.2}", scores.uas);
    println!("LAS     {:.2}", scores.las);
    println!(
        "speed   {:.0} tokens/s (tag, lemmatise, parse; one thread)",
        scores.tokens as f64 / secs
    );
    if !read.errors.is_empty() {
        println!("skipped {} malformed sentences", read.errors.len());
    }
    // `CHRONICLE_NLP_PREDICTIONS=FILE` also writes the predicted CoNLL-U (error analysis).
    if let Some(out) = std::env::var_os("CHRONICLE_NLP_PREDICTIONS") {
        let mut text = String::new();
        for s in &read.sentences {
            let mut p = s.clone();
            models.annotate_conllu(&mut p);
            conllu::write_sentence(&p, &mut text);
        }
        std::fs::write(&out, text).with_context(|| format!("cannot write {}", Path::new(&out).display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
