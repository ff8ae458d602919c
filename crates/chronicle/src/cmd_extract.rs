//! `chronicle extract` (being written).
use std::process::ExitCode;

/// Flags of `chronicle extract`.
#[derive(clap::Args)]
pub struct ExtractArgs {}

/// Runs `chronicle extract`.
pub fn run(_args: ExtractArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("extract is not built yet")
}
