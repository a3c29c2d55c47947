//! Incident exports: ACLED CSV (the 31 columns of ACLED's export, in
//! order), GeoJSON, JSON, JSONL and a plain table for the terminal.

use serde_json::{json, Map, Value};
use sitrep_core::{EventActor, Incident};
use std::io::{self, Write};

/// The columns of ACLED's CSV export, in its order.
pub const ACLED_COLUMNS: [&str; 31] = [
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
];

/// alpha-2 → (alpha-3, numeric, ACLED region), from data/countries.tsv.
struct Country<'a> {
    iso3: &'a str,
    numeric: &'a str,
    region: &'a str,
}

const COUNTRIES: &str = include_str!("../data/countries.tsv");

fn country(cc: &str) -> Option<Country<'static>> {
    COUNTRIES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|f| f.len() == 4 && f[0].eq_ignore_ascii_case(cc))
        .map(|f| Country {
            iso3: f[1],
            numeric: f[2],
            region: f[3],
        })
}

/// The outlets an incident was read in, each once, in publication order;
/// the document id stands in for an outlet nobody named.
pub fn sources(incident: &Incident) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in &incident.documents {
        let name = d
            .source
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| d.id.clone());
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The event summary, then who claims what.
pub fn notes(incident: &Incident) -> String {
    let claims = sitrep_link::claims_summary(&incident.claims);
    match (incident.notes.trim(), claims.is_empty()) {
        ("", true) => String::new(),
        ("", false) => format!("Claims: {claims}."),
        (n, true) => n.to_string(),
        (n, false) => format!("{n} Claims: {claims}."),
    }
}

fn role<'a>(actors: &'a [EventActor], role: &str) -> Vec<&'a EventActor> {
    actors.iter().filter(|a| a.role == role).collect()
}

fn names(actors: &[&EventActor]) -> String {
    actors
        .iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// ACLED's interaction code: the two inter codes, lower first; a sole
/// actor pairs with 0 ("20": rebels acting alone).
fn interaction(inter1: Option<u8>, inter2: Option<u8>) -> String {
    match (inter1, inter2) {
        (Some(a), Some(b)) => format!("{}{}", a.min(b), a.max(b)),
        (Some(a), None) | (None, Some(a)) => format!("{a}0"),
        (None, None) => String::new(),
    }
}

/// One incident as a row of ACLED's export, in [`ACLED_COLUMNS`]' order;
/// `timestamp` fills ACLED's `timestamp` column (seconds since 1970).
pub fn acled_row(incident: &Incident, timestamp: i64) -> Vec<String> {
    let loc = incident.location.as_ref();
    let cc = loc.and_then(|l| l.country_code.clone()).unwrap_or_default();
    let c = country(&cc);
    let actor1 = role(&incident.actors, "actor1");
    let actor2 = role(&incident.actors, "actor2");
    let inter1 = actor1.first().map(|a| a.inter);
    let inter2 = actor2.first().map(|a| a.inter);
    let date = incident.date.as_ref();
    let opt = |v: Option<String>| v.unwrap_or_default();
    let prefix = c.as_ref().map_or(cc.as_str(), |c| c.iso3);
    vec![
        incident.id.to_string(),
        opt(c.as_ref().map(|c| c.numeric.to_string())),
        format!("{prefix}{}", incident.id),
        incident.id.to_string(),
        opt(date.map(|d| d.start.to_string())),
        opt(date.map(|d| d.start.year().to_string())),
        opt(date.map(|d| d.time_precision.to_string())),
        incident.event_type.clone(),
        incident.sub_event_type.clone(),
        names(&actor1),
        names(&role(&incident.actors, "assoc_actor_1")),
        opt(inter1.map(|i| i.to_string())),
        names(&actor2),
        names(&role(&incident.actors, "assoc_actor_2")),
        opt(inter2.map(|i| i.to_string())),
        interaction(inter1, inter2),
        opt(c.as_ref().map(|c| c.region.to_string())),
        opt(loc.and_then(|l| l.country.clone())),
        opt(loc.and_then(|l| l.admin1.clone())),
        opt(loc.and_then(|l| l.admin2.clone())),
        String::new(),
        opt(loc.map(|l| l.name.clone())),
        opt(loc.and_then(|l| l.latitude).map(|v| format!("{v:.4}"))),
        opt(loc.and_then(|l| l.longitude).map(|v| format!("{v:.4}"))),
        opt(loc.map(|l| l.geo_precision.to_string())),
        sources(incident).join("; "),
        String::new(),
        notes(incident),
        incident.fatalities.acled.unwrap_or(0).to_string(),
        timestamp.to_string(),
        opt(c.as_ref().map(|c| c.iso3.to_string())),
    ]
}

/// Writes ACLED CSV rows; call [`AcledWriter::finish`] at the end.
pub struct AcledWriter<W: Write> {
    csv: csv::Writer<W>,
    timestamp: i64,
}

impl<W: Write> AcledWriter<W> {
    pub fn new(out: W) -> csv::Result<Self> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(ACLED_COLUMNS)?;
        Ok(AcledWriter {
            csv,
            timestamp: jiff::Timestamp::now().as_second(),
        })
    }

    pub fn write(&mut self, incident: &Incident) -> csv::Result<()> {
        self.csv.write_record(acled_row(incident, self.timestamp))
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.csv.flush()
    }
}

