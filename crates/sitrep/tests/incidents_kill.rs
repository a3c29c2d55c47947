//! A real kill: `sitrep ingest` is killed (SIGKILL) while it stores a large
//! generated corpus in small batches. Every committed batch must survive,
//! the database must be sound, and a re-run must finish the job. On an
//! SQLite file, and on PostgreSQL when a server answers (skipped without
//! one, except under CI).

use rusqlite::{Connection, OpenFlags};
use sitrep_store::{scratch::ScratchDb, Store};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DOCS: usize = 2000;
const BATCH: usize = 25;

fn stored(db: &Path) -> Option<usize> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    conn.busy_timeout(Duration::from_secs(5)).ok()?;
    conn.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))
        .ok()
        .map(|n| n as usize)
}

/// Ingests a generated corpus into `db` (a file or a URL), kills the
/// process once `stored` sees a committed batch, runs `sound` on what is
/// left, then runs the ingest again: whole batches only, and the re-run
/// stores exactly the rest.
fn kill_then_resume(
    dir: &Path,
    db: &str,
    stored: impl Fn() -> Option<usize>,
    sound: impl FnOnce(),
) {
    let corpus = dir.join("corpus.jsonl");
    let docs = sitrep::bench::generate(DOCS, None, 7, &[]).expect("generated corpus");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&corpus).expect("create"));
    for d in &docs {
        serde_json::to_writer(&mut f, d).expect("json");
        f.write_all(b"\n").expect("write");
    }
    drop(f);
    let ingest = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
        c.arg("--data-dir")
            .arg(dir)
            .arg("ingest")
            .arg(&corpus)
            .arg("--db")
            .arg(db)
            .arg("--batch")
            .arg(BATCH.to_string());
        c
    };

    let mut child = ingest()
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn sitrep ingest");
    let start = Instant::now();
    let at_kill = loop {
        if let Some(n) = stored().filter(|&n| n > 0) {
            child.kill().expect("kill");
            break n;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("ingest ended ({status}) before the test could kill it");
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "no batch committed in 5 minutes"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    child.wait().expect("reap");
    assert!(at_kill < DOCS, "killed before the end ({at_kill} stored)");

    sound();
    let after = stored().expect("count after the kill");
    assert!(
        after >= at_kill,
        "committed batches survive: {after} < {at_kill}"
    );
    assert!(after < DOCS);
    assert_eq!(after % BATCH, 0, "only whole batches are stored");

    let out = ingest().output().expect("re-run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("{} new, {} duplicate", DOCS - after, after)),
        "{said}"
    );
    assert_eq!(stored(), Some(DOCS));
}

#[test]
fn killing_ingest_loses_no_committed_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kill.db");
    kill_then_resume(
        dir.path(),
        &db.display().to_string(),
        || stored(&db),
        || {
            let conn = Connection::open(&db).expect("open after kill");
            let check: String = conn
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .expect("integrity_check");
            assert_eq!(check, "ok");
            let orphans: i64 = conn
                .query_row(
                    "SELECT count(*) FROM events WHERE document_id NOT IN (SELECT id FROM documents)",
                    [],
                    |r| r.get(0),
                )
                .expect("orphans");
            assert_eq!(orphans, 0);
        },
    );
}

/// The same on PostgreSQL: the server rolls back the batch in flight when
/// the connection drops.
#[test]
fn killing_ingest_on_postgres_loses_no_committed_batch() {
    let Some(pg) = ScratchDb::create("kill").unwrap_or_else(|e| panic!("{e}")) else {
        return;
    };
    let target = pg.target();
    let dir = tempfile::tempdir().expect("tempdir");
    kill_then_resume(
        dir.path(),
        pg.url(),
        || {
            Some(
                Store::open_target_read_only(&target)
                    .ok()?
                    .counts()
                    .ok()?
                    .documents,
            )
        },
        || {},
    );
}
