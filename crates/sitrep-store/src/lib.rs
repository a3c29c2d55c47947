//! The sitrep database: documents with their text and mentions, the events
//! and claims of their reports, and the incidents those events make.
//!
//! Principal types: [`Store`] (one connection to a database), [`DbTarget`]
//! (what `--db` names: a file or a PostgreSQL URL), [`Extracted`] (one
//! document as the pipeline read it) and [`IngestSummary`].
//!
//! Two backends sit behind one [`Store`]: an embedded SQLite file (WAL
//! journal, versioned schema; the default, needing nothing) and a
//! PostgreSQL database for a team (several workers ingesting, several
//! readers). Both run the same statements through the small `sql::Sql`
//! interface, so deduplication, reprints and linking are one piece of code
//! (`linking.rs`), and only the few statements the dialects write
//! differently are given twice.
//!
//! Ingest is by batch, one transaction each: a killed process loses at most
//! the batch in flight. Linking is incremental: each new event loads only
//! the incidents near its place (by grid cell) whose dates come within the
//! tolerance of its own, joins the best one or starts one, and only the
//! incident it touched is rebuilt; the rebuilt incident then adopts the
//! background events waiting near it (`orphans.rs`). In SQLite, long values
//! (texts, mentions, events, incidents) are stored zstd-compressed
//! (`pack.rs`).

mod linking;
mod orphans;
mod pack;
mod postgres;
mod schema;
pub mod scratch;
mod sql;
mod sqlite;
mod watch;

pub use linking::{
    CANDIDATES_PG, CANDIDATES_SQL, LONGEST_SPAN_DAYS, LONG_SPAN_DAYS, MONTH_SPAN_DAYS,
};
pub use postgres::{is_url, redact, PG_SCHEMA_VERSION};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION, V1 as SCHEMA_V1};
pub use watch::{FeedState, SeenItem};

use rusqlite::Connection;
use sha2::{Digest, Sha256};
use sitrep_core::{
    Document, Incident, IncidentPage, IncidentQuery, Mention, Report, StoredDocument,
};
use sitrep_link::LinkConfig;
use sql::{Dialect, Sql, Value};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: not a sitrep database ({why}); give another database with --db, or move this one away"
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
    #[error("{db}: cannot connect to PostgreSQL ({message}); check that the server runs and that the URL (postgres://user@host:port/dbname) names a database you may use")]
    Connect { db: String, message: String },
    #[error("{db}: {message}")]
    Postgres { db: String, message: String },
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
    #[error("{what} works on SQLite files only, and {db} is a PostgreSQL database")]
    SqliteOnly { what: &'static str, db: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What `--db` names: an SQLite file, or a PostgreSQL database by URL
/// (`postgres://user@host:port/dbname`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbTarget {
    File(PathBuf),
    Postgres(String),
}

impl DbTarget {
    /// A URL starting `postgres://` or `postgresql://` is PostgreSQL;
    /// anything else is a file path.
    pub fn parse(db: &str) -> DbTarget {
        if is_url(db) {
            DbTarget::Postgres(db.to_string())
        } else {
            DbTarget::File(PathBuf::from(db))
        }
    }

    /// How the database is named in messages: the path, or the URL without
    /// its password.
    pub fn display_name(&self) -> String {
        match self {
            DbTarget::File(p) => p.display().to_string(),
            DbTarget::Postgres(url) => redact(url),
        }
    }
}

impl std::fmt::Display for DbTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display_name())
    }
}

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

/// What `sitrep db info` tells of a database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbInfo {
    pub backend: &'static str,
    pub name: String,
    pub schema_version: i64,
    pub counts: Counts,
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

enum Backend {
    Sqlite(Connection),
    // A RefCell because the driver needs `&mut` to read; a Store serves one
    // thread at a time (the web server lends each connection out whole).
    Postgres(Box<RefCell<postgres::PgConn>>),
}

pub struct Store {
    backend: Backend,
    /// The file, or the URL without its password.
    path: Arc<Path>,
    link: LinkConfig,
}

