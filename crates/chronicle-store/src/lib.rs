//! Chronicle's event database: an embedded SQLite file that articles and their
//! events are added to incrementally, queried and exported from.
//!
//! ```no_run
//! use chronicle_store::{EventFilter, Store};
//! # fn main() -> Result<(), chronicle_store::StoreError> {
//! let mut store = Store::open("chronicle.db")?;
//! let report = store.insert_batch(&[/* (CleanArticle, Vec<EventRecord>) … */])?;
//! println!("{} stored, {} already there", report.inserted, report.duplicates);
//! let filter = EventFilter { actor: Some("ARM".into()), event_type: Some("REQUEST".into()), ..Default::default() };
//! for event in store.query(&filter)? {
//!     println!("{} {} {}", event.date.as_deref().unwrap_or("-"), event.event_type, event.sentence);
//! }
//! # Ok(()) }
//! ```
//!
//! **Nothing is lost.** Every field of an [`EventRecord`] has its own column (for
//! filters and for other tools reading the file), and the whole record is kept
//! as JSON in `events.record`, which is what [`Store::query`] returns. Articles
//! keep their body, related links, removed furniture and quotations.
//!
//! **Incremental and idempotent.** An article is stored once: one with the same
//! id, the same URL or the same normalised text (lowercase, whitespace
//! collapsed) as a stored one is a duplicate and skipped. A batch is one
//! transaction: after a crash the file holds whole batches only, and running
//! the same ingest again finishes the job.
//!
//! The file is in WAL mode with `synchronous = NORMAL`: a killed process never
//! loses a committed batch; a power cut may lose the last few, never the
//! file's consistency. The schema, its version and migrations are in
//! [`schema`] and in this crate's README.
//!
//! **Invariants.** The only crate that knows SQLite; no stage below the CLI
//! depends on it. No panics: every failure is a [`StoreError`].

pub mod schema;
mod summary;

use std::path::Path;

use chronicle_model::{CleanArticle, EventActor, EventRecord};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};

pub use schema::{MIGRATIONS, SCHEMA_VERSION};
pub use summary::{is_cooperation, ActorCount, ActorLink, Period, PeriodCount, PlaceCount};

/// What can go wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file could not be opened or created.
    #[error("{path}: cannot open the database: {source}")]
    Open {
        /// The file.
        path: String,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
    /// The file was written by a newer Chronicle.
    #[error("the database is at schema version {found}, newer than this Chronicle knows ({known}); use a newer chronicle")]
    TooNew {
        /// The file's version.
        found: u32,
        /// The newest version this build knows.
        known: u32,
    },
    /// A read-only open found a file that needs migrating first.
    #[error("the database is at schema version {found} and needs version {known}; run `chronicle ingest` on it once to upgrade it")]
    Outdated {
        /// The file's version.
        found: u32,
        /// The version this build needs.
        known: u32,
    },
    /// A migration failed; the file stays at the version before it.
    #[error("upgrading the database to schema version {version} failed: {source}")]
    Migration {
        /// The version the migration was to reach.
        version: u32,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
    /// A stored event record is not the JSON it should be.
    #[error("event {id}: the stored record is damaged: {source}")]
    Corrupt {
        /// The event's id.
        id: String,
        /// Why it does not parse.
        source: serde_json::Error,
    },
    /// A value could not be written as JSON.
    #[error("cannot write a value as JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Any other SQLite error (a full disk, a locked file, a violated constraint).
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

impl StoreError {
    /// Whether the error is a record the schema refused (a violated CHECK,
    /// NOT NULL or UNIQUE constraint) rather than a problem of the file or disk:
    /// storing the other articles on their own can still succeed.
    pub fn is_constraint(&self) -> bool {
        matches!(
            self,
            StoreError::Sql(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation
        )
    }
}

/// The result type of this crate.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What [`Store::insert_batch`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// Articles stored.
    pub inserted: usize,
    /// Articles skipped because the store (or the batch) already had them.
    pub duplicates: usize,
    /// Events stored.
    pub events: usize,
    /// Events skipped because an event with the same id was already stored.
    pub duplicate_events: usize,
}

/// The filters of [`Store::query`]. Every filter given must hold; `None` means
/// no filter. Text comparisons ignore ASCII case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Actor code prefix (`ARM`, `ARMGOV`) or a part of the actor's name or words.
    pub actor: Option<String>,
    /// Recipient code prefix or a part of the recipient's name or words.
    pub recipient: Option<String>,
    /// PLOVER event type (`REQUEST`).
    pub event_type: Option<String>,
    /// ISO alpha-3 country of the actor, the recipient or the location.
    pub country: Option<String>,
    /// Events on or after this date (`YYYY-MM-DD`, or a prefix such as `2020-11`).
    pub since: Option<String>,
    /// Events on or before this date (`YYYY-MM-DD`; `2020-11` means to the end of November).
    pub until: Option<String>,
    /// A part of the location's name.
    pub place: Option<String>,
    /// Words that must all appear in the sentence, each as a word or the start
    /// of one ("shell" finds "shelling"), in any case, diacritics ignored
    /// (a full-text index, schema version 4).
    pub text: Option<String>,
    /// At most this many events.
    pub limit: Option<usize>,
    /// Skip this many events first.
    pub offset: Option<usize>,
}

/// The size of a store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Articles stored.
    pub articles: u64,
    /// Events stored.
    pub events: u64,
    /// Sentences stored (those that gave events).
    pub sentences: u64,
    /// Distinct sources.
    pub sources: u64,
    /// The schema version of the file.
    pub schema_version: u32,
    /// The earliest and latest event dates, when any event has a date.
    pub dates: Option<(String, String)>,
}

