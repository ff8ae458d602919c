//! The dependency parser: greedy arc-eager transitions scored by an averaged
//! perceptron, trained with a dynamic oracle (Goldberg & Nivre 2012).
//! Optionally non-monotonic (Honnibal, Goldberg & Johnson 2013): Left-Arc
//! may then replace a head that Right-Arc gave too early, so the parser can
//! repair an attachment it regrets (the built-in parser is trained so).
//!
//! Three parts, in reading order: the transition system ([`State`], [`Move`],
//! its costs and a static oracle), the features ([`features`], after Zhang &
//! Nivre 2011), and the training loop ([`train_parser_with`]).
//!
//! Nodes are numbered as in CoNLL-U: `0` is the artificial root, words are
//! `1..=n`. The root sits at the bottom of the stack; it takes exactly one
//! dependent, with the label `root`. Words left without a head at the end
//! are attached to that root word, so every tree has exactly one root.

use std::collections::HashMap;

use crate::binfmt::{ByteReader, ByteWriter, ModelError};
use crate::conllu::ConlluSentence;
use crate::hash::{feat, hash_str};
use crate::perceptron::{Linear, Rng, Trainer};
use crate::punct::{PunctExample, PunctRanker, PunctTree};
use crate::rootrank::{relation_of_old_root, swap_root, RootExample, RootRanker, RootTree};
use crate::tagger::{TagScratch, Tagger};
use crate::TrainConfig;

/// A transition of the arc-eager system. Labels are indices into the
/// parser's label list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Push the buffer front onto the stack.
    Shift,
    /// Pop the stack top (it must have a head).
    Reduce,
    /// Make the buffer front the head of the stack top; pop. In the
    /// non-monotonic system the top may already have a head, which this
    /// replaces.
    Left(u16),
    /// Make the stack top the head of the buffer front; push it.
    Right(u16),
}

impl Move {
    /// The class index of the move for `n_labels` labels.
    pub fn class(self) -> usize {
        match self {
            Move::Shift => 0,
            Move::Reduce => 1,
            Move::Left(l) => 2 + 2 * usize::from(l),
            Move::Right(l) => 3 + 2 * usize::from(l),
        }
    }

    /// The move of class index `c`.
    pub fn from_class(c: usize) -> Move {
        match c {
            0 => Move::Shift,
            1 => Move::Reduce,
            c if c % 2 == 0 => Move::Left(((c - 2) / 2) as u16),
            c => Move::Right(((c - 3) / 2) as u16),
        }
    }
}

const NONE: u32 = u32::MAX;

/// A parser configuration: stack, buffer front and the arcs built so far.
///
/// The root node sits at the *end* of the buffer, as node `n + 1`
/// (Ballesteros & Nivre 2013): the parser builds the rest of the tree first
/// and chooses the root word last, among the words still without a head.
#[derive(Debug, Clone)]
pub struct State {
    n: u32,
    /// Whether Left-Arc may replace a head the stack top already has
    /// (the non-monotonic arc-eager system of Honnibal, Goldberg & Johnson
    /// 2013; see [`State::non_monotonic`]).
    non_monotonic: bool,
    /// Stack of word nodes (`1..=n`).
    pub stack: Vec<u32>,
    /// Buffer front: the buffer is `b..=n + 1`, `n + 1` being the root.
    pub b: u32,
    /// Head of each node (`NONE` if not yet attached).
    pub heads: Vec<u32>,
    /// Label of each node's arc.
    pub labels: Vec<u16>,
    in_stack: Vec<bool>,
    left: Vec<[u32; 2]>,
    right: Vec<[u32; 2]>,
    n_left: Vec<u8>,
    n_right: Vec<u8>,
    left_set: Vec<u64>,
    right_set: Vec<u64>,
}

impl State {
    /// The initial state for a sentence of `n` words.
    pub fn new(n: usize) -> State {
        State::initial(n, false)
    }

    /// The initial state of the non-monotonic system: Left-Arc is also valid
    /// when the stack top already has a head (given by Right-Arc), which it
    /// then replaces, so an early attachment can be repaired once the right
    /// head is at the buffer front ("I think he left": `he`, first taken as
    /// the object of `think`, becomes the subject of `left`).
    pub fn non_monotonic(n: usize) -> State {
        State::initial(n, true)
    }

    /// The initial state of either system.
    fn initial(n: usize, non_monotonic: bool) -> State {
        let m = n + 2;
        State {
            n: n as u32,
            non_monotonic,
            stack: Vec::with_capacity(n),
            b: 1,
            heads: vec![NONE; m],
            labels: vec![0; m],
            in_stack: vec![false; m],
            left: vec![[NONE; 2]; m],
            right: vec![[NONE; 2]; m],
            n_left: vec![0; m],
            n_right: vec![0; m],
            left_set: vec![0; m],
            right_set: vec![0; m],
        }
    }

    /// Makes `self` a copy of `other`, reusing `self`'s buffers.
    fn copy_from(&mut self, other: &State) {
        self.n = other.n;
        self.non_monotonic = other.non_monotonic;
        self.stack.clone_from(&other.stack);
        self.b = other.b;
        self.heads.clone_from(&other.heads);
        self.labels.clone_from(&other.labels);
        self.in_stack.clone_from(&other.in_stack);
        self.left.clone_from(&other.left);
        self.right.clone_from(&other.right);
        self.n_left.clone_from(&other.n_left);
        self.n_right.clone_from(&other.n_right);
        self.left_set.clone_from(&other.left_set);
        self.right_set.clone_from(&other.right_set);
    }

    /// The cost of every move class against `gold` (as for [`State::cost`]),
    /// `u32::MAX` for invalid moves. Computes the four unlabelled costs once
    /// and adds the label's.
    fn class_costs(&self, gold: &[(u32, u16)], root: u16, out: &mut [u32]) {
        let root_node = self.root();
        let node = |h: u32| if h == 0 { root_node } else { h };
        let s = self.s0();
        let (gs_head, gs_label) = if s == NONE {
            (NONE, 0)
        } else {
            (node(gold[s as usize].0), gold[s as usize].1)
        };
        let (gb_head, gb_label) = if self.b < root_node {
            (node(gold[self.b as usize].0), gold[self.b as usize].1)
        } else {
            (NONE, 0)
        };
        let left_base = (s != NONE).then(|| self.cost(Move::Left(gs_label), gold));
        let right_base = (s != NONE && self.b < root_node).then(|| self.cost(Move::Right(gb_label), gold));
        for (c, o) in out.iter_mut().enumerate() {
            let m = Move::from_class(c);
            *o = if !self.is_valid(m, root) {
                u32::MAX
            } else {
                match m {
                    Move::Left(l) => left_base.unwrap_or(0) + u32::from(gs_head == self.b && l != gs_label),
                    Move::Right(l) => right_base.unwrap_or(0) + u32::from(gb_head == s && l != gb_label),
                    m => self.cost(m, gold),
                }
            };
        }
    }

    /// The root node: `n + 1`.
    pub fn root(&self) -> u32 {
        self.n + 1
    }

    /// True when no move is left: the buffer holds only the root and the
    /// stack is empty, or its top has no head and the root already has one.
    pub fn is_final(&self) -> bool {
        if self.b <= self.n {
            return false;
        }
        match self.stack.last() {
            None => true,
            Some(&s) => self.heads[s as usize] == NONE && self.n_left[self.root() as usize] > 0,
        }
    }

    fn s0(&self) -> u32 {
        self.stack.last().copied().unwrap_or(NONE)
    }

