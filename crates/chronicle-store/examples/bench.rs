//! Measures the store alone (no language processing): insert speed and query
//! latency on a generated database.
//!
//! `cargo run --release -p chronicle-store --example bench -- [ARTICLES] [EVENTS_PER_ARTICLE] [DB]`
//!
//! Prints figures; asserts nothing.

use std::time::Instant;

use chronicle_model::{CleanArticle, EventActor, EventRecord, Location, Trigger};
use chronicle_store::{EventFilter, Store};

const COUNTRIES: &[&str] = &[
    "ARM", "AZE", "RUS", "TUR", "USA", "FRA", "IRN", "GEO", "UKR", "CHN",
];
const SECTORS: &[&str] = &["GOV", "MIL", "REB", "CVL", "", "COP"];
const TYPES: &[&str] = &chronicle_model::PLOVER_TYPES;
const PLACES: &[&str] = &[
    "Yerevan",
    "Baku",
    "Moscow",
    "Ankara",
    "Shusha",
    "Stepanakert",
    "Tbilisi",
];
const WORDS: &[&str] = &[
    "minister",
    "troops",
    "border",
    "talks",
    "ceasefire",
    "shelling",
    "villages",
    "president",
    "embassy",
    "sanctions",
    "agreement",
    "protesters",
    "capital",
    "forces",
    "statement",
];

/// A small deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next() % xs.len()]
    }
}

fn actor(rng: &mut Rng) -> EventActor {
    let country = rng.pick(COUNTRIES);
    let code = format!("{country}{}", rng.pick(SECTORS));
    EventActor {
        text: format!("the {} of {country}", rng.pick(WORDS)),
        sector: code.get(3..).filter(|s| !s.is_empty()).map(String::from),
        code: Some(code),
        country: Some(country.into()),
        name: None,
        span: (0, 10),
        inferred: false,
    }
}

fn article(rng: &mut Rng, i: usize, events: usize) -> (CleanArticle, Vec<EventRecord>) {
    let day = rng.next() % 730;
    let date = format!(
        "{}-{:02}-{:02}",
        2020 + day / 365,
        (day % 365) / 31 + 1,
        day % 28 + 1
    );
    let mut text = String::new();
    let mut out = Vec::new();
    for s in 0..events {
        let sentence: Vec<&str> = (0..20).map(|_| rng.pick(WORDS)).collect();
        let sentence = format!("Article {i} sentence {s}: {}.", sentence.join(" "));
        text.push_str(&sentence);
        text.push(' ');
        let place = rng.pick(PLACES);
        out.push(EventRecord {
            id: format!("{i:08x}{s:08x}"),
            article_id: format!("a{i}"),
            sentence_index: s,
            event_type: rng.pick(TYPES).into(),
            cameo: Some("042".into()),
            quad_class: Some(1 + (rng.next() % 4) as u8),
            intensity: Some(1.0),
            actor: Some(actor(rng)),
            recipient: (rng.next() % 3 != 1).then(|| actor(rng)),
            date: Some(date.clone()),
            date_source: Some("publication".into()),
            location: (rng.next() & 1 == 1).then(|| Location {
                text: place.into(),
                name: place.into(),
                country: Some(rng.pick(COUNTRIES).into()),
                lat: Some(40.0),
                lon: Some(45.0),
                geonames_id: Some(1),
                precision: "city".into(),
            }),
            trigger: Trigger {
                text: "said".into(),
                span: (0, 4),
            },
            sentence,
            confidence: 0.7,
            ..Default::default()
        });
    }
    // Articles are a few kilobytes of body.
    for _ in 0..300 {
        text.push_str(rng.pick(WORDS));
        text.push(' ');
    }
    let a = CleanArticle {
        id: format!("a{i}"),
        url: Some(format!("https://example.org/{i}")),
        title: Some(format!("Story {i}")),
        date: Some(date),
        source: Some(rng.pick(&["wire", "daily", "gazette"]).into()),
        text,
        ..Default::default()
    };
    (a, out)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(Ok(20_000), |s| s.parse())?;
    let per: usize = args.get(2).map_or(Ok(5), |s| s.parse())?;
    let path = args.get(3).cloned().unwrap_or_else(|| {
        std::env::temp_dir()
            .join("chronicle-store-bench.db")
            .display()
            .to_string()
    });
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
    let mut store = Store::open(&path)?;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let start = Instant::now();
    let mut batch = Vec::with_capacity(64);
    for i in 0..n {
        batch.push(article(&mut rng, i, per));
        if batch.len() == 64 || i + 1 == n {
            store.insert_batch(&batch)?;
            batch.clear();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let stats = store.stats()?;
    drop(store);
    let size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{path}{s}")).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "inserted {} articles, {} events in {secs:.2} s: {:.0} articles/s, {:.0} events/s; file {:.1} MB",
        stats.articles,
        stats.events,
        stats.articles as f64 / secs,
        stats.events as f64 / secs,
        size as f64 / 1e6
    );
    // Rerun of the same articles: every one a duplicate.
    let mut store = Store::open(&path)?;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let start = Instant::now();
    let again: Vec<_> = (0..n.min(6400)).map(|i| article(&mut rng, i, per)).collect();
    let mut dups = 0;
    for chunk in again.chunks(64) {
        dups += store.insert_batch(chunk)?.duplicates;
    }
    println!(
        "duplicate check: {dups} articles in {:.2} s",
        start.elapsed().as_secs_f64()
    );
    let queries: Vec<(&str, EventFilter)> = vec![
        (
            "--type ASSAULT --limit 100",
            EventFilter {
                event_type: Some("ASSAULT".into()),
                limit: Some(100),
                ..Default::default()
            },
        ),
        (
            "--actor ARMGOV --type REQUEST",
            EventFilter {
                actor: Some("ARMGOV".into()),
                event_type: Some("REQUEST".into()),
                ..Default::default()
            },
        ),
        (
            "--country AZE --since 2021-03-01 --until 2021-03",
            EventFilter {
                country: Some("AZE".into()),
                since: Some("2021-03-01".into()),
                until: Some("2021-03".into()),
                ..Default::default()
            },
        ),
        (
            "--place Shusha --limit 50",
            EventFilter {
                place: Some("Shusha".into()),
                limit: Some(50),
                ..Default::default()
            },
        ),
        (
            "--text \"ceasefire embassy\" --limit 50",
            EventFilter {
                text: Some("ceasefire embassy".into()),
                limit: Some(50),
                ..Default::default()
            },
        ),
    ];
    for (label, filter) in queries {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..5 {
            let t = Instant::now();
            found = store.query(&filter)?.len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!("query {label}: {found} events, median {:.1} ms", times[2]);
    }
    let t = Instant::now();
    let mut exported = 0usize;
    store.events_all(|_, _| -> Result<(), chronicle_store::StoreError> {
        exported += 1;
        Ok(())
    })?;
    println!(
        "events_all: {exported} events in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
