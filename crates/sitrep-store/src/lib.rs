//! The sitrep database: documents with their text and mentions, the events
//! and claims of their reports, and the incidents those events make, in one
//! embedded SQLite file (WAL journal, versioned schema).
//!
//! Ingest is by batch, one transaction each: a killed process loses at most
//! the batch in flight. Linking is incremental: each new event loads only
//! the incidents whose dates come within the tolerance of its own (an
//! indexed range query), joins the best one or starts one, and only the
//! incident it touched is rebuilt.

mod schema;

pub use schema::{APPLICATION_ID, SCHEMA_VERSION, V1 as SCHEMA_V1};

use jiff::civil::Date;
use jiff::ToSpan;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use sha2::{Digest, Sha256};
use sitrep_core::{
    Document, DocumentMeta, Event, Incident, IncidentPage, IncidentQuery, Lang, Mention, Report,
    StoredDocument,
};
use sitrep_link::{IncidentKey, LinkConfig, Member};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: not a sitrep database ({why}); give another file with --db, or move this one away"
    )]
    NotSitrep { path: PathBuf, why: String },
    #[error("{path}: written by a newer sitrep (schema version {found}; this sitrep knows up to {known}); upgrade sitrep to read it")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{path}: another sitrep process is writing to this database and did not let go within {waited_s} s; wait for it to finish and run this again")]
    Busy { path: PathBuf, waited_s: u64 },
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{path}: stored {what} is unreadable ({message}); the database may be damaged or written by another sitrep version")]
    Corrupt {
        path: PathBuf,
        what: String,
        message: String,
    },
    #[error("cannot create the folder {path} for the database: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: schema version {found}, older than this sitrep's {known}; open it once for writing (`sitrep ingest` or `sitrep serve`) to upgrade it")]
    Outdated {
        path: PathBuf,
        found: i64,
        known: i64,
    },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// One document as the pipeline read it, ready to store.
#[derive(Clone, Debug)]
pub struct Extracted {
    pub document: Document,
    pub report: Report,
    pub mentions: Vec<Mention>,
}

/// What one batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IngestSummary {
    pub new: usize,
    /// Already stored: the same id, or the same normalised text.
    pub duplicate: usize,
    /// Of the duplicates, those with the same text under a new id: noted as
    /// a reprint of the stored document (one more source, no new claim).
    pub reprints: usize,
    pub events: usize,
    pub incidents_created: usize,
}

impl std::ops::AddAssign for IngestSummary {
    fn add_assign(&mut self, o: Self) {
        self.new += o.new;
        self.duplicate += o.duplicate;
        self.reprints += o.reprints;
        self.events += o.events;
        self.incidents_created += o.incidents_created;
    }
}

/// Row counts, for summaries and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub documents: usize,
    pub reprints: usize,
    pub events: usize,
    pub claims: usize,
    pub incidents: usize,
}

