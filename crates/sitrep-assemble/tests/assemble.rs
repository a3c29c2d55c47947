//! The assembler on hand-made mentions: these tests pin the assembly rules
//! (claims per claimant, sub-counts, merging, roles) independently of the
//! recognisers that normally produce the mentions.

use sitrep_annotate::lexicon::LexiconSource;
use sitrep_annotate::Annotator;
use sitrep_assemble::Assembler;
use sitrep_core::{
    ActorValue, ClaimantKind, CueValue, Document, Lang, Mention, MentionValue, Outcome, Qualifier,
    QuantityValue, Report, Span, TriggerValue,
};
use sitrep_gazetteer::Gazetteer;
use sitrep_resolve::Resolved;
use std::sync::Arc;

fn at(text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} not in the test text"))
        .0;
    Span::new(start, start + needle.len())
}

fn trigger(text: &str, needle: &str, nth: usize, t: &str, sub: &str) -> Mention {
    Mention::new(
        text,
        at(text, needle, nth),
        MentionValue::Trigger(TriggerValue {
            event_type: t.into(),
            sub_event_type: sub.into(),
        }),
    )
}

fn actor(text: &str, needle: &str, nth: usize, name: &str, inter: u8) -> Mention {
    Mention::new(
        text,
        at(text, needle, nth),
        MentionValue::Actor(ActorValue {
            name: name.into(),
            inter,
        }),
    )
}

fn killed(text: &str, needle: &str, value: u32, q: Qualifier, category: &str) -> Mention {
    Mention::new(
        text,
        at(text, needle, 0),
        MentionValue::Quantity(QuantityValue {
            value: Some(value),
            high: None,
            qualifier: q,
            category: category.into(),
            outcome: Some(Outcome::Killed),
            part_of: None,
        }),
    )
}

fn cue(text: &str, needle: &str, speaker: &str) -> Mention {
    Mention::new(
        text,
        at(text, needle, 0),
        MentionValue::Cue(CueValue {
            speaker: Some(speaker.into()),
        }),
    )
}

fn assemble(text: &str, mut mentions: Vec<Mention>) -> Report {
    let src = LexiconSource::embedded();
    let annotator = Annotator::new(&src, Arc::new(Gazetteer::default())).expect("lexicons");
    let doc = Document {
        id: "t".into(),
        text: text.into(),
        title: None,
        published: Some(jiff::civil::date(2024, 5, 20)),
        url: None,
        source: None,
        language: Some(Lang::Fr),
    };
    let mut ann = annotator.annotate(&doc, Some(Lang::Fr));
    mentions.sort_by_key(|m| m.start);
    ann.mentions = mentions;
    let resolved = Resolved {
        times: vec![None; ann.times.len()],
        places: vec![None; ann.places.len()],
        ..Resolved::default()
    };
    Assembler::new(&src)
        .expect("lexicons")
        .assemble(&doc, &ann, &resolved)
}

#[test]
fn two_parties_claim_different_tolls() {
    let text = "L'armée a affirmé avoir neutralisé 20 terroristes lors d'une frappe. \
                Selon des sources locales, 35 civils ont été tués dans cette frappe.";
    let report = assemble(
        text,
        vec![
            actor(text, "L'armée", 0, "Military Forces of {country}", 1),
            cue(text, "a affirmé", "L'armée"),
            killed(text, "20 terroristes", 20, Qualifier::Exact, "combatants"),
            trigger(
                text,
                "frappe",
                0,
                "Explosions/Remote violence",
                "Air/drone strike",
            ),
            cue(text, "Selon", "des sources locales"),
            killed(text, "35 civils", 35, Qualifier::Exact, "civilians"),
            trigger(
                text,
                "frappe",
                1,
                "Explosions/Remote violence",
                "Air/drone strike",
            ),
        ],
    );
    assert_eq!(report.events.len(), 1, "one strike told twice is one event");
    let e = &report.events[0];
    assert_eq!(e.claims.len(), 2);
    let army = &e.claims[0];
    assert_eq!(army.claimant.kind, ClaimantKind::Party);
    assert_eq!(army.claimant.name, "Military Forces");
    assert_eq!(army.killed.as_ref().and_then(|f| f.value), Some(20));
    let locals = &e.claims[1];
    assert_eq!(locals.claimant.kind, ClaimantKind::LocalSource);
    assert_eq!(
        locals.killed.as_ref().map(|f| f.category.as_str()),
        Some("civilians")
    );
    assert_eq!(
        (e.fatalities.low, e.fatalities.high, e.fatalities.acled),
        (Some(20), Some(35), Some(20))
    );
    assert!(e.civilian_targeting, "civilians reported killed");
    let roles: Vec<(&str, &str)> = e
        .actors
        .iter()
        .map(|a| (a.role.as_str(), a.name.as_str()))
        .collect();
    assert!(roles.contains(&("actor2", "Civilians")), "{roles:?}");
}