    /// Whether `m` can be applied; `root` is the index of the `root` label.
    pub fn is_valid(&self, m: Move, root: u16) -> bool {
        let s = self.s0();
        let b = self.b;
        let at_root = b == self.root();
        match m {
            Move::Shift => !at_root,
            Move::Reduce => s != NONE && self.heads[s as usize] != NONE,
            Move::Left(l) => {
                s != NONE
                    && if at_root {
                        self.heads[s as usize] == NONE && l == root && self.n_left[b as usize] == 0
                    } else {
                        (self.heads[s as usize] == NONE || self.non_monotonic) && l != root
                    }
            }
            Move::Right(l) => s != NONE && !at_root && l != root,
        }
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u16) {
        let (hu, du) = (h as usize, d as usize);
        self.heads[du] = h;
        self.labels[du] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            // Left children arrive right to left: the new one is the leftmost.
            self.left[hu] = [d, self.left[hu][0]];
            self.n_left[hu] = self.n_left[hu].saturating_add(1);
            self.left_set[hu] |= bit;
        } else {
            self.right[hu] = [d, self.right[hu][0]];
            self.n_right[hu] = self.n_right[hu].saturating_add(1);
            self.right_set[hu] |= bit;
        }
    }

    /// Detaches `d` from its head, which was given by Right-Arc: `d` is its
    /// head's rightmost child, and the head's right-child summary is
    /// recounted from the arcs that remain.
    fn remove_arc(&mut self, d: u32) {
        let h = self.heads[d as usize];
        self.heads[d as usize] = NONE;
        let hu = h as usize;
        self.right[hu] = [NONE; 2];
        self.n_right[hu] = 0;
        self.right_set[hu] = 0;
        for k in h + 1..=self.n {
            if self.heads[k as usize] == h {
                self.right[hu] = [k, self.right[hu][0]];
                self.n_right[hu] = self.n_right[hu].saturating_add(1);
                self.right_set[hu] |= 1u64 << (self.labels[k as usize] % 64);
            }
        }
    }

    /// Applies a (valid) move.
    pub fn apply(&mut self, m: Move) {
        let s = self.s0();
        let b = self.b;
        match m {
            Move::Shift => {
                self.stack.push(b);
                self.in_stack[b as usize] = true;
                self.b += 1;
            }
            Move::Reduce => {
                self.stack.pop();
                self.in_stack[s as usize] = false;
            }
            Move::Left(l) => {
                if self.heads[s as usize] != NONE {
                    self.remove_arc(s);
                }
                self.add_arc(b, s, l);
                self.stack.pop();
                self.in_stack[s as usize] = false;
            }
            Move::Right(l) => {
                self.add_arc(s, b, l);
                self.stack.push(b);
                self.in_stack[b as usize] = true;
                self.b += 1;
            }
        }
    }

    /// The cost of a move against the gold tree: how many gold arcs that are
    /// still reachable it makes unreachable (Goldberg & Nivre 2012). `gold`
    /// gives `(head, label)` per word as in CoNLL-U (index 0 unused, head
    /// `0` for the root).
    pub fn cost(&self, m: Move, gold: &[(u32, u16)]) -> u32 {
        let s = self.s0();
        let b = self.b;
        let root = self.root();
        let gh = |k: u32| match gold[k as usize].0 {
            0 => root,
            h => h,
        };
        let deps_in_buffer = |h: u32| (b..=self.n).filter(|&k| gh(k) == h).count() as u32;
        // Stack words that could still take `h` as their head: the headless
        // ones, and when heads can be replaced, all of them.
        let stack_deps = |h: u32| {
            self.stack
                .iter()
                .filter(|&&k| gh(k) == h && (self.non_monotonic || self.heads[k as usize] == NONE))
                .count() as u32
        };
        // In the non-monotonic system, a word whose head is wrong can still
        // get its gold head if that is a word of the buffer.
        let repairable = |k: u32| {
            let h = self.heads[k as usize];
            self.non_monotonic && h != NONE && h != gh(k) && gh(k) >= b && gh(k) < root
        };
        match m {
            Move::Shift => u32::from(self.in_stack[gh(b) as usize]) + stack_deps(b),
            Move::Reduce => deps_in_buffer(s) + u32::from(repairable(s)),
            Move::Left(l) => {
                let head_lost = u32::from(gh(s) > b);
                let label = u32::from(gh(s) == b && gold[s as usize].1 != l);
                let right_head_undone =
                    u32::from(self.heads[s as usize] != NONE && self.heads[s as usize] == gh(s));
                head_lost + right_head_undone + deps_in_buffer(s) + label
            }
            Move::Right(l) => {
                let g = gh(b);
                // A wrong head for b could be replaced later, if the right
                // one is in the buffer; but repairs are for recovering from
                // errors, so the oracle never makes one on purpose (as in
                // Honnibal, Goldberg & Johnson 2013).
                let head_lost = u32::from(g != s && (g > b || self.in_stack[g as usize]));
                let label = u32::from(g == s && gold[b as usize].1 != l);
                head_lost + stack_deps(b) + label
            }
        }
    }

    /// The static arc-eager oracle: the canonical next move towards a
    /// projective gold tree (`gold` as for [`State::cost`]).
    pub fn static_oracle(&self, gold: &[(u32, u16)]) -> Move {
        let s = self.s0();
        let b = self.b;
        let root = self.root();
        let gh = |k: u32| match gold[k as usize].0 {
            0 => root,
            h => h,
        };
        if s != NONE && gh(s) == b {
            return Move::Left(gold[s as usize].1);
        }
        if s != NONE && b != root && gh(b) == s {
            return Move::Right(gold[b as usize].1);
        }
        if s != NONE && self.heads[s as usize] != NONE {
            let below = &self.stack[..self.stack.len() - 1];
            if b == root || below.iter().any(|&k| gh(b) == k || gh(k) == b) {
                return Move::Reduce;
            }
        }
        Move::Shift
    }

    /// Heads and labels of words `1..=n`, heads as in CoNLL-U, after
    /// attaching leftovers: words without a head go under the root word with
    /// `fallback`; with no root word, the first headless word becomes it.
    pub fn finish(&self, root: u16, fallback: u16) -> Vec<(usize, u16)> {
        let n = self.n as usize;
        let mut root_word = self.left[n + 1][0];
        let mut out = Vec::with_capacity(n);
        for d in 1..=n {
            let (h, l) = match self.heads[d] {
                NONE if root_word == NONE => {
                    root_word = d as u32;
                    (0, root)
                }
                NONE => (root_word as usize, fallback),
                h if h as usize == n + 1 => (0, root),
                h => (h as usize, self.labels[d]),
            };
            out.push((h, l));
        }
        out
    }
}

/// Per-sentence word and tag hashes the features read, with padding.
struct Context {
    words: Vec<u64>,
    tags: Vec<u64>,
    /// UPOS alone (the part of the tag before the space).
    upos: Vec<u64>,
    /// Last three letters and word shape (for rare words).
    suffix: Vec<u64>,
    /// Number of verbs and of punctuation marks among nodes `1..k`.
    verbs: Vec<u32>,
    puncts: Vec<u32>,
}

const ROOT_WORD: u64 = 0x5151;
const ABSENT: u64 = 0x7a7a;

/// A coarse shape: `Xx`, `x`, `X`, `d`, `x-x`, ... (runs collapsed, at most 4).
fn shape(form: &str) -> u64 {
    let (mut out, mut len) = ([0u8; 4], 0);
    for c in form.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else {
            c as u8
        };
        if len == 4 {
            break;
        }
        if len == 0 || out[len - 1] != k {
            out[len] = k;
            len += 1;
        }
    }
    crate::hash::hash_bytes(&out[..len])
}

impl Context {
    fn new(forms: &[&str], tags: &[&str]) -> Context {
        // Node 0 is unused; the root is node n + 1.
        let n = forms.len();
        let mut words = Vec::with_capacity(n + 2);
        let mut suffix = Vec::with_capacity(n + 2);
        words.push(ABSENT);
        suffix.push(ABSENT);
        for f in forms {
            let lower = f.to_lowercase();
            let cut = lower.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
            words.push(hash_str(&lower));
            suffix.push(crate::hash::mix(hash_str(&lower[cut..]), shape(f)));
        }
        words.push(ROOT_WORD);
        suffix.push(ROOT_WORD);
        let mut t = Vec::with_capacity(n + 2);
        let mut upos = Vec::with_capacity(n + 2);
        let (mut verbs, mut puncts) = (vec![0u32; n + 2], vec![0u32; n + 2]);
        t.push(ABSENT);
        upos.push(ABSENT);
        for (i, x) in tags.iter().enumerate() {
            t.push(hash_str(x));
            let u = x.split(' ').next().unwrap_or(x);
            upos.push(hash_str(u));
            verbs[i + 1] = verbs[i] + u32::from(matches!(u, "VERB" | "AUX"));
            puncts[i + 1] = puncts[i] + u32::from(u == "PUNCT");
        }
        verbs[n + 1] = verbs[n];
        puncts[n + 1] = puncts[n];
        t.push(ROOT_WORD);
        upos.push(ROOT_WORD);
        Context {
            words,
            tags: t,
            upos,
            suffix,
            verbs,
            puncts,
        }
    }
}

