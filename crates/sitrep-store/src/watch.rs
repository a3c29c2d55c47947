//! What `sitrep watch` keeps in the database besides documents: each
//! feed's state between polls ([`FeedState`]), every item it has seen
//! ([`SeenItem`]), and the change numbers of incidents that the live page
//! and the alerts read ([`Store::changes`]). Keeping them in the store, not
//! in a file beside it, means a restart (or a second machine on the same
//! PostgreSQL database) neither misses nor repeats items.
//!
//! Times are Unix seconds.

use crate::sql::{Row, Sql, Value};
use crate::{parse_incident, Backend, Result, Store};
use sitrep_core::ChangePage;

/// What the watcher knows of one feed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedState {
    pub url: String,
    /// Validators of the last full answer, sent back as
    /// `If-None-Match` / `If-Modified-Since`.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Failed polls in a row (the backoff grows with them).
    pub failures: u32,
    /// When the feed is next due; 0 is at once.
    pub next_poll: i64,
    pub last_polled: Option<i64>,
    /// HTTP status of the last poll (304 included); none when it never got
    /// an answer.
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    /// When the feed last gave an item never seen before.
    pub last_new: Option<i64>,
    /// Items it has given, in all.
    pub items: u64,
}

/// One item the watcher has seen, by its page's URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenItem {
    pub url: String,
    /// The feed it was first seen in.
    pub feed: String,
    /// The document it was stored as.
    pub document_id: String,
    pub first_seen: i64,
    /// Its page could not be fetched, so the feed's own text was stored;
    /// the page is tried again at `retry_at`.
    pub from_feed_text: bool,
    pub attempts: u32,
    pub retry_at: Option<i64>,
}

const FEED_COLUMNS: &str = "url, etag, last_modified, failures, next_poll, last_polled, \
     last_status, last_error, last_new, items";
const ITEM_COLUMNS: &str = "url, feed, document_id, first_seen, from_feed_text, attempts, retry_at";

fn feed_of(r: &Row) -> Result<FeedState> {
    Ok(FeedState {
        url: r.text(0)?,
        etag: r.opt_text(1)?,
        last_modified: r.opt_text(2)?,
        failures: r.int(3)?.clamp(0, i64::from(u32::MAX)) as u32,
        next_poll: r.int(4)?,
        last_polled: r.opt_int(5)?,
        last_status: r.opt_int(6)?.and_then(|s| u16::try_from(s).ok()),
        last_error: r.opt_text(7)?,
        last_new: r.opt_int(8)?,
        items: r.int(9)?.max(0) as u64,
    })
}

fn item_of(r: &Row) -> Result<SeenItem> {
    Ok(SeenItem {
        url: r.text(0)?,
        feed: r.text(1)?,
        document_id: r.text(2)?,
        first_seen: r.int(3)?,
        from_feed_text: r.int(4)? != 0,
        attempts: r.int(5)?.clamp(0, i64::from(u32::MAX)) as u32,
        retry_at: r.opt_int(6)?,
    })
}

impl Store {
    /// Runs `f` in one write transaction, waiting for other writers.
    fn writing<T>(&mut self, f: impl FnOnce(&mut dyn Sql) -> Result<T>) -> Result<T> {
        match &mut self.backend {
            Backend::Sqlite(conn) => crate::sqlite::write(conn, &self.path, f),
            Backend::Postgres(cell) => crate::postgres::write(cell.get_mut(), &self.path, 0, f),
        }
    }

    /// Every feed the watcher has polled, by URL.
    pub fn feed_states(&self) -> Result<Vec<FeedState>> {
        self.on(|db| {
            db.rows(
                &format!("SELECT {FEED_COLUMNS} FROM watch_feeds ORDER BY url"),
                &[],
            )?
            .iter()
            .map(feed_of)
            .collect()
        })
    }