impl Store {
    /// Opens (creating it when absent) the SQLite database at `path`,
    /// upgrading an older schema. Another SQLite database, or a file that
    /// is not SQLite, is refused.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, LinkConfig::default())
    }

    pub fn open_with(path: &Path, link: LinkConfig) -> Result<Store> {
        Self::open_target(&DbTarget::File(path.to_path_buf()), link)
    }

    /// Opens a file or connects to a PostgreSQL database, creating or
    /// upgrading its schema.
    pub fn open_target(target: &DbTarget, link: LinkConfig) -> Result<Store> {
        let path: Arc<Path> = Arc::from(Path::new(&target.display_name()));
        let backend = match target {
            DbTarget::File(p) => Backend::Sqlite(sqlite::open(p)?),
            DbTarget::Postgres(url) => {
                Backend::Postgres(Box::new(RefCell::new(postgres::open(url, &path)?)))
            }
        };
        Ok(Store {
            backend,
            path,
            link,
        })
    }

    /// Opens an existing sitrep database for reading only, as the web
    /// server's connections do: it never creates a file or schema, never
    /// upgrades one and cannot write. A database of an older schema is
    /// refused (open it once with [`Store::open`] to upgrade it).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        Self::open_target_read_only(&DbTarget::File(path.to_path_buf()))
    }

    pub fn open_target_read_only(target: &DbTarget) -> Result<Store> {
        let path: Arc<Path> = Arc::from(Path::new(&target.display_name()));
        let backend = match target {
            DbTarget::File(p) => Backend::Sqlite(sqlite::open_read_only(p)?),
            DbTarget::Postgres(url) => Backend::Postgres(Box::new(RefCell::new(
                postgres::open_read_only(url, &path)?,
            ))),
        };
        Ok(Store {
            backend,
            path,
            link: LinkConfig::default(),
        })
    }

    /// The file, or the URL without its password.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on one connection, outside any transaction of ours.
    fn on<T>(&self, f: impl FnOnce(&mut dyn Sql) -> Result<T>) -> Result<T> {
        match &self.backend {
            Backend::Sqlite(conn) => f(&mut sqlite::Lite {
                conn,
                db: &self.path,
            }),
            Backend::Postgres(cell) => {
                let mut conn = cell.borrow_mut();
                let conn = &mut *conn;
                f(&mut postgres::Pg {
                    client: &mut conn.client,
                    prepared: &mut conn.prepared,
                    db: &self.path,
                })
            }
        }
    }

    /// Runs `f` in one read transaction: its statements see one state of
    /// the database.
    fn reading<T>(&self, f: impl FnOnce(&mut dyn Sql) -> Result<T>) -> Result<T> {
        match &self.backend {
            Backend::Sqlite(conn) => sqlite::read(conn, &self.path, f),
            Backend::Postgres(cell) => postgres::read(&mut cell.borrow_mut(), &self.path, f),
        }
    }

    /// Stores a batch in one transaction and links its events. Documents
    /// already stored (same id, or same normalised text) change nothing,
    /// except that the same text under a new id is noted as a reprint.
    /// Writers take turns: the write lock of the SQLite file, or an
    /// advisory lock on PostgreSQL.
    pub fn ingest(&mut self, batch: &[Extracted]) -> Result<IngestSummary> {
        let link = self.link;
        let ingest = |db: &mut dyn Sql| linking::ingest_batch(db, &link, batch);
        match &mut self.backend {
            Backend::Sqlite(conn) => sqlite::write(conn, &self.path, ingest),
            Backend::Postgres(cell) => {
                postgres::write(cell.get_mut(), &self.path, batch.len(), ingest)
            }
        }
    }

    /// Whether a document (or reprint) with this id is stored: callers skip
    /// extracting it again.
    pub fn has_document(&self, id: &str) -> Result<bool> {
        self.on(|db| linking::has_document(db, id))
    }

    pub fn counts(&self) -> Result<Counts> {
        self.reading(|db| {
            let mut n = |table: &str| -> Result<usize> {
                Ok(db
                    .int(&format!("SELECT count(*) FROM {table}"), &[])?
                    .unwrap_or(0)
                    .max(0) as usize)
            };
            Ok(Counts {
                documents: n("documents")?,
                reprints: n("reprints")?,
                events: n("events")?,
                claims: n("claims")?,
                incidents: n("incidents")?,
            })
        })
    }

    /// The backend, its schema version and its row counts.
    pub fn info(&self) -> Result<DbInfo> {
        let (backend, schema_version) = match &self.backend {
            Backend::Sqlite(conn) => (
                "sqlite",
                conn.pragma_query_value(None, "user_version", |r| r.get(0))
                    .map_err(|e| sqlite::sqlite(&self.path, e))?,
            ),
            Backend::Postgres(_) => (
                "postgresql",
                self.on(|db| {
                    Ok(db
                        .row(
                            "SELECT value FROM sitrep_meta WHERE key = 'schema_version'",
                            &[],
                        )?
                        .map(|r| r.text(0))
                        .transpose()?
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0))
                })?,
            ),
        };
        Ok(DbInfo {
            backend,
            name: self.path.display().to_string(),
            schema_version,
            counts: self.counts()?,
        })
    }

    fn sqlite_only(&self, what: &'static str) -> Result<&Connection> {
        match &self.backend {
            Backend::Sqlite(conn) => Ok(conn),
            Backend::Postgres(_) => Err(StoreError::SqliteOnly {
                what,
                db: self.path.display().to_string(),
            }),
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound (SQLite only).
    pub fn integrity_check(&self) -> Result<String> {
        self.sqlite_only("the integrity check")?
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| sqlite::sqlite(&self.path, e))
    }

    /// Incidents passing `q`, in date order (undated last), then by id.
    pub fn incidents(&self, q: &IncidentQuery) -> Result<IncidentPage> {
        let dialect = match self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres(_) => Dialect::Postgres,
        };
        let list = ListSql::new(q, dialect);
        // One read transaction: the total and the page agree even when an
        // ingest commits between the two statements.
        let (total, rows) = self.reading(|db| {
            let total = match &list.count {
                Some(sql) => db.int(sql, &list.filter_args)?.unwrap_or(0),
                None => incident_tally(db)?,
            };
            Ok((total, db.rows(&list.page, &list.page_args())?))
        })?;
        let mut incidents = Vec::with_capacity(rows.len());
        for r in rows {
            let id = r.int(0)?;
            incidents.push(parse_incident(&self.path, id, &r.text(1)?)?);
        }
        Ok(IncidentPage {
            total: total.max(0) as usize,
            offset: q.offset,
            incidents,
        })
    }

    /// SQLite's plan for the page query of [`Store::incidents`] (the
    /// `detail` column of `EXPLAIN QUERY PLAN`): how tests and benchmarks
    /// check that a page is read from an index rather than sorted.
    pub fn incidents_plan(&self, q: &IncidentQuery) -> Result<Vec<String>> {
        let conn = self.sqlite_only("the query plan")?;
        let list = ListSql::new(q, Dialect::Sqlite);
        let sql = |e| sqlite::sqlite(&self.path, e);
        let mut st = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", list.page))
            .map_err(sql)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(list.page_args().iter()), |r| {
                r.get::<_, String>(3)
            })
            .map_err(sql)?;
        rows.collect::<rusqlite::Result<_>>().map_err(sql)
    }

    pub fn incident(&self, id: u64) -> Result<Option<Incident>> {
        let Ok(id) = i64::try_from(id) else {
            return Ok(None);
        };
        self.on(|db| linking::read_incident(db, id))
    }

    /// A stored document, or a reprint (its own metadata, the text and
    /// mentions of the document it reprints).
    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
        self.reading(|db| stored_document(db, id))
    }
}

