//! `chronicle train`: rebuilds a model from a CoNLL-U treebank.
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chronicle_nlp::{conllu, ConlluSentence, Lemmatizer, Models, Parser, Tagger, TrainConfig};

/// Which model to train.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ModelKind {
    /// Part-of-speech tagger (UPOS and XPOS).
    Tagger,
    /// Dependency parser (HEAD and DEPREL).
    Parser,
    /// Lemmatiser exception table (LEMMA).
    Lemmatizer,
    /// Punctuation ranker, added to the parser of --parser (HEAD of PUNCT
    /// words, re-chosen after parsing); writes the parser with it.
    Punct,
    /// Root ranker, added to the parser of --parser (which must have a
    /// punctuation ranker): re-chooses each sentence's root among the parsed
    /// root and its children; learns from jackknifed trees (--trees-in or
    /// --punct-folds); writes the parser with it.
    Root,
}

/// Flags of `chronicle train`.
#[derive(clap::Args)]
#[command(
    after_help = "Example (the built-in models; see crates/chronicle-nlp/models/rebuild.sh):\n  \
    chronicle train tagger --train ../shared/data/ud-english-ewt/en_ewt-ud-train.conllu \\\n      \
    --dev ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu --epochs 8 --output tagger.bin"
)]
pub struct TrainArgs {
    /// The model to train.
    kind: ModelKind,
    /// Training treebank (CoNLL-U), e.g. ../shared/data/ud-english-ewt/en_ewt-ud-train.conllu.
    #[arg(long)]
    train: PathBuf,
    /// Development treebank (CoNLL-U) scored after each epoch; the best epoch is kept.
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Passes over the training data.
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Seed for shuffling and exploration: same data and seed, same model.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write the model [default: <KIND>.bin in the current folder].
    #[arg(long)]
    output: Option<PathBuf>,
    /// Parser: jackknife folds for predicted training tags (0 = gold tags).
    #[arg(long, default_value_t = 10)]
    jackknife: usize,
    /// Parser: epochs of each jackknife tagger.
    #[arg(long, default_value_t = 8)]
    tagger_epochs: usize,
    /// Tagger: words seen this often with one label 97% of the time are tagged from a dictionary.
    #[arg(long, default_value_t = 20)]
    tagdict_min_count: usize,
    /// Parser: when exploring (after the first epoch), the chance of following the model's own move.
    #[arg(long, default_value_t = 0.9)]
    explore: f64,
    /// Parser: beam width; 1 trains a greedy parser with the dynamic oracle, more a
    /// beam-search parser with global training and early update.
    #[arg(long, default_value_t = 1)]
    beam: usize,
    /// Parser: the non-monotonic arc-eager system (Honnibal, Goldberg & Johnson 2013):
    /// Left-Arc may replace a head that Right-Arc gave too early.
    #[arg(long)]
    non_monotonic: bool,
    /// Parser: features whose largest weight is below this (the largest weight being 32767) are pruned.
    #[arg(long, default_value_t = 512)]
    prune: i16,
    /// Parser: also log the dev scores at these pruning levels after each epoch (comma-separated).
    #[arg(long, value_delimiter = ',')]
    dev_prunes: Vec<i16>,
    /// Tagger and parser: train this many models with seeds SEED, SEED+1, ... and
    /// average them into one (an ensemble as fast as a single model).
    #[arg(long, default_value_t = 1)]
    ensemble: usize,
    /// Parser: the tagger model that tags --dev [default: the built-in tagger].
    #[arg(long)]
    tagger: Option<PathBuf>,
    /// Punct, root: the parser to add the ranker to [default: the built-in parser].
    #[arg(long)]
    parser: Option<PathBuf>,
    /// Punct, root: learn from jackknifed trees of --train in this many folds, each
    /// tagged and parsed by models trained on the other folds (with --fold-epochs,
    /// --jackknife and --tagger-epochs); 0: learn from the gold trees.
    #[arg(long, default_value_t = 0)]
    punct_folds: usize,
    /// Punct, root: parser epochs of each fold's parser.
    #[arg(long, default_value_t = 10)]
    fold_epochs: usize,
    /// Punct, root: learn from these predicted trees of --train (CoNLL-U, same sentences)
    /// instead of making them.
    #[arg(long)]
    trees_in: Option<PathBuf>,
    /// Punct, root: write the jackknifed trees here (for --trees-in).
    #[arg(long)]
    trees_out: Option<PathBuf>,
    /// Root: how much better than the parsed root a child must score to
    /// replace it [default: the best of a few on --dev, else 0]
    #[arg(long)]
    root_margin: Option<u32>,
}

fn load_tagger(path: Option<&Path>) -> anyhow::Result<Option<Tagger>> {
    Ok(match path {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            Some(Tagger::from_bytes(&bytes).with_context(|| format!("cannot load tagger {}", p.display()))?)
        }
        None => Models::try_embedded().ok().map(|m| m.tagger.clone()),
    })
}

/// Prints one line per epoch, with the dev scores when there are some.
fn epoch_logger(start: Instant) -> impl FnMut(usize, Option<(f64, f64)>) {
    move |epoch, scores| {
        let s = scores.map_or_else(String::new, |(u, l)| format!(", dev UAS {u:.2}% LAS {l:.2}%"));
        eprintln!("epoch {epoch}{s} ({:.0?})", start.elapsed());
    }
}