/// Builds the features of state `st` (Zhang & Nivre 2011, arc-eager).
fn features(st: &State, cx: &Context, out: &mut Vec<u64>) {
    let word = |k: u32| {
        if k == NONE {
            ABSENT
        } else {
            cx.words[k as usize]
        }
    };
    let tag = |k: u32| {
        if k == NONE {
            ABSENT
        } else {
            cx.tags[k as usize]
        }
    };
    let label = |k: u32| {
        if k == NONE || st.heads[k as usize] == NONE {
            ABSENT
        } else {
            u64::from(st.labels[k as usize])
        }
    };
    let at = |k: u32, f: &dyn Fn(usize) -> u32| if k == NONE { NONE } else { f(k as usize) };
    let root = st.root();
    let s0 = st.s0();
    let s1 = if st.stack.len() > 1 {
        st.stack[st.stack.len() - 2]
    } else {
        NONE
    };
    let n0 = st.b;
    let n1 = if st.b < root { st.b + 1 } else { NONE };
    let n2 = if st.b + 1 < root { st.b + 2 } else { NONE };
    let of = |k: u32, v: &[u8]| {
        if k == NONE {
            ABSENT
        } else {
            u64::from(v[k as usize])
        }
    };
    let set = |k: u32, v: &[u64]| if k == NONE { ABSENT } else { v[k as usize] };
    let kids = |k: u32, v: &[[u32; 2]]| if k == NONE { [NONE; 2] } else { v[k as usize] };
    let s0h = at(s0, &|k| st.heads[k]);
    let s0h2 = at(s0h, &|k| st.heads[k]);
    let [s0l, s0l2] = kids(s0, &st.left);
    let [s0r, s0r2] = kids(s0, &st.right);
    let [n0l, n0l2] = if n0 == NONE {
        [NONE; 2]
    } else {
        st.left[n0 as usize]
    };
    let (s0w, s0p, n0w, n0p) = (word(s0), tag(s0), word(n0), tag(n0));
    let (n1w, n1p, n2w, n2p) = (word(n1), tag(n1), word(n2), tag(n2));
    let dist = if s0 == NONE || n0 == root {
        ABSENT
    } else {
        u64::from((n0 - s0).min(10))
    };
    let s0vl = of(s0, &st.n_left);
    let s0vr = of(s0, &st.n_right);
    let n0vl = if n0 == NONE {
        ABSENT
    } else {
        u64::from(st.n_left[n0 as usize])
    };
    let s0sl = set(s0, &st.left_set);
    let s0sr = set(s0, &st.right_set);
    let n0sl = if n0 == NONE {
        ABSENT
    } else {
        st.left_set[n0 as usize]
    };
    out.clear();
    out.extend_from_slice(&[
        feat(0, &[]),
        // Single words.
        feat(1, &[s0w, s0p]),
        feat(2, &[s0w]),
        feat(3, &[s0p]),
        feat(4, &[n0w, n0p]),
        feat(5, &[n0w]),
        feat(6, &[n0p]),
        feat(7, &[n1w, n1p]),
        feat(8, &[n1w]),
        feat(9, &[n1p]),
        feat(10, &[n2w, n2p]),
        feat(11, &[n2w]),
        feat(12, &[n2p]),
        // Word pairs.
        feat(13, &[s0w, s0p, n0w, n0p]),
        feat(14, &[s0w, s0p, n0w]),
        feat(15, &[s0w, n0w, n0p]),
        feat(16, &[s0w, s0p, n0p]),
        feat(17, &[s0p, n0w, n0p]),
        feat(18, &[s0w, n0w]),
        feat(19, &[s0p, n0p]),
        feat(20, &[n0p, n1p]),
        // Three words.
        feat(21, &[n0p, n1p, n2p]),
        feat(22, &[s0p, n0p, n1p]),
        feat(23, &[tag(s0h), s0p, n0p]),
        feat(24, &[s0p, tag(s0l), n0p]),
        feat(25, &[s0p, tag(s0r), n0p]),
        feat(26, &[s0p, n0p, tag(n0l)]),
        // Distance.
        feat(27, &[s0w, dist]),
        feat(28, &[s0p, dist]),
        feat(29, &[n0w, dist]),
        feat(30, &[n0p, dist]),
        feat(31, &[s0w, n0w, dist]),
        feat(32, &[s0p, n0p, dist]),
        // Valency.
        feat(33, &[s0w, s0vr]),
        feat(34, &[s0p, s0vr]),
        feat(35, &[s0w, s0vl]),
        feat(36, &[s0p, s0vl]),
        feat(37, &[n0w, n0vl]),
        feat(38, &[n0p, n0vl]),
        // Second order: heads, children and their labels.
        feat(39, &[word(s0h)]),
        feat(40, &[tag(s0h)]),
        feat(41, &[label(s0)]),
        feat(42, &[word(s0l)]),
        feat(43, &[tag(s0l)]),
        feat(44, &[label(s0l)]),
        feat(45, &[word(s0r)]),
        feat(46, &[tag(s0r)]),
        feat(47, &[label(s0r)]),
        feat(48, &[word(n0l)]),
        feat(49, &[tag(n0l)]),
        feat(50, &[label(n0l)]),
        // Third order.
        feat(51, &[word(s0h2)]),
        feat(52, &[tag(s0h2)]),
        feat(53, &[label(s0h)]),
        feat(54, &[word(s0l2)]),
        feat(55, &[tag(s0l2)]),
        feat(56, &[label(s0l2)]),
        feat(57, &[word(s0r2)]),
        feat(58, &[tag(s0r2)]),
        feat(59, &[label(s0r2)]),
        feat(60, &[word(n0l2)]),
        feat(61, &[tag(n0l2)]),
        feat(62, &[label(n0l2)]),
        feat(63, &[s0p, tag(s0l), tag(s0l2)]),
        feat(64, &[s0p, tag(s0r), tag(s0r2)]),
        feat(65, &[s0p, tag(s0h), tag(s0h2)]),
        feat(66, &[n0p, tag(n0l), tag(n0l2)]),
        // Label sets.
        feat(67, &[s0w, s0sr]),
        feat(68, &[s0p, s0sr]),
        feat(69, &[s0w, s0sl]),
        feat(70, &[s0p, s0sl]),
        feat(71, &[n0w, n0sl]),
        feat(72, &[n0p, n0sl]),
        // The second stack word.
        feat(73, &[tag(s1), s0p, n0p]),
        feat(74, &[word(s1), tag(s1)]),
        feat(75, &[u64::from(n0 == root), s0p]),
        feat(76, &[label(s1), s0p, n0p]),
        feat(77, &[word(s1), n0w]),
        feat(78, &[tag(s1), s0p, n0w]),
        feat(79, &[s0w, n0p, n1p]),
        feat(80, &[n0w, n1p, n2p]),
        feat(81, &[s0p, label(s0), n0p]),
        feat(82, &[s0w, s0p, label(s0), n0p]),
    ]);
    let upos = |k: u32| if k == NONE { ABSENT } else { cx.upos[k as usize] };
    let suf = |k: u32| if k == NONE { ABSENT } else { cx.suffix[k as usize] };
    // Verbs and punctuation strictly between the stack top and the buffer front.
    let between = if s0 == NONE {
        ABSENT
    } else {
        let v = cx.verbs[n0 as usize - 1] - cx.verbs[s0 as usize];
        let p = cx.puncts[n0 as usize - 1] - cx.puncts[s0 as usize];
        u64::from(v.min(3) * 4 + p.min(3))
    };
    let (s0u, n0u, n1u, s1u) = (upos(s0), upos(n0), upos(n1), upos(s1));
    out.extend_from_slice(&[
        // Affixes and shapes, for rare words.
        feat(83, &[suf(s0), n0p]),
        feat(84, &[s0p, suf(n0)]),
        feat(85, &[suf(n0)]),
        feat(86, &[suf(s0)]),
        feat(87, &[suf(n1), n0p]),
        // Coarse tags alone.
        feat(88, &[s0u, n0u]),
        feat(89, &[s0u, n0u, n1u]),
        feat(90, &[s1u, s0u, n0u]),
        feat(91, &[s0u, n0u, dist]),
        // What lies between the stack top and the buffer front.
        feat(92, &[s0p, n0p, between]),
        feat(93, &[s0u, n0u, between, dist]),
        // The second stack word with the stack top.
        feat(94, &[word(s1), s0w]),
        feat(95, &[tag(s1), s0p]),
        feat(96, &[word(s1), s0p, n0p]),
        feat(97, &[label(s0l), label(s0r), s0p]),
    ]);
}

/// The dependency parser.
#[derive(Clone)]
pub struct Parser {
    labels: Vec<String>,
    root: u16,
    fallback: u16,
    model: Linear,
    /// Beam width (1: greedy).
    beam: usize,
    /// Whether it parses with the non-monotonic system ([`State::non_monotonic`]).
    non_monotonic: bool,
    /// Re-attaches punctuation after parsing (see [`crate::punct`]).
    punct: Option<PunctRanker>,
    /// Re-chooses the root after parsing (see [`crate::rootrank`]).
    root_ranker: Option<RootRanker>,
}

/// Reusable buffers for parsing.
#[derive(Default)]
pub(crate) struct ParseScratch {
    feats: Vec<u64>,
    scores: Vec<i32>,
    beam: Beam,
    punct: crate::punct::Work,
    moved: Vec<usize>,
    root: crate::rootrank::RootWork,
}

