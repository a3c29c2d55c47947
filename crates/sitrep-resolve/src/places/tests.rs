use super::*;
use sitrep_annotate::lexicon::LexiconSource;
use sitrep_annotate::Annotator;
use sitrep_core::{Document, Lang};
use std::sync::Arc;

/// GeoNames-format lines typed for these tests (ids above 900000 are invented).
/// (id, name, alternate names, lat, lon, class, code, country, admin1, admin2, population)
type Entry<'a> = (
    u32,
    &'a str,
    &'a str,
    f64,
    f64,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    u64,
);

fn line(e: Entry) -> String {
    let (id, name, alt, lat, lon, class, code, cc, a1, a2, pop) = e;
    format!("{id}\t{name}\t{name}\t{alt}\t{lat}\t{lon}\t{class}\t{code}\t{cc}\t\t{a1}\t{a2}\t\t\t{pop}\t\t300\tAfrica/Bamako\t2020-01-01\n")
}

/// A gazetteer of these entries and admin1CodesASCII.txt lines.
fn gazetteer_of(entries: &[Entry], admin1: &str) -> Arc<Gazetteer> {
    let dump: String = entries.iter().map(|e| line(*e)).collect();
    let mut g = Gazetteer::default();
    g.add_dump(dump.as_bytes(), "test.txt").expect("test dump");
    g.add_dump(admin1.as_bytes(), "admin1CodesASCII.txt")
        .expect("admin1");
    Arc::new(g)
}

fn gazetteer() -> Arc<Gazetteer> {
    Arc::new(base_gazetteer())
}

fn base_gazetteer() -> Gazetteer {
    let mut dump = String::new();
    for l in [
        line((
            2476086,
            "Ti-n-Zaouâtene",
            "Tin Zaouaten,Ti-n-Zaouatene",
            19.9625,
            2.8575,
            "P",
            "PPL",
            "ML",
            "10",
            "",
            0,
        )),
        line((
            2455290, "Kidal", "", 18.44111, 1.40778, "P", "PPLA", "ML", "10", "", 11643,
        )),
        line((
            900001,
            "Région de Kidal",
            "Kidal",
            19.5,
            1.5,
            "A",
            "ADM1",
            "ML",
            "10",
            "",
            67000,
        )),
        line((
            900002, "Tessalit", "", 20.27111, 0.69694, "H", "WAD", "ML", "10", "", 0,
        )),
        line((
            900003, "Tessalit", "", 20.20126, 1.01186, "P", "PPLA2", "ML", "10", "", 0,
        )),
        line((
            900004, "Boni", "", 15.05, -1.95, "P", "PPL", "ML", "07", "901", 3000,
        )),
        line((
            900005, "Boni", "", 13.1, -0.2, "P", "PPL", "BF", "05", "", 3500,
        )),
        line((
            900006, "Mopti", "", 14.49, -4.19, "P", "PPLA", "ML", "07", "", 100000,
        )),
        line((
            900007, "Douentza", "", 15.0, -2.95, "P", "PPLA2", "ML", "07", "901", 20000,
        )),
        line((
            900008, "Saré", "", 14.6, -4.1, "P", "PPL", "ML", "07", "", 200,
        )),
        line((
            900009, "Saré", "", 12.5, -12.0, "P", "PPL", "SN", "01", "", 900,
        )),
        line((
            900010,
            "République du Mali",
            "Mali",
            17.0,
            -4.0,
            "A",
            "PCLI",
            "ML",
            "00",
            "",
            20000000,
        )),
        line((
            900011,
            "Burkina Faso",
            "",
            12.5,
            -1.7,
            "A",
            "PCLI",
            "BF",
            "00",
            "",
            20000000,
        )),
        line((
            900012, "Dori", "", 14.0354, -0.0345, "P", "PPLA", "BF", "12", "", 37000,
        )),
        line((
            900013, "Seme", "", 13.5, -2.95, "P", "PPL", "BF", "01", "", 0,
        )),
        line((
            900014, "Seme", "", 11.0, -1.0, "P", "PPL", "BF", "07", "", 800,
        )),
        line((
            900015, "Toeni", "", 13.4, -3.0, "P", "PPL", "BF", "01", "", 0,
        )),
        line((
            900018,
            "Région de Mopti",
            "Mopti",
            14.9,
            -3.1,
            "A",
            "ADM1",
            "ML",
            "07",
            "",
            2000000,
        )),
        line((
            900017,
            "Région du Centre-Nord",
            "Centre-Nord",
            13.3,
            -1.1,
            "A",
            "ADM1",
            "BF",
            "05",
            "",
            0,
        )),
        line((
            900016,
            "Sourou",
            "Province du Sourou",
            13.0,
            -3.0,
            "A",
            "ADM2",
            "BF",
            "01",
            "02",
            0,
        )),
    ] {
        dump.push_str(&l);
    }
    let admin1 = "ML.07\tMopti\tMopti\t2453347\nML.10\tKidal\tKidal\t2455289\nBF.05\tCentre-Nord\tCentre-Nord\t6930706\nBF.01\tBoucle du Mouhoun\tBoucle du Mouhoun\t6930701\n";
    let admin2 = "ML.07.901\tDouentza\tDouentza\t900100\n";
    let mut g = Gazetteer::default();
    g.add_dump(dump.as_bytes(), "test.txt").expect("test dump");
    g.add_dump(admin1.as_bytes(), "admin1CodesASCII.txt")
        .expect("admin1");
    g.add_dump(admin2.as_bytes(), "admin2Codes.txt")
        .expect("admin2");
    g
}

