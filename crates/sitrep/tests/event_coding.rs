//! Event types that hang on who fights whom: a clash of a crowd with the
//! police or with another crowd is a riot, not a battle; a protest where
//! stones fly or fires burn is a violent demonstration. Sentences written
//! for these tests, in English and French, with controls that must not
//! move.

mod common;

fn main_type(text: &str) -> (String, String) {
    let report = common::extract(text, "2024-08-26");
    let event = report
        .events
        .iter()
        .find(|e| !e.background)
        .or(report.events.first())
        .unwrap_or_else(|| panic!("no event in {text:?}"));
    (event.event_type.clone(), event.sub_event_type.clone())
}

fn assert_type(text: &str, event_type: &str, sub: Option<&str>) {
    let (t, s) = main_type(text);
    assert_eq!(t, event_type, "{text:?} read as {t} / {s}");
    if let Some(sub) = sub {
        assert_eq!(s, sub, "{text:?} read as {t} / {s}");
    }
}

#[test]
fn a_crowd_clashing_is_a_riot_in_english() {
    assert_type(
        "Police and hawkers clashed in the town market on Monday after their stalls were removed.",
        "Riots",
        Some("Mob violence"),
    );
    assert_type(
        "Supporters of two rival candidates clashed outside a polling station on Tuesday.",
        "Riots",
        Some("Mob violence"),
    );
    assert_type(
        "Demonstrators clashed with police in the capital on Friday.",
        "Riots",
        Some("Violent demonstration"),
    );
}

#[test]
fn une_foule_qui_affronte_est_une_emeute() {
    assert_type(
        "Des commerçants et des policiers se sont affrontés lundi au grand marché après la destruction des étals.",
        "Riots",
        Some("Mob violence"),
    );
    assert_type(
        "Des heurts ont opposé mardi des partisans de deux candidats devant un bureau de vote.",
        "Riots",
        Some("Mob violence"),
    );
    assert_type(
        "Des manifestants ont affronté la police vendredi dans la capitale.",
        "Riots",
        Some("Violent demonstration"),
    );
}

#[test]
fn a_protest_with_fires_or_clashes_is_violent() {
    assert_type(
        "Residents blocked the highway and lit fires on Monday to protest against the closure of the clinic.",
        "Riots",
        Some("Violent demonstration"),
    );
    assert_type(
        "Des habitants ont manifesté lundi, ont bloqué la route et brûlé des pneus contre la fermeture du dispensaire.",
        "Riots",
        Some("Violent demonstration"),
    );
    assert_type(
        "Residents protesting against insecurity broke into the fuel depot on Monday.",
        "Riots",
        Some("Violent demonstration"),
    );
    assert_type(
        "Des manifestants ont forcé l'entrée de la préfecture lundi pour protester contre l'insécurité.",
        "Riots",
        Some("Violent demonstration"),
    );
}

#[test]
fn armed_sides_and_peaceful_marches_do_not_move() {
    assert_type(
        "Soldiers clashed with militants near the border on Sunday, killing five of them.",
        "Battles",
        Some("Armed clash"),
    );
    assert_type(
        "Des soldats ont affronté des jihadistes dimanche près de la frontière, tuant cinq assaillants.",
        "Battles",
        Some("Armed clash"),
    );
    assert_type(
        "Women marched against domestic violence in the town centre on Saturday.",
        "Protests",
        Some("Peaceful protest"),
    );
    assert_type(
        "Des femmes ont manifesté samedi dans le centre-ville contre les violences conjugales.",
        "Protests",
        Some("Peaceful protest"),
    );
}

#[test]
fn one_armed_side_against_unarmed_people_is_an_attack() {
    for text in [
        "A teacher at the village primary school, was shot dead on Monday by unknown gunmen.",
        "Gunmen attacked a fisherman near the lake on Sunday.",
        "Raiders attacked two herdsmen and their wives at a watering point on Sunday.",
        "Des hommes armés ont attaqué un employé de la mairie dimanche près du marché.",
        "Un pêcheur, père de quatre enfants, a été abattu lundi par des hommes armés.",
    ] {
        assert_type(text, "Violence against civilians", Some("Attack"));
    }
}

fn killed(text: &str) -> Option<u32> {
    let report = common::extract(text, "2024-08-26");
    report
        .events
        .iter()
        .find(|e| !e.background)
        .and_then(|e| e.fatalities.acled)
}

#[test]
fn one_victim_named_by_a_noun_counts_one() {
    for text in [
        "Raiders killed a retired guard at his home on Sunday.",
        "A man was lynched by a mob in the market on Monday.",
        "A former councillor was strangled in his shop on Monday.",
        "Un ancien gendarme a été tué dimanche par des hommes armés.",
        "Un homme a été lapidé lundi par la foule au marché.",
    ] {
        assert_eq!(killed(text), Some(1), "{text}");
    }
}

