//! WARC files (ISO 28500), as web archives and Common Crawl's news crawl
//! write them: records of a header block and a content block, the whole file
//! or each record gzip-compressed (the caller hands in decompressed bytes as a
//! [`BufRead`]). `response` records that hold an HTTP 200 HTML page become
//! articles; every other record is passed over and counted.
//!
//! Web content is hostile until proven otherwise: a record above the size
//! limit is skipped without being held in memory (its bytes are read and
//! dropped), an HTTP body compressed with gzip or deflate is inflated only up
//! to the limit, and a damaged record is reported with its number and byte
//! offset, after which reading resumes at the next `WARC/` header line.

use std::io::{BufRead, Read};

use chronicle_model::ArticleInput;
use thiserror::Error;

/// The largest record or page read by default: 10 MB.
pub const DEFAULT_LIMIT: usize = 10 * 1024 * 1024;

/// A problem with one WARC record.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum WarcError {
    /// The header block is not a WARC header.
    #[error("record {record} at byte {offset}: {message}")]
    BadHeader {
        /// 1-based record number.
        record: usize,
        /// Byte offset of the record in the decompressed stream.
        offset: u64,
        /// What is wrong.
        message: String,
    },
    /// The record or its page is larger than the limit.
    #[error("record {record} at byte {offset}: {what} of {size} bytes is above the limit of {limit} bytes; skipped")]
    TooLarge {
        /// 1-based record number.
        record: usize,
        /// Byte offset of the record.
        offset: u64,
        /// `the record` or `the page`.
        what: &'static str,
        /// Its size (as declared, or as far as it was read).
        size: u64,
        /// The limit.
        limit: usize,
    },
    /// The stream ended inside a record.
    #[error("record {record} at byte {offset}: the file ends inside the record")]
    Truncated {
        /// 1-based record number.
        record: usize,
        /// Byte offset of the record.
        offset: u64,
    },
    /// Reading failed (a damaged gzip member, a disk error).
    #[error("record {record}: cannot read: {message}")]
    Io {
        /// 1-based record number.
        record: usize,
        /// The reason.
        message: String,
    },
}

/// One WARC record: its named header fields and its content block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarcRecord {
    /// 1-based position in the file.
    pub number: usize,
    /// Byte offset in the decompressed stream.
    pub offset: u64,
    /// `WARC-Type` (`response`, `request`, `warcinfo`, …), lowercased.
    pub kind: String,
    /// `WARC-Target-URI`, when given.
    pub target_uri: Option<String>,
    /// `WARC-Record-ID`, when given.
    pub record_id: Option<String>,
    /// `WARC-Date`, when given.
    pub date: Option<String>,
    /// `Content-Type` of the block (`application/http; msgtype=response`).
    pub content_type: Option<String>,
    /// The content block.
    pub block: Vec<u8>,
}

/// Reads records one at a time from decompressed WARC bytes.
pub struct WarcReader<R> {
    input: R,
    offset: u64,
    records: usize,
    limit: usize,
    /// After a damaged record: skip to the next line starting `WARC/`.
    resync: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader with a size limit per record (see [`DEFAULT_LIMIT`]).
    pub fn new(input: R, limit: usize) -> WarcReader<R> {
        WarcReader {
            input,
            offset: 0,
            records: 0,
            limit,
            resync: false,
        }
    }

    fn read_line(&mut self, line: &mut Vec<u8>) -> Result<usize, WarcError> {
        line.clear();
        // A header line longer than 64 KiB is no header: read it in bounded steps.
        let n = (&mut self.input)
            .take(64 * 1024)
            .read_until(b'\n', line)
            .map_err(|e| WarcError::Io {
                record: self.records,
                message: e.to_string(),
            })?;
        self.offset += n as u64;
        Ok(n)
    }

