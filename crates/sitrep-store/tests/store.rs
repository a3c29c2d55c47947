//! The store over the project's incident corpus
//! (crates/sitrep/tests/fixtures/incidents/reports.jsonl). The reports are
//! built here by hand, with evidence found in each document's text, so
//! that linking is tested whatever the recognisers find today.
//!
//! The behaviour tests (linking, deduplication, reprints, background
//! adoption, queries, refusals, read-only use) run on both backends: an
//! SQLite file, and a scratch PostgreSQL database when a server answers
//! (`sitrep_store::scratch`; under CI one must).

use jiff::civil::Date;
use rusqlite::Connection;
use sitrep_core::{
    Claim, Claimant, ClaimantKind, Document, DocumentMeta, Event, EventActor, EventDate,
    EventLocation, Evidence, Fatalities, Figure, Incident, IncidentQuery, Lang, Qualifier, Report,
};
use sitrep_store::scratch::ScratchDb;
use sitrep_store::{DbTarget, Extracted, Store, StoreError};

/// One database of each backend, made for one test.
struct TestDb {
    target: DbTarget,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<ScratchDb>,
}

impl TestDb {
    fn open(&self) -> Store {
        Store::open_target(&self.target, sitrep_link::LinkConfig::default())
            .unwrap_or_else(|e| panic!("open {}: {e}", self.target))
    }
}

/// Runs `test` on a new SQLite file, then on a new PostgreSQL database
/// when a server answers.
fn on_each_backend(tag: &str, test: impl Fn(&TestDb)) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lite = TestDb {
        target: DbTarget::File(dir.path().join("s.db")),
        _dir: Some(dir),
        _pg: None,
    };
    test(&lite);
    if let Some(pg) = ScratchDb::create(tag).unwrap_or_else(|e| panic!("{e}")) {
        let db = TestDb {
            target: pg.target(),
            _dir: None,
            _pg: Some(pg),
        };
        test(&db);
    }
}

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../sitrep/tests/fixtures/incidents/reports.jsonl"
);

fn corpus() -> Vec<Document> {
    let text = std::fs::read_to_string(CORPUS).expect("the incident corpus is part of the project");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("corpus line is JSON");
            let s = |k: &str| v[k].as_str().map(String::from);
            Document {
                id: s("id").expect("id"),
                text: s("text").expect("text"),
                title: s("title"),
                published: s("published").map(|p| p.parse().expect("date")),
                url: None,
                source: s("source"),
                language: s("language").map(|l| l.parse().expect("lang")),
            }
        })
        .collect()
}

fn day(s: &str) -> Date {
    s.parse().expect("test date")
}

fn evidence(doc: &Document, words: &str) -> Evidence {
    let start = doc
        .text
        .find(words)
        .unwrap_or_else(|| panic!("'{words}' not in {}", doc.id));
    Evidence {
        text: words.into(),
        start,
        end: start + words.len(),
    }
}

