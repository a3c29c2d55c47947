//! `sitrep eval timebank` over the French TimeBank development files, read
//! at test time from the shared corpus (skipped when absent), and over a
//! small TimeML file written for this test.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// The rates reached when this test was written, minus one point.
const FOUND_FLOOR: f64 = 0.926;
const CORRECT_FLOOR: f64 = 0.914;

fn sitrep() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    let dir = std::env::temp_dir().join("sitrep-timebank-tests-empty-data");
    c.arg("--data-dir").arg(dir);
    c.env_remove("SITREP_DATA_DIR");
    c
}

fn score(dir: &std::path::Path) -> Value {
    let out = sitrep()
        .args(["eval", "timebank", "--json"])
        .arg(dir)
        .output()
        .expect("the sitrep binary runs");
    assert!(
        out.status.success(),
        "sitrep failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON scores")
}

fn rate(v: &Value, a: &str, b: &str) -> f64 {
    v[a].as_f64().unwrap_or(0.0) / v[b].as_f64().unwrap_or(1.0).max(1.0)
}

#[test]
fn french_timebank_dev_rates_hold() {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/french-timebank-dev"
    ));
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let v = score(&dir);
    let found = rate(&v, "found", "dates");
    let correct = rate(&v, "correct", "found_comparable");
    eprintln!(
        "found {}/{} = {found:.3}; correct {}/{} = {correct:.3}; not comparable {}",
        v["found"], v["dates"], v["correct"], v["found_comparable"], v["not_comparable"]
    );
    assert!(found >= FOUND_FLOOR, "found {found:.3} < {FOUND_FLOOR}");
    assert!(
        correct >= CORRECT_FLOOR,
        "correct {correct:.3} < {CORRECT_FLOOR}"
    );
}

#[test]
fn scores_a_small_timeml_file() {
    let dir = std::env::temp_dir().join(format!("sitrep-timebank-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("a.tml"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TimeML><DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t1" type="DATE" value="2024-08-26" /></DCT>
<TEXT>Des frappes ont visé Tessit <TIMEX3 tid="t2" type="DATE" value="2024-08-25">dimanche</TIMEX3>, après les combats de <TIMEX3 tid="t3" type="DATE" value="2024-07">juillet</TIMEX3> et une réunion prévue <TIMEX3 tid="t4" type="DATE" value="PRESENT_REF">maintenant</TIMEX3>.</TEXT></TimeML>"#,
    )
    .expect("write the TimeML file");
    let v = score(&dir);
    assert_eq!(v["files"], 1);
    assert_eq!(v["dates"], 3);
    assert_eq!(v["found"], 2);
    assert_eq!(v["correct"], 2);
    assert_eq!(v["not_comparable"], 1);
    // A directory without .tml files is an error that says what to give.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).expect("temp dir");
    let out = sitrep()
        .args(["eval", "timebank"])
        .arg(&empty)
        .output()
        .expect("the sitrep binary runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no .tml file"));
    let _ = std::fs::remove_dir_all(&dir);
}
