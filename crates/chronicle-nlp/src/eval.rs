//! Scoring against gold CoNLL-U: UPOS, XPOS, lemma, UAS and LAS.
//!
//! Scores are over all words, punctuation included. LAS compares the
//! universal part of the relation (`nsubj:pass` counts as `nsubj`), as the
//! CoNLL 2018 shared task did.

use crate::conllu::ConlluSentence;
use crate::parser::universal;
use crate::Models;

/// Accuracy scores in percent, over `tokens` words.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct UdScores {
    /// Number of words scored.
    pub tokens: usize,
    /// Universal part-of-speech accuracy.
    pub upos: f64,
    /// Penn tag accuracy.
    pub xpos: f64,
    /// Lemma accuracy (exact string).
    pub lemma: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score (universal relation).
    pub las: f64,
}

/// Compares predicted sentences with gold ones, word by word. Sentences are
/// paired in order; a pair with different word counts is scored on the
/// shorter one.
pub fn score(gold: &[ConlluSentence], predicted: &[ConlluSentence]) -> UdScores {
    let mut n = [0usize; 6];
    for (g, p) in gold.iter().zip(predicted) {
        for (gw, pw) in g.words.iter().zip(&p.words) {
            n[0] += 1;
            n[1] += usize::from(gw.upos == pw.upos);
            n[2] += usize::from(gw.xpos == pw.xpos);
            n[3] += usize::from(gw.lemma == pw.lemma);
            if gw.head == pw.head {
                n[4] += 1;
                n[5] += usize::from(universal(&gw.deprel) == universal(&pw.deprel));
            }
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / n[0].max(1) as f64;
    UdScores {
        tokens: n[0],
        upos: pct(n[1]),
        xpos: pct(n[2]),
        lemma: pct(n[3]),
        uas: pct(n[4]),
        las: pct(n[5]),
    }
}

/// Annotates a copy of `gold` with `models` (gold words only) and scores it.
pub fn evaluate(models: &Models, gold: &[ConlluSentence]) -> UdScores {
    let predicted: Vec<ConlluSentence> = gold
        .iter()
        .map(|s| {
            let mut p = s.clone();
            models.annotate_conllu(&mut p);
            p
        })
        .collect();
    score(gold, &predicted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_count_universal_labels() {
        let gold = crate::conllu::read(
            "1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj:pass\t_\t_\n2\twon\twin\tVERB\tVBD\t_\t0\troot\t_\t_\n",
        )
        .sentences;
        let mut pred = gold.clone();
        pred[0].words[0].deprel = "nsubj".into();
        pred[0].words[1].lemma = "won".into();
        let s = score(&gold, &pred);
        assert_eq!(s.tokens, 2);
        assert_eq!(s.las, 100.0);
        assert_eq!(s.lemma, 50.0);
        pred[0].words[0].head = Some(0);
        assert_eq!(score(&gold, &pred).uas, 50.0);
    }
}
