//! End to end: `sitrep ingest` reads the incident corpus
//! (tests/fixtures/incidents: nine reports, French and English, three
//! incidents, one verbatim reprint of a wire text, one report recalling an
//! earlier incident) and `sitrep incidents` lists exactly three incidents;
//! `sitrep serve --db` answers from the same database.

use std::path::Path;
use std::process::Command;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/incidents");

fn sitrep(data: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("run sitrep");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn reingesting_the_corpus_is_a_no_op() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("c.db");
    let db = db.to_str().expect("UTF-8 path");
    let (ok, _, err) = sitrep(dir.path(), &["ingest", CORPUS, "--db", db]);
    assert!(ok, "{err}");
    assert!(err.contains("8 new, 1 duplicate (1 reprints"), "{err}");
    let (_, before, _) = sitrep(dir.path(), &["incidents", "--db", db, "--format", "jsonl"]);
    let (ok, _, err) = sitrep(dir.path(), &["ingest", CORPUS, "--db", db]);
    assert!(ok, "{err}");
    assert!(err.contains("0 new, 9 duplicate"), "{err}");
    let (_, after, _) = sitrep(dir.path(), &["incidents", "--db", db, "--format", "jsonl"]);
    assert_eq!(before, after);
}

#[test]
fn the_corpus_ingests_into_three_incidents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("c.db");
    let db = db.to_str().expect("UTF-8 path");
    let (ok, _, err) = sitrep(dir.path(), &["ingest", CORPUS, "--db", db]);
    assert!(ok, "{err}");
    let (ok, out, err) = sitrep(dir.path(), &["incidents", "--db", db, "--format", "json"]);
    assert!(ok, "{err}");
    let incidents: Vec<serde_json::Value> = serde_json::from_str(&out).expect("JSON");
    assert_eq!(incidents.len(), 3, "{out}");
    let claims: usize = incidents
        .iter()
        .map(|i| i["claims"].as_array().map_or(0, Vec::len))
        .sum();
    // 12 claims in the stored reports ("the army put the toll at eight
    // soldiers" among them); the wire sentence quoted by a4 is pooled with
    // the wire's own (and the whole reprint adds none).
    assert_eq!(claims, 11, "{out}");
    let menaka = incidents
        .iter()
        .find(|i| {
            i["documents"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["id"] == "a2-sahel-wire"))
        })
        .expect("the Ménaka strike");
    let docs = menaka["documents"].as_array().expect("documents");
    assert!(docs.iter().any(|d| d["id"] == "a3-daily-courier"));
    assert!(docs.iter().any(|d| d["id"] == "c2-west-africa-desk"));
    let wire = menaka["claims"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["document_id"] == "a2-sahel-wire"))
        .expect("the wire's claim");
    assert_eq!(wire["reprinted_in"][0], "a3-daily-courier");
}

/// One GET over a plain socket: the status line and the body.
fn get(addr: &str, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("read");
    let status = raw.lines().next().unwrap_or("").to_string();
    let body = raw
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

#[test]
fn serve_reads_the_incident_database() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("c.db");
    let db = db.to_str().expect("UTF-8 path");
    let (ok, _, err) = sitrep(dir.path(), &["ingest", CORPUS, "--db", db]);
    assert!(ok, "{err}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start sitrep serve");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the served address");
    let addr = line
        .trim()
        .trim_start_matches("sitrep: serving on http://")
        .trim_end_matches('/')
        .to_string();
    let (status, body) = get(&addr, "/api/incidents");
    let (missing, _) = get(&addr, "/api/incidents/9999");
    let _ = child.kill();
    let _ = child.wait();
    assert!(status.contains("200"), "{status} {body}");
    // Chunked or not, the JSON object is the part between the outer braces.
    let json = &body[body.find('{').unwrap_or(0)..=body.rfind('}').unwrap_or(0)];
    let page: serde_json::Value = serde_json::from_str(json).expect("JSON page");
    assert_eq!(page["total"], 3, "{page}");
    assert!(missing.contains("404"), "{missing}");
}
