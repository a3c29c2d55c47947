use super::*;
use crate::text::tokenize;

/// A few entries in the GeoNames dump format, typed for these tests.
const DUMP: &str = "\
900001\tKidal\tKidal\tKidal\t18.44111\t1.40778\tP\tPPLA\tML\t\t10\t\t\t\t11643\t\t460\tAfrica/Bamako\t2012-01-18
900002\tTi-n-Zaouâtene\tTi-n-Zaouatene\tTin Zaouaten,Ti-n-Zaouatene\t19.9625\t2.8575\tP\tPPL\tML\t\t10\t\t\t\t0\t\t670\tAfrica/Bamako\t2012-01-19
900003\tDori\tDori\t\t14.0354\t-0.0345\tP\tPPLA\tBF\t\t12\t\t\t\t37000\t\t280\tAfrica/Ouagadougou\t2012-01-19
900004\tBoni\tBoni\t\t15.05\t-1.95\tP\tPPL\tML\t\t07\t\t\t\t3000\t\t300\tAfrica/Bamako\t2012-01-19
900005\tMopti\tMopti\t\t14.49\t-4.19\tP\tPPLA\tML\t\t07\t\t\t\t100000\t\t270\tAfrica/Bamako\t2012-01-19
900006\tBankass\tBankass\t\t14.07\t-3.52\tP\tPPLA2\tML\t\t07\t\t\t\t10000\t\t270\tAfrica/Bamako\t2012-01-19
900007\tTénenkou\tTenenkou\t\t14.45\t-4.92\tP\tPPLA2\tML\t\t07\t\t\t\t10000\t\t270\tAfrica/Bamako\t2012-01-19
900008\tDiafarabé\tDiafarabe\t\t14.15\t-4.98\tP\tPPL\tML\t\t07\t\t\t\t5000\t\t270\tAfrica/Bamako\t2012-01-19
900009\tSourou\tSourou\tProvince du Sourou\t13.0\t-3.0\tA\tADM2\tBF\t\t01\t\t\t\t0\t\t270\tAfrica/Ouagadougou\t2012-01-19
900010\tSeme\tSeme\t\t13.5\t-2.95\tP\tPPL\tBF\t\t01\t\t\t\t0\t\t270\tAfrica/Ouagadougou\t2012-01-19
900011\tToeni\tToeni\t\t13.4\t-3.0\tP\tPPL\tBF\t\t01\t\t\t\t0\t\t270\tAfrica/Ouagadougou\t2012-01-19
900012\tMali\tMali\t\t12.0\t-11.0\tP\tPPL\tGN\t\t01\t\t\t\t2000\t\t270\tAfrica/Conakry\t2012-01-19
900013\tRépublique du Mali\tRepublique du Mali\tMali\t17.0\t-4.0\tA\tPCLI\tML\t\t00\t\t\t\t20000000\t\t270\tAfrica/Bamako\t2012-01-19
900014\tPro\tPro\t\t11.6\t-2.1\tP\tPPL\tBF\t\t01\t\t\t\t0\t\t270\tAfrica/Ouagadougou\t2012-01-19
";

pub(crate) fn gazetteer() -> Arc<Gazetteer> {
    let mut g = Gazetteer::default();
    g.add_dump(DUMP.as_bytes(), "test.txt")
        .expect("the test dump is well formed");
    Arc::new(g)
}

fn find(text: &str, lang: Lang) -> PlaceFinds {
    let src = LexiconSource::embedded();
    let seg = Segmentation::load(&src).expect("segmentation data");
    let rec = PlaceRecognizer::new(&src, gazetteer()).expect("places data");
    rec.find(text, &tokenize(text, &seg), lang)
}

fn texts<'t>(text: &'t str, f: &PlaceFinds) -> Vec<(&'t str, PlaceRole)> {
    f.places
        .iter()
        .map(|p| (p.span.text(text), p.role))
        .collect()
}

#[test]
fn the_three_spellings_of_tinzaouatene_are_one_key() {
    let text = "Des frappes ont visé Tinzaouatène. Les habitants de Tin Zaouaten ont fui vers Ti-n-Zaouâtene.";
    let f = find(text, Lang::Fr);
    let names: Vec<&str> = f.places.iter().map(|p| p.name.text(text)).collect();
    assert_eq!(names, ["Tinzaouatène", "Tin Zaouaten", "Ti-n-Zaouâtene"]);
    // One entry under every key, whatever the spelling.
    let g = gazetteer();
    let ids: HashSet<Vec<u32>> = f
        .places
        .iter()
        .map(|p| g.lookup(&p.key).iter().map(|e| e.geonameid).collect())
        .collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
}

