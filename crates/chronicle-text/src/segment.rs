//! Sentence splitting and tokenisation in Universal Dependencies conventions.

use chronicle_model::{Sentence, Token};

/// Splits `text` into sentences of UD tokens (forms and character spans only).
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    // Placeholder: one sentence per line, whitespace tokens. Replaced by the real splitter.
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let n = line.chars().count();
        if !line.trim().is_empty() {
            let mut tokens = Vec::new();
            let mut pos = 0;
            for w in line.split(' ') {
                let len = w.chars().count();
                if len > 0 {
                    tokens.push(Token { form: w.to_string(), span: (pos, pos + len), ..Default::default() });
                }
                pos += len + 1;
            }
            out.push(Sentence { text: line.to_string(), span: (offset, offset + n), tokens });
        }
        offset += n + 1;
    }
    out
}