fn stored_document(db: &mut dyn Sql, id: &str) -> Result<Option<StoredDocument>> {
    let row = db.row(
        "SELECT id, language, published, title, source, url, text, mentions \
         FROM documents WHERE id = ?1",
        &[id.into()],
    )?;
    let Some(mut row) = row else {
        let reprint = db.row(
            "SELECT id, language, published, title, source, url, of_document \
             FROM reprints WHERE id = ?1",
            &[id.into()],
        )?;
        let Some(reprint) = reprint else {
            return Ok(None);
        };
        let meta = linking::meta_of(&reprint, 0)?;
        let Some(orig) = stored_document(db, &reprint.text(6)?)? else {
            return Ok(None);
        };
        return Ok(Some(StoredDocument { meta, ..orig }));
    };
    let meta = linking::meta_of(&row, 0)?;
    let text = row.take_text(6)?;
    let mentions: Vec<Mention> =
        serde_json::from_str(&row.take_text(7)?).map_err(|e| StoreError::Corrupt {
            path: db.db().to_path_buf(),
            what: format!("mentions of document '{id}'"),
            message: e.to_string(),
        })?;
    Ok(Some(StoredDocument {
        meta,
        text,
        mentions,
    }))
}

/// How many incidents there are: on SQLite from the tally the schema's
/// triggers keep (a database without one, never written by this version,
/// is counted), on PostgreSQL by a count.
fn incident_tally(db: &mut dyn Sql) -> Result<i64> {
    if db.dialect() == Dialect::Sqlite {
        if let Some(n) = db.int("SELECT n FROM tallies WHERE name = 'incidents'", &[])? {
            return Ok(n);
        }
    }
    Ok(db.int("SELECT count(*) FROM incidents", &[])?.unwrap_or(0))
}

