//! The in-memory gazetteer: dumps given at start-up, and the builder that
//! `import` writes to disk.

use crate::dump::{CountryRow, PlaceRow};
use crate::key::name_key_into;
use crate::Place;
use std::collections::HashMap;

/// Admin division names and countries, from admin1CodesASCII.txt,
/// admin2Codes.txt and countryInfo.txt (and from PCLI rows of dumps).
#[derive(Clone, Debug, Default)]
pub struct Tables {
    /// "ML.10" → Kidal.
    pub admin1: HashMap<String, Division>,
    /// "ML.10.1001" → its division.
    pub admin2: HashMap<String, Division>,
    /// "ML" → country.
    pub countries: HashMap<String, Country>,
}

/// An admin division as the tables know it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Division {
    pub name: String,
    /// Its ADM1/ADM2 entry (0 when unknown).
    pub geonameid: u32,
    /// Mean of its populated places, when computed at import.
    pub centroid: Option<(f64, f64)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub capital: String,
    /// Its PCLI entry (0 when unknown).
    pub geonameid: u32,
    /// Mean of its populated places, when computed at import.
    pub centroid: Option<(f64, f64)>,
}

impl Tables {
    pub fn add_country(&mut self, row: CountryRow) {
        let e = self.countries.entry(row.code.clone()).or_default();
        e.code = row.code;
        e.name = row.name;
        e.capital = row.capital;
        if row.geonameid != 0 {
            e.geonameid = row.geonameid;
        }
    }

    /// Fills what `other` knows and `self` does not.
    pub fn merge_missing(&mut self, other: &Tables) {
        for (mine, theirs) in [
            (&mut self.admin1, &other.admin1),
            (&mut self.admin2, &other.admin2),
        ] {
            for (k, v) in theirs {
                let e = mine.entry(k.clone()).or_insert_with(|| v.clone());
                if e.geonameid == 0 {
                    e.geonameid = v.geonameid;
                }
                if e.centroid.is_none() {
                    e.centroid = v.centroid;
                }
            }
        }
        self.merge_countries(&other.countries);
    }

    /// Fills what `other` knows of countries and `self` does not.
    pub fn merge_countries(&mut self, other: &HashMap<String, Country>) {
        for (k, v) in other {
            let e = self.countries.entry(k.clone()).or_insert_with(|| v.clone());
            if e.name.is_empty() {
                e.name = v.name.clone();
            }
            if e.capital.is_empty() {
                e.capital = v.capital.clone();
            }
            if e.geonameid == 0 {
                e.geonameid = v.geonameid;
            }
            if e.centroid.is_none() {
                e.centroid = v.centroid;
            }
        }
    }
}

/// Places with the keys of their names.
#[derive(Default)]
pub struct MemIndex {
    pub places: Vec<Place>,
    by_id: HashMap<u32, u32>,
    /// Name key → indices into `places`.
    pub keys: HashMap<String, Vec<u32>>,
    scratch: String,
    key: String,
}

impl std::fmt::Debug for MemIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemIndex")
            .field("places", &self.places.len())
            .field("keys", &self.keys.len())
            .finish()
    }
}

impl MemIndex {
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Adds a place, or refreshes it when its geonameid is known (a town is
    /// both in cities500.txt and in its country's dump).
    pub fn add(&mut self, row: PlaceRow) {
        let id = row.place.geonameid;
        let idx = match self.by_id.get(&id) {
            Some(&i) => {
                self.places[i as usize] = row.place;
                i
            }
            None => {
                let i = self.places.len() as u32;
                self.places.push(row.place);
                self.by_id.insert(id, i);
                i
            }
        };
        for n in &row.names {
            self.add_key(n, idx);
        }
    }

    /// Indexes `name` for the place at `idx`. Keys that keep non-ASCII
    /// letters after folding are names in other scripts (Arabic, Cyrillic,
    /// CJK...): sitrep reads French and English, so they are left out, which
    /// also keeps the index small.
    fn add_key(&mut self, name: &str, idx: u32) {
        name_key_into(name, &mut self.scratch, &mut self.key);
        if self.key.len() < 2 || !self.key.is_ascii() {
            return;
        }
        self.insert_key(idx);
    }

    /// Indexes an already computed key (when an index is read back).
    pub fn add_raw_key(&mut self, key: &str, idx: u32) {
        self.key.clear();
        self.key.push_str(key);
        self.insert_key(idx);
    }

    fn insert_key(&mut self, idx: u32) {
        match self.keys.get_mut(self.key.as_str()) {
            Some(v) => {
                if !v.contains(&idx) {
                    v.push(idx);
                }
            }
            None => {
                self.keys.insert(self.key.clone(), vec![idx]);
            }
        }
    }

    /// Appends a place read back from an index, returning its index.
    pub fn push_place(&mut self, place: Place) -> u32 {
        match self.by_id.get(&place.geonameid) {
            Some(&i) => {
                self.places[i as usize] = place;
                i
            }
            None => {
                let i = self.places.len() as u32;
                self.by_id.insert(place.geonameid, i);
                self.places.push(place);
                i
            }
        }
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.keys.contains_key(key)
    }

    pub fn lookup(&self, key: &str) -> impl Iterator<Item = &Place> {
        self.keys
            .get(key)
            .into_iter()
            .flatten()
            .map(|&i| &self.places[i as usize])
    }

    pub fn get(&self, id: u32) -> Option<&Place> {
        self.by_id.get(&id).map(|&i| &self.places[i as usize])
    }

    /// Mean position of the populated places of each group, the group of
    /// a place given by `group` (None: not counted).
    pub fn centroids<F>(&self, group: F) -> HashMap<String, (f64, f64)>
    where
        F: Fn(&Place) -> Option<String>,
    {
        let mut sums: HashMap<String, (f64, f64, u32)> = HashMap::new();
        for p in self.places.iter().filter(|p| p.feature_class == 'P') {
            if let Some(g) = group(p) {
                let e = sums.entry(g).or_default();
                e.0 += p.latitude;
                e.1 += p.longitude;
                e.2 += 1;
            }
        }
        sums.into_iter()
            .map(|(g, (la, lo, n))| (g, (la / n as f64, lo / n as f64)))
            .collect()
    }
}

/// The table key of a place's admin1 division, "ML.10".
pub fn admin1_of(p: &Place) -> Option<String> {
    (!p.admin1_code.is_empty()).then(|| format!("{}.{}", p.country_code, p.admin1_code))
}

/// The table key of a place's admin2 division, "ML.10.1001".
pub fn admin2_of(p: &Place) -> Option<String> {
    (!p.admin1_code.is_empty() && !p.admin2_code.is_empty())
        .then(|| format!("{}.{}.{}", p.country_code, p.admin1_code, p.admin2_code))
}
