//! Direct quotations and who said them, read from the text's punctuation.
//!
//! Three shapes cover most news prose:
//!
//! - `“…,” Foreign Minister Mevlut Cavusoglu said on Twitter.` (speaker, then verb)
//! - `“…,” said Foreign Minister Mevlut Cavusoglu.` (verb, then speaker)
//! - `Cavusoglu said: “…”` (speaker and verb before the quote)
//!
//! A quote with no speaker near it is still returned, with `speaker: None`.
//! Indirect speech ("X said that …") needs the parse and is read by the coder.

use chronicle_model::Quote;

/// Verbs of saying, in the forms news prose uses around quotes.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "wrote",
    "tweeted",
    "stated",
    "announced",
    "declared",
    "insisted",
    "warned",
    "explained",
    "noted",
    "asked",
    "replied",
    "stressed",
    "argued",
    "claimed",
    "posted",
    "writes",
    "tells",
    "adds",
    "according",
];

/// Words that end a speaker phrase after the verb ("… said *on* Twitter").
const AFTER_SPEAKER: &[&str] = &[
    "on", "in", "at", "during", "after", "before", "when", "while", "to", "that", "of",
];

fn is_open(c: char) -> bool {
    matches!(c, '“' | '"' | '«' | '„')
}

fn is_close(c: char) -> bool {
    matches!(c, '”' | '"' | '»' | '“')
}

/// Finds the direct quotations of a text. Spans are character offsets into `text`.
pub fn find_quotes(text: &str) -> Vec<Quote> {
    let chars: Vec<char> = text.chars().collect();
    let mut quotes = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_open(chars[i]) {
            i += 1;
            continue;
        }
        // The closing mark: the next quote character, within the paragraph.
        let Some(len) = chars[i + 1..]
            .iter()
            .take_while(|&&c| c != '\n')
            .position(|&c| is_close(c))
        else {
            i += 1;
            continue;
        };
        let (start, end) = (i + 1, i + 1 + len);
        let inner: String = chars[start..end].iter().collect();
        let inner = inner.trim().trim_end_matches(',').trim().to_string();
        // A quoted word or two ("concrete formats") is a term, not a quotation.
        if inner.split_whitespace().count() >= 4 {
            let speaker = speaker_after(&chars, end + 1).or_else(|| speaker_before(&chars, i));
            quotes.push(Quote {
                text: inner,
                speaker,
                span: (start, end),
            });
        }
        i = end + 1;
    }
    quotes
}

/// Words of `chars[from..]` up to the end of the sentence or paragraph.
fn words_from(chars: &[char], from: usize) -> Vec<String> {
    let rest: String = chars[from.min(chars.len())..]
        .iter()
        .take_while(|&&c| c != '\n' && !is_open(c))
        .collect();
    let rest = rest.split(['.', ';', '!', '?']).next().unwrap_or("");
    rest.split_whitespace()
        .map(|w| w.trim_matches(|c: char| c == ',' || c == ':').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// `“…,” X said` or `“…,” said X`.
fn speaker_after(chars: &[char], from: usize) -> Option<String> {
    let words = words_from(chars, from);
    let verb = words
        .iter()
        .take(10)
        .position(|w| SPEECH.contains(&w.to_lowercase().as_str()))?;
    if verb > 0 {
        return name_phrase(&words[..verb]);
    }
    let after: Vec<String> = words[1..]
        .iter()
        .take_while(|w| !AFTER_SPEAKER.contains(&w.to_lowercase().as_str()))
        .cloned()
        .collect();
    name_phrase(&after)
}

/// `X said: “…”`: the words before the quote in its sentence.
fn speaker_before(chars: &[char], quote: usize) -> Option<String> {
    let before: String = chars[..quote].iter().collect();
    let sentence = before.rsplit(['.', '!', '?', '\n', '”']).next().unwrap_or("");
    let words: Vec<String> = sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| c == ',' || c == ':').to_string())
        .filter(|w| !w.is_empty())
        .collect();
    let verb = words
        .iter()
        .rposition(|w| SPEECH.contains(&w.to_lowercase().as_str()))?;
    // The verb must stand right before the quote ("said:", "said that").
    if words.len() - verb > 2 {
        return None;
    }
    name_phrase(&words[..verb])
}

/// A speaker phrase: a few words, a name or a noun phrase ("the army").
fn name_phrase(words: &[String]) -> Option<String> {
    let words: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 9 {
        return None;
    }
    let joined = words.iter().map(|w| w.as_str()).collect::<Vec<_>>().join(" ");
    let first = joined.chars().next()?;
    (first.is_uppercase() || joined.starts_with("the ") || joined.starts_with("a ")).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_after_the_quote() {
        let text = "“We are once again in Baku with our brothers,” Foreign Minister Mevlut Cavusoglu said on Twitter.";
        let q = find_quotes(text);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, "We are once again in Baku with our brothers");
        assert_eq!(q[0].speaker.as_deref(), Some("Foreign Minister Mevlut Cavusoglu"));
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(
            chars[q[0].span.0..q[0].span.1].iter().collect::<String>(),
            "We are once again in Baku with our brothers,"
        );
    }

    #[test]
    fn verb_before_the_speaker_and_speaker_before_the_quote() {
        let q = find_quotes("\"The offensive will go on until the end,\" said the Karabakh army.");
        assert_eq!(q[0].speaker.as_deref(), Some("the Karabakh army"));
        let q = find_quotes("The minister said: “Our troops will not withdraw from the region.”");
        assert_eq!(q[0].speaker.as_deref(), Some("The minister"));
    }

    #[test]
    fn scare_quotes_and_unclosed_quotes_are_not_quotations() {
        assert!(find_quotes("Russia said “necessary” help would be provided.").is_empty());
        assert!(find_quotes("He said “this never ends\nNext paragraph.").is_empty());
        let q = find_quotes("“In the morning the enemy forces renewed offensive operations.”");
        assert_eq!((q.len(), q[0].speaker.as_deref()), (1, None));
    }
}
