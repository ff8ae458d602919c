//! The lemmatiser: suffix rules chosen by the Penn tag, plus an exception
//! table learned from a treebank's LEMMA column for the words where the rules
//! are wrong ("struck" → "strike", "was" → "be").

use std::collections::HashMap;

use crate::binfmt::{ByteReader, ByteWriter, ModelError};
use crate::conllu::ConlluSentence;

/// The lemmatiser: rules plus learned exceptions.
#[derive(Clone, Default)]
pub struct Lemmatizer {
    /// `(form, xpos)` → lemma, where the rules are wrong.
    exceptions: HashMap<(String, String), String>,
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Undoes a verb ending: `stem` is what is left after "-ed" / "-ing".
fn verb_stem(stem: &str) -> String {
    let b = stem.as_bytes();
    let n = b.len();
    if n >= 3 && b[n - 1] == b[n - 2] && !is_vowel(b[n - 1]) && !matches!(b[n - 1], b'l' | b's' | b'z' | b'f')
    {
        // stopped → stop, planning → plan
        return stem[..n - 1].to_string();
    }
    const ADD_E: [&str; 16] = [
        "at", "iz", "is", "v", "c", "dg", "rg", "bl", "pl", "tl", "dl", "gl", "kl", "ur", "cl", "sl",
    ];
    // treated, defeated, retreated keep their stem; created is the exception.
    let eat = stem.ends_with("eat") && !stem.ends_with("creat");
    if n >= 3 && ADD_E.iter().any(|e| stem.ends_with(e)) && !stem.ends_with("ss") && !eat {
        return format!("{stem}e");
    }
    // ease → eas-ed, raise → rais-ing, cause → caus-ed: two vowels, then an "s"
    // (not "bias", "alias").
    if n >= 3 && b[n - 1] == b's' && is_vowel(b[n - 2]) && is_vowel(b[n - 3]) && !stem.ends_with("ias") {
        return format!("{stem}e");
    }
    // provoke → provok-ed, close → clos-est: one vowel, then a consonant
    // that rarely ends an English verb.
    if n >= 4
        && !is_vowel(b[n - 3])
        && is_vowel(b[n - 2])
        && matches!(
            b[n - 1],
            b'b' | b'c' | b'd' | b'g' | b'k' | b'm' | b's' | b'v' | b'z'
        )
    {
        return format!("{stem}e");
    }
    // make → mak-ing, hope → hop-ed: a short stem ending consonant-vowel-consonant.
    if (3..=4).contains(&n)
        && !is_vowel(b[n - 3])
        && is_vowel(b[n - 2])
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
    {
        return format!("{stem}e");
    }
    stem.to_string()
}

/// Undoes a plural or third-person "-s".
fn strip_s(w: &str) -> String {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    }
    for e in ["ches", "shes", "sses", "xes", "zzes"] {
        if w.ends_with(e) && n > e.len() {
            return w[..n - 2].to_string();
        }
    }
    if n > 2 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..n - 1].to_string();
    }
    w.to_string()
}

/// The lemma the rules give for `form` with Penn tag `xpos`.
pub fn rule_lemma(form: &str, xpos: &str) -> String {
    if matches!(xpos, "NNP" | "NNPS") {
        let form = if xpos == "NNPS" {
            strip_s(form)
        } else {
            form.to_string()
        };
        // A name typed in lower case: "kerala" → "Kerala".
        if form.bytes().all(|c| c.is_ascii_lowercase()) {
            return form[..1].to_uppercase() + &form[1..];
        }
        return form;
    }
    if xpos == "ADD" {
        // Addresses (URLs, e-mail) are their own lemma, case included.
        return form.to_string();
    }
    if xpos == "CD" && is_grouped_number(form) {
        return form.replace(',', "");
    }
    let w = form.to_lowercase();
    let n = w.len();
    match xpos {
        "NNS" | "VBZ" => strip_s(&w),
        "VBD" | "VBN" if n > 3 && w.ends_with("ied") => format!("{}y", &w[..n - 3]),
        "VBD" | "VBN" if n > 3 && w.ends_with("ed") => verb_stem(&w[..n - 2]),
        "VBG" if n > 4 && w.ends_with("ing") => verb_stem(&w[..n - 3]),
        "JJR" | "RBR" if n > 4 && w.ends_with("ier") => format!("{}y", &w[..n - 3]),
        "JJR" | "RBR" if n > 3 && w.ends_with("er") => verb_stem(&w[..n - 2]),
        "JJS" | "RBS" if n > 5 && w.ends_with("iest") => format!("{}y", &w[..n - 4]),
        "JJS" | "RBS" if n > 4 && w.ends_with("est") => verb_stem(&w[..n - 3]),
        _ => w,
    }
}

