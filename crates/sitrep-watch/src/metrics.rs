//! The watcher's counters, rendered in Prometheus' text format for
//! `/metrics`. Counters are atomics, so fetch workers and the storing loop
//! count without taking turns.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Upper bounds (seconds) of the buckets of the publication-to-ingest lag.
const LAG_BUCKETS: [f64; 8] = [
    60.0,
    300.0,
    900.0,
    3600.0,
    6.0 * 3600.0,
    86_400.0,
    7.0 * 86_400.0,
    30.0 * 86_400.0,
];

#[derive(Debug, Default)]
pub struct Metrics {
    pub feeds: AtomicU64,
    /// Feed polls by outcome: "new_items", "unchanged", "not_modified",
    /// "error", "throttled", "disallowed".
    polls: Mutex<BTreeMap<&'static str, u64>>,
    /// Answers by HTTP status (feeds, pages and robots alike); 0 is no
    /// answer at all.
    fetches: Mutex<BTreeMap<u16, u64>>,
    pub items_new: AtomicU64,
    pub pages_fetched: AtomicU64,
    pub pages_from_feed_text: AtomicU64,
    pub documents_stored: AtomicU64,
    pub documents_failed: AtomicU64,
    pub incidents_changed: AtomicU64,
    pub alerts: AtomicU64,
    pub webhook_failures: AtomicU64,
    lag: Mutex<Lag>,
}

#[derive(Debug, Default)]
struct Lag {
    buckets: [u64; LAG_BUCKETS.len()],
    count: u64,
    sum: f64,
}

fn bump<K: Ord>(m: &Mutex<BTreeMap<K, u64>>, k: K) {
    // A poisoned lock only means a panic elsewhere mid-count.
    let mut m = m.lock().unwrap_or_else(|p| p.into_inner());
    *m.entry(k).or_default() += 1;
}

impl Metrics {
    pub fn poll(&self, outcome: &'static str) {
        bump(&self.polls, outcome);
    }

    pub fn fetch(&self, status: u16) {
        bump(&self.fetches, status);
    }

    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    /// A document published `seconds` before it was stored.
    pub fn lag(&self, seconds: f64) {
        let seconds = seconds.max(0.0);
        let mut l = self.lag.lock().unwrap_or_else(|p| p.into_inner());
        for (b, bound) in l.buckets.iter_mut().zip(LAG_BUCKETS) {
            if seconds <= bound {
                *b += 1;
            }
        }
        l.count += 1;
        l.sum += seconds;
    }

    /// The counters in Prometheus' text exposition format (0.0.4).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let mut gauge = |name: &str, help: &str, kind: &str, v: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {v}"
            );
        };
        gauge(
            "sitrep_watch_feeds",
            "Feeds being watched.",
            "gauge",
            get(&self.feeds),
        );
        gauge(
            "sitrep_watch_items_new_total",
            "Feed items never seen before.",
            "counter",
            get(&self.items_new),
        );
        gauge(
            "sitrep_watch_pages_fetched_total",
            "Item pages fetched and read.",
            "counter",
            get(&self.pages_fetched),
        );
        gauge(
            "sitrep_watch_pages_from_feed_text_total",
            "Items stored from the feed's own text because their page could not be fetched.",
            "counter",
            get(&self.pages_from_feed_text),
        );
        gauge(
            "sitrep_watch_documents_stored_total",
            "Documents stored.",
            "counter",
            get(&self.documents_stored),
        );
        gauge(
            "sitrep_watch_documents_failed_total",
            "Items that could not be read or stored.",
            "counter",
            get(&self.documents_failed),
        );
        gauge(
            "sitrep_watch_incidents_changed_total",
            "Incidents created or changed by what the watcher stored.",
            "counter",
            get(&self.incidents_changed),
        );
        gauge(
            "sitrep_watch_alerts_total",
            "Alerts raised.",
            "counter",
            get(&self.alerts),
        );
        gauge(
            "sitrep_watch_webhook_failures_total",
            "Alerts the webhook never accepted after every retry.",
            "counter",
            get(&self.webhook_failures),
        );
        let _ = writeln!(out, "# HELP sitrep_watch_polls_total Feed polls by outcome.\n# TYPE sitrep_watch_polls_total counter");
        for (k, v) in self.polls.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            let _ = writeln!(out, "sitrep_watch_polls_total{{outcome=\"{k}\"}} {v}");
        }
        let _ = writeln!(out, "# HELP sitrep_watch_fetches_total HTTP answers by status (0: no answer).\n# TYPE sitrep_watch_fetches_total counter");
        for (k, v) in self
            .fetches
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let _ = writeln!(out, "sitrep_watch_fetches_total{{status=\"{k}\"}} {v}");
        }
        let l = self.lag.lock().unwrap_or_else(|p| p.into_inner());
        let _ = writeln!(out, "# HELP sitrep_watch_lag_seconds From a document's publication date to its storing.\n# TYPE sitrep_watch_lag_seconds histogram");
        for (b, bound) in l.buckets.iter().zip(LAG_BUCKETS) {
            let _ = writeln!(out, "sitrep_watch_lag_seconds_bucket{{le=\"{bound}\"}} {b}");
        }
        let _ = writeln!(out, "sitrep_watch_lag_seconds_bucket{{le=\"+Inf\"}} {}\nsitrep_watch_lag_seconds_sum {}\nsitrep_watch_lag_seconds_count {}", l.count, l.sum, l.count);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_render_in_the_text_format() {
        let m = Metrics::default();
        Metrics::add(&m.feeds, 3);
        m.poll("not_modified");
        m.poll("not_modified");
        m.fetch(304);
        m.lag(120.0);
        let text = m.render();
        assert!(text.contains("sitrep_watch_feeds 3\n"), "{text}");
        assert!(text.contains("sitrep_watch_polls_total{outcome=\"not_modified\"} 2\n"));
        assert!(text.contains("sitrep_watch_fetches_total{status=\"304\"} 1\n"));
        assert!(text.contains("sitrep_watch_lag_seconds_bucket{le=\"60\"} 0\n"));
        assert!(text.contains("sitrep_watch_lag_seconds_bucket{le=\"300\"} 1\n"));
        assert!(text.contains("sitrep_watch_lag_seconds_count 1\n"));
    }
}