#[test]
fn locative_cue_marks_the_place_of_the_event() {
    let text = "Une embuscade a eu lieu dimanche à Boni.";
    let f = find(text, Lang::Fr);
    assert_eq!(texts(text, &f), [("Boni", PlaceRole::Named)]);
    assert!(f.places[0].cued);
}

#[test]
fn common_word_names_need_evidence() {
    // "Boni" and "Dori" are listed as common words: capitalised without a cue, they stay out.
    let f = find("Le chef Boni a parlé. Dori a répondu.", Lang::Fr);
    assert!(f.places.is_empty(), "{:?}", f.places);
    let f = find("Boni (Mopti) a été attaquée.", Lang::Fr);
    assert_eq!(f.places.len(), 2);
    let f = find("Gunmen attacked a post near Dori.", Lang::En);
    assert_eq!(f.places.len(), 1);
    assert_eq!(f.places[0].role, PlaceRole::Relative);
}

#[test]
fn sentence_initial_names_need_a_cue() {
    let text = "Mopti est calme. Ils sont partis à Mopti.";
    let f = find(text, Lang::Fr);
    assert_eq!(f.places.len(), 1);
    assert!(f.places[0].span.start > 10);
}

#[test]
fn months_and_titles_are_not_places() {
    let f = find("Le 3 Mars, le Président a parlé.", Lang::Fr);
    assert!(f.places.is_empty());
}

#[test]
fn bracketed_admin_hints_qualify_the_place_before() {
    let text = "On 16 February 2021, militants abducted two farmers in the village of Seme (Toeni, Sourou).";
    let f = find(text, Lang::En);
    assert_eq!(
        texts(text, &f),
        [
            ("Seme", PlaceRole::Named),
            ("Toeni", PlaceRole::Admin(0)),
            ("Sourou", PlaceRole::Admin(0))
        ]
    );
    assert!(f.places[0].cued);
    assert_eq!(f.places[1].hint_of, Some(0));
    assert_eq!(f.places[2].hint_of, Some(0));
}

#[test]
fn admin_phrases_fr() {
    let text = "L'attaque a visé Boni, dans la commune de Bankass, région de Mopti.";
    let f = find(text, Lang::Fr);
    assert_eq!(
        texts(text, &f),
        [
            ("Boni", PlaceRole::Named),
            ("commune de Bankass", PlaceRole::Admin(3)),
            ("région de Mopti", PlaceRole::Admin(1))
        ]
    );
    assert_eq!(f.places[1].hint_of, Some(0));
    let text = "Des hommes armés ont attaqué le cercle de Bankass.";
    let f = find(text, Lang::Fr);
    assert_eq!(
        texts(text, &f),
        [("cercle de Bankass", PlaceRole::Admin(2))]
    );
}

#[test]
fn admin_phrases_en() {
    let text = "Militants attacked Seme in Sourou province.";
    let f = find(text, Lang::En);
    assert_eq!(
        texts(text, &f),
        [
            ("Seme", PlaceRole::Named),
            ("Sourou province", PlaceRole::Admin(2))
        ]
    );
    assert_eq!(f.places[1].hint_of, Some(0));
}

#[test]
fn relative_places_fr() {
    let text = "Une attaque à 60 km de Kidal, puis une autre au nord de Mopti, entre Ténenkou et Diafarabé.";
    let f = find(text, Lang::Fr);
    assert_eq!(
        texts(text, &f),
        [
            ("à 60 km de Kidal", PlaceRole::Relative),
            ("nord de Mopti", PlaceRole::Relative),
            ("entre Ténenkou", PlaceRole::Relative),
            ("Diafarabé", PlaceRole::Relative),
        ]
    );
    let text = "Ils ont été tués à 30 kilomètres au sud-est de Kidal.";
    let f = find(text, Lang::Fr);
    assert_eq!(
        texts(text, &f),
        [("à 30 kilomètres au sud-est de Kidal", PlaceRole::Relative)]
    );
}

