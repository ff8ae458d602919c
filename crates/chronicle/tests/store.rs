//! End-to-end tests of the event database: `chronicle ingest`, `query` and
//! `export` on the real fixtures in `../shared/data`, driving the real binary.

mod common;

use common::{chronicle, json_lines, shared, stdout_of};

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chronicle_store::Store;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use serde_json::Value;

fn karabakh() -> PathBuf {
    shared("articles/karabakh-2020-11-01.txt")
}

/// A few real news pages (gzipped HTML), copied into `dir`.
fn html_sample(dir: &Path, n: usize) -> PathBuf {
    let out = dir.join("html");
    std::fs::create_dir_all(&out).unwrap();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(shared("article-extraction/html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    for page in pages.iter().take(n) {
        std::fs::copy(page, out.join(page.file_name().unwrap())).unwrap();
    }
    out
}

fn ingest(db: &Path, inputs: &[&Path]) -> String {
    let out = chronicle()
        .arg("ingest")
        .args(inputs)
        .arg("--db")
        .arg(db)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn query(db: &Path, filters: &[&str]) -> Vec<Value> {
    let args = [&["query", "--to", "jsonl"], filters, &["--db"]].concat();
    json_lines(stdout_of(&args, db).as_bytes())
}

fn code(e: &Value, who: &str) -> String {
    e[who]["code"].as_str().unwrap_or("").to_string()
}

#[test]
fn ingest_then_query_by_type_actor_country_date_place_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("events.db");
    let html = html_sample(dir.path(), 6);
    let summary = ingest(&db, &[&karabakh(), &html]);
    assert!(summary.contains("7 article(s) read, 7 stored"), "{summary}");

    // Armenia's request to Russia, by type and actor code.
    let requests = query(&db, &["--type", "REQUEST", "--actor", "ARM"]);
    let request = requests
        .iter()
        .find(|e| code(e, "actor") == "ARMGOV" && code(e, "recipient") == "RUSGOV")
        .unwrap_or_else(|| panic!("no REQUEST ARMGOV→RUSGOV in {requests:#?}"));
    assert_eq!(request["date"], "2020-10-31");
    assert!(request["sentence"].as_str().unwrap().contains("Pashinyan"));
    assert!(requests
        .iter()
        .all(|e| e["event_type"] == "REQUEST" && code(e, "actor").starts_with("ARM")));
    // The same by the actor's name.
    let by_name = query(&db, &["--actor", "Pashinyan", "--type", "request"]);
    assert!(by_name.iter().any(|e| e["id"] == request["id"]), "{by_name:#?}");

    // Turkey's visit, by country (actor, recipient or place).
    let turkey = query(&db, &["--country", "TUR"]);
    assert!(
        turkey
            .iter()
            .any(|e| e["event_type"] == "CONSULT" && code(e, "actor") == "TURGOV"),
        "{turkey:#?}"
    );
    for e in &turkey {
        let countries = [
            &e["actor"]["country"],
            &e["recipient"]["country"],
            &e["location"]["country"],
        ];
        assert!(countries.iter().any(|c| *c == "TUR"), "{e:#}");
    }

    // Dates.
    let saturday = query(&db, &["--since", "2020-10-31", "--until", "2020-10-31"]);
    assert!(!saturday.is_empty());
    assert!(saturday.iter().all(|e| e["date"] == "2020-10-31"));
    assert!(saturday.iter().any(|e| e["id"] == request["id"]));

    // Place and words.
    // (whichever place the coder finds: search for it by part of its name, any case)
    let all = query(&db, &[]);
    let located = all
        .iter()
        .find(|e| e["location"]["name"].is_string())
        .unwrap_or_else(|| panic!("no event with a place in {all:#?}"));
    let name = located["location"]["name"].as_str().unwrap();
    let part: String = name.chars().take(4).collect::<String>().to_lowercase();
    let places = query(&db, &["--place", &part]);
    assert!(places.iter().any(|e| e["id"] == located["id"]), "{places:#?}");
    assert!(
        places.iter().all(|e| e["location"]["name"]
            .as_str()
            .is_some_and(|n| n.to_lowercase().contains(&part))),
        "{places:#?}"
    );
    let words = query(&db, &["--text", "putin CONSULTATIONS"]);
    assert!(words.iter().any(|e| e["id"] == request["id"]));

    // The table has its header and one line per event.
    let table = stdout_of(&["query", "--type", "REQUEST", "--actor", "ARM", "--db"], &db);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("DATE") && lines[0].contains("RECIPIENT") && lines[0].ends_with("TRIGGER"));
    assert_eq!(lines.len(), requests.len() + 1);
    assert!(lines
        .iter()
        .any(|l| l.contains("ARMGOV") && l.contains("RUSGOV") && l.ends_with("asked")));
}

