//! The plain data types every Chronicle stage shares.
//!
//! This crate is an API boundary: the types here are what goes between the
//! stages (`text` → `nlp` → `coder` → `link` → `store`) and what users read
//! as JSON. They are plain, serialisable values with no behaviour beyond small
//! helpers. Extend them; do not rename fields (see `DESIGN.md`, "Interfaces").

use serde::{Deserialize, Serialize};

/// An article as it comes in: the DESIGN's "article in" record.
///
/// `id` is required in JSON Lines input; for files it is derived from the
/// path. At least one of `text` or `html` must be present.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleInput {
    /// Stable identifier of the article.
    pub id: String,
    /// Plain body text, if the source gave text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Raw HTML of the page, if the source gave markup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// Headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Address the article was fetched from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication date, `YYYY-MM-DD` or RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Publisher or feed name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Language tag such as `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A link to another story found on the page: a "Read more" headline or a
/// related-story teaser. Kept so that nothing the page said is lost, but never
/// part of the body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedLink {
    /// Headline of the linked story.
    pub title: String,
    /// Teaser text shown under the headline, without section labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Target address, when the page gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An article after cleaning: the output of `chronicle extract`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CleanArticle {
    /// Identifier carried over from the input (or derived from the path).
    pub id: String,
    /// Headline, from page metadata or the input record.
    pub title: Option<String>,
    /// Publication date as `YYYY-MM-DD`, from page metadata or the input.
    pub date: Option<String>,
    /// Canonical address, from page metadata or the input.
    pub url: Option<String>,
    /// Publisher or feed name.
    pub source: Option<String>,
    /// Body text, paragraphs separated by one blank line.
    pub text: String,
    /// Related stories and "Read more" links found on the page.
    pub related: Vec<RelatedLink>,
    /// Lines dropped as page furniture (promotions, share prompts, bylines…).
    pub removed: Vec<String>,
}

/// One token (a UD syntactic word) of a sentence, with its annotation.
///
/// Fields the pipeline has not filled yet are empty strings (tags, lemma) and
/// `0` (head). `head` is 1-based as in CoNLL-U; `0` is the root.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// The word form as it appears in the text.
    pub form: String,
    /// Character offsets `[start, end)` of the form in the sentence text.
    pub span: (usize, usize),
    /// Dictionary form ("asked" → "ask").
    #[serde(default)]
    pub lemma: String,
    /// Universal part-of-speech tag.
    #[serde(default)]
    pub upos: String,
    /// English Penn Treebank tag.
    #[serde(default)]
    pub xpos: String,
    /// 1-based index of the syntactic head; 0 for the root.
    #[serde(default)]
    pub head: usize,
    /// Universal dependency relation, with subtype (`nsubj:pass`).
    #[serde(default)]
    pub deprel: String,
}

/// A sentence of an article with its tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// The sentence text, exactly as it stands in the article body.
    pub text: String,
    /// Character offsets `[start, end)` of the sentence in the article body.
    pub span: (usize, usize),
    /// Tokens in order; their spans index into `text`.
    pub tokens: Vec<Token>,
}

impl Sentence {
    /// The token forms, in order.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        self.tokens.iter().map(|t| t.form.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_input_reads_minimal_jsonl_record() {
        let a: ArticleInput = serde_json::from_str(r#"{"id":"a1","text":"Hello."}"#).unwrap();
        assert_eq!(a.id, "a1");
        assert_eq!(a.text.as_deref(), Some("Hello."));
        assert!(a.html.is_none() && a.date.is_none());
    }

    #[test]
    fn clean_article_round_trips_through_json() {
        let c = CleanArticle {
            id: "x".into(),
            text: "Body.".into(),
            related: vec![RelatedLink {
                title: "Other story".into(),
                summary: Some("Teaser".into()),
                url: None,
            }],
            ..Default::default()
        };
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains(r#""title":null"#), "absent values are null: {json}");
        let back: CleanArticle = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
    }
}
