use super::*;
use crate::text::{sentences, tokenize};
use Outcome::*;
use Qualifier::*;

/// (text, value, high, qualifier, category, outcome, text of the count it is part of)
type Q = (
    String,
    Option<u32>,
    Option<u32>,
    Qualifier,
    String,
    Option<Outcome>,
    Option<String>,
);

fn find(lang: Lang, text: &str) -> Vec<Q> {
    let src = LexiconSource::embedded();
    let seg = Segmentation::load(&src).expect("built-in segmentation data");
    let rec = QuantityRecognizer::new(lang, &src).expect("built-in quantities data");
    let tokens = tokenize(text, &seg);
    let sents = sentences(text, &tokens, &seg);
    let ms = rec.find(text, &tokens, &sents);
    ms.iter()
        .map(|m| {
            let MentionValue::Quantity(q) = &m.value else {
                panic!("not a quantity: {m:?}");
            };
            assert_eq!(m.span().text(text), m.text, "mention text is its span");
            let parent = q.part_of.map(|p| {
                ms.iter()
                    .find(|o| o.start == p)
                    .map(|o| o.text.clone())
                    .unwrap_or_else(|| format!("<no mention at {p}>"))
            });
            (
                m.text.clone(),
                q.value,
                q.high,
                q.qualifier,
                q.category.clone(),
                q.outcome,
                parent,
            )
        })
        .collect()
}

fn one(lang: Lang, text: &str) -> Q {
    let qs = find(lang, text);
    assert_eq!(qs.len(), 1, "one quantity in {text:?}, found {qs:?}");
    qs.into_iter().next().expect("checked above")
}

fn q(
    text: &str,
    value: Option<u32>,
    qualifier: Qualifier,
    category: &str,
    outcome: Option<Outcome>,
) -> Q {
    (
        text.to_string(),
        value,
        None,
        qualifier,
        category.to_string(),
        outcome,
        None,
    )
}

#[test]
fn french_digits_with_outcome_glued_after() {
    assert_eq!(
        one(Lang::Fr, "Le bilan fait état de 12 soldats tués."),
        q("12 soldats tués", Some(12), Exact, "soldiers", Some(Killed))
    );
    assert_eq!(
        one(Lang::Fr, "Au total, 1 500 personnes ont été déplacées."),
        q("1 500 personnes", Some(1500), Exact, "unknown", None)
    );
}

#[test]
fn french_outcome_before_the_figure() {
    assert_eq!(
        one(
            Lang::Fr,
            "Les assaillants ont tué 5 gendarmes près du poste."
        ),
        q("5 gendarmes", Some(5), Exact, "soldiers", Some(Killed))
    );
    assert_eq!(
        one(Lang::Fr, "L'explosion a blessé trois civils au marché."),
        q("trois civils", Some(3), Exact, "civilians", Some(Injured))
    );
    assert_eq!(
        one(Lang::Fr, "Il a annoncé la mort de 4 militaires."),
        q("4 militaires", Some(4), Exact, "soldiers", Some(Killed))
    );
}

#[test]
fn french_outcome_as_the_verb_of_the_sentence() {
    assert_eq!(
        one(
            Lang::Fr,
            "Sept personnes ont perdu la vie dans l'embuscade."
        ),
        q("Sept personnes", Some(7), Exact, "unknown", Some(Killed))
    );
    assert_eq!(
        one(Lang::Fr, "Deux enseignants ont été enlevés samedi soir."),
        q(
            "Deux enseignants",
            Some(2),
            Exact,
            "civilians",
            Some(Abducted)
        )
    );
    let qs = find(
        Lang::Fr,
        "Onze suspects, dont 9 jihadistes, ont été interpellés.",
    );
    assert_eq!(
        qs,
        [
            q("Onze suspects", Some(11), Exact, "unknown", Some(Arrested)),
            (
                "9 jihadistes".to_string(),
                Some(9),
                None,
                Exact,
                "combatants".to_string(),
                Some(Arrested),
                Some("Onze suspects".to_string())
            ),
        ]
    );
}

