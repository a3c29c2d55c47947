//! The live part of the server: `GET /api/live` streams incidents to the
//! page as they are stored (Server-Sent Events), and `GET /metrics` tells
//! what the server has been doing, in Prometheus' text format.
//!
//! One poller reads the source's change feed ([`IncidentSource::changes`])
//! for every client at once, every [`POLL_INTERVAL`], and only while some
//! client listens: an idle server reads nothing. Each read's incidents are
//! written as JSON once and broadcast to every client; a client too slow to
//! keep up gets `resync` (reload your list) rather than a silent gap.
//!
//! Every stream starts with `ready`, whose id is where the client stands:
//! every change after it follows. A client that comes back with
//! `Last-Event-ID` first gets what it missed, read from the source itself
//! (up to [`REPLAY_LIMIT`] incidents; beyond that, or for an id this
//! database never gave, `resync`), then `ready`. The page loads its list
//! once `ready` has come, so nothing stored between its list and its
//! stream is lost.
//!
//! A request that does not ask for `text/event-stream` in `Accept` (curl, a
//! script, an API checker; `EventSource` always asks) gets the same events
//! up to `ready`, and then the answer ends: polling with `Last-Event-ID`
//! works, and nothing waits on a stream that never ends.

use crate::api::ApiError;
use crate::{AppState, IncidentSource, SourceError};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use sitrep_core::ChangePage;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::fmt::Write as _;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch, Notify, Semaphore};

/// How often the poller reads the change feed: well inside the two seconds
/// a new incident may take to reach the page, and a light load on the
/// database (one indexed read).
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// Incidents per read of the poller. A full page is followed by the next
/// read at once, so a large ingest reaches the page in a few reads.
const POLL_LIMIT: usize = 200;
/// The most incidents a returning client is sent to catch up; a page that
/// missed more reloads its list, which is quicker than replaying them.
pub const REPLAY_LIMIT: usize = 1000;
/// Proxies and browsers drop a connection that stays silent for long; a
/// comment line now and then keeps it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How soon `EventSource` reconnects after losing the stream.
const RETRY: Duration = Duration::from_secs(2);
/// Reads a client may fall behind by (while its connection is slow) before
/// it is told to resync.
const FEED_CAPACITY: usize = 32;
/// Events buffered for one client's connection.
const CLIENT_BUFFER: usize = 64;
/// The longest wait between reads while the source fails.
const MAX_BACKOFF: Duration = Duration::from_secs(4);

/// One read of the change feed, each incident already in JSON, so that a
/// hundred clients cost one serialization.
struct Batch {
    /// The change number of the last incident.
    last: u64,
    incidents: Vec<Arc<str>>,
}

impl Batch {
    fn of(page: ChangePage) -> Result<Self, SourceError> {
        let incidents = page
            .incidents
            .iter()
            .map(|i| serde_json::to_string(i).map(Arc::from))
            .collect::<Result<_, _>>()
            .map_err(|e| SourceError::new(format!("cannot write an incident as JSON: {e}")))?;
        Ok(Batch {
            last: page.last,
            incidents,
        })
    }
}

/// The poller's state, shared with the requests that subscribe.
#[derive(Default)]
struct Poller {
    /// The number of the run that is polling, if one is. A run that ends
    /// clears it only if it is still its own, so a run that stopped cannot
    /// undo the one started after it.
    running: Option<u64>,
    runs: u64,
    /// The change number up to which the running poller has broadcast;
    /// `None` until it has read where to start.
    cursor: Option<u64>,
}

/// The change feed's poller, its subscribers and the server's counters:
/// one per server, shared by every clone of its [`AppState`].
pub(crate) struct Live {
    feed: broadcast::Sender<Arc<Batch>>,
    poller: Mutex<Poller>,
    /// Woken when a run has read where it starts.
    started: Notify,
    /// Set when the server shuts down: open streams end, so that the
    /// graceful shutdown need not wait for clients that never leave.
    closing: watch::Sender<bool>,
    clients: AtomicU64,
    events: AtomicU64,
    polls: AtomicU64,
    poll_errors: AtomicU64,
    /// Responses by status class, 1xx to 5xx.
    responses: [AtomicU64; 5],
}