/// "12,000" (digit groups of three): its lemma drops the commas.
fn is_grouped_number(form: &str) -> bool {
    let mut parts = form.split(',');
    let first = parts.next().unwrap_or("");
    let mut n = 0;
    let ok = parts.all(|p| {
        n += 1;
        p.len() == 3 && p.bytes().all(|c| c.is_ascii_digit())
    });
    ok && n > 0 && (1..=3).contains(&first.len()) && first.bytes().all(|c| c.is_ascii_digit())
}

impl Lemmatizer {
    /// Learns the exception table from the LEMMA column of `train`: for each
    /// `(form, xpos)`, the most frequent lemma, kept where the rules differ.
    pub fn train(train: &[ConlluSentence]) -> Lemmatizer {
        let mut counts: HashMap<(String, String), HashMap<String, usize>> = HashMap::new();
        for s in train {
            for w in &s.words {
                if w.lemma.is_empty() || w.lemma == "_" && w.form != "_" {
                    continue;
                }
                let key = (w.form.clone(), w.xpos.clone());
                *counts.entry(key).or_default().entry(w.lemma.clone()).or_default() += 1;
            }
        }
        let mut exceptions = HashMap::new();
        for ((form, xpos), lemmas) in counts {
            let (best, _) = lemmas
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .expect("non-empty");
            if *best != rule_lemma(&form, &xpos) {
                exceptions.insert((form, xpos), best.clone());
            }
        }
        Lemmatizer { exceptions }
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        let key = (form.to_string(), xpos.to_string());
        if let Some(l) = self.exceptions.get(&key) {
            return l.clone();
        }
        if form.chars().any(char::is_uppercase) && !matches!(xpos, "NNP" | "NNPS") {
            if let Some(l) = self.exceptions.get(&(form.to_lowercase(), key.1)) {
                return l.clone();
            }
        }
        if matches!(xpos, "VBD" | "VBN") {
            if let Some(l) = self.prefixed_irregular(&form.to_lowercase()) {
                return l;
            }
        }
        rule_lemma(form, xpos)
    }

    /// A past form of an irregular verb behind a verb prefix the treebank did
    /// not have ("retaken" → "retake", "overran" → "overrun", "withdrew" →
    /// "withdraw"): the prefix and the lemma of the irregular form.
    fn prefixed_irregular(&self, form: &str) -> Option<String> {
        const PREFIXES: [&str; 8] = ["re", "over", "out", "under", "with", "up", "fore", "mis"];
        for p in PREFIXES {
            let Some(rest) = form.strip_prefix(p).filter(|r| r.len() >= 3) else {
                continue;
            };
            for tag in ["VBD", "VBN"] {
                if let Some(l) = self.exceptions.get(&(rest.to_string(), tag.to_string())) {
                    if l.chars().all(|c| c.is_ascii_lowercase()) && l != rest {
                        return Some(format!("{p}{l}"));
                    }
                }
            }
        }
        None
    }

    /// Number of learned exceptions.
    pub fn n_exceptions(&self) -> usize {
        self.exceptions.len()
    }

