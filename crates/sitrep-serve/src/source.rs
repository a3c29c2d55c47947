//! Where the server reads incidents and documents from. The SQLite store
//! implements [`IncidentSource`]; [`MemorySource`] serves tests and the
//! interim `sitrep serve --incidents FILE.json`.

use serde::Deserialize;
use sitrep_core::{ChangePage, Incident, IncidentPage, IncidentQuery, StoredDocument};
use std::collections::HashMap;
use std::path::Path;

/// A backend failure (a database that cannot be read, say). The API answers
/// it with a 500 and the message, so the message should tell what to do.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SourceError(pub String);

impl SourceError {
    pub fn new(message: impl std::fmt::Display) -> Self {
        SourceError(message.to_string())
    }
}

pub trait IncidentSource: Send + Sync {
    fn incidents(&self, q: &IncidentQuery) -> Result<IncidentPage, SourceError>;
    fn incident(&self, id: u64) -> Result<Option<Incident>, SourceError>;
    fn document(&self, id: &str) -> Result<Option<StoredDocument>, SourceError>;
    /// At most `limit` incidents created or rebuilt after change number
    /// `after`, oldest first (see [`ChangePage`]). With `limit` 0 it reads
    /// no incident and `last` is the newest change number: where a live
    /// client starts. A source that never changes has none.
    fn changes(&self, after: u64, limit: usize) -> Result<ChangePage, SourceError> {
        let _ = limit;
        Ok(ChangePage {
            last: after,
            incidents: Vec::new(),
        })
    }
}

/// Incidents and documents held in memory.
#[derive(Clone, Debug, Default)]
pub struct MemorySource {
    incidents: Vec<Incident>,
    documents: HashMap<String, StoredDocument>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not an incidents file: {source}. Give the output of `sitrep incidents --format json` (an array of incidents) or an object {{\"incidents\": [...], \"documents\": [...]}}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
}

/// The file with the documents' texts, which the incident page needs to
/// highlight evidence; the bare array `sitrep incidents --format json`
/// prints is read too.
#[derive(Deserialize)]
struct IncidentsFile {
    incidents: Vec<Incident>,
    #[serde(default)]
    documents: Vec<StoredDocument>,
}

impl MemorySource {
    pub fn new(incidents: Vec<Incident>, documents: Vec<StoredDocument>) -> Self {
        MemorySource {
            incidents,
            documents: documents
                .into_iter()
                .map(|d| (d.meta.id.clone(), d))
                .collect(),
        }
    }

    /// Reads an incidents file (see [`IncidentsFile`]).
    pub fn from_json_file(path: &Path) -> Result<Self, LoadError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| LoadError::Read {
            path: name.clone(),
            source,
        })?;
        Self::from_json_slice(&bytes).map_err(|source| LoadError::Parse { path: name, source })
    }

    pub fn from_json_slice(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        // Looking at the first byte rather than trying both shapes keeps
        // serde's error message, which names the line and the field.
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'[') {
            let incidents: Vec<Incident> = serde_json::from_slice(bytes)?;
            return Ok(MemorySource::new(incidents, Vec::new()));
        }
        let file: IncidentsFile = serde_json::from_slice(bytes)?;
        Ok(MemorySource::new(file.incidents, file.documents))
    }
}

impl IncidentSource for MemorySource {
    fn incidents(&self, q: &IncidentQuery) -> Result<IncidentPage, SourceError> {
        let matching: Vec<&Incident> = self.incidents.iter().filter(|i| q.matches(i)).collect();
        let total = matching.len();
        let incidents = matching
            .into_iter()
            .skip(q.offset)
            .take(q.limit.unwrap_or(usize::MAX))
            .cloned()
            .collect();
        Ok(IncidentPage {
            total,
            offset: q.offset,
            incidents,
        })
    }

    fn incident(&self, id: u64) -> Result<Option<Incident>, SourceError> {
        Ok(self.incidents.iter().find(|i| i.id == id).cloned())
    }

    fn document(&self, id: &str) -> Result<Option<StoredDocument>, SourceError> {
        Ok(self.documents.get(id).cloned())
    }
}