/// No move: a finished hypothesis carried over to the next beam.
const HOLD: u16 = u16::MAX;

/// A hypothesis of the beam.
struct Hyp {
    st: State,
    score: i64,
    /// Its last move in the beam's history arena (`u32::MAX`: none yet).
    node: u32,
    /// Gold arcs lost so far (training only).
    cost: u32,
}

/// Beam search over transition sequences, with reusable buffers.
#[derive(Default)]
pub(crate) struct Beam {
    hyps: Vec<Hyp>,
    next: Vec<Hyp>,
    /// Spare hypotheses whose buffers are reused.
    spare: Vec<Hyp>,
    /// `(parent node, move class)`: the move histories of all hypotheses.
    arena: Vec<(u32, u16)>,
    /// `(score, hypothesis, class, cost)` of each expansion.
    cands: Vec<(i64, u32, u16, u32)>,
    feats: Vec<u64>,
    scores: Vec<i64>,
    costs: Vec<u32>,
}

impl Beam {
    fn start(&mut self, n: usize, non_monotonic: bool) {
        self.spare.append(&mut self.hyps);
        self.spare.append(&mut self.next);
        self.arena.clear();
        let mut h = self.take(n);
        h.st.copy_from(&State::initial(n, non_monotonic));
        (h.score, h.node, h.cost) = (0, u32::MAX, 0);
        self.hyps.push(h);
    }

    fn take(&mut self, n: usize) -> Hyp {
        self.spare.pop().unwrap_or_else(|| Hyp {
            st: State::new(n),
            score: 0,
            node: u32::MAX,
            cost: 0,
        })
    }

    fn done(&self) -> bool {
        self.hyps.iter().all(|h| h.st.is_final())
    }

    /// Scores every valid move of every hypothesis into `cands`, best
    /// first (ties: lower hypothesis, then lower class), with the moves'
    /// costs against `gold` when given.
    fn expand(
        &mut self,
        root: u16,
        n_classes: usize,
        cx: &Context,
        gold: Option<&[(u32, u16)]>,
        score: &mut dyn FnMut(&[u64], &mut [i64]),
    ) {
        self.cands.clear();
        self.scores.resize(n_classes, 0);
        self.costs.resize(n_classes, 0);
        for (i, h) in self.hyps.iter().enumerate() {
            if h.st.is_final() {
                self.cands.push((h.score, i as u32, HOLD, h.cost));
                continue;
            }
            features(&h.st, cx, &mut self.feats);
            score(&self.feats, &mut self.scores);
            match gold {
                Some(g) => h.st.class_costs(g, root, &mut self.costs),
                None => self.costs.iter_mut().for_each(|c| *c = 0),
            }
            for (c, &sc) in self.scores.iter().enumerate() {
                if gold.is_some() {
                    if self.costs[c] == u32::MAX {
                        continue;
                    }
                } else if !h.st.is_valid(Move::from_class(c), root) {
                    continue;
                }
                self.cands
                    .push((h.score + sc, i as u32, c as u16, h.cost + self.costs[c]));
            }
        }
        self.cands
            .sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    }

    /// Makes the next beam from the first `k` candidates.
    fn advance(&mut self, k: usize) {
        let n = self.hyps[0].st.n as usize;
        for j in 0..k.min(self.cands.len()) {
            let (score, i, class, cost) = self.cands[j];
            let mut h = self.take(n);
            let parent = &self.hyps[i as usize];
            h.st.copy_from(&parent.st);
            h.node = parent.node;
            if class != HOLD {
                h.st.apply(Move::from_class(usize::from(class)));
                self.arena.push((parent.node, class));
                h.node = (self.arena.len() - 1) as u32;
            }
            (h.score, h.cost) = (score, cost);
            self.next.push(h);
        }
        self.spare.append(&mut self.hyps);
        std::mem::swap(&mut self.hyps, &mut self.next);
    }

    /// The move classes leading to arena node `node`, then `last` (if not HOLD).
    fn history(&self, mut node: u32, last: u16, out: &mut Vec<u16>) {
        out.clear();
        if last != HOLD {
            out.push(last);
        }
        while node != u32::MAX {
            let (p, c) = self.arena[node as usize];
            out.push(c);
            node = p;
        }
        out.reverse();
    }
}

impl Parser {
    /// The number of features with weights.
    pub fn n_features(&self) -> usize {
        self.model.n_features()
    }

