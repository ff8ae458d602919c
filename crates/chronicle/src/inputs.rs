//! Reading inputs: files, folders (recursively), gzip, and `-` for stdin.
//!
//! Every input becomes [`ArticleInput`]s through the readers of
//! `chronicle-text`. A bad input or record is reported on stderr with its
//! location and counted; the good ones are still processed.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chronicle_model::ArticleInput;
use chronicle_text::feed::{feed_items, looks_like_feed, FeedItem};

use crate::fetch::{is_url, FetchPolicy, Fetched, Fetcher, Validators};
use chronicle_text::read::{
    article_from_document, decode_utf8, parse_jsonl_record, sniff_format, InputFormat,
};

/// What reading the inputs came to.
#[derive(Debug, Default)]
pub struct ReadReport {
    /// Articles handed on.
    pub articles: usize,
    /// Inputs or records that were reported and skipped.
    pub skipped: usize,
    /// Files inside folders passed over because their names say they are no
    /// articles (`README.md`, images); named files are always read.
    pub ignored: usize,
    /// WARC records that hold no article (requests, metadata, images,
    /// redirects), by reason.
    pub records_passed_over: std::collections::BTreeMap<String, usize>,
    /// Feeds and pages the web said had not changed since the last fetch (304).
    pub not_modified: usize,
    /// Feed items not fetched because an article with their address is stored.
    pub already_stored: usize,
}

/// What fetching remembers between runs: the validators of each address and
/// which addresses are stored already. `ingest` keeps it in the database.
pub trait FetchMemory {
    /// The `ETag` and `Last-Modified` the last fetch of `url` gave.
    fn validators(&self, url: &str) -> Option<Validators>;
    /// Records a successful fetch of `url`.
    fn remember(&mut self, url: &str, validators: &Validators);
    /// Whether an article from `url` is stored (its page need not be fetched).
    fn has_article(&self, url: &str) -> bool;
}

/// Memory for one run only (`extract`, `code`).
#[derive(Default)]
pub struct RunMemory(std::collections::HashMap<String, Validators>);

impl FetchMemory for RunMemory {
    fn validators(&self, url: &str) -> Option<Validators> {
        self.0.get(url).cloned()
    }
    fn remember(&mut self, url: &str, validators: &Validators) {
        self.0.insert(url.to_string(), validators.clone());
    }
    fn has_article(&self, _url: &str) -> bool {
        false
    }
}

/// The web side of reading: a fetcher and what it remembers.
pub struct Web<'m> {
    /// Fetches with the policy's limits.
    pub fetcher: Fetcher,
    /// Validators and stored addresses.
    pub memory: &'m mut dyn FetchMemory,
}

/// Names of files that a folder walk reads as articles.
fn is_article_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    [
        ".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json", ".warc", ".rss", ".atom",
    ]
    .iter()
    .any(|e| name.ends_with(e))
}

/// Reads a file, gunzipping it when it starts with the gzip magic bytes.
fn read_file_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    let file = std::fs::File::open(path).context("cannot read the file")?;
    let mut out = Vec::new();
    decoded(file).read_to_end(&mut out).map_err(read_error)?;
    Ok(out)
}

/// Reads a file (gunzipped if needed) as UTF-8 text.
pub fn read_file_text(path: &Path) -> anyhow::Result<String> {
    let bytes = read_file_bytes(path)?;
    decode_utf8(&bytes)?;
    Ok(String::from_utf8(bytes).expect("checked above"))
}

/// Expands the inputs (folders recursively, in name order) and calls `each`
/// for every article read. `-` (or no input at all) reads stdin; an `http(s)`
/// address is fetched (a feed's items are fetched in turn) with the default
/// policy and no memory between runs.
pub fn for_each_article(
    inputs: &[PathBuf],
    each: impl FnMut(ArticleInput) -> anyhow::Result<()>,
) -> anyhow::Result<ReadReport> {
    let mut memory = RunMemory::default();
    let mut web = Web {
        fetcher: Fetcher::new(FetchPolicy::default()),
        memory: &mut memory,
    };
    for_each_article_with(inputs, &mut web, each)
}