/// The actor1 of the main event of `text` published on `published`.
fn actor1(text: &str, published: &str) -> Option<String> {
    let report = common::extract(text, published);
    let event = report.events.iter().find(|e| !e.background)?;
    event
        .actors
        .iter()
        .find(|a| a.role == "actor1")
        .map(|a| a.name.clone())
}

#[test]
fn a_renamed_group_goes_by_the_name_it_bore_on_the_day() {
    for (text, published, want) in [
        (
            "Des combattants de l'EIGS ont attaqué dimanche un poste militaire près de Tillabéri.",
            "2018-05-14",
            "Islamic State (Greater Sahara)",
        ),
        (
            "ISGS fighters attacked an army post near Tillabéri on Sunday.",
            "2020-10-19",
            "Islamic State (West Africa) - Greater Sahara Faction",
        ),
        (
            "Islamic State Sahel Province fighters attacked an army post near Tillabéri on Sunday.",
            "2023-02-20",
            "Islamic State (Sahel)",
        ),
    ] {
        assert_eq!(
            actor1(text, published).as_deref(),
            Some(want),
            "{text} ({published})"
        );
    }
}

#[test]
fn two_groups_held_jointly_responsible_are_one_actor() {
    let jnim_or_is = "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Sahel)";
    for text in [
        "Suspected JNIM or IS Sahel militants kidnapped two forest guards near the park.",
        "Suspected IS Sahel or JNIM militants kidnapped two forest guards near the park.",
        "Des combattants du JNIM ou de l'EIGS ont enlevé deux commerçants près du parc.",
    ] {
        assert_eq!(
            actor1(text, "2022-09-10").as_deref(),
            Some(jnim_or_is),
            "{text}"
        );
    }
    // Joined by "and", two groups fighting each other stay two sides.
    assert_eq!(
        actor1(
            "JNIM and IS Sahel fighters clashed near the town on Sunday.",
            "2022-09-10"
        )
        .as_deref(),
        Some("JNIM: Group for Support of Islam and Muslims")
    );
    // Each part of a joint actor takes the name it bore on the day.
    assert_eq!(
        actor1(
            "Suspected JNIM or ISGS militants kidnapped two forest guards near the park.",
            "2020-09-10"
        )
        .as_deref(),
        Some("JNIM: Group for Support of Islam and Muslims and/or Islamic State (West Africa) - Greater Sahara Faction")
    );
}

#[test]
fn a_people_that_acts_is_its_militia_and_a_people_hit_its_civilians() {
    for (text, want_actor) in [
        (
            "Pokot raiders attacked a Samburu village near the river on Sunday, killing five.",
            "Pokot Ethnic Militia",
        ),
        (
            "Des Dozos ont tué dimanche six Peuls près du fleuve.",
            "Dozo Communal Militia",
        ),
    ] {
        assert_type(text, "Violence against civilians", Some("Attack"));
        let actor = actor1(text, "2024-08-26").unwrap_or_default();
        assert!(actor.starts_with(want_actor), "{text}: {actor}");
    }
    // Two armed sides stay a battle.
    assert_type(
        "Turkana fighters clashed with police reservists near the border on Sunday.",
        "Battles",
        Some("Armed clash"),
    );
}

#[test]
fn a_road_shut_with_barricades_or_logs_is_a_violent_demonstration() {
    for text in [
        "Youths erected barricades on the main road on Monday to protest the arrest of their leader.",
        "Villagers protesting the lack of a bridge blocked the road with logs and felled trees.",
        "Des jeunes ont érigé des barricades sur la route nationale lundi pour protester contre l'arrestation de leur chef.",
    ] {
        assert_type(text, "Riots", Some("Violent demonstration"));
    }
    // A road blocked by people sitting on it stays a peaceful protest.
    assert_type(
        "Traders blocked the road on Monday, sitting on it for hours to demand lower taxes.",
        "Protests",
        Some("Peaceful protest"),
    );
}

#[test]
fn short_wire_forms_still_tell_an_event() {
    assert_type(
        "A militiaman guns down two police officers at a checkpoint near Moyale.",
        "Battles",
        None,
    );
    assert_type(
        "Residents thronged the streets of Kisumu to demand the release of their MP.",
        "Protests",
        Some("Peaceful protest"),
    );
    assert_type(
        "Police dispersed supporters of the opposition candidate in Mumias on Friday.",
        "Protests",
        Some("Protest with intervention"),
    );
    assert_type(
        "One more person died on Saturday in a clan war over grazing land near Moyale.",
        "Battles",
        Some("Armed clash"),
    );
}

#[test]
fn des_forces_qui_dispersent_des_manifestants() {
    assert_type(
        "La police a dispersé les manifestants lundi devant la mairie de Parakou.",
        "Protests",
        Some("Protest with intervention"),
    );
}

