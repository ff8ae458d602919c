//! End-to-end tests of `chronicle extract` and `chronicle eval extraction|segmentation`,
//! driving the real binary on the real fixtures in `../shared/data`.

mod common;

use common::{chronicle, json_lines, shared, stdout_of};

use std::io::{Read, Write};

use predicates::prelude::*;

#[test]
fn karabakh_article_body_related_and_furniture_come_apart() {
    let path = shared("articles/karabakh-2020-11-01.txt");
    let out = chronicle()
        .arg("extract")
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let articles = json_lines(&out);
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    let text = a["text"].as_str().unwrap();
    assert!(text.ends_with("substantially higher."), "{text}");
    assert!(text.starts_with("Turkey’s foreign minister arrived in Azerbaijan on Sunday"));
    for furniture in [
        "Google News",
        "Read more",
        "World News",
        "Putin to start talks on providing security",
    ] {
        assert!(!text.contains(furniture), "body holds {furniture:?}");
    }
    assert_eq!(
        a["title"],
        "Turkey’s FM arrives in Azerbaijan as tensions rise in Nagorno-Karabakh"
    );
    assert_eq!(a["date"], "2020-11-01");

    // Nothing lost: every line of the page is the title, a body paragraph, or removed.
    let source = std::fs::read_to_string(&path).unwrap();
    let removed: Vec<&str> = a["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    for line in source.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let placed = paragraphs.contains(&line) || removed.contains(&line) || a["title"] == line;
        assert!(placed, "line lost: {line:?}");
    }
    // The body keeps its sentences: 13 paragraphs, one per body line of the page.
    assert_eq!(paragraphs.len(), 13);

    // The Twitter quote, attributed to its speaker; the scare-quoted "necessary" is no quotation.
    let quotes = a["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 2, "{quotes:#?}");
    assert!(quotes[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("We are once again in Baku"));
    assert_eq!(quotes[0]["speaker"], "Foreign Minister Mevlut Cavusoglu");
    assert_eq!(quotes[1]["speaker"], "the Karabakh army");

    let related = a["related"].as_array().unwrap();
    let titles: Vec<&str> = related.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Armenia PM asks Russia’s Putin to start talks on providing security"));
    assert!(titles.contains(&"Nagorno-Karabakh conflict: Armenia and Azerbaijan meet mediators in Geneva"));
    let with_summary = related.iter().filter(|r| r["summary"].is_string()).count();
    assert_eq!(with_summary, 3);
    for r in related {
        if let Some(s) = r["summary"].as_str() {
            assert!(!s.contains("World News") && !s.ends_with("..."), "{s}");
        }
    }
}

#[test]
fn gzipped_html_page_gives_body_title_and_url() {
    let dir = shared("article-extraction/html");
    let page = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    let out = chronicle()
        .arg("extract")
        .arg(&page)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let a = &json_lines(&out)[0];
    assert!(a["text"].as_str().unwrap().split_whitespace().count() > 100);
    assert!(a["title"].is_string());
    assert!(!a["id"].as_str().unwrap().ends_with(".gz"));
}

#[test]
fn jsonl_bad_lines_are_reported_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    std::fs::write(
        &path,
        "{\"id\":\"a\",\"text\":\"The army withdrew.\",\"date\":\"2020-11-01T10:00:00Z\"}\n\
         {\"id\": broken\n\
         {\"id\":\"c\",\"html\":\"<html><body><article><p>Talks resumed in Geneva on Friday between the two delegations, officials said.</p></article></body></html>\"}\n\
         {\"id\":\"d\"}\n",
    )
    .unwrap();
    let assert = chronicle().arg("extract").arg(&path).assert().success();
    let out = assert.get_output();
    let articles = json_lines(&out.stdout);
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[0]["date"], "2020-11-01");
    assert!(articles[1]["text"]
        .as_str()
        .unwrap()
        .contains("Talks resumed in Geneva"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("in.jsonl: line 2: not valid JSON"), "{stderr}");
    assert!(stderr.contains("line 4:"), "{stderr}");
    assert!(stderr.contains("2 input(s) skipped"), "{stderr}");

    chronicle()
        .arg("extract")
        .arg("--strict")
        .arg(&path)
        .assert()
        .failure();
}

#[test]
fn bad_files_are_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "The ministry said talks would resume.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"First line.\nCaf\xe9 society.\n").unwrap();
    std::fs::write(dir.path().join("empty.html"), "  \n").unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(
        "<html><body><p>Some page text that goes on and on.</p></body></html>"
            .repeat(50)
            .as_bytes(),
    )
    .unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(dir.path().join("cut.html.gz"), &gz[..gz.len() / 2]).unwrap();
    let missing = dir.path().join("missing.txt");

    let assert = chronicle()
        .arg("extract")
        .arg(dir.path())
        .arg(&missing)
        .assert()
        .success();
    let out = assert.get_output();
    let articles = json_lines(&out.stdout);
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0]["text"], "The ministry said talks would resume.");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("latin1.txt: line 2: invalid UTF-8"), "{stderr}");
    assert!(
        stderr.contains("cut.html.gz: the gzip data is damaged or truncated"),
        "{stderr}"
    );
    assert!(stderr.contains("empty.html: the input is empty"), "{stderr}");
    assert!(stderr.contains("missing.txt: cannot read the file"), "{stderr}");
    assert!(stderr.contains("4 input(s) skipped"), "{stderr}");
}

