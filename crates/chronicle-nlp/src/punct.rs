//! Punctuation attachment as a learned post-pass over a parsed tree.
//!
//! The parser attaches punctuation poorly (on EWT dev only about 84% of
//! `punct` tokens get the right head), yet the head of a punctuation mark is
//! nearly always one of the few words it can attach to without crossing an
//! arc of the rest of the tree. After parsing, [`PunctRanker::reattach`]
//! re-chooses the head of every `PUNCT` token (left to right, each against
//! the arcs of the words and of the marks already placed) among those
//! candidates with an averaged perceptron ranker: every candidate is scored
//! by a linear model over the features of one function (`features`), the
//! best one wins.
//!
//! A mark that heads other words, or is the root, is left where it is.

use crate::binfmt::{ByteReader, ByteWriter, ModelError};
use crate::hash::{feat, hash_str};
use crate::perceptron::{Linear, Rng, Trainer};

/// No word (a missing neighbour, child or partner).
const NONE: usize = usize::MAX;
const ABSENT: u64 = 0x7a7a;
/// The `side` value of a candidate that is itself the neighbour word.
const SELF: u64 = 0x5e1f;

/// A sentence as the ranker sees it: words `1..=n` (index 0 is the root),
/// their punctuation form, UPOS and relation hashes, and the current heads.
pub struct PunctTree {
    /// Hash of the exact form (punctuation marks) or lowercase form (words).
    form: Vec<u64>,
    /// Coarse class of punctuation marks (see [`mark_class`]).
    class: Vec<u64>,
    upos: Vec<u64>,
    rel: Vec<u64>,
    /// Universal relation is `conj` or `cc`.
    coord: Vec<bool>,
    punct: Vec<bool>,
    /// Head of each word (`0`: the root); index 0 unused.
    pub heads: Vec<usize>,
    /// Paired mark (quote or bracket) of each mark, `NONE` if unpaired.
    partner: Vec<usize>,
}

