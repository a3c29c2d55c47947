use super::*;
use crate::text::{sentences, tokenize};

/// (text, event_type, sub_event_type) of every trigger.
fn triggers(lang: Lang, text: &str) -> Vec<(String, String, String)> {
    let src = LexiconSource::embedded();
    let seg = Segmentation::load(&src).expect("built-in segmentation data");
    let rec = TriggerRecognizer::new(lang, &src).expect("built-in triggers data");
    let tokens = tokenize(text, &seg);
    let sents = sentences(text, &tokens, &seg);
    rec.find(text, &tokens, &sents)
        .into_iter()
        .map(|m| match m.value {
            MentionValue::Trigger(t) => (m.text, t.event_type, t.sub_event_type),
            other => panic!("not a trigger: {other:?}"),
        })
        .collect()
}

fn t(text: &str, ty: &str, sub: &str) -> (String, String, String) {
    (text.to_string(), ty.to_string(), sub.to_string())
}

const AIR: (&str, &str) = ("Explosions/Remote violence", "Air/drone strike");
const CLASH: (&str, &str) = ("Battles", "Armed clash");
const ATTACK: (&str, &str) = ("Violence against civilians", "Attack");

#[test]
fn french_drone_strikes_and_ambushes() {
    assert_eq!(
        triggers(Lang::Fr, "L'armée a mené des frappes de drones à Ber."),
        [t("frappes de drones", AIR.0, AIR.1)]
    );
    assert_eq!(
        triggers(
            Lang::Fr,
            "Une embuscade contre un convoi militaire près de Dori."
        ),
        [t("embuscade", CLASH.0, CLASH.1)]
    );
    assert_eq!(
        triggers(
            Lang::Fr,
            "Un engin explosif improvisé a visé la patrouille."
        ),
        [t(
            "engin explosif improvisé",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED"
        )]
    );
    assert_eq!(
        triggers(
            Lang::Fr,
            "Trois commerçants ont été enlevés sur la route de Gao."
        ),
        [t(
            "enlevés",
            "Violence against civilians",
            "Abduction/forced disappearance"
        )]
    );
}

#[test]
fn an_attack_on_civilians_is_violence_against_civilians() {
    assert_eq!(
        triggers(Lang::Fr, "Des hommes armés ont attaqué le village de Soro."),
        [t("ont attaqué", ATTACK.0, ATTACK.1)]
    );
    assert_eq!(
        triggers(
            Lang::Fr,
            "Des hommes armés ont attaqué une position de l'armée."
        ),
        [t("ont attaqué", CLASH.0, CLASH.1)]
    );
    assert_eq!(
        triggers(Lang::En, "Gunmen attacked a market in Tillia."),
        [t("attacked", ATTACK.0, ATTACK.1)]
    );
    assert_eq!(
        triggers(Lang::En, "Militants ambushed an army convoy near Koro."),
        [t("ambushed", CLASH.0, CLASH.1)]
    );
}

#[test]
fn who_was_killed_decides_the_type_of_a_killing() {
    assert_eq!(
        triggers(
            Lang::En,
            "Suspected jihadists killed four farmers near Gao."
        ),
        [t("killed", ATTACK.0, ATTACK.1)]
    );
    assert_eq!(
        triggers(Lang::En, "Soldiers killed three militants in the forest."),
        [t("killed", CLASH.0, CLASH.1)]
    );
    assert_eq!(
        triggers(Lang::En, "Two soldiers were killed by gunmen on Sunday."),
        [t("killed", CLASH.0, CLASH.1)]
    );
    assert_eq!(
        triggers(Lang::Fr, "Douze civils ont été tués par des hommes armés."),
        [t("tués", ATTACK.0, ATTACK.1)]
    );
}

#[test]
fn casualty_words_give_way_to_the_event_that_caused_them() {
    assert_eq!(
        triggers(
            Lang::Fr,
            "L'armée a tué vingt terroristes dimanche. Des frappes aériennes ont visé leur camp."
        ),
        [t("frappes aériennes", AIR.0, AIR.1)]
    );
    // A strategic development does not hide a killing.
    assert_eq!(
        triggers(Lang::En, "Gunmen killed a herder and looted his shop."),
        [
            t("killed", ATTACK.0, ATTACK.1),
            t(
                "looted",
                "Strategic developments",
                "Looting/property destruction"
            )
        ]
    );
}

