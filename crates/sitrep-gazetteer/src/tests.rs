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
