//! One batch stored and linked, on either backend: documents (or
//! reprints), their events and claims, then each new event joined to the
//! best incident near it or made the start of one, and every incident
//! touched rebuilt once.

use crate::orphans::{self, Orphans};
use crate::pack::{packed, Packing};
use crate::sql::{Dialect, Sql, Value};
use crate::{content_hash, corrupt, parse_incident, Extracted, IngestSummary, Result};
use jiff::civil::Date;
use jiff::ToSpan;
use sitrep_core::{DocumentMeta, Event, Incident, Lang};
use sitrep_link::{IncidentKey, LinkConfig, Member};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The incidents a new event may join: those whose dates touch the
/// event's window (`?1` its last day, `?2` its first) and whose place may
/// pass the place rule. It is an exact superset of the rules, read in parts
/// that each walk one index over a bounded date range (`?11` is the window
/// start less [`LONG_SPAN_DAYS`]), so that the cost follows the incidents
/// near the event, not the size of the database:
/// 1. within the box around the event's point that holds its radius
///    (`?3`..`?6`: south, north, west, east), read from the index alone,
///    one range per grid cell the box touches (`?14`..`?19`; when it
///    touches more than [`MAX_CELLS`], `?20` = 1 reads the window whole);
/// 2. incidents with no coordinates, or (`?3` NULL) every incident when the
///    event has none: the name rule decides;
/// 3. the same GeoNames entry (`?7`);
/// 4. the same admin2 (`?9`, folded) in the same country (`?8`);
/// 5. a region-only incident, or (`?10`) any incident when the event's
///    place is region-only, in the same country;
/// 6. incidents spanning more than a week and less than a month, from
///    their own small index (the bounds are written out, 7 and
///    [`MONTH_SPAN_DAYS`], as a partial index needs); longer ones only at
///    the same GeoNames entry, from the place index: a corpus rich in
///    month-precise reports holds hundreds of month-long incidents in any
///    window, and reading each was most of the cost of this query.
///
/// An incident may come twice; the caller keeps one of each. This is
/// SQLite's text, naming its indexes; [`CANDIDATES_PG`] is the same query
/// for PostgreSQL, whose planner picks them itself.
pub const CANDIDATES_SQL: &str = "\
SELECT id, link_key FROM incidents INDEXED BY incidents_cells \
  WHERE cell IN (?14, ?15, ?16, ?17, ?18, ?19) AND date_start BETWEEN ?11 AND ?1 \
  AND latitude BETWEEN ?3 AND ?4 AND longitude BETWEEN ?5 AND ?6 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_dates \
  WHERE ?20 = 1 AND date_start BETWEEN ?11 AND ?1 AND latitude BETWEEN ?3 AND ?4 \
  AND longitude BETWEEN ?5 AND ?6 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_nowhere \
  WHERE latitude IS NULL AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_dates \
  WHERE ?3 IS NULL AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_place \
  WHERE geonameid = ?7 AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_admin2 \
  WHERE admin2_key = ?9 AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
  AND country_code = ?8 COLLATE NOCASE \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_region_country \
  WHERE geo_precision >= 3 AND country_code = ?8 COLLATE NOCASE \
  AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_country_dates \
  WHERE ?10 AND country_code = ?8 COLLATE NOCASE AND date_start BETWEEN ?11 AND ?1 \
  AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_weeks \
  WHERE span_days > 7 AND span_days < 28 AND date_start <= ?1 \
  AND date_end >= ?2 AND date_start >= ?12 \
UNION ALL SELECT id, link_key FROM incidents INDEXED BY incidents_place \
  WHERE geonameid = ?7 AND span_days > 7 AND date_start <= ?1 \
  AND date_end >= ?2 AND date_start >= ?12";