/// An open event database.
pub struct Store {
    conn: Connection,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.conn.path()).finish()
    }
}

impl Store {
    /// Opens the database at `path`, creating it if needed, and brings its
    /// schema up to [`SCHEMA_VERSION`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        Store::set_up(conn, true)
    }

    /// Opens an existing database for reading only; it must be at [`SCHEMA_VERSION`].
    /// Safe while another process writes to it.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        Store::set_up(conn, false)
    }

    /// A database in memory, gone when dropped. For tests and one-off runs.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: ":memory:".into(),
            source,
        })?;
        Store::set_up(conn, true)
    }

    fn set_up(mut conn: Connection, write: bool) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        if write {
            // Returns the mode; in memory it stays "memory".
            let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            migrate(&mut conn)?;
        } else {
            let found = user_version(&conn)?;
            if found > SCHEMA_VERSION {
                return Err(StoreError::TooNew {
                    found,
                    known: SCHEMA_VERSION,
                });
            }
            if found < SCHEMA_VERSION {
                return Err(StoreError::Outdated {
                    found,
                    known: SCHEMA_VERSION,
                });
            }
        }
        Ok(Store { conn })
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<u32> {
        user_version(&self.conn)
    }

    /// Whether the store holds this article already: the same id, the same URL,
    /// or the same normalised text (see [`text_hash`]).
    pub fn contains(&self, article: &CleanArticle) -> Result<bool> {
        contains(&self.conn, article)
    }

    /// Stores articles and their events in one transaction: either the whole
    /// batch is written or, on error, nothing of it. Articles already stored
    /// (or met earlier in the same batch) are counted as duplicates and skipped
    /// with their events.
    pub fn insert_batch(&mut self, batch: &[(CleanArticle, Vec<EventRecord>)]) -> Result<BatchReport> {
        let tx = self.conn.transaction()?;
        let mut report = BatchReport::default();
        for (article, events) in batch {
            if contains(&tx, article)? {
                report.duplicates += 1;
                continue;
            }
            insert_article(&tx, article)?;
            report.inserted += 1;
            for e in events {
                if insert_event(&tx, &article.id, e)? {
                    report.events += 1;
                } else {
                    report.duplicate_events += 1;
                }
            }
        }
        tx.commit()?;
        Ok(report)
    }

    /// The events that pass every filter, by date (undated last), article,
    /// sentence and trigger position.
    pub fn query(&self, filter: &EventFilter) -> Result<Vec<EventRecord>> {
        let (where_sql, mut values) = filter_sql(filter);
        let mut sql = format!(
            "SELECT id, record FROM events{where_sql} \
             ORDER BY date IS NULL, date, article_id, sentence_index, trigger_start, id"
        );
        if filter.limit.is_some() || filter.offset.is_some() {
            sql.push_str(" LIMIT ? OFFSET ?");
            values.push(Value::Integer(filter.limit.map_or(-1, to_i64)));
            values.push(Value::Integer(filter.offset.map_or(0, to_i64)));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row?;
            out.push(parse_record(id, &json)?);
        }
        Ok(out)
    }

    /// Calls `visit` for every stored event, in the order they were stored,
    /// with its article's URL. Streams: memory does not grow with the store.
    /// Stops at the first error `visit` returns.
    pub fn events_all<E: From<StoreError>>(
        &self,
        mut visit: impl FnMut(&EventRecord, Option<&str>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT e.id, e.record, a.url FROM events e JOIN articles a ON a.id = e.article_id \
                 ORDER BY e.rowid",
            )
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let id: String = row.get(0).map_err(StoreError::from)?;
            let json: String = row.get(1).map_err(StoreError::from)?;
            let url: Option<String> = row.get(2).map_err(StoreError::from)?;
            let record = parse_record(id, &json)?;
            visit(&record, url.as_deref())?;
        }
        Ok(())
    }

    /// A stored article, with its related links, removed lines and quotations.
    pub fn article(&self, id: &str) -> Result<Option<CleanArticle>> {
        let row = self
            .conn
            .query_row(
                "SELECT id, title, date, url, source, text, related, removed, quotes FROM articles WHERE id = ?",
                [id],
                |r| {
                    Ok((
                        CleanArticle {
                            id: r.get(0)?,
                            title: r.get(1)?,
                            date: r.get(2)?,
                            url: r.get(3)?,
                            source: r.get(4)?,
                            text: r.get(5)?,
                            ..Default::default()
                        },
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, String>(8)?,
                    ))
                },
            )
            .optional()?;
        let Some((mut article, related, removed, quotes)) = row else {
            return Ok(None);
        };
        article.related = serde_json::from_str(&related)?;
        article.removed = serde_json::from_str(&removed)?;
        article.quotes = serde_json::from_str(&quotes)?;
        Ok(Some(article))
    }

    /// Refreshes the statistics SQLite's planner chooses indexes by (`ANALYZE`,
    /// sampling at most 1,000 rows per index, so it stays quick on large files).
    /// Without them a filter on a rare type or a country can walk the date
    /// order instead of its own index: 0.17–0.32 s instead of 0.02–0.04 s on
    /// 100,000 events. `chronicle ingest` calls it at the end of each run.
    pub fn optimize(&mut self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")?;
        Ok(())
    }

    /// Whether an article with this URL is stored.
    pub fn has_url(&self, url: &str) -> Result<bool> {
        let found: Option<i64> = self
            .conn
            .query_row("SELECT 1 FROM articles WHERE url = ? LIMIT 1", [url], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(found.is_some())
    }

    /// The validators (`ETag`, `Last-Modified`) the last fetch of `url` gave, if any.
    pub fn fetch_validators(&self, url: &str) -> Result<Option<(Option<String>, Option<String>)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT etag, last_modified FROM fetches WHERE url = ?",
                [url],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Records a fetch of `url`: its HTTP status and validators.
    pub fn remember_fetch(
        &mut self,
        url: &str,
        status: u16,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO fetches (url, etag, last_modified, status) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT(url) DO UPDATE SET etag = ?2, last_modified = ?3, status = ?4, \
             fetched_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            params![url, etag, last_modified, status],
        )?;
        Ok(())
    }

    /// How much the store holds.
    pub fn stats(&self) -> Result<Stats> {
        let count = |table: &str| -> Result<u64> {
            let n: i64 = self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(n.max(0) as u64)
        };
        let dates: (Option<String>, Option<String>) =
            self.conn
                .query_row("SELECT min(date), max(date) FROM events", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        Ok(Stats {
            articles: count("articles")?,
            events: count("events")?,
            sentences: count("sentences")?,
            sources: count("sources")?,
            schema_version: self.schema_version()?,
            dates: match dates {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            },
        })
    }
}

