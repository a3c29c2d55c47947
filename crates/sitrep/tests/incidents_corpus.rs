//! End to end: `sitrep ingest` reads the incident corpus
//! (tests/fixtures/incidents: nine reports, French and English, three
//! incidents, one verbatim reprint of a wire text, one report recalling an
//! earlier incident) and `sitrep incidents` lists exactly three incidents.

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
    // 11 claims in the stored reports; the wire sentence quoted by a4 is
    // pooled with the wire's own (and the whole reprint adds none).
    assert_eq!(claims, 10, "{out}");
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