/// [`CANDIDATES_SQL`] for PostgreSQL: the parameters whose type nothing
/// else in their branch tells are cast, and country codes (stored in
/// capitals) are compared in capitals.
pub const CANDIDATES_PG: &str = "\
SELECT id, link_key FROM incidents \
  WHERE cell IN (?14::int8, ?15::int8, ?16::int8, ?17::int8, ?18::int8, ?19::int8) \
  AND date_start BETWEEN ?11 AND ?1 AND latitude BETWEEN ?3::float8 AND ?4::float8 \
  AND longitude BETWEEN ?5::float8 AND ?6::float8 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents \
  WHERE ?20::int8 = 1 AND date_start BETWEEN ?11 AND ?1 \
  AND latitude BETWEEN ?3::float8 AND ?4::float8 \
  AND longitude BETWEEN ?5::float8 AND ?6::float8 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents \
  WHERE date_start BETWEEN ?11 AND ?1 AND latitude IS NULL AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents \
  WHERE ?3::float8 IS NULL AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents \
  WHERE geonameid = ?7::int8 AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
UNION ALL SELECT id, link_key FROM incidents \
  WHERE admin2_key = ?9::text AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
  AND country_code = upper(?8::text) \
UNION ALL SELECT id, link_key FROM incidents \
  WHERE geo_precision >= 3 AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
  AND country_code = upper(?8::text) \
UNION ALL SELECT id, link_key FROM incidents \
  WHERE ?10::int8 = 1 AND date_start BETWEEN ?11 AND ?1 AND date_end >= ?2 \
  AND country_code = upper(?8::text) \
UNION ALL SELECT id, link_key FROM incidents \
  WHERE span_days > 7 AND span_days < ?13::int8 AND date_start <= ?1 \
  AND date_end >= ?2 AND date_start >= ?12 \
UNION ALL SELECT id, link_key FROM incidents \
  WHERE geonameid = ?7::int8 AND span_days > 7 AND date_start <= ?1 \
  AND date_end >= ?2 AND date_start >= ?12";

/// The incidents a month-precise event may join: at its GeoNames entry
/// (`?1`), starting between `?2` and `?3` and not ending before `?4`.
const MONTH_CANDIDATES_SQLITE: &str =
    "SELECT id, link_key FROM incidents INDEXED BY incidents_place \
     WHERE geonameid = ?1 AND date_start BETWEEN ?2 AND ?3 AND date_end >= ?4";
const MONTH_CANDIDATES_PG: &str = "SELECT id, link_key FROM incidents \
     WHERE geonameid = ?1 AND date_start BETWEEN ?2 AND ?3 AND date_end >= ?4";

/// Incidents whose dates span more than a week (a month, a season) are
/// few; they have an index of their own. Must match `CANDIDATES_SQL`
/// and the `incidents_weeks` index.
pub const LONG_SPAN_DAYS: i32 = 7;

/// A date interval this many days long or longer is month-precise
/// (time_precision 3): it is no background event to adopt (the orphan scan
/// stops there), and it links only to a day of its month at its place
/// ([`sitrep_link::match_score`]).
pub const MONTH_SPAN_DAYS: i32 = 28;

/// The longest interval that may link: a month of 31 days, from its first
/// day to its last (`CANDIDATES_SQL` `?12`).
pub const LONGEST_SPAN_DAYS: i32 = 30;

/// A box around `(lat, lon)` that holds every point within `km`:
/// (south, north, west, east); the whole longitude range near the poles or
/// across the antimeridian, where a box would cut the circle.
pub(crate) fn bounding_box(lat: f64, lon: f64, km: f64) -> (f64, f64, f64, f64) {
    // Padded by 1% so rounding never drops a point the haversine keeps.
    let dlat = km / 111.0 * 1.01;
    let cos = lat.to_radians().cos();
    let dlon = if cos > 0.01 {
        km / (111.32 * cos) * 1.01
    } else {
        360.0
    };
    let (west, east) = if lon - dlon < -180.0 || lon + dlon > 180.0 {
        (-180.0, 180.0)
    } else {
        (lon - dlon, lon + dlon)
    };
    (lat - dlat, lat + dlat, west, east)
}

/// Grid cells of one degree: the cell of an incident or an orphan is an
/// integer of its point, so that those near a place are read from one index
/// range per cell, whatever the size of the database. The migrations
/// compute the same in SQL (`CAST(latitude + 90 AS INTEGER)` and so on,
/// which can differ only within 1e-14 degrees below a whole degree).
pub(crate) fn cell(lat: f64, lon: f64) -> i64 {
    (lat.floor() as i64 + 90) * 1000 + (lon.floor() as i64 + 180)
}

