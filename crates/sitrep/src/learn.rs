//! Learning villages from what `ingest` reads: the lessons the resolver
//! drew (places with the feature `P.TAUGHT`) are gathered from each stored
//! batch into the data directory's learned places, which later runs load
//! with the gazetteer.

use sitrep_core::{Mention, MentionValue};
use sitrep_gazetteer::{LearnedError, LearnedPlace, LearnedPlaces, Lesson, LEARNED_FILE};
use sitrep_resolve::places::TAUGHT_FEATURE;
use sitrep_store::Extracted;
use std::path::{Path, PathBuf};

/// The longest evidence sentence kept with a lesson (bytes).
const MAX_EVIDENCE: usize = 400;

/// The learned places of a data directory, taught batch by batch.
pub struct Learner {
    path: PathBuf,
    places: LearnedPlaces,
    /// Villages new to the file, and lessons that agreed with a known one.
    pub new: usize,
    pub agreed: usize,
}

impl Learner {
    /// The learned places of `data_dir`, as they are on disk.
    pub fn open(data_dir: &Path) -> Result<Learner, LearnedError> {
        let path = data_dir.join(LEARNED_FILE);
        let places = LearnedPlaces::load(&path)?;
        Ok(Learner {
            path,
            places,
            new: 0,
            agreed: 0,
        })
    }

    /// Adds the lessons of a stored batch and appends them to the file,
    /// so that a killed ingest keeps what its stored batches taught and
    /// ingests writing side by side lose none.
    pub fn absorb(&mut self, batch: &[Extracted]) -> Result<(), LearnedError> {
        let mut drawn = Vec::new();
        for e in batch {
            for lesson in lessons(&e.document.text, &e.document.id, &e.mentions) {
                match self.places.teach(lesson.clone()) {
                    Lesson::New => self.new += 1,
                    Lesson::Agreed => self.agreed += 1,
                }
                drawn.push(lesson);
            }
        }
        LearnedPlaces::append(&self.path, &drawn)
    }
}

/// The villages one document taught: each name once, at its first lesson.
pub fn lessons(text: &str, document: &str, mentions: &[Mention]) -> Vec<LearnedPlace> {
    let taught = format!("P.{TAUGHT_FEATURE}");
    let mut out: Vec<LearnedPlace> = Vec::new();
    for m in mentions {
        let MentionValue::Place(Some(p)) = &m.value else {
            continue;
        };
        if p.feature.as_deref() != Some(taught.as_str()) || out.iter().any(|l| l.name == p.name) {
            continue;
        }
        out.push(LearnedPlace {
            id: 0,
            name: p.name.clone(),
            country_code: p.country_code.clone(),
            admin1: p.admin1.clone(),
            admin2: p.admin2.clone(),
            latitude: p.latitude,
            longitude: p.longitude,
            precision: p.geo_precision.max(2),
            reports: 1,
            spread_km: 0.0,
            evidence: sentence_around(text, m.start, m.end),
            document: document.to_string(),
        });
    }
    out
}

/// The sentence holding bytes `start..end` of `text`, at most
/// [`MAX_EVIDENCE`] bytes of it.
fn sentence_around(text: &str, start: usize, end: usize) -> String {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return String::new();
    };
    let from = before.rfind(is_end).map_or(0, |i| i + 1);
    let to = after.find(is_end).map_or(text.len(), |i| end + i + 1);
    let s = text[from..to].trim();
    let mut cut = s.len().min(MAX_EVIDENCE);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s[..cut].to_string()
}

/// One row per learned place: name, country, latitude, longitude,
/// precision, reports, spread (km), first evidence, its document.
pub fn write_table(out: &mut impl std::io::Write, places: &LearnedPlaces) -> std::io::Result<()> {
    writeln!(
        out,
        "name\tcountry\tlatitude\tlongitude\tprecision\treports\tspread_km\tevidence\tdocument"
    )?;
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    for p in places.iter() {
        writeln!(
            out,
            "{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{:.1}\t{}\t{}",
            clean(&p.name),
            p.country_code,
            p.latitude,
            p.longitude,
            p.precision,
            p.reports,
            p.spread_km,
            clean(&p.evidence),
            clean(&p.document)
        )?;
    }
    Ok(())
}

/// The learned places as a GeoJSON FeatureCollection of points.
pub fn geojson(places: &LearnedPlaces) -> serde_json::Value {
    let features: Vec<serde_json::Value> = places
        .iter()
        .map(|p| {
            serde_json::json!({
                "type": "Feature",
                "id": p.id,
                "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
                "properties": {
                    "name": p.name,
                    "country_code": p.country_code,
                    "admin1": p.admin1,
                    "admin2": p.admin2,
                    "geo_precision": p.precision,
                    "reports": p.reports,
                    "spread_km": p.spread_km,
                    "evidence": p.evidence,
                    "document": p.document,
                }
            })
        })
        .collect();
    serde_json::json!({"type": "FeatureCollection", "features": features})
}