/// [`for_each_article`] with the caller's fetcher and memory.
pub fn for_each_article_with(
    inputs: &[PathBuf],
    web: &mut Web<'_>,
    mut each: impl FnMut(ArticleInput) -> anyhow::Result<()>,
) -> anyhow::Result<ReadReport> {
    let stdin = [PathBuf::from("-")];
    let inputs = if inputs.is_empty() { &stdin[..] } else { inputs };
    let mut report = ReadReport::default();
    for input in inputs {
        if let Some(url) = input.to_str().filter(|s| is_url(s)) {
            read_url(url, web, &mut report, &mut each)?;
        } else if input.as_os_str() == "-" {
            let stdin = std::io::stdin().lock();
            read_stream("stdin", None, decoded(stdin), web, &mut report, &mut each)?;
        } else if input.is_dir() {
            let mut files: Vec<PathBuf> = Vec::new();
            for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() && !is_hidden(e.path()) => {
                        if is_article_file(e.path()) {
                            files.push(e.into_path());
                        } else {
                            report.ignored += 1;
                        }
                    }
                    Ok(_) => {}
                    Err(e) => skip(&mut report, &input.display().to_string(), &anyhow::Error::new(e)),
                }
            }
            for file in files {
                read_path(&file, web, &mut report, &mut each)?;
            }
        } else {
            read_path(input, web, &mut report, &mut each)?;
        }
    }
    Ok(report)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn read_path(
    path: &Path,
    web: &mut Web<'_>,
    report: &mut ReadReport,
    each: &mut impl FnMut(ArticleInput) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let name = path.display().to_string();
    if is_warc(path) {
        return read_warc(path, report, each);
    }
    match std::fs::File::open(path) {
        Ok(file) => read_stream(
            &name,
            path.file_name().and_then(|n| n.to_str()),
            decoded(file),
            web,
            report,
            each,
        ),
        Err(e) => {
            skip(
                report,
                &name,
                &anyhow::Error::new(e).context("cannot read the file"),
            );
            Ok(())
        }
    }
}

/// A buffered reader of `raw`, gunzipped when it starts with the gzip magic bytes.
fn decoded<'a>(raw: impl Read + 'a) -> Box<dyn BufRead + 'a> {
    let mut buffered = BufReader::new(raw);
    let gzipped = buffered
        .fill_buf()
        .map(|b| b.starts_with(&[0x1f, 0x8b]))
        .unwrap_or(false);
    if gzipped {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(buffered)))
    } else {
        Box::new(buffered)
    }
}

/// How many bytes of a document decide its format.
const SNIFF_BYTES: u64 = 512;

/// Reads one file or stream. JSON Lines are read a line at a time, so a file of
/// any size takes the memory of one line; other formats are read whole. A read
/// error (a truncated gzip stream) is reported where it happened; what came
/// before it has been handed on.
fn read_stream(
    name: &str,
    file_name: Option<&str>,
    mut input: Box<dyn BufRead + '_>,
    web: &mut Web<'_>,
    report: &mut ReadReport,
    each: &mut impl FnMut(ArticleInput) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut head = Vec::new();
    if let Err(e) = input.by_ref().take(SNIFF_BYTES).read_to_end(&mut head) {
        skip(report, name, &read_error(e));
        return Ok(());
    }
    let head_text = String::from_utf8_lossy(&head).into_owned();
    let feed = looks_like_feed(&head_text);
    let format = sniff_format(file_name, &head_text);
    let mut input = std::io::Cursor::new(head).chain(input);
    if feed || format != InputFormat::Jsonl {
        let mut bytes = Vec::new();
        if let Err(e) = input.read_to_end(&mut bytes) {
            skip(report, name, &read_error(e));
            return Ok(());
        }
        if feed {
            match feed_items(&bytes) {
                Ok(items) => read_feed_items(name, &items, web, report, each)?,
                Err(e) => skip(report, name, &e.into()),
            }
            return Ok(());
        }
        return read_document(name, format, &bytes, report, each);
    }
    let mut line = Vec::new();
    for line_no in 1.. {
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => read_jsonl_line(name, line_no, &line, report, each)?,
            Err(e) => {
                skip(report, &format!("{name}:{line_no}"), &read_error(e));
                break;
            }
        }
    }
    Ok(())
}

/// A read error with what it most likely means.
fn read_error(e: std::io::Error) -> anyhow::Error {
    let damaged = matches!(
        e.kind(),
        std::io::ErrorKind::UnexpectedEof
            | std::io::ErrorKind::InvalidData
            | std::io::ErrorKind::InvalidInput
    );
    let what = if damaged {
        "the gzip data is damaged or truncated"
    } else {
        "cannot read the file"
    };
    anyhow::Error::new(e).context(what)
}

