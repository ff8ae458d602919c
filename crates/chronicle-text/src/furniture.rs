//! Page furniture: the lines a page carries that are not the article.
//!
//! Extraction crates leave some of it in, and plain scraped text has all of it
//! inline. This pass works on lines and decides by general rules, never by the
//! strings of one page:
//!
//! - **promotions and prompts**: a line whose words are mostly a promotional
//!   phrase from a small lexicon ("follow our … channel", "sign up for our
//!   newsletter", "share this article", "click here") and that says nothing
//!   else;
//! - **bylines, photo credits, copyright lines**: by their shape ("By Jane Doe",
//!   "Photo: … / AFP", "© 2020 …");
//! - **"Read more" blocks**: a short heading from a lexicon ("Read more:",
//!   "Related:", "See also") followed by headline-shaped lines — the headlines
//!   become [`RelatedLink`]s;
//! - **teasers**: a headline followed by a line that ends in an ellipsis and
//!   perhaps a section label ("… World News -"); they become related links with
//!   the teaser as summary and the label stripped;
//! - **separators**: lines of punctuation only.
//!
//! Every dropped line is returned in `removed`, so nothing is lost silently.

use chronicle_model::RelatedLink;

/// The outcome of the furniture pass over one article's lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Body paragraphs, in order.
    pub paragraphs: Vec<String>,
    /// Related stories found in "Read more" blocks and teasers.
    pub related: Vec<RelatedLink>,
    /// Lines dropped as furniture (related headlines and teasers included).
    pub removed: Vec<String>,
}

/// Phrases that mark a line as a promotion or a prompt to act. A line is
/// furniture when one of these occurs in it and the line is short; see
/// [`is_promotional`].
const PROMOTIONAL_PHRASES: &[&str] = &[
    "follow us on",
    "follow our",
    "google news",
    "sign up for",
    "sign up to",
    "subscribe to",
    "subscribe now",
    "subscribe for",
    "our newsletter",
    "newsletter",
    "download our app",
    "download the app",
    "via the app",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "click here",
    "tap here",
    "all the latest headlines",
    "for the latest news",
    "for more news",
    "get the latest",
    "join our",
    "like us on facebook",
    "story continues below",
    "continue reading",
    "advertisement",
    "sponsored content",
    "this article was originally published",
    "we may earn a commission",
    "listen to this article",
    "turn on notifications",
    "read the full story",
    "watch the video",
];

/// Headings that introduce a block of links to other stories.
const RELATED_HEADINGS: &[&str] = &[
    "read more",
    "read also",
    "also read",
    "related",
    "related stories",
    "related articles",
    "related news",
    "related content",
    "related coverage",
    "see also",
    "more on this",
    "more on this story",
    "more stories",
    "recommended",
    "recommended stories",
    "you may also like",
    "you might also like",
    "trending",
    "most read",
    "popular",
    "further reading",
    "more from",
];

/// Runs the furniture pass over the lines of an article.
pub fn remove_furniture<'a>(lines: impl IntoIterator<Item = &'a str>) -> Cleaned {
    let lines: Vec<String> = lines
        .into_iter()
        .map(normalise_space)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = Cleaned::default();
    // A teaser pair at `i`: headline, then a line ending in an ellipsis (and perhaps a label).
    let pair_at = |i: usize| -> Option<Teaser> {
        let (head, next) = (lines.get(i)?, lines.get(i + 1)?);
        is_headline_shaped(head).then(|| teaser(next)).flatten()
    };
    let mut in_teasers = false;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        // A labelled teaser stands alone; an unlabelled one only in a run of
        // teasers, since body paragraphs also end in an ellipsis at times.
        if let Some(t) = pair_at(i) {
            if t.labelled || in_teasers || pair_at(i + 2).is_some() {
                add_related(&mut out.related, line, Some(t.summary));
                out.removed.push(line.clone());
                out.removed.push(lines[i + 1].clone());
                in_teasers = true;
                i += 2;
                continue;
            }
        }
        in_teasers = false;
        if teaser(line).is_some_and(|t| t.labelled) {
            out.removed.push(line.clone());
            i += 1;
            continue;
        }
        if is_related_heading(line) {
            out.removed.push(line.clone());
            i += 1;
            // The headlines under it, until a line that reads like body text.
            while i < lines.len() && is_headline_shaped(&lines[i]) && teaser(&lines[i]).is_none() {
                add_related(&mut out.related, &lines[i], None);
                out.removed.push(lines[i].clone());
                i += 1;
            }
            continue;
        }
        if is_separator(line) || is_promotional(line) || is_byline(line) || is_credit(line) {
            out.removed.push(line.clone());
            i += 1;
            continue;
        }
        out.paragraphs.push(line.clone());
        i += 1;
    }
    out
}