#[test]
fn negated_denied_and_planned_events_are_not_triggers() {
    for text in [
        "Les jihadistes n'ont pas attaqué la ville.",
        "L'armée a démenti toute frappe sur Ber.",
        "Le groupe menace d'attaquer les convois.",
    ] {
        assert_eq!(triggers(Lang::Fr, text), [], "{text}");
    }
    for text in [
        "The army denied carrying out an airstrike.",
        "The militants planned to attack the camp.",
        "They threatened to abduct the teachers.",
        "Officials said the group would attack again.",
    ] {
        assert_eq!(triggers(Lang::En, text), [], "{text}");
    }
    // Negation does not reach across clauses.
    assert_eq!(
        triggers(
            Lang::En,
            "No group claimed it, but gunmen attacked the village."
        ),
        [t("attacked", ATTACK.0, ATTACK.1)]
    );
}

#[test]
fn protests_change_type_with_what_happened_around_them() {
    assert_eq!(
        triggers(Lang::En, "Residents staged a demonstration in Dori."),
        [t("staged a demonstration", "Protests", "Peaceful protest")]
    );
    assert_eq!(
        triggers(
            Lang::En,
            "Students protested in Niamey. Police dispersed them with tear gas."
        ),
        [t("protested", "Protests", "Protest with intervention")]
    );
    assert_eq!(
        triggers(
            Lang::Fr,
            "Des manifestants ont barricadé la route et brûlé des pneus à Kaya."
        ),
        [
            t("manifestants", "Riots", "Violent demonstration"),
            // Tyres burnt by a crowd are its violence, not property destroyed.
            t("brûlé des pneus", "Riots", "Violent demonstration")
        ]
    );
    assert_eq!(
        triggers(Lang::Fr, "Une émeute a éclaté au marché."),
        [t("émeute", "Riots", "Violent demonstration")]
    );
}

#[test]
fn taking_a_town_depends_on_who_took_it() {
    assert_eq!(
        triggers(
            Lang::Fr,
            "L'offensive de l'armée malienne a culminé par la prise de Kidal."
        ),
        [t("prise de", "Battles", "Government regains territory")]
    );
    assert_eq!(
        triggers(Lang::En, "JNIM militants took control of the town of Boni."),
        [t(
            "took control of",
            "Battles",
            "Non-state actor overtakes territory"
        )]
    );
    assert_eq!(triggers(Lang::Fr, "Sa prise de parole a été saluée."), []);
}

#[test]
fn a_type_outside_the_taxonomy_is_refused_with_the_file_named() {
    let dir = std::env::temp_dir().join(format!("sitrep-triggers-test-{}", std::process::id()));
    let lang_dir = dir.join("lang").join("fr");
    std::fs::create_dir_all(&lang_dir).expect("temp dir");
    std::fs::write(
        lang_dir.join("triggers.toml"),
        "[[trigger]]\nforms = [\"bagarre\"]\nevent_type = \"Battles\"\nsub_event_type = \"Brawl\"\n",
    )
    .expect("temp file");
    let src = LexiconSource::with_override_dir(&dir);
    let err = TriggerRecognizer::new(Lang::Fr, &src)
        .err()
        .map(|e| e.to_string());
    std::fs::remove_dir_all(&dir).ok();
    let err = err.expect("an unknown sub-type must be refused");
    assert!(
        err.contains("bagarre") && err.contains("Brawl") && err.contains("triggers.toml"),
        "{err}"
    );
}

