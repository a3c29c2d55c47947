use sitrep_ingest::*;
use std::path::{Path, PathBuf};

fn fx(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn one(name: &str) -> Result<sitrep_core::Document, IngestError> {
    let mut v: Vec<_> = read_path(&fx(name), &IngestOptions::default()).collect();
    assert_eq!(v.len(), 1);
    v.remove(0)
}

#[test]
fn plain_text() {
    let d = one("plain.txt").unwrap();
    assert_eq!(d.id, "plain");
    assert!(d.text.starts_with("Des tirs"));
}

#[test]
fn bom_and_crlf_are_normalised() {
    let d = one("bom_crlf.txt").unwrap();
    assert_eq!(
        d.text,
        "A convoy was attacked.\nTwo soldiers were wounded.\n"
    );
}

#[test]
fn bad_files_are_errors() {
    let e = one("binary.bin").unwrap_err().to_string();
    assert!(e.contains("binary") && e.contains("byte 3"), "{e}");
    assert!(matches!(one("empty.txt"), Err(IngestError::Empty { .. })));
    assert!(matches!(
        one("latin1.txt"),
        Err(IngestError::Utf8 { at: 3, .. })
    ));
    let small = IngestOptions {
        max_bytes: 5,
        ..Default::default()
    };
    assert!(matches!(
        read_path(&fx("plain.txt"), &small).next(),
        Some(Err(IngestError::TooLarge { .. }))
    ));
}

#[test]
fn html_meta_and_boilerplate() {
    let d = one("page.html").unwrap();
    assert_eq!(d.title.as_deref(), Some("Clashes near Gao"));
    assert_eq!(d.published.unwrap().to_string(), "2024-03-05");
    assert_eq!(d.source.as_deref(), Some("Fake Wire"));
    assert!(d
        .text
        .contains("Gunmen attacked a checkpoint near Gao on Sunday.\n\nThree people were killed."));
    assert!(!d.text.contains("var x") && !d.text.contains("color:red"));
    assert!(
        !d.text.contains("Home") && !d.text.contains("Copyright"),
        "{}",
        d.text
    );
    let j = one("jsonld.html").unwrap();
    assert_eq!(j.published.unwrap().to_string(), "2023-11-20");
}

#[test]
fn rss_and_atom() {
    let v: Vec<_> = read_path(&fx("feed.rss"), &IngestOptions::default())
        .map(Result::unwrap)
        .collect();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].id, "a1");
    assert_eq!(v[0].text, "A mortar hit the camp & two were hurt.");
    assert_eq!(v[0].published.unwrap().to_string(), "2024-03-05");
    assert_eq!(v[0].source.as_deref(), Some("Fake Feed"));
    assert_eq!(v[1].url.as_deref(), Some("http://example.org/a2"));
    let a = one("feed.atom").unwrap();
    assert_eq!(a.id, "urn:e1");
    assert_eq!(a.text, "Shelling was reported overnight.");
    assert_eq!(a.published.unwrap().to_string(), "2024-01-02");
}

#[test]
fn jsonl_reports_bad_lines_and_continues() {
    let f = std::io::BufReader::new(std::fs::File::open(fx("batch.jsonl")).unwrap());
    let opts = IngestOptions::default();
    let v: Vec<_> = jsonl_reader(f, "batch", &opts).collect();
    let lines: Vec<usize> = v.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, vec![1, 2, 4, 5, 6]);
    assert_eq!(
        v[0].1.as_ref().unwrap().language,
        Some(sitrep_core::Lang::Fr)
    );
    assert!(v[1]
        .1
        .as_ref()
        .unwrap_err()
        .to_string()
        .starts_with("batch:2:"));
    assert_eq!(v[2].1.as_ref().unwrap().id, "batch:4");
    assert!(v[3].1.is_err());
    assert!(v[4].1.as_ref().unwrap_err().to_string().contains("\"de\""));
}

#[test]
fn directory_walk_sorted_skips_hidden() {
    let v: Vec<_> = read_path(&fx("dir"), &IngestOptions::default())
        .map(Result::unwrap)
        .collect();
    let ids: Vec<&str> = v.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, vec!["b", "a"]);
}

#[test]
fn stdin_sniffs_html() {
    let d = document_from_bytes(
        "stdin",
        b"<html><body><p>Hello</p></body></html>",
        &IngestOptions::default(),
    )
    .unwrap();
    assert_eq!(d.text, "Hello");
}

#[test]
fn html_main_content_leaves_out_menus_and_related_links() {
    let d = one("longpage.html").unwrap();
    assert!(
        d.text.contains("Des hommes armés ont attaqué"),
        "{}",
        d.text
    );
    assert!(d.text.contains("une source sécuritaire."), "{}", d.text);
    for junk in [
        "Accueil",
        "À lire aussi",
        "marché aux bestiaux",
        "Mentions légales",
    ] {
        assert!(!d.text.contains(junk), "{junk:?} kept in {}", d.text);
    }
    assert_eq!(d.published.unwrap().to_string(), "2025-02-11");
    assert_eq!(d.source.as_deref(), Some("Le Veilleur"));
}

#[test]
fn fields_are_checked_as_a_jsonl_line_is() {
    let opts = IngestOptions::default();
    let fields = |text: &str| DocumentFields {
        text: text.into(),
        ..DocumentFields::default()
    };
    let doc = document_from_fields(
        DocumentFields {
            id: Some("k1".into()),
            published: Some("2024-08-26".into()),
            language: Some("fr".into()),
            ..fields("Trois soldats tués à Dori.")
        },
        "document",
        4,
        &opts,
    )
    .unwrap();
    assert_eq!(doc.id, "k1");
    assert_eq!(doc.published, Some(jiff::civil::date(2024, 8, 26)));
    assert_eq!(doc.language, Some(sitrep_core::Lang::Fr));
    // Without an id, the document is named by where it came from.
    let doc = document_from_fields(fields("Gunmen attacked."), "document", 4, &opts).unwrap();
    assert_eq!(doc.id, "document:4");
    let e = document_from_fields(fields(" "), "document", 7, &opts).unwrap_err();
    assert_eq!(e.to_string(), r#"document:7: "text" is empty"#);
    let bad_date = DocumentFields {
        published: Some("26/08/2024".into()),
        ..fields("Gunmen attacked.")
    };
    let e = document_from_fields(bad_date, "document", 1, &opts).unwrap_err();
    assert!(
        e.to_string().starts_with(r#"document:1: bad "published""#),
        "{e}"
    );
    let small = IngestOptions {
        max_bytes: 10,
        ..IngestOptions::default()
    };
    let e = document_from_fields(fields("Gunmen attacked."), "document", 0, &small)
        .unwrap_err()
        .to_string();
    assert!(e.contains("over the 10-byte limit"), "{e}");
    // The same document as a JSONL line reads the same.
    let line = br#"{"id":"k1","text":"Trois soldats tu\u00e9s \u00e0 Dori.","published":"2024-08-26","language":"fr"}"#;
    let v: Vec<_> = jsonl_reader(&line[..], "document", &opts).collect();
    let from_line = v.into_iter().next().unwrap().1.unwrap();
    assert_eq!(from_line.text, "Trois soldats tués à Dori.");
    assert_eq!(from_line.id, "k1");
}