    /// The dependency labels, by index.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    fn predict(&self, st: &State, cx: &Context, sc: &mut ParseScratch) -> Move {
        // Forced moves need no scores: with an empty stack only Shift is valid,
        // and once the buffer holds only the root, only one of Reduce (a top
        // with a head) and Left-Arc `root` (a top without one).
        match st.stack.last() {
            None => return Move::Shift,
            Some(&s) if st.b == st.root() => {
                return if st.heads[s as usize] == NONE {
                    Move::Left(self.root)
                } else {
                    Move::Reduce
                };
            }
            Some(_) => {}
        }
        features(st, cx, &mut sc.feats);
        self.model.score(&sc.feats, &mut sc.scores);
        let mut best = (i32::MIN, Move::Shift);
        for (c, &score) in sc.scores.iter().enumerate() {
            let m = Move::from_class(c);
            if (score > best.0 || best.0 == i32::MIN) && st.is_valid(m, self.root) {
                best = (score, m);
            }
        }
        best.1
    }

    /// Whether the parser uses the non-monotonic system ([`State::non_monotonic`]).
    pub fn non_monotonic(&self) -> bool {
        self.non_monotonic
    }

    /// The beam width the parser decodes with (1: greedy).
    pub fn beam(&self) -> usize {
        self.beam
    }

    /// Sets the beam width used for decoding (at least 1).
    pub fn set_beam(&mut self, beam: usize) {
        self.beam = beam.max(1);
    }

    pub(crate) fn parse_into(
        &self,
        forms: &[&str],
        tags: &[&str],
        sc: &mut ParseScratch,
    ) -> Vec<(usize, u16)> {
        let cx = Context::new(forms, tags);
        if self.beam > 1 {
            let bm = &mut sc.beam;
            let scores = &mut sc.scores;
            scores.resize(self.model.n_classes(), 0);
            bm.start(forms.len(), self.non_monotonic);
            while !bm.done() {
                bm.expand(self.root, self.model.n_classes(), &cx, None, &mut |f, out| {
                    self.model.score(f, scores);
                    for (o, &x) in out.iter_mut().zip(scores.iter()) {
                        *o = i64::from(x);
                    }
                });
                bm.advance(self.beam);
            }
            let mut tree = bm.hyps[0].st.finish(self.root, self.fallback);
            self.place_root(forms, tags, &mut tree, sc);
            self.place_punct(forms, tags, &mut tree, sc);
            return tree;
        }
        let mut st = State::initial(forms.len(), self.non_monotonic);
        sc.scores.resize(self.model.n_classes(), 0);
        while !st.is_final() {
            let m = self.predict(&st, &cx, sc);
            st.apply(m);
        }
        let mut tree = st.finish(self.root, self.fallback);
        self.place_root(forms, tags, &mut tree, sc);
        self.place_punct(forms, tags, &mut tree, sc);
        tree
    }

    /// Re-chooses the root of `tree` with the root ranker, if the parser has
    /// one: a child that wins takes the root's place, and the old root takes
    /// the child's relation under it.
    fn place_root(&self, forms: &[&str], tags: &[&str], tree: &mut [(usize, u16)], sc: &mut ParseScratch) {
        let Some(ranker) = &self.root_ranker else {
            return;
        };
        let (upos, heads, rels) = self.columns(tags, tree);
        let mut t = RootTree::new(forms, &upos, &heads, &rels);
        if let Some(c) = ranker.rerank_with(&t, &mut sc.root) {
            if let Some((old, far)) = swap_root(&mut t.heads, c) {
                let joined_by = self.labels[usize::from(tree[c - 1].1)].as_str();
                let rel = relation_of_old_root(joined_by, upos[old - 1], upos[c - 1], old < c);
                let label = self
                    .labels
                    .iter()
                    .position(|l| l == rel)
                    .map_or(tree[c - 1].1, |l| l as u16);
                tree[c - 1] = (0, self.root);
                tree[old - 1] = (c, label);
                for k in far {
                    tree[k - 1].0 = c;
                }
            }
        }
    }

    /// The root ranker, if the parser has one.
    pub fn root_ranker(&self) -> Option<&RootRanker> {
        self.root_ranker.as_ref()
    }

    /// Sets (or removes) the root ranker run after parsing, before the
    /// punctuation ranker. It is saved with the parser only when the parser
    /// has a punctuation ranker too.
    pub fn set_root_ranker(&mut self, ranker: Option<RootRanker>) {
        self.root_ranker = ranker;
    }

    /// Re-attaches the punctuation of `tree` with the punctuation ranker, if
    /// the parser has one; moved marks get the label `punct`.
    fn place_punct(&self, forms: &[&str], tags: &[&str], tree: &mut [(usize, u16)], sc: &mut ParseScratch) {
        let Some(ranker) = &self.punct else {
            return;
        };
        if !tags.iter().any(|t| t.split(' ').next() == Some("PUNCT")) {
            return;
        }
        let (upos, heads, rels) = self.columns(tags, tree);
        let mut t = PunctTree::new(forms, &upos, &heads, &rels);
        let punct = self.labels.iter().position(|l| l == "punct");
        ranker.reattach_with(&mut t, &mut sc.punct, &mut sc.moved);
        for &p in &sc.moved {
            tree[p - 1].0 = t.heads[p];
            if let Some(l) = punct {
                tree[p - 1].1 = l as u16;
            }
        }
    }

    /// The UPOS, heads and relation names of a parsed `tree` with `tags`, as
    /// the post-parsing rankers read them.
    fn columns<'a>(
        &'a self,
        tags: &[&'a str],
        tree: &[(usize, u16)],
    ) -> (Vec<&'a str>, Vec<usize>, Vec<&'a str>) {
        let upos = tags.iter().map(|t| t.split(' ').next().unwrap_or(t)).collect();
        let heads = tree.iter().map(|&(h, _)| h).collect();
        let rels = tree
            .iter()
            .map(|&(_, l)| self.labels[usize::from(l)].as_str())
            .collect();
        (upos, heads, rels)
    }

    /// The punctuation ranker, if the parser has one.
    pub fn punct(&self) -> Option<&PunctRanker> {
        self.punct.as_ref()
    }

    /// Sets (or removes) the punctuation ranker run after parsing.
    pub fn set_punct(&mut self, ranker: Option<PunctRanker>) {
        self.punct = ranker;
    }

    /// Parses a tagged sentence: one `(head, label)` per word; heads are
    /// 1-based, `0` for the single root.
    pub fn parse(&self, forms: &[&str], upos: &[&str], xpos: &[&str]) -> Vec<(usize, &str)> {
        let tags: Vec<String> = upos.iter().zip(xpos).map(|(u, x)| joint_tag(u, x)).collect();
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        self.parse_into(forms, &tags, &mut ParseScratch::default())
            .into_iter()
            .map(|(h, l)| (h, self.labels[usize::from(l)].as_str()))
            .collect()
    }

    /// The average of parsers trained alike with different seeds (see
    /// [`Linear::average`]): an ensemble that parses as fast as one of them.
    /// `None` if the list is empty or their labels differ.
    pub fn average(parsers: &[Parser], min_weight: i16) -> Option<Parser> {
        let first = parsers.first()?;
        if parsers.iter().any(|p| {
            p.labels != first.labels || p.beam != first.beam || p.non_monotonic != first.non_monotonic
        }) {
            return None;
        }
        let models: Vec<&Linear> = parsers.iter().map(|p| &p.model).collect();
        Some(Parser {
            model: Linear::average(&models, min_weight)?,
            ..first.clone()
        })
    }

    /// Serialises the parser.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = ByteWriter::default();
        w.uint(self.labels.len() as u64);
        for l in &self.labels {
            w.str(l);
        }
        w.uint(u64::from(self.root));
        w.uint(u64::from(self.fallback));
        self.model.write(&mut w);
        if self.beam > 1 || self.punct.is_some() || self.non_monotonic {
            let system = if self.non_monotonic { NON_MONOTONIC } else { 0 };
            w.uint(self.beam as u64 | system);
        }
        if let Some(r) = &self.punct {
            r.write(&mut w);
            if let Some(root) = &self.root_ranker {
                w.uint(ROOT_SECTION);
                root.write(&mut w);
            }
        }
        w.finish(b'P')
    }

    /// Loads a parser written by [`Parser::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, ModelError> {
        let mut r = ByteReader::open(bytes, b'P')?;
        let n = r.uint_max(1000)? as usize;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(r.str()?);
        }
        if n == 0 {
            return Err(ModelError::Corrupt("parser without labels".into()));
        }
        let root = r.uint_max(n as u64 - 1)? as u16;
        let fallback = r.uint_max(n as u64 - 1)? as u16;
        let model = Linear::read(&mut r)?;
        // Greedy monotonic parsers without a punctuation ranker end here;
        // others add their beam width (with the non-monotonic flag), then the
        // ranker if they have one.
        let (beam, non_monotonic) = if r.at_end() {
            (1, false)
        } else {
            let v = r.uint_max(NON_MONOTONIC | 256)?;
            if v & !NON_MONOTONIC > 256 {
                return Err(ModelError::Corrupt(format!("parser beam width {v} out of range")));
            }
            ((v & !NON_MONOTONIC).max(1) as usize, v & NON_MONOTONIC != 0)
        };
        let punct = if r.at_end() {
            None
        } else {
            Some(PunctRanker::read(&mut r)?)
        };
        // Then, in parsers that have one, the root ranker, after its tag.
        let root_ranker = if r.at_end() {
            None
        } else if r.uint()? == ROOT_SECTION {
            Some(RootRanker::read(&mut r)?)
        } else {
            return Err(ModelError::Corrupt(
                "unknown section after the punctuation ranker".into(),
            ));
        };
        r.end()?;
        if model.n_classes() != 2 + 2 * n {
            return Err(ModelError::Corrupt("parser move count mismatch".into()));
        }
        Ok(Parser {
            labels,
            root,
            fallback,
            model,
            beam,
            non_monotonic,
            punct,
            root_ranker,
        })
    }
}

/// The flag added to the beam width in a parser file whose parser uses the
/// non-monotonic system.
const NON_MONOTONIC: u64 = 1 << 12;

/// The margins tried on dev by [`train_root_ranker`].
const MARGINS: [i32; 6] = [0, 2_000, 5_000, 10_000, 20_000, 40_000];

/// The tag of the root ranker's section in a parser file ("ROOT").
const ROOT_SECTION: u64 = 0x524f_4f54;

/// A sentence prepared for parser training: words, tags, gold arcs.
struct Example<'a> {
    forms: Vec<&'a str>,
    tags: Vec<String>,
    gold: Vec<(u32, u16)>,
}

/// Predicted tags for each sentence of `train` from taggers trained on the
/// other folds (jackknifing), so that the parser learns from realistic tags.
/// The sentences of `train` outside fold `fold` of `k` (sentence `i` is in
/// fold `i % k`): what a jackknife model of that fold is trained on.
fn outside_fold(train: &[ConlluSentence], k: usize, fold: usize) -> Vec<ConlluSentence> {
    train
        .iter()
        .enumerate()
        .filter(|(i, _)| i % k != fold)
        .map(|(_, s)| s.clone())
        .collect()
}

fn jackknife_tags(
    train: &[ConlluSentence],
    cfg: &TrainConfig,
    log: &mut dyn FnMut(&str),
) -> Vec<Vec<String>> {
    let k = cfg.jackknife;
    let mut out = vec![Vec::new(); train.len()];
    for fold in 0..k {
        let rest = outside_fold(train, k, fold);
        let tagger = crate::tagger::train_tagger(
            &rest,
            &TrainConfig {
                seed: cfg.seed + fold as u64,
                ..cfg.tagger()
            },
        );
        let mut sc = TagScratch::default();
        let mut classes = Vec::new();
        for (i, s) in train.iter().enumerate().filter(|(i, _)| i % k == fold) {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            tagger.tag_into(&forms, &mut sc, &mut classes);
            out[i] = classes.iter().map(|&c| tagger.joint(c).to_string()).collect();
        }
        log(&format!("jackknife fold {}/{k} tagged", fold + 1));
    }
    out
}

