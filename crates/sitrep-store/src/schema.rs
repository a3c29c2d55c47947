//! Versioned schema. `PRAGMA user_version` holds the version; migration `i`
//! takes a database from version `i` to `i + 1`, inside one transaction, so
//! an interrupted upgrade leaves the old version intact.

use rusqlite::{params, Transaction};

/// `PRAGMA application_id` of sitrep databases ("sitr"): how a sitrep
/// database is told apart from any other SQLite file.
pub const APPLICATION_ID: i64 = 0x7369_7472;

/// The version this build writes.
pub const SCHEMA_VERSION: i64 = 5;

/// The first released layout. Kept verbatim: tests build a version 1
/// database from it to check the upgrade.
pub const V1: &str = "
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    language TEXT NOT NULL,
    published TEXT,
    title TEXT,
    source TEXT,
    url TEXT,
    text TEXT NOT NULL,
    mentions TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    event_type TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    country_code TEXT,
    latitude REAL,
    longitude REAL,
    body TEXT NOT NULL
);
CREATE INDEX incidents_dates ON incidents(date_start, date_end);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    event_id TEXT NOT NULL,
    background INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    incident_id INTEGER REFERENCES incidents(id),
    event TEXT NOT NULL,
    UNIQUE (document_id, event_id)
);
CREATE INDEX events_incident ON events(incident_id);
CREATE INDEX events_unlinked ON events(date_start) WHERE incident_id IS NULL;
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    event_row INTEGER NOT NULL REFERENCES events(id),
    document_id TEXT NOT NULL REFERENCES documents(id),
    claimant TEXT NOT NULL,
    killed INTEGER,
    injured INTEGER,
    claim TEXT NOT NULL
);
CREATE INDEX claims_event ON claims(event_row);
";

/// Version 2: a content hash per document (re-ingesting the same text
/// under another id is a duplicate), reprints (the same text under another
/// outlet, counted once), the sentence key of each claim (the same wire
/// sentence in two documents is one claim), and the link key of each
/// incident (what linking reads of every candidate, without parsing the
/// whole incident).
const V2: &str = "
ALTER TABLE documents ADD COLUMN content_hash TEXT;
ALTER TABLE claims ADD COLUMN sentence_key TEXT NOT NULL DEFAULT '';
CREATE TABLE reprints (
    id TEXT PRIMARY KEY,
    of_document TEXT NOT NULL REFERENCES documents(id),
    language TEXT NOT NULL,
    published TEXT,
    title TEXT,
    source TEXT,
    url TEXT,
    ingested_at TEXT NOT NULL
);
CREATE INDEX reprints_of ON reprints(of_document);
ALTER TABLE incidents ADD COLUMN link_key TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN geonameid INTEGER;
ALTER TABLE incidents ADD COLUMN admin2_key TEXT;
ALTER TABLE incidents ADD COLUMN geo_precision INTEGER;
ALTER TABLE incidents ADD COLUMN span_days INTEGER NOT NULL DEFAULT 0;
CREATE INDEX incidents_long ON incidents(date_start) WHERE span_days > 7;
DROP INDEX incidents_dates;
CREATE INDEX incidents_dates ON incidents(date_start, latitude, longitude, date_end);
CREATE INDEX incidents_place ON incidents(geonameid, date_start) WHERE geonameid IS NOT NULL;
CREATE INDEX incidents_admin2 ON incidents(admin2_key, date_start) WHERE admin2_key IS NOT NULL;
CREATE INDEX incidents_region ON incidents(date_start) WHERE geo_precision >= 3;
DROP INDEX events_unlinked;
CREATE INDEX events_orphans ON events(date_start, date_end) WHERE incident_id IS NULL AND background = 1;
";

