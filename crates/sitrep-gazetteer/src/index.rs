//! The on-disk index: one file, memory-mapped, so that loading costs
//! nothing but reading the country table; admin names are found by binary
//! search in their sorted text section.
//!
//! Layout (integers little-endian):
//!
//! ```text
//! header   "SITREPGZ", format version (u32), 5 sections as (offset u64, length u64):
//! records  fixed RECORD bytes per place, sorted by geonameid:
//!          id u32, lat i32 (1e-6 deg), lon i32, population u64, strings offset u32,
//!          country code [u8; 2], feature class u8, padding u8
//! strings  per place: name (u16 length + bytes), then admin1, admin2 and
//!          feature code (u8 length + bytes each)
//! postings for keys naming several places: count u32, record indices u32...
//! fst      name key → record index | SINGLE, or offset (in u32) into postings
//! tables   sorted text lines: admin divisions "1\tML.10\tKidal\tgeonameid\tlat\tlon",
//!          "2\tML.10.1001\tName\t...", countries "C\tML\tMali\tBamako\tgeonameid\tlat\tlon"
//!          (lat/lon: mean of the populated places, empty when none)
//! trailer  CRC-32 (IEEE) of every byte before it, u32
//! ```
//!
//! The checksum is verified at every load (about 3 ms for a 27 MB index):
//! a slightly damaged copy would otherwise load and give wrong places
//! without a word. Format 2, the same without the trailer, is read only
//! for the index built into the binary.

use crate::mem::{Country, Division, MemIndex, Tables};
use crate::Place;
use fst::{Map, MapBuilder, Streamer};
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"SITREPGZ";
/// Bump on any change of the layout above.
pub const FORMAT_VERSION: u32 = 3;
/// The layout without the checksum trailer, still read for the built-in index.
const UNCHECKED_VERSION: u32 = 2;
const TRAILER: usize = 4;
const SECTIONS: usize = 5;
const HEADER: usize = 8 + 4 + SECTIONS * 16;
const RECORD: usize = 28;
/// Marks an fst value that is itself the record index (one place per key,
/// the common case), so that most keys need no posting list.
const SINGLE: u64 = 1 << 63;
const COORD_SCALE: f64 = 1e6;

/// Why an index cannot be used: the caller adds the file name and the fix.
#[derive(Debug)]
pub struct FormatError(pub String);

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn bad(msg: impl Into<String>) -> FormatError {
    FormatError(msg.into())
}

/// The bytes of an index: memory-mapped from the data directory, or
/// embedded in the binary.
pub enum Bytes {
    Mapped(memmap2::Mmap),
    Static(&'static [u8]),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Static(s) => s,
        }
    }
}

/// A window on shared bytes, so the fst can own its section of the file.
#[derive(Clone)]
struct Window {
    bytes: Arc<Bytes>,
    range: Range<usize>,
}

impl AsRef<[u8]> for Window {
    fn as_ref(&self) -> &[u8] {
        &self.bytes.as_ref().as_ref()[self.range.clone()]
    }
}

/// An index opened for look-ups.
pub struct DiskIndex {
    bytes: Arc<Bytes>,
    records: Range<usize>,
    strings: Range<usize>,
    postings: Range<usize>,
    fst: Map<Window>,
    tables: Range<usize>,
    pub countries: HashMap<String, Country>,
}

impl fmt::Debug for DiskIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DiskIndex")
            .field("places", &self.len())
            .field("keys", &self.fst.len())
            .finish()
    }
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

impl DiskIndex {
    pub fn open(bytes: Bytes) -> Result<DiskIndex, FormatError> {
        let built_in = matches!(bytes, Bytes::Static(_));
        Self::open_checked(bytes, built_in)
    }

    /// [`DiskIndex::open`], also reading an index written before checksums
    /// (format 2): `import` reads the old index once, to write it anew.
    pub fn open_older(bytes: Bytes) -> Result<DiskIndex, FormatError> {
        Self::open_checked(bytes, true)
    }

