//! Whole reports read as an analyst would: one incident per report, every
//! figure with its claimant, nothing summed or doubled. The texts are
//! written for these tests, in French and English, each construction in
//! more than one wording.

use sitrep_core::Qualifier;
use sitrep_core::{Claim, ClaimantKind, Event, Report};

mod common;
use common::extract;

fn live(r: &Report) -> Vec<&Event> {
    r.events.iter().filter(|e| !e.background).collect()
}

fn only_event(r: &Report) -> &Event {
    let live = live(r);
    assert_eq!(live.len(), 1, "one reported incident expected in {r:#?}");
    live[0]
}

fn killed(c: &Claim) -> Option<u32> {
    c.killed.as_ref().and_then(|f| f.value)
}

fn figures(e: &Event) -> Vec<u32> {
    let mut v: Vec<u32> = e.claims.iter().filter_map(killed).collect();
    v.sort_unstable();
    v
}

fn claim_of(e: &Event, value: u32) -> &Claim {
    e.claims
        .iter()
        .find(|c| killed(c) == Some(value))
        .unwrap_or_else(|| panic!("no claim of {value} in {:#?}", e.claims))
}

/// Asserts the claimant kind of the claim of `value` killed, in the only
/// event of `text`.
fn assert_kind(text: &str, published: &str, value: u32, kind: ClaimantKind) {
    let r = extract(text, published);
    assert_eq!(
        claim_of(only_event(&r), value).claimant.kind,
        kind,
        "{text}"
    );
}

// 1. One incident, several trigger words.

#[test]
fn later_mentions_of_the_attack_are_the_same_incident_fr() {
    let r = extract(
        "Des hommes armés ont attaqué samedi le village de Ténado, tuant au moins sept civils.\n\n\
         L'attaque a été revendiquée lundi par un groupe jihadiste. Les funérailles des victimes \
         ont eu lieu dimanche. Cette embuscade intervient dans une région déjà meurtrie.",
        "2024-03-12",
    );
    let e = only_event(&r);
    assert_eq!(
        e.date.as_ref().map(|d| d.start.to_string()).as_deref(),
        Some("2024-03-09")
    );
    assert_eq!(figures(e), vec![7]);
}

#[test]
fn later_mentions_of_the_raid_are_the_same_incident_en() {
    let r = extract(
        "Gunmen stormed a market in the north on Friday, killing 14 traders. \
         The raid was the deadliest this month. Residents said the assailants \
         set fire to stalls before fleeing. The massacre was condemned by the governor.",
        "2024-06-09",
    );
    let e = only_event(&r);
    assert_eq!(
        e.date.as_ref().map(|d| d.start.to_string()).as_deref(),
        Some("2024-06-07")
    );
    assert_eq!(figures(e), vec![14]);
}

#[test]
fn an_attack_and_its_toll_told_the_next_day_are_one_incident() {
    let r = extract(
        "Jihadists attacked a farming village on Saturday night. On Sunday, \
         survivors said 23 villagers were slaughtered.",
        "2024-06-10",
    );
    let e = only_event(&r);
    assert_eq!(
        e.date.as_ref().map(|d| d.start.to_string()).as_deref(),
        Some("2024-06-08")
    );
    assert_eq!(figures(e), vec![23]);
}

// 2. Figures summed, doubled, or from another incident.

#[test]
fn a_toll_restated_by_a_resident_is_two_claims_never_a_sum_fr() {
    let r = extract(
        "Au moins huit civils ont été tués mardi dans l'attaque d'un convoi près de Kaya. \
         « Nous avons enterré 8 corps », a dit un habitant joint par téléphone.",
        "2024-04-18",
    );
    let e = only_event(&r);
    assert_eq!(figures(e), vec![8, 8], "{:#?}", e.claims);
    assert_eq!(e.fatalities.high, Some(8));
}

#[test]
fn the_same_claimant_repeating_a_figure_is_one_claim_en() {
    let r = extract(
        "Twelve soldiers were killed in an ambush on Monday, the army said. \
         The army said the 12 soldiers were killed when their patrol hit an explosive device.",
        "2024-04-18",
    );
    let e = only_event(&r);
    assert_eq!(figures(e), vec![12], "{:#?}", e.claims);
    assert_eq!(e.fatalities.high, Some(12));
}

#[test]
fn a_headline_and_a_body_giving_the_same_toll_are_not_added() {
    let r = extract(
        "Douze soldats tués dans une embuscade\n\n\
         Douze soldats ont été tués jeudi dans une embuscade tendue par des hommes armés.",
        "2024-05-04",
    );
    let e = only_event(&r);
    assert_eq!(e.fatalities.high, Some(12), "{:#?}", e.claims);
}

#[test]
fn a_total_and_its_parts_is_the_total() {
    let r = extract(
        "Quarante combattants, dont 12 militaires et 28 VDP, ont été tués dimanche lors de l'attaque.",
        "2024-05-07",
    );
    let e = only_event(&r);
    assert_eq!(figures(e), vec![40]);
    let r = extract(
        "Eleven soldiers and 19 volunteers were killed on Sunday when militants attacked a base.",
        "2024-05-07",
    );
    assert_eq!(figures(only_event(&r)), vec![30]);
}

#[test]
fn a_toll_of_an_earlier_day_is_not_the_main_incident_s() {
    let r = extract(
        "Des jihadistes ont tué 9 gendarmes mercredi dans une attaque contre un poste. \
         Au moins 31 soldats avaient été tués dimanche dans une embuscade dans la même province.",
        "2024-05-10",
    );
    let e = only_event(&r);
    assert_eq!(figures(e), vec![9]);
    let r = extract(
        "Militants killed 6 police officers on Thursday in a raid on a checkpoint. \
         On Monday, 17 soldiers were killed in an ambush in the same district.",
        "2024-05-11",
    );
    let e = only_event(&r);
    assert_eq!(figures(e), vec![6]);
}

#[test]
fn running_totals_belong_to_no_incident() {
    let r = extract(
        "Des hommes armés ont tué cinq villageois lundi. Les violences ont fait \
         des milliers de morts depuis 2015 dans le pays.",
        "2024-05-10",
    );
    assert_eq!(figures(only_event(&r)), vec![5]);
    let r = extract(
        "Gunmen killed four farmers on Tuesday. More than 3,000 people have been killed \
         since 2019 in the region.",
        "2024-05-10",
    );
    assert_eq!(figures(only_event(&r)), vec![4]);
}

// 3. Who says it.

#[test]
fn residents_and_villagers_are_local_sources() {
    assert_kind(
        "Une frappe aérienne a tué 13 personnes vendredi, selon des villageois.",
        "2024-05-12",
        13,
        ClaimantKind::LocalSource,
    );
    assert_kind(
        "An air strike killed 13 people on Friday, a village chief told reporters.",
        "2024-05-12",
        13,
        ClaimantKind::LocalSource,
    );
}

#[test]
fn the_un_and_its_missions_are_ngo() {
    assert_kind(
        "Au moins 40 civils ont été tués samedi, selon un rapport de la MINUSMA.",
        "2024-05-12",
        40,
        ClaimantKind::Ngo,
    );
    assert_kind(
        "At least 40 civilians were killed on Saturday, the United Nations said.",
        "2024-05-12",
        40,
        ClaimantKind::Ngo,
    );
}

#[test]
fn presidents_and_governors_are_officials() {
    assert_kind(
        "\"We lost 25 of our soldiers,\" President Jane Okafor said on Monday after the attack.",
        "2024-05-14",
        25,
        ClaimantKind::Official,
    );
    assert_kind(
        "Vingt-cinq soldats ont été tués dans l'attaque, a déclaré le gouverneur de la région.",
        "2024-05-14",
        25,
        ClaimantKind::Official,
    );
}

#[test]
fn a_named_speaker_takes_the_kind_of_the_words_after_the_name() {
    assert_kind(
        "Cent personnes ont été tuées samedi dans l'attaque de deux villages, a affirmé \
         Moussa Diallo, maire de la commune.",
        "2024-05-14",
        100,
        ClaimantKind::LocalSource,
    );
}

#[test]
fn he_and_the_same_source_point_back_to_the_speaker_before() {
    assert_kind(
        "Des hommes armés ont attaqué jeudi un marché, a indiqué le gouverneur de la région. \
         Il a ajouté que 17 personnes avaient été tuées.",
        "2024-05-14",
        17,
        ClaimantKind::Official,
    );
}

// 4. Figures that were missed.