struct Place(&'static str, f64, f64, &'static str, &'static str);

const MENAKA: Place = Place("Ménaka", 15.9182, 2.4022, "ML", "Ménaka");
const DJIBO: Place = Place("Djibo", 14.0994, -1.6306, "BF", "Sahel");
const OUALLAM: Place = Place("Ouallam", 14.3181, 2.0864, "NE", "Tillabéri");

fn event(id: &str, kind: (&str, &str), on: &str, place: &Place) -> Event {
    Event {
        id: id.into(),
        background: false,
        event_type: kind.0.into(),
        sub_event_type: kind.1.into(),
        date: Some(EventDate {
            start: day(on),
            end: day(on),
            time_precision: 1,
            evidence: None,
        }),
        location: Some(EventLocation {
            name: place.0.into(),
            geonameid: None,
            country_code: Some(place.3.into()),
            country: None,
            admin1: Some(place.4.into()),
            admin2: None,
            latitude: Some(place.1),
            longitude: Some(place.2),
            geo_precision: 1,
            evidence: None,
        }),
        actors: Vec::new(),
        civilian_targeting: false,
        fatalities: Fatalities::default(),
        claims: Vec::new(),
        notes: format!("{} at {}", kind.1, place.0),
        evidence: Evidence {
            text: String::new(),
            start: 0,
            end: 0,
        },
    }
}

fn actor(name: &str, role: &str, inter: u8) -> EventActor {
    EventActor {
        name: name.into(),
        role: role.into(),
        inter,
        evidence: Vec::new(),
    }
}

fn figure(doc: &Document, words: &str, value: u32, q: Qualifier, category: &str) -> Figure {
    Figure {
        value: Some(value),
        high: None,
        qualifier: q,
        category: category.into(),
        evidence: evidence(doc, words),
    }
}

fn claim(
    doc: &Document,
    who: (&str, ClaimantKind),
    cue: &str,
    killed: Option<Figure>,
    injured: Option<Figure>,
) -> Claim {
    Claim {
        claimant: Claimant {
            name: who.0.into(),
            kind: who.1,
        },
        cue: Some(evidence(doc, cue)),
        killed,
        injured,
        additional: false,
    }
}

const STRIKE: (&str, &str) = ("Explosions/Remote violence", "Air/drone strike");
const AMBUSH: (&str, &str) = ("Battles", "Armed clash");
const ATTACK: (&str, &str) = ("Violence against civilians", "Attack");
const MALI_ARMY: (&str, ClaimantKind) = ("Military Forces of Mali", ClaimantKind::Party);
const OFFICIALS: (&str, ClaimantKind) = ("local officials", ClaimantKind::Official);

/// What the recognisers should read in each corpus document.
fn events_of(doc: &Document) -> Vec<Event> {
    use Qualifier::*;
    let d = doc;
    match d.id.as_str() {
        "a1-journal-du-sahel" => {
            let mut e = event("e1", STRIKE, "2024-03-10", &MENAKA);
            e.actors = vec![actor("Military Forces of Mali", "actor1", 1)];
            e.claims = vec![claim(
                d,
                MALI_ARMY,
                "L'armée malienne a annoncé",
                Some(figure(
                    d,
                    "une quinzaine de terroristes",
                    15,
                    About,
                    "combatants",
                )),
                None,
            )];
            vec![e]
        }
        "a2-sahel-wire" | "a3-daily-courier" | "a4-gao-herald" => {
            let mut e = event("e1", STRIKE, "2024-03-10", &MENAKA);
            e.civilian_targeting = true;
            e.claims = vec![claim(
                d,
                OFFICIALS,
                "local officials said",
                Some(figure(d, "18 civilians", 18, Exact, "civilians")),
                None,
            )];
            if d.id == "a4-gao-herald" {
                e.claims.push(claim(
                    d,
                    ("a humanitarian group", ClaimantKind::Ngo),
                    "A humanitarian group working in the area said",
                    Some(figure(d, "at least 20 people", 20, AtLeast, "people")),
                    Some(figure(d, "31 wounded", 31, Exact, "people")),
                ));
            }
            vec![e]
        }
        "b1-courrier-de-djibo" => {
            let mut e = event("e1", AMBUSH, "2024-03-12", &DJIBO);
            e.actors = vec![actor("Military Forces of Burkina Faso", "actor2", 1)];
            e.claims = vec![claim(
                d,
                ("Military Forces of Burkina Faso", ClaimantKind::Party),
                "a indiqué l'état-major",
                Some(figure(d, "Huit soldats", 8, Exact, "soldiers")),
                None,
            )];
            vec![e]
        }
        "b2-burkina-monitor" => {
            let mut e = event("e1", AMBUSH, "2024-03-12", &DJIBO);
            e.actors = vec![
                actor("JNIM", "actor1", 2),
                actor("Military Forces of Burkina Faso", "actor2", 1),
            ];
            e.claims = vec![
                claim(
                    d,
                    ("JNIM", ClaimantKind::Party),
                    "The JNIM group claimed",
                    Some(figure(d, "30 soldiers", 30, Exact, "soldiers")),
                    None,
                ),
                claim(
                    d,
                    ("Military Forces of Burkina Faso", ClaimantKind::Party),
                    "The army put the toll",
                    Some(figure(d, "eight soldiers", 8, Exact, "soldiers")),
                    None,
                ),
            ];
            vec![e]
        }
        "b3-radio-sahel-info" => {
            let mut e = event("e1", AMBUSH, "2024-03-12", &DJIBO);
            e.claims = vec![claim(
                d,
                ("security sources", ClaimantKind::Official),
                "selon des sources sécuritaires",
                Some(figure(d, "Au moins dix soldats", 10, AtLeast, "soldiers")),
                None,
            )];
            vec![e]
        }
        "c1-niamey-matin" => {
            let mut e = event("e1", ATTACK, "2024-03-20", &OUALLAM);
            e.claims = vec![claim(
                d,
                ("mayor", ClaimantKind::Official),
                "a déclaré le maire",
                Some(figure(d, "Douze civils", 12, Exact, "civilians")),
                None,
            )];
            vec![e]
        }
        "c2-west-africa-desk" => {
            let mut e = event("e1", ATTACK, "2024-03-20", &OUALLAM);
            e.claims = vec![claim(
                d,
                ("local rights group", ClaimantKind::Ngo),
                "a local rights group said",
                Some(figure(d, "At least 14 villagers", 14, AtLeast, "civilians")),
                None,
            )];
            let mut recalled = event("e2", STRIKE, "2024-03-10", &MENAKA);
            recalled.background = true;
            recalled.claims = vec![claim(
                d,
                OFFICIALS,
                "according to local officials",
                Some(figure(d, "18 civilians", 18, Exact, "civilians")),
                None,
            )];
            vec![e, recalled]
        }
        other => panic!("unexpected corpus document {other}"),
    }
}

fn extracted(doc: &Document) -> Extracted {
    Extracted {
        report: Report {
            document: DocumentMeta::of(doc, doc.language.unwrap_or(Lang::En)),
            events: events_of(doc),
        },
        document: doc.clone(),
        mentions: Vec::new(),
    }
}

fn all_incidents(store: &Store) -> Vec<Incident> {
    store
        .incidents(&IncidentQuery::default())
        .expect("query")
        .incidents
}

fn by_place<'a>(incidents: &'a [Incident], name: &str) -> &'a Incident {
    incidents
        .iter()
        .find(|i| i.location.as_ref().is_some_and(|l| l.name == name))
        .unwrap_or_else(|| panic!("no incident at {name}"))
}

fn doc_ids(i: &Incident) -> Vec<&str> {
    i.documents.iter().map(|d| d.id.as_str()).collect()
}

