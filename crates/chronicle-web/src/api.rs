//! The JSON API: query parameters → [`EventFilter`] → the store → JSON.
//!
//! Every handler reads only. Parameters are checked before any query runs; a
//! bad one is a `400` whose JSON body names it and says what would be right.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::Json;
use chronicle_model::PLOVER_TYPES;
use chronicle_store::{EventFilter, Period, Store};
use serde_json::{json, Value};

use crate::highlight::segments;
use crate::{ApiError, AppState};

/// Events per page when the request names no `limit`.
pub const DEFAULT_PAGE: usize = 100;
/// The largest `limit` of any list.
pub const MAX_PAGE: usize = 1000;
/// The largest `offset`: deeper pages are for `chronicle export`.
pub const MAX_OFFSET: usize = 1_000_000;
/// The longest value of one parameter, in bytes.
pub const MAX_VALUE: usize = 200;

/// The filter parameters every list and aggregate takes.
const FILTERS: [&str; 8] = [
    "actor",
    "recipient",
    "type",
    "country",
    "since",
    "until",
    "place",
    "text",
];

/// Query parameters, checked.
struct Params {
    filter: EventFilter,
    limit: usize,
    offset: usize,
    period: Option<Period>,
}

/// Reads the filters plus the extra parameters an endpoint allows (`limit`,
/// `offset`, `period`); anything else is an error, so a typo is not a
/// silently ignored filter.
fn params(raw: &HashMap<String, String>, extra: &[&str], default_limit: usize) -> Result<Params, ApiError> {
    for (key, value) in raw {
        if !FILTERS.contains(&key.as_str()) && !extra.contains(&key.as_str()) {
            let mut known: Vec<&str> = FILTERS.to_vec();
            known.extend(extra);
            return Err(ApiError::bad(format!(
                "unknown parameter `{key}`; this endpoint takes {}",
                known.join(", ")
            )));
        }
        if value.len() > MAX_VALUE {
            return Err(ApiError::bad(format!(
                "parameter `{key}` is {} bytes long; the limit is {MAX_VALUE}",
                value.len()
            )));
        }
    }
    let get = |key: &str| {
        raw.get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(String::from)
    };
    let event_type = match get("type") {
        Some(t) => {
            let upper = t.to_ascii_uppercase();
            if !PLOVER_TYPES.contains(&upper.as_str()) {
                return Err(ApiError::bad(format!(
                    "unknown event type `{t}`; PLOVER types are {}",
                    PLOVER_TYPES.join(", ")
                )));
            }
            Some(upper)
        }
        None => None,
    };
    for key in ["since", "until"] {
        if let Some(d) = get(key) {
            if !is_date_prefix(&d) {
                return Err(ApiError::bad(format!(
                    "`{key}` must be a date YYYY-MM-DD, YYYY-MM or YYYY, not `{d}`"
                )));
            }
        }
    }
    if let Some(c) = get("country") {
        if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
            return Err(ApiError::bad(format!(
                "`country` must be an ISO alpha-3 code such as ARM, not `{c}`"
            )));
        }
    }
    let number = |key: &str, default: usize, max: usize| -> Result<usize, ApiError> {
        match get(key) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                Ok(n) => Err(ApiError::bad(format!(
                    "`{key}` is {n}; the largest allowed is {max}"
                ))),
                Err(_) => Err(ApiError::bad(format!(
                    "`{key}` must be a whole number, not `{v}`"
                ))),
            },
        }
    };
    let limit = number("limit", default_limit, MAX_PAGE)?;
    let offset = number("offset", 0, MAX_OFFSET)?;
    let period = match get("period").as_deref() {
        None | Some("auto") => None,
        Some("day") => Some(Period::Day),
        Some("week") => Some(Period::Week),
        Some("month") => Some(Period::Month),
        Some(other) => {
            return Err(ApiError::bad(format!(
                "`period` must be auto, day, week or month, not `{other}`"
            )))
        }
    };
    Ok(Params {
        filter: EventFilter {
            actor: get("actor"),
            recipient: get("recipient"),
            event_type,
            country: get("country").map(|c| c.to_ascii_uppercase()),
            since: get("since"),
            until: get("until"),
            place: get("place"),
            text: get("text"),
            limit: None,
            offset: None,
        },
        limit,
        offset,
        period,
    })
}

/// `2020`, `2020-11` or `2020-11-03`.
fn is_date_prefix(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    }
}

/// `GET /api/stats`: the size of the database.
pub async fn stats(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state
        .read(|store| {
            let s = store.stats()?;
            Ok(Json(json!({
                "articles": s.articles,
                "events": s.events,
                "sentences": s.sentences,
                "sources": s.sources,
                "schema_version": s.schema_version,
                "first_date": s.dates.as_ref().map(|d| &d.0),
                "last_date": s.dates.as_ref().map(|d| &d.1),
                "event_types": PLOVER_TYPES,
            })))
        })
        .await
}