#[test]
fn bodies_found_and_victims_are_deaths() {
    let cases = [
        (
            "Une trentaine de corps ont été retrouvés mercredi après l'attaque.",
            30,
        ),
        (
            "Le bilan de l'attaque de mardi fait état de 9 victimes civiles.",
            9,
        ),
        (
            "Rescuers recovered 27 bodies after Tuesday's attack on the village.",
            27,
        ),
        (
            "The death toll rose to 41 after Monday's attack, officials said.",
            41,
        ),
        (
            "Five volunteers were killed on Monday when their post was attacked.",
            5,
        ),
        (
            "Cinq volontaires ont été tués lundi dans l'attaque de leur poste.",
            5,
        ),
    ];
    for (text, want) in cases {
        let r = extract(text, "2024-05-16");
        let e = only_event(&r);
        assert!(
            figures(e).contains(&want),
            "{text}: {want} not among {:?}",
            figures(e)
        );
    }
}

#[test]
fn victims_listed_one_by_one_add_up() {
    let r = extract(
        "Un commerçant, ses deux épouses et leurs quatre enfants ont été tués dimanche \
         lors d'une attaque contre le village.",
        "2024-05-16",
    );
    assert_eq!(figures(only_event(&r)), vec![7]);
}

#[test]
fn a_range_keeps_its_low_and_high_ends() {
    let r = extract(
        "Entre 50 et 80 civils auraient été tués lors de l'attaque de samedi, selon des ONG locales.",
        "2024-05-16",
    );
    let e = only_event(&r);
    let f = claim_of(e, 50).killed.as_ref().expect("a figure");
    assert_eq!(
        (f.value, f.high, f.qualifier),
        (Some(50), Some(80), Qualifier::Range)
    );
    assert_eq!(e.fatalities.high, Some(80));
}

// 6. Dates.

#[test]
fn the_day_a_statement_was_made_does_not_date_the_event() {
    let r = extract(
        "L'armée a annoncé mardi que ses soldats ont repoussé une attaque dimanche contre \
         leur base, tuant 20 assaillants.",
        "2024-05-22",
    );
    let e = only_event(&r);
    assert_eq!(
        e.date.as_ref().map(|d| d.start.to_string()).as_deref(),
        Some("2024-05-19")
    );
    let r = extract(
        "Soldiers repelled an attack on their base, killing 20 assailants, the army said on \
         Tuesday.",
        "2024-05-22",
    );
    let e = only_event(&r);
    let evidence = e.date.as_ref().and_then(|d| d.evidence.as_ref());
    assert!(
        evidence.is_none_or(|ev| ev.text != "Tuesday"),
        "Tuesday is the day the army spoke: {:#?}",
        e.date
    );
}

// A background word in a relative clause after the trigger ("…, qui vit
// dans l'insécurité depuis des années") is about something else: the
// killing told in the lead is the reported incident, and its restatement
// with a date is the same one.

#[test]
fn a_background_word_in_a_following_relative_clause_does_not_make_the_lead_past_fr() {
    let r = extract(
        "Une trentaine de villageois ont été tués dans une attaque contre le hameau de Kori, \
         a indiqué le maire, dans une région qui vit dans l'insécurité depuis des années.\n\n\
         Une trentaine de villageois ont été tués samedi 4 mai dans une attaque contre Kori, \
         a précisé le maire.",
        "2024-05-06",
    );
    let e = only_event(&r);
    assert_eq!(
        e.date.as_ref().map(|d| d.start.to_string()),
        Some("2024-05-04".into())
    );
}

#[test]
fn a_background_word_in_a_following_relative_clause_does_not_make_the_lead_past_en() {
    let r = extract(
        "About thirty villagers were killed in a raid on the hamlet of Kori, the mayor said, \
         in a district which has known violence since 2015.\n\n\
         About thirty villagers were killed on Saturday, May 4, in the raid on Kori, \
         the mayor added.",
        "2024-05-06",
    );
    let e = only_event(&r);
    assert_eq!(
        e.date.as_ref().map(|d| d.start.to_string()),
        Some("2024-05-04".into())
    );
    // Before the trigger, the word still tells of an earlier event.
    let r = extract(
        "Since 2015, gunmen had killed hundreds of villagers in the district. \
         On Saturday, May 4, gunmen killed 12 villagers in Kori.",
        "2024-05-06",
    );
    assert_eq!(live(&r).len(), 1, "{r:#?}");
    assert_eq!(figures(live(&r)[0]), vec![12]);
}

// 3. Who says it, across the sentence boundary of a quotation, after a
// passive reporting verb, and past what stands between an inverted verb and
// its speaker.

#[test]
fn a_quote_told_after_a_quoted_statement_keeps_its_speaker() {
    assert_kind(
        "Des hommes armés ont attaqué samedi le village de Kori. « Ils sont venus à moto », \
         a déclaré le maire de la commune, Ali Kane. « Au moins 14 villageois ont été tués. »",
        "2024-05-06",
        14,
        ClaimantKind::LocalSource,
    );
    assert_kind(
        "Gunmen attacked the village of Kori on Saturday. \"They came on motorbikes,\" the \
         mayor told reporters. \"At least 14 villagers were killed.\"",
        "2024-05-06",
        14,
        ClaimantKind::LocalSource,
    );
    // Without quotation marks, a sentence with no cue is the outlet's own.
    assert_kind(
        "Gunmen attacked the village of Kori on Saturday. \"They came on motorbikes,\" the \
         mayor told reporters. At least 14 villagers were killed.",
        "2024-05-06",
        14,
        ClaimantKind::Unattributed,
    );
}

#[test]
fn a_toll_given_by_a_claimant_in_a_passive_or_an_admission() {
    assert_kind(
        "Des jihadistes ont attaqué lundi un poste de l'armée à Kori. Le bilan évoqué par des \
         sources sécuritaires est de 15 morts.",
        "2024-05-08",
        15,
        ClaimantKind::Official,
    );
    let r = extract(
        "On Sunday, the army admitted to killing 12 civilians in a drone strike on Kori.",
        "2024-05-08",
    );
    let kind = claim_of(only_event(&r), 12).claimant.kind;
    assert!(
        matches!(kind, ClaimantKind::Official | ClaimantKind::Party),
        "{kind:?}"
    );
}

#[test]
fn an_inverted_speaker_past_when_and_to_whom_it_was_said() {
    assert_kind(
        "Des hommes armés ont attaqué samedi le village de Kori. « Le bilan est désormais de 70 \
         morts », avait déclaré un peu plus tôt à la presse le gouverneur de la région.",
        "2024-05-06",
        70,
        ClaimantKind::Official,
    );
    assert_kind(
        "Des hommes armés ont attaqué samedi le village de Kori. « Nous avons compté 23 morts », \
         a indiqué dimanche aux journalistes le préfet.",
        "2024-05-06",
        23,
        ClaimantKind::Official,
    );
}

// "N jours après <événement>, ...": the event after "après" is an earlier
// one, that many days before the date of the main clause, and its place is
// not the news's.

fn start(e: &Event) -> String {
    e.date
        .as_ref()
        .map(|d| d.start.to_string())
        .unwrap_or_default()
}

/// The start dates of the background events of `r`.
fn background_starts(r: &Report) -> Vec<String> {
    r.events
        .iter()
        .filter(|e| e.background)
        .map(start)
        .collect()
}

fn place_name(e: &Event) -> String {
    e.location
        .as_ref()
        .map(|l| l.name.clone())
        .unwrap_or_default()
}

#[test]
fn the_event_after_days_after_is_recalled_fr() {
    let r = extract(
        "Trois jours après l'embuscade de Djibo, des jihadistes ont attaqué lundi 13 mai à Dori le \
         détachement militaire, tuant au moins 12 soldats.",
        "2024-05-15",
    );
    let e = only_event(&r);
    assert_eq!(
        (start(e), place_name(e)),
        ("2024-05-13".into(), "Dori".into())
    );
    assert_eq!(figures(e), vec![12]);
    assert_eq!(background_starts(&r), ["2024-05-10"], "{r:#?}");
}

