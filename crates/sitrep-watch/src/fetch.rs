//! The polite HTTP fetcher: every GET that `sitrep watch` sends goes through
//! [`Fetcher::get`].
//!
//! Principal types: [`Fetcher`] (shared between worker threads), its
//! [`FetchConfig`], the [`Validators`] a caller keeps between polls, what a
//! GET gives back ([`Fetched`], a [`Page`]) and why it failed
//! ([`FetchError`]). [`parse_retry_after`] reads a `Retry-After` header.
//!
//! Politeness, in the order a GET meets it: at most
//! [`FetchConfig::per_host`] requests in flight to one host; robots.txt
//! (RFC 9309, agent token [`ROBOTS_AGENT`]) read once per origin and
//! [`FetchConfig::robots_ttl`]; its `Crawl-delay` spacing requests to that
//! host; conditional requests from the caller's validators, so an unchanged
//! feed costs the site a 304; gzip; and 429/503 surfaced with their
//! `Retry-After` so the scheduler can back off.

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use texting_robots::Robot;
use ureq::http::HeaderValue;
use ureq::ResponseExt;
use url::Url;

/// The product token robots.txt groups are matched against.
pub const ROBOTS_AGENT: &str = "sitrep";

/// RFC 9309 asks crawlers to parse at least 500 KiB; what lies beyond is
/// ignored rather than failing the whole file.
const ROBOTS_MAX_BYTES: u64 = 500 * 1024;

/// A robots.txt that could not be read forbids the host, but only until a
/// re-check this soon: an outage must not silence a feed for a whole TTL.
const ROBOTS_FAILURE_RETRY: Duration = Duration::from_secs(10 * 60);

/// A site asking for more than this between requests is asking for a
/// crawler we are not; we space requests by this at most.
const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// Longest wait a `Retry-After` can impose.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// How the fetcher behaves; see each field for its default.
#[derive(Clone, Debug)]
pub struct FetchConfig {
    /// The whole `User-Agent` header, built by the caller, e.g.
    /// `sitrep/0.1 (+mailto:desk@example.org)`.
    pub user_agent: String,
    /// The whole request, connect to last byte, redirects included; 30 s.
    pub timeout: Duration,
    /// Largest decompressed body accepted; 5 MiB. A larger one is
    /// [`FetchError::TooLarge`], read no further than `max_bytes + 1`.
    pub max_bytes: usize,
    /// Requests in flight at once to one host (host:port); 2. Callers past
    /// it block until a slot frees.
    pub per_host: usize,
    /// Redirects followed; 5. Zero follows none (a 3xx is then a
    /// [`FetchError::Status`]).
    pub max_redirects: u32,
    /// How long a host's robots.txt is trusted; 24 h.
    pub robots_ttl: Duration,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: format!("sitrep/{}", env!("CARGO_PKG_VERSION")),
            timeout: Duration::from_secs(30),
            max_bytes: 5 * 1024 * 1024,
            per_host: 2,
            max_redirects: 5,
            robots_ttl: Duration::from_secs(24 * 60 * 60),
        }
    }
}

/// What a server said identifies the version it sent: sent back on the next
/// GET so that an unchanged resource costs a 304.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful (2xx) response.
#[derive(Clone, Debug)]
pub struct Page {
    /// The final URL, after redirects.
    pub url: String,
    pub status: u16,
    pub content_type: Option<String>,
    /// Decompressed.
    pub body: Vec<u8>,
    /// `ETag` / `Last-Modified` of this response.
    pub validators: Validators,
}

/// The outcome of a GET that did not fail.
#[derive(Debug)]
pub enum Fetched {
    /// 304: the validators sent still hold.
    NotModified,
    Body(Page),
}