/// The text a document is recognised by: folded (case, accents,
/// typographic quotes) with whitespace collapsed, hashed.
pub fn content_hash(text: &str) -> String {
    let folded = sitrep_core::fold::fold(text);
    let mut h = Sha256::new();
    for word in folded.split_whitespace() {
        h.update(word.as_bytes());
        h.update(b" ");
    }
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// How long a writer waits for another one (an ingest batch commits in about
/// a second, so this is many batches' worth) before giving up with
/// [`StoreError::Busy`].
pub const WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

pub struct Store {
    conn: Connection,
    path: PathBuf,
    link: LinkConfig,
}

impl Store {
    /// Opens (creating it when absent) the database at `path`, upgrading an
    /// older schema. Another SQLite database, or a file that is not SQLite,
    /// is refused.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, LinkConfig::default())
    }

    pub fn open_with(path: &Path, link: LinkConfig) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let p = path.to_path_buf();
        let sql = |source| StoreError::Sqlite {
            path: p.clone(),
            source,
        };
        let mut conn = Connection::open(path).map_err(sql)?;
        conn.busy_timeout(WRITE_WAIT).map_err(sql)?;
        let not_sitrep = |why: &str| StoreError::NotSitrep {
            path: p.clone(),
            why: why.into(),
        };
        // The schema objects first: another process making the schema
        // commits them with the application id in one transaction, so once
        // they are seen, so is the id (read the other way round, a schema
        // made in between read as another application's database).
        let tables: i64 =
            match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)) {
                Ok(v) => v,
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::NotADatabase =>
                {
                    return Err(not_sitrep("the file is not an SQLite database"));
                }
                Err(e) => return Err(sql(e)),
            };
        let app_id: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(sql)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sql)?;
        if app_id != APPLICATION_ID && !(app_id == 0 && tables == 0) {
            return Err(not_sitrep(&format!(
                "an SQLite database of another application: application id {app_id:#x}, {tables} schema objects"
            )));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: p,
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        // WAL: readers (the web server) never block the ingest, and a killed
        // writer leaves every committed transaction in place.
        // Switching a new file to WAL needs it to itself; a process opening
        // it at the same moment makes SQLite answer "busy" at once, without
        // waiting: try again for a while.
        let mut tries = 0;
        loop {
            match conn.pragma_update(None, "journal_mode", "WAL") {
                Ok(()) => break,
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy && tries < WAL_SWITCH_TRIES =>
                {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(e) => return Err(sql(e)),
            }
        }
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sql)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sql)?;
        // 64 MB of page cache: linking reads recent incidents again and again.
        conn.pragma_update(None, "cache_size", -65536)
            .map_err(sql)?;
        if version < SCHEMA_VERSION {
            // Immediate: the write lock is taken before the version is read
            // again, so of two processes opening one new file, the second
            // waits and then finds the schema already made (it used to fail
            // with "duplicate column name").
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| busy_or(&p, e))?;
            let now: i64 = tx
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(sql)?;
            for v in now..SCHEMA_VERSION {
                let step = schema::MIGRATIONS[v as usize];
                step(&tx).map_err(sql)?;
                tx.pragma_update(None, "user_version", v + 1).map_err(sql)?;
            }
            tx.commit().map_err(|e| busy_or(&p, e))?;
        }
        Ok(Store {
            conn,
            path: p,
            link,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Stores a batch in one transaction and links its events. Documents
    /// already stored (same id, or same normalised text) change nothing,
    /// except that the same text under a new id is noted as a reprint.
    pub fn ingest(&mut self, batch: &[Extracted]) -> Result<IngestSummary> {
        let path = self.path.clone();
        let link = self.link;
        // Immediate: a deferred transaction reads first and then cannot
        // wait for another writer's lock (SQLite answers "database is
        // locked" at once); taking the write lock up front makes a second
        // ingest wait its turn.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| busy_or(&path, e))?;
        let summary = ingest_tx(&tx, &path, &link, batch)?;
        tx.commit().map_err(|e| busy_or(&path, e))?;
        Ok(summary)
    }

    /// Whether a document (or reprint) with this id is stored: callers skip
    /// extracting it again.
    pub fn has_document(&self, id: &str) -> Result<bool> {
        self.conn
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM documents WHERE id = ?1) \
                 OR EXISTS(SELECT 1 FROM reprints WHERE id = ?1)",
            )
            .and_then(|mut st| st.query_row([id], |r| r.get(0)))
            .map_err(|e| self.sql(e))
    }

    pub fn counts(&self) -> Result<Counts> {
        let n = |table: &str| -> Result<usize> {
            self.conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                    r.get::<_, i64>(0)
                })
                .map(|v| v as usize)
                .map_err(|e| self.sql(e))
        };
        Ok(Counts {
            documents: n("documents")?,
            reprints: n("reprints")?,
            events: n("events")?,
            claims: n("claims")?,
            incidents: n("incidents")?,
        })
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.sql(e))
    }

    /// Incidents passing `q`, in date order (undated last), then by id.
    pub fn incidents(&self, q: &IncidentQuery) -> Result<IncidentPage> {
        let list = ListSql::new(q);
        // One read transaction: the total and the page agree even when an
        // ingest commits between the two statements.
        let tx = self.conn.unchecked_transaction().map_err(|e| self.sql(e))?;
        let total = match &list.count {
            None => self.incident_tally(&tx)?,
            Some(sql) => tx
                .prepare_cached(sql)
                .and_then(|mut st| {
                    st.query_row(rusqlite::params_from_iter(list.filter_args.iter()), |r| {
                        r.get::<_, i64>(0)
                    })
                })
                .map_err(|e| self.sql(e))?,
        };
        let mut st = tx.prepare_cached(&list.page).map_err(|e| self.sql(e))?;
        let rows = st
            .query_map(rusqlite::params_from_iter(list.page_args().iter()), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(|e| self.sql(e))?;
        let mut incidents = Vec::new();
        for row in rows {
            let (id, body) = row.map_err(|e| self.sql(e))?;
            incidents.push(parse_incident(&self.path, id, &body)?);
        }
        drop(st);
        tx.commit().map_err(|e| self.sql(e))?;
        Ok(IncidentPage {
            total: total.max(0) as usize,
            offset: q.offset,
            incidents,
        })
    }

    /// How many incidents there are, from the tally the schema's triggers
    /// keep; a database without one (never written by this version) is
    /// counted.
    fn incident_tally(&self, conn: &Connection) -> Result<i64> {
        let kept: Option<i64> = conn
            .prepare_cached("SELECT n FROM tallies WHERE name = 'incidents'")
            .and_then(|mut st| st.query_row([], |r| r.get(0)).optional())
            .map_err(|e| self.sql(e))?;
        match kept {
            Some(n) => Ok(n),
            None => conn
                .query_row("SELECT count(*) FROM incidents", [], |r| r.get(0))
                .map_err(|e| self.sql(e)),
        }
    }

    /// SQLite's plan for the page query of [`Store::incidents`] (the
    /// `detail` column of `EXPLAIN QUERY PLAN`): how tests and benchmarks
    /// check that a page is read from an index rather than sorted.
    pub fn incidents_plan(&self, q: &IncidentQuery) -> Result<Vec<String>> {
        let list = ListSql::new(q);
        let mut st = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", list.page))
            .map_err(|e| self.sql(e))?;
        let rows = st
            .query_map(rusqlite::params_from_iter(list.page_args().iter()), |r| {
                r.get::<_, String>(3)
            })
            .map_err(|e| self.sql(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.sql(e))
    }

    /// Opens an existing sitrep database for reading only, as the web
    /// server's connections do: it never creates a file, never upgrades a
    /// schema and cannot write. A database of an older schema is refused
    /// (open it once with [`Store::open`] to upgrade it).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let p = path.to_path_buf();
        let sql = |source| StoreError::Sqlite {
            path: p.clone(),
            source,
        };
        // Without SQLITE_OPEN_CREATE a missing file is an error, not a new
        // empty database; NO_MUTEX because each connection serves one
        // thread at a time.
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(sql)?;
        let not_sitrep = |why: String| StoreError::NotSitrep {
            path: p.clone(),
            why,
        };
        let app_id: i64 = match conn.pragma_query_value(None, "application_id", |r| r.get(0)) {
            Ok(v) => v,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                return Err(not_sitrep("the file is not an SQLite database".into()));
            }
            Err(e) => return Err(sql(e)),
        };
        if app_id != APPLICATION_ID {
            return Err(not_sitrep(format!(
                "application id {app_id:#x}; an empty file or another application's database"
            )));
        }
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sql)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: p,
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::Outdated {
                path: p,
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        Ok(Store {
            conn,
            path: p,
            link: LinkConfig::default(),
        })
    }

    pub fn incident(&self, id: u64) -> Result<Option<Incident>> {
        let body: Option<String> = self
            .conn
            .query_row(
                "SELECT body FROM incidents WHERE id = ?1",
                [id as i64],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        body.map(|b| parse_incident(&self.path, id as i64, &b))
            .transpose()
    }

    /// A stored document, or a reprint (its own metadata, the text and
    /// mentions of the document it reprints).
    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
        let row: Option<(DocumentMeta, String, String)> = self
            .conn
            .query_row(
                "SELECT id, language, published, title, source, url, text, mentions \
                 FROM documents WHERE id = ?1",
                [id],
                |r| Ok((meta_row(r)?, r.get(6)?, r.get(7)?)),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        let (meta, text, mentions) = match row {
            Some(r) => r,
            None => {
                let reprint: Option<(DocumentMeta, String)> = self
                    .conn
                    .query_row(
                        "SELECT id, language, published, title, source, url, of_document \
                         FROM reprints WHERE id = ?1",
                        [id],
                        |r| Ok((meta_row(r)?, r.get(6)?)),
                    )
                    .optional()
                    .map_err(|e| self.sql(e))?;
                let Some((meta, of)) = reprint else {
                    return Ok(None);
                };
                let Some(orig) = self.document(&of)? else {
                    return Ok(None);
                };
                return Ok(Some(StoredDocument { meta, ..orig }));
            }
        };
        let mentions: Vec<Mention> =
            serde_json::from_str(&mentions).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                what: format!("mentions of document '{id}'"),
                message: e.to_string(),
            })?;
        Ok(Some(StoredDocument {
            meta,
            text,
            mentions,
        }))
    }
}