/// Version 3: what the web server's list of incidents reads. The order
/// the API promises (dated incidents by start date, undated ones last, ties
/// by id) is an index, so a page is a walk of `limit` entries instead of a
/// sort of every match; one more index serves the same order within a
/// country. The number of incidents is kept by triggers, so the page's
/// unfiltered total is one row read instead of a count over the table.
const V3: &str = "
CREATE INDEX incidents_list ON incidents(date_start IS NULL, date_start);
CREATE INDEX incidents_country_list ON incidents(country_code COLLATE NOCASE, date_start IS NULL, date_start);
CREATE TABLE tallies (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO tallies (name, n) SELECT 'incidents', count(*) FROM incidents;
CREATE TRIGGER incidents_tally_insert AFTER INSERT ON incidents
BEGIN UPDATE tallies SET n = n + 1 WHERE name = 'incidents'; END;
CREATE TRIGGER incidents_tally_delete AFTER DELETE ON incidents
BEGIN UPDATE tallies SET n = n - 1 WHERE name = 'incidents'; END;
";

/// Version 4: a claim is kept once, in its event; the claims table keeps
/// what pooling and queries read (claimant, figures, sentence key). From
/// this version on, long texts (document bodies, mentions, events,
/// incidents) are written zstd-compressed (`pack::packed`); rows written
/// before stay as they are and read alike.
///
/// Each event row also carries its place in plain columns, and the
/// background events waiting for their incident ("orphans") are indexed by
/// them, so that a grown incident reads only the orphans near it (see
/// `orphans.rs`). Rows stored before keep these columns empty and are read
/// as placeless, which reads them always: slower, never wrong. Incidents
/// get the grid cell of their point, so that a new event reads the
/// incidents of the cells around it rather than of its whole date window.
pub(crate) const V4: &str = "
ALTER TABLE claims DROP COLUMN claim;
ALTER TABLE events ADD COLUMN cell INTEGER;
ALTER TABLE events ADD COLUMN latitude REAL;
ALTER TABLE events ADD COLUMN longitude REAL;
ALTER TABLE events ADD COLUMN country_code TEXT;
ALTER TABLE events ADD COLUMN admin1_key TEXT;
ALTER TABLE events ADD COLUMN admin2_key TEXT;
ALTER TABLE events ADD COLUMN geo_precision INTEGER;
ALTER TABLE events ADD COLUMN geonameid INTEGER;
CREATE INDEX events_orphans_cell ON events(cell, date_start, latitude, longitude, date_end)
    WHERE incident_id IS NULL AND background = 1;
CREATE INDEX events_orphans_nowhere ON events(date_start, date_end)
    WHERE incident_id IS NULL AND background = 1 AND latitude IS NULL;
CREATE INDEX events_orphans_admin2 ON events(admin2_key, country_code, date_start, date_end)
    WHERE incident_id IS NULL AND background = 1 AND admin2_key IS NOT NULL;
CREATE INDEX events_orphans_coarse ON events(country_code, date_start, date_end)
    WHERE incident_id IS NULL AND background = 1 AND geo_precision >= 3;
CREATE INDEX events_orphans_place ON events(geonameid, date_start, date_end)
    WHERE incident_id IS NULL AND background = 1 AND geonameid IS NOT NULL;
CREATE INDEX events_orphans_country ON events(country_code, admin1_key, date_start, date_end)
    WHERE incident_id IS NULL AND background = 1 AND country_code IS NOT NULL;
ALTER TABLE incidents ADD COLUMN cell INTEGER;
UPDATE incidents SET cell = CAST(latitude + 90 AS INTEGER) * 1000 + CAST(longitude + 180 AS INTEGER)
    WHERE latitude IS NOT NULL AND longitude IS NOT NULL;
CREATE INDEX incidents_cells ON incidents(cell, date_start, latitude, longitude, date_end);
CREATE INDEX incidents_nowhere ON incidents(date_start, date_end) WHERE latitude IS NULL;
CREATE INDEX incidents_country_dates ON incidents(country_code COLLATE NOCASE, date_start, date_end);
CREATE INDEX incidents_region_country ON incidents(country_code COLLATE NOCASE, date_start, date_end)
    WHERE geo_precision >= 3;
DROP INDEX incidents_region;
CREATE INDEX incidents_weeks ON incidents(date_start, date_end) WHERE span_days > 7 AND span_days < 28;
DROP INDEX incidents_long;
";

/// Version 5: what watching needs. Every write of an incident takes the
/// next change number (`changed_seq`), so a live page and the watcher's
/// alerts read what changed since they last looked from an index. The
/// watcher keeps each feed's state (validators, backoff, when it is due)
/// and every item it has seen, so that a restart neither misses nor
/// repeats items.
pub(crate) const V5: &str = "
ALTER TABLE incidents ADD COLUMN changed_seq INTEGER;
CREATE INDEX incidents_changes ON incidents(changed_seq);
CREATE TABLE watch_feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_poll INTEGER NOT NULL DEFAULT 0,
    last_polled INTEGER,
    last_status INTEGER,
    last_error TEXT,
    last_new INTEGER,
    items INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE watch_items (
    url TEXT PRIMARY KEY,
    feed TEXT NOT NULL,
    document_id TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    from_feed_text INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    retry_at INTEGER
);
CREATE INDEX watch_items_retry ON watch_items(retry_at) WHERE from_feed_text = 1;
";

pub(crate) type Migration = fn(&Transaction<'_>) -> rusqlite::Result<()>;

pub(crate) const MIGRATIONS: [Migration; SCHEMA_VERSION as usize] =
    [to_v1, to_v2, to_v3, to_v4, to_v5];

fn to_v1(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(V1)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)
}

fn to_v2(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(V2)?;
    // Backfill what version 1 did not keep, from what it did.
    let docs: Vec<(String, String)> = {
        let mut st = tx.prepare("SELECT id, text FROM documents")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, text) in &docs {
        tx.execute(
            "UPDATE documents SET content_hash = ?1 WHERE id = ?2",
            params![crate::content_hash(text), id],
        )?;
    }
    let claims: Vec<(i64, String, String)> = {
        let mut st = tx.prepare(
            "SELECT c.id, c.claim, d.text FROM claims c JOIN documents d ON d.id = c.document_id",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, claim, text) in &claims {
        // A claim version 1 stored but this version cannot read keeps an
        // empty key: it is then never merged, which loses nothing.
        let key = serde_json::from_str::<sitrep_core::Claim>(claim)
            .map(|c| sitrep_link::claim_key(text, &c))
            .unwrap_or_default();
        tx.execute(
            "UPDATE claims SET sentence_key = ?1 WHERE id = ?2",
            params![key, id],
        )?;
    }
    let incidents: Vec<(i64, String)> = {
        let mut st = tx.prepare("SELECT id, body FROM incidents")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, body) in &incidents {
        // An unreadable body keeps an empty key; linking then reads the body
        // itself, and reports it as damaged.
        if let Ok(incident) = serde_json::from_str::<sitrep_core::Incident>(body) {
            let key = serde_json::to_string(&sitrep_link::IncidentKey::from(&incident))
                .unwrap_or_default();
            let loc = incident.location.as_ref();
            tx.execute(
                "UPDATE incidents SET link_key = ?1, geonameid = ?3, admin2_key = ?4, geo_precision = ?5, \
                 span_days = coalesce(CAST(julianday(date_end) - julianday(date_start) AS INTEGER), 0) \
                 WHERE id = ?2",
                params![
                    key,
                    id,
                    loc.and_then(|l| l.geonameid),
                    loc.and_then(|l| l.admin2.as_deref()).map(sitrep_core::fold::fold),
                    loc.map(|l| l.geo_precision)
                ],
            )?;
        }
    }
    // Two version 1 documents with the same text: the later becomes a
    // duplicate only for new ingests, so the index cannot be UNIQUE here.
    tx.execute_batch("CREATE INDEX documents_hash ON documents(content_hash);")
}

fn to_v3(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(V3)
}

fn to_v4(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(V4)
}

fn to_v5(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(V5)
}