#[test]
fn french_sahel_constructions() {
    assert_eq!(
        triggers(
            Lang::Fr,
            "Des jihadistes présumés ont tendu une embuscade à une patrouille de la gendarmerie, tuant six gendarmes."
        ),
        // The killing is the ambush told again: same type, kept, harmless.
        [
            t("tendu une embuscade", CLASH.0, CLASH.1),
            t("tuant", CLASH.0, CLASH.1),
        ]
    );
    assert_eq!(
        triggers(
            Lang::Fr,
            "Les FAMa ont repris le contrôle de Léré après de violents combats avec le JNIM."
        ),
        [
            t(
                "repris le contrôle",
                "Battles",
                "Government regains territory"
            ),
            t("violents combats", CLASH.0, CLASH.1),
        ]
    );
    assert_eq!(
        triggers(
            Lang::Fr,
            "Un car de transport a sauté sur une mine artisanale, faisant quatre morts."
        ),
        [t(
            "sauté sur une mine",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED"
        )]
    );
    assert_eq!(
        triggers(
            Lang::Fr,
            "Des dozos ont attaqué un campement peul, tuant douze éleveurs."
        ),
        [
            t("ont attaqué", ATTACK.0, ATTACK.1),
            t("tuant", ATTACK.0, ATTACK.1)
        ]
    );
    assert_eq!(
        triggers(
            Lang::Fr,
            "La police a dispersé une manifestation d'étudiants avec du gaz lacrymogène."
        ),
        [
            t("manifestation", "Protests", "Protest with intervention"),
            t("gaz lacrymogène", "Protests", "Protest with intervention")
        ]
    );
    // "Exécuter des frappes" carries them out: the strikes are the event.
    assert_eq!(
        triggers(Lang::Fr, "Ils ont exécuté plusieurs frappes de drones."),
        [t("frappes de drones", AIR.0, AIR.1)]
    );
    assert_eq!(
        triggers(Lang::Fr, "Le CSP affirme avoir abattu un drone de l'armée."),
        [t(
            "abattu un drone",
            "Strategic developments",
            "Disrupted weapons use"
        )]
    );
}

#[test]
fn an_off_duty_soldier_killed_is_a_civilian_victim() {
    assert_eq!(
        triggers(
            Lang::En,
            "Militants killed an off-duty soldier at his farm near Kaya."
        ),
        [t("killed", ATTACK.0, ATTACK.1)]
    );
    assert_eq!(
        triggers(
            Lang::Fr,
            "Des hommes armés ont tué un gendarme en permission dans son village."
        ),
        [t("ont tué", ATTACK.0, ATTACK.1)]
    );
}

#[test]
fn an_abduction_does_not_hide_a_killing_beside_it() {
    assert_eq!(
        triggers(
            Lang::En,
            "Gunmen killed a farmer in Natiaboani. He had been abducted the day before."
        ),
        [
            t("killed", ATTACK.0, ATTACK.1),
            t(
                "abducted",
                "Violence against civilians",
                "Abduction/forced disappearance"
            ),
        ]
    );
}

#[test]
fn english_explosions_and_shelling() {
    assert_eq!(
        triggers(
            Lang::En,
            "Two soldiers were killed when an improvised explosive device hit their vehicle."
        ),
        [t(
            "improvised explosive device",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED"
        )]
    );
    assert_eq!(
        triggers(
            Lang::En,
            "Rebels fired mortars at government positions; no one was hurt."
        ),
        [t(
            "mortars",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack"
        )]
    );
    assert_eq!(
        triggers(Lang::En, "Engineers defused an IED on the road to Gao."),
        [
            t("defused", "Strategic developments", "Disrupted weapons use"),
            t("IED", "Strategic developments", "Disrupted weapons use"),
        ]
    );
}

#[test]
fn casualties_of_an_accident_or_a_fire_are_no_event() {
    assert_eq!(
        triggers(
            Lang::Fr,
            "Un mort et deux blessés dans un accident de la route près de Ségou."
        ),
        []
    );
    assert_eq!(
        triggers(Lang::Fr, "L'origine de l'incendie était inconnue hier."),
        []
    );
    assert_eq!(
        triggers(Lang::En, "Three people were killed in a road accident."),
        []
    );
    // An attack told beside an accident is still an attack.
    assert_eq!(
        triggers(
            Lang::Fr,
            "Des hommes armés ont incendié le marché après l'accident."
        ),
        [t(
            "ont incendié",
            "Strategic developments",
            "Looting/property destruction"
        )]
    );
}

#[test]
fn french_shots_and_targets() {
    assert_eq!(
        triggers(
            Lang::Fr,
            "Des hommes armés ont ouvert le feu sur des fidèles à la sortie de la mosquée."
        ),
        [t("ont ouvert le feu", ATTACK.0, ATTACK.1)]
    );
    assert_eq!(
        triggers(
            Lang::Fr,
            "Des tirs ont visé le poste de gendarmerie de Solenzo dans la nuit."
        ),
        [t("tirs", CLASH.0, CLASH.1)]
    );
    assert_eq!(
        triggers(Lang::Fr, "Aucune attaque n'a été signalée depuis lundi."),
        []
    );
}

