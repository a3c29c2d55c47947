//! The embedded backend: one SQLite file, WAL journal, schema version in
//! `PRAGMA user_version`, recognised by `PRAGMA application_id`.

use crate::schema::{self, APPLICATION_ID, SCHEMA_VERSION};
use crate::sql::{Dialect, Row, Sql, Value};
use crate::{Result, StoreError, WRITE_WAIT};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;
use std::sync::Arc;

/// How many times (20 ms apart) opening tries to switch a file to WAL
/// while another process holds it.
const WAL_SWITCH_TRIES: u32 = 250;

/// The page size of a new database file.
const PAGE_SIZE: i64 = 8192;

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(v) => ValueRef::Integer(*v),
            Value::Real(v) => ValueRef::Real(*v),
            Value::Text(v) => ValueRef::Text(v.as_bytes()),
            Value::Bytes(v) => ValueRef::Blob(v),
        }))
    }
}

fn value_of(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        // Only sitrep writes text here; a damaged one keeps what can be read.
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
    }
}

pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// SQLITE_BUSY after the busy timeout means another process held the write
/// lock all that time: say so, rather than "database is locked".
pub(crate) fn busy_or(path: &Path, source: rusqlite::Error) -> StoreError {
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

/// A connection (or a transaction, through `Deref`) running sitrep's
/// statements; each is prepared once per connection.
pub(crate) struct Lite<'a> {
    pub(crate) conn: &'a Connection,
    pub(crate) db: &'a Arc<Path>,
}

impl Sql for Lite<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn db(&self) -> &Arc<Path> {
        self.db
    }

    fn exec(&mut self, sql: &str, args: &[Value]) -> Result<u64> {
        self.conn
            .prepare_cached(sql)
            .and_then(|mut st| st.execute(rusqlite::params_from_iter(args)))
            .map(|n| n as u64)
            .map_err(|e| busy_or(self.db, e))
    }

    fn rows(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        let read = || -> rusqlite::Result<Vec<Row>> {
            let mut st = self.conn.prepare_cached(sql)?;
            let width = st.column_count();
            let mut rows = st.query(rusqlite::params_from_iter(args))?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let mut values = Vec::with_capacity(width);
                for i in 0..width {
                    values.push(value_of(r.get_ref(i)?));
                }
                out.push(Row {
                    values,
                    db: self.db.clone(),
                });
            }
            Ok(out)
        };
        read().map_err(|e| busy_or(self.db, e))
    }
}

/// Opens (creating it when absent) the database at `path`, upgrading an
/// older schema. Another SQLite database, or a file that is not SQLite,
/// is refused.
pub(crate) fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let sql = |source| sqlite(path, source);
    let mut conn = Connection::open(path).map_err(sql)?;
    conn.busy_timeout(WRITE_WAIT).map_err(sql)?;
    let not_sitrep = |why: &str| StoreError::NotSitrep {
        path: path.to_path_buf(),
        why: why.into(),
    };
    // The schema objects first: another process making the schema
    // commits them with the application id in one transaction, so once
    // they are seen, so is the id (read the other way round, a schema
    // made in between read as another application's database).
    let tables: i64 = match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)) {
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
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    // WAL: readers (the web server) never block the ingest, and a killed
    // writer leaves every committed transaction in place.
    // Switching a new file to WAL needs it to itself; a process opening
    // it at the same moment makes SQLite answer "busy" at once, without
    // waiting: try again for a while.
    // Packed documents (2 KB or so) waste half of a 4 KB page, which holds
    // one; 8 KB pages hold three. Only a new, empty file takes the size;
    // an existing database keeps its own.
    conn.pragma_update(None, "page_size", PAGE_SIZE)
        .map_err(sql)?;
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
    // Ingest runs some twenty statements a batch, more than rusqlite keeps
    // prepared by default (16): each would be parsed again at every use.
    conn.set_prepared_statement_cache_capacity(64);
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
            .map_err(|e| busy_or(path, e))?;
        let now: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sql)?;
        for v in now..SCHEMA_VERSION {
            let step = schema::MIGRATIONS[v as usize];
            step(&tx).map_err(sql)?;
            tx.pragma_update(None, "user_version", v + 1).map_err(sql)?;
        }
        tx.commit().map_err(|e| busy_or(path, e))?;
    }
    Ok(conn)
}

/// Opens an existing sitrep database for reading only: never creates a
/// file, never upgrades a schema, cannot write.
pub(crate) fn open_read_only(path: &Path) -> Result<Connection> {
    let sql = |source| sqlite(path, source);
    // Without SQLITE_OPEN_CREATE a missing file is an error, not a new
    // empty database; NO_MUTEX because each connection serves one
    // thread at a time.
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(sql)?;
    let not_sitrep = |why: String| StoreError::NotSitrep {
        path: path.to_path_buf(),
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
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if version < SCHEMA_VERSION {
        return Err(StoreError::Outdated {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    Ok(conn)
}

/// Runs `f` in one write transaction, taken up front: a deferred
/// transaction reads first and then cannot wait for another writer's lock
/// (SQLite answers "database is locked" at once); taking the write lock
/// first makes a second ingest wait its turn.
pub(crate) fn write<T>(
    conn: &mut Connection,
    db: &Arc<Path>,
    f: impl FnOnce(&mut dyn Sql) -> Result<T>,
) -> Result<T> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| busy_or(db, e))?;
    let out = f(&mut Lite { conn: &tx, db })?;
    tx.commit().map_err(|e| busy_or(db, e))?;
    Ok(out)
}

/// Runs `f` in one read transaction, so that what it reads in several
/// statements agrees even when a writer commits in between.
pub(crate) fn read<T>(
    conn: &Connection,
    db: &Arc<Path>,
    f: impl FnOnce(&mut dyn Sql) -> Result<T>,
) -> Result<T> {
    let tx = conn.unchecked_transaction().map_err(|e| sqlite(db, e))?;
    let out = f(&mut Lite { conn: &tx, db })?;
    tx.commit().map_err(|e| sqlite(db, e))?;
    Ok(out)
}