/// The hash that finds the same text stored twice: FNV-1a (128 bits, hex) of
/// the text lowercased with its whitespace collapsed to single spaces. `None`
/// for a text with no words (such articles are told apart by id and URL only).
pub fn text_hash(text: &str) -> Option<String> {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = OFFSET;
    let mut any = false;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u128::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    };
    for word in text.split_whitespace() {
        if any {
            feed(b" ");
        }
        any = true;
        for c in word.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            feed(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    any.then(|| format!("{hash:032x}"))
}

fn user_version(conn: &Connection) -> Result<u32> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(u32::try_from(v).unwrap_or(0))
}

/// Brings the schema from its version up to [`SCHEMA_VERSION`], one migration
/// per transaction.
fn migrate(conn: &mut Connection) -> Result<()> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = i as u32 + 1;
        let step = |conn: &mut Connection| -> rusqlite::Result<()> {
            // IMMEDIATE: a second writer waits instead of migrating twice.
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now < i64::from(version) {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", version)?;
            }
            tx.commit()
        };
        step(conn).map_err(|source| StoreError::Migration { version, source })?;
    }
    Ok(())
}

fn contains(conn: &Connection, article: &CleanArticle) -> Result<bool> {
    let hash = text_hash(&article.text);
    let found: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM articles WHERE id = ?1 \
             OR (?2 IS NOT NULL AND url = ?2) OR (?3 IS NOT NULL AND text_hash = ?3) LIMIT 1",
            params![article.id, article.url, hash],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.is_some())
}

