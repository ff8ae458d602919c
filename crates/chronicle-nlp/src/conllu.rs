//! Reading and writing CoNLL-U.
//!
//! [`read`] never gives up on a whole file: it returns the sentences it could
//! read and one [`ConlluError`] (with its line number) for each sentence it had
//! to skip. Multiword-token lines (`3-4`) are kept aside so they can be written
//! back; empty nodes (`5.1`) are dropped, since they take no part in basic
//! dependency trees.

use std::fmt::Write as _;

/// A problem found in CoNLL-U input, at a 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct ConlluError {
    /// 1-based line number in the input.
    pub line: usize,
    /// What is wrong.
    pub kind: ConlluErrorKind,
}

/// What is wrong with a CoNLL-U line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConlluErrorKind {
    /// A word line does not have ten tab-separated columns.
    #[error("expected 10 tab-separated columns, found {0}")]
    Columns(usize),
    /// The ID column is not an integer, a range or a decimal.
    #[error("bad ID {0:?}")]
    BadId(String),
    /// Word IDs do not run 1, 2, 3, … in the sentence.
    #[error("word ID {found} out of sequence (expected {expected})")]
    IdSequence {
        /// The ID that should have come.
        expected: usize,
        /// The ID found.
        found: usize,
    },
    /// The HEAD column is neither `_` nor a number.
    #[error("bad HEAD {0:?}")]
    BadHead(String),
    /// HEAD points past the end of the sentence.
    #[error("HEAD {head} is beyond the sentence's {len} words")]
    HeadOutOfRange {
        /// The head given.
        head: usize,
        /// The number of words.
        len: usize,
    },
    /// The FORM column is empty.
    #[error("empty FORM")]
    EmptyForm,
}

/// One syntactic word of a CoNLL-U sentence (ten columns; `_` is kept as `_`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConlluWord {
    /// FORM.
    pub form: String,
    /// LEMMA.
    pub lemma: String,
    /// UPOS.
    pub upos: String,
    /// XPOS.
    pub xpos: String,
    /// FEATS.
    pub feats: String,
    /// HEAD, `None` when the file had `_`.
    pub head: Option<usize>,
    /// DEPREL.
    pub deprel: String,
    /// DEPS.
    pub deps: String,
    /// MISC.
    pub misc: String,
}

/// A multiword token line (`3-4  won't  …`): the surface token over words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// First word ID covered.
    pub first: usize,
    /// Last word ID covered.
    pub last: usize,
    /// Surface form.
    pub form: String,
    /// MISC column.
    pub misc: String,
}

/// A CoNLL-U sentence: comments, words (IDs 1..=n in order), multiword tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConlluSentence {
    /// Comment lines without the leading `#` and one space.
    pub comments: Vec<String>,
    /// Syntactic words; word `i` has ID `i + 1`.
    pub words: Vec<ConlluWord>,
    /// Multiword tokens, in order.
    pub multiwords: Vec<MultiwordToken>,
    /// 1-based line number of the sentence's first line in its input.
    pub line: usize,
}

impl ConlluSentence {
    /// The value of a `# key = value` comment, e.g. `text` or `sent_id`.
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    /// The sentence text: the `# text` comment, else the forms with spaces
    /// as `SpaceAfter=No` says.
    pub fn text(&self) -> String {
        if let Some(t) = self.comment("text") {
            return t.to_string();
        }
        let mut s = String::new();
        for (i, w) in self.words.iter().enumerate() {
            s.push_str(&w.form);
            if i + 1 < self.words.len() && !w.misc.split('|').any(|m| m == "SpaceAfter=No") {
                s.push(' ');
            }
        }
        s
    }
}

/// The result of reading CoNLL-U: the good sentences and the problems met.
#[derive(Debug, Default)]
pub struct ConlluRead {
    /// Sentences read without error.
    pub sentences: Vec<ConlluSentence>,
    /// One error per skipped sentence.
    pub errors: Vec<ConlluError>,
}

/// Reads CoNLL-U text. A sentence with a malformed line is skipped and the
/// first error in it reported; reading goes on with the next sentence.
pub fn read(text: &str) -> ConlluRead {
    let mut out = ConlluRead::default();
    let mut cur = ConlluSentence::default();
    let mut broken: Option<ConlluError> = None;
    let flush = |cur: &mut ConlluSentence, broken: &mut Option<ConlluError>, out: &mut ConlluRead| {
        let s = std::mem::take(cur);
        match broken.take() {
            Some(e) => out.errors.push(e),
            None if !s.words.is_empty() => {
                if let Some(e) = check_heads(&s) {
                    out.errors.push(e);
                } else {
                    out.sentences.push(s);
                }
            }
            None => {}
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            flush(&mut cur, &mut broken, &mut out);
            continue;
        }
        if cur.line == 0 {
            cur.line = line_no;
        }
        if broken.is_some() {
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            cur.comments.push(c.strip_prefix(' ').unwrap_or(c).to_string());
            continue;
        }
        if let Err(kind) = read_line(line, &mut cur) {
            broken = Some(ConlluError { line: line_no, kind });
        }
    }
    flush(&mut cur, &mut broken, &mut out);
    out
}

fn check_heads(s: &ConlluSentence) -> Option<ConlluError> {
    let len = s.words.len();
    for w in &s.words {
        if let Some(head) = w.head {
            if head > len {
                return Some(ConlluError {
                    line: s.line,
                    kind: ConlluErrorKind::HeadOutOfRange { head, len },
                });
            }
        }
    }
    None
}