impl Live {
    pub(crate) fn new() -> Self {
        Live {
            feed: broadcast::channel(FEED_CAPACITY).0,
            poller: Mutex::new(Poller::default()),
            started: Notify::new(),
            closing: watch::channel(false).0,
            clients: AtomicU64::new(0),
            events: AtomicU64::new(0),
            polls: AtomicU64::new(0),
            poll_errors: AtomicU64::new(0),
            responses: Default::default(),
        }
    }

    // The state is a few numbers set in one step each, so a panic
    // elsewhere cannot leave it half-changed: a poisoned lock is still
    // sound to use.
    fn lock(&self) -> MutexGuard<'_, Poller> {
        self.poller.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Subscribes to the feed and starts the poller if none runs. Both
    /// under the lock with which the poller decides to stop, so that it
    /// cannot stop just as a client comes.
    fn subscribe(self: &Arc<Self>, state: &AppState) -> broadcast::Receiver<Arc<Batch>> {
        let mut p = self.lock();
        let rx = self.feed.subscribe();
        if p.running.is_none() && !*self.closing.borrow() {
            p.runs += 1;
            let run = p.runs;
            p.running = Some(run);
            p.cursor = None;
            tokio::spawn(poll(
                self.clone(),
                run,
                state.source.clone(),
                state.read_slots.clone(),
            ));
        }
        rx
    }

    /// Where the running poller stands, once it knows. A client that
    /// subscribed before asking gets every batch after it.
    async fn position(&self) -> u64 {
        loop {
            let mut started = std::pin::pin!(self.started.notified());
            started.as_mut().enable();
            let cursor = self.lock().cursor;
            if let Some(c) = cursor {
                return c;
            }
            started.await;
        }
    }

    /// Where the poller stands now (for a client that fell behind).
    fn cursor(&self) -> Option<u64> {
        self.lock().cursor
    }

    /// Stops `run` if nobody listens any more (or the server shuts down).
    fn stop_if_idle(&self, run: u64) -> bool {
        let mut p = self.lock();
        if p.running != Some(run) {
            return true;
        }
        if self.feed.receiver_count() > 0 && !*self.closing.borrow() {
            return false;
        }
        p.running = None;
        p.cursor = None;
        true
    }

    /// Sends a batch and moves the cursor past it in one step: a client
    /// that reads the cursor has either this batch in its queue or the
    /// cursor beyond it.
    fn publish(&self, run: u64, last: u64, batch: Option<Arc<Batch>>) {
        let mut p = self.lock();
        if p.running != Some(run) {
            return;
        }
        if let Some(b) = batch {
            // No receiver is no error: the poller stops at its next turn.
            let _ = self.feed.send(b);
        }
        let first = p.cursor.is_none();
        p.cursor = Some(last);
        drop(p);
        if first {
            self.started.notify_waiters();
        }
    }

    /// Ends every open stream; called when the server shuts down.
    pub(crate) fn close(&self) {
        self.closing.send_replace(true);
    }

    fn count_status(&self, status: StatusCode) {
        let class = usize::from(status.as_u16() / 100).clamp(1, 5) - 1;
        self.responses[class].fetch_add(1, Ordering::Relaxed);
    }

    /// The server's own lines of `GET /metrics`.
    fn render(&self) -> String {
        let mut out = String::new();
        let mut metric = |name: &str, kind: &str, help: &str, values: &[(&str, u64)]| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
            for (labels, v) in values {
                let _ = writeln!(out, "{name}{labels} {v}");
            }
        };
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        metric(
            "sitrep_live_clients",
            "gauge",
            "Clients connected to the live stream (/api/live).",
            &[("", get(&self.clients))],
        );
        metric(
            "sitrep_live_events_total",
            "counter",
            "Incident and resync events sent on /api/live.",
            &[("", get(&self.events))],
        );
        metric(
            "sitrep_live_polls_total",
            "counter",
            "Reads of the change feed by the live poller.",
            &[("", get(&self.polls))],
        );
        metric(
            "sitrep_live_poll_errors_total",
            "counter",
            "Reads of the change feed by the live poller that failed.",
            &[("", get(&self.poll_errors))],
        );
        let by_class: Vec<(String, u64)> = self
            .responses
            .iter()
            .enumerate()
            .map(|(k, n)| (format!("{{code=\"{}xx\"}}", k + 1), get(n)))
            .collect();
        let by_class: Vec<(&str, u64)> = by_class.iter().map(|(l, n)| (l.as_str(), *n)).collect();
        metric(
            "sitrep_http_requests_total",
            "counter",
            "HTTP requests answered, by status class.",
            &by_class,
        );
        out
    }
}

