//! A scripted HTTP/1.1 server for tests, std only: [`Server`] answers each
//! path with the [`Reply`] a test set or queued for it, and records every
//! [`Request`] it saw.
//!
//! It listens on 127.0.0.1 only, handles each connection on its own thread,
//! answers with `Content-Length` and `Connection: close`, and bounds every
//! read (size and time) so that a confused client cannot hang a test.
//! Paths nothing was set for answer 404, so robots.txt allows everything
//! unless a test says otherwise.
//!
//! ```no_run
//! use sitrep_watch::testing::{Reply, Server};
//!
//! let server = Server::start();
//! server.set("/feed.xml", Reply::ok("application/rss+xml", "<rss/>").header("ETag", "\"v1\""));
//! let url = server.url("/feed.xml");
//! // … GET it …
//! assert_eq!(server.hits("/feed.xml"), 1);
//! ```

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How long the server waits for a client to send a request (or the rest
/// of it) before giving up on the connection.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_HEAD_BYTES: u64 = 64 * 1024;
const MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

/// One scripted response.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waited before anything of the response is sent.
    pub delay: Duration,
}

impl Reply {
    /// 200 with this `Content-Type` and body.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    /// This status, no headers, an empty body.
    pub fn status(code: u16) -> Reply {
        Reply {
            status: code,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// A redirect (`code` is 301, 302, 307…) to `location`.
    pub fn redirect(code: u16, location: &str) -> Reply {
        Reply::status(code).header("Location", location)
    }

    /// Adds a header. A `Content-Length` given here replaces the true one,
    /// to script a lying server.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Waits `delay` before answering.
    pub fn delayed(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// A request as the server read it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The request target as sent: path and query.
    pub path: String,
    /// Names lowercased, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The body of a request that declared one (POST), dechunked.
    pub body: Vec<u8>,
    /// When its head had been read.
    pub at: Instant,
}

impl Request {
    /// The first header of this name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    fn is_for(&self, path: &str) -> bool {
        self.path == path || path_only(&self.path) == path
    }
}

fn path_only(target: &str) -> &str {
    target.split('?').next().unwrap_or(target)
}

#[derive(Default)]
struct Script {
    fixed: Option<Reply>,
    queued: VecDeque<Reply>,
}

#[derive(Default)]
struct State {
    scripts: Mutex<HashMap<String, Script>>,
    requests: Mutex<Vec<Request>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    stopping: AtomicBool,
}

impl State {
    /// The reply for a request target: its exact script if any (query
    /// included), else the script of its path, else 404.
    fn reply_for(&self, target: &str) -> Reply {
        let mut scripts = lock(&self.scripts);
        let key = if scripts.contains_key(target) {
            target
        } else {
            path_only(target)
        };
        scripts
            .get_mut(key)
            .and_then(|s| s.queued.pop_front().or_else(|| s.fixed.clone()))
            .unwrap_or_else(|| Reply::status(404))
    }
}

/// A scripted HTTP/1.1 server on 127.0.0.1; stops when dropped.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    acceptor: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts listening on a free port of 127.0.0.1.
    ///
    /// # Panics
    /// When no loopback port can be bound: a test cannot go on without it.
    pub fn start() -> Server {
        let listener =
            TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0 for the test server");
        let addr = listener.local_addr().expect("test server address");
        let state = Arc::new(State::default());
        let acceptor = {
            let state = Arc::clone(&state);
            thread::spawn(move || accept_loop(&listener, &state))
        };
        Server {
            addr,
            state,
            acceptor: Some(acceptor),
        }
    }

    /// `http://127.0.0.1:PORT` without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://127.0.0.1:PORT/path`.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.base_url())
        } else {
            format!("{}/{path}", self.base_url())
        }
    }

    /// Every later request of `path` answers `reply` (after any queued).
    /// A `path` with a query matches only that query; one without matches
    /// every query not scripted on its own.
    pub fn set(&self, path: &str, reply: Reply) {
        lock(&self.state.scripts)
            .entry(path.to_owned())
            .or_default()
            .fixed = Some(reply);
    }

    /// The next requests of `path` answer these, in order; then the `set`
    /// reply, or 404.
    pub fn queue(&self, path: &str, replies: Vec<Reply>) {
        lock(&self.state.scripts)
            .entry(path.to_owned())
            .or_default()
            .queued
            .extend(replies);
    }

    /// Every request seen so far, in the order their heads were read.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.state.requests).clone()
    }

    /// How many requests of `path` were seen (see [`Server::set`] for how
    /// queries match).
    pub fn hits(&self, path: &str) -> usize {
        lock(&self.state.requests)
            .iter()
            .filter(|r| r.is_for(path))
            .count()
    }

    /// The most requests that were being handled at once, from the moment
    /// a request's head was read to the moment its answer started going
    /// out (so a client that waits for one answer before sending the next
    /// request never counts twice).
    pub fn max_in_flight(&self) -> usize {
        self.state.max_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.state.stopping.store(true, Ordering::SeqCst);
        // accept() blocks: a connection of our own wakes it to see the flag.
        let woken = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).is_ok();
        if let Some(acceptor) = self.acceptor.take() {
            // Without the wake-up the acceptor would never return: leave it
            // detached rather than hang the test.
            if woken {
                let _ = acceptor.join();
            }
        }
    }
}

