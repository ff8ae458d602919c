//! `chronicle code`: articles in, event records out.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::formats::{EventFormat, EventWriter};

/// Flags of `chronicle code`.
#[derive(clap::Args)]
pub struct CodeArgs {
    /// Files, folders (read recursively) or `-` for stdin, in any format `extract` reads.
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub to: EventFormat,
    /// A folder of extra dictionaries (countries.txt, organizations.txt, roles.txt,
    /// people.txt, verbs.txt) whose entries are added to the built-in ones.
    #[arg(long)]
    pub dictionaries: Option<PathBuf>,
    /// Write here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Fail (exit 1) if any input or record had to be skipped.
    #[arg(long)]
    pub strict: bool,
}

/// Runs `chronicle code`.
pub fn run(args: CodeArgs) -> anyhow::Result<ExitCode> {
    let coder = crate::pipeline::load_coder(args.dictionaries.as_deref())?;
    let models = chronicle_nlp::Models::try_embedded().context("the built-in language models")?;
    let out = crate::output::open(args.output.as_deref())?;
    let mut out = EventWriter::new(out, args.to, crate::output::is_terminal(args.output.as_deref()))?;
    let mut events = 0usize;
    let report = crate::inputs::for_each_article(&args.inputs, |input| {
        let coded = crate::pipeline::code_input(models, &coder, &input);
        for w in &coded.warnings {
            eprintln!("chronicle: {}: {w}", input.id);
        }
        for e in &coded.events {
            out.write(e, coded.article.url.as_deref())?;
        }
        events += coded.events.len();
        Ok(())
    })?;
    out.finish()?;
    crate::inputs::finish("code", &report, &format!("{events} event(s) coded"), args.strict)
}