#[test]
fn a_sub_count_is_not_added() {
    let text = "Une attaque a fait 21 civils tués, dont 11 enfants.";
    let mut child = killed(text, "11 enfants", 11, Qualifier::Exact, "children");
    let whole = killed(text, "21 civils tués", 21, Qualifier::Exact, "civilians");
    if let MentionValue::Quantity(q) = &mut child.value {
        q.part_of = Some(whole.start);
    }
    let report = assemble(
        text,
        vec![
            trigger(text, "attaque", 0, "Violence against civilians", "Attack"),
            whole,
            child,
        ],
    );
    let e = &report.events[0];
    assert_eq!(e.fatalities.best, Some(21));
    assert_eq!(e.claims[0].claimant.kind, ClaimantKind::Unattributed);
    let actor1 = e
        .actors
        .iter()
        .find(|a| a.role == "actor1")
        .map(|a| a.name.as_str());
    assert_eq!(
        actor1,
        Some("Unidentified Armed Group"),
        "no attacker named"
    );
}

#[test]
fn categories_add_up_within_one_claim() {
    let text = "Lors de l'embuscade, 5 soldats et 3 civils ont été tués.";
    let report = assemble(
        text,
        vec![
            trigger(text, "embuscade", 0, "Battles", "Armed clash"),
            killed(text, "5 soldats", 5, Qualifier::Exact, "soldiers"),
            killed(text, "3 civils", 3, Qualifier::Exact, "civilians"),
        ],
    );
    let e = &report.events[0];
    assert_eq!(e.fatalities.acled, Some(8));
    assert_eq!(e.claims.len(), 1);
}

#[test]
fn roles_follow_agent_and_target_words() {
    let text = "Des soldats ont été tués par des jihadistes dans une embuscade.";
    let report = assemble(
        text,
        vec![
            actor(text, "soldats", 0, "Military Forces of {country}", 1),
            actor(
                text,
                "jihadistes",
                0,
                "Unidentified Armed Group ({country})",
                3,
            ),
            trigger(text, "embuscade", 0, "Battles", "Armed clash"),
        ],
    );
    let (first, second) = roles_of(&report);
    assert_eq!(first.as_deref(), Some("Unidentified Armed Group"));
    assert_eq!(second.as_deref(), Some("Military Forces"));
}

#[test]
fn no_trigger_no_event() {
    let text = "Le conseil municipal s'est réuni lundi.";
    assert!(assemble(text, Vec::new()).events.is_empty());
}

#[test]
fn a_toll_belongs_to_the_nearest_trigger_not_to_the_protest() {
    let text = "Des habitants ont manifesté lundi pour dénoncer l'attaque qui a fait 53 morts.";
    let report = assemble(
        text,
        vec![
            trigger(text, "manifesté", 0, "Protests", "Peaceful protest"),
            trigger(text, "attaque", 0, "Violence against civilians", "Attack"),
            killed(text, "53 morts", 53, Qualifier::Exact, "unknown"),
        ],
    );
    assert_eq!(
        report.events.len(),
        2,
        "a protest and the attack it denounces"
    );
    assert_eq!(report.events[0].event_type, "Protests");
    assert_eq!(report.events[0].fatalities.acled, None);
    assert_eq!(report.events[1].fatalities.acled, Some(53));
}

/// The names in each role of the first event.
fn roles_of(report: &Report) -> (Option<String>, Option<String>) {
    let e = &report.events[0];
    let role = |r: &str| {
        e.actors
            .iter()
            .find(|a| a.role == r)
            .map(|a| a.name.clone())
    };
    (role("actor1"), role("actor2"))
}

#[test]
fn the_crowd_comes_first_and_the_police_who_disperse_it_second() {
    for (text, police, trigger_word, sub) in [
        (
            "Police dispersed the protesters with tear gas.",
            "Police",
            "dispersed",
            ("Protests", "Protest with intervention"),
        ),
        (
            "La police a dispersé les émeutiers qui brûlaient des pneus.",
            "police",
            "brûlaient",
            ("Riots", "Violent demonstration"),
        ),
    ] {
        let report = assemble(
            text,
            vec![
                actor(text, police, 0, "Police Forces of {country}", 1),
                trigger(text, trigger_word, 0, sub.0, sub.1),
            ],
        );
        let (first, second) = roles_of(&report);
        let crowd = if sub.0 == "Riots" {
            "Rioters"
        } else {
            "Protesters"
        };
        assert_eq!(first.as_deref(), Some(crowd), "{text}");
        assert_eq!(second.as_deref(), Some("Police Forces"), "{text}");
    }
    // Excessive force is the police's own act.
    let text = "Police shot dead two protesters.";
    let report = assemble(
        text,
        vec![
            actor(text, "Police", 0, "Police Forces of {country}", 1),
            trigger(
                text,
                "shot dead",
                0,
                "Protests",
                "Excessive force against protesters",
            ),
        ],
    );
    assert_eq!(roles_of(&report).0.as_deref(), Some("Police Forces"));
}