struct Run {
    ann: Annotation,
    values: Vec<Option<PlaceValue>>,
    text: String,
}

fn run(text: &str, lang: Lang) -> Run {
    run_in(gazetteer(), text, lang)
}

impl Run {
    /// (mention text, geonameid, geo_precision) of every mention.
    fn got(&self) -> Vec<(&str, Option<u32>, Option<u8>)> {
        self.ann
            .places
            .iter()
            .zip(&self.values)
            .map(|(m, v)| {
                (
                    m.span.text(&self.text),
                    v.as_ref().map(|v| v.geonameid),
                    v.as_ref().map(|v| v.geo_precision),
                )
            })
            .collect()
    }

    fn id_of(&self, name: &str) -> Option<u32> {
        self.got()
            .into_iter()
            .find(|(t, _, _)| *t == name)
            .and_then(|g| g.1)
    }
}

#[test]
fn three_spellings_meet_on_one_entry() {
    let r = run(
        "Frappes à Tinzaouatène, à Tin Zaouaten et à Ti-n-Zaouâtene.",
        Lang::Fr,
    );
    let ids: Vec<Option<u32>> = r.got().iter().map(|g| g.1).collect();
    assert_eq!(ids, [Some(2476086); 3]);
}

#[test]
fn a_town_before_a_wadi() {
    let r = run("Des combats ont eu lieu à Tessalit.", Lang::Fr);
    assert_eq!(r.got(), [("Tessalit", Some(900003), Some(1))]);
    let r = run("Fighting near Tessalit.", Lang::En);
    assert_eq!(r.got(), [("near Tessalit", Some(900003), Some(2))]);
}

#[test]
fn a_town_before_its_region() {
    let r = run("L'offensive a culminé par la prise de Kidal.", Lang::Fr);
    assert_eq!(r.id_of("Kidal"), Some(2455290));
}

#[test]
fn bracketed_hints_choose_the_village() {
    // Without hints the bigger Seme wins; the hints point at the other.
    let r = run("Gunmen attacked the village of Seme.", Lang::En);
    assert_eq!(r.id_of("Seme"), Some(900014));
    let r = run(
        "Gunmen attacked the village of Seme (Toeni, Sourou).",
        Lang::En,
    );
    assert_eq!(r.id_of("Seme"), Some(900013));
    assert_eq!(main_place(&r.ann, &r.values), Some(0));
}

#[test]
fn admin_phrases_choose_the_village() {
    let r = run(
        "Des hommes armés ont attaqué Boni, dans le cercle de Douentza.",
        Lang::Fr,
    );
    assert_eq!(r.id_of("Boni"), Some(900004));
    let r = run(
        "Des hommes armés ont attaqué Boni, région du Centre-Nord.",
        Lang::Fr,
    );
    assert_eq!(r.id_of("Boni"), Some(900005));
    let r = run("Gunmen attacked Boni in Mopti region.", Lang::En);
    assert_eq!(r.id_of("Boni"), Some(900004));
}

#[test]
fn the_country_in_focus_chooses_the_village() {
    let r = run("L'armée burkinabè a été attaquée à Boni.", Lang::Fr);
    assert_eq!(r.id_of("Boni"), Some(900005));
    let r = run("L'armée malienne a été attaquée à Boni.", Lang::Fr);
    assert_eq!(r.id_of("Boni"), Some(900004));
    let r = run("Malian soldiers were ambushed in Boni.", Lang::En);
    assert_eq!(r.id_of("Boni"), Some(900004));
}

#[test]
fn closeness_to_the_other_places_chooses_the_village() {
    // The Senegalese Saré has more people; Mopti is next to the Malian one.
    let r = run("Des attaques à Mopti puis à Saré.", Lang::Fr);
    assert_eq!(r.id_of("Saré"), Some(900008));
    let r = run("Attacks were reported in Sare.", Lang::En);
    assert_eq!(r.id_of("Sare"), Some(900009));
}

#[test]
fn relative_places_take_the_reference_with_precision_two() {
    let r = run("Une embuscade à 60 km de Kidal.", Lang::Fr);
    assert_eq!(r.got(), [("à 60 km de Kidal", Some(2455290), Some(2))]);
    let r = run("Clashes between Mopti and Douentza.", Lang::En);
    assert_eq!(
        r.got(),
        [
            ("between Mopti", Some(900006), Some(2)),
            ("Douentza", Some(900007), Some(2))
        ]
    );
}

#[test]
fn regions_take_the_country_with_precision_three() {
    let r = run("Des frappes dans le nord du Mali.", Lang::Fr);
    assert_eq!(r.got(), [("nord du Mali", Some(900010), Some(3))]);
    let r = run(
        "L'armée burkinabè est déployée dans le centre du pays.",
        Lang::Fr,
    );
    assert_eq!(r.got(), [("centre du pays", Some(900011), Some(3))]);
    let r = run("Clashes in northern Burkina Faso.", Lang::En);
    assert_eq!(r.got(), [("northern Burkina Faso", Some(900011), Some(3))]);
}

#[test]
fn admin_names_are_filled_in() {
    let r = run("Des frappes à Tinzaouatène.", Lang::Fr);
    let v = r.values[0].as_ref().expect("resolved");
    assert_eq!(v.admin1.as_deref(), Some("Kidal"));
    assert_eq!(v.country_code, "ML");
    assert_eq!(v.feature.as_deref(), Some("P.PPL"));
}