/// One line of a JSON Lines document: an article, or a report of why not.
fn read_jsonl_line(
    name: &str,
    line_no: usize,
    line: &[u8],
    report: &mut ReadReport,
    each: &mut impl FnMut(ArticleInput) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let text = match decode_utf8(line) {
        Ok(t) => t,
        Err(_) => {
            skip(
                report,
                &format!("{name}:{line_no}"),
                &anyhow::anyhow!("invalid UTF-8"),
            );
            return Ok(());
        }
    };
    if text.trim().is_empty() {
        return Ok(());
    }
    let article = parse_jsonl_record(line_no, text.trim_start_matches('\u{feff}'));
    hand_on(name, article, report, each)
}

/// Fetches an address: a feed gives its items (each fetched in turn), a page
/// is one article. A 304 is counted, a failure reported and skipped.
fn read_url(
    url: &str,
    web: &mut Web<'_>,
    report: &mut ReadReport,
    each: &mut impl FnMut(ArticleInput) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let validators = web.memory.validators(url);
    match web.fetcher.get(url, validators.as_ref()) {
        Err(e) => skip(report, url, &e),
        Ok(Fetched::NotModified) => {
            eprintln!("chronicle: {url}: not modified since the last fetch");
            report.not_modified += 1;
        }
        Ok(Fetched::Body {
            bytes,
            content_type,
            validators,
        }) => {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
            let feed_type = ["rss", "atom", "xml", "feed+json"]
                .iter()
                .any(|t| content_type.contains(t));
            if (feed_type && !content_type.contains("html")) || looks_like_feed(&head) {
                match feed_items(&bytes) {
                    Ok(items) => {
                        // Remember the feed only once its items are read: a run killed
                        // before then asks for the whole feed again.
                        read_feed_items(url, &items, web, report, each)?;
                        web.memory.remember(url, &validators);
                    }
                    Err(e) => skip(report, url, &e.into()),
                }
            } else {
                web.memory.remember(url, &validators);
                report.articles += 1;
                each(ArticleInput {
                    id: url.to_string(),
                    html: Some(String::from_utf8_lossy(&bytes).into_owned()),
                    url: Some(url.to_string()),
                    ..Default::default()
                })?;
            }
        }
    }
    Ok(())
}

/// The articles of a feed's items: each item's page, fetched (unless an article
/// from it is stored), with the feed's title and date; an item without a link
/// but with text is an article of that text.
fn read_feed_items(
    feed: &str,
    items: &[FeedItem],
    web: &mut Web<'_>,
    report: &mut ReadReport,
    each: &mut impl FnMut(ArticleInput) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    for (i, item) in items.iter().enumerate() {
        // The page's address, else the item's own id, else its place in the feed.
        let id = item
            .url
            .clone()
            .or_else(|| Some(item.id.clone()).filter(|id| !id.is_empty()))
            .unwrap_or_else(|| format!("{feed}#{}", i + 1));
        let article = |html: String| ArticleInput {
            id: id.clone(),
            html: Some(html),
            url: item.url.clone(),
            title: item.title.clone(),
            date: item.date.clone(),
            ..Default::default()
        };
        match (&item.url, &item.content) {
            (Some(url), _) => {
                if web.memory.has_article(url) {
                    report.already_stored += 1;
                    continue;
                }
                match web.fetcher.get(url, None) {
                    Ok(Fetched::Body { bytes, .. }) => {
                        report.articles += 1;
                        each(article(String::from_utf8_lossy(&bytes).into_owned()))?;
                    }
                    Ok(Fetched::NotModified) => report.not_modified += 1,
                    Err(e) => skip(report, &format!("{feed}: item {}", i + 1), &e),
                }
            }
            (None, Some(content)) => {
                report.articles += 1;
                each(article(content.clone()))?;
            }
            (None, None) => skip(
                report,
                &format!("{feed}: item {}", i + 1),
                &anyhow::anyhow!("no http(s) link and no text"),
            ),
        }
    }
    Ok(())
}

