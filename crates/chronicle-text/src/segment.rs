//! Sentence splitting and tokenisation in Universal Dependencies conventions.
//!
//! The parser downstream is trained on the UD English Web Treebank, so tokens
//! follow its rules: clitics split ("don't" → "do" "n't", "Armenia's" →
//! "Armenia" "'s"), punctuation split, hyphenated compounds split ("search-engine"
//! → "search" "-" "engine") unless the left part is a prefix ("co-workers"),
//! while abbreviations ("U.S.", "Mr."), numbers ("1,200", "3.5"), URLs and
//! e-mail addresses stay whole.
//!
//! Sentences end at `.`, `?`, `!` or an ellipsis (with any closing quotes or
//! brackets after it) when the next token opens a sentence, and at line
//! breaks. Abbreviations and initials do not end sentences, except the few
//! that can close one ("U.S.", "Inc.") when a sentence opener follows.

use chronicle_model::{Sentence, Token};

/// Abbreviations written with a final period that never end a sentence:
/// titles, and words that must be followed by a name or number.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "cpl", "maj", "adm", "rep",
    "sen", "gov", "pres", "rev", "hon", "mt", "ft", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "fig", "vol", "pp", "approx", "dept", "univ", "ave", "blvd", "rd",
    "mssrs", "messrs", "sr", "supt", "insp", "det", "cmdr", "brig", "cf", "al",
];

/// Abbreviations with a final period that may also close a sentence.
const CLOSING_ABBREVIATIONS: &[&str] = &[
    "etc", "inc", "ltd", "co", "corp", "jr", "bros", "llc", "plc", "esq", "am", "pm", "ph.d", "u.s", "u.k",
    "u.n", "e.g", "i.e", "a.m", "p.m", "d.c", "u.s.a", "n.y", "l.a",
];

/// Left parts of hyphenated words that UD keeps whole ("co-workers", "e-mail").
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "co", "pre", "post", "non", "semi", "re", "pro", "mid", "ex", "anti", "multi", "sub", "un", "vice",
    "over", "self", "inter", "intra", "counter", "neo", "pseudo", "quasi", "ultra", "mega", "micro", "macro",
    "mini", "bi", "tri", "de", "dis", "mis", "out", "under", "x", "t", "u",
];

/// Words that open a sentence, used after an abbreviation that may close one.
const SENTENCE_OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "we",
    "they",
    "i",
    "you",
    "but",
    "and",
    "in",
    "this",
    "that",
    "there",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "if",
    "when",
    "as",
    "on",
    "at",
    "for",
    "after",
    "some",
    "many",
    "most",
    "one",
    "what",
    "who",
    "how",
    "why",
    "so",
    "yet",
    "however",
    "meanwhile",
    "also",
];

/// Splits `text` into sentences of UD tokens (forms and character spans only).
///
/// Spans in the returned [`Sentence`]s count characters (not bytes): the
/// sentence span is into `text`, each token span into the sentence text.
pub fn split_sentences(text: &str) -> Vec<Sentence> {
    let chars: Vec<char> = text.chars().collect();
    let tokens = tokenize_chars(&chars);
    let mut sentences = Vec::new();
    let mut start = 0;
    for i in 0..tokens.len() {
        let last = i + 1 == tokens.len();
        if last || ends_sentence(&chars, &tokens, i) {
            sentences.push(make_sentence(&chars, &tokens[start..=i]));
            start = i + 1;
        }
    }
    sentences
}

/// Tokenises `text` as one stream (no sentence splitting); spans are character offsets.
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    tokenize_chars(&chars)
}

fn make_sentence(chars: &[char], tokens: &[(usize, usize)]) -> Sentence {
    let (start, end) = (tokens[0].0, tokens[tokens.len() - 1].1);
    Sentence {
        text: chars[start..end].iter().collect(),
        span: (start, end),
        tokens: tokens
            .iter()
            .map(|&(s, e)| Token {
                form: chars[s..e].iter().collect(),
                span: (s - start, e - start),
                ..Default::default()
            })
            .collect(),
    }
}

