//! Background events waiting for the incident they recall ("orphans"), and
//! how a grown incident finds the ones it may adopt.
//!
//! Every incident rebuilt in a batch looks for orphans, so this search runs
//! hundreds of times a batch. Reading every orphan of the incident's date
//! window, as it once did, grew with the whole database (a million reports
//! hold tens of thousands of orphans in any month) and parsed each one
//! every time. Now each orphan row carries its place in plain columns, the
//! search reads ids from small indexes over only the orphans the place rule
//! could accept ([`ORPHANS_SQLITE`]), and an [`Orphans`] memo parses each
//! orphan once per batch.

use crate::linking::{bounding_box, cell, cell_slot, cells_of_box, MAX_CELLS};
use crate::sql::{Dialect, Sql, Value};
use crate::{corrupt, Result};
use sitrep_core::{Event, EventLocation, Incident};
use std::collections::HashMap;

/// The place columns of an event row (`cell`, `latitude`, `longitude`,
/// `country_code`, `admin1_key`, `admin2_key`, `geo_precision`,
/// `geonameid`), in that order: what the orphan indexes read.
pub(crate) fn place_columns(location: Option<&EventLocation>) -> [Value; 8] {
    let point = location.and_then(|l| l.latitude.zip(l.longitude));
    let keys = PlaceKeys::of(location);
    [
        point.map(|(lat, lon)| cell(lat, lon)).into(),
        point.map(|p| p.0).into(),
        point.map(|p| p.1).into(),
        keys.country,
        keys.admin1,
        keys.admin2,
        location.map(|l| i64::from(l.geo_precision)).into(),
        keys.geonameid,
    ]
}

/// How a place's names and entry are kept in the place columns and
/// compared with them: the country in capitals, divisions folded (empty
/// ones as none).
struct PlaceKeys {
    country: Value,
    admin1: Value,
    admin2: Value,
    geonameid: Value,
}

impl PlaceKeys {
    fn of(location: Option<&EventLocation>) -> PlaceKeys {
        let division = |s: Option<&String>| -> Value {
            s.filter(|s| !s.is_empty())
                .map(|s| sitrep_core::fold::fold(s))
                .into()
        };
        PlaceKeys {
            country: location
                .and_then(|l| l.country_code.as_deref())
                .map(str::to_uppercase)
                .into(),
            admin1: division(location.and_then(|l| l.admin1.as_ref())),
            admin2: division(location.and_then(|l| l.admin2.as_ref())),
            geonameid: location.and_then(|l| l.geonameid).map(|g| g as i64).into(),
        }
    }
}

/// The orphans an incident may adopt, as ids: a superset of what
/// `sitrep_link::match_score` accepts, each branch a walk of one small
/// index over the date window (`?3` the oldest start worth reading to `?1`
/// the window's last day; ending on or after `?2`, the first; shorter than
/// `?4` days):
/// 1. within the box around the incident's point (`?11`..`?14`: south,
///    north, west, east), in its cells (`?5`..`?10`);
/// 2. orphans with no point (the name rule decides; also every orphan
///    stored before these columns existed);
/// 3. the same admin2 (`?15`) in the same country (`?17`);
/// 4. region-only orphans of the same country (same admin1, or a
///    distinctive toll);
/// 5. when the incident is region-only (`?16` = 1), every orphan of its
///    country (`?17`) and admin1 (`?18`, any when NULL);
/// 6. the same GeoNames entry (`?19`), wherever its point: a village learned
///    from two texts may have been placed apart.
pub(crate) const ORPHANS_SQLITE: &str = "\
SELECT id FROM events INDEXED BY events_orphans_cell \
  WHERE incident_id IS NULL AND background = 1 AND cell IN (?5, ?6, ?7, ?8, ?9, ?10) \
  AND date_start BETWEEN ?3 AND ?1 AND latitude BETWEEN ?11 AND ?12 \
  AND longitude BETWEEN ?13 AND ?14 AND date_end >= ?2 \
  AND julianday(date_end) - julianday(date_start) < ?4 \
UNION SELECT id FROM events INDEXED BY events_orphans_nowhere \
  WHERE incident_id IS NULL AND background = 1 AND latitude IS NULL \
  AND date_start BETWEEN ?3 AND ?1 AND date_end >= ?2 \
  AND julianday(date_end) - julianday(date_start) < ?4 \
UNION SELECT id FROM events INDEXED BY events_orphans_admin2 \
  WHERE incident_id IS NULL AND background = 1 AND admin2_key = ?15 AND country_code = ?17 \
  AND date_start BETWEEN ?3 AND ?1 AND date_end >= ?2 \
  AND julianday(date_end) - julianday(date_start) < ?4 \
UNION SELECT id FROM events INDEXED BY events_orphans_coarse \
  WHERE incident_id IS NULL AND background = 1 AND geo_precision >= 3 AND country_code = ?17 \
  AND date_start BETWEEN ?3 AND ?1 AND date_end >= ?2 \
  AND julianday(date_end) - julianday(date_start) < ?4 \
UNION SELECT id FROM events INDEXED BY events_orphans_place \
  WHERE incident_id IS NULL AND background = 1 AND geonameid = ?19 \
  AND date_start BETWEEN ?3 AND ?1 AND date_end >= ?2 \
  AND julianday(date_end) - julianday(date_start) < ?4 \
UNION SELECT id FROM events INDEXED BY events_orphans_country \
  WHERE incident_id IS NULL AND background = 1 AND ?16 = 1 AND country_code = ?17 \
  AND (?18 IS NULL OR admin1_key = ?18) \
  AND date_start BETWEEN ?3 AND ?1 AND date_end >= ?2 \
  AND julianday(date_end) - julianday(date_start) < ?4";

