//! News feeds (RSS 0.9–2.0, Atom, JSON Feed): bytes in, the stories they list
//! out. Parsing is `feed-rs`'s; this module keeps what ingest needs and says
//! why an item is unusable instead of dropping it.

use thiserror::Error;

/// A feed that cannot be read.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("not a readable RSS, Atom or JSON feed: {0}")]
pub struct FeedError(pub String);

/// One story a feed lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    /// The item's own id (the guid), or its link.
    pub id: String,
    /// The story's address: its first `http(s)` link. `None` when it has none.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// Publication (or else update) date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The summary or full text the feed carries (HTML as the feed gives it).
    pub content: Option<String>,
}

/// Whether the first bytes look like a feed rather than a page.
pub fn looks_like_feed(head: &str) -> bool {
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let lower = head.chars().take(600).collect::<String>().to_ascii_lowercase();
    lower.contains("<rss")
        || lower.contains("<feed")
        || lower.contains("<rdf:rdf")
        || lower.contains("jsonfeed.org")
}

/// The items of a feed, in the feed's order.
pub fn feed_items(bytes: &[u8]) -> Result<Vec<FeedItem>, FeedError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| FeedError(e.to_string()))?;
    Ok(feed
        .entries
        .into_iter()
        .map(|e| {
            let url = e
                .links
                .iter()
                .map(|l| l.href.trim())
                .find(|h| h.starts_with("http://") || h.starts_with("https://"))
                .map(String::from);
            let id = if e.id.trim().is_empty() {
                url.clone().unwrap_or_default()
            } else {
                e.id.trim().to_string()
            };
            FeedItem {
                id,
                url,
                title: e
                    .title
                    .map(|t| t.content.trim().to_string())
                    .filter(|t| !t.is_empty()),
                date: e
                    .published
                    .or(e.updated)
                    .map(|d| d.format("%Y-%m-%d").to_string()),
                content: e
                    .content
                    .and_then(|c| c.body)
                    .or(e.summary.map(|s| s.content))
                    .filter(|c| !c.trim().is_empty()),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_with_links_dates_and_summaries() {
        let rss = br#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Talks in Moscow</title><link>https://news.example/talks</link>
  <guid>wire-1</guid><pubDate>Sat, 10 Oct 2020 01:30:00 GMT</pubDate><description>Armenia and Azerbaijan agreed.</description></item>
<item><title>No link</title><description>Just text.</description></item>
<item><title>Mail</title><link>mailto:desk@news.example</link></item>
</channel></rss>"#;
        assert!(looks_like_feed(std::str::from_utf8(rss).unwrap()));
        let items = feed_items(rss).unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].url.as_deref(), Some("https://news.example/talks"));
        assert_eq!(items[0].id, "wire-1");
        assert_eq!(items[0].date.as_deref(), Some("2020-10-10"));
        assert_eq!(items[0].title.as_deref(), Some("Talks in Moscow"));
        assert_eq!(
            items[0].content.as_deref(),
            Some("Armenia and Azerbaijan agreed.")
        );
        assert_eq!(items[1].url, None);
        assert_eq!(items[2].url, None, "only http(s) links are followed");
    }

    #[test]
    fn atom_entries() {
        let atom = br#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:desk</id><updated>2020-11-10T00:00:00Z</updated>
<entry><title>Ceasefire signed</title><id>urn:desk:1</id><link href="https://news.example/ceasefire"/>
<updated>2020-11-10T06:00:00Z</updated><summary>Leaders signed.</summary></entry></feed>"#;
        let items = feed_items(atom).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].url.as_deref(), Some("https://news.example/ceasefire"));
        assert_eq!(items[0].date.as_deref(), Some("2020-11-10"));
    }

    #[test]
    fn a_page_is_not_a_feed() {
        assert!(!looks_like_feed("<!doctype html><html><body>news</body></html>"));
        assert!(feed_items(b"<html><body>news</body></html>").is_err());
        assert!(feed_items(b"").is_err());
    }
}