/// The statements of one [`Store::incidents`] call.
struct ListSql {
    /// `None` when nothing is filtered: the tally answers.
    count: Option<String>,
    page: String,
    filter_args: Vec<Value>,
    limit: Value,
    offset: i64,
}

impl ListSql {
    /// The page is read in the order of the `incidents_list` index
    /// (`incidents_country_list` within a country), so that the database
    /// walks `offset + limit` entries instead of sorting every match. A
    /// date filter only passes dated incidents; saying so and ordering by
    /// the date alone lets SQLite see that the index's order is the one
    /// asked for.
    fn new(q: &IncidentQuery, dialect: Dialect) -> ListSql {
        let lite = dialect == Dialect::Sqlite;
        let mut filter = String::new();
        let mut args: Vec<Value> = Vec::new();
        if let Some(cc) = &q.country {
            // Country codes are stored in capitals.
            filter.push_str(if lite {
                " AND country_code = ? COLLATE NOCASE"
            } else {
                " AND country_code = upper(?)"
            });
            args.push(cc.as_str().into());
        }
        if let Some(t) = &q.event_type {
            filter.push_str(" AND event_type = ?");
            args.push(t.as_str().into());
        }
        let dated_only = q.since.is_some() || q.until.is_some();
        if dated_only {
            filter.push_str(if lite {
                " AND (date_start IS NULL) = 0"
            } else {
                " AND date_start IS NOT NULL"
            });
        }
        if let Some(s) = q.since {
            filter.push_str(" AND date_end >= ?");
            args.push(s.to_string().into());
        }
        if let Some(u) = q.until {
            filter.push_str(" AND date_start <= ?");
            args.push(u.to_string().into());
        }
        if let Some([w, s, e, n]) = q.bbox {
            filter.push_str(
                " AND latitude >= ? AND latitude <= ? AND longitude >= ? AND longitude <= ?",
            );
            args.extend([s.into(), n.into(), w.into(), e.into()]);
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
        let limit = q.limit.map(|l| l.min(i64::MAX as usize) as i64);
        ListSql {
            count: (!filter.is_empty()).then(|| format!("SELECT count(*) FROM incidents{filter}")),
            page: format!(
                "SELECT id, body FROM incidents{filter} ORDER BY {order} LIMIT ? OFFSET ?"
            ),
            filter_args: args,
            // No limit: -1 to SQLite, NULL to PostgreSQL.
            limit: match limit {
                Some(l) => Value::Int(l),
                None if lite => Value::Int(-1),
                None => Value::Null,
            },
            offset: q.offset.min(i64::MAX as usize) as i64,
        }
    }

    fn page_args(&self) -> Vec<Value> {
        let mut args = self.filter_args.clone();
        args.extend([self.limit.clone(), Value::Int(self.offset)]);
        args
    }
}

fn corrupt(path: &Path, what: String, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        path: path.to_path_buf(),
        what,
        message: e.to_string(),
    }
}

pub(crate) fn parse_incident(path: &Path, id: i64, body: &str) -> Result<Incident> {
    serde_json::from_str(body).map_err(|e| corrupt(path, format!("incident {id}"), e))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn db_names_a_file_or_a_server() {
        assert_eq!(
            DbTarget::parse("data/sitrep.db"),
            DbTarget::File(PathBuf::from("data/sitrep.db"))
        );
        let pg = DbTarget::parse("postgres://ana:pw@127.0.0.1:5432/events");
        assert!(matches!(pg, DbTarget::Postgres(_)));
        assert_eq!(pg.to_string(), "postgres://ana@127.0.0.1:5432/events");
    }
}