/// The statements of one [`Store::incidents`] call.
struct ListSql {
    /// `None` when nothing is filtered: the tally answers.
    count: Option<String>,
    page: String,
    filter_args: Vec<rusqlite::types::Value>,
    limit: i64,
    offset: i64,
}

impl ListSql {
    /// The page is read in the order of the `incidents_list` index
    /// (`incidents_country_list` within a country), so that SQLite walks
    /// `offset + limit` entries instead of sorting every match. A date
    /// filter only passes dated incidents; saying so (`(date_start IS NULL)
    /// = 0`) and ordering by the date alone lets SQLite see that the
    /// index's order is the one asked for.
    fn new(q: &IncidentQuery) -> ListSql {
        use rusqlite::types::Value as V;
        let mut filter = String::new();
        let mut args: Vec<V> = Vec::new();
        if let Some(cc) = &q.country {
            filter.push_str(" AND country_code = ? COLLATE NOCASE");
            args.push(V::Text(cc.clone()));
        }
        if let Some(t) = &q.event_type {
            filter.push_str(" AND event_type = ?");
            args.push(V::Text(t.clone()));
        }
        let dated_only = q.since.is_some() || q.until.is_some();
        if dated_only {
            filter.push_str(" AND (date_start IS NULL) = 0");
        }
        if let Some(s) = q.since {
            filter.push_str(" AND date_end >= ?");
            args.push(V::Text(s.to_string()));
        }
        if let Some(u) = q.until {
            filter.push_str(" AND date_start <= ?");
            args.push(V::Text(u.to_string()));
        }
        if let Some([w, s, e, n]) = q.bbox {
            filter.push_str(
                " AND latitude >= ? AND latitude <= ? AND longitude >= ? AND longitude <= ?",
            );
            args.extend([V::Real(s), V::Real(n), V::Real(w), V::Real(e)]);
        }
        let filter = match filter.strip_prefix(" AND ") {
            Some(f) => format!(" WHERE {f}"),
            None => String::new(),
        };
        let order = if dated_only {
            "date_start, id"
        } else {
            "date_start IS NULL, date_start, id"
        };
        ListSql {
            count: (!filter.is_empty()).then(|| format!("SELECT count(*) FROM incidents{filter}")),
            page: format!(
                "SELECT id, body FROM incidents{filter} ORDER BY {order} LIMIT ? OFFSET ?"
            ),
            filter_args: args,
            limit: q.limit.map_or(-1, |l| l.min(i64::MAX as usize) as i64),
            offset: q.offset.min(i64::MAX as usize) as i64,
        }
    }