/// Adds a related link, merging with an earlier one of the same title.
fn add_related(related: &mut Vec<RelatedLink>, title: &str, summary: Option<String>) {
    if let Some(existing) = related.iter_mut().find(|r| r.title == title) {
        if existing.summary.is_none() {
            existing.summary = summary;
        }
        return;
    }
    related.push(RelatedLink {
        title: title.to_string(),
        summary,
        url: None,
    });
}

/// Collapses runs of white space to one space and trims.
fn normalise_space(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

/// Lowercase letters and spaces only, for matching lexicon phrases.
fn folded(line: &str) -> String {
    let s: String = line
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    normalise_space(&s)
}

/// Does the line end as a sentence does (full stop, question or exclamation
/// mark, perhaps inside quotes)?
fn ends_like_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    (t.ends_with('.') && !t.ends_with("...")) || t.ends_with('?') || t.ends_with('!')
}

/// A headline: short, starts with a capital or digit, no sentence-final full stop.
fn is_headline_shaped(line: &str) -> bool {
    let words = word_count(line);
    let first = line.chars().next().unwrap_or(' ');
    (3..=25).contains(&words)
        && (first.is_uppercase() || first.is_ascii_digit() || matches!(first, '"' | '“' | '‘' | '\''))
        && !line.ends_with('.')
        && !line.ends_with(':')
        && !line.ends_with(',')
}

/// A line of punctuation or symbols only ("-", "* * *", "—").
fn is_separator(line: &str) -> bool {
    !line.chars().any(char::is_alphanumeric)
}

/// A short "Read more:"-style heading.
fn is_related_heading(line: &str) -> bool {
    if word_count(line) > 6 {
        return false;
    }
    let f = folded(line);
    RELATED_HEADINGS
        .iter()
        .any(|h| f == *h || (line.trim_end().ends_with(':') && f.starts_with(h)))
}

/// A promotion or prompt: a lexicon phrase in a line that is mostly that.
fn is_promotional(line: &str) -> bool {
    let f = folded(line);
    let words = word_count(&f);
    if words > 30 {
        return false;
    }
    let padded = format!(" {f} ");
    let hit = PROMOTIONAL_PHRASES
        .iter()
        .any(|p| padded.contains(&format!(" {p} ")));
    // A long line that merely mentions a newsletter is body; a short one is a prompt.
    hit && (words <= 20 || !ends_like_sentence(line) || padded.contains(" our "))
}

/// "By Jane Doe", "By Jane Doe and John Roe, Reuters", "Reporting by …".
fn is_byline(line: &str) -> bool {
    let words = word_count(line);
    if words > 14 {
        return false;
    }
    let f = folded(line);
    let starts = [
        "by ",
        "reporting by ",
        "writing by ",
        "editing by ",
        "additional reporting by ",
        "compiled by ",
    ];
    if starts.iter().any(|s| f.starts_with(s)) {
        // The words after "By" are names: capitalised, no sentence end.
        let rest = line.split_whitespace().skip(1);
        let caps = rest
            .clone()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        return caps * 2 >= rest.count() && !ends_like_sentence(line)
            || f.starts_with("reporting by")
            || f.starts_with("editing by");
    }
    false
}

/// Photo and image credits, copyright lines.
fn is_credit(line: &str) -> bool {
    let words = word_count(line);
    if words > 20 {
        return false;
    }
    let f = folded(line);
    let credit_starts = [
        "photo ",
        "photo by",
        "photograph ",
        "image ",
        "picture ",
        "credit ",
        "file photo",
        "photos ",
    ];
    let copyright = line.starts_with('©') || f.starts_with("copyright ") || f.contains("all rights reserved");
    let credit = credit_starts.iter().any(|s| f.starts_with(s))
        && (line.contains(':') || line.contains('/') || f.starts_with("photo by"));
    let agency_credit = line.starts_with('(')
        && line.ends_with(')')
        && (f.starts_with("photo") || f.starts_with("image") || f.contains("getty images"));
    copyright || credit || agency_credit
}

/// A teaser line: a summary cut off by an ellipsis, perhaps followed by a
/// section label ("… World News -").
struct Teaser {
    /// The text before the ellipsis.
    summary: String,
    /// Whether a section label followed the ellipsis.
    labelled: bool,
}