/// Why a GET failed. Every variant carries the URL asked for (not the one
/// redirected to), so that callers can attribute it to their feed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// 429 or 503.
    #[error(
        "{url}: HTTP {status}, the site asks us to slow down; sitrep waits {wait} before asking again",
        wait = wait_phrase(.retry_after)
    )]
    Throttled {
        url: String,
        status: u16,
        retry_after: Option<Duration>,
    },
    /// Any other status that is neither 2xx nor 304, after redirects.
    #[error("{url}: HTTP {status}; {advice}", advice = status_advice(*.status))]
    Status { url: String, status: u16 },
    /// robots.txt forbids this URL to [`ROBOTS_AGENT`], or could not be read.
    #[error(
        "{url}: robots.txt of {host} disallows this path for sitrep (a robots.txt that cannot be read disallows the whole site until it is checked again, within 10 minutes); remove the feed or ask the site",
        host = host_of(.url)
    )]
    Disallowed { url: String },
    #[error(
        "{url}: the body is larger than the {limit}-byte limit; sitrep skips it, raise the limit if this resource really is that big"
    )]
    TooLarge { url: String, limit: usize },
    /// DNS, connect, TLS, timeout, too many redirects, malformed response.
    #[error("{url}: {message}; the site may be down, sitrep retries with backoff")]
    Network { url: String, message: String },
    #[error("{url}: not an http(s) URL; fix it in the feeds file")]
    BadUrl { url: String },
}

impl FetchError {
    /// The URL that was asked for.
    pub fn url(&self) -> &str {
        match self {
            FetchError::Throttled { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::Disallowed { url }
            | FetchError::TooLarge { url, .. }
            | FetchError::Network { url, .. }
            | FetchError::BadUrl { url } => url,
        }
    }

    /// The HTTP status, when the server answered with one.
    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Throttled { status, .. } | FetchError::Status { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// How long the server asked us to wait, when it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Throttled { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

fn wait_phrase(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!("{} (its Retry-After)", secs(*d)),
        None => "with backoff".to_owned(),
    }
}

fn status_advice(status: u16) -> &'static str {
    match status {
        401 | 403 => "the site refuses us; remove the feed or ask the site for access",
        404 | 410 => "the resource is gone; check the URL in the feeds file",
        300..=399 => "a redirect sitrep did not follow; check the URL in the feeds file",
        400..=499 => "the site rejects the request; check the URL in the feeds file",
        _ => "the site is failing; sitrep retries with backoff",
    }
}

fn host_of(url: &str) -> String {
    Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| url.to_owned())
}

/// "30 s", "0.5 s": short enough for a log line, exact enough for tests'
/// sub-second timeouts.
fn secs(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// A `Retry-After` value: delay-seconds or an HTTP-date (any of RFC 9110's
/// three forms), the latter relative to `now`. `None` when unreadable; a
/// date already past is zero; capped at 24 h.
pub fn parse_retry_after(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is still "a very long time".
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs).min(MAX_RETRY_AFTER));
    }
    let at = parse_http_date(value)?;
    let wait = now.duration_until(at);
    // Negative when the date is past: retry now.
    let wait = Duration::try_from(wait).unwrap_or(Duration::ZERO);
    Some(wait.min(MAX_RETRY_AFTER))
}

fn parse_http_date(value: &str) -> Option<jiff::Timestamp> {
    // IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") is RFC 2822's grammar.
    static RFC2822: jiff::fmt::rfc2822::DateTimeParser = jiff::fmt::rfc2822::DateTimeParser::new();
    if let Ok(ts) = RFC2822.parse_timestamp(value) {
        return Some(ts);
    }
    // The obsolete RFC 850 and asctime forms, which recipients must still
    // accept; both are in GMT.
    let obsolete = ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"];
    obsolete.iter().find_map(|format| {
        let tm = jiff::fmt::strtime::parse(format, value).ok()?;
        let dt = tm.to_datetime().ok()?;
        jiff::tz::TimeZone::UTC.to_timestamp(dt).ok()
    })
}

/// Polite GETs, shared by `Arc` between worker threads.
pub struct Fetcher {
    config: FetchConfig,
    agent: ureq::Agent,
    slots: HostSlots,
    /// One entry per origin; its own lock is held while robots.txt is being
    /// fetched so that concurrent GETs to that origin wait for one fetch
    /// instead of each sending their own.
    robots: Mutex<HashMap<String, Arc<Mutex<Option<RobotsEntry>>>>>,
    /// Per host:port, the earliest instant the next request may start,
    /// when robots.txt set a `Crawl-delay`.
    next_start: Mutex<HashMap<String, Instant>>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The URL of one GET, checked and taken apart.
struct Target {
    /// Normalised: non-ASCII paths percent-encoded, IDN hosts in punycode,
    /// which `http::Uri` (and so ureq) requires.
    url: Url,
    /// `host:port`: what the per-host limit and crawl delay count by.
    host: String,
    /// `scheme://host:port`: what robots.txt covers.
    origin: String,
}

impl Target {
    fn parse(raw: &str) -> Result<Target, FetchError> {
        let bad = || FetchError::BadUrl {
            url: raw.to_owned(),
        };
        let url = Url::parse(raw.trim()).map_err(|_| bad())?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(bad());
        }
        let host = url.host_str().filter(|h| !h.is_empty()).ok_or_else(bad)?;
        let port = url.port_or_known_default().ok_or_else(bad)?;
        let host = format!("{host}:{port}");
        let origin = format!("{}://{host}", url.scheme());
        Ok(Target { url, host, origin })
    }
}