/// Word `k` (from 1) of a parsed tree given as columns, as both post-parsing
/// rankers read it: its UPOS (`X` if missing), its head (`0`, the root, if
/// missing or pointing at itself) and its relation (`dep` if missing).
pub(crate) fn parsed_word<'a>(
    upos: &[&'a str],
    heads: &[usize],
    rels: &[&'a str],
    k: usize,
) -> (&'a str, usize, &'a str) {
    let u = upos.get(k - 1).copied().unwrap_or("X");
    let head = heads.get(k - 1).map_or(0, |&h| if h == k { 0 } else { h });
    (u, head, rels.get(k - 1).copied().unwrap_or("dep"))
}

impl PunctTree {
    /// Builds the view of a tree: per word its form, UPOS, head (`0` for the
    /// root) and relation. Missing entries (shorter slices than `forms`)
    /// count as `X`, the root and `dep`.
    pub fn new(forms: &[&str], upos: &[&str], heads: &[usize], rels: &[&str]) -> PunctTree {
        let n = forms.len();
        let mut t = PunctTree {
            form: vec![ABSENT; n + 1],
            class: vec![ABSENT; n + 1],
            upos: vec![ABSENT; n + 1],
            rel: vec![hash_str("root"); n + 1],
            coord: vec![false; n + 1],
            punct: vec![false; n + 1],
            heads: vec![0; n + 1],
            partner: vec![NONE; n + 1],
        };
        for (i, &form) in forms.iter().enumerate() {
            let k = i + 1;
            let (u, head, rel) = parsed_word(upos, heads, rels, k);
            t.punct[k] = u == "PUNCT";
            t.form[k] = if t.punct[k] {
                hash_str(form)
            } else {
                hash_str(&form.to_lowercase())
            };
            t.class[k] = mark_class(form);
            t.upos[k] = hash_str(u);
            t.rel[k] = hash_str(rel);
            let universal = rel.split(':').next().unwrap_or("");
            t.coord[k] = universal == "conj" || universal == "cc";
            t.heads[k] = head.min(n);
        }
        t.pair_marks(forms);
        t
    }

    /// Pairs quotes (alternating by form) and brackets (nesting).
    fn pair_marks(&mut self, forms: &[&str]) {
        let mut open_quote: Vec<(char, usize)> = Vec::new();
        let mut brackets: Vec<usize> = Vec::new();
        for (i, f) in forms.iter().enumerate() {
            let k = i + 1;
            if !self.punct[k] {
                continue;
            }
            match *f {
                "\"" | "'" | "`" | "``" | "''" | "“" | "”" | "‘" | "’" => {
                    let q = match *f {
                        "“" | "”" | "``" | "''" => '"',
                        "‘" | "’" | "`" => '\'',
                        other => other.chars().next().unwrap_or('"'),
                    };
                    match open_quote.iter().rposition(|&(c, _)| c == q) {
                        Some(j) => {
                            let (_, o) = open_quote.remove(j);
                            self.partner[o] = k;
                            self.partner[k] = o;
                        }
                        None => open_quote.push((q, k)),
                    }
                }
                "(" | "[" | "{" => brackets.push(k),
                ")" | "]" | "}" => {
                    if let Some(o) = brackets.pop() {
                        self.partner[o] = k;
                        self.partner[k] = o;
                    }
                }
                _ => {}
            }
        }
    }

    fn n(&self) -> usize {
        self.heads.len() - 1
    }

    /// Which words are re-attached: `PUNCT` words that are not the root and
    /// head no word.
    fn movable(&self, out: &mut Vec<bool>) {
        out.clear();
        out.extend((0..=self.n()).map(|k| k > 0 && self.punct[k] && self.heads[k] != 0));
        for &h in &self.heads[1..] {
            out[h] = false;
        }
    }

    /// The words mark `p` may attach to: no punctuation, and the arc
    /// `h → p` crosses no arc of the tree, ignoring the marks in `skip`
    /// (those after `p` that will be re-attached too) and `p`'s own arc.
    pub fn candidates(&self, p: usize, skip: &[bool], out: &mut Vec<usize>) {
        out.clear();
        let n = self.n();
        for h in 1..=n {
            if h == p || self.punct[h] {
                continue;
            }
            let (lo, hi) = (h.min(p), h.max(p));
            let crosses = (1..=n).any(|k| {
                if k == p || skip[k] {
                    return false;
                }
                let g = self.heads[k];
                let inside = |x: usize| lo < x && x < hi;
                let outside = |x: usize| x < lo || x > hi;
                (inside(k) && outside(g)) || (inside(g) && outside(k))
            });
            if !crosses {
                out.push(h);
            }
        }
    }

    /// Whether `a` is `d` or one of its ancestors.
    fn dominates(&self, a: usize, mut d: usize) -> bool {
        let mut steps = 0;
        while d != 0 && steps <= self.n() {
            if d == a {
                return true;
            }
            d = self.heads[d];
            steps += 1;
        }
        false
    }

    /// The relation of `a`'s child on the way down to `d` (`SELF` if
    /// `a == d`, `ABSENT` if `a` does not dominate `d`).
    fn side(&self, a: usize, mut d: usize) -> u64 {
        if d == NONE {
            return ABSENT;
        }
        if a == d {
            return SELF;
        }
        let mut steps = 0;
        while d != 0 && steps <= self.n() {
            if self.heads[d] == a {
                return self.rel[d];
            }
            d = self.heads[d];
            steps += 1;
        }
        ABSENT
    }

    fn depth(&self, mut d: usize) -> usize {
        let mut depth = 0;
        while d != 0 && depth <= self.n() {
            d = self.heads[d];
            depth += 1;
        }
        depth
    }
}

/// A coarse class of a punctuation mark's form.
fn mark_class(form: &str) -> u64 {
    let c = match form {
        "," => "comma",
        "." | "!" | "?" | "..." | "!!" | "??" | "?!" => "stop",
        ":" | ";" => "colon",
        "-" | "--" | "—" | "–" => "dash",
        "(" | "[" | "{" => "open",
        ")" | "]" | "}" => "close",
        "\"" | "'" | "`" | "``" | "''" | "“" | "”" | "‘" | "’" => "quote",
        _ => "other",
    };
    hash_str(c)
}

fn bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=10 => 7,
        _ => 11,
    }
}

