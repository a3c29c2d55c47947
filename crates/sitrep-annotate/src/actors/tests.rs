use super::*;
use crate::text::{sentences, tokenize};

/// (text, name, inter) of every actor mention.
fn actors(lang: Lang, text: &str) -> Vec<(String, String, u8)> {
    let src = LexiconSource::embedded();
    let seg = Segmentation::load(&src).expect("built-in segmentation data");
    let rec = ActorRecognizer::new(lang, &src).expect("built-in actors data");
    let tokens = tokenize(text, &seg);
    let sents = sentences(text, &tokens, &seg);
    rec.find(text, &tokens, &sents)
        .into_iter()
        .map(|m| match m.value {
            MentionValue::Actor(a) => (m.text, a.name, a.inter),
            other => panic!("not an actor: {other:?}"),
        })
        .collect()
}

fn one(text: &str, name: &str, inter: u8) -> (String, String, u8) {
    (text.to_string(), name.to_string(), inter)
}

#[test]
fn french_state_forces_take_the_country_of_their_adjective() {
    assert_eq!(
        actors(Lang::Fr, "L'armée malienne a frappé Ber."),
        [one("L'armée malienne", "Military Forces of Mali", 1)]
    );
    assert_eq!(
        actors(
            Lang::Fr,
            "Des soldats burkinabè ont été tués près de Djibo."
        ),
        [one(
            "soldats burkinabè",
            "Military Forces of Burkina Faso",
            1
        )]
    );
    assert_eq!(
        actors(
            Lang::Fr,
            "Un communiqué des forces armées maliennes (FAMa) le confirme."
        ),
        [one(
            "forces armées maliennes (FAMa)",
            "Military Forces of Mali",
            1
        )]
    );
    assert_eq!(
        actors(Lang::Fr, "La gendarmerie du Niger a arrêté deux suspects."),
        [one("gendarmerie du Niger", "Military Forces of Niger", 1)]
    );
}

#[test]
fn a_generic_name_without_country_keeps_the_slot() {
    assert_eq!(
        actors(Lang::Fr, "Des hommes armés ont tué trois civils."),
        [
            one("hommes armés", "Unidentified Armed Group ({country})", 3),
            one("civils", "Civilians ({country})", 7),
        ]
    );
    assert_eq!(
        actors(Lang::En, "Unknown gunmen killed two farmers."),
        [
            one("Unknown gunmen", "Unidentified Armed Group ({country})", 3),
            one("farmers", "Civilians ({country})", 7),
        ]
    );
}

#[test]
fn neighbours_naming_one_actor_are_one_mention() {
    assert_eq!(
        actors(
            Lang::Fr,
            "Les mercenaires russes du groupe Wagner ont tiré."
        ),
        [one(
            "mercenaires russes du groupe Wagner",
            "Wagner Group",
            8
        )]
    );
    assert_eq!(
        actors(Lang::En, "Suspected JNIM militants abducted a trader."),
        [
            one(
                "JNIM militants",
                "JNIM: Group for Support of Islam and Muslims",
                2
            ),
            one("trader", "Civilians ({country})", 7),
        ]
    );
    assert_eq!(
        actors(Lang::En, "Barkhane forces and Malian soldiers patrolled."),
        [
            one("Barkhane forces", "Military Forces of France", 8),
            one("Malian soldiers", "Military Forces of Mali", 1),
        ]
    );
}

#[test]
fn acronyms_match_only_as_written() {
    assert_eq!(
        actors(Lang::En, "IS fighters attacked; the question is open."),
        [one("IS fighters", "Islamic State", 2)]
    );
    assert_eq!(
        actors(Lang::Fr, "Les combattants de l'EIGS et du JNIM."),
        [
            one("combattants de l'EIGS", "Islamic State (Sahel)", 2),
            one("JNIM", "JNIM: Group for Support of Islam and Muslims", 2),
        ]
    );
}