fn lower(chars: &[char]) -> String {
    chars.iter().flat_map(|c| c.to_lowercase()).collect()
}

/// Does a sentence end after token `i`?
fn ends_sentence(chars: &[char], tokens: &[(usize, usize)], i: usize) -> bool {
    let (s, e) = tokens[i];
    let next = tokens[i + 1];
    let gap = &chars[e..next.0];
    let newlines = gap.iter().filter(|&&c| c == '\n').count();
    if newlines >= 1 {
        return true;
    }
    let tok = &chars[s..e];
    let next_tok = &chars[next.0..next.1];
    // Closing quotes and brackets right after the end belong to this sentence.
    if is_closing(next_tok) && gap.is_empty() {
        return false;
    }
    // Walk back over closing punctuation to the terminal mark.
    let mut j = i;
    while is_closing(&chars[tokens[j].0..tokens[j].1]) && j > 0 && tokens[j].0 == tokens[j - 1].1 {
        j -= 1;
    }
    let term = &chars[tokens[j].0..tokens[j].1];
    let first = next_tok[0];
    let opens = first.is_uppercase() || first.is_ascii_digit() || is_opening(next_tok);
    if gap.is_empty() && !is_closing(tok) {
        return false;
    }
    if term.iter().all(|&c| matches!(c, '.' | '?' | '!' | '…')) {
        return opens;
    }
    // An abbreviation that can close a sentence ("in the U.S. The …").
    if term.last() == Some(&'.') && term.len() > 1 {
        let word = lower(&term[..term.len() - 1]);
        if CLOSING_ABBREVIATIONS.contains(&word.as_str()) {
            return SENTENCE_OPENERS.contains(&lower(next_tok).as_str()) && first.is_uppercase();
        }
    }
    false
}

fn is_closing(tok: &[char]) -> bool {
    tok.len() == 1 && matches!(tok[0], '"' | '\'' | '”' | '’' | ')' | ']' | '}' | '»')
}

fn is_opening(tok: &[char]) -> bool {
    tok.len() == 1 && matches!(tok[0], '"' | '\'' | '“' | '‘' | '(' | '[' | '{' | '«')
}

/// Tokenises a whole text: whitespace-separated chunks, each split further.
fn tokenize_chars(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() || is_invisible(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && !is_invisible(chars[i]) {
            i += 1;
        }
        split_chunk(chars, start, i, &mut out);
    }
    out
}

/// Zero-width and other invisible characters that separate nothing visible.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{00ad}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Emoticons written as one token.
const EMOTICONS: &[&str] = &[
    ":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P", ":-P", ":p", ":/", ":-/", ":o", "<3", "=)",
    ":'(",
];

/// Splits one whitespace-free chunk `chars[s..e]` into tokens.
fn split_chunk(chars: &[char], mut s: usize, mut e: usize, out: &mut Vec<(usize, usize)>) {
    // An emoticon at the end of the chunk ("great:)") is one token.
    if let Some(len) = EMOTICONS
        .iter()
        .map(|m| m.chars().collect::<Vec<_>>())
        .filter(|m| e - s >= m.len() && chars[e - m.len()..e] == m[..])
        .map(|m| m.len())
        .max()
    {
        if e - len > s {
            split_chunk(chars, s, e - len, out);
        }
        out.push((e - len, e));
        return;
    }
    // Leading punctuation, one token each (runs of the same mark together).
    while s < e && !is_word_char(chars[s]) && !starts_special(chars, s, e) {
        let run = run_len(chars, s, e);
        out.push((s, s + run));
        s += run;
    }
    // Trailing punctuation, peeled from the end, pushed in order afterwards.
    let mut tail = Vec::new();
    while e > s {
        let c = chars[e - 1];
        if is_word_char(c) || c == '/' && e - s > 1 && is_url(&chars[s..e]) {
            break;
        }
        if c == '.' && keeps_final_period(&chars[s..e]) {
            break;
        }
        if c == '%' || c == '$' || !is_word_char(c) {
            // A run of the same mark ("...", "!!", "--") is one token.
            let mut b = e - 1;
            while b > s && chars[b - 1] == c {
                b -= 1;
            }
            // A possessive apostrophe after s: "countries'" → "countries" "'".
            if is_apostrophe(c) && b == e - 1 && b > s && chars[b - 1].is_alphabetic() {
                tail.push((b, e));
                e = b;
                continue;
            }
            tail.push((b, e));
            e = b;
            continue;
        }
        break;
    }
    if s < e {
        split_word(chars, s, e, out);
    }
    out.extend(tail.into_iter().rev());
}

