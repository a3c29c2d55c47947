//! `sitrep serve`: a JSON API over an [`IncidentSource`] and the web page
//! (map, timeline, incident page with claims side by side), whose built
//! assets are embedded in the binary so that it works offline. The page
//! follows new incidents as they are stored through `GET /api/live`, and
//! `GET /metrics` counts what the server does.

mod api;
mod assets;
mod guard;
mod live;
mod openapi;
mod source;

pub use api::{ApiError, ExtractError, ExtractRequest, Extractor, MAX_EXTRACT_BYTES, MAX_LIMIT};
pub use guard::{AllowedHost, BadHostName, HostPolicy};
pub use live::{POLL_INTERVAL, REPLAY_LIMIT};
pub use source::{IncidentSource, LoadError, MemorySource, SourceError};

use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub source: Arc<dyn IncidentSource>,
    /// Runs the pipeline for `POST /api/extract`; `None` answers 503, for a
    /// server started without the language data.
    pub extractor: Option<Extractor>,
    /// One permit per extraction allowed to run at once. Extraction is
    /// CPU-bound: beyond one per core, more at once only makes each slower
    /// and lets a flood of requests starve the incident list, so the rest
    /// are turned away at once (503, `Retry-After`) rather than queued.
    pub extract_slots: Arc<Semaphore>,
    /// One permit per database read running at once. Reads wait for one
    /// (they are short) on the async side, so a burst of requests queues as
    /// cheap futures rather than as blocked threads.
    pub read_slots: Arc<Semaphore>,
    /// Host names the server answers to besides the address it listens on
    /// (`sitrep serve --allow-host`); see [`HostPolicy`].
    pub allowed_hosts: Vec<AllowedHost>,
    /// More lines for `GET /metrics`, in Prometheus' text format, after
    /// the server's own: the counters of the process that runs the server
    /// (`sitrep watch`: feeds, fetches, alerts). Called on every scrape.
    pub metrics: Option<Arc<dyn Fn() -> String + Send + Sync>>,
    /// The change feed's poller and the server's counters. Shared by every
    /// clone of the state, so that a server has one poller however many
    /// clients it has.
    live: Arc<live::Live>,
}

/// The number of cores, the default of both limits: extraction and reads
/// are CPU work.
pub fn default_concurrency() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

impl AppState {
    /// A state with one extraction and one read per core at once and no
    /// extra host names.
    pub fn new(source: Arc<dyn IncidentSource>, extractor: Option<Extractor>) -> Self {
        let n = default_concurrency();
        AppState {
            source,
            extractor,
            extract_slots: Arc::new(Semaphore::new(n)),
            read_slots: Arc::new(Semaphore::new(n)),
            allowed_hosts: Vec::new(),
            metrics: None,
            live: Arc::new(live::Live::new()),
        }
    }

    /// At most `n` extractions at once; 0 turns every one away.
    pub fn with_extract_limit(mut self, n: usize) -> Self {
        self.extract_slots = Arc::new(Semaphore::new(n.min(Semaphore::MAX_PERMITS)));
        self
    }

    /// At most `n` (at least 1) database reads at once: as many as the
    /// source has connections.
    pub fn with_read_limit(mut self, n: usize) -> Self {
        self.read_slots = Arc::new(Semaphore::new(n.clamp(1, Semaphore::MAX_PERMITS)));
        self
    }

    pub fn with_allowed_hosts(mut self, hosts: impl IntoIterator<Item = AllowedHost>) -> Self {
        self.allowed_hosts = hosts.into_iter().collect();
        self
    }

    /// Adds `f`'s lines to `GET /metrics` (see [`AppState::metrics`]).
    pub fn with_metrics(mut self, f: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.metrics = Some(Arc::new(f));
        self
    }
}

/// Every route of the API and the page, answering whatever `Host` a
/// request names: for tests and for embedding behind something that
/// checks it. [`serve`] runs [`router_for`].
pub fn router(state: AppState) -> Router {
    routes(state, None)
}

/// The routes as [`serve`] runs them on `bound`: requests whose `Host`
/// the [`HostPolicy`] of `bound` and `state.allowed_hosts` refuses are
/// answered 421, before any route sees them.
pub fn router_for(bound: SocketAddr, state: AppState) -> Router {
    let policy = HostPolicy::new(bound, state.allowed_hosts.clone());
    routes(state, Some(Arc::new(policy)))
}

fn routes(state: AppState, hosts: Option<Arc<HostPolicy>>) -> Router {
    let counters = state.live.clone();
    let api = Router::new()
        .route("/api/incidents", get(api::list_incidents))
        .route("/api/incidents/{id}", get(api::get_incident))
        .route("/api/documents/{id}", get(api::get_document))
        .route(
            "/api/extract",
            post(api::extract).layer(axum::extract::DefaultBodyLimit::max(MAX_EXTRACT_BYTES)),
        )
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/live", get(live::stream))
        .route("/metrics", get(live::metrics))
        .fallback(assets::static_or_page)
        .with_state(state);
    // Wrapped whole rather than layered: a route's 405 gets its Allow header
    // after the route's own layers, and the JSON error should name it.
    let mut app = Router::new()
        .fallback_service(api)
        .layer(axum::middleware::map_response(guard::json_errors));
    if let Some(policy) = hosts {
        app = app.layer(axum::middleware::from_fn_with_state(
            policy,
            guard::check_host,
        ));
    }
    app.layer(axum::middleware::map_response_with_state(
        counters,
        live::count,
    ))
    .layer(axum::middleware::map_response(security_headers))
}

/// Document text comes from the open web: should any of it ever reach the
/// DOM as markup, the policy still keeps inline scripts and handlers from
/// running.
async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot start the server runtime: {0}")]
    Runtime(std::io::Error),
    #[error("cannot listen on {addr}: {source} (is another server using that port? try --addr 127.0.0.1:0 for a free one)")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// Serves until Ctrl-C. `on_ready` gets the bound address (port 0 asks
/// for a free port, which tests and the e2e script read from it). Only
/// requests naming that address (or `state.allowed_hosts`) in `Host` are
/// answered: see [`HostPolicy`].
pub fn serve(
    addr: SocketAddr,
    state: AppState,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    // Every blocking task holds a read or an extraction slot, so this many
    // threads suffice; without the cap tokio starts a thread whenever none
    // is idle at that instant, and each leaves its malloc arena behind.
    let blocking = state.read_slots.available_permits() + state.extract_slots.available_permits();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(blocking.max(1))
        .build()
        .map_err(ServeError::Runtime)?;
    let streams = state.live.clone();
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Bind { addr, source })?;
        let bound = listener
            .local_addr()
            .map_err(|source| ServeError::Bind { addr, source })?;
        on_ready(bound);
        axum::serve(listener, router_for(bound, state))
            .with_graceful_shutdown(async move {
                // Without a signal handler, serve on until killed rather
                // than stop at once.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
                // A live stream never ends by itself: the graceful
                // shutdown would wait for its client to leave.
                streams.close();
            })
            .await
            .map_err(ServeError::Serve)
    })
}