#[test]
fn french_number_words() {
    let cases = [
        ("vingt et un civils ont été tués", 21),
        ("vingt-et-un civils ont été tués", 21),
        ("quatre-vingt-dix civils ont été tués", 90),
        ("quatre-vingts civils ont été tués", 80),
        ("soixante-dix-huit civils ont été tués", 78),
        ("soixante et onze civils ont été tués", 71),
        ("deux cents civils ont été tués", 200),
        ("deux mille cinq cents civils ont été tués", 2500),
        ("dix-sept civils ont été tués", 17),
        ("trois civils ont été tués", 3),
    ];
    for (text, v) in cases {
        let got = one(Lang::Fr, text);
        assert_eq!(got.1, Some(v), "{text}");
        assert_eq!(got.5, Some(Killed), "{text}");
        assert_eq!(got.4, "civilians", "{text}");
    }
}

#[test]
fn un_and_une_in_a_sentence() {
    let qs = find(
        Lang::Fr,
        "Un soldat tué et une femme blessée lors d'une attaque.",
    );
    assert_eq!(
        qs,
        [
            q("Un soldat tué", Some(1), Exact, "soldiers", Some(Killed)),
            q("une femme blessée", Some(1), Exact, "women", Some(Injured)),
        ]
    );
    assert!(find(Lang::Fr, "Une attaque a visé un poste militaire.").is_empty());
}

#[test]
fn french_approximations_and_vague_words() {
    let cases = [
        ("une dizaine de civils tués", Some(10), About, "civilians"),
        ("une quinzaine de soldats tués", Some(15), About, "soldiers"),
        (
            "une cinquantaine d'individus armés neutralisés",
            Some(50),
            About,
            "combatants",
        ),
        (
            "une trentaine de villageois tués",
            Some(30),
            About,
            "civilians",
        ),
        (
            "une centaine de personnes tuées",
            Some(100),
            About,
            "unknown",
        ),
        ("des dizaines de civils tués", Some(10), Vague, "civilians"),
        (
            "des centaines de civils tués",
            Some(100),
            Vague,
            "civilians",
        ),
        ("plusieurs soldats tués", None, Vague, "soldiers"),
        ("de nombreux civils tués", None, Vague, "civilians"),
    ];
    for (text, v, qual, cat) in cases {
        let got = one(Lang::Fr, text);
        assert_eq!(got.0, text, "span of {text}");
        assert_eq!((got.1, got.3, got.4.as_str()), (v, qual, cat), "{text}");
        assert_eq!(got.5, Some(Killed), "{text}");
    }
}

#[test]
fn french_qualifiers_are_inside_the_span() {
    let cases = [
        (
            "au moins 12 civils ont été tués",
            "au moins 12 civils",
            Some(12),
            AtLeast,
        ),
        (
            "plus de 30 soldats ont été tués",
            "plus de 30 soldats",
            Some(30),
            AtLeast,
        ),
        (
            "près de 40 civils ont été tués",
            "près de 40 civils",
            Some(40),
            AtMost,
        ),
        (
            "jusqu'à 50 civils ont été tués",
            "jusqu'à 50 civils",
            Some(50),
            AtMost,
        ),
        (
            "environ 60 civils ont été tués",
            "environ 60 civils",
            Some(60),
            About,
        ),
        (
            "au moins une vingtaine de morts civils",
            "au moins une vingtaine de morts civils",
            Some(20),
            AtLeast,
        ),
    ];
    for (text, span, v, qual) in cases {
        let got = one(Lang::Fr, text);
        assert_eq!((got.0.as_str(), got.1, got.3), (span, v, qual), "{text}");
        assert_eq!(got.5, Some(Killed), "{text}");
    }
    let got = one(Lang::Fr, "au moins une vingtaine de morts civils");
    assert_eq!(got.4, "civilians");
}