/// Is a chunk starting at `s` something that must stay whole from its first
/// character (a URL, a number with a sign or currency, an emoticon)?
fn starts_special(chars: &[char], s: usize, e: usize) -> bool {
    // "'s" and "'90s" at the very start keep their apostrophe.
    is_apostrophe(chars[s])
        && e - s >= 2
        && (lower(&chars[s + 1..e.min(s + 3)]).starts_with('s') && clitic_at(chars, s, e).is_some()
            || chars[s + 1].is_ascii_digit())
}

fn run_len(chars: &[char], s: usize, e: usize) -> usize {
    let mut j = s + 1;
    while j < e && chars[j] == chars[s] {
        j += 1;
    }
    j - s
}

fn is_url(word: &[char]) -> bool {
    let w: String = word.iter().collect::<String>().to_lowercase();
    w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www.")
}

/// Should the final period of `word` stay attached (abbreviations, initials)?
fn keeps_final_period(word: &[char]) -> bool {
    let body = &word[..word.len() - 1];
    if body.is_empty() || body.ends_with(&['.']) || body.windows(2).any(|w| w == ['.', '.']) {
        return false;
    }
    if !body.iter().all(|&c| c.is_alphabetic() || c == '.') {
        return false;
    }
    // Initials ("J.") and dotted abbreviations ("U.S.", "e.g.", "Ph.D."), not
    // domain names ("example.com.").
    if body.len() == 1 && body[0].is_uppercase() {
        return true;
    }
    if body.contains(&'.') {
        return body
            .split(|&c| c == '.')
            .all(|part| !part.is_empty() && part.len() <= 3);
    }
    let w = lower(body);
    TITLES.contains(&w.as_str()) || CLOSING_ABBREVIATIONS.contains(&w.as_str())
}

/// Splits the word part of a chunk: URLs and e-mails whole; numbers whole;
/// clitics, hyphens, slashes and other inner punctuation split.
fn split_word(chars: &[char], s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let word = &chars[s..e];
    if clitic_at(chars, s, e).is_some() {
        out.push((s, e));
        return;
    }
    if is_url(word) || is_email(word) || keeps_final_period(word) && word.last() == Some(&'.') {
        out.push((s, e));
        return;
    }
    if let Some(split) = fixed_split(word) {
        out.push((s, s + split));
        out.push((s + split, e));
        return;
    }
    // Clitics at the end: n't, 's, 're, 've, 'll, 'd, 'm.
    if let Some(c) = clitic_at_end(chars, s, e) {
        if c > s {
            split_word(chars, s, c, out);
        }
        out.push((c, e));
        return;
    }
    // Inner punctuation.
    let mut piece = s;
    let mut i = s;
    while i < e {
        let c = chars[i];
        if is_word_char(c) || is_apostrophe(c) && i > s && i + 1 < e && is_word_char(chars[i + 1]) {
            i += 1;
            continue;
        }
        let prev_digit = i > s && chars[i - 1].is_ascii_digit();
        let next_digit = i + 1 < e && chars[i + 1].is_ascii_digit();
        let next_word = i + 1 < e && is_word_char(chars[i + 1]);
        // Numbers: 1,200 · 3.5 · 10:30 · 1/2 · 2020-11-03 stay whole.
        if matches!(c, ',' | '.' | ':' | '/') && prev_digit && next_digit {
            i += 1;
            continue;
        }
        if c == '-' && prev_digit && next_digit && number_dash_kept(chars, s, e) {
            i += 1;
            continue;
        }
        // Dotted words and inner periods: "U.S", "e.g", "Node.js".
        if c == '.' && i > s && next_word {
            i += 1;
            continue;
        }
        // Hyphen after a prefix: "co-workers", "e-mail".
        if c == '-' && next_word && i > piece && HYPHEN_PREFIXES.contains(&lower(&chars[piece..i]).as_str()) {
            i += 1;
            continue;
        }
        // Ampersand inside letters: "AT&T".
        if c == '&' && i > s && next_word && chars[i - 1].is_uppercase() {
            i += 1;
            continue;
        }
        if i > piece {
            out.push((piece, i));
        }
        let run = run_len(chars, i, e);
        out.push((i, i + run));
        i += run;
        piece = i;
    }
    if piece < e {
        out.push((piece, e));
    }
}