    fn page_args(&self) -> Vec<rusqlite::types::Value> {
        use rusqlite::types::Value as V;
        let mut args = self.filter_args.clone();
        args.extend([V::Integer(self.limit), V::Integer(self.offset)]);
        args
    }
}

/// The incidents a new event may join: those whose dates touch the
/// event's window (`?1` its last day, `?2` its first) and whose place may
/// pass the place rule. It is an exact superset of the rules, read in parts
/// that each walk one index over a bounded date range (`?11` is the window
/// start less [`LONG_SPAN_DAYS`]), so that the cost follows the incidents
/// near the event, not the size of the database:
/// 1. within the box around the event's point that holds its radius
///    (`?3`..`?6`: south, north, west, east), read from the index alone;
/// 2. incidents with no coordinates, or (`?3` NULL) every incident when the
///    event has none: the name rule decides;
/// 3. the same GeoNames entry (`?7`);
/// 4. the same admin2 (`?9`, folded) in the same country (`?8`);
/// 5. a region-only incident, or (`?10`) any incident when the event's
///    place is region-only, in the same country;
/// 6. incidents spanning more than a week, from their own small index.
///
/// An incident may come twice; the caller keeps one of each.
pub const CANDIDATES_SQL: &str = "\
SELECT id, link_key FROM incidents INDEXED BY incidents_dates \
  WHERE date_start BETWEEN ?11 AND ?1 AND latitude BETWEEN ?3 AND ?4 \
  AND longitude BETWEEN ?5 AND ?6 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_dates \
  WHERE date_start BETWEEN ?11 AND ?1 AND latitude IS NULL AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_dates \
  WHERE ?3 IS NULL AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_place \
  WHERE geonameid = ?7 AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_admin2 \
  WHERE admin2_key = ?9 AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
  AND country_code = ?8 COLLATE NOCASE \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_region \
  WHERE geo_precision >= 3 AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
  AND country_code = ?8 COLLATE NOCASE \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_dates \
  WHERE ?10 AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
  AND country_code = ?8 COLLATE NOCASE \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_long \
  WHERE span_days > 7 AND span_days < ?13 AND date_start <= ?1 AND date_end >= ?2 \
  AND date_start >= ?12";

/// Incidents whose dates span more than a week (a month, a season) are
/// few; they have an index of their own. Must match `CANDIDATES_SQL`
/// and the `incidents_long` index.
pub const LONG_SPAN_DAYS: i32 = 7;

/// A date interval this many days long or longer is month-precise
/// (time_precision 3) and never links ([`sitrep_link::linkable`]): the
/// candidate and orphan scans stop there (`CANDIDATES_SQL` `?12`, `?13`).
pub const MONTH_SPAN_DAYS: i32 = 28;

/// How many times (20 ms apart) opening tries to switch a file to WAL
/// while another process holds it.
const WAL_SWITCH_TRIES: u32 = 250;