/// What [`features`] knows about mark `p` and the candidate set.
struct Scene<'a> {
    p: usize,
    /// Nearest non-punctuation words left and right of `p`.
    left: usize,
    right: usize,
    /// Candidates' depths, to rank them.
    depths: &'a [usize],
    /// Head chosen for `p`'s partner mark, if it was placed before `p`.
    partner_head: usize,
    /// The head the parser gave `p`.
    parsed: usize,
}

/// The features of attaching mark `s.p` to candidate `c` (the `i`-th):
/// all templates, each with the mark's form and again with its class.
fn features(t: &PunctTree, s: &Scene, i: usize, c: usize, out: &mut Vec<u64>) {
    let p = s.p;
    let n = t.n();
    let of = |v: &[u64], k: usize| if k == NONE || k == 0 { ABSENT } else { v[k] };
    let cu = t.upos[c];
    let cl = t.rel[c];
    let dir = u64::from(c < p);
    let (lo, hi) = (c.min(p), c.max(p));
    let dist = bucket(hi - lo);
    let marks_between = (lo + 1..hi).filter(|&k| t.punct[k]).count().min(2) as u64;
    let anc_l = s.left != NONE && t.dominates(c, s.left);
    let anc_r = s.right != NONE && t.dominates(c, s.right);
    let anc = u64::from(anc_l) * 2 + u64::from(anc_r);
    let rank = s.depths.iter().filter(|&&d| d < s.depths[i]).count().min(4) as u64;
    let n_cands = s.depths.len().min(5) as u64;
    let (lu, ll) = (of(&t.upos, s.left), of(&t.rel, s.left));
    let (ru, rl) = (of(&t.upos, s.right), of(&t.rel, s.right));
    let side_l = t.side(c, s.left);
    let side_r = t.side(c, s.right);
    // Children of the candidate beyond the mark (on the far side from it)
    // and whether one is a conjunct or conjunction.
    let (mut far, mut coord_beyond) = (ABSENT, false);
    let mut visit = |k: usize| {
        if t.heads[k] == c && !t.punct[k] {
            if far == ABSENT {
                far = t.rel[k];
            }
            coord_beyond |= t.coord[k];
        }
    };
    if c < p {
        (p + 1..=n).for_each(&mut visit);
    } else {
        (1..p).rev().for_each(&mut visit);
    }
    let last = u64::from(s.right == NONE);
    let first = u64::from(s.left == NONE);
    let partner = t.partner[p];
    let inside_pair = if partner == NONE {
        ABSENT
    } else {
        let (a, b) = (partner.min(p), partner.max(p));
        u64::from(a < c && c < b)
    };
    let same_as_partner = if s.partner_head == NONE {
        ABSENT
    } else {
        u64::from(s.partner_head == c)
    };
    let is_root = u64::from(t.heads[c] == 0);
    let cw = t.form[c];
    let hu = of(&t.upos, t.heads[c]);
    out.clear();
    for (base, mark) in [(0u64, t.form[p]), (100, t.class[p])] {
        out.extend_from_slice(&[
            feat(base, &[mark]),
            feat(base + 1, &[mark, cu]),
            feat(base + 2, &[mark, cl]),
            feat(base + 3, &[mark, cu, cl]),
            feat(base + 4, &[mark, dir, dist]),
            feat(base + 5, &[mark, dir, dist, cu]),
            feat(base + 6, &[mark, dir, marks_between]),
            feat(base + 7, &[mark, anc]),
            feat(base + 8, &[mark, anc, rank]),
            feat(base + 9, &[mark, rank, n_cands]),
            feat(base + 10, &[mark, anc, cl]),
            feat(base + 11, &[mark, anc, lu, ru]),
            feat(base + 12, &[mark, anc, ll, rl]),
            feat(base + 13, &[mark, u64::from(coord_beyond), dir, cl]),
            feat(base + 14, &[mark, last, anc, cl]),
            feat(base + 15, &[mark, side_l, side_r]),
            feat(base + 16, &[mark, side_l, side_r, cu]),
            feat(base + 17, &[mark, far, dir]),
            feat(base + 18, &[mark, far, cl]),
            feat(base + 19, &[mark, inside_pair, same_as_partner]),
            feat(base + 20, &[mark, is_root, last]),
            feat(base + 21, &[mark, first, anc, cl]),
            feat(base + 22, &[mark, hu, cu, cl]),
            feat(base + 23, &[mark, side_l, side_r, ll, rl]),
            feat(base + 24, &[mark, rank, cl, dir]),
            feat(base + 25, &[mark, ru, rl, side_r]),
            feat(base + 26, &[mark, lu, ll, side_l]),
            feat(base + 27, &[mark, rank, anc, dir, marks_between]),
            feat(base + 28, &[mark, is_root, anc, dir]),
            feat(base + 29, &[mark, same_as_partner, dir]),
        ]);
    }
    let parsed = u64::from(s.parsed == c);
    out.push(feat(200, &[t.form[p], cw]));
    out.push(feat(201, &[t.form[p], cw, dir]));
    out.push(feat(202, &[t.form[p], parsed]));
    out.push(feat(203, &[t.form[p], parsed, anc, cl]));
    out.push(feat(204, &[t.form[p], parsed, rank]));
    out.push(feat(205, &[t.form[p], of(&t.form, s.left), anc]));
    out.push(feat(206, &[t.form[p], of(&t.form, s.right), anc]));
}

