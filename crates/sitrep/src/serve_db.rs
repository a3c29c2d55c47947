//! The incident database (SQLite file or PostgreSQL) as the web server's source: a few read-only
//! connections, each lent to one request at a time. In WAL mode SQLite
//! lets them read side by side, and beside a running ingest; a single
//! connection made every request wait for the one before it.

use sitrep_core::{ChangePage, Incident, IncidentPage, IncidentQuery, StoredDocument};
use sitrep_serve::{IncidentSource, SourceError};
use sitrep_store::{DbTarget, Store};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

pub struct StoreSource {
    idle: Mutex<Vec<Store>>,
    returned: Condvar,
    size: usize,
}

impl StoreSource {
    /// Opens `connections` (at least one) read-only connections to the
    /// database, which must exist at the current schema version (open it
    /// once with [`Store::open_target`] to create or upgrade it).
    pub fn open(db: &DbTarget, connections: usize) -> sitrep_store::Result<Self> {
        let size = connections.max(1);
        let idle = (0..size)
            .map(|_| Store::open_target_read_only(db))
            .collect::<sitrep_store::Result<Vec<_>>>()?;
        Ok(StoreSource {
            idle: Mutex::new(idle),
            returned: Condvar::new(),
            size,
        })
    }

    /// How many requests can read at once.
    pub fn connections(&self) -> usize {
        self.size
    }

    // The list only holds idle connections between a pop and a push, so a
    // panic elsewhere cannot leave it half-changed: a poisoned lock is
    // still sound to use.
    fn lock(&self) -> MutexGuard<'_, Vec<Store>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn with<T>(&self, f: impl FnOnce(&Store) -> sitrep_store::Result<T>) -> Result<T, SourceError> {
        let mut idle = self.lock();
        let store = loop {
            match idle.pop() {
                Some(s) => break s,
                None => {
                    idle = self
                        .returned
                        .wait(idle)
                        .unwrap_or_else(PoisonError::into_inner)
                }
            }
        };
        drop(idle);
        let lease = Lease {
            pool: self,
            store: Some(store),
        };
        let store = lease.store.as_ref().ok_or_else(|| {
            SourceError::new("internal error: a database connection went missing")
        })?;
        f(store).map_err(SourceError::new)
    }
}

/// Gives the connection back however the read ends, a panic included.
struct Lease<'a> {
    pool: &'a StoreSource,
    store: Option<Store>,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(s) = self.store.take() {
            self.pool.lock().push(s);
            self.pool.returned.notify_one();
        }
    }
}

impl IncidentSource for StoreSource {
    fn incidents(&self, q: &IncidentQuery) -> Result<IncidentPage, SourceError> {
        self.with(|s| s.incidents(q))
    }

    fn incident(&self, id: u64) -> Result<Option<Incident>, SourceError> {
        self.with(|s| s.incident(id))
    }

    fn document(&self, id: &str) -> Result<Option<StoredDocument>, SourceError> {
        self.with(|s| s.document(id))
    }

    fn changes(&self, after: u64, limit: usize) -> Result<ChangePage, SourceError> {
        self.with(|s| s.changes(after, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn connections_are_shared_between_threads_and_given_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.db");
        drop(Store::open(&path).expect("create"));
        let source = Arc::new(StoreSource::open(&DbTarget::File(path), 2).expect("pool"));
        assert_eq!(source.connections(), 2);
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let s = source.clone();
                std::thread::spawn(move || {
                    for _ in 0..20 {
                        let page = s.incidents(&IncidentQuery::default()).expect("list");
                        assert_eq!(page.total, 0);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("reader");
        }
        assert_eq!(source.lock().len(), 2);
        assert!(StoreSource::open(&DbTarget::File(dir.path().join("missing.db")), 2).is_err());
    }
}