fn accept_loop(listener: &TcpListener, state: &Arc<State>) {
    for stream in listener.incoming() {
        if state.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let state = Arc::clone(state);
        // Detached: each connection ends on its own within its read timeout
        // and reply delay, which stops early once the server is dropped.
        thread::spawn(move || {
            let _ = serve(stream, &state);
        });
    }
}

fn serve(stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(READ_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let Some(request) = read_request(&mut reader)? else {
        return Ok(());
    };

    let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    state.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let reply = state.reply_for(&request.path);
    let head_only = request.method == "HEAD";
    lock(&state.requests).push(request);

    sleep_unless_stopping(reply.delay, state);
    state.in_flight.fetch_sub(1, Ordering::SeqCst);

    let mut out = stream;
    out.write_all(&response_bytes(&reply, head_only))?;
    out.flush()?;
    let _ = out.shutdown(Shutdown::Write);
    Ok(())
}

fn sleep_unless_stopping(delay: Duration, state: &State) {
    let until = Instant::now() + delay;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || state.stopping.load(Ordering::SeqCst) {
            return;
        }
        thread::sleep(left.min(Duration::from_millis(20)));
    }
}

/// Reads one request; `None` when the client closed without sending one
/// or sent something that is not HTTP.
fn read_request(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<Request>> {
    let mut head = reader.by_ref().take(MAX_HEAD_BYTES);
    let mut line = String::new();
    if head.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let (method, path) = (method.to_owned(), path.to_owned());

    let mut headers = Vec::new();
    loop {
        line.clear();
        if head.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }

    let mut request = Request {
        method,
        path,
        headers,
        body: Vec::new(),
        at: Instant::now(),
    };
    if request
        .header("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"))
    {
        request.body = read_chunked(reader)?;
    } else if let Some(len) = request
        .header("content-length")
        .and_then(|v| v.parse::<u64>().ok())
    {
        reader
            .by_ref()
            .take(len.min(MAX_BODY_BYTES))
            .read_to_end(&mut request.body)?;
    }
    Ok(Some(request))
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        reader.by_ref().take(1024).read_line(&mut line)?;
        let size = line.trim().split(';').next().unwrap_or("");
        let Ok(size) = u64::from_str_radix(size, 16) else {
            return Ok(body);
        };
        if size == 0 || body.len() as u64 + size > MAX_BODY_BYTES {
            // The trailer section, if any, is not worth reading: the
            // response does not depend on it and the connection closes.
            return Ok(body);
        }
        reader.by_ref().take(size).read_to_end(&mut body)?;
        line.clear();
        reader.by_ref().take(2).read_line(&mut line)?;
    }
}

fn response_bytes(reply: &Reply, head_only: bool) -> Vec<u8> {
    // RFC 9110: these never carry content.
    let bodiless = matches!(reply.status, 100..=199 | 204 | 304);
    let mut out = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    let mut has_length = false;
    for (name, value) in &reply.headers {
        has_length |= name.eq_ignore_ascii_case("content-length");
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if !has_length && !bodiless {
        out.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut out = out.into_bytes();
    if !head_only && !bodiless {
        out.extend_from_slice(&reply.body);
    }
    out
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