#[test]
fn french_ranges() {
    let got = one(Lang::Fr, "Entre 10 et 15 civils ont été tués.");
    assert_eq!(
        got,
        (
            "Entre 10 et 15 civils".to_string(),
            Some(10),
            Some(15),
            Range,
            "civilians".to_string(),
            Some(Killed),
            None
        )
    );
    let got = one(Lang::Fr, "L'attaque a fait 10 à 15 morts.");
    assert_eq!(
        (got.1, got.2, got.3, got.5),
        (Some(10), Some(15), Range, Some(Killed))
    );
    assert_eq!(got.0, "10 à 15 morts");
}

#[test]
fn french_sub_counts_point_to_their_total() {
    let qs = find(
        Lang::Fr,
        "Le bilan est de 21 civils tués, dont 11 enfants, et des dizaines de blessés.",
    );
    assert_eq!(qs.len(), 3, "{qs:?}");
    assert_eq!(
        qs[0],
        q("21 civils tués", Some(21), Exact, "civilians", Some(Killed))
    );
    assert_eq!(
        qs[1],
        (
            "11 enfants".to_string(),
            Some(11),
            None,
            Exact,
            "children".to_string(),
            Some(Killed),
            Some("21 civils tués".to_string())
        )
    );
    assert_eq!(
        qs[2],
        q(
            "des dizaines de blessés",
            Some(10),
            Vague,
            "unknown",
            Some(Injured)
        )
    );
}

#[test]
fn sub_count_without_a_figure_and_sibling_sub_counts() {
    let qs = find(
        Lang::Fr,
        "L'attaque a fait au moins 30 morts civils, dont des enfants.",
    );
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert_eq!(
        (
            qs[1].0.as_str(),
            qs[1].1,
            qs[1].3,
            qs[1].4.as_str(),
            qs[1].5
        ),
        ("des enfants", None, Vague, "children", Some(Killed))
    );
    assert_eq!(qs[1].6.as_deref(), Some("au moins 30 morts civils"));

    let qs = find(
        Lang::Fr,
        "40 personnes ont été tuées, parmi lesquelles 12 femmes et 9 enfants.",
    );
    assert_eq!(qs.len(), 3, "{qs:?}");
    assert_eq!(qs[1].6.as_deref(), Some("40 personnes"));
    assert_eq!(qs[2].6.as_deref(), Some("40 personnes"));
    assert_eq!(qs[2].4, "children");
    assert_eq!(qs[2].5, Some(Killed));
}

#[test]
fn coordinated_counts_share_their_verb() {
    let qs = find(Lang::Fr, "Cinq soldats et trois civils ont été tués.");
    assert_eq!(
        qs,
        [
            q("Cinq soldats", Some(5), Exact, "soldiers", Some(Killed)),
            q("trois civils", Some(3), Exact, "civilians", Some(Killed)),
        ]
    );
    let qs = find(Lang::Fr, "Ils ont tué 4 soldats et blessé 3 autres.");
    assert_eq!(
        qs,
        [
            q("4 soldats", Some(4), Exact, "soldiers", Some(Killed)),
            q("3 autres", Some(3), Exact, "soldiers", Some(Injured)),
        ]
    );
}

#[test]
fn french_numbers_that_count_no_one_are_skipped() {
    for text in [
        "Le 1er août 2024, à 10h, à 60 km de Gao.",
        "L'attaque a eu lieu le 25 juillet à 14 h.",
        "Ils ont incendié 20 motos et 2 véhicules.",
        "Une maison vieille de 12 ans.",
        "Le taux atteint 30,4 % selon l'étude.",
        "Une rançon de 5 millions de francs CFA.",
        "Les 3 autres véhicules ont brûlé.",
        "En 2022, la junte a rompu l'alliance.",
    ] {
        let qs = find(Lang::Fr, text);
        assert!(qs.is_empty(), "{text}: {qs:?}");
    }
}

