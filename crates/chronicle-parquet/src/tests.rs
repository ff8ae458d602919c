use std::collections::BTreeMap;

use bytes::Bytes;
use chronicle_model::{EventActor, EventRecord, Location, Trigger};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

use super::*;

fn full_event() -> EventRecord {
    EventRecord {
        id: "e1".into(),
        article_id: "karabakh".into(),
        sentence_index: 4,
        event_type: "REQUEST".into(),
        mode: Some("aid".into()),
        context: vec!["military".into(), "security".into()],
        cameo: Some("0234".into()),
        quad_class: Some(2),
        intensity: Some(-1.5),
        actor: Some(EventActor {
            text: "Armenian Prime Minister Nikol Pashinyan".into(),
            code: Some("ARMGOV".into()),
            country: Some("ARM".into()),
            sector: Some("GOV".into()),
            name: Some("Nikol Pashinyan".into()),
            span: (14, 54),
            inferred: false,
        }),
        recipient: Some(EventActor {
            text: "Russia".into(),
            code: Some("RUS".into()),
            country: Some("RUS".into()),
            sector: None,
            name: None,
            span: (74, 80),
            inferred: true,
        }),
        date: Some("2020-10-31".into()),
        date_text: Some("On Saturday".into()),
        date_source: Some("text".into()),
        date_precision: Some("day".into()),
        location: Some(Location {
            text: "Yerevan".into(),
            name: "Yerevan".into(),
            country: Some("ARM".into()),
            lat: Some(40.18),
            lon: Some(44.51),
            geonames_id: Some(616052),
            precision: "city".into(),
        }),
        negated: false,
        hypothetical: true,
        reported_by: Some(EventActor {
            text: "the ministry".into(),
            ..Default::default()
        }),
        fatalities: Some(3),
        injuries: None,
        fatalities_qualifier: Some("at_least".into()),
        injuries_qualifier: None,
        casualties_cumulative: true,
        trigger: Trigger {
            text: "asked".into(),
            span: (55, 60),
        },
        sentence: "On Saturday, …".into(),
        confidence: 0.86,
    }
}

/// Writes the events and reads every row back as column name → value.
fn round_trip(events: &[(EventRecord, Option<&str>)], group: usize) -> (Vec<BTreeMap<String, Field>>, usize) {
    let mut w = EventParquetWriter::new(Vec::new())
        .unwrap()
        .with_row_group_rows(group);
    for (e, url) in events {
        w.write(e, *url).unwrap();
    }
    assert_eq!(w.rows(), events.len() as u64);
    let bytes = w.finish().unwrap();
    let reader = SerializedFileReader::new(Bytes::from(bytes)).unwrap();
    let groups = reader.metadata().num_row_groups();
    let rows = reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(name, field)| (name.clone(), field.clone()))
                .collect()
        })
        .collect();
    (rows, groups)
}

fn text(s: &str) -> Field {
    Field::Str(s.into())
}

