//! Gazetteer tests over GeoNames-style lines written for them (invented
//! rows in the dump layout, not copied from any dump).

use super::*;

/// Builds a dump line: id, name, alternates, lat, lon, class, code, cc, admin1, admin2, pop.
#[allow(clippy::too_many_arguments)]
fn row(
    id: u32,
    name: &str,
    alts: &str,
    lat: f64,
    lon: f64,
    class: char,
    code: &str,
    cc: &str,
    a1: &str,
    a2: &str,
    pop: u64,
) -> String {
    format!(
        "{id}\t{name}\t{}\t{alts}\t{lat}\t{lon}\t{class}\t{code}\t{cc}\t\t{a1}\t{a2}\t\t\t{pop}\t\t300\tAfrica/Bamako\t2024-01-01\n",
        sitrep_core::fold::fold(name)
    )
}

fn sample() -> Gazetteer {
    let mut dump = String::new();
    dump += &row(
        9100001,
        "Ti-n-Zaouâtene",
        "Tin Zaouaten,Fort Akli,ZAO",
        19.96,
        2.86,
        'P',
        "PPL",
        "ML",
        "10",
        "1003",
        700,
    );
    dump += &row(
        9100002, "Tessalit", "", 20.2, 1.01, 'P', "PPLA3", "ML", "10", "1004", 6000,
    );
    dump += &row(
        9100003,
        "Tessalit",
        "Oued Tessalit",
        20.4,
        1.2,
        'H',
        "WAD",
        "ML",
        "10",
        "1004",
        0,
    );
    dump += &row(
        9100004, "Bamako", "Bamaco", 12.65, -8.0, 'P', "PPLC", "ML", "", "", 2_000_000,
    );
    dump += &row(
        9100005, "Kidal", "", 18.44, 1.41, 'P', "PPLA", "ML", "10", "1001", 40000,
    );
    dump += &row(
        9100006, "Gao", "", 16.27, -0.04, 'P', "PPLA", "ML", "07", "", 85000,
    );
    let mut g = Gazetteer::default();
    let n = g.add_dump(dump.as_bytes(), "ML.txt").expect("dump");
    assert_eq!(n, 6);
    g.add_dump(
        "ML.10\tKidal\tKidal\t9200001\nML.07\tGao\tGao\t9200002\n".as_bytes(),
        "admin1CodesASCII.txt",
    )
    .expect("admin1");
    g.add_dump(
        "ML.10.1004\tTessalit\tTessalit\t9200003\n".as_bytes(),
        "admin2Codes.txt",
    )
    .expect("admin2");
    g
}

#[test]
fn every_spelling_of_a_saharan_name_finds_it() {
    let g = sample();
    for spelling in [
        "Tinzaouatène",
        "Ti-n-Zaouâtene",
        "TIN-ZAOUATENE",
        "Tin Zaouaten",
    ] {
        let key = name_key(spelling);
        assert!(g.contains_key(&key), "{spelling}");
        let found = g.lookup(&key);
        assert_eq!(found.len(), 1, "{spelling}");
        assert_eq!(found[0].geonameid, 9100001);
        assert_eq!(found[0].country_code, "ML");
    }
    assert!(g.contains_key(&name_key("Fort Akli")));
    // The airport-style code is not a name.
    assert!(!g.contains_key(&name_key("ZAO")));
}

#[test]
fn a_town_and_a_wadi_share_a_name() {
    let g = sample();
    let found = g.lookup("tessalit");
    assert_eq!(found.len(), 2);
    // Most populous first: the town before the wadi.
    assert_eq!(found[0].feature_class, 'P');
    assert_eq!(found[1].feature_code, "WAD");
    assert_eq!(g.lookup("ouedtessalit")[0].geonameid, 9100003);
}

#[test]
fn get_len_and_admin_names() {
    let g = sample();
    assert_eq!(g.len(), 6);
    assert!(!g.is_empty());
    assert_eq!(g.get(9100005).map(|p| p.name), Some("Kidal".to_string()));
    assert_eq!(g.get(1), None);
    assert_eq!(g.admin1_name("ML", "10").as_deref(), Some("Kidal"));
    assert_eq!(
        g.admin2_name("ML", "10", "1004").as_deref(),
        Some("Tessalit")
    );
    assert_eq!(g.admin1_name("ML", "99"), None);
    assert!(!g.contains_key("nowhere"));
    assert!(g.lookup("nowhere").is_empty());
}