#[test]
fn the_event_after_days_after_is_recalled_en() {
    let r = extract(
        "Two days after an ambush near Djibo, militants stormed the army post in Dori on \
         Monday, May 13, killing 12 soldiers, security sources said.",
        "2024-05-15",
    );
    let e = only_event(&r);
    assert_eq!(
        (start(e), place_name(e)),
        ("2024-05-13".into(), "Dori".into())
    );
    assert_eq!(background_starts(&r), ["2024-05-11"], "{r:#?}");
    // Told again later, the recalled ambush stays background.
    let r = extract(
        "Two days after an ambush near Djibo, militants stormed the army post in Dori on \
         Monday, May 13, killing 12 soldiers. On Saturday, 20 soldiers were killed in the \
         ambush near Djibo.",
        "2024-05-15",
    );
    assert_eq!(figures(only_event(&r)), vec![12], "{r:#?}");
}

#[test]
fn targeted_is_an_attack_unless_the_sentence_says_how() {
    let r = extract(
        "Les soldats du poste de Dori ont été visés lundi par des hommes armés.",
        "2024-05-15",
    );
    assert_eq!(only_event(&r).event_type, "Battles");
    let r = extract(
        "A police convoy was targeted by a roadside bomb near Dori on Monday.",
        "2024-05-15",
    );
    assert_eq!(only_event(&r).event_type, "Explosions/Remote violence");
}

// 4. Figures in quotation marks, of a group named before ("d'entre eux"),
// and tolls given in a participle clause or by a source named again.

#[test]
fn quoted_rough_figures_and_their_sources_fr() {
    let r = extract(
        "Des jihadistes ont attaqué lundi le poste militaire de Kori. « Le poste a été la cible \
         d'une violente attaque », a indiqué une première source sécuritaire, évoquant un bilan \
         d'une « quinzaine de morts ». Selon la première source, l'armée a « neutralisé » des \
         « dizaines de terroristes ».",
        "2024-05-15",
    );
    let e = only_event(&r);
    assert_eq!(figures(e), vec![10, 15], "{:#?}", e.claims);
    for v in [10, 15] {
        assert_eq!(claim_of(e, v).claimant.kind, ClaimantKind::Official, "{v}");
    }
}

#[test]
fn a_count_of_a_group_named_before() {
    let r = extract(
        "Des jihadistes ont attaqué lundi les soldats du poste de Kori. Au moins 19 d'entre eux \
         ont été tués, selon des sources sécuritaires.",
        "2024-05-15",
    );
    assert_eq!(figures(only_event(&r)), vec![19]);
    let r = extract(
        "Gunmen attacked the soldiers of the Kori post on Monday. At least 19 of them were \
         killed, security sources said.",
        "2024-05-15",
    );
    assert_eq!(figures(only_event(&r)), vec![19]);
}

#[test]
fn a_quote_announced_by_a_colon_keeps_its_speaker() {
    assert_kind(
        "Gunmen attacked farmers near Kori on Saturday. On Sunday the governor of the region \
         told reporters:\n\n\"More than 40 citizens were slaughtered in their fields.\"",
        "2024-05-15",
        40,
        ClaimantKind::Official,
    );
}

#[test]
fn a_background_word_in_a_that_clause_after_the_trigger_is_about_something_else() {
    let r = extract(
        "Insurgents killed nearly 50 soldiers in an attack on an island base.\n\n\
         The president said he went to the scene of the attack on Tuesday to honour the 50 dead \
         soldiers, saying it was the first time that so many troops had been lost.\n\n\
         Monday morning's attack in Kori is part of a growing campaign.",
        "2020-03-25",
    );
    assert_eq!(start(only_event(&r)), "2020-03-23", "{r:#?}");
    let r = extract(
        "Des insurgés ont tué une cinquantaine de soldats lors d'une attaque contre une base.\n\n\
         Le président s'est rendu mardi sur les lieux de l'attaque pour saluer les 50 soldats \
         morts, affirmant que jamais l'armée n'avait perdu autant d'hommes.\n\n\
         L'attaque de lundi matin à Kori s'inscrit dans une campagne croissante.",
        "2020-03-25",
    );
    assert_eq!(start(only_event(&r)), "2020-03-23", "{r:#?}");
}

#[test]
fn lives_lost_are_deaths_even_past_a_bracketed_aside() {
    let r = extract(
        "Douze VDP (Volontaires pour la défense de la patrie, supplétifs civils de l'armée) ont \
         perdu la vie lundi lors d'une attaque contre leur poste, indique l'état-major.",
        "2024-05-15",
    );
    assert_eq!(figures(only_event(&r)), vec![12], "{r:#?}");
    let r = extract(
        "Nine villagers (most of them herders, according to the mayor) lost their lives on \
         Monday when gunmen stormed the market.",
        "2024-05-15",
    );
    assert_eq!(figures(only_event(&r)), vec![9], "{r:#?}");
    let r = extract(
        "Trois civils ont trouvé la mort dimanche dans l'attaque du marché.",
        "2024-05-15",
    );
    assert_eq!(figures(only_event(&r)), vec![3], "{r:#?}");
}

#[test]
fn a_toll_put_at_a_figure_and_officials_as_claimants() {
    assert_kind(
        "Gunmen attacked the market in Dori on Sunday. The new assault raised the toll to 40, \
         officials said.",
        "2024-05-15",
        40,
        ClaimantKind::Official,
    );
    let r = extract(
        "Gunmen attacked the market in Dori on Sunday. The governor's office put the death \
         toll at 11 in a statement on Monday.",
        "2024-05-15",
    );
    assert_eq!(figures(only_event(&r)), vec![11], "{r:#?}");
    assert_kind(
        "Des hommes armés ont attaqué dimanche le marché de Dori. Le bilan s'élève à 40 morts, \
         selon des responsables de la région.",
        "2024-05-15",
        40,
        ClaimantKind::Official,
    );
    let r = extract(
        "Des hommes armés ont attaqué dimanche le marché de Dori. Le préfet a établi lundi le \
         bilan à 11.",
        "2024-05-15",
    );
    assert_eq!(figures(only_event(&r)), vec![11], "{r:#?}");
}

// Other dead told with "also" add to the toll; claims on different groups
// told without it dispute one toll.

fn acled(e: &Event) -> Option<u32> {
    e.fatalities.acled
}

#[test]
fn other_dead_told_with_also_add_to_the_toll() {
    let r = extract(
        "Soldiers clashed with militants near Dori on Sunday. The army said 17 militants were \
         killed. A local official said at least four civilians had also died in the crossfire.",
        "2024-05-15",
    );
    let e = only_event(&r);
    assert_eq!(
        (acled(e), e.fatalities.best),
        (Some(21), Some(21)),
        "{:#?}",
        e.claims
    );
    let r = extract(
        "Des soldats ont affronté dimanche des jihadistes près de Dori. L'armée a annoncé que 12 \
         assaillants avaient été tués. Trois civils ont également été tués, selon un élu local.",
        "2024-05-15",
    );
    assert_eq!(acled(only_event(&r)), Some(15), "{r:#?}");
}

#[test]
fn claims_on_different_groups_without_also_dispute_one_toll() {
    let r = extract(
        "Soldiers raided the village of Dori on Sunday. The army said about twenty armed men \
         were neutralised. The separatists said 21 civilians were killed.",
        "2024-05-15",
    );
    let e = only_event(&r);
    assert_eq!(
        (e.fatalities.low, e.fatalities.high),
        (Some(20), Some(21)),
        "{:#?}",
        e.claims
    );
    // "also" that goes with the claim, not with the dead.
    let r = extract(
        "Soldiers killed 3 militants near Dori on Sunday, the army said. The group confirmed 3 \
         deaths but also claimed 15 soldiers died in the fighting.",
        "2024-05-15",
    );
    assert_eq!(acled(only_event(&r)), Some(3), "{r:#?}");
}

#[test]
fn a_pluperfect_after_a_reporting_verb_is_reported_speech() {
    let r = extract(
        "Des hommes armés ont attaqué lundi le marché de Dori. Le maire a déclaré que sept \
         civils avaient été tués.",
        "2024-05-15",
    );
    assert_eq!(figures(only_event(&r)), vec![7], "{r:#?}");
    let r = extract(
        "Gunmen attacked the market in Dori on Monday. The mayor said seven civilians had been \
         killed.",
        "2024-05-15",
    );
    assert_eq!(figures(only_event(&r)), vec![7], "{r:#?}");
    // Without a reporting verb, the pluperfect still tells an earlier event.
    let r = extract(
        "Gunmen attacked the market in Dori on Monday, killing seven civilians. Gunmen had \
         killed 12 people in the same market in March.",
        "2024-05-15",
    );
    assert_eq!(figures(only_event(&r)), vec![7], "{r:#?}");
}