/// Unlabelled and labelled attachment scores (percent) of `parser` on `gold`,
/// with tags from `tagger` (gold XPOS when `None`).
fn attachment(parser: &Parser, tagger: Option<&Tagger>, gold: &[ConlluSentence]) -> (f64, f64) {
    let (mut uas, mut las, mut total) = (0usize, 0usize, 0usize);
    let (mut ts, mut ps, mut classes) = (TagScratch::default(), ParseScratch::default(), Vec::new());
    for s in gold {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let gold_tags: Vec<String> = s.words.iter().map(|w| joint_tag(&w.upos, &w.xpos)).collect();
        let tags: Vec<&str> = match tagger {
            Some(t) => {
                t.tag_into(&forms, &mut ts, &mut classes);
                classes.iter().map(|&c| t.joint(c)).collect()
            }
            None => gold_tags.iter().map(String::as_str).collect(),
        };
        for (w, (h, l)) in s.words.iter().zip(parser.parse_into(&forms, &tags, &mut ps)) {
            total += 1;
            if w.head == Some(h) {
                uas += 1;
                las += usize::from(universal(&parser.labels[usize::from(l)]) == universal(&w.deprel));
            }
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / total.max(1) as f64;
    (pct(uas), pct(las))
}

/// The tag string the parser reads: UPOS and XPOS joined by a space.
pub fn joint_tag(upos: &str, xpos: &str) -> String {
    format!("{upos} {xpos}")
}

/// The universal part of a dependency label (`nsubj:pass` → `nsubj`).
pub fn universal(label: &str) -> &str {
    label.split(':').next().unwrap_or(label)
}

/// Trains a parser on `train`. Tags come from jackknifed taggers when
/// `cfg.jackknife > 1`, else from the gold XPOS column. After each epoch,
/// scores `dev` (tagged by `dev_tagger`, or gold tags) and calls
/// `on_epoch(epoch, Some((uas, las)))`; keeps the epoch with the best LAS.
/// With `cfg.ensemble > 1`, trains that many parsers with seeds `cfg.seed`,
/// `cfg.seed + 1`, … (each with its own jackknife) and returns their
/// average, which keeps every feature one member alone would keep.
pub fn train_parser_with(
    train: &[ConlluSentence],
    dev: Option<&[ConlluSentence]>,
    dev_tagger: Option<&Tagger>,
    cfg: &TrainConfig,
    on_epoch: &mut dyn FnMut(usize, Option<(f64, f64)>),
    log: &mut dyn FnMut(&str),
) -> Parser {
    let mut index: HashMap<String, u16> = HashMap::new();
    let mut labels: Vec<String> = Vec::new();
    for l in ["root", "dep"].into_iter().map(String::from).chain(
        train
            .iter()
            .flat_map(|s| s.words.iter().map(|w| w.deprel.clone())),
    ) {
        index.entry(l.clone()).or_insert_with(|| {
            labels.push(l);
            (labels.len() - 1) as u16
        });
    }
    let (root, fallback) = (index["root"], index["dep"]);
    let n_classes = 2 + 2 * labels.len();
    let template = Parser {
        labels,
        root,
        fallback,
        model: Trainer::new(n_classes).compile(0),
        beam: cfg.beam.max(1),
        non_monotonic: cfg.non_monotonic,
        punct: None,
        root_ranker: None,
    };
    let members: Vec<Parser> = (0..cfg.ensemble.max(1) as u64)
        .map(|i| {
            if cfg.ensemble > 1 {
                log(&format!("ensemble member {} of {}", i + 1, cfg.ensemble));
            }
            let member = TrainConfig {
                seed: cfg.seed + i,
                ..cfg.clone()
            };
            let examples = examples(train, &index, &member, log);
            train_member(&examples, &template, dev, dev_tagger, &member, on_epoch, log)
        })
        .collect();
    if members.len() == 1 {
        return members.into_iter().next().expect("one member");
    }
    if let Some(dev) = dev {
        // How the ensemble grows: the average of the first k members, for
        // every k, each pruned at the level it would be built with.
        for k in 2..=members.len() {
            let average = Parser::average(&members[..k], cfg.parser_prune / k as i16)
                .expect("members share their labels");
            let (uas, las) = attachment(&average, dev_tagger, dev);
            log(&format!(
                "average of {k} parsers: dev UAS {uas:.2}% LAS {las:.2}%"
            ));
        }
    }
    let prune = cfg.parser_prune / members.len() as i16;
    Parser::average(&members, prune).expect("members share their labels")
}

/// The sentences of `train` with complete trees, as training examples: tags
/// from jackknifed taggers when `cfg.jackknife > 1`, else the gold ones;
/// relations as indices into `index`.
fn examples<'a>(
    train: &'a [ConlluSentence],
    index: &HashMap<String, u16>,
    cfg: &TrainConfig,
    log: &mut dyn FnMut(&str),
) -> Vec<Example<'a>> {
    let tags = if cfg.jackknife > 1 {
        jackknife_tags(train, cfg, log)
    } else {
        train
            .iter()
            .map(|s| s.words.iter().map(|w| joint_tag(&w.upos, &w.xpos)).collect())
            .collect()
    };
    train
        .iter()
        .zip(tags)
        .filter(|(s, _)| s.words.iter().all(|w| w.head.is_some()))
        .map(|(s, tags)| {
            let mut gold = vec![(0u32, 0u16)];
            gold.extend(
                s.words
                    .iter()
                    .map(|w| (w.head.unwrap_or(0) as u32, index[&w.deprel])),
            );
            Example {
                forms: s.words.iter().map(|w| w.form.as_str()).collect(),
                tags,
                gold,
            }
        })
        .collect()
}

