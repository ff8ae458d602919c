//! `chronicle ingest`: articles in, coded and stored in the event database.
//!
//! Articles are read in batches. For each batch: clean every article (in
//! parallel), drop those the store already holds, tag, parse and code the rest
//! as `pipeline::code_input` does (in parallel), and store the batch in one
//! transaction. A killed run
//! leaves whole batches only; running it again skips what is stored and
//! finishes the job.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Context;
use chronicle_model::{ArticleInput, CleanArticle, EventRecord};
use chronicle_store::Store;

/// Flags of `chronicle ingest`.
#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files, folders (read recursively), `-` for stdin, in any format `code` reads
    /// (WARC and RSS/Atom feed files too), or http(s) addresses of feeds or pages.
    pub sources: Vec<PathBuf>,
    /// The database file; created if missing.
    #[arg(long, default_value = "chronicle.db")]
    pub db: PathBuf,
    /// A folder of extra dictionaries, as for `chronicle code`.
    #[arg(long)]
    pub dictionaries: Option<PathBuf>,
    /// Articles per transaction: a killed run loses at most one batch of work.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: u32,
    /// Threads that code articles (default: the machine's cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Fail (exit 1) if any input or article had to be skipped.
    #[arg(long)]
    pub strict: bool,
    /// Keep polling: read the sources listed in FILE (one feed address or path a line,
    /// `#` comments) every --every seconds, until stopped. Feeds are asked whether they
    /// changed (ETag / Last-Modified) and stored items are not fetched again.
    #[arg(long, value_name = "FILE")]
    pub follow: Option<PathBuf>,
    /// Seconds between polls with --follow.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    pub every: u64,
    /// Seconds allowed for one HTTP request.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Tries after a timeout, a failed connection, a 5xx or a 429 (waiting 1 s, 2 s, 4 s…).
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
    /// Least seconds between two requests to one host.
    #[arg(long, default_value_t = 1.0, value_name = "SECONDS")]
    pub per_host: f64,
}

/// Fetch memory kept in the database: validators in `fetches`, stored URLs in `articles`.
struct StoreMemory(Store);

impl crate::inputs::FetchMemory for StoreMemory {
    fn validators(&self, url: &str) -> Option<crate::fetch::Validators> {
        self.0.fetch_validators(url).ok().flatten()
    }
    fn remember(&mut self, url: &str, validators: &crate::fetch::Validators) {
        if let Err(e) = self
            .0
            .remember_fetch(url, 200, validators.0.as_deref(), validators.1.as_deref())
        {
            eprintln!("chronicle: {url}: cannot remember the fetch: {e}");
        }
    }
    fn has_article(&self, url: &str) -> bool {
        self.0.has_url(url).unwrap_or(false)
    }
}

/// The sources listed in a --follow file.
fn follow_sources(path: &std::path::Path) -> anyhow::Result<Vec<PathBuf>> {
    let text = crate::inputs::read_file_text(path).with_context(|| format!("{}", path.display()))?;
    let sources: Vec<PathBuf> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect();
    if sources.is_empty() {
        anyhow::bail!("{}: lists no feed or path to follow", path.display());
    }
    Ok(sources)
}

/// Running totals of an ingest.
#[derive(Default)]
struct Totals {
    stored: usize,
    present: usize,
    events: usize,
    duplicate_events: usize,
    refused: usize,
}

/// Runs `chronicle ingest`: once, or with --follow round after round.
pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let Some(list) = args.follow.clone() else {
        return run_once(&args, &args.sources);
    };
    let mut round = 0u64;
    loop {
        round += 1;
        let sources = follow_sources(&list)?;
        eprintln!(
            "chronicle ingest: round {round}: {} source(s) from {}",
            sources.len(),
            list.display()
        );
        if let Err(e) = run_once(&args, &sources) {
            eprintln!("chronicle ingest: round {round}: {e:#}");
        }
        std::thread::sleep(std::time::Duration::from_secs(args.every));
    }
}