fn is_warc(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// Streams a WARC file (whole-file or per-record gzip): every HTML page of an
/// HTTP 200 response is an article; other records are counted by reason; a
/// damaged or oversized record is reported with its number and offset and
/// reading goes on. Memory stays bounded by the record limit, whatever the
/// file's size.
fn read_warc(
    path: &Path,
    report: &mut ReadReport,
    each: &mut impl FnMut(ArticleInput) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    use chronicle_text::warc::{article_from_record, RecordArticle, WarcReader, DEFAULT_LIMIT};
    let name = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            skip(
                report,
                &name,
                &anyhow::Error::new(e).context("cannot read the file"),
            );
            return Ok(());
        }
    };
    let mut reader = WarcReader::new(decoded(file), DEFAULT_LIMIT);
    while let Some(record) = reader.next_record() {
        match record.and_then(|r| article_from_record(&r, DEFAULT_LIMIT)) {
            Ok(RecordArticle::Article(article)) => {
                report.articles += 1;
                each(*article)?;
            }
            Ok(RecordArticle::PassedOver(why)) => *report.records_passed_over.entry(why).or_default() += 1,
            Err(e) => {
                let io = matches!(e, chronicle_text::warc::WarcError::Io { .. });
                skip(report, &name, &e.into());
                if io {
                    break; // a damaged gzip stream cannot be read on
                }
            }
        }
    }
    Ok(())
}

fn skip(report: &mut ReadReport, location: &str, err: &anyhow::Error) {
    eprintln!("chronicle: {location}: {err:#}; skipped");
    report.skipped += 1;
}

/// Turns one whole document (text or HTML) into its article.
fn read_document(
    name: &str,
    format: InputFormat,
    bytes: &[u8],
    report: &mut ReadReport,
    each: &mut impl FnMut(ArticleInput) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let text = match decode_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            skip(report, name, &e.into());
            return Ok(());
        }
    };
    hand_on(
        name,
        article_from_document(&document_id(name), text, format),
        report,
        each,
    )
}

/// Hands a read article on, or reports (under `name`) why there is none.
fn hand_on(
    name: &str,
    article: Result<ArticleInput, chronicle_text::read::ReadError>,
    report: &mut ReadReport,
    each: &mut impl FnMut(ArticleInput) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    match article {
        Ok(article) => {
            report.articles += 1;
            each(article)
        }
        Err(e) => {
            skip(report, name, &e.into());
            Ok(())
        }
    }
}

/// The id of a whole-file article: its path without the format extensions.
fn document_id(name: &str) -> String {
    let mut id = name.strip_suffix(".gz").unwrap_or(name);
    for ext in [".html", ".htm", ".xhtml", ".txt", ".text"] {
        if let Some(s) = id.strip_suffix(ext) {
            id = s;
            break;
        }
    }
    id.to_string()
}

/// Ends a run: prints the summary and chooses the exit code. The run fails when
/// nothing could be read, or with `strict` when anything was skipped.
pub fn finish(
    command: &str,
    report: &ReadReport,
    written: &str,
    strict: bool,
) -> anyhow::Result<std::process::ExitCode> {
    if report.skipped > 0 {
        eprintln!(
            "chronicle {command}: {} article(s) read, {written}; {} input(s) skipped (reported above)",
            report.articles, report.skipped
        );
    } else {
        eprintln!(
            "chronicle {command}: {} article(s) read, {written}",
            report.articles
        );
    }
    if report.ignored > 0 {
        eprintln!(
            "chronicle {command}: {} file(s) in folders passed over: not .txt, .html, .jsonl, .json or .warc (name them to read them)",
            report.ignored
        );
    }
    if !report.records_passed_over.is_empty() {
        let total: usize = report.records_passed_over.values().sum();
        let reasons: Vec<String> = report
            .records_passed_over
            .iter()
            .map(|(why, n)| format!("{n} × {why}"))
            .collect();
        eprintln!(
            "chronicle {command}: {total} WARC record(s) held no article: {}",
            reasons.join(", ")
        );
    }
    if report.not_modified > 0 || report.already_stored > 0 {
        eprintln!(
            "chronicle {command}: {} feed(s) or page(s) not modified since the last fetch, {} feed item(s) already stored",
            report.not_modified, report.already_stored
        );
    }
    if report.articles == 0 && report.skipped > 0 {
        bail!("nothing could be read");
    }
    if strict && report.skipped > 0 {
        bail!("{} input(s) skipped and --strict was given", report.skipped);
    }
    Ok(std::process::ExitCode::SUCCESS)
}
