//! `chronicle`: political event data from news.
//!
//! The binary is thin: it parses flags, builds the pieces from the library
//! crates and wires them together. Each subcommand lives in its own module.

mod cmd_bench;
mod cmd_code;
mod cmd_eval_extraction;
mod cmd_eval_plover;
mod cmd_eval_segmentation;
mod cmd_eval_ud;
mod cmd_export;
mod cmd_extract;
mod cmd_ingest;
mod cmd_parse;
mod cmd_query;
mod cmd_serve;
mod cmd_train;
mod fetch;
mod formats;
mod inputs;
mod output;
mod pipeline;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Chronicle turns news into political event data: who did what to whom,
/// when and where, with the sentence that says so.
#[derive(Parser)]
#[command(name = "chronicle", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Articles in (text, HTML, .html.gz, JSONL, WARC, directories, `-`), clean articles out as JSONL.
    ///
    /// Each output line holds the body text, title, date, URL, the related
    /// links found on the page and the furniture lines that were removed.
    /// Bad inputs are reported on stderr with their location and skipped;
    /// the run fails only with --strict or when nothing could be read.
    ///
    /// Example: chronicle extract ../shared/data/articles/ > articles.jsonl
    Extract(cmd_extract::ExtractArgs),
    /// Sentences, tokens, tags, lemmas and dependency trees.
    ///
    /// Example: chronicle parse article.txt --from text --to conllu
    Parse(cmd_parse::ParseArgs),
    /// Articles in (any format `extract` reads), event records out.
    ///
    /// Each event says who did what to whom (PLOVER type, CAMEO code, actor and
    /// recipient codes), with its sentence and the character spans of trigger,
    /// actor and recipient.
    ///
    /// Example: chronicle code examples/ --to csv
    Code(cmd_code::CodeArgs),
    /// Code articles and add them to the event database (SQLite), incrementally.
    ///
    /// Reads what `code` reads. An article already stored (same id, same URL or
    /// same text) is skipped, so rerunning adds nothing; articles are committed
    /// in batches, so a killed run is finished by running it again.
    ///
    /// Example: chronicle ingest ../shared/data/articles/ news/ --db events.db
    Ingest(cmd_ingest::IngestArgs),
    /// Events from the event database, filtered by actor, type, country, dates, place or words.
    ///
    /// Example: chronicle query --db events.db --actor ARM --type REQUEST --since 2020-10-01
    ///
    /// Example: chronicle query --db events.db --country AZE --text "civilian settlements" --to jsonl
    Query(cmd_query::QueryArgs),
    /// Every event in the event database, as JSONL, CSV, GDELT 2.0's 61 columns or Parquet.
    ///
    /// Example: chronicle export --db events.db --to gdelt > events.tsv
    ///
    /// Example: chronicle export --db events.db --to parquet --output events.parquet
    Export(cmd_export::ExportArgs),
    /// The web page and JSON API over an event database: timeline, map, actor network, events, articles.
    ///
    /// Serves http://127.0.0.1:8080/ by default (loopback only); the API is described at
    /// /api/openapi.json. Read-only: ingest into the same file meanwhile and reload the page.
    ///
    /// Example: chronicle serve --demo                (example articles, nothing to set up)
    ///
    /// Example: chronicle serve --db events.db --addr 127.0.0.1:9000
    Serve(cmd_serve::ServeArgs),
    /// Measure the pipeline's speed (sentences/s per stage, one core) and peak memory.
    ///
    /// Example: chronicle bench ../shared/data/article-extraction/html --passes 3
    Bench(cmd_bench::BenchArgs),
    /// Rebuild a model (tagger or parser) from a CoNLL-U treebank.
    Train(cmd_train::TrainArgs),
    /// Score Chronicle on labelled data and print the measures.
    Eval {
        /// What to score.
        what: EvalKind,
        /// The labelled file or folder.
        path: PathBuf,
        /// Extraction only: the crate that finds the body of HTML pages.
        #[arg(long, value_enum, default_value = "trafilatura")]
        html_backend: HtmlBackendArg,
        /// Extraction only: skip Chronicle's furniture pass, to measure what it adds.
        #[arg(long)]
        keep_furniture: bool,
        /// Print one line per page or sentence as well as the totals.
        #[arg(long)]
        verbose: bool,
    },
}

/// The labelled data sets `chronicle eval` knows.
#[derive(Clone, Copy, ValueEnum)]
enum EvalKind {
    /// Article-body extraction on a folder with `html/` and `ground-truth.json`.
    Extraction,
    /// Tagger, lemmatiser and parser on a CoNLL-U file (gold tokenisation).
    Ud,
    /// Sentence splitting and tokenisation on the raw text of a CoNLL-U file.
    Segmentation,
    /// Event coding on PLOVER gold records (JSON Lines).
    Plover,
}

/// The HTML extraction crates Chronicle can use.
#[derive(Clone, Copy, ValueEnum)]
enum HtmlBackendArg {
    /// rs-trafilatura (default).
    Trafilatura,
    /// dom_smoothie (readability.js).
    Readability,
}

/// Writing into a closed pipe (`chronicle code … | head`) ends the program
/// quietly, as it ends other Unix tools, instead of a panic or an error at the
/// next write. The server keeps Rust's default (the signal ignored), so a client
/// that hangs up fails only its own connection.
fn end_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called at the start of `main`, before any other thread exists; it
    // only restores the signal's default disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        end_quietly_on_closed_pipe();
    }
    let result = match cli.command {
        Command::Extract(args) => cmd_extract::run(args),
        Command::Parse(args) => cmd_parse::run(args),
        Command::Code(args) => cmd_code::run(args),
        Command::Ingest(args) => cmd_ingest::run(args),
        Command::Query(args) => cmd_query::run(args),
        Command::Export(args) => cmd_export::run(args),
        Command::Serve(args) => cmd_serve::run(args),
        Command::Bench(args) => cmd_bench::run(args),
        Command::Train(args) => cmd_train::run(args),
        Command::Eval {
            what,
            path,
            html_backend,
            keep_furniture,
            verbose,
        } => match what {
            EvalKind::Extraction => {
                let options = chronicle_text::ExtractOptions {
                    html_backend: match html_backend {
                        HtmlBackendArg::Trafilatura => chronicle_text::html::HtmlBackend::Trafilatura,
                        HtmlBackendArg::Readability => chronicle_text::html::HtmlBackend::Readability,
                    },
                    keep_furniture,
                };
                cmd_eval_extraction::run(&path, options, verbose)
            }
            EvalKind::Plover => cmd_eval_plover::run(&path, verbose),
            EvalKind::Segmentation => cmd_eval_segmentation::run(&path, verbose),
            EvalKind::Ud => cmd_eval_ud::run(&path),
        },
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("chronicle: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