/// [`ORPHANS_SQLITE`] for PostgreSQL, whose planner picks the indexes.
pub(crate) const ORPHANS_PG: &str = "\
SELECT id FROM events \
  WHERE incident_id IS NULL AND background = 1 \
  AND cell IN (?5::int8, ?6::int8, ?7::int8, ?8::int8, ?9::int8, ?10::int8) \
  AND date_start BETWEEN ?3 AND ?1 AND latitude BETWEEN ?11::float8 AND ?12::float8 \
  AND longitude BETWEEN ?13::float8 AND ?14::float8 AND date_end >= ?2 \
  AND date_end::date - date_start::date < ?4::int8 \
UNION SELECT id FROM events \
  WHERE incident_id IS NULL AND background = 1 AND latitude IS NULL \
  AND date_start BETWEEN ?3 AND ?1 AND date_end >= ?2 \
  AND date_end::date - date_start::date < ?4::int8 \
UNION SELECT id FROM events \
  WHERE incident_id IS NULL AND background = 1 AND admin2_key = ?15::text \
  AND country_code = ?17::text \
  AND date_start BETWEEN ?3 AND ?1 AND date_end >= ?2 \
  AND date_end::date - date_start::date < ?4::int8 \
UNION SELECT id FROM events \
  WHERE incident_id IS NULL AND background = 1 AND geo_precision >= 3 \
  AND country_code = ?17::text \
  AND date_start BETWEEN ?3 AND ?1 AND date_end >= ?2 \
  AND date_end::date - date_start::date < ?4::int8 \
UNION SELECT id FROM events \
  WHERE incident_id IS NULL AND background = 1 AND geonameid = ?19::int8 \
  AND date_start BETWEEN ?3 AND ?1 AND date_end >= ?2 \
  AND date_end::date - date_start::date < ?4::int8 \
UNION SELECT id FROM events \
  WHERE incident_id IS NULL AND background = 1 AND ?16::int8 = 1 AND country_code = ?17::text \
  AND (?18::text IS NULL OR admin1_key = ?18::text) \
  AND date_start BETWEEN ?3 AND ?1 AND date_end >= ?2 \
  AND date_end::date - date_start::date < ?4::int8";

/// Every orphan of the date window, whatever its place: for an incident
/// with no point, or a box of more than [`MAX_CELLS`] cells.
const WINDOW_SQLITE: &str = "SELECT id FROM events INDEXED BY events_orphans \
     WHERE incident_id IS NULL AND background = 1 \
     AND date_start <= ?1 AND date_end >= ?2 AND date_start >= ?3 \
     AND julianday(date_end) - julianday(date_start) < ?4";
const WINDOW_PG: &str = "SELECT id FROM events \
     WHERE incident_id IS NULL AND background = 1 \
     AND date_start <= ?1 AND date_end >= ?2 AND date_start >= ?3 \
     AND date_end::date - date_start::date < ?4::int8";