/// A box around `(lat, lon)` that holds every point within `km`:
/// (south, north, west, east); the whole longitude range near the poles or
/// across the antimeridian, where a box would cut the circle.
fn bounding_box(lat: f64, lon: f64, km: f64) -> (f64, f64, f64, f64) {
    // Padded by 1% so rounding never drops a point the haversine keeps.
    let dlat = km / 111.0 * 1.01;
    let cos = lat.to_radians().cos();
    let dlon = if cos > 0.01 {
        km / (111.32 * cos) * 1.01
    } else {
        360.0
    };
    let (west, east) = if lon - dlon < -180.0 || lon + dlon > 180.0 {
        (-180.0, 180.0)
    } else {
        (lon - dlon, lon + dlon)
    };
    (lat - dlat, lat + dlat, west, east)
}

fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// SQLITE_BUSY after the busy timeout means another process held the write
/// lock all that time: say so, rather than "database is locked".
fn busy_or(path: &Path, source: rusqlite::Error) -> StoreError {
    match &source {
        rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::DatabaseBusy => {
            StoreError::Busy {
                path: path.to_path_buf(),
                waited_s: WRITE_WAIT.as_secs(),
            }
        }
        _ => sqlite(path, source),
    }
}

fn corrupt(path: &Path, what: String, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        path: path.to_path_buf(),
        what,
        message: e.to_string(),
    }
}

fn parse_incident(path: &Path, id: i64, body: &str) -> Result<Incident> {
    serde_json::from_str(body).map_err(|e| corrupt(path, format!("incident {id}"), e))
}

