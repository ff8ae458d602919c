//! The part-of-speech tagger: a greedy left-to-right averaged perceptron over
//! joint `UPOS XPOS` labels (`NOUN NN`, `AUX VBZ`, …).
//!
//! All features are built in [`Tagger::features`]; words that are frequent and
//! (nearly) always carry one label are tagged from a dictionary without
//! scoring.

use std::collections::HashMap;

use crate::binfmt::{ByteReader, ByteWriter, ModelError};
use crate::conllu::ConlluSentence;
use crate::hash::{feat, hash_str, mix, IdBuild};
use crate::perceptron::{argmax, Linear, Rng, Trainer};
use crate::TrainConfig;

/// A tagger's surface features of one word, computed once per sentence.
#[derive(Clone, Copy, Default)]
pub(crate) struct WordInfo {
    /// Exact form.
    pub form: u64,
    /// Lowercased form.
    pub lower: u64,
    pub prefix: [u64; 3],
    pub suffix: [u64; 4],
    pub shape: u64,
    pub flags: u64,
    /// The set of labels the word had in training (its ambiguity class).
    pub amb: u64,
}

const PAD_LEFT: u64 = 0x1111;
const PAD_RIGHT: u64 = 0x2222;
const NO_TAG: u64 = 0xffff;
const UNKNOWN_AMB: u64 = 0x3333;

fn amb_hash(set: &[u16]) -> u64 {
    let v: Vec<u64> = set.iter().map(|&c| u64::from(c)).collect();
    feat(1000, &v)
}

impl WordInfo {
    fn pad(v: u64) -> WordInfo {
        WordInfo {
            form: v,
            lower: v,
            prefix: [v; 3],
            suffix: [v; 4],
            shape: v,
            flags: v,
            amb: v,
        }
    }
}

/// Computes the surface features of each form.
pub(crate) fn word_infos(forms: &[&str], buf: &mut String, out: &mut Vec<WordInfo>) {
    out.clear();
    for (i, form) in forms.iter().enumerate() {
        buf.clear();
        buf.extend(form.chars().flat_map(char::to_lowercase));
        let lower = buf.as_str();
        let mut info = WordInfo {
            form: hash_str(form),
            lower: hash_str(lower),
            ..WordInfo::default()
        };
        let bounds: Vec<usize> = lower
            .char_indices()
            .map(|(b, _)| b)
            .chain([lower.len()])
            .collect();
        let n = bounds.len() - 1;
        for k in 0..4 {
            let len = (k + 1).min(n);
            info.suffix[k] = mix(k as u64, hash_str(&lower[bounds[n - len]..]));
            if k < 3 {
                info.prefix[k] = mix(k as u64 + 10, hash_str(&lower[..bounds[len]]));
            }
        }
        let (mut shape, mut last, mut run) = (0u64, '\0', 0);
        let (mut digit, mut hyphen, mut upper, mut lowerc) = (false, false, 0usize, false);
        for c in form.chars() {
            let s = if c.is_uppercase() {
                upper += 1;
                'X'
            } else if c.is_lowercase() {
                lowerc = true;
                'x'
            } else if c.is_ascii_digit() {
                digit = true;
                'd'
            } else {
                hyphen |= c == '-';
                c
            };
            run = if s == last { run + 1 } else { 0 };
            last = s;
            if run < 3 {
                shape = mix(shape, u64::from(s));
            }
        }
        info.shape = shape;
        let first_upper = form.chars().next().is_some_and(char::is_uppercase);
        info.flags = u64::from(digit)
            | u64::from(hyphen) << 1
            | u64::from(first_upper) << 2
            | u64::from(upper > 1 && !lowerc) << 3
            | u64::from(i == 0) << 4;
        out.push(info);
    }
}