#[test]
fn a_division_asked_again_or_added_later_is_current() {
    let mut g = sample();
    assert_eq!(g.admin1_name("ML", "99"), None);
    assert_eq!(g.admin1_name("ML", "99"), None);
    g.add_dump(
        "ML.99\tNowhere\tNowhere\t9200009\n".as_bytes(),
        "admin1CodesASCII.txt",
    )
    .expect("admin1");
    // A look-up remembered before the table grew is not kept.
    assert_eq!(g.admin1_name("ML", "99").as_deref(), Some("Nowhere"));
    assert_eq!(g.admin1_name("ML", "10").as_deref(), Some("Kidal"));
}

#[test]
fn a_place_in_two_dumps_is_one_entry() {
    let mut g = sample();
    let again = row(
        9100005, "Kidal", "Kidali", 18.44, 1.41, 'P', "PPLA", "ML", "10", "1001", 41000,
    );
    g.add_dump(again.as_bytes(), "cities500.txt").expect("dump");
    assert_eq!(g.len(), 6);
    let found = g.lookup("kidal");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].population, 41000);
    assert_eq!(g.lookup("kidali")[0].geonameid, 9100005);
}

#[test]
fn country_from_its_pcli_entry_else_its_capital_else_its_places() {
    let mut g = sample();
    // No countryInfo yet: the mean of the populated places.
    let c = g.country("ML").expect("centroid");
    assert_eq!(c.country_code, "ML");
    assert!(c.latitude > 12.0 && c.latitude < 20.0);
    assert_eq!(g.country("ZZ"), None);

    let info = "#ISO\tISO3\n\
        ML\tMLI\t466\tML\tMali\tBamako\t1240000\t1\tAF\t.ml\tXOF\tFranc\t223\t\t\tfr-ML\t9100099\tSN,NE\t\n";
    g.add_dump(info.as_bytes(), "countryInfo.txt")
        .expect("countries");
    let c = g.country("ML").expect("capital");
    assert_eq!(c.name, "Mali");
    assert_eq!((c.latitude, c.longitude), (12.65, -8.0));

    let pcli = row(
        9100099,
        "Republic of Mali",
        "Mali",
        17.0,
        -4.0,
        'A',
        "PCLI",
        "ML",
        "00",
        "",
        20_000_000,
    );
    g.add_dump(pcli.as_bytes(), "ML.txt").expect("pcli");
    let c = g.country("ML").expect("pcli");
    assert_eq!(c.geonameid, 9100099);
    assert_eq!(c.name, "Mali");
    assert_eq!((c.latitude, c.longitude), (17.0, -4.0));
}

#[test]
fn a_bad_line_names_the_file_and_line() {
    let mut g = Gazetteer::default();
    let text = row(1, "A", "", 1.0, 1.0, 'P', "PPL", "ML", "", "", 0) + "2\tB\tonly three\n";
    let err = g
        .add_dump(text.as_bytes(), "ML.txt")
        .unwrap_err()
        .to_string();
    assert!(err.contains("ML.txt line 2"), "{err}");
}

#[test]
fn load_reports_a_missing_extra_file() {
    let err = Gazetteer::load(None, &[PathBuf::from("/nonexistent/ML.txt")]).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/ML.txt"));
}

/// Writes the sample as files in `dir`, as a user would download them.
fn sample_files(dir: &Path) -> Vec<PathBuf> {
    let mut ml = String::new();
    ml += &row(
        9100001,
        "Ti-n-Zaouâtene",
        "Tin Zaouaten",
        19.9625,
        2.8575,
        'P',
        "PPL",
        "ML",
        "10",
        "1003",
        700,
    );
    ml += &row(
        9100002, "Tessalit", "", 20.2, 1.01, 'P', "PPLA3", "ML", "10", "1004", 6000,
    );
    ml += &row(
        9100003,
        "Tessalit",
        "Oued Tessalit",
        20.4,
        1.2,
        'H',
        "WAD",
        "ML",
        "10",
        "1004",
        0,
    );
    ml += &row(
        9100099,
        "Republic of Mali",
        "Mali",
        17.0,
        -4.0,
        'A',
        "PCLI",
        "ML",
        "00",
        "",
        20_000_000,
    );
    let files = [
        ("ML.txt", ml),
        ("admin1CodesASCII.txt", "ML.10\tKidal\tKidal\t9200001\n".to_string()),
        ("admin2Codes.txt", "ML.10.1004\tTessalit\tTessalit\t9200003\n".to_string()),
        (
            "countryInfo.txt",
            "#ISO\nML\tMLI\t466\tML\tMali\tBamako\t1\t1\tAF\t.ml\tXOF\tF\t223\t\t\tfr\t9100099\tSN\t\n"
                .to_string(),
        ),
    ];
    files
        .iter()
        .map(|(name, text)| {
            let p = dir.join(name);
            std::fs::write(&p, text).expect("write sample");
            p
        })
        .collect()
}