/// The predicted trees the rankers learn from: those of `--trees-in`, or
/// `--punct-folds` jackknifed trees of `train` (also written to
/// `--trees-out`), or none.
fn predicted_trees(
    args: &TrainArgs,
    cfg: &TrainConfig,
    train: &[ConlluSentence],
    start: Instant,
) -> anyhow::Result<Option<Vec<ConlluSentence>>> {
    let k = match (&args.trees_in, args.punct_folds) {
        (Some(p), _) => return Ok(Some(read_treebank(p)?)),
        (None, 0 | 1) => return Ok(None),
        (None, k) => k,
    };
    let fold_cfg = TrainConfig {
        epochs: args.fold_epochs,
        ..cfg.clone()
    };
    let trees = chronicle_nlp::jackknife_trees(train, k, &fold_cfg, &mut |msg| {
        eprintln!("{msg} ({:.0?})", start.elapsed())
    });
    if let Some(p) = &args.trees_out {
        let mut text = String::new();
        trees.iter().for_each(|s| conllu::write_sentence(s, &mut text));
        std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))?;
    }
    Ok(Some(trees))
}

/// The parser of `path`, or the built-in one.
fn load_parser(path: Option<&Path>) -> anyhow::Result<Parser> {
    Ok(match path {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            Parser::from_bytes(&bytes).with_context(|| format!("cannot load parser {}", p.display()))?
        }
        None => Models::try_embedded()
            .context("loading the built-in parser")?
            .parser
            .clone(),
    })
}

fn read_treebank(path: &Path) -> anyhow::Result<Vec<ConlluSentence>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let read = conllu::read(&text);
    for e in &read.errors {
        eprintln!("{}:{}: {} (sentence skipped)", path.display(), e.line, e.kind);
    }
    anyhow::ensure!(!read.sentences.is_empty(), "no sentences in {}", path.display());
    eprintln!("{}: {} sentences", path.display(), read.sentences.len());
    Ok(read.sentences)
}

/// Runs `chronicle train`.
pub fn run(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    let train = read_treebank(&args.train)?;
    let dev = args.dev.as_deref().map(read_treebank).transpose()?;
    let cfg = TrainConfig {
        epochs: args.epochs,
        seed: args.seed,
        jackknife: args.jackknife,
        tagger_epochs: args.tagger_epochs,
        tagdict_min_count: args.tagdict_min_count,
        explore_prob: args.explore,
        beam: args.beam,
        parser_prune: args.prune,
        dev_prunes: args.dev_prunes.clone(),
        ensemble: args.ensemble,
        non_monotonic: args.non_monotonic,
        ..TrainConfig::default()
    };
    let (bytes, name) = match args.kind {
        ModelKind::Tagger => {
            let tagger = chronicle_nlp::train_tagger_with(&train, dev.as_deref(), &cfg, &mut |epoch, acc| {
                let acc = acc.map_or_else(String::new, |a| format!(", dev UPOS+XPOS {a:.2}%"));
                eprintln!("epoch {epoch}{acc} ({:.0?})", start.elapsed());
            });
            eprintln!("{} features", tagger.n_features());
            (tagger.to_bytes(), "tagger")
        }
        ModelKind::Lemmatizer => {
            let lem = Lemmatizer::train(&train);
            eprintln!("{} exceptions", lem.n_exceptions());
            (lem.to_bytes(), "lemmatizer")
        }
        ModelKind::Parser => {
            let tagger = load_tagger(args.tagger.as_deref())?;
            if dev.is_some() && tagger.is_none() {
                eprintln!("no tagger: scoring --dev with its gold tags");
            }
            let parser = chronicle_nlp::train_parser_with(
                &train,
                dev.as_deref(),
                tagger.as_ref(),
                &cfg,
                &mut epoch_logger(start),
                &mut |msg| eprintln!("{msg} ({:.0?})", start.elapsed()),
            );
            eprintln!("{} features", parser.n_features());
            (parser.to_bytes(), "parser")
        }
        ModelKind::Root => {
            let tagger = load_tagger(args.tagger.as_deref())?;
            let mut parser = load_parser(args.parser.as_deref())?;
            if parser.punct().is_none() {
                anyhow::bail!("the root ranker is stored with a parser that has a punctuation ranker; train that first (chronicle train punct)");
            }
            let Some(trees) = predicted_trees(&args, &cfg, &train, start)? else {
                anyhow::bail!(
                    "the root ranker learns from predicted trees: give --trees-in FILE or --punct-folds K"
                );
            };
            let mut ranker = chronicle_nlp::train_root_ranker(
                &parser,
                &train,
                &trees,
                dev.as_deref().map(|d| (d, tagger.as_ref())),
                (args.epochs, args.seed),
                &mut epoch_logger(start),
                &mut |msg| eprintln!("{msg} ({:.0?})", start.elapsed()),
            );
            if let Some(m) = args.root_margin {
                ranker.margin = m.min(i32::MAX as u32) as i32;
            }
            eprintln!("{} root features, margin {}", ranker.n_features(), ranker.margin);
            parser.set_root_ranker(Some(ranker));
            (parser.to_bytes(), "parser")
        }
        ModelKind::Punct => {
            let tagger = load_tagger(args.tagger.as_deref())?;
            let mut parser = load_parser(args.parser.as_deref())?;
            let trees = predicted_trees(&args, &cfg, &train, start)?;
            let ranker = chronicle_nlp::train_punct_ranker(
                &parser,
                tagger.as_ref(),
                &train,
                trees.as_deref(),
                dev.as_deref(),
                (args.epochs, args.seed),
                &mut epoch_logger(start),
            );
            eprintln!("{} punctuation features", ranker.n_features());
            parser.set_punct(Some(ranker));
            (parser.to_bytes(), "parser")
        }
    };
    let out = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{name}.bin")));
    std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "wrote {} ({} bytes) in {:.1?}",
        out.display(),
        bytes.len(),
        start.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}