/// Clears the run when its task ends however it ends, a panic included,
/// so that the next client starts a new one.
struct Run {
    live: Arc<Live>,
    run: u64,
}

impl Drop for Run {
    fn drop(&mut self) {
        let mut p = self.live.lock();
        if p.running == Some(self.run) {
            p.running = None;
            p.cursor = None;
        }
    }
}

/// A read of the source on the blocking pool, holding a read slot as the
/// API's reads do, so that live clients never crowd out the page's
/// requests.
async fn read<T: Send + 'static>(
    source: &Arc<dyn IncidentSource>,
    slots: &Arc<Semaphore>,
    f: impl FnOnce(&dyn IncidentSource) -> Result<T, SourceError> + Send + 'static,
) -> Result<T, SourceError> {
    let permit = slots
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| SourceError::new("the server is shutting down"))?;
    let source = source.clone();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        f(source.as_ref())
    })
    .await
    .map_err(|e| SourceError::new(format!("the read of the change feed failed: {e}")))?
}

/// The poller: reads where the feed stands, then what changed after it,
/// until nobody listens. A failing source is reported once per outage and
/// read again, more slowly, until it answers.
async fn poll(live: Arc<Live>, run: u64, source: Arc<dyn IncidentSource>, slots: Arc<Semaphore>) {
    let _run = Run {
        live: live.clone(),
        run,
    };
    let mut cursor: Option<u64> = None;
    let mut failures = 0u32;
    loop {
        if live.stop_if_idle(run) {
            return;
        }
        live.polls.fetch_add(1, Ordering::Relaxed);
        let result = match cursor {
            None => read(&source, &slots, |s| Ok((s.changes(0, 0)?.last, None))).await,
            Some(after) => {
                read(&source, &slots, move |s| {
                    let page = s.changes(after, POLL_LIMIT)?;
                    let full = page.incidents.len() >= POLL_LIMIT;
                    let batch = (!page.incidents.is_empty())
                        .then(|| Batch::of(page))
                        .transpose()?;
                    let last = batch.as_ref().map_or(after, |b| b.last);
                    Ok((last, batch.map(|b| (b, full))))
                })
                .await
            }
        };
        let delay = match result {
            Ok((last, batch)) => {
                if failures > 0 {
                    eprintln!("sitrep: live updates: the change feed reads again");
                    failures = 0;
                }
                let full = batch.as_ref().is_some_and(|(_, full)| *full);
                live.publish(run, last, batch.map(|(b, _)| Arc::new(b)));
                cursor = Some(last);
                if full {
                    Duration::ZERO
                } else {
                    POLL_INTERVAL
                }
            }
            Err(e) => {
                live.poll_errors.fetch_add(1, Ordering::Relaxed);
                if failures == 0 {
                    eprintln!(
                        "sitrep: live updates: cannot read the change feed: {e}; \
                         retrying until it answers (the page's live view waits meanwhile)"
                    );
                }
                failures = failures.saturating_add(1);
                POLL_INTERVAL
                    .saturating_mul(1 << failures.min(4))
                    .min(MAX_BACKOFF)
            }
        };
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
    }
}

/// What a returning client missed.
enum Replay {
    Changes(Batch),
    Resync { at: u64, reason: String },
}