#[test]
fn main_place_prefers_the_cued_place_of_the_first_sentence() {
    let r = run(
        "On 3 May, Katiba Mopti militants attacked civilians in Douentza. Later they went to Kidal.",
        Lang::En,
    );
    let i = main_place(&r.ann, &r.values).expect("a main place");
    assert_eq!(r.ann.places[i].span.text(&r.text), "Douentza");
    let r = run("Clashes in northern Burkina Faso.", Lang::En);
    assert_eq!(main_place(&r.ann, &r.values), Some(0));
}

#[test]
fn no_gazetteer_entry_no_value() {
    let r = run("Rien ne s'est passé à Zzyzx.", Lang::Fr);
    assert!(r.values.iter().all(Option::is_none));
}

#[test]
fn a_country_after_a_comma_chooses_the_village() {
    let r = run("Gunmen attacked Boni, Burkina Faso, on Sunday.", Lang::En);
    assert_eq!(r.id_of("Boni"), Some(900005));
    let r = run("Gunmen attacked Boni, Mali, on Sunday.", Lang::En);
    assert_eq!(r.id_of("Boni"), Some(900004));
}

#[test]
fn a_namesake_far_from_its_hints_gives_way_to_the_hint() {
    // The only Kidal is far from Douentza: the village meant is another
    // Kidal GeoNames lacks, so the event is placed near Douentza.
    let r = run(
        "Gunmen attacked the village of Kidal (Douentza, Mopti).",
        Lang::En,
    );
    let v = r.values[0].as_ref().expect("resolved");
    assert_eq!((v.geonameid, v.geo_precision), (900007, 2));
    // When a candidate lies in the hinted area, it is kept.
    let r = run(
        "Gunmen attacked the village of Boni (Douentza, Mopti).",
        Lang::En,
    );
    assert_eq!(r.got()[0], ("Boni", Some(900004), Some(1)));
}

#[test]
fn an_unknown_village_takes_the_point_of_its_hints() {
    let r = run(
        "On 3 May, militants abducted a farmer in the village of Zorrobougou (Toeni, Sourou).",
        Lang::En,
    );
    let i = main_place(&r.ann, &r.values).expect("a main place");
    assert_eq!(r.ann.places[i].span.text(&r.text), "Zorrobougou");
    let v = r.values[i].as_ref().expect("placed");
    // Toeni's point, near it.
    assert_eq!((v.latitude, v.longitude, v.geo_precision), (13.4, -3.0, 2));
}

#[test]
fn a_region_is_not_in_the_area_of_a_town_near_its_centre() {
    // The region's point lies next to Douentza, the town of Mopti does not:
    // the hint must not pull "Mopti" to the region.
    let r = run(
        "Des frappes à 40 km de Mopti. Le lendemain, des tirs dans la commune de Douentza.",
        Lang::Fr,
    );
    assert_eq!(r.got()[0], ("à 40 km de Mopti", Some(900006), Some(2)));
}

#[test]
fn a_name_read_twice_is_one_place() {
    // The first Seme has hints and is the small one in Sourou; the second
    // mention, with no hint, follows it rather than the bigger namesake.
    let r = run(
        "Gunmen attacked the village of Seme (Toeni, Sourou). Residents fled 15 km from Seme.",
        Lang::En,
    );
    assert_eq!(r.got()[0], ("Seme", Some(900013), Some(1)));
    let last = r.got().into_iter().last().expect("mentions");
    assert_eq!(last, ("15 km from Seme", Some(900013), Some(2)));
}

/// Namesakes on several continents, typed for the country and region tests
/// (every name and id invented).
fn world() -> Arc<Gazetteer> {
    let mut dump = String::new();
    for e in [
        (
            950001, "Tokora", "", 38.5, -7.9, "P", "PPLA2", "PT", "02", "", 15000,
        ),
        (
            950002, "Toukora", "Tokorra", 14.3, -4.6, "P", "PPL", "ML", "07", "", 0,
        ),
        (
            950003, "Sanbara", "", 12.6, -8.0, "P", "PPLC", "ML", "08", "", 2000000,
        ),
        (
            950004, "Kalem", "", 41.6, 19.7, "P", "PPLA2", "AL", "40", "", 12000,
        ),
        (
            950005, "Balou", "", 13.5, 14.7, "P", "PPLA", "TD", "07", "", 20000,
        ),
        (
            950006, "Ngari", "", 13.9, 14.2, "P", "PPL", "TD", "07", "", 900,
        ),
        (
            950007, "Misten", "", 26.2, -98.3, "P", "PPL", "US", "TX", "", 80000,
        ),
        (
            950008, "Ouandi", "", 14.9, -3.1, "P", "PPL", "ML", "07", "", 500,
        ),
        (
            950009, "Fadama", "", 11.85, 13.16, "P", "PPLA", "NG", "27", "", 800000,
        ),
        (
            950010, "Borami", "", 51.1, 12.5, "P", "PPLA3", "DE", "13", "", 19000,
        ),
        (
            950011, "Gamdi", "", 12.2, 13.5, "P", "PPL", "NG", "27", "", 3000,
        ),
        (
            950012, "Tomba", "", -5.8, 13.0, "P", "PPL", "CD", "08", "", 150000,
        ),
    ] {
        dump.push_str(&line(e));
    }
    let admin1 =
        "TD.07\tKalem\tKalem\t960001\nNG.27\tBorami\tBorami\t960002\nML.07\tMopti\tMopti\t960003\n";
    let mut g = Gazetteer::default();
    g.add_dump(dump.as_bytes(), "test.txt").expect("test dump");
    g.add_dump(admin1.as_bytes(), "admin1CodesASCII.txt")
        .expect("admin1");
    Arc::new(g)
}

