//! Import of the real GeoNames files in ../shared/gazetteer (skipped when
//! absent): the index must answer the look-ups the recogniser relies on,
//! and load fast. Timings are printed; run with `--release --nocapture` to
//! read them (debug builds are several times slower).

use sitrep_gazetteer::{import, name_key, Gazetteer, INDEX_FILE};
use std::path::PathBuf;
use std::time::Instant;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/gazetteer");

fn shared_files(names: &[&str]) -> Option<Vec<PathBuf>> {
    let files: Vec<PathBuf> = names
        .iter()
        .map(|n| PathBuf::from(SHARED).join(n))
        .collect();
    if files.iter().all(|f| f.exists()) {
        Some(files)
    } else {
        eprintln!("skipped: GeoNames files not found in {SHARED}");
        None
    }
}

/// Resident set size of this process, from /proc (Linux only).
fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[test]
fn the_seven_country_dumps_and_cities500() {
    let Some(files) = shared_files(&[
        "cities500.txt",
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
    ]) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let start = Instant::now();
    let summary = import(dir.path(), &files).expect("import");
    eprintln!("import: {summary} in {:?}", start.elapsed());
    assert!(summary.places > 250_000, "{summary}");

    let before = rss_mb();
    let start = Instant::now();
    let g = Gazetteer::load(Some(dir.path()), &[]).expect("load");
    let load = start.elapsed();
    let after = rss_mb();
    eprintln!(
        "load: {load:?}, RSS {:.0} MB -> {:.0} MB, index {} bytes",
        before.unwrap_or(0.0),
        after.unwrap_or(0.0),
        std::fs::metadata(dir.path().join(INDEX_FILE)).map_or(0, |m| m.len())
    );

    for spelling in ["Tinzaouatène", "Tin Zaouaten", "Ti-n-Zaouâtene"] {
        let found = g.lookup(&name_key(spelling));
        assert!(
            found.iter().any(|p| p.geonameid == 2476086),
            "{spelling}: {found:?}"
        );
    }
    let t = g.get(2476086).expect("Ti-n-Zaouâtene by id");
    assert_eq!(t.country_code, "ML");
    assert!((t.latitude - 19.9625).abs() < 1e-6 && (t.longitude - 2.8575).abs() < 1e-6);

    // A town and a wadi of the same name, both found.
    let tessalit = g.lookup("tessalit");
    assert!(
        tessalit.iter().any(|p| p.feature_class == 'P'),
        "{tessalit:?}"
    );
    assert!(
        tessalit.iter().any(|p| p.feature_class == 'H'),
        "{tessalit:?}"
    );

    let kidal = g.lookup("kidal");
    let town = kidal
        .iter()
        .find(|p| p.feature_class == 'P' && p.country_code == "ML")
        .expect("Kidal town");
    assert_eq!(
        g.admin1_name("ML", &town.admin1_code).as_deref(),
        Some("Kidal")
    );
    // Country dumps hold the ADM1 entries: the region is that entry.
    let region = g
        .admin1_place("ML", &town.admin1_code)
        .expect("Kidal region");
    assert_eq!(region.feature_code, "ADM1", "{region:?}");
    assert!(g
        .admin_divisions()
        .iter()
        .any(|d| d.country_code == "BF" && d.name.contains("Soum")));
    let mali = g.country("ML").expect("Mali");
    assert_eq!(mali.name, "Mali");
    assert!(mali.latitude > 10.0 && mali.latitude < 25.0, "{mali:?}");
    let bf = g.country("BF").expect("Burkina Faso");
    assert_eq!(bf.name, "Burkina Faso");

    // Many look-ups, as the recogniser does for every n-gram.
    let words = [
        "le", "village", "de", "djibo", "attaque", "dori", "the", "near",
    ];
    let start = Instant::now();
    let mut hits = 0;
    for _ in 0..10_000 {
        for w in words {
            hits += g.contains_key(w) as usize;
        }
    }
    eprintln!("80000 contains_key: {:?} ({hits} hits)", start.elapsed());
}