    /// The next record, an error for a damaged one (reading can go on after
    /// it), or `None` at the end.
    pub fn next_record(&mut self) -> Option<Result<WarcRecord, WarcError>> {
        let mut line = Vec::new();
        // Find the version line, skipping blank lines (and, after damage, anything).
        let start = loop {
            let at = self.offset;
            match self.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(e)),
            }
            if line.starts_with(b"WARC/") {
                self.resync = false;
                break at;
            }
            if self.resync || line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.records += 1;
            self.resync = true;
            return Some(Err(WarcError::BadHeader {
                record: self.records,
                offset: at,
                message: format!(
                    "expected a `WARC/1.x` version line, found {:?}",
                    String::from_utf8_lossy(&line[..line.len().min(40)])
                ),
            }));
        };
        self.records += 1;
        let mut record = WarcRecord {
            number: self.records,
            offset: start,
            ..Default::default()
        };
        let bad = |message: String, record: &WarcRecord| WarcError::BadHeader {
            record: record.number,
            offset: record.offset,
            message,
        };
        let mut length: Option<u64> = None;
        loop {
            match self.read_line(&mut line) {
                Ok(0) => {
                    return Some(Err(WarcError::Truncated {
                        record: record.number,
                        offset: record.offset,
                    }))
                }
                Ok(_) => {}
                Err(e) => return Some(Err(e)),
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            let Some((name, value)) = text.split_once(':') else {
                self.resync = true;
                return Some(Err(bad(
                    format!("header line without a colon: {text:?}"),
                    &record,
                )));
            };
            let value = value.trim().to_string();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => match value.parse() {
                    Ok(n) => length = Some(n),
                    Err(_) => {
                        self.resync = true;
                        return Some(Err(bad(
                            format!("Content-Length is not a number: {value:?}"),
                            &record,
                        )));
                    }
                },
                "warc-type" => record.kind = value.to_ascii_lowercase(),
                "warc-target-uri" => record.target_uri = Some(value.trim_matches(['<', '>']).to_string()),
                "warc-record-id" => record.record_id = Some(value),
                "warc-date" => record.date = Some(value),
                "content-type" => record.content_type = Some(value),
                _ => {}
            }
        }
        let Some(length) = length else {
            self.resync = true;
            return Some(Err(bad("no Content-Length".into(), &record)));
        };
        if length > self.limit as u64 {
            // Drop the block without holding it.
            let dropped =
                std::io::copy(&mut (&mut self.input).take(length), &mut std::io::sink()).unwrap_or(0);
            self.offset += dropped;
            if dropped < length {
                return Some(Err(WarcError::Truncated {
                    record: record.number,
                    offset: record.offset,
                }));
            }
            return Some(Err(WarcError::TooLarge {
                record: record.number,
                offset: record.offset,
                what: "the record",
                size: length,
                limit: self.limit,
            }));
        }
        let mut block = Vec::with_capacity(length as usize);
        match (&mut self.input).take(length).read_to_end(&mut block) {
            Ok(n) => self.offset += n as u64,
            Err(e) => {
                return Some(Err(WarcError::Io {
                    record: record.number,
                    message: e.to_string(),
                }))
            }
        }
        if (block.len() as u64) < length {
            return Some(Err(WarcError::Truncated {
                record: record.number,
                offset: record.offset,
            }));
        }
        record.block = block;
        Some(Ok(record))
    }
}

/// What a record came to.
#[derive(Debug, PartialEq)]
pub enum RecordArticle {
    /// An HTML page: an article to extract.
    Article(Box<ArticleInput>),
    /// Not an article (a request, metadata, an image, a redirect…), with the reason.
    PassedOver(String),
}