#[test]
fn bare_figure_after_an_outcome_verb() {
    let got = one(Lang::Fr, "Les jihadistes ont tué 12, dimanche, à Gao.");
    assert_eq!(got, q("12", Some(12), Exact, "unknown", Some(Killed)));
    let got = one(Lang::En, "The blast killed 7 on Sunday.");
    assert_eq!(got, q("7", Some(7), Exact, "unknown", Some(Killed)));
    assert!(find(Lang::En, "The blast killed in 2021 many hopes.").is_empty());
}

#[test]
fn quoted_figure_after_its_verb() {
    let got = one(
        Lang::Fr,
        "Le ministère assure avoir tué \"une quarantaine d'individus armés\" mardi.",
    );
    assert_eq!(
        got,
        q(
            "une quarantaine d'individus armés",
            Some(40),
            About,
            "combatants",
            Some(Killed)
        )
    );
}

#[test]
fn english_digits_words_and_outcome_positions() {
    assert_eq!(
        one(Lang::En, "Gunmen killed 5 soldiers near the border."),
        q("5 soldiers", Some(5), Exact, "soldiers", Some(Killed))
    );
    assert_eq!(
        one(Lang::En, "Twenty-one civilians were killed in the raid."),
        q(
            "Twenty-one civilians",
            Some(21),
            Exact,
            "civilians",
            Some(Killed)
        )
    );
    assert_eq!(
        one(Lang::En, "Two gunmen were arrested."),
        q("Two gunmen", Some(2), Exact, "combatants", Some(Arrested))
    );
    assert_eq!(
        one(Lang::En, "A soldier was wounded."),
        q("A soldier", Some(1), Exact, "soldiers", Some(Injured))
    );
    assert_eq!(
        one(Lang::En, "A hundred villagers fled; none were hurt."),
        q("A hundred villagers", Some(100), Exact, "civilians", None)
    );
    assert_eq!(
        one(
            Lang::En,
            "The army confirmed the deaths of three hundred and five militants."
        ),
        q(
            "three hundred and five militants",
            Some(305),
            Exact,
            "combatants",
            Some(Killed)
        )
    );
    assert_eq!(
        one(Lang::En, "12 Malian soldiers lost their lives."),
        q(
            "12 Malian soldiers",
            Some(12),
            Exact,
            "soldiers",
            Some(Killed)
        )
    );
    assert_eq!(
        one(Lang::En, "The attack left 9 dead."),
        q("9 dead", Some(9), Exact, "unknown", Some(Killed))
    );
}

#[test]
fn english_approximations_qualifiers_and_ranges() {
    let cases = [
        (
            "at least 12 civilians were killed",
            Some(12),
            AtLeast,
            "at least 12 civilians",
        ),
        (
            "more than 30 people were killed",
            Some(30),
            AtLeast,
            "more than 30 people",
        ),
        (
            "over 40 people were killed",
            Some(40),
            AtLeast,
            "over 40 people",
        ),
        (
            "nearly 50 people were killed",
            Some(50),
            AtMost,
            "nearly 50 people",
        ),
        (
            "up to 60 people were killed",
            Some(60),
            AtMost,
            "up to 60 people",
        ),
        (
            "about 70 people were killed",
            Some(70),
            About,
            "about 70 people",
        ),
        (
            "some 80 people were killed",
            Some(80),
            About,
            "some 80 people",
        ),
        (
            "a dozen soldiers were killed",
            Some(12),
            About,
            "a dozen soldiers",
        ),
        (
            "dozens of civilians were killed",
            Some(12),
            Vague,
            "dozens of civilians",
        ),
        (
            "scores of villagers were killed",
            Some(20),
            Vague,
            "scores of villagers",
        ),
        (
            "hundreds of people were killed",
            Some(100),
            Vague,
            "hundreds of people",
        ),
        (
            "several soldiers were killed",
            None,
            Vague,
            "several soldiers",
        ),
        ("many civilians were killed", None, Vague, "many civilians"),
    ];
    for (text, v, qual, span) in cases {
        let got = one(Lang::En, text);
        assert_eq!((got.0.as_str(), got.1, got.3), (span, v, qual), "{text}");
        assert_eq!(got.5, Some(Killed), "{text}");
    }
    let got = one(Lang::En, "between 10 and 15 insurgents were killed");
    assert_eq!(
        (got.0.as_str(), got.1, got.2, got.3, got.4.as_str()),
        (
            "between 10 and 15 insurgents",
            Some(10),
            Some(15),
            Range,
            "combatants"
        )
    );
    let got = one(Lang::En, "10 to 15 insurgents were killed");
    assert_eq!((got.1, got.2, got.3), (Some(10), Some(15), Range));
}