enum Rules {
    AllowAll,
    Parsed(Box<Robot>),
    /// The server failed (5xx, 429): everything is disallowed.
    ServerError,
    /// robots.txt could not be fetched at all, for this reason: everything
    /// is disallowed too, but reported as the network error it is, since
    /// the page itself would have failed the same way.
    Unreachable(String),
}

struct RobotsEntry {
    rules: Rules,
    crawl_delay: Option<Duration>,
    expires: Instant,
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Fetcher {
        let agent = ureq::Agent::config_builder()
            // Statuses are ours to map: a 304, a 429's Retry-After.
            .http_status_as_error(false)
            .timeout_global(Some(config.timeout))
            .max_redirects(config.max_redirects)
            .user_agent(config.user_agent.as_str())
            .build()
            .new_agent();
        Fetcher {
            slots: HostSlots::new(config.per_host.max(1)),
            config,
            agent,
            robots: Mutex::new(HashMap::new()),
            next_start: Mutex::new(HashMap::new()),
        }
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// One GET: waits for a per-host slot, checks robots.txt (cached per
    /// origin), waits out the host's crawl delay, sends `If-None-Match` /
    /// `If-Modified-Since` from `validators` and `Accept-Encoding: gzip`,
    /// follows redirects.
    ///
    /// The per-host limit, robots.txt and crawl delay are those of the
    /// URL asked for; a redirect to another host is followed within the
    /// same request.
    pub fn get(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let target = Target::parse(url)?;
        // The robots.txt fetch happens inside the slot too: it is a request
        // to the host like any other.
        let _slot = self.slots.acquire(&target.host);
        if let Some(delay) = self.robots_verdict(url, &target)? {
            self.wait_turn(&target.host, delay);
        }
        self.fetch_page(url, &target, validators)
    }

    fn fetch_page(
        &self,
        url: &str,
        target: &Target,
        validators: &Validators,
    ) -> Result<Fetched, FetchError> {
        let mut request = self.agent.get(target.url.as_str());
        // A validator that is not a valid header value (a server's mistake,
        // stored by the caller) is dropped rather than failing every poll.
        let conditional = [
            ("If-None-Match", &validators.etag),
            ("If-Modified-Since", &validators.last_modified),
        ];
        for (name, value) in conditional {
            if let Some(value) = value.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
                request = request.header(name, value);
            }
        }
        let mut response = request.call().map_err(|e| self.failure(url, e))?;

        let status = response.status().as_u16();
        match status {
            304 => Ok(Fetched::NotModified),
            200..=299 => {
                let header = |name: &str| {
                    response
                        .headers()
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .map(|v| v.trim().to_owned())
                };
                let content_type = header("content-type");
                let validators = Validators {
                    etag: header("etag"),
                    last_modified: header("last-modified"),
                };
                let final_url = response.get_uri().to_string();
                let body = response
                    .body_mut()
                    .with_config()
                    .limit(self.config.max_bytes as u64)
                    .read_to_vec()
                    .map_err(|e| self.failure(url, e))?;
                Ok(Fetched::Body(Page {
                    url: final_url,
                    status,
                    content_type,
                    body,
                    validators,
                }))
            }
            429 | 503 => {
                let retry_after = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| parse_retry_after(v, jiff::Timestamp::now()));
                Err(FetchError::Throttled {
                    url: url.to_owned(),
                    status,
                    retry_after,
                })
            }
            _ => Err(FetchError::Status {
                url: url.to_owned(),
                status,
            }),
        }
    }

    fn failure(&self, url: &str, error: ureq::Error) -> FetchError {
        let message = match error {
            ureq::Error::BodyExceedsLimit(_) => {
                return FetchError::TooLarge {
                    url: url.to_owned(),
                    limit: self.config.max_bytes,
                }
            }
            ureq::Error::Timeout(_) => format!("timed out after {}", secs(self.config.timeout)),
            ureq::Error::HostNotFound => "host not found (DNS)".to_owned(),
            ureq::Error::TooManyRedirects => {
                format!("more than {} redirects", self.config.max_redirects)
            }
            ureq::Error::Io(e) => format!("connection failed: {e}"),
            ureq::Error::Protocol(e) => format!("malformed HTTP response: {e}"),
            ureq::Error::Decompress(encoding, e) => {
                format!("could not decompress the {encoding} body: {e}")
            }
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) => format!("TLS failed: {error}"),
            other => other.to_string(),
        };
        FetchError::Network {
            url: url.to_owned(),
            message,
        }
    }

    /// Whether robots.txt lets us GET `target` and, when it does, the crawl
    /// delay it sets; fetches robots.txt when the cached copy is missing or
    /// stale.
    fn robots_verdict(&self, url: &str, target: &Target) -> Result<Option<Duration>, FetchError> {
        let entry = Arc::clone(lock(&self.robots).entry(target.origin.clone()).or_default());
        let mut entry = lock(&entry);
        if entry.as_ref().is_none_or(|e| e.expires <= Instant::now()) {
            *entry = Some(self.fetch_robots(target));
        }
        let disallowed = || FetchError::Disallowed {
            url: url.to_owned(),
        };
        let Some(entry) = entry.as_ref() else {
            return Err(disallowed());
        };
        match &entry.rules {
            Rules::AllowAll => Ok(entry.crawl_delay),
            Rules::Parsed(robot) if robot.allowed(target.url.as_str()) => Ok(entry.crawl_delay),
            Rules::Parsed(_) | Rules::ServerError => Err(disallowed()),
            Rules::Unreachable(why) => Err(FetchError::Network {
                url: url.to_owned(),
                message: format!("robots.txt of {} could not be fetched: {why}", target.host),
            }),
        }
    }

    fn fetch_robots(&self, target: &Target) -> RobotsEntry {
        let robots_url = format!("{}/robots.txt", target.origin);
        let failed = |rules| RobotsEntry {
            rules,
            crawl_delay: None,
            expires: Instant::now() + self.config.robots_ttl.min(ROBOTS_FAILURE_RETRY),
        };
        let unreachable = |error| {
            let why = match self.failure(&robots_url, error) {
                FetchError::Network { message, .. } => message,
                other => other.to_string(),
            };
            failed(Rules::Unreachable(why))
        };
        let trusted = |rules, crawl_delay| RobotsEntry {
            rules,
            crawl_delay,
            expires: Instant::now() + self.config.robots_ttl,
        };
        let mut response = match self.agent.get(&robots_url).call() {
            Ok(response) => response,
            Err(error) => return unreachable(error),
        };
        match response.status().as_u16() {
            200..=299 => {
                let mut body = Vec::new();
                let read = response
                    .body_mut()
                    .as_reader()
                    .take(ROBOTS_MAX_BYTES)
                    .read_to_end(&mut body);
                if let Err(error) = read {
                    return unreachable(error.into());
                }
                match Robot::new(ROBOTS_AGENT, &body) {
                    Ok(robot) => {
                        let delay = robot.delay.and_then(crawl_delay);
                        trusted(Rules::Parsed(Box::new(robot)), delay)
                    }
                    // RFC 9309 leaves an unparsable file to the crawler;
                    // a site that meant to forbid us would have said so
                    // readably.
                    Err(_) => trusted(Rules::AllowAll, None),
                }
            }
            // 429 says "slow down" rather than "no robots.txt here": treated
            // like a server error, as Google does.
            429 => failed(Rules::ServerError),
            // No robots.txt (or a redirect chain that went nowhere): RFC 9309
            // says "unavailable", which allows everything.
            300..=499 => trusted(Rules::AllowAll, None),
            _ => failed(Rules::ServerError),
        }
    }

    /// Sleeps until this host's crawl delay since the previous request to
    /// it has passed. Each caller reserves its start instant under the lock,
    /// so concurrent callers line up one delay apart.
    fn wait_turn(&self, host: &str, delay: Duration) {
        let start = {
            let mut next = lock(&self.next_start);
            let now = Instant::now();
            let start = next.get(host).map_or(now, |&t| t.max(now));
            next.insert(host.to_owned(), start + delay);
            start
        };
        let wait = start.saturating_duration_since(Instant::now());
        if !wait.is_zero() {
            thread::sleep(wait);
        }
    }
}