fn run_in(gaz: Arc<Gazetteer>, text: &str, lang: Lang) -> Run {
    run_titled(gaz, None, text, lang)
}

fn run_titled(gaz: Arc<Gazetteer>, title: Option<&str>, text: &str, lang: Lang) -> Run {
    let annotator = Annotator::new(&LexiconSource::embedded(), gaz.clone()).expect("lexicons");
    let doc = Document {
        id: "t".into(),
        text: text.into(),
        title: title.map(str::to_string),
        published: None,
        url: None,
        source: None,
        language: Some(lang),
    };
    let ann = annotator.annotate(&doc, Some(lang));
    let values = resolve_all(text, &ann, &gaz);
    Run {
        ann,
        values,
        text: text.into(),
    }
}

impl Run {
    /// The value of the first mention whose text is `name`.
    fn value_of(&self, name: &str) -> Option<&PlaceValue> {
        self.ann
            .places
            .iter()
            .position(|m| m.span.text(&self.text) == name || m.name.text(&self.text) == name)
            .and_then(|i| self.values[i].as_ref())
    }

    fn main_name(&self) -> Option<&str> {
        main_place(&self.ann, &self.values).map(|i| self.ann.places[i].name.text(&self.text))
    }
}

#[test]
fn a_place_in_the_named_country_beats_a_foreign_namesake() {
    // The Malian village is spelled "Tokorra" in the gazetteer.
    let r = run_in(
        world(),
        "Des dizaines de civils ont été tués à Tokora, dans le centre du Mali.",
        Lang::Fr,
    );
    assert_eq!(r.value_of("Tokora").map(|v| v.geonameid), Some(950002));
    let r = run_in(
        world(),
        "Troops killed villagers in Tokora last week, officials in Mali said.",
        Lang::En,
    );
    assert_eq!(r.value_of("Tokora").map(|v| v.geonameid), Some(950002));
    // With no country named, the bigger town stands.
    let r = run_in(world(), "A fire broke out in Tokora on Monday.", Lang::En);
    assert_eq!(r.value_of("Tokora").map(|v| v.geonameid), Some(950001));
}

#[test]
fn a_far_foreign_place_needs_its_country_named() {
    let text =
        "Le bilan de la Misten des Nations unies au Mali fait état de morts à Ouandi, au Mali.";
    let r = run_in(world(), text, Lang::Fr);
    assert_eq!(r.value_of("Misten"), None, "{:?}", r.got());
    assert_eq!(r.main_name(), Some("Ouandi"), "{:?}", r.got());
    let text =
        "A Misten official visited Ouandi, in central Mali, after the raid in Mali's Mopti region.";
    let r = run_in(world(), text, Lang::En);
    assert_eq!(r.value_of("Misten"), None, "{:?}", r.got());
    // Named in passing, a country rules nothing out.
    let text = "Protesters gathered outside the Chad embassy in Misten on Friday.";
    let r = run_in(world(), text, Lang::En);
    assert_eq!(r.value_of("Misten").map(|v| v.geonameid), Some(950007));
}

#[test]
fn a_region_resolves_to_its_seat_with_precision_three() {
    let text = "L'armée a été attaquée lundi dans la province du Kalem, au Tchad.";
    let r = run_in(world(), text, Lang::Fr);
    let v = r.value_of("province du Kalem").expect("the province");
    assert_eq!((v.country_code.as_str(), v.geo_precision), ("TD", 3));
    assert_eq!((v.latitude, v.longitude), (13.5, 14.7));
    let text = "Gunmen attacked farmers in Borami State, the governor said.";
    let r = run_in(world(), text, Lang::En);
    let v = r.value_of("Borami State").expect("the state");
    assert_eq!((v.country_code.as_str(), v.geo_precision), ("NG", 3));
    assert_eq!((v.latitude, v.longitude), (11.85, 13.16));
    let text = "Des agriculteurs ont été tués dans l'État de Borami, au Nigeria.";
    let r = run_in(world(), text, Lang::Fr);
    assert_eq!(
        r.value_of("État de Borami")
            .map(|v| v.country_code.as_str()),
        Some("NG")
    );
}

#[test]
fn a_region_named_in_the_country_beats_a_foreign_town() {
    let text = "Les soldats tchadiens ont repoussé l'assaut au Kalem, selon l'état-major du Tchad.";
    let r = run_in(world(), text, Lang::Fr);
    assert_eq!(
        r.value_of("Kalem").map(|v| v.country_code.as_str()),
        Some("TD"),
        "{:?}",
        r.got()
    );
}

#[test]
fn the_place_where_someone_spoke_is_not_the_event_place() {
    let text = "Le ministre a déclaré à Sanbara que des hommes armés avaient tué douze personnes. L'attaque a visé Ouandi.";
    let r = run_in(world(), text, Lang::Fr);
    assert_eq!(r.main_name(), Some("Ouandi"), "{:?}", r.got());
    let text = "The minister said in Sanbara that gunmen had killed twelve people. The attack targeted Ouandi.";
    let r = run_in(world(), text, Lang::En);
    assert_eq!(r.main_name(), Some("Ouandi"), "{:?}", r.got());
}