#[test]
fn english_sub_counts() {
    let qs = find(
        Lang::En,
        "At least 30 people were killed, including 11 children and 4 women.",
    );
    assert_eq!(qs.len(), 3, "{qs:?}");
    assert_eq!(qs[0].0, "At least 30 people");
    assert_eq!(qs[0].5, Some(Killed));
    for k in [1, 2] {
        assert_eq!(qs[k].6.as_deref(), Some("At least 30 people"));
        assert_eq!(qs[k].5, Some(Killed));
    }
    assert_eq!((qs[1].4.as_str(), qs[2].4.as_str()), ("children", "women"));
    let qs = find(Lang::En, "Ten soldiers died, among them two officers.");
    assert_eq!(qs.len(), 2, "{qs:?}");
    assert_eq!(qs[1].6.as_deref(), Some("Ten soldiers died"));
    assert_eq!((qs[1].1, qs[1].5), (Some(2), Some(Killed)));
}

#[test]
fn english_outcome_of_the_next_figure_is_not_taken() {
    let qs = find(
        Lang::En,
        "12 soldiers were deployed after gunmen killed 3 civilians.",
    );
    assert_eq!(
        qs,
        [
            q("12 soldiers", Some(12), Exact, "soldiers", None),
            q("3 civilians", Some(3), Exact, "civilians", Some(Killed)),
        ]
    );
    let qs = find(Lang::En, "Gunmen killed 5 soldiers and wounded 3 others.");
    assert_eq!(
        qs[1],
        q("3 others", Some(3), Exact, "soldiers", Some(Injured))
    );
}

#[test]
fn english_numbers_that_count_no_one_are_skipped() {
    for text in [
        "On 12 August 2024 at 10 am, 60 km from Gao.",
        "They torched 20 motorcycles and 2 vehicles.",
        "A 12-year-old boy, aged 12 years.",
        "The rate rose 30.4 percent.",
        "A ransom of 5 million dollars.",
        "The attack happened in 2021.",
    ] {
        let qs = find(Lang::En, text);
        assert!(qs.is_empty(), "{text}: {qs:?}");
    }
}

#[test]
fn clause_break_stops_the_outcome_search() {
    let qs = find(Lang::Fr, "12 soldats sont arrivés ; 3 civils ont été tués.");
    assert_eq!(
        qs,
        [
            q("12 soldats", Some(12), Exact, "soldiers", None),
            q("3 civils", Some(3), Exact, "civilians", Some(Killed)),
        ]
    );
}

#[test]
fn number_word_arithmetic() {
    assert!(extends(20, 2, false));
    assert!(!extends(2, 3, false));
    assert!(extends(4, 20, true));
    assert!(extends(60, 10, false));
    assert!(!extends(20, 30, false));
    assert!(extends(2, 100, false));
}

#[test]
fn bare_figure_as_the_subject_of_an_outcome() {
    assert_eq!(
        one(Lang::En, "Two were killed, one from each side."),
        q("Two", Some(2), Exact, "unknown", Some(Killed))
    );
    assert_eq!(
        one(Lang::En, "During the clashes, 9 Burkinabe were killed."),
        q("9 Burkinabe", Some(9), Exact, "unknown", Some(Killed))
    );
    assert_eq!(
        one(Lang::Fr, "Deux ont été tués et les autres ont fui."),
        q("Deux", Some(2), Exact, "unknown", Some(Killed))
    );
    // A date before a verb is no subject.
    assert!(find(Lang::Fr, "L'attaque du 12 a tué des civils.").is_empty());
    assert_eq!(
        find(Lang::En, "On 12 August, two soldiers were killed."),
        [q("two soldiers", Some(2), Exact, "soldiers", Some(Killed))]
    );
}