#[test]
fn a_cut_gzipped_jsonl_file_gives_the_records_before_the_cut() {
    // JSON Lines are read a line at a time: what precedes damage is kept, and the
    // damage is reported with the line where reading stopped.
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..2000)
        .map(|i| {
            format!("{{\"id\":\"a{i}\",\"text\":\"Report {i}: the army withdrew from the town of {i}.\"}}\n")
        })
        .collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(lines.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let path = dir.path().join("cut.jsonl.gz");
    std::fs::write(&path, &gz[..gz.len() * 2 / 3]).unwrap();
    let assert = chronicle().arg("extract").arg(&path).assert().success();
    let out = assert.get_output();
    let articles = json_lines(&out.stdout);
    assert!(
        articles.len() > 100 && articles.len() < 2000,
        "{}",
        articles.len()
    );
    for (i, a) in articles.iter().enumerate() {
        assert_eq!(a["id"], format!("a{i}"), "in order, none lost before the cut");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let at = format!(
        "cut.jsonl.gz:{}: the gzip data is damaged or truncated",
        articles.len() + 1
    );
    assert!(stderr.contains(&at), "{stderr}");
    assert!(stderr.contains("1 input(s) skipped"), "{stderr}");
}

#[test]
fn stdin_json_lines_are_read_line_by_line() {
    let out = chronicle()
        .args(["extract", "-"])
        .write_stdin("{\"id\":\"x\",\"text\":\"Talks resumed.\"}\nnot json\n{\"id\":\"y\",\"text\":\"Troops withdrew.\"}\n")
        .assert()
        .success()
        .get_output()
        .clone();
    let ids: Vec<String> = json_lines(&out.stdout)
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["x", "y"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("stdin: line 2: not valid JSON"), "{stderr}");
}

#[test]
fn nothing_readable_fails_the_run() {
    chronicle()
        .args(["extract", "/nonexistent/file.txt"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nothing could be read"));
}

#[test]
fn stdin_text_is_one_article() {
    let out = chronicle()
        .args(["extract", "-"])
        .write_stdin("Rebels attacked the town on Monday.\nSign up for our newsletter\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let a = &json_lines(&out)[0];
    assert_eq!(a["id"], "stdin");
    assert_eq!(a["text"], "Rebels attacked the town on Monday.");
    assert_eq!(a["removed"][0], "Sign up for our newsletter");
}

fn measure(output: &str, name: &str) -> f64 {
    let line = output
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no {name} in {output}"));
    line.split_whitespace().last().unwrap().parse().unwrap()
}

#[test]
fn extraction_benchmark_f1_holds() {
    let out = stdout_of(&["eval", "extraction"], shared("article-extraction"));
    assert_eq!(measure(&out, "pages "), 181.0);
    let f1 = measure(&out, "F1");
    assert!(f1 >= 0.95, "extraction F1 {f1} < 0.95\n{out}");
}

#[test]
fn segmentation_word_f1_holds_on_ewt_test() {
    let out = stdout_of(
        &["eval", "segmentation"],
        shared("ud-english-ewt/en_ewt-ud-test.conllu"),
    );
    let words = out.lines().find(|l| l.starts_with("words ")).unwrap();
    let f1: f64 = words
        .split("F1")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(f1 >= 0.98, "word F1 {f1} < 0.98\n{out}");
}

#[test]
fn folders_read_article_files_and_say_what_they_pass_over() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "The army withdrew from the town.\n").unwrap();
    std::fs::write(dir.path().join("README.md"), "# Notes about this folder\n").unwrap();
    let assert = chronicle().arg("extract").arg(dir.path()).assert().success();
    let out = assert.get_output();
    assert_eq!(json_lines(&out.stdout).len(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 file(s) in folders passed over"), "{stderr}");
    // Named explicitly, the same file is read.
    let out = chronicle()
        .arg("extract")
        .arg(dir.path().join("README.md"))
        .assert()
        .success();
    assert_eq!(json_lines(&out.get_output().stdout).len(), 1);
}

/// One gzip member holding one WARC record (Common Crawl's layout).
fn warc_record_gz(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2020-11-10T08:00:00Z\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&record).unwrap();
    gz.finish().unwrap()
}

fn http_response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

#[test]
fn a_warc_file_gives_its_pages_and_reports_what_it_passes_over() {
    // Three real pages of the extraction benchmark, as a crawler would have stored them.
    let mut pages: Vec<std::path::PathBuf> = std::fs::read_dir(shared("article-extraction/html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    let mut warc = warc_record_gz("warcinfo", "", b"software: chronicle test\r\n");
    for (i, page) in pages.iter().take(3).enumerate() {
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(page).unwrap())
            .read_to_end(&mut html)
            .unwrap();
        let uri = format!("https://news.example/story-{i}");
        warc.extend(warc_record_gz("request", &uri, b"GET / HTTP/1.1\r\n\r\n"));
        warc.extend(warc_record_gz(
            "response",
            &uri,
            &http_response("200 OK", "text/html; charset=utf-8", &html),
        ));
    }
    warc.extend(warc_record_gz(
        "response",
        "https://news.example/logo.png",
        &http_response("200 OK", "image/png", b"\x89PNG"),
    ));
    // A damaged record between good ones: reported, and reading goes on.
    let mut damaged = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    damaged
        .write_all(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\n")
        .unwrap();
    warc.extend(damaged.finish().unwrap());
    warc.extend(warc_record_gz(
        "response",
        "https://news.example/last",
        &http_response(
            "200 OK",
            "text/html",
            b"<html><head><title>Talks</title></head><body><article><p>Armenia and Azerbaijan agreed on Tuesday to \
              exchange prisoners, the Russian foreign ministry said in a statement.</p></article></body></html>",
        ),
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc.gz");
    std::fs::write(&path, &warc).unwrap();

    let out = chronicle().arg("extract").arg(&path).assert().success();
    let articles = json_lines(&out.get_output().stdout);
    let urls: Vec<&str> = articles.iter().filter_map(|a| a["url"].as_str()).collect();
    assert_eq!(articles.len(), 4, "{urls:?}");
    assert!(urls.contains(&"https://news.example/last"), "{urls:?}");
    assert!(articles.iter().all(|a| a["text"].as_str().unwrap().len() > 40));
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(stderr.contains("crawl.warc.gz: record 9 at byte"), "{stderr}");
    assert!(stderr.contains("Content-Length is not a number"), "{stderr}");
    assert!(stderr.contains("1 × a warcinfo record"), "{stderr}");
    assert!(stderr.contains("3 × a request record"), "{stderr}");
    assert!(stderr.contains("1 × content type image/png"), "{stderr}");
}