    fn open_checked(bytes: Bytes, accept_unchecked: bool) -> Result<DiskIndex, FormatError> {
        let b = bytes.as_ref();
        if b.len() < HEADER || &b[..8] != MAGIC {
            return Err(bad("not a sitrep gazetteer index"));
        }
        let version = u32_at(b, 8).unwrap_or(0);
        let end = if version == FORMAT_VERSION {
            let body = b.len().checked_sub(TRAILER).filter(|&n| n >= HEADER);
            let Some(body) = body else {
                return Err(bad("truncated file (no checksum)"));
            };
            let stored = u32_at(b, body).unwrap_or(0);
            if crc32fast::hash(&b[..body]) != stored {
                return Err(bad("damaged file (its checksum does not match)"));
            }
            body
        } else if version == UNCHECKED_VERSION && accept_unchecked {
            b.len()
        } else {
            return Err(bad(format!(
                "index format {version}, this sitrep reads format {FORMAT_VERSION}"
            )));
        };
        let mut sections = [0..0, 0..0, 0..0, 0..0, 0..0];
        for (i, s) in sections.iter_mut().enumerate() {
            let at = 12 + i * 16;
            let (off, len) = (u64_at(b, at), u64_at(b, at + 8));
            let (Some(off), Some(len)) = (off, len) else {
                return Err(bad("truncated header"));
            };
            let (off, len) = (off as usize, len as usize);
            if off.checked_add(len).is_none_or(|stop| stop > end) {
                return Err(bad("truncated file (a section runs past its end)"));
            }
            *s = off..off + len;
        }
        let [records, strings, postings, fst_range, tables] = sections;
        if records.len() % RECORD != 0 || postings.len() % 4 != 0 {
            return Err(bad("damaged record or posting section"));
        }
        let tables_text = std::str::from_utf8(&b[tables.clone()])
            .map_err(|_| bad("damaged tables section (not UTF-8)"))?;
        // Countries sort last ('C' after '1' and '2').
        let first_country = tables_text.find("\nC\t").map_or(0, |i| i + 1);
        let countries = parse_tables(&tables_text[first_country..])?.countries;
        let bytes = Arc::new(bytes);
        let fst = Map::new(Window {
            bytes: bytes.clone(),
            range: fst_range,
        })
        .map_err(|e| bad(format!("damaged name index: {e}")))?;
        // fst checks only the ends of its bytes and panics on a damaged
        // inside (issue 19). The file's checksum catches damage; fst's own
        // checksum also refuses an index made wrong on purpose with a right
        // file checksum (and one from before file checksums). The built-in
        // one is part of the binary.
        if matches!(*bytes, Bytes::Mapped(_)) {
            fst.as_fst()
                .verify()
                .map_err(|e| bad(format!("damaged name index: {e}")))?;
        }
        Ok(DiskIndex {
            bytes,
            records,
            strings,
            postings,
            fst,
            tables,
            countries,
        })
    }

    /// An admin division: `level` '1' for "ML.10", '2' for "ML.10.1001".
    /// A binary search over the sorted lines, so that no table is read at
    /// load.
    pub fn division(&self, level: char, code: &str) -> Option<Division> {
        let text = &self.data()[self.tables.clone()];
        let mut prefix = String::with_capacity(code.len() + 4);
        prefix.push(level);
        prefix.push('\t');
        prefix.push_str(code);
        // Tab sorts before every character of a code, so "ML.1\t" comes
        // before "ML.10\t": the first line not below the prefix is the one.
        prefix.push('\t');
        let line = first_line_not_below(text, prefix.as_bytes())?;
        let rest = std::str::from_utf8(line.strip_prefix(prefix.as_bytes())?).ok()?;
        Some(parse_division(rest))
    }

    /// Every admin division, as (level, code, name).
    pub fn divisions(&self) -> impl Iterator<Item = (char, &str, &str)> {
        let text = std::str::from_utf8(&self.data()[self.tables.clone()]).unwrap_or("");
        text.lines().filter_map(|l| {
            let mut cols = l.split('\t');
            let level = match cols.next()? {
                "1" => '1',
                "2" => '2',
                _ => return None,
            };
            Some((level, cols.next()?, cols.next()?))
        })
    }

