//! `chronicle parse`: sentences, tokens, tags, lemmas and dependency trees.
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chronicle_model::{Sentence, Token};
use chronicle_nlp::{conllu, ConlluSentence, ConlluWord, Models};

/// What the input is.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Plain text: split into sentences and tokens first.
    Text,
    /// CoNLL-U: words and sentence breaks kept; tags, lemmas and trees predicted.
    Conllu,
}

/// What to write.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// CoNLL-U, one block per sentence.
    Conllu,
    /// JSON Lines: one `Sentence` object per line.
    Json,
}

/// Flags of `chronicle parse`.
#[derive(clap::Args)]
pub struct ParseArgs {
    /// Input files; `-` or none reads standard input.
    inputs: Vec<PathBuf>,
    /// Input format.
    #[arg(long, value_enum, default_value = "text")]
    from: InputFormat,
    /// Output format.
    #[arg(long, value_enum, default_value = "conllu")]
    to: OutputFormat,
    /// Write here instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Fail (exit 1) when any input line or file was bad, instead of skipping it.
    #[arg(long)]
    strict: bool,
}

fn read_input(path: &Path) -> anyhow::Result<String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("cannot read standard input")?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
    }
}

/// Runs `chronicle parse`.
pub fn run(args: ParseArgs) -> anyhow::Result<ExitCode> {
    let models = Models::try_embedded().context("loading the built-in language models")?;
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let mut out = crate::output::open(args.output.as_deref())?;
    let (mut problems, mut written) = (0usize, 0usize);
    for path in &inputs {
        let name = if path.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            path.display().to_string()
        };
        let text = match read_input(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{name}: {e:#}");
                problems += 1;
                continue;
            }
        };
        match args.from {
            InputFormat::Text => {
                for mut s in chronicle_text::split_sentences(&text) {
                    if s.tokens.is_empty() {
                        continue;
                    }
                    models.annotate(&mut s);
                    written += 1;
                    match args.to {
                        OutputFormat::Json => writeln!(out, "{}", serde_json::to_string(&s)?)?,
                        OutputFormat::Conllu => {
                            let c = to_conllu(&s, written);
                            let mut buf = String::new();
                            conllu::write_sentence(&c, &mut buf);
                            out.write_all(buf.as_bytes())?;
                        }
                    }
                }
            }
            InputFormat::Conllu => {
                let read = conllu::read(&text);
                for e in &read.errors {
                    eprintln!("{name}:{}: {} (sentence skipped)", e.line, e.kind);
                }
                problems += read.errors.len();
                let mut buf = String::new();
                for mut c in read.sentences {
                    models.annotate_conllu(&mut c);
                    written += 1;
                    match args.to {
                        OutputFormat::Json => writeln!(out, "{}", serde_json::to_string(&to_sentence(&c))?)?,
                        OutputFormat::Conllu => {
                            buf.clear();
                            conllu::write_sentence(&c, &mut buf);
                            out.write_all(buf.as_bytes())?;
                        }
                    }
                }
            }
        }
    }
    out.flush()?;
    if problems > 0 {
        eprintln!(
            "chronicle parse: {problems} bad sentence(s) or file(s) skipped, {written} sentence(s) written"
        );
    }
    if written == 0 && problems > 0 {
        anyhow::bail!("nothing could be read");
    }
    Ok(if args.strict && problems > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A tokenised, annotated sentence as CoNLL-U (`# text`, `SpaceAfter=No`).
fn to_conllu(s: &Sentence, n: usize) -> ConlluSentence {
    let words = s
        .tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let glued = s.tokens.get(i + 1).is_some_and(|next| next.span.0 == t.span.1);
            ConlluWord {
                form: t.form.clone(),
                lemma: t.lemma.clone(),
                upos: t.upos.clone(),
                xpos: t.xpos.clone(),
                feats: "_".into(),
                head: Some(t.head),
                deprel: t.deprel.clone(),
                deps: "_".into(),
                misc: if glued { "SpaceAfter=No".into() } else { "_".into() },
            }
        })
        .collect();
    let text = s.text.replace(['\n', '\r'], " ");
    ConlluSentence {
        comments: vec![format!("sent_id = {n}"), format!("text = {text}")],
        words,
        ..Default::default()
    }
}

/// A CoNLL-U sentence as a `Sentence`: text from `# text` (or the forms),
/// token spans found in it in order (character offsets).
fn to_sentence(c: &ConlluSentence) -> Sentence {
    let text = c.text();
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let tokens = c
        .words
        .iter()
        .map(|w| {
            let form: Vec<char> = w.form.chars().collect();
            let found =
                (pos..=chars.len().saturating_sub(form.len())).find(|&i| chars[i..].starts_with(&form));
            let start = found.unwrap_or(pos);
            let end = if found.is_some() {
                start + form.len()
            } else {
                start
            };
            pos = end;
            Token {
                form: w.form.clone(),
                span: (start, end),
                lemma: w.lemma.clone(),
                upos: w.upos.clone(),
                xpos: w.xpos.clone(),
                head: w.head.unwrap_or(0),
                deprel: w.deprel.clone(),
            }
        })
        .collect();
    let len = chars.len();
    Sentence {
        text,
        span: (0, len),
        tokens,
    }
}
