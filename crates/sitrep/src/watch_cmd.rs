//! `sitrep watch`: polls the feeds of a feeds file until stopped, fetches
//! each new item's page, extracts and stores it, and raises alerts on the
//! incidents it touched.
//!
//! Fetching runs on a few worker threads (the [`Fetcher`] bounds requests
//! per host); this thread owns the pipeline's batches and the store, so
//! storing stays one writer. Items are remembered in the store (by their
//! page's URL) before anything else may see them as new: a restart neither
//! misses nor repeats one. An item whose page cannot be fetched is stored
//! from the feed's own text (as document `URL#feed-text`) and its page is
//! tried again later, with backoff; when it comes, it is stored as `URL`.

use crate::batch::BatchOptions;
use crate::ingest_cmd::extract;
use crate::learn::Learner;
use crate::Pipeline;
use rayon::prelude::*;
use sitrep_core::{Document, Lang};
use sitrep_ingest::IngestOptions;
use sitrep_store::{FeedState, SeenItem, Store, StoreError};
use sitrep_watch::alert::Alerter;
use sitrep_watch::config::{Feed, WatchConfig};
use sitrep_watch::feed::{read_items, FeedItem};
use sitrep_watch::fetch::{FetchConfig, FetchError, Fetched, Fetcher, Page, Validators};
use sitrep_watch::metrics::Metrics;
use sitrep_watch::schedule::{delay_after, Schedule};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Suffix of the id of a document stored from a feed's own text.
pub const FEED_TEXT_SUFFIX: &str = "#feed-text";

/// Tries of an item's page before its feed text stays its only document.
const PAGE_ATTEMPTS: u32 = 5;

/// How long stored documents wait for company before being stored: items
/// of one poll are stored together, and an item is on the page well
/// within two seconds of the poll that found it.
const BATCH_WAIT: Duration = Duration::from_millis(300);

/// Most documents in one stored batch.
const BATCH_MAX: usize = 64;

/// How often items stored from their feed text are looked at again.
const RETRY_SCAN: Duration = Duration::from_secs(30);

/// Most items read from one answer of a feed: a hostile index page of
/// 100,000 links must not queue 100,000 fetches.
const MAX_ITEMS_PER_POLL: usize = 500;

/// When an item whose page was being fetched at a crash is tried again.
const UNFINISHED_RETRY: i64 = 600;

/// How long a stopping watcher waits for requests in flight.
const STOP_WAIT: Duration = Duration::from_secs(10);

#[derive(Clone, Debug)]
pub struct WatchOptions {
    pub batch: BatchOptions,
    /// Threads fetching feeds and pages.
    pub workers: usize,
    /// How long a stop waits for requests in flight before leaving them.
    pub grace: Duration,
    /// Stop after this many rounds in which every feed was polled once
    /// (tests and one-off runs); none runs until stopped.
    pub rounds: Option<u32>,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            batch: BatchOptions::default(),
            workers: 4,
            grace: STOP_WAIT,
            rounds: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Alerts(String),
}

/// What a watch did, for the summary printed when it stops.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WatchSummary {
    pub polls: u64,
    pub new_items: u64,
    pub stored: u64,
    pub failed: u64,
    pub alerts: u64,
}

impl std::fmt::Display for WatchSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} polls, {} new items, {} documents stored, {} failed, {} alerts",
            self.polls, self.new_items, self.stored, self.failed, self.alerts
        )
    }
}

#[derive(Clone)]
enum Job {
    Feed {
        feed: usize,
        url: String,
        validators: Validators,
    },
    Page {
        item: Box<FeedItem>,
        feed: Option<usize>,
        attempts: u32,
    },
}

enum Done {
    /// Not run: the watcher is stopping.
    Dropped { key: Option<String> },
    Feed {
        feed: usize,
        result: Result<Fetched, FetchError>,
    },
    Page {
        item: Box<FeedItem>,
        feed: Option<usize>,
        attempts: u32,
        result: Result<Fetched, FetchError>,
    },
}

/// A document waiting to be stored, with what the store must remember of
/// its item.
struct Pending {
    document: Document,
    seen: SeenItem,
}

