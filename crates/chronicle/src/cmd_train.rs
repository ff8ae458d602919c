//! `chronicle train` (to be written).
use std::process::ExitCode;

/// Flags of `chronicle train`.
#[derive(clap::Args)]
pub struct TrainArgs {}

/// Runs `chronicle train`.
pub fn run(_args: TrainArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("train is not built yet")
}