/// A `DocumentMeta` from the first six columns: id, language, published,
/// title, source, url.
fn meta_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentMeta> {
    let lang: String = r.get(1)?;
    let published: Option<String> = r.get(2)?;
    Ok(DocumentMeta {
        id: r.get(0)?,
        // Only sitrep writes these columns; an unknown value reads as
        // English rather than failing the whole listing.
        language: lang.parse::<Lang>().unwrap_or(Lang::En),
        published: published.and_then(|p| p.parse::<Date>().ok()),
        title: r.get(3)?,
        source: r.get(4)?,
        url: r.get(5)?,
    })
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

/// Statements run once per document or event are prepared once per
/// connection.
fn exec<P: rusqlite::Params>(tx: &Transaction<'_>, sql: &str, p: P) -> rusqlite::Result<usize> {
    tx.prepare_cached(sql)?.execute(p)
}

fn one<T, P: rusqlite::Params>(
    tx: &Transaction<'_>,
    sql: &str,
    p: P,
    f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    tx.prepare_cached(sql)?.query_row(p, f)
}

fn ingest_tx(
    tx: &Transaction<'_>,
    path: &Path,
    link: &LinkConfig,
    batch: &[Extracted],
) -> Result<IngestSummary> {
    let sql = |e| sqlite(path, e);
    let mut summary = IngestSummary::default();
    // Events to link, as (row id, background).
    let mut fresh: Vec<(i64, bool)> = Vec::new();
    let mut touched_by_reprints: Vec<String> = Vec::new();
    for item in batch {
        let doc = &item.document;
        let meta = &item.report.document;
        let known: bool = one(
            tx,
            "SELECT EXISTS(SELECT 1 FROM documents WHERE id = ?1) \
                 OR EXISTS(SELECT 1 FROM reprints WHERE id = ?1)",
            [&doc.id],
            |r| r.get(0),
        )
        .map_err(sql)?;
        if known {
            summary.duplicate += 1;
            continue;
        }
        let hash = content_hash(&doc.text);
        let original: Option<String> = one(
            tx,
            "SELECT id FROM documents WHERE content_hash = ?1 ORDER BY rowid LIMIT 1",
            [&hash],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql)?;
        if let Some(of) = original {
            exec(
                tx,
                "INSERT INTO reprints (id, of_document, language, published, title, source, url, ingested_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    doc.id,
                    of,
                    meta.language.code(),
                    meta.published.map(|d| d.to_string()),
                    meta.title,
                    meta.source,
                    meta.url,
                    now()
                ],
            )
            .map_err(sql)?;
            summary.duplicate += 1;
            summary.reprints += 1;
            touched_by_reprints.push(of);
            continue;
        }
        let mentions = serde_json::to_string(&item.mentions)
            .map_err(|e| corrupt(path, format!("mentions of '{}'", doc.id), e))?;
        exec(
                tx,
            "INSERT INTO documents (id, language, published, title, source, url, text, mentions, ingested_at, content_hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                doc.id,
                meta.language.code(),
                meta.published.map(|d| d.to_string()),
                meta.title,
                meta.source,
                meta.url,
                doc.text,
                mentions,
                now(),
                hash
            ],
        )
        .map_err(sql)?;
        summary.new += 1;
        for ev in &item.report.events {
            let json = serde_json::to_string(ev)
                .map_err(|e| corrupt(path, format!("event '{}' of '{}'", ev.id, doc.id), e))?;
            let inserted = tx
                .execute(
                    "INSERT OR IGNORE INTO events (document_id, event_id, background, event_type, date_start, date_end, event) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        doc.id,
                        ev.id,
                        ev.background,
                        ev.event_type,
                        ev.date.as_ref().map(|d| d.start.to_string()),
                        ev.date.as_ref().map(|d| d.end.to_string()),
                        json
                    ],
                )
                .map_err(sql)?;
            if inserted == 0 {
                continue;
            }
            let row = tx.last_insert_rowid();
            summary.events += 1;
            for claim in &ev.claims {
                let json = serde_json::to_string(claim)
                    .map_err(|e| corrupt(path, format!("a claim of '{}'", doc.id), e))?;
                exec(
                tx,
                    "INSERT INTO claims (event_row, document_id, claimant, killed, injured, claim, sentence_key) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        row,
                        doc.id,
                        claim.claimant.name,
                        claim.killed.as_ref().and_then(|f| f.value),
                        claim.injured.as_ref().and_then(|f| f.value),
                        json,
                        sitrep_link::claim_key(&doc.text, claim)
                    ],
                )
                .map_err(sql)?;
            }
            fresh.push((row, ev.background));
        }
    }
    // The events a report tells of first, so that a background mention in
    // the same batch finds the incident it recalls.
    fresh.sort_by_key(|&(row, background)| (background, row));
    let mut joined: std::collections::BTreeSet<i64> = std::collections::BTreeSet::new();
    for (row, background) in fresh {
        // A background event of this batch may have been adopted already by
        // an incident created before its turn.
        let linked: Option<i64> = one(
            tx,
            "SELECT incident_id FROM events WHERE id = ?1",
            [row],
            |r| r.get(0),
        )
        .map_err(sql)?;
        if linked.is_some() {
            continue;
        }
        let event = load_event(tx, path, row)?;
        if let Some(id) = find_incident(tx, path, link, &event)? {
            set_incident(tx, path, row, id)?;
            joined.insert(id);
        } else if !background {
            let id = create_incident(tx, path, row)?;
            summary.incidents_created += 1;
            adopt_background(tx, path, link, id)?;
        }
    }
    touched_by_reprints.sort();
    touched_by_reprints.dedup();
    for doc in touched_by_reprints {
        let mut st = tx
            .prepare(
                "SELECT DISTINCT incident_id FROM events \
                 WHERE document_id = ?1 AND incident_id IS NOT NULL",
            )
            .map_err(sql)?;
        let ids = st.query_map([&doc], |r| r.get(0)).map_err(sql)?;
        for id in ids {
            joined.insert(id.map_err(sql)?);
        }
    }
    // An incident is rebuilt from all its members: once per batch, not once
    // per joining event or reprint, or a large incident costs its size at
    // every join.
    for id in joined {
        rebuild(tx, path, id)?;
    }
    Ok(summary)
}

fn load_event(tx: &Transaction<'_>, path: &Path, row: i64) -> Result<Event> {
    let json: String = one(tx, "SELECT event FROM events WHERE id = ?1", [row], |r| {
        r.get(0)
    })
    .map_err(|e| sqlite(path, e))?;
    serde_json::from_str(&json).map_err(|e| corrupt(path, format!("event row {row}"), e))
}

fn set_incident(tx: &Transaction<'_>, path: &Path, row: i64, incident: i64) -> Result<()> {
    exec(
        tx,
        "UPDATE events SET incident_id = ?1 WHERE id = ?2",
        params![incident, row],
    )
    .map_err(|e| sqlite(path, e))?;
    Ok(())
}

