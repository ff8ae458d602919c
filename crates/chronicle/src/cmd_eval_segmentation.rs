//! `chronicle eval segmentation FILE`: sentence splitting and tokenisation
//! scored on the raw text of a CoNLL-U treebank.
//!
//! The raw text of each document (`# newdoc`) is rebuilt from its `# text`
//! lines: sentences joined by a space, paragraphs (`# newpar`) by a blank
//! line. Chronicle splits and tokenises it; words and sentences are compared
//! as character spans (exact match). A multiword token ("Google's") counts
//! as its words when they spell it ("Google" + "'s").

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chronicle_nlp::conllu::{self, ConlluSentence};
use chronicle_text::score::SpanCounts;
use chronicle_text::split_sentences;

/// One document rebuilt from a treebank: its text and its gold spans.
#[derive(Default)]
struct GoldDocument {
    text: String,
    words: Vec<(usize, usize)>,
    sentences: Vec<(usize, usize)>,
}

impl GoldDocument {
    fn chars(&self) -> usize {
        self.text.chars().count()
    }

    /// Appends a sentence and its words, finding each token in the text.
    fn push(&mut self, sentence: &ConlluSentence, new_paragraph: bool) {
        if !self.text.is_empty() {
            self.text.push_str(if new_paragraph { "\n\n" } else { " " });
        }
        let base = self.chars();
        let text = sentence.text();
        self.text.push_str(&text);
        let chars: Vec<char> = text.chars().collect();
        let mut pos = 0;
        let mut word = 0;
        let first_word = self.words.len();
        while word < sentence.words.len() {
            // The token: a multiword token starting here, or the word itself.
            let mwt = sentence.multiwords.iter().find(|m| m.first == word + 1);
            let (form, covered) = match mwt {
                Some(m) => (m.form.as_str(), m.last - m.first + 1),
                None => (sentence.words[word].form.as_str(), 1),
            };
            let form_chars: Vec<char> = form.chars().collect();
            while pos < chars.len() && chars[pos].is_whitespace() {
                pos += 1;
            }
            let start = if chars[pos..].starts_with(&form_chars) {
                pos
            } else {
                // The form is not where expected (a typo in the text line): search on.
                (pos..chars.len())
                    .find(|&p| chars[p..].starts_with(&form_chars))
                    .unwrap_or(pos)
            };
            let end = (start + form_chars.len()).min(chars.len());
            let parts: Vec<&str> = sentence.words[word..word + covered]
                .iter()
                .map(|w| w.form.as_str())
                .collect();
            if covered > 1 && parts.concat() == form {
                let mut s = start;
                for p in parts {
                    let n = p.chars().count();
                    self.words.push((base + s, base + s + n));
                    s += n;
                }
            } else {
                for _ in 0..covered {
                    self.words.push((base + start, base + end));
                }
            }
            pos = end;
            word += covered;
        }
        if self.words.len() > first_word {
            self.sentences
                .push((self.words[first_word].0, self.words[self.words.len() - 1].1));
        }
    }
}

/// Prints the gold words the prediction missed, with what was predicted there.
fn print_misses(text: &str, gold: &[(usize, usize)], predicted: &[(usize, usize)]) {
    let chars: Vec<char> = text.chars().collect();
    let show = |(s, e): (usize, usize)| chars[s..e].iter().collect::<String>();
    let pred: std::collections::HashSet<_> = predicted.iter().collect();
    for &g in gold.iter().filter(|g| !pred.contains(g)) {
        let near: Vec<String> = predicted
            .iter()
            .filter(|p| p.0 < g.1 && g.0 < p.1)
            .map(|&p| show(p))
            .collect();
        println!("missed {:?}\tpredicted {:?}", show(g), near);
    }
}

/// Runs the segmentation benchmark and prints word and sentence scores.
pub fn run(path: &Path, verbose: bool) -> anyhow::Result<ExitCode> {
    let content =
        crate::inputs::read_file_text(path).with_context(|| format!("cannot read {}", path.display()))?;
    let read = conllu::read(&content);
    for e in &read.errors {
        eprintln!("chronicle: {}:{e}", path.display());
    }
    let mut docs: Vec<GoldDocument> = Vec::new();
    for s in &read.sentences {
        if s.comments.iter().any(|c| c.starts_with("newdoc")) || docs.is_empty() {
            docs.push(GoldDocument::default());
        }
        let new_par = s.comments.iter().any(|c| c.starts_with("newpar"));
        docs.last_mut().expect("pushed above").push(s, new_par);
    }
    let (mut words, mut sentences) = (SpanCounts::default(), SpanCounts::default());
    let start = std::time::Instant::now();
    for doc in &docs {
        let predicted = split_sentences(&doc.text);
        let pred_sentences: Vec<_> = predicted.iter().map(|s| s.span).collect();
        let pred_words: Vec<_> = predicted
            .iter()
            .flat_map(|s| {
                s.tokens
                    .iter()
                    .map(move |t| (s.span.0 + t.span.0, s.span.0 + t.span.1))
            })
            .collect();
        words.add(SpanCounts::compare(&doc.words, &pred_words));
        if verbose {
            print_misses(&doc.text, &doc.words, &pred_words);
        }
        sentences.add(SpanCounts::compare(&doc.sentences, &pred_sentences));
    }
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    println!("documents        {}", docs.len());
    println!(
        "words            P {:.4}  R {:.4}  F1 {:.4}  (gold {})",
        words.precision(),
        words.recall(),
        words.f1(),
        words.gold
    );
    println!(
        "sentences        P {:.4}  R {:.4}  F1 {:.4}  (gold {})",
        sentences.precision(),
        sentences.recall(),
        sentences.f1(),
        sentences.gold
    );
    println!("words/s          {:.0}", words.predicted as f64 / secs);
    Ok(ExitCode::SUCCESS)
}