#[test]
fn relative_places_en() {
    let text = "Gunmen struck 60 km north of Kidal, then between Tenenkou and Diafarabe.";
    let f = find(text, Lang::En);
    assert_eq!(
        texts(text, &f),
        [
            ("60 km north of Kidal", PlaceRole::Relative),
            ("between Tenenkou", PlaceRole::Relative),
            ("Diafarabe", PlaceRole::Relative),
        ]
    );
}

#[test]
fn regions_and_countries() {
    let text = "Des frappes dans le nord du Mali, dans le centre du pays et dans le Nord malien.";
    let f = find(text, Lang::Fr);
    assert_eq!(
        texts(text, &f),
        [
            ("nord du Mali", PlaceRole::Region),
            ("centre du pays", PlaceRole::Region),
            ("Nord malien", PlaceRole::Region),
        ]
    );
    assert_eq!(f.places[0].country.as_deref(), Some("ML"));
    assert_eq!(f.places[1].country, None);
    assert_eq!(f.places[2].country.as_deref(), Some("ML"));
    let text = "Fighting spread in northern Burkina Faso and the north of the country.";
    let f = find(text, Lang::En);
    assert_eq!(
        texts(text, &f),
        [
            ("northern Burkina Faso", PlaceRole::Region),
            ("north of the country", PlaceRole::Region),
        ]
    );
    assert_eq!(f.places[0].country.as_deref(), Some("BF"));
}

#[test]
fn demonyms_are_country_cues_not_places() {
    let text = "L'armée malienne et des soldats burkinabè, près de la frontière algérienne.";
    let f = find(text, Lang::Fr);
    assert!(f.places.is_empty(), "{:?}", f.places);
    let codes: Vec<&str> = f.countries.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["ML", "BF", "DZ"]);
    let f = find("Malian soldiers and Burkinabe troops.", Lang::En);
    assert!(f.places.is_empty());
    assert_eq!(f.countries.len(), 2);
}

#[test]
fn both_place_files_parse() {
    let src = LexiconSource::embedded();
    assert!(PlaceRecognizer::new(&src, Arc::new(Gazetteer::default())).is_ok());
}

#[test]
fn comma_areas_qualify_the_place_before() {
    let text = "Clashes were reported in Seme, Sourou. Then in Dori, Mopti and Boni.";
    let f = find(text, Lang::En);
    let got: Vec<(&str, Option<usize>)> = f
        .places
        .iter()
        .map(|p| (p.span.text(text), p.hint_of))
        .collect();
    // "Sourou" closes its clause: an area of Seme. In the list, "Mopti" is
    // followed by "and": no area.
    assert_eq!(got[0], ("Seme", None));
    assert_eq!(got[1], ("Sourou", Some(0)));
    assert!(got.contains(&("Mopti", None)), "{got:?}");
}

#[test]
fn unknown_area_names_in_brackets_are_kept_as_hints() {
    // "Zabrigou" is not in the gazetteer: kept, so the resolver can match
    // it against the names of the divisions.
    let text = "Militants attacked Seme (Zabrigou, Sourou).";
    let f = find(text, Lang::En);
    assert_eq!(
        texts(text, &f),
        [
            ("Seme", PlaceRole::Named),
            ("Zabrigou", PlaceRole::Admin(0)),
            ("Sourou", PlaceRole::Admin(0))
        ]
    );
    assert_eq!(f.places[1].key, "zabrigou");
    assert_eq!(f.places[1].hint_of, Some(0));
    // After a name that is no place, a bracket may hold an acronym.
    let f = find("Katiba Zorro (JNIM) militants came.", Lang::En);
    assert!(f.places.is_empty(), "{:?}", f.places);
}

#[test]
fn names_inside_longer_proper_names_are_not_places() {
    let f = find("The leader, Ibrahim Mopti Traore, spoke.", Lang::En);
    assert!(f.places.is_empty(), "{:?}", f.places);
    let f = find("Le commandant Mopti Diallo a parlé.", Lang::Fr);
    assert!(f.places.is_empty(), "{:?}", f.places);
    // A facility noun after the name keeps it a place.
    let text = "Drones struck the Mopti Airport.";
    let f = find(text, Lang::En);
    assert_eq!(texts(text, &f), [("Mopti", PlaceRole::Named)]);
}

#[test]
fn acronyms_are_not_places() {
    let f = find("Fighters of the MOPTI front attacked.", Lang::En);
    assert!(f.places.is_empty(), "{:?}", f.places);
}

