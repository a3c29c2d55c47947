//! Learned places: villages GeoNames lacks, placed by the reports that
//! name them ("le village de X, à 30 km au nord de Y", "X (commune de Z)").
//!
//! A [`LearnedPlace`] keeps its point, its precision, how many reports
//! taught it and the first sentence that did. [`LearnedPlaces`] holds them
//! by name key, reads and writes them as JSON lines in the data directory
//! ([`LEARNED_FILE`]: `ingest` appends its lessons, `load` merges them),
//! merges a new lesson into an agreeing one ([`LearnedPlaces::teach`]) and hands them to the [`crate::Gazetteer`] as
//! its last layer: a learned place is found only for a name no GeoNames
//! entry has.

use crate::{name_key, Place};
use serde::{Deserialize, Serialize};
use sitrep_core::geo::haversine_km;
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// File of learned places inside the data directory.
pub const LEARNED_FILE: &str = "learned-places.jsonl";

/// Learned places get ids from here up, far above GeoNames' (which are
/// below 13 million): stable for a name and a country, so that two reports
/// placing the same village at the same point link as one place.
pub const LEARNED_ID_BASE: u32 = 0xC000_0000;

/// Feature code of a learned place ("P.LEARNED" in reports).
pub const LEARNED_FEATURE: &str = "LEARNED";

/// Two lessons of one name in one country farther apart than this are two
/// villages (a dozen can share a name), not two estimates of one (km).
const SAME_VILLAGE_KM: f64 = 50.0;

/// One village GeoNames lacks, as the reports placed it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LearnedPlace {
    /// Stable id, above [`LEARNED_ID_BASE`]; set by [`LearnedPlaces::teach`].
    #[serde(default)]
    pub id: u32,
    /// The name as first written.
    pub name: String,
    /// ISO 3166 alpha-2 of the place it was given from.
    pub country_code: String,
    /// Names of its region and province, as the place it was given from had them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    /// ACLED geo precision: 2 (near the point) for every lesson so far.
    pub precision: u8,
    /// Reports that taught it.
    pub reports: u32,
    /// The farthest a lesson fell from the mean point (km): how much the
    /// teachers disagree.
    #[serde(default)]
    pub spread_km: f64,
    /// The sentence of the first lesson, and its document.
    pub evidence: String,
    #[serde(default)]
    pub document: String,
}

impl LearnedPlace {
    /// Its name key.
    pub fn key(&self) -> String {
        name_key(&self.name)
    }

    /// As a gazetteer entry, for the resolver.
    pub fn place(&self) -> Place {
        Place {
            geonameid: self.id,
            name: self.name.clone(),
            country_code: self.country_code.clone(),
            // The names are kept instead (see `LearnedPlaces::by_id`).
            admin1_code: String::new(),
            admin2_code: String::new(),
            latitude: self.latitude,
            longitude: self.longitude,
            feature_class: 'P',
            feature_code: LEARNED_FEATURE.to_string(),
            population: 0,
        }
    }
}

/// The id of the `nth` learned place of a name in a country: FNV-1a over
/// the three, folded into the range above [`LEARNED_ID_BASE`], so that it
/// is the same on every machine that learns the same village.
pub fn learned_id(country: &str, key: &str, nth: usize) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let cell = format!("{country}|{key}|{nth}");
    for b in cell.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    LEARNED_ID_BASE | (h & 0x3FFF_FFFF)
}

#[derive(Debug, thiserror::Error)]
pub enum LearnedError {
    #[error("cannot read learned places from {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} line {line}: {message}; fix or delete the line (it holds one learned place as JSON)")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("cannot write learned places to {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Every learned place, by name key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LearnedPlaces {
    by_key: BTreeMap<String, Vec<LearnedPlace>>,
}

/// What one lesson did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lesson {
    /// A village not known before.
    New,
    /// Another report placing a known one near where it was: averaged in.
    Agreed,
}

impl LearnedPlaces {
    /// Reads `path`; a missing file is an empty set.
    pub fn load(path: &Path) -> Result<LearnedPlaces, LearnedError> {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(LearnedPlaces::default())
            }
            Err(source) => {
                return Err(LearnedError::Read {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let mut out = LearnedPlaces::default();
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|source| LearnedError::Read {
                path: path.to_path_buf(),
                source,
            })?;
            if line.trim().is_empty() {
                continue;
            }
            let p: LearnedPlace = serde_json::from_str(&line).map_err(|e| LearnedError::Parse {
                path: path.to_path_buf(),
                line: n + 1,
                message: e.to_string(),
            })?;
            if !(p.latitude.is_finite()
                && p.longitude.is_finite()
                && p.latitude.abs() <= 90.0
                && p.longitude.abs() <= 180.0)
            {
                return Err(LearnedError::Parse {
                    path: path.to_path_buf(),
                    line: n + 1,
                    message: format!(
                        "coordinates {}, {} are not a point on Earth",
                        p.latitude, p.longitude
                    ),
                });
            }
            // Lines are lessons appended by ingests, or places saved
            // whole: either way they merge as they were taught.
            out.teach(p);
        }
        Ok(out)
    }