#[test]
fn the_store_holds_exactly_what_code_gives() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("events.db");
    let html = html_sample(dir.path(), 4);
    ingest(&db, &[&karabakh(), &html]);
    let coded = chronicle()
        .arg("code")
        .arg(karabakh())
        .arg(&html)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let by_id = |events: Vec<Value>| -> BTreeMap<String, Value> {
        events
            .into_iter()
            .map(|e| (e["id"].as_str().unwrap().to_string(), e))
            .collect()
    };
    let coded = by_id(
        String::from_utf8_lossy(&coded)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    );
    let stored = by_id(query(&db, &[]));
    assert!(!coded.is_empty());
    assert_eq!(stored, coded, "every field of every event comes back");

    // Export gives the same events, in every format.
    let export = |to: &str| stdout_of(&["export", "--to", to, "--db"], &db);
    let jsonl = export("jsonl");
    assert_eq!(
        by_id(jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect()),
        coded
    );
    let gdelt = export("gdelt");
    assert_eq!(gdelt.lines().count(), coded.len());
    assert!(gdelt.lines().all(|l| l.split('\t').count() == 61));
    let csv = export("csv");
    assert!(csv.starts_with("id,article_id,"));
    assert_eq!(csv.lines().count(), coded.len() + 1);

    // Parquet: one typed row per event, the same values.
    let file = dir.path().join("events.parquet");
    chronicle()
        .args(["export", "--to", "parquet", "--db"])
        .arg(&db)
        .arg("--output")
        .arg(&file)
        .assert()
        .success();
    let rows = parquet_rows(&file);
    assert_eq!(rows.len(), coded.len());
    for row in &rows {
        let Some(Field::Str(id)) = row.get("id") else {
            panic!("a row without id: {row:?}");
        };
        let e = &coded[id];
        let text = |field: &str| match row.get(field) {
            Some(Field::Str(s)) => Value::String(s.clone()),
            _ => Value::Null,
        };
        assert_eq!(text("event_type"), e["event_type"], "{id}");
        assert_eq!(text("actor_code"), e["actor"]["code"], "{id}");
        assert_eq!(text("recipient_code"), e["recipient"]["code"], "{id}");
        assert_eq!(text("sentence"), e["sentence"], "{id}");
        assert_eq!(text("location_name"), e["location"]["name"], "{id}");
        assert_eq!(
            row.get("negated"),
            Some(&Field::Bool(e["negated"].as_bool().unwrap()))
        );
        let days = e["date"].as_str().and_then(chronicle_parquet::days_since_epoch);
        assert_eq!(
            row.get("date"),
            Some(&days.map_or(Field::Null, Field::Date)),
            "{id}"
        );
    }
}

/// The rows of a Parquet file, each as column name → value.
fn parquet_rows(path: &Path) -> Vec<BTreeMap<String, Field>> {
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(name, field)| (name.clone(), field.clone()))
                .collect()
        })
        .collect()
}

#[test]
fn ingesting_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("events.db");
    let html = html_sample(dir.path(), 3);
    ingest(&db, &[&karabakh(), &html]);
    let before = Store::open_read_only(&db).unwrap().stats().unwrap();
    assert_eq!(before.articles, 4);
    assert!(before.events > 0);
    let summary = ingest(&db, &[&karabakh(), &html]);
    assert!(
        summary.contains("4 article(s) read, 0 stored, 4 already present, 0 event(s)"),
        "{summary}"
    );
    // The same text under another name is the same article.
    let copy = dir.path().join("copy.txt");
    std::fs::copy(karabakh(), &copy).unwrap();
    let summary = ingest(&db, &[&copy]);
    assert!(summary.contains("0 stored, 1 already present"), "{summary}");
    assert_eq!(Store::open_read_only(&db).unwrap().stats().unwrap(), before);
}