#[test]
fn figure_of_a_group() {
    let qs = find(
        Lang::En,
        "Militia killed a male civilian and six of his family members.",
    );
    assert_eq!(
        qs,
        [
            q("a male civilian", Some(1), Exact, "civilians", Some(Killed)),
            q(
                "six of his family members",
                Some(6),
                Exact,
                "civilians",
                Some(Killed)
            ),
        ]
    );
    assert_eq!(
        one(Lang::Fr, "Les assaillants ont tué deux de ses enfants."),
        q(
            "deux de ses enfants",
            Some(2),
            Exact,
            "children",
            Some(Killed)
        )
    );
}

#[test]
fn attempted_outcomes_did_not_happen() {
    assert_eq!(
        find(
            Lang::En,
            "Gunmen attempted to kill a farmer near the village."
        ),
        [q("a farmer", Some(1), Exact, "civilians", None)]
    );
    assert_eq!(
        find(Lang::Fr, "Des hommes armés ont tenté de tuer deux bergers."),
        [q("deux bergers", Some(2), Exact, "civilians", None)]
    );
    // The same verb with no attempt is an outcome.
    assert_eq!(
        find(
            Lang::Fr,
            "Une frappe a permis de neutraliser 3 terroristes."
        ),
        [q(
            "3 terroristes",
            Some(3),
            Exact,
            "combatants",
            Some(Killed)
        )]
    );
}

#[test]
fn never_panics_on_any_prefix_of_odd_text() {
    let text = "Entre 10 et — « vingt-et- » 1 500,5 ; dont des , au moins une  12\u{a0}000 morts… \
                between a hundred and ; including 3 ’ killed 7 X. Y. of the";
    for lang in [Lang::Fr, Lang::En] {
        for (i, _) in text.char_indices() {
            let _ = find(lang, &text[..i]);
        }
    }
    assert!(find(Lang::Fr, "").is_empty());
}

#[test]
fn digits_with_a_multiplier_word() {
    assert_eq!(
        one(
            Lang::Fr,
            "Quelque 9 millions de personnes ont été déplacées."
        ),
        q(
            "Quelque 9 millions de personnes",
            Some(9_000_000),
            About,
            "unknown",
            None
        )
    );
    assert_eq!(
        one(Lang::Fr, "1,5 million de personnes ont fui."),
        q(
            "1,5 million de personnes",
            Some(1_500_000),
            Exact,
            "unknown",
            None
        )
    );
    assert_eq!(
        one(Lang::En, "2 thousand people were displaced."),
        q("2 thousand people", Some(2000), Exact, "unknown", None)
    );
}

#[test]
fn common_news_phrasings() {
    assert_eq!(
        find(
            Lang::En,
            "Gunmen stormed the village, killing at least 12 people."
        ),
        [q(
            "at least 12 people",
            Some(12),
            AtLeast,
            "unknown",
            Some(Killed)
        )]
    );
    assert_eq!(
        find(
            Lang::En,
            "At least 12 people were killed and 20 others wounded."
        ),
        [
            q(
                "At least 12 people",
                Some(12),
                AtLeast,
                "unknown",
                Some(Killed)
            ),
            q(
                "20 others wounded",
                Some(20),
                Exact,
                "unknown",
                Some(Injured)
            ),
        ]
    );
    assert_eq!(
        find(Lang::En, "The blast left 3 dead and 10 injured."),
        [
            q("3 dead", Some(3), Exact, "unknown", Some(Killed)),
            q("10 injured", Some(10), Exact, "unknown", Some(Injured)),
        ]
    );
    assert_eq!(
        find(Lang::En, "More than a dozen soldiers were killed."),
        [q(
            "More than a dozen soldiers",
            Some(12),
            AtLeast,
            "soldiers",
            Some(Killed)
        )]
    );
    assert_eq!(
        find(
            Lang::Fr,
            "L'attaque a fait au moins 15 morts et 20 blessés."
        ),
        [
            q(
                "au moins 15 morts",
                Some(15),
                AtLeast,
                "unknown",
                Some(Killed)
            ),
            q("20 blessés", Some(20), Exact, "unknown", Some(Injured)),
        ]
    );
    assert_eq!(
        find(Lang::Fr, "Le bilan s'est alourdi à 15 morts."),
        [q("15 morts", Some(15), Exact, "unknown", Some(Killed))]
    );
}