fn unix_now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// The fetcher the feeds file asks for.
pub fn fetcher_for(config: &WatchConfig) -> Fetcher {
    Fetcher::new(FetchConfig {
        user_agent: config.user_agent(),
        timeout: config.timeout,
        per_host: config.per_host,
        ..FetchConfig::default()
    })
}

/// Watches until `stop` is set (or the rounds asked for are done).
/// `log` receives one line per notable thing (new items, errors, alerts).
#[allow(clippy::too_many_arguments)]
pub fn run(
    pipeline: &Pipeline,
    store: &mut Store,
    config: &WatchConfig,
    opts: &WatchOptions,
    mut learner: Option<&mut Learner>,
    metrics: Arc<Metrics>,
    stop: &AtomicBool,
    log: &mut dyn FnMut(String),
) -> Result<WatchSummary, WatchError> {
    let fetcher = Arc::new(fetcher_for(config));
    let mut alerter = Alerter::new(
        config.alerts.clone(),
        config.alerts_file.clone(),
        config.webhook.clone(),
        config.user_agent(),
        metrics.clone(),
    )
    .map_err(WatchError::Alerts)?;
    metrics
        .feeds
        .store(config.feeds.len() as u64, Ordering::Relaxed);
    let mut states: Vec<FeedState> = {
        let mut kept: HashMap<String, FeedState> = store
            .feed_states()?
            .into_iter()
            .map(|s| (s.url.clone(), s))
            .collect();
        config
            .feeds
            .iter()
            .map(|f| {
                kept.remove(&f.url).unwrap_or_else(|| FeedState {
                    url: f.url.clone(),
                    ..FeedState::default()
                })
            })
            .collect()
    };
    let feed_index: HashMap<String, usize> = config
        .feeds
        .iter()
        .enumerate()
        .map(|(i, f)| (f.url.clone(), i))
        .collect();
    // A feed is due when its kept state says so: a restart does not poll
    // sooner than the backoff or interval it was waiting out.
    let start = Instant::now();
    let now = unix_now();
    let mut schedule = Schedule::new(config.feeds.len());
    for (i, s) in states.iter().enumerate() {
        let wait = match u64::try_from(s.next_poll - now) {
            Ok(w) if w > 0 => Duration::from_secs(w),
            // Feeds due at start are spread over a tenth of their
            // interval (at most 5 s), so that 200 feeds do not all hit
            // their hosts in the same second.
            _ => config.feeds[i]
                .interval
                .div_f64(10.0)
                .min(Duration::from_secs(5))
                .mul_f64(fastrand::f64()),
        };
        schedule.set(i, start + wait);
    }

    // Set once stopping: workers answer queued jobs without fetching.
    let quit = Arc::new(AtomicBool::new(false));
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    let mut workers = Vec::new();
    for _ in 0..opts.workers.max(1) {
        let (rx, tx, fetcher) = (job_rx.clone(), done_tx.clone(), fetcher.clone());
        let quit = quit.clone();
        workers.push(std::thread::spawn(move || {
            fetch_jobs(&rx, &tx, &fetcher, &quit)
        }));
    }
    drop(done_tx);

    let mut summary = WatchSummary::default();
    let mut head = store.changes(0, 0)?.last;
    let mut in_flight = 0usize;
    // Items handed to a worker but not yet stored: an item in two feeds
    // polled at once is fetched once.
    let mut claimed: HashSet<String> = HashSet::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut oldest_pending: Option<Instant> = None;
    let mut polled_in_round: Vec<u32> = vec![0; config.feeds.len()];
    // The first scan is at start: pages due while the watcher was down
    // are not left waiting another period.
    let mut last_retry_scan: Option<Instant> = None;
    let mut stop_seen: Option<Instant> = None;
    let reading = IngestOptions::default();

    let rounds_done = |polled: &[u32]| opts.rounds.is_some_and(|r| polled.iter().all(|&p| p >= r));
    loop {
        let signalled = stop.load(Ordering::Relaxed);
        let stopping = signalled || rounds_done(&polled_in_round);
        if signalled {
            // Asked to stop: queued requests are dropped, not made. When
            // the rounds asked for are done, the pages they found are
            // still fetched.
            quit.store(true, Ordering::Relaxed);
        }
        if !stopping {
            for feed in schedule.take_due(Instant::now()) {
                let s = &states[feed];
                let job = Job::Feed {
                    feed,
                    url: config.feeds[feed].url.clone(),
                    validators: Validators {
                        etag: s.etag.clone(),
                        last_modified: s.last_modified.clone(),
                    },
                };
                if job_tx.send(job).is_ok() {
                    in_flight += 1;
                }
            }
            if last_retry_scan.is_none_or(|t| t.elapsed() >= RETRY_SCAN) {
                last_retry_scan = Some(Instant::now());
                for item in store.items_to_retry(unix_now(), 50)? {
                    if !claimed.insert(item.url.clone()) {
                        continue;
                    }
                    let feed = feed_index.get(&item.feed).copied();
                    let retry = FeedItem {
                        key: item.url.clone(),
                        link: Some(item.url.clone()),
                        entry: sitrep_ingest::FeedEntry {
                            id: item.url.clone(),
                            url: Some(item.url.clone()),
                            title: None,
                            published: None,
                            source: None,
                            html: String::new(),
                        },
                    };
                    let job = Job::Page {
                        item: Box::new(retry),
                        feed,
                        attempts: item.attempts,
                    };
                    if job_tx.send(job).is_ok() {
                        in_flight += 1;
                    }
                }
            }
        } else if in_flight == 0 && pending.is_empty() {
            break;
        }
        let flush_due = oldest_pending.is_some_and(|t| t.elapsed() >= BATCH_WAIT)
            || pending.len() >= BATCH_MAX
            || (stopping && in_flight == 0 && !pending.is_empty());
        if flush_due {
            let batch = std::mem::take(&mut pending);
            oldest_pending = None;
            for p in &batch {
                claimed.remove(&p.seen.url);
            }
            store_batch(
                pipeline,
                store,
                batch,
                opts,
                learner.as_deref_mut(),
                &mut alerter,
                &metrics,
                &mut head,
                &mut summary,
                log,
            )
            .or_else(|e| match e {
                // A database that is busy or gone for a while must not end
                // the watch: the batch's items are not remembered, so they
                // are fetched again (their pages at the retry scan).
                StoreError::Busy { .. }
                | StoreError::Postgres { .. }
                | StoreError::Sqlite { .. } => {
                    log(format!(
                        "the batch was not stored: {e}; its items will be fetched again"
                    ));
                    Metrics::add(&metrics.documents_failed, 1);
                    Ok(())
                }
                e => Err(e),
            })?;
            continue;
        }
        if signalled
            && in_flight > 0
            && stop_seen.get_or_insert_with(Instant::now).elapsed() >= opts.grace
        {
            // Requests still hanging after the grace period are dropped:
            // their items stay unseen and are fetched at the next start.
            break;
        }
        let wake = [
            schedule.next_due().filter(|_| !stopping),
            oldest_pending.map(|t| t + BATCH_WAIT),
            Some(Instant::now() + Duration::from_millis(250)),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or_else(Instant::now);
        let timeout = wake.saturating_duration_since(Instant::now());
        let done = match done_rx.recv_timeout(timeout) {
            Ok(d) => d,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        in_flight = in_flight.saturating_sub(1);
        match done {
            Done::Dropped { key } => {
                if let Some(k) = key {
                    claimed.remove(&k);
                }
            }
            Done::Feed { feed, result } => {
                summary.polls += 1;
                polled_in_round[feed] += 1;
                let f = &config.feeds[feed];
                let items = polled(f, &mut states[feed], result, &metrics, log);
                let now = unix_now();
                let mut marks = Vec::new();
                let mut text_only = false;
                let mut new = 0u64;
                for item in items.into_iter().take(MAX_ITEMS_PER_POLL) {
                    if let Some(why) = sitrep_watch::feed::refused(f, &item) {
                        log(format!("{}: item {} skipped: {why}", f.url, item.key));
                        continue;
                    }
                    if claimed.contains(&item.key) || store.seen_item(&item.key)?.is_some() {
                        continue;
                    }
                    new += 1;
                    if item.link.is_some() {
                        // Remembered as waiting for its page before it is
                        // fetched: a watcher killed before storing it
                        // fetches it again at its next start (the retry
                        // scan), though the feed then answers 304.
                        marks.push(SeenItem {
                            url: item.key.clone(),
                            feed: f.url.clone(),
                            document_id: String::new(),
                            first_seen: now,
                            from_feed_text: true,
                            attempts: 0,
                            retry_at: Some(now + UNFINISHED_RETRY),
                        });
                        claimed.insert(item.key.clone());
                        let job = Job::Page {
                            item: Box::new(item),
                            feed: Some(feed),
                            attempts: 0,
                        };
                        if job_tx.send(job).is_ok() {
                            in_flight += 1;
                        }
                    } else if let Some(p) = from_feed_text(&item, f, 0, false) {
                        claimed.insert(item.key.clone());
                        text_only = true;
                        oldest_pending.get_or_insert_with(Instant::now);
                        pending.push(p);
                    } else {
                        // Neither page nor text: nothing to store, ever.
                        marks.push(SeenItem {
                            url: item.key.clone(),
                            feed: f.url.clone(),
                            document_id: String::new(),
                            first_seen: now,
                            from_feed_text: false,
                            attempts: 0,
                            retry_at: None,
                        });
                    }
                }
                store.mark_items(&marks)?;
                let s = &mut states[feed];
                summary.new_items += new;
                Metrics::add(&metrics.items_new, new);
                if new > 0 {
                    s.last_new = Some(now);
                    s.items += new;
                    log(format!("{}: {new} new item(s)", f.url));
                }
                if text_only {
                    // Items stored from the feed alone are only remembered
                    // once stored: until then the next start must not be
                    // told 304.
                    s.etag = None;
                    s.last_modified = None;
                }
                store.save_feed_state(s)?;
                let wait =
                    Duration::from_secs(u64::try_from(s.next_poll - unix_now()).unwrap_or(0));
                schedule.set(feed, Instant::now() + wait);
            }
            Done::Page {
                item,
                feed,
                attempts,
                result,
            } => {
                let f = feed.map(|i| &config.feeds[i]);
                let p = match result {
                    Ok(Fetched::Body(page)) => {
                        metrics.fetch(page.status);
                        Metrics::add(&metrics.pages_fetched, 1);
                        match from_page(&item, f, page, &reading) {
                            Ok(p) => Some(p),
                            Err(e) => {
                                log(format!("{}: {e}", item.key));
                                let fallback = fallback_feed();
                                from_feed_text(&item, f.unwrap_or(&fallback), attempts + 1, true)
                            }
                        }
                    }
                    Ok(Fetched::NotModified) => None,
                    Err(e) => {
                        metrics.fetch(e.status().unwrap_or(0));
                        log(format!("{e}"));
                        let p = from_feed_text(
                            &item,
                            f.unwrap_or(&fallback_feed()),
                            attempts + 1,
                            true,
                        );
                        if p.is_some() {
                            Metrics::add(&metrics.pages_from_feed_text, 1);
                        }
                        p
                    }
                };
                match p {
                    Some(p) => {
                        oldest_pending.get_or_insert_with(Instant::now);
                        pending.push(p);
                    }
                    None => {
                        // Nothing to store (a retry that failed again, or
                        // an item with neither page nor text): note the
                        // attempt so it is tried later, never in a loop.
                        claimed.remove(&item.key);
                        let seen = store.seen_item(&item.key)?;
                        let mut s = seen.unwrap_or(SeenItem {
                            url: item.key.clone(),
                            feed: f.map(|f| f.url.clone()).unwrap_or_default(),
                            document_id: String::new(),
                            first_seen: unix_now(),
                            from_feed_text: true,
                            attempts: 0,
                            retry_at: None,
                        });
                        s.attempts = attempts + 1;
                        s.retry_at = retry_at(s.attempts);
                        store.mark_items(&[s])?;
                    }
                }
            }
        }
    }
    drop(job_tx);
    for s in &states {
        store.save_feed_state(s)?;
    }
    // Workers finish their current request and see the closed queue; one
    // stuck in a slow request is not waited for past the grace period.
    let deadline = Instant::now() + opts.grace;
    for w in workers {
        while !w.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        if w.is_finished() {
            let _ = w.join();
        }
    }
    Ok(summary)
}

fn fallback_feed() -> Feed {
    Feed {
        url: String::new(),
        interval: Duration::from_secs(300),
        links: None,
        name: None,
        language: None,
    }
}

/// When a page that failed `attempts` times is tried again (none after the
/// last try): 5 minutes, doubling.
fn retry_at(attempts: u32) -> Option<i64> {
    (attempts < PAGE_ATTEMPTS).then(|| unix_now() + 300 * (1i64 << attempts.min(10)))
}

fn fetch_jobs(
    jobs: &Mutex<mpsc::Receiver<Job>>,
    done: &mpsc::Sender<Done>,
    fetcher: &Fetcher,
    quit: &AtomicBool,
) {
    loop {
        let job = {
            let rx = jobs.lock().unwrap_or_else(|p| p.into_inner());
            rx.recv()
        };
        let Ok(job) = job else { return };
        let out = if quit.load(Ordering::Relaxed) {
            // Stopping: answer what is queued at once, fetching nothing.
            // An item's page stays remembered as waiting, for the next
            // start.
            Done::Dropped {
                key: match job {
                    Job::Page { item, .. } => Some(item.key),
                    Job::Feed { .. } => None,
                },
            }
        } else {
            // A panic in a fetch is a bug; it costs that fetch, and the
            // feed is polled again, rather than losing the worker.
            let copy = job.clone();
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_job(job, fetcher)))
                .unwrap_or_else(|_| {
                    failed(
                        copy,
                        "internal error while fetching (a sitrep bug; please report it)",
                    )
                })
        };
        if done.send(out).is_err() {
            return;
        }
    }
}