fn insert_article(tx: &Transaction, a: &CleanArticle) -> Result<()> {
    tx.execute(
        "INSERT INTO articles (id, url, title, date, source, text, text_hash, related, removed, quotes) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            a.id,
            a.url,
            a.title,
            a.date,
            a.source,
            a.text,
            text_hash(&a.text),
            serde_json::to_string(&a.related)?,
            serde_json::to_string(&a.removed)?,
            serde_json::to_string(&a.quotes)?,
        ],
    )?;
    if let Some(source) = &a.source {
        tx.execute(
            "INSERT INTO sources (name, articles) VALUES (?, 1) \
             ON CONFLICT(name) DO UPDATE SET articles = articles + 1",
            [source],
        )?;
    }
    Ok(())
}

/// Inserts one event of the article `owner`; `false` when its id was already stored.
fn insert_event(tx: &Transaction, owner: &str, e: &EventRecord) -> Result<bool> {
    let actor = |a: &Option<EventActor>| -> [Option<String>; 5] {
        match a {
            Some(a) => [
                a.code.clone(),
                a.country.clone(),
                a.sector.clone(),
                Some(a.text.clone()),
                a.name.clone(),
            ],
            None => Default::default(),
        }
    };
    let [ac, acn, asec, atext, aname] = actor(&e.actor);
    let [rc, rcn, rsec, rtext, rname] = actor(&e.recipient);
    let loc = e.location.as_ref();
    let values: Vec<Value> = vec![
        e.id.clone().into(),
        owner.to_string().into(),
        to_i64(e.sentence_index).into(),
        e.event_type.clone().into(),
        e.mode.clone().into(),
        serde_json::to_string(&e.context)?.into(),
        e.cameo.clone().into(),
        e.quad_class.map(i64::from).into(),
        e.intensity.into(),
        ac.into(),
        acn.into(),
        asec.into(),
        atext.into(),
        aname.into(),
        rc.into(),
        rcn.into(),
        rsec.into(),
        rtext.into(),
        rname.into(),
        e.date.clone().into(),
        e.date_text.clone().into(),
        e.date_source.clone().into(),
        e.date_precision.clone().into(),
        loc.map(|l| l.text.clone()).into(),
        loc.map(|l| l.name.clone()).into(),
        loc.and_then(|l| l.country.clone()).into(),
        loc.and_then(|l| l.lat).into(),
        loc.and_then(|l| l.lon).into(),
        loc.and_then(|l| l.geonames_id).map(|g| g as i64).into(),
        loc.map(|l| l.precision.clone()).into(),
        i64::from(e.negated).into(),
        i64::from(e.hypothetical).into(),
        e.reported_by.as_ref().and_then(|a| a.code.clone()).into(),
        e.reported_by.as_ref().map(|a| a.text.clone()).into(),
        e.fatalities.map(i64::from).into(),
        e.injuries.map(i64::from).into(),
        e.fatalities_qualifier.clone().into(),
        e.injuries_qualifier.clone().into(),
        i64::from(e.casualties_cumulative).into(),
        e.trigger.text.clone().into(),
        to_i64(e.trigger.span.0).into(),
        to_i64(e.trigger.span.1).into(),
        e.sentence.clone().into(),
        e.confidence.into(),
        serde_json::to_string(e)?.into(),
    ];
    let placeholders = vec!["?"; values.len()].join(", ");
    let sql =
        format!("INSERT INTO events ({EVENT_COLUMNS}) VALUES ({placeholders}) ON CONFLICT(id) DO NOTHING");
    let changed = tx
        .prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    tx.prepare_cached(
        "INSERT INTO sentences (article_id, sentence_index, text) VALUES (?, ?, ?) \
         ON CONFLICT DO NOTHING",
    )?
    .execute(params![owner, to_i64(e.sentence_index), e.sentence])?;
    Ok(changed == 1)
}

