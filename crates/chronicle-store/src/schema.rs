//! The database schema and its migrations.
//!
//! The schema version is SQLite's `PRAGMA user_version`. [`MIGRATIONS`]`[i]`
//! takes a database from version `i` to version `i + 1`; a new database starts
//! at 0 and runs them all. Each migration runs in its own transaction together
//! with the version bump, so a database is always at exactly one version.
//!
//! To change the schema, append a migration; never edit one that has shipped.

/// The SQL of each migration, in order: `MIGRATIONS[0]` creates version 1.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// The version a database has after all [`MIGRATIONS`].
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Version 1: articles, events (every field of the record as a column, plus the
/// record itself as JSON), sources, and the indexes of the query filters.
const V1: &str = r#"
CREATE TABLE articles (
    id          TEXT PRIMARY KEY NOT NULL,
    url         TEXT UNIQUE,
    title       TEXT,
    date        TEXT,
    source      TEXT,
    text        TEXT NOT NULL,
    text_hash   TEXT UNIQUE,
    related     TEXT NOT NULL DEFAULT '[]',
    removed     TEXT NOT NULL DEFAULT '[]',
    quotes      TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_date ON articles(date);
CREATE INDEX articles_source ON articles(source);

CREATE TABLE sources (
    name       TEXT PRIMARY KEY NOT NULL,
    articles   INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE events (
    id                    TEXT PRIMARY KEY NOT NULL,
    article_id            TEXT NOT NULL REFERENCES articles(id),
    sentence_index        INTEGER NOT NULL,
    event_type            TEXT NOT NULL CHECK (event_type <> ''),
    mode                  TEXT,
    context               TEXT NOT NULL DEFAULT '[]',
    cameo                 TEXT,
    quad_class            INTEGER CHECK (quad_class BETWEEN 1 AND 4),
    intensity             REAL,
    actor_code            TEXT COLLATE NOCASE,
    actor_country         TEXT,
    actor_sector          TEXT,
    actor_text            TEXT,
    actor_name            TEXT,
    recipient_code        TEXT COLLATE NOCASE,
    recipient_country     TEXT,
    recipient_sector      TEXT,
    recipient_text        TEXT,
    recipient_name        TEXT,
    date                  TEXT,
    date_text             TEXT,
    date_source           TEXT,
    date_precision        TEXT,
    location_text         TEXT,
    location_name         TEXT COLLATE NOCASE,
    location_country      TEXT,
    location_lat          REAL,
    location_lon          REAL,
    location_geonames_id  INTEGER,
    location_precision    TEXT,
    negated               INTEGER NOT NULL,
    hypothetical          INTEGER NOT NULL,
    reported_by_code      TEXT,
    reported_by_text      TEXT,
    fatalities            INTEGER,
    injuries              INTEGER,
    fatalities_qualifier  TEXT,
    injuries_qualifier    TEXT,
    casualties_cumulative INTEGER NOT NULL,
    trigger_text          TEXT NOT NULL,
    trigger_start         INTEGER NOT NULL,
    trigger_end           INTEGER NOT NULL,
    sentence              TEXT NOT NULL,
    confidence            REAL NOT NULL,
    record                TEXT NOT NULL
);
CREATE INDEX events_article ON events(article_id, sentence_index);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_type_date ON events(event_type, date);
CREATE INDEX events_actor_code ON events(actor_code);
CREATE INDEX events_recipient_code ON events(recipient_code);
CREATE INDEX events_actor_country ON events(actor_country);
CREATE INDEX events_recipient_country ON events(recipient_country);
CREATE INDEX events_location_country ON events(location_country);
CREATE INDEX events_location_name ON events(location_name);
"#;

/// Version 2: the sentences that gave events, one row each, filled from the
/// events already stored.
const V2: &str = r#"
CREATE TABLE sentences (
    article_id     TEXT NOT NULL REFERENCES articles(id),
    sentence_index INTEGER NOT NULL,
    text           TEXT NOT NULL,
    PRIMARY KEY (article_id, sentence_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO sentences (article_id, sentence_index, text)
    SELECT article_id, sentence_index, sentence FROM events;
"#;

/// Version 3: indexes for the web page's first screen over 100,000 events. The
/// default order of `query` gets its own index (so the first page needs no
/// sort), and the aggregates of `summary.rs` get covering indexes (so they read
/// the index, not the wide rows with their JSON record).
const V3: &str = r#"
CREATE INDEX events_order ON events((date IS NULL), date, article_id, sentence_index, trigger_start, id);
CREATE INDEX events_date_type ON events(date, event_type);
CREATE INDEX events_pair ON events(actor_code, recipient_code, event_type);
DROP INDEX events_location_name;
CREATE INDEX events_place ON events(location_name, location_country, location_lat, location_lon,
    location_precision, event_type);
DROP INDEX events_actor_code;
CREATE INDEX events_actor ON events(actor_code, actor_name);
DROP INDEX events_recipient_code;
CREATE INDEX events_recipient ON events(recipient_code, recipient_name);
"#;

/// Version 4: a full-text index (FTS5) of the events' sentences, so that a
/// filter on words reads the index instead of every sentence. It keeps its own
/// copy of each sentence keyed by event id (robust to `VACUUM`, which may
/// renumber rowids), kept in step by triggers, and is filled from the events
/// already stored.
const V4: &str = r#"
CREATE VIRTUAL TABLE events_text USING fts5(sentence, event_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO events_text (sentence, event_id) SELECT sentence, id FROM events;
CREATE TRIGGER events_text_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_text (sentence, event_id) VALUES (new.sentence, new.id);
END;
CREATE TRIGGER events_text_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_text WHERE event_id = old.id;
END;
CREATE TRIGGER events_text_update AFTER UPDATE OF sentence, id ON events BEGIN
    DELETE FROM events_text WHERE event_id = old.id;
    INSERT INTO events_text (sentence, event_id) VALUES (new.sentence, new.id);
END;
"#;

/// Version 5: what was fetched from the web, so that the next poll of a feed
/// asks "has it changed?" (ETag / Last-Modified) instead of fetching it whole.
const V5: &str = r#"
CREATE TABLE fetches (
    url           TEXT PRIMARY KEY NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    status        INTEGER NOT NULL,
    fetched_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) WITHOUT ROWID;
"#;
