//! `chronicle ingest` from the web: a feed and its pages served by a local
//! HTTP server the test starts, with a flaky page (500, then 200), a page that
//! never answers in time, a 404, a gzip bomb, a 304 on the second poll.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{chronicle, json_lines, stdout_of};

/// Requests seen, by path; and the headers of the last request of each path.
#[derive(Default)]
struct Seen {
    count: HashMap<String, usize>,
    headers: HashMap<String, String>,
}

/// A small HTTP/1.1 server on loopback: one thread per connection, `Connection: close`.
fn serve(feed_etag: Arc<Mutex<String>>) -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let (base, seen_out) = (format!("http://{addr}"), seen.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (seen, etag, base) = (seen.clone(), feed_etag.clone(), base.clone());
            std::thread::spawn(move || answer(stream, &seen, &etag, &base));
        }
    });
    (format!("http://{addr}"), seen_out)
}

fn answer(mut stream: TcpStream, seen: &Mutex<Seen>, etag: &Mutex<String>, base: &str) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let n = {
        let mut s = seen.lock().unwrap();
        s.headers.insert(path.clone(), head.to_ascii_lowercase());
        let n = s.count.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    let page = |sentence: &str| {
        format!(
            "<html><head><title>{sentence}</title></head><body><article><p>{sentence}</p>\
             <p>The foreign ministry said the talks would continue next week.</p></article></body></html>"
        )
    };
    let (status, headers, body): (&str, String, Vec<u8>) = match path.as_str() {
        "/feed.xml" => {
            let current = etag.lock().unwrap().clone();
            if head
                .to_ascii_lowercase()
                .contains(&format!("if-none-match: {current}").to_ascii_lowercase())
            {
                ("304 Not Modified", format!("ETag: {current}\r\n"), Vec::new())
            } else {
                let item = |path: &str, title: &str| {
                    format!("<item><title>{title}</title><link>{base}{path}</link><guid>{path}</guid><pubDate>Tue, 10 Nov 2020 08:00:00 GMT</pubDate></item>")
                };
                let rss = format!(
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test wire</title>{}{}{}{}{}\
                     <item><title>Only a title</title></item></channel></rss>",
                    item("/story-a", "Talks"),
                    item("/story-b", "Accusations"),
                    item("/slow", "Slow"),
                    item("/missing", "Gone"),
                    item("/bomb", "Bomb"),
                );
                (
                    "200 OK",
                    format!("Content-Type: application/rss+xml\r\nETag: {current}\r\n"),
                    rss.into_bytes(),
                )
            }
        }
        "/story-a" => (
            "200 OK",
            "Content-Type: text/html\r\n".into(),
            page("Armenia asked Russia on Monday to begin urgent consultations on security.").into_bytes(),
        ),
        "/story-b" if n == 1 => ("500 Internal Server Error", String::new(), b"try again".to_vec()),
        "/story-b" => (
            "200 OK",
            "Content-Type: text/html\r\n".into(),
            page("Azerbaijan accused Armenian forces on Monday of shelling the town of Tartar.").into_bytes(),
        ),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            (
                "200 OK",
                "Content-Type: text/html\r\n".into(),
                page("Too late.").into_bytes(),
            )
        }
        "/bomb" => {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            gz.write_all(&vec![b' '; 24 * 1024 * 1024]).unwrap();
            (
                "200 OK",
                "Content-Type: text/html\r\nContent-Encoding: gzip\r\n".into(),
                gz.finish().unwrap(),
            )
        }
        _ => ("404 Not Found", String::new(), b"no".to_vec()),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

fn ingest(feed: &str, db: &std::path::Path) -> (bool, String) {
    let out = chronicle()
        .args([
            "ingest",
            feed,
            "--timeout",
            "1",
            "--retries",
            "1",
            "--per-host",
            "0",
            "--db",
        ])
        .arg(db)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn events(db: &std::path::Path) -> Vec<String> {
    json_lines(stdout_of(&["query", "--to", "jsonl", "--db"], db).as_bytes())
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["event_type"].as_str().unwrap(),
                e["article_id"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_feed_is_fetched_politely_and_polled_again_without_refetching() {
    let etag = Arc::new(Mutex::new("\"v1\"".to_string()));
    let (base, seen) = serve(etag.clone());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.db");
    let feed = format!("{base}/feed.xml");

    // First poll: the two good stories are stored, every failure is named.
    let (ok, stderr) = ingest(&feed, &db);
    assert!(ok, "{stderr}");
    let first = events(&db);
    assert!(
        first
            .iter()
            .any(|e| e.starts_with("REQUEST") && e.ends_with("/story-a")),
        "{first:?}"
    );
    assert!(
        first
            .iter()
            .any(|e| e.starts_with("ACCUSE") && e.ends_with("/story-b")),
        "{first:?}"
    );
    assert!(stderr.contains("/slow: timed out (after 2 tries)"), "{stderr}");
    assert!(stderr.contains("/missing: HTTP 404"), "{stderr}");
    assert!(
        stderr.contains("/bomb: refused: the body is larger than the 10485760 byte limit"),
        "{stderr}"
    );
    assert!(
        stderr.contains("item 6") && stderr.contains("no http(s) link and no text"),
        "{stderr}"
    );
    assert!(stderr.contains("2 stored"), "{stderr}");
    {
        let s = seen.lock().unwrap();
        assert_eq!(s.count["/story-b"], 2, "a 500 is retried once");
        assert!(
            s.headers["/story-a"].contains("user-agent: chronicle/"),
            "{}",
            s.headers["/story-a"]
        );
    }

    // Second poll: the feed has not changed (304); nothing is fetched or stored again.
    let (_, stderr) = ingest(&feed, &db);
    assert!(stderr.contains("not modified since the last fetch"), "{stderr}");
    assert_eq!(events(&db), first);
    assert!(seen.lock().unwrap().headers["/feed.xml"].contains("if-none-match: \"v1\""));

    // The feed changes: its stored items are not fetched again.
    *etag.lock().unwrap() = "\"v2\"".into();
    let (_, stderr) = ingest(&feed, &db);
    assert!(stderr.contains("2 feed item(s) already stored"), "{stderr}");
    let s = seen.lock().unwrap();
    assert_eq!(
        (s.count["/story-a"], s.count["/story-b"]),
        (1, 2),
        "stored stories are not fetched again"
    );
    assert_eq!(events(&db), first);
}

#[test]
fn only_web_addresses_are_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.db");
    // A dead port: the connection fails at once, and the run says so.
    let (ok, stderr) = ingest("http://127.0.0.1:9/feed.xml", &db);
    assert!(!ok, "nothing could be read");
    assert!(stderr.contains("127.0.0.1:9/feed.xml"), "{stderr}");
}

#[test]
fn follow_polls_the_listed_feeds_round_after_round() {
    use std::io::BufRead;
    let etag = Arc::new(Mutex::new("\"f1\"".to_string()));
    let (base, seen) = serve(etag);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("follow.db");
    let list = dir.path().join("feeds.txt");
    std::fs::write(&list, format!("# the test wire\n{base}/feed.xml\n")).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("chronicle"))
        .args([
            "ingest",
            "--every",
            "1",
            "--timeout",
            "1",
            "--retries",
            "0",
            "--per-host",
            "0",
            "--follow",
        ])
        .arg(&list)
        .arg("--db")
        .arg(&db)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            lines.push(line);
        }
        let text = lines.join("\n");
        if text.contains("round 2") && text.contains("not modified since the last fetch") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = lines.join("\n");
    assert!(text.contains("round 1: 1 source(s)"), "{text}");
    assert!(
        text.contains("not modified since the last fetch"),
        "the second round asks with the ETag:\n{text}"
    );
    assert_eq!(
        seen.lock().unwrap().count["/story-a"],
        1,
        "a stored story is fetched once"
    );
    assert!(events(&db).iter().any(|e| e.ends_with("/story-a")));
}
