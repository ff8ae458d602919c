//! The coding pipeline for one article: clean → split → tag and parse → code.

use chronicle_coder::Coder;
use chronicle_model::{ArticleInput, CleanArticle, EventRecord, Sentence};
use chronicle_nlp::Models;
use chronicle_text::{clean_article, split_sentences, ExtractOptions, ExtractWarning};

/// An article taken through the whole pipeline.
pub struct CodedArticle {
    /// The cleaned article.
    pub article: CleanArticle,
    /// The events coded from them.
    pub events: Vec<EventRecord>,
    /// What extraction worked around.
    pub warnings: Vec<ExtractWarning>,
}

/// Splits, tags and parses a text.
pub fn analyse(models: &Models, text: &str) -> Vec<Sentence> {
    let mut sentences = split_sentences(text);
    for s in &mut sentences {
        models.annotate(s);
    }
    sentences
}

/// Runs the whole pipeline on one input article.
pub fn code_input(models: &Models, coder: &Coder, input: &ArticleInput) -> CodedArticle {
    let (article, warnings) = clean_article(input, &ExtractOptions::default());
    let sentences = analyse(models, &article.text);
    let events = coder.code_article(&article.id, article.date.as_deref(), &sentences);
    CodedArticle {
        article,
        events,
        warnings,
    }
}

/// Builds the coder from the built-in dictionaries plus the files of `dir`
/// named like the built-in ones (`countries.txt`, `verbs.txt`, …).
pub fn load_coder(dir: Option<&std::path::Path>) -> anyhow::Result<Coder> {
    let mut d = chronicle_coder::Dictionaries::builtin()?;
    if let Some(dir) = dir {
        let mut found = 0;
        for name in chronicle_coder::dictionary::FILE_NAMES {
            let path = dir.join(name);
            if path.exists() {
                let content = crate::inputs::read_file_text(&path)
                    .map_err(|e| anyhow::anyhow!("{}: {e:#}", path.display()))?;
                d.add_file(name, &path.display().to_string(), &content)?;
                found += 1;
            }
        }
        if found == 0 {
            anyhow::bail!(
                "{} holds none of the dictionary files ({})",
                dir.display(),
                chronicle_coder::dictionary::FILE_NAMES.join(", ")
            );
        }
    }
    let gazetteer =
        chronicle_geo::Gazetteer::embedded().map_err(|e| anyhow::anyhow!("the built-in gazetteer: {e}"))?;
    Ok(Coder::new(&d).with_gazetteer(gazetteer))
}
