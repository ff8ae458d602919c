//! The plain data types every Chronicle stage shares.
//!
//! This crate is an API boundary: the types here are what goes between the
//! stages (`text` → `nlp` → `coder` → `link` → `store`) and what users read
//! as JSON. They are plain, serialisable values with no behaviour beyond small
//! helpers. Extend them; do not rename fields (see `DESIGN.md`, "Interfaces").

use serde::{Deserialize, Serialize};

/// The sixteen event types of PLOVER 2.0, the values of [`EventRecord::event_type`].
pub const PLOVER_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

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
    /// Direct quotations in the body, with their speakers.
    #[serde(default)]
    pub quotes: Vec<Quote>,
}

/// A direct quotation and who said it, as the text gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// The speaker as written ("Foreign Minister Mevlut Cavusoglu"), when the text names one.
    pub speaker: Option<String>,
    /// Character offsets `[start, end)` of the quotation inside its marks, in the article body.
    pub span: (usize, usize),
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
    fn an_actor_without_the_inferred_field_reads_as_named() {
        let a: EventActor = serde_json::from_str(
            r#"{"text":"Russia","code":"RUS","country":"RUS","sector":null,"name":null,"span":[0,6]}"#,
        )
        .unwrap();
        assert!(!a.inferred);
        let json = serde_json::to_string(&EventActor { inferred: true, ..a }).unwrap();
        assert!(json.contains(r#""inferred":true"#), "{json}");
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

/// An actor of an event as the text names it, resolved to a CAMEO-style code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventActor {
    /// The words of the sentence that name the actor.
    pub text: String,
    /// CAMEO-style code: country (ISO alpha-3, or `IGO`/`NGO`/`MNC`…) then sector (`ARMGOV`).
    pub code: Option<String>,
    /// The first three letters of the code.
    pub country: Option<String>,
    /// The sector part of the code (`GOV`, `MIL`, `REB`…).
    pub sector: Option<String>,
    /// The person or body named, when the text names one ("Nikol Pashinyan").
    pub name: Option<String>,
    /// Character offsets `[start, end)` of `text` in the sentence.
    pub span: (usize, usize),
    /// Whether the code is Chronicle's inference, not the text's naming: a
    /// country taken from the place or the rest of the sentence, a party
    /// found only as the first one after the trigger, or the authorities or
    /// unidentified armed men of the place for an act nobody is named doing
    /// (`text` is then the place's words). Such codes count half in the
    /// event's confidence.
    #[serde(default)]
    pub inferred: bool,
}

/// The words that carry the event ("asked", "talks").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// The trigger word as written.
    pub text: String,
    /// Character offsets `[start, end)` in the sentence.
    pub span: (usize, usize),
}

/// A place an event happened, as far as the text says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The words of the sentence that name the place.
    pub text: String,
    /// Gazetteer name.
    pub name: String,
    /// ISO alpha-3 country code.
    pub country: Option<String>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
    /// GeoNames identifier.
    pub geonames_id: Option<u64>,
    /// `city`, `region` or `country`.
    pub precision: String,
}

/// One coded event: the DESIGN's "event record out".
///
/// Absent values are `None` (JSON `null`), never guessed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Stable hash of article id, sentence index and trigger span.
    pub id: String,
    /// The article the sentence comes from.
    pub article_id: String,
    /// Index of the sentence in the article body (0-based).
    pub sentence_index: usize,
    /// One of PLOVER 2.0's sixteen event types.
    pub event_type: String,
    /// PLOVER mode of the type, when the trigger gives one.
    pub mode: Option<String>,
    /// PLOVER contexts (e.g. `military`).
    pub context: Vec<String>,
    /// The CAMEO code the same reading gives.
    pub cameo: Option<String>,
    /// GDELT quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: Option<u8>,
    /// Goldstein-style intensity from -10 (most conflictual) to +10.
    pub intensity: Option<f64>,
    /// Who acted.
    pub actor: Option<EventActor>,
    /// Whom it was done to.
    pub recipient: Option<EventActor>,
    /// The event's date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The words the date came from.
    pub date_text: Option<String>,
    /// Where the date came from: `text` (the event's clause), `dateline`, or
    /// `publication` (no date in the clause: the article's date).
    pub date_source: Option<String>,
    /// `day`, `week` ("last week") or `month` ("earlier this month"); for
    /// `week` and `month` the date is the period's first day.
    pub date_precision: Option<String>,
    /// Where it happened, when the text says.
    pub location: Option<Location>,
    /// "did not attack": the text says the act did not happen.
    pub negated: bool,
    /// Threatened, intended, alleged or conditional, not reported as done.
    pub hypothetical: bool,
    /// Who said it, when the event is reported speech ("X said Y attacked Z" → X).
    pub reported_by: Option<EventActor>,
    /// People killed, when the sentence says.
    pub fatalities: Option<u32>,
    /// People wounded, when the sentence says.
    pub injuries: Option<u32>,
    /// How exact `fatalities` is: `exact`, `at_least` or `approximate`.
    pub fatalities_qualifier: Option<String>,
    /// How exact `injuries` is: `exact`, `at_least` or `approximate`.
    pub injuries_qualifier: Option<String>,
    /// The counts are a running toll ("more than 1,200 killed in the fighting"),
    /// not this event's own: do not add them up by day.
    pub casualties_cumulative: bool,
    /// The words that carry the event.
    pub trigger: Trigger,
    /// The sentence, verbatim; all spans index into it.
    pub sentence: String,
    /// The coder's confidence in the record, 0 to 1: higher when the actor and
    /// recipient codes are named in the text, lower when their countries were
    /// inferred from the sentence (its place, its one country, the state acting).
    pub confidence: f64,
}