#[test]
fn every_field_of_a_full_record_reads_back() {
    let (rows, _) = round_trip(&[(full_event(), Some("https://news.example/a"))], 10);
    let r = &rows[0];
    assert_eq!(r.len(), COLUMNS.len());
    assert_eq!(r["id"], text("e1"));
    assert_eq!(r["url"], text("https://news.example/a"));
    assert_eq!(r["sentence_index"], Field::Long(4));
    assert_eq!(
        r["date"],
        Field::Date(18566),
        "2020-10-31 as days since 1970-01-01"
    );
    assert_eq!(r["event_type"], text("REQUEST"));
    assert_eq!(r["quad_class"], Field::Long(2));
    assert_eq!(r["intensity"], Field::Double(-1.5));
    assert_eq!(r["actor_code"], text("ARMGOV"));
    assert_eq!(r["actor_name"], text("Nikol Pashinyan"));
    assert_eq!(
        (&r["actor_start"], &r["actor_end"]),
        (&Field::Long(14), &Field::Long(54))
    );
    assert_eq!(r["recipient_sector"], Field::Null);
    assert_eq!(r["actor_inferred"], Field::Bool(false));
    assert_eq!(
        r["recipient_inferred"],
        Field::Bool(true),
        "the code was inferred"
    );
    assert_eq!(r["location_lat"], Field::Double(40.18));
    assert_eq!(r["location_geonames_id"], Field::Long(616052));
    assert_eq!(r["hypothetical"], Field::Bool(true));
    assert_eq!(r["negated"], Field::Bool(false));
    assert_eq!(r["reported_by_text"], text("the ministry"));
    assert_eq!(r["reported_by_code"], Field::Null);
    assert_eq!(r["fatalities"], Field::Long(3));
    assert_eq!(r["injuries"], Field::Null);
    assert_eq!(r["casualties_cumulative"], Field::Bool(true));
    assert_eq!(r["trigger_text"], text("asked"));
    assert_eq!(r["trigger_end"], Field::Long(60));
    assert_eq!(r["sentence"], text("On Saturday, …"));
    assert_eq!(r["confidence"], Field::Double(0.86));
    let Field::ListInternal(context) = &r["context"] else {
        panic!("context is a list: {:?}", r["context"]);
    };
    assert_eq!(context.elements(), &[text("military"), text("security")]);
}

#[test]
fn absent_values_are_nulls_and_an_empty_context_an_empty_list() {
    let (rows, _) = round_trip(&[(EventRecord::default(), None)], 10);
    let r = &rows[0];
    for name in [
        "url",
        "date",
        "mode",
        "actor_code",
        "actor_start",
        "actor_inferred",
        "location_name",
        "fatalities",
    ] {
        assert_eq!(r[name], Field::Null, "{name}");
    }
    assert_eq!(r["id"], text(""));
    let Field::ListInternal(context) = &r["context"] else {
        panic!("context is a list: {:?}", r["context"]);
    };
    assert!(context.elements().is_empty());
}

#[test]
fn rows_keep_their_order_across_row_groups() {
    let events: Vec<(EventRecord, Option<&str>)> = (0..5)
        .map(|i| {
            let mut e = full_event();
            e.id = format!("e{i}");
            e.context = (0..i).map(|k| format!("c{k}")).collect();
            if i % 2 == 0 {
                e.actor = None;
            }
            (e, None)
        })
        .collect();
    let (rows, groups) = round_trip(&events, 2);
    assert_eq!(groups, 3);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r["id"], text(&format!("e{i}")));
        assert_eq!(r["actor_code"] == Field::Null, i % 2 == 0, "row {i}");
        let Field::ListInternal(context) = &r["context"] else {
            panic!("context is a list");
        };
        assert_eq!(context.len(), i, "row {i}'s contexts");
    }
}

#[test]
fn the_schema_has_one_column_per_table_entry() {
    let schema = parse_message_type(&schema_message()).unwrap();
    let names: Vec<&str> = schema.get_fields().iter().map(|f| f.name()).collect();
    let expected: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
    assert_eq!(names, expected);
}

#[test]
fn dates_count_days_from_1970() {
    assert_eq!(days_since_epoch("1970-01-01"), Some(0));
    assert_eq!(days_since_epoch("1969-12-31"), Some(-1));
    assert_eq!(days_since_epoch("2000-02-29"), Some(11016));
    assert_eq!(days_since_epoch("2020-11-01"), Some(18567));
    assert_eq!(days_since_epoch("1600-03-01"), Some(-135080));
    for bad in [
        "2001-02-29",
        "2020-13-01",
        "2020-1-1",
        "2020-11",
        "yesterday",
        "2020-11-01x",
    ] {
        assert_eq!(days_since_epoch(bad), None, "{bad}");
    }
}

#[test]
fn a_failing_output_is_an_error_not_a_panic() {
    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let result = EventParquetWriter::new(Full).and_then(|mut w| {
        w.write(&full_event(), None)?;
        w.finish().map(|_| ())
    });
    assert!(result.is_err());
}
