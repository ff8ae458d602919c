//! `chronicle parse` (to be written).
use std::process::ExitCode;

/// Flags of `chronicle parse`.
#[derive(clap::Args)]
pub struct ParseArgs {}

/// Runs `chronicle parse`.
pub fn run(_args: ParseArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("parse is not built yet")
}
