//! Event records out: JSON Lines, CSV, GDELT 2.0's 61-column event table, and
//! Parquet (through `chronicle-parquet`).

use std::io::Write;

use chronicle_model::{EventActor, EventRecord};
use chronicle_parquet::EventParquetWriter;

/// The output formats for event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EventFormat {
    /// One JSON object per line: the DESIGN's event record.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated, the 61 columns of GDELT 2.0's event table, no header.
    Gdelt,
    /// Apache Parquet, one typed column per field (binary: needs --output FILE).
    Parquet,
}

/// Where event records go, in one format: the text formats a record at a
/// time, Parquet a row group at a time. Call [`EventWriter::finish`] at the end.
pub enum EventWriter {
    /// JSON Lines, CSV or GDELT rows.
    Text(Box<dyn Write + Send>, EventFormat),
    /// A Parquet file being written.
    Parquet(Box<EventParquetWriter<Box<dyn Write + Send>>>),
}

impl EventWriter {
    /// Starts the output: writes the header of a format that has one.
    /// `to_terminal` says whether `out` is a terminal, where Parquet is refused.
    pub fn new(
        mut out: Box<dyn Write + Send>,
        format: EventFormat,
        to_terminal: bool,
    ) -> anyhow::Result<Self> {
        if format == EventFormat::Parquet {
            if to_terminal {
                anyhow::bail!("Parquet is a binary format: name a file with --output FILE.parquet");
            }
            return Ok(EventWriter::Parquet(Box::new(EventParquetWriter::new(out)?)));
        }
        write_header(&mut out, format)?;
        Ok(EventWriter::Text(out, format))
    }

    /// Writes one event; `url` is its article's address (GDELT's SOURCEURL).
    pub fn write(&mut self, e: &EventRecord, url: Option<&str>) -> anyhow::Result<()> {
        match self {
            EventWriter::Text(out, format) => write_event(out, *format, e, url)?,
            EventWriter::Parquet(w) => w.write(e, url)?,
        }
        Ok(())
    }

    /// Ends the output: the Parquet footer, then a flush.
    pub fn finish(self) -> anyhow::Result<()> {
        let mut out = match self {
            EventWriter::Text(out, _) => out,
            EventWriter::Parquet(w) => w.finish()?,
        };
        out.flush()?;
        Ok(())
    }
}

/// The CSV columns, in order.
const CSV_HEADER: &[&str] = &[
    "id",
    "article_id",
    "sentence_index",
    "date",
    "event_type",
    "mode",
    "cameo",
    "quad_class",
    "intensity",
    "actor_code",
    "actor_country",
    "actor_sector",
    "actor_text",
    "actor_inferred",
    "recipient_code",
    "recipient_country",
    "recipient_sector",
    "recipient_text",
    "recipient_inferred",
    "negated",
    "hypothetical",
    "reported_by",
    "trigger",
    "confidence",
    "sentence",
];

/// Writes the header of a format, if it has one.
fn write_header(out: &mut dyn Write, format: EventFormat) -> std::io::Result<()> {
    if format == EventFormat::Csv {
        writeln!(out, "{}", CSV_HEADER.join(","))?;
    }
    Ok(())
}

