//! Aggregates over the filtered events, computed in SQL so that a page or a
//! report over 100,000 events receives dozens of rows, not the events: counts
//! per period and type (a timeline), per place (a map), per actor, and per
//! actor → recipient pair (a network).
//!
//! Every function takes the same [`EventFilter`] as [`Store::query`]; its
//! `limit` and `offset` are ignored (each aggregate has its own `limit`).

use std::collections::BTreeMap;

use chronicle_model::PLOVER_TYPES;
use rusqlite::types::Value;

use crate::{filter_sql, EventFilter, Result, Store};

/// The length of a timeline's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// One bar per day.
    Day,
    /// One bar per week, starting on Monday.
    Week,
    /// One bar per calendar month.
    Month,
}

impl Period {
    /// `day`, `week` or `month`.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// The SQL expression of the first day of the period of `date`.
    fn start_sql(self) -> &'static str {
        match self {
            Period::Day => "date",
            // 'weekday 1' moves forward to a Monday: step back six days first.
            Period::Week => "date(date, '-6 days', 'weekday 1')",
            Period::Month => "substr(date, 1, 7) || '-01'",
        }
    }

    /// The shortest period that draws the dates from `first` to `last`
    /// (`YYYY-MM-DD`) in at most `bars` bars.
    pub fn fitting(first: &str, last: &str, bars: u32) -> Period {
        let days = days_between(first, last).unwrap_or(0) + 1;
        if days <= i64::from(bars) {
            Period::Day
        } else if days <= 7 * i64::from(bars) {
            Period::Week
        } else {
            Period::Month
        }
    }
}

/// Days from `a` to `b` (both `YYYY-MM-DD`), or `None` if either is not a date.
fn days_between(a: &str, b: &str) -> Option<i64> {
    Some(day_number(b)? - day_number(a)?)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.get(..10)?.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Whether a PLOVER type is cooperation (the first eight of [`PLOVER_TYPES`],
/// `AGREE` … `REQUEST`) rather than conflict (`ACCUSE` … `ASSAULT`).
pub fn is_cooperation(event_type: &str) -> bool {
    PLOVER_TYPES[..8].contains(&event_type)
}

/// The SQL list of the cooperative types: `('AGREE', 'CONSULT', …)`.
fn cooperation_sql() -> String {
    let quoted: Vec<String> = PLOVER_TYPES[..8].iter().map(|t| format!("'{t}'")).collect();
    format!("({})", quoted.join(", "))
}

/// Event counts of one period, by type.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PeriodCount {
    /// The period's first day, `YYYY-MM-DD`.
    pub start: String,
    /// Events in the period.
    pub total: u64,
    /// Events per PLOVER type, only the types that occur.
    pub by_type: BTreeMap<String, u64>,
}

/// The events of one place.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlaceCount {
    /// Gazetteer name.
    pub name: String,
    /// ISO alpha-3 country.
    pub country: Option<String>,
    /// `city`, `region` or `country`.
    pub precision: Option<String>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
    /// Events there.
    pub total: u64,
    /// Events per PLOVER type.
    pub by_type: BTreeMap<String, u64>,
}

/// One actor code and how often it acts and is acted on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActorCount {
    /// The actor's code (`ARMGOV`).
    pub code: String,
    /// A name the text gives for this code (the alphabetically last), if any.
    pub name: Option<String>,
    /// Events with this code as the actor.
    pub as_actor: u64,
    /// Events with this code as the recipient.
    pub as_recipient: u64,
}

/// The events one actor directed at one recipient.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActorLink {
    /// The actor's code.
    pub source: String,
    /// The recipient's code.
    pub target: String,
    /// Events from `source` to `target`.
    pub total: u64,
    /// Of those, cooperation (see [`is_cooperation`]).
    pub cooperation: u64,
    /// Of those, conflict.
    pub conflict: u64,
}