/// `GET /api/events`: one page of the filtered events, with the total.
pub async fn events(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let p = params(&raw, &["limit", "offset"], DEFAULT_PAGE)?;
    state
        .read(move |store| {
            let total = store.count(&p.filter)?;
            let page = EventFilter {
                limit: Some(p.limit),
                offset: Some(p.offset),
                ..p.filter
            };
            let events = store.query(&page)?;
            Ok(Json(json!({
                "total": total,
                "limit": p.limit,
                "offset": p.offset,
                "events": events,
            })))
        })
        .await
}

/// `GET /api/timeline`: event counts per period and type.
pub async fn timeline(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let p = params(&raw, &["period"], 0)?;
    state
        .read(move |store| {
            let range = store.date_range(&p.filter)?;
            let period = p.period.unwrap_or_else(|| match &range {
                Some((first, last)) => Period::fitting(first, last, 120),
                None => Period::Day,
            });
            let periods = store.timeline(&p.filter, period)?;
            Ok(Json(json!({
                "period": period.name(),
                "first_date": range.as_ref().map(|r| &r.0),
                "last_date": range.as_ref().map(|r| &r.1),
                "periods": periods,
            })))
        })
        .await
}

/// `GET /api/places`: located events per place, most first.
pub async fn places(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let p = params(&raw, &["limit"], 500)?;
    state
        .read(move |store| Ok(Json(json!({ "places": store.places(&p.filter, p.limit)? }))))
        .await
}

/// `GET /api/actors`: actor codes by how often they take part, most first.
pub async fn actors(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let p = params(&raw, &["limit"], DEFAULT_PAGE)?;
    state
        .read(move |store| Ok(Json(json!({ "actors": store.actors(&p.filter, p.limit)? }))))
        .await
}

/// `GET /api/network`: the heaviest actor → recipient links and their actors.
pub async fn network(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let p = params(&raw, &["limit"], 80)?;
    state
        .read(move |store| {
            let links = store.network(&p.filter, p.limit)?;
            let mut nodes: Vec<Value> = Vec::new();
            let mut seen = std::collections::HashMap::<&str, usize>::new();
            for link in &links {
                for (code, out) in [(&link.source, true), (&link.target, false)] {
                    let i = *seen.entry(code.as_str()).or_insert_with(|| {
                        nodes.push(json!({ "code": code, "out": 0, "in": 0 }));
                        nodes.len() - 1
                    });
                    let key = if out { "out" } else { "in" };
                    let n = nodes[i][key].as_u64().unwrap_or(0) + link.total;
                    nodes[i][key] = json!(n);
                }
            }
            Ok(Json(json!({ "nodes": nodes, "links": links })))
        })
        .await
}

/// `GET /api/articles/{id}`: one article, its events, and its body cut into
/// runs by the parts of those events.
pub async fn article(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    if id.len() > 1000 {
        return Err(ApiError::bad("the article id is longer than 1000 bytes".into()));
    }
    state
        .read(move |store: &Store| {
            let Some(article) = store.article(&id)? else {
                return Err(ApiError::not_found(format!("no article with id `{id}`")));
            };
            let events = store.article_events(&id)?;
            let segments = segments(&article.text, &events);
            Ok(Json(json!({
                "article": article,
                "events": events,
                "segments": segments,
            })))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn error(pairs: &[(&str, &str)]) -> String {
        match params(&raw(pairs), &["limit", "offset"], DEFAULT_PAGE) {
            Ok(_) => panic!("{pairs:?} should be refused"),
            Err(e) => e.message,
        }
    }

    #[test]
    fn filters_become_an_event_filter() {
        let p = params(
            &raw(&[
                ("actor", " ARM "),
                ("type", "request"),
                ("country", "aze"),
                ("since", "2020-10"),
            ]),
            &["limit"],
            DEFAULT_PAGE,
        )
        .unwrap();
        assert_eq!(p.filter.actor.as_deref(), Some("ARM"));
        assert_eq!(p.filter.event_type.as_deref(), Some("REQUEST"));
        assert_eq!(p.filter.country.as_deref(), Some("AZE"));
        assert_eq!(p.filter.since.as_deref(), Some("2020-10"));
        assert_eq!((p.limit, p.offset), (DEFAULT_PAGE, 0));
    }

    #[test]
    fn bad_parameters_are_named() {
        assert!(error(&[("actr", "ARM")]).contains("unknown parameter `actr`"));
        assert!(error(&[("type", "BOMB")]).contains("unknown event type `BOMB`"));
        assert!(error(&[("since", "last week")]).contains("`since` must be a date"));
        assert!(error(&[("limit", "5000")]).contains("largest allowed is 1000"));
        assert!(error(&[("offset", "-1")]).contains("whole number"));
        assert!(error(&[("country", "Armenia")]).contains("ISO alpha-3"));
        assert!(error(&[("text", &"x".repeat(300))]).contains("300 bytes"));
        // `period` belongs to the timeline only.
        assert!(error(&[("period", "day")]).contains("unknown parameter `period`"));
    }

    #[test]
    fn date_prefixes() {
        assert!(is_date_prefix("2020") && is_date_prefix("2020-11") && is_date_prefix("2020-11-03"));
        assert!(!is_date_prefix("20-11") && !is_date_prefix("2020-1-3") && !is_date_prefix("yesterday"));
    }
}
