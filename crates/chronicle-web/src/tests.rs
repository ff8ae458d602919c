//! API tests over a real SQLite file, through the router (no socket).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chronicle_model::{CleanArticle, EventActor, EventRecord, Location, Trigger};
use chronicle_store::Store;
use serde_json::Value;
use tower::ServiceExt;

use super::*;

fn actor(code: &str, text: &str, sentence: &str) -> Option<EventActor> {
    let start = sentence.find(text).unwrap();
    Some(EventActor {
        text: text.into(),
        code: Some(code.into()),
        country: Some(code[..3].into()),
        span: (start, start + text.len()),
        ..Default::default()
    })
}

fn event(
    id: &str,
    article: &str,
    index: usize,
    kind: &str,
    date: &str,
    sentence: &str,
    parts: [&str; 3],
) -> EventRecord {
    let [who, did, whom] = parts;
    let t = sentence.find(did).unwrap();
    EventRecord {
        id: id.into(),
        article_id: article.into(),
        sentence_index: index,
        event_type: kind.into(),
        date: Some(date.into()),
        actor: actor(&format!("{who}GOV"), who_text(who), sentence),
        recipient: actor(&format!("{whom}GOV"), who_text(whom), sentence),
        trigger: Trigger {
            text: did.into(),
            span: (t, t + did.len()),
        },
        sentence: sentence.into(),
        confidence: 0.9,
        ..Default::default()
    }
}

fn who_text(code: &str) -> &'static str {
    match code {
        "ARM" => "Armenia",
        "AZE" => "Azerbaijan",
        _ => "Russia",
    }
}

/// A database file with two articles; one's title and body hold markup.
fn database() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.db");
    let mut store = Store::open(&path).unwrap();
    let s1 = "Armenia asked Russia for help.";
    let s2 = "Azerbaijan accused Armenia of shelling.";
    let mut request = event(
        "e1",
        "a1",
        0,
        "REQUEST",
        "2020-10-31",
        s1,
        ["ARM", "asked", "RUS"],
    );
    request.location = Some(Location {
        text: "Yerevan".into(),
        name: "Yerevan".into(),
        country: Some("ARM".into()),
        lat: Some(40.18),
        lon: Some(44.51),
        precision: "city".into(),
        ..Default::default()
    });
    let accuse = event(
        "e2",
        "a1",
        1,
        "ACCUSE",
        "2020-11-02",
        s2,
        ["AZE", "accused", "ARM"],
    );
    let hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)>";
    let a1 = CleanArticle {
        id: "a1".into(),
        title: Some(format!("Talks {hostile}")),
        date: Some("2020-11-02".into()),
        text: format!("{s1} {s2}\n\n{hostile}"),
        removed: vec!["Share this article".into()],
        ..Default::default()
    };
    let a2 = CleanArticle {
        id: "a2".into(),
        text: "Nothing happened.".into(),
        ..Default::default()
    };
    store
        .insert_batch(&[(a1, vec![request, accuse]), (a2, vec![])])
        .unwrap();
    (dir, path)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value, axum::http::HeaderMap) {
    let response = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24).await.unwrap();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, json, headers)
}

fn app() -> (tempfile::TempDir, Router) {
    let (dir, path) = database();
    (dir, router(AppState::open(&path).unwrap()))
}

#[tokio::test]
async fn events_page_with_total_and_filters() {
    let (_dir, app) = app();
    let (status, body, _) = get(&app, "/api/events").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["total"], 2);
    assert_eq!(body["events"][0]["id"], "e1");
    let (_, body, _) = get(&app, "/api/events?type=accuse").await;
    assert_eq!(body["total"], 1);
    assert_eq!(body["events"][0]["event_type"], "ACCUSE");
    let (_, body, _) = get(&app, "/api/events?limit=1&offset=1").await;
    assert_eq!(
        (body["total"].as_u64(), body["events"].as_array().map(Vec::len)),
        (Some(2), Some(1))
    );
    assert_eq!(body["events"][0]["id"], "e2");
    let (_, body, _) = get(&app, "/api/events?place=yere&since=2020-10&until=2020-10").await;
    assert_eq!(body["total"], 1);
    let (_, body, _) = get(&app, "/api/events?text=shelling%20armenia").await;
    assert_eq!(body["events"][0]["id"], "e2");
}