/// At most this many cells are read one by one; a box wider than that (a
/// radius of hundreds of km, a box across the date line) reads the date
/// window whole.
pub(crate) const MAX_CELLS: usize = 6;

/// Slot `i` of a query's [`MAX_CELLS`] cell parameters: unused slots
/// repeat the first cell (the same range read again costs nothing, and one
/// statement serves every box); none at all when there are no cells.
pub(crate) fn cell_slot(cells: Option<&[i64]>, i: usize) -> Value {
    cells.and_then(|c| c.get(i).or(c.first())).copied().into()
}

/// The cells a box touches, or `None` when they are more than [`MAX_CELLS`].
pub(crate) fn cells_of_box(south: f64, north: f64, west: f64, east: f64) -> Option<Vec<i64>> {
    let rows = south.floor() as i64..=north.floor() as i64;
    let cols = west.floor() as i64..=east.floor() as i64;
    let count = rows.clone().count() * cols.clone().count();
    if count > MAX_CELLS {
        return None;
    }
    let mut cells = Vec::with_capacity(count);
    for r in rows {
        for c in cols.clone() {
            cells.push((r + 90) * 1000 + (c + 180));
        }
    }
    Some(cells)
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

fn date_text(d: Option<Date>) -> Value {
    d.map(|d| d.to_string()).into()
}

/// Whether a document or a reprint with this id is stored.
pub(crate) fn has_document(db: &mut dyn Sql, id: &str) -> Result<bool> {
    Ok(db
        .int(
            "SELECT CASE WHEN EXISTS(SELECT 1 FROM documents WHERE id = ?1) \
             OR EXISTS(SELECT 1 FROM reprints WHERE id = ?1) THEN 1 ELSE 0 END",
            &[id.into()],
        )?
        .unwrap_or(0)
        == 1)
}

pub(crate) fn ingest_batch(
    db: &mut dyn Sql,
    link: &LinkConfig,
    batch: &[Extracted],
) -> Result<IngestSummary> {
    let mut summary = IngestSummary::default();
    // Events to link, as (row id, background, the event).
    let mut fresh: Vec<(i64, bool, &Event)> = Vec::new();
    let mut touched_by_reprints: Vec<String> = Vec::new();
    let first_by_hash = match db.dialect() {
        Dialect::Sqlite => {
            "SELECT id FROM documents WHERE content_hash = ?1 ORDER BY rowid LIMIT 1"
        }
        Dialect::Postgres => {
            "SELECT id FROM documents WHERE content_hash = ?1 ORDER BY seq LIMIT 1"
        }
    };
    for item in batch {
        let doc = &item.document;
        let meta = &item.report.document;
        if has_document(db, &doc.id)? {
            summary.duplicate += 1;
            continue;
        }
        let hash = content_hash(&doc.text);
        if let Some(row) = db.row(first_by_hash, &[hash.as_str().into()])? {
            let of = row.text(0)?;
            db.exec(
                "INSERT INTO reprints (id, of_document, language, published, title, source, url, ingested_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                &[
                    doc.id.as_str().into(),
                    of.as_str().into(),
                    meta.language.code().into(),
                    date_text(meta.published),
                    meta.title.as_ref().into(),
                    meta.source.as_ref().into(),
                    meta.url.as_ref().into(),
                    now().into(),
                ],
            )?;
            summary.duplicate += 1;
            summary.reprints += 1;
            touched_by_reprints.push(of);
            continue;
        }
        let mentions = serde_json::to_string(&item.mentions)
            .map_err(|e| corrupt(db.db(), format!("mentions of '{}'", doc.id), e))?;
        db.exec(
            "INSERT INTO documents (id, language, published, title, source, url, text, mentions, ingested_at, content_hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            &[
                doc.id.as_str().into(),
                meta.language.code().into(),
                date_text(meta.published),
                meta.title.as_ref().into(),
                meta.source.as_ref().into(),
                meta.url.as_ref().into(),
                packed(db.dialect(), Packing::Prose, doc.text.clone()),
                packed(db.dialect(), Packing::Json, mentions),
                now().into(),
                hash.into(),
            ],
        )?;
        summary.new += 1;
        for ev in &item.report.events {
            let json = serde_json::to_string(ev)
                .map_err(|e| corrupt(db.db(), format!("event '{}' of '{}'", ev.id, doc.id), e))?;
            // An event id told twice in one report is stored once.
            let Some(row) = db.int(
                "INSERT INTO events (document_id, event_id, background, event_type, date_start, date_end, event, \
                 cell, latitude, longitude, country_code, admin1_key, admin2_key, geo_precision, geonameid) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) \
                 ON CONFLICT DO NOTHING RETURNING id",
                &[
                    &[
                        doc.id.as_str().into(),
                        ev.id.as_str().into(),
                        ev.background.into(),
                        ev.event_type.as_str().into(),
                        date_text(ev.date.as_ref().map(|d| d.start)),
                        date_text(ev.date.as_ref().map(|d| d.end)),
                        packed(db.dialect(), Packing::Json, json),
                    ][..],
                    &orphans::place_columns(ev.location.as_ref())[..],
                ]
                .concat(),
            )?
            else {
                continue;
            };
            summary.events += 1;
            for claim in &ev.claims {
                // The claim itself is read from its event; this row is what
                // pooling and queries read without parsing it.
                db.exec(
                    "INSERT INTO claims (event_row, document_id, claimant, killed, injured, sentence_key) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    &[
                        row.into(),
                        doc.id.as_str().into(),
                        claim.claimant.name.as_str().into(),
                        claim.killed.as_ref().and_then(|f| f.value).map(i64::from).into(),
                        claim.injured.as_ref().and_then(|f| f.value).map(i64::from).into(),
                        sitrep_link::claim_key(&doc.text, claim).into(),
                    ],
                )?;
            }
            fresh.push((row, ev.background, ev));
        }
    }
    // The events a report tells of first, so that a background mention in
    // the same batch finds the incident it recalls.
    fresh.sort_by_key(|&(row, background, _)| (background, row));
    let mut joined: BTreeSet<i64> = BTreeSet::new();
    // Rows that an incident made in this batch adopted before their turn.
    let mut adopted: HashSet<i64> = HashSet::new();
    let mut orphans = Orphans::default();
    for (row, background, event) in fresh {
        if adopted.contains(&row) {
            continue;
        }
        if let Some(id) = find_incident(db, link, event)? {
            set_incident(db, row, id)?;
            joined.insert(id);
        } else if !background {
            adopted.extend(create_incident(db, link, row, &mut orphans)?);
            summary.incidents_created += 1;
        }
    }
    touched_by_reprints.sort();
    touched_by_reprints.dedup();
    for doc in touched_by_reprints {
        let rows = db.rows(
            "SELECT DISTINCT incident_id FROM events \
             WHERE document_id = ?1 AND incident_id IS NOT NULL",
            &[doc.into()],
        )?;
        for r in rows {
            joined.insert(r.int(0)?);
        }
    }
    // An incident is rebuilt from all its members: once per batch, not once
    // per joining event or reprint, or a large incident costs its size at
    // every join.
    // An incident that grew may now be near background events stored
    // before it that its first report was not: they join it too, so that
    // the incidents do not depend on the order reports come in (as they
    // would if adoption were tried only when an incident is made).
    for id in joined {
        rebuild_and_adopt(db, link, id, &mut orphans)?;
    }
    Ok(summary)
}

