//! Chronicle's language layer: part-of-speech tagger, lemmatiser and
//! dependency parser, with their training and evaluation.
//!
//! Words in, Universal Dependencies analyses out: for each token of a
//! [`chronicle_model::Sentence`], [`Models::annotate`] fills `upos`, `xpos`
//! (Penn), `lemma`, `head` and `deprel`. The models are small averaged
//! perceptrons trained on the UD English Web Treebank and built into the
//! binary ([`Models::embedded`]); nothing is downloaded or read at run time.
//!
//! * [`tagger`]: greedy left-to-right tagger over joint `UPOS XPOS` labels.
//! * [`lemma`]: suffix rules by Penn tag plus a learned exception table.
//! * [`parser`]: greedy arc-eager parser trained with a dynamic oracle.
//! * [`punct`]: re-attaches punctuation after parsing with a learned ranker.
//! * [`conllu`]: CoNLL-U reading (with line-numbered errors) and writing.
//! * [`eval`]: UPOS, XPOS, lemma, UAS and LAS against gold CoNLL-U.
//!
//! The crate does no I/O: training data and models come in as values.

pub mod binfmt;
pub mod conllu;
pub mod eval;
mod hash;
pub mod lemma;
pub mod parser;
mod perceptron;
pub mod punct;
pub mod rootrank;
pub mod tagger;

use std::cell::RefCell;
use std::sync::OnceLock;

use chronicle_model::Sentence;

pub use binfmt::ModelError;
pub use conllu::{ConlluError, ConlluRead, ConlluSentence, ConlluWord};
pub use eval::{evaluate, score, UdScores};
pub use lemma::Lemmatizer;
pub use parser::{
    jackknife_trees, train_parser, train_parser_with, train_punct_ranker, train_root_ranker, Parser,
};
pub use tagger::{train_tagger, train_tagger_with, Tagger};

/// Settings for training the tagger and the parser.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the shuffling and exploration; same seed, same model.
    pub seed: u64,
    /// Tagger: a word seen at least this often ...
    pub tagdict_min_count: usize,
    /// ... with one label at least this share of the time is tagged from the
    /// dictionary.
    pub tagdict_min_ratio: f64,
    /// Tagger: words seen at least this often get an ambiguity class (the
    /// set of their labels) as a feature.
    pub amb_min_count: usize,
    /// Parser: number of jackknife folds for predicted training tags (0 or 1:
    /// gold tags).
    pub jackknife: usize,
    /// Parser: epochs of each jackknife tagger.
    pub tagger_epochs: usize,
    /// Tagger: features whose largest weight is below this (on a scale where
    /// the model's largest weight is 32767) are pruned.
    pub tagger_prune: i16,
    /// Parser: the same for the parser.
    pub parser_prune: i16,
    /// Parser: epochs trained on the oracle path before exploring.
    pub explore_after: usize,
    /// Parser: when exploring, the chance of following the model's own move.
    pub explore_prob: f64,
    /// Parser: beam width. `1` trains a greedy parser with the dynamic
    /// oracle; wider beams train globally with early update (Zhang & Clark
    /// 2008) and decode with the same width.
    pub beam: usize,
    /// Parser: other pruning levels whose dev scores are logged after each
    /// epoch (to choose `parser_prune`; the model keeps `parser_prune`).
    pub dev_prunes: Vec<i16>,
    /// Tagger and parser: how many models to train, with seeds `seed`,
    /// `seed + 1`, …, and average into one (an ensemble that runs as fast
    /// as a single model). `1`: a single model. Each parser has its own
    /// jackknife, of single taggers.
    pub ensemble: usize,
    /// Parser: use the non-monotonic arc-eager system, whose Left-Arc can
    /// replace a head given by Right-Arc (see `State::non_monotonic`).
    pub non_monotonic: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 10,
            seed: 1,
            tagdict_min_count: 20,
            tagdict_min_ratio: 0.97,
            amb_min_count: 2,
            jackknife: 0,
            tagger_epochs: 8,
            tagger_prune: 256,
            parser_prune: 512,
            explore_after: 1,
            explore_prob: 0.9,
            beam: 1,
            dev_prunes: Vec::new(),
            ensemble: 1,
            non_monotonic: false,
        }
    }
}

impl TrainConfig {
    /// The settings for the jackknife taggers of parser training.
    pub fn tagger(&self) -> TrainConfig {
        TrainConfig {
            epochs: self.tagger_epochs,
            ensemble: 1,
            ..self.clone()
        }
    }
}

/// The three models of the language layer.
#[derive(Clone)]
pub struct Models {
    /// Part-of-speech tagger.
    pub tagger: Tagger,
    /// Lemmatiser.
    pub lemmatizer: Lemmatizer,
    /// Dependency parser.
    pub parser: Parser,
}