fn crawl_delay(seconds: f32) -> Option<Duration> {
    let delay = Duration::try_from_secs_f32(seconds).ok()?;
    (!delay.is_zero()).then(|| delay.min(MAX_CRAWL_DELAY))
}

/// A poisoned lock only means another thread panicked mid-GET; the maps it
/// guards stay consistent, so carry on rather than spread the panic.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Counts requests in flight per host and makes callers past the limit wait.
struct HostSlots {
    limit: usize,
    busy: Mutex<HashMap<String, usize>>,
    freed: Condvar,
}

/// A taken slot, given back on drop: also on error and on panic.
struct Slot<'a> {
    slots: &'a HostSlots,
    host: String,
}

impl HostSlots {
    fn new(limit: usize) -> HostSlots {
        HostSlots {
            limit,
            busy: Mutex::new(HashMap::new()),
            freed: Condvar::new(),
        }
    }

    fn acquire(&self, host: &str) -> Slot<'_> {
        let mut busy = lock(&self.busy);
        while busy.get(host).copied().unwrap_or(0) >= self.limit {
            busy = self
                .freed
                .wait(busy)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *busy.entry(host.to_owned()).or_insert(0) += 1;
        Slot {
            slots: self,
            host: host.to_owned(),
        }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut busy = lock(&self.slots.busy);
        if let Some(n) = busy.get_mut(&self.host) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                // Keeps the map as small as the set of hosts being fetched.
                busy.remove(&self.host);
            }
        }
        drop(busy);
        // Waiters for several hosts share one condvar: wake them all, each
        // re-checks its own host.
        self.slots.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetcher_is_shareable_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Fetcher>();
    }

    #[test]
    fn targets_are_keyed_by_host_and_port() {
        let t = Target::parse("https://Example.org/a?b").unwrap();
        assert_eq!(t.host, "example.org:443");
        assert_eq!(t.origin, "https://example.org:443");
        let t = Target::parse("http://example.org:8080/").unwrap();
        assert_eq!(t.host, "example.org:8080");
        // ureq needs the path percent-encoded; feeds often are not.
        let t = Target::parse("https://example.fr/frappe-à-kidal").unwrap();
        assert_eq!(t.url.as_str(), "https://example.fr/frappe-%C3%A0-kidal");
    }

    #[test]
    fn non_http_urls_are_bad() {
        for url in [
            "ftp://example.org/",
            "example.org/feed",
            "",
            "http://",
            "file:///etc/passwd",
        ] {
            assert!(
                matches!(Target::parse(url), Err(FetchError::BadUrl { .. })),
                "{url}"
            );
        }
    }

    #[test]
    fn crawl_delay_is_capped_and_sane() {
        assert_eq!(crawl_delay(2.5), Some(Duration::from_millis(2500)));
        assert_eq!(crawl_delay(3600.0), Some(MAX_CRAWL_DELAY));
        assert_eq!(crawl_delay(0.0), None);
        assert_eq!(crawl_delay(-1.0), None);
        assert_eq!(crawl_delay(f32::NAN), None);
    }

    #[test]
    fn slots_are_given_back_on_panic() {
        let slots = HostSlots::new(1);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _slot = slots.acquire("a:80");
            panic!("mid-request");
        }));
        assert!(caught.is_err());
        // Would block forever if the slot had leaked.
        let _again = slots.acquire("a:80");
        assert!(lock(&slots.busy).get("a:80") == Some(&1));
    }

    #[test]
    fn messages_say_what_to_do() {
        let e = FetchError::Disallowed {
            url: "https://example.org/x".into(),
        };
        assert!(e
            .to_string()
            .contains("robots.txt of example.org disallows"));
        let e = FetchError::Network {
            url: "https://example.org/x".into(),
            message: format!("timed out after {}", secs(Duration::from_secs(30))),
        };
        assert_eq!(
            e.to_string(),
            "https://example.org/x: timed out after 30 s; the site may be down, sitrep retries with backoff"
        );
        let e = FetchError::Throttled {
            url: "u".into(),
            status: 429,
            retry_after: Some(Duration::from_millis(1500)),
        };
        assert!(e.to_string().contains("waits 1.5 s"), "{e}");
    }
}