#[test]
fn english_country_adjective_before_the_noun() {
    assert_eq!(
        actors(
            Lang::En,
            "Nigerien troops and the Chadian army clashed with Boko Haram."
        ),
        [
            one("Nigerien troops", "Military Forces of Niger", 1),
            one("Chadian army", "Military Forces of Chad", 1),
            one(
                "Boko Haram",
                "Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad",
                2
            ),
        ]
    );
    assert_eq!(
        actors(
            Lang::En,
            "Volunteers for the Defense of the Homeland (VDP) repelled them."
        ),
        [one(
            "Volunteers for the Defense of the Homeland (VDP)",
            "VDP: Volunteer for Defense of Homeland",
            3
        )]
    );
}

#[test]
fn protesters_and_rioters() {
    assert_eq!(
        actors(Lang::Fr, "Les manifestants burkinabè et des émeutiers."),
        [
            one("manifestants burkinabè", "Protesters (Burkina Faso)", 6),
            one("émeutiers", "Rioters ({country})", 5),
        ]
    );
}

#[test]
fn a_bad_inter_code_names_the_actor() {
    let dir = std::env::temp_dir().join(format!("sitrep-actors-test-{}", std::process::id()));
    let lang_dir = dir.join("lang").join("en");
    std::fs::create_dir_all(&lang_dir).expect("temp dir");
    std::fs::write(
        lang_dir.join("actors.toml"),
        "[[actor]]\nname = \"Nobody\"\ninter = 9\naliases = [\"nobody\"]\n",
    )
    .expect("temp file");
    let src = LexiconSource::with_override_dir(&dir);
    let err = ActorRecognizer::new(Lang::En, &src)
        .err()
        .map(|e| e.to_string());
    std::fs::remove_dir_all(&dir).ok();
    let err = err.expect("inter 9 must be refused");
    assert!(err.contains("Nobody") && err.contains("inter 9"), "{err}");
}

#[test]
fn ethnic_groups_and_their_civilians() {
    assert_eq!(
        actors(
            Lang::En,
            "Gourmantche farmers and Fulani pastoralists clashed."
        ),
        [
            one("Gourmantche", "Gourmantche Ethnic Militia ({country})", 4),
            one("farmers", "Civilians ({country})", 7),
            one("Fulani", "Fulani Ethnic Militia ({country})", 4),
            one("pastoralists", "Civilians ({country})", 7),
        ]
    );
    assert_eq!(
        actors(Lang::Fr, "Une milice peule a attaqué des villageois dogon."),
        [
            one("milice peule", "Fulani Ethnic Militia ({country})", 4),
            one("villageois", "Civilians ({country})", 7),
            one("dogon", "Dogon Ethnic Militia ({country})", 4),
        ]
    );
}

#[test]
fn an_adjective_use_is_no_actor() {
    assert_eq!(
        actors(
            Lang::Fr,
            "Une opération militaire a été lancée contre les jihadistes."
        ),
        [one("jihadistes", "Unidentified Armed Group ({country})", 3)]
    );
}

#[test]
fn an_army_takes_the_country_of_its_owner() {
    assert_eq!(
        actors(
            Lang::Fr,
            "L'armée de la junte malienne a visé des cibles terroristes."
        ),
        [one(
            "L'armée de la junte malienne",
            "Military Forces of Mali",
            1
        )]
    );
}

#[test]
fn no_alias_names_two_actors_in_the_built_in_data() {
    let src = LexiconSource::embedded();
    for lang in Lang::ALL {
        let f: ActorFile = src.toml(lang, "actors.toml").expect("built-in actors data");
        let mut owner: HashMap<String, &str> = HashMap::default();
        for a in &f.actors {
            for alias in &a.aliases {
                let key = sitrep_core::fold::fold(alias);
                if let Some(prev) = owner.insert(key, &a.name) {
                    panic!(
                        "{lang:?}: '{alias}' is an alias of '{prev}' and of '{}'",
                        a.name
                    );
                }
            }
        }
    }
}