/// The incident `event` joins: among those whose dates come within the
/// tolerance of the event's (an indexed range query), the best match.
fn find_incident(
    tx: &Transaction<'_>,
    path: &Path,
    link: &LinkConfig,
    event: &Event,
) -> Result<Option<i64>> {
    // No query for what can never link.
    let Some(date) = event.date.as_ref().filter(|d| sitrep_link::linkable(d)) else {
        return Ok(None);
    };
    let (from, to) = link.window(date);
    let mut st = tx
        .prepare_cached(CANDIDATES_SQL)
        .map_err(|e| sqlite(path, e))?;
    let loc = event.location.as_ref();
    let bbox = loc
        .and_then(|l| l.latitude.zip(l.longitude))
        .map(|(lat, lon)| bounding_box(lat, lon, link.radius_km));
    let rows = st
        .query_map(
            params![
                to.to_string(),
                from.to_string(),
                bbox.map(|b| b.0),
                bbox.map(|b| b.1),
                bbox.map(|b| b.2),
                bbox.map(|b| b.3),
                loc.and_then(|l| l.geonameid),
                loc.and_then(|l| l.country_code.clone()),
                loc.and_then(|l| l.admin2.as_deref())
                    .map(sitrep_core::fold::fold),
                loc.is_some_and(|l| l.geo_precision >= 3),
                from.checked_sub(LONG_SPAN_DAYS.days())
                    .unwrap_or(from)
                    .to_string(),
                from.checked_sub(MONTH_SPAN_DAYS.days())
                    .unwrap_or(from)
                    .to_string(),
                MONTH_SPAN_DAYS,
            ],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )
        .map_err(|e| sqlite(path, e))?;
    let mut candidates: Vec<IncidentKey> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        let (id, key) = row.map_err(|e| sqlite(path, e))?;
        if !seen.insert(id) {
            continue;
        }
        candidates.push(match serde_json::from_str(&key) {
            Ok(k) => k,
            Err(_) => {
                let body: String = one(tx, "SELECT body FROM incidents WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .map_err(|e| sqlite(path, e))?;
                IncidentKey::from(&parse_incident(path, id, &body)?)
            }
        });
    }
    Ok(sitrep_link::best_key(link, event, &candidates).map(|id| id as i64))
}

fn create_incident(tx: &Transaction<'_>, path: &Path, row: i64) -> Result<i64> {
    exec(
        tx,
        "INSERT INTO incidents (event_type, body) VALUES ('', '{}')",
        [],
    )
    .map_err(|e| sqlite(path, e))?;
    let id = tx.last_insert_rowid();
    set_incident(tx, path, row, id)?;
    rebuild(tx, path, id)?;
    Ok(id)
}

