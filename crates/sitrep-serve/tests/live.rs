//! The live stream (`GET /api/live`) over a source whose changes the test
//! pushes: delivery within two seconds, replay after a reconnection, one
//! poller for every client and none without clients, and `GET /metrics`.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use sitrep_core::{ChangePage, Incident, IncidentPage, IncidentQuery, StoredDocument};
use sitrep_serve::{
    router, router_for, serve, AppState, IncidentSource, SourceError, REPLAY_LIMIT,
};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../web/e2e/fixture/incidents.json"
);

/// An incident of the fixture, renumbered.
fn incident(id: u64) -> Incident {
    static FIRST: OnceLock<Incident> = OnceLock::new();
    let mut i = FIRST
        .get_or_init(|| {
            let v: Value = serde_json::from_slice(&std::fs::read(FIXTURE).unwrap()).unwrap();
            serde_json::from_value(v["incidents"][0].clone()).unwrap()
        })
        .clone();
    i.id = id;
    i
}

/// A store whose writes the test makes: every write takes the next change
/// number, and the change feed gives each incident once, at its latest, as
/// the database does.
#[derive(Default)]
struct Stored {
    /// The last change number given.
    seq: u64,
    /// By id: the change number of its last write, and the incident.
    incidents: BTreeMap<u64, (u64, Incident)>,
}

#[derive(Default)]
struct Feed {
    stored: Mutex<Stored>,
    reads: AtomicUsize,
    failing: AtomicBool,
    /// Fails the reads of incidents only (not the newest change number).
    failing_pages: AtomicBool,
}

impl Feed {
    fn store(&self, i: Incident) -> u64 {
        let mut s = self.stored.lock().unwrap();
        s.seq += 1;
        let seq = s.seq;
        s.incidents.insert(i.id, (seq, i));
        seq
    }

    fn reads(&self) -> usize {
        self.reads.load(Ordering::SeqCst)
    }
}

impl IncidentSource for Feed {
    fn incidents(&self, q: &IncidentQuery) -> Result<IncidentPage, SourceError> {
        let s = self.stored.lock().unwrap();
        let all: Vec<Incident> = s.incidents.values().map(|(_, i)| i.clone()).collect();
        Ok(IncidentPage {
            total: all.len(),
            offset: q.offset,
            incidents: all,
        })
    }

    fn incident(&self, id: u64) -> Result<Option<Incident>, SourceError> {
        Ok(self
            .stored
            .lock()
            .unwrap()
            .incidents
            .get(&id)
            .map(|(_, i)| i.clone()))
    }

    fn document(&self, _: &str) -> Result<Option<StoredDocument>, SourceError> {
        Ok(None)
    }

    fn changes(&self, after: u64, limit: usize) -> Result<ChangePage, SourceError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        if self.failing.load(Ordering::SeqCst)
            || (limit > 0 && self.failing_pages.load(Ordering::SeqCst))
        {
            // Databases' messages may run over several lines.
            return Err(SourceError::new("the database is locked\nHINT: retry"));
        }
        let s = self.stored.lock().unwrap();
        if limit == 0 {
            return Ok(ChangePage {
                last: s.seq,
                incidents: Vec::new(),
            });
        }
        let mut newer: Vec<&(u64, Incident)> = s
            .incidents
            .values()
            .filter(|(seq, _)| *seq > after)
            .collect();
        newer.sort_by_key(|(seq, _)| *seq);
        newer.truncate(limit);
        Ok(ChangePage {
            last: newer.last().map_or(after, |(seq, _)| *seq),
            incidents: newer.into_iter().map(|(_, i)| i.clone()).collect(),
        })
    }
}

fn app(feed: &Arc<Feed>) -> Router {
    router(AppState::new(feed.clone(), None))
}

#[derive(Debug)]
struct Message {
    event: String,
    id: Option<String>,
    data: String,
}

impl Message {
    fn json(&self) -> Value {
        serde_json::from_str(&self.data).expect("JSON data")
    }
}