#[test]
fn glued_distances_and_compound_names() {
    let text = "A herder was abducted about 1km from Dori.";
    let f = find(text, Lang::En);
    assert_eq!(texts(text, &f), [("1km from Dori", PlaceRole::Relative)]);
    // Two places joined by a hyphen are both places; the tail of an
    // unknown compound is not.
    let text = "They blocked the Mopti-Bankass road and the Zorro-Kidal track.";
    let f = find(text, Lang::En);
    let names: Vec<&str> = f.places.iter().map(|p| p.span.text(text)).collect();
    assert_eq!(names, ["Mopti", "Bankass"]);
}

#[test]
fn a_part_of_a_town_is_not_the_town() {
    let f = find(
        "Residents protested in the Kidal quarter of Mopti.",
        Lang::En,
    );
    let names: Vec<&str> = f
        .places
        .iter()
        .map(|p| {
            p.span
                .text("Residents protested in the Kidal quarter of Mopti.")
        })
        .collect();
    assert_eq!(names, ["Mopti"]);
}

#[test]
fn distances_in_words() {
    let text = "L'embuscade a eu lieu à une trentaine de kilomètres de Kidal.";
    let f = find(text, Lang::Fr);
    assert_eq!(
        texts(text, &f),
        [(
            "à une trentaine de kilomètres de Kidal",
            PlaceRole::Relative
        )]
    );
    let text = "The convoy was hit a few kilometres east of Mopti.";
    let f = find(text, Lang::En);
    assert_eq!(
        texts(text, &f),
        [("a few kilometres east of Mopti", PlaceRole::Relative)]
    );
    let text = "Des tirs ont visé le camp, à l'est de Kidal, puis près de Boni.";
    let f = find(text, Lang::Fr);
    assert_eq!(
        texts(text, &f),
        [
            ("est de Kidal", PlaceRole::Relative),
            ("près de Boni", PlaceRole::Relative)
        ]
    );
}

#[test]
fn unknown_divisions_are_kept_as_text_hints() {
    let text = "Gunmen attacked Seme in Zorrogo province.";
    let f = find(text, Lang::En);
    assert_eq!(
        texts(text, &f),
        [
            ("Seme", PlaceRole::Named),
            ("Zorrogo province", PlaceRole::Admin(2))
        ]
    );
    assert_eq!(f.places[1].key, "zorrogo");
    assert_eq!(f.places[1].hint_of, None);
}

#[test]
fn a_second_place_after_and_is_no_area_of_the_first() {
    let text = "Troops were seen near Kidal and in the Mopti region.";
    let f = find(text, Lang::En);
    assert_eq!(
        texts(text, &f),
        [
            ("near Kidal", PlaceRole::Relative),
            ("Mopti region", PlaceRole::Admin(1))
        ]
    );
    assert_eq!(f.places[1].hint_of, None);
    let text = "Troops attacked Seme, in Sourou province.";
    let f = find(text, Lang::En);
    assert_eq!(f.places[1].hint_of, Some(0));
}

#[test]
fn the_most_frequent_code_wins_and_the_first_breaks_ties() {
    assert_eq!(most_frequent(["ML", "BF", "BF"]), Some("BF"));
    assert_eq!(most_frequent(["NE", "ML", "ML", "NE"]), Some("NE"));
    assert_eq!(most_frequent(Vec::<&str>::new()), None);
}

#[test]
fn where_people_fled_is_away_from_the_event() {
    let text = "Après l'attaque, les habitants ont fui vers Dori.";
    let f = find(text, Lang::Fr);
    let dori = f.places.iter().find(|p| p.name.text(text) == "Dori");
    assert!(dori.is_some_and(|p| p.away), "{:?}", f.places);
    let text = "Survivors were seen fleeing towards Kidal on foot.";
    let f = find(text, Lang::En);
    assert!(f.places.iter().all(|p| p.away), "{:?}", f.places);
    // A border is where people went, not a place of the event.
    let text = "Hundreds crossed the Mali border overnight.";
    let f = find(text, Lang::En);
    assert!(f.places.iter().all(|p| p.away), "{:?}", f.places);
    // The place of the event stays where it is.
    let text = "Gunmen raided a market in Dori on Friday.";
    let f = find(text, Lang::En);
    assert!(f.places.iter().all(|p| !p.away), "{:?}", f.places);
}

