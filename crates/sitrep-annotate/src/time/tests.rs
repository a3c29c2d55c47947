//! What the recogniser reads, as written: the shape of each expression.
//! Resolution against a publication date is tested in sitrep-resolve.

use super::*;
use crate::lexicon::LexiconSource;
use crate::text::{sentences, tokenize};

fn found(lang: Lang, text: &str) -> Vec<(String, TimeExpr)> {
    let src = LexiconSource::embedded();
    let seg = Segmentation::load(&src).expect("built-in segmentation data");
    let rec = TimeRecognizer::new(lang, &src).expect("built-in time data");
    let toks = tokenize(text, &seg);
    let sents = sentences(text, &toks, &seg);
    rec.find(text, &toks, &sents)
        .into_iter()
        .map(|m| (m.span.text(text).to_string(), m.expr))
        .collect()
}

fn date(day: Option<u8>, month: Option<u8>, year: Option<i16>) -> DateParts {
    DateParts {
        day,
        month,
        year,
        ..DateParts::default()
    }
}

#[test]
fn a_weekday_with_its_date_keeps_both() {
    let got = found(Lang::Fr, "Le lundi 26 août 2024, l'armée a frappé.");
    let want = DateParts {
        weekday: Some(1),
        ..date(Some(26), Some(8), Some(2024))
    };
    assert_eq!(
        got,
        [("lundi 26 août 2024".to_string(), TimeExpr::Date(want))]
    );
    let got = found(Lang::En, "On Monday, August 26, 2024, the army struck.");
    assert_eq!(
        got,
        [("Monday, August 26, 2024".to_string(), TimeExpr::Date(want))]
    );
}

#[test]
fn shift_words_before_and_after() {
    for (lang, text, shift) in [
        (Lang::Fr, "dimanche dernier", Shift::Last),
        (Lang::Fr, "ce dimanche", Shift::This),
        (Lang::Fr, "dimanche prochain", Shift::Next),
        (Lang::En, "this past Sunday", Shift::Last),
        (Lang::En, "this coming Sunday", Shift::Next),
    ] {
        assert_eq!(
            found(lang, text),
            [(text.to_string(), TimeExpr::Weekday { weekday: 7, shift })],
            "{text}"
        );
    }
    // English "last" and "next" before a weekday name a day of last or
    // next week.
    for (text, offset) in [("last Sunday", -1), ("next Sunday", 1)] {
        let week = TimeExpr::Period {
            unit: Unit::Week,
            offset,
            part: None,
        };
        let want = TimeExpr::PartOf {
            part: Part::Weekday(7),
            of: Box::new(week),
        };
        assert_eq!(found(Lang::En, text), [(text.to_string(), want)], "{text}");
    }
    let got = found(Lang::Fr, "en novembre dernier");
    let want = DateParts {
        shift: Shift::Last,
        ..date(None, Some(11), None)
    };
    assert_eq!(
        got,
        [("novembre dernier".to_string(), TimeExpr::Date(want))]
    );
}

#[test]
fn ranges_take_bare_days_and_lists_share_the_month() {
    let got = found(Lang::Fr, "du 1er au 4 mai");
    assert_eq!(
        got,
        [(
            "du 1er au 4 mai".to_string(),
            TimeExpr::Range {
                from: Box::new(TimeExpr::Date(date(Some(1), None, None))),
                to: Box::new(TimeExpr::Date(date(Some(4), Some(5), None))),
            }
        )]
    );
    let got = found(Lang::En, "on 1 and 4 May");
    assert_eq!(
        got,
        [(
            "1 and 4 May".to_string(),
            TimeExpr::List(vec![
                TimeExpr::Date(date(Some(1), None, None)),
                TimeExpr::Date(date(Some(4), Some(5), None)),
            ])
        )]
    );
    // "de ... et" does not make a range: "de" opens "à", "entre" opens "et".
    assert!(found(Lang::Fr, "un bilan de 2015 et 2016 morts").is_empty());
}

#[test]
fn nights_keep_both_days() {
    let got = found(Lang::Fr, "dans la nuit de jeudi à vendredi");
    assert_eq!(
        got,
        [(
            "dans la nuit de jeudi à vendredi".to_string(),
            TimeExpr::Night {
                first: Box::new(TimeExpr::Weekday {
                    weekday: 4,
                    shift: Shift::None
                }),
                second: Some(Box::new(TimeExpr::Weekday {
                    weekday: 5,
                    shift: Shift::None
                })),
            }
        )]
    );
}