#[test]
fn where_people_fled_is_not_the_event_place() {
    let text = "Des familles ont fui vers Sanbara. Les assaillants ont incendié Ouandi.";
    let r = run_in(world(), text, Lang::Fr);
    assert_eq!(r.main_name(), Some("Ouandi"), "{:?}", r.got());
    let text = "Families were fleeing towards Sanbara. Gunmen had burned Ouandi.";
    let r = run_in(world(), text, Lang::En);
    assert_eq!(r.main_name(), Some("Ouandi"), "{:?}", r.got());
}

#[test]
fn a_respelled_name_is_trusted_only_in_the_text_countries() {
    // "Gamdy" is Gamdi, Nigeria, in a report on Nigeria ...
    let text = "Insurgents raided the village of Gamdy in Nigeria on Sunday.";
    let r = run_in(world(), text, Lang::En);
    assert_eq!(r.value_of("Gamdy").map(|v| v.geonameid), Some(950011));
    let text = "Des insurgés ont attaqué la localité de Gamdy, au Nigeria.";
    let r = run_in(world(), text, Lang::Fr);
    assert_eq!(r.value_of("Gamdy").map(|v| v.geonameid), Some(950011));
    // ... and nothing in a report on Mali.
    let text = "Gunmen raided the village of Gamdy near Ouandi and Toukora.";
    let r = run_in(world(), text, Lang::En);
    assert_eq!(r.value_of("Gamdy"), None, "{:?}", r.got());
}

#[test]
fn an_admin_hint_no_entry_bears_stands_in_for_an_unknown_village() {
    // "Zorbo" is in no gazetteer; "Kalem" is a Chadian province whose name
    // only an Albanian town bears in the dump.
    for (text, lang) in [
        (
            "Des insurgés ont tué 40 soldats tchadiens lundi à Zorbo, province du Kalem.",
            Lang::Fr,
        ),
        (
            "Insurgents killed 40 Chadian soldiers on Monday at Zorbo, Kalem province.",
            Lang::En,
        ),
    ] {
        let r = run_in(world(), text, lang);
        let main = main_place(&r.ann, &r.values).and_then(|i| r.values[i].as_ref());
        let main = main.unwrap_or_else(|| panic!("a main place in {text}: {:?}", r.got()));
        assert_eq!(
            (main.country_code.as_str(), main.geo_precision),
            ("TD", 3),
            "{text}"
        );
    }
    // A far namesake of the village gives way to the province.
    let text = "Insurgents killed 40 Chadian soldiers on Monday in an assault on Tomba, \
                Kalem province, near the borders of Cameroon and Nigeria.";
    let r = run_in(world(), text, Lang::En);
    let v = r
        .value_of("Tomba")
        .expect("the province in place of the village");
    assert_eq!(
        (v.country_code.as_str(), v.geo_precision),
        ("TD", 3),
        "{:?}",
        r.got()
    );
}

#[test]
fn a_headline_set_in_a_country_rules_out_far_namesakes() {
    let body = "Plus de 90 soldats ont trouvé la mort lundi à Tomba dans des combats.";
    let r = run_titled(world(), Some("Tchad : 90 soldats tués"), body, Lang::Fr);
    assert_eq!(r.value_of("Tomba"), None, "{:?}", r.got());
    let r = run_titled(world(), None, body, Lang::Fr);
    assert_eq!(r.value_of("Tomba").map(|v| v.geonameid), Some(950012));
    let body = "More than 90 soldiers died on Monday in fighting at Tomba.";
    let r = run_titled(world(), Some("Chad: 90 soldiers killed"), body, Lang::En);
    assert_eq!(r.value_of("Tomba"), None, "{:?}", r.got());
}

/// Two towns of like size sharing a spelling, and two regions that no
/// entry of the dump names (ids above 900000 and all names invented).
fn namesakes_and_bare_regions() -> Arc<Gazetteer> {
    let mut dump = String::new();
    for l in [
        line((
            900501, "Korandi", "", 11.1, 2.9, "P", "PPLA", "BJ", "01", "", 109000,
        )),
        line((
            900502, "Korandy", "Korandi", 7.3, 80.6, "P", "PPLA", "LK", "02", "", 111000,
        )),
        line((
            900503, "Mwenzi", "", 0.5, 37.3, "P", "PPL", "KE", "98", "", 5000,
        )),
        line((
            900504, "Sosimbo", "", 0.3, 36.7, "P", "PPL", "KE", "99", "", 800,
        )),
    ] {
        dump.push_str(&l);
    }
    let admin1 = "KE.98\tKirimbaga\tKirimbaga\t900510\nKE.99\tLaikapo\tLaikapo\t900511\n";
    let mut g = Gazetteer::default();
    g.add_dump(dump.as_bytes(), "test.txt").expect("test dump");
    g.add_dump(admin1.as_bytes(), "admin1CodesASCII.txt")
        .expect("admin1");
    Arc::new(g)
}

#[test]
fn a_town_bearing_the_name_beats_one_with_it_as_an_alternate() {
    let g = namesakes_and_bare_regions();
    for (text, lang) in [
        ("Rioters looted a shop in Korandi on Monday.", Lang::En),
        ("Des émeutiers ont pillé une boutique à Korandi.", Lang::Fr),
    ] {
        let r = run_in(g.clone(), text, lang);
        assert_eq!(r.id_of("Korandi"), Some(900501), "{text}: {:?}", r.got());
    }
    // Its own name still wins for the other town.
    let r = run_in(g, "Protests in Korandy.", Lang::En);
    assert_eq!(r.id_of("Korandy"), Some(900502), "{:?}", r.got());
}