    fn data(&self) -> &[u8] {
        self.bytes.as_ref().as_ref()
    }

    pub fn len(&self) -> usize {
        self.records.len() / RECORD
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.fst.contains_key(key)
    }

    /// Record indices of the places named by `key`.
    fn postings(&self, value: u64) -> Vec<u32> {
        if value & SINGLE != 0 {
            return vec![(value & !SINGLE) as u32];
        }
        let p = &self.data()[self.postings.clone()];
        let at = value as usize * 4;
        let Some(n) = u32_at(p, at) else {
            return Vec::new();
        };
        (0..n as usize)
            .map_while(|i| u32_at(p, at + 4 + i * 4))
            .collect()
    }

    pub fn lookup(&self, key: &str) -> Vec<Place> {
        match self.fst.get(key) {
            Some(v) => self
                .postings(v)
                .into_iter()
                .filter_map(|i| self.place(i as usize))
                .collect(),
            None => Vec::new(),
        }
    }

    fn id_at(&self, i: usize) -> Option<u32> {
        u32_at(self.data(), self.records.start + i * RECORD)
    }

    pub fn get(&self, id: u32) -> Option<Place> {
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let m = self.id_at(mid)?;
            match m.cmp(&id) {
                std::cmp::Ordering::Equal => return self.place(mid),
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        None
    }

    /// Record `i` and its strings (name, admin1, admin2, feature code),
    /// borrowed from the file; `None` when the file is damaged there.
    fn record(&self, i: usize) -> Option<(&[u8], [&str; 4])> {
        let b = self.data();
        let r = b.get(self.records.start + i * RECORD..self.records.start + (i + 1) * RECORD)?;
        let s = &b[self.strings.clone()];
        let mut at = u32_at(r, 20)? as usize;
        let name_len = u16::from_le_bytes(s.get(at..at + 2)?.try_into().ok()?) as usize;
        at += 2;
        let name = std::str::from_utf8(s.get(at..at + name_len)?).ok()?;
        at += name_len;
        let mut short = || -> Option<&str> {
            let n = *s.get(at)? as usize;
            let v = std::str::from_utf8(s.get(at + 1..at + 1 + n)?).ok()?;
            at += 1 + n;
            Some(v)
        };
        let admin1 = short()?;
        let admin2 = short()?;
        let code = short()?;
        Some((r, [name, admin1, admin2, code]))
    }

    /// The GeoNames feature code of record `i`, read without decoding the
    /// rest of the place.
    pub fn feature_code(&self, i: usize) -> Option<&str> {
        self.record(i).map(|(_, [.., code])| code)
    }

    /// Decodes record `i`; `None` when the file is damaged there.
    pub fn place(&self, i: usize) -> Option<Place> {
        let (r, [name, admin1, admin2, code]) = self.record(i)?;
        Some(Place {
            geonameid: u32_at(r, 0)?,
            name: name.to_string(),
            country_code: std::str::from_utf8(&r[24..26])
                .ok()?
                .trim_end_matches('\0')
                .to_string(),
            admin1_code: admin1.to_string(),
            admin2_code: admin2.to_string(),
            latitude: u32_at(r, 4)? as i32 as f64 / COORD_SCALE,
            longitude: u32_at(r, 8)? as i32 as f64 / COORD_SCALE,
            feature_class: r[26] as char,
            feature_code: code.to_string(),
            population: u64_at(r, 12)?,
        })
    }

    /// Reads every place and key back into a builder, so that `import`
    /// adds to an existing index instead of replacing it.
    pub fn read_into(&self, mem: &mut MemIndex, tables: &mut Tables) -> Result<(), FormatError> {
        let mut map = Vec::with_capacity(self.len());
        for i in 0..self.len() {
            let p = self
                .place(i)
                .ok_or_else(|| bad(format!("damaged record {i}")))?;
            map.push(mem.push_place(p));
        }
        let mut stream = self.fst.stream();
        while let Some((key, v)) = stream.next() {
            let key = std::str::from_utf8(key).map_err(|_| bad("damaged name key"))?;
            for i in self.postings(v) {
                let idx = *map
                    .get(i as usize)
                    .ok_or_else(|| bad("posting past the last record"))?;
                mem.add_raw_key(key, idx);
            }
        }
        let text = std::str::from_utf8(&self.data()[self.tables.clone()])
            .map_err(|_| bad("damaged tables section (not UTF-8)"))?;
        tables.merge_missing(&parse_tables(text)?);
        Ok(())
    }
}

/// Serialises `mem` and `tables` in the layout above.
pub fn write(mem: &MemIndex, tables: &Tables) -> Result<Vec<u8>, FormatError> {
    // Records sorted by geonameid, for `get`'s binary search.
    let mut order: Vec<u32> = (0..mem.places.len() as u32).collect();
    order.sort_by_key(|&i| mem.places[i as usize].geonameid);
    let mut rank = vec![0u32; mem.places.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }

    let mut records = Vec::with_capacity(order.len() * RECORD);
    let mut strings = Vec::new();
    for &i in &order {
        let p = &mem.places[i as usize];
        let str_off =
            u32::try_from(strings.len()).map_err(|_| bad("too many names for one index"))?;
        let name = truncate(&p.name, u16::MAX as usize);
        strings.extend_from_slice(&(name.len() as u16).to_le_bytes());
        strings.extend_from_slice(name.as_bytes());
        for short in [&p.admin1_code, &p.admin2_code, &p.feature_code] {
            let s = truncate(short, u8::MAX as usize);
            strings.push(s.len() as u8);
            strings.extend_from_slice(s.as_bytes());
        }
        records.extend_from_slice(&p.geonameid.to_le_bytes());
        records.extend_from_slice(&scale(p.latitude).to_le_bytes());
        records.extend_from_slice(&scale(p.longitude).to_le_bytes());
        records.extend_from_slice(&p.population.to_le_bytes());
        records.extend_from_slice(&str_off.to_le_bytes());
        let mut cc = [0u8; 2];
        for (d, s) in cc.iter_mut().zip(p.country_code.bytes()) {
            *d = s;
        }
        records.extend_from_slice(&cc);
        records.push(if p.feature_class.is_ascii() {
            p.feature_class as u8
        } else {
            b' '
        });
        records.push(0);
    }

    let mut keys: Vec<(&String, &Vec<u32>)> = mem.keys.iter().collect();
    keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut postings: Vec<u8> = Vec::new();
    let mut fst = MapBuilder::memory();
    for (key, idxs) in keys {
        let value = if let [one] = idxs.as_slice() {
            rank[*one as usize] as u64 | SINGLE
        } else {
            let at = (postings.len() / 4) as u64;
            postings.extend_from_slice(&(idxs.len() as u32).to_le_bytes());
            for &i in idxs {
                postings.extend_from_slice(&rank[i as usize].to_le_bytes());
            }
            at
        };
        fst.insert(key, value)
            .map_err(|e| bad(format!("cannot index the name key '{key}': {e}")))?;
    }
    let fst = fst
        .into_inner()
        .map_err(|e| bad(format!("cannot build the name index: {e}")))?;
    let tables = tables_text(tables);

    let sections: [&[u8]; SECTIONS] = [&records, &strings, &postings, &fst, tables.as_bytes()];
    let mut out = Vec::with_capacity(HEADER + sections.iter().map(|s| s.len()).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    let mut off = HEADER as u64;
    for s in &sections {
        out.extend_from_slice(&off.to_le_bytes());
        out.extend_from_slice(&(s.len() as u64).to_le_bytes());
        off += s.len() as u64;
    }
    for s in sections {
        out.extend_from_slice(s);
    }
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    Ok(out)
}

/// In `text`, sorted lines joined by '\n', the first line that is not
/// below `prefix` in byte order.
fn first_line_not_below<'a>(text: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    // `lo` and `hi` are line starts; lines before `lo` are below the prefix,
    // lines from `hi` on are not.
    let (mut lo, mut hi) = (0usize, text.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = text[lo..mid]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let end = text[start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(text.len(), |i| start + i);
        if &text[start..end] < prefix {
            lo = end + 1;
        } else {
            hi = start;
        }
    }
    let rest = text.get(lo..)?;
    let end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

fn scale(deg: f64) -> i32 {
    (deg * COORD_SCALE).round() as i32
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Tabs and newlines cannot occur in GeoNames fields, but an odd file must
/// not break the table layout.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn point_text(p: Option<(f64, f64)>) -> (String, String) {
    p.map(|(a, o)| (format!("{a:.5}"), format!("{o:.5}")))
        .unwrap_or_default()
}

fn point_parse(lat: &str, lon: &str) -> Option<(f64, f64)> {
    Some((lat.parse().ok()?, lon.parse().ok()?))
}

/// "name\tgeonameid\tlat\tlon" → division (lenient: a damaged line gives
/// what it can).
fn parse_division(rest: &str) -> Division {
    let mut cols = rest.split('\t');
    let name = cols.next().unwrap_or("").to_string();
    let geonameid = cols.next().and_then(|c| c.parse().ok()).unwrap_or(0);
    let centroid = match (cols.next(), cols.next()) {
        (Some(a), Some(o)) => point_parse(a, o),
        _ => None,
    };
    Division {
        name,
        geonameid,
        centroid,
    }
}

fn tables_text(t: &Tables) -> String {
    let mut lines: Vec<String> = Vec::new();
    for (level, table) in [('1', &t.admin1), ('2', &t.admin2)] {
        for (k, d) in table {
            let (lat, lon) = point_text(d.centroid);
            lines.push(format!(
                "{level}\t{}\t{}\t{}\t{lat}\t{lon}",
                clean(k),
                clean(&d.name),
                d.geonameid
            ));
        }
    }
    for c in t.countries.values() {
        let (lat, lon) = point_text(c.centroid);
        lines.push(format!(
            "C\t{}\t{}\t{}\t{}\t{lat}\t{lon}",
            clean(&c.code),
            clean(&c.name),
            clean(&c.capital),
            c.geonameid
        ));
    }
    // Sorted so that the same input gives the same bytes.
    lines.sort_unstable();
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

fn parse_tables(text: &str) -> Result<Tables, FormatError> {
    let mut t = Tables::default();
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        match cols.as_slice() {
            [] | [""] => {}
            ["1", k, rest @ ..] if rest.len() == 4 => {
                t.admin1
                    .insert(k.to_string(), parse_division(&rest.join("\t")));
            }
            ["2", k, rest @ ..] if rest.len() == 4 => {
                t.admin2
                    .insert(k.to_string(), parse_division(&rest.join("\t")));
            }
            ["C", code, name, capital, id, lat, lon] => {
                let centroid = point_parse(lat, lon);
                t.countries.insert(
                    code.to_string(),
                    Country {
                        code: code.to_string(),
                        name: name.to_string(),
                        capital: capital.to_string(),
                        geonameid: id.parse().unwrap_or(0),
                        centroid,
                    },
                );
            }
            _ => return Err(bad(format!("damaged tables section, line {}", n + 1))),
        }
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::first_line_not_below;

    #[test]
    fn binary_search_over_sorted_lines() {
        let text = b"1\tML.1\tA\n1\tML.10\tB\n1\tML.2\tC\n2\tML.1.5\tD\nC\tML\tMali";
        let find = |p: &str| first_line_not_below(text, p.as_bytes());
        assert_eq!(find("1\tML.1\t"), Some(&b"1\tML.1\tA"[..]));
        assert_eq!(find("1\tML.10\t"), Some(&b"1\tML.10\tB"[..]));
        assert_eq!(find("1\tML.2\t"), Some(&b"1\tML.2\tC"[..]));
        assert_eq!(find("2\tML.1.5\t"), Some(&b"2\tML.1.5\tD"[..]));
        assert_eq!(find("1\tML.15\t"), Some(&b"1\tML.2\tC"[..]));
        assert_eq!(find("D"), None);
        assert_eq!(find(""), Some(&b"1\tML.1\tA"[..]));
        assert_eq!(first_line_not_below(b"", b"x"), None);
    }
}