/// Turns a `response` record holding an HTTP 200 HTML page into an article
/// (`id` and `url` the target URI, `html` the page); says why any other record
/// is passed over. `limit` bounds the page after inflating a compressed body.
pub fn article_from_record(record: &WarcRecord, limit: usize) -> Result<RecordArticle, WarcError> {
    let passed = |why: &str| Ok(RecordArticle::PassedOver(why.to_string()));
    if record.kind != "response" {
        return passed(&format!(
            "a {} record",
            if record.kind.is_empty() {
                "untyped"
            } else {
                &record.kind
            }
        ));
    }
    let bad = |message: String| WarcError::BadHeader {
        record: record.number,
        offset: record.offset,
        message,
    };
    let block = &record.block;
    let Some(head_end) = find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))
    else {
        return Err(bad("the HTTP response has no end of headers".into()));
    };
    let head = String::from_utf8_lossy(&block[..head_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(format!("not an HTTP status line: {status_line:?}")))?;
    if status != 200 {
        return passed(&format!("HTTP status {status}"));
    }
    let mut content_type = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim().to_ascii_lowercase();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-type" => content_type = value,
                "transfer-encoding" => chunked = value.contains("chunked"),
                "content-encoding" => encoding = value,
                _ => {}
            }
        }
    }
    let mut body: Vec<u8> = block[head_end.1..].to_vec();
    if chunked {
        body = dechunk(&body).ok_or_else(|| bad("the chunked HTTP body is damaged".into()))?;
    }
    let too_large = |size: u64| WarcError::TooLarge {
        record: record.number,
        offset: record.offset,
        what: "the page",
        size,
        limit,
    };
    match encoding.as_str() {
        "" | "identity" => {}
        "gzip" | "x-gzip" | "deflate" => {
            let mut out = Vec::new();
            let reader: Box<dyn Read> = if encoding == "deflate" {
                Box::new(flate2::read::ZlibDecoder::new(&body[..]))
            } else {
                Box::new(flate2::read::MultiGzDecoder::new(&body[..]))
            };
            // One byte past the limit tells a page at the limit from a bomb.
            reader
                .take(limit as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|e| bad(format!("the {encoding} HTTP body is damaged: {e}")))?;
            if out.len() > limit {
                return Err(too_large(out.len() as u64));
            }
            body = out;
        }
        other => return passed(&format!("content encoding {other:?}")),
    }
    let html_type = content_type.is_empty() || content_type.contains("html");
    let looks_html = String::from_utf8_lossy(&body[..body.len().min(512)])
        .trim_start()
        .starts_with('<');
    if !html_type || (content_type.is_empty() && !looks_html) {
        return passed(&format!(
            "content type {}",
            if content_type.is_empty() {
                "unknown"
            } else {
                &content_type
            }
        ));
    }
    let html = String::from_utf8_lossy(&body).into_owned();
    let url = record.target_uri.clone();
    let id = url
        .clone()
        .or_else(|| record.record_id.clone())
        .unwrap_or_else(|| format!("record-{}", record.number));
    Ok(RecordArticle::Article(Box::new(ArticleInput {
        id,
        html: Some(html),
        url,
        ..Default::default()
    })))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The body of a `Transfer-Encoding: chunked` message; `None` if damaged.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let line_end = find(data, b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One WARC record with the given type, headers and block.
    pub(crate) fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\n\
             WARC-Date: 2020-11-10T08:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n\
             Content-Length: {}\r\n\r\n",
            uri.len(),
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
        out.extend_from_slice(body);
        out
    }

    fn read_all(bytes: &[u8], limit: usize) -> Vec<Result<RecordArticle, WarcError>> {
        let mut reader = WarcReader::new(bytes, limit);
        let mut out = Vec::new();
        while let Some(r) = reader.next_record() {
            out.push(r.and_then(|rec| article_from_record(&rec, limit)));
        }
        out
    }

    fn page(url: &str) -> Vec<u8> {
        let html = format!("<html><head><title>{url}</title></head><body><p>Armenia asked Russia for help.</p></body></html>");
        record(
            "response",
            url,
            &http(
                "200 OK",
                "Content-Type: text/html; charset=utf-8\r\n",
                html.as_bytes(),
            ),
        )
    }

    #[test]
    fn pages_become_articles_and_other_records_are_passed_over() {
        let mut warc = record("warcinfo", "", b"software: test\r\n");
        warc.extend(record(
            "request",
            "https://news.example/a",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        warc.extend(page("https://news.example/a"));
        warc.extend(record(
            "response",
            "https://news.example/logo.png",
            &http("200 OK", "Content-Type: image/png\r\n", b"\x89PNG"),
        ));
        warc.extend(record(
            "response",
            "https://news.example/old",
            &http("301 Moved", "Location: /new\r\n", b""),
        ));
        let results = read_all(&warc, DEFAULT_LIMIT);
        assert_eq!(results.len(), 5);
        let RecordArticle::Article(a) = results[2].as_ref().unwrap() else {
            panic!("{:?}", results[2])
        };
        assert_eq!(a.url.as_deref(), Some("https://news.example/a"));
        assert!(a.html.as_deref().unwrap().contains("Armenia asked Russia"));
        let reasons: Vec<String> = results
            .iter()
            .filter_map(|r| match r {
                Ok(RecordArticle::PassedOver(why)) => Some(why.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            reasons,
            [
                "a warcinfo record",
                "a request record",
                "content type image/png",
                "HTTP status 301"
            ]
        );
    }

    #[test]
    fn chunked_and_gzip_bodies_are_decoded() {
        use std::io::Write;
        let html = b"<html><body><p>Turkey backed Azerbaijan.</p></body></html>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(html).unwrap();
        let gz = gz.finish().unwrap();
        let mut chunked = format!("{:x}\r\n", gz.len()).into_bytes();
        chunked.extend_from_slice(&gz);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let warc = record(
            "response",
            "https://news.example/gz",
            &http(
                "200 OK",
                "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
                &chunked,
            ),
        );
        let results = read_all(&warc, DEFAULT_LIMIT);
        let Ok(RecordArticle::Article(a)) = &results[0] else {
            panic!("{results:?}")
        };
        assert!(a.html.as_deref().unwrap().contains("Turkey backed Azerbaijan"));
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_limit_and_big_records_are_skipped() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b'a'; 5_000_000]).unwrap();
        let bomb = gz.finish().unwrap();
        assert!(bomb.len() < 20_000);
        let mut warc = record(
            "response",
            "https://evil.example/bomb",
            &http(
                "200 OK",
                "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
                &bomb,
            ),
        );
        warc.extend(record(
            "response",
            "https://news.example/big",
            &vec![b'x'; 200_000],
        ));
        warc.extend(page("https://news.example/after"));
        let results = read_all(&warc, 100_000);
        assert!(
            matches!(results[0], Err(WarcError::TooLarge { what: "the page", .. })),
            "{:?}",
            results[0]
        );
        assert!(matches!(
            results[1],
            Err(WarcError::TooLarge {
                what: "the record",
                size: 200_000,
                ..
            })
        ));
        assert!(
            matches!(results[2], Ok(RecordArticle::Article(_))),
            "reading goes on after them"
        );
    }

    #[test]
    fn damage_is_reported_with_its_place_and_reading_resumes() {
        let mut warc = page("https://news.example/one");
        warc.extend(b"garbage that is no record\r\nmore garbage\r\n");
        warc.extend(page("https://news.example/two"));
        let mut truncated = page("https://news.example/three");
        truncated.truncate(truncated.len() - 40);
        warc.extend(truncated);
        let results = read_all(&warc, DEFAULT_LIMIT);
        assert!(matches!(results[0], Ok(RecordArticle::Article(_))));
        let Err(WarcError::BadHeader { record, offset, .. }) = &results[1] else {
            panic!("{:?}", results[1])
        };
        assert_eq!(
            (*record, *offset),
            (2, page("https://news.example/one").len() as u64)
        );
        assert!(matches!(results[2], Ok(RecordArticle::Article(_))));
        assert!(
            matches!(results[3], Err(WarcError::Truncated { record: 4, .. })),
            "{:?}",
            results[3]
        );
        assert_eq!(results.len(), 4);
    }
}