/// One GeoJSON feature: a point at the incident's place (no geometry when
/// its place has no coordinates) with the incident's fields as properties.
pub fn feature(incident: &Incident) -> Value {
    let geometry = incident
        .location
        .as_ref()
        .and_then(|l| l.latitude.zip(l.longitude))
        .map(|(lat, lon)| json!({"type": "Point", "coordinates": [lon, lat]}))
        .unwrap_or(Value::Null);
    let mut properties = match serde_json::to_value(incident) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    properties.insert("sources".into(), json!(sources(incident)));
    json!({
        "type": "Feature",
        "id": incident.id,
        "geometry": geometry,
        "properties": properties,
    })
}

/// Writes a GeoJSON FeatureCollection one feature at a time.
pub struct GeoJsonWriter<W: Write> {
    out: W,
    first: bool,
}

impl<W: Write> GeoJsonWriter<W> {
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
        Ok(GeoJsonWriter { out, first: true })
    }

    pub fn write(&mut self, incident: &Incident) -> io::Result<()> {
        if !self.first {
            self.out.write_all(b",\n")?;
        } else {
            self.out.write_all(b"\n")?;
        }
        self.first = false;
        serde_json::to_writer(&mut self.out, &feature(incident))?;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()
    }
}

/// One line of the terminal table.
pub fn table_row(i: &Incident) -> String {
    let date = i
        .date
        .as_ref()
        .map(|d| {
            if d.start == d.end {
                d.start.to_string()
            } else {
                format!("{}..{}", d.start, d.end)
            }
        })
        .unwrap_or_else(|| "-".into());
    let place = i
        .location
        .as_ref()
        .map(|l| match &l.country_code {
            Some(cc) => format!("{} ({cc})", l.name),
            None => l.name.clone(),
        })
        .unwrap_or_else(|| "-".into());
    let f = &i.fatalities;
    let n = |v: Option<u32>| v.map_or("-".to_string(), |v| v.to_string());
    format!(
        "{:>6}  {:<22}  {:<28}  {:<26}  {:>3}/{:>3}/{:>3}  {:>6}  {}",
        i.id,
        date,
        truncate(&i.event_type, 28),
        truncate(&place, 26),
        n(f.low),
        n(f.best),
        n(f.high),
        i.claims.len(),
        sources(i).join("; ")
    )
}

pub fn table_header() -> String {
    format!(
        "{:>6}  {:<22}  {:<28}  {:<26}  {:>11}  {:>6}  {}",
        "id", "date", "event type", "place", "low/best/hi", "claims", "sources"
    )
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interaction_codes_follow_acled() {
        assert_eq!(interaction(Some(7), Some(1)), "17");
        assert_eq!(interaction(Some(2), None), "20");
        assert_eq!(interaction(None, None), "");
    }

    #[test]
    fn country_table_reads() {
        let ml = country("ml").expect("Mali is listed");
        assert_eq!(
            (ml.iso3, ml.numeric, ml.region),
            ("MLI", "466", "Western Africa")
        );
        assert!(country("XX").is_none());
    }
}
