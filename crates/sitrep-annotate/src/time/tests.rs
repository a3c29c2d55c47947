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
        (Lang::En, "last Sunday", Shift::Last),
        (Lang::En, "next Sunday", Shift::Next),
    ] {
        assert_eq!(
            found(lang, text),
            [(text.to_string(), TimeExpr::Weekday { weekday: 7, shift })],
            "{text}"
        );
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