#[test]
fn a_region_alone_is_a_place_and_its_capitalised_word_is_not_its_name() {
    let g = namesakes_and_bare_regions();
    for (text, lang, name) in [
        (
            "Residents of Laikapo protested against road neglect.",
            Lang::En,
            "Laikapo",
        ),
        (
            "Des habitants de Laikapo ont manifesté.",
            Lang::Fr,
            "Laikapo",
        ),
        (
            "Rioters blocked roads in Kirimbaga County.",
            Lang::En,
            "Kirimbaga County",
        ),
    ] {
        let r = run_in(g.clone(), text, lang);
        let found = r.got();
        let hit = found
            .iter()
            .find(|(t, _, _)| t.contains(name.split(' ').next().unwrap_or(name)));
        let Some((_, Some(_), Some(precision))) = hit else {
            panic!("{text}: {found:?}");
        };
        assert_eq!(*precision, 3, "{text}: {found:?}");
        let place = r.values.iter().flatten().find(|v| v.country_code == "KE");
        assert!(place.is_some(), "{text}: no Kenyan place in {found:?}");
    }
    // A county no entry names is still read as one, its capitalised
    // "County" not taken for part of its name.
    let r = run_in(
        g.clone(),
        "Rioters blocked roads in Zumbaro County.",
        Lang::En,
    );
    assert!(
        r.got().iter().any(|(t, _, _)| *t == "Zumbaro County"),
        "{:?}",
        r.got()
    );
    // A hint of a town: read as the area the town lies in.
    let r = run_in(g, "Youths clashed in Mwenzi, Kirimbaga County.", Lang::En);
    let found = r.got();
    assert_eq!(r.id_of("Mwenzi"), Some(900503), "{found:?}");
    assert!(
        found.iter().any(|(t, _, _)| *t == "Kirimbaga County"),
        "{found:?}"
    );
}

fn taught(v: Option<&PlaceValue>) -> bool {
    v.and_then(|v| v.feature.as_deref()) == Some("P.TAUGHT")
}

const DORI: (f64, f64) = (14.0354, -0.0345);

#[test]
fn an_unlisted_village_given_from_a_town_lands_at_the_offset() {
    for (text, lang, name, km, bearing) in [
        (
            "Des hommes armés ont attaqué le village de Kountouga, à 30 km au nord de Dori.",
            Lang::Fr,
            "Kountouga",
            30.0,
            0.0,
        ),
        (
            "Gunmen raided Bangataka, a small village 45 kilometres west of Dori, on Sunday.",
            Lang::En,
            "Bangataka",
            45.0,
            270.0,
        ),
        (
            "Trois civils ont été tués à Wendou-Peul, un village situé à 12 km au sud-est de Dori.",
            Lang::Fr,
            "Wendou-Peul",
            12.0,
            135.0,
        ),
    ] {
        let r = run(text, lang);
        let v = r
            .value_of(name)
            .unwrap_or_else(|| panic!("{name} unplaced in {text:?}"));
        assert!(taught(Some(v)), "{text}: {v:?}");
        assert_eq!((v.name.as_str(), v.geo_precision), (name, 2), "{text}");
        let (lat, lon) = sitrep_core::geo::offset(DORI.0, DORI.1, km, bearing);
        assert!(
            haversine_km(v.latitude, v.longitude, lat, lon) < 0.5,
            "{text}: {v:?}"
        );
        assert!(v.geonameid >= sitrep_gazetteer::learned::LEARNED_ID_BASE);
    }
}

#[test]
fn an_unlisted_village_near_a_town_or_in_an_area_takes_its_point() {
    let r = run(
        "Kountouga, une localité située près de Dori, a été attaquée.",
        Lang::Fr,
    );
    let v = r.value_of("Kountouga").expect("Kountouga placed");
    assert!(taught(Some(v)));
    assert_eq!(
        (v.latitude, v.longitude, v.geo_precision),
        (DORI.0, DORI.1, 2)
    );
    let r = run(
        "Gunmen attacked the village of Tangaye (Toeni, Sourou).",
        Lang::En,
    );
    let v = r.value_of("Tangaye").expect("Tangaye placed");
    assert!(taught(Some(v)));
    assert_eq!((v.latitude, v.longitude, v.geo_precision), (13.4, -3.0, 2));
    assert_eq!(main_place(&r.ann, &r.values), Some(0));
    // A town after the village's comma is its area too.
    let r = run(
        "A mob beat two health workers in Kalsaka village, Dori, on Friday.",
        Lang::En,
    );
    let v = r.value_of("Kalsaka").expect("Kalsaka placed");
    assert!(taught(Some(v)), "{:?}", r.got());
    assert_eq!((v.latitude, v.longitude), DORI);
}

