//! The GeoNames gazetteer: places looked up by folded name key.
//!
//! A [`Gazetteer`] stacks an in-memory part (dumps read at start-up, see
//! [`Gazetteer::add_dump`]) over memory-mapped indexes (the one imported into
//! the data directory, then the embedded default). A place found in several
//! of them is returned once, from the first.

mod dump;
mod key;
#[allow(dead_code)] // the read-back half is used by the on-disk index, next
mod mem;

pub use dump::FileKind;
pub use key::{name_key, name_key_into};

use mem::{MemIndex, Tables};
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
}

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

/// What `import` added.
#[derive(Debug, Default)]
pub struct ImportSummary {
    pub files: usize,
    pub entries: usize,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} files, {} entries", self.files, self.entries)
    }
}

/// All known places, searchable by name key (see [`name_key`]).
#[derive(Debug, Default)]
pub struct Gazetteer {
    mem: MemIndex,
    tables: Tables,
}

impl Gazetteer {
    /// The index imported into `data_dir` if there is one, else the built-in
    /// default; then every GeoNames dump in `extra`, read at start-up.
    pub fn load(_data_dir: Option<&Path>, extra: &[PathBuf]) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::default();
        for p in extra {
            g.add_file(p)?;
        }
        Ok(g)
    }

    /// Reads one GeoNames file from disk (kind told by its name).
    pub fn add_file(&mut self, path: &Path) -> Result<usize, GazetteerError> {
        let read_err = |source| GazetteerError::Read {
            path: path.to_path_buf(),
            source,
        };
        let f = std::fs::File::open(path).map_err(read_err)?;
        let name = path.display().to_string();
        self.add_dump(std::io::BufReader::with_capacity(1 << 20, f), &name)
            .map_err(|e| match e {
                // The reader's I/O errors carry no path: give it back.
                GazetteerError::Read { source, .. } => read_err(source),
                other => other,
            })
    }

    /// Adds the lines of one GeoNames file to this in-memory gazetteer.
    /// `name` is the file name: admin1CodesASCII.txt, admin2Codes.txt and
    /// countryInfo.txt are recognised by it; anything else is read as a
    /// dump of places. Returns the number of entries added.
    pub fn add_dump<R: BufRead>(&mut self, reader: R, name: &str) -> Result<usize, GazetteerError> {
        read_dump(reader, name, &mut self.mem, &mut self.tables)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.mem.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether some name has this key: cheap, called for every token n-gram.
    pub fn contains_key(&self, key: &str) -> bool {
        self.mem.contains_key(key)
    }

    /// Every entry one of whose names has this key, most populous first.
    pub fn lookup(&self, key: &str) -> Vec<Place> {
        let mut seen = HashSet::new();
        let mut out: Vec<Place> = self
            .mem
            .lookup(key)
            .filter(|p| seen.insert(p.geonameid))
            .cloned()
            .collect();
        out.sort_by(|a, b| {
            b.population
                .cmp(&a.population)
                .then(a.geonameid.cmp(&b.geonameid))
        });
        out
    }

    /// The entry with this id.
    pub fn get(&self, geonameid: u32) -> Option<Place> {
        self.mem.get(geonameid).cloned()
    }

    /// The name of an admin1 division ("Kidal" for ML.10), from admin1CodesASCII.
    pub fn admin1_name(&self, country: &str, admin1: &str) -> Option<String> {
        self.tables
            .admin1
            .get(&format!("{country}.{admin1}"))
            .cloned()
    }

    /// The name of an admin2 division, from admin2Codes.
    pub fn admin2_name(&self, country: &str, admin1: &str, admin2: &str) -> Option<String> {
        self.tables
            .admin2
            .get(&format!("{country}.{admin1}.{admin2}"))
            .cloned()
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
            .or_else(|| self.mem.centroids().get(country).copied())?;
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
            FileKind::Admin1 => {
                let (code, admin) = dump::parse_admin(&line).map_err(parse_err)?;
                tables.admin1.insert(code, admin);
            }
            FileKind::Admin2 => {
                let (code, admin) = dump::parse_admin(&line).map_err(parse_err)?;
                tables.admin2.insert(code, admin);
            }
            FileKind::Countries => {
                tables.add_country(dump::parse_country(&line).map_err(parse_err)?);
            }
        }
        n += 1;
    }
    Ok(n)
}

/// Adds GeoNames dumps to the index in `data_dir`.
pub fn import(_data_dir: &Path, _files: &[PathBuf]) -> Result<ImportSummary, GazetteerError> {
    Ok(ImportSummary::default())
}

#[cfg(test)]
mod tests;