#[test]
fn no_form_is_listed_twice_in_the_built_in_data() {
    let src = LexiconSource::embedded();
    for lang in Lang::ALL {
        let f: TriggerFile = src
            .toml(lang, "triggers.toml")
            .expect("built-in triggers data");
        let mut seen: HashMap<String, &str> = HashMap::default();
        for t in &f.triggers {
            for form in &t.forms {
                let key = sitrep_core::fold::fold(form);
                if let Some(prev) = seen.insert(key, &t.sub_event_type) {
                    panic!(
                        "{lang:?}: '{form}' is listed for '{prev}' and for '{}'",
                        t.sub_event_type
                    );
                }
            }
        }
    }
}

#[test]
fn a_place_attacked_is_its_people() {
    assert_eq!(
        triggers(Lang::En, "Islamist militants attacked Napula on Tuesday."),
        [t("attacked", ATTACK.0, ATTACK.1)]
    );
    // A named group right after the verb is who was hit, not a place.
    assert_eq!(
        triggers(Lang::En, "Militants attacked VDP positions on Tuesday."),
        [t("attacked", CLASH.0, CLASH.1)]
    );
}

#[test]
fn demands_tell_of_a_protest_only_alone() {
    assert_eq!(
        triggers(
            Lang::En,
            "Hundreds of drivers did a motorcade in Lima demanding fuel subsidies."
        ),
        [
            t("motorcade", "Protests", "Peaceful protest"),
            t("demanding", "Protests", "Peaceful protest"),
        ]
    );
    assert_eq!(
        triggers(
            Lang::Fr,
            "Les ravisseurs ont enlevé deux commerçants, exigeant une rançon."
        ),
        [t(
            "enlevé",
            "Violence against civilians",
            "Abduction/forced disappearance"
        )]
    );
}

const MOB: (&str, &str) = ("Riots", "Mob violence");

/// The type of every trigger, without its text.
fn types(lang: Lang, text: &str) -> Vec<(String, String)> {
    triggers(lang, text)
        .into_iter()
        .map(|(_, ty, sub)| (ty, sub))
        .collect()
}

fn typed(pair: (&str, &str)) -> (String, String) {
    (pair.0.to_string(), pair.1.to_string())
}

#[test]
fn a_crowd_acting_on_someone_is_mob_violence() {
    for (lang, text) in [
        (
            Lang::En,
            "Residents attacked a suspected thief at the market.",
        ),
        (Lang::En, "A group of youths beat him with sticks."),
        (
            Lang::En,
            "Angry villagers stoned to death two burglars overnight.",
        ),
        (
            Lang::En,
            "Boda boda riders assaulted a motorist after a crash on the highway.",
        ),
        (
            Lang::En,
            "A man accused of witchcraft was beaten by his neighbours.",
        ),
        (
            Lang::Fr,
            "Des habitants ont attaqué un voleur présumé au marché.",
        ),
        (Lang::Fr, "Des jeunes l'ont battu avec des bâtons."),
        (
            Lang::Fr,
            "Un présumé voleur a été attaqué par des riverains.",
        ),
    ] {
        let found = types(lang, text);
        assert!(!found.is_empty(), "{text}: no trigger");
        assert!(found.iter().all(|t| *t == typed(MOB)), "{text}: {found:?}");
    }
}

#[test]
fn a_crowd_hit_or_named_in_passing_is_not_the_doer() {
    // Hit: passive, a headline's bare participle, the object of another verb.
    for (lang, text, want) in [
        (
            Lang::En,
            "Villagers were attacked by gunmen near the river.",
            ATTACK,
        ),
        (
            Lang::En,
            "Two farmers killed near the river on Sunday.",
            ATTACK,
        ),
        (
            Lang::En,
            "Gunmen seized the traders and killed them.",
            ATTACK,
        ),
        (
            Lang::En,
            "Residents are attacked every week by bandits.",
            ATTACK,
        ),
        (
            Lang::Fr,
            "Des habitants ont été attaqués par des hommes armés.",
            ATTACK,
        ),
        (
            Lang::Fr,
            "Trois commerçants tués près du fleuve dimanche.",
            ATTACK,
        ),
    ] {
        let found = types(lang, text);
        assert!(found.contains(&typed(want)), "{text}: {found:?}");
        assert!(!found.contains(&typed(MOB)), "{text}: {found:?}");
    }
    // "Civilians" only ever suffer: "civilian massacres" are no crowd's.
    let found = types(
        Lang::En,
        "The civilian massacres that have shaken the jihadist-plagued region.",
    );
    assert!(!found.contains(&typed(MOB)), "{found:?}");
    // Farmers and herders fighting over land are communal violence, not a mob.
    for (lang, text) in [
        (
            Lang::En,
            "Farmers attacked a herders' camp and killed two pastoralists.",
        ),
        (
            Lang::Fr,
            "Des agriculteurs ont attaqué un campement et tué deux éleveurs.",
        ),
    ] {
        let found = types(lang, text);
        assert!(!found.contains(&typed(MOB)), "{text}: {found:?}");
    }
    // A crowd with no one after the verb is no mob: "residents attacked in
    // the night" reads as a headline.
    let found = types(Lang::En, "Residents attacked in the night near Kisumu.");
    assert!(!found.contains(&typed(MOB)), "{found:?}");
}