#[test]
fn whoever_puts_the_toll_at_a_figure_claims_it() {
    let r = extract(
        "Militants ambushed an army convoy near Dori on Tuesday. The army put the toll at eight \
         soldiers.",
        "2024-05-15",
    );
    let kind = claim_of(only_event(&r), 8).claimant.kind;
    assert!(
        matches!(kind, ClaimantKind::Party | ClaimantKind::Official),
        "{kind:?}"
    );
    let r = extract(
        "Des jihadistes ont attaqué mardi un convoi près de Dori. Le gouverneur a établi le bilan \
         à huit soldats tués.",
        "2024-05-15",
    );
    assert_eq!(
        claim_of(only_event(&r), 8).claimant.kind,
        ClaimantKind::Official
    );
}

/// A town that is no common word of either language is its place even
/// where no preposition cues it ("attacked Dori", "an attack on Dori").
#[test]
fn a_town_named_without_a_cue_is_the_place() {
    for (text, date) in [
        (
            "Gunmen attacked Dori on Sunday, killing four people.",
            "2024-03-12",
        ),
        (
            "An attack on Dori left three soldiers dead on Monday.",
            "2024-03-12",
        ),
        (
            "Des hommes armés ont attaqué Dori dimanche, tuant quatre personnes.",
            "2024-03-12",
        ),
        (
            "Une attaque contre Dori a fait trois morts lundi.",
            "2024-03-12",
        ),
    ] {
        let r = extract(text, date);
        let e = only_event(&r);
        assert_eq!(
            e.location.as_ref().map(|l| l.name.as_str()),
            Some("Dori"),
            "{text}"
        );
    }
}

/// An attribution at the end of one sentence carries over to the next
/// sentence of the paragraph when that one has no cue of its own and the
/// first gave no figure; a new paragraph, or a first sentence with its own
/// figure, stops it.
#[test]
fn an_attribution_carries_over_to_the_next_sentence_of_its_paragraph() {
    assert_kind(
        "Le poste militaire de Nassoumbou a été attaqué jeudi, selon des sources sécuritaires. \
         Au moins douze soldats ont été tués et plusieurs autres blessés.",
        "2024-05-10",
        12,
        ClaimantKind::Official,
    );
    assert_kind(
        "The army base at Nassoumbou came under attack on Thursday, according to security sources. \
         At least twelve of the soldiers there were killed.",
        "2024-05-10",
        12,
        ClaimantKind::Official,
    );
    // A new paragraph is the outlet's own account.
    assert_kind(
        "Le poste militaire de Nassoumbou a été attaqué jeudi, selon des sources sécuritaires.\n\n\
         Au moins douze soldats ont été tués.",
        "2024-05-10",
        12,
        ClaimantKind::Unattributed,
    );
    // The attributed sentence had its own figure: the next one is not its.
    let r = extract(
        "Two soldiers were killed at Nassoumbou on Thursday, according to military sources. \
         Nine civilians also died in the attack.",
        "2024-05-10",
    );
    assert_eq!(
        claim_of(only_event(&r), 9).claimant.kind,
        ClaimantKind::Unattributed
    );
}

/// "Selon le document", "according to the report": a source named by the
/// document it spoke in, after that document was named with its author.
#[test]
fn the_document_named_again_is_its_author() {
    assert_kind(
        "La frappe a visé samedi le village de Tégou. C'est ce qu'indique le rapport \
         de la mission de l'ONU. Selon le document, au moins 14 civils ont été tués.",
        "2024-05-10",
        14,
        ClaimantKind::Ngo,
    );
    assert_kind(
        "An airstrike hit the village of Tegou on Saturday, a report by Human Rights Watch said. \
         According to the report, at least 14 civilians were killed.",
        "2024-05-10",
        14,
        ClaimantKind::Ngo,
    );
}

/// "les 43 premières victimes", "the first 43 victims": an ordinal
/// adjective between the count and the victims keeps the count.
#[test]
fn an_ordinal_adjective_keeps_the_count_of_victims() {
    for (text, value) in [
        (
            "Des hommes armés ont attaqué samedi le village de Tégou. Les 17 premières victimes ont été enterrées dimanche.",
            17,
        ),
        (
            "Des assaillants ont tué mardi des habitants de Tégou ; les 9 dernières victimes ont été retrouvées mercredi.",
            9,
        ),
        (
            "Gunmen attacked the village of Tegou on Saturday. The first 17 victims were buried on Sunday.",
            17,
        ),
    ] {
        let r = extract(text, "2024-05-10");
        assert!(figures(only_event(&r)).contains(&value), "{text}");
    }
}

/// A self-defence group or a community militia that is not named as an
/// actor speaks as a local source.
#[test]
fn a_self_defence_group_speaks_as_a_local_source() {
    assert_kind(
        "Des jihadistes ont attaqué samedi le village de Tégou, tuant 12 civils, \
         selon les responsables d'une milice d'autodéfense.",
        "2024-05-10",
        12,
        ClaimantKind::LocalSource,
    );
    assert_kind(
        "Militants killed 12 farmers near Tegou on Saturday, the leader of a local vigilante group said.",
        "2024-05-10",
        12,
        ClaimantKind::LocalSource,
    );
}

/// The toll of two attacks taken together is no claim of either.
#[test]
fn a_combined_toll_of_two_attacks_is_no_claim_of_one() {
    for text in [
        "Des jihadistes ont attaqué lundi le poste de Tégou, tuant 12 soldats. \
         Les deux attaques cumulées survenues en une semaine ont fait au moins 40 morts.",
        "Des jihadistes ont attaqué lundi le poste de Tégou, tuant 12 soldats. \
         Ces deux attaques ont fait 40 morts parmi les militaires.",
        "Jihadists attacked the army post at Tegou on Monday, killing 12 soldiers. \
         The two attacks killed at least 40 soldiers in a week.",
    ] {
        let r = extract(text, "2024-05-10");
        let e = only_event(&r);
        assert_eq!(figures(e), vec![12], "{text}");
    }
}

/// A country's years of war told in passing ("attacks that have killed
/// thousands") are no toll of the event.
#[test]
fn thousands_killed_over_the_years_are_no_toll_of_the_event() {
    for text in [
        "Des jihadistes ont tué lundi 9 soldats à Tégou. Le pays est frappé par des attaques \
         qui ont fait des milliers de morts.",
        "Jihadists killed 9 soldiers at Tegou on Monday. The country has been ravaged by attacks \
         that have killed thousands and displaced two million people.",
    ] {
        let r = extract(text, "2024-05-10");
        assert_eq!(figures(only_event(&r)), vec![9], "{text}");
    }
}

/// "It was gathered that…", "they gathered that…": the Nigerian press's
/// "it was learnt", no gathering of protesters.
#[test]
fn it_was_gathered_that_is_no_protest() {
    for text in [
        "Gunmen attacked the village of Tegou on Monday, killing five farmers. It was gathered \
         that the attackers came on motorbikes.",
        "Gunmen attacked the village of Tegou on Monday, killing five farmers. Residents said \
         they gathered that soldiers had been sent to the area.",
    ] {
        let r = extract(text, "2024-05-10");
        let e = only_event(&r);
        assert_ne!(e.event_type, "Protests", "{text}");
    }
    // People who gather to protest still do.
    let r = extract(
        "Hundreds of traders gathered in front of the governor's office in Tegou on Monday to \
         protest against new taxes.",
        "2024-05-10",
    );
    assert_eq!(only_event(&r).event_type, "Protests");
}

/// "X avait affirmé", "the army had said": the pluperfect of the reporting
/// verb dates the statement; what it tells is the event, not an earlier one.
#[test]
fn a_statement_in_the_pluperfect_still_tells_of_the_event() {
    for text in [
        "Des hommes armés ont attaqué Tégou samedi, tuant 12 civils selon l'ONU. Après l'attaque, \
         l'armée avait affirmé que les soldats avaient tué 30 assaillants.",
        "Gunmen attacked Tegou on Saturday, killing 12 civilians, the UN said. In the aftermath \
         of the attack, the army had said that soldiers killed 30 of the attackers.",
    ] {
        let r = extract(text, "2024-05-14");
        assert_eq!(figures(only_event(&r)), vec![12, 30], "{text}");
        assert!(r.events.iter().all(|e| !e.background), "{text}");
    }
}