/// "2020-11-03" stays whole; "2-3" between plain numbers splits too in UD,
/// but dates with two hyphens do not.
fn number_dash_kept(chars: &[char], s: usize, e: usize) -> bool {
    chars[s..e].iter().filter(|&&c| c == '-').count() == 2
        && chars[s..e].iter().all(|&c| c.is_ascii_digit() || c == '-')
}

fn is_email(word: &[char]) -> bool {
    let at = word.iter().position(|&c| c == '@');
    let local_ok = |a: usize| {
        word[..a]
            .iter()
            .all(|&c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
    };
    matches!(at, Some(a) if a > 0 && local_ok(a) && word[a..].contains(&'.') && word.last().is_some_and(|c| c.is_alphanumeric()))
}

/// Words UD splits without an apostrophe: "cannot", "gonna", "wanna", "gotta".
fn fixed_split(word: &[char]) -> Option<usize> {
    match lower(word).as_str() {
        "cannot" => Some(3),
        "gonna" | "wanna" | "gotta" => Some(3),
        _ => None,
    }
}

/// Where a clitic starts if `chars[s..e]` ends in one.
fn clitic_at_end(chars: &[char], s: usize, e: usize) -> Option<usize> {
    let w = lower(&chars[s..e]).replace('’', "'");
    let n = w.chars().count();
    for clitic in ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"] {
        if w.ends_with(clitic) && n > clitic.len() {
            let start = e - clitic.chars().count();
            // "can't" → "ca" "n't"; "won't" → "wo" "n't".
            return Some(start);
        }
    }
    None
}

