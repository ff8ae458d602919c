use super::*;
use chronicle_model::{Location, Quote, RelatedLink, Trigger};

fn actor(code: &str, text: &str, name: Option<&str>) -> Option<EventActor> {
    Some(EventActor {
        text: text.into(),
        code: Some(code.into()),
        country: Some(code[..3].into()),
        sector: code.get(3..).filter(|s| !s.is_empty()).map(String::from),
        name: name.map(String::from),
        span: (0, text.chars().count()),
        inferred: false,
    })
}

fn event(article: &str, i: usize, event_type: &str, date: &str, sentence: &str) -> EventRecord {
    EventRecord {
        id: format!("{article}-{i}"),
        article_id: article.into(),
        sentence_index: i,
        event_type: event_type.into(),
        cameo: Some("0234".into()),
        quad_class: Some(2),
        intensity: Some(-1.5),
        date: Some(date.into()),
        trigger: Trigger {
            text: "asked".into(),
            span: (3, 8),
        },
        sentence: sentence.into(),
        confidence: 0.8,
        ..Default::default()
    }
}

fn article(id: &str, url: Option<&str>, text: &str) -> CleanArticle {
    CleanArticle {
        id: id.into(),
        url: url.map(String::from),
        title: Some(format!("Title of {id}")),
        date: Some("2020-11-01".into()),
        source: Some("wire".into()),
        text: text.into(),
        ..Default::default()
    }
}

/// Two articles: Armenia asks Russia (with a place), Azerbaijan accuses Armenia.
fn sample() -> Vec<(CleanArticle, Vec<EventRecord>)> {
    let mut request = event(
        "a1",
        0,
        "REQUEST",
        "2020-10-31",
        "Armenian Prime Minister Nikol Pashinyan asked Russian President Vladimir Putin for help.",
    );
    request.actor = actor(
        "ARMGOV",
        "Armenian Prime Minister Nikol Pashinyan",
        Some("Nikol Pashinyan"),
    );
    request.recipient = actor(
        "RUSGOV",
        "Russian President Vladimir Putin",
        Some("Vladimir Putin"),
    );
    request.location = Some(Location {
        text: "Yerevan".into(),
        name: "Yerevan".into(),
        country: Some("ARM".into()),
        lat: Some(40.18),
        lon: Some(44.51),
        geonames_id: Some(616052),
        precision: "city".into(),
    });
    request.context = vec!["military".into()];
    let mut accuse = event(
        "a2",
        3,
        "ACCUSE",
        "2020-11-02",
        "The Azerbaijani defense ministry accused Armenian forces of shelling Tartar.",
    );
    accuse.actor = actor("AZEMIL", "The Azerbaijani defense ministry", None);
    accuse.recipient = actor("ARMMIL", "Armenian forces", None);
    accuse.fatalities = Some(3);
    accuse.fatalities_qualifier = Some("exact".into());
    let mut a1 = article(
        "a1",
        Some("https://example.org/a1"),
        "Pashinyan asked Putin for help.",
    );
    a1.related = vec![RelatedLink {
        title: "Other story".into(),
        summary: None,
        url: Some("https://example.org/other".into()),
    }];
    a1.removed = vec!["Share this article".into()];
    a1.quotes = vec![Quote {
        text: "help".into(),
        speaker: Some("Pashinyan".into()),
        span: (1, 5),
    }];
    vec![
        (a1, vec![request]),
        (
            article(
                "a2",
                None,
                "The ministry accused Armenian forces.\n\nOf shelling.",
            ),
            vec![accuse],
        ),
    ]
}

fn filled() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let report = store.insert_batch(&sample()).unwrap();
    assert_eq!(
        report,
        BatchReport {
            inserted: 2,
            duplicates: 0,
            events: 2,
            duplicate_events: 0
        }
    );
    store
}

fn ids(events: &[EventRecord]) -> Vec<&str> {
    events.iter().map(|e| e.id.as_str()).collect()
}