/// Writes one event record in the format. `url` is the article's address (GDELT's SOURCEURL).
fn write_event(
    out: &mut dyn Write,
    format: EventFormat,
    e: &EventRecord,
    url: Option<&str>,
) -> std::io::Result<()> {
    match format {
        EventFormat::Jsonl => {
            serde_json::to_writer(&mut *out, e)?;
            out.write_all(b"\n")
        }
        EventFormat::Csv => {
            let opt = |s: &Option<String>| s.clone().unwrap_or_default();
            let code = |a: &Option<EventActor>, f: fn(&EventActor) -> Option<String>| {
                a.as_ref().and_then(f).unwrap_or_default()
            };
            let fields = [
                e.id.clone(),
                e.article_id.clone(),
                e.sentence_index.to_string(),
                opt(&e.date),
                e.event_type.clone(),
                opt(&e.mode),
                opt(&e.cameo),
                e.quad_class.map(|q| q.to_string()).unwrap_or_default(),
                e.intensity.map(|q| q.to_string()).unwrap_or_default(),
                code(&e.actor, |a| a.code.clone()),
                code(&e.actor, |a| a.country.clone()),
                code(&e.actor, |a| a.sector.clone()),
                code(&e.actor, |a| Some(a.text.clone())),
                code(&e.actor, |a| Some(a.inferred.to_string())),
                code(&e.recipient, |a| a.code.clone()),
                code(&e.recipient, |a| a.country.clone()),
                code(&e.recipient, |a| a.sector.clone()),
                code(&e.recipient, |a| Some(a.text.clone())),
                code(&e.recipient, |a| Some(a.inferred.to_string())),
                e.negated.to_string(),
                e.hypothetical.to_string(),
                code(&e.reported_by, |a| a.code.clone().or(Some(a.text.clone()))),
                e.trigger.text.clone(),
                format!("{:.2}", e.confidence),
                e.sentence.clone(),
            ];
            let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            writeln!(out, "{}", row.join(","))
        }
        EventFormat::Gdelt => writeln!(out, "{}", gdelt_row(e, url).join("\t")),
        EventFormat::Parquet => Err(std::io::Error::other("Parquet is written by EventWriter")),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The 61 fields of a GDELT 2.0 event row. Fields Chronicle does not know
/// (ethnic and religion codes, mention counts, tone) are empty or neutral.
pub fn gdelt_row(e: &EventRecord, url: Option<&str>) -> Vec<String> {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let date = e.date.as_deref().unwrap_or("");
    let day = date.replace('-', "");
    let (year, month) = (day.get(..4).unwrap_or(""), day.get(4..6).unwrap_or(""));
    let fraction = match (
        year.parse::<f64>(),
        month.parse::<f64>(),
        day.get(6..8).and_then(|d| d.parse::<f64>().ok()),
    ) {
        (Ok(y), Ok(m), Some(d)) => format!("{:.4}", y + ((m - 1.0) * 30.4375 + d) / 365.25),
        _ => String::new(),
    };
    let id = u64::from_str_radix(e.id.get(..15).unwrap_or("0"), 16).unwrap_or(0);
    let mut row = vec![
        id.to_string(),
        day.clone(),
        format!("{year}{month}"),
        year.to_string(),
        fraction,
    ];
    for actor in [&e.actor, &e.recipient] {
        let a = actor.as_ref();
        let country = a.and_then(|a| a.country.clone()).unwrap_or_default();
        let is_group = matches!(country.as_str(), "IGO" | "NGO" | "MNC");
        row.extend([
            clean(&a.and_then(|a| a.code.clone()).unwrap_or_default()),
            clean(
                &a.map(|a| a.name.clone().unwrap_or_else(|| a.text.clone()))
                    .unwrap_or_default()
                    .to_uppercase(),
            ),
            if is_group { String::new() } else { country.clone() },
            if is_group {
                a.and_then(|a| a.code.clone()).unwrap_or_default()
            } else {
                String::new()
            },
            String::new(),
            String::new(),
            String::new(),
            a.and_then(|a| a.sector.clone()).unwrap_or_default(),
            String::new(),
            String::new(),
        ]);
    }
    let cameo = e.cameo.clone().unwrap_or_default();
    row.extend([
        "1".to_string(),
        cameo.clone(),
        cameo.get(..3).unwrap_or(&cameo).to_string(),
        cameo.get(..2).unwrap_or(&cameo).to_string(),
        e.quad_class.map(|q| q.to_string()).unwrap_or_default(),
        e.intensity.map(|g| format!("{g:.1}")).unwrap_or_default(),
        "1".to_string(),
        "1".to_string(),
        "1".to_string(),
        "0".to_string(),
    ]);
    // Actor1Geo, Actor2Geo: Chronicle places events, not actors.
    for _ in 0..2 {
        row.push("0".to_string());
        row.extend(std::iter::repeat_n(String::new(), 7));
    }
    match &e.location {
        Some(l) => {
            let geo_type = match l.precision.as_str() {
                "country" => "1",
                "region" => "5",
                _ => "4",
            };
            row.extend([
                geo_type.to_string(),
                clean(&l.name),
                l.country.clone().unwrap_or_default(),
                String::new(),
                String::new(),
                l.lat.map(|v| v.to_string()).unwrap_or_default(),
                l.lon.map(|v| v.to_string()).unwrap_or_default(),
                l.geonames_id.map(|v| v.to_string()).unwrap_or_default(),
            ]);
        }
        None => {
            row.push("0".to_string());
            row.extend(std::iter::repeat_n(String::new(), 7));
        }
    }
    row.push(format!("{day}000000"));
    row.push(clean(url.unwrap_or("")));
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gdelt_rows_have_61_columns_and_csv_quotes() {
        let e = EventRecord {
            id: "0123456789abcdef".into(),
            date: Some("2020-10-31".into()),
            event_type: "REQUEST".into(),
            cameo: Some("0234".into()),
            quad_class: Some(1),
            sentence: "He said, \"no\".".into(),
            ..Default::default()
        };
        let row = gdelt_row(&e, Some("http://x"));
        assert_eq!(row.len(), 61);
        assert_eq!(row[1], "20201031");
        assert_eq!(
            (row[26].as_str(), row[27].as_str(), row[28].as_str()),
            ("0234", "023", "02")
        );
        assert_eq!(row[60], "http://x");
        let mut out = Vec::new();
        write_event(&mut out, EventFormat::Csv, &e, None).unwrap();
        assert!(String::from_utf8(out)
            .unwrap()
            .trim_end()
            .ends_with("\"He said, \"\"no\"\".\""));
    }
}