/// Reusable buffers of re-attachment passes.
#[derive(Default)]
pub(crate) struct Work {
    skip: Vec<bool>,
    cands: Vec<usize>,
    depths: Vec<usize>,
    feats: Vec<Vec<u64>>,
}

/// How a walk chooses: `(mark, candidates, their features)` to the index of
/// the chosen candidate.
type Choose<'a> = dyn FnMut(usize, &[usize], &[Vec<u64>]) -> usize + 'a;

/// Walks the marks of `t` left to right; for each movable one with a
/// candidate, `choose` picks the candidate that becomes the mark's head.
fn walk(t: &mut PunctTree, work: &mut Work, choose: &mut Choose) {
    let n = t.n();
    t.movable(&mut work.skip);
    for p in 1..=n {
        if !work.skip[p] {
            continue;
        }
        work.skip[p] = false;
        t.candidates(p, &work.skip, &mut work.cands);
        if work.cands.is_empty() {
            continue;
        }
        let left = (1..p).rev().find(|&k| !t.punct[k]).unwrap_or(NONE);
        let right = (p + 1..=n).find(|&k| !t.punct[k]).unwrap_or(NONE);
        let partner = t.partner[p];
        work.depths.clear();
        work.depths.extend(work.cands.iter().map(|&c| t.depth(c)));
        let scene = Scene {
            p,
            left,
            right,
            depths: &work.depths,
            parsed: t.heads[p],
            partner_head: if partner != NONE && partner < p {
                t.heads[partner]
            } else {
                NONE
            },
        };
        work.feats.resize_with(work.cands.len(), Vec::new);
        for (i, &c) in work.cands.iter().enumerate() {
            features(t, &scene, i, c, &mut work.feats[i]);
        }
        let best = choose(p, &work.cands, &work.feats[..work.cands.len()]);
        t.heads[p] = work.cands[best];
    }
}

/// The punctuation ranker: a linear model scoring candidate heads.
#[derive(Clone)]
pub struct PunctRanker {
    model: Linear,
}

impl PunctRanker {
    /// Re-chooses the heads of the movable marks of `t` (in `t.heads`);
    /// returns the marks re-attached.
    pub fn reattach(&self, t: &mut PunctTree) -> Vec<usize> {
        let mut moved = Vec::new();
        self.reattach_with(t, &mut Work::default(), &mut moved);
        moved
    }