fn set_incident(db: &mut dyn Sql, row: i64, incident: i64) -> Result<()> {
    db.exec(
        "UPDATE events SET incident_id = ?1 WHERE id = ?2",
        &[incident.into(), row.into()],
    )?;
    Ok(())
}

/// The incident `event` joins: among those whose dates come within the
/// tolerance of the event's (an indexed range query), the best match.
fn find_incident(db: &mut dyn Sql, link: &LinkConfig, event: &Event) -> Result<Option<i64>> {
    // No query for what can never link: a date vaguer than a day links
    // only when it is a month (to an incident of that month at its place).
    let Some(date) = event
        .date
        .as_ref()
        .filter(|d| sitrep_link::linkable(d) || d.time_precision == sitrep_link::MONTH_PRECISION)
    else {
        return Ok(None);
    };
    let (from, to) = link.window(date);
    let loc = event.location.as_ref();
    let last = Value::from(to.to_string());
    let first = Value::from(from.to_string());
    let long_from = Value::from(
        from.checked_sub(LONG_SPAN_DAYS.days())
            .unwrap_or(from)
            .to_string(),
    );
    let rows = if sitrep_link::linkable(date) {
        let bbox = loc
            .and_then(|l| l.latitude.zip(l.longitude))
            .map(|(lat, lon)| bounding_box(lat, lon, link.radius_km));
        let cells = bbox.and_then(|b| cells_of_box(b.0, b.1, b.2, b.3));
        let args: [Value; 20] = [
            last,
            first,
            bbox.map(|b| b.0).into(),
            bbox.map(|b| b.1).into(),
            bbox.map(|b| b.2).into(),
            bbox.map(|b| b.3).into(),
            loc.and_then(|l| l.geonameid).map(i64::from).into(),
            loc.and_then(|l| l.country_code.clone()).into(),
            loc.and_then(|l| l.admin2.as_deref())
                .map(sitrep_core::fold::fold)
                .into(),
            loc.is_some_and(|l| l.geo_precision >= 3).into(),
            long_from,
            from.checked_sub(LONGEST_SPAN_DAYS.days())
                .unwrap_or(from)
                .to_string()
                .into(),
            i64::from(MONTH_SPAN_DAYS).into(),
            cell_slot(cells.as_deref(), 0),
            cell_slot(cells.as_deref(), 1),
            cell_slot(cells.as_deref(), 2),
            cell_slot(cells.as_deref(), 3),
            cell_slot(cells.as_deref(), 4),
            cell_slot(cells.as_deref(), 5),
            (bbox.is_some() && cells.is_none()).into(),
        ];
        let sql = match db.dialect() {
            Dialect::Sqlite => CANDIDATES_SQL,
            Dialect::Postgres => CANDIDATES_PG,
        };
        db.rows(sql, &args)?
    } else {
        // A month links only to a day at the same GeoNames entry: those
        // incidents alone, from the place index.
        let Some(place) = loc.and_then(|l| l.geonameid) else {
            return Ok(None);
        };
        let sql = match db.dialect() {
            Dialect::Sqlite => MONTH_CANDIDATES_SQLITE,
            Dialect::Postgres => MONTH_CANDIDATES_PG,
        };
        db.rows(sql, &[i64::from(place).into(), long_from, last, first])?
    };
    let mut candidates: Vec<IncidentKey> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        let id = row.int(0)?;
        if !seen.insert(id) {
            continue;
        }
        // A key that cannot be read (unpacked or parsed) is rebuilt from
        // the incident's body, which reports the damage if it has some too.
        let key = row.text(1).ok().and_then(|t| serde_json::from_str(&t).ok());
        candidates.push(match key {
            Some(k) => k,
            None => match read_incident(db, id)? {
                Some(incident) => IncidentKey::from(&incident),
                None => continue,
            },
        });
    }
    Ok(sitrep_link::best_key(link, event, &candidates).map(|id| id as i64))
}