/// A killing participle counts in all its forms: "15 femmes ont été
/// égorgées", "trois personnes abattues", "deux villageoises exécutées".
#[test]
fn killing_participles_count_in_the_feminine() {
    for (text, value) in [
        (
            "Des jihadistes ont attaqué Tégou samedi. Quinze femmes ont été égorgées.",
            15,
        ),
        (
            "Des hommes armés ont fait irruption samedi à Tégou : trois personnes abattues.",
            3,
        ),
        (
            "Des jihadistes ont attaqué Tégou samedi ; deux villageoises ont été exécutées.",
            2,
        ),
    ] {
        let r = extract(text, "2024-05-14");
        assert!(figures(only_event(&r)).contains(&value), "{text}");
    }
}

/// The main event's place name, if any.
fn main_place(text: &str) -> Option<String> {
    let report = common::extract(text, "2024-08-26");
    report
        .events
        .iter()
        .find(|e| !e.background)
        .and_then(|e| e.location.as_ref())
        .map(|l| l.name.clone())
}

#[test]
fn a_town_named_before_its_people_is_a_place_even_opening_a_sentence() {
    for (text, place) in [
        (
            "Garissa residents blocked the highway on Monday to protest against insecurity.",
            "Garissa",
        ),
        (
            "Dori youths burnt tyres on the main road on Tuesday.",
            "Dori",
        ),
        (
            "12 March. Kidal traders closed their shops to protest against new taxes.",
            "Kidal",
        ),
    ] {
        assert_eq!(main_place(text).as_deref(), Some(place), "{text:?}");
    }
    // A common word that opens a sentence stays a word, although "Post" is
    // a place name somewhere.
    assert_eq!(
        main_place("Post workers protested on Monday against unpaid wages."),
        None
    );
}

/// A wire dateline ("GUSAU, Nigeria, June 9 -") stamps the copy: the event
/// is the day the sentence after it tells, never the dateline's day.
#[test]
fn a_wire_dateline_does_not_date_the_event() {
    for (text, want) in [
        (
            "GUSAU, Nigeria, June 9 - Gunmen killed five people in Gusau on Sunday, police said.",
            "2025-06-08",
        ),
        (
            "MAIDUGURI, June 9 (Wire) \u{2013} Insurgents attacked Bama late on Saturday, killing four farmers, residents said.",
            "2025-06-07",
        ),
        (
            "NIAMEY, 9 juin (Agence) \u{2014} Des hommes armés ont tué cinq civils dimanche à Téra, a indiqué la police.",
            "2025-06-08",
        ),
    ] {
        let r = extract(text, "2025-06-10");
        assert_eq!(start(only_event(&r)), want, "{text}");
    }
}

/// "…, saying (that)…" after a main clause with no reporting verb before
/// it: the subject of the sentence speaks.
#[test]
fn a_participle_after_the_main_clause_takes_its_subject_as_speaker() {
    assert_kind(
        "Amnesty International has called for an inquiry into the raid on Gusau, saying the attackers killed three villagers.",
        "2025-06-10",
        3,
        ClaimantKind::Ngo,
    );
    assert_kind(
        "Residents of Bama on Monday demanded more troops, claiming that the insurgents had killed eleven farmers there.",
        "2025-06-10",
        11,
        ClaimantKind::LocalSource,
    );
    assert_kind(
        "Human Rights Watch a dénoncé l'attaque de Téra, affirmant que les assaillants avaient tué sept civils.",
        "2025-06-10",
        7,
        ClaimantKind::Ngo,
    );
}

/// "A witness who reached the scene said…": the speaker stands before the
/// relative clause on it.
#[test]
fn a_speaker_with_a_relative_clause_keeps_its_kind() {
    let before = "Gunmen attacked Gusau on Sunday. ";
    for (text, value) in [
        (
            "A witness who reached the scene an hour later said he saw three bodies.",
            3,
        ),
        (
            "Two residents who fled to the town on foot said nine people had been killed.",
            9,
        ),
    ] {
        assert_kind(
            &format!("{before}{text}"),
            "2025-06-10",
            value,
            ClaimantKind::LocalSource,
        );
    }
    assert_kind(
        "Des hommes armés ont attaqué Téra dimanche. Un habitant qui a fui le village a affirmé avoir vu dix corps.",
        "2025-06-10",
        10,
        ClaimantKind::LocalSource,
    );
}

/// A speaker named by two nouns ("a volunteer network said") is no victim
/// added to the count before it; "as reported by" names no speaker and
/// keeps the count.
#[test]
fn a_speaker_of_two_nouns_after_the_count_is_not_counted() {
    let r = extract(
        "Gunmen attacked Gusau on Sunday, killing 34 people, a local volunteer network said.",
        "2025-06-10",
    );
    let e = only_event(&r);
    assert_eq!(figures(e), vec![34], "{:#?}", e.claims);
    assert_eq!(claim_of(e, 34).claimant.kind, ClaimantKind::LocalSource);
    let r = extract(
        "Militants attacked an army post in Bama on Sunday, killing 2 soldiers as reported by the group.",
        "2025-06-10",
    );
    assert_eq!(figures(only_event(&r)), vec![2]);
    let r = extract(
        "Gunmen attacked Gusau on Sunday. Other witnesses estimated that between 40 and 50 people died.",
        "2025-06-10",
    );
    assert_eq!(
        claim_of(only_event(&r), 40).claimant.kind,
        ClaimantKind::LocalSource
    );
}

/// A speaker set off by a past participle ("joint lundi", "reached by
/// phone", "interrogée par notre rédaction") is the subject before it; and
/// what follows "a fait état de" is what was said, never who said it.
#[test]
fn a_speaker_reached_by_phone_and_a_toll_told_with_fait_etat_de() {
    assert_kind(
        "Des hommes armés ont attaqué Téra dimanche. Le sous-préfet de Téra, joint lundi, a fait état de « sept personnes tuées ».",
        "2025-06-10",
        7,
        ClaimantKind::Official,
    );
    assert_kind(
        "Des hommes armés ont attaqué Téra dimanche. Une source sécuritaire à Niamey, interrogée par notre rédaction, évoque pour sa part « au moins quinze morts ».",
        "2025-06-10",
        15,
        ClaimantKind::Official,
    );
    assert_kind(
        "Gunmen attacked Gusau on Sunday. The district head, reached by phone, said seven people were killed.",
        "2025-06-10",
        7,
        ClaimantKind::LocalSource,
    );
    assert_kind(
        "Gunmen attacked Gusau on Sunday. A local official, contacted on Monday, said four people had died.",
        "2025-06-10",
        4,
        ClaimantKind::Official,
    );
}

/// A total with its parts set off by commas ("14 members of the security
/// forces, including nine soldiers and five members of the vigilante group
/// (CJTF), were killed") keeps its outcome past the parts and their
/// bracketed acronyms; and "one of the survivors" is a speaker, not a
/// pronoun.
#[test]
fn a_total_whose_parts_stand_before_the_verb_and_one_of_a_group_speaking() {
    for text in [
        "Insurgents attacked Marte on Saturday. A security source said 14 members of the security forces, including nine soldiers and five members of the Civilian Joint Task Force (CJTF), were killed.",
        "Des hommes armés ont attaqué Téra dimanche. Quatorze membres des forces de sécurité, dont neuf soldats et cinq volontaires pour la défense de la patrie (VDP), ont été tués, selon une source sécuritaire.",
    ] {
        let r = extract(text, "2025-06-10");
        let e = only_event(&r);
        assert_eq!(figures(e), vec![14], "{text}: {:#?}", e.claims);
        assert_eq!(claim_of(e, 14).claimant.kind, ClaimantKind::Official, "{text}");
    }
    for text in [
        "Gunmen attacked Pogowol on Sunday. \"We buried 31 bodies on Monday,\" said one of the survivors.",
        "Gunmen attacked Pogowol on Sunday. One of the survivors said 31 bodies were buried on Monday.",
    ] {
        assert_kind(text, "2025-06-10", 31, ClaimantKind::LocalSource);
    }
}

/// "since"/"depuis" right after an auxiliary and before a verb is an adverb
/// ("a herder who has since fled"), not a running total: the figure of the
/// sentence stays the incident's. "since 2015" still makes one.
#[test]
fn since_as_an_adverb_does_not_make_a_running_total() {
    for (text, value) in [
        (
            "Gunmen attacked Pogowol on Sunday. \"We buried 31 bodies on Monday,\" said one of the survivors, a herder who has since fled to Djibo.",
            31,
        ),
        (
            "Des hommes armés ont attaqué Téra dimanche, tuant douze civils, selon un habitant qui a depuis fui vers Niamey.",
            12,
        ),
    ] {
        let r = extract(text, "2025-06-10");
        assert_eq!(figures(only_event(&r)), vec![value], "{text}");
    }
    let r = extract(
        "Gunmen attacked Pogowol on Sunday. The group has killed more than 2,000 people since 2015.",
        "2025-06-10",
    );
    assert!(
        figures(only_event(&r)).is_empty(),
        "a running total is no claim of the incident: {r:#?}"
    );
}