#[test]
fn a_crowd_s_violence_and_its_dispersal_are_named_without_riot_or_protest() {
    for (lang, text, want) in [
        (
            Lang::En,
            "Youths threw stones at passing cars near the stadium.",
            ("Riots", "Violent demonstration"),
        ),
        (
            Lang::En,
            "Supporters of the two candidates hurled petrol bombs at each other.",
            ("Riots", "Violent demonstration"),
        ),
        (
            Lang::Fr,
            "Des jeunes ont lancé des pierres sur les véhicules de la mairie.",
            ("Riots", "Violent demonstration"),
        ),
        (
            Lang::Fr,
            "Des cocktails Molotov ont été jetés contre la préfecture.",
            ("Riots", "Violent demonstration"),
        ),
        (
            Lang::En,
            "Police fired tear gas at traders in the market.",
            ("Protests", "Protest with intervention"),
        ),
        (
            Lang::Fr,
            "Les gendarmes ont fait usage de gaz lacrymogène contre des commerçants.",
            ("Protests", "Protest with intervention"),
        ),
        (
            Lang::En,
            "A mob lynches a man suspected of theft.",
            ("Riots", "Mob violence"),
        ),
        (
            Lang::En,
            "Residents demonstrate against the closure of the clinic.",
            ("Protests", "Peaceful protest"),
        ),
    ] {
        let found = types(lang, text);
        assert!(found.contains(&typed(want)), "{text}: {found:?}");
    }
}

#[test]
fn a_passive_attack_on_no_one_armed_hit_people() {
    for (lang, text, want) in [
        (
            Lang::En,
            "Five herders were attacked by a gang of armed men at night.",
            ATTACK,
        ),
        (
            Lang::En,
            "After they were attacked by gunmen, the family fled.",
            ATTACK,
        ),
        (
            Lang::En,
            "The patrol was attacked by gunmen near the border.",
            CLASH,
        ),
        (
            Lang::En,
            "The rebels were attacked by government forces near the river.",
            CLASH,
        ),
        (
            Lang::En,
            "Two soldiers died following an attack by militants on a checkpoint.",
            CLASH,
        ),
    ] {
        let found = types(lang, text);
        assert!(found.contains(&typed(want)), "{text}: {found:?}");
    }
}

#[test]
fn armed_men_seen_and_people_leaving_are_told_alone_or_give_way() {
    const MOVE: (&str, &str) = ("Strategic developments", "Change to group/activity");
    const OTHER: (&str, &str) = ("Strategic developments", "Other");
    for (lang, text, want) in [
        (
            Lang::En,
            "About thirty armed men on motorbikes were seen near the park on Tuesday.",
            MOVE,
        ),
        (
            Lang::Fr,
            "Une trentaine d'hommes armés à moto ont été aperçus près du parc mardi.",
            MOVE,
        ),
        (
            Lang::En,
            "Hundreds of residents left their village after threats.",
            OTHER,
        ),
        (
            Lang::Fr,
            "Des centaines d'habitants ont quitté leur village après des menaces.",
            OTHER,
        ),
    ] {
        let found = types(lang, text);
        assert_eq!(found, [typed(want)], "{text}");
    }
    // Beside an attack they are its prelude or its aftermath, not an event.
    for (lang, text) in [
        (
            Lang::En,
            "Gunmen were seen near the village before they attacked a school.",
        ),
        (
            Lang::Fr,
            "Des habitants ont quitté leur village après que des hommes armés ont attaqué l'école.",
        ),
    ] {
        let found = types(lang, text);
        assert!(
            !found.iter().any(|t| t.0 == "Strategic developments"),
            "{text}: {found:?}"
        );
    }
}