#[tokio::test]
async fn aggregates_for_the_views() {
    let (_dir, app) = app();
    let (_, body, _) = get(&app, "/api/timeline").await;
    assert_eq!(body["period"], "day");
    assert_eq!(body["periods"].as_array().unwrap().len(), 2);
    assert_eq!(body["periods"][1]["by_type"]["ACCUSE"], 1);
    let (_, body, _) = get(&app, "/api/timeline?period=month").await;
    assert_eq!(
        body["periods"].as_array().unwrap().len(),
        2,
        "October and November"
    );
    let (_, body, _) = get(&app, "/api/places").await;
    assert_eq!(body["places"][0]["name"], "Yerevan");
    assert_eq!(body["places"][0]["total"], 1);
    let (_, body, _) = get(&app, "/api/actors?limit=1").await;
    assert_eq!(body["actors"].as_array().unwrap().len(), 1);
    assert_eq!(body["actors"][0]["code"], "ARMGOV");
    let (_, body, _) = get(&app, "/api/network").await;
    assert_eq!(body["links"].as_array().unwrap().len(), 2);
    assert_eq!(body["nodes"].as_array().unwrap().len(), 3);
    let arm = body["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "ARMGOV")
        .unwrap();
    assert_eq!((arm["out"].as_u64(), arm["in"].as_u64()), (Some(1), Some(1)));
    let (_, body, _) = get(&app, "/api/stats").await;
    assert_eq!(
        (body["articles"].as_u64(), body["events"].as_u64()),
        (Some(2), Some(2))
    );
}

#[tokio::test]
async fn an_article_with_its_events_and_marked_body() {
    let (_dir, app) = app();
    let (status, body, _) = get(&app, "/api/articles/a1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["events"].as_array().unwrap().len(), 2);
    assert_eq!(body["article"]["removed"][0], "Share this article");
    let segments = body["segments"].as_array().unwrap();
    let text: String = segments.iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert_eq!(
        text,
        body["article"]["text"].as_str().unwrap(),
        "the runs rebuild the body"
    );
    let marked = |role: &str| -> Vec<&str> {
        segments
            .iter()
            .filter(|s| s["role"] == role)
            .map(|s| s["text"].as_str().unwrap())
            .collect()
    };
    assert_eq!(marked("trigger"), ["asked", "accused"]);
    assert_eq!(marked("actor"), ["Armenia", "Azerbaijan"]);
    assert_eq!(marked("recipient"), ["Russia", "Armenia"]);
    let (status, body, _) = get(&app, "/api/articles/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"].as_str().unwrap().contains("nope"));
}

#[tokio::test]
async fn bad_requests_are_4xx_with_a_reason() {
    let (_dir, app) = app();
    for (uri, status, words) in [
        (
            "/api/events?type=BOMB",
            StatusCode::BAD_REQUEST,
            "unknown event type",
        ),
        (
            "/api/events?limit=100000",
            StatusCode::BAD_REQUEST,
            "largest allowed is 1000",
        ),
        (
            "/api/events?since=yesterday",
            StatusCode::BAD_REQUEST,
            "must be a date",
        ),
        (
            "/api/events?colour=red",
            StatusCode::BAD_REQUEST,
            "unknown parameter `colour`",
        ),
        (
            "/api/timeline?period=hour",
            StatusCode::BAD_REQUEST,
            "`period` must be",
        ),
        ("/api/nothing", StatusCode::NOT_FOUND, "no such page"),
    ] {
        let (got, body, _) = get(&app, uri).await;
        assert_eq!(got, status, "{uri}");
        assert!(
            body["error"].as_str().unwrap_or("").contains(words),
            "{uri}: {body}"
        );
    }
    let long = format!("/api/events?text={}", "a".repeat(MAX_URI));
    assert_eq!(get(&app, &long).await.0, StatusCode::URI_TOO_LONG);
    let post = Request::post("/api/events").body(Body::from("x")).unwrap();
    let response = app.clone().oneshot(post).await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn the_page_and_its_files_carry_a_strict_policy() {
    let (_dir, app) = app();
    for (uri, kind) in [
        ("/", "text/html"),
        ("/app.js", "text/javascript"),
        ("/style.css", "text/css"),
        ("/world.json", "application/json"),
        ("/api/openapi.json", "application/json"),
    ] {
        let response = app
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        let headers = response.headers();
        assert!(
            headers["content-type"].to_str().unwrap().starts_with(kind),
            "{uri}"
        );
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
    }
}

#[test]
fn the_openapi_description_lists_every_route() {
    let spec: Value = serde_json::from_str(assets::OPENAPI).unwrap();
    let paths: Vec<&String> = spec["paths"].as_object().unwrap().keys().collect();
    let source = include_str!("lib.rs");
    let routed: Vec<&str> = source
        .lines()
        .filter_map(|l| l.trim().strip_prefix(".route(\"/api/"))
        .filter_map(|l| l.split('"').next())
        .collect();
    assert!(!routed.is_empty());
    for r in &routed {
        assert!(
            paths.iter().any(|p| p.as_str() == format!("/api/{r}")),
            "{r} is not described"
        );
    }
    assert_eq!(paths.len(), routed.len(), "described but not routed: {paths:?}");
}

#[test]
fn a_missing_database_fails_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let err = AppState::open(&dir.path().join("none.db")).err().unwrap();
    assert!(err.to_string().contains("none.db"), "{err}");
}