const EVENT_COLUMNS: &str = "id, article_id, sentence_index, event_type, mode, context, cameo, quad_class, \
    intensity, actor_code, actor_country, actor_sector, actor_text, actor_name, recipient_code, \
    recipient_country, recipient_sector, recipient_text, recipient_name, date, date_text, date_source, \
    date_precision, location_text, location_name, location_country, location_lat, location_lon, \
    location_geonames_id, location_precision, negated, hypothetical, reported_by_code, reported_by_text, \
    fatalities, injuries, fatalities_qualifier, injuries_qualifier, casualties_cumulative, trigger_text, \
    trigger_start, trigger_end, sentence, confidence, record";

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn parse_record(id: String, json: &str) -> Result<EventRecord> {
    serde_json::from_str(json).map_err(|source| StoreError::Corrupt { id, source })
}

/// `%` and `_` in user words match themselves.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// An FTS5 query for words that must all start words of the sentence: each
/// word a quoted prefix (`"shell"*`), so that the user's punctuation is never
/// query syntax. `None` when the text holds no word characters.
fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The WHERE clause of a filter and its values (one `?` per value, in order).
fn filter_sql(f: &EventFilter) -> (String, Vec<Value>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let nonempty = |o: &Option<String>| {
        o.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    for (who, value) in [
        ("actor", nonempty(&f.actor)),
        ("recipient", nonempty(&f.recipient)),
    ] {
        if let Some(v) = value {
            clauses.push(format!(
                "({who}_code LIKE ? ESCAPE '\\' OR {who}_name LIKE ? ESCAPE '\\' \
                 OR {who}_text LIKE ? ESCAPE '\\')"
            ));
            let e = like_escape(&v);
            values.push(format!("{e}%").into());
            values.push(format!("%{e}%").into());
            values.push(format!("%{e}%").into());
        }
    }
    if let Some(t) = nonempty(&f.event_type) {
        clauses.push("event_type = ?".into());
        values.push(t.to_uppercase().into());
    }
    if let Some(c) = nonempty(&f.country) {
        clauses.push("(actor_country = ? OR recipient_country = ? OR location_country = ?)".into());
        for _ in 0..3 {
            values.push(c.to_uppercase().into());
        }
    }
    if let Some(d) = nonempty(&f.since) {
        clauses.push("date >= ?".into());
        values.push(d.into());
    }
    if let Some(d) = nonempty(&f.until) {
        // "2020-11" covers every day of November: compare with the prefix's end.
        clauses.push("date <= ?".into());
        values.push(format!("{d}\u{10ffff}").into());
    }
    if let Some(p) = nonempty(&f.place) {
        clauses.push("location_name LIKE ? ESCAPE '\\'".into());
        values.push(format!("%{}%", like_escape(&p)).into());
    }
    if let Some(text) = nonempty(&f.text) {
        match fts_query(&text) {
            Some(query) => {
                clauses.push("id IN (SELECT event_id FROM events_text WHERE events_text MATCH ?)".into());
                values.push(query.into());
            }
            // Only punctuation: the literal characters.
            None => {
                clauses.push("sentence LIKE ? ESCAPE '\\'".into());
                values.push(format!("%{}%", like_escape(&text)).into());
            }
        }
    }
    if clauses.is_empty() {
        (String::new(), values)
    } else {
        (format!(" WHERE {}", clauses.join(" AND ")), values)
    }
}

#[cfg(test)]
mod tests;