/// The answer to a job that did not run to its end.
fn failed(job: Job, message: &str) -> Done {
    let e = |url: String| FetchError::Network {
        url,
        message: message.into(),
    };
    match job {
        Job::Feed { feed, url, .. } => Done::Feed {
            feed,
            result: Err(e(url)),
        },
        Job::Page {
            item,
            feed,
            attempts,
        } => Done::Page {
            result: Err(e(item.link.clone().unwrap_or_default())),
            item,
            feed,
            attempts,
        },
    }
}

fn run_job(job: Job, fetcher: &Fetcher) -> Done {
    match job {
        Job::Feed {
            feed,
            url,
            validators,
        } => Done::Feed {
            feed,
            result: fetcher.get(&url, &validators),
        },
        Job::Page {
            item,
            feed,
            attempts,
        } => {
            let url = item.link.clone().unwrap_or_default();
            Done::Page {
                result: fetcher.get(&url, &Validators::default()),
                item,
                feed,
                attempts,
            }
        }
    }
}

/// Updates a feed's state from its poll and gives its items.
fn polled(
    feed: &Feed,
    state: &mut FeedState,
    result: Result<Fetched, FetchError>,
    metrics: &Metrics,
    log: &mut dyn FnMut(String),
) -> Vec<FeedItem> {
    let now = unix_now();
    state.last_polled = Some(now);
    let (items, retry_after) = match result {
        Ok(Fetched::NotModified) => {
            metrics.fetch(304);
            metrics.poll("not_modified");
            state.last_status = Some(304);
            state.failures = 0;
            state.last_error = None;
            (Vec::new(), None)
        }
        Ok(Fetched::Body(page)) => {
            metrics.fetch(page.status);
            state.last_status = Some(page.status);
            match read_items(feed, &page.url, &page.body) {
                Ok(items) => {
                    state.failures = 0;
                    state.last_error = None;
                    state.etag = page.validators.etag;
                    state.last_modified = page.validators.last_modified;
                    metrics.poll(if items.is_empty() {
                        "unchanged"
                    } else {
                        "new_items"
                    });
                    (items, None)
                }
                Err(e) => {
                    // A feed that answers garbage is an error like any
                    // other: backoff, and its validators are not kept.
                    metrics.poll("error");
                    state.failures += 1;
                    log(format!("{}: {e}", feed.url));
                    state.last_error = Some(e);
                    (Vec::new(), None)
                }
            }
        }
        Err(e) => {
            metrics.fetch(e.status().unwrap_or(0));
            metrics.poll(match &e {
                FetchError::Throttled { .. } => "throttled",
                FetchError::Disallowed { .. } => "disallowed",
                _ => "error",
            });
            state.last_status = e.status();
            state.failures += 1;
            log(format!("{e}"));
            state.last_error = Some(e.to_string());
            (Vec::new(), e.retry_after())
        }
    };
    let wait = delay_after(feed.interval, state.failures, retry_after);
    state.next_poll = now + wait.as_secs().max(1) as i64;
    items
}