/// The changes after `after`, read from the source: at most
/// [`REPLAY_LIMIT`], else `resync`; and `resync` for a change number beyond
/// the newest (a database rebuilt or replaced since the client saw it).
async fn replay(state: &AppState, after: u64) -> Result<Replay, SourceError> {
    read(&state.source, &state.read_slots, move |s| {
        let page = s.changes(after, REPLAY_LIMIT)?;
        let n = page.incidents.len();
        if n == 0 || n >= REPLAY_LIMIT {
            let newest = s.changes(0, 0)?.last;
            if n == 0 && after > newest {
                return Ok(Replay::Resync {
                    at: newest,
                    reason: format!(
                        "this database has no change {after} (its newest is {newest}): it was rebuilt or replaced"
                    ),
                });
            }
            if n >= REPLAY_LIMIT && page.last < newest {
                return Ok(Replay::Resync {
                    at: newest,
                    reason: format!("more than {REPLAY_LIMIT} incidents changed since {after}"),
                });
            }
        }
        Ok(Replay::Changes(Batch::of(page)?))
    })
    .await
}

/// The batch's incidents as events. Only the last carries the batch's
/// change number: the feed gives no number per incident, and a client cut
/// off in the middle comes back with the previous one and is sent the
/// whole batch again, which the page merges like any other update.
fn incident_events(b: &Batch) -> impl Iterator<Item = Event> + '_ {
    let n = b.incidents.len();
    b.incidents.iter().enumerate().map(move |(k, json)| {
        let e = Event::default().event("incident").data(&**json);
        if k + 1 == n {
            e.id(b.last.to_string())
        } else {
            e
        }
    })
}

fn resync_event(at: u64, reason: &str) -> Event {
    Event::default()
        .event("resync")
        .id(at.to_string())
        .data(serde_json::json!({ "reason": reason }).to_string())
}

fn ready_event(at: u64) -> Event {
    Event::default()
        .event("ready")
        .id(at.to_string())
        .data(serde_json::json!({ "last": at }).to_string())
}

/// `Last-Event-ID`: a change number as this server sends them. Anything
/// else is refused rather than read as "from now", which would lose what
/// the client missed without telling it.
fn last_event_id(headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    let mut given = headers.get_all("last-event-id").iter();
    let Some(value) = given.next() else {
        return Ok(None);
    };
    if given.next().is_some() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "several Last-Event-ID headers; send one, the id of the last event received",
        ));
    }
    let text = value.to_str().unwrap_or_default();
    let number = (!text.is_empty() && text.len() <= 19 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse::<u64>().ok())
        .flatten()
        .filter(|&n| n <= i64::MAX as u64);
    number.map(Some).ok_or_else(|| {
        let shown: String = String::from_utf8_lossy(value.as_bytes()).chars().take(40).collect();
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "Last-Event-ID {shown:?} is not a change number (a whole number from 0 to {}, the id of an event of this stream); leave it out to start from now",
                i64::MAX
            ),
        )
    })
}

/// Whether the client asked for a stream (`EventSource` always does).
fn wants_stream(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| {
            let essence = t.split(';').next().unwrap_or_default().trim();
            essence.eq_ignore_ascii_case("text/event-stream")
        })
}

/// Counts a client while its stream is open.
struct Client(Arc<Live>);

impl Drop for Client {
    fn drop(&mut self) {
        self.0.clients.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The events a client's task sends, as the response body reads them. When
/// the client goes, the body is dropped, and with it the receiver: the task
/// sees its channel closed and lets go of the feed.
struct Events {
    rx: mpsc::Receiver<Event>,
    _client: Client,
}

impl futures_core::Stream for Events {
    type Item = Result<Event, Infallible>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().rx.poll_recv(cx).map(|e| e.map(Ok))
    }
}

/// The events of an answer that ends.
struct Finite(VecDeque<Event>);

impl futures_core::Stream for Finite {
    type Item = Result<Event, Infallible>;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.get_mut().0.pop_front().map(Ok))
    }
}

/// Proxies (nginx) buffer answers unless told not to, which would hold
/// events back until the buffer fills.
fn unbuffered(mut res: Response) -> Response {
    res.headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    res
}