#[test]
fn a_name_after_a_locative_is_read_under_another_spelling() {
    let text = "Un marché a été incendié à Bonni mardi.";
    let f = find(text, Lang::Fr);
    let p = f.places.first().expect("a place");
    assert_eq!((p.key.as_str(), p.respelled), ("boni", true));
    let text = "Two traders were shot near Dorri last night.";
    let f = find(text, Lang::En);
    let p = f.places.first().expect("a place");
    assert_eq!((p.key.as_str(), p.respelled), ("dori", true));
    // Without a locative, an unknown capitalised word is no place.
    let text = "Dorri said the road was closed.";
    assert!(find(text, Lang::En).places.is_empty());
    // A known spelling is not respelled.
    let f = find("Des tirs ont visé Boni.", Lang::Fr);
    assert!(f.places.iter().all(|p| !p.respelled));
}

#[test]
fn names_inside_a_longer_actor_name_are_dropped() {
    let mk = |text: &str, name: &str| PlaceMention {
        span: span_of(text, name),
        name: span_of(text, name),
        key: name_key(name),
        role: PlaceRole::Named,
        cued: false,
        hint_of: None,
        country: None,
        away: false,
        respelled: false,
        unlisted: false,
        offset: None,
    };
    let text = "La Katiba Boni a frappé Dori, près de Kidal.";
    let mut places = vec![mk(text, "Boni"), mk(text, "Dori"), mk(text, "Kidal")];
    places[2].hint_of = Some(1);
    let actor = span_of(text, "Katiba Boni");
    let kept = without_actor_names(places, &[actor]);
    let names: Vec<&str> = kept.iter().map(|p| p.name.text(text)).collect();
    assert_eq!(names, ["Dori", "Kidal"]);
    // The hint follows its place to its new index.
    assert_eq!(kept[1].hint_of, Some(0));
    // An actor that is the name alone ("the Dori" as a people) drops nothing.
    let text = "Dori youths marched in Kidal.";
    let kept = without_actor_names(
        vec![mk(text, "Dori"), mk(text, "Kidal")],
        &[span_of(text, "Dori")],
    );
    assert_eq!(kept.len(), 2);
}

fn span_of(text: &str, part: &str) -> Span {
    let start = text.find(part).expect("part of the text");
    Span::new(start, start + part.len())
}

#[test]
fn a_distance_in_figures_and_a_direction_give_an_offset() {
    let offset_of = |text: &str, lang| find(text, lang).places.first().and_then(|p| p.offset);
    let o = offset_of(
        "Ils ont été tués à 30 kilomètres au sud-est de Kidal.",
        Lang::Fr,
    );
    assert_eq!(
        o,
        Some(Offset {
            km: 30.0,
            bearing: Some(135.0)
        })
    );
    let o = offset_of("An ambush 40 miles north-west of Kidal.", Lang::En);
    let o = o.expect("an offset");
    assert!(
        (o.km - 64.36).abs() < 0.01 && o.bearing == Some(315.0),
        "{o:?}"
    );
    let o = offset_of("Gunmen struck 12km east of Dori.", Lang::En);
    assert_eq!(
        o,
        Some(Offset {
            km: 12.0,
            bearing: Some(90.0)
        })
    );
    // A distance with no direction, and one in words.
    let o = offset_of("Une embuscade à 60 km de Kidal.", Lang::Fr);
    assert_eq!(
        o,
        Some(Offset {
            km: 60.0,
            bearing: None
        })
    );
    assert_eq!(
        offset_of(
            "Une embuscade à une trentaine de kilomètres de Kidal.",
            Lang::Fr
        ),
        None
    );
}

#[test]
fn a_lower_case_prefix_before_a_dash_is_no_place() {
    for (text, lang) in [
        (
            "Clashes between pro-Hadi forces and pro-Houthi fighters near Kidal.",
            Lang::En,
        ),
        (
            "Des combats entre milices pro-gouvernementales et rebelles à Kidal.",
            Lang::Fr,
        ),
    ] {
        let got: Vec<&str> = texts(text, &find(text, lang))
            .iter()
            .map(|(t, _)| *t)
            .collect();
        assert!(
            got.iter().all(|t| !t.to_lowercase().starts_with("pro")),
            "{text}: {got:?}"
        );
        assert!(got.iter().any(|t| t.ends_with("Kidal")), "{text}: {got:?}");
    }
    // A place written with the prefix capitalised is still found.
    let text = "Des tirs à Pro mardi.";
    assert_eq!(
        texts(text, &find(text, Lang::Fr)),
        [("Pro", PlaceRole::Named)]
    );
}
