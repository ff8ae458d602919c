//! `chronicle eval plover FILE`: event coding scored on PLOVER gold records.
//!
//! Per record, the events coded for its sentence are compared with its one
//! gold event (DESIGN, "Measures"). Only events the text asserts count:
//! negated and hypothetical ones (threatened, alleged, conditional acts) are
//! not reported as done and are left out of the score, and counted apart.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chronicle_model::EventRecord;
use serde::Deserialize;

#[derive(Deserialize)]
struct GoldRecord {
    id: String,
    text: String,
    date: Option<String>,
    gold: GoldEvent,
}

#[derive(Deserialize)]
struct GoldEvent {
    event_type: String,
    #[serde(default)]
    actor: Vec<GoldActor>,
    #[serde(default)]
    recipient: Vec<GoldActor>,
}

#[derive(Deserialize)]
struct GoldActor {
    #[serde(default)]
    code: String,
}

/// Old CAMEO country codes found in gold data, and the ISO 3166-1 code of the same country.
const OLD_CAMEO_CODES: &[(&str, &str)] = &[
    ("JAP", "JPN"),
    ("ITL", "ITA"),
    ("VTN", "VNM"),
    ("ROM", "ROU"),
    ("ZAR", "COD"),
];

/// Do a coded and a gold country agree (first three letters; any IGO… matches IGO…)?
fn same_country(coded: &str, gold: &str) -> bool {
    let (c, g) = (coded.get(..3).unwrap_or(coded), gold.get(..3).unwrap_or(gold));
    let g = OLD_CAMEO_CODES
        .iter()
        .find(|(old, _)| *old == g)
        .map_or(g, |(_, iso)| iso);
    !g.is_empty() && c == g
}

fn party_right(events: &[&EventRecord], gold: &[GoldActor], pick: fn(&EventRecord) -> Option<&str>) -> bool {
    events
        .iter()
        .any(|e| pick(e).is_some_and(|c| gold.iter().any(|g| same_country(c, &g.code))))
}

/// Runs the PLOVER evaluation and prints the measures and a confusion table.
pub fn run(path: &Path, verbose: bool) -> anyhow::Result<ExitCode> {
    let content =
        crate::inputs::read_file_text(path).with_context(|| format!("cannot read {}", path.display()))?;
    let coder = crate::pipeline::load_coder(None)?;
    let models = chronicle_nlp::Models::try_embedded().context("the built-in language models")?;

    let (mut records, mut coded, mut correct, mut found) = (0usize, 0usize, 0usize, 0usize);
    let (mut actor_right, mut recipient_right, mut recipient_records, mut triple_right) = (0, 0, 0, 0);
    let (mut set_aside, mut sentences) = (0usize, 0usize);
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let start = std::time::Instant::now();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let rec: GoldRecord = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                eprintln!(
                    "chronicle: {}:{}: not a PLOVER record ({e}); skipped",
                    path.display(),
                    i + 1
                );
                continue;
            }
        };
        records += 1;
        let parsed = crate::pipeline::analyse(models, &rec.text);
        sentences += parsed.len();
        let date = rec.date.as_deref().and_then(chronicle_text::dates::iso_day);
        let all = coder.code_article(&rec.id, date.as_deref(), &parsed);
        let events: Vec<&EventRecord> = all.iter().filter(|e| !e.negated && !e.hypothetical).collect();
        set_aside += all.len() - events.len();
        coded += events.len();
        let right: Vec<&EventRecord> = events
            .iter()
            .copied()
            .filter(|e| e.event_type == rec.gold.event_type)
            .collect();
        correct += right.len();
        let row = confusion.entry(rec.gold.event_type.clone()).or_default();
        if events.is_empty() {
            *row.entry("-".into()).or_default() += 1;
        }
        for e in &events {
            *row.entry(e.event_type.clone()).or_default() += 1;
        }
        let has_recipient = rec.gold.recipient.iter().any(|g| !g.code.is_empty());
        recipient_records += usize::from(has_recipient);
        let actor_ok = party_right(&right, &rec.gold.actor, |e| e.actor.as_ref()?.country.as_deref());
        let recipient_ok = party_right(&right, &rec.gold.recipient, |e| {
            e.recipient.as_ref()?.country.as_deref()
        });
        // The triple: one correct event with the actor and (where given) the recipient right.
        let triple = right.iter().any(|e| {
            party_right(&[e], &rec.gold.actor, |e| e.actor.as_ref()?.country.as_deref())
                && (!has_recipient
                    || party_right(&[e], &rec.gold.recipient, |e| {
                        e.recipient.as_ref()?.country.as_deref()
                    }))
        });
        found += usize::from(!right.is_empty());
        actor_right += usize::from(actor_ok);
        recipient_right += usize::from(recipient_ok && has_recipient);
        triple_right += usize::from(triple);
        if verbose {
            let got: Vec<String> = events
                .iter()
                .map(|e| {
                    let code = |a: &Option<chronicle_model::EventActor>| {
                        a.as_ref()
                            .and_then(|a| a.code.clone())
                            .unwrap_or_else(|| "?".into())
                    };
                    format!(
                        "{} {}→{} ({})",
                        e.event_type,
                        code(&e.actor),
                        code(&e.recipient),
                        e.trigger.text
                    )
                })
                .collect();
            let gold_codes =
                |v: &[GoldActor]| v.iter().map(|g| g.code.as_str()).collect::<Vec<_>>().join("+");
            println!(
                "{}\t{}\tgold {} {}→{}\tgot [{}]",
                if triple {
                    "OK "
                } else if right.is_empty() {
                    "MISS"
                } else {
                    "PART"
                },
                rec.id,
                rec.gold.event_type,
                gold_codes(&rec.gold.actor),
                gold_codes(&rec.gold.recipient),
                got.join("; ")
            );
        }
    }
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (p, r) = (ratio(correct, coded), ratio(found, records));
    let f1 = chronicle_text::score::harmonic_mean(p, r);
    println!("records            {records}");
    println!("events scored      {coded}   (negated or hypothetical, set aside: {set_aside})");
    println!("type precision     {p:.4}");
    println!("type recall        {r:.4}");
    println!("type F1            {f1:.4}");
    println!("actor accuracy     {:.4}", ratio(actor_right, records));
    println!(
        "recipient accuracy {:.4}   (over {recipient_records} records with a coded gold recipient)",
        ratio(recipient_right, recipient_records)
    );
    println!("triple             {:.4}", ratio(triple_right, records));
    println!("sentences/s        {:.0}", sentences as f64 / secs);
    println!();
    println!("confusion (gold type → coded types; - = nothing coded)");
    for (gold, row) in &confusion {
        let cells: Vec<String> = row.iter().map(|(t, n)| format!("{t} {n}")).collect();
        println!("  {gold:<10} {}", cells.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
