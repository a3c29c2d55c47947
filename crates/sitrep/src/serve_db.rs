//! The incident database as the web server's source. One connection behind
//! a mutex: requests are short reads, and SQLite serialises them anyway.

use sitrep_core::{Incident, IncidentPage, IncidentQuery, StoredDocument};
use sitrep_serve::{IncidentSource, SourceError};
use sitrep_store::Store;
use std::sync::Mutex;

pub struct StoreSource(Mutex<Store>);

impl StoreSource {
    pub fn new(store: Store) -> Self {
        StoreSource(Mutex::new(store))
    }

    fn with<T>(&self, f: impl FnOnce(&Store) -> sitrep_store::Result<T>) -> Result<T, SourceError> {
        let store = self.0.lock().map_err(|_| {
            SourceError::new("the database connection was poisoned by an earlier failure")
        })?;
        f(&store).map_err(SourceError::new)
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
}