#[test]
fn unlisted_villages_need_a_village_cue_and_a_real_name() {
    // Listed: GeoNames' entry, not a lesson.
    let r = run("Gunmen attacked the village of Boni near Dori.", Lang::En);
    assert!(!taught(r.value_of("Boni")));
    assert!(r.ann.places.iter().all(|m| !m.unlisted));
    // No cue, an acronym, a people, a country: no village.
    for (text, lang) in [
        ("Kountouga was quiet near Dori.", Lang::En),
        ("The Fulani community near Dori mourned.", Lang::En),
        ("The village of ADF fighters near Dori burned.", Lang::En),
        ("Les villages du Burkina Faso près de Dori.", Lang::Fr),
        // A sentence adverb or a day before ", a village" is no name.
        ("Yesterday, a village near Dori was attacked.", Lang::En),
        ("Meanwhile, a village near Dori was attacked.", Lang::En),
        ("On Monday, a village near Dori was attacked.", Lang::En),
        ("Hier, un village près de Dori a été attaqué.", Lang::Fr),
        (
            "Cependant, un village près de Dori a été attaqué.",
            Lang::Fr,
        ),
    ] {
        let r = run(text, lang);
        assert!(
            r.ann.places.iter().all(|m| !m.unlisted),
            "{text}: {:?}",
            r.ann.places
        );
    }
    // A plural cue lists them all.
    let r = run(
        "Les villages de Kountouga, Bangataka et Wendou ont été attaqués près de Dori.",
        Lang::Fr,
    );
    let names: Vec<&str> = r
        .ann
        .places
        .iter()
        .filter(|m| m.unlisted)
        .map(|m| m.name.text(&r.text))
        .collect();
    assert_eq!(names, ["Kountouga", "Bangataka", "Wendou"]);
    let r = run(
        "The villages of Kountouga and Bangataka were attacked.",
        Lang::En,
    );
    assert_eq!(r.ann.places.iter().filter(|m| m.unlisted).count(), 2);
}

fn learned(entries: &[(&str, &str, f64, f64)]) -> Arc<Gazetteer> {
    let mut places = sitrep_gazetteer::LearnedPlaces::default();
    for (name, cc, lat, lon) in entries {
        places.teach(sitrep_gazetteer::LearnedPlace {
            id: 0,
            name: name.to_string(),
            country_code: cc.to_string(),
            admin1: Some("Sahel".into()),
            admin2: None,
            latitude: *lat,
            longitude: *lon,
            precision: 2,
            reports: 1,
            spread_km: 0.0,
            evidence: format!("{name}, a village near Dori"),
            document: "teacher".into(),
        });
    }
    let mut g = base_gazetteer();
    g.set_learned(places);
    Arc::new(g)
}

#[test]
fn a_learned_village_is_found_after_a_locative_alone() {
    let g = learned(&[("Kountouga", "BF", 14.3, -0.03)]);
    for (text, lang) in [
        ("Attack in Kountouga on Monday: four dead.", Lang::En),
        (
            "De nouveaux tirs ont été entendus lundi à Kountouga.",
            Lang::Fr,
        ),
    ] {
        let r = run_in(g.clone(), text, lang);
        let v = r
            .value_of("Kountouga")
            .unwrap_or_else(|| panic!("{text}: {:?}", r.got()));
        assert_eq!(v.feature.as_deref(), Some("P.LEARNED"), "{text}");
        assert_eq!((v.latitude, v.geo_precision), (14.3, 2));
        assert_eq!(v.admin1.as_deref(), Some("Sahel"));
    }
    // With no cue it is no place: a lesson gone wrong must not turn a word
    // into a place everywhere.
    let r = run_in(
        g.clone(),
        "Officials met Kountouga leaders on Monday.",
        Lang::En,
    );
    assert!(r.value_of("Kountouga").is_none(), "{:?}", r.got());
    // A text placing it where it was learned keeps the learned point; one
    // placing a namesake far away teaches that one.
    let r = run_in(
        g.clone(),
        "Kountouga, a village near Dori, was attacked.",
        Lang::En,
    );
    assert_eq!(
        r.value_of("Kountouga").and_then(|v| v.feature.as_deref()),
        Some("P.LEARNED")
    );
    let r = run_in(
        g,
        "Gunmen attacked the village of Kountouga (Toeni, Sourou).",
        Lang::En,
    );
    let v = r.value_of("Kountouga").expect("placed");
    assert!(taught(Some(v)), "{v:?}");
    assert_eq!(v.latitude, 13.4);
}

#[test]
fn a_learned_place_never_beats_geonames() {
    // A lesson named like a GeoNames town is never offered for it.
    let g = learned(&[("Dori", "BF", 10.0, 1.0)]);
    let r = run_in(g, "Des tirs à Dori.", Lang::Fr);
    assert_eq!(r.id_of("Dori"), Some(900012));
}

/// Regions and towns of several countries, with their admin1 names.
fn regions() -> Arc<Gazetteer> {
    gazetteer_of(
        &[
        (
            960001, "Idlib", "Idleb", 35.93, 36.63, "P", "PPLA", "SY", "07", "", 160000,
        ),
        (
            960002, "Basira", "", 13.4, 6.6, "P", "PPL", "NG", "30", "", 5000,
        ),
        (
            960003,
            "Porto-Novo",
            "Porto Novo",
            6.49,
            2.6,
            "P",
            "PPLC",
            "BJ",
            "16",
            "",
            234000,
        ),
        (
            960004,
            "Porto Novo",
            "",
            17.02,
            -25.06,
            "P",
            "PPLA",
            "CV",
            "14",
            "",
            9000,
        ),
    ],
        "SY.07\tIdlib\tIdlib\t169388\nCV.14\tPorto Novo\tPorto Novo\t3374333\nBJ.16\tOueme\tOueme\t2392326\nNG.30\tOyo\tOyo\t2325190\n",
    )
}