#[test]
fn the_corpus_makes_three_incidents_with_every_claim() {
    on_each_backend("corpus", |db| {
        let mut store = db.open();
        let docs = corpus();
        assert!(docs.len() >= 8);
        let batch: Vec<Extracted> = docs.iter().map(extracted).collect();
        let s = store.ingest(&batch).expect("ingest");
        assert_eq!((s.new, s.duplicate, s.reprints), (8, 1, 1));
        assert_eq!(s.incidents_created, 3);
        let counts = store.counts().expect("counts");
        assert_eq!(counts.claims, 11, "every claim of every stored report");
        let incidents = all_incidents(&store);
        assert_eq!(incidents.len(), 3);

        let menaka = by_place(&incidents, "Ménaka");
        assert_eq!(menaka.event_type, "Explosions/Remote violence");
        assert_eq!(
            doc_ids(menaka),
            vec![
                "a1-journal-du-sahel",
                "a2-sahel-wire",
                "a3-daily-courier",
                "a4-gao-herald",
                "c2-west-africa-desk"
            ]
        );
        // The wire sentence in a2, a3 (whole reprint) and a4 (quoted) is one claim.
        assert_eq!(menaka.claims.len(), 4);
        let wire = menaka
            .claims
            .iter()
            .find(|c| c.document_id == "a2-sahel-wire")
            .expect("wire claim");
        assert_eq!(wire.reprinted_in, vec!["a3-daily-courier", "a4-gao-herald"]);
        assert_eq!(
            (
                menaka.fatalities.low,
                menaka.fatalities.best,
                menaka.fatalities.high,
                menaka.fatalities.acled
            ),
            (Some(15), Some(18), Some(20), Some(15))
        );

        let djibo = by_place(&incidents, "Djibo");
        assert_eq!(djibo.claims.len(), 4);
        assert_eq!(djibo.documents.len(), 3);
        assert_eq!(djibo.fatalities.low, Some(8));
        assert_eq!(djibo.fatalities.high, Some(30));
        assert_eq!(djibo.fatalities.best, Some(8), "two army claims support 8");
        assert!(djibo.actors.iter().any(|a| a.name == "JNIM"));

        let ouallam = by_place(&incidents, "Ouallam");
        assert_eq!(
            doc_ids(ouallam),
            vec!["c1-niamey-matin", "c2-west-africa-desk"]
        );
        assert_eq!(ouallam.claims.len(), 2);
        assert_eq!(ouallam.event_type, "Violence against civilians");

        let pooled: usize = incidents.iter().map(|i| i.claims.len()).sum();
        assert_eq!(
            pooled, 10,
            "11 stored claims, the quoted wire sentence once"
        );
    });
}

#[test]
fn reingesting_changes_nothing() {
    on_each_backend("reingest", |db| {
        let batch: Vec<Extracted> = corpus().iter().map(extracted).collect();
        let mut store = db.open();
        store.ingest(&batch).expect("ingest");
        let before = (store.counts().expect("counts"), all_incidents(&store));
        drop(store);
        let mut store = db.open();
        let s = store.ingest(&batch).expect("again");
        assert_eq!((s.new, s.duplicate, s.reprints, s.events), (0, 9, 0, 0));
        // The same text under yet another id is a reprint, not new claims.
        let mut copy = batch[1].clone();
        copy.document.id = "a2-copy".into();
        copy.document.text = copy.document.text.to_uppercase().replace(' ', "  ");
        let s = store.ingest(&[copy]).expect("copy");
        assert_eq!((s.new, s.reprints), (0, 1));
        let after = store.counts().expect("counts");
        assert_eq!(after.claims, before.0.claims);
        assert_eq!(after.events, before.0.events);
        assert_eq!(after.incidents, before.0.incidents);
        let menaka = by_place(&all_incidents(&store), "Ménaka").clone();
        assert_eq!(menaka.claims.len(), 4);
        assert!(doc_ids(&menaka).contains(&"a2-copy"));
        assert_eq!(menaka.fatalities, by_place(&before.1, "Ménaka").fatalities);
    });
}

#[test]
fn a_background_mention_first_still_joins_its_incident_later() {
    on_each_backend("background", |db| {
        let mut store = db.open();
        let mut docs = corpus();
        let at = docs
            .iter()
            .position(|d| d.id == "c2-west-africa-desk")
            .expect("c2");
        let c2 = docs.remove(at);
        store.ingest(&[extracted(&c2)]).expect("c2 alone");
        assert_eq!(store.counts().expect("counts").incidents, 1, "Ouallam only");
        for d in &docs {
            store.ingest(&[extracted(d)]).expect("one by one");
        }
        let incidents = all_incidents(&store);
        assert_eq!(incidents.len(), 3);
        assert!(doc_ids(by_place(&incidents, "Ménaka")).contains(&"c2-west-africa-desk"));
        assert_eq!(by_place(&incidents, "Ménaka").claims.len(), 4);
    });
}