    /// Serialises the exception table (sorted, so the bytes are reproducible).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut rows: Vec<_> = self.exceptions.iter().collect();
        rows.sort();
        let mut w = ByteWriter::default();
        w.uint(rows.len() as u64);
        for ((form, xpos), lemma) in rows {
            w.str(form);
            w.str(xpos);
            w.str(lemma);
        }
        w.finish(b'L')
    }

    /// Loads a table written by [`Lemmatizer::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Lemmatizer, ModelError> {
        let mut r = ByteReader::open(bytes, b'L')?;
        let n = r.uint_max(1 << 24)? as usize;
        let mut exceptions = HashMap::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let key = (r.str()?, r.str()?);
            exceptions.insert(key, r.str()?);
        }
        r.end()?;
        Ok(Lemmatizer { exceptions })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_on_small_cases() {
        for (form, xpos, lemma) in [
            ("asked", "VBD", "ask"),
            ("stopped", "VBD", "stop"),
            ("created", "VBN", "create"),
            ("carried", "VBD", "carry"),
            ("running", "VBG", "run"),
            ("making", "VBG", "make"),
            ("forces", "NNS", "force"),
            ("policies", "NNS", "policy"),
            ("churches", "NNS", "church"),
            ("Asks", "VBZ", "ask"),
            ("bigger", "JJR", "big"),
            ("happiest", "JJS", "happy"),
            ("Americans", "NNPS", "American"),
            ("Qaim", "NNP", "Qaim"),
            ("kerala", "NNP", "Kerala"),
            (
                "http://en.wikipedia.org/wiki/Cubism",
                "ADD",
                "http://en.wikipedia.org/wiki/Cubism",
            ),
            ("12,000", "CD", "12000"),
            ("3,40", "CD", "3,40"),
            ("provoked", "VBN", "provoke"),
            ("eased", "VBD", "ease"),
            ("raising", "VBG", "raise"),
            ("caused", "VBN", "cause"),
            ("biased", "VBN", "bias"),
            ("defeated", "VBD", "defeat"),
            ("created", "VBN", "create"),
            ("excluded", "VBD", "exclude"),
            ("needed", "VBD", "need"),
            ("visited", "VBD", "visit"),
            ("The", "DT", "the"),
        ] {
            assert_eq!(rule_lemma(form, xpos), lemma, "{form}/{xpos}");
        }
    }

    #[test]
    fn exceptions_are_learned_where_rules_fail() {
        let text = "1\tstruck\tstrike\tVERB\tVBD\t_\t0\troot\t_\t_\n2\twas\tbe\tAUX\tVBD\t_\t1\taux\t_\t_\n\
                    3\tasked\task\tVERB\tVBD\t_\t1\tconj\t_\t_\n";
        let lem = Lemmatizer::train(&crate::conllu::read(text).sentences);
        assert_eq!(lem.n_exceptions(), 2);
        assert_eq!(lem.lemma("struck", "VBD"), "strike");
        assert_eq!(lem.lemma("Was", "VBD"), "be");
        assert_eq!(lem.lemma("asked", "VBD"), "ask");
        let back = Lemmatizer::from_bytes(&lem.to_bytes()).unwrap();
        assert_eq!(back.lemma("struck", "VBD"), "strike");
    }

    #[test]
    fn irregular_past_forms_behind_a_prefix_keep_the_prefix() {
        let text = "1\ttook\ttake\tVERB\tVBD\t_\t0\troot\t_\t_\n2\tran\trun\tVERB\tVBD\t_\t1\tconj\t_\t_\n\
                    3\ttaken\ttake\tVERB\tVBN\t_\t1\tconj\t_\t_\n";
        let lem = Lemmatizer::train(&crate::conllu::read(text).sentences);
        assert_eq!(lem.lemma("retaken", "VBN"), "retake");
        assert_eq!(lem.lemma("overran", "VBD"), "overrun");
        // The tagger's VBD/VBN confusion does not matter.
        assert_eq!(lem.lemma("undertook", "VBN"), "undertake");
        // Regular forms keep the rules; a prefix-like start of another word is left alone.
        assert_eq!(lem.lemma("reported", "VBD"), "report");
        assert_eq!(lem.lemma("retreated", "VBD"), "retreat");
        assert_eq!(lem.lemma("reran", "VBD"), "rerun");
        assert_eq!(lem.lemma("read", "VBD"), "read");
    }
}
