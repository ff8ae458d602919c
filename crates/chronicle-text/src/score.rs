//! The article-extraction measure: 4-token shingle overlap between an
//! extracted body and the hand-made one.
//!
//! Both texts are split into `\w+` tokens (Unicode, case kept); 4-token
//! shingles are counted as multisets; true positives are the shingles both
//! share. Precision and recall are computed per page and averaged over pages
//! by [`ExtractionScore`]; F1 comes from the two means.

use std::collections::HashMap;

/// Shingle counts for one page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShingleOverlap {
    /// Shingles in both texts (multiset intersection).
    pub true_positives: usize,
    /// Shingles only in the extracted text.
    pub false_positives: usize,
    /// Shingles only in the gold text.
    pub false_negatives: usize,
}

/// The `\w+` tokens of `text`: runs of letters, digits, marks and `_`.
pub fn word_tokens(text: &str) -> Vec<&str> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || is_mark(c);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Combining marks count as word characters in `\w` (Unicode categories M*).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens = word_tokens(text);
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    if tokens.len() < 4 {
        *counts.entry(tokens).or_insert(0) += 1;
        return counts;
    }
    for w in tokens.windows(4) {
        *counts.entry(w.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// Compares an extracted text with the gold text of the same page.
pub fn shingle_overlap(extracted: &str, gold: &str) -> ShingleOverlap {
    let ext = shingles(extracted);
    let gold = shingles(gold);
    let total = |m: &HashMap<Vec<&str>, usize>| m.values().sum::<usize>();
    let tp: usize = ext
        .iter()
        .map(|(k, &n)| n.min(gold.get(k).copied().unwrap_or(0)))
        .sum();
    ShingleOverlap {
        true_positives: tp,
        false_positives: total(&ext) - tp,
        false_negatives: total(&gold) - tp,
    }
}

/// Precision, recall and F1 averaged over pages, as the benchmark defines them.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtractionScore {
    precision_sum: f64,
    precision_pages: usize,
    recall_sum: f64,
    recall_pages: usize,
    /// Pages added.
    pub pages: usize,
}

impl ExtractionScore {
    /// Adds one page's overlap.
    pub fn add(&mut self, o: ShingleOverlap) {
        self.pages += 1;
        let (tp, fp, fn_) = (
            o.true_positives as f64,
            o.false_positives as f64,
            o.false_negatives as f64,
        );
        if tp + fp > 0.0 {
            self.precision_sum += tp / (tp + fp);
            self.precision_pages += 1;
        }
        if tp + fn_ > 0.0 {
            self.recall_sum += tp / (tp + fn_);
            self.recall_pages += 1;
        }
    }

    /// Mean precision over pages where something was extracted.
    pub fn precision(&self) -> f64 {
        mean(self.precision_sum, self.precision_pages)
    }

    /// Mean recall over pages whose gold body is not empty.
    pub fn recall(&self) -> f64 {
        mean(self.recall_sum, self.recall_pages)
    }

    /// Harmonic mean of the mean precision and the mean recall.
    pub fn f1(&self) -> f64 {
        harmonic_mean(self.precision(), self.recall())
    }
}

/// F1: the harmonic mean of precision and recall (0 when both are 0).
pub fn harmonic_mean(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn mean(sum: f64, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_tokens_follow_backslash_w() {
        assert_eq!(
            word_tokens("Don't stop—1,200 café_x!"),
            ["Don", "t", "stop", "1", "200", "café_x"]
        );
    }

    #[test]
    fn identical_texts_overlap_fully() {
        let o = shingle_overlap("one two three four five", "one two three four five");
        assert_eq!(
            o,
            ShingleOverlap {
                true_positives: 2,
                false_positives: 0,
                false_negatives: 0
            }
        );
    }

    #[test]
    fn extra_and_missing_text_count_against() {
        let o = shingle_overlap("a b c d e junk", "a b c d e f g");
        assert_eq!(o.true_positives, 2);
        assert_eq!(o.false_positives, 1);
        assert_eq!(o.false_negatives, 2);
        let mut s = ExtractionScore::default();
        s.add(o);
        assert!((s.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.recall() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn empty_extraction_counts_for_recall_only() {
        let mut s = ExtractionScore::default();
        s.add(shingle_overlap("", "a b c d"));
        assert_eq!(s.recall(), 0.0);
        assert_eq!(s.precision(), 0.0);
        assert_eq!(s.pages, 1);
    }
}

/// Matching counts of predicted against gold spans (tokens or sentences).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpanCounts {
    /// Spans in both.
    pub matched: usize,
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
}

impl SpanCounts {
    /// Counts exact matches between two sets of `[start, end)` spans.
    pub fn compare(gold: &[(usize, usize)], predicted: &[(usize, usize)]) -> SpanCounts {
        let gold_set: std::collections::HashSet<_> = gold.iter().collect();
        let matched = predicted
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .intersection(&gold_set)
            .count();
        SpanCounts {
            matched,
            gold: gold.len(),
            predicted: predicted.len(),
        }
    }

    /// Adds another document's counts.
    pub fn add(&mut self, other: SpanCounts) {
        self.matched += other.matched;
        self.gold += other.gold;
        self.predicted += other.predicted;
    }

    /// Matched / predicted.
    pub fn precision(&self) -> f64 {
        mean(self.matched as f64, self.predicted)
    }

    /// Matched / gold.
    pub fn recall(&self) -> f64 {
        mean(self.matched as f64, self.gold)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        harmonic_mean(self.precision(), self.recall())
    }
}

#[cfg(test)]
mod span_tests {
    use super::SpanCounts;

    #[test]
    fn span_counts_match_exactly() {
        let c = SpanCounts::compare(&[(0, 2), (3, 5), (5, 6)], &[(0, 2), (3, 6)]);
        assert_eq!(
            c,
            SpanCounts {
                matched: 1,
                gold: 3,
                predicted: 2
            }
        );
        assert!((c.f1() - 0.4).abs() < 1e-9);
    }
}