fn read_line(line: &str, cur: &mut ConlluSentence) -> Result<(), ConlluErrorKind> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 10 {
        return Err(ConlluErrorKind::Columns(cols.len()));
    }
    let id = cols[0];
    if let Some((a, b)) = id.split_once('-') {
        let (first, last) = match (a.parse::<usize>(), b.parse::<usize>()) {
            (Ok(a), Ok(b)) if a >= 1 && b >= a => (a, b),
            _ => return Err(ConlluErrorKind::BadId(id.to_string())),
        };
        cur.multiwords.push(MultiwordToken {
            first,
            last,
            form: cols[1].to_string(),
            misc: cols[9].to_string(),
        });
        return Ok(());
    }
    if id.contains('.') {
        return match id
            .split_once('.')
            .map(|(a, b)| (a.parse::<usize>(), b.parse::<usize>()))
        {
            Some((Ok(_), Ok(_))) => Ok(()),
            _ => Err(ConlluErrorKind::BadId(id.to_string())),
        };
    }
    let n: usize = id.parse().map_err(|_| ConlluErrorKind::BadId(id.to_string()))?;
    let expected = cur.words.len() + 1;
    if n != expected {
        return Err(ConlluErrorKind::IdSequence { expected, found: n });
    }
    if cols[1].is_empty() {
        return Err(ConlluErrorKind::EmptyForm);
    }
    let head = match cols[6] {
        "_" => None,
        h => Some(
            h.parse::<usize>()
                .map_err(|_| ConlluErrorKind::BadHead(h.to_string()))?,
        ),
    };
    cur.words.push(ConlluWord {
        form: cols[1].to_string(),
        lemma: cols[2].to_string(),
        upos: cols[3].to_string(),
        xpos: cols[4].to_string(),
        feats: cols[5].to_string(),
        head,
        deprel: cols[7].to_string(),
        deps: cols[8].to_string(),
        misc: cols[9].to_string(),
    });
    Ok(())
}

/// Writes one sentence as CoNLL-U (comments, multiword lines, ten columns,
/// a blank line after). Empty fields are written as `_`.
pub fn write_sentence(s: &ConlluSentence, out: &mut String) {
    for c in &s.comments {
        let _ = writeln!(out, "# {c}");
    }
    let mut mw = s.multiwords.iter().peekable();
    for (i, w) in s.words.iter().enumerate() {
        let id = i + 1;
        while let Some(m) = mw.peek() {
            if m.first > id {
                break;
            }
            if m.first == id {
                let _ = writeln!(
                    out,
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                    m.first,
                    m.last,
                    m.form,
                    or_(&m.misc)
                );
            }
            mw.next();
        }
        let head = w.head.map_or_else(|| "_".to_string(), |h| h.to_string());
        let _ = writeln!(
            out,
            "{id}\t{}\t{}\t{}\t{}\t{}\t{head}\t{}\t{}\t{}",
            or_(&w.form),
            or_(&w.lemma),
            or_(&w.upos),
            or_(&w.xpos),
            or_(&w.feats),
            or_(&w.deprel),
            or_(&w.deps),
            or_(&w.misc)
        );
    }
    out.push('\n');
}

fn or_(s: &str) -> &str {
    if s.is_empty() {
        "_"
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# text = They won't go.\n1-2\twon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
        1\tThey\tthey\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2\two\twill\tAUX\tMD\t_\t3\taux\t_\t_\n\
        3\tn't\tnot\tPART\tRB\t_\t0\troot\t_\t_\n3.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t_\t_\n\
        4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_keeps_multiword_tokens_and_drops_empty_nodes() {
        let r = read(GOOD);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let s = &r.sentences[0];
        assert_eq!(s.words.len(), 4);
        assert_eq!(s.words[1].form, "wo");
        assert_eq!(s.words[0].head, Some(3));
        assert_eq!(s.multiwords[0].form, "won't");
        assert_eq!(s.comment("text"), Some("They won't go."));
        let mut out = String::new();
        write_sentence(s, &mut out);
        let back = read(&out);
        assert_eq!(back.sentences[0].words, s.words);
        assert!(out.contains("1-2\twon't\t"));
    }

    #[test]
    fn malformed_line_is_reported_with_its_number_and_only_its_sentence_skipped() {
        let bad = format!("{GOOD}1\tOnly\tonly\tADV\tRB\t_\t0\n\n{GOOD}");
        let r = read(&bad);
        assert_eq!(r.sentences.len(), 2);
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].line, 9);
        assert_eq!(r.errors[0].kind, ConlluErrorKind::Columns(7));
        assert!(r.errors[0].to_string().starts_with("line 9: "));
    }

    #[test]
    fn out_of_sequence_ids_and_bad_heads_are_errors() {
        let r = read("1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n3\tb\t_\t_\t_\t_\t1\tdep\t_\t_\n");
        assert_eq!(
            r.errors[0],
            ConlluError {
                line: 2,
                kind: ConlluErrorKind::IdSequence {
                    expected: 2,
                    found: 3
                }
            }
        );
        let r = read("1\ta\t_\t_\t_\t_\tx\troot\t_\t_\n");
        assert_eq!(r.errors[0].kind, ConlluErrorKind::BadHead("x".into()));
        let r = read("1\ta\t_\t_\t_\t_\t5\troot\t_\t_\n");
        assert_eq!(
            r.errors[0].kind,
            ConlluErrorKind::HeadOutOfRange { head: 5, len: 1 }
        );
    }
}
