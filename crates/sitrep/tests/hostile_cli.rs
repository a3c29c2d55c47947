//! The command line against input a careless or hostile user gives it:
//! options out of range, folders of mixed files, inputs that all fail,
//! read commands pointed at files that are not databases.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

fn sitrep() -> Command {
    common::sitrep_cli()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn run(cmd: &mut Command) -> (Output, String) {
    let out = cmd.output().expect("the sitrep binary runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, err)
}

#[test]
fn link_options_out_of_range_are_refused_without_a_panic() {
    let dir = scratch("link");
    std::fs::write(
        dir.join("a.txt"),
        "Shelling hit the market in Gao on Monday.",
    )
    .unwrap();
    for (flag, value) in [
        ("--link-days", "7304485"),
        ("--link-days", "-1"),
        ("--link-km", "inf"),
        ("--link-km", "nan"),
        ("--link-km", "-5"),
        ("--batch", "0"),
    ] {
        let (out, err) = run(sitrep()
            .arg("ingest")
            .arg(dir.join("a.txt"))
            .arg("--db")
            .arg(dir.join("x.db"))
            .arg(format!("{flag}={value}")));
        assert_eq!(out.status.code(), Some(2), "{flag} {value}: {err}");
        assert!(err.contains(flag) && err.contains(value), "{err}");
        assert!(!dir.join("x.db").exists(), "{flag} {value} made a database");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ingest_skips_other_kinds_counts_undated_and_fails_when_nothing_is_read() {
    let dir = scratch("kinds");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(
        docs.join("a.txt"),
        "Gunmen attacked a checkpoint near Gao on Sunday, killing two soldiers.",
    )
    .unwrap();
    std::fs::write(docs.join("list.json"), "{\"incidents\": []}").unwrap();
    let db = dir.join("s.db");
    let (out, err) = run(sitrep().arg("ingest").arg(&docs).arg("--db").arg(&db));
    assert!(out.status.success(), "{err}");
    assert!(err.contains("1 new"), "{err}");
    assert!(err.contains("skipped 1 file"), "{err}");
    assert!(
        err.contains("1 document(s) had no publication date"),
        "{err}"
    );

    let bad = dir.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("x.txt"), b"\x00\x01\x02").unwrap();
    std::fs::write(bad.join("y.txt"), "   ").unwrap();
    let (out, err) = run(sitrep()
        .arg("ingest")
        .arg(&bad)
        .arg("--db")
        .arg(dir.join("t.db")));
    assert!(
        !out.status.success(),
        "every input failed yet exit 0: {err}"
    );
    // Each error names its file once.
    let line = err
        .lines()
        .find(|l| l.contains("x.txt"))
        .expect("x.txt is reported");
    assert_eq!(line.matches("x.txt").count(), 1, "{line}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn read_commands_never_make_a_database() {
    let dir = scratch("read");
    let empty = dir.join("empty.db");
    std::fs::write(&empty, "").unwrap();
    let (out, err) = run(sitrep().args(["incidents", "--db"]).arg(&empty));
    assert!(!out.status.success());
    assert!(err.contains("not a sitrep database"), "{err}");
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    let missing = dir.join("missing.db");
    let (out, err) = run(sitrep().args(["incidents", "--db"]).arg(&missing));
    assert!(!out.status.success());
    assert!(err.contains("no such database"), "{err}");
    assert!(!missing.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn deep_html_is_read_with_a_warning() {
    let dir = scratch("deep");
    let page = dir.join("deep.html");
    let depth = 20_000;
    std::fs::write(
        &page,
        format!(
            "<html><body>{}<p>Gunmen attacked a checkpoint near Gao on Sunday.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        ),
    )
    .unwrap();
    let (out, err) = run(sitrep().arg("extract").arg(&page));
    assert!(out.status.success(), "{err}");
    assert!(err.contains("nested more than"), "{err}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["document"]["id"], "deep");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_endless_input_is_refused_at_the_limit() {
    if !std::path::Path::new("/dev/zero").exists() {
        eprintln!("skipped: no /dev/zero on this system");
        return;
    }
    let (out, err) = run(sitrep().args(["extract", "/dev/zero"]));
    assert!(!out.status.success());
    assert!(err.contains("over the 5242880-byte limit"), "{err}");
}
