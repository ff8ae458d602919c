//! `chronicle query`: events from the event database, filtered.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use chronicle_model::{EventActor, EventRecord};
use chronicle_store::{EventFilter, Store, StoreError};

use crate::formats::{EventFormat, EventWriter};

/// How `chronicle query` prints events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueryFormat {
    /// Aligned columns for reading: date, type, actor, recipient, place, trigger.
    Table,
    /// One JSON event record per line.
    Jsonl,
    /// Comma-separated values with a header row (the columns of `code --to csv`).
    Csv,
    /// Apache Parquet, one typed column per record field (needs --output FILE).
    Parquet,
}

/// Flags of `chronicle query`.
#[derive(clap::Args)]
pub struct QueryArgs {
    /// The database file `chronicle ingest` wrote.
    #[arg(long, default_value = "chronicle.db")]
    pub db: PathBuf,
    /// Actor: a code or its start (`ARM`, `ARMGOV`) or part of a name (`Pashinyan`).
    #[arg(long, value_name = "CODE|NAME")]
    pub actor: Option<String>,
    /// Recipient: a code or its start, or part of a name.
    #[arg(long, value_name = "CODE|NAME")]
    pub recipient: Option<String>,
    /// PLOVER event type (`REQUEST`, `ACCUSE`, …).
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Option<String>,
    /// ISO alpha-3 country of the actor, the recipient or the place (`ARM`).
    #[arg(long, value_name = "ISO")]
    pub country: Option<String>,
    /// Events on or after this date (`2020-10-31`, `2020-10`).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Events on or before this date (`2020-11-02`; `2020-11` is to the month's end).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Part of the place's name (`Shusha`).
    #[arg(long, value_name = "NAME")]
    pub place: Option<String>,
    /// Words that must all appear in the sentence: whole words or their starts (`shell` finds
    /// "shelling"), any case, diacritics ignored.
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Skip this many events first (with --limit, to page).
    #[arg(long)]
    pub offset: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub to: QueryFormat,
    /// Write here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Opens an existing database for reading, upgrading an old schema first.
pub fn open_existing(path: &Path) -> anyhow::Result<Store> {
    if !path.exists() {
        bail!(
            "{}: no such database; create one with `chronicle ingest SOURCE… --db {}`",
            path.display(),
            path.display()
        );
    }
    let store = match Store::open_read_only(path) {
        Err(StoreError::Outdated { .. }) => Store::open(path),
        other => other,
    };
    store.with_context(|| format!("the database {}", path.display()))
}

/// Runs `chronicle query`.
pub fn run(args: QueryArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let filter = EventFilter {
        actor: args.actor,
        recipient: args.recipient,
        event_type: args.event_type,
        country: args.country,
        since: args.since,
        until: args.until,
        place: args.place,
        text: args.text,
        limit: args.limit,
        offset: args.offset,
    };
    let events = store.query(&filter)?;
    let mut out = crate::output::open(args.output.as_deref())?;
    let format = match args.to {
        QueryFormat::Table => {
            write_table(&mut out, &events)?;
            out.flush()?;
            None
        }
        QueryFormat::Jsonl => Some(EventFormat::Jsonl),
        QueryFormat::Csv => Some(EventFormat::Csv),
        QueryFormat::Parquet => Some(EventFormat::Parquet),
    };
    if let Some(format) = format {
        let mut writer = EventWriter::new(out, format, crate::output::is_terminal(args.output.as_deref()))?;
        for e in &events {
            writer.write(e, None)?;
        }
        writer.finish()?;
    }
    eprintln!("chronicle query: {} event(s)", events.len());
    Ok(ExitCode::SUCCESS)
}

/// Aligned columns: date, type, actor, recipient, place, trigger.
fn write_table(out: &mut dyn Write, events: &[EventRecord]) -> std::io::Result<()> {
    let who = |a: &Option<EventActor>| match a {
        Some(a) => a.code.clone().unwrap_or_else(|| a.text.clone()),
        None => "-".into(),
    };
    let mut rows: Vec<[String; 6]> = vec![[
        "DATE".into(),
        "TYPE".into(),
        "ACTOR".into(),
        "RECIPIENT".into(),
        "PLACE".into(),
        "TRIGGER".into(),
    ]];
    for e in events {
        let mut kind = e.event_type.clone();
        if e.negated {
            kind.push_str(" (negated)");
        }
        if e.hypothetical {
            kind.push_str(" (hypothetical)");
        }
        rows.push([
            e.date.clone().unwrap_or_else(|| "-".into()),
            kind,
            who(&e.actor),
            who(&e.recipient),
            e.location.as_ref().map_or_else(|| "-".into(), |l| l.name.clone()),
            e.trigger.text.replace(['\n', '\t'], " "),
        ]);
    }
    let mut widths = [0usize; 6];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
