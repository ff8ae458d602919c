//! `chronicle eval extraction` (being written).
use std::path::Path;
use std::process::ExitCode;

/// Runs `chronicle eval extraction DIR`.
pub fn run(_path: &Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!("eval extraction is not built yet")
}