/// `GET /api/live`.
pub(crate) async fn stream(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let after = last_event_id(&headers)?;
    if !wants_stream(&headers) {
        return once(&state, after).await;
    }
    let live = state.live.clone();
    let feed = live.subscribe(&state);
    let (tx, rx) = mpsc::channel(CLIENT_BUFFER);
    live.clients.fetch_add(1, Ordering::Relaxed);
    let events = Events {
        rx,
        _client: Client(live.clone()),
    };
    let closing = live.closing.subscribe();
    tokio::spawn(follow(
        state,
        feed,
        after,
        Out {
            tx,
            closing,
            live: live.clone(),
        },
    ));
    let sse = Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE));
    Ok(unbuffered(sse.into_response()))
}

/// One client's sending end.
struct Out {
    tx: mpsc::Sender<Event>,
    closing: watch::Receiver<bool>,
    live: Arc<Live>,
}

impl Out {
    /// False once the client has gone or the server shuts down.
    async fn send(&mut self, e: Event) -> bool {
        tokio::select! {
            sent = self.tx.send(e) => sent.is_ok(),
            _ = shut(&mut self.closing) => false,
        }
    }

    async fn send_counted(&mut self, e: Event) -> bool {
        self.live.events.fetch_add(1, Ordering::Relaxed);
        self.send(e).await
    }

    async fn send_batch(&mut self, b: &Batch) -> bool {
        for e in incident_events(b) {
            if !self.send_counted(e).await {
                return false;
            }
        }
        true
    }

    /// Resolves when there is nobody left to send to.
    async fn gone(&mut self) {
        tokio::select! {
            _ = self.tx.closed() => {}
            _ = shut(&mut self.closing) => {}
        }
    }
}