#[test]
fn query_and_export_need_an_existing_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.db");
    for cmd in ["query", "export"] {
        chronicle()
            .arg(cmd)
            .arg("--db")
            .arg(&db)
            .assert()
            .failure()
            .stderr(predicates::str::contains("chronicle ingest"));
    }
    assert!(!db.exists(), "a query never creates a database");
}

/// 60 different articles (a dated dispatch line makes each text unique), half
/// as text files and half as JSON Lines records with URLs, plus two inputs that
/// are the same articles again (same text; same URL).
fn many_articles(dir: &Path) -> (PathBuf, usize) {
    let base = std::fs::read_to_string(karabakh()).unwrap();
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let text = |i: usize| format!("Dispatch number {i} from the wire desk.\n{base}");
    let mut jsonl = String::new();
    for i in 0..60 {
        if i % 2 == 0 {
            std::fs::write(inputs.join(format!("a{i:02}.txt")), text(i)).unwrap();
        } else {
            let record = serde_json::json!({
                "id": format!("story-{i}"),
                "url": format!("https://example.org/story/{i}"),
                "date": "2020-11-01",
                "text": text(i),
            });
            jsonl.push_str(&format!("{record}\n"));
        }
    }
    // Duplicates: copy 0's text under another name; copy 1's URL with other words.
    std::fs::write(inputs.join("zz-copy-of-a00.txt"), text(0)).unwrap();
    let again = serde_json::json!({
        "id": "story-again",
        "url": "https://example.org/story/1",
        "text": "The same story, updated.",
    });
    jsonl.push_str(&format!("{again}\n"));
    std::fs::write(inputs.join("stories.jsonl"), jsonl).unwrap();
    (inputs, 60)
}

fn stored_articles(db: &Path) -> Option<u64> {
    Store::open_read_only(db).ok()?.stats().ok().map(|s| s.articles)
}

#[test]
fn a_killed_ingest_is_finished_by_running_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, distinct) = many_articles(dir.path());
    let db = dir.path().join("events.db");

    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("chronicle"))
        .arg("ingest")
        .arg(&inputs)
        .arg("--db")
        .arg(&db)
        .args(["--batch", "4", "--threads", "2"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the first committed batch, then SIGKILL.
    loop {
        if stored_articles(&db).unwrap_or(0) > 0 {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            // Ended before we looked: fine if it stored (the rerun then adds nothing).
            assert!(
                stored_articles(&db).unwrap_or(0) > 0,
                "ingest ended ({status}) and stored nothing"
            );
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let after_kill = stored_articles(&db).unwrap();
    eprintln!("stored when killed: {after_kill} of {distinct}");
    assert!(after_kill > 0);

    // Running it again stores the rest, no article twice.
    let summary = ingest(&db, &[&inputs]);
    assert!(summary.contains("62 article(s) read"), "{summary}");
    let store = Store::open_read_only(&db).unwrap();
    assert_eq!(store.stats().unwrap().articles, distinct as u64);
    let events = store.query(&Default::default()).unwrap();
    let ids: HashSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), events.len(), "an event id is stored twice");

    // Nothing lost: the same events as one uninterrupted run.
    let fresh = dir.path().join("fresh.db");
    ingest(&fresh, &[&inputs]);
    let expected: HashSet<String> = Store::open_read_only(&fresh)
        .unwrap()
        .query(&Default::default())
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let got: HashSet<String> = ids.into_iter().map(String::from).collect();
    assert_eq!(got, expected);
    // Every article gave events (one per copy of the request at least).
    let request_articles: HashSet<String> = events
        .iter()
        .filter(|e| e.event_type == "REQUEST")
        .map(|e| e.article_id.clone())
        .collect();
    assert_eq!(request_articles.len(), distinct);
}