fn language(feed: Option<&Feed>) -> Option<Lang> {
    feed.and_then(|f| f.language.as_deref())
        .and_then(|l| l.parse().ok())
}

/// The document an item's fetched page makes, with what the feed said of
/// the item where the page says nothing.
fn from_page(
    item: &FeedItem,
    feed: Option<&Feed>,
    page: Page,
    reading: &IngestOptions,
) -> Result<Pending, String> {
    let mut doc = sitrep_ingest::document_from_bytes(&item.key, &page.body, reading)
        .map_err(|e| e.to_string())?;
    doc.url = item.link.clone();
    if doc.title.is_none() {
        doc.title.clone_from(&item.entry.title);
    }
    doc.published = doc.published.or(item.entry.published);
    if doc.source.is_none() {
        doc.source.clone_from(&item.entry.source);
    }
    if let Some(l) = language(feed) {
        doc.language = Some(l);
    }
    Ok(Pending {
        seen: SeenItem {
            url: item.key.clone(),
            feed: feed.map(|f| f.url.clone()).unwrap_or_default(),
            document_id: doc.id.clone(),
            first_seen: unix_now(),
            from_feed_text: false,
            attempts: 0,
            retry_at: None,
        },
        document: doc,
    })
}

/// The document the feed's own text makes, when it has any.
fn from_feed_text(
    item: &FeedItem,
    feed: &Feed,
    attempts: u32,
    page_failed: bool,
) -> Option<Pending> {
    let mut doc = item.entry.document(&feed.url).ok()?;
    if page_failed {
        doc.id = format!("{}{FEED_TEXT_SUFFIX}", item.key);
    } else {
        doc.id.clone_from(&item.key);
    }
    if let Some(l) = language(Some(feed)) {
        doc.language = Some(l);
    }
    Some(Pending {
        seen: SeenItem {
            url: item.key.clone(),
            feed: feed.url.clone(),
            document_id: doc.id.clone(),
            first_seen: unix_now(),
            from_feed_text: page_failed,
            attempts,
            retry_at: if page_failed {
                retry_at(attempts)
            } else {
                None
            },
        },
        document: doc,
    })
}