impl Store {
    /// How many events pass the filter (its `limit` and `offset` ignored).
    pub fn count(&self, filter: &EventFilter) -> Result<u64> {
        let (where_sql, values) = filter_sql(filter);
        let n: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM events{where_sql}"),
            rusqlite::params_from_iter(values),
            |r| r.get(0),
        )?;
        Ok(n.max(0) as u64)
    }

    /// The earliest and latest date of the filtered events, if any has a date.
    pub fn date_range(&self, filter: &EventFilter) -> Result<Option<(String, String)>> {
        let (where_sql, values) = filter_sql(filter);
        let range: (Option<String>, Option<String>) = self.conn.query_row(
            &format!("SELECT min(date), max(date) FROM events{where_sql}"),
            rusqlite::params_from_iter(values),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(match range {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        })
    }

    /// Dated events per period and type, in date order. Undated events are left out.
    pub fn timeline(&self, filter: &EventFilter, period: Period) -> Result<Vec<PeriodCount>> {
        let (where_sql, values) = filter_sql(filter);
        let dated = if where_sql.is_empty() { " WHERE" } else { " AND" };
        let sql = format!(
            "SELECT {start} AS period, event_type, count(*) FROM events{where_sql}{dated} date IS NOT NULL \
             GROUP BY period, event_type ORDER BY period",
            start = period.start_sql()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        let mut out: Vec<PeriodCount> = Vec::new();
        while let Some(row) = rows.next()? {
            let Some(start) = row.get::<_, Option<String>>(0)? else {
                continue; // a date SQLite cannot read
            };
            let event_type: String = row.get(1)?;
            let n = row.get::<_, i64>(2)?.max(0) as u64;
            match out.last_mut() {
                Some(last) if last.start == start => {
                    last.total += n;
                    *last.by_type.entry(event_type).or_default() += n;
                }
                _ => out.push(PeriodCount {
                    start,
                    total: n,
                    by_type: BTreeMap::from([(event_type, n)]),
                }),
            }
        }
        Ok(out)
    }

    /// Located events per place, the `limit` places with most events first.
    pub fn places(&self, filter: &EventFilter, limit: usize) -> Result<Vec<PlaceCount>> {
        let (where_sql, values) = filter_sql(filter);
        let located = if where_sql.is_empty() { " WHERE" } else { " AND" };
        let sql = format!(
            "SELECT location_name, location_country, location_precision, location_lat, location_lon, \
             event_type, count(*) FROM events{where_sql}{located} location_name IS NOT NULL \
             GROUP BY location_name, location_country, location_lat, location_lon, event_type"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        type PlaceKey = (String, Option<String>, Option<String>, Option<u64>, Option<u64>);
        let mut by_place: BTreeMap<PlaceKey, PlaceCount> = BTreeMap::new();
        while let Some(row) = rows.next()? {
            let name: String = row.get(0)?;
            let country: Option<String> = row.get(1)?;
            let precision: Option<String> = row.get(2)?;
            let lat: Option<f64> = row.get(3)?;
            let lon: Option<f64> = row.get(4)?;
            let event_type: String = row.get(5)?;
            let n = row.get::<_, i64>(6)?.max(0) as u64;
            let key = (
                name.clone(),
                country.clone(),
                precision.clone(),
                lat.map(f64::to_bits),
                lon.map(f64::to_bits),
            );
            let place = by_place.entry(key).or_insert_with(|| PlaceCount {
                name,
                country,
                precision,
                lat,
                lon,
                total: 0,
                by_type: BTreeMap::new(),
            });
            place.total += n;
            *place.by_type.entry(event_type).or_default() += n;
        }
        let mut places: Vec<PlaceCount> = by_place.into_values().collect();
        places.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));
        places.truncate(limit);
        Ok(places)
    }

    /// Actor codes by how often they take part in the filtered events (as actor
    /// or recipient), the `limit` most frequent first.
    pub fn actors(&self, filter: &EventFilter, limit: usize) -> Result<Vec<ActorCount>> {
        let (where_sql, values) = filter_sql(filter);
        // The filter's values are used twice: once per side.
        let mut all: Vec<Value> = values.clone();
        all.extend(values);
        let sql = format!(
            "SELECT code, max(name), sum(as_actor), sum(as_recipient) FROM ( \
               SELECT actor_code AS code, actor_name AS name, 1 AS as_actor, 0 AS as_recipient \
                 FROM events{where_sql} \
               UNION ALL \
               SELECT recipient_code, recipient_name, 0, 1 FROM events{where_sql} \
             ) WHERE code IS NOT NULL GROUP BY code \
             ORDER BY sum(as_actor) + sum(as_recipient) DESC, code LIMIT ?"
        );
        all.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(all), |r| {
            Ok(ActorCount {
                code: r.get(0)?,
                name: r.get(1)?,
                as_actor: r.get::<_, i64>(2)?.max(0) as u64,
                as_recipient: r.get::<_, i64>(3)?.max(0) as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Actor → recipient pairs with their event counts, the `limit` heaviest
    /// first. Events without both codes are left out.
    pub fn network(&self, filter: &EventFilter, limit: usize) -> Result<Vec<ActorLink>> {
        let (where_sql, mut values) = filter_sql(filter);
        let both = if where_sql.is_empty() { " WHERE" } else { " AND" };
        let sql = format!(
            "SELECT actor_code, recipient_code, count(*), \
               sum(CASE WHEN event_type IN {coop} THEN 1 ELSE 0 END) \
             FROM events{where_sql}{both} actor_code IS NOT NULL AND recipient_code IS NOT NULL \
               AND actor_code <> recipient_code \
             GROUP BY actor_code, recipient_code ORDER BY count(*) DESC, actor_code, recipient_code LIMIT ?",
            coop = cooperation_sql()
        );
        values.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
            let total = r.get::<_, i64>(2)?.max(0) as u64;
            let cooperation = r.get::<_, i64>(3)?.max(0) as u64;
            Ok(ActorLink {
                source: r.get(0)?,
                target: r.get(1)?,
                total,
                cooperation,
                conflict: total - cooperation.min(total),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The events of one article, in the order of its sentences and triggers.
    pub fn article_events(&self, article_id: &str) -> Result<Vec<chronicle_model::EventRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, record FROM events WHERE article_id = ? ORDER BY sentence_index, trigger_start, id",
        )?;
        let rows = stmt.query_map([article_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row?;
            out.push(crate::parse_record(id, &json)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_match_the_calendar() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(
            day_number("2020-03-01")
                .zip(day_number("2020-02-28"))
                .map(|(a, b)| a - b),
            Some(2)
        );
        assert_eq!(days_between("2020-12-31", "2021-01-01"), Some(1));
        assert_eq!(day_number("2020-13-01"), None);
        assert_eq!(day_number("soon"), None);
    }

    #[test]
    fn the_period_fits_the_bars() {
        assert_eq!(Period::fitting("2020-09-27", "2020-11-25", 120), Period::Day);
        assert_eq!(Period::fitting("2020-01-01", "2020-12-31", 120), Period::Week);
        assert_eq!(Period::fitting("2015-01-01", "2020-12-31", 120), Period::Month);
    }

    #[test]
    fn the_first_eight_types_are_cooperation() {
        assert!(is_cooperation("AGREE") && is_cooperation("REQUEST"));
        assert!(!is_cooperation("ACCUSE") && !is_cooperation("ASSAULT"));
    }
}