/// Reads events off a response body as a browser would: blocks split at
/// blank lines, comments and blocks without data skipped.
struct Events {
    body: Body,
    buf: String,
}

impl Events {
    async fn next(&mut self, within: Duration) -> Option<Message> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            while let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let (mut event, mut id, mut data) = (String::from("message"), None, None);
                for line in block.lines() {
                    let (field, value) = line.split_once(':').unwrap_or((line, ""));
                    let value = value.strip_prefix(' ').unwrap_or(value).to_string();
                    match field {
                        "event" => event = value,
                        "id" => id = Some(value),
                        "data" => data = Some(value),
                        _ => {}
                    }
                }
                if let Some(data) = data {
                    return Some(Message { event, id, data });
                }
            }
            match tokio::time::timeout_at(deadline, self.body.frame()).await {
                Err(_) | Ok(None) => return None,
                Ok(Some(frame)) => {
                    if let Ok(bytes) = frame.expect("a body frame").into_data() {
                        self.buf.push_str(std::str::from_utf8(&bytes).unwrap());
                    }
                }
            }
        }
    }

    /// The next event, which must come within `within`.
    async fn expect(&mut self, within: Duration) -> Message {
        self.next(within)
            .await
            .unwrap_or_else(|| panic!("no event within {within:?}"))
    }

    /// Whether the body ends (rather than stays open) within `within`.
    async fn ends(mut self, within: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match tokio::time::timeout_at(deadline, self.body.frame()).await {
                Err(_) => return false,
                Ok(None) => return true,
                Ok(Some(_)) => {}
            }
        }
    }
}

const SECOND: Duration = Duration::from_secs(1);

async fn connect(app: Router, last_event_id: Option<&str>) -> Events {
    let mut req = Request::get("/api/live").header(header::ACCEPT, "text/event-stream");
    if let Some(id) = last_event_id {
        req = req.header("last-event-id", id);
    }
    let res = app.oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "text/event-stream",
        "{:?}",
        res.headers()
    );
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
    Events {
        body: res.into_body(),
        buf: String::new(),
    }
}

/// Connects and waits for `ready`, returning its change number.
async fn ready(app: Router, last_event_id: Option<&str>) -> (Events, u64) {
    let mut events = connect(app, last_event_id).await;
    let m = events.expect(5 * SECOND).await;
    assert_eq!(m.event, "ready", "{m:?}");
    let at: u64 = m.id.as_deref().unwrap().parse().unwrap();
    assert_eq!(m.json()["last"], at);
    (events, at)
}