/// Trains one parser on `examples` (the epochs, exploration and choice of
/// the best epoch of [`train_parser_with`]) with the labels of `template`.
fn train_member(
    examples: &[Example],
    template: &Parser,
    dev: Option<&[ConlluSentence]>,
    dev_tagger: Option<&Tagger>,
    cfg: &TrainConfig,
    on_epoch: &mut dyn FnMut(usize, Option<(f64, f64)>),
    log: &mut dyn FnMut(&str),
) -> Parser {
    let root = template.root;
    let n_classes = 2 + 2 * template.labels.len();
    let mut trainer = Trainer::new(n_classes);
    let mut rng = Rng::new(cfg.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut feats = Vec::new();
    let mut scores = vec![0i64; n_classes];
    let mut beam = Beam::default();
    let mut best: Option<(f64, Parser)> = None;
    let mut last = None;
    for epoch in 1..=cfg.epochs {
        rng.shuffle(&mut order);
        let explore = epoch > cfg.explore_after;
        for &ei in &order {
            let ex = &examples[ei];
            let tags: Vec<&str> = ex.tags.iter().map(String::as_str).collect();
            let cx = Context::new(&ex.forms, &tags);
            if cfg.beam > 1 {
                train_beam(&mut trainer, &mut beam, ex, &cx, cfg.beam, template, &mut feats);
                continue;
            }
            let mut st = State::initial(ex.forms.len(), template.non_monotonic);
            while !st.is_final() {
                features(&st, &cx, &mut feats);
                trainer.score(&feats, &mut scores);
                let (mut guess, mut guess_score) = (usize::MAX, i64::MIN);
                let (mut truth, mut truth_score, mut min_cost) = (usize::MAX, i64::MIN, u32::MAX);
                // Gold head and label of the stack top and the buffer front
                // (heads as nodes: the root is n + 1).
                let root_node = st.root();
                let node = |h: u32| if h == 0 { root_node } else { h };
                let s = st.stack.last().copied().unwrap_or(NONE);
                let (gs_head, gs_label) = if s == NONE {
                    (NONE, 0)
                } else {
                    (node(ex.gold[s as usize].0), ex.gold[s as usize].1)
                };
                let (gb_head, gb_label) = if st.b < root_node {
                    (node(ex.gold[st.b as usize].0), ex.gold[st.b as usize].1)
                } else {
                    (NONE, 0)
                };
                // Costs of the unlabelled moves (with the gold label), then the label on top.
                let base = |m: Move| st.cost(m, &ex.gold);
                let left_base = (s != NONE).then(|| base(Move::Left(gs_label)));
                let right_base = (s != NONE && st.b < root_node).then(|| base(Move::Right(gb_label)));
                for (c, &score) in scores.iter().enumerate() {
                    let m = Move::from_class(c);
                    if !st.is_valid(m, root) {
                        continue;
                    }
                    let cost = match m {
                        Move::Left(l) => left_base.unwrap_or(0) + u32::from(gs_head == st.b && l != gs_label),
                        Move::Right(l) => right_base.unwrap_or(0) + u32::from(gb_head == s && l != gb_label),
                        m => base(m),
                    };
                    if score > guess_score || guess == usize::MAX {
                        (guess, guess_score) = (c, score);
                    }
                    if cost < min_cost || (cost == min_cost && score > truth_score) {
                        (truth, truth_score, min_cost) = (c, score, cost);
                    }
                }
                let guess_cost = match Move::from_class(guess) {
                    Move::Left(l) => left_base.unwrap_or(0) + u32::from(gs_head == st.b && l != gs_label),
                    Move::Right(l) => right_base.unwrap_or(0) + u32::from(gb_head == s && l != gb_label),
                    m => base(m),
                };
                if guess_cost > min_cost {
                    trainer.update(&feats, truth, guess);
                }
                trainer.tick();
                let next = if explore && rng.unit() < cfg.explore_prob {
                    guess
                } else {
                    truth
                };
                st.apply(Move::from_class(next));
            }
        }
        let parser = Parser {
            model: trainer.compile(cfg.parser_prune),
            ..template.clone()
        };
        match dev {
            Some(dev) => {
                for &prune in &cfg.dev_prunes {
                    let alt = Parser {
                        model: trainer.compile(prune),
                        ..parser.clone()
                    };
                    let (uas, las) = attachment(&alt, dev_tagger, dev);
                    log(&format!(
                        "epoch {epoch} prune {prune}: dev UAS {uas:.2}% LAS {las:.2}%, {} features",
                        alt.n_features()
                    ));
                }
                let (uas, las) = attachment(&parser, dev_tagger, dev);
                on_epoch(epoch, Some((uas, las)));
                if best.as_ref().is_none_or(|(b, _)| las > *b) {
                    best = Some((las, parser));
                }
            }
            None => {
                on_epoch(epoch, None);
                last = Some(parser);
            }
        }
    }
    best.map(|(_, p)| p).or(last).unwrap_or_else(|| Parser {
        model: trainer.compile(cfg.parser_prune),
        ..template.clone()
    })
}

/// One sentence of global training with early update (Zhang & Clark 2008;
/// Collins & Roark 2004): the beam runs until no hypothesis in it is among
/// the cheapest, measured in gold arcs lost (zero for projective trees),
/// or until it ends with a costlier one on top; then the best cheapest
/// sequence is rewarded and the beam's best penalised. The cheapest
/// sequences form a latent gold: any of them may be followed.
fn train_beam(
    trainer: &mut Trainer,
    bm: &mut Beam,
    ex: &Example,
    cx: &Context,
    k: usize,
    template: &Parser,
    feats: &mut Vec<u64>,
) {
    let (root, non_monotonic) = (template.root, template.non_monotonic);
    let n_classes = trainer.n_classes();
    bm.start(ex.forms.len(), non_monotonic);
    let (gold, pred) = loop {
        if bm.done() {
            let min = bm.hyps.iter().map(|h| h.cost).min().unwrap_or(0);
            if bm.hyps[0].cost == min {
                trainer.tick();
                return;
            }
            let g = bm
                .hyps
                .iter()
                .find(|h| h.cost == min)
                .expect("a cheapest hypothesis");
            break ((g.node, HOLD), (bm.hyps[0].node, HOLD));
        }
        bm.expand(root, n_classes, cx, Some(&ex.gold), &mut |f, out| {
            trainer.score(f, out)
        });
        let min = bm.cands.iter().map(|c| c.3).min().unwrap_or(0);
        let kept = k.min(bm.cands.len());
        if !bm.cands[..kept].iter().any(|c| c.3 == min) {
            let g = *bm
                .cands
                .iter()
                .find(|c| c.3 == min)
                .expect("a cheapest candidate");
            let p = bm.cands[0];
            break (
                (bm.hyps[g.1 as usize].node, g.2),
                (bm.hyps[p.1 as usize].node, p.2),
            );
        }
        bm.advance(k);
    };
    let (mut gs, mut ps) = (Vec::new(), Vec::new());
    bm.history(gold.0, gold.1, &mut gs);
    bm.history(pred.0, pred.1, &mut ps);
    let common = gs.iter().zip(&ps).take_while(|(a, b)| a == b).count();
    let mut st = State::initial(ex.forms.len(), non_monotonic);
    for &c in &gs[..common] {
        st.apply(Move::from_class(usize::from(c)));
    }
    let start = st.clone();
    for (seq, delta) in [(&gs, 1), (&ps, -1)] {
        st.copy_from(&start);
        for &c in &seq[common..] {
            features(&st, cx, feats);
            trainer.add(feats, usize::from(c), delta);
            st.apply(Move::from_class(usize::from(c)));
        }
    }
    trainer.tick();
}

/// Jackknifed trees of `train` for training the punctuation ranker: each
/// of `k` folds tagged and parsed by a tagger and a parser trained on the
/// other folds with `cfg` (single models), so that the trees have the
/// errors of trees of new text. A copy of `train` with predicted UPOS, XPOS,
/// HEAD and DEPREL (lemmas kept).
pub fn jackknife_trees(
    train: &[ConlluSentence],
    k: usize,
    cfg: &TrainConfig,
    log: &mut dyn FnMut(&str),
) -> Vec<ConlluSentence> {
    let mut out = train.to_vec();
    let k = k.max(2);
    let (mut ts, mut ps, mut classes) = (TagScratch::default(), ParseScratch::default(), Vec::new());
    for fold in 0..k {
        let rest = outside_fold(train, k, fold);
        let cfg = TrainConfig {
            seed: cfg.seed + fold as u64,
            ensemble: 1,
            ..cfg.clone()
        };
        let tagger = crate::tagger::train_tagger(&rest, &cfg.tagger());
        let parser = train_parser(&rest, &cfg);
        for (i, s) in train.iter().enumerate().filter(|(i, _)| i % k == fold) {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            tagger.tag_into(&forms, &mut ts, &mut classes);
            let tags: Vec<&str> = classes.iter().map(|&c| tagger.joint(c)).collect();
            let tree = parser.parse_into(&forms, &tags, &mut ps);
            for ((w, &c), (h, l)) in out[i].words.iter_mut().zip(&classes).zip(tree) {
                let (u, x) = tagger.label(c);
                (w.upos, w.xpos) = (u.to_string(), x.to_string());
                w.head = Some(h);
                w.deprel = parser.labels[usize::from(l)].clone();
            }
        }
        log(&format!("punctuation jackknife fold {}/{k} parsed", fold + 1));
    }
    out
}

/// Trains a punctuation ranker for `parser` (see [`crate::punct`]) on the
/// trees `trees` of the sentences of `train` (predicted trees, such as
/// [`jackknife_trees`], in the same order; `None`: the gold trees), whose
/// marks' gold heads it learns, for `epochs` passes shuffled with `seed`.
/// After each epoch, scores `dev` (tagged by `tagger`) with it, calls
/// `on_epoch(epoch, Some((uas, las)))` and keeps the epoch with the best LAS
/// (the last without `dev`).
pub fn train_punct_ranker(
    parser: &Parser,
    tagger: Option<&Tagger>,
    train: &[ConlluSentence],
    trees: Option<&[ConlluSentence]>,
    dev: Option<&[ConlluSentence]>,
    (epochs, seed): (usize, u64),
    on_epoch: &mut dyn FnMut(usize, Option<(f64, f64)>),
) -> PunctRanker {
    let bare = Parser {
        punct: None,
        ..parser.clone()
    };
    let trees = trees.unwrap_or(train);
    let mut examples: Vec<PunctExample> = aligned_trees(train, trees)
        .map(|(g, (forms, upos, heads, rels))| PunctExample {
            tree: PunctTree::new(&forms, &upos, &heads, &rels),
            gold: std::iter::once(0)
                .chain(g.words.iter().map(|w| w.head.unwrap_or(0)))
                .collect(),
        })
        .collect();
    let mut best: Option<(f64, PunctRanker)> = None;
    let last = crate::punct::train_punct(&mut examples, epochs, seed, &mut |epoch, ranker| {
        let Some(dev) = dev else {
            on_epoch(epoch, None);
            return;
        };
        let with = Parser {
            punct: Some(ranker.clone()),
            ..bare.clone()
        };
        let (uas, las) = attachment(&with, tagger, dev);
        on_epoch(epoch, Some((uas, las)));
        if best.as_ref().is_none_or(|(b, _)| las > *b) {
            best = Some((las, ranker.clone()));
        }
    });
    best.map_or(last, |(_, r)| r)
}

/// Form, UPOS, head and relation columns of a predicted tree.
type TreeColumns<'a> = (Vec<&'a str>, Vec<&'a str>, Vec<usize>, Vec<&'a str>);

/// The gold sentences of `train` with the columns of their predicted trees
/// `trees` (same order), where both have every head and the same words.
fn aligned_trees<'a>(
    train: &'a [ConlluSentence],
    trees: &'a [ConlluSentence],
) -> impl Iterator<Item = (&'a ConlluSentence, TreeColumns<'a>)> {
    train
        .iter()
        .zip(trees)
        .filter(|(g, t)| {
            g.words.len() == t.words.len() && g.words.iter().chain(&t.words).all(|w| w.head.is_some())
        })
        .map(|(g, t)| {
            let columns = (
                t.words.iter().map(|w| w.form.as_str()).collect(),
                t.words.iter().map(|w| w.upos.as_str()).collect(),
                t.words.iter().map(|w| w.head.unwrap_or(0)).collect(),
                t.words.iter().map(|w| w.deprel.as_str()).collect(),
            );
            (g, columns)
        })
}

