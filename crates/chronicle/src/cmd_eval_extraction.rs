//! `chronicle eval extraction DIR`: the article-body measure on a folder of
//! pages (`html/ID.html.gz`) and their hand-made bodies (`ground-truth.json`).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chronicle_model::ArticleInput;
use chronicle_text::extract::{clean_article, ExtractOptions};
use chronicle_text::score::{shingle_overlap, ExtractionScore};
use serde::Deserialize;

#[derive(Deserialize)]
struct GoldPage {
    #[serde(rename = "articleBody")]
    article_body: String,
    url: Option<String>,
}

/// Runs the extraction benchmark and prints precision, recall, F1 and pages/s.
pub fn run(dir: &Path, options: ExtractOptions, verbose: bool) -> anyhow::Result<ExitCode> {
    let gold_path = dir.join("ground-truth.json");
    let gold_text = std::fs::read_to_string(&gold_path)
        .with_context(|| format!("cannot read {}", gold_path.display()))?;
    let gold: BTreeMap<String, GoldPage> = serde_json::from_str(&gold_text)
        .with_context(|| format!("{} is not the benchmark's ground-truth JSON", gold_path.display()))?;
    let mut score = ExtractionScore::default();
    let mut missing = 0;
    let mut busy = std::time::Duration::ZERO;
    for (id, page) in &gold {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let html = match crate::inputs::read_file_text(&path) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("{}: {e:#}", path.display());
                missing += 1;
                continue;
            }
        };
        let input = ArticleInput {
            id: id.clone(),
            html: Some(html),
            url: page.url.clone(),
            ..Default::default()
        };
        let start = Instant::now();
        let (article, _warnings) = clean_article(&input, &options);
        busy += start.elapsed();
        let overlap = shingle_overlap(&article.text, &page.article_body);
        if verbose {
            let (tp, fp, fn_) = (
                overlap.true_positives,
                overlap.false_positives,
                overlap.false_negatives,
            );
            let p = tp as f64 / (tp + fp).max(1) as f64;
            let r = tp as f64 / (tp + fn_).max(1) as f64;
            println!("{id}\tP {p:.3}\tR {r:.3}");
        }
        score.add(overlap);
    }
    println!("pages      {}", score.pages);
    println!("precision  {:.4}", score.precision());
    println!("recall     {:.4}", score.recall());
    println!("F1         {:.4}", score.f1());
    println!(
        "pages/s    {:.1}",
        score.pages as f64 / busy.as_secs_f64().max(1e-9)
    );
    if missing > 0 {
        eprintln!("chronicle: {missing} page(s) could not be read");
    }
    Ok(ExitCode::SUCCESS)
}
