//! The GeoNames gazetteer: places looked up by folded name key.
//!
//! A [`Gazetteer`] stacks an in-memory part (dumps read at start-up, see
//! [`Gazetteer::add_dump`]) over memory-mapped indexes (the one imported into
//! the data directory, then the embedded default). A place found in several
//! of them is returned once, from the first. Below them all lie the
//! [`LearnedPlaces`]: villages GeoNames lacks that reports placed, offered
//! only for a name no GeoNames layer has (see [`learned`]).

mod dump;
mod index;
mod key;
pub mod learned;
mod mem;

pub use dump::FileKind;
pub use index::FORMAT_VERSION;
pub use key::{name_key, name_key_into, spelling_variants};
pub use learned::{LearnedError, LearnedPlace, LearnedPlaces, Lesson, LEARNED_FILE};

use index::{Bytes, DiskIndex};

use mem::{admin1_of, admin2_of, Division, MemIndex, Tables};
use std::collections::HashSet;
use std::fmt;
use std::io::BufRead;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("cannot read gazetteer file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file} line {line}: {message}; is it a GeoNames file?")]
    Parse {
        file: String,
        line: usize,
        message: String,
    },
    #[error("the gazetteer index {path} cannot be used ({reason}); run `sitrep gazetteer import` again with your GeoNames files (if it is damaged, delete it first)")]
    BadIndex { path: PathBuf, reason: String },
    #[error("cannot write the gazetteer index {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the built-in gazetteer is damaged or stale ({0}); rebuild it with scripts/build-gazetteer.sh")]
    BadEmbedded(String),
    #[error(transparent)]
    Learned(#[from] LearnedError),
}

/// File name of the imported index inside the data directory.
pub const INDEX_FILE: &str = "gazetteer.idx";

/// The default gazetteer built into the binary (GeoNames cities of 500+
/// people, see scripts/build-gazetteer.sh). Empty while it is being rebuilt.
static EMBEDDED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/gazetteer/default.idx"
));

/// One GeoNames entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub geonameid: u32,
    pub name: String,
    /// ISO 3166 alpha-2, e.g. "ML".
    pub country_code: String,
    /// GeoNames admin1 code, e.g. "08" (empty when unknown).
    pub admin1_code: String,
    /// GeoNames admin2 code (empty when unknown).
    pub admin2_code: String,
    pub latitude: f64,
    pub longitude: f64,
    /// GeoNames feature class: 'P' populated place, 'A' admin, 'H' water, 'T' relief...
    pub feature_class: char,
    /// GeoNames feature code, e.g. "PPL", "ADM1", "PCLI", "WAD".
    pub feature_code: String,
    pub population: u64,
}

/// An admin division: a region (admin1) or a cercle, province or
/// department (admin2, `admin2_code` not empty).
#[derive(Clone, Debug, PartialEq)]
pub struct AdminDivision {
    pub country_code: String,
    pub admin1_code: String,
    /// Empty for an admin1 division.
    pub admin2_code: String,
    pub name: String,
}

/// What `import` added.
#[derive(Debug, Default)]
pub struct ImportSummary {
    pub files: usize,
    /// Lines read from the files (places, admin divisions, countries).
    pub entries: usize,
    /// Places in the index after the import.
    pub places: usize,
    /// Distinct name keys in the index after the import.
    pub names: usize,
    /// Size of the index file.
    pub bytes: u64,
    pub index: PathBuf,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} files, {} entries read; {} now holds {} places under {} name keys ({:.1} MB)",
            self.files,
            self.entries,
            self.index.display(),
            self.places,
            self.names,
            self.bytes as f64 / 1e6
        )
    }
}

/// How many looked-up divisions the gazetteer remembers before starting over.
const MAX_REMEMBERED_DIVISIONS: usize = 200_000;

/// All known places, searchable by name key (see [`name_key`]).
#[derive(Debug, Default)]
pub struct Gazetteer {
    mem: MemIndex,
    /// The imported index, then the embedded default.
    disks: Vec<DiskIndex>,
    /// Admin and country tables of the in-memory layer, with the countries
    /// of every layer (the first layer winning).
    tables: Tables,
    /// Divisions already looked up, by level and code: resolution asks for
    /// the same few for every candidate place, and each look-up searches
    /// every layer's tables.
    divisions: std::sync::RwLock<std::collections::HashMap<(char, String), Option<Division>>>,
    /// Admin divisions by the name key of their name, built on first use.
    division_keys: std::sync::OnceLock<DivisionKeys>,
    /// Villages the reports taught, below every GeoNames layer.
    learned: LearnedPlaces,
}

