//! Every construction of the time recogniser and resolver, in French and
//! English: what is found, and the interval it resolves to against a
//! publication date. Sentences are written for these tests.

use jiff::civil::Date;
use sitrep_annotate::lexicon::{LexiconSource, Segmentation};
use sitrep_annotate::text::{sentences, tokenize};
use sitrep_annotate::time::TimeRecognizer;
use sitrep_core::Lang;

/// (mention text, start, end, precision) for every mention of `text`.
fn read(lang: Lang, text: &str, published: Option<&str>) -> Vec<(String, String, String, u8)> {
    let src = LexiconSource::embedded();
    let seg = Segmentation::load(&src).expect("built-in segmentation data");
    let rec = TimeRecognizer::new(lang, &src).expect("built-in time data");
    let toks = tokenize(text, &seg);
    let sents = sentences(text, &toks, &seg);
    let mentions = rec.find(text, &toks, &sents);
    let published = published.map(|p| p.parse::<Date>().expect("test date"));
    let resolved = sitrep_resolve::time::resolve_all(&mentions, published);
    mentions
        .iter()
        .zip(resolved)
        .map(|(m, r)| match r {
            Some(r) => (
                m.span.text(text).to_string(),
                r.start.to_string(),
                r.end.to_string(),
                r.time_precision,
            ),
            None => (m.span.text(text).to_string(), "-".into(), "-".into(), 0),
        })
        .collect()
}

/// Asserts that `text` has exactly one mention, `found`, resolving to
/// `start..end` with `precision`.
#[track_caller]
fn one(
    lang: Lang,
    published: &str,
    text: &str,
    found: &str,
    start: &str,
    end: &str,
    precision: u8,
) {
    let got = read(lang, text, Some(published));
    assert_eq!(
        got,
        vec![(
            found.to_string(),
            start.to_string(),
            end.to_string(),
            precision
        )],
        "{text:?} published {published}"
    );
}

#[track_caller]
fn none(lang: Lang, text: &str) {
    let got = read(lang, text, Some("2024-08-26"));
    assert!(
        got.is_empty(),
        "{text:?} should have no time expression, got {got:?}"
    );
}

const FR: Lang = Lang::Fr;
const EN: Lang = Lang::En;
// A Monday.
const PUB: &str = "2024-08-26";

#[test]
fn full_and_partial_dates_fr() {
    one(
        FR,
        PUB,
        "Le lundi 26 août 2024, l'armée a frappé.",
        "lundi 26 août 2024",
        "2024-08-26",
        "2024-08-26",
        1,
    );
    one(
        FR,
        PUB,
        "Les tirs ont eu lieu le 12 août.",
        "12 août",
        "2024-08-12",
        "2024-08-12",
        1,
    );
    one(
        FR,
        PUB,
        "Il est arrivé le 1er mai.",
        "1er mai",
        "2024-05-01",
        "2024-05-01",
        1,
    );
    one(
        FR,
        PUB,
        "Le texte date du 22/04/2019.",
        "22/04/2019",
        "2019-04-22",
        "2019-04-22",
        1,
    );
    one(
        FR,
        PUB,
        "Publié le 2024-08-20 à Gao.",
        "2024-08-20",
        "2024-08-20",
        "2024-08-20",
        1,
    );
    // After publication: last year's.
    one(
        FR,
        "2024-01-02",
        "L'attaque du 30 décembre a fait dix morts.",
        "30 décembre",
        "2023-12-30",
        "2023-12-30",
        1,
    );
    // Even a few weeks ahead: a report tells what has happened.
    one(
        FR,
        PUB,
        "Le camp a été attaqué le 15 septembre.",
        "15 septembre",
        "2023-09-15",
        "2023-09-15",
        1,
    );
    // The weekday written with the date chooses the year.
    one(
        FR,
        "2024-01-10",
        "Le scrutin aura lieu le samedi 3 février.",
        "samedi 3 février",
        "2024-02-03",
        "2024-02-03",
        1,
    );
    one(
        FR,
        PUB,
        "Le 6 mai dernier, un convoi a sauté.",
        "6 mai dernier",
        "2024-05-06",
        "2024-05-06",
        1,
    );
    one(
        FR,
        PUB,
        "Il est mort en octobre 98.",
        "octobre 98",
        "1998-10-01",
        "1998-10-31",
        3,
    );
}

#[test]
fn full_and_partial_dates_en() {
    one(
        EN,
        PUB,
        "On February 22, gunmen attacked the village.",
        "February 22",
        "2024-02-22",
        "2024-02-22",
        1,
    );
    one(
        EN,
        PUB,
        "The raid of Feb. 22, 2021, killed six.",
        "Feb. 22, 2021",
        "2021-02-22",
        "2021-02-22",
        1,
    );
    one(
        EN,
        PUB,
        "Clashes broke out on 22 February.",
        "22 February",
        "2024-02-22",
        "2024-02-22",
        1,
    );
    one(
        EN,
        PUB,
        "It happened on the 3rd of August.",
        "3rd of August",
        "2024-08-03",
        "2024-08-03",
        1,
    );
    one(
        EN,
        PUB,
        "The memo is dated 04/22/2019.",
        "04/22/2019",
        "2019-04-22",
        "2019-04-22",
        1,
    );
    one(
        EN,
        PUB,
        "The convoy left on Monday, August 19.",
        "Monday, August 19",
        "2024-08-19",
        "2024-08-19",
        1,
    );
}