/// The part-of-speech tagger.
#[derive(Clone)]
pub struct Tagger {
    /// Joint labels: `(UPOS, XPOS)`.
    classes: Vec<(String, String)>,
    /// The same, as the parser reads them (`"UPOS XPOS"`).
    joint: Vec<String>,
    model: Linear,
    tagdict: HashMap<u64, u16, IdBuild>,
    /// Lowercased form → index into `amb_sets`.
    amb: HashMap<u64, u32, IdBuild>,
    /// Ambiguity classes: sorted label lists.
    amb_sets: Vec<Vec<u16>>,
    /// Hash of each ambiguity class.
    amb_hashes: Vec<u64>,
}

/// Reusable buffers for tagging.
#[derive(Default)]
pub(crate) struct TagScratch {
    buf: String,
    infos: Vec<WordInfo>,
    feats: Vec<u64>,
    scores: Vec<i32>,
}

impl Tagger {
    /// Builds the feature hashes of word `i` given the two previous labels.
    fn features(w: &[WordInfo], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
        let at = |k: isize| -> WordInfo {
            let j = i as isize + k;
            if j < 0 {
                WordInfo::pad(PAD_LEFT + (-j) as u64)
            } else if j as usize >= w.len() {
                WordInfo::pad(PAD_RIGHT + j as u64 - w.len() as u64)
            } else {
                w[j as usize]
            }
        };
        let (m2, m1, c, n1, n2) = (at(-2), at(-1), at(0), at(1), at(2));
        out.clear();
        out.extend_from_slice(&[
            feat(0, &[]),
            feat(1, &[c.lower]),
            feat(2, &[c.form]),
            feat(3, &[c.suffix[0]]),
            feat(4, &[c.suffix[1]]),
            feat(5, &[c.suffix[2]]),
            feat(6, &[c.suffix[3]]),
            feat(7, &[c.prefix[0]]),
            feat(8, &[c.prefix[1]]),
            feat(9, &[c.prefix[2]]),
            feat(10, &[c.shape]),
            feat(11, &[c.flags]),
            feat(12, &[p1]),
            feat(13, &[p2]),
            feat(14, &[p1, p2]),
            feat(15, &[p1, c.lower]),
            feat(16, &[m1.lower]),
            feat(17, &[m2.lower]),
            feat(18, &[n1.lower]),
            feat(19, &[n2.lower]),
            feat(20, &[m1.suffix[2]]),
            feat(21, &[n1.suffix[2]]),
            feat(22, &[n2.suffix[2]]),
            feat(23, &[m1.lower, c.lower]),
            feat(24, &[c.lower, n1.lower]),
            feat(25, &[n1.shape]),
            feat(26, &[p1, n1.lower]),
            feat(27, &[m1.suffix[1], c.suffix[2]]),
            feat(28, &[c.suffix[2], n1.suffix[1]]),
            feat(29, &[p1, c.suffix[2]]),
            feat(30, &[c.shape, n1.shape]),
            feat(31, &[m1.shape, c.shape]),
            feat(32, &[n1.lower, n2.lower]),
            feat(33, &[c.amb]),
            feat(34, &[n1.amb]),
            feat(35, &[n2.amb]),
            feat(36, &[m1.amb]),
            feat(37, &[p1, c.amb]),
            feat(38, &[c.amb, n1.amb]),
            feat(39, &[c.amb, c.suffix[2]]),
            feat(40, &[p1, c.amb, n1.amb]),
            feat(41, &[m1.lower, n1.lower]),
            feat(42, &[m1.lower, p1]),
            feat(43, &[c.lower, n1.amb]),
            feat(44, &[p1, p2, c.amb]),
            feat(45, &[c.suffix[3], n1.suffix[3]]),
        ]);
    }

    fn set_amb(&self, infos: &mut [WordInfo]) {
        for w in infos {
            w.amb = self
                .amb
                .get(&w.lower)
                .map_or(UNKNOWN_AMB, |&i| self.amb_hashes[i as usize]);
        }
    }

    /// The number of features with weights.
    pub fn n_features(&self) -> usize {
        self.model.n_features()
    }

    /// The number of joint labels.
    pub fn n_labels(&self) -> usize {
        self.classes.len()
    }

    /// Label `c` as the parser reads it: `"UPOS XPOS"`.
    pub fn joint(&self, c: usize) -> &str {
        &self.joint[c]
    }

