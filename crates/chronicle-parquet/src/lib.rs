//! Event records to Apache Parquet, for pandas, DuckDB, Spark and the rest of
//! the columnar world.
//!
//! One row per event, one typed column per field of the record
//! ([`EventRecord`]): the nested parts (actor, recipient, location, speaker,
//! trigger) are flattened with a prefix (`actor_code`, `location_lat`), spans
//! become `_start`/`_end` pairs, the date is a Parquet `DATE`, the contexts a
//! `LIST` of strings, and every value the record leaves out is a null. The
//! columns are defined once, in [`COLUMNS`]; the schema and the writing both
//! follow that table, so they cannot drift apart.
//!
//! ```
//! use chronicle_parquet::EventParquetWriter;
//! let mut w = EventParquetWriter::new(Vec::new()).unwrap();
//! w.write(&chronicle_model::EventRecord::default(), None).unwrap();
//! let bytes = w.finish().unwrap();
//! assert_eq!(&bytes[..4], b"PAR1");
//! ```

use std::io::Write;
use std::sync::Arc;

use chronicle_model::{EventActor, EventRecord};
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

/// Why a Parquet file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ParquetExportError {
    /// The Parquet library refused (most often: the output could not be written).
    #[error("cannot write Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
}

/// One event as a row: the record and its article's address.
pub struct EventRow<'a> {
    /// The coded event.
    pub event: &'a EventRecord,
    /// The address of the article it came from, when known.
    pub url: Option<&'a str>,
}