#[test]
fn weekdays_fr() {
    // Most recent on or before publication: "dimanche" read on Monday 26 August.
    one(
        FR,
        PUB,
        "Des frappes ont visé le village dimanche.",
        "dimanche",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    one(
        FR,
        PUB,
        "Des frappes ont visé le village lundi.",
        "lundi",
        "2024-08-26",
        "2024-08-26",
        1,
    );
    one(
        FR,
        PUB,
        "Ce dimanche, la ville était calme.",
        "Ce dimanche",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    one(
        FR,
        PUB,
        "Lundi dernier, un convoi a été attaqué.",
        "Lundi dernier",
        "2024-08-19",
        "2024-08-19",
        1,
    );
    one(
        FR,
        PUB,
        "Le sommet aura lieu jeudi prochain.",
        "jeudi prochain",
        "2024-08-29",
        "2024-08-29",
        1,
    );
    one(
        FR,
        PUB,
        "Les combats de dimanche 25, à Gao, ont cessé.",
        "dimanche 25",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    // A weekday and a day number pick the latest month where they agree.
    one(
        EN,
        PUB,
        "He was seen on Sunday the 31st.",
        "Sunday the 31st",
        "2024-03-31",
        "2024-03-31",
        1,
    );
}

#[test]
fn weekdays_en() {
    one(
        EN,
        PUB,
        "Gunmen attacked the village on Sunday.",
        "Sunday",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    one(
        EN,
        PUB,
        "Last Tuesday, a convoy was ambushed.",
        "Last Tuesday",
        "2024-08-20",
        "2024-08-20",
        1,
    );
    // "next Friday" is the Friday of next week ("this Friday" is this week's).
    one(
        EN,
        PUB,
        "Talks resume next Friday.",
        "next Friday",
        "2024-09-06",
        "2024-09-06",
        1,
    );
    one(
        EN,
        PUB,
        "It happened on Monday.",
        "Monday",
        "2024-08-26",
        "2024-08-26",
        1,
    );
}

#[test]
fn days_relative_to_publication_and_to_the_previous_date() {
    one(
        FR,
        PUB,
        "Hier, deux soldats ont été tués.",
        "Hier",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    one(
        FR,
        PUB,
        "Avant-hier, la route était coupée.",
        "Avant-hier",
        "2024-08-24",
        "2024-08-24",
        1,
    );
    one(
        EN,
        PUB,
        "Yesterday two soldiers were killed.",
        "Yesterday",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    let got = read(FR, "Le 12 août, le camp a été attaqué. Le lendemain, l'armée a riposté. La veille, des tracts circulaient.", Some(PUB));
    assert_eq!(
        got[1],
        (
            "Le lendemain".into(),
            "2024-08-13".into(),
            "2024-08-13".into(),
            1
        )
    );
    assert_eq!(
        got[2],
        (
            "La veille".into(),
            "2024-08-12".into(),
            "2024-08-12".into(),
            1
        )
    );
    let got = read(EN, "The camp was attacked on 12 August. The next day, the army struck back. The day before, leaflets had circulated.", Some(PUB));
    assert_eq!(
        got[1],
        (
            "The next day".into(),
            "2024-08-13".into(),
            "2024-08-13".into(),
            1
        )
    );
    assert_eq!(
        got[2],
        (
            "The day before".into(),
            "2024-08-12".into(),
            "2024-08-12".into(),
            1
        )
    );
    let got = read(
        FR,
        "Le 3 mars, un poste a été attaqué. Trois jours plus tard, le village a été pillé.",
        Some(PUB),
    );
    assert_eq!(
        got[1],
        (
            "Trois jours plus tard".into(),
            "2024-03-06".into(),
            "2024-03-06".into(),
            1
        )
    );
    let got = read(
        EN,
        "A post was attacked on 3 March. Two weeks later the village was looted.",
        Some(PUB),
    );
    assert_eq!(
        got[1],
        (
            "Two weeks later".into(),
            "2024-03-17".into(),
            "2024-03-17".into(),
            2
        )
    );
}

#[test]
fn an_earlier_event_counted_back_from_the_date_told_before() {
    // "came N days after <an event>": the event is N days before the date
    // just mentioned.
    let got = read(
        FR,
        "Le 13 mars, un poste a été attaqué. L'attaque survient dix jours après une frappe de drone.",
        Some(PUB),
    );
    assert_eq!(got[1].1, "2024-03-03");
    let got = read(
        EN,
        "A post was attacked on 13 March. The attack came two days after a drone strike.",
        Some(PUB),
    );
    assert_eq!(got[1].1, "2024-03-11");
}

#[test]
fn nights_across_two_days() {
    one(
        FR,
        PUB,
        "Dans la nuit de samedi à dimanche, le camp a été attaqué.",
        "Dans la nuit de samedi à dimanche",
        "2024-08-24",
        "2024-08-25",
        1,
    );
    one(
        FR,
        PUB,
        "La nuit du 25 au 26 juillet, des tirs ont éclaté.",
        "La nuit du 25 au 26 juillet",
        "2024-07-25",
        "2024-07-26",
        1,
    );
    one(
        EN,
        PUB,
        "On the night of Saturday to Sunday, the camp was attacked.",
        "On the night of Saturday to Sunday",
        "2024-08-24",
        "2024-08-25",
        1,
    );
    one(
        EN,
        PUB,
        "Overnight Thursday, shells fell on the town.",
        "Overnight Thursday",
        "2024-08-22",
        "2024-08-22",
        1,
    );
}

#[test]
fn ranges_and_lists() {
    one(
        FR,
        PUB,
        "Les combats ont duré du 1er au 4 mai.",
        "du 1er au 4 mai",
        "2024-05-01",
        "2024-05-04",
        2,
    );
    one(
        FR,
        PUB,
        "Entre le 25 et le 27 juillet, dix villages ont été pillés.",
        "Entre le 25 et le 27 juillet",
        "2024-07-25",
        "2024-07-27",
        2,
    );
    one(
        FR,
        PUB,
        "Du 28 juillet au 2 août, la route est restée fermée.",
        "Du 28 juillet au 2 août",
        "2024-07-28",
        "2024-08-02",
        2,
    );
    one(
        FR,
        PUB,
        "De janvier à mars 2020, les attaques ont doublé.",
        "De janvier à mars 2020",
        "2020-01-01",
        "2020-03-31",
        3,
    );
    one(
        FR,
        PUB,
        "Les 1er et 4 mai, des frappes ont visé Kidal.",
        "Les 1er et 4 mai",
        "2024-05-01",
        "2024-05-04",
        2,
    );
    one(
        FR,
        PUB,
        "La crise a duré de 2014 à 2018.",
        "de 2014 à 2018",
        "2014-01-01",
        "2018-12-31",
        3,
    );
    one(
        EN,
        PUB,
        "Between 25 and 27 July, ten villages were looted.",
        "Between 25 and 27 July",
        "2024-07-25",
        "2024-07-27",
        2,
    );
    one(
        EN,
        PUB,
        "Fighting lasted from 1 to 4 May.",
        "from 1 to 4 May",
        "2024-05-01",
        "2024-05-04",
        2,
    );
    one(
        EN,
        PUB,
        "Fighting lasted July 25-27 near Gao.",
        "July 25-27",
        "2024-07-25",
        "2024-07-27",
        2,
    );
    one(
        EN,
        PUB,
        "Strikes hit the town on 1 and 4 May.",
        "1 and 4 May",
        "2024-05-01",
        "2024-05-04",
        2,
    );
    // A range ends the day before publication when its start has no year.
    one(
        FR,
        "2024-01-05",
        "Du 28 décembre au 3 janvier, la ville a été encerclée.",
        "Du 28 décembre au 3 janvier",
        "2023-12-28",
        "2024-01-03",
        2,
    );
    // Full dates joined by "et" stay separate mentions.
    assert_eq!(
        read(
            FR,
            "Le 3 mai et le 5 juin, deux attaques ont eu lieu.",
            Some(PUB)
        )
        .len(),
        2
    );
}

#[test]
fn months_and_parts_of_months() {
    one(
        FR,
        PUB,
        "Fin juillet, le camp a été déplacé.",
        "Fin juillet",
        "2024-07-21",
        "2024-07-31",
        2,
    );
    one(
        FR,
        PUB,
        "Début août, l'armée est revenue.",
        "Début août",
        "2024-08-01",
        "2024-08-10",
        2,
    );
    one(
        FR,
        PUB,
        "À la mi-mars, les pluies ont commencé.",
        "À la mi-mars",
        "2024-03-11",
        "2024-03-20",
        2,
    );
    one(
        FR,
        PUB,
        "En novembre dernier, la base a été attaquée.",
        "novembre dernier",
        "2023-11-01",
        "2023-11-30",
        3,
    );
    one(
        FR,
        PUB,
        "C'est dans la même localité qu'en juillet.",
        "juillet",
        "2024-07-01",
        "2024-07-31",
        3,
    );
    one(
        FR,
        PUB,
        "Le retrait est prévu en juin prochain.",
        "juin prochain",
        "2025-06-01",
        "2025-06-30",
        3,
    );
    one(
        FR,
        PUB,
        "Le bilan de la fin du mois dernier est lourd.",
        "la fin du mois dernier",
        // The end of a period named from the publication is its second half.
        "2024-07-16",
        "2024-07-31",
        3,
    );
    one(
        EN,
        PUB,
        "By mid-March the rains had started.",
        "mid-March",
        "2024-03-11",
        "2024-03-20",
        2,
    );
    one(
        EN,
        PUB,
        "In late July the camp was moved.",
        "late July",
        "2024-07-21",
        "2024-07-31",
        2,
    );
    one(
        EN,
        PUB,
        "Attacks rose earlier this month.",
        "earlier this month",
        // The first half of the month, which ended before publication.
        "2024-08-01",
        "2024-08-15",
        3,
    );
    one(
        EN,
        PUB,
        "The base fell in the end of 2023.",
        "the end of 2023",
        "2023-09-01",
        "2023-12-31",
        3,
    );
}

#[test]
fn counts_in_hundreds_and_thousands_are_not_decades() {
    none(EN, "1000s of livestock were driven off by the raiders.");
    none(EN, "Raiders stole 100s of goats from the herders.");
    none(FR, "Des 1000s de déplacés ont fui les combats.");
    one(
        EN,
        PUB,
        "Cattle raids rose in the 2000s along the border.",
        "2000s",
        "2000-01-01",
        "2009-12-31",
        3,
    );
}

#[test]
fn years_and_decades() {
    one(
        FR,
        PUB,
        "En 2022, la force a quitté le pays.",
        "2022",
        "2022-01-01",
        "2022-12-31",
        3,
    );
    one(
        FR,
        PUB,
        "Le groupe est actif depuis 2023.",
        "2023",
        "2023-01-01",
        "2023-12-31",
        3,
    );
    one(
        FR,
        PUB,
        "Depuis l'année 2012, le nord est instable.",
        "2012",
        "2012-01-01",
        "2012-12-31",
        3,
    );
    one(
        EN,
        PUB,
        "In 2022 the force left the country.",
        "2022",
        "2022-01-01",
        "2022-12-31",
        3,
    );
    one(
        FR,
        PUB,
        "Dans les années 1990, la rébellion a repris.",
        "les années 1990",
        "1990-01-01",
        "1999-12-31",
        3,
    );
    one(
        FR,
        PUB,
        "Dans les années 90, la rébellion a repris.",
        "les années 90",
        "1990-01-01",
        "1999-12-31",
        3,
    );
    one(
        EN,
        PUB,
        "In the 1990s the rebellion resumed.",
        "1990s",
        "1990-01-01",
        "1999-12-31",
        3,
    );
}

#[test]
fn feasts() {
    one(
        FR,
        PUB,
        "À Noël, la ville était encerclée.",
        "Noël",
        "2023-12-25",
        "2023-12-25",
        1,
    );
    one(
        FR,
        PUB,
        "Le lundi de Pâques, un convoi a sauté.",
        "Le lundi de Pâques",
        "2024-04-01",
        "2024-04-01",
        1,
    );
    one(
        EN,
        PUB,
        "The truce held over Easter 2018.",
        "Easter 2018",
        "2018-04-01",
        "2018-04-01",
        1,
    );
    one(
        EN,
        PUB,
        "Two weeks before Christmas, the town fell.",
        "Two weeks before Christmas",
        "2023-12-11",
        "2023-12-11",
        2,
    );
}

#[test]
fn quarters_and_halves() {
    one(
        FR,
        PUB,
        "Au premier trimestre 2024, les attaques ont doublé.",
        "premier trimestre 2024",
        "2024-01-01",
        "2024-03-31",
        3,
    );
    one(
        FR,
        PUB,
        "Le trimestre dernier a été meurtrier.",
        "Le trimestre dernier",
        "2024-04-01",
        "2024-06-30",
        3,
    );
    one(
        EN,
        PUB,
        "Attacks doubled in Q1 2024.",
        "Q1 2024",
        "2024-01-01",
        "2024-03-31",
        3,
    );
    one(
        EN,
        PUB,
        "Attacks doubled in the second half of 2023.",
        "the second half of 2023",
        "2023-07-01",
        "2023-12-31",
        3,
    );
}

#[test]
fn relative_spans_and_periods() {
    one(
        FR,
        PUB,
        "Il y a un mois, le village a été attaqué.",
        "Il y a un mois",
        "2024-07-26",
        "2024-07-26",
        3,
    );
    one(
        FR,
        PUB,
        "Il y a trois jours, un bus a sauté.",
        "Il y a trois jours",
        "2024-08-23",
        "2024-08-23",
        1,
    );
    one(
        FR,
        PUB,
        "Il y a environ deux semaines, la ville est tombée.",
        "Il y a environ deux semaines",
        "2024-08-12",
        "2024-08-12",
        2,
    );
    one(
        EN,
        PUB,
        "Two weeks ago the town fell.",
        "Two weeks ago",
        "2024-08-12",
        "2024-08-12",
        2,
    );
    one(
        FR,
        PUB,
        "La semaine dernière, trois postes ont été attaqués.",
        "La semaine dernière",
        "2024-08-19",
        "2024-08-25",
        2,
    );
    one(
        FR,
        PUB,
        "Cette semaine, le calme est revenu.",
        "Cette semaine",
        "2024-08-26",
        "2024-09-01",
        2,
    );
    one(
        FR,
        PUB,
        "Le mois dernier, la route a été minée.",
        "Le mois dernier",
        "2024-07-01",
        "2024-07-31",
        3,
    );
    one(
        FR,
        PUB,
        "L'an dernier, l'armée s'est retirée.",
        "L'an dernier",
        "2023-01-01",
        "2023-12-31",
        3,
    );
    one(
        EN,
        PUB,
        "Last week three posts were attacked.",
        "Last week",
        "2024-08-19",
        "2024-08-25",
        2,
    );
    one(
        EN,
        PUB,
        "Last year the army withdrew.",
        "Last year",
        "2023-01-01",
        "2023-12-31",
        3,
    );
    one(
        FR,
        PUB,
        "Le week-end dernier, le marché a brûlé.",
        "Le week-end dernier",
        "2024-08-24",
        "2024-08-25",
        2,
    );
}

#[test]
fn seasons() {
    one(
        FR,
        PUB,
        "En été, les routes sont coupées.",
        "été",
        "2024-06-01",
        "2024-08-31",
        3,
    );
    one(
        FR,
        PUB,
        "L'hiver dernier, les combats ont repris.",
        "hiver dernier",
        "2023-12-01",
        "2024-02-29",
        3,
    );
    one(
        EN,
        PUB,
        "Last winter, fighting resumed.",
        "Last winter",
        "2023-12-01",
        "2024-02-29",
        3,
    );
    // A season after "de" qualifies a noun.
    none(FR, "Les Jeux d'hiver ont commencé.");
    // "été" after an auxiliary is a participle.
    none(FR, "Deux soldats ont été tués.");
}

#[test]
fn counts_times_of_day_and_durations_are_not_dates() {
    none(FR, "21 civils ont été tués, dont 11 enfants.");
    none(FR, "Plus de 2000 personnes ont fui.");
    none(FR, "Les combats ont duré pendant trois jours.");
    none(FR, "L'attaque a commencé à 10h30 et le score était 3-1.");
    none(FR, "Le convoi de 12 véhicules a été détruit.");
    none(FR, "Elle a mis fin aux combats.");
    none(
        EN,
        "Twenty-one civilians were killed, including 11 children.",
    );
    none(EN, "Fighting lasted for three days.");
    none(EN, "The attack began at 10:30 and may resume.");
    none(EN, "More than 2000 people fled.");
    none(FR, "Le bilan s'élevait à 2000.");
    none(EN, "The toll stood at 2000.");
    none(EN, "The town fell in two weeks.");
    // A count before "last week" is not a span.
    one(
        EN,
        PUB,
        "The toll rose to 3 last week.",
        "last week",
        "2024-08-19",
        "2024-08-25",
        2,
    );
    // After a month, a cardinal is a count, not a day.
    one(
        EN,
        PUB,
        "In March two soldiers were killed.",
        "March",
        "2024-03-01",
        "2024-03-31",
        3,
    );
    // "May" alone must be capitalised to be the month.
    none(EN, "Troops may leave soon.");
    none(EN, "The Sun reported the attack.");
}

#[test]
fn without_a_publication_date_only_absolute_dates_resolve() {
    let got = read(
        FR,
        "Le 12 août 2024, puis dimanche, l'armée a frappé.",
        None,
    );
    assert_eq!(
        got[0],
        (
            "12 août 2024".into(),
            "2024-08-12".into(),
            "2024-08-12".into(),
            1
        )
    );
    assert_eq!(got[1], ("dimanche".into(), "-".into(), "-".into(), 0));
}

#[test]
fn weekends_weeks_and_nights_with_day_numbers() {
    one(
        EN,
        PUB,
        "The market burned over the weekend.",
        "the weekend",
        "2024-08-24",
        "2024-08-25",
        2,
    );
    one(
        FR,
        PUB,
        "En début de semaine, le marché a brûlé.",
        "En début de semaine",
        "2024-08-26",
        "2024-08-27",
        2,
    );
    one(
        FR,
        PUB,
        "Dans la nuit du samedi 24 au dimanche 25 août, un camp a été attaqué.",
        "Dans la nuit du samedi 24 au dimanche 25 août",
        "2024-08-24",
        "2024-08-25",
        1,
    );
    one(
        FR,
        PUB,
        "Voici trois jours, le camp est tombé.",
        "Voici trois jours",
        "2024-08-23",
        "2024-08-23",
        1,
    );
}

#[test]
fn the_week_holding_a_date() {
    one(
        FR,
        PUB,
        "Les combats de la semaine du 10 avril ont fait dix morts.",
        "la semaine du 10 avril",
        "2024-04-08",
        "2024-04-14",
        2,
    );
    one(
        EN,
        PUB,
        "Fighting in the week of April 10th killed ten.",
        "the week of April 10th",
        "2024-04-08",
        "2024-04-14",
        2,
    );
    one(
        EN,
        PUB,
        "Attacks doubled in the first quarter of the year.",
        "the first quarter of the year",
        "2024-01-01",
        "2024-03-31",
        3,
    );
}

#[test]
fn centuries() {
    one(
        FR,
        PUB,
        "Au XIXe siècle, la ville était un comptoir.",
        "XIXe siècle",
        "1800-01-01",
        "1899-12-31",
        3,
    );
    one(
        FR,
        PUB,
        "Au 19e siècle, la ville était un comptoir.",
        "19e siècle",
        "1800-01-01",
        "1899-12-31",
        3,
    );
    one(
        EN,
        PUB,
        "In the 15th century the town was a trading post.",
        "15th century",
        "1400-01-01",
        "1499-12-31",
        3,
    );
}

#[test]
fn a_day_alone_after_on_the() {
    one(
        EN,
        PUB,
        "The attack took place on the 18th.",
        "on the 18th",
        "2024-08-18",
        "2024-08-18",
        1,
    );
    none(EN, "The 3rd Battalion left.");
    none(EN, "They met on the 3rd floor.");
}

#[test]
fn a_year_after_a_range_or_a_comma() {
    one(
        FR,
        PUB,
        "Je serai absent du 01/05 au 07/05, 2020.",
        "du 01/05 au 07/05, 2020",
        "2020-05-01",
        "2020-05-07",
        2,
    );
    let got = read(FR, "Du 1er au 4 mai, 2000 personnes ont fui.", Some(PUB));
    assert_eq!(
        got,
        [(
            "Du 1er au 4 mai".to_string(),
            "2024-05-01".to_string(),
            "2024-05-04".to_string(),
            2
        )]
    );
    let got = read(EN, "On May 4, 2000 people fled.", Some(PUB));
    assert_eq!(
        got,
        [(
            "May 4".to_string(),
            "2024-05-04".to_string(),
            "2024-05-04".to_string(),
            1
        )]
    );
}

/// Random sentences of date words, numbers and joins: the recogniser must
/// not panic, and its mentions must be ordered, apart and inside the text.
#[test]
fn random_word_salad_is_read_safely() {
    let words = [
        "le",
        "du",
        "au",
        "entre",
        "et",
        "les",
        "1er",
        "31",
        "29",
        "02",
        "2024",
        "1999",
        "99",
        "mai",
        "février",
        "sept",
        "dimanche",
        "dernier",
        "prochain",
        "nuit",
        "de",
        "à",
        "fin",
        "mi",
        "-",
        "/",
        ",",
        ".",
        "il",
        "y",
        "a",
        "deux",
        "semaines",
        "jours",
        "plus",
        "tard",
        "XIXe",
        "siècle",
        "années",
        "90",
        "Q1",
        "trimestre",
        "Pâques",
        "Noël",
        "the",
        "on",
        "last",
        "next",
        "May",
        "March",
        "Sunday",
        "Sat.",
        "ago",
        "between",
        "and",
        "from",
        "to",
        "2/29",
        "13",
        "45",
        "0",
        "9999",
        "hier",
        "lendemain",
        "semaine",
        "week",
        "of",
    ];
    let src = LexiconSource::embedded();
    let seg = Segmentation::load(&src).expect("built-in segmentation data");
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for lang in [FR, EN] {
        let rec = TimeRecognizer::new(lang, &src).expect("built-in time data");
        for _ in 0..1500 {
            let n = 3 + next() % 12;
            let text: Vec<&str> = (0..n).map(|_| words[next() % words.len()]).collect();
            let text = text.join(" ");
            let toks = tokenize(&text, &seg);
            let sents = sentences(&text, &toks, &seg);
            let mentions = rec.find(&text, &toks, &sents);
            let mut end = 0;
            for m in &mentions {
                assert!(m.span.start >= end && m.span.end <= text.len(), "{text:?}");
                end = m.span.end;
            }
            for published in [
                None,
                Some(Date::constant(2024, 2, 29)),
                Some(Date::constant(1, 1, 1)),
                Some(Date::constant(9999, 12, 31)),
            ] {
                let r = sitrep_resolve::time::resolve_all(&mentions, published);
                assert_eq!(r.len(), mentions.len());
            }
        }
    }
}

#[test]
fn a_day_alone_after_le() {
    one(
        FR,
        PUB,
        "L'attaque a eu lieu le 18.",
        "le 18",
        "2024-08-18",
        "2024-08-18",
        1,
    );
    one(
        FR,
        PUB,
        "L'attaque du 28 a eu lieu le 28, près de Gao.",
        "le 28",
        "2024-07-28",
        "2024-07-28",
        1,
    );
    none(FR, "Le 23e régiment est parti.");
    one(
        FR,
        PUB,
        "Il part le 01/01/2016.",
        "01/01/2016",
        "2016-01-01",
        "2016-01-01",
        1,
    );
    none(FR, "Il a compté le 23 soldats.");
}

#[test]
fn a_clause_that_looks_ahead_reads_dates_forward() {
    // PUB is Monday 26 August 2024.
    one(
        FR,
        PUB,
        "Une réunion est prévue le 16 juillet à Bruxelles.",
        "16 juillet",
        "2025-07-16",
        "2025-07-16",
        1,
    );
    one(
        FR,
        PUB,
        "La bibliothèque rouvrira ses portes en mars.",
        "mars",
        "2025-03-01",
        "2025-03-31",
        3,
    );
    one(
        FR,
        PUB,
        "Les élections se tiendront dimanche dans tout le pays.",
        "dimanche",
        "2024-09-01",
        "2024-09-01",
        1,
    );
    one(
        FR,
        PUB,
        "Le 3 février, le Parlement votera la loi.",
        "3 février",
        "2025-02-03",
        "2025-02-03",
        1,
    );
    one(
        EN,
        PUB,
        "The talks will resume on January 12 in Geneva.",
        "January 12",
        "2025-01-12",
        "2025-01-12",
        1,
    );
    one(
        EN,
        PUB,
        "The vote is scheduled for Sunday.",
        "Sunday",
        "2024-09-01",
        "2024-09-01",
        1,
    );
    one(
        EN,
        PUB,
        "The mission will end in two weeks.",
        "in two weeks",
        "2024-09-09",
        "2024-09-09",
        2,
    );
    // A day under way counts as ahead: "on Monday" read on a Monday.
    one(
        EN,
        PUB,
        "The convoy will leave on Monday.",
        "Monday",
        "2024-08-26",
        "2024-08-26",
        1,
    );
}

#[test]
fn past_clauses_and_other_clauses_still_read_back() {
    one(
        FR,
        PUB,
        "Une réunion a eu lieu le 16 juillet à Bruxelles.",
        "16 juillet",
        "2024-07-16",
        "2024-07-16",
        1,
    );
    // The cue is in another clause, after a break.
    one(
        EN,
        PUB,
        "Gunmen attacked the village on Sunday, and the army will investigate.",
        "Sunday",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    // The conditional of reported claims is no future.
    one(
        FR,
        PUB,
        "L'attaque aurait fait dix morts dimanche.",
        "dimanche",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    // A noun that ends like a future verb.
    one(
        FR,
        PUB,
        "La caméra a filmé l'attaque du 16 juillet.",
        "16 juillet",
        "2024-07-16",
        "2024-07-16",
        1,
    );
    // "in two weeks" with no future cue is a duration, not a date.
    none(EN, "They killed 50 people in two weeks.");
}

#[test]
fn this_month_is_the_publications() {
    one(
        FR,
        PUB,
        "Le sommet se tient cette décembre.",
        "cette décembre",
        "2024-12-01",
        "2024-12-31",
        3,
    );
    one(
        EN,
        PUB,
        "Fighting resumed this March.",
        "this March",
        "2024-03-01",
        "2024-03-31",
        3,
    );
}

#[test]
fn a_range_without_years_is_anchored_by_its_start() {
    // Under way at publication: the end falls after it.
    one(
        FR,
        PUB,
        "Le couvre-feu court du 20 août au 5 septembre.",
        "du 20 août au 5 septembre",
        "2024-08-20",
        "2024-09-05",
        3,
    );
    one(
        EN,
        PUB,
        "The curfew runs from 8/20 to 9/5.",
        "from 8/20 to 9/5",
        "2024-08-20",
        "2024-09-05",
        3,
    );
    // Across the new year, read on 2 January.
    one(
        FR,
        "2025-01-02",
        "Des combats ont eu lieu du 28 décembre au 3 janvier.",
        "du 28 décembre au 3 janvier",
        "2024-12-28",
        "2025-01-03",
        2,
    );
    // Months across the new year, over before publication: the last ones.
    one(
        EN,
        PUB,
        "The offensive lasted from May to March.",
        "from May to March",
        "2023-05-01",
        "2024-03-31",
        3,
    );
    // Looking ahead, a range already over moves to the next one.
    one(
        EN,
        PUB,
        "The drills will run from March to May.",
        "from March to May",
        "2025-03-01",
        "2025-05-31",
        3,
    );
}

#[test]
fn the_same_period_as_the_date_before() {
    let got = read(
        EN,
        "On March 3, 2021, the town fell; that year the army lost two more towns.",
        Some(PUB),
    );
    assert_eq!(
        got[1],
        (
            "that year".into(),
            "2021-01-01".into(),
            "2021-12-31".into(),
            3
        )
    );
    let got = read(
        FR,
        "Le 3 mars 2021, la ville est tombée. La même semaine, deux autres villes ont été prises.",
        Some(PUB),
    );
    assert_eq!(
        got[1],
        (
            "La même semaine".into(),
            "2021-03-01".into(),
            "2021-03-07".into(),
            2
        )
    );
    // With no date before, the publication's.
    one(
        EN,
        PUB,
        "Two attacks were reported the same month.",
        "the same month",
        "2024-08-01",
        "2024-08-31",
        3,
    );
}

#[test]
fn iso_week_numbers() {
    one(
        EN,
        PUB,
        "Sales fell in week 31.",
        "week 31",
        "2024-07-29",
        "2024-08-04",
        2,
    );
    one(
        FR,
        PUB,
        "Les combats ont repris la semaine 3 de 2023.",
        "la semaine 3 de 2023",
        "2023-01-16",
        "2023-01-22",
        2,
    );
    one(
        EN,
        PUB,
        "It peaked in week 27 of last year.",
        "week 27 of last year",
        "2023-07-03",
        "2023-07-09",
        2,
    );
    // A count after "the week" is no week number.
    let got = read(EN, "In the week 5 soldiers died.", Some(PUB));
    assert!(got.iter().all(|(t, ..)| !t.contains('5')), "{got:?}");
}

#[test]
fn fortnights_and_decades() {
    one(
        EN,
        PUB,
        "The town was retaken a fortnight ago.",
        "a fortnight ago",
        "2024-08-12",
        "2024-08-12",
        2,
    );
    one(
        EN,
        PUB,
        "Aid is expected next fortnight.",
        "next fortnight",
        "2024-09-09",
        "2024-09-22",
        2,
    );
    one(
        EN,
        PUB,
        "Elections may come in the next decade.",
        "the next decade",
        "2030-01-01",
        "2039-12-31",
        3,
    );
    one(
        FR,
        PUB,
        "Le conflit a marqué les deux dernières décennies.",
        "deux dernières décennies",
        "2004-08-26",
        "2024-08-26",
        3,
    );
}

#[test]
fn numeric_dates_with_spaces_and_a_short_year() {
    one(
        FR,
        PUB,
        "Il est né le 18 08 78.",
        "18 08 78",
        "1978-08-18",
        "1978-08-18",
        1,
    );
    one(
        FR,
        PUB,
        "Il reviendra le 18 08 78 à midi.",
        "18 08 78",
        "1978-08-18",
        "1978-08-18",
        1,
    );
    // Numbers without a padded one, before a word, are counts.
    let got = read(FR, "Bilan : 18 8 78 soldats.", Some(PUB));
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_french_month_then_day_needs_a_year() {
    one(
        FR,
        PUB,
        "Il est né novembre 23 de 1987.",
        "novembre 23 de 1987",
        "1987-11-23",
        "1987-11-23",
        1,
    );
    one(
        FR,
        PUB,
        "En mai 29 personnes ont été tuées.",
        "mai",
        "2024-05-01",
        "2024-05-31",
        3,
    );
}

#[test]
fn the_nth_day_or_month_of_a_period() {
    one(
        FR,
        PUB,
        "Le 4e jour de juillet 2023, le camp a été attaqué.",
        "4e jour de juillet 2023",
        "2023-07-04",
        "2023-07-04",
        1,
    );
    one(
        EN,
        PUB,
        "Talks will open on the 15th day of next month.",
        "15th day of next month",
        "2024-09-15",
        "2024-09-15",
        1,
    );
    one(
        EN,
        PUB,
        "The siege began in the third month of 2021.",
        "third month of 2021",
        "2021-03-01",
        "2021-03-31",
        3,
    );
}

#[test]
fn the_first_or_last_units_of_a_period() {
    one(
        FR,
        PUB,
        "Les dix premiers jours de mars ont été meurtriers.",
        "dix premiers jours de mars",
        "2024-03-01",
        "2024-03-10",
        2,
    );
    one(
        EN,
        PUB,
        "The first ten days of last year were calm.",
        "The first ten days of last year",
        "2023-01-01",
        "2023-01-10",
        2,
    );
    one(
        EN,
        PUB,
        "Fighting spread in the last four months of 2021.",
        "the last four months of 2021",
        "2021-09-01",
        "2021-12-31",
        3,
    );
    // Whole weeks: from the first Monday of 2021, back from the last Sunday of 2019.
    one(
        EN,
        PUB,
        "Camps filled in the first 2 weeks of 2021.",
        "the first 2 weeks of 2021",
        "2021-01-04",
        "2021-01-17",
        2,
    );
    one(
        FR,
        PUB,
        "Les 3 dernières semaines de 2019 ont été calmes.",
        "3 dernières semaines de 2019",
        "2019-12-09",
        "2019-12-29",
        3,
    );
}

#[test]
fn compound_spans_back_and_later() {
    one(
        EN,
        PUB,
        "The town fell 2 weeks and 2 days ago.",
        "2 weeks and 2 days ago",
        "2024-08-10",
        "2024-08-10",
        1,
    );
    one(
        FR,
        PUB,
        "Il y a deux ans et trois mois, la ville est tombée.",
        "Il y a deux ans et trois mois",
        "2022-05-26",
        "2022-05-26",
        3,
    );
    let got = read(
        EN,
        "The base fell on 3 March 2020. 1 year 2 months later it was retaken.",
        Some(PUB),
    );
    assert_eq!(
        got[1],
        (
            "1 year 2 months later".into(),
            "2021-05-03".into(),
            "2021-05-03".into(),
            3
        )
    );
    // A count that is not a unit ends the compound.
    let got = read(
        FR,
        "Il y a deux jours et trois soldats ont été tués.",
        Some(PUB),
    );
    assert_eq!(
        got,
        vec![(
            "Il y a deux jours".into(),
            "2024-08-24".into(),
            "2024-08-24".into(),
            1
        )]
    );
}

#[test]
fn counts_days_and_years_in_words() {
    one(
        EN,
        PUB,
        "The camp was emptied twenty one days ago.",
        "twenty one days ago",
        "2024-08-05",
        "2024-08-05",
        1,
    );
    one(
        FR,
        PUB,
        "Le camp a été vidé il y a vingt-deux jours.",
        "il y a vingt-deux jours",
        "2024-08-04",
        "2024-08-04",
        1,
    );
    one(
        EN,
        PUB,
        "The bridge reopened on July twenty nine.",
        "July twenty nine",
        "2024-07-29",
        "2024-07-29",
        1,
    );
    one(
        EN,
        PUB,
        "On twenty five January the convoy left.",
        "twenty five January",
        "2024-01-25",
        "2024-01-25",
        1,
    );
    one(
        FR,
        PUB,
        "Le vingt-neuf mai, le pont a rouvert.",
        "vingt-neuf mai",
        "2024-05-29",
        "2024-05-29",
        1,
    );
    one(
        EN,
        PUB,
        "The fort was taken on January twenty five nineteen eighty six.",
        "January twenty five nineteen eighty six",
        "1986-01-25",
        "1986-01-25",
        1,
    );
    one(
        EN,
        PUB,
        "On 9 May seventeen hundred thirty three, a fort was built.",
        "9 May seventeen hundred thirty three",
        "1733-05-09",
        "1733-05-09",
        1,
    );
    one(
        EN,
        PUB,
        "The rebels took the town in October two thousand.",
        "October two thousand",
        "2000-10-01",
        "2000-10-31",
        3,
    );
    one(
        EN,
        PUB,
        "The mine closed in nineteen hundred ninety three.",
        "nineteen hundred ninety three",
        "1993-01-01",
        "1993-12-31",
        3,
    );
    one(
        EN,
        PUB,
        "The border shut in two thousand and eleven, officials said.",
        "two thousand and eleven",
        "2011-01-01",
        "2011-12-31",
        3,
    );
    one(
        FR,
        PUB,
        "La frontière a fermé en deux mille onze.",
        "deux mille onze",
        "2011-01-01",
        "2011-12-31",
        3,
    );
    one(
        FR,
        PUB,
        "Le fort a été pris en mil neuf cent quatre-vingt-dix.",
        "mil neuf cent quatre-vingt-dix",
        "1990-01-01",
        "1990-12-31",
        3,
    );
    one(
        FR,
        PUB,
        "Le fort a été pris le dix mars dix-neuf cent soixante-douze.",
        "dix mars dix-neuf cent soixante-douze",
        "1972-03-10",
        "1972-03-10",
        1,
    );
    one(
        FR,
        PUB,
        "Le fort a été pris en dix neuf soixante douze.",
        "dix neuf soixante douze",
        "1972-01-01",
        "1972-12-31",
        3,
    );
    // Counts stay counts.
    one(
        EN,
        PUB,
        "It was a May morning when the shelling began.",
        "May",
        "2024-05-01",
        "2024-05-31",
        3,
    );
    none(EN, "The clinic treated patients in two thousand cases.");
    none(FR, "Le camp a été reconstruit en deux mille.");
    one(
        FR,
        PUB,
        "En mai 29 personnes ont été tuées.",
        "mai",
        "2024-05-01",
        "2024-05-31",
        3,
    );
    one(
        FR,
        PUB,
        "En mai deux mille personnes ont fui.",
        "mai",
        "2024-05-01",
        "2024-05-31",
        3,
    );
}

#[test]
fn english_last_and_next_weekdays_reach_another_week() {
    // Published on Thursday 29 August 2024.
    let thu = "2024-08-29";
    one(
        EN,
        thu,
        "It happened last Wednesday.",
        "last Wednesday",
        "2024-08-21",
        "2024-08-21",
        1,
    );
    one(
        EN,
        thu,
        "It happened this past Wednesday.",
        "this past Wednesday",
        "2024-08-28",
        "2024-08-28",
        1,
    );
    one(
        EN,
        thu,
        "Talks resume next Friday.",
        "next Friday",
        "2024-09-06",
        "2024-09-06",
        1,
    );
    one(
        EN,
        thu,
        "Talks resume this coming Friday.",
        "this coming Friday",
        "2024-08-30",
        "2024-08-30",
        1,
    );
    // French "dernier" is the nearest.
    one(
        FR,
        thu,
        "C'est arrivé mercredi dernier.",
        "mercredi dernier",
        "2024-08-28",
        "2024-08-28",
        1,
    );
}

#[test]
fn business_days_work_weeks_and_stretches_from_a_date() {
    one(
        EN,
        PUB,
        "Aid will arrive within the next 4 business days.",
        // "within" counts from the publication day.
        "within the next 4 business days",
        "2024-08-26",
        "2024-08-30",
        2,
    );
    one(
        EN,
        PUB,
        "Offices stay shut this working week.",
        "this working week",
        "2024-08-26",
        "2024-08-30",
        2,
    );
    one(
        EN,
        PUB,
        "A curfew holds for three days starting Monday.",
        "for three days starting Monday",
        "2024-08-26",
        "2024-08-28",
        2,
    );
    one(
        FR,
        PUB,
        "Le couvre-feu sera imposé pendant une semaine à partir du 2 septembre.",
        "pendant une semaine à partir du 2 septembre",
        "2024-09-02",
        "2024-09-08",
        2,
    );
    // "3 days from today" alone is a day, not a stretch.
    one(
        EN,
        PUB,
        "Talks end 3 days from today.",
        "3 days from today",
        "2024-08-29",
        "2024-08-29",
        1,
    );
}

#[test]
fn spans_with_an_article_and_compound_spans() {
    one(
        EN,
        PUB,
        "Fighting rose over the 3 past weeks.",
        "3 past weeks",
        "2024-08-05",
        "2024-08-26",
        3,
    );
    one(
        EN,
        PUB,
        "They fought for the last 3 months and 2 weeks.",
        "the last 3 months and 2 weeks",
        "2024-05-12",
        "2024-08-26",
        3,
    );
    // A count before "last week" is no span.
    let got = read(EN, "The toll rose to 3 last week.", Some(PUB));
    assert_eq!(
        got,
        vec![(
            "last week".into(),
            "2024-08-19".into(),
            "2024-08-25".into(),
            2
        )]
    );
}

#[test]
fn a_couple_of_units() {
    one(
        EN,
        PUB,
        "Raids grew over the past couple of weeks.",
        "the past couple of weeks",
        "2024-08-12",
        "2024-08-26",
        3,
    );
}

#[test]
fn hours_and_rough_counts() {
    one(
        FR,
        PUB,
        "Au cours des dernières 24 heures, deux attaques ont été signalées.",
        "des dernières 24 heures",
        "2024-08-25",
        "2024-08-26",
        2,
    );
    one(
        EN,
        PUB,
        "Two attacks were reported in the past 48 hours.",
        "the past 48 hours",
        "2024-08-24",
        "2024-08-26",
        2,
    );
    one(
        EN,
        PUB,
        "The blast came 3 hours ago.",
        "3 hours ago",
        "2024-08-26",
        "2024-08-26",
        1,
    );
    one(
        FR,
        PUB,
        "Il y a une dizaine de jours, un convoi a sauté sur une mine.",
        "Il y a une dizaine de jours",
        "2024-08-16",
        "2024-08-16",
        2,
    );
    one(
        EN,
        PUB,
        "About three days ago, the camp was raided.",
        "three days ago",
        "2024-08-23",
        "2024-08-23",
        2,
    );
    one(
        FR,
        PUB,
        "Les violences se sont multipliées courant mars.",
        "mars",
        "2024-03-01",
        "2024-03-31",
        3,
    );
}

#[test]
fn last_as_a_verb_is_no_span() {
    none(EN, "Power cuts could last 12 hours.");
    none(EN, "The curfew will last three days.");
}

#[test]
fn counts_beyond_the_calendar_resolve_to_nothing() {
    for text in [
        "The site was settled twenty thousand years ago.",
        "Peace will not come in a million years.",
        "Over the next four thousand decades the climate shifts.",
        "They fought for 999 business days starting Monday.",
    ] {
        // No panic; whatever is found resolves or not, within the calendar.
        let got = read(EN, text, Some(PUB));
        assert!(
            got.iter().all(|(_, s, ..)| s == "-" || s.len() == 10),
            "{text}: {got:?}"
        );
    }
    let got = read(FR, "Le site a été habité il y a cent mille ans.", Some(PUB));
    assert!(got.iter().all(|(_, s, ..)| s == "-"), "{got:?}");
    let got = read(
        EN,
        "The site was settled twenty thousand years ago.",
        Some(PUB),
    );
    assert_eq!(
        got,
        vec![(
            "twenty thousand years ago".into(),
            "-".into(),
            "-".into(),
            0
        )]
    );
}

#[test]
fn what_does_not_look_ahead() {
    // Reported speech between an opening date and the cue.
    one(
        EN,
        PUB,
        "On March 3, the government said it will rebuild the school.",
        "March 3",
        "2024-03-03",
        "2024-03-03",
        1,
    );
    one(
        FR,
        PUB,
        "Dimanche, le ministre a annoncé que l'armée renforcera sa présence.",
        "Dimanche",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    // A date in a noun phrase, or after a past participle.
    one(
        FR,
        PUB,
        "Une enquête sera ouverte sur le massacre du 16 juillet.",
        "16 juillet",
        "2024-07-16",
        "2024-07-16",
        1,
    );
    one(
        EN,
        PUB,
        "The government will bury the soldiers killed on Sunday.",
        "Sunday",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    // Not cues: "due to", "was going to", "comme prévu".
    one(
        EN,
        PUB,
        "The delay is due to heavy fighting on Sunday near Gao.",
        "Sunday",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    one(
        EN,
        PUB,
        "The convoy was going to Gao on Sunday when it was ambushed.",
        "Sunday",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    one(
        FR,
        PUB,
        "L'attaque a eu lieu comme prévu le 3 mars.",
        "3 mars",
        "2024-03-03",
        "2024-03-03",
        1,
    );
    // After an auxiliary, the participle stays in the clause.
    one(
        EN,
        PUB,
        "The vote will be postponed to Sunday.",
        "Sunday",
        "2024-09-01",
        "2024-09-01",
        1,
    );
    one(
        FR,
        PUB,
        "Le couvre-feu sera imposé dimanche.",
        "dimanche",
        "2024-09-01",
        "2024-09-01",
        1,
    );
    // Contracted auxiliaries.
    one(
        EN,
        PUB,
        "We'll meet on Sunday.",
        "Sunday",
        "2024-09-01",
        "2024-09-01",
        1,
    );
}

#[test]
fn near_misses_that_are_not_dates() {
    none(EN, "The UN said that week-long talks had failed.");
    none(EN, "The city has been without power since ten thirty.");
    let got = read(
        EN,
        "In the week 22-28 July, 14 civilians were killed.",
        Some(PUB),
    );
    assert_eq!(
        got,
        vec![(
            "22-28 July".into(),
            "2024-07-22".into(),
            "2024-07-28".into(),
            2
        )]
    );
    let got = read(
        EN,
        "Strikes killed 300 people in 10 days of October.",
        Some(PUB),
    );
    assert_eq!(
        got,
        vec![(
            "October".into(),
            "2023-10-01".into(),
            "2023-10-31".into(),
            3
        )]
    );
    let got = read(
        EN,
        "In March two and a half million people fled.",
        Some(PUB),
    );
    assert_eq!(
        got,
        vec![("March".into(), "2024-03-01".into(), "2024-03-31".into(), 3)]
    );
    let got = read(EN, "Authorities freed the 12 last week.", Some(PUB));
    assert_eq!(
        got,
        vec![(
            "last week".into(),
            "2024-08-19".into(),
            "2024-08-25".into(),
            2
        )]
    );
    one(
        EN,
        PUB,
        "Attacks doubled compared to the last three months.",
        "the last three months",
        "2024-05-26",
        "2024-08-26",
        3,
    );
    one(
        EN,
        PUB,
        "Figures for week 12, 2023 were revised.",
        "week 12, 2023",
        "2023-03-20",
        "2023-03-26",
        2,
    );
    // Week 53 of a year of 52 weeks.
    let got = read(EN, "Sales fell in week 53 of 2023.", Some(PUB));
    assert!(got.iter().all(|(_, s, ..)| s == "-"), "{got:?}");
}

#[test]
fn the_following_weekday_counts_from_the_date_before() {
    let got = read(
        EN,
        "Fighting began on 3 March 2024. The following Monday, troops withdrew.",
        Some(PUB),
    );
    assert_eq!(
        got[1],
        (
            "following Monday".into(),
            "2024-03-04".into(),
            "2024-03-04".into(),
            1
        )
    );
    let got = read(
        FR,
        "Les combats ont commencé le 6 mars 2024. Le lundi suivant, les troupes se sont retirées.",
        Some(PUB),
    );
    assert_eq!(
        got[1],
        (
            "lundi suivant".into(),
            "2024-03-11".into(),
            "2024-03-11".into(),
            1
        )
    );
}

#[test]
fn rough_stretches_and_days_of_a_period() {
    one(
        FR,
        PUB,
        "Quelques jours plus tard, le camp a été vidé.",
        "Quelques jours plus tard",
        "2024-08-29",
        "2024-08-29",
        2,
    );
    one(
        FR,
        PUB,
        "Il y a une vingtaine d'années, la ville est tombée.",
        "Il y a une vingtaine d'années",
        "2004-08-26",
        "2004-08-26",
        3,
    );
    one(
        FR,
        PUB,
        "Les pourparlers reprendront du 4 au 23 du mois prochain.",
        "4 au 23 du mois prochain",
        "2024-09-04",
        "2024-09-23",
        3,
    );
    one(
        FR,
        PUB,
        "Ils seront de sortie novembre 19-20.",
        "novembre 19-20",
        "2024-11-19",
        "2024-11-20",
        2,
    );
    one(
        EN,
        PUB,
        "Aid will come in the next 12 hours.",
        "the next 12 hours",
        "2024-08-26",
        "2024-08-26",
        1,
    );
}

#[test]
fn a_violent_event_ends_the_clause_that_looks_ahead() {
    one(
        EN,
        PUB,
        "The army said it will investigate the attack on Sunday.",
        "Sunday",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    one(
        FR,
        PUB,
        "L'armée enquêtera sur l'attaque survenue dimanche.",
        "dimanche",
        "2024-08-25",
        "2024-08-25",
        1,
    );
    // A date before an event noun names that event.
    one(
        EN,
        PUB,
        "The UN will investigate the July 16 massacre.",
        "July 16",
        "2024-07-16",
        "2024-07-16",
        1,
    );
    // Other nouns leave it open.
    one(
        EN,
        PUB,
        "The army will launch a new offensive on Sunday.",
        "Sunday",
        "2024-09-01",
        "2024-09-01",
        1,
    );
}

#[test]
fn halves_of_periods_under_way() {
    // PUB is Monday 26 August 2024.
    one(
        EN,
        PUB,
        "A ceasefire is hoped for by the end of the month.",
        "the end of the month",
        "2024-08-16",
        "2024-08-31",
        3,
    );
    one(
        FR,
        PUB,
        "Le retrait se fera à la fin de l'année.",
        "à la fin de l'année",
        "2024-07-01",
        "2024-12-31",
        3,
    );
    one(
        EN,
        PUB,
        "Talks resume at the end of the week.",
        "the end of the week",
        "2024-08-29",
        "2024-09-01",
        2,
    );
    one(
        EN,
        PUB,
        "Convoys will move later this week.",
        "later this week",
        "2024-08-29",
        "2024-09-01",
        2,
    );
    one(
        FR,
        PUB,
        "Le scrutin aura lieu plus tard cette année.",
        "plus tard cette année",
        "2024-08-26",
        "2024-12-31",
        3,
    );
    // Under way at publication: up to it, or from it.
    one(
        EN,
        "2024-08-07",
        "Two posts fell earlier this month.",
        "earlier this month",
        "2024-08-01",
        "2024-08-07",
        2,
    );
    one(
        EN,
        "2024-08-29",
        "Convoys will move later this week.",
        "later this week",
        "2024-08-29",
        "2024-09-01",
        2,
    );
    one(
        EN,
        PUB,
        "The bridge was shelled earlier last week.",
        "earlier last week",
        "2024-08-19",
        "2024-08-21",
        2,
    );
    // A named month or year keeps its thirds.
    one(
        EN,
        PUB,
        "The base was built at the end of 2000.",
        "the end of 2000",
        "2000-09-01",
        "2000-12-31",
        3,
    );
}

#[test]
fn the_period_alone_is_the_date_befores_or_the_publications() {
    one(
        EN,
        PUB,
        "It was the deadliest attack of the year.",
        "the year",
        "2024-01-01",
        "2024-12-31",
        3,
    );
    assert_eq!(
        read(
            EN,
            "Fighting broke out on 20 August. The toll for the day rose to nine.",
            Some(PUB)
        ),
        vec![
            (
                "20 August".into(),
                "2024-08-20".into(),
                "2024-08-20".into(),
                1
            ),
            (
                "for the day".into(),
                "2024-08-20".into(),
                "2024-08-20".into(),
                1
            ),
        ]
    );
    none(EN, "It was the day the war began.");
    // Not before "of", a number or "before": "the month of May", "the year
    // 2011", "the year before".
    one(
        EN,
        PUB,
        "The raid took place in the month of May.",
        "May",
        "2024-05-01",
        "2024-05-31",
        3,
    );
    one(
        EN,
        PUB,
        "Nothing changed in the year 2011.",
        "2011",
        "2011-01-01",
        "2011-12-31",
        3,
    );
    none(EN, "The year before the war, nothing moved.");
}

#[test]
fn feasts_that_move() {
    one(
        EN,
        PUB,
        "Shops were looted on Black Friday 2010.",
        "Black Friday 2010",
        "2010-11-26",
        "2010-11-26",
        1,
    );
    // The last Monday of May.
    one(
        EN,
        PUB,
        "Marches were held on Memorial Day.",
        "Memorial Day",
        "2024-05-27",
        "2024-05-27",
        1,
    );
    // Labor Day is 1 May in most of the world.
    one(
        EN,
        PUB,
        "Unions marched on Labor Day.",
        "Labor Day",
        "2024-05-01",
        "2024-05-01",
        1,
    );
    one(
        EN,
        PUB,
        "Talks will resume on Thanksgiving.",
        "Thanksgiving",
        "2024-11-28",
        "2024-11-28",
        1,
    );
    // The Islamic calendar, tabular: 10 Dhu al-Hijja 1445.
    one(
        FR,
        PUB,
        "L'attaque a eu lieu le jour de la Tabaski.",
        "la Tabaski",
        "2024-06-16",
        "2024-06-16",
        1,
    );
    one(
        FR,
        PUB,
        "Les attaques ont repris pendant le ramadan.",
        "le ramadan",
        "2024-03-10",
        "2024-04-08",
        3,
    );
    one(
        EN,
        "2022-06-17",
        "A truce was agreed for Eid al-Fitr.",
        "Eid al-Fitr",
        "2022-05-02",
        "2022-05-02",
        1,
    );
    one(
        EN,
        "2025-01-10",
        "Aid convoys will enter before Ramadan.",
        "Ramadan",
        "2025-02-28",
        "2025-03-29",
        3,
    );
}

#[test]
fn the_weekend_of_a_feast() {
    one(
        EN,
        "2021-11-09",
        "Clashes erupted over the weekend of Halloween.",
        "the weekend of Halloween",
        "2021-10-30",
        "2021-10-31",
        2,
    );
    one(
        EN,
        "2021-11-09",
        "Roads were closed for Memorial Day 2021 weekend.",
        "Memorial Day 2021 weekend",
        "2021-05-29",
        "2021-05-31",
        2,
    );
    one(
        EN,
        "2023-12-01",
        "Flights were cancelled over Thanksgiving weekend.",
        "Thanksgiving weekend",
        "2023-11-23",
        "2023-11-26",
        2,
    );
    one(
        FR,
        PUB,
        "Le village a été attaqué le week-end de Pâques 2024.",
        "le week-end de Pâques 2024",
        "2024-03-30",
        "2024-03-31",
        2,
    );
}

#[test]
fn a_weekday_in_the_week_a_span_leads_to() {
    // Wednesday 9 November 2016.
    one(
        EN,
        "2016-11-09",
        "I'll go back Monday two weeks from now.",
        "Monday two weeks from now",
        "2016-11-21",
        "2016-11-21",
        1,
    );
    one(
        EN,
        "2016-11-09",
        "The team will return in 3 days on Friday.",
        "in 3 days on Friday",
        "2016-11-11",
        "2016-11-11",
        1,
    );
    one(
        EN,
        "2019-11-07",
        "The vote was held the first week of October on Friday.",
        "the first week of October on Friday",
        "2019-10-04",
        "2019-10-04",
        1,
    );
    one(
        FR,
        PUB,
        "Vendredi, il y a deux semaines, le camp a été attaqué.",
        "Vendredi, il y a deux semaines",
        "2024-08-16",
        "2024-08-16",
        1,
    );
    // A span from an event that is no date stays apart from the weekday.
    assert_eq!(
        read(
            EN,
            "On Saturday, two days after the vote, troops withdrew.",
            Some(PUB)
        )
        .len(),
        2
    );
}

#[test]
fn a_weekday_with_a_numeric_date() {
    // "this" with a date names the publication year's.
    one(
        EN,
        "2018-06-20",
        "The patrol left this Friday-Jun-15 at dawn.",
        "this Friday-Jun-15",
        "2018-06-15",
        "2018-06-15",
        1,
    );
    // Two numbers joined by a dash after a weekday are a score or a tally.
    one(
        EN,
        PUB,
        "Arsenal beat Chelsea on Saturday 3-1.",
        "Saturday",
        "2024-08-24",
        "2024-08-24",
        1,
    );
    one(
        EN,
        "2018-08-07",
        "Talks are set for the week of the 18th.",
        "the week of the 18th",
        "2018-07-16",
        "2018-07-22",
        2,
    );
}

#[test]
fn years_in_lists_years_before_months_and_two_digit_years() {
    assert_eq!(
        read(EN, "Compare the harvests of 2007 and 2009.", Some(PUB)),
        vec![
            ("2007".into(), "2007-01-01".into(), "2007-12-31".into(), 3),
            ("2009".into(), "2009-01-01".into(), "2009-12-31".into(), 3),
        ]
    );
    none(EN, "The camps hold 2000 and 2050 people.");
    one(
        EN,
        PUB,
        "He went back to Gao in 2017 April.",
        "2017 April",
        "2017-04-01",
        "2017-04-30",
        3,
    );
    one(
        EN,
        PUB,
        "The register gives 03/18/40 as the date.",
        "03/18/40",
        "1940-03-18",
        "1940-03-18",
        1,
    );
    one(
        EN,
        PUB,
        "The register gives 03/18/39 as the date.",
        "03/18/39",
        "2039-03-18",
        "2039-03-18",
        1,
    );
}

#[test]
fn intentions_requests_and_time_look_ahead() {
    one(
        EN,
        PUB,
        "The mission ends in two weeks' time.",
        "in two weeks' time",
        "2024-09-09",
        "2024-09-09",
        2,
    );
    one(
        EN,
        PUB,
        "The government intends to hold the vote in 3 years.",
        "in 3 years",
        "2027-08-26",
        "2027-08-26",
        3,
    );
    one(
        EN,
        PUB,
        "Please schedule the briefing in 2 weeks.",
        "in 2 weeks",
        "2024-09-09",
        "2024-09-09",
        2,
    );
    // Without them, "in two weeks" is a duration.
    none(EN, "The militia killed 50 people in two weeks.");
    none(
        EN,
        "Residents want to know how the army retook the town in two weeks.",
    );
    one(
        EN,
        PUB,
        "He grew up in nineties Bamako.",
        "in nineties",
        "1990-01-01",
        "1999-12-31",
        3,
    );
}

#[test]
fn the_end_of_the_month_is_the_publications() {
    // A report that told of an earlier date still means the month it is
    // written in: background dates are common.
    assert_eq!(
        read(
            EN,
            "Fighting resumed on 3 March. By the end of the month, aid will arrive.",
            Some(PUB)
        ),
        vec![
            (
                "3 March".into(),
                "2024-03-03".into(),
                "2024-03-03".into(),
                1
            ),
            (
                "the end of the month".into(),
                "2024-08-16".into(),
                "2024-08-31".into(),
                3
            ),
        ]
    );
    assert_eq!(
        read(
            FR,
            "Les combats ont repris le 3 mars. À la fin du mois, l'aide arrivera.",
            Some(PUB)
        ),
        vec![
            ("3 mars".into(), "2024-03-03".into(), "2024-03-03".into(), 1),
            (
                "À la fin du mois".into(),
                "2024-08-16".into(),
                "2024-08-31".into(),
                3
            ),
        ]
    );
}

#[test]
fn a_month_and_a_day_as_one_word() {
    one(
        EN,
        PUB,
        "The firm sold the depot on Dec31, 1994.",
        "Dec31, 1994",
        "1994-12-31",
        "1994-12-31",
        1,
    );
    one(
        EN,
        PUB,
        "The convoy left on mar3 as planned.",
        "mar3",
        "2024-03-03",
        "2024-03-03",
        1,
    );
    // A name with a number is no date.
    none(EN, "M23 rebels and the G5 force met.");
}

#[test]
fn within_a_span_ahead_and_the_new_year() {
    one(
        EN,
        PUB,
        "The troops will leave within 9 months.",
        "within 9 months",
        "2024-08-26",
        "2025-05-26",
        3,
    );
    // Told of the past, a duration.
    none(EN, "Within three days, 40 people died.");
    one(
        EN,
        PUB,
        "Talks will resume 5 days before new year.",
        "5 days before new year",
        "2024-12-27",
        "2024-12-27",
        1,
    );
    // "the new year" is often the coming year, no day.
    none(EN, "Talks will resume in the new year.");
    one(
        EN,
        "2016-11-07",
        "The team will be out from 4-23 in next month.",
        "4-23 in next month",
        "2016-12-04",
        "2016-12-23",
        3,
    );
    // A feast that is a name needs a word before it.
    none(EN, "Tariq Ramadan spoke at the meeting.");
    none(FR, "Tariq Ramadan a parlé lors de la réunion.");
}

#[test]
fn review_cases_of_the_feasts_within_and_weekday_dates() {
    // A weekday with the date picks the year, even after "this".
    one(
        EN,
        "2024-12-30",
        "This Friday, January 3, the council will meet.",
        "This Friday, January 3",
        "2025-01-03",
        "2025-01-03",
        1,
    );
    one(
        EN,
        PUB,
        "Clashes on Saturday 24-25 August killed four.",
        "Saturday 24-25 August",
        "2024-08-24",
        "2024-08-25",
        2,
    );
    // Ramadan as a feast, and as a name.
    one(
        EN,
        PUB,
        "The Ramadan ceasefire collapsed.",
        "Ramadan",
        "2024-03-10",
        "2024-04-08",
        3,
    );
    none(EN, "Mr Ramadan said the talks failed.");
    // "within" told roughly, and from another date.
    one(
        EN,
        PUB,
        "Aid will arrive within a few days.",
        "within a few days",
        "2024-08-26",
        "2024-08-29",
        2,
    );
    none(EN, "Aid will arrive within 48 hours of the ceasefire.");
    none(EN, "At the end of the day, the government must decide.");
    // A possessive before a date keeps the clause looking ahead.
    one(
        EN,
        PUB,
        "The junta will hold the country's September 15 vote.",
        "September 15",
        "2024-09-15",
        "2024-09-15",
        1,
    );
}

#[test]
fn a_year_mistyped_beside_its_weekday_follows_the_weekday() {
    // 3 January 2025 was a Friday; in 2024 it was a Wednesday.
    one(
        FR,
        "2025-01-05",
        "Des hommes armés ont tué dix personnes vendredi 3 janvier 2024 à l'aube.",
        "vendredi 3 janvier 2024",
        "2025-01-03",
        "2025-01-03",
        1,
    );
    one(
        EN,
        "2025-01-05",
        "Gunmen killed ten people on Friday, January 3, 2024, at dawn.",
        "Friday, January 3, 2024",
        "2025-01-03",
        "2025-01-03",
        1,
    );
    // Read far from the publication, or with no weekday, the year stands.
    one(
        EN,
        "2026-06-01",
        "Gunmen killed ten people on Friday, January 3, 2024.",
        "Friday, January 3, 2024",
        "2024-01-03",
        "2024-01-03",
        1,
    );
    one(
        FR,
        "2025-01-05",
        "Des hommes armés ont tué dix personnes le 3 janvier 2024.",
        "3 janvier 2024",
        "2024-01-03",
        "2024-01-03",
        1,
    );
}

/// The interval of every mention of `text`, in order.
fn spans(lang: Lang, published: &str, text: &str) -> Vec<(String, String)> {
    read(lang, text, Some(published))
        .into_iter()
        .map(|(_, s, e, _)| (s, e))
        .collect()
}

#[test]
fn a_day_without_a_year_takes_the_year_told_for_its_month() {
    // Published days after the range began: the end, 30 April, lies ahead
    // of the publication, yet the text has said which April.
    let got = spans(
        FR,
        "2023-04-27",
        "En avril 2023, l'armée a lancé une opération. Entre le 20 et le 30 avril, elle a fouillé les villages.",
    );
    assert_eq!(
        got[1],
        ("2023-04-20".into(), "2023-04-30".into()),
        "{got:?}"
    );
    let got = spans(
        EN,
        "2023-04-27",
        "In April 2023 the army launched an operation. From 20 to 30 April it searched the villages.",
    );
    assert_eq!(
        got[1],
        ("2023-04-20".into(), "2023-04-30".into()),
        "{got:?}"
    );
    let got = spans(
        EN,
        "2024-02-10",
        "The report covers March 2022. On 14 March, troops entered the town.",
    );
    assert_eq!(
        got[1],
        ("2022-03-14".into(), "2022-03-14".into()),
        "{got:?}"
    );
    // Another month keeps the publication's reading.
    let got = spans(
        EN,
        "2024-02-10",
        "The report covers March 2022. On 4 February, troops entered the town.",
    );
    assert_eq!(
        got[1],
        ("2024-02-04".into(), "2024-02-04".into()),
        "{got:?}"
    );
}

#[test]
fn days_after_an_event_in_a_lead_counts_back_from_the_date_told_next() {
    let got = spans(
        FR,
        "2024-05-15",
        "Trois jours après l'embuscade de Kori, les soldats ont été visés lundi 13 mai.",
    );
    assert_eq!(
        got[0],
        ("2024-05-10".into(), "2024-05-10".into()),
        "{got:?}"
    );
    let got = spans(
        EN,
        "2024-05-15",
        "Two weeks after a raid on Kori, gunmen struck again on Monday, May 13.",
    );
    assert_eq!(
        got[0],
        ("2024-04-29".into(), "2024-04-29".into()),
        "{got:?}"
    );
    // With a date told before, it counts from that one, as before.
    let got = spans(
        EN,
        "2024-05-15",
        "The strike hit Kori on May 1. It came ten days after a drone strike, officials said on Monday.",
    );
    assert_eq!(
        got[1],
        ("2024-04-21".into(), "2024-04-21".into()),
        "{got:?}"
    );
}
