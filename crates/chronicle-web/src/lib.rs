//! Chronicle's HTTP API and web page over the event database.
//!
//! `chronicle serve` calls [`run`]: it opens the database read-only, binds
//! (loopback unless told otherwise) and serves
//!
//! - the JSON API under `/api/` ([`api`]; described by `/api/openapi.json`),
//! - the page at `/`: plain JavaScript and SVG from `assets/`, built into the
//!   binary, drawing a timeline, a map, an actor network, an event table and an
//!   article view from the API's aggregates.
//!
//! **Invariants.** The server only reads: every handler opens the store
//! read-only. Article text from the open web reaches the page as JSON strings
//! and is put into the page as text nodes only; the page's Content Security
//! Policy allows no inline script either. Requests are bounded: GET only, no
//! body, a URI of at most [`MAX_URI`] bytes, pages of at most
//! [`api::MAX_PAGE`] items.

pub mod api;
mod assets;
pub mod highlight;

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chronicle_store::{Store, StoreError};
use serde_json::json;

/// The longest request URI served, in bytes.
pub const MAX_URI: usize = 4096;

/// What can stop the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The database could not be opened for reading.
    #[error("{path}: {source}")]
    Database {
        /// The file.
        path: String,
        /// Why.
        source: StoreError,
    },
    /// The address could not be bound or served.
    #[error("cannot serve on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// The system's reason.
        source: std::io::Error,
    },
}

/// An API error: an HTTP status and a message for the JSON body `{"error": …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The status code.
    pub status: StatusCode,
    /// What was wrong, for a person.
    pub message: String,
}

impl ApiError {
    /// A `400 Bad Request`.
    pub fn bad(message: String) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message,
        }
    }

    /// A `404 Not Found`.
    pub fn not_found(message: String) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: e.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

/// The server's shared state: where the database is and a few open read-only
/// connections to reuse (SQLite connections are not shared between threads).
#[derive(Clone)]
pub struct AppState {
    path: Arc<PathBuf>,
    idle: Arc<Mutex<Vec<Store>>>,
}

impl AppState {
    /// State over the database at `path`, which must exist at the current
    /// schema version (checked here, so a bad file fails at start, not at the
    /// first request).
    pub fn open(path: &Path) -> Result<AppState, WebError> {
        let store = Store::open_read_only(path).map_err(|source| WebError::Database {
            path: path.display().to_string(),
            source,
        })?;
        Ok(AppState {
            path: Arc::new(path.to_path_buf()),
            idle: Arc::new(Mutex::new(vec![store])),
        })
    }

    /// Runs `work` with a read-only store on a blocking thread.
    async fn read<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let state = self.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let taken = state.idle.lock().map(|mut idle| idle.pop()).unwrap_or(None);
            let store = match taken {
                Some(store) => store,
                None => Store::open_read_only(state.path.as_path())?,
            };
            let result = work(&store);
            if let Ok(mut idle) = state.idle.lock() {
                if idle.len() < 8 {
                    idle.push(store);
                }
            }
            result
        })
        .await;
        joined.unwrap_or_else(|e| {
            Err(ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                message: format!("the request failed: {e}"),
            })
        })
    }
}

/// The routes: the API, its description and the page's files.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/stats", get(api::stats))
        .route("/api/events", get(api::events))
        .route("/api/timeline", get(api::timeline))
        .route("/api/places", get(api::places))
        .route("/api/actors", get(api::actors))
        .route("/api/network", get(api::network))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/openapi.json", get(assets::openapi))
        .route("/", get(assets::index))
        .route("/{file}", get(assets::file))
        .fallback(|| async { ApiError::not_found("no such page".into()) })
        .with_state(state)
        .layer(DefaultBodyLimit::max(0))
        .layer(middleware::from_fn(guard))
}

/// Refuses what a read-only server never needs (other methods than GET/HEAD,
/// long URIs, bodies) and adds the security headers to every response.
async fn guard(request: Request, next: Next) -> Response {
    let refused = if request.method() != Method::GET && request.method() != Method::HEAD {
        Some(ApiError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            message: format!("{} is not allowed: this server only reads", request.method()),
        })
    } else if request.uri().to_string().len() > MAX_URI {
        Some(ApiError {
            status: StatusCode::URI_TOO_LONG,
            message: format!("the request URI is longer than {MAX_URI} bytes"),
        })
    } else if request
        .headers()
        .get(header::CONTENT_LENGTH)
        .is_some_and(|v| v.as_bytes() != b"0")
    {
        Some(ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: "requests to this server have no body".into(),
        })
    } else {
        None
    };
    let mut response = match refused {
        Some(error) => error.into_response(),
        None => next.run(request).await,
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// Serves the database at `db` on `addr` until `shutdown` completes, calling
/// `ready` with the bound address (port 0 picks a free one) once it listens.
/// Builds its own runtime: the caller need not know about async.
pub fn run(
    db: &Path,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), WebError> {
    let state = AppState::open(db)?;
    let bind_error = |source| WebError::Bind {
        addr: addr.to_string(),
        source,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(bind_error)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(bind_error)?;
        ready(listener.local_addr().map_err(bind_error)?);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(bind_error)
    })
}

/// Completes on Ctrl-C (or SIGTERM on Unix): the usual `shutdown` for [`run`].
pub async fn interrupted() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

#[cfg(test)]
mod tests;
