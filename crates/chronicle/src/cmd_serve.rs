//! `chronicle serve`: the web page and JSON API over an event database
//! (the server itself is `chronicle-web`), or over a demo database built from
//! the example articles compiled into the binary.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chronicle_store::Store;
use chronicle_text::read::{article_from_document, InputFormat};

mod examples {
    include!(concat!(env!("OUT_DIR"), "/examples.rs"));
}

/// Flags of `chronicle serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// The database file `chronicle ingest` wrote.
    #[arg(long, default_value = "chronicle.db", conflicts_with = "demo")]
    pub db: PathBuf,
    /// Where to listen. Loopback by default, so only this machine can connect;
    /// give `0.0.0.0:8080` to serve the network. Port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    pub addr: SocketAddr,
    /// Serve a temporary database built from the example articles (news reports
    /// on the 2020 Nagorno-Karabakh war written for Chronicle), then delete it.
    #[arg(long)]
    pub demo: bool,
}

/// Runs `chronicle serve`.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    // The demo database lives as long as this directory.
    let mut _demo_dir = None;
    let db = if args.demo {
        let dir = tempfile::tempdir().context("creating a folder for the demo database")?;
        let path = dir.path().join("demo.db");
        build_demo(&path)?;
        _demo_dir = Some(dir);
        path
    } else {
        crate::cmd_query::open_existing(&args.db)?;
        args.db.clone()
    };
    let stats = Store::open_read_only(&db)
        .and_then(|s| s.stats())
        .with_context(|| format!("the database {}", db.display()))?;
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "chronicle: warning: serving on {}: anyone who can reach this address can read the database",
            args.addr
        );
    }
    let label = if args.demo {
        "the demo database".to_string()
    } else {
        db.display().to_string()
    };
    chronicle_web::run(
        &db,
        args.addr,
        |bound| {
            println!(
                "Serving {label} ({} events from {} articles) at http://{bound}/ — press Ctrl-C to stop.",
                stats.events, stats.articles
            );
            let _ = std::io::stdout().flush();
        },
        chronicle_web::interrupted(),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Codes the built-in example articles into a new database at `path`.
fn build_demo(path: &Path) -> anyhow::Result<()> {
    let coder = crate::pipeline::load_coder(None)?;
    let models = chronicle_nlp::Models::try_embedded().context("the built-in language models")?;
    let mut batch = Vec::new();
    for (name, text) in examples::EXAMPLES {
        let id = name.strip_suffix(".txt").unwrap_or(name);
        let input = article_from_document(id, text, InputFormat::Text)
            .with_context(|| format!("the example article {name}"))?;
        let coded = crate::pipeline::code_input(models, &coder, &input);
        batch.push((coded.article, coded.events));
    }
    let mut store = Store::open(path).with_context(|| format!("the demo database {}", path.display()))?;
    store
        .insert_batch(&batch)
        .context("storing the example articles")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_examples_are_built_in_with_dates_in_their_names() {
        assert!(super::examples::EXAMPLES.len() >= 10);
        for (name, text) in super::examples::EXAMPLES {
            assert!(
                chronicle_text::dates::date_in_name(name).is_some(),
                "{name} has no date"
            );
            assert!(text.lines().count() > 3, "{name} is too short");
        }
    }
}
