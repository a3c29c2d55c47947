use super::*;
use sitrep_core::{Claimant, ClaimantKind, Evidence, Fatalities, Figure, Lang, Qualifier};

fn date(s: &str) -> Date {
    s.parse().expect("test date")
}

fn when(start: &str, end: &str, precision: u8) -> EventDate {
    EventDate {
        start: date(start),
        end: date(end),
        time_precision: precision,
        evidence: None,
    }
}

fn place(name: &str, lat: f64, lon: f64) -> EventLocation {
    EventLocation {
        name: name.into(),
        geonameid: None,
        country_code: Some("ML".into()),
        country: Some("Mali".into()),
        admin1: Some("Kidal".into()),
        admin2: None,
        latitude: Some(lat),
        longitude: Some(lon),
        geo_precision: 1,
        evidence: None,
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

fn event(kind: &str, on: &str, loc: EventLocation, actors: Vec<EventActor>) -> Event {
    Event {
        id: "e1".into(),
        background: false,
        event_type: kind.into(),
        sub_event_type: String::new(),
        date: Some(when(on, on, 1)),
        location: Some(loc),
        actors,
        civilian_targeting: false,
        fatalities: Fatalities::default(),
        claims: Vec::new(),
        notes: String::new(),
        evidence: Evidence {
            text: String::new(),
            start: 0,
            end: 0,
        },
    }
}

fn claim(who: &str, value: u32, q: Qualifier, ev: (usize, usize)) -> Claim {
    Claim {
        claimant: Claimant {
            name: who.into(),
            kind: ClaimantKind::Party,
        },
        cue: None,
        killed: Some(Figure {
            value: Some(value),
            high: None,
            qualifier: q,
            category: "civilians".into(),
            evidence: Evidence {
                text: String::new(),
                start: ev.0,
                end: ev.1,
            },
        }),
        injured: None,
        additional: false,
    }
}

fn meta(id: &str) -> DocumentMeta {
    DocumentMeta {
        id: id.into(),
        language: Lang::En,
        published: Some(date("2024-03-14")),
        title: None,
        source: Some(format!("{id} outlet")),
        url: None,
    }
}

const GAO: (f64, f64) = (16.2717, -0.0447);
const NEAR_GAO: (f64, f64) = (16.40, 0.10); // about 21 km away
const KIDAL: (f64, f64) = (18.4411, 1.4078);

#[test]
fn haversine_matches_a_known_distance() {
    // Paris to London is about 344 km as the crow flies.
    let d = haversine_km(48.8566, 2.3522, 51.5074, -0.1278);
    assert!((340.0..347.0).contains(&d), "{d}");
    assert!(haversine_km(1.0, 2.0, 1.0, 2.0).abs() < 1e-9);
}

#[test]
fn same_type_family_nearby_within_days_links() {
    let cfg = LinkConfig::default();
    let a = event(
        "Explosions/Remote violence",
        "2024-03-12",
        place("Gao", GAO.0, GAO.1),
        vec![],
    );
    let b = event(
        "Violence against civilians",
        "2024-03-14",
        place("Village near Gao", NEAR_GAO.0, NEAR_GAO.1),
        vec![],
    );
    assert!(match_score(&cfg, (&a).into(), (&b).into()).is_some());
}

#[test]
fn each_rule_can_refuse_a_link() {
    let cfg = LinkConfig::default();
    let base = event("Battles", "2024-03-12", place("Gao", GAO.0, GAO.1), vec![]);
    let far = event(
        "Battles",
        "2024-03-12",
        place("Kidal", KIDAL.0, KIDAL.1),
        vec![],
    );
    assert!(match_score(&cfg, (&base).into(), (&far).into()).is_none());
    let late = event("Battles", "2024-03-16", place("Gao", GAO.0, GAO.1), vec![]);
    assert!(match_score(&cfg, (&base).into(), (&late).into()).is_none());
    let wider = LinkConfig {
        date_tolerance_days: 4,
        ..cfg
    };
    assert!(match_score(&wider, (&base).into(), (&late).into()).is_some());
    let protest = event("Protests", "2024-03-12", place("Gao", GAO.0, GAO.1), vec![]);
    assert!(match_score(&cfg, (&base).into(), (&protest).into()).is_none());
    let mut undated = base.clone();
    undated.date = None;
    assert!(match_score(&cfg, (&base).into(), (&undated).into()).is_none());
}

#[test]
fn admin2_links_places_beyond_the_radius() {
    let cfg = LinkConfig::default();
    let mut a = place("Ansongo", 15.66, 0.50);
    let mut b = place("Bara", 15.90, 0.95);
    assert!(place_distance(&cfg, &a, &b).is_none());
    a.admin2 = Some("Ansongo".into());
    b.admin2 = Some("ansongo".into());
    assert!(place_distance(&cfg, &a, &b).is_some());
}

#[test]
fn a_region_only_place_links_within_its_region() {
    let cfg = LinkConfig::default();
    let mut region = place("Kidal region", 19.0, 1.5);
    region.geo_precision = 3;
    let town = place("Tessalit", 20.2, 1.0);
    assert!(place_distance(&cfg, &region, &town).is_some());
    let mut precise = region.clone();
    precise.geo_precision = 1;
    assert!(place_distance(&cfg, &precise, &town).is_none());
}

#[test]
fn different_armies_contradict_unidentified_does_not() {
    let mali = [actor("Military Forces of Mali", "actor1", 1)];
    let bf = [actor("Military Forces of Burkina Faso", "actor1", 1)];
    let unknown = [actor("Unidentified Armed Group (Mali)", "actor1", 2)];
    let jnim = [
        actor("Military Forces of Mali", "actor1", 1),
        actor("JNIM", "actor2", 2),
    ];
    assert!(actors_contradict(&mali, &bf));
    assert!(!actors_contradict(&mali, &jnim));
    assert!(!actors_contradict(&unknown, &jnim));
    assert!(!actors_contradict(&[], &bf));
}

#[test]
fn army_police_and_government_of_one_state_are_one_side() {
    let army = [actor("Military Forces of Nigeria (2015-2023)", "actor2", 1)];
    let government = [actor("Government of Nigeria", "assoc_actor_2", 1)];
    let police = [actor("Police Forces of Nigeria (2015-2023)", "actor1", 1)];
    let chad = [actor("Military Forces of Chad (2021-)", "actor2", 1)];
    assert!(!actors_contradict(&army, &government));
    assert!(!actors_contradict(&police, &army));
    assert!(actors_contradict(&government, &chad));
    assert!(actors_contradict(&police, &chad));
}

#[test]
fn best_match_prefers_the_closest_candidate() {
    let cfg = LinkConfig::default();
    let e = event("Battles", "2024-03-12", place("Gao", GAO.0, GAO.1), vec![]);
    let m = |id: &str, ev: Event| Member {
        event: ev,
        document: meta(id),
        reprints: vec![],
        claim_keys: vec![],
    };
    let near = build_incident(
        1,
        &[m(
            "a",
            event(
                "Battles",
                "2024-03-13",
                place("x", NEAR_GAO.0, NEAR_GAO.1),
                vec![],
            ),
        )],
    )
    .expect("one member");
    let same = build_incident(
        2,
        &[m(
            "b",
            event("Battles", "2024-03-12", place("Gao", GAO.0, GAO.1), vec![]),
        )],
    )
    .expect("one member");
    let got = best_match(&cfg, &e, [&near, &same]).map(|i| i.id);
    assert_eq!(got, Some(2));
}

#[test]
fn claim_key_is_the_sentence_not_the_document() {
    let a = "Outlet A. Gunmen killed 12 villagers in Gao, the governor said. More text.";
    let b = "Gao, May 2 (Wire) - Gunmen killed 12  villagers in Gao, the governor said.";
    let start_a = a.find("12").expect("12");
    let start_b = b.find("12").expect("12");
    let ca = claim("Governor", 12, Qualifier::Exact, (start_a, start_a + 2));
    let cb = claim("Governor", 12, Qualifier::Exact, (start_b, start_b + 2));
    assert_eq!(claim_key(a, &ca), claim_key(b, &cb));
    assert!(!claim_key(a, &ca).is_empty());
    let no_evidence = claim("Governor", 12, Qualifier::Exact, (0, 0));
    assert_eq!(claim_key(a, &no_evidence), "");
}

#[test]
fn pooled_claims_keep_every_claimant_and_count_reprints_once() {
    let loc = place("Gao", GAO.0, GAO.1);
    let mut army = event("Battles", "2024-03-12", loc.clone(), vec![]);
    army.claims = vec![claim("Army", 20, Qualifier::About, (1, 2))];
    let mut rebels = event("Battles", "2024-03-12", loc.clone(), vec![]);
    rebels.claims = vec![claim("Rebels", 21, Qualifier::Exact, (1, 2))];
    let mut wire_again = army.clone();
    wire_again.id = "e2".into();
    let members = [
        Member {
            event: army,
            document: meta("wire"),
            reprints: vec![meta("reprint-whole")],
            claim_keys: vec!["army|about twenty".into()],
        },
        Member {
            event: rebels,
            document: meta("rebels"),
            reprints: vec![],
            claim_keys: vec!["rebels|21".into()],
        },
        Member {
            event: wire_again,
            document: meta("reprint-edited"),
            reprints: vec![],
            claim_keys: vec!["army|about twenty".into()],
        },
    ];
    let inc = build_incident(7, &members).expect("members");
    assert_eq!(inc.claims.len(), 2);
    assert_eq!(inc.claims[0].document_id, "wire");
    assert_eq!(
        inc.claims[0].reprinted_in,
        vec!["reprint-whole".to_string(), "reprint-edited".to_string()]
    );
    assert_eq!(inc.documents.len(), 4);
    // 20 (about) and 21 (exact): the reprint does not add support to 20.
    assert_eq!(inc.fatalities.low, Some(20));
    assert_eq!(inc.fatalities.best, Some(21));
    assert_eq!(inc.fatalities.acled, Some(20));
    assert_eq!(
        claims_summary(&inc.claims),
        "Army: about 20 civilians killed; Rebels: 21 civilians killed"
    );
}

#[test]
fn background_members_do_not_describe_the_incident() {
    let mut told = event(
        "Explosions/Remote violence",
        "2024-03-12",
        place("Gao", GAO.0, GAO.1),
        vec![],
    );
    told.notes = "Drone strike on Gao.".into();
    let mut recalled = event(
        "Battles",
        "2024-03-10",
        place("Somewhere", NEAR_GAO.0, NEAR_GAO.1),
        vec![],
    );
    recalled.background = true;
    recalled.notes = "Earlier fighting.".into();
    let m = |id: &str, ev: Event| Member {
        event: ev,
        document: meta(id),
        reprints: vec![],
        claim_keys: vec![],
    };
    let inc = build_incident(1, &[m("late", recalled), m("main", told)]).expect("members");
    assert_eq!(inc.event_type, "Explosions/Remote violence");
    assert_eq!(inc.notes, "Drone strike on Gao.");
    assert_eq!(inc.location.as_ref().map(|l| l.name.as_str()), Some("Gao"));
    assert_eq!(inc.documents.len(), 2);
}

#[test]
fn the_window_widens_by_the_tolerance() {
    let cfg = LinkConfig::default();
    let (a, b) = cfg.window(&when("2024-03-12", "2024-03-13", 2));
    assert_eq!((a, b), (date("2024-03-09"), date("2024-03-16")));
}

#[test]
fn a_month_is_too_vague_to_link() {
    let cfg = LinkConfig::default();
    let day = event("Battles", "2024-03-12", place("Gao", GAO.0, GAO.1), vec![]);
    let mut month = event("Battles", "2024-03-12", place("Gao", GAO.0, GAO.1), vec![]);
    month.date = Some(when("2024-03-01", "2024-03-31", 3));
    assert!(match_score(&cfg, (&day).into(), (&day.clone()).into()).is_some());
    assert!(match_score(&cfg, (&day).into(), (&month).into()).is_none());
    assert!(match_score(&cfg, (&month).into(), (&month.clone()).into()).is_none());
}

#[test]
fn a_country_only_place_links_on_a_shared_distinctive_toll() {
    let cfg = LinkConfig::default();
    let country = EventLocation {
        name: "Mali".into(),
        admin1: None,
        geo_precision: 3,
        ..place("Mali", 17.0, -4.0)
    };
    let with_toll = |loc: EventLocation, on: &str, killed: u32| {
        let mut e = event("Battles", on, loc, vec![]);
        e.claims = vec![claim("the army", killed, Qualifier::Exact, (0, 2))];
        e
    };
    let vague = with_toll(country.clone(), "2024-03-12", 31);
    let precise = with_toll(place("Kidal", KIDAL.0, KIDAL.1), "2024-03-13", 31);
    assert!(match_score(&cfg, (&vague).into(), (&precise).into()).is_some());
    // Also against a stored key, whose claims are kept as bare figures.
    let incident = build_incident(
        7,
        &[Member {
            event: precise.clone(),
            document: meta("a"),
            reprints: vec![],
            claim_keys: vec!["k".into()],
        }],
    )
    .expect("incident");
    let key = IncidentKey::from(&incident);
    assert_eq!(key.killed, vec![31]);
    assert!(match_score(&cfg, (&vague).into(), (&key).into()).is_some());

    // Another toll, a toll too small to tell incidents apart, two precise
    // places far apart, or another country: no link.
    let other = with_toll(place("Kidal", KIDAL.0, KIDAL.1), "2024-03-13", 12);
    assert!(match_score(&cfg, (&vague).into(), (&other).into()).is_none());
    let small_a = with_toll(country.clone(), "2024-03-12", 3);
    let small_b = with_toll(place("Kidal", KIDAL.0, KIDAL.1), "2024-03-12", 3);
    assert!(match_score(&cfg, (&small_a).into(), (&small_b).into()).is_none());
    let gao = with_toll(place("Gao", GAO.0, GAO.1), "2024-03-13", 31);
    assert!(match_score(&cfg, (&gao).into(), (&precise).into()).is_none());
    let abroad = EventLocation {
        country_code: Some("BF".into()),
        ..country
    };
    let abroad = with_toll(abroad, "2024-03-12", 31);
    assert!(match_score(&cfg, (&abroad).into(), (&precise).into()).is_none());
}

/// A report that gives only the month links to the incident of that month
/// at the same GeoNames entry, in either order, and to nothing vaguer or
/// elsewhere.
#[test]
fn a_month_links_to_its_day_at_the_same_place() {
    let cfg = LinkConfig::default();
    let at = |id: u32| EventLocation {
        geonameid: Some(id),
        ..place("Bounti", 15.2, -2.2)
    };
    let day = event("Explosions/Remote violence", "2021-01-03", at(1), vec![]);
    let mut month = event("Explosions/Remote violence", "2021-01-01", at(1), vec![]);
    month.date = Some(when("2021-01-01", "2021-01-31", MONTH_PRECISION));
    assert!(match_score(&cfg, (&month).into(), (&day).into()).is_some());
    assert!(match_score(&cfg, (&day).into(), (&month).into()).is_some());
    // A match on the day always wins over the month.
    let other_day = event("Explosions/Remote violence", "2021-01-04", at(1), vec![]);
    let by_day = match_score(&cfg, (&other_day).into(), (&day).into()).expect("a day match");
    let by_month = match_score(&cfg, (&month).into(), (&day).into()).expect("a month match");
    assert!(by_day < by_month);
    // Another GeoNames entry, even next door, is another incident.
    let mut next_door = day.clone();
    next_door.location = Some(at(2));
    assert!(match_score(&cfg, (&month).into(), (&next_door).into()).is_none());
    // The day outside the month.
    let february = event("Explosions/Remote violence", "2021-02-02", at(1), vec![]);
    assert!(match_score(&cfg, (&month).into(), (&february).into()).is_none());
    // No place id: nothing to be sure of.
    let mut unnamed = month.clone();
    unnamed.location = Some(place("Bounti", 15.2, -2.2));
    assert!(match_score(&cfg, (&unnamed).into(), (&day).into()).is_none());
    // Two months, or a year, never link.
    let mut year = month.clone();
    year.date = Some(when("2021-01-01", "2021-12-31", 4));
    assert!(match_score(&cfg, (&year).into(), (&day).into()).is_none());
    assert!(match_score(&cfg, (&month).into(), (&month).into()).is_none());
    // Two incidents at the place that month: the month names neither.
    let keys = |days: &[&str]| -> Vec<IncidentKey> {
        days.iter()
            .enumerate()
            .map(|(i, d)| {
                let e = event("Explosions/Remote violence", d, at(1), vec![]);
                IncidentKey {
                    id: i as u64 + 1,
                    event_type: e.event_type,
                    date: e.date,
                    location: e.location,
                    actors: Vec::new(),
                    killed: Vec::new(),
                }
            })
            .collect()
    };
    assert_eq!(best_key(&cfg, &month, &keys(&["2021-01-03"])), Some(1));
    assert_eq!(
        best_key(&cfg, &month, &keys(&["2021-01-03", "2021-01-20"])),
        None
    );
    // A day still goes to its own day when the month has two.
    assert_eq!(
        best_key(&cfg, &day, &keys(&["2021-01-20", "2021-01-03"])),
        Some(2)
    );
}
