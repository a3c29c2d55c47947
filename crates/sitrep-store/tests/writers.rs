//! Two processes writing one database: the second waits its turn instead
//! of failing with "database is locked", and two openings of a new file do
//! not race on its schema. Threads with their own connections stand in for
//! the processes: SQLite's locking is the same.

use jiff::civil::Date;
use sitrep_core::{
    Document, DocumentMeta, Event, EventDate, EventLocation, Evidence, Fatalities, Lang, Report,
};
use sitrep_store::{Extracted, Store};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-writers-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Document `i`: one event a day apart from the others, on a point of its
/// own, so that each makes its own incident whatever the order.
fn item(i: usize) -> Extracted {
    let text = format!("Report number {i}: a checkpoint was attacked.");
    let document = Document {
        id: format!("doc-{i}"),
        text: text.clone(),
        published: Some(Date::constant(2024, 1, 1)),
        language: Some(Lang::En),
        ..Document::default()
    };
    let day = Date::constant(2024, 1, 1)
        .checked_add(jiff::Span::new().days(i as i64 * 10))
        .expect("date in range");
    let event = Event {
        id: format!("doc-{i}-e1"),
        background: false,
        event_type: "Battles".into(),
        sub_event_type: "Armed clash".into(),
        date: Some(EventDate {
            start: day,
            end: day,
            time_precision: 1,
            evidence: None,
        }),
        location: Some(EventLocation {
            name: format!("Place {i}"),
            geonameid: None,
            country_code: Some("ML".into()),
            country: None,
            admin1: None,
            admin2: None,
            latitude: Some(10.0 + i as f64 * 0.01),
            longitude: Some(-5.0),
            geo_precision: 1,
            evidence: None,
        }),
        actors: Vec::new(),
        civilian_targeting: false,
        fatalities: Fatalities::default(),
        claims: Vec::new(),
        notes: String::new(),
        evidence: Evidence {
            text: "attacked".into(),
            start: text.find("attacked").unwrap_or(0),
            end: text.find("attacked").unwrap_or(0) + 8,
        },
    };
    Extracted {
        report: Report {
            document: DocumentMeta::of(&document, Lang::En),
            events: vec![event],
        },
        document,
        mentions: Vec::new(),
    }
}

fn ingest_all(path: &Path, items: &[Extracted], batch: usize) {
    let mut store = Store::open(path).expect("open");
    for chunk in items.chunks(batch) {
        store.ingest(chunk).expect("a second writer waits its turn");
    }
}

#[test]
fn two_writers_interleave_batches_and_store_everything() {
    let dir = scratch("two");
    let db = dir.join("s.db");
    let items: Vec<Extracted> = (0..400).map(item).collect();
    let (odd, even): (Vec<Extracted>, Vec<Extracted>) = items
        .iter()
        .cloned()
        .partition(|e| e.document.id.len() % 2 == 1);
    let start = Arc::new(Barrier::new(2));
    let writers: Vec<_> = [odd, even]
        .into_iter()
        .map(|half| {
            let (db, start) = (db.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                ingest_all(&db, &half, 7);
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer thread");
    }
    let one = dir.join("one.db");
    ingest_all(&one, &items, 50);
    let (a, b) = (
        Store::open(&db).unwrap().counts().unwrap(),
        Store::open(&one).unwrap().counts().unwrap(),
    );
    assert_eq!(a, b);
    assert_eq!(a.documents, 400);
    assert_eq!(a.incidents, 400);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_openings_of_a_new_file_make_its_schema_once() {
    for round in 0..5 {
        let dir = scratch(&format!("new{round}"));
        let db = dir.join("new.db");
        let start = Arc::new(Barrier::new(3));
        let openers: Vec<_> = (0..3)
            .map(|_| {
                let (db, start) = (db.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    Store::open(&db).map(|_| ())
                })
            })
            .collect();
        for o in openers {
            let r = o.join().expect("opener thread");
            assert!(r.is_ok(), "round {round}: {}", r.unwrap_err());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
