//! The seed article (read from ../shared at test time): its triggers and
//! actors as an analyst reads them.

use sitrep_annotate::actors::ActorRecognizer;
use sitrep_annotate::lexicon::{LexiconSource, Segmentation};
use sitrep_annotate::text::{sentences, tokenize};
use sitrep_annotate::triggers::TriggerRecognizer;
use sitrep_core::{Lang, MentionValue};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/corpus/seed/tinzaouatene-2024-08-26.fr.txt"
);

#[test]
fn seed_article_triggers_and_actors() {
    let Ok(text) = std::fs::read_to_string(SEED) else {
        eprintln!("skipped: ../shared not found ({SEED})");
        return;
    };
    let src = LexiconSource::embedded();
    let seg = Segmentation::load(&src).expect("built-in segmentation data");
    let tokens = tokenize(&text, &seg);
    let sents = sentences(&text, &tokens, &seg);
    let triggers: Vec<(String, String, String)> = TriggerRecognizer::new(Lang::Fr, &src)
        .expect("built-in triggers data")
        .find(&text, &tokens, &sents)
        .into_iter()
        .filter_map(|m| match m.value {
            MentionValue::Trigger(t) => Some((m.text, t.event_type, t.sub_event_type)),
            _ => None,
        })
        .collect();
    let actors: Vec<(String, String)> = ActorRecognizer::new(Lang::Fr, &src)
        .expect("built-in actors data")
        .find(&text, &tokens, &sents)
        .into_iter()
        .filter_map(|m| match m.value {
            MentionValue::Actor(a) => Some((m.text, a.name)),
            _ => None,
        })
        .collect();
    eprintln!("triggers: {triggers:#?}\nactors: {actors:#?}");
    // The reported event: drone strikes, named before any other violent trigger.
    let first = triggers.first().expect("a trigger");
    assert_eq!(
        (first.1.as_str(), first.2.as_str()),
        ("Explosions/Remote violence", "Air/drone strike"),
        "{first:?}"
    );
    assert!(triggers.iter().any(|t| t.0 == "frappes de drones"));
    // The two background events: the July fighting and the taking of Kidal.
    assert!(triggers
        .iter()
        .any(|t| t.0 == "combats" && t.2 == "Armed clash"));
    assert!(triggers
        .iter()
        .any(|t| t.0 == "prise de" && t.2 == "Government regains territory"));
    // Casualty words beside the strikes are their outcome, not more events.
    assert!(!triggers
        .iter()
        .any(|t| t.0 == "tué" || t.0 == "neutraliser" || t.0 == "exécuté"));
    // The allegations the authorities deny are no event.
    assert!(!triggers.iter().any(|t| t.0.contains("exactions")));
    let has = |text: &str, name: &str| actors.iter().any(|a| a.0 == text && a.1 == name);
    assert!(has("L'armée malienne", "Military Forces of Mali"));
    assert!(has("forces armées maliennes", "Military Forces of Mali"));
    assert!(has("mercenaires russes du groupe Wagner", "Wagner Group"));
}
