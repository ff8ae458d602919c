//! Where a command writes: `--output FILE` or stdout, buffered.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

use anyhow::Context;

/// Opens the output of a command: the file named by `--output`, or stdout.
pub fn open(path: Option<&Path>) -> anyhow::Result<Box<dyn Write + Send>> {
    Ok(match path {
        Some(p) if p.as_os_str() != "-" => {
            Box::new(BufWriter::new(File::create(p).with_context(|| {
                format!("cannot create output file {}", p.display())
            })?))
        }
        _ => Box::new(BufWriter::new(io::stdout())),
    })
}

/// Whether the output `open` gives for `path` is a terminal.
pub fn is_terminal(path: Option<&Path>) -> bool {
    match path {
        Some(p) if p.as_os_str() != "-" => false,
        _ => io::stdout().is_terminal(),
    }
}