/// A clitic starting exactly at `s` ("'s" written alone).
fn clitic_at(chars: &[char], s: usize, e: usize) -> Option<usize> {
    let w = lower(&chars[s..e]).replace('’', "'");
    ["'s", "'re", "'ve", "'ll", "'d", "'m"]
        .contains(&w.as_str())
        .then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .map(|(s, e)| text.chars().skip(s).take(e - s).collect())
            .collect()
    }

    fn sentences(text: &str) -> Vec<String> {
        split_sentences(text).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn clitics_split_as_in_ud() {
        assert_eq!(forms("I don't know."), ["I", "do", "n't", "know", "."]);
        assert_eq!(forms("Armenia's borders"), ["Armenia", "'s", "borders"]);
        assert_eq!(forms("Armenia’s borders"), ["Armenia", "’s", "borders"]);
        assert_eq!(
            forms("We can't, they won't"),
            ["We", "ca", "n't", ",", "they", "wo", "n't"]
        );
        assert_eq!(forms("the countries' pact"), ["the", "countries", "'", "pact"]);
        assert_eq!(
            forms("I cannot; I'm gonna"),
            ["I", "can", "not", ";", "I", "'m", "gon", "na"]
        );
    }

    #[test]
    fn numbers_abbreviations_and_addresses_stay_whole() {
        assert_eq!(
            forms("More than 1,200 people"),
            ["More", "than", "1,200", "people"]
        );
        assert_eq!(
            forms("the U.S. and Mr. Smith paid $3.5 (10%)."),
            ["the", "U.S.", "and", "Mr.", "Smith", "paid", "$", "3.5", "(", "10", "%", ")", "."]
        );
        assert_eq!(
            forms("see https://example.com/a-b, or mail a.b@example.org."),
            [
                "see",
                "https://example.com/a-b",
                ",",
                "or",
                "mail",
                "a.b@example.org",
                "."
            ]
        );
        assert_eq!(
            forms("at 10:30 on 2020-11-03"),
            ["at", "10:30", "on", "2020-11-03"]
        );
    }

    #[test]
    fn hyphens_split_except_after_prefixes() {
        assert_eq!(
            forms("a search-engine and e-mail"),
            ["a", "search", "-", "engine", "and", "e-mail"]
        );
        assert_eq!(
            forms("Nagorno-Karabakh co-workers"),
            ["Nagorno", "-", "Karabakh", "co-workers"]
        );
        assert_eq!(forms("and/or"), ["and", "/", "or"]);
    }

    #[test]
    fn punctuation_and_quotes_split() {
        assert_eq!(
            forms("“Necessary” help... now!!"),
            ["“", "Necessary", "”", "help", "...", "now", "!!"]
        );
        assert_eq!(
            forms("(and now e-mail) wares"),
            ["(", "and", "now", "e-mail", ")", "wares"]
        );
    }

    #[test]
    fn sentences_split_at_terminal_punctuation() {
        assert_eq!(
            sentences("Fighting continued. The army said so! Did it? Yes."),
            ["Fighting continued.", "The army said so!", "Did it?", "Yes."]
        );
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        assert_eq!(
            sentences("Mr. J. Smith met Dr. Jones at 3.5 p.m. on Jan. 5. They talked."),
            [
                "Mr. J. Smith met Dr. Jones at 3.5 p.m. on Jan. 5.",
                "They talked."
            ]
        );
        assert_eq!(
            sentences("He lives in the U.S. The rest stayed."),
            ["He lives in the U.S.", "The rest stayed."]
        );
        assert_eq!(
            sentences("Troops from the U.S. Army arrived."),
            ["Troops from the U.S. Army arrived."]
        );
    }

    #[test]
    fn quotes_and_ellipses_stay_with_their_sentence() {
        assert_eq!(
            sentences("“We will win,” he said. “Never.” She left… Then rain."),
            ["“We will win,” he said.", "“Never.”", "She left…", "Then rain."]
        );
        assert_eq!(
            sentences("He said \"no.\" Then he left."),
            ["He said \"no.\"", "Then he left."]
        );
        assert_eq!(sentences("Wait... what happened?"), ["Wait... what happened?"]);
    }

    #[test]
    fn line_breaks_end_sentences_and_spans_are_characters() {
        let text = "Turkey’s minister arrived\n\nArmenia’s request";
        let s = split_sentences(text);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].span, (27, 44));
        assert_eq!(s[1].tokens[1].form, "’s");
        assert_eq!(s[1].tokens[1].span, (7, 9));
        let sentence_chars: Vec<char> = s[1].text.chars().collect();
        let (a, b) = s[1].tokens[2].span;
        assert_eq!(sentence_chars[a..b].iter().collect::<String>(), "request");
    }

    #[test]
    fn empty_and_odd_input_give_no_panic() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\u{200b} ").is_empty());
        assert_eq!(forms("'"), ["'"]);
        assert_eq!(forms("...."), ["...."]);
        assert_eq!(forms("'s"), ["'s"]);
        assert_eq!(forms("-5"), ["-", "5"]);
        assert_eq!(
            forms("great:) see www.example.com."),
            ["great", ":)", "see", "www.example.com", "."]
        );
    }
}