#[test]
fn queries_filter_and_page() {
    on_each_backend("queries", |db| {
        let mut store = db.open();
        let batch: Vec<Extracted> = corpus().iter().map(extracted).collect();
        store.ingest(&batch).expect("ingest");
        let q = |q: IncidentQuery| store.incidents(&q).expect("query");
        let page = q(IncidentQuery {
            country: Some("bf".into()),
            ..Default::default()
        });
        assert_eq!(page.total, 1);
        assert_eq!(page.incidents[0].event_type, "Battles");
        let page = q(IncidentQuery {
            since: Some(day("2024-03-12")),
            ..Default::default()
        });
        assert_eq!(page.total, 2);
        let page = q(IncidentQuery {
            until: Some(day("2024-03-11")),
            event_type: Some("Explosions/Remote violence".into()),
            ..Default::default()
        });
        assert_eq!(page.total, 1);
        let page = q(IncidentQuery {
            bbox: Some([0.0, 13.0, 3.0, 15.0]),
            ..Default::default()
        });
        assert_eq!(page.total, 1, "Ouallam only");
        let page = q(IncidentQuery {
            offset: 1,
            limit: Some(1),
            ..Default::default()
        });
        assert_eq!((page.total, page.incidents.len()), (3, 1));
        assert_eq!(
            page.incidents[0].location.as_ref().map(|l| l.name.as_str()),
            Some("Djibo"),
            "date order"
        );
        // Every incident the SQL filter returns also passes the core filter.
        let filter = IncidentQuery {
            country: Some("ML".into()),
            since: Some(day("2024-03-01")),
            ..Default::default()
        };
        for i in &q(filter.clone()).incidents {
            assert!(filter.matches(i));
        }
        let first = &q(IncidentQuery::default()).incidents[0];
        assert_eq!(store.incident(first.id).expect("one").as_ref(), Some(first));
        assert_eq!(store.incident(9999).expect("none"), None);
        let doc = store
            .document("a3-daily-courier")
            .expect("doc")
            .expect("reprint");
        assert_eq!(doc.meta.source.as_deref(), Some("Daily Courier"));
        assert!(doc.text.contains("weekly market"));
        assert!(store.document("nope").expect("none").is_none());
        assert_eq!(
            store.info().expect("info").counts,
            store.counts().expect("counts")
        );
    });
}

#[test]
fn foreign_files_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "These are my notes, not a database.\n".repeat(200)).expect("write");
    let err = Store::open(&text).err().expect("a text file is refused");
    assert!(matches!(err, StoreError::NotSitrep { .. }), "{err}");
    assert!(err.to_string().contains("not a sitrep database"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&text).expect("read").len(),
        36 * 200,
        "left untouched"
    );

    let other = dir.path().join("other.db");
    let conn = Connection::open(&other).expect("sqlite");
    conn.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');")
        .expect("other db");
    drop(conn);
    let err = Store::open(&other)
        .err()
        .expect("another app's db is refused");
    assert!(err.to_string().contains("another application"), "{err}");

    let newer = dir.path().join("newer.db");
    drop(Store::open(&newer).expect("create"));
    let conn = Connection::open(&newer).expect("sqlite");
    conn.pragma_update(None, "user_version", 99).expect("bump");
    drop(conn);
    let err = Store::open(&newer)
        .err()
        .expect("a newer schema is refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
}

#[test]
fn a_version_1_database_is_migrated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v1.db");
    let docs = corpus();
    let wire = docs.iter().find(|d| d.id == "a2-sahel-wire").expect("wire");
    let conn = Connection::open(&path).expect("sqlite");
    conn.execute_batch(sitrep_store::SCHEMA_V1)
        .expect("v1 schema");
    conn.pragma_update(None, "application_id", sitrep_store::APPLICATION_ID)
        .expect("id");
    conn.pragma_update(None, "user_version", 1)
        .expect("version");
    let report = extracted(wire).report;
    let event = &report.events[0];
    conn.execute(
        "INSERT INTO documents (id, language, published, title, source, url, text, mentions, ingested_at) \
         VALUES (?1, 'en', '2024-03-11', NULL, 'Sahel Wire', NULL, ?2, '[]', '2024-03-11T00:00:00Z')",
        rusqlite::params![wire.id, wire.text],
    )
    .expect("v1 document");
    conn.execute(
        "INSERT INTO events (document_id, event_id, background, event_type, date_start, date_end, event) \
         VALUES (?1, 'e1', 0, ?2, '2024-03-10', '2024-03-10', ?3)",
        rusqlite::params![
            wire.id,
            event.event_type,
            serde_json::to_string(event).expect("json")
        ],
    )
    .expect("v1 event");
    conn.execute(
        "INSERT INTO claims (event_row, document_id, claimant, killed, claim) VALUES (1, ?1, 'local officials', 18, ?2)",
        rusqlite::params![wire.id, serde_json::to_string(&event.claims[0]).expect("json")],
    )
    .expect("v1 claim");
    let incident = sitrep_link::build_incident(
        1,
        &[sitrep_link::Member {
            event: event.clone(),
            document: report.document.clone(),
            reprints: Vec::new(),
            claim_keys: vec![String::new()],
        }],
    )
    .expect("one member");
    conn.execute(
        "INSERT INTO incidents (id, event_type, date_start, date_end, country_code, latitude, longitude, body) \
         VALUES (1, ?1, '2024-03-10', '2024-03-10', 'ML', ?2, ?3, ?4)",
        rusqlite::params![
            incident.event_type,
            MENAKA.1,
            MENAKA.2,
            serde_json::to_string(&incident).expect("json")
        ],
    )
    .expect("v1 incident");
    conn.execute("UPDATE events SET incident_id = 1", [])
        .expect("linked");
    drop(conn);

    let mut store = Store::open(&path).expect("migrates");
    drop(store);
    let conn = Connection::open(&path).expect("sqlite");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, sitrep_store::SCHEMA_VERSION);
    let key: String = conn
        .query_row("SELECT sentence_key FROM claims", [], |r| r.get(0))
        .expect("backfilled key");
    assert!(key.contains("killing 18 civilians"), "{key}");
    let link_key: String = conn
        .query_row("SELECT link_key FROM incidents WHERE id = 1", [], |r| {
            r.get(0)
        })
        .expect("backfilled link key");
    assert!(link_key.contains("Ménaka"), "{link_key}");
    drop(conn);
    store = Store::open(&path).expect("reopen at the current version");
    // The tally starts from the incidents the old version stored.
    assert_eq!(
        store
            .incidents(&IncidentQuery::default())
            .expect("list")
            .total,
        1
    );
    // The backfilled hash makes the reprint a reprint.
    let reprint = docs
        .iter()
        .find(|d| d.id == "a3-daily-courier")
        .expect("a3");
    let s = store
        .ingest(&[extracted(reprint), extracted(wire)])
        .expect("ingest");
    assert_eq!((s.new, s.duplicate, s.reprints), (0, 2, 1));
    // A new report of the same strike joins the migrated incident.
    let herald = docs.iter().find(|d| d.id == "a4-gao-herald").expect("a4");
    let s = store.ingest(&[extracted(herald)]).expect("ingest a4");
    assert_eq!((s.new, s.incidents_created), (1, 0));
    let incident = store.incident(1).expect("read").expect("incident 1");
    assert_eq!(
        doc_ids(&incident),
        vec!["a2-sahel-wire", "a3-daily-courier", "a4-gao-herald"]
    );
    assert_eq!(store.integrity_check().expect("check"), "ok");
}