#[test]
fn a_region_only_one_country_has_names_that_country() {
    // Idlib names Syria: the Nigerian Basira is a namesake of a town the
    // gazetteer lacks, not the place.
    for (text, lang) in [
        ("Gunmen raided houses in Basira town, in Idlib.", Lang::En),
        (
            "Des hommes armés ont pillé des maisons à Basira, dans la province d'Idlib.",
            Lang::Fr,
        ),
    ] {
        let r = run_in(regions(), text, lang);
        assert!(
            r.value_of("Basira").is_none_or(|v| v.geonameid != 960002),
            "{text}: {:?}",
            r.got()
        );
        let i = main_place(&r.ann, &r.values).expect("a main place");
        assert_eq!(
            r.values[i].as_ref().map(|v| v.country_code.as_str()),
            Some("SY")
        );
    }
    // A region named like a better-known town elsewhere names nothing:
    // Porto-Novo is Benin's capital before a Cape Verdean county.
    for (text, lang) in [
        ("Market women protested in Porto-Novo.", Lang::En),
        ("Des commerçantes ont manifesté à Porto Novo.", Lang::Fr),
    ] {
        let r = run_in(regions(), text, lang);
        let i = main_place(&r.ann, &r.values).expect("a main place");
        assert_eq!(
            r.values[i].as_ref().map(|v| v.geonameid),
            Some(960003),
            "{text}"
        );
    }
}

#[test]
fn a_group_of_one_country_points_at_it() {
    let g = gazetteer_of(
        &[
            (
                961001, "Al Bayda", "", 32.76, 21.75, "P", "PPLA", "LY", "03", "", 250000,
            ),
            (
                961002, "Al Bayda", "", 13.98, 45.57, "P", "PPLA", "YE", "14", "", 37000,
            ),
        ],
        "",
    );
    // Without a cue the bigger town wins; the Houthis act in Yemen only.
    let r = run_in(g.clone(), "Shelling was reported in Al Bayda.", Lang::En);
    assert_eq!(r.id_of("Al Bayda"), Some(961001));
    for (text, lang) in [
        (
            "Houthi forces shelled houses in Al Bayda on Monday.",
            Lang::En,
        ),
        (
            "Des combattants houthis ont bombardé des maisons à Al Bayda.",
            Lang::Fr,
        ),
    ] {
        let r = run_in(g.clone(), text, lang);
        assert_eq!(r.id_of("Al Bayda"), Some(961002), "{text}: {:?}", r.got());
    }
}

/// A village of Burkina Faso, a bigger namesake in Poland, Burkina's
/// neighbours as countries and the province the village lies in.
fn namesakes_far_apart() -> Arc<Gazetteer> {
    let g = gazetteer_of(
        &[
            (
                962001, "Piéla", "Piela", 12.71, -0.13, "P", "PPL", "BF", "78", "", 900,
            ),
            (
                962002,
                "Piła",
                "Piela,Pila",
                53.15,
                16.74,
                "P",
                "PPLA2",
                "PL",
                "86",
                "",
                74000,
            ),
            (
                962003,
                "Gnagna Province",
                "Gnagna",
                12.92,
                0.04,
                "A",
                "ADM2",
                "BF",
                "78",
                "",
                0,
            ),
            (
                2440476, "Niger", "", 18.0, 9.0, "A", "PCLI", "NE", "00", "", 0,
            ),
            (
                2395170, "Benin", "Bénin", 9.5, 2.25, "A", "PCLI", "BJ", "00", "", 0,
            ),
        ],
        "BF.78\tEst\tEst\t6930707\nPL.86\tGreater Poland\tGreater Poland\t3337498\n",
    );
    let mut g = Arc::try_unwrap(g).unwrap_or_else(|_| unreachable!("a fresh gazetteer"));
    let info = "NE\tNER\t562\tNG\tNiger\tNiamey\t1267000\t15878271\tAF\t.ne\tXOF\tFranc\t227\t\t\tfr-NE\t2440476\tBJ\t\n\
                BJ\tBEN\t204\tBN\tBenin\tPorto-Novo\t112620\t9056010\tAF\t.bj\tXOF\tFranc\t229\t\t\tfr-BJ\t2395170\tNE\t\n";
    g.add_dump(info.as_bytes(), "countryInfo.txt")
        .expect("country info");
    Arc::new(g)
}

#[test]
fn a_namesake_near_the_named_countries_beats_a_bigger_one_far_away() {
    for (text, lang) in [
        (
            "Un car a heurté un engin explosif jeudi près de Piéla. La région est frontalière \
             du Niger et du Bénin.",
            Lang::Fr,
        ),
        (
            "A bus hit a roadside bomb near Piela on Thursday. The region borders Niger and \
             Benin.",
            Lang::En,
        ),
    ] {
        let r = run_in(namesakes_far_apart(), text, lang);
        let i = main_place(&r.ann, &r.values).expect("a main place");
        assert_eq!(
            r.values[i].as_ref().map(|v| v.geonameid),
            Some(962001),
            "{text}: {:?}",
            r.got()
        );
    }
    // With no country named, the bigger town still wins.
    let r = run_in(
        namesakes_far_apart(),
        "Un car a heurté un engin explosif jeudi près de Piéla.",
        Lang::Fr,
    );
    assert_eq!(r.id_of("près de Piéla"), Some(962002), "{:?}", r.got());
}

#[test]
fn a_province_named_with_its_article_is_a_hint() {
    // "la province de la Gnagna": the article belongs to the phrase.
    let r = run_in(
        namesakes_far_apart(),
        "Un car a heurté un engin explosif jeudi à 17 km au nord de Piéla, dans la province \
         de la Gnagna.",
        Lang::Fr,
    );
    assert_eq!(
        r.id_of("à 17 km au nord de Piéla"),
        Some(962001),
        "{:?}",
        r.got()
    );
    assert_eq!(
        r.id_of("province de la Gnagna"),
        Some(962003),
        "{:?}",
        r.got()
    );
}