/// How a column reads its value from a row, and so its Parquet type.
#[derive(Clone, Copy)]
pub enum ColumnValue {
    /// `REQUIRED BYTE_ARRAY (STRING)`.
    Text(for<'a> fn(&EventRow<'a>) -> &'a str),
    /// `OPTIONAL BYTE_ARRAY (STRING)`.
    OptText(for<'a> fn(&EventRow<'a>) -> Option<&'a str>),
    /// `REQUIRED INT64`.
    Int(fn(&EventRow<'_>) -> i64),
    /// `OPTIONAL INT64`.
    OptInt(fn(&EventRow<'_>) -> Option<i64>),
    /// `OPTIONAL DOUBLE`.
    OptFloat(fn(&EventRow<'_>) -> Option<f64>),
    /// `REQUIRED BOOLEAN`.
    Flag(fn(&EventRow<'_>) -> bool),
    /// `OPTIONAL BOOLEAN`.
    OptFlag(fn(&EventRow<'_>) -> Option<bool>),
    /// `OPTIONAL INT32 (DATE)`: days since 1970-01-01.
    Date(fn(&EventRow<'_>) -> Option<i32>),
    /// `REQUIRED group (LIST)` of strings: empty when the record has none.
    TextList(for<'a> fn(&EventRow<'a>) -> &'a [String]),
}

/// A column of the file: its name and how its value is read.
#[derive(Clone, Copy)]
pub struct Column {
    /// The column's name in the file.
    pub name: &'static str,
    /// Its type and its reader.
    pub value: ColumnValue,
}

const fn col(name: &'static str, value: ColumnValue) -> Column {
    Column { name, value }
}

fn party_text(p: &Option<EventActor>) -> Option<&str> {
    p.as_ref().map(|a| a.text.as_str())
}

fn party_field<'a>(
    p: &'a Option<EventActor>,
    f: fn(&'a EventActor) -> &'a Option<String>,
) -> Option<&'a str> {
    p.as_ref().and_then(|a| f(a).as_deref())
}

/// Whether the party's code is the coder's inference, not read from its
/// words (`None` when there is no party).
fn party_inferred(p: &Option<EventActor>) -> Option<bool> {
    p.as_ref().map(|a| a.inferred)
}

fn span_start(p: &Option<EventActor>) -> Option<i64> {
    p.as_ref().map(|a| a.span.0 as i64)
}

fn span_end(p: &Option<EventActor>) -> Option<i64> {
    p.as_ref().map(|a| a.span.1 as i64)
}

/// Days from 1970-01-01 to a `YYYY-MM-DD` date (proleptic Gregorian), or
/// `None` when the text is no such date.
pub fn days_since_epoch(date: &str) -> Option<i32> {
    let mut parts = date.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    // Count from 0000-03-01 so that the leap day ends the counting year.
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era_days = 365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400);
    let day_of_year = (153 * m + 2) / 5 + d - 1;
    // 719_468 days separate 0000-03-01 from 1970-01-01.
    i32::try_from(era_days + day_of_year - 719_468).ok()
}

/// The columns of the file, in order.
pub const COLUMNS: &[Column] = {
    use ColumnValue::*;
    &[
        col("id", Text(|r| &r.event.id)),
        col("article_id", Text(|r| &r.event.article_id)),
        col("url", OptText(|r| r.url)),
        col("sentence_index", Int(|r| r.event.sentence_index as i64)),
        col(
            "date",
            Date(|r| r.event.date.as_deref().and_then(days_since_epoch)),
        ),
        col("date_text", OptText(|r| r.event.date_text.as_deref())),
        col("date_source", OptText(|r| r.event.date_source.as_deref())),
        col("date_precision", OptText(|r| r.event.date_precision.as_deref())),
        col("event_type", Text(|r| &r.event.event_type)),
        col("mode", OptText(|r| r.event.mode.as_deref())),
        col("context", TextList(|r| &r.event.context)),
        col("cameo", OptText(|r| r.event.cameo.as_deref())),
        col("quad_class", OptInt(|r| r.event.quad_class.map(i64::from))),
        col("intensity", OptFloat(|r| r.event.intensity)),
        col(
            "actor_code",
            OptText(|r| party_field(&r.event.actor, |a| &a.code)),
        ),
        col(
            "actor_country",
            OptText(|r| party_field(&r.event.actor, |a| &a.country)),
        ),
        col(
            "actor_sector",
            OptText(|r| party_field(&r.event.actor, |a| &a.sector)),
        ),
        col(
            "actor_name",
            OptText(|r| party_field(&r.event.actor, |a| &a.name)),
        ),
        col("actor_text", OptText(|r| party_text(&r.event.actor))),
        col("actor_start", OptInt(|r| span_start(&r.event.actor))),
        col("actor_end", OptInt(|r| span_end(&r.event.actor))),
        col("actor_inferred", OptFlag(|r| party_inferred(&r.event.actor))),
        col(
            "recipient_code",
            OptText(|r| party_field(&r.event.recipient, |a| &a.code)),
        ),
        col(
            "recipient_country",
            OptText(|r| party_field(&r.event.recipient, |a| &a.country)),
        ),
        col(
            "recipient_sector",
            OptText(|r| party_field(&r.event.recipient, |a| &a.sector)),
        ),
        col(
            "recipient_name",
            OptText(|r| party_field(&r.event.recipient, |a| &a.name)),
        ),
        col("recipient_text", OptText(|r| party_text(&r.event.recipient))),
        col("recipient_start", OptInt(|r| span_start(&r.event.recipient))),
        col("recipient_end", OptInt(|r| span_end(&r.event.recipient))),
        col(
            "recipient_inferred",
            OptFlag(|r| party_inferred(&r.event.recipient)),
        ),
        col(
            "location_text",
            OptText(|r| r.event.location.as_ref().map(|l| l.text.as_str())),
        ),
        col(
            "location_name",
            OptText(|r| r.event.location.as_ref().map(|l| l.name.as_str())),
        ),
        col(
            "location_country",
            OptText(|r| r.event.location.as_ref().and_then(|l| l.country.as_deref())),
        ),
        col(
            "location_lat",
            OptFloat(|r| r.event.location.as_ref().and_then(|l| l.lat)),
        ),
        col(
            "location_lon",
            OptFloat(|r| r.event.location.as_ref().and_then(|l| l.lon)),
        ),
        col(
            "location_geonames_id",
            OptInt(|r| {
                r.event
                    .location
                    .as_ref()
                    .and_then(|l| l.geonames_id)
                    .and_then(|id| i64::try_from(id).ok())
            }),
        ),
        col(
            "location_precision",
            OptText(|r| r.event.location.as_ref().map(|l| l.precision.as_str())),
        ),
        col("negated", Flag(|r| r.event.negated)),
        col("hypothetical", Flag(|r| r.event.hypothetical)),
        col(
            "reported_by_code",
            OptText(|r| party_field(&r.event.reported_by, |a| &a.code)),
        ),
        col("reported_by_text", OptText(|r| party_text(&r.event.reported_by))),
        col("fatalities", OptInt(|r| r.event.fatalities.map(i64::from))),
        col(
            "fatalities_qualifier",
            OptText(|r| r.event.fatalities_qualifier.as_deref()),
        ),
        col("injuries", OptInt(|r| r.event.injuries.map(i64::from))),
        col(
            "injuries_qualifier",
            OptText(|r| r.event.injuries_qualifier.as_deref()),
        ),
        col("casualties_cumulative", Flag(|r| r.event.casualties_cumulative)),
        col("trigger_text", Text(|r| &r.event.trigger.text)),
        col("trigger_start", Int(|r| r.event.trigger.span.0 as i64)),
        col("trigger_end", Int(|r| r.event.trigger.span.1 as i64)),
        col("sentence", Text(|r| &r.event.sentence)),
        col("confidence", OptFloat(|r| Some(r.event.confidence))),
    ]
};

/// The file's schema in Parquet's message notation, built from [`COLUMNS`].
pub fn schema_message() -> String {
    let mut s = String::from("message chronicle_event {\n");
    for c in COLUMNS {
        let n = c.name;
        let line = match c.value {
            ColumnValue::Text(_) => format!("REQUIRED BYTE_ARRAY {n} (STRING);"),
            ColumnValue::OptText(_) => format!("OPTIONAL BYTE_ARRAY {n} (STRING);"),
            ColumnValue::Int(_) => format!("REQUIRED INT64 {n};"),
            ColumnValue::OptInt(_) => format!("OPTIONAL INT64 {n};"),
            ColumnValue::OptFloat(_) => format!("OPTIONAL DOUBLE {n};"),
            ColumnValue::Flag(_) => format!("REQUIRED BOOLEAN {n};"),
            ColumnValue::OptFlag(_) => format!("OPTIONAL BOOLEAN {n};"),
            ColumnValue::Date(_) => format!("OPTIONAL INT32 {n} (DATE);"),
            ColumnValue::TextList(_) => format!(
                "REQUIRED GROUP {n} (LIST) {{ REPEATED GROUP list {{ REQUIRED BYTE_ARRAY element (STRING); }} }}"
            ),
        };
        s.push_str("  ");
        s.push_str(&line);
        s.push('\n');
    }
    s.push('}');
    s
}

/// The values of one column for the rows of the current row group, with the
/// Parquet definition levels (1 = present, 0 = null or, in a list, empty) and,
/// for lists, repetition levels (0 = a new row, 1 = the same row's next item).
#[derive(Default)]
struct ColumnBuffer {
    text: Vec<ByteArray>,
    int: Vec<i64>,
    float: Vec<f64>,
    flag: Vec<bool>,
    date: Vec<i32>,
    def: Vec<i16>,
    rep: Vec<i16>,
}

impl ColumnBuffer {
    fn push(&mut self, value: ColumnValue, row: &EventRow<'_>) {
        fn opt<T>(values: &mut Vec<T>, def: &mut Vec<i16>, v: Option<T>) {
            def.push(i16::from(v.is_some()));
            values.extend(v);
        }
        match value {
            ColumnValue::Text(f) => self.text.push(f(row).into()),
            ColumnValue::OptText(f) => opt(&mut self.text, &mut self.def, f(row).map(ByteArray::from)),
            ColumnValue::Int(f) => self.int.push(f(row)),
            ColumnValue::OptInt(f) => opt(&mut self.int, &mut self.def, f(row)),
            ColumnValue::OptFloat(f) => opt(&mut self.float, &mut self.def, f(row)),
            ColumnValue::Flag(f) => self.flag.push(f(row)),
            ColumnValue::OptFlag(f) => opt(&mut self.flag, &mut self.def, f(row)),
            ColumnValue::Date(f) => opt(&mut self.date, &mut self.def, f(row)),
            ColumnValue::TextList(f) => {
                let items = f(row);
                if items.is_empty() {
                    self.def.push(0);
                    self.rep.push(0);
                }
                for (i, item) in items.iter().enumerate() {
                    self.def.push(1);
                    self.rep.push(i16::from(i > 0));
                    self.text.push(item.as_str().into());
                }
            }
        }
    }

    fn clear(&mut self) {
        *self = ColumnBuffer::default();
    }
}

/// Rows in one row group unless told otherwise: large enough for good
/// compression, small enough that a writer holds a few tens of MB.
pub const DEFAULT_ROW_GROUP_ROWS: usize = 65_536;

/// Writes event records to a Parquet file, a row group at a time (Snappy
/// compressed). Call [`EventParquetWriter::finish`] to write the footer: a file
/// without it is not readable.
pub struct EventParquetWriter<W: Write + Send> {
    file: SerializedFileWriter<W>,
    columns: Vec<ColumnBuffer>,
    rows_in_group: usize,
    row_group_rows: usize,
    rows: u64,
}

impl<W: Write + Send> EventParquetWriter<W> {
    /// Starts a file on `out`.
    pub fn new(out: W) -> Result<Self, ParquetExportError> {
        let schema = Arc::new(parse_message_type(&schema_message())?);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("Chronicle {}", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(EventParquetWriter {
            file: SerializedFileWriter::new(out, schema, Arc::new(props))?,
            columns: COLUMNS.iter().map(|_| ColumnBuffer::default()).collect(),
            rows_in_group: 0,
            row_group_rows: DEFAULT_ROW_GROUP_ROWS,
            rows: 0,
        })
    }

    /// Sets how many rows make a row group (at least 1).
    pub fn with_row_group_rows(mut self, rows: usize) -> Self {
        self.row_group_rows = rows.max(1);
        self
    }

    /// Adds one event; `url` is its article's address, when known.
    pub fn write(&mut self, event: &EventRecord, url: Option<&str>) -> Result<(), ParquetExportError> {
        let row = EventRow { event, url };
        for (buffer, column) in self.columns.iter_mut().zip(COLUMNS) {
            buffer.push(column.value, &row);
        }
        self.rows_in_group += 1;
        self.rows += 1;
        if self.rows_in_group >= self.row_group_rows {
            self.flush_row_group()?;
        }
        Ok(())
    }

    /// Events written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    fn flush_row_group(&mut self) -> Result<(), ParquetExportError> {
        if self.rows_in_group == 0 {
            return Ok(());
        }
        let mut group = self.file.next_row_group()?;
        for (buffer, column) in self.columns.iter_mut().zip(COLUMNS) {
            let Some(mut writer) = group.next_column()? else {
                return Err(parquet::errors::ParquetError::General(format!(
                    "the schema has no column for {}",
                    column.name
                ))
                .into());
            };
            let def = Some(&buffer.def[..]).filter(|d| !d.is_empty());
            let rep = Some(&buffer.rep[..]).filter(|r| !r.is_empty());
            match column.value {
                ColumnValue::Text(_) | ColumnValue::OptText(_) | ColumnValue::TextList(_) => writer
                    .typed::<ByteArrayType>()
                    .write_batch(&buffer.text, def, rep)?,
                ColumnValue::Int(_) | ColumnValue::OptInt(_) => {
                    writer.typed::<Int64Type>().write_batch(&buffer.int, def, rep)?
                }
                ColumnValue::OptFloat(_) => {
                    writer
                        .typed::<DoubleType>()
                        .write_batch(&buffer.float, def, rep)?
                }
                ColumnValue::Flag(_) | ColumnValue::OptFlag(_) => {
                    writer.typed::<BoolType>().write_batch(&buffer.flag, def, rep)?
                }
                ColumnValue::Date(_) => writer.typed::<Int32Type>().write_batch(&buffer.date, def, rep)?,
            };
            writer.close()?;
            buffer.clear();
        }
        group.close()?;
        self.rows_in_group = 0;
        Ok(())
    }

    /// Writes the last row group and the footer, and gives the output back.
    pub fn finish(mut self) -> Result<W, ParquetExportError> {
        self.flush_row_group()?;
        Ok(self.file.into_inner()?)
    }
}

#[cfg(test)]
mod tests;