#[test]
fn candidate_incidents_come_from_the_cell_and_date_indexes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    drop(Store::open(&path).expect("create"));
    let conn = Connection::open(&path).expect("sqlite");
    let plan: Vec<String> = {
        let mut st = conn
            .prepare(&format!(
                "EXPLAIN QUERY PLAN {}",
                sitrep_store::CANDIDATES_SQL
            ))
            .expect("plan");
        st.query_map(
            rusqlite::params![
                "2024-03-15",
                "2024-03-09",
                16.0,
                16.5,
                -0.3,
                0.3,
                None::<u32>,
                "ML",
                None::<String>,
                false,
                "2024-03-02",
                "2024-02-07",
                sitrep_store::MONTH_SPAN_DAYS,
                106_179,
                106_180,
                106_179,
                106_179,
                106_179,
                106_179,
                0
            ],
            |r| r.get::<_, String>(3),
        )
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("plan rows")
    };
    for index in ["incidents_cells", "incidents_dates", "incidents_nowhere"] {
        assert!(plan.iter().any(|p| p.contains(index)), "{index}: {plan:?}");
    }
    assert!(
        plan.iter()
            .any(|p| p.contains("incidents_cells") && p.contains("cell=?")),
        "the cells are read by range: {plan:?}"
    );
    assert!(
        plan.iter().any(|p| p.contains("incidents_weeks")),
        "{plan:?}"
    );
    for index in [
        "incidents_place",
        "incidents_admin2",
        "incidents_region_country",
        "incidents_country_dates",
    ] {
        assert!(plan.iter().any(|p| p.contains(index)), "{index}: {plan:?}");
    }
    assert!(
        !plan.iter().any(|p| p.starts_with("SCAN incidents")),
        "never a full scan: {plan:?}"
    );
}

#[test]
fn the_list_is_read_in_index_order_never_sorted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("s.db")).expect("create");
    let queries = [
        IncidentQuery::default(),
        IncidentQuery {
            offset: 500,
            limit: Some(100),
            ..Default::default()
        },
        IncidentQuery {
            country: Some("ml".into()),
            ..Default::default()
        },
        IncidentQuery {
            event_type: Some("Battles".into()),
            ..Default::default()
        },
        IncidentQuery {
            since: Some(day("2024-03-01")),
            ..Default::default()
        },
        IncidentQuery {
            until: Some(day("2024-03-31")),
            country: Some("BF".into()),
            ..Default::default()
        },
        IncidentQuery {
            since: Some(day("2024-03-01")),
            until: Some(day("2024-03-31")),
            bbox: Some([-12.0, 10.0, 5.0, 25.0]),
            ..Default::default()
        },
    ];
    for q in &queries {
        let plan = store.incidents_plan(q).expect("plan");
        assert!(
            !plan.iter().any(|p| p.contains("TEMP B-TREE")),
            "{q:?}: {plan:?}"
        );
        assert!(
            plan.iter()
                .any(|p| p.contains("incidents_list") || p.contains("incidents_country_list")),
            "{q:?}: {plan:?}"
        );
    }
    let plan = store
        .incidents_plan(&IncidentQuery::default())
        .expect("plan");
    assert_eq!(plan, vec!["SCAN incidents USING INDEX incidents_list"]);
}

#[test]
fn undated_incidents_come_last_and_the_tally_follows_every_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).expect("open");
    let batch: Vec<Extracted> = corpus().iter().map(extracted).collect();
    store.ingest(&batch).expect("ingest");
    let dated = all_incidents(&store);
    assert_eq!(dated.len(), 3);
    // Two undated incidents, written as ingest writes a row, out of id order
    // with the dated ones.
    let conn = Connection::open(&path).expect("sqlite");
    for id in [1000, 10] {
        let undated = Incident {
            id,
            date: None,
            ..dated[0].clone()
        };
        conn.execute(
            "INSERT INTO incidents (id, event_type, body) VALUES (?1, ?2, ?3)",
            rusqlite::params![
                id,
                undated.event_type,
                serde_json::to_string(&undated).expect("json")
            ],
        )
        .expect("insert");
    }
    let page = store.incidents(&IncidentQuery::default()).expect("list");
    assert_eq!(page.total, 5);
    let ids: Vec<u64> = page.incidents.iter().map(|i| i.id).collect();
    let dated_ids: Vec<u64> = dated.iter().map(|i| i.id).collect();
    assert_eq!(ids[..3], dated_ids[..]);
    assert_eq!(ids[3..], [10, 1000]);
    let starts: Vec<_> = dated
        .iter()
        .map(|i| i.date.as_ref().map(|d| d.start))
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    // A date filter passes dated incidents only.
    let page = store
        .incidents(&IncidentQuery {
            until: Some(day("2100-01-01")),
            ..Default::default()
        })
        .expect("list");
    assert_eq!(page.total, 3);

    conn.execute("DELETE FROM incidents WHERE id = 1000", [])
        .expect("delete");
    let tally = |store: &Store| {
        store
            .incidents(&IncidentQuery::default())
            .expect("list")
            .total
    };
    assert_eq!(tally(&store), 4);
    let counted: i64 = conn
        .query_row("SELECT count(*) FROM incidents", [], |r| r.get(0))
        .expect("count");
    assert_eq!(counted, 4);
}

