//! The page's files, built into the binary from `assets/`: the server needs
//! nothing on disk but the database.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::ApiError;

/// Name, content type and bytes of every file the page loads.
const FILES: &[(&str, &str, &str)] = &[
    (
        "index.html",
        "text/html; charset=utf-8",
        include_str!("../assets/index.html"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/app.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../assets/style.css"),
    ),
    (
        "world.json",
        "application/json",
        include_str!("../assets/world.json"),
    ),
];

/// The OpenAPI 3 description of the API.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

fn respond(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// `GET /`: the page.
pub async fn index() -> Response {
    file(Path("index.html".into())).await
}

/// `GET /{file}`: one of the page's files.
pub async fn file(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, content_type, body)) => respond(content_type, body),
        None => ApiError::not_found(format!("no file `{name}`")).into_response(),
    }
}

/// `GET /api/openapi.json`.
pub async fn openapi() -> Response {
    respond("application/json", OPENAPI)
}