static TAGGER_BIN: &[u8] = include_bytes!("../models/tagger.bin");
static LEMMAS_BIN: &[u8] = include_bytes!("../models/lemmas.bin");
static PARSER_BIN: &[u8] = include_bytes!("../models/parser.bin");

/// One analysed word: what [`Models::analyse`] gives per form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// Universal part-of-speech tag.
    pub upos: String,
    /// Penn Treebank tag.
    pub xpos: String,
    /// Lemma.
    pub lemma: String,
    /// 1-based head, `0` for the root.
    pub head: usize,
    /// Dependency relation with subtype.
    pub deprel: String,
}

#[derive(Default)]
struct Scratch {
    tag: tagger::TagScratch,
    parse: parser::ParseScratch,
    classes: Vec<usize>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Models {
    /// The models built into this binary, loaded on first use.
    ///
    /// # Panics
    /// If the embedded models cannot be loaded (a build without trained
    /// models); use [`Models::try_embedded`] to handle that as an error.
    pub fn embedded() -> &'static Models {
        match Models::try_embedded() {
            Ok(m) => m,
            Err(e) => panic!("embedded language models: {e}"),
        }
    }

    /// The models built into this binary, or why they cannot be loaded.
    pub fn try_embedded() -> Result<&'static Models, ModelError> {
        static MODELS: OnceLock<Result<Models, ModelError>> = OnceLock::new();
        MODELS
            .get_or_init(|| Models::from_bytes(TAGGER_BIN, LEMMAS_BIN, PARSER_BIN))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Loads the three models from their files' bytes.
    pub fn from_bytes(tagger: &[u8], lemmas: &[u8], parser: &[u8]) -> Result<Models, ModelError> {
        let check = |b: &[u8], what| {
            if b.is_empty() {
                Err(ModelError::Missing(what))
            } else {
                Ok(())
            }
        };
        check(tagger, "tagger")?;
        check(lemmas, "lemmatiser")?;
        check(parser, "parser")?;
        Ok(Models {
            tagger: Tagger::from_bytes(tagger)?,
            lemmatizer: Lemmatizer::from_bytes(lemmas)?,
            parser: Parser::from_bytes(parser)?,
        })
    }

    /// Tags and parses a sentence given as word forms, without lemmas or
    /// copies: per word `(upos, xpos, head, deprel)`, heads 1-based, exactly
    /// one `0`.
    pub fn tag_and_parse(&self, forms: &[&str]) -> Vec<(&str, &str, usize, &str)> {
        if forms.is_empty() {
            return Vec::new();
        }
        SCRATCH.with(|sc| {
            let sc = &mut *sc.borrow_mut();
            self.tagger.tag_into(forms, &mut sc.tag, &mut sc.classes);
            let tags: Vec<&str> = sc.classes.iter().map(|&c| self.tagger.joint(c)).collect();
            let tree = self.parser.parse_into(forms, &tags, &mut sc.parse);
            sc.classes
                .iter()
                .zip(tree)
                .map(|(&c, (head, l))| {
                    let (upos, xpos) = self.tagger.label(c);
                    (upos, xpos, head, self.parser.labels()[usize::from(l)].as_str())
                })
                .collect()
        })
    }

    /// Tags, lemmatises and parses a sentence given as word forms.
    pub fn analyse(&self, forms: &[&str]) -> Vec<Analysis> {
        forms
            .iter()
            .zip(self.tag_and_parse(forms))
            .map(|(form, (upos, xpos, head, deprel))| Analysis {
                upos: upos.to_string(),
                xpos: xpos.to_string(),
                lemma: self.lemmatizer.lemma(form, xpos),
                head,
                deprel: deprel.to_string(),
            })
            .collect()
    }

    /// Fills `upos`, `xpos`, `lemma`, `head` and `deprel` of every token.
    pub fn annotate(&self, sentence: &mut Sentence) {
        let forms: Vec<&str> = sentence.tokens.iter().map(|t| t.form.as_str()).collect();
        let analyses = self.analyse(&forms);
        for (t, a) in sentence.tokens.iter_mut().zip(analyses) {
            t.upos = a.upos;
            t.xpos = a.xpos;
            t.lemma = a.lemma;
            t.head = a.head;
            t.deprel = a.deprel;
        }
    }

