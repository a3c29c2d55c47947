//! Watching the news as it comes: what `sitrep watch` polls, how politely,
//! and what it tells the desk.
//!
//! Principal types: [`config::WatchConfig`] (the feeds file: feeds, the
//! contact, alert rules), [`fetch::Fetcher`] (HTTP GETs that honour
//! robots.txt, a per-host limit, validators and Retry-After),
//! [`feed::FeedItem`] (one item read from an RSS/Atom feed or an HTML index
//! page), [`schedule::Schedule`] (when each feed is due, with jitter and
//! backoff), [`alert::Alerter`] (rules checked against stored incidents,
//! alerts appended to a file and POSTed to a webhook) and
//! [`metrics::Metrics`] (counters in Prometheus' text format).
//!
//! Data flows one way: the schedule names a due feed, the fetcher gets it,
//! `feed` reads its items, the caller (the `sitrep` binary, which owns the
//! pipeline and the store) fetches each new item's page, ingests it, and
//! hands the incidents it touched to the alerter.

pub mod alert;
pub mod config;
pub mod feed;
pub mod fetch;
pub mod metrics;
pub mod schedule;
#[doc(hidden)]
pub mod testing;