/// Extracts and stores a batch, remembers its items, and raises the
/// alerts of the incidents it touched.
#[allow(clippy::too_many_arguments)]
fn store_batch(
    pipeline: &Pipeline,
    store: &mut Store,
    batch: Vec<Pending>,
    opts: &WatchOptions,
    learner: Option<&mut Learner>,
    alerter: &mut Alerter,
    metrics: &Metrics,
    head: &mut u64,
    summary: &mut WatchSummary,
    log: &mut dyn FnMut(String),
) -> Result<(), StoreError> {
    let results: Vec<_> = batch
        .into_par_iter()
        .map(|p| {
            let mut doc = p.document;
            if doc.published.is_none() {
                doc.published = opts.batch.published;
            }
            (p.seen, extract(pipeline, doc, &opts.batch))
        })
        .collect();
    let mut extracted = Vec::with_capacity(results.len());
    let mut seen = Vec::with_capacity(results.len());
    let now = jiff::Timestamp::now();
    for (item, r) in results {
        match r {
            Ok(e) => {
                if let Some(p) = e.document.published {
                    let midnight = p.to_datetime(jiff::civil::Time::midnight());
                    if let Ok(at) = jiff::tz::TimeZone::UTC.to_timestamp(midnight) {
                        metrics.lag(now.duration_since(at).as_secs_f64());
                    }
                }
                extracted.push(e);
                seen.push(item);
            }
            Err(message) => {
                summary.failed += 1;
                Metrics::add(&metrics.documents_failed, 1);
                log(format!("{}: {message}", item.url));
                // Remembered all the same: a document the pipeline cannot
                // read is not fetched again at every poll.
                seen.push(item);
            }
        }
    }
    let stored = store.ingest(&extracted)?;
    store.mark_items(&seen)?;
    summary.stored += stored.new as u64;
    Metrics::add(&metrics.documents_stored, stored.new as u64);
    if let Some(l) = learner {
        if let Err(e) = l.absorb(&extracted) {
            log(format!("the villages taught were not kept: {e}"));
        }
    }
    let mut touched = Vec::new();
    loop {
        let page = store.changes(*head, 500)?;
        if page.incidents.is_empty() {
            break;
        }
        *head = page.last;
        touched.extend(page.incidents);
    }
    // An incident rebuilt twice in the batch is checked in its last state.
    let mut last: HashMap<u64, usize> = HashMap::new();
    for (i, inc) in touched.iter().enumerate() {
        last.insert(inc.id, i);
    }
    touched = touched
        .into_iter()
        .enumerate()
        .filter(|(i, inc)| last.get(&inc.id) == Some(i))
        .map(|(_, inc)| inc)
        .collect();
    // Only incidents holding a document of this batch: another writer's
    // changes (a `sitrep ingest` of an archive beside the watcher) are
    // not news.
    let new_docs: HashSet<String> = extracted.iter().map(|e| e.document.id.clone()).collect();
    touched.retain(|i| i.documents.iter().any(|d| new_docs.contains(&d.id)));
    Metrics::add(&metrics.incidents_changed, touched.len() as u64);
    if !alerter.is_empty() && !touched.is_empty() {
        match alerter.check(&touched, &new_docs) {
            Ok(alerts) => {
                summary.alerts += alerts.len() as u64;
                for a in alerts {
                    log(format!(
                        "alert '{}': incident {} ({}, {})",
                        a.rule,
                        a.incident_id,
                        a.event_type,
                        a.place.as_deref().unwrap_or("no place")
                    ));
                }
            }
            Err(e) => log(e),
        }
    }
    Ok(())
}