#[test]
fn one_person_named_by_a_singular_noun_is_one() {
    for (lang, text) in [
        (
            Lang::En,
            "Gunmen shot and killed a merchant on the road to the market.",
        ),
        (
            Lang::En,
            "A priest was assassinated near the church on Sunday.",
        ),
        (Lang::En, "Residents lynched a suspected thief in the town."),
        (
            Lang::En,
            "A journalist was shot dead by two men on a motorbike.",
        ),
        (
            Lang::Fr,
            "Un journaliste a été abattu par deux hommes à moto.",
        ),
        (
            Lang::Fr,
            "Des hommes armés ont tué un commerçant sur la route.",
        ),
        (Lang::Fr, "Un prêtre a été assassiné près de l'église."),
        (Lang::Fr, "Un voleur présumé a été lynché par la foule."),
    ] {
        let killed: Vec<Q> = find(lang, text)
            .into_iter()
            .filter(|q| q.5 == Some(Killed))
            .collect();
        assert_eq!(killed.len(), 1, "{text}: {killed:?}");
        assert_eq!(killed[0].1, Some(1), "{text}: {killed:?}");
    }
    // A noun that is mostly an adjective is no count: "a local" said so.
    let killed: Vec<Q> = find(
        Lang::En,
        "It quoted a local as saying that two traders were killed.",
    )
    .into_iter()
    .filter(|q| q.5 == Some(Killed))
    .collect();
    assert_eq!(
        killed.iter().map(|q| q.1).collect::<Vec<_>>(),
        [Some(2)],
        "{killed:?}"
    );
}

/// The subject of a reporting verb counts speakers, not victims, in a list
/// or not; victims in a list are still each counted.
#[test]
fn the_speaker_after_the_victims_is_not_counted() {
    let texts = |lang, text| -> Vec<String> { find(lang, text).into_iter().map(|q| q.0).collect() };
    for (lang, text, wanted) in [
        (
            Lang::En,
            "Gunmen killed seven traders, a local official said.",
            vec!["seven traders"],
        ),
        (
            Lang::En,
            "Gunmen killed 7 traders, one resident told reporters.",
            vec!["7 traders"],
        ),
        (
            Lang::En,
            "They killed seven traders, three witnesses have said.",
            vec!["seven traders"],
        ),
        (
            Lang::En,
            "Gunmen killed seven traders and a herder, a local official said.",
            vec!["seven traders", "a herder"],
        ),
        (
            Lang::Fr,
            "Des hommes armés ont tué sept commerçants, un responsable local a déclaré.",
            vec!["sept commerçants"],
        ),
        (
            Lang::Fr,
            "Ils ont tué sept commerçants, deux témoins ont affirmé à l'AFP.",
            vec!["sept commerçants"],
        ),
        (
            Lang::Fr,
            "Des jihadistes ont tué douze soldats et un gendarme, a indiqué l'armée.",
            vec!["douze soldats", "un gendarme"],
        ),
        // The verb tells of the figure: a passive, or an outcome after it.
        (
            Lang::En,
            "Three women were reported killed in the attack.",
            vec!["Three women"],
        ),
        (
            Lang::En,
            "Two villagers reported dead as well.",
            vec!["Two villagers"],
        ),
        (
            Lang::Fr,
            "Trois femmes ont été signalées tuées dans l'attaque.",
            vec!["Trois femmes"],
        ),
    ] {
        assert_eq!(texts(lang, text), wanted, "{text}");
    }
}
