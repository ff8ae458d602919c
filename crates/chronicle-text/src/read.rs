//! Readers: bytes and lines in, [`ArticleInput`] records out.
//!
//! The caller does the I/O (opening files, gunzipping, walking folders);
//! these functions decide the format and turn content into articles, with
//! errors that say where the content is bad.

use chronicle_model::ArticleInput;
use thiserror::Error;

/// The formats an input can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text: the whole input is one article body.
    Text,
    /// An HTML page: one article.
    Html,
    /// JSON Lines: one article record per line.
    Jsonl,
}

/// A problem with one record of an input.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ReadError {
    /// The bytes are not UTF-8.
    #[error("line {line}: invalid UTF-8 at byte {byte}; convert the input to UTF-8")]
    InvalidUtf8 {
        /// 1-based line of the first bad byte.
        line: usize,
        /// 0-based byte offset of the first bad byte.
        byte: usize,
    },
    /// A JSON Lines record that is not an article.
    #[error("line {line}: {message}")]
    BadRecord {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// The input holds no text at all.
    #[error("the input is empty")]
    Empty,
}

/// Decodes bytes as UTF-8, or says on which line and byte they stop being UTF-8.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, ReadError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let byte = e.valid_up_to();
        let line = 1 + bytes[..byte].iter().filter(|&&b| b == b'\n').count();
        ReadError::InvalidUtf8 { line, byte }
    })
}

/// Chooses a format from the file name, or from the content when the name says nothing.
pub fn sniff_format(name: Option<&str>, content: &str) -> InputFormat {
    let name = name.unwrap_or("").to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json") {
        return InputFormat::Jsonl;
    }
    if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".xhtml") {
        return InputFormat::Html;
    }
    if name.ends_with(".txt") || name.ends_with(".text") {
        return InputFormat::Text;
    }
    let head = content.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('{') {
        InputFormat::Jsonl
    } else if head.starts_with('<') {
        InputFormat::Html
    } else {
        InputFormat::Text
    }
}

/// One article from a whole text or HTML document.
pub fn article_from_document(
    id: &str,
    content: &str,
    format: InputFormat,
) -> Result<ArticleInput, ReadError> {
    let content = content.trim_start_matches('\u{feff}');
    if content.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let mut a = ArticleInput {
        id: id.to_string(),
        ..Default::default()
    };
    match format {
        InputFormat::Html => a.html = Some(content.to_string()),
        _ => a.text = Some(content.to_string()),
    }
    Ok(a)
}

/// Parses one JSON Lines record (`line` is 1-based, for the error).
///
/// The record must be an object with a string `id` and a `text` or `html`.
pub fn parse_jsonl_record(line: usize, record: &str) -> Result<ArticleInput, ReadError> {
    let bad = |message: String| ReadError::BadRecord { line, message };
    let value: serde_json::Value =
        serde_json::from_str(record).map_err(|e| bad(format!("not valid JSON ({e})")))?;
    if !value.is_object() {
        return Err(bad(
            "expected a JSON object with \"id\" and \"text\" or \"html\"".into()
        ));
    }
    if !value.get("id").is_some_and(|v| v.is_string() || v.is_number()) {
        return Err(bad("the record has no \"id\"".into()));
    }
    let mut value = value;
    if let Some(n) = value.get("id").and_then(|v| v.as_number()).map(|n| n.to_string()) {
        value["id"] = serde_json::Value::String(n);
    }
    let a: ArticleInput =
        serde_json::from_value(value).map_err(|e| bad(format!("not an article record ({e})")))?;
    let has = |s: &Option<String>| s.as_deref().is_some_and(|t| !t.trim().is_empty());
    if !has(&a.text) && !has(&a.html) {
        return Err(bad(format!(
            "article {:?} has neither \"text\" nor \"html\"",
            a.id
        )));
    }
    Ok(a)
}

/// Parses JSON Lines content: every non-blank line gives an article or an error.
pub fn parse_jsonl(content: &str) -> impl Iterator<Item = Result<ArticleInput, ReadError>> + '_ {
    content
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| parse_jsonl_record(i + 1, l.trim_start_matches('\u{feff}')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_name_then_content() {
        assert_eq!(sniff_format(Some("a/b.html.gz"), ""), InputFormat::Html);
        assert_eq!(sniff_format(Some("x.jsonl"), "<html>"), InputFormat::Jsonl);
        assert_eq!(sniff_format(None, "  <!doctype html>"), InputFormat::Html);
        assert_eq!(sniff_format(None, "{\"id\":1}"), InputFormat::Jsonl);
        assert_eq!(sniff_format(Some("notes"), "Plain words."), InputFormat::Text);
    }

    #[test]
    fn jsonl_errors_name_the_line() {
        let content = "{\"id\":\"a\",\"text\":\"Hi.\"}\n\nnot json\n{\"id\":\"b\"}\n{\"text\":\"x\"}\n{\"id\":7,\"html\":\"<p>x</p>\"}\n";
        let results: Vec<_> = parse_jsonl(content).collect();
        assert_eq!(results.len(), 5);
        assert_eq!(results[0].as_ref().unwrap().id, "a");
        assert!(matches!(results[1], Err(ReadError::BadRecord { line: 3, .. })));
        let msg = results[2].as_ref().unwrap_err().to_string();
        assert!(msg.starts_with("line 4:") && msg.contains("neither"), "{msg}");
        assert!(results[3].as_ref().unwrap_err().to_string().contains("no \"id\""));
        assert_eq!(results[4].as_ref().unwrap().id, "7");
    }

    #[test]
    fn invalid_utf8_reports_line_and_byte() {
        let bytes = b"good\nline two \xff bad\n";
        assert_eq!(
            decode_utf8(bytes),
            Err(ReadError::InvalidUtf8 { line: 2, byte: 14 })
        );
        assert_eq!(decode_utf8(b"ok"), Ok("ok"));
    }

    #[test]
    fn empty_documents_are_errors() {
        assert_eq!(
            article_from_document("x", " \n ", InputFormat::Text),
            Err(ReadError::Empty)
        );
        let a = article_from_document("x", "<p>Hi</p>", InputFormat::Html).unwrap();
        assert!(a.html.is_some() && a.text.is_none());
    }
}