#[test]
fn an_imported_index_answers_like_the_dumps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = sample_files(dir.path());
    let data = dir.path().join("data");
    let summary = import(&data, &files).expect("import");
    assert_eq!(summary.files, 4);
    assert_eq!(summary.places, 4);
    assert!(summary.names >= 5, "{summary}");

    let mut mem = Gazetteer::default();
    for f in &files {
        mem.add_file(f).expect("dump");
    }
    let disk = Gazetteer::load(Some(&data), &[]).expect("load");
    let embedded = Gazetteer::embedded().expect("embedded").len();
    assert_eq!(disk.len(), 4 + embedded);
    for key in [
        "tinzaouatene",
        "tinzaouaten",
        "tessalit",
        "ouedtessalit",
        "mali",
    ] {
        assert!(disk.contains_key(key), "{key}");
        let from_disk: Vec<Place> = disk
            .lookup(key)
            .into_iter()
            .filter(|p| p.geonameid > 9_000_000)
            .collect();
        assert_eq!(from_disk, mem.lookup(key), "{key}");
    }
    let t = disk.get(9100001).expect("by id");
    assert_eq!((t.latitude, t.longitude), (19.9625, 2.8575));
    assert_eq!(t.admin2_code, "1003");
    assert_eq!(disk.admin1_name("ML", "10").as_deref(), Some("Kidal"));
    assert_eq!(
        disk.admin2_name("ML", "10", "1004").as_deref(),
        Some("Tessalit")
    );
    let c = disk.country("ML").expect("country");
    assert_eq!((c.name.as_str(), c.geonameid), ("Mali", 9100099));
}

#[test]
fn a_second_import_adds_to_the_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = sample_files(dir.path());
    let data = dir.path().join("data");
    import(&data, &files[..1]).expect("first");
    let bf = dir.path().join("BF.txt");
    std::fs::write(
        &bf,
        row(
            9300001, "Djibasso", "", 13.1, -4.2, 'P', "PPL", "BF", "48", "", 9000,
        ),
    )
    .expect("write");
    let s = import(&data, &[bf]).expect("second");
    assert_eq!(s.places, 5);
    let g = Gazetteer::load(Some(&data), &[]).expect("load");
    assert_eq!(g.lookup("djibasso")[0].country_code, "BF");
    assert!(g.lookup("tessalit").iter().any(|p| p.geonameid == 9100003));
}

#[test]
fn extra_dumps_come_before_the_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = sample_files(dir.path());
    let data = dir.path().join("data");
    import(&data, &files).expect("import");
    let newer = dir.path().join("ML-new.txt");
    std::fs::write(
        &newer,
        row(
            9100002, "Tessalit", "", 20.2, 1.01, 'P', "PPLA3", "ML", "10", "1004", 7500,
        ),
    )
    .expect("write");
    let g = Gazetteer::load(Some(&data), &[newer]).expect("load");
    let towns: Vec<Place> = g
        .lookup("tessalit")
        .into_iter()
        .filter(|p| p.geonameid == 9100002)
        .collect();
    assert_eq!(towns.len(), 1);
    assert_eq!(towns[0].population, 7500);
}