/// "in Nigeria's Borno State", "in Kenya's coastal Lamu county": the place
/// is the one the country owns, which the "in" before the country cues; the
/// country alone is the place only when nothing named follows it.
#[test]
fn a_place_owned_by_a_country_with_a_possessive_is_the_place() {
    for (text, want) in [
        (
            "A roadside bomb struck a police vehicle in Nigeria's Borno State on Tuesday, killing five officers.",
            "Borno",
        ),
        (
            "A roadside bomb struck a police vehicle in Kenya's coastal Lamu county on Tuesday, killing five officers.",
            "Lamu",
        ),
        (
            "Gunmen killed five villagers in Mali's central Mopti region on Tuesday.",
            "Mopti",
        ),
        ("Gunmen killed five villagers in Nigeria's northeast on Tuesday.", "Nigeria"),
    ] {
        let r = extract(text, "2025-06-10");
        let got = place_name(only_event(&r));
        assert!(got.starts_with(want), "{text}: {got}");
    }
}

/// Controls for the subject rules above: a relative clause that does not
/// run up to the reporting verb makes no speaker of what stands before it;
/// a sentence opening with a time or an insert has no subject to lend a
/// participle; a name's capitalised "-ed" word is no verb; "d'autres
/// habitants" after an inverted verb is its speaker; "since January" is
/// still a running total.
#[test]
fn the_subject_rules_stay_within_their_constructions() {
    for text in [
        "Gunmen who stormed the village killed 12 people in Gusau on Sunday, community leader Musa Ali said.",
        "Soldiers killed two men who were planting explosives near Bama on Sunday, spokesman Abubakar said.",
    ] {
        let r = extract(text, "2025-06-10");
        let e = only_event(&r);
        assert!(
            e.claims.iter().all(|c| c.claimant.kind != ClaimantKind::Party),
            "{text}: {:#?}",
            e.claims
        );
    }
    let r = extract(
        "On Monday, Amnesty called for an inquiry into the raid on Gusau, saying the attackers killed three villagers.",
        "2025-06-10",
    );
    assert_ne!(claim_of(only_event(&r), 3).claimant.name, "On");
    assert_kind(
        "The United Nations has called for an inquiry into the raid on Gusau, saying the attackers killed three villagers.",
        "2025-06-10",
        3,
        ClaimantKind::Ngo,
    );
    assert_kind(
        "Des hommes armés ont attaqué Téra dimanche. « Ils ont tué douze personnes », ont confirmé d'autres habitants.",
        "2025-06-10",
        12,
        ClaimantKind::LocalSource,
    );
    let r = extract(
        "Gunmen attacked Gusau on Sunday. Fighting that has since January killed 200 people goes on.",
        "2025-06-10",
    );
    assert!(figures(only_event(&r)).is_empty(), "{r:#?}");
}

// A toll set at a figure some words after its noun.

#[test]
fn a_toll_set_at_a_bare_figure_counts_the_dead() {
    for (text, published, value, kind) in [
        (
            "Gunmen raided a cattle market near Sokoto on Saturday. Officials said on \
             Sunday that the toll had reached 31.",
            "2025-02-03",
            31,
            ClaimantKind::Official,
        ),
        (
            "Troops repelled an assault on their base in Borno on Friday. The army later \
             put the number of insurgents neutralised in the fighting at 17.",
            "2025-02-03",
            17,
            ClaimantKind::Party,
        ),
        (
            "A bomb tore through a bus station in the north on Monday. The death toll has \
             since climbed to 26, officials said.",
            "2025-02-04",
            26,
            ClaimantKind::Official,
        ),
        (
            "Des assaillants ont attaqué un marché près de Djibo samedi. Le nombre de morts \
             atteint désormais dix-neuf, selon le gouverneur.",
            "2025-02-03",
            19,
            ClaimantKind::Official,
        ),
        (
            "Une embuscade a visé un convoi près de Gao vendredi. L'armée a porté le nombre \
             de terroristes neutralisés à 14.",
            "2025-02-03",
            14,
            ClaimantKind::Party,
        ),
        (
            "Des hommes armés ont attaqué Kaya mardi. Le bilan humain s'élève désormais à 12, \
             a indiqué le préfet.",
            "2025-02-05",
            12,
            ClaimantKind::Official,
        ),
    ] {
        let r = extract(text, published);
        let e = only_event(&r);
        assert_eq!(figures(e), vec![value], "{text}");
        assert_eq!(claim_of(e, value).claimant.kind, kind, "{text}");
    }
    // A count of things, not of people, is no toll.
    for text in [
        "Gunmen raided a market near Sokoto on Saturday. The number of attacks this year \
         rose to 40, officials said.",
        "Des hommes armés ont attaqué Kaya mardi. Le nombre de déplacés atteint 4000, \
         selon le gouverneur.",
    ] {
        let r = extract(text, "2025-02-05");
        assert!(figures(only_event(&r)).is_empty(), "{text}: {r:#?}");
    }
}

// An inverted speaker is no victim.

#[test]
fn a_speaker_named_after_the_cue_is_not_counted() {
    for text in [
        "Douze civils ont été tués dimanche à Kaya, a dit un habitant.",
        "Douze civils ont été tués dimanche à Kaya selon un habitant.",
        "Douze civils ont été tués dimanche à Kaya, ont affirmé deux rescapés.",
        "Twelve civilians were killed in Kaya on Sunday, said a resident.",
        "Twelve civilians were killed in Kaya on Sunday, according to two witnesses.",
        "« Ils ont tué douze civils », a raconté une survivante.",
    ] {
        let r = extract(text, "2025-02-04");
        let e = only_event(&r);
        assert_eq!(figures(e), vec![12], "{text}");
        assert_eq!(
            claim_of(e, 12).claimant.kind,
            ClaimantKind::LocalSource,
            "{text}"
        );
    }
    // The figure of a reported clause right after the verb still counts.
    let r = extract(
        "The army said 12 soldiers were killed in an ambush near Gao on Sunday.",
        "2025-02-04",
    );
    assert_eq!(figures(only_event(&r)), vec![12]);
}

// An armed group's own claims, in its own words.

#[test]
fn an_armed_group_named_again_as_the_group_is_a_party() {
    for text in [
        "Des jihadistes ont attaqué un poste militaire près de Djibo lundi. L'État islamique \
         a revendiqué l'attaque. Le groupe dit avoir tué « 18 apostats ».",
        "Des jihadistes ont attaqué un poste militaire près de Djibo lundi. Le groupe \
         jihadiste affirme avoir tué 18 soldats.",
        "Militants stormed an army post near Djibo on Monday. Islamic State claimed the \
         attack, and the group said its fighters had killed 18 \"apostates\".",
        "Militants stormed an army post near Djibo on Monday. The militant group said \
         eighteen \"crusader soldiers\" had been killed.",
    ] {
        assert_kind(text, "2025-02-04", 18, ClaimantKind::Party);
    }
    // Other groups are not armed parties.
    assert_kind(
        "Soldiers killed 9 villagers near Djibo on Monday, a rights group said.",
        "2025-02-04",
        9,
        ClaimantKind::Ngo,
    );
}

#[test]
fn a_group_named_with_its_acronym_in_brackets_speaks() {
    for (text, value) in [
        (
            "Islamic State West Africa Province (ISWAP) on Tuesday claimed the raid on a base \
             in Borno, saying its fighters had killed 22 soldiers.",
            22,
        ),
        (
            "Le Groupe de soutien à l'islam et aux musulmans (JNIM) a affirmé mardi avoir tué \
             22 soldats près de Boulsa.",
            22,
        ),
    ] {
        assert_kind(text, "2025-02-05", value, ClaimantKind::Party);
    }
}

#[test]
fn a_subject_set_off_by_a_short_insert_speaks() {
    assert_kind(
        "Le JNIM, très actif dans la zone, a dénoncé mercredi le massacre de 26 musulmans \
         près de Niono.",
        "2025-02-06",
        26,
        ClaimantKind::Party,
    );
    assert_kind(
        "Amnesty International, citing witnesses, said soldiers killed 26 villagers near \
         Niono on Monday.",
        "2025-02-06",
        26,
        ClaimantKind::Ngo,
    );
    // A clause with its own verb before the reporting verb is no subject.
    let r = extract(
        "Lundi, des hommes armés ont tué 12 civils près de Niono, a indiqué le préfet.",
        "2025-02-06",
    );
    let e = only_event(&r);
    assert_eq!(claim_of(e, 12).claimant.kind, ClaimantKind::Official);
}

