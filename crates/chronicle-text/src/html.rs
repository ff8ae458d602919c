//! HTML page → article body and metadata.
//!
//! The body comes from an extraction crate (`rs-trafilatura` by default; it
//! measured best on the extraction benchmark, see README), the metadata from
//! the page's `<meta>`, JSON-LD and `<time>` as that crate reads them.

use thiserror::Error;

/// Which extraction crate finds the article body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HtmlBackend {
    /// `rs-trafilatura`, a port of trafilatura.
    #[default]
    Trafilatura,
    /// `dom_smoothie`, a port of readability.js.
    Readability,
}

/// What the page gave: body text and metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// The body text, paragraphs separated by newlines.
    pub text: String,
    /// Title from the page metadata.
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD` from the page metadata.
    pub date: Option<String>,
    /// Canonical URL from the page metadata.
    pub url: Option<String>,
    /// Site name from the page metadata.
    pub source: Option<String>,
}

/// Why a page gave no article.
#[derive(Debug, Error)]
pub enum HtmlError {
    /// The extraction crate failed on the page.
    #[error("could not extract an article from the page: {0}")]
    Extraction(String),
}

/// Extracts the article from an HTML page.
pub fn extract_html(html: &str, url: Option<&str>, backend: HtmlBackend) -> Result<HtmlArticle, HtmlError> {
    match backend {
        HtmlBackend::Trafilatura => {
            let options = rs_trafilatura::Options {
                url: url.map(str::to_string),
                ..Default::default()
            };
            let r = rs_trafilatura::extract_with_options(html, &options)
                .map_err(|e| HtmlError::Extraction(e.to_string()))?;
            let m = r.metadata;
            Ok(HtmlArticle {
                text: r.content_text,
                title: m.title,
                date: m.date.map(|d| d.format("%Y-%m-%d").to_string()),
                url: m.url,
                source: m.sitename,
            })
        }
        HtmlBackend::Readability => {
            let url = url.filter(|u| u.starts_with("http"));
            let mut r = dom_smoothie::Readability::new(html, url, None)
                .map_err(|e| HtmlError::Extraction(e.to_string()))?;
            let a = r.parse().map_err(|e| HtmlError::Extraction(e.to_string()))?;
            Ok(HtmlArticle {
                text: a.text_content.to_string(),
                title: Some(a.title).filter(|t| !t.is_empty()),
                date: a.published_time.as_deref().and_then(crate::dates::iso_day),
                url: a.url,
                source: a.site_name,
            })
        }
    }
}