/// Division codes ("NG.27", "ML.07.0701") by name key, and the seat of
/// each division (its PPLA or PPLA2, the most populous on a tie) by code.
#[derive(Debug, Default)]
struct DivisionKeys {
    by_key: std::collections::HashMap<String, Vec<(char, String)>>,
    seats: std::collections::HashMap<String, Place>,
}

impl Gazetteer {
    /// The index imported into `data_dir` if there is one, else the built-in
    /// default; then every GeoNames dump in `extra`, read at start-up; and
    /// the places learned into `data_dir` ([`LEARNED_FILE`]).
    pub fn load(data_dir: Option<&Path>, extra: &[PathBuf]) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::default();
        if let Some(dir) = data_dir {
            let path = dir.join(INDEX_FILE);
            if path.exists() {
                g.disks.push(open_index(&path, false)?);
            }
            g.learned = LearnedPlaces::load(&dir.join(LEARNED_FILE))?;
        }
        if let Some(d) = Gazetteer::embedded_index()? {
            g.disks.push(d);
        }
        for d in &g.disks {
            g.tables.merge_countries(&d.countries);
        }
        for p in extra {
            g.add_file(p)?;
        }
        Ok(g)
    }

    /// Only the default gazetteer built into the binary.
    pub fn embedded() -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::default();
        if let Some(d) = Gazetteer::embedded_index()? {
            g.tables.merge_countries(&d.countries);
            g.disks.push(d);
        }
        Ok(g)
    }

    fn embedded_index() -> Result<Option<DiskIndex>, GazetteerError> {
        if EMBEDDED.is_empty() {
            return Ok(None);
        }
        DiskIndex::open(Bytes::Static(EMBEDDED))
            .map(Some)
            .map_err(|e| GazetteerError::BadEmbedded(e.0))
    }

    /// Reads one GeoNames file from disk (kind told by its name).
    pub fn add_file(&mut self, path: &Path) -> Result<usize, GazetteerError> {
        self.forget_divisions();
        read_file(path, &mut self.mem, &mut self.tables)
    }

    /// Adds the lines of one GeoNames file to this in-memory gazetteer.
    /// `name` is the file name: admin1CodesASCII.txt, admin2Codes.txt and
    /// countryInfo.txt are recognised by it; anything else is read as a
    /// dump of places. Returns the number of entries added.
    pub fn add_dump<R: BufRead>(&mut self, reader: R, name: &str) -> Result<usize, GazetteerError> {
        self.forget_divisions();
        read_dump(reader, name, &mut self.mem, &mut self.tables)
    }

    /// Number of entries, summed over the layers (a place both imported and
    /// built in counts twice).
    pub fn len(&self) -> usize {
        self.mem.len() + self.disks.iter().map(DiskIndex::len).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether some name has this key: cheap, called for every token n-gram.
    pub fn contains_key(&self, key: &str) -> bool {
        self.contains_listed_key(key) || self.learned.contains_key(key)
    }

    /// Whether some GeoNames entry (not a learned place) has this key.
    pub fn contains_listed_key(&self, key: &str) -> bool {
        self.mem.contains_key(key) || self.disks.iter().any(|d| d.contains_key(key))
    }

    /// The villages learned from reports.
    pub fn learned(&self) -> &LearnedPlaces {
        &self.learned
    }

    /// Replaces the learned villages (read from elsewhere, or taught since
    /// the start).
    pub fn set_learned(&mut self, learned: LearnedPlaces) {
        self.learned = learned;
    }

    /// Every entry one of whose names has this key, most populous first;
    /// the learned places of the key only when no GeoNames entry has it,
    /// so a lesson never hides or beats GeoNames.
    pub fn lookup(&self, key: &str) -> Vec<Place> {
        if !self.contains_listed_key(key) {
            return self
                .learned
                .get(key)
                .iter()
                .map(LearnedPlace::place)
                .collect();
        }
        let mut seen = HashSet::new();
        let mut out: Vec<Place> = self
            .mem
            .lookup(key)
            .filter(|p| seen.insert(p.geonameid))
            .cloned()
            .collect();
        for d in &self.disks {
            out.extend(
                d.lookup(key)
                    .into_iter()
                    .filter(|p| seen.insert(p.geonameid)),
            );
        }
        out.sort_by(|a, b| {
            b.population
                .cmp(&a.population)
                .then(a.geonameid.cmp(&b.geonameid))
        });
        out
    }

    /// The entry with this id.
    pub fn get(&self, geonameid: u32) -> Option<Place> {
        if geonameid >= learned::LEARNED_ID_BASE {
            return self.learned.by_id(geonameid).map(LearnedPlace::place);
        }
        self.mem
            .get(geonameid)
            .cloned()
            .or_else(|| self.disks.iter().find_map(|d| d.get(geonameid)))
    }

    /// The name of an admin1 division ("Kidal" for ML.10), from admin1CodesASCII.
    pub fn admin1_name(&self, country: &str, admin1: &str) -> Option<String> {
        self.division('1', &format!("{country}.{admin1}"))
            .map(|d| d.name)
    }

    /// The name of an admin2 division, from admin2Codes.
    pub fn admin2_name(&self, country: &str, admin1: &str, admin2: &str) -> Option<String> {
        self.division('2', &format!("{country}.{admin1}.{admin2}"))
            .map(|d| d.name)
    }

    /// An admin1 division (region) as a place, for text that names only a
    /// region: its ADM1 entry when loaded (country dumps have them), else a
    /// point at the mean of its populated places, with the division's
    /// GeoNames id and name.
    pub fn admin1_place(&self, country: &str, admin1: &str) -> Option<Place> {
        self.division_place(country, admin1, "")
    }

    /// An admin2 division (cercle, province, department) as a place, as
    /// [`Gazetteer::admin1_place`] does for regions.
    pub fn admin2_place(&self, country: &str, admin1: &str, admin2: &str) -> Option<Place> {
        self.division_place(country, admin1, admin2)
    }

    /// Populated places (feature class P) of the given countries, from
    /// every layer, in index order, at most `limit` of them spread evenly
    /// over all that qualify: names to write test corpora with.
    pub fn populated_places(&self, countries: &[&str], limit: usize) -> Vec<Place> {
        let wanted =
            |p: &Place| p.feature_class == 'P' && countries.iter().any(|c| p.country_code == *c);
        let mut all: Vec<Place> = self
            .mem
            .places
            .iter()
            .filter(|p| wanted(p))
            .cloned()
            .collect();
        for disk in &self.disks {
            all.extend(
                (0..disk.len())
                    .filter_map(|i| disk.place(i))
                    .filter(|p| wanted(p)),
            );
        }
        let mut seen = std::collections::HashSet::new();
        all.retain(|p| seen.insert(p.geonameid));
        if limit == 0 || all.len() <= limit {
            return all;
        }
        let step = all.len() as f64 / limit as f64;
        (0..limit)
            .filter_map(|k| all.get((k as f64 * step) as usize).cloned())
            .collect()
    }

    /// Every admin1 and admin2 division known, for matching the names that
    /// texts give to regions ("région de Mopti", "Sourou province"). Table
    /// names carry their designators as GeoNames writes them ("Province du
    /// Soum", "Douentza Cercle").
    pub fn admin_divisions(&self) -> Vec<AdminDivision> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut push = |level: char, code: &str, name: &str| {
            if !seen.insert((level, code.to_string())) {
                return;
            }
            let mut parts = code.splitn(3, '.');
            let (Some(cc), Some(a1)) = (parts.next(), parts.next()) else {
                return;
            };
            out.push(AdminDivision {
                country_code: cc.to_string(),
                admin1_code: a1.to_string(),
                admin2_code: parts.next().unwrap_or("").to_string(),
                name: name.to_string(),
            });
        };
        for (level, table) in [('1', &self.tables.admin1), ('2', &self.tables.admin2)] {
            for (code, d) in table {
                push(level, code, &d.name);
            }
        }
        for disk in &self.disks {
            for (level, code, name) in disk.divisions() {
                push(level, code, name);
            }
        }
        out
    }

    fn forget_divisions(&mut self) {
        if let Ok(m) = self.divisions.get_mut() {
            m.clear();
        }
        self.division_keys = std::sync::OnceLock::new();
    }

    /// The admin divisions whose table name has this key, as places (see
    /// [`Gazetteer::admin1_place`]) at the point of their seat when the
    /// gazetteer knows it: "Borno" gives the Nigerian state at Maiduguri,
    /// "Lac" the Chadian province at Bol, whether or not a dump lists their
    /// ADM entries.
    /// `levels` says which: '1' regions, '2' provinces, cercles, LGAs.
    pub fn divisions_named(&self, key: &str, levels: &[char]) -> Vec<Place> {
        let keys = self.division_keys();
        let Some(codes) = keys.by_key.get(key) else {
            return Vec::new();
        };
        codes
            .iter()
            .filter(|(level, _)| levels.contains(level))
            .filter_map(|(_, code)| {
                let mut parts = code.splitn(3, '.');
                let cc = parts.next()?;
                let a1 = parts.next()?;
                let a2 = parts.next().unwrap_or("");
                let mut d = self.division_place(cc, a1, a2)?;
                // A division alone is coded at its seat, as ACLED does.
                if let Some(seat) = keys.seats.get(code) {
                    d.latitude = seat.latitude;
                    d.longitude = seat.longitude;
                }
                Some(d)
            })
            .collect()
    }

    /// The level ('1' or '2') and code ("NG.27", "ML.07.0701") of every
    /// admin division whose name has this key: cheap, with no point worked
    /// out (see [`Gazetteer::divisions_named`] for the places).
    pub fn division_codes_named(&self, key: &str) -> &[(char, String)] {
        self.division_keys()
            .by_key
            .get(key)
            .map_or(&[], Vec::as_slice)
    }

    /// Admin divisions by name key and their seats, built on first use.
    fn division_keys(&self) -> &DivisionKeys {
        self.division_keys.get_or_init(|| {
            let mut m = DivisionKeys::default();
            self.for_each_place_coded(&["PPLC", "PPLA", "PPLA2"], |p| {
                let code = match p.feature_code.as_str() {
                    "PPLC" | "PPLA" => admin1_of(p),
                    "PPLA2" => admin2_of(p),
                    _ => None,
                };
                if let Some(code) = code {
                    let better = m.seats.get(&code).is_none_or(|s| {
                        (s.feature_code != "PPLC" && p.feature_code == "PPLC")
                            || (s.feature_code == p.feature_code && p.population > s.population)
                    });
                    if better {
                        m.seats.insert(code, p.clone());
                    }
                }
            });
            for d in self.admin_divisions() {
                let (level, code) = if d.admin2_code.is_empty() {
                    ('1', format!("{}.{}", d.country_code, d.admin1_code))
                } else {
                    (
                        '2',
                        format!("{}.{}.{}", d.country_code, d.admin1_code, d.admin2_code),
                    )
                };
                let k = name_key(&d.name);
                if !k.is_empty() {
                    m.by_key.entry(k).or_default().push((level, code));
                }
            }
            for v in m.by_key.values_mut() {
                v.sort();
                v.dedup();
            }
            m
        })
    }

    /// Whether a division of one of these levels ('1' region, '2'
    /// province) has this name key: cheap after the first call.
    pub fn has_division_named(&self, key: &str, levels: &[char]) -> bool {
        // Built by divisions_named on first use.
        if self.division_keys.get().is_none() {
            let _ = self.divisions_named("", levels);
        }
        self.division_keys
            .get()
            .and_then(|k| k.by_key.get(key))
            .is_some_and(|codes| codes.iter().any(|(level, _)| levels.contains(level)))
    }

    /// Calls `f` with every entry of every layer whose feature code is one
    /// of `codes` (an entry in two layers twice). The other entries of an
    /// index file are passed over without being decoded: this runs over
    /// the whole gazetteer.
    fn for_each_place_coded(&self, codes: &[&str], mut f: impl FnMut(&Place)) {
        for p in &self.mem.places {
            if codes.contains(&p.feature_code.as_str()) {
                f(p);
            }
        }
        for d in &self.disks {
            for i in 0..d.len() {
                if !d.feature_code(i).is_some_and(|c| codes.contains(&c)) {
                    continue;
                }
                if let Some(p) = d.place(i) {
                    f(&p);
                }
            }
        }
    }

    /// [`Gazetteer::division_uncached`], remembered.
    fn division(&self, level: char, code: &str) -> Option<Division> {
        let key = (level, code.to_string());
        if let Some(d) = self
            .divisions
            .read()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return d;
        }
        let d = self.division_uncached(level, code);
        if let Ok(mut m) = self.divisions.write() {
            // Admin codes are finite; the bound only guards odd input.
            if m.len() > MAX_REMEMBERED_DIVISIONS {
                m.clear();
            }
            m.insert(key, d.clone());
        }
        d
    }

    /// A division from the first layer that has it, completed from the
    /// others (an imported admin file has ids, the built-in one centroids).
    fn division_uncached(&self, level: char, code: &str) -> Option<Division> {
        let table = if level == '1' {
            &self.tables.admin1
        } else {
            &self.tables.admin2
        };
        let mut found = table.get(code).cloned();
        for d in &self.disks {
            if found
                .as_ref()
                .is_some_and(|f| f.geonameid != 0 && f.centroid.is_some())
            {
                break;
            }
            if let Some(other) = d.division(level, code) {
                let f = found.get_or_insert_with(|| other.clone());
                if f.geonameid == 0 {
                    f.geonameid = other.geonameid;
                }
                if f.centroid.is_none() {
                    f.centroid = other.centroid;
                }
            }
        }
        found
    }

    fn division_place(&self, country: &str, admin1: &str, admin2: &str) -> Option<Place> {
        let (level, code) = if admin2.is_empty() {
            ('1', format!("{country}.{admin1}"))
        } else {
            ('2', format!("{country}.{admin1}.{admin2}"))
        };
        let d = self.division(level, &code)?;
        if d.geonameid != 0 {
            if let Some(p) = self.get(d.geonameid) {
                return Some(p);
            }
        }
        let (lat, lon) = d.centroid.or_else(|| {
            let group = if level == '1' { admin1_of } else { admin2_of };
            self.mem.centroids(group).get(&code).copied()
        })?;
        Some(Place {
            geonameid: d.geonameid,
            name: d.name,
            country_code: country.to_string(),
            admin1_code: admin1.to_string(),
            admin2_code: admin2.to_string(),
            latitude: lat,
            longitude: lon,
            feature_class: 'A',
            feature_code: if level == '1' { "ADM1" } else { "ADM2" }.to_string(),
            population: 0,
        })
    }

    /// The country as a place, named as in countryInfo: its PCLI entry when
    /// loaded, else its capital, else a point at the mean of its populated
    /// places.
    pub fn country(&self, country: &str) -> Option<Place> {
        let info = self.tables.countries.get(country);
        let name = info.map(|c| c.name.clone()).filter(|n| !n.is_empty());
        if let Some(mut p) = info
            .filter(|c| c.geonameid != 0)
            .and_then(|c| self.get(c.geonameid))
        {
            if let Some(n) = name {
                p.name = n;
            }
            return Some(p);
        }
        let (lat, lon) = info
            .filter(|c| !c.capital.is_empty())
            .and_then(|c| {
                self.lookup(&name_key(&c.capital))
                    .into_iter()
                    .find(|p| p.country_code == country && p.feature_class == 'P')
            })
            .map(|p| (p.latitude, p.longitude))
            .or_else(|| info.and_then(|c| c.centroid))
            .or_else(|| {
                self.mem
                    .centroids(|p| Some(p.country_code.clone()))
                    .get(country)
                    .copied()
            })?;
        Some(Place {
            geonameid: info.map_or(0, |c| c.geonameid),
            name: name.unwrap_or_else(|| country.to_string()),
            country_code: country.to_string(),
            admin1_code: String::new(),
            admin2_code: String::new(),
            latitude: lat,
            longitude: lon,
            feature_class: 'A',
            feature_code: "PCLI".to_string(),
            population: 0,
        })
    }
}