    /// The `(UPOS, XPOS)` pair of label `c`.
    pub fn label(&self, c: usize) -> (&str, &str) {
        let (u, x) = &self.classes[c];
        (u, x)
    }

    /// Tags `forms`, writing one label index per word into `out`.
    pub(crate) fn tag_into(&self, forms: &[&str], sc: &mut TagScratch, out: &mut Vec<usize>) {
        word_infos(forms, &mut sc.buf, &mut sc.infos);
        self.set_amb(&mut sc.infos);
        sc.scores.resize(self.classes.len(), 0);
        out.clear();
        let (mut p1, mut p2) = (NO_TAG, NO_TAG + 1);
        for i in 0..forms.len() {
            let c = match self.tagdict.get(&sc.infos[i].form) {
                Some(&c) => usize::from(c),
                None => {
                    Self::features(&sc.infos, i, p1, p2, &mut sc.feats);
                    self.model.score(&sc.feats, &mut sc.scores);
                    argmax(&sc.scores)
                }
            };
            out.push(c);
            p2 = p1;
            p1 = c as u64;
        }
    }

    /// Tags `forms`: one `(UPOS, XPOS)` pair per word.
    pub fn tag(&self, forms: &[&str]) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        self.tag_into(forms, &mut TagScratch::default(), &mut out);
        out.into_iter().map(|c| self.label(c)).collect()
    }

    /// The average of taggers trained on the same data with different seeds
    /// (see [`Linear::average`]): an ensemble that tags as fast as one of
    /// them. `None` if the list is empty or their labels differ.
    pub fn average(taggers: &[Tagger], min_weight: i16) -> Option<Tagger> {
        let first = taggers.first()?;
        if taggers.iter().any(|t| t.classes != first.classes) {
            return None;
        }
        let models: Vec<&Linear> = taggers.iter().map(|t| &t.model).collect();
        Some(Tagger {
            model: Linear::average(&models, min_weight)?,
            ..first.clone()
        })
    }

    /// Serialises the tagger.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = ByteWriter::default();
        w.uint(self.classes.len() as u64);
        for (u, x) in &self.classes {
            w.str(u);
            w.str(x);
        }
        let mut dict: Vec<(u64, u16)> = self.tagdict.iter().map(|(&k, &v)| (k, v)).collect();
        dict.sort_unstable();
        w.uint(dict.len() as u64);
        let mut prev = 0;
        for (k, v) in dict {
            w.uint(k - prev);
            prev = k;
            w.uint(u64::from(v));
        }
        w.uint(self.amb_sets.len() as u64);
        for set in &self.amb_sets {
            w.uint(set.len() as u64);
            for &c in set {
                w.uint(u64::from(c));
            }
        }
        let mut amb: Vec<(u64, u32)> = self.amb.iter().map(|(&k, &v)| (k, v)).collect();
        amb.sort_unstable();
        w.uint(amb.len() as u64);
        let mut prev = 0;
        for (k, v) in amb {
            w.uint(k - prev);
            prev = k;
            w.uint(u64::from(v));
        }
        self.model.write(&mut w);
        w.finish(b'T')
    }

    /// Loads a tagger written by [`Tagger::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        let mut r = ByteReader::open(bytes, b'T')?;
        let n = r.uint_max(4096)? as usize;
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            classes.push((r.str()?, r.str()?));
        }
        let nd = r.uint_max(1 << 24)? as usize;
        let mut tagdict = HashMap::with_capacity_and_hasher(nd, IdBuild::default());
        let mut key = 0u64;
        for _ in 0..nd {
            key = key
                .checked_add(r.uint()?)
                .ok_or_else(|| ModelError::Corrupt("tag dictionary key".into()))?;
            tagdict.insert(key, r.uint_max(n as u64 - 1)? as u16);
        }
        let n_sets = r.uint_max(1 << 20)? as usize;
        let mut amb_sets = Vec::with_capacity(n_sets);
        for _ in 0..n_sets {
            let len = r.uint_max(n as u64)? as usize;
            let mut set = Vec::with_capacity(len);
            for _ in 0..len {
                set.push(r.uint_max(n as u64 - 1)? as u16);
            }
            amb_sets.push(set);
        }
        let n_amb = r.uint_max(1 << 24)? as usize;
        let mut amb = HashMap::with_capacity_and_hasher(n_amb, IdBuild::default());
        let mut key = 0u64;
        for _ in 0..n_amb {
            key = key
                .checked_add(r.uint()?)
                .ok_or_else(|| ModelError::Corrupt("ambiguity key".into()))?;
            amb.insert(key, r.uint_max((n_sets as u64).saturating_sub(1))? as u32);
        }
        let amb_hashes = amb_sets.iter().map(|s| amb_hash(s)).collect();
        let model = Linear::read(&mut r)?;
        r.end()?;
        if model.n_classes() != n {
            return Err(ModelError::Corrupt("tagger label count mismatch".into()));
        }
        let joint = classes
            .iter()
            .map(|(u, x)| crate::parser::joint_tag(u, x))
            .collect();
        Ok(Tagger {
            classes,
            joint,
            model,
            tagdict,
            amb,
            amb_sets,
            amb_hashes,
        })
    }
}