    /// Replaces LEMMA, UPOS, XPOS, HEAD and DEPREL of every word with
    /// predictions (DEPS, which would no longer agree, becomes `_`).
    pub fn annotate_conllu(&self, sentence: &mut ConlluSentence) {
        let forms: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
        let analyses = self.analyse(&forms);
        for (w, a) in sentence.words.iter_mut().zip(analyses) {
            w.upos = a.upos;
            w.xpos = a.xpos;
            w.lemma = a.lemma;
            w.head = Some(a.head);
            w.deprel = a.deprel;
            w.deps = "_".into();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_models_load_and_parse() {
        let models = match Models::try_embedded() {
            Ok(m) => m,
            Err(ModelError::Missing(_)) => return, // a bootstrap build, before training
            Err(e) => panic!("{e}"),
        };
        let a = models.analyse(&["The", "forces", "struck", "the", "town", "."]);
        assert_eq!(a.len(), 6);
        assert_eq!(a.iter().filter(|x| x.head == 0).count(), 1);
        assert_eq!(a[1].lemma, "force");
        assert_eq!(a[2].lemma, "strike");
        assert_eq!(a[5].upos, "PUNCT");
    }

    #[test]
    fn truncated_model_files_give_errors() {
        if TAGGER_BIN.is_empty() {
            return;
        }
        let cuts = |len: usize| [0, 3, 9, 20, len / 2, len - 1];
        for cut in cuts(TAGGER_BIN.len()) {
            assert!(
                Tagger::from_bytes(&TAGGER_BIN[..cut]).is_err(),
                "tagger cut at {cut}"
            );
        }
        for cut in cuts(LEMMAS_BIN.len()) {
            assert!(
                Lemmatizer::from_bytes(&LEMMAS_BIN[..cut]).is_err(),
                "lemmas cut at {cut}"
            );
        }
        for cut in cuts(PARSER_BIN.len()) {
            assert!(
                Parser::from_bytes(&PARSER_BIN[..cut]).is_err(),
                "parser cut at {cut}"
            );
        }
        assert!(Models::from_bytes(&TAGGER_BIN[..100], LEMMAS_BIN, PARSER_BIN).is_err());
        assert_eq!(
            Parser::from_bytes(TAGGER_BIN).err(),
            Some(ModelError::WrongKind {
                expected: 'P',
                found: 'T'
            })
        );
    }
}

#[cfg(test)]
mod training_tests {
    use super::*;

    fn treebank_slice(lines: usize) -> Option<Vec<ConlluSentence>> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/ud-english-ewt/en_ewt-ud-train.conllu"
        );
        let text = std::fs::read_to_string(path).ok()?;
        let slice: String = text.lines().take(lines).map(|l| format!("{l}\n")).collect();
        Some(conllu::read(&slice).sentences)
    }

    #[test]
    fn training_is_deterministic_for_a_seed_and_learns() {
        let Some(train) = treebank_slice(6_000) else {
            eprintln!("skipping: treebank not found");
            return;
        };
        let cfg = TrainConfig {
            epochs: 2,
            jackknife: 2,
            tagger_epochs: 2,
            ..TrainConfig::default()
        };
        let t1 = train_tagger(&train, &cfg);
        let t2 = train_tagger(&train, &cfg);
        assert_eq!(t1.to_bytes(), t2.to_bytes());
        let p1 = train_parser(&train, &cfg);
        let p2 = train_parser(&train, &cfg);
        assert_eq!(p1.to_bytes(), p2.to_bytes());
        let other = train_tagger(
            &train,
            &TrainConfig {
                seed: 7,
                ..cfg.clone()
            },
        );
        assert_ne!(t1.to_bytes(), other.to_bytes(), "the seed matters");
        // On its own training data, the model must be far better than chance.
        let models = Models {
            tagger: t1,
            lemmatizer: Lemmatizer::train(&train),
            parser: p1,
        };
        let scores = evaluate(&models, &train);
        assert!(scores.upos > 80.0 && scores.uas > 60.0, "{scores:?}");
    }

    #[test]
    fn ensembles_are_deterministic_averages_of_their_members() {
        let Some(train) = treebank_slice(3_000) else {
            eprintln!("skipping: treebank not found");
            return;
        };
        let cfg = TrainConfig {
            epochs: 1,
            ensemble: 2,
            ..TrainConfig::default()
        };
        let single = |seed| TrainConfig {
            seed,
            ensemble: 1,
            ..cfg.clone()
        };
        let t = train_tagger(&train, &cfg);
        assert_eq!(t.to_bytes(), train_tagger(&train, &cfg).to_bytes());
        let taggers = [train_tagger(&train, &single(1)), train_tagger(&train, &single(2))];
        let mean = Tagger::average(&taggers, cfg.tagger_prune / 2).unwrap();
        assert_eq!(t.to_bytes(), mean.to_bytes());
        let p = train_parser(&train, &cfg);
        assert_eq!(p.to_bytes(), train_parser(&train, &cfg).to_bytes());
        let parsers = [train_parser(&train, &single(1)), train_parser(&train, &single(2))];
        let mean = Parser::average(&parsers, cfg.parser_prune / 2).unwrap();
        assert_eq!(p.to_bytes(), mean.to_bytes());
        assert_ne!(p.to_bytes(), parsers[0].to_bytes());
    }