    /// Writes every place to `path`, through a temporary file renamed over
    /// it, so a crash leaves the old file or the new one.
    pub fn save(&self, path: &Path) -> Result<(), LearnedError> {
        let err = |source| LearnedError::Write {
            path: path.to_path_buf(),
            source,
        };
        let tmp = path.with_extension("jsonl.tmp");
        {
            let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(err)?);
            for p in self.iter() {
                let line = serde_json::to_string(p).map_err(|e| err(e.into()))?;
                writeln!(w, "{line}").map_err(err)?;
            }
            w.into_inner()
                .map_err(|e| err(e.into_error()))?
                .sync_all()
                .map_err(err)?;
        }
        std::fs::rename(&tmp, path).map_err(err)
    }

    /// Appends lessons to the file at `path` in one write, creating it:
    /// ingests running side by side each add their lines and none is lost
    /// ([`LearnedPlaces::load`] merges them).
    pub fn append(path: &Path, lessons: &[LearnedPlace]) -> Result<(), LearnedError> {
        if lessons.is_empty() {
            return Ok(());
        }
        let err = |source| LearnedError::Write {
            path: path.to_path_buf(),
            source,
        };
        let mut buf = String::new();
        for l in lessons {
            buf.push_str(&serde_json::to_string(l).map_err(|e| err(e.into()))?);
            buf.push('\n');
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(err)?;
        f.write_all(buf.as_bytes()).map_err(err)?;
        f.sync_all().map_err(err)
    }

    /// Adds one report's lesson: averaged into a place of the same name and
    /// country within [`SAME_VILLAGE_KM`], else a new place.
    pub fn teach(&mut self, lesson: LearnedPlace) -> Lesson {
        let known = self.by_key.entry(lesson.key()).or_default();
        let near = known.iter_mut().find(|p| {
            p.country_code == lesson.country_code
                && haversine_km(p.latitude, p.longitude, lesson.latitude, lesson.longitude)
                    <= SAME_VILLAGE_KM
        });
        let Some(p) = near else {
            let id = if lesson.id >= LEARNED_ID_BASE {
                lesson.id
            } else {
                next_id(known, &lesson)
            };
            known.push(LearnedPlace {
                id,
                reports: lesson.reports.max(1),
                ..lesson
            });
            return Lesson::New;
        };
        let (n, m) = (f64::from(p.reports), f64::from(lesson.reports.max(1)));
        let lat = (p.latitude * n + lesson.latitude * m) / (n + m);
        let lon = (p.longitude * n + lesson.longitude * m) / (n + m);
        let moved = haversine_km(lat, lon, p.latitude, p.longitude);
        let off = haversine_km(lat, lon, lesson.latitude, lesson.longitude);
        p.spread_km = (p.spread_km + moved).max(off);
        p.latitude = lat;
        p.longitude = lon;
        p.reports += lesson.reports.max(1);
        p.precision = p.precision.max(lesson.precision);
        Lesson::Agreed
    }

    /// Removes every place with this name; returns how many.
    pub fn forget(&mut self, name: &str) -> usize {
        self.by_key.remove(&name_key(name)).map_or(0, |v| v.len())
    }

    /// The places of a name key.
    pub fn get(&self, key: &str) -> &[LearnedPlace] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.by_key.contains_key(key)
    }

    /// Every place, by name key.
    pub fn iter(&self) -> impl Iterator<Item = &LearnedPlace> {
        self.by_key.values().flatten()
    }

    pub fn len(&self) -> usize {
        self.by_key.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// The id a lesson of `key` at this point in `country` takes: that of
    /// the learned place it would agree with, else a new namesake's.
    pub fn id_for(&self, country: &str, key: &str, lat: f64, lon: f64) -> u32 {
        let known = self.get(key);
        known
            .iter()
            .find(|p| {
                p.country_code == country
                    && haversine_km(p.latitude, p.longitude, lat, lon) <= SAME_VILLAGE_KM
            })
            .map(|p| p.id)
            .unwrap_or_else(|| next_namesake_id(known, country, key))
    }

    /// The place with this id.
    pub fn by_id(&self, id: u32) -> Option<&LearnedPlace> {
        if id < LEARNED_ID_BASE {
            return None;
        }
        self.iter().find(|p| p.id == id)
    }
}

/// The id for `p`, the next namesake of `known` in its country.
fn next_id(known: &[LearnedPlace], p: &LearnedPlace) -> u32 {
    next_namesake_id(known, &p.country_code, &p.key())
}