#[test]
fn property_burnt_by_a_crowd_is_mob_violence() {
    for text in [
        "Angry villagers set fire to three houses belonging to a man accused of theft on Sunday.",
        "A mob torched a minibus on Tuesday after it ran over a cyclist.",
        "Youths burnt down the home of the local chief overnight, residents said.",
        "Des habitants en colère ont incendié lundi la maison d'un homme accusé de vol.",
        "Une foule a brûlé mardi un car qui avait renversé un piéton.",
        "Des jeunes ont mis le feu à la boutique d'un commerçant soupçonné de sorcellerie.",
    ] {
        assert_type(text, "Riots", Some("Mob violence"));
    }
}

#[test]
fn an_armed_group_burning_what_it_raided_is_not_a_crowd() {
    // The crowd named after the armed group is whom it hit; the burning is
    // the armed group's.
    for text in [
        "Gunmen attacked the village on Sunday, killed the chief and two residents, and burned shops.",
        "Des hommes armés ont attaqué le village dimanche, tué deux habitants et incendié des boutiques.",
    ] {
        let report = common::extract(text, "2024-08-26");
        let types: Vec<&str> = report.events.iter().map(|e| e.event_type.as_str()).collect();
        assert!(!types.contains(&"Riots"), "{text:?} read as {types:?}");
        assert!(!types.is_empty(), "{text:?} read as no event");
    }
    // Without a crowd, burning stays a property destruction.
    assert_type(
        "Unknown assailants burned a school in the district on Monday night.",
        "Strategic developments",
        Some("Looting/property destruction"),
    );
}

#[test]
fn an_attack_that_armed_men_fight_back_is_a_clash() {
    for text in [
        "Gunmen stormed a village near Dori on Sunday; soldiers returned fire and killed three of the attackers.",
        "Militants attacked a market town on Monday. Police officers fought back, and two attackers died.",
        "Bandits raided a ranch on Friday and were repelled by the guards after a long exchange of fire.",
        "Des hommes armés ont attaqué un village près de Dori dimanche. Les militaires ont riposté et deux assaillants ont été tués.",
        "Des assaillants ont attaqué un marché lundi ; ils ont été repoussés par les gendarmes.",
    ] {
        assert_type(text, "Battles", Some("Armed clash"));
    }
    // With no one fighting back, an attack on a village stays an attack.
    for text in [
        "Gunmen attacked a village near Dori on Sunday and killed four civilians before fleeing.",
        "Des hommes armés ont attaqué un village près de Dori dimanche et tué quatre civils.",
    ] {
        assert_type(text, "Violence against civilians", Some("Attack"));
    }
}

#[test]
fn a_suspected_thief_beaten_by_people_nobody_names_is_mob_justice() {
    for text in [
        "On Monday a group beat a suspected thief in the market before handing him to the police.",
        "A suspected cattle thief was beaten to death in the village on Sunday.",
        "Des individus ont battu un présumé voleur lundi au marché avant de le remettre à la police.",
        "Un voleur présumé a été lapidé dimanche dans le quartier.",
    ] {
        assert_type(text, "Riots", Some("Mob violence"));
    }
    // Killed by the police or by gunmen, a suspect is no crowd's victim.
    for text in [
        "Police shot dead a suspected robber in the town on Monday.",
        "Des policiers ont abattu un présumé braqueur lundi dans la ville.",
        "Gunmen stabbed a suspected thief to death on Monday.",
    ] {
        let (t, s) = main_type(text);
        assert_ne!(s, "Mob violence", "{text:?} read as {t} / {s}");
    }
}

/// A large town named inside another name or as a modifier ("a Mombasa
/// neighbourhood", "Kisumu Girls High School") is no place of the event,
/// but it tells the country of its generic actors when nothing else does.
#[test]
fn a_town_named_inside_another_name_tells_the_country() {
    for (text, want) in [
        ("Residents of a Mombasa neighbourhood protest forced evictions.", "Protesters (Kenya)"),
        ("Students of Kisumu Girls High School protested over exam fees.", "Protesters (Kenya)"),
        ("Supporters of Kano Pillars protested after the match.", "Protesters (Nigeria)"),
        (
            "Des commerçants ont manifesté devant l'Assemblée régionale Parakou Nord contre les taxes.",
            "Protesters (Benin)",
        ),
    ] {
        assert_eq!(actor1(text, "2019-06-10").as_deref(), Some(want), "{text}");
    }
    // A small town tells nothing: its name is shared across borders.
    assert_eq!(
        actor1(
            "Supporters of Djibo Stars protested after the match.",
            "2019-06-10"
        )
        .as_deref(),
        Some("Protesters")
    );
}
