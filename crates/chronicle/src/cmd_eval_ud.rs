//! `chronicle eval ud` (to be written).
use std::path::Path;
use std::process::ExitCode;

/// Runs `chronicle eval ud FILE`.
pub fn run(_path: &Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!("eval ud is not built yet")
}