/// Trains a root ranker for `parser` (see [`crate::rootrank`]) on the trees
/// `trees` of the sentences of `train` (predicted trees, such as
/// [`jackknife_trees`], in the same order), whose gold roots it learns, for
/// `epochs` passes shuffled with `seed`. After each epoch, scores `dev`
/// (its sentences and the tagger that tags them; gold tags without one) at
/// each of a few margins (one `log` line each), calls `on_epoch(epoch,
/// Some((uas, las)))` with the epoch's best margin's scores, and keeps the
/// ranker and margin with the best UAS (the last epoch, margin 0, without
/// `dev`).
pub fn train_root_ranker(
    parser: &Parser,
    train: &[ConlluSentence],
    trees: &[ConlluSentence],
    dev: Option<(&[ConlluSentence], Option<&Tagger>)>,
    (epochs, seed): (usize, u64),
    on_epoch: &mut dyn FnMut(usize, Option<(f64, f64)>),
    log: &mut dyn FnMut(&str),
) -> RootRanker {
    let examples: Vec<RootExample> = aligned_trees(train, trees)
        .filter_map(|(g, (forms, upos, heads, rels))| {
            Some(RootExample {
                tree: RootTree::new(&forms, &upos, &heads, &rels),
                gold_root: g.words.iter().position(|w| w.head == Some(0))? + 1,
            })
        })
        .collect();
    let mut best: Option<(f64, RootRanker)> = None;
    let last = crate::rootrank::train_root(&examples, epochs, seed, &mut |epoch, ranker| {
        let Some((dev, tagger)) = dev else {
            on_epoch(epoch, None);
            return;
        };
        // Each margin a child must win by, as a share of the largest weight.
        let mut epoch_best: Option<(f64, f64)> = None;
        for margin in MARGINS {
            let mut ranker = ranker.clone();
            ranker.margin = margin;
            let with = Parser {
                root_ranker: Some(ranker.clone()),
                ..parser.clone()
            };
            let (uas, las) = attachment(&with, tagger, dev);
            log(&format!(
                "epoch {epoch} margin {margin}: dev UAS {uas:.2}% LAS {las:.2}%"
            ));
            if epoch_best.is_none_or(|(u, _)| uas > u) {
                epoch_best = Some((uas, las));
            }
            if best.as_ref().is_none_or(|(b, _)| uas > *b) {
                best = Some((uas, ranker));
            }
        }
        on_epoch(epoch, epoch_best);
    });
    best.map_or(last, |(_, r)| r)
}

/// Trains a parser on `train` for `cfg.epochs` epochs.
pub fn train_parser(train: &[ConlluSentence], cfg: &TrainConfig) -> Parser {
    train_parser_with(train, None, None, cfg, &mut |_, _| {}, &mut |_| {})
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gold arcs `(head, label)` from a head list (label 1 everywhere but the root).
    fn gold(heads: &[u32]) -> Vec<(u32, u16)> {
        let mut g = vec![(0, 0)];
        g.extend(heads.iter().map(|&h| (h, if h == 0 { 0 } else { 1 })));
        g
    }

    fn run_static(g: &[(u32, u16)]) -> (State, u32) {
        let mut st = State::new(g.len() - 1);
        let mut total_cost = 0;
        while !st.is_final() {
            let m = st.static_oracle(g);
            assert!(st.is_valid(m, 0), "static oracle chose invalid {m:?}");
            total_cost += st.cost(m, g);
            st.apply(m);
        }
        (st, total_cost)
    }

    fn is_projective(g: &[(u32, u16)]) -> bool {
        let n = g.len();
        (1..n).all(|d| {
            let h = g[d].0 as usize;
            let (a, b) = (d.min(h), d.max(h));
            (a + 1..b).all(|k| {
                let mut x = k;
                while x != 0 && x != h {
                    x = g[x].0 as usize;
                }
                x == h
            })
        })
    }

    #[test]
    fn static_oracle_rebuilds_hand_made_trees_at_zero_cost() {
        for heads in [
            vec![0],
            vec![2, 0, 2],             // They left .
            vec![2, 0, 4, 2, 2],       // She saw the man .
            vec![3, 3, 0, 5, 3, 7, 5], // right branching with a left dependent
            vec![0, 1, 2, 3, 4],       // a chain
            vec![4, 4, 4, 0],          // three left dependents
        ] {
            let g = gold(&heads);
            let (st, cost) = run_static(&g);
            assert_eq!(cost, 0, "{heads:?}");
            let tree = st.finish(0, 1);
            assert_eq!(tree.iter().map(|&(h, _)| h as u32).collect::<Vec<_>>(), heads);
            assert!(tree.iter().zip(&g[1..]).all(|(&(_, l), &(_, gl))| l == gl));
        }
    }

    #[test]
    fn cost_counts_lost_arcs() {
        // "She saw the man ." with s = She, b = saw: shifting loses She's head.
        let g = gold(&[2, 0, 4, 2, 2]);
        let mut st = State::new(5);
        st.apply(Move::Shift);
        assert_eq!(st.cost(Move::Left(1), &g), 0);
        assert_eq!(st.cost(Move::Left(2), &g), 1, "wrong label");
        assert_eq!(st.cost(Move::Shift, &g), 1, "loses She←saw");
        assert_eq!(st.cost(Move::Right(1), &g), 2, "loses She←saw and saw←root");
    }

    #[test]
    fn non_monotonic_left_arc_repairs_an_early_right_arc() {
        // "I think he left": he ← left (nsubj), left ← think (ccomp).
        let g = gold(&[2, 0, 4, 2]);
        for non_monotonic in [false, true] {
            let mut st = State::initial(4, non_monotonic);
            st.apply(Move::Shift);
            st.apply(Move::Left(1));
            st.apply(Move::Shift);
            // Taking "he" as the object of "think" is an error either way.
            assert_eq!(st.cost(Move::Right(1), &g), 1);
            st.apply(Move::Right(1));
            assert_eq!(st.is_valid(Move::Left(1), 0), non_monotonic);
            if !non_monotonic {
                continue;
            }
            assert_eq!(st.cost(Move::Reduce, &g), 1, "reducing keeps the wrong head");
            assert_eq!(st.cost(Move::Left(1), &g), 0);
            st.apply(Move::Left(1));
            assert_eq!(
                (st.n_right[2], st.right[2]),
                (0, [NONE; 2]),
                "think lost its child"
            );
            for m in [Move::Right(1), Move::Reduce, Move::Left(0)] {
                assert_eq!(st.cost(m, &g), 0, "{m:?}");
                st.apply(m);
            }
            assert!(st.is_final());
            assert_eq!(st.finish(0, 1), vec![(2, 1), (0, 0), (4, 1), (2, 1)]);
        }
        // A correct head given by Right-Arc costs one arc to replace.
        let g = gold(&[2, 0, 2, 2]);
        let mut st = State::non_monotonic(4);
        for m in [Move::Shift, Move::Left(1), Move::Shift, Move::Right(1)] {
            st.apply(m);
        }
        assert_eq!(st.cost(Move::Left(1), &g), 1);
    }

    #[test]
    fn exactly_one_root_even_from_a_bad_sequence() {
        let mut st = State::new(4);
        while st.is_valid(Move::Shift, 0) {
            st.apply(Move::Shift);
        }
        assert!(!st.is_final() && st.is_valid(Move::Left(0), 0) && !st.is_valid(Move::Left(1), 0));
        let tree = st.finish(0, 1);
        assert_eq!(tree.iter().filter(|&&(h, _)| h == 0).count(), 1);
        assert_eq!(tree, vec![(0, 0), (1, 1), (1, 1), (1, 1)]);
    }

    #[test]
    fn static_oracle_on_treebank_slice() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/ud-english-ewt/en_ewt-ud-train.conllu"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("skipping: {path} not found");
            return;
        };
        let slice: String = text.lines().take(20_000).map(|l| format!("{l}\n")).collect();
        let read = crate::conllu::read(&slice);
        let mut tested = 0;
        for s in &read.sentences {
            let mut labels: HashMap<&str, u16> = HashMap::from([("root", 0)]);
            let mut g = vec![(0u32, 0u16)];
            for w in &s.words {
                let next = labels.len() as u16;
                let l = *labels.entry(w.deprel.as_str()).or_insert(next);
                g.push((w.head.expect("gold heads") as u32, l));
            }
            if !is_projective(&g) {
                continue;
            }
            let (st, cost) = run_static(&g);
            assert_eq!(cost, 0, "dynamic cost along the static path, line {}", s.line);
            let tree = st.finish(0, 1);
            for (d, &(h, l)) in tree.iter().enumerate() {
                assert_eq!((h as u32, l), g[d + 1], "line {} word {}", s.line, d + 1);
            }
            tested += 1;
        }
        assert!(tested > 500, "only {tested} projective sentences");
    }
}