/// Token accuracy of joint labels (UPOS and XPOS both right) on `gold`.
fn accuracy(tagger: &Tagger, gold: &[ConlluSentence]) -> f64 {
    let (mut right, mut total) = (0usize, 0usize);
    let mut sc = TagScratch::default();
    let mut out = Vec::new();
    for s in gold {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        tagger.tag_into(&forms, &mut sc, &mut out);
        for (w, &c) in s.words.iter().zip(&out) {
            let (u, x) = tagger.label(c);
            right += usize::from(u == w.upos && x == w.xpos);
            total += 1;
        }
    }
    100.0 * right as f64 / total.max(1) as f64
}

/// Trains a tagger on `train`; after each epoch, scores `dev` (if given) and
/// calls `on_epoch(epoch, dev_accuracy)`. Keeps the epoch best on `dev`.
/// With `cfg.ensemble > 1`, trains that many taggers with seeds `cfg.seed`,
/// `cfg.seed + 1`, … (the epochs of each reported in turn) and returns
/// their average, which keeps every feature one member alone would keep.
pub fn train_tagger_with(
    train: &[ConlluSentence],
    dev: Option<&[ConlluSentence]>,
    cfg: &TrainConfig,
    on_epoch: &mut dyn FnMut(usize, Option<f64>),
) -> Tagger {
    let members: Vec<Tagger> = (0..cfg.ensemble.max(1) as u64)
        .map(|i| {
            let member = TrainConfig {
                seed: cfg.seed + i,
                ..cfg.clone()
            };
            train_one_tagger(train, dev, &member, on_epoch)
        })
        .collect();
    if members.len() == 1 {
        return members.into_iter().next().expect("one member");
    }
    let prune = cfg.tagger_prune / members.len() as i16;
    Tagger::average(&members, prune).expect("members share their labels")
}