fn next_namesake_id(known: &[LearnedPlace], country: &str, key: &str) -> u32 {
    let nth = known.iter().filter(|o| o.country_code == country).count();
    learned_id(country, key, nth)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(name: &str, cc: &str, lat: f64, lon: f64, doc: &str) -> LearnedPlace {
        LearnedPlace {
            id: 0,
            name: name.into(),
            country_code: cc.into(),
            admin1: None,
            admin2: None,
            latitude: lat,
            longitude: lon,
            precision: 2,
            reports: 1,
            spread_km: 0.0,
            evidence: format!("{name}, a village near somewhere"),
            document: doc.into(),
        }
    }

    #[test]
    fn two_teachers_near_each_other_agree_and_far_apart_make_namesakes() {
        let mut l = LearnedPlaces::default();
        assert_eq!(
            l.teach(lesson("Kountouga", "BF", 14.0, 0.0, "a")),
            Lesson::New
        );
        assert_eq!(
            l.teach(lesson("kountouga", "BF", 14.2, 0.0, "b")),
            Lesson::Agreed
        );
        let p = &l.get("kountouga")[0];
        assert_eq!(p.reports, 2);
        assert!((p.latitude - 14.1).abs() < 1e-9, "{p:?}");
        // They disagreed by 22 km: the spread says so.
        assert!(p.spread_km > 10.0 && p.spread_km < 12.0, "{p:?}");
        // The first evidence is kept.
        assert_eq!(p.document, "a");
        // 300 km away, or in another country, it is another village.
        assert_eq!(
            l.teach(lesson("Kountouga", "BF", 11.3, 0.0, "c")),
            Lesson::New
        );
        assert_eq!(
            l.teach(lesson("Kountouga", "NE", 14.1, 0.0, "d")),
            Lesson::New
        );
        assert_eq!(l.len(), 3);
        let ids: std::collections::HashSet<u32> = l.iter().map(|p| p.id).collect();
        assert_eq!(ids.len(), 3);
        assert!(ids.iter().all(|&id| id >= LEARNED_ID_BASE));
        assert_eq!(
            l.id_for("BF", "kountouga", 14.05, 0.01),
            l.get("kountouga")[0].id
        );
    }

    #[test]
    fn learned_places_survive_a_save_and_a_load_and_can_be_forgotten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(LEARNED_FILE);
        assert!(LearnedPlaces::load(&path)
            .expect("missing is empty")
            .is_empty());
        let mut l = LearnedPlaces::default();
        l.teach(lesson("Kountouga", "BF", 14.0, 0.0, "a"));
        l.teach(lesson("Bangataka", "BF", 13.0, -1.0, "b"));
        l.save(&path).expect("save");
        let back = LearnedPlaces::load(&path).expect("load");
        assert_eq!(back, l);
        let mut back = back;
        assert_eq!(back.forget("KOUNTOUGA"), 1);
        assert_eq!(back.forget("Kountouga"), 0);
        assert_eq!(back.len(), 1);
    }

    #[test]
    fn lessons_appended_side_by_side_all_merge_on_load() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(LEARNED_FILE);
        // Two ingests, each appending what its batches taught.
        LearnedPlaces::append(&path, &[lesson("Kountouga", "BF", 14.0, 0.0, "a")]).unwrap();
        LearnedPlaces::append(
            &path,
            &[
                lesson("Bangataka", "BF", 13.0, -1.0, "b"),
                lesson("Kountouga", "BF", 14.2, 0.0, "c"),
            ],
        )
        .unwrap();
        LearnedPlaces::append(&path, &[]).unwrap();
        let l = LearnedPlaces::load(&path).expect("load");
        assert_eq!(l.len(), 2);
        let k = &l.get("kountouga")[0];
        assert_eq!((k.reports, k.document.as_str()), (2, "a"));
        assert!((k.latitude - 14.1).abs() < 1e-9);
        // Saved whole and loaded again, nothing changes.
        l.save(&path).expect("save");
        assert_eq!(LearnedPlaces::load(&path).expect("reload"), l);
    }

    #[test]
    fn a_damaged_line_is_an_error_naming_its_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(LEARNED_FILE);
        let good = serde_json::to_string(&lesson("Kountouga", "BF", 14.0, 0.0, "a")).unwrap();
        std::fs::write(&path, format!("{good}\n{{\"name\": 3}}\n")).unwrap();
        let e = LearnedPlaces::load(&path).unwrap_err().to_string();
        assert!(e.contains("line 2"), "{e}");
        let far = serde_json::to_string(&lesson("Nowhere", "BF", 95.0, 0.0, "a")).unwrap();
        std::fs::write(&path, format!("{far}\n")).unwrap();
        let e = LearnedPlaces::load(&path).unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("not a point"), "{e}");
    }
}
