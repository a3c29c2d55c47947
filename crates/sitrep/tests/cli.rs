//! Runs the `sitrep` binary as a user would.

mod common;

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn sitrep() -> Command {
    common::sitrep_cli()
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the sitrep binary runs")
}

fn stdout_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "sitrep failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON value ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn extract_a_single_file_prints_one_report() {
    let out = run(sitrep()
        .args(["extract", "--published", "2025-03-13"])
        .arg(example("frappe-kidal.fr.txt")));
    let report = stdout_json(&out);
    assert_eq!(report["document"]["id"], "frappe-kidal.fr");
    assert_eq!(report["document"]["language"], "fr");
    assert_eq!(report["document"]["published"], "2025-03-13");
    assert!(report["events"].is_array());
}

#[test]
fn extract_reads_standard_input() {
    let mut child = sitrep()
        .args(["extract", "-", "--published", "2024-06-02"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sitrep");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"Gunmen attacked a village near the border on Sunday, killing three civilians, officials said.")
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    let report = stdout_json(&out);
    assert_eq!(report["document"]["id"], "stdin");
    assert_eq!(report["document"]["language"], "en");
    assert_eq!(report["document"]["published"], "2024-06-02");
}

#[test]
fn annotate_prints_sentences_with_byte_spans() {
    let path = example("ambush-dori.en.txt");
    let text = std::fs::read_to_string(&path).expect("example");
    let out = run(sitrep()
        .args(["annotate", "--published", "2024-05-08"])
        .arg(&path));
    let view = stdout_json(&out);
    assert_eq!(view["document"]["language"], "en");
    let sentences = view["sentences"].as_array().expect("sentences");
    assert!(sentences.len() >= 5, "{sentences:?}");
    for s in sentences {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        let sentence = text.get(a..b).expect("spans fall on character boundaries");
        assert!(!sentence.trim().is_empty());
        assert_eq!(sentence, sentence.trim(), "sentences are trimmed");
    }
    let mentions = view["mentions"].as_array().expect("mentions");
    for m in mentions {
        let (a, b) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text.get(a..b),
            m["text"].as_str(),
            "mention text is its span"
        );
    }
}

#[test]
fn forced_language_wins_over_detection() {
    let out = run(sitrep()
        .args(["annotate", "--lang", "fr"])
        .arg(example("ambush-dori.en.txt")));
    assert_eq!(stdout_json(&out)["document"]["language"], "fr");
    let bad = run(sitrep()
        .args(["annotate", "--lang", "de"])
        .arg(example("ambush-dori.en.txt")));
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown language"));
}

#[test]
fn batch_skips_a_bad_line_and_reports_its_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    let output = dir.path().join("out.jsonl");
    let mut lines = Vec::new();
    for i in 0..6 {
        lines.push(
            serde_json::json!({
                "id": format!("doc-{i}"),
                "text": format!("Des hommes armés ont attaqué le village numéro {i} dimanche, selon des sources locales."),
                "published": "2024-08-26"
            })
            .to_string(),
        );
    }
    lines.insert(3, "{this is not json".to_string());
    lines.push(r#"{"id": "no-text"}"#.to_string());
    std::fs::write(&input, lines.join("\n") + "\n").expect("write input");
    let out = run(sitrep()
        .arg("extract")
        .arg("--input")
        .arg(&input)
        .arg("--output")
        .arg(&output));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 4"),
        "bad line reported by number: {stderr}"
    );
    assert!(
        stderr.contains("line 8"),
        "line without text reported: {stderr}"
    );
    assert!(stderr.contains("2 failed"), "{stderr}");
    let written = std::fs::read_to_string(&output).expect("output written");
    let ids: Vec<String> = written
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("each output line is JSON");
            v["document"]["id"].as_str().expect("id").to_string()
        })
        .collect();
    let expected: Vec<String> = (0..6).map(|i| format!("doc-{i}")).collect();
    assert_eq!(ids, expected, "every good line, in input order");

    let strict = run(sitrep()
        .arg("extract")
        .arg("--strict")
        .arg("--input")
        .arg(&input)
        .arg("--output")
        .arg(dir.path().join("strict.jsonl")));
    assert!(!strict.status.success(), "--strict fails on a bad line");
}

#[test]
fn batch_annotate_writes_to_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        "{\"id\": \"a\", \"text\": \"Two soldiers were killed on Monday.\"}\n\n{\"id\": \"b\", \"text\": \"Deux soldats ont été tués lundi.\"}\n",
    )
    .expect("write");
    let out = run(sitrep().arg("annotate").arg("--input").arg(&input));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let langs: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).expect("json")["document"]["language"].to_string()
        })
        .collect();
    assert_eq!(langs, ["\"en\"", "\"fr\""]);
}

#[test]
fn html_page_is_read_with_its_metadata() {
    let out = run(sitrep().arg("extract").arg(fixture("page.html")));
    let report = stdout_json(&out);
    assert_eq!(report["document"]["published"], "2024-05-14");
    assert_eq!(report["document"]["language"], "fr");
    let title = report["document"]["title"].as_str().expect("a title");
    assert!(title.contains("gendarmerie"), "{title}");
}

#[test]
fn html_main_content_leaves_out_navigation_and_footer() {
    let out = run(sitrep().arg("annotate").arg(fixture("page.html")));
    let view = stdout_json(&out);
    let n = view["sentences"].as_array().expect("sentences").len();
    assert!(n >= 4, "article sentences found: {n}");
    let out = run(sitrep().arg("extract").arg(fixture("page.html")));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Mentions légales"));
}

#[test]
fn rss_feed_gives_one_report_per_item() {
    let out = run(sitrep().arg("extract").arg(fixture("feed.rss")));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON report per line"))
        .collect();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["document"]["published"], "2024-06-11");
    assert_eq!(reports[0]["document"]["language"], "en");
    assert_eq!(reports[1]["document"]["language"], "fr");
    assert_eq!(
        reports[1]["document"]["url"],
        "https://sahel-wire.example/niamey-2"
    );
}

#[test]
fn binary_file_is_refused_with_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("photo.bin");
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13];
    bytes.extend((0..2000u32).map(|i| (i % 251) as u8));
    std::fs::write(&path, bytes).expect("write");
    let out = run(sitrep().arg("extract").arg(&path));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("photo.bin"), "{stderr}");
    assert!(stderr.to_lowercase().contains("binary"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn empty_file_is_refused_with_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("empty.txt");
    std::fs::write(&path, "  \n").expect("write");
    let out = run(sitrep().arg("extract").arg(&path));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert!(stderr.to_lowercase().contains("empty"), "{stderr}");
}

#[test]
fn missing_file_and_bad_date_are_clear_errors() {
    let out = run(sitrep().args(["extract", "/nonexistent/report.txt"]));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/report.txt"));
    let out = run(sitrep().args(["extract", "--published", "26/08/2024", "-"]));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn a_directory_is_walked() {
    let out = run(sitrep().arg("extract").arg(example("")));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n = String::from_utf8_lossy(&out.stdout).lines().count();
    assert_eq!(n, 4, "the four examples");
}