/// Trains one tagger (see [`train_tagger_with`]).
fn train_one_tagger(
    train: &[ConlluSentence],
    dev: Option<&[ConlluSentence]>,
    cfg: &TrainConfig,
    on_epoch: &mut dyn FnMut(usize, Option<f64>),
) -> Tagger {
    // Labels in order of first appearance, and the tag dictionary.
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    let mut classes = Vec::new();
    let mut counts: HashMap<u64, HashMap<usize, usize>, IdBuild> = HashMap::default();
    let mut lower_counts: HashMap<u64, HashMap<usize, usize>, IdBuild> = HashMap::default();
    for s in train {
        for w in &s.words {
            let key = (w.upos.clone(), w.xpos.clone());
            let c = *index.entry(key.clone()).or_insert_with(|| {
                classes.push(key);
                classes.len() - 1
            });
            *counts.entry(hash_str(&w.form)).or_default().entry(c).or_default() += 1;
            *lower_counts
                .entry(hash_str(&w.form.to_lowercase()))
                .or_default()
                .entry(c)
                .or_default() += 1;
        }
    }
    let mut tagdict = HashMap::default();
    for (form, by_class) in &counts {
        let n: usize = by_class.values().sum();
        let (&c, &best) = by_class
            .iter()
            .max_by_key(|&(c, k)| (*k, usize::MAX - c))
            .expect("non-empty");
        if n >= cfg.tagdict_min_count && best as f64 >= cfg.tagdict_min_ratio * n as f64 {
            tagdict.insert(*form, c as u16);
        }
    }
    // Ambiguity classes of words seen at least twice: labels with a 5% share.
    let mut set_index: HashMap<Vec<u16>, u32> = HashMap::new();
    let mut amb_sets: Vec<Vec<u16>> = Vec::new();
    let mut amb: HashMap<u64, u32, IdBuild> = HashMap::default();
    let mut lower_sorted: Vec<_> = lower_counts.iter().collect();
    lower_sorted.sort_unstable_by_key(|(k, _)| **k);
    for (&form, by_class) in lower_sorted {
        let n: usize = by_class.values().sum();
        if n < cfg.amb_min_count {
            continue;
        }
        let mut set: Vec<u16> = by_class
            .iter()
            .filter(|&(_, &k)| k * 20 >= n)
            .map(|(&c, _)| c as u16)
            .collect();
        set.sort_unstable();
        let i = *set_index.entry(set.clone()).or_insert_with(|| {
            amb_sets.push(set);
            (amb_sets.len() - 1) as u32
        });
        amb.insert(form, i);
    }
    let amb_hashes: Vec<u64> = amb_sets.iter().map(|s| amb_hash(s)).collect();
    let mut template = Tagger {
        joint: classes
            .iter()
            .map(|(u, x)| crate::parser::joint_tag(u, x))
            .collect(),
        classes: classes.clone(),
        model: Trainer::new(1).compile(0),
        tagdict,
        amb,
        amb_sets,
        amb_hashes,
    };
    let mut trainer = Trainer::new(classes.len());
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng::new(cfg.seed);
    let (mut buf, mut infos, mut feats) = (String::new(), Vec::new(), Vec::new());
    let mut scores = vec![0i64; classes.len()];
    let mut best: Option<(f64, Tagger)> = None;
    let mut last = None;
    for epoch in 1..=cfg.epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let s = &train[si];
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            word_infos(&forms, &mut buf, &mut infos);
            template.set_amb(&mut infos);
            let (mut p1, mut p2) = (NO_TAG, NO_TAG + 1);
            for (i, w) in s.words.iter().enumerate() {
                let gold = index[&(w.upos.clone(), w.xpos.clone())];
                let guess = match template.tagdict.get(&infos[i].form) {
                    Some(&c) => usize::from(c),
                    None => {
                        Tagger::features(&infos, i, p1, p2, &mut feats);
                        trainer.score(&feats, &mut scores);
                        let guess = argmax(&scores);
                        trainer.update(&feats, gold, guess);
                        trainer.tick();
                        guess
                    }
                };
                p2 = p1;
                p1 = guess as u64;
            }
        }
        let tagger = Tagger {
            model: trainer.compile(cfg.tagger_prune),
            ..template.clone()
        };
        match dev {
            Some(dev) => {
                let acc = accuracy(&tagger, dev);
                on_epoch(epoch, Some(acc));
                if best.as_ref().is_none_or(|(b, _)| acc > *b) {
                    best = Some((acc, tagger));
                }
            }
            None => {
                on_epoch(epoch, None);
                last = Some(tagger);
            }
        }
    }
    template.model = trainer.compile(cfg.tagger_prune);
    best.map(|(_, t)| t).or(last).unwrap_or(template)
}

/// Trains a tagger on `train` for `cfg.epochs` epochs.
pub fn train_tagger(train: &[ConlluSentence], cfg: &TrainConfig) -> Tagger {
    train_tagger_with(train, None, cfg, &mut |_, _| {})
}