/// Background events stored before the incident they recall existed join
/// it now, so the result does not depend on the order documents come in.
fn adopt_background(tx: &Transaction<'_>, path: &Path, link: &LinkConfig, id: i64) -> Result<()> {
    let Some(incident) = read_incident(tx, path, id)? else {
        return Ok(());
    };
    let Some(date) = incident.date.as_ref().filter(|d| sitrep_link::linkable(d)) else {
        return Ok(());
    };
    let (from, to) = link.window(date);
    let orphans: Vec<(i64, String)> = {
        let mut st = tx
            .prepare_cached(
                "SELECT id, event FROM events INDEXED BY events_orphans \
                 WHERE incident_id IS NULL AND background = 1 \
                 AND date_start <= ?1 AND date_end >= ?2 AND date_start >= ?3 \
                 AND julianday(date_end) - julianday(date_start) < ?4",
            )
            .map_err(|e| sqlite(path, e))?;
        // An orphan that starts a month earlier, or spans a month, never
        // links: bounding the scan keeps it from growing with every orphan
        // ever stored.
        let oldest = from.checked_sub(MONTH_SPAN_DAYS.days()).unwrap_or(from);
        let rows = st
            .query_map(
                params![
                    to.to_string(),
                    from.to_string(),
                    oldest.to_string(),
                    MONTH_SPAN_DAYS
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| sqlite(path, e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| sqlite(path, e))?
    };
    let mut adopted = false;
    for (row, json) in orphans {
        let event: Event = serde_json::from_str(&json)
            .map_err(|e| corrupt(path, format!("event row {row}"), e))?;
        if sitrep_link::match_score(link, (&event).into(), (&incident).into()).is_some() {
            set_incident(tx, path, row, id)?;
            adopted = true;
        }
    }
    if adopted {
        rebuild(tx, path, id)?;
    }
    Ok(())
}

fn read_incident(tx: &Transaction<'_>, path: &Path, id: i64) -> Result<Option<Incident>> {
    let body: Option<String> = one(tx, "SELECT body FROM incidents WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()
    .map_err(|e| sqlite(path, e))?;
    body.map(|b| parse_incident(path, id, &b)).transpose()
}

/// Recomputes one incident from its events, their documents and reprints.
fn rebuild(tx: &Transaction<'_>, path: &Path, id: i64) -> Result<()> {
    let sql = |e| sqlite(path, e);
    let rows: Vec<(i64, String, DocumentMeta)> = {
        let mut st = tx
            .prepare_cached(
                "SELECT e.id, e.event, d.id, d.language, d.published, d.title, d.source, d.url \
                 FROM events e JOIN documents d ON d.id = e.document_id \
                 WHERE e.incident_id = ?1 ORDER BY e.id",
            )
            .map_err(sql)?;
        let rows = st
            .query_map([id], |r| {
                let meta = DocumentMeta {
                    id: r.get(2)?,
                    language: r.get::<_, String>(3)?.parse::<Lang>().unwrap_or(Lang::En),
                    published: r
                        .get::<_, Option<String>>(4)?
                        .and_then(|p| p.parse::<Date>().ok()),
                    title: r.get(5)?,
                    source: r.get(6)?,
                    url: r.get(7)?,
                };
                Ok((r.get(0)?, r.get(1)?, meta))
            })
            .map_err(sql)?;
        rows.collect::<rusqlite::Result<_>>().map_err(sql)?
    };
    let mut members = Vec::with_capacity(rows.len());
    for (row, json, document) in rows {
        let event: Event = serde_json::from_str(&json)
            .map_err(|e| corrupt(path, format!("event row {row}"), e))?;
        let claim_keys: Vec<String> = {
            let mut st = tx
                .prepare_cached("SELECT sentence_key FROM claims WHERE event_row = ?1 ORDER BY id")
                .map_err(sql)?;
            let rows = st.query_map([row], |r| r.get(0)).map_err(sql)?;
            rows.collect::<rusqlite::Result<_>>().map_err(sql)?
        };
        let reprints: Vec<DocumentMeta> = {
            let mut st = tx
                .prepare_cached(
                    "SELECT id, language, published, title, source, url FROM reprints \
                     WHERE of_document = ?1 ORDER BY rowid",
                )
                .map_err(sql)?;
            let rows = st.query_map([&document.id], meta_row).map_err(sql)?;
            rows.collect::<rusqlite::Result<_>>().map_err(sql)?
        };
        members.push(Member {
            event,
            document,
            reprints,
            claim_keys,
        });
    }
    let Some(incident) = sitrep_link::build_incident(id as u64, &members) else {
        // No event left: the incident is gone.
        exec(tx, "DELETE FROM incidents WHERE id = ?1", [id]).map_err(sql)?;
        return Ok(());
    };
    let body =
        serde_json::to_string(&incident).map_err(|e| corrupt(path, format!("incident {id}"), e))?;
    let key = serde_json::to_string(&IncidentKey::from(&incident))
        .map_err(|e| corrupt(path, format!("incident {id}"), e))?;
    let loc = incident.location.as_ref();
    exec(
                tx,
        "UPDATE incidents SET event_type = ?1, date_start = ?2, date_end = ?3, country_code = ?4, \
         latitude = ?5, longitude = ?6, body = ?7, link_key = ?9, geonameid = ?10, admin2_key = ?11, \
         geo_precision = ?12, span_days = ?13 WHERE id = ?8",
        params![
            incident.event_type,
            incident.date.as_ref().map(|d| d.start.to_string()),
            incident.date.as_ref().map(|d| d.end.to_string()),
            loc.and_then(|l| l.country_code.clone()),
            loc.and_then(|l| l.latitude),
            loc.and_then(|l| l.longitude),
            body,
            id,
            key,
            loc.and_then(|l| l.geonameid),
            loc.and_then(|l| l.admin2.as_deref()).map(sitrep_core::fold::fold),
            loc.map(|l| l.geo_precision),
            incident
                .date
                .as_ref()
                .and_then(|d| d.start.until(d.end).ok())
                .map_or(0, |s| s.get_days())
        ],
    )
    .map_err(sql)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_holds_the_circle() {
        let km = 30.0;
        for &(lat, lon) in &[(16.27, -0.04), (60.0, 10.0), (-33.9, 151.2), (0.0, 179.9)] {
            let (s, n, w, e) = bounding_box(lat, lon, km);
            for step in 0..360 {
                let bearing = f64::from(step).to_radians();
                // A point at about 29.9 km in each direction.
                let dlat = 29.9 / 111.2 * bearing.cos();
                let dlon = 29.9 / (111.2 * lat.to_radians().cos()) * bearing.sin();
                let (plat, plon) = (lat + dlat, lon + dlon);
                if sitrep_link::haversine_km(lat, lon, plat, plon) <= km && plon.abs() <= 180.0 {
                    assert!(
                        plat >= s && plat <= n && plon >= w && plon <= e,
                        "{lat},{lon} -> {plat},{plon}"
                    );
                }
            }
        }
    }

    #[test]
    fn content_hash_ignores_case_accents_and_spacing() {
        assert_eq!(
            content_hash("Frappe à  Gao.\nDeux morts."),
            content_hash("frappe a gao. deux MORTS.")
        );
        assert_ne!(
            content_hash("Frappe à Gao."),
            content_hash("Frappe à Kidal.")
        );
    }
}