/// Reads `line` as a teaser, or `None` when it is no teaser.
fn teaser(line: &str) -> Option<Teaser> {
    let (before, after) = match (line.rfind("..."), line.rfind('…')) {
        (Some(a), Some(b)) if b > a => (&line[..b], &line[b + '…'.len_utf8()..]),
        (Some(a), _) => (&line[..a], &line[a + 3..]),
        (None, Some(b)) => (&line[..b], &line[b + '…'.len_utf8()..]),
        (None, None) => return None,
    };
    let label = after.trim().trim_start_matches('.').trim();
    let label = label.trim_end_matches(['-', '–', '—', '|', '·']).trim();
    // What follows the ellipsis may only be a short capitalised section label.
    let label_ok = label.is_empty()
        || (word_count(label) <= 4
            && label
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c == '&')));
    let summary = before.trim();
    (label_ok && word_count(summary) >= 4).then(|| Teaser {
        summary: summary.to_string(),
        labelled: !label.is_empty(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> Cleaned {
        remove_furniture(text.lines())
    }

    #[test]
    fn promotional_lines_are_removed_but_kept_in_removed() {
        let c = clean(
            "The minister resigned on Monday.\n\
             Sign up for our daily newsletter to get the latest news.\n\
             Follow us on Twitter and Facebook\n\
             She gave no reason.",
        );
        assert_eq!(
            c.paragraphs,
            ["The minister resigned on Monday.", "She gave no reason."]
        );
        assert_eq!(c.removed.len(), 2);
    }

    #[test]
    fn body_sentences_that_mention_words_of_the_lexicon_stay() {
        let c = clean(
            "The newspaper said its newsletter had been hacked by a group linked to the military intelligence service, which denied any involvement in the attack on Tuesday.",
        );
        assert_eq!(c.paragraphs.len(), 1);
    }

    #[test]
    fn related_heading_takes_the_headlines_under_it() {
        let c = clean(
            "Talks resumed in Vienna.\n\
             Related:\n\
             Iran says enrichment will continue\n\
             EU envoy to visit Tehran next week\n\
             Diplomats expect a long session, officials said.",
        );
        assert_eq!(
            c.paragraphs,
            [
                "Talks resumed in Vienna.",
                "Diplomats expect a long session, officials said."
            ]
        );
        let titles: Vec<_> = c.related.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Iran says enrichment will continue",
                "EU envoy to visit Tehran next week"
            ]
        );
    }

    #[test]
    fn teasers_become_related_with_summary_and_no_label() {
        let c = clean(
            "Floods hit the north.\n\
             Dam breaks in the valley\n\
             Thousands fled their homes on Monday after the dam gave way, officials ... Asia Pacific -\n\
             Rescue teams reach cut-off villages\n\
             Helicopters dropped food to villages that … Europe",
        );
        assert_eq!(c.paragraphs, ["Floods hit the north."]);
        assert_eq!(c.related.len(), 2);
        assert_eq!(
            c.related[0].summary.as_deref(),
            Some("Thousands fled their homes on Monday after the dam gave way, officials")
        );
        assert_eq!(c.related[1].title, "Rescue teams reach cut-off villages");
    }

    #[test]
    fn a_paragraph_ending_in_an_ellipsis_is_body() {
        let c = clean(
            "Officials gave their reasons\n\
             The ministry said the talks had failed because the other side …\n\
             Nobody disputed it.",
        );
        assert_eq!(c.paragraphs.len(), 3);
        assert!(c.related.is_empty());
    }

    #[test]
    fn bylines_credits_and_separators_go() {
        let c = clean(
            "By Jane Doe and John Roe\n\
             Photo: Protesters in the square / AFP\n\
             * * *\n\
             © 2020 Example News. All rights reserved.\n\
             By the end of the day, the army had withdrawn.",
        );
        assert_eq!(c.paragraphs, ["By the end of the day, the army had withdrawn."]);
        assert_eq!(c.removed.len(), 4);
    }

    #[test]
    fn same_headline_twice_is_one_related_link() {
        let c = clean(
            "Body text here.\n\
             Read more:\n\
             Army says border is calm\n\
             -\n\
             Army says border is calm\n\
             The army said on Friday that the border was calm and that ... World News -",
        );
        assert_eq!(c.related.len(), 1);
        assert!(c.related[0].summary.is_some());
    }
}
