//! `sitrep incidents` over a database of the project's incident corpus. The
//! reports are built by hand here (what the recognisers should read), so
//! the exports are tested whatever the recognisers find today.

use sitrep_core::{
    Claim, Claimant, ClaimantKind, Document, DocumentMeta, Event, EventActor, EventDate,
    EventLocation, Evidence, Fatalities, Figure, Lang, Qualifier, Report,
};
use sitrep_store::{Extracted, Store};
use std::path::Path;
use std::process::Command;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/incidents/reports.jsonl"
);

fn corpus() -> Vec<Document> {
    let text = std::fs::read_to_string(CORPUS).expect("the incident corpus is part of the project");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("corpus line is JSON");
            let s = |k: &str| v[k].as_str().map(String::from);
            Document {
                id: s("id").expect("id"),
                text: s("text").expect("text"),
                title: s("title"),
                published: s("published").map(|p| p.parse().expect("date")),
                url: None,
                source: s("source"),
                language: s("language").map(|l| l.parse().expect("lang")),
            }
        })
        .collect()
}

fn evidence(doc: &Document, words: &str) -> Evidence {
    let start = doc
        .text
        .find(words)
        .unwrap_or_else(|| panic!("'{words}' not in {}", doc.id));
    Evidence {
        text: words.into(),
        start,
        end: start + words.len(),
    }
}

/// (event type, sub type, date, place, lat, lon, country code, country)
type Where = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    f64,
    &'static str,
    &'static str,
);

const MENAKA: Where = (
    "Explosions/Remote violence",
    "Air/drone strike",
    "2024-03-10",
    "Ménaka",
    15.9182,
    2.4022,
    "ML",
    "Mali",
);
const DJIBO: Where = (
    "Battles",
    "Armed clash",
    "2024-03-12",
    "Djibo",
    14.0994,
    -1.6306,
    "BF",
    "Burkina Faso",
);
const OUALLAM: Where = (
    "Violence against civilians",
    "Attack",
    "2024-03-20",
    "Ouallam",
    14.3181,
    2.0864,
    "NE",
    "Niger",
);

