//! Fetching feeds and pages over HTTP(S), politely and defensively.
//!
//! - only `http` and `https` addresses, at most 5 redirects;
//! - a timeout per request (`--timeout`, 30 s), and retries with backoff
//!   (1 s, 2 s, 4 s…) after a timeout, a failed connection, a 5xx or a 429;
//! - one request per host at a time and at least `--per-host` seconds between
//!   requests to the same host;
//! - conditional requests: the `ETag` and `Last-Modified` of the last fetch of
//!   an address (kept in the database by `ingest`) are sent back, and a
//!   `304 Not Modified` ends the matter;
//! - a size limit on every body after decompression (10 MB), so a gzip bomb
//!   stops at the limit;
//! - a User-Agent that says who is asking.
//!
//! Every refusal and failure is an error that names the address and the reason.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The limits and manners of fetching.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// Time allowed for one request, connection to last byte.
    pub timeout: Duration,
    /// Further tries after a transient failure.
    pub retries: u32,
    /// The wait before the first retry; doubled for each next one.
    pub backoff: Duration,
    /// The least time between two requests to one host.
    pub per_host: Duration,
    /// The largest body read, after decompression.
    pub limit: usize,
}

impl Default for FetchPolicy {
    fn default() -> FetchPolicy {
        FetchPolicy {
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_secs(1),
            per_host: Duration::from_secs(1),
            limit: chronicle_text::warc::DEFAULT_LIMIT,
        }
    }
}

/// The validators of an earlier fetch: `ETag` and `Last-Modified`.
pub type Validators = (Option<String>, Option<String>);

/// What a fetch brought.
#[derive(Debug)]
pub enum Fetched {
    /// A 200 response.
    Body {
        /// The body, decompressed.
        bytes: Vec<u8>,
        /// Its `Content-Type`, lowercased (empty when absent).
        content_type: String,
        /// The validators to send next time.
        validators: Validators,
    },
    /// `304 Not Modified`: nothing new since the validators sent.
    NotModified,
}

/// Fetches with one agent, remembering when each host was last asked.
pub struct Fetcher {
    /// Made at the first address: reading files never builds an HTTP client.
    agent: Option<ureq::Agent>,
    policy: FetchPolicy,
    last_request: HashMap<String, Instant>,
}

/// The User-Agent Chronicle sends.
pub const USER_AGENT: &str = concat!(
    "Chronicle/",
    env!("CARGO_PKG_VERSION"),
    " (political event data from news; respects ETag and rate limits)"
);

impl Fetcher {
    /// A fetcher with these limits.
    pub fn new(policy: FetchPolicy) -> Fetcher {
        Fetcher {
            agent: None,
            policy,
            last_request: HashMap::new(),
        }
    }

    /// The HTTP client, made on first use.
    fn agent(&mut self) -> ureq::Agent {
        let timeout = self.policy.timeout;
        self.agent
            .get_or_insert_with(|| {
                ureq::Agent::config_builder()
                    .timeout_global(Some(timeout))
                    .max_redirects(5)
                    .http_status_as_error(false)
                    .user_agent(USER_AGENT)
                    .build()
                    .into()
            })
            .clone()
    }

    /// GETs `url`, sending `validators` from an earlier fetch if given.
    pub fn get(&mut self, url: &str, validators: Option<&Validators>) -> anyhow::Result<Fetched> {
        let Some(host) = host_of(url) else {
            anyhow::bail!("{url}: refused: only http:// and https:// addresses are fetched");
        };
        let mut attempt = 0;
        loop {
            self.wait_for(&host);
            let mut request = self.agent().get(url);
            if let Some((etag, modified)) = validators {
                if let Some(etag) = etag {
                    request = request.header("If-None-Match", etag);
                }
                if let Some(modified) = modified {
                    request = request.header("If-Modified-Since", modified);
                }
            }
            let outcome = request.call();
            self.last_request.insert(host.clone(), Instant::now());
            let transient = match &outcome {
                Ok(r) => r.status().as_u16() >= 500 || r.status().as_u16() == 429,
                Err(e) => matches!(
                    e,
                    ureq::Error::Timeout(_) | ureq::Error::ConnectionFailed | ureq::Error::Io(_)
                ),
            };
            if transient && attempt < self.policy.retries {
                std::thread::sleep(self.policy.backoff * 2u32.pow(attempt));
                attempt += 1;
                continue;
            }
            let tries = if attempt > 0 {
                format!(" (after {} tries)", attempt + 1)
            } else {
                String::new()
            };
            let mut response = outcome.map_err(|e| anyhow::anyhow!("{url}: {}{tries}", describe(&e)))?;
            let status = response.status().as_u16();
            if status == 304 {
                return Ok(Fetched::NotModified);
            }
            if status != 200 {
                anyhow::bail!("{url}: HTTP {status}{tries}");
            }
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(String::from)
            };
            let content_type = header("content-type").unwrap_or_default().to_ascii_lowercase();
            let validators = (header("etag"), header("last-modified"));
            let bytes = response
                .body_mut()
                .with_config()
                .limit(self.policy.limit as u64)
                .read_to_vec()
                .map_err(|e| match e {
                    ureq::Error::BodyExceedsLimit(_) => anyhow::anyhow!(
                        "{url}: refused: the body is larger than the {} byte limit",
                        self.policy.limit
                    ),
                    other => anyhow::anyhow!("{url}: {}", describe(&other)),
                })?;
            return Ok(Fetched::Body {
                bytes,
                content_type,
                validators,
            });
        }
    }

    /// Sleeps until this host may be asked again.
    fn wait_for(&self, host: &str) {
        if let Some(last) = self.last_request.get(host) {
            let since = last.elapsed();
            if since < self.policy.per_host {
                std::thread::sleep(self.policy.per_host - since);
            }
        }
    }
}

/// The host (with port) of an `http(s)` address; `None` for any other scheme.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Whether an input names a web address rather than a file.
pub fn is_url(input: &str) -> bool {
    input.starts_with("http://") || input.starts_with("https://")
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::ConnectionFailed => "the connection failed".into(),
        ureq::Error::HostNotFound => "no such host".into(),
        ureq::Error::TooManyRedirects => "refused: more than 5 redirects".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_schemes() {
        assert_eq!(
            host_of("https://News.example:8443/a?b").as_deref(),
            Some("news.example:8443")
        );
        assert_eq!(host_of("http://127.0.0.1:9/feed").as_deref(), Some("127.0.0.1:9"));
        assert_eq!(host_of("ftp://news.example/a"), None);
        assert_eq!(host_of("javascript:alert(1)"), None);
        assert_eq!(host_of("https:///nohost"), None);
        assert!(is_url("https://a.example/") && !is_url("feeds.txt"));
    }

    #[test]
    fn other_schemes_are_refused_with_a_reason() {
        let mut f = Fetcher::new(FetchPolicy::default());
        let err = f.get("file:///etc/passwd", None).unwrap_err().to_string();
        assert!(err.contains("only http:// and https://"), "{err}");
    }
}