fn read_file(
    path: &Path,
    mem: &mut MemIndex,
    tables: &mut Tables,
) -> Result<usize, GazetteerError> {
    let read_err = |source| GazetteerError::Read {
        path: path.to_path_buf(),
        source,
    };
    let f = std::fs::File::open(path).map_err(read_err)?;
    let name = path.display().to_string();
    read_dump(
        std::io::BufReader::with_capacity(1 << 20, f),
        &name,
        mem,
        tables,
    )
    .map_err(|e| {
        match e {
            // The reader's I/O errors carry no path: give it back.
            GazetteerError::Read { source, .. } => read_err(source),
            other => other,
        }
    })
}

/// Reads a GeoNames file into `mem` and `tables`; the kind is told by `name`.
fn read_dump<R: BufRead>(
    mut reader: R,
    name: &str,
    mem: &mut MemIndex,
    tables: &mut Tables,
) -> Result<usize, GazetteerError> {
    let kind = FileKind::of(name);
    let mut line = String::new();
    let mut n = 0usize;
    let mut lineno = 0usize;
    loop {
        line.clear();
        let read = reader
            .read_line(&mut line)
            .map_err(|source| GazetteerError::Read {
                path: PathBuf::from(name),
                source,
            })?;
        if read == 0 {
            break;
        }
        lineno += 1;
        if dump::is_blank(&line) {
            continue;
        }
        let parse_err = |message: String| GazetteerError::Parse {
            file: name.to_string(),
            line: lineno,
            message,
        };
        match kind {
            FileKind::Places => {
                let row = dump::parse_place(&line).map_err(parse_err)?;
                if row.place.feature_code.starts_with("PCL") {
                    let c = tables
                        .countries
                        .entry(row.place.country_code.clone())
                        .or_default();
                    c.code = row.place.country_code.clone();
                    if c.name.is_empty() {
                        c.name = row.place.name.clone();
                    }
                    if c.geonameid == 0 {
                        c.geonameid = row.place.geonameid;
                    }
                }
                mem.add(row);
            }
            FileKind::Admin1 | FileKind::Admin2 => {
                let (code, name, geonameid) = dump::parse_admin(&line).map_err(parse_err)?;
                let table = if kind == FileKind::Admin1 {
                    &mut tables.admin1
                } else {
                    &mut tables.admin2
                };
                let d = table.entry(code).or_default();
                d.name = name;
                d.geonameid = geonameid;
            }
            FileKind::Countries => {
                tables.add_country(dump::parse_country(&line).map_err(parse_err)?);
            }
        }
        n += 1;
    }
    Ok(n)
}