/// Adds a `[[feed]]` to the feeds file at `path` (made when absent),
/// keeping the rest of the file as it was written. The file after the
/// change must read back, or nothing is written.
pub fn add_feed(
    path: &std::path::Path,
    url: &str,
    interval: Option<&str>,
    links: Option<&str>,
    name: Option<&str>,
) -> Result<(), String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: cannot read ({e})", path.display())),
    };
    let before = WatchConfig::parse(&text).map_err(|m| format!("{}: {m}", path.display()))?;
    if before.feeds.iter().any(|f| f.url == url) {
        return Err(format!("{}: {url} is already watched", path.display()));
    }
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut table = toml_edit::Table::new();
    table["url"] = toml_edit::value(url);
    table["interval"] = toml_edit::value(interval.unwrap_or("5m"));
    if let Some(l) = links {
        table["links"] = toml_edit::value(l);
    }
    if let Some(n) = name {
        table["name"] = toml_edit::value(n);
    }
    let feeds = doc
        .entry("feed")
        .or_insert_with(|| toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    let Some(feeds) = feeds.as_array_of_tables_mut() else {
        return Err(format!(
            "{}: `feed` is not a list of [[feed]] tables; fix the file by hand",
            path.display()
        ));
    };
    feeds.push(table);
    write_checked(path, &doc.to_string())
}

/// Removes the `[[feed]]` with this URL; false when there is none.
pub fn remove_feed(path: &std::path::Path, url: &str) -> Result<bool, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read ({e})", path.display()))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let Some(feeds) = doc.get_mut("feed").and_then(|f| f.as_array_of_tables_mut()) else {
        return Ok(false);
    };
    let before = feeds.len();
    feeds.retain(|t| t.get("url").and_then(|u| u.as_str()) != Some(url));
    if feeds.len() == before {
        return Ok(false);
    }
    write_checked(path, &doc.to_string()).map(|()| true)
}

/// Writes a feeds file whole (through a temporary file beside it, so that
/// a crash never leaves half a file), after checking that it reads back.
fn write_checked(path: &std::path::Path, text: &str) -> Result<(), String> {
    WatchConfig::parse(text)
        .map_err(|m| format!("{}: the change would make {m}", path.display()))?;
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| format!("{}: cannot write ({e})", path.display()))
}
