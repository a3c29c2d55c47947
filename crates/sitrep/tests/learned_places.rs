//! Learned places through the command line: `ingest` learns a village
//! GeoNames lacks from a report that places it, later runs find it without
//! a cue, `sitrep gazetteer learned` lists it and `forget` removes it. Runs
//! on the built-in gazetteer; the village name is invented.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const VILLAGE: &str = "Tinkoulgotenga";

fn sitrep(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.arg("--data-dir").arg(data);
    c.env_remove("SITREP_DATA_DIR").env_remove("SITREP_DB");
    c
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "sitrep failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The main event's location of `text` read with the data directory `data`.
fn location(data: &Path, text: &str) -> Value {
    let file = data.join("later.txt");
    std::fs::write(&file, text).expect("write");
    let out = ok(sitrep(data)
        .arg("extract")
        .arg(&file)
        .output()
        .expect("runs"));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    report["events"][0]["location"].clone()
}

#[test]
fn ingest_learns_a_village_that_later_runs_find_list_and_forget() {
    let data = tempfile::tempdir().expect("tempdir");
    let docs = data.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(
        docs.join("first.txt"),
        format!("Des hommes armés ont attaqué dimanche le village de {VILLAGE}, situé à 25 km au nord de Dori, tuant quatre civils."),
    )
    .unwrap();
    let later = format!("Gunmen returned to {VILLAGE} on Monday and killed two herders.");
    // Before any lesson the name is no place.
    assert!(location(data.path(), &later).is_null());

    // --no-learn keeps nothing.
    let db = data.path().join("a.db");
    ok(sitrep(data.path())
        .args(["ingest", "--no-learn", "--db"])
        .arg(&db)
        .arg(&docs)
        .output()
        .expect("runs"));
    assert!(!data.path().join("learned-places.jsonl").exists());

    let db = data.path().join("b.db");
    let out = ok(sitrep(data.path())
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&docs)
        .output()
        .expect("runs"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("learned 1 village"), "{err}");

    let out = ok(sitrep(data.path())
        .args(["gazetteer", "learned"])
        .output()
        .expect("runs"));
    let table = String::from_utf8(out.stdout).unwrap();
    let row: Vec<&str> = table
        .lines()
        .find(|l| l.starts_with(VILLAGE))
        .unwrap_or_else(|| panic!("{table}"))
        .split('\t')
        .collect();
    assert_eq!(row[1], "BF");
    let (lat, lon): (f64, f64) = (row[2].parse().unwrap(), row[3].parse().unwrap());
    // 25 km north of Dori (14.04 N, 0.03 W).
    assert!(
        (14.2..14.35).contains(&lat) && (-0.1..0.05).contains(&lon),
        "{row:?}"
    );
    assert_eq!((row[4], row[5]), ("2", "1"));
    assert!(row[7].contains("situé à 25 km au nord de Dori"), "{row:?}");

    let out = ok(sitrep(data.path())
        .args(["gazetteer", "learned", "--format", "geojson"])
        .output()
        .expect("runs"));
    let geo: Value = serde_json::from_slice(&out.stdout).expect("geojson");
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(geo["features"][0]["properties"]["name"], VILLAGE);
    assert_eq!(
        geo["features"][0]["geometry"]["coordinates"][1],
        lat_of(&geo)
    );

    // A later report finds it with no cue, near its point.
    let loc = location(data.path(), &later);
    assert_eq!(loc["name"], VILLAGE, "{loc}");
    assert_eq!(loc["geo_precision"], 2);
    assert!((loc["latitude"].as_f64().unwrap() - lat).abs() < 1e-4);

    let out = ok(sitrep(data.path())
        .args(["gazetteer", "forget", VILLAGE])
        .output()
        .expect("runs"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("forgot 1"));
    let again = sitrep(data.path())
        .args(["gazetteer", "forget", VILLAGE])
        .output()
        .expect("runs");
    assert!(!again.status.success());
    assert!(location(data.path(), &later).is_null());
}

fn lat_of(geo: &Value) -> Value {
    geo["features"][0]["geometry"]["coordinates"][1].clone()
}