fn run_once(args: &IngestArgs, sources: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let coder = crate::pipeline::load_coder(args.dictionaries.as_deref())?;
    let models = chronicle_nlp::Models::try_embedded().context("the built-in language models")?;
    let mut store = Store::open(&args.db).with_context(|| format!("the database {}", args.db.display()))?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let batch_size = args.batch as usize;
    let progress = std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut totals = Totals::default();
    let mut read = 0usize;
    let mut pending: Vec<ArticleInput> = Vec::with_capacity(batch_size);

    let mut flush = |pending: &mut Vec<ArticleInput>,
                     totals: &mut Totals,
                     read: usize|
     -> anyhow::Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let inputs = std::mem::take(pending);
        // Clean first: the duplicate check needs the canonical URL and body.
        let cleaned = par_map(&inputs, threads, |input| {
            chronicle_text::clean_article(input, &chronicle_text::ExtractOptions::default())
        });
        let mut fresh = Vec::new();
        for (article, warnings) in cleaned {
            if store.contains(&article)? {
                totals.present += 1;
            } else {
                for w in &warnings {
                    eprintln!("chronicle: {}: {w}", article.id);
                }
                fresh.push(article);
            }
        }
        // Then the rest of `pipeline::code_input` on the clean articles (cleaning
        // them twice would cost a quarter of the run).
        let coded = par_map(&fresh, threads, |article| {
            let sentences = crate::pipeline::analyse(models, &article.text);
            coder.code_article(&article.id, article.date.as_deref(), &sentences)
        });
        let items: Vec<(CleanArticle, Vec<EventRecord>)> = fresh.into_iter().zip(coded).collect();
        store_batch(&mut store, &items, totals)?;
        if progress {
            let rate = read as f64 / started.elapsed().as_secs_f64().max(1e-9);
            eprint!(
                "\rchronicle ingest: {read} read, {} stored, {} already present, {} event(s), {rate:.1} articles/s ",
                totals.stored, totals.present, totals.events
            );
            let _ = std::io::stderr().flush();
        }
        Ok(())
    };

    let seconds = |s: f64| std::time::Duration::from_secs_f64(s.clamp(0.0, 3600.0));
    let mut memory =
        StoreMemory(Store::open(&args.db).with_context(|| format!("the database {}", args.db.display()))?);
    let mut web = crate::inputs::Web {
        fetcher: crate::fetch::Fetcher::new(crate::fetch::FetchPolicy {
            timeout: seconds(args.timeout),
            retries: args.retries,
            per_host: seconds(args.per_host),
            ..Default::default()
        }),
        memory: &mut memory,
    };
    let mut report = crate::inputs::for_each_article_with(sources, &mut web, |input| {
        pending.push(input);
        read += 1;
        if pending.len() >= batch_size {
            flush(&mut pending, &mut totals, read)?;
        }
        Ok(())
    })?;
    flush(&mut pending, &mut totals, read)?;
    if progress {
        eprintln!();
    }
    report.skipped += totals.refused;
    if totals.stored > 0 {
        store
            .optimize()
            .context("refreshing the database's query statistics")?;
    }
    let mut written = format!(
        "{} stored, {} already present, {} event(s) stored in {}",
        totals.stored,
        totals.present,
        totals.events,
        args.db.display()
    );
    if totals.duplicate_events > 0 {
        written.push_str(&format!(
            " ({} event(s) already stored under the same id)",
            totals.duplicate_events
        ));
    }
    crate::inputs::finish("ingest", &report, &written, args.strict)
}

/// Stores one batch in one transaction. When the schema refuses a record, the
/// batch is rolled back and its articles stored one by one, so that only the
/// refused article is reported and skipped.
fn store_batch(
    store: &mut Store,
    items: &[(CleanArticle, Vec<EventRecord>)],
    totals: &mut Totals,
) -> anyhow::Result<()> {
    let add = |r: chronicle_store::BatchReport, totals: &mut Totals| {
        totals.stored += r.inserted;
        totals.present += r.duplicates;
        totals.events += r.events;
        totals.duplicate_events += r.duplicate_events;
    };
    match store.insert_batch(items) {
        Ok(r) => add(r, totals),
        Err(e) if e.is_constraint() => {
            for item in items {
                match store.insert_batch(std::slice::from_ref(item)) {
                    Ok(r) => add(r, totals),
                    Err(e) if e.is_constraint() => {
                        eprintln!("chronicle: {}: cannot store the article: {e}; skipped", item.0.id);
                        totals.refused += 1;
                    }
                    Err(e) => return Err(e).context("storing a batch"),
                }
            }
        }
        Err(e) => return Err(e).context("storing a batch"),
    }
    Ok(())
}

/// `f` over `items` on up to `threads` threads, results in the order of `items`.
/// Threads take the next item as they finish one, so long articles do not hold
/// up a whole share.
fn par_map<T: Sync, U: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let threads = threads.min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut indexed: Vec<(usize, U)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    indexed.sort_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, u)| u).collect()
}

#[cfg(test)]
mod tests {
    use super::par_map;

    #[test]
    fn par_map_keeps_the_order_of_its_items() {
        let items: Vec<usize> = (0..100).collect();
        assert_eq!(
            par_map(&items, 4, |i| i * 2),
            (0..100).map(|i| i * 2).collect::<Vec<_>>()
        );
        assert_eq!(par_map(&items[..0], 4, |i| *i), Vec::<usize>::new());
        assert_eq!(par_map(&items[..3], 1, |i| *i), vec![0, 1, 2]);
    }
}