    /// [`PunctRanker::reattach`] with reusable buffers; the marks moved go
    /// into `moved`.
    pub(crate) fn reattach_with(&self, t: &mut PunctTree, work: &mut Work, moved: &mut Vec<usize>) {
        moved.clear();
        let mut score = [0i32];
        walk(t, work, &mut |p, _, feats| {
            moved.push(p);
            let mut best = (0, i32::MIN);
            for (i, f) in feats.iter().enumerate() {
                self.model.score(f, &mut score);
                if score[0] > best.1 {
                    best = (i, score[0]);
                }
            }
            best.0
        });
    }

    /// Number of features with weights.
    pub fn n_features(&self) -> usize {
        self.model.n_features()
    }

    /// Serialises the ranker into a model body.
    pub fn write(&self, w: &mut ByteWriter) {
        self.model.write(w);
    }

    /// Reads a ranker written by [`PunctRanker::write`].
    pub fn read(r: &mut ByteReader) -> Result<PunctRanker, ModelError> {
        let model = Linear::read(r)?;
        if model.n_classes() != 1 {
            return Err(ModelError::Corrupt(
                "punctuation ranker must score one class".into(),
            ));
        }
        Ok(PunctRanker { model })
    }
}

/// One training sentence: the tree the ranker will see (`tree`, whose
/// marks' heads are ignored) and the gold head of every word.
pub struct PunctExample {
    /// The tree as parsed (or the gold tree).
    pub tree: PunctTree,
    /// Gold heads, index 0 unused.
    pub gold: Vec<usize>,
}

