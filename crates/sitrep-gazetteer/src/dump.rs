//! Reading the GeoNames text formats: place dumps (allCountries-style:
//! cities500.txt, ML.txt), admin1CodesASCII.txt, admin2Codes.txt and
//! countryInfo.txt.

use crate::Place;

/// What a GeoNames file holds, told by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Tab-separated places, 19 columns.
    Places,
    /// `ML.08\tTombouctou\tTombouctou\t2449066`
    Admin1,
    /// `ML.08.123\tName\tAscii name\tgeonameid`
    Admin2,
    /// One line per country: ISO, ISO3, ..., name (col 4), capital (5), geonameid (16).
    Countries,
}

impl FileKind {
    /// Recognises the admin and country files by their GeoNames names;
    /// every other file is taken as a dump of places.
    pub fn of(file_name: &str) -> FileKind {
        let base = file_name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(file_name)
            .to_ascii_lowercase();
        if base.starts_with("admin1codes") {
            FileKind::Admin1
        } else if base.starts_with("admin2codes") {
            FileKind::Admin2
        } else if base.starts_with("countryinfo") {
            FileKind::Countries
        } else {
            FileKind::Places
        }
    }
}

/// A place and every name it is known by (name, ASCII name, alternates).
#[derive(Debug)]
pub struct PlaceRow {
    pub place: Place,
    pub names: Vec<String>,
}

/// A country line of countryInfo.txt.
#[derive(Clone, Debug, PartialEq)]
pub struct CountryRow {
    pub code: String,
    pub name: String,
    pub capital: String,
    pub geonameid: u32,
}

/// Lines that carry nothing: blank or comments (countryInfo's header).
pub fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// Parses one line of a place dump. Errors say which column is wrong.
pub fn parse_place(line: &str) -> Result<PlaceRow, String> {
    let cols: Vec<&str> = line.trim_end_matches(['\r', '\n']).split('\t').collect();
    // 15 columns reach the population; the trailing elevation, dem,
    // timezone and date are not needed.
    if cols.len() < 15 {
        return Err(format!(
            "{} tab-separated columns where a GeoNames dump has 19",
            cols.len()
        ));
    }
    let geonameid: u32 = cols[0]
        .trim()
        .parse()
        .map_err(|_| format!("geonameid '{}' is not a number", cols[0]))?;
    let latitude = parse_coord(cols[4], "latitude", 90.0)?;
    let longitude = parse_coord(cols[5], "longitude", 180.0)?;
    let population = if cols[14].trim().is_empty() {
        0
    } else {
        cols[14]
            .trim()
            .parse()
            .map_err(|_| format!("population '{}' is not a number", cols[14]))?
    };
    let name = cols[1].trim().to_string();
    let mut names = Vec::with_capacity(2);
    names.push(name.clone());
    if !cols[2].trim().is_empty() && cols[2].trim() != name {
        names.push(cols[2].trim().to_string());
    }
    names.extend(
        cols[3]
            .split(',')
            .map(str::trim)
            .filter(|a| worth_indexing(a))
            .map(str::to_string),
    );
    Ok(PlaceRow {
        place: Place {
            geonameid,
            name,
            country_code: cols[8].trim().to_string(),
            admin1_code: cols[10].trim().to_string(),
            admin2_code: cols[11].trim().to_string(),
            latitude,
            longitude,
            feature_class: cols[6].trim().chars().next().unwrap_or(' '),
            feature_code: cols[7].trim().to_string(),
            population,
        },
        names,
    })
}

fn parse_coord(s: &str, what: &str, limit: f64) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(v),
        _ => Err(format!("{what} '{s}' is not a number within ±{limit}")),
    }
}

/// Alternate names also hold links, airport and station codes, postal
/// codes and long descriptive phrases: none of them is how a news text
/// names a place, and they would only add false matches.
pub fn worth_indexing(alt: &str) -> bool {
    let n = alt.chars().count();
    if !(2..=60).contains(&n) {
        return false;
    }
    if alt.contains("://") || alt.starts_with("www.") || alt.contains(".wikipedia.") {
        return false;
    }
    let letters = alt.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return false;
    }
    // IATA/ICAO codes ("BKO", "GABS") and initials ("LA" for Los Angeles):
    // short, all capitals, no space. They would match "LA" or "THE" in a
    // headline.
    let is_code = (2..=4).contains(&n) && alt.chars().all(|c| c.is_ascii_uppercase());
    !is_code
}

