//! `chronicle serve`: the real binary serving a real database over HTTP, and
//! the page driven in headless Chromium.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::chronicle;
use serde_json::Value;

/// A running `chronicle serve`, stopped when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    addr: String,
}

impl Server {
    /// Starts `chronicle serve ARGS --addr 127.0.0.1:0` and waits for its address.
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("chronicle"))
            .arg("serve")
            .args(args)
            .args(["--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, addr }
    }

    /// GET `path`: the status code and the body as JSON (`Null` if it is not JSON).
    fn get(&self, path: &str) -> (u16, Value) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, serde_json::from_str(body).unwrap_or(Value::Null))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn the_demo_fills_every_view_from_the_built_in_examples() {
    let server = Server::start(&["--demo"]);
    let (status, stats) = server.get("/api/stats");
    assert_eq!(status, 200);
    let articles = std::fs::read_dir(examples()).unwrap().count() as u64;
    assert!(stats["articles"].as_u64().unwrap() >= articles.min(10), "{stats}");
    assert!(stats["events"].as_u64().unwrap() > 50, "{stats}");
    let (_, timeline) = server.get("/api/timeline");
    assert_eq!(timeline["period"], "day");
    assert!(timeline["periods"].as_array().unwrap().len() > 10, "{timeline}");
    let (_, places) = server.get("/api/places");
    let names: Vec<&str> = places["places"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(names.contains(&"Yerevan") && names.contains(&"Baku"), "{names:?}");
    let (_, network) = server.get("/api/network");
    assert!(network["links"].as_array().unwrap().len() > 5, "{network}");
    let (_, page) = server.get("/api/events?type=ASSAULT&limit=5");
    assert!(page["total"].as_u64().unwrap() > 5, "{page}");
    let id = page["events"][0]["article_id"].as_str().unwrap().to_string();
    let (status, article) = server.get(&format!("/api/articles/{id}"));
    assert_eq!(status, 200);
    assert!(article["segments"].as_array().unwrap().len() > 2);
    let (status, error) = server.get("/api/events?type=WAR");
    assert_eq!(status, 400);
    assert!(error["error"].as_str().unwrap().contains("WAR"));
}

#[test]
fn serve_refuses_a_missing_database_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nothing-here.db");
    let assert = chronicle()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("nothing-here.db") && stderr.contains("ingest"),
        "{stderr}"
    );
}

/// Where the browser test's npm packages live (installed by `.ci/run`).
fn browser_tests() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../chronicle-web/tests/browser")
}

/// Debian's Chromium, or the one `CHROMIUM` names.
fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

#[test]
fn the_page_works_in_headless_chromium() {
    let driver = browser_tests();
    assert!(
        chromium().exists() && driver.join("node_modules/playwright-core").exists(),
        "the browser test needs Debian's Chromium ({}) and playwright-core in {}: \
         run .ci/run, which installs both (apt-get install chromium; npm ci --prefix {})",
        chromium().display(),
        driver.display(),
        driver.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("events.db");
    chronicle()
        .arg("ingest")
        .arg(examples())
        .arg(fixture("hostile-article.jsonl"))
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    let server = Server::start(&["--db", db.to_str().unwrap()]);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let out = Command::new("node")
        .arg(driver.join("page.test.mjs"))
        .arg(format!("http://{}/", server.addr))
        .arg(&shots)
        .arg("hostile-markup")
        .env("CHROMIUM", chromium())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}\nscreenshots in {}", shots.display());
    assert!(
        out.status.success(),
        "the page failed in Chromium:\n{stdout}\n{stderr}"
    );
    for shot in [
        "overview",
        "timeline",
        "map",
        "network",
        "events",
        "filtered",
        "article",
        "article-hostile",
    ] {
        assert!(
            shots.join(format!("{shot}.png")).exists(),
            "{shot}.png was not saved"
        );
    }
}
