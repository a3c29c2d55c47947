//! The main place of ACLED notes against ACLED's own coordinates, with the
//! GeoNames dumps of ../shared/gazetteer. Skips when ../shared is absent.
//!
//! Set SITREP_PLACES_MISSES=1 to print every miss with its cause.

use sitrep_annotate::lexicon::LexiconSource;
use sitrep_annotate::Annotator;
use sitrep_core::{Document, Lang};
use sitrep_gazetteer::Gazetteer;
use sitrep_resolve::places::{haversine_km, main_place, name_near, resolve_all};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const WITHIN_KM: f64 = 25.0;

/// The rates reached when these tests were last tuned, minus one point.
const BF_FLOOR: f64 = 77.0;
const WORLD_FLOOR: f64 = 61.9;

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("corpus/acled-dev").is_dir() && p.join("gazetteer").is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared not found (the ACLED place test needs it)");
        None
    }
}

#[derive(Default)]
struct Score {
    rows: usize,
    hits: usize,
    /// Misses where some recognised name has an entry within 25 km: a wrong choice.
    wrong_choice: usize,
    /// Misses where no recognised name has an entry within 25 km.
    no_entry_near: usize,
    /// Misses with no place resolved at all.
    nothing: usize,
    /// Notes where some word sequence of the text (up to four words, any
    /// case) has an entry within 25 km: the ceiling with this gazetteer.
    reachable: usize,
    /// Misses that no word sequence could have hit: gazetteer gaps.
    gaps: usize,
}

fn evaluate(gaz: Gazetteer, csv_path: &Path) -> Score {
    let gaz = Arc::new(gaz);
    let annotator = Annotator::new(&LexiconSource::embedded(), gaz.clone()).expect("lexicons");
    let mut reader = csv::Reader::from_path(csv_path).expect("ACLED csv");
    let headers = reader.headers().expect("csv header").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .expect("ACLED column")
    };
    let (notes, lat, lon, loc) = (
        col("notes"),
        col("latitude"),
        col("longitude"),
        col("location"),
    );
    let verbose = std::env::var_os("SITREP_PLACES_MISSES").is_some();
    let mut score = Score::default();
    for row in reader.records() {
        let Ok(row) = row else { continue };
        let (Some(text), Some(Ok(la)), Some(Ok(lo))) = (
            row.get(notes),
            row.get(lat).map(str::parse::<f64>),
            row.get(lon).map(str::parse::<f64>),
        ) else {
            continue;
        };
        score.rows += 1;
        let doc = Document {
            id: score.rows.to_string(),
            text: text.to_string(),
            title: None,
            published: None,
            url: None,
            source: None,
            language: Some(Lang::En),
        };
        let ann = annotator.annotate(&doc, Some(Lang::En));
        let values = resolve_all(text, &ann, &gaz);
        let main = main_place(&ann, &values).and_then(|i| values[i].as_ref().map(|v| (i, v)));
        let ceiling = name_near(&gaz, text, la, lo, WITHIN_KM);
        if ceiling {
            score.reachable += 1;
        }
        if let Some((_, v)) = main {
            if haversine_km(v.latitude, v.longitude, la, lo) <= WITHIN_KM {
                score.hits += 1;
                continue;
            }
        }
        let reachable = ann.places.iter().any(|m| {
            gaz.lookup(&m.key)
                .iter()
                .any(|p| haversine_km(p.latitude, p.longitude, la, lo) <= WITHIN_KM)
        });
        if !ceiling {
            score.gaps += 1;
        }
        let cause = match (main, reachable) {
            (None, _) => {
                score.nothing += 1;
                "nothing resolved"
            }
            (Some(_), true) => {
                score.wrong_choice += 1;
                "wrong choice"
            }
            (Some(_), false) => {
                score.no_entry_near += 1;
                "no entry near"
            }
        };
        if verbose {
            let chosen = main.map(|(i, v)| {
                format!(
                    "{:?} -> {} {} ({:.0} km)",
                    ann.places[i].span.text(text),
                    v.name,
                    v.feature.clone().unwrap_or_default(),
                    haversine_km(v.latitude, v.longitude, la, lo)
                )
            });
            let found: Vec<&str> = ann.places.iter().map(|m| m.span.text(text)).collect();
            eprintln!(
                "MISS [{cause}{}] acled={} | chose {:?} | found {:?} | {}",
                if ceiling { "" } else { ", gap" },
                row.get(loc).unwrap_or(""),
                chosen,
                found,
                text.chars().take(200).collect::<String>()
            );
        }
    }
    score
}

fn report(name: &str, s: &Score) -> f64 {
    let rate = 100.0 * s.hits as f64 / s.rows.max(1) as f64;
    eprintln!(
        "{name}: {} of {} notes within {WITHIN_KM} km = {rate:.1}% (ceiling {:.1}%: {} notes have some name with an entry that near; misses: {} gazetteer gaps, {} wrong choice, {} recognised names all far, {} nothing resolved)",
        s.hits,
        s.rows,
        100.0 * s.reachable as f64 / s.rows.max(1) as f64,
        s.reachable,
        s.gaps,
        s.wrong_choice,
        s.no_entry_near,
        s.nothing
    );
    rate
}

fn load(shared: &Path, files: &[&str]) -> Gazetteer {
    let mut g = Gazetteer::default();
    for f in files {
        g.add_file(&shared.join("gazetteer").join(f))
            .expect("gazetteer file");
    }
    g
}

#[test]
fn burkina_faso_main_place_within_25_km() {
    let Some(shared) = shared() else { return };
    let gaz = load(
        &shared,
        &[
            "ML.txt",
            "BF.txt",
            "NE.txt",
            "MR.txt",
            "SN.txt",
            "CI.txt",
            "GN.txt",
            "admin1CodesASCII.txt",
            "admin2Codes.txt",
            "countryInfo.txt",
        ],
    );
    let s = evaluate(
        gaz,
        &shared.join("corpus/acled-dev/acled-burkina-faso-2004-2022.csv"),
    );
    let rate = report("ACLED Burkina Faso 2004-2022, seven country dumps", &s);
    assert!(rate >= BF_FLOOR, "rate {rate:.1}% fell below {BF_FLOOR}%");
}

#[test]
fn world_sample_main_place_within_25_km() {
    let Some(shared) = shared() else { return };
    let gaz = load(
        &shared,
        &[
            "cities500.txt",
            "admin1CodesASCII.txt",
            "admin2Codes.txt",
            "countryInfo.txt",
        ],
    );
    let s = evaluate(
        gaz,
        &shared.join("corpus/acled-dev/acled-world-2020-sample.csv"),
    );
    let rate = report("ACLED world sample 2020, cities500", &s);
    assert!(
        rate >= WORLD_FLOOR,
        "rate {rate:.1}% fell below {WORLD_FLOOR}%"
    );
}
