//! `sitrep incidents`: list the incidents of a database, filtered, in one
//! of the export formats. Incidents are read a page at a time, so a large
//! database is never loaded whole.

use crate::export::{self, AcledWriter, GeoJsonWriter};
use sitrep_core::{Incident, IncidentQuery};
use sitrep_store::Store;
use std::io::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    AcledCsv,
    GeoJson,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "jsonl" => Ok(Format::Jsonl),
            "acled-csv" => Ok(Format::AcledCsv),
            "geojson" => Ok(Format::GeoJson),
            other => Err(format!(
                "unknown format '{other}': use table, json, jsonl, acled-csv or geojson"
            )),
        }
    }
}

const PAGE: usize = 500;

/// Read commands open a database that `ingest` wrote; they never make one,
/// not even of an empty file. A PostgreSQL database is checked when
/// connecting.
pub fn existing_db(db: &sitrep_store::DbTarget) -> anyhow::Result<()> {
    let sitrep_store::DbTarget::File(db) = db else {
        return Ok(());
    };
    let hint = format!(
        "store documents first with `sitrep ingest PATH --db {}`",
        db.display()
    );
    match std::fs::metadata(db) {
        Err(_) => anyhow::bail!("{}: no such database; {hint}", db.display()),
        Ok(m) if m.is_file() && m.len() == 0 => {
            anyhow::bail!(
                "{}: empty file, not a sitrep database; {hint}",
                db.display()
            )
        }
        Ok(_) => Ok(()),
    }
}

/// Calls `f` on every incident matching `query` (its own offset and limit
/// apply), a page at a time; returns how many there were.
pub fn for_each(
    store: &Store,
    query: &IncidentQuery,
    mut f: impl FnMut(&Incident) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let mut seen = 0usize;
    loop {
        let remaining = query.limit.map(|l| l.saturating_sub(seen));
        if remaining == Some(0) {
            break;
        }
        let page = store.incidents(&IncidentQuery {
            offset: query.offset + seen,
            limit: Some(remaining.map_or(PAGE, |r| r.min(PAGE))),
            ..query.clone()
        })?;
        if page.incidents.is_empty() {
            break;
        }
        for i in &page.incidents {
            f(i)?;
        }
        seen += page.incidents.len();
    }
    Ok(seen)
}

/// Writes every incident matching `query` to `out` in `format`; returns
/// how many were written.
pub fn run<W: Write>(
    store: &Store,
    query: &IncidentQuery,
    format: Format,
    out: W,
) -> anyhow::Result<usize> {
    let mut out = std::io::BufWriter::new(out);
    let n = match format {
        Format::AcledCsv => {
            let mut w = AcledWriter::new(&mut out)?;
            let n = for_each(store, query, |i| Ok(w.write(i)?))?;
            w.finish()?;
            n
        }
        Format::GeoJson => {
            let mut w = GeoJsonWriter::new(&mut out)?;
            let n = for_each(store, query, |i| Ok(w.write(i)?))?;
            w.finish()?;
            n
        }
        Format::Jsonl => for_each(store, query, |i| {
            serde_json::to_writer(&mut out, i)?;
            out.write_all(b"\n")?;
            Ok(())
        })?,
        Format::Json => {
            out.write_all(b"[")?;
            let mut first = true;
            let n = for_each(store, query, |i| {
                out.write_all(if first { b"\n" } else { b",\n" })?;
                first = false;
                serde_json::to_writer_pretty(&mut out, i)?;
                Ok(())
            })?;
            out.write_all(b"\n]\n")?;
            n
        }
        Format::Table => {
            writeln!(out, "{}", export::table_header())?;
            let n = for_each(store, query, |i| {
                writeln!(out, "{}", export::table_row(i))?;
                Ok(())
            })?;
            if n == 0 {
                writeln!(out, "no incidents")?;
            }
            n
        }
    };
    out.flush()?;
    Ok(n)
}