    #[test]
    fn punctuation_and_root_rankers_train_round_trip_and_keep_one_root() {
        let Some(train) = treebank_slice(6_000) else {
            eprintln!("skipping: treebank not found");
            return;
        };
        let cfg = TrainConfig {
            epochs: 2,
            ..TrainConfig::default()
        };
        let mut parser = train_parser(&train, &cfg);
        let plain = parser.to_bytes();
        assert!(Parser::from_bytes(&plain).unwrap().punct().is_none());
        let trees = jackknife_trees(&train, 2, &cfg, &mut |_| {});
        assert_eq!(trees.len(), train.len());
        let ranker = train_punct_ranker(&parser, None, &train, Some(&trees), None, (2, 1), &mut |_, _| {});
        assert!(ranker.n_features() > 0);
        parser.set_punct(Some(ranker));
        // The root ranker, stored after the punctuation ranker.
        let roots = train_root_ranker(&parser, &train, &trees, None, (2, 1), &mut |_, _| {}, &mut |_| {});
        assert!(roots.n_features() > 0);
        parser.set_root_ranker(Some(roots));
        let bytes = parser.to_bytes();
        assert_ne!(bytes, plain);
        let back = Parser::from_bytes(&bytes).unwrap();
        assert!(back.punct().is_some() && back.root_ranker().is_some());
        for cut in [bytes.len() / 2, bytes.len() - 1] {
            assert!(Parser::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert_eq!(trees_of(&back, &train), trees_of(&parser, &train));
    }

    /// The trees `parser` gives `sentences` (gold tags), each checked to be a
    /// tree: one root, and every word reaching it.
    fn trees_of(parser: &Parser, sentences: &[ConlluSentence]) -> Vec<Vec<(usize, String)>> {
        let mut out = Vec::new();
        for s in sentences {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let upos: Vec<&str> = s.words.iter().map(|w| w.upos.as_str()).collect();
            let xpos: Vec<&str> = s.words.iter().map(|w| w.xpos.as_str()).collect();
            let tree = parser.parse(&forms, &upos, &xpos);
            assert_eq!(tree.iter().filter(|(h, _)| *h == 0).count(), 1, "line {}", s.line);
            for (d, (h, _)) in tree.iter().enumerate() {
                let (mut x, mut steps) = (*h, 0);
                while x != 0 && steps <= tree.len() {
                    x = tree[x - 1].0;
                    steps += 1;
                }
                assert_eq!(x, 0, "cycle at line {} word {}", s.line, d + 1);
            }
            out.push(tree.into_iter().map(|(h, l)| (h, l.to_string())).collect());
        }
        out
    }

    #[test]
    fn non_monotonic_parsers_round_trip_and_make_trees() {
        let Some(train) = treebank_slice(6_000) else {
            eprintln!("skipping: treebank not found");
            return;
        };
        let cfg = TrainConfig {
            epochs: 2,
            non_monotonic: true,
            ..TrainConfig::default()
        };
        let p = train_parser(&train, &cfg);
        assert_eq!(p.to_bytes(), train_parser(&train, &cfg).to_bytes());
        let back = Parser::from_bytes(&p.to_bytes()).unwrap();
        assert!(back.non_monotonic() && back.beam() == 1);
        let monotonic = train_parser(
            &train,
            &TrainConfig {
                non_monotonic: false,
                ..cfg.clone()
            },
        );
        assert!(!Parser::from_bytes(&monotonic.to_bytes()).unwrap().non_monotonic());
        let models = Models {
            tagger: train_tagger(&train, &cfg),
            lemmatizer: Lemmatizer::train(&train),
            parser: back,
        };
        let scores = evaluate(&models, &train);
        assert!(scores.uas > 60.0, "{scores:?}");
        trees_of(&models.parser, &train);
    }

    #[test]
    fn beam_training_is_deterministic_and_learns() {
        let Some(train) = treebank_slice(6_000) else {
            eprintln!("skipping: treebank not found");
            return;
        };
        let cfg = TrainConfig {
            epochs: 2,
            beam: 4,
            ..TrainConfig::default()
        };
        let p1 = train_parser(&train, &cfg);
        assert_eq!(p1.to_bytes(), train_parser(&train, &cfg).to_bytes());
        let back = Parser::from_bytes(&p1.to_bytes()).unwrap();
        assert_eq!(back.beam(), 4);
        let models = Models {
            tagger: train_tagger(
                &train,
                &TrainConfig {
                    epochs: 2,
                    ..cfg.clone()
                },
            ),
            lemmatizer: Lemmatizer::train(&train),
            parser: back,
        };
        for s in train.iter().take(50) {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let roots = models.analyse(&forms).iter().filter(|a| a.head == 0).count();
            assert_eq!(roots, 1);
        }
        let scores = evaluate(&models, &train);
        assert!(scores.uas > 60.0, "{scores:?}");
    }
}