#[test]
fn a_pronoun_hyphenated_to_the_verb_points_back_to_the_speaker() {
    for text in [
        "Selon le préfet, les assaillants sont venus à moto. Un berger a été abattu, \
         a-t-il précisé.",
        "Selon le préfet, les assaillants sont venus à moto. « Un berger a été abattu », \
         précise-t-il.",
        "Selon la préfète, les assaillants sont venus à moto. « Un berger a été abattu », \
         dit-elle.",
    ] {
        assert_kind(text, "2025-02-06", 1, ClaimantKind::Official);
    }
}

#[test]
fn lives_lost_are_deaths() {
    for text in [
        "Le maire a déploré la perte de cinq vies humaines lors de l'attaque de mardi à Kaya.",
        "The attack on Tuesday in Kaya claimed the lives of five people, the mayor said.",
    ] {
        let r = extract(text, "2025-02-06");
        assert_eq!(figures(only_event(&r)), vec![5], "{text}");
    }
}

/// A report written the days after an incident opens by counting from it
/// ("Deux jours après l'attaque de X, les rescapés…"): with no other event
/// told in that sentence, the incident is the report's own, dated from the
/// publication, not from the next sentence's day; beside a new event told
/// in the same sentence, it stays an earlier one.
#[test]
fn an_aftermath_report_tells_the_incident_it_counts_from() {
    for (text, published, day) in [
        (
            "Trois jours après l'attaque qui a frappé Tanwalbougou, les habitants enterrent \
             encore leurs morts. Samedi soir, des hommes armés ont encerclé le marché. \
             « Nous avons enterré 19 corps », confie un commerçant.",
            "2025-03-04",
            "2025-03-01",
        ),
        (
            "Two days after the massacre in Kukawa, survivors are still searching for the \
             missing. On Friday night, gunmen arrived on motorbikes. \"We buried 19 people,\" \
             a farmer said.",
            "2025-03-09",
            "2025-03-07",
        ),
    ] {
        let r = extract(text, published);
        let e = only_event(&r);
        assert_eq!(
            e.date.as_ref().map(|d| d.start.to_string()).as_deref(),
            Some(day),
            "{text}"
        );
        assert_eq!(figures(e), vec![19], "{text}");
    }
    for text in [
        "Deux jours après l'attaque qui a endeuillé Gorgadji, dans la province du Séno, les \
         survivants se taisent. « Nous avons enterré 17 corps », confie un cultivateur. Le \
         préfet fait état d'une quinzaine de civils tués.",
        "Two days after the attack that shook Gorgadji, in Seno province, survivors are \
         silent. \"We buried 17 bodies,\" a farmer said. The prefect said about fifteen \
         civilians were killed.",
    ] {
        let r = extract(text, "2025-03-04");
        let e = only_event(&r);
        assert_eq!(figures(e), vec![15, 17], "{text}");
        assert_eq!(
            claim_of(e, 15).claimant.kind,
            ClaimantKind::Official,
            "{text}"
        );
    }
    // A new attack told in the same sentence is the news; the one counted
    // from is background.
    for text in [
        "Trois jours après l'embuscade de Déou, des hommes armés ont attaqué mardi le \
         village d'Arbinda, tuant sept civils.",
        "Three days after the ambush in Deou, gunmen attacked the village of Arbinda on \
         Tuesday, killing seven civilians.",
    ] {
        let r = extract(text, "2025-03-05");
        let e = only_event(&r);
        assert_eq!(
            e.date.as_ref().map(|d| d.start.to_string()).as_deref(),
            Some("2025-03-04"),
            "{text}"
        );
        assert_eq!(figures(e), vec![7], "{text}");
        assert!(r.events.iter().any(|e| e.background), "{text}");
    }
}

/// A quotation of several sentences is attributed by the cue right after
/// it closes, whichever of its sentences holds the figure.
#[test]
fn a_figure_early_in_a_long_quotation_takes_the_quotation_speaker() {
    for text in [
        "Gunmen attacked Kukawa on Saturday. \"We have buried 31 bodies. Nobody knows how \
         many are still missing. Some of the victims were children,\" a resident said.",
        "Des hommes armés ont attaqué Kaya samedi. « Nous avons enterré 31 corps. Personne \
         ne sait combien manquent encore. Il y a des enfants parmi les victimes », a raconté \
         un habitant.",
    ] {
        assert_kind(text, "2025-03-04", 31, ClaimantKind::LocalSource);
    }
    // A quotation nobody is said to have said stays the outlet's.
    assert_kind(
        "Des hommes armés ont attaqué Kaya samedi. « Nous avons enterré 31 corps. » Le maire \
         a appelé au calme.",
        "2025-03-04",
        31,
        ClaimantKind::Unattributed,
    );
}

/// Members of a self-defence militia speak as local sources, even when
/// the militia is an actor of its own.
#[test]
fn a_self_defence_militia_speaks_as_a_local_source() {
    for text in [
        "Gunmen attacked Kukawa on Saturday. A CJTF member, Musa Ali, said 14 people were \
         killed.",
        "Gunmen attacked Kukawa on Saturday. According to Civilian Joint Task Force sources, \
         14 people were killed.",
    ] {
        assert_kind(text, "2025-03-04", 14, ClaimantKind::LocalSource);
    }
    // The army stays a party.
    assert_kind(
        "Gunmen attacked Kukawa on Saturday. The army said 14 insurgents were killed.",
        "2025-03-04",
        14,
        ClaimantKind::Party,
    );
}

/// Who was told is never the speaker, and a speaker's own deed inside a
/// quotation ("I counted 12 bodies") is no attribution of its own.
#[test]
fn the_listener_and_the_quoted_first_person_are_not_speakers() {
    for text in [
        "Gunmen attacked Marte on Saturday. Another resident, a grain trader who fled to \
         Dikwa, told our correspondent he counted 12 bodies.",
        "Gunmen attacked Marte on Saturday. \"I counted 12 bodies,\" a trader told our reporter.",
        "Gunmen attacked Marte on Saturday. \"We counted 12 bodies,\" a herder said.",
        "Des hommes armés ont attaqué Kaya samedi. « J'ai compté 12 corps », a raconté un \
         commerçant.",
        "Des hommes armés ont attaqué Kaya samedi. Un autre habitant, un commerçant qui a fui \
         vers Kongoussi, affirme avoir compté 12 corps.",
    ] {
        assert_kind(text, "2025-03-04", 12, ClaimantKind::LocalSource);
    }
}

/// The dead of the two sides of a fight, said together, are two figures
/// (each its own claim) that add up in the toll; the same figure of two
/// groups is two claims.
#[test]
fn the_two_sides_dead_are_two_figures() {
    for (text, parts, total) in [
        (
            "Troops repelled bandits in Dan Sadau on Monday, killing 32 bandits and losing 2 \
             soldiers, the army said.",
            vec![2, 32],
            34,
        ),
        (
            "Les soldats ont repoussé une attaque lundi à Méhana. Douze soldats et 40 terroristes \
             ont été tués, selon le ministère.",
            vec![12, 40],
            52,
        ),
        (
            "Gunmen stormed a police post in Garissa on Monday. One attacker was shot dead, while \
             a police officer was killed, police said.",
            vec![1, 1],
            2,
        ),
    ] {
        let r = extract(text, "2025-03-04");
        let e = only_event(&r);
        assert_eq!(figures(e), parts, "{text}: {:#?}", e.claims);
        assert_eq!(e.fatalities.best, Some(total), "{text}");
    }
    // Both victims of the attackers, or of one strike: one figure.
    for (text, total) in [
        (
            "Des hommes armés ont attaqué Kaya lundi. Cinq soldats et trois civils ont été \
             tués, selon le maire.",
            8,
        ),
        (
            "A drone strike on a village near Kaya on Monday killed 19 civilians and three \
             armed men, a UN report said.",
            22,
        ),
    ] {
        let r = extract(text, "2025-03-04");
        assert_eq!(figures(only_event(&r)), vec![total], "{text}");
    }
}