fn query(store: &Store, filter: EventFilter) -> Vec<String> {
    ids(&store.query(&filter).unwrap())
        .into_iter()
        .map(String::from)
        .collect()
}

#[test]
fn a_new_store_has_the_current_schema() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let stats = store.stats().unwrap();
    assert_eq!((stats.articles, stats.events, stats.sentences), (0, 0, 0));
    assert_eq!(stats.dates, None);
}

#[test]
fn a_file_store_is_in_wal_mode_and_reopens() {
    let dir = std::env::temp_dir().join(format!("chronicle-store-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("wal.db");
    let _ = std::fs::remove_file(&path);
    {
        let mut store = Store::open(&path).unwrap();
        store.insert_batch(&sample()).unwrap();
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.stats().unwrap().events, 2);
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn events_and_articles_come_back_whole() {
    let store = filled();
    let all = store.query(&EventFilter::default()).unwrap();
    let samples = sample();
    assert_eq!(all, vec![samples[0].1[0].clone(), samples[1].1[0].clone()]);
    assert_eq!(store.article("a1").unwrap().as_ref(), Some(&samples[0].0));
    assert_eq!(store.article("nope").unwrap(), None);
    let stats = store.stats().unwrap();
    assert_eq!(
        (stats.articles, stats.events, stats.sentences, stats.sources),
        (2, 2, 2, 1)
    );
    assert_eq!(stats.dates, Some(("2020-10-31".into(), "2020-11-02".into())));
}

#[test]
fn every_field_has_its_column() {
    let store = filled();
    let row: (String, String, f64, i64, String, i64, i64, i64) = store
        .conn
        .query_row(
            "SELECT actor_code, recipient_name, location_lat, location_geonames_id, context, \
             trigger_start, negated, quad_class FROM events WHERE id = 'a1-0'",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "ARMGOV".into(),
            "Vladimir Putin".into(),
            40.18,
            616052,
            r#"["military"]"#.into(),
            3,
            0,
            2
        )
    );
}

#[test]
fn a_duplicate_by_url_is_skipped() {
    let mut store = filled();
    let copy = article(
        "other-id",
        Some("https://example.org/a1"),
        "Completely different words.",
    );
    assert!(store.contains(&copy).unwrap());
    let report = store.insert_batch(&[(copy, vec![])]).unwrap();
    assert_eq!((report.inserted, report.duplicates), (0, 1));
    assert_eq!(store.stats().unwrap().articles, 2);
}

#[test]
fn a_duplicate_by_text_is_skipped_whatever_its_case_and_spacing() {
    let mut store = filled();
    let copy = article(
        "x",
        Some("https://mirror.example/x"),
        "  PASHINYAN asked\n\nPutin   for help. ",
    );
    assert!(store.contains(&copy).unwrap());
    let mut e = event("x", 0, "REQUEST", "2020-10-31", "Pashinyan asked Putin for help.");
    e.id = "x-new".into();
    let report = store.insert_batch(&[(copy, vec![e])]).unwrap();
    assert_eq!((report.inserted, report.duplicates, report.events), (0, 1, 0));
    assert_eq!(store.stats().unwrap().events, 2);
    // A different text with no URL is new.
    assert!(!store
        .contains(&article("y", None, "Pashinyan asked Putin."))
        .unwrap());
}

#[test]
fn a_duplicate_by_id_and_within_one_batch_is_skipped() {
    let mut store = Store::open_in_memory().unwrap();
    let a = article("same", None, "First text.");
    let b = article("same", None, "Second text.");
    let c = article("other", None, "first   TEXT.");
    let report = store
        .insert_batch(&[(a, vec![]), (b, vec![]), (c, vec![])])
        .unwrap();
    assert_eq!((report.inserted, report.duplicates), (1, 2));
}

#[test]
fn articles_without_words_are_told_apart_by_id_and_url() {
    let mut store = Store::open_in_memory().unwrap();
    let report = store
        .insert_batch(&[
            (article("e1", None, ""), vec![]),
            (article("e2", Some("https://example.org/e2"), "  "), vec![]),
        ])
        .unwrap();
    assert_eq!(report.inserted, 2);
    assert_eq!(text_hash(" \n "), None);
}

#[test]
fn text_hash_ignores_case_and_whitespace_only() {
    assert_eq!(text_hash("A  b\nC"), text_hash("a b c"));
    assert_ne!(text_hash("a b c"), text_hash("a bc"));
    assert_eq!(text_hash("x").unwrap().len(), 32);
}

#[test]
fn a_repeated_event_id_is_counted_not_stored_twice() {
    let mut store = filled();
    let mut e = sample()[0].1[0].clone();
    e.article_id = "a3".into();
    let report = store
        .insert_batch(&[(article("a3", None, "Another text."), vec![e])])
        .unwrap();
    assert_eq!(
        (report.inserted, report.events, report.duplicate_events),
        (1, 0, 1)
    );
}

#[test]
fn a_failed_batch_leaves_nothing_half_written() {
    let mut store = filled();
    let good = (
        article("g", Some("https://example.org/g"), "Good article."),
        vec![event("g", 0, "AGREE", "2020-11-03", "They agreed.")],
    );
    // An event without a type breaks the schema's CHECK after the good article went in.
    let bad = (
        article("b", None, "Bad article."),
        vec![event("b", 0, "", "2020-11-03", "Nothing.")],
    );
    let err = store.insert_batch(&[good.clone(), bad]).unwrap_err();
    assert!(err.is_constraint(), "{err}");
    let stats = store.stats().unwrap();
    assert_eq!((stats.articles, stats.events, stats.sentences), (2, 2, 2));
    assert!(!store.contains(&good.0).unwrap());
    // The store is still usable and the good article goes in on its own.
    assert_eq!(store.insert_batch(&[good]).unwrap().inserted, 1);
}

#[test]
fn filter_by_actor_code_prefix_or_name() {
    let store = filled();
    let by = |actor: &str| {
        query(
            &store,
            EventFilter {
                actor: Some(actor.into()),
                ..Default::default()
            },
        )
    };
    assert_eq!(by("ARM"), ["a1-0"]);
    assert_eq!(by("armgov"), ["a1-0"]);
    assert_eq!(by("Pashinyan"), ["a1-0"]);
    assert_eq!(by("AZE"), ["a2-3"]);
    assert_eq!(by("defense ministry"), ["a2-3"]);
    assert!(by("GOV").is_empty(), "a code matches by prefix only");
    assert!(by("%").is_empty(), "LIKE wildcards match themselves");
}

#[test]
fn filter_by_recipient() {
    let store = filled();
    let by = |r: &str| {
        query(
            &store,
            EventFilter {
                recipient: Some(r.into()),
                ..Default::default()
            },
        )
    };
    assert_eq!(by("RUS"), ["a1-0"]);
    assert_eq!(by("Putin"), ["a1-0"]);
    assert_eq!(by("ARMMIL"), ["a2-3"]);
}

#[test]
fn filter_by_type() {
    let store = filled();
    let by = |t: &str| {
        query(
            &store,
            EventFilter {
                event_type: Some(t.into()),
                ..Default::default()
            },
        )
    };
    assert_eq!(by("REQUEST"), ["a1-0"]);
    assert_eq!(by("accuse"), ["a2-3"]);
    assert!(by("ASSAULT").is_empty());
}

#[test]
fn filter_by_country_of_actor_recipient_or_place() {
    let store = filled();
    let by = |c: &str| {
        query(
            &store,
            EventFilter {
                country: Some(c.into()),
                ..Default::default()
            },
        )
    };
    assert_eq!(by("ARM"), ["a1-0", "a2-3"]);
    assert_eq!(by("rus"), ["a1-0"]);
    assert_eq!(by("AZE"), ["a2-3"]);
    assert!(by("TUR").is_empty());
}

#[test]
fn filter_by_dates() {
    let store = filled();
    let by = |since: Option<&str>, until: Option<&str>| {
        query(
            &store,
            EventFilter {
                since: since.map(String::from),
                until: until.map(String::from),
                ..Default::default()
            },
        )
    };
    assert_eq!(by(Some("2020-11-01"), None), ["a2-3"]);
    assert_eq!(by(None, Some("2020-10-31")), ["a1-0"]);
    assert_eq!(
        by(None, Some("2020-10")),
        ["a1-0"],
        "a month prefix covers the month"
    );
    assert_eq!(by(Some("2020-10-31"), Some("2020-11-02")), ["a1-0", "a2-3"]);
    assert!(by(Some("2020-11-03"), None).is_empty());
}

#[test]
fn filter_by_place_and_words() {
    let store = filled();
    let place = |p: &str| {
        query(
            &store,
            EventFilter {
                place: Some(p.into()),
                ..Default::default()
            },
        )
    };
    assert_eq!(place("yerevan"), ["a1-0"]);
    assert!(place("Baku").is_empty());
    let words = |w: &str| {
        query(
            &store,
            EventFilter {
                text: Some(w.into()),
                ..Default::default()
            },
        )
    };
    assert_eq!(words("putin help"), ["a1-0"]);
    assert_eq!(words("SHELLING armenian"), ["a2-3"]);
    assert!(words("putin shelling").is_empty(), "all words must appear");
    // Word starts, any case; the user's punctuation is never query syntax.
    assert_eq!(words("shell ARMEN"), ["a2-3"]);
    assert!(words("elling").is_empty(), "a word's middle is not a word");
    for odd in ["\"", "NOT (", "putin OR", "a:b*", "-help", "^"] {
        let _ = words(odd);
    }
    assert_eq!(words("putin)"), ["a1-0"]);
}

#[test]
fn filters_combine_and_limit_and_offset_page() {
    let store = filled();
    let both = EventFilter {
        country: Some("ARM".into()),
        event_type: Some("ACCUSE".into()),
        ..Default::default()
    };
    assert_eq!(query(&store, both), ["a2-3"]);
    let page = |limit: Option<usize>, offset: Option<usize>| {
        query(
            &store,
            EventFilter {
                limit,
                offset,
                ..Default::default()
            },
        )
    };
    assert_eq!(page(Some(1), None), ["a1-0"]);
    assert_eq!(page(Some(1), Some(1)), ["a2-3"]);
    assert_eq!(page(None, Some(1)), ["a2-3"]);
}

#[test]
fn events_all_streams_every_event_with_its_url() {
    let store = filled();
    let mut seen = Vec::new();
    store
        .events_all(|e, url| -> Result<(), StoreError> {
            seen.push((e.id.clone(), url.map(String::from)));
            Ok(())
        })
        .unwrap();
    assert_eq!(
        seen,
        [
            ("a1-0".to_string(), Some("https://example.org/a1".to_string())),
            ("a2-3".to_string(), None)
        ]
    );
}

#[test]
fn a_version_1_database_is_migrated_and_keeps_its_data() {
    let dir = std::env::temp_dir().join(format!("chronicle-store-v1-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("v1.db");
    let _ = std::fs::remove_file(&path);
    {
        // A file as Chronicle's first schema wrote it.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO articles (id, text, text_hash) VALUES ('old', 'Old text.', ?)",
            [text_hash("Old text.")],
        )
        .unwrap();
        let e = event("old", 2, "AGREE", "2019-05-01", "They agreed.");
        let tx = rusqlite::Connection::unchecked_transaction(&conn).unwrap();
        insert_event_v1(&tx, &e);
        tx.commit().unwrap();
    }
    assert!(matches!(
        Store::open_read_only(&path),
        Err(StoreError::Outdated { found: 1, .. })
    ));
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let stats = store.stats().unwrap();
    assert_eq!((stats.articles, stats.events, stats.sentences), (1, 1, 1));
    let text: String = store
        .conn
        .query_row(
            "SELECT text FROM sentences WHERE article_id = 'old' AND sentence_index = 2",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(text, "They agreed.");
    assert_eq!(ids(&store.query(&EventFilter::default()).unwrap()), ["old-2"]);
    // Version 4's word index was filled from the events already stored.
    let agreed = EventFilter {
        text: Some("agreed".into()),
        ..Default::default()
    };
    assert_eq!(ids(&store.query(&agreed).unwrap()), ["old-2"]);
    assert!(store.contains(&article("new", None, "old   TEXT.")).unwrap());
    drop(store);
    // Opening again migrates nothing.
    assert_eq!(
        Store::open(&path).unwrap().schema_version().unwrap(),
        SCHEMA_VERSION
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Writes an event the way version 1 did: the events table only (no sentences table yet).
fn insert_event_v1(tx: &Transaction, e: &EventRecord) {
    tx.execute(
        "INSERT INTO events (id, article_id, sentence_index, event_type, negated, hypothetical, \
         casualties_cumulative, trigger_text, trigger_start, trigger_end, sentence, confidence, record) \
         VALUES (?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?, ?)",
        params![
            e.id,
            e.article_id,
            e.sentence_index as i64,
            e.event_type,
            e.trigger.text,
            e.trigger.span.0 as i64,
            e.trigger.span.1 as i64,
            e.sentence,
            e.confidence,
            serde_json::to_string(e).unwrap()
        ],
    )
    .unwrap();
}

#[test]
fn a_newer_database_is_refused() {
    let dir = std::env::temp_dir().join(format!("chronicle-store-new-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("new.db");
    let _ = std::fs::remove_file(&path);
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    assert!(matches!(Store::open(&path), Err(StoreError::TooNew { .. })));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The sample plus a third article: Russia and Armenia agree, twice, on one day in Yerevan.
fn filled_for_summaries() -> Store {
    let mut store = filled();
    let mut agree = event(
        "a3",
        0,
        "AGREE",
        "2020-11-02",
        "Russia and Armenia agreed on aid.",
    );
    agree.actor = actor("RUSGOV", "Russia", None);
    agree.recipient = actor("ARMGOV", "Armenia", None);
    agree.location = sample()[0].1[0].location.clone();
    let mut again = agree.clone();
    again.id = "a3-1".into();
    again.sentence_index = 1;
    again.event_type = "AID".into();
    let report = store
        .insert_batch(&[(
            article("a3", None, "Russia and Armenia agreed on aid."),
            vec![agree, again],
        )])
        .unwrap();
    assert_eq!(report.events, 2);
    store
}

#[test]
fn count_and_date_range_follow_the_filter() {
    let store = filled_for_summaries();
    assert_eq!(store.count(&EventFilter::default()).unwrap(), 4);
    let armgov = EventFilter {
        actor: Some("ARMGOV".into()),
        ..Default::default()
    };
    assert_eq!(store.count(&armgov).unwrap(), 1);
    assert_eq!(
        store.date_range(&EventFilter::default()).unwrap(),
        Some(("2020-10-31".into(), "2020-11-02".into()))
    );
    let none = EventFilter {
        event_type: Some("SANCTION".into()),
        ..Default::default()
    };
    assert_eq!(store.date_range(&none).unwrap(), None);
}

#[test]
fn timeline_counts_each_day_by_type() {
    let store = filled_for_summaries();
    let days = store.timeline(&EventFilter::default(), Period::Day).unwrap();
    let starts: Vec<&str> = days.iter().map(|d| d.start.as_str()).collect();
    assert_eq!(starts, ["2020-10-31", "2020-11-02"]);
    assert_eq!(days[1].total, 3);
    assert_eq!(days[1].by_type.get("ACCUSE"), Some(&1));
    assert_eq!(days[1].by_type.get("AGREE"), Some(&1));
    // Saturday 31 October and Monday 2 November fall in different weeks.
    let weeks = store.timeline(&EventFilter::default(), Period::Week).unwrap();
    let starts: Vec<&str> = weeks.iter().map(|d| d.start.as_str()).collect();
    assert_eq!(starts, ["2020-10-26", "2020-11-02"]);
    let months = store.timeline(&EventFilter::default(), Period::Month).unwrap();
    assert_eq!(months.iter().map(|m| m.total).collect::<Vec<_>>(), [1, 3]);
}

#[test]
fn places_gather_their_events_by_type() {
    let store = filled_for_summaries();
    let places = store.places(&EventFilter::default(), 10).unwrap();
    assert_eq!(places.len(), 1, "{places:?}");
    assert_eq!(places[0].name, "Yerevan");
    assert_eq!(places[0].total, 3);
    assert_eq!(places[0].by_type.get("REQUEST"), Some(&1));
    assert_eq!(places[0].lat, Some(40.18));
    let accusations = EventFilter {
        event_type: Some("ACCUSE".into()),
        ..Default::default()
    };
    assert!(store.places(&accusations, 10).unwrap().is_empty());
}

#[test]
fn actors_count_both_sides_most_frequent_first() {
    let store = filled_for_summaries();
    let actors = store.actors(&EventFilter::default(), 10).unwrap();
    let codes: Vec<&str> = actors.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["ARMGOV", "RUSGOV", "ARMMIL", "AZEMIL"]);
    assert_eq!((actors[0].as_actor, actors[0].as_recipient), (1, 2));
    assert_eq!(actors[0].name.as_deref(), Some("Nikol Pashinyan"));
    assert_eq!(store.actors(&EventFilter::default(), 1).unwrap().len(), 1);
    let in_yerevan = EventFilter {
        place: Some("yerevan".into()),
        ..Default::default()
    };
    let codes: Vec<String> = store
        .actors(&in_yerevan, 10)
        .unwrap()
        .into_iter()
        .map(|a| a.code)
        .collect();
    assert_eq!(codes, ["ARMGOV", "RUSGOV"]);
}

#[test]
fn network_links_weigh_cooperation_against_conflict() {
    let store = filled_for_summaries();
    let links = store.network(&EventFilter::default(), 10).unwrap();
    assert_eq!(links.len(), 3, "{links:?}");
    assert_eq!(
        (links[0].source.as_str(), links[0].target.as_str(), links[0].total),
        ("RUSGOV", "ARMGOV", 2)
    );
    assert_eq!((links[0].cooperation, links[0].conflict), (2, 0));
    let accusation = links.iter().find(|l| l.source == "AZEMIL").unwrap();
    assert_eq!((accusation.cooperation, accusation.conflict), (0, 1));
}

#[test]
fn article_events_come_in_sentence_order() {
    let store = filled_for_summaries();
    assert_eq!(ids(&store.article_events("a3").unwrap()), ["a3-0", "a3-1"]);
    assert!(store.article_events("nope").unwrap().is_empty());
}

#[test]
fn fetches_are_remembered_with_their_validators() {
    let mut store = filled();
    assert!(store.has_url("https://example.org/a1").unwrap());
    assert!(!store.has_url("https://example.org/zz").unwrap());
    assert_eq!(store.fetch_validators("https://feed.example/rss").unwrap(), None);
    store
        .remember_fetch("https://feed.example/rss", 200, Some("\"v1\""), None)
        .unwrap();
    store
        .remember_fetch(
            "https://feed.example/rss",
            200,
            Some("\"v2\""),
            Some("Tue, 10 Nov 2020 08:00:00 GMT"),
        )
        .unwrap();
    assert_eq!(
        store.fetch_validators("https://feed.example/rss").unwrap(),
        Some((
            Some("\"v2\"".into()),
            Some("Tue, 10 Nov 2020 08:00:00 GMT".into())
        ))
    );
}

#[test]
fn optimize_gives_the_planner_its_statistics() {
    let mut store = filled();
    store.optimize().unwrap();
    let rows: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'events'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(rows > 0);
    assert_eq!(
        query(&store, EventFilter::default()).len(),
        2,
        "the data is untouched"
    );
}
