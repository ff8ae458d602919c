//! `chronicle export`: every stored event, in one of the event formats.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::formats::{EventFormat, EventWriter};

/// Flags of `chronicle export`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// The database file `chronicle ingest` wrote.
    #[arg(long, default_value = "chronicle.db")]
    pub db: PathBuf,
    /// Output format (GDELT: the 61 tab-separated columns of its event table; Parquet: one
    /// typed column per record field, written to --output).
    #[arg(long, value_enum, default_value = "jsonl")]
    pub to: EventFormat,
    /// Write here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `chronicle export`.
pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = crate::cmd_query::open_existing(&args.db)?;
    let out = crate::output::open(args.output.as_deref())?;
    let mut out = EventWriter::new(out, args.to, crate::output::is_terminal(args.output.as_deref()))?;
    let mut n = 0usize;
    store.events_all(|e, url| -> anyhow::Result<()> {
        out.write(e, url)?;
        n += 1;
        Ok(())
    })?;
    out.finish()?;
    eprintln!("chronicle export: {n} event(s) from {}", args.db.display());
    Ok(ExitCode::SUCCESS)
}