/// Condemning an attack reports its toll; civil society and health
/// sources speak as locals.
#[test]
fn who_condemns_who_learned_and_who_counts_locally() {
    for (text, value, kind) in [
        (
            "Gunmen attacked a market near Beni on Sunday. Amnesty International condemned the \
             attack, which killed 19 civilians.",
            19,
            ClaimantKind::Ngo,
        ),
        (
            "Des hommes armés ont attaqué un marché près de Beni dimanche. Amnesty International \
             a condamné l'attaque, qui a fait 19 morts.",
            19,
            ClaimantKind::Ngo,
        ),
        (
            "Gunmen attacked a village near Beni on Sunday. Civil society leaders in the area \
             said 38 people were killed.",
            38,
            ClaimantKind::LocalSource,
        ),
        (
            "Des hommes armés ont attaqué un village près de Beni dimanche. Selon la société \
             civile locale, 38 personnes ont été tuées.",
            38,
            ClaimantKind::LocalSource,
        ),
        (
            "Un car a sauté sur une mine près de Piéla jeudi. De sources sanitaires, on \
             dénombre 14 morts.",
            14,
            ClaimantKind::LocalSource,
        ),
    ] {
        assert_kind(text, "2025-03-04", value, kind);
    }
}

/// Army words for its own dead, and a figure gathered by someone that is
/// no gathering.
#[test]
fn army_words_for_its_dead_and_gathered_information() {
    for (text, value) in [
        (
            "Bandits attacked a base near Gusau on Monday. The army said two soldiers paid the \
             supreme price.",
            2,
        ),
        (
            "Des jihadistes ont attaqué un poste près de Diffa lundi. Trois soldats sont tombés \
             au champ d'honneur, selon l'armée.",
            3,
        ),
    ] {
        let r = extract(text, "2025-03-04");
        assert_eq!(figures(only_event(&r)), vec![value], "{text}");
    }
    let r = extract(
        "Gunmen attacked a funeral wake near Beni on Sunday. According to information gathered \
         by humanitarian partners, at least 41 civilians were killed.",
        "2025-03-04",
    );
    let e = only_event(&r);
    assert_eq!(e.event_type, "Violence against civilians");
    assert_eq!(claim_of(e, 41).claimant.kind, ClaimantKind::Ngo);
}

/// "Côté ami… et sept blessés, et, côté ennemi, dix-sept terroristes": the
/// wounded between the two sides' dead do not join them.
#[test]
fn the_two_sides_stay_apart_past_a_wounded_count() {
    let r = extract(
        "Des assaillants ont attaqué le camp de Toumour samedi soir. Le bilan communiqué par le \
         ministère fait état, côté ami, de trois militaires tués et de sept blessés, et, côté \
         ennemi, de dix-sept terroristes neutralisés.",
        "2025-03-04",
    );
    let e = only_event(&r);
    assert_eq!(figures(e), vec![3, 17]);
    assert_eq!(e.fatalities.best, Some(20));
}

/// A pronoun's cue after a quotation of several sentences attributes it.
#[test]
fn a_long_quotation_closed_by_a_pronoun_cue_takes_the_speaker_before() {
    for text in [
        "Des hommes armés ont attaqué le camp de Toumour samedi. Un commerçant de Toumour a \
         témoigné auprès de notre rédaction. « Les combats ont duré deux heures. J'ai vu plus de \
         dix corps de militaires », affirme-t-il.",
        "Gunmen attacked the camp in Toumour on Saturday. A trader in Toumour told us the attackers \
         came on motorbikes. \"The fighting lasted two hours. I saw more than ten bodies of soldiers,\" he said.",
    ] {
        let r = extract(text, "2025-03-04");
        let e = only_event(&r);
        assert_ne!(
            claim_of(e, 10).claimant.kind,
            ClaimantKind::Unattributed,
            "{text}"
        );
    }
}

/// "N jours après l'explosion qui a frappé un car le 5 octobre, …": the
/// date inside the phrase is the incident's own, not the day it counts
/// back from.
#[test]
fn a_date_inside_the_aftermath_phrase_is_the_incident_date() {
    for text in [
        "Quatre jours après l'explosion qui a frappé un car le 5 octobre 2023 près de Piéla, \
         une ONG a publié un nouveau bilan : 19 morts, selon ses équipes.",
        "Four days after the blast that hit a bus on 5 October 2023 near Piela, an aid group \
         published a new toll of 19 dead.",
    ] {
        let r = extract(text, "2023-10-09");
        let e = only_event(&r);
        assert_eq!(
            e.date.as_ref().map(|d| d.start.to_string()).as_deref(),
            Some("2023-10-05"),
            "{text}"
        );
    }
}

/// "Le bilan communiqué par le ministère fait état de…": the toll is what
/// was said, and who gave it follows "par".
#[test]
fn a_toll_given_by_someone_is_theirs() {
    for (text, kind) in [
        (
            "Des assaillants ont attaqué le camp de Toumour samedi. Le bilan communiqué par le \
             ministère fait état de trois militaires tués.",
            ClaimantKind::Official,
        ),
        (
            "Des assaillants ont attaqué le camp de Toumour samedi. Le bilan établi par la \
             Croix-Rouge évoque trois morts.",
            ClaimantKind::Ngo,
        ),
    ] {
        assert_kind(text, "2025-03-04", 3, kind);
    }
    // With no one named, the toll stays the outlet's.
    assert_kind(
        "Des assaillants ont attaqué le camp de Toumour samedi. Le bilan fait état de trois \
         militaires tués.",
        "2025-03-04",
        3,
        ClaimantKind::Unattributed,
    );
}

/// The review's cases: a count after a comma-set verb that is its object,
/// a recalled attack with no comma, a participle after "he said", an object
/// "nous", an object pronoun before an inverted name, a heavy toll on a
/// town of 60,000, three groups of dead, "the group of experts".
#[test]
fn rules_stay_within_their_constructions() {
    for (text, value) in [
        (
            "Des hommes armés ont attaqué Kaya lundi. Le gouvernement, de son côté, a recensé \
             40 morts.",
            40,
        ),
        (
            "Gunmen attacked Kaya on Monday. The official, speaking on condition of \
             anonymity, said 12 soldiers and 3 civilians were killed.",
            15,
        ),
    ] {
        let r = extract(text, "2025-03-04");
        assert_eq!(figures(only_event(&r)), vec![value], "{text}");
    }
    let r = extract(
        "Gunmen killed 12 people in Djibo on Sunday, three days after an attack on a nearby \
         village left 30 dead.",
        "2025-03-04",
    );
    assert_eq!(figures(only_event(&r)), vec![12]);
    assert_kind(
        "Des hommes armés ont attaqué Kaya samedi. « Nous avons enterré 31 corps », nous a \
         confié un habitant.",
        "2025-03-04",
        31,
        ClaimantKind::LocalSource,
    );
    let r = extract(
        "Violence has taken a heavy toll on Djibo, a town of 60,000. Gunmen killed 4 \
         herders there on Sunday.",
        "2025-03-04",
    );
    assert_eq!(figures(only_event(&r)), vec![4]);
    let r = extract(
        "Les soldats ont repoussé une attaque lundi à Méhana. Cinq soldats, deux civils et 30 \
         terroristes ont été tués, selon le ministère.",
        "2025-03-04",
    );
    assert_eq!(figures(only_event(&r)), vec![7, 30]);
    assert_kind(
        "Des hommes armés ont tué 12 civils à Kaya lundi. Le groupe d'experts de l'ONU a \
         documenté 14 morts.",
        "2025-03-04",
        14,
        ClaimantKind::Ngo,
    );
}

/// "onze (11) morts": official texts write a count in words, then in
/// digits in brackets; and the quotation's attribution outweighs a cue
/// with no speaker inside it.
#[test]
fn a_count_in_words_and_bracketed_digits_is_one_count() {
    for (text, kind) in [
        (
            "Un car a sauté sur une mine jeudi près de Kaya. « Le bilan provisoire fait état de \
             onze (11) morts et de vingt-trois (23) blessés », indique le gouverneur de la \
             région.",
            ClaimantKind::Official,
        ),
        (
            "A bus hit a landmine near Kaya on Thursday. The governor said eleven (11) people \
             were killed and twenty-three (23) wounded.",
            ClaimantKind::Official,
        ),
    ] {
        let r = extract(text, "2025-03-04");
        let e = only_event(&r);
        assert_eq!(figures(e), vec![11], "{text}");
        assert_eq!(claim_of(e, 11).claimant.kind, kind, "{text}");
    }
}
