//! Load time, memory and query speed of the embedded gazetteer:
//! `cargo run --release -p chronicle-geo --example geo_stats [NAME…]`.

use std::time::Instant;

use chronicle_geo::{Gazetteer, PlaceKind};

/// Resident memory in kB (Linux), if it can be read.
fn rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), chronicle_geo::GeoError> {
    let before = rss_kb();
    let start = Instant::now();
    let g = Gazetteer::embedded()?;
    let load = start.elapsed();
    let after = rss_kb();
    let count = |k| g.places().iter().filter(|p| p.kind == k).count();
    println!(
        "{}: {} places ({} countries, {} regions, {} cities), loaded in {:.0} ms",
        g.source(),
        g.len(),
        count(PlaceKind::Country),
        count(PlaceKind::Region),
        count(PlaceKind::City),
        load.as_secs_f64() * 1e3
    );
    if let (Some(b), Some(a)) = (before, after) {
        println!("resident memory: +{} MB", (a.saturating_sub(b)) / 1024);
    }
    let names: Vec<String> = std::env::args().skip(1).collect();
    let queries = ["Paris", "Georgia", "Shusha", "Sana'a", "Xyzzyville", "Geneva"];
    let start = Instant::now();
    let mut found = 0;
    for _ in 0..10_000 {
        for q in queries {
            found += usize::from(g.resolve(q, &["USA"]).is_some());
        }
    }
    let per = start.elapsed().as_secs_f64() / (10_000.0 * queries.len() as f64);
    println!("resolve: {:.2} µs a query ({found} found)", per * 1e6);
    for name in &names {
        match g.resolve(name, &[]) {
            Some(p) => println!("{name}: {p:?}"),
            None => println!("{name}: none"),
        }
    }
    Ok(())
}