/// A new incident from the event in `row`, which then adopts the
/// background events stored before it that recall it: their rows.
fn create_incident(
    db: &mut dyn Sql,
    link: &LinkConfig,
    row: i64,
    orphans: &mut Orphans,
) -> Result<Vec<i64>> {
    let Some(id) = db.int(
        "INSERT INTO incidents (event_type, body) VALUES ('', '{}') RETURNING id",
        &[],
    )?
    else {
        return Err(corrupt(
            db.db(),
            "a new incident".into(),
            "the database gave no id",
        ));
    };
    set_incident(db, row, id)?;
    rebuild_and_adopt(db, link, id, orphans)
}

/// Rebuilds an incident, then lets it adopt the background events waiting
/// for it, matched against the incident just built (not read back). The
/// rows adopted.
fn rebuild_and_adopt(
    db: &mut dyn Sql,
    link: &LinkConfig,
    id: i64,
    orphans: &mut Orphans,
) -> Result<Vec<i64>> {
    match rebuild(db, id)? {
        Some(incident) => adopt_background(db, link, id, &incident, orphans),
        None => Ok(Vec::new()),
    }
}

/// Background events stored before the incident they recall existed join
/// it now, so the result does not depend on the order documents come in.
/// The rows adopted.
fn adopt_background(
    db: &mut dyn Sql,
    link: &LinkConfig,
    id: i64,
    incident: &Incident,
    orphans: &mut Orphans,
) -> Result<Vec<i64>> {
    let Some(date) = incident.date.as_ref().filter(|d| sitrep_link::linkable(d)) else {
        return Ok(Vec::new());
    };
    let (from, to) = link.window(date);
    // An orphan that starts a month earlier, or spans a month, never
    // links: bounding the scan keeps it from growing with every orphan
    // ever stored.
    let oldest = from.checked_sub(MONTH_SPAN_DAYS.days()).unwrap_or(from);
    let window = [
        to.to_string().into(),
        from.to_string().into(),
        oldest.to_string().into(),
        i64::from(MONTH_SPAN_DAYS).into(),
    ];
    let mut adopted = Vec::new();
    for row in orphans::candidates(db, link.radius_km, incident, window)? {
        let Some(event) = orphans.event(db, row)? else {
            continue;
        };
        if sitrep_link::match_score(link, event.into(), incident.into()).is_some() {
            set_incident(db, row, id)?;
            adopted.push(row);
        }
    }
    if !adopted.is_empty() {
        rebuild(db, id)?;
    }
    Ok(adopted)
}

