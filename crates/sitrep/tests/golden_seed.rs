//! The golden test: the seed article of ../shared/corpus/seed, read as an
//! analyst would (expected.json there). Skips when ../shared is absent.

use serde_json::Value;
use sitrep::Pipeline;
use sitrep_annotate::lexicon::LexiconSource;
use sitrep_core::{Document, Event, Lang, Report};
use sitrep_gazetteer::Gazetteer;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("corpus/seed/expected.json").is_file() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared not found (the golden test needs the seed article)");
        None
    }
}

fn extract(shared: &Path) -> (Report, Value) {
    let text = std::fs::read_to_string(shared.join("corpus/seed/tinzaouatene-2024-08-26.fr.txt"))
        .expect("seed article");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("corpus/seed/expected.json")).expect("expected.json"),
    )
    .expect("expected.json is JSON");
    let gaz = Gazetteer::load(
        None,
        &[
            shared.join("gazetteer/ML.txt"),
            shared.join("gazetteer/admin1CodesASCII.txt"),
        ],
    )
    .expect("gazetteer");
    let pipeline = Pipeline::new(&LexiconSource::embedded(), Arc::new(gaz)).expect("lexicons");
    let doc = Document {
        id: "seed".into(),
        text,
        title: None,
        published: Some(jiff::civil::date(2024, 8, 26)),
        url: None,
        source: None,
        language: None,
    };
    (pipeline.extract(&doc, None), expected)
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn check_date(e: &Event, want: &Value) {
    let d = e.date.as_ref().expect("event has a date");
    assert_eq!(
        d.start.to_string(),
        s(&want["start"]),
        "date start of {}",
        e.sub_event_type
    );
    assert_eq!(
        d.end.to_string(),
        s(&want["end"]),
        "date end of {}",
        e.sub_event_type
    );
    assert_eq!(
        u64::from(d.time_precision),
        want["time_precision"].as_u64().unwrap_or(0)
    );
}

fn check_place(e: &Event, want: &Value) {
    let l = e.location.as_ref().expect("event has a location");
    assert_eq!(
        l.geonameid.map(u64::from),
        want["geonameid"].as_u64(),
        "place of {} ({})",
        e.sub_event_type,
        l.name
    );
}

#[test]
fn seed_article_reads_as_an_analyst_would() {
    let Some(shared) = shared() else { return };
    let (report, expected) = extract(&shared);
    assert_eq!(report.document.language, Lang::Fr);
    let want_events = expected["events"].as_array().expect("events");
    let want_main = &want_events[0];
    let main = report
        .events
        .iter()
        .find(|e| !e.background)
        .expect("a main event");
    assert_eq!(main.event_type, s(&want_main["event_type"]));
    assert_eq!(main.sub_event_type, s(&want_main["sub_event_type"]));
    check_date(main, &want_main["date"]);
    check_place(main, &want_main["location"]);
    for role in ["actor1", "assoc_actor_1"] {
        let want = want_main["actors"]
            .as_array()
            .and_then(|a| a.iter().find(|x| s(&x["role"]) == role))
            .map(|x| s(&x["name"]));
        let got = main
            .actors
            .iter()
            .find(|a| a.role == role)
            .map(|a| a.name.as_str());
        assert_eq!(got, want, "{role}");
    }
    for want in want_main["claims"].as_array().expect("claims") {
        let kind = s(&want["claimant"]["kind"]);
        let k = &want["killed"];
        let found = main.claims.iter().any(|c| {
            serde_json::to_value(c.claimant.kind)
                .ok()
                .as_ref()
                .and_then(Value::as_str)
                == Some(kind)
                && c.killed.as_ref().is_some_and(|f| {
                    f.value.map(u64::from) == k["value"].as_u64()
                        && serde_json::to_value(f.qualifier)
                            .ok()
                            .as_ref()
                            .and_then(Value::as_str)
                            == k["qualifier"].as_str()
                        && f.category == s(&k["category"])
                })
        });
        assert!(
            found,
            "no claim of kind {kind} with {k}; sitrep found {:#?}",
            main.claims
        );
    }
    let f = &want_main["fatalities"];
    assert_eq!(main.fatalities.low.map(u64::from), f["low"].as_u64(), "low");
    assert_eq!(
        main.fatalities.best.map(u64::from),
        f["best"].as_u64(),
        "best"
    );
    assert_eq!(
        main.fatalities.high.map(u64::from),
        f["high"].as_u64(),
        "high"
    );
    assert_eq!(
        main.fatalities.acled.map(u64::from),
        f["acled"].as_u64(),
        "acled"
    );
    for want in &want_events[1..] {
        let e = report
            .events
            .iter()
            .find(|e| e.background && e.sub_event_type == s(&want["sub_event_type"]))
            .unwrap_or_else(|| panic!("no background {} event", s(&want["sub_event_type"])));
        check_date(e, &want["date"]);
        check_place(e, &want["location"]);
    }
}
