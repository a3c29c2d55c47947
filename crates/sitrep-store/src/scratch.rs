//! Throwaway PostgreSQL databases, for the tests and benchmarks that run
//! the store against a real server: [`ScratchDb::create`] makes a database
//! of its own, and dropping the value drops the database.
//!
//! The server is reached through an administrative URL, from
//! `SITREP_TEST_POSTGRES` or else `postgres://postgres@127.0.0.1:5432/test`.
//! Where no server answers, `create` says so on stderr and gives `None`, so
//! that the tests skip; under CI (`CI=true`) it fails instead, since CI
//! promises a server.

use postgres::NoTls;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The variable naming the administrative URL.
pub const ADMIN_URL_VAR: &str = "SITREP_TEST_POSTGRES";
/// The administrative URL when the variable is unset: the development and
/// CI machines' server (trust authentication, database `test`).
pub const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A database made for one test; dropped (connections and all) with it.
pub struct ScratchDb {
    admin: String,
    name: String,
    url: String,
}

fn admin_url() -> String {
    std::env::var(ADMIN_URL_VAR).unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_string())
}

fn connect(url: &str) -> Result<postgres::Client, String> {
    let mut config: postgres::Config = url
        .parse()
        .map_err(|e| format!("{ADMIN_URL_VAR}={url}: {e}"))?;
    config.connect_timeout(Duration::from_secs(5));
    config
        .connect(NoTls)
        .map_err(|e| format!("{}: {}", crate::redact(url), crate::postgres::message(&e)))
}

impl ScratchDb {
    /// A new, empty database whose name starts with `sitrep_<tag>`. `None`
    /// (after a line on stderr) when no server answers outside CI; an
    /// error under CI, or when the server answers but refuses.
    pub fn create(tag: &str) -> Result<Option<ScratchDb>, String> {
        let admin = admin_url();
        let mut client = match connect(&admin) {
            Ok(c) => c,
            Err(e) if std::env::var("CI").as_deref() != Ok("true") => {
                eprintln!(
                    "skipped: the PostgreSQL part of this test needs a server ({e}); \
                     set {ADMIN_URL_VAR} to an administrative URL to run it"
                );
                return Ok(None);
            }
            Err(e) => {
                return Err(format!(
                    "CI promises a PostgreSQL server, and none answers: {e}"
                ))
            }
        };
        let tag: String = tag
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        let name = format!(
            "sitrep_{tag}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        // Two statements, as neither may run in the transaction that a
        // multi-statement string makes.
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .and_then(|()| client.batch_execute(&format!("CREATE DATABASE {name}")))
            .map_err(|e| {
                format!(
                    "cannot create the database {name}: {}",
                    crate::postgres::message(&e)
                )
            })?;
        let base = admin.split('?').next().unwrap_or(&admin);
        let url = match base.rsplit_once('/') {
            Some((server, _)) if server.contains("://") && !server.ends_with('/') => {
                format!("{server}/{name}")
            }
            _ => format!("{}/{name}", base.trim_end_matches('/')),
        };
        Ok(Some(ScratchDb { admin, name, url }))
    }

    /// The URL of the scratch database.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn target(&self) -> crate::DbTarget {
        crate::DbTarget::Postgres(self.url.clone())
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        // Best effort: a database left behind is named for its test.
        if let Ok(mut c) = connect(&self.admin) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