#[test]
fn a_read_only_store_reads_and_refuses_to_create_upgrade_or_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.db");
    assert!(Store::open_read_only(&missing).is_err());
    assert!(!missing.exists(), "nothing created");

    let other = dir.path().join("other.db");
    std::fs::write(
        &other,
        b"not a database, just some text that is long enough",
    )
    .expect("write");
    let err = Store::open_read_only(&other).err().expect("refused");
    assert!(matches!(err, StoreError::NotSitrep { .. }), "{err}");

    on_each_backend("read_only", |db| {
        let mut writer = db.open();
        let batch: Vec<Extracted> = corpus().iter().map(extracted).collect();
        writer.ingest(&batch).expect("ingest");
        let mut reader = Store::open_target_read_only(&db.target).expect("read-only");
        assert_eq!(
            reader.incidents(&IncidentQuery::default()).expect("list"),
            writer.incidents(&IncidentQuery::default()).expect("list")
        );
        assert!(reader.document("a3-daily-courier").expect("doc").is_some());
        // The same text under a new id would be stored as a reprint.
        let mut reprint = batch[0].clone();
        reprint.document.id = "a-reprint".into();
        reprint.report.document.id = "a-reprint".into();
        assert!(reader.ingest(&[reprint]).is_err(), "a reader cannot write");
        assert_eq!(
            writer.counts().expect("counts").reprints,
            1,
            "nothing written"
        );
    });

    let path = dir.path().join("s.db");
    drop(Store::open(&path).expect("create"));

    let conn = Connection::open(&path).expect("sqlite");
    conn.pragma_update(None, "user_version", 2)
        .expect("downgrade");
    drop(conn);
    let err = Store::open_read_only(&path).err().expect("outdated");
    assert!(
        matches!(err, StoreError::Outdated { found: 2, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("upgrade"), "{err}");
}

/// PostgreSQL's side of the refusals and of versioning: another
/// application's tables, a newer sitrep's schema, a reader on a database
/// with no sitrep schema; and `migrate` twice changes nothing.
#[test]
fn postgres_refuses_foreign_and_newer_databases() {
    let Some(pg) = ScratchDb::create("refusals").unwrap_or_else(|e| panic!("{e}")) else {
        return;
    };
    let target = pg.target();
    let err = Store::open_target_read_only(&target)
        .err()
        .expect("no schema yet: a reader refuses");
    assert!(matches!(err, StoreError::NotSitrep { .. }), "{err}");
    let mut admin = postgres::Client::connect(pg.url(), postgres::NoTls).expect("connect");
    admin
        .batch_execute("CREATE TABLE recipes (name TEXT)")
        .expect("foreign table");
    let err = Store::open_target(&target, Default::default())
        .err()
        .expect("another application's tables are refused");
    assert!(err.to_string().contains("another application"), "{err}");
    assert!(!err.to_string().contains(":5432/test"), "{err}");
    admin.batch_execute("DROP TABLE recipes").expect("drop");

    let store = Store::open_target(&target, Default::default()).expect("create");
    let info = store.info().expect("info");
    assert_eq!(
        (info.backend, info.schema_version),
        ("postgresql", sitrep_store::PG_SCHEMA_VERSION)
    );
    drop(store);
    let again = Store::open_target(&target, Default::default()).expect("open again");
    assert_eq!(
        again.info().expect("info"),
        info,
        "a second migrate changes nothing"
    );
    drop(again);
    admin
        .batch_execute("UPDATE sitrep_meta SET value = '99' WHERE key = 'schema_version'")
        .expect("bump");
    let err = Store::open_target(&target, Default::default())
        .err()
        .expect("a newer schema is refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    let err = Store::open_target_read_only(&target)
        .err()
        .expect("also read-only");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
}

/// A connection that cannot be made says where and what to check.
#[test]
fn an_unreachable_server_is_named_with_a_hint() {
    let target = DbTarget::parse("postgres://someone:secret@127.0.0.1:1/nowhere");
    let err = Store::open_target(&target, Default::default())
        .err()
        .expect("nothing listens on port 1");
    let msg = err.to_string();
    assert!(
        msg.contains("postgres://someone@127.0.0.1:1/nowhere"),
        "{msg}"
    );
    assert!(
        !msg.contains("secret"),
        "the password is never printed: {msg}"
    );
    assert!(msg.contains("check that the server runs"), "{msg}");
}

/// A report of our own, one event at `place` on `on`; `background` when
/// the report only recalls it.
fn report_at(id: &str, on: &str, place: &Place, background: bool) -> Extracted {
    let doc = Document {
        id: id.into(),
        text: format!(
            "Report {id}: gunmen attacked a convoy near {} on {on}; the army said it repelled them.",
            place.0
        ),
        title: None,
        published: Some(day(on)),
        url: None,
        source: Some(format!("outlet {id}")),
        language: Some(Lang::En),
    };
    let mut e = event(&format!("{id}-e1"), AMBUSH, on, place);
    e.background = background;
    Extracted {
        report: Report {
            document: DocumentMeta::of(&doc, Lang::En),
            events: vec![e],
        },
        document: doc,
        mentions: Vec::new(),
    }
}

/// Runs a statement on the test database directly, past the store.
fn raw_exec(db: &TestDb, sql: &str) {
    match &db.target {
        DbTarget::File(path) => {
            Connection::open(path)
                .and_then(|c| c.execute_batch(sql))
                .expect("sqlite statement");
        }
        DbTarget::Postgres(url) => {
            postgres::Client::connect(url, postgres::NoTls)
                .and_then(|mut c| c.batch_execute(sql))
                .expect("postgres statement");
        }
    }
}

// Two points 300 m apart on either side of the corner of four one-degree
// grid cells (13 N, 1 W).
const SOUTH_WEST_OF_CORNER: Place = Place("Kouka", 12.9990, -1.0010, "BF", "Centre-Nord");
const NORTH_EAST_OF_CORNER: Place = Place("Kouka", 13.0010, -0.9990, "BF", "Centre-Nord");
const FAR_NORTH: Place = Place("Kouka", 13.9000, -1.0010, "BF", "Sahel");

#[test]
fn orphans_are_adopted_across_grid_cells_and_from_rows_stored_before_the_place_columns() {
    on_each_backend("orphans", |db| {
        let mut store = db.open();
        // The recalled event comes first, in the cell south-west of the
        // corner; the report of it, in the cell north-east, makes the
        // incident, which must find it.
        let s = store
            .ingest(&[report_at("o1", "2024-05-02", &SOUTH_WEST_OF_CORNER, true)])
            .expect("o1");
        assert_eq!(s.incidents_created, 0, "a recalled event alone makes none");
        store
            .ingest(&[report_at("o2", "2024-05-02", &NORTH_EAST_OF_CORNER, false)])
            .expect("o2");
        // And the other way round, a month later.
        store
            .ingest(&[report_at("p1", "2024-06-02", &NORTH_EAST_OF_CORNER, true)])
            .expect("p1");
        store
            .ingest(&[report_at("p2", "2024-06-02", &SOUTH_WEST_OF_CORNER, false)])
            .expect("p2");
        let incidents = all_incidents(&store);
        assert_eq!(incidents.len(), 2);
        assert_eq!(doc_ids(&incidents[0]), vec!["o1", "o2"]);
        assert_eq!(doc_ids(&incidents[1]), vec!["p1", "p2"]);

        // An orphan stored by an older sitrep has no place columns: it is
        // still found (read as placeless), and adopted.
        store
            .ingest(&[report_at("o3", "2024-08-20", &SOUTH_WEST_OF_CORNER, true)])
            .expect("o3");
        raw_exec(
            db,
            "UPDATE events SET cell = NULL, latitude = NULL, longitude = NULL, country_code = NULL, \
             admin1_key = NULL, admin2_key = NULL, geo_precision = NULL, geonameid = NULL \
             WHERE document_id = 'o3'",
        );
        store
            .ingest(&[report_at("o4", "2024-08-21", &NORTH_EAST_OF_CORNER, false)])
            .expect("o4");
        let incidents = all_incidents(&store);
        assert_eq!(incidents.len(), 3);
        assert_eq!(doc_ids(&incidents[2]), vec!["o3", "o4"]);

        // Far away (another country, 400 km), the same day: no adoption.
        store
            .ingest(&[report_at("o5", "2024-08-21", &OUALLAM, true)])
            .expect("o5");
        store
            .ingest(&[report_at("o6", "2024-08-22", &NORTH_EAST_OF_CORNER, false)])
            .expect("o6");
        for incident in all_incidents(&store) {
            assert!(!doc_ids(&incident).contains(&"o5"), "{incident:?}");
        }

        // One GeoNames entry placed 100 km apart by two texts (a village
        // learned near two towns): the same place for linking, wherever
        // its points, so the orphan is adopted.
        let with_id = |mut e: Extracted| {
            if let Some(l) = e.report.events[0].location.as_mut() {
                l.geonameid = Some(3_221_225_999);
            }
            e
        };
        store
            .ingest(&[with_id(report_at(
                "g1",
                "2024-10-05",
                &SOUTH_WEST_OF_CORNER,
                true,
            ))])
            .expect("g1");
        store
            .ingest(&[with_id(report_at("g2", "2024-10-05", &FAR_NORTH, false))])
            .expect("g2");
        let incidents = all_incidents(&store);
        let last = incidents.last().expect("an incident");
        assert_eq!(doc_ids(last), vec!["g1", "g2"]);
    });
}

#[test]
fn long_values_are_stored_compressed_and_read_back_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).expect("create");
    let docs = corpus();
    let batch: Vec<Extracted> = docs.iter().map(extracted).collect();
    store.ingest(&batch).expect("ingest");
    let conn = Connection::open(&path).expect("sqlite");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    // Every document text of the corpus is long enough to gain.
    assert_eq!(
        count("SELECT count(*) FROM documents WHERE typeof(text) = 'blob'"),
        count("SELECT count(*) FROM documents")
    );
    assert!(count("SELECT count(*) FROM events WHERE typeof(event) = 'blob'") > 0);
    assert!(count("SELECT count(*) FROM incidents WHERE typeof(body) = 'blob'") > 0);
    let packed = count("SELECT sum(length(event)) FROM events");
    let json: i64 = batch
        .iter()
        .flat_map(|b| &b.report.events)
        .map(|e| serde_json::to_string(e).expect("json").len() as i64)
        .sum();
    assert!(
        packed * 2 < json,
        "events: {packed} bytes stored for {json}"
    );
    for d in &docs {
        let stored = store.document(&d.id).expect("read").expect("stored");
        assert_eq!(stored.text, d.text);
    }
    assert_eq!(all_incidents(&store).len(), 3);
    // A value damaged on disk is an error naming the database, never a panic.
    conn.execute(
        "UPDATE documents SET text = X'28B52FFD2040FFFFFF' WHERE id = ?1",
        [&docs[0].id],
    )
    .expect("damage");
    let err = store.document(&docs[0].id).expect_err("damaged");
    assert!(err.to_string().contains("s.db"), "{err}");
}