    /// Writes a feed's state, replacing what was kept of it.
    pub fn save_feed_state(&mut self, s: &FeedState) -> Result<()> {
        let args: Vec<Value> = vec![
            s.url.as_str().into(),
            s.etag.clone().into(),
            s.last_modified.clone().into(),
            i64::from(s.failures).into(),
            s.next_poll.into(),
            s.last_polled.into(),
            s.last_status.map(i64::from).into(),
            s.last_error.clone().into(),
            s.last_new.into(),
            (s.items.min(i64::MAX as u64) as i64).into(),
        ];
        self.writing(|db| {
            db.exec(
                &format!(
                    "INSERT INTO watch_feeds ({FEED_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
                     ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, \
                     last_modified = excluded.last_modified, failures = excluded.failures, \
                     next_poll = excluded.next_poll, last_polled = excluded.last_polled, \
                     last_status = excluded.last_status, last_error = excluded.last_error, \
                     last_new = excluded.last_new, items = excluded.items"
                ),
                &args,
            )
            .map(drop)
        })
    }

    /// Forgets a feed's state (its items stay seen, and stored). False when
    /// none was kept.
    pub fn forget_feed(&mut self, url: &str) -> Result<bool> {
        self.writing(|db| db.exec("DELETE FROM watch_feeds WHERE url = ?1", &[url.into()]))
            .map(|n| n > 0)
    }

    /// The item with this page URL, if it was ever seen.
    pub fn seen_item(&self, url: &str) -> Result<Option<SeenItem>> {
        self.on(|db| {
            db.row(
                &format!("SELECT {ITEM_COLUMNS} FROM watch_items WHERE url = ?1"),
                &[url.into()],
            )?
            .as_ref()
            .map(item_of)
            .transpose()
        })
    }

    /// Records items as seen (or updates their retry state), in one
    /// transaction.
    pub fn mark_items(&mut self, items: &[SeenItem]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        self.writing(|db| {
            for i in items {
                db.exec(
                    &format!(
                        "INSERT INTO watch_items ({ITEM_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                         ON CONFLICT (url) DO UPDATE SET document_id = excluded.document_id, \
                         from_feed_text = excluded.from_feed_text, attempts = excluded.attempts, \
                         retry_at = excluded.retry_at"
                    ),
                    &[
                        i.url.as_str().into(),
                        i.feed.as_str().into(),
                        i.document_id.as_str().into(),
                        i.first_seen.into(),
                        i.from_feed_text.into(),
                        i64::from(i.attempts).into(),
                        i.retry_at.into(),
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// Items stored from their feed's text whose page is due to be tried
    /// again by `now`, soonest first.
    pub fn items_to_retry(&self, now: i64, limit: usize) -> Result<Vec<SeenItem>> {
        self.on(|db| {
            db.rows(
                &format!(
                    "SELECT {ITEM_COLUMNS} FROM watch_items \
                     WHERE from_feed_text = 1 AND retry_at IS NOT NULL AND retry_at <= ?1 \
                     ORDER BY retry_at LIMIT ?2"
                ),
                &[now.into(), (limit.min(i64::MAX as usize) as i64).into()],
            )?
            .iter()
            .map(item_of)
            .collect()
        })
    }

    /// Incidents written after change number `after`, oldest first: see
    /// [`ChangePage`]. `limit` 0 reads only the newest change number.
    pub fn changes(&self, after: u64, limit: usize) -> Result<ChangePage> {
        let after_i = i64::try_from(after).unwrap_or(i64::MAX);
        self.reading(|db| {
            if limit == 0 {
                let last = db
                    .int("SELECT max(changed_seq) FROM incidents", &[])?
                    .unwrap_or(0);
                return Ok(ChangePage {
                    last: last.max(0) as u64,
                    incidents: Vec::new(),
                });
            }
            let rows = db.rows(
                "SELECT id, body, changed_seq FROM incidents WHERE changed_seq > ?1 \
                 ORDER BY changed_seq LIMIT ?2",
                &[after_i.into(), (limit.min(i64::MAX as usize) as i64).into()],
            )?;
            let mut page = ChangePage {
                last: after,
                incidents: Vec::with_capacity(rows.len()),
            };
            for r in rows {
                let id = r.int(0)?;
                page.incidents
                    .push(parse_incident(db.db(), id, &r.text(1)?)?);
                page.last = page.last.max(r.int(2)?.max(0) as u64);
            }
            Ok(page)
        })
    }
}