#[test]
fn parts_spans_and_relative_words() {
    let got = found(Lang::Fr, "fin juillet");
    assert_eq!(
        got,
        [(
            "fin juillet".to_string(),
            TimeExpr::PartOf {
                part: Part::End,
                of: Box::new(TimeExpr::Date(date(None, Some(7), None))),
            }
        )]
    );
    assert_eq!(
        found(Lang::Fr, "il y a trois jours"),
        [(
            "il y a trois jours".to_string(),
            TimeExpr::Ago {
                count: 3,
                unit: Unit::Day
            }
        )]
    );
    assert_eq!(
        found(Lang::En, "two weeks ago"),
        [(
            "two weeks ago".to_string(),
            TimeExpr::Ago {
                count: 2,
                unit: Unit::Week
            }
        )]
    );
    assert_eq!(
        found(Lang::Fr, "le lendemain"),
        [("le lendemain".to_string(), TimeExpr::AnaphoricDay(1))]
    );
    assert_eq!(
        found(Lang::En, "yesterday"),
        [("yesterday".to_string(), TimeExpr::RelativeDay(-1))]
    );
}

#[test]
fn a_broken_data_file_names_the_file_and_the_entry() {
    let dir = std::env::temp_dir().join(format!("sitrep-time-data-{}", std::process::id()));
    let fr = dir.join("lang").join("fr");
    std::fs::create_dir_all(&fr).expect("temp dir");
    let text = LexiconSource::embedded()
        .text(Lang::Fr, "time.toml")
        .expect("built-in time data")
        .0
        .replace("janvier = 1", "janvier = 13");
    std::fs::write(fr.join("time.toml"), text).expect("write the data file");
    let err = TimeRecognizer::new(Lang::Fr, &LexiconSource::with_override_dir(&dir))
        .err()
        .expect("a month 13 is refused");
    let msg = err.to_string();
    assert!(
        msg.contains("time.toml") && msg.contains("janvier"),
        "{msg}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn ago(count: u32, unit: Unit) -> TimeExpr {
    TimeExpr::Ago { count, unit }
}

/// The dates found in `text`, with their text.
fn dates(lang: Lang, text: &str) -> Vec<(String, DateParts)> {
    found(lang, text)
        .into_iter()
        .filter_map(|(s, x)| match x {
            TimeExpr::Date(d) => Some((s, d)),
            _ => None,
        })
        .collect()
}

#[test]
fn counts_in_words_of_any_size() {
    for (lang, text, count, unit) in [
        (Lang::En, "twenty one days ago", 21, Unit::Day),
        (Lang::En, "forty-five days ago", 45, Unit::Day),
        (Lang::En, "a week ago", 1, Unit::Week),
        (Lang::Fr, "il y a vingt-deux jours", 22, Unit::Day),
        (Lang::Fr, "il y a trente et un jours", 31, Unit::Day),
        (Lang::Fr, "il y a soixante-dix ans", 70, Unit::Year),
        (Lang::Fr, "il y a un an", 1, Unit::Year),
    ] {
        assert_eq!(found(lang, text), [(text.to_string(), ago(count, unit))]);
    }
}

#[test]
fn days_in_words_next_to_a_month() {
    for (lang, text, want, day, month) in [
        (
            Lang::En,
            "The town fell on May twenty nine.",
            "May twenty nine",
            29,
            5,
        ),
        (
            Lang::En,
            "On March thirty the army withdrew.",
            "March thirty",
            30,
            3,
        ),
        (
            Lang::En,
            "By June twenty-two, the road was open.",
            "June twenty-two",
            22,
            6,
        ),
        (
            Lang::En,
            "On twenty four June, the road was cut.",
            "twenty four June",
            24,
            6,
        ),
        (
            Lang::En,
            "It ended on May twenty third.",
            "May twenty third",
            23,
            5,
        ),
        (
            Lang::En,
            "It ended on May twenty-third.",
            "May twenty-third",
            23,
            5,
        ),
        (
            Lang::Fr,
            "Le vingt-neuf mai, la ville est tombée.",
            "vingt-neuf mai",
            29,
            5,
        ),
        (
            Lang::Fr,
            "Le vingt neuf mai, la ville est tombée.",
            "vingt neuf mai",
            29,
            5,
        ),
        (
            Lang::Fr,
            "Le trente et un mars, l'armée est partie.",
            "trente et un mars",
            31,
            3,
        ),
    ] {
        assert_eq!(
            dates(lang, text),
            [(want.to_string(), date(Some(day), Some(month), None))],
            "{text}"
        );
    }
}

#[test]
fn counts_next_to_a_month_are_not_days() {
    for (lang, text, want, month) in [
        (Lang::En, "It was a May morning.", "May", 5),
        (
            Lang::En,
            "In March twenty soldiers were killed.",
            "March",
            3,
        ),
        (Lang::En, "In May twenty or thirty people fled.", "May", 5),
        (Lang::Fr, "En mai 29 personnes ont été tuées.", "mai", 5),
        (
            Lang::Fr,
            "En mai vingt-neuf personnes ont été tuées.",
            "mai",
            5,
        ),
    ] {
        assert_eq!(
            dates(lang, text),
            [(want.to_string(), date(None, Some(month), None))],
            "{text}"
        );
    }
    // The day is the one after the month.
    assert_eq!(
        dates(Lang::En, "Gunmen killed two May 3 near the border."),
        [("May 3".to_string(), date(Some(3), Some(5), None))]
    );
}

#[test]
fn years_in_words_after_a_month_or_a_day() {
    for (lang, text, want, day, month, year) in [
        (
            Lang::En,
            "The mine opened on June twelve nineteen fifty four.",
            "June twelve nineteen fifty four",
            Some(12),
            6,
            1954,
        ),
        (
            Lang::En,
            "It opened on twelve June nineteen fifty-four.",
            "twelve June nineteen fifty-four",
            Some(12),
            6,
            1954,
        ),
        (
            Lang::En,
            "On 3 July eighteen hundred twelve, the fort fell.",
            "3 July eighteen hundred twelve",
            Some(3),
            7,
            1812,
        ),
        (
            Lang::En,
            "The fort was built in May sixteen hundred and five.",
            "May sixteen hundred and five",
            None,
            5,
            1605,
        ),
        (
            Lang::En,
            "The rebels left in March two thousand and came back.",
            "March two thousand",
            None,
            3,
            2000,
        ),
        (
            Lang::En,
            "The treaty of April twenty twelve, signed in Accra, held.",
            "April twenty twelve",
            None,
            4,
            2012,
        ),
        (
            Lang::En,
            "It began on September first two thousand and nine.",
            "September first two thousand and nine",
            Some(1),
            9,
            2009,
        ),
        (
            Lang::Fr,
            "Le pont a ouvert le douze juin deux mille dix-huit.",
            "douze juin deux mille dix-huit",
            Some(12),
            6,
            2018,
        ),
        (
            Lang::Fr,
            "En juillet mil neuf cent quatre-vingt-quatre, le fort tomba.",
            "juillet mil neuf cent quatre-vingt-quatre",
            None,
            7,
            1984,
        ),
        (
            Lang::Fr,
            "Le trois mars dix-neuf cent soixante-deux, la guerre prit fin.",
            "trois mars dix-neuf cent soixante-deux",
            Some(3),
            3,
            1962,
        ),
        (
            Lang::Fr,
            "Le trois mars dix neuf soixante deux, la guerre prit fin.",
            "trois mars dix neuf soixante deux",
            Some(3),
            3,
            1962,
        ),
        (
            Lang::Fr,
            "Les rebelles sont partis en juin deux mille.",
            "juin deux mille",
            None,
            6,
            2000,
        ),
    ] {
        assert_eq!(
            dates(lang, text),
            [(want.to_string(), date(day, Some(month), Some(year)))],
            "{text}"
        );
    }
}

#[test]
fn years_in_words_after_a_year_word() {
    for (lang, text, want, year) in [
        (
            Lang::En,
            "The dam was built in nineteen eighty four.",
            "nineteen eighty four",
            1984,
        ),
        (
            Lang::En,
            "Since twenty fourteen, the road has been closed.",
            "twenty fourteen",
            2014,
        ),
        (
            Lang::En,
            "In two thousand and eight the mine closed.",
            "two thousand and eight",
            2008,
        ),
        (
            Lang::En,
            "The war began in eighteen hundred sixty one and ended later.",
            "eighteen hundred sixty one",
            1861,
        ),
        (
            Lang::Fr,
            "Le barrage date de l'an deux mille trois.",
            "deux mille trois",
            2003,
        ),
        (
            Lang::Fr,
            "En mil neuf cent quatre-vingt-dix, la mine a fermé.",
            "mil neuf cent quatre-vingt-dix",
            1990,
        ),
        (
            Lang::Fr,
            "Depuis dix-neuf cent soixante-douze, la route est fermée.",
            "dix-neuf cent soixante-douze",
            1972,
        ),
        (
            Lang::Fr,
            "La mine a fermé en dix neuf soixante douze.",
            "dix neuf soixante douze",
            1972,
        ),
        (
            Lang::Fr,
            "En deux mille quinze et en deux mille seize, rien.",
            "deux mille quinze",
            2015,
        ),
    ] {
        let got = dates(lang, text);
        assert_eq!(
            got.first(),
            Some(&(want.to_string(), date(None, None, Some(year)))),
            "{text}"
        );
    }
}

#[test]
fn counts_after_a_year_word_are_not_years() {
    for (lang, text) in [
        (
            Lang::En,
            "The strike ended in two thousand cases of cholera.",
        ),
        (Lang::En, "Aid came in two thousand."),
        (Lang::En, "The fighting ended in nineteen six."),
        (Lang::En, "Camps sprang up in nineteen ninety six villages."),
        (Lang::Fr, "Il a fui en deux mille quinze voitures."),
        (Lang::Fr, "Il a été reconstruit en deux mille."),
        (Lang::Fr, "Il a été arrêté en vingt minutes."),
    ] {
        assert!(
            dates(lang, text).is_empty(),
            "{text}: {:?}",
            found(lang, text)
        );
    }
    // After a month, a count followed by its noun is no year.
    assert_eq!(
        dates(Lang::En, "In May two thousand people fled."),
        [("May".to_string(), date(None, Some(5), None))]
    );
    assert_eq!(
        dates(Lang::Fr, "En mai deux mille personnes ont fui."),
        [("mai".to_string(), date(None, Some(5), None))]
    );
}