#[test]
fn a_damaged_or_old_index_says_to_import_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = sample_files(dir.path());
    let data = dir.path().join("data");
    import(&data, &files).expect("import");
    let path = data.join(INDEX_FILE);
    let mut bytes = std::fs::read(&path).expect("read");

    let mut old = bytes.clone();
    old[8..12].copy_from_slice(&(FORMAT_VERSION + 7).to_le_bytes());
    std::fs::write(&path, &old).expect("write");
    let err = Gazetteer::load(Some(&data), &[]).unwrap_err().to_string();
    assert!(
        err.contains("format") && err.contains("gazetteer import"),
        "{err}"
    );

    bytes.truncate(bytes.len() / 2);
    std::fs::write(&path, &bytes).expect("write");
    let err = Gazetteer::load(Some(&data), &[]).unwrap_err().to_string();
    assert!(err.contains(INDEX_FILE) && err.contains("import"), "{err}");
    assert!(import(&data, &files).is_err());

    std::fs::write(&path, b"not an index at all").expect("write");
    let err = Gazetteer::load(Some(&data), &[]).unwrap_err().to_string();
    assert!(err.contains("not a sitrep gazetteer index"), "{err}");
}

/// Issue 19, found by the gazetteer_index fuzz target: one byte changed
/// inside the name index (fst) of an imported index made fst panic at the
/// first look-up ("attempt to subtract with overflow" in its node reader)
/// instead of the index being refused as damaged.
#[test]
fn a_damaged_name_index_is_refused_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = sample_files(dir.path());
    let data = dir.path().join("data");
    import(&data, &files).expect("import");
    let path = data.join(INDEX_FILE);
    let good = std::fs::read(&path).expect("read");
    // The fst section: the fourth (offset, length) pair of the header.
    let at = |i: usize| u64::from_le_bytes(good[i..i + 8].try_into().unwrap()) as usize;
    let (off, len) = (at(12 + 3 * 16), at(12 + 3 * 16 + 8));
    assert!(len > 36 && off + len <= good.len(), "fst at {off}+{len}");
    for i in off..off + len {
        for flip in [0x01, 0xff] {
            let mut bad = good.clone();
            bad[i] ^= flip;
            std::fs::write(&path, &bad).expect("write");
            match Gazetteer::load(Some(&data), &[]) {
                Ok(g) => panic!(
                    "byte {i} ^ {flip:#x} of the index was not noticed ({} found)",
                    g.lookup("tessalit").len()
                ),
                Err(err) => assert!(err.to_string().contains("import"), "{err}"),
            }
        }
    }
}

#[test]
fn any_flipped_byte_is_caught_by_the_checksum() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = sample_files(dir.path());
    let data = dir.path().join("data");
    import(&data, &files).expect("import");
    let path = data.join(INDEX_FILE);
    let good = std::fs::read(&path).expect("read");
    // Header, records, names, name index, tables and the checksum itself.
    let n = good.len();
    for at in [20, n / 7, n / 3, n / 2, 2 * n / 3, n - 10, n - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x10;
        std::fs::write(&path, &bad).expect("write");
        let err = Gazetteer::load(Some(&data), &[])
            .err()
            .unwrap_or_else(|| panic!("a flipped byte at {at} of {n} loaded"))
            .to_string();
        assert!(err.contains("import"), "{err}");
    }
    std::fs::write(&path, &good).expect("write");
    assert!(Gazetteer::load(Some(&data), &[]).is_ok());
}

#[test]
fn an_index_from_before_checksums_is_refused_then_upgraded_by_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = sample_files(dir.path());
    let data = dir.path().join("data");
    import(&data, &files[..1]).expect("import");
    let path = data.join(INDEX_FILE);
    let mut old = std::fs::read(&path).expect("read");
    old.truncate(old.len() - 4);
    old[8..12].copy_from_slice(&2u32.to_le_bytes());
    std::fs::write(&path, &old).expect("write");
    let err = Gazetteer::load(Some(&data), &[]).unwrap_err().to_string();
    assert!(err.contains("format 2") && err.contains("import"), "{err}");
    import(&data, &files[1..]).expect("import upgrades the old index");
    let g = Gazetteer::load(Some(&data), &[]).expect("load after upgrade");
    assert!(g.len() > Gazetteer::embedded().expect("embedded").len());
}

#[test]
fn no_index_in_the_data_dir_is_not_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let g = Gazetteer::load(Some(dir.path()), &[]).expect("load");
    assert_eq!(g.len(), Gazetteer::embedded().expect("embedded").len());
}