async fn shut(closing: &mut watch::Receiver<bool>) {
    loop {
        let closed = *closing.borrow_and_update();
        if closed {
            return;
        }
        if closing.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// A client's stream: what it missed, `ready`, then the feed.
async fn follow(
    state: AppState,
    mut feed: broadcast::Receiver<Arc<Batch>>,
    after: Option<u64>,
    mut out: Out,
) {
    let live = state.live.clone();
    if !out.send(Event::default().retry(RETRY)).await {
        return;
    }
    let start = tokio::select! {
        p = live.position() => p,
        _ = out.gone() => return,
    };
    let mut pos = start;
    if let Some(n) = after {
        let missed = tokio::select! {
            r = replay(&state, n) => r,
            _ = out.gone() => return,
        };
        let sent = match missed {
            Ok(Replay::Changes(b)) => {
                pos = b.last;
                out.send_batch(&b).await
            }
            Ok(Replay::Resync { at, reason }) => {
                pos = at;
                out.send_counted(resync_event(at, &reason)).await
            }
            Err(e) => {
                // Ending the stream makes EventSource come back with the
                // same Last-Event-ID, which is the retry this needs.
                // A comment is one line (a database's message may be
                // several, which Event would refuse with a panic).
                let line = format!("cannot read the changes: {e}").replace(['\r', '\n'], " ");
                let _ = out.send(Event::default().comment(line)).await;
                return;
            }
        };
        if !sent {
            return;
        }
    }
    if !out.send(ready_event(pos)).await {
        return;
    }
    loop {
        let next = tokio::select! {
            r = feed.recv() => r,
            _ = out.gone() => return,
        };
        let sent = match next {
            // A batch the replay (or the start) already covered.
            Ok(b) if b.last <= pos => true,
            Ok(b) => {
                pos = b.last;
                out.send_batch(&b).await
            }
            Err(broadcast::error::RecvError::Lagged(_)) => {
                pos = live.cursor().unwrap_or(pos).max(pos);
                out.send_counted(resync_event(
                    pos,
                    "this connection fell behind the changes; reload the list",
                ))
                .await
            }
            Err(broadcast::error::RecvError::Closed) => return,
        };
        if !sent {
            return;
        }
    }
}

/// The answer for a client that did not ask for a stream: the changes
/// since `Last-Event-ID` (none without it), then `ready`, whose id is the
/// `Last-Event-ID` of the next poll.
async fn once(state: &AppState, after: Option<u64>) -> Result<Response, ApiError> {
    let mut events = VecDeque::new();
    events.push_back(Event::default().comment(
        "the changes since Last-Event-ID, then ready; ask with Accept: text/event-stream to stay connected",
    ));
    let at = match after {
        None => {
            read(&state.source, &state.read_slots, |s| {
                Ok(s.changes(0, 0)?.last)
            })
            .await?
        }
        Some(n) => match replay(state, n).await? {
            Replay::Changes(b) => {
                events.extend(incident_events(&b));
                b.last
            }
            Replay::Resync { at, reason } => {
                events.push_back(resync_event(at, &reason));
                at
            }
        },
    };
    // The comment and ready are no incident or resync.
    state
        .live
        .events
        .fetch_add(events.len() as u64 - 1, Ordering::Relaxed);
    events.push_back(ready_event(at));
    Ok(unbuffered(Sse::new(Finite(events)).into_response()))
}

/// `GET /metrics`: the server's counters, then those of the process that
/// runs it ([`AppState::metrics`]).
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    let mut text = state.live.render();
    if let Some(more) = &state.metrics {
        let more = more();
        text.push_str(&more);
        if !more.is_empty() && !more.ends_with('\n') {
            text.push('\n');
        }
    }
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

/// Counts every answer by its status class, for `sitrep_http_requests_total`.
pub(crate) async fn count(State(live): State<Arc<Live>>, res: Response) -> Response {
    live.count_status(res.status());
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn last_event_id_is_a_change_number_or_refused() {
        assert_eq!(last_event_id(&headers(&[])).unwrap(), None);
        assert_eq!(
            last_event_id(&headers(&[("Last-Event-ID", "42")])).unwrap(),
            Some(42)
        );
        let max = i64::MAX.to_string();
        assert_eq!(
            last_event_id(&headers(&[("Last-Event-ID", &max)])).unwrap(),
            Some(i64::MAX as u64)
        );
        for bad in ["", "-1", "+1", "1.5", "abc", "9223372036854775808", "1 2"] {
            let e = last_event_id(&headers(&[("Last-Event-ID", bad)])).unwrap_err();
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{bad:?}");
            assert!(e.message.contains("change number"), "{}", e.message);
        }
        let two = headers(&[("Last-Event-ID", "1"), ("Last-Event-ID", "2")]);
        assert!(last_event_id(&two).is_err());
    }

    #[test]
    fn only_an_event_stream_accept_keeps_the_connection() {
        assert!(wants_stream(&headers(&[("Accept", "text/event-stream")])));
        assert!(wants_stream(&headers(&[(
            "Accept",
            "text/html, Text/Event-Stream;q=0.9"
        )])));
        assert!(!wants_stream(&headers(&[("Accept", "*/*")])));
        assert!(!wants_stream(&headers(&[])));
    }

    #[test]
    fn only_the_last_incident_of_a_batch_carries_the_change_number() {
        let b = Batch {
            last: 7,
            incidents: vec![Arc::from("{\"id\":1}"), Arc::from("{\"id\":2}")],
        };
        let ids: Vec<String> = incident_events(&b)
            .map(|e| {
                // An Event prints as its wire text only in a response;
                // Debug shows its buffer, which holds the same lines.
                format!("{e:?}")
            })
            .collect();
        assert!(!ids[0].contains("id: 7"), "{}", ids[0]);
        assert!(ids[1].contains("id: 7"), "{}", ids[1]);
    }

    #[test]
    fn metrics_name_every_counter_once() {
        let live = Live::new();
        live.count_status(StatusCode::OK);
        live.count_status(StatusCode::NOT_FOUND);
        let text = live.render();
        for name in [
            "sitrep_live_clients",
            "sitrep_live_events_total",
            "sitrep_http_requests_total",
        ] {
            assert_eq!(
                text.matches(&format!("# TYPE {name} ")).count(),
                1,
                "{text}"
            );
        }
        assert!(text.contains("sitrep_http_requests_total{code=\"2xx\"} 1\n"));
        assert!(text.contains("sitrep_http_requests_total{code=\"4xx\"} 1\n"));
        assert!(text.ends_with('\n'));
    }
}