/// Parses a line of admin1CodesASCII.txt or admin2Codes.txt into its
/// code ("ML.08" or "ML.08.123"), name and geonameid (0 when absent).
pub fn parse_admin(line: &str) -> Result<(String, String, u32), String> {
    let mut cols = line.trim_end_matches(['\r', '\n']).split('\t');
    let code = cols.next().unwrap_or("").trim();
    let name = cols.next().unwrap_or("").trim();
    if code.is_empty() || !code.contains('.') || name.is_empty() {
        return Err("expected CODE<TAB>name as in admin1CodesASCII.txt/admin2Codes.txt".into());
    }
    let id = cols.nth(1).and_then(|c| c.trim().parse().ok()).unwrap_or(0);
    Ok((code.to_string(), name.to_string(), id))
}

/// Parses a (non-comment) line of countryInfo.txt.
pub fn parse_country(line: &str) -> Result<CountryRow, String> {
    let cols: Vec<&str> = line.trim_end_matches(['\r', '\n']).split('\t').collect();
    if cols.len() < 17 || cols[0].trim().len() != 2 {
        return Err(format!(
            "{} columns or no ISO code where countryInfo.txt has 19",
            cols.len()
        ));
    }
    Ok(CountryRow {
        code: cols[0].trim().to_string(),
        name: cols[4].trim().to_string(),
        capital: cols[5].trim().to_string(),
        geonameid: cols[16].trim().parse().unwrap_or(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-written dump line in the GeoNames layout (invented place).
    const LINE: &str = "9000001\tTi-n-Akofa\tTi-n-Akofa\tTin Akofa,Tinakofa,http://example.org/x,TKF,Bordj Akofa\t18.5\t1.25\tP\tPPL\tML\t\t10\t1001\t\t\t1200\t\t450\tAfrica/Bamako\t2020-01-01";

    #[test]
    fn reads_a_place_line_and_its_names() {
        let row = parse_place(LINE).expect("valid line");
        assert_eq!(row.place.geonameid, 9000001);
        assert_eq!(row.place.name, "Ti-n-Akofa");
        assert_eq!(row.place.country_code, "ML");
        assert_eq!(row.place.admin1_code, "10");
        assert_eq!(row.place.admin2_code, "1001");
        assert_eq!(row.place.feature_class, 'P');
        assert_eq!(row.place.feature_code, "PPL");
        assert_eq!(row.place.population, 1200);
        assert!((row.place.latitude - 18.5).abs() < 1e-9);
        assert_eq!(
            row.names,
            vec!["Ti-n-Akofa", "Tin Akofa", "Tinakofa", "Bordj Akofa"]
        );
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        assert!(parse_place("1\tA\tA").unwrap_err().contains("columns"));
        let bad = LINE.replacen("18.5", "north", 1);
        assert!(parse_place(&bad).unwrap_err().contains("latitude"));
        let bad = LINE.replacen("9000001", "x", 1);
        assert!(parse_place(&bad).unwrap_err().contains("geonameid"));
    }

    #[test]
    fn file_kinds_by_name() {
        assert_eq!(FileKind::of("/a/b/admin1CodesASCII.txt"), FileKind::Admin1);
        assert_eq!(FileKind::of("admin2Codes.txt"), FileKind::Admin2);
        assert_eq!(FileKind::of("countryInfo.txt"), FileKind::Countries);
        assert_eq!(FileKind::of("ML.txt"), FileKind::Places);
    }

    #[test]
    fn admin_and_country_lines() {
        assert_eq!(
            parse_admin("ML.10\tKidal\tKidal\t2455292").unwrap(),
            ("ML.10".to_string(), "Kidal".to_string(), 2455292)
        );
        assert!(parse_admin("garbage").is_err());
        let c = "ML\tMLI\t466\tML\tMali\tBamako\t1240000\t1\tAF\t.ml\tXOF\tFranc\t223\t\t\tfr-ML\t2453866\tSN,NE\t";
        let row = parse_country(c).unwrap();
        assert_eq!((row.code.as_str(), row.name.as_str()), ("ML", "Mali"));
        assert_eq!((row.capital.as_str(), row.geonameid), ("Bamako", 2453866));
    }

    #[test]
    fn skips_codes_links_and_long_names() {
        assert!(!worth_indexing("BKO"));
        assert!(!worth_indexing("GABS"));
        assert!(!worth_indexing("LA"));
        assert!(!worth_indexing("https://en.wikipedia.org/wiki/Gao"));
        assert!(!worth_indexing(&"a".repeat(80)));
        assert!(!worth_indexing("12345"));
        assert!(worth_indexing("Gao"));
        assert!(worth_indexing("Tin Zaouaten"));
    }
}
