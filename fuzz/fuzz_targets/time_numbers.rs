//! Time expressions and numbers written in words, on arbitrary text, in
//! both languages; then every time expression found resolved against a
//! publication date (sitrep-resolve), across jiff's whole calendar range.
//!
//! Input: one byte for the date's kind (none, a day from 1900 on, or any
//! day jiff can hold), three for the day, then the text.
#![no_main]

use jiff::civil::Date;
use jiff::ToSpan;
use libfuzzer_sys::fuzz_target;
use sitrep_annotate::lexicon::{LexiconSource, Segmentation};
use sitrep_annotate::quantity::QuantityRecognizer;
use sitrep_annotate::text::{sentences, tokenize};
use sitrep_annotate::time::TimeRecognizer;
use sitrep_core::Lang;
use std::sync::OnceLock;

struct Recognisers {
    seg: Segmentation,
    langs: Vec<(TimeRecognizer, QuantityRecognizer)>,
}

fn recognisers() -> &'static Recognisers {
    static R: OnceLock<Recognisers> = OnceLock::new();
    R.get_or_init(|| {
        let src = LexiconSource::embedded();
        Recognisers {
            seg: Segmentation::load(&src).expect("built-in segmentation"),
            langs: Lang::ALL
                .iter()
                .map(|&l| {
                    (
                        TimeRecognizer::new(l, &src).expect("built-in time words"),
                        QuantityRecognizer::new(l, &src).expect("built-in number words"),
                    )
                })
                .collect(),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let [kind, d0, d1, d2, rest @ ..] = data else {
        return;
    };
    let n = u32::from_le_bytes([*d0, *d1, *d2, 0]);
    let published = match kind % 3 {
        0 => None,
        1 => Date::constant(1900, 1, 1)
            .checked_add(i64::from(n % 65_536).days())
            .ok(),
        _ => {
            let days = Date::MIN.until(Date::MAX).expect("span").get_days();
            Date::MIN
                .checked_add(i64::from(n % (days as u32 + 1)).days())
                .ok()
        }
    };
    let text = String::from_utf8_lossy(rest);
    let r = recognisers();
    let tokens = tokenize(&text, &r.seg);
    let sents = sentences(&text, &tokens, &r.seg);
    for (time, quantity) in &r.langs {
        let times = time.find(&text, &tokens, &sents);
        for m in &times {
            assert!(
                text.get(m.span.start..m.span.end).is_some(),
                "time span {:?} not in the text",
                m.span
            );
        }
        for i in sitrep_resolve::time::resolve_all(&times, published)
            .into_iter()
            .flatten()
        {
            assert!(i.start <= i.end, "interval {i:?} ends before it starts");
        }
        for m in quantity.find(&text, &tokens, &sents) {
            assert!(
                text.get(m.start..m.end).is_some(),
                "quantity span {}..{} not in the text",
                m.start,
                m.end
            );
        }
    }
});
