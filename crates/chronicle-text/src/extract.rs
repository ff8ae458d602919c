//! One article in, one clean article out: body, metadata, related links and
//! the furniture removed.

use chronicle_model::{ArticleInput, CleanArticle};
use thiserror::Error;

use crate::dates::iso_day;
use crate::furniture::remove_furniture;
use crate::html::{extract_html, HtmlBackend};

/// Settings of the extraction.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtractOptions {
    /// Which crate finds the body of HTML pages.
    pub html_backend: HtmlBackend,
    /// Skip Chronicle's own furniture pass (to measure what it adds).
    pub keep_furniture: bool,
}

/// Something the extraction met and worked around; the article is still given.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum ExtractWarning {
    /// The HTML could not be read as an article; the `text` field was used if any.
    #[error("{0}")]
    Html(String),
    /// No body text was found.
    #[error("no body text was found")]
    EmptyBody,
    /// The input date is neither `YYYY-MM-DD` nor RFC 3339 and was dropped.
    #[error("date {0:?} is not YYYY-MM-DD or RFC 3339; left empty")]
    BadDate(String),
}

/// Cleans one article. Never fails: problems come back as warnings beside
/// the best article that could be made.
pub fn clean_article(input: &ArticleInput, options: &ExtractOptions) -> (CleanArticle, Vec<ExtractWarning>) {
    let mut warnings = Vec::new();
    let mut meta = Default::default();
    let mut from_html = false;
    let raw = match input.html.as_deref().filter(|h| !h.trim().is_empty()) {
        Some(html) => match extract_html(html, input.url.as_deref(), options.html_backend) {
            Ok(page) => {
                from_html = true;
                meta = page.clone();
                page.text
            }
            Err(e) => {
                warnings.push(ExtractWarning::Html(e.to_string()));
                input.text.clone().unwrap_or_default()
            }
        },
        None => input.text.clone().unwrap_or_default(),
    };

    let mut lines: Vec<&str> = raw.lines().collect();
    let mut title = input.title.clone().or(meta.title.clone());
    // Plain scraped text often opens with the headline: a short line with no
    // sentence-final punctuation, followed by the body.
    if !from_html {
        if let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) {
            let head = lines[first].trim();
            let is_headline = head.split_whitespace().count() <= 25
                && !head.ends_with(['.', '!', '?', ':', '"', '”'])
                && lines.len() > first + 1;
            if is_headline && title.as_deref().is_none_or(|t| t.trim() == head) {
                title = Some(head.to_string());
                lines.drain(..=first);
            }
        }
    }

    let cleaned = if options.keep_furniture {
        crate::furniture::Cleaned {
            paragraphs: lines
                .iter()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect(),
            ..Default::default()
        }
    } else {
        remove_furniture(lines)
    };
    let text = cleaned.paragraphs.join("\n\n");
    if text.is_empty() {
        warnings.push(ExtractWarning::EmptyBody);
    }

    let date = match input.date.as_deref() {
        Some(d) => iso_day(d).or_else(|| {
            warnings.push(ExtractWarning::BadDate(d.to_string()));
            meta.date.clone()
        }),
        // Last resort: a date in the article's name, as scrapers name pages.
        None => meta
            .date
            .clone()
            .or_else(|| crate::dates::date_in_name(&input.id)),
    };
    let article = CleanArticle {
        id: input.id.clone(),
        title: title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
        date,
        url: input.url.clone().or(meta.url),
        source: input.source.clone().or(meta.source),
        related: cleaned.related,
        removed: cleaned.removed,
        quotes: crate::quotes::find_quotes(&text),
        text,
    };
    (article, warnings)
}