#[test]
fn the_embedded_default_knows_sahel_towns_and_countries() {
    let g = Gazetteer::embedded().expect("embedded default");
    if g.is_empty() {
        eprintln!("skipped: data/gazetteer/default.idx is empty (being rebuilt)");
        return;
    }
    assert!(g.len() > 100_000, "{}", g.len());
    let kidal = g
        .lookup("kidal")
        .into_iter()
        .find(|p| p.country_code == "ML")
        .expect("Kidal, Mali");
    assert_eq!(kidal.feature_class, 'P');
    assert!((kidal.latitude - 18.44).abs() < 0.1, "{kidal:?}");
    assert_eq!(
        g.admin1_name("ML", &kidal.admin1_code).as_deref(),
        Some("Kidal")
    );
    for town in ["Ouagadougou", "Niamey", "Gao", "Mopti", "Dori", "Djibo"] {
        assert!(g.contains_key(&name_key(town)), "{town}");
    }
    let region = g
        .admin1_place("ML", &kidal.admin1_code)
        .expect("Kidal region");
    assert_eq!(region.name, "Kidal");
    assert!((region.latitude - 18.5).abs() < 3.0, "{region:?}");
    let bf = g.country("BF").expect("Burkina Faso");
    assert_eq!(bf.name, "Burkina Faso");
    // Its capital stands for it: no country entry in a cities file.
    assert!((bf.latitude - 12.37).abs() < 0.2, "{bf:?}");
    // Loading with no data directory gives the same places.
    assert_eq!(Gazetteer::load(None, &[]).expect("load").len(), g.len());
}

#[test]
fn regions_as_places_and_the_list_of_divisions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = sample_files(dir.path());
    let data = dir.path().join("data");
    import(&data, &files).expect("import");
    let g = Gazetteer::load(Some(&data), &[]).expect("load");

    // No ADM1 entry in the sample: the mean of the division's places.
    let kidal = g.admin1_place("ML", "10").expect("Kidal region");
    assert_eq!(kidal.name, "Kidal");
    assert_eq!(kidal.feature_code, "ADM1");
    assert_eq!(kidal.geonameid, 9200001);
    let mean_lat = (19.9625 + 20.2) / 2.0;
    assert!((kidal.latitude - mean_lat).abs() < 1e-4, "{kidal:?}");
    let cercle = g.admin2_place("ML", "10", "1004").expect("Tessalit cercle");
    assert_eq!(
        (cercle.name.as_str(), cercle.feature_code.as_str()),
        ("Tessalit", "ADM2")
    );
    assert!((cercle.latitude - 20.2).abs() < 1e-4, "{cercle:?}");
    assert_eq!(g.admin1_place("ML", "99"), None);

    let divisions = g.admin_divisions();
    assert!(divisions.contains(&AdminDivision {
        country_code: "ML".into(),
        admin1_code: "10".into(),
        admin2_code: String::new(),
        name: "Kidal".into(),
    }));
    assert!(divisions
        .iter()
        .any(|d| d.admin2_code == "1004" && d.name == "Tessalit"));

    // With the division's own entry loaded, that entry is the region.
    let adm1 = dir.path().join("ML-adm.txt");
    std::fs::write(
        &adm1,
        row(
            9200001,
            "Kidal Region",
            "Région de Kidal",
            19.5,
            1.5,
            'A',
            "ADM1",
            "ML",
            "10",
            "",
            0,
        ),
    )
    .expect("write");
    let g = Gazetteer::load(Some(&data), &[adm1]).expect("load");
    let kidal = g.admin1_place("ML", "10").expect("Kidal region");
    assert_eq!((kidal.latitude, kidal.longitude), (19.5, 1.5));
    assert!(g.contains_key(&name_key("Région de Kidal")));
}

#[test]
fn regions_from_dumps_read_at_start_up() {
    let g = sample();
    let kidal = g.admin1_place("ML", "10").expect("Kidal region");
    assert_eq!(kidal.name, "Kidal");
    assert!(kidal.latitude > 18.0 && kidal.latitude < 21.0, "{kidal:?}");
}

#[test]
fn populated_places_of_chosen_countries() {
    let g = sample();
    let all = g.populated_places(&["ML"], 0);
    assert!(!all.is_empty());
    assert!(all
        .iter()
        .all(|p| p.feature_class == 'P' && p.country_code == "ML"));
    assert!(g.populated_places(&["ZZ"], 0).is_empty());
    assert_eq!(g.populated_places(&["ML"], 1).len(), 1);
}