pub(crate) fn read_incident(db: &mut dyn Sql, id: i64) -> Result<Option<Incident>> {
    match db.row("SELECT body FROM incidents WHERE id = ?1", &[id.into()])? {
        Some(r) => parse_incident(db.db(), id, &r.text(0)?).map(Some),
        None => Ok(None),
    }
}

/// A `DocumentMeta` from six columns from `at`: id, language, published,
/// title, source, url.
pub(crate) fn meta_of(r: &crate::sql::Row, at: usize) -> Result<DocumentMeta> {
    Ok(DocumentMeta {
        id: r.text(at)?,
        // Only sitrep writes these columns; an unknown value reads as
        // English rather than failing the whole listing.
        language: r.text(at + 1)?.parse::<Lang>().unwrap_or(Lang::En),
        published: r.opt_text(at + 2)?.and_then(|p| p.parse::<Date>().ok()),
        title: r.opt_text(at + 3)?,
        source: r.opt_text(at + 4)?,
        url: r.opt_text(at + 5)?,
    })
}

/// Recomputes one incident from its events, their documents and reprints,
/// and gives it back (`None` when no event is left and it is gone).
/// Members come in the order of their document ids, not of their rows, so
/// that ties (two event types told equally often) fall the same way
/// whatever order the reports were stored in.
fn rebuild(db: &mut dyn Sql, id: i64) -> Result<Option<Incident>> {
    let rows = db.rows(
        "SELECT e.id, e.event, d.id, d.language, d.published, d.title, d.source, d.url \
         FROM events e JOIN documents d ON d.id = e.document_id \
         WHERE e.incident_id = ?1 ORDER BY d.id, e.event_id",
        &[id.into()],
    )?;
    // The claim keys and reprints of every member, in one query each
    // rather than two per member: a large incident is rebuilt at every
    // batch that touches it.
    let mut claim_keys: HashMap<i64, Vec<String>> = HashMap::new();
    for k in db.rows(
        "SELECT c.event_row, c.sentence_key FROM claims c JOIN events e ON e.id = c.event_row \
         WHERE e.incident_id = ?1 ORDER BY c.event_row, c.id",
        &[id.into()],
    )? {
        claim_keys.entry(k.int(0)?).or_default().push(k.text(1)?);
    }
    let reprints_of = match db.dialect() {
        Dialect::Sqlite => {
            "SELECT r.of_document, r.id, r.language, r.published, r.title, r.source, r.url \
             FROM reprints r WHERE r.of_document IN \
             (SELECT document_id FROM events WHERE incident_id = ?1) ORDER BY r.rowid"
        }
        Dialect::Postgres => {
            "SELECT r.of_document, r.id, r.language, r.published, r.title, r.source, r.url \
             FROM reprints r WHERE r.of_document IN \
             (SELECT document_id FROM events WHERE incident_id = ?1) ORDER BY r.seq"
        }
    };
    let mut reprints: HashMap<String, Vec<DocumentMeta>> = HashMap::new();
    for m in db.rows(reprints_of, &[id.into()])? {
        reprints
            .entry(m.text(0)?)
            .or_default()
            .push(meta_of(&m, 1)?);
    }
    let mut members = Vec::with_capacity(rows.len());
    for mut r in rows {
        let row = r.int(0)?;
        let event: Event = serde_json::from_str(&r.take_text(1)?)
            .map_err(|e| corrupt(db.db(), format!("event row {row}"), e))?;
        let document = meta_of(&r, 2)?;
        members.push(Member {
            event,
            reprints: reprints.get(&document.id).cloned().unwrap_or_default(),
            document,
            claim_keys: claim_keys.remove(&row).unwrap_or_default(),
        });
    }
    let Some(incident) = sitrep_link::build_incident(id as u64, &members) else {
        // No event left: the incident is gone.
        db.exec("DELETE FROM incidents WHERE id = ?1", &[id.into()])?;
        return Ok(None);
    };
    let body = serde_json::to_string(&incident)
        .map_err(|e| corrupt(db.db(), format!("incident {id}"), e))?;
    let key = serde_json::to_string(&IncidentKey::from(&incident))
        .map_err(|e| corrupt(db.db(), format!("incident {id}"), e))?;
    let loc = incident.location.as_ref();
    db.exec(
        "UPDATE incidents SET event_type = ?1, date_start = ?2, date_end = ?3, country_code = ?4, \
         latitude = ?5, longitude = ?6, body = ?7, link_key = ?9, geonameid = ?10, admin2_key = ?11, \
         geo_precision = ?12, span_days = ?13, cell = ?14, \
         changed_seq = (SELECT coalesce(max(changed_seq), 0) + 1 FROM incidents) WHERE id = ?8",
        &[
            incident.event_type.as_str().into(),
            date_text(incident.date.as_ref().map(|d| d.start)),
            date_text(incident.date.as_ref().map(|d| d.end)),
            loc.and_then(|l| l.country_code.clone()).into(),
            loc.and_then(|l| l.latitude).into(),
            loc.and_then(|l| l.longitude).into(),
            packed(db.dialect(), Packing::Json, body),
            id.into(),
            packed(db.dialect(), Packing::Json, key),
            loc.and_then(|l| l.geonameid).map(|g| g as i64).into(),
            loc.and_then(|l| l.admin2.as_deref())
                .map(sitrep_core::fold::fold)
                .into(),
            loc.map(|l| i64::from(l.geo_precision)).into(),
            incident
                .date
                .as_ref()
                .and_then(|d| d.start.until(d.end).ok())
                .map_or(0, |s| i64::from(s.get_days()))
                .into(),
            loc.and_then(|l| l.latitude.zip(l.longitude))
                .map(|(lat, lon)| cell(lat, lon))
                .into(),
        ],
    )?;
    Ok(Some(incident))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weeks_branch_names_the_month_bound() {
        // A partial index needs its bounds written out, not bound.
        let bound = format!("span_days > {LONG_SPAN_DAYS} AND span_days < {MONTH_SPAN_DAYS}");
        assert!(CANDIDATES_SQL.contains(&bound), "{bound}");
        assert!(crate::schema::V4.contains(&bound), "{bound}");
    }

    #[test]
    fn the_box_holds_the_circle() {
        let km = 30.0;
        for &(lat, lon) in &[(16.27, -0.04), (60.0, 10.0), (-33.9, 151.2), (0.0, 179.9)] {
            let (s, n, w, e) = bounding_box(lat, lon, km);
            for step in 0..360 {
                let bearing = f64::from(step).to_radians();
                // A point at about 29.9 km in each direction.
                let dlat = 29.9 / 111.2 * bearing.cos();
                let dlon = 29.9 / (111.2 * lat.to_radians().cos()) * bearing.sin();
                let (plat, plon) = (lat + dlat, lon + dlon);
                if sitrep_link::haversine_km(lat, lon, plat, plon) <= km && plon.abs() <= 180.0 {
                    assert!(
                        plat >= s && plat <= n && plon >= w && plon <= e,
                        "{lat},{lon} -> {plat},{plon}"
                    );
                }
            }
        }
    }
}
