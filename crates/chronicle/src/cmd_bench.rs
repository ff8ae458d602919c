//! `chronicle bench`: the pipeline's speed on real text, stage by stage, on one core.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use chronicle_model::ArticleInput;
use chronicle_text::{clean_article, split_sentences, ExtractOptions};

/// Flags of `chronicle bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Articles to run through the pipeline (any format `extract` reads).
    pub inputs: Vec<PathBuf>,
    /// Passes over the inputs (the first pass also loads the models).
    #[arg(long, default_value_t = 5)]
    pub passes: usize,
}

/// Peak resident memory of this process in MiB (Linux `VmHWM`).
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Runs `chronicle bench`.
pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let mut articles: Vec<ArticleInput> = Vec::new();
    let report = crate::inputs::for_each_article(&args.inputs, |a| {
        articles.push(a);
        Ok(())
    })?;
    if articles.is_empty() {
        anyhow::bail!("no articles to measure ({} input(s) skipped)", report.skipped);
    }
    let load = Instant::now();
    let models = chronicle_nlp::Models::try_embedded().context("the built-in language models")?;
    let coder = crate::pipeline::load_coder(None)?;
    let bare = coder.clone().without_attributes();
    let load = load.elapsed();
    let mut t_bare = Duration::ZERO;

    let (mut t_clean, mut t_split, mut t_parse, mut t_code) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let (mut n_sent, mut n_tok, mut n_events) = (0usize, 0usize, 0usize);
    let passes = args.passes.max(1);
    for _ in 0..passes {
        for input in &articles {
            let t = Instant::now();
            let (article, _) = clean_article(input, &ExtractOptions::default());
            t_clean += t.elapsed();
            let t = Instant::now();
            let mut sentences = split_sentences(&article.text);
            t_split += t.elapsed();
            let t = Instant::now();
            for s in &mut sentences {
                models.annotate(s);
            }
            t_parse += t.elapsed();
            let t = Instant::now();
            let events = coder.code_article(&article.id, article.date.as_deref(), &sentences);
            t_code += t.elapsed();
            let t = Instant::now();
            std::hint::black_box(bare.code_article(&article.id, article.date.as_deref(), &sentences));
            t_bare += t.elapsed();
            n_sent += sentences.len();
            n_tok += sentences.iter().map(|s| s.tokens.len()).sum::<usize>();
            n_events += events.len();
        }
    }
    let per_s = |n: usize, d: Duration| n as f64 / d.as_secs_f64().max(1e-9);
    let pipeline = t_split + t_parse + t_code;
    println!(
        "articles           {} × {passes} passes, {} sentences, {} tokens, {} events",
        articles.len(),
        n_sent / passes,
        n_tok / passes,
        n_events / passes
    );
    println!("model load         {:.0} ms", load.as_secs_f64() * 1000.0);
    println!(
        "clean              {:.0} articles/s",
        per_s(articles.len() * passes, t_clean)
    );
    println!("split + tokenise   {:.0} sentences/s", per_s(n_sent, t_split));
    println!(
        "tag + parse        {:.0} sentences/s, {:.0} tokens/s",
        per_s(n_sent, t_parse),
        per_s(n_tok, t_parse)
    );
    println!("code               {:.0} sentences/s", per_s(n_sent, t_code));
    println!(
        "  without attributes {:.0} sentences/s (dates, places and casualties cost {:.0}% of coding)",
        per_s(n_sent, t_bare),
        100.0 * (t_code.as_secs_f64() - t_bare.as_secs_f64()) / t_code.as_secs_f64().max(1e-9)
    );
    println!(
        "pipeline           {:.0} sentences/s (split, tag, parse, code; one core)",
        per_s(n_sent, pipeline)
    );
    println!(
        "with cleaning      {:.0} articles/s",
        per_s(articles.len() * passes, pipeline + t_clean)
    );
    if let Some(mib) = peak_memory_mib() {
        println!("peak memory        {mib:.0} MiB");
    }
    Ok(ExitCode::SUCCESS)
}