async fn get_bytes(app: Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = app
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_gets_an_incident_stored_after_it_connected_within_two_seconds() {
    let feed = Arc::new(Feed::default());
    feed.store(incident(1));
    let app = app(&feed);
    let (mut events, at) = ready(app.clone(), None).await;
    assert_eq!(at, 1, "a new client starts at the newest change");

    let stored = Instant::now();
    let seq = feed.store(incident(2));
    let m = events.expect(2 * SECOND).await;
    assert!(stored.elapsed() < 2 * SECOND, "{:?}", stored.elapsed());
    assert_eq!(m.event, "incident");
    assert_eq!(m.id.as_deref(), Some(seq.to_string().as_str()));
    // The very bytes of the incident's own route.
    let (status, _, body) = get_bytes(app.clone(), "/api/incidents/2").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(m.data.as_bytes(), &body[..]);

    // A new report joins incident 1: it comes again, with its new claims.
    let mut changed = incident(1);
    changed.claims.truncate(1);
    changed.notes = "rebuilt".into();
    feed.store(changed);
    let m = events.expect(2 * SECOND).await;
    assert_eq!(m.json()["id"], 1);
    assert_eq!(m.json()["notes"], "rebuilt");
    assert_eq!(m.json()["claims"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn last_event_id_replays_what_was_missed() {
    let feed = Arc::new(Feed::default());
    for id in 1..=3 {
        feed.store(incident(id));
    }
    let app = app(&feed);
    let (events, at) = ready(app.clone(), None).await;
    assert_eq!(at, 3);
    drop(events);

    // Stored while the client was away: a new incident and a rebuilt one.
    feed.store(incident(4));
    feed.store(incident(2));
    let mut events = connect(app.clone(), Some("3")).await;
    let a = events.expect(2 * SECOND).await;
    let b = events.expect(2 * SECOND).await;
    assert_eq!(
        (a.event.as_str(), a.json()["id"].as_u64()),
        ("incident", Some(4))
    );
    assert_eq!(
        (b.event.as_str(), b.json()["id"].as_u64()),
        ("incident", Some(2))
    );
    // Only the last of one read carries a change number: a client cut off
    // between the two comes back with 3 and gets both again.
    assert_eq!(a.id, None);
    assert_eq!(b.id.as_deref(), Some("5"));
    let r = events.expect(2 * SECOND).await;
    assert_eq!((r.event.as_str(), r.id.as_deref()), ("ready", Some("5")));

    // And then the live ones. (A read of the poller that began before the
    // replay may bring 4 and 2 again with it: the page merges them.)
    feed.store(incident(6));
    let stored = Instant::now();
    loop {
        let m = events.expect(2 * SECOND).await;
        assert_eq!(m.event, "incident");
        if m.json()["id"] == 6 {
            assert_eq!(m.id.as_deref(), Some("6"));
            break;
        }
        assert!([4, 2].contains(&m.json()["id"].as_u64().unwrap()), "{m:?}");
    }
    assert!(stored.elapsed() < 2 * SECOND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_much_missed_or_an_unknown_id_is_resync() {
    let feed = Arc::new(Feed::default());
    for id in 1..=(REPLAY_LIMIT as u64 + 1) {
        feed.store(incident(id));
    }
    let app = app(&feed);
    let newest = (REPLAY_LIMIT + 1).to_string();
    for (given, why) in [("0", "more than"), ("999999", "no change 999999")] {
        let mut events = connect(app.clone(), Some(given)).await;
        let m = events.expect(5 * SECOND).await;
        assert_eq!(m.event, "resync", "{given}: {m:?}");
        assert_eq!(m.id.as_deref(), Some(newest.as_str()));
        assert!(m.json()["reason"].as_str().unwrap().contains(why), "{m:?}");
        let r = events.expect(2 * SECOND).await;
        assert_eq!(
            (r.event.as_str(), r.id.as_deref()),
            ("ready", Some(newest.as_str()))
        );
    }
    // Exactly the limit is replayed.
    let mut events = connect(app.clone(), Some("1")).await;
    for _ in 0..REPLAY_LIMIT {
        assert_eq!(events.expect(5 * SECOND).await.event, "incident");
    }
    assert_eq!(events.expect(2 * SECOND).await.event, "ready");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_client_no_polling() {
    let feed = Arc::new(Feed::default());
    feed.store(incident(1));
    let app = app(&feed);
    // The API's own routes do not start the poller.
    let (status, _, _) = get_bytes(app.clone(), "/api/incidents").await;
    assert_eq!(status, StatusCode::OK);
    tokio::time::sleep(3 * SECOND / 2).await;
    assert_eq!(feed.reads(), 0, "an idle server reads nothing");

    let (events, _) = ready(app.clone(), None).await;
    tokio::time::sleep(3 * SECOND / 2).await;
    assert!(feed.reads() >= 2, "the poller reads while a client listens");
    drop(events);
    // The poller sees at its next turn that nobody listens.
    tokio::time::sleep(SECOND).await;
    let after = feed.reads();
    tokio::time::sleep(3 * SECOND / 2).await;
    assert_eq!(
        feed.reads(),
        after,
        "the poller stopped with its last client"
    );

    // And starts again with the next one.
    let (mut events, at) = ready(app.clone(), None).await;
    assert_eq!(at, 1);
    feed.store(incident(2));
    assert_eq!(events.expect(2 * SECOND).await.json()["id"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_both_get_it_from_one_poller() {
    let feed = Arc::new(Feed::default());
    let app = app(&feed);
    let (mut one, _) = ready(app.clone(), None).await;
    let (mut two, _) = ready(app.clone(), None).await;
    let before = feed.reads();
    feed.store(incident(7));
    for events in [&mut one, &mut two] {
        let m = events.expect(2 * SECOND).await;
        assert_eq!(
            (m.event.as_str(), m.json()["id"].as_u64()),
            ("incident", Some(7))
        );
    }
    tokio::time::sleep(3 * SECOND).await;
    // One poller reads about six times in three seconds; one per client
    // would read twice as often.
    let reads = feed.reads() - before;
    assert!(reads <= 9, "{reads} reads in 3 s for two clients");

    let (_, _, body) = get_bytes(app.clone(), "/metrics").await;
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains("\nsitrep_live_clients 2\n"), "{text}");
    assert!(text.contains("\nsitrep_live_events_total 2\n"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_source_is_read_again_until_it_answers() {
    let feed = Arc::new(Feed::default());
    let app = app(&feed);
    let (mut events, _) = ready(app.clone(), None).await;
    feed.failing.store(true, Ordering::SeqCst);
    let reads = feed.reads();
    tokio::time::sleep(2 * SECOND).await;
    assert!(feed.reads() > reads, "it keeps trying");
    feed.store(incident(3));
    assert!(events.next(SECOND / 2).await.is_none());
    feed.failing.store(false, Ordering::SeqCst);
    let m = events.expect(6 * SECOND).await;
    assert_eq!(m.json()["id"], 3);
    let (_, _, body) = get_bytes(app, "/metrics").await;
    let text = String::from_utf8(body).unwrap();
    assert!(
        !text.contains("\nsitrep_live_poll_errors_total 0\n"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_that_cannot_read_ends_the_stream_for_eventsource_to_retry() {
    let feed = Arc::new(Feed::default());
    feed.store(incident(1));
    feed.failing_pages.store(true, Ordering::SeqCst);
    let events = connect(app(&feed), Some("0")).await;
    let body = tokio::time::timeout(5 * SECOND, events.body.collect())
        .await
        .expect("the stream ends")
        .unwrap()
        .to_bytes();
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(!text.contains("data:"), "{text}");
    assert!(
        text.contains(": cannot read the changes: the database is locked HINT: retry\n"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_accept_event_stream_the_answer_ends() {
    let feed = Arc::new(Feed::default());
    for id in 1..=3 {
        feed.store(incident(id));
    }
    let app = app(&feed);
    // Where things stand, as a poller's first question.
    let res = app
        .clone()
        .oneshot(Request::get("/api/live").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut events = Events {
        body: res.into_body(),
        buf: String::new(),
    };
    let m = events.expect(SECOND).await;
    assert_eq!((m.event.as_str(), m.id.as_deref()), ("ready", Some("3")));
    assert!(events.ends(SECOND).await);

    // What changed since.
    feed.store(incident(4));
    let res = app
        .clone()
        .oneshot(
            Request::get("/api/live")
                .header(header::ACCEPT, "*/*")
                .header("Last-Event-ID", "3")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let mut events = Events {
        body: res.into_body(),
        buf: String::new(),
    };
    assert_eq!(events.expect(SECOND).await.json()["id"], 4);
    assert_eq!(events.expect(SECOND).await.id.as_deref(), Some("4"));
    assert!(events.ends(SECOND).await);
}

#[tokio::test]
async fn a_bad_last_event_id_is_400_json() {
    let feed = Arc::new(Feed::default());
    for accept in ["text/event-stream", "*/*"] {
        let res = app(&feed)
            .oneshot(
                Request::get("/api/live")
                    .header(header::ACCEPT, accept)
                    .header("Last-Event-ID", "yesterday")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert!(
            v["error"].as_str().unwrap().contains("change number"),
            "{v}"
        );
    }
}

#[tokio::test]
async fn the_stream_has_the_security_headers_and_the_host_check() {
    let feed = Arc::new(Feed::default());
    let bound: SocketAddr = "127.0.0.1:8080".parse().unwrap();
    let app = router_for(bound, AppState::new(feed.clone(), None));
    let res = app
        .clone()
        .oneshot(
            Request::get("/api/live")
                .header(header::HOST, "evil.example:8080")
                .header(header::ACCEPT, "text/event-stream")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::MISDIRECTED_REQUEST);
    tokio::time::sleep(SECOND).await;
    assert_eq!(feed.reads(), 0, "a refused client starts nothing");

    let res = app
        .oneshot(
            Request::get("/api/live")
                .header(header::HOST, "127.0.0.1:8080")
                .header(header::ACCEPT, "text/event-stream")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    for h in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
    ] {
        assert!(res.headers().contains_key(h), "{h}");
    }
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
}

#[tokio::test]
async fn metrics_are_prometheus_text_with_the_process_lines_after() {
    let feed = Arc::new(Feed::default());
    let state = AppState::new(feed, None)
        .with_metrics(|| "# TYPE sitrep_watch_feeds gauge\nsitrep_watch_feeds 3".to_string());
    let app = router(state);
    let _ = get_bytes(app.clone(), "/api/nothing").await;
    let (status, headers, body) = get_bytes(app.clone(), "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = String::from_utf8(body).unwrap();
    assert!(
        text.contains("# TYPE sitrep_live_clients gauge\nsitrep_live_clients 0\n"),
        "{text}"
    );
    assert!(
        text.contains("sitrep_http_requests_total{code=\"4xx\"} 1\n"),
        "{text}"
    );
    let own = text.find("sitrep_live_clients").unwrap();
    let theirs = text
        .find("sitrep_watch_feeds 3\n")
        .expect("the process's lines");
    assert!(own < theirs);
    assert!(text.ends_with('\n'));
    let (status, _, _) = send_post(app, "/metrics").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

async fn send_post(app: Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = app
        .oneshot(Request::post(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

#[tokio::test]
async fn openapi_describes_the_stream() {
    let (_, _, body) = get_bytes(app(&Arc::new(Feed::default())), "/api/openapi.json").await;
    let spec: Value = serde_json::from_slice(&body).unwrap();
    let live = &spec["paths"]["/api/live"]["get"];
    assert!(live["responses"]["200"]["content"]["text/event-stream"].is_object());
    assert_eq!(live["parameters"][0]["name"], "Last-Event-ID");
    let events = spec["components"]["schemas"]["LiveEvent"]["oneOf"]
        .as_array()
        .unwrap();
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["properties"]["event"]["enum"][0].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["incident", "resync", "ready"]);
    assert!(
        spec["paths"]["/metrics"]["get"]["responses"]["200"]["content"]["text/plain"].is_object()
    );
}

/// On a real socket: a client that hangs up lets the poller stop, as one
/// whose body is dropped in process does.
#[test]
fn a_client_that_hangs_up_stops_the_polling() {
    let feed = Arc::new(Feed::default());
    let (tx, rx) = mpsc::channel();
    let state = AppState::new(feed.clone(), None);
    // The server runs until the test process ends.
    std::thread::spawn(move || {
        let any: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let _ = serve(any, state, |bound| tx.send(bound).unwrap());
    });
    let bound = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    let mut conn = TcpStream::connect(bound).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        conn,
        "GET /api/live HTTP/1.1\r\nHost: {bound}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("event: ready") {
        let n = conn.read(&mut buf).unwrap();
        assert!(n > 0, "the stream ended: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
    std::thread::sleep(Duration::from_secs(1));
    assert!(feed.reads() >= 2);
    drop(conn);
    std::thread::sleep(Duration::from_secs(2));
    let after = feed.reads();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(feed.reads(), after, "still polling for a client that left");
}