fn open_index(path: &Path, upgrading: bool) -> Result<DiskIndex, GazetteerError> {
    let read_err = |source| GazetteerError::Read {
        path: path.to_path_buf(),
        source,
    };
    let f = std::fs::File::open(path).map_err(read_err)?;
    // SAFETY: the index is only ever replaced by rename (see `import`),
    // never written in place, so the mapped bytes do not change under us.
    let map = unsafe { memmap2::Mmap::map(&f) }.map_err(read_err)?;
    let open = if upgrading {
        DiskIndex::open_older
    } else {
        DiskIndex::open
    };
    open(Bytes::Mapped(map)).map_err(|e| GazetteerError::BadIndex {
        path: path.to_path_buf(),
        reason: e.0,
    })
}

/// Adds GeoNames dumps to the index in `data_dir` (created if needed):
/// places already there stay, a place given again is replaced.
pub fn import(data_dir: &Path, files: &[PathBuf]) -> Result<ImportSummary, GazetteerError> {
    let path = data_dir.join(INDEX_FILE);
    let mut mem = MemIndex::default();
    let mut tables = Tables::default();
    if path.exists() {
        // An index written before checksums is read to be upgraded.
        open_index(&path, true)?
            .read_into(&mut mem, &mut tables)
            .map_err(|e| GazetteerError::BadIndex {
                path: path.clone(),
                reason: e.0,
            })?;
    }
    let mut entries = 0;
    for f in files {
        entries += read_file(f, &mut mem, &mut tables)?;
    }
    for (cc, c) in mem.centroids(|p| Some(p.country_code.clone())) {
        let country = tables.countries.entry(cc.clone()).or_default();
        country.code = cc;
        country.centroid = Some(c);
    }
    // Divisions without a name in the tables stay out: nothing could name them.
    for (code, c) in mem.centroids(admin1_of) {
        if let Some(d) = tables.admin1.get_mut(&code) {
            d.centroid = Some(c);
        }
    }
    for (code, c) in mem.centroids(admin2_of) {
        if let Some(d) = tables.admin2.get_mut(&code) {
            d.centroid = Some(c);
        }
    }
    let bytes = index::write(&mem, &tables).map_err(|e| GazetteerError::BadIndex {
        path: path.clone(),
        reason: e.0,
    })?;
    let write_err = |source| GazetteerError::Write {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(data_dir).map_err(write_err)?;
    // Written aside then renamed: a running sitrep that has the old index
    // mapped keeps reading the old file, and a failed import leaves it whole.
    let tmp = data_dir.join(format!("{INDEX_FILE}.tmp"));
    std::fs::write(&tmp, &bytes).map_err(write_err)?;
    std::fs::rename(&tmp, &path).map_err(write_err)?;
    Ok(ImportSummary {
        files: files.len(),
        entries,
        places: mem.len(),
        names: mem.keys.len(),
        bytes: bytes.len() as u64,
        index: path,
    })
}

#[cfg(test)]
mod tests;
