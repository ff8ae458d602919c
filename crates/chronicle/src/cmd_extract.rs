//! `chronicle extract`: articles in, clean articles out as JSON Lines.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chronicle_text::{clean_article, ExtractOptions};

/// Flags of `chronicle extract`.
#[derive(clap::Args)]
pub struct ExtractArgs {
    /// Files, folders (read recursively) or `-` for stdin. Formats: plain text,
    /// HTML (also gzipped), JSON Lines of {"id", "text" | "html", "title"?, "url"?, "date"?, "source"?}.
    pub inputs: Vec<PathBuf>,
    /// Write here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Fail (exit 1) if any input or record had to be skipped.
    #[arg(long)]
    pub strict: bool,
}

/// Runs `chronicle extract`.
pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let mut out = crate::output::open(args.output.as_deref())?;
    let options = ExtractOptions::default();
    let mut written = 0usize;
    let mut warned = 0usize;
    let report = crate::inputs::for_each_article(&args.inputs, |input| {
        let (article, warnings) = clean_article(&input, &options);
        for w in &warnings {
            eprintln!("chronicle: {}: {w}", input.id);
        }
        warned += usize::from(!warnings.is_empty());
        serde_json::to_writer(&mut out, &article)?;
        out.write_all(b"\n")?;
        written += 1;
        Ok(())
    })?;
    out.flush()?;
    let summary = format!("{written} written ({warned} with warnings)");
    crate::inputs::finish("extract", &report, &summary, args.strict)
}
