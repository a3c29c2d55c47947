//! Incremental linking at scale: many one-event reports spread over places
//! and days. Ignored by default (it takes a while in a debug build); run
//! `cargo test --release -p sitrep-store --test scale -- --ignored --nocapture`.

use sitrep_core::{
    Claim, Claimant, ClaimantKind, Document, DocumentMeta, Event, EventDate, EventLocation,
    Evidence, Fatalities, Figure, Lang, Qualifier, Report,
};
use sitrep_store::{Extracted, Store};
use std::time::Instant;

fn report(i: usize, rng: &mut u64) -> Extracted {
    let mut next = |n: u64| {
        // xorshift: reproducible without a dependency.
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        *rng % n
    };
    let site = next(400);
    let (lat, lon) = (
        12.0 + (site / 20) as f64 * 0.4,
        -5.0 + (site % 20) as f64 * 0.5,
    );
    let day = jiff::civil::date(2023, 1, 1)
        .checked_add(jiff::Span::new().days(next(730) as i64))
        .expect("in range");
    let killed = next(40) as u32;
    let text = format!("Report {i}: {killed} people were killed near site {site}, officials said.");
    let at = text.find(&killed.to_string()).unwrap_or(0);
    let doc = Document {
        id: format!("scale-{i}"),
        text: text.clone(),
        title: None,
        published: Some(day),
        url: None,
        source: Some(format!("outlet {}", next(50))),
        language: Some(Lang::En),
    };
    let event = Event {
        id: "e1".into(),
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
            name: format!("site {site}"),
            geonameid: None,
            country_code: Some("ML".into()),
            country: None,
            admin1: None,
            admin2: None,
            latitude: Some(lat),
            longitude: Some(lon),
            geo_precision: 1,
            evidence: None,
        }),
        actors: Vec::new(),
        civilian_targeting: false,
        fatalities: Fatalities::default(),
        claims: vec![Claim {
            claimant: Claimant {
                name: "officials".into(),
                kind: ClaimantKind::Official,
            },
            cue: None,
            killed: Some(Figure {
                value: Some(killed),
                high: None,
                qualifier: Qualifier::Exact,
                category: "people".into(),
                evidence: Evidence {
                    text: killed.to_string(),
                    start: at,
                    end: at + killed.to_string().len(),
                },
            }),
            injured: None,
            additional: false,
        }],
        notes: String::new(),
        evidence: Evidence {
            text: String::new(),
            start: 0,
            end: 0,
        },
    };
    Extracted {
        report: Report {
            document: DocumentMeta::of(&doc, Lang::En),
            events: vec![event],
        },
        document: doc,
        mentions: Vec::new(),
    }
}

#[test]
#[ignore = "a measurement, slow in debug builds"]
fn linking_stays_fast_as_the_database_grows() {
    let n: usize = std::env::var("SITREP_SCALE_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("scale.db");
    let mut store = Store::open(&path).expect("open");
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let start = Instant::now();
    let mut first_batches = None;
    let batch = 500;
    for b in 0..n.div_ceil(batch) {
        let docs: Vec<Extracted> = (b * batch..((b + 1) * batch).min(n))
            .map(|i| report(i, &mut rng))
            .collect();
        store.ingest(&docs).expect("ingest");
        if b == 9 {
            first_batches = Some(start.elapsed());
        }
        if (b + 1) % 20 == 0 {
            println!(
                "  {} reports: {:.2} s",
                (b + 1) * batch,
                start.elapsed().as_secs_f64()
            );
        }
    }
    let elapsed = start.elapsed();
    let counts = store.counts().expect("counts");
    drop(store);
    let size: u64 = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "{n} one-event reports: {:.1} s ({:.0} reports/s; first 5,000 in {:.2} s), {} incidents, {:.1} MB",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        first_batches.map_or(0.0, |d| d.as_secs_f64()),
        counts.incidents,
        size as f64 / 1e6
    );
    assert_eq!(counts.events, n);
    assert!(counts.incidents < n, "some reports linked");
}