/// The ids of the orphans `incident` may adopt. `window` is `?1`..`?4` of
/// [`ORPHANS_SQLITE`].
pub(crate) fn candidates(
    db: &mut dyn Sql,
    radius_km: f64,
    incident: &Incident,
    window: [Value; 4],
) -> Result<Vec<i64>> {
    let loc = incident.location.as_ref();
    let boxed = loc
        .and_then(|l| l.latitude.zip(l.longitude))
        .map(|(lat, lon)| bounding_box(lat, lon, radius_km))
        .and_then(|b| cells_of_box(b.0, b.1, b.2, b.3).map(|cells| (b, cells)));
    let rows = match boxed {
        Some(((south, north, west, east), cells)) => {
            let mut args: Vec<Value> = window.to_vec();
            for i in 0..MAX_CELLS {
                args.push(cell_slot(Some(&cells), i));
            }
            args.extend([south.into(), north.into(), west.into(), east.into()]);
            let keys = PlaceKeys::of(loc);
            args.extend([
                keys.admin2,
                loc.is_some_and(|l| l.geo_precision >= 3).into(),
                keys.country,
                keys.admin1,
                keys.geonameid,
            ]);
            let sql = match db.dialect() {
                Dialect::Sqlite => ORPHANS_SQLITE,
                Dialect::Postgres => ORPHANS_PG,
            };
            db.rows(sql, &args)?
        }
        None => {
            let sql = match db.dialect() {
                Dialect::Sqlite => WINDOW_SQLITE,
                Dialect::Postgres => WINDOW_PG,
            };
            db.rows(sql, &window)?
        }
    };
    let mut ids = rows
        .iter()
        .map(|r| r.int(0))
        .collect::<Result<Vec<i64>>>()?;
    // Row order, whichever branches found them: adoption does not depend
    // on the plan.
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Orphan events parsed during one batch, by row: every incident the batch
/// rebuilds reads the orphans near it, and neighbours share most of them.
#[derive(Default)]
pub(crate) struct Orphans {
    parsed: HashMap<i64, Event>,
}

impl Orphans {
    /// The event of row `id`, parsed once.
    pub(crate) fn event(&mut self, db: &mut dyn Sql, id: i64) -> Result<Option<&Event>> {
        use std::collections::hash_map::Entry;
        match self.parsed.entry(id) {
            Entry::Occupied(e) => Ok(Some(e.into_mut())),
            Entry::Vacant(slot) => {
                let Some(mut row) =
                    db.row("SELECT event FROM events WHERE id = ?1", &[id.into()])?
                else {
                    return Ok(None);
                };
                let event: Event = serde_json::from_str(&row.take_text(0)?)
                    .map_err(|e| corrupt(db.db(), format!("event row {id}"), e))?;
                Ok(Some(slot.insert(event)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_reads_the_cells_it_touches() {
        // Ouagadougou, 30 km: one degree of latitude, one of longitude at
        // most on each side.
        let (s, n, w, e) = bounding_box(12.37, -1.53, 30.0);
        let cells = cells_of_box(s, n, w, e).expect("few cells");
        assert!(cells.contains(&cell(12.37, -1.53)));
        assert!(cells.len() <= 4, "{cells:?}");
        // A point near a cell corner is in the box, and its cell is read.
        assert!(cells.contains(&cell(12.1, -1.3)));
        // 300 km: too many cells, the window is read whole.
        let (s, n, w, e) = bounding_box(12.37, -1.53, 300.0);
        assert!(cells_of_box(s, n, w, e).is_none());
        // Across the date line the box is the whole width.
        let (s, n, w, e) = bounding_box(0.0, 179.9, 30.0);
        assert!(cells_of_box(s, n, w, e).is_none());
    }

    #[test]
    fn cells_of_points_in_a_box_are_among_its_cells() {
        for &(lat, lon) in &[(14.0, -0.99), (-33.9, 151.2), (59.9, 10.7), (0.01, -0.01)] {
            let (s, n, w, e) = bounding_box(lat, lon, 30.0);
            let Some(cells) = cells_of_box(s, n, w, e) else {
                panic!("{lat},{lon}: too many cells");
            };
            for (dlat, dlon) in [(s, w), (s, e), (n, w), (n, e), (lat, lon)] {
                assert!(
                    cells.contains(&cell(dlat, dlon)),
                    "{lat},{lon}: {dlat},{dlon}"
                );
            }
        }
    }
}