/// Trains the ranker for `epochs` passes over `examples` (shuffled with
/// `seed`); marks whose gold head is not a candidate are skipped. Calls
/// `on_epoch(epoch, model)` after each epoch.
pub fn train_punct(
    examples: &mut [PunctExample],
    epochs: usize,
    seed: u64,
    on_epoch: &mut dyn FnMut(usize, &PunctRanker),
) -> PunctRanker {
    let mut trainer = Trainer::new(1);
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut work = Work::default();
    let mut score = [0i64];
    let originals: Vec<Vec<usize>> = examples.iter().map(|e| e.tree.heads.clone()).collect();
    let mut ranker = PunctRanker {
        model: trainer.compile(0),
    };
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = &mut examples[i];
            ex.tree.heads.clone_from(&originals[i]);
            let gold = &ex.gold;
            walk(&mut ex.tree, &mut work, &mut |p, cands, feats| {
                let mut guess = (0, i64::MIN);
                for (j, f) in feats.iter().enumerate() {
                    trainer.score(f, &mut score);
                    if score[0] > guess.1 {
                        guess = (j, score[0]);
                    }
                }
                let truth = cands.iter().position(|&c| c == gold[p]);
                if let Some(truth) = truth {
                    if truth != guess.0 {
                        trainer.add(&feats[truth], 0, 1);
                        trainer.add(&feats[guess.0], 0, -1);
                    }
                    trainer.tick();
                    // Later marks see the gold attachment (teacher forcing).
                    truth
                } else {
                    guess.0
                }
            });
        }
        ranker = PunctRanker {
            model: trainer.compile(0),
        };
        on_epoch(epoch, &ranker);
    }
    ranker
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(forms: &[&str], upos: &[&str], heads: &[usize], rels: &[&str]) -> PunctTree {
        PunctTree::new(forms, upos, heads, rels)
    }

    /// Whether no two arcs of `heads` cross (the root arc included).
    fn projective(heads: &[usize]) -> bool {
        let n = heads.len() - 1;
        (1..=n).all(|a| {
            (1..=n).all(|b| {
                let (x1, y1) = (a.min(heads[a]), a.max(heads[a]));
                let (x2, y2) = (b.min(heads[b]), b.max(heads[b]));
                !(x1 < x2 && x2 < y1 && y1 < y2)
            })
        })
    }

    #[test]
    fn candidates_keep_the_tree_projective() {
        // "He said , if it rains , we stay ." : said is the root.
        let forms = ["He", "said", ",", "if", "it", "rains", ",", "we", "stay", "."];
        let upos = [
            "PRON", "VERB", "PUNCT", "SCONJ", "PRON", "VERB", "PUNCT", "PRON", "VERB", "PUNCT",
        ];
        let heads = [2, 0, 2, 6, 6, 9, 9, 9, 2, 2];
        let rels = [
            "nsubj", "root", "punct", "mark", "nsubj", "advcl", "punct", "nsubj", "ccomp", "punct",
        ];
        let t = tree(&forms, &upos, &heads, &rels);
        let mut out = Vec::new();
        let skip = vec![false; 11];
        t.candidates(7, &skip, &mut out);
        // Between "rains" and "we": rains, its head stay, and we; not said,
        // whose arc to the comma would cross stay → rains.
        for &h in &out {
            let mut h2 = t.heads.clone();
            h2[7] = h;
            assert!(projective(&h2), "candidate {h} makes a crossing");
            assert!(!t.punct[h]);
        }
        for h in 1..=10 {
            if t.punct[h] || out.contains(&h) {
                continue;
            }
            let mut h2 = t.heads.clone();
            h2[7] = h;
            assert!(!projective(&h2) || h == 7, "candidate {h} was wrongly left out");
        }
        assert!(out.contains(&6) && out.contains(&9) && out.contains(&8));
        // The final stop may go to the root word or to stay.
        t.candidates(10, &skip, &mut out);
        assert_eq!(out, vec![2, 9]);
    }

    #[test]
    fn quotes_and_brackets_pair() {
        let forms = ["\"", "Hi", "(", "x", ")", "\"", "."];
        let upos = ["PUNCT", "INTJ", "PUNCT", "X", "PUNCT", "PUNCT", "PUNCT"];
        let t = tree(
            &forms,
            &upos,
            &[2, 0, 4, 2, 4, 2, 2],
            &["punct", "root", "punct", "appos", "punct", "punct", "punct"],
        );
        assert_eq!(t.partner[1], 6);
        assert_eq!(t.partner[3], 5);
        assert_eq!(t.partner[7], NONE);
    }

    /// Toy sentences "w1 w2 , w3 w4 ." in which a comma attaches to the
    /// word after it, which the ranker must learn.
    fn toy() -> Vec<PunctExample> {
        let forms = ["a", "b", ",", "c", "d", "."];
        let upos = ["NOUN", "VERB", "PUNCT", "VERB", "NOUN", "PUNCT"];
        let rels = ["nsubj", "root", "punct", "conj", "obj", "punct"];
        let gold = vec![0, 2, 0, 4, 2, 4, 2];
        (0..20)
            .map(|_| PunctExample {
                // The parser put the comma under the root word.
                tree: tree(&forms, &upos, &[2, 0, 2, 2, 4, 2], &rels),
                gold: gold.clone(),
            })
            .collect()
    }

    #[test]
    fn the_ranker_learns_a_toy_rule_and_round_trips() {
        let mut ex = toy();
        let ranker = train_punct(&mut ex, 3, 1, &mut |_, _| {});
        let mut t = tree(
            &["a", "b", ",", "c", "d", "."],
            &["NOUN", "VERB", "PUNCT", "VERB", "NOUN", "PUNCT"],
            &[2, 0, 2, 2, 4, 2],
            &["nsubj", "root", "punct", "conj", "obj", "punct"],
        );
        let moved = ranker.reattach(&mut t);
        assert_eq!(moved, vec![3, 6]);
        assert_eq!(&t.heads[1..], &[2, 0, 4, 2, 4, 2]);
        let mut w = ByteWriter::default();
        ranker.write(&mut w);
        let bytes = w.finish(b'Z');
        let back = PunctRanker::read(&mut ByteReader::open(&bytes, b'Z').unwrap()).unwrap();
        assert_eq!(back.n_features(), ranker.n_features());
        for cut in [0, 5, 9, bytes.len() / 2, bytes.len() - 1] {
            let res = ByteReader::open(&bytes[..cut], b'Z').and_then(|mut r| PunctRanker::read(&mut r));
            assert!(res.is_err(), "cut at {cut}");
        }
    }
}