/// (claimant, figure words, value, qualifier, category)
type Says = (&'static str, &'static str, u32, Qualifier, &'static str);

fn event(
    doc: &Document,
    id: &str,
    w: Where,
    background: bool,
    actors: &[(&str, &str, u8)],
    claims: &[Says],
) -> Event {
    Event {
        id: id.into(),
        background,
        event_type: w.0.into(),
        sub_event_type: w.1.into(),
        date: Some(EventDate {
            start: w.2.parse().expect("date"),
            end: w.2.parse().expect("date"),
            time_precision: 1,
            evidence: None,
        }),
        location: Some(EventLocation {
            name: w.3.into(),
            geonameid: None,
            country_code: Some(w.6.into()),
            country: Some(w.7.into()),
            admin1: None,
            admin2: None,
            latitude: Some(w.4),
            longitude: Some(w.5),
            geo_precision: 1,
            evidence: None,
        }),
        actors: actors
            .iter()
            .map(|(name, role, inter)| EventActor {
                name: (*name).into(),
                role: (*role).into(),
                inter: *inter,
                evidence: Vec::new(),
            })
            .collect(),
        civilian_targeting: w.0 == "Violence against civilians",
        fatalities: Fatalities::default(),
        claims: claims
            .iter()
            .map(|(who, words, value, q, category)| Claim {
                claimant: Claimant {
                    name: (*who).into(),
                    kind: ClaimantKind::Official,
                },
                cue: None,
                killed: Some(Figure {
                    value: Some(*value),
                    high: None,
                    qualifier: *q,
                    category: (*category).into(),
                    evidence: evidence(doc, words),
                }),
                injured: None,
                additional: false,
            })
            .collect(),
        notes: format!("{} in {}.", w.1, w.3),
        evidence: evidence(doc, doc.text.split_whitespace().next().unwrap_or("")),
    }
}

fn events_of(d: &Document) -> Vec<Event> {
    use Qualifier::*;
    let army_ml = [("Military Forces of Mali", "actor1", 1)];
    match d.id.as_str() {
        "a1-journal-du-sahel" => vec![event(
            d,
            "e1",
            MENAKA,
            false,
            &army_ml,
            &[(
                "Military Forces of Mali",
                "une quinzaine de terroristes",
                15,
                About,
                "combatants",
            )],
        )],
        "a2-sahel-wire" | "a3-daily-courier" => vec![event(
            d,
            "e1",
            MENAKA,
            false,
            &army_ml,
            &[("local officials", "18 civilians", 18, Exact, "civilians")],
        )],
        "a4-gao-herald" => vec![event(
            d,
            "e1",
            MENAKA,
            false,
            &[],
            &[
                ("local officials", "18 civilians", 18, Exact, "civilians"),
                (
                    "a humanitarian group",
                    "at least 20 people",
                    20,
                    AtLeast,
                    "people",
                ),
            ],
        )],
        "b1-courrier-de-djibo" => vec![event(
            d,
            "e1",
            DJIBO,
            false,
            &[("Military Forces of Burkina Faso", "actor2", 1)],
            &[(
                "Military Forces of Burkina Faso",
                "Huit soldats",
                8,
                Exact,
                "soldiers",
            )],
        )],
        "b2-burkina-monitor" => vec![event(
            d,
            "e1",
            DJIBO,
            false,
            &[
                ("JNIM", "actor1", 2),
                ("Military Forces of Burkina Faso", "actor2", 1),
            ],
            &[
                ("JNIM", "30 soldiers", 30, Exact, "soldiers"),
                (
                    "Military Forces of Burkina Faso",
                    "eight soldiers",
                    8,
                    Exact,
                    "soldiers",
                ),
            ],
        )],
        "b3-radio-sahel-info" => vec![event(
            d,
            "e1",
            DJIBO,
            false,
            &[],
            &[(
                "security sources",
                "Au moins dix soldats",
                10,
                AtLeast,
                "soldiers",
            )],
        )],
        "c1-niamey-matin" => vec![event(
            d,
            "e1",
            OUALLAM,
            false,
            &[],
            &[("mayor", "Douze civils", 12, Exact, "civilians")],
        )],
        "c2-west-africa-desk" => vec![
            event(
                d,
                "e1",
                OUALLAM,
                false,
                &[],
                &[(
                    "local rights group",
                    "At least 14 villagers",
                    14,
                    AtLeast,
                    "civilians",
                )],
            ),
            event(
                d,
                "e2",
                MENAKA,
                true,
                &[],
                &[("local officials", "18 civilians", 18, Exact, "civilians")],
            ),
        ],
        other => panic!("unexpected corpus document {other}"),
    }
}

fn build_db(path: &Path) {
    let mut store = Store::open(path).expect("open");
    let batch: Vec<Extracted> = corpus()
        .into_iter()
        .map(|doc| Extracted {
            report: Report {
                document: DocumentMeta::of(&doc, doc.language.unwrap_or(Lang::En)),
                events: events_of(&doc),
            },
            document: doc,
            mentions: Vec::new(),
        })
        .collect();
    store.ingest(&batch).expect("ingest");
}

fn incidents(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("incidents")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run sitrep incidents");
    assert!(
        out.status.success(),
        "sitrep incidents failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn acled_csv_has_the_31_columns_and_one_row_per_incident() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("c.db");
    build_db(&db);
    let text = incidents(&db, &["--format", "acled-csv"]);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, sitrep::export::ACLED_COLUMNS);
    assert_eq!(header.len(), 31);
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
    assert_eq!(rows.len(), 3);
    let col = |row: &csv::StringRecord, name: &str| -> String {
        let i = header.iter().position(|h| h == name).expect("column");
        row[i].to_string()
    };
    for row in &rows {
        assert_eq!(row.len(), 31);
    }
    let menaka = rows
        .iter()
        .find(|r| col(r, "location") == "Ménaka")
        .expect("Ménaka row");
    assert_eq!(col(menaka, "iso3"), "MLI");
    assert_eq!(col(menaka, "event_date"), "2024-03-10");
    assert_eq!(col(menaka, "fatalities"), "15");
    assert_eq!(
        col(menaka, "source"),
        "Le Journal du Sahel; Sahel Wire; Daily Courier; Gao Herald; West Africa Desk"
    );
    let notes = col(menaka, "notes");
    assert!(
        notes.contains("Military Forces of Mali: about 15 combatants killed; local officials: 18 civilians killed"),
        "{notes}"
    );
    let djibo = rows
        .iter()
        .find(|r| col(r, "location") == "Djibo")
        .expect("Djibo");
    assert_eq!(col(djibo, "actor1"), "JNIM");
    assert_eq!(col(djibo, "interaction"), "12");

    // The same file through Python's csv module, when python3 is there.
    let csv_path = dir.path().join("out.csv");
    std::fs::write(&csv_path, &text).expect("write csv");
    let script = "import csv,sys\nrows=list(csv.reader(open(sys.argv[1],newline='',encoding='utf-8')))\nassert all(len(r)==31 for r in rows), 'ragged'\nprint(len(rows)-1, ','.join(rows[0]))";
    match Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&csv_path)
        .output()
    {
        Ok(out) if out.status.success() => {
            let said = String::from_utf8_lossy(&out.stdout);
            assert_eq!(
                said.trim(),
                format!("3 {}", sitrep::export::ACLED_COLUMNS.join(","))
            );
        }
        Ok(out) => panic!(
            "python3 csv failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!("skipped: python3 is not installed"),
    }
}

#[test]
fn geojson_is_a_feature_collection_of_points() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("g.db");
    build_db(&db);
    let text = incidents(&db, &["--format", "geojson"]);
    let v: serde_json::Value = serde_json::from_str(&text).expect("GeoJSON is JSON");
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().expect("features");
    assert_eq!(features.len(), 3);
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"]
            .as_array()
            .expect("coordinates");
        assert_eq!(c.len(), 2);
        let (lon, lat) = (c[0].as_f64().expect("lon"), c[1].as_f64().expect("lat"));
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        assert!(f["properties"].is_object());
        assert!(f["properties"]["claims"].is_array());
        assert!(f["properties"]["fatalities"]["best"].is_u64());
    }
    let djibo = features
        .iter()
        .find(|f| f["properties"]["location"]["name"] == "Djibo")
        .expect("Djibo");
    // GeoJSON is longitude first.
    assert_eq!(djibo["geometry"]["coordinates"][0].as_f64(), Some(-1.6306));

    // Python's json module, when python3 is there, reads the same structure.
    let path = dir.path().join("out.geojson");
    std::fs::write(&path, &text).expect("write");
    let script = "import json,sys\nd=json.load(open(sys.argv[1]))\nassert d['type']=='FeatureCollection'\nassert all(f['geometry']['type']=='Point' and len(f['geometry']['coordinates'])==2 for f in d['features'])\nprint(len(d['features']))";
    match Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
    {
        Ok(out) if out.status.success() => {
            assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "3")
        }
        Ok(out) => panic!(
            "python3 json failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!("skipped: python3 is not installed"),
    }
}

#[test]
fn json_jsonl_table_and_filters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("j.db");
    build_db(&db);
    let all: Vec<serde_json::Value> =
        serde_json::from_str(&incidents(&db, &["--format", "json"])).expect("JSON array");
    assert_eq!(all.len(), 3);
    let lines = incidents(&db, &["--format", "jsonl", "--country", "NE"]);
    assert_eq!(lines.lines().count(), 1);
    let one: serde_json::Value = serde_json::from_str(lines.trim()).expect("one line");
    assert_eq!(one["event_type"], "Violence against civilians");
    let since = incidents(
        &db,
        &[
            "--format",
            "jsonl",
            "--since",
            "2024-03-11",
            "--type",
            "Battles",
        ],
    );
    assert_eq!(since.lines().count(), 1);
    let table = incidents(&db, &["--limit", "2"]);
    assert_eq!(table.lines().count(), 3, "header and two rows:\n{table}");
    assert!(table.contains("Ménaka (ML)"));
}