#[test]
fn every_written_incident_takes_the_next_change_number() {
    on_each_backend("changes", |db| {
        let docs = corpus();
        let mut store = db.open();
        let empty = store.changes(0, 0).expect("head");
        assert_eq!(empty, sitrep_core::ChangePage::default());
        store.ingest(&[extracted(&docs[0])]).expect("first");
        let first = store.changes(0, 100).expect("changes");
        assert_eq!(first.incidents.len(), 1, "one incident written");
        let head = store.changes(0, 0).expect("head").last;
        assert_eq!(head, first.last);
        assert!(store.changes(head, 100).expect("none").incidents.is_empty());
        // The rest: new incidents and the first one rebuilt as reports
        // join it come after `head`, each once, the newest state of each.
        let rest: Vec<Extracted> = docs[1..].iter().map(extracted).collect();
        store.ingest(&rest).expect("rest");
        let later = store.changes(head, 100).expect("later");
        assert!(later.last > head);
        let mut ids: Vec<u64> = later.incidents.iter().map(|i| i.id).collect();
        ids.sort_unstable();
        let mut all: Vec<u64> = all_incidents(&store).iter().map(|i| i.id).collect();
        all.sort_unstable();
        assert_eq!(ids, all, "every incident changed after the first batch");
        for i in &later.incidents {
            assert_eq!(Some(i), store.incident(i.id).expect("read").as_ref());
        }
        // Paged: two at a time, nothing lost or repeated.
        let (mut after, mut seen) = (head, Vec::new());
        loop {
            let page = store.changes(after, 2).expect("page");
            if page.incidents.is_empty() {
                break;
            }
            assert!(page.incidents.len() <= 2);
            seen.extend(page.incidents.iter().map(|i| i.id));
            after = page.last;
        }
        seen.sort_unstable();
        assert_eq!(seen, all);
        // Re-ingesting writes nothing, so nothing changes.
        let head = store.changes(0, 0).expect("head").last;
        store.ingest(&rest).expect("again");
        assert_eq!(store.changes(0, 0).expect("head").last, head);
    });
}

#[test]
fn the_watchers_feeds_and_items_survive_a_reopen() {
    use sitrep_store::{FeedState, SeenItem};
    on_each_backend("watchstate", |db| {
        let mut store = db.open();
        assert!(store.feed_states().expect("none").is_empty());
        let mut feed = FeedState {
            url: "http://example.test/feed.xml".into(),
            etag: Some("\"v1\"".into()),
            next_poll: 1_700_000_000,
            last_status: Some(200),
            items: 3,
            ..FeedState::default()
        };
        store.save_feed_state(&feed).expect("save");
        feed.failures = 2;
        feed.last_status = Some(503);
        feed.last_error = Some("the server asks to wait".into());
        store.save_feed_state(&feed).expect("update");
        let item = |url: &str, from_feed_text: bool, retry_at: Option<i64>| SeenItem {
            url: url.into(),
            feed: feed.url.clone(),
            document_id: url.into(),
            first_seen: 1_700_000_000,
            from_feed_text,
            attempts: u32::from(from_feed_text),
            retry_at,
        };
        store
            .mark_items(&[
                item("http://example.test/a", false, None),
                item("http://example.test/b", true, Some(1_700_000_100)),
                item("http://example.test/c", true, Some(1_700_009_999)),
            ])
            .expect("mark");
        drop(store);
        let mut store = db.open();
        assert_eq!(store.feed_states().expect("read"), vec![feed.clone()]);
        assert_eq!(
            store.seen_item("http://example.test/a").expect("a"),
            Some(item("http://example.test/a", false, None))
        );
        assert_eq!(store.seen_item("http://example.test/z").expect("z"), None);
        let due = store.items_to_retry(1_700_000_500, 10).expect("due");
        assert_eq!(
            due.iter().map(|i| i.url.as_str()).collect::<Vec<_>>(),
            ["http://example.test/b"]
        );
        // The page came at last: the item is no longer waiting.
        let mut b = due[0].clone();
        b.from_feed_text = false;
        b.retry_at = None;
        store.mark_items(&[b]).expect("update");
        assert!(store.items_to_retry(i64::MAX, 10).expect("due").len() == 1);
        assert!(store.forget_feed(&feed.url).expect("forget"));
        assert!(!store.forget_feed(&feed.url).expect("again"));
        assert!(store.feed_states().expect("none").is_empty());
    });
}
